/*
 * lbind_stats.c - figures in Lua: pct, rate, change and pp make values of
 * type "figure" that keep what they were made from, print rounded half
 * away from zero, and compare and do arithmetic as plain numbers; explain
 * shows their arithmetic (and, with { ci = true }, their interval's, from
 * lbind_infer.c); check reads a published claim and says whether
 * the data bear it out. The arithmetic and the words are the engine's
 * (stats.c, claim.c, verdict.c); this file only checks arguments and builds
 * the Lua values.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lbind.h"
#include "stats.h"
#include "tablenote.h"
#include "strbuf.h"

#define FIGURE_MT "ov.Figure"
#define VERDICT_MT "ov.Verdict"

/* ---- the figure userdata ---- */

static struct ov_figure *
push_figure(lua_State *L, const struct ov_figure *f)
{
    struct ov_figure *u = lua_newuserdatauv(L, sizeof *u, 0);

    *u = *f;
    luaL_setmetatable(L, FIGURE_MT);
    return u;
}

void
ov_lbind_push_figure(lua_State *L, const struct ov_figure *f)
{
    push_figure(L, f);
}

struct ov_figure *
ov_lbind_test_figure(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, FIGURE_MT);
}

static struct ov_figure *
check_figure(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, FIGURE_MT);
}

/* a number argument: a Lua number, or a figure's value */
static double
num_arg(lua_State *L, int idx, const char *fname, const char *what)
{
    struct ov_figure *f = ov_lbind_test_figure(L, idx);
    int isnum;
    double v;

    if (f != NULL)
        return f->value;
    v = lua_tonumberx(L, idx, &isnum);
    if (!isnum || lua_type(L, idx) == LUA_TSTRING)
        luaL_error(L, "%s: %s must be a number, not %s", fname, what,
                   lua_isnoneornil(L, idx) ? "nothing" : luaL_typename(L, idx));
    return v;
}

static int
fail_with(lua_State *L, const struct ov_err *err)
{
    return luaL_error(L, "%s", err->msg);
}

static int
l_pct(lua_State *L)
{
    struct ov_figure f;
    struct ov_err err;
    double part = num_arg(L, 1, "pct", "the part"),
           whole = num_arg(L, 2, "pct", "the whole");

    if (ov_figure_pct(part, whole, &f, &err) != OV_OK)
        return fail_with(L, &err);
    push_figure(L, &f);
    return 1;
}

static int
l_rate(lua_State *L)
{
    struct ov_figure f;
    struct ov_err err;
    double part = num_arg(L, 1, "rate", "the part"),
           whole = num_arg(L, 2, "rate", "the whole");
    double per = lua_isnoneornil(L, 3) ? 1000 : num_arg(L, 3, "rate", "per");

    if (ov_figure_rate(part, whole, per, &f, &err) != OV_OK)
        return fail_with(L, &err);
    push_figure(L, &f);
    return 1;
}

static int
l_change(lua_State *L)
{
    struct ov_figure f;
    struct ov_err err;
    double old = num_arg(L, 1, "change", "the old value");
    double new_ = num_arg(L, 2, "change", "the new value");

    if (ov_figure_change(old, new_, &f, &err) != OV_OK)
        return fail_with(L, &err);
    push_figure(L, &f);
    return 1;
}

static int
l_pp(lua_State *L)
{
    struct ov_figure f, *x = ov_lbind_test_figure(L, 1),
                        *y = ov_lbind_test_figure(L, 2);
    struct ov_err err;
    double xv = x ? 0 : num_arg(L, 1, "pp", "the first percentage");
    double yv = y ? 0 : num_arg(L, 2, "pp", "the second percentage");

    if (ov_figure_pp(x, xv, y, yv, &f, &err) != OV_OK)
        return fail_with(L, &err);
    push_figure(L, &f);
    return 1;
}

static int
fig_tostring(lua_State *L)
{
    char buf[80];

    lua_pushlstring(L, buf, ov_figure_text(buf, check_figure(L, 1)));
    return 1;
}

/* the value of an operand: a figure's, or the number itself */
static double
operand(lua_State *L, int idx, const char *op)
{
    struct ov_figure *f = ov_lbind_test_figure(L, idx);
    int isnum;
    double v;

    if (f != NULL)
        return f->value;
    v = lua_tonumberx(L, idx, &isnum);
    if (!isnum || lua_type(L, idx) == LUA_TSTRING)
        luaL_error(L, "cannot %s a figure and %s", op, luaL_typename(L, idx));
    return v;
}

