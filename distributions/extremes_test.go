package distributions

import (
	"math"
	"math/big"
	"testing"
)

// Reference values marked "mpmath" come from testdata/extremes.py (mpmath 1.3
// at 40 digits; binomial CDFs by quadrature of the beta density or, at p =
// 1/2, the symmetry identity CDF(n/2) = 1/2 + P(X = n/2)/2; Poisson and gamma
// by mpmath.gammainc; Student's t_3 by its closed form
// S(t) = 1/2 - (atan(t/√3) + √3·t/(t²+3))/π). Arguments are the float64
// values written (1-1e-16 is 1 - 2^-53).

// extremeCase is one value at extreme parameters: got is computed by the
// package, want independently, and the relative error must stay below tol.
type extremeCase struct {
	name string
	got  func() float64
	want float64
	tol  float64
	src  string
}

func cdfAt(d Distribution, x float64) func() float64 { return func() float64 { return d.CDF(x) } }
func qAt(d Distribution, p float64) func() float64   { return func() float64 { return d.Quantile(p) } }
func survAt(d Distribution, x float64) func() float64 {
	return func() float64 { return d.(tailer).survival(x) }
}

func extremeCases() []extremeCase {
	n01 := mustD(NewNormal(0, 1))
	b8 := mustD(NewBinomial(1e8, 0.5))
	b12 := mustD(NewBinomial(1e12, 0.5))
	b12s := mustD(NewBinomial(1e12, 1e-3))
	b6 := mustD(NewBinomial(1e6, 1e-9))
	p9 := mustD(NewPoisson(1e9))
	t3 := mustD(NewStudentT(3, 0, 1))
	tn := mustD(NewTruncated(n01, 5, math.Inf(1)))
	const exact = 0 // results that must come out exactly
	return []extremeCase{
		// Binomial with large n (gonum's Binomial.CDF: 0.360, -46.8, -1.30).
		{"binomial(1e8, 0.5) CDF(5e7)", cdfAt(b8, 5e7), 0.5000398942279404077, 1e-13, "symmetry identity, mpmath"},
		{"binomial(1e12, 0.5) CDF(5e11)", cdfAt(b12, 5e11), 0.5000003989422804013, 1e-13, "symmetry identity, mpmath"},
		{"binomial(1e12, 1e-3) CDF(1e9)", cdfAt(b12s, 1e9), 0.5000084104425286024, 1e-12, "mpmath quadrature"},
		{"binomial(1e12, 1e-3) CDF(1e9-1)", cdfAt(b12s, 1e9-1), 0.4999957884673534291, 1e-12, "mpmath quadrature"},
		{"binomial(1e8, 0.5) P50", qAt(b8, 0.5), 5e7, exact, "CDF(5e7-1) = 1/2 - P(X=5e7)/2 < 1/2 <= CDF(5e7)"},
		{"binomial(1e12, 1e-3) P50", qAt(b12s, 0.5), 1e9, exact, "CDF(1e9-1) < 1/2 <= CDF(1e9), mpmath"},
		// Tiny p.
		{"binomial(1e6, 1e-9) CDF(0)", cdfAt(b6, 0), 0.9990004998328754914, 1e-14, "(1-p)^n, mpmath"},
		{"binomial(1e6, 1e-9) survival(0)", survAt(b6, 0), 0.0009995001671245086444, 1e-12, "1-(1-p)^n, mpmath"},
		{"binomial(1e6, 1e-9) P(1-1e-16)", qAt(b6, 1-1e-16), 4, exact, "S(3) = 4.2e-14 > 2^-53 >= S(4) = 8.3e-18 (Poisson-like terms)"},
		{"bernoulli(1e-12) survival(0)", survAt(mustD(NewBernoulli(1e-12)), 0), 1e-12, exact, "definition"},
		{"bernoulli(1e-12) Q(1-1e-12)", qAt(mustD(NewBernoulli(1e-12)), 1-1e-12), 0, exact, "p is CDF(0) = 1 - 1e-12 rounded to float64"},
		// Huge lambda.
		{"poisson(1e9) CDF(1e9)", cdfAt(p9, 1e9), 0.5000084104417389925, 1e-13, "mpmath gammainc"},
		{"poisson(1e9) CDF(1e9-1e5)", cdfAt(p9, 1e9-1e5), 0.0007826161253353163820, 1e-12, "mpmath gammainc"},
		{"poisson(1e9) Q(1e-10)", qAt(p9, 1e-10), 999798843, exact, "CDF(999798842) = 9.9983e-11 < 1e-10 <= CDF(999798843), mpmath"},
		// Extreme normals and heavy tails.
		{"normal(0, 1) Q(1e-300)", qAt(n01, 1e-300), -37.04709629936119924, 1e-15, "mpmath"},
		{"normal(0, 1) Q(1-1e-16)", qAt(n01, 1-1e-16), 8.209536151601386856, 1e-15, "mpmath"},
		{"normal(1e9, 1e-3) CDF(1e9-0.01)", cdfAt(mustD(NewNormal(1e9, 1e-3)), 1e9-0.01), 7.620586873261161209e-24, 1e-13, "mpmath ncdf at the float64 point"},
		{"lognormal(0, 5) CDF(1e-30)", cdfAt(mustD(NewLogNormal(0, 5)), 1e-30), 1.027460539020422325e-43, 1e-13, "mpmath ncdf"},
		{"lognormal(0, 5) Q(1e-300)", qAt(mustD(NewLogNormal(0, 5)), 1e-300), math.Exp(5 * -37.04709629936119924), 1e-13, "exp(5·Φ⁻¹(1e-300)), mpmath"},
		{"studentt(3, 0, 1) CDF(-1e10)", cdfAt(t3, -1e10), 1.102657790839573372e-30, 1e-11, "closed form"},
		{"studentt(3, 0, 1) Q(1-1e-16)", qAt(t3, 1-1e-16), 214952.9980625795288, 1e-12, "closed form, mpmath findroot"},
		{"pareto(1, 2.5) Q(1-1e-16)", qAt(mustD(NewPareto(1, 2.5)), 1-1e-16), math.Pow(2, 53/2.5), 1e-14, "(2^-53)^(-1/2.5)"},
		{"exponential(1) Q(1-1e-16)", qAt(mustD(NewExponential(1)), 1-1e-16), 53 * math.Ln2, 1e-15, "-log(2^-53)"},
		{"weibull(0.5, 1) Q(1-1e-16)", qAt(mustD(NewWeibull(0.5, 1)), 1-1e-16), 53 * math.Ln2 * 53 * math.Ln2, 1e-14, "(-log 2^-53)^2"},
		// Beta and PERT with large shapes and near the bounds.
		{"beta(1e5, 1e5) CDF(0.5)", cdfAt(mustD(NewBeta(1e5, 1e5)), 0.5), 0.5, 1e-15, "symmetry"},
		{"pert(0, 0.5, 1, lambda=2e5) CDF(0.5)", cdfAt(mustD(NewModifiedPERT(0, 0.5, 1, 2e5)), 0.5), 0.5, 1e-15, "symmetry (beta(1e5+1, 1e5+1))"},
		{"beta(1e7, 3e7) CDF(0.25)", cdfAt(mustD(NewBeta(1e7, 3e7)), 0.25), 0.5000242788541086991, 1e-12, "mpmath quadrature"},
		{"beta(0.001, 5) Q(1-1e-16)", qAt(mustD(NewBeta(0.001, 5)), 1-1e-16), 0.9964645955158376317, 1e-12, "mpmath betainc, findroot"},
		{"beta(0.05, 3) CDF(1e-300)", cdfAt(mustD(NewBeta(0.05, 3)), 1e-300), 1.07625e-15, 1e-13, "x^a/(a·B(a, 3)) = 1e-15·1.05·2.05/2 (series, next term 1e-300)"},
		// Gamma with tiny and huge shape.
		{"gamma(1e6, 1) CDF(1e6)", cdfAt(mustD(NewGamma(1e6, 1)), 1e6), 0.5001329807608725912, 1e-13, "mpmath gammainc"},
		{"gamma(0.001, 1) Q(1e-300)", qAt(mustD(NewGamma(0.001, 1)), 1e-300), math.SmallestNonzeroFloat64, exact,
			"x = (p·Γ(1.001))^1000 underflows: CDF(0) = 0 < p <= CDF(2^-1074) = 0.47"},
		// Uniform and triangular far from zero.
		{"uniform(1e15, 1e15+4) Q(0.5)", qAt(mustD(NewUniform(1e15, 1e15+4)), 0.5), 1e15 + 2, exact, "midpoint"},
		{"triangular(1e15, 1e15+1, 1e15+4) CDF(1e15+1)", cdfAt(mustD(NewTriangular(1e15, 1e15+1, 1e15+4)), 1e15+1), 0.25, exact, "(c-a)/(b-a)"},
		// Truncation far in the upper tail (was computed as 1 - F).
		{"truncate(normal(0, 1), 5, inf) CDF(5.1)", cdfAt(tn, 5.1), 0.4075499408517748497, 1e-13, "(Φ(-5) - Φ(-5.1))/Φ(-5), mpmath"},
		{"truncate(normal(0, 1), 5, inf) Mean", func() float64 { return tn.Mean() }, 5.186503967125842116, 1e-13, "φ(5)/Φ(-5), mpmath"},
		{"truncate(normal(0, 1), 5, inf) Q(0.5)", qAt(tn, 0.5), 5.132018332044298458, 1e-14, "mpmath findroot"},
		{"truncate(normal(0, 1), 5, inf) Q(1-2^-30)", qAt(tn, 1-0x1p-30), 8.103516422512019817, 1e-13, "mpmath findroot"},
		{"truncate(normal(0, 1), -inf, -5) Q(0.5)", qAt(mustD(NewTruncated(n01, math.Inf(-1), -5)), 0.5), -5.132018332044298458, 1e-14, "mirror image"},
		// Mixture quantiles where one component's CDF rounds to 1.
		{"mixture(0.5: normal(0, 1), 0.5: normal(40, 1)) P50", qAt(mustD(NewMixture(
			[]Distribution{n01, mustD(NewNormal(40, 1))}, []float64{1, 1})), 0.5), 20, exact, "symmetry about 20"},
		{"mixture(0.5: normal(0, 1), 0.5: normal(40, 1)) Q(1-1e-16)", qAt(mustD(NewMixture(
			[]Distribution{n01, mustD(NewNormal(40, 1))}, []float64{1, 1})), 1-1e-16), 48.12589066470190686, 1e-13, "Φ(-x)/2 + Φ(40-x)/2 = 2^-53, mpmath findroot"},
		// Discrete truncation: same distribution, same quantiles.
		{"truncate(discrete(1: 1, 2: 1, 3: 1), 2, 3) P50", qAt(mustD(NewTruncated(mustD(NewDiscrete(
			[]float64{1, 2, 3}, []float64{1, 1, 1})), 2, 3)), 0.5), 2, exact, "discrete(2: 1, 3: 1) P50"},
	}
}

