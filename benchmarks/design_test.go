package benchmarks

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// tenInputs is a model of ten inputs of mixed families and their sum.
func tenInputs(tb testing.TB) *model.Model {
	dists := []string{"normal(10, 2)", "lognormal(0, 0.5)", "pert(1, 2, 5)", "3 to 5", "uniform(0, 1)",
		"triangular(1, 2, 4)", "normal(0, 1)", "gamma(2, 1)", "1 to 10", "pert(0, 1, 3)"}
	var b strings.Builder
	b.WriteString("name: ten inputs\ninputs:\n")
	var names []string
	for i, d := range dists {
		name := fmt.Sprintf("x%d", i)
		names = append(names, name)
		fmt.Fprintf(&b, "  %s: %q\n", name, d)
	}
	fmt.Fprintf(&b, "formulas:\n  total: %s\noutputs:\n  total: {}\n", strings.Join(names, " + "))
	s, err := scenario.Parse("ten.yaml", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return s.Model
}

// equicorrelated returns the correlation of every input of m at rho.
func equicorrelated(m *model.Model, rho float64) sampling.Correlation {
	var c sampling.Correlation
	for i, in := range m.Inputs {
		c.Names = append(c.Names, in.Name)
		row := make([]float64, len(m.Inputs))
		for j := range row {
			row[j] = rho
		}
		row[i] = 1
		c.Matrix = append(c.Matrix, row)
	}
	return c
}

// BenchmarkDesigns runs the ten-input model under every design and
// correlation method, alternating them inside every iteration so that
// all see the same machine load, and reports each one's throughput as a
// share of random sampling's (the figures the targets are stated
// in: Iman–Conover on all ten inputs at least 0.7, a Gaussian copula at
// least 0.5, LHS and Sobol at least 0.8):
//
//	go test ./benchmarks -run '^$' -bench Designs -benchtime 3x -trials 2000000
func BenchmarkDesigns(b *testing.B) {
	m := tenInputs(b)
	corr := equicorrelated(m, 0.3)
	trials := *benchTrials
	designs := []struct {
		name string
		make func() sampling.Sampler
	}{
		{"random", func() sampling.Sampler { return sampling.NewIID(m) }},
		{"iman-conover", func() sampling.Sampler { s, _ := sampling.NewImanConover(m, corr, nil); return s }},
		{"gaussian", func() sampling.Sampler { s, _ := sampling.NewCopula(m, corr, sampling.GaussianCopula, 0); return s }},
		{"lhs", func() sampling.Sampler { return sampling.NewLatinHypercube(m) }},
		{"sobol", func() sampling.Sampler { s, _ := sampling.Design("sobol", m, trials); return s }},
	}
	secs := make([]time.Duration, len(designs))
	for b.Loop() {
		for i, d := range designs {
			cfg := sim.Config{Trials: trials, Seed: 1, Workers: *benchWorkers, Sampler: d.make()}
			if i == 1 || i == 2 {
				for k := range 10 {
					cfg.RankPairs = append(cfg.RankPairs, [2]int{k, (k + 1) % 10})
				}
			}
			start := time.Now()
			res, err := sim.Run(context.Background(), m, cfg)
			if err != nil {
				b.Fatal(err)
			}
			res.Outputs[0].Final().Quantile(0.95)
			secs[i] += time.Since(start)
		}
	}
	for i, d := range designs {
		b.ReportMetric(float64(trials)*float64(b.N)/secs[i].Seconds()/1e6, d.name+"-Mtrials/s")
		if i > 0 {
			b.ReportMetric(secs[0].Seconds()/secs[i].Seconds(), d.name+"/random")
		}
	}
}
