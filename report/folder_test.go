package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func oldReport(t *testing.T, dir string) {
	t.Helper()
	if err := WriteFolder(context.Background(), dir, []File{{ResultFile, []byte(`{"schema": "montecarlo-result/1"}`)}, {MarkdownFile, []byte("old")}}); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFolderAtomic: a failure while writing any file, or a
// cancellation, leaves the previous folder as it was and nothing else
// beside it; success replaces it as a whole.
func TestWriteFolderAtomic(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	oldReport(t, dir)
	files := []File{{MarkdownFile, []byte("new")}, {HTMLFile, []byte("<p>new")}, {ResultFile, []byte("{}")}, {"a.png", []byte("png")}}
	defer func() { writeHook = nil }()
	for k := range files {
		writeHook = func(name string) error {
			if name == files[k].Name {
				return errors.New("disk full")
			}
			return nil
		}
		err := WriteFolder(context.Background(), dir, files)
		if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), files[k].Name) {
			t.Errorf("failure at %s: error %v", files[k].Name, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, MarkdownFile)); string(b) != "old" {
			t.Errorf("failure at %s: report.md is %q, want old", files[k].Name, b)
		}
		if got := dirNames(t, dir); !slices.Equal(got, []string{ManifestFile, MarkdownFile, ResultFile}) {
			t.Errorf("failure at %s: folder holds %q", files[k].Name, got)
		}
		if got := dirNames(t, parent); !slices.Equal(got, []string{"out"}) {
			t.Errorf("failure at %s: left %q beside the folder", files[k].Name, got)
		}
	}
	// Cancelled (Ctrl-C) half-way.
	ctx, cancel := context.WithCancel(context.Background())
	writeHook = func(name string) error {
		if name == HTMLFile {
			cancel()
		}
		return nil
	}
	if err := WriteFolder(ctx, dir, files); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v", err)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("cancelled: left %q", got)
	}
	writeHook = nil
	if err := WriteFolder(context.Background(), dir, files); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"a.png", ManifestFile, HTMLFile, MarkdownFile, ResultFile}) {
		t.Errorf("new folder holds %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, MarkdownFile)); string(b) != "new" {
		t.Errorf("report.md is %q, want new", b)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("after success: left %q beside the folder", got)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("folder mode %v (err %v), want 0755", fi.Mode().Perm(), err)
	}
}

