/*
 * lbind_suppress.c - suppress(t, opts) and t:suppress(opts): a copy of a
 * table fit to publish, and the audit of what was hidden (suppress.h).
 * Checks the options and raises Lua errors; calls only the engine and the
 * helpers of lbind_aux.c. Registered by the opener list (lbind_open.c).
 */
#include "config.h"

#include "lbind.h"

#include <string.h>

#include <lauxlib.h>

#include "strbuf.h"
#include "suppress.h"

static const char *const suppress_options[] = {"below", "cols",      "marker",
                                               "zeros", "secondary", NULL};

/* the cols option at idx: a list of column names, kept on the stack */
static const char **
cols_option(lua_State *L, int idx, size_t *n)
{
    const char **names;
    size_t k;

    *n = 0;
    if (lua_getfield(L, idx, "cols") == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
    }
    if (lua_type(L, -1) != LUA_TTABLE || lua_rawlen(L, -1) == 0)
        luaL_error(L, "suppress: cols must be a list of column names, such as "
                      "cols = {\"n\"}");
    *n = lua_rawlen(L, -1);
    names = lua_newuserdatauv(L, *n * sizeof *names, 0);
    for (k = 0; k < *n; k++) {
        lua_rawgeti(L, -2, (lua_Integer)k + 1);
        names[k] = ov_lbind_text(L, -1, "suppress", "a column name");
        if (names[k] == NULL)
            luaL_error(L,
                       "suppress: cols must be a list of column names; item %d "
                       "is a %s",
                       (int)k + 1, luaL_typename(L, -1));
        lua_pop(L, 1); /* kept alive by the list, which stays on the stack */
    }
    return names;
}

/* suppress(t [, opts]): the copy and the audit */
static int
l_suppress(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    struct ov_suppress_opts o;
    ov_table **slot, **aslot;
    ov_table *r = NULL, *audit = NULL;
    struct ov_err err;
    ov_strbuf step = OV_STRBUF_INIT;

    ov_suppress_opts_init(&o);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        ov_lbind_check_options(L, 2, "suppress", suppress_options);
        if (lua_getfield(L, 2, "below") != LUA_TNIL) {
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1)
                return luaL_error(L, "suppress: below must be a whole number of "
                                     "cases, 1 or more, such as below = 10");
            o.below = (int64_t)lua_tointeger(L, -1);
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 2, "marker") != LUA_TNIL) {
            size_t len;

            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "suppress: marker must be a text such as \"[c]\"");
            o.marker = ov_lbind_text(L, -1, "suppress", "the marker");
            len = strlen(o.marker);
            if (len == 0 || len > 16)
                return luaL_error(L, "suppress: marker must be 1 to 16 bytes, such as "
                                     "\"[c]\"");
        }
        lua_pop(L, 1); /* the string stays in the plain options copy */
        o.secondary = ov_lbind_opt_bool(L, 2, "suppress", "secondary", 1);
        o.zeros = ov_lbind_opt_bool(L, 2, "suppress", "zeros", 0);
        o.cols = cols_option(L, 2, &o.ncols);
    }
    slot = ov_lbind_new_table(L);
    aslot = ov_lbind_new_table(L);
    if (ov_suppress(t, &o, &r, &audit, &err) != OV_OK)
        return ov_lbind_error(L, "suppress", &err);
    *slot = r;
    *aslot = audit;
    ov_strbuf_printf(&step, "suppress{below = %lld%s%s}", (long long)o.below,
                     o.secondary ? "" : ", secondary = false",
                     o.zeros ? ", zeros = true" : "");
    (void)ov_table_add_step(r, ov_strbuf_cstr(&step));
    ov_strbuf_free(&step);
    return 2;
}

void
ov_lbind_suppress_open(lua_State *L)
{
    lua_pushcfunction(L, l_suppress);
    lua_setglobal(L, "suppress");
    luaL_getmetatable(L, OV_LBIND_TABLE_MT);
    lua_getfield(L, -1, "methods");
    lua_pushcfunction(L, l_suppress);
    lua_setfield(L, -2, "suppress");
    lua_pop(L, 2);
}
