package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// minTruncatedMass is the least probability the base distribution must give
// the truncation interval. Below it the inverse-CDF sampler would resolve the
// conditional distribution into too few distinct levels (the probability axis
// has a resolution of 1.1e-16 near 1).
const minTruncatedMass = 1e-9

// Truncated is a distribution restricted to [lo, hi]: its CDF is
// (F(x) - F(lo⁻)) / (F(hi) - F(lo⁻)) for x in [lo, hi], where F is the base
// CDF. Build it with NewTruncated.
type Truncated struct {
	base     Distribution
	lo, hi   float64
	flo, fhi float64 // F(lo⁻) and F(hi): the base probabilities of (-∞, lo) and (-∞, hi]
	qlo, qhi float64 // the extreme values a draw may take
	mean     float64
	variance float64
	// atoms is the restriction of a Discrete base to [lo, hi], built from
	// the weights as written, so that truncate(discrete(1: 1, 2: 1, 3: 1), 2, 3)
	// is discrete(2: 1, 3: 1) to the bit; nil for other bases.
	atoms *Discrete
}

var _ Distribution = Truncated{}

// NewTruncated returns d restricted to [lo, hi] (either bound may be infinite).
//
// It fails when lo >= hi or when d gives the interval less than 1e-9
// probability. Bounds are inclusive, which matters for discrete d.
func NewTruncated(d Distribution, lo, hi float64) (Distribution, error) {
	const family = "truncate"
	if d == nil {
		return nil, fmt.Errorf("%s: no distribution to truncate", family)
	}
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, fmt.Errorf("%s: bounds must be numbers, got [%s, %s]", family, num(lo), num(hi))
	}
	if !(lo < hi) {
		return nil, fmt.Errorf("%s: low bound %s must be below high bound %s", family, num(lo), num(hi))
	}
	t := Truncated{base: d, lo: lo, hi: hi, flo: 0, fhi: 1, qlo: lo, qhi: hi}
	if !math.IsInf(lo, -1) {
		// F(lo⁻): nothing lies strictly between the previous float and lo.
		t.flo = d.CDF(math.Nextafter(lo, math.Inf(-1)))
	}
	if !math.IsInf(hi, 1) {
		t.fhi = d.CDF(hi)
	}
	if mass := t.fhi - t.flo; !(mass >= minTruncatedMass) {
		return nil, fmt.Errorf("%s: %s has probability %.3g in [%s, %s], too little to sample from (need at least %g)",
			family, d, max(mass, 0), num(lo), num(hi), minTruncatedMass)
	}
	if dd, ok := d.(Discrete); ok {
		var vs, ws []float64
		for i, v := range dd.values {
			if v >= lo && v <= hi {
				vs, ws = append(vs, v), append(ws, dd.weights[i])
			}
		}
		if r, err := NewDiscrete(vs, ws); err == nil {
			a := r.(Discrete)
			t.atoms = &a
			t.qlo, t.qhi = a.xs[0], a.xs[len(a.xs)-1]
			t.mean, t.variance = a.Mean(), a.Variance()
			return t, nil
		}
	}
	if isDiscrete(d) {
		// The first and last atoms inside [lo, hi]: the smallest x with
		// F(x) > F(lo⁻), and the smallest with F(x) >= F(hi).
		t.qlo = min(max(d.Quantile(math.Nextafter(t.flo, 1)), lo), hi)
		t.qhi = min(max(d.Quantile(t.fhi), t.qlo), hi)
	}
	t.mean, t.variance = t.moments()
	return t, nil
}

// quantileAt maps a base probability q in [flo, fhi] to a value in [qlo, qhi].
func (t Truncated) quantileAt(q float64) float64 {
	q = min(max(q, t.flo), t.fhi)
	return min(max(t.base.Quantile(q), t.qlo), t.qhi)
}

