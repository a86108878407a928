package scenario

import (
	"math"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// TestReductionsOverPeriods: a cash runway written as users think of it,
// with any, all, count, first, min, max, last, at and lag(x, 0).
func TestReductionsOverPeriods(t *testing.T) {
	s, err := Parse("runway.yaml", []byte(`name: runway
periods: 6
inputs:
  burn: { dist: 1 to 2, per_period: true }
  start: 5
formulas:
  cash: start - cumsum(burn)
  broke: cash < 0
  ever: any(broke)
  always: all(cash < 10)
  months_broke: count(broke)
  runs_out: first(broke)
  low: min(cash)
  high: max(cash)
  final: last(cash)
  third: at(cash, 3)
  same: lag(cash, 0)
outputs: [ever, always, months_broke, runs_out, low, high, final, third]
`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.Evaluate(s.Model, map[string][]float64{"burn": {1, 2, 1, 2, 1, 2}, "start": {5}})
	if err != nil {
		t.Fatal(err)
	}
	// cash = 4, 2, 1, -1, -2, -4
	want := map[string]float64{"ever": 1, "always": 1, "months_broke": 3, "runs_out": 4, "low": -4, "high": 4, "final": -4, "third": 1}
	for k, w := range want {
		if g := got[k][0]; g != w {
			t.Errorf("%s = %v, want %v", k, g, w)
		}
	}
	if same := got["same"]; len(same) != 6 || same[3] != -1 {
		t.Errorf("lag(cash, 0) = %v, want cash", same)
	}
	never, _ := sim.Evaluate(s.Model, map[string][]float64{"burn": {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, "start": {5}})
	if g := never["runs_out"][0]; g != 7 || never["ever"][0] != 0 || !(math.Abs(never["low"][0]-4.4) < 1e-12) {
		t.Errorf("never broke: first %v (want 7 = periods + 1), any %v, min %v", g, never["ever"][0], never["low"][0])
	}
}

func TestReductionErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"name: x\ninputs: {a: 1 to 2}\nformulas:\n  y: min(a)\noutputs: [y]\n", "min takes two or more values"},
		{"name: x\nperiods: 3\ninputs: {a: 1 to 2}\nformulas:\n  y: max(a)\noutputs: [y]\n", "max of one value is that value"},
		{"name: x\nperiods: 3\ninputs: {a: {dist: 1 to 2, per_period: true}}\nformulas:\n  y: at(a, 4)\noutputs: [y]\n", "at: k must be a whole number from 1 to 3"},
		{"name: x\ninputs: {a: 1 to 2}\nformulas:\n  y: any(a > 1)\noutputs: [y]\n", "any"},
	} {
		if _, err := Parse("x.yaml", []byte(tc.src)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.src, err, tc.want)
		}
	}
}
