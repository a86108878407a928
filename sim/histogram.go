package sim

import (
	"math"
	"sort"
)

// histogramBits is the number of leading mantissa bits that select a bucket
// within a binary order of magnitude: 2^13 buckets per power of two, so a
// bucket spans a relative width of at most 2^-13 ≈ 1.2e-4 and an order
// statistic placed at its bucket's interpolated position is off by at most
// half that, 6e-5 relative, even in a sparse tail; in the body of a smooth
// distribution the error is ~1e-6. Values at a bucket's bound nearest zero
// (those with at most 14 significant bits: zeros, integers below 16,384,
// and values such as 0.5 or 1e6) are kept exactly, so the percentiles of
// a discrete output such as a count of events are exact. The bucketing is
// HdrHistogram's and DDSketch's "logarithmic mapping by bit extraction": a
// bucket is the top bits of the IEEE-754 representation, so adding a value
// is a shift and an increment.
const histogramBits = 13

const (
	pageLen   = 1 << histogramBits
	pageShift = 52 - histogramBits
	numPages  = 1 << 12 // sign bit and 11 exponent bits
)

// coarseBits is the resolution of coarse histograms: 2^8 buckets per power
// of two, a relative width of 3.9e-3 (an order statistic within 2e-3
// relative, folded into its standard error); values with at most 9
// significant bits are exact. Their pages are 2 KB and their page table is
// sparse, so an empty one takes half a kilobyte where a fine one takes
// 64 KB. They serve the periods of series outputs in models with very many
// (see MaxFineHistograms).
const coarseBits = 8

// histogram counts finite float64 values in log-spaced buckets keyed by the
// top bits of their IEEE-754 representation. Counts are exact integers, so
// histograms merge by addition in any order. Pages (one per sign and binary
// exponent) are allocated on first use: memory is bounded by the range of
// the data, not by the number of values.
//
// A histogram is fine (histogramBits, a flat page table: the fast path) or
// coarse (coarseBits, a two-level sparse table).
type histogram struct {
	fine   *fineTable
	coarse *coarseTable
	n      uint64
	min    float64
	max    float64
}

// fineTable holds a fine histogram's pages. exact counts, per bucket, the
// values equal to the bucket's bound nearest zero (the IEEE-754 bits below
// the bucket's are all zero): zeros, small integers, values such as 1e6.
// They are a point mass there, not spread over the bucket, so that a
// discrete output (a count of events, a yes/no loss) has exact
// percentiles. Exact pages are allocated when such a value first occurs,
// which continuous data almost never gives.
type fineTable struct {
	pages [numPages]*[pageLen]uint64
	exact [numPages]*[pageLen]uint64
}

// coarseTable holds a coarse histogram's pages, 2^coarseBits buckets each,
// in two-level tables: page k is top[k>>6][k&63].
type coarseTable struct {
	pages, exact [numPages >> 6]*[64][]uint64
}

// exactMask selects the IEEE-754 bits below a fine bucket's: a value whose
// bits under it are zero is its bucket's bound nearest zero.
const exactMask = 1<<pageShift - 1

func newHistogram() *histogram {
	return &histogram{fine: new(fineTable), min: math.Inf(1), max: math.Inf(-1)}
}

func newCoarseHistogram() *histogram {
	return &histogram{coarse: new(coarseTable), min: math.Inf(1), max: math.Inf(-1)}
}

// bits returns the histogram's resolution.
func (h *histogram) bits() uint {
	if h.fine != nil {
		return histogramBits
	}
	return coarseBits
}

// addBlock counts the finite values xs and updates n, min and max.
func (h *histogram) addBlock(xs []float64) {
	if h.fine != nil {
		h.addFine(xs)
	} else {
		h.addCoarse(xs)
	}
	h.n += uint64(len(xs))
}

