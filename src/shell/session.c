/*
 * session.c - session set-up and teardown, and error reporting.
 */
#include "config.h"

#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>

#include "luasafe.h"
#include "pager.h"
#include "termui.h"

#define REG_START_GLOBALS "ov.start_globals"

/* The names the session starts with (print, check, ov...), so that
 * .record can tell which globals a session made. */
static int
note_start_globals(lua_State *L)
{
    lua_newtable(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushboolean(L, 1);
        lua_rawset(L, -5);
    }
    lua_pop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_START_GLOBALS);
    return 0;
}

/* The globals made since the session started, as "t, x" (sorted, at most
 * 12 named), left on the stack; "" when none. */
static int
made_globals(lua_State *L)
{
    luaL_Buffer b;
    int n = 0, list;

    lua_newtable(L);
    list = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_START_GLOBALS);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "arg") != 0 &&
            lua_rawget(L, -4) == LUA_TNIL) {
            lua_pushvalue(L, -2);
            lua_rawseti(L, list, ++n);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    lua_getglobal(L, "table");
    if (lua_istable(L, -1) && lua_getfield(L, -1, "sort") == LUA_TFUNCTION) {
        lua_pushvalue(L, list);
        lua_call(L, 1, 0);
    } else {
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n && i <= 12; i++) {
        if (i > 1)
            luaL_addstring(&b, ", ");
        lua_rawgeti(L, list, i);
        luaL_addvalue(&b);
    }
    if (n > 12)
        luaL_addstring(&b, ", ...");
    luaL_pushresult(&b);
    return 1;
}

bool
ov_session_init(struct ov_session *s, const struct ov_lua_opts *opts)
{
    memset(s, 0, sizeof *s);
    s->record_fd = -1;
    s->out = stdout;
    s->screen = stdout;
    if (opts != NULL)
        s->lua_opts = *opts;
    s->L = ov_lua_new(&s->lua_opts);
    if (s->L == NULL) {
        fputs("oversight: out of memory creating the Lua state\n", stderr);
        return false;
    }
    ov_fmt_opts_init(&s->ui.display, OV_FMT_BOX);
    s->ui.auto_mode = true;
    s->ui.notes = stderr;
    s->ui.out = s->out;
    ov_termui_fill(&s->ui);
    ov_lbind_set_ui(s->L, &s->ui);
    if (ov_lua_cpcall(s->L, note_start_globals, NULL, 0) != LUA_OK) {
        fputs("oversight: out of memory creating the Lua state\n", stderr);
        return false;
    }
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
    s->out = s->screen = s->ui.out = s->ui.screen = stdout;
    ov_pager_close(s->pager);
    s->pager = NULL;
}

bool
ov_session_output(struct ov_session *s, const char *path)
{
    struct ov_err err;

    if (s->output.f != NULL) {
        /* the finished file takes its place now */
        ov_status st = ov_afile_commit(&s->output, &err);

        /* the FILE is closed now: back to stdout before anything prints */
        s->out = s->screen;
        s->ui.out = s->screen;
        if (st != OV_OK) {
            char msg[sizeof err.msg + 16];

            snprintf(msg, sizeof msg, ".output: %s", err.msg);
            ov_session_error(s, msg);
        }
    }
    if (path == NULL)
        return true;
    /* --safe: beneath the working directory only (luasafe.h) */
    if (ov_luasafe_afile_open(s->L, &s->output, path, &err) != OV_OK) {
        char msg[sizeof err.msg + 16];

        snprintf(msg, sizeof msg, ".output: %s", err.msg);
        ov_session_error(s, msg);
        return false;
    }
    s->out = s->output.f;
    s->ui.out = s->output.f;
    return true;
}

bool
ov_session_record_to(struct ov_session *s, const char *path)
{
    if (s->record_fd >= 0) {
        close(s->record_fd);
        s->record_fd = -1;
        free(s->record_path);
        s->record_path = NULL;
    }
    if (path == NULL)
        return true;
    {
        struct ov_err err;

        /* --safe: beneath the working directory only (luasafe.h) */
        if (ov_luasafe_append_open(s->L, path, &s->record_fd, &err) != OV_OK) {
            char msg[sizeof err.msg + 16];

            s->record_fd = -1;
            snprintf(msg, sizeof msg, ".record: %s", err.msg);
            ov_session_error(s, msg);
            return false;
        }
    }
    s->record_path = strdup(path);
    /* begun mid-session: the recording needs what was made before it */
    if (ov_lua_cpcall(s->L, made_globals, NULL, 1) == LUA_OK) {
        const char *names = lua_tostring(s->L, -1);

        if (names != NULL && names[0] != '\0') {
            char head[640];

            snprintf(head, sizeof head,
                     "-- recorded from the middle of a session: this uses %s, made "
                     "before the recording began",
                     names);
            ov_session_record(s, head);
            if (s->interactive)
                fprintf(stderr,
                        "(.record: the recording uses %s, made before it began)\n",
                        names);
        }
    }
    lua_pop(s->L, 1);
    return true;
}

/* Each statement is appended with one write and synced at once, so a crash
 * loses none that ran; a write that fails half-way (a full disk) is cut
 * off again, so the file never ends in half a statement. */
void
ov_session_record(struct ov_session *s, const char *lua)
{
    size_t n = strlen(lua), done = 0;
    char *line;
    struct stat sb;
    off_t before;
    int e = 0;

    if (s->record_fd < 0 || n == 0)
        return;
    line = malloc(n + 2);
    if (line == NULL) {
        e = ENOMEM;
    } else {
        memcpy(line, lua, n);
        if (lua[n - 1] != '\n')
            line[n++] = '\n';
        before = fstat(s->record_fd, &sb) == 0 ? sb.st_size : -1;
        while (done < n) {
            ssize_t w = write(s->record_fd, line + done, n - done);

            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                e = w < 0 ? errno : ENOSPC;
                break;
            }
            done += (size_t)w;
        }
        if (e == 0 && fsync(s->record_fd) != 0 && errno != EINVAL)
            e = errno;
        if (e != 0 && done > 0 && before >= 0 && S_ISREG(sb.st_mode))
            (void)ftruncate(s->record_fd, before);
        free(line);
    }
    if (e != 0) {
        char msg[512];

        snprintf(msg, sizeof msg, ".record: %s: writing failed: %s; recording stopped",
                 s->record_path != NULL ? s->record_path : "?", strerror(e));
        ov_session_record_to(s, NULL);
        ov_session_error(s, msg);
    }
}

void
ov_session_report_top(struct ov_session *s)
{
    const char *msg = lua_tostring(s->L, -1);

    ov_session_error(s, msg != NULL ? msg : "(error object is not a string)");
    lua_pop(s->L, 1);
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