// TestExtremes checks every family's CDF and Quantile at extreme parameters
// against independently computed values (see extremeCases).
func TestExtremes(t *testing.T) {
	for _, c := range extremeCases() {
		got := c.got()
		if c.tol == 0 {
			if got != c.want {
				t.Errorf("%s = %.17g, want exactly %.17g (%s)", c.name, got, c.want, c.src)
			}
			continue
		}
		if rel := math.Abs(got-c.want) / math.Abs(c.want); !(rel <= c.tol) {
			t.Errorf("%s = %.17g, want %.17g (%s): relative error %.2g > %g", c.name, got, c.want, c.src, rel, c.tol)
		}
	}
}

// TestCountRoundTrip: for the counts with huge parameters, Quantile(CDF(k))
// is k at atoms within 4 sd of the mean (where P(X = k) is far above the
// rounding of CDF), and the upper tail inverts the same way.
func TestCountRoundTrip(t *testing.T) {
	for _, d := range []Distribution{
		mustD(NewBinomial(1e8, 0.5)), mustD(NewBinomial(1e12, 1e-3)), mustD(NewPoisson(1e9)),
		mustD(NewBinomial(1e6, 1e-9)), mustD(NewBinomial(100, 0.3)), mustD(NewPoisson(3)),
		mustD(NewNegativeBinomial(1e6, 0.5)), mustD(NewNegativeBinomial(0.5, 1e-6)), mustD(NewNegativeBinomial(1e9, 0.999)),
	} {
		m, sd := d.Mean(), math.Sqrt(varianceOf(d))
		for _, z := range []float64{-4, -2.5, -1, -0.3, 0, 0.4, 1, 2.5, 4} {
			k := math.Floor(m + z*sd)
			if k < 0 {
				continue
			}
			f := d.CDF(k)
			if got := d.Quantile(f); got != k {
				t.Errorf("%s: Quantile(CDF(%g) = %.17g) = %g", d, k, f, got)
			}
			if s := d.(tailer).survival(k); s > 0 {
				if got := d.(tailer).upperQuantile(s); got != k {
					t.Errorf("%s: upperQuantile(survival(%g) = %.17g) = %g", d, k, s, got)
				}
				if sum := f + s; math.Abs(sum-1) > 1e-15 {
					t.Errorf("%s: CDF + survival at %g = %.17g", d, k, sum)
				}
			}
		}
	}
}

