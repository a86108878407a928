package sim

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// collector is a Sink that keeps the final values of output 0.
type collector struct{ xs []float64 }

func (c *collector) Consume(b *Block) error {
	o := b.Outputs[0]
	c.xs = append(c.xs, o[len(o)-1][:b.N]...)
	return nil
}

// TestPercentilesAtAnyLocation: the percentiles, CDF and expected
// shortfall of normal(loc, scale) outputs match the exact order statistics
// of the very trials run, to well below their Monte Carlo error, for
// location/scale ratios from 0 to 1e9 and either sign.
func TestPercentilesAtAnyLocation(t *testing.T) {
	trials := int64(1 << 20)
	if testing.Short() {
		trials = 1 << 16
	}
	for _, tc := range []struct{ loc, scale float64 }{
		{0, 1}, {5, 0.6}, {1e3, 1}, {1e6, 10}, {-1e9, 1e5}, {1e9, 1}, {3e-6, 1e-9}, {1e15, 3},
	} {
		b := newBuilder(1)
		x := b.slot("x", false)
		d, err := distributions.NewNormal(tc.loc, tc.scale)
		if err != nil {
			t.Fatal(err)
		}
		b.m.Inputs = append(b.m.Inputs, model.Input{Name: "x", Dist: d, Slot: x})
		b.output("x", x, tc.loc+tc.scale)
		col := &collector{}
		r, err := Run(context.Background(), &b.m, Config{Trials: trials, Seed: 3, Workers: 2, Sinks: []Sink{col}})
		if err != nil {
			t.Fatal(err)
		}
		s := r.Outputs[0].Final()
		sorted := slices.Clone(col.xs)
		slices.Sort(sorted)
		n := len(sorted)
		for _, p := range []float64{0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999} {
			rk := p * float64(n-1)
			k := int(rk)
			exact := sorted[k] + (rk-float64(k))*(sorted[k+1]-sorted[k])
			q := s.Quantile(p)
			if err := math.Abs(q.Value - exact); err > 0.1*q.SE {
				t.Errorf("normal(%g, %g) P%g = %.17g, exact %.17g: off by %.3g SE", tc.loc, tc.scale, 100*p, q.Value, exact, err/q.SE)
			}
		}
		// CDF at the threshold against the exact share of trials at or below it.
		th := tc.loc + tc.scale
		below, _ := slices.BinarySearch(sorted, math.Nextafter(th, math.Inf(1)))
		exactCDF := float64(below) / float64(n)
		se := math.Sqrt(exactCDF * (1 - exactCDF) / float64(n))
		if d := math.Abs(s.CDF(th) - exactCDF); d > 0.1*se {
			t.Errorf("normal(%g, %g) CDF(%g) = %v, exact %v: off by %.3g SE", tc.loc, tc.scale, th, s.CDF(th), exactCDF, d/se)
		}
		es, esSE := s.ExpectedShortfall(0.95)
		var tail float64
		m := 0
		for _, v := range sorted[int(0.95*float64(n)):] {
			tail += v - tc.loc
			m++
		}
		if exact := tc.loc + tail/float64(m); math.Abs(es-exact) > 0.1*esSE {
			t.Errorf("normal(%g, %g) ES95 = %.17g, exact %.17g: off by %.3g SE", tc.loc, tc.scale, es, exact, math.Abs(es-exact)/esSE)
		}
	}
}
