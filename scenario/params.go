package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/gonum/stat/distuv"
)

// paramFamily is a family whose parameters may be inputs or formulas
// (poisson(rate)), drawn trial by trial.
type paramFamily struct {
	params   []string  // in order
	defaults []float64 // the value of each optional parameter (NaN: required)
	rule     string    // what the parameters must satisfy, for the error of a trial that breaks it
	// check explains constant parameters that break the rule (v holds
	// NaN for a parameter that varies by trial), or returns "".
	check func(v []float64) string
	// build returns the formula of the u-quantile given parameters p.
	build func(u *node, p []*node) *node
}

// paramFamilies are the families whose parameters may vary by trial.
var paramFamilies = map[string]paramFamily{
	"normal":      {params: []string{"mean", "sd"}, rule: "a normal needs sd >= 0", check: checkNonNeg(1, "sd"), build: qcall("$normal")},
	"lognormal":   {params: []string{"mu", "sigma"}, rule: "a lognormal needs sigma >= 0", check: checkNonNeg(1, "sigma"), build: qcall("$lognormal")},
	"uniform":     {params: []string{"min", "max"}, rule: "a uniform needs min <= max", check: checkOrdered(0, 1, false), build: qcall("$uniform")},
	"exponential": {params: []string{"rate"}, rule: "an exponential needs rate > 0", check: checkPositive(0, "rate"), build: qcall("$exponential")},
	"poisson":     {params: []string{"lambda"}, rule: "a poisson needs lambda >= 0", check: checkNonNeg(0, "lambda"), build: qcall("$poisson")},
	"bernoulli":   {params: []string{"p"}, rule: "a bernoulli needs p in [0, 1]", check: checkProb(0, "p"), build: qcall("$bernoulli")},
	"beta": {params: []string{"alpha", "beta"}, rule: "a beta needs alpha > 0 and beta > 0",
		check: checkAll(checkPositive(0, "alpha"), checkPositive(1, "beta")), build: qcall("$beta")},
	"gamma": {params: []string{"shape", "scale"}, rule: "a gamma needs shape > 0 and scale > 0",
		check: checkAll(checkPositive(0, "shape"), checkPositive(1, "scale")), build: qcall("$gamma")},
	"binomial": {params: []string{"n", "p"}, rule: "a binomial needs n a whole number >= 1 and p in [0, 1]",
		check: checkAll(checkWhole(0, "n"), checkProb(1, "p")), build: qcall("$binomial")},
	"negbinomial": {params: []string{"r", "p"}, rule: "a negbinomial needs r > 0 and p in (0, 1]",
		check: checkAll(checkPositive(0, "r"), checkProbPositive(1, "p")), build: qcall("$negbinomial")},
	"triangular": {params: []string{"min", "mode", "max"}, rule: "a triangular needs min < max and min <= mode <= max",
		check: checkModal, build: buildTriangular},
	"pert": {params: []string{"min", "mode", "max", "lambda"}, defaults: []float64{nan, nan, nan, 4},
		rule:  "a pert needs min < max, min <= mode <= max and lambda > 0",
		check: checkAll(checkModal, checkPositive(3, "lambda")), build: buildPERT},
	"weibull": {params: []string{"shape", "scale"}, rule: "a weibull needs shape > 0 and scale > 0",
		check: checkAll(checkPositive(0, "shape"), checkPositive(1, "scale")), build: qcall("$weibull")},
	"pareto": {params: []string{"xm", "alpha"}, rule: "a pareto needs xm > 0 and alpha > 0",
		check: checkAll(checkPositive(0, "xm"), checkPositive(1, "alpha")), build: qcall("$pareto")},
	"studentt": {params: []string{"nu", "mu", "sigma"}, rule: "a studentt needs nu > 0 and sigma >= 0",
		check: checkAll(checkPositive(0, "nu"), checkNonNeg(2, "sigma")), build: buildStudentT},
	rangeName: {params: []string{"A", "B"}, rule: "an `A to B` needs A < B",
		check: checkRange, build: qcall("$range")},
}

// rangeName is the family name of `A to B` (rangeCall); not a name a file
// can write as a family.
const rangeName = "A to B"

// logNormalMean is lognormal(mean=.., sd=..) with parameters that vary by
// trial (paramFamilyOf picks it for a mean= or sd= argument).
var logNormalMean = paramFamily{params: []string{"mean", "sd"}, rule: "a lognormal(mean=.., sd=..) needs mean > 0 and sd >= 0",
	check: checkAll(checkPositive(0, "mean"), checkNonNeg(1, "sd")), build: qcall("$lognormalmean")}

