package job

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
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

// BenchmarkParquetTrialsEncoder encodes 256K trials of
// benchmarks/reference.yaml, simulated beforehand, to a Parquet file
// thrown away: the writer's CPU alone, without the engine or the disk
// (MB/s of values, trial column included).
func BenchmarkParquetTrialsEncoder(b *testing.B) {
	opts := Options{Scenarios: []string{"../benchmarks/reference.yaml"}, Trials: 256 * 1024}
	if err := check(&opts); err != nil {
		b.Fatal(err)
	}
	p, err := plan(&opts)
	if err != nil {
		b.Fatal(err)
	}
	m := p.m.s.Model
	cols := trialColumns(m)
	var blocks [][][]float64
	p.cfg.Sinks = append(p.cfg.Sinks, sim.SinkFunc(func(bl *sim.Block) error {
		var d [][]float64
		for _, c := range cols {
			if c.input {
				d = append(d, slices.Clone(bl.Inputs[c.j][c.t][:bl.N]))
			} else {
				d = append(d, slices.Clone(bl.Outputs[c.j][c.t][:bl.N]))
			}
		}
		blocks = append(blocks, d)
		return nil
	}))
	if _, err := sim.Run(context.Background(), m, p.cfg); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(blocks) * sim.BlockSize * 8 * (len(cols) + 1)))
	for b.Loop() {
		e := newParquetTrials(io.Discard, cols)
		for i, d := range blocks {
			if err := e.write(int64(i*sim.BlockSize), 1, d, sim.BlockSize); err != nil {
				b.Fatal(err)
			}
		}
		if err := e.close(nil); err != nil {
			b.Fatal(err)
		}
	}
}
