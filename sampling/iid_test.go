package sampling_test

import (
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

func uniform(t *testing.T, lo, hi float64) distributions.Distribution {
	d, err := distributions.NewUniform(lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fill returns the block's columns for m's inputs, periods per input.
func fill(s sampling.Sampler, b sampling.Block, periods []int) [][][]float64 {
	cols := make([][][]float64, len(periods))
	for i, p := range periods {
		for range p {
			cols[i] = append(cols[i], make([]float64, b.N))
		}
	}
	s.NewWorker().Fill(b, cols)
	return cols
}

// TestIIDCommonRandomNumbers: an input's draws depend on its name, the
// seed and the block only: not on its position, the other inputs, or the
// worker that fills the block.
func TestIIDCommonRandomNumbers(t *testing.T) {
	a := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "revenue", Dist: uniform(t, 0, 1)}, {Name: "cost", Dist: uniform(t, 0, 1)}}}
	b := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "staff", Dist: uniform(t, 5, 6)}, {Name: "cost", Dist: uniform(t, 0, 1)}, {Name: "revenue", Dist: uniform(t, 0, 1)}}}
	blk := sampling.Block{Seed: 9, Index: 3, First: 3 * 1024, N: 100}
	ca := fill(sampling.NewIID(a), blk, []int{1, 1})
	cb := fill(sampling.NewIID(b), blk, []int{1, 1, 1})
	if !slices.Equal(ca[0][0], cb[2][0]) || !slices.Equal(ca[1][0], cb[1][0]) {
		t.Error("an input's draws changed with its position or the other inputs")
	}
	if again := fill(sampling.NewIID(a), blk, []int{1, 1}); !slices.Equal(again[0][0], ca[0][0]) {
		t.Error("a second worker filled the block differently")
	}
	for _, other := range []sampling.Block{{Seed: 10, Index: 3, N: 100}, {Seed: 9, Index: 4, N: 100}} {
		if c := fill(sampling.NewIID(a), other, []int{1, 1}); slices.Equal(c[0][0], ca[0][0]) {
			t.Errorf("block %+v drew the same numbers", other)
		}
	}
	if slices.Equal(ca[0][0], ca[1][0]) {
		t.Error("two inputs drew the same numbers")
	}
}

// TestIIDPerPeriod: a per-period input draws independent values for every
// period, from the same stream, period after period.
func TestIIDPerPeriod(t *testing.T) {
	m := &model.Model{Periods: 3, Inputs: []model.Input{{Name: "g", Dist: uniform(t, 0, 1), PerPeriod: true}}}
	c := fill(sampling.NewIID(m), sampling.Block{Seed: 1, N: 50}, []int{3})
	if slices.Equal(c[0][0], c[0][1]) || slices.Equal(c[0][1], c[0][2]) {
		t.Error("periods drew the same values")
	}
}
