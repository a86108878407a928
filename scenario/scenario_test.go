package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func names[T any](list []T, name func(T) string) string {
	var out []string
	for _, x := range list {
		out = append(out, name(x))
	}
	return strings.Join(out, " ")
}

func TestReference(t *testing.T) {
	s, err := Load("../benchmarks/reference.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "P1 reference" || s.Unit != "USD billions" || s.Seed != 42 || !s.HasSeed || s.Trials != 1e6 || s.Periods != 1 {
		t.Errorf("header: %q %q seed %d/%v trials %d periods %d", s.Name, s.Unit, s.Seed, s.HasSeed, s.Trials, s.Periods)
	}
	if got := names(s.Inputs, func(in Input) string { return in.Name }); got !=
		"revenue a100_price a100_hours apple_launch apple_uplift apple_months training headcount cost_per_head" {
		t.Errorf("inputs %s", got)
	}
	if s.Inputs[0].Source == "" || s.Inputs[1].Unit != "USD per A100-hour" || s.Inputs[2].Unit != "billion A100-hours" {
		t.Errorf("input metadata: %+v %+v %+v", s.Inputs[0], s.Inputs[1], s.Inputs[2])
	}
	m := s.Model
	if got := names(m.Formulas, func(n model.Named) string { return n.Name }); got != "inference staff loss" {
		t.Errorf("formulas %s", got)
	}
	if len(m.Outputs) != 1 || m.Outputs[0].Label != "Operating loss" || m.Outputs[0].Unit != "USD billions" ||
		fmt.Sprint(m.Outputs[0].Thresholds) != "[5]" {
		t.Errorf("outputs %+v", m.Outputs)
	}
	// One trial at chosen values, against the formulas computed by hand.
	v := map[string]float64{"revenue": 4, "a100_price": 1.3, "a100_hours": 3.1, "apple_launch": 1,
		"apple_uplift": 0.2, "apple_months": 3, "training": 3, "headcount": 1500, "cost_per_head": 0.001}
	in := map[string][]float64{}
	for k, x := range v {
		in[k] = []float64{x}
	}
	out, err := sim.Evaluate(m, in)
	if err != nil {
		t.Fatal(err)
	}
	inference := 1.3 * 3.1 * (1 + 1*0.2*3/12.0)
	want := inference + 3 + 1500*0.001 - 4
	if got := out["loss"][0]; math.Abs(got-want) > 1e-12 {
		t.Errorf("loss = %v, want %v", got, want)
	}
}

// TestReferenceStatistics checks that reference.yaml is the P1 model whose
// exact mean is 4.822472 and standard deviation 0.606184.
func TestReferenceStatistics(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical test")
	}
	s, err := Load("../benchmarks/reference.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const n = 200_000
	res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: n, Seed: 42, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Outputs[0].Final()
	// 5 standard errors: sd/sqrt(n) = 0.00136 for the mean; the sample sd
	// of a near-normal variable has SE about sd/sqrt(2n) = 0.00096.
	if math.Abs(st.Mean-4.822472) > 5*0.606184/math.Sqrt(n) {
		t.Errorf("mean %v, want 4.822472", st.Mean)
	}
	if math.Abs(st.StdDev-0.606184) > 5*0.606184/math.Sqrt(2*n) {
		t.Errorf("sd %v, want 0.606184", st.StdDev)
	}
}

