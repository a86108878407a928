package distributions

import (
	"fmt"
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

// TestCompoundSamplerDraw: a trial's sum depends on its count and key
// only; counts that are not whole numbers in [0, MaxTrialEvents] give
// NaN (so that the run names the trial) rather than a truncated count or
// hours of draws; neighbouring keys select uncorrelated streams.
func TestCompoundSamplerDraw(t *testing.T) {
	sev := mustD(NewPERT(1, 2, 5))
	s, other := NewCompoundSampler(sev, false), NewCompoundSampler(sev, false)
	for _, tc := range []struct {
		n    float64
		want string // "nan", "zero" or "sum"
	}{
		{0, "zero"}, {1, "sum"}, {3, "sum"}, {300, "sum"}, {MaxTrialEvents, "sum"},
		{-1, "nan"}, {2.5, "nan"}, {math.NaN(), "nan"}, {math.Inf(1), "nan"}, {MaxTrialEvents + 1, "nan"},
	} {
		got := s.Draw(tc.n, 42)
		switch tc.want {
		case "nan":
			if !math.IsNaN(got) {
				t.Errorf("Draw(%v) = %v, want NaN", tc.n, got)
			}
		case "zero":
			if got != 0 {
				t.Errorf("Draw(0) = %v, want 0", got)
			}
		default:
			if !(got >= tc.n && got <= 5*tc.n) {
				t.Errorf("Draw(%v) = %v, outside [n, 5n]", tc.n, got)
			}
			s.Draw(7, 1) // another trial in between changes nothing
			if again := other.Draw(tc.n, 42); again != got {
				t.Errorf("Draw(%v, 42) = %v, then %v on another sampler", tc.n, got, again)
			}
		}
	}
	// The first severity of keys k and k+1 (the bits of neighbouring
	// uniforms): their correlation is within 4 standard errors of 0.
	const m = 100_000
	base := math.Float64bits(0.5)
	var sx, sy, sxx, syy, sxy float64
	for k := range uint64(m) {
		x, y := s.Draw(1, base+2*k), s.Draw(1, base+2*k+1)
		sx, sy, sxx, syy, sxy = sx+x, sy+y, sxx+x*x, syy+y*y, sxy+x*y
	}
	cov := sxy/m - sx*sy/m/m
	r := cov / math.Sqrt((sxx/m-sx*sx/m/m)*(syy/m-sy*sy/m/m))
	if math.Abs(r) > 4/math.Sqrt(m) {
		t.Errorf("neighbouring keys: correlation %.4f", r)
	}
}

// ExampleCompoundSampler draws the annual loss of a year with 3 events
// (the count a trial's own frequency gave), from the stream of the
// trial's key: the same count and key give the same loss.
func ExampleCompoundSampler() {
	sev, _ := NewPERT(1, 2, 5)
	s := NewCompoundSampler(sev, false)
	a, b := s.Draw(3, 0xfeed), s.Draw(3, 0xfeed)
	fmt.Println(a == b, a >= 3 && a <= 15, s.Draw(0, 0xfeed))
	// Output: true true 0
}
