package model

import (
	"fmt"
	"math"
)

// Apply computes one element of op on scalar arguments a, b and c (unused
// arguments are ignored). It is the one definition of every element-wise
// operation: the scenario compiler folds constants with it, and the engine's
// vector loops are tested against it.
//
// Arithmetic follows IEEE 754. Comparisons and logic yield 1 for true and 0
// for false, and propagate NaN instead of turning it into true or false, so
// that a NaN never hides behind an if: a NaN condition makes OpIf NaN, and
// OpNot of NaN is NaN.
func Apply(op Op, a, b, c float64) float64 {
	if op >= OpLT && op <= OpOr && (a != a || b != b) {
		return math.NaN()
	}
	switch op {
	case OpCopy:
		return a
	case OpAdd:
		return a + b
	case OpSub:
		return a - b
	case OpMul:
		return a * b
	case OpDiv:
		return a / b
	case OpPow:
		return math.Pow(a, b)
	case OpNeg:
		return -a
	case OpLT:
		return truth(a < b)
	case OpLE:
		return truth(a <= b)
	case OpGT:
		return truth(a > b)
	case OpGE:
		return truth(a >= b)
	case OpEQ:
		return truth(a == b)
	case OpNE:
		return truth(a != b)
	case OpAnd:
		return truth(a != 0 && b != 0)
	case OpOr:
		return truth(a != 0 || b != 0)
	case OpNot:
		if a != a {
			return a
		}
		return truth(a == 0)
	case OpIf:
		switch {
		case a != a:
			return a
		case a != 0:
			return b
		}
		return c
	case OpMin:
		return math.Min(a, b)
	case OpMax:
		return math.Max(a, b)
	case OpAbs:
		return math.Abs(a)
	case OpExp:
		return math.Exp(a)
	case OpLog:
		return math.Log(a)
	case OpSqrt:
		return math.Sqrt(a)
	case OpClamp:
		return math.Min(math.Max(a, b), c)
	}
	panic(fmt.Sprintf("model: Apply of op %d, which is not element-wise", op))
}

// Elementwise reports whether op computes each element from the same
// element of its arguments (every op but the period operations).
func Elementwise(op Op) bool {
	switch op {
	case OpPeriod, OpSum, OpMean, OpCumSum, OpLag:
		return false
	}
	return true
}

func truth(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
