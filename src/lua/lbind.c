/*
 * lbind.c - the registration hub for oversight's Lua globals and the
 * terminal facts (struct ov_ui) the Lua surface may use.
 */
#include "config.h"

#include "lbind.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "clock.h"
#include "help.h"
#include "luarun.h"
#include "ov_mem.h"
#include "suggest.h"

#define REG_UI "ov.ui"
#define BUF_MT "ov.Buffer"
#define MEM_MT "ov.Memory"

/* ---- C memory owned by the Lua stack ----
 * A text buffer or a block of memory in a userdata whose __gc frees it, so
 * that a Lua error (a bad argument, out of memory, Ctrl-C) raised while
 * the C side holds it leaks nothing (liolib's pattern). */

bool
ov_lbind_finalizing(lua_State *L)
{
    lua_Debug ar;

    /* Lua names a function it runs as a finalizer "__gc", a metamethod;
     * a call from Lua code or C is named after its caller's variable or
     * not at all (ldebug.c, funcnamefromcall) */
    return lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.namewhat != NULL &&
           strcmp(ar.namewhat, "metamethod") == 0 && ar.name != NULL &&
           strcmp(ar.name, "__gc") == 0;
}

/* Both __gc's free only when the collector runs them: the debug library
 * can reach a C function's temporaries, and calling __gc on one while the
 * function still uses it must not free it. */
static int
buf_gc(lua_State *L)
{
    ov_strbuf *b = luaL_checkudata(L, 1, BUF_MT);

    if (ov_lbind_finalizing(L))
        ov_strbuf_free(b);
    return 0;
}

ov_strbuf *
ov_lbind_new_buf(lua_State *L)
{
    ov_strbuf *b = lua_newuserdatauv(L, sizeof *b, 0);

    ov_strbuf_init(b);
    luaL_setmetatable(L, BUF_MT);
    return b;
}

static int
mem_gc(lua_State *L)
{
    void **p = luaL_checkudata(L, 1, MEM_MT);

    if (ov_lbind_finalizing(L)) {
        ov_free(*p);
        *p = NULL;
    }
    return 0;
}

void *
ov_lbind_new_mem(lua_State *L, size_t n)
{
    void **p = lua_newuserdatauv(L, sizeof *p, 0);

    *p = NULL;
    luaL_setmetatable(L, MEM_MT);
    *p = ov_malloc(n ? n : 1);
    if (*p == NULL)
        luaL_error(L, "not enough memory");
    return *p;
}

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

/* print, as Lua's, but to the session's output (.output FILE) */
static int
l_print(lua_State *L)
{
    FILE *out = ov_lbind_ui(L)->out;
    int n = lua_gettop(L), i;

    if (out == NULL)
        out = stdout;
    for (i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);

        if (i > 1)
            fputc('\t', out);
        fwrite(s, 1, len, out);
        lua_pop(L, 1);
    }
    fputc('\n', out);
    fflush(out);
    return 0;
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
    lua_pushcfunction(L, l_display);
    lua_setfield(L, -2, "display");
    lua_setglobal(L, "ov");
    lua_pushcfunction(L, l_print);
    lua_setglobal(L, "print");
    luaL_newmetatable(L, BUF_MT);
    lua_pushcfunction(L, buf_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, MEM_MT);
    lua_pushcfunction(L, mem_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    ov_lbind_table_open(L);
    ov_lbind_column_open(L);
    ov_lbind_stats_open(L);
    ov_lbind_data_open(L);
    ov_help_open(L);
}

void
ov_lbind_auto_bars(lua_State *L, ov_table *r, int col)
{
    if (ov_lbind_ui(L)->bars)
        ov_table_set_bars(r, col);
}

/* ov.display{ mode = "csv", rows = 20, width = 100, types = false,
 * bars = true }: changes how tables print. ov.display() returns the
 * settings in force, as a table that ov.display accepts. */
