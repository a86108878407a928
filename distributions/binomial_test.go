package distributions

import (
	"math"
	"testing"
)

// binomialTails are P(X <= k) and P(X > k) for X binomial(n, p), from:
//   - closed forms: for even n and p = 1/2, P(X <= n/2) = 1/2 + C(n, n/2)/2^(n+1)
//     by symmetry, with C(n, n/2)/2^n evaluated by mpmath 1.3.0 at 40 digits;
//     P(X = 0) = (1-p)^n;
//   - exact rational sums (Python fractions over the binary value of p) for n <= 1000;
//   - mpmath 1.3.0 at 30 digits: nsum of the pmf (binomial(1e6, 1e-9)) and
//     quad of the beta density (binomial(1e12, 1e-3); DLMF 8.17.20).
var binomialTails = []struct {
	n, p, k      float64
	lower, upper float64
}{
	{1e8, 0.5, 5e7, 0.5000398942279404076978183, 0.4999601057720595923021817},
	{1e8, 0.5, 5e7 - 1, 0.4999601057720595923021817, 0.5000398942279404076978183},
	{1e12, 0.5, 5e11, 0.5000003989422804013329424, 0.4999996010577195986670576},
	{1e12, 1e-3, 1e9, 0.50000841044252860235, 0.49999158955747139765},
	{1e12, 1e-3, 1e9 + 1e5, 1 - 0.00077854288949546601292, 0.00077854288949546601292},
	{1e12, 1e-3, 1e9 - 1e5, 0.00077837387221897219005, 1 - 0.00077837387221897219005},
	{1e6, 1e-9, 0, 0.99900049983287549136, 0.00099950016712450864441},
	{1e6, 1e-9, 1, 0.99999950033370736741, 4.9966629263259000674e-7},
	{1e6, 1e-9, 3, 0.9999999999999583669, 4.1633097551837097432e-14},
	{10, 0.3, 3, 0.64961071840000002962, 0.35038928159999997038},
	{20, 0.5, 10, 0.5880985260009765625, 0.4119014739990234375},
	{1000, 0.9, 850, 4.4894428594499514429e-7, 0.999999551055714055},
	{1000, 0.9, 950, 0.99999999721328969754, 2.7867103024608511943e-9},
	{100, 0.01, 5, 0.99946546553600696669, 0.00053453446399303331101},
}

// TestBinomialTails: gonum's RegIncBeta gave P(X <= 5e7) = 0.360 for
// binomial(1e8, 0.5) and -46.8 for binomial(1e12, 0.5) at 5e11.
func TestBinomialTails(t *testing.T) {
	for _, c := range binomialTails {
		d := mustD(NewBinomial(c.n, c.p)).(Binomial)
		lower, upper := d.CDF(c.k), d.survival(c.k)
		if e := math.Abs(lower/c.lower - 1); e > 1e-13 {
			t.Errorf("binomial(%g, %g).CDF(%g) = %.17g, want %.17g (rel. error %.2g)", c.n, c.p, c.k, lower, c.lower, e)
		}
		if e := math.Abs(upper/c.upper - 1); e > 1e-13 {
			t.Errorf("binomial(%g, %g).Survival(%g) = %.17g, want %.17g (rel. error %.2g)", c.n, c.p, c.k, upper, c.upper, e)
		}
	}
}

// TestBinomialQuantile: quantiles at closed-form points, and
// Quantile(CDF(k)) == k; the old code gave 50000300 for the median of
// binomial(1e8, 0.5).
func TestBinomialQuantile(t *testing.T) {
	for _, c := range []struct{ n, p, prob, want float64 }{
		// By symmetry, CDF(n/2 - 1) < 1/2 < CDF(n/2).
		{1e8, 0.5, 0.5, 5e7},
		{1e12, 0.5, 0.5, 5e11},
		// P(X = 0) = (1-1e-9)^1e6 = 0.9990005 >= 0.999.
		{1e6, 1e-9, 0.999, 0},
		// P(X > 3) = 4.2e-14, P(X > 4) = 8.3e-18 (mpmath nsum), 1-1e-16 rounds to 1-2^-53.
		{1e6, 1e-9, 1 - 1e-16, 4},
		{1e6, 1e-9, 1 - 1e-13, 3},
		{10, 0.3, 0.6496107184, 3},
		{10, 0.3, 0.6496107185, 4},
		{1e12, 1e-3, 0.0007783738722, 1e9 - 1e5},
		{1e12, 1e-3, 0.0007783738723, 1e9 - 1e5 + 1},
		{5, 0.5, 0, 0},
		{5, 0.5, 1, 5},
	} {
		d := mustD(NewBinomial(c.n, c.p))
		if got := d.Quantile(c.prob); got != c.want {
			t.Errorf("binomial(%g, %g).Quantile(%.17g) = %.17g, want %g", c.n, c.p, c.prob, got, c.want)
		}
	}
	for _, c := range [][2]float64{{1e8, 0.5}, {1e12, 1e-3}, {1e6, 1e-9}, {30, 0.7}, {1e12, 0.999}} {
		d := mustD(NewBinomial(c[0], c[1]))
		sd := math.Sqrt(c[0] * c[1] * (1 - c[1]))
		for _, z := range []float64{-8, -3, -1, 0, 0.5, 2, 5} {
			k := math.Floor(c[0]*c[1] + z*sd)
			if k < 0 || k > c[0] {
				continue
			}
			if got := d.Quantile(d.CDF(k)); got != k {
				t.Errorf("binomial(%g, %g): Quantile(CDF(%g) = %.17g) = %.17g", c[0], c[1], k, d.CDF(k), got)
			}
		}
	}
}

// TestTruncatedBinomialMean: truncate(binomial(1e8, 0.5), 5e7, inf) has mean
// 5e7 (1 + 2c)/(1 + c), c = C(1e8, 5e7)/2^1e8, from E[X; X >= m] = np·P(Y >= m-1),
// Y binomial(n-1, p), and symmetry: 50003989.104509551605 and variance
// 9085050.6596202694 (mpmath, 30 digits). Its sampled mean was 444 SE off
// before the binomial CDF was fixed (draws go through Quantile).
func TestTruncatedBinomialMean(t *testing.T) {
	const mean, variance = 50003989.104509551605, 9085050.6596202694
	d := mustD(NewTruncated(mustD(NewBinomial(1e8, 0.5)), 5e7, math.Inf(1)))
	if got := d.Mean(); math.Abs(got-mean) > 1e-5 { // 2e-13 relative
		t.Errorf("Mean = %.17g, want %.17g", got, mean)
	}
	// The variance, E[X(X-1)] + E[X] - E[X]², cancels 2.5e15 down to 9e6.
	if got := varianceOf(d); math.Abs(got/variance-1) > 1e-6 {
		t.Errorf("Variance = %.17g, want %.17g", got, variance)
	}
	n := 2000
	if testing.Short() {
		n = 500
	}
	xs := make([]float64, n)
	d.Sample(newRNG(t, 1), xs)
	var s float64
	for _, x := range xs {
		s += x
	}
	se := math.Sqrt(variance / float64(n))
	if z := (s/float64(n) - mean) / se; math.Abs(z) > 4 {
		t.Errorf("sampled mean %.6g is %.1f SE from %.6g", s/float64(n), z, mean)
	}
}
