package suite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Suite is a parsed suite file.
type Suite struct {
	File   string
	Name   string
	Cases  []Case
	source []byte
}

// Case is one scenario of a suite with its expected figures.
type Case struct {
	Scenario string // file (relative to the suite) or built-in name
	Variant  string
	Trials   int64  // 0: the scenario's own, else sim.DefaultConfig's
	Seed     uint64 // with HasSeed
	HasSeed  bool
	// Exact marks expectations that are exact (analytic) values, without
	// a Monte Carlo error of their own.
	Exact  bool
	Expect []Expectation
	Line   int
}

// Expectation is one expected figure.
type Expectation struct {
	Figure  string  // e.g. "loss.p95"
	Value   float64 // a probability as a fraction, even when written in %
	Percent bool    // written as a percentage
	Tol     float64 // absolute tolerance, or a number of standard errors
	TolSE   bool    // Tol counts standard errors
	// Line and Col locate the expectation's value in the file.
	Line, Col int
	text      string // the value as written
}

// Error is a suite file error with its position.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg) }

// Parse reads a suite file.
func Parse(file string, src []byte) (*Suite, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &Error{file, 1, 1, fmt.Sprintf("not valid YAML: %v", err)}
	}
	s := &Suite{File: file, source: src}
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return &Error{file, n.Line, n.Column, fmt.Sprintf(format, args...)}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{file, 1, 1, "a suite is a mapping with keys suite and cases"}
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "suite":
			s.Name = v.Value
		case "cases":
			if v.Kind != yaml.SequenceNode {
				return nil, errAt(v, "cases is a list of cases, each with a scenario and expect")
			}
			for _, c := range v.Content {
				cs, err := parseCase(c, errAt)
				if err != nil {
					return nil, err
				}
				s.Cases = append(s.Cases, cs)
			}
		default:
			return nil, errAt(k, "unknown key %q; a suite has keys suite and cases", k.Value)
		}
	}
	if len(s.Cases) == 0 {
		return nil, &Error{file, root.Line, root.Column, "the suite has no cases"}
	}
	return s, nil
}

func parseCase(n *yaml.Node, errAt func(*yaml.Node, string, ...any) error) (Case, error) {
	c := Case{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return c, errAt(n, "a case is a mapping with keys scenario, variant, trials, seed and expect")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "scenario":
			c.Scenario = v.Value
		case "variant":
			c.Variant = v.Value
		case "trials":
			t, err := scenario.ParseCount(v.Value)
			if err != nil || t < 1 {
				return c, errAt(v, "trials %q: write a positive count such as 100000 or 1M", v.Value)
			}
			c.Trials = t
		case "seed":
			seed, err := strconv.ParseUint(v.Value, 10, 64)
			if err != nil {
				return c, errAt(v, "seed %q: write an unsigned whole number", v.Value)
			}
			c.Seed, c.HasSeed = seed, true
		case "exact":
			switch v.Value {
			case "true":
				c.Exact = true
			case "false":
			default:
				return c, errAt(v, "exact is true or false")
			}
		case "expect":
			if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
				return c, errAt(v, "expect is a mapping of figures to values, e.g. loss.mean: 4.469 ± 4se")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				e, err := parseExpectation(v.Content[j], v.Content[j+1])
				if err != nil {
					return c, errAt(v.Content[j+1], "%s: %v", v.Content[j].Value, err)
				}
				c.Expect = append(c.Expect, e)
			}
		default:
			return c, errAt(k, "unknown key %q; a case has keys scenario, variant, trials, seed, exact and expect", k.Value)
		}
	}
	if c.Scenario == "" {
		return c, errAt(n, "the case names no scenario")
	}
	if len(c.Expect) == 0 {
		return c, errAt(n, "the case expects no figure")
	}
	return c, nil
}

var tolRE = regexp.MustCompile(`^\s*(\S+?)\s*(?:(?:±|\+-|\+/-)\s*(\S+?)\s*)?$`)

func parseExpectation(k, v *yaml.Node) (Expectation, error) {
	e := Expectation{Figure: k.Value, Line: v.Line, Col: v.Column, text: v.Value}
	if _, _, _, err := splitFigure(e.Figure); err != nil {
		return e, err
	}
	m := tolRE.FindStringSubmatch(v.Value)
	if m == nil || m[2] == "" {
		return e, fmt.Errorf("write the value and its tolerance, e.g. 4.469 ± 4se or 12.1%% ± 0.5%%")
	}
	val, pct, err := number(m[1])
	if err != nil {
		return e, err
	}
	e.Value, e.Percent = val, pct
	tol := m[2]
	if strings.HasSuffix(tol, "se") {
		n, err := strconv.ParseFloat(strings.TrimSuffix(tol, "se"), 64)
		if err != nil || !(n > 0) {
			return e, fmt.Errorf("tolerance %q: write a positive number of standard errors, e.g. 4se", tol)
		}
		e.Tol, e.TolSE = n, true
		return e, nil
	}
	t, _, err := number(tol)
	if err != nil || !(t >= 0) {
		return e, fmt.Errorf("tolerance %q: write a number (0.01, 0.5%%) or a count of standard errors (4se)", tol)
	}
	e.Tol = t
	return e, nil
}

