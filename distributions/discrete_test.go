package distributions

import (
	"math"
	"testing"
	"time"
)

// discreteCase is one discrete distribution under test, with an independent
// probability mass function and the support points where it is positive.
type discreteCase struct {
	name    string
	d       Distribution
	pmf     func(x float64) float64
	support []float64
	wrong   func(x float64) float64 // a nearby pmf the frequencies must reject
}

func poissonPMF(lambda float64) func(float64) float64 {
	return func(x float64) float64 {
		if x < 0 || x != math.Floor(x) {
			return 0
		}
		lg, _ := math.Lgamma(x + 1)
		return math.Exp(x*math.Log(lambda) - lambda - lg)
	}
}

func binomialPMF(n int, p float64) func(float64) float64 {
	return func(x float64) float64 {
		if x < 0 || x > float64(n) || x != math.Floor(x) {
			return 0
		}
		k := int(x)
		return binom(n, k) * math.Pow(p, x) * math.Pow(1-p, float64(n-k))
	}
}

// negbinomialPMF is Γ(k+r)/(Γ(r)·k!)·p^r·(1-p)^k from log-gamma.
func negbinomialPMF(r, p float64) func(float64) float64 {
	return func(x float64) float64 {
		if x < 0 || x != math.Floor(x) {
			return 0
		}
		a, _ := math.Lgamma(x + r)
		b, _ := math.Lgamma(r)
		c, _ := math.Lgamma(x + 1)
		return math.Exp(a - b - c + r*math.Log(p) + x*math.Log1p(-p))
	}
}

func tablePMF(xs, ps []float64) func(float64) float64 {
	return func(x float64) float64 {
		var s float64
		for i, v := range xs {
			if v == x {
				s += ps[i]
			}
		}
		return s
	}
}

func ints(lo, hi int) []float64 {
	var out []float64
	for k := lo; k <= hi; k++ {
		out = append(out, float64(k))
	}
	return out
}

// truncPMF restricts pmf to [lo, hi] and renormalises over support.
func truncPMF(pmf func(float64) float64, support []float64, lo, hi float64) func(float64) float64 {
	var z float64
	for _, x := range support {
		if x >= lo && x <= hi {
			z += pmf(x)
		}
	}
	return func(x float64) float64 {
		if x < lo || x > hi {
			return 0
		}
		return pmf(x) / z
	}
}

