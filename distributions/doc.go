// Package distributions provides the univariate probability distributions that
// scenario inputs draw from.
//
// Every distribution is a small immutable value that satisfies Distribution:
// it fills a caller-owned buffer with draws from a caller-owned generator, and
// it exposes its quantile function, CDF and mean, so that samplers other than
// plain Monte Carlo (Latin hypercube, Sobol, copulas) can drive it through
// Quantile. Families that gonum.org/v1/gonum/stat/distuv provides are thin
// wrappers over distuv; the package writes only what distuv lacks (PERT,
// mixtures, truncation, weighted discrete values, percentile constructors).
//
// Constructors validate their parameters and return an error whose text names
// the family and the offending value ("triangular: mode 15 outside [0, 10]");
// callers add the position in their own file.
package distributions
