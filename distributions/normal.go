package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/montecarlo-risk/montecarlo/internal/blockmath"
	"github.com/montecarlo-risk/montecarlo/internal/pcgrand"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Normal is the normal (Gaussian) distribution. Build it with NewNormal,
// NewNormalFromPercentiles or NewRange; the zero value is not usable.
type Normal struct {
	mu, sigma float64
	spec      string // scenario text when built from percentiles, else ""
}

var (
	_ Distribution = Normal{}
	_ PCGSampler   = Normal{}
)

// NewNormal returns the normal distribution with mean mu and standard deviation sigma > 0.
func NewNormal(mu, sigma float64) (Distribution, error) {
	const family = "normal"
	if err := firstErr(finite(family, "mean", mu), positive(family, "sd", sigma)); err != nil {
		return nil, err
	}
	return Normal{mu: mu, sigma: sigma}, nil
}

// NewNormalFromPercentiles returns the normal distribution whose p1- and p2-quantiles are x1 and x2.
//
// The percentiles may be given in either order; p1 and p2 must differ and lie
// in (0, 1), and the quantile at the larger probability must be the larger
// value. String renders "normal(p5=1, p95=3)" in the order given.
func NewNormalFromPercentiles(p1, x1, p2, x2 float64) (Distribution, error) {
	mu, sigma, err := fitPercentiles("normal", false, p1, x1, p2, x2)
	if err != nil {
		return nil, err
	}
	return Normal{mu: mu, sigma: sigma, spec: percentileSpec("normal", p1, x1, p2, x2)}, nil
}

// fitPercentiles validates two (probability, value) pairs and solves
// mu + sigma*z(p) = t(x) for both, where z is the standard normal quantile
// and t is the logarithm when logScale is set (the values must then be > 0).
// Two linear equations in (mu, sigma): exact up to rounding.
func fitPercentiles(family string, logScale bool, p1, x1, p2, x2 float64) (mu, sigma float64, err error) {
	for _, p := range []float64{p1, p2} {
		if !(p > 0 && p < 1) {
			return 0, 0, fmt.Errorf("%s: percentile must be in (0, 1), got %s", family, num(p))
		}
	}
	if p1 == p2 {
		return 0, 0, fmt.Errorf("%s: percentile %s given twice", family, pctLabel(p1))
	}
	if err := firstErr(finite(family, pctLabel(p1), x1), finite(family, pctLabel(p2), x2)); err != nil {
		return 0, 0, err
	}
	if logScale {
		for _, pv := range [][2]float64{{p1, x1}, {p2, x2}} {
			if pv[1] <= 0 {
				return 0, 0, fmt.Errorf("%s: percentiles must be > 0, got %s=%s", family, pctLabel(pv[0]), num(pv[1]))
			}
		}
	}
	if p1 > p2 {
		p1, x1, p2, x2 = p2, x2, p1, x1
	}
	if !(x1 < x2) {
		return 0, 0, fmt.Errorf("%s: %s=%s must be above %s=%s",
			family, pctLabel(p2), num(x2), pctLabel(p1), num(x1))
	}
	t1, t2 := x1, x2
	if logScale {
		t1, t2 = math.Log(x1), math.Log(x2)
	}
	z1 := distuv.UnitNormal.Quantile(p1)
	z2 := distuv.UnitNormal.Quantile(p2)
	mu, sigma = solvePercentiles(t1, t2, z1, z2, math.Abs(p1+p2-1) < 1e-12)
	if !isFinite(mu) || !(sigma > 0) || math.IsInf(sigma, 0) {
		return 0, 0, fmt.Errorf("%s: percentiles %s=%s and %s=%s give no usable distribution",
			family, pctLabel(p1), num(x1), pctLabel(p2), num(x2))
	}
	// The mean, and draws out to about 6 standard deviations, must be
	// representable: otherwise trials would overflow to infinity.
	if logScale && math.IsInf(math.Exp(mu+6*sigma+sigma*sigma/2), 0) {
		return 0, 0, fmt.Errorf("%s: %s=%s and %s=%s give values too large for float64; express them in a larger unit (e.g. billions)",
			family, pctLabel(p1), num(x1), pctLabel(p2), num(x2))
	}
	return mu, sigma, nil
}

