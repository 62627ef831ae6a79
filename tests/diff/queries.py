"""Generated queries: a pipeline of steps on T (where, join with M, mutate,
sort, distinct, head, select, rename) ending in rows, an aggregate (whole
table or group_by), freq or crosstab. Each step renders as an oversight
method call and as an SQL common table expression; the order oversight
promises (table order kept by where and join, sort stable with missing
last, groups by key, freq by count then value) is carried in SQL by a
row-order column __o, so every result compares as a sequence.
"""
import re

from data import lua_str, sql_id
from exprs import Gen, AVOID


def lua_value(v):
    """a value as Lua source, for where{...}"""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return "math.mininteger" if v == -2 ** 63 else str(v)
    if isinstance(v, float):
        return repr(v)
    return lua_str(v)


def sql_value(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return f"({v!r})"
    return "'" + v.replace("'", "''") + "'"


def plain(name):
    """a column name an expression can hold as it is"""
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) is not None and name not in (
        "and", "or", "not", "in", "is", "nil", "true", "false")


def info(type_, kind="any", style=None, origin="T"):
    return {"type": type_, "kind": kind, "style": style, "origin": origin}


def table_schema(table, origin):
    return [(c.name, info(c.type, c.kind, table.fmt["bool"] if c.type == "bool" else None,
                          origin)) for c in table.columns]


class Step:
    """lua: the method call (":where(...)"); sql: the CTE body, with {prev}
    for the previous step's name; schema after the step; probes: SQL
    expressions over the previous step's rows whose typeof 'real' means
    a 64-bit overflow (an error expected)."""

    def __init__(self, kind, lua, sql, schema, probes=()):
        self.kind = kind
        self.lua = lua
        self.sql = sql
        self.schema = schema
        self.probes = list(probes)


class Query:
    """steps, then a terminal: ("rows", cols) ("agg", keys, aggs)
    ("freq", col) ("crosstab", a, b, pct) ("crosstab", a, b, None, value, agg)"""

    def __init__(self, qid, steps, terminal):
        self.qid = qid
        self.steps = steps
        self.terminal = terminal

    # ---- oversight ----

    def lua(self):
        """the expression that yields the result table"""
        s = "T" + "".join(st.lua for st in self.steps)
        t = self.terminal
        if t[0] == "agg":
            keys, aggs, form = t[1], t[2], t[3]
            if form == "map":
                body = "{ " + ", ".join(f"[{lua_str(n)}] = {lua_str(e.lua)}"
                                        for n, e, _ in aggs) + " }"
            else:
                body = "{ " + ", ".join(f"{{ {lua_str(n)}, {lua_str(e.lua)} }}"
                                        for n, e, _ in aggs) + " }"
            if keys:
                s += ":group_by(" + ", ".join(lua_str(k) for k in keys) + ")"
            s += ":agg" + body
        elif t[0] == "freq":
            s += f":freq({lua_str(t[1])})"
        elif t[0] == "crosstab":
            opt = "" if t[3] is None else f", {{ pct = {lua_str(t[3])} }}"
            if len(t) > 4:
                opt = f", {{ value = {lua_str(t[4])}, agg = {lua_str(t[5])} }}"
            s += f":crosstab({lua_str(t[1])}, {lua_str(t[2])}{opt})"
        return s

    def out_cols(self):
        """for rows: the columns printed"""
        return self.terminal[1] if self.terminal[0] == "rows" else None

    # ---- sqlite3 ----

    def ctes(self):
        parts = ['s0 AS (SELECT rowid AS __o, * FROM "T")']
        for k, st in enumerate(self.steps, 1):
            parts.append(f"s{k} AS ({st.sql.replace('{prev}', f's{k - 1}')})")
        return "WITH " + ",\n  ".join(parts)

    def last(self):
        return f"s{len(self.steps)}"

    def probe_sql(self):
        """one query: 1 if any 64-bit overflow happens on the way"""
        ors = []
        for k, st in enumerate(self.steps, 1):
            if st.probes:
                cond = " OR ".join(f"typeof({p}) = 'real'" for p in st.probes)
                ors.append(f"EXISTS (SELECT 1 FROM s{k - 1} WHERE {cond})")
        t = self.terminal
        if t[0] == "agg":
            probes = [p for _, e, _ in t[2] for p in e.probes]
            if probes:
                cond = " OR ".join(f"typeof({p}) = 'real'" for p in probes)
                ors.append(f"EXISTS (SELECT 1 FROM {self.last()} WHERE {cond})")
        if not ors:
            return None
        return self.ctes() + "\nSELECT " + " OR ".join(ors)

