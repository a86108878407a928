package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/montecarlo-risk/montecarlo/model"
)

// Run simulates cfg.Trials trials of m and aggregates its outputs. It stops
// early with ctx.Err() when ctx is cancelled, and with a *NonFiniteError when
// an output is NaN or infinite under NaNFail.
func Run(ctx context.Context, m *model.Model, cfg Config) (*Result, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if cfg.Trials < 1 {
		return nil, fmt.Errorf("sim: trials must be at least 1, got %d", cfg.Trials)
	}
	r := newRunner(m, cfg)
	defer context.AfterFunc(ctx, r.wake)()
	workers := min(int64(cfg.workers()), r.blocks)
	ws := make([]*worker, workers)
	var wg sync.WaitGroup
	for i := range ws {
		ws[i] = newWorker(r)
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			w.loop(ctx)
		}(ws[i])
	}
	wg.Wait()
	if r.failure != nil {
		return nil, r.failure
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.result(ws), nil
}

// runner hands out blocks and merges per-block moments in block order.
//
// Workers claim blocks in increasing order. Block b's moments are written
// to ring[b % len(ring)]; the worker that completes the lowest unmerged
// block merges every finished block that follows it. A worker may not claim
// a block a full ring ahead of the merge point, so memory is bounded by the
// ring, not by the number of trials.
type runner struct {
	m      *model.Model
	cfg    Config
	blocks int64
	accs   int // accumulators: one per output period

	mu       sync.Mutex
	cond     *sync.Cond
	next     int64 // next block to hand out
	merged   int64 // blocks merged so far
	ring     [][]moments
	done     []bool
	totals   []moments
	failAt   int64 // lowest block that failed; blocks above it are not run
	failure  *NonFiniteError
	sample   Sample
	keep     int      // trials kept in sample
	nameSeed []uint64 // hash of each input's name
}

// moments are the count, mean and sum of squared deviations of a set of
// values (Welford's M2).
type moments struct {
	n        float64
	mean, m2 float64
}

// merge combines a and b (Chan, Golub & LeVeque, "Updating formulae and a
// pairwise algorithm for computing sample variances", 1979). The result
// depends on the order of merging, which is why blocks merge in block order.
func (a moments) merge(b moments) moments {
	if b.n == 0 {
		return a
	}
	if a.n == 0 {
		return b
	}
	n := a.n + b.n
	d := b.mean - a.mean
	return moments{
		n:    n,
		mean: a.mean + d*b.n/n,
		m2:   a.m2 + b.m2 + d*d*a.n*b.n/n,
	}
}

func newRunner(m *model.Model, cfg Config) *runner {
	r := &runner{
		m:      m,
		cfg:    cfg,
		blocks: (cfg.Trials + BlockSize - 1) / BlockSize,
		failAt: math.MaxInt64,
	}
	r.cond = sync.NewCond(&r.mu)
	for _, o := range m.Outputs {
		r.accs += r.periodsOf(o.Slot)
	}
	window := 8 * cfg.workers()
	r.ring = make([][]moments, window)
	for i := range r.ring {
		r.ring[i] = make([]moments, r.accs)
	}
	r.done = make([]bool, window)
	r.totals = make([]moments, r.accs)
	for _, in := range m.Inputs {
		r.nameSeed = append(r.nameSeed, stringHash(in.Name))
	}
	// The sample keeps the first SampleSize trials.
	r.keep = int(min(cfg.Trials, SampleSize))
	for _, in := range m.Inputs {
		r.sample.Names = append(r.sample.Names, in.Name)
	}
	r.sample.Inputs = len(m.Inputs)
	for _, o := range m.Outputs {
		r.sample.Names = append(r.sample.Names, o.Name)
	}
	r.sample.Values = make([][]float64, len(r.sample.Names))
	for j := range r.sample.Values {
		r.sample.Values[j] = make([]float64, r.keep)
	}
	for j, in := range m.Inputs {
		if in.PerPeriod && r.periodsOf(in.Slot) > 1 {
			if r.sample.PeriodMeans == nil {
				r.sample.PeriodMeans = make([][]float64, len(m.Inputs))
			}
			r.sample.PeriodMeans[j] = make([]float64, r.keep)
		}
	}
	return r
}

