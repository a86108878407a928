package analysis

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"

	"gonum.org/v1/gonum/stat"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// Driver is one input's influence on an output, estimated from sim.Result.Sample
// (a bounded sample of trials).
type Driver struct {
	Input string
	// Spearman is the rank correlation between the input and the output.
	Spearman float64
	// VarianceShare is Spearman squared, normalised so that the shares of all
	// inputs sum to 1.
	VarianceShare float64
	// Low and High are the output's median over the trials whose input is in
	// its bottom and top decile.
	Low, High float64
	// Swing is High - Low: negative for an input that lowers the output.
	Swing float64
}

// Drivers ranks the inputs of s by their influence on the output named
// output (a series output by its last period, as the sample keeps it),
// largest |Spearman| first (ties by input name).
//
// Spearman's rank correlation is Pearson's correlation of the ranks, with tied
// values given the average of their ranks (C. Spearman, "The proof and
// measurement of association between two things", Am. J. Psychol. 15, 1904;
// see also https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient);
// it is computed with gonum stat.Correlation on the rank vectors.
//
// VarianceShare is the "contribution to variance" approximation of @RISK
// and Crystal Ball: the squared rank correlations normalised over the inputs
// to sum to 1. It is a ranking aid, exact only for independent inputs and a
// monotone, additive model; all shares are 0 when every correlation is 0.
//
// Low and High are the output's median (mean of the middle two for an even
// count) over the trials whose input value is among the lowest and highest
// 10% (at least one trial each). A group never splits tied input values: it
// takes every trial with the value at its cut, or, where that value is the
// input's minimum (for High; its maximum for Low), every trial beyond it.
// So an input that is 1 in 5% of trials and 0 otherwise gets High over the
// trials where it is 1 and Low over those where it is 0, where cutting
// ties by trial index would mix them.
// A constant input (one value in every trial kept) drives nothing and is
// left out.
//
// A per-period input is ranked by its mean over the periods of each trial
// (sim.Sample.Driver): what a total or an average over the periods depends
// on.
//
// Trials with any non-finite input or output value are skipped. Errors: an
// empty or malformed sample, an unknown output name, fewer than two usable
// trials.
func Drivers(s *sim.Sample, output string) ([]Driver, error) {
	ds, _, err := newDriverCache(s).drivers(output)
	return ds, err
}

// driverCache keeps the ranks and sort order of each input column of a
// sample over all its trials, so that the drivers of several outputs sort
// each input once.
type driverCache struct {
	s        *sim.Sample
	order    [][]int     // per input: sortedIndex of the column, or nil until needed
	rank     [][]float64 // per input: ranks of the column
	constant []int8      // per input: 1 if the column is constant, 0 if not, -1 until known
	// finite[i] is whether every input of trial i is finite; nil until
	// needed.
	finite []bool
}

func newDriverCache(s *sim.Sample) *driverCache {
	c := &driverCache{s: s}
	if s != nil && s.Inputs > 0 {
		c.order = make([][]int, s.Inputs)
		c.rank = make([][]float64, s.Inputs)
		c.constant = make([]int8, s.Inputs)
		for j := range c.constant {
			c.constant[j] = -1
		}
	}
	return c
}

// inputsFinite returns, per trial of the sample (n of them), whether every
// input is finite: the same for every output, so computed once.
func (c *driverCache) inputsFinite(n int) []bool {
	if c.finite == nil {
		f := make([]bool, n)
		for i := range f {
			f[i] = true
		}
		for j := range c.s.Inputs {
			for i, v := range c.s.Driver(j)[:n] {
				if nonFinite(v) {
					f[i] = false
				}
			}
		}
		c.finite = f
	}
	return c.finite
}

// isConstant reports whether input column j, x, holds one value; all is
// true when x is the whole column, whose answer is kept.
func (c *driverCache) isConstant(j int, x []float64, all bool) bool {
	if !all {
		return constant(x)
	}
	if c.constant[j] < 0 {
		c.constant[j] = 0
		if constant(x) {
			c.constant[j] = 1
		}
	}
	return c.constant[j] == 1
}

