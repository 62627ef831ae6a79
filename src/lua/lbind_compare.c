/*
 * lbind_compare.c - comparison tests in Lua: t:chisq(row, col) (and on a
 * crosstab result), whose result prints a one-line summary, and
 * funnel(t, { part, whole, label }) returning the funnel table and its
 * summary. The arithmetic is the engine's (compare.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "compare.h"
#include "lbind.h"
#include "strbuf.h"

#define CHISQ_MT "ov.Chisq"
#define FUNNEL_MT "ov.FunnelSummary"

/* ---- t:chisq ---- */

static void
set_number(lua_State *L, const char *k, double v)
{
    lua_pushnumber(L, v);
    lua_setfield(L, -2, k);
}

static void
set_integer(lua_State *L, const char *k, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

static int
tbl_chisq(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *row = NULL, *col = NULL;
    ov_table **se, **sr, *e = NULL, *res = NULL;
    struct ov_chisq r;
    struct ov_err err;
    size_t dropped = 0, small, cells, zrows, zcols;
    double stat, p, n, fisher;
    int df;
    bool has_fisher;
    ov_status st;

    if (!lua_isnoneornil(L, 2) || !lua_isnoneornil(L, 3)) {
        row = ov_lbind_checktext(L, 2, "chisq", "the row column's name");
        col = ov_lbind_checktext(L, 3, "chisq", "the column column's name");
    }
    se = ov_lbind_new_table(L);
    sr = ov_lbind_new_table(L);
    if (row != NULL)
        st = ov_compare_chisq(t, row, col, &r, &e, &res, &dropped, &err);
    else
        st = ov_compare_chisq_crosstab(t, &r, &e, &res, &err);
    if (st != OV_OK)
        return ov_lbind_error(L, "chisq", &err);
    *se = e;
    *sr = res;
    (void)ov_table_add_step(e, "chisq: expected counts");
    (void)ov_table_add_step(res, "chisq: standardised residuals");
    /* copied out and freed before anything below can raise */
    stat = r.statistic;
    df = r.df;
    p = r.p;
    n = r.n;
    small = r.small_expected;
    cells = r.nr * r.nc;
    zrows = r.dropped_rows;
    zcols = r.dropped_cols;
    has_fisher = r.has_fisher;
    fisher = r.fisher_p;
    ov_chisq_free(&r);

    lua_createtable(L, 0, 12);
    set_number(L, "statistic", stat);
    set_integer(L, "df", df);
    set_number(L, "p", p);
    set_integer(L, "n", (lua_Integer)n);
    set_integer(L, "dropped", (lua_Integer)dropped);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "expected");
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "residuals");
    set_integer(L, "small_expected", (lua_Integer)small);
    set_integer(L, "cells", (lua_Integer)cells);
    if (has_fisher)
        set_number(L, "fisher_p", fisher);
    if (small > 0) {
        lua_pushfstring(L,
                        "%d of %d expected counts under 5: the chi-square "
                        "approximation may be poor%s",
                        (int)small, (int)cells,
                        has_fisher ? " (see fisher_p)"
                                   : " (combine sparse categories)");
        lua_setfield(L, -2, "warning");
    }
    if (zrows + zcols > 0) {
        lua_pushfstring(L, "%d rows and %d columns with no counts left out", (int)zrows,
                        (int)zcols);
        lua_setfield(L, -2, "note");
    }
    luaL_setmetatable(L, CHISQ_MT);
    return 1;
}

/* a p-value as people read it: two significant digits */
static void
put_p(ov_strbuf *b, double p)
{
    ov_strbuf_printf(b, "%.2g", p);
}

static double
field_number(lua_State *L, const char *k)
{
    double v;

    lua_getfield(L, 1, k);
    v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return v;
}

static int
chisq_tostring(lua_State *L)
{
    ov_strbuf *b = ov_lbind_new_buf(L);
    double small, dropped;

    luaL_checktype(L, 1, LUA_TTABLE);
    ov_strbuf_printf(b, "X\xc2\xb2 = %.1f, df = %d, p = ", field_number(L, "statistic"),
                     (int)field_number(L, "df"));
    put_p(b, field_number(L, "p"));
    small = field_number(L, "small_expected");
    if (small > 0)
        ov_strbuf_printf(b, "; %d of %d expected counts under 5", (int)small,
                         (int)field_number(L, "cells"));
    if (lua_getfield(L, 1, "fisher_p") == LUA_TNUMBER) {
        ov_strbuf_puts(b, "; Fisher's exact p = ");
        put_p(b, lua_tonumber(L, -1));
    }
    lua_pop(L, 1);
    dropped = field_number(L, "dropped");
    if (dropped > 0)
        ov_strbuf_printf(b, "; %d row%s with a missing value left out", (int)dropped,
                         dropped == 1 ? "" : "s");
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    lua_pushlstring(L, b->data, b->len);
    return 1;
}

/* ---- funnel ---- */

static const char *const funnel_options[] = {"part",   "whole", "label",
                                             "target", "level", NULL};

