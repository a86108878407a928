// Package shard splits a run across the machines of a cluster and merges
// the pieces back, bit for bit.
//
// Every batch engine (Slurm, Kubernetes Indexed Jobs, AWS Batch, Google
// Cloud Batch, LSF, PBS, Grid Engine, HTCondor, Nomad) runs N copies of one
// command with an index in an environment variable, then a dependent step.
// A Spec is that index and count; FromEnv reads them from an engine's
// variables (never guessing which engine runs it); Spec.Blocks gives the
// shard's contiguous range of the run's blocks, so blocks never split.
//
// A Partial is one shard's sim.Aggregate with the run's identity (scenario
// SHA-256, seed, trials, shard count, engine version, overrides, variant,
// sampling design) and the shard indices it covers. Its file format is
// versioned and checksummed and written atomically (a temporary file renamed
// into place, so an engine's retry of a shard overwrites rather than
// appends). Merge folds partials in any order, and partials of partials
// (merging is associative, for merge trees over thousands of shards); it
// refuses partials of other runs, a shard given twice, and a missing shard
// (naming it) unless missing shards are allowed. Because every part of an
// Aggregate is an exact count or sum, the merged result is identical to the
// bit to the single-process run.
package shard

// Partial sizes, measured on openai-2024 (7 outputs over 12 periods) at 1M
// trials: about 285 KB (3.4 KB per output and period: the histograms are
// stored sparsely); the shard that holds the run's first trials also
// carries the drivers sample, 8 bytes × (inputs + outputs) × 65,536, here
// 8.9 MB (at most 64 MiB for models with many inputs: see sim.SampleBytes).
