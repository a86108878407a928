package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// DefaultSpiderBands is the number of percentile bands Spider uses when
// asked for 0: deciles, centred at P5, P15, ..., P95.
const DefaultSpiderBands = 10

// SpiderConfidence is the least coverage of the interval Spider gives each
// band's median.
const SpiderConfidence = 0.95

// MinSpiderBandTrials is the fewest trials a band of Spider may hold
// (MinSpiderBandTrials·bands trials in all): with fewer than 6 no interval of
// order statistics covers a median with 95% confidence, and with 10 the
// interval is still nearly the band's range.
const MinSpiderBandTrials = 10

// SpiderBand is one percentile band of an input in a spider chart: the
// trials whose input ranks from From to To percent of the trials used, and
// the output's median over them.
type SpiderBand struct {
	// From and To are the band's range in percent of the trials used:
	// 100·k/bands and 100·(k+1)/bands for band k (from 0) of an input
	// without ties at its cuts (see Spider).
	From, To float64
	// Percentile is the band's centre in percent, (From+To)/2: 5, 15, ...,
	// 95 for deciles.
	Percentile float64
	// Input is the input's sample quantile at Percentile: the smallest
	// value with at least Percentile% of the trials at or below it.
	Input float64
	// InputLo and InputHi are the smallest and largest input values in the
	// band; equal for a band of one value of a discrete input.
	InputLo, InputHi float64
	// Median is the output's median over the band's trials (the mean of the
	// middle two for an even count).
	Median float64
	// Lo and Hi are a distribution-free confidence interval of the band's
	// median, of coverage at least SpiderConfidence: order statistics of the
	// band's output values (see Spider).
	Lo, Hi float64
	// N is the number of trials in the band.
	N int
}

// SpiderLine is one input's curve in a spider chart: its bands in
// increasing order of percentile.
type SpiderLine struct {
	Input string
	Bands []SpiderBand
}

// SpiderResult is what Spider computes for one output.
type SpiderResult struct {
	Output string
	// Median is the output's median over the trials used: the base the
	// tornado of Drivers starts from (Analysis.Bases).
	Median float64
	// Trials is the number of trials used: those whose inputs and output
	// are all finite.
	Trials int
	// Lines are the curves of the inputs asked for, in the order asked,
	// without the constant ones.
	Lines []SpiderLine
	// Constant lists the inputs asked for that are constant over the trials
	// used, which have no percentiles to move through and are left out of
	// Lines.
	Constant []string
}

// Spider computes the curves of a spider chart of the output named output
// from the sample s: for each input of inputs (typically the top few of
// Drivers), the output's median conditioned on the input's percentile band.
//
// The m trials used are sorted by the input and cut into `bands` bands of
// equal count (DefaultSpiderBands, deciles, if bands is 0): the k-th cut,
// k = 1 ... bands−1, is at k/bands of the trials, before sort position
// floor(k·m/bands), so an input without ties gets bands of m/bands trials
// (±1) centred at P5, P15, ..., P95. This is what the sample tells without
// re-running the model, and the curve includes the inputs' correlations:
// the other inputs are where they were in those trials, not at their
// medians. It is therefore not a one-at-a-time sensitivity: an input
// correlated with a driver shows part of the driver's effect.
//
// Ties: a band never splits a run of tied input values (a discrete input),
// as Drivers' deciles never do. A cut that falls inside a run moves to the
// run's nearer end, so that the run goes whole to the band that would hold
// most of it (the upper one on an even split), and sits at 100·c/m percent
// for its new position c; bands left empty are dropped, and a band left
// with fewer than MinSpiderBandTrials trials is merged with its smaller
// neighbour (the lower one on a tie), smallest first. So an input that is 1
// in 5% of trials and 0 otherwise gets two bands, about P0–P95 at 0 and
// P95–P100 at 1, whose medians are Drivers' Low and High, rather than a top decile
// mixing both values. Sorting is sortedIndex's, a total order on (value,
// trial index), so the result is the same, bit for bit, for the same
// sample.
//
// The interval [Lo, Hi] of a band of n trials is [y(l), y(n+1−l)], the l-th
// smallest and l-th largest of the band's output values, with l the largest
// rank such that a Binomial(n, ½) count is below l with probability at most
// (1 − SpiderConfidence)/2: the distribution-free confidence interval of a
// median (W. J. Conover, Practical Nonparametric Statistics, 3rd ed., 1999,
// §3.2; the binomial probabilities from gonum's distuv.Binomial). Its
// coverage is at least SpiderConfidence for each band on its own, not for
// the curve as a whole, and it ignores the uncertainty of the band's cuts.
//
// A per-period input is banded by its mean over the periods of each trial
// (sim.Sample.Driver), as Drivers ranks it, and Input is a quantile of that
// mean. As in Drivers, trials with a non-finite value of any input of the
// sample (not only of those asked for) or of the output are skipped, so Median is
// Drivers' base. Constant inputs are left out of Lines and listed in
// Constant.
//
// Errors: an empty or malformed sample, an unknown output or input name, an
// input listed twice, no inputs asked for, bands < 0, and fewer than
// MinSpiderBandTrials·bands usable trials.
func Spider(s *sim.Sample, output string, inputs []string, bands int) (*SpiderResult, error) {
	return spider(s, nil, output, inputs, bands)
}

