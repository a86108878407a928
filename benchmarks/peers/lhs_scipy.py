# benchmarks/reference.yaml in NumPy/SciPy, sampled at random and by SciPy's Latin hypercube
# (scipy.stats.qmc.LatinHypercube, one per block of 1,024 trials), 131,072 trials per seed:
# the spread over SEEDS seeds (default 30) of the mean, P95 and P(loss > 5), LHS as a multiple
# of random's. The independent check of the engine's own factors (errfactors.py). Run with
# Debian's python3-scipy:  SEEDS=100 /usr/bin/python3 benchmarks/peers/lhs_scipy.py
import numpy as np
from scipy import stats
from scipy.stats import qmc
z95 = stats.norm.ppf(0.95)
def rng_(a, b):
    mu = (np.log(a) + np.log(b)) / 2; s = (np.log(b) - np.log(a)) / (2 * z95)
    return lambda u: np.exp(mu + s * stats.norm.ppf(u))
Q = [rng_(3.5, 4.5), lambda u: stats.triang.ppf(u, (1.3-1.2)/0.4, loc=1.2, scale=0.4), rng_(2.8, 3.4),
     lambda u: (u > 0.3).astype(float), rng_(0.05, 0.30), lambda u: 2 + 2*u, rng_(2.5, 3.5),
     lambda u: stats.norm.ppf(u, 1500, 100), lambda u: stats.norm.ppf(u, 0.001, 0.0001)]
def model(U):
    rev, pr, hr, la, up, mo, tr, hc, cph = [Q[i](U[:, i]) for i in range(9)]
    return pr*hr*(1 + la*up*mo/12) + tr + hc*cph - rev
N, B = 131072, 1024
SEEDS = int(__import__("os").environ.get("SEEDS", "30"))
res = {}
for design in ["random", "lhs"]:
    m, p95, pex = [], [], []
    for seed in range(1, SEEDS + 1):
        g = np.random.default_rng(seed)
        if design == "random":
            U = g.random((N, 9))
        else:
            U = np.vstack([qmc.LatinHypercube(d=9, seed=g).random(B) for _ in range(N // B)])
        L = model(U)
        m.append(L.mean()); p95.append(np.quantile(L, 0.95)); pex.append((L > 5).mean())
    res[design] = [np.std(m), np.std(p95), np.std(pex)]
print("random", res["random"])
print("lhs/random", [res["lhs"][i]/res["random"][i] for i in range(3)])
