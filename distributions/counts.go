package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// intQuantile returns the smallest integer k in [lo, hi] with cdf(k) >= p,
// the quantile of an integer-valued distribution; cdf(hi) >= p is assumed
// (hi may be +Inf). It starts at guess, gallops away from it with doubling
// steps until the answer is bracketed, then bisects: O(log |answer-guess|)
// CDF evaluations.
func intQuantile(cdf func(float64) float64, p, guess, lo, hi float64) float64 {
	k := math.Floor(guess)
	if !(k >= lo) { // also catches a NaN guess
		k = lo
	}
	if k > hi {
		k = hi
	}
	// Invariant after galloping: cdf(a) < p <= cdf(b), or b == lo.
	var a, b float64
	if cdf(k) >= p {
		b = k
		for step := 1.0; ; step *= 2 {
			if b == lo {
				return lo
			}
			next := math.Max(b-step, lo)
			if cdf(next) < p {
				a = next
				break
			}
			b = next
		}
	} else {
		a = k
		for step := 1.0; ; step *= 2 {
			next := math.Min(a+step, hi)
			if cdf(next) >= p || next == hi {
				b = next
				break
			}
			a = next
		}
	}
	for b-a > 1 {
		m := math.Floor(a + (b-a)/2)
		if m <= a || m >= b { // beyond 2^53 consecutive floats are more than 1 apart
			break
		}
		if cdf(m) >= p {
			b = m
		} else {
			a = m
		}
	}
	return b
}

// Poisson is the Poisson distribution with mean lambda. Build it with NewPoisson.
type Poisson struct {
	lambda float64
}

var _ Distribution = Poisson{}

// NewPoisson returns the Poisson distribution with mean lambda > 0.
func NewPoisson(lambda float64) (Distribution, error) {
	if err := positive("poisson", "lambda", lambda); err != nil {
		return nil, err
	}
	return Poisson{lambda: lambda}, nil
}

func (p Poisson) dist() distuv.Poisson { return distuv.Poisson{Lambda: p.lambda} }

// Sample fills dst with draws from distuv.Poisson.Rand (direct method for
// lambda < 10, Hörmann's PTRS transformed rejection above).
func (p Poisson) Sample(rng *rand.Rand, dst []float64) {
	d := distuv.Poisson{Lambda: p.lambda, Src: rng}
	for i := range dst {
		dst[i] = d.Rand()
	}
}

// Quantile returns the smallest integer k with CDF(k) >= prob (+Inf for prob = 1).
func (p Poisson) Quantile(prob float64) float64 {
	checkP(prob)
	if prob == 1 {
		return math.Inf(1)
	}
	// Start from the normal approximation lambda + sqrt(lambda)*z.
	guess := p.lambda + math.Sqrt(p.lambda)*distuv.UnitNormal.Quantile(prob)
	return intQuantile(p.dist().CDF, prob, guess, 0, math.Inf(1))
}

// CDF returns P(X <= x).
func (p Poisson) CDF(x float64) float64 {
	// Floor first: distuv.Poisson.CDF takes floor(x+1), and x+1 rounds up to
	// the next integer for x just below one (1 - 2^-53 + 1 == 2).
	return p.dist().CDF(math.Floor(x))
}

// Mean returns lambda.
func (p Poisson) Mean() float64 { return p.lambda }

// Variance returns lambda.
func (p Poisson) Variance() float64 { return p.lambda }

// String returns "poisson(lambda)".
func (p Poisson) String() string { return "poisson(" + num(p.lambda) + ")" }

func (Poisson) isDiscrete() bool { return true }

// Binomial is the number of successes in n independent trials with success
// probability p. Build it with NewBinomial.
type Binomial struct {
	n, p float64
}

var _ Distribution = Binomial{}

// NewBinomial returns the binomial distribution of n trials with success probability p.
//
// n must be a whole number >= 1 and p must lie in [0, 1].
func NewBinomial(n, p float64) (Distribution, error) {
	const family = "binomial"
	if !(n >= 1 && n == math.Floor(n) && n <= 1<<53) {
		return nil, fmt.Errorf("%s: n must be a whole number >= 1, got %s", family, num(n))
	}
	if err := probability(family, "p", p); err != nil {
		return nil, err
	}
	return Binomial{n: n, p: p}, nil
}

