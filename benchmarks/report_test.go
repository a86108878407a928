package benchmarks

import (
	"context"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// BenchmarkReport measures the report folder of a -trials run (default
// 10M) against the run itself, for reference.yaml (one output: four
// figures) and the default scenario (seven outputs over 12 months: 23
// figures): it times one run, then renders the folder (drivers, figures as
// PNG, report.md, report.html, summary.csv, result.json) in the loop and
// writes it atomically to a temporary folder. Report generation does not
// grow with the number of trials: figures come from the histogram, drivers
// from the bounded sample.
//
//	go test ./benchmarks -run '^$' -bench 'Report$' -benchtime 5x
func BenchmarkReport(b *testing.B) {
	ref, err := scenario.Load("reference.yaml")
	if err != nil {
		b.Fatal(err)
	}
	def, err := scenario.Builtin(scenario.Default)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []*scenario.Scenario{ref, def} {
		b.Run(s.Name, func(b *testing.B) { benchmarkReport(b, s) })
	}
}

func benchmarkReport(b *testing.B, s *scenario.Scenario) {
	start := time.Now()
	res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: *benchTrials, Seed: 42, Workers: *benchWorkers})
	if err != nil {
		b.Fatal(err)
	}
	runTime := time.Since(start)
	r := &report.Run{Result: res, Scenario: s.Name, File: s.File, SourceSHA256: report.SourceHash(s.Source),
		Engine: "bench", Date: time.Unix(0, 0)}
	for _, in := range s.Inputs {
		r.Inputs = append(r.Inputs, report.Input{Name: in.Name, Dist: in.Dist, Unit: in.Unit, Source: in.Source,
			Assumption: in.Assumption, Distribution: in.Distribution})
	}
	dir := b.TempDir() + "/report"
	b.ResetTimer()
	for b.Loop() {
		files, err := report.Folder(r, report.DefaultOptions)
		if err != nil {
			b.Fatal(err)
		}
		if err := report.WriteFolder(context.Background(), dir, files); err != nil {
			b.Fatal(err)
		}
	}
	per := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(runTime.Seconds(), "run-s")
	b.ReportMetric(per, "report-s")
	b.ReportMetric(100*per/runTime.Seconds(), "report-%-of-run")
}
