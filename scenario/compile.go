package scenario

import (
	"fmt"
	"math"
	"strings"

	"github.com/montecarlo-risk/montecarlo/model"
)

// funcSpec describes an expression function.
type funcSpec struct {
	min, max int      // argument counts; max < 0 means unbounded
	op       model.Op // the element-wise operation, for scalar functions
	periodic bool     // needs a periodic scenario
	usage    string   // how to call it
}

var funcs = map[string]funcSpec{
	"if":     {3, 3, model.OpIf, false, "if(condition, then, else)"},
	"min":    {1, -1, model.OpMin, false, "min(a, b, ...), or min(series) over the periods"},
	"max":    {1, -1, model.OpMax, false, "max(a, b, ...), or max(series) over the periods"},
	"abs":    {1, 1, model.OpAbs, false, "abs(x)"},
	"exp":    {1, 1, model.OpExp, false, "exp(x)"},
	"log":    {1, 1, model.OpLog, false, "log(x)"},
	"sqrt":   {1, 1, model.OpSqrt, false, "sqrt(x)"},
	"sin":    {1, 1, model.OpSin, false, "sin(x), x in radians"},
	"cos":    {1, 1, model.OpCos, false, "cos(x), x in radians"},
	"tan":    {1, 1, model.OpTan, false, "tan(x), x in radians"},
	"asin":   {1, 1, model.OpAsin, false, "asin(x), x in [-1, 1]"},
	"acos":   {1, 1, model.OpAcos, false, "acos(x), x in [-1, 1]"},
	"atan":   {1, 1, model.OpAtan, false, "atan(x)"},
	"atan2":  {2, 2, model.OpAtan2, false, "atan2(y, x)"},
	"log10":  {1, 1, model.OpLog10, false, "log10(x)"},
	"log2":   {1, 1, model.OpLog2, false, "log2(x)"},
	"floor":  {1, 1, model.OpFloor, false, "floor(x)"},
	"ceil":   {1, 1, model.OpCeil, false, "ceil(x)"},
	"round":  {1, 1, model.OpRound, false, "round(x)"},
	"mod":    {2, 2, model.OpMod, false, "mod(a, b)"},
	"pow":    {2, 2, model.OpPow, false, "pow(x, y), the same as x ^ y"},
	"clamp":  {3, 3, model.OpClamp, false, "clamp(x, lo, hi)"},
	"sum":    {1, 1, model.OpSum, true, "sum(series)"},
	"mean":   {1, 1, model.OpMean, true, "mean(series)"},
	"cumsum": {1, 1, model.OpCumSum, true, "cumsum(series)"},
	"lag":    {2, 3, model.OpLag, true, "lag(series, k) or lag(series, k, fill)"},
	"any":    {1, 1, model.OpAny, true, "any(condition)"},
	"all":    {1, 1, model.OpAll, true, "all(condition)"},
	"count":  {1, 1, model.OpCount, true, "count(condition)"},
	"first":  {1, 1, model.OpFirst, true, "first(condition)"},
	"last":   {1, 1, model.OpAt, true, "last(series)"},
	"at":     {2, 2, model.OpAt, true, "at(series, k)"},
	// The quantile functions behind inputs with parameters that vary by
	// trial (poisson(rate)): not names a user can write ($ is not a name
	// character), called by the formula such an input compiles to.
	"$normal":        {3, 3, model.OpQNormal, false, "normal(mean, sd)"},
	"$lognormal":     {3, 3, model.OpQLogNormal, false, "lognormal(mu, sigma)"},
	"$uniform":       {3, 3, model.OpQUniform, false, "uniform(min, max)"},
	"$exponential":   {2, 2, model.OpQExponential, false, "exponential(rate)"},
	"$poisson":       {2, 2, model.OpQPoisson, false, "poisson(lambda)"},
	"$bernoulli":     {2, 2, model.OpQBernoulli, false, "bernoulli(p)"},
	"$beta":          {3, 3, model.OpQBeta, false, "beta(alpha, beta)"},
	"$gamma":         {3, 3, model.OpQGamma, false, "gamma(shape, scale)"},
	"$binomial":      {3, 3, model.OpQBinomial, false, "binomial(n, p)"},
	"$triangular":    {3, 3, model.OpQTriangular, false, "triangular(min, mode, max)"},
	"$negbinomial":   {3, 3, model.OpQNegBinomial, false, "negbinomial(r, p)"},
	"$negbinmean":    {3, 3, model.OpQNegBinMean, false, "negbinomial(mean=.., r=..)"},
	"$weibull":       {3, 3, model.OpQWeibull, false, "weibull(shape, scale)"},
	"$pareto":        {3, 3, model.OpQPareto, false, "pareto(xm, alpha)"},
	"$studentt":      {3, 3, model.OpQStudentT, false, "studentt(nu, 0, sigma)"},
	"$lognormalmean": {3, 3, model.OpQLogNormalMean, false, "lognormal(mean=.., sd=..)"},
	"$range":         {3, 3, model.OpQRange, false, "A to B"},
	"$compound":      {2, 2, model.OpCompound, false, "compound(frequency, severity)"},
	"$compoundmax":   {2, 2, model.OpCompoundMax, false, "compound_max(frequency, severity)"},
}

