package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/internal/floatorder"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// marginalsModel has a normal, a lognormal, a PERT and a Poisson input,
// and their sum as its output.
func marginalsModel(t *testing.T) *model.Model {
	b := newBuilder(1)
	dists := []distributions.Distribution{
		must(distributions.NewNormal(0, 1)),
		must(distributions.NewLogNormal(0, 1)),
		must(distributions.NewPERT(1, 2, 5)),
		must(distributions.NewPoisson(20)),
	}
	var slots []int
	for i, d := range dists {
		name := []string{"normal", "lognormal", "pert", "poisson"}[i]
		s := b.slot(name, false)
		b.m.Inputs = append(b.m.Inputs, model.Input{Name: name, Dist: d, Slot: s})
		slots = append(slots, s)
	}
	ab := b.op("", false, model.OpAdd, slots[0], slots[1], 0)
	cd := b.op("", false, model.OpAdd, slots[2], slots[3], 0)
	b.output("sum", b.op("sum", false, model.OpAdd, ab, cd, 0))
	return &b.m
}

// spearman is the sample Spearman correlation of xs and ys, with mid-ranks
// for ties.
func spearman(xs, ys []float64) float64 {
	rank := func(v []float64) []float64 {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return cmpFloat(v[a], v[b]) })
		r := make([]float64, len(v))
		for i := 0; i < len(idx); {
			j := i
			for j < len(idx) && v[idx[j]] == v[idx[i]] {
				j++
			}
			for k := i; k < j; k++ {
				r[idx[k]] = float64(i+j-1) / 2
			}
			i = j
		}
		return r
	}
	a, b := rank(xs), rank(ys)
	n := float64(len(a))
	var sa, sb, sab, saa, sbb float64
	for i := range a {
		sa, sb, sab, saa, sbb = sa+a[i], sb+b[i], sab+a[i]*b[i], saa+a[i]*a[i], sbb+b[i]*b[i]
	}
	return (sab/n - sa/n*sb/n) / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestRankCorrelationsAchieved correlates normal, lognormal, PERT and
