/*
 * lbind_infer.c - intervals in Lua: ci(fig [, opts]) and fig:ci([opts])
 * give a figure's interval as two numbers in its own unit; ratio(a, b
 * [, opts]) the ratio of two percentages or rates with its interval, as a
 * value that prints "ratio 2.88 (95% CI 1.05 to 7.90)"; explain(fig,
 * { ci = true }) adds the interval's arithmetic (through
 * ov_lbind_explain_ci). The numbers and words are the engine's (infer.c);
 * this file only checks arguments and builds the Lua values.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <lauxlib.h>

#include "infer.h"
#include "lbind.h"
#include "stats.h"

#define RATIO_MT "ov.Ratio"

static const char *const ci_known[] = {"level", "method", NULL};

/* the options table at idx (absolute; none or nil for the defaults):
 * level and method, checked */
static void
read_ci_opts(lua_State *L, int idx, const char *fname, double *level,
             enum ov_ci_method *m, bool ratio)
{
    const char *name;

    *level = 0.95;
    *m = OV_CI_DEFAULT;
    if (lua_isnoneornil(L, idx))
        return;
    if (!lua_istable(L, idx))
        luaL_error(L, "%s: options are a table, as in { level = 0.998 }, not %s", fname,
                   luaL_typename(L, idx));
    ov_lbind_check_options(L, idx, fname, ci_known);
    if (lua_getfield(L, idx, "level") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TNUMBER)
            luaL_error(L,
                       "%s: option 'level' must be a number above 0 and below 1 (0.95 "
                       "for 95%%), not %s",
                       fname, luaL_typename(L, -1));
        *level = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    name = ov_lbind_opt_string(L, idx, fname, "method");
    if (name == NULL)
        return;
    if (ratio) {
        if (strcmp(name, "log") != 0)
            luaL_error(L, "%s: the only method is \"log\" (Katz's), not \"%s\"", fname,
                       name);
        return;
    }
    if (!ov_ci_method_parse(name, m))
        luaL_error(L,
                   "%s: unknown method \"%s\"; a percentage's methods are \"wilson\" "
                   "(the default) and \"exact\", a rate's \"exact\" and \"byar\"",
                   fname, name);
}

static struct ov_figure *
figure_arg(lua_State *L, int idx, const char *fname, const char *example)
{
    struct ov_figure *f = ov_lbind_test_figure(L, idx);

    if (f == NULL)
        luaL_error(L, "%s: give a figure, as in %s, not %s", fname, example,
                   lua_isnoneornil(L, idx) ? "nothing" : luaL_typename(L, idx));
    return f;
}

int
ov_lbind_ci(lua_State *L)
{
    struct ov_figure *f = figure_arg(L, 1, "ci", "ci(pct(7, 3787))");
    struct ov_ci ci;
    struct ov_err err;
    enum ov_ci_method m;
    double level;

    read_ci_opts(L, 2, "ci", &level, &m, false);
    if (ov_ci_figure(f, level, m, &ci, &err) != OV_OK)
        return luaL_error(L, "%s", err.msg);
    lua_pushnumber(L, ci.lo);
    lua_pushnumber(L, ci.hi);
    return 2;
}

void
ov_lbind_explain_ci(lua_State *L, ov_strbuf *b, const struct ov_figure *f, int opts)
{
    static const char *const known[] = {"ci", NULL};
    struct ov_ci ci;
    struct ov_err err;
    enum ov_ci_method m = OV_CI_DEFAULT;
    double level = 0.95;
    int t;

    if (!lua_istable(L, opts))
        luaL_error(L, "explain: options are a table, as in { ci = true }, not %s",
                   luaL_typename(L, opts));
    ov_lbind_check_options(L, opts, "explain", known);
    t = lua_getfield(L, opts, "ci");
    if (t == LUA_TTABLE)
        read_ci_opts(L, lua_gettop(L), "explain", &level, &m, false);
    else if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L,
                   "explain: option 'ci' is true, or the interval's options as in "
                   "{ level = 0.998 }, not %s",
                   luaL_typename(L, -1));
    if (t == LUA_TTABLE || lua_toboolean(L, -1)) {
        if (ov_ci_figure(f, level, m, &ci, &err) != OV_OK)
            luaL_error(L, "explain: %s", err.msg);
        ov_ci_explain(b, f, &ci);
    }
    lua_pop(L, 1);
}

/* ---- ratio ---- */

static int
ratio_tostring(lua_State *L)
{
    struct ov_ratio r;
    char buf[128];

    luaL_checktype(L, 1, LUA_TTABLE);
    memset(&r, 0, sizeof r);
    lua_getfield(L, 1, "ratio");
    lua_getfield(L, 1, "lo");
    lua_getfield(L, 1, "hi");
    lua_getfield(L, 1, "level");
    r.ratio = lua_tonumber(L, -4);
    r.lo = lua_tonumber(L, -3);
    r.hi = lua_tonumber(L, -2);
    r.level = lua_tonumber(L, -1);
    lua_pushlstring(L, buf, ov_ratio_text(buf, &r));
    return 1;
}

static int
l_ratio(lua_State *L)
{
    struct ov_figure *a = figure_arg(L, 1, "ratio", "ratio(pct(12, 100), pct(5, 120))");
    struct ov_figure *b = figure_arg(L, 2, "ratio", "ratio(pct(12, 100), pct(5, 120))");
    struct ov_ratio r;
    struct ov_err err;
    enum ov_ci_method m;
    double level;

    read_ci_opts(L, 3, "ratio", &level, &m, true);
    if (ov_ratio_figures(a, b, level, &r, &err) != OV_OK)
        return luaL_error(L, "%s", err.msg);
    lua_createtable(L, 0, 6);
    lua_pushnumber(L, r.ratio);
    lua_setfield(L, -2, "ratio");
    lua_pushnumber(L, r.lo);
    lua_setfield(L, -2, "lo");
    lua_pushnumber(L, r.hi);
    lua_setfield(L, -2, "hi");
    lua_pushnumber(L, r.level);
    lua_setfield(L, -2, "level");
    lua_pushliteral(L, "log");
    lua_setfield(L, -2, "method");
    lua_pushnumber(L, r.se);
    lua_setfield(L, -2, "se");
    luaL_setmetatable(L, RATIO_MT);
    return 1;
}

static const luaL_Reg infer_globals[] = {
    {"ci", ov_lbind_ci},
    {"ratio", l_ratio},
    {NULL, NULL},
};

void
ov_lbind_infer_open(lua_State *L)
{
    luaL_newmetatable(L, RATIO_MT);
    lua_pushcfunction(L, ratio_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "ratio");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
    lua_pushglobaltable(L);
    luaL_setfuncs(L, infer_globals, 0);
    lua_pop(L, 1);
}
