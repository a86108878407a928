package distributions

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Beta is the beta distribution on [0, 1]. Build it with NewBeta.
type Beta struct {
	alpha, beta float64
}

var _ Distribution = Beta{}

// NewBeta returns the beta distribution with shapes alpha, beta > 0 on [0, 1].
func NewBeta(alpha, beta float64) (Distribution, error) {
	if err := firstErr(positive("beta", "alpha", alpha), positive("beta", "beta", beta)); err != nil {
		return nil, err
	}
	return Beta{alpha: alpha, beta: beta}, nil
}

func (b Beta) dist() distuv.Beta { return distuv.Beta{Alpha: b.alpha, Beta: b.beta} }

// Sample fills dst with draws Ga/(Ga+Gb) of two gamma variates (distuv.Beta.Rand).
func (b Beta) Sample(rng *rand.Rand, dst []float64) {
	d := distuv.Beta{Alpha: b.alpha, Beta: b.beta, Src: rng}
	for i := range dst {
		dst[i] = d.Rand()
	}
}

// Quantile returns the p-quantile: for the smaller tail, gonum's inverse
// regularized incomplete beta (mathext.InvRegIncBeta) checked against CDF and
// refined by bisection where it misses by more than 1e-10 relative
// (refineQuantile); for p > 1/2 the mirror image 1 - x of beta(beta, alpha)'s
// (1-p)-quantile x.
func (b Beta) Quantile(p float64) float64 {
	checkP(p)
	return betaQuantile(b.alpha, b.beta, p)
}

// betaQuantile returns the p-quantile of beta(a, b) on [0, 1].
func betaQuantile(a, b, p float64) float64 {
	switch {
	case p == 0:
		return 0
	case p == 1:
		return 1
	case p > 0.5:
		return 1 - betaLowerQuantile(b, a, 1-p)
	}
	return betaLowerQuantile(a, b, p)
}

// betaLowerQuantile returns the p-quantile of beta(a, b) for p <= 1/2.
func betaLowerQuantile(a, b, p float64) float64 {
	cdf := func(x float64) float64 { l, _ := regIncBeta(a, b, x, 1-x); return l }
	return refineQuantile(mathext.InvRegIncBeta(a, b, p), p, cdf, 0, 1)
}

// CDF returns P(X <= x) = I_x(alpha, beta), the regularized incomplete beta
// function by regIncBeta (gonum's Cephes incbet where both shapes are below
// 1; about 1e-13 relative in either tail, for shapes up to 1e12).
func (b Beta) CDF(x float64) float64 {
	l, _ := regIncBeta(b.alpha, b.beta, x, 1-x)
	return l
}

// survival returns P(X > x) = I_{1-x}(beta, alpha).
func (b Beta) survival(x float64) float64 {
	_, u := regIncBeta(b.alpha, b.beta, x, 1-x)
	return u
}

// upperQuantile returns the smallest x with P(X > x) <= q.
func (b Beta) upperQuantile(q float64) float64 { return betaQuantile(b.alpha, b.beta, 1-q) }

// Mean returns alpha/(alpha+beta).
func (b Beta) Mean() float64 { return b.dist().Mean() }

// Variance returns alpha*beta/((alpha+beta)²(alpha+beta+1)).
func (b Beta) Variance() float64 { return b.dist().Variance() }

// String returns "beta(alpha, beta)".
func (b Beta) String() string { return "beta(" + num(b.alpha) + ", " + num(b.beta) + ")" }

// PERT is the (modified) Beta-PERT distribution: a beta distribution scaled
// to [min, max] with shapes
//
//	alpha = 1 + lambda*(mode-min)/(max-min),  beta = 1 + lambda*(max-mode)/(max-min),
//
// so that its mean is (min + lambda*mode + max)/(lambda + 2). lambda = 4 is
// the classic PERT (Malcolm et al. 1959, as parameterised in D. Vose,
// "Risk Analysis: A Quantitative Guide", 3rd ed., Wiley 2008, §III.7.2); other
// values give Vose's modified PERT. Build it with NewPERT or NewModifiedPERT.
type PERT struct {
	min, mode, max, lambda float64
	alpha, beta            float64
}

var _ Distribution = PERT{}

