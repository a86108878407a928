package report_test

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// shifted is a scenario whose variant adds exactly 0.5 to the output in
// every trial, so every difference is known exactly.
const shifted = `name: shifted
inputs:
  x: normal(0, 1)
  shift: 0
formulas:
  y: x + shift
outputs:
  y: { thresholds: [0] }
variants:
  up: { inputs: { shift: 0.5 } }
`

func compareShifted(t *testing.T) (*report.CompareRun, *report.Comparison) {
	t.Helper()
	return compareUp(t, shifted)
}

// compareUp compares the scenario src with its variant "up" in 20,000
// trials.
func compareUp(t *testing.T, src string) (*report.CompareRun, *report.Comparison) {
	t.Helper()
	return compareUpWith(t, src, sim.Config{Trials: 20000, Seed: 5})
}

// compareUpWith is compareUp with the run's configuration.
func compareUpWith(t *testing.T, src string, cfg sim.Config) (*report.CompareRun, *report.Comparison) {
	t.Helper()
	base, err := scenario.Parse("shifted.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	up, err := base.Variant("up")
	if err != nil {
		t.Fatal(err)
	}
	j, err := model.Join([]model.Member{{Label: "base", Model: base.Model}, {Label: "up", Model: up.Model}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), j.Model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := &report.CompareRun{Result: res, Members: []report.CompareMember{{Label: "base", Scenario: "shifted"}, {Label: "up", Scenario: "shifted", Variant: "up"}},
		Joint: j}
	c, err := report.Compare(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, c
}

// TestCompareUntouched: an output the variant does not change is equal to
// the base in every trial, so every difference and its error is exactly 0
// (not a rounding residue such as 0.00000000000 ± 0.000000000058).
func TestCompareUntouched(t *testing.T) {
	_, c := compareUp(t, strings.Replace(shifted, "outputs:\n", "outputs:\n  x:\n", 1))
	if len(c.Outputs) != 2 || c.Outputs[0].Name != "x" {
		t.Fatalf("%d outputs, want x and y", len(c.Outputs))
	}
	for _, row := range c.Outputs[0].Rows {
		if d := row.Diffs[1]; d.Value != 0 || d.SE != 0 {
			t.Errorf("%s: difference %v ± %v, want exactly 0 ± 0", row.Stat, d.Value, d.SE)
		}
	}
}

// TestCompareShift: a variant that shifts the output by exactly 0.5 has
// mean and percentile differences of 0.5 with (nearly) zero error, is above
// the base in every trial, and its P(> 0) difference is the difference of
// the two exceedance probabilities with its paired error.
func TestCompareShift(t *testing.T) {
	_, c := compareShifted(t)
	o := c.Outputs[0]
	if o.Name != "y" || len(o.Rows) != 5 {
		t.Fatalf("output %s with %d rows, want y with mean, P5, P50, P95, P(> 0)", o.Name, len(o.Rows))
	}
	for i, row := range o.Rows[:4] {
		d := row.Diffs[1]
		// The mean is exact; percentiles come from the engine's log-bucketed
		// histogram, accurate to about 1e-5 relative (sim.Stats).
		tol := 1e-9
		if i > 0 {
			tol = 1e-4
		}
		if math.Abs(d.Value-0.5) > tol {
			t.Errorf("%s: difference %v, want 0.5", row.Stat, d.Value)
		}
		// The two quantile estimates move together: their difference's
		// error is far below either one's.
		if !(d.SE < row.Values[0].SE/10) {
			t.Errorf("%s: difference SE %v, each value's %v", row.Stat, d.SE, row.Values[0].SE)
		}
	}
	if o.Rows[0].SEMethod != report.SEPaired || o.Rows[1].SEMethod != report.SEApprox || o.Rows[4].SEMethod != report.SEPaired {
		t.Errorf("SE methods %s %s %s", o.Rows[0].SEMethod, o.Rows[1].SEMethod, o.Rows[4].SEMethod)
	}
	ex := o.Rows[4]
	if d := ex.Values[1].Value - ex.Values[0].Value; math.Abs(ex.Diffs[1].Value-d) > 1e-12 || !(d > 0.15 && d < 0.23) {
		t.Errorf("P(> 0): difference %v, values %v %v (normal: 0.5 and 0.69)", ex.Diffs[1].Value, ex.Values[0].Value, ex.Values[1].Value)
	}
	// Var of the indicator difference is d(1-d): the paired SE is sqrt(d(1-d)/n).
	if want := math.Sqrt(ex.Diffs[1].Value * (1 - ex.Diffs[1].Value) / 20000); math.Abs(ex.Diffs[1].SE-want) > 1e-4*want {
		t.Errorf("P(> 0) difference SE %v, want %v", ex.Diffs[1].SE, want)
	}
	if o.Above[1].Value != 1 {
		t.Errorf("P(up > base) = %v, want 1", o.Above[1].Value)
	}
}

func TestCompareWriters(t *testing.T) {
	r, c := compareShifted(t)
	var tab, js, cs bytes.Buffer
	if err := report.WriteCompareTable(&tab, r, c); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Comparison with common random numbers: 20,000 trials, seed 5", "Δ vs base", "+0.5", "P(> base)", "* marks an approximate error"} {
		if !strings.Contains(tab.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, tab.String())
		}
	}
	if err := report.WriteCompareJSON(&js, r, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"schema": "montecarlo-compare/1"`) || !strings.Contains(js.String(), `"diff_se_method": "approx"`) {
		t.Errorf("JSON:\n%s", js.String())
	}
	if err := report.WriteCompareCSV(&cs, r, c); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(cs.String()), "\n")
	// Header, 5 statistics x 2 members, one P(>base) row.
	if lines[0] != strings.Join(report.CompareCSVHeader, ",") || len(lines) != 12 || !strings.HasPrefix(lines[11], "y,,up,P(>base),1,") {
		t.Errorf("CSV:\n%s", cs.String())
	}
	for _, format := range []string{"", "svg", "pdf"} {
		files, err := report.CompareFolder(r, c, report.Options{PlotFormat: format})
		if err != nil {
			t.Fatal(err)
		}
		ext := format
		if ext == "" {
			ext = "png"
		}
		var names []string
		data := map[string]string{}
		for _, f := range files {
			names = append(names, f.Name)
			data[f.Name] = string(f.Data)
		}
		if got, want := strings.Join(names, " "), "compare.md compare.html summary.csv compare.json y-histogram."+ext+" y-exceedance."+ext+" y-tornado-base."+ext+" y-tornado-up."+ext; got != want {
			t.Errorf("%s: files %s, want %s", ext, got, want)
		}
		magic := map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF"}[ext]
		if fig := data["y-histogram."+ext]; !strings.HasPrefix(fig, magic) {
			t.Errorf("%s: y-histogram.%s starts %.8q, want %q", ext, ext, fig, magic)
		}
		// The page embeds PNG renderings whatever the files' format.
		if n := strings.Count(data["compare.html"], `src="data:image/png;base64,`); n != 4 {
			t.Errorf("%s: compare.html embeds %d PNG figures, want 4", ext, n)
		}
		// A comparison carries what a run report has, member by member.
		for _, want := range []string{"Value at risk and expected shortfall by member", "| VaR 95% | ES 95% |", "Drivers by member", "](y-tornado-up."} {
			if !strings.Contains(data["compare.md"], want) {
				t.Errorf("%s: compare.md lacks %q", ext, want)
			}
		}
		if md := data["compare.md"]; ext == "pdf" && !strings.Contains(md, "(PDF)](y-histogram.pdf)") || ext != "pdf" && !strings.Contains(md, "](y-histogram."+ext+")") {
			t.Errorf("%s: compare.md does not link the figure files:\n%s", ext, md)
		}
	}
	if _, err := report.CompareFolder(r, c, report.Options{PlotFormat: "gif"}); err == nil {
		t.Error("CompareFolder with plot format gif: no error")
	}
	if _, err := report.Compare(&report.CompareRun{Result: r.Result, Members: r.Members[:1]}); err == nil {
		t.Error("Compare with one member: no error")
	}
}