// TestTruncatedDiscreteQuantiles: a truncated discrete distribution has the
// quantiles of the untruncated one restricted to the same support, and a
// truncated binomial or Poisson has Quantile(p) = the smallest k in [lo, hi]
// whose exact truncated CDF is >= p. The exact CDF is a big.Rat sum of
// binomial probabilities (p = 0.375 and 0.5 are exact in binary), so the
// check does not rely on the package's own CDF; probabilities within 1e-12
// of a CDF value are skipped, where rounding may legitimately decide.
func TestTruncatedDiscreteQuantiles(t *testing.T) {
	ps := []float64{0, 1e-9, 0.01, 0.1, 0.2, 0.25, 1.0 / 3, 0.4, 0.5, 0.6, 2.0 / 3, 0.75, 0.8, 0.9, 0.99, 1 - 1e-9, 1}
	// Weighted discrete values.
	for _, c := range []struct {
		vals, ws []float64
		lo, hi   float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 1, 1}, 2, 3},
		{[]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 2, 3.5},
		{[]float64{5, 1, 2, 1, 9}, []float64{3, 1, 4, 1, 0}, 1, 4},
		{[]float64{0.1, 0.2, 0.3}, []float64{0.1, 0.7, 0.2}, 0.15, 1},
	} {
		base := mustD(NewDiscrete(c.vals, c.ws))
		tr := mustD(NewTruncated(base, c.lo, c.hi))
		var vs, ws []float64
		for i, v := range c.vals {
			if v >= c.lo && v <= c.hi {
				vs, ws = append(vs, v), append(ws, c.ws[i])
			}
		}
		same := mustD(NewDiscrete(vs, ws))
		for _, p := range ps {
			if got, want := tr.Quantile(p), same.Quantile(p); got != want {
				t.Errorf("%s.Quantile(%g) = %g, %s gives %g", tr, p, got, same, want)
			}
		}
		if tr.Mean() != same.Mean() {
			t.Errorf("%s: Mean %g, %s has %g", tr, tr.Mean(), same, same.Mean())
		}
	}
	// Binomial, exactly.
	for _, c := range []struct {
		n      int
		p      *big.Rat
		lo, hi float64
	}{
		{20, big.NewRat(3, 8), 5, 12},
		{20, big.NewRat(3, 8), 0, 3},
		{30, big.NewRat(1, 2), 15, 30},
		{30, big.NewRat(1, 2), 22, 26}, // upper tail: F(lo⁻) > 1/2 selects survival coordinates
		{10, big.NewRat(1, 2), 0, 5},
	} {
		pf, _ := c.p.Float64()
		tr := mustD(NewTruncated(mustD(NewBinomial(float64(c.n), pf)), c.lo, c.hi))
		cum := exactBinomialTruncCDF(c.n, c.p, int(c.lo), int(c.hi))
		for _, p := range ps {
			want := -1.0
			near := false
			for k := int(c.lo); k <= int(c.hi); k++ {
				f, _ := cum[k-int(c.lo)].Float64()
				if math.Abs(f-p) < 1e-12 && p != 0 && p != 1 {
					near = true
				}
				if want < 0 && f >= p {
					want = float64(k)
				}
			}
			if near {
				continue
			}
			if got := tr.Quantile(p); got != want {
				t.Errorf("%s.Quantile(%g) = %g, want %g (exact truncated CDF)", tr, p, got, want)
			}
		}
		// The atom at the lower bound: Quantile(P(X = lo)/z) = lo.
		f0, _ := cum[0].Float64()
		if got := tr.Quantile(f0 * (1 - 1e-12)); got != c.lo {
			t.Errorf("%s.Quantile(%g) = %g, want the lower bound %g", tr, f0, got, c.lo)
		}
	}
}