// finiteTrials returns the trials (of n) whose inputs and column out are
// all finite.
func (c *driverCache) finiteTrials(n, out int) []int {
	finite := c.inputsFinite(n)
	keep := make([]int, 0, n)
	for i, v := range c.s.Values[out] {
		if finite[i] && !nonFinite(v) {
			keep = append(keep, i)
		}
	}
	return keep
}

// warm sorts every input column over all trials on a bounded pool of
// goroutines, each filling its own slot, and finds the trials whose inputs
// are all finite, so that drivers() finds them ready and only reads the
// cache (it may then run on several goroutines). Sorting dominates the
// cost of drivers.
func (c *driverCache) warm() {
	if c.order == nil || len(c.s.Values) < len(c.order) {
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(c.order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				x := c.s.Driver(j)
				c.order[j] = sortedIndex(x)
				c.rank[j] = ranksOf(x, c.order[j])
				c.isConstant(j, x, true)
			}
		}()
	}
	for j := range c.order {
		next <- j
	}
	close(next)
	wg.Wait()
	n := len(c.s.Values[0])
	for j := range c.s.Inputs {
		if len(c.s.Driver(j)) != n {
			return // malformed: drivers() says so
		}
	}
	c.inputsFinite(n)
}

// sorted returns the sort order and ranks of input j over the trials keep;
// all is true when keep holds every trial of the sample, in order.
func (c *driverCache) sorted(j int, x []float64, all bool) ([]int, []float64) {
	if !all {
		idx := sortedIndex(x)
		return idx, ranksOf(x, idx)
	}
	if c.order[j] == nil {
		c.order[j] = sortedIndex(x)
		c.rank[j] = ranksOf(x, c.order[j])
	}
	return c.order[j], c.rank[j]
}

