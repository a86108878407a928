package sim

import (
	"fmt"
	"math"
)

// column is one slot's storage for a block: BlockSize values per period.
type column struct {
	data   []float64
	series bool
	konst  bool
	value  float64
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
	m    *Model
	cols []column
}

// check reports a malformed Model: the scenario compiler must never build one.
func check(m *Model) error {
	if m.Periods < 1 {
		return fmt.Errorf("sim: model has %d periods", m.Periods)
	}
	ok := func(s int) bool { return s >= 0 && s < len(m.Slots) }
	for _, in := range m.Inputs {
		if !ok(in.Slot) || in.Dist == nil || m.Slots[in.Slot].Series != in.PerPeriod {
			return fmt.Errorf("sim: input %q is malformed", in.Name)
		}
	}
	for i, c := range m.Code {
		if !ok(c.Dst) || !ok(c.A) || !ok(c.B) || !ok(c.C) || m.Slots[c.Dst].Const {
			return fmt.Errorf("sim: instruction %d (op %d) is malformed", i, c.Op)
		}
		dst := m.Slots[c.Dst].Series
		switch c.Op {
		case OpSum, OpMean:
			if dst || !m.Slots[c.A].Series {
				return fmt.Errorf("sim: instruction %d: sum/mean takes a series to a scalar", i)
			}
		case OpPeriod, OpCumSum, OpLag:
			if !dst {
				return fmt.Errorf("sim: instruction %d: period operation needs a series destination", i)
			}
		default:
			for _, a := range []int{c.A, c.B, c.C} {
				if m.Slots[a].Series && !dst {
					return fmt.Errorf("sim: instruction %d writes a series into a scalar slot", i)
				}
			}
		}
	}
	for _, o := range m.Outputs {
		if !ok(o.Slot) {
			return fmt.Errorf("sim: output %q is malformed", o.Name)
		}
	}
	for _, f := range m.Formulas {
		if !ok(f.Slot) {
			return fmt.Errorf("sim: formula %q is malformed", f.Name)
		}
	}
	return nil
}

func newMachine(m *Model) *machine {
	vm := &machine{m: m, cols: make([]column, len(m.Slots))}
	for i, s := range m.Slots {
		n := BlockSize
		if s.Series {
			n *= m.Periods
		}
		c := column{data: make([]float64, n), series: s.Series, konst: s.Const, value: s.Value}
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
	for _, in := range vm.m.Code {
		d := &vm.cols[in.Dst]
		a, b, c := &vm.cols[in.A], &vm.cols[in.B], &vm.cols[in.C]
		periods := 1
		if d.series {
			periods = T
		}
		switch in.Op {
		case OpPeriod:
			for t := range T {
				fill(d.at(t)[:n], float64(t+1))
			}
		case OpSum, OpMean:
			dst := d.at(0)[:n]
			copy(dst, a.at(0)[:n])
			for t := 1; t < T; t++ {
				binary(OpAdd, dst, dst, a.at(t)[:n])
			}
			if in.Op == OpMean {
				binaryK(OpDiv, dst, dst, float64(T))
			}
		case OpCumSum:
			copy(d.at(0)[:n], a.at(0)[:n])
			for t := 1; t < T; t++ {
				binary(OpAdd, d.at(t)[:n], d.at(t - 1)[:n], a.at(t)[:n])
			}
		case OpLag:
			for t := T - 1; t >= 0; t-- { // backwards, so that Dst may alias A
				if t >= in.K {
					copy(d.at(t)[:n], a.at(t - in.K)[:n])
				} else {
					copy(d.at(t)[:n], b.at(t)[:n])
				}
			}
		default:
			for t := range periods {
				elementwise(in.Op, d.at(t)[:n], a, b, c, t)
			}
		}
	}
}

func fill(d []float64, v float64) {
	for i := range d {
		d[i] = v
	}
}

// elementwise applies op to period t of its arguments, using the constant
// value directly where an argument is a constant column.
func elementwise(op Op, d []float64, a, b, c *column, t int) {
	n := len(d)
	switch op {
	case OpCopy:
		copy(d, a.at(t)[:n])
	case OpNeg, OpNot, OpAbs, OpExp, OpLog, OpSqrt:
		unary(op, d, a.at(t)[:n])
	case OpIf:
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
	case OpClamp:
		x, lo, hi := a.at(t)[:n], b.at(t)[:n], c.at(t)[:n]
		for i := range d {
			d[i] = math.Min(math.Max(x[i], lo[i]), hi[i])
		}
	default:
		switch {
		case b.konst:
			binaryK(op, d, a.at(t)[:n], b.value)
		case a.konst:
			kBinary(op, d, a.value, b.at(t)[:n])
		default:
			binary(op, d, a.at(t)[:n], b.at(t)[:n])
		}
	}
}

// binary sets d[i] = a[i] op b[i]. The four arithmetic operators have their
// own loops, which the compiler keeps free of calls and bounds checks.
func binary(op Op, d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case OpAdd:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case OpSub:
		for i := range d {
			d[i] = a[i] - b[i]
		}
	case OpMul:
		for i := range d {
			d[i] = a[i] * b[i]
		}
	case OpDiv:
		for i := range d {
			d[i] = a[i] / b[i]
		}
	default:
		for i := range d {
			d[i] = apply(op, a[i], b[i])
		}
	}
}