// funcNames lists the functions in the order did-you-mean considers them.
var funcNames = []string{"if", "min", "max", "abs", "exp", "log", "sqrt", "clamp", "sum", "mean", "cumsum", "lag",
	"any", "all", "count", "first", "last", "at",
	"sin", "cos", "tan", "asin", "acos", "atan", "atan2", "log10", "log2", "floor", "ceil", "round", "mod", "pow"}

var binOps = map[string]model.Op{
	"+": model.OpAdd, "-": model.OpSub, "*": model.OpMul, "/": model.OpDiv, "^": model.OpPow,
	"<": model.OpLT, "<=": model.OpLE, ">": model.OpGT, ">=": model.OpGE, "==": model.OpEQ, "!=": model.OpNE,
	"and": model.OpAnd, "or": model.OpOr,
}

// overPeriods compiles min(series) or max(series): the reduction op over
// the periods of its one argument.
func (c *compiler) overPeriods(n *node, dst int, op model.Op) val {
	if c.s.Periods <= 1 {
		return c.errorf(n.off, "%s takes two or more values (or, in a periodic scenario, one series); write %s(a, b)", n.op, n.op)
	}
	x := c.gen(n.args[0], -1)
	if x.bad {
		return x
	}
	if !x.series {
		c.release(x)
		return c.errorf(n.off, "%s of one value is that value: write %s(a, b, ...), or give it a series to take the %s over the periods", n.op, n.op, map[string]string{"min": "least", "max": "greatest"}[n.op])
	}
	return c.result(dst, false, model.Instr{Op: op, A: x.slot}, x)
}

// fold computes op on constants and explains a non-finite result.
func fold(op model.Op, a, b, c float64) (float64, string) {
	r := model.Apply(op, a, b, c)
	if !math.IsNaN(r) && !math.IsInf(r, 0) {
		return r, ""
	}
	switch {
	case op == model.OpDiv && b == 0:
		return r, "division by zero: the divisor is the constant 0; write a non-zero divisor"
	case op == model.OpLog && a <= 0:
		return r, fmt.Sprintf("log of %g: the logarithm needs a positive number", a)
	case (op == model.OpLog10 || op == model.OpLog2) && a <= 0:
		return r, fmt.Sprintf("%s of %g: the logarithm needs a positive number", map[model.Op]string{model.OpLog10: "log10", model.OpLog2: "log2"}[op], a)
	case (op == model.OpAsin || op == model.OpAcos) && (a < -1 || a > 1):
		return r, fmt.Sprintf("%s of %g: it needs a number in [-1, 1]", map[model.Op]string{model.OpAsin: "asin", model.OpAcos: "acos"}[op], a)
	case op == model.OpMod && b == 0:
		return r, "mod by zero: the divisor is the constant 0; write a non-zero divisor"
	case op == model.OpMod && math.IsInf(a, 0):
		return r, fmt.Sprintf("mod of %g: the dividend must be finite", a)
	case op == model.OpSqrt && a < 0:
		return r, fmt.Sprintf("sqrt of %g: the square root needs a number >= 0", a)
	}
	return r, fmt.Sprintf("constant expression evaluates to %g", r)
}

