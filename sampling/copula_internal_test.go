package sampling

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// TestCopulaDirectMarginals: under the Gaussian copula, normal and
// lognormal inputs take μ + σz and exp(μ + σz) of their normal score z
// exactly, with no round trip through Φ and the quantile (which leaves
// last-bit differences, and clips z at 8.3); a PERT input of the same name
// takes its score table's Q(Φ(z)). The first name's score is its own
// stream's ε (L₁₁ = 1), so the test rebuilds it.
func TestCopulaDirectMarginals(t *testing.T) {
	must := func(d distributions.Distribution, err error) distributions.Distribution {
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	m := &model.Model{Periods: 1}
	for i, d := range []distributions.Distribution{must(distributions.NewNormal(0, 1)), must(distributions.NewNormal(5, 2)),
		must(distributions.NewLogNormal(1, 0.5)), must(distributions.NewPERT(1, 2, 6)), must(distributions.NewNormal(0, 1))} {
		name := "r"
		if i == 4 {
			name = "c"
		}
		m.Inputs = append(m.Inputs, model.Input{Name: name, Dist: d, Slot: i})
	}
	s, err := NewCopula(m, Correlation{Names: []string{"r", "c"}, Matrix: [][]float64{{1, 0.4}, {0.4, 1}}}, GaussianCopula, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.scores[0][3] == nil {
		t.Fatal("the PERT input has no score table")
	}
	if s.l[0][0] != 1 {
		t.Fatalf("L₁₁ = %v", s.l[0][0])
	}
	cols := make([][][]float64, len(m.Inputs))
	for i := range cols {
		cols[i] = [][]float64{make([]float64, 1024)}
	}
	pert := must(distributions.NewPERT(1, 2, 6))
	mismatch := 0
	for blk := range int64(8) {
		b := Block{Seed: 7, Index: blk, First: blk * 1024, N: 1024}
		s.NewWorker().Fill(b, cols)
		pcg := &new(paddedPCG).PCG
		pcg.Seed(streamSeed(b.Seed, nameKey("r", copulaDomain), uint64(b.Index)))
		rng := rand.New(pcg)
		for i := range 1024 {
			z := rng.NormFloat64()
			if cols[0][0][i] != z || cols[1][0][i] != 5+2*z || cols[2][0][i] != math.Exp(1+0.5*z) {
				t.Fatalf("block %d trial %d: z %v gives %v, %v, %v; want z, 5+2z = %v, exp(1+z/2) = %v",
					blk, i, z, cols[0][0][i], cols[1][0][i], cols[2][0][i], 5+2*z, math.Exp(1+0.5*z))
			}
			if want := pert.Quantile(0.5 * math.Erfc(-z/math.Sqrt2)); math.Abs(cols[3][0][i]-want) > 1e-9 {
				t.Fatalf("block %d trial %d: PERT %v, want Q(Φ(z)) = %v", blk, i, cols[3][0][i], want)
			}
			var tab [1]float64
			if s.scores[0][3].Values(tab[:], []float64{z}); cols[3][0][i] != tab[0] {
				t.Fatalf("block %d trial %d: PERT %v, not its score table's %v", blk, i, cols[3][0][i], tab[0])
			}
			if q := must(distributions.NewNormal(0, 1)).Quantile(0.5 * math.Erfc(-z/math.Sqrt2)); q != z {
				mismatch++
			}
		}
	}
	t.Logf("the round trip Φ⁻¹(Φ(z)) differs from z in %d of 8192 trials", mismatch)
}