static int
funnel_tostring(lua_State *L)
{
    char line[400], nm[2][16], key[40];
    double level[2];
    int l, out[2], adj[2];

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "levels");
    for (l = 0; l < 2; l++) {
        level[l] = l == 0 ? 0.95 : 0.998;
        if (lua_istable(L, -1)) {
            if (lua_rawgeti(L, -1, l + 1) == LUA_TNUMBER)
                level[l] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
        ov_funnel_level_name(nm[l], level[l]);
        snprintf(key, sizeof key, "outside%s", nm[l]);
        out[l] = (int)field_number(L, key);
        snprintf(key, sizeof key, "outside%s_adjusted", nm[l]);
        adj[l] = (int)field_number(L, key);
    }
    snprintf(line, sizeof line,
             "%d units, target %.4g%%, phi = %.3g; outside the %.10g%% limits %d, the "
             "%.10g%% limits %d; after the adjustment for overdispersion %d and %d",
             (int)field_number(L, "n_units"), field_number(L, "target"),
             field_number(L, "phi"), 100 * level[0], out[0], 100 * level[1], out[1],
             adj[0], adj[1]);
    lua_pushstring(L, line);
    return 1;
}

static const char *
need_column(lua_State *L, const char *name)
{
    const char *s = ov_lbind_opt_string(L, 2, "funnel", name);

    if (s == NULL)
        luaL_error(
            L,
            "funnel: give %s = COLUMN, as in funnel(t, { part = \"cases\", whole "
            "= \"officers\", label = \"force\" })",
            name);
    return s;
}

static int
l_funnel(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *part, *whole, *label;
    double target = NAN, level[2] = {0.95, 0.998};
    ov_table **slot, *r = NULL;
    struct ov_funnel_summary s;
    struct ov_err err;
    char nm[2][16], key[40];
    int l;

    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    ov_lbind_check_options(L, 2, "funnel", funnel_options);
    part = need_column(L, "part");
    whole = need_column(L, "whole");
    label = need_column(L, "label");
    if (lua_getfield(L, 2, "target") != LUA_TNIL) {
        if (!lua_isnumber(L, -1))
            return luaL_error(L, "funnel: target must be a percentage (a number such "
                                 "as 0.5 for 0.5%%)");
        target = lua_tonumber(L, -1);
        if (!(target > 0 && target < 100))
            return luaL_error(L, "funnel: target is a percentage strictly between 0 "
                                 "and 100");
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "level") != LUA_TNIL) {
        if (!lua_istable(L, -1) || lua_rawlen(L, -1) != 2)
            return luaL_error(L, "funnel: level must be two levels, as in { 0.95, "
                                 "0.998 }");
        for (l = 0; l < 2; l++) {
            lua_rawgeti(L, -1, l + 1);
            level[l] = lua_tonumber(L, -1);
            if (!lua_isnumber(L, -1) || !(level[l] > 0 && level[l] < 1))
                return luaL_error(L, "funnel: each level is a number between 0 and 1 "
                                     "(0.95, 0.998)");
            lua_pop(L, 1);
        }
        if (!(level[0] < level[1]))
            return luaL_error(L, "funnel: give the lower level first, as in { 0.95, "
                                 "0.998 }");
    }
    lua_pop(L, 1);
    slot = ov_lbind_new_table(L);
    if (ov_compare_funnel(t, part, whole, label, target, level, &r, &s, &err) != OV_OK)
        return ov_lbind_error(L, "funnel", &err);
    *slot = r;
    {
        char step[512];

        snprintf(step, sizeof step,
                 "funnel{ part = \"%s\", whole = \"%s\", label = \"%s\" }", part, whole,
                 label);
        (void)ov_table_add_step(r, step);
    }
    for (l = 0; l < 2; l++)
        ov_funnel_level_name(nm[l], level[l]);
    lua_createtable(L, 0, 12);
    set_number(L, "target", 100 * s.target);
    set_number(L, "phi", s.phi);
    set_integer(L, "n_units", (lua_Integer)s.n_units);
    for (l = 0; l < 2; l++) {
        snprintf(key, sizeof key, "outside%s", nm[l]);
        set_integer(L, key, (lua_Integer)s.outside[l]);
        snprintf(key, sizeof key, "outside%s_adjusted", nm[l]);
        set_integer(L, key, (lua_Integer)s.outside_adj[l]);
    }
    lua_createtable(L, 2, 0);
    for (l = 0; l < 2; l++) {
        lua_pushnumber(L, level[l]);
        lua_rawseti(L, -2, l + 1);
    }
    lua_setfield(L, -2, "levels");
    luaL_setmetatable(L, FUNNEL_MT);
    return 2;
}

void
ov_lbind_compare_open(lua_State *L)
{
    luaL_newmetatable(L, CHISQ_MT);
    lua_pushcfunction(L, chisq_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    luaL_newmetatable(L, FUNNEL_MT);
    lua_pushcfunction(L, funnel_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    luaL_getmetatable(L, OV_LBIND_TABLE_MT);
    lua_getfield(L, -1, "methods");
    lua_pushcfunction(L, tbl_chisq);
    lua_setfield(L, -2, "chisq");
    lua_pop(L, 2);
    lua_pushcfunction(L, l_funnel);
    lua_setglobal(L, "funnel");
}
