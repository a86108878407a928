// Package sim runs a compiled Monte Carlo model: it samples every input in
// fixed-size blocks of trials on a pool of workers, evaluates the model's
// straight-line vector program one column at a time, and streams each output
// into mergeable accumulators (moments, an exact-count log-bucketed
// histogram, threshold counts), so memory stays flat however many trials run.
//
// Reproducibility contract: trials are grouped into blocks of BlockSize.
// Input x of block b draws from its own PCG stream seeded by (seed, b, name
// of x), so results are bit-identical for any number of workers, and editing
// one input leaves every other input's draws unchanged (common random
// numbers). Per-block moments are merged in block order; counts are exact.
package sim
