package report

import (
	"math"
	"runtime"
	"sync"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Input is a scenario input as a report lists it in its assumptions table.
type Input struct {
	Name       string
	Dist       string // the distribution as written, e.g. "3.5 to 4.5"
	Unit       string
	Source     string // quotation or reference supporting the distribution
	Assumption string // reasoning, when the scenario gives it
	PerPeriod  bool   // an independent draw for every period
	// Distribution is what Dist describes; the report reads its exact mean
	// and quantiles. Nil leaves those cells empty.
	Distribution distributions.Distribution
}

// TailProbs are the levels p of the value at risk (the p-quantile) and of
// the expected shortfall (the mean of the values above it) that reports
// show: the worst 5% and the worst 1% of trials, larger being worse.
var TailProbs = []float64{0.95, 0.99}

// Tail is the value at risk and expected shortfall of one level.
type Tail struct {
	P      float64 // level, e.g. 0.95
	VaR    sim.Percentile
	ES, SE float64 // expected shortfall (mean of the values above VaR) and its standard error
}

// Tails returns the value at risk and expected shortfall of s at TailProbs.
func Tails(s *sim.Stats) []Tail {
	out := make([]Tail, len(TailProbs))
	for i, p := range TailProbs {
		es, se := s.ExpectedShortfall(p)
		out[i] = Tail{P: p, VaR: tailVaR(s, p), ES: es, SE: se}
	}
	return out
}

// tailVaR is the p-quantile as the run reported it, or from the histogram
// when p is not among sim.ReportedPercentiles.
func tailVaR(s *sim.Stats, p float64) sim.Percentile {
	if q, ok := findPercentile(s, p); ok {
		return q
	}
	return s.Quantile(p)
}

// InputFigures are the exact implied statistics of an input's distribution.
type InputFigures struct {
	Mean, P5, P50, P95 float64
}

// Implied returns the exact mean, P5, P50 and P95 of in's distribution, or
// false when it has none.
func (in *Input) Implied() (InputFigures, bool) {
	d := in.Distribution
	if d == nil {
		return InputFigures{}, false
	}
	return InputFigures{Mean: d.Mean(), P5: d.Quantile(0.05), P50: d.Quantile(0.50), P95: d.Quantile(0.95)}, true
}

// analysis holds what every renderer of a Run shares, computed once:
// the drivers of every output from the run's bounded sample.
type analysis struct {
	drivers    [][]Driver // per output; nil when unavailable
	driverErrs []error    // per output: why drivers are unavailable
	bases      []float64  // per output: the output's median over the sample
	sampleN    int        // trials in the sample
	perPeriod  bool       // some input is per-period: drivers rank it by its mean over the periods
}

// analyze computes the drivers of every output of r.
func analyze(r *Run) *analysis {
	res := r.Result
	a := &analysis{
		drivers:    make([][]Driver, len(res.Outputs)),
		driverErrs: make([]error, len(res.Outputs)),
		bases:      make([]float64, len(res.Outputs)),
	}
	s := &res.Sample
	if len(s.Values) > 0 {
		a.sampleN = len(s.Values[0])
	}
	a.perPeriod = len(s.PeriodMeans) > 0
	cache := newDriverCache(s)
	cache.warm() // after which cache.drivers only reads the cache
	// One output per job on a bounded pool; each job fills its own slots.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(res.Outputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a.drivers[i], a.bases[i], a.driverErrs[i] = cache.drivers(res.Outputs[i].Name)
			}
		}()
	}
	for i := range res.Outputs {
		next <- i
	}
	close(next)
	wg.Wait()
	return a
}

// spearmanSE approximates the standard error of a Spearman correlation r
// from n pairs: the Fisher transform atanh(r) has standard deviation about
// 1.03/sqrt(n-3) for Spearman's coefficient (E. C. Fieller, H. O. Hartley
// and E. S. Pearson, "Tests for rank correlation coefficients. I",
// Biometrika 44, 1957), and the delta method maps it back: (1-r²)·1.03/sqrt(n-3).
func spearmanSE(r float64, n int) float64 {
	if n <= 3 {
		return math.NaN()
	}
	return (1 - r*r) * 1.03 / math.Sqrt(float64(n-3))
}

// medianSE bounds the standard error of the median of k trials of an output
// with standard deviation sd: sqrt(pi/2)·sd/sqrt(k), the large-sample
// standard error of a normal sample's median (e.g. Kendall & Stuart, The
// Advanced Theory of Statistics, vol. 1, §10.10). The spread of the output
// within an input's decile is at most about its overall sd, so this errs on
// the side of fewer digits.
func medianSE(sd float64, k int) float64 {
	if k <= 0 {
		return math.NaN()
	}
	return math.Sqrt(math.Pi/2) * sd / math.Sqrt(float64(k))
}
