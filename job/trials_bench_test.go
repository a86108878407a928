package job

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkTrialsOut runs benchmarks/reference.yaml (9 inputs and an
// output: 11 columns with the trial) for 1M trials with no export and
// with each format's, for the cost of --trials-out (see
// benchmarks/README.md, "Trials out to Parquet").
func BenchmarkTrialsOut(b *testing.B) {
	for _, ext := range []string{"", ".parquet", ".csv"} {
		name := ext
		if name == "" {
			name = "none"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				opts := Options{Scenarios: []string{"../benchmarks/reference.yaml"}, Trials: 1_000_000}
				if ext != "" {
					opts.TrialsOut = filepath.Join(dir, "t"+ext)
				}
				if err := Run(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
