package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
