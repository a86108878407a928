package distributions_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/montecarlo-risk/montecarlo/distributions"
)

func ExampleNewRange() {
	// "3.5 to 4.5": a 90% interval, lognormal because both ends are positive.
	d, err := distributions.NewRange(3.5, 4.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Printf("P5 %.6g, median %.4f, P95 %.6g, mean %.4f\n", d.Quantile(0.05), d.Quantile(0.5), d.Quantile(0.95), d.Mean())

	_, err = distributions.NewRange(3.5, 2)
	fmt.Println(err)
	// Output:
	// 3.5 to 4.5
	// P5 3.5, median 3.9686, P95 4.5, mean 3.9802
	// 3.5 to 2: the low end must be below the high end
}

func ExampleNewPERT() {
	d, err := distributions.NewPERT(1, 2, 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Mean (min + 4*mode + max)/6.
	fmt.Printf("%v: mean %.4g, median %.4f, P90 %.4f\n", d, d.Mean(), d.Quantile(0.5), d.Quantile(0.9))

	m, _ := distributions.NewModifiedPERT(1, 2, 6, 2) // flatter: less weight on the mode
	fmt.Printf("%v: mean %.4g, P90 %.4f\n", m, m.Mean(), m.Quantile(0.9))
	// Output:
	// pert(1, 2, 6): mean 2.5, median 2.3834, P90 3.7267
	// pert(1, 2, 6, lambda=2): mean 2.75, P90 4.2878
}

func ExampleNewLogNormalFromPercentiles() {
	d, _ := distributions.NewLogNormalFromPercentiles(0.1, 2, 0.9, 20)
	fmt.Println(d)
	fmt.Printf("P10 %.6g, P90 %.6g, median %.4f\n", d.Quantile(0.1), d.Quantile(0.9), d.Quantile(0.5))
	// Output:
	// lognormal(p10=2, p90=20)
	// P10 2, P90 20, median 6.3246
}

func ExampleNewTriangular() {
	_, err := distributions.NewTriangular(0, 15, 10)
	fmt.Println(err)
	d, _ := distributions.NewTriangular(1.2, 1.3, 1.6)
	fmt.Printf("%v: mean %.4f\n", d, d.Mean())
	// Output:
	// triangular: mode 15 outside [0, 10]
	// triangular(1.2, 1.3, 1.6): mean 1.3667
}

func ExampleNewDiscrete() {
	d, _ := distributions.NewDiscrete([]float64{0, 1, 10}, []float64{0.5, 0.3, 0.2})
	fmt.Printf("%v: mean %.4g, P(X <= 1) = %.4g, median %g\n", d, d.Mean(), d.CDF(1), d.Quantile(0.5))
	// Output:
	// discrete(0: 0.5, 1: 0.3, 10: 0.2): mean 2.3, P(X <= 1) = 0.8, median 0
}

func ExampleNewMixture() {
	calm, _ := distributions.NewRange(1, 2)
	crisis, _ := distributions.NewRange(5, 10)
	d, _ := distributions.NewMixture([]distributions.Distribution{calm, crisis}, []float64{0.8, 0.2})
	fmt.Printf("%v\nmean %.4f, P50 %.4f, P95 %.4f\n", d, d.Mean(), d.Quantile(0.5), d.Quantile(0.95))
	// Output:
	// mixture(0.8: 1 to 2, 0.2: 5 to 10)
	// mean 2.6027, P50 1.5124, P95 8.1509
}

func ExampleNewTruncated() {
	n, _ := distributions.NewNormal(0, 1)
	d, _ := distributions.NewTruncated(n, 0, math.Inf(1)) // half-normal
	fmt.Printf("%v: mean %.6f (sqrt(2/pi) = %.6f)\n", d, d.Mean(), math.Sqrt(2/math.Pi))

	_, err := distributions.NewTruncated(n, 10, 20)
	fmt.Println(err)
	// Output:
	// truncate(normal(0, 1), 0, inf): mean 0.797885 (sqrt(2/pi) = 0.797885)
	// truncate: normal(0, 1) has probability 7.62e-24 in [10, 20], too little to sample from (need at least 1e-09)
}

// Sample fills a caller-owned buffer from a caller-owned generator; the same
// seed gives the same draws.
func ExampleDistribution_sample() {
	d, _ := distributions.NewRange(3.5, 4.5)
	rng := rand.New(rand.NewPCG(1, 2))
	draws := make([]float64, 100000)
	d.Sample(rng, draws)
	slices.Sort(draws)
	fmt.Printf("P5 %.2f, P95 %.2f\n", draws[5000], draws[95000])
	// Output:
	// P5 3.50, P95 4.50
}

func ExampleNewNegativeBinomial() {
	// Incidents a year: mean 3, but over-dispersed (variance 3 + 3²/2 = 7.5,
	// not a Poisson's 3): negbinomial(2, 0.4), or the same by its mean.
	d, err := distributions.NewNegativeBinomial(2, 0.4)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := distributions.NewNegativeBinomialMean(3, 2)
	v := d.(interface{ Variance() float64 }).Variance()
	fmt.Printf("%v: mean %.4g, variance %.4g, P(none) %.4f, median %v, P95 %v\n", d, d.Mean(), v, d.CDF(0), d.Quantile(0.5), d.Quantile(0.95))
	fmt.Printf("%v: P(none) %.4f, P95 %v\n", m, m.CDF(0), m.Quantile(0.95))

	// r = 1 is the geometric distribution: P(N > k) = (1-p)^(k+1).
	g, _ := distributions.NewNegativeBinomial(1, 0.5)
	fmt.Printf("%v: P(N > 2) %.4f\n", g, 1-g.CDF(2))

	// A frequency for a compound sum: 3 incidents a year on average, each
	// costing 1 to 5 (PERT, mode 2): mean 3 × 7/3 = 7.
	sev, _ := distributions.NewPERT(1, 2, 5)
	c, _ := distributions.NewCompound(d, sev)
	fmt.Printf("%v: mean %.4g\n", c, c.Mean())

	_, err = distributions.NewNegativeBinomial(2, 0)
	fmt.Println(err)
	// Output:
	// negbinomial(2, 0.4): mean 3, variance 7.5, P(none) 0.1600, median 2, P95 8
	// negbinomial(mean=3, r=2): P(none) 0.1600, P95 8
	// negbinomial(1, 0.5): P(N > 2) 0.1250
	// compound(negbinomial(2, 0.4), pert(1, 2, 5)): mean 7
	// negbinomial: p must be in (0, 1], got 0
}
