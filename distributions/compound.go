package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// MaxCompoundMean is the largest mean event count per trial NewCompound
// accepts: a million trials of it draw 1e12 severities, about three hours
// at 10 ns each.
const MaxCompoundMean = 1e6

// compoundDraws is the size of the fixed-seed sample a Compound's
// quantiles and CDF are estimated from.
const compoundDraws = 1 << 17

// Compound is the distribution of the sum (or the largest) of N
// independent severities X_1..X_N, with N drawn from a counting
// distribution: a frequency–severity model of annual losses, or, with a
// bernoulli frequency, a risk-register event that happens or not. Build it
// with NewCompound or NewCompoundMax.
//
// Sample draws the count, then that many severities (cost proportional to
// the events, in chunks of 256 on the stack: nothing is allocated per
// trial). Mean and Variance of a sum are exact (E[N]·E[X] and
// E[N]·Var(X) + Var(N)·E[X]²). Quantile and CDF have no closed form: they
// are estimated from compoundDraws draws with a fixed seed, the same on
// every machine, made on first use (Estimated says so), which is enough
// for validate's implied percentiles and for a figure but not for a
// sampling design that maps uniforms through the quantile (Latin
// hypercube, Sobol, copulas refuse a Compound).
type Compound struct {
	freq, sev Distribution
	max       bool // the largest severity instead of the sum (0 with no event)

	once   sync.Once
	sorted []float64 // the fixed-seed draws, sorted
}

var _ Distribution = (*Compound)(nil)

// NewCompound returns the distribution of the sum of N severities sev,
// N ~ freq. freq must be a counting distribution (IsCount) whose mean is
// at most MaxCompoundMean.
func NewCompound(freq, sev Distribution) (Distribution, error) { return newCompound(freq, sev, false) }

// NewCompoundMax returns the distribution of the largest of N severities
// sev, N ~ freq, and 0 when N = 0.
func NewCompoundMax(freq, sev Distribution) (Distribution, error) {
	return newCompound(freq, sev, true)
}

func newCompound(freq, sev Distribution, max bool) (Distribution, error) {
	if !IsCount(freq) {
		return nil, fmt.Errorf("the frequency %s is not a counting distribution: use poisson, binomial, bernoulli, negbinomial, or discrete or a constant over whole numbers >= 0", freq)
	}
	if m := freq.Mean(); m > MaxCompoundMean {
		return nil, fmt.Errorf("the frequency %s has a mean of %.3g events per trial: a million trials would draw %.2g severities, about %.0f hours; "+
			"model the total with a distribution of its own (its mean and spread are E[N]·E[X] and E[N]·Var(X) + Var(N)·E[X]²)", freq, m, m*1e6, m*1e6*1e-8/3600)
	}
	return &Compound{freq: freq, sev: sev, max: max}, nil
}

// IsCount reports whether d takes only whole values >= 0: a Poisson,
// binomial, Bernoulli or negative binomial distribution, or a discrete distribution or
// constant over such values.
func IsCount(d Distribution) bool {
	whole := func(x float64) bool { return x >= 0 && x == math.Trunc(x) && !math.IsInf(x, 0) }
	switch d := d.(type) {
	case Poisson, Binomial, Bernoulli, NegativeBinomial:
		return true
	case Degenerate:
		return whole(d.v)
	case Discrete:
		for _, x := range d.xs {
			if !whole(x) {
				return false
			}
		}
		return true
	}
	return false
}

// Sample fills dst with draws: for each, a count from the frequency, then
// that many severities.
func (c *Compound) Sample(rng *rand.Rand, dst []float64) {
	c.freq.Sample(rng, dst)
	var buf [256]float64
	for i, nf := range dst {
		dst[i] = events(c.sev, c.max, int64(nf), rng, &buf)
	}
}

// events returns the sum (or the largest, 0 for none) of n severities
// sev drawn from rng, in chunks of len(buf).
func events(sev Distribution, max bool, n int64, rng *rand.Rand, buf *[256]float64) float64 {
	var s float64
	for n > 0 {
		k := min(n, int64(len(buf)))
		xs := buf[:k]
		sev.Sample(rng, xs)
		if max {
			for _, x := range xs {
				s = math.Max(s, x)
			}
		} else {
			for _, x := range xs {
				s += x
			}
		}
		n -= k
	}
	return s
}

