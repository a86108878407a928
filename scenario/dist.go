package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/montecarlo-risk/montecarlo/distributions"
)

// dnode is a parsed distribution: a constant (expr), a range "expr to hi", or
// a family call with arguments.
type dnode struct {
	family string // "" for a constant or a range
	expr   *node  // the constant, or the low end of a range
	hi     *node  // the high end of a range, or nil
	args   []darg
	off    int // offset of the family name or of the first token
	toOff  int // offset of "to" in a range
}

// darg is one argument of a family call: positional (val), named
// (name=val) or keyed (key: val).
type darg struct {
	name string
	key  *dnode
	val  *dnode
	off  int
}

// parseDist parses the text of a `dist:` value.
func parseDist(text string) (d *dnode, err error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	defer p.recover(&err)
	if p.peek().kind == tEOF {
		return nil, &syntaxError{0, "empty distribution; write a number, a range such as `3 to 5`, or a family such as `normal(10, 2)`"}
	}
	d = p.dist()
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tOp && t.text == ")" {
			p.fail(t, "unmatched \")\"")
		}
		p.fail(t, "unexpected %s after the distribution", t)
	}
	return d, nil
}

// exprFuncs are the functions of expressions. A name followed by "(" in a
// distribution is a family unless it is one of these.
var exprFuncs = map[string]bool{
	"if": true, "min": true, "max": true, "abs": true, "exp": true, "log": true, "sqrt": true,
	"clamp": true, "sum": true, "mean": true, "cumsum": true, "lag": true,
	"sin": true, "cos": true, "tan": true, "asin": true, "acos": true, "atan": true, "atan2": true,
	"log10": true, "log2": true, "floor": true, "ceil": true, "round": true, "mod": true, "pow": true,
}

func (p *parser) dist() *dnode {
	p.enter()
	defer func() { p.depth-- }()
	t := p.peek()
	if t.kind == tIdent && !exprFuncs[t.text] && p.peek2().kind == tOp && p.peek2().text == "(" {
		p.next()
		p.next()
		d := &dnode{family: t.text, off: t.off}
		if p.isOp(")") {
			p.next()
			return d
		}
		for {
			a := darg{off: p.peek().off}
			if n := p.peek2(); p.peek().kind == tIdent && n.kind == tOp && n.text == "=" {
				a.name = p.next().text
				p.next()
				a.val = p.dist()
			} else {
				a.val = p.dist()
				if p.isOp(":") {
					p.next()
					a.key, a.val = a.val, p.dist()
				}
			}
			d.args = append(d.args, a)
			if p.isOp(",") {
				p.next()
				continue
			}
			if p.isOp(")") {
				p.next()
				return d
			}
			p.fail(p.peek(), "unexpected %s in the arguments of %s; expected \",\" or \")\"", p.peek(), t.text)
		}
	}
	d := &dnode{expr: p.expr(), off: t.off}
	if p.isWord("to") {
		d.toOff = p.next().off
		d.hi = p.expr()
	}
	return d
}

// family describes a distribution family: the forms it accepts (for error
// messages) and how to build it from arguments.
type family struct {
	forms string
	build func(b *distBuilder, d *dnode) (distributions.Distribution, error)
}

// families lists the families in the order did-you-mean considers them.
var familyNames = []string{
	"normal", "lognormal", "uniform", "triangular", "pert", "beta", "gamma", "exponential",
	"weibull", "studentt", "t", "pareto", "poisson", "binomial", "negbinomial", "nbinom", "bernoulli", "discrete",
	"mixture", "truncate", "compound", "compound_max",
}

var families map[string]family