// Sample fills dst by inversion: Quantile_base(F(lo⁻) + (1-U)(F(hi) - F(lo⁻))),
// one call of the base's Quantile per draw. (1-U lies in (0, 1], so the
// probability never sits on F(lo⁻), where a discrete base has an atom below lo.)
func (t Truncated) Sample(rng *rand.Rand, dst []float64) {
	if t.atoms != nil {
		for i := range dst {
			dst[i] = t.atoms.Quantile(1 - rng.Float64())
		}
		return
	}
	flo, z := t.flo, t.fhi-t.flo
	for i := range dst {
		dst[i] = t.quantileAt(flo + (1-rng.Float64())*z)
	}
}

// Quantile returns the p-quantile. For a discrete base it is the smallest
// atom x in [lo, hi] with CDF(x) >= p, the convention of every discrete
// family: the base's quantile at F(lo⁻) + p(F(hi) - F(lo⁻)) is only a first
// guess, since rounding in that mapping can put it one atom off the CDF.
func (t Truncated) Quantile(p float64) float64 {
	checkP(p)
	if t.atoms != nil {
		return t.atoms.Quantile(p)
	}
	if p == 0 {
		return t.qlo
	}
	x := t.quantileAt(t.flo + p*(t.fhi-t.flo))
	if !isDiscrete(t.base) {
		return x
	}
	for x < t.qhi && t.CDF(x) < p {
		next := t.base.Quantile(math.Nextafter(t.base.CDF(x), 1))
		if !(next > x) {
			break
		}
		x = min(next, t.qhi)
	}
	for x > t.qlo {
		prev := max(t.base.Quantile(t.base.CDF(math.Nextafter(x, math.Inf(-1)))), t.qlo)
		if !(prev < x) || t.CDF(prev) < p {
			break
		}
		x = prev
	}
	return x
}

// CDF returns P(X <= x).
func (t Truncated) CDF(x float64) float64 {
	if t.atoms != nil {
		return t.atoms.CDF(x)
	}
	switch {
	case x < t.lo:
		return 0
	case x >= t.hi:
		return 1
	}
	f := (t.base.CDF(x) - t.flo) / (t.fhi - t.flo)
	return min(max(f, 0), 1)
}

// Mean returns the mean, computed at construction (see moments).
func (t Truncated) Mean() float64 { return t.mean }

// Variance returns the variance, computed at construction (see moments).
func (t Truncated) Variance() float64 { return t.variance }

// String returns "truncate(base, lo, hi)", writing an infinite bound as inf or -inf.
func (t Truncated) String() string {
	bound := func(v float64) string {
		switch {
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		}
		return num(v)
	}
	return "truncate(" + t.base.String() + ", " + bound(t.lo) + ", " + bound(t.hi) + ")"
}

func (t Truncated) isDiscrete() bool { return isDiscrete(t.base) }

// moments returns the mean and variance of the truncated distribution.
//
// Mean = ∫ Q(u) du / Z over u in (F(lo⁻), F(hi)), Z = F(hi) - F(lo⁻), and the
// variance likewise with (Q(u) - mean)². A discrete base is summed atom by
// atom; a continuous one is integrated by tanh-sinh quadrature. When the kept
// range reaches an unbounded tail of the base whose variance is infinite,
// the quadrature would miss the mass beyond the last node, so the mean is
// taken as the base mean minus the integral over the cut-off part instead.
func (t Truncated) moments() (mean, variance float64) {
	if m, v, ok := t.countMoments(); ok {
		return m, v
	}
	if isDiscrete(t.base) {
		return t.atomMoments()
	}
	z := t.fhi - t.flo
	q := t.base.Quantile
	lowerOpen := math.IsInf(t.lo, -1) && math.IsInf(t.base.Quantile(0), -1)
	upperOpen := math.IsInf(t.hi, 1) && math.IsInf(t.base.Quantile(1), 1)
	bm, bv := t.base.Mean(), varianceOf(t.base)
	heavy := !isFinite(bv) && (lowerOpen || upperOpen)
	switch {
	case isFinite(bm) || !(lowerOpen || upperOpen):
		// The mean is finite.
	case math.IsInf(bm, 1) && upperOpen, math.IsNaN(bm) && upperOpen && !lowerOpen:
		return math.Inf(1), math.NaN()
	case math.IsInf(bm, -1) && lowerOpen, math.IsNaN(bm) && lowerOpen && !upperOpen:
		return math.Inf(-1), math.NaN()
	case math.IsNaN(bm):
		return math.NaN(), math.NaN()
	}
	switch {
	case heavy && isFinite(bm) && lowerOpen && upperOpen:
		mean = bm
	case heavy && isFinite(bm) && upperOpen:
		mean = (bm - integrate(q, 0, t.flo)) / z
	case heavy && isFinite(bm) && lowerOpen:
		mean = (bm - integrate(q, t.fhi, 1)) / z
	default:
		mean = integrate(q, t.flo, t.fhi) / z
	}
	if heavy {
		return mean, math.Inf(1)
	}
	variance = integrate(func(u float64) float64 {
		d := q(u) - mean
		return d * d
	}, t.flo, t.fhi) / z
	return mean, variance
}

