/*
 * lbind.c - the `ov` table (version, now, memory, display), and print as
 * a global (its code is ov_lbind_print, shared with the REPL).
 * Calls only the helpers of lbind_aux.c; registered by the opener list
 * (lbind_open.c).
 */
#include "config.h"

#include "lbind.h"

#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "clock.h"
#include "ov_mem.h"
#include "suggest.h"

/* ov.now(): seconds on a monotonic clock, for timing steps in scripts */
static int
l_now(lua_State *L)
{
    lua_pushnumber(L, ov_clock_now());
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

static int l_display(lua_State *L);

void
ov_lbind_ov_open(lua_State *L)
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
    lua_pushcfunction(L, l_display);
    lua_setfield(L, -2, "display");
    lua_setglobal(L, "ov");
    lua_pushcfunction(L, ov_lbind_print);
    lua_setglobal(L, "print");
}

/* ov.display{ mode = "csv", rows = 20, width = 100, maxcol = 30,
 * types = false, bars = true, small = 10 }: changes how tables print (width:
 * fit every table to this many cells, at a terminal or not; maxcol: cut text
 * cells at this many; small: flag percentages on fewer cases than this; 0
 * turns each off). ov.display() returns the settings in force, as a table
 * that ov.display accepts. */
static int
l_display(lua_State *L)
{
    struct ov_ui *ui = ov_lbind_ui(L);
    static const char *const known[] = {"mode",  "rows", "width", "maxcol",
                                        "types", "bars", "small", NULL};

    if (!lua_isnoneornil(L, 1)) {
        luaL_checktype(L, 1, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 1) != 0) {
            const char *k;
            size_t i;
            bool ok = false;

            lua_pop(L, 1);
            k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
            for (i = 0; known[i] != NULL && !ok; i++)
                ok = strcmp(k, known[i]) == 0;
            if (!ok) {
                const char *best = ov_suggest(k, known, 5);

                return luaL_error(L,
                                  "display: unknown setting '%s'%s%s%s (mode, rows, "
                                  "width, maxcol, types, bars, small)",
                                  k, best ? "; did you mean '" : "", best ? best : "",
                                  best ? "'?" : "");
            }
        }
        if (lua_getfield(L, 1, "mode") != LUA_TNIL) {
            const char *m = luaL_checkstring(L, -1);
            int mode = ov_fmt_mode_from_name(m);

            if (strcmp(m, "auto") == 0) {
                ui->auto_mode = true;
            } else if (mode < 0) {
                return luaL_error(L,
                                  "display: mode must be auto, box, plain, csv, tsv, "
                                  "markdown or json, not '%s'",
                                  m);
            } else {
                ui->auto_mode = false;
                ui->display.mode = (enum ov_fmt_mode)mode;
            }
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "rows") != LUA_TNIL) {
            lua_Integer n = luaL_checkinteger(L, -1);

            if (n < 0)
                return luaL_error(L, "display: rows must be 0 (all) or more");
            ui->display.max_rows = (size_t)n;
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "width") != LUA_TNIL) {
            lua_Integer n = luaL_checkinteger(L, -1);

            if (n < 0)
                return luaL_error(L,
                                  "display: width must be 0 (the terminal's) or more");
            ui->display.width = (size_t)n;
            ui->width_set = n > 0;
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "maxcol") != LUA_TNIL) {
            lua_Integer n;

            if (!lua_isinteger(L, -1) || (n = lua_tointeger(L, -1)) < 0 ||
                (n > 0 && n < 4))
                return luaL_error(L, "display: maxcol must be 0 (text cells are not "
                                     "cut) or a width of 4 cells or more, such as "
                                     "maxcol = 30");
            ui->display.max_cell = (size_t)n;
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "types") != LUA_TNIL)
            ui->display.types = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "bars") != LUA_TNIL)
            ui->bars = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "small") != LUA_TNIL) {
            lua_Integer n;

            if (!lua_isinteger(L, -1) || (n = lua_tointeger(L, -1)) < 0)
                return luaL_error(L, "display: small must be a whole number of cases, "
                                     "0 (no flags) or more, such as small = 10");
            ui->display.small = (size_t)n;
        }
        lua_pop(L, 1);
        return 0; /* nothing to print at the prompt */
    }
    lua_createtable(L, 0, 7);
    lua_pushstring(L, ui->auto_mode ? "auto" : ov_fmt_mode_name(ui->display.mode));
    lua_setfield(L, -2, "mode");
    lua_pushinteger(L, (lua_Integer)ui->display.max_rows);
    lua_setfield(L, -2, "rows");
    lua_pushinteger(L, ui->width_set ? (lua_Integer)ui->display.width : 0);
    lua_setfield(L, -2, "width");
    lua_pushinteger(L, (lua_Integer)ui->display.max_cell);
    lua_setfield(L, -2, "maxcol");
    lua_pushboolean(L, ui->display.types);
    lua_setfield(L, -2, "types");
    lua_pushboolean(L, ui->bars);
    lua_setfield(L, -2, "bars");
    lua_pushinteger(L, (lua_Integer)ui->display.small);
    lua_setfield(L, -2, "small");
    return 1;
}
