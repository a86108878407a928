package report

import (
	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Input is a scenario input as a report lists it in its assumptions table.
type Input struct {
	Name       string
	Label      string // a readable name ("Revenue, 2024"), or ""
	Dist       string // the distribution as written, e.g. "3.5 to 4.5"
	Unit       string
	Source     string // quotation or reference supporting the distribution
	Assumption string // reasoning, when the scenario gives it
	PerPeriod  bool   // an independent draw for every period
	// Distribution is what Dist describes; the report reads its exact mean
	// and quantiles. Nil leaves those cells empty.
	Distribution distributions.Distribution
}

// inputLabel returns the label of r's input called name, or name when it
// has none.
func (r *Run) inputLabel(name string) string {
	for i := range r.Inputs {
		if r.Inputs[i].Name == name && r.Inputs[i].Label != "" {
			return r.Inputs[i].Label
		}
	}
	return name
}

// Implied returns the exact mean, P5, P50 and P95 of in's distribution, or
// false when it has none.
func (in *Input) Implied() (analysis.InputFigures, bool) {
	if in.Distribution == nil {
		return analysis.InputFigures{}, false
	}
	return analysis.Implied(in.Distribution), true
}

// levels are the levels every report shows.
var levels = analysis.DefaultLevels

// Tails returns the value at risk and expected shortfall of s at the
// reports' tail levels (analysis.DefaultLevels.Tails).
func Tails(s *sim.Stats) []analysis.Tail {
	ts := levels.TailsOf(s)
	for i := range ts {
		ts[i].VaR = quantile(s, ts[i].P)
	}
	return ts
}

// analyze computes the analysis of a run.
func analyze(r *Run) *analysis.Analysis { return analysis.Analyze(r.Result, levels) }
