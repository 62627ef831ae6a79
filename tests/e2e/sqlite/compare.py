"""Compares the answers of oversight (queries.lua) with sqlite3's.

Run from a directory holding `shared` (../shared/data) after queries.lua
has written qNN.csv (full precision) and qNN.md (as printed). The CSV files
are imported into sqlite3 by its own shell (.import --csv), with the same
missing-value tokens oversight uses turned into NULL and numeric columns
cast, and every query below is answered by sqlite3 itself. Python only
reads both answers and compares them:

  - same columns, same rows in the same order;
  - integers and text exactly, missing as missing;
  - other numbers within 1e-12 (relative; a percentage or rate, which the
    CSV holds to 9 decimals from its exact fraction, to its last digit),
    and as printed: oversight's
    printed figure equals sqlite3's value rounded half away from zero to
    the printed number of decimals.
"""
import csv
import io
import os
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_UP

SQLITE3 = os.environ.get("SQLITE3", "sqlite3")
MISSING = ["", "NA", "N/A", "NULL", "#N/A", "#VALUE!", "#REF!", "#DIV/0!",
           "#NAME?", "#NUM!", "#NULL!"]

SOURCES = {
    "raw_a": "shared/chicago-cpdp-ft/complaints-accused.csv",
    "raw_c": "shared/chicago-cpdp-ft/complaints-complaints.csv",
    "raw_d": "shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv",
}
# the types oversight's loader infers for these columns (text otherwise)
VIEWS = {
    "a": ("raw_a", {"UID": "REAL", "cv": "INTEGER", "link_UID": "REAL"}),
    "c": ("raw_c", {"cv": "INTEGER"}),
    "d": ("raw_d", {"CCR": "INTEGER", "Age": "INTEGER", "ObjectId": "INTEGER"}),
}


def sqlite(db, script):
    r = subprocess.run([SQLITE3, "-bail", "-csv", "-header", db], input=script,
                       capture_output=True, text=True)
    if r.returncode != 0 or r.stderr:
        sys.exit(f"sqlite3 failed: {r.stderr.strip()}\n--- script:\n{script}")
    return r.stdout


def build(db):
    if os.path.exists(db):
        os.remove(db)
    script = "".join(f".import --csv {path} {name}\n" for name, path in SOURCES.items())
    sqlite(db, script)
    script = []
    for view, (raw, casts) in VIEWS.items():
        info = csv.DictReader(io.StringIO(sqlite(db, f"PRAGMA table_info({raw});")))
        cols = [row["name"] for row in info]
        toks = ", ".join("'" + t + "'" for t in MISSING)
        for col in cols:
            script.append(f'UPDATE {raw} SET "{col}" = NULL WHERE "{col}" IN ({toks});')
        sel = ", ".join(f'CAST("{c}" AS {casts[c]}) AS "{c}"' if c in casts else f'"{c}"'
                        for c in cols)
        script.append(f"CREATE VIEW {view} AS SELECT {sel} FROM {raw};")
    sqlite(db, "\n".join(script))


def freq(table, col, where="1", limit=None):
    """freq's table; valid_pct is dropped when no row of col is missing"""
    lim = f" LIMIT {limit}" if limit else ""
    return f"""
SELECT CASE WHEN COUNT(*) = COUNT({col}) THEN 'valid_pct' END AS no_column
FROM {table} WHERE {where};""" + f"""
WITH f AS (SELECT {col} AS v, COUNT(*) AS n FROM {table} WHERE {where} GROUP BY {col}),
     tot AS (SELECT SUM(n) AS total, SUM(CASE WHEN v IS NOT NULL THEN n END) AS valid FROM f)
SELECT v AS "{col}", n, 100.0 * n / total AS pct,
       100.0 * SUM(n) OVER (ORDER BY (v IS NULL), n DESC, v ROWS UNBOUNDED PRECEDING) / total
         AS cum_pct,
       CASE WHEN v IS NOT NULL THEN 100.0 * n / valid END AS valid_pct
FROM f, tot ORDER BY (v IS NULL), n DESC, v{lim};"""


