package scenario

import (
	"strings"

	"github.com/montecarlo-risk/montecarlo/distributions"
)

// paramFamilies are the families whose parameters may be inputs or
// formulas (poisson(rate)), drawn trial by trial, with their parameters in
// order.
var paramFamilies = map[string][]string{
	"normal":      {"mean", "sd"},
	"lognormal":   {"mu", "sigma"},
	"uniform":     {"min", "max"},
	"exponential": {"rate"},
	"poisson":     {"lambda"},
	"bernoulli":   {"p"},
}

// hasName reports whether expression n refers to a name (other than the
// constant inf).
func hasName(n *node) bool {
	if n == nil {
		return false
	}
	if n.kind == nRef && n.op != "inf" {
		return true
	}
	for _, a := range n.args {
		if hasName(a) {
			return true
		}
	}
	return false
}

// parametric returns the formula an input whose distribution has
// parameters that name inputs or formulas compiles to: the family's
// quantile function ($poisson) of the input's own uniform draw (the name
// ref) and the parameter expressions. It returns nil, "" for a
// distribution of constant parameters, and an error message (with its
// offset in text) for a family or form that cannot take them.
func parametric(text, ref string) (ast *node, msg string, off int) {
	d, err := parseDist(text)
	if err != nil || d.family == "" {
		return nil, "", 0
	}
	named := false
	for _, a := range d.args {
		if a.val != nil && a.val.family == "" && a.val.hi == nil && hasName(a.val.expr) {
			named = true
		}
	}
	if !named {
		return nil, "", 0
	}
	params, ok := paramFamilies[d.family]
	if !ok {
		return nil, d.family + "'s parameters must be numbers; parameters that vary by trial (inputs or formulas) are supported by " +
			"normal(mean, sd), lognormal(mu, sigma), uniform(min, max), exponential(rate), poisson(lambda) and bernoulli(p)", d.off
	}
	args := make([]*node, len(params))
	for i, a := range d.args {
		if a.key != nil || a.val == nil || a.val.family != "" || a.val.hi != nil {
			return nil, "a parameter that varies by trial is an expression, e.g. " + d.family + "(" + strings.Join(params, ", ") + ")", a.off
		}
		k := i
		if a.name != "" {
			k = indexOf(params, a.name)
			if k < 0 {
				return nil, d.family + " with parameters that vary by trial takes " + strings.Join(params, ", ") + ", not " + a.name, a.off
			}
		}
		if k >= len(params) {
			return nil, d.family + " takes " + strings.Join(params, ", "), a.off
		}
		if args[k] != nil {
			return nil, params[k] + " is given twice", a.off
		}
		args[k] = a.val.expr
	}
	for k, a := range args {
		if a == nil {
			return nil, d.family + " needs " + params[k] + "; write " + d.family + "(" + strings.Join(params, ", ") + ")", d.off
		}
	}
	call := &node{kind: nCall, op: "$" + d.family, off: d.off, start: 0, end: len(text), src: text}
	call.args = append([]*node{{kind: nRef, op: ref, off: d.off}}, args...)
	return call, "", 0
}

// uniformDraw is the distribution sampled for an input with parameters
// that vary by trial: the uniform its quantile function maps.
var uniformDraw = func() distributions.Distribution {
	d, err := distributions.NewUniform(0, 1)
	if err != nil {
		panic(err)
	}
	return d
}()

// drawRef is the hidden name of the uniform draw of input name ("$" is no
// name character, so no formula can write it).
func drawRef(name string) string { return "$" + name }
