package report

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// File names of a comparison report folder.
const (
	CompareFile         = "compare.json"
	CompareMarkdownFile = "compare.md"
	CompareHTMLFile     = "compare.html"
	CompareSummaryFile  = "summary.csv"
)

// CompareSchema is the value of the "schema" field of compare.json.
const CompareSchema = "montecarlo-compare/1"

// CompareRun is what a comparison report needs: one joint run of several
// scenarios or variants with common random numbers (see model.Joint), and
// the provenance of each member.
type CompareRun struct {
	Result  *sim.Result
	Members []CompareMember // Members[0] is the base
	// Joint is the joined model that produced Result: its Shared outputs
	// are compared, and its handles index Result.Outputs.
	Joint *model.Joint

	Overrides []Override // --set overrides applied to every member
	Engine    string
	Date      time.Time
	Command   string // the command line that re-creates the comparison
}

// CompareMember is one compared scenario or variant.
type CompareMember struct {
	Label        string // e.g. "base", "no-apple-deal", "anthropic-2024"
	Scenario     string // scenario name
	Description  string // the variant's or scenario's description
	File         string // path, or "builtin:NAME"
	SourceSHA256 string
	Variant      string // the variant applied, "" for none
	// Inputs are the member's inputs, for the assumptions table (nil
	// leaves it out).
	Inputs []Input
}

// Estimate is a figure with its Monte Carlo standard error.
type Estimate struct {
	Value, SE float64
}

// SE methods of a difference.
const (
	SEPaired = "paired" // exact: the standard error of a per-trial difference
	SEApprox = "approx" // a large-sample approximation (percentiles; see Comparison)
)

// Comparison is the table of a comparison: for every shared output, each
// statistic per member with its difference from the base.
//
// The difference of means and of exceedance probabilities are the means of
// per-trial differences (variant − base in the same trial), so their
// standard errors are the exact paired ones. A difference of percentiles,
// q_k − q_0, is not a mean; its standard error is approximated by
// sqrt(se_k² + se_0² − 2ρ·se_k·se_0), where ρ is the asymptotic correlation
// of the two sample quantiles under common random numbers. From the Bahadur
// representation q̂ ≈ q + (p − F̂(q))/f(q) (Bahadur, "A note on quantiles in
// large samples", Ann. Math. Statist. 37, 1966), ρ = (P(A ≤ q_A, B ≤ q_B) −
// p²) / (p(1 − p)), estimated on the run's sample of the first
// sim.SampleSize trials. ρ is 1 when the two outputs move together
// (a variant that leaves the output alone has difference exactly 0 with
// SE 0) and 0 for independent ones, where the formula is the usual
// sqrt(se_k² + se_0²).
type Comparison struct {
	Labels  []string
	Outputs []ComparedOutput
}

// ComparedOutput is the comparison of one shared output.
type ComparedOutput struct {
	Name, Label, Unit string
	// Period is the period compared for a series output (its last), 0 for a scalar.
	Period int
	Rows   []CompareRow
	// Above[k] is P(member k > base) in the same trial, k >= 1.
	Above []Estimate
	stats []*sim.Stats
}

// CompareRow is one statistic of an output for every member.
type CompareRow struct {
	Stat     string     // "mean", "P5", "P50", "P95", "P(> 5)"
	P        float64    // the probability of a percentile, the threshold of P(> t)
	Kind     string     // "mean", "percentile" or "exceedance"
	Values   []Estimate // per member
	Diffs    []Estimate // per member, member − base; Diffs[0] is zero
	SEMethod string     // SEPaired or SEApprox
}

// comparedPercentiles are the percentiles of a comparison table.
var comparedPercentiles = []float64{0.05, 0.50, 0.95}