// negBinMean is negbinomial(mean=.., r=..) with parameters that vary by
// trial (paramFamilyOf picks it for a mean= argument).
var negBinMean = paramFamily{params: []string{"mean", "r"}, rule: "a negbinomial(mean=.., r=..) needs mean >= 0 and r > 0",
	check: checkAll(checkNonNeg(0, "mean"), checkPositive(1, "r")), build: qcall("$negbinmean")}

func init() {
	paramFamilies["nbinom"] = paramFamilies["negbinomial"]
	paramFamilies["t"] = paramFamilies["studentt"]
}

var nan = math.NaN()

// The expression nodes the formulas are built of, at offset 0 of the
// distribution's text.
func numNode(v float64) *node             { return &node{kind: nNum, num: v} }
func binNode(op string, a, b *node) *node { return &node{kind: nBin, op: op, args: []*node{a, b}} }
func callNode(f string, args ...*node) *node {
	return &node{kind: nCall, op: f, args: args}
}

// qcall builds f(u, parameters...): a quantile op that checks the
// parameters itself (NaN where they are invalid).
func qcall(f string) func(u *node, p []*node) *node {
	return func(u *node, p []*node) *node { return callNode(f, append([]*node{u}, p...)...) }
}

// buildTriangular is min plus the quantile of the triangular less its min
// (mode-min and max-mode both >= 0 and not both 0 is the rule exactly),
// clamped to [min, max] against rounding.
func buildTriangular(u *node, p []*node) *node {
	lo, mode, hi := p[0], p[1], p[2]
	x := binNode("+", lo, callNode("$triangular", u, binNode("-", mode, lo), binNode("-", hi, mode)))
	return callNode("clamp", x, lo, hi)
}

// buildStudentT is mu plus the quantile of studentt(nu, 0, sigma): the
// same operations as StudentT.Quantile (mu + sigma·t, or mu - sigma·t'
// written as mu + -(sigma·t')), so the same bits.
func buildStudentT(u *node, p []*node) *node {
	return binNode("+", p[1], callNode("$studentt", u, p[0], p[2]))
}

// rangeCall returns `A to B` as a call of the family rangeName with
// arguments A and B, which the code of this file handles as any family's;
// it returns any other distribution as it is.
func rangeCall(d *dnode) *dnode {
	if d.family != "" || d.hi == nil {
		return d
	}
	return &dnode{family: rangeName, off: d.off, args: []darg{
		{val: &dnode{expr: d.expr, off: d.off}, off: d.off},
		{val: &dnode{expr: d.hi, off: d.toOff}, off: d.toOff},
	}}
}

// buildPERT is PERT.Quantile written as a formula: min + (max-min)·B with
// B the quantile of beta(1 + lambda·(mode-min)/(max-min), 1 +
// lambda·(max-mode)/(max-min)), clamped to [min, max], the same
// operations in the same order (so the same bits as a constant pert's
// quantile); NaN where the rule fails, which the beta's own check does not
// see (a mode just below min still gives a valid beta).
func buildPERT(u *node, p []*node) *node {
	lo, mode, hi, lambda := p[0], p[1], p[2], p[3]
	w := binNode("-", hi, lo)
	a := binNode("+", numNode(1), binNode("/", binNode("*", lambda, binNode("-", mode, lo)), w))
	b := binNode("+", numNode(1), binNode("/", binNode("*", lambda, binNode("-", hi, mode)), w))
	x := callNode("clamp", binNode("+", lo, binNode("*", w, callNode("$beta", u, a, b))), lo, hi)
	ok := binNode("and", binNode("and", binNode("<", lo, hi), binNode("<=", lo, mode)), binNode("and", binNode("<=", mode, hi), binNode(">", lambda, numNode(0))))
	return callNode("if", ok, x, numNode(nan))
}

// buildPercentiles is normal(p5=A, p95=B) or lognormal(...) written as a
// formula: mu and sigma solved from the two percentiles as
// NewNormalFromPercentiles solves them, NaN unless A < B (and 0 < A for a
// lognormal).
func buildPercentiles(logScale bool, p1, p2 float64) func(u *node, p []*node) *node {
	return func(u *node, p []*node) *node {
		x1, x2 := p[0], p[1]
		t1, t2 := x1, x2
		if logScale {
			t1, t2 = callNode("log", x1), callNode("log", x2)
		}
		z1, z2 := distuv.UnitNormal.Quantile(p1), distuv.UnitNormal.Quantile(p2)
		sigma := binNode("/", binNode("-", t2, t1), numNode(z2-z1))
		mu := binNode("-", t1, binNode("*", sigma, numNode(z1)))
		if math.Abs(p1+p2-1) < 1e-12 { // symmetric: the median is the midpoint, exactly
			sigma = binNode("/", binNode("-", t2, t1), numNode(2*-z1))
			mu = binNode("+", binNode("/", t1, numNode(2)), binNode("/", t2, numNode(2)))
		}
		ok, f := binNode("<", x1, x2), "$normal"
		if logScale {
			ok, f = binNode("and", binNode("<", numNode(0), x1), ok), "$lognormal"
		}
		return callNode("if", ok, callNode(f, u, mu, sigma), numNode(nan))
	}
}

