package job

import (
	"strconv"
	"strings"

	"github.com/montecarlo-risk/montecarlo/scenario"
)

// SweepAxis is one input of a sweep and the distributions it takes.
type SweepAxis struct {
	Name   string
	Values []string // distributions in scenario syntax
}

// MaxSweepPoints is the most grid points a sweep runs: each is a member
// of one joint run, so memory grows with them.
const MaxSweepPoints = 64

// ParseSweep reads `name=v1, v2, ...` settings: a setting of several values
// (split at the commas outside parentheses, so pert(1, 2, 3) stays whole)
// is an axis of the grid, one of a single value an override of every
// point.
func ParseSweep(sets []string) (axes []SweepAxis, overrides []scenario.Override, err error) {
	if axes, overrides, err = splitSweep(sets); err != nil {
		return nil, nil, err
	}
	if len(axes) == 0 {
		return nil, nil, Usagef("nothing to sweep: give an input several values, e.g. --set 'revenue=3 to 4, 3.5 to 4.5'")
	}
	n := 1
	for _, a := range axes {
		n *= len(a.Values)
		if n > MaxSweepPoints {
			return nil, nil, Usagef("the sweep has more than %d points; each is a member of one joint run, so sweep fewer values at a time", MaxSweepPoints)
		}
	}
	return axes, overrides, nil
}

// ParseCaseSets reads the --set settings of a sweep of cases (--cases):
// each sets one input of every case; several values, an axis of a grid,
// are refused, as the file lists the points.
func ParseCaseSets(sets []string, casesFile string) ([]scenario.Override, error) {
	axes, overrides, err := splitSweep(sets)
	if err != nil {
		return nil, err
	}
	if len(axes) > 0 {
		return nil, Usagef("--set %s=%s: --cases lists the points of the sweep; give %s as a column of %s instead of a --set axis (a --set of one value sets every case)",
			axes[0].Name, strings.Join(axes[0].Values, ", "), axes[0].Name, casesFile)
	}
	return overrides, nil
}

// splitSweep splits --set settings into axes (several values) and
// overrides (one value).
func splitSweep(sets []string) (axes []SweepAxis, overrides []scenario.Override, err error) {
	for _, s := range sets {
		name, vals, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, nil, Usagef("--set %q: write name=dist, or name=dist1, dist2, ... for an axis of the sweep", s)
		}
		var values []string
		depth, start := 0, 0
		for i, r := range vals {
			switch r {
			case '(':
				depth++
			case ')':
				depth--
			case ',':
				if depth == 0 {
					values = append(values, strings.TrimSpace(vals[start:i]))
					start = i + 1
				}
			}
		}
		values = append(values, strings.TrimSpace(vals[start:]))
		for _, v := range values {
			if v == "" {
				return nil, nil, Usagef("--set %q: an empty value; separate the distributions of an axis with commas", s)
			}
		}
		if len(values) == 1 {
			overrides = append(overrides, scenario.Override{Name: name, Dist: values[0]})
		} else {
			axes = append(axes, SweepAxis{Name: name, Values: values})
		}
	}
	return axes, overrides, nil
}

// sweepMembers returns the grid's points as members of a comparison: the
// first point is the base; each is labelled p1, p2, ... and described by
// its values ("revenue=3 to 4, a100_price=1.2").
func sweepMembers(l *Loaded, axes []SweepAxis) ([]member, error) {
	idx := make([]int, len(axes))
	var members []member
	for {
		var ovs []scenario.Override
		var label []string
		for k, a := range axes {
			ovs = append(ovs, scenario.Override{Name: a.Name, Dist: a.Values[idx[k]]})
			label = append(label, a.Name+"="+a.Values[idx[k]])
		}
		s, err := l.Scenario.With(ovs...)
		if err != nil {
			return nil, err
		}
		members = append(members, member{label: "p" + strconv.Itoa(len(members)+1), desc: strings.Join(label, ", "), l: l, s: s})
		k := len(axes) - 1
		for ; k >= 0; k-- {
			if idx[k]++; idx[k] < len(axes[k].Values) {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			return members, nil
		}
	}
}
