package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Run is what a report needs: the result of a run and the provenance that
// lets a reader reproduce it. The number of workers is not part of it:
// results do not depend on it.
type Run struct {
	Result *sim.Result

	Scenario    string // scenario name
	Description string // one-line description of the scenario
	// File is where the scenario came from: a path as given on the command
	// line, or "builtin:NAME" for an embedded scenario.
	File string
	// SourceSHA256 is the hex SHA-256 of the scenario source bytes (see SourceHash).
	SourceSHA256 string
	Engine       string    // engine version, e.g. "v0.1.0" or "dev"
	Date         time.Time // when the run happened; written in UTC, RFC 3339
	Variant      string    // the scenario variant run, if any
	Sampling     string    // the sampling design when not random sampling ("lhs", "sobol")
	Overrides    []Override
	// Inputs are the scenario's inputs, for the assumptions table; may be nil.
	Inputs []Input
	// PeriodNames name the periods of a multi-period scenario ("2025-01"),
	// or are nil: periods are then numbered from 1.
	PeriodNames []string
	// Correlations are the rank correlations the scenario asked for, with
	// what the run used and achieved; CorrelationMethod says how they
	// were induced ("iman-conover", "gaussian", "t(4)").
	Correlations      []CorrelationRow
	CorrelationMethod string
	// Warnings are what the run itself found a reader should know (a
	// correlation matrix repaired, say), before those of the analysis.
	Warnings []string
	// Command is the command line that re-creates this run's report, e.g.
	// "SOURCE_DATE_EPOCH=1721815200 montecarlo run openai-2024 --trials 1000000 --seed 42 --out montecarlo-report".
	Command string
}

// CorrelationRow is one rank correlation a scenario asked for.
type CorrelationRow struct {
	A, B      string  // the inputs
	Requested float64 // the coefficient as written
	Used      float64 // the coefficient of the nearest valid matrix, = Requested unless the matrix was repaired
	Achieved  float64 // Spearman's rank correlation measured over every trial (sim.RankCorrelation)
	Why       string  // the source or assumption the scenario gives for it
}

// Override is an input whose distribution was replaced for a run
// (for example by `--set revenue="3 to 4"`).
type Override struct {
	Name string // input name
	Dist string // distribution in scenario syntax, as written
}

// SourceHash returns the hex SHA-256 of a scenario's source bytes, for Run.SourceSHA256.
func SourceHash(src []byte) string {
	h := sha256.Sum256(src)
	return hex.EncodeToString(h[:])
}

var errNoResult = errors.New("report: Run has no Result")

// WriteTable writes r as aligned text tables: a short provenance header, then
// a block per output with its mean ± SE, standard deviation, the percentiles
// the reported percentiles (analysis.DefaultLevels) each ± SE, P(output > t) ± SE for each threshold and
// the number of non-finite trials left out, if any. A series output first gets
// one row per period (mean, P5, P50, P95), then the full block of its last
// period. Every figure is printed with the digits its standard error supports.
func WriteTable(w io.Writer, r *Run) error {
	res := r.Result
	if res == nil {
		return errNoResult
	}
	ew := &firstErrWriter{w: w}
	name := r.Scenario
	if name == "" {
		name = r.File
	}
	if desc := strings.Join(strings.Fields(r.Description), " "); desc != "" {
		fmt.Fprintf(ew, "%s: %s\n", name, desc)
	} else {
		fmt.Fprintf(ew, "%s\n", name)
	}
	fmt.Fprintf(ew, "%s trials, seed %d", numfmt.Count(res.Trials), res.Seed)
	if r.SourceSHA256 != "" {
		fmt.Fprintf(ew, ", scenario sha256 %.12s", r.SourceSHA256)
	}
	fmt.Fprintln(ew)
	if note := DesignNote(r); note != "" {
		fmt.Fprintln(ew, note)
	}
	if r.Variant != "" {
		fmt.Fprintf(ew, "variant: %s\n", r.Variant)
	}
	for _, o := range r.Overrides {
		fmt.Fprintf(ew, "override: %s = %s\n", o.Name, o.Dist)
	}
	for i := range res.Outputs {
		o := &res.Outputs[i]
		fmt.Fprintln(ew)
		if o.Series && len(o.Periods) > 1 {
			writeSeries(ew, r, o)
			fmt.Fprintln(ew)
			fmt.Fprintf(ew, "%s, %s\n", outputTitle(o), r.periodName(len(o.Periods)))
		} else {
			fmt.Fprintf(ew, "%s\n", outputTitle(o))
		}
		if isEvent(o) {
			writeProbability(ew, o.Final())
		} else {
			writeBlock(ew, o.Final(), r.whenNote(o))
		}
		if o.FirstPeriod {
			e := o.Final().Exceedance(float64(res.Periods))
			fmt.Fprintf(ew, "  never (counted as %d): %s ± %s%%\n", res.Periods+1, numfmt.Percent(e.Prob, e.SE), numfmt.SE(100*e.SE))
		}
	}
	writeCorrelations(ew, r)
	return ew.err
}

