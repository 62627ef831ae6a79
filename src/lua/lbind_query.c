/*
 * lbind_query.c - the query methods of tables in Lua: where, select, drop,
 * rename, sort, head, tail, sample, distinct, mutate, group_by (and the
 * grouped table's agg), freq, crosstab, join. Each checks its arguments,
 * calls the engine, and records the step in the result's provenance.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <lauxlib.h>

#include "expr.h"
#include "lbind.h"
#include "ov_error.h"
#include "ov_mem.h"
#include "query.h"
#include "stats.h"
#include "rounding.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

#define GROUPED_MT "ov.Grouped"

/* ---- helpers ---- */

/* The names given as arguments first..top: strings, or one list of them.
 * Pushes nothing; the strings stay alive on the stack. The array is a
 * userdata box pushed on the stack (so it is freed by the collector). */
static const char **
name_args(lua_State *L, int first, const char *fname, size_t *n)
{
    int top = lua_gettop(L), i;
    const char **names;

    if (first == top && lua_istable(L, first)) {
        size_t k, len = lua_rawlen(L, first);

        names = lua_newuserdatauv(L, (len ? len : 1) * sizeof *names, 0);
        for (k = 1; k <= len; k++) {
            if (lua_rawgeti(L, first, (lua_Integer)k) != LUA_TSTRING)
                luaL_error(L, "%s: column names must be strings", fname);
            names[k - 1] = ov_lbind_text(L, -1, fname, "a column name");
            lua_pop(L, 1); /* still referenced by the list */
        }
        *n = len;
        return names;
    }
    names = lua_newuserdatauv(
        L, (size_t)(top >= first ? top - first + 1 : 1) * sizeof *names, 0);
    for (i = first; i <= top; i++) {
        if (lua_type(L, i) != LUA_TSTRING)
            luaL_error(L, "%s: argument %d must be a column name (a string), not %s",
                       fname, i - 1, luaL_typename(L, i));
        names[i - first] = ov_lbind_text(L, i, fname, "a column name");
    }
    *n = (size_t)(top >= first ? top - first + 1 : 0);
    return names;
}

/* quotes a value in q for a step's text: "it\"s" */
static void
quote_string(ov_strbuf *b, const char *s, size_t n, char q)
{
    size_t i;

    ov_strbuf_putc(b, q);
    for (i = 0; i < n; i++) {
        if (s[i] == q || s[i] == '\\')
            ov_strbuf_putc(b, '\\');
        ov_strbuf_putc(b, s[i]);
    }
    ov_strbuf_putc(b, q);
}

/* the number at idx as text, as the expression reader reads it back */
static void
number_text(lua_State *L, int idx, ov_strbuf *b)
{
    if (lua_isinteger(L, idx)) {
        ov_strbuf_printf(b, "%lld", (long long)lua_tointeger(L, idx));
    } else {
        char buf[OV_VALUE_TEXT_MAX];

        ov_value_format_float(buf, lua_tonumber(L, idx), OV_FLOAT_G);
        ov_strbuf_puts(b, buf);
    }
}

/* a Lua value (string, number, boolean) as a value to compare a column
 * with; a string stays the Lua string's (v->s points into it) */
static void
to_value(lua_State *L, int idx, struct ov_expr_value *v, const char *fname)
{
    memset(v, 0, sizeof *v);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
        v->type = OV_STRING;
        v->s = ov_lbind_text(L, idx, fname, "a value");
        lua_tolstring(L, idx, &v->len);
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            v->type = OV_INT;
            v->i = (int64_t)lua_tointeger(L, idx);
            break;
        }
        /* as the expression language, which has no literal for these */
        v->type = OV_FLOAT;
        v->f = lua_tonumber(L, idx);
        if (!isfinite(v->f))
            luaL_error(L, "%s: a value must be a finite number, not %s", fname,
                       isnan(v->f) ? "nan"
                       : v->f > 0  ? "inf"
                                   : "-inf");
        break;
    case LUA_TBOOLEAN:
        v->type = OV_BOOL;
        v->b = lua_toboolean(L, idx);
        break;
    case LUA_TUSERDATA:
        /* a figure (a cell of a percentage column) stands for its value */
        if (ov_lbind_test_figure(L, idx) != NULL) {
            v->type = OV_FLOAT;
            v->f = ov_lbind_test_figure(L, idx)->value;
            break;
        }
        /* FALLTHROUGH */
    default:
        luaL_error(L, "%s: a value must be a string, number or boolean, not %s", fname,
                   luaL_typename(L, idx));
    }
}

/* the keys of the table at idx, sorted (Lua tables have no order) */
static int
sorted_keys(lua_State *L, int idx, const char *fname)
{
    int n = 0;

    idx = lua_absindex(L, idx);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: keys must be column names (strings)", fname);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, ++n);
    }
    ov_lbind_sort_names(L, -1);
    return n; /* the sorted list is on top */
}

/* the step text: "name(args)" from the call's own arguments */
static void
step_text(lua_State *L, ov_strbuf *b, const char *method, int first, int top)
{
    int i;

    ov_strbuf_printf(b, "%s(", method);
    for (i = first; i <= top; i++) {
        if (i > first)
            ov_strbuf_puts(b, ", ");
        switch (lua_type(L, i)) {
        case LUA_TSTRING: {
            size_t n;
            const char *s = lua_tolstring(L, i, &n);

            quote_string(b, s, n, '"');
            break;
        }
        case LUA_TNUMBER:
            number_text(L, i, b);
            break;
        case LUA_TBOOLEAN:
            ov_strbuf_puts(b, lua_toboolean(L, i) ? "true" : "false");
            break;
        case LUA_TTABLE:
            ov_strbuf_puts(b, "{...}");
            break;
        case LUA_TFUNCTION:
            ov_strbuf_puts(b, "function");
            break;
        default:
            ov_strbuf_puts(b, luaL_typename(L, i));
        }
    }
    ov_strbuf_putc(b, ')');
}

/* Attaches the result r to its userdata slot and records the step in its
 * provenance: `what` as it is, or, when last >= first, "what(args)" written
 * from the call's arguments first..last. Called once the arguments are
 * checked and the engine has succeeded; raises nothing, so no C memory is
 * ever held across a Lua error. */
