package sim

import (
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/montecarlo-risk/montecarlo/internal/floatorder"
	"github.com/montecarlo-risk/montecarlo/model"
)

// RankCorrelation is the rank correlation a run achieved between two
// inputs, over every trial.
type RankCorrelation struct {
	A, B string // input names
	// Rho is Spearman's rank correlation, measured as the correlation of
	// the inputs' grades: each value's mid-rank under its own marginal
	// distribution, F(x) (the mean of F(x−) and F(x) where x is an atom),
	// read from a table of gradeLevels quantiles. For continuous marginals
	// it is Spearman's ρ of the whole run up to 1e-6; ties count as
	// mid-ranks, as Spearman's coefficient counts them.
	Rho float64
}

// gradeLevels is the resolution of the grades: a value's grade is the
// midpoint of the 1/gradeLevels cell of the marginal's quantiles it falls
// in (or of the span of cells an atom covers), so 2·gradeLevels·grade is
// an integer and the sums of grades and of their products are exact in
// int64 for runs of up to 2e12 trials.
const gradeLevels = 1024

// rankPairs measures the achieved rank correlation of pairs of inputs.
type rankPairs struct {
	pairs [][2]int     // positions in the inputs
	names [][2]string  // their names
	grid  [][]float64  // per input position used: the quantiles Q(k/gradeLevels), k = 1..gradeLevels−1, and +Inf
	keys  [][]uint64   // the grid's order keys (floatorder.Key), padded with gradeScan−1 more +Inf keys
	index []gradeIndex // per input position used: the direct index into the grid
	cols  []int        // input positions with a grid, sorted
	at    [][2]int     // per pair: its inputs' positions in cols
	// Per pair: n, Σa, Σb, Σab, Σa², Σb² of the integer grades.
	sums    [][6]int64
	scratch [][]int32 // per position in cols: a block's grades
}

// newRankPairs returns the measurement of pairs (positions of m's inputs,
// each a scalar input).
func newRankPairs(m *model.Model, pairs [][2]int) (*rankPairs, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	r := &rankPairs{pairs: slices.Clone(pairs), sums: make([][6]int64, len(pairs))}
	for _, p := range pairs {
		for _, i := range p {
			if i < 0 || i >= len(m.Inputs) || m.Inputs[i].PerPeriod && m.Periods > 1 {
				return nil, fmt.Errorf("sim: a rank correlation pair names input %d, which is not a scalar input of the model", i)
			}
			if !slices.Contains(r.cols, i) {
				r.cols = append(r.cols, i)
			}
		}
		r.names = append(r.names, [2]string{m.Inputs[p[0]].Name, m.Inputs[p[1]].Name})
	}
	slices.Sort(r.cols)
	for _, p := range pairs {
		r.at = append(r.at, [2]int{slices.Index(r.cols, p[0]), slices.Index(r.cols, p[1])})
	}
	for _, i := range r.cols {
		q := make([]float64, gradeLevels)
		d := m.Inputs[i].Dist
		for k := range gradeLevels - 1 {
			q[k] = d.Quantile(float64(k+1) / gradeLevels)
		}
		q[gradeLevels-1] = math.Inf(1) // a pad for grade's search
		r.grid = append(r.grid, q)
		ks := make([]uint64, gradeLevels+gradeScan-1)
		for k := range ks {
			ks[k] = floatorder.Key(math.Inf(1))
		}
		for k, x := range q {
			ks[k] = floatorder.Key(x)
		}
		r.keys = append(r.keys, ks)
		r.index = append(r.index, newGradeIndex(q, ks))
	}
	return r, nil
}

// clone returns an empty measurement of the same pairs.
func (r *rankPairs) clone() *rankPairs {
	if r == nil {
		return nil
	}
	c := *r
	c.sums = make([][6]int64, len(r.sums))
	c.scratch = nil
	return &c
}

// grade returns 2·gradeLevels·(the value's mid-grade), an integer in
// [1, 2·gradeLevels−1]: the count of q's quantiles below x plus the count
// at or below it, plus 1. q holds the gradeLevels−1 quantiles and a +Inf
// pad, gradeLevels entries in all; the search takes fixed power-of-two
// steps, which compile to conditional moves rather than branches that a
// random x would mispredict.
func grade(q []float64, x float64) int32 {
	q = q[:gradeLevels]
	lo := 0
	for step := gradeLevels / 2; step > 0; step >>= 1 {
		if q[lo+step-1] < x {
			lo += step
		}
	}
	hi := lo
	for hi < gradeLevels-1 && q[hi] == x {
		hi++ // an atom spans several cells
	}
	return int32(lo + hi + 1)
}

