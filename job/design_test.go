package job

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/stop"
)

// TestCorrelatedRun runs a scenario whose correlations are not a valid
// matrix: the JSON carries the requested, repaired and achieved
// coefficients and the warning, validate shows both matrices, and a
// comparison with a variant that changes the correlations is refused.
func TestCorrelatedRun(t *testing.T) {
	const file = "testdata/correlated.yaml"
	var out bytes.Buffer
	err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 50_000, Format: JSON, Stdout: &out, Date: date, Engine: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Correlations struct {
			Method string
			Pairs  []struct {
				A, B                      string
				Requested, Used, Achieved float64
			}
		}
		Outputs []struct {
			Final struct{ Replicates int }
		}
		Warnings []string
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Correlations
	if c.Method != "iman-conover" || len(c.Pairs) != 3 {
		t.Fatalf("correlations %+v", c)
	}
	for _, p := range c.Pairs {
		if math.Abs(p.Used) >= math.Abs(p.Requested) || math.Abs(p.Achieved-p.Used) > 0.03 {
			t.Errorf("%s, %s: requested %v, used %v, achieved %v", p.A, p.B, p.Requested, p.Used, p.Achieved)
		}
	}
	if doc.Outputs[0].Final.Replicates != 32 {
		t.Errorf("Iman–Conover run has %d replicate groups, want 32", doc.Outputs[0].Final.Replicates)
	}
	if len(doc.Warnings) == 0 || !strings.Contains(doc.Warnings[0], "nearest valid matrix") {
		t.Errorf("warnings %q", doc.Warnings)
	}

	var v bytes.Buffer
	if err := Validate(&v, file); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rank correlations (iman-conover, 3 pairs)", "not positive semidefinite", "the run uses the nearest valid matrix instead"} {
		if !strings.Contains(v.String(), want) {
			t.Errorf("validate lacks %q:\n%s", want, v.String())
		}
	}

	err = Compare(context.Background(), Options{Scenarios: []string{file}, Variants: []string{"independent"}, Trials: 2048, Stdout: &out})
	if err == nil || !strings.Contains(err.Error(), "which correlates them by") {
		t.Errorf("compare of members with different correlations: %v", err)
	}
	err = Run(context.Background(), Options{Scenarios: []string{file}, Variants: []string{"independent"}, Trials: 2048, Format: JSON, Stdout: &out})
	if err != nil {
		t.Errorf("the variant does not run: %v", err)
	}
}

// TestComparePrecision stops a comparison at a precision target on the
// difference between two members: at the same trials and to the same
// bytes for 1, 2 and 7 workers.
func TestComparePrecision(t *testing.T) {
	var want string
	for _, w := range []int{1, 2, 7} {
		var out, notes bytes.Buffer
		err := Compare(context.Background(), Options{Variants: []string{"no-apple-deal"}, Trials: 2_000_000, Workers: w,
			Precision: []stop.Target{{Figure: "diff.no-apple-deal.loss.mean", Error: 0.0005}},
			Format:    JSON, Stdout: &out, Notes: &notes, Date: date, Engine: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(notes.String(), "every precision target met: diff.no-apple-deal.loss.mean") {
			t.Errorf("%d workers: notes %q", w, notes.String())
		}
		if want == "" {
			want = out.String()
		} else if out.String() != want {
			t.Errorf("%d workers: the comparison differs from 1 worker's", w)
		}
	}
	err := Compare(context.Background(), Options{Variants: []string{"no-apple-deal"}, Trials: 100_000,
		Precision: []stop.Target{{Figure: "loss.mean", Error: 0.0005}}, Format: JSON, Stdout: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "diff.MEMBER.OUTPUT.STAT") {
		t.Errorf("a target naming no member: %v", err)
	}
}

// TestFileSampling: a file's sampling: is used unless --sampling says
// otherwise.
func TestFileSampling(t *testing.T) {
	src := "name: s\nsampling: lhs\ninputs:\n  a: normal(0, 1)\noutputs:\n  a: {}\n"
	file := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ flag, want string }{{"", "lhs"}, {"random", ""}, {"sobol", "sobol"}} {
		var out bytes.Buffer
		if err := Run(context.Background(), Options{Scenarios: []string{file}, Sampling: tc.flag, Trials: 65536, Format: JSON, Stdout: &out}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Provenance struct{ Sampling string }
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Provenance.Sampling != tc.want {
			t.Errorf("--sampling %q: the run used %q, want %q", tc.flag, doc.Provenance.Sampling, tc.want)
		}
	}
}

// TestCheckUsesCorrelations: a suite runs each case as `run` does, with
// the file's correlations: the sd `run` reports for a correlated scenario
// passes a suite at a tight tolerance (without the correlations the sd
// differs by many times that).
func TestCheckUsesCorrelations(t *testing.T) {
	const file = "testdata/correlated.yaml"
	var out bytes.Buffer
	if err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 20_000, Format: JSON, Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Outputs []struct{ Final struct{ SD float64 } }
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	suitePath := filepath.Join(dir, "s.yaml")
	src := fmt.Sprintf("suite: s\ncases:\n  - scenario: %s\n    trials: 20000\n    expect:\n      total.sd: %v ± 0.000001\n", mustAbs(t, file), doc.Outputs[0].Final.SD)
	if err := os.WriteFile(suitePath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := Check(context.Background(), CheckOptions{Suite: suitePath, Stdout: &table}); err != nil {
		t.Errorf("check of run's own sd: %v\n%s", err, table.String())
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestBuiltinsSuite runs the regression suite of the built-in scenarios
// (testdata/suites/builtins.yaml) as `montecarlo check` does, with each
// scenario's correlations: a change that moves a built-in's figures fails
// here (`montecarlo check testdata/suites/builtins.yaml --update` rewrites
// the expectations).
func TestBuiltinsSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 3M trials")
	}
	var table bytes.Buffer
	if err := Check(context.Background(), CheckOptions{Suite: "../testdata/suites/builtins.yaml", Stdout: &table}); err != nil {
		t.Errorf("built-in scenarios moved: %v\n%s", err, table.String())
	}
}
