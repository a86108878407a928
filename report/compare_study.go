package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/montecarlo-risk/montecarlo/numfmt"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/plots"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// A comparison report carries, for every member, what a run report shows
// of it: the value at risk and expected shortfall of every shared output,
// its drivers table and tornado chart, and the assumptions table. Each
// member is viewed as a run of its own (memberView), so the figures are
// those its own run reports.

// cellTable is a titled table of formatted cells.
type cellTable struct {
	Title string
	Head  []string
	Rows  [][]string
}

// memberView returns member k of r as a run's result: its shared outputs
// under their own names, and the joint sample's inputs with its output
// columns.
func memberView(r *CompareRun, k int) *sim.Result {
	res, j := r.Result, r.Joint
	v := &sim.Result{Trials: res.Trials, Seed: res.Seed, Periods: res.Periods}
	s := &res.Sample
	v.Sample = sim.Sample{Inputs: s.Inputs, Names: append([]string(nil), s.Names[:s.Inputs]...),
		Values: append([][]float64(nil), s.Values[:s.Inputs]...), PeriodMeans: s.PeriodMeans}
	for jj, name := range j.Shared {
		idx := j.Output(k, jj)
		o := res.Outputs[idx]
		o.Name = name
		v.Outputs = append(v.Outputs, o)
		if col := s.Inputs + idx; col < len(s.Values) {
			v.Sample.Names = append(v.Sample.Names, name)
			v.Sample.Values = append(v.Sample.Values, s.Values[col])
		}
	}
	return v
}

// studyExtras computes, for every shared output, its risk-measure and
// drivers tables by member, and the tornado charts; and the assumptions
// table of every member.
func studyExtras(r *CompareRun, c *Comparison, format, footer string) (perOutput [][]cellTable, assumptions *cellTable, figs []compareFigure, err error) {
	perOutput = make([][]cellTable, len(c.Outputs))
	views := make([]*analysis.Analysis, len(c.Labels))
	results := make([]*sim.Result, len(c.Labels))
	for k := range c.Labels {
		results[k] = memberView(r, k)
		views[k] = analysis.Analyze(results[k], levels)
	}
	for i := range c.Outputs {
		o := &c.Outputs[i]
		risk := cellTable{Title: "Value at risk and expected shortfall by member", Head: []string{"member"}}
		for _, p := range levels.Tails {
			l := levelName(p) + "%"
			risk.Head = append(risk.Head, "VaR "+l, "ES "+l)
		}
		for k, label := range c.Labels {
			row := []string{label}
			for _, t := range Tails(o.Stats[k]) {
				row = append(row, numfmt.Table(t.VaR.Value, t.VaR.SE)+" ± "+numfmt.TableSE(t.VaR.SE), numfmt.Table(t.ES, t.SE)+" ± "+numfmt.TableSE(t.SE))
			}
			risk.Rows = append(risk.Rows, row)
		}
		perOutput[i] = append(perOutput[i], risk)
		drivers := cellTable{Title: "Drivers by member (top " + fmt.Sprint(maxCompareDrivers) + ")", Head: []string{"member", "input", "rank correlation", "share of variance", "median swing"}}
		for k, label := range c.Labels {
			a := views[k]
			ds := a.Drivers[i]
			for _, d := range ds[:min(len(ds), maxCompareDrivers)] {
				drivers.Rows = append(drivers.Rows, []string{label, d.Input, numfmt.Value(d.Spearman, analysis.SpearmanSE(d.Spearman, a.SampleN)),
					numfmt.Percent(d.VarianceShare, 0.001), signed(numfmt.Table(d.Swing, analysis.MedianSE(o.Stats[k].StdDev, a.SampleN/10)))})
			}
			if len(ds) == 0 || math.IsNaN(a.Bases[i]) {
				continue
			}
			bars := make([]plots.Bar, 0, min(len(ds), maxTornadoBars))
			for _, d := range ds[:min(len(ds), maxTornadoBars)] {
				bars = append(bars, plots.Bar{Name: d.Input, Low: d.Low, High: d.High})
			}
			ch, terr := plots.Tornado(plots.TornadoSpec{
				Title:  "What drives " + lowerFirst(o.Label) + " (" + label + ")",
				XLabel: "Median " + lowerFirst(compareTitle(o)),
				Unit:   o.Unit,
				Base:   a.Bases[i],
				Bars:   bars,
			})
			if terr != nil {
				return nil, nil, nil, fmt.Errorf("report: output %q of %s: tornado chart: %w", o.Name, label, terr)
			}
			ch.Footer = footer
			figs = append(figs, compareFigure{fileStem(o.Name) + "-tornado-" + fileStem(label) + "." + format,
				"Tornado chart of the drivers of " + o.Label + " in " + label,
				fmt.Sprintf("Tornado chart (%s): the median of %s when each input is in its bottom 10%% or top 10%% of the first %s trials, against the overall median.",
					label, lowerFirst(o.Label), numfmt.Count(int64(a.SampleN))), ch})
		}
		if len(drivers.Rows) > 0 {
			perOutput[i] = append(perOutput[i], drivers)
		}
	}
	if len(r.Members) > 0 && len(r.Members[0].Inputs) > 0 {
		assumptions = &cellTable{Title: "Assumptions", Head: []string{"input"}}
		for _, m := range r.Members {
			assumptions.Head = append(assumptions.Head, m.Label)
		}
		seen := map[string]bool{}
		var names []string
		for _, m := range r.Members {
			for _, in := range m.Inputs {
				if !seen[in.Name] {
					seen[in.Name] = true
					names = append(names, in.Name)
				}
			}
		}
		for _, name := range names {
			row := []string{name}
			for _, m := range r.Members {
				cell := "—"
				for _, in := range m.Inputs {
					if in.Name == name {
						cell = in.Dist
						if f, ok := in.Implied(); ok {
							cell += fmt.Sprintf(" (mean %s, P5–P95 %s to %s)", numfmt.Table(f.Mean, 0), numfmt.Table(f.P5, 0), numfmt.Table(f.P95, 0))
						}
					}
				}
				row = append(row, cell)
			}
			assumptions.Rows = append(assumptions.Rows, row)
		}
	}
	return perOutput, assumptions, figs, nil
}

// maxCompareDrivers is the number of drivers listed per member.
const maxCompareDrivers = 5

// markdown renders the table.
func (t *cellTable) markdown() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "\n**%s**\n\n|", mdEscape.Replace(t.Title))
	for _, h := range t.Head {
		fmt.Fprintf(&b, " %s |", mdEscape.Replace(h))
	}
	b.WriteString("\n|" + strings.Repeat("---|", len(t.Head)) + "\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for _, c := range r {
			fmt.Fprintf(&b, " %s |", mdEscape.Replace(c))
		}
		b.WriteString("\n")
	}
	return b.String()
}