static int
fig_add(lua_State *L)
{
    lua_pushnumber(L, operand(L, 1, "add") + operand(L, 2, "add"));
    return 1;
}

static int
fig_sub(lua_State *L)
{
    lua_pushnumber(L, operand(L, 1, "subtract") - operand(L, 2, "subtract"));
    return 1;
}

static int
fig_mul(lua_State *L)
{
    lua_pushnumber(L, operand(L, 1, "multiply") * operand(L, 2, "multiply"));
    return 1;
}

static int
fig_div(lua_State *L)
{
    lua_pushnumber(L, operand(L, 1, "divide") / operand(L, 2, "divide"));
    return 1;
}

/* the rest of Lua's arithmetic, so a cell of a percentage column (a
 * figure) does what the number did */
static int
fig_mod(lua_State *L)
{
    lua_pushnumber(L, operand(L, 1, "take the remainder of"));
    lua_pushnumber(L, operand(L, 2, "take the remainder of"));
    lua_arith(L, LUA_OPMOD);
    return 1;
}

static int
fig_idiv(lua_State *L)
{
    lua_pushnumber(L, operand(L, 1, "divide"));
    lua_pushnumber(L, operand(L, 2, "divide"));
    lua_arith(L, LUA_OPIDIV);
    return 1;
}

static int
fig_pow(lua_State *L)
{
    lua_pushnumber(L, pow(operand(L, 1, "raise"), operand(L, 2, "raise")));
    return 1;
}

static int
fig_unm(lua_State *L)
{
    lua_pushnumber(L, -check_figure(L, 1)->value);
    return 1;
}

/* comparisons are exact when a figure meets a number: pct(7, 3787) < 0.2 */
static int
compare(lua_State *L)
{
    struct ov_figure *a = ov_lbind_test_figure(L, 1), *b = ov_lbind_test_figure(L, 2);

    if (a != NULL && b == NULL)
        return ov_figure_cmp(a, operand(L, 2, "compare"), 1);
    if (a == NULL && b != NULL)
        return -ov_figure_cmp(b, operand(L, 1, "compare"), 1);
    if (b->exact)
        return ov_figure_cmp(a, (double)b->qn, (double)b->qd);
    return (a->value > b->value) - (a->value < b->value);
}

static int
fig_lt(lua_State *L)
{
    lua_pushboolean(L, compare(L) < 0);
    return 1;
}

static int
fig_le(lua_State *L)
{
    lua_pushboolean(L, compare(L) <= 0);
    return 1;
}

static int
fig_eq(lua_State *L)
{
    lua_pushboolean(L, compare(L) == 0);
    return 1;
}

static int
fig_concat(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    luaL_tolstring(L, 2, NULL);
    lua_concat(L, 2);
    return 1;
}

/* x:round([places]): the value rounded half away from zero, a number */
static int
fig_round(lua_State *L)
{
    struct ov_figure *f = check_figure(L, 1);
    lua_Integer places = luaL_optinteger(L, 2, f->places);
    char buf[64];

    luaL_argcheck(L, places >= 0 && places <= 9, 2, "places must be from 0 to 9");
    ov_figure_digits(buf, f, (int)places, OV_ROUND_HALF_AWAY);
    if (places == 0)
        lua_pushinteger(L, (lua_Integer)strtoll(buf, NULL, 10));
    else
        lua_pushnumber(L, strtod(buf, NULL));
    return 1;
}

/* x:format([places]): the figure as text with that many decimals */
static int
fig_format(lua_State *L)
{
    struct ov_figure g = *check_figure(L, 1);
    lua_Integer places = luaL_optinteger(L, 2, g.places);
    char buf[80];

    luaL_argcheck(L, places >= 0 && places <= 9, 2, "places must be from 0 to 9");
    g.places = (int)places;
    lua_pushlstring(L, buf, ov_figure_text(buf, &g));
    return 1;
}

static int l_explain(lua_State *L);

static const luaL_Reg fig_methods[] = {
    {"round", fig_round}, {"format", fig_format}, {"explain", l_explain},
    {"ci", ov_lbind_ci},  {NULL, NULL},
};

