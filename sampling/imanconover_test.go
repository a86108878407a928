package sampling_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// mixedModel has four marginals of different shapes (normal, lognormal,
// discrete with 40 values, PERT) and an uncorrelated uniform.
func mixedModel() (*model.Model, sampling.Correlation) {
	vals, ws := make([]float64, 40), make([]float64, 40)
	for i := range vals {
		vals[i], ws[i] = float64(i+1), float64(i+1)
	}
	m := scalarModel([]string{"normal", "lognormal", "discrete", "pert", "free"}, []distributions.Distribution{
		must(distributions.NewNormal(100, 15)),
		must(distributions.NewLogNormal(0, 0.8)),
		must(distributions.NewDiscrete(vals, ws)),
		must(distributions.NewPERT(1, 2, 6)),
		must(distributions.NewUniform(0, 1)),
	})
	c := sampling.Correlation{
		Names: []string{"normal", "lognormal", "discrete", "pert"},
		Matrix: [][]float64{
			{1, 0.6, -0.3, 0.4},
			{0.6, 1, 0.2, 0.5},
			{-0.3, 0.2, 1, -0.1},
			{0.4, 0.5, -0.1, 1},
		},
	}
	return m, c
}

// checkSpearman compares the achieved rank correlations of the named
// columns with the target.
func checkSpearman(t *testing.T, got [][]float64, c sampling.Correlation, tol float64) {
	t.Helper()
	ranks := make([][]float64, len(c.Names))
	for i := range ranks {
		ranks[i] = midranks(got[i])
	}
	for i := range c.Names {
		for j := range i {
			r := pearson(ranks[i], ranks[j])
			t.Logf("%s–%s: Spearman %.4f, target %.2f", c.Names[i], c.Names[j], r, c.Matrix[i][j])
			if math.Abs(r-c.Matrix[i][j]) > tol {
				t.Errorf("%s–%s: Spearman %.4f, target %.2f ± %.3f", c.Names[i], c.Names[j], r, c.Matrix[i][j], tol)
			}
		}
	}
}

// TestImanConoverSpearman: the rank correlations achieved over many blocks
// match the target: within 0.01 over 1M trials (the tolerance the issue
// asks for; the exact correction leaves a per-block error well below the
// IID sampling error of a rank correlation, (1 − ρ²)/√n ≈ 0.7/√1024 =
// 0.02), and within 0.02 over 64K trials, also in -short mode.
func TestImanConoverSpearman(t *testing.T) {
	m, c := mixedModel()
	tests := []struct {
		name   string
		base   sampling.Sampler
		blocks int64
		tol    float64
	}{
		{"iid 64K", sampling.NewIID(m), 64, 0.02},
		{"lhs 64K", sampling.NewLatinHypercube(m), 64, 0.02},
		{"iid 1M", sampling.NewIID(m), 1000, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.blocks > 64 {
				t.Skip("1M trials: skipped in -short mode")
			}
			s, err := sampling.NewImanConover(m, c, tt.base)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("seed %d, %d blocks", *testSeed, tt.blocks)
			got := runColumns(s, m, *testSeed, 0, tt.blocks)
			checkSpearman(t, got[:4], c, tt.tol)
			if r := spearman(got[0], got[4]); math.Abs(r) > 4/math.Sqrt(float64(len(got[0]))) {
				t.Errorf("the uncorrelated input has Spearman %.4f with normal", r)
			}
		})
	}
}

// TestImanConoverMarginals: the reordering is a permutation: every block
// of every input holds exactly the base's values, and the inputs the
// correlation does not name keep the base's values in the base's order.
func TestImanConoverMarginals(t *testing.T) {
	m, c := mixedModel()
	for _, base := range []sampling.Sampler{sampling.NewIID(m), sampling.NewLatinHypercube(m), newSobol(t, m)} {
		s, err := sampling.NewImanConover(m, c, base)
		if err != nil {
			t.Fatal(err)
		}
		for _, blk := range []sampling.Block{{Seed: 3, Index: 0, N: 1024}, {Seed: 3, Index: 8, First: 8 * 1024, N: 1024}, {Seed: 4, Index: 9, First: 9 * 1024, N: 300}, {Seed: 4, Index: 9, First: 9 * 1024, N: 3}} {
			got := fill(s, blk, []int{1, 1, 1, 1, 1})
			want := fill(base, blk, []int{1, 1, 1, 1, 1})
			for i := range got {
				g, w := slices.Clone(got[i][0]), slices.Clone(want[i][0])
				if i == 4 {
					if !slices.Equal(g, w) {
						t.Errorf("%T block %+v: the uncorrelated input changed", base, blk)
					}
					continue
				}
				slices.Sort(g)
				slices.Sort(w)
				if !slices.Equal(g, w) {
					t.Errorf("%T block %+v: input %s is not a permutation of the base's values", base, blk, m.Inputs[i].Name)
				}
			}
			if again := fill(s, blk, []int{1, 1, 1, 1, 1}); !slices.Equal(again[1][0], got[1][0]) {
				t.Errorf("%T block %+v: a second worker filled it differently", base, blk)
			}
		}
	}
}

// TestImanConoverSharedName: two inputs with one name (a model.Join of a
// base and a variant) take the same ranks.
func TestImanConoverSharedName(t *testing.T) {
	m := scalarModel([]string{"revenue", "cost", "revenue"}, []distributions.Distribution{
		must(distributions.NewNormal(0, 1)), must(distributions.NewNormal(0, 1)), must(distributions.NewNormal(5, 2)),
	})
	s, err := sampling.NewImanConover(m, sampling.Correlation{Names: []string{"revenue", "cost"}, Matrix: [][]float64{{1, 0.7}, {0.7, 1}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := runColumns(s, m, *testSeed, 0, 4)
	if r := spearman(got[0], got[2]); r != 1 {
		t.Errorf("the two revenue inputs have Spearman %v, want 1", r)
	}
}

// TestCorrelatedSamplerErrors: the constructors refuse unknown and
// per-period inputs, naming them, and invalid matrices.
func TestCorrelatedSamplerErrors(t *testing.T) {
	u := uniform(t, 0, 1)
	m := &model.Model{Periods: 12, Inputs: []model.Input{
		{Name: "a", Dist: u}, {Name: "b", Dist: u}, {Name: "growth", Dist: u, PerPeriod: true},
	}}
	id := [][]float64{{1, 0.5}, {0.5, 1}}
	tests := []struct {
		name string
		c    sampling.Correlation
		want string
	}{
		{"unknown", sampling.Correlation{Names: []string{"a", "revenue"}, Matrix: id}, `"revenue" is not an input`},
		{"per-period", sampling.Correlation{Names: []string{"a", "growth"}, Matrix: id}, `"growth" is a per-period input`},
		{"invalid", sampling.Correlation{Names: []string{"a", "b"}, Matrix: [][]float64{{1, 2}, {2, 1}}}, "outside [-1, 1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err1 := sampling.NewImanConover(m, tt.c, nil)
			_, err2 := sampling.NewCopula(m, tt.c, sampling.GaussianCopula, 0)
			for _, err := range []error{err1, err2} {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v, want one containing %q", err, tt.want)
				}
			}
		})
	}
	ok := sampling.Correlation{Names: []string{"a", "b"}, Matrix: id}
	for _, nu := range []float64{0, -1, math.Inf(1), math.NaN()} {
		if _, err := sampling.NewCopula(m, ok, sampling.StudentTCopula, nu); err == nil {
			t.Errorf("t copula with ν = %v accepted", nu)
		}
	}
}
