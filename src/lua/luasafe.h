/*
 * luasafe.h - the Lua half of --safe: what a script may call. The kernel's
 * half (seccomp, Landlock) is sandbox.h; where writes may go, safepath.h.
 * Lua layer (libovshell): may use the engine, never the shell.
 */
#ifndef OV_LUASAFE_H
#define OV_LUASAFE_H

#include <lua.h>

/* Takes away or wraps, in the state's standard libraries, everything by
 * which a script could start a program, load a binary chunk or C code,
 * delete, rename or write outside the working directory, or run code
 * where Ctrl-C cannot reach it:
 *  - os.execute, io.popen, os.remove, os.rename, os.tmpname, io.tmpfile,
 *    package.loadlib and string.dump raise "X is blocked by --safe";
 *  - load, loadfile, dofile and require load text only: require keeps the
 *    preload table and a Lua-file searcher that loads text, and no other
 *    searcher (none for C modules);
 *  - io.open in a writing mode and io.output(path) open the file through
 *    safepath.h, so only a regular file beneath the working directory;
 *  - setmetatable refuses a metatable with a __gc field (Lua runs
 *    finalizers with hooks off, where Ctrl-C cannot stop them);
 *  - pcall, xpcall, coroutine.resume and coroutine.close pass an error
 *    on, instead of returning it, while Ctrl-C is pending (the engine's
 *    interrupt flag), so a script cannot catch Ctrl-C and carry on;
 *  - the debug library is a table whose every field says it is blocked.
 * Call once, in a protected call, after the standard libraries are open
 * and before oversight's own globals (which it leaves alone). */
void ov_luasafe_open(lua_State *L);

/* Sets __metatable on every metatable in the registry (those made by
 * luaL_newmetatable: files, oversight's tables, columns, figures), so a
 * script cannot reach one to put a Lua function in its __gc. Call after
 * oversight's types are registered. */
void ov_luasafe_lock_metatables(lua_State *L);

/* luaL_loadfilex(L, path, "t") with a message that says why when the file
 * is a binary chunk ("PATH: binary chunks are blocked by --safe"). NULL
 * path reads stdin. Pushes the function or the message; returns the
 * lua_load status. */
int ov_luasafe_loadfile(lua_State *L, const char *path);

#endif /* OV_LUASAFE_H */
