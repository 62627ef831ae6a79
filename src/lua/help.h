/*
 * help.h - help() and ov.doc(): usage, a line of description and a
 * runnable example for every global, method and setting of the Lua
 * surface. Lua layer.
 */
#ifndef OV_HELP_H
#define OV_HELP_H

#include <lua.h>

/* Registers help and ov.doc; call after every other part of the surface
 * is registered (it maps their functions to names). */
void ov_help_open(lua_State *L);

#endif /* OV_HELP_H */