// solvePercentiles solves mu + sigma*z1 = t1 and mu + sigma*z2 = t2 (z1 <
// z2). For percentiles symmetric about the median (p and 1-p, as in "a to
// b") the median is the midpoint, exactly: z(p) = -z(1-p), but the two
// computed quantiles differ in the last bits (0.05 and 0.95 are not
// symmetric in binary), which would put "-5 to 5" at mean 1.8e-15, so
// then only z1 is used (the lower tail is the more accurate one). It is
// the one solution of NewNormalFromPercentiles, NewRange and RangeQuantile.
func solvePercentiles(t1, t2, z1, z2 float64, symmetric bool) (mu, sigma float64) {
	if symmetric {
		z := -z1
		return t1/2 + t2/2, (t2 - t1) / (2 * z)
	}
	sigma = (t2 - t1) / (z2 - z1)
	return t1 - sigma*z1, sigma
}

// percentileSpec renders "family(p5=x1, p95=x2)".
func percentileSpec(family string, p1, x1, p2, x2 float64) string {
	return family + "(" + pctLabel(p1) + "=" + num(x1) + ", " + pctLabel(p2) + "=" + num(x2) + ")"
}

// Mu returns the mean.
func (n Normal) Mu() float64 { return n.mu }

// Sigma returns the standard deviation.
func (n Normal) Sigma() float64 { return n.sigma }

// Sample fills dst with draws mu + sigma*Z, Z from rng.NormFloat64.
func (n Normal) Sample(rng *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = rng.NormFloat64()
	}
	n.fromStandard(dst)
}

// SamplePCG is Sample's draws from pcg directly (see PCGSampler).
func (n Normal) SamplePCG(pcg *rand.PCG, dst []float64) {
	pcgrand.NormFloat64s(pcg, dst)
	n.fromStandard(dst)
}

// fromStandard replaces every standard normal z in zs by mu + sigma*z.
func (n Normal) fromStandard(zs []float64) {
	mu, sigma := n.mu, n.sigma
	for i, z := range zs {
		zs[i] = mu + sigma*z
	}
}

// Quantile returns the p-quantile mu + sigma·Φ⁻¹(p) (mathext.NormalQuantile,
// Wichura's AS241, about 1e-16 relative down to p = 1e-300).
func (n Normal) Quantile(p float64) float64 {
	checkP(p)
	return distuv.Normal{Mu: n.mu, Sigma: n.sigma}.Quantile(p)
}

// CDF returns P(X <= x) = erfc(-(x-mu)/(sigma·√2))/2, accurate relative to
// itself in the lower tail (math.Erfc).
func (n Normal) CDF(x float64) float64 { return distuv.Normal{Mu: n.mu, Sigma: n.sigma}.CDF(x) }

// survival returns P(X > x) = erfc((x-mu)/(sigma·√2))/2.
func (n Normal) survival(x float64) float64 {
	return 0.5 * math.Erfc((x-n.mu)/(n.sigma*math.Sqrt2))
}

// upperQuantile returns mu - sigma·Φ⁻¹(q).
func (n Normal) upperQuantile(q float64) float64 {
	return n.mu - n.sigma*mathext.NormalQuantile(q)
}

// Mean returns mu.
func (n Normal) Mean() float64 { return n.mu }

// Variance returns sigma².
func (n Normal) Variance() float64 { return n.sigma * n.sigma }

// String returns "normal(mu, sigma)", or the percentile or range form it was built from.
func (n Normal) String() string {
	if n.spec != "" {
		return n.spec
	}
	return "normal(" + num(n.mu) + ", " + num(n.sigma) + ")"
}

// LogNormal is the distribution of exp(Y) for Y normal(mu, sigma). Build it
// with NewLogNormal, NewLogNormalFromPercentiles or NewRange.
type LogNormal struct {
	mu, sigma float64
	spec      string
}

var (
	_ Distribution = LogNormal{}
	_ PCGSampler   = LogNormal{}
)

