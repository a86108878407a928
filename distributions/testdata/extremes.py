"""Reference values for extremes_test.go, computed with mpmath 1.3 at 40 digits.

Run: python3 extremes.py. Each line prints a name and the value the test
embeds. Inputs are the float64 values the Go tests pass (mpf(float) is exact),
so that 1-1e-16 means 1 - 2^-53 and 1e-9 means its binary double.
"""
from mpmath import mp, mpf, loggamma, exp, log, log1p, quad, sqrt, ncdf, npdf, findroot, atan, pi, gammainc, betainc, inf

mp.dps = 40


def ibeta(a, b, x):
    """I_x(a, b) by tanh-sinh quadrature of the beta density, split every 2 sd."""
    a, b, x = mpf(a), mpf(b), mpf(x)
    lnB = loggamma(a) + loggamma(b) - loggamma(a + b)
    f = lambda t: exp((a - 1) * log(t) + (b - 1) * log1p(-t) - lnB)
    m = (a - 1) / (a + b - 2)
    s = sqrt(a * b / (a + b) ** 3)
    pts = sorted(set([mpf(0)] + [m + k * s for k in range(-60, 61, 2) if 0 < m + k * s < x] + [x]))
    return quad(f, pts)


def half_pmf(n):
    """C(n, n/2) / 2^n."""
    n = mpf(n)
    return exp(loggamma(n + 1) - 2 * loggamma(n / 2 + 1) - n * log(2))


def show(name, v):
    print("%-44s %s" % (name, mp.nstr(v, 25)))


# Binomial at the median of p = 1/2: CDF(n/2) = 1/2 + P(X = n/2)/2 (symmetry).
show("binomial(1e8,0.5).CDF(5e7)", mpf(1) / 2 + half_pmf(10**8) / 2)
show("binomial(1e12,0.5).CDF(5e11)", mpf(1) / 2 + half_pmf(10**12) / 2)
# P(X <= k) = I_{1-p}(n-k, k+1).
show("binomial(1e12,1e-3).CDF(1e9)", ibeta(10**12 - 10**9, 10**9 + 1, 1 - mpf(1e-3)))
show("binomial(1e12,1e-3).CDF(1e9-1)", ibeta(10**12 - 10**9 + 1, 10**9, 1 - mpf(1e-3)))
p = mpf(1e-9)
show("binomial(1e6,1e-9).CDF(0)", (1 - p) ** 10**6)
show("binomial(1e6,1e-9).survival(0)", 1 - (1 - p) ** 10**6)
show("poisson(1e9).CDF(1e9)", gammainc(10**9 + 1, 10**9, inf, regularized=True))
show("poisson(1e9).CDF(1e9-1e5)", gammainc(10**9 - 10**5 + 1, 10**9, inf, regularized=True))
for k in [999798842, 999798843]:
    show("poisson(1e9).CDF(%d)" % k, gammainc(k + 1, 10**9, inf, regularized=True))
x = mpf(1e9 - 0.01)
show("normal(1e9,1e-3).CDF(1e9-0.01)", ncdf((x - mpf(1e9)) / mpf(1e-3)))
show("lognormal(0,5).CDF(1e-30)", ncdf(log(mpf(1e-30)) / 5))
S3 = lambda t: mpf(1) / 2 - (atan(t / sqrt(3)) + sqrt(3) * t / (t * t + 3)) / pi  # t_3 survival
show("studentt(3,0,1).CDF(-1e10)", S3(mpf(10) ** 10))
q53 = mpf(2) ** -53  # 1 - (1-1e-16) in float64
show("studentt(3,0,1).Q(1-1e-16)", findroot(lambda t: log(S3(t)) - log(q53), 214952))
show("normal(0,1).Q(1e-300)", findroot(lambda z: log(ncdf(z)) - log(mpf(1e-300)), -37))
show("normal(0,1).Q(1-1e-16)", findroot(lambda z: log(ncdf(-z)) - log(q53), 8.2))
z5 = ncdf(-5)
show("truncate(normal,5,inf).CDF(5.1)", (z5 - ncdf(-mpf(5.1))) / z5)
show("truncate(normal,5,inf).Mean", npdf(5) / z5)
show("truncate(normal,5,inf).Q(0.5)", findroot(lambda x: ncdf(-x) - z5 / 2, 5.13))
show("truncate(normal,5,inf).Q(1-2^-30)", findroot(lambda x: log(ncdf(-x)) - log(z5 * mpf(2) ** -30), 8.1))
show("beta(1e7,3e7).CDF(0.25)", ibeta(10**7, 3 * 10**7, 0.25))
show("gamma(1e6,1).CDF(1e6)", gammainc(10**6, 0, 10**6, regularized=True))
show("mixture(normal(0,1), normal(40,1)).Q(1-1e-16)",
     findroot(lambda x: log(ncdf(-x) / 2 + ncdf(-(x - 40)) / 2) - log(q53), 47.9))
# beta(0.001, 5): P(X > x) = I_{1-x}(5, 0.001); solve for 1-x = y.
y = findroot(lambda y: log(betainc(5, mpf('0.001'), 0, y, regularized=True)) - log(q53), 0.0036)
show("beta(0.001,5).Q(1-1e-16)", 1 - y)
# Truncated binomial mean: E[X | X >= m] = n p P(Y >= m-1) / P(X >= m), Y ~ binomial(n-1, p).
# For n = 1e8, p = 1/2, m = n/2: P(X >= m) = 1/2 + P(X = m)/2, P(Y >= m-1) = 1/2 + P(Y = m-1).
n = mpf(10**8)
pY = exp(loggamma(n) - loggamma(n / 2) - loggamma(n / 2 + 1) - (n - 1) * log(2))
show("truncate(binomial(1e8,0.5),5e7,inf).Mean", (n / 2) * (mpf(1) / 2 + pY) / (mpf(1) / 2 + half_pmf(10**8) / 2))
# and E[X(X-1) | X >= m] = n(n-1)p^2 P(W >= m-2) / P(X >= m), W ~ binomial(n-2, p), W symmetric about m-1:
# P(W >= m-2) = 1/2 + P(W = m-1)/2 + P(W = m-2).
pW1 = exp(loggamma(n - 1) - 2 * loggamma(n / 2) - (n - 2) * log(2))
pW2 = exp(loggamma(n - 1) - loggamma(n / 2 - 1) - loggamma(n / 2 + 1) - (n - 2) * log(2))
PX = mpf(1) / 2 + half_pmf(10**8) / 2
m1 = (n / 2) * (mpf(1) / 2 + pY) / PX
m2 = n * (n - 1) / 4 * (mpf(1) / 2 + pW1 / 2 + pW2) / PX
show("truncate(binomial(1e8,0.5),5e7,inf).Variance", m2 + m1 - m1 * m1)