func discreteCases() []discreteCase {
	poisson3 := poissonPMF(3)
	return []discreteCase{
		{name: "poisson", d: mustD(NewPoisson(3)), pmf: poisson3, support: ints(0, 40), wrong: poissonPMF(3.3)},
		{name: "poisson-large", d: mustD(NewPoisson(40)), pmf: poissonPMF(40), support: ints(0, 150), wrong: poissonPMF(41)},
		{name: "binomial", d: mustD(NewBinomial(10, 0.3)), pmf: binomialPMF(10, 0.3), support: ints(0, 10), wrong: binomialPMF(10, 0.33)},
		{name: "binomial-large", d: mustD(NewBinomial(100, 0.6)), pmf: binomialPMF(100, 0.6), support: ints(0, 100), wrong: binomialPMF(100, 0.62)},
		{name: "negbinomial", d: mustD(NewNegativeBinomial(2, 0.4)), pmf: negbinomialPMF(2, 0.4), support: ints(0, 80),
			wrong: negbinomialPMF(2, 0.43)},
		{name: "negbinomial-small-r", d: mustD(NewNegativeBinomial(0.3, 0.1)), pmf: negbinomialPMF(0.3, 0.1), support: ints(0, 400),
			wrong: negbinomialPMF(0.3, 0.12)},
		{name: "negbinomial-mean", d: mustD(NewNegativeBinomialMean(3, 2)), pmf: negbinomialPMF(2, 0.4), support: ints(0, 80),
			wrong: negbinomialPMF(2.3, 0.4)},
		{name: "bernoulli", d: mustD(NewBernoulli(0.7)), pmf: tablePMF([]float64{0, 1}, []float64{0.3, 0.7}), support: []float64{0, 1},
			wrong: tablePMF([]float64{0, 1}, []float64{0.7, 0.3})},
		{name: "discrete", d: mustD(NewDiscrete([]float64{5, 1, 2, 1, 9}, []float64{3, 1, 4, 1, 0})),
			pmf:     tablePMF([]float64{1, 2, 5}, []float64{2.0 / 9, 4.0 / 9, 3.0 / 9}),
			support: []float64{1, 2, 5},
			wrong:   tablePMF([]float64{1, 2, 5}, []float64{3.0 / 9, 4.0 / 9, 2.0 / 9})},
		{name: "constant", d: Constant(4.5), pmf: tablePMF([]float64{4.5}, []float64{1}), support: []float64{4.5},
			wrong: tablePMF([]float64{4.5}, []float64{0.95})},
		{name: "mixture-discrete", d: mustD(NewMixture([]Distribution{mustD(NewPoisson(3)), Constant(2.5)}, []float64{3, 1})),
			pmf: func(x float64) float64 {
				p := 0.75 * poisson3(x)
				if x == 2.5 {
					p += 0.25
				}
				return p
			},
			support: append(append(ints(0, 2), 2.5), ints(3, 40)...),
			wrong:   poisson3},
		{name: "truncated-poisson", d: mustD(NewTruncated(mustD(NewPoisson(3)), 1.5, 6)),
			pmf: truncPMF(poisson3, ints(0, 40), 1.5, 6), support: ints(0, 12),
			wrong: truncPMF(poisson3, ints(0, 40), 1.5, 7)},
		{name: "truncated-negbinomial", d: mustD(NewTruncated(mustD(NewNegativeBinomial(2, 0.4)), 1, 6.5)),
			pmf: truncPMF(negbinomialPMF(2, 0.4), ints(0, 80), 1, 6.5), support: ints(0, 12),
			wrong: truncPMF(negbinomialPMF(2, 0.4), ints(0, 80), 1, 7)},
		{name: "truncated-discrete", d: mustD(NewTruncated(mustD(NewDiscrete([]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4})), 2, 3.5)),
			pmf: tablePMF([]float64{2, 3}, []float64{0.4, 0.6}), support: []float64{2, 3},
			wrong: tablePMF([]float64{2, 3}, []float64{0.5, 0.5})},
	}
}

// freqCheck compares the empirical frequency of every value drawn, and of
// every support point, with pmf: each must lie within 5 standard errors
// sqrt(p(1-p)/n) (two-sided tail 5.7e-7 per point), and no draw may fall where
// pmf is 0. It returns the failures.
func freqCheck(xs []float64, pmf func(float64) float64, support []float64) []string {
	n := float64(len(xs))
	counts := map[float64]float64{}
	for _, x := range xs {
		counts[x]++
	}
	for _, x := range support {
		if _, ok := counts[x]; !ok {
			counts[x] = 0
		}
	}
	var fails []string
	for x, c := range counts {
		p := pmf(x)
		if p == 0 && c > 0 {
			fails = append(fails, "drew "+num(x)+" outside the support")
			continue
		}
		if se := math.Sqrt(p * (1 - p) / n); math.Abs(c/n-p) > 5*se+1e-12 {
			fails = append(fails, "P("+num(x)+"): frequency "+num(c/n)+" vs pmf "+num(p))
		}
	}
	return fails
}

// TestDiscreteFrequencies draws n = 20000 values through Sample and checks
// the frequencies against an independent pmf, then against a nearby wrong
// pmf, which must be rejected.
func TestDiscreteFrequencies(t *testing.T) {
	const n = 20000
	for i, c := range discreteCases() {
		t.Run(c.name, func(t *testing.T) {
			rng := newRNG(t, 100+uint64(i))
			xs := make([]float64, n)
			c.d.Sample(rng, xs)
			for _, f := range freqCheck(xs, c.pmf, c.support) {
				t.Errorf("%s: %s", c.d, f)
			}
			if len(freqCheck(xs, c.wrong, c.support)) == 0 {
				t.Errorf("%s: frequencies also fit the wrong pmf", c.d)
			}
		})
	}
}

