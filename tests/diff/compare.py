"""Comparing oversight's answer with sqlite3's: the same column names and
types, the same number of rows, the same rows in the same order. Whole
numbers, text, booleans and dates exactly; decimals within 1e-12 relative
(plus, for sums and means, 1e-13 of the sum of the magnitudes, the most
a correctly working compensated sum can be off by); missing as missing.
Returns None when they agree, else a short description of the first
difference.
"""
import math


def close(a, e, scale=None):
    if a == e:
        return True
    if isinstance(a, float) and isinstance(e, float) and math.isnan(a) and math.isnan(e):
        return True
    tol = 1e-12 * max(abs(a), abs(e))
    if scale:
        tol += 1e-13 * abs(scale)
    return abs(a - e) <= tol or abs(a - e) < 1e-300


def cell_ok(ty, a, e, scale=None):
    if a is None or e is None:
        return a is None and e is None
    if ty == "int":
        return isinstance(a, int) and not isinstance(a, bool) and isinstance(e, int) and a == e
    if ty == "float":
        if isinstance(e, bool) or not isinstance(e, (int, float)) or not isinstance(a, float):
            return False
        return close(a, float(e) if isinstance(e, int) else e, scale)
    if ty == "bool":
        return isinstance(a, bool) and (e in (0, 1) or isinstance(e, bool)) and a == bool(e)
    return a == e


def show(v):
    s = repr(v)
    return s if len(s) < 80 else s[:77] + "..."


def compare(exp, act):
    if act is None or not act.done:
        return "no answer (the process died during this query)"
    if exp.err is not None:
        if act.err is None:
            return f"expected an error ({exp.err}), got a result of {act.nrows} rows"
        want = {"range": ("too large",), "crosstab": ("at most 1,000 columns",)}[exp.err]
        if not any(w in act.err for w in want):
            return f"expected an error ({exp.err}), got another: {act.err}"
        return None
    if act.err is not None:
        return f"unexpected error: {act.err}"
    if len(act.names) != len(exp.names) or any(e != a for a, e in zip(act.names, exp.names)):
        return f"columns differ: oversight {act.names}, sqlite {exp.names}"
    for j, name in enumerate(exp.names):
        if act.types[j] != exp.types[j]:
            return f"column {name!r} is {act.types[j]} in oversight, {exp.types[j]} expected"
    n = len(exp.rows)
    if act.nrows != n:
        return f"{act.nrows} rows from oversight, {n} from sqlite"
    for j, name in enumerate(exp.names):
        col = act.cols[j]
        scales = exp.scales.get(name)
        for i in range(n):
            e = exp.rows[i][j]
            a = col[i]
            if not cell_ok(exp.types[j], a, e, scales[i] if scales else None):
                return (f"row {i + 1}, column {name!r}: oversight {show(a)}, sqlite {show(e)}")
    return None
