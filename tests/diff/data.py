"""Generated tables for the differential tester: every column type, missing
values, integer and float edge values, text dictionaries sized around the
1-, 2- and 4-byte code widths, row counts around the 1,024-row block.

Two tables per round: T (the one queried) and M (joined to T). A value is
held in Python as int, float, str, bool, or a date as ISO text
('YYYY-MM-DD'); None is missing. Each table writes itself as CSV for
oversight and inserts itself into sqlite3 for the oracle.

NaN and infinities are never generated: CSV cannot carry NaN into sqlite3
(sqlite turns a NaN result into NULL), so the two engines could not be
compared on them; the NaN rules are tested by the Check suites instead.
"""
import csv
import datetime
import io
import math

INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1

# row counts: around the 1,024-row evaluation block, small tables, and now
# and then a large one (weights in the second element)
ROW_COUNTS = [
    (0, 2), (1, 3), (2, 3), (3, 2), (7, 3), (100, 4), (255, 2), (256, 2), (257, 2),
    (1023, 5), (1024, 5), (1025, 5), (2047, 3), (2048, 3), (2049, 4), (3073, 3),
    (4097, 2), (5000, 2), (65537, 1), (100000, 1),
]
# distinct texts in column s: around 256 (1-byte codes) and 65,536 (2-byte)
DICT_SIZES = [1, 2, 3, 10, 254, 255, 256, 257, 1000, 65535, 65536, 65537]

EDGE_INTS = [INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1, 0, -1, 1, 2,
             2 ** 31 - 1, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 1, -(2 ** 53 + 1),
             2 ** 62, -(2 ** 62), 10 ** 18, 999999999999]
EDGE_FLOATS = [0.0, -0.0, 1e300, -1e300, 5e-324, -5e-324, 2.2250738585072014e-308,
               0.1, 0.2, 0.30000000000000004, 1 / 3, -2 / 3, 2.0 ** 53, 2.0 ** 53 + 2,
               -(2.0 ** 62), 1e15 + 0.3, 123456.789, 0.5, 1.5, 2.5, -2.5, 2.675,
               1e-7, 12345678.9, 9.999999999999999e22, 4503599627370497.0]
# categories: cases that trip labels and names (crosstab's Total and
# (missing), names of other columns, text needing CSV quotes, non-ASCII)
CATEGORIES = ["Kent Police", "kent police", "KENT", " padded ", "Essex", "é", "Total",
              "(missing)", "c", "n", "x y", "a,b", 'say "hi"', "two\nlines", "Ünïcødé",
              "😀", "0", "007", "1e5", "true", "\t"]
# texts the loader reads as missing by default: never values in that mode
DEFAULT_NULLS = {"", "NA", "N/A", "NULL", "#N/A", "#VALUE!", "#REF!", "#DIV/0!",
                 "#NAME?", "#NUM!", "#NULL!"}

BOOL_STYLES = [("true", "false"), ("TRUE", "FALSE"), ("True", "False")]


class Column:
    """One column: name, type (int float str bool date), kind (how wild
    its values are: decides what expressions may do with it), values."""

    def __init__(self, name, type_, kind, values):
        self.name = name
        self.type = type_
        self.kind = kind
        self.values = values

    def sql_type(self):
        return {"int": "INTEGER", "float": "REAL", "str": "TEXT", "bool": "INTEGER",
                "date": "TEXT"}[self.type]