// evalConst evaluates a constant expression (a distribution parameter). The
// only name it knows is inf.
func evalConst(n *node) (float64, error) {
	fail := func(off int, format string, args ...any) (float64, error) {
		return 0, &syntaxError{off, fmt.Sprintf(format, args...)}
	}
	args := make([]float64, max(3, len(n.args)))
	for i, a := range n.args {
		v, err := evalConst(a)
		if err != nil {
			return 0, err
		}
		args[i] = v
	}
	var op model.Op
	switch n.kind {
	case nNum:
		return n.num, nil
	case nRef:
		if n.op == "inf" {
			return math.Inf(1), nil
		}
		return fail(n.off, "distribution parameters must be numbers, but %q is a name; to combine inputs, write a formula", n.op)
	case nUnary:
		op = map[string]model.Op{"-": model.OpNeg, "not": model.OpNot}[n.op]
	case nBin:
		op = binOps[n.op]
	case nCall:
		f, ok := funcs[n.op]
		if !ok || f.periodic {
			return fail(n.off, "unknown function %q in a distribution parameter", n.op)
		}
		if len(n.args) < f.min || f.max >= 0 && len(n.args) > f.max {
			return fail(n.off, "%s takes %s; write %s", n.op, argCount(f), f.usage)
		}
		if n.op == "min" || n.op == "max" {
			v := args[0]
			for _, w := range args[1:len(n.args)] {
				v = model.Apply(f.op, v, w, 0)
			}
			return v, nil
		}
		op = f.op
	}
	// Infinite arguments (from inf) may legitimately give infinite results.
	r := model.Apply(op, args[0], args[1], args[2])
	finiteArgs := !math.IsInf(args[0], 0) && !math.IsInf(args[1], 0) && !math.IsInf(args[2], 0)
	if math.IsNaN(r) || math.IsInf(r, 0) && finiteArgs {
		_, msg := fold(op, args[0], args[1], args[2])
		return fail(n.off, "%s", msg)
	}
	return r, nil
}

func argCount(f funcSpec) string {
	switch {
	case f.max < 0:
		return fmt.Sprintf("at least %d arguments", f.min)
	case f.min == f.max && f.min == 1:
		return "1 argument"
	case f.min == f.max:
		return fmt.Sprintf("%d arguments", f.min)
	}
	return fmt.Sprintf("%d to %d arguments", f.min, f.max)
}

// val is the result of compiling an expression: a slot, or a constant not
// yet given a slot.
type val struct {
	slot   int
	series bool
	konst  bool
	c      float64
	temp   bool
	bad    bool // an error was reported; dependent code is not compiled
}

// compiler builds a model.Model from a scenario.
type compiler struct {
	s      *Scenario
	e      *errs
	m      *model.Model
	names  map[string]int // name -> named slot
	series map[string]bool
	bad    map[string]bool // formulas that failed to compile
	// konst holds the value of every formula that is a constant: variants
	// replace inputs, never formulas, so a use of one folds like the
	// constant itself (`cost / rate` after `rate: 1 - 100%` is `cost / 0`).
	konst   map[string]float64
	firsts  map[string]bool // formulas that are a first(condition)
	consts  map[uint64]int
	free    [2][]int // dead temporaries by shape (scalar, series)
	period  int      // slot of `period`, or -1
	dry     int      // > 0 while checking code that is not emitted
	at      func(off int) pos
	current string    // the formula being compiled
	cands   []string  // candidates(), once built
	sugg    suggester // did-you-mean within a budget
}

func shapeIdx(series bool) int {
	if series {
		return 1
	}
	return 0
}

func (c *compiler) errorf(off int, format string, args ...any) val {
	c.e.addAt(c.at(off), format, args...)
	return val{bad: true}
}