// Compare computes the comparison table of r.
func Compare(r *CompareRun) (*Comparison, error) {
	res := r.Result
	if res == nil {
		return nil, errNoResult
	}
	if len(r.Members) < 2 || r.Joint == nil || len(r.Joint.Labels) != len(r.Members) {
		return nil, errors.New("report: a comparison needs at least two members and index tables for each")
	}
	c := &Comparison{}
	for _, m := range r.Members {
		c.Labels = append(c.Labels, m.Label)
	}
	col := sampleColumns(&res.Sample)
	qc := &quantileCache{s: &res.Sample, sorted: map[int][]float64{}}
	for j, name := range r.Joint.Shared {
		o0 := &res.Outputs[r.Joint.Output(0, j)]
		co := ComparedOutput{Name: name, Label: o0.Label, Unit: o0.Unit}
		if co.Label == "" {
			co.Label = name
		}
		if o0.Series {
			co.Period = len(o0.Periods)
		}
		for k := range r.Members {
			s := res.Outputs[r.Joint.Output(k, j)].Final()
			if s.N == 0 {
				return nil, fmt.Errorf("report: output %q of %s has no finite value", name, r.Members[k].Label)
			}
			co.stats = append(co.stats, s)
		}
		// Mean: the diff output's mean and paired SE.
		row := CompareRow{Stat: "mean", Kind: "mean", SEMethod: SEPaired}
		for k, s := range co.stats {
			row.Values = append(row.Values, Estimate{s.Mean, s.MeanSE})
			d := Estimate{}
			if k > 0 {
				ds := res.Outputs[r.Joint.Diff(k, j)].Final()
				d = Estimate{ds.Mean, ds.MeanSE}
			}
			row.Diffs = append(row.Diffs, d)
		}
		co.Rows = append(co.Rows, row)
		// Percentiles: difference of quantiles, approximate SE.
		for _, p := range comparedPercentiles {
			row := CompareRow{Stat: percentileName(p), P: p, Kind: "percentile", SEMethod: SEApprox}
			q0 := co.stats[0].Quantile(p)
			for k, s := range co.stats {
				q := s.Quantile(p)
				row.Values = append(row.Values, Estimate{q.Value, q.SE})
				d := Estimate{}
				if k > 0 {
					rho := qc.correlation(col[res.Outputs[r.Joint.Output(k, j)].Name], col[res.Outputs[r.Joint.Output(0, j)].Name], p)
					v := q.SE*q.SE + q0.SE*q0.SE - 2*rho*q.SE*q0.SE
					d = Estimate{q.Value - q0.Value, math.Sqrt(math.Max(0, v))}
					// A member equal to the base in every trial (the
					// variant does not touch this output) has an exact
					// difference of 0; the formula above would leave a
					// rounding residue (se·sqrt(2(1−ρ)) with ρ = 1 − ε).
					if ds := res.Outputs[r.Joint.Diff(k, j)].Final(); ds.Min == 0 && ds.Max == 0 {
						d = Estimate{q.Value - q0.Value, 0}
					}
				}
				row.Diffs = append(row.Diffs, d)
			}
			co.Rows = append(co.Rows, row)
		}
		// Exceedances: the indicator-difference outputs.
		for t, th := range r.Joint.Thresholds[j] {
			row := CompareRow{Stat: "P(> " + trimZeros(formatSig(th, 6)) + ")", P: th, Kind: "exceedance", SEMethod: SEPaired}
			for k, s := range co.stats {
				e, ok := exceedanceAt(s, th)
				if !ok {
					return nil, fmt.Errorf("report: output %q of %s has no threshold %g", name, r.Members[k].Label, th)
				}
				row.Values = append(row.Values, Estimate{e.Prob, e.SE})
				d := Estimate{}
				if k > 0 {
					ds := res.Outputs[r.Joint.ExceedDiff(k, j, t)].Final()
					d = Estimate{ds.Mean, ds.MeanSE}
				}
				row.Diffs = append(row.Diffs, d)
			}
			co.Rows = append(co.Rows, row)
		}
		co.Above = append(co.Above, Estimate{})
		for k := 1; k < len(r.Members); k++ {
			e, _ := exceedanceAt(res.Outputs[r.Joint.Diff(k, j)].Final(), 0)
			co.Above = append(co.Above, Estimate{e.Prob, e.SE})
		}
		c.Outputs = append(c.Outputs, co)
	}
	return c, nil
}

