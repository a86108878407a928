package suite

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"suite: x\n", "1:1: the suite has no cases"},
		{"suite: x\ncases:\n  - scenario: a\n", "3:5: the case expects no figure"},
		{"suite: x\ncases:\n  - expect: {a.mean: 1 ± 4se}\n", "the case names no scenario"},
		{"suite: x\ncases:\n  - scenario: a\n    expect: {a.median: 1 ± 4se}\n", "figure \"a.median\""},
		{"suite: x\ncases:\n  - scenario: a\n    expect: {a.mean: 1}\n", "4:22: a.mean: write the value and its tolerance"},
		{"suite: x\ncases:\n  - scenario: a\n    expect: {a.mean: 1 ± 4sd}\n", "tolerance \"4sd\""},
		{"suite: x\ncases:\n  - scenario: a\n    trials: lots\n    expect: {a.mean: 1 ± 4se}\n", "4:13: trials \"lots\""},
		{"suite: x\ncases:\n  - scenario: a\n    when: now\n    expect: {a.mean: 1 ± 4se}\n", "unknown key \"when\""},
		{"- a\n", "1:1: a suite is a mapping"},
	} {
		_, err := Parse("s.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tc.src, err, tc.want)
		}
	}
}

func TestParseExpectations(t *testing.T) {
	s, err := Parse("s.yaml", []byte("suite: x\ncases:\n  - scenario: a\n    expect:\n      a.mean: 4.469 ± 4se\n      a.p95: 5.2 +- 0.01\n      a.p(>5): 12.1% ± 0.5%\n      a[3].sd: 1e3 ± 2.5se\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Expectation{
		{Figure: "a.mean", Value: 4.469, Tol: 4, TolSE: true},
		{Figure: "a.p95", Value: 5.2, Tol: 0.01},
		{Figure: "a.p(>5)", Value: 0.121, Percent: true, Tol: 0.005},
		{Figure: "a[3].sd", Value: 1000, Tol: 2.5, TolSE: true},
	}
	for i, w := range want {
		g := s.Cases[0].Expect[i]
		if g.Figure != w.Figure || g.Value != w.Value || g.Percent != w.Percent || g.Tol != w.Tol || g.TolSE != w.TolSE {
			t.Errorf("expectation %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		e        Expectation
		got, se  float64
		exact    bool
		wantPass bool
	}{
		{Expectation{Value: 1, Tol: 4, TolSE: true}, 1.05, 0.01, false, true},  // z = 3.5 with √2
		{Expectation{Value: 1, Tol: 4, TolSE: true}, 1.05, 0.01, true, false},  // z = 5 exact
		{Expectation{Value: 1, Tol: 4, TolSE: true}, 1.06, 0.01, false, false}, // z = 4.2
		{Expectation{Value: 1, Tol: 0.01}, 1.009, 0.5, false, true},
		{Expectation{Value: 1, Tol: 0.01}, 0.989, 0.5, false, false},
		{Expectation{Value: 2, Tol: 4, TolSE: true}, 2, 0, false, true},
		{Expectation{Value: 2, Tol: 4, TolSE: true}, 2.1, 0, false, false},
	} {
		if _, pass := judge(&tc.e, tc.got, tc.se, tc.exact); pass != tc.wantPass {
			t.Errorf("judge(%+v, %v ± %v, exact %v) = %v", tc.e, tc.got, tc.se, tc.exact, pass)
		}
	}
}

// TestKnownAnswers runs the shipped known-answer suite.
func TestKnownAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 10M trials")
	}
	const path = "../testdata/suites/known-answers.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := s.Run(context.Background(), DefaultLoader("../testdata/suites"), sim.DefaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	WriteTable(&b, outs)
	if Failed(outs) {
		t.Errorf("known answers failed:\n%s", b.String())
	} else {
		t.Logf("\n%s", b.String())
	}
}

// TestRunUpdateJUnit: a suite with a wrong expectation fails it, names it
// in JUnit XML, and --update's rewrite passes.
func TestRunUpdateJUnit(t *testing.T) {
	src := []byte("suite: demo\ncases:\n  - scenario: gfunction.yaml\n    trials: 20000\n    seed: 3\n    expect:\n      g.mean: 1.2 ± 4se   # wrong\n      g.p(>1): 40% ± 0.5%\n")
	s, err := Parse("demo.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	load := DefaultLoader("../testdata/suites")
	outs, err := s.Run(context.Background(), load, sim.DefaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	if !Failed(outs) || outs[0].Pass {
		t.Fatal("a wrong mean passed")
	}
	var x bytes.Buffer
	if err := WriteJUnit(&x, s.Name, outs); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(x.Bytes(), &parsed); err != nil || parsed.Tests != 2 || parsed.Failures < 1 {
		t.Errorf("JUnit %+v, %v:\n%s", parsed, err, x.String())
	}
	updated, err := s.Update(outs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(updated), "# wrong") || !strings.Contains(string(updated), "± 4se") {
		t.Errorf("update lost comments or tolerances:\n%s", updated)
	}
	s2, err := Parse("demo.yaml", updated)
	if err != nil {
		t.Fatalf("updated suite does not parse: %v\n%s", err, updated)
	}
	outs2, _ := s2.Run(context.Background(), load, sim.DefaultConfig)
	if Failed(outs2) {
		var b bytes.Buffer
		WriteTable(&b, outs2)
		t.Errorf("the updated suite fails:\n%s\n%s", updated, b.String())
	}
}

var update = flag.Bool("update", false, "rewrite testdata/suites/builtins.yaml from the current run")