func (c *compiler) emit(in model.Instr) {
	// Unused arguments point at a used one of the same or a smaller shape,
	// so that every index is valid and no scalar op appears to read a series.
	switch in.Op {
	case model.OpPeriod:
		in.A, in.B, in.C = in.Dst, in.Dst, in.Dst
	case model.OpCopy, model.OpNeg, model.OpNot, model.OpAbs, model.OpExp, model.OpLog, model.OpSqrt, model.OpSum, model.OpMean, model.OpCumSum,
		model.OpSin, model.OpCos, model.OpTan, model.OpAsin, model.OpAcos, model.OpAtan, model.OpLog10, model.OpLog2,
		model.OpFloor, model.OpCeil, model.OpRound,
		model.OpAny, model.OpAll, model.OpCount, model.OpFirst, model.OpMinOver, model.OpMaxOver, model.OpAt:
		in.B, in.C = in.A, in.A
	case model.OpIf, model.OpClamp, model.OpQNormal, model.OpQLogNormal, model.OpQUniform,
		model.OpQExponential, model.OpQPoisson, model.OpQBernoulli, model.OpQBeta, model.OpQGamma, model.OpQBinomial, model.OpQTriangular,
		model.OpQNegBinomial, model.OpQNegBinMean,
		model.OpQWeibull, model.OpQPareto, model.OpQStudentT, model.OpQLogNormalMean, model.OpQRange:
	default: // binary operations and OpLag
		in.C = in.A
	}
	if c.dry == 0 {
		c.m.Code = append(c.m.Code, in)
	}
}

// alloc returns a temporary slot of the given shape, reusing a dead one.
func (c *compiler) alloc(series bool) int {
	if c.dry > 0 {
		return -1
	}
	f := &c.free[shapeIdx(series)]
	if n := len(*f); n > 0 {
		s := (*f)[n-1]
		*f = (*f)[:n-1]
		return s
	}
	c.m.Slots = append(c.m.Slots, model.Slot{Series: series})
	return len(c.m.Slots) - 1
}

// release marks v's slot dead if it is a temporary.
func (c *compiler) release(vs ...val) {
	for _, v := range vs {
		if v.temp && c.dry == 0 {
			f := &c.free[shapeIdx(v.series)]
			*f = append(*f, v.slot)
		}
	}
}

// slotOf returns the slot holding v, materialising a constant (one slot per
// distinct value).
func (c *compiler) slotOf(v val) int {
	if !v.konst {
		return v.slot
	}
	if c.dry > 0 {
		return -1
	}
	bits := math.Float64bits(v.c)
	if s, ok := c.consts[bits]; ok {
		return s
	}
	c.m.Slots = append(c.m.Slots, model.Slot{Const: true, Value: v.c})
	s := len(c.m.Slots) - 1
	c.consts[bits] = s
	return s
}

// result emits op into dst (or a new temporary) and releases the arguments.
func (c *compiler) result(dst int, series bool, in model.Instr, args ...val) val {
	temp := false
	if dst < 0 {
		dst, temp = c.alloc(series), true
	}
	in.Dst = dst
	c.emit(in)
	c.release(args...)
	return val{slot: dst, series: series, temp: temp}
}

func (c *compiler) constant(off int, op model.Op, a, b, cc float64) val {
	r, msg := fold(op, a, b, cc)
	if msg != "" {
		return c.errorf(off, "%s", msg)
	}
	return val{konst: true, c: r}
}

func (c *compiler) needPeriods(off int, what string) val {
	return c.errorf(off, "%s needs a periodic scenario: add `periods: 12` at the top level", what)
}

