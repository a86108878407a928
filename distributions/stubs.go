package distributions

// CONTRACT STUBS: the distributions helper replaces this file with real implementations
// (one file per family). Signatures are fixed: scenario/ compiles against them.

import "errors"

var errTODO = errors.New("not implemented yet")

// Constant returns a distribution that always yields v.
func Constant(v float64) Distribution { panic("todo") }

// NewNormal returns the normal distribution with mean mu and standard deviation sigma > 0.
func NewNormal(mu, sigma float64) (Distribution, error) { return nil, errTODO }

// NewLogNormal returns the lognormal distribution whose logarithm is normal(mu, sigma), sigma > 0.
func NewLogNormal(mu, sigma float64) (Distribution, error) { return nil, errTODO }

// NewNormalFromPercentiles returns the normal distribution whose p1- and p2-quantiles are x1 and x2.
func NewNormalFromPercentiles(p1, x1, p2, x2 float64) (Distribution, error) { return nil, errTODO }

// NewLogNormalFromPercentiles returns the lognormal distribution whose p1- and p2-quantiles are x1 and x2.
func NewLogNormalFromPercentiles(p1, x1, p2, x2 float64) (Distribution, error) { return nil, errTODO }

// NewRange returns the distribution for "lo to hi": a 90% interval (P5 = lo, P95 = hi),
// lognormal when 0 < lo < hi and normal otherwise.
func NewRange(lo, hi float64) (Distribution, error) { return nil, errTODO }

// NewUniform returns the uniform distribution on [min, max].
func NewUniform(min, max float64) (Distribution, error) { return nil, errTODO }

// NewTriangular returns the triangular distribution on [min, max] with the given mode.
func NewTriangular(min, mode, max float64) (Distribution, error) { return nil, errTODO }

// NewPERT returns the (Beta-)PERT distribution on [min, max] with the given mode (lambda = 4).
func NewPERT(min, mode, max float64) (Distribution, error) { return nil, errTODO }

// NewModifiedPERT returns the modified PERT distribution with shape lambda > 0.
func NewModifiedPERT(min, mode, max, lambda float64) (Distribution, error) { return nil, errTODO }

// NewBeta returns the beta distribution with shapes alpha, beta > 0 on [0, 1].
func NewBeta(alpha, beta float64) (Distribution, error) { return nil, errTODO }

// NewGamma returns the gamma distribution with the given shape and scale (both > 0).
func NewGamma(shape, scale float64) (Distribution, error) { return nil, errTODO }

// NewExponential returns the exponential distribution with the given rate > 0.
func NewExponential(rate float64) (Distribution, error) { return nil, errTODO }

// NewWeibull returns the Weibull distribution with shape k > 0 and scale lambda > 0.
func NewWeibull(k, lambda float64) (Distribution, error) { return nil, errTODO }

// NewStudentT returns Student's t with nu > 0 degrees of freedom, location mu and scale sigma > 0.
func NewStudentT(nu, mu, sigma float64) (Distribution, error) { return nil, errTODO }

// NewPareto returns the Pareto (type I) distribution with scale xm > 0 and shape alpha > 0.
func NewPareto(xm, alpha float64) (Distribution, error) { return nil, errTODO }

// NewPoisson returns the Poisson distribution with mean lambda > 0.
func NewPoisson(lambda float64) (Distribution, error) { return nil, errTODO }

// NewBinomial returns the binomial distribution of n trials with success probability p.
func NewBinomial(n, p float64) (Distribution, error) { return nil, errTODO }

// NewBernoulli returns the Bernoulli distribution: 1 with probability p, else 0.
func NewBernoulli(p float64) (Distribution, error) { return nil, errTODO }

// NewDiscrete returns the distribution over values with the given non-negative weights
// (normalised to sum to one). It copies both slices.
func NewDiscrete(values, weights []float64) (Distribution, error) { return nil, errTODO }

// NewMixture returns the weighted mixture of components (weights normalised). It copies both slices.
func NewMixture(components []Distribution, weights []float64) (Distribution, error) {
	return nil, errTODO
}

// NewTruncated returns d restricted to [lo, hi] (either bound may be infinite).
func NewTruncated(d Distribution, lo, hi float64) (Distribution, error) { return nil, errTODO }
