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
//
// When F(lo⁻) > 1/2 the kept interval lies in the base's upper tail, where
// F rounds towards 1: there the truncation works with the base's survival
// function S = 1 - F computed directly, CDF(x) = (S(lo⁻) - S(x)) / (S(lo⁻) -
// S(hi)), and Quantile inverts S, so that truncate(normal(0, 1), 5, inf) is
// as accurate as truncate(normal(0, 1), -inf, -5). A truncated discrete base
// keeps the base's atoms: truncating a weighted discrete distribution gives
// the discrete distribution of the kept values and weights, and Quantile(p)
// of any truncated discrete base is the smallest atom x in [lo, hi] with
// CDF(x) >= p, the convention of the untruncated families.
type Truncated struct {
	base   Distribution
	lo, hi float64
	// upper selects survival coordinates: u = S(x) instead of u = F(x).
	upper bool
	// ulo, uhi: the coordinate of lo⁻ and of hi: F(lo⁻), F(hi) or S(lo⁻), S(hi).
	ulo, uhi float64
	z        float64 // P(lo <= X <= hi) under the base
	mz       float64 // the same by the base's intervalMass, or 0 where it has none
	qlo, qhi float64 // the extreme values a draw may take
	atoms    *Discrete
	mean     float64
	variance float64
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
	t := Truncated{base: d, lo: lo, hi: hi, qlo: lo, qhi: hi}
	below := math.Nextafter(lo, math.Inf(-1)) // F(lo⁻) = F(below): nothing lies between
	flo, fhi := 0.0, 1.0
	if !math.IsInf(lo, -1) {
		flo = d.CDF(below)
	}
	if !math.IsInf(hi, 1) {
		fhi = d.CDF(hi)
	}
	t.ulo, t.uhi, t.z = flo, fhi, fhi-flo
	if flo > 0.5 {
		t.upper = true
		t.ulo, t.uhi = survivalOf(d, below), 0
		if !math.IsInf(hi, 1) {
			t.uhi = survivalOf(d, hi)
		}
		t.z = t.ulo - t.uhi
	}
	if m, ok := d.(intervalMass); ok {
		t.mz = m.mass(lo, hi)
	}
	if mass := t.z; !(mass >= minTruncatedMass) {
		return nil, fmt.Errorf("%s: %s has probability %.3g in [%s, %s], too little to sample from (need at least %g)",
			family, d, max(mass, 0), num(lo), num(hi), minTruncatedMass)
	}
	if a, ok := d.(atomic); ok && isDiscrete(d) {
		// The first and last atoms inside [lo, hi].
		t.qlo = a.nextAtom(below)
		t.qhi = a.prevAtom(math.Nextafter(hi, math.Inf(1)))
		if dd, ok := d.(Discrete); ok {
			if r, ok := dd.restrict(lo, hi); ok {
				t.atoms = &r
			}
		}
	}
	t.mean, t.variance = t.moments()
	return t, nil
}

// baseQuantile returns the base value at base coordinate u (clamped to the
// kept range): Quantile(u) in lower coordinates, upperQuantile(u) in upper ones.
func (t Truncated) baseQuantile(u float64) float64 {
	var x float64
	if t.upper {
		x = upperQuantileOf(t.base, min(max(u, t.uhi), t.ulo))
	} else {
		x = t.base.Quantile(min(max(u, t.ulo), t.uhi))
	}
	return min(max(x, t.qlo), t.qhi)
}

// coord returns the base coordinate of the truncated probability p (q = 1-p):
// F(lo⁻) + p·z, or S(hi) + q·z in upper coordinates.
func (t Truncated) coord(p, q float64) float64 {
	if t.upper {
		return t.uhi + q*t.z
	}
	return t.ulo + p*t.z
}

