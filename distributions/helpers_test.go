package distributions

import (
	"flag"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// seed fixes every random stream of the statistical tests; the tests log it.
// With a different seed each test still fails with probability of about its
// stated alpha.
var seed = flag.Uint64("seed", 20240601, "seed for the statistical tests")

// newRNG returns a generator for one test case: stream selects an
// independent PCG stream so that cases do not share draws.
func newRNG(t testing.TB, stream uint64) *rand.Rand {
	t.Helper()
	t.Logf("seed %d, stream %d", *seed, stream)
	return rand.New(rand.NewPCG(*seed, stream))
}

// mustD is must for package-level tables.
func mustD(d Distribution, err error) Distribution {
	if err != nil {
		panic(err)
	}
	return d
}

// ksStatistic returns the Kolmogorov–Smirnov distance sup |F_n(x) - F(x)|
// between the empirical CDF of xs (sorted in place) and cdf.
func ksStatistic(xs []float64, cdf func(float64) float64) float64 {
	slices.Sort(xs)
	n := float64(len(xs))
	var d float64
	for i, x := range xs {
		f := cdf(x)
		d = max(d, math.Abs(float64(i+1)/n-f), math.Abs(f-float64(i)/n))
	}
	return d
}

// ksCritical is the asymptotic critical value of the one-sample KS statistic
// at alpha = 0.001: sqrt(-ln(alpha/2)/2)/sqrt(n) = 1.95/sqrt(n)
// (Kolmogorov distribution; e.g. NIST/SEMATECH e-Handbook §1.3.5.16).
func ksCritical(n int) float64 { return 1.95 / math.Sqrt(float64(n)) }

// betaCDFInt is the beta(a, b) CDF for whole a, b via
// I_x(a, b) = P(Binomial(a+b-1, x) >= a), independent of gonum's mathext.
func betaCDFInt(a, b int, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	n := a + b - 1
	var s float64
	for k := a; k <= n; k++ {
		s += binom(n, k) * math.Pow(x, float64(k)) * math.Pow(1-x, float64(n-k))
	}
	return s
}

func binom(n, k int) float64 {
	lg := func(v int) float64 { l, _ := math.Lgamma(float64(v) + 1); return l }
	return math.Round(math.Exp(lg(n) - lg(k) - lg(n-k)))
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func normPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
