package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden with the current output")

// goldenDir holds the expected output of documented command lines.
const goldenDir = "../../testdata/golden"

// reference is the benchmark scenario with known statistics.
const reference = "../../benchmarks/reference.yaml"

// cwd is the package directory the tests started in.
var cwd string

func TestMain(m *testing.M) {
	if os.Getenv("MONTECARLO_TEST_STDOUT_CLOSED") != "" {
		// A child of TestStdoutClosed: say what stdoutClosed sees.
		fmt.Fprint(os.Stderr, stdoutClosed())
		os.Exit(0)
	}
	cwd, _ = os.Getwd()
	// Provenance that would otherwise vary between builds and runs.
	version = "test"
	now = func() time.Time { return time.Date(2024, 7, 24, 12, 0, 0, 0, time.UTC) }
	os.Unsetenv("SOURCE_DATE_EPOCH")
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "MONTECARLO_") {
			os.Unsetenv(kv[:strings.IndexByte(kv, '=')])
		}
	}
	os.Exit(m.Run())
}

// mc runs the command line args and returns its output and exit status.
func mc(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"montecarlo"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// golden compares got with the golden file name. With -update it rewrites
// the file; on a mismatch it writes got beside it as name.got, for diff.
func golden(t *testing.T, name, got string) {
	t.Helper()
	dir, err := filepath.Abs(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	if cwd != "" { // the test changed directory
		dir = filepath.Join(cwd, goldenDir)
	}
	path := filepath.Join(dir, name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(path + ".got")
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/montecarlo -update to create it)", err)
	}
	if got != string(want) {
		os.WriteFile(path+".got", []byte(got), 0o644)
		t.Errorf("output differs from %s; got written to %s.got (diff them; -update accepts the new output)", path, path)
		return
	}
	os.Remove(path + ".got")
}

// TestGolden freezes what users read for a fixed seed and a small number of
// trials. Any change to sampling, aggregation or formatting shows up here.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"reference-table.stdout", []string{"run", reference, "--trials", "8192", "--seed", "1"}},
		{"reference-json.stdout", []string{"run", reference, "--trials", "8192", "--seed", "1", "--format", "json"}},
		{"reference-csv.stdout", []string{"run", reference, "--trials", "8192", "--seed", "1", "--format", "csv"}},
		{"default-table.stdout", []string{"run", "--trials", "8192", "--seed", "1"}},
		{"default-validate.stdout", []string{"validate"}},
		{"reference-validate.stdout", []string{"validate", reference}},
		{"scenarios.stdout", []string{"scenarios"}},
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

// TestWorkersInvariance: the output is byte-identical whatever the number of workers.
func TestWorkersInvariance(t *testing.T) {
	var first string
	for _, w := range []string{"1", "2", "3"} {
		out, stderr, code := mc(t, "run", reference, "--trials", "5000", "--seed", "9", "--format", "json", "--workers", w)
		if code != 0 {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("--workers %s gives a different result from --workers 1", w)
		}
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExitStatus(t *testing.T) {
	bad := writeFile(t, "bad.yaml", badScenario)
	nan := writeFile(t, "nan.yaml", nanScenario)
	cases := writeFile(t, "cases.csv", "name,revenue,training\nlow,3 to 4,2.5\nhigh,4 to 5,\n")
	badCases := writeFile(t, "bad.csv", "revenue,trainng\n3 to 4,2.5\n")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string // regexp the whole stderr must match
		stdout string // regexp stdout must contain
	}{
		{"ok", []string{"run", reference, "-n", "2048", "-q"}, 0, `^$`, `P50`},
		{"help", []string{"--help"}, 0, `^$`, `Examples:`},
		{"run help", []string{"run", "--help"}, 0, `^$`, `(?s)Examples:.*--trials N`},
		{"validate help", []string{"validate", "-h"}, 0, `^$`, `Examples:`},
		{"scenarios help", []string{"scenarios", "--help"}, 0, `^$`, `Examples:`},
		{"version", []string{"version"}, 0, `^$`, `^montecarlo test \(go`},
		{"no command", nil, 0, `^$`, `USAGE`},
		{"unknown command", []string{"simulate"}, 2, `^montecarlo: unknown command "simulate".*\n$`, `^$`},
		{"unknown flag", []string{"run", "--bogus"}, 2, `^montecarlo: flag provided but not defined: -bogus \(see --help\)\n$`, `^$`},
		{"bad trials", []string{"run", "--trials", "lots"}, 2, `^montecarlo: --trials "lots": .*\n$`, `^$`},
		{"zero trials", []string{"run", "--trials", "0"}, 2, `^montecarlo: --trials "0": .*\n$`, `^$`},
		{"bad seed", []string{"run", "--seed", "-1"}, 2, `^montecarlo: --seed "-1": .*\n$`, `^$`},
		{"bad workers", []string{"run", "--workers", "-2"}, 2, `^montecarlo: --workers -2: .*\n$`, `^$`},
		{"bad format", []string{"run", "--format", "xml"}, 2, `^montecarlo: --format "xml": want table, json or csv\n$`, `^$`},
		{"bad nan", []string{"run", "--nan", "ignore"}, 2, `^montecarlo: --nan "ignore": want fail or skip\n$`, `^$`},
		{"bad set", []string{"run", "--set", "revenue"}, 2, `^montecarlo: --set "revenue": want name=distribution.*\n$`, `^$`},
		{"a batch with a missing file", []string{"run", "-n", "1000", "-q", "nosuch.yaml", reference}, 2, `(?s)^montecarlo: nosuch.yaml: nosuch.yaml: no such file.*montecarlo: 1 of 2 scenarios failed \(nosuch.yaml\).*\n$`, `(?s)^== nosuch.yaml ==\n== .*reference.yaml ==\nP1 reference`},
		{"missing file", []string{"run", "nosuch.yaml"}, 2, `^montecarlo: nosuch.yaml: no such file, and no built-in scenario of that name .*\n$`, `^$`},
		{"bad scenario", []string{"run", bad}, 2, `^` + regexp.QuoteMeta(bad) + `:\d+:\d+: .+\n`, `^$`},
		{"bad scenario validate", []string{"validate", bad}, 2, `^` + regexp.QuoteMeta(bad) + `:\d+:\d+: .+\n`, `^$`},
		{"nan fails", []string{"run", nan, "-n", "2048"}, 1, `^montecarlo: output "ratio" is NaN in trial \d+.* "ratio".*--nan=skip.*\n$`, `^$`},
		{"nan skip", []string{"run", nan, "-n", "2048", "--nan", "skip"}, 0, `^$`, `non-finite trials skipped: [1-9][\d,]* of 2,048`},
		{"unknown variant", []string{"run", "--variant", "rosy"}, 2, `^.*unknown variant "rosy".*\n$`, `^$`},
		{"unknown input", []string{"run", "--set", "revenu=3 to 4"}, 2, `^--set revenu.*unknown input "revenu"; did you mean "revenue"\?\n$`, `^$`},
		{"bad override", []string{"run", "--set", "revenue=4 to 3"}, 2, `^--set revenue.*\n$`, `^$`},
		{"sweep cases", []string{"sweep", "--cases", cases, "-n", "2048", "-q"}, 0, `^$`, `(?m)^  high  revenue=4 to 5$`},
		{"sweep bad cases", []string{"sweep", "--cases", badCases, "-n", "2048", "-q"}, 2, `^` + regexp.QuoteMeta(badCases) + `:1:9: unknown input "trainng"; did you mean "training"\?\n$`, `^$`},
		{"sweep cases and axis", []string{"sweep", "--cases", cases, "--set", "headcount=1400, 1600", "-q"}, 2, `^montecarlo: --set headcount=1400, 1600: --cases lists the points.*\n$`, `^$`},
		{"trials-out extension", []string{"run", reference, "-n", "2048", "--trials-out", "t.json"}, 2, `^montecarlo: --trials-out "t.json": write the trials to a .csv, .csv.gz or .parquet file\n$`, `^$`},
		{"trials-out folder", []string{"run", reference, "-n", "2048", "--trials-out", "nosuch/t.parquet"}, 1, `^montecarlo: --trials-out nosuch/t.parquet: cannot create the file in nosuch: no such file or directory\n$`, `^$`},
		{"unknown trials column", []string{"run", reference, "-n", "2048", "--trials-out", "t.parquet", "--trials-columns", "revenue,los"}, 2, `^montecarlo: --trials-columns "revenue,los": column 2 of 2, "los", is not an input, an output or one period of one \(name\[t\]\); did you mean "loss"\?\n$`, `^$`},
		{"trials columns without out", []string{"run", reference, "-n", "2048", "--trials-columns", "loss"}, 2, `^montecarlo: --trials-columns chooses the columns of --trials-out FILE; give it too\n$`, `^$`},
		{"bad trials-every", []string{"run", reference, "-n", "2048", "--trials-out", "t.csv", "--trials-every", "often"}, 2, `^montecarlo: --trials-every "often": .*\n$`, `^$`},
		{"unknown builtin", []string{"scenarios", "show", "nosuch"}, 2, `^montecarlo: no built-in scenario "nosuch".*\n$`, `^$`},
		{"show", []string{"scenarios", "show", "openai-2024"}, 0, `^$`, `(?m)^name:`},
		{"scenarios list", []string{"scenarios", "list"}, 0, `^$`, `(?m)^  openai-2024 `},
		{"scenarios NAME", []string{"scenarios", "openai-2024"}, 2, `^montecarlo: .*'montecarlo scenarios show openai-2024'.*\n$`, `^$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := mc(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !regexp.MustCompile(tc.stderr).MatchString(stderr) {
				t.Errorf("stderr %q does not match %q", stderr, tc.stderr)
			}
			if !regexp.MustCompile(tc.stdout).MatchString(stdout) {
				t.Errorf("stdout %q does not match %q", stdout, tc.stdout)
			}
		})
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, []string{"montecarlo", "run", reference, "--out", dir}, &stdout, &stderr)
	if code != 1 || stderr.String() != "montecarlo: interrupted\n" || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing, interrupted", code, stdout.String(), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, resultFile)); err == nil {
		t.Error("an interrupted run wrote a result")
	}
}

// reportFiles are the files of the reference scenario's report folder.
var reportFiles = []string{"inputs.png", "loss-exceedance.png", "loss-histogram.png",
	"loss-spider.png", "loss-tornado.png", "manifest.sha256", "report.html", "report.md", resultFile, "summary.csv"}

// TestOut: --out writes the report folder atomically, and a failed run
// leaves an existing report untouched with no temporary files.
func TestOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results", "today")
	stdout, stderr, code := mc(t, "run", reference, "-n", "2048", "--format", "json", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	path := filepath.Join(dir, resultFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != stdout {
		t.Error("result.json differs from the JSON on stdout")
	}

	nan := writeFile(t, "nan.yaml", nanScenario)
	if _, stderr, code := mc(t, "run", nan, "-n", "2048", "--out", dir); code != 1 {
		t.Fatalf("NaN run: exit %d, want 1: %s", code, stderr)
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(after, data) {
		t.Errorf("a failed run changed %s (err %v)", path, err)
	}
	assertOnly(t, dir, reportFiles...)
	assertOnly(t, filepath.Dir(dir), "today")

	// --out naming a file is refused: status 2.
	if _, stderr, code := mc(t, "run", reference, "-n", "1024", "--out", path); code != 2 || !strings.Contains(stderr, "is not a folder") {
		t.Errorf("--out FILE: exit %d, stderr %q; want 2 and 'is not a folder'", code, stderr)
	}
	// A file the user added to a report folder is never deleted: refused with status 2, naming it.
	notes := filepath.Join(dir, "notes.md")
	os.WriteFile(notes, []byte("mine"), 0o644)
	if _, stderr, code := mc(t, "run", reference, "-n", "1024", "--out", dir); code != 2 || !strings.Contains(stderr, "notes.md") {
		t.Errorf("--out a report with notes.md added: exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(notes); string(b) != "mine" {
		t.Error("notes.md was lost")
	}
}

// assertOnly checks that dir holds exactly the named files.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

// provenance decodes the provenance of a JSON result.
func provenance(t *testing.T, out string) (p struct {
	Scenario, File, Engine, Date, Variant string
	Seed                                  uint64
	Trials                                int64
	Overrides                             []struct{ Name, Dist string }
}) {
	t.Helper()
	var doc struct{ Provenance json.RawMessage }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if err := json.Unmarshal(doc.Provenance, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEnvVars(t *testing.T) {
	t.Setenv("MONTECARLO_TRIALS", "3_000")
	t.Setenv("MONTECARLO_SEED", "77")
	t.Setenv("MONTECARLO_FORMAT", "json")
	t.Setenv("MONTECARLO_WORKERS", "1")
	t.Setenv("MONTECARLO_SET", setEnv)
	t.Setenv("SOURCE_DATE_EPOCH", "1721822400")
	out, stderr, code := mc(t, "run", reference)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p := provenance(t, out)
	if p.Trials != 3000 || p.Seed != 77 || p.Date != "2024-07-24T12:00:00Z" || p.File != reference || p.Engine != "test" {
		t.Errorf("provenance %+v", p)
	}
	if len(p.Overrides) != 2 {
		t.Errorf("overrides %+v, want the two of MONTECARLO_SET", p.Overrides)
	}
	// Flags win over the environment.
	out, _, _ = mc(t, "run", reference, "--trials", "1024", "--format", "csv")
	if !strings.HasPrefix(out, "output,period,statistic,value,se\n") {
		t.Errorf("--format csv did not win over MONTECARLO_FORMAT: %.80q", out)
	}
	t.Setenv("MONTECARLO_WORKERS", "many")
	if _, stderr, code := mc(t, "run", reference); code != 2 {
		t.Errorf("MONTECARLO_WORKERS=many: exit %d, want 2; stderr %q", code, stderr)
	}
	t.Setenv("MONTECARLO_WORKERS", "")
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if _, stderr, code := mc(t, "run", reference); code != 2 {
		t.Errorf("SOURCE_DATE_EPOCH=yesterday: exit %d, want 2; stderr %q", code, stderr)
	}
}

// TestDefaults: trials and seed come from the flags, else the scenario,
// else sim.DefaultConfig; with no FILE the default scenario runs.
func TestDefaults(t *testing.T) {
	out, stderr, code := mc(t, "run", "--format", "json", "-n", "1024")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if p := provenance(t, out); p.File != "builtin:openai-2024" || p.Scenario != "OpenAI 2024 operating loss" || p.Trials != 1024 {
		t.Errorf("default scenario provenance %+v", p)
	}
	seeded := writeFile(t, "seeded.yaml", seededScenario)
	out, stderr, code = mc(t, "run", seeded, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if p := provenance(t, out); p.Trials != 2048 || p.Seed != 99 {
		t.Errorf("scenario trials/seed not used: %+v", p)
	}
	out, stderr, code = mc(t, "run", seeded, "--format", "json", "--seed", "5", "-n", "1K")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if p := provenance(t, out); p.Trials != 1000 || p.Seed != 5 {
		t.Errorf("flags did not win over the scenario: %+v", p)
	}
}

func TestVariant(t *testing.T) {
	base, stderr, code := mc(t, "run", "-n", "2048", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, stderr, code := mc(t, "run", "-n", "2048", "--format", "json", "--variant", "low-revenue")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if p := provenance(t, out); p.Variant != "low-revenue" {
		t.Errorf("variant %q, want low-revenue", p.Variant)
	}
	if out == base {
		t.Error("the variant did not change the result")
	}
}

func TestProgress(t *testing.T) {
	if newProgress(new(bytes.Buffer), 100, false) != nil {
		t.Error("a progress bar on a writer that is not a terminal")
	}
	var buf bytes.Buffer
	p := &progress{w: &buf, total: 1000, delay: time.Hour, start: time.Now()}
	p.update(10)
	if buf.Len() != 0 {
		t.Error("a progress bar before the delay")
	}
	p.delay = 0
	p.update(500)
	p.finish()
	if !strings.Contains(buf.String(), "500/1000") {
		t.Errorf("progress output %q lacks the count", buf.String())
	}
	var nilp *progress
	if nilp.callback() != nil {
		t.Error("a nil progress has a callback")
	}
	nilp.finish() // must not panic
}

// Scenarios the tests write to files.
const (
	// badScenario has two errors: a triangular mode outside its range, and
	// a formula naming an unknown input.
	badScenario = `name: bad
inputs:
  x: triangular(1, 5, 3)
formulas:
  y: x * z
outputs:
  y: {}
`
	// nanScenario's output is NaN whenever x < 0, about half the trials.
	nanScenario = `name: nan
inputs:
  x: normal(0, 1)
formulas:
  ratio: sqrt(x)
outputs:
  ratio: {}
`
	seededScenario = `name: seeded
seed: 99
trials: 2048
inputs:
  x: 1 to 2
formulas:
  y: 2 * x
outputs:
  y: {}
`
	// setEnv overrides two inputs of the reference scenario; distributions
	// hold commas, so MONTECARLO_SET separates overrides with ";".
	setEnv = "revenue=3 to 5;a100_price=triangular(1.1, 1.3, 1.7)"
)

// TestFileSamplingNotOverridden: without --sampling, run and compare use
// the design the file names (the flag once defaulted to random, which
// overrode it).
func TestFileSamplingNotOverridden(t *testing.T) {
	file := writeFile(t, "s.yaml", "name: s\nsampling: lhs\ninputs:\n  a: normal(0, 1)\noutputs:\n  a: {}\nvariants:\n  wide: { inputs: { a: \"normal(0, 2)\" } }\n")
	for _, args := range [][]string{
		{"run", file, "--trials", "4096", "--format", "json"},
		{"compare", file, "--all-variants", "--trials", "4096", "--format", "json"},
	} {
		out, stderr, code := mc(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if !strings.Contains(out, `"sampling": "lhs"`) && !strings.Contains(out, `"replicates": 4`) {
			t.Errorf("%v: the file's sampling: lhs was not used:\n%.600s", args, out)
		}
	}
}

// TestSuggestions: a mistyped command or flag gets a "did you mean", and
// exit status 2.
func TestSuggestions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rn"}, `unknown command "rn"; did you mean "run"?`},
		{[]string{"valdate"}, `did you mean "validate"?`},
		{[]string{"run", "--trails", "5"}, "flag provided but not defined: -trails; did you mean --trials?"},
		{[]string{"compare", "--varient", "x"}, "did you mean --variant?"},
	} {
		_, stderr, code := mc(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestCompletion: the scripts print, bash's parses, and the command
// completes its commands, a command's flags and the built-in scenarios.
func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		out, stderr, code := mc(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "montecarlo") {
			t.Errorf("completion %s: exit %d, %s", sh, code, stderr)
		}
	}
	if _, _, code := mc(t, "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: exit %d, want 2", code)
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", "--generate-bash-completion"}, []string{"openai-2024", "cyber-risk"}},
		// Flag completion (run --tr<TAB>) reads os.Args, so it is not
		// testable in process; the binary completes --trials.
	} {
		out, _, _ := mc(t, tc.args...)
		for _, w := range tc.want {
			if !slices.Contains(strings.Fields(out), w) {
				t.Errorf("%v: %q lacks %q", tc.args, out, w)
			}
		}
	}
}

// TestBench: bench prints the Go benchmark header and one line per run
// in the format benchstat parses.
func TestBench(t *testing.T) {
	out, stderr, code := mc(t, "bench", "../../benchmarks/reference.yaml", "--count", "2", "--trials", "20000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	line := regexp.MustCompile(`(?m)^BenchmarkScenario/reference-\d+\t +1\t +\d+ ns/op\t +[0-9.e+]+ trials/s\t +[0-9.]+ MB-peak$`)
	if n := len(line.FindAllString(out, -1)); n != 2 || !strings.HasPrefix(out, "goos: ") {
		t.Errorf("%d benchmark lines, want 2:\n%s", n, out)
	}
	if _, _, code := mc(t, "bench", "--count", "0"); code != 2 {
		t.Errorf("--count 0: exit %d, want 2", code)
	}
}

// TestValidateMany validates several files: each under its name, the
// errors of the invalid one, exit 2 after checking them all.
func TestValidateMany(t *testing.T) {
	good := writeFile(t, "good.yaml", "name: g\ninputs:\n  a: normal(0, 1)\noutputs: [a]\n")
	bad := writeFile(t, "bad.yaml", "name: b\ninputs:\n  a: normal(0, -1)\noutputs: [a]\n")
	out, stderr, code := mc(t, "validate", bad, good)
	if code != 2 || !strings.Contains(out, "== "+good+" ==") || !strings.Contains(out, "ok") ||
		!strings.Contains(stderr, "bad.yaml:3:") || !strings.Contains(stderr, "1 of 2 scenarios are invalid") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
}