// grades sets g[t] = grade(q, xs[t]) (keys are q's order keys), four
// values at a time. A search is a chain of ten dependent loads; four
// independent chains keep the processor busy while each waits, and the
// steps compare order keys by a subtraction's borrow, which takes no
// branch for a random value to mispredict.
func grades(g []int32, q []float64, keys []uint64, xs []float64) {
	q, keys = q[:gradeLevels], keys[:gradeLevels]
	const mask = gradeLevels - 1
	t := 0
	for ; t+4 <= len(xs); t += 4 {
		k0, k1, k2, k3 := floatorder.Key(xs[t]), floatorder.Key(xs[t+1]), floatorder.Key(xs[t+2]), floatorder.Key(xs[t+3])
		l0, l1, l2, l3 := 0, 0, 0, 0
		for step := gradeLevels / 2; step > 0; step >>= 1 {
			_, b0 := bits.Sub64(keys[(l0+step-1)&mask], k0, 0) // borrow: the quantile's key is below x's
			_, b1 := bits.Sub64(keys[(l1+step-1)&mask], k1, 0)
			_, b2 := bits.Sub64(keys[(l2+step-1)&mask], k2, 0)
			_, b3 := bits.Sub64(keys[(l3+step-1)&mask], k3, 0)
			l0 += step & -int(b0)
			l1 += step & -int(b1)
			l2 += step & -int(b2)
			l3 += step & -int(b3)
		}
		for j, l := range [4]int{l0, l1, l2, l3} {
			if keys[l] == floatorder.Key(xs[t+j]) { // an atom: count the quantiles equal to it too
				g[t+j] = grade(q, xs[t+j])
			} else {
				g[t+j] = int32(2*l + 1)
			}
		}
	}
	for ; t < len(xs); t++ {
		g[t] = grade(q, xs[t])
	}
}

// gradeBuckets is the number of cells of a gradeIndex, and gradeScan the
// most quantiles a cell may hold for the index to be used.
const (
	gradeBuckets = 4096
	gradeScan    = 4
)

// gradeIndex finds a value's place among the grid's quantiles without a
// search: a monotone map cell(x) into gradeBuckets cells, equal either in
// value (cell = ⌊(x − q₁)·gradeBuckets/(q₁₀₂₃ − q₁)⌋, for marginals whose
// quantiles are spread evenly enough, such as the normal) or in order key
// (cell = (Key(x) − Key(q₁)) >> shift, nearly equal in log scale within
// each sign, for skewed marginals such as the lognormal), whichever
// leaves fewer quantiles in its fullest cell. start[c] counts the
// quantiles in the cells below c. Because cell is non-decreasing in x
// (rounding included) and every cell holds at most gradeScan quantiles,
// the quantiles below x are exactly those of the cells below x's, plus
// those of its own cell that are below it, which gradeScan independent
// comparisons of order keys count, without a branch: the count is the
// binary search's to the last bit (TestGradeIndex). A marginal with atoms
// (runs of equal quantiles) or quantiles too uneven for either map keeps
// the binary search (start is nil).
type gradeIndex struct {
	byKey  bool
	lo     float64 // value map: cell = (x − lo)·inv
	inv    float64
	klo    uint64 // key map: cell = (Key(x) − klo) >> shift
	shift  uint
	start  []uint16 // per cell, gradeBuckets+1 entries; nil: no index
	occupy int      // the most quantiles in one cell (for tests)
}

// cell returns x's cell (its key kx): monotone in the order of keys, NaN
// (the smallest key) in cell 0.
func (ix *gradeIndex) cell(x float64, kx uint64) int {
	if ix.byKey {
		d := kx - ix.klo
		if kx < ix.klo {
			d = 0
		}
		return int(min(d>>ix.shift, gradeBuckets-1))
	}
	f := (x - ix.lo) * ix.inv
	if !(f > 0) { // NaN too
		return 0
	}
	return int(min(f, gradeBuckets-1))
}

// newGradeIndex returns the better of the two maps for q (gradeLevels−1
// quantiles and a pad) and keys, or an index with a nil start if neither
// has at most gradeScan quantiles per cell.
func newGradeIndex(q []float64, keys []uint64) gradeIndex {
	const nq = gradeLevels - 1
	build := func(ix gradeIndex) gradeIndex {
		count := make([]int, gradeBuckets+1)
		for k := range nq {
			count[ix.cell(q[k], keys[k])+1]++
		}
		for c := 1; c <= gradeBuckets; c++ {
			ix.occupy = max(ix.occupy, count[c])
			count[c] += count[c-1]
		}
		ix.start = make([]uint16, gradeBuckets+1)
		for c, n := range count {
			ix.start[c] = uint16(n)
		}
		return ix
	}
	best := gradeIndex{occupy: math.MaxInt}
	lo, hi := q[0], q[nq-1]
	if span := hi - lo; span > 0 && !math.IsInf(span, 0) {
		best = build(gradeIndex{lo: lo, inv: gradeBuckets / span})
	}
	span := keys[nq-1] - keys[0]
	byKey := build(gradeIndex{byKey: true, klo: keys[0], shift: uint(max(0, bits.Len64(span)-12))})
	if byKey.occupy < best.occupy {
		best = byKey
	}
	if best.occupy > gradeScan {
		best.start = nil
	}
	return best
}