class Builder:
    def __init__(self, rng, T, M, avoid=AVOID, max_join_rows=300000):
        self.rng = rng
        self.max_join_rows = max_join_rows
        self.T = T
        self.M = M
        self.avoid = avoid
        self.tschema = table_schema(T, "T")
        self.mschema = table_schema(M, "M")

    def gen(self, schema):
        return Gen(self.rng, schema, self.avoid)

    # ---- steps ----

    def where(self, schema):
        c = self.gen(schema).cond(self.rng.choice([1, 2, 3]))
        return Step("where", f":where({lua_str(c.lua)})",
                    f"SELECT * FROM {{prev}} WHERE {c.truth()}", schema, c.probes)

    def where_table(self, schema):
        """where{ col = value, col2 = { v1, v2 } }: equalities built by the
        Lua layer, on values T really holds"""
        rng = self.rng
        cands = [(n, i) for n, i in schema if i["origin"] == "T" and n in self.T.names()
                 and i["type"] in ("int", "float", "str", "bool", "date")]
        if not cands:
            return None
        parts, conds = [], []
        for name, inf in rng.sample(cands, min(len(cands), rng.choice([1, 1, 2]))):
            vals = [v for v in self.T.column(name).values if v is not None]
            if not vals:
                return None
            pick = [rng.choice(vals) for _ in range(rng.choice([1, 1, 2, 3]))]
            # one value is ==, exact; a list is `in`, which compares doubles
            big = "int_as_double" in self.avoid and inf["type"] == "int" and \
                any(abs(v) >= 2 ** 53 for v in pick)
            if big:
                pick = pick[:1]
            lits = [lua_value(v) for v in pick]
            sqls = [sql_value(v) for v in pick]
            if len(pick) == 1 and (big or rng.random() < 0.7):
                parts.append(f"[{lua_str(name)}] = {lits[0]}")
                conds.append(f"COALESCE({sql_id(name)} = {sqls[0]}, 0)")
            else:
                parts.append(f"[{lua_str(name)}] = {{ {', '.join(lits)} }}")
                conds.append(f"COALESCE({sql_id(name)} IN ({', '.join(sqls)}), 0)")
        return Step("where", ":where{ " + ", ".join(parts) + " }",
                    f"SELECT * FROM {{prev}} WHERE {' AND '.join(conds)}", schema)

    def join(self, schema):
        rng = self.rng
        names = dict(schema)
        mnames = dict(self.mschema)
        keys = [k for k in ("k", "ks", "kd", "kf", "kb")
                if k in names and k in mnames and
                (names[k]["type"] == mnames[k]["type"] or
                 {names[k]["type"], mnames[k]["type"]} == {"int", "float"})]
        if not keys:
            return None
        chosen = [rng.choice(keys)]
        if len(keys) > 1 and rng.random() < 0.2:
            chosen.append(rng.choice([k for k in keys if k != chosen[0]]))
        if self.join_rows(chosen) > self.max_join_rows:
            return None  # many-to-many on few values: too big to be quick
        how = rng.choice(["inner", "left", "left"])
        new = list(schema)
        taken = {n for n, _ in new}
        sel = [f"l.{sql_id(n)}" for n, _ in schema]
        for n, inf in self.mschema:
            if n in chosen:
                continue
            out = n
            while out in taken:
                out += "_2"
            taken.add(out)
            new.append((out, dict(inf)))
            sel.append(f"r.{sql_id(n)} AS {sql_id(out)}")
        on = " AND ".join(f"l.{sql_id(k)} = r.{sql_id(k)}" for k in chosen)
        keyarg = lua_str(chosen[0]) if len(chosen) == 1 and rng.random() < 0.7 else \
            "{ " + ", ".join(lua_str(k) for k in chosen) + " }"
        opt = "" if how == "inner" and rng.random() < 0.5 else f", {{ how = {lua_str(how)} }}"
        sql = (f"SELECT ROW_NUMBER() OVER (ORDER BY l.__o, r.rowid) AS __o, {', '.join(sel)} "
               f"FROM {{prev}} l {'LEFT ' if how == 'left' else ''}JOIN \"M\" r ON {on}")
        return Step("join", f":join(M, {keyarg}{opt})", sql, new)

    def mutate(self, schema):
        rng = self.rng
        g = self.gen(schema)
        n = rng.randint(1, 3)
        made = []
        names = [nm for nm, _ in schema]
        for k in range(n):
            if rng.random() < 0.2 and names:
                name = rng.choice(names)  # replaced in place
            else:
                name = rng.choice(["e1", "e2", "e3", "new col", "z"])
            if any(name == m[0] for m in made):
                continue
            made.append((name, g.any(rng.choice([1, 2, 3]))))
        new = []
        cols = []
        for nm, inf in schema:
            repl = [e for m, e in made if m == nm]
            if repl:
                e = repl[0]
                new.append((nm, self.ex_info(e)))
                cols.append(f"{e.sql} AS {sql_id(nm)}")
            else:
                new.append((nm, inf))
                cols.append(sql_id(nm))
        for nm, e in made:
            if nm not in names:
                new.append((nm, self.ex_info(e)))
                cols.append(f"{e.sql} AS {sql_id(nm)}")
        probes = [p for _, e in made for p in e.probes]
        if rng.random() < 0.5 or len(made) == 1:
            body = "{ " + ", ".join(f"{{ {lua_str(m)}, {lua_str(e.lua)} }}" for m, e in made) + " }"
        else:
            # a map: oversight adds new columns in name order
            made_sorted = sorted(made, key=lambda m: m[0].encode())
            body = "{ " + ", ".join(f"[{lua_str(m)}] = {lua_str(e.lua)}" for m, e in made) + " }"
            new = [x for x in new if x[0] in names]
            cols = cols[:len(names)]
            for nm, e in made_sorted:
                if nm not in names:
                    new.append((nm, self.ex_info(e)))
                    cols.append(f"{e.sql} AS {sql_id(nm)}")
        return Step("mutate", f":mutate{body}", f"SELECT __o, {', '.join(cols)} FROM {{prev}}",
                    new, probes)

    def window(self, schema):
        """mutate with window functions, in groups (or none) and in an order
        (or the table's): each as sqlite3's OVER (PARTITION BY ... ORDER BY
        ...), the order's ties broken by __o as oversight keeps the table's
        order; rank() and dense_rank() tie on the order keys alone. The
        arithmetic ones take well-behaved whole numbers only (no overflow to
        predict: that is mutate's arithmetic, tested there)."""
        rng = self.rng
        names = [nm for nm, _ in schema]
        keys = [nm for nm, _ in rng.sample(schema, min(rng.choice([0, 1, 1, 2]), len(schema)))]
        by = rng.sample(schema, min(rng.choice([0, 1, 1, 2]), len(schema)))
        specs, order = [], []
        for nm, _ in by:
            desc = rng.random() < 0.4
            specs.append(("-" if desc else "") + nm)
            order.append(f"({sql_id(nm)} IS NULL), {sql_id(nm)}{' DESC' if desc else ''}")
        part = "PARTITION BY " + ", ".join(sql_id(k) for k in keys) if keys else ""
        ties = f"OVER ({part} ORDER BY {', '.join(order + ['__o'])})"
        rows = f"OVER ({part} ORDER BY {', '.join(order + ['__o'])} ROWS UNBOUNDED PRECEDING)"
        whole = f"OVER ({part})"
        counts = [nm for nm, i in schema if i["type"] == "int" and i["kind"] in ("tame", "nonneg", "id")]
        ranked = [nm for nm, i in schema if i["type"] in ("int", "float", "str")]
        made = []
        for k in range(rng.randint(1, 3)):
            name = rng.choice(["w1", "w2", "w3", "win col"])
            if name in names or any(name == m[0] for m in made):
                continue
            fn = rng.choice(["lag", "lead", "row_number", "rank", "dense_rank", "rank_x",
                             "cumsum", "share", "change"])
            if fn in ("cumsum", "share", "change") and not counts:
                fn = "lag"
            if fn in ("rank", "dense_rank") and not order:
                fn = "row_number"
            if fn in ("lag", "lead"):
                x = rng.choice(names)
                xi = dict(schema)[x]
                kk = rng.choice([None, 0, 1, 2, 3])
                dflt = rng.choice([None, rng.randint(-5, 5)]) if xi["type"] == "int" else None
                args = [x] + ([] if kk is None and dflt is None else [str(1 if kk is None else kk)])
                sargs = [sql_id(x), "1" if kk is None else str(kk)]
                if dflt is not None:
                    args.append(str(dflt))
                    sargs.append(str(dflt))
                if not plain(x):
                    continue
                lua = f"{fn}({', '.join(args)})"
                sql = f"{fn.upper()}({', '.join(sargs)}) {ties}"
                inf = dict(xi, origin="computed")
                if dflt is not None:
                    inf = info("int", "wild" if xi["kind"] == "wild" else "tame", None, "computed")
            elif fn == "row_number":
                lua, sql, inf = "row_number()", f"ROW_NUMBER() {ties}", info("int", "tame")
            elif fn in ("rank", "dense_rank"):
                lua = f"{fn}()"
                sql = f"{fn.upper()}() OVER ({part} ORDER BY {', '.join(order)})"
                inf = info("int", "tame")
            elif fn == "rank_x":
                x = rng.choice(ranked) if ranked else None
                if x is None or not plain(x):
                    continue
                neg = x in counts and rng.random() < 0.5
                f2 = rng.choice(["rank", "dense_rank"])
                lua = f"{f2}({'-' if neg else ''}{x})"
                sql = (f"{f2.upper()}() OVER ({part} ORDER BY ({sql_id(x)} IS NULL), "
                       f"{sql_id(x)}{' DESC' if neg else ''})")
                inf = info("int", "tame")
            else:
                x = rng.choice(counts)
                if not plain(x):
                    continue
                X = sql_id(x)
                lua = f"{fn}({x})"
                if fn == "cumsum":
                    sql, inf = f"SUM({X}) {rows}", info("int", "tame")
                elif fn == "share":
                    sql = (f"CASE WHEN {X} IS NULL OR SUM({X}) {whole} = 0 THEN NULL "
                           f"ELSE 100.0 * {X} / SUM({X}) {whole} END")
                    inf = info("float", "wild")
                else:
                    prev = f"LAG({X}) {ties}"
                    sql = (f"CASE WHEN {X} IS NULL OR {prev} IS NULL OR {prev} = 0 THEN NULL "
                           f"ELSE 100.0 * ({X} - {prev}) / {prev} END")
                    inf = info("float", "wild")
            made.append((name, lua, sql, inf))
        if not made:
            return None
        body = "{ " + ", ".join(f"{{ {lua_str(m)}, {lua_str(l)} }}" for m, l, _, _ in made) + " }"
        opts = []
        if specs:
            opts.append("order_by = { " + ", ".join(lua_str(sp) for sp in specs) + " }")
        call = f":mutate({body}" + (", { " + ", ".join(opts) + " }" if opts else "") + ")"
        if keys:
            call = ":group_by(" + ", ".join(lua_str(k) for k in keys) + ")" + call
        cols = [sql_id(nm) for nm in names] + [f"{q} AS {sql_id(m)}" for m, _, q, _ in made]
        new = list(schema) + [(m, inf) for m, _, _, inf in made]
        return Step("window", call, f"SELECT __o, {', '.join(cols)} FROM {{prev}}", new)

    @staticmethod
    def ex_info(e):
        if e.type in ("int", "float"):
            kind = "tame" if e.mag <= 4 and not e.big and not e.tiny else "wild"
        elif e.type == "date":
            kind = "edge"
        else:
            kind = "any"
        return info(e.type, kind, ("true", "false") if e.type == "bool" else None, "computed")

    def sort(self, schema):
        rng = self.rng
        n = rng.randint(1, 3)
        keys = rng.sample(schema, min(n, len(schema)))
        specs, order = [], []
        for nm, _ in keys:
            desc = rng.random() < 0.4
            specs.append(("-" if desc else rng.choice(["", "", "+"])) + nm)
            order.append(f"({sql_id(nm)} IS NULL), {sql_id(nm)}{' DESC' if desc else ''}")
        cols = ", ".join(sql_id(nm) for nm, _ in schema)
        sql = (f"SELECT ROW_NUMBER() OVER (ORDER BY {', '.join(order)}, __o) AS __o, {cols} "
               f"FROM {{prev}}")
        return Step("sort", ":sort(" + ", ".join(lua_str(s) for s in specs) + ")", sql, schema)

    def distinct(self, schema):
        rng = self.rng
        if rng.random() < 0.3:
            names = []
            by = [nm for nm, _ in schema]
        else:
            names = [nm for nm, _ in rng.sample(schema, min(rng.randint(1, 3), len(schema)))]
            by = names
        grp = ", ".join(sql_id(n) for n in by)
        sql = f"SELECT * FROM {{prev}} WHERE __o IN (SELECT MIN(__o) FROM {{prev}} GROUP BY {grp})"
        return Step("distinct", ":distinct(" + ", ".join(lua_str(n) for n in names) + ")", sql,
                    schema)

    def head(self, schema):
        n = self.rng.choice([0, 1, 5, 1000, 1500, 5000])
        return Step("head", f":head({n})", f"SELECT * FROM {{prev}} ORDER BY __o LIMIT {n}", schema)

    def tail(self, schema):
        n = self.rng.choice([0, 1, 5, 1000, 1500, 5000])
        return Step("tail", f":tail({n})", f"SELECT * FROM (SELECT * FROM {{prev}} ORDER BY __o DESC "
                    f"LIMIT {n}) ORDER BY __o", schema)

    def drop(self, schema):
        if len(schema) < 2:
            return None
        gone = [n for n, _ in self.rng.sample(schema, self.rng.randint(1, len(schema) - 1))]
        keep = [(n, i) for n, i in schema if n not in gone]
        cols = ", ".join(sql_id(n) for n, _ in keep)
        return Step("drop", ":drop(" + ", ".join(lua_str(n) for n in gone) + ")",
                    f"SELECT __o, {cols} FROM {{prev}}", keep)

    def select(self, schema):
        rng = self.rng
        keep = rng.sample(schema, rng.randint(1, len(schema)))
        if "id" in dict(schema) and rng.random() < 0.8 and not any(n == "id" for n, _ in keep):
            keep.append(("id", dict(schema)["id"]))
        cols = ", ".join(sql_id(n) for n, _ in keep)
        return Step("select", ":select(" + ", ".join(lua_str(n) for n, _ in keep) + ")",
                    f"SELECT __o, {cols} FROM {{prev}}", keep)

    def rename(self, schema):
        rng = self.rng
        nm, inf = rng.choice(schema)
        new_name = rng.choice(["renamed", "r 2", "é", "pct", "cum_pct", "valid_pct", "Total"])
        if new_name in dict(schema):
            return None
        new = [(new_name if n == nm else n, i) for n, i in schema]
        cols = ", ".join(f"{sql_id(n)} AS {sql_id(new_name)}" if n == nm else sql_id(n)
                         for n, _ in schema)
        return Step("rename", f":rename{{ [{lua_str(nm)}] = {lua_str(new_name)} }}",
                    f"SELECT __o, {cols} FROM {{prev}}", new)

    def join_rows(self, keys):
        """at most how many rows T:join(M, keys) has"""
        count = {}
        mcols = [self.M.column(k).values for k in keys]
        for row in zip(*mcols):
            if None not in row:
                count[row] = count.get(row, 0) + 1
        tcols = [self.T.column(k).values for k in keys]
        return sum(count.get(row, 1) for row in zip(*tcols))

    # ---- terminals ----

    def rows_terminal(self, schema):
        rng = self.rng
        names = [n for n, _ in schema]
        cols = ["id"] if "id" in names else []
        others = [n for n in names if n != "id"]
        mside = [n for n, i in schema if i["origin"] == "M"]
        pick = rng.sample(others, min(len(others), rng.randint(1, 3)))
        pick += rng.sample(mside, min(len(mside), 3))
        for p in pick:
            if p not in cols:
                cols.append(p)
        return ("rows", cols or names[:1])

    def agg_terminal(self, schema):
        rng = self.rng
        g = self.gen(schema)
        nkeys = rng.choice([0, 1, 1, 1, 2])
        keys = [n for n, _ in rng.sample(schema, min(nkeys, len(schema)))]
        aggs = []
        used = set(keys)
        for k in range(rng.randint(1, 4)):
            name = rng.choice([f"a{k + 1}", f"a{k + 1}", "agg col", "g", "z"])
            if name in used:
                continue
            used.add(name)
            e, scale = g.aggregate()
            aggs.append((name, e, scale))
        if not aggs:
            e, scale = g.aggregate()
            aggs.append(("a1", e, scale))
        form = "map" if rng.random() < 0.3 else "list"
        if form == "map":
            aggs.sort(key=lambda a: a[0].encode())
        return ("agg", keys, aggs, form)

    def freq_terminal(self, schema):
        return ("freq", self.rng.choice(schema)[0])

    def crosstab_terminal(self, schema):
        rng = self.rng
        ok = [(n, i) for n, i in schema if not (i["type"] == "bool" and i["origin"] == "computed")]
        if len(ok) < 2:
            return None
        (a, _), (b, _) = rng.sample(ok, 2)
        # mostly columns with few values: a crosstab has at most 1,000 columns
        few = [n for n, i in ok if n in ("c", "b", "kb", "j", "x y", "mb", "k", "d", "ks", "kf")]
        if few and rng.random() < 0.8:
            b = rng.choice(few)
            if a == b:
                a = rng.choice([n for n, _ in ok if n != b])
        # now and then a crosstab of a value; sum and mean are left to the
        # agg terminal, whose tolerances know the sums' magnitudes
        nums = [n for n, i in ok if i["type"] in ("int", "float") and n not in (a, b)]
        if nums and rng.random() < 0.4:
            return ("crosstab", a, b, None, rng.choice(nums),
                    rng.choice(["count", "count_distinct", "min", "max"]))
        return ("crosstab", a, b, rng.choice([None, None, "row", "col", "total"]))

    def query(self, qid):
        rng = self.rng
        schema = self.tschema
        steps = []
        if rng.random() < 0.2:
            st = self.where(schema) if rng.random() < 0.7 else self.where_table(schema)
            if st is not None:
                steps.append(st)
        if rng.random() < 0.4:
            st = self.join(schema)
            if st is not None:
                steps.append(st)
                schema = st.schema
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            kind = rng.choice(["where", "where", "where_table", "mutate", "mutate", "sort",
                               "distinct", "head", "tail", "select", "drop", "rename",
                               "window"])
            st = getattr(self, kind)(schema)
            if st is None:
                continue
            steps.append(st)
            schema = st.schema
        r = rng.random()
        term = None
        if r < 0.3:
            term = self.rows_terminal(schema)
        elif r < 0.7:
            term = self.agg_terminal(schema)
        elif r < 0.85:
            term = self.freq_terminal(schema)
        else:
            term = self.crosstab_terminal(schema)
        if term is None:
            term = self.rows_terminal(schema)
        return Query(qid, steps, term)
