/*
 * run.c - running a whole chunk for the shell: a script file (with its
 * arguments as `...`) or an -e string, its error reported to the session.
 * Knows the session and the Lua layer; not the REPL or the dot-commands.
 */
#include "config.h"

#include "run.h"

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