// Sample fills dst with draws from distuv.Binomial.Rand (direct method for
// n < 25, otherwise rejection; Numerical Recipes in C, 2nd ed., §7.3).
func (b Binomial) Sample(rng *rand.Rand, dst []float64) {
	if b.p == 0 || b.p == 1 {
		v := b.n * b.p
		for i := range dst {
			dst[i] = v
		}
		return
	}
	d := distuv.Binomial{N: b.n, P: b.p, Src: rng}
	for i := range dst {
		dst[i] = d.Rand()
	}
}

// Quantile returns the smallest integer k with CDF(k) >= p.
//
// The search starts from the Cornish–Fisher approximation
// np + σz + (1-2p)(z²-1)/6 - 1/2, σ² = np(1-p), which is within a few units
// of the answer for large n, so that it costs a handful of CDF evaluations.
func (b Binomial) Quantile(p float64) float64 {
	checkP(p)
	if b.p == 0 || p == 0 {
		return 0
	}
	if b.p == 1 || p == 1 {
		return b.n
	}
	z := distuv.UnitNormal.Quantile(p)
	mean := b.n * b.p
	guess := mean + math.Sqrt(mean*(1-b.p))*z + (1-2*b.p)*(z*z-1)/6 - 0.5
	return intQuantile(b.CDF, p, guess, 0, b.n)
}

// CDF returns P(X <= x), computed by binomTails: accurate in both tails for
// any n (gonum's distuv.Binomial.CDF, through mathext.RegIncBeta, is wrong
// for n beyond about 1e5).
func (b Binomial) CDF(x float64) float64 {
	lower, _ := binomTails(x, b.n, b.p)
	return lower
}

// Survival returns P(X > x), computed directly rather than as 1 - CDF.
func (b Binomial) Survival(x float64) float64 {
	_, upper := binomTails(x, b.n, b.p)
	return upper
}

// Mean returns n*p.
func (b Binomial) Mean() float64 { return b.n * b.p }

// Variance returns n*p*(1-p).
func (b Binomial) Variance() float64 { return b.n * b.p * (1 - b.p) }

// String returns "binomial(n, p)".
func (b Binomial) String() string { return "binomial(" + num(b.n) + ", " + num(b.p) + ")" }

func (Binomial) isDiscrete() bool { return true }

// Bernoulli is 1 with probability p and 0 otherwise. Build it with NewBernoulli.
type Bernoulli struct {
	p float64
}

var _ Distribution = Bernoulli{}

// NewBernoulli returns the Bernoulli distribution: 1 with probability p, else 0.
func NewBernoulli(p float64) (Distribution, error) {
	if err := probability("bernoulli", "p", p); err != nil {
		return nil, err
	}
	return Bernoulli{p: p}, nil
}

// Sample fills dst with 1 where rng.Float64() < p, else 0.
func (b Bernoulli) Sample(rng *rand.Rand, dst []float64) {
	p := b.p
	for i := range dst {
		if rng.Float64() < p {
			dst[i] = 1
		} else {
			dst[i] = 0
		}
	}
}

// Quantile returns 0 for p <= 1-P(1), else 1.
func (b Bernoulli) Quantile(p float64) float64 {
	checkP(p)
	return distuv.Bernoulli{P: b.p}.Quantile(p)
}

// CDF returns P(X <= x).
func (b Bernoulli) CDF(x float64) float64 { return distuv.Bernoulli{P: b.p}.CDF(x) }

// Mean returns p.
func (b Bernoulli) Mean() float64 { return b.p }

// Variance returns p(1-p).
func (b Bernoulli) Variance() float64 { return b.p * (1 - b.p) }

// String returns "bernoulli(p)".
func (b Bernoulli) String() string { return "bernoulli(" + num(b.p) + ")" }

func (Bernoulli) isDiscrete() bool { return true }
