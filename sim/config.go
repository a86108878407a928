package sim

import (
	"runtime"

	"github.com/montecarlo-risk/montecarlo/sampling"
)

// BlockSize is the number of trials in a block. It is part of the
// reproducibility contract: random streams are keyed by block, so changing it
// changes every result.
const BlockSize = 1024

// SampleSize is the most leading trials whose inputs and outputs a run
// keeps (Result.Sample) for drivers and plots of assumptions. Trials are
// independent, so the first trials are a uniform random sample.
const SampleSize = 64 * BlockSize

// SampleBytes bounds the values a run's sample holds: a model with more
// than about 128 inputs and outputs keeps fewer than SampleSize trials (1,000
// inputs: 8,380 trials, rank correlations within about ±0.011), but never
// fewer than BlockSize.
const SampleBytes = 64 << 20

// sampleKeep returns the number of leading trials a run of trials trials
// keeps, for a sample of columns values per trial (see SampleBytes). It
// depends only on the model and the run's total, never on the split of the
// run into shards or workers.
func sampleKeep(trials int64, columns int) int {
	byBytes := int64(max(BlockSize, SampleBytes/(8*max(columns, 1))))
	return int(min(max(trials, 0), SampleSize, byBytes))
}

// NaNPolicy says what a run does with a trial whose output is NaN or infinite.
type NaNPolicy int

const (
	// NaNFail stops the run with a *NonFiniteError naming the formula and the
	// inputs of the first such trial.
	NaNFail NaNPolicy = iota
	// NaNSkip leaves such trials out of that output's statistics and counts them.
	NaNSkip
)

// Config holds the options of a run.
type Config struct {
	Trials  int64     // number of trials, >= 1
	Seed    uint64    // master seed
	Workers int       // goroutines; <= 0 means runtime.GOMAXPROCS(0)
	NaN     NaNPolicy // what to do with non-finite outputs
	// Progress, if non-nil, is called from one goroutine at a time with the
	// number of trials completed so far, at most every few blocks.
	Progress func(done int64)

	// Sampler fills the inputs of every block; nil means
	// sampling.NewIID(model), independent inputs.
	Sampler sampling.Sampler
	// RankPairs names pairs of scalar inputs (positions in the model's
	// Inputs) whose achieved rank correlation the run measures over
	// every trial (Result.RankCorrelations): the pairs a correlated
	// sampler was asked to correlate, say.
	RankPairs [][2]int
	// Sinks see every block's inputs and outputs, in block order.
	Sinks []Sink
	// Stopper, if non-nil, is asked after every CheckEvery blocks whether
	// the run may end there.
	Stopper Stopper
	// CheckEvery is the number of blocks between two questions to Stopper;
	// <= 0 means DefaultCheckEvery.
	CheckEvery int64
	// Blocks restricts the run to a range of its blocks (a shard); the zero
	// value runs them all. Trials still sets the run's size, so block b
	// holds the same trials whatever the range.
	Blocks BlockRange
}

// DefaultCheckEvery is the default number of blocks between two
// questions to a Stopper (65,536 trials).
const DefaultCheckEvery = 64

// Blocks returns the number of blocks of a run of the given trials.
func Blocks(trials int64) int64 { return (trials + BlockSize - 1) / BlockSize }

// DefaultConfig is the configuration used when a scenario names no trials or seed.
var DefaultConfig = Config{Trials: 1_000_000, Seed: 1, Workers: 0, NaN: NaNFail, CheckEvery: DefaultCheckEvery}

func (c Config) workers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}