// gen compiles n; if dst >= 0 and n is an operation, its result goes to dst.
func (c *compiler) gen(n *node, dst int) val {
	switch n.kind {
	case nNum:
		return val{konst: true, c: n.num}
	case nRef:
		return c.ref(n)
	case nUnary:
		a := c.gen(n.args[0], -1)
		if a.bad {
			return a
		}
		op := model.OpNeg
		if n.op == "not" {
			op = model.OpNot
		}
		if a.konst {
			return c.constant(n.off, op, a.c, 0, 0)
		}
		return c.result(dst, a.series, model.Instr{Op: op, A: c.slotOf(a)}, a)
	case nBin:
		a := c.gen(n.args[0], -1)
		b := c.gen(n.args[1], -1)
		if a.bad || b.bad {
			c.release(a, b)
			return val{bad: true}
		}
		op := binOps[n.op]
		if a.konst && b.konst {
			return c.constant(n.off, op, a.c, b.c, 0)
		}
		// Constants are folded first, so a divisor such as (1 - 1) is
		// seen to be the constant 0 just as a literal 0 is.
		if op == model.OpDiv && b.konst && b.c == 0 {
			c.release(a)
			if n.args[1].kind == nNum {
				return c.errorf(n.args[1].start, "division by zero: the divisor is the constant 0; write a non-zero divisor")
			}
			return c.errorf(n.args[1].start, "division by zero: the divisor %s is the constant 0; write a non-zero divisor", n.args[1].text())
		}
		return c.result(dst, a.series || b.series, model.Instr{Op: op, A: c.slotOf(a), B: c.slotOf(b)}, a, b)
	}
	return c.call(n, dst)
}

func (c *compiler) ref(n *node) val {
	name := n.op
	if s, ok := c.names[name]; ok {
		if c.bad[name] {
			return val{bad: true}
		}
		if v, ok := c.konst[name]; ok {
			return val{konst: true, c: v}
		}
		return val{slot: s, series: c.series[name]}
	}
	if c.s.rejected[name] {
		return val{bad: true} // already reported where it is defined
	}
	if name == "period" {
		if c.s.Periods <= 1 {
			return c.needPeriods(n.off, "`period`")
		}
		if c.dry > 0 {
			return val{slot: -1, series: true}
		}
		if c.period < 0 {
			c.m.Slots = append(c.m.Slots, model.Slot{Name: "period", Series: true})
			c.period = len(c.m.Slots) - 1
			c.emit(model.Instr{Op: model.OpPeriod, Dst: c.period})
		}
		return val{slot: c.period, series: true}
	}
	if _, ok := funcs[name]; ok {
		return c.errorf(n.off, "%s is a function; call it as %s", name, funcs[name].usage)
	}
	return c.errorf(n.off, "unknown name %q%s", name, c.sugg.didYouMean(name, c.candidates()))
}

// candidates lists the names a formula may use, in file order. The list
// is built once per compilation.
func (c *compiler) candidates() []string {
	if c.cands != nil {
		return c.cands
	}
	list := make([]string, 0, len(c.s.Inputs)+len(c.s.Formulas)+1)
	for _, in := range c.s.Inputs {
		list = append(list, in.Name)
	}
	for _, f := range c.s.Formulas {
		list = append(list, f.Name)
	}
	if c.s.Periods > 1 {
		list = append(list, "period")
	}
	c.cands = list
	return list
}

