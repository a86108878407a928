package scenario

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// FuzzScenario checks that Parse never panics and returns either a model or
// a non-empty ErrorList whose every error has a position, and that a model
// it accepts runs to the same result with 1 and 3 workers under both NaN
// policies (or to the same NaN error).
// Run it with: go test ./scenario -run '^$' -fuzz FuzzScenario -fuzztime 3m
func FuzzScenario(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/bad/*.yaml")
	builtins, _ := filepath.Glob("builtin/*.yaml")
	seeds = append(append(seeds, builtins...), "../benchmarks/reference.yaml")
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("name: p\nperiods: 3\ninputs: { s: { dist: 1 to 2, per_period: true } }\nformulas: { c: lag(cumsum(s), 1, sum(s)) * period, d: s / (c - c) }\noutputs: [c, d]\n"))
	f.Add([]byte("name: n\ninputs: { a: normal(0, 1) }\nformulas: { b: log(a) }\noutputs: [b]\n"))
	// Parameters that vary by trial, some of them invalid in some trials.
	f.Add([]byte("name: u\ninputs:\n  m: uniform(0.5, 5.5)\n  p: pert(1, m, 5)\n  t: triangular(1, m, 6)\n  b: beta(m, 2)\n" +
		"  g: gamma(m, 2)\n  n: binomial(10, m / 6)\n  l: lognormal(p5=m, p95=4)\n" +
		"formulas: { s: p + t + b + g + n + l }\noutputs: [s, p]\n"))
	// Compound sums whose frequency varies by trial.
	f.Add([]byte("name: c\ninputs:\n  r: uniform(0, 4)\n  q: uniform(0, 1)\n  l: compound(poisson(r), 1 to 9)\n" +
		"  w: compound_max(bernoulli(q), pert(1, 2, 5))\n  k: compound(negbinomial(mean=r, r=2), 3)\nformulas: { s: l + w + k }\noutputs: [s, l]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("fuzz.yaml", src)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v, want a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.File != "fuzz.yaml" || e.Line < 1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("error without position or message: %#v", e)
				}
			}
			return
		}
		if s.Model == nil {
			t.Fatal("no error and no model")
		}
		m := s.Model
		if m.Periods*len(m.Slots) > 20_000 {
			return // too big to run quickly
		}
		trials := int64(2000)
		if bytes.Contains(src, []byte("compound")) {
			trials = 100 // up to distributions.MaxTrialEvents severities each
		}
		for _, nan := range []sim.NaNPolicy{sim.NaNFail, sim.NaNSkip} {
			run := func(workers int) (*sim.Result, error) {
				return sim.Run(context.Background(), m, sim.Config{Trials: trials, Seed: 7, Workers: workers, NaN: nan})
			}
			r1, err1 := run(1)
			r3, err3 := run(3)
			for _, err := range []error{err1, err3} {
				var nf *sim.NonFiniteError
				var nof *sim.NoFiniteError
				if err != nil && !errors.As(err, &nf) && !errors.As(err, &nof) {
					t.Fatalf("nan policy %d: accepted model fails to run: %v", nan, err)
				}
			}
			if fmt.Sprint(err1) != fmt.Sprint(err3) {
				t.Fatalf("nan policy %d: 1 worker: %v; 3 workers: %v", nan, err1, err3)
			}
			// NaN != NaN, so results holding NaN are compared as text.
			if !reflect.DeepEqual(r1, r3) && fmt.Sprintf("%v", r1) != fmt.Sprintf("%v", r3) {
				t.Fatalf("nan policy %d: results differ between 1 and 3 workers", nan)
			}
		}
	})
}
