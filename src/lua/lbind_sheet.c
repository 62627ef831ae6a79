/*
 * lbind_sheet.c - data as publishers ship it: sheets(path) lists a
 * workbook's sheets, load_sheet(path [, sheet [, opts]]) loads one, and
 * load(path [, opts]) loads any supported file by its content (CSV/TSV,
 * gzip, zip, ODS, XLSX, XLS), passing Lua chunks on to Lua's own load.
 * t:markers() and t:shown() give what a loaded sheet kept beside its
 * values. The reading is the engine's (xl.h, xl_layout.h, loader.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "clock.h"
#include "lbind.h"
#include "loader.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"
#include "xl.h"
#include "xl_layout.h"
#include "zsource.h"

/* ---- the book, closed by the collector if an error is raised ---- */

#define BOOK_MT "ov.Workbook"

/* The last book opened stays open (in the registry at BOOK_CACHE, with
 * the identity of the file it was read from), so that sheets(path) and
 * then load_sheet(path, i) for every sheet open and index the file once:
 * an ODS book keeps where each table is in content.xml. It is used again
 * only while the file is the same file (device and inode) with the same
 * size and modification time; opening another book closes it. */
#define BOOK_CACHE "ov.BookCache"

static void
file_id(const struct stat *sb, char *buf, size_t size)
{
    snprintf(buf, size, "%llu:%llu:%lld:%lld.%09ld", (unsigned long long)sb->st_dev,
             (unsigned long long)sb->st_ino, (long long)sb->st_size,
             (long long)sb->st_mtim.tv_sec, (long)sb->st_mtim.tv_nsec);
}

static ov_xl_book **
open_book(lua_State *L, const char *fname, const char *path)
{
    ov_xl_book **slot;
    struct ov_err err;
    struct stat sb;
    char id[128] = "";

    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
        file_id(&sb, id, sizeof id);
        if (lua_getfield(L, LUA_REGISTRYINDEX, BOOK_CACHE) == LUA_TTABLE) {
            bool same = lua_getfield(L, -1, "id") == LUA_TSTRING &&
                        strcmp(lua_tostring(L, -1), id) == 0;

            lua_pop(L, 1);
            lua_getfield(L, -1, "book");
            lua_remove(L, -2);
            if (lua_type(L, -1) == LUA_TUSERDATA) {
                slot = luaL_checkudata(L, -1, BOOK_MT);
                if (same && *slot != NULL)
                    return slot;
                /* another file, or this one changed: the old book goes */
                ov_xl_close(*slot);
                *slot = NULL;
            }
        }
        lua_pop(L, 1);
        lua_pushnil(L);
        lua_setfield(L, LUA_REGISTRYINDEX, BOOK_CACHE);
    }
    slot = lua_newuserdatauv(L, sizeof *slot, 0);
    *slot = NULL;
    luaL_setmetatable(L, BOOK_MT);
    if (ov_xl_open(path, slot, &err) != OV_OK)
        ov_lbind_error(L, fname, &err);
    if (id[0] != '\0') {
        lua_createtable(L, 0, 2);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "book");
        lua_pushstring(L, id);
        lua_setfield(L, -2, "id");
        lua_setfield(L, LUA_REGISTRYINDEX, BOOK_CACHE);
    }
    return slot;
}

static int
book_gc(lua_State *L)
{
    ov_xl_book **slot = luaL_checkudata(L, 1, BOOK_MT);

    ov_xl_close(*slot);
    *slot = NULL;
    return 0;
}

/* a grid boxed likewise */
#define GRID_MT "ov.SheetGrid"

static struct ov_xl_grid **
new_grid_slot(lua_State *L)
{
    struct ov_xl_grid **slot = lua_newuserdatauv(L, sizeof *slot, 0);

    *slot = NULL;
    luaL_setmetatable(L, GRID_MT);
    return slot;
}

static int
grid_gc(lua_State *L)
{
    struct ov_xl_grid **slot = luaL_checkudata(L, 1, GRID_MT);

    ov_xl_grid_free(*slot);
    *slot = NULL;
    return 0;
}

/* Grids sheets() read are kept beside the cached book (field "grids",
 * sheet index to grid box; "cells" counts their cells) for load_sheet to
 * take instead of reading the sheet again, up to GRID_KEEP_CELLS cells in
 * all: listing a large workbook does not hold its sheets in memory. */
#define GRID_KEEP_CELLS ((size_t)1 << 18)

/* Pushes the book cache when it holds book b; returns false, pushing
 * nothing, otherwise. */
