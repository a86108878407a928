package distributions

import (
	"math"
	"testing"
)

// continuousCase is one continuous distribution under test.
type continuousCase struct {
	name string
	d    Distribution
	// ref is an independent closed-form CDF (nil when there is none beyond
	// distuv's own), to catch parameterisation mistakes such as rate vs scale.
	ref func(x float64) float64
	// wrong is the same family with parameters swapped or shifted: the KS
	// test of d's draws against wrong's CDF must fail, proving the check has power.
	wrong Distribution
}

func continuousCases() []continuousCase {
	return []continuousCase{
		{name: "normal", d: mustD(NewNormal(10, 2)),
			ref:   func(x float64) float64 { return normCDF((x - 10) / 2) },
			wrong: mustD(NewNormal(2, 10))},
		{name: "lognormal", d: mustD(NewLogNormal(1, 0.5)),
			ref: func(x float64) float64 {
				if x <= 0 {
					return 0
				}
				return normCDF((math.Log(x) - 1) / 0.5)
			},
			wrong: mustD(NewLogNormal(0.5, 1))},
		{name: "normal-percentiles", d: mustD(NewNormalFromPercentiles(0.1, 5, 0.9, 9)),
			wrong: mustD(NewNormalFromPercentiles(0.05, 5, 0.95, 9))},
		{name: "lognormal-percentiles", d: mustD(NewLogNormalFromPercentiles(0.05, 3.5, 0.95, 4.5)),
			wrong: mustD(NewLogNormalFromPercentiles(0.1, 3.5, 0.9, 4.5))},
		{name: "range-lognormal", d: mustD(NewRange(3.5, 4.5)),
			wrong: mustD(NewRange(3.4, 4.4))},
		{name: "range-normal", d: mustD(NewRange(-1, 3)),
			ref:   func(x float64) float64 { return normCDF((x - 1) / (2 / 1.6448536269514722)) },
			wrong: mustD(NewRange(-1.5, 2.5))},
		{name: "uniform", d: mustD(NewUniform(2, 5)),
			ref:   func(x float64) float64 { return min(max((x-2)/3, 0), 1) },
			wrong: mustD(NewUniform(2, 4.8))},
		{name: "triangular", d: mustD(NewTriangular(1, 1.3, 2)),
			ref:   triangularCDF(1, 1.3, 2),
			wrong: mustD(NewTriangular(1, 1.7, 2))},
		{name: "triangular-mode-at-min", d: mustD(NewTriangular(0, 0, 1)),
			ref:   triangularCDF(0, 0, 1),
			wrong: mustD(NewTriangular(0, 0.1, 1))},
		{name: "pert", d: mustD(NewPERT(2, 3, 4)), // beta(3, 3) on [2, 4]
			ref:   func(x float64) float64 { return betaCDFInt(3, 3, (x-2)/2) },
			wrong: mustD(NewModifiedPERT(2, 3, 4, 2))},
		{name: "pert-skewed", d: mustD(NewPERT(1, 2, 6)),
			wrong: mustD(NewPERT(1, 5, 6))},
		{name: "modified-pert", d: mustD(NewModifiedPERT(0, 0.25, 1, 8)), // beta(3, 7)
			ref:   func(x float64) float64 { return betaCDFInt(3, 7, x) },
			wrong: mustD(NewPERT(0, 0.25, 1))},
		{name: "beta", d: mustD(NewBeta(2, 3)),
			ref:   func(x float64) float64 { x = min(max(x, 0), 1); return 6*x*x - 8*x*x*x + 3*x*x*x*x },
			wrong: mustD(NewBeta(3, 2))},
		{name: "beta-u-shaped", d: mustD(NewBeta(0.5, 0.5)), // arcsine law
			ref:   func(x float64) float64 { x = min(max(x, 0), 1); return 2 / math.Pi * math.Asin(math.Sqrt(x)) },
			wrong: mustD(NewBeta(0.6, 0.6))},
		{name: "gamma", d: mustD(NewGamma(2, 3)),
			ref: func(x float64) float64 {
				if x <= 0 {
					return 0
				}
				return 1 - math.Exp(-x/3)*(1+x/3)
			},
			wrong: mustD(NewGamma(3, 2))},
		{name: "gamma-small-shape", d: mustD(NewGamma(0.5, 1)), // chi-square(1)/2
			ref: func(x float64) float64 {
				if x <= 0 {
					return 0
				}
				return math.Erf(math.Sqrt(x))
			},
			wrong: mustD(NewGamma(0.6, 1))},
		{name: "exponential", d: mustD(NewExponential(0.5)),
			ref:   func(x float64) float64 { return max(0, -math.Expm1(-0.5*x)) },
			wrong: mustD(NewExponential(2))},
		{name: "weibull", d: mustD(NewWeibull(1.5, 2)),
			ref:   func(x float64) float64 { return max(0, -math.Expm1(-math.Pow(max(x, 0)/2, 1.5))) },
			wrong: mustD(NewWeibull(2, 1.5))},
		{name: "studentt", d: mustD(NewStudentT(2, 1, 2)),
			ref: func(x float64) float64 {
				z := (x - 1) / 2
				return 0.5 + z/(2*math.Sqrt(2+z*z))
			},
			wrong: mustD(NewStudentT(2, 2, 1))},
		{name: "cauchy", d: mustD(NewStudentT(1, 0, 1)),
			ref:   func(x float64) float64 { return 0.5 + math.Atan(x)/math.Pi },
			wrong: mustD(NewStudentT(3, 0, 1))},
		{name: "pareto", d: mustD(NewPareto(1, 3)),
			ref:   func(x float64) float64 { return max(0, 1-math.Pow(1/x, 3)) },
			wrong: mustD(NewPareto(1, 2.5))},
		{name: "mixture", d: mustD(NewMixture(
			[]Distribution{mustD(NewNormal(0, 1)), mustD(NewNormal(5, 2))}, []float64{0.3, 0.7})),
			ref: func(x float64) float64 {
				return 0.3*normCDF(x) + 0.7*normCDF((x-5)/2)
			},
			wrong: mustD(NewMixture(
				[]Distribution{mustD(NewNormal(0, 1)), mustD(NewNormal(5, 2))}, []float64{0.7, 0.3}))},
		{name: "truncated-normal", d: mustD(NewTruncated(mustD(NewNormal(0, 1)), 0, 5)),
			ref: func(x float64) float64 {
				x = min(max(x, 0), 5)
				return (normCDF(x) - 0.5) / (normCDF(5) - 0.5)
			},
			wrong: mustD(NewTruncated(mustD(NewNormal(0, 1)), -0.1, 5))},
		{name: "truncated-lognormal-below", d: mustD(NewTruncated(mustD(NewRange(1, 10)), 5, math.Inf(1))),
			wrong: mustD(NewTruncated(mustD(NewRange(1, 10)), 4.5, math.Inf(1)))},
		{name: "truncated-gamma-above", d: mustD(NewTruncated(mustD(NewGamma(2, 3)), math.Inf(-1), 4)),
			wrong: mustD(NewTruncated(mustD(NewGamma(2, 3)), math.Inf(-1), 5))},
		{name: "truncated-mixture", d: mustD(NewTruncated(mustD(NewMixture(
			[]Distribution{mustD(NewNormal(0, 1)), mustD(NewExponential(1))}, []float64{1, 1})), -1, 2)),
			wrong: mustD(NewTruncated(mustD(NewNormal(0, 1)), -1, 2))},
	}
}

