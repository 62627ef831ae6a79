/*
 * lbind.c - the registration hub for oversight's Lua globals: the `ov`
 * table (version, build facts); each lbind_<type>.c adds its own part.
 */
#include "lbind.h"

#include <lauxlib.h>

#include "config.h"

void
ov_lbind_open(lua_State *L)
{
    lua_createtable(L, 0, 2);
    lua_pushstring(L, PACKAGE_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushstring(L, LUA_RELEASE);
    lua_setfield(L, -2, "lua");
    lua_setglobal(L, "ov");
}