static int
fig_index(lua_State *L)
{
    struct ov_figure *f = check_figure(L, 1);
    const char *k = luaL_checkstring(L, 2);
    static const char *const kinds[] = {"pct", "rate", "change", "pp"};
    const luaL_Reg *m;

    for (m = fig_methods; m->name != NULL; m++)
        if (strcmp(k, m->name) == 0) {
            lua_pushcfunction(L, m->func);
            return 1;
        }
    if (strcmp(k, "value") == 0)
        lua_pushnumber(L, f->value);
    else if (strcmp(k, "kind") == 0)
        lua_pushstring(L, kinds[f->kind]);
    else if (strcmp(k, "places") == 0)
        lua_pushinteger(L, f->places);
    else if ((strcmp(k, "part") == 0 || strcmp(k, "whole") == 0) &&
             (f->kind == OV_FIG_PCT || f->kind == OV_FIG_RATE))
        lua_pushnumber(L, k[0] == 'p' ? f->a : f->b);
    else if ((strcmp(k, "old") == 0 || strcmp(k, "new") == 0) &&
             f->kind == OV_FIG_CHANGE)
        lua_pushnumber(L, k[0] == 'o' ? f->a : f->b);
    else if ((strcmp(k, "x") == 0 || strcmp(k, "y") == 0) && f->kind == OV_FIG_PP)
        lua_pushnumber(L, k[0] == 'x' ? f->a : f->b);
    else if (strcmp(k, "per") == 0 && f->kind == OV_FIG_RATE)
        lua_pushnumber(L, f->per);
    else
        lua_pushnil(L);
    /* numbers that are whole print as whole: 3787, not 3787.0 */
    if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1)) {
        double v = lua_tonumber(L, -1);

        if (strcmp(k, "value") != 0 && v == floor(v) && fabs(v) < 9007199254740992.0) {
            lua_pop(L, 1);
            lua_pushinteger(L, (lua_Integer)v);
        }
    }
    return 1;
}

static const luaL_Reg fig_meta[] = {
    {"__tostring", fig_tostring},
    {"__index", fig_index},
    {"__add", fig_add},
    {"__sub", fig_sub},
    {"__mul", fig_mul},
    {"__div", fig_div},
    {"__mod", fig_mod},
    {"__idiv", fig_idiv},
    {"__pow", fig_pow},
    {"__unm", fig_unm},
    {"__lt", fig_lt},
    {"__le", fig_le},
    {"__eq", fig_eq},
    {"__concat", fig_concat},
    {NULL, NULL},
};

/* ---- explain ---- */

/* writes text to the session's output */
static void
emit(lua_State *L, const char *s, size_t n)
{
    FILE *out = ov_lbind_ui(L)->out;

    fwrite(s, 1, n, out != NULL ? out : stdout);
    fflush(out != NULL ? out : stdout);
}

static int
l_explain(lua_State *L)
{
    struct ov_figure *f = ov_lbind_test_figure(L, 1);
    ov_strbuf *b;
    bool opts;

    if (f == NULL) {
        if (luaL_testudata(L, 1, VERDICT_MT) != NULL || lua_istable(L, 1)) {
            /* a verdict explains itself */
            if (lua_getfield(L, 1, "text") == LUA_TSTRING) {
                size_t n;
                const char *s = lua_tolstring(L, -1, &n);

                emit(L, s, n);
                return 0;
            }
        }
        return luaL_error(L,
                          "explain: give a figure, as in explain(pct(7, 3787)), not %s",
                          luaL_typename(L, 1));
    }
    opts = !lua_isnoneornil(L, 2); /* before the buffer takes the slot */
    b = ov_lbind_new_buf(L);
    ov_figure_explain(b, f);
    if (opts)
        ov_lbind_explain_ci(L, b, f, 2); /* { ci = true }: the interval too */
    {
        ov_strbuf note = OV_STRBUF_INIT;

        /* small numbers: the threshold of ov.display{ small = ... } */
        if (ov_small_figure(f, ov_lbind_ui(L)->display.small, &note))
            ov_strbuf_printf(b, "  small numbers: %s\n", ov_strbuf_cstr(&note));
        ov_strbuf_free(&note);
    }
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    lua_pushstring(L, ov_strbuf_cstr(b));
    {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);

        emit(L, s, n);
    }
    return 0;
}

/* ---- check ---- */

static int
verdict_tostring(lua_State *L)
{
    lua_getfield(L, 1, "text");
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);

        /* the printer adds the last newline */
        lua_pushlstring(L, s, n > 0 && s[n - 1] == '\n' ? n - 1 : n);
    }
    return 1;
}

static void
set_number(lua_State *L, const char *k, double v)
{
    if (isfinite(v)) {
        lua_pushnumber(L, v);
        lua_setfield(L, -2, k);
    }
}

/* check(claim, part, whole [, opts]) | check(claim, figure [, opts]) |
 * check(claim, nil, whole [, opts]) */
