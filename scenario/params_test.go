package scenario

import (
	"context"
	"math"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// TestParametricMoments runs inputs whose parameters are other inputs and
// checks their moments against the laws of total expectation and
// variance: poisson(rate) with rate ~ uniform(1, 5) has mean E[rate] = 3
// and variance E[rate] + Var(rate) = 3 + 4/3; normal(mean=base, sd=2)
// with base ~ uniform(0, 12) has variance 4 + 12; bernoulli(rate/10) has
// mean 0.3.
func TestParametricMoments(t *testing.T) {
	src := `name: p
inputs:
  rate: uniform(1, 5)
  events: poisson(rate)
  base: uniform(0, 12)
  x: normal(mean=base, sd=2)
  flip: bernoulli(rate / 10)
  wait: exponential(rate)
  spread: lognormal(0, sigma=rate / 10)
  width: uniform(min=0, max=rate)
outputs: [events, x, flip, wait, spread, width]
`
	s, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	const n = 400_000
	res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// E[exp(σZ)] over σ ~ uniform(0.1, 0.5) is the mean of exp(σ²/2).
	var lnMean float64
	for k := range 1000 {
		sg := 0.1 + 0.4*(float64(k)+0.5)/1000
		lnMean += math.Exp(sg*sg/2) / 1000
	}
	// E[1/rate] for rate ~ uniform(1, 5) is ln(5)/4.
	for i, want := range []struct{ mean, sd float64 }{
		{3, math.Sqrt(3 + 16.0/12)},
		{6, math.Sqrt(4 + 144.0/12)},
		{0.3, math.Sqrt(0.3 * 0.7)},
		{math.Log(5) / 4, math.NaN()},
		{lnMean, math.NaN()},
		{1.5, math.NaN()},
	} {
		st := res.Outputs[i].Final()
		if d := math.Abs(st.Mean - want.mean); d > 4*st.MeanSE {
			t.Errorf("%s: mean %.5f ± %.2g, want %.5f", res.Outputs[i].Name, st.Mean, st.MeanSE, want.mean)
		}
		if !math.IsNaN(want.sd) && math.Abs(st.StdDev/want.sd-1) > 0.01 {
			t.Errorf("%s: sd %.5f, want %.5f", res.Outputs[i].Name, st.StdDev, want.sd)
		}
	}
}

// TestParametricInvalid: a parameter that is invalid in some trial (a
// negative sd) fails the run naming the input and the trial.
func TestParametricInvalid(t *testing.T) {
	s, err := Parse("p.yaml", []byte("name: p\ninputs:\n  v: normal(0, 1)\n  x: normal(mean=0, sd=v)\noutputs: [x]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sim.Run(context.Background(), s.Model, sim.Config{Trials: 10_000, Seed: 1})
	var nf *sim.NonFiniteError
	if !asNonFinite(err, &nf) || nf.Formula != "x" {
		t.Fatalf("run with a negative sd: %v", err)
	}
}

func asNonFinite(err error, nf **sim.NonFiniteError) bool {
	e, ok := err.(*sim.NonFiniteError)
	if ok {
		*nf = e
	}
	return ok
}
