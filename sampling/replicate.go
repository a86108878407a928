package sampling

import "math"

// A Replicator is a Sampler whose blocks are not all independent of each
// other: Replicate(b) numbers the independent randomised replicate block b
// belongs to. Blocks of one replicate are consecutive; different
// replicates are independent and identically distributed (the last may be
// short if the run ends inside it). A Sampler that is not a Replicator
// fills independent blocks, each its own replicate.
type Replicator interface {
	Replicate(b Block) int64
}

// ReplicateOf returns the replicate of block b under s: s.Replicate(b) if
// s is a Replicator, else b.Index.
func ReplicateOf(s Sampler, b Block) int64 {
	if r, ok := s.(Replicator); ok {
		return r.Replicate(b)
	}
	return b.Index
}

// ReplicateSE returns the standard error of the mean of k independent,
// identically distributed replicate estimates (the mean of an output over
// each replicate, say): sd(estimates)/sqrt(k), with the sample standard
// deviation (divisor k − 1). It is NaN for fewer than two estimates.
//
// This is the error of randomised quasi-Monte Carlo and Latin hypercube
// estimates (Owen, "Monte Carlo theory, methods and examples", 2013,
// §17.2, "randomized QMC"; L'Ecuyer & Lemieux, "Recent advances in
// randomized quasi-Monte Carlo methods", 2002), for which the per-trial
// sd/sqrt(n) is wrong: too large under Latin hypercube sampling, which
// removes the additive part of the variance, and meaningless under Sobol,
// whose trials are not independent. The replicates must be of equal size
// (a short last replicate should be dropped or given its own weight).
// With k replicates the standard error is itself uncertain by about
// 1/sqrt(2(k−1)) relative (±13% at k = 30): a t quantile with k − 1
// degrees of freedom, not 1.96, gives a 95% interval for small k.
func ReplicateSE(estimates []float64) float64 {
	k := len(estimates)
	if k < 2 {
		return math.NaN()
	}
	// Two passes (the mean, then the squared deviations): exact enough for
	// replicate counts in the thousands.
	var mean float64
	for _, x := range estimates {
		mean += x
	}
	mean /= float64(k)
	var ss float64
	for _, x := range estimates {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(k-1) / float64(k))
}

// IndependentTrials reports whether s draws every trial independently of
// every other, as IID and Copula do: then sd/sqrt(n) is a figure's honest
// standard error. Under LatinHypercube, Sobol and ImanConover the trials of
// a block (or of a replicate) depend on each other, so a run's errors must
// come from its independent replicates (ReplicateOf).
func IndependentTrials(s Sampler) bool {
	_, ok := s.(independent)
	return ok
}

// independent marks the samplers whose trials are independent.
type independent interface{ independentTrials() }

func (*IID) independentTrials()    {}
func (*Copula) independentTrials() {}
