package sampling_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sampling"
)

// TestDesignsConcurrent: workers of one sampler, filling blocks from
// several goroutines in different orders, give every block the same values
// as one worker filling them in order (run with -race: a sampler is shared
// and immutable, a worker's state its own).
func TestDesignsConcurrent(t *testing.T) {
	m, c := benchModel()
	sob := newSobol(t, m)
	ic, err := sampling.NewImanConover(m, c, sampling.NewLatinHypercube(m))
	if err != nil {
		t.Fatal(err)
	}
	tc, err := sampling.NewCopula(m, c, sampling.StudentTCopula, 4)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := sampling.NewCopula(m, c, sampling.GaussianCopula, 0)
	if err != nil {
		t.Fatal(err)
	}
	const blocks = 8
	for _, d := range []struct {
		name string
		s    sampling.Sampler
	}{{"iid", sampling.NewIID(m)}, {"lhs", sampling.NewLatinHypercube(m)}, {"sobol", sob}, {"iman-conover", ic}, {"t-copula", tc}, {"gaussian-copula", gc}} {
		t.Run(d.name, func(t *testing.T) {
			want := runColumns(d.s, m, 3, 0, blocks)
			got := make([][][][]float64, blocks) // per block, per input
			var wg sync.WaitGroup
			for g := range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w := d.s.NewWorker()
					for b := int64(blocks - 1 - g); b >= 0; b -= 3 { // backwards, interleaved
						cols := newCols(m, blockSize)
						w.Fill(sampling.Block{Seed: 3, Index: b, First: b * blockSize, N: blockSize}, cols)
						got[b] = cols
					}
				}()
			}
			wg.Wait()
			for b := range blocks {
				for i := range m.Inputs {
					if !slices.Equal(got[b][i][0], want[i][b*blockSize:(b+1)*blockSize]) {
						t.Fatalf("block %d input %d differs between workers", b, i)
					}
				}
			}
		})
	}
}