// achievedText formats an achieved correlation: "—" when it is not
// defined (an input that is a constant in this run).
func achievedText(rho float64) string {
	if math.IsNaN(rho) {
		return "—"
	}
	return strconv.FormatFloat(rho, 'f', 3, 64)
}

// writeCorrelations writes the table of requested, used and achieved rank
// correlations, if the scenario asked for any.
func writeCorrelations(w io.Writer, r *Run) {
	if len(r.Correlations) == 0 {
		return
	}
	fmt.Fprintf(w, "\nRank correlations (%s; achieved over all %s trials)\n", r.CorrelationMethod, numfmt.Count(r.Result.Trials))
	repaired := false
	for _, c := range r.Correlations {
		repaired = repaired || c.Used != c.Requested
	}
	width := utf8.RuneCountInString("inputs") // the pairs' column left-aligned, padded to one width
	for _, c := range r.Correlations {
		width = max(width, utf8.RuneCountInString(c.A+", "+c.B))
	}
	pad := func(s string) string { return padRight(s, width) }
	tab := newTextTable()
	head := []string{pad("inputs"), "requested", "achieved"}
	if repaired {
		head = []string{pad("inputs"), "requested", "repaired", "achieved"}
	}
	tab.row(head...)
	for _, c := range r.Correlations {
		row := []string{pad(c.A + ", " + c.B), strconv.FormatFloat(c.Requested, 'f', -1, 64)}
		if repaired {
			row = append(row, strconv.FormatFloat(c.Used, 'f', 3, 64))
		}
		tab.row(append(row, achievedText(c.Achieved))...)
	}
	tab.writeTo(w)
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}

// outputTitle is an output's label with its unit: "Net loss (USD billions)".
func outputTitle(o *sim.OutputResult) string {
	label := o.Label
	if label == "" {
		label = o.Name
	}
	if o.Unit != "" && !isEvent(o) { // an event's values are yes and no, not amounts
		return label + " (" + o.Unit + ")"
	}
	return label
}

// eventSE returns the standard error of an event's probability s.Mean:
// the replicate groups' under a design that has them, else Agresti and
// Coull's binomial error, as for exceedances (never 0, also when the
// event never or always happens).
func eventSE(s *sim.Stats) float64 {
	if s.Replicates > 0 {
		return s.MeanSE
	}
	return s.Exceedance(0.5).SE // the share of values above 1/2 is the share of ones
}

// textTable collects the rows of one aligned table: right-aligned columns two
// spaces apart, indented under the output's title.
type textTable struct {
	buf bytes.Buffer
	tw  *tabwriter.Writer
}

