// Package floatorder maps floating-point values to unsigned integers of the
// same order, so that integer sorts (radix sorts) and branch-free integer
// comparisons order floats: the sign-flip trick of P. Herf, "Radix Tricks"
// (2001): a negative value has all its bits inverted (a larger magnitude,
// a smaller key), a positive value its sign bit set (above every negative).
package floatorder

import "math"

// Key maps x to a uint64 whose unsigned order is the order of cmp.Compare
// on float64: every NaN maps to 0, below −Inf, and −0 to +0's key, so that
// values cmp.Compare finds equal get equal keys.
func Key(x float64) uint64 {
	if x != x {
		return 0 // no other value maps to 0 (^u == 0 only for all ones, a NaN)
	}
	if x == 0 {
		return 1 << 63 // −0 and +0
	}
	u := math.Float64bits(x)
	// Branch-free: the mask is all ones for a negative value, only the sign
	// bit for a positive one.
	return u ^ (uint64(int64(u)>>63) | 1<<63)
}

// Float inverts Key for the keys of values other than NaN and −0 (which
// come back as a NaN and +0).
func Float(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k ^ 1<<63)
	}
	return math.Float64frombits(^k)
}

// Key32 is Key for float32 values that are not NaN.
func Key32(x float32) uint32 {
	if x == 0 {
		return 1 << 31
	}
	u := math.Float32bits(x)
	return u ^ (uint32(int32(u)>>31) | 1<<31)
}
