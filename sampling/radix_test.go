package sampling

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/internal/floatorder"
)

// TestArgsort: argsorter's order is exactly that of a comparison sort of
// (key, index), for keys whose 32-bit prefixes are distinct, for keys
// that share their prefixes in short and long runs (values within 1e-12
// of each other, next to outliers that stretch the range), with exact
// ties, and for sizes on both sides of the insertion-sort and packing
// limits. Without the run fix-up the nearly equal keys would stay in
// index order.
func TestArgsort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gens := map[string]func() float64{
		"normal": func() float64 { return rng.NormFloat64() },
		"narrow": func() float64 {
			if rng.IntN(100) == 0 {
				return 1e300 // an outlier: the prefix keeps only the exponent
			}
			return 1 + 1e-12*rng.Float64()
		},
		"ties":  func() float64 { return float64(rng.IntN(3)) },
		"pairs": func() float64 { return 5 + float64(rng.IntN(300))*1e-13 + float64(rng.IntN(2))*1e5 },
	}
	var a argsorter
	var idx []uint32
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 17, 63, 64, 1000, 1024, 5000, argsortMaxN + 1} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = floatorder.Key(gen())
			}
			idx = a.Argsort(idx, keys)
			want := make([]uint32, n)
			for i := range want {
				want[i] = uint32(i)
			}
			slices.SortFunc(want, func(x, y uint32) int {
				if keys[x] != keys[y] {
					return cmp.Compare(keys[x], keys[y])
				}
				return cmp.Compare(x, y)
			})
			if !slices.Equal(idx, want) {
				t.Fatalf("%s, n=%d: Argsort differs from a comparison sort", name, n)
			}
			xs := make([]float64, n)
			for i, k := range keys {
				xs[i] = floatorder.Float(k)
			}
			if idx = a.ArgsortFloats(idx, xs); !slices.Equal(idx, want) {
				t.Fatalf("%s, n=%d: ArgsortFloats differs from a comparison sort", name, n)
			}
		}
	}
}

// BenchmarkArgsort orders the 1,024 values of a block of normal draws.
func BenchmarkArgsort(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 1024)
	for i := range keys {
		keys[i] = floatorder.Key(rng.NormFloat64()*2 + 10)
	}
	var a argsorter
	var idx []uint32
	for b.Loop() {
		idx = a.Argsort(idx, keys)
	}
}
