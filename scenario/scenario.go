package scenario

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Scenario is a parsed and compiled scenario file.
type Scenario struct {
	File        string // file name used in error messages
	Source      []byte // the file's text
	Name        string
	Description string
	Unit        string // unit of the outputs unless they name their own
	Seed        uint64 // master seed, if HasSeed
	HasSeed     bool
	Trials      int64 // number of trials; 0 = unset
	Periods     int   // number of periods; 1 for a scalar scenario
	// PeriodNames name the periods ("2025-01", "Q1"), or are nil when
	// the file gives only their count.
	PeriodNames []string
	// Sampling is the sampling design the file names ("random", "lhs",
	// "sobol"), or "" for the default, random.
	Sampling string
	Inputs   []Input
	// Correlations are the rank correlations between inputs, in file
	// order (a variant's replace the base's pairs of the same inputs).
	Correlations []Correlation
	// Method is how the correlations are induced; the zero value means
	// ImanConover.
	Method   Method
	Formulas []Formula // in file order
	Outputs  []OutputSpec
	Variants []Variant
	// Overrides lists the input replacements applied so far by With and
	// Variant, in order, for provenance.
	Overrides []Override
	// AppliedVariants names the variants applied so far by Variant.
	AppliedVariants []string
	// Model is the compiled model, ready to run.
	Model *model.Model

	asts []*node             // parsed formulas, parallel to Formulas (nil if unparsable)
	fpos []func(off int) pos // maps a byte offset of a formula's text to its position
	// rejected holds names whose definition was reported as an error, so
	// that their uses are not reported again.
	rejected map[string]bool
}

// Input is one uncertain input of a scenario.
type Input struct {
	Name       string
	Dist       string // the distribution as written, e.g. "3.5 to 4.5"
	Unit       string
	Label      string
	Source     string // quotation or reference supporting the distribution
	Assumption string // reasoning, when there is no source
	PerPeriod  bool   // an independent draw for every period
	// Parametric marks a distribution whose parameters name inputs or
	// formulas (poisson(rate)): drawn trial by trial, it compiles to a
	// formula (Formula.Param) of the input's own uniform draw, and has no
	// Distribution.
	Parametric bool
	Line, Col  int // position of the input's name
	// Distribution is the distribution Dist describes.
	Distribution distributions.Distribution
}

// Formula is a named expression over inputs and other formulas.
type Formula struct {
	Name string
	Expr string
	// Param marks the formula of an input with parameters that vary by
	// trial (Input.Parametric): the file does not write it.
	Param     bool
	Line, Col int // position of the formula's name
}

// OutputSpec is an output as the file declares it.
type OutputSpec struct {
	Name       string
	Label      string    // "" means Name
	Unit       string    // "" means the scenario's unit
	Thresholds []float64 // report P(output > t)
	Below      []float64 // report P(output < t)
	// Percentiles are extra percentile levels (0.8 for P80), the file's
	// top-level ones and then the output's.
	Percentiles []float64
	Line, Col   int
}

// Variant is a named set of input replacements ("what if").
type Variant struct {
	Name        string
	Description string
	Overrides   []Override
	// Correlations replace the base's pairs of the same inputs, or add
	// pairs.
	Correlations []Correlation
	Line, Col    int
}

// Override replaces the distribution of input Name with the text Dist.
type Override struct {
	Name string
	Dist string
}

