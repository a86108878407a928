package distributions

import (
	"math"
	"testing"
)

var (
	nan = math.NaN()
	inf = math.Inf(1)
)

// TestConstructorErrors lists every validation failure with its exact message.
func TestConstructorErrors(t *testing.T) {
	n01 := mustD(NewNormal(0, 1))
	tests := []struct {
		name string
		make func() (Distribution, error)
		want string
	}{
		{"normal sd negative", func() (Distribution, error) { return NewNormal(0, -1) }, "normal: sd must be > 0, got -1"},
		{"normal sd zero", func() (Distribution, error) { return NewNormal(0, 0) }, "normal: sd must be > 0, got 0"},
		{"normal mean NaN", func() (Distribution, error) { return NewNormal(nan, 1) }, "normal: mean must be finite, got NaN"},
		{"normal sd Inf", func() (Distribution, error) { return NewNormal(0, inf) }, "normal: sd must be finite, got +Inf"},
		{"lognormal sigma", func() (Distribution, error) { return NewLogNormal(0, -1) }, "lognormal: sigma must be > 0, got -1"},
		{"lognormal mu", func() (Distribution, error) { return NewLogNormal(-inf, 1) }, "lognormal: mu must be finite, got -Inf"},
		{"lognormal percentile negative", func() (Distribution, error) { return NewLogNormalFromPercentiles(0.05, -1, 0.95, 3) },
			"lognormal: percentiles must be > 0, got p5=-1"},
		{"lognormal percentile zero", func() (Distribution, error) { return NewLogNormalFromPercentiles(0.05, 1, 0.95, 0) },
			"lognormal: percentiles must be > 0, got p95=0"},
		{"lognormal percentiles reversed", func() (Distribution, error) { return NewLogNormalFromPercentiles(0.05, 5, 0.95, 3) },
			"lognormal: p95=3 must be above p5=5"},
		{"normal percentiles equal values", func() (Distribution, error) { return NewNormalFromPercentiles(0.1, 2, 0.9, 2) },
			"normal: p90=2 must be above p10=2"},
		{"normal percentiles reversed, given high first", func() (Distribution, error) { return NewNormalFromPercentiles(0.9, 1, 0.1, 2) },
			"normal: p90=1 must be above p10=2"},
		{"normal percentile twice", func() (Distribution, error) { return NewNormalFromPercentiles(0.5, 1, 0.5, 2) },
			"normal: percentile p50 given twice"},
		{"normal percentile out of range", func() (Distribution, error) { return NewNormalFromPercentiles(0, 1, 0.5, 2) },
			"normal: percentile must be in (0, 1), got 0"},
		{"normal percentile one", func() (Distribution, error) { return NewNormalFromPercentiles(0.5, 1, 1, 2) },
			"normal: percentile must be in (0, 1), got 1"},
		{"normal percentile NaN", func() (Distribution, error) { return NewNormalFromPercentiles(nan, 1, 0.5, 2) },
			"normal: percentile must be in (0, 1), got NaN"},
		{"normal percentile value NaN", func() (Distribution, error) { return NewNormalFromPercentiles(0.05, nan, 0.5, 2) },
			"normal: p5 must be finite, got NaN"},
		{"range reversed", func() (Distribution, error) { return NewRange(3.5, 2) }, "3.5 to 2: the low end must be below the high end"},
		{"range empty", func() (Distribution, error) { return NewRange(2, 2) }, "2 to 2: the low end must be below the high end"},
		{"range NaN", func() (Distribution, error) { return NewRange(nan, 2) }, "NaN to 2: both ends must be finite numbers"},
		{"range Inf", func() (Distribution, error) { return NewRange(1, inf) }, "1 to +Inf: both ends must be finite numbers"},
		{"uniform reversed", func() (Distribution, error) { return NewUniform(5, 3) }, "uniform: min 5 must be below max 3"},
		{"uniform NaN", func() (Distribution, error) { return NewUniform(0, nan) }, "uniform: max must be finite, got NaN"},
		{"triangular mode above", func() (Distribution, error) { return NewTriangular(0, 15, 10) }, "triangular: mode 15 outside [0, 10]"},
		{"triangular mode below", func() (Distribution, error) { return NewTriangular(0, -1, 10) }, "triangular: mode -1 outside [0, 10]"},
		{"triangular reversed", func() (Distribution, error) { return NewTriangular(10, 5, 0) }, "triangular: min 10 must be below max 0"},
		{"triangular degenerate", func() (Distribution, error) { return NewTriangular(1, 1, 1) }, "triangular: min 1 must be below max 1"},
		{"triangular Inf", func() (Distribution, error) { return NewTriangular(0, 1, inf) }, "triangular: max must be finite, got +Inf"},
		{"pert mode", func() (Distribution, error) { return NewPERT(0, 11, 10) }, "pert: mode 11 outside [0, 10]"},
		{"pert NaN mode", func() (Distribution, error) { return NewPERT(0, nan, 10) }, "pert: mode must be finite, got NaN"},
		{"modified pert lambda", func() (Distribution, error) { return NewModifiedPERT(0, 5, 10, 0) }, "pert: lambda must be > 0, got 0"},
		{"modified pert lambda NaN", func() (Distribution, error) { return NewModifiedPERT(0, 5, 10, nan) }, "pert: lambda must be finite, got NaN"},
		{"beta alpha", func() (Distribution, error) { return NewBeta(0, 1) }, "beta: alpha must be > 0, got 0"},
		{"beta beta", func() (Distribution, error) { return NewBeta(1, -2) }, "beta: beta must be > 0, got -2"},
		{"gamma shape", func() (Distribution, error) { return NewGamma(-1, 1) }, "gamma: shape must be > 0, got -1"},
		{"gamma scale", func() (Distribution, error) { return NewGamma(1, inf) }, "gamma: scale must be finite, got +Inf"},
		{"exponential rate", func() (Distribution, error) { return NewExponential(0) }, "exponential: rate must be > 0, got 0"},
		{"weibull k", func() (Distribution, error) { return NewWeibull(0, 1) }, "weibull: k must be > 0, got 0"},
		{"weibull lambda", func() (Distribution, error) { return NewWeibull(1, -3) }, "weibull: lambda must be > 0, got -3"},
		{"student nu", func() (Distribution, error) { return NewStudentT(0, 0, 1) }, "studentt: nu must be > 0, got 0"},
		{"student mu", func() (Distribution, error) { return NewStudentT(3, nan, 1) }, "studentt: mu must be finite, got NaN"},
		{"student sigma", func() (Distribution, error) { return NewStudentT(3, 0, -1) }, "studentt: sigma must be > 0, got -1"},
		{"pareto xm", func() (Distribution, error) { return NewPareto(0, 1) }, "pareto: xm must be > 0, got 0"},
		{"pareto alpha", func() (Distribution, error) { return NewPareto(1, -1) }, "pareto: alpha must be > 0, got -1"},
		{"poisson lambda", func() (Distribution, error) { return NewPoisson(0) }, "poisson: lambda must be > 0, got 0"},
		{"range overflow", func() (Distribution, error) { return NewRange(1e300, 1e308) }, "1e+300 to 1e+308: lognormal: p5=1e+300 and p95=1e+308 give values too large for float64; express them in a larger unit (e.g. billions)"},
		{"poisson NaN", func() (Distribution, error) { return NewPoisson(nan) }, "poisson: lambda must be finite, got NaN"},
		{"binomial n fractional", func() (Distribution, error) { return NewBinomial(2.5, 0.5) }, "binomial: n must be a whole number >= 1, got 2.5"},
		{"binomial n zero", func() (Distribution, error) { return NewBinomial(0, 0.5) }, "binomial: n must be a whole number >= 1, got 0"},
		{"binomial p", func() (Distribution, error) { return NewBinomial(10, 1.5) }, "binomial: p must be in [0, 1], got 1.5"},
		{"bernoulli p", func() (Distribution, error) { return NewBernoulli(1.2) }, "bernoulli: p must be in [0, 1], got 1.2"},
		{"bernoulli NaN", func() (Distribution, error) { return NewBernoulli(nan) }, "bernoulli: p must be in [0, 1], got NaN"},
		{"discrete lengths", func() (Distribution, error) { return NewDiscrete([]float64{1, 2}, []float64{1}) }, "discrete: 2 values but 1 weights"},
		{"discrete empty", func() (Distribution, error) { return NewDiscrete(nil, nil) }, "discrete: no values"},
		{"discrete negative weight", func() (Distribution, error) { return NewDiscrete([]float64{1, 2}, []float64{1, -0.5}) },
			"discrete: weight of 2 must be a finite number >= 0, got -0.5"},
		{"discrete zero weights", func() (Distribution, error) { return NewDiscrete([]float64{1, 2}, []float64{0, 0}) },
			"discrete: weights must have a positive finite sum, got 0"},
		{"discrete NaN value", func() (Distribution, error) { return NewDiscrete([]float64{nan}, []float64{1}) },
			"discrete: value must be finite, got NaN"},
		{"mixture lengths", func() (Distribution, error) { return NewMixture([]Distribution{n01}, []float64{1, 2}) },
			"mixture: 1 components but 2 weights"},
		{"mixture empty", func() (Distribution, error) { return NewMixture(nil, nil) }, "mixture: no components"},
		{"mixture nil component", func() (Distribution, error) { return NewMixture([]Distribution{n01, nil}, []float64{1, 1}) },
			"mixture: component 2 is missing"},
		{"mixture negative weight", func() (Distribution, error) { return NewMixture([]Distribution{n01}, []float64{-1}) },
			"mixture: weight of normal(0, 1) must be a finite number >= 0, got -1"},
		{"mixture zero weights", func() (Distribution, error) { return NewMixture([]Distribution{n01}, []float64{0}) },
			"mixture: weights must have a positive finite sum, got 0"},
		{"truncate nil", func() (Distribution, error) { return NewTruncated(nil, 0, 1) }, "truncate: no distribution to truncate"},
		{"truncate reversed", func() (Distribution, error) { return NewTruncated(n01, 5, 3) }, "truncate: low bound 5 must be below high bound 3"},
		{"truncate NaN", func() (Distribution, error) { return NewTruncated(n01, nan, 3) }, "truncate: bounds must be numbers, got [NaN, 3]"},
		{"truncate far tail", func() (Distribution, error) { return NewTruncated(n01, 10, 20) },
			"truncate: normal(0, 1) has probability 7.62e-24 in [10, 20], too little to sample from (need at least 1e-09)"},
		{"truncate outside support", func() (Distribution, error) { return NewTruncated(mustD(NewUniform(0, 1)), 2, 3) },
			"truncate: uniform(0, 1) has probability 0 in [2, 3], too little to sample from (need at least 1e-09)"},
		{"truncate between atoms", func() (Distribution, error) { return NewTruncated(mustD(NewPoisson(3)), 1.2, 1.8) },
			"truncate: poisson(3) has probability 0 in [1.2, 1.8], too little to sample from (need at least 1e-09)"},
		{"truncate tiny mass", func() (Distribution, error) { return NewTruncated(n01, -inf, -6.5) },
			"truncate: normal(0, 1) has probability 4.02e-11 in [-Inf, -6.5], too little to sample from (need at least 1e-09)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.make()
			if err == nil {
				t.Fatalf("got %v, want error %q", d, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q\n               want %q", err, tt.want)
			}
			if d != nil {
				t.Errorf("got distribution %v along with the error", d)
			}
		})
	}
}

