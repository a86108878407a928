// Package sampling draws the inputs of a model, block by block.
//
// A Sampler fills the input columns of one block of trials. The engine (the
// sim package) calls it from every worker, each with a Worker of its own, so
// a Sampler is immutable and shared while a Worker's state (its generators
// and buffers) belongs to one goroutine. What a block holds may depend only
// on the run's seed and the block's index, never on the worker that fills
// it or on the blocks filled before: that is what makes a run bit-identical
// for any number of workers or shards. Every design here keeps that
// contract, and is tested for it.
//
// # Designs
//
// IID (NewIID) draws every input independently, from a PCG stream per
// input and block keyed by the input's name. Its common random numbers (an
// input's draws depend on its name, not on its position or on the other
// inputs) are what comparisons (model.Join) rely on.
//
// LatinHypercube (NewLatinHypercube) stratifies each input, and each period
// of a per-period input, within every block: the N trials take one uniform
// in each of N equal strata, in a random order from the input's name-keyed
// stream, mapped through Quantile. CRN by name holds as for IID (with other
// streams).
//
// Sobol (NewSobol) is Joe & Kuo's Sobol sequence, Owen-scrambled in
// Burley's hash-based form: trial t of the run is point t, one dimension
// per (input name, period) in order of first appearance, up to
// SobolMaxDimensions. A point depends only on its index, its dimension and
// the seed. Appending inputs leaves the others' values unchanged;
// inserting or reordering them does not. NewSobolReplicated scrambles
// every run of a power-of-two number of trials independently.
//
// ImanConover (NewImanConover) induces Spearman rank correlations between
// scalar inputs by reordering, block by block, the values a base design
// drew (the marginals are exactly the base's). Copula (NewCopula) draws
// them trial by trial through a Gaussian or Student-t copula and the
// inputs' quantile functions. Both take a Correlation of named inputs,
// which Validate checks and Repair (Higham's nearest correlation matrix)
// mends. Inputs a correlation does not name keep the base's values (Iman–
// Conover) or their IID streams (copula), so CRN holds for them whatever
// the correlation; per-period inputs cannot be correlated, and the
// constructors say which inputs are at fault.
//
// # Standard errors: replicates
//
// Under LHS and Sobol the trials of a block are not independent, so the
// per-trial sd/sqrt(n) is not the standard error of an estimate: it
// overstates LHS's error, and says nothing of Sobol's. The honest error
// comes from independent randomised replicates, ReplicateSE(estimates) =
// sd/sqrt(k) over the estimates (a mean, an exceedance frequency) of k
// replicates. A Replicator says which blocks form one replicate
// (ReplicateOf):
//
//   - IID, LatinHypercube, Copula: every block is a replicate (for IID the
//     per-trial SE is right too).
//   - ImanConover: the base's replicates (the reordering is per block; it
//     makes the trials of a block dependent, so even over an IID base the
//     block is the replicate).
//   - Sobol (NewSobol): the run is one replicate (one scramble covers 2^32
//     trials). The honest error needs independent runs: ReplicateSE of the
//     estimates of k runs with different seeds. Within one run,
//     sd(block means)/sqrt(blocks) treats the blocks (each a scrambled
//     1024-point net, unbiased alone) as if independent; it is
//     conservative when the whole run integrates at least as well as
//     independent blocks would, which is what Sobol is for (measured: it
//     overstates the error 7-fold on the reference model), but it is not
//     guaranteed, and it discards the gain of the full sequence.
//   - NewSobolReplicated(m, trials): each replicate of trials consecutive
//     trials is independently scrambled, so ReplicateSE over the
//     replicates' estimates is honest within one run, at the price of
//     accuracy (k replicates of n/k points instead of one sequence of n).
//
// Replicates should have equal size. The engine uses them so (see
// sim.ReplicateGroups): under any design whose trials are not independent
// (IndependentTrials is false: LatinHypercube, Sobol, ImanConover) it deals
// the replicates into 32 groups and computes every figure (mean,
// percentiles, exceedances, shortfalls) within each group too; a figure's
// standard error is the spread of its group values (a cluster estimator
// that weights groups by their trials). Design("sobol") is
// NewSobolReplicated with SobolReplicate(trials), at least 32 replicates.
//
// # Measured
//
// TestVarianceReduction, on the reference model's cost side (loss =
// a100_price·a100_hours + training + headcount·cost_per_head − revenue),
// 131,072 trials, 30 seeds: the variance of the mean falls about 1,000-fold
// under LHS, over a million-fold under run-wide Sobol, and about 14,000-fold
// under Sobol with one-block replicates; the variance of the P95 falls about
// 2-fold (LHS), 8-fold (Sobol) and 4-fold (replicated Sobol). The gains
// depend on the model: LHS removes the additive part of the variance only
// (Stein 1987), and Sobol gains most on smooth outputs of few effective
// dimensions; an output driven by a discontinuity (an exceedance, a
// bernoulli input) gains less. BenchmarkFill gives the cost per trial of
// each design on a 10-input model.
package sampling
