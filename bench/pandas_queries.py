"""pandas_queries.py FILE REPS - the query tasks of bench/queries in pandas:
read_csv, then each task REPS times, best time. Prints "T<k> best_ms
result_rows [filtered_rows]"."""
import sys
import time

import pandas as pd

file, reps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
d = pd.read_csv(file)
REFERRED = "Referred to misconduct proceedings"


def best(f):
    b, r = float("inf"), None
    for _ in range(reps):
        t0 = time.perf_counter()
        r = f()
        b = min(b, time.perf_counter() - t0)
    return b * 1000, r


def freq(s):
    # missing values are a row of their own, as in the other tools
    n = s.value_counts(dropna=False)
    return pd.DataFrame({"n": n, "pct": 100 * n / n.sum(), "cum_pct": 100 * n.cumsum() / n.sum()})


ms, r = best(lambda: freq(d["outcome"]))
print(f"T2 {ms:.3f} {len(r)}")
ms, r = best(lambda: d.assign(referred=d["outcome"] == REFERRED).groupby("force").agg(
    allegations=("outcome", "size"), complaints=("complaint_id", "nunique"),
    referred=("referred", "mean")).assign(referred=lambda x: 100 * x["referred"]))
print(f"T3 {ms:.3f} {len(r)}")


def t4():
    w = d[(d["year_received"] >= 2020) & (d["force"] == "Essex Police")]
    return freq(w["outcome"]), len(w)


ms, (r, w) = best(t4)
print(f"T4 {ms:.3f} {len(r)} {w}")
