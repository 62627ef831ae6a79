/*
 * lbind_column.c - one column of a table in Lua: t:col("force") gives a
 * "column" userdata that pins its table (a user value, not a hand-made
 * count) and reads through it, so it never outlives the data. Indexing
 * (c[3]), length, iteration, unique values and the usual summaries; the
 * sums and means are the engine's aggregates, with their exact rules.
 */
#include "config.h"

#include <string.h>

#include <lauxlib.h>

#include "expr.h"
#include "format.h"
#include "lbind.h"
#include "query.h"
#include "strbuf.h"

#define COLUMN_MT "ov.Column"

/* the column's position; the parent table is user value 1 */
struct lcol {
    size_t j;
};

/* the parent of the column at index 1 (kept alive by the column) */
static ov_table *
col_table(lua_State *L, struct lcol *c)
{
    ov_table *t;

    (void)c;
    lua_getiuservalue(L, 1, 1);
    t = ov_lbind_test_table(L, -1);
    lua_pop(L, 1);
    if (t == NULL)
        luaL_error(L, "use of a column of a closed table");
    return t;
}

static struct lcol *
check_col(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, COLUMN_MT);
}

/* t:col(name): the column, pinning t */
int
ov_lbind_col(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *name = ov_lbind_checktext(L, 2, "col", "the column name");
    struct lcol *c;
    struct ov_err err;
    int j;

    if (ov_query_column(t, name, &j, &err) != OV_OK)
        return ov_lbind_error(L, "col", &err);
    c = lua_newuserdatauv(L, sizeof *c, 1);
    c->j = (size_t)j;
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, COLUMN_MT);
    return 1;
}

static int
col_len(lua_State *L)
{
    struct lcol *c = check_col(L, 1);

    lua_pushinteger(L, (lua_Integer)ov_table_nrows(col_table(L, c)));
    return 1;
}

/* a one-column table of this column, pushed as a new table userdata */
static ov_table *
push_alone(lua_State *L, struct lcol *c)
{
    ov_table *t = col_table(L, c), **slot;
    const char *name = ov_table_colname(t, c->j);
    struct ov_err err;

    slot = ov_lbind_new_table(L);
    if (ov_query_select(t, &name, 1, slot, &err) != OV_OK)
        ov_lbind_error(L, "col", &err);
    return *slot;
}

static int
col_tostring(lua_State *L)
{
    struct lcol *c = check_col(L, 1);

    push_alone(L, c);
    luaL_tolstring(L, -1, NULL);
    return 1;
}

/* the aggregate fn (sum, mean, ...) of the whole column, one value
 * pushed: built from the column's name, never written as text */
static int
aggregate(lua_State *L, const char *fn)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c), **slot;
    const char *name = ov_table_colname(t, c->j);
    ov_expr *e = NULL;
    ov_column *v = NULL;
    struct ov_err err;
    ov_status st;

    slot = ov_lbind_new_table(L); /* owns the result */
    if ((st = ov_expr_new_aggregate(fn, name, &e, &err)) == OV_OK &&
        (st = ov_expr_bind(e, t, true, &err)) == OV_OK &&
        (st = ov_expr_aggregate(e, t, NULL, 1, &v, &err)) == OV_OK) {
        if ((*slot = ov_table_new(1, &err)) == NULL)
            st = err.status;
        else
            st = ov_table_add_column(*slot, name, v, &err);
    }
    ov_column_unref(v);
    ov_expr_free(e);
    if (st != OV_OK)
        return ov_lbind_error(L, fn, &err);
    ov_lbind_push_cell(L, *slot, 0, 0);
    return 1;
}

static int
col_sum(lua_State *L)
{
    return aggregate(L, "sum");
}

static int
col_mean(lua_State *L)
{
    return aggregate(L, "mean");
}

static int
col_median(lua_State *L)
{
    return aggregate(L, "median");
}

static int
col_min(lua_State *L)
{
    return aggregate(L, "min");
}

static int
col_max(lua_State *L)
{
    return aggregate(L, "max");
}

static int
col_count_distinct(lua_State *L)
{
    return aggregate(L, "count_distinct");
}

/* c:count(): rows with a value */
static int
col_count(lua_State *L)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c);
    struct ov_view v = ov_table_colview(t, c->j);
    size_t i, n = 0;

    for (i = 0; i < v.n; i++)
        n += !ov_view_missing(&v, i);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* c:missing(): rows without a value */
