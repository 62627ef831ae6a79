"""The oracle: sqlite3 (Python's module) answers every query on the same
data. sqlite does the filtering, joining, grouping, ordering and counting;
a few functions whose SQL versions mean something else are registered in
Python, each doing what docs/queries.md says oversight does:

  ov_mod(x, y)    the floored remainder (sqlite's % truncates and casts
                  REALs to integers); NULL when y is 0
  ov_round(x, p)  half away from zero on the number's shortest decimal
                  text (value.c's rule; sqlite rounds the binary value)
  ov_isum(x)      exact sum of whole numbers, NULL when there are none, an
                  error when it leaves 64 bits (sqlite's SUM stops at an
                  overflow midway even when the total fits)
  ov_fsum(x)      correctly rounded sum of decimals (math.fsum), NULL when
                  there are none (sqlite's SUM adds naively)
  ov_mean(x)      exact mean (NULL when there are no values)
  ov_median(x)    the middle value, or the mean of the middle two

Aggregates skip missing values, as both engines do, and the sum of no
values is missing in both (NULL). The choice where SQL differs and
oversight's documented rule is taken: a condition with a missing value is
false (SQL: NULL).
"""
import math
import sqlite3
from decimal import Decimal
from fractions import Fraction

from data import label, shortest_digits, sql_id

INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1


class FloatLabel:
    """a number as a label: the loader keeps each value's text ("76.0",
    "1e+300") and a computed column prints it shortest, so a label of a
    decimal column is compared as the number it reads as"""

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        if isinstance(other, FloatLabel):
            return self.v == other.v
        try:
            return isinstance(other, str) and float(other) == self.v
        except ValueError:
            return False

    def __hash__(self):
        return hash(self.v)

    def __repr__(self):
        return f"<{self.v!r}>"


class Expected:
    """names, types (int float str bool date), rows (tuples); or err, the
    class of error expected ("range": a 64-bit overflow, "crosstab": too
    many columns); scales: per column, a bound for rounding of sums"""

    def __init__(self, names=None, types=None, rows=None, err=None, scales=None):
        self.names = names
        self.types = types
        self.rows = rows
        self.err = err
        self.scales = scales or {}


# ---- the registered functions ----

def ov_mod(x, y):
    if x is None or y is None or y == 0:
        return None
    if isinstance(x, int) and isinstance(y, int):
        return x % y
    return float(x) % float(y)


def ov_round(x, p):
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x) or x == 0.0 or p > 17:
        return x
    digits, e10 = shortest_digits(abs(x))
    keep = e10 + 1 + p
    if keep >= len(digits):
        return x  # already exact at that many places
    neg = x < 0
    if keep < 0:
        return -0.0 if neg else 0.0
    n = int(digits[:keep] or "0") + (digits[keep] >= "5")
    r = float(Decimal(n).scaleb(e10 + 1 - keep))
    return -r if neg else r


class Isum:
    def __init__(self):
        self.s = 0
        self.n = 0

    def step(self, v):
        if v is not None:
            self.s += int(v)
            self.n += 1

    def finalize(self):
        if self.n == 0:
            return None
        if not INT64_MIN <= self.s <= INT64_MAX:
            # not OverflowError: the sqlite3 module reports that as "too big"
            raise ValueError("sum leaves 64 bits")
        return self.s


class Fsum:
    def __init__(self):
        self.v = []

    def step(self, x):
        if x is not None:
            self.v.append(float(x))

    def finalize(self):
        return math.fsum(self.v) if self.v else None


class Mean:
    def __init__(self):
        self.v = []

    def step(self, x):
        if x is not None:
            self.v.append(x)

    def finalize(self):
        if not self.v:
            return None
        if all(isinstance(x, int) for x in self.v):
            return float(Fraction(sum(self.v), len(self.v)))
        return float(sum(Fraction(x) for x in self.v) / len(self.v))


