package sim

import (
	"math"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// column is one slot's storage for a block: BlockSize values per period.
type column struct {
	data   []float64
	series bool
	konst  bool
	value  float64
	// uniform marks a column whose every trial holds the same value in
	// each period (a constant, the period number, a formula of those only,
	// as period - 7): exec computes such a value once per period and fills
	// the column, and an argument that is uniform lets an operation use
	// its scalar loops. Set by exec for the block it runs.
	uniform bool
}

// at returns period t's values (all of them for a scalar column).
func (c *column) at(t int) []float64 {
	if !c.series {
		return c.data[:BlockSize]
	}
	return c.data[t*BlockSize : (t+1)*BlockSize]
}

// machine evaluates a Model's program over one block at a time. Each worker
// owns one: its columns are reused for every block.
type machine struct {
	m    *model.Model
	cols []column
	// compounds holds the sampler of each compound-sum instruction, by
	// its index in the program.
	compounds map[int]*distributions.CompoundSampler
}

func newMachine(m *model.Model) *machine {
	vm := &machine{m: m, cols: make([]column, len(m.Slots))}
	for k, in := range m.Code {
		if in.Op == model.OpCompound || in.Op == model.OpCompoundMax {
			if vm.compounds == nil {
				vm.compounds = map[int]*distributions.CompoundSampler{}
			}
			vm.compounds[k] = distributions.NewCompoundSampler(in.Dist, in.Op == model.OpCompoundMax)
		}
	}
	for i, s := range m.Slots {
		n := BlockSize
		if s.Series {
			n *= m.Periods
		}
		c := column{data: make([]float64, n), series: s.Series, konst: s.Const, value: s.Value, uniform: s.Const}
		if s.Const {
			for j := range c.data {
				c.data[j] = s.Value
			}
		}
		vm.cols[i] = c
	}
	return vm
}

// exec runs the program on the first n trials of the block.
func (vm *machine) exec(n int) {
	T := vm.m.Periods
	for k, in := range vm.m.Code {
		d := &vm.cols[in.Dst]
		a, b, c := &vm.cols[in.A], &vm.cols[in.B], &vm.cols[in.C]
		periods := 1
		if d.series {
			periods = T
		}
		d.uniform = false
		switch in.Op {
		case model.OpPeriod:
			for t := range T {
				fill(d.at(t)[:n], float64(t+1))
			}
			d.uniform = true
		case model.OpSum, model.OpMean:
			dst := d.at(0)[:n]
			copy(dst, a.at(0)[:n])
			for t := 1; t < T; t++ {
				binaryVec(model.OpAdd, dst, dst, a.at(t)[:n])
			}
			if in.Op == model.OpMean {
				binaryK(model.OpDiv, dst, dst, float64(T))
			}
		case model.OpAny, model.OpAll, model.OpCount, model.OpFirst, model.OpMinOver, model.OpMaxOver:
			reduce(in.Op, d.at(0)[:n], a, T, n)
		case model.OpAt:
			copy(d.at(0)[:n], a.at(in.K)[:n])
		case model.OpCumSum:
			copy(d.at(0)[:n], a.at(0)[:n])
			for t := 1; t < T; t++ {
				binaryVec(model.OpAdd, d.at(t)[:n], d.at(t - 1)[:n], a.at(t)[:n])
			}
		case model.OpLag:
			for t := T - 1; t >= 0; t-- { // backwards, so that Dst may alias A
				if t >= in.K {
					copy(d.at(t)[:n], a.at(t - in.K)[:n])
				} else {
					copy(d.at(t)[:n], b.at(t)[:n])
				}
			}
		case model.OpCompound, model.OpCompoundMax:
			cs := vm.compounds[k]
			for t := range periods {
				dst, counts, keys := d.at(t)[:n], a.at(t)[:n], b.at(t)[:n]
				for i := range dst {
					dst[i] = cs.Draw(counts[i], math.Float64bits(keys[i]))
				}
			}
		default:
			if n > 0 && !noUniform && uniformArgs(in.Op, a, b, c) {
				// One value per period, the same for every trial: compute it
				// once (model.Apply, which every vector loop matches to the
				// bit) and fill the period.
				for t := range periods {
					fill(d.at(t)[:n], model.Apply(in.Op, a.at(t)[0], b.at(t)[0], c.at(t)[0]))
				}
				d.uniform = true
				continue
			}
			for t := range periods {
				elementwise(in.Op, d.at(t)[:n], a, b, c, t)
			}
		}
	}
}

// noUniform turns the uniform-column shortcut off, for the test that
// checks it changes no result.
var noUniform bool

// uniformArgs reports whether every argument op reads is uniform (and op
// is computed element by element from them).
func uniformArgs(op model.Op, a, b, c *column) bool {
	switch op {
	case model.OpCopy, model.OpNeg, model.OpNot, model.OpAbs, model.OpExp, model.OpLog, model.OpSqrt,
		model.OpSin, model.OpCos, model.OpTan, model.OpAsin, model.OpAcos, model.OpAtan,
		model.OpLog10, model.OpLog2, model.OpFloor, model.OpCeil, model.OpRound:
		return a.uniform
	case model.OpIf, model.OpClamp:
		return a.uniform && b.uniform && c.uniform
	case model.OpQNormal, model.OpQLogNormal, model.OpQUniform, model.OpQExponential, model.OpQPoisson, model.OpQBernoulli,
		model.OpQBeta, model.OpQGamma, model.OpQBinomial, model.OpQTriangular, model.OpQNegBinomial, model.OpQNegBinMean,
		model.OpQWeibull, model.OpQPareto, model.OpQStudentT, model.OpQLogNormalMean, model.OpQRange:
		return false // a quantile of each trial's own draw
	}
	return a.uniform && b.uniform
}

func fill(d []float64, v float64) {
	for i := range d {
		d[i] = v
	}
}

// elementwise applies op to period t of its arguments, using the constant
// value directly where an argument is a constant column.
func elementwise(op model.Op, d []float64, a, b, c *column, t int) {
	n := len(d)
	switch op {
	case model.OpCopy:
		copy(d, a.at(t)[:n])
	case model.OpNeg, model.OpNot, model.OpAbs, model.OpExp, model.OpLog, model.OpSqrt:
		unary(op, d, a.at(t)[:n])
	case model.OpSin, model.OpCos, model.OpTan, model.OpAsin, model.OpAcos, model.OpAtan,
		model.OpLog10, model.OpLog2, model.OpFloor, model.OpCeil, model.OpRound:
		unaryApply(op, d, a.at(t)[:n])
	case model.OpIf:
		if a.uniform && !noUniform { // one condition for the whole period: a copy of one branch
			switch v := a.at(t)[0]; {
			case v != v:
				fill(d, v)
			case v != 0:
				copy(d, b.at(t)[:n])
			default:
				copy(d, c.at(t)[:n])
			}
			return
		}
		cond, x, y := a.at(t)[:n], b.at(t)[:n], c.at(t)[:n]
		for i := range d {
			switch v := cond[i]; {
			case v != v:
				d[i] = v
			case v != 0:
				d[i] = x[i]
			default:
				d[i] = y[i]
			}
		}
	case model.OpClamp:
		x, lo, hi := a.at(t)[:n], b.at(t)[:n], c.at(t)[:n]
		for i := range d {
			d[i] = math.Min(math.Max(x[i], lo[i]), hi[i])
		}
	case model.OpQNormal, model.OpQLogNormal, model.OpQUniform, model.OpQExponential, model.OpQPoisson, model.OpQBernoulli,
		model.OpQBeta, model.OpQGamma, model.OpQBinomial, model.OpQTriangular, model.OpQNegBinomial, model.OpQNegBinMean,
		model.OpQWeibull, model.OpQPareto, model.OpQStudentT, model.OpQLogNormalMean, model.OpQRange:
		u, p, q := a.at(t)[:n], b.at(t)[:n], c.at(t)[:n]
		for i := range d {
			d[i] = model.Apply(op, u[i], p[i], q[i])
		}
	default:
		arith := op == model.OpAdd || op == model.OpSub || op == model.OpMul || op == model.OpDiv
		switch {
		case arith && b.konst:
			binaryK(op, d, a.at(t)[:n], b.value)
		case arith && a.konst:
			kBinary(op, d, a.value, b.at(t)[:n])
		case (arith || op == model.OpPow) && b.uniform && !noUniform: // period - 7, (1 + r) ^ (period - 7)
			binaryK(op, d, a.at(t)[:n], b.at(t)[0])
		case arith && a.uniform && !noUniform:
			kBinary(op, d, a.at(t)[0], b.at(t)[:n])
		default: // a constant column holds its value in every element
			binaryVec(op, d, a.at(t)[:n], b.at(t)[:n])
		}
	}
}

// binaryVec sets d[i] = a[i] op b[i]. The four arithmetic operators have their
// own loops, which the compiler keeps free of calls and bounds checks.
func binaryVec(op model.Op, d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case model.OpAdd:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case model.OpSub:
		for i := range d {
			d[i] = a[i] - b[i]
		}
	case model.OpMul:
		for i := range d {
			d[i] = a[i] * b[i]
		}
	case model.OpDiv:
		for i := range d {
			d[i] = a[i] / b[i]
		}
	case model.OpPow:
		for i := range d {
			d[i] = pow(a[i], b[i])
		}
	case model.OpLT, model.OpLE, model.OpGT, model.OpGE, model.OpEQ, model.OpNE:
		compare(op, d, a, b)
	case model.OpMin:
		for i := range d {
			d[i] = math.Min(a[i], b[i])
		}
	case model.OpMax:
		for i := range d {
			d[i] = math.Max(a[i], b[i])
		}
	default:
		for i := range d {
			d[i] = model.Apply(op, a[i], b[i], 0)
		}
	}
}

