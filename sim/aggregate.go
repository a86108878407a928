package sim

import (
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// Aggregate is everything a Result is computed from: for every output and
// period the count, exact sums for the moments, the exact-count histogram
// and the threshold counts, plus the bounded sample of the first trials.
// Its memory is bounded by the range of the data and the sample, not by the
// number of trials.
//
// Aggregates merge exactly: every part is an integer count or an exact
// (unrounded) sum, so merging the aggregates of any split of a run's blocks,
// in any order, gives the same bits as one aggregate of the whole run. An
// Aggregate is a Sink; MarshalBinary saves it (for shards merged later).
type Aggregate struct {
	outputs []model.Output // Slot is meaningless here
	series  []bool         // per output: one Stats per period
	periods int
	trials  int64 // the run's trials
	seed    uint64
	ranges  []BlockRange // blocks aggregated: sorted, disjoint, not adjacent
	accs    []accumulator
	// groups is ReplicateGroups when the sampler's trials are not
	// independent (sampling.IndependentTrials), else 0; replicate maps a
	// block to its replicate (nil for an aggregate read back, which can
	// merge but not consume).
	groups    int
	replicate func(b *Block) int64
	ranks     *rankPairs // achieved rank correlations, or nil
	// conv holds the first output's sums by convergence bucket
	// (convBucketOf), for Result.Convergence.
	conv    []convBucket
	sample  sampleStore
	scratch []float64 // the finite values of a column
}

// accumulator aggregates one output in one period.
type accumulator struct {
	n, skipped int64
	// sum is the exact sum of the values; sq that of full blocks' M2
	// (squared deviations from the block's mean) and of other values'
	// squares; blockSq that of full blocks' squared sums (see addMoments).
	sum, sq, blockSq exactSum
	hist             *histogram
	over             []int64 // per threshold: values > t
	under            []int64 // per Below level: values < t
	// shift is subtracted from every value before the histogram counts
	// it (see pilotShift), so that its buckets, relative to the magnitude
	// of what they count, are relative to the output's spread.
	shift float64
	// groups, under a design whose trials are not independent, holds
	// the same figures for each replicate group (see ReplicateGroups),
	// for a scalar output and the last period of a series; else nil.
	groups []accumulator
}

// ReplicateGroups is the number of groups the replicates of a run are
// dealt into when its sampler's trials are not independent (Latin
// hypercube, Sobol, Iman–Conover): replicate r goes to group r mod
// ReplicateGroups. Every figure is also computed within each group, and
// its standard error is that of the groups' values (see Stats), for the
// iid sd/sqrt(n) is wrong under these designs. The groups of a scalar
// output, or of the last period of a series, are counted in coarse
// histograms (a few KB each).
const ReplicateGroups = 32

// sampleStore keeps the inputs and outputs of the first trials of a run,
// block by block.
type sampleStore struct {
	keep   int      // trials kept: see sampleKeep
	names  []string // input names, then output names
	inputs int
	// perPeriod[j] marks a per-period input of a model with more than
	// one period, whose mean over the periods is kept too.
	perPeriod []bool
	// blocks[b] holds block b's columns (nil until aggregated), means[b]
	// the period means of per-period inputs (nil for others).
	blocks [][][]float64
	means  [][][]float64
}

// NewAggregate returns an empty aggregate of a run of m with the trials,
// seed and sampler of cfg. It runs the run's first block once, to place
// the histograms where the outputs lie (see pilotShift), so that every
// aggregate of the run, whichever blocks it holds, agrees with the others.
func NewAggregate(m *model.Model, cfg Config) (*Aggregate, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if err := checkConfig(m, cfg); err != nil {
		return nil, err
	}
	a := newAggregate(m, cfg)
	a.setShifts(pilot(m, cfg))
	return a, nil
}

// MaxFineHistograms is the number of output periods above which the
// periods of a series output before its last are counted in coarse
// histograms (see coarseBits: percentiles within 2e-3 relative of their
// distance from the histogram's shift, instead of 6e-5, with the standard
// errors including it). A fine histogram of a continuous output takes
// 100-300 KB, a coarse one a few KB, so that a model of 1,200 periods
// stays within memory. Scalar outputs and the last period of every series
// are always fine. The choice follows from the model alone, so every shard
// of a run makes it alike.
const MaxFineHistograms = 256

// pilot returns the shift of every output and period (in the order of the
// accumulators) from the run's first block.
func pilot(m *model.Model, cfg Config) []float64 {
	sampler := cfg.Sampler
	if sampler == nil {
		sampler = sampling.NewIID(m)
	}
	return newWorker(&runner{m: m, cfg: cfg}, sampler.NewWorker(), nil).pilot()
}

// pilot runs the run's first block on w and returns the shift of every
// output and period, in the order of the accumulators.
func (w *worker) pilot() []float64 {
	cfg := w.r.cfg
	n := int(min(BlockSize, cfg.Trials))
	w.fill.Fill(sampling.Block{Seed: cfg.Seed, Index: 0, First: 0, N: n}, w.inputs)
	w.vm.exec(n)
	var shifts []float64
	for _, o := range w.blk.Outputs {
		for _, p := range o {
			shifts = append(shifts, pilotShift(p[:n]))
		}
	}
	return shifts
}

// pilotShift returns the shift of an output's histogram from a pilot
// sample of its values: 0 for an output whose median lies within 64
// interquartile ranges of zero (the histogram's relative buckets already
// resolve its spread), else its median rounded to a multiple of the
// largest power of two not above the interquartile range: a value near it
// minus the shift is exact (Sterbenz's lemma), and values on a grid, such
// as integers, stay on it. With the shift, an output such as
// normal(1e6, 10) is counted as normal(0, 10) is: buckets of about 1e-4 of
// its spread, instead of 1e-4 of its location (12 spreads wide).
func pilotShift(xs []float64) float64 {
	fin := make([]float64, 0, len(xs))
	for _, x := range xs {
		if x-x == 0 {
			fin = append(fin, x)
		}
	}
	if len(fin) < 4 {
		return 0
	}
	slices.Sort(fin)
	med := fin[len(fin)/2]
	iqr := fin[len(fin)*3/4] - fin[len(fin)/4]
	if !(iqr > 0) || math.Abs(med) <= 64*iqr {
		return 0
	}
	_, e := math.Frexp(iqr) // 2^(e-1) <= iqr < 2^e
	return math.Ldexp(math.Round(math.Ldexp(med, 1-e)), e-1)
}

// setShifts sets the accumulators' shifts.
func (a *Aggregate) setShifts(shifts []float64) {
	for k := range a.accs {
		a.accs[k].shift = shifts[k]
		for g := range a.accs[k].groups {
			a.accs[k].groups[g].shift = shifts[k]
		}
	}
}

// replicateGroups returns the number of replicate groups of a run by s.
func replicateGroups(s sampling.Sampler) int {
	if s == nil || sampling.IndependentTrials(s) {
		return 0
	}
	return ReplicateGroups
}

// newAggregate returns an empty aggregate without shifts.
func newAggregate(m *model.Model, cfg Config) *Aggregate {
	a := newAggregateGroups(m, cfg, replicateGroups(cfg.Sampler))
	a.ranks, _ = newRankPairs(m, cfg.RankPairs) // checked by checkConfig
	if a.groups > 0 {
		s, seed := cfg.Sampler, cfg.Seed
		a.replicate = func(b *Block) int64 {
			return sampling.ReplicateOf(s, sampling.Block{Seed: seed, Index: b.Index, First: b.First, N: b.N})
		}
	}
	return a
}

// newAggregateGroups returns an empty aggregate without shifts, with the
// given number of replicate groups.
func newAggregateGroups(m *model.Model, cfg Config, groups int) *Aggregate {
	a := &Aggregate{periods: m.Periods, trials: cfg.Trials, seed: cfg.Seed, groups: groups}
	total := 0
	for _, o := range m.Outputs {
		total++
		if m.Slots[o.Slot].Series {
			total += m.Periods - 1
		}
	}
	for _, o := range m.Outputs {
		series := m.Slots[o.Slot].Series
		o.Thresholds = slices.Clone(o.Thresholds)
		o.Below = slices.Clone(o.Below)
		o.Percentiles = slices.Clone(o.Percentiles)
		a.outputs = append(a.outputs, o)
		a.series = append(a.series, series)
		periods := a.periodsOf(len(a.series) - 1)
		for t := range periods {
			var h *histogram
			if total > MaxFineHistograms && t < periods-1 {
				h = newCoarseHistogram()
			} else {
				h = newHistogram()
			}
			c := accumulator{hist: h, over: make([]int64, len(o.Thresholds)), under: make([]int64, len(o.Below))}
			if groups > 0 && t == periods-1 {
				c.groups = make([]accumulator, groups)
				for g := range c.groups {
					c.groups[g] = accumulator{hist: newCoarseHistogram(), over: make([]int64, len(o.Thresholds)), under: make([]int64, len(o.Below))}
				}
			}
			a.accs = append(a.accs, c)
		}
	}
	if len(m.Outputs) > 0 {
		a.conv = make([]convBucket, convBucketOf(Blocks(cfg.Trials)-1)+1)
	}
	s := &a.sample
	columns := 0
	for _, in := range m.Inputs {
		s.names = append(s.names, in.Name)
		s.perPeriod = append(s.perPeriod, in.PerPeriod && m.Periods > 1)
		if s.perPeriod[len(s.perPeriod)-1] {
			columns++ // the per-period mean too
		}
	}
	s.inputs = len(m.Inputs)
	for _, o := range m.Outputs {
		s.names = append(s.names, o.Name)
	}
	s.keep = sampleKeep(cfg.Trials, columns+len(s.names))
	nb := Blocks(int64(s.keep))
	s.blocks = make([][][]float64, nb)
	s.means = make([][][]float64, nb)
	return a
}

// periodsOf returns the number of periods of output j.
func (a *Aggregate) periodsOf(j int) int {
	if a.series[j] {
		return a.periods
	}
	return 1
}

// Trials returns the number of trials aggregated so far.
func (a *Aggregate) Trials() int64 {
	var n int64
	for _, r := range a.ranges {
		n += min(r.Hi*BlockSize, a.trials) - r.Lo*BlockSize
	}
	return n
}

// Ranges returns the ranges of blocks aggregated, sorted.
func (a *Aggregate) Ranges() []BlockRange { return slices.Clone(a.ranges) }

// Complete reports whether every block of the run has been aggregated.
func (a *Aggregate) Complete() bool {
	return len(a.ranges) == 1 && a.ranges[0] == BlockRange{0, Blocks(a.trials)}
}

// cover records that blocks r were aggregated; it fails if any already were.
func (a *Aggregate) cover(r BlockRange) error {
	if r.Lo < 0 || r.Hi > Blocks(a.trials) || r.Lo >= r.Hi {
		return fmt.Errorf("sim: blocks [%d, %d) are not in a run of %d blocks", r.Lo, r.Hi, Blocks(a.trials))
	}
	i, _ := slices.BinarySearchFunc(a.ranges, r, func(x, y BlockRange) int { return int(x.Lo - y.Lo) })
	if i > 0 && a.ranges[i-1].Hi > r.Lo || i < len(a.ranges) && a.ranges[i].Lo < r.Hi {
		return fmt.Errorf("sim: blocks [%d, %d) are aggregated twice", r.Lo, r.Hi)
	}
	a.ranges = slices.Insert(a.ranges, i, r)
	// Join adjacent ranges.
	out := a.ranges[:1]
	for _, x := range a.ranges[1:] {
		if last := &out[len(out)-1]; last.Hi == x.Lo {
			last.Hi = x.Hi
		} else {
			out = append(out, x)
		}
	}
	a.ranges = out
	return nil
}

// Consume adds a block of trials. Non-finite output values are counted as
// skipped and left out (a run under NaNFail stops before it aggregates
// one).
func (a *Aggregate) Consume(b *Block) error {
	if len(b.Outputs) != len(a.outputs) {
		return fmt.Errorf("sim: block has %d outputs, aggregate %d", len(b.Outputs), len(a.outputs))
	}
	if b.N != int(min(BlockSize, a.trials-b.Index*BlockSize)) {
		return fmt.Errorf("sim: block %d has %d trials, want %d", b.Index, b.N, min(BlockSize, a.trials-b.Index*BlockSize))
	}
	if a.groups > 0 && a.replicate == nil || a.ranks != nil && a.ranks.cols == nil {
		return fmt.Errorf("sim: an aggregate read back cannot consume blocks (it does not know their replicates); merge it instead")
	}
	if err := a.cover(BlockRange{b.Index, b.Index + 1}); err != nil {
		return err
	}
	a.consume(b, false)
	return nil
}

// consume adds a block without recording it in a.ranges: the engine's
// workers use it, and the runner records the ranges they covered.
//
// finite says the block's outputs are known to be finite (the engine
// checks them under NaNFail), which saves a pass over them.
func (a *Aggregate) consume(b *Block, finite bool) {
	if a.scratch == nil {
		a.scratch = make([]float64, 0, BlockSize)
	}
	g := 0
	if a.groups > 0 {
		g = int(a.replicate(b) % int64(a.groups))
	}
	k := 0
	for j, periods := range b.Outputs {
		for t := range a.periodsOf(j) {
			c := &a.accs[k]
			o := &a.outputs[j]
			var group *accumulator
			if c.groups != nil {
				group = &c.groups[g]
			}
			c.add(periods[t][:b.N], a.scratch[:0], o.Thresholds, o.Below, finite, group)
			k++
		}
	}
	if a.ranks != nil {
		a.ranks.add(b)
	}
	if a.conv != nil {
		a.addConvergence(b, b.Outputs[0][a.periodsOf(0)-1][:b.N])
	}
	a.keepSample(b)
}

// add aggregates one block's values xs of one output and period; fin is
// scratch space for its finite values.
//
// g, if not nil, is the replicate group the block belongs to: it gets the
// same counts and sums, computed once, and its own histogram.
func (c *accumulator) add(xs, fin []float64, thresholds, below []float64, finite bool, g *accumulator) {
	if !finite && firstNonFinite(xs) >= 0 {
		for _, x := range xs {
			if x-x == 0 {
				fin = append(fin, x)
			}
		}
		skipped := int64(len(xs) - len(fin))
		c.skipped += skipped
		if g != nil {
			g.skipped += skipped
		}
		xs = fin
	}
	if len(xs) == 0 {
		return
	}
	c.n += int64(len(xs))
	c.addMoments(xs, g)
	for k, t := range thresholds {
		n := countAbove(xs, t)
		c.over[k] += n
		if g != nil {
			g.over[k] += n
		}
	}
	for k, t := range below {
		n := countBelow(xs, t)
		c.under[k] += n
		if g != nil {
			g.under[k] += n
		}
	}
	if c.shift != 0 {
		d := fin[:len(xs)] // fin is xs or a separate buffer
		for i, x := range xs {
			d[i] = x - c.shift
		}
		xs = d
	}
	c.hist.addBlock(xs)
	if g != nil {
		g.n += int64(len(xs))
		g.hist.addBlock(xs) // the group's shift is c's
	}
}

// addMoments adds a block's values to the exact sums. A full block adds
// its sum, its M2 about its own mean and its sum², each held exactly or
// nearly so, which costs a few operations per block; any other block (the
// run's last, or one with non-finite values left out) adds every value and
// its square.
//
// The full block's sum is compensated (Knuth's TwoSum, The Art of Computer
// Programming vol. 2, §4.2.2): hi + lo holds it to about 2^-106 relative
// to the sum of magnitudes. Its M2 is the corrected two-pass sum of squared
// deviations (Chan, Golub & LeVeque, "Algorithms for computing the sample
// variance", The American Statistician 37(3), 1983), whose deviations are
// exact however far the values lie from zero. Its sum² is split into
// floats by exact products (a fused multiply-add gives a product's error).
// So the mean is exact to well below an ulp and the spread to about 1e-15
// relative, at any location and scale: Σx² = Σ_blocks (M2 + sum²/n) is
// exact, and the total M2 = Σx² − (Σx)²/N is then formed exactly.
//
// g, if not nil, gets the same sums.
func (c *accumulator) addMoments(xs []float64, g *accumulator) {
	if len(xs) != BlockSize {
		c.addValues(xs)
		if g != nil {
			g.addValues(xs)
		}
		return
	}
	var s, e float64
	for _, x := range xs {
		t := s + x
		z := t - s
		e += (s - (t - z)) + (x - z)
		s = t
	}
	hi := s + e
	lo := e - (hi - s)
	const n = BlockSize
	mean := hi / n
	var m2, dsum float64
	for _, x := range xs {
		d := x - mean
		m2 += d * d
		dsum += d
	}
	m2 -= dsum * dsum / n
	p1, p2, p3 := hi*hi, 2*hi*lo, lo*lo
	if p1-p1 != 0 || m2-m2 != 0 { // the block's sums overflow
		c.addValues(xs)
		if g != nil {
			g.addValues(xs)
		}
		return
	}
	parts := [...][2]float64{{p1, math.FMA(hi, hi, -p1)}, {p2, math.FMA(2*hi, lo, -p2)}, {p3, math.FMA(lo, lo, -p3)}}
	for _, a := range []*accumulator{c, g} {
		if a == nil {
			continue
		}
		a.sum.add(hi)
		a.sum.add(lo)
		a.sq.add(m2)
		for _, p := range parts {
			a.blockSq.add(p[0])
			a.blockSq.add(p[1])
		}
	}
}

// addValues adds each value and its square (exact but for squares below
// 1e-308, whose error term underflows) to the exact sums.
func (c *accumulator) addValues(xs []float64) {
	for _, x := range xs {
		c.sum.add(x)
		p := x * x
		c.sq.add(p)
		if p-p == 0 {
			c.sq.add(math.FMA(x, x, -p))
		}
	}
}

// moments returns the mean and the sample standard deviation, each
// computed once, from the exact sums, and rounded once: neither depends on
// how the trials were split into blocks, workers or shards.
func (c *accumulator) moments() (mean, sd float64) {
	if c.n == 0 {
		return math.NaN(), math.NaN()
	}
	n := float64(c.n)
	S, ok := c.sum.fixed()
	if !ok {
		return c.sum.special(), math.NaN()
	}
	mean = quoFixed(S, 1074, n)
	if c.n == 1 {
		return mean, 0
	}
	Q, ok1 := c.sq.fixed()
	B, ok2 := c.blockSq.fixed()
	if !ok1 || !ok2 {
		return mean, math.Inf(1)
	}
	// Σx² = Q + B/BlockSize, and M2 = Σx² − S²/n; scaled by
	// BlockSize·n·2^2148 to stay an integer.
	const k = 10 // BlockSize = 2^k
	num := new(big.Int).Lsh(Q, k)
	num.Add(num, B)
	num.Mul(num, big.NewInt(c.n))
	num.Lsh(num, 1074)
	num.Sub(num, new(big.Int).Lsh(new(big.Int).Mul(S, S), k))
	if num.Sign() < 0 {
		num.SetInt64(0)
	}
	m2 := quoFixed(num, 2148+k, n)
	return mean, math.Sqrt(m2 / (n - 1))
}

// merge adds the counts and sums of o.
func (c *accumulator) merge(o *accumulator) {
	c.n += o.n
	c.skipped += o.skipped
	c.sum.merge(&o.sum)
	c.sq.merge(&o.sq)
	c.blockSq.merge(&o.blockSq)
	c.hist.merge(o.hist)
	for k, v := range o.over {
		c.over[k] += v
	}
	for k, v := range o.under {
		c.under[k] += v
	}
	for g := range c.groups {
		c.groups[g].merge(&o.groups[g])
	}
}

// reset empties c, keeping its memory.
func (c *accumulator) reset() {
	c.n, c.skipped = 0, 0
	c.sum, c.sq, c.blockSq = exactSum{}, exactSum{}, exactSum{}
	c.hist.reset()
	clear(c.over)
	clear(c.under)
	for g := range c.groups {
		c.groups[g].reset()
	}
}

// keepSample keeps block b's columns if it lies within the sample: the
// first period of every input and its mean over the periods for a
// per-period input, the last period of every output.
func (a *Aggregate) keepSample(b *Block) {
	s := &a.sample
	if b.Index >= int64(len(s.blocks)) {
		return
	}
	n := min(b.N, s.keep-int(b.Index)*BlockSize)
	cols := make([][]float64, len(s.names))
	var means [][]float64
	for j, in := range b.Inputs {
		cols[j] = slices.Clone(in[0][:n])
		if !s.perPeriod[j] {
			continue
		}
		if means == nil {
			means = make([][]float64, len(b.Inputs))
		}
		m := slices.Clone(in[0][:n])
		for _, p := range in[1:] {
			for i, v := range p[:n] {
				m[i] += v
			}
		}
		for i := range m {
			m[i] /= float64(len(in))
		}
		means[j] = m
	}
	for j, o := range b.Outputs {
		cols[s.inputs+j] = slices.Clone(o[len(o)-1][:n])
	}
	s.blocks[b.Index], s.means[b.Index] = cols, means
}

// Merge adds the blocks of o, an aggregate of other blocks of the same run
// (the same outputs, periods, trials and seed). The result does not depend
// on the order of merging.
func (a *Aggregate) Merge(o *Aggregate) error {
	if err := a.compatible(o); err != nil {
		return err
	}
	for _, r := range o.ranges {
		if err := a.cover(r); err != nil {
			return err
		}
	}
	a.mergeData(o)
	return nil
}

// mergeData adds the counts, sums and sample of o.
func (a *Aggregate) mergeData(o *Aggregate) {
	for k := range a.accs {
		a.accs[k].merge(&o.accs[k])
	}
	if a.ranks != nil {
		a.ranks.merge(o.ranks)
	}
	for i := range a.conv {
		a.conv[i].n += o.conv[i].n
		a.conv[i].sum.merge(&o.conv[i].sum)
	}
	for b, cols := range o.sample.blocks {
		if cols != nil {
			a.sample.blocks[b], a.sample.means[b] = cols, o.sample.means[b]
		}
	}
}

// compatible reports why o cannot merge into a.
func (a *Aggregate) compatible(o *Aggregate) error {
	switch {
	case a.trials != o.trials:
		return fmt.Errorf("sim: cannot merge aggregates of runs of %d and %d trials", a.trials, o.trials)
	case a.seed != o.seed:
		return fmt.Errorf("sim: cannot merge aggregates of runs with seeds %d and %d", a.seed, o.seed)
	case !a.ranks.samePairs(o.ranks):
		return fmt.Errorf("sim: cannot merge aggregates that measure different rank correlations")
	case a.groups != o.groups:
		return fmt.Errorf("sim: cannot merge aggregates of runs of different sampling designs (%d and %d replicate groups)", a.groups, o.groups)
	case a.periods != o.periods || len(a.outputs) != len(o.outputs) || len(a.accs) != len(o.accs) ||
		!slices.EqualFunc(a.accs, o.accs, func(x, y accumulator) bool { return x.shift == y.shift && x.hist.bits() == y.hist.bits() }) ||
		!slices.Equal(a.sample.names, o.sample.names):
		return fmt.Errorf("sim: cannot merge aggregates of different models")
	}
	for j, x := range a.outputs {
		y := o.outputs[j]
		if x.Name != y.Name || a.series[j] != o.series[j] || !slices.Equal(x.Thresholds, y.Thresholds) || !slices.Equal(x.Below, y.Below) || !slices.Equal(x.Percentiles, y.Percentiles) {
			return fmt.Errorf("sim: cannot merge aggregates of different models (output %q against %q)", x.Name, y.Name)
		}
	}
	return nil
}

// Result computes the statistics of the trials aggregated so far.
func (a *Aggregate) Result() *Result {
	res := &Result{Trials: a.Trials(), Seed: a.seed, Periods: a.periods, Sample: a.sampleResult(), RankCorrelations: a.ranks.result()}
	k := 0
	for j, o := range a.outputs {
		or := OutputResult{Output: o, Series: a.series[j]}
		for range a.periodsOf(j) {
			st := a.accs[k].stats(o.Thresholds, o.Below)
			st.Levels = slices.Clone(o.Percentiles)
			or.Periods = append(or.Periods, st)
			k++
		}
		res.Outputs = append(res.Outputs, or)
	}
	if a.conv != nil {
		res.Convergence = a.convergence(res.Outputs[0].Final())
	}
	return res
}

// sampleResult concatenates the sample's leading run of aggregated blocks.
func (a *Aggregate) sampleResult() Sample {
	s := &a.sample
	out := Sample{Names: slices.Clone(s.names), Inputs: s.inputs, Values: make([][]float64, len(s.names))}
	if slices.Contains(s.perPeriod, true) {
		out.PeriodMeans = make([][]float64, s.inputs)
	}
	n := 0
	for _, cols := range s.blocks {
		if len(cols) == 0 {
			break
		}
		n += len(cols[0])
	}
	for j := range out.Values {
		out.Values[j] = make([]float64, 0, n)
	}
	for j, p := range s.perPeriod {
		if p {
			out.PeriodMeans[j] = make([]float64, 0, n)
		}
	}
	for b, cols := range s.blocks {
		if cols == nil {
			break
		}
		for j, c := range cols {
			out.Values[j] = append(out.Values[j], c...)
		}
		for j, m := range s.means[b] {
			if m != nil {
				out.PeriodMeans[j] = append(out.PeriodMeans[j], m...)
			}
		}
	}
	return out
}

// stats summarises the accumulator.
func (c *accumulator) stats(thresholds, below []float64) Stats {
	s := Stats{N: c.n, NonFinite: c.skipped, Min: c.hist.min + c.shift, Max: c.hist.max + c.shift, buckets: c.hist.buckets()}
	if c.shift != 0 {
		for i := range s.buckets {
			s.buckets[i].lo += c.shift
			s.buckets[i].hi += c.shift
		}
	}
	s.Mean, s.StdDev, s.MeanSE = math.NaN(), math.NaN(), math.NaN()
	if s.N > 0 {
		s.Mean, s.StdDev = c.moments()
		s.MeanSE = s.StdDev / math.Sqrt(float64(s.N))
	}
	for g := range c.groups {
		if c.groups[g].n > 0 {
			s.reps = append(s.reps, c.groups[g].stats(thresholds, below))
		}
	}
	if len(s.reps) < 2 {
		s.reps = nil // one group has no spread: the iid errors stand
	}
	s.Replicates = len(s.reps)
	if s.reps != nil {
		s.MeanSE = s.replicateSE(func(r *Stats) float64 { return r.Mean })
	}
	// share is the share of values beyond level t, count of them, with
	// its error: the groups' spread, else Agresti–Coull's.
	share := func(t float64, count int64, rep func(r *Stats) float64) Exceedance {
		e := Exceedance{Threshold: t, Prob: math.NaN(), SE: math.NaN()}
		if s.N > 0 {
			e.Prob = float64(count) / float64(s.N)
			e.SE = exceedanceSE(count, s.N)
			if s.reps != nil {
				e.SE = s.replicateSE(rep)
			}
		}
		return e
	}
	for k, t := range thresholds {
		s.Exceedances = append(s.Exceedances, share(t, c.over[k], func(r *Stats) float64 { return r.Exceedances[k].Prob }))
	}
	for k, t := range below {
		s.Below = append(s.Below, share(t, c.under[k], func(r *Stats) float64 { return r.Below[k].Prob }))
	}
	return s
}

// checkConfig reports a configuration a run of m cannot use.
func checkConfig(m *model.Model, cfg Config) error {
	if cfg.Trials < 1 {
		return fmt.Errorf("sim: trials must be at least 1, got %d", cfg.Trials)
	}
	_, err := newRankPairs(m, cfg.RankPairs)
	return err
}
