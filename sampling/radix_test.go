package sampling

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/internal/floatorder"
)

// TestRadixSort sorts random keys of several lengths, keys with constant
// digits, and floats through floatorder.Key (negatives, ±0, infinities) against
// slices.Sort.
func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 63, 64, 1000, 1024, 5000} {
		for _, gen := range []func() uint64{
			rng.Uint64,
			func() uint64 { return 1<<40 | rng.Uint64N(1000) }, // most digits constant
		} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = gen()
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			radixSort(keys, make([]uint64, n))
			if !slices.Equal(keys, want) {
				t.Fatalf("n=%d: radixSort differs from slices.Sort", n)
			}
		}
	}
	xs := []float64{3, -1, 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), -1e-300, 1e-300, 2.5, -7}
	keys := make([]uint64, len(xs))
	for i, x := range xs {
		keys[i] = floatorder.Key(x)
	}
	radixSort(keys, make([]uint64, len(keys)))
	got := make([]float64, len(keys))
	for i, k := range keys {
		got[i] = floatorder.Float(k)
	}
	want := slices.Clone(xs)
	slices.Sort(want)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("floats sorted by key: %v, want %v", got, want)
		}
	}
}
