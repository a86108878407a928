# Spread over SEEDS seeds (default 30) of the mean, P95 and P(loss > 5) of benchmarks/reference.yaml at
# 131,072 trials under each design, as a multiple of random sampling's. Run from the
# repository root with a montecarlo binary at /tmp/mc (go build -o /tmp/mc ./cmd/montecarlo):
#   python3 benchmarks/peers/errfactors.py
import json, os, subprocess, statistics as st
SEEDS = int(os.environ.get("SEEDS", "30"))
res = {}
for d in ["random", "lhs", "sobol"]:
    means, p95s, pex = [], [], []
    for s in range(1, SEEDS + 1):
        out = subprocess.run(["/tmp/mc", "run", "benchmarks/reference.yaml", "--sampling", d, "--trials", "131072", "--seed", str(s), "--format", "json"], capture_output=True, text=True).stdout
        j = json.loads(out)
        o = j["outputs"][0]["final"]
        means.append(o["mean"])
        pc = [p for p in o["percentiles"] if abs(p["p"] - 0.95) < 1e-9][0]
        p95s.append(pc["value"])
        pex.append(o["exceedances"][0]["prob"])
    res[d] = [st.pstdev(means), st.pstdev(p95s), st.pstdev(pex)]
for d in ["lhs", "sobol"]:
    print(d, " ".join("%.3f" % (res[d][i] / res["random"][i]) for i in range(3)), "(mean, P95, P(>5)) vs random")
print("random spreads", " ".join("%.5f" % x for x in res["random"]))
