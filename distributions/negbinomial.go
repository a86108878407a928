package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// MaxNegBinomialMean is the largest mean a negative binomial may have:
// 2^53, beyond which consecutive counts are no longer all representable
// as float64, so that the distribution is no longer a count. A compound
// sum refuses far smaller means (MaxCompoundMean).
const MaxNegBinomialMean = 1 << 53

// NegativeBinomial is the number of failures before the r-th success in
// independent trials with success probability p, for any real r > 0 (the
// "size" or dispersion; the Pólya distribution for r not whole):
//
//	P(N = k) = Γ(k+r) / (Γ(r)·k!) · p^r (1-p)^k,  k = 0, 1, 2, ...
//
// with mean r(1-p)/p and variance r(1-p)/p² = mean + mean²/r, always above
// the mean: an over-dispersed count, the usual model of insurance claim and
// operational-loss event counts. It is also the Poisson count whose rate is
// gamma-distributed with shape r and mean r(1-p)/p; r = 1 is the geometric
// distribution, and r → ∞ at a fixed mean the Poisson. Build it with
// NewNegativeBinomial or NewNegativeBinomialMean.
type NegativeBinomial struct {
	r    float64
	p, q float64 // the success probability and 1-p, each without rounding the other away
	// byMean records the form it was written in, for String: the mean
	// and r rather than r and p.
	byMean bool
	mean   float64
}

var _ Distribution = NegativeBinomial{}

// NewNegativeBinomial returns the negative binomial distribution of the
// failures before the r-th success with success probability p: r > 0
// (real) and p in (0, 1], p = 1 being the point mass at 0. Its mean
// r(1-p)/p must not exceed MaxNegBinomialMean.
func NewNegativeBinomial(r, p float64) (Distribution, error) {
	const family = "negbinomial"
	if err := positive(family, "r", r); err != nil {
		return nil, err
	}
	if !(p > 0 && p <= 1) {
		return nil, fmt.Errorf("%s: p must be in (0, 1], got %s", family, num(p))
	}
	d := NegativeBinomial{r: r, p: p, q: 1 - p}
	d.mean = d.r * d.q / d.p
	if err := d.checkMean(); err != nil {
		return nil, err
	}
	return d, nil
}

// NewNegativeBinomialMean returns the negative binomial distribution with
// the given mean >= 0 and size r > 0: p = r/(r+mean), variance mean +
// mean²/r (R's dnbinom(x, size = r, mu = mean)). A mean of 0 is the point
// mass at 0; the mean must not exceed MaxNegBinomialMean.
func NewNegativeBinomialMean(mean, r float64) (Distribution, error) {
	const family = "negbinomial"
	if err := finite(family, "mean", mean); err != nil {
		return nil, err
	}
	if mean < 0 {
		return nil, fmt.Errorf("%s: mean must be >= 0, got %s", family, num(mean))
	}
	if err := positive(family, "r", r); err != nil {
		return nil, err
	}
	s := r + mean
	d := NegativeBinomial{r: r, p: r / s, q: mean / s, byMean: true, mean: mean}
	if err := d.checkMean(); err != nil {
		return nil, err
	}
	if !(d.p > 0) { // r negligible beside the mean: p underflowed
		return nil, fmt.Errorf("%s: r = %s is too small for a mean of %s (p = r/(r+mean) underflows)", family, num(r), num(mean))
	}
	return d, nil
}

// meanOK reports whether the mean is at most MaxNegBinomialMean.
func (d NegativeBinomial) meanOK() bool { return d.mean <= MaxNegBinomialMean }

func (d NegativeBinomial) checkMean() error {
	if !d.meanOK() {
		return fmt.Errorf("negbinomial: the mean r(1-p)/p = %.3g exceeds %.3g, the largest count a float64 holds exactly; "+
			"model such a quantity with a continuous distribution (gamma, lognormal)", d.mean, float64(MaxNegBinomialMean))
	}
	return nil
}

// Sample fills dst with draws of the Poisson–gamma mixture: a rate λ from
// distuv.Gamma.Rand (shape r, mean r(1-p)/p), then a count from
// distuv.Poisson.Rand with mean λ (Devroye, Non-Uniform Random Variate
// Generation, 1986, §X.4.7). A point mass at 0 for p = 1.
func (d NegativeBinomial) Sample(rng *rand.Rand, dst []float64) {
	if d.q == 0 {
		for i := range dst {
			dst[i] = 0
		}
		return
	}
	g := distuv.Gamma{Alpha: d.r, Beta: d.p / d.q, Src: rng}
	for i := range dst {
		dst[i] = distuv.Poisson{Lambda: g.Rand(), Src: rng}.Rand()
	}
}