static bool
push_cache_of(lua_State *L, const ov_xl_book *b)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, BOOK_CACHE) == LUA_TTABLE) {
        bool ours = lua_getfield(L, -1, "book") == LUA_TUSERDATA &&
                    *(ov_xl_book **)luaL_checkudata(L, -1, BOOK_MT) == b;

        lua_pop(L, 1);
        if (ours)
            return true;
    }
    lua_pop(L, 1);
    return false;
}

/* The grid box on top of the stack is kept for load_sheet if there is
 * room; it is popped either way. */
static void
keep_grid(lua_State *L, const ov_xl_book *b, size_t i)
{
    size_t n = (*(struct ov_xl_grid **)luaL_checkudata(L, -1, GRID_MT))->ncells;

    if (push_cache_of(L, b)) {
        size_t kept = lua_getfield(L, -1, "cells") == LUA_TNUMBER
                          ? (size_t)lua_tointeger(L, -1)
                          : 0;

        lua_pop(L, 1);
        if (n <= GRID_KEEP_CELLS - kept) {
            lua_pushinteger(L, (lua_Integer)(kept + n));
            lua_setfield(L, -2, "cells");
            if (lua_getfield(L, -1, "grids") != LUA_TTABLE) {
                lua_pop(L, 1);
                lua_newtable(L);
                lua_pushvalue(L, -1);
                lua_setfield(L, -3, "grids");
            }
            lua_pushvalue(L, -3);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
            lua_pop(L, 3);
            return;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Pushes a box with sheet i's grid: the one sheets() kept, taken from the
 * cache, or one read now. */
static struct ov_xl_grid **
read_sheet(lua_State *L, const char *fname, ov_xl_book *b, size_t i)
{
    struct ov_xl_grid **slot;
    struct ov_err err;

    if (push_cache_of(L, b)) {
        if (lua_getfield(L, -1, "grids") == LUA_TTABLE) {
            if (lua_rawgeti(L, -1, (lua_Integer)i + 1) == LUA_TUSERDATA) {
                /* cache, grids, box: taken out, only the box stays */
                slot = luaL_checkudata(L, -1, GRID_MT);
                lua_pushnil(L);
                lua_rawseti(L, -3, (lua_Integer)i + 1);
                lua_replace(L, -3);
                lua_pop(L, 1);
                if (*slot != NULL)
                    return slot;
                lua_pop(L, 1);
            } else {
                lua_pop(L, 3);
            }
        } else {
            lua_pop(L, 2);
        }
    }
    slot = new_grid_slot(L);
    if (ov_xl_read(b, i, slot, &err) != OV_OK)
        ov_lbind_error(L, fname, &err);
    return slot;
}

/* The title a sheet shows at its top: the text of the first row with
 * something in it, when that row holds one text and little else (a
 * table's header row holds many). NULL if none. */
static const char *
sheet_title(const struct ov_xl_grid *g)
{
    size_t first, n;

    if (g->ncells == 0)
        return NULL;
    n = ov_xl_grid_row(g, g->cells[0].row, &first);
    if (n > 2 || g->cells[first].kind != OV_XL_TEXT)
        return NULL;
    return g->cells[first].text;
}

/* ---- sheets(path) ---- */

static int
l_sheets(lua_State *L)
{
    const char *path = ov_lbind_checktext(L, 1, "sheets", "the path");
    ov_xl_book *b = *open_book(L, "sheets", path);
    size_t n = ov_xl_nsheets(b);
    ov_strbuf *text = ov_lbind_new_buf(L);
    struct ov_cell *cells = ov_lbind_new_mem(L, (n ? n : 1) * 6 * sizeof *cells);
    static const char *const names[] = {"sheet",   "name",  "rows",
                                        "columns", "cells", "title"};
    struct ov_cell ncell[6];
    struct ov_load_opts o;
    struct ov_type_override types[] = {{"name", OV_STRING}, {"title", OV_STRING}};
    struct ov_err err;
    ov_table **slot;

    for (size_t j = 0; j < 6; j++) {
        ncell[j].off = text->len;
        ncell[j].len = strlen(names[j]);
        ov_strbuf_append(text, names[j], ncell[j].len);
    }
    for (size_t i = 0; i < n; i++) {
        struct ov_xl_grid **gs = read_sheet(L, "sheets", b, i);
        const char *title;
        char num[4][32];

        snprintf(num[0], sizeof num[0], "%zu", i + 1);
        snprintf(num[1], sizeof num[1], "%lu", (unsigned long)(*gs)->nrows);
        snprintf(num[2], sizeof num[2], "%lu", (unsigned long)(*gs)->ncols);
        snprintf(num[3], sizeof num[3], "%zu", (*gs)->ncells);
        title = sheet_title(*gs);
        for (size_t j = 0; j < 6; j++) {
            const char *v = j == 0   ? num[0]
                            : j == 1 ? ov_xl_sheet_name(b, i)
                            : j == 2 ? num[1]
                            : j == 3 ? num[2]
                            : j == 4 ? num[3]
                                     : title;
            struct ov_cell *c = &cells[i * 6 + j];

            if (v == NULL) {
                c->off = OV_CELL_MISSING;
                c->len = 0;
                continue;
            }
            c->off = text->len;
            c->len = strlen(v);
            ov_strbuf_append(text, v, c->len);
        }
        keep_grid(L, b, i);
    }
    if (ov_strbuf_status(text) != OV_OK)
        return luaL_error(L, "sheets: out of memory");
    ov_load_opts_init(&o);
    o.types = types;
    o.ntypes = 2;
    o.name = "sheets";
    slot = ov_lbind_new_table(L);
    if (ov_table_from_text(ov_strbuf_cstr(text), ncell, 6, cells, n, &o, slot, NULL,
                           &err) != OV_OK)
        return ov_lbind_error(L, "sheets", &err);
    ov_table_set_fact(*slot, "source", path);
    ov_table_set_fact(*slot, "format", ov_xl_format_name(ov_xl_book_format(b)));
    ov_table_set_fact(*slot, "modified", "(made in this session)");
    return 1;
}

/* ---- load_sheet(path [, sheet [, opts]]) ---- */

static const char *const sheet_options[] = {"range", "skip",  "header_rows", "header",
                                            "name",  "types", "report",      NULL};

/* "'Index', 'Table_1' and 'Table_2'" into b */
static void
list_sheets(lua_State *L, const ov_xl_book *b)
{
    luaL_Buffer lb;
    size_t n = ov_xl_nsheets(b);

    luaL_buffinit(L, &lb);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            luaL_addstring(&lb, i + 1 == n ? " and " : ", ");
        luaL_addchar(&lb, '\'');
        luaL_addstring(&lb, ov_xl_sheet_name(b, i));
        luaL_addchar(&lb, '\'');
    }
    luaL_pushresult(&lb);
}

/* The sheet asked for at idx (a name or a number from 1), or the first
 * with something in it when idx is nil. Leaves its grid's box on the
 * stack and returns the sheet's index. */
static size_t
pick_sheet(lua_State *L, const char *fname, const char *path, ov_xl_book *b, int idx,
           struct ov_xl_grid ***grid)
{
    size_t n = ov_xl_nsheets(b);

    if (lua_isnoneornil(L, idx)) {
        for (size_t i = 0; i < n; i++) {
            struct ov_xl_grid **gs = read_sheet(L, fname, b, i);

            if ((*gs)->ncells > 0) {
                *grid = gs;
                return i;
            }
            lua_pop(L, 1);
        }
        luaL_error(L, "%s: %s: every sheet is empty", fname, path);
    }
    if (lua_type(L, idx) == LUA_TNUMBER) {
        lua_Integer k = 0;

        if (!lua_isinteger(L, idx) || (k = lua_tointeger(L, idx)) < 1 ||
            (size_t)k > n) {
            list_sheets(L, b);
            luaL_error(L, "%s: %s has no sheet %s: it has %d (%s)", fname, path,
                       lua_tostring(L, idx), (int)n, lua_tostring(L, -1));
        }
        *grid = read_sheet(L, fname, b, (size_t)k - 1);
        return (size_t)k - 1;
    }
    {
        const char *want = ov_lbind_checktext(L, idx, fname, "the sheet");
        size_t found = n;

        for (size_t i = 0; i < n && found == n; i++)
            if (strcmp(ov_xl_sheet_name(b, i), want) == 0)
                found = i;
        for (size_t i = 0; i < n && found == n; i++)
            if (strcasecmp(ov_xl_sheet_name(b, i), want) == 0)
                found = i;
        if (found == n) {
            const char **names = ov_lbind_new_mem(L, (n ? n : 1) * sizeof *names);
            const char *best;

            for (size_t i = 0; i < n; i++)
                names[i] = ov_xl_sheet_name(b, i);
            best = ov_suggest(want, names, n);
            list_sheets(L, b);
            if (best != NULL)
                luaL_error(
                    L, "%s: %s has no sheet '%s'; did you mean '%s'? Its sheets: %s",
                    fname, path, want, best, lua_tostring(L, -1));
            luaL_error(L, "%s: %s has no sheet '%s'; its sheets: %s", fname, path, want,
                       lua_tostring(L, -1));
        }
        *grid = read_sheet(L, fname, b, found);
        return found;
    }
}

/* the options table at idx into o; *report as the option says */
static void
sheet_opts(lua_State *L, int idx, const char *fname, struct ov_sheet_opts *o,
           int *report)
{
    lua_Integer v = 0;

    ov_lbind_check_options(L, idx, fname, sheet_options);
    o->range = ov_lbind_opt_string(L, idx, fname, "range");
    o->header = ov_lbind_opt_bool(L, idx, fname, "header", 1);
    o->name = ov_lbind_opt_string(L, idx, fname, "name");
    *report = ov_lbind_opt_bool(L, idx, fname, "report", *report);
    if (lua_getfield(L, idx, "skip") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || (v = lua_tointeger(L, -1)) < 0 || v > 1048576)
            luaL_error(L, "%s: option 'skip' must be a whole number of rows from 0",
                       fname);
        o->skip = (long)v;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, idx, "header_rows") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || (v = lua_tointeger(L, -1)) < 0 || v > 10)
            luaL_error(L,
                       "%s: option 'header_rows' must be a whole number from 0 to 10",
                       fname);
        o->header_rows = (int)v;
    }
    lua_pop(L, 1);
    ov_lbind_types_option(L, idx, fname, &o->types, &o->ntypes);
}

