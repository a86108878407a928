package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// StudentT is Student's t distribution with nu degrees of freedom, shifted
// by mu and scaled by sigma (X = mu + sigma*T). Build it with NewStudentT.
type StudentT struct {
	nu, mu, sigma float64
}

var _ Distribution = StudentT{}

// NewStudentT returns Student's t with nu > 0 degrees of freedom, location mu and scale sigma > 0.
func NewStudentT(nu, mu, sigma float64) (Distribution, error) {
	const family = "studentt"
	if err := firstErr(positive(family, "nu", nu), finite(family, "mu", mu), positive(family, "sigma", sigma)); err != nil {
		return nil, err
	}
	return StudentT{nu: nu, mu: mu, sigma: sigma}, nil
}

func (s StudentT) dist() distuv.StudentsT {
	return distuv.StudentsT{Mu: s.mu, Sigma: s.sigma, Nu: s.nu}
}

// Sample fills dst with draws from distuv.StudentsT.Rand (normal over root-scaled chi-square).
func (s StudentT) Sample(rng *rand.Rand, dst []float64) {
	d := distuv.StudentsT{Mu: s.mu, Sigma: s.sigma, Nu: s.nu, Src: rng}
	for i := range dst {
		dst[i] = d.Rand()
	}
}

// Quantile returns the p-quantile mu + sigma·t(p), with t(p) the standard
// quantile from distuv (inverse regularized incomplete beta) for the smaller
// tail, checked against the CDF and refined by bisection where it misses by
// more than 1e-10 relative, then polished by one Newton step on the CDF,
// and mirrored (t(p) = -t(1-p)) for p > 1/2.
func (s StudentT) Quantile(p float64) float64 {
	checkP(p)
	if p > 0.5 {
		return s.upperQuantile(1 - p)
	}
	return s.mu + s.sigma*s.lowerT(p)
}

// lowerT returns the p-quantile of the standard t for p <= 1/2.
func (s StudentT) lowerT(p float64) float64 {
	if p == 0 {
		return math.Inf(-1)
	}
	d := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: s.nu}
	cdf := func(t float64) float64 { l, _ := studentTails(s.nu, t); return l }
	t := refineQuantile(d.Quantile(p), p, cdf, math.Inf(-1), 0)
	if f := d.Prob(t); f > 0 && !math.IsInf(t, 0) {
		if t1 := t - (cdf(t)-p)/f; t1 <= 0 {
			t = t1
		}
	}
	return t
}

// CDF returns P(X <= x) = I_{nu/(nu+y²)}(nu/2, 1/2)/2 for y = (x-mu)/sigma < 0
// and its mirror image above, by regIncBeta (accurate at any nu; gonum's
// StudentsT.CDF loses digits past nu = 1e4 or so: 2e-11 relative at 1e6).
func (s StudentT) CDF(x float64) float64 {
	l, _ := studentTails(s.nu, (x-s.mu)/s.sigma)
	return l
}

// survival returns P(X > x), the mirror image of CDF.
func (s StudentT) survival(x float64) float64 {
	_, u := studentTails(s.nu, (x-s.mu)/s.sigma)
	return u
}

// studentTails returns P(T <= t) and P(T > t) for the standard t with nu
// degrees of freedom: half of P(|T| > |t|) = I_{nu/(nu+t²)}(nu/2, 1/2) on
// the side of t, one minus that on the other.
func studentTails(nu, t float64) (lower, upper float64) {
	if math.IsNaN(t) {
		return math.NaN(), math.NaN()
	}
	var both float64 // P(|T| > |t|)
	if t2 := t * t; !math.IsInf(t2, 1) {
		d := nu + t2
		both, _ = regIncBeta(nu/2, 0.5, nu/d, t2/d)
	}
	if t < 0 {
		return both / 2, 1 - both/2
	}
	return 1 - both/2, both / 2
}

// upperQuantile returns mu - sigma·t(q).
func (s StudentT) upperQuantile(q float64) float64 {
	if q > 0.5 {
		return s.mu + s.sigma*s.lowerT(1-q)
	}
	return s.mu - s.sigma*s.lowerT(q)
}

// Mean returns mu, or NaN when nu <= 1 (the mean does not exist).
func (s StudentT) Mean() float64 {
	if s.nu <= 1 {
		return math.NaN()
	}
	return s.mu
}

// Variance returns sigma²·nu/(nu-2) for nu > 2, +Inf for 1 < nu <= 2 and NaN for nu <= 1.
func (s StudentT) Variance() float64 {
	switch {
	case s.nu > 2:
		return s.sigma * s.sigma * s.nu / (s.nu - 2)
	case s.nu > 1:
		return math.Inf(1)
	}
	return math.NaN()
}

// String returns "studentt(nu, mu, sigma)".
func (s StudentT) String() string {
	return "studentt(" + num(s.nu) + ", " + num(s.mu) + ", " + num(s.sigma) + ")"
}

// Pareto is the Pareto type I distribution: P(X > x) = (xm/x)^alpha for x >= xm.
// Build it with NewPareto.
type Pareto struct {
	xm, alpha float64
}

var _ Distribution = Pareto{}

// NewPareto returns the Pareto (type I) distribution with scale xm > 0 and shape alpha > 0.
func NewPareto(xm, alpha float64) (Distribution, error) {
	if err := firstErr(positive("pareto", "xm", xm), positive("pareto", "alpha", alpha)); err != nil {
		return nil, err
	}
	return Pareto{xm: xm, alpha: alpha}, nil
}

func (p Pareto) dist() distuv.Pareto { return distuv.Pareto{Xm: p.xm, Alpha: p.alpha} }

// Sample fills dst with xm*exp(E/alpha), E standard exponential (as distuv.Pareto.Rand).
func (p Pareto) Sample(rng *rand.Rand, dst []float64) {
	xm, inv := p.xm, 1/p.alpha
	for i := range dst {
		dst[i] = xm * math.Exp(rng.ExpFloat64()*inv)
	}
}

// Quantile returns the p-quantile xm/(1-p)^(1/alpha), computed as
// xm*exp(-log1p(-p)/alpha) so that small p keep their precision.
func (p Pareto) Quantile(prob float64) float64 {
	checkP(prob)
	return p.xm * math.Exp(-math.Log1p(-prob)/p.alpha)
}

// CDF returns P(X <= x).
//
// It is computed as -expm1(-alpha·log(x/xm)) rather than gonum's
// 1-(xm/x)^alpha, which loses relative precision just above xm.
func (p Pareto) CDF(x float64) float64 {
	if !(x > p.xm) {
		if x != x {
			return x
		}
		return 0
	}
	return -math.Expm1(-p.alpha * math.Log(x/p.xm))
}

// survival returns P(X > x) = (xm/x)^alpha.
func (p Pareto) survival(x float64) float64 {
	if !(x > p.xm) {
		if x != x {
			return x
		}
		return 1
	}
	return math.Exp(-p.alpha * math.Log(x/p.xm))
}

// upperQuantile returns xm·q^(-1/alpha).
func (p Pareto) upperQuantile(q float64) float64 { return p.xm * math.Exp(-math.Log(q)/p.alpha) }

// Mean returns alpha*xm/(alpha-1), or +Inf for alpha <= 1.
func (p Pareto) Mean() float64 { return p.dist().Mean() }

// Variance returns xm²·alpha/((alpha-1)²(alpha-2)), or +Inf for alpha <= 2.
func (p Pareto) Variance() float64 { return p.dist().Variance() }

// String returns "pareto(xm, alpha)".
func (p Pareto) String() string { return "pareto(" + num(p.xm) + ", " + num(p.alpha) + ")" }