class Table:
    def __init__(self, name, columns, fmt):
        self.name = name
        self.columns = columns
        self.fmt = fmt  # CSV style: nulls, bools, dates, delim, newline

    @property
    def nrows(self):
        return len(self.columns[0].values) if self.columns else 0

    def column(self, name):
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def names(self):
        return [c.name for c in self.columns]

    def subset(self, rows=None, cols=None):
        """a copy with only the given row positions and column names"""
        cs = [c for c in self.columns if cols is None or c.name in cols]
        if rows is None:
            rows = range(self.nrows)
        return Table(self.name, [Column(c.name, c.type, c.kind, [c.values[i] for i in rows])
                                 for c in cs], self.fmt)

    # ---- CSV for oversight ----

    def cell_text(self, col, v):
        if v is None:
            return self.fmt["null"]
        if col.type == "int":
            return str(v)
        if col.type == "float":
            return repr(v)
        if col.type == "bool":
            return self.fmt["bool"][0] if v else self.fmt["bool"][1]
        if col.type == "date":
            y, m, d = v.split("-")
            return self.fmt["date"].format(y=y, m=m, d=d)
        return v

    def csv_text(self):
        out = io.StringIO()
        w = csv.writer(out, delimiter=self.fmt["delim"], lineterminator=self.fmt["newline"],
                       quoting=csv.QUOTE_MINIMAL)
        w.writerow(self.names())
        cols = self.columns
        for i in range(self.nrows):
            w.writerow([self.cell_text(c, c.values[i]) for c in cols])
        return out.getvalue()

    def forced(self, c):
        """is c's type given to load_csv (else the loader infers it)?"""
        if self.fmt["force"] or c.type == "str" or all(v is None for v in c.values):
            return True
        # the loader reads a decimal only from the text the double gives back;
        # Python's shortest text is that text except for subnormal numbers
        return c.type == "float" and any(v is not None and v != 0 and abs(v) < 2.3e-308
                                         for v in c.values)

    def lua_load(self, path):
        """the load_csv call that reads the CSV back with these types"""
        ty = {"int": "int", "float": "float", "str": "string", "bool": "bool", "date": "date"}
        types = ", ".join(f"[{lua_str(c.name)}] = {lua_str(ty[c.type])}" for c in self.columns
                          if self.forced(c))
        opts = [f"types = {{ {types} }}"]
        if self.fmt["null"] != "":
            opts.append(f"null = {{ {lua_str(self.fmt['null'])} }}")
        if self.fmt["delim"] != "," or self.fmt.get("say_delim"):
            opts.append(f"delim = {lua_str(self.fmt['delim'])}")
        return f"load_csv({lua_str(path)}, {{ {', '.join(opts)} }})"

    # ---- sqlite3 for the oracle ----

    def sql_create(self):
        cols = ", ".join(f"{sql_id(c.name)} {c.sql_type()}" for c in self.columns)
        return f"CREATE TABLE {sql_id(self.name)} ({cols})"

    def sql_rows(self):
        conv = []
        for c in self.columns:
            if c.type == "bool":
                conv.append([None if v is None else int(v) for v in c.values])
            else:
                conv.append(c.values)
        return list(zip(*conv)) if conv else []

    def sql_insert(self, db):
        db.execute(self.sql_create())
        marks = ", ".join("?" for _ in self.columns)
        db.executemany(f"INSERT INTO {sql_id(self.name)} VALUES ({marks})", self.sql_rows())

    def sql_dump(self):
        """CREATE and INSERT statements, for a standalone repro"""
        lines = [self.sql_create() + ";"]
        for row in self.sql_rows():
            lines.append(f"INSERT INTO {sql_id(self.name)} VALUES ("
                         + ", ".join(sql_lit(v) for v in row) + ");")
        return "\n".join(lines) + "\n"


def lua_str(s):
    """a Lua string literal for s (bytes beyond ASCII kept as they are)"""
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\0":
            out.append("\\0")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def sql_id(name):
    return '"' + name.replace('"', '""') + '"'


def sql_lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        r = repr(v)
        return r if r not in ("inf", "-inf", "nan") else "NULL"
    return "'" + v.replace("'", "''") + "'"


# ---------------------------------------------------------------------------
# values
# ---------------------------------------------------------------------------

def _missing(rng, values, rate):
    if rate <= 0:
        return values
    return [None if rng.random() < rate else v for v in values]


def _miss_rate(rng):
    return rng.choice([0, 0, 0, 0.01, 0.05, 0.2, 0.5, 1.0])


def wild_ints(rng, n):
    """mostly ordinary numbers, with 64-bit edges sprinkled (or none)"""
    density = rng.choice([0, 0.001, 0.01, 0.1, 0.5])
    span = rng.choice([10, 1000, 10 ** 6, 10 ** 12])
    out = []
    for _ in range(n):
        r = rng.random()
        if r < density:
            out.append(rng.choice(EDGE_INTS))
        elif r < density * 1.2:
            out.append(rng.randint(INT64_MIN, INT64_MAX))
        else:
            out.append(rng.randint(-span, span))
    return out


def wild_floats(rng, n):
    density = rng.choice([0, 0.01, 0.1, 0.5])
    out = []
    for _ in range(n):
        r = rng.random()
        if r < density:
            out.append(rng.choice(EDGE_FLOATS))
        else:
            e = rng.randint(-12, 12)
            out.append(rng.uniform(-1, 1) * 10.0 ** e)
    return out


def tame_floats(rng, n):
    places = rng.choice([1, 2, 3])
    return [round(rng.uniform(-1000, 1000), places) for _ in range(n)]


def dates(rng, n, lo, hi, edges=()):
    base = datetime.date(1970, 1, 1)
    a = (datetime.date(*lo) - base).days
    b = (datetime.date(*hi) - base).days
    out = []
    for _ in range(n):
        if edges and rng.random() < 0.05:
            out.append(rng.choice(edges))
        else:
            out.append((base + datetime.timedelta(days=rng.randint(a, b))).isoformat())
    return out