// compare sets d[i] = a[i] op b[i] for a comparison: 1 or 0, NaN when
// either is NaN (model.Apply's semantics), one loop per operator.
func compare(op model.Op, d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	nan := math.NaN()
	cmp := func(f func(x, y float64) bool) {
		for i := range d {
			x, y := a[i], b[i]
			v := 0.0
			if f(x, y) {
				v = 1
			}
			if x != x || y != y {
				v = nan
			}
			d[i] = v
		}
	}
	switch op {
	case model.OpLT:
		cmp(func(x, y float64) bool { return x < y })
	case model.OpLE:
		cmp(func(x, y float64) bool { return x <= y })
	case model.OpGT:
		cmp(func(x, y float64) bool { return x > y })
	case model.OpGE:
		cmp(func(x, y float64) bool { return x >= y })
	case model.OpEQ:
		cmp(func(x, y float64) bool { return x == y })
	case model.OpNE:
		cmp(func(x, y float64) bool { return x != y })
	}
}

// pow returns math.Pow(x, y), faster for a small integer exponent, and to
// the same bits: for integer y with |y| <= 64 and 2^-15 <= |x| <= 2^15,
// math.Pow multiplies successive squarings of x's mantissa by the bits of
// |y| (then inverts for y < 0), and every product it rounds is normal, so
// the same products on the whole values round alike (scaling by powers of
// two is exact). TestPowMatchesMathPow checks it.
func pow(x, y float64) float64 {
	ax := math.Abs(x)
	if y != math.Trunc(y) || y > 64 || y < -64 || ax < 0x1p-15 || ax > 0x1p15 || y == 0 || y == 1 {
		return math.Pow(x, y)
	}
	a1, x1 := 1.0, x
	for i := int64(math.Abs(y)); i != 0; i >>= 1 {
		if i&1 == 1 {
			a1 *= x1
		}
		x1 *= x1
	}
	if y < 0 {
		a1 = 1 / a1
	}
	return a1
}