// binaryK sets d[i] = a[i] op k.
func binaryK(op Op, d, a []float64, k float64) {
	a = a[:len(d)]
	switch op {
	case OpAdd:
		for i := range d {
			d[i] = a[i] + k
		}
	case OpSub:
		for i := range d {
			d[i] = a[i] - k
		}
	case OpMul:
		for i := range d {
			d[i] = a[i] * k
		}
	case OpDiv:
		for i := range d {
			d[i] = a[i] / k
		}
	default:
		for i := range d {
			d[i] = apply(op, a[i], k)
		}
	}
}

// kBinary sets d[i] = k op b[i].
func kBinary(op Op, d []float64, k float64, b []float64) {
	b = b[:len(d)]
	switch op {
	case OpAdd:
		for i := range d {
			d[i] = k + b[i]
		}
	case OpSub:
		for i := range d {
			d[i] = k - b[i]
		}
	case OpMul:
		for i := range d {
			d[i] = k * b[i]
		}
	case OpDiv:
		for i := range d {
			d[i] = k / b[i]
		}
	default:
		for i := range d {
			d[i] = apply(op, k, b[i])
		}
	}
}

func unary(op Op, d, a []float64) {
	a = a[:len(d)]
	for i := range d {
		x := a[i]
		switch op {
		case OpNeg:
			x = -x
		case OpNot:
			if x == x {
				x = truth(x == 0)
			}
		case OpAbs:
			x = math.Abs(x)
		case OpExp:
			x = math.Exp(x)
		case OpLog:
			x = math.Log(x)
		case OpSqrt:
			x = math.Sqrt(x)
		}
		d[i] = x
	}
}

// apply evaluates a binary operation on two numbers. Comparisons and logic
// propagate NaN rather than turning it into true or false, so that a NaN
// can never hide behind an if.
func apply(op Op, x, y float64) float64 {
	if (x != x || y != y) && op >= OpLT && op <= OpOr {
		return math.NaN()
	}
	switch op {
	case OpAdd:
		return x + y
	case OpSub:
		return x - y
	case OpMul:
		return x * y
	case OpDiv:
		return x / y
	case OpPow:
		return math.Pow(x, y)
	case OpLT:
		return truth(x < y)
	case OpLE:
		return truth(x <= y)
	case OpGT:
		return truth(x > y)
	case OpGE:
		return truth(x >= y)
	case OpEQ:
		return truth(x == y)
	case OpNE:
		return truth(x != y)
	case OpAnd:
		return truth(x != 0 && y != 0)
	case OpOr:
		return truth(x != 0 || y != 0)
	case OpMin:
		return math.Min(x, y)
	case OpMax:
		return math.Max(x, y)
	}
	panic(fmt.Sprintf("sim: op %d is not binary", op))
}

func truth(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
