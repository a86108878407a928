package job

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// reference is the benchmark scenario with known statistics.
const reference = "../benchmarks/reference.yaml"

// date is the fixed date of the tests' provenance.
var date = time.Date(2024, 7, 24, 12, 0, 0, 0, time.UTC)

func TestShellQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"my.yaml", "my.yaml"},
		{"dir/sub-1/a_b.yaml", "dir/sub-1/a_b.yaml"},
		{"revenue=3,5:+@%", "revenue=3,5:+@%"},
		{"", "''"},
		{"price=pert(80, 100, 140)", "'price=pert(80, 100, 140)'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
		{"a b", "'a b'"},
		{"*.yaml", "'*.yaml'"},
	} {
		if got := ShellQuote(tc.in); got != tc.want {
			t.Errorf("ShellQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestRecreateCommand(t *testing.T) {
	cfg := sim.Config{Trials: 3000, Seed: 7}
	skip := cfg
	skip.NaN = sim.NaNSkip
	const epoch = "SOURCE_DATE_EPOCH=1721822400 montecarlo "
	for _, tc := range []struct {
		name string
		rc   recreate
		want string
	}{
		{"run defaults", recreate{verb: "run", files: []string{"openai-2024"}, cfg: cfg, dir: "out"},
			"run openai-2024 --trials 3000 --seed 7 --out out"},
		{"run everything", recreate{verb: "run", files: []string{"my dir/s.yaml"}, cfg: skip, variants: []string{"low"},
			overrides: []scenario.Override{{Name: "price", Dist: "pert(80, 100, 140)"}, {Name: "x", Dist: "1"}},
			plot:      "svg", logExc: true, dir: "r's"},
			"run 'my dir/s.yaml' --trials 3000 --seed 7 --variant low --set 'price=pert(80, 100, 140)' --set x=1 --nan skip --plot-format svg --log-exceedance --out 'r'\\''s'"},
		{"png is the default", recreate{verb: "run", files: []string{"a.yaml"}, cfg: cfg, plot: "png", dir: "o"},
			"run a.yaml --trials 3000 --seed 7 --out o"},
		{"compare variants, file once", recreate{verb: "compare", files: []string{"openai-2024", "openai-2024", "openai-2024"}, cfg: cfg,
			variants: []string{"no-apple-deal", "h2-sales-miss"}, dir: "cmp"},
			"compare openai-2024 --trials 3000 --seed 7 --variant no-apple-deal --variant h2-sales-miss --out cmp"},
		{"compare all variants", recreate{verb: "compare", files: []string{"openai-2024", "openai-2024"}, cfg: cfg, all: true,
			variants: []string{"no-apple-deal"}, dir: "cmp"},
			"compare openai-2024 --trials 3000 --seed 7 --all-variants --out cmp"},
		{"compare scenarios", recreate{verb: "compare", files: []string{"openai-2024", "anthropic-2024"}, cfg: cfg, plot: "pdf", dir: "cmp"},
			"compare openai-2024 anthropic-2024 --trials 3000 --seed 7 --plot-format pdf --out cmp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.rc.date = date
			if got := tc.rc.command(); got != epoch+tc.want {
				t.Errorf("got  %s\nwant %s", got, epoch+tc.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	file := filepath.Join(t.TempDir(), "my-scenario.yaml")
	if err := os.WriteFile(file, []byte("name: Mine\ninputs:\n  x: 1 to 2\noutputs: [x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		arg                         string
		file, name, label, loadsArg string
	}{
		{"", "builtin:" + scenario.Default, "OpenAI 2024 operating loss", scenario.Default, scenario.Default},
		{"anthropic-2024", "builtin:anthropic-2024", "", "anthropic-2024", "anthropic-2024"},
		{reference, reference, "", "reference", reference},
		{file, file, "Mine", "my-scenario", file},
	} {
		t.Run(tc.arg, func(t *testing.T) {
			l, err := Load(tc.arg)
			if err != nil {
				t.Fatal(err)
			}
			if l.File != tc.file || l.Label() != tc.label || l.Arg() != tc.loadsArg || len(l.Text) == 0 {
				t.Errorf("File %q, Label %q, Arg %q, %d bytes; want %q, %q, %q", l.File, l.Label(), l.Arg(), len(l.Text), tc.file, tc.label, tc.loadsArg)
			}
			if tc.name != "" && l.DisplayName() != tc.name {
				t.Errorf("DisplayName %q, want %q", l.DisplayName(), tc.name)
			}
		})
	}
	_, err := Load("nosuch.yaml")
	var u UsageError
	if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), "nosuch.yaml: no such file, and no built-in scenario of that name") {
		t.Errorf("Load(nosuch.yaml): %v, want a UsageError", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\ninputs:\n  x: triangular(1, 5, 3)\noutputs: [x]\n"), 0o644)
	var list scenario.ErrorList
	var one *scenario.Error
	if _, err := Load(bad); !errors.As(err, &list) && !errors.As(err, &one) {
		t.Errorf("Load(bad): %v, want a scenario error", err)
	}
}

func TestParseOverrides(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []scenario.Override
		err  string
	}{
		{nil, nil, ""},
		{[]string{"revenue=3 to 5", " costs = pert(7, 8.5, 10) "}, []scenario.Override{{Name: "revenue", Dist: "3 to 5"}, {Name: "costs", Dist: "pert(7, 8.5, 10)"}}, ""},
		{[]string{"x=a=b"}, []scenario.Override{{Name: "x", Dist: "a=b"}}, ""},
		{[]string{"revenue"}, nil, `--set "revenue": want name=distribution`},
		{[]string{"=3"}, nil, `--set "=3"`},
		{[]string{"x= "}, nil, `--set "x= "`},
	} {
		got, err := ParseOverrides(tc.in)
		switch {
		case tc.err != "":
			var u UsageError
			if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("ParseOverrides(%q): %v, want a UsageError %s...", tc.in, err, tc.err)
			}
		case err != nil:
			t.Errorf("ParseOverrides(%q): %v", tc.in, err)
		case len(got) != len(tc.want):
			t.Errorf("ParseOverrides(%q) = %v, want %v", tc.in, got, tc.want)
		default:
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("ParseOverrides(%q)[%d] = %v, want %v", tc.in, i, got[i], tc.want[i])
				}
			}
		}
	}
}

func TestRunDate(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 30, 15, 123456789, time.FixedZone("CET", 3600))
	for _, tc := range []struct {
		env  string
		want time.Time
		err  bool
	}{
		{"", time.Date(2025, 3, 1, 8, 30, 15, 0, time.UTC), false},
		{"1721822400", date, false},
		{"yesterday", time.Time{}, true},
	} {
		t.Setenv("SOURCE_DATE_EPOCH", tc.env)
		got, err := RunDate(now)
		var u UsageError
		if tc.err != errors.As(err, &u) || !got.Equal(tc.want) || got.Location() != time.UTC && !tc.err {
			t.Errorf("SOURCE_DATE_EPOCH=%q: %v, %v; want %v (error %v)", tc.env, got, err, tc.want, tc.err)
		}
	}
}

func TestEngineVersion(t *testing.T) {
	if got := EngineVersion("v1.2.3"); got != "v1.2.3" {
		t.Errorf("EngineVersion(v1.2.3) = %q", got)
	}
	if got := EngineVersion(""); got == "" {
		t.Error("EngineVersion(\"\") is empty")
	}
}

// TestOptions: bad options are usage errors, checked before anything runs.
func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		run  func(context.Context, Options) error
		err  string
	}{
		{"format", Options{Format: "xml"}, Run, `--format "xml": want table, json or csv`},
		{"plot format", Options{PlotFormat: "gif"}, Compare, `--plot-format "gif": want png, svg or pdf`},
		{"workers", Options{Workers: -2}, Run, `--workers -2: want 0 (one per CPU) or more`},
		{"two scenarios", Options{Scenarios: []string{"a", "b"}}, Run, "run takes at most one scenario FILE, got 2 arguments"},
		{"two variants", Options{Variants: []string{"a", "b"}}, Run, "run takes at most one --variant"},
		{"nothing to compare", Options{}, Compare, "nothing to compare: give --variant NAME (variants of openai-2024: no-apple-deal, "},
		{"variants of several", Options{Scenarios: []string{"openai-2024", "anthropic-2024"}, AllVariants: true}, Compare, "--variant and --all-variants compare variants of one scenario"},
		{"both variant options", Options{Variants: []string{"no-apple-deal"}, AllVariants: true}, Compare, "give either --variant or --all-variants, not both"},
		{"no variants", Options{Scenarios: []string{reference}, AllVariants: true}, Compare, "../benchmarks/reference.yaml has no variants to compare"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			tc.opts.Stdout = &out
			err := tc.run(context.Background(), tc.opts)
			var u UsageError
			if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("error %v, want a UsageError %s...", err, tc.err)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %q", out.String())
			}
		})
	}
}