/* load_sheet's work, with the sheet at sheet_idx and the options at
 * opt_idx (0: none) */
static int
load_sheet_at(lua_State *L, const char *fname, const char *path, int sheet_idx,
              int opt_idx)
{
    struct ov_sheet_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    struct ov_xl_grid **grid = NULL;
    ov_xl_book *b;
    ov_table **slot;
    size_t i;
    int report = ov_lbind_ui(L)->interactive;
    double t0 = ov_clock_now();

    /* arguments not given are nil, so what is pushed below is never taken
     * for one */
    lua_settop(L, sheet_idx > opt_idx ? sheet_idx : opt_idx);
    ov_sheet_opts_init(&o);
    if (opt_idx != 0 && !lua_isnoneornil(L, opt_idx)) {
        luaL_checktype(L, opt_idx, LUA_TTABLE);
        sheet_opts(L, opt_idx, fname, &o, &report);
    }
    b = *open_book(L, fname, path);
    i = pick_sheet(L, fname, path, b, sheet_idx, &grid);
    slot = ov_lbind_new_table(L);
    memset(&rep, 0, sizeof rep);
    if (ov_xl_to_table(*grid, path, ov_xl_sheet_name(b, i),
                       ov_xl_format_name(ov_xl_book_format(b)), &o, slot, &rep,
                       &err) != OV_OK) {
        ov_load_report_free(&rep);
        return ov_lbind_error(L, fname, &err);
    }
    rep.seconds = ov_clock_now() - t0;
    ov_lbind_load_report(L, *slot, &rep, report);
    ov_load_report_free(&rep);
    return 1;
}

