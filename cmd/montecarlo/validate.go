package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check a scenario without running it and show what its inputs imply",
		ArgsUsage: "[FILE]",
		UsageText: "montecarlo validate [FILE]",
		Description: `Parses and compiles FILE (a scenario YAML file or the name of a built-in scenario; without
FILE the default scenario ` + scenario.Default + `) and prints every input with its distribution as
written and what it implies: mean, P5, P50 and P95 (exact, from the distribution, no sampling),
unit, source and assumption; then the formulas, variants and outputs. Prints "ok" and exits 0 when the
scenario is valid; prints every error as file:line:col: message and exits 2 when it is not.

Read the implied percentiles: "3.5 to 4.5" is a 90% interval, so its P5 is 3.5 and its P95 4.5.

Examples:
   montecarlo validate my.yaml
   montecarlo validate openai-2024`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usagef("validate takes at most one scenario FILE, got %d arguments", c.NArg())
			}
			l, err := loadScenario(c.Args().First())
			if err != nil {
				return err
			}
			return describe(c.App.Writer, l)
		},
	}
}

// describe writes what validate prints about l.
func describe(w io.Writer, l *loaded) error {
	ew := &errWriter{w: w}
	if l.Description != "" {
		fmt.Fprintf(ew, "%s: %s\n", l.name(), l.Description)
	} else {
		fmt.Fprintf(ew, "%s\n", l.name())
	}
	fmt.Fprintf(ew, "file %s, sha256 %.12s", l.file, report.SourceHash(l.source))
	if l.Periods > 1 {
		fmt.Fprintf(ew, ", %d periods", l.Periods)
	}
	if l.Trials > 0 {
		fmt.Fprintf(ew, ", trials %d", l.Trials)
	}
	if l.HasSeed {
		fmt.Fprintf(ew, ", seed %d", l.Seed)
	}
	fmt.Fprintln(ew)

	fmt.Fprintf(ew, "\ninputs (%d)\n", len(l.Inputs))
	tw := newAligned(ew)
	tw.row("name", "distribution", "mean", "P5", "P50", "P95", "unit")
	for _, in := range l.Inputs {
		dist := in.Dist
		if in.PerPeriod {
			dist += " (per period)"
		}
		d := in.Distribution
		cells := []string{in.Name, dist, "-", "-", "-", "-", in.Unit}
		if d != nil {
			cells[2] = report.FormatValue(d.Mean(), 0)
			cells[3] = report.FormatValue(d.Quantile(0.05), 0)
			cells[4] = report.FormatValue(d.Quantile(0.50), 0)
			cells[5] = report.FormatValue(d.Quantile(0.95), 0)
		}
		tw.row(cells...)
	}
	tw.flush()

	var notes []string
	for _, in := range l.Inputs {
		if in.Source != "" {
			notes = append(notes, fmt.Sprintf("  %s: source: %s", in.Name, oneLine(in.Source)))
		}
		if in.Assumption != "" {
			notes = append(notes, fmt.Sprintf("  %s: assumption: %s", in.Name, oneLine(in.Assumption)))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintf(ew, "\nsources and assumptions\n%s\n", strings.Join(notes, "\n"))
	}

	if len(l.Formulas) > 0 {
		fmt.Fprintf(ew, "\nformulas (%d)\n", len(l.Formulas))
		for _, f := range l.Formulas {
			fmt.Fprintf(ew, "  %s\n", formulaLine(f))
		}
	}

	if len(l.Variants) > 0 {
		fmt.Fprintf(ew, "\nvariants (%d)\n", len(l.Variants))
		for _, v := range l.Variants {
			sets := make([]string, len(v.Overrides))
			for i, o := range v.Overrides {
				sets[i] = o.Name + " = " + o.Dist
			}
			line := v.Name + ": " + strings.Join(sets, "; ")
			if v.Description != "" {
				line += " (" + oneLine(v.Description) + ")"
			}
			fmt.Fprintf(ew, "  %s\n", line)
		}
	}

	if l.Model != nil {
		fmt.Fprintf(ew, "\noutputs (%d)\n", len(l.Model.Outputs))
		tw = newAligned(ew)
		for _, o := range l.Model.Outputs {
			cells := []string{o.Name, o.Label, o.Unit}
			if len(o.Thresholds) > 0 {
				ts := make([]string, len(o.Thresholds))
				for i, t := range o.Thresholds {
					ts[i] = strconv.FormatFloat(t, 'f', -1, 64) // as the risk table writes it: 1000000, not 1e+06
				}
				cells = append(cells, "P(> "+strings.Join(ts, "), P(> ")+")")
			}
			tw.row(cells...)
		}
		tw.flush()
	}
	fmt.Fprintln(ew, "ok")
	return ew.err
}

// formulaLine is a formula as validate prints it.
func formulaLine(f scenario.Formula) string { return f.Name + " = " + oneLine(f.Expr) }

// oneLine folds a multi-line YAML text into one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// aligned is a table of left-aligned columns two spaces apart, indented by
// two spaces, with no trailing blanks.
type aligned struct {
	w   io.Writer
	buf bytes.Buffer
	tw  *tabwriter.Writer
}

func newAligned(w io.Writer) *aligned {
	a := &aligned{w: w}
	a.tw = tabwriter.NewWriter(&a.buf, 0, 0, 2, ' ', 0)
	return a
}

func (a *aligned) row(cells ...string) { fmt.Fprintf(a.tw, "  %s\t\n", strings.Join(cells, "\t")) }

func (a *aligned) flush() {
	a.tw.Flush()
	for _, line := range strings.SplitAfter(a.buf.String(), "\n") {
		if line != "" {
			io.WriteString(a.w, strings.TrimRight(line, " \n")+"\n")
		}
	}
	a.buf.Reset()
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
