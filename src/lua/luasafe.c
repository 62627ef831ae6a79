/*
 * luasafe.c - the Lua half of --safe (luasafe.h), and every decision of
 * what --safe allows: blocked functions (kept in place, saying why),
 * text-only loading, writes through safepath, no Lua finalizers. luarun,
 * the bindings and the shell ask; it knows no binding and not the shell.
 */
#include "config.h"

#include "luasafe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "luaintr.h"
#include "ov_error.h"
#include "safepath.h"

/* the registry key whose value is true in a --safe state */
static const char safe_key = 'S';

static int
blocked(lua_State *L)
{
    return luaL_error(L, "%s is blocked by --safe",
                      lua_tostring(L, lua_upvalueindex(1)));
}

static void
block(lua_State *L, const char *lib, const char *fn)
{
    char full[64];

    snprintf(full, sizeof full, "%s.%s", lib, fn);
    lua_getglobal(L, lib);
    lua_pushstring(L, full);
    lua_pushcclosure(L, blocked, 1);
    lua_setfield(L, -2, fn);
    lua_pop(L, 1);
}

/* replaces lib.fn (a global when lib is NULL) by f, with the original as
 * f's first upvalue */
static void
wrap(lua_State *L, const char *lib, const char *fn, lua_CFunction f)
{
    if (lib != NULL)
        lua_getglobal(L, lib);
    else
        lua_pushglobaltable(L);
    lua_getfield(L, -1, fn);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, fn);
    lua_pop(L, 1);
}

/* calls the wrapped original with the arguments as they stand */
static int
call_original(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---- text only ---- */

/* the error lua_load gives for a binary chunk in mode "t" */
static bool
is_binary_refusal(lua_State *L, int status)
{
    const char *msg = lua_tostring(L, -1);

    return status == LUA_ERRSYNTAX && msg != NULL &&
           strstr(msg, "attempt to load a binary chunk") != NULL;
}

int
ov_luasafe_loadfile(lua_State *L, const char *path)
{
    int status;

    if (!ov_luasafe_on(L))
        return luaL_loadfilex(L, path, "bt");
    status = luaL_loadfilex(L, path, "t");

    if (is_binary_refusal(L, status)) {
        lua_pop(L, 1);
        lua_pushfstring(L, "%s: binary chunks are blocked by --safe",
                        path != NULL ? path : "stdin");
    }
    return status;
}

/* load(chunk [, name [, mode [, env]]]): lbaselib.c's luaB_load, line for
 * line, but loading text only whatever mode was asked, so a reader
 * function cannot hand over bytecode either. It is Lua's, not a wrapper
 * calling the original, so that messages name the same places; and like
 * Lua's it returns fail and a message rather than raise. */
#define RESERVEDSLOT 5

static const char *
generic_reader(lua_State *L, void *ud, size_t *size)
{
    (void)ud;
    luaL_checkstack(L, 2, "too many nested functions");
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *size = 0;
        return NULL;
    }
    if (!lua_isstring(L, -1))
        luaL_error(L, "reader function must return a string");
    lua_replace(L, RESERVEDSLOT);
    return lua_tolstring(L, RESERVEDSLOT, size);
}

static int
safe_load(lua_State *L)
{
    size_t l;
    const char *s = lua_tolstring(L, 1, &l);
    const char *mode = luaL_optstring(L, 3, "bt");
    int env = !lua_isnone(L, 4) ? 4 : 0;
    int status;

    if (strchr(mode, 't') == NULL) {
        /* Lua would refuse a text chunk; a binary one is blocked */
        luaL_pushfail(L);
        lua_pushliteral(L, "load: binary chunks are blocked by --safe");
        return 2;
    }
    if (s != NULL) {
        status = luaL_loadbufferx(L, s, l, luaL_optstring(L, 2, s), "t");
    } else {
        const char *chunkname = luaL_optstring(L, 2, "=(load)");

        luaL_checktype(L, 1, LUA_TFUNCTION);
        lua_settop(L, RESERVEDSLOT);
        status = lua_load(L, generic_reader, NULL, chunkname, "t");
    }
    if (status == LUA_OK) {
        if (env != 0) {
            lua_pushvalue(L, env);
            if (!lua_setupvalue(L, -2, 1))
                lua_pop(L, 1);
        }
        return 1;
    }
    /* a reader function's errors are returned, not raised: Ctrl-C in one
     * must not be caught that way either (see pass_interrupt) */
    if (ov_interrupted())
        return ov_lua_raise_interrupt(L);
    if (is_binary_refusal(L, status)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "load: binary chunks are blocked by --safe");
    }
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
}

