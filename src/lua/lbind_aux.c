/*
 * lbind_aux.c - the helpers every binding calls (lauxlib's part): C memory
 * owned by the stack, the table userdata's life, the ui, sorting names,
 * checking text, engine errors as Lua errors. Calls no binding and never
 * the opener list (lbind_open.c), so the bindings form no circle with it.
 */
#include "config.h"

#include "lbind.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "luaintr.h"
#include "ov_mem.h"
#include "query.h"
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

/* ---- the userdata ---- */

/* Lua's collector paces itself by the memory Lua allocates, and a table
 * userdata is a pointer to what may be megabytes of columns in C: a loop of
 * queries would pile up garbage tables far faster than Lua thinks. So each
 * new table checks the engine's own memory and collects when it has grown
 * by a quarter (at least 4 MB) since the last collection, or when it nears
 * the --max-memory limit. */
static size_t
engine_bytes(lua_State *L)
{
    size_t lua_bytes =
        (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
    size_t used = ov_mem_used();

    return used > lua_bytes ? used - lua_bytes : 0;
}

static void
pace_collector(lua_State *L)
{
    static size_t threshold;
    size_t limit = ov_mem_limit(), engine = engine_bytes(L), slack;

    if (engine <= threshold && (limit == 0 || ov_mem_used() < limit / 4 * 3))
        return;
    lua_gc(L, LUA_GCCOLLECT, 0);
    engine = engine_bytes(L);
    slack = engine / 4 > ((size_t)4 << 20) ? engine / 4 : (size_t)4 << 20;
    threshold = engine + slack;
}

/* The userdata: the engine table (NULL until attached, and once freed),
 * and whether the script closed it. `t` comes first, so a pointer to the
 * userdata is the ov_table ** that ov_lbind_new_table returns. */
/* A sort not done yet (ov_lbind_defer_sort): the table sorted (its
 * userdata pinned in the user value), the keys and the step, in one block */
struct pending {
    const ov_table *src;
    const char **keys;
    size_t n;
    const char *step;
};

struct tud {
    ov_table *t;
    bool closed;
    struct pending *pending; /* NULL: t has the rows */
};

/* The registry's weak-valued table { [tud address] = userdata }. The
 * collector takes a userdata out of it in the same step that queues the
 * userdata's __gc, so a table that is missing there is waiting to be
 * freed, even if a weak-keyed table handed it back to the script (Lua
 * keeps such keys until the next cycle): using it then would let the
 * pending __gc free it under a method's feet. */
static const char live_key = 'L';

ov_table **
ov_lbind_new_table(lua_State *L)
{
    struct tud *u;

    pace_collector(L);
    u = lua_newuserdatauv(L, sizeof *u, 1);
    u->t = NULL;
    u->closed = false;
    u->pending = NULL;
    luaL_setmetatable(L, OV_LBIND_TABLE_MT);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
    lua_pushvalue(L, -2);
    lua_rawsetp(L, -2, u);
    lua_pop(L, 1);
    return &u->t;
}

/* whether the table userdata u (at idx) can be used: not closed, not
 * freed, not waiting for its __gc */
static bool
live_tud(lua_State *L, int idx, struct tud *u)
{
    bool live;

    if (u == NULL || (u->t == NULL && u->pending == NULL) || u->closed)
        return false;
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
    lua_rawgetp(L, -1, u);
    live = lua_rawequal(L, -1, idx);
    lua_pop(L, 2);
    return live;
}

/* the waiting sort done: its rows attached, the source unpinned; when
 * the sort fails (out of memory, interrupted) it stays waiting */
static ov_status
resolve(lua_State *L, int idx, struct tud *u, struct ov_err *err)
{
    struct pending *p = u->pending;
    ov_table *r = NULL;
    ov_status st;

    if ((st = ov_query_sort(p->src, p->keys, p->n, &r, err)) != OV_OK)
        return st;
    (void)ov_table_add_step(r, p->step);
    u->t = r;
    u->pending = NULL;
    ov_free(p);
    lua_pushnil(L);
    lua_setiuservalue(L, idx, 1);
    return OV_OK;
}

/* the engine table of the table userdata u (at idx), or NULL when it is
 * closed, freed or waiting for its __gc, or its waiting sort failed
 * (err->status then says why); a waiting sort is done first */
static ov_table *
usable(lua_State *L, int idx, struct tud *u, struct ov_err *err)
{
    err->status = OV_OK;
    if (!live_tud(L, idx, u))
        return NULL;
    if (u->pending != NULL && resolve(L, lua_absindex(L, idx), u, err) != OV_OK)
        return NULL;
    return u->t;
}

bool
ov_lbind_defer_sort(lua_State *L, int idx, int src, const char *const *keys, size_t n,
                    const char *step)
{
    struct tud *u = luaL_testudata(L, idx, OV_LBIND_TABLE_MT);
    size_t bytes =
               sizeof(struct pending) + (n ? n : 1) * sizeof(char *) + strlen(step) + 1,
           k;
    struct pending *p;
    char *at;

    const ov_table *t = ov_lbind_test_table(L, src);

    if (t == NULL)
        return false;
    idx = lua_absindex(L, idx);
    src = lua_absindex(L, src);
    for (k = 0; k < n; k++)
        bytes += strlen(keys[k]) + 1;
    if ((p = ov_malloc(bytes)) == NULL)
        return false;
    p->src = t;
    p->keys = (const char **)(p + 1);
    p->n = n;
    at = (char *)(p->keys + (n ? n : 1));
    for (k = 0; k < n; k++) {
        p->keys[k] = strcpy(at, keys[k]);
        at += strlen(keys[k]) + 1;
    }
    p->step = strcpy(at, step);
    u->pending = p;
    lua_pushvalue(L, src);
    lua_setiuservalue(L, idx, 1);
    return true;
}

bool
ov_lbind_deferred_sort(lua_State *L, int idx, const ov_table **src,
                       const char *const **keys, size_t *n, const char **step)
{
    struct tud *u = luaL_testudata(L, idx, OV_LBIND_TABLE_MT);

    if (!live_tud(L, idx, u) || u->pending == NULL)
        return false;
    *src = u->pending->src;
    *keys = u->pending->keys;
    *n = u->pending->n;
    *step = u->pending->step;
    return true;
}

ov_table *
ov_lbind_test_table(lua_State *L, int idx)
{
    struct ov_err err;

    return usable(L, idx, luaL_testudata(L, idx, OV_LBIND_TABLE_MT), &err);
}

ov_table *
ov_lbind_check_table(lua_State *L, int idx)
{
    struct ov_err err;
    ov_table *t = usable(L, idx, luaL_checkudata(L, idx, OV_LBIND_TABLE_MT), &err);

    if (t == NULL && err.status != OV_OK)
        ov_lbind_error(L, "sort", &err);
    if (t == NULL)
        luaL_error(L, "use of a closed table");
    return t;
}

/* __close, and __gc called by hand: the table can no longer be used, but
 * its memory stays, as a C method further down the stack may be holding
 * it (t:where(f) whose f closes t). __gc run by the collector: the memory
 * is freed; the collector never runs it while a C function has the
 * userdata on its stack. */
static int
tbl_close(lua_State *L)
{
    struct tud *u = luaL_checkudata(L, 1, OV_LBIND_TABLE_MT);

    u->closed = true;
    return 0;
}

static int
tbl_gc(lua_State *L)
{
    struct tud *u = luaL_checkudata(L, 1, OV_LBIND_TABLE_MT);

    u->closed = true;
    if (ov_lbind_finalizing(L)) {
        ov_table_free(u->t);
        u->t = NULL;
        ov_free(u->pending);
        u->pending = NULL;
    }
    return 0;
}

void
ov_lbind_aux_open(lua_State *L)
{
    luaL_newmetatable(L, BUF_MT);
    lua_pushcfunction(L, buf_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, MEM_MT);
    lua_pushcfunction(L, mem_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &live_key);
    luaL_newmetatable(L, OV_LBIND_TABLE_MT);
    lua_pushcfunction(L, tbl_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, tbl_close);
    lua_setfield(L, -2, "__close");
    lua_pop(L, 1);
}

void
ov_lbind_auto_bars(lua_State *L, ov_table *r, int col)
{
    if (ov_lbind_ui(L)->bars)
        ov_table_set_bars(r, col);
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
ov_lbind_plain_options(lua_State *L, int idx, const char *const *known)
{
    size_t i;

    if (lua_type(L, idx) != LUA_TTABLE)
        return;
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    for (i = 0; known[i] != NULL; i++) {
        lua_getfield(L, idx, known[i]);
        lua_setfield(L, -2, known[i]);
    }
    lua_replace(L, idx);
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
        return luaL_error(L, "%s has no method '%s'; did you mean '%s'?", kind, name,
                          best);
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

bool
ov_lbind_utf8_locale(void)
{
    const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};

    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);

        if (v != NULL && *v != '\0')
            return strstr(v, "UTF-8") != NULL || strstr(v, "utf8") != NULL ||
                   strstr(v, "UTF8") != NULL || strstr(v, "utf-8") != NULL;
    }
    return false;
}