// Constant checks: each explains a constant parameter (not NaN) that
// breaks the rule.
func isKnown(v float64) bool { return !math.IsNaN(v) }

func checkNonNeg(i int, name string) func([]float64) string {
	return func(v []float64) string {
		if isKnown(v[i]) && !(v[i] >= 0) {
			return fmt.Sprintf("%s must be >= 0, got %g", name, v[i])
		}
		return ""
	}
}

func checkPositive(i int, name string) func([]float64) string {
	return func(v []float64) string {
		if isKnown(v[i]) && !(v[i] > 0) {
			return fmt.Sprintf("%s must be > 0, got %g", name, v[i])
		}
		return ""
	}
}

func checkProb(i int, name string) func([]float64) string {
	return func(v []float64) string {
		if isKnown(v[i]) && !(v[i] >= 0 && v[i] <= 1) {
			return fmt.Sprintf("%s must be in [0, 1], got %g", name, v[i])
		}
		return ""
	}
}

func checkProbPositive(i int, name string) func([]float64) string {
	return func(v []float64) string {
		if isKnown(v[i]) && !(v[i] > 0 && v[i] <= 1) {
			return fmt.Sprintf("%s must be in (0, 1], got %g", name, v[i])
		}
		return ""
	}
}

func checkWhole(i int, name string) func([]float64) string {
	return func(v []float64) string {
		if isKnown(v[i]) && !(v[i] >= 1 && v[i] == math.Floor(v[i]) && v[i] <= 1<<53) {
			return fmt.Sprintf("%s must be a whole number >= 1, got %g", name, v[i])
		}
		return ""
	}
}

// ordered checks v[i] < v[j] (strict) or v[i] <= v[j].
func checkOrdered(i, j int, strict bool) func([]float64) string {
	return func(v []float64) string {
		if isKnown(v[i]) && isKnown(v[j]) && (v[i] > v[j] || strict && v[i] == v[j]) {
			return fmt.Sprintf("min %g must be below max %g", v[i], v[j])
		}
		return ""
	}
}

// modal checks min < max and min <= mode <= max where they are known.
func checkModal(v []float64) string {
	if m := checkOrdered(0, 2, true)(v); m != "" {
		return m
	}
	if isKnown(v[1]) && (isKnown(v[0]) && v[1] < v[0] || isKnown(v[2]) && v[1] > v[2]) {
		return fmt.Sprintf("mode %g must be in [min, max]", v[1])
	}
	return ""
}

// checkRange checks A < B where both are known, in the words of a
// constant range's error.
func checkRange(v []float64) string {
	if isKnown(v[0]) && isKnown(v[1]) && !(v[0] < v[1]) {
		return fmt.Sprintf("A must be less than B, got %g to %g", v[0], v[1])
	}
	return ""
}

func checkAll(checks ...func([]float64) string) func([]float64) string {
	return func(v []float64) string {
		for _, c := range checks {
			if m := c(v); m != "" {
				return m
			}
		}
		return ""
	}
}

