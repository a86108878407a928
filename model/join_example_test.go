package model_test

import (
	"context"
	"fmt"
	"math"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// ExampleJoin compares a scenario with one of its variants in a single
// run with common random numbers, and reads the difference and its paired
// standard error from the diff output.
func ExampleJoin() {
	src := []byte(`name: Lab loss
unit: USD billions
inputs:
  revenue: 3.5 to 4.5
  price:   pert(1.15, 1.30, 1.55)
  hours:   2.8 to 3.3
formulas:
  loss: price * hours - revenue
outputs:
  loss: { thresholds: [0.5] }
variants:
  dearer:
    inputs: { price: "pert(1.38, 1.56, 1.86)" }
`)
	base, err := scenario.Parse("lab.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	dearer, err := base.Variant("dearer")
	if err != nil {
		fmt.Println(err)
		return
	}
	j, err := model.Join([]model.Member{{Label: "base", Model: base.Model}, {Label: "dearer", Model: dearer.Model}})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := sim.Run(context.Background(), j.Model, sim.Config{Trials: 100_000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, v := res.Outputs[j.Output(0, 0)].Final(), res.Outputs[j.Output(1, 0)].Final()
	d := res.Outputs[j.Diff(1, 0)].Final()
	fmt.Printf("outputs: %s, %s, %s\n", res.Outputs[j.Output(0, 0)].Name, res.Outputs[j.Output(1, 0)].Name, res.Outputs[j.Diff(1, 0)].Name)
	fmt.Printf("mean loss: base %.2f, dearer %.2f, difference %.3f\n", b.Mean, v.Mean, d.Mean)
	fmt.Printf("paired SE %.1e is %.0fx smaller than two independent runs' %.1e\n",
		d.MeanSE, math.Hypot(b.MeanSE, v.MeanSE)/d.MeanSE, math.Hypot(b.MeanSE, v.MeanSE))
	fmt.Printf("P(dearer > base in a trial) = %.2f\n", d.Exceedances[0].Prob)
	// Output:
	// outputs: base.loss, dearer.loss, diff.dearer.loss
	// mean loss: base 0.03, dearer 0.83, difference 0.801
	// paired SE 1.9e-04 is 11x smaller than two independent runs' 2.0e-03
	// P(dearer > base in a trial) = 1.00
}
