package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/montecarlo-risk/montecarlo/sampling"
)

// Correlation is one pair of the `correlations:` section: the Spearman
// rank correlation Rho between inputs A and B.
type Correlation struct {
	A, B string
	Rho  float64
	// Source and Assumption support the coefficient, as an input's do.
	Source, Assumption string
	Line, Col          int // position of the pair's key
}

// correlationKeys are the keys of a pair written as a mapping.
var correlationKeys = []string{"rho", "source", "assumption"}

// Correlation methods a scenario may name in `correlation_method:`.
const (
	ImanConover = "iman-conover" // the default: rank reordering, keeps the sampling design
	Gaussian    = "gaussian"     // Gaussian copula
	StudentT    = "t"            // Student-t copula, written t(ν)
)

// Method is a parsed `correlation_method:`.
type Method struct {
	Name string  // ImanConover, Gaussian or StudentT
	Nu   float64 // degrees of freedom of StudentT
}

// String returns the method as a scenario writes it.
func (m Method) String() string {
	if m.Name == StudentT {
		return "t(" + strconv.FormatFloat(m.Nu, 'g', -1, 64) + ")"
	}
	return m.Name
}

// parseMethod reads "iman-conover", "gaussian" or "t(ν)".
func parseMethod(text string) (Method, error) {
	t := strings.ToLower(strings.Join(strings.Fields(text), ""))
	switch t {
	case "", ImanConover, "imanconover", "iman_conover":
		return Method{Name: ImanConover}, nil
	case Gaussian, "normal":
		return Method{Name: Gaussian}, nil
	}
	for _, prefix := range []string{"t(", "student-t(", "studentt(", "student_t("} {
		if inner, ok := strings.CutPrefix(t, prefix); ok {
			inner, ok = strings.CutSuffix(inner, ")")
			nu, err := ParseNumber(inner)
			if !ok || err != nil || !(nu > 0) {
				return Method{}, fmt.Errorf("the t copula takes its degrees of freedom, a number above 0, as in t(4); got %q", text)
			}
			return Method{Name: StudentT, Nu: nu}, nil
		}
	}
	return Method{}, fmt.Errorf("unknown correlation method %q: write iman-conover (the default, rank reordering that keeps every marginal and the sampling design), gaussian, or t(4) (a Student-t copula with 4 degrees of freedom: joint extremes)", text)
}

// Sampling designs a scenario may name in `sampling:`.
var samplingDesigns = sampling.Designs

// correlations parses a `correlations:` mapping of "a, b: rho" pairs
// (under a variant, where says which). Every error is at the name or
// number it concerns.
func (p *fileParser) correlations(s *Scenario, n *yaml.Node, where string) []Correlation {
	const example = "    correlations:\n      revenue, a100_price: 0.6"
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	var out []Correlation
	seen := map[[2]string]int{}
	for _, kv := range p.mapping(n, where, example, nil, "pair of inputs") {
		k, v := kv[0], kv[1]
		at := p.at(k)
		parts := strings.Split(k.Value, ",")
		if len(parts) != 2 {
			p.e.add(k.Line, k.Column, "%s: %q is not a pair of inputs; write the two input names separated by a comma, e.g. `revenue, a100_price: 0.6`", where, k.Value)
			continue
		}
		c := Correlation{Line: k.Line, Col: k.Column}
		ok := true
		off := 0
		for i, part := range parts {
			name := strings.TrimSpace(part)
			lead := len(part) - len(strings.TrimLeft(part, " \t"))
			ps := at(off + lead)
			off += len(part) + 1
			if i == 0 {
				c.A = name
			} else {
				c.B = name
			}
			if !p.correlatedInput(s, name, ps, where) {
				ok = false
			}
		}
		if ok && c.A == c.B {
			p.e.add(k.Line, k.Column, "%s: %q is paired with itself; a correlation links two different inputs", where, c.A)
			ok = false
		}
		if !ok {
			continue
		}
		key := [2]string{min(c.A, c.B), max(c.A, c.B)}
		if line, dup := seen[key]; dup {
			p.e.add(k.Line, k.Column, "%s: the pair %s, %s is given twice (first at line %d); keep one", where, c.A, c.B, line)
			continue
		}
		seen[key] = k.Line
		if v.Kind == yaml.MappingNode {
			rv := (*yaml.Node)(nil)
			for _, f := range p.pairs(v, correlationKeys, "correlation key") {
				switch f[0].Value {
				case "rho":
					rv = f[1]
				case "source":
					c.Source = p.text(f[1], "source")
				case "assumption":
					c.Assumption = p.text(f[1], "assumption")
				}
			}
			if rv == nil {
				p.e.add(v.Line, v.Column, "%s: %s, %s has no `rho`; write the coefficient as `rho: 0.6` next to its source or assumption", where, c.A, c.B)
				continue
			}
			v = rv
		}
		text := p.text(v, "a correlation")
		rho, err := ParseNumber(strings.TrimSpace(text))
		switch {
		case v.Kind != yaml.ScalarNode:
			continue // p.text reported it
		case strings.TrimSpace(text) == "":
			p.e.add(v.Line, v.Column, "%s: no coefficient for %s, %s; write a rank correlation from -1 to 1, e.g. 0.6", where, c.A, c.B)
			continue
		case err != nil:
			p.e.add(v.Line, v.Column, "%s: %s, %s: %q is not a number; write a rank correlation from -1 to 1, e.g. 0.6", where, c.A, c.B, text)
			continue
		case rho < -1 || rho > 1 || math.IsNaN(rho):
			p.e.add(v.Line, v.Column, "%s: %s, %s: %v is outside [-1, 1]; a rank correlation lies from -1 (opposite order) to 1 (same order)", where, c.A, c.B, rho)
			continue
		}
		c.Rho = rho
		out = append(out, c)
	}
	return out
}