func init() {
	// simple returns a family whose arguments are numbers bound to params.
	simple := func(name string, params []string, nreq int, f func(v []float64) (distributions.Distribution, error)) family {
		forms := name + "(" + strings.Join(params[:nreq], ", ")
		for _, o := range params[nreq:] {
			forms += ", " + o + "=" + strings.ToUpper(o[:1])
		}
		forms += ")"
		return family{forms: forms, build: func(b *distBuilder, d *dnode) (distributions.Distribution, error) {
			return f(b.bind(d, params, nreq, false))
		}}
	}
	percentileForm := func(name, a, b string) string {
		return fmt.Sprintf("%s(%s, %s), %s(%s=.., %s=..), or %s(p5=.., p95=..) with any two percentiles such as p10 and p90",
			name, a, b, name, a, b, name)
	}
	families = map[string]family{
		"normal": {forms: percentileForm("normal", "mean", "sd"), build: buildNormal},
		"lognormal": {forms: "lognormal(mu, sigma) (parameters of the logarithm), lognormal(mean=.., sd=..), " +
			"or lognormal(p5=.., p95=..) with any two percentiles such as p10 and p90", build: buildLogNormal},
		"uniform": simple("uniform", []string{"min", "max"}, 2, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewUniform(v[0], v[1])
		}),
		"triangular": simple("triangular", []string{"min", "mode", "max"}, 3, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewTriangular(v[0], v[1], v[2])
		}),
		"pert": simple("pert", []string{"min", "mode", "max", "lambda"}, 3, func(v []float64) (distributions.Distribution, error) {
			if math.IsNaN(v[3]) {
				return distributions.NewPERT(v[0], v[1], v[2])
			}
			return distributions.NewModifiedPERT(v[0], v[1], v[2], v[3])
		}),
		"beta": simple("beta", []string{"alpha", "beta"}, 2, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewBeta(v[0], v[1])
		}),
		"gamma": simple("gamma", []string{"shape", "scale"}, 2, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewGamma(v[0], v[1])
		}),
		"exponential": simple("exponential", []string{"rate"}, 1, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewExponential(v[0])
		}),
		"weibull": simple("weibull", []string{"shape", "scale"}, 2, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewWeibull(v[0], v[1])
		}),
		"studentt": simple("studentt", []string{"nu", "mu", "sigma"}, 3, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewStudentT(v[0], v[1], v[2])
		}),
		"pareto": simple("pareto", []string{"xm", "alpha"}, 2, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewPareto(v[0], v[1])
		}),
		"poisson": simple("poisson", []string{"lambda"}, 1, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewPoisson(v[0])
		}),
		"binomial": simple("binomial", []string{"n", "p"}, 2, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewBinomial(v[0], v[1])
		}),
		"negbinomial": {forms: "negbinomial(r, p) (the failures before the r-th success, r > 0 real, p in (0, 1]) " +
			"or negbinomial(mean=.., r=..) (variance mean + mean²/r)", build: buildNegBinomial},
		"bernoulli": simple("bernoulli", []string{"p"}, 1, func(v []float64) (distributions.Distribution, error) {
			return distributions.NewBernoulli(v[0])
		}),
		"discrete": {forms: "discrete(value: weight, value: weight, ...), e.g. discrete(0: 30%, 1: 70%)", build: buildDiscrete},
		"mixture":  {forms: "mixture(weight: DIST, weight: DIST, ...), e.g. mixture(0.8: 1 to 2, 0.2: 5 to 10)", build: buildMixture},
		"truncate": {forms: "truncate(DIST, lo, hi), truncate(DIST, lo=..) or truncate(DIST, hi=..); use inf for no bound", build: buildTruncate},
		"compound": {forms: "compound(FREQUENCY, SEVERITY), e.g. compound(poisson(3.2), 10K to 2M): the sum of a random number of losses",
			build: func(b *distBuilder, d *dnode) (distributions.Distribution, error) { return buildCompound(b, d, false) }},
		"compound_max": {forms: "compound_max(FREQUENCY, SEVERITY), e.g. compound_max(poisson(3.2), 10K to 2M): the largest of a random number of losses",
			build: func(b *distBuilder, d *dnode) (distributions.Distribution, error) { return buildCompound(b, d, true) }},
	}
	t := families["studentt"]
	t.forms += " (alias t)"
	families["studentt"] = t
	families["t"] = t
	nb := families["negbinomial"]
	nb.forms += " (alias nbinom)"
	families["negbinomial"] = nb
	families["nbinom"] = nb
}

// distBuilder builds distributions from parsed text; errors are raised as
// *syntaxError panics and recovered by buildDist.
type distBuilder struct{}

// buildDist builds the distribution described by d.
func buildDist(d *dnode) (dist distributions.Distribution, err error) {
	p := &parser{} // only for recover
	defer p.recover(&err)
	return (&distBuilder{}).dist(d), nil
}

func (b *distBuilder) fail(off int, format string, args ...any) {
	panic(&syntaxError{off, fmt.Sprintf(format, args...)})
}