func exceedanceAt(s *sim.Stats, th float64) (sim.Exceedance, bool) {
	for _, e := range s.Exceedances {
		if e.Threshold == th {
			return e, true
		}
	}
	return sim.Exceedance{Prob: math.NaN(), SE: math.NaN()}, false
}

// sampleColumns maps the sample's output names to their columns.
func sampleColumns(s *sim.Sample) map[string]int {
	m := map[string]int{}
	for j := s.Inputs; j < len(s.Names); j++ {
		m[s.Names[j]] = j
	}
	return m
}

// quantileCorrelation estimates the asymptotic correlation of the sample
// p-quantiles of columns a and b of s (see Comparison): the correlation of
// the indicators A <= q_A and B <= q_B, with q_A and q_B the columns' own
// sample p-quantiles, (C − p_A·p_B)/sqrt(p_A(1−p_A)·p_B(1−p_B)), where C is
// the share of sampled trials at or below both and p_A, p_B the realised
// shares (ties in a discrete output can push them away from p). It returns 0
// when the sample cannot tell (fewer than 100 trials, or a column constant
// at its quantile).
func (qc *quantileCache) correlation(a, b int, p float64) float64 {
	s := qc.s
	if a >= len(s.Values) || b >= len(s.Values) || a < s.Inputs || b < s.Inputs {
		return 0
	}
	xa, xb := s.Values[a], s.Values[b]
	n := len(xa)
	if n < 100 || len(xb) != n {
		return 0
	}
	qa, qb := qc.quantile(a, p), qc.quantile(b, p)
	var both, belowA, belowB float64
	for i := range n {
		ia, ib := xa[i] <= qa, xb[i] <= qb
		if ia && ib {
			both++
		}
		if ia {
			belowA++
		}
		if ib {
			belowB++
		}
	}
	fn := float64(n)
	pa, pb := belowA/fn, belowB/fn
	v := pa * (1 - pa) * pb * (1 - pb)
	if !(v > 0) {
		return 0
	}
	rho := (both/fn - pa*pb) / math.Sqrt(v)
	return math.Max(-1, math.Min(1, rho))
}

// quantileCache sorts each sample column once.
type quantileCache struct {
	s      *sim.Sample
	sorted map[int][]float64
}

// quantile is the smallest value of column j with at least a share p of the column at or below it.
func (qc *quantileCache) quantile(j int, p float64) float64 {
	srt, ok := qc.sorted[j]
	if !ok {
		srt = slices.Clone(qc.s.Values[j])
		sort.Float64s(srt)
		qc.sorted[j] = srt
	}
	i := int(math.Ceil(p*float64(len(srt)))) - 1
	return srt[max(0, min(len(srt)-1, i))]
}

// signed formats a difference with its sign: "+0.12", "−0.3", "0".
func signed(s string) string {
	switch {
	case s == "0" || strings.Trim(s, "0.") == "":
		return s
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	}
	return "+" + s
}

// cell formats an estimate of kind ("exceedance" as a percentage) with its SE.
func (e Estimate) cell(kind string) (value, se string) {
	if kind == "exceedance" {
		return FormatProb(e.Value, e.SE), FormatSE(100*e.SE) + "%"
	}
	return FormatValue(e.Value, e.SE), FormatSE(e.SE)
}

// diffCell formats a difference: in percentage points for an exceedance.
func (e Estimate) diffCell(kind string) (value, se string) {
	if kind == "exceedance" {
		return signed(FormatValue(100*e.Value, 100*e.SE)) + " pp", FormatSE(100*e.SE) + " pp"
	}
	return signed(FormatValue(e.Value, e.SE)), FormatSE(e.SE)
}

// compareTitle is an output's label with its unit and compared period.
func compareTitle(o *ComparedOutput) string {
	t := o.Label
	if o.Unit != "" {
		t += " (" + o.Unit + ")"
	}
	if o.Period > 0 {
		t += fmt.Sprintf(", period %d", o.Period)
	}
	return t
}

