package scenario_test

import (
	"fmt"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func ExampleParse() {
	src := []byte(`name: Lab loss
unit: USD billions
inputs:
  revenue:  { dist: 3.5 to 4.5, source: "Revenue is expected to land between $3.5 to $4.5 billion" }
  training: 2.5 to 3.5
  compute:  "pert(3.5, 4, 5)"
formulas:
  loss: costs - revenue
  costs: compute + training
outputs:
  loss: { label: Operating loss, thresholds: [5] }
`)
	s, err := scenario.Parse("lab.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range s.Inputs {
		fmt.Printf("%s ~ %s (mean %.3f)\n", in.Name, in.Dist, in.Distribution.Mean())
	}
	for _, f := range s.Model.Formulas {
		fmt.Println("formula", f.Name)
	}
	o := s.Model.Outputs[0]
	fmt.Println("output", o.Label, o.Unit, o.Thresholds)

	// One trial at chosen input values.
	out, _ := sim.Evaluate(s.Model, map[string][]float64{"revenue": {4}, "training": {3}, "compute": {4}})
	fmt.Println("loss", out["loss"][0])
	// Output:
	// revenue ~ 3.5 to 4.5 (mean 3.980)
	// training ~ 2.5 to 3.5 (mean 2.974)
	// compute ~ pert(3.5, 4, 5) (mean 4.083)
	// formula costs
	// formula loss
	// output Operating loss USD billions [5]
	// loss 3
}

func ExampleParse_errors() {
	src := []byte(`name: typos
inputs:
  a100_hours: 2.8 to 3.4
  price: normal(1.3, -0.1)
formulas:
  inference: price * a100_hour
outputs: [inference]
`)
	_, err := scenario.Parse("typos.yaml", src)
	fmt.Println(err)
	// Output:
	// typos.yaml:4:10: normal: sd must be > 0, got -0.1
	// typos.yaml:6:22: unknown name "a100_hour"; did you mean "a100_hours"?
}

func ExampleScenario_With() {
	s, _ := scenario.Builtin(scenario.Default)
	w, err := s.With(scenario.Override{Name: "revenue", Dist: "4 to 5"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w.Overrides, s.Inputs[0].Dist, "->", w.Inputs[0].Dist)

	_, err = s.With(scenario.Override{Name: "revenu", Dist: "4"})
	fmt.Println(err)
	// Output:
	// [{revenue 4 to 5}] 3.5 to 4.5 -> 4 to 5
	// --set revenu: unknown input "revenu"; did you mean "revenue"?
}

func ExampleParseCount() {
	for _, s := range []string{"1e6", "1M", "1_000_000", "250K"} {
		n, _ := scenario.ParseCount(s)
		fmt.Println(n)
	}
	// Output:
	// 1000000
	// 1000000
	// 1000000
	// 250000
}

func ExampleParseNumber() {
	for _, s := range []string{"2.5B", "5%", "-1_500", "1e-3"} {
		v, _ := scenario.ParseNumber(s)
		fmt.Println(v)
	}
	_, err := scenario.ParseNumber("5m")
	fmt.Println(err)
	// Output:
	// 2.5e+09
	// 0.05
	// -1500
	// 0.001
	// bad number "5m": suffixes are K, M, B, T (thousand, million, billion, trillion) and %; did you mean "5M"?
}

func ExampleBuiltins() {
	fmt.Println(scenario.Builtins(), scenario.Default)
	// Output: [anthropic-2024 construction-budget cyber-risk openai-2024 saas-runway] openai-2024
}