static int
push_result(lua_State *L, ov_table **slot, ov_table *r, const char *what, int first,
            int last)
{
    *slot = r;
    if (last >= first) {
        ov_strbuf b = OV_STRBUF_INIT;

        step_text(L, &b, what, first, last);
        (void)ov_table_add_step(r, ov_strbuf_cstr(&b));
        ov_strbuf_free(&b);
    } else {
        (void)ov_table_add_step(r, what);
    }
    return 1;
}

/* ---- the value of one cell, for Lua ---- */

void
ov_lbind_push_cell(lua_State *L, const ov_table *t, size_t j, size_t i)
{
    struct ov_view v = ov_table_colview(t, j);
    size_t r = ov_view_row(&v, i);
    const ov_column *c = v.col;

    if (r == OV_NOROW || ov_column_missing(c, r)) {
        lua_pushnil(L);
        return;
    }
    switch (c->type) {
    case OV_INT:
        lua_pushinteger(L, (lua_Integer)c->data.i64[r]);
        break;
    case OV_FLOAT: {
        struct ov_figure f;
        struct ov_err err;

        /* a cell of a percentage or rate column is its figure, which
         * explain() can show; a plain number where it has none */
        if (c->num != NULL && ov_figure_of_cell(c, r, &f, &err) == OV_OK)
            ov_lbind_push_figure(L, &f);
        else
            lua_pushnumber(L, c->data.f64[r]);
        break;
    }
    case OV_BOOL:
        lua_pushboolean(L, c->data.b[r]);
        break;
    case OV_DATE: {
        char buf[OV_VALUE_TEXT_MAX];
        size_t n = ov_value_format_date(buf, c->data.days[r], OV_DATE_ISO);

        lua_pushlstring(L, buf, n);
        break;
    }
    case OV_STRING: {
        size_t n;
        const char *s = ov_column_str(c, r, &n);

        lua_pushlstring(L, s, n);
        break;
    }
    }
}

/* ---- where ---- */

/* where{ force = "Essex Police", year = 2021, outcome = {"a", "b"} }:
 * the condition built from the names and values as they are (never
 * written as text to be read again), equalities joined by 'and', a list
 * meaning any of its values. Every check that raises comes before the
 * engine is called; pushes the result's slot last. */
static ov_status
where_equal(lua_State *L, const ov_table *t, ov_table ***slot, ov_table **r,
            struct ov_err *err)
{
    int n = sorted_keys(L, 2, "where"), list = lua_gettop(L), k;
    size_t nv = 0, used = 0, got = 0;
    struct ov_expr_term *terms;
    struct ov_expr_value *vals;
    uint32_t *rows = NULL;
    ov_expr *e = NULL;
    ov_status st;

    if (n == 0)
        luaL_error(L, "where: the table of equalities is empty");
    for (k = 1; k <= n; k++) {
        lua_rawgeti(L, list, k);
        lua_gettable(L, 2);
        nv += lua_istable(L, -1) ? lua_rawlen(L, -1) : 1;
        lua_pop(L, 1);
    }
    terms = ov_lbind_new_mem(L, (size_t)n * sizeof *terms);
    vals = ov_lbind_new_mem(L, (nv ? nv : 1) * sizeof *vals);
    for (k = 1; k <= n; k++) {
        struct ov_expr_term *term = &terms[k - 1];

        lua_rawgeti(L, list, k);
        /* the name stays alive in the list of keys */
        term->col = ov_lbind_text(L, -1, "where", "a column name");
        term->values = vals + used;
        lua_gettable(L, 2);
        term->in = lua_istable(L, -1);
        if (term->in) {
            size_t m, len = lua_rawlen(L, -1);

            if (len == 0)
                luaL_error(L, "where: the list for '%s' is empty", term->col);
            for (m = 1; m <= len; m++) {
                lua_rawgeti(L, -1, (lua_Integer)m);
                to_value(L, -1, &vals[used++], "where");
                lua_pop(L, 1);
            }
            term->nvalues = len;
        } else {
            to_value(L, -1, &vals[used++], "where");
            term->nvalues = 1;
        }
        lua_pop(L, 1);
    }
    *slot = ov_lbind_new_table(L);
    if ((st = ov_expr_new_equal(terms, (size_t)n, &e, err)) == OV_OK &&
        (st = ov_expr_bind(e, t, false, err)) == OV_OK &&
        (st = ov_expr_select(e, t, &rows, &got, err)) == OV_OK)
        st = ov_query_rows(t, rows, got, r, err);
    ov_free(rows);
    ov_expr_free(e);
    return st;
}

/* A condition that matched nothing: for each `col == 'text'` in it on a
 * text column that holds no such value, the value it likely meant (the
 * same letters in another case, or the nearest spelling), said on the
 * notes stream: "essex police" for "Essex Police" is the commonest reason
 * a filter finds nothing. */
static void
where_hint(lua_State *L, const ov_table *t, const char *cond)
{
    const char *p = cond;

    while ((p = strstr(p, "==")) != NULL) {
        const char *a = p, *b = p + 2, *name0, *lit0;
        char name[128], lit[256];
        size_t nn, nl;
        int j;

        p += 2;
        while (a > cond && isspace((unsigned char)a[-1]))
            a--;
        name0 = a;
        while (name0 > cond && (isalnum((unsigned char)name0[-1]) || name0[-1] == '_'))
            name0--;
        nn = (size_t)(a - name0);
        while (isspace((unsigned char)*b))
            b++;
        if (nn == 0 || nn >= sizeof name || (*b != '\'' && *b != '"'))
            continue;
        lit0 = b + 1;
        b = strchr(lit0, *b);
        if (b == NULL || (size_t)(b - lit0) >= sizeof lit)
            continue;
        nl = (size_t)(b - lit0);
        memcpy(name, name0, nn);
        name[nn] = '\0';
        memcpy(lit, lit0, nl);
        lit[nl] = '\0';
        if ((j = ov_table_find(t, name)) < 0)
            continue;
        {
            const ov_column *c = ov_table_col(t, (size_t)j);
            const char *best = NULL, **cands;
            uint32_t i, n;

            if (c->type != OV_STRING || c->dict == NULL ||
                ov_dict_find(c->dict, lit, nl) != OV_DICT_MAX)
                continue;
            n = c->dict->n;
            for (i = 0; i < n && best == NULL; i++) {
                size_t len;
                const char *v = ov_dict_str(c->dict, i, &len);

                if (len == nl && strncasecmp(v, lit, nl) == 0)
                    best = v;
            }
            if (best == NULL && n <= 100000 &&
                (cands = lua_newuserdatauv(L, (n + 1) * sizeof *cands, 0)) != NULL) {
                for (i = 0; i < n; i++)
                    cands[i] = ov_dict_str(c->dict, i, NULL);
                best = ov_suggest(lit, cands, n);
                lua_pop(L, 1);
            }
            if (best != NULL)
                fprintf(ov_lbind_ui(L)->notes,
                        "where: no row has %s == '%s'; did you mean '%s'?%s\n", name,
                        lit, best,
                        strcasecmp(best, lit) == 0 ? " (text is compared with its case)"
                                                   : "");
        }
    }
}

