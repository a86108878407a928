package benchmarks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/shard"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// writePartials runs the default scenario at n blocks in n one-block
// shards and writes their partial files to dir.
func writePartials(tb testing.TB, dir string, n int) []string {
	s, err := scenario.Builtin(scenario.Default)
	if err != nil {
		tb.Fatal(err)
	}
	cfg := s.Config(sim.DefaultConfig)
	cfg.Trials, cfg.Workers = int64(n)*sim.BlockSize, 1
	id := shard.Identity{ScenarioSHA256: "bench", Scenario: scenario.Default, Seed: cfg.Seed, Trials: cfg.Trials,
		ShardCount: n, Engine: "bench", Sampling: "random", NaN: "fail"}
	var paths []string
	for k := range n {
		c := cfg
		c.Blocks = shard.Spec{Index: k, Count: n}.Blocks(cfg.Trials)
		agg, err := sim.RunAggregate(context.Background(), s.Model, c)
		if err != nil {
			tb.Fatal(err)
		}
		p := &shard.Partial{Identity: id, Shards: []int{k}, Aggregate: agg}
		path := filepath.Join(dir, shard.FileName(shard.Spec{Index: k, Count: n}))
		if err := p.WriteFile(path); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// BenchmarkMerge merges the partials of 100 and 1,000 one-block shards of
// the default scenario (its 7 outputs, one monthly) and reports the time
// per merge and the peak heap while merging, which stays flat as the
// partials grow tenfold (they are read and merged one at a time):
//
//	go test ./benchmarks -run '^$' -bench Merge -benchtime 3x
func BenchmarkMerge(b *testing.B) {
	for _, n := range []int{100, 1000} {
		dir := b.TempDir()
		paths := writePartials(b, dir, n)
		var size int64
		for _, p := range paths {
			st, _ := os.Stat(p)
			size += st.Size()
		}
		b.Run(fmt.Sprintf("partials=%d", n), func(b *testing.B) {
			var peak atomic.Uint64
			done := make(chan struct{})
			go func() {
				var ms runtime.MemStats
				for {
					select {
					case <-done:
						return
					case <-time.After(2 * time.Millisecond):
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak.Load() {
							peak.Store(ms.HeapInuse)
						}
					}
				}
			}()
			for b.Loop() {
				total, err := shard.MergeFiles(paths, false)
				if err != nil {
					b.Fatal(err)
				}
				total.Aggregate.Result()
			}
			close(done)
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(size)/float64(n)/1024, "KB/partial")
		})
	}
}