// grades is the package's grades through the index: the same results.
// The loop is written once per map, so that the choice is not made per
// value.
func (ix *gradeIndex) grades(g []int32, q []float64, keys []uint64, xs []float64) {
	start := ix.start[:gradeBuckets]
	keys = keys[:gradeLevels+gradeScan-1]
	g = g[:len(xs)]
	// count finishes a value whose search starts at l: the quantiles of
	// its cell below it, and the atom check.
	count := func(t int, x float64, kx uint64, l int) {
		l &= gradeLevels - 1
		_, b0 := bits.Sub64(keys[l], kx, 0) // borrow: the quantile's key is below x's
		_, b1 := bits.Sub64(keys[l+1], kx, 0)
		_, b2 := bits.Sub64(keys[l+2], kx, 0)
		_, b3 := bits.Sub64(keys[l+3], kx, 0)
		l += int(b0 + b1 + b2 + b3)
		if keys[l] == kx { // an atom, or +Inf: count the quantiles equal to it too
			g[t] = grade(q, x)
		} else {
			g[t] = int32(2*l + 1)
		}
	}
	if ix.byKey {
		for t, x := range xs {
			kx := floatorder.Key(x)
			d := kx - ix.klo
			if kx < ix.klo {
				d = 0
			}
			count(t, x, kx, int(start[min(d>>ix.shift, gradeBuckets-1)]))
		}
		return
	}
	lo, inv := ix.lo, ix.inv
	for t, x := range xs {
		f := (x - lo) * inv
		c := 0
		if f > 0 { // NaN too
			c = int(min(f, gradeBuckets-1))
		}
		count(t, x, floatorder.Key(x), int(start[c]))
	}
}

// add measures one block's inputs.
func (r *rankPairs) add(b *Block) {
	if r.scratch == nil {
		r.scratch = make([][]int32, len(r.cols))
		for k := range r.scratch {
			r.scratch[k] = make([]int32, BlockSize)
		}
	}
	for k, i := range r.cols {
		if r.index[k].start != nil {
			r.index[k].grades(r.scratch[k][:b.N], r.grid[k], r.keys[k], b.Inputs[i][0][:b.N])
		} else {
			grades(r.scratch[k][:b.N], r.grid[k], r.keys[k], b.Inputs[i][0][:b.N])
		}
	}
	for p, at := range r.at {
		ga, gb := r.scratch[at[0]][:b.N], r.scratch[at[1]][:b.N]
		var sa, sb, sab, saa, sbb int64
		for t := range ga {
			a, c := int64(ga[t]), int64(gb[t])
			sa += a
			sb += c
			sab += a * c
			saa += a * a
			sbb += c * c
		}
		s := &r.sums[p]
		s[0] += int64(b.N)
		s[1] += sa
		s[2] += sb
		s[3] += sab
		s[4] += saa
		s[5] += sbb
	}
}

// merge adds the sums of o.
func (r *rankPairs) merge(o *rankPairs) {
	for p := range r.sums {
		for k := range r.sums[p] {
			r.sums[p][k] += o.sums[p][k]
		}
	}
}

// result returns the correlations measured so far.
func (r *rankPairs) result() []RankCorrelation {
	if r == nil {
		return nil
	}
	out := make([]RankCorrelation, len(r.pairs))
	for p, s := range r.sums {
		out[p] = RankCorrelation{A: r.names[p][0], B: r.names[p][1], Rho: gradeCorrelation(s)}
	}
	return out
}

// gradeCorrelation is Pearson's correlation from the integer sums n, Σa,
// Σb, Σab, Σa², Σb², each centred moment formed in float64 from exact
// integers (n·Σab − Σa·Σb, up to 2^62·n, rounds once relative).
func gradeCorrelation(s [6]int64) float64 {
	n := float64(s[0])
	if s[0] < 2 {
		return math.NaN()
	}
	sa, sb := float64(s[1]), float64(s[2])
	cov := float64(s[3])/n - sa/n*sb/n
	va := float64(s[4])/n - sa/n*sa/n
	vb := float64(s[5])/n - sb/n*sb/n
	if !(va > 0 && vb > 0) {
		return math.NaN()
	}
	return math.Max(-1, math.Min(1, cov/math.Sqrt(va*vb)))
}

// reset empties the sums, keeping the tables.
func (r *rankPairs) reset() {
	if r != nil {
		clear(r.sums)
	}
}

// samePairs reports whether r and o measure the same pairs.
func (r *rankPairs) samePairs(o *rankPairs) bool {
	if r == nil || o == nil {
		return r == nil && o == nil
	}
	return slices.Equal(r.names, o.names)
}
