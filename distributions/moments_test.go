package distributions

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSampleMean requires the mean of n = 20000 draws to lie within 4
// standard errors sqrt(Variance/n) of Mean (two-sided alpha 6e-5 per case).
// Cases with infinite variance are skipped; see TestMeanClosedForm.
func TestSampleMean(t *testing.T) {
	const n = 20000
	var all []Distribution
	for _, c := range continuousCases() {
		all = append(all, c.d)
	}
	for _, c := range discreteCases() {
		all = append(all, c.d)
	}
	xs := make([]float64, n)
	t.Logf("seed %d, streams 200+", *seed)
	for i, d := range all {
		v := varianceOf(d)
		if !isFinite(v) || !isFinite(d.Mean()) {
			continue
		}
		rng := rand.New(rand.NewPCG(*seed, 200+uint64(i)))
		d.Sample(rng, xs)
		var s float64
		for _, x := range xs {
			s += x
		}
		mean := s / n
		// Check Variance too, within 5 standard errors of the sample
		// variance, sqrt((m4 - s²)/n) with the sample's fourth central moment
		// (lenient where the true m4 is infinite, as for pareto(1, 3)).
		var ss, s4 float64
		for _, x := range xs {
			d2 := (x - mean) * (x - mean)
			ss += d2
			s4 += d2 * d2
		}
		sv := ss / (n - 1)
		seV := math.Sqrt(max(s4/n-sv*sv, 0) / n)
		if se := math.Sqrt(v / n); math.Abs(mean-d.Mean()) > 4*se+1e-12 {
			t.Errorf("%s: sample mean %.6g, Mean() %.6g, 4 SE = %.3g", d, mean, d.Mean(), 4*se)
		}
		if math.Abs(sv-v) > 5*seV+1e-12 {
			t.Errorf("%s: sample variance %.6g, Variance() %.6g", d, sv, v)
		}
	}
}