static int
tbl_where(lua_State *L)
{
    int top = lua_gettop(L);
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    ov_status st;

    switch (lua_type(L, 2)) {
    case LUA_TSTRING:
        slot = ov_lbind_new_table(L);
        st = ov_query_where(t, ov_lbind_text(L, 2, "where", "the condition"), &r, &err);
        break;
    case LUA_TTABLE:
        st = where_equal(L, t, &slot, &r, &err);
        break;
    case LUA_TFUNCTION: {
        /* the slow, general way: a Lua call per row */
        size_t n = ov_table_nrows(t), nc = ov_table_ncols(t), i, j, got = 0;
        uint32_t *rows = ov_lbind_new_mem(L, n * sizeof *rows);

        for (i = 0; i < n; i++) {
            lua_pushvalue(L, 2);
            lua_createtable(L, 0, (int)nc);
            for (j = 0; j < nc; j++) {
                ov_lbind_push_cell(L, t, j, i);
                lua_setfield(L, -2, ov_table_colname(t, j));
            }
            if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
                /* Ctrl-C (a status, not the text: a script's own
                 * error("interrupted") is an error like any other) */
                if (ov_interrupted())
                    return lua_error(L);
                return luaL_error(L, "where: the function failed on row %I: %s",
                                  (lua_Integer)(i + 1), lua_tostring(L, -1));
            }
            if (lua_toboolean(L, -1))
                rows[got++] = (uint32_t)i;
            lua_pop(L, 1);
        }
        slot = ov_lbind_new_table(L);
        st = ov_query_rows(t, rows, got, &r, &err);
        break;
    }
    default:
        return luaL_error(
            L, "where: give a condition as a string (\"year >= 2020\"), a table "
               "of equalities ({ force = 'Essex Police' }) or a function");
    }
    if (st != OV_OK) {
        return ov_lbind_error(L, "where", &err);
    }
    if (ov_table_nrows(r) == 0 && ov_table_nrows(t) > 0 &&
        lua_type(L, 2) == LUA_TSTRING)
        where_hint(L, t, lua_tostring(L, 2));
    push_result(L, slot, r, "where", 2, top);
    return 1;
}

/* ---- methods taking column names ---- */

typedef ov_status (*namesop)(const ov_table *, const char *const *, size_t, ov_table **,
                             struct ov_err *);

static int
names_method(lua_State *L, const char *fname, namesop op, bool need_one)
{
    int top = lua_gettop(L);
    ov_table *t = ov_lbind_check_table(L, 1);
    size_t n;
    const char **names;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;

    names = name_args(L, 2, fname, &n);
    if (need_one && n == 0)
        return luaL_error(L, "%s: name at least one column", fname);
    slot = ov_lbind_new_table(L);
    if (op(t, names, n, &r, &err) != OV_OK) {
        return ov_lbind_error(L, fname, &err);
    }
    push_result(L, slot, r, fname, 2, top);
    return 1;
}

static int
tbl_select(lua_State *L)
{
    return names_method(L, "select", ov_query_select, true);
}

static int
tbl_drop(lua_State *L)
{
    return names_method(L, "drop", ov_query_drop, true);
}

/* t:sort(...) checks its keys now and sorts when the table is first
 * used: head and tail pick their rows from the unsorted table */
static int
tbl_sort(lua_State *L)
{
    int top = lua_gettop(L);
    ov_table *t = ov_lbind_check_table(L, 1);
    const char **names;
    size_t n;
    struct ov_err err;
    ov_strbuf b = OV_STRBUF_INIT;
    bool ok;

    names = name_args(L, 2, "sort", &n);
    if (n == 0)
        return luaL_error(L, "sort: name at least one column");
    if (ov_query_sort_check(t, names, n, &err) != OV_OK)
        return ov_lbind_error(L, "sort", &err);
    (void)ov_lbind_new_table(L);
    step_text(L, &b, "sort", 2, top);
    ok = ov_strbuf_status(&b) == OV_OK &&
         ov_lbind_defer_sort(L, -1, 1, names, n, ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
    if (!ok)
        return luaL_error(L, "sort: out of memory");
    return 1;
}

static int
tbl_distinct(lua_State *L)
{
    return names_method(L, "distinct", ov_query_distinct, false);
}

static int
tbl_rename(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char **from, **to;
    int n, k;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;

    luaL_checktype(L, 2, LUA_TTABLE);
    n = sorted_keys(L, 2, "rename");
    from = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *from, 0);
    to = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *to, 0);
    for (k = 1; k <= n; k++) {
        lua_rawgeti(L, -3, k);
        from[k - 1] = ov_lbind_text(L, -1, "rename", "a column name");
        lua_gettable(L, 2);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L,
                              "rename: new names must be strings ({ old = \"new\" })");
        to[k - 1] = ov_lbind_text(L, -1, "rename",
                                  "a new name"); /* kept by the argument table */
        lua_pop(L, 1);
    }
    slot = ov_lbind_new_table(L);
    if (ov_query_rename(t, from, to, (size_t)n, &r, &err) != OV_OK)
        return ov_lbind_error(L, "rename", &err);
    return push_result(L, slot, r, "rename{...}", 1, 0);
}

/* ---- head, tail, sample ---- */