// exactBinomialTruncCDF returns P(lo <= X <= k | lo <= X <= hi) for k = lo..hi.
func exactBinomialTruncCDF(n int, p *big.Rat, lo, hi int) []*big.Rat {
	q := new(big.Rat).Sub(big.NewRat(1, 1), p)
	pmf := func(k int) *big.Rat {
		c := new(big.Rat).SetInt(new(big.Int).Binomial(int64(n), int64(k)))
		pk := new(big.Rat).SetInt64(1)
		for range k {
			pk.Mul(pk, p)
		}
		for range n - k {
			pk.Mul(pk, q)
		}
		return c.Mul(c, pk)
	}
	var cum []*big.Rat
	s := new(big.Rat)
	for k := lo; k <= hi; k++ {
		s = new(big.Rat).Add(s, pmf(k))
		cum = append(cum, s)
	}
	z := cum[len(cum)-1]
	for i := range cum {
		cum[i] = new(big.Rat).Quo(cum[i], z)
	}
	return cum
}

// TestTruncatedBinomialSample: truncate(binomial(1e8, 0.5), lo=5e7) samples
// through the base quantile; its sample mean must lie within 4 standard
// errors of the exact truncated mean, n·p·P(Y >= m-1)/P(X >= m) with
// Y ~ binomial(n-1, p) (mpmath, testdata/extremes.py; two-sided alpha 6e-5).
// With gonum's CDF the mean was off by 444 standard errors.
func TestTruncatedBinomialSample(t *testing.T) {
	if testing.Short() {
		t.Skip("20000 binomial quantile searches")
	}
	const (
		n        = 20000
		mean     = 50003989.10450955161
		variance = 9085050.659620269446
	)
	d := mustD(NewTruncated(mustD(NewBinomial(1e8, 0.5)), 5e7, math.Inf(1)))
	if rel := math.Abs(d.Mean()-mean) / mean; rel > 1e-12 {
		t.Errorf("%s: Mean = %.17g, exact %.17g", d, d.Mean(), mean)
	}
	if rel := math.Abs(varianceOf(d)-variance) / variance; rel > 1e-8 {
		t.Errorf("%s: Variance = %.17g, exact %.17g", d, varianceOf(d), variance)
	}
	xs := make([]float64, n)
	d.Sample(newRNG(t, 400), xs)
	var s float64
	for _, x := range xs {
		s += x
	}
	se := math.Sqrt(variance / n)
	if got := s / n; math.Abs(got-mean) > 4*se {
		t.Errorf("%s: sample mean %.10g, exact %.10g, 4 SE = %.3g", d, got, mean, 4*se)
	}
}
