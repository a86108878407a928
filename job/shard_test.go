package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/shard"
)

// TestShardsMergeToOneRun: the default scenario's 6 blocks split into 7
// shards (so one is empty) and merged print the same JSON, to the byte, as
// the run in one process; merge refuses a missing shard and another
// engine's partials.
func TestShardsMergeToOneRun(t *testing.T) {
	ctx := context.Background()
	date := time.Unix(1721822400, 0).UTC()
	base := Options{Scenarios: []string{"openai-2024"}, Trials: 5*1024 + 7, Format: JSON, Date: date, Engine: "test"}
	var one bytes.Buffer
	o := base
	o.Stdout = &one
	if err := Run(ctx, o); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const n = 7 // more shards than the run's 6 blocks: one is empty
	for k := range n {
		o := base
		o.Shard, o.PartialOut = &shard.Spec{Index: k, Count: n}, dir
		if err := Run(ctx, o); err != nil {
			t.Fatalf("shard %d: %v", k, err)
		}
	}
	var merged bytes.Buffer
	mo := MergeOptions{Paths: []string{dir}, Options: Options{Format: JSON, Date: date, Engine: "test", Stdout: &merged}}
	if err := Merge(ctx, mo); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(merged.Bytes(), one.Bytes()) {
		t.Errorf("merged JSON differs from one run's:\n%s\nwant\n%s", merged.String(), one.String())
	}
	mo.Paths = []string{filepath.Join(dir, shard.FileName(shard.Spec{Index: 0, Count: n}))}
	err := Merge(ctx, mo)
	var ue UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), fmt.Sprintf("%d of %d shards are missing", n-1, n)) {
		t.Errorf("one shard of %d: %v", n, err)
	}
	mo.Paths, mo.Engine = []string{dir}, "other"
	if err := Merge(ctx, mo); err == nil || !strings.Contains(err.Error(), "engine") {
		t.Errorf("other engine: %v", err)
	}
}

// TestSamplingDesigns: --sampling picks the design, the same for any
// number of workers; an unknown design is a UsageError.
func TestSamplingDesigns(t *testing.T) {
	ctx := context.Background()
	out := map[string]string{}
	for _, d := range []string{"random", "lhs", "sobol"} {
		for _, w := range []int{1, 3} {
			var b bytes.Buffer
			if err := Run(ctx, Options{Scenarios: []string{"openai-2024"}, Trials: 4096, Sampling: d, Workers: w, Format: JSON,
				Date: time.Unix(0, 0).UTC(), Engine: "test", Stdout: &b}); err != nil {
				t.Fatal(err)
			}
			if prev, ok := out[d]; ok && prev != b.String() {
				t.Errorf("%s: 1 and 3 workers differ", d)
			}
			out[d] = b.String()
		}
	}
	if out["random"] == out["lhs"] || out["lhs"] == out["sobol"] {
		t.Error("the designs gave the same result")
	}
	var ue UsageError
	if err := Run(ctx, Options{Sampling: "halton"}); !errors.As(err, &ue) || !strings.Contains(err.Error(), "want random, lhs or sobol") {
		t.Errorf("unknown design: %v", err)
	}
}

// TestCompareShardsMergeToOneRun: the shards of a comparison (variants,
// several scenarios, a grid under Latin hypercube sampling, a file of
// cases), merged in another order, print the comparison's JSON and write
// its folder to the byte as one process does; a run's partials and a
// comparison's do not merge.
func TestCompareShardsMergeToOneRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	casesFile := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(casesFile, []byte("name,revenue\nlow,3 to 4\nhigh,4 to 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases, err := ReadCases(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	axes, _, err := ParseSweep([]string{"training=2.5, 3.5"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
	}{
		{"variants", Options{Scenarios: []string{"openai-2024"}, AllVariants: true}},
		{"scenarios", Options{Scenarios: []string{"openai-2024", "anthropic-2024"}}},
		{"grid lhs", Options{Scenarios: []string{"openai-2024"}, Sweep: axes, Sampling: "lhs"}},
		{"cases", Options{Scenarios: []string{"openai-2024"}, Cases: cases, Overrides: []scenario.Override{{Name: "headcount", Dist: "1400"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.opts
			base.Trials, base.Format, base.Date, base.Engine = 5*1024+7, JSON, date, "test"
			var one bytes.Buffer
			o := base
			out := filepath.Join(dir, tc.name, "out")
			o.Stdout, o.Out = &one, out
			if err := Compare(ctx, o); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(out, out+".one"); err != nil { // the merge writes the same folder
				t.Fatal(err)
			}
			parts := filepath.Join(dir, tc.name, "parts")
			const n = 3
			var paths []string
			for _, k := range []int{2, 0, 1} {
				o := base
				o.Shard, o.PartialOut = &shard.Spec{Index: k, Count: n}, parts
				if err := Compare(ctx, o); err != nil {
					t.Fatalf("shard %d: %v", k, err)
				}
				paths = append(paths, filepath.Join(parts, shard.FileName(*o.Shard)))
			}
			var merged bytes.Buffer
			mo := MergeOptions{Paths: paths, Options: Options{Format: JSON, Date: date, Engine: "test", Stdout: &merged, Out: out}}
			if err := Merge(ctx, mo); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(merged.Bytes(), one.Bytes()) {
				t.Errorf("merged JSON differs from one run's:\n%s\nwant\n%s", merged.String(), one.String())
			}
			files, err := os.ReadDir(out + ".one")
			if err != nil || len(files) < 5 {
				t.Fatalf("the folder of one run: %d files, %v", len(files), err)
			}
			for _, f := range files {
				a, errA := os.ReadFile(filepath.Join(out+".one", f.Name()))
				b, errB := os.ReadFile(filepath.Join(out, f.Name()))
				if errA != nil || errB != nil || !bytes.Equal(a, b) {
					t.Errorf("%s: merged folder differs from one run's (%v, %v)", f.Name(), errA, errB)
				}
			}
		})
	}

	runParts := t.TempDir()
	o := Options{Scenarios: []string{"openai-2024"}, Trials: 5*1024 + 7, Engine: "test", Shard: &shard.Spec{Index: 0, Count: 3}, PartialOut: runParts}
	if err := Run(ctx, o); err != nil {
		t.Fatal(err)
	}
	mixed := []string{filepath.Join(runParts, shard.FileName(*o.Shard)), filepath.Join(dir, "variants", "parts", shard.FileName(shard.Spec{Index: 1, Count: 3}))}
	err = Merge(ctx, MergeOptions{Paths: mixed, Options: Options{Engine: "test", Stdout: io.Discard}})
	if err == nil || !strings.Contains(err.Error(), "kind a run against a comparison") {
		t.Errorf("a run's partial with a comparison's: %v", err)
	}
}
