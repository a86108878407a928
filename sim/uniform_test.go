package sim

import (
	"context"
	"reflect"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
)

// TestUniformColumnsChangeNothing: computing a period's value once for a
// column every trial shares (the period, constants, formulas of those) and
// using scalar loops where an argument is such a column give the same
// results, bit for bit, as the element-by-element loops, on a model that
// mixes them with sampled inputs in every kind of operation.
func TestUniformColumnsChangeNothing(t *testing.T) {
	const T = 6
	// Slots: 0 x (input), 1 period, 2 seven, 3 period-7, 4 growth,
	// 5 (1+x)^(period-7), 6 period<=3, 7 if(period<=3, x, 5), 8 out,
	// 9 five, 10 sqrt(period), 11 clamp(x, period-7, period), 12 period*x.
	m := &model.Model{
		Periods: T,
		Slots: []model.Slot{
			{Name: "x"}, {Name: "period", Series: true}, {Name: "seven", Const: true, Value: 7}, {Series: true},
			{Name: "one", Const: true, Value: 1}, {Series: true}, {Series: true}, {Series: true}, {Name: "out", Series: true},
			{Name: "five", Const: true, Value: 5}, {Series: true}, {Series: true}, {Series: true}, {}, {Name: "out2", Series: true},
		},
		Inputs: []model.Input{{Name: "x", Dist: testDist{0, 1}, Slot: 0}},
		Code: []model.Instr{
			{Op: model.OpPeriod, Dst: 1},
			{Op: model.OpSub, Dst: 3, A: 1, B: 2},           // period - 7: uniform
			{Op: model.OpAdd, Dst: 13, A: 4, B: 0},          // 1 + x: scalar, per trial
			{Op: model.OpPow, Dst: 5, A: 13, B: 3},          // (1 + x) ^ (period - 7): vector ^ uniform
			{Op: model.OpLE, Dst: 6, A: 1, B: 9},            // period <= 5: uniform
			{Op: model.OpIf, Dst: 7, A: 6, B: 5, C: 3},      // uniform condition
			{Op: model.OpSqrt, Dst: 10, A: 1},               // uniform unary
			{Op: model.OpClamp, Dst: 11, A: 5, B: 3, C: 10}, // mixed three-argument
			{Op: model.OpMul, Dst: 12, A: 1, B: 0},          // uniform * vector
			{Op: model.OpDiv, Dst: 8, A: 7, B: 12},          // vector / vector
			{Op: model.OpMax, Dst: 14, A: 11, B: 10},        // vector, uniform: no scalar loop
		},
		Outputs: []model.Output{{Name: "out", Slot: 8}, {Name: "out2", Slot: 14}},
	}
	run := func(off bool) *Result {
		noUniform = off
		defer func() { noUniform = false }()
		r, err := Run(context.Background(), m, Config{Trials: 5000, Seed: 11, Workers: 2, NaN: NaNSkip})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	fast, slow := run(false), run(true)
	if !reflect.DeepEqual(fast.Outputs, slow.Outputs) {
		t.Error("results differ with and without the uniform-column shortcut")
	}
	for _, o := range fast.Outputs {
		if o.Final().N == 0 {
			t.Errorf("%s: no finite trial; the test model exercises nothing", o.Name)
		}
	}
}