def median(table, key, col, where="1"):
    """the median of col per key: the middle value, or the mean of the two"""
    return f"""(SELECT k, AVG(x) AS med FROM (
        SELECT {key} AS k, {col} AS x,
               ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {col}) AS rn,
               COUNT(*) OVER (PARTITION BY {key}) AS cnt
        FROM {table} WHERE {col} IS NOT NULL AND {where})
      WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY k)"""


def crosstab(table, r, c, pct, where="1"):
    """long form: row label, column label, value; margins labelled Total"""
    val = {
        None: "{n}",
        "row": "100.0 * {n} / {rn}",
        "col": "100.0 * {n} / {cn}",
        "total": "100.0 * {n} / {tn}",
    }[pct]
    cell = val.format(n="COALESCE(x.n, 0)", rn="R.n", cn="C.n", tn="T.n")
    rmar = val.format(n="R.n", rn="R.n", cn="T.n", tn="T.n")
    cmar = val.format(n="C.n", rn="T.n", cn="C.n", tn="T.n")
    corner = val.format(n="T.n", rn="T.n", cn="T.n", tn="T.n")
    return f"""
WITH x AS (SELECT {r} AS r, {c} AS c, COUNT(*) AS n FROM {table} WHERE {where} GROUP BY 1, 2),
     R AS (SELECT r, SUM(n) AS n FROM x GROUP BY r),
     C AS (SELECT c, SUM(n) AS n FROM x GROUP BY c),
     T AS (SELECT SUM(n) AS n FROM x)
SELECT * FROM (
  SELECT 0 AS rt, (R.r IS NULL) AS rm, R.r AS r, 0 AS ct, (C.c IS NULL) AS cm, C.c AS c,
         {cell} AS v
    FROM R CROSS JOIN C CROSS JOIN T LEFT JOIN x ON x.r IS R.r AND x.c IS C.c
  UNION ALL
  SELECT 0, (R.r IS NULL), R.r, 1, 0, NULL, {rmar} FROM R CROSS JOIN T
  UNION ALL
  SELECT 1, 0, NULL, 0, (C.c IS NULL), C.c, {cmar} FROM C CROSS JOIN T
  UNION ALL
  SELECT 1, 0, NULL, 1, 0, NULL, {corner} FROM T)
ORDER BY rt, rm, r, ct, cm, c;"""


def value_crosstab(table, r, c, agg, zero=False):
    """a crosstab of agg (SQL: SUM(Age)); every cell and margin aggregated
    from the rows themselves; an empty cell 0 when zero, else NULL"""
    cell = "COALESCE(x.v, 0)" if zero else "x.v"
    return f"""
WITH x AS (SELECT {r} AS r, {c} AS c, {agg} AS v FROM {table} GROUP BY 1, 2),
     R AS (SELECT {r} AS r, {agg} AS v FROM {table} GROUP BY 1),
     C AS (SELECT {c} AS c, {agg} AS v FROM {table} GROUP BY 1),
     T AS (SELECT {agg} AS v FROM {table})
SELECT * FROM (
  SELECT 0 AS rt, (R.r IS NULL) AS rm, R.r AS r, 0 AS ct, (C.c IS NULL) AS cm, C.c AS c,
         {cell} AS v
    FROM R CROSS JOIN C LEFT JOIN x ON x.r IS R.r AND x.c IS C.c
  UNION ALL
  SELECT 0, (R.r IS NULL), R.r, 1, 0, NULL, R.v FROM R
  UNION ALL
  SELECT 1, 0, NULL, 0, (C.c IS NULL), C.c, C.v FROM C
  UNION ALL
  SELECT 1, 0, NULL, 1, 0, NULL, T.v FROM T)
ORDER BY rt, rm, r, ct, cm, c;"""


def wider(source, r, c, v):
    """wider's table in long form (source: rows r, c, v already one per
    cell, sorted by r then c): one row per r, the columns c in order of
    first appearance (the least r they appear with, then c), NULL where
    no row falls"""
    return f"""
WITH x AS ({source}),
     R AS (SELECT DISTINCT r FROM x),
     C AS (SELECT c, MIN(r) AS fr FROM x GROUP BY c)
SELECT 0 AS rt, 0 AS rm, R.r AS r, 0 AS ct, 0 AS cm, C.c AS c, x.{v} AS v
FROM R CROSS JOIN C LEFT JOIN x ON x.r IS R.r AND x.c IS C.c
ORDER BY R.r, C.fr, C.c;"""


