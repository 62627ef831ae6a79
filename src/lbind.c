/*
 * lbind.c - the registration hub for oversight's Lua globals and the
 * terminal facts (struct ov_ui) the Lua surface may use.
 */
#include "config.h"

#include "lbind.h"

#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "luarun.h"
#include "ov_mem.h"

#define REG_UI "ov.ui"

/* ov.now(): seconds on a monotonic clock, for timing steps in scripts */
static int
l_now(lua_State *L)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    lua_pushnumber(L, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
    return 1;
}

/* ov.memory(): bytes the engine and Lua hold now, and the most since start */
static int
l_memory(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)ov_mem_used());
    lua_pushinteger(L, (lua_Integer)ov_mem_peak());
    return 2;
}

void
ov_lbind_open(lua_State *L)
{
    lua_createtable(L, 0, 4);
    lua_pushstring(L, PACKAGE_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushstring(L, LUA_RELEASE);
    lua_setfield(L, -2, "lua");
    lua_pushcfunction(L, l_now);
    lua_setfield(L, -2, "now");
    lua_pushcfunction(L, l_memory);
    lua_setfield(L, -2, "memory");
    lua_setglobal(L, "ov");
    ov_lbind_table_open(L);
}

void
ov_lbind_set_ui(lua_State *L, struct ov_ui *ui)
{
    lua_pushlightuserdata(L, ui);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_UI);
}

struct ov_ui *
ov_lbind_ui(lua_State *L)
{
    static struct ov_ui quiet;
    struct ov_ui *ui;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_UI);
    ui = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (ui == NULL) {
        if (quiet.notes == NULL) {
            ov_fmt_opts_init(&quiet.display, OV_FMT_PLAIN);
            quiet.auto_mode = true;
            quiet.notes = stderr;
        }
        ui = &quiet;
    }
    return ui;
}

void
ov_lbind_display(lua_State *L, struct ov_fmt_opts *o)
{
    struct ov_ui *ui = ov_lbind_ui(L);
    const char *cols = getenv("COLUMNS");
    struct winsize ws;

    *o = ui->display;
    if (ui->auto_mode)
        o->mode = isatty(STDOUT_FILENO) ? OV_FMT_BOX : OV_FMT_PLAIN;
    if (cols != NULL && atoi(cols) > 0)
        o->width = (size_t)atoi(cols);
    else if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
             ws.ws_col > 0)
        o->width = ws.ws_col;
}

int
ov_lbind_error(lua_State *L, const char *fname, const struct ov_err *err)
{
    if (err->status == OV_EINTR) {
        /* the count hook must not raise it a second time */
        ov_lua_clear_interrupt();
        lua_pushstring(L, "interrupted");
        return lua_error(L);
    }
    return luaL_error(L, "%s: %s", fname, err->msg);
}
