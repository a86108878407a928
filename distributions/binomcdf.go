package distributions

import "math"

// Binomial probabilities for any n up to 2^53, accurate to a few ulps in
// both tails.
//
// gonum's mathext.RegIncBeta (Cephes incbet) stops its continued fraction
// after a fixed number of terms, which is far too few once both shapes exceed
// about 10^5: for binomial(1e8, 0.5) it gives P(X <= 5e7) = 0.360 (exact
// 0.50004) and for n = 1e12 values below zero. Here the regularized
// incomplete beta function of the binomial, P(X <= k) = I_{1-p}(n-k, k+1),
// is evaluated on whichever tail is the smaller (the one that rounding would
// swamp), the other tail as its complement, as R, scipy and Boost do. The
// continued fraction those libraries use needs O(sqrt(n)) terms near the
// centre and loses 1e-10 to rounding at n = 1e12, so binomTails integrates
// the beta density instead (see there).

// stirlerr returns log(n!) - log(sqrt(2πn) (n/e)^n), the error of Stirling's
// formula, for n >= 1 (C. Loader, "Fast and accurate computation of binomial
// probabilities", 2000; the series coefficients are those of the Stirling
// series, Abramowitz & Stegun 6.1.40).
func stirlerr(n float64) float64 {
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	if n <= 15 {
		lg, _ := math.Lgamma(n + 1)
		return lg - (n+0.5)*math.Log(n) + n - 0.5*math.Log(2*math.Pi)
	}
	nn := n * n
	switch {
	case n > 500:
		return (s0 - s1/nn) / n
	case n > 80:
		return (s0 - (s1-s2/nn)/nn) / n
	case n > 35:
		return (s0 - (s1-(s2-s3/nn)/nn)/nn) / n
	}
	return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / n
}

// bd0 returns x log(x/np) + np - x, the deviance term of Loader's method,
// given both np and dev = np - x, each computed without cancellation: dev
// serves when it is small against x (np would lose 1e-11 relative to
// rounding at np = 5e11), np when it is not (x + dev would lose digits when
// np is far below x).
func bd0(x, np, dev float64) float64 {
	if math.Abs(dev) < 0.1*(2*x+dev) {
		// With v = -dev/(2x+dev): x log(x/np) + np - x = -dev·v + 2x Σ_{j>=1} v^(2j+1)/(2j+1).
		v := -dev / (2*x + dev)
		s := -dev * v
		ej := 2 * x * v
		v2 := v * v
		for j := 1; j < 1000; j++ {
			ej *= v2
			s1 := s + ej/float64(2*j+1)
			if s1 == s {
				return s1
			}
			s = s1
		}
		return s
	}
	return x*math.Log(x/np) + dev
}

// binomTails returns P(X <= x) and P(X > x) for X binomial(n, p). The
// smaller of the two is computed directly and the other as its complement.
//
// With k = floor(x), P(X > k) = I_p(k+1, n-k) = ∫_0^p f(t) dt and
// P(X <= k) = ∫_p^1 f(t) dt, f the beta(k+1, n-k) density (DLMF 8.17.4 and
// 8.17.20). For 1 <= k <= n-2 both shapes are >= 2, so log f is concave:
// on the side of p away from the mode of f, f(p∓δ) <= f(p)·exp(-sδ - κδ²/2)
// with s the slope of -log f at p and κ a lower bound of its curvature, so the
// integral over δ in [0, W] with sW + κW²/2 = 50 misses less than e^-50 of it.
// That integral of a smooth, unimodal function is done by tanh-sinh
// quadrature in δ, with f written as n·P(Y = k) for Y binomial(n-1, t) and
// computed by Loader's method from the deviation (n-1)t - k: no cancellation
// for any n up to 2^53.
func binomTails(x, n, p float64) (lower, upper float64) {
	if math.IsNaN(x) {
		return x, x
	}
	k := math.Floor(x)
	switch {
	case k < 0:
		return 0, 1
	case k >= n || p == 0:
		return 1, 0
	case p == 1:
		return 0, 1
	}
	q := 1 - p
	switch k {
	case 0: // P(X = 0) = q^n
		lower = math.Exp(n * math.Log1p(-p))
		if lower > 0.5 {
			return lower, -math.Expm1(n * math.Log1p(-p))
		}
		return lower, 1 - lower
	case n - 1: // P(X = n) = p^n
		upper = math.Exp(n * math.Log(p))
		if upper > 0.5 {
			return -math.Expm1(n * math.Log(p)), upper
		}
		return 1 - upper, upper
	}
	a, b := k, n-k-1 // the exponents of t and 1-t in f
	// f(t) = n·P(Y = k), Y binomial(N = n-1, t), by Loader's formula (Loader
	// 2000, dbinom_raw): the deviation Nt - k of the mean of Y from k enters
	// bd0 for both k and N-k (with opposite signs), and comes from the exact
	// product N·p (one rounding by FMA) plus N·δ.
	N := n - 1
	scale := n * math.Exp(stirlerr(N)-stirlerr(a)-stirlerr(b)) * math.Sqrt(N/(2*math.Pi*a*b))
	dev0 := math.FMA(N, p, -a)
	// density(±1, δ) is f(p±δ).
	density := func(sign, d float64) float64 {
		nd := sign * N * d
		dev := dev0 + nd
		return scale * math.Exp(-bd0(a, N*p+nd, dev)-bd0(b, N*q-nd, -dev))
	}
	const logCut = 50
	if p*(n-1) <= k { // p at or below the mode k/(n-1) of f: P(X > k) is the small tail
		s := a/p - b/q
		kappa := a/(p*p) + b
		w := min(2*logCut/(s+math.Sqrt(s*s+2*kappa*logCut)), p)
		upper = integrate(func(d float64) float64 { return density(-1, d) }, 0, w)
		upper = min(max(upper, 0), 1)
		return 1 - upper, upper
	}
	s := b/q - a/p
	kappa := a + b/(q*q)
	w := min(2*logCut/(s+math.Sqrt(s*s+2*kappa*logCut)), q)
	lower = integrate(func(d float64) float64 { return density(1, d) }, 0, w)
	lower = min(max(lower, 0), 1)
	return lower, 1 - lower
}
