package analysis

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Levels are the probabilities a study reports: the percentiles of every
// output and the levels of its value at risk and expected shortfall.
type Levels struct {
	Percentiles []float64 // e.g. 0.05 for P5
	Tails       []float64 // e.g. 0.95 for the worst 5% of trials, larger being worse
}

// DefaultLevels are the levels of the reports: P1, P5, P10, P25, P50, P75,
// P90, P95 and P99, and VaR/ES at 95% and 99%.
var DefaultLevels = Levels{
	Percentiles: []float64{0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99},
	Tails:       []float64{0.95, 0.99},
}

// Quantiles returns s's quantiles at l.Percentiles with their errors.
func (l Levels) Quantiles(s *sim.Stats) []sim.Percentile {
	out := make([]sim.Percentile, len(l.Percentiles))
	for i, p := range l.Percentiles {
		out[i] = s.Quantile(p)
	}
	return out
}

// Tail is the value at risk and expected shortfall of one level.
type Tail struct {
	P      float64 // level, e.g. 0.95
	VaR    sim.Percentile
	ES, SE float64 // expected shortfall (mean of the values above VaR) and its standard error
}

// TailsOf returns the value at risk (the p-quantile) and expected shortfall
// (the mean of the values above it) of s at l.Tails.
func (l Levels) TailsOf(s *sim.Stats) []Tail {
	out := make([]Tail, len(l.Tails))
	for i, p := range l.Tails {
		es, se := s.ExpectedShortfall(p)
		out[i] = Tail{P: p, VaR: s.Quantile(p), ES: es, SE: se}
	}
	return out
}

// InputFigures are the exact implied statistics of an input's distribution.
type InputFigures struct {
	Mean, P5, P50, P95 float64
}

// Implied returns the exact mean, P5, P50 and P95 of d.
func Implied(d distributions.Distribution) InputFigures {
	return InputFigures{Mean: d.Mean(), P5: d.Quantile(0.05), P50: d.Quantile(0.50), P95: d.Quantile(0.95)}
}

// Analysis holds what every renderer of a run shares, computed once: the
// drivers of every output from the run's bounded sample, and the warnings
// that travel with the figures.
type Analysis struct {
	Drivers    [][]Driver // per output; nil when unavailable
	DriverErrs []error    // per output: why drivers are unavailable
	Bases      []float64  // per output: the output's median over the sample
	SampleN    int        // trials in the sample
	PerPeriod  bool       // some input is per-period: drivers rank it by its mean over the periods
	// Warnings are true statements a reader should know before quoting a
	// figure: "P99 of loss rests on fewer than 100 trials beyond it", "the
	// drivers rest on the first 65,536 of 10,000,000 trials", trials left
	// out as non-finite.
	Warnings []error

	sample *sim.Sample  // the run's bounded sample
	cache  *driverCache // its sorted columns, read-only once Analyze returns
}

// Analyze computes the drivers of every output of res and its warnings at
// the given levels.
func Analyze(res *sim.Result, levels Levels) *Analysis {
	a := &Analysis{
		Drivers:    make([][]Driver, len(res.Outputs)),
		DriverErrs: make([]error, len(res.Outputs)),
		Bases:      make([]float64, len(res.Outputs)),
	}
	s := &res.Sample
	if len(s.Values) > 0 {
		a.SampleN = len(s.Values[0])
	}
	a.PerPeriod = len(s.PeriodMeans) > 0
	cache := newDriverCache(s)
	cache.warm() // after which cache.drivers only reads the cache
	a.sample, a.cache = s, cache
	// One output per job on a bounded pool; each job fills its own slots.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(res.Outputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a.Drivers[i], a.Bases[i], a.DriverErrs[i] = cache.drivers(res.Outputs[i].Name)
			}
		}()
	}
	for i := range res.Outputs {
		next <- i
	}
	close(next)
	wg.Wait()
	a.Warnings = Warnings(res, levels)
	return a
}

// MinTailTrials is the fewest trials beyond a percentile or tail level for
// which a report quotes it without a warning.
const MinTailTrials = 100

// Warnings returns what a reader of res's figures at levels should know:
// percentiles and tail levels resting on fewer than MinTailTrials trials
// beyond them, a drivers sample smaller than the run, and trials left out
// as non-finite.
func Warnings(res *sim.Result, levels Levels) []error {
	var ws []error
	type thin struct {
		levels  string
		outputs []string
		beyond  float64
		n       int64
	}
	var thins []*thin
	for i := range res.Outputs {
		o := &res.Outputs[i]
		s := o.Final()
		if s.NonFinite > 0 {
			ws = append(ws, fmt.Errorf("%s: %s trials were NaN or infinite and are left out (--nan=skip)", o.Name, numfmt.Count(s.NonFinite)))
		}
		var names []string
		least := math.Inf(1)
		for _, p := range append(append([]float64(nil), levels.Percentiles...), levels.Tails...) {
			if beyond := math.Min(p, 1-p) * float64(s.N); s.N > 0 && beyond < MinTailTrials {
				name := "P" + pct(p)
				if !slices.Contains(names, name) {
					names = append(names, name)
				}
				least = math.Min(least, beyond)
			}
		}
		if len(names) == 0 {
			continue
		}
		key := strings.Join(names, ", ")
		found := false
		for _, t := range thins {
			if t.levels == key && t.n == s.N {
				t.outputs, found = append(t.outputs, o.Name), true
			}
		}
		if !found {
			thins = append(thins, &thin{key, []string{o.Name}, least, s.N})
		}
	}
	for _, t := range thins {
		ws = append(ws, fmt.Errorf("%s of %s rest on fewer than %d trials beyond them (%s of %s)",
			t.levels, strings.Join(t.outputs, ", "), MinTailTrials, numfmt.Count(int64(t.beyond)), numfmt.Count(int64(t.n))))
	}
	if n := len(res.Sample.Values); n > 0 && int64(len(res.Sample.Values[0])) < res.Trials {
		ws = append(ws, fmt.Errorf("the drivers rest on the first %s of %s trials", numfmt.Count(int64(len(res.Sample.Values[0]))), numfmt.Count(res.Trials)))
	}
	return ws
}

func pct(p float64) string {
	return fmt.Sprint(math.Round(100*p*1e6) / 1e6)
}

// SpearmanSE approximates the standard error of a Spearman correlation r
// from n pairs: the Fisher transform atanh(r) has standard deviation about
// 1.03/sqrt(n-3) for Spearman's coefficient (E. C. Fieller, H. O. Hartley
// and E. S. Pearson, "Tests for rank correlation coefficients. I",
// Biometrika 44, 1957), and the delta method maps it back: (1-r²)·1.03/sqrt(n-3).
func SpearmanSE(r float64, n int) float64 {
	if n <= 3 {
		return math.NaN()
	}
	return (1 - r*r) * 1.03 / math.Sqrt(float64(n-3))
}

// MedianSE bounds the standard error of the median of k trials of an output
// with standard deviation sd: sqrt(pi/2)·sd/sqrt(k), the large-sample
// standard error of a normal sample's median (e.g. Kendall & Stuart, The
// Advanced Theory of Statistics, vol. 1, §10.10). The spread of the output
// within an input's decile is at most about its overall sd, so this errs on
// the side of fewer digits.
func MedianSE(sd float64, k int) float64 {
	if k <= 0 {
		return math.NaN()
	}
	return math.Sqrt(math.Pi/2) * sd / math.Sqrt(float64(k))
}
