package sim

import (
	"fmt"

	"github.com/montecarlo-risk/montecarlo/model"
)

// Evaluate runs the program of m for a single trial whose inputs take the
// given values (one value for a scalar input, Periods values for a
// per-period input; a missing input is an error) and returns the values of
// every named slot (inputs and formulas), one per period for series.
// It is meant for tests and for explaining a trial, not for speed.
func Evaluate(m *model.Model, inputs map[string][]float64) (map[string][]float64, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	vm := newMachine(m)
	for _, in := range m.Inputs {
		v, ok := inputs[in.Name]
		col := &vm.cols[in.Slot]
		want := 1
		if col.series {
			want = m.Periods
		}
		if !ok || len(v) != want {
			return nil, fmt.Errorf("sim: input %q needs %d value(s), got %d", in.Name, want, len(v))
		}
		for t, x := range v {
			col.at(t)[0] = x
		}
	}
	vm.exec(1)
	out := make(map[string][]float64)
	for i, s := range m.Slots {
		if s.Name == "" || s.Const {
			continue
		}
		col := &vm.cols[i]
		periods := 1
		if col.series {
			periods = m.Periods
		}
		vals := make([]float64, periods)
		for t := range vals {
			vals[t] = col.at(t)[0]
		}
		out[s.Name] = vals
	}
	return out, nil
}