static int
l_display(lua_State *L)
{
    struct ov_ui *ui = ov_lbind_ui(L);
    static const char *const known[] = {"mode", "rows", "width", "types", "bars", NULL};

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

                return luaL_error(L, "display: unknown setting '%s'%s%s%s (mode, rows, "
                                     "width, types, bars)",
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
                return luaL_error(L, "display: mode must be auto, box, plain, csv, tsv, "
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
                return luaL_error(L, "display: width must be 0 (the terminal's) or more");
            ui->display.width = (size_t)n;
            ui->width_set = n > 0;
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "types") != LUA_TNIL)
            ui->display.types = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "bars") != LUA_TNIL)
            ui->bars = lua_toboolean(L, -1);
        lua_pop(L, 1);
        return 0; /* nothing to print at the prompt */
    }
    lua_createtable(L, 0, 5);
    lua_pushstring(L, ui->auto_mode ? "auto" : ov_fmt_mode_name(ui->display.mode));
    lua_setfield(L, -2, "mode");
    lua_pushinteger(L, (lua_Integer)ui->display.max_rows);
    lua_setfield(L, -2, "rows");
    lua_pushinteger(L, ui->width_set ? (lua_Integer)ui->display.width : 0);
    lua_setfield(L, -2, "width");
    lua_pushboolean(L, ui->display.types);
    lua_setfield(L, -2, "types");
    lua_pushboolean(L, ui->bars);
    lua_setfield(L, -2, "bars");
    return 1;
}

/* ---- sorting names ---- */

struct name_ref {
    const char *s;
    size_t n;
    lua_Integer i; /* its place in the list */
};

/* byte order, the shorter first when one is the start of the other: what
 * Lua's < gives for strings in the C locale, which oversight keeps */
static int
by_bytes(const void *pa, const void *pb)
{
    const struct name_ref *a = pa, *b = pb;
    int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

    if (c != 0)
        return c;
    return (a->n > b->n) - (a->n < b->n);
}

void
ov_lbind_sort_names(lua_State *L, int idx)
{
    lua_Integer n, k;
    struct name_ref *v;

    idx = lua_absindex(L, idx);
    n = (lua_Integer)lua_rawlen(L, idx);
    v = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof *v, 0);
    for (k = 1; k <= n; k++) {
        if (lua_rawgeti(L, idx, k) != LUA_TSTRING)
            luaL_error(L, "sorting names: item %I is a %s", k, luaL_typename(L, -1));
        v[k - 1].s = lua_tolstring(L, -1, &v[k - 1].n); /* kept by the list */
        v[k - 1].i = k;
        lua_pop(L, 1);
    }
    qsort(v, (size_t)n, sizeof *v, by_bytes);
    lua_createtable(L, (int)n, 0);
    for (k = 0; k < n; k++) {
        lua_rawgeti(L, idx, v[k].i);
        lua_rawseti(L, -2, k + 1);
    }
    for (k = 1; k <= n; k++) {
        lua_rawgeti(L, -1, k);
        lua_rawseti(L, idx, k);
    }
    lua_pop(L, 2);
}

int
ov_lbind_no_method(lua_State *L, const char *kind, int methods, const char *name)
{
    const char *names[128];
    const char *best;
    size_t n = 0;

    methods = lua_absindex(L, methods);
    lua_pushnil(L);
    while (lua_next(L, methods) != 0 && n < sizeof names / sizeof names[0]) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING)
            names[n++] = lua_tostring(L, -1); /* alive: a key of the method table */
    }
    best = ov_suggest(name, names, n);
    if (best != NULL)
        return luaL_error(L, "%s has no method '%s'; did you mean '%s'?", kind, name, best);
    return luaL_error(L, "%s has no method '%s' (help() lists them)", kind, name);
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
    if (ui->width_set)
        return;
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

const char *
ov_lbind_text(lua_State *L, int idx, const char *fname, const char *what)
{
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    const char *nul;

    if (s == NULL)
        return NULL;
    /* C reads a string up to its first NUL: the rest would be dropped
     * without a word ("x == 1\0 or ..." ran as "x == 1") */
    if ((nul = memchr(s, '\0', n)) != NULL)
        luaL_error(L, "%s: %s holds a NUL byte at character %d; remove it", fname, what,
                   (int)(nul - s) + 1);
    return s;
}

const char *
ov_lbind_checktext(lua_State *L, int idx, const char *fname, const char *what)
{
    luaL_checkstring(L, idx);
    return ov_lbind_text(L, idx, fname, what);
}