static int
rows_method(lua_State *L, const char *fname)
{
    int top = lua_gettop(L);
    ov_table *t = NULL;
    const ov_table *src;
    const char *const *keys;
    const char *sorted;
    size_t nkeys;
    lua_Integer n = luaL_optinteger(L, 2, 10);
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    ov_status st;

    if (fname[0] == 's' || !ov_lbind_deferred_sort(L, 1, &src, &keys, &nkeys, &sorted))
        t = ov_lbind_check_table(L, 1);
    if (n < 0)
        return luaL_error(L, "%s: the number of rows cannot be negative", fname);
    slot = ov_lbind_new_table(L);
    if (fname[0] != 's' && ov_lbind_deferred_sort(L, 1, &src, &keys, &nkeys, &sorted)) {
        /* t:sort(...):head(n): the rows picked without the whole sort */
        st = ov_query_sort_top(src, keys, nkeys, (size_t)n, fname[0] == 't', &r, &err);
        if (st == OV_OK)
            (void)ov_table_add_step(r, sorted);
    } else if (fname[0] == 'h')
        st = ov_query_head(t, (size_t)n, &r, &err);
    else if (fname[0] == 't')
        st = ov_query_tail(t, (size_t)n, &r, &err);
    else
        st =
            ov_query_sample(t, (size_t)n, (uint64_t)luaL_optinteger(L, 3, 1), &r, &err);
    if (st != OV_OK) {
        return ov_lbind_error(L, fname, &err);
    }
    push_result(L, slot, r, fname, 2, top);
    return 1;
}

static int
tbl_head(lua_State *L)
{
    return rows_method(L, "head");
}

static int
tbl_tail(lua_State *L)
{
    return rows_method(L, "tail");
}

static int
tbl_sample(lua_State *L)
{
    luaL_checkinteger(L, 2);
    return rows_method(L, "sample");
}

/* ---- mutate and agg: { name = "expression", ... } or a list of pairs ---- */

/* reads the spec at idx into names/exprs (boxes left on the stack) */
static size_t
named_exprs(lua_State *L, int idx, const char *fname, const char ***names,
            const char ***exprs)
{
    size_t n, k;

    luaL_checktype(L, idx, LUA_TTABLE);
    idx = lua_absindex(L, idx);
    if (lua_rawlen(L, idx) > 0) {
        /* { {"name", "expr"}, ... }: the order given */
        n = lua_rawlen(L, idx);
        *names = lua_newuserdatauv(L, n * sizeof **names, 0);
        *exprs = lua_newuserdatauv(L, n * sizeof **exprs, 0);
        for (k = 0; k < n; k++) {
            lua_rawgeti(L, idx, (lua_Integer)k + 1);
            if (!lua_istable(L, -1) || lua_rawgeti(L, -1, 1) != LUA_TSTRING ||
                lua_rawgeti(L, -2, 2) != LUA_TSTRING)
                luaL_error(L,
                           "%s: give { name = \"expression\", ... } or "
                           "{ {\"name\", \"expression\"}, ... }",
                           fname);
            (*names)[k] = ov_lbind_text(L, -2, fname, "a name");
            (*exprs)[k] = ov_lbind_text(L, -1, fname, "an expression");
            lua_pop(L, 3);
        }
        return n;
    }
    n = (size_t)sorted_keys(L, idx, fname);
    *names = lua_newuserdatauv(L, (n ? n : 1) * sizeof **names, 0);
    *exprs = lua_newuserdatauv(L, (n ? n : 1) * sizeof **exprs, 0);
    for (k = 0; k < n; k++) {
        lua_rawgeti(L, -3, (lua_Integer)k + 1);
        (*names)[k] = ov_lbind_text(L, -1, fname, "a name");
        lua_gettable(L, idx);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L,
                       "%s: '%s' must be given an expression as a string, such as "
                       "\"count()\"",
                       fname, (*names)[k]);
        (*exprs)[k] = ov_lbind_text(L, -1, fname, "an expression");
        lua_pop(L, 1);
    }
    if (n == 0)
        luaL_error(L, "%s: give at least one name = \"expression\"", fname);
    return n;
}

/* Says which new percentage or rate columns have rows whose whole is 0,
 * left missing rather than stopping the whole column: as a fact of r (its
 * provenance) and, in an interactive session, a note. */
static void
note_zero_wholes(lua_State *L, ov_table *r, const char *const *names, size_t n,
                 const char *fname)
{
    struct ov_ui *ui = ov_lbind_ui(L);
    size_t k, j, i;

    for (k = 0; k < n; k++) {
        const ov_column *c;
        size_t zero = 0;

        for (j = 0; j < ov_table_ncols(r) && strcmp(ov_table_colname(r, j), names[k]);
             j++)
            ;
        if (j == ov_table_ncols(r) || (c = ov_table_col(r, j))->num == NULL)
            continue;
        for (i = 0; i < c->n; i++)
            zero += ov_column_missing(c, i) && c->den[i] == 0;
        if (zero > 0) {
            char key[96], note[160];

            snprintf(key, sizeof key, "whole of 0 in %s", names[k]);
            snprintf(note, sizeof note,
                     "%zu row%s with a whole of 0: no %s there, left missing", zero,
                     zero == 1 ? "" : "s", c->per > 0 ? "rate" : "percentage");
            (void)ov_table_set_fact(r, key, note);
            if (ui->interactive)
                fprintf(ui->notes, "%s: %s: %s\n", fname, names[k], note);
        }
    }
}

static const char *const mutate_options[] = {"order_by", NULL};

/* The order_by option of the (plain) options table at opt: a column name
 * or a list of them, "-year" for descending. Pushes the array's box. */
static const char **
order_option(lua_State *L, int opt, size_t *n)
{
    const char **by = NULL; /* luaL_error does not return */
    size_t k;

    *n = 0;
    if (lua_isnoneornil(L, opt) || lua_getfield(L, opt, "order_by") == LUA_TNIL) {
        if (!lua_isnoneornil(L, opt))
            lua_pop(L, 1);
        return lua_newuserdatauv(L, sizeof *by, 0);
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
        by = lua_newuserdatauv(L, sizeof *by, 0);
        by[0] = ov_lbind_text(L, -2, "mutate", "order_by");
        *n = 1;
    } else if (lua_istable(L, -1)) {
        size_t len = lua_rawlen(L, -1);

        by = lua_newuserdatauv(L, (len ? len : 1) * sizeof *by, 0);
        for (k = 0; k < len; k++) {
            if (lua_rawgeti(L, -2, (lua_Integer)k + 1) != LUA_TSTRING)
                luaL_error(L, "mutate: order_by must list column names (strings), as "
                              "in { order_by = { \"force\", \"-year\" } }");
            by[k] = ov_lbind_text(L, -1, "mutate", "order_by");
            lua_pop(L, 1); /* still held by the list */
        }
        *n = len;
    } else {
        luaL_error(
            L, "mutate: order_by must be a column name or a list of them, as in "
               "{ order_by = \"year\" } or { order_by = { \"force\", \"-year\" } }");
    }
    lua_remove(L, -2); /* the string or list stays in the options copy */
    return by;
}

