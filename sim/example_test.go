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

// ExampleAggregate_Merge runs a model as three shards, each a range of its
// blocks (as three machines of a cluster would), saves and restores their
// aggregates, and merges them: the result is that of one run, to the bit.
func ExampleAggregate_Merge() {
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
	cfg := sim.Config{Trials: 100_000, Seed: 1}
	blocks := sim.Blocks(cfg.Trials)
	total, err := sim.NewAggregate(s.Model, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for k := range int64(3) {
		shard := cfg
		shard.Blocks = sim.BlockRange{Lo: k * blocks / 3, Hi: (k + 1) * blocks / 3}
		a, err := sim.RunAggregate(context.Background(), s.Model, shard)
		if err != nil {
			fmt.Println(err)
			return
		}
		data, _ := a.MarshalBinary() // what a shard writes to its partial file
		var back sim.Aggregate
		if err := back.UnmarshalBinary(data); err != nil {
			fmt.Println(err)
			return
		}
		if err := total.Merge(&back); err != nil {
			fmt.Println(err)
			return
		}
	}
	one, _ := sim.Run(context.Background(), s.Model, cfg)
	merged := total.Result()
	fmt.Println("complete:", total.Complete())
	fmt.Println("same mean:", merged.Outputs[0].Final().Mean == one.Outputs[0].Final().Mean)
	fmt.Println("same P95:", merged.Outputs[0].Final().Quantile(0.95) == one.Outputs[0].Final().Quantile(0.95))
	// Output:
	// complete: true
	// same mean: true
	// same P95: true
}

// ExampleStopFunc stops a run once the mean's standard error is below a
// target; the engine asks every CheckEvery blocks, so the stopping point is
// the same for any number of workers.
func ExampleStopFunc() {
	s, err := scenario.Parse("margin.yaml", []byte(`
name: margin
inputs:
  revenue: 3.5 to 4.5
  costs:   normal(8.5, 0.5)
formulas:
  loss: costs - revenue
outputs: [loss]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	precise := sim.StopFunc(func(r *sim.Result) bool { return r.Outputs[0].Final().MeanSE < 0.001 })
	r, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 10_000_000, Seed: 1, Stopper: precise})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stopped after %d trials: SE %.5f\n", r.Trials, r.Outputs[0].Final().MeanSE)
	// Output:
	// stopped after 393216 trials: SE 0.00093
}