func (r *runner) periodsOf(slot int) int {
	if r.m.Slots[slot].Series {
		return r.m.Periods
	}
	return 1
}

// claim returns the next block to run, or false when there is none.
func (r *runner) claim(ctx context.Context) (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if ctx.Err() != nil || r.next >= r.blocks || r.next > r.failAt {
			return 0, false
		}
		if r.next < r.merged+int64(len(r.ring)) {
			break
		}
		r.cond.Wait()
	}
	b := r.next
	r.next++
	return b, true
}

// finish marks block b done (its moments are in its ring slot) and merges
// every finished block in order.
func (r *runner) finish(b int64, fail *NonFiniteError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if fail != nil && b < r.failAt {
		r.failAt, r.failure = b, fail
	}
	r.done[b%int64(len(r.ring))] = true
	before := r.merged
	for r.merged < r.blocks {
		k := r.merged % int64(len(r.ring))
		if !r.done[k] {
			break
		}
		for i, m := range r.ring[k] {
			r.totals[i] = r.totals[i].merge(m)
		}
		r.done[k] = false
		r.merged++
	}
	if r.merged != before {
		if r.cfg.Progress != nil && (r.merged%16 == 0 || r.merged == r.blocks) {
			r.cfg.Progress(min(r.merged*BlockSize, r.cfg.Trials))
		}
		r.cond.Broadcast()
	}
}

// wake releases workers waiting in claim after a cancellation.
func (r *runner) wake() {
	r.mu.Lock()
	r.cond.Broadcast()
	r.mu.Unlock()
}

// worker owns a machine, a generator and its share of the histograms.
type worker struct {
	r      *runner
	vm     *machine
	pcg    *rand.PCG
	rng    *rand.Rand
	hists  []*histogram // per accumulator
	over   [][]int64    // per accumulator, per threshold: count of values > t
	skips  []int64      // per accumulator: non-finite values skipped
	finite []float64    // scratch for the finite values of a column
}

// paddedPCG keeps a generator's 16 bytes of state, written on every draw,
// off the cache lines of any other allocation: two workers' generators
// allocated side by side (16-byte objects share a size class) would share a
// line and slow sampling down two- to three-fold (false sharing).
type paddedPCG struct {
	_ [64]byte
	rand.PCG
	_ [64]byte
}

func newWorker(r *runner) *worker {
	w := &worker{r: r, vm: newMachine(r.m), pcg: &new(paddedPCG).PCG}
	w.rng = rand.New(w.pcg)
	for _, o := range r.m.Outputs {
		for range r.periodsOf(o.Slot) {
			w.hists = append(w.hists, newHistogram())
			w.over = append(w.over, make([]int64, len(o.Thresholds)))
			w.skips = append(w.skips, 0)
		}
	}
	w.finite = make([]float64, BlockSize)
	return w
}

func (w *worker) loop(ctx context.Context) {
	defer w.r.wake()
	for {
		b, ok := w.r.claim(ctx)
		if !ok {
			return
		}
		w.r.finish(b, w.block(b))
	}
}

// block runs block b and aggregates it; it returns the block's first
// non-finite output under NaNFail.
func (w *worker) block(b int64) *NonFiniteError {
	r := w.r
	m := r.m
	n := int(min(BlockSize, r.cfg.Trials-b*BlockSize))
	for i, in := range m.Inputs {
		w.pcg.Seed(streamSeed(r.cfg.Seed, r.nameSeed[i], uint64(b)))
		col := &w.vm.cols[in.Slot]
		for t := range r.periodsOf(in.Slot) {
			in.Dist.Sample(w.rng, col.at(t)[:n])
		}
	}
	w.vm.exec(n)
	if b*BlockSize < int64(r.keep) {
		w.keepSample(b, n)
	}
	moms := r.ring[b%int64(len(r.ring))]
	acc := 0
	for _, o := range m.Outputs {
		col := &w.vm.cols[o.Slot]
		for t := range r.periodsOf(o.Slot) {
			xs := col.at(t)[:n]
			fin := xs
			if bad := firstNonFinite(xs); bad >= 0 {
				if r.cfg.NaN == NaNFail {
					return w.firstFailure(b, n)
				}
				fin = w.finite[:0]
				for _, x := range xs {
					if x-x == 0 {
						fin = append(fin, x)
					}
				}
				w.skips[acc] += int64(n - len(fin))
			}
			moms[acc] = blockMoments(fin)
			w.hists[acc].addBlock(fin)
			for k, th := range o.Thresholds {
				w.over[acc][k] += countAbove(fin, th)
			}
			acc++
		}
	}
	return nil
}

