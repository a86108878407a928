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
// distribution the error is ~1e-6. The bucketing is HdrHistogram's and
// DDSketch's "logarithmic mapping by bit extraction": a bucket is the top
// bits of the IEEE-754 representation, so add is a shift and an increment.
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
	pages    [numPages]*[pageLen]uint64
	n        uint64
	min, max float64
}

func newHistogram() *histogram {
	return &histogram{min: math.Inf(1), max: math.Inf(-1)}
}

// add counts x, which must be finite.
func (h *histogram) add(x float64) {
	bits := math.Float64bits(x)
	p := h.pages[bits>>52]
	if p == nil {
		p = new([pageLen]uint64)
		h.pages[bits>>52] = p
	}
	p[(bits>>pageShift)&(pageLen-1)]++
}

// addBlock counts the finite values xs and updates n, min and max.
func (h *histogram) addBlock(xs []float64) {
	lo, hi := h.min, h.max
	for _, x := range xs {
		h.add(x)
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

// merge adds the counts of o to h.
func (h *histogram) merge(o *histogram) {
	for i, op := range o.pages {
		if op == nil {
			continue
		}
		hp := h.pages[i]
		if hp == nil {
			hp = new([pageLen]uint64)
			h.pages[i] = hp
		}
		for j, c := range op {
			hp[j] += c
		}
	}
	h.n += o.n
	h.min = math.Min(h.min, o.min)
	h.max = math.Max(h.max, o.max)
}

// bucket is a non-empty histogram bucket: count values in [lo, hi).
type bucket struct {
	lo, hi float64
	count  uint64
}

// buckets returns the non-empty buckets in increasing order of value, with
// the outermost bounds clamped to the exact minimum and maximum, and the
// buckets starting at ±0 as point masses at 0 (lo = hi = 0).
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
			a := math.Float64frombits(key << pageShift)
			b := math.Float64frombits((key + 1) << pageShift)
			if neg {
				a, b = b, a // for negatives, key+1 is further from zero
			}
			if key<<pageShift&^(1<<63) == 0 {
				// The bucket starting at ±0 holds zeros (and subnormals
				// below 3e-312): a point mass at 0, so that an output
				// that is mostly zero, like a rare loss, has P50 = 0
				// rather than a value interpolated across the bucket.
				a, b = 0, 0
			}
			out = append(out, bucket{lo: a, hi: b, count: c})
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
