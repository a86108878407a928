package report

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/plots"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Histogram and curve ranges. The histogram spans the central 99.8% of
// trials, P0.1 to P99.9, so that a few extreme trials do not squeeze the
// body of the distribution into a few bars.
const (
	histLo, histHi = 0.001, 0.999
	histBins       = 60
	curvePoints    = 241
	maxTornadoBars = 15
	// maxChartThresholds labelled lines fit one above the other in a
	// chart's headroom; more would overlap the axis and the footer.
	maxChartThresholds = 4
)

// figureSet is every chart of a report with its Figure description.
type figureSet struct {
	outputs [][]Figure // by output index
	inputs  *Figure
	charts  map[string]*plots.Chart // by file name
	order   []string                // file names in figure order
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// fileStem turns an output name into a safe file-name stem.
func fileStem(name string) string {
	s := strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if s == "" {
		s = "output"
	}
	return s
}

// buildFigures draws every chart of r: per output a histogram, an
// exceedance curve, a tornado chart of its drivers and, for a series, a fan
// chart; then small multiples of the inputs. It hands each chart to ready
// as soon as it is drawn, so that rendering can start, and calls analysis
// only when it comes to the first tornado chart, so that the drivers can
// be computed meanwhile. Errors name the figure.
func buildFigures(r *Run, analysisOf func() *analysis.Analysis, opts Options, ready func(file string, ch *plots.Chart)) (*figureSet, error) {
	res := r.Result
	fs := &figureSet{outputs: make([][]Figure, len(res.Outputs)), charts: map[string]*plots.Chart{}}
	footer := FigureFooter(r)
	format := opts.PlotFormat
	n := 0
	// The inputs grid is numbered last but drawn first, so that the
	// costliest chart is rendered while the drivers are computed.
	inputs, err := inputsFigure(r)
	if err != nil {
		return nil, err
	}
	if inputs != nil {
		inputs.chart.Footer = footer
		if ready != nil {
			ready("inputs."+format, inputs.chart)
		}
	}
	add := func(out int, file, alt, caption string, ch *plots.Chart) {
		n++
		early := inputs != nil && ch == inputs.chart // rendering already
		if !early {
			ch.Footer = footer
		}
		f := Figure{Number: n, File: file + "." + format, Alt: alt, Caption: caption, Embedded: format != "pdf"}
		if _, dup := fs.charts[f.File]; dup {
			// Two outputs whose names map to the same stem.
			f.File = fmt.Sprintf("%s-%d.%s", file, n, format)
		}
		fs.charts[f.File] = ch
		fs.order = append(fs.order, f.File)
		if out < 0 {
			fs.inputs = &f
		} else {
			fs.outputs[out] = append(fs.outputs[out], f)
		}
		if ready != nil && !early {
			ready(f.File, ch)
		}
	}
	for i := range res.Outputs {
		o := &res.Outputs[i]
		stem := fileStem(o.Name)
		s := o.Final()
		name := label(o)
		xlabel := outputTitle(o)
		fail := func(what string, err error) error {
			return fmt.Errorf("report: output %q: %s: %w", o.Name, what, err)
		}
		if s.N == 0 {
			return nil, fail("figures", fmt.Errorf("no finite value in any of %d trials to plot", s.NonFinite))
		}

		if isEvent(o) {
			ch, err := plots.Shares(plots.SharesSpec{
				Title:  name + ": how often it happens",
				XLabel: xlabel,
				Labels: []string{"No (0)", "Yes (1)"},
				Shares: []float64{1 - s.Mean, s.Mean},
				SE:     []float64{eventSE(s), eventSE(s)},
			})
			if err != nil {
				return nil, fail("shares chart", err)
			}
			add(i, stem+"-shares", "Shares of trials in which "+lowerFirst(name)+" does and does not happen",
				fmt.Sprintf("%s is an event (every trial gives 0 or 1): the bars are the shares of the %s trials in which it does not happen and in which it does, "+
					"each with its standard error.", name, numfmt.Count(s.N)), ch)
			if o.Series && len(o.Periods) > 1 {
				if err := addEventByPeriod(i, o, name, r.PeriodNames, add); err != nil {
					return nil, fail("probability by period", err)
				}
			}
			continue
		}
		if T := res.Periods; o.FirstPeriod && !o.Series && T <= maxPeriodBars {
			spec := plots.SharesSpec{Title: name + ": when it first happens", XLabel: "Period in which it first happens"}
			for k := 1; k <= T+1; k++ {
				e := s.Under(float64(k) + 0.5)
				prev := s.Under(float64(k) - 0.5)
				spec.Shares = append(spec.Shares, math.Max(0, e.Prob-prev.Prob))
				label := strconv.Itoa(k)
				if k <= len(r.PeriodNames) {
					label = r.PeriodNames[k-1]
				}
				if k == T+1 {
					label = "never"
				}
				spec.Labels = append(spec.Labels, label)
			}
			ch, err := plots.Shares(spec)
			if err != nil {
				return nil, fail("first-period chart", err)
			}
			add(i, stem+"-first", "Share of trials by the period in which "+lowerFirst(name)+" first happens",
				fmt.Sprintf("The share of the %s trials in which %s first happens in each period, and never (its own bar: "+
					"counted as %d in the table's mean and percentiles).", numfmt.Count(s.N), lowerFirst(name), T+1), ch)
			continue
		}
		edges, counts, covered, span, logX := histogramBins(s)
		var markers []plots.Marker
		for _, p := range []float64{0.05, 0.50, 0.95} {
			markers = append(markers, plots.Marker{Label: percentileName(p), Value: s.Quantile(p).Value})
		}
		markers = append(markers, plots.Marker{Label: "Mean", Value: s.Mean})
		ths, left := chartThresholds(s, edges[0], edges[len(edges)-1])
		ch, err := plots.Histogram(plots.HistogramSpec{
			Title:      name + ": distribution of " + numfmt.Count(s.N) + " trials",
			XLabel:     xlabel,
			Unit:       o.Unit,
			YLabel:     "Share of trials shown",
			Series:     []plots.Series{{X: edges, Y: counts}},
			Markers:    markers,
			Thresholds: ths,
			LogX:       logX,
		})
		if err != nil {
			return nil, fail("histogram", err)
		}
		bars := fmt.Sprintf("%d equal-width bars", len(counts))
		if logX {
			bars = fmt.Sprintf("%d bars of equal width on a logarithmic axis (the values span more than three decades)", len(counts))
		}
		if len(counts) == 1 {
			bars = "one bar"
		}
		marks := "Dashed lines mark P5, P50, P95 and the mean."
		if logX && s.Min <= 0 {
			marks = "Dashed lines mark P5, P50, P95 and the mean, those above 0."
		}
		capt := fmt.Sprintf("Histogram of %s: %s over %s, which hold %s of the trials; "+
			"bar heights are shares of those trials. %s",
			lowerFirst(name), bars, span, numfmt.Percent(covered, 0.0001), marks)
		if len(ths) > 0 {
			capt += " The shaded tail lies beyond each threshold, labelled with the exact share of all trials above it."
		}
		capt += thresholdsLeftOut(left, len(s.Exceedances))
		add(i, stem+"-histogram", "Histogram of "+name, capt, ch)

		{
			logY := opts.LogExceedance
			logX := logY && s.Min >= 0 && s.Max > 0 // a loss or a cost: the loss-exceedance curve of FAIR and riskquant
			xs, ps := exceedanceCurve(s, logY, logX)
			ths, left := chartThresholds(s, xs[0], xs[len(xs)-1])
			ch, err := plots.Exceedance(plots.ExceedanceSpec{
				Title:      name + ": chance of exceeding each value",
				XLabel:     xlabel,
				Unit:       o.Unit,
				YLabel:     "P(" + lowerFirst(name) + " > x)",
				Series:     []plots.Series{{X: xs, Y: ps}},
				Thresholds: ths,
				LogY:       logY,
				LogX:       logX,
			})
			if err != nil {
				return nil, fail("exceedance curve", err)
			}
			marked := thresholdsLeftOut(left, len(s.Exceedances))
			if len(ths) > 0 {
				marked = " Thresholds are marked with the exact share of trials above them." + marked
			}
			if !logY {
				add(i, stem+"-exceedance", "Exceedance curve of "+name,
					"Exceedance curve: the share of trials in which "+lowerFirst(name)+" exceeds each value (from P0.1 to P99.9)."+marked, ch)
			} else if !logX {
				add(i, stem+"-exceedance", "Exceedance curve of "+name+" on a log scale",
					"Exceedance curve on a logarithmic probability scale, from P1 to the largest trial, to show the upper tail down to 1 in "+
						numfmt.Count(s.N)+"."+marked, ch)
			} else {
				from := "P1"
				if zero := s.CDF(0); zero > 0.01 {
					from = "the smallest positive values (it is 0 in " + numfmt.Percent(zero, 0.0001) + " of the trials, which a log scale cannot show)"
				}
				add(i, stem+"-exceedance", "Loss-exceedance curve of "+name+" on log scales",
					"Loss-exceedance curve: the share of trials in which "+lowerFirst(name)+" exceeds each value, both on logarithmic scales, "+
						"from "+from+" to the largest trial, to show the upper tail down to 1 in "+numfmt.Count(s.N)+"."+marked, ch)
			}
		}

		if a := analysisOf(); len(a.Drivers[i]) > 0 && !math.IsNaN(a.Bases[i]) {
			ds := a.Drivers[i]
			bars := make([]plots.Bar, 0, min(len(ds), maxTornadoBars))
			for _, d := range ds[:min(len(ds), maxTornadoBars)] {
				bars = append(bars, plots.Bar{Name: r.inputLabel(d.Input), Low: d.Low, High: d.High})
			}
			ch, err := plots.Tornado(plots.TornadoSpec{
				Title:  "What drives " + lowerFirst(name),
				XLabel: "Median " + lowerFirst(xlabel),
				Unit:   o.Unit,
				Base:   a.Bases[i],
				Bars:   bars,
			})
			if err != nil {
				return nil, fail("tornado chart", err)
			}
			capt := fmt.Sprintf("Tornado chart: the median of %s when each input is in its bottom 10%% (blue) or top 10%% (orange) of the first %s trials, "+
				"against the overall median; the inputs that move it most are on top.", lowerFirst(name), numfmt.Count(int64(a.SampleN)))
			if len(ds) > maxTornadoBars {
				capt += fmt.Sprintf(" The %d inputs of least influence are left out.", len(ds)-maxTornadoBars)
			}
			add(i, stem+"-tornado", "Tornado chart of the drivers of "+name, capt, ch)
			if err := addSpider(i, stem, o, name, xlabel, a, r, add); err != nil {
				return nil, fail("spider chart", err)
			}
		}

		if o.Series && len(o.Periods) > 1 {
			spec := plots.FanSpec{Title: name + " by period", XLabel: "Period", YLabel: xlabel, Unit: o.Unit, Names: r.PeriodNames}
			for t := range o.Periods {
				ps := &o.Periods[t]
				if ps.N == 0 {
					return nil, fail("fan chart", fmt.Errorf("period %d has no finite value", t+1))
				}
				spec.Periods = append(spec.Periods, float64(t+1))
				for _, c := range []struct {
					p   float64
					dst *[]float64
				}{{0.05, &spec.P5}, {0.25, &spec.P25}, {0.50, &spec.P50}, {0.75, &spec.P75}, {0.95, &spec.P95}} {
					*c.dst = append(*c.dst, ps.Quantile(c.p).Value)
				}
			}
			ch, err := plots.Fan(spec)
			if err != nil {
				return nil, fail("fan chart", err)
			}
			add(i, stem+"-fan", "Fan chart of "+name+" by period",
				"Fan chart: the median of "+lowerFirst(name)+" in each period, with the middle 50% (P25–P75) and middle 90% (P5–P95) of trials.", ch)
		}
	}

	if c := res.Convergence; len(c) >= 3 && len(res.Outputs) > 0 {
		o := &res.Outputs[0]
		name := label(o)
		spec := plots.ConvergenceSpec{Title: name + ": convergence of the mean", YLabel: "Mean " + lowerFirst(outputTitle(o)), Unit: o.Unit}
		for _, p := range c {
			spec.Trials = append(spec.Trials, float64(p.Trials))
			spec.Value = append(spec.Value, p.Mean)
			spec.SE = append(spec.SE, p.SE)
		}
		ch, err := plots.Convergence(spec)
		if err != nil {
			return nil, fmt.Errorf("report: output %q: convergence chart: %w", o.Name, err)
		}
		add(0, fileStem(o.Name)+"-convergence", "Convergence of the mean of "+name,
			"Convergence: the mean of "+lowerFirst(name)+" over the first trials of the run, from "+numfmt.Count(c[0].Trials)+
				" to all "+numfmt.Count(c[len(c)-1].Trials)+", with its 95% band (±1.96 standard errors: the run's final error scaled to each count, "+
				"as it falls with the square root of the trials). The dashed line is the final estimate.", ch)
	}
	if inputs != nil {
		add(-1, "inputs", inputs.alt, inputs.caption, inputs.chart)
	}
	return fs, nil
}

// maxPeriodBars is the most periods a first(...) output is drawn as bars
// for, one per period and one for never; beyond it, as a histogram.
const maxPeriodBars = 60

// addEventByPeriod adds the chart of an event series' probability in each
// period (P(cash < 0) by month, say), with its 95% band.
func addEventByPeriod(i int, o *sim.OutputResult, name string, names []string, add func(out int, file, alt, caption string, ch *plots.Chart)) error {
	spec := plots.FanSpec{Title: name + ": probability by period", XLabel: "Period", YLabel: "Probability", Names: names,
		Legend: []string{"Probability", "", "95% band (±1.96 SE)"}}
	for t := range o.Periods {
		ps := &o.Periods[t]
		p, se := ps.Mean, eventSE(ps)
		if ps.N == 0 {
			return fmt.Errorf("period %d has no finite value", t+1)
		}
		lo, hi := math.Max(0, p-1.96*se), math.Min(1, p+1.96*se)
		spec.Periods = append(spec.Periods, float64(t+1))
		spec.P5, spec.P25, spec.P50, spec.P75, spec.P95 = append(spec.P5, lo), append(spec.P25, p), append(spec.P50, p), append(spec.P75, p), append(spec.P95, hi)
	}
	ch, err := plots.Fan(spec)
	if err != nil {
		return err
	}
	add(i, fileStem(o.Name)+"-by-period", "Probability of "+lowerFirst(name)+" by period",
		"The probability of "+lowerFirst(name)+" in each period (the share of trials in which it holds then), with its 95% band.", ch)
	return nil
}

// histogramBins returns histBins equal-width bins of s over its P0.1 to
// P99.9 (a single bin around a constant output), the share of trials they
// hold and the span in words for the caption.
func histogramBins(s *sim.Stats) (edges, counts []float64, covered float64, span string, logX bool) {
	lo, hi := s.Quantile(histLo).Value, s.Quantile(histHi).Value
	span = "P0.1–P99.9"
	if !(hi > lo) {
		lo, hi = s.Min, s.Max
	}
	if !(hi > lo) { // a constant output
		w := math.Max(math.Abs(lo)*0.01, 0.5)
		return []float64{lo - w, lo + w}, []float64{float64(s.N)}, 1, "its one value", false
	}
	share := func() float64 {
		// A positive range over three decades or more (a heavy-tailed
		// loss): bins of equal width on a log axis, counted from the CDF.
		logX = lo > 0 && hi >= heavyTail*lo && hi <= lo*1e15 && !math.IsInf(hi, 0)
		if logX {
			edges, counts = make([]float64, histBins+1), make([]float64, histBins)
			llo, lhi := math.Log(lo), math.Log(hi)
			for j := range edges {
				edges[j] = math.Exp(llo + (lhi-llo)*float64(j)/histBins)
			}
			edges[0] = lo
			edges[histBins] = hi
			for j := range counts {
				counts[j] = math.Max(0, float64(s.N)*(s.CDF(edges[j+1])-s.CDF(edges[j])))
			}
		} else {
			edges, counts = s.Bins(lo, hi, histBins)
		}
		total := 0.0
		for _, c := range counts {
			total += c
		}
		return total / float64(s.N)
	}
	if zeros := zeroShare(s); zeros >= 0.5 && (s.Min == 0 || s.Max == 0) {
		// Mostly exactly zero with a one-sided tail, as a loss that occurs
		// in a few trials: a bar of the zeros would flatten the tail to
		// nothing, so the bars show the other trials, from their own
		// P0.1 to P99.9, and the caption gives the share at zero.
		p := func(q float64) float64 {
			if s.Min == 0 {
				return s.Quantile(zeros + q*(1-zeros)).Value
			}
			return s.Quantile(q * (1 - zeros)).Value
		}
		lo, hi = p(histLo), p(histHi)
		if s.Min == 0 {
			lo = math.Max(lo, math.SmallestNonzeroFloat64) // leave out the zeros
		} else {
			hi = math.Min(hi, -math.SmallestNonzeroFloat64)
		}
		what := "the P0.1–P99.9 of the trials where it is not 0"
		if hi > lo {
			covered = share()
		}
		if covered == 0 { // a handful of such trials, outside their own P0.1–P99.9
			what = "the trials where it is not 0"
			if s.Min == 0 {
				lo, hi = math.SmallestNonzeroFloat64, s.Max
			} else {
				lo, hi = s.Min, -math.SmallestNonzeroFloat64
			}
			covered = share()
		}
		if covered > 0 {
			span = fmt.Sprintf("%s (it is 0 in %s of the trials, which no bar shows)", what, numfmt.Percent(zeros, 0.0001))
			return edges, counts, covered, span, logX
		}
		lo, hi = s.Quantile(histLo).Value, s.Quantile(histHi).Value
	}
	covered = share()
	if covered == 0 && s.Max > s.Min {
		// A handful of trials can all lie outside their own interpolated
		// P0.1 to P99.9 (two trials, say): show them all.
		lo, hi, span = s.Min, s.Max, "the whole range of the trials"
		covered = share()
	}
	return edges, counts, covered, span, logX
}

// heavyTail is the ratio of the largest to the smallest value of a
// positive histogram range from which the bars are drawn on a log axis
// (up to 15 decades: a range from the smallest float, as a handful of
// trials can give, stays linear).
const heavyTail = 1e3

// zeroShare returns the share of s's trials that are exactly zero (of
// either sign): the engine's histogram keeps zeros as a point mass.
func zeroShare(s *sim.Stats) float64 {
	return s.CDF(0) - s.CDF(-math.SmallestNonzeroFloat64)
}

// exceedanceCurve returns P(X > x) on a grid of x: even over P0.1 to P99.9
// for the linear chart, over P1 to the largest value for a log probability
// scale, and evenly spaced on a log value scale (logX) from the first
// positive quantile.
func exceedanceCurve(s *sim.Stats, logY, logX bool) (xs, ps []float64) {
	lo, hi := s.Quantile(histLo).Value, s.Quantile(histHi).Value
	if logY {
		lo, hi = s.Quantile(0.01).Value, s.Max
	}
	if logX && lo <= 0 { // from the first quantile above 0: a loss is often 0 in most trials
		lo = s.Quantile(math.Min(s.CDF(0)+0.001, 0.999)).Value
	}
	if !(hi > lo) {
		lo, hi = s.Min, s.Max
	}
	if !(hi > lo) {
		lo, hi = lo-0.5, lo+0.5
	}
	if logX && !(lo > 0) {
		lo = hi / 1e3
	}
	xs = make([]float64, curvePoints)
	ps = make([]float64, curvePoints)
	for k := range xs {
		f := float64(k) / float64(curvePoints-1)
		xs[k] = lo + (hi-lo)*f
		if logX { // evenly spaced on the log axis
			xs[k] = lo * math.Pow(hi/lo, f)
		}
		p := math.Min(1, math.Max(0, 1-s.CDF(xs[k])))
		if k > 0 && p > ps[k-1] { // guard against rounding in 1-CDF
			p = ps[k-1]
		}
		ps[k] = p
	}
	return xs, ps
}

// chartThresholds returns the thresholds of s to draw on a chart whose x
// axis spans [lo, hi], and how many it leaves out. A threshold far outside
// the span (more than a tenth of it beyond either end) would stretch the
// axis until the distribution is a sliver, so it is left out; of the rest at
// most maxChartThresholds are drawn, spread evenly over them (the lowest and
// the highest always), so that their labels do not run into the axis. The
// risk table reports every threshold.
func chartThresholds(s *sim.Stats, lo, hi float64) (ths []plots.Threshold, left int) {
	w := 0.1 * (hi - lo)
	var in []sim.Exceedance
	for _, e := range s.Exceedances {
		if e.Threshold >= lo-w && e.Threshold <= hi+w {
			in = append(in, e)
		}
	}
	slices.SortStableFunc(in, func(a, b sim.Exceedance) int { return cmp.Compare(a.Threshold, b.Threshold) })
	keep := in
	if len(in) > maxChartThresholds {
		keep = make([]sim.Exceedance, maxChartThresholds)
		for k := range keep {
			keep[k] = in[k*(len(in)-1)/(maxChartThresholds-1)]
		}
	}
	for _, e := range keep {
		ths = append(ths, plots.Threshold{Value: e.Threshold, Probs: []float64{e.Prob}})
	}
	return ths, len(s.Exceedances) - len(keep)
}

// thresholdsLeftOut is the caption's sentence about the thresholds that
// chartThresholds left out, or "" when it drew every one.
func thresholdsLeftOut(left, of int) string {
	switch {
	case left == 0:
		return ""
	case left == of && of == 1:
		return " The threshold lies far outside the range shown and is not drawn; the risk table gives its probability."
	case left == of:
		return fmt.Sprintf(" The %d thresholds lie far outside the range shown and are not drawn; the risk table gives their probabilities.", of)
	}
	return fmt.Sprintf(" %d of the %d thresholds, far outside the range shown or too many to label, are not drawn; the risk table gives every one.", left, of)
}

// figureDraft is a chart with its alternative text and caption, not yet
// numbered.
type figureDraft struct {
	chart        *plots.Chart
	alt, caption string
}

// inputsFigure draws small multiples of the sampled inputs (at most
// maxInputPanels of them), or returns nil when the run has none.
func inputsFigure(r *Run) (*figureDraft, error) {
	panels, total, err := inputPanels(r)
	if err != nil || len(panels) == 0 {
		return nil, err
	}
	cols := 3
	for _, p := range panels {
		if len(p.Name)+len(p.Unit) > 28 { // a long panel title needs a wider panel
			cols = 2
		}
	}
	ch, err := plots.Grid(plots.GridSpec{Title: "Inputs as sampled", Panels: panels, Cols: cols})
	if err != nil {
		return nil, fmt.Errorf("report: inputs figure: %w", err)
	}
	n := len(r.Result.Sample.Values[0])
	if len(panels) < total {
		return &figureDraft{ch, fmt.Sprintf("Histograms of the first %d of the %s inputs as sampled", len(panels), numfmt.Count(int64(total))),
			fmt.Sprintf("The first %d of the %s inputs, in file order, as sampled in the first %s trials (a per-period input shows its first period): what the scenario assumed. The drivers table ranks every input.",
				len(panels), numfmt.Count(int64(total)), numfmt.Count(int64(n)))}, nil
	}
	return &figureDraft{ch, "Histograms of every input as sampled",
		fmt.Sprintf("Every input as sampled in the first %s trials (a per-period input shows its first period): what the scenario assumed.", numfmt.Count(int64(n)))}, nil
}

// maxInputPanels is the most inputs the inputs figure draws: beyond a few
// dozen panels the figure is unreadable, and its image grows with every
// panel (1,000 panels took 870 MB to draw).
const maxInputPanels = 48

// inputPanels bins the first maxInputPanels sampled inputs, in the order of
// r.Inputs when given (else the sample's), with the unit from r.Inputs. It
// also returns the number of sampled inputs.
func inputPanels(r *Run) ([]plots.Panel, int, error) {
	s := &r.Result.Sample
	if s.Inputs == 0 || len(s.Values) < s.Inputs || len(s.Values[0]) == 0 {
		return nil, 0, nil
	}
	col := map[string]int{}
	for j := 0; j < s.Inputs; j++ {
		col[s.Names[j]] = j
	}
	type in struct{ name, label, unit string }
	var ins []in
	if len(r.Inputs) > 0 {
		for _, x := range r.Inputs {
			if _, ok := col[x.Name]; ok {
				ins = append(ins, in{x.Name, r.inputLabel(x.Name), x.Unit})
			}
		}
	} else {
		for j := 0; j < s.Inputs; j++ {
			ins = append(ins, in{s.Names[j], s.Names[j], ""})
		}
	}
	total := len(ins)
	ins = ins[:min(total, maxInputPanels)]
	// Binning 65,536 values per input adds up; the inputs are binned on a
	// bounded pool, each filling its own slot.
	panels := make([]plots.Panel, len(ins))
	errs := make([]error, len(ins))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ins)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				x := ins[k]
				edges, counts, err := plots.Bin(s.Values[col[x.name]], 0)
				if err != nil {
					errs[k] = fmt.Errorf("report: inputs figure: input %q: %w", x.name, err)
				}
				panels[k] = plots.Panel{Name: x.label, Unit: x.unit, Edges: edges, Counts: counts}
			}
		}()
	}
	for k := range ins {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, 0, err // the first input's, as binning them in turn would
		}
	}
	return panels, total, nil
}

