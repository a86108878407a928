package job

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEventOutputs: an output whose every value is 0 or 1 is reported as
// a probability (text, JSON, memo) and drawn as the shares of no and yes,
// never as a histogram that hides the trials at 0; an event series gets
// its probability by period.
func TestEventOutputs(t *testing.T) {
	src := `name: runway
periods: 6
inputs:
  cash0: 1 to 3
  burn: { dist: "uniform(0.2, 0.6)", per_period: true }
formulas:
  cash: cash0 - cumsum(burn)
  broke: cash < 0
  broke_early: any(cash < 0 and period <= 4)
outputs:
  broke_early: { label: Out of cash by month 4 }
  broke: { label: Out of cash }
  cash: { label: Cash }
`
	dir := t.TempDir()
	file := filepath.Join(dir, "runway.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	out := filepath.Join(dir, "report")
	if err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 50_000, Stdout: &text, Out: out, Date: date}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Out of cash by month 4\n", "P(yes)", "period  P(yes)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String()[:strings.Index(text.String(), "Cash, by period")], "P95") {
		t.Errorf("an event output is given percentiles:\n%s", text.String())
	}
	for _, f := range []string{"broke_early-shares.png", "broke-shares.png", "broke-by-period.png", "cash-histogram.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("no figure %s: %v", f, err)
		}
	}
	for _, f := range []string{"broke_early-histogram.png", "broke-histogram.png", "broke-exceedance.png", "broke-fan.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("an event output has the figure %s", f)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Outputs []struct {
			Name, Kind string
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Outputs[0].Kind != "probability" || doc.Outputs[1].Kind != "probability" || doc.Outputs[2].Kind != "" {
		t.Errorf("kinds %+v", doc.Outputs)
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if !strings.Contains(string(md), "Out of cash by month 4: a ") || !strings.Contains(string(md), "| Probability |") {
		t.Errorf("report.md does not report the event as a probability:\n%.1500s", md)
	}
}

// TestParametricError: a trial whose parameters are invalid fails the run
// with an error naming the input, its distribution, the trial, the
// trial's values and the family's rule.
func TestParametricError(t *testing.T) {
	for _, tc := range []struct{ inputs, dist, value, rule string }{
		{"v: normal(0, 1)", "normal(mean=0, sd=v)", "v=-", "a normal needs sd >= 0"},
		{"mode: uniform(0, 6)", "pert(1, mode, 5)", "mode=", "a pert needs min < max, min <= mode <= max and lambda > 0"},
		{"lo: uniform(0, 6)", "pert(lo, 3, 5)", "lo=", "a pert needs min < max"},
		{"hi: uniform(0, 6)", "triangular(1, 2, hi)", "hi=", "a triangular needs min < max and min <= mode <= max"},
		{"a: uniform(-1, 1)", "beta(a, 2)", "a=-", "a beta needs alpha > 0 and beta > 0"},
		{"s: normal(1, 1)", "gamma(2, scale=s)", "s=-", "a gamma needs shape > 0 and scale > 0"},
		{"n: uniform(1, 5)", "binomial(n, 0.5)", "n=", "a binomial needs n a whole number >= 1"},
		{"q: uniform(0, 2)", "binomial(4, q)", "q=1.", "and p in [0, 1]"},
		{"lo: uniform(1, 5)", "lognormal(p5=lo, p95=3)", "lo=", "a lognormal(p5=A, p95=B) needs 0 < A < B"},
		{"hi: uniform(1, 5)", "normal(p90=hi, p10=3)", "hi=", "a normal(p10=A, p90=B) needs A < B"},
		{"k: uniform(-1, 1)", "weibull(k, 2)", "k=-", "a weibull needs shape > 0 and scale > 0"},
		{"a: uniform(-1, 1)", "pareto(1, a)", "a=-", "a pareto needs xm > 0 and alpha > 0"},
		{"s: uniform(-1, 1)", "studentt(3, 0, s)", "s=-", "a studentt needs nu > 0 and sigma >= 0"},
		{"m: uniform(-1, 1)", "lognormal(mean=m, sd=1)", "m=-", "a lognormal(mean=.., sd=..) needs mean > 0 and sd >= 0"},
		{"lo: uniform(0, 6)", "lo to 5", "lo=", "an `A to B` needs A < B"},
	} {
		file := filepath.Join(t.TempDir(), "p.yaml")
		src := "name: p\ninputs:\n  " + tc.inputs + "\n  x: \"" + tc.dist + "\"\noutputs: [x]\n"
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 1000, Stdout: &bytes.Buffer{}})
		for _, want := range []string{`input "x", ` + tc.dist + `, has invalid parameters in trial `, "(the trial's inputs: " + tc.value, tc.rule,
			"bound the parameter in a formula"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want %q", tc.dist, err, want)
			}
		}
	}
}

// TestFirstPeriodOutput: a first(...) output is drawn as the share of
// trials by period, with never as its own bar, and its tables give the
// share that never happens.
func TestFirstPeriodOutput(t *testing.T) {
	src := "name: f\nperiods: 6\ninputs:\n  burn: { dist: \"uniform(0, 1)\", per_period: true }\nformulas:\n  cash: 2 - cumsum(burn)\n  runout: first(cash < 0)\noutputs:\n  runout: { label: Run-out month }\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "f.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	out := filepath.Join(dir, "r")
	if err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 20_000, Stdout: &text, Out: out, Date: date}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "never (counted as 7): ") {
		t.Errorf("the table lacks the share that never runs out:\n%s", text.String())
	}
	if _, err := os.Stat(filepath.Join(out, "runout-first.png")); err != nil {
		t.Errorf("no first-period figure: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "runout-histogram.png")); err == nil {
		t.Error("a first(...) output also has a histogram")
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if !strings.Contains(string(md), "| Never |") {
		t.Error("report.md lacks the Never row")
	}
}
