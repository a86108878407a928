package sim

import (
	"context"
	"math"
	"testing"
)

func TestConvBucketOf(t *testing.T) {
	// b+1 = 1, 2, 3, 4, 5, 6, 8, 11, 12, 2^40, 2^40·1.5
	for _, tc := range []struct {
		b    int64
		want int
	}{{0, 0}, {1, 2}, {2, 3}, {3, 4}, {4, 4}, {5, 5}, {7, 6}, {10, 6}, {11, 7}, {1<<40 - 1, 80}, {3<<39 - 1, 81}} {
		if got := convBucketOf(tc.b); got != tc.want {
			t.Errorf("convBucketOf(%d) = %d, want %d", tc.b, got, tc.want)
		}
	}
}

// TestConvergence checks the running means: increasing trials, two points
// per doubling, the last equal to the run's mean bit for bit, each equal
// to the mean of that many first trials, and errors scaled from the final.
func TestConvergence(t *testing.T) {
	m := lossModel()
	const trials = 100*BlockSize + 7
	var firsts []float64
	sink := SinkFunc(func(b *Block) error {
		firsts = append(firsts, b.Outputs[0][0][:b.N]...)
		return nil
	})
	res, err := Run(context.Background(), m, Config{Trials: trials, Seed: 2, Workers: 3, Sinks: []Sink{sink}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Convergence
	buckets := map[int]bool{}
	for b := range Blocks(trials) {
		buckets[convBucketOf(b)] = true
	}
	if len(c) != len(buckets) {
		t.Fatalf("%d points, want %d", len(c), len(buckets))
	}
	final := res.Outputs[0].Final()
	last := c[len(c)-1]
	if last.Trials != trials || last.Mean != final.Mean || last.SE != final.MeanSE {
		t.Errorf("last point %+v, run: mean %v ± %v over %d", last, final.Mean, final.MeanSE, final.N)
	}
	for i, p := range c {
		if i > 0 && p.Trials <= c[i-1].Trials {
			t.Errorf("point %d: %d trials after %d", i, p.Trials, c[i-1].Trials)
		}
		var s float64
		for _, x := range firsts[:p.Trials] {
			s += x
		}
		if d := math.Abs(p.Mean - s/float64(p.Trials)); d > 1e-12 {
			t.Errorf("point %d (%d trials): mean %v, the first trials' %v", i, p.Trials, p.Mean, s/float64(p.Trials))
		}
		if want := final.MeanSE * math.Sqrt(float64(trials)/float64(p.Trials)); math.Abs(p.SE-want) > 1e-12*want {
			t.Errorf("point %d: SE %v, want %v", i, p.SE, want)
		}
	}
}