/* mutate over t (the table at index 1 or the grouped table's), in groups
 * of keys[0..nk) and in the order given by the options at opt; spec is
 * the { name = "expression" } table. prefix is what the step says before
 * "mutate" ("group_by(\"force\"):") */
static int
mutate_in(lua_State *L, ov_table *t, const char *const *keys, size_t nk, int spec,
          int opt, const char *prefix)
{
    const char **names, **exprs, **by;
    size_t n, nby, k;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    ov_strbuf b = OV_STRBUF_INIT;

    if (!lua_isnoneornil(L, opt)) {
        luaL_checktype(L, opt, LUA_TTABLE);
        ov_lbind_check_options(L, opt, "mutate", mutate_options);
    }
    by = order_option(L, opt, &nby);
    n = named_exprs(L, spec, "mutate", &names, &exprs);
    slot = ov_lbind_new_table(L);
    if (ov_query_window(t, keys, nk, by, nby, names, exprs, n, &r, &err) != OV_OK)
        return ov_lbind_error(L, "mutate", &err);
    note_zero_wholes(L, r, names, n, "mutate");
    if (nk == 0 && nby == 0)
        return push_result(L, slot, r, "mutate{...}", 1, 0);
    ov_strbuf_printf(&b, "%smutate({...}", prefix);
    if (nby > 0) {
        ov_strbuf_puts(&b, ", { order_by = ");
        if (nby > 1)
            ov_strbuf_puts(&b, "{ ");
        for (k = 0; k < nby; k++) {
            if (k > 0)
                ov_strbuf_puts(&b, ", ");
            quote_string(&b, by[k], strlen(by[k]), '"');
        }
        ov_strbuf_puts(&b, nby > 1 ? " } }" : " }");
    }
    ov_strbuf_putc(&b, ')');
    push_result(L, slot, r, ov_strbuf_cstr(&b), 1, 0);
    ov_strbuf_free(&b);
    return 1;
}

static int
tbl_mutate(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);

    return mutate_in(L, t, NULL, 0, 2, 3, "");
}

/* ---- group_by and agg ---- */

static int
tbl_group_by(lua_State *L)
{
    size_t n, k;
    const char **names;
    ov_table *t = ov_lbind_check_table(L, 1);

    names = name_args(L, 2, "group_by", &n);
    if (n == 0)
        return luaL_error(L, "group_by: name at least one column");
    for (k = 0; k < n; k++) {
        struct ov_err err;
        int j;

        if (ov_query_column(t, names[k], &j, &err) != OV_OK)
            return ov_lbind_error(L, "group_by", &err);
    }
    /* a grouped table: a userdata holding the table (user value 1) and
     * the list of key names (2), which no script can reach or change */
    lua_newuserdatauv(L, 0, 2);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    lua_createtable(L, (int)n, 0);
    for (k = 0; k < n; k++) {
        lua_pushstring(L, names[k]);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    lua_setiuservalue(L, -2, 2);
    luaL_setmetatable(L, GROUPED_MT);
    return 1;
}

/* Pushes the grouped table's key list and returns their number; raises
 * unless the value at idx is a grouped table. The list is checked all the
 * same: the debug library can reach user values. */
static size_t
grouped_keys(lua_State *L, int idx, const char *fname)
{
    size_t n, k;

    if (luaL_testudata(L, idx, GROUPED_MT) == NULL)
        luaL_error(
            L, "%s: call it on a grouped table, as in t:group_by(\"force\"):agg{...}",
            fname);
    if (lua_getiuservalue(L, idx, 2) != LUA_TTABLE)
        luaL_error(L, "%s: the grouped table is damaged", fname);
    n = lua_rawlen(L, -1);
    for (k = 1; k <= n; k++) {
        if (lua_rawgeti(L, -1, (lua_Integer)k) != LUA_TSTRING)
            luaL_error(L, "%s: the grouped table is damaged", fname);
        lua_pop(L, 1);
    }
    return n;
}

static int
grp_agg(lua_State *L)
{
    ov_table *t;
    const char **keys, **names, **exprs;
    size_t nk, k, n;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;

    nk = grouped_keys(L, 1, "agg");
    keys = lua_newuserdatauv(L, (nk ? nk : 1) * sizeof *keys, 0);
    for (k = 0; k < nk; k++) {
        lua_rawgeti(L, -2, (lua_Integer)k + 1);
        keys[k] = lua_tostring(L, -1);
        lua_pop(L, 1); /* kept by the keys list */
    }
    lua_getiuservalue(L, 1, 1);
    if (luaL_testudata(L, -1, "ov.Table") == NULL)
        return luaL_error(L, "agg: the grouped table is damaged");
    t = ov_lbind_check_table(L, -1);
    n = named_exprs(L, 2, "agg", &names, &exprs);
    slot = ov_lbind_new_table(L);
    if (ov_query_group(t, keys, nk, names, exprs, n, &r, &err) != OV_OK)
        return ov_lbind_error(L, "agg", &err);
    note_zero_wholes(L, r, names, n, "agg");
    return push_result(L, slot, r, "group_by(...):agg{...}", 1, 0);
}

/* g:mutate({ name = "expression" } [, { order_by = ... }]): window
 * functions within each group */
static int
grp_mutate(lua_State *L)
{
    ov_table *t;
    const char **keys;
    size_t nk, k;
    int list;
    ov_strbuf b = OV_STRBUF_INIT;

    lua_settop(L, 3);
    nk = grouped_keys(L, 1, "mutate");
    list = lua_gettop(L);
    keys = lua_newuserdatauv(L, (nk ? nk : 1) * sizeof *keys, 0);
    ov_strbuf_puts(&b, "group_by(");
    for (k = 0; k < nk; k++) {
        lua_rawgeti(L, list, (lua_Integer)k + 1);
        keys[k] = lua_tostring(L, -1);
        lua_pop(L, 1); /* kept by the keys list */
        if (k > 0)
            ov_strbuf_puts(&b, ", ");
        quote_string(&b, keys[k], strlen(keys[k]), '"');
    }
    ov_strbuf_puts(&b, "):");
    /* the step's prefix, on the stack so no C memory is held past an error */
    lua_pushstring(L, ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
    lua_getiuservalue(L, 1, 1);
    if (luaL_testudata(L, -1, "ov.Table") == NULL)
        return luaL_error(L, "mutate: the grouped table is damaged");
    t = ov_lbind_check_table(L, -1);
    return mutate_in(L, t, keys, nk, 2, 3, lua_tostring(L, -2));
}

/* t:agg{...}: the whole table as one group */
static int
tbl_agg(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char **names, **exprs;
    size_t n = named_exprs(L, 2, "agg", &names, &exprs);
    ov_table **slot = ov_lbind_new_table(L);
    ov_table *r = NULL;
    struct ov_err err;

    if (ov_query_group(t, NULL, 0, names, exprs, n, &r, &err) != OV_OK)
        return ov_lbind_error(L, "agg", &err);
    note_zero_wholes(L, r, names, n, "agg");
    return push_result(L, slot, r, "agg{...}", 1, 0);
}

static int
grp_tostring(lua_State *L)
{
    size_t n = grouped_keys(L, 1, "tostring"), k;
    int keys = lua_gettop(L);
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    luaL_addstring(&b, "grouped by ");
    for (k = 1; k <= n; k++) {
        if (k > 1)
            luaL_addstring(&b, ", ");
        lua_rawgeti(L, keys, (lua_Integer)k);
        luaL_addvalue(&b);
    }
    luaL_addstring(&b, ": add :agg{ name = \"count()\", ... }");
    luaL_pushresult(&b);
    return 1;
}

/* g:agg, and g.table and g.keys (a copy) to read */
static int
grp_index(lua_State *L)
{
    const char *k = luaL_checkstring(L, 2);

    if (strcmp(k, "agg") == 0) {
        lua_pushcfunction(L, grp_agg);
        return 1;
    }
    if (strcmp(k, "mutate") == 0) {
        lua_pushcfunction(L, grp_mutate);
        return 1;
    }
    if (strcmp(k, "table") == 0) {
        lua_getiuservalue(L, 1, 1);
        return 1;
    }
    if (strcmp(k, "keys") == 0) {
        size_t n = grouped_keys(L, 1, "keys"), i;

        lua_createtable(L, (int)n, 0);
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, -2, (lua_Integer)i);
            lua_rawseti(L, -2, (lua_Integer)i);
        }
        return 1;
    }
    return luaL_error(
        L, "a grouped table has only :agg{...} and :mutate{...}, not '%s'", k);
}