// NewPERT returns the (Beta-)PERT distribution on [min, max] with the given mode (lambda = 4).
func NewPERT(min, mode, max float64) (Distribution, error) {
	return newPERT(min, mode, max, 4)
}

// NewModifiedPERT returns the modified PERT distribution with shape lambda > 0.
//
// Larger lambda concentrates mass around the mode; lambda = 4 is NewPERT.
// String renders "pert(min, mode, max, lambda=L)" (plain "pert(min, mode, max)" when lambda is 4).
func NewModifiedPERT(min, mode, max, lambda float64) (Distribution, error) {
	return newPERT(min, mode, max, lambda)
}

func newPERT(min, mode, max, lambda float64) (Distribution, error) {
	const family = "pert"
	if err := checkModal(family, min, mode, max); err != nil {
		return nil, err
	}
	if err := positive(family, "lambda", lambda); err != nil {
		return nil, err
	}
	w := max - min
	return PERT{
		min: min, mode: mode, max: max, lambda: lambda,
		alpha: 1 + lambda*(mode-min)/w,
		beta:  1 + lambda*(max-mode)/w,
	}, nil
}

func (d PERT) dist() distuv.Beta { return distuv.Beta{Alpha: d.alpha, Beta: d.beta} }

// Sample fills dst with min + (max-min)*B, B a beta(alpha, beta) draw:
// by inverting the beta's CDF at a uniform through its QuantileTable
// (shared by every PERT of those shapes, about 32 ns a draw against 55
// for gonum's two gamma draws), or, past maxSharedTables tables,
// by distuv.Beta.
func (d PERT) Sample(rng *rand.Rand, dst []float64) {
	lo, w := d.min, d.max-d.min
	if t := cachedTable(&sharedTables.beta, Beta{alpha: d.alpha, beta: d.beta}); t != nil {
		for i := range dst {
			dst[i] = min(max(lo+w*t.Quantile(rng.Float64()), d.min), d.max)
		}
		return
	}
	b := distuv.Beta{Alpha: d.alpha, Beta: d.beta, Src: rng}
	for i := range dst {
		dst[i] = lo + w*b.Rand()
	}
}

// Quantile returns the p-quantile min + (max-min)·B(p), B(p) the quantile
// of the underlying beta (see Beta.Quantile).
func (d PERT) Quantile(p float64) float64 {
	checkP(p)
	x := d.min + (d.max-d.min)*betaQuantile(d.alpha, d.beta, p)
	return min(max(x, d.min), d.max)
}

// CDF returns P(X <= x) = I_u(alpha, beta) at u = (x-min)/(max-min) (see Beta.CDF).
func (d PERT) CDF(x float64) float64 {
	l, _ := d.tails(x)
	return l
}

// survival returns P(X > x) = I_{1-u}(beta, alpha), 1-u = (max-x)/(max-min).
func (d PERT) survival(x float64) float64 {
	_, u := d.tails(x)
	return u
}

func (d PERT) tails(x float64) (lower, upper float64) {
	w := d.max - d.min
	return regIncBeta(d.alpha, d.beta, (x-d.min)/w, (d.max-x)/w)
}

// upperQuantile returns the smallest x with P(X > x) <= q.
func (d PERT) upperQuantile(q float64) float64 {
	x := d.min + (d.max-d.min)*betaQuantile(d.alpha, d.beta, 1-q)
	return min(max(x, d.min), d.max)
}

// Mean returns (min + lambda*mode + max)/(lambda + 2).
func (d PERT) Mean() float64 {
	return (d.min + d.lambda*d.mode + d.max) / (d.lambda + 2)
}

// Variance returns (max-min)² times the variance of the underlying beta.
func (d PERT) Variance() float64 {
	w := d.max - d.min
	return w * w * d.dist().Variance()
}

// Lambda returns the shape parameter (4 for classic PERT).
func (d PERT) Lambda() float64 { return d.lambda }

// String returns "pert(min, mode, max)", with ", lambda=L" appended when lambda is not 4.
func (d PERT) String() string {
	s := "pert(" + num(d.min) + ", " + num(d.mode) + ", " + num(d.max)
	if d.lambda != 4 {
		s += ", lambda=" + num(d.lambda)
	}
	return s + ")"
}
