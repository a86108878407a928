package scenario

import (
	"math"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// TestRunwayByHand evaluates saas-runway with every input fixed and
// checks cash, month by month, against a loop written out here, and the
// run-out month and events against it.
func TestRunwayByHand(t *testing.T) {
	s, err := Builtin("saas-runway")
	if err != nil {
		t.Fatal(err)
	}
	const cash0, mrr0, growth, churn, burn0, hiring = 6, 0.15, 0.04, 0.02, 0.45, 0.02
	noise := make([]float64, 24)
	for m := range noise {
		noise[m] = 0.01 * float64(m%3-1) // -0.01, 0, +0.01, ...
	}
	in := map[string][]float64{"cash0": {cash0}, "mrr0": {mrr0}, "growth": {growth}, "churn": {churn},
		"burn0": {burn0}, "hiring": {hiring}, "month_noise": noise}
	out, err := sim.Evaluate(s.Model, in)
	if err != nil {
		t.Fatal(err)
	}
	cash, runout := float64(cash0), 25.0
	for m := 1; m <= 24; m++ {
		mrr := mrr0 * math.Pow(1+growth-churn, float64(m))
		costs := burn0*math.Pow(1+hiring, float64(m)) + noise[m-1]
		cash += mrr - costs
		if got := out["cash"][m-1]; math.Abs(got-cash) > 1e-12 {
			t.Errorf("month %d: cash %v, by hand %v", m, got, cash)
		}
		if cash < 0 && runout == 25 {
			runout = float64(m)
		}
	}
	if out["runout_month"][0] != runout {
		t.Errorf("runout_month %v, by hand %v", out["runout_month"][0], runout)
	}
	if want := b2f(runout <= 18); out["broke_by_18"][0] != want {
		t.Errorf("broke_by_18 %v, by hand %v (cash runs out in month %v)", out["broke_by_18"][0], want, runout)
	}
	if runout == 25 || runout > 20 {
		t.Fatalf("the hand case should run out of cash mid-way, in month %v", runout)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
