package distributions

import (
	"math"
	"testing"
)

// TestQuantileFunctions: each per-value quantile function is its family's
// Quantile method to the bit at valid parameters, NaN at invalid ones
// (what the constructor refuses) or outside [0, 1], and allocates nothing.
func TestQuantileFunctions(t *testing.T) {
	ps := []float64{0, 1e-100, 1e-9, 0.01, 0.3, 0.5, 0.5000001, 0.77, 0.99, 1 - 1e-12, 1}
	for _, tc := range []struct {
		name string
		q    func(a, b, p float64) float64
		make func(a, b float64) (Distribution, error)
		args [][2]float64
	}{
		{"beta", BetaQuantile, NewBeta, [][2]float64{{0.1, 0.5}, {1, 1}, {2, 3}, {40, 0.7}, {1e6, 2e6}, {0, 1}, {1, -1}, {math.Inf(1), 1}, {math.NaN(), 1}}},
		{"gamma", GammaQuantile, NewGamma, [][2]float64{{0.05, 1}, {1, 2}, {3.5, 1e-3}, {500, 7}, {0, 1}, {1, 0}, {-1, 1}, {1, math.Inf(1)}}},
		{"binomial", BinomialQuantile, NewBinomial, [][2]float64{{1, 0.5}, {7, 0}, {7, 1}, {12, 0.3}, {1e6, 1e-4}, {0, 0.5}, {2.5, 0.5}, {3, 1.5}, {3, -0.1}, {3, math.NaN()}}},
		{"negbinomial", NegBinomialQuantile, NewNegativeBinomial, [][2]float64{{0.01, 0.5}, {2, 0.4}, {1e4, 1e-4}, {3, 1}, {0, 0.5}, {-1, 0.5},
			{2, 0}, {2, 1.5}, {math.Inf(1), 0.5}, {math.NaN(), 0.5}, {2, math.NaN()}, {1e10, 1e-10}}},
		{"negbinomial(mean, r)", NegBinomialMeanQuantile, NewNegativeBinomialMean, [][2]float64{{0, 2}, {3, 2}, {1e-3, 1e3}, {1e6, 0.01}, {-1, 2}, {3, 0},
			{math.Inf(1), 2}, {3, math.Inf(1)}, {math.NaN(), 2}, {1e17, 2}, {1e10, 1e-320}}},
		{"poisson", func(l, _, p float64) float64 { return PoissonQuantile(l, p) }, func(l, _ float64) (Distribution, error) { return NewPoisson(l) },
			[][2]float64{{1e-3, 0}, {3.2, 0}, {800, 0}, {0, 0}, {-1, 0}, {math.Inf(1), 0}}},
		{"triangular(0, mode, max)", func(c, b, p float64) float64 { return TriangularQuantile(0, c, b, p) },
			func(c, b float64) (Distribution, error) { return NewTriangular(0, c, b) },
			[][2]float64{{0, 1}, {1, 1}, {0.3, 2}, {2, 1}, {-0.1, 1}, {0, 0}, {0, math.Inf(1)}}},
	} {
		for _, a := range tc.args {
			d, err := tc.make(a[0], a[1])
			for _, p := range ps {
				got := tc.q(a[0], a[1], p)
				switch {
				case err != nil && !math.IsNaN(got):
					t.Errorf("%s(%g, %g) at %g: %v for parameters the constructor refuses (%v)", tc.name, a[0], a[1], p, got, err)
				case err == nil && math.Float64bits(got) != math.Float64bits(d.Quantile(p)):
					t.Errorf("%s(%g, %g) at %g: %v, Quantile %v", tc.name, a[0], a[1], p, got, d.Quantile(p))
				}
			}
			for _, p := range []float64{-0.1, 1.1, math.NaN()} {
				if got := tc.q(a[0], a[1], p); !math.IsNaN(got) {
					t.Errorf("%s(%g, %g) at %g: %v, want NaN", tc.name, a[0], a[1], p, got)
				}
			}
			if n := testing.AllocsPerRun(20, func() { tc.q(a[0], a[1], 0.37) }); n != 0 {
				t.Errorf("%s(%g, %g): %v allocations a value", tc.name, a[0], a[1], n)
			}
		}
	}
	if d, _ := NewTriangular(1, 2, 5); TriangularQuantile(1, 2, 5, 0.9) != d.Quantile(0.9) {
		t.Errorf("triangular(1, 2, 5) at 0.9: %v, want %v", TriangularQuantile(1, 2, 5, 0.9), d.Quantile(0.9))
	}
}

// TestBetaQuantileExtremeShapes: shapes of millions, which a shape drawn
// per trial may reach, give a quantile (the CDF's bisection reached points
// near 1e-158, where the quadrature's starting width underflowed to 0 and
// doubling it never ended).
func TestBetaQuantileExtremeShapes(t *testing.T) {
	for _, ab := range [][2]float64{{1e7, 1}, {1, 1e7}, {1e8, 2}, {3, 1e9}} {
		for _, p := range []float64{1e-12, 0.1, 0.5, 0.9} {
			x := BetaQuantile(ab[0], ab[1], p)
			l, u := regIncBeta(ab[0], ab[1], x, 1-x)
			if got := min(l, u); math.Abs(got-min(p, 1-p)) > 1e-6*min(p, 1-p) {
				t.Errorf("beta(%g, %g) at %g: %v, whose CDF is %v", ab[0], ab[1], p, x, l)
			}
		}
	}
	if l, _ := regIncBeta(1, 1e7, 1e-158, 1); !(l >= 0 && l < 1e-150) {
		t.Errorf("I(1e-158; 1, 1e7) = %v", l)
	}
}