// keepSample copies the block's inputs and outputs into the run's sample
// (first period of a per-period input, and its mean over the periods;
// last period of a series output).
func (w *worker) keepSample(b int64, n int) {
	s := &w.r.sample
	off := int(b) * BlockSize
	n = min(n, w.r.keep-off)
	for j, in := range w.r.m.Inputs {
		col := &w.vm.cols[in.Slot]
		copy(s.Values[j][off:off+n], col.at(0))
		if j < len(s.PeriodMeans) && s.PeriodMeans[j] != nil {
			mean := s.PeriodMeans[j][off : off+n]
			periods := w.r.periodsOf(in.Slot)
			copy(mean, col.at(0))
			for t := 1; t < periods; t++ {
				for i, v := range col.at(t)[:n] {
					mean[i] += v
				}
			}
			for i := range mean {
				mean[i] /= float64(periods)
			}
		}
	}
	for j, o := range w.r.m.Outputs {
		col := &w.vm.cols[o.Slot]
		copy(s.Values[s.Inputs+j][off:off+n], col.at(w.r.periodsOf(o.Slot)-1))
	}
}

func firstNonFinite(xs []float64) int {
	for i, x := range xs {
		if x-x != 0 { // NaN or ±Inf
			return i
		}
	}
	return -1
}

func countAbove(xs []float64, t float64) int64 {
	var c int64
	for _, x := range xs {
		if x > t {
			c++
		}
	}
	return c
}

