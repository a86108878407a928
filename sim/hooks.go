package sim

// Block is one block of trials as a Sink sees it: views of a worker's
// columns, valid only during the call that receives it.
type Block struct {
	Index   int64 // the block's number, from 0
	First   int64 // the run-wide index of its first trial
	N       int   // trials in the block
	Periods int   // periods of the model
	// Inputs[i][t][:N] are input i's values in period t (one period for a
	// scalar input), in the order of Model.Inputs.
	Inputs [][][]float64
	// Outputs[j][t][:N] are output j's values in period t (one period for
	// a scalar output), in the order of Model.Outputs.
	Outputs [][][]float64
}

// A Sink sees the trials of a run. The engine calls Consume with every
// block, in block order, from one goroutine at a time; an error stops the
// run. A raw-trial exporter is a Sink.
//
// An *Aggregate is a Sink too. The engine feeds the run's own Aggregate in
// parallel, one per worker in whatever order its blocks come, and merges
// them: Aggregate.Merge is exact, so this gives the same bits as feeding one
// Aggregate in block order.
type Sink interface {
	Consume(b *Block) error
}

// A Stopper decides whether a run has reached its target (a precision, a
// budget). The engine asks it after every Config.CheckEvery blocks, with the
// Result of exactly the blocks before that point (no worker runs ahead of
// a check), so where a run stops never depends on the number of workers.
type Stopper interface {
	// Stop reports whether the run should end after the trials of r.
	Stop(r *Result) bool
}

// StopFunc adapts a function to a Stopper.
type StopFunc func(r *Result) bool

// Stop calls f(r).
func (f StopFunc) Stop(r *Result) bool { return f(r) }

// BlockRange is the half-open range [Lo, Hi) of block numbers.
type BlockRange struct{ Lo, Hi int64 }

// Len returns the number of blocks in the range.
func (r BlockRange) Len() int64 { return max(0, r.Hi-r.Lo) }

// SinkFunc adapts a function to a Sink.
type SinkFunc func(b *Block) error

// Consume calls f(b).
func (f SinkFunc) Consume(b *Block) error { return f(b) }