// maxAtoms bounds the atom-by-atom summation of a discrete base.
const maxAtoms = 1 << 20

// atomMoments sums over the atoms of a discrete base inside [lo, hi], walking
// from one atom to the next with x' = Quantile(nextafter(F(x), 1)).
func (t Truncated) atomMoments() (mean, variance float64) {
	z := t.fhi - t.flo
	type atom struct{ x, p float64 }
	walk := func(visit func(atom)) {
		prev, x := t.flo, t.qlo
		for range maxAtoms {
			f := min(t.base.CDF(x), t.fhi)
			visit(atom{x, (f - prev) / z})
			prev = f
			if f >= t.fhi || x >= t.qhi {
				return
			}
			next := t.base.Quantile(math.Nextafter(f, 1))
			if !(next > x) || math.IsInf(next, 0) { // no further atom, or only the 1e-16 beyond the last one
				return
			}
			x = min(next, t.qhi)
		}
	}
	walk(func(a atom) { mean += a.p * a.x })
	walk(func(a atom) { variance += a.p * (a.x - mean) * (a.x - mean) })
	return mean, variance
}

// countMoments returns the moments of a truncated binomial or Poisson base
// from the factorial-moment identities E[X; a <= X <= b] = np·P(a-1 <= Y <= b-1)
// and E[X(X-1); a <= X <= b] = n(n-1)p²·P(a-2 <= Z <= b-2), Y and Z binomial
// (n-1, p) and (n-2, p) (for the Poisson, λ and λ² times the probabilities
// of the same distribution): a few CDF evaluations instead of one per atom,
// which for binomial(1e8, 0.5) would be tens of thousands.
func (t Truncated) countMoments() (mean, variance float64, ok bool) {
	// mass(j) is P(a-j <= W <= b-j), W the base with j fewer trials (the
	// Poisson itself), and c(j) the factor of the j-th factorial moment.
	var mass func(j float64) float64
	var c func(j float64) float64
	a, b := math.Ceil(max(t.lo, 0)), math.Floor(t.hi)
	interval := func(cdf func(float64) float64, j float64) float64 {
		lo, hi := a-j, b-j
		if hi < 0 {
			return 0
		}
		f := 1.0
		if !math.IsInf(hi, 1) {
			f = cdf(hi)
		}
		if lo > 0 {
			f -= cdf(lo - 1)
		}
		return f
	}
	switch d := t.base.(type) {
	case Binomial:
		if d.n < 3 || d.p == 0 || d.p == 1 {
			return 0, 0, false
		}
		mass = func(j float64) float64 {
			return interval(Binomial{n: d.n - j, p: d.p}.CDF, j)
		}
		c = func(j float64) float64 {
			f := 1.0
			for i := range int(j) {
				f *= (d.n - float64(i)) * d.p
			}
			return f
		}
	case Poisson:
		mass = func(j float64) float64 { return interval(d.CDF, j) }
		c = func(j float64) float64 { return math.Pow(d.lambda, j) }
	default:
		return 0, 0, false
	}
	z := mass(0)
	if !(z > 0) {
		return 0, 0, false
	}
	mean = c(1) * mass(1) / z
	variance = c(2)*mass(2)/z + mean - mean*mean
	return mean, max(variance, 0), true
}