static int
safe_loadfile(lua_State *L)
{
    const char *path = luaL_optstring(L, 1, NULL);
    int env = !lua_isnone(L, 3) ? 3 : 0;

    if (ov_luasafe_loadfile(L, path) != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (env != 0) {
        lua_pushvalue(L, env);
        if (!lua_setupvalue(L, -2, 1))
            lua_pop(L, 1);
    }
    return 1;
}

static int
safe_dofile(lua_State *L)
{
    const char *path = luaL_optstring(L, 1, NULL);

    lua_settop(L, 1);
    if (ov_luasafe_loadfile(L, path) != LUA_OK)
        return lua_error(L);
    lua_call(L, 0, LUA_MULTRET);
    return lua_gettop(L) - 1;
}

/* require's searcher for Lua files (loadlib.c's searcher_Lua) loading
 * text only. Upvalues: the package table, and package.searchpath as it
 * was at start-up (a script may replace the field, not this). */
static int
text_searcher(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const char *file;

    lua_getfield(L, lua_upvalueindex(1), "path");
    if (!lua_isstring(L, -1))
        return luaL_error(L, "'package.path' must be a string");
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -3);
    lua_call(L, 2, 2);
    if (lua_isnil(L, -2))
        return 1; /* not found: the list of places tried */
    lua_pop(L, 1);
    file = lua_tostring(L, -1);
    if (ov_luasafe_loadfile(L, file) != LUA_OK)
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name,
                          file, lua_tostring(L, -1));
    lua_pushstring(L, file); /* the loader's second argument, as Lua's own */
    return 2;
}

/* package.searchers becomes { preload, text_searcher }: the original Lua
 * searcher (which loads bytecode) and the C searchers are dropped, and
 * nothing else holds them, so a script cannot put them back */
static void
make_searchers(lua_State *L)
{
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "searchers");
    lua_pushvalue(L, -2);
    lua_getfield(L, -3, "searchpath");
    lua_pushcclosure(L, text_searcher, 2);
    lua_rawseti(L, -2, 2);
    for (lua_Integer i = (lua_Integer)lua_rawlen(L, -1); i > 2; i--) {
        lua_pushnil(L);
        lua_rawseti(L, -2, i);
    }
    lua_pop(L, 2);
}

/* ---- writes ---- */

static int
io_fclose(lua_State *L)
{
    luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);

    errno = 0;
    return luaL_fileresult(L, fclose(p->f) == 0, NULL);
}

/* liolib's l_checkmode: [rwa]%+?b* */
static bool
valid_mode(const char *mode)
{
    return mode[0] != '\0' && strchr("rwa", mode[0]) != NULL &&
           strspn(mode + 1 + (mode[1] == '+'), "b") ==
               strlen(mode + 1 + (mode[1] == '+'));
}

/* Pushes a Lua file opened for writing through safepath, or returns false
 * with errno set (a system error, for the caller to report its way). A
 * refusal is raised as an error naming fname. */
