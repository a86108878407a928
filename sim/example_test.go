package sim_test

import (
	"context"
	"fmt"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// ExampleRun compiles a two-input model and runs it: the result carries
// every statistic with its Monte Carlo standard error, and is the same for
// any number of workers.
func ExampleRun() {
	s, err := scenario.Parse("margin.yaml", []byte(`
name: margin
inputs:
  revenue: 3.5 to 4.5
  costs:   normal(8.5, 0.5)
formulas:
  loss: costs - revenue
outputs:
  loss: { thresholds: [5] }
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 100_000, Seed: 1, Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	loss := r.Outputs[0].Final()
	p95 := loss.Quantile(0.95)
	fmt.Printf("mean %.2f ± %.3f\n", loss.Mean, loss.MeanSE)
	fmt.Printf("P95  %.2f ± %.3f\n", p95.Value, p95.SE)
	fmt.Printf("P(loss > 5) = %.3f ± %.3f\n", loss.Exceedances[0].Prob, loss.Exceedances[0].SE)
	// Output:
	// mean 4.52 ± 0.002
	// P95  5.48 ± 0.004
	// P(loss > 5) = 0.206 ± 0.001
}

// ExampleEvaluate runs a model's program for one trial with chosen inputs,
// which is how a surprising trial is explained.
func ExampleEvaluate() {
	s, err := scenario.Parse("staff.yaml", []byte(`
name: staff
inputs:
  headcount: normal(1500, 100)
  cost_per_head: 0.001
formulas:
  staff: headcount * cost_per_head
outputs: [staff]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := sim.Evaluate(s.Model, map[string][]float64{"headcount": {1600}, "cost_per_head": {0.001}})
	fmt.Println(v["staff"], err)
	// Output:
	// [1.6] <nil>
}
