package sampling_test

import (
	"math"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// TestLatinHypercubeStrata: in every block, every input and every period
// of a per-period input takes exactly one value in each of the N strata
// [j/N, (j+1)/N), for full and short blocks alike.
func TestLatinHypercubeStrata(t *testing.T) {
	m := &model.Model{Periods: 3, Inputs: []model.Input{
		{Name: "a", Dist: uniform(t, 0, 1)},
		{Name: "b", Dist: uniform(t, 0, 1)},
		{Name: "g", Dist: uniform(t, 0, 1), PerPeriod: true},
	}}
	s := sampling.NewLatinHypercube(m)
	tests := []struct {
		name string
		blk  sampling.Block
	}{
		{"full block", sampling.Block{Seed: 1, Index: 0, First: 0, N: 1024}},
		{"later block", sampling.Block{Seed: 1, Index: 977, First: 977 * 1024, N: 1024}},
		{"short last block", sampling.Block{Seed: 2, Index: 5, First: 5 * 1024, N: 1000}},
		{"odd size", sampling.Block{Seed: 3, Index: 1, First: 1024, N: 7}},
		{"one trial", sampling.Block{Seed: 4, Index: 2, First: 2048, N: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols := fill(s, tt.blk, []int{1, 1, 3})
			for i, in := range cols {
				for p, col := range in {
					hit := make([]int, tt.blk.N)
					for _, u := range col {
						if !(u > 0 && u < 1) {
							t.Fatalf("input %d period %d: value %v outside (0, 1)", i, p, u)
						}
						hit[int(u*float64(tt.blk.N))]++
					}
					for j, h := range hit {
						if h != 1 {
							t.Fatalf("input %d period %d: stratum %d holds %d values, want 1", i, p, j, h)
						}
					}
				}
			}
			if tt.blk.N > 1 && slices.Equal(cols[2][0], cols[2][1]) {
				t.Error("two periods drew the same values")
			}
		})
	}
}

// TestLatinHypercubeMarginals: over 64 blocks, each input's values have its
// distribution (KS at level 0.001; stratification makes the statistic far
// smaller than under IID, so the test has a large margin).
func TestLatinHypercubeMarginals(t *testing.T) {
	seed := *testSeed
	t.Logf("seed %d", seed)
	ds := []distributions.Distribution{
		must(distributions.NewNormal(10, 2)),
		must(distributions.NewRange(3.5, 4.5)),
		must(distributions.NewTriangular(1.2, 1.3, 1.6)),
		must(distributions.NewPERT(1, 2, 5)),
		must(distributions.NewExponential(0.5)),
	}
	m := scalarModel([]string{"normal", "range", "triangular", "pert", "exponential"}, ds)
	got := runColumns(sampling.NewLatinHypercube(m), m, seed, 0, 64)
	for i, d := range ds {
		t.Run(d.String(), func(t *testing.T) {
			ks := ksStat(got[i], d.CDF)
			if crit := ksCritical(len(got[i])); ks > crit {
				t.Errorf("KS statistic %.3g above the 0.001 critical value %.3g", ks, crit)
			}
			// The block mean of an LHS sample of a monotone quantile is
			// much closer to the mean than an IID mean (sd/√n): check the
			// overall mean to 1/10 of the IID standard error.
			if v, ok := d.(interface{ Variance() float64 }); ok {
				se := math.Sqrt(v.Variance() / float64(len(got[i])))
				if e := math.Abs(meanOf(got[i]) - d.Mean()); e > se/10 {
					t.Errorf("mean off by %.3g, more than a tenth of the IID standard error %.3g", e, se)
				}
			}
		})
	}
}

// TestLatinHypercubeReproducible: a block's values depend on the seed, the
// block and each input's name only: not on the worker, the input's
// position or the other inputs.
func TestLatinHypercubeReproducible(t *testing.T) {
	a := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "revenue", Dist: uniform(t, 0, 1)}, {Name: "cost", Dist: uniform(t, 0, 1)}}}
	b := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "staff", Dist: uniform(t, 5, 6)}, {Name: "cost", Dist: uniform(t, 0, 1)}, {Name: "revenue", Dist: uniform(t, 0, 1)}}}
	blk := sampling.Block{Seed: 9, Index: 3, First: 3 * 1024, N: 1024}
	ca := fill(sampling.NewLatinHypercube(a), blk, []int{1, 1})
	cb := fill(sampling.NewLatinHypercube(b), blk, []int{1, 1, 1})
	if !slices.Equal(ca[0][0], cb[2][0]) || !slices.Equal(ca[1][0], cb[1][0]) {
		t.Error("an input's values changed with its position or the other inputs")
	}
	if again := fill(sampling.NewLatinHypercube(a), blk, []int{1, 1}); !slices.Equal(again[0][0], ca[0][0]) {
		t.Error("a second worker filled the block differently")
	}
	// A worker that filled other blocks first fills this one alike.
	w := sampling.NewLatinHypercube(a).NewWorker()
	cols := [][][]float64{{make([]float64, 1024)}, {make([]float64, 1024)}}
	w.Fill(sampling.Block{Seed: 9, Index: 7, First: 7 * 1024, N: 1000}, cols)
	w.Fill(blk, cols)
	if !slices.Equal(cols[0][0], ca[0][0]) {
		t.Error("a block depends on what the worker filled before")
	}
	for _, other := range []sampling.Block{{Seed: 10, Index: 3, N: 1024}, {Seed: 9, Index: 4, N: 1024}} {
		if c := fill(sampling.NewLatinHypercube(a), other, []int{1, 1}); slices.Equal(c[0][0], ca[0][0]) {
			t.Errorf("block %+v drew the same values", other)
		}
	}
	if iid := fill(sampling.NewIID(a), blk, []int{1, 1}); slices.Equal(iid[0][0], ca[0][0]) {
		t.Error("LHS drew IID's values")
	}
}