static bool
open_for_writing(lua_State *L, const char *fname, const char *path, const char *mode)
{
    bool plus = mode[1] == '+';
    int flags, fd;
    luaL_Stream *p;
    struct ov_err err;
    ov_status st;

    flags = plus ? O_RDWR : O_WRONLY;
    if (mode[0] == 'w')
        flags |= O_CREAT | O_TRUNC;
    else if (mode[0] == 'a')
        flags |= O_CREAT | O_APPEND;
    /* a closed file first, as liolib's newprefile: an error below leaves
     * nothing to leak */
    p = lua_newuserdatauv(L, sizeof *p, 0);
    p->f = NULL;
    p->closef = NULL;
    luaL_setmetatable(L, LUA_FILEHANDLE);
    st = ov_safepath_open(path, flags, &fd, &err);
    if (st == OV_EIO) {
        int e = errno;

        lua_pop(L, 1);
        errno = e;
        return false;
    }
    if (st != OV_OK)
        luaL_error(L, "%s: %s", fname, err.msg);
    p->f = fdopen(fd, mode);
    if (p->f == NULL) {
        int e = errno;

        close(fd);
        lua_pop(L, 1);
        errno = e;
        return false;
    }
    p->closef = io_fclose;
    return true;
}

/* io.open(path [, mode]): reading as Lua does; writing through safepath */
static int
safe_io_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");

    luaL_argcheck(L, valid_mode(mode), 2, "invalid mode");
    if (mode[0] == 'r' && mode[1] != '+')
        return call_original(L);
    if (!open_for_writing(L, "io.open", path, mode))
        return luaL_fileresult(L, 0, path);
    return 1;
}

/* io.output(path): opened as io.open(path, "w") is, then handed to the
 * original as a file */
static int
safe_io_output(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING) {
        const char *path = lua_tostring(L, 1);

        if (!open_for_writing(L, "io.output", path, "w"))
            return luaL_error(L, "cannot open file '%s' (%s)", path, strerror(errno));
        lua_replace(L, 1);
    }
    return call_original(L);
}

/* ---- Ctrl-C cannot be caught ---- */

/* pcall, xpcall, coroutine.resume and coroutine.close: what the original
 * returns, except that an error caught while Ctrl-C is pending is raised
 * again. The count hook raises "interrupted" wherever the script is, which
 * in `while true do pcall(f) end` is nearly always inside f: without this
 * the loop would catch every one and go on. */
static int
pass_interrupt(lua_State *L)
{
    int n = call_original(L);

    if (ov_interrupted() && n >= 1 && lua_type(L, 1) == LUA_TBOOLEAN &&
        !lua_toboolean(L, 1)) {
        /* whatever was caught (a handler may have made it anything), the
         * statement is being cancelled: say so, as the count hook does */
        return ov_lua_raise_interrupt(L);
    }
    return n;
}

/* A message handler runs before the error unwinds, and after the count
 * hook raised "interrupted" Lua runs it with hooks off: a handler that
 * loops could not be stopped by Ctrl-C. While Ctrl-C is pending the
 * handler is skipped and the error passed on as it is. */
static int
guarded_handler(lua_State *L)
{
    if (ov_interrupted())
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int
safe_xpcall(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TFUNCTION) {
        lua_pushvalue(L, 2);
        lua_pushcclosure(L, guarded_handler, 1);
        lua_replace(L, 2);
    }
    return pass_interrupt(L);
}

/* ---- no finalizers ---- */

/* setmetatable(t, mt): Lua marks t for finalization only when mt has a
 * __gc field at this moment, so refusing it here leaves no Lua finalizer
 * (userdata metatables are locked by ov_luasafe_lock_metatables) */
static int
safe_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc finalizers are blocked by --safe "
                                 "(Lua runs them where Ctrl-C cannot stop them)");
        lua_pop(L, 1);
        /* a to-be-closed variable's __close runs as an error unwinds; after
         * Ctrl-C's error Lua runs it with hooks off (in a coroutine closed
         * by coroutine.wrap or coroutine.close), where Ctrl-C cannot reach */
        lua_pushliteral(L, "__close");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __close is blocked by --safe "
                                 "(Lua may run it where Ctrl-C cannot stop it)");
        lua_pop(L, 1);
    }
    return call_original(L);
}