func TestBuiltins(t *testing.T) {
	list := Builtins()
	if !strings.Contains(strings.Join(list, " "), Default) || len(list) < 2 {
		t.Fatalf("Builtins() = %v, want %s and others", list, Default)
	}
	for _, name := range list {
		s, err := Builtin(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if s.File != name+".yaml" {
			t.Errorf("%s: File = %q", name, s.File)
		}
		for _, in := range s.Inputs {
			if in.Source == "" && in.Assumption == "" {
				t.Errorf("%s: input %s has neither source nor assumption", name, in.Name)
			}
		}
		article := strings.HasSuffix(name, "-2024") // the seed article's labs
		for _, o := range []string{"loss", "revenue", "costs"} {
			if !article {
				break
			}
			found := false
			for _, spec := range s.Outputs {
				found = found || spec.Name == o
			}
			if !found {
				t.Errorf("%s: no output %s", name, o)
			}
		}
		// Every built-in runs: no non-finite values, and the loss is in the
		// billions the article reports.
		res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 20_000, Seed: 1, Workers: 1})
		if err != nil {
			t.Errorf("%s: run: %v", name, err)
			continue
		}
		if mean := res.Outputs[0].Final().Mean; article && (mean < 0.5 || mean > 8) {
			t.Errorf("%s: mean loss %v is implausible", name, mean)
		}
		for _, v := range s.Variants {
			if _, err := s.Variant(v.Name); err != nil {
				t.Errorf("%s: variant %s: %v", name, v.Name, err)
			}
		}
	}
	if _, err := Builtin("openai"); err == nil || !strings.Contains(err.Error(), `did you mean "openai-2024"?`) {
		t.Errorf("Builtin(openai) error = %v", err)
	}
	if _, err := BuiltinSource("../doc"); err == nil {
		t.Error("BuiltinSource(../doc) succeeded")
	}
}

const withSrc = `name: with
inputs:
  revenue: 3.5 to 4.5
  costs: 8
  launch: bernoulli(0.7)
formulas:
  loss: costs - revenue * (1 + launch)
outputs: [loss]
variants:
  no-launch: { description: never, inputs: { launch: 0 } }
  cheap: { inputs: { costs: 6, revenue: "normal(4, 0.1)" } }
`

func TestWith(t *testing.T) {
	s := mustParse(t, withSrc)
	w, err := s.With(Override{"revenue", "5"}, Override{"costs", "uniform(7, 9)"})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Inputs[0].Distribution.Mean(); got != 5 || w.Inputs[0].Dist != "5" {
		t.Errorf("revenue after With: %q mean %v", w.Inputs[0].Dist, got)
	}
	if got := w.Model.Inputs[1].Dist.Mean(); got != 8 {
		t.Errorf("costs mean in the model %v, want 8", got)
	}
	if s.Inputs[0].Dist != "3.5 to 4.5" || s.Model.Inputs[0].Dist.Mean() == 5 || len(s.Overrides) != 0 {
		t.Error("With modified the original scenario")
	}
	if fmt.Sprint(w.Overrides) != "[{revenue 5} {costs uniform(7, 9)}]" {
		t.Errorf("Overrides = %v", w.Overrides)
	}
	w2, err := w.With(Override{"launch", "1"})
	if err != nil || len(w2.Overrides) != 3 {
		t.Errorf("chained With: %v, %v", w2, err)
	}

	tests := []struct {
		o    Override
		want string
	}{
		{Override{"revenu", "5"}, `--set revenu: unknown input "revenu"; did you mean "revenue"?`},
		{Override{"loss", "5"}, `--set loss: "loss" is a formula; only inputs can be replaced`},
		{Override{"revenue", "normal(4, -1)"}, "--set revenue: normal: "},
		{Override{"revenue", "5 to 4"}, "--set revenue: in `A to B` A must be less than B"},
		{Override{"revenue", ""}, "--set revenue: empty distribution"},
	}
	for _, tt := range tests {
		_, err := s.With(tt.o)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("With(%v) error = %v, want %s...", tt.o, err, tt.want)
		}
	}
}