// addFine is addBlock of a fine histogram. The loop is written out rather
// than calling a per-value add, which the compiler would not inline; the
// rare paths (a new page, a value at its bucket's bound) are calls.
func (h *histogram) addFine(xs []float64) {
	lo, hi := h.min, h.max
	t := h.fine
	for _, x := range xs {
		bits := math.Float64bits(x)
		p := t.pages[bits>>52]
		if p == nil {
			p = new([pageLen]uint64)
			t.pages[bits>>52] = p
		}
		j := (bits >> pageShift) & (pageLen - 1)
		p[j]++
		if bits&exactMask == 0 {
			t.addExact(bits, j)
		}
		// Plain comparisons: xs holds no NaN, and math.Min's care for
		// NaN and signed zeros costs a tenth of the aggregation time.
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	h.min, h.max = lo, hi
}

// addExact counts a value at its bucket's bound nearest zero: j is the
// bucket within the page of bits.
func (t *fineTable) addExact(bits, j uint64) {
	e := t.exact[bits>>52]
	if e == nil {
		e = new([pageLen]uint64)
		t.exact[bits>>52] = e
	}
	e[j]++
}

// addCoarse is addBlock of a coarse histogram.
func (h *histogram) addCoarse(xs []float64) {
	const shift = 52 - coarseBits
	lo, hi := h.min, h.max
	t := h.coarse
	for _, x := range xs {
		bits := math.Float64bits(x)
		k := bits >> 52
		j := (bits >> shift) & (1<<coarseBits - 1)
		pageOf(&t.pages, k)[j]++
		if bits&(1<<shift-1) == 0 {
			pageOf(&t.exact, k)[j]++
		}
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	h.min, h.max = lo, hi
}

// pageOf returns page k of a two-level table, allocating it if needed.
func pageOf(top *[numPages >> 6]*[64][]uint64, k uint64) []uint64 {
	mid := top[k>>6]
	if mid == nil {
		mid = new([64][]uint64)
		top[k>>6] = mid
	}
	if mid[k&63] == nil {
		mid[k&63] = make([]uint64, 1<<coarseBits)
	}
	return mid[k&63]
}

// page returns the counts and exact counts of page k (nil if absent).
func (h *histogram) page(k uint64) (counts, exact []uint64) {
	if t := h.fine; t != nil {
		if p := t.pages[k]; p != nil {
			counts = p[:]
		}
		if e := t.exact[k]; e != nil {
			exact = e[:]
		}
		return counts, exact
	}
	get := func(top *[numPages >> 6]*[64][]uint64) []uint64 {
		if mid := top[k>>6]; mid != nil {
			return mid[k&63]
		}
		return nil
	}
	return get(&h.coarse.pages), get(&h.coarse.exact)
}

// pageKeys returns the numbers of the allocated pages, increasing.
func (h *histogram) pageKeys() []uint64 {
	var keys []uint64
	for k := range uint64(numPages) {
		if c, _ := h.page(k); c != nil {
			keys = append(keys, k)
		}
	}
	return keys
}

// ensurePage returns page k's counts, or its exact counts, allocating
// the page if needed.
func (h *histogram) ensurePage(k uint64, exact bool) []uint64 {
	if t := h.fine; t != nil {
		tab := &t.pages
		if exact {
			tab = &t.exact
		}
		if tab[k] == nil {
			tab[k] = new([pageLen]uint64)
		}
		return tab[k][:]
	}
	if exact {
		return pageOf(&h.coarse.exact, k)
	}
	return pageOf(&h.coarse.pages, k)
}

// merge adds the counts of o, a histogram of the same resolution, to h.
func (h *histogram) merge(o *histogram) {
	for _, k := range o.pageKeys() {
		oc, oe := o.page(k)
		hc := h.ensurePage(k, false)
		for j, c := range oc {
			hc[j] += c
		}
		if oe != nil {
			he := h.ensurePage(k, true)
			for j, c := range oe {
				he[j] += c
			}
		}
	}
	h.n += o.n
	h.min = math.Min(h.min, o.min)
	h.max = math.Max(h.max, o.max)
}

// bucket is a non-empty histogram bucket: count values in [lo, hi), or all
// equal to lo when lo == hi (a point mass).
type bucket struct {
	lo, hi float64
	count  uint64
}

// buckets returns the non-empty buckets in increasing order of value, with
// the outermost bounds clamped to the exact minimum and maximum; the values
// at a bucket's bound nearest zero come as a bucket of their own with
// lo = hi, a point mass.
func (h *histogram) buckets() []bucket {
	keys := h.pageKeys()
	// Order pages by value: negative pages (sign bit set) by decreasing
	// magnitude, then positive pages by increasing magnitude.
	sort.Slice(keys, func(a, b int) bool {
		ka, kb := keys[a], keys[b]
		na, nb := ka >= numPages/2, kb >= numPages/2
		switch {
		case na && nb:
			return ka > kb
		case na != nb:
			return na
		default:
			return ka < kb
		}
	})
	bits := h.bits()
	n := 1 << bits
	// Count first: a Result keeps every period's buckets, and an exact
	// slice is up to half the size of one grown by append.
	size := 0
	for _, k := range keys {
		p, e := h.page(k)
		for j, c := range p {
			if c == 0 {
				continue
			}
			if e != nil && e[j] != 0 && e[j] != c {
				size += 2
			} else {
				size++
			}
		}
	}
	out := make([]bucket, 0, size)
	for _, k := range keys {
		p, e := h.page(k)
		neg := k >= numPages/2
		for j := range n {
			if neg {
				j = n - 1 - j
			}
			c := p[j]
			if c == 0 {
				continue
			}
			key := k<<bits | uint64(j)
			bound := math.Float64frombits(key << (52 - bits)) // nearest zero
			far := math.Float64frombits((key + 1) << (52 - bits))
			var exact uint64
			if e != nil {
				exact = e[j]
			}
			// The values at the bound are a point mass; the others are
			// spread between the bounds. Order them by value: the bound
			// comes first for a positive bucket, last for a negative one.
			point := bucket{lo: bound, hi: bound, count: exact}
			spread := bucket{lo: bound, hi: far, count: c - exact}
			if neg {
				spread.lo, spread.hi = far, bound
				point, spread = spread, point
			}
			for _, b := range []bucket{point, spread} {
				if b.count > 0 {
					out = append(out, b)
				}
			}
		}
	}
	for i := range out {
		out[i].lo = math.Max(out[i].lo, h.min)
		out[i].hi = math.Min(out[i].hi, h.max)
	}
	return out
}

// quantile returns the p-quantile with the interpolation of Hyndman & Fan's
// definition 7 (R's and NumPy's default): with r = p(n-1), it lies between
// the order statistics x(floor r) and x(floor r + 1), both 0-based.
func quantile(bs []bucket, n uint64, p float64) float64 {
	if n == 0 || len(bs) == 0 {
		return math.NaN()
	}
	r := p * float64(n-1)
	k := math.Floor(r)
	lo := orderStat(bs, k)
	if r == k || k+1 >= float64(n) {
		return lo
	}
	return lo + (r-k)*(orderStat(bs, k+1)-lo)
}

// orderStat estimates the k-th smallest value (0-based): the c values of a
// bucket are taken to sit at the midpoints of c equal parts of it.
func orderStat(bs []bucket, k float64) float64 {
	cum := 0.0
	for _, b := range bs {
		c := float64(b.count)
		if k < cum+c {
			return b.lo + (k-cum+0.5)/c*(b.hi-b.lo)
		}
		cum += c
	}
	return bs[len(bs)-1].hi
}

// cdf returns the fraction of values <= x, interpolating inside a bucket.
func cdf(bs []bucket, n uint64, x float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	cum := 0.0
	for _, b := range bs {
		c := float64(b.count)
		switch {
		case x >= b.hi:
			cum += c
		case x >= b.lo:
			if b.hi > b.lo {
				cum += c * (x - b.lo) / (b.hi - b.lo)
			} else {
				cum += c
			}
			return cum / float64(n)
		default:
			return cum / float64(n)
		}
	}
	return cum / float64(n)
}

// reset empties h, keeping its pages.
func (h *histogram) reset() {
	for _, k := range h.pageKeys() {
		c, e := h.page(k)
		clear(c)
		clear(e)
	}
	h.n, h.min, h.max = 0, math.Inf(1), math.Inf(-1)
}

// exactWithinCounts reports whether every bucket's exact count is at most
// its count (what a decoded histogram must satisfy).
func (h *histogram) exactWithinCounts() bool {
	for k := range uint64(numPages) {
		c, e := h.page(k)
		for j, x := range e {
			if c == nil || x > c[j] {
				return false
			}
		}
	}
	return true
}
