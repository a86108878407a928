package distributions

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// nbRef is the negative binomial's pmf, CDF and survival function at k =
// 0..len-1, computed independently of the package: the recurrence
// P(0) = p^r, P(k) = P(k-1)·(k-1+r)/k·q in 128-bit big.Float arithmetic
// (p^r exact by repeated squaring for whole r, else math.Pow), summed until
// the terms fall below 1e-50 of the total, then run again divided by that
// total (which cancels the rounding of math.Pow). q is 1-p rounded to
// float64, as the distribution keeps it. The survival function sums the
// terms above k, so that it keeps its relative precision in the far tail
// (down to 1e-30, where the terms left off are below 1e-16 of it for
// p >= 1e-4).
type nbRef struct {
	pmf, cdf, sf []float64
}

func newNBRef(r, p float64) nbRef {
	const prec = 128
	bf := func(v float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(v) }
	q := 1 - p
	var p0 *big.Float
	if r == math.Trunc(r) && r <= 1e6 {
		p0 = bf(1)
		base := bf(p)
		for n := int64(r); n > 0; n >>= 1 {
			if n&1 == 1 {
				p0.Mul(p0, base)
			}
			base.Mul(base, base)
		}
	} else {
		p0 = bf(math.Pow(p, r))
	}
	bq, br := bf(q), bf(r)
	mean := r * q / p
	f, kf, km1 := bf(0), bf(0), bf(0)
	// walk calls visit with each term P(k) (unnormalised) until the stop.
	walk := func(visit func(k int, term *big.Float) bool) {
		term := new(big.Float).SetPrec(prec).Set(p0)
		for k := 0; visit(k, term); k++ {
			km1.SetFloat64(float64(k))
			kf.SetFloat64(float64(k + 1))
			f.Add(km1, br)
			f.Mul(f, bq)
			f.Quo(f, kf)
			term.Mul(term, f)
		}
	}
	total, tiny, lim := bf(0), bf(1e-50), bf(0)
	n := 0
	walk(func(k int, term *big.Float) bool {
		total.Add(total, term)
		n = k + 1
		return !(float64(k) > mean && lim.Mul(total, tiny).Cmp(term) > 0)
	})
	ref := nbRef{pmf: make([]float64, n), cdf: make([]float64, n), sf: make([]float64, n)}
	cum, t := bf(0), bf(0)
	walk(func(k int, term *big.Float) bool {
		cum.Add(cum, term)
		ref.pmf[k], _ = t.Quo(term, total).Float64()
		ref.cdf[k], _ = t.Quo(cum, total).Float64()
		return k+1 < n
	})
	tail := bf(0)
	for k := n - 1; k >= 0; k-- {
		ref.sf[k], _ = tail.Float64()
		tail.Add(tail, t.SetFloat64(ref.pmf[k]))
	}
	return ref
}

// relErr is |got-want|/|want|, 0 when both are 0.
func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}

// nbParams are the (r, p) TestNegBinomialCDF covers, from r = 0.01 to 1e4
// and p = 1e-4 to 0.9 (TestNegBinomialGeometric covers r = 1 at small p);
// tol is the relative accuracy required of CDF and survival against nbRef. At p = 1e-4 the
// distribution keeps 1-p rounded to float64 (0.9999 - 1.1e-17), which
// moves the mass by up to r·1.1e-17/p relative (3e-13 at r = 3), and the
// reference, normalised, is the distribution of 1 - fl(1-p): 1e-11 there.
var nbParams = []struct{ r, p, tol float64 }{
	{1, 0.3, 1e-12}, {1, 0.5, 1e-12}, {2, 0.4, 1e-12}, {2.5, 0.75, 1e-12}, {0.5, 0.125, 1e-12},
	{0.01, 0.5, 1e-12}, {0.01, 0x1p-13, 1e-12}, {7.3, 0.0625, 1e-12}, {29.5, 0.6, 1e-12},
	{30, 0.6, 1e-12}, {45.5, 0.25, 1e-12}, {1e4, 0.5, 1e-12}, {1e4, 0.9, 1e-12},
	{3, 1e-4, 1e-11},
}

