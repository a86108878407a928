package model

import (
	"fmt"
	"math"

	"github.com/montecarlo-risk/montecarlo/distributions"
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
	case OpSin:
		return math.Sin(a)
	case OpCos:
		return math.Cos(a)
	case OpTan:
		return math.Tan(a)
	case OpAsin:
		return math.Asin(a)
	case OpAcos:
		return math.Acos(a)
	case OpAtan:
		return math.Atan(a)
	case OpAtan2:
		return math.Atan2(a, b)
	case OpLog10:
		return math.Log10(a)
	case OpLog2:
		return math.Log2(a)
	case OpFloor:
		return math.Floor(a)
	case OpCeil:
		return math.Ceil(a)
	case OpRound:
		return math.Round(a)
	case OpMod:
		return mod(a, b)
	case OpQNormal, OpQLogNormal, OpQUniform, OpQExponential, OpQPoisson, OpQBernoulli,
		OpQBeta, OpQGamma, OpQBinomial, OpQTriangular, OpQNegBinomial, OpQNegBinMean,
		OpQWeibull, OpQPareto, OpQStudentT, OpQLogNormalMean, OpQRange:
		return quantileAt(op, a, b, c)
	}
	panic(fmt.Sprintf("model: Apply of op %d, which is not element-wise", op))
}

// Elementwise reports whether op computes each element from the same
// element of its arguments alone (every op but the period operations and
// the compound sums), so that Apply defines it.
func Elementwise(op Op) bool {
	switch op {
	case OpPeriod, OpSum, OpMean, OpCumSum, OpLag,
		OpAny, OpAll, OpCount, OpFirst, OpMinOver, OpMaxOver, OpAt,
		OpCompound, OpCompoundMax: // these also draw from Instr.Dist
		return false
	}
	return true
}

// quantileAt is the u-quantile of op's family with parameters b and c,
// or NaN for invalid parameters (or u outside (0, 1)).
func quantileAt(op Op, u, b, c float64) float64 {
	if !(u > 0 && u < 1) {
		return math.NaN()
	}
	z := func() float64 { return -math.Sqrt2 * math.Erfcinv(2*u) } // Φ⁻¹(u)
	switch op {
	case OpQNormal:
		if !(c >= 0) || math.IsInf(c, 0) {
			return math.NaN()
		}
		return b + c*z()
	case OpQLogNormal:
		if !(c >= 0) || math.IsInf(c, 0) {
			return math.NaN()
		}
		return math.Exp(b + c*z())
	case OpQUniform:
		if !(c >= b) {
			return math.NaN()
		}
		return b + (c-b)*u
	case OpQExponential:
		if !(b > 0) {
			return math.NaN()
		}
		return -math.Log1p(-u) / b
	case OpQPoisson:
		return poissonQuantile(u, b)
	case OpQBernoulli:
		if !(b >= 0 && b <= 1) {
			return math.NaN()
		}
		if u > 1-b {
			return 1
		}
		return 0
	case OpQBeta:
		return distributions.BetaQuantile(b, c, u)
	case OpQGamma:
		return distributions.GammaQuantile(b, c, u)
	case OpQBinomial:
		return distributions.BinomialQuantile(b, c, u)
	case OpQNegBinomial:
		return distributions.NegBinomialQuantile(b, c, u)
	case OpQNegBinMean:
		return distributions.NegBinomialMeanQuantile(b, c, u)
	case OpQWeibull:
		return distributions.WeibullQuantile(b, c, u)
	case OpQPareto:
		return distributions.ParetoQuantile(b, c, u)
	case OpQStudentT:
		return distributions.StudentTQuantile(b, c, u)
	case OpQLogNormalMean:
		return distributions.LogNormalMeanQuantile(b, c, u)
	case OpQRange:
		return distributions.RangeQuantile(b, c, u)
	case OpQTriangular:
		// mode-min and max-mode both >= 0 is mode in [min, max] exactly
		// (a difference of floats rounds to 0 only when they are equal).
		if !(c >= 0) {
			return math.NaN()
		}
		return distributions.TriangularQuantile(0, b, b+c, u)
	}
	return math.NaN()
}

// poissonQuantile is the least k with P(N <= k) >= u for N ~ Poisson(l):
// by summing the probabilities from 0 for l up to 500 (their recurrence
// p_k = p_{k-1}·l/k is exact enough and e^-l does not underflow), else by
// the distribution's own exact quantile.
func poissonQuantile(u, l float64) float64 {
	switch {
	case !(l >= 0) || math.IsInf(l, 0):
		return math.NaN()
	case l == 0:
		return 0
	case l > 500:
		return distributions.PoissonQuantile(l, u)
	}
	p := math.Exp(-l)
	cdf, k := p, 0.0
	for cdf < u && k < 10_000 {
		k++
		p *= l / k
		cdf += p
	}
	return k
}

// mod is a mod b with the sign of b (floored modulo, as a spreadsheet's MOD
// and Python's %): math.Mod, which keeps the sign of a, shifted by b when the
// signs differ. mod(a, 0), mod(±Inf, b) and NaN arguments give NaN;
// mod(a, ±Inf) is a when a has the sign of the infinity (or is zero), NaN otherwise.
func mod(a, b float64) float64 {
	r := math.Mod(a, b)
	if r != 0 && (r < 0) != (b < 0) {
		if math.IsInf(b, 0) {
			return math.NaN()
		}
		r += b
	}
	return r
}

func truth(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Reduce computes a reduction over periods (OpSum, OpMean, OpAny, OpAll,
// OpCount, OpFirst, OpMinOver, OpMaxOver, OpAt with period k from 0) of
// one trial's series xs. It is the one definition of the reductions: the
// engine's column loops are tested against it. A condition is true when
// non-zero; a NaN in any period makes any, all, count and first NaN (a NaN
// never hides behind a condition); first is len(xs)+1 when the condition
// never holds. min and max fold math.Min and math.Max, as min(a, b) does:
// NaN unless an infinity in the direction of the fold wins.
func Reduce(op Op, xs []float64, k int) float64 {
	var nan bool
	for _, x := range xs {
		nan = nan || x != x
	}
	switch op {
	case OpSum, OpMean:
		s := xs[0]
		for _, x := range xs[1:] {
			s += x
		}
		if op == OpMean {
			s /= float64(len(xs))
		}
		return s
	case OpAt:
		return xs[k]
	case OpMinOver:
		m := xs[0]
		for _, x := range xs[1:] {
			m = math.Min(m, x)
		}
		return m
	case OpMaxOver:
		m := xs[0]
		for _, x := range xs[1:] {
			m = math.Max(m, x)
		}
		return m
	}
	if nan {
		return math.NaN()
	}
	switch op {
	case OpAny, OpAll, OpCount:
		n := 0
		for _, x := range xs {
			if x != 0 {
				n++
			}
		}
		switch op {
		case OpAny:
			return truth(n > 0)
		case OpAll:
			return truth(n == len(xs))
		}
		return float64(n)
	case OpFirst:
		for t, x := range xs {
			if x != 0 {
				return float64(t + 1)
			}
		}
		return float64(len(xs) + 1)
	}
	panic(fmt.Sprintf("model: Reduce of op %d, which is not a reduction", op))
}
