/*
 * luamod.c - the module table require "oversight" returns (luamod.h),
 * built from the names oversight's openers define; and its place in
 * package.preload inside the shell. Knows no binding by name but `ov` and
 * `print`, and not the shell.
 */
#include "config.h"

#include "luamod.h"

#include <string.h>

#include <lauxlib.h>

/* the registry field holding the shell's module table */
#define REG_MODULE "ov.module"

void
ov_luamod_push(lua_State *L, int surface)
{
    int module;

    surface = lua_absindex(L, surface);
    lua_newtable(L);
    module = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, surface) != 0) {
        /* the ov table's fields go beside the functions, not under ov.ov */
        if (lua_type(L, -2) == LUA_TSTRING &&
            (strcmp(lua_tostring(L, -2), "print") == 0 ||
             strcmp(lua_tostring(L, -2), "ov") == 0)) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, module);
    }
    if (lua_getfield(L, surface, "ov") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            lua_pushvalue(L, -2);
            /* a top-level name wins over an ov field of the same name */
            if (lua_rawget(L, module) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, module);
            } else {
                lua_pop(L, 2);
            }
        }
    }
    lua_pop(L, 1);
}

/* package.preload.oversight */
static int
preload(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_MODULE);
    return 1;
}

void
ov_luamod_preload(lua_State *L)
{
    lua_setfield(L, LUA_REGISTRYINDEX, REG_MODULE);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, preload);
    lua_setfield(L, -2, "oversight");
    lua_pop(L, 1);
}
