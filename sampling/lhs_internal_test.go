package sampling

import (
	"math"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// TestLatinHypercubePermutations: over 24,000 blocks of four trials, the
// 24 orders of the strata are equally likely (chi-square, 23 degrees of
// freedom, below its 0.001 point 49.7), and the position of u inside its
// stratum is uniform whatever the trial and the stratum (mean within
// 0.02 of 1/2, about five standard errors), so the swap index and the
// jitter that share each 64-bit draw are uniform and independent.
func TestLatinHypercubePermutations(t *testing.T) {
	d, err := distributions.NewUniform(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "u", Dist: d}}}
	w := NewLatinHypercube(m).NewWorker()
	const n, blocks = 4, 24000
	cols := [][][]float64{{make([]float64, n)}}
	counts := map[[n]int]int{}
	var within [n][n]float64 // per trial and stratum: Σ position in the stratum
	var seen [n][n]int
	for b := range int64(blocks) {
		w.Fill(Block{Seed: 1, Index: b, First: b * n, N: n}, cols)
		var key [n]int
		for j, u := range cols[0][0] {
			p := int(u * n)
			key[j] = p
			within[j][p] += u*n - float64(p)
			seen[j][p]++
		}
		counts[key]++
	}
	if len(counts) != 24 {
		t.Fatalf("%d distinct orders of the strata, want 24", len(counts))
	}
	var chi2 float64
	for _, c := range counts {
		chi2 += math.Pow(float64(c)-blocks/24, 2) / (blocks / 24)
	}
	if chi2 > 49.7 {
		t.Errorf("orders of the strata: chi-square %.1f above 49.7", chi2)
	}
	for j := range n {
		for p := range n {
			if mean := within[j][p] / float64(seen[j][p]); math.Abs(mean-0.5) > 0.02 {
				t.Errorf("trial %d, stratum %d: mean position %.4f", j, p, mean)
			}
		}
	}
}
