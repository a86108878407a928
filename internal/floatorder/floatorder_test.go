package floatorder

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

// TestOrder: keys order as cmp.Compare orders the values, equal values
// get equal keys, and Float inverts Key.
func TestOrder(t *testing.T) {
	xs := []float64{math.NaN(), math.Inf(-1), -math.MaxFloat64, -1, -math.SmallestNonzeroFloat64, math.Copysign(0, -1), 0,
		math.SmallestNonzeroFloat64, 1e-300, 1, 2.5, math.MaxFloat64, math.Inf(1)}
	for i, a := range xs {
		for _, b := range xs[i:] {
			if c := cmp.Compare(Key(a), Key(b)); c != cmp.Compare(a, b) {
				t.Errorf("Key(%v) vs Key(%v): %d, values %d", a, b, c, cmp.Compare(a, b))
			}
		}
		if a == a && !(a == 0 && math.Signbit(a)) && Float(Key(a)) != a {
			t.Errorf("Float(Key(%v)) = %v", a, Float(Key(a)))
		}
	}
	fs := []float32{float32(math.Inf(-1)), -3, -1e-30, 0, 1e-30, 2, float32(math.Inf(1))}
	if !slices.IsSortedFunc(fs, func(a, b float32) int { return cmp.Compare(Key32(a), Key32(b)) }) {
		t.Error("Key32 does not keep the order of float32 values")
	}
	if Key32(float32(math.Copysign(0, -1))) != Key32(0) {
		t.Error("−0 and +0 have different 32-bit keys")
	}
}
