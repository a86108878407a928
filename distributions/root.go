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

// bisectQuantile returns the smallest float64 x in (a, b] with cdf(x) >= p,
// given cdf(a) < p <= cdf(b) and cdf non-decreasing: the quantile to the
// last bit, in at most 64 evaluations of cdf.
func bisectQuantile(cdf func(float64) float64, p, a, b float64) float64 {
	ka, kb := orderedBits(a), orderedBits(b)
	for {
		d := uint64(kb) - uint64(ka) // kb >= ka; unsigned to survive ±Inf brackets
		if d <= 1 {
			return fromOrderedBits(kb)
		}
		m := ka + int64(d/2)
		if cdf(fromOrderedBits(m)) >= p {
			kb = m
		} else {
			ka = m
		}
	}
}

// refineQuantile checks a quantile x computed by a special-function inverse
// (gonum's mathext.InvRegIncBeta and GammaIncRegInv lose accuracy, or return
// 0, for extreme shapes such as gamma shape 0.01 or Student's t with 10⁶
// degrees of freedom in the far tail) and, when CDF(x) misses p by more than
// 1e-10 relative, recomputes it by bisectQuantile within the support [lo, hi].
// The check costs one CDF evaluation; p must lie in (0, 1).
func refineQuantile(x, p float64, cdf func(float64) float64, lo, hi float64) float64 {
	a, b := lo, hi
	if x >= lo && x <= hi { // false for NaN
		c := cdf(x)
		if math.Abs(c-p) <= 1e-10*min(p, 1-p)+1e-15 {
			return x
		}
		if c >= p {
			b = x
		} else {
			a = x
		}
	}
	if cdf(a) >= p { // a == lo carries no mass below p
		return a
	}
	return bisectQuantile(cdf, p, a, b)
}