// maxSpiderInputs is how many of the top drivers a spider chart follows.
const maxSpiderInputs = 5

// addSpider adds the spider chart of output i: its median in each decile
// band of each of its top drivers, from the drivers sample. A sample too
// small for ten bands per input leaves the chart out.
func addSpider(i int, stem string, o *sim.OutputResult, name, xlabel string, a *analysis.Analysis, r *Run, add func(int, string, string, string, *plots.Chart)) error {
	ds := a.Drivers[i]
	inputs := make([]string, 0, maxSpiderInputs)
	for _, d := range ds[:min(len(ds), maxSpiderInputs)] {
		inputs = append(inputs, d.Input)
	}
	if a.SampleN < analysis.MinSpiderBandTrials*analysis.DefaultSpiderBands {
		return nil
	}
	sp, err := a.Spider(o.Name, inputs, 0) // reuses the drivers' sorted columns
	if err != nil {
		return err
	}
	spec := plots.SpiderSpec{
		Title:  "How " + lowerFirst(name) + " moves with each top driver",
		YLabel: "Median " + lowerFirst(xlabel),
		Unit:   o.Unit,
		Base:   sp.Median,
	}
	for _, l := range sp.Lines {
		pl := plots.SpiderLine{Name: r.inputLabel(l.Input)}
		for _, b := range l.Bands {
			pl.Percentiles = append(pl.Percentiles, b.Percentile)
			pl.Values = append(pl.Values, b.Median)
			pl.Lo = append(pl.Lo, b.Lo)
			pl.Hi = append(pl.Hi, b.Hi)
		}
		spec.Lines = append(spec.Lines, pl)
	}
	if len(spec.Lines) == 0 {
		return nil
	}
	ch, err := plots.Spider(spec)
	if err != nil {
		return err
	}
	capt := fmt.Sprintf("Spider chart: each line is the median of %s over the trials whose input falls in each tenth of its range "+
		"(deciles of the first %s trials, plotted at their centres P5 to P95), with the other inputs as they were in those trials: "+
		"conditioned on the trials, not moved one at a time, so the curves include the inputs' correlations. "+
		"Shaded bands are 95%% distribution-free confidence intervals of each median, taken separately; the dashed line is the overall median. "+
		"A discrete input's points sit at the centres of its values' percentile ranges.", lowerFirst(name), numfmt.Count(int64(sp.Trials)))
	add(i, stem+"-spider", "Spider chart of "+name+" against its top drivers", capt, ch)
	return nil
}