// Spider is the package's Spider over the sample a was computed from,
// reusing the sort of each input that its drivers made.
func (a *Analysis) Spider(output string, inputs []string, bands int) (*SpiderResult, error) {
	if a.sample == nil {
		return nil, errors.New("analysis: spider: the analysis holds no sample")
	}
	return spider(a.sample, a.cache, output, inputs, bands)
}

// spider is Spider with the sample's driver cache c, nil for a new one.
func spider(s *sim.Sample, c *driverCache, output string, inputs []string, bands int) (*SpiderResult, error) {
	if bands == 0 {
		bands = DefaultSpiderBands
	}
	if bands < 0 {
		return nil, fmt.Errorf("analysis: spider: %d bands; want a positive number, or 0 for %d", bands, DefaultSpiderBands)
	}
	out, n, err := spiderColumns(s, output)
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, errors.New("analysis: spider: no inputs asked for")
	}
	cols := make([]int, len(inputs))
	seen := map[string]bool{}
	for i, name := range inputs {
		if seen[name] {
			return nil, fmt.Errorf("analysis: spider: input %q is listed twice", name)
		}
		seen[name] = true
		cols[i] = -1
		for j := range s.Inputs {
			if s.Names[j] == name {
				cols[i] = j
				break
			}
		}
		if cols[i] < 0 {
			if _, ok := sampleColumns(s)[name]; ok {
				return nil, fmt.Errorf("analysis: spider: %q is an output, not an input", name)
			}
			return nil, fmt.Errorf("analysis: spider: no input %q in the sample (inputs: %v)", name, s.Names[:s.Inputs])
		}
	}

	// Keep the trials where every input and the output are finite, as
	// Drivers does.
	if c == nil {
		c = newDriverCache(s)
	}
	keep := c.finiteTrials(n, out)
	m := len(keep)
	if m < MinSpiderBandTrials*bands {
		return nil, fmt.Errorf("analysis: spider: %d of %d trials have finite values; %d bands need at least %d (%d per band)",
			m, n, bands, MinSpiderBandTrials*bands, MinSpiderBandTrials)
	}
	all := m == n
	y := s.Values[out]
	if !all {
		y = gather(y, keep)
	}
	res := &SpiderResult{Output: output, Median: median(append([]float64(nil), y...)), Trials: m}
	alpha := (1 - SpiderConfidence) / 2
	for i, j := range cols {
		x := s.Driver(j)
		if !all {
			x = gather(x, keep)
		}
		if c.isConstant(j, x, all) {
			res.Constant = append(res.Constant, inputs[i])
			continue
		}
		order, _ := c.sorted(j, x, all)
		pos, pct := spiderCuts(x, order, bands)
		line := SpiderLine{Input: inputs[i], Bands: make([]SpiderBand, len(pos)-1)}
		for k := range line.Bands {
			lo, hi := pos[k], pos[k+1]
			b := SpiderBand{From: pct[k], To: pct[k+1], Percentile: (pct[k] + pct[k+1]) / 2, N: hi - lo,
				InputLo: x[order[lo]], InputHi: x[order[hi-1]]}
			b.Input = x[order[quantileRank(b.Percentile/100, m)]]
			band := gather(y, order[lo:hi])
			b.Median = median(band)
			b.Lo, b.Hi = medianInterval(band, alpha)
			line.Bands[k] = b
		}
		res.Lines = append(res.Lines, line)
	}
	return res, nil
}