func (b *distBuilder) dist(d *dnode) distributions.Distribution {
	switch {
	case d.family != "":
		f, ok := families[d.family]
		if !ok {
			b.fail(d.off, "unknown distribution %q%s (families: %s)", d.family,
				didYouMean(d.family, familyNames), strings.Join(familyNames, ", "))
		}
		dist, err := f.build(b, d)
		if err != nil {
			b.fail(d.off, "%v", err)
		}
		return dist
	case d.hi != nil:
		lo, hi := b.num(d.expr, false), b.num(d.hi, false)
		if !(lo < hi) {
			hint := "write the smaller number first"
			if lo == hi {
				hint = "for a fixed value write just the number"
			}
			b.fail(d.toOff, "in `A to B` A must be less than B, got %g to %g; %s", lo, hi, hint)
		}
		dist, err := distributions.NewRange(lo, hi)
		if err != nil {
			b.fail(d.off, "%v", err)
		}
		return dist
	}
	return distributions.Constant(b.num(d.expr, false))
}

// num evaluates the constant expression n.
func (b *distBuilder) num(n *node, allowInf bool) float64 {
	v, err := evalConst(n)
	if err != nil {
		panic(err)
	}
	if math.IsInf(v, 0) && !allowInf {
		b.fail(n.off, "parameter must be a finite number, got %g", v)
	}
	return v
}

// numArg returns the number of an argument value, which must not be a distribution.
func (b *distBuilder) numArg(d *dnode, allowInf bool) float64 {
	if d.family != "" || d.hi != nil {
		b.fail(d.off, "expected a number here, not a distribution")
	}
	return b.num(d.expr, allowInf)
}

// formsError reports arguments that fit none of the family's forms.
func (b *distBuilder) formsError(d *dnode, what string) {
	b.fail(d.off, "%s: %s; write %s", d.family, what, families[d.family].forms)
}

