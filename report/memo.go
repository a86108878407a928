package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Memo is the report of a run as people read it: every figure already
// formatted with the digits its Monte Carlo error supports. It is the one
// model that both the Markdown and the HTML renderers draw from, so the two
// never disagree on a number.
type Memo struct {
	Title       string
	Description string
	Headline    string // the headline paragraph, in plain words
	Meta        string // "1,000,000 trials · seed 42 · ..."
	// Summary is the first page: the key output's main figures and its
	// first chart, so that a reader of one page has the answer.
	Summary *Summary
	Outputs []MemoOutput
	// SampleTrials is the size of the bounded sample drivers and the input
	// figure are computed from; Trials the number of trials run.
	SampleTrials int
	Trials       int64
	Inputs       []InputRow
	InputsFigure *Figure
	// Correlations are the rank correlations the scenario asked for,
	// with what the run used and achieved; CorrelationNote says how.
	Correlations    []CorrelationCells
	CorrelationNote string
	Provenance      []KV
	Command         string
	// Footer is the provenance line every figure carries.
	Footer string
	// Warnings are what a reader should know before quoting a figure
	// (analysis.Analysis.Warnings).
	Warnings []string
}

// Summary is the one-page summary at the top of a report: the key output
// (the first, which the headline opens with), the main rows of its risk
// table and its first figure, which its own section then leaves out.
type Summary struct {
	Name   string // the output's name in the scenario
	Title  string // its label with unit: "Operating loss (USD billions)"
	Final  string // which period a series output's figures describe, or ""
	Rows   []Row  // mean, P5, P50, P95 and the chance of each threshold (or the probability of an event)
	Figure *Figure
}

// summaryRows are the risk-table rows a summary keeps.
func summaryRow(r Row) bool {
	switch r.Label {
	case "Mean", "P5", "P50", "P95", "Probability":
		return true
	}
	return strings.HasPrefix(r.Label, "P(>") || strings.HasPrefix(r.Label, "P(<") || strings.HasPrefix(r.Label, "Never")
}

// newSummary makes the summary of mo and moves its first figure into it.
func newSummary(mo *MemoOutput) *Summary {
	s := &Summary{Name: mo.Name, Title: mo.Title, Final: mo.Final}
	for _, r := range mo.Risk {
		if summaryRow(r) {
			s.Rows = append(s.Rows, r)
		}
	}
	if len(mo.Figures) > 0 && mo.Figures[0].Embedded {
		f := mo.Figures[0]
		s.Figure = &f
		mo.Figures = mo.Figures[1:]
	}
	return s
}

// CorrelationCells is one row of the correlations table, formatted.
type CorrelationCells struct {
	Inputs, Requested, Used, Achieved, Why string
}

// MemoOutput is the section of one output.
type MemoOutput struct {
	Name   string // output name in the scenario
	Title  string // label with unit: "Operating loss (USD billions)"
	Unit   string
	Series bool
	// Final says which period the risk table and drivers describe for a
	// series output ("period 3 of 3"); "" for a scalar output.
	Final     string
	Risk      []Row
	NonFinite string // "12 of 1,000,000 trials were non-finite and left out", or ""
	// PeriodRows is the per-period table of a series output.
	PeriodRows []PeriodRow
	Drivers    []DriverRow
	// DriversNote says where the drivers come from, or why there are none.
	DriversNote string
	Figures     []Figure
}

// Row is one row of a risk table.
type Row struct {
	Label string // "P95", "Expected shortfall 95%"
	Note  string // a short explanation, e.g. "mean of the highest 5% of trials"
	Value string
	SE    string // "± 0.0013", or "" when not tracked
}

// PeriodRow is one period of a series output.
type PeriodRow struct {
	Period                       string // its name, or its number from 1
	Mean, P5, P25, P50, P75, P95 string
}

// DriverRow is one input's influence on an output, formatted.
type DriverRow struct {
	Rank                              int
	Input                             string
	Spearman, Share, Low, High, Swing string
}

// InputRow is one row of the assumptions table.
type InputRow struct {
	Name, Label, Dist, P5, P50, P95, Mean, Unit string
	Source                                      string // the source text, "assumption: ...", or "assumption"
}

// KV is one labelled provenance item.
type KV struct{ Key, Value string }

