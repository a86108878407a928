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

// Quantile returns the p-quantile.
func (s StudentT) Quantile(p float64) float64 {
	checkP(p)
	switch p {
	case 0:
		return math.Inf(-1)
	case 1:
		return math.Inf(1)
	}
	d := s.dist()
	return refineQuantile(d.Quantile(p), p, d.CDF, math.Inf(-1), math.Inf(1))
}

// CDF returns P(X <= x).
func (s StudentT) CDF(x float64) float64 { return s.dist().CDF(x) }

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

// Mean returns alpha*xm/(alpha-1), or +Inf for alpha <= 1.
func (p Pareto) Mean() float64 { return p.dist().Mean() }

// Variance returns xm²·alpha/((alpha-1)²(alpha-2)), or +Inf for alpha <= 2.
func (p Pareto) Variance() float64 { return p.dist().Variance() }

// String returns "pareto(xm, alpha)".
func (p Pareto) String() string { return "pareto(" + num(p.xm) + ", " + num(p.alpha) + ")" }