def pct(cond):
    return f"100.0 * SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) / COUNT(*)"


QUERIES = {
    "q01": ("freq of final_finding (Chicago accused)", freq("a", "final_finding")),
    "q02": ("freq of final_outcome, top 15", freq("a", "final_outcome", limit=15)),
    "q03": ("where sustained, freq of final_outcome",
            freq("a", "final_outcome", "final_finding = 'SU'")),
    "q04": ("equality where, count and count_distinct", """
SELECT COUNT(DISTINCT cr_id) AS crs, COUNT(*) AS n, COUNT(DISTINCT UID) AS officers
FROM a WHERE final_finding = 'SU' AND cv = 1;"""),
    "q05": ("group_by final_finding: count, count_distinct, sum, mean, min, max, median", f"""
SELECT final_finding, COUNT(DISTINCT cr_id) AS crs, MAX(UID) AS max_uid, AVG(cv) AS mean_cv,
       m.med AS median_link, MIN(UID) AS min_uid, COUNT(*) AS n, SUM(cv) AS sum_cv
FROM a LEFT JOIN {median("a", "final_finding", "link_UID")} m ON m.k IS a.final_finding
GROUP BY final_finding ORDER BY (final_finding IS NULL), final_finding;"""),
    "q06": ("group_by complaint_code: pct, sorted by -n, head 20", f"""
SELECT complaint_code, COUNT(*) AS n, {pct("final_finding = 'SU'")} AS sustained
FROM a GROUP BY complaint_code
ORDER BY n DESC, (complaint_code IS NULL), complaint_code LIMIT 20;"""),
    "q07": ("crosstab cv x final_finding, row percentages",
            crosstab("a", "cv", "final_finding", "row")),
    "q08": ("crosstab final_finding x recc_finding, counts",
            crosstab("a", "final_finding", "recc_finding", None)),
    "q09": ("join accused to complaints on cr_id, group by year", f"""
SELECT CAST(strftime('%Y', c.complaint_date) AS INTEGER) AS year,
       COUNT(DISTINCT a.cr_id) AS crs, COUNT(*) AS n,
       {pct("a.final_finding = 'SU'")} AS sustained
FROM a JOIN c ON a.cr_id = c.cr_id
GROUP BY 1 ORDER BY (year IS NULL), year;"""),
    "q10": ("left join, whole-table agg", f"""
SELECT COUNT(DISTINCT a.cr_id) AS crs, COUNT(*) AS n,
       {pct("c.complaint_date IS NULL")} AS no_complaint
FROM a LEFT JOIN c ON a.cr_id = c.cr_id;"""),
    "q11": ("where year() and is nil, freq",
            freq("c", "location",
                 "CAST(strftime('%Y', complaint_date) AS INTEGER) >= 2010 AND city IS NULL")),
    "q12": ("where contains() and ~=, freq",
            freq("a", "final_outcome",
                 "instr(complaint_category, 'FORCE') > 0 AND final_outcome <> 'NO ACTION TAKEN'")),
    "q13": ("select, distinct, sort with missing last", """
SELECT DISTINCT final_finding, final_outcome FROM a
ORDER BY (final_finding IS NULL), final_finding, (final_outcome IS NULL), final_outcome;"""),
    "q14": ("group_by two keys: count, share", """
SELECT final_finding, final_outcome, COUNT(*) AS n,
       100.0 * SUM(cv) / (SELECT SUM(cv) FROM a) AS share_cv
FROM a GROUP BY final_finding, final_outcome
ORDER BY (final_finding IS NULL), final_finding, (final_outcome IS NULL), final_outcome;"""),
    "q15": ("freq of Finding (Detroit)", freq("d", "Finding")),
    "q16": ("group_by Allegation: every aggregate", f"""
SELECT Allegation, COUNT(DISTINCT CCR) AS ccr, MAX(Age) AS max_age, AVG(Age) AS mean_age,
       m.med AS median_age, MIN(Age) AS min_age, COUNT(*) AS n,
       {pct("Finding = 'Sustained'")} AS sustained
FROM d LEFT JOIN {median("d", "Allegation", "Age")} m ON m.k IS d.Allegation
GROUP BY Allegation ORDER BY (Allegation IS NULL), Allegation;"""),
    "q17": ("where on a range and a string, freq",
            freq("d", "Allegation", "Age >= 18 AND Age < 25 AND ctznSex = 'Female'")),
    "q18": ("crosstab ctznRace x Finding, column percentages",
            crosstab("d", "ctznRace", "Finding", "col")),
    "q19": ("group_by Entry: pct of is nil, pct of in ()", f"""
SELECT Entry, {pct("Unit IN ('11TH PRECINCT', '5TH PRECINCT')")} AS in_units,
       COUNT(*) AS n, {pct("Age IS NULL")} AS no_age
FROM d GROUP BY Entry ORDER BY (Entry IS NULL), Entry;"""),
    "q20": ("where lower() in (), crosstab, total percentages",
            crosstab("d", "ofcrSex", "Finding", "total", "lower(ofcrRace) IN ('black', 'b')")),
    "q21": ("mutate round(), group_by a float", """
SELECT ROUND(Age / 10.0) * 10 AS decade, AVG(Age) AS mean_age, COUNT(*) AS n
FROM d GROUP BY 1 ORDER BY (decade IS NULL), decade;"""),
    "q22": ("group_by final_finding: rate() of aggregates", """
SELECT final_finding, 1000.0 * SUM(cv) / COUNT(*) AS cv_per_1000, COUNT(*) AS n,
       100.0 * COUNT(*) / COUNT(DISTINCT cr_id) AS per_100_crs
FROM a GROUP BY final_finding ORDER BY (final_finding IS NULL), final_finding;"""),
    "q23": ("agg, then pct() and rate() row by row in mutate", """
SELECT Allegation, aged, n, 100.0 * aged / n AS aged_pct, 1000.0 * aged / n AS aged_per_1000
FROM (SELECT Allegation, COUNT(*) AS n,
             SUM(CASE WHEN Age >= 40 THEN 1 ELSE 0 END) AS aged
      FROM d GROUP BY Allegation)
ORDER BY (Allegation IS NULL), Allegation;"""),
    # window functions: ROWS frames (one row at a time, as cumsum runs),
    # missing values last in every order as oversight sorts them
    "q24": ("group_by Allegation: lag, lead, row_number, cumsum, change in an order", """
SELECT ObjectId, Allegation, CCR, Age,
       CASE WHEN Age IS NULL OR LAG(Age) OVER w IS NULL OR LAG(Age) OVER w = 0 THEN NULL
            ELSE 100.0 * (Age - LAG(Age) OVER w) / LAG(Age) OVER w END AS age_change,
       Age - LAG(Age) OVER w AS gap,
       LEAD(Age, 2, -1) OVER w AS next_age, LAG(Age) OVER w AS prev_age,
       ROW_NUMBER() OVER w AS rn,
       SUM(Age) OVER (w ROWS UNBOUNDED PRECEDING) AS running
FROM d WINDOW w AS (PARTITION BY Allegation ORDER BY (CCR IS NULL), CCR, ObjectId)
ORDER BY ObjectId;"""),
    "q25": ("group_by Allegation: rank, dense_rank by value and by order, share", """
SELECT ObjectId, Allegation, CCR, Age,
       DENSE_RANK() OVER (PARTITION BY Allegation ORDER BY (Age IS NULL), Age DESC)
         AS age_dense,
       RANK() OVER (PARTITION BY Allegation ORDER BY (Age IS NULL), Age) AS age_rank,
       CASE WHEN Age IS NULL OR SUM(Age) OVER (PARTITION BY Allegation) = 0 THEN NULL
            ELSE 100.0 * Age / SUM(Age) OVER (PARTITION BY Allegation) END AS age_share,
       RANK() OVER (PARTITION BY Allegation ORDER BY (CCR IS NULL), CCR DESC) AS pos,
       DENSE_RANK() OVER (PARTITION BY Allegation ORDER BY (CCR IS NULL), CCR DESC)
         AS pos_dense
FROM d ORDER BY ObjectId;"""),
    "q26": ("group_by two keys: share, cumsum of floats, lag of text", """
SELECT cr_id, UID, final_finding, cv, final_outcome,
       LAG(final_outcome) OVER w AS prev_outcome,
       SUM(UID) OVER (w ROWS UNBOUNDED PRECEDING) AS running_uid,
       CASE WHEN UID IS NULL OR SUM(UID) OVER (PARTITION BY final_finding, cv) = 0
            THEN NULL
            ELSE 100.0 * UID / SUM(UID) OVER (PARTITION BY final_finding, cv) END
         AS share_uid
FROM a WINDOW w AS (PARTITION BY final_finding, cv
                    ORDER BY (UID IS NULL), UID DESC, (cr_id IS NULL), cr_id)
ORDER BY (cr_id IS NULL), cr_id, (UID IS NULL), UID
LIMIT 3000;"""),
    "q27": ("mutate case ... end, group_by it, if() in and over aggregates", """
SELECT band, CASE WHEN COUNT(*) >= 1000 THEN 'yes' ELSE 'no' END AS big,
       AVG(CASE WHEN ctznSex = 'Female' THEN Age END) AS female_age, COUNT(*) AS n,
       SUM(CASE WHEN Finding = 'Sustained' THEN 1 ELSE 0 END) AS sustained
FROM (SELECT *, CASE WHEN Age IS NULL THEN 'unknown' WHEN Age < 25 THEN 'under 25'
                     WHEN Age < 40 THEN '25-39' ELSE '40+' END AS band FROM d)
GROUP BY band ORDER BY (band IS NULL), band;"""),
    "q28": ("simple case x when ... end; if() with a missing condition", """
SELECT older, COUNT(*) AS n, SUM(sus) AS sustained, COUNT(DISTINCT sus) AS with_finding
FROM (SELECT *, CASE Finding WHEN 'Sustained' THEN 1 WHEN 'Not Sustained' THEN 0 END AS sus,
             CASE WHEN Age >= 40 THEN 'yes' ELSE 'no' END AS older FROM d)
GROUP BY older ORDER BY (older IS NULL), older;"""),
    "q29": ("crosstab of a value: sum(Age) by Finding x ctznSex",
            value_crosstab("d", "Finding", "ctznSex", "SUM(Age)")),
    "q30": ("crosstab of a value: mean(Age) by Entry x ofcrSex",
            value_crosstab("d", "Entry", "ofcrSex", "AVG(Age)")),
    "q31": ("crosstab of a value: min(Age) by ctznSex x Finding",
            value_crosstab("d", "ctznSex", "Finding", "MIN(Age)")),
    "q32": ("crosstab of a value: max(Age) by ctznSex x Finding",
            value_crosstab("d", "ctznSex", "Finding", "MAX(Age)")),
    "q33": ("crosstab of a value: count_distinct(CCR) by Finding x ofcrSex",
            value_crosstab("d", "Finding", "ofcrSex", "COUNT(DISTINCT CCR)", zero=True)),
    "q34": ("crosstab of a value: count(Age) by Finding x ctznSex",
            value_crosstab("d", "Finding", "ctznSex", "COUNT(Age)", zero=True)),
    "q35": ("longer of two columns: UNION ALL in row, then column order", """
SELECT ObjectId, what, v FROM (
  SELECT ObjectId, 'CCR' AS what, CCR AS v, 0 AS k FROM d
  UNION ALL SELECT ObjectId, 'Age', Age, 1 FROM d)
ORDER BY ObjectId, k;"""),
    "q36": ("longer by a pattern, missing values dropped", """
SELECT ObjectId, name, value FROM (
  SELECT ObjectId, 'Age' AS name, Age AS value, 0 AS k FROM d WHERE Age IS NOT NULL
  UNION ALL SELECT ObjectId, 'CCR', CCR, 1 FROM d)
ORDER BY ObjectId, k;"""),
    "q37": ("group_by, then wider: counts, missing where no row",
            wider("SELECT Entry AS r, Finding AS c, COUNT(*) AS n FROM d GROUP BY 1, 2",
                  "Entry", "Finding", "n")),
    "q38": ("wider with agg = mean, ids and names in order of first appearance",
            wider("SELECT Entry AS r, Finding AS c, AVG(Age) AS m FROM d GROUP BY 1, 2",
                  "Entry", "Finding", "m")),
}


