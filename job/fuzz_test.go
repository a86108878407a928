package job

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// FuzzRun checks what a user of the CLI sees for any scenario file: Run
// never panics; it either prints a document and returns nil or prints
// nothing and returns an error with a message; a file that parses runs in
// every format under both NaN policies; the JSON document is the same with
// 1 and 3 workers; and a report folder is written whole or not at all.
// Run it with: go test ./job -run '^$' -fuzz FuzzRun -fuzztime 3m
func FuzzRun(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/bad/*.yaml")
	builtins, _ := filepath.Glob("../scenario/builtin/*.yaml")
	seeds = append(append(seeds, builtins...), "../benchmarks/reference.yaml")
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, uint8(0))
	}
	f.Add([]byte("name: n\ninputs: { a: normal(0, 1) }\nformulas: { b: log(a) }\noutputs: [b]\n"), uint8(1))
	f.Add([]byte("name: c\ninputs: { a: 4.2 }\noutputs: { a: { thresholds: [4.2] } }\n"), uint8(2))
	f.Fuzz(func(t *testing.T, src []byte, pick uint8) {
		// A scenario too big to run quickly is only parsed; one with
		// compound sums, whose trials may each draw up to a million
		// severities, runs fewer trials.
		trials := int64(2048)
		if s, err := scenario.Parse("fuzz.yaml", src); err != nil {
			var list scenario.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("parse error %T %v, want a non-empty ErrorList", err, err)
			}
		} else if m := s.Model; m.Periods*len(m.Slots) > 5_000 {
			return
		} else if bytes.Contains(src, []byte("compound")) {
			trials = 100
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.yaml")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		run := func(format string, nan sim.NaNPolicy, workers int, out string) (string, error) {
			var stdout bytes.Buffer
			err := Run(context.Background(), Options{
				Scenarios: []string{path}, Trials: trials, Seed: 7, HasSeed: true,
				Workers: workers, NaN: nan, Format: format, Out: out,
				Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Engine: "fuzz",
				Stdout: &stdout,
			})
			if err != nil {
				if stdout.Len() > 0 {
					t.Fatalf("%s: error %v after printing %d bytes", format, err, stdout.Len())
				}
				if strings.TrimSpace(err.Error()) == "" {
					t.Fatalf("%s: error without a message", format)
				}
			} else if stdout.Len() == 0 {
				t.Fatalf("%s: no error and nothing printed", format)
			}
			return stdout.String(), err
		}
		nan := []sim.NaNPolicy{sim.NaNFail, sim.NaNSkip}[pick&1]
		j1, err1 := run("json", nan, 1, "")
		j3, err3 := run("json", nan, 3, "")
		if (err1 == nil) != (err3 == nil) || err1 != nil && err1.Error() != err3.Error() {
			t.Fatalf("1 worker: %v; 3 workers: %v", err1, err3)
		}
		if j1 != j3 {
			t.Fatal("JSON differs between 1 and 3 workers")
		}
		for _, format := range []string{"table", "csv"} {
			if _, err := run(format, nan, 2, ""); (err == nil) != (err1 == nil) {
				t.Fatalf("%s: error %v where json gave %v", format, err, err1)
			}
		}
		if pick&6 != 0 || err1 != nil {
			return // a report folder (figures) is slow: one input in four
		}
		out := filepath.Join(dir, "report")
		_, err := run("table", nan, 2, out)
		_, statErr := os.Stat(out)
		switch {
		case err == nil && statErr != nil:
			t.Fatalf("no error and no folder: %v", statErr)
		case err != nil && statErr == nil:
			t.Fatalf("error %v and a folder was left behind", err)
		}
	})
}
