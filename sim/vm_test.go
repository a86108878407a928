package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
)

// TestVectorLoopsMatchApply runs every element-wise operation through the
// machine's vector loops, with each argument a column or a constant, on
// awkward values (NaN, ±Inf, signed zeros, tiny and huge numbers), and
// compares every result bit for bit with model.Apply, the one scalar
// definition that constant folding uses too.
func TestVectorLoopsMatchApply(t *testing.T) {
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1, -1, 0.5, 2, -3.5,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 1e-300, 1e300}
	var as, bs, cs []float64
	for _, a := range special {
		for _, b := range special {
			as, bs = append(as, a), append(bs, b)
			cs = append(cs, special[(len(cs)*7)%len(special)])
		}
	}
	n := len(as)
	ops := []model.Op{model.OpCopy, model.OpAdd, model.OpSub, model.OpMul, model.OpDiv, model.OpPow, model.OpNeg,
		model.OpLT, model.OpLE, model.OpGT, model.OpGE, model.OpEQ, model.OpNE, model.OpAnd, model.OpOr, model.OpNot,
		model.OpIf, model.OpMin, model.OpMax, model.OpAbs, model.OpExp, model.OpLog, model.OpSqrt, model.OpClamp,
		model.OpSin, model.OpCos, model.OpTan, model.OpAsin, model.OpAcos, model.OpAtan, model.OpAtan2,
		model.OpLog10, model.OpLog2, model.OpFloor, model.OpCeil, model.OpRound, model.OpMod}
	col := func(v []float64) *column {
		c := &column{data: make([]float64, BlockSize)}
		copy(c.data, v)
		return c
	}
	konst := func(v float64) *column {
		c := col(nil)
		c.konst, c.value = true, v
		fill(c.data, v)
		return c
	}
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) || (x != x && y != y) }
	for _, op := range ops {
		if !model.Elementwise(op) {
			t.Fatalf("op %d is not element-wise", op)
		}
		d := make([]float64, n)
		elementwise(op, d, col(as), col(bs), col(cs), 0)
		for i := range d {
			if w := model.Apply(op, as[i], bs[i], cs[i]); !same(d[i], w) {
				t.Errorf("op %d (%v, %v, %v): vector %v, Apply %v", op, as[i], bs[i], cs[i], d[i], w)
			}
		}
		// A constant in either operand position takes other loops.
		for _, k := range special {
			elementwise(op, d, col(as), konst(k), col(cs), 0)
			for i := range d {
				if w := model.Apply(op, as[i], k, cs[i]); !same(d[i], w) {
					t.Errorf("op %d (%v, const %v): vector %v, Apply %v", op, as[i], k, d[i], w)
				}
			}
			elementwise(op, d, konst(k), col(bs), col(cs), 0)
			for i := range d {
				if w := model.Apply(op, k, bs[i], cs[i]); !same(d[i], w) {
					t.Errorf("op %d (const %v, %v): vector %v, Apply %v", op, k, bs[i], d[i], w)
				}
			}
		}
	}
}

// TestPowMatchesMathPow: the vector loops' pow equals math.Pow to the bit,
// on and around the edges of its fast path.
func TestPowMatchesMathPow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	xs := []float64{0x1p-15, -0x1p-15, 0x1p15, -0x1p15, 1, -1, 0.5, 1.0000001, 0.9999999, 3, -3}
	for range 20000 {
		xs = append(xs, math.Ldexp(rng.Float64()+0.5, rng.IntN(40)-20)*float64(1-2*rng.IntN(2)))
	}
	for y := -70.0; y <= 70; y++ {
		for _, x := range xs {
			if got, want := pow(x, y), math.Pow(x, y); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("pow(%v, %v) = %v, math.Pow %v", x, y, got, want)
			}
		}
	}
}

// TestReductionsMatchReduce runs every reduction over periods through the
// machine's column loops and compares each trial with model.Reduce, on
// series with zeros, NaN and infinities.
func TestReductionsMatchReduce(t *testing.T) {
	const T, n = 5, 300
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []float64{0, 0, 0, 1, -2, 3.5, math.NaN(), math.Inf(1), math.Inf(-1)}
	a := &column{data: make([]float64, T*BlockSize), series: true}
	for i := range a.data {
		a.data[i] = vals[rng.IntN(len(vals))]
		if rng.IntN(4) == 0 {
			a.data[i] = 0 // plenty of all-false trials
		}
	}
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) || (x != x && y != y) }
	for _, op := range []model.Op{model.OpAny, model.OpAll, model.OpCount, model.OpFirst, model.OpMinOver, model.OpMaxOver} {
		d := make([]float64, n)
		reduce(op, d, a, T, n)
		for i := range n {
			xs := make([]float64, T)
			for p := range T {
				xs[p] = a.at(p)[i]
			}
			if w := model.Reduce(op, xs, 0); !same(d[i], w) {
				t.Errorf("op %d of %v: columns %v, Reduce %v", op, xs, d[i], w)
			}
		}
	}
}