def pivot(rows, rname):
    """long crosstab rows (rt, rm, r, ct, cm, c, v) as the wide table"""
    label = lambda total, x: "Total" if total == "1" else ("(missing)" if x == "" else x)
    cols, table = [], {}
    order = []
    for rt, rm, r, ct, cm, c, v in rows:
        rl, cl = label(rt, r), label(ct, c)
        if cl not in cols:
            cols.append(cl)
        if rl not in table:
            table[rl] = {}
            order.append(rl)
        table[rl][cl] = v
    return [rname] + cols, [[rl] + [table[rl].get(c, "") for c in cols] for rl in order]


def read_md(path):
    """The table of a Markdown file: the lines before the blank line that
    opens the footnotes, with a small-number mark after a value left off
    (it says how far to trust the value, it is not part of it)."""
    lines = open(path, encoding="utf-8").read().split("\n\n")[0].splitlines()
    cells = lambda line: [x.strip().removesuffix("\u2020")
                          for x in line.strip()[1:-1].split(" | ")]
    return cells(lines[0]), [cells(line) for line in lines[2:]]


def number(s):
    try:
        return int(s)
    except ValueError:
        try:
            return float(s)
        except ValueError:
            return None


def same(ours, theirs, printed):
    """ours: CSV text; theirs: sqlite3's text; printed: ours as shown"""
    if ours == theirs and (printed == ours or printed.replace(",", "") == ours):
        return True
    if ours == theirs == "" and printed == "(missing)":
        return True  # a group key with no value is labelled, as crosstab labels it
    if ours == "" or theirs == "":
        return False
    a, b = number(ours), number(theirs)
    if a is None or b is None:
        return ours == theirs
    if isinstance(a, int) and isinstance(b, int):
        return a == b and printed.replace(",", "") == str(b)
    tol = 1e-12 * max(1.0, abs(b))
    if "." in ours and "e" not in ours.lower() and len(ours.split(".")[1]) <= 9:
        # a percentage or rate, written from its exact fraction to at most
        # 9 decimals: it must be sqlite3's value to its last digit
        tol = max(tol, 0.5 * 10.0 ** -len(ours.split(".")[1]) * (1 + 1e-9))
    if abs(a - b) > tol:
        return False
    plain = printed.replace(",", "")
    places = len(plain) - plain.index(".") - 1 if "." in plain else 0
    want = Decimal(theirs).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if want == 0:
        want = abs(want)  # a figure that rounds to zero prints no sign: 0.0, not -0.0
    return plain == str(want)


