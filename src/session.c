/*
 * session.c - session set-up and teardown, and error reporting.
 */
#include "config.h"

#include "session.h"

#include <errno.h>
#include <stdlib.h>
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
    ov_session_output(s, NULL);
    ov_session_record_to(s, NULL);
}

bool
ov_session_output(struct ov_session *s, const char *path)
{
    struct ov_err err;

    if (s->output.f != NULL) {
        /* the finished file takes its place now */
        if (ov_afile_commit(&s->output, &err) != OV_OK)
            ov_session_error(s, err.msg);
        s->out = stdout;
        s->ui.out = stdout;
    }
    if (path == NULL)
        return true;
    if (ov_afile_open(&s->output, path, &err) != OV_OK) {
        ov_session_error(s, err.msg);
        return false;
    }
    s->out = s->output.f;
    s->ui.out = s->output.f;
    return true;
}

bool
ov_session_record_to(struct ov_session *s, const char *path)
{
    if (s->record != NULL) {
        fclose(s->record);
        s->record = NULL;
        free(s->record_path);
        s->record_path = NULL;
    }
    if (path == NULL)
        return true;
    s->record = fopen(path, "a");
    if (s->record == NULL) {
        char msg[512];

        snprintf(msg, sizeof msg, ".record: %s: cannot write: %s", path, strerror(errno));
        ov_session_error(s, msg);
        return false;
    }
    s->record_path = strdup(path);
    return true;
}

void
ov_session_record(struct ov_session *s, const char *lua)
{
    size_t n = strlen(lua);

    if (s->record == NULL || n == 0)
        return;
    fputs(lua, s->record);
    if (lua[n - 1] != '\n')
        fputc('\n', s->record);
    /* appended and synced at once: a crash loses no statement */
    if (fflush(s->record) != 0 || fsync(fileno(s->record)) != 0) {
        char msg[512];

        snprintf(msg, sizeof msg, ".record: %s: writing failed: %s; recording stopped",
                 s->record_path != NULL ? s->record_path : "?", strerror(errno));
        ov_session_record_to(s, NULL);
        ov_session_error(s, msg);
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