func (c *compiler) call(n *node, dst int) val {
	f, ok := funcs[n.op]
	if !ok {
		if _, isFam := families[n.op]; isFam {
			return c.errorf(n.off, "%s(...) is a distribution: declare it under inputs (e.g. `x: %s(...)`) and use its name here", n.op, n.op)
		}
		if _, isName := c.names[n.op]; isName {
			return c.errorf(n.off, "%q is not a function; to multiply write `%s * (...)`", n.op, n.op)
		}
		return c.errorf(n.off, "unknown function %q%s", n.op, didYouMean(n.op, funcNames))
	}
	if f.periodic && c.s.Periods <= 1 {
		return c.needPeriods(n.off, n.op)
	}
	if len(n.args) < f.min || f.max >= 0 && len(n.args) > f.max {
		return c.errorf(n.off, "%s takes %s, got %d; write %s", n.op, argCount(f), len(n.args), f.usage)
	}
	switch n.op {
	case "if":
		cond := c.gen(n.args[0], -1)
		if cond.bad {
			return cond
		}
		if cond.konst {
			// Only the branch taken is emitted; the other is still checked.
			live, dead := n.args[1], n.args[2]
			if cond.c == 0 {
				live, dead = dead, live
			}
			c.dry++
			d := c.gen(dead, -1)
			c.dry--
			v := c.gen(live, dst)
			if d.bad {
				c.release(v)
				return d
			}
			return v
		}
		a := c.gen(n.args[1], -1)
		b := c.gen(n.args[2], -1)
		if a.bad || b.bad {
			c.release(cond, a, b)
			return val{bad: true}
		}
		series := cond.series || a.series || b.series
		return c.result(dst, series, model.Instr{Op: model.OpIf, A: c.slotOf(cond), B: c.slotOf(a), C: c.slotOf(b)}, cond, a, b)
	case "min", "max":
		if len(n.args) == 1 {
			return c.overPeriods(n, dst, map[string]model.Op{"min": model.OpMinOver, "max": model.OpMaxOver}[n.op])
		}
		acc := c.gen(n.args[0], -1)
		for i, arg := range n.args[1:] {
			b := c.gen(arg, -1)
			if acc.bad || b.bad {
				c.release(acc, b)
				acc = val{bad: true}
				continue
			}
			if acc.konst && b.konst {
				acc = c.constant(n.off, f.op, acc.c, b.c, 0)
				continue
			}
			d := -1
			if i == len(n.args)-2 {
				d = dst
			}
			acc = c.result(d, acc.series || b.series, model.Instr{Op: f.op, A: c.slotOf(acc), B: c.slotOf(b)}, acc, b)
		}
		return acc
	case "atan2", "mod", "pow":
		a, b := c.gen(n.args[0], -1), c.gen(n.args[1], -1)
		if a.bad || b.bad {
			c.release(a, b)
			return val{bad: true}
		}
		if a.konst && b.konst {
			return c.constant(n.off, f.op, a.c, b.c, 0)
		}
		return c.result(dst, a.series || b.series, model.Instr{Op: f.op, A: c.slotOf(a), B: c.slotOf(b)}, a, b)
	case "abs", "exp", "log", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "log10", "log2", "floor", "ceil", "round":
		a := c.gen(n.args[0], -1)
		if a.bad {
			return a
		}
		if a.konst {
			return c.constant(n.off, f.op, a.c, 0, 0)
		}
		return c.result(dst, a.series, model.Instr{Op: f.op, A: c.slotOf(a)}, a)
	case "$normal", "$lognormal", "$uniform", "$exponential", "$poisson", "$bernoulli", "$beta", "$gamma", "$binomial", "$triangular",
		"$negbinomial", "$negbinmean", "$weibull", "$pareto", "$studentt", "$lognormalmean", "$range":
		var vs []val
		series := false
		for _, a := range n.args {
			v := c.gen(a, -1)
			if v.bad {
				c.release(vs...)
				return v
			}
			vs = append(vs, v)
			series = series || v.series
		}
		in := model.Instr{Op: f.op, A: c.slotOf(vs[0]), B: c.slotOf(vs[1])}
		in.C = in.B
		if len(vs) > 2 {
			in.C = c.slotOf(vs[2])
		}
		return c.result(dst, series, in, vs...)
	case "$compound", "$compoundmax":
		count := c.gen(n.args[0], -1)
		if count.bad {
			return count
		}
		key := c.gen(n.args[1], -1)
		if key.bad {
			c.release(count)
			return key
		}
		in := model.Instr{Op: f.op, A: c.slotOf(count), B: c.slotOf(key), Dist: n.dist}
		return c.result(dst, count.series || key.series, in, count, key)
	case "clamp":
		x, lo, hi := c.gen(n.args[0], -1), c.gen(n.args[1], -1), c.gen(n.args[2], -1)
		if x.bad || lo.bad || hi.bad {
			c.release(x, lo, hi)
			return val{bad: true}
		}
		if lo.konst && hi.konst && lo.c > hi.c {
			c.release(x)
			return c.errorf(n.off, "clamp: lo %g is greater than hi %g; write clamp(x, lo, hi)", lo.c, hi.c)
		}
		if x.konst && lo.konst && hi.konst {
			return c.constant(n.off, f.op, x.c, lo.c, hi.c)
		}
		series := x.series || lo.series || hi.series
		return c.result(dst, series, model.Instr{Op: model.OpClamp, A: c.slotOf(x), B: c.slotOf(lo), C: c.slotOf(hi)}, x, lo, hi)
	}
	// sum, mean, cumsum, lag: functions of a series.
	x := c.gen(n.args[0], -1)
	if x.bad {
		return x
	}
	if !x.series {
		c.release(x)
		return c.errorf(n.off, "%s needs a series (one value per period), but its argument has one value per trial; "+
			"use a per_period input or a formula of `period`", n.op)
	}
	switch n.op {
	case "sum", "mean", "any", "all", "count", "first":
		return c.result(dst, false, model.Instr{Op: f.op, A: x.slot}, x)
	case "last":
		return c.result(dst, false, model.Instr{Op: model.OpAt, A: x.slot, K: c.s.Periods - 1}, x)
	case "cumsum":
		return c.result(dst, true, model.Instr{Op: f.op, A: x.slot}, x)
	}
	k := c.gen(n.args[1], -1)
	if k.bad {
		c.release(x)
		return k
	}
	if n.op == "at" {
		if !k.konst || k.c != math.Trunc(k.c) || k.c < 1 || k.c > float64(c.s.Periods) {
			c.release(x, k)
			return c.errorf(n.args[1].off, "at: k must be a whole number from 1 to %d (the periods)", c.s.Periods)
		}
		return c.result(dst, false, model.Instr{Op: model.OpAt, A: x.slot, K: int(k.c) - 1}, x)
	}
	if k.konst && k.c == 0 && len(n.args) == 2 { // lag(x, 0) is x
		return c.result(dst, true, model.Instr{Op: model.OpCopy, A: x.slot}, x)
	}
	if !k.konst || k.c != math.Trunc(k.c) || k.c < 0 || k.c >= float64(c.s.Periods) {
		c.release(x, k)
		return c.errorf(n.args[1].off, "lag: k must be a whole number from 0 to %d (periods - 1)", c.s.Periods-1)
	}
	fill := val{konst: true}
	if len(n.args) == 3 {
		if fill = c.gen(n.args[2], -1); fill.bad {
			c.release(x)
			return fill
		}
	}
	return c.result(dst, true, model.Instr{Op: model.OpLag, A: x.slot, B: c.slotOf(fill), K: int(k.c)}, x, fill)
}