// TestDiscreteCDFQuantile checks CDF against the cumulated pmf and that
// Quantile(p) is the smallest support point with CDF >= p.
func TestDiscreteCDFQuantile(t *testing.T) {
	for _, c := range discreteCases() {
		t.Run(c.name, func(t *testing.T) {
			var cum float64
			prevCDF := 0.0
			for _, x := range c.support {
				cum += c.pmf(x)
				if got := c.d.CDF(x); math.Abs(got-cum) > 1e-9 {
					t.Errorf("%s: CDF(%g) = %.12g, summed pmf %.12g", c.d, x, got, cum)
				}
				// Quantile at probabilities just above the previous CDF and at this one.
				for _, p := range []float64{prevCDF + 1e-9, cum - 1e-9} {
					if c.pmf(x) < 1e-8 || p <= 0 || p >= 1 {
						continue
					}
					if q := c.d.Quantile(p); q != x {
						t.Errorf("%s: Quantile(%.12g) = %g, want %g", c.d, p, q, x)
					}
				}
				prevCDF = cum
			}
		})
	}
}

func TestDiscreteQuantileExtremes(t *testing.T) {
	tests := []struct {
		d    Distribution
		p    float64
		want float64
	}{
		{mustD(NewPoisson(3)), 0, 0},
		{mustD(NewPoisson(3)), 1, math.Inf(1)},
		{mustD(NewPoisson(1e6)), 0.5, 1e6},
		{mustD(NewBinomial(10, 0.3)), 1, 10},
		{mustD(NewBinomial(10, 0.3)), 0, 0},
		{mustD(NewBinomial(10, 0)), 0.5, 0},
		{mustD(NewBinomial(10, 1)), 0.5, 10},
		{mustD(NewNegativeBinomial(2, 0.4)), 0, 0},
		{mustD(NewNegativeBinomial(2, 0.4)), 0.16, 0},
		{mustD(NewNegativeBinomial(2, 0.4)), 0.1600001, 1},
		{mustD(NewNegativeBinomial(2, 0.4)), 1, math.Inf(1)},
		{mustD(NewNegativeBinomial(2, 1)), 1, 0},
		{mustD(NewNegativeBinomialMean(0, 2)), 0.5, 0},
		{mustD(NewBernoulli(0.7)), 0.3, 0},
		{mustD(NewBernoulli(0.7)), 0.31, 1},
		{mustD(NewDiscrete([]float64{3, 1}, []float64{1, 1})), 0, 1},
		{mustD(NewDiscrete([]float64{3, 1}, []float64{1, 1})), 0.5, 1},
		{mustD(NewDiscrete([]float64{3, 1}, []float64{1, 1})), 0.51, 3},
		{mustD(NewDiscrete([]float64{3, 1}, []float64{1, 1})), 1, 3},
		{Constant(-2), 0.3, -2},
	}
	for _, tt := range tests {
		if got := tt.d.Quantile(tt.p); got != tt.want {
			t.Errorf("%s.Quantile(%g) = %g, want %g", tt.d, tt.p, got, tt.want)
		}
	}
}

// TestHugeCountQuantileTerminates: beyond 2^53 consecutive integers are not
// representable, so the integer bisection must stop on float spacing.
func TestHugeCountQuantileTerminates(t *testing.T) {
	for _, lambda := range []float64{1e17, 1e300} {
		d := mustD(NewPoisson(lambda))
		done := make(chan float64, 1)
		go func() { done <- d.Quantile(0.5) }()
		select {
		case q := <-done:
			if math.Abs(q-lambda) > 1e-6*lambda {
				t.Errorf("poisson(%g).Quantile(0.5) = %g", lambda, q)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("poisson(%g).Quantile(0.5) does not return", lambda)
		}
	}
}
