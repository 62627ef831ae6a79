/*
 * luasafe.h - the Lua half of --safe: what a script may call. The kernel's
 * half (seccomp, Landlock) is sandbox.h; where writes may go, safepath.h.
 * Every decision of what --safe allows is made in luasafe.c: luarun, the
 * bindings and the shell ask it.
 * Lua layer (libovlua): may use the engine, never the shell.
 */
#ifndef OV_LUASAFE_H
#define OV_LUASAFE_H

#include <stdbool.h>

#include <lua.h>

#include "fileio.h"
#include "ov_error.h"

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

/* Under --safe, luaL_loadfilex(L, path, "t") with a message that says why
 * when the file is a binary chunk ("PATH: binary chunks are blocked by
 * --safe"); otherwise luaL_loadfilex(L, path, "bt"). NULL path reads
 * stdin. Pushes the function or the message; returns the lua_load
 * status. */
int ov_luasafe_loadfile(lua_State *L, const char *path);

/* True if L is a --safe state (ov_luasafe_open ran in it). */
bool ov_luasafe_on(lua_State *L);

/* Whether the standard library `name` (LUA_DBLIBNAME, ...) is opened in a
 * state that is (safe) or is not --safe. */
bool ov_luasafe_lib_allowed(bool safe, const char *name);

/* The lua_load mode for a chunk in L: "t" under --safe, else "bt". */
const char *ov_luasafe_load_mode(lua_State *L);

/* Opens path for writing through a temporary file (fileio.h's ov_afile):
 * under --safe only a regular file beneath the working directory
 * (safepath.h), otherwise anywhere. Returns the status, with err set. */
ov_status ov_luasafe_afile_open(lua_State *L, struct ov_afile *af, const char *path,
                                struct ov_err *err);

/* Opens path for appending (created if missing) into *fd: under --safe
 * beneath the working directory only, never through a link or onto a file
 * with other hard links. On failure *fd is -1 and err says why
 * ("PATH: cannot write: REASON" outside --safe). */
ov_status ov_luasafe_append_open(lua_State *L, const char *path, int *fd,
                                 struct ov_err *err);

#endif /* OV_LUASAFE_H */