static int
col_missing(lua_State *L)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c);
    struct ov_view v = ov_table_colview(t, c->j);
    size_t i, n = 0;

    for (i = 0; i < v.n; i++)
        n += ov_view_missing(&v, i);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* c:unique(): the distinct values present, in order of first appearance */
static int
col_unique(lua_State *L)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c), **slot;
    const char *name = ov_table_colname(t, c->j);
    struct ov_err err;
    size_t i, n, k = 0;

    slot = ov_lbind_new_table(L);
    if (ov_query_distinct(t, &name, 1, slot, &err) != OV_OK)
        return ov_lbind_error(L, "unique", &err);
    n = ov_table_nrows(*slot);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        int col = ov_table_find(*slot, name);

        ov_lbind_push_cell(L, *slot, (size_t)col, i);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1); /* a Lua list cannot hold nil: see c:missing() */
            continue;
        }
        lua_rawseti(L, -2, (lua_Integer)++k);
    }
    return 1;
}

static int
col_name(lua_State *L)
{
    struct lcol *c = check_col(L, 1);

    lua_pushstring(L, ov_table_colname(col_table(L, c), c->j));
    return 1;
}

static int
col_type(lua_State *L)
{
    struct lcol *c = check_col(L, 1);

    lua_pushstring(L, ov_type_name(ov_table_col(col_table(L, c), c->j)->type));
    return 1;
}

/* c:totable(): every value as a Lua list (missing values are nil holes) */
static int
col_totable(lua_State *L)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c);
    size_t i, n = ov_table_nrows(t);

    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        ov_lbind_push_cell(L, t, c->j, i);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int
col_freq(lua_State *L)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c), **slot;
    struct ov_err err;

    slot = ov_lbind_new_table(L);
    if (ov_query_freq(t, ov_table_colname(t, c->j), slot, &err) != OV_OK)
        return ov_lbind_error(L, "freq", &err);
    return 1;
}

/* the iterator of c:values(): (i, value), going past missing values */
static int
col_next(lua_State *L)
{
    struct lcol *c = check_col(L, 1);
    ov_table *t = col_table(L, c);
    lua_Integer i = luaL_checkinteger(L, 2) + 1;

    if (i < 1 || (size_t)i > ov_table_nrows(t))
        return 0;
    lua_pushinteger(L, i);
    ov_lbind_push_cell(L, t, c->j, (size_t)(i - 1));
    return 2;
}

/* for i, v in c:values() do ... end (also pairs(c)) */
static int
col_values(lua_State *L)
{
    check_col(L, 1);
    lua_pushcfunction(L, col_next);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

static const luaL_Reg col_methods[] = {
    {"name", col_name},
    {"type", col_type},
    {"unique", col_unique},
    {"count", col_count},
    {"missing", col_missing},
    {"count_distinct", col_count_distinct},
    {"sum", col_sum},
    {"mean", col_mean},
    {"median", col_median},
    {"min", col_min},
    {"max", col_max},
    {"values", col_values},
    {"totable", col_totable},
    {"freq", col_freq},
    {NULL, NULL},
};

/* c[i]: the value of row i (nil when missing or out of range); c.name and
 * methods otherwise */
static int
col_index(lua_State *L)
{
    struct lcol *c = check_col(L, 1);

    if (lua_type(L, 2) == LUA_TNUMBER) {
        ov_table *t = col_table(L, c);
        lua_Integer i = luaL_checkinteger(L, 2);

        if (i >= 1 && (size_t)i <= ov_table_nrows(t))
            ov_lbind_push_cell(L, t, c->j, (size_t)(i - 1));
        else
            lua_pushnil(L);
        return 1;
    }
    lua_getfield(L, lua_upvalueindex(1), luaL_checkstring(L, 2));
    if (lua_isnil(L, -1))
        return ov_lbind_no_method(L, "column", lua_upvalueindex(1), lua_tostring(L, 2));
    return 1;
}

static int
col_newindex(lua_State *L)
{
    return luaL_error(L,
                      "a column cannot be changed: make a new one with t:mutate{...}");
}

void
ov_lbind_column_open(lua_State *L)
{
    luaL_newmetatable(L, COLUMN_MT);
    luaL_newlib(L, col_methods);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "methods");
    lua_pushcclosure(L, col_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, col_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, col_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, col_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, col_values);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "column");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
}