// TestWriteFolderRemovesStale: temporary and backup folders that a killed
// run left beside the report are removed when old and holding only report
// files; a recent one (another run may be writing it) or one holding
// anything else is kept.
func TestWriteFolderRemovesStale(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	old := time.Now().Add(-time.Hour)
	mk := func(name string, files map[string]string, mtime time.Time) {
		p := filepath.Join(parent, name)
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		for f, data := range files {
			if err := os.WriteFile(filepath.Join(p, f), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	mk(".out.tmp-111", map[string]string{MarkdownFile: "half", "a.png": "x"}, old) // stale: removed
	mk(".out.old-222", map[string]string{ResultFile: "{}"}, old)                   // stale: removed
	mk(".out.tmp-333", map[string]string{MarkdownFile: "writing"}, time.Now())     // recent: kept
	mk(".out.tmp-444", map[string]string{"notes.txt": "mine"}, old)                // not ours: kept
	mk(".other.tmp-555", map[string]string{MarkdownFile: "other report"}, old)     // another folder's: kept
	if err := WriteFolder(context.Background(), dir, []File{{ResultFile, []byte("{}")}}); err != nil {
		t.Fatal(err)
	}
	want := []string{".other.tmp-555", ".out.tmp-333", ".out.tmp-444", "out"}
	if got := dirNames(t, parent); !slices.Equal(got, want) {
		t.Errorf("beside the report: %q, want %q", got, want)
	}
}

func TestWriteFolderRefuses(t *testing.T) {
	parent := t.TempDir()
	for _, tc := range []struct {
		name  string
		setup func(dir string)
		want  string
	}{
		{"file", func(dir string) { os.WriteFile(dir, []byte("x"), 0o644) }, "not a folder"},
		{"other files", func(dir string) {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("x"), 0o644)
		}, "thesis.tex"},
		{"no result", func(dir string) {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "plot.png"), []byte("x"), 0o644)
		}, "holds no manifest.sha256 record"},
		{"a file added to a report", func(dir string) {
			oldReport(t, dir)
			os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644)
		}, "files the report did not write: notes.md"},
		{"a report file edited", func(dir string) {
			oldReport(t, dir)
			os.WriteFile(filepath.Join(dir, MarkdownFile), []byte("edited"), 0o644)
		}, "report.md (changed since the report wrote it)"},
		{"subfolder", func(dir string) {
			oldReport(t, dir)
			os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		}, "sub"},
	} {
		dir := filepath.Join(parent, tc.name)
		tc.setup(dir)
		err := WriteFolder(context.Background(), dir, []File{{MarkdownFile, []byte("new")}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if err := WriteFolder(context.Background(), filepath.Join(parent, "empty"), nil); err != nil {
		t.Errorf("a new folder: %v", err)
	}
	// Refused folders keep every file, and the refusal is a NotReplaceableError.
	dir := filepath.Join(parent, "a file added to a report")
	err := WriteFolder(context.Background(), dir, []File{{MarkdownFile, []byte("new")}})
	var nr *NotReplaceableError
	if !errors.As(err, &nr) || !slices.Equal(nr.Files, []string{"notes.md"}) {
		t.Errorf("refusal %#v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.md")); string(b) != "mine" {
		t.Error("a refused folder lost notes.md")
	}
	// A symbolic link to an empty folder is written through, and stays a link.
	target := filepath.Join(parent, "target")
	os.MkdirAll(target, 0o755)
	link := filepath.Join(parent, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFolder(context.Background(), link, []File{{MarkdownFile, []byte("new")}}); err != nil {
		t.Fatalf("--out a link to an empty folder: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if b, _ := os.ReadFile(filepath.Join(target, MarkdownFile)); string(b) != "new" {
		t.Error("the report did not land in the link's folder")
	}
}

// sampleRun returns a run of n trials of y = 2a - b with a ~ N(5, 1) and
// b ~ U(0, 1), aggregated through a one-bucket-per-trial stand-in: it
// simulates with sim.Run on a hand-built model.
func sampleRun(t *testing.T, n int64) *Run {
	t.Helper()
	m := &model.Model{
		Periods: 1,
		Slots:   []model.Slot{{Name: "a"}, {Name: "b"}, {Name: "y"}, {Name: "two", Const: true, Value: 2}, {}},
		Inputs:  []model.Input{{Name: "a", Dist: normal{5, 1}, Slot: 0}, {Name: "b", Dist: uniform01{}, Slot: 1}},
		Code: []model.Instr{
			{Op: model.OpMul, Dst: 4, A: 3, B: 0},
			{Op: model.OpSub, Dst: 2, A: 4, B: 1},
		},
		Formulas: []model.Named{{Name: "y", Slot: 2}},
		Outputs:  []model.Output{{Name: "y", Label: "Net loss", Unit: "USD millions", Slot: 2, Thresholds: []float64{10}}},
	}
	res, err := sim.Run(context.Background(), m, sim.Config{Trials: n, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Result: res, Scenario: "hand", File: "hand.yaml", SourceSHA256: SourceHash([]byte("hand")), Engine: "test",
		Inputs:  []Input{{Name: "a", Dist: "normal(5, 1)", Distribution: normal{5, 1}, Source: "a | b"}, {Name: "b", Dist: "uniform(0, 1)", Distribution: uniform01{}}},
		Command: "montecarlo run hand.yaml"}
}

// normal and uniform01 are minimal distributions for hand-built models.
type normal struct{ mu, sigma float64 }

func (d normal) Sample(r *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = d.mu + d.sigma*r.NormFloat64()
	}
}
func (d normal) Quantile(p float64) float64 { return d.mu + d.sigma*math.Sqrt2*math.Erfinv(2*p-1) }
func (d normal) CDF(x float64) float64      { return 0.5 * math.Erfc(-(x-d.mu)/(d.sigma*math.Sqrt2)) }
func (d normal) Mean() float64              { return d.mu }
func (d normal) String() string             { return fmt.Sprintf("normal(%g, %g)", d.mu, d.sigma) }

type uniform01 struct{}

func (uniform01) Sample(r *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = r.Float64()
	}
}
func (uniform01) Quantile(p float64) float64 { return p }
func (uniform01) CDF(x float64) float64      { return math.Min(1, math.Max(0, x)) }
func (uniform01) Mean() float64              { return 0.5 }
func (uniform01) String() string             { return "uniform(0, 1)" }

func TestFolder(t *testing.T) {
	r := sampleRun(t, 5000)
	files, err := Folder(r, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := []string{MarkdownFile, HTMLFile, SummaryFile, ResultFile, "y-histogram.png", "y-exceedance.png", "y-tornado.png", "y-spider.png", "y-convergence.png", "inputs.png"}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	md := string(files[0].Data)
	for _, s := range []string{
		`put the net loss between \$`, `M and \$`, `the chance of exceeding \$10M is `,
		"The largest driver is a (rank correlation 0.9",
		"| a | normal(5, 1) | 3.35515 | 5 | 6.64485 | 5 |  | a \\| b |", // escaped pipe in the source
		"| b | uniform(0, 1) | 0.05 | 0.5 | 0.95 | 0.5 |  | assumption |",
		"| Expected shortfall 99% |", "![Histogram of Net loss](y-histogram.png)",
		"```\nmontecarlo run hand.yaml\n```",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("report.md lacks %q", s)
		}
	}
	html := string(files[1].Data)
	if n := strings.Count(html, `src="data:image/png;base64,`); n != 6 {
		t.Errorf("report.html embeds %d images, want 6", n)
	}
	if !strings.Contains(html, "a | b") || strings.Contains(html, "<script") {
		t.Error("report.html: source text not shown as is, or a script")
	}
	// The same run renders the same bytes.
	again, err := Folder(r, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if string(again[i].Data) != string(files[i].Data) {
			t.Errorf("%s differs between two renderings", files[i].Name)
		}
	}
	if _, err := Folder(r, Options{PlotFormat: "gif"}); err == nil {
		t.Error("no error for plot format gif")
	}
}

// TestHeadline: the headline quotes P(> t) with the risk table's digits
// (never "12.1% (± 0.033%)" above a table that says 12.10%), and under
// --nan=skip it says how many trials were left out before it describes the
// others.
func TestHeadline(t *testing.T) {
	r := sampleRun(t, 5000)
	a := analyze(r)
	o := &r.Result.Outputs[0]
	e := o.Final().Exceedances[0]
	want := "the chance of exceeding $10M is " + numfmt.Percent(e.Prob, e.SE) + " (±\u00a0" + numfmt.SE(100*e.SE) + "%)"
	if h := strings.Join(headline(o, a, 0, r, true), " "); !strings.Contains(h, want) {
		t.Errorf("headline %q lacks %q", h, want)
	}
	s := o.Final()
	s.NonFinite = 1234
	h := strings.Join(headline(o, a, 0, r, true), " ")
	if want := "1,234 of the 6,234 simulated trials gave a non-finite net loss and are left out; 90% of the other 5,000 put it between"; !strings.HasPrefix(h, want) {
		t.Errorf("headline with skipped trials: %q, want it to start %q", h, want)
	}
	if h := strings.Join(headline(o, a, 0, r, false), " "); !strings.Contains(h, "in 90% of its 5,000 finite trials") {
		t.Errorf("short headline with skipped trials: %q", h)
	}
}

// runScenario parses the scenario src and runs it with cfg.
func runScenario(t *testing.T, src string, cfg sim.Config) *sim.Result {
	t.Helper()
	sc, err := scenario.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc.Model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestFolderFewTrials: a report of one, two or three trials is drawn, not
// an error. Two trials far apart both lie outside their interpolated
// P0.1–P99.9, which left the histogram without a count.
func TestFolderFewTrials(t *testing.T) {
	for _, n := range []int64{1, 2, 3} {
		for seed := range uint64(4) {
			res := runScenario(t, "name: wide\ninputs: { x: \"uniform(0, 1000)\" }\noutputs: [x]\n", sim.Config{Trials: n, Seed: seed})
			if _, err := Folder(&Run{Result: res, Scenario: "wide"}, DefaultOptions); err != nil {
				t.Errorf("%d trials, seed %d: %v", n, seed, err)
			}
		}
	}
}

// TestFolderRobust renders reports of random small scenarios built from
// awkward distributions (point masses at zero, rare events, heavy and
// two-sided tails, constants, tiny ranges) and trial counts, at fixed
// seeds: every one must render. It found a histogram bar of +Inf (the
// bucket holding zero is subnormally narrow) and values just below zero
// dropped from the histogram.
func TestFolderRobust(t *testing.T) {
	dists := []string{"uniform(0, 1000)", "3", "discrete(1: 0.5, 2: 0.5)", "pareto(1, 0.5)", "lognormal(0, 10)",
		"-5 to 5", "1e-9 to 2e-9", "normal(0, 1)", "triangular(0, 0, 1)", "bernoulli(0.001)", "discrete(0: 0.999, 1e6: 0.001)"}
	trials := []int64{1, 2, 3, 7, 50, 999, 1500, 5000}
	iterations := 60
	if testing.Short() {
		iterations = 15
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range iterations {
		d1, d2 := dists[rng.IntN(len(dists))], dists[rng.IntN(len(dists))]
		th := []string{"0", "1", "1e300", "-1e300", "5"}[rng.IntN(5)]
		n := trials[rng.IntN(len(trials))]
		src := fmt.Sprintf("name: r\ninputs:\n  a: %q\n  b: %q\nformulas:\n  y: a + b\n  z: a * b\noutputs:\n  y: { thresholds: [%s] }\n  z:\n", d1, d2, th)
		res := runScenario(t, src, sim.Config{Trials: n, Seed: uint64(it), NaN: sim.NaNSkip})
		opts := DefaultOptions
		if it%4 == 0 {
			opts = Options{PlotFormat: "svg", LogExceedance: true}
		}
		if _, err := Folder(&Run{Result: res, Scenario: "r"}, opts); err != nil {
			t.Errorf("a = %s, b = %s, %d trials, seed %d, %+v: %v", d1, d2, n, it, opts, err)
		}
	}
}

// TestHeadlineRareLoss: a loss that is 0 in 99% of trials reads "at 0",
// not "between 0 and 0", and a variance share above 99.9% is not "about
// above 99.9%".
func TestHeadlineRareLoss(t *testing.T) {
	res := runScenario(t, "name: rare\ninputs:\n  hit: \"bernoulli(0.01)\"\n  size: 10 to 20\n"+
		"formulas:\n  loss: hit * size\noutputs:\n  loss: { thresholds: [0] }\n", sim.Config{Trials: 20_000, Seed: 1})
	r := &Run{Result: res, Scenario: "rare"}
	h := strings.Join(headline(&res.Outputs[0], analyze(r), 0, r, true), " ")
	for _, want := range []string{"20,000 simulated trials put the loss at 0 (mean ", "The largest driver is hit (rank correlation 1.00, above 99.9% of the variance)"} {
		if !strings.Contains(h, want) {
			t.Errorf("headline %q lacks %q", h, want)
		}
	}
	if strings.Contains(h, "between 0 and 0") || strings.Contains(h, "about above") || strings.Contains(h, "about below") {
		t.Errorf("headline %q", h)
	}
}

// TestHistogramZeroInflated: an output that is exactly 0 in most trials
// (a loss that occurs in 5% of them, or its negative) is drawn as the
// histogram of its other trials, the caption giving the share at 0; a bar
// of the zeros would flatten the rest to nothing.
func TestHistogramZeroInflated(t *testing.T) {
	res := runScenario(t, "name: rare\ninputs:\n  hit: \"bernoulli(0.05)\"\n  size: 10 to 20\n"+
		"formulas:\n  loss: hit * size\n  gain: -loss\n  shifted: loss + 1\noutputs: [loss, gain, shifted]\n", sim.Config{Trials: 50_000, Seed: 2})
	for i, o := range res.Outputs {
		s := o.Final()
		edges, counts, covered, span, _ := histogramBins(s)
		nonzero := 1 - zeroShare(s)
		total := 0.0
		for _, c := range counts {
			total += c
		}
		switch o.Name {
		case "loss", "gain":
			if !strings.Contains(span, "where it is not 0 (it is 0 in 94.99% of the trials") {
				t.Errorf("%s: span %q", o.Name, span)
			}
			if o.Name == "loss" && !(edges[0] > 0) || o.Name == "gain" && !(edges[len(edges)-1] < 0) {
				t.Errorf("%s: bins from %v to %v include 0", o.Name, edges[0], edges[len(edges)-1])
			}
			// The bars hold the nonzero trials between their P0.1 and P99.9.
			if math.Abs(covered-0.998*nonzero) > 0.002*nonzero || math.Abs(total/float64(s.N)-covered) > 1e-12 {
				t.Errorf("%s: bars hold %v of the trials, nonzero %v", o.Name, covered, nonzero)
			}
		case "shifted": // a point mass at 1, not 0: the usual range
			if span != "P0.1–P99.9" {
				t.Errorf("%s (output %d): span %q", o.Name, i, span)
			}
		}
	}
}

// TestFolderBadData: data that cannot be plotted is an error naming what
// failed, never a panic.
func TestFolderBadData(t *testing.T) {
	r := sampleRun(t, 2000)
	r.Result.Sample.Values[1][7] = math.NaN()
	if _, err := Folder(r, DefaultOptions); err == nil || !strings.Contains(err.Error(), `input "b"`) || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN input: error %v", err)
	}
	r = sampleRun(t, 2000)
	s := r.Result.Outputs[0].Final()
	s.NonFinite, s.N = s.N, 0
	if _, err := Folder(r, DefaultOptions); err == nil || !strings.Contains(err.Error(), `output "y"`) {
		t.Errorf("no finite value: error %v", err)
	}
	if _, err := Folder(&Run{}, DefaultOptions); err == nil {
		t.Error("no error for a Run without a Result")
	}
}

func TestPlainWords(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{proseValue(4.0, 0.01, 0, "USD billions"), "$4.00B"},
		{proseValue(-1.25, 0.001, 0, "USD millions"), "−$1.25M"},
		{proseValue(3, 0.1, 0, "people"), "3.0 people"},
		{proseValue(13.4e6, 1e4, 0, "USD"), "$13.4M"},
		{proseValue(0.0001, 0.01, 0, "USD millions"), "$0"},
		{proseValue(3.8476, 0.0013, 1.99, ""), "3.8"},
		{proseValue(3.8476, 0.3, 1.99, ""), "3.8"},
		{proseValue(3.8476, 0.0013, 0, ""), "3.85"},
		{proseValue(3.8476, 0.0013, 0, "USD billions"), "$3.85B"},
		{plainProb(0.37785, 0.00048), "37.8%"},
		{plainProb(0.37785, 0.005), "37.8%"},
		{plainProb(0.37785, 0.02), "38%"},
		{plainProb(0.0001, 0.00001), "below 0.1%"},
		{plainProb(0.99995, 0.00001), "above 99.9%"},
		{plainProb(0, 0), "0%"},
		{numfmt.Count(1000000), "1,000,000"},
		{numfmt.Count(999), "999"},
		{numfmt.Count(-12345), "-12,345"},
		{lowerFirst("Operating loss"), "operating loss"},
		{lowerFirst("EBITDA"), "EBITDA"},
		{mdEscape.Replace("$5B | *x* [a](b)\nnext"), `\$5B \| \*x\* \[a\](b) next`},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func ExampleFolder() {
	r := &Run{Scenario: "demo", Result: &sim.Result{Trials: 3, Seed: 1, Periods: 1}}
	files, err := Folder(r, DefaultOptions)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f.Name)
	}
	// A run without outputs or a sample has no figures:
	// Output:
	// report.md
	// report.html
	// summary.csv
	// result.json
}

// TestFolderLogExceedance: the option swaps the exceedance curve for its
// log-scale version under the same file name, and the figure changes.
func TestFolderLogExceedance(t *testing.T) {
	r := sampleRun(t, 5000)
	get := func(opts Options) (md string, fig []byte) {
		files, err := Folder(r, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			switch f.Name {
			case MarkdownFile:
				md = string(f.Data)
			case "y-exceedance.png":
				fig = f.Data
			}
		}
		return md, fig
	}
	linMD, linFig := get(DefaultOptions)
	logMD, logFig := get(Options{PlotFormat: "png", LogExceedance: true})
	if strings.Contains(linMD, "logarithmic") || !strings.Contains(logMD, "logarithmic") {
		t.Error("captions do not follow LogExceedance")
	}
	if linFig == nil || logFig == nil || bytes.Equal(linFig, logFig) {
		t.Error("LogExceedance did not change y-exceedance.png")
	}
}

// TestChartThresholds: a threshold far outside the plotted range is left
// out (it would squeeze the distribution into a sliver), and of many inside
// it at most maxChartThresholds are drawn, the lowest and highest among them.
func TestChartThresholds(t *testing.T) {
	exc := func(ts ...float64) *sim.Stats {
		s := &sim.Stats{}
		for _, x := range ts {
			s.Exceedances = append(s.Exceedances, sim.Exceedance{Threshold: x, Prob: 0.5})
		}
		return s
	}
	for _, tc := range []struct {
		name string
		ts   []float64
		want []float64
		left int
	}{
		{"inside", []float64{5}, []float64{5}, 0},
		{"just outside", []float64{-0.5, 10.5}, []float64{-0.5, 10.5}, 0},
		{"far outside", []float64{1e6, -50}, nil, 2},
		{"many", []float64{9, 1, 2, 3, 4, 5, 6, 7, 8, 1e6}, []float64{1, 3, 6, 9}, 6},
	} {
		ths, left := chartThresholds(exc(tc.ts...), 0, 10)
		var got []float64
		for _, th := range ths {
			got = append(got, th.Value)
		}
		if !slices.Equal(got, tc.want) || left != tc.left {
			t.Errorf("%s: drew %v, left out %d; want %v and %d", tc.name, got, left, tc.want, tc.left)
		}
	}
	if s := thresholdsLeftOut(1, 1); !strings.Contains(s, "is not drawn") {
		t.Errorf("one threshold left out: %q", s)
	}
	if s := thresholdsLeftOut(6, 10); !strings.Contains(s, "6 of the 10 thresholds") {
		t.Errorf("6 of 10 left out: %q", s)
	}
}

// TestCompareWhat: the comparison figures' footer names the scenario and
// counts its variants instead of listing every member.
func TestCompareWhat(t *testing.T) {
	m := func(label, scn string) CompareMember {
		return CompareMember{Label: label, Scenario: scn, SourceSHA256: "0123456789abcdef0123"}
	}
	for _, tc := range []struct {
		members []CompareMember
		want    string
	}{
		{[]CompareMember{m("base", "S"), m("a", "S"), m("b", "S")}, "S: base and 2 variants · sha256 0123456789ab"},
		{[]CompareMember{m("base", "S"), m("a", "S")}, "S: base and variant a · sha256 0123456789ab"},
		{[]CompareMember{m("x", "X"), m("y", "Y")}, "comparison of x, y"},
	} {
		if got := compareWhat(&CompareRun{Members: tc.members}); got != tc.want {
			t.Errorf("compareWhat = %q, want %q", got, tc.want)
		}
	}
}

// TestInputsFigureCapped: a model with more inputs than maxInputPanels draws
// the first maxInputPanels of them and says so in the caption, while a model
// at the cap draws every input.
func TestInputsFigureCapped(t *testing.T) {
	for _, tc := range []struct {
		inputs int
		want   string
	}{
		{maxInputPanels, "Every input as sampled"},
		{maxInputPanels + 12, fmt.Sprintf("The first %d of the %d inputs, in file order", maxInputPanels, maxInputPanels+12)},
	} {
		m := &model.Model{Periods: 1}
		var ins []Input
		for i := range tc.inputs {
			name := fmt.Sprintf("x%d", i)
			m.Slots = append(m.Slots, model.Slot{Name: name})
			m.Inputs = append(m.Inputs, model.Input{Name: name, Dist: uniform01{}, Slot: i})
			ins = append(ins, Input{Name: name, Dist: "uniform(0, 1)", Distribution: uniform01{}})
		}
		m.Outputs = []model.Output{{Name: "x0", Label: "x0", Slot: 0}}
		res, err := sim.Run(context.Background(), m, sim.Config{Trials: 2000, Seed: 1, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		d, err := inputsFigure(&Run{Result: res, Inputs: ins})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.caption, tc.want) {
			t.Errorf("%d inputs: caption %q lacks %q", tc.inputs, d.caption, tc.want)
		}
		panels, total, err := inputPanels(&Run{Result: res, Inputs: ins})
		if err != nil || len(panels) != min(tc.inputs, maxInputPanels) || total != tc.inputs {
			t.Errorf("%d inputs: %d panels of %d (err %v)", tc.inputs, len(panels), total, err)
		}
	}
}

// TestSummaryPage: report.md and report.html open with a one-page summary
// of the key output (its main rows and its histogram), and the output's
// own section does not repeat the histogram.
func TestSummaryPage(t *testing.T) {
	r := sampleRun(t, 5000)
	files, err := Folder(r, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	md := string(files[0].Data)
	sum := strings.Index(md, "## Summary: Net loss (USD millions)")
	sec := strings.Index(md, "## Net loss (USD millions)")
	if sum < 0 || sec < sum {
		t.Fatalf("report.md: summary at %d, output section at %d", sum, sec)
	}
	page := md[sum:sec]
	for _, s := range []string{"| Mean |", "| P5 |", "| P50 |", "| P95 |", "| P(> 10) |", "![Histogram of Net loss](y-histogram.png)", "*Figure 1."} {
		if !strings.Contains(page, s) {
			t.Errorf("summary lacks %q:\n%s", s, page)
		}
	}
	if strings.Contains(page, "| P1 |") || strings.Contains(page, "Expected shortfall") {
		t.Errorf("summary holds more than the main rows:\n%s", page)
	}
	if n := strings.Count(md, "(y-histogram.png)"); n != 1 {
		t.Errorf("the histogram appears %d times, want once", n)
	}
	html := string(files[1].Data)
	if !strings.Contains(html, `<section id="summary" class="summary">`) || strings.Index(html, `id="summary"`) > strings.Index(html, `<section id="y">`) {
		t.Error("report.html does not open with the summary section")
	}
	if n := strings.Count(html, `src="data:image/png;base64,`); n != 6 {
		t.Errorf("report.html embeds %d images, want 6 (the histogram once)", n)
	}
}

// TestMoneyEverywhere: a scenario in plain USD prints money as a finance
// professional writes it on every text surface: grouped digits in tables,
// "$13.4M" in prose, never exponent notation.
func TestMoneyEverywhere(t *testing.T) {
	r := sampleRun(t, 5000)
	r.Result.Outputs[0].Unit = "USD"
	scaled := scaleRun(t, r, 1e6) // y = 2a - b, about 10, in millions of dollars
	var table strings.Builder
	if err := WriteTable(&table, scaled); err != nil {
		t.Fatal(err)
	}
	files, err := Folder(scaled, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	md := string(files[0].Data)
	for name, text := range map[string]string{"table": table.String(), "report.md": md} {
		if regexp.MustCompile(`\de[+-]\d`).MatchString(text) {
			t.Errorf("%s prints exponent notation:\n%s", name, text)
		}
		if !regexp.MustCompile(`\d{1,3},\d{3},\d{3}`).MatchString(text) {
			t.Errorf("%s prints no grouped millions:\n%s", name, text)
		}
	}
	if !regexp.MustCompile(`between \\\$\d+(\.\d)?M and \\\$\d+(\.\d)?M \(mean \\\$\d+(\.\d)?M\)`).MatchString(md) {
		t.Errorf("headline does not read as money:\n%s", md[:min(len(md), 800)])
	}
	if !strings.Contains(md, "P(> 10,000,000)") || !strings.Contains(md, `exceeding \$10M`) {
		t.Errorf("threshold labels: want P(> 10,000,000) in tables and $10M in prose")
	}
}

// TestLogExceedanceAxes: --log-exceedance draws a never-negative output
// (a loss) on log-log scales and a signed one on a log probability scale
// only.
func TestLogExceedanceAxes(t *testing.T) {
	opts := DefaultOptions
	opts.LogExceedance = true
	for _, tc := range []struct {
		name   string
		k      float64 // scale of y = 2a - b, a ~ N(5, 1): positive in practice for k > 0
		shift  bool
		loglog bool
	}{
		{"loss", 1e6, false, true},
		{"signed", 1, true, false},
	} {
		r := sampleRun(t, 5000)
		if tc.shift {
			r = derivedRun(t, r, model.Output{Label: "Net result"}, -10, model.Instr{Op: model.OpAdd, Dst: 2, A: 6, B: 5}) // y - 10 takes both signs
		} else {
			r = scaleRun(t, r, tc.k)
		}
		files, err := Folder(r, opts)
		if err != nil {
			t.Fatal(err)
		}
		md := string(files[0].Data)
		if got := strings.Contains(md, "both on logarithmic scales"); got != tc.loglog {
			t.Errorf("%s: log-log caption %v, want %v", tc.name, got, tc.loglog)
		}
	}
}

// TestProseNearZero: a mean near zero on a wide distribution keeps its
// digits instead of rounding to the spread's tenth.
func TestProseNearZero(t *testing.T) {
	for _, tc := range []struct {
		v, se, spread float64
		unit, want    string
	}{
		{-0.5, 0.022, 22.4, "EUR millions", "−€500K"},
		{4.4690, 0.0004, 1.39, "USD billions", "$4.5B"},
		{-11.22, 0.04, 22.4, "EUR millions", "−€11M"},
		{0, 0.01, 22.4, "EUR millions", "€0"},
	} {
		if got := proseValue(tc.v, tc.se, tc.spread, tc.unit); got != tc.want {
			t.Errorf("proseValue(%v ± %v, spread %v) = %q, want %q", tc.v, tc.se, tc.spread, got, tc.want)
		}
	}
}

// TestHistogramLogAxis: a positive output over more than three decades (a
// heavy-tailed loss) is binned evenly on a log axis; a narrow one is not.
func TestHistogramLogAxis(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scale float64 // y = 2a - b, a ~ N(5, 1): about 10, a narrow positive range
		exp   bool
		want  bool
	}{
		{"narrow", 1, false, false},
		{"heavy tail", 1, true, true},
	} {
		r := sampleRun(t, 20000)
		if tc.exp {
			r = derivedRun(t, r, model.Output{Label: "Loss", Unit: "USD"}, 2, // e^(2y): from e^2 to e^40
				model.Instr{Op: model.OpMul, Dst: 7, A: 6, B: 5}, model.Instr{Op: model.OpExp, Dst: 2, A: 7})
		}
		s := r.Result.Outputs[0].Final()
		edges, _, _, _, logX := histogramBins(s)
		if logX != tc.want {
			t.Errorf("%s: log axis %v, want %v (range %v to %v)", tc.name, logX, tc.want, edges[0], edges[len(edges)-1])
		}
		if logX && !(edges[1]/edges[0] > 1.01 && math.Abs(edges[2]/edges[1]-edges[1]/edges[0]) < 1e-9*edges[1]/edges[0]) {
			t.Errorf("%s: edges %v... are not evenly spaced on a log axis", tc.name, edges[:3])
		}
	}
}

// derivedRun re-runs r's model (y = 2a - b, a ~ N(5, 1), b ~ U(0, 1),
// seed 3) with y computed by tail instead: tail reads 2a - b from slot 6
// and the constant c from slot 5, may use slot 7, and writes y to slot 2,
// which out describes.
func derivedRun(t *testing.T, r *Run, out model.Output, c float64, tail ...model.Instr) *Run {
	t.Helper()
	out.Slot, out.Name = 2, "y"
	m := &model.Model{
		Periods: 1,
		Slots:   []model.Slot{{Name: "a"}, {Name: "b"}, {Name: "y"}, {Name: "two", Const: true, Value: 2}, {}, {Name: "c", Const: true, Value: c}, {}, {}},
		Inputs:  []model.Input{{Name: "a", Dist: normal{5, 1}, Slot: 0}, {Name: "b", Dist: uniform01{}, Slot: 1}},
		Code: append([]model.Instr{
			{Op: model.OpMul, Dst: 4, A: 3, B: 0},
			{Op: model.OpSub, Dst: 6, A: 4, B: 1},
		}, tail...),
		Formulas: []model.Named{{Name: "y", Slot: 2}},
		Outputs:  []model.Output{out},
	}
	res, err := sim.Run(context.Background(), m, sim.Config{Trials: r.Result.Trials, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := *r
	d.Result = res
	return &d
}

// scaleRun re-runs r's model with its output multiplied by k and its
// threshold scaled to match.
func scaleRun(t *testing.T, r *Run, k float64) *Run {
	return derivedRun(t, r, model.Output{Label: "Net loss", Unit: r.Result.Outputs[0].Unit, Thresholds: []float64{10 * k}}, k,
		model.Instr{Op: model.OpMul, Dst: 2, A: 6, B: 5})
}
