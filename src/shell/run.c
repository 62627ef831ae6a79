/*
 * run.c - running a whole chunk for the shell: a script file (with its
 * arguments as `...`) or an -e string, its error reported to the session.
 * Knows the session and the Lua layer; not the REPL or the dot-commands.
 */
#include "config.h"

#include "run.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luarun.h"
#include "luasafe.h"

bool
ov_run_file(struct ov_session *s, const char *path, char **args, int nargs)
{
    int i;

    if (ov_lua_loadfile(s->L, path) != LUA_OK) {
        ov_session_report_top(s);
        return false;
    }
    luaL_checkstack(s->L, nargs, "too many arguments to script");
    for (i = 0; i < nargs; i++)
        lua_pushstring(s->L, args[i]);
    if (ov_lua_docall(s->L, nargs, 0) != LUA_OK) {
        ov_session_report_top(s);
        return false;
    }
    fflush(s->out);
    return true;
}

bool
ov_run_string(struct ov_session *s, const char *chunk, const char *chunkname)
{
    if (luaL_loadbufferx(s->L, chunk, strlen(chunk), chunkname,
                         ov_luasafe_load_mode(s->L)) != LUA_OK) {
        ov_session_report_top(s);
        return false;
    }
    if (ov_lua_docall(s->L, 0, 0) != LUA_OK) {
        ov_session_report_top(s);
        return false;
    }
    fflush(s->out);
    return true;
}

struct library {
    const char *global, *module;
};

/* lua.c's dolibrary, in a protected call: `require` is whatever the
 * script left in the global, as lua's is */
static int
require_into(lua_State *L)
{
    const struct library *lib = lua_touserdata(L, 1);

    lua_getglobal(L, "require");
    lua_pushstring(L, lib->module);
    lua_call(L, 1, 1);
    lua_setglobal(L, lib->global);
    return 0;
}

bool
ov_run_library(struct ov_session *s, const char *spec)
{
    char *global = strdup(spec);
    char *eq;
    struct library lib;
    int status;

    if (global == NULL) {
        ov_session_error(s, "oversight: out of memory");
        return false;
    }
    eq = strchr(global, '=');
    lib.global = global;
    lib.module = global;
    if (eq != NULL) {
        *eq = '\0';
        lib.module = eq + 1;
    }
    status = ov_lua_cpcall(s->L, require_into, &lib, 0);
    free(global);
    if (status != LUA_OK) {
        ov_session_report_top(s);
        return false;
    }
    return true;
}

bool
ov_run_lua_init(struct ov_session *s)
{
    const char *name = "=LUA_INIT_5_4";
    const char *init = getenv(name + 1);

    if (init == NULL) {
        name = "=LUA_INIT";
        init = getenv(name + 1);
    }
    if (init == NULL)
        return true;
    if (init[0] == '@')
        return ov_run_file(s, init + 1, NULL, 0);
    return ov_run_string(s, init, name);
}