func triangularCDF(a, c, b float64) func(float64) float64 {
	return func(x float64) float64 {
		switch {
		case x <= a:
			return 0
		case x >= b:
			return 1
		case x <= c:
			return (x - a) * (x - a) / ((b - a) * (c - a))
		}
		return 1 - (b-x)*(b-x)/((b-a)*(b-c))
	}
}

// TestContinuousKS draws n = 20000 values of every continuous family through
// Sample and requires the KS distance to its own CDF to stay below the
// alpha = 0.001 critical value 1.95/sqrt(n) ≈ 0.0138. The same draws must
// fail against the "wrong" distribution (parameters swapped or shifted).
func TestContinuousKS(t *testing.T) {
	const n = 20000
	crit := ksCritical(n)
	for i, c := range continuousCases() {
		t.Run(c.name, func(t *testing.T) {
			rng := newRNG(t, uint64(i))
			xs := make([]float64, n)
			c.d.Sample(rng, xs)
			d := ksStatistic(xs, c.d.CDF)
			if d >= crit {
				t.Errorf("%s: KS distance %.4f >= %.4f (n=%d)", c.d, d, crit, n)
			}
			if dw := ksStatistic(xs, c.wrong.CDF); dw < crit {
				t.Errorf("KS against wrong %s: distance %.4f < %.4f: the test cannot tell them apart", c.wrong, dw, crit)
			}
		})
	}
}