static int
l_load_sheet(lua_State *L)
{
    const char *path = ov_lbind_checktext(L, 1, "load_sheet", "the path");

    if (lua_istable(L, 2) && lua_isnoneornil(L, 3))
        return load_sheet_at(L, "load_sheet", path, 3, 2); /* load_sheet(path, opts) */
    return load_sheet_at(L, "load_sheet", path, 2, 3);
}

/* ---- load(path [, opts]) ---- */

/* Whether load's arguments name data rather than a Lua chunk: a string
 * path with no line break, given alone or with an options table, that
 * names something that exists or ends like a data file. Lua's load takes
 * a function, or a chunk string with an optional name string. */
static bool
names_data(lua_State *L)
{
    static const char *const ends[] = {".csv", ".tsv",  ".txt", ".gz",   ".zip",
                                       ".ods", ".xlsx", ".xls", ".xlsm", NULL};
    const char *s;
    size_t len;
    struct stat sb;

    if (lua_type(L, 1) != LUA_TSTRING || !(lua_isnoneornil(L, 2) || lua_istable(L, 2)))
        return false;
    s = lua_tolstring(L, 1, &len);
    if (len == 0 || memchr(s, '\n', len) != NULL || strlen(s) != len)
        return false;
    if (lua_istable(L, 2) || stat(s, &sb) == 0)
        return true;
    for (size_t i = 0; ends[i] != NULL; i++) {
        size_t n = strlen(ends[i]);

        if (len > n && strcasecmp(s + len - n, ends[i]) == 0)
            return true;
    }
    return false;
}