DATE_EDGES = ["1970-01-01", "1969-12-31", "2000-02-29", "1900-03-01", "2038-01-19",
              "1601-01-01", "0001-01-01", "9999-12-31"]

TEXT_PIECES = ["a", "B", "z", " ", "é", "ß", "Ω", "😀", "-", "_", "0", "9", ",", '"', "'",
               "x", "Y", "\t", "ünï", "İ"]


def text_dict(rng, size, null_mode):
    """size distinct texts of varied shapes"""
    seen = set()
    out = []
    forms = 0
    while len(out) < size:
        forms += 1
        r = rng.random()
        if r < 0.5:
            s = "v" + str(len(out))
        elif r < 0.6:
            s = rng.choice(CATEGORIES)
        elif r < 0.7:
            pad = " " * rng.randint(0, 2)
            s = pad + "w" + str(rng.randint(0, 10 ** 6)) + " " * rng.randint(0, 2)
        elif r < 0.75:
            s = rng.choice(["", "NA", "NULL", "n/a"])
        else:
            s = "".join(rng.choice(TEXT_PIECES) for _ in range(rng.randint(0, 6)))
        if null_mode == "" and s in DEFAULT_NULLS:
            continue
        if s in seen:
            if forms > size * 20:
                s = "u" + str(len(out)) + "_" + str(forms)
            else:
                continue
        seen.add(s)
        out.append(s)
    return out


def spread(rng, pool, n):
    """n values from pool, each appearing at least once when n allows"""
    vals = list(pool[:n]) + [rng.choice(pool) for _ in range(max(0, n - len(pool)))]
    rng.shuffle(vals)
    return vals


# ---------------------------------------------------------------------------
# the tables of one round
# ---------------------------------------------------------------------------

def pick_rows(rng, big_ok=True):
    choices = [(n, w) for n, w in ROW_COUNTS if big_ok or n <= 5000]
    total = sum(w for _, w in choices)
    r = rng.uniform(0, total)
    for n, w in choices:
        r -= w
        if r <= 0:
            return n
    return choices[-1][0]


def csv_format(rng):
    return {
        "null": rng.choice(["", "", "\\N"]),
        "bool": rng.choice(BOOL_STYLES),
        "date": rng.choice(["{y}-{m}-{d}", "{y}-{m}-{d}", "{y}/{m}/{d}"]),
        "delim": rng.choice([",", ",", ",", "\t", ";", "|"]),
        "newline": rng.choice(["\n", "\n", "\r\n"]),
        "force": rng.random() < 0.5,  # every type given, or inferred where it can be
    }