// Quantile returns the smallest integer k with CDF(k) >= prob (+Inf for
// prob = 1, 0 for p = 1), searching from the Cornish–Fisher estimate
// (see countQuantile): O(log |k - guess|) CDF evaluations, bounded by the
// float64 range.
func (d NegativeBinomial) Quantile(prob float64) float64 {
	checkP(prob)
	switch {
	case d.q == 0:
		return 0
	case prob == 1:
		return math.Inf(1)
	}
	return countQuantile(d.CDF, d.survival, prob, d.guess(prob, 1-prob), 0, math.Inf(1))
}

// guess is the Cornish–Fisher starting point of a quantile search: mean
// r·q/p, sd sqrt(mean/p), skewness (1+q)/sqrt(r·q). Far off for tiny r
// (the skewness term is of order 1/p), which the search's galloping
// absorbs; a guess beyond 2^53 times the mean (or not finite) starts at
// the mean instead, so that the search never starts at +Inf.
func (d NegativeBinomial) guess(prob, q float64) float64 {
	m := d.mean
	sd := math.Sqrt(m / d.p)
	g := cornishFisher(m, sd, (1+d.q)/math.Sqrt(d.r*d.q), prob, q)
	if !(g <= MaxNegBinomialMean*max(m, 1)) {
		return math.Floor(m)
	}
	return g
}

// CDF returns P(X <= x) = I_p(r, k+1) for k = floor(x), the regularized
// incomplete beta function, as R's pnbinom computes it, here by
// regIncBeta (gonum's mathext.RegIncBeta below shapes of 30, Loader's
// cancellation-free prefix and quadrature above; accurate to about 1e-13
// relative in either tail).
func (d NegativeBinomial) CDF(x float64) float64 {
	l, _ := d.tails(x)
	return l
}

// survival returns P(X > x) = I_{1-p}(k+1, r), computed directly.
func (d NegativeBinomial) survival(x float64) float64 {
	_, u := d.tails(x)
	return u
}

// tails returns P(X <= x) and P(X > x).
func (d NegativeBinomial) tails(x float64) (lower, upper float64) {
	k := math.Floor(x)
	switch {
	case !(k >= 0):
		return 0, 1
	case d.q == 0 || math.IsInf(k, 1):
		return 1, 0
	}
	lower, upper = regIncBeta(d.r, k+1, d.p, d.q)
	// At shapes far below 1 (r = 1e-300) Cephes' series can land a few ulp
	// above 1.
	return min(lower, 1), min(upper, 1)
}

// pmf returns P(X = x): 0 off the whole numbers >= 0, else Γ(k+r)/(Γ(r)·k!)
// p^r (1-p)^k, computed from log-gamma differences (math.Lgamma; about
// 1e-14 relative for moderate k and r, losing digits as lgamma grows).
func (d NegativeBinomial) pmf(x float64) float64 {
	if !(x >= 0) || x != math.Floor(x) || math.IsInf(x, 1) {
		return 0
	}
	if d.q == 0 {
		if x == 0 {
			return 1
		}
		return 0
	}
	a, _ := math.Lgamma(x + d.r)
	b, _ := math.Lgamma(d.r)
	c, _ := math.Lgamma(x + 1)
	lq := math.Log(d.q)
	if x == 0 {
		lq = 0 // 0·log q, also for q underflowing to a subnormal
	}
	return math.Exp(a - b - c + d.r*math.Log(d.p) + x*lq)
}

// upperQuantile returns the smallest integer k with P(X > k) <= q.
func (d NegativeBinomial) upperQuantile(q float64) float64 {
	switch {
	case d.q == 0:
		return 0
	case q == 0:
		return math.Inf(1)
	}
	return countUpperQuantile(d.survival, q, d.guess(1-q, q), 0, math.Inf(1))
}

// Mean returns r(1-p)/p.
func (d NegativeBinomial) Mean() float64 { return d.mean }

// Variance returns r(1-p)/p² = mean/p.
func (d NegativeBinomial) Variance() float64 { return d.mean / d.p }

// String returns "negbinomial(r, p)", or "negbinomial(mean=M, r=R)" for a
// distribution built by NewNegativeBinomialMean.
func (d NegativeBinomial) String() string {
	if d.byMean {
		return "negbinomial(mean=" + num(d.mean) + ", r=" + num(d.r) + ")"
	}
	return "negbinomial(" + num(d.r) + ", " + num(d.p) + ")"
}

func (NegativeBinomial) isDiscrete() bool { return true }

func (d NegativeBinomial) nextAtom(x float64) float64 { return intNext(x, d.top()) }
func (d NegativeBinomial) prevAtom(x float64) float64 { return intPrev(x, d.top()) }

// top is the largest support point: 0 for p = 1, else +Inf.
func (d NegativeBinomial) top() float64 {
	if d.q == 0 {
		return 0
	}
	return math.Inf(1)
}