// drivers returns the drivers of output and the output's median over the
// trials they use (NaN with an error).
func (c *driverCache) drivers(output string) ([]Driver, float64, error) {
	s := c.s
	if s == nil || len(s.Names) == 0 || len(s.Values) == 0 {
		return nil, math.NaN(), errors.New("report: drivers: empty sample")
	}
	if len(s.Values) != len(s.Names) || s.Inputs < 0 || s.Inputs > len(s.Names) {
		return nil, math.NaN(), fmt.Errorf("report: drivers: malformed sample: %d names, %d columns, %d inputs", len(s.Names), len(s.Values), s.Inputs)
	}
	n := len(s.Values[0])
	for j, col := range s.Values {
		if len(col) != n {
			return nil, math.NaN(), fmt.Errorf("report: drivers: malformed sample: column %q has %d trials, column %q has %d", s.Names[j], len(col), s.Names[0], n)
		}
	}
	if len(s.PeriodMeans) > s.Inputs {
		return nil, math.NaN(), fmt.Errorf("report: drivers: malformed sample: %d period-mean columns for %d inputs", len(s.PeriodMeans), s.Inputs)
	}
	for j, col := range s.PeriodMeans {
		if col != nil && len(col) != n {
			return nil, math.NaN(), fmt.Errorf("report: drivers: malformed sample: period means of %q have %d trials, column %q has %d", s.Names[j], len(col), s.Names[0], n)
		}
	}
	out := -1
	for j := s.Inputs; j < len(s.Names); j++ {
		if s.Names[j] == output {
			out = j
			break
		}
	}
	if out < 0 {
		for j := 0; j < s.Inputs; j++ {
			if s.Names[j] == output {
				return nil, math.NaN(), fmt.Errorf("report: drivers: %q is an input, not an output", output)
			}
		}
		return nil, math.NaN(), fmt.Errorf("report: drivers: no output %q in the sample (outputs: %v)", output, s.Names[s.Inputs:])
	}
	if s.Inputs == 0 {
		return nil, math.NaN(), errors.New("report: drivers: the sample has no inputs")
	}
	if n == 0 {
		return nil, math.NaN(), errors.New("report: drivers: empty sample")
	}

	// Keep the trials where every input and the output are finite.
	keep := c.finiteTrials(n, out)
	m := len(keep)
	all := m == n // every trial: the columns need not be gathered
	if m < 2 {
		return nil, math.NaN(), fmt.Errorf("report: drivers: %d of %d trials have finite values; need at least 2", m, n)
	}
	y := s.Values[out]
	if !all {
		y = gather(y, keep)
	}
	ry, base := ranksMedian(y)
	k := max(1, m/10) // trials per decile

	drivers := make([]Driver, 0, s.Inputs)
	sum := 0.0
	for j := range s.Inputs {
		x := s.Driver(j)
		if !all {
			x = gather(x, keep)
		}
		if c.isConstant(j, x, all) {
			continue // a constant drives nothing
		}
		d := Driver{Input: s.Names[j]}
		order, rx := c.sorted(j, x, all)
		if r := stat.Correlation(rx, ry, nil); !math.IsNaN(r) {
			d.Spearman = r
		}
		low, high := decileGroups(x, order, k)
		d.Low = median(gather(y, low))
		d.High = median(gather(y, high))
		d.Swing = d.High - d.Low
		sum += d.Spearman * d.Spearman
		drivers = append(drivers, d)
	}
	if sum > 0 {
		for j := range drivers {
			drivers[j].VarianceShare = drivers[j].Spearman * drivers[j].Spearman / sum
		}
	}
	sort.SliceStable(drivers, func(a, b int) bool {
		sa, sb := math.Abs(drivers[a].Spearman), math.Abs(drivers[b].Spearman)
		if sa != sb {
			return sa > sb
		}
		return drivers[a].Input < drivers[b].Input
	})
	return drivers, base, nil
}

// decileGroups returns the trials (as positions in order, the sort order
// of x) whose x is among its lowest and its highest k, widened to take
// every trial tied with the cut, or narrowed to the trials strictly beyond
// x's minimum (maximum) when the top (bottom) cut falls on it (see
// Drivers). x is not constant.
func decileGroups(x []float64, order []int, k int) (low, high []int) {
	m := len(order)
	at := func(i int) float64 { return x[order[i]] }
	// Bottom: up to the last trial tied with the k-th smallest, unless that
	// is the maximum: then every trial below it.
	cut := at(k - 1)
	end := k
	if cut == at(m-1) {
		for end > 0 && at(end-1) == cut {
			end--
		}
	} else {
		for end < m && at(end) == cut {
			end++
		}
	}
	// Top: from the first trial tied with the k-th largest, unless that is
	// the minimum: then every trial above it.
	cut = at(m - k)
	start := m - k
	if cut == at(0) {
		for start < m && at(start) == cut {
			start++
		}
	} else {
		for start > 0 && at(start-1) == cut {
			start--
		}
	}
	return order[:end], order[start:]
}

// nonFinite reports whether v is NaN or ±Inf: all exponent bits set.
func nonFinite(v float64) bool { return math.Float64bits(v)&(0x7ff<<52) == 0x7ff<<52 }

// gather returns v[idx[0]], v[idx[1]], ... in a new slice.
func gather(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = v[j]
	}
	return out
}

func constant(v []float64) bool {
	for _, x := range v[1:] {
		if x != v[0] {
			return false
		}
	}
	return true
}

// ranks returns the 1-based ranks of v, tied values sharing the average of
// the ranks they span.
func ranks(v []float64) []float64 { return ranksOf(v, sortedIndex(v)) }