// MaxTrialEvents is the largest event count one trial of a
// CompoundSampler draws: a million severities, about 10 ms, the most a
// constant frequency may average (MaxCompoundMean), so that no trial's
// count makes a run slower than the slowest one NewCompound accepts.
const MaxTrialEvents = MaxCompoundMean

// CompoundSampler draws compound sums trial by trial, for a frequency
// whose parameters vary by trial (compound(poisson(rate), SEV)): the
// caller draws each trial's count, and Draw adds that many severities
// from a stream that the trial's key alone selects. A trial's value thus
// depends on its count and key only, whatever the worker, block or shard
// that draws it. A CompoundSampler is not safe for concurrent use: each
// worker owns one.
type CompoundSampler struct {
	sev Distribution
	max bool
	pcg rand.PCG
	rng *rand.Rand
	buf [256]float64
}

// NewCompoundSampler returns a sampler of the sum of severities sev, or
// with max set of the largest of them (0 for no event).
func NewCompoundSampler(sev Distribution, max bool) *CompoundSampler {
	s := &CompoundSampler{sev: sev, max: max}
	s.rng = rand.New(&s.pcg)
	return s
}

// Draw returns the sum (or the largest) of n severities drawn from the
// stream of key, or NaN when n is not a whole number in
// [0, MaxTrialEvents]. The stream is a PCG seeded with two SplitMix64
// hashes of key, so that keys that differ in one bit (the bits of
// neighbouring uniforms) select unrelated streams.
func (s *CompoundSampler) Draw(n float64, key uint64) float64 {
	if !(n >= 0 && n <= MaxTrialEvents) || n != math.Trunc(n) {
		return math.NaN()
	}
	if n == 0 {
		return 0
	}
	s.pcg.Seed(splitMix(key), splitMix(key^0x636f6d706f756e64)) // "compound"
	return events(s.sev, s.max, int64(n), s.rng, &s.buf)
}

// splitMix is SplitMix64's output function of x (Steele, Lea and Flood
// 2014): a bijection of 64-bit words whose every output bit depends on
// every input bit.
func splitMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// draws returns the fixed-seed sample, sorted, made once.
func (c *Compound) draws() []float64 {
	c.once.Do(func() {
		xs := make([]float64, compoundDraws)
		c.Sample(rand.New(rand.NewPCG(0x636f6d706f756e64, 0x6573746d61746573)), xs) // "compound", "estmates"
		slices.Sort(xs)
		c.sorted = xs
	})
	return c.sorted
}

// Quantile returns the p-quantile estimated from the fixed-seed draws
// (the order statistic of rank ⌈p·n⌉).
func (c *Compound) Quantile(p float64) float64 {
	checkP(p)
	xs := c.draws()
	k := int(math.Ceil(p*float64(len(xs)))) - 1
	return xs[min(max(k, 0), len(xs)-1)]
}

// CDF returns P(X <= x) estimated from the fixed-seed draws.
func (c *Compound) CDF(x float64) float64 {
	xs := c.draws()
	k, _ := slices.BinarySearchFunc(xs, x, func(a, b float64) int {
		if a <= b {
			return -1
		}
		return 1
	})
	return float64(k) / float64(len(xs))
}

// Mean returns the expected value: E[N]·E[X] for a sum, estimated from the
// fixed-seed draws for the largest event.
func (c *Compound) Mean() float64 {
	if c.max {
		var s float64
		for _, x := range c.draws() {
			s += x
		}
		return s / float64(compoundDraws)
	}
	return c.freq.Mean() * c.sev.Mean()
}

// Variance returns E[N]·Var(X) + Var(N)·E[X]² for a sum whose frequency
// and severity have variances (NaN otherwise, and for the largest event).
func (c *Compound) Variance() float64 {
	type variancer interface{ Variance() float64 }
	f, okf := c.freq.(variancer)
	s, oks := c.sev.(variancer)
	if c.max || !okf || !oks {
		return math.NaN()
	}
	m := c.sev.Mean()
	return c.freq.Mean()*s.Variance() + f.Variance()*m*m
}

// Estimated marks a distribution whose Quantile and CDF are estimates.
func (c *Compound) Estimated() {}

// String returns "compound(FREQ, SEV)" or "compound_max(FREQ, SEV)".
func (c *Compound) String() string {
	name := "compound"
	if c.max {
		name = "compound_max"
	}
	return name + "(" + c.freq.String() + ", " + c.sev.String() + ")"
}
