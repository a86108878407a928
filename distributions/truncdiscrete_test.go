package distributions

import (
	"math"
	"testing"
)

// TestTruncatedDiscreteSameAsRestricted: truncating a discrete distribution
// to [2, 3] gives the distribution of the kept atoms with their weights, so
// its CDF and quantiles are those of discrete(2: 1, 3: 1). The old code gave
// P50 = 3 (against 2) and CDF(2) = 0.49999999999999994.
func TestTruncatedDiscreteSameAsRestricted(t *testing.T) {
	for _, c := range []struct {
		values, weights []float64
		lo, hi          float64
		kept, keptW     []float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 1, 1}, 2, 3, []float64{2, 3}, []float64{1, 1}},
		{[]float64{1, 2, 3}, []float64{1, 1, 1}, 1.5, 3, []float64{2, 3}, []float64{1, 1}},
		{[]float64{0.1, 0.2, 0.3, 0.7}, []float64{0.1, 0.2, 0.3, 0.4}, 0.2, 0.3, []float64{0.2, 0.3}, []float64{0.2, 0.3}},
		{[]float64{9, 10, 11, 12, 13}, []float64{0.1, 0.2, 0.2, 0.25, 0.25}, 10, 12, []float64{10, 11, 12}, []float64{0.2, 0.2, 0.25}},
	} {
		tr := mustD(NewTruncated(mustD(NewDiscrete(c.values, c.weights)), c.lo, c.hi))
		want := mustD(NewDiscrete(c.kept, c.keptW))
		for i := 0; i <= 60; i++ {
			p := float64(i) / 60
			if g, w := tr.Quantile(p), want.Quantile(p); g != w {
				t.Errorf("%s.Quantile(%g) = %g, want %g as %s", tr, p, g, w, want)
			}
		}
		for _, x := range append([]float64{c.lo - 1, c.lo, c.hi, c.hi + 1}, c.values...) {
			if g, w := tr.CDF(x), want.CDF(x); g != w {
				t.Errorf("%s.CDF(%g) = %.17g, want %.17g", tr, x, g, w)
			}
		}
		if g, w := tr.Mean(), want.Mean(); g != w {
			t.Errorf("%s.Mean() = %.17g, want %.17g", tr, g, w)
		}
	}
}

// TestTruncatedDiscreteQuantileConvention: for other discrete bases the
// truncated Quantile(p) is the smallest atom x in [lo, hi] with CDF(x) >= p
// (checked by brute force over the atoms), the lower bound's atom included.
func TestTruncatedDiscreteQuantileConvention(t *testing.T) {
	d3 := mustD(NewDiscrete([]float64{1, 2, 3}, []float64{1, 1, 1}))
	for _, c := range []struct {
		d      Distribution
		lo, hi float64
		atoms  []float64
	}{
		{mustD(NewBinomial(10, 0.5)), 5, 10, []float64{5, 6, 7, 8, 9, 10}},
		{mustD(NewBinomial(10, 0.5)), 4.5, 7, []float64{5, 6, 7}},
		{mustD(NewPoisson(3)), 2, 6, []float64{2, 3, 4, 5, 6}},
		{mustD(NewBernoulli(0.3)), 0, 1, []float64{0, 1}},
		{mustD(NewMixture([]Distribution{d3, Constant(2.5)}, []float64{1, 1})), 2, 3, []float64{2, 2.5, 3}},
	} {
		tr := mustD(NewTruncated(c.d, c.lo, c.hi))
		if q := tr.Quantile(math.SmallestNonzeroFloat64); q != c.atoms[0] {
			t.Errorf("%s: Quantile(tiny) = %g, want the atom at the lower bound %g", tr, q, c.atoms[0])
		}
		ps := []float64{0, 1}
		for _, x := range c.atoms {
			f := tr.CDF(x)
			ps = append(ps, f, math.Nextafter(f, 0), math.Nextafter(f, 1))
		}
		for i := 1; i < 100; i++ {
			ps = append(ps, float64(i)/100)
		}
		for _, p := range ps {
			if p < 0 || p > 1 {
				continue
			}
			want := c.atoms[len(c.atoms)-1]
			for _, x := range c.atoms {
				if tr.CDF(x) >= p {
					want = x
					break
				}
			}
			if p == 0 {
				want = c.atoms[0]
			}
			if got := tr.Quantile(p); got != want {
				t.Errorf("%s.Quantile(%.17g) = %g, want %g", tr, p, got, want)
			}
		}
	}
}
