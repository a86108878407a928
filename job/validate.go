package job

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/sampling"
	"github.com/montecarlo-risk/montecarlo/scenario"
)

// Validate loads the scenario named by arg (see Load) and writes on w what
// montecarlo validate prints: every input with what its distribution
// implies, the formulas, variants and outputs, then "ok". A scenario that
// does not load is returned as Load's error, and nothing is written.
func Validate(w io.Writer, arg string) error {
	l, err := Load(arg)
	if err != nil {
		return err
	}
	return Describe(w, l)
}

// Scenarios writes on w the built-in scenarios, one a line with the first
// sentence of its description, the default marked.
func Scenarios(w io.Writer) error {
	ew := &errWriter{w: w}
	tw := newAligned(ew)
	for _, name := range scenario.Builtins() {
		s, err := scenario.Builtin(name)
		if err != nil {
			return fmt.Errorf("built-in scenario %s: %w", name, err)
		}
		desc := firstSentence(oneLine(s.Description))
		if name == scenario.Default {
			desc += " (default)"
		}
		tw.row(name, desc)
	}
	tw.flush()
	return ew.err
}

// ShowScenario writes on w the YAML source of the built-in scenario name;
// an unknown name is a UsageError.
func ShowScenario(w io.Writer, name string) error {
	if !slices.Contains(scenario.Builtins(), name) {
		return Usagef("no built-in scenario %q (built-in: %s)", name, strings.Join(scenario.Builtins(), ", "))
	}
	src, err := scenario.BuiltinSource(name)
	if err != nil {
		return err
	}
	_, err = w.Write(src)
	return err
}

// firstSentence returns s up to the end of its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// Describe writes on w what validate prints about l.
func Describe(w io.Writer, l *Loaded) error {
	ew := &errWriter{w: w}
	if l.Description != "" {
		fmt.Fprintf(ew, "%s: %s\n", l.DisplayName(), l.Description)
	} else {
		fmt.Fprintf(ew, "%s\n", l.DisplayName())
	}
	fmt.Fprintf(ew, "file %s, sha256 %.12s", l.File, report.SourceHash(l.Text))
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
		if in.Parametric {
			dist += " (parameters drawn per trial)"
		}
		d := in.Distribution
		cells := []string{in.Name, dist, "-", "-", "-", "-", in.Unit}
		if d != nil {
			cells[2] = numfmt.Table(d.Mean(), 0)
			cells[3] = numfmt.Table(d.Quantile(0.05), 0)
			cells[4] = numfmt.Table(d.Quantile(0.50), 0)
			cells[5] = numfmt.Table(d.Quantile(0.95), 0)
		}
		tw.row(cells...)
	}
	tw.flush()

	var notes []string
	for _, in := range l.Inputs {
		if in.Label != "" {
			notes = append(notes, fmt.Sprintf("  %s: label: %s", in.Name, oneLine(in.Label)))
		}
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

	if l.Sampling != "" {
		fmt.Fprintf(ew, "\nsampling: %s\n", l.Sampling)
	}
	if err := describeCorrelations(ew, l.Scenario); err != nil {
		return err
	}

	var written []scenario.Formula // the file's own, not those of inputs with parameters that vary by trial
	for _, f := range l.Formulas {
		if !f.Param {
			written = append(written, f)
		}
	}
	if len(written) > 0 {
		fmt.Fprintf(ew, "\nformulas (%d)\n", len(written))
		for _, f := range written {
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
					ts[i] = numfmt.Threshold(t) // as the risk table writes it: 1,000,000, not 1e+06
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

// describeCorrelations writes the scenario's correlation matrix, and the
// nearest valid matrix the run uses instead when it is not one.
func describeCorrelations(w io.Writer, s *scenario.Scenario) error {
	c, err := correlations(s)
	if err != nil || c == nil {
		return err
	}
	pairs := fmt.Sprintf("%d pairs", len(c.pairs))
	if len(c.pairs) == 1 {
		pairs = "1 pair"
	}
	fmt.Fprintf(w, "\nrank correlations (%s, %s)\n", c.method, pairs)
	writeMatrix(w, c.requested)
	for _, p := range c.pairs {
		if p.Source != "" {
			fmt.Fprintf(w, "  %s, %s: source: %s\n", p.A, p.B, oneLine(p.Source))
		}
		if p.Assumption != "" {
			fmt.Fprintf(w, "  %s, %s: assumption: %s\n", p.A, p.B, oneLine(p.Assumption))
		}
	}
	if c.change > 0 {
		fmt.Fprintf(w, "not a valid correlation matrix: %s\n", strings.TrimSuffix(strings.TrimPrefix(c.requested.Validate().Error(), "correlation: "), "; Repair gives the nearest matrix that is valid"))
		fmt.Fprintf(w, "\nthe run uses the nearest valid matrix instead (Higham 2002; largest change %.3f)\n", c.change)
		writeMatrix(w, c.used)
	}
	return nil
}

// writeMatrix writes a correlation matrix with its names.
func writeMatrix(w io.Writer, c sampling.Correlation) {
	tw := newAligned(w)
	tw.row(append([]string{""}, c.Names...)...)
	for i, row := range c.Matrix {
		cells := []string{c.Names[i]}
		for _, x := range row {
			cells = append(cells, strconv.FormatFloat(x, 'f', 3, 64))
		}
		tw.row(cells...)
	}
	tw.flush()
}

// ValidateAll validates every scenario of args (folders expand to their
// *.yaml), each under a "== name ==" line, and returns a UsageError
// naming those that failed after checking the rest; each failure's
// errors are written to errw as they come.
func ValidateAll(w, errw io.Writer, args []string) error {
	names, err := Expand(args)
	if err != nil {
		return err
	}
	var failed []string
	for _, name := range names {
		fmt.Fprintf(w, "== %s ==\n", name)
		if err := Validate(w, name); err != nil {
			fmt.Fprintln(errw, err)
			failed = append(failed, name)
		}
	}
	if len(failed) > 0 {
		return Usagef("%d of %d scenarios are invalid: %s", len(failed), len(names), strings.Join(failed, ", "))
	}
	return nil
}