// binaryK sets d[i] = a[i] op k.
func binaryK(op model.Op, d, a []float64, k float64) {
	a = a[:len(d)]
	switch op {
	case model.OpAdd:
		for i := range d {
			d[i] = a[i] + k
		}
	case model.OpSub:
		for i := range d {
			d[i] = a[i] - k
		}
	case model.OpMul:
		for i := range d {
			d[i] = a[i] * k
		}
	case model.OpDiv:
		for i := range d {
			d[i] = a[i] / k
		}
	case model.OpPow:
		for i := range d {
			d[i] = pow(a[i], k)
		}
	default:
		for i := range d {
			d[i] = model.Apply(op, a[i], k, 0)
		}
	}
}

// kBinary sets d[i] = k op b[i].
func kBinary(op model.Op, d []float64, k float64, b []float64) {
	b = b[:len(d)]
	switch op {
	case model.OpAdd:
		for i := range d {
			d[i] = k + b[i]
		}
	case model.OpSub:
		for i := range d {
			d[i] = k - b[i]
		}
	case model.OpMul:
		for i := range d {
			d[i] = k * b[i]
		}
	case model.OpDiv:
		for i := range d {
			d[i] = k / b[i]
		}
	default:
		for i := range d {
			d[i] = model.Apply(op, k, b[i], 0)
		}
	}
}

