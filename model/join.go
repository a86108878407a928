package model

import (
	"fmt"
	"slices"
	"strings"
)

// Member is one model of a comparison: a base scenario, one of its
// variants, or another scenario. Label names it in output names and reports.
type Member struct {
	Label string
	Model *Model
}

// Joint is several scenarios compiled into one Model, so that one run
// samples them all with common random numbers and measures their
// differences trial by trial.
//
// The engine keys random streams by input name (Run), so every copy of
// an input named revenue draws the same stream in the same trial, even when
// a variant gives it another distribution: the members are coupled as
// separate runs with the same seed would be, and each member's statistics
// equal those of its own run exactly. Inputs with the same name, periodicity
// and distribution text are sampled once and shared. Formulas and outputs
// are copied per member, their names prefixed "LABEL.".
//
// Model.Outputs holds, in this order: for each member k and each shared
// output j, the member's output (named "LABEL.NAME", thresholds the union
// of the members' thresholds for NAME); then for each member k >= 1 and
// output j the trial-by-trial difference member − base ("diff.LABEL.NAME",
// threshold 0, so P(diff > 0) is exact); then for each member k >= 1,
// output j and threshold t the difference of the exceedance indicators
// (LABEL.NAME > t) − (BASE.NAME > t) ("pdiff.LABEL.NAME>t"), whose mean is
// the difference of the exceedance probabilities and whose MeanSE is its
// paired standard error.
type Joint struct {
	Model  *Model
	Labels []string // member labels; Labels[0] is the base
	// Shared names the outputs every member has, in the base's order.
	Shared []string
	// Thresholds[j] is the sorted union of the members' thresholds of Shared[j].
	Thresholds [][]float64

	out, diff  [][]int
	exceedDiff [][][]int
}

// Output returns the index in Model.Outputs (and in the Outputs of a run's
// result) of member k's output Shared[j].
func (j *Joint) Output(k, jj int) int { return j.out[k][jj] }

// Diff returns the index of the output member k − base of Shared[j], for
// k >= 1.
func (j *Joint) Diff(k, jj int) int { return j.diff[k][jj] }

// ExceedDiff returns the index of the output (member k's Shared[j] >
// Thresholds[j][t]) − (the base's Shared[j] > Thresholds[j][t]), for k >= 1:
// its mean is the difference of the exceedance probabilities, its MeanSE
// their paired standard error.
func (j *Joint) ExceedDiff(k, jj, t int) int { return j.exceedDiff[k][jj][t] }