def main():
    db = "compare.sqlite"
    build(db)
    agree = 0
    for name, (what, sql) in QUERIES.items():
        out = sqlite(db, sql)
        got = list(csv.reader(io.StringIO(out)))
        drop = None
        if got and got[0] == ["no_column"]:
            drop = got[1][0] if got[1] else None  # NULL: an empty line
            got = got[2:]
        if got and got[0][:3] == ["rt", "rm", "r"]:
            header, theirs = pivot(got[1:], None)
        else:
            header, theirs = (got[0], got[1:]) if got else ([], [])
        with open(f"{name}.csv", newline="", encoding="utf-8") as f:
            mine = list(csv.reader(f))
        mhead, ours = mine[0], mine[1:]
        phead, printed = read_md(f"{name}.md")
        if header and header[0] is None:
            header[0] = mhead[0]
        if drop:
            k = header.index(drop)
            header = header[:k] + header[k + 1:]
            theirs = [r[:k] + r[k + 1:] for r in theirs]
        problems = []
        if mhead != header:
            problems.append(f"columns {mhead} != sqlite3's {header}")
        elif len(ours) != len(theirs):
            problems.append(f"{len(ours)} rows != sqlite3's {len(theirs)}")
        else:
            for i, (o, t, p) in enumerate(zip(ours, theirs, printed)):
                for j, col in enumerate(header):
                    if not same(o[j], t[j], p[j]):
                        problems.append(f"row {i + 1} {col}: ours {o[j]!r} (shown {p[j]!r}),"
                                        f" sqlite3 {t[j]!r}")
        status = "ok  " if not problems else "FAIL"
        print(f"{status} {name} {what}: {len(theirs)} rows x {len(header)} columns")
        for p in problems[:5]:
            print(f"     {p}")
        agree += not problems
    print(f"{agree} of {len(QUERIES)} queries agree with sqlite3")
    return 0 if agree == len(QUERIES) else 1


if __name__ == "__main__":
    sys.exit(main())