// deps appends to out the formula names n refers to, in order of appearance.
func deps(n *node, isFormula map[string]bool, out []string) []string {
	if n.kind == nRef && isFormula[n.op] {
		out = append(out, n.op)
	}
	for _, a := range n.args {
		out = deps(a, isFormula, out)
	}
	return out
}

// order returns the formulas in evaluation order (each after the formulas it
// uses; ties in file order) and reports every cycle once.
func (s *Scenario) order(e *errs, bad map[string]bool) []int {
	idx := make(map[string]int, len(s.Formulas))
	isFormula := make(map[string]bool, len(s.Formulas))
	for i, f := range s.Formulas {
		idx[f.Name] = i
		isFormula[f.Name] = true
	}
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(s.Formulas))
	var out, stack []int
	reported := map[string]bool{}
	var visit func(i int)
	visit = func(i int) {
		color[i] = grey
		stack = append(stack, i)
		if ast := s.asts[i]; ast != nil {
			for _, name := range deps(ast, isFormula, nil) {
				j := idx[name]
				switch color[j] {
				case white:
					visit(j)
				case grey:
					// The cycle is stack[k:] for the k where stack[k] == j.
					k := len(stack) - 1
					for stack[k] != j {
						k--
					}
					cyc := append([]int(nil), stack[k:]...)
					// Start the cycle at its first formula in file order.
					m := 0
					for t := range cyc {
						if cyc[t] < cyc[m] {
							m = t
						}
					}
					cyc = append(cyc[m:], cyc[:m]...)
					names := make([]string, len(cyc)+1)
					for t, f := range cyc {
						names[t] = s.Formulas[f].Name
						bad[names[t]] = true
					}
					names[len(cyc)] = names[0]
					key := strings.Join(names, " -> ")
					if !reported[key] {
						reported[key] = true
						f := s.Formulas[cyc[0]]
						e.add(f.Line, f.Col, "cycle: %s; a formula cannot depend on itself", key)
					}
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
		out = append(out, i)
	}
	for i := range s.Formulas {
		if color[i] == white {
			visit(i)
		}
	}
	return out
}

// compile builds the model of s, reporting errors to e; the model is nil
// if there were any.
func (s *Scenario) compile(e *errs) *model.Model {
	n0 := len(e.list)
	c := &compiler{
		s:      s,
		e:      e,
		m:      &model.Model{Periods: max(s.Periods, 1)},
		names:  map[string]int{},
		series: map[string]bool{},
		bad:    map[string]bool{},
		konst:  map[string]float64{},
		firsts: map[string]bool{},
		consts: map[uint64]int{},
		period: -1,
	}
	for _, in := range s.Inputs {
		series := in.PerPeriod && s.Periods > 1
		c.m.Slots = append(c.m.Slots, model.Slot{Name: in.Name, Series: series})
		slot := len(c.m.Slots) - 1
		name, dist := in.Name, in.Distribution
		if in.Parametric {
			// Its formula maps this uniform draw, keyed by the input's name.
			name, dist = drawRef(in.Name), uniformDraw
		}
		c.names[name], c.series[name] = slot, series
		c.m.Inputs = append(c.m.Inputs, model.Input{Name: in.Name, Dist: dist, Spec: in.Dist, Slot: slot, PerPeriod: series})
	}
	for i, f := range s.Formulas {
		if s.asts[i] == nil {
			c.bad[f.Name] = true
		}
	}
	order := s.order(e, c.bad)
	for _, i := range order {
		f := s.Formulas[i]
		c.m.Slots = append(c.m.Slots, model.Slot{Name: f.Name})
		c.names[f.Name] = len(c.m.Slots) - 1
	}
	for _, i := range order {
		f := s.Formulas[i]
		if c.bad[f.Name] {
			continue
		}
		c.at, c.current = s.fpos[i], f.Name
		dst := c.names[f.Name]
		v := c.gen(s.asts[i], dst)
		if v.bad {
			c.bad[f.Name] = true
			continue
		}
		if v.slot != dst || v.konst {
			c.emit(model.Instr{Op: model.OpCopy, Dst: dst, A: c.slotOf(v)})
			c.release(v)
		}
		if v.konst {
			c.konst[f.Name] = v.c
		}
		c.m.Slots[dst].Series = v.series
		c.series[f.Name] = v.series
		if ast := s.asts[i]; ast.kind == nCall && ast.op == "first" {
			c.firsts[f.Name] = true
		}
		if f.Param {
			// The draw's column takes the value, so that the sample, the
			// drivers and the inputs figure see the input as drawn.
			u := c.names[drawRef(f.Name)]
			if v.series && !c.series[drawRef(f.Name)] {
				c.e.add(f.Line, f.Col, "input %q: its parameters vary by period, so it needs a draw per period: add `per_period: true`", f.Name)
				c.bad[f.Name] = true
				continue
			}
			c.emit(model.Instr{Op: model.OpCopy, Dst: u, A: dst})
		}
		c.m.Formulas = append(c.m.Formulas, model.Named{Name: f.Name, Slot: dst})
	}
	for _, o := range s.Outputs {
		slot, ok := c.names[o.Name]
		if !ok && s.rejected[o.Name] {
			continue
		}
		if !ok {
			e.add(o.Line, o.Col, "output %q is not an input or formula%s", o.Name, c.sugg.didYouMean(o.Name, c.candidates()))
			continue
		}
		label, unit := o.Label, o.Unit
		if label == "" {
			label = o.Name
		}
		if unit == "" {
			unit = s.Unit
		}
		c.m.Outputs = append(c.m.Outputs, model.Output{
			Name: o.Name, Label: label, Unit: unit, Slot: slot,
			Thresholds:  append([]float64(nil), o.Thresholds...),
			Below:       append([]float64(nil), o.Below...),
			Percentiles: append([]float64(nil), o.Percentiles...),
			FirstPeriod: c.firsts[o.Name],
		})
	}
	if len(e.list) > n0 {
		return nil
	}
	return c.m
}