// Join joins members (the first is the base) into one model. The
// members must have compiled models with the same number of periods, at
// least one output name in common, and distinct labels.
func Join(members []Member) (*Joint, error) {
	if len(members) < 2 {
		return nil, fmt.Errorf("compare needs at least two scenarios or variants, got %d", len(members))
	}
	j := &Joint{Model: &Model{Periods: members[0].Model.Periods}}
	seen := map[string]bool{}
	for _, m := range members {
		if m.Label == "" || strings.ContainsAny(m.Label, " \t\n") {
			return nil, fmt.Errorf("compare: label %q must be a non-empty word", m.Label)
		}
		if seen[m.Label] {
			return nil, fmt.Errorf("compare: %q appears twice; give each scenario or variant once", m.Label)
		}
		seen[m.Label] = true
		if m.Model == nil {
			return nil, fmt.Errorf("compare: %s has no model", m.Label)
		}
		if p := m.Model.Periods; p != j.Model.Periods {
			return nil, fmt.Errorf("compare: %s has %d periods but %s has %d; only scenarios with the same periods can be compared",
				m.Label, p, members[0].Label, j.Model.Periods)
		}
		j.Labels = append(j.Labels, m.Label)
	}

	// Shared outputs: the base's outputs that every other member has too.
	for _, o := range members[0].Model.Outputs {
		ths := slices.Clone(o.Thresholds)
		all := true
		for _, m := range members[1:] {
			i := outputIndex(m.Model, o.Name)
			if i < 0 {
				all = false
				break
			}
			ths = append(ths, m.Model.Outputs[i].Thresholds...)
		}
		if all {
			slices.Sort(ths)
			j.Shared = append(j.Shared, o.Name)
			j.Thresholds = append(j.Thresholds, slices.Compact(ths))
		}
	}
	if len(j.Shared) == 0 {
		var lists []string
		for _, m := range members {
			var names []string
			for _, o := range m.Model.Outputs {
				names = append(names, o.Name)
			}
			lists = append(lists, m.Label+": "+strings.Join(names, ", "))
		}
		return nil, fmt.Errorf("compare: the scenarios share no output name, so there is nothing to compare (%s); "+
			"name the outputs to compare alike in each file", strings.Join(lists, "; "))
	}

	// Copy every member's program, sharing identical inputs.
	type inputKey struct {
		name, dist string
		perPeriod  bool
	}
	shared := map[inputKey]int{} // -> slot
	slots := make([][]int, len(members))
	jm := j.Model
	for k, m := range members {
		sm := m.Model
		remap := make([]int, len(sm.Slots))
		for i := range remap {
			remap[i] = -1
		}
		for _, in := range sm.Inputs {
			spec := in.Spec
			if spec == "" {
				spec = fmt.Sprint(in.Dist)
			}
			key := inputKey{in.Name, spec, in.PerPeriod}
			if s, ok := shared[key]; ok {
				remap[in.Slot] = s
				continue
			}
			jm.Slots = append(jm.Slots, sm.Slots[in.Slot])
			s := len(jm.Slots) - 1
			remap[in.Slot], shared[key] = s, s
			jm.Inputs = append(jm.Inputs, Input{Name: in.Name, Dist: in.Dist, Spec: in.Spec, Slot: s, PerPeriod: in.PerPeriod})
		}
		for i, sl := range sm.Slots {
			if remap[i] >= 0 {
				continue
			}
			if sl.Name != "" {
				sl.Name = m.Label + "." + sl.Name
			}
			jm.Slots = append(jm.Slots, sl)
			remap[i] = len(jm.Slots) - 1
		}
		for _, in := range sm.Code {
			in.Dst, in.A, in.B, in.C = remap[in.Dst], remap[in.A], remap[in.B], remap[in.C]
			jm.Code = append(jm.Code, in)
		}
		for _, f := range sm.Formulas {
			jm.Formulas = append(jm.Formulas, Named{Name: m.Label + "." + f.Name, Slot: remap[f.Slot]})
		}
		slots[k] = remap
	}

	// Member outputs.
	outSlot := make([][]int, len(members))
	j.out = make([][]int, len(members))
	for k, m := range members {
		sm := m.Model
		for jj, name := range j.Shared {
			o := sm.Outputs[outputIndex(sm, name)]
			o.Name = m.Label + "." + name
			o.Slot = slots[k][o.Slot]
			o.Thresholds = slices.Clone(j.Thresholds[jj])
			outSlot[k] = append(outSlot[k], o.Slot)
			j.out[k] = append(j.out[k], len(jm.Outputs))
			jm.Outputs = append(jm.Outputs, o)
		}
	}
	series := func(s int) bool { return jm.Slots[s].Series }
	newSlot := func(isSeries bool) int {
		jm.Slots = append(jm.Slots, Slot{Series: isSeries})
		return len(jm.Slots) - 1
	}
	// Differences member − base.
	j.diff = make([][]int, len(members))
	for k := 1; k < len(members); k++ {
		for jj, name := range j.Shared {
			a, b := outSlot[k][jj], outSlot[0][jj]
			d := newSlot(series(a) || series(b))
			jm.Code = append(jm.Code, Instr{Op: OpSub, Dst: d, A: a, B: b, C: a})
			base := jm.Outputs[j.out[k][jj]]
			j.diff[k] = append(j.diff[k], len(jm.Outputs))
			jm.Outputs = append(jm.Outputs, Output{
				Name: "diff." + j.Labels[k] + "." + name, Label: base.Label + ": " + j.Labels[k] + " − " + j.Labels[0],
				Unit: base.Unit, Slot: d, Thresholds: []float64{0},
			})
		}
	}
	// Differences of exceedance indicators.
	j.exceedDiff = make([][][]int, len(members))
	consts := map[float64]int{}
	constSlot := func(v float64) int {
		if s, ok := consts[v]; ok {
			return s
		}
		jm.Slots = append(jm.Slots, Slot{Const: true, Value: v})
		consts[v] = len(jm.Slots) - 1
		return consts[v]
	}
	for k := 1; k < len(members); k++ {
		j.exceedDiff[k] = make([][]int, len(j.Shared))
		for jj, name := range j.Shared {
			a, b := outSlot[k][jj], outSlot[0][jj]
			for _, t := range j.Thresholds[jj] {
				c := constSlot(t)
				ia, ib := newSlot(series(a)), newSlot(series(b))
				d := newSlot(series(a) || series(b))
				jm.Code = append(jm.Code,
					Instr{Op: OpGT, Dst: ia, A: a, B: c, C: a},
					Instr{Op: OpGT, Dst: ib, A: b, B: c, C: b},
					Instr{Op: OpSub, Dst: d, A: ia, B: ib, C: ia})
				j.exceedDiff[k][jj] = append(j.exceedDiff[k][jj], len(jm.Outputs))
				jm.Outputs = append(jm.Outputs, Output{
					Name: fmt.Sprintf("pdiff.%s.%s>%g", j.Labels[k], name, t),
					Slot: d,
				})
			}
		}
	}
	return j, nil
}

func outputIndex(m *Model, name string) int {
	for i, o := range m.Outputs {
		if o.Name == name {
			return i
		}
	}
	return -1
}