// paramNames lists the families of paramFamilies, for messages.
func paramNames() string {
	return "normal, lognormal, uniform, triangular, pert, beta, gamma, exponential, weibull, studentt, pareto, " +
		"poisson, binomial, negbinomial, bernoulli and `A to B` " +
		"(and the forms normal(p5=.., p95=..), lognormal(p5=.., p95=..), lognormal(mean=.., sd=..) and negbinomial(mean=.., r=..))"
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

// varies reports whether the parsed distribution d has a parameter that
// names an input or formula.
func varies(d *dnode) bool {
	for _, a := range d.args {
		if a.val != nil && a.val.family == "" && a.val.hi == nil && hasName(a.val.expr) {
			return true
		}
	}
	return false
}

// nestedVarying returns the first distribution nested in d's arguments
// (of truncate, mixture, compound, ...) whose parameters refer to a name,
// or nil.
func nestedVarying(d *dnode) *dnode {
	for _, a := range d.args {
		for _, v := range []*dnode{a.key, a.val} {
			if v == nil || v.family == "" && v.hi == nil {
				continue
			}
			if v = rangeCall(v); varies(v) {
				return v
			}
			if in := nestedVarying(v); in != nil {
				return in
			}
		}
	}
	return nil
}

// paramFamilyOf returns the family that d's arguments ask for: d's own, or
// for normal or lognormal with percentile-named arguments (p5=.., p95=..)
// the percentile form, its parameters the two values in the order of
// their percentiles. It returns a message (and its offset) for
// percentile arguments that do not make such a form.
func paramFamilyOf(d *dnode) (f paramFamily, ok bool, msg string, off int) {
	f, ok = paramFamilies[d.family]
	if ok && (d.family == "negbinomial" || d.family == "nbinom") {
		for _, a := range d.args {
			if a.name == "mean" {
				return negBinMean, true, "", 0
			}
		}
	}
	if d.family == "lognormal" {
		for _, a := range d.args {
			if a.name == "mean" || a.name == "sd" {
				return logNormalMean, true, "", 0
			}
		}
	}
	if !ok || d.family != "normal" && d.family != "lognormal" {
		return f, ok, "", 0
	}
	var ps []float64
	var names []string
	for _, a := range d.args {
		if p, isP := percentileName(a.name); isP {
			if !(p > 0 && p < 100) {
				return f, false, fmt.Sprintf("percentile %s must be between p0 and p100 (exclusive)", a.name), a.off
			}
			ps, names = append(ps, p/100), append(names, a.name)
		}
	}
	if len(ps) == 0 {
		return f, true, "", 0
	}
	if len(ps) != 2 || len(d.args) != 2 {
		return f, false, d.family + ": a percentile form takes exactly two percentiles, e.g. " + d.family + "(p5=.., p95=..)", d.off
	}
	if ps[0] == ps[1] {
		return f, false, d.family + ": the two percentiles must differ", d.args[1].off
	}
	lo, hi := 0, 1
	if ps[0] > ps[1] {
		lo, hi = 1, 0
	}
	log := d.family == "lognormal"
	rule := fmt.Sprintf("a %s(%s=A, %s=B) needs A < B", d.family, names[lo], names[hi])
	if log {
		rule = fmt.Sprintf("a lognormal(%s=A, %s=B) needs 0 < A < B", names[lo], names[hi])
	}
	return paramFamily{
		params: []string{names[lo], names[hi]}, rule: rule,
		check: func(v []float64) string {
			if log && isKnown(v[0]) && !(v[0] > 0) {
				return fmt.Sprintf("%s must be > 0, got %g", names[lo], v[0])
			}
			if isKnown(v[0]) && isKnown(v[1]) && !(v[0] < v[1]) {
				return fmt.Sprintf("%s=%g must be below %s=%g", names[lo], v[0], names[hi], v[1])
			}
			return ""
		},
		build: buildPercentiles(log, ps[lo], ps[hi]),
	}, true, "", 0
}

// ParamRule returns what the parameters of an input's distribution with
// parameters that vary by trial must satisfy ("a pert needs min < max,
// ..."), or "" for another distribution.
func ParamRule(dist string) string {
	d, err := parseDist(dist)
	if err != nil {
		return ""
	}
	d = rangeCall(d)
	events := ""
	if freq, ok := compoundFrequency(d); ok && strings.HasPrefix(d.family, "compound") && varies(freq) {
		d, events = freq, "; a compound draws at most "+numfmt.Table(distributions.MaxTrialEvents, 0)+" events in a trial"
	}
	if d.family == "" || !varies(d) {
		return ""
	}
	f, ok, _, _ := paramFamilyOf(d)
	if !ok {
		return ""
	}
	return f.rule + events
}

// parametric returns the formula an input whose distribution has
// parameters that name inputs or formulas compiles to: the family's
// quantile function ($poisson) of the input's own uniform draw (the name
// ref) and the parameter expressions. It returns nil, "" for a
// distribution of constant parameters, and an error message (with its
// offset in text) for a family or form that cannot take them.
func parametric(text, ref string) (ast *node, msg string, off int) {
	d, err := parseDist(text)
	if err != nil {
		return nil, "", 0
	}
	u := &node{kind: nRef, op: ref, off: d.off}
	if d = rangeCall(d); d.family == "compound" || d.family == "compound_max" {
		if freq, ok := compoundFrequency(d); ok && (varies(freq) || nestedVarying(d) != nil) {
			ast, msg, off = compoundCall(d, freq, u)
			if ast != nil {
				ast.off, ast.start, ast.end, ast.src = d.off, 0, len(text), text
			}
			return ast, msg, off
		}
	}
	if d.family == "" || !varies(d) {
		if in := nestedVarying(d); in != nil {
			return nil, "the distributions inside " + d.family + " take numbers only: a parameter may vary by trial in an input's own distribution " +
				"(x: " + in.family + "(...) with a name), or in the frequency of a compound, not inside another", in.off
		}
		return nil, "", 0
	}
	top, msg, off := paramCall(d, u)
	if top != nil {
		top.off, top.start, top.end, top.src = d.off, 0, len(text), text
	}
	return top, msg, off
}

// paramCall returns the formula of the u-quantile of d, a family call
// whose parameters vary by trial, or a message (and its offset) for a
// family or form that cannot take them.
func paramCall(d *dnode, u *node) (ast *node, msg string, off int) {
	fam, ok, msg, off := paramFamilyOf(d)
	if msg != "" {
		return nil, msg, off
	}
	if !ok {
		return nil, d.family + "'s parameters must be numbers; parameters that vary by trial (inputs or formulas) are supported by " + paramNames(), d.off
	}
	params := fam.params
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
	vals := make([]float64, len(params))
	for k, a := range args {
		switch {
		case a == nil && k < len(fam.defaults) && !math.IsNaN(fam.defaults[k]):
			args[k], vals[k] = numNode(fam.defaults[k]), fam.defaults[k]
		case a == nil:
			return nil, d.family + " needs " + params[k] + "; write " + d.family + "(" + strings.Join(params, ", ") + ")", d.off
		case hasName(a):
			vals[k] = nan
		default:
			v, err := evalConst(a)
			switch {
			case err != nil:
				vals[k] = nan // reported where the formula compiles
			case math.IsInf(v, 0):
				return nil, fmt.Sprintf("%s: %s must be a finite number, got %g", d.family, params[k], v), d.off
			default:
				vals[k] = v
			}
		}
	}
	if m := fam.check(vals); m != "" {
		return nil, d.family + ": " + m + "; " + fam.rule, d.off
	}
	return fam.build(u, args), "", 0
}

// compoundFrequency returns the frequency of compound d, if d has the
// form compound(FREQUENCY, SEVERITY).
func compoundFrequency(d *dnode) (*dnode, bool) {
	if len(d.args) == 0 || d.args[0].val == nil || d.args[0].name != "" || d.args[0].key != nil {
		return nil, false
	}
	return rangeCall(d.args[0].val), true
}

// countFamilies are the counting families a compound's frequency may be
// when its parameters vary by trial.
var countFamilies = []string{"poisson", "bernoulli", "binomial", "negbinomial", "nbinom"}

// compoundCall returns the formula of compound d (or compound_max) whose
// frequency freq has parameters that vary by trial: the frequency's
// u-quantile, the trial's count, and its severities drawn from the
// stream u's bits select. The severity takes numbers only.
func compoundCall(d, freq *dnode, u *node) (ast *node, msg string, off int) {
	if len(d.args) != 2 || d.args[1].val == nil || d.args[1].name != "" || d.args[1].key != nil {
		return nil, d.family + " takes a frequency and a severity, e.g. " + d.family + "(poisson(rate), lognormal(p5=10K, p95=2M))", d.off
	}
	a := d.args[1]
	sev := rangeCall(a.val)
	if in := nestedVarying(sev); varies(sev) || in != nil {
		if in == nil {
			in = sev
		}
		return nil, d.family + ": the severity takes numbers only (its draws are independent of the count); " +
			"a parameter may vary by trial in the frequency, e.g. " + d.family + "(poisson(rate), lognormal(p5=10K, p95=2M))", in.off
	}
	if !slices.Contains(countFamilies, freq.family) {
		return nil, d.family + ": the frequency must count events: poisson, bernoulli, binomial or negbinomial " +
			"(with parameters that vary by trial, e.g. poisson(rate))", freq.off
	}
	sevDist, err := buildDist(a.val)
	if err != nil {
		if se, ok := err.(*syntaxError); ok {
			return nil, se.msg, se.off
		}
		return nil, err.Error(), a.off
	}
	count, msg, off := paramCall(freq, u)
	if msg != "" {
		return nil, msg, off
	}
	f := "$compound"
	if d.family == "compound_max" {
		f = "$compoundmax"
	}
	ast = callNode(f, count, u)
	ast.dist = sevDist
	return ast, "", 0
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
