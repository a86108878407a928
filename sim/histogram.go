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

// histogram counts finite float64 values in log-spaced buckets keyed by the
// top bits of their IEEE-754 representation. Counts are exact integers, so
// histograms merge by addition in any order. Pages (one per sign and binary
// exponent) are allocated on first use: memory is bounded by the range of
// the data, not by the number of values.
type histogram struct {
	pages [numPages]*[pageLen]uint64
	// exact counts, per bucket, the values equal to the bucket's bound
	// nearest zero (the IEEE-754 bits below the bucket's are all zero):
	// zeros, small integers, values such as 1e6. They are a point mass there,
	// not spread over the bucket, so that a discrete output (a count of
	// events, a yes/no loss) has exact percentiles. Pages are allocated
	// when such a value first occurs, which continuous data almost never
	// gives.
	exact    [numPages]*[pageLen]uint64
	n        uint64
	min, max float64
}

// exactMask selects the IEEE-754 bits below a bucket's: a value whose
// bits under it are zero is its bucket's bound nearest zero.
const exactMask = 1<<pageShift - 1

func newHistogram() *histogram {
	return &histogram{min: math.Inf(1), max: math.Inf(-1)}
}

// addBlock counts the finite values xs and updates n, min and max. The
// loop is written out rather than calling a per-value add, which the
// compiler would not inline; the rare paths (a new page, a value at its
// bucket's bound) are calls.
func (h *histogram) addBlock(xs []float64) {
	lo, hi := h.min, h.max
	for _, x := range xs {
		bits := math.Float64bits(x)
		p := h.pages[bits>>52]
		if p == nil {
			p = h.newPage(bits >> 52)
		}
		j := (bits >> pageShift) & (pageLen - 1)
		p[j]++
		if bits&exactMask == 0 {
			h.addExact(bits, j)
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
	h.n += uint64(len(xs))
}

// newPage allocates page k of counts.
func (h *histogram) newPage(k uint64) *[pageLen]uint64 {
	p := new([pageLen]uint64)
	h.pages[k] = p
	return p
}

// addExact counts a value at its bucket's bound nearest zero: j is the
// bucket within the page of bits.
func (h *histogram) addExact(bits, j uint64) {
	e := h.exact[bits>>52]
	if e == nil {
		e = new([pageLen]uint64)
		h.exact[bits>>52] = e
	}
	e[j]++
}

// merge adds the counts of o to h.
func (h *histogram) merge(o *histogram) {
	mergePages(&h.pages, &o.pages)
	mergePages(&h.exact, &o.exact)
	h.n += o.n
	h.min = math.Min(h.min, o.min)
	h.max = math.Max(h.max, o.max)
}

// mergePages adds the counts of the pages of o to those of h.
func mergePages(h, o *[numPages]*[pageLen]uint64) {
	for i, op := range o {
		if op == nil {
			continue
		}
		hp := h[i]
		if hp == nil {
			hp = new([pageLen]uint64)
			h[i] = hp
		}
		for j, c := range op {
			hp[j] += c
		}
	}
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
	var keys []int
	for i, p := range h.pages {
		if p != nil {
			keys = append(keys, i)
		}
	}
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
	var out []bucket
	for _, k := range keys {
		p := h.pages[k]
		neg := k >= numPages/2
		for j := range pageLen {
			if neg {
				j = pageLen - 1 - j
			}
			c := p[j]
			if c == 0 {
				continue
			}
			key := uint64(k)<<histogramBits | uint64(j)
			bound := math.Float64frombits(key << pageShift) // nearest zero
			far := math.Float64frombits((key + 1) << pageShift)
			var exact uint64
			if e := h.exact[k]; e != nil {
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
	for _, p := range h.pages {
		if p != nil {
			clear(p[:])
		}
	}
	for _, p := range h.exact {
		if p != nil {
			clear(p[:])
		}
	}
	h.n, h.min, h.max = 0, math.Inf(1), math.Inf(-1)
}
