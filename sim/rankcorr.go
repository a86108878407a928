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
	pairs [][2]int    // positions in the inputs
	names [][2]string // their names
	grid  [][]float64 // per input position used: the quantiles Q(k/gradeLevels), k = 1..gradeLevels−1, and +Inf
	keys  [][]uint64  // the grid's order keys (floatorder.Key)
	cols  []int       // input positions with a grid, sorted
	at    [][2]int    // per pair: its inputs' positions in cols
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
		ks := make([]uint64, gradeLevels)
		for k, x := range q {
			ks[k] = floatorder.Key(x)
		}
		r.keys = append(r.keys, ks)
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

// add measures one block's inputs.
func (r *rankPairs) add(b *Block) {
	if r.scratch == nil {
		r.scratch = make([][]int32, len(r.cols))
		for k := range r.scratch {
			r.scratch[k] = make([]int32, BlockSize)
		}
	}
	for k, i := range r.cols {
		grades(r.scratch[k][:b.N], r.grid[k], r.keys[k], b.Inputs[i][0][:b.N])
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