func TestVariant(t *testing.T) {
	s := mustParse(t, withSrc)
	if len(s.Variants) != 2 || s.Variants[0].Description != "never" || fmt.Sprint(s.Variants[1].Overrides) != "[{costs 6} {revenue normal(4, 0.1)}]" {
		t.Fatalf("variants %+v", s.Variants)
	}
	v, err := s.Variant("no-launch")
	if err != nil {
		t.Fatal(err)
	}
	out, err := sim.Evaluate(v.Model, map[string][]float64{"revenue": {4}, "costs": {8}, "launch": {0}})
	if err != nil || out["loss"][0] != 4 {
		t.Errorf("variant loss %v, %v", out, err)
	}
	if v.Inputs[2].Distribution.Mean() != 0 || fmt.Sprint(v.AppliedVariants) != "[no-launch]" || len(v.Overrides) != 1 {
		t.Errorf("variant: launch mean %v, applied %v, overrides %v", v.Inputs[2].Distribution.Mean(), v.AppliedVariants, v.Overrides)
	}
	if _, err := s.Variant("no-lunch"); err == nil || err.Error() != `test.yaml: unknown variant "no-lunch"; did you mean "no-launch"? (variants: no-launch, cheap)` {
		t.Errorf("unknown variant error = %v", err)
	}
	ref, _ := Load("../benchmarks/reference.yaml")
	if _, err := ref.Variant("x"); err == nil || !strings.Contains(err.Error(), "has no variants") {
		t.Errorf("no variants error = %v", err)
	}
}

func TestDeterministicCompilation(t *testing.T) {
	src := []byte(`name: det
periods: 6
inputs:
  a: 1 to 2
  g: { dist: "normal(0.02, 0.01)", per_period: true }
formulas:
  z: y * 2 + x
  y: x + cumsum(g) + lag(x * g, 2)
  x: a * 3 + period
  w: sum(z) + mean(y) + max(a, 1, 2) - min(a, 2)
outputs: [w, z, a]
`)
	first, err := Parse("det.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Parse("det.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first.Model, again.Model) {
			t.Fatal("two compilations of the same file differ")
		}
	}
	if got := names(first.Model.Formulas, func(n model.Named) string { return n.Name }); got != "x y z w" {
		t.Errorf("evaluation order %s, want x y z w", got)
	}
	if got := names(first.Formulas, func(f Formula) string { return f.Name }); got != "z y x w" {
		t.Errorf("Scenario.Formulas %s, want file order z y x w", got)
	}
	// Slots: inputs, then formulas in evaluation order.
	var slotNames []string
	for _, s := range first.Model.Slots[:6] {
		slotNames = append(slotNames, s.Name)
	}
	if fmt.Sprint(slotNames) != "[a g x y z w]" {
		t.Errorf("named slots %v", slotNames)
	}
	series := map[string]bool{}
	for _, s := range first.Model.Slots {
		series[s.Name] = s.Series
	}
	if !series["g"] || !series["x"] || !series["y"] || !series["z"] || series["w"] || series["a"] {
		t.Errorf("shapes %v", series)
	}
	in := map[string][]float64{"a": {1}, "g": {1, 1, 1, 1, 1, 1}}
	out, err := sim.Evaluate(first.Model, in)
	if err != nil {
		t.Fatal(err)
	}
	// x = 3 + t; y = x + t + lag(x, 2); z = 2y + x.
	var sumZ, sumY float64
	for t0 := 1; t0 <= 6; t0++ {
		x := 3 + float64(t0)
		lagx := 0.0
		if t0 > 2 {
			lagx = 3 + float64(t0-2)
		}
		y := x + float64(t0) + lagx
		sumY += y
		sumZ += 2*y + x
	}
	if want := sumZ + sumY/6 + 2 - 1; out["w"][0] != want {
		t.Errorf("w = %v, want %v", out["w"], want)
	}
}

func TestCycles(t *testing.T) {
	tests := []struct{ formulas, want string }{
		{"  a: b\n  b: c\n  c: a\n", "test.yaml:5:3: cycle: a -> b -> c -> a"},
		{"  c: a\n  a: b\n  b: c\n", "test.yaml:5:3: cycle: c -> a -> b -> c"},
		{"  a: a + 1\n", "test.yaml:5:3: cycle: a -> a"},
		{"  a: b\n  b: a\n  c: d\n  d: c + x\n", "test.yaml:5:3: cycle: a -> b -> a; a formula cannot depend on itself\ntest.yaml:7:3: cycle: c -> d -> c"},
		{"  ok: x\n  a: b + ok\n  b: ok * a\n", "test.yaml:6:3: cycle: a -> b -> a"},
	}
	for _, tt := range tests {
		src := "name: c\ninputs: { x: 1 }\noutputs: [x]\nformulas:\n" + tt.formulas
		_, err := Parse("test.yaml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %s", tt.formulas, err, tt.want)
		}
	}
}