// TestMeanClosedForm compares Mean and Variance with textbook formulas,
// including the truncated and mixture ones computed numerically.
func TestMeanClosedForm(t *testing.T) {
	// Truncated normal on [a, b] (standardised α, β):
	// mean = mu + sigma(φ(α) - φ(β))/Z, Johnson, Kotz & Balakrishnan,
	// Continuous Univariate Distributions vol. 1, 2nd ed., §10.1.
	truncNormalMean := func(mu, sigma, a, b float64) float64 {
		al, be := (a-mu)/sigma, (b-mu)/sigma
		return mu + sigma*(normPDF(al)-normPDF(be))/(normCDF(be)-normCDF(al))
	}
	truncNormalVar := func(mu, sigma, a, b float64) float64 {
		al, be := (a-mu)/sigma, (b-mu)/sigma
		z := normCDF(be) - normCDF(al)
		pa, pb := normPDF(al), normPDF(be)
		// al*pa is 0 at infinite bounds.
		ta, tb := al*pa, be*pb
		if math.IsInf(al, 0) {
			ta = 0
		}
		if math.IsInf(be, 0) {
			tb = 0
		}
		r := (pa - pb) / z
		return sigma * sigma * (1 + (ta-tb)/z - r*r)
	}
	// Half Student t (nu > 1): E|T| = 2 sqrt(nu) Γ((nu+1)/2) / (sqrt(π) (nu-1) Γ(nu/2)).
	halfT := func(nu float64) float64 {
		l1, _ := math.Lgamma((nu + 1) / 2)
		l2, _ := math.Lgamma(nu / 2)
		return 2 * math.Sqrt(nu) * math.Exp(l1-l2) / (math.Sqrt(math.Pi) * (nu - 1))
	}
	n01 := mustD(NewNormal(0, 1))
	poisson3 := poissonPMF(3)
	var tpMean, tpZ float64
	for k := 2.0; k <= 6; k++ {
		tpMean += k * poisson3(k)
		tpZ += poisson3(k)
	}
	tests := []struct {
		d              Distribution
		mean, variance float64 // NaN variance: not checked
		tol            float64 // relative
	}{
		{mustD(NewNormal(10, 2)), 10, 4, 1e-15},
		{mustD(NewLogNormal(1, 0.5)), math.Exp(1.125), math.Expm1(0.25) * math.Exp(2.25), 1e-14},
		{mustD(NewPERT(1, 2, 6)), (1 + 8 + 6) / 6.0, nan, 1e-15},
		{mustD(NewModifiedPERT(0, 0.25, 1, 8)), 0.3, 3 * 7 / (100 * 11.0), 1e-14},
		{mustD(NewTriangular(0, 1, 5)), 2, (25 + 1 - 5) / 18.0, 1e-14},
		{mustD(NewGamma(2, 3)), 6, 18, 1e-15},
		{mustD(NewWeibull(1, 2)), 2, 4, 1e-14},
		{mustD(NewStudentT(3, 1, 2)), 1, 12, 1e-15},
		{mustD(NewStudentT(1, 1, 2)), nan, nan, 0},
		{mustD(NewPareto(2, 3)), 3, 3, 1e-15},
		{mustD(NewPareto(2, 1)), inf, inf, 0},
		{mustD(NewBinomial(10, 0.3)), 3, 2.1, 1e-14},
		{mustD(NewDiscrete([]float64{1, 2, 5}, []float64{1, 1, 2})), 3.25, (2.25*2.25 + 1.25*1.25 + 2*1.75*1.75) / 4, 1e-14},
		{mustD(NewMixture([]Distribution{n01, mustD(NewNormal(4, 2))}, []float64{1, 3})), 3, 0.25 + 0.75*4 + 0.25*9 + 0.75*1, 1e-14},
		{mustD(NewTruncated(n01, 0, 5)), truncNormalMean(0, 1, 0, 5), truncNormalVar(0, 1, 0, 5), 1e-9},
		{mustD(NewTruncated(n01, -inf, 1)), truncNormalMean(0, 1, -inf, 1), truncNormalVar(0, 1, -inf, 1), 1e-9},
		{mustD(NewTruncated(mustD(NewNormal(3, 2)), 4, inf)), truncNormalMean(3, 2, 4, inf), truncNormalVar(3, 2, 4, inf), 1e-9},
		{mustD(NewTruncated(n01, 5, inf)), truncNormalMean(0, 1, 5, inf), truncNormalVar(0, 1, 5, inf), 1e-6},
		{mustD(NewTruncated(mustD(NewExponential(2)), 1, inf)), 1.5, 0.25, 1e-9}, // memoryless
		{mustD(NewTruncated(mustD(NewPareto(1, 1.5)), 2, inf)), 6, inf, 1e-9},    // Pareto(2, 1.5)
		{mustD(NewTruncated(mustD(NewPareto(1, 0.8)), 2, inf)), inf, nan, 0},     // mean does not exist
		{mustD(NewTruncated(mustD(NewPareto(1, 0.8)), 2, 3)), // bounded: ∫x·αx^(-α-1) / ∫αx^(-α-1) on [2, 3]
			0.8 / 0.2 * (math.Pow(3, 0.2) - math.Pow(2, 0.2)) / (math.Pow(2, -0.8) - math.Pow(3, -0.8)), nan, 1e-8},
		{mustD(NewTruncated(mustD(NewStudentT(1.5, 0, 1)), 0, inf)), halfT(1.5), inf, 1e-7},
		{mustD(NewTruncated(mustD(NewStudentT(5, 0, 2)), 0, inf)), 2 * halfT(5), nan, 1e-9},
		{mustD(NewTruncated(mustD(NewPoisson(3)), 1.5, 6)), tpMean / tpZ, nan, 1e-12},
		{mustD(NewTruncated(mustD(NewPoisson(1e4)), 1e4, inf)), 10000 + 100*normPDF(0)/0.5, nan, 1e-4},
		{mustD(NewTruncated(mustD(NewDiscrete([]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4})), 2, 3.5)), 2.6, 0.24, 1e-14},
		{mustD(NewTruncated(mustD(NewMixture([]Distribution{n01, mustD(NewNormal(4, 1))}, []float64{1, 1})), 0, inf)),
			(normPDF(0) + 4*normCDF(4) + normPDF(4)) / (0.5 + normCDF(4)), nan, 1e-7},
	}
	for _, tt := range tests {
		check := func(what string, got, want float64) {
			switch {
			case math.IsNaN(want):
				if what == "Mean" && !math.IsNaN(got) {
					t.Errorf("%s: %s = %g, want NaN", tt.d, what, got)
				}
			case math.IsInf(want, 0):
				if got != want {
					t.Errorf("%s: %s = %g, want %g", tt.d, what, got, want)
				}
			case math.Abs(got-want) > tt.tol*math.Abs(want):
				t.Errorf("%s: %s = %.15g, want %.15g (rel. error %.2g)", tt.d, what, got, want, math.Abs(got-want)/math.Abs(want))
			}
		}
		check("Mean", tt.d.Mean(), tt.mean)
		check("Variance", varianceOf(tt.d), tt.variance)
	}
}