func newTextTable() *textTable {
	t := new(textTable)
	t.tw = tabwriter.NewWriter(&t.buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	return t
}

// row adds a row of cells.
func (t *textTable) row(cells ...string) {
	fmt.Fprintf(t.tw, "  %s\t\n", strings.Join(cells, "\t"))
}

// writeTo writes the aligned table to w without trailing blanks.
func (t *textTable) writeTo(w io.Writer) {
	t.tw.Flush()
	for _, line := range strings.SplitAfter(t.buf.String(), "\n") {
		if line != "" {
			io.WriteString(w, strings.TrimRight(line, " \n")+"\n")
		}
	}
}

// writeBlock writes the full statistics of one output (or period).
func writeBlock(w io.Writer, s *sim.Stats, when func(float64) string) {
	tab := newTextTable()
	row := tab.row
	if when != nil {
		row("", "value", "± SE", "period")
	} else {
		row("", "value", "± SE")
	}
	row("mean", numfmt.Table(s.Mean, s.MeanSE), "± "+numfmt.TableSE(s.MeanSE))
	row("sd", numfmt.Group(numfmt.Sig(s.StdDev, 3)), "") // 3 significant digits: its own SE is not tracked
	for _, p := range quantiles(s) {
		if when != nil {
			row(percentileName(p.P), numfmt.Table(p.Value, p.SE), "± "+numfmt.TableSE(p.SE), when(p.Value))
			continue
		}
		row(percentileName(p.P), numfmt.Table(p.Value, p.SE), "± "+numfmt.TableSE(p.SE))
	}
	for _, e := range s.Below {
		row("P(< "+numfmt.Threshold(e.Threshold)+")", numfmt.Percent(e.Prob, e.SE), "± "+numfmt.SE(100*e.SE)+"%")
	}
	for _, e := range s.Exceedances {
		row("P(> "+numfmt.Threshold(e.Threshold)+")", numfmt.Percent(e.Prob, e.SE), "± "+numfmt.SE(100*e.SE)+"%")
	}
	tab.writeTo(w)
	if s.NonFinite > 0 {
		fmt.Fprintf(w, "  non-finite trials skipped: %s of %s\n", numfmt.Count(s.NonFinite), numfmt.Count(s.NonFinite+s.N))
	}
}

// eventSeries reports whether series o is an event in every period
// (every value 0 or 1, sim.Stats.Indicator) and happens in some
// (sim.Stats.Binary): a period in which it never or always happens is one
// of its periods all the same.
func eventSeries(o *sim.OutputResult) bool {
	some := false
	for i := range o.Periods {
		if !o.Periods[i].Indicator() {
			return false
		}
		some = some || o.Periods[i].Binary()
	}
	return some
}

// isEvent reports whether output o is an event: every value 0 or 1, and
// both occur (in its last period, or in some period of a series).
func isEvent(o *sim.OutputResult) bool {
	return o.Final().Binary() || o.Series && eventSeries(o)
}

// kindOf returns "probability" for an event output, else "".
func kindOf(o *sim.OutputResult) string {
	if isEvent(o) {
		return "probability"
	}
	return ""
}

// writeProbability writes the block of an event output (every value 0 or
// 1, sim.Stats.Binary): its probability, the mean, with its error. Its
// percentiles, tails and spread say nothing a probability does not.
func writeProbability(w io.Writer, s *sim.Stats) {
	tab := newTextTable()
	tab.row("", "value", "± SE")
	tab.row("P(yes)", numfmt.Percent(s.Mean, eventSE(s)), "± "+numfmt.SE(100*eventSE(s))+"%")
	tab.row("trials", strconv.FormatInt(s.N, 10), "")
	tab.writeTo(w)
	if s.NonFinite > 0 {
		fmt.Fprintf(w, "  non-finite trials skipped: %d of %d\n", s.NonFinite, s.NonFinite+s.N)
	}
}

// seriesPercentiles are the percentiles of the per-period table of a series.
var seriesPercentiles = []float64{0.05, 0.50, 0.95}

// writeSeries writes one row per period of a series output.
func writeSeries(w io.Writer, r *Run, o *sim.OutputResult) {
	fmt.Fprintf(w, "%s, by period\n", outputTitle(o))
	if eventSeries(o) {
		tab := newTextTable()
		tab.row("period", "P(yes)", "± SE")
		for i := range o.Periods {
			s := &o.Periods[i]
			tab.row(r.periodLabel(i+1), numfmt.Percent(s.Mean, eventSE(s)), "± "+numfmt.SE(100*eventSE(s))+"%")
		}
		tab.writeTo(w)
		return
	}
	skipped := false
	for i := range o.Periods {
		skipped = skipped || o.Periods[i].NonFinite > 0
	}
	tab := newTextTable()
	head := []string{"period", "mean"}
	for _, p := range seriesPercentiles {
		head = append(head, percentileName(p))
	}
	if skipped {
		head = append(head, "skipped")
	}
	tab.row(head...)
	for i := range o.Periods {
		s := &o.Periods[i]
		cells := []string{r.periodLabel(i + 1), numfmt.Table(s.Mean, s.MeanSE)}
		for _, p := range seriesPercentiles {
			if q, ok := findPercentile(s, p); ok {
				cells = append(cells, numfmt.Table(q.Value, q.SE))
			} else {
				cells = append(cells, "-")
			}
		}
		if skipped {
			cells = append(cells, strconv.FormatInt(s.NonFinite, 10))
		}
		tab.row(cells...)
	}
	tab.writeTo(w)
}

// findPercentile returns the entry of s.Percentiles for probability p.
func findPercentile(s *sim.Stats, p float64) (sim.Percentile, bool) {
	if slices.Contains(levels.Percentiles, p) {
		return quantile(s, p), true
	}
	return sim.Percentile{}, false
}

// quantile returns s's p-quantile: the entry of s.Percentiles for p when
// s carries one (statistics made elsewhere, such as a test's), else
// s.Quantile(p).
func quantile(s *sim.Stats, p float64) sim.Percentile {
	for _, q := range s.Percentiles {
		if q.P == p {
			return q
		}
	}
	return s.Quantile(p)
}

// quantiles returns s's quantiles at the reported percentiles, or the
// ones s carries when it carries some.
func quantiles(s *sim.Stats) []sim.Percentile {
	if len(s.Percentiles) > 0 {
		return s.Percentiles
	}
	ps := levels.Percentiles
	if len(s.Levels) > 0 {
		ps = slices.Sorted(slices.Values(append(slices.Clone(ps), s.Levels...)))
		ps = slices.Compact(ps)
	}
	out := make([]sim.Percentile, len(ps))
	for i, p := range ps {
		out[i] = quantile(s, p)
	}
	return out
}

// percentileName names the p-quantile as people read it: "P5", "P50", "P99.9".
func percentileName(p float64) string { return "P" + numfmt.Value(100*p, 0) }

// firstErrWriter remembers the first write error so that formatting code can
// write freely and check once.
type firstErrWriter struct {
	w   io.Writer
	err error
}

func (e *firstErrWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// Schema is the value of the "schema" field of the JSON that WriteJSON
// writes; it changes when a field changes meaning or is removed (see SCHEMA.md).
const Schema = "montecarlo-result/1"

// WriteJSON writes r as one indented JSON object followed by a newline, in
// the stable schema documented in SCHEMA.md (provenance, inputs, and per
// output its statistics with VaR and expected shortfall, and its drivers), with every number at full
// float64 precision (non-finite numbers as null). Fields appear in a fixed
// order, so the same Run always gives the same bytes.
func WriteJSON(w io.Writer, r *Run) error {
	if r.Result == nil {
		return errNoResult
	}
	return writeJSON(w, r, analyze(r))
}

func writeJSON(w io.Writer, r *Run, a *analysis.Analysis) error {
	res := r.Result
	doc := jsonDoc{
		Schema: Schema,
		Provenance: jsonProvenance{
			Scenario:     r.Scenario,
			Description:  r.Description,
			File:         r.File,
			SourceSHA256: r.SourceSHA256,
			Seed:         res.Seed,
			Trials:       res.Trials,
			Engine:       r.Engine,
			Variant:      r.Variant,
			Sampling:     r.Sampling,
			Overrides:    []jsonOverride{},
			Command:      r.Command,
		},
		Periods:      res.Periods,
		SampleTrials: a.SampleN,
		Inputs:       []jsonInput{},
		Outputs:      []jsonOutput{},
	}
	doc.Warnings = append(doc.Warnings, r.Warnings...)
	for _, w := range a.Warnings {
		doc.Warnings = append(doc.Warnings, w.Error())
	}
	doc.Correlations = correlationsJSON(r.Correlations, r.CorrelationMethod)
	for i := range r.Inputs {
		in := &r.Inputs[i]
		ji := jsonInput{Name: in.Name, Label: in.Label, Dist: in.Dist, Unit: in.Unit, Source: in.Source,
			Assumption: in.Assumption, PerPeriod: in.PerPeriod}
		if f, ok := in.Implied(); ok {
			ji.Mean, ji.P5, ji.P50, ji.P95 = jsonPtr(f.Mean), jsonPtr(f.P5), jsonPtr(f.P50), jsonPtr(f.P95)
		}
		doc.Inputs = append(doc.Inputs, ji)
	}
	if !r.Date.IsZero() {
		doc.Provenance.Date = r.Date.UTC().Format(time.RFC3339)
	}
	for _, o := range r.Overrides {
		doc.Provenance.Overrides = append(doc.Provenance.Overrides, jsonOverride(o))
	}
	for i := range res.Outputs {
		o := &res.Outputs[i]
		jo := jsonOutput{
			Kind:       kindOf(o),
			Name:       o.Name,
			Label:      o.Label,
			Unit:       o.Unit,
			Series:     o.Series,
			Thresholds: jsonNums(o.Thresholds),
			Periods:    []jsonStats{},
			Drivers:    []jsonDriver{},
		}
		for _, d := range a.Drivers[i] {
			jo.Drivers = append(jo.Drivers, jsonDriver{d.Input, jsonNum(d.Spearman), jsonNum(d.VarianceShare),
				jsonNum(d.Low), jsonNum(d.High), jsonNum(d.Swing)})
		}
		if len(o.Periods) == 0 {
			return fmt.Errorf("report: output %q has no statistics", o.Name)
		}
		jo.Final = statsJSON(o.Final(), 0)
		if o.Series {
			jo.Final.Period = len(o.Periods)
			if len(r.PeriodNames) == len(o.Periods) {
				jo.Final.PeriodName = r.PeriodNames[len(o.Periods)-1]
			}
			for t := range o.Periods {
				js := statsJSON(&o.Periods[t], t+1)
				if t < len(r.PeriodNames) {
					js.PeriodName = r.PeriodNames[t]
				}
				jo.Periods = append(jo.Periods, js)
			}
		}
		doc.Outputs = append(doc.Outputs, jo)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func statsJSON(s *sim.Stats, period int) jsonStats {
	js := jsonStats{
		Period:      period,
		N:           s.N,
		NonFinite:   s.NonFinite,
		Mean:        jsonNum(s.Mean),
		MeanSE:      jsonNum(s.MeanSE),
		SD:          jsonNum(s.StdDev),
		Min:         jsonNum(s.Min),
		Max:         jsonNum(s.Max),
		Percentiles: []jsonPercentile{},
		VaR:         []jsonPercentile{},
		ES:          []jsonPercentile{},
		Exceedances: []jsonExceedance{},
		Replicates:  s.Replicates,
	}
	for _, p := range quantiles(s) {
		js.Percentiles = append(js.Percentiles, jsonPercentile{jsonNum(p.P), jsonNum(p.Value), jsonNum(p.SE)})
	}
	for _, t := range Tails(s) {
		js.VaR = append(js.VaR, jsonPercentile{jsonNum(t.P), jsonNum(t.VaR.Value), jsonNum(t.VaR.SE)})
		js.ES = append(js.ES, jsonPercentile{jsonNum(t.P), jsonNum(t.ES), jsonNum(t.SE)})
	}
	for _, e := range s.Below {
		js.Below = append(js.Below, jsonExceedance{jsonNum(e.Threshold), jsonNum(e.Prob), jsonNum(e.SE)})
	}
	for _, e := range s.Exceedances {
		js.Exceedances = append(js.Exceedances, jsonExceedance{jsonNum(e.Threshold), jsonNum(e.Prob), jsonNum(e.SE)})
	}
	return js
}

// The JSON document. Structs, not maps, so that field order is fixed.
type jsonDoc struct {
	Schema       string         `json:"schema"`
	Provenance   jsonProvenance `json:"provenance"`
	Periods      int            `json:"periods"`
	SampleTrials int            `json:"sample_trials"`
	Inputs       []jsonInput    `json:"inputs"`
	Outputs      []jsonOutput   `json:"outputs"`
	// Correlations is present when the scenario correlates inputs.
	Correlations *jsonCorrelations `json:"correlations,omitempty"`
	Warnings     []string          `json:"warnings,omitempty"`
}

// correlationsJSON is the JSON of a run's correlations, nil without any.
func correlationsJSON(rows []CorrelationRow, method string) *jsonCorrelations {
	if len(rows) == 0 {
		return nil
	}
	out := &jsonCorrelations{Method: method}
	for _, c := range rows {
		out.Pairs = append(out.Pairs, jsonCorrelation{c.A, c.B, jsonNum(c.Requested), jsonNum(c.Used), jsonNum(c.Achieved)})
	}
	return out
}

type jsonCorrelations struct {
	Method string            `json:"method"`
	Pairs  []jsonCorrelation `json:"pairs"`
}

type jsonCorrelation struct {
	A         string  `json:"a"`
	B         string  `json:"b"`
	Requested jsonNum `json:"requested"`
	Used      jsonNum `json:"used"`
	Achieved  jsonNum `json:"achieved"`
}

type jsonInput struct {
	Name       string   `json:"name"`
	Label      string   `json:"label,omitempty"`
	Dist       string   `json:"dist"`
	Unit       string   `json:"unit"`
	Source     string   `json:"source"`
	Assumption string   `json:"assumption"`
	PerPeriod  bool     `json:"per_period"`
	Mean       *jsonNum `json:"mean"`
	P5         *jsonNum `json:"p5"`
	P50        *jsonNum `json:"p50"`
	P95        *jsonNum `json:"p95"`
}

type jsonDriver struct {
	Input         string  `json:"input"`
	Spearman      jsonNum `json:"spearman"`
	VarianceShare jsonNum `json:"variance_share"`
	MedianLow     jsonNum `json:"median_low"`
	MedianHigh    jsonNum `json:"median_high"`
	Swing         jsonNum `json:"swing"`
}

func jsonPtr(v float64) *jsonNum {
	x := jsonNum(v)
	return &x
}

type jsonProvenance struct {
	Scenario     string         `json:"scenario"`
	Description  string         `json:"description"`
	File         string         `json:"file"`
	SourceSHA256 string         `json:"source_sha256"`
	Seed         uint64         `json:"seed"`
	Trials       int64          `json:"trials"`
	Engine       string         `json:"engine"`
	Date         string         `json:"date"`
	Variant      string         `json:"variant"`
	Overrides    []jsonOverride `json:"overrides"`
	Command      string         `json:"command"`
	Sampling     string         `json:"sampling,omitempty"`
}

type jsonOverride struct {
	Name string `json:"name"`
	Dist string `json:"dist"`
}

type jsonOutput struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Unit   string `json:"unit"`
	Series bool   `json:"series"`
	// Kind is "probability" for an event output (every value 0 or 1):
	// its mean is the event's probability.
	Kind       string       `json:"kind,omitempty"`
	Thresholds []jsonNum    `json:"thresholds"`
	Final      jsonStats    `json:"final"`
	Periods    []jsonStats  `json:"periods"`
	Drivers    []jsonDriver `json:"drivers"`
}

type jsonStats struct {
	Period      int              `json:"period,omitempty"`
	PeriodName  string           `json:"period_name,omitempty"`
	N           int64            `json:"n"`
	NonFinite   int64            `json:"nonfinite"`
	Mean        jsonNum          `json:"mean"`
	MeanSE      jsonNum          `json:"mean_se"`
	SD          jsonNum          `json:"sd"`
	Min         jsonNum          `json:"min"`
	Max         jsonNum          `json:"max"`
	Percentiles []jsonPercentile `json:"percentiles"`
	VaR         []jsonPercentile `json:"var"`
	ES          []jsonPercentile `json:"es"`
	Exceedances []jsonExceedance `json:"exceedances"`
	// Below holds P(value < threshold) per `below:` level, omitted when
	// there is none.
	Below []jsonExceedance `json:"below,omitempty"`
	// Replicates is the number of replicate groups the errors come
	// from (sim.Stats.Replicates), omitted for iid errors.
	Replicates int `json:"replicates,omitempty"`
}

type jsonPercentile struct {
	P     jsonNum `json:"p"`
	Value jsonNum `json:"value"`
	SE    jsonNum `json:"se"`
}

type jsonExceedance struct {
	Threshold jsonNum `json:"threshold"`
	Prob      jsonNum `json:"prob"`
	SE        jsonNum `json:"se"`
}

// jsonNum is a float64 that encodes NaN and infinities as null, which JSON
// cannot otherwise represent; finite values keep full precision.
type jsonNum float64

// MarshalJSON implements json.Marshaler.
func (x jsonNum) MarshalJSON() ([]byte, error) {
	v := float64(x)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

func jsonNums(xs []float64) []jsonNum {
	out := make([]jsonNum, len(xs))
	for i, x := range xs {
		out[i] = jsonNum(x)
	}
	return out
}

// CSVHeader is the header row of the CSV that WriteCSV writes.
var CSVHeader = []string{"output", "period", "statistic", "value", "se"}

// WriteCSV writes r in long format, one row per (output, period, statistic)
// under the header CSVHeader. Period is empty for a scalar output and 1..T
// for a series. The statistics, in order, are n, nonfinite, mean, sd, min,
// max, the percentiles p1 ... p99 of analysis.DefaultLevels, var95, var99,
// es95, es99 (see Tails) and P(>t) for each threshold t; then the output's
// drivers (spearman:INPUT, variance_share:INPUT, median_low:INPUT,
// median_high:INPUT, swing:INPUT); last, for each input of r.Inputs, rows
// "input:NAME" with its exact mean, p5, p50 and p95 (see SCHEMA.md). Values
// and standard errors keep full float64 precision (strconv 'g' shortest
// form; NaN and ±Inf as "NaN", "+Inf", "-Inf"); se is empty where a
// statistic has none (counts, sd, min, max, drivers, inputs).
func WriteCSV(w io.Writer, r *Run) error {
	if r.Result == nil {
		return errNoResult
	}
	return writeCSV(w, r, analyze(r))
}

func writeCSV(w io.Writer, r *Run, a *analysis.Analysis) error {
	res := r.Result
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for i := range res.Outputs {
		o := &res.Outputs[i]
		for t := range o.Periods {
			s := &o.Periods[t]
			period := ""
			if o.Series {
				period = strconv.Itoa(t + 1)
			}
			row := func(stat, value, se string) {
				cw.Write([]string{o.Name, period, stat, value, se})
			}
			row("n", strconv.FormatInt(s.N, 10), "")
			row("nonfinite", strconv.FormatInt(s.NonFinite, 10), "")
			row("mean", fullPrecision(s.Mean), fullPrecision(s.MeanSE))
			row("sd", fullPrecision(s.StdDev), "")
			row("min", fullPrecision(s.Min), "")
			row("max", fullPrecision(s.Max), "")
			for _, p := range quantiles(s) {
				row(strings.ToLower(percentileName(p.P)), fullPrecision(p.Value), fullPrecision(p.SE))
			}
			tails := Tails(s)
			for _, t := range tails {
				row("var"+levelName(t.P), fullPrecision(t.VaR.Value), fullPrecision(t.VaR.SE))
			}
			for _, t := range tails {
				row("es"+levelName(t.P), fullPrecision(t.ES), fullPrecision(t.SE))
			}
			for _, e := range s.Below {
				row("P(<"+fullPrecision(e.Threshold)+")", fullPrecision(e.Prob), fullPrecision(e.SE))
			}
			for _, e := range s.Exceedances {
				row("P(>"+fullPrecision(e.Threshold)+")", fullPrecision(e.Prob), fullPrecision(e.SE))
			}
		}
		period := ""
		if o.Series {
			period = strconv.Itoa(len(o.Periods))
		}
		for _, d := range a.Drivers[i] {
			for _, st := range []struct {
				name string
				v    float64
			}{{"spearman", d.Spearman}, {"variance_share", d.VarianceShare}, {"median_low", d.Low}, {"median_high", d.High}, {"swing", d.Swing}} {
				cw.Write([]string{o.Name, period, st.name + ":" + d.Input, fullPrecision(st.v), ""})
			}
		}
	}
	for _, c := range r.Correlations {
		name := "correlation:" + c.A + "," + c.B
		cw.Write([]string{name, "", "requested", fullPrecision(c.Requested), ""})
		cw.Write([]string{name, "", "used", fullPrecision(c.Used), ""})
		cw.Write([]string{name, "", "achieved", fullPrecision(c.Achieved), ""})
	}
	for i := range r.Inputs {
		in := &r.Inputs[i]
		f, ok := in.Implied()
		if !ok {
			continue
		}
		for _, st := range []struct {
			name string
			v    float64
		}{{"mean", f.Mean}, {"p5", f.P5}, {"p50", f.P50}, {"p95", f.P95}} {
			cw.Write([]string{"input:" + in.Name, "", st.name, fullPrecision(st.v), ""})
		}
	}
	cw.Flush()
	return cw.Error()
}

// levelName names a tail level as a percentage without the sign: 0.95 -> "95".
func levelName(p float64) string { return numfmt.Value(100*p, 0) }

// fullPrecision formats v with the fewest digits that read back as exactly v.
func fullPrecision(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// periodName returns the name of period t (from 1): its PeriodNames
// entry, else "period t".
func (r *Run) periodName(t int) string {
	if t >= 1 && t <= len(r.PeriodNames) {
		return r.PeriodNames[t-1]
	}
	return "period " + strconv.Itoa(t)
}

// periodLabel is periodName without "period ": the cell of a period column.
// padRight pads s with spaces to width runes (a wider s is left as it is),
// so that a column of a right-aligning text table reads flush left.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

// whenNote returns, for a first() output (the period in which a condition
// first holds), what a value of it stands for: the period's name, or
// "never" for T+1; nil for any other output.
func (r *Run) whenNote(o *sim.OutputResult) func(float64) string {
	if !o.FirstPeriod {
		return nil
	}
	T := r.Result.Periods
	return func(v float64) string {
		k := int(math.Round(v))
		switch {
		case float64(k) != v || k < 1:
			return ""
		case k > T:
			return "never"
		case len(r.PeriodNames) > 0:
			return r.periodLabel(k)
		}
		return "period " + strconv.Itoa(k)
	}
}

func (r *Run) periodLabel(t int) string {
	if t >= 1 && t <= len(r.PeriodNames) {
		return r.PeriodNames[t-1]
	}
	return strconv.Itoa(t)
}

// DesignNote says how r's trials were sampled and where its standard
// errors come from, or "" for random sampling with iid errors: "Latin
// hypercube sampling; standard errors from 32 independent replicate
// groups".
func DesignNote(r *Run) string {
	names := map[string]string{"lhs": "Latin hypercube sampling (blocks of 1,024 trials)", "sobol": "scrambled Sobol sampling"}
	note := names[r.Sampling]
	if note == "" && r.Sampling != "" && r.Sampling != "random" {
		note = r.Sampling + " sampling"
	}
	reps := 0
	for i := range r.Result.Outputs {
		reps = max(reps, r.Result.Outputs[i].Final().Replicates)
	}
	if reps > 0 {
		if note == "" {
			note = "Iman–Conover rank correlation (within blocks of 1,024 trials)"
		}
		note += fmt.Sprintf("; standard errors from %d independent replicate groups, not sd/√n", reps)
	}
	return note
}