// NewLogNormal returns the lognormal distribution whose logarithm is normal(mu, sigma), sigma > 0.
func NewLogNormal(mu, sigma float64) (Distribution, error) {
	const family = "lognormal"
	if err := firstErr(finite(family, "mu", mu), positive(family, "sigma", sigma)); err != nil {
		return nil, err
	}
	return LogNormal{mu: mu, sigma: sigma}, nil
}

// NewLogNormalMean returns the lognormal distribution whose mean is mean >
// 0 and whose standard deviation is sd > 0 (of the value itself, not of its
// logarithm). String renders it as "lognormal(mu, sigma)".
func NewLogNormalMean(mean, sd float64) (Distribution, error) {
	if !(mean > 0) {
		return nil, fmt.Errorf("lognormal: mean must be > 0, got %g", mean)
	}
	if !(sd > 0) {
		return nil, fmt.Errorf("lognormal: sd must be > 0, got %g", sd)
	}
	if err := firstErr(finite("lognormal", "mean", mean), finite("lognormal", "sd", sd)); err != nil {
		return nil, err
	}
	mu, sigma := logNormalMoments(mean, sd)
	return NewLogNormal(mu, sigma)
}

// logNormalMoments returns the mu and sigma of the lognormal with the given
// mean and sd: mean = exp(mu + s2/2) and sd² = (exp(s2) - 1) mean², solved
// for mu and s2 = sigma² (Johnson, Kotz & Balakrishnan, Continuous
// Univariate Distributions vol. 1, 2nd ed., eq. 14.8a-b).
func logNormalMoments(mean, sd float64) (mu, sigma float64) {
	cv := sd / mean // the ratio first, so that huge values do not overflow
	s2 := math.Log1p(cv * cv)
	return math.Log(mean) - s2/2, math.Sqrt(s2)
}

// NewLogNormalFromPercentiles returns the lognormal distribution whose p1- and p2-quantiles are x1 and x2.
//
// Both values must be > 0; otherwise the rules of NewNormalFromPercentiles
// apply (to the logarithms). String renders "lognormal(p5=3.5, p95=4.5)".
func NewLogNormalFromPercentiles(p1, x1, p2, x2 float64) (Distribution, error) {
	const family = "lognormal"
	mu, sigma, err := fitPercentiles(family, true, p1, x1, p2, x2)
	if err != nil {
		return nil, err
	}
	return LogNormal{mu: mu, sigma: sigma, spec: percentileSpec(family, p1, x1, p2, x2)}, nil
}

// NewRange returns the distribution for "lo to hi": a 90% interval (P5 = lo, P95 = hi),
// lognormal when 0 < lo < hi and normal otherwise.
//
// This is the convention of Guesstimate and Squiggle's "5 to 10". String
// renders "lo to hi".
func NewRange(lo, hi float64) (Distribution, error) {
	spec := num(lo) + " to " + num(hi)
	if !isFinite(lo) || !isFinite(hi) {
		return nil, fmt.Errorf("%s: both ends must be finite numbers", spec)
	}
	if !(lo < hi) {
		return nil, fmt.Errorf("%s: the low end must be below the high end", spec)
	}
	if lo > 0 {
		mu, sigma, err := fitPercentiles("lognormal", true, 0.05, lo, 0.95, hi)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
		return LogNormal{mu: mu, sigma: sigma, spec: spec}, nil
	}
	mu, sigma, err := fitPercentiles("normal", false, 0.05, lo, 0.95, hi)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec, err)
	}
	return Normal{mu: mu, sigma: sigma, spec: spec}, nil
}

// Mu returns the mean of the logarithm.
func (l LogNormal) Mu() float64 { return l.mu }

// Sigma returns the standard deviation of the logarithm.
func (l LogNormal) Sigma() float64 { return l.sigma }

// Sample fills dst with draws exp(mu + sigma*Z), the exponentials taken
// over the whole block by blockmath.Exp (within 1 ulp of e^x).
func (l LogNormal) Sample(rng *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = rng.NormFloat64()
	}
	l.fromStandard(dst)
}

