package job

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
)

// Bench runs each scenario of opts.Scenarios (the default scenario when
// none is given; folders expand as for Batch) count times, as Run would
// simulate it (its design and correlations), and writes one line per run
// in the Go benchmark format on w, after the goos/goarch/cpu header
// benchstat reads:
//
//	BenchmarkScenario/openai-2024-2   1   540000000 ns/op   1.85e+06 trials/s   61 MB-peak
//
// so that `benchstat old.txt new.txt` compares engine versions. The time
// is the simulation's, without the report; MB-peak is the largest heap in
// use during the run, sampled every few milliseconds.
func Bench(ctx context.Context, opts Options, count int, w io.Writer) error {
	if count < 1 {
		return Usagef("--count %d: want 1 or more runs per scenario", count)
	}
	if err := check(&opts); err != nil {
		return err
	}
	names := opts.Scenarios
	if len(names) == 0 {
		names = []string{""}
	} else {
		var err error
		if names, err = Expand(names); err != nil {
			return err
		}
	}
	procs := runtime.GOMAXPROCS(0)
	if opts.Workers > 0 {
		procs = opts.Workers
	}
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: montecarlo\n", runtime.GOOS, runtime.GOARCH)
	if cpu := cpuName(); cpu != "" {
		fmt.Fprintf(w, "cpu: %s\n", cpu)
	}
	for _, name := range names {
		o := opts
		o.Scenarios = []string{name}
		if name == "" {
			o.Scenarios = nil
		}
		p, err := plan(&o)
		if err != nil {
			return err
		}
		label := benchName(p.m.l.Arg())
		for range count {
			if err := ctx.Err(); err != nil {
				return err
			}
			runtime.GC()
			var peak atomic.Uint64
			stop := make(chan struct{})
			sampled := make(chan struct{})
			go func() {
				defer close(sampled)
				var ms runtime.MemStats
				tick := time.NewTicker(5 * time.Millisecond)
				defer tick.Stop()
				for {
					runtime.ReadMemStats(&ms)
					peak.Store(max(peak.Load(), ms.HeapInuse))
					select {
					case <-stop:
						return
					case <-tick.C:
					}
				}
			}()
			start := time.Now()
			o.Progress = nil
			res, err := simulate(ctx, &o, p.m.s.Model, p.cfg)
			elapsed := time.Since(start)
			close(stop)
			<-sampled
			if err != nil {
				return fmt.Errorf("bench %s: %w", label, err)
			}
			fmt.Fprintf(w, "BenchmarkScenario/%s-%d\t%8d\t%12d ns/op\t%10.4g trials/s\t%6.1f MB-peak\n",
				label, procs, 1, elapsed.Nanoseconds(), float64(res.Trials)/elapsed.Seconds(), float64(peak.Load())/(1<<20))
		}
	}
	return nil
}

// benchName is a scenario's name as a benchmark name: its built-in name
// or its file's base name without .yaml, with no spaces.
func benchName(arg string) string {
	name := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '/' {
			return '_'
		}
		return r
	}, name)
}
