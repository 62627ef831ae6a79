/*
 * session.c - session set-up and teardown, and error reporting.
 */
#include "config.h"

#include "session.h"

#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#define REG_SESSION "ov.session"

bool
ov_session_init(struct ov_session *s, const struct ov_lua_opts *opts)
{
    memset(s, 0, sizeof *s);
    s->out = stdout;
    if (opts != NULL)
        s->lua_opts = *opts;
    s->L = ov_lua_new(&s->lua_opts);
    if (s->L == NULL) {
        fputs("oversight: out of memory creating the Lua state\n", stderr);
        return false;
    }
    lua_pushlightuserdata(s->L, s);
    lua_setfield(s->L, LUA_REGISTRYINDEX, REG_SESSION);
    ov_fmt_opts_init(&s->ui.display, OV_FMT_BOX);
    s->ui.auto_mode = true;
    s->ui.notes = stderr;
    s->ui.out = s->out;
    s->ui.progress = isatty(STDERR_FILENO);
    ov_lbind_set_ui(s->L, &s->ui);
    return true;
}

void
ov_session_free(struct ov_session *s)
{
    if (s->L != NULL) {
        ov_lua_close(s->L);
        s->L = NULL;
    }
    if (s->out != NULL && s->out != stdout) {
        fclose(s->out);
        s->out = stdout;
    }
}

struct ov_session *
ov_session_from_lua(lua_State *L)
{
    struct ov_session *s;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_SESSION);
    s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

void
ov_session_error(struct ov_session *s, const char *msg)
{
    fflush(s->out);
    fflush(stdout);
    fputs(msg, stderr);
    if (msg[0] == '\0' || msg[strlen(msg) - 1] != '\n')
        fputc('\n', stderr);
    fflush(stderr);
    s->errors++;
}
