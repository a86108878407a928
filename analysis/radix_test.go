package analysis

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/internal/floatorder"
)

// sortedIndexPdq is sortedIndex as it was before the radix sort (pdqsort of
// (value, index) pairs with cmp.Compare), kept as the reference.
func sortedIndexPdq(v []float64) []int {
	type pair struct {
		v float64
		i int
	}
	ps := make([]pair, len(v))
	for i, x := range v {
		ps[i] = pair{x, i}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		if c := cmp.Compare(a.v, b.v); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	idx := make([]int, len(v))
	for k, p := range ps {
		idx[k] = p.i
	}
	return idx
}

// specials are values whose order is easy to get wrong: NaNs with different
// payloads and signs, infinities, signed zeros, subnormals and extremes.
var specials = []float64{
	math.NaN(), math.Float64frombits(0x7ff0000000000001), math.Float64frombits(0xfff8000000000000),
	math.Float64frombits(0xffffffffffffffff),
	math.Inf(-1), math.Inf(1), math.Copysign(0, -1), 0,
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0x1p-1030, -0x1p-1030,
	math.MaxFloat64, -math.MaxFloat64, 1, -1, 2, -2, 0.1, -0.1,
}

// testColumn returns n values of the named kind drawn with r.
func testColumn(kind string, n int, r *rand.Rand) []float64 {
	v := make([]float64, n)
	for i := range v {
		switch kind {
		case "lognormal":
			v[i] = math.Exp(r.NormFloat64())
		case "normal":
			v[i] = r.NormFloat64()
		case "specials": // many ties among special values
			v[i] = specials[r.IntN(len(specials))]
		case "mixed": // half specials, half normal
			if r.IntN(2) == 0 {
				v[i] = specials[r.IntN(len(specials))]
			} else {
				v[i] = r.NormFloat64()
			}
		case "integers": // low digits constant: radix passes are skipped
			v[i] = float64(r.IntN(20) - 10)
		case "zeros": // -0 and +0 only
			v[i] = math.Copysign(0, float64(r.IntN(2))-0.5)
		case "constant":
			v[i] = 3.5
		case "nan":
			v[i] = math.NaN()
		case "sorted":
			v[i] = float64(i) / 7
		case "reversed":
			v[i] = -float64(i) / 7
		case "organ": // up then down
			v[i] = float64(min(i, n-i))
		default:
			panic("testColumn: unknown kind " + kind)
		}
	}
	return v
}

var testKinds = []string{"lognormal", "normal", "specials", "mixed", "integers", "zeros", "constant", "nan", "sorted", "reversed", "organ"}

func TestSortKey(t *testing.T) {
	for _, a := range specials {
		for _, b := range specials {
			ka, kb := floatorder.Key(a), floatorder.Key(b)
			if got, want := cmp.Compare(ka, kb), cmp.Compare(a, b); got != want {
				t.Errorf("floatorder.Key(%v) = %#x, floatorder.Key(%v) = %#x: compare %d, want cmp.Compare %d", a, ka, b, kb, got, want)
			}
		}
	}
}

func TestSortedIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0x5eed))
	for _, kind := range testKinds {
		for _, n := range []int{0, 1, 2, 3, 17, radixMinLen - 1, radixMinLen, radixMinLen + 1, 1000, 70000} {
			v := testColumn(kind, n, r)
			orig := slices.Clone(v)
			got, want := sortedIndex(v), sortedIndexPdq(v)
			if !slices.Equal(got, want) {
				i := 0
				for got[i] == want[i] {
					i++
				}
				t.Errorf("%s, n=%d: sortedIndex differs from pdqsort first at %d: index %d (%v), want %d (%v)",
					kind, n, i, got[i], v[got[i]], want[i], v[want[i]])
			}
			for i := range v {
				if math.Float64bits(v[i]) != math.Float64bits(orig[i]) {
					t.Fatalf("%s, n=%d: sortedIndex modified its argument", kind, n)
				}
			}
		}
	}
}
