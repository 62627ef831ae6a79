/*
 * lbind.h - oversight's Lua surface: registers the globals and userdata
 * types (tables, columns, percentages) into a state. The only files that
 * turn engine errors into Lua errors are lbind_*.c.
 * Lua layer (libovshell).
 */
#ifndef OV_LBIND_H
#define OV_LBIND_H

#include <lua.h>

/* Registers every oversight global and metatable in L. Raises a Lua error
 * (memory) on failure, so call it inside a protected call. */
void ov_lbind_open(lua_State *L);

#endif /* OV_LBIND_H */
