package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Gamma is the gamma distribution with a shape and a scale (mean shape*scale).
// Build it with NewGamma. Note that distuv.Gamma takes the rate 1/scale.
type Gamma struct {
	shape, scale float64
}

var _ Distribution = Gamma{}

// NewGamma returns the gamma distribution with the given shape and scale (both > 0).
func NewGamma(shape, scale float64) (Distribution, error) {
	if err := firstErr(positive("gamma", "shape", shape), positive("gamma", "scale", scale)); err != nil {
		return nil, err
	}
	return Gamma{shape: shape, scale: scale}, nil
}

func (g Gamma) dist() distuv.Gamma { return distuv.Gamma{Alpha: g.shape, Beta: 1 / g.scale} }

// Sample fills dst with draws from distuv.Gamma.Rand (Marsaglia–Tsang, or
// Liu–Martin–Syring for shape < 0.2).
func (g Gamma) Sample(rng *rand.Rand, dst []float64) {
	d := distuv.Gamma{Alpha: g.shape, Beta: 1 / g.scale, Src: rng}
	for i := range dst {
		dst[i] = d.Rand()
	}
}

// Quantile returns the p-quantile: mathext.GammaIncRegInv for p <= 1/2 and
// GammaIncRegCompInv of 1-p above, each checked against the CDF (or the
// survival function) and refined by bisection where it misses by more than
// 1e-10 relative (refineQuantile).
func (g Gamma) Quantile(p float64) float64 {
	checkP(p)
	switch {
	case p == 0:
		return 0
	case p > 0.5:
		return g.upperQuantile(1 - p)
	}
	d := g.dist()
	return refineQuantile(d.Quantile(p), p, d.CDF, 0, math.Inf(1))
}

// CDF returns P(X <= x), the regularized lower incomplete gamma function
// (mathext.GammaIncReg, Cephes igam).
func (g Gamma) CDF(x float64) float64 { return g.dist().CDF(x) }

// survival returns P(X > x), the regularized upper incomplete gamma function.
func (g Gamma) survival(x float64) float64 { return g.dist().Survival(x) }

// upperQuantile returns the smallest x with P(X > x) <= q.
func (g Gamma) upperQuantile(q float64) float64 {
	if q == 0 {
		return math.Inf(1)
	}
	if q > 0.5 {
		return g.Quantile(1 - q)
	}
	x := mathext.GammaIncRegCompInv(g.shape, q) * g.scale
	return refineUpper(x, q, g.survival, 0, math.Inf(1))
}

// Mean returns shape*scale.
func (g Gamma) Mean() float64 { return g.shape * g.scale }

// Variance returns shape*scale².
func (g Gamma) Variance() float64 { return g.shape * g.scale * g.scale }

// String returns "gamma(shape, scale)".
func (g Gamma) String() string { return "gamma(" + num(g.shape) + ", " + num(g.scale) + ")" }

// Exponential is the exponential distribution with a rate (mean 1/rate). Build it with NewExponential.
type Exponential struct {
	rate float64
}

var _ Distribution = Exponential{}

// NewExponential returns the exponential distribution with the given rate > 0.
func NewExponential(rate float64) (Distribution, error) {
	if err := positive("exponential", "rate", rate); err != nil {
		return nil, err
	}
	return Exponential{rate: rate}, nil
}

// Sample fills dst with rng.ExpFloat64()/rate.
func (e Exponential) Sample(rng *rand.Rand, dst []float64) {
	rate := e.rate
	for i := range dst {
		dst[i] = rng.ExpFloat64() / rate
	}
}

// Quantile returns the p-quantile -log(1-p)/rate, computed with log1p so
// that small p keep their precision (distuv uses log(1-p)).
func (e Exponential) Quantile(p float64) float64 {
	checkP(p)
	return -math.Log1p(-p) / e.rate
}

// CDF returns P(X <= x).
func (e Exponential) CDF(x float64) float64 { return distuv.Exponential{Rate: e.rate}.CDF(x) }

// survival returns P(X > x) = exp(-rate·x).
func (e Exponential) survival(x float64) float64 { return distuv.Exponential{Rate: e.rate}.Survival(x) }

// upperQuantile returns -log(q)/rate.
func (e Exponential) upperQuantile(q float64) float64 { return -math.Log(q) / e.rate }

// Mean returns 1/rate.
func (e Exponential) Mean() float64 { return 1 / e.rate }

// Variance returns 1/rate².
func (e Exponential) Variance() float64 { return 1 / (e.rate * e.rate) }

// String returns "exponential(rate)".
func (e Exponential) String() string { return "exponential(" + num(e.rate) + ")" }

// Weibull is the Weibull distribution with shape k and scale lambda:
// CDF 1 - exp(-(x/lambda)^k) for x >= 0. Build it with NewWeibull.
type Weibull struct {
	k, lambda float64
}

var _ Distribution = Weibull{}

// NewWeibull returns the Weibull distribution with shape k > 0 and scale lambda > 0.
func NewWeibull(k, lambda float64) (Distribution, error) {
	if err := firstErr(positive("weibull", "k", k), positive("weibull", "lambda", lambda)); err != nil {
		return nil, err
	}
	return Weibull{k: k, lambda: lambda}, nil
}

func (w Weibull) dist() distuv.Weibull { return distuv.Weibull{K: w.k, Lambda: w.lambda} }

// Sample fills dst with lambda * E^(1/k), E standard exponential: if E ~ Exp(1)
// then P(lambda E^(1/k) > x) = exp(-(x/lambda)^k).
func (w Weibull) Sample(rng *rand.Rand, dst []float64) {
	lambda, invK := w.lambda, 1/w.k
	for i := range dst {
		dst[i] = lambda * math.Pow(rng.ExpFloat64(), invK)
	}
}

// Quantile returns the p-quantile lambda*(-log(1-p))^(1/k), computed with
// log1p so that small p keep their precision (distuv uses log(1-p)).
func (w Weibull) Quantile(p float64) float64 {
	checkP(p)
	return w.lambda * math.Pow(-math.Log1p(-p), 1/w.k)
}

// CDF returns P(X <= x).
func (w Weibull) CDF(x float64) float64 { return w.dist().CDF(x) }

// survival returns P(X > x) = exp(-(x/lambda)^k).
func (w Weibull) survival(x float64) float64 {
	if x <= 0 {
		return 1
	}
	return math.Exp(-math.Pow(x/w.lambda, w.k))
}

// upperQuantile returns lambda·(-log q)^(1/k).
func (w Weibull) upperQuantile(q float64) float64 { return w.lambda * math.Pow(-math.Log(q), 1/w.k) }

// Mean returns lambda*Γ(1 + 1/k).
func (w Weibull) Mean() float64 { return w.dist().Mean() }

// Variance returns lambda²(Γ(1 + 2/k) - Γ(1 + 1/k)²).
func (w Weibull) Variance() float64 { return w.dist().Variance() }

// String returns "weibull(k, lambda)".
func (w Weibull) String() string { return "weibull(" + num(w.k) + ", " + num(w.lambda) + ")" }
