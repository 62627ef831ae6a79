"""intervals_scipy.py - reads intervals_grid.lua's lines on stdin and
compares each with scipy/statsmodels worked out now, to 1e-9 relative (or
1e-13 absolute where the reference is 0 within that, as statsmodels' Wilson
lower end of 0 of n is). Prints one summary line, and each disagreement;
with OV_INFER_REPORT set, the largest relative difference on stderr."""
import math
import os
import sys

from scipy import stats
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import proportion_confint

TOL = 1e-9


def reference(f):
    kind = f[0]
    if kind == "pct":
        m, x, n, lv = f[1], int(f[2]), int(f[3]), float(f[4])
        lo, hi = proportion_confint(x, n, alpha=1 - lv,
                                    method="wilson" if m == "wilson" else "beta")
        return [100 * lo, 100 * hi]
    if kind == "rate":
        m, x, w, lv = f[1], int(f[2]), float(f[3]), float(f[4])
        a = 1 - lv
        if m == "exact":
            lo = 0.0 if x == 0 else stats.chi2.ppf(a / 2, 2 * x) / 2
            hi = stats.chi2.isf(a / 2, 2 * x + 2) / 2
        else:
            z = stats.norm.isf(a / 2)
            lo = 0.0
            if x > 0:
                base = 1 - 1 / (9 * x) - z / (3 * math.sqrt(x))
                lo = x * base ** 3 if base > 0 else 0.0
            u = x + 1
            hi = u * (1 - 1 / (9 * u) + z / (3 * math.sqrt(u))) ** 3
        return [lo / w * 1000, hi / w * 1000]
    x, n, x2, n2, lv = int(f[2]), float(f[3]), int(f[4]), float(f[5]), float(f[6])
    if f[1] == "pct":
        r = relative_risk(x, int(n), x2, int(n2))
        ci = r.confidence_interval(confidence_level=lv)
        return [r.relative_risk, ci.low, ci.high]
    rr = (x / n) / (x2 / n2)
    se = math.sqrt(1 / x + 1 / x2)
    z = stats.norm.isf((1 - lv) / 2)
    return [rr, rr * math.exp(-z * se), rr * math.exp(z * se)]


def main():
    cases = bad = 0
    worst = 0.0
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        got = [float(v) for v in f[-3:]] if f[0] == "ratio" else \
            [float(v) for v in f[-2:]]
        want = reference(f)
        cases += 1
        for g, w in zip(got, want):
            d = abs(g - w)
            if abs(w) <= 1e-13:
                ok = d <= 1e-13
            else:
                worst = max(worst, d / abs(w))
                ok = d <= TOL * abs(w)
            if not ok:
                bad += 1
                print("DIFFERS:", line.strip(), "scipy:", " ".join("%.17g" % v for v in want))
                break
    print("%d cases, %d differ from scipy/statsmodels by more than 1e-9 relative"
          % (cases, bad))
    if os.environ.get("OV_INFER_REPORT"):
        print("largest relative difference: %.3g" % worst, file=sys.stderr)


if __name__ == "__main__":
    main()