func unary(op model.Op, d, a []float64) {
	a = a[:len(d)]
	for i := range d {
		x := a[i]
		switch op {
		case model.OpNeg:
			x = -x
		case model.OpNot:
			x = model.Apply(model.OpNot, x, 0, 0)
		case model.OpAbs:
			x = math.Abs(x)
		case model.OpExp:
			x = math.Exp(x)
		case model.OpLog:
			x = math.Log(x)
		case model.OpSqrt:
			x = math.Sqrt(x)
		}
		d[i] = x
	}
}

// unaryApply sets d[i] = op(a[i]) for the less common one-argument
// functions, one loop per function calling the function model.Apply calls.
func unaryApply(op model.Op, d, a []float64) {
	a = a[:len(d)]
	var f func(float64) float64
	switch op {
	case model.OpSin:
		f = math.Sin
	case model.OpCos:
		f = math.Cos
	case model.OpTan:
		f = math.Tan
	case model.OpAsin:
		f = math.Asin
	case model.OpAcos:
		f = math.Acos
	case model.OpAtan:
		f = math.Atan
	case model.OpLog10:
		f = math.Log10
	case model.OpLog2:
		f = math.Log2
	case model.OpFloor:
		f = math.Floor
	case model.OpCeil:
		f = math.Ceil
	case model.OpRound:
		f = math.Round
	default:
		for i := range d {
			d[i] = model.Apply(op, a[i], 0, 0)
		}
		return
	}
	for i := range d {
		d[i] = f(a[i])
	}
}

// reduce sets d[i] to the reduction op over the T periods of column a, as
// model.Reduce defines it, one pass over the columns per period.
func reduce(op model.Op, d []float64, a *column, T, n int) {
	switch op {
	case model.OpMinOver, model.OpMaxOver:
		pairwise := model.OpMin
		if op == model.OpMaxOver {
			pairwise = model.OpMax
		}
		copy(d, a.at(0)[:n])
		for t := 1; t < T; t++ {
			binaryVec(pairwise, d, d, a.at(t)[:n])
		}
		return // NaN as math.Min and math.Max have it
	case model.OpFirst:
		fill(d, float64(T+1))
		for t := T - 1; t >= 0; t-- {
			for i, x := range a.at(t)[:n] {
				if x != 0 {
					d[i] = float64(t + 1)
				}
			}
		}
	default: // any, all, count: count the true periods
		fill(d, 0)
		for t := range T {
			for i, x := range a.at(t)[:n] {
				if x != 0 {
					d[i]++
				}
			}
		}
		for i, c := range d {
			switch op {
			case model.OpAny:
				d[i] = model.Apply(model.OpGT, c, 0, 0)
			case model.OpAll:
				d[i] = model.Apply(model.OpEQ, c, float64(T), 0)
			}
		}
	}
	// A NaN in any period makes the result NaN.
	nan := math.NaN()
	for t := range T {
		for i, x := range a.at(t)[:n] {
			if x != x {
				d[i] = nan
			}
		}
	}
}
