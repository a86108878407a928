// Package sampling draws the inputs of a model, block by block.
//
// A Sampler fills the input columns of one block of trials. The engine (the
// sim package) calls it from every worker, each with a Worker of its own, so
// a Sampler is immutable and shared while a Worker's state (its generators)
// belongs to one goroutine. What a block holds may depend only on the run's
// seed and the block's index, never on the worker that fills it or on the
// blocks filled before: that is what makes a run bit-identical for any
// number of workers or shards.
//
// IID is today's design: every input draws independently of the others.
// Its documented property of common random numbers (an input's draws depend
// on its name, not on its position or on the other inputs) is what
// comparisons (model.Join) rely on. Latin hypercube, Sobol and copula
// designs implement the same interface.
package sampling
