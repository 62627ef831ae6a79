/*
 * luamod.h - oversight as a Lua module: the table require "oversight"
 * returns, in lua5.4 (the C module, luaopen.c) and inside the shell (from
 * package.preload, the same functions as the shell's globals).
 * Lua layer (libovlua): may use the engine, never the shell.
 */
#ifndef OV_LUAMOD_H
#define OV_LUAMOD_H

#include <lua.h>

/* Pushes the module table made from the surface table at index `surface`
 * (luarun.h's ov_lua_open_surface): every name in it but print (a module
 * leaves its user's print alone), with the fields of its `ov` table
 * (version, display, doc, ...) beside them, so that after
 * `local ov = require "oversight"` a script writes ov.load_csv(...) and
 * ov.version. Raises a Lua error (memory) on failure. */
void ov_luamod_push(lua_State *L, int surface);

/* Pops the module table on top of the stack and makes it what
 * require "oversight" returns in this state: kept in the registry, with
 * an opener in package.preload (which --safe keeps, while it blocks C
 * modules). Raises a Lua error (memory) on failure. */
void ov_luamod_preload(lua_State *L);

/* The C module's opener, which lua5.4's require finds in oversight.so
 * (luaopen.c): the standard library must be open, as it is in lua5.4.
 * Leaves the state's globals alone and returns the module table. */
LUAMOD_API int luaopen_oversight(lua_State *L);

#endif /* OV_LUAMOD_H */
