#!/usr/bin/python3
"""make_reference.py - reference intervals for tests/unit/check_infer.c,
worked out by scipy and statsmodels (an implementation independent of
oversight's GSL calls). Writes reference.csv beside this script:

  kind,method,x,n,x2,n2,level,lo,hi,ratio

kind "prop": x of n, statsmodels proportion_confint (wilson; beta is
  Clopper-Pearson, checked against scipy's binomtest exact interval too)
kind "pois": a count x, exact from scipy.stats.chi2.ppf / isf; byar by
  the PHE/OHID guide's formula with scipy.stats.norm
kind "rr_p": ratio of x/n to x2/n2, scipy.stats.contingency.relative_risk
  (Katz's log interval)
kind "rr_r": ratio of rates x/n to x2/n2, the log method, se sqrt(1/x + 1/x2)

Run: /usr/bin/python3 tests/data/infer/make_reference.py
"""
import math
import os

from scipy import stats
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import proportion_confint

LEVELS = [0.95, 0.998, 0.99, 0.9, 0.5]
SHARES = [(7, 3787), (0, 3787), (3787, 3787), (0, 1), (1, 1), (1, 2), (0, 10),
          (10, 10), (1, 10), (5, 10), (12, 12), (11, 12), (1, 147430),
          (7, 147430), (73715, 147430), (147429, 147430), (147430, 147430),
          (0, 147430), (290, 1000), (46, 100)]
COUNTS = [0, 1, 2, 5, 7, 9, 10, 11, 50, 100, 1778, 147430]
RR_P = [(7, 3787, 3, 3746), (12, 100, 5, 120), (1, 1, 1, 2), (50, 50, 25, 100),
        (1, 147430, 7, 147430), (290, 1000, 46, 100)]
RR_R = [(7, 3746, 3, 3400), (1778, 3400, 1650, 3746), (1, 1000, 1, 10),
        (12, 147430, 500, 200000.5)]


def g(v):
    return "%.17g" % v


def main():
    rows = []
    for lv in LEVELS:
        a = 1 - lv
        for x, n in SHARES:
            lo, hi = proportion_confint(x, n, alpha=a, method="wilson")
            rows.append(("prop", "wilson", x, n, 0, 0, lv, lo, hi, 0))
            lo, hi = proportion_confint(x, n, alpha=a, method="beta")
            ci = stats.binomtest(x, n).proportion_ci(confidence_level=lv,
                                                     method="exact")
            # two references must agree before the first is used. binomtest
            # finds its ends with a root-finder that stops near 1e-12
            # absolute, so the beta quantiles (statsmodels, from Boost's
            # inverse incomplete beta) are the reference and binomtest only a
            # check of them, to 1e-8 relative or 1e-12 absolute
            for mine, theirs in ((lo, ci.low), (hi, ci.high)):
                assert abs(mine - theirs) <= 1e-8 * abs(theirs) + 1e-12, \
                    (x, n, lv, mine, theirs)
            rows.append(("prop", "exact", x, n, 0, 0, lv, lo, hi, 0))
        z = stats.norm.isf(a / 2)
        for x in COUNTS:
            lo = 0.0 if x == 0 else stats.chi2.ppf(a / 2, 2 * x) / 2
            hi = stats.chi2.isf(a / 2, 2 * x + 2) / 2
            rows.append(("pois", "exact", x, 0, 0, 0, lv, lo, hi, 0))
            u = x + 1
            lo = 0.0
            if x > 0:
                base = 1 - 1 / (9 * x) - z / (3 * math.sqrt(x))
                lo = x * base ** 3 if base > 0 else 0.0
            hi = u * (1 - 1 / (9 * u) + z / (3 * math.sqrt(u))) ** 3
            rows.append(("pois", "byar", x, 0, 0, 0, lv, lo, hi, 0))
        for x, n, x2, n2 in RR_P:
            r = relative_risk(x, n, x2, n2)
            ci = r.confidence_interval(confidence_level=lv)
            rows.append(("rr_p", "log", x, n, x2, n2, lv, ci.low, ci.high,
                         r.relative_risk))
        for x, n, x2, n2 in RR_R:
            rr = (x / n) / (x2 / n2)
            se = math.sqrt(1 / x + 1 / x2)
            rows.append(("rr_r", "log", x, n, x2, n2, lv, rr * math.exp(-z * se),
                         rr * math.exp(z * se), rr))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.csv")
    with open(out, "w") as f:
        f.write("kind,method,x,n,x2,n2,level,lo,hi,ratio\n")
        for row in rows:
            f.write(",".join(row[:2]) + "," + ",".join(g(v) for v in row[2:]) + "\n")
    print("%d cases written to %s" % (len(rows), out))


if __name__ == "__main__":
    main()
