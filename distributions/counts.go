package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/montecarlo-risk/montecarlo/internal/pcgrand"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// intQuantile returns the smallest integer k in [lo, hi] for which ok(k)
// holds, ok being monotone (false, then true) and ok(hi) assumed (hi may be
// +Inf): the quantile of an integer-valued distribution, with ok(k) saying
// CDF(k) >= p. It starts at guess, gallops away from it with doubling steps
// until the answer is bracketed, then bisects: O(log |answer-guess|)
// evaluations.
func intQuantile(ok func(float64) bool, guess, lo, hi float64) float64 {
	k := math.Floor(guess)
	if !(k >= lo) { // also catches a NaN guess
		k = lo
	}
	if k > hi {
		k = hi
	}
	// Invariant after galloping: !ok(a) and ok(b), or b == lo.
	var a, b float64
	if ok(k) {
		b = k
		for step := 1.0; ; step *= 2 {
			if b == lo {
				return lo
			}
			next := math.Max(b-step, lo)
			if !ok(next) {
				a = next
				break
			}
			b = next
		}
	} else {
		a = k
		for step := 1.0; ; step *= 2 {
			next := math.Min(a+step, hi)
			if next == hi || ok(next) {
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
		if ok(m) {
			b = m
		} else {
			a = m
		}
	}
	return b
}

// countQuantile returns the smallest integer k in [lo, hi] with CDF(k) >= p
// for an integer-valued distribution with the given cdf and survival
// functions, starting the search at guess. Above p = 1/2 it also accepts
// survival(k) <= 1-p (1-p is exact there): the far upper tail, where cdf
// rounds to 1, is resolved by the survival function, while Quantile(CDF(k))
// stays k wherever CDF(k) rounded up onto p.
//
// A CDF within 64 ulp of p counts as reaching it (R's qbinom and qpois
// allow the same fuzz, p·(1 − 64ε)), so that Quantile(CDF(k)) is k even
// when the CDF is off in its last bits.
func countQuantile(cdf, survival func(float64) float64, p, guess, lo, hi float64) float64 {
	const fuzz = 1 - 64*0x1p-52
	pf := p * fuzz
	if p <= 0.5 {
		return intQuantile(func(k float64) bool { return cdf(k) >= pf }, guess, lo, hi)
	}
	q := 1 - p
	return intQuantile(func(k float64) bool { return cdf(k) >= pf || survival(k) <= q/fuzz }, guess, lo, hi)
}

// countUpperQuantile returns the smallest integer k in [lo, hi] with
// survival(k) <= q.
func countUpperQuantile(survival func(float64) float64, q, guess, lo, hi float64) float64 {
	return intQuantile(func(k float64) bool { return survival(k) <= q }, guess, lo, hi)
}

// cornishFisher returns the starting point of a count quantile search: the
// Cornish–Fisher expansion mean + sd·(z + γ(z²-1)/6) of the z-quantile with
// skewness γ, rounded with the continuity correction, as R's qbinom and qpois
// start (R src/nmath/qbinom.c). z = Φ⁻¹(p) is computed from the smaller tail.
func cornishFisher(mean, sd, gamma, p, q float64) float64 {
	var z float64
	if p <= q {
		z = mathext.NormalQuantile(p)
	} else {
		z = -mathext.NormalQuantile(q)
	}
	return math.Floor(mean + sd*(z+gamma*(z*z-1)/6) + 0.5)
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

// Sample fills dst with draws from distuv.Poisson.Rand (direct method for
// lambda < 10, Hörmann's PTRS transformed rejection above).
func (p Poisson) Sample(rng *rand.Rand, dst []float64) {
	d := distuv.Poisson{Lambda: p.lambda, Src: rng}
	for i := range dst {
		dst[i] = d.Rand()
	}
}

// Quantile returns the smallest integer k with CDF(k) >= prob (+Inf for
// prob = 1), searching from the Cornish–Fisher estimate (see countQuantile).
func (p Poisson) Quantile(prob float64) float64 {
	checkP(prob)
	if prob == 1 {
		return math.Inf(1)
	}
	return countQuantile(p.CDF, p.survival, prob, p.guess(prob, 1-prob), 0, math.Inf(1))
}

func (p Poisson) guess(prob, q float64) float64 {
	sd := math.Sqrt(p.lambda)
	return cornishFisher(p.lambda, sd, 1/sd, prob, q)
}

// CDF returns P(X <= x) = Q(floor(x)+1, lambda), the regularized upper
// incomplete gamma function (mathext.GammaIncRegComp, Cephes igamc, which
// switches to the uniform asymptotic expansion of Temme for large
// arguments; checked to 1e-13 against mpmath at lambda = 1e9).
func (p Poisson) CDF(x float64) float64 {
	if !(x >= 0) {
		return 0
	}
	// Floor first: distuv.Poisson.CDF takes floor(x+1), and x+1 rounds up to
	// the next integer for x just below one (1 - 2^-53 + 1 == 2).
	return mathext.GammaIncRegComp(math.Floor(x)+1, p.lambda)
}

// survival returns P(X > x) = P(floor(x)+1, lambda), the regularized lower
// incomplete gamma function, computed directly rather than as 1 - CDF.
func (p Poisson) survival(x float64) float64 {
	if !(x >= 0) {
		return 1
	}
	return mathext.GammaIncReg(math.Floor(x)+1, p.lambda)
}

// upperQuantile returns the smallest integer k with P(X > k) <= q.
func (p Poisson) upperQuantile(q float64) float64 {
	if q == 0 {
		return math.Inf(1)
	}
	return countUpperQuantile(p.survival, q, p.guess(1-q, q), 0, math.Inf(1))
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

// Quantile returns the smallest integer k with CDF(k) >= p, searching from
// the Cornish–Fisher estimate (see countQuantile); exact at the integer
// boundaries to the accuracy of CDF.
func (b Binomial) Quantile(p float64) float64 {
	checkP(p)
	return countQuantile(b.CDF, b.survival, p, b.guess(p, 1-p), 0, b.n)
}

func (b Binomial) guess(p, q float64) float64 {
	sd := math.Sqrt(b.n * b.p * (1 - b.p))
	return cornishFisher(b.n*b.p, sd, (1-2*b.p)/sd, p, q)
}

// CDF returns P(X <= x) = I_{1-p}(n-k, k+1) for k = floor(x), the
// regularized incomplete beta function as R's pbinom, scipy and Boost
// compute it, here by regIncBeta (accurate to about 1e-13 relative in either
// tail for any n up to 2^53; gonum's distuv.Binomial.CDF gave 0.360 for
// binomial(1e8, 0.5) at 5e7, exact 0.50004).
func (b Binomial) CDF(x float64) float64 {
	l, _ := b.tails(x)
	return l
}

// survival returns P(X > x) = I_p(k+1, n-k), computed directly.
func (b Binomial) survival(x float64) float64 {
	_, u := b.tails(x)
	return u
}

// tails returns P(X <= x) and P(X > x).
func (b Binomial) tails(x float64) (lower, upper float64) {
	k := math.Floor(x)
	switch {
	case !(k >= 0):
		return 0, 1
	case k >= b.n:
		return 1, 0
	}
	return regIncBeta(b.n-k, k+1, 1-b.p, b.p)
}

// upperQuantile returns the smallest integer k with P(X > k) <= q.
func (b Binomial) upperQuantile(q float64) float64 {
	return countUpperQuantile(b.survival, q, b.guess(1-q, q), 0, b.n)
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

var (
	_ Distribution = Bernoulli{}
	_ PCGSampler   = Bernoulli{}
)

// NewBernoulli returns the Bernoulli distribution: 1 with probability p, else 0.
func NewBernoulli(p float64) (Distribution, error) {
	if err := probability("bernoulli", "p", p); err != nil {
		return nil, err
	}
	return Bernoulli{p: p}, nil
}

// Sample fills dst with 1 where rng.Float64() < p, else 0.
func (b Bernoulli) Sample(rng *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = rng.Float64()
	}
	b.fromUnit(dst)
}

// SamplePCG is Sample's draws from pcg directly (see PCGSampler).
func (b Bernoulli) SamplePCG(pcg *rand.PCG, dst []float64) {
	pcgrand.Float64s(pcg, dst)
	b.fromUnit(dst)
}

// fromUnit replaces every uniform u in us by 1 where u < p, else 0. (It
// selects the bits of 1 or 0 as an integer, which compiles to a
// conditional move: a branch on u < p would be mispredicted on a share of
// the draws up to min(p, 1-p).)
func (b Bernoulli) fromUnit(us []float64) {
	const one = 0x3ff0000000000000 // math.Float64bits(1)
	p := b.p
	for i, u := range us {
		var x uint64
		if u < p {
			x = one
		}
		us[i] = math.Float64frombits(x)
	}
}

// Quantile returns 0 for p <= CDF(0) = 1-P(1), else 1.
func (b Bernoulli) Quantile(p float64) float64 {
	checkP(p)
	if p <= 1-b.p {
		return 0
	}
	return 1
}

// CDF returns P(X <= x).
func (b Bernoulli) CDF(x float64) float64 { return distuv.Bernoulli{P: b.p}.CDF(x) }

// survival returns P(X > x).
func (b Bernoulli) survival(x float64) float64 { return distuv.Bernoulli{P: b.p}.Survival(x) }

// upperQuantile returns 0 if P(X > 0) = p <= q, else 1.
func (b Bernoulli) upperQuantile(q float64) float64 {
	if b.p <= q {
		return 0
	}
	return 1
}

// Mean returns p.
func (b Bernoulli) Mean() float64 { return b.p }

// Variance returns p(1-p).
func (b Bernoulli) Variance() float64 { return b.p * (1 - b.p) }

// String returns "bernoulli(p)".
func (b Bernoulli) String() string { return "bernoulli(" + num(b.p) + ")" }

func (Bernoulli) isDiscrete() bool { return true }

func (p Poisson) nextAtom(x float64) float64 { return intNext(x, math.Inf(1)) }
func (p Poisson) prevAtom(x float64) float64 { return intPrev(x, math.Inf(1)) }

func (b Binomial) nextAtom(x float64) float64 { return intNext(x, b.n) }
func (b Binomial) prevAtom(x float64) float64 { return intPrev(x, b.n) }

func (b Bernoulli) nextAtom(x float64) float64 { return intNext(x, 1) }
func (b Bernoulli) prevAtom(x float64) float64 { return intPrev(x, 1) }