// ranksMedian returns ranks(y) and median(y) from one sort of y, which
// holds no NaN. Read from the sorted order, the middle values have the bits
// median gives unless they are zeros (y may hold -0 and +0, which median
// arranges differently): then it calls median on a copy.
func ranksMedian(y []float64) ([]float64, float64) {
	idx := sortedIndex(y)
	m := len(y)
	a, b := y[idx[m/2]], y[idx[m/2]]
	if m%2 == 0 {
		a = y[idx[m/2-1]]
	}
	if a == 0 || b == 0 || a != a || b != b {
		return ranksOf(y, idx), median(append([]float64(nil), y...))
	}
	if m%2 == 1 {
		return ranksOf(y, idx), b
	}
	return ranksOf(y, idx), (a + b) / 2
}

// ranksOf is ranks given idx = sortedIndex(v).
func ranksOf(v []float64, idx []int) []float64 {
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && v[idx[j]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for t := i; t < j; t++ {
			r[idx[t]] = avg
		}
		i = j
	}
	return r
}

// median returns the median of v: the middle value, or the mean (a+b)/2
// of the middle two for an even count. It reorders v. It returns the bits
// that sorting v with sort.Float64s and reading the middle would give (the
// reference in the tests), in expected linear time: it selects the middle
// element with quickselect (C. A. R. Hoare, "Algorithm 65: Find", CACM 4(7),
// 1961), partitioning as in N. Wirth, Algorithms + Data Structures =
// Programs (1976), §2.3.4, around a median-of-three pivot, and sorts what is
// left after 2·log2(n) rounds, so the worst case is O(n log n) (the
// introselect guard of D. R. Musser, "Introspective sorting and selection
// algorithms", Software: Practice and Experience 27(8), 1997).
//
// Values that compare equal and are not NaN and not zero have equal bits,
// so any correct arrangement gives the sort's bits. When v holds a NaN, or
// both -0 and +0, which ones land in the middle depends on the sort's
// arrangement of equal elements, so median sorts v with sort.Float64s as
// before (rare: the drivers pass finite values only).
func median(v []float64) float64 {
	n := len(v)
	if n <= 16 || !selectable(v) {
		sort.Float64s(v)
		if n%2 == 1 {
			return v[n/2]
		}
		return (v[n/2-1] + v[n/2]) / 2
	}
	k := n / 2
	selectNth(v, k)
	if n%2 == 1 {
		return v[k]
	}
	// v[:k] <= v[k]: the lower middle value is the largest of v[:k].
	a := v[0]
	for _, x := range v[1:k] {
		if x > a {
			a = x
		}
	}
	return (a + v[k]) / 2
}

// selectable reports whether v holds no NaN and not both signs of zero, so
// that elements comparing equal have equal bits.
func selectable(v []float64) bool {
	neg, pos := false, false
	for _, x := range v {
		if x != x {
			return false
		}
		if x == 0 {
			if math.Signbit(x) {
				neg = true
			} else {
				pos = true
			}
		}
	}
	return !(neg && pos)
}

// selectNth reorders v, which holds no NaN, so that v[k] is the value that
// would be at index k in sorted order, with v[:k] <= v[k] <= v[k+1:]
// (quickselect with Wirth's partition, see median).
func selectNth(v []float64, k int) {
	lo, hi := 0, len(v)-1
	rounds := 2 * bits.Len(uint(len(v)))
	for hi-lo >= 16 {
		if rounds == 0 {
			slices.Sort(v[lo : hi+1])
			return
		}
		rounds--
		// Median of three: order v[lo] <= v[mid] <= v[hi] and take v[mid].
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
			if v[mid] < v[lo] {
				v[mid], v[lo] = v[lo], v[mid]
			}
		}
		p := v[mid]
		// Wirth's partition: afterwards v[lo..j] <= p, v[i..hi] >= p and
		// every element strictly between j and i equals p. Scans stop on
		// elements equal to p, which keeps the split even under many ties.
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for p < v[j] {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // j < k < i: v[k] == p is in place
		}
	}
	// Insertion sort of the short rest.
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}
