/*
 * luarun.h - the Lua state oversight runs: its allocator (counted against
 * the memory limit), its libraries, the one protected call every chunk goes
 * through, Ctrl-C, and compiling typed input into chunks.
 * Lua layer (libovlua): may use the engine, never the shell.
 */
#ifndef OV_LUARUN_H
#define OV_LUARUN_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>

#include "luaintr.h" /* Ctrl-C: ov_lua_request_interrupt and friends */

struct ov_lua_opts {
    bool safe;      /* --safe: the Lua wall of luasafe.h (no programs, C code,
                       binary chunks, finalizers, debug library, or writing
                       outside the working directory), and Ctrl-C that a
                       script cannot catch */
    bool traceback; /* append a stack traceback to error messages */
    bool noenv;     /* -E: package.path and package.cpath ignore LUA_PATH*
                       and LUA_CPATH* (lua.c's LUA_NOENV) */
    bool warn;      /* -W: warn() writes to stderr from the start (Lua's
                       "@on"); otherwise only after warn("@on") */
};

/* Creates a state with the standard libraries and oversight's globals,
 * and "oversight" in package.preload (luamod.h), so require "oversight"
 * returns the same functions, --safe or not. Returns NULL when out of
 * memory. Close with ov_lua_close. */
lua_State *ov_lua_new(const struct ov_lua_opts *opts);

/* Pushes a table holding every name oversight's openers define
 * (ov_lbind_open_all: ov, print, load_csv, ...) and leaves the state's
 * globals as they were: the openers run with this table as the global
 * table (reading through to the real one), so they work unchanged in a
 * state oversight did not make (lua5.4's, for the C module). Needs the
 * standard libraries open. Raises a Lua error (memory) on failure, with
 * the globals put back first. */
void ov_lua_open_surface(lua_State *L);
void ov_lua_close(lua_State *L);

/* Calls the function below `narg` arguments on the stack in protected mode
 * with oversight's message handler (lua.c's docall). Leaves `nres` results
 * (LUA_MULTRET allowed) or the error message (a string) on the stack and
 * returns the lua_pcall status. Clears any pending interrupt first, so
 * Ctrl-C pressed before the call does not cancel it. */
int ov_lua_docall(lua_State *L, int narg, int nres);

/* Runs f with ud as its one argument (a light userdata) through
 * ov_lua_docall, leaving nres results or the error message on the stack;
 * returns the status. The shell does all its own work with Lua values this
 * way (reading _PROMPT, listing tables, compiling input): nothing it does
 * can raise an error outside a protected call, and Ctrl-C reaches it as it
 * reaches a statement. */
int ov_lua_cpcall(lua_State *L, lua_CFunction f, void *ud, int nres);

/* Lua's reserved words (llex.c's), NULL-terminated: not names, for the
 * shell's completion and its checks of names. */
extern const char *const ov_lua_keywords[];

/* Result of ov_lua_compile. */
enum ov_compile {
    OV_COMPILE_OK,         /* a function is pushed */
    OV_COMPILE_INCOMPLETE, /* the chunk ends early: read another line; nothing pushed */
    OV_COMPILE_ERROR       /* a syntax error message is pushed */
};

/* Flags for ov_lua_compile. */
#define OV_COMPILE_EXPR 1 /* first try "return <src>" so an expression prints */
#define OV_COMPILE_FINAL                                                               \
    2 /* no more input will come: an unfinished chunk is                               \
         an error, not OV_COMPILE_INCOMPLETE */

/* Compiles typed input. A leading '=' means "return" (Lua 5.4 habit).
 * `firstline` is the line number the text starts at in its source, so
 * messages point at the right line. `chunkname` follows lua_load ("=stdin",
 * "@file.lua"). */
enum ov_compile ov_lua_compile(lua_State *L, const char *src, size_t len,
                               const char *chunkname, int firstline, int flags);

/* True if the last successful ov_lua_compile made the input an expression
 * ("return <src>"), so its values are to be printed. */
bool ov_lua_compiled_expression(void);

/* Loads a whole file (NULL = stdin) as one chunk, like luaL_loadfilex but
 * honouring --safe (text only; ov_luasafe_loadfile decides). Pushes the function or an
 * error message and returns the lua_load status. */
int ov_lua_loadfile(lua_State *L, const char *path);

#endif /* OV_LUARUN_H */