static int
grp_newindex(lua_State *L)
{
    return luaL_error(
        L, "a grouped table cannot be changed: t:group_by(...) makes a new one");
}

/* ---- freq, crosstab ---- */

/* the rounding option at idx (a plain options table): true for
 * "largest_remainder", false for "nearest" (the default) */
static bool
rounding_option(lua_State *L, int idx, const char *fname)
{
    bool lr = false;

    if (lua_getfield(L, idx, "rounding") != LUA_TNIL) {
        const char *r = lua_tostring(L, -1);

        if (r != NULL && strcmp(r, "largest_remainder") == 0)
            lr = true;
        else if (r == NULL || strcmp(r, "nearest") != 0)
            luaL_error(L,
                       "%s: rounding must be \"largest_remainder\" (percentages that "
                       "add to 100.0, for publication) or \"nearest\" (the default)",
                       fname);
    }
    lua_pop(L, 1);
    return lr;
}

/* largest-remainder rounding of a new result's percentages (rounding.h);
 * frees r on failure */
static ov_status
round_result(ov_table *r, struct ov_err *err)
{
    size_t adjusted;
    ov_status st = ov_table_largest_remainder(r, &adjusted, err);

    if (st != OV_OK)
        ov_table_free(r);
    return st;
}

static const char *const freq_options[] = {"rounding", NULL};

static int
tbl_freq(lua_State *L)
{
    int top = lua_gettop(L);
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *col = ov_lbind_checktext(L, 2, "freq", "the column name");
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    bool lr = false;

    if (lua_type(L, 3) == LUA_TSTRING)
        /* freq("force", "year") counted only force before: say what does */
        return luaL_error(
            L,
            "freq counts one column; for '%s' by '%s' write "
            "t:crosstab(\"%s\", \"%s\"), or t:group_by(\"%s\", \"%s\"):agg{ "
            "n = \"count()\" } for one row per pair",
            col, lua_tostring(L, 3), col, lua_tostring(L, 3), col, lua_tostring(L, 3));
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        ov_lbind_check_options(L, 3, "freq", freq_options);
        lr = rounding_option(L, 3, "freq");
    }
    slot = ov_lbind_new_table(L);
    if (ov_query_freq(t, col, &r, &err) != OV_OK ||
        (lr && round_result(r, &err) != OV_OK)) {
        return ov_lbind_error(L, "freq", &err);
    }
    push_result(L, slot, r, "freq", 2, top);
    ov_lbind_auto_bars(L, r, 1); /* the counts */
    return 1;
}

static const char *const crosstab_options[] = {"pct", "rounding", "value",
                                               "agg", "counts",   NULL};