// TestCompareFolderCaptions: with more than two members the overlaid
// histogram marks each threshold with a dashed line instead of one label
// listing every member's probability (which ran across the chart).
func TestCompareFolderCaptions(t *testing.T) {
	base, err := scenario.Parse("shifted.yaml", []byte(shifted))
	if err != nil {
		t.Fatal(err)
	}
	up, err := base.Variant("up")
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{"base", "up", "up-again"}
	j, err := model.Join([]model.Member{{Label: labels[0], Model: base.Model}, {Label: labels[1], Model: up.Model}, {Label: labels[2], Model: up.Model}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), j.Model, sim.Config{Trials: 4096, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	r := &report.CompareRun{Result: res, Joint: j}
	for _, l := range labels {
		r.Members = append(r.Members, report.CompareMember{Label: l, Scenario: "shifted", SourceSHA256: "0123456789abcdef"})
	}
	c, err := report.Compare(r)
	if err != nil {
		t.Fatal(err)
	}
	files, err := report.CompareFolder(r, c, report.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	md := ""
	for _, f := range files {
		if f.Name == "compare.md" {
			md = string(f.Data)
		}
	}
	// A short H1, then the plain-words headline, then the member table.
	if !strings.HasPrefix(md, "# shifted: 2 variants compared\n\nAgainst the base (P(y > 0) = ") || !strings.Contains(md, "| member | scenario |") {
		t.Errorf("compare.md does not open with the heading and the headline:\n%s", md)
	}
	if !strings.Contains(md, "4,096 trials, seed 5") {
		t.Errorf("compare.md does not group the digits of the trial count:\n%s", md)
	}
	if !strings.Contains(md, "Dashed lines mark the thresholds; the exceedance chart and the table give each member's chance") {
		t.Errorf("compare.md lacks the threshold caption:\n%s", md)
	}
}

// TestCompareFolderFewTrials: a comparison of one to three trials is drawn,
// not an error: two trials far apart, in members that barely differ, all
// lie outside the members' P0.1–P99.9.
func TestCompareFolderFewTrials(t *testing.T) {
	const wide = "name: wide\ninputs: { x: \"uniform(0, 1000)\" }\noutputs: [x]\n" +
		"variants:\n  up: { inputs: { x: \"uniform(0, 1000.001)\" } }\n"
	for _, n := range []int64{1, 2, 3} {
		for seed := range uint64(4) {
			r, c := compareUpWith(t, wide, sim.Config{Trials: n, Seed: seed})
			if _, err := report.CompareFolder(r, c, report.DefaultOptions); err != nil {
				t.Errorf("%d trials, seed %d: %v", n, seed, err)
			}
		}
	}
}

// TestCompareFolderZeroInflated: when a loss is exactly 0 in most trials of
// every member, the overlaid histograms show the other trials and the
// caption gives each member's share at 0, as the run report does.
func TestCompareFolderZeroInflated(t *testing.T) {
	const rare = "name: rare\ninputs:\n  hit: \"bernoulli(0.05)\"\n  size: 10 to 20\nformulas:\n  loss: hit * size\n" +
		"outputs: [loss]\nvariants:\n  up: { inputs: { hit: \"bernoulli(0.1)\" } }\n"
	r, c := compareUpWith(t, rare, sim.Config{Trials: 20_000, Seed: 3})
	files, err := report.CompareFolder(r, c, report.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	md := string(files[0].Data)
	want := regexp.MustCompile(`spanning the members' P0\.1 to P99\.9 where it is not 0 \(it is 0 in 9[45]\.\d+% of base, (89|90)\.\d+% of up, which no bar shows\)`)
	if !want.MatchString(md) {
		t.Errorf("compare.md lacks the nonzero histogram caption:\n%s", md)
	}
}