// number reads a number, or a percentage as a fraction.
func number(s string) (float64, bool, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, false, fmt.Errorf("%q is not a number", s)
		}
		return v / 100, true, nil
	}
	v, err := scenario.ParseNumber(s)
	if err != nil {
		return 0, false, fmt.Errorf("%q is not a number", s)
	}
	return v, false, nil
}

var figureRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*?)(?:\[(\d+)\])?\.(mean|sd|es95|es99|p[0-9.]+|p\([<>]\s*([^)]+)\))$`)

// splitFigure returns a figure's output, period (0 for the last) and statistic.
func splitFigure(f string) (output string, period int, stat string, err error) {
	m := figureRE.FindStringSubmatch(f)
	if m == nil {
		return "", 0, "", fmt.Errorf("figure %q: write OUTPUT.STAT with STAT mean, sd, pN (p95), p(>T), p(<T) or es95/es99; OUTPUT[T].STAT for period T", f)
	}
	if m[2] != "" {
		period, _ = strconv.Atoi(m[2])
		if period < 1 {
			return "", 0, "", fmt.Errorf("figure %q: periods count from 1", f)
		}
	}
	return m[1], period, m[3], nil
}

// Figure returns a figure of a run's result with its standard error.
func Figure(r *sim.Result, figure string) (value, se float64, err error) {
	name, period, stat, err := splitFigure(figure)
	if err != nil {
		return 0, 0, err
	}
	var o *sim.OutputResult
	var names []string
	for i := range r.Outputs {
		names = append(names, r.Outputs[i].Name)
		if r.Outputs[i].Name == name {
			o = &r.Outputs[i]
		}
	}
	if o == nil {
		return 0, 0, fmt.Errorf("figure %q: the scenario has no output %q (it has %s)", figure, name, strings.Join(names, ", "))
	}
	s := o.Final()
	if period > 0 {
		if period > len(o.Periods) {
			return 0, 0, fmt.Errorf("figure %q: %s has %d period(s)", figure, name, len(o.Periods))
		}
		s = &o.Periods[period-1]
	}
	switch {
	case stat == "mean":
		return s.Mean, s.MeanSE, nil
	case stat == "sd":
		return s.StdDev, s.StdDevSE(), nil
	case stat == "es95" || stat == "es99":
		v, e := s.ExpectedShortfall(map[string]float64{"es95": 0.95, "es99": 0.99}[stat])
		return v, e, nil
	case strings.HasPrefix(stat, "p("):
		t, err := scenario.ParseNumber(strings.TrimSpace(stat[3 : len(stat)-1]))
		if err != nil {
			return 0, 0, fmt.Errorf("figure %q: threshold is not a number", figure)
		}
		e := s.Exceedance(t)
		if stat[2] == '<' {
			e = s.Under(t)
		}
		return e.Prob, e.SE, nil
	default:
		pct, err := strconv.ParseFloat(stat[1:], 64)
		if err != nil || !(pct > 0 && pct < 100) {
			return 0, 0, fmt.Errorf("figure %q: a percentile is between p0 and p100, e.g. p95", figure)
		}
		q := s.Quantile(pct / 100)
		return q.Value, q.SE, nil
	}
}

// Outcome is the check of one expectation.
type Outcome struct {
	Case        *Case
	Expectation *Expectation
	Got, GotSE  float64
	// Z is the difference in combined standard errors (for a tolerance in
	// standard errors) or relative to the tolerance (for an absolute one:
	// |Z| <= 1 passes).
	Z    float64
	Pass bool
	Err  error // the case could not run, or the figure does not exist
}

// Loader loads a case's scenario by name: a built-in, or a file relative
// to the suite's folder.
type Loader func(name string) (*scenario.Scenario, error)

// DefaultLoader loads built-ins by name and other names as files relative
// to dir.
func DefaultLoader(dir string) Loader {
	return func(name string) (*scenario.Scenario, error) {
		if s, err := scenario.Builtin(name); err == nil {
			return s, nil
		}
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return scenario.Load(name)
	}
}

// Prepare sets the run of a case's scenario up before it runs: its
// sampler (the scenario's design and correlations), say.
type Prepare func(s *scenario.Scenario, cfg *sim.Config) error

// Run runs every case and checks its expectations, with cfg's workers and
// NaN policy, drawing every input independently (cfg's sampler, nil for
// IID). A case that fails to run gives an Outcome with Err for each of its
// expectations; Run's own error is only ctx's.
func (s *Suite) Run(ctx context.Context, load Loader, cfg sim.Config) ([]Outcome, error) {
	return s.RunWith(ctx, load, cfg, nil)
}

// RunWith is Run with prepare, if not nil, called on each case's scenario
// and configuration (its trials and seed set) before it runs: the command
// line sets there the sampler the scenario's `sampling:` and
// `correlations:` call for, so that a suite checks what `run` reports.
func (s *Suite) RunWith(ctx context.Context, load Loader, cfg sim.Config, prepare Prepare) ([]Outcome, error) {
	var out []Outcome
	for i := range s.Cases {
		c := &s.Cases[i]
		res, err := c.run(ctx, load, cfg, prepare)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return out, ctxErr
		}
		for j := range c.Expect {
			e := &c.Expect[j]
			o := Outcome{Case: c, Expectation: e, Err: err}
			if err == nil {
				o.Got, o.GotSE, o.Err = Figure(res, e.Figure)
			}
			if o.Err == nil {
				o.Z, o.Pass = judge(e, o.Got, o.GotSE, c.Exact)
			}
			out = append(out, o)
		}
	}
	return out, nil
}

// judge returns the z of got against e and whether it passes.
func judge(e *Expectation, got, se float64, exact bool) (float64, bool) {
	d := got - e.Value
	if e.TolSE {
		combined := math.Sqrt2 * se // the expectation's error is the run's (see package doc)
		if exact {
			combined = se
		}
		if combined == 0 {
			return 0, d == 0
		}
		z := d / combined
		return z, math.Abs(z) <= e.Tol
	}
	if e.Tol == 0 {
		return 0, d == 0
	}
	z := d / e.Tol
	return z, math.Abs(z) <= 1
}

func (c *Case) run(ctx context.Context, load Loader, cfg sim.Config, prepare Prepare) (*sim.Result, error) {
	sc, err := load(c.Scenario)
	if err != nil {
		return nil, err
	}
	if c.Variant != "" {
		if sc, err = sc.Variant(c.Variant); err != nil {
			return nil, err
		}
	}
	cfg = sc.Config(cfg)
	if c.Trials > 0 {
		cfg.Trials = c.Trials
	}
	if c.HasSeed {
		cfg.Seed = c.Seed
	}
	if prepare != nil {
		if err := prepare(sc, &cfg); err != nil {
			return nil, err
		}
	}
	return sim.Run(ctx, sc.Model, cfg)
}

// Failed reports whether any outcome failed or could not be checked.
func Failed(out []Outcome) bool {
	for _, o := range out {
		if o.Err != nil || !o.Pass {
			return true
		}
	}
	return false
}

// Update returns the suite's source with every expectation's value
// replaced by the figure of outs (tolerances kept), written with enough
// digits that rounding moves it by less than a tenth of its error.
func (s *Suite) Update(outs []Outcome) ([]byte, error) {
	lines := bytes.SplitAfter(s.source, []byte("\n"))
	for _, o := range outs {
		if o.Err != nil {
			return nil, o.Err
		}
		e := o.Expectation
		line := string(lines[e.Line-1])
		col := byteCol(line, e.Col)
		rest := line[col:]
		old := strings.Fields(strings.ReplaceAll(e.text, "±", " ± "))[0]
		i := strings.Index(rest, old)
		if i < 0 {
			return nil, &Error{s.File, e.Line, e.Col, "cannot find the value to update"}
		}
		v := formatValue(o.Got, o.GotSE, e.Percent)
		lines[e.Line-1] = []byte(line[:col] + rest[:i] + v + rest[i+len(old):])
	}
	return bytes.Join(lines, nil), nil
}

// byteCol converts a 1-based column in runes to a byte offset.
func byteCol(line string, col int) int {
	n := 0
	for i := range line {
		if n == col-1 {
			return i
		}
		n++
	}
	return len(line)
}

// formatValue writes v with digits down to a tenth of se.
func formatValue(v, se float64, percent bool) string {
	scale := 1.0
	suffix := ""
	if percent {
		scale, suffix = 100, "%"
	}
	v, se = v*scale, se*scale
	digits := 6
	if se > 0 && v != 0 {
		digits = max(1, int(math.Ceil(math.Log10(math.Abs(v)/(se/10))))+1)
	}
	return strconv.FormatFloat(v, 'g', min(digits, 17), 64) + suffix
}

// ErrFailed is returned by callers (the check command) when a suite fails.
var ErrFailed = errors.New("suite: some expectations failed")