// Load reads and parses the scenario file at path; errors name the path as given.
func Load(path string) (*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse parses and compiles a scenario. file names the source in error
// messages. On failure the error is an ErrorList of every problem found,
// sorted by position.
func Parse(file string, src []byte) (*Scenario, error) {
	e := &errs{file: file}
	s := parseYAML(e, file, src)
	if s != nil {
		s.Model = s.compile(e)
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// With returns a copy of s whose inputs named in overrides take the given
// distributions, recompiled. s is unchanged. Errors name the override
// ("--set revenue: ...").
func (s *Scenario) With(overrides ...Override) (*Scenario, error) {
	ns := *s
	ns.Inputs = append([]Input(nil), s.Inputs...)
	ns.Formulas = append([]Formula(nil), s.Formulas...)
	ns.asts = append([]*node(nil), s.asts...)
	ns.fpos = append([]func(int) pos(nil), s.fpos...)
	var list ErrorList
	for _, o := range overrides {
		e := &errs{file: "--set " + o.Name}
		i := s.inputIndex(o.Name)
		if i < 0 {
			if s.formulaIndex(o.Name) >= 0 {
				e.add(0, 0, "%q is a formula; only inputs can be replaced", o.Name)
			} else {
				e.add(0, 0, "unknown input %q%s", o.Name, didYouMean(o.Name, s.inputNames()))
			}
		} else if ast, msg, _ := parametric(o.Dist, drawRef(o.Name)); msg != "" {
			e.add(0, 0, "%s", msg)
		} else if ast != nil {
			// Parameters that vary by trial: the input becomes the formula
			// of its own uniform draw, as in a file.
			known := append(s.inputNames(), s.formulaNames()...)
			for _, name := range refNames(ast, nil) {
				if name != drawRef(o.Name) && !slices.Contains(known, name) {
					e.add(0, 0, "unknown name %q in %s%s", name, o.Dist, didYouMean(name, known))
				}
			}
			ns.dropParam(o.Name)
			ns.Inputs[i].Dist, ns.Inputs[i].Distribution, ns.Inputs[i].Parametric = o.Dist, nil, true
			in := ns.Inputs[i]
			ns.Formulas = append(ns.Formulas, Formula{Name: in.Name, Expr: o.Dist, Line: in.Line, Col: in.Col, Param: true})
			ns.asts = append(ns.asts, ast)
			ns.fpos = append(ns.fpos, func(int) pos { return pos{} })
		} else if d := buildText(e, o.Dist, func(int) pos { return pos{} }); d != nil {
			ns.dropParam(o.Name)
			ns.Inputs[i].Dist = o.Dist
			ns.Inputs[i].Distribution = d
			ns.Inputs[i].Parametric = false
		}
		list = append(list, e.list...)
	}
	if len(list) > 0 {
		return nil, list
	}
	ns.Overrides = append(append([]Override(nil), s.Overrides...), overrides...)
	e := &errs{file: s.File}
	ns.Model = ns.compile(e)
	if err := e.err(); err != nil {
		return nil, err
	}
	return &ns, nil
}

// refNames appends the names n refers to (inputs, formulas, draws) to
// names, each once.
func refNames(n *node, names []string) []string {
	if n == nil {
		return names
	}
	if n.kind == nRef && n.op != "inf" && !slices.Contains(names, n.op) {
		names = append(names, n.op)
	}
	for _, a := range n.args {
		names = refNames(a, names)
	}
	return names
}

// dropParam removes the formula of input name's parameters drawn per
// trial, if it has one (a replacement takes its place).
func (s *Scenario) dropParam(name string) {
	for k := len(s.Formulas) - 1; k >= 0; k-- {
		if s.Formulas[k].Param && s.Formulas[k].Name == name {
			s.Formulas = slices.Delete(s.Formulas, k, k+1)
			s.asts = slices.Delete(s.asts, k, k+1)
			s.fpos = slices.Delete(s.fpos, k, k+1)
		}
	}
}

// Variant returns a copy of s with the named variant's overrides applied.
func (s *Scenario) Variant(name string) (*Scenario, error) {
	var names []string
	for _, v := range s.Variants {
		if v.Name == name {
			ns, err := s.With(v.Overrides...)
			if err != nil {
				return nil, err
			}
			ns.AppliedVariants = append(append([]string(nil), s.AppliedVariants...), name)
			ns.Correlations = mergeCorrelations(s.Correlations, v.Correlations)
			return ns, nil
		}
		names = append(names, v.Name)
	}
	if len(names) == 0 {
		return nil, &Error{File: s.File, Msg: fmt.Sprintf("unknown variant %q: the scenario has no variants", name)}
	}
	return nil, &Error{File: s.File, Msg: fmt.Sprintf("unknown variant %q%s (variants: %s)",
		name, didYouMean(name, names), strings.Join(names, ", "))}
}

// Config returns base with the scenario's trials and seed, where the file sets them.
func (s *Scenario) Config(base sim.Config) sim.Config {
	if s.Trials > 0 {
		base.Trials = s.Trials
	}
	if s.HasSeed {
		base.Seed = s.Seed
	}
	return base
}

// InputIndex returns the position of the input called name in Inputs, or
// -1 if there is none.
func (s *Scenario) InputIndex(name string) int { return s.inputIndex(name) }

func (s *Scenario) inputIndex(name string) int {
	for i, in := range s.Inputs {
		if in.Name == name {
			return i
		}
	}
	return -1
}

func (s *Scenario) formulaIndex(name string) int {
	for i, f := range s.Formulas {
		if f.Name == name {
			return i
		}
	}
	return -1
}

func (s *Scenario) inputNames() []string {
	names := make([]string, len(s.Inputs))
	for i, in := range s.Inputs {
		names[i] = in.Name
	}
	return names
}

// formulaNames returns the names of the formulas written in the file
// (not those of parameters drawn per trial).
func (s *Scenario) formulaNames() []string {
	var names []string
	for _, f := range s.Formulas {
		if !f.Param {
			names = append(names, f.Name)
		}
	}
	return names
}

// buildText parses and builds a distribution, reporting errors at the
// positions at maps offsets to.
func buildText(e *errs, text string, at func(off int) pos) distributions.Distribution {
	d, err := parseDist(text)
	if err == nil {
		var dist distributions.Distribution
		if dist, err = buildDist(d); err == nil {
			return dist
		}
	}
	off := 0
	if se, ok := err.(*syntaxError); ok {
		off = se.off
	}
	e.addAt(at(off), "%s", err.Error())
	return nil
}
