package sampling

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/montecarlo-risk/montecarlo/internal/floatorder"
)

// argsorter orders indices by 64-bit keys, exactly: Argsort's result is
// the permutation that sorts (key, index) pairs lexicographically, the
// same as a comparison sort of them would give.
//
// It sorts 32-bit words instead of 64-bit keys: the key's offset from the
// smallest key, shifted right so that it fits in 32 − b bits, above the
// b-bit index (b = bits.Len(n−1)), radix-sorted by the prefix only (the
// words start in index order and the passes are stable, so the index
// needs no pass of its own): three passes of 8-bit digits at n = 1,024
// (the passes whose digit is constant skipped). Subtracting the
// minimum and shifting are monotone, so the words order the indices by
// key except within runs of keys that share the truncated prefix (keys
// within 2^shift of each other); each such run is then sorted by (full
// key, index), by insertion (short runs, the common case: at 1,024 keys a
// block has a few runs of two or three) or by pdqsort (long runs, so that
// a column of many nearly equal values is O(n log n), not O(n²)). The
// result is therefore exact whatever the keys. On a block of 1,024 keys
// it took 12 µs against 27 µs for an LSD radix sort of
// the 64-bit keys in eight 8-bit passes (the sort this replaced; loaded
// machine, BenchmarkArgsort).
type argsorter struct {
	words, buf []uint32
	keys       []uint64 // ArgsortFloats's keys
}

// argsortMaxN is the largest n Argsort packs into 32-bit words (an index
// of up to 16 bits, a key prefix of at least 16); above it Argsort sorts
// by comparison.
const argsortMaxN = 1 << 16

// Argsort sets idx[r] to the index of the r-th smallest of keys (ties in
// index order) and returns idx, reusing its storage if large enough.
func (a *argsorter) Argsort(idx []uint32, keys []uint64) []uint32 {
	n := len(keys)
	idx = slices.Grow(idx[:0], n)[:n]
	if n == 0 {
		return idx
	}
	if n > argsortMaxN {
		for i := range idx {
			idx[i] = uint32(i)
		}
		slices.SortFunc(idx, func(x, y uint32) int {
			return cmp.Or(cmp.Compare(keys[x], keys[y]), cmp.Compare(x, y))
		})
		return idx
	}
	lo, hi := keys[0], keys[0]
	for _, k := range keys {
		lo, hi = min(lo, k), max(hi, k)
	}
	return a.argsort(idx, keys, lo, hi)
}

// ArgsortFloats is Argsort of the order keys of xs (floatorder.Key): the
// order of cmp.Compare, ties (equal values, ±0, NaNs) in index order.
func (a *argsorter) ArgsortFloats(idx []uint32, xs []float64) []uint32 {
	n := len(xs)
	if n == 0 || n > argsortMaxN {
		a.keys = slices.Grow(a.keys[:0], n)[:n]
		for i, x := range xs {
			a.keys[i] = floatorder.Key(x)
		}
		return a.Argsort(idx, a.keys)
	}
	idx = slices.Grow(idx[:0], n)[:n]
	a.keys = slices.Grow(a.keys[:0], n)[:n]
	keys := a.keys
	lo, hi := floatorder.Key(xs[0]), floatorder.Key(xs[0])
	for i, x := range xs {
		k := floatorder.Key(x)
		keys[i] = k
		lo, hi = min(lo, k), max(hi, k)
	}
	return a.argsort(idx, keys, lo, hi)
}

// argsort is Argsort for 0 < n <= argsortMaxN keys between lo and hi, idx
// of length n.
func (a *argsorter) argsort(idx []uint32, keys []uint64, lo, hi uint64) []uint32 {
	n := len(keys)
	ib := uint(bits.Len(uint(n - 1)))
	shift := max(0, bits.Len64(hi-lo)-int(32-ib))
	a.words = slices.Grow(a.words[:0], n)[:n]
	a.buf = slices.Grow(a.buf[:0], n)[:n]
	w := a.words
	for i, k := range keys {
		w[i] = uint32((k-lo)>>shift)<<ib | uint32(i)
	}
	radixSort32(w, a.buf, ib) // the words start in index order, and the sort is stable
	mask := uint32(1)<<ib - 1
	for r, x := range w {
		idx[r] = x & mask
	}
	if shift == 0 {
		return idx // the words hold the whole keys
	}
	// Runs of equal prefixes (rare: a branch that predicts well): exact
	// order by the full keys.
	for r := 1; r < n; r++ {
		if (w[r]^w[r-1])>>ib != 0 {
			continue
		}
		i, j := r-1, r+1
		for j < n && (w[j]^w[i])>>ib == 0 {
			j++
		}
		run := idx[i:j]
		if len(run) <= 16 {
			for x := 1; x < len(run); x++ {
				for y := x; y > 0 && keyIndexLess(keys, run[y], run[y-1]); y-- {
					run[y], run[y-1] = run[y-1], run[y]
				}
			}
		} else {
			slices.SortFunc(run, func(x, y uint32) int {
				return cmp.Or(cmp.Compare(keys[x], keys[y]), cmp.Compare(x, y))
			})
		}
		r = j
	}
	return idx
}

func keyIndexLess(keys []uint64, x, y uint32) bool {
	return keys[x] < keys[y] || keys[x] == keys[y] && x < y
}

// radixSort32 sorts words by their bits from, up, with a stable LSD radix
// sort of 8-bit digits (the last may be shorter), skipping the digits
// every word shares; bits below from are not looked at, so words that
// agree above it keep their order. buf is scratch of len(words). (11-bit
// digits take fewer passes but measured 60% slower per pass on 1,024
// words: their histograms are eight times larger.)
func radixSort32(words, buf []uint32, from uint) {
	n := len(words)
	if n < 64 {
		for i := 1; i < n; i++ {
			for j := i; j > 0 && words[j]>>from < words[j-1]>>from; j-- {
				words[j], words[j-1] = words[j-1], words[j]
			}
		}
		return
	}
	var count [4][256]uint32
	digits := int(32-from+7) / 8
	if digits <= 3 { // the usual case (an index of 8 bits or more): one counter fewer per word
		for _, k := range words {
			k >>= from
			count[0][k&0xff]++
			count[1][(k>>8)&0xff]++
			count[2][(k>>16)&0xff]++
		}
	} else {
		for _, k := range words {
			k >>= from
			count[0][k&0xff]++
			count[1][(k>>8)&0xff]++
			count[2][(k>>16)&0xff]++
			count[3][(k>>24)&0xff]++
		}
	}
	src, dst := words, buf[:n]
	for d := range digits {
		c := &count[d]
		sh := from + uint(8*d)
		if c[(words[0]>>sh)&0xff] == uint32(n) {
			continue // every word has this digit
		}
		var sum uint32
		for i := range c {
			c[i], sum = sum, sum+c[i]
		}
		for _, k := range src {
			b := (k >> sh) & 0xff
			dst[c[b]] = k
			c[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &words[0] {
		copy(words, src)
	}
}
