package distributions

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCompoundMoments draws compound sums and checks the sample mean and
// variance against the exact compound moments, and the largest event
// against P(max <= x) = E[F(x)^N] = exp(−λ(1 − F(x))) for a Poisson count.
func TestCompoundMoments(t *testing.T) {
	// A light-tailed severity, so that the sample variance is precise
	// (a lognormal's has a relative error of 25% at these draws).
	sev := mustD(NewPERT(1e3, 2e3, 5e3))
	for _, tc := range []struct {
		name string
		freq Distribution
	}{
		{"poisson(3.2)", mustD(NewPoisson(3.2))},
		{"bernoulli(0.3)", mustD(NewBernoulli(0.3))},
		{"binomial(10, 0.2)", mustD(NewBinomial(10, 0.2))},
		{"negbinomial(2, 0.4)", mustD(NewNegativeBinomial(2, 0.4))},
		{"negbinomial(mean=3, r=0.5)", mustD(NewNegativeBinomialMean(3, 0.5))},
		{"discrete(0: 50%, 2: 50%)", mustD(NewDiscrete([]float64{0, 2}, []float64{1, 1}))},
		{"constant 3", Constant(3)},
	} {
		c := mustD(NewCompound(tc.freq, sev)).(*Compound)
		const n = 400_000
		xs := make([]float64, n)
		c.Sample(rand.New(rand.NewPCG(7, uint64(len(tc.name)))), xs)
		var s, ss float64
		for _, x := range xs {
			s += x
		}
		mean := s / n
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		v := ss / (n - 1)
		wantM, wantV := c.Mean(), c.Variance()
		if se := math.Sqrt(wantV / n); math.Abs(mean-wantM) > 4*se {
			t.Errorf("%s: mean %.6g, exact %.6g (± %.3g)", tc.name, mean, wantM, se)
		}
		if math.Abs(v/wantV-1) > 0.05 {
			t.Errorf("%s: variance %.4g, exact %.4g", tc.name, v, wantV)
		}
		if math.Abs(wantM-tc.freq.Mean()*sev.Mean()) > 1e-9*wantM {
			t.Errorf("%s: Mean %v, want E[N]·E[X]", tc.name, wantM)
		}
	}
	lambda := 3.0
	sev = mustD(NewRange(10e3, 2e6))
	m := mustD(NewCompoundMax(mustD(NewPoisson(lambda)), sev))
	for _, x := range []float64{0, 1e5, 5e5, 2e6, 1e7} {
		want := math.Exp(-lambda * (1 - sev.CDF(x)))
		if got := m.CDF(x); math.Abs(got-want) > 4*math.Sqrt(want*(1-want)/compoundDraws)+1e-9 {
			t.Errorf("compound_max CDF(%g) = %.5f, exact %.5f", x, got, want)
		}
	}
	if q := m.Quantile(0.01); q != 0 {
		t.Errorf("compound_max P1 = %v, want 0 (no event in e^-3 = 5%% of trials)", q)
	}
	// A negative binomial count: E[s^N] = (p/(1 - (1-p)s))^r.
	r, p := 2.0, 0.4
	m = mustD(NewCompoundMax(mustD(NewNegativeBinomial(r, p)), sev))
	for _, x := range []float64{0, 1e5, 5e5, 2e6, 1e7} {
		want := math.Pow(p/(1-(1-p)*sev.CDF(x)), r)
		if got := m.CDF(x); math.Abs(got-want) > 4*math.Sqrt(want*(1-want)/compoundDraws)+1e-9 {
			t.Errorf("compound_max(negbinomial) CDF(%g) = %.5f, exact %.5f", x, got, want)
		}
	}
}

func TestCompoundErrors(t *testing.T) {
	sev := mustD(NewRange(1, 2))
	for _, tc := range []struct {
		freq Distribution
		want string
	}{
		{mustD(NewNormal(3, 1)), "not a counting distribution"},
		{mustD(NewDiscrete([]float64{0, 1.5}, []float64{1, 1})), "not a counting distribution"},
		{Constant(-1), "not a counting distribution"},
		{mustD(NewPoisson(5e6)), "hours"},
		{mustD(NewNegativeBinomial(1, 1e-7)), "hours"},
	} {
		if _, err := NewCompound(tc.freq, sev); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewCompound(%s): %v, want an error containing %q", tc.freq, err, tc.want)
		}
	}
}
