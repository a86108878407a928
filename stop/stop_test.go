package stop

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func TestParse(t *testing.T) {
	got, err := Parse("loss.mean=0.001, loss.p(>5)=0.1%,costs.p95=2e-3")
	if err != nil {
		t.Fatal(err)
	}
	want := []Target{{"loss.mean", 0.001, false}, {"loss.p(>5)", 0.001, true}, {"costs.p95", 0.002, false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse = %+v, want %+v", got, want)
	}
	for _, bad := range []string{"", "loss.mean", "loss.mean=-1", "loss.mean=x%", "=1", " =0.1%", "loss.mean=1e-323%"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}

// TestStopsAtTheSameCheckForAnyWorkers: a run with precision targets stops
// at the first check where all are met, identically for 1, 2 and 7
// workers, and says why.
func TestStopsAtTheSameCheckForAnyWorkers(t *testing.T) {
	s, err := scenario.Builtin("openai-2024")
	if err != nil {
		t.Fatal(err)
	}
	targets, _ := Parse("loss.mean=0.002,loss.p(>5)=2%")
	var first *sim.Result
	for _, w := range []int{1, 2, 7} {
		st := &Stopper{Targets: targets}
		r, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 5_000_000, Seed: 42, Workers: w, Stopper: st})
		if err != nil {
			t.Fatal(err)
		}
		if r.Trials >= 5_000_000 || r.Outputs[0].Final().MeanSE > 0.002 {
			t.Fatalf("%d workers: %d trials, SE %v", w, r.Trials, r.Outputs[0].Final().MeanSE)
		}
		if why := st.Reason(r, 5_000_000); !strings.Contains(why, "every precision target met") {
			t.Errorf("reason %q", why)
		}
		if first == nil {
			first = r
		} else if !reflect.DeepEqual(r, first) {
			t.Errorf("%d workers stopped elsewhere: %d trials against %d", w, r.Trials, first.Trials)
		}
	}
	// A target on a figure the model lacks stops at once with an error.
	st := &Stopper{Targets: []Target{{Figure: "profit.mean", Error: 1}}}
	if _, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 1_000_000, Seed: 1, Stopper: st}); err != nil {
		t.Fatal(err)
	}
	if err := st.Check(); err == nil || !strings.Contains(err.Error(), "no output \"profit\"") {
		t.Errorf("unknown figure: %v", err)
	}
}