// TestNegBinomialCDF compares CDF, survival and pmf with nbRef at every
// count whose probabilities are above 1e-300 (survival: 1e-30; every 97th
// count beyond 2000).
func TestNegBinomialCDF(t *testing.T) {
	for _, c := range nbParams {
		d := mustD(NewNegativeBinomial(c.r, c.p)).(NegativeBinomial)
		ref := newNBRef(c.r, c.p)
		worst := [3]float64{}
		for k := 0; k < len(ref.cdf); k++ {
			if k > 2000 && k%97 != 0 {
				continue
			}
			x := float64(k)
			if ref.cdf[k] > 1e-300 {
				if e := relErr(d.CDF(x), ref.cdf[k]); e > c.tol {
					t.Errorf("%s: CDF(%d) = %.17g, reference %.17g (relative error %.2g)", d, k, d.CDF(x), ref.cdf[k], e)
				} else {
					worst[0] = max(worst[0], e)
				}
			}
			if ref.sf[k] > 1e-30 {
				if e := relErr(d.survival(x), ref.sf[k]); e > c.tol {
					t.Errorf("%s: survival(%d) = %.17g, reference %.17g (relative error %.2g)", d, k, d.survival(x), ref.sf[k], e)
				} else {
					worst[1] = max(worst[1], e)
				}
			}
			// The lgamma pmf loses digits as lgamma grows: its absolute
			// error is a few ulp of lgamma(k+r) ≈ (k+r)·log(k+r).
			if ref.pmf[k] > 1e-300 {
				if e := relErr(d.pmf(x), ref.pmf[k]); e > c.tol+2e-15*(x+c.r)*math.Log(x+c.r+2) {
					t.Errorf("%s: pmf(%d) = %.17g, reference %.17g (relative error %.2g)", d, k, d.pmf(x), ref.pmf[k], e)
				} else {
					worst[2] = max(worst[2], e)
				}
			}
		}
		t.Logf("%s: %d counts, worst relative error CDF %.2g, survival %.2g, pmf %.2g", d, len(ref.cdf), worst[0], worst[1], worst[2])
		if got := d.CDF(-1); got != 0 {
			t.Errorf("%s: CDF(-1) = %v", d, got)
		}
		if got := d.CDF(2.7); got != d.CDF(2) {
			t.Errorf("%s: CDF(2.7) = %v, CDF(2) = %v", d, got, d.CDF(2))
		}
		if got := d.CDF(math.Inf(1)); got != 1 {
			t.Errorf("%s: CDF(+Inf) = %v", d, got)
		}
	}
}

// TestNegBinomialGeometric: r = 1 is the geometric distribution, P(N = k) =
// p(1-p)^k and P(N > k) = (1-p)^(k+1) (here exp((k+1)·log1p(-p)), to a few
// ulp), checked far into the tail.
func TestNegBinomialGeometric(t *testing.T) {
	for _, p := range []float64{0.9, 0.5, 0.3, 0.01, 1e-4} {
		d := mustD(NewNegativeBinomial(1, p)).(NegativeBinomial)
		for _, k := range []float64{0, 1, 2, 5, 17, 100, 1000, 1e4, 1e5, 1e6} {
			sf := math.Exp((k + 1) * math.Log1p(-p))
			if sf < 1e-300 {
				continue
			}
			pmf := p * math.Exp(k*math.Log1p(-p))
			if e := relErr(d.survival(k), sf); e > 1e-12 {
				t.Errorf("%s: survival(%g) = %.17g, (1-p)^(k+1) = %.17g (relative error %.2g)", d, k, d.survival(k), sf, e)
			}
			if e := relErr(d.CDF(k), -math.Expm1((k+1)*math.Log1p(-p))); e > 1e-12 {
				t.Errorf("%s: CDF(%g) = %.17g, 1-(1-p)^(k+1) = %.17g (relative error %.2g)", d, k, d.CDF(k), 1-sf, e)
			}
			if e := relErr(d.pmf(k), pmf); e > 1e-13+2e-15*k*math.Log(k+2) { // lgamma's rounding, as in TestNegBinomialCDF
				t.Errorf("%s: pmf(%g) = %.17g, p(1-p)^k = %.17g (relative error %.2g)", d, k, d.pmf(k), pmf, e)
			}
		}
	}
}