func TestPositions(t *testing.T) {
	// The error is at "bogus" in each formula.
	tests := []struct{ formula, want string }{
		{`x + bogus`, "5:10"},
		{`"x + bogus"`, "5:11"},
		{`'x + bogus'`, "5:11"},
		{`"x\t+ bogus"`, "5:12"},
		{`'x + ''a'' + bogus'`, "5:11"}, // at the quote, which is not expression syntax
		{`"x + \"a\" + bogus"`, "5:11"}, // at the escape sequence
		{"|\n    x +\n    bogus", "7:5"},
		{">\n    x +\n    bogus", "7:5"},
		{"x +\n    bogus", "6:5"},
		{"{ bad: mapping }", "5:6"},
	}
	for _, tt := range tests {
		src := "name: p\ninputs: { x: 1 }\noutputs: [x]\nformulas:\n  f: " + tt.formula + "\n"
		_, err := Parse("p.yaml", []byte(src))
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%q: error %v", tt.formula, err)
			continue
		}
		if got := fmt.Sprintf("%d:%d", list[0].Line, list[0].Col); got != tt.want {
			t.Errorf("%q: error at %s, want %s (%v)", tt.formula, got, tt.want, err)
		}
	}
}

func TestOutputs(t *testing.T) {
	s := mustParse(t, `name: o
unit: USD
inputs: { a: 1, b: 2 }
formulas: { c: a + b }
outputs:
  c: { label: Sum, unit: EUR, thresholds: [1, 2.5K, 5%] }
  a:
  b: {}
`)
	o := s.Model.Outputs
	if len(o) != 3 || o[0].Label != "Sum" || o[0].Unit != "EUR" || fmt.Sprint(o[0].Thresholds) != "[1 2500 0.05]" ||
		o[1].Label != "a" || o[1].Unit != "USD" || o[2].Name != "b" {
		t.Errorf("outputs %+v", o)
	}
	s = mustParse(t, "name: o\ninputs: { a: 1 }\noutputs: [a]\n")
	if len(s.Model.Outputs) != 1 || s.Model.Outputs[0].Slot != s.Model.Inputs[0].Slot {
		t.Errorf("list outputs %+v", s.Model.Outputs)
	}
	s = mustParse(t, "name: o\ninputs: { a: 1 }\noutputs: a\n")
	if len(s.Model.Outputs) != 1 {
		t.Errorf("scalar outputs %+v", s.Model.Outputs)
	}
}

func TestErrorList(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: many\ninputs:\n")
	for i := range 13 {
		fmt.Fprintf(&b, "  x%d: normal(0, -%d)\n", i, i+1)
	}
	b.WriteString("outputs: [x0]\n")
	_, err := Parse("many.yaml", []byte(b.String()))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 13 {
		t.Fatalf("error %v", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 11 || lines[10] != "(and 3 more errors)" || !strings.HasPrefix(lines[0], "many.yaml:3:") {
		t.Errorf("ErrorList.Error():\n%s", err)
	}
	var one *Error
	if !errors.As(err, &one) || one.Line != 3 {
		t.Errorf("errors.As(*Error) = %v", one)
	}
}

func TestConfig(t *testing.T) {
	s := mustParse(t, "name: c\nseed: 7\ntrials: 2K\ninputs: { a: 1 }\noutputs: [a]\n")
	c := s.Config(sim.DefaultConfig)
	if c.Seed != 7 || c.Trials != 2000 || c.NaN != sim.DefaultConfig.NaN {
		t.Errorf("Config = %+v", c)
	}
	s = mustParse(t, "name: c\ninputs: { a: 1 }\noutputs: [a]\n")
	if c := s.Config(sim.DefaultConfig); c.Seed != sim.DefaultConfig.Seed || c.Trials != sim.DefaultConfig.Trials {
		t.Errorf("Config without seed/trials = %+v", c)
	}
}
