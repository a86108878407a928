package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// Run simulates cfg.Trials trials of m (or the blocks cfg.Blocks of them)
// and returns their statistics. It stops early with ctx.Err() when ctx is
// cancelled, with a *NonFiniteError when an output is NaN or infinite under
// NaNFail, with a Sink's error, or without error where cfg.Stopper says so.
func Run(ctx context.Context, m *model.Model, cfg Config) (*Result, error) {
	a, err := RunAggregate(ctx, m, cfg)
	if err != nil {
		return nil, err
	}
	res := a.Result()
	if err := res.checkFinite(); err != nil {
		return nil, err
	}
	return res, nil
}

// NoFiniteError reports an output that was NaN or infinite in every trial
// of a run under NaNSkip, so that no statistic of it exists.
type NoFiniteError struct {
	Output string // the output, with its period for a series: "cash[3]"
	Trials int64
}

func (e *NoFiniteError) Error() string {
	return fmt.Sprintf("output %q is NaN or infinite in every one of the %d trials, so it has no statistics; "+
		"--nan=skip leaves such trials out, but none is left: fix the formula", e.Output, e.Trials)
}

// checkFinite returns a *NoFiniteError for the first output (and period)
// without a finite value.
func (r *Result) checkFinite() error {
	for _, o := range r.Outputs {
		for t, s := range o.Periods {
			if s.N == 0 {
				name := o.Name
				if o.Series {
					name = fmt.Sprintf("%s[%d]", o.Name, t+1)
				}
				return &NoFiniteError{Output: name, Trials: r.Trials}
			}
		}
	}
	return nil
}

// RunAggregate is Run returning the run's Aggregate, which can be saved,
// merged with the aggregates of the run's other blocks, and summarised.
func RunAggregate(ctx context.Context, m *model.Model, cfg Config) (*Aggregate, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if err := checkConfig(m, cfg); err != nil {
		return nil, err
	}
	all := BlockRange{0, Blocks(cfg.Trials)}
	if cfg.Blocks == (BlockRange{}) {
		cfg.Blocks = all
	}
	if b := cfg.Blocks; b.Lo < 0 || b.Hi > all.Hi || b.Lo >= b.Hi {
		return nil, fmt.Errorf("sim: blocks [%d, %d) are not a range of the run's %d blocks", b.Lo, b.Hi, all.Hi)
	}
	if cfg.CheckEvery <= 0 {
		cfg.CheckEvery = DefaultCheckEvery
	}
	if cfg.Sampler == nil {
		cfg.Sampler = sampling.NewIID(m)
	}
	r := newRunner(m, cfg)
	defer context.AfterFunc(ctx, r.wake)()
	workers := min(int64(cfg.workers()), cfg.Blocks.Len())
	r.ws = make([]*worker, workers)
	for i := range r.ws {
		r.ws[i] = newWorker(r, cfg.Sampler.NewWorker(), newAggregate(m, cfg))
	}
	shifts := r.ws[0].pilot() // on a worker's machine: no extra memory
	r.agg.setShifts(shifts)
	for _, w := range r.ws {
		w.agg.setShifts(shifts)
	}
	var wg sync.WaitGroup
	for _, w := range r.ws { // all made first: a check may collect from every worker
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	wg.Wait()
	if r.failure != nil {
		return nil, r.failure
	}
	if r.sinkErr != nil {
		return nil, r.sinkErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.collect()
	return r.agg, nil
}

// runner hands out blocks in increasing order to the workers. Each worker
// aggregates its blocks into an Aggregate of its own; they merge exactly,
// so the result does not depend on which worker ran which block. Ordered
// sinks are fed in block order; with a Stopper, no block beyond the next
// check is handed out before the check is made.
type runner struct {
	m   *model.Model
	cfg Config
	agg *Aggregate // the run's aggregate, complete after collect
	ws  []*worker

	mu        sync.Mutex
	cond      *sync.Cond
	next      int64 // next block to hand out
	end       int64 // blocks from next to end remain
	limit     int64 // with a Stopper: no block at or beyond it is handed out before the check there
	finished  int64 // blocks finished
	delivered int64 // next block to hand to the sinks
	collected int64 // blocks before it are in agg
	failAt    int64 // lowest block that failed; blocks above it are not run
	failure   *NonFiniteError
	sinkErr   error
}

func newRunner(m *model.Model, cfg Config) *runner {
	r := &runner{
		m: m, cfg: cfg, agg: newAggregate(m, cfg),
		next: cfg.Blocks.Lo, end: cfg.Blocks.Hi, limit: cfg.Blocks.Hi,
		delivered: cfg.Blocks.Lo, collected: cfg.Blocks.Lo, failAt: math.MaxInt64,
	}
	if cfg.Stopper != nil {
		r.limit = min(r.end, r.nextCheck(r.next))
	}
	r.cond = sync.NewCond(&r.mu)
	return r
}

// nextCheck returns the first check point after block b: checks are at
// multiples of CheckEvery blocks from the run's start, whatever the range.
func (r *runner) nextCheck(b int64) int64 {
	return (b/r.cfg.CheckEvery + 1) * r.cfg.CheckEvery
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
		if ctx.Err() != nil || r.next >= r.end || r.next > r.failAt || r.sinkErr != nil {
			return 0, false
		}
		if r.next < r.limit {
			break
		}
		r.cond.Wait()
	}
	b := r.next
	r.next++
	return b, true
}

// deliver hands block b to the sinks once every block before it has been.
func (r *runner) deliver(ctx context.Context, blk *Block) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.delivered != blk.Index {
		if ctx.Err() != nil || r.failAt < blk.Index || r.sinkErr != nil {
			return
		}
		r.cond.Wait()
	}
	for _, s := range r.cfg.Sinks {
		if err := s.Consume(blk); err != nil {
			r.sinkErr = err
			break
		}
	}
	r.delivered++
	r.cond.Broadcast()
}

