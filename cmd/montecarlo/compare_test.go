package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// TestScenarioGolden freezes the summary tables of both built-in scenarios
// and two comparisons at a fixed seed (go test ./cmd/montecarlo -update
// rewrites them).
func TestScenarioGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"openai-2024-table.stdout", []string{"run", "openai-2024", "--trials", "8192", "--seed", "1"}},
		{"anthropic-2024-table.stdout", []string{"run", "anthropic-2024", "--trials", "8192", "--seed", "1"}},
		{"compare-variants.stdout", []string{"compare", "openai-2024", "--variant", "no-apple-deal", "--variant", "h2-sales-miss", "--trials", "8192", "--seed", "1"}},
		{"compare-scenarios.stdout", []string{"compare", "openai-2024", "anthropic-2024", "--trials", "8192", "--seed", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := mc(t, tc.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("montecarlo %s: exit %d, stderr:\n%s", strings.Join(tc.args, " "), code, stderr)
			}
			golden(t, tc.name, stdout)
		})
	}
}

// badVariant is a scenario whose variant names an input it does not have.
const badVariant = `name: v
inputs:
  revenue: 3 to 5
  costs: 7 to 9
formulas:
  loss: costs - revenue
outputs: [loss]
variants:
  cheap:
    inputs: { cost: 6 to 8 }
`