// blockMoments computes moments with two passes over a block that fits in
// cache, which is more accurate than a one-pass update.
func blockMoments(xs []float64) moments {
	if len(xs) == 0 {
		return moments{}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var m2 float64
	for _, x := range xs {
		d := x - mean
		m2 += d * d
	}
	return moments{n: float64(len(xs)), mean: mean, m2: m2}
}

// firstFailure explains the lowest trial of block b's first n in which any
// output, in any period, is not finite (ties go to the first output and
// period), so that the error names the first failing trial in trial order.
func (w *worker) firstFailure(b int64, n int) *NonFiniteError {
	m := w.r.m
	best, bo, bt := n, 0, 0
	for k, o := range m.Outputs {
		col := &w.vm.cols[o.Slot]
		for t := range w.r.periodsOf(o.Slot) {
			if i := firstNonFinite(col.at(t)[:best]); i >= 0 {
				best, bo, bt = i, k, t
			}
		}
	}
	return w.explain(b, best, m.Outputs[bo], bt)
}

// explain builds the error for trial i of block b, whose output o is not
// finite in period t: it names the first formula of the trial that is not
// finite and lists the trial's inputs.
func (w *worker) explain(b int64, i int, o model.Output, t int) *NonFiniteError {
	m := w.r.m
	e := &NonFiniteError{
		Output:  o.Name,
		Trial:   b*BlockSize + int64(i),
		Value:   w.vm.cols[o.Slot].at(t)[i],
		Formula: o.Name,
	}
	if m.Slots[o.Slot].Series {
		e.Output = fmt.Sprintf("%s[%d]", o.Name, t+1)
	}
find:
	for _, f := range m.Formulas {
		col := &w.vm.cols[f.Slot]
		for p := range w.r.periodsOf(f.Slot) {
			if x := col.at(p)[i]; x-x != 0 {
				e.Formula = f.Name
				if col.series {
					e.Formula = fmt.Sprintf("%s[%d]", f.Name, p+1)
				}
				break find
			}
		}
	}
	for _, in := range m.Inputs {
		col := &w.vm.cols[in.Slot]
		if !col.series {
			e.Inputs = append(e.Inputs, NamedValue{in.Name, col.at(0)[i]})
			continue
		}
		for p := range m.Periods {
			e.Inputs = append(e.Inputs, NamedValue{fmt.Sprintf("%s[%d]", in.Name, p+1), col.at(p)[i]})
		}
	}
	return e
}

// result merges the workers' histograms and counts into a Result.
func (r *runner) result(ws []*worker) *Result {
	res := &Result{Trials: r.cfg.Trials, Seed: r.cfg.Seed, Periods: r.m.Periods, Sample: r.sample}
	acc := 0
	for _, o := range r.m.Outputs {
		or := OutputResult{Output: o, Series: r.m.Slots[o.Slot].Series}
		for range r.periodsOf(o.Slot) {
			h := newHistogram()
			var skipped int64
			over := make([]int64, len(o.Thresholds))
			for _, w := range ws {
				h.merge(w.hists[acc])
				skipped += w.skips[acc]
				for k, c := range w.over[acc] {
					over[k] += c
				}
			}
			or.Periods = append(or.Periods, newStats(h, r.totals[acc], skipped, o.Thresholds, over))
			acc++
		}
		res.Outputs = append(res.Outputs, or)
	}
	return res
}

func newStats(h *histogram, mo moments, skipped int64, thresholds []float64, over []int64) Stats {
	s := Stats{N: int64(h.n), NonFinite: skipped, Min: h.min, Max: h.max, buckets: h.buckets()}
	s.Mean, s.StdDev, s.MeanSE = math.NaN(), math.NaN(), math.NaN()
	if s.N > 0 {
		s.Mean = mo.mean
		s.StdDev = 0
		if s.N > 1 {
			s.StdDev = math.Sqrt(mo.m2 / (mo.n - 1))
		}
		s.MeanSE = s.StdDev / math.Sqrt(mo.n)
	}
	for _, p := range ReportedPercentiles {
		s.Percentiles = append(s.Percentiles, s.Quantile(p))
	}
	for k, t := range thresholds {
		e := Exceedance{Threshold: t, Prob: math.NaN(), SE: math.NaN()}
		if s.N > 0 {
			e.Prob = float64(over[k]) / float64(s.N)
			e.SE = exceedanceSE(over[k], s.N)
		}
		s.Exceedances = append(s.Exceedances, e)
	}
	return s
}

// exceedanceSE is the standard error of a proportion of x in n with Agresti
// and Coull's adjustment (“Approximate is better than 'exact' for interval
// estimation of binomial proportions”, The American Statistician 52(2),
// 1998): sqrt(p̃(1-p̃)/(n+4)) with p̃ = (x+2)/(n+4). It equals the plain
// sqrt(p(1-p)/n) to within 2/n in the body, and unlike it stays positive
// when no trial, or every trial, exceeds the threshold: "0% ± 0" would
// claim a certainty that a finite run cannot give.
func exceedanceSE(x, n int64) float64 {
	p := (float64(x) + 2) / (float64(n) + 4)
	return math.Sqrt(p * (1 - p) / (float64(n) + 4))
}

// streamSeed derives the PCG seed of one input in one block from the
// master seed, a hash of the input's name and the block index, so that
// streams depend on neither the worker count nor the other inputs.
func streamSeed(seed, name, block uint64) (uint64, uint64) {
	h := splitmix(seed ^ splitmix(name))
	h = splitmix(h ^ splitmix(block+0x632be59bd9b4e019))
	return h, splitmix(h ^ 0x9e3779b97f4a7c15)
}

// splitmix is the finaliser of SplitMix64 (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014): a bijective
// 64-bit mixer whose outputs pass BigCrush for sequential inputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stringHash is 64-bit FNV-1a (Fowler, Noll & Vo), a stable hash of a name.
func stringHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// NonFiniteError reports the first trial (in trial order) whose output was
// NaN or infinite.
type NonFiniteError struct {
	Output  string       // the output that was not finite
	Formula string       // the first formula of that trial that was not finite
	Trial   int64        // 0-based trial index
	Value   float64      // the output's value
	Inputs  []NamedValue // the trial's input values
}

// NamedValue is a name with a value.
type NamedValue struct {
	Name  string
	Value float64
}

func (e *NonFiniteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "output %q is %v in trial %d; the first formula to go non-finite is %q", e.Output, e.Value, e.Trial+1, e.Formula)
	if len(e.Inputs) > 0 {
		b.WriteString("; the trial's inputs:")
		for _, in := range e.Inputs {
			fmt.Fprintf(&b, " %s=%g", in.Name, in.Value)
		}
	}
	b.WriteString("; fix the formula, or pass --nan=skip to count and leave out such trials")
	return b.String()
}
