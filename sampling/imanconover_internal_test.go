package sampling

import (
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// TestImanConoverFirstRanks: reading the first name's ranks from its
// score shuffle gives every input exactly the values the argsort of T's
// first column gives, in full blocks, a short block, and a block too
// short for the correction (n <= k).
func TestImanConoverFirstRanks(t *testing.T) {
	m := &model.Model{Periods: 1}
	for i, name := range []string{"a", "b", "c", "a"} {
		d, err := distributions.NewLogNormal(float64(i), 1)
		if err != nil {
			t.Fatal(err)
		}
		m.Inputs = append(m.Inputs, model.Input{Name: name, Dist: d, Slot: i})
	}
	corr := Correlation{Names: []string{"a", "b", "c"}, Matrix: [][]float64{{1, 0.5, -0.3}, {0.5, 1, 0.2}, {-0.3, 0.2, 1}}}
	s, err := NewImanConover(m, corr, nil)
	if err != nil {
		t.Fatal(err)
	}
	fast, slow := s.NewWorker(), s.NewWorker()
	slow.(*icWorker).argsortAll = true
	for _, b := range []Block{{Seed: 3, Index: 0, First: 0, N: 1024}, {Seed: 3, Index: 9, First: 9 * 1024, N: 1024}, {Seed: 3, Index: 2, First: 2048, N: 300}, {Seed: 3, Index: 4, First: 4096, N: 3}} {
		a, c := make([][][]float64, 4), make([][][]float64, 4)
		for i := range a {
			a[i], c[i] = [][]float64{make([]float64, b.N)}, [][]float64{make([]float64, b.N)}
		}
		fast.Fill(b, a)
		slow.Fill(b, c)
		for i := range a {
			if !slices.Equal(a[i][0], c[i][0]) {
				t.Fatalf("block %d (n=%d), input %d: the shuffle's ranks and the argsort disagree", b.Index, b.N, i)
			}
		}
	}
}