// nbQuantileOK reports whether k is the p-quantile as countQuantile defines
// it: ok(k) and not ok(k-1), where ok(j) is CDF(j) >= p·(1 - 64ε) or, above
// p = 1/2, survival(j) <= (1-p)/(1 - 64ε).
func nbQuantileOK(d NegativeBinomial, p, k float64) bool {
	const fuzz = 1 - 64*0x1p-52
	ok := func(j float64) bool {
		if j < 0 {
			return false
		}
		return d.CDF(j) >= p*fuzz || p > 0.5 && d.survival(j) <= (1-p)/fuzz
	}
	return k == math.Floor(k) && ok(k) && !ok(k-1)
}

// TestNegBinomialQuantile: Quantile(u) is the exact integer answer at many
// (r, p, u), extremes included (r = 0.01 and 1e4, p = 1e-4 and 1); it
// inverts the CDF and the survival function at the counts that carry
// probability; and it returns promptly for tiny p and tiny r.
func TestNegBinomialQuantile(t *testing.T) {
	us := []float64{0, 1e-300, 1e-12, 1e-6, 0.001, 0.01, 0.05, 0.1, 0.25, 0.3, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999, 1 - 1e-9, 1 - 1e-12}
	rs := []float64{0.01, 0.1, 0.5, 1, 2, 3.7, 10, 29.5, 31, 100, 1e4}
	ps := []float64{1e-4, 0.01, 0.1, 0.4, 0.5, 0.9, 0.999, 1}
	rng := rand.New(rand.NewPCG(*seed, 900))
	for _, r := range rs {
		for _, p := range ps {
			d := mustD(NewNegativeBinomial(r, p)).(NegativeBinomial)
			for _, u := range append(us, rng.Float64(), rng.Float64()) {
				k := d.Quantile(u)
				if p == 1 {
					if k != 0 {
						t.Errorf("%s: Quantile(%g) = %g, want 0 (point mass)", d, u, k)
					}
					continue
				}
				if !nbQuantileOK(d, u, k) {
					t.Errorf("%s: Quantile(%.17g) = %g: CDF(k-1) = %.17g, CDF(k) = %.17g", d, u, k, d.CDF(k-1), d.CDF(k))
				}
			}
			if p == 1 {
				continue
			}
			if q := d.Quantile(1); !math.IsInf(q, 1) {
				t.Errorf("%s: Quantile(1) = %g, want +Inf", d, q)
			}
			// Round trips at the counts around the mean and in both tails.
			m, sd := d.Mean(), math.Sqrt(d.Variance())
			for _, z := range []float64{-3, -1, -0.2, 0, 0.5, 1, 3, 6, 10} {
				k := math.Floor(m + z*sd)
				if k < 0 || d.pmf(k) < 1e-10*d.CDF(k) {
					continue
				}
				if got := d.Quantile(d.CDF(k)); got != k {
					t.Errorf("%s: Quantile(CDF(%g) = %.17g) = %g", d, k, d.CDF(k), got)
				}
				if s := d.survival(k); s > 0 && d.pmf(k+1) > 1e-10*s {
					if got := d.upperQuantile(s); got != k {
						t.Errorf("%s: upperQuantile(survival(%g) = %.17g) = %g", d, k, s, got)
					}
				}
			}
		}
	}
	// Huge means and tiny shapes return promptly.
	for _, c := range [][2]float64{{1e-3, 1e-12}, {1e4, 1e-11}, {1e-300, 1e-300}, {1e-6, 0.5}, {1e6, 0.5}, {1e9, 0.999}} {
		d := mustD(NewNegativeBinomial(c[0], c[1])).(NegativeBinomial)
		done := make(chan bool, 1)
		go func() {
			ok := true
			for _, u := range []float64{1e-12, 0.5, 0.999999} {
				ok = ok && nbQuantileOK(d, u, d.Quantile(u))
			}
			done <- ok
		}()
		select {
		case ok := <-done:
			if !ok {
				t.Errorf("%s: a quantile is not the exact answer", d)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Quantile does not return", d)
		}
	}
}

// TestNegBinomialSample: the mean and variance of 1M draws lie within 4
// standard errors of r(1-p)/p and r(1-p)/p² (the variance's standard error
// from the fourth central moment, excess kurtosis 6/r + p²/(r(1-p))), and
// the frequencies pass a chi-square test against nbRef at alpha = 1e-4
// (cells of expected count >= 20, the rest pooled), which a nearby wrong
// p must fail.
func TestNegBinomialSample(t *testing.T) {
	const n = 1_000_000
	xs := make([]float64, n)
	for i, c := range [][2]float64{{2, 0.4}, {0.3, 0.05}, {1, 0.5}, {25, 0.8}, {0.01, 0.01}} {
		r, p := c[0], c[1]
		d := mustD(NewNegativeBinomial(r, p))
		d.Sample(newRNG(t, 910+uint64(i)), xs)
		var s float64
		for _, x := range xs {
			if x < 0 || x != math.Floor(x) {
				t.Fatalf("%s: drew %v", d, x)
			}
			s += x
		}
		mean := s / n
		var ss float64
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		v := ss / (n - 1)
		wm, wv := r*(1-p)/p, r*(1-p)/(p*p)
		kurt := 6/r + p*p/(r*(1-p))
		seM, seV := math.Sqrt(wv/n), wv*math.Sqrt((2+kurt)/n)
		t.Logf("%s: mean %.6g (exact %.6g, %.2f SE), variance %.6g (exact %.6g, %.2f SE)", d, mean, wm, (mean-wm)/seM, v, wv, (v-wv)/seV)
		if math.Abs(mean-wm) > 4*seM {
			t.Errorf("%s: sample mean %.6g, exact %.6g, 4 SE = %.3g", d, mean, wm, 4*seM)
		}
		if math.Abs(v-wv) > 4*seV {
			t.Errorf("%s: sample variance %.6g, exact %.6g, 4 SE = %.3g", d, v, wv, 4*seV)
		}
		counts := map[int]float64{}
		for _, x := range xs {
			counts[int(x)]++
		}
		chi := func(pp float64) (stat float64, df int) {
			ref := newNBRef(r, pp)
			var restE, restO float64
			cells := 0
			for k := range ref.pmf {
				e := n * ref.pmf[k]
				if e < 20 {
					restE += e
					restO += counts[k]
					continue
				}
				stat += (counts[k] - e) * (counts[k] - e) / e
				cells++
			}
			var beyond float64 // draws past the reference's last count
			for k, c := range counts {
				if k >= len(ref.pmf) {
					beyond += c
				}
			}
			restO += beyond
			restE = max(restE, 1e-300)
			stat += (restO - restE) * (restO - restE) / restE
			return stat, cells
		}
		stat, df := chi(p)
		crit := distuv.ChiSquared{K: float64(df)}.Quantile(1 - 1e-4)
		t.Logf("%s: chi-square %.1f on %d df (critical %.1f)", d, stat, df, crit)
		if stat > crit {
			t.Errorf("%s: chi-square %.1f on %d df exceeds %.1f", d, stat, df, crit)
		}
		wrong, wdf := chi(p * 1.1)
		if wrong <= (distuv.ChiSquared{K: float64(wdf)}).Quantile(1-1e-4) {
			t.Errorf("%s: the frequencies also fit p = %g (chi-square %.1f)", d, p*1.1, wrong)
		}
	}
	// p = 1 is the point mass at 0.
	d := mustD(NewNegativeBinomial(3, 1))
	d.Sample(newRNG(t, 919), xs[:1000])
	for _, x := range xs[:1000] {
		if x != 0 {
			t.Fatalf("%s drew %v", d, x)
		}
	}
}

// TestNegBinomialMeanForm: negbinomial(mean=M, r=R) is negbinomial(R,
// R/(R+M)), and mean 0 is the point mass at 0.
func TestNegBinomialMeanForm(t *testing.T) {
	for _, c := range [][2]float64{{3, 2}, {0.5, 0.01}, {1e3, 1e4}, {1e-9, 5}} {
		m, r := c[0], c[1]
		d := mustD(NewNegativeBinomialMean(m, r)).(NegativeBinomial)
		if e := relErr(d.Mean(), m); e > 1e-15 {
			t.Errorf("%s: Mean %v", d, d.Mean())
		}
		if e := relErr(d.Variance(), m+m*m/r); e > 1e-14 {
			t.Errorf("%s: Variance %v, want mean + mean²/r = %v", d, d.Variance(), m+m*m/r)
		}
		ref := mustD(NewNegativeBinomial(r, r/(r+m)))
		for _, k := range []float64{0, 1, 2, 5, 50} {
			if e := relErr(d.CDF(k), ref.CDF(k)); e > 1e-12 {
				t.Errorf("%s: CDF(%g) = %v, %s: %v", d, k, d.CDF(k), ref, ref.CDF(k))
			}
		}
	}
	d := mustD(NewNegativeBinomialMean(0, 2))
	if d.CDF(0) != 1 || d.Quantile(0.7) != 0 || d.Mean() != 0 {
		t.Errorf("%s: CDF(0) %v, Quantile(0.7) %v, Mean %v, want the point mass at 0", d, d.CDF(0), d.Quantile(0.7), d.Mean())
	}
}

func TestNegBinomialErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		make func() (Distribution, error)
		want string
	}{
		{func() (Distribution, error) { return NewNegativeBinomial(0, 0.5) }, "negbinomial: r must be > 0, got 0"},
		{func() (Distribution, error) { return NewNegativeBinomial(-2, 0.5) }, "negbinomial: r must be > 0, got -2"},
		{func() (Distribution, error) { return NewNegativeBinomial(nan, 0.5) }, "negbinomial: r must be finite, got NaN"},
		{func() (Distribution, error) { return NewNegativeBinomial(inf, 0.5) }, "negbinomial: r must be finite, got +Inf"},
		{func() (Distribution, error) { return NewNegativeBinomial(2, 0) }, "negbinomial: p must be in (0, 1], got 0"},
		{func() (Distribution, error) { return NewNegativeBinomial(2, 1.5) }, "negbinomial: p must be in (0, 1], got 1.5"},
		{func() (Distribution, error) { return NewNegativeBinomial(2, nan) }, "negbinomial: p must be in (0, 1], got NaN"},
		{func() (Distribution, error) { return NewNegativeBinomial(1e10, 1e-10) }, "exceeds 9.01e+15"},
		{func() (Distribution, error) { return NewNegativeBinomialMean(-1, 2) }, "negbinomial: mean must be >= 0, got -1"},
		{func() (Distribution, error) { return NewNegativeBinomialMean(inf, 2) }, "negbinomial: mean must be finite, got +Inf"},
		{func() (Distribution, error) { return NewNegativeBinomialMean(3, 0) }, "negbinomial: r must be > 0, got 0"},
		{func() (Distribution, error) { return NewNegativeBinomialMean(1e17, 2) }, "exceeds"},
		{func() (Distribution, error) { return NewNegativeBinomialMean(1e10, 1e-320) }, "underflows"},
	} {
		d, err := tc.make()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, %v; want an error containing %q", d, err, tc.want)
		}
		if err != nil && d != nil {
			t.Errorf("got %v along with %v", d, err)
		}
	}
}