// Poisson inputs by Iman–Conover and by a Gaussian copula, and checks the
// streamed rank correlation the run reports against the sample Spearman
// correlation of every trial (within 0.002: the grades' resolution and the
// Poisson's ties) and against the target (within 0.01).
func TestRankCorrelationsAchieved(t *testing.T) {
	m := marginalsModel(t)
	corr := sampling.Correlation{Names: []string{"normal", "lognormal", "pert", "poisson"}, Matrix: [][]float64{
		{1, 0.6, 0.3, -0.4},
		{0.6, 1, 0.2, -0.2},
		{0.3, 0.2, 1, 0.5},
		{-0.4, -0.2, 0.5, 1},
	}}
	trials := int64(400_000)
	if testing.Short() {
		trials = 100_000
	}
	pairs := [][2]int{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {2, 3}}
	for _, tc := range []struct {
		name    string
		sampler sampling.Sampler
	}{
		{"iman-conover", must(sampling.NewImanConover(m, corr, nil))},
		{"gaussian copula", must(sampling.NewCopula(m, corr, sampling.GaussianCopula, 0))},
	} {
		cols := make([][]float64, len(m.Inputs))
		sink := SinkFunc(func(b *Block) error {
			for i := range cols {
				cols[i] = append(cols[i], b.Inputs[i][0][:b.N]...)
			}
			return nil
		})
		res, err := Run(context.Background(), m, Config{Trials: trials, Seed: 5, Sampler: tc.sampler, RankPairs: pairs, Sinks: []Sink{sink}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.RankCorrelations) != len(pairs) {
			t.Fatalf("%s: %d rank correlations, want %d", tc.name, len(res.RankCorrelations), len(pairs))
		}
		for k, p := range pairs {
			rc := res.RankCorrelations[k]
			if rc.A != m.Inputs[p[0]].Name || rc.B != m.Inputs[p[1]].Name {
				t.Errorf("%s: pair %d is %s, %s", tc.name, k, rc.A, rc.B)
			}
			exact := spearman(cols[p[0]], cols[p[1]])
			if d := math.Abs(rc.Rho - exact); d > 0.002 {
				t.Errorf("%s %s, %s: streamed %.4f, sample Spearman %.4f", tc.name, rc.A, rc.B, rc.Rho, exact)
			}
			if d := math.Abs(rc.Rho - corr.Matrix[p[0]][p[1]]); d > 0.01 {
				t.Errorf("%s %s, %s: achieved %.4f, requested %v", tc.name, rc.A, rc.B, rc.Rho, corr.Matrix[p[0]][p[1]])
			}
		}
	}
}

// TestRankCorrelationsBitIdentical checks the measured correlations
// against worker counts, and through a split into shards read back and
// merged.
func TestRankCorrelationsBitIdentical(t *testing.T) {
	m := marginalsModel(t)
	corr := sampling.Correlation{Names: []string{"normal", "pert"}, Matrix: [][]float64{{1, 0.7}, {0.7, 1}}}
	cfg := Config{Trials: 30*BlockSize + 11, Seed: 9, Sampler: must(sampling.NewImanConover(m, corr, sampling.NewLatinHypercube(m))), RankPairs: [][2]int{{0, 2}, {1, 3}}}
	var want []RankCorrelation
	for _, w := range []int{1, 2, 7} {
		c := cfg
		c.Workers = w
		res, err := Run(context.Background(), m, c)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = res.RankCorrelations
		} else if !slices.Equal(res.RankCorrelations, want) {
			t.Errorf("%d workers: %v, want %v", w, res.RankCorrelations, want)
		}
	}
	whole, err := NewAggregate(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []BlockRange{{20, 31}, {0, 7}, {7, 20}} {
		c := cfg
		c.Blocks = r
		a, err := RunAggregate(context.Background(), m, c)
		if err != nil {
			t.Fatal(err)
		}
		if err := whole.Merge(roundTrip(t, a)); err != nil {
			t.Fatal(err)
		}
	}
	if got := whole.Result().RankCorrelations; !slices.Equal(got, want) {
		t.Errorf("merged shards: %v, want %v", got, want)
	}
	if _, err := Run(context.Background(), m, Config{Trials: 10, RankPairs: [][2]int{{0, 9}}}); err == nil {
		t.Error("a pair naming no input ran")
	}
}

// TestGrades checks the four-at-a-time search against grade, on a table
// with atoms (runs of equal quantiles) and values on, between and beyond
// the quantiles.
func TestGrades(t *testing.T) {
	q := make([]float64, gradeLevels)
	for k := range gradeLevels - 1 {
		q[k] = math.Floor(float64(k+1) / 100) // atoms: 100 quantiles per integer
	}
	q[gradeLevels-1] = math.Inf(1)
	var xs []float64
	for x := -1.5; x < 12; x += 0.25 {
		xs = append(xs, x)
	}
	xs = append(xs, math.Inf(-1), math.Inf(1), math.NaN())
	g := make([]int32, len(xs))
	keys := make([]uint64, len(q))
	for k, x := range q {
		keys[k] = floatorder.Key(x)
	}
	grades(g, q, keys, xs)
	for i, x := range xs {
		if want := grade(q, x); g[i] != want {
			t.Errorf("grades at %v = %d, grade %d", x, g[i], want)
		}
	}
	if got := grade(q, 3); got != 2*299+100+1 { // 299 quantiles below 3, 100 equal to it
		t.Errorf("grade of an atom: %d", got)
	}
}

// TestGradeIndex checks the direct index against the binary search (grade)
// on the grids of several marginals, at random draws, at every quantile
// and its neighbouring floats, and at ±0, ±Inf and NaN; and that the
// index is in use where it should be (smooth marginals) and not where
// atoms would defeat it.
func TestGradeIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name    string
		d       distributions.Distribution
		indexed bool
	}{
		{"normal", must(distributions.NewNormal(10, 2)), true},
		{"lognormal", must(distributions.NewLogNormal(0, 0.5)), true},
		{"lognormal-wide", must(distributions.NewLogNormal(0, 3)), true},
		{"uniform", must(distributions.NewUniform(-1, 1)), true},
		{"pert", must(distributions.NewPERT(1, 2, 5)), true},
		{"poisson", must(distributions.NewPoisson(20)), false},
	} {
		q := make([]float64, gradeLevels)
		for k := range gradeLevels - 1 {
			q[k] = tc.d.Quantile(float64(k+1) / gradeLevels)
		}
		q[gradeLevels-1] = math.Inf(1)
		keys := make([]uint64, gradeLevels+gradeScan-1)
		for k := range keys {
			keys[k] = floatorder.Key(math.Inf(1))
		}
		for k, x := range q {
			keys[k] = floatorder.Key(x)
		}
		ix := newGradeIndex(q, keys)
		if (ix.start != nil) != tc.indexed {
			t.Errorf("%s: indexed %v (byKey %v, fullest cell %d), want %v", tc.name, ix.start != nil, ix.byKey, ix.occupy, tc.indexed)
		}
		if ix.start == nil {
			continue
		}
		xs := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64}
		for _, x := range q[:gradeLevels-1] {
			xs = append(xs, x, math.Nextafter(x, math.Inf(-1)), math.Nextafter(x, math.Inf(1)))
		}
		for range 100000 {
			xs = append(xs, tc.d.Quantile(rng.Float64()))
		}
		g := make([]int32, len(xs))
		ix.grades(g, q, keys, xs)
		for i, x := range xs {
			if want := grade(q, x); g[i] != want {
				t.Fatalf("%s (byKey %v): index grade at %v = %d, search %d", tc.name, ix.byKey, x, g[i], want)
			}
		}
		t.Logf("%s: byKey %v, fullest cell %d", tc.name, ix.byKey, ix.occupy)
	}
}