// Sample fills dst by inversion, one uniform U and one base quantile per
// draw: Quantile_base(F(lo⁻) + (1-U)·z), or in upper coordinates
// upperQuantile_base(S(lo⁻) - (1-U)·z). (1-U lies in (0, 1], so the
// probability never sits on F(lo⁻), where a discrete base has an atom below lo.)
func (t Truncated) Sample(rng *rand.Rand, dst []float64) {
	if t.atoms != nil {
		for i := range dst {
			dst[i] = t.atoms.Quantile(1 - rng.Float64())
		}
		return
	}
	discrete := t.isDiscrete()
	for i := range dst {
		v := 1 - rng.Float64()
		var x float64
		if t.upper {
			x = t.baseQuantile(t.ulo - v*t.z)
		} else {
			x = t.baseQuantile(t.ulo + v*t.z)
		}
		if discrete {
			x = t.settle(x, v, 1-v)
		}
		dst[i] = x
	}
}

// Quantile returns the p-quantile: for a discrete base the smallest atom x
// in [lo, hi] with CDF(x) >= p.
func (t Truncated) Quantile(p float64) float64 {
	checkP(p)
	if t.atoms != nil {
		return t.atoms.Quantile(p)
	}
	if p == 0 {
		return t.qlo
	}
	x := t.baseQuantile(t.coord(p, 1-p))
	if t.isDiscrete() {
		x = t.settle(x, p, 1-p)
	}
	return x
}

// upperQuantile returns the smallest x with P(X > x) <= q.
func (t Truncated) upperQuantile(q float64) float64 {
	if t.atoms != nil {
		return t.atoms.upperQuantile(q)
	}
	if q == 1 {
		return t.qlo
	}
	x := t.baseQuantile(t.coord(1-q, q))
	if t.isDiscrete() {
		x = t.settle(x, 1-q, q)
	}
	return x
}

// settle moves a discrete candidate x to the smallest atom with CDF >= p
// (or, when p > 1/2, survival <= q, as countQuantile), stepping over the neighbouring
// atoms: the base quantile at the mapped probability can miss by an atom
// where the rounding of F(lo⁻) + p·z crosses an atom boundary.
func (t Truncated) settle(x, p, q float64) float64 {
	a := t.base.(atomic)
	ok := func(x float64) bool {
		return t.CDF(x) >= p || (p > 0.5 && t.survival(x) <= q)
	}
	for x > t.qlo {
		prev := a.prevAtom(x)
		if prev < t.qlo || !ok(prev) {
			break
		}
		x = prev
	}
	for x < t.qhi && !ok(x) {
		x = a.nextAtom(x)
	}
	return x
}

// intervalMass is implemented by continuous distributions that compute
// P(a < X <= b) without the cancellation of F(b) - F(a) for close a and b;
// Truncated's CDF and survival use it near the bounds.
type intervalMass interface {
	mass(a, b float64) float64
}

// CDF returns P(X <= x).
func (t Truncated) CDF(x float64) float64 {
	switch {
	case x < t.lo:
		return 0
	case x >= t.hi:
		return 1
	case t.atoms != nil:
		return t.atoms.CDF(x)
	}
	var f float64
	if m, ok := t.base.(intervalMass); ok && t.mz > 0 {
		f = m.mass(t.lo, x) / t.mz
	} else if t.upper {
		f = (t.ulo - survivalOf(t.base, x)) / t.z
	} else {
		f = (t.base.CDF(x) - t.ulo) / t.z
	}
	return min(max(f, 0), 1)
}

// survival returns P(X > x).
func (t Truncated) survival(x float64) float64 {
	switch {
	case x < t.lo:
		return 1
	case x >= t.hi:
		return 0
	case t.atoms != nil:
		return t.atoms.survival(x)
	}
	var f float64
	if m, ok := t.base.(intervalMass); ok && t.mz > 0 {
		f = m.mass(x, t.hi) / t.mz
	} else if t.upper {
		f = (survivalOf(t.base, x) - t.uhi) / t.z
	} else {
		f = (t.uhi - t.base.CDF(x)) / t.z
	}
	return min(max(f, 0), 1)
}

