package benchmarks

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// BenchmarkReport measures the report folder of a -trials run (default
// 10M) against the run itself, for reference.yaml (one output: four
// figures) and the default scenario (seven outputs over 12 months: 26
// figures). Each iteration times one run and then the report folder of
// that run (drivers, figures as PNG, report.md, report.html, summary.csv,
// result.json, written atomically to a temporary folder), so that both see
// the same machine load; it reports the medians of each and of their
// ratio. Report generation does not grow with the number of trials:
// figures come from the histogram, drivers from the bounded sample.
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
	dir := b.TempDir() + "/report"
	var runs, reports, ratios []float64
	for b.Loop() {
		start := time.Now()
		res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: *benchTrials, Seed: 42, Workers: *benchWorkers})
		if err != nil {
			b.Fatal(err)
		}
		run := time.Since(start).Seconds()
		r := &report.Run{Result: res, Scenario: s.Name, File: s.File, SourceSHA256: report.SourceHash(s.Source),
			Engine: "bench", Date: time.Unix(0, 0)}
		for _, in := range s.Inputs {
			r.Inputs = append(r.Inputs, report.Input{Name: in.Name, Dist: in.Dist, Unit: in.Unit, Source: in.Source,
				Assumption: in.Assumption, Distribution: in.Distribution})
		}
		start = time.Now()
		files, err := report.Folder(r, report.DefaultOptions)
		if err != nil {
			b.Fatal(err)
		}
		if err := report.WriteFolder(context.Background(), dir, files); err != nil {
			b.Fatal(err)
		}
		rep := time.Since(start).Seconds()
		runs, reports, ratios = append(runs, run), append(reports, rep), append(ratios, rep/run)
	}
	b.ReportMetric(medianOf(runs), "run-s")
	b.ReportMetric(medianOf(reports), "report-s")
	b.ReportMetric(100*medianOf(ratios), "report-%-of-run")
}

// medianOf returns the median of v (the upper middle one for an even
// count), reordering v.
func medianOf(v []float64) float64 {
	slices.Sort(v)
	return v[len(v)/2]
}