class Median:
    def __init__(self):
        self.v = []

    def step(self, x):
        if x is not None:
            self.v.append(float(x))  # oversight takes the median of doubles

    def finalize(self):
        if not self.v:
            return None
        v = sorted(self.v)
        k = len(v)
        if k % 2:
            return v[k // 2]
        return float((Fraction(v[k // 2 - 1]) + Fraction(v[k // 2])) / 2)


def connect(tables):
    db = sqlite3.connect(":memory:")
    db.create_function("ov_mod", 2, ov_mod, deterministic=True)
    db.create_function("ov_round", 2, ov_round, deterministic=True)
    db.create_aggregate("ov_isum", 1, Isum)
    db.create_aggregate("ov_fsum", 1, Fsum)
    db.create_aggregate("ov_mean", 1, Mean)
    db.create_aggregate("ov_median", 1, Median)
    for t in tables:
        t.sql_insert(db)
    return db


# ---- expected results ----

def sql_for(q):
    """the SQL that answers q's terminal (for reports); crosstab and freq
    are finished in Python from these counts"""
    t = q.terminal
    last = q.last()
    ctes = q.ctes()
    if t[0] == "rows":
        return ctes + "\nSELECT " + ", ".join(sql_id(c) for c in t[1]) + \
            f" FROM {last} ORDER BY __o"
    if t[0] == "agg":
        keys, aggs = t[1], t[2]
        sel = [sql_id(k) for k in keys]
        for name, e, scale in aggs:
            sel.append(f"{e.sql.replace('{stage}', last)} AS {sql_id(name)}")
            if scale:
                sel.append(f"{scale} AS {sql_id('__scale ' + name)}")
        s = ctes + "\nSELECT " + ", ".join(sel) + f" FROM {last}"
        if keys:
            s += " GROUP BY " + ", ".join(sql_id(k) for k in keys)
            s += " ORDER BY " + ", ".join(f"({sql_id(k)} IS NULL), {sql_id(k)}" for k in keys)
        return s
    if t[0] == "freq":
        c = sql_id(t[1])
        # a bare column beside MIN() comes from the row holding the minimum:
        # the group's first row, as freq shows it
        return (ctes + f"\nSELECT {c}, COUNT(*) AS n, MIN(__o) FROM {last} GROUP BY {c} "
                f"ORDER BY ({c} IS NULL), n DESC, {c}")
    a, b = sql_id(t[1]), sql_id(t[2])
    return (ctes + f"\nSELECT {a}, {b}, COUNT(*) FROM {last} GROUP BY {a}, {b}")


def expected(db, q, schema):
    """q's answer from sqlite3, shaped as oversight's result"""
    types = dict(schema)
    try:
        ps = q.probe_sql()
        if ps is not None and db.execute(ps).fetchone()[0]:
            return Expected(err="range")
        return _expected(db, q, types)
    except sqlite3.OperationalError as e:
        if "'finalize' method raised error" in str(e):  # ov_isum past 64 bits
            return Expected(err="range")
        raise


def _expected(db, q, types):
    t = q.terminal
    sql = sql_for(q)
    last = q.last()
    ctes = q.ctes()
    if t[0] == "rows":
        rows = db.execute(sql).fetchall()
        return Expected(list(t[1]), [types[c]["type"] for c in t[1]], rows)
    if t[0] == "agg":
        keys, aggs = t[1], t[2]
        cur = db.execute(sql)
        cols = [d[0] for d in cur.description]
        raw = cur.fetchall()
        names = list(keys) + [n for n, _, _ in aggs]
        ty = [types[k]["type"] for k in keys] + [e.type for _, e, _ in aggs]
        idx = [cols.index(n) for n in names]
        rows = [tuple(r[i] for i in idx) for r in raw]
        scales = {}
        for n, _, scale in aggs:
            if scale:
                j = cols.index("__scale " + n)
                scales[n] = [r[j] for r in raw]
        return Expected(names, ty, rows, scales=scales)
    if t[0] == "freq":
        col = t[1]
        raw = db.execute(sql).fetchall()
        total = sum(r[1] for r in raw)
        missing = sum(r[1] for r in raw if r[0] is None)
        names = [col, "count" if col == "n" else "n"] + \
            [f + "_2" if f == col else f for f in ("pct", "cum_pct")]
        ty = [types[col]["type"], "int", "float", "float"]
        if missing:
            names.append("valid_pct_2" if col == "valid_pct" else "valid_pct")
            ty.append("float")
        rows, run = [], 0
        for v, n, _ in raw:
            run += n
            row = [v, n, 100.0 * n / total, 100.0 * run / total]
            if missing:
                row.append(None if v is None else 100.0 * n / (total - missing))
            rows.append(tuple(row))
        return Expected(names, ty, rows)
    return _crosstab(db, q, types, ctes, last)


def _crosstab_value(db, q, types, ctes, last, ga, gb, ia, ib):
    """a crosstab of a value: every cell and margin aggregated by sqlite3
    from the rows; an empty cell 0 for the counts, missing otherwise"""
    _, a, b, _, v, agg = q.terminal
    aq, bq, vq = sql_id(a), sql_id(b), sql_id(v)
    fn = {"count": f"COUNT({vq})", "count_distinct": f"COUNT(DISTINCT {vq})",
          "min": f"MIN({vq})", "max": f"MAX({vq})"}[agg]
    na, nb = len(ga), len(gb)
    empty = 0 if agg.startswith("count") else None
    cells = [[empty] * (nb + 1) for _ in range(na + 1)]
    for va, vb, x in db.execute(ctes + f"\nSELECT {aq}, {bq}, {fn} FROM {last} "
                                      f"GROUP BY {aq}, {bq}").fetchall():
        cells[ia[va]][ib[vb]] = x
    for va, x in db.execute(ctes + f"\nSELECT {aq}, {fn} FROM {last} GROUP BY {aq}"):
        cells[ia[va]][nb] = x
    for vb, x in db.execute(ctes + f"\nSELECT {bq}, {fn} FROM {last} GROUP BY {bq}"):
        cells[na][ib[vb]] = x
    cells[na][nb] = db.execute(ctes + f"\nSELECT {fn} FROM {last}").fetchone()[0]
    if na == 0 and empty is not None:
        cells[na][nb] = 0
    names, lab = _cross_names(a, b, gb, types)
    rows = [tuple([lab(a, ga[x][0]) if x < na else "Total"] + cells[x])
            for x in range(na + 1)]
    vt = "int" if agg.startswith("count") else types[v]["type"]
    if vt == "float":
        rows = [tuple(r[:1]) + tuple(None if c is None else float(c) for c in r[1:])
                for r in rows]
    return Expected(names, ["str"] + [vt] * (nb + 1), rows)


def _cross_names(a, b, gb, types):
    """a crosstab's column names, and the labeller of its values"""
    def lab(c, v):
        inf = types[c]
        if inf["type"] == "float" and v is not None:
            return FloatLabel(v)
        return label(inf["type"], v, inf["style"] or ("true", "false"))

    names = [a]
    for v, _ in gb:
        nm = lab(b, v)
        while not isinstance(nm, FloatLabel) and nm in names:
            nm += "_2"
        names.append(nm)
    nm = "Total"
    while nm in names:
        nm += "_2"
    names.append(nm)
    return names, lab


def _crosstab(db, q, types, ctes, last):
    _, a, b, pct = q.terminal[:4]

    def groups(c):
        cq = sql_id(c)
        return db.execute(ctes + f"\nSELECT {cq}, MIN(__o) FROM {last} GROUP BY {cq} "
                          f"ORDER BY ({cq} IS NULL), {cq}").fetchall()

    ga, gb = groups(a), groups(b)
    if len(gb) > 1000:
        return Expected(err="crosstab")
    ia = {v: k for k, (v, _) in enumerate(ga)}
    ib = {v: k for k, (v, _) in enumerate(gb)}
    na, nb = len(ga), len(gb)
    if len(q.terminal) > 4:
        return _crosstab_value(db, q, types, ctes, last, ga, gb, ia, ib)
    cells = [[0] * (nb + 1) for _ in range(na + 1)]
    for va, vb, n in db.execute(sql_for(q)).fetchall():
        x, y = ia[va], ib[vb]
        cells[x][y] += n
        cells[x][nb] += n
        cells[na][y] += n
        cells[na][nb] += n

    names, lab = _cross_names(a, b, gb, types)
    rows = []
    for x in range(na + 1):
        row = [lab(a, ga[x][0]) if x < na else "Total"]
        for y in range(nb + 1):
            n = cells[x][y]
            if pct is None:
                row.append(n)
                continue
            den = {"row": cells[x][nb], "col": cells[na][y], "total": cells[na][nb]}[pct]
            row.append(None if den == 0 else 100.0 * n / den)
        rows.append(tuple(row))
    ty = ["str"] + ["int" if pct is None else "float"] * (nb + 1)
    return Expected(names, ty, rows)