// WriteCompareTable writes the comparison as aligned text: the provenance,
// then per shared output a table with, for each statistic, a row per
// member: its value ± SE and (for every member but the base) its difference
// from the base ± the difference's Monte Carlo error; last, per member, the
// share of trials in which it exceeds the base.
func WriteCompareTable(w io.Writer, r *CompareRun, c *Comparison) error {
	ew := &firstErrWriter{w: w}
	writeCompareHeader(ew, r)
	for i := range c.Outputs {
		o := &c.Outputs[i]
		fmt.Fprintf(ew, "\n%s\n", compareTitle(o))
		tab := newTextTable()
		// Member names left-aligned: padded to one width, so that the
		// right-aligning table leaves them flush left.
		width := 0
		for _, l := range c.Labels {
			width = max(width, utf8.RuneCountInString(l))
		}
		pad := func(l string) string { return l + strings.Repeat(" ", width-utf8.RuneCountInString(l)) }
		tab.row("", pad(""), "value", "± SE", "Δ vs "+c.Labels[0], "± SE")
		for _, row := range o.Rows {
			for k, l := range c.Labels {
				stat := ""
				if k == 0 {
					stat = row.Stat
				}
				v, se := row.Values[k].cell(row.Kind)
				cells := []string{stat, pad(l), v, "± " + se, "", ""}
				if k > 0 {
					d, dse := row.Diffs[k].diffCell(row.Kind)
					if row.SEMethod == SEApprox {
						dse += "*"
					}
					cells[4], cells[5] = d, "± "+dse
				}
				tab.row(cells...)
			}
		}
		for k := 1; k < len(c.Labels); k++ {
			stat := ""
			if k == 1 {
				stat = "P(> " + c.Labels[0] + ")"
			}
			v, se := o.Above[k].cell("exceedance")
			tab.row(stat, pad(c.Labels[k]), v, "± "+se, "", "")
		}
		tab.writeTo(ew)
	}
	fmt.Fprintln(ew)
	fmt.Fprintln(ew, compareNote)
	return ew.err
}

// compareNote explains the error columns of a comparison.
const compareNote = `Common random numbers: every member draws the same random numbers for inputs of the same
name, so Δ reflects the changed assumptions, not sampling noise. Δ ± SE of the mean and of
P(> t) is the exact paired error of the per-trial difference; * marks an approximate error
(percentiles: sqrt(se1² + se0² − 2ρ·se1·se0), ρ the correlation of the two sample quantiles
estimated on the first trials). P(> base) is the share of trials in which the member exceeds
the base.`

func writeCompareHeader(w io.Writer, r *CompareRun) {
	res := r.Result
	fmt.Fprintf(w, "Comparison with common random numbers: %d trials, seed %d\n", res.Trials, res.Seed)
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for k, m := range r.Members {
		what := m.Scenario
		if m.File != "" {
			what += " (" + m.File
			if m.SourceSHA256 != "" {
				what += fmt.Sprintf(", sha256 %.12s", m.SourceSHA256)
			}
			what += ")"
		}
		if m.Variant != "" {
			what = "variant " + m.Variant
			if d := strings.Join(strings.Fields(m.Description), " "); d != "" {
				what += ": " + d
			}
		}
		if k == 0 && m.Label != "base" {
			what += " (base)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", m.Label, what)
	}
	tw.Flush()
	io.WriteString(w, buf.String())
	for _, o := range r.Overrides {
		fmt.Fprintf(w, "override (every member): %s = %s\n", o.Name, o.Dist)
	}
}

// The JSON document of a comparison.
type jsonCompare struct {
	Schema     string               `json:"schema"`
	Provenance jsonCompareProv      `json:"provenance"`
	Outputs    []jsonComparedOutput `json:"outputs"`
}

type jsonCompareProv struct {
	Members   []jsonMember   `json:"members"`
	Seed      uint64         `json:"seed"`
	Trials    int64          `json:"trials"`
	Engine    string         `json:"engine"`
	Date      string         `json:"date"`
	Overrides []jsonOverride `json:"overrides"`
	Command   string         `json:"command"`
}

type jsonMember struct {
	Label        string `json:"label"`
	Scenario     string `json:"scenario"`
	Description  string `json:"description"`
	File         string `json:"file"`
	SourceSHA256 string `json:"source_sha256"`
	Variant      string `json:"variant"`
}

