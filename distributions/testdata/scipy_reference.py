"""Reference quantiles, CDFs and means for scipy_test.go, from SciPy.

Run from this folder with Debian's python3-scipy (SciPy 1.10.1, NumPy 1.24.2):
    /usr/bin/python3 scipy_reference.py > scipy_reference.tsv
Each line is: family, its parameters in the Go constructor's order (comma-separated), the
distribution's interquartile range (the scale tolerances are relative to), a kind (q: the
p-quantile; cdf: P(X <= x) and sf: P(X > x) at the quantile found; mean; var: the variance), its argument and
SciPy's value. Floats are written with repr, so they round-trip exactly.

Two of SciPy 1.10's functions are not accurate enough to be a reference here, and mpmath (Debian's
python3-mpmath, 40 digits) gives those values instead: t.ppf (cdflib's stdtrit: 1e-9 relative;
studentt(3, 0, 1) at p = 0.1 gives -1.6377443572159065 where the closed-form CDF's root is
-1.6377443536962101), and beta.sf below x = 1/2, which evaluates I_(1-x)(b, a) at the rounded 1 - x
(beta(0.01, 0.01).sf(1e-270) = 1 where it is 0.999); truncnorm's tails near a bound and
lognorm's variance at small sigma are computed here too.
"""
import math

import mpmath
from scipy import stats

mpmath.mp.dps = 40


def beta_tails(a, b, x):
    """I_x(a, b) and 1 - I_x(a, b) at the exact binary value x, by mpmath."""
    a, b, x = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(x)
    if x <= 0:
        return 0.0, 1.0
    if x >= 1:
        return 1.0, 0.0
    lo = mpmath.betainc(a, b, 0, x, regularized=True)
    up = mpmath.betainc(a, b, x, 1, regularized=True)
    return float(lo), float(up)


def t_quantile(nu, m, s, p, guess):
    """The p-quantile of m + s*T_nu: the root of the t CDF (by the incomplete beta), by mpmath."""
    nu, p = mpmath.mpf(nu), mpmath.mpf(p)

    def cdf(t):
        tail = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
        return tail if t < 0 else 1 - tail

    z0 = mpmath.mpf((guess - m) / s)
    z = mpmath.findroot(lambda t: cdf(t) - p, z0, tol=mpmath.mpf(10) ** -30)
    return float(m + s * z)

PS = [1e-12, 1e-6, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1 - 1e-6, 1 - 1e-9]


def pert(lo, mode, hi, lam=4.0):
    w = hi - lo
    return stats.beta(1 + lam * (mode - lo) / w, 1 + lam * (hi - mode) / w, loc=lo, scale=w)


