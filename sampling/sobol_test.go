package sampling_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

func newSobol(t testing.TB, m *model.Model) *sampling.Sobol {
	t.Helper()
	s, err := sampling.NewSobol(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// uniformModel has scalar uniform(0, 1) inputs a, b, c and a per-period
// uniform input g over 3 periods: 6 Sobol dimensions.
func uniformModel(t *testing.T) *model.Model {
	u := uniform(t, 0, 1)
	return &model.Model{Periods: 3, Inputs: []model.Input{
		{Name: "a", Dist: u}, {Name: "b", Dist: u}, {Name: "c", Dist: u}, {Name: "g", Dist: u, PerPeriod: true},
	}}
}

// allColumns fills blocks [0, blocks) and returns every (input, period)
// column concatenated in trial order.
func allColumns(s sampling.Sampler, m *model.Model, seed uint64, blocks int64) [][]float64 {
	cols := newCols(m, blockSize)
	var out [][]float64
	for _, c := range cols {
		for range c {
			out = append(out, nil)
		}
	}
	w := s.NewWorker()
	for b := range blocks {
		w.Fill(sampling.Block{Seed: seed, Index: b, First: b * blockSize, N: blockSize}, cols)
		k := 0
		for _, c := range cols {
			for _, p := range c {
				out[k] = append(out[k], p...)
				k++
			}
		}
	}
	return out
}

// TestSobolStratified: every aligned run of 2^k scrambled points, for k up
// to 14 (16 blocks), has exactly one point in each 1/2^k cell of every
// dimension, including those of a per-period input; and every value is
// strictly inside (0, 1).
func TestSobolStratified(t *testing.T) {
	m := uniformModel(t)
	for _, seed := range []uint64{1, *testSeed} {
		cols := allColumns(newSobol(t, m), m, seed, 16)
		for d, col := range cols {
			for _, u := range col {
				if !(u > 0 && u < 1) {
					t.Fatalf("seed %d dimension %d: value %v outside (0, 1)", seed, d, u)
				}
			}
			for k := 0; k <= 14; k++ {
				size := 1 << k
				for start := 0; start < len(col); start += size {
					hit := make([]bool, size)
					for _, u := range col[start : start+size] {
						c := int(u * float64(size))
						if hit[c] {
							t.Fatalf("seed %d dimension %d: points %d..%d put two in cell %d of %d",
								seed, d, start, start+size-1, c, size)
						}
						hit[c] = true
					}
				}
			}
		}
	}
}

// TestSobolNet2D: the first two dimensions of Sobol's sequence form a
// (0, m, 2)-net, and Owen scrambling keeps it one: in every block of 1024
// points, each elementary box of area 2^-10 ([i/2^a, (i+1)/2^a) ×
// [j/2^b, (j+1)/2^b) with a + b = 10) holds exactly one point.
func TestSobolNet2D(t *testing.T) {
	m := uniformModel(t)
	cols := allColumns(newSobol(t, m), m, *testSeed, 4)
	x, y := cols[0], cols[1]
	for blk := 0; blk < 4; blk++ {
		for a := 0; a <= 10; a++ {
			b := 10 - a
			hit := map[[2]int]bool{}
			for i := blk * 1024; i < (blk+1)*1024; i++ {
				box := [2]int{int(x[i] * float64(int(1)<<a)), int(y[i] * float64(int(1)<<b))}
				if hit[box] {
					t.Fatalf("block %d: two points in box %v of the %d×%d grid", blk, box, 1<<a, 1<<b)
				}
				hit[box] = true
			}
		}
	}
}

// TestSobolUniform: every point is uniform over the scramble. Point 0 and
// point 777 of three dimensions (the first, the second and a per-period
// one), across 4000 seeds, pass KS at level 0.001; and one seed's 2^16
// points of a normal input have its distribution.
func TestSobolUniform(t *testing.T) {
	m := uniformModel(t)
	s := newSobol(t, m)
	const seeds = 4000
	for _, idx := range []int{0, 777} {
		for _, d := range []int{0, 1, 5} {
			us := make([]float64, seeds)
			for k := range seeds {
				// A block of one trial at First = idx is point idx alone.
				cols := fill(s, sampling.Block{Seed: *testSeed + uint64(k), First: int64(idx), N: 1}, []int{1, 1, 1, 3})
				flat := [][]float64{cols[0][0], cols[1][0], cols[2][0], cols[3][0], cols[3][1], cols[3][2]}
				us[k] = flat[d][0]
			}
			if ks := ksStat(us, func(x float64) float64 { return min(max(x, 0), 1) }); ks > ksCritical(seeds) {
				t.Errorf("point %d dimension %d over %d seeds: KS %.3g above %.3g", idx, d, seeds, ks, ksCritical(seeds))
			}
		}
	}
	nd := must(distributions.NewNormal(3, 2))
	mn := scalarModel([]string{"x", "y"}, []distributions.Distribution{nd, must(distributions.NewRange(1, 4))})
	got := runColumns(newSobol(t, mn), mn, *testSeed, 0, 64)
	for i, d := range mn.Inputs {
		if ks := ksStat(got[i], d.Dist.CDF); ks > ksCritical(len(got[i])) {
			t.Errorf("%s: KS %.3g above %.3g", d.Dist, ks, ksCritical(len(got[i])))
		}
	}
}

// TestSobolReproducible: a block depends only on the seed, its position
// and the model; appending an input leaves the others' values unchanged;
// inputs that share a name share values; inserting an input before others
// moves them to other dimensions (documented).
func TestSobolReproducible(t *testing.T) {
	u := uniform(t, 0, 1)
	tri := must(distributions.NewTriangular(1, 2, 4))
	base := scalarModel([]string{"revenue", "cost"}, []distributions.Distribution{u, u})
	appended := scalarModel([]string{"revenue", "cost", "staff"}, []distributions.Distribution{u, u, tri})
	inserted := scalarModel([]string{"staff", "revenue", "cost"}, []distributions.Distribution{tri, u, u})
	joined := scalarModel([]string{"revenue", "cost", "revenue"}, []distributions.Distribution{u, u, tri})
	blk := sampling.Block{Seed: 5, Index: 3, First: 3 * 1024, N: 1024}
	c := fill(newSobol(t, base), blk, []int{1, 1})

	if got := fill(newSobol(t, appended), blk, []int{1, 1, 1}); !slices.Equal(got[0][0], c[0][0]) || !slices.Equal(got[1][0], c[1][0]) {
		t.Error("appending an input changed the others")
	}
	if got := fill(newSobol(t, inserted), blk, []int{1, 1, 1}); slices.Equal(got[1][0], c[0][0]) {
		t.Error("inserting an input before revenue left it in its dimension (the documentation says it moves)")
	}
	got := fill(newSobol(t, joined), blk, []int{1, 1, 1})
	for i := range got[0][0] {
		if tri.Quantile(got[0][0][i]) != got[2][0][i] {
			t.Fatal("two inputs named revenue did not share their uniforms")
		}
	}
	w := newSobol(t, base).NewWorker()
	cols := newCols(base, 1024)
	w.Fill(sampling.Block{Seed: 5, Index: 9, First: 9 * 1024, N: 1024}, cols)
	w.Fill(blk, cols)
	if !slices.Equal(cols[0][0], c[0][0]) {
		t.Error("a block depends on what the worker filled before")
	}
	// A short block is the prefix of the full one.
	short := blk
	short.N = 100
	if got := fill(newSobol(t, base), short, []int{1, 1}); !slices.Equal(got[0][0], c[0][0][:100]) {
		t.Error("a short block is not the prefix of the full block")
	}
	for _, other := range []sampling.Block{{Seed: 6, Index: 3, First: 3 * 1024, N: 1024}, {Seed: 5, Index: 4, First: 4 * 1024, N: 1024}} {
		if got := fill(newSobol(t, base), other, []int{1, 1}); slices.Equal(got[0][0], c[0][0]) {
			t.Errorf("block %+v gave the same values", other)
		}
	}
}

// TestSobolDimensionLimit: a model of SobolMaxDimensions dimensions is
// accepted, one more is refused with an error that says why.
func TestSobolDimensionLimit(t *testing.T) {
	u := uniform(t, 0, 1)
	for _, tt := range []struct {
		periods int
		ok      bool
	}{{sampling.SobolMaxDimensions - 1, true}, {sampling.SobolMaxDimensions, false}} {
		m := &model.Model{Periods: tt.periods, Inputs: []model.Input{{Name: "x", Dist: u}, {Name: "g", Dist: u, PerPeriod: true}}}
		_, err := sampling.NewSobol(m)
		if tt.ok != (err == nil) {
			t.Errorf("%d dimensions: error %v", tt.periods+1, err)
		}
		if err != nil && !strings.Contains(err.Error(), fmt.Sprint(tt.periods+1)) {
			t.Errorf("the error does not give the dimensions needed: %v", err)
		}
	}
}

// TestSobolReplicated: with replicates of 1024 trials every block is its
// own scrambled net (stratified alone, independent of the others), and
// Replicate numbers the replicates; replicates of 2^32 trials are NewSobol.
func TestSobolReplicated(t *testing.T) {
	m := uniformModel(t)
	r, err := sampling.NewSobolReplicated(m, 1024)
	if err != nil {
		t.Fatal(err)
	}
	cols := allColumns(r, m, 7, 2)
	b0, b1 := cols[0][:1024], cols[0][1024:]
	if slices.Equal(b0, b1) {
		t.Error("two replicates drew the same points")
	}
	// Within each replicate, the first 2^k points are stratified; across
	// the two, the 2048 points are not a net (two independent scrambles).
	hit := make([]int, 2048)
	for _, u := range cols[0] {
		hit[int(u*2048)]++
	}
	if !slices.Contains(hit, 2) {
		t.Error("two independent replicates formed a 2048-point net, as one scramble would")
	}
	for blk := range int64(4) {
		b := sampling.Block{Index: blk, First: blk * 1024, N: 1024}
		if got := r.Replicate(b); got != blk {
			t.Errorf("block %d: replicate %d", blk, got)
		}
		if got := newSobol(t, m).Replicate(b); got != 0 {
			t.Errorf("run-wide: block %d in replicate %d, want 0", blk, got)
		}
	}
	whole, err := sampling.NewSobolReplicated(m, 1<<32)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := allColumns(whole, m, 7, 2), allColumns(newSobol(t, m), m, 7, 2); !slices.Equal(a[3], b[3]) {
		t.Error("replicates of 2^32 trials differ from NewSobol")
	}
	for _, bad := range []int64{0, 1, 1000, 3 << 10, 1 << 33} {
		if _, err := sampling.NewSobolReplicated(m, bad); err == nil {
			t.Errorf("replicates of %d trials accepted", bad)
		}
	}
}
