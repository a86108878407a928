package distributions

import "math"

// orderedBits maps float64 values to int64 keys in the same order (-0 and +0
// share key 0; ±Inf sit beyond ±MaxFloat64), so that bisection on keys halves
// the number of floating-point values in the bracket: at most 64 steps from
// any bracket to adjacent floats, whatever the magnitudes involved.
func orderedBits(x float64) int64 {
	b := int64(math.Float64bits(x))
	if b < 0 { // sign bit set: key is minus the magnitude
		return math.MinInt64 - b
	}
	return b
}

// fromOrderedBits inverts orderedBits.
func fromOrderedBits(k int64) float64 {
	if k < 0 {
		return math.Float64frombits(uint64(math.MinInt64 - k))
	}
	return math.Float64frombits(uint64(k))
}

// bisectFirst returns the smallest float64 x in (a, b] for which ok(x)
// holds, given !ok(a), ok(b) and ok monotone (false, then true): a quantile
// to the last bit, in at most 64 evaluations of ok.
func bisectFirst(ok func(float64) bool, a, b float64) float64 {
	ka, kb := orderedBits(a), orderedBits(b)
	for {
		d := uint64(kb) - uint64(ka) // kb >= ka; unsigned to survive ±Inf brackets
		if d <= 1 {
			return fromOrderedBits(kb)
		}
		m := ka + int64(d/2)
		if ok(fromOrderedBits(m)) {
			kb = m
		} else {
			ka = m
		}
	}
}

// bisectQuantile returns the smallest float64 x in (a, b] with cdf(x) >= p,
// given cdf(a) < p <= cdf(b) and cdf non-decreasing.
func bisectQuantile(cdf func(float64) float64, p, a, b float64) float64 {
	return bisectFirst(func(x float64) bool { return cdf(x) >= p }, a, b)
}

// refineQuantile checks a quantile x computed by a special-function inverse
// (gonum's mathext.InvRegIncBeta and GammaIncRegInv lose accuracy, or return
// 0, for extreme shapes such as gamma shape 0.01 or Student's t with 10⁶
// degrees of freedom in the far tail) and, when cdf(x) misses p by more than
// 1e-10 relative, recomputes it by bisection within the support [lo, hi].
// The check costs one cdf evaluation; p must lie in (0, 1/2], where cdf is
// accurate relative to p (callers map the upper half to refineUpper).
func refineQuantile(x, p float64, cdf func(float64) float64, lo, hi float64) float64 {
	return refine(x, func(x float64) float64 { return cdf(x) - p }, 1e-10*p, lo, hi)
}

// refineUpper is refineQuantile for the upper tail: it returns the smallest
// x in [lo, hi] with surv(x) <= q, the survival function at or below q, for
// q in (0, 1/2], starting from the estimate x.
func refineUpper(x, q float64, surv func(float64) float64, lo, hi float64) float64 {
	return refine(x, func(x float64) float64 { return q - surv(x) }, 1e-10*q, lo, hi)
}

// refine returns x if |g(x)| <= tol, else the smallest float in [lo, hi]
// with g >= 0 (g non-decreasing), bisecting from the bracket x gives.
func refine(x float64, g func(float64) float64, tol, lo, hi float64) float64 {
	a, b := lo, hi
	if x >= lo && x <= hi { // false for NaN
		v := g(x)
		if math.Abs(v) <= tol {
			return x
		}
		if v >= 0 {
			b = x
		} else {
			a = x
		}
	}
	if g(a) >= 0 { // a == lo carries no mass below the target
		return a
	}
	return bisectFirst(func(x float64) bool { return g(x) >= 0 }, a, b)
}
