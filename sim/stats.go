package sim

// Stats summarises the distribution of one output (or one period of a series
// output). Percentiles, the CDF and tail means come from an exact-count
// log-bucketed histogram with in-bucket interpolation, accurate to about
// 1e-5 relative; moments and exceedance counts are exact.
type Stats struct {
	N         int64 // finite values aggregated
	NonFinite int64 // non-finite values left out under NaNSkip
	Mean      float64
	StdDev    float64 // sample standard deviation
	MeanSE    float64 // Monte Carlo standard error of Mean: StdDev/sqrt(N)
	Min, Max  float64
	// Percentiles holds the quantiles at ReportedPercentiles.
	Percentiles []Percentile
	// Exceedances holds P(X > t) for each of the output's thresholds.
	Exceedances []Exceedance

	hist *histogram
}

// Quantile returns the p-quantile with its Monte Carlo standard error.
func (s *Stats) Quantile(p float64) Percentile { panic("todo") }

// CDF returns the fraction of values <= x.
func (s *Stats) CDF(x float64) float64 { panic("todo") }

// TailMean returns the mean of the values above the p-quantile (the expected
// shortfall of the upper 1-p tail, e.g. p = 0.95 for the worst 5%).
func (s *Stats) TailMean(p float64) float64 { panic("todo") }

// Bins returns counts of values in n equal-width bins spanning [lo, hi]:
// edges has n+1 entries. Values outside [lo, hi] are not counted.
func (s *Stats) Bins(lo, hi float64, n int) (edges, counts []float64) { panic("todo") }

type histogram struct{}
