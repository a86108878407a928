package sampling_test

import (
	"flag"
	"math"
	"slices"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// testSeed is the master seed of the statistical tests (STYLE.md 14): fixed
// by default, so that a failure reproduces, and logged by each test.
var testSeed = flag.Uint64("seed", 20260101, "master seed of the statistical tests")

const blockSize = 1024 // sim.BlockSize

// must returns v, panicking on a constructor error (the tests' parameters
// are constants).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// scalarModel returns a one-period model of scalar inputs.
func scalarModel(names []string, ds []distributions.Distribution) *model.Model {
	m := &model.Model{Periods: 1}
	for i, n := range names {
		m.Inputs = append(m.Inputs, model.Input{Name: n, Dist: ds[i], Slot: i})
	}
	return m
}

// runColumns fills blocks [first, first+blocks) of m with one worker of s
// and returns each input's values (period 0), concatenated in trial order.
func runColumns(s sampling.Sampler, m *model.Model, seed uint64, first, blocks int64) [][]float64 {
	out := make([][]float64, len(m.Inputs))
	cols := newCols(m, blockSize)
	w := s.NewWorker()
	for b := first; b < first+blocks; b++ {
		w.Fill(sampling.Block{Seed: seed, Index: b, First: b * blockSize, N: blockSize}, cols)
		for i := range m.Inputs {
			out[i] = append(out[i], cols[i][0]...)
		}
	}
	return out
}

// newCols allocates the input columns of m for blocks of n trials.
func newCols(m *model.Model, n int) [][][]float64 {
	cols := make([][][]float64, len(m.Inputs))
	for i, in := range m.Inputs {
		p := 1
		if in.PerPeriod {
			p = m.Periods
		}
		for range p {
			cols[i] = append(cols[i], make([]float64, n))
		}
	}
	return cols
}

// ksStat returns the Kolmogorov–Smirnov statistic sup |F_n − F| of xs
// against the continuous CDF cdf.
func ksStat(xs []float64, cdf func(float64) float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := float64(len(s))
	var d float64
	for i, x := range s {
		f := cdf(x)
		d = max(d, float64(i+1)/n-f, f-float64(i)/n)
	}
	return d
}

// ksCritical is the asymptotic critical value of the one-sample KS
// statistic at level 0.001 (Kolmogorov's distribution: P(√n D > 1.949) =
// 0.001).
func ksCritical(n int) float64 { return 1.949 / math.Sqrt(float64(n)) }

// midranks returns the ranks 1..n of xs, ties sharing their mean rank.
func midranks(xs []float64) []float64 {
	type vi struct {
		v float64
		i int32
	}
	n := len(xs)
	s := make([]vi, n)
	for i, x := range xs {
		s[i] = vi{x, int32(i)}
	}
	slices.SortFunc(s, func(a, b vi) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	r := make([]float64, n)
	for i := 0; i < n; {
		j := i
		for j+1 < n && s[j+1].v == s[i].v {
			j++
		}
		mid := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[s[k].i] = mid
		}
		i = j + 1
	}
	return r
}

// pearson returns the sample correlation of a and b.
func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= n
	mb /= n
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	return sab / math.Sqrt(saa*sbb)
}

// spearman returns the rank correlation of a and b (Pearson of midranks).
func spearman(a, b []float64) float64 { return pearson(midranks(a), midranks(b)) }

func meanOf(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func sdOf(xs []float64) float64 {
	m := meanOf(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}
