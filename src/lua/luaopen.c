/*
 * luaopen.c - the entry point of the C module oversight.so: what lua5.4's
 * require "oversight" calls. The only file of the module not in libovlua,
 * and its only exported symbol (the archives' are hidden at link time).
 */
#include "config.h"

#include <lauxlib.h>

#include "luamod.h"
#include "luarun.h"

int
luaopen_oversight(lua_State *L)
{
    /* a module built for another Lua, or linked with a second copy of it,
     * is refused here rather than crashing later */
    luaL_checkversion(L);
    ov_lua_open_surface(L);
    ov_luamod_push(L, -1);
    return 1;
}
