package sampling_test

import (
	"fmt"
	"math"
	"slices"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// fillBlock fills block index (of n trials) of m with a new worker of s.
func fillBlock(s sampling.Sampler, m *model.Model, seed uint64, index int64, n int) [][][]float64 {
	cols := newCols(m, n)
	s.NewWorker().Fill(sampling.Block{Seed: seed, Index: index, First: index * blockSize, N: n}, cols)
	return cols
}

// strata returns the stratum (of n equal ones) of each value in (0, 1).
func strata(us []float64, n int) []int {
	var out []int
	for _, u := range us {
		out = append(out, int(u*float64(n)))
	}
	return out
}

// A Latin hypercube block of 8 trials puts one value of each input in each
// eighth of (0, 1), in random order.
func ExampleNewLatinHypercube() {
	u, _ := distributions.NewUniform(0, 1)
	m := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "share", Dist: u}}}
	cols := fillBlock(sampling.NewLatinHypercube(m), m, 42, 0, 8)
	s := strata(cols[0][0], 8)
	fmt.Println("strata hit:", len(s))
	slices.Sort(s)
	fmt.Println("sorted:", s)
	// Output:
	// strata hit: 8
	// sorted: [0 1 2 3 4 5 6 7]
}

// The first 2^k points of a scrambled Sobol block fall one in each 1/2^k
// cell of every input, jointly as well for the first two inputs (a (0,m,2)-net).
func ExampleNewSobol() {
	u, _ := distributions.NewUniform(0, 1)
	m := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "x", Dist: u}, {Name: "y", Dist: u}}}
	s, err := sampling.NewSobol(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	cols := fillBlock(s, m, 42, 0, 16)
	for _, k := range []int{2, 4, 8, 16} {
		x := strata(cols[0][0][:k], k)
		slices.Sort(x)
		fmt.Println(k, "points, cells of x:", x)
	}
	// 16 points in a 4×4 grid of (x, y): one per cell.
	cells := map[[2]int]bool{}
	for i := range 16 {
		cells[[2]int{int(cols[0][0][i] * 4), int(cols[1][0][i] * 4)}] = true
	}
	fmt.Println("4×4 cells hit by 16 points:", len(cells))
	// Output:
	// 2 points, cells of x: [0 1]
	// 4 points, cells of x: [0 1 2 3]
	// 8 points, cells of x: [0 1 2 3 4 5 6 7]
	// 16 points, cells of x: [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15]
	// 4×4 cells hit by 16 points: 16
}

// Repair finds the nearest valid correlation matrix to one that no joint
// distribution can have (Higham 2002's example).
func ExampleCorrelation_Repair() {
	c := sampling.Correlation{
		Names:  []string{"a", "b", "c"},
		Matrix: [][]float64{{1, 1, 0}, {1, 1, 1}, {0, 1, 1}},
	}
	fmt.Println(c.Validate() != nil)
	r, change, err := c.Repair()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range r.Matrix {
		fmt.Printf("%.4f\n", row)
	}
	fmt.Printf("largest change %.4f\n", change)
	// Output:
	// true
	// [1.0000 0.7607 0.1573]
	// [0.7607 1.0000 0.7607]
	// [0.1573 0.7607 1.0000]
	// largest change 0.2393
}

// Iman–Conover reorders each block's values: the marginals are the base
// design's, value for value, and the ranks take the target correlation.
func ExampleNewImanConover() {
	revenue, _ := distributions.NewRange(3.5, 4.5)
	cost, _ := distributions.NewPERT(1, 2, 6)
	m := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "revenue", Dist: revenue}, {Name: "cost", Dist: cost}}}
	corr := sampling.Correlation{Names: []string{"revenue", "cost"}, Matrix: [][]float64{{1, 0.7}, {0.7, 1}}}
	ic, err := sampling.NewImanConover(m, corr, sampling.NewLatinHypercube(m))
	if err != nil {
		fmt.Println(err)
		return
	}
	got := fillBlock(ic, m, 42, 0, 1024)
	base := fillBlock(sampling.NewLatinHypercube(m), m, 42, 0, 1024)
	a, b := slices.Clone(got[1][0]), slices.Clone(base[1][0])
	slices.Sort(a)
	slices.Sort(b)
	fmt.Println("same values as the base:", slices.Equal(a, b))
	fmt.Printf("Spearman %.2f\n", spearman(got[0][0], got[1][0]))
	// Output:
	// same values as the base: true
	// Spearman 0.70
}

// A Gaussian copula at rank correlation 0.6 joins two standard normals into
// a bivariate normal with ρ = 2 sin(π·0.6/6) = 0.618: sd(a+b) = √(2+2ρ).
func ExampleNewCopula() {
	nd, _ := distributions.NewNormal(0, 1)
	m := &model.Model{Periods: 1, Inputs: []model.Input{{Name: "a", Dist: nd}, {Name: "b", Dist: nd}}}
	corr := sampling.Correlation{Names: []string{"a", "b"}, Matrix: [][]float64{{1, 0.6}, {0.6, 1}}}
	s, err := sampling.NewCopula(m, corr, sampling.GaussianCopula, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	var sum []float64
	w := s.NewWorker()
	cols := newCols(m, blockSize)
	for b := range int64(64) {
		w.Fill(sampling.Block{Seed: 42, Index: b, First: b * blockSize, N: blockSize}, cols)
		for i := range blockSize {
			sum = append(sum, cols[0][0][i]+cols[1][0][i])
		}
	}
	fmt.Printf("target ρ %.3f\n", s.Target()[0][1])
	fmt.Printf("sd(a+b) %.2f, √(2+2ρ) %.2f\n", sdOf(sum), math.Sqrt(2+2*s.Target()[0][1]))
	// Output:
	// target ρ 0.618
	// sd(a+b) 1.80, √(2+2ρ) 1.80
}

// The standard error of a Latin hypercube or randomised QMC estimate comes
// from independent replicates: here, the means of four replicates.
func ExampleReplicateSE() {
	fmt.Printf("%.4f\n", sampling.ReplicateSE([]float64{4.71, 4.69, 4.70, 4.72}))
	// Output:
	// 0.0065
}