func (t Truncated) nextAtom(x float64) float64 {
	if x < t.qlo {
		return t.qlo
	}
	n := t.base.(atomic).nextAtom(x)
	if n > t.qhi {
		return math.Inf(1)
	}
	return n
}

func (t Truncated) prevAtom(x float64) float64 {
	if x > t.qhi {
		return t.qhi
	}
	p := t.base.(atomic).prevAtom(x)
	if p < t.qlo {
		return math.Inf(-1)
	}
	return p
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

func (t Truncated) isDiscrete() bool {
	_, ok := t.base.(atomic)
	return ok && isDiscrete(t.base)
}

// moments returns the mean and variance of the truncated distribution.
//
// Mean = ∫ Q(u) du / z over the kept base coordinates u (F in (F(lo⁻), F(hi)),
// or S in (S(hi), S(lo⁻)) with Q the base's upper quantile), and the
// variance likewise with (Q(u) - mean)². A discrete base is summed atom by
// atom; a continuous one is integrated by tanh-sinh quadrature. When the kept
// range reaches an unbounded tail of the base whose variance is infinite,
// the quadrature would miss the mass beyond the last node, so the mean is
// taken as the base mean minus the integral over the cut-off part instead.
func (t Truncated) moments() (mean, variance float64) {
	if t.atoms != nil {
		return t.atoms.Mean(), t.atoms.Variance()
	}
	if t.isDiscrete() {
		return t.atomMoments()
	}
	z := t.z
	// q on (a, b) spans the kept range; below and above integrate the base
	// coordinates of x < lo and x > hi.
	q := t.base.Quantile
	a, b := t.ulo, t.uhi
	below := func() float64 { return integrate(q, 0, t.ulo) }
	above := func() float64 { return integrate(q, t.uhi, 1) }
	if t.upper {
		q = func(u float64) float64 { return upperQuantileOf(t.base, u) }
		a, b = t.uhi, t.ulo
		below = func() float64 { return integrate(q, t.ulo, 1) }
		above = func() float64 { return integrate(q, 0, t.uhi) }
	}
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
		mean = (bm - below()) / z
	case heavy && isFinite(bm) && lowerOpen:
		mean = (bm - above()) / z
	default:
		mean = integrate(q, a, b) / z
	}
	if heavy {
		return mean, math.Inf(1)
	}
	variance = integrate(func(u float64) float64 {
		d := q(u) - mean
		return d * d
	}, a, b) / z
	return mean, variance
}

// maxAtoms bounds the atom-by-atom summation of a discrete base.
const maxAtoms = 1 << 20

// atomMoments sums over the atoms of a discrete base inside [lo, hi], from
// qlo upwards by nextAtom, each atom's mass the difference of the base CDF
// (or, in upper coordinates, survival function) at it and at the atom
// before. It stops at qhi or once the mass left is below 2^-60 of z.
func (t Truncated) atomMoments() (mean, variance float64) {
	next := t.base.(atomic).nextAtom
	// cum(x) = P(lo <= X <= x) and rest(x) = P(x < X <= hi) under the base.
	cum := func(x float64) (float64, float64) {
		if t.upper {
			s := survivalOf(t.base, x)
			return t.ulo - s, s - t.uhi
		}
		f := t.base.CDF(x)
		return f - t.ulo, t.uhi - f
	}
	type atom struct{ x, p float64 }
	var atoms []atom
	prev, x := 0.0, t.qlo
	for range maxAtoms {
		c, rest := cum(x)
		c = min(c, t.z)
		atoms = append(atoms, atom{x, (c - prev) / t.z})
		prev = c
		if rest <= 0x1p-60*t.z || x >= t.qhi {
			break
		}
		n := next(x)
		if !(n > x) || math.IsInf(n, 0) {
			break
		}
		x = min(n, t.qhi)
	}
	for _, a := range atoms {
		mean += a.p * a.x
	}
	for _, a := range atoms {
		variance += a.p * (a.x - mean) * (a.x - mean)
	}
	return mean, variance
}