static int
l_load(lua_State *L)
{
    const char *path;
    enum ov_xl_format f;

    if (!names_data(L)) {
        /* Lua's load (or --safe's), kept as the upvalue */
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
        return lua_gettop(L);
    }
    path = ov_lbind_checktext(L, 1, "load", "the path");
    if (ov_xl_sniff(path, &f)) {
        /* the sheet option picks the sheet; the rest are load_sheet's */
        if (lua_istable(L, 2)) {
            lua_getfield(L, 2, "sheet");
            lua_newtable(L);
            lua_pushnil(L);
            while (lua_next(L, 2) != 0) {
                if (lua_type(L, -2) == LUA_TSTRING &&
                    strcmp(lua_tostring(L, -2), "sheet") == 0) {
                    lua_pop(L, 1);
                    continue;
                }
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_settable(L, -4);
            }
            lua_replace(L, 2);
            lua_insert(L, 3); /* path, opts, sheet */
            return load_sheet_at(L, "load", path, 3, 2);
        }
        lua_settop(L, 1);
        return load_sheet_at(L, "load", path, 2, 0);
    }
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "sheet") != LUA_TNIL)
            return luaL_error(L,
                              "load: %s is not a workbook: option 'sheet' is for ODS, "
                              "XLSX and XLS files",
                              path);
        lua_pop(L, 1);
    }
    lua_settop(L, lua_istable(L, 2) ? 2 : 1);
    return ov_lbind_load_csv(L);
}

/* ---- t:markers(), t:shown() ---- */

static int
push_side(lua_State *L, ov_table *side, const char *what, const char *tname)
{
    ov_table **slot = ov_lbind_new_table(L);
    struct ov_err err;
    char name[256];

    *slot = ov_table_view(side, &err);
    if (*slot == NULL)
        return ov_lbind_error(L, what, &err);
    snprintf(name, sizeof name, "%s %s", tname, what);
    ov_table_set_name(*slot, name);
    return 1;
}

/* t:markers([column]): the cells that held a marker or a flag */
static int
tbl_markers(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_table *m = ov_table_markers(t);

    if (m == NULL)
        return luaL_error(L,
                          "markers: %s was not loaded from a sheet (or is a query's "
                          "result): markers are kept on the table load_sheet made",
                          ov_table_name(t)[0] ? ov_table_name(t) : "this table");
    if (!lua_isnoneornil(L, 2)) {
        const char *col = ov_lbind_checktext(L, 2, "markers", "the column");
        int j = ov_table_find(t, col);

        char hint[400];

        if (j < 0)
            return luaL_error(L, "markers: no column '%s'%s", col,
                              ov_suggest_column(col, ov_table_names(t),
                                                ov_table_ncols(t), hint, sizeof hint));
        /* the rows of m whose column is col */
        push_side(L, m, "markers", ov_table_name(t));
        lua_getfield(L, -1, "where");
        lua_insert(L, -2);
        lua_newtable(L);
        lua_pushstring(L, col);
        lua_setfield(L, -2, "column");
        lua_call(L, 2, 1);
        return 1;
    }
    return push_side(L, m, "markers", ov_table_name(t));
}

static int
tbl_shown(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_table *s = ov_table_shown(t);
    struct ov_err err;

    if (s == NULL)
        return luaL_error(L,
                          "shown: %s was not loaded from a sheet (or is a query's "
                          "result): displayed texts are kept on the table load_sheet "
                          "made",
                          ov_table_name(t)[0] ? ov_table_name(t) : "this table");
    if (ov_xl_shown_texts(s, &err) != OV_OK)
        return ov_lbind_error(L, "shown", &err);
    return push_side(L, s, "shown", ov_table_name(t));
}

static const luaL_Reg sheet_methods[] = {
    {"markers", tbl_markers},
    {"shown", tbl_shown},
    {NULL, NULL},
};

void
ov_lbind_sheet_open(lua_State *L)
{
    luaL_newmetatable(L, BOOK_MT);
    lua_pushcfunction(L, book_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, GRID_MT);
    lua_pushcfunction(L, grid_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_getmetatable(L, OV_LBIND_TABLE_MT);
    lua_getfield(L, -1, "methods");
    luaL_setfuncs(L, sheet_methods, 0);
    lua_pop(L, 2);
    lua_pushcfunction(L, l_sheets);
    lua_setglobal(L, "sheets");
    lua_pushcfunction(L, l_load_sheet);
    lua_setglobal(L, "load_sheet");
    lua_getglobal(L, "load");
    lua_pushcclosure(L, l_load, 1);
    lua_setglobal(L, "load");
}