type jsonComparedOutput struct {
	Name   string           `json:"name"`
	Label  string           `json:"label"`
	Unit   string           `json:"unit"`
	Period int              `json:"period,omitempty"`
	Rows   []jsonCompareRow `json:"statistics"`
	Above  []jsonEstimate   `json:"p_above_base"`
}

type jsonCompareRow struct {
	Stat     string         `json:"statistic"`
	Values   []jsonEstimate `json:"values"`
	Diffs    []jsonEstimate `json:"diffs"`
	SEMethod string         `json:"diff_se_method"`
}

type jsonEstimate struct {
	Value jsonNum `json:"value"`
	SE    jsonNum `json:"se"`
}

func jsonEstimates(es []Estimate) []jsonEstimate {
	out := make([]jsonEstimate, len(es))
	for i, e := range es {
		out[i] = jsonEstimate{jsonNum(e.Value), jsonNum(e.SE)}
	}
	return out
}

// WriteCompareJSON writes the comparison as one indented JSON object (schema
// CompareSchema) with every number at full precision; the same comparison
// always gives the same bytes.
func WriteCompareJSON(w io.Writer, r *CompareRun, c *Comparison) error {
	doc := jsonCompare{
		Schema: CompareSchema,
		Provenance: jsonCompareProv{
			Seed: r.Result.Seed, Trials: r.Result.Trials, Engine: r.Engine,
			Overrides: []jsonOverride{}, Command: r.Command,
		},
	}
	if !r.Date.IsZero() {
		doc.Provenance.Date = r.Date.UTC().Format(time.RFC3339)
	}
	for _, m := range r.Members {
		doc.Provenance.Members = append(doc.Provenance.Members, jsonMember{m.Label, m.Scenario, m.Description, m.File, m.SourceSHA256, m.Variant})
	}
	for _, o := range r.Overrides {
		doc.Provenance.Overrides = append(doc.Provenance.Overrides, jsonOverride(o))
	}
	for i := range c.Outputs {
		o := &c.Outputs[i]
		jo := jsonComparedOutput{Name: o.Name, Label: o.Label, Unit: o.Unit, Period: o.Period, Above: jsonEstimates(o.Above)}
		for _, row := range o.Rows {
			jo.Rows = append(jo.Rows, jsonCompareRow{Stat: row.Stat, Values: jsonEstimates(row.Values),
				Diffs: jsonEstimates(row.Diffs), SEMethod: row.SEMethod})
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

// CompareCSVHeader is the header of the CSV that WriteCompareCSV writes.
var CompareCSVHeader = []string{"output", "period", "member", "statistic", "value", "se", "diff", "diff_se", "diff_se_method"}

// WriteCompareCSV writes the comparison in long format, one row per
// (output, member, statistic), values at full precision. The base's diff
// columns are empty, and so is the period of a scalar output. The statistic
// "P(>base)" is the share of trials in which the member exceeds the base.
func WriteCompareCSV(w io.Writer, r *CompareRun, c *Comparison) error {
	cw := csv.NewWriter(w)
	cw.Write(CompareCSVHeader)
	for i := range c.Outputs {
		o := &c.Outputs[i]
		period := ""
		if o.Period > 0 {
			period = strconv.Itoa(o.Period)
		}
		for _, row := range o.Rows {
			stat := strings.ToLower(strings.ReplaceAll(row.Stat, " ", ""))
			if row.Kind == "exceedance" {
				stat = "P(>" + fullPrecision(row.P) + ")"
			}
			for k, l := range c.Labels {
				rec := []string{o.Name, period, l, stat, fullPrecision(row.Values[k].Value), fullPrecision(row.Values[k].SE), "", "", ""}
				if k > 0 {
					rec[6], rec[7], rec[8] = fullPrecision(row.Diffs[k].Value), fullPrecision(row.Diffs[k].SE), row.SEMethod
				}
				cw.Write(rec)
			}
		}
		for k := 1; k < len(c.Labels); k++ {
			cw.Write([]string{o.Name, period, c.Labels[k], "P(>base)", fullPrecision(o.Above[k].Value), fullPrecision(o.Above[k].SE), "", "", ""})
		}
	}
	cw.Flush()
	return cw.Error()
}