func TestConstantPanicsOnNaN(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Constant(NaN) did not panic")
		}
	}()
	Constant(nan)
}

func TestQuantilePanicsOutOfRange(t *testing.T) {
	for _, c := range continuousCases() {
		for _, p := range []float64{-0.1, 1.1, nan} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s.Quantile(%g) did not panic", c.d, p)
					}
				}()
				c.d.Quantile(p)
			}()
		}
	}
}

// TestString checks the scenario syntax each constructor renders.
func TestString(t *testing.T) {
	n01 := mustD(NewNormal(0, 1))
	tests := []struct {
		d    Distribution
		want string
	}{
		{mustD(NewNormal(10, 2)), "normal(10, 2)"},
		{mustD(NewNormal(-0.5, 1e-3)), "normal(-0.5, 0.001)"},
		{mustD(NewLogNormal(1, 0.25)), "lognormal(1, 0.25)"},
		{mustD(NewLogNormalFromPercentiles(0.05, 3.5, 0.95, 4.5)), "lognormal(p5=3.5, p95=4.5)"},
		{mustD(NewLogNormalFromPercentiles(0.9, 4.5, 0.1, 3.5)), "lognormal(p90=4.5, p10=3.5)"},
		{mustD(NewNormalFromPercentiles(0.025, -1, 0.5, 2)), "normal(p2.5=-1, p50=2)"},
		{mustD(NewNormalFromPercentiles(0.07, 1, 0.29, 2)), "normal(p7=1, p29=2)"},
		{mustD(NewRange(3.5, 4.5)), "3.5 to 4.5"},
		{mustD(NewRange(-2, 4.5)), "-2 to 4.5"},
		{mustD(NewRange(0, 1e6)), "0 to 1e+06"},
		{mustD(NewUniform(1, 2)), "uniform(1, 2)"},
		{mustD(NewTriangular(1.2, 1.3, 1.6)), "triangular(1.2, 1.3, 1.6)"},
		{mustD(NewPERT(1, 2, 5)), "pert(1, 2, 5)"},
		{mustD(NewModifiedPERT(1, 2, 5, 4)), "pert(1, 2, 5)"},
		{mustD(NewModifiedPERT(1, 2, 5, 2.5)), "pert(1, 2, 5, lambda=2.5)"},
		{mustD(NewBeta(2, 3)), "beta(2, 3)"},
		{mustD(NewGamma(2, 0.5)), "gamma(2, 0.5)"},
		{mustD(NewExponential(0.1)), "exponential(0.1)"},
		{mustD(NewWeibull(1.5, 2)), "weibull(1.5, 2)"},
		{mustD(NewStudentT(3, 0, 1)), "studentt(3, 0, 1)"},
		{mustD(NewPareto(1, 2.5)), "pareto(1, 2.5)"},
		{mustD(NewPoisson(3)), "poisson(3)"},
		{mustD(NewBinomial(10, 0.3)), "binomial(10, 0.3)"},
		{mustD(NewBernoulli(0.7)), "bernoulli(0.7)"},
		{mustD(NewNegativeBinomial(2, 0.4)), "negbinomial(2, 0.4)"},
		{mustD(NewNegativeBinomialMean(3, 0.5)), "negbinomial(mean=3, r=0.5)"},
		{mustD(NewDiscrete([]float64{1, 2}, []float64{0.2, 0.8})), "discrete(1: 0.2, 2: 0.8)"},
		{mustD(NewDiscrete([]float64{5, 1}, []float64{3, 0})), "discrete(5: 3, 1: 0)"},
		{Constant(42), "42"},
		{Constant(-0.125), "-0.125"},
		{mustD(NewMixture([]Distribution{n01, mustD(NewRange(1, 2))}, []float64{0.3, 0.7})), "mixture(0.3: normal(0, 1), 0.7: 1 to 2)"},
		{mustD(NewTruncated(n01, 0, 5)), "truncate(normal(0, 1), 0, 5)"},
		{mustD(NewTruncated(n01, 0, inf)), "truncate(normal(0, 1), 0, inf)"},
		{mustD(NewTruncated(n01, -inf, 1)), "truncate(normal(0, 1), -inf, 1)"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// TestPercentiles checks that the percentile constructors and "a to b" put
// the requested values at the requested probabilities (1e-9 relative).
func TestPercentiles(t *testing.T) {
	type pct struct{ p1, x1, p2, x2 float64 }
	tests := []struct {
		name string
		make func(p pct) (Distribution, error)
		pcts []pct
	}{
		{"normal", func(p pct) (Distribution, error) { return NewNormalFromPercentiles(p.p1, p.x1, p.p2, p.x2) },
			[]pct{{0.05, 1, 0.95, 3}, {0.1, -50, 0.9, -10}, {0.5, 100, 0.99, 180}, {0.95, 3, 0.05, 1}, {0.001, 1e-9, 0.002, 2e-9}, {0.3, 1e9, 0.7, 1e9 + 1}}},
		{"lognormal", func(p pct) (Distribution, error) { return NewLogNormalFromPercentiles(p.p1, p.x1, p.p2, p.x2) },
			[]pct{{0.05, 3.5, 0.95, 4.5}, {0.1, 1e-3, 0.9, 1e3}, {0.5, 100, 0.99, 180}, {0.9, 20, 0.25, 2}}},
		{"range", func(p pct) (Distribution, error) { return NewRange(p.x1, p.x2) },
			[]pct{{0.05, 3.5, 0.95, 4.5}, {0.05, 0.001, 0.95, 1000}, {0.05, -1, 0.95, 3}, {0.05, 0, 0.95, 3}, {0.05, -10, 0.95, -2}, {0.05, 5e9, 0.95, 1e10}}},
	}
	for _, tt := range tests {
		for _, p := range tt.pcts {
			d, err := tt.make(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, pair := range [][2]float64{{p.p1, p.x1}, {p.p2, p.x2}} {
				if got := d.Quantile(pair[0]); math.Abs(got-pair[1]) > 1e-9*math.Abs(pair[1]) {
					t.Errorf("%s %s: Quantile(%g) = %.17g, want %g", tt.name, d, pair[0], got, pair[1])
				}
			}
		}
	}
	// "a to b" is lognormal only when both ends are positive.
	for _, tt := range []struct {
		lo, hi float64
		log    bool
	}{{3.5, 4.5, true}, {0, 4.5, false}, {-1, 4.5, false}, {1e-6, 1, true}} {
		_, isLog := mustD(NewRange(tt.lo, tt.hi)).(LogNormal)
		if isLog != tt.log {
			t.Errorf("%g to %g: lognormal = %v, want %v", tt.lo, tt.hi, isLog, tt.log)
		}
	}
}

// TestSymmetricPercentilesCentre: percentiles symmetric about the median
// (p and 1-p, as in "a to b") put the median exactly at the midpoint of the
// two values (of their logarithms for a lognormal), whatever the rounding of
// the two normal quantiles: "-5 to 5" has mean and median 0, not 1.8e-15.
func TestSymmetricPercentilesCentre(t *testing.T) {
	tests := []struct {
		name   string
		d      Distribution
		median float64
	}{
		{"-5 to 5", mustD(NewRange(-5, 5)), 0},
		{"-3 to 7", mustD(NewRange(-3, 7)), 2},
		{"-0.1 to 0.1", mustD(NewRange(-0.1, 0.1)), 0},
		{"normal(p1=-1, p99=1)", mustD(NewNormalFromPercentiles(0.01, -1, 0.99, 1)), 0},
		{"normal(p97.5=1, p2.5=-1)", mustD(NewNormalFromPercentiles(0.975, 1, 0.025, -1)), 0},
		{"1 to 100", mustD(NewRange(1, 100)), math.Exp(math.Log(100) / 2)},
		{"lognormal(p5=0.5, p95=2)", mustD(NewLogNormalFromPercentiles(0.05, 0.5, 0.95, 2)), 1},
	}
	for _, tt := range tests {
		if got := tt.d.Quantile(0.5); got != tt.median {
			t.Errorf("%s: median %.17g, want %.17g", tt.name, got, tt.median)
		}
		if n, ok := tt.d.(Normal); ok && n.Mean() != tt.median {
			t.Errorf("%s: mean %.17g, want %.17g", tt.name, n.Mean(), tt.median)
		}
	}
}

// TestParetoCDFNearScale: just above xm the CDF is tiny, and gonum's
// 1-(xm/x)^alpha would keep only ~1e-16/CDF of relative precision (7e-8 at
// x = xm(1+2^-30)); the exact value there is -expm1(-alpha·log1p(δ)).
func TestParetoCDFNearScale(t *testing.T) {
	d := mustD(NewPareto(2, 3))
	for _, k := range []int{10, 20, 30, 40, 50} {
		delta := math.Ldexp(1, -k)
		x := 2 * (1 + delta) // exact: xm is a power of two
		want := -math.Expm1(-3 * math.Log1p(delta))
		if got := d.CDF(x); math.Abs(got-want) > 1e-12*want {
			t.Errorf("CDF(2(1+2^-%d)) = %g, want %g", k, got, want)
		}
	}
	if d.CDF(2) != 0 || d.CDF(1) != 0 || !math.IsNaN(d.CDF(math.NaN())) {
		t.Error("CDF at or below xm must be 0, and NaN for NaN")
	}
}
