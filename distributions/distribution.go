package distributions

import "math/rand/v2"

// Distribution is a univariate probability distribution.
//
// Implementations are immutable and safe for concurrent use; the generator
// passed to Sample belongs to the caller.
type Distribution interface {
	// Sample fills dst with independent draws, using only rng for randomness.
	Sample(rng *rand.Rand, dst []float64)
	// Quantile returns the p-quantile (the inverse CDF) for p in [0, 1].
	Quantile(p float64) float64
	// CDF returns P(X <= x).
	CDF(x float64) float64
	// Mean returns the expected value.
	Mean() float64
	// String returns the distribution in scenario syntax, e.g. "triangular(1.2, 1.3, 1.6)".
	String() string
}

// PCGSampler is implemented by distributions whose Sample has a faster
// form on a concrete *rand.PCG, the generator of every sampler's streams:
// the draws computed from the PCG directly (package internal/pcgrand), not
// through rand.Rand's call of its Source for every value.
type PCGSampler interface {
	// SamplePCG fills dst with exactly the values Sample(rand.New(pcg), dst)
	// would, bit for bit, and leaves pcg in the state Sample would.
	SamplePCG(pcg *rand.PCG, dst []float64)
}