static int
proxy_tostring(lua_State *L)
{
    lua_pushliteral(L, "metatable (protected by --safe)");
    return 1;
}

void
ov_luasafe_lock_metatables(lua_State *L)
{
    /* what getmetatable returns for them: a table that says why it cannot
     * be changed (assigning to it is an error; rawset changes only it) */
    lua_newtable(L);
    lua_newtable(L);
    lua_pushliteral(L, "changing a metatable");
    lua_pushcclosure(L, blocked, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, proxy_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "protected by --safe");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pushnil(L);
    while (lua_next(L, LUA_REGISTRYINDEX) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE) {
            lua_pushliteral(L, "__name");
            if (lua_rawget(L, -2) != LUA_TNIL) {
                /* stack: proxy, key, metatable, __name */
                lua_pushliteral(L, "__metatable");
                lua_pushvalue(L, -5);
                lua_rawset(L, -4);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

void
ov_luasafe_open(lua_State *L)
{
    lua_pushboolean(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &safe_key);
    block(L, "os", "execute");
    block(L, "os", "remove");
    block(L, "os", "rename");
    block(L, "os", "tmpname");
    block(L, "io", "popen");
    block(L, "io", "tmpfile");
    block(L, "package", "loadlib");
    /* bytecode made here could be written to a .lua file and required */
    block(L, "string", "dump");
    wrap(L, "io", "open", safe_io_open);
    wrap(L, "io", "output", safe_io_output);
    lua_pushcfunction(L, safe_load);
    lua_setglobal(L, "load");
    wrap(L, NULL, "setmetatable", safe_setmetatable);
    wrap(L, NULL, "pcall", pass_interrupt);
    wrap(L, NULL, "xpcall", safe_xpcall);
    wrap(L, "coroutine", "resume", pass_interrupt);
    wrap(L, "coroutine", "close", pass_interrupt);
    lua_pushcfunction(L, safe_loadfile);
    lua_setglobal(L, "loadfile");
    lua_pushcfunction(L, safe_dofile);
    lua_setglobal(L, "dofile");
    make_searchers(L);
    /* debug is left out (it reaches any upvalue, local or the registry);
     * in its place a table that says so */
    lua_newtable(L);
    lua_newtable(L);
    lua_pushliteral(L, "the debug library");
    lua_pushcclosure(L, blocked, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_setglobal(L, "debug");
}

bool
ov_luasafe_on(lua_State *L)
{
    bool on;

    lua_rawgetp(L, LUA_REGISTRYINDEX, &safe_key);
    on = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return on;
}

bool
ov_luasafe_lib_allowed(bool safe, const char *name)
{
    /* --safe leaves out debug: it can reach any upvalue or registry */
    return !(safe && strcmp(name, LUA_DBLIBNAME) == 0);
}

const char *
ov_luasafe_load_mode(lua_State *L)
{
    return ov_luasafe_on(L) ? "t" : "bt";
}

ov_status
ov_luasafe_afile_open(lua_State *L, struct ov_afile *af, const char *path,
                      struct ov_err *err)
{
    /* --safe: only beneath the working directory, links resolved on the
     * directories opened (safepath.h) */
    return ov_luasafe_on(L) ? ov_safepath_afile_open(af, path, err)
                            : ov_afile_open(af, path, err);
}

ov_status
ov_luasafe_append_open(lua_State *L, const char *path, int *fd, struct ov_err *err)
{
    if (ov_luasafe_on(L)) {
        /* beneath the working directory only, and never through a link
         * or onto a file with other hard links (safepath.h) */
        return ov_safepath_open(path, O_WRONLY | O_APPEND | O_CREAT, fd, err);
    }
    *fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (*fd < 0)
        return ov_err_set(err, OV_EIO, "%s: cannot write: %s", path, strerror(errno));
    return OV_OK;
}
