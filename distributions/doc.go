// Package distributions provides the univariate probability distributions that
// scenario inputs draw from.
//
// Every distribution is a small immutable value that satisfies Distribution:
// it fills a caller-owned buffer with draws from a caller-owned generator, and
// it exposes its quantile function, CDF and mean, so that samplers other than
// plain Monte Carlo (Latin hypercube, Sobol, copulas) can drive it through
// Quantile. Families that gonum.org/v1/gonum/stat/distuv provides are thin
// wrappers over distuv; the package writes only what distuv lacks (PERT,
// mixtures, truncation, weighted discrete values, percentile constructors,
// the negative binomial of real r, quantiles of the Poisson, binomial and
// negative binomial distributions) or gets wrong at
// extreme parameters: the regularized incomplete beta function for shapes of
// 30 and more (binomial, negative binomial, beta and PERT CDFs; see incbeta.go), and upper
// tails computed directly rather than as 1 - CDF (see tail.go), which
// truncation to a far upper tail and mixtures rely on. Each doc comment of a
// CDF or Quantile says how it is computed; extremes_test.go checks them at
// extreme parameters against independently computed values.
//
// Values are safe for concurrent use: Sample keeps no state between calls and
// allocates nothing, so each worker passes its own *rand.Rand. The same
// generator state gives bit-identical draws. The hottest families (normal,
// lognormal, uniform, triangular, Bernoulli) are also PCGSamplers: given
// the *rand.PCG itself, SamplePCG makes the same draws faster.
//
// Constructors validate their parameters (NaN and infinities included) and
// return an error whose text names the family and the offending value
// ("triangular: mode 15 outside [0, 10]", "3.5 to 2: the low end must be
// below the high end"); callers add the position in their own file.
// Quantile panics for p outside [0, 1], a programmer error.
//
// For parameters that change from one value to the next (a scenario input
// such as pert(1, mode, 5) with mode itself uncertain), BetaQuantile,
// GammaQuantile, BinomialQuantile, PoissonQuantile, NegBinomialQuantile,
// NegBinomialMeanQuantile and TriangularQuantile
// compute a family's Quantile at given parameters without building a
// distribution: no allocation, and NaN instead of an error or a panic for
// invalid parameters or p.
//
// String renders the scenario syntax the distribution was written in, so
// that it parses back to the same distribution:
//
//	3.5 to 4.5                      NewRange: P5 and P95; lognormal if both ends > 0, else normal
//	normal(10, 2)                   NewNormal(mean, sd)
//	normal(p10=5, p90=9)            NewNormalFromPercentiles
//	lognormal(0, 1)                 NewLogNormal(mu, sigma) of the logarithm
//	lognormal(p5=3.5, p95=4.5)      NewLogNormalFromPercentiles
//	uniform(1, 2)                   NewUniform(min, max)
//	triangular(1.2, 1.3, 1.6)       NewTriangular(min, mode, max)
//	pert(1, 2, 5)                   NewPERT(min, mode, max)
//	pert(1, 2, 5, lambda=2)         NewModifiedPERT(min, mode, max, lambda)
//	beta(2, 3)                      NewBeta(alpha, beta)
//	gamma(2, 0.5)                   NewGamma(shape, scale)
//	exponential(0.1)                NewExponential(rate)
//	weibull(1.5, 2)                 NewWeibull(shape k, scale lambda)
//	studentt(3, 0, 1)               NewStudentT(nu, mu, sigma)
//	pareto(1, 2.5)                  NewPareto(xm, alpha)
//	poisson(3)                      NewPoisson(lambda)
//	binomial(10, 0.3)               NewBinomial(n, p)
//	negbinomial(2, 0.4)             NewNegativeBinomial(r, p)
//	negbinomial(mean=3, r=2)        NewNegativeBinomialMean(mean, r)
//	bernoulli(0.7)                  NewBernoulli(p)
//	discrete(1: 0.2, 2: 0.8)        NewDiscrete(values, weights)
//	mixture(0.3: normal(0, 1), 0.7: 1 to 2)   NewMixture(components, weights)
//	truncate(normal(0, 1), 0, inf)  NewTruncated(d, lo, hi)
//	42                              Constant(42)
package distributions