// TestContinuousCDF compares CDF with an independent closed form where one
// exists, and checks that Quantile inverts CDF.
func TestContinuousCDF(t *testing.T) {
	ps := []float64{1e-6, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1 - 1e-6}
	for _, c := range continuousCases() {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range ps {
				x := c.d.Quantile(p)
				if !isFinite(x) {
					t.Fatalf("%s: Quantile(%g) = %g", c.d, p, x)
				}
				if got := c.d.CDF(x); math.Abs(got-p) > 1e-9*max(1, 1/p)*p+1e-12 {
					t.Errorf("%s: CDF(Quantile(%g)) = %.15g", c.d, p, got)
				}
				if back := c.d.Quantile(c.d.CDF(x)); math.Abs(back-x) > 1e-7*max(1, math.Abs(x)) {
					t.Errorf("%s: Quantile(CDF(%g)) = %.15g", c.d, x, back)
				}
				if c.ref != nil {
					if got, want := c.d.CDF(x), c.ref(x); math.Abs(got-want) > 1e-9 {
						t.Errorf("%s: CDF(%g) = %.15g, closed form %.15g", c.d, x, got, want)
					}
				}
			}
			if q0, q1 := c.d.Quantile(0), c.d.Quantile(1); !(q0 <= c.d.Quantile(1e-6)) || !(q1 >= c.d.Quantile(1-1e-6)) {
				t.Errorf("%s: Quantile(0) = %g, Quantile(1) = %g not at the ends", c.d, q0, q1)
			}
		})
	}
}

// TestQuantileExtremeShapes checks CDF(Quantile(p)) = p (1e-9 relative) for
// shapes where gonum's special-function inverses alone are inaccurate (gamma
// shape 0.05 returned 0; t with 10⁶ degrees of freedom returned -258 for
// p = 1e-10) and small p, where 1-p loses digits.
func TestQuantileExtremeShapes(t *testing.T) {
	ds := []Distribution{
		mustD(NewGamma(0.05, 1)), mustD(NewGamma(500, 2)), mustD(NewBeta(0.05, 3)), mustD(NewBeta(200, 300)),
		mustD(NewStudentT(0.5, 0, 1)), mustD(NewStudentT(1e6, 0, 1)), mustD(NewStudentT(1000, 5, 2)),
		mustD(NewWeibull(0.2, 1)), mustD(NewExponential(3)),
		mustD(NewPERT(0, 0, 1)), mustD(NewModifiedPERT(0, 0.5, 1, 100)), mustD(NewRange(1e-3, 1e6)),
	}
	for _, d := range ds {
		for _, p := range []float64{1e-10, 1e-6, 0.001, 0.1, 0.5, 0.9, 0.999} {
			x := d.Quantile(p)
			if got := d.CDF(x); math.Abs(got-p) > 1e-9*p {
				t.Errorf("%s: CDF(Quantile(%g)) = %.15g (x = %g)", d, p, got, x)
			}
		}
	}
}

func TestBisectQuantile(t *testing.T) {
	// Exact on a step at an awkward float, across the whole float range.
	step := 1.0 / 3
	cdf := func(x float64) float64 {
		if x >= step {
			return 1
		}
		return 0
	}
	if got := bisectQuantile(cdf, 0.5, math.Inf(-1), math.Inf(1)); got != step {
		t.Errorf("bisectQuantile found %v, want %v", got, step)
	}
	for _, x := range []float64{math.Inf(-1), -3, -math.SmallestNonzeroFloat64, 0, 1e-300, 2.5, math.MaxFloat64, math.Inf(1)} {
		if got := fromOrderedBits(orderedBits(x)); got != x {
			t.Errorf("ordered-bits round trip of %v gave %v", x, got)
		}
	}
	if !(orderedBits(-2) < orderedBits(-1) && orderedBits(-1) < orderedBits(0) && orderedBits(0) < orderedBits(1e-300)) {
		t.Error("orderedBits does not preserve order")
	}
}