// spiderColumns checks the sample as Drivers does and returns the column of
// output and the number of trials.
func spiderColumns(s *sim.Sample, output string) (out, n int, err error) {
	if s == nil || len(s.Names) == 0 || len(s.Values) == 0 {
		return 0, 0, errors.New("analysis: spider: empty sample")
	}
	if len(s.Values) != len(s.Names) || s.Inputs < 0 || s.Inputs > len(s.Names) {
		return 0, 0, fmt.Errorf("analysis: spider: malformed sample: %d names, %d columns, %d inputs", len(s.Names), len(s.Values), s.Inputs)
	}
	n = len(s.Values[0])
	for j, col := range s.Values {
		if len(col) != n {
			return 0, 0, fmt.Errorf("analysis: spider: malformed sample: column %q has %d trials, column %q has %d", s.Names[j], len(col), s.Names[0], n)
		}
	}
	if len(s.PeriodMeans) > s.Inputs {
		return 0, 0, fmt.Errorf("analysis: spider: malformed sample: %d period-mean columns for %d inputs", len(s.PeriodMeans), s.Inputs)
	}
	for j, col := range s.PeriodMeans {
		if col != nil && len(col) != n {
			return 0, 0, fmt.Errorf("analysis: spider: malformed sample: period means of %q have %d trials, column %q has %d", s.Names[j], len(col), s.Names[0], n)
		}
	}
	out, ok := sampleColumns(s)[output]
	if !ok {
		for j := range s.Inputs {
			if s.Names[j] == output {
				return 0, 0, fmt.Errorf("analysis: spider: %q is an input, not an output", output)
			}
		}
		return 0, 0, fmt.Errorf("analysis: spider: no output %q in the sample (outputs: %v)", output, s.Names[s.Inputs:])
	}
	if s.Inputs == 0 {
		return 0, 0, errors.New("analysis: spider: the sample has no inputs")
	}
	return out, n, nil
}

// spiderCuts returns the band boundaries of Spider for x, sorted by order
// (m positions, m >= MinSpiderBandTrials·bands, x not constant): the sort
// positions pos[0] = 0 < pos[1] < ... < pos[len-1] = m, band k holding
// positions pos[k] to pos[k+1]−1, and their percents pct.
func spiderCuts(x []float64, order []int, bands int) (pos []int, pct []float64) {
	m := len(order)
	at := func(i int) float64 { return x[order[i]] }
	pos, pct = []int{0}, []float64{0}
	for k := 1; k < bands; k++ {
		c := k * m / bands // 0 < c < m
		p := 100 * float64(k) / float64(bands)
		if v := at(c); at(c-1) == v {
			// Inside the run [s, e) of v: move to its nearer end.
			s, e := c-1, c+1
			for s > 0 && at(s-1) == v {
				s--
			}
			for e < m && at(e) == v {
				e++
			}
			if c-s < e-c {
				c = s
			} else {
				c = e
			}
			p = 100 * float64(c) / float64(m)
		}
		if c > pos[len(pos)-1] && c < m {
			pos, pct = append(pos, c), append(pct, p)
		}
	}
	pos, pct = append(pos, m), append(pct, 100)
	// Merge the smallest band below MinSpiderBandTrials into its smaller
	// neighbour until none is left.
	for len(pos) > 2 {
		small := -1
		for k := 0; k+1 < len(pos); k++ {
			if n := pos[k+1] - pos[k]; n < MinSpiderBandTrials && (small < 0 || n < pos[small+1]-pos[small]) {
				small = k
			}
		}
		if small < 0 {
			break
		}
		// Remove the cut between band small and its smaller neighbour.
		cut := small // the cut below it, with the band before
		switch {
		case small == 0:
			cut = 1
		case small+2 < len(pos) && pos[small+2]-pos[small+1] < pos[small]-pos[small-1]:
			cut = small + 1
		}
		pos, pct = slices.Delete(pos, cut, cut+1), slices.Delete(pct, cut, cut+1)
	}
	return pos, pct
}

// quantileRank returns the 0-based sort position of the p-quantile of m
// values: the smallest value with at least a share p of them at or below it
// (as the comparison's quantiles are taken).
func quantileRank(p float64, m int) int {
	return max(0, min(m-1, int(math.Ceil(p*float64(m)))-1))
}

// medianInterval returns the order statistics y(l) and y(n+1−l) of band
// (n values, at least 6), l the largest rank with P(Binomial(n, ½) < l) <=
// alpha (see Spider). band must be as median leaves it: band[:n/2] <=
// band[n/2] <= band[n/2+1:]. It reorders the two halves.
func medianInterval(band []float64, alpha float64) (lo, hi float64) {
	n := len(band)
	bin := distuv.Binomial{N: float64(n), P: 0.5}
	below := func(l int) float64 { return bin.CDF(float64(l - 1)) } // P(count < l)
	// Start from the normal approximation and step to the exact rank.
	l := max(1, int(math.Floor((float64(n)-1.959964*math.Sqrt(float64(n)))/2)))
	for l > 1 && below(l) > alpha {
		l--
	}
	for l+1 <= n/2 && below(l+1) <= alpha {
		l++
	}
	// y(l) lies in band[:k] and y(n+1-l) in band[k+1:], k = n/2, since
	// l <= n/2 - 1 for n >= 6 (below(n/2) is about ½).
	k := n / 2
	selectNth(band[:k], l-1)
	selectNth(band[k+1:], n-l-(k+1))
	return band[l-1], band[n-l]
}