static int
tbl_crosstab(lua_State *L)
{
    int top = lua_gettop(L), agg = OV_AGG_NONE;
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *a = ov_lbind_checktext(L, 2, "crosstab", "the column name");
    const char *b = ov_lbind_checktext(L, 3, "crosstab", "the column name");
    const char *value = NULL, *aggname = NULL;
    enum ov_crosspct pct = OV_CROSS_COUNT;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    bool lr = false, counts = false;
    ov_status st;

    if (!lua_isnoneornil(L, 4)) {
        luaL_checktype(L, 4, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 4) != 0) {
            size_t k;

            lua_pop(L, 1);
            for (k = 0; crosstab_options[k] != NULL &&
                        (lua_type(L, -1) != LUA_TSTRING ||
                         strcmp(lua_tostring(L, -1), crosstab_options[k]) != 0);
                 k++)
                ;
            if (crosstab_options[k] == NULL)
                return luaL_error(
                    L, "crosstab: the options are pct = \"row\", \"col\" or "
                       "\"total\" (with counts = true to show each cell's "
                       "count beside it), rounding = \"largest_remainder\", and "
                       "value = \"column\" with agg = \"sum\" (or \"mean\", "
                       "\"min\", \"max\", \"count\", \"count_distinct\")");
        }
        ov_lbind_plain_options(L, 4, crosstab_options);
        lr = rounding_option(L, 4, "crosstab");
        if (lua_getfield(L, 4, "pct") != LUA_TNIL) {
            const char *p = lua_tostring(L, -1);

            if (p != NULL && strcmp(p, "row") == 0)
                pct = OV_CROSS_ROW;
            else if (p != NULL && (strcmp(p, "col") == 0 || strcmp(p, "column") == 0))
                pct = OV_CROSS_COL;
            else if (p != NULL && strcmp(p, "total") == 0)
                pct = OV_CROSS_TOTAL;
            else
                return luaL_error(
                    L, "crosstab: pct must be \"row\", \"col\" or \"total\"");
        }
        lua_pop(L, 1);
        value = ov_lbind_opt_string(L, 4, "crosstab", "value");
        aggname = ov_lbind_opt_string(L, 4, "crosstab", "agg");
        counts = ov_lbind_opt_bool(L, 4, "crosstab", "counts", false);
    }
    if (counts && pct == OV_CROSS_COUNT)
        return luaL_error(L, "crosstab: counts = true shows each percentage's count "
                             "beside it; give pct = \"row\", \"col\" or \"total\" "
                             "with it (without pct the cells are the counts)");
    if (lr && pct == OV_CROSS_COUNT)
        return luaL_error(L, "crosstab: rounding applies to percentages; give pct = "
                             "\"row\", \"col\" or \"total\" with it");
    if (aggname != NULL && value == NULL)
        return luaL_error(L,
                          "crosstab: agg = \"%s\" needs the column it aggregates: "
                          "value = \"column\"",
                          aggname);
    if (value != NULL) {
        if (aggname == NULL)
            return luaL_error(L,
                              "crosstab: with value = \"%s\" say how to combine the "
                              "values of a cell: agg = \"sum\", \"mean\", \"min\", "
                              "\"max\", \"count\" or \"count_distinct\"",
                              value);
        agg = ov_agg_from_name(aggname);
        if (agg < 0 || agg == OV_AGG_FIRST)
            return luaL_error(L,
                              "crosstab: agg must be \"sum\", \"mean\", \"min\", "
                              "\"max\", \"count\" or \"count_distinct\", not \"%s\"",
                              aggname);
        if (pct != OV_CROSS_COUNT)
            return luaL_error(
                L,
                "crosstab: pct counts rows; with value = \"%s\" it is not defined "
                "(for each group's share of a sum, use t:group_by(...):agg{ s = "
                "\"share(%s)\" })",
                value, value);
    }
    slot = ov_lbind_new_table(L);
    if (value != NULL)
        st = ov_query_crosstab_value(t, a, b, value, (enum ov_agg)agg, &r, &err);
    else
        st = ov_query_crosstab(t, a, b, pct, &r, &err);
    if (st != OV_OK || (lr && round_result(r, &err) != OV_OK))
        return ov_lbind_error(L, "crosstab", &err);
    if (counts) {
        size_t j;

        for (j = 0; j < ov_table_ncols(r); j++)
            if (ov_table_col(r, j)->num != NULL)
                ov_table_col(r, j)->show_counts = true;
    }
    if (value != NULL) {
        /* the value and its aggregate, which "{...}" would hide */
        ov_strbuf w = OV_STRBUF_INIT;

        ov_strbuf_puts(&w, "crosstab(");
        quote_string(&w, a, strlen(a), '"');
        ov_strbuf_puts(&w, ", ");
        quote_string(&w, b, strlen(b), '"');
        ov_strbuf_puts(&w, ", {value = ");
        quote_string(&w, value, strlen(value), '"');
        ov_strbuf_printf(&w, ", agg = \"%s\"})", ov_agg_name((enum ov_agg)agg));
        push_result(L, slot, r,
                    ov_strbuf_status(&w) == OV_OK ? ov_strbuf_cstr(&w) : "crosstab", 1,
                    0);
        ov_strbuf_free(&w);
    } else {
        push_result(L, slot, r, "crosstab", 2, top);
    }
    ov_lbind_auto_bars(L, r, (int)ov_table_ncols(r) - 1); /* Total */
    return 1;
}

/* ---- join ---- */

static const char *const join_options[] = {"how", NULL};

/* the keys of t without a match: "'Avon & Somerset' (2 rows, nearest 'Avon
 * and Somerset Constabulary'), ..." after the count of such rows; returns
 * how many force_name() would have matched */
static size_t
said_misses(ov_strbuf *m, const ov_table *t, const ov_table *o, const char *key)
{
    struct ov_join_miss miss[3];
    size_t n = 0, distinct = 0, forces = 0, k;
    struct ov_err err;

    if (ov_query_join_misses(t, o, key, miss, 3, &n, &distinct, &forces, &err) != OV_OK)
        return 0; /* the report goes without the names */
    for (k = 0; k < n; k++) {
        char c[32];

        ov_value_format_int_grouped(c, (int64_t)miss[k].rows, ',');
        ov_strbuf_printf(m, "%s'%s' (%s row%s", k == 0 ? ": " : ", ", miss[k].key, c,
                         miss[k].rows == 1 ? "" : "s");
        if (miss[k].nearest != NULL)
            ov_strbuf_printf(m, ", nearest '%s'", miss[k].nearest);
        ov_strbuf_putc(m, ')');
    }
    if (distinct > n)
        ov_strbuf_printf(m, " and %zu more", distinct - n);
    return forces;
}

/* What a join did, in the result's provenance (the other table, its
 * source, the keys, how, the match) and, at a terminal, as a note. */