// Figure is a chart of the report, written to File.
type Figure struct {
	Number  int
	File    string // file name in the report folder, e.g. "loss-histogram.png"
	Alt     string // short description for screen readers
	Caption string
	// Embedded is true when File is an image browsers and Markdown viewers
	// show inline (PNG or SVG); a PDF figure is linked instead.
	Embedded bool
}

// proseValue formats v in unit for a sentence (numfmt.Prose: "$4.5B"),
// rounded to a tenth of the scale of the distribution (spread, e.g.
// P95 - P5), or to a tenth of v where v is smaller (a mean near zero keeps
// its digits: −€0.50M, not €0), and never finer than its standard error
// se supports.
func proseValue(v, se, spread float64, unit string) string {
	if spread > 0 && !math.IsInf(spread, 0) {
		r := spread / 10
		if v != 0 && !math.IsInf(v, 0) {
			r = math.Min(r, math.Abs(v)/10)
		}
		se = math.Max(se, r)
	}
	return numfmt.Prose(v, se, numfmt.ParseUnit(unit))
}

// plainProb formats a probability for a sentence: to a tenth of a percent
// at most (fewer digits when its error is larger), and "below 0.1%" or
// "above 99.9%" instead of a rounded 0% or 100%.
func plainProb(p, se float64) string {
	switch p {
	case 0:
		return "0%"
	case 1:
		return "100%"
	}
	if p > 0 && p < 0.0005 {
		return "below 0.1%"
	}
	if p < 1 && p > 0.9995 {
		return "above 99.9%"
	}
	return numfmt.Percent(p, math.Max(se, 0.001))
}

// lowerFirst lowercases the first letter of a label for use inside a
// sentence, unless it starts an acronym ("Operating loss" -> "operating
// loss", "EBITDA" stays).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func label(o *sim.OutputResult) string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