// TestRunProvenance: a run records its options, and the folder it writes
// records the command that re-creates it; progress starts and finishes.
func TestRunProvenance(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var out, notes bytes.Buffer
	var total, last int64
	finished := 0
	err := Run(context.Background(), Options{
		Scenarios: []string{reference}, Trials: 2048, Seed: 5, HasSeed: true, Workers: 2,
		Overrides: []scenario.Override{{Name: "revenue", Dist: "3 to 5"}},
		Format:    JSON, Out: dir, Date: date, Engine: "test", Stdout: &out, Notes: &notes,
		Progress: func(n int64) (func(int64), func()) {
			total = n
			return func(done int64) { last = done }, func() { finished++ }
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2048 || last != 2048 || finished != 1 {
		t.Errorf("progress: total %d, last %d, finished %d times", total, last, finished)
	}
	var doc struct {
		Provenance struct {
			File, Engine, Date, Command string
			Seed                        uint64
			Trials                      int64
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Provenance
	want := "SOURCE_DATE_EPOCH=1721822400 montecarlo run " + reference + " --trials 2048 --seed 5 --set 'revenue=3 to 5' --out " + dir
	if p.File != reference || p.Engine != "test" || p.Date != "2024-07-24T12:00:00Z" || p.Seed != 5 || p.Trials != 2048 || p.Command != want {
		t.Errorf("provenance %+v\nwant command %s", p, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "result.json")); err != nil || !bytes.Equal(b, out.Bytes()) {
		t.Errorf("result.json differs from the JSON written (%v)", err)
	}
	if !strings.HasPrefix(notes.String(), "report: "+dir+" (report.html, ") {
		t.Errorf("notes %q", notes.String())
	}
}

// TestCompareCommand: a comparison of variants records every member and the
// command naming the scenario once and each variant in order.
func TestCompareCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	var out bytes.Buffer
	err := Compare(context.Background(), Options{
		Variants: []string{"no-apple-deal", "h2-sales-miss"}, Trials: 1024, NaN: sim.NaNSkip,
		Format: JSON, Out: dir, PlotFormat: "svg", Date: date, Stdout: &out,
	})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Provenance struct {
			Members []struct{ Label, File, Variant string }
			Command string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Provenance
	want := "SOURCE_DATE_EPOCH=1721822400 montecarlo compare openai-2024 --trials 1024 --seed 42 --variant no-apple-deal --variant h2-sales-miss --nan skip --plot-format svg --out " + dir
	if p.Command != want {
		t.Errorf("command %s\nwant    %s", p.Command, want)
	}
	if len(p.Members) != 3 || p.Members[0].Label != "base" || p.Members[2].Variant != "h2-sales-miss" || p.Members[1].File != "builtin:openai-2024" {
		t.Errorf("members %+v", p.Members)
	}
	if _, err := os.Stat(filepath.Join(dir, "compare.json")); err != nil {
		t.Error(err)
	}
}