// TestCompareErrors: bad comparisons exit with status 2 and say what to do.
func TestCompareErrors(t *testing.T) {
	bad := writeFile(t, "v.yaml", badVariant)
	other := writeFile(t, "other.yaml", "name: other\nperiods: 12\ninputs: {x: 1 to 2}\noutputs: [x]\n")
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"variant names unknown input", []string{"compare", bad, "--all-variants"},
			`^.*v\.yaml:10:15: variant "cheap": unknown input "cost"; did you mean "costs"\?\n$`},
		{"run, same file", []string{"run", bad}, `v\.yaml:10:15: variant "cheap": unknown input "cost"`},
		{"unknown variant", []string{"compare", "--variant", "no-apple"},
			`unknown variant "no-apple"; did you mean "no-apple-deal"\?`},
		{"override does not parse", []string{"compare", "--variant", "no-apple-deal", "--set", "revenue=4 to"},
			`^--set revenue.*\n$`},
		{"run, override does not parse", []string{"run", "--set", "revenue=4 to"}, `^--set revenue.*\n$`},
		{"override names unknown input", []string{"compare", "--all-variants", "--set", "revenu=4 to 5"},
			`unknown input "revenu"; did you mean "revenue"\?`},
		{"nothing to compare", []string{"compare", "openai-2024"}, `nothing to compare: give --variant NAME \(variants of openai-2024: no-apple-deal, `},
		{"no shared outputs", []string{"compare", "openai-2024", other}, `share no output name`},
		{"variant with two scenarios", []string{"compare", "openai-2024", "anthropic-2024", "--variant", "x"}, `compare variants of one scenario`},
		{"both variant flags", []string{"compare", "--variant", "no-apple-deal", "--all-variants"}, `either --variant or --all-variants`},
		{"bad format", []string{"compare", "--all-variants", "--format", "xml"}, `--format "xml"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := mc(t, append(tc.args, "-n", "1024", "-q")...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !regexp.MustCompile(tc.stderr).MatchString(stderr) {
				t.Errorf("stderr %q does not match %q", stderr, tc.stderr)
			}
		})
	}
}

type compareDoc struct {
	Schema     string
	Provenance struct {
		Members []struct {
			Label, Scenario, File, Variant string
		}
		Seed      uint64
		Trials    int64
		Overrides []struct{ Name, Dist string }
		Command   string
	}
	Outputs []struct {
		Name       string
		Statistics []struct {
			Statistic    string
			Values       []struct{ Value, SE float64 }
			Diffs        []struct{ Value, SE float64 }
			DiffSEMethod string `json:"diff_se_method"`
		}
	}
}

// TestCompareProvenance: run and compare both record --variant and --set,
// and the base of a comparison has exactly the statistics of a separate run.
func TestCompareProvenance(t *testing.T) {
	out, stderr, code := mc(t, "run", "-n", "2048", "--seed", "3", "--format", "json", "--variant", "h2-sales-miss", "--set", "training=2.5 to 3.5")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if p := provenance(t, out); p.Variant != "h2-sales-miss" || len(p.Overrides) != 1 || p.Overrides[0].Name != "training" || p.Overrides[0].Dist != "2.5 to 3.5" {
		t.Errorf("run provenance: variant %q, overrides %v", p.Variant, p.Overrides)
	}
	var run struct {
		Outputs []struct {
			Name  string
			Final struct{ Mean float64 }
		}
	}
	if err := json.Unmarshal([]byte(out), &run); err != nil {
		t.Fatal(err)
	}

	out, stderr, code = mc(t, "compare", "--variant", "h2-sales-miss", "--set", "training=2.5 to 3.5", "-n", "2048", "--seed", "3", "--format", "json")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	var doc compareDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	p := doc.Provenance
	if doc.Schema != "montecarlo-compare/1" || len(p.Members) != 2 || p.Members[0].Label != "base" || p.Members[0].Variant != "" ||
		p.Members[1].Variant != "h2-sales-miss" || p.Members[1].File != "builtin:openai-2024" || p.Seed != 3 || p.Trials != 2048 {
		t.Errorf("compare provenance %+v", p)
	}
	if len(p.Overrides) != 1 || p.Overrides[0].Name != "training" || p.Overrides[0].Dist != "2.5 to 3.5" {
		t.Errorf("compare overrides %v", p.Overrides)
	}
	// The variant member equals the separate run of the same variant and overrides.
	if doc.Outputs[0].Name != run.Outputs[0].Name || doc.Outputs[0].Statistics[0].Statistic != "mean" {
		t.Fatalf("first output %s / %s", doc.Outputs[0].Name, run.Outputs[0].Name)
	}
	mean := doc.Outputs[0].Statistics[0]
	if got, want := mean.Values[1].Value, run.Outputs[0].Final.Mean; got != want {
		t.Errorf("compare: variant mean %v, separate run %v", got, want)
	}
	if d := mean.Values[1].Value - mean.Values[0].Value; math.Abs(mean.Diffs[1].Value-d) > 1e-12 || mean.DiffSEMethod != "paired" {
		t.Errorf("mean diff %v (%s), difference of means %v", mean.Diffs[1].Value, mean.DiffSEMethod, d)
	}
}

// TestCompareOut: --out writes the comparison folder, replaces a previous
// one, and records the command that re-creates it.
func TestCompareOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	for range 2 { // the second run replaces the first folder
		if _, stderr, code := mc(t, "compare", "openai-2024", "anthropic-2024", "-n", "2048", "-q", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, f := range []string{"compare.md", "compare.html", "summary.csv", "compare.json", "loss-histogram.png", "loss-exceedance.png",
		"revenue-histogram.png", "costs-exceedance.png", "cumulative_loss-histogram.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "compare.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc compareDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if want := "montecarlo compare openai-2024 anthropic-2024 --trials 2048 --seed 42 --out " + dir; !strings.HasSuffix(doc.Provenance.Command, want) {
		t.Errorf("command %q, want ...%q", doc.Provenance.Command, want)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "compare.md"))
	if !strings.Contains(string(md), "![Overlaid exceedance curves of Operating loss](loss-exceedance.png)") ||
		!strings.Contains(string(md), "| P(> 5) | openai-2024 |") {
		t.Errorf("compare.md lacks the loss figure or the P(> 5) row:\n%s", md)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "compare.html"))
	if !strings.Contains(string(html), `src="data:image/png;base64,`) {
		t.Error("compare.html does not embed its figures")
	}
	// --plot-format writes the figure files as SVG and re-creates with it.
	svg := filepath.Join(t.TempDir(), "cmp-svg")
	if _, stderr, code := mc(t, "compare", "--variant", "no-apple-deal", "-n", "1024", "-q", "--plot-format", "svg", "--out", svg); code != 0 {
		t.Fatalf("--plot-format svg: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(svg, "loss-histogram.svg")); err != nil || !strings.Contains(string(b), "<svg") {
		t.Errorf("loss-histogram.svg: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(svg, "compare.json")); !strings.Contains(string(b), "--plot-format svg --out") {
		t.Error("compare.json's command does not record --plot-format svg")
	}
	if _, stderr, code := mc(t, "compare", "--variant", "no-apple-deal", "-n", "1024", "-q", "--plot-format", "gif", "--out", svg); code != exitUsage ||
		!strings.Contains(stderr, `--plot-format "gif"`) {
		t.Errorf("--plot-format gif: exit %d, stderr %q", code, stderr)
	}
	// A folder that is not a report is never replaced.
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	if _, _, code := mc(t, "compare", "--all-variants", "-n", "1024", "-q", "--out", foreign); code == 0 {
		t.Error("compare replaced a folder holding notes.txt")
	}
}

// TestPercentileDiffSE checks the approximate standard error of a
// difference of percentiles (report.Comparison) against the spread of that
// difference over 40 replicate seeds, for a variant that changes one input
// (the A100 price) of openai-2024. The reported SE must match the observed
// standard deviation within a factor 1.6 either way: with 40 replicates the
// observed one is itself within ~25% at 2 sigma, and the histogram-based
// quantile SE adds a little noise of its own.
func TestPercentileDiffSE(t *testing.T) {
	if testing.Short() {
		t.Skip("replicated runs")
	}
	base, err := scenario.Builtin("openai-2024")
	if err != nil {
		t.Fatal(err)
	}
	v, err := base.Variant("compute-price-up-20pct")
	if err != nil {
		t.Fatal(err)
	}
	j, err := model.Join([]model.Member{{Label: "base", Model: base.Model}, {Label: "v", Model: v.Model}})
	if err != nil {
		t.Fatal(err)
	}
	const reps, trials = 40, 4000
	var diffs, ses, indeps []float64
	for r := range uint64(reps) {
		res, err := sim.Run(context.Background(), j.Model, sim.Config{Trials: trials, Seed: 500 + r, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		c, err := report.Compare(&report.CompareRun{Result: res, Members: []report.CompareMember{{Label: "base"}, {Label: "v"}},
			Joint: j})
		if err != nil {
			t.Fatal(err)
		}
		row := c.Outputs[0].Rows[3] // loss: mean, P5, P50, P95
		if row.Stat != "P95" || row.SEMethod != report.SEApprox {
			t.Fatalf("row %s (%s)", row.Stat, row.SEMethod)
		}
		diffs = append(diffs, row.Diffs[1].Value)
		ses = append(ses, row.Diffs[1].SE)
		indeps = append(indeps, math.Hypot(row.Values[0].SE, row.Values[1].SE))
	}
	var m, m2, se, indep float64
	for i := range diffs {
		m += diffs[i] / reps
		se += ses[i] / reps
		indep += indeps[i] / reps
	}
	for _, d := range diffs {
		m2 += (d - m) * (d - m) / (reps - 1)
	}
	obs := math.Sqrt(m2)
	t.Logf("P95 difference: observed sd %.5f over %d seeds, mean reported SE %.5f, independent-runs formula %.5f", obs, reps, se, indep)
	if se > 1.6*obs || se < obs/1.6 {
		t.Errorf("reported SE %.5f, observed sd %.5f: off by more than a factor 1.6", se, obs)
	}
	// The check can tell: ignoring the correlation would be far off.
	if indep < 1.6*obs {
		t.Errorf("independent-runs SE %.5f is within a factor 1.6 of the observed %.5f: the test cannot discriminate", indep, obs)
	}
}