// bind matches d's positional and named arguments to params, of which the
// first nreq are required; missing optional ones are NaN.
func (b *distBuilder) bind(d *dnode, params []string, nreq int, allowInf bool) []float64 {
	v := make([]float64, len(params))
	set := make([]bool, len(params))
	named := false
	for i, a := range d.args {
		switch {
		case a.key != nil:
			b.formsError(d, "unexpected `value: weight` argument")
		case a.name != "":
			named = true
			j := indexOf(params, a.name)
			if j < 0 {
				hint := ""
				if s := closest(a.name, params); s != "" {
					hint = fmt.Sprintf(" (did you mean %q?)", s)
				}
				b.fail(a.off, "%s: unknown parameter %q%s; write %s", d.family, a.name, hint, families[d.family].forms)
			}
			if set[j] {
				b.fail(a.off, "%s: parameter %q given twice", d.family, a.name)
			}
			v[j], set[j] = b.numArg(a.val, allowInf), true
		default:
			if named {
				b.fail(a.off, "%s: a positional argument cannot follow a named one", d.family)
			}
			if i >= len(params) {
				b.formsError(d, fmt.Sprintf("too many arguments (%d)", len(d.args)))
			}
			v[i], set[i] = b.numArg(a.val, allowInf), true
		}
	}
	for j := range params {
		if !set[j] {
			if j < nreq {
				b.formsError(d, fmt.Sprintf("missing parameter %q", params[j]))
			}
			v[j] = math.NaN()
		}
	}
	return v
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// percentiles returns the two percentile arguments (p in (0, 1)) of a
// percentile form such as normal(p5=1, p95=3), or ok = false if d has no
// percentile-named argument.
func (b *distBuilder) percentiles(d *dnode) (p1, x1, p2, x2 float64, ok bool) {
	var ps, xs []float64
	for _, a := range d.args {
		if p, isP := percentileName(a.name); isP {
			if !(p > 0 && p < 100) {
				b.fail(a.off, "%s: percentile %s must be between p0 and p100 (exclusive)", d.family, a.name)
			}
			ps = append(ps, p/100)
			xs = append(xs, b.numArg(a.val, false))
		}
	}
	if len(ps) == 0 {
		return 0, 0, 0, 0, false
	}
	if len(ps) != 2 || len(d.args) != 2 {
		b.formsError(d, "a percentile form takes exactly two percentiles")
	}
	if ps[0] == ps[1] {
		b.fail(d.args[1].off, "%s: the two percentiles must differ", d.family)
	}
	return ps[0], xs[0], ps[1], xs[1], true
}

// percentileName reports whether name is pNN (p5, p90, p2.5) and returns NN.
func percentileName(name string) (float64, bool) {
	if len(name) < 2 || name[0] != 'p' || !isDigit(name[1]) {
		return 0, false
	}
	p, err := strconv.ParseFloat(name[1:], 64)
	return p, err == nil
}

func buildNormal(b *distBuilder, d *dnode) (distributions.Distribution, error) {
	if p1, x1, p2, x2, ok := b.percentiles(d); ok {
		return distributions.NewNormalFromPercentiles(p1, x1, p2, x2)
	}
	v := b.bind(d, []string{"mean", "sd"}, 2, false)
	return distributions.NewNormal(v[0], v[1])
}

func buildLogNormal(b *distBuilder, d *dnode) (distributions.Distribution, error) {
	if p1, x1, p2, x2, ok := b.percentiles(d); ok {
		return distributions.NewLogNormalFromPercentiles(p1, x1, p2, x2)
	}
	for _, a := range d.args {
		if a.name == "mean" || a.name == "sd" {
			v := b.bind(d, []string{"mean", "sd"}, 2, false)
			return distributions.NewLogNormalMean(v[0], v[1])
		}
	}
	v := b.bind(d, []string{"mu", "sigma"}, 2, false)
	return distributions.NewLogNormal(v[0], v[1])
}

// buildNegBinomial builds negbinomial(r, p) or, with a mean= argument,
// negbinomial(mean=.., r=..).
func buildNegBinomial(b *distBuilder, d *dnode) (distributions.Distribution, error) {
	mean := false
	for _, a := range d.args {
		if a.name == "size" {
			b.fail(a.off, "%s: the size is written r (R's size, the number of successes); write %s", d.family, families[d.family].forms)
		}
		mean = mean || a.name == "mean"
	}
	if mean {
		v := b.bind(d, []string{"mean", "r"}, 2, false)
		return distributions.NewNegativeBinomialMean(v[0], v[1])
	}
	v := b.bind(d, []string{"r", "p"}, 2, false)
	return distributions.NewNegativeBinomial(v[0], v[1])
}

func buildDiscrete(b *distBuilder, d *dnode) (distributions.Distribution, error) {
	if len(d.args) == 0 {
		b.formsError(d, "no values")
	}
	values := make([]float64, len(d.args))
	weights := make([]float64, len(d.args))
	for i, a := range d.args {
		if a.key == nil {
			b.fail(a.off, "discrete: expected `value: weight`; write %s", families["discrete"].forms)
		}
		values[i] = b.numArg(a.key, false)
		weights[i] = b.numArg(a.val, false)
	}
	return distributions.NewDiscrete(values, weights)
}

func buildMixture(b *distBuilder, d *dnode) (distributions.Distribution, error) {
	if len(d.args) == 0 {
		b.formsError(d, "no components")
	}
	comps := make([]distributions.Distribution, len(d.args))
	weights := make([]float64, len(d.args))
	for i, a := range d.args {
		if a.key == nil {
			b.fail(a.off, "mixture: expected `weight: DIST`; write %s", families["mixture"].forms)
		}
		weights[i] = b.numArg(a.key, false)
		comps[i] = b.dist(a.val)
	}
	return distributions.NewMixture(comps, weights)
}

func buildTruncate(b *distBuilder, d *dnode) (distributions.Distribution, error) {
	if len(d.args) < 2 || d.args[0].name != "" || d.args[0].key != nil {
		b.formsError(d, "expected a distribution and at least one bound")
	}
	inner := b.dist(d.args[0].val)
	rest := &dnode{family: d.family, args: d.args[1:], off: d.off}
	v := b.bind(rest, []string{"lo", "hi"}, 0, true)
	lo, hi := v[0], v[1]
	if math.IsNaN(lo) {
		lo = math.Inf(-1)
	}
	if math.IsNaN(hi) {
		hi = math.Inf(1)
	}
	return distributions.NewTruncated(inner, lo, hi)
}

func buildCompound(b *distBuilder, d *dnode, max bool) (distributions.Distribution, error) {
	if len(d.args) != 2 || d.args[0].name != "" || d.args[0].key != nil || d.args[1].name != "" || d.args[1].key != nil {
		b.formsError(d, "expected a frequency and a severity distribution")
	}
	freq := b.dist(d.args[0].val)
	if !distributions.IsCount(freq) {
		b.fail(d.args[0].off, "%s: the frequency %s is not a counting distribution; write poisson(rate), binomial(n, p), negbinomial(r, p), bernoulli(p), "+
			"or a discrete distribution over whole numbers, e.g. compound(poisson(3.2), 10K to 2M)", d.family, freq)
	}
	sev := b.dist(d.args[1].val)
	if max {
		return distributions.NewCompoundMax(freq, sev)
	}
	return distributions.NewCompound(freq, sev)
}
