package distributions

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// The quantile functions of this file serve distributions whose
// parameters change from one value to the next (an input such as
// pert(1, mode, 5) with mode itself uncertain): each is the Quantile
// method of the family's distribution, at parameters checked as its
// constructor checks them, without building a Distribution (no
// allocation, no error value). They return NaN where the parameters are
// invalid or p is outside [0, 1].

// isProb reports whether p is in [0, 1].
func isProb(p float64) bool { return p >= 0 && p <= 1 }

// pos reports whether v is finite and > 0, as positive checks.
func pos(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

// BetaQuantile returns the p-quantile of beta(alpha, beta), as
// Beta.Quantile computes it, or NaN unless alpha, beta > 0 are finite.
func BetaQuantile(alpha, beta, p float64) float64 {
	if !pos(alpha) || !pos(beta) || !isProb(p) {
		return math.NaN()
	}
	return betaQuantile(alpha, beta, p)
}

// modalOK reports whether min, mode and max are valid parameters of a
// triangular or PERT distribution: finite, min < max and mode in [min,
// max] (what checkModal checks).
func modalOK(min, mode, max float64) bool {
	return isFinite(min) && isFinite(mode) && isFinite(max) && min < max && mode >= min && mode <= max
}

// GammaQuantile returns the p-quantile of gamma(shape, scale), as
// Gamma.Quantile computes it, or NaN unless shape, scale > 0 are finite.
func GammaQuantile(shape, scale, p float64) float64 {
	if !pos(shape) || !pos(scale) || !isProb(p) {
		return math.NaN()
	}
	return Gamma{shape: shape, scale: scale}.Quantile(p)
}

// BinomialQuantile returns the p-quantile of binomial(n, prob), as
// Binomial.Quantile computes it, or NaN unless n is a whole number in
// [1, 2^53] and prob is in [0, 1].
func BinomialQuantile(n, prob, p float64) float64 {
	if !(n >= 1 && n == math.Floor(n) && n <= 1<<53) || !isProb(prob) || !isProb(p) {
		return math.NaN()
	}
	return Binomial{n: n, p: prob}.Quantile(p)
}

// PoissonQuantile returns the p-quantile of poisson(lambda), as
// Poisson.Quantile computes it, or NaN unless lambda > 0 is finite.
func PoissonQuantile(lambda, p float64) float64 {
	if !pos(lambda) || !isProb(p) {
		return math.NaN()
	}
	return Poisson{lambda: lambda}.Quantile(p)
}

// NegBinomialQuantile returns the p-quantile of negbinomial(r, prob), as
// NegativeBinomial.Quantile computes it, or NaN unless r > 0 is finite,
// prob is in (0, 1] and the mean r(1-prob)/prob is at most
// MaxNegBinomialMean.
func NegBinomialQuantile(r, prob, p float64) float64 {
	if !pos(r) || !(prob > 0 && prob <= 1) || !isProb(p) {
		return math.NaN()
	}
	d := NegativeBinomial{r: r, p: prob, q: 1 - prob}
	d.mean = r * d.q / prob
	if !d.meanOK() {
		return math.NaN()
	}
	return d.Quantile(p)
}

// NegBinomialMeanQuantile returns the p-quantile of
// negbinomial(mean=mean, r=r), as the Quantile of NewNegativeBinomialMean
// computes it, or NaN unless mean >= 0 and r > 0 are finite and the mean
// is at most MaxNegBinomialMean.
func NegBinomialMeanQuantile(mean, r, p float64) float64 {
	if !(mean >= 0 && mean <= MaxNegBinomialMean) || !pos(r) || !isProb(p) {
		return math.NaN()
	}
	s := r + mean
	d := NegativeBinomial{r: r, p: r / s, q: mean / s, mean: mean}
	if !(d.p > 0) {
		return math.NaN()
	}
	return d.Quantile(p)
}

// TriangularQuantile returns the p-quantile of triangular(min, mode, max),
// by the inverse CDF Triangular.Quantile uses (distuv.Triangle.Quantile),
// or NaN unless min < max and mode is in [min, max], all finite.
func TriangularQuantile(min, mode, max, p float64) float64 {
	if !modalOK(min, mode, max) || !isProb(p) {
		return math.NaN()
	}
	w := max - min
	if p < (mode-min)/w {
		return min + math.Sqrt(p*w*(mode-min))
	}
	return max - math.Sqrt((1-p)*w*(max-mode))
}

// WeibullQuantile returns the p-quantile of weibull(k, lambda), as
// Weibull.Quantile computes it, or NaN unless k, lambda > 0 are finite.
func WeibullQuantile(k, lambda, p float64) float64 {
	if !pos(k) || !pos(lambda) || !isProb(p) {
		return math.NaN()
	}
	return Weibull{k: k, lambda: lambda}.Quantile(p)
}

// ParetoQuantile returns the p-quantile of pareto(xm, alpha), as
// Pareto.Quantile computes it, or NaN unless xm, alpha > 0 are finite.
func ParetoQuantile(xm, alpha, p float64) float64 {
	if !pos(xm) || !pos(alpha) || !isProb(p) {
		return math.NaN()
	}
	return Pareto{xm: xm, alpha: alpha}.Quantile(p)
}

// StudentTQuantile returns the p-quantile of studentt(nu, 0, sigma), as
// StudentT.Quantile computes it (sigma·t(p), or -(sigma·t(1-p)) for p >
// 1/2), or NaN unless nu > 0 is finite and sigma >= 0 is finite. mu plus
// it is the quantile of studentt(nu, mu, sigma) to the bit.
func StudentTQuantile(nu, sigma, p float64) float64 {
	if !pos(nu) || !(sigma >= 0) || math.IsInf(sigma, 1) || !isProb(p) {
		return math.NaN()
	}
	return StudentT{nu: nu, sigma: sigma}.Quantile(p)
}

// LogNormalMeanQuantile returns the p-quantile of the lognormal with mean
// mean and standard deviation sd, as the Quantile of NewLogNormalMean
// computes it, or NaN unless mean > 0 and sd >= 0 are finite (sd = 0 is the
// constant mean, to rounding).
func LogNormalMeanQuantile(mean, sd, p float64) float64 {
	if !pos(mean) || !(sd >= 0) || math.IsInf(sd, 1) || !isProb(p) {
		return math.NaN()
	}
	mu, sigma := logNormalMoments(mean, sd)
	return LogNormal{mu: mu, sigma: sigma}.Quantile(p)
}

// z05 and z95 are the standard normal quantiles of 0.05 and 0.95, as
// NewRange's fit computes them.
var z05, z95 = distuv.UnitNormal.Quantile(0.05), distuv.UnitNormal.Quantile(0.95)

// RangeQuantile returns the p-quantile of "lo to hi", as the Quantile of
// NewRange(lo, hi) computes it (lognormal when 0 < lo, else normal), or
// NaN unless lo < hi are finite.
func RangeQuantile(lo, hi, p float64) float64 {
	if !isFinite(lo) || !isFinite(hi) || !(lo < hi) || !isProb(p) {
		return math.NaN()
	}
	if lo > 0 {
		mu, sigma := solvePercentiles(math.Log(lo), math.Log(hi), z05, z95, true)
		return LogNormal{mu: mu, sigma: sigma}.Quantile(p)
	}
	mu, sigma := solvePercentiles(lo, hi, z05, z95, true)
	return Normal{mu: mu, sigma: sigma}.Quantile(p)
}