void
ov_lbind_display(lua_State *L, struct ov_fmt_opts *o)
{
    struct ov_ui *ui = ov_lbind_ui(L);
    size_t width;

    /* output sent to a file (.output FILE) is not the terminal's, though
     * the session runs in one: plain, and as wide as its lines are */
    bool to_screen = ui->out == NULL || ui->out == stdout ||
                     (ui->screen != NULL && ui->out == ui->screen);
    bool to_terminal =
        to_screen && ui->stdout_is_terminal != NULL && ui->stdout_is_terminal();

    *o = ui->display;
    o->ascii = !ov_lbind_utf8_locale();
    if (ui->auto_mode)
        o->mode = to_terminal ? OV_FMT_BOX : OV_FMT_PLAIN;
    /* only a terminal has a width: output piped or sent to a file is
     * never narrowed or cut unless ov.display{ width = } asks */
    if (ui->width_set)
        return;
    o->width = 0;
    if (!to_terminal)
        return;
    if (ui->terminal_width != NULL && (width = ui->terminal_width()) > 0)
        o->width = width;
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

/* print, as Lua's, but to the session's output (.output FILE). The line is
 * made whole before any of it is written, so a __tostring that fails
 * leaves nothing half printed. */
int
ov_lbind_print(lua_State *L)
{
    FILE *out = ov_lbind_ui(L)->out;
    int n = lua_gettop(L), i;
    luaL_Buffer b;
    size_t len;
    const char *text;

    if (out == NULL)
        out = stdout;
    /* every value as text first: a value of several lines (a table) is
     * parted from its neighbours by a line break, not Lua's tab */
    for (i = 1; i <= n; i++) {
        luaL_tolstring(L, i, NULL);
        lua_replace(L, i);
    }
    luaL_buffinit(L, &b);
    for (i = 1; i <= n; i++) {
        if (i > 1) {
            size_t la, lb;
            const char *a = lua_tolstring(L, i - 1, &la), *c = lua_tolstring(L, i, &lb);

            luaL_addchar(&b, memchr(a, '\n', la) != NULL || memchr(c, '\n', lb) != NULL
                                 ? '\n'
                                 : '\t');
        }
        lua_pushvalue(L, i);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    text = lua_tolstring(L, -1, &len);
    fwrite(text, 1, len, out);
    fputc('\n', out);
    fflush(out);
    return 0;
}
