package sim

import "github.com/montecarlo-risk/montecarlo/model"

// Result holds everything a run measured. Every figure is independent of the
// number of workers.
type Result struct {
	Trials  int64 // trials run
	Seed    uint64
	Periods int
	Outputs []OutputResult
	// RankCorrelations holds the achieved rank correlation of each of
	// Config.RankPairs, over every trial.
	RankCorrelations []RankCorrelation
	// Convergence is the running mean of the first output (its last
	// period) as trials accumulate, at two points per doubling of the
	// blocks run, from one block (1,024 trials) to all of them.
	Convergence []ConvergencePoint
	// Sample holds the inputs and outputs of the first
	// min(Trials, SampleSize) trials, for rank correlations and input plots.
	Sample Sample
}

// OutputResult is the aggregated distribution of one output.
type OutputResult struct {
	model.Output
	Series bool
	// Periods holds one Stats per period for a series output, else exactly one.
	Periods []Stats
}

// Final returns the statistics of a scalar output, or of the last period of a series.
func (o *OutputResult) Final() *Stats { return &o.Periods[len(o.Periods)-1] }

// Percentile is an estimated quantile with its Monte Carlo standard error.
type Percentile struct {
	P     float64 // probability in (0, 1)
	Value float64
	SE    float64
}

// Exceedance is an estimated P(X > Threshold) with its Monte Carlo standard error.
type Exceedance struct {
	Threshold float64
	Prob      float64 // exact fraction of trials above the threshold
	SE        float64 // sqrt(p(1-p)/(N+4)), p = (count+2)/(N+4): Agresti–Coull, never 0
}

// Sample is a bounded column-wise sample of trials.
type Sample struct {
	Names  []string    // input names, then output names
	Inputs int         // the first Inputs columns are inputs
	Values [][]float64 // Values[j][i] is column j of trial i; a per-period input keeps its first period, a series output its last
	// PeriodMeans[j][i], for a per-period input j of a model with more
	// than one period, is the mean of its draws over the periods of trial
	// i: what a total or average over the periods depends on, where
	// Values keeps one period's draw, which shows the input's distribution.
	// PeriodMeans[j] is nil for other inputs; PeriodMeans is nil when no
	// input is per-period.
	PeriodMeans [][]float64
}

// Driver returns the column by which input j is ranked against the
// outputs: its mean over the periods for a per-period input, else its
// value.
func (s *Sample) Driver(j int) []float64 {
	if j < len(s.PeriodMeans) && s.PeriodMeans[j] != nil {
		return s.PeriodMeans[j]
	}
	return s.Values[j]
}