static int
l_check(lua_State *L)
{
    const char *text = luaL_checkstring(L, 1);
    struct ov_claim c;
    struct ov_figure fig, *f = ov_lbind_test_figure(L, 2);
    struct ov_verdict v;
    struct ov_interval in;
    struct ov_err err;
    ov_strbuf *b;
    int opts = 0;
    double part = 0, whole = 0;
    bool no_part = false;

    if (ov_claim_parse(text, &c, &err) != OV_OK)
        return luaL_error(L, "check: %s", err.msg);
    if (f != NULL) {
        opts = lua_istable(L, 3) ? 3 : 0;
    } else {
        no_part = lua_isnil(L, 2) && !lua_isnone(L, 2);
        if (!no_part)
            part = num_arg(L, 2, "check", "the part (or a figure)");
        whole = num_arg(L, 3, "check", "the whole");
        opts = lua_istable(L, 4) ? 4 : 0;
        if (!no_part) {
            if (c.direction != 0)
                return luaL_error(
                    L,
                    "check: '%s' describes a change ('%s'): give "
                    "change(old, new), as in check(\"%s\", change(67732, 75020))",
                    text, c.dirword, text);
            if (ov_figure_pct(part, whole, &fig, &err) != OV_OK)
                return luaL_error(L, "check: %s", err.msg);
            f = &fig;
        }
    }
    if (opts != 0) {
        lua_pushnil(L);
        while (lua_next(L, opts) != 0) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING ||
                strcmp(lua_tostring(L, -1), "among") != 0)
                return luaL_error(L,
                                  "check: the only option is 'among' (a list of other "
                                  "wholes to try)");
        }
    }
    if (f != NULL && ov_claim_check(&c, f, &v, &err) != OV_OK)
        return luaL_error(L, "check: %s", err.msg);
    lua_createtable(L, 0, 8);
    b = ov_lbind_new_buf(L); /* freed by the collector, whatever happens */
    if (f != NULL)
        ov_verdict_explain(b, &c, f, &v);
    else
        ov_claim_explain_whole(b, &c, whole);
    if (opts != 0 && f != NULL && f->kind == OV_FIG_PCT) {
        double wholes[64];
        size_t n = 0;

        lua_getfield(L, opts, "among");
        if (lua_istable(L, -1)) {
            lua_Integer i, len = (lua_Integer)lua_rawlen(L, -1);

            for (i = 1; i <= len && n < 64; i++) {
                lua_rawgeti(L, -1, i);
                if (lua_type(L, -1) == LUA_TNUMBER)
                    wholes[n++] = lua_tonumber(L, -1);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
        ov_claim_explain_among(b, &c, f->a, wholes, n);
    }
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    lua_pushstring(L, ov_strbuf_cstr(b));
    lua_setfield(L, -3, "text");
    lua_pop(L, 1); /* the buffer */
    lua_pushstring(L, text);
    lua_setfield(L, -2, "claim");
    if (c.reading[0] != '\0') {
        lua_pushstring(L, c.reading);
        lua_setfield(L, -2, "reading");
    }
    ov_claim_interval(&c, &in);
    set_number(L, "low", in.lo);
    set_number(L, "high", in.hi);
    if (f != NULL) {
        lua_pushboolean(L, v.consistent);
        lua_setfield(L, -2, "consistent");
        set_number(L, "value", f->value);
        push_figure(L, f);
        lua_setfield(L, -2, "figure");
        if (c.cmp == OV_CLAIM_ROUNDED && c.unit != OV_UNIT_FRACTION) {
            lua_pushstring(L, v.half_away && v.trunc ? "either"
                              : v.half_away          ? "half away from zero"
                              : v.trunc              ? "truncation"
                                                     : "neither");
            lua_setfield(L, -2, "rounding");
        }
    }
    luaL_setmetatable(L, VERDICT_MT);
    return 1;
}

static const luaL_Reg stats_globals[] = {
    {"pct", l_pct},         {"rate", l_rate},   {"change", l_change}, {"pp", l_pp},
    {"explain", l_explain}, {"check", l_check}, {NULL, NULL},
};

void
ov_lbind_stats_open(lua_State *L)
{
    luaL_newmetatable(L, FIGURE_MT);
    luaL_setfuncs(L, fig_meta, 0);
    luaL_newlib(L, fig_methods);
    lua_setfield(L, -2, "methods"); /* for help() and tests to list them */
    lua_pushliteral(L, "figure");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
    luaL_newmetatable(L, VERDICT_MT);
    lua_pushcfunction(L, verdict_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "verdict");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
    lua_pushglobaltable(L);
    luaL_setfuncs(L, stats_globals, 0);
    lua_pop(L, 1);
}