// FigureFooter returns the provenance line every figure of r carries:
// scenario, SHA-256 prefix, seed, trials, engine version and date.
func FigureFooter(r *Run) string {
	parts := []string{r.Scenario}
	if r.Variant != "" {
		parts[0] += " (variant " + r.Variant + ")"
	}
	if len(r.Overrides) > 0 {
		parts[0] += fmt.Sprintf(" with %d override(s)", len(r.Overrides))
	}
	if r.SourceSHA256 != "" {
		parts = append(parts, "sha256 "+prefix(r.SourceSHA256, 12))
	}
	parts = append(parts, "seed "+strconv.FormatUint(r.Result.Seed, 10), numfmt.Count(r.Result.Trials)+" trials")
	if r.Engine != "" {
		parts = append(parts, "engine "+r.Engine)
	}
	if !r.Date.IsZero() {
		parts = append(parts, r.Date.UTC().Format("2006-01-02"))
	}
	return strings.Join(parts, " · ")
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// buildMemo formats r into a Memo; figs lists the figures of every output
// (by output index) and the inputs figure, already numbered.
func buildMemo(r *Run, a *analysis.Analysis, figs *figureSet) *Memo {
	res := r.Result
	m := &Memo{
		Title:        r.Scenario,
		Description:  strings.Join(strings.Fields(r.Description), " "),
		SampleTrials: a.SampleN,
		Trials:       res.Trials,
		Command:      r.Command,
		Footer:       FigureFooter(r),
	}
	m.Warnings = append(m.Warnings, r.Warnings...)
	for _, w := range a.Warnings {
		m.Warnings = append(m.Warnings, w.Error())
	}
	for _, c := range r.Correlations {
		m.Correlations = append(m.Correlations, CorrelationCells{Inputs: c.A + ", " + c.B,
			Requested: strconv.FormatFloat(c.Requested, 'f', -1, 64),
			Used:      strconv.FormatFloat(c.Used, 'f', 3, 64), Achieved: achievedText(c.Achieved), Why: strings.Join(strings.Fields(c.Why), " ")})
	}
	if len(r.Correlations) > 0 {
		m.CorrelationNote = fmt.Sprintf("Spearman rank correlations between inputs, induced by %s. "+
			"\"Used\" is the coefficient of the nearest valid correlation matrix, which differs from the one requested only when the requested "+
			"coefficients cannot all hold at once; \"achieved\" is the rank correlation of the sampled values over all %s trials "+
			"(ties, as in a discrete input, hold it below the target).", methodName(r.CorrelationMethod), numfmt.Count(res.Trials))
	}
	if m.Title == "" {
		m.Title = r.File
	}
	meta := []string{numfmt.Count(res.Trials) + " trials", "seed " + strconv.FormatUint(res.Seed, 10)}
	if r.SourceSHA256 != "" {
		meta = append(meta, "scenario sha256 "+prefix(r.SourceSHA256, 12))
	}
	if r.Variant != "" {
		meta = append(meta, "variant "+r.Variant)
	}
	for _, o := range r.Overrides {
		meta = append(meta, "override "+o.Name+" = "+o.Dist)
	}
	if note := DesignNote(r); note != "" {
		meta = append(meta, note)
	}
	if r.Engine != "" {
		meta = append(meta, "engine "+r.Engine)
	}
	if !r.Date.IsZero() {
		meta = append(meta, r.Date.UTC().Format("2006-01-02"))
	}
	m.Meta = strings.Join(meta, " · ")

	var sentences []string
	extra := 0
	for i := range res.Outputs {
		o := &res.Outputs[i]
		mo := outputSection(r, o, a, i)
		if figs != nil {
			mo.Figures = figs.outputs[i]
		}
		m.Outputs = append(m.Outputs, mo)
		// The headline covers the first output, then at most two more: those
		// with thresholds, the questions the scenario asks.
		if i == 0 || (len(o.Thresholds) > 0 && extra < 2) {
			if i > 0 {
				extra++
			}
			sentences = append(sentences, headline(o, a, i, r, i == 0)...)
		}
	}
	m.Headline = strings.Join(sentences, " ")
	if len(m.Outputs) > 0 {
		m.Summary = newSummary(&m.Outputs[0])
	}

	for i := range r.Inputs {
		in := &r.Inputs[i]
		row := InputRow{Name: in.Name, Label: in.Label, Dist: in.Dist, Unit: in.Unit}
		if in.PerPeriod {
			row.Dist += " (each period)"
		}
		if f, ok := in.Implied(); ok {
			row.P5, row.P50, row.P95, row.Mean = numfmt.Table(f.P5, 0), numfmt.Table(f.P50, 0), numfmt.Table(f.P95, 0), numfmt.Table(f.Mean, 0)
		}
		src := oneLine(in.Source)
		switch {
		case src != "" && in.Assumption != "":
			row.Source = src + " (assumption: " + oneLine(in.Assumption) + ")"
		case src != "":
			row.Source = src
		case in.Assumption != "":
			row.Source = "assumption: " + oneLine(in.Assumption)
		default:
			row.Source = "assumption"
		}
		m.Inputs = append(m.Inputs, row)
	}
	if figs != nil {
		m.InputsFigure = figs.inputs
	}

	kv := func(k, v string) { m.Provenance = append(m.Provenance, KV{k, v}) }
	kv("Scenario", m.Title)
	kv("File", r.File)
	kv("Scenario SHA-256", r.SourceSHA256)
	kv("Seed", strconv.FormatUint(res.Seed, 10))
	kv("Trials", numfmt.Count(res.Trials))
	kv("Engine version", r.Engine)
	date := ""
	if !r.Date.IsZero() {
		date = r.Date.UTC().Format(time.RFC3339)
	}
	kv("Date", date)
	variant := r.Variant
	if variant == "" {
		variant = "none (base scenario)"
	}
	kv("Variant", variant)
	var ov []string
	for _, o := range r.Overrides {
		ov = append(ov, o.Name+" = "+o.Dist)
	}
	if len(ov) == 0 {
		ov = []string{"none"}
	}
	kv("Overrides", strings.Join(ov, "; "))
	return m
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// outputSection formats the risk table, period table and drivers of output i.
func outputSection(r *Run, o *sim.OutputResult, a *analysis.Analysis, i int) MemoOutput {
	s := o.Final()
	mo := MemoOutput{Name: o.Name, Title: outputTitle(o), Unit: o.Unit, Series: o.Series}
	if o.Series {
		mo.Final = fmt.Sprintf("%s, the last of %d periods", r.periodName(len(o.Periods)), len(o.Periods))
	}
	row := func(label, note, v, se string) { mo.Risk = append(mo.Risk, Row{label, note, v, se}) }
	pm := func(se float64) string {
		if math.IsNaN(se) {
			return ""
		}
		return "± " + numfmt.TableSE(se)
	}
	if isEvent(o) {
		row("Probability", "share of trials in which it happens (every value is 0 or 1)", numfmt.Percent(s.Mean, eventSE(s)), "± "+numfmt.SE(100*eventSE(s))+"%")
		row("Trials", "", numfmt.Count(s.N), "")
	} else {
		riskRows(s, row, pm, r.whenNote(o))
	}
	if o.FirstPeriod {
		e := s.Exceedance(float64(r.Result.Periods))
		row("Never", fmt.Sprintf("share of trials in which it never happens (counted as period %d above)", r.Result.Periods+1),
			numfmt.Percent(e.Prob, e.SE), "± "+numfmt.SE(100*e.SE)+"%")
	}
	if s.NonFinite > 0 {
		mo.NonFinite = fmt.Sprintf("%s of %s trials gave a non-finite value and are left out (--nan=skip).",
			numfmt.Count(s.NonFinite), numfmt.Count(s.NonFinite+s.N))
	}
	if o.Series {
		for t := range o.Periods {
			ps := &o.Periods[t]
			if eventSeries(o) {
				dash := "-"
				mo.PeriodRows = append(mo.PeriodRows, PeriodRow{r.periodLabel(t + 1), numfmt.Percent(ps.Mean, eventSE(ps)), dash, dash, dash, dash, dash})
				continue
			}
			q := func(p float64) string {
				if v, ok := findPercentile(ps, p); ok {
					return numfmt.Table(v.Value, v.SE)
				}
				return "-"
			}
			mo.PeriodRows = append(mo.PeriodRows, PeriodRow{r.periodLabel(t + 1), numfmt.Table(ps.Mean, ps.MeanSE),
				q(0.05), q(0.25), q(0.50), q(0.75), q(0.95)})
		}
	}

	ds := a.Drivers[i]
	if a.DriverErrs[i] != nil {
		mo.DriversNote = "Drivers are not available: " + a.DriverErrs[i].Error() + "."
		return mo
	}
	var how []string
	if o.Series {
		how = append(how, "the output's last period")
	}
	if a.PerPeriod {
		how = append(how, "a per-period input by its mean over the periods")
	}
	what := ""
	if len(how) > 0 {
		what = " (" + strings.Join(how, "; ") + ")"
	}
	sample := fmt.Sprintf("the first %s of the %s trials", numfmt.Count(int64(a.SampleN)), numfmt.Count(s.N+s.NonFinite))
	if int64(a.SampleN) >= s.N+s.NonFinite {
		sample = fmt.Sprintf("all %s trials", numfmt.Count(int64(a.SampleN)))
	}
	mo.DriversNote = fmt.Sprintf("Computed from a bounded sample of at most %s trials, here %s%s; "+
		"the risk table above uses every trial. Share of variance is the squared rank correlation, "+
		"normalised over the inputs (exact only for independent inputs and a monotone, additive model). "+
		"Median swing: the output's median when the input is in its top 10%% minus when it is in its bottom 10%% "+
		"(tied input values stay together: a yes/no input compares its two values).",
		numfmt.Count(sim.SampleSize), sample, what)
	// No clear driver: every |rho| within 3 standard errors of zero
	// (about 3/sqrt(n) for rho near 0), so the shares are noise.
	clear := false
	for _, d := range ds {
		clear = clear || math.Abs(d.Spearman) > 3*analysis.SpearmanSE(0, a.SampleN)
	}
	if !clear && len(ds) > 0 {
		mo.DriversNote += " No input has a rank correlation distinguishable from zero here, so the shares below are noise."
	}
	if len(r.Correlations) > 0 {
		var pairs []string
		for _, c := range r.Correlations {
			pairs = append(pairs, r.inputLabel(c.A)+" and "+r.inputLabel(c.B))
		}
		mo.DriversNote += " The scenario correlates " + strings.Join(pairs, "; ") + ": a correlated input's rank correlation " +
			"includes its partner's effect, so their shares overlap (an input can rank high while the output does not use it)."
	}
	k := max(1, a.SampleN/10)
	rhos, rses := make([]float64, len(ds)), make([]float64, len(ds))
	for j, d := range ds {
		// Floors keep a near-perfect correlation from claiming more digits
		// than the approximations behind these errors support.
		rhos[j], rses[j] = d.Spearman, math.Max(analysis.SpearmanSE(d.Spearman, a.SampleN), 0.0005)
	}
	rhoCol := formatColumn(rhos, rses, 4)
	for j, d := range ds {
		rse := rses[j]
		sum := 0.0
		for _, e := range ds {
			sum += e.Spearman * e.Spearman
		}
		shareSE := math.NaN()
		if sum > 0 {
			// Delta method on r²/Σr², holding the denominator fixed.
			shareSE = math.Max(2*math.Abs(d.Spearman)*rse/sum, 0.0005)
		}
		mse := analysis.MedianSE(s.StdDev, k)
		mo.Drivers = append(mo.Drivers, DriverRow{
			Rank: j + 1, Input: r.inputLabel(d.Input),
			Spearman: rhoCol[j],
			Share:    numfmt.Percent(d.VarianceShare, shareSE),
			Low:      numfmt.Table(d.Low, mse),
			High:     numfmt.Table(d.High, mse),
			Swing:    numfmt.Table(d.Swing, math.Sqrt2*mse),
		})
	}
	return mo
}

// riskRows adds the risk table of a value output: mean, spread,
// percentiles, tails and exceedances. when, if not nil, names the period
// a percentile of a first() output stands for.
func riskRows(s *sim.Stats, row func(label, note, v, se string), pm func(se float64) string, when func(float64) string) {
	row("Mean", "", numfmt.Table(s.Mean, s.MeanSE), pm(s.MeanSE))
	row("Standard deviation", "3 significant digits", numfmt.Group(numfmt.Sig(s.StdDev, 3)), "")
	for _, p := range quantiles(s) {
		note := ""
		if when != nil {
			note = when(p.Value)
		}
		row(percentileName(p.P), note, numfmt.Table(p.Value, p.SE), pm(p.SE))
	}
	tails := Tails(s)
	for _, t := range tails {
		row("Value at risk "+levelName(t.P)+"%", percentileName(t.P)+": exceeded in "+levelName(1-t.P)+"% of trials",
			numfmt.Table(t.VaR.Value, t.VaR.SE), pm(t.VaR.SE))
	}
	for _, t := range tails {
		row("Expected shortfall "+levelName(t.P)+"%", "mean of the highest "+levelName(1-t.P)+"% of trials",
			numfmt.Table(t.ES, t.SE), pm(t.SE))
	}
	for _, e := range s.Below {
		row("P(< "+numfmt.Threshold(e.Threshold)+")", "share of trials below "+numfmt.Threshold(e.Threshold),
			numfmt.Percent(e.Prob, e.SE), "± "+numfmt.SE(100*e.SE)+"%")
	}
	for _, e := range s.Exceedances {
		row("P(> "+numfmt.Threshold(e.Threshold)+")", "share of trials above "+numfmt.Threshold(e.Threshold),
			numfmt.Percent(e.Prob, e.SE), "± "+numfmt.SE(100*e.SE)+"%")
	}
}

// headline returns the plain-words sentences about output i: the middle 90%
// of its trials, its mean, the chance of exceeding each threshold and, for
// the first output (full), its largest driver.
func headline(o *sim.OutputResult, a *analysis.Analysis, i int, r *Run, full bool) []string {
	s := o.Final()
	if s.N == 0 {
		return []string{fmt.Sprintf("%s has no finite value in any trial.", label(o))}
	}
	if isEvent(o) {
		when := ""
		if o.Series {
			when = " in " + r.periodName(len(o.Periods))
		}
		// The label names the event ("Out of cash by month 18"), which
		// reads as a heading, not as the object of "the chance of".
		return []string{fmt.Sprintf("%s%s: a %s chance (± %s%%), over %s trials.",
			label(o), when, numfmt.Percent(s.Mean, eventSE(s)), numfmt.SE(100*eventSE(s)), numfmt.Count(s.N))}
	}
	p5, ok5 := findPercentile(s, 0.05)
	p95, ok95 := findPercentile(s, 0.95)
	if !ok5 || !ok95 {
		p5, p95 = s.Quantile(0.05), s.Quantile(0.95)
	}
	spread := p95.Value - p5.Value
	v := func(x, se float64) string { return proseValue(x, se, spread, o.Unit) }
	name := lowerFirst(label(o))
	when := ""
	if o.Series {
		when = " in " + r.periodName(len(o.Periods))
	}
	var out []string
	var b strings.Builder
	// "between 0 and 0" reads as a typo: an output with a point mass over
	// the middle 90% (a rare loss) is "at 0".
	lo, hi := v(p5.Value, p5.SE), v(p95.Value, p95.SE)
	span := "between " + lo + " and " + hi
	if lo == hi {
		span = "at " + lo
	}
	if full && s.NonFinite > 0 {
		// Under --nan=skip the statistics describe the finite trials only:
		// say so where the reader starts, not only below the table.
		fmt.Fprintf(&b, "%s of the %s simulated trials gave a non-finite %s and are left out; "+
			"90%% of the other %s put it%s %s (mean %s)",
			numfmt.Count(s.NonFinite), numfmt.Count(s.N+s.NonFinite), name, numfmt.Count(s.N), when,
			span, v(s.Mean, s.MeanSE))
	} else if full {
		fmt.Fprintf(&b, "90%% of the %s simulated trials put the %s%s %s (mean %s)",
			numfmt.Count(s.N+s.NonFinite), name, when, span, v(s.Mean, s.MeanSE))
	} else if s.NonFinite > 0 {
		fmt.Fprintf(&b, "%s%s: %s in 90%% of its %s finite trials (mean %s)",
			label(o), when, span, numfmt.Count(s.N), v(s.Mean, s.MeanSE))
	} else {
		fmt.Fprintf(&b, "%s%s: %s in 90%% of trials (mean %s)",
			label(o), when, span, v(s.Mean, s.MeanSE))
	}
	for k, e := range s.Exceedances {
		sep := "; the chance of exceeding "
		if k > 0 {
			sep = ", of exceeding "
		}
		// The same digits as the risk table's P(> t) row: a rounder
		// "12.1%" beside "± 0.033%" would contradict its own error.
		fmt.Fprintf(&b, "%s%s is %s (±\u00a0%s%%)", sep, numfmt.Amount(e.Threshold, numfmt.ParseUnit(o.Unit)),
			numfmt.Percent(e.Prob, e.SE), numfmt.SE(100*e.SE))
	}
	b.WriteString(".")
	out = append(out, b.String())
	if !full || len(a.Drivers[i]) == 0 {
		return out
	}
	d := a.Drivers[i][0]
	if d.Spearman == 0 {
		return out
	}
	k := max(1, a.SampleN/10)
	mse := analysis.MedianSE(s.StdDev, k)
	dir := "raises"
	if d.Spearman < 0 {
		dir = "lowers"
	}
	share := plainProb(d.VarianceShare, 0.01)
	if !strings.HasPrefix(share, "above") && !strings.HasPrefix(share, "below") {
		share = "about " + share
	}
	out = append(out, fmt.Sprintf("The largest driver is %s (rank correlation %s, %s of the variance): a higher %s %s the %s; "+
		"with %s in its bottom 10%% of trials the median %s is %s, in its top 10%% %s.",
		d.Input, numfmt.Value(d.Spearman, 0.01), share, d.Input, dir, name,
		d.Input, name, v(d.Low, mse), v(d.High, mse)))
	return out
}

// formatColumn formats values as one table column with a common number of
// decimals: the most that any value's standard error ses[i] supports (as
// numfmt.Value counts them), at most most, so that the column reads as a
// column (1.0000 / 0.8824 / -0.6510, not 1.0000 / 0.8824 / -0.651).
func formatColumn(values, ses []float64, most int) []string {
	dec := 0
	for _, se := range ses {
		dec = max(dec, numfmt.Decimals(se))
	}
	dec = min(dec, most)
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = numfmt.Fixed(v, dec)
	}
	return out
}

// methodName describes a correlation method in words.
func methodName(m string) string {
	switch {
	case m == "iman-conover":
		return "the Iman–Conover method (the inputs' values reordered within each block of 1,024 trials; every marginal exact)"
	case m == "gaussian":
		return "a Gaussian copula"
	case strings.HasPrefix(m, "t("):
		return "a Student-t copula with " + strings.TrimSuffix(strings.TrimPrefix(m, "t("), ")") + " degrees of freedom (joint extremes more likely than under a Gaussian copula)"
	}
	return m
}
