# benchmarks/reference.yaml in single-threaded NumPy: the throughput peer of issue 15. The nine
# inputs drawn with NumPy's own generators (PCG64; lognormal, triangular, normal, uniform), the
# loss formula, then the figures the engine's summary prints: mean, sd, P5/P50/P95 and
# P(loss > 5), in chunks of 1M trials (np.quantile per chunk is not an exact pooled quantile,
# which only flatters NumPy). Prints trials per second. Run with Debian's python3-numpy:
#   TRIALS=10000000 OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/peers/reference_numpy.py
import os, time
import numpy as np
z95 = 1.6448536269514722
def lnparams(a, b):
    return (np.log(a) + np.log(b)) / 2, (np.log(b) - np.log(a)) / (2 * z95)
TRIALS = int(os.environ.get("TRIALS", "10000000")); CHUNK = 1 << 20
g = np.random.default_rng(1)
start = time.perf_counter()
s = s2 = exceed = 0.0; qs = []
done = 0
while done < TRIALS:
    n = min(CHUNK, TRIALS - done)
    rev = g.lognormal(*lnparams(3.5, 4.5), n)
    pr = g.triangular(1.2, 1.3, 1.6, n)
    hr = g.lognormal(*lnparams(2.8, 3.4), n)
    la = (g.random(n) > 0.3).astype(float)
    up = g.lognormal(*lnparams(0.05, 0.30), n)
    mo = g.uniform(2, 4, n)
    tr = g.lognormal(*lnparams(2.5, 3.5), n)
    hc = g.normal(1500, 100, n)
    cph = g.normal(0.001, 0.0001, n)
    L = pr * hr * (1 + la * up * mo / 12) + tr + hc * cph - rev
    s += L.sum(); s2 += (L * L).sum(); exceed += (L > 5).sum()
    qs.append(np.quantile(L, [0.05, 0.5, 0.95]))
    done += n
el = time.perf_counter() - start
mean = s / TRIALS
print(f"trials {TRIALS}  seconds {el:.3f}  trials/s {TRIALS/el:,.0f}  mean {mean:.4f}  "
      f"sd {np.sqrt(s2/TRIALS - mean*mean):.4f}  P(>5) {exceed/TRIALS:.4f}  P5/P50/P95 {np.mean(qs, axis=0)}")
