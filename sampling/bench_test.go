package sampling_test

import (
	"fmt"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// benchModel has 10 scalar inputs of the families scenarios use most:
// ranges (lognormal), normals, triangulars and uniforms.
func benchModel() (*model.Model, sampling.Correlation) {
	var names []string
	var ds []distributions.Distribution
	for i := range 10 {
		names = append(names, fmt.Sprintf("x%d", i))
		switch i % 4 {
		case 0:
			ds = append(ds, must(distributions.NewRange(3.5, 4.5)))
		case 1:
			ds = append(ds, must(distributions.NewNormal(1500, 100)))
		case 2:
			ds = append(ds, must(distributions.NewTriangular(1.2, 1.3, 1.6)))
		case 3:
			ds = append(ds, must(distributions.NewUniform(2, 4)))
		}
	}
	c := sampling.Correlation{Names: names, Matrix: make([][]float64, 10)}
	for i := range c.Matrix {
		c.Matrix[i] = make([]float64, 10)
		for j := range c.Matrix[i] {
			c.Matrix[i][j] = 0.3 // equicorrelated: positive definite
		}
		c.Matrix[i][i] = 1
	}
	return scalarModel(names, ds), c
}

// BenchmarkFill measures one worker filling full blocks of the 10-input
// model under each design, in trials per second (run with -bench Fill;
// compare runs with benchstat).
func BenchmarkFill(b *testing.B) {
	m, c := benchModel()
	sob, err := sampling.NewSobol(m)
	if err != nil {
		b.Fatal(err)
	}
	ic, err := sampling.NewImanConover(m, c, nil)
	if err != nil {
		b.Fatal(err)
	}
	gauss, err := sampling.NewCopula(m, c, sampling.GaussianCopula, 0)
	if err != nil {
		b.Fatal(err)
	}
	tcop, err := sampling.NewCopula(m, c, sampling.StudentTCopula, 4)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []struct {
		name string
		s    sampling.Sampler
	}{
		{"iid", sampling.NewIID(m)},
		{"lhs", sampling.NewLatinHypercube(m)},
		{"sobol", sob},
		{"iman-conover", ic},
		{"gaussian-copula", gauss},
		{"t-copula", tcop},
	} {
		b.Run(d.name, func(b *testing.B) {
			w := d.s.NewWorker()
			cols := newCols(m, blockSize)
			var blk int64
			for b.Loop() {
				w.Fill(sampling.Block{Seed: 1, Index: blk, First: blk * blockSize, N: blockSize}, cols)
				blk++
			}
			b.ReportMetric(float64(blk*blockSize)/b.Elapsed().Seconds(), "trials/s")
		})
	}
}