// SamplePCG is Sample's draws from pcg directly (see PCGSampler).
func (l LogNormal) SamplePCG(pcg *rand.PCG, dst []float64) {
	pcgrand.NormFloat64s(pcg, dst)
	l.fromStandard(dst)
}

// fromStandard replaces every standard normal z in zs by exp(mu + sigma*z).
func (l LogNormal) fromStandard(zs []float64) {
	mu, sigma := l.mu, l.sigma
	for i, z := range zs {
		zs[i] = mu + sigma*z
	}
	blockmath.Exp(zs)
}

// Quantile returns the p-quantile exp(mu + sigma·Φ⁻¹(p)).
func (l LogNormal) Quantile(p float64) float64 {
	checkP(p)
	return distuv.LogNormal{Mu: l.mu, Sigma: l.sigma}.Quantile(p)
}

// CDF returns P(X <= x) = erfc(-(log x - mu)/(sigma·√2))/2.
func (l LogNormal) CDF(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return distuv.LogNormal{Mu: l.mu, Sigma: l.sigma}.CDF(x)
}

// survival returns P(X > x) = erfc((log x - mu)/(sigma·√2))/2.
func (l LogNormal) survival(x float64) float64 {
	if x <= 0 {
		return 1
	}
	return 0.5 * math.Erfc((math.Log(x)-l.mu)/(l.sigma*math.Sqrt2))
}

// upperQuantile returns exp(mu - sigma·Φ⁻¹(q)).
func (l LogNormal) upperQuantile(q float64) float64 {
	return math.Exp(l.mu - l.sigma*mathext.NormalQuantile(q))
}

// Mean returns exp(mu + sigma²/2).
func (l LogNormal) Mean() float64 { return distuv.LogNormal{Mu: l.mu, Sigma: l.sigma}.Mean() }

// Variance returns (exp(sigma²) - 1) exp(2mu + sigma²).
func (l LogNormal) Variance() float64 {
	s2 := l.sigma * l.sigma
	return math.Expm1(s2) * math.Exp(2*l.mu+s2)
}

// String returns "lognormal(mu, sigma)", or the percentile or range form it was built from.
func (l LogNormal) String() string {
	if l.spec != "" {
		return l.spec
	}
	return "lognormal(" + num(l.mu) + ", " + num(l.sigma) + ")"
}

// mass returns P(a < X <= b) (see stdNormalMass).
func (n Normal) mass(a, b float64) float64 {
	return stdNormalMass((a-n.mu)/n.sigma, (b-n.mu)/n.sigma)
}

// mass returns P(a < X <= b): the normal mass between the logarithms.
func (l LogNormal) mass(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	za := math.Inf(-1)
	if a > 0 {
		za = (math.Log(a) - l.mu) / l.sigma
	}
	return stdNormalMass(za, (math.Log(b)-l.mu)/l.sigma)
}

// stdNormalMass returns Φ(b) - Φ(a) for a <= b without the cancellation of
// the difference where a and b are close: over an interval on which φ
// varies by less than a factor e (width times max(1, |a|, |b|) below 1) it
// integrates φ by 12-point Gauss–Legendre quadrature (error below 1e-16
// relative there); otherwise it subtracts the tails on the side away from
// 0, which then differ by at least that factor.
func stdNormalMass(a, b float64) float64 {
	switch {
	case !(a < b):
		return 0
	case a >= 0:
		if h := b - a; h*max(1, b) < 1 {
			return quad.Fixed(stdNormalPDF, a, b, 12, quad.Legendre{}, 0)
		}
		return 0.5*math.Erfc(a/math.Sqrt2) - 0.5*math.Erfc(b/math.Sqrt2)
	case b <= 0:
		if h := b - a; h*max(1, -a) < 1 {
			return quad.Fixed(stdNormalPDF, a, b, 12, quad.Legendre{}, 0)
		}
		return 0.5*math.Erfc(-b/math.Sqrt2) - 0.5*math.Erfc(-a/math.Sqrt2)
	}
	return 1 - 0.5*math.Erfc(-a/math.Sqrt2) - 0.5*math.Erfc(b/math.Sqrt2)
}

func stdNormalPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