// finish marks block b done, reports progress and, at a check point,
// asks the Stopper.
func (r *runner) finish(b int64, fail *NonFiniteError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if fail != nil && b < r.failAt {
		r.failAt, r.failure = b, fail
	}
	r.finished++
	if p := r.cfg.Progress; p != nil && (r.finished%16 == 0 || r.finished == r.cfg.Blocks.Len()) {
		p(min(r.finished*BlockSize, r.cfg.Trials))
	}
	if r.cfg.Stopper != nil && r.failure == nil && r.cfg.Blocks.Lo+r.finished == r.limit && r.limit < r.end {
		// Every block before the check point is done and none after it
		// was handed out: the workers are idle, and their aggregates
		// hold exactly the run so far.
		r.collect()
		if r.cfg.Stopper.Stop(r.agg.Result()) {
			r.end = r.limit
		} else {
			r.limit = min(r.end, r.nextCheck(r.limit))
		}
	}
	r.cond.Broadcast()
}

// collect merges the workers' aggregates into the run's and empties them:
// the run's then holds every block up to r.next, all of them finished.
func (r *runner) collect() {
	if r.next > r.collected {
		if err := r.agg.cover(BlockRange{r.collected, r.next}); err != nil {
			panic(err) // blocks are handed out once: a bug
		}
		r.collected = r.next
	}
	for _, w := range r.ws {
		r.agg.mergeData(w.agg)
		for k := range w.agg.accs {
			w.agg.accs[k].reset()
		}
		w.agg.ranks.reset()
		clear(w.agg.conv)
		clear(w.agg.sample.blocks)
		clear(w.agg.sample.means)
	}
}

// wake releases workers waiting in claim after a cancellation.
func (r *runner) wake() {
	r.mu.Lock()
	r.cond.Broadcast()
	r.mu.Unlock()
}

// worker owns a machine, a sampler's state and an aggregate of its blocks.
type worker struct {
	r      *runner
	vm     *machine
	fill   sampling.Worker
	agg    *Aggregate
	inputs [][][]float64 // the machine's input columns, per input and period
	blk    Block
}

// newWorker returns a worker of r that fills blocks with fill and
// aggregates them into agg.
func newWorker(r *runner, fill sampling.Worker, agg *Aggregate) *worker {
	w := &worker{r: r, vm: newMachine(r.m), fill: fill, agg: agg}
	view := func(slot int) [][]float64 {
		col := &w.vm.cols[slot]
		var ps [][]float64
		for t := range r.periodsOf(slot) {
			ps = append(ps, col.at(t))
		}
		return ps
	}
	for _, in := range r.m.Inputs {
		w.inputs = append(w.inputs, view(in.Slot))
	}
	w.blk = Block{Periods: r.m.Periods, Inputs: w.inputs}
	for _, o := range r.m.Outputs {
		w.blk.Outputs = append(w.blk.Outputs, view(o.Slot))
	}
	return w
}

func (w *worker) loop(ctx context.Context) {
	defer w.r.wake()
	for {
		b, ok := w.r.claim(ctx)
		if !ok {
			return
		}
		fail := w.block(b)
		if fail == nil && len(w.r.cfg.Sinks) > 0 {
			w.r.deliver(ctx, &w.blk)
		}
		w.r.finish(b, fail)
	}
}

// block runs block b and aggregates it; it returns the block's first
// non-finite output under NaNFail.
func (w *worker) block(b int64) *NonFiniteError {
	r := w.r
	n := int(min(BlockSize, r.cfg.Trials-b*BlockSize))
	w.fill.Fill(sampling.Block{Seed: r.cfg.Seed, Index: b, First: b * BlockSize, N: n}, w.inputs)
	w.vm.exec(n)
	w.blk.Index, w.blk.First, w.blk.N = b, b*BlockSize, n
	if r.cfg.NaN == NaNFail {
		for _, o := range w.blk.Outputs {
			for _, p := range o {
				if firstNonFinite(p[:n]) >= 0 {
					return w.firstFailure(b, n)
				}
			}
		}
	}
	w.agg.consume(&w.blk, r.cfg.NaN == NaNFail)
	return nil
}

func firstNonFinite(xs []float64) int {
	for i, x := range xs {
		if x-x != 0 { // NaN or ±Inf
			return i
		}
	}
	return -1
}

func countBelow(xs []float64, t float64) int64 {
	var c int64
	for _, x := range xs {
		if x < t {
			c++
		}
	}
	return c
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