CASES = [
    ("normal", [(0, 1), (1e6, 1e-3), (-1e9, 1e7), (5, 1e-12), (1e-300, 1e-302)], lambda m, s: stats.norm(m, s)),
    ("lognormal", [(0, 1), (10, 0.01), (-5, 3), (0, 1e-4), (700, 0.5)], lambda m, s: stats.lognorm(s, scale=math.exp(m))),
    ("uniform", [(0, 1), (-1e6, 1e6), (1e9, 1e9 + 1), (-3e-9, -1e-9)], lambda a, b: stats.uniform(a, b - a)),
    ("triangular", [(0, 0.5, 1), (1.2, 1.3, 1.6), (0, 0, 1), (0, 1, 1), (-1e6, 0, 1e9)],
     lambda a, c, b: stats.triang((c - a) / (b - a), loc=a, scale=b - a)),
    ("beta", [(0.5, 0.5), (2, 5), (0.01, 0.01), (1e3, 1e3), (0.1, 50), (1e5, 2), (1, 1)], lambda a, b: stats.beta(a, b)),
    ("pert", [(0, 0.3, 1), (1, 2, 7), (0, 0, 1), (1e6, 2e6, 5e6), (-10, 9.99, 10)], pert),
    ("gamma", [(1, 1), (0.01, 1), (100, 0.5), (1e5, 1e-5), (0.5, 1e6), (3, 2)], lambda k, th: stats.gamma(k, scale=th)),
    ("exponential", [(1,), (1e-6,), (1e6,)], lambda r: stats.expon(scale=1 / r)),
    ("weibull", [(0.5, 1), (1.5, 1000), (10, 2), (0.1, 1e-3), (1, 1)], lambda k, lam: stats.weibull_min(k, scale=lam)),
    ("studentt", [(1, 0, 1), (3, 0, 1), (30, 5, 2), (1e6, 0, 1), (2.5, -10, 100), (0.5, 0, 1)], lambda nu, m, s: stats.t(nu, m, s)),
    ("pareto", [(1, 3), (1e3, 1.1), (0.5, 50), (2, 0.5)], lambda xm, a: stats.pareto(a, scale=xm)),
    ("poisson", [(0.01,), (3.2,), (1e3,), (1e6,)], lambda lam: stats.poisson(lam)),
    ("binomial", [(10, 0.3), (1000, 1e-4), (1e6, 0.5), (50, 0.999), (1, 0.5)], lambda n, p: stats.binom(int(n), p)),
    ("negbinomial", [(0.5, 0.3), (5, 0.01), (1000, 0.9), (0.01, 0.5), (3, 1e-4)], lambda r, p: stats.nbinom(r, p)),
    ("bernoulli", [(0.3,), (1e-9,), (0.999,)], lambda p: stats.bernoulli(p)),
    # truncate(normal(mu, sigma), lo, hi): parameters mu, sigma, lo, hi.
    ("truncnormal", [(0, 1, -1, 2), (0, 1, 5, math.inf), (100, 15, -math.inf, 40), (0, 1, 5, 6), (1e6, 1e3, 1e6, 1.001e6), (0, 1e-3, -1e-3, 1e-3)],
     lambda m, s, lo, hi: stats.truncnorm((lo - m) / s, (hi - m) / s, loc=m, scale=s)),
]

def truncnormal_tails(m, s, lo, hi, x):
    """P(X <= x) and P(X > x) of normal(m, s) truncated to [lo, hi], by mpmath: SciPy's
    truncnorm loses up to 1e-6 relative within 1e-9 of a bound."""
    F = lambda t: mpmath.ncdf((mpmath.mpf(t) - m) / s)
    flo = F(lo) if lo != -math.inf else 0
    fhi = F(hi) if hi != math.inf else 1
    fx = min(max(F(x), flo), fhi)
    return float((fx - flo) / (fhi - flo)), float((fhi - fx) / (fhi - flo))


def unit_beta(fam, par, x):
    """The beta shapes and the point in [0, 1] of a beta or pert family's x."""
    if fam == "beta":
        return par[0], par[1], x
    lo, mode, hi = par
    w = hi - lo
    return 1 + 4 * (mode - lo) / w, 1 + 4 * (hi - mode) / w, (x - lo) / w


for fam, params, make in CASES:
    for par in params:
        d = make(*par)
        iqr = float(d.ppf(0.75) - d.ppf(0.25))
        head = "%s\t%s\t%r" % (fam, ",".join(repr(float(x)) for x in par), iqr)
        mean, var = float(d.mean()), float(d.var())
        if fam == "lognormal":  # SciPy forms exp(s²) - 1: 4e-9 relative at s = 1e-4
            var = float(mpmath.expm1(mpmath.mpf(par[1]) ** 2) * mpmath.exp(2 * mpmath.mpf(par[0]) + mpmath.mpf(par[1]) ** 2))
        if math.isfinite(mean):
            print("%s\tmean\t0\t%r" % (head, mean))
        if math.isfinite(var):
            print("%s\tvar\t0\t%r" % (head, var))
        for p in PS:
            x = float(d.ppf(p))
            if fam == "studentt":
                x = t_quantile(*par, p, x)
            cdf, sf = float(d.cdf(x)), float(d.sf(x))
            if fam in ("beta", "pert"):
                cdf, sf = beta_tails(*unit_beta(fam, par, x))
            if fam == "truncnormal":
                cdf, sf = truncnormal_tails(*par, x)
            print("%s\tq\t%r\t%r" % (head, p, x))
            print("%s\tcdf\t%r\t%r" % (head, x, cdf))
            print("%s\tsf\t%r\t%r" % (head, x, sf))