def make_tables(rng, nrows=None, big_ok=True, avoid=()):
    n = pick_rows(rng, big_ok) if nrows is None else nrows
    fmt = csv_format(rng)
    nkeys = rng.choice([2, 5, 20, 200, 3000])
    dsize = rng.choice([d for d in DICT_SIZES if d <= max(n, 1)] or [1])
    sdict = text_dict(rng, dsize, fmt["null"])
    cats = [c for c in rng.sample(CATEGORIES, rng.randint(1, 12))
            if not (fmt["null"] == "" and c in DEFAULT_NULLS)]
    if not cats:
        cats = ["only"]
    keytexts = [rng.choice(["k", "K", "é", " k"]) + str(i) for i in range(nkeys)]
    keydates = dates(rng, nkeys, (1990, 1, 1), (2030, 12, 31), DATE_EDGES)
    keyfloats = [rng.choice([i * 0.5, -i * 0.5, float(i)]) for i in range(nkeys)] + [-0.0, 0.0]

    def mk(name, type_, kind, vals, rate=None):
        r = _miss_rate(rng) if rate is None else rate
        if type_ == "str" and "empty_dict" in avoid and r >= 1:
            r = 0.5
        vals = _missing(rng, vals, r)
        if type_ == "str" and "empty_dict" in avoid and vals and all(v is None for v in vals):
            vals[0] = "x"
        return Column(name, type_, kind, vals)

    # T's keys range past M's, so a left join leaves rows unmatched
    tk = lambda: rng.randint(-1, int(nkeys * rng.choice([1, 1.5, 3])))
    cols = [
        Column("id", "int", "id", list(range(1, n + 1))),
        mk("i", "int", "wild", wild_ints(rng, n)),
        mk("j", "int", "tame", [rng.randint(-20, 20) for _ in range(n)]),
        mk("n", "int", "nonneg", [rng.randint(0, 1000) for _ in range(n)]),
        mk("f", "float", "wild", wild_floats(rng, n)),
        mk("g", "float", "tame", tame_floats(rng, n)),
        mk("s", "str", "any", spread(rng, sdict, n)),
        mk("c", "str", "any", [rng.choice(cats) for _ in range(n)]),
        mk("b", "bool", "any", [rng.random() < 0.5 for _ in range(n)]),
        mk("d", "date", "safe", dates(rng, n, (1900, 1, 1), (2100, 12, 31))),
        mk("k", "int", "tame", [tk() for _ in range(n)]),
        mk("ks", "str", "any", [rng.choice(keytexts) + ("" if rng.random() < 0.7 else "x")
                                for _ in range(n)]),
        mk("kd", "date", "edge", [rng.choice(keydates) if rng.random() < 0.8 else
                                  rng.choice(DATE_EDGES) for _ in range(n)]),
        mk("kf", "float", "tame", [rng.choice(keyfloats) + (0.25 if rng.random() < 0.2 else 0)
                                   for _ in range(n)]),
        mk("kb", "bool", "any", [rng.random() < 0.3 for _ in range(n)]),
        mk("x y", "int", "tame", [rng.randint(-3, 3) for _ in range(n)]),
    ]
    t = Table("T", cols, fmt)

    # M: keys of every type, with repeats (many-to-many) and missing keys
    m = rng.choice([0, 1, 2, 5, 50, 300, 1000, 2000])
    if m == 0 and "empty_dict" in avoid:
        m = 1
    mfmt = csv_format(rng)
    mdict = rng.choice([1, 3, 200, 256, 257, 300])
    if n <= 5000 and rng.random() < 0.05:
        m, mdict = 70000, 65537  # 4-byte text codes on the right of a join
    msd = text_dict(rng, min(mdict, max(m, 1)), mfmt["null"])
    mk_key_int = rng.random() < 0.8  # else M's k is float: 1 meets 1.0
    mcols = [
        mk("k", "int" if mk_key_int else "float", "tame",
           [rng.randint(0, nkeys) if mk_key_int else float(rng.randint(0, nkeys)) +
            (0.5 if rng.random() < 0.1 else 0.0) for _ in range(m)], rng.choice([0, 0, 0.05])),
        mk("ks", "str", "any", [rng.choice(keytexts) for _ in range(m)], rng.choice([0, 0.05])),
        mk("kd", "date", "edge", [rng.choice(keydates) for _ in range(m)], rng.choice([0, 0.05])),
        mk("kf", "float", "tame", [rng.choice(keyfloats) for _ in range(m)], rng.choice([0, 0.05])),
        mk("kb", "bool", "any", [rng.random() < 0.5 for _ in range(m)], rng.choice([0, 0.05])),
        mk("ms", "str", "any", spread(rng, msd, m)),
        mk("md", "date", "safe", dates(rng, m, (1950, 1, 1), (2050, 12, 31))),
        mk("mb", "bool", "any", [rng.random() < 0.5 for _ in range(m)]),
        mk("mi", "int", "tame", [rng.randint(-100, 100) for _ in range(m)]),
        mk("mf", "float", "tame", tame_floats(rng, m)),
    ]
    if rng.random() < 0.3:
        mcols.append(mk("g", "float", "tame", tame_floats(rng, m)))  # clashes: g_2
    rng.shuffle(mcols)
    mt = Table("M", mcols, mfmt)
    return t, mt


# ---------------------------------------------------------------------------
# how oversight prints a value as a label (crosstab headers and row labels)
# ---------------------------------------------------------------------------

def shortest_digits(v):
    """digits and exponent as value.c's shortest_digits: 15 to 17 digits"""
    for p in (15, 16, 17):
        s = "%.*e" % (p - 1, v)
        if p == 17 or float(s) == v:
            break
    mant, exp = s.split("e")
    digits = mant.replace(".", "").replace("-", "")
    digits = digits.rstrip("0") or "0"
    return digits, int(exp)


def float_text(v):
    """ov_value_format_float(v, OV_FLOAT_G)"""
    if v == 0:
        return "-0" if math.copysign(1, v) < 0 else "0"
    neg = v < 0
    digits, e10 = shortest_digits(abs(v))
    nd = len(digits)
    out = "-" if neg else ""
    if -4 <= e10 < 16:
        if e10 < 0:
            out += "0." + "0" * (-e10 - 1) + digits
        else:
            out += "".join(digits[i] if i < nd else "0" for i in range(e10 + 1))
            if nd > e10 + 1:
                out += "." + digits[e10 + 1:]
    else:
        out += digits[0]
        if nd > 1:
            out += "." + digits[1:]
        out += "e%s%02d" % ("-" if e10 < 0 else "+", abs(e10))
    return out


def label(type_, v, boolstyle=("true", "false")):
    if v is None:
        return "(missing)"
    if type_ == "float":
        return float_text(v)
    if type_ == "bool":
        return boolstyle[0] if v else boolstyle[1]
    return str(v)
