package scenario

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// TestCompoundVaryingFrequency runs compound sums whose frequency's
// parameters are inputs and checks them against exact answers:
//   - the laws of total expectation and variance: with rate ~ uniform(1, 5)
//     and X ~ pert(1, 2, 5) (mean 7/3, variance 32/63), the sum has mean
//     E[rate]·E[X] = 7 and variance E[rate]·E[X²] + Var(rate)·E[X]²;
//   - a risk register whose probability is uncertain: the largest of a
//     bernoulli(p) count, p ~ uniform(0.2, 0.6), is positive with
//     probability E[p] = 0.4;
//   - the largest event of the Poisson count: P(max <= x) = E[exp(−rate·q)],
//     q = 1 − F(x), which over rate ~ uniform(1, 5) is (e^−q − e^−5q)/(4q);
//   - the gamma–Poisson identity: a Poisson count whose rate is
//     gamma(2, 1.5) is negbinomial(mean=3, r=2), so its compound sum has
//     the distribution of the constant-frequency compound, which the
//     engine samples another way; their exceedance probabilities agree.
//
// Each runs with 1, 2 and 7 workers to the same bits.
func TestCompoundVaryingFrequency(t *testing.T) {
	src := `name: c
inputs:
  rate: uniform(1, 5)
  loss: compound(poisson(rate), pert(1, 2, 5))
  p: uniform(0.2, 0.6)
  event: compound_max(bernoulli(p), pert(1, 2, 5))
  worst: compound_max(poisson(rate), pert(1, 2, 5))
  g: gamma(2, 1.5)
  mixed: compound(poisson(g), lognormal(p5=10, p95=200))
  exact: compound(negbinomial(mean=3, r=2), lognormal(p5=10, p95=200))
outputs:
  loss:
  event: { thresholds: [0] }
  worst: { thresholds: [4] }
  mixed: { thresholds: [10, 100, 300, 1000] }
  exact: { thresholds: [10, 100, 300, 1000] }
`
	s, err := Parse("c.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	const n = 400_000
	var first *sim.Result
	for _, w := range []int{1, 2, 7} {
		res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: n, Seed: 5, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
			continue
		}
		for i := range res.Outputs {
			a, b := first.Outputs[i].Final(), res.Outputs[i].Final()
			if a.Mean != b.Mean || a.StdDev != b.StdDev || a.Quantile(0.9).Value != b.Quantile(0.9).Value {
				t.Errorf("%s: %d workers give mean %v, 1 worker %v", res.Outputs[i].Name, w, b.Mean, a.Mean)
			}
		}
	}
	out := func(name string) *sim.Stats {
		for _, o := range first.Outputs {
			if o.Name == name {
				return o.Final()
			}
		}
		t.Fatalf("no output %s", name)
		return nil
	}

	mx, vx := 7.0/3, 32.0/63
	wantVar := 3*(vx+mx*mx) + 16.0/12*mx*mx
	loss := out("loss")
	if math.Abs(loss.Mean-7) > 4*loss.MeanSE {
		t.Errorf("loss: mean %.5f ± %.2g, want 7", loss.Mean, loss.MeanSE)
	}
	if math.Abs(loss.StdDev/math.Sqrt(wantVar)-1) > 0.01 {
		t.Errorf("loss: sd %.5f, want %.5f", loss.StdDev, math.Sqrt(wantVar))
	}
	if e := out("event").Exceedances[0]; math.Abs(e.Prob-0.4) > 4*e.SE {
		t.Errorf("event: P(> 0) = %.5f ± %.2g, want 0.4", e.Prob, e.SE)
	}
	q := 1 - must(distributions.NewPERT(1, 2, 5)).CDF(4)
	if e, want := out("worst").Exceedances[0], 1-(math.Exp(-q)-math.Exp(-5*q))/(4*q); math.Abs(e.Prob-want) > 4*e.SE {
		t.Errorf("worst: P(> 4) = %.5f ± %.2g, want %.5f", e.Prob, e.SE, want)
	}
	mixed, exact := out("mixed"), out("exact")
	for i, a := range mixed.Exceedances {
		b := exact.Exceedances[i]
		if se := math.Hypot(a.SE, b.SE); math.Abs(a.Prob-b.Prob) > 4*se {
			t.Errorf("P(> %g): poisson(gamma rate) %.5f, negbinomial %.5f (± %.2g)", a.Threshold, a.Prob, b.Prob, se)
		}
	}
	if se := math.Hypot(mixed.MeanSE, exact.MeanSE); math.Abs(mixed.Mean-exact.Mean) > 4*se {
		t.Errorf("mean: poisson(gamma rate) %.4f, negbinomial %.4f (± %.2g)", mixed.Mean, exact.Mean, se)
	}
}

// TestCompoundVaryingFrequencyLimit: a trial whose count would exceed
// distributions.MaxTrialEvents fails the run naming the input, and the
// rule the run's error quotes says so, instead of drawing for hours.
func TestCompoundVaryingFrequencyLimit(t *testing.T) {
	dist := "compound(poisson(rate), 10 to 20)"
	s, err := Parse("c.yaml", []byte("name: c\ninputs:\n  rate: uniform(1e7, 2e7)\n  loss: "+dist+"\noutputs: [loss]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sim.Run(context.Background(), s.Model, sim.Config{Trials: 1000, Seed: 1})
	var nf *sim.NonFiniteError
	if !asNonFinite(err, &nf) || nf.Formula != "loss" {
		t.Fatalf("run with 1e7 events a trial: %v", err)
	}
	if r := ParamRule(dist); !strings.Contains(r, "poisson needs lambda >= 0") || !strings.Contains(r, "at most 1,000,000 events") {
		t.Errorf("ParamRule(%s) = %q", dist, r)
	}
}
