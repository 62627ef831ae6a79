"""check.py - recomputes with scipy what funnel_chisq.lua wrote: each
force's funnel value, limits, z, flags and method, the summary (target,
phi, units outside, after the adjustment), and the chi-square of Detroit's
ctznRace x Finding (as a crosstab, missing as its own row or column, and
from the columns, missing left out), to 1e-9 relative. Prints what agreed;
exits 1 at the first disagreement."""
import csv
import math
import os
import sys
from collections import Counter

from scipy import stats

TOL = 1e-9
worst = 0.0


def same(got, want, what):
    global worst
    scale = abs(want) if abs(want) > 1e-300 else 1.0
    d = abs(got - want) / scale
    worst = max(worst, d)
    if d > TOL and abs(got - want) > 1e-15:
        print(f"DIFFERENT {what}: oversight {got!r}, scipy {want!r}")
        sys.exit(1)


def exact_limit(n, p0, prob):
    r = stats.binom.ppf(prob, n, p0)
    fr = stats.binom.cdf(r, n, p0)
    frm1 = stats.binom.cdf(r - 1, n, p0) if r > 0 else 0.0
    return min(1.0, max(0.0, (r - (fr - prob) / (fr - frm1)) / n))


def funnel():
    units = []
    with open("shared/uk-bbc-iopc-misconduct/iopc_forfunnel.csv",
              encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            if row[0] in ("", "item name"):
                continue
            units.append((row[0], int(row[1]), int(row[2])))
    target = sum(u[1] for u in units) / sum(u[2] for u in units)
    levels = (0.95, 0.998)
    za = [stats.norm.ppf(1 - (1 - lv) / 2) for lv in levels]
    with open("funnel.csv", newline="") as f:
        got = list(csv.DictReader(f))
    assert len(got) == len(units), (len(got), len(units))
    zs = []
    outside = [0, 0]
    for g, (name, part, whole) in zip(got, units):
        assert g["label"] == name, (g["label"], name)
        se = math.sqrt(target * (1 - target) / whole)
        v = part / whole
        z = (v - target) / se
        zs.append(z)
        exact = whole * target < 5 or whole * (1 - target) < 5
        assert g["method"] == ("exact" if exact else "normal"), name
        same(float(g["value"]), 100 * v, name + " value")
        same(float(g["target"]), 100 * target, name + " target")
        same(float(g["z"]), z, name + " z")
        for k, (lv, nm) in enumerate(zip(levels, ("95", "998"))):
            tail = (1 - lv) / 2
            if exact:
                lo, hi = exact_limit(whole, target, tail), exact_limit(whole, target, 1 - tail)
            else:
                lo, hi = max(0.0, target - za[k] * se), min(1.0, target + za[k] * se)
            same(float(g["lo" + nm]), 100 * lo, name + " lo" + nm)
            same(float(g["hi" + nm]), 100 * hi, name + " hi" + nm)
            flag = "below" if v < lo else "above" if v > hi else "within"
            assert g["flag" + nm] == flag, (name, nm, g["flag" + nm], flag)
            outside[k] += flag != "within"
    phi = sum(z * z for z in zs) / len(zs)
    adj = [sum(abs(z) > za[k] * math.sqrt(phi) for z in zs) if phi > 1 else outside[k]
           for k in range(2)]
    summary = dict(line.split() for line in open("summary.txt"))
    same(float(summary["target"]), 100 * target, "summary target")
    same(float(summary["phi"]), phi, "summary phi")
    assert int(summary["outside95"]) == outside[0]
    assert int(summary["outside998"]) == outside[1]
    assert int(summary["outside95_adjusted"]) == adj[0]
    assert int(summary["outside998_adjusted"]) == adj[1]
    assert int(summary["n_units"]) == len(units)
    print(f"funnel: {len(units)} forces: value, limits, z, flags and method agree with scipy")
    print(f"funnel: target {100 * target:.4f}%, phi {phi:.4f}, outside 95% {outside[0]}, "
          f"99.8% {outside[1]}; adjusted {adj[0]} and {adj[1]}")
    return summary


def chisq(summary):
    pairs = []
    with open("shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv",
              encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            pairs.append((row["ctznRace"], row["Finding"]))
    for prefix, keep in (("chisq", lambda a, b: True),
                         ("chisq2", lambda a, b: a != "" and b != "")):
        counts = Counter(p for p in pairs if keep(*p))
        rows = sorted({a for a, _ in counts})
        cols = sorted({b for _, b in counts})
        table = [[counts[(a, b)] for b in cols] for a in rows]
        st, p, df, expected = stats.chi2_contingency(table, correction=False)
        same(float(summary[prefix + "_statistic"]), st, prefix + " statistic")
        same(float(summary[prefix + "_p"]), p, prefix + " p")
        assert int(summary[prefix + "_df"]) == df
        assert int(summary[prefix + "_n"]) == sum(counts.values())
        assert int(summary[prefix + "_dropped"]) == len(pairs) - sum(counts.values())
        if prefix == "chisq":
            n = sum(counts.values())
            rs = [sum(r) for r in table]
            cs = [sum(c) for c in zip(*table)]
            with open("residuals.csv", newline="") as f:
                got = {r["ctznRace"]: r for r in csv.DictReader(f)}
            for i, a in enumerate(rows):
                for j, b in enumerate(cols):
                    e = expected[i][j]
                    res = (table[i][j] - e) / math.sqrt(e * (1 - rs[i] / n) * (1 - cs[j] / n))
                    label_a = a if a != "" else "(missing)"
                    label_b = b if b != "" else "(missing)"
                    same(float(got[label_a][label_b]), res, f"residual {a}/{b}")
        print(f"{prefix}: ctznRace x Finding, {len(rows)} x {len(cols)}, "
              f"df {df}: statistic and p agree with scipy")


summary = funnel()
chisq(summary)
if os.environ.get("OV_COMPARE_REPORT"):
    print(f"largest relative difference {worst:.3g}", file=sys.stderr)