static void
join_said(lua_State *L, ov_table *r, const ov_table *t, const ov_table *o,
          const char *const *keys, size_t nk, enum ov_join_how how,
          const struct ov_join_info *info)
{
    struct ov_ui *ui = ov_lbind_ui(L);
    ov_strbuf w = OV_STRBUF_INIT, m = OV_STRBUF_INIT;
    const char *name = ov_table_name(o), *src = ov_table_fact(o, "source");
    char a[32], b[32], c[32];
    size_t k, misses = 0;

    ov_strbuf_printf(&w, "%s", name != NULL ? name : "(a table)");
    if (src != NULL)
        ov_strbuf_printf(&w, " (%s)", src);
    ov_strbuf_puts(&w, " on ");
    for (k = 0; k < nk; k++)
        ov_strbuf_printf(&w, "%s%s", k ? ", " : "", keys[k]);
    ov_strbuf_printf(&w, ", how = %s", how == OV_JOIN_LEFT ? "left" : "inner");
    ov_table_set_fact(r, "joined with", ov_strbuf_cstr(&w));
    ov_value_format_int_grouped(a, (int64_t)info->out_rows, ',');
    ov_value_format_int_grouped(b, (int64_t)info->left_rows, ',');
    ov_strbuf_printf(&m, "%s row%s from %s; %s", a, info->out_rows == 1 ? "" : "s", b,
                     ov_join_relation(info));
    if (info->multi_left > 0) {
        ov_value_format_int_grouped(c, (int64_t)info->multi_left, ',');
        ov_strbuf_printf(&m, " (%s row%s matched more than one row of the other)", c,
                         info->multi_left == 1 ? "" : "s");
    }
    if (info->multi_right > 0) {
        ov_value_format_int_grouped(c, (int64_t)info->multi_right, ',');
        ov_strbuf_printf(&m, " (%s row%s of the other matched more than one row)", c,
                         info->multi_right == 1 ? "" : "s");
    }
    if (info->unmatched_left > 0) {
        ov_value_format_int_grouped(c, (int64_t)info->unmatched_left, ',');
        ov_strbuf_printf(
            &m, "; %s row%s had no match%s", c, info->unmatched_left == 1 ? "" : "s",
            how == OV_JOIN_LEFT ? " (kept, with missing values)" : " (left out)");
        if (nk == 1)
            misses = said_misses(&m, t, o, keys[0]);
    }
    if (info->unmatched_right > 0) {
        ov_value_format_int_grouped(c, (int64_t)info->unmatched_right, ',');
        ov_strbuf_printf(&m, "; %s row%s of the other matched nothing", c,
                         info->unmatched_right == 1 ? "" : "s");
    }
    if (info->renamed > 0)
        ov_strbuf_printf(&m, "; renamed %s", info->renamed_first);
    if (misses > 0)
        ov_strbuf_printf(&m,
                         "; force_name() matches %zu of the names without a match: "
                         "use force_name() on both keys",
                         misses);
    ov_table_set_fact(r, "join", ov_strbuf_cstr(&m));
    if (ui->interactive)
        fprintf(ui->notes, "join: %s\n", ov_strbuf_cstr(&m));
    ov_strbuf_free(&w);
    ov_strbuf_free(&m);
}

static int
tbl_join(lua_State *L)
{
    int top = lua_gettop(L);
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_table *o = ov_lbind_check_table(L, 2);
    const char **keys;
    size_t nk = 0;
    enum ov_join_how how = OV_JOIN_INNER;
    struct ov_join_info info;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;

    lua_settop(L, 4); /* the key array below goes above the options */
    /* options first, while no key name is held: their __index may run */
    ov_lbind_plain_options(L, 4, join_options);
    if (lua_type(L, 3) == LUA_TSTRING) {
        keys = lua_newuserdatauv(L, sizeof *keys, 0);
        keys[0] = ov_lbind_text(L, 3, "join", "the key name");
        nk = 1;
    } else if (lua_istable(L, 3)) {
        size_t k;

        nk = lua_rawlen(L, 3);
        keys = lua_newuserdatauv(L, (nk ? nk : 1) * sizeof *keys, 0);
        for (k = 0; k < nk; k++) {
            if (lua_rawgeti(L, 3, (lua_Integer)k + 1) != LUA_TSTRING)
                return luaL_error(L, "join: key names must be strings");
            keys[k] = ov_lbind_text(L, -1, "join", "a key name");
            lua_pop(L, 1);
        }
    } else {
        return luaL_error(L,
                          "join: give the key column, as in t:join(other, \"cr_id\")");
    }
    if (!lua_isnoneornil(L, 4)) {
        luaL_checktype(L, 4, LUA_TTABLE);
        if (lua_getfield(L, 4, "how") != LUA_TNIL) {
            const char *h = lua_tostring(L, -1);

            if (h != NULL && strcmp(h, "left") == 0)
                how = OV_JOIN_LEFT;
            else if (h == NULL || strcmp(h, "inner") != 0)
                return luaL_error(L, "join: how must be \"inner\" or \"left\"");
        }
        lua_pop(L, 1);
    }
    slot = ov_lbind_new_table(L);
    if (ov_query_join(t, o, keys, nk, how, &r, &info, &err) != OV_OK) {
        return ov_lbind_error(L, "join", &err);
    }
    push_result(L, slot, r, "join", 3, top);
    join_said(L, r, t, o, keys, nk, how, &info);
    return 1;
}

static const luaL_Reg query_methods[] = {
    {"where", tbl_where},   {"select", tbl_select},     {"drop", tbl_drop},
    {"rename", tbl_rename}, {"sort", tbl_sort},         {"head", tbl_head},
    {"tail", tbl_tail},     {"sample", tbl_sample},     {"distinct", tbl_distinct},
    {"mutate", tbl_mutate}, {"group_by", tbl_group_by}, {"agg", tbl_agg},
    {"freq", tbl_freq},     {"crosstab", tbl_crosstab}, {"join", tbl_join},
    {NULL, NULL},
};

void
ov_lbind_query_open(lua_State *L, int methods)
{
    methods = lua_absindex(L, methods);
    lua_pushvalue(L, methods);
    luaL_setfuncs(L, query_methods, 0);
    lua_pop(L, 1);
    luaL_newmetatable(L, GROUPED_MT);
    lua_pushcfunction(L, grp_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, grp_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, grp_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "grouped table");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
}
