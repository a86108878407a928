package sampling

// Block identifies one block of trials of a run.
type Block struct {
	Seed  uint64 // the run's master seed
	Index int64  // the block's number, from 0
	First int64  // the run-wide index of the block's first trial
	N     int    // trials in the block
}

// A Sampler fills the input columns of blocks of trials. It is shared by
// every worker of a run and must be safe for concurrent use; NewWorker
// returns the state one worker owns.
type Sampler interface {
	NewWorker() Worker
}

// A Worker fills blocks for one goroutine.
type Worker interface {
	// Fill sets cols[i][t][:b.N], the values of input i in period t for
	// the trials of block b (cols[i] has one slice per period of a
	// per-period input, else one). The values may depend only on b's Seed
	// and Index and on the sampler, so that any worker fills a block alike.
	Fill(b Block, cols [][][]float64)
}
