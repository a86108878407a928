package report

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/numfmt"
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

	// Correlations are the rank correlations the members share (their
	// union), with what the joint run used and achieved; Warnings what
	// the run found a reader should know.
	Correlations      []CorrelationRow
	CorrelationMethod string
	Warnings          []string
	// Grid, for a sweep, names its axes and their values: member k is
	// the k-th point in row-major order (the last axis fastest).
	Grid []GridAxis

	Overrides []Override // --set overrides applied to every member
	Sampling  string     // the sampling design when not random sampling ("lhs", "sobol")
	Engine    string
	Date      time.Time
	Command   string // the command line that re-creates the comparison
}

// GridAxis is one input a sweep varies, and its values in order.
type GridAxis struct {
	Name   string
	Values []string
}

// CompareMember is one compared scenario or variant.
type CompareMember struct {
	// Point is the member's inputs when it is a point of a sweep
	// ("revenue=3 to 4, a100_price=1.2"), else "".
	Point        string
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

// Comparison and its parts are analysis's (see analysis.Compare).
type (
	Estimate       = analysis.Estimate
	Comparison     = analysis.Comparison
	ComparedOutput = analysis.ComparedOutput
	CompareRow     = analysis.CompareRow
)

// SE methods of a difference (analysis.SEPaired, analysis.SEApprox).
const (
	SEPaired = analysis.SEPaired
	SEApprox = analysis.SEApprox
)

// Compare computes the comparison of r's members (analysis.Compare).
func Compare(r *CompareRun) (*Comparison, error) {
	if r.Result == nil {
		return nil, errNoResult
	}
	if len(r.Members) < 2 || r.Joint == nil || len(r.Joint.Labels) != len(r.Members) {
		return nil, errors.New("report: a comparison needs at least two members and index tables for each")
	}
	return analysis.Compare(r.Result, r.Joint)
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
func cell(e Estimate, kind string) (value, se string) {
	if kind == "exceedance" {
		return numfmt.Percent(e.Value, e.SE), numfmt.SE(100*e.SE) + "%"
	}
	return numfmt.Table(e.Value, e.SE), numfmt.TableSE(e.SE)
}

// diffCell formats a difference: in percentage points for an exceedance.
func diffCell(e Estimate, kind string) (value, se string) {
	if kind == "exceedance" {
		return signed(numfmt.Value(100*e.Value, 100*e.SE)) + " pp", numfmt.SE(100*e.SE) + " pp"
	}
	return signed(numfmt.Table(e.Value, e.SE)), numfmt.TableSE(e.SE)
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
		pad := func(l string) string { return padRight(l, width) }
		tab.row("", pad(""), "value", "± SE", "Δ vs "+c.Labels[0], "± SE")
		for _, row := range o.Rows {
			for k, l := range c.Labels {
				stat := ""
				if k == 0 {
					stat = row.Stat
				}
				v, se := cell(row.Values[k], row.Kind)
				cells := []string{stat, pad(l), v, "± " + se, "", ""}
				if k > 0 {
					d, dse := diffCell(row.Diffs[k], row.Kind)
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
			v, se := cell(o.Above[k], "exceedance")
			tab.row(stat, pad(c.Labels[k]), v, "± "+se, "", "")
		}
		tab.writeTo(ew)
		writeGrid(ew, r, o)
	}
	writeCorrelations(ew, &Run{Result: r.Result, Correlations: r.Correlations, CorrelationMethod: r.CorrelationMethod, Warnings: r.Warnings})
	fmt.Fprintln(ew)
	fmt.Fprintln(ew, compareNote)
	return ew.err
}

// writeGrid writes, for a sweep of two inputs, the mean and each P(> t)
// of output o as a table over the grid: the first input's values down,
// the second's across.
func writeGrid(w io.Writer, r *CompareRun, o *ComparedOutput) {
	if len(r.Grid) != 2 {
		return
	}
	a, b := r.Grid[0], r.Grid[1]
	if len(a.Values)*len(b.Values) != len(r.Members) {
		return
	}
	for _, row := range o.Rows {
		if row.Kind != "mean" && row.Kind != "exceedance" {
			continue
		}
		fmt.Fprintf(w, "\n  %s across the grid (%s down, %s across)\n", row.Stat, a.Name, b.Name)
		tab := newTextTable()
		tab.row(append([]string{""}, b.Values...)...)
		for i, av := range a.Values {
			cells := []string{av}
			for j := range b.Values {
				v, _ := cell(row.Values[i*len(b.Values)+j], row.Kind)
				cells = append(cells, v)
			}
			tab.row(cells...)
		}
		tab.writeTo(w)
	}
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
	fmt.Fprintf(w, "Comparison with common random numbers: %s trials, seed %d\n", numfmt.Count(res.Trials), res.Seed)
	if note := DesignNote(&Run{Result: res, Sampling: r.Sampling}); note != "" {
		fmt.Fprintln(w, note)
	}
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
		} else if m.Point != "" {
			what = m.Point
			if k == 0 {
				what += ", of " + m.Scenario
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
	Schema       string               `json:"schema"`
	Provenance   jsonCompareProv      `json:"provenance"`
	Outputs      []jsonComparedOutput `json:"outputs"`
	Correlations *jsonCorrelations    `json:"correlations,omitempty"`
	Warnings     []string             `json:"warnings,omitempty"`
}

type jsonCompareProv struct {
	Members   []jsonMember   `json:"members"`
	Seed      uint64         `json:"seed"`
	Trials    int64          `json:"trials"`
	Engine    string         `json:"engine"`
	Date      string         `json:"date"`
	Overrides []jsonOverride `json:"overrides"`
	Command   string         `json:"command"`
	Sampling  string         `json:"sampling,omitempty"`
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
			Overrides: []jsonOverride{}, Command: r.Command, Sampling: r.Sampling,
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
	doc.Warnings = r.Warnings
	doc.Correlations = correlationsJSON(r.Correlations, r.CorrelationMethod)
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
