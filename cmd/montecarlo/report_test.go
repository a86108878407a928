package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReportGolden freezes report.md and summary.csv of the default
// scenario for a fixed seed and date: every number and word a reader sees.
// It runs in a temporary working directory so that the --out folder, which
// the re-creation command names, is the same everywhere.
func TestReportGolden(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, stderr, code := mc(t, "run", "-n", "8192", "--seed", "1", "-q", "--out", "montecarlo-report"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"report.md", "summary.csv"} {
		b, err := os.ReadFile(filepath.Join("montecarlo-report", name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "report/"+name, string(b))
	}
}

// TestReportRecreate: the command recorded in a report, run with the
// values its result.json holds, re-creates every file bit for bit.
func TestReportRecreate(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first")
	scn := writeFile(t, "launch.yaml", seriesScenario)
	// A date that is not a whole second: the report records whole seconds.
	now = func() time.Time { return time.Date(2025, 3, 1, 9, 30, 15, 123456789, time.UTC) }
	defer func() { now = func() time.Time { return time.Date(2024, 7, 24, 12, 0, 0, 0, time.UTC) } }()
	if _, stderr, code := mc(t, "run", scn, "-n", "3000", "--set", "price=pert(80, 100, 140)", "-q", "--out", first); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(first, resultFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Provenance struct {
			File, Date, Command string
			Seed                uint64
			Trials              int64
			Overrides           []struct{ Name, Dist string }
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Provenance
	date, err := time.Parse(time.RFC3339, p.Date)
	if err != nil {
		t.Fatal(err)
	}
	epoch := strconv.FormatInt(date.Unix(), 10)
	wantCmd := "SOURCE_DATE_EPOCH=" + epoch + " montecarlo run " + scn + " --trials 3000 --seed 7 --set 'price=pert(80, 100, 140)' --out " + first
	if p.Command != wantCmd {
		t.Errorf("command %q\nwant    %q", p.Command, wantCmd)
	}

	// Re-run from the recorded values into the same folder name (moving the
	// first report aside), with the date from SOURCE_DATE_EPOCH.
	saved := filepath.Join(dir, "saved")
	if err := os.Rename(first, saved); err != nil {
		t.Fatal(err)
	}
	now = time.Now // the wall clock must not matter
	t.Setenv("SOURCE_DATE_EPOCH", epoch)
	args := []string{"run", p.File, "--trials", strconv.FormatInt(p.Trials, 10), "--seed", strconv.FormatUint(p.Seed, 10)}
	for _, o := range p.Overrides {
		args = append(args, "--set", o.Name+"="+o.Dist)
	}
	if _, stderr, code := mc(t, append(args, "-q", "--workers", "1", "--out", first)...); code != 0 {
		t.Fatalf("re-run: exit %d: %s", code, stderr)
	}
	want := readDir(t, saved)
	got := readDir(t, first)
	if len(got) != len(want) {
		t.Errorf("re-run wrote %d files, the first run %d", len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs after re-creation", name)
		}
	}
	for _, name := range []string{"profit-fan.png", "profit-histogram.png", "inputs.png"} {
		if _, ok := want[name]; !ok {
			t.Errorf("report lacks %s", name)
		}
	}
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// TestReportImages checks every figure as an image: it decodes, is at least
// 1600 pixels wide, and is not blank (it has thousands of non-white pixels
// in several colours). The SVG and PDF variants are checked for their headers.
func TestReportImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	scn := writeFile(t, "launch.yaml", seriesScenario)
	if _, stderr, code := mc(t, "run", scn, "-n", "2048", "-q", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := readDir(t, dir)
	n := 0
	for name, b := range files {
		if filepath.Ext(name) != ".png" {
			continue
		}
		n++
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkNotBlank(t, name, img)
	}
	// Per series output: histogram, exceedance curve, tornado, spider, fan; then the inputs.
	if n != 2*5+1 {
		t.Errorf("%d PNG figures, want 11: %v", n, keys(files))
	}
	md := string(files["report.md"])
	for name := range files {
		if ext := filepath.Ext(name); ext == ".png" && !strings.Contains(md, "]("+name+")") {
			t.Errorf("report.md does not link %s", name)
		}
	}

	for _, format := range []string{"svg", "pdf"} {
		d := filepath.Join(t.TempDir(), format)
		if _, stderr, code := mc(t, "run", scn, "-n", "2048", "-q", "--plot-format", format, "--out", d); code != 0 {
			t.Fatalf("--plot-format %s: exit %d: %s", format, code, stderr)
		}
		fs := readDir(t, d)
		head := map[string]string{"svg": "<?xml", "pdf": "%PDF-"}[format]
		count := 0
		for name, b := range fs {
			switch filepath.Ext(name) {
			case ".png":
				t.Errorf("--plot-format %s wrote %s", format, name)
			case "." + format:
				count++
				if !bytes.HasPrefix(b, []byte(head)) {
					t.Errorf("%s does not start with %q", name, head)
				}
			}
		}
		if count != n {
			t.Errorf("--plot-format %s: %d figures, want %d", format, count, n)
		}
		// The HTML page still embeds PNG renderings.
		if html := string(fs["report.html"]); strings.Count(html, "data:image/png;base64,") != n {
			t.Errorf("--plot-format %s: report.html embeds %d PNGs, want %d", format, strings.Count(html, "data:image/png;base64,"), n)
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkNotBlank fails unless img is at least 1600 pixels wide and has
// thousands of non-white pixels in at least 3 distinct colours.
func checkNotBlank(t *testing.T, name string, img image.Image) {
	t.Helper()
	b := img.Bounds()
	if b.Dx() < 1600 || b.Dy() < 400 {
		t.Errorf("%s: %dx%d pixels, want at least 1600 wide", name, b.Dx(), b.Dy())
	}
	inked := 0
	colours := map[[3]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				inked++
				if len(colours) < 64 {
					colours[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
				}
			}
		}
	}
	if inked < 2000 || len(colours) < 3 {
		t.Errorf("%s looks blank: %d inked pixels (sampled), %d colours", name, inked, len(colours))
	}
}

// TestReportAtomic: a run that fails after the simulation, while building
// or writing the report, leaves the previous report intact and no
// temporary folder beside it; --out refuses to replace a folder that is not
// a report.
func TestReportAtomic(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "montecarlo-report")
	if _, stderr, code := mc(t, "run", reference, "-n", "2048", "-q", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := readDir(t, dir)

	// An output with no finite value has no statistics: the run fails
	// naming it, before the report, and the previous report stays.
	allNaN := writeFile(t, "allnan.yaml", "name: allnan\ninputs:\n  x: uniform(1, 2)\nformulas:\n  y: sqrt(-x)\noutputs:\n  y: {}\n")
	_, stderr, code := mc(t, "run", allNaN, "-n", "1024", "--nan", "skip", "-q", "--out", dir)
	if code != 1 || !regexp.MustCompile(`^montecarlo: output "y" is NaN or infinite in every one of the 1024 trials`).MatchString(stderr) {
		t.Errorf("all-NaN output: exit %d, stderr %q; want 1 and an error naming output y", code, stderr)
	}
	after := readDir(t, dir)
	if len(after) != len(before) {
		t.Errorf("a failed run changed the report folder: %d files, had %d", len(after), len(before))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("a failed run changed %s", name)
		}
	}
	assertOnly(t, parent, "montecarlo-report")

	// A folder holding other files is never replaced.
	other := filepath.Join(parent, "mine")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep"), 0o644)
	if _, stderr, code := mc(t, "run", reference, "-n", "1024", "-q", "--out", other); code != 2 || !strings.Contains(stderr, "cannot be replaced") {
		t.Errorf("--out a folder of other files: exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "keep" {
		t.Error("--out touched a folder that is not a report")
	}
	assertOnly(t, parent, "mine", "montecarlo-report")
}

// seriesScenario has a per-period output (a fan chart) and an override target.
var seriesScenario = fmt.Sprint(`name: Launch
description: Three years of a product launch (USD millions).
unit: USD millions
seed: 7
periods: 3
inputs:
  units:
    dist: 20K to 60K
    per_period: true
    source: "Pilot customers signed 12,000 seats."
  price:
    dist: pert(80, 100, 140)
    unit: USD per unit
    assumption: List price 100.
  fixed_cost: 2.5 to 3.5
formulas:
  revenue: units * price / 1M
  profit: cumsum(revenue - fixed_cost)
outputs:
  profit: { label: Cumulative profit, thresholds: [0, 5] }
  units: { label: Units sold, unit: units }
`)

// TestCompareLogExceedanceZeroMember: a comparison on log scales in which
// one member's output is 0 in every trial (a retired risk) writes its
// folder, leaving that member's curve out and saying so; it used to fail
// on an empty curve.
func TestCompareLogExceedanceZeroMember(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	if _, stderr, code := mc(t, "compare", "cyber-risk", "--all-variants", "-n", "8192", "--log-exceedance", "--out", dir, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(dir, "compare.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"alice-retired never exceeds the values shown", "both on logarithmic scales"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("compare.md lacks %q", want)
		}
	}
}