// correlatedInput reports whether name may be correlated: a scalar input
// of s. It reports the error at ps otherwise.
func (p *fileParser) correlatedInput(s *Scenario, name string, ps pos, where string) bool {
	i := s.inputIndex(name)
	switch {
	case name == "":
		p.e.addAt(ps, "%s: an input name is missing; write the pair as `a, b: 0.6`", where)
		return false
	case i < 0 && s.formulaIndex(name) >= 0:
		p.e.addAt(ps, "%s: %q is a formula; correlations link inputs (a formula already depends on its inputs); correlate the inputs it is computed from", where, name)
		return false
	case i < 0:
		p.e.addAt(ps, "%s: unknown input %q%s", where, name, p.sugg.didYouMean(name, s.inputNames()))
		return false
	case s.Inputs[i].Parametric:
		p.e.addAt(ps, "%s: %q has parameters that vary by trial (%s); correlate the inputs its parameters come from instead", where, name, s.Inputs[i].Dist)
		return false
	case s.Inputs[i].PerPeriod:
		p.e.addAt(ps, "%s: %q is a per-period input (a fresh draw every period); a rank correlation links two scalar inputs, one draw per trial. "+
			"Correlating it would have to mean each period's draw, or their mean, and neither is what a file says; make it a scalar input, "+
			"or drive both through a shared input in a formula", where, name)
		return false
	}
	return true
}

// mergeCorrelations returns base with the pairs of over replacing those of
// the same inputs (in either order) and added after them; a pair set to 0
// by over stays, as a zero correlation.
func mergeCorrelations(base, over []Correlation) []Correlation {
	out := append([]Correlation(nil), base...)
	for _, c := range over {
		replaced := false
		for i, b := range out {
			if b.A == c.A && b.B == c.B || b.A == c.B && b.B == c.A {
				out[i] = c
				replaced = true
			}
		}
		if !replaced {
			out = append(out, c)
		}
	}
	return out
}

// RankCorrelation returns the scenario's correlations as a matrix over
// the inputs they name, in order of first mention, with 0 for a pair not
// given; ok is false when the scenario has no correlations.
func (s *Scenario) RankCorrelation() (c sampling.Correlation, ok bool) {
	if len(s.Correlations) == 0 {
		return c, false
	}
	idx := map[string]int{}
	for _, p := range s.Correlations {
		for _, n := range []string{p.A, p.B} {
			if _, seen := idx[n]; !seen {
				idx[n] = len(c.Names)
				c.Names = append(c.Names, n)
			}
		}
	}
	k := len(c.Names)
	c.Matrix = make([][]float64, k)
	for i := range c.Matrix {
		c.Matrix[i] = make([]float64, k)
		c.Matrix[i][i] = 1
	}
	for _, p := range s.Correlations {
		i, j := idx[p.A], idx[p.B]
		c.Matrix[i][j], c.Matrix[j][i] = p.Rho, p.Rho
	}
	return c, true
}
