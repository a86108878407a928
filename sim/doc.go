// Package sim runs a compiled Monte Carlo model (a model.Model): it hands
// fixed-size blocks of trials to a pool of workers, has a Sampler fill each
// block's inputs, evaluates the model's straight-line vector program one
// column at a time, and folds the outputs into an Aggregate (exact sums for
// the moments, an exact-count log-bucketed histogram, threshold counts and a
// bounded sample), so memory stays flat however many trials run.
//
// Hooks:
//   - Config.Sampler (sampling.Sampler) fills a block's input columns given
//     the seed and the block; nil means sampling.NewIID, independent inputs.
//   - Config.Sinks see every block's inputs and outputs in block order, from
//     one goroutine at a time (a raw-trial exporter is a Sink).
//   - Config.Stopper is asked every Config.CheckEvery blocks, on the result
//     of exactly the blocks before that point, whether the run may stop; no
//     worker runs ahead of a check, so where a run stops never depends on the
//     number of workers.
//   - Config.Blocks runs a range of the run's blocks (a shard); RunAggregate
//     returns its Aggregate, which MarshalBinary saves and Merge combines.
//
// Reproducibility contract: trials are grouped into blocks of BlockSize, and
// a block's draws depend only on the seed, the block's index and the sampler
// (for the IID sampler, also on each input's name). Every part of an
// Aggregate is an integer count or an exact, unrounded sum (the moments are
// rounded once, when a Result is made), so merging the aggregates of any
// split of a run into contiguous block ranges, in any order, gives the same
// bits as one run, whatever the number of workers or shards.
//
// Errors: a malformed model, a non-finite output under NaNFail (a
// *NonFiniteError naming the first such trial), a Sink's error and
// cancellation stop a run with an error; no partial result is returned.
package sim
