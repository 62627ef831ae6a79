/*
 * lbind_xlsx.c - tables out as Excel workbooks: t:write("x.xlsx" [, opts])
 * (reached from t:write in lbind_table.c) and write_xlsx(path, tables) for
 * several tables in one book. The workbook is the engine's (write_xlsx.h);
 * here: the arguments, the file opened through --safe's rules
 * (luasafe.h) and written whole or not at all (fileio.h).
 */
#include "config.h"

#include <string.h>

#include <lauxlib.h>

#include "lbind.h"
#include "luasafe.h"
#include "value.h"
#include "write_xlsx.h"

/* Writes the sheets to path: checked first, then into a temporary file
 * renamed over path only when complete. Raises naming fname. */
static void
write_book(lua_State *L, const char *fname, const char *path,
           const struct ov_xlsx_sheet *sheets, size_t n)
{
    struct ov_afile af;
    struct ov_err err;

    /* a bad sheet name or a table too large for Excel is said before any
     * file is touched */
    if (ov_xlsx_check(sheets, n, &err) != OV_OK)
        ov_lbind_error(L, fname, &err);
    /* --safe: only beneath the working directory (luasafe.h) */
    if (ov_luasafe_afile_open(L, &af, path, &err) != OV_OK)
        ov_lbind_error(L, fname, &err);
    /* libxlsxwriter's own temporary files: under --safe Landlock refuses
     * /tmp, and the working directory is where writing is allowed */
    if (ov_xlsx_write(af.f, sheets, n, ov_luasafe_on(L) ? "." : NULL, &err) != OV_OK) {
        ov_afile_abort(&af);
        ov_lbind_error(L, fname, &err);
    }
    if (ov_afile_commit(&af, &err) != OV_OK)
        ov_lbind_error(L, fname, &err);
}

static const char *const write_options[] = {"sheet", NULL};

int
ov_lbind_write_xlsx_table(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *path = ov_lbind_checktext(L, 2, "write", "the path");
    const char *sheet = NULL;
    char name[OV_XLSX_NAME_MAX * 4 + 1];
    struct ov_xlsx_sheet s;

    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        ov_lbind_check_options(L, 3, "write", write_options);
        sheet = ov_lbind_opt_string(L, 3, "write", "sheet");
    }
    s.name = sheet != NULL ? sheet : ov_xlsx_default_name(t, name, sizeof name);
    s.table = t;
    write_book(L, "write", path, &s, 1);
    if (ov_lbind_ui(L)->interactive) {
        char a[32];

        ov_value_format_int_grouped(a, (int64_t)ov_table_nrows(t), ',');
        fprintf(ov_lbind_ui(L)->notes, "wrote %s row%s to %s (sheet \"%s\", and %s)\n",
                a, ov_table_nrows(t) == 1 ? "" : "s", path, s.name, OV_XLSX_SOURCES);
    }
    return 0;
}

/* write_xlsx(path, { name = t, ... }) or write_xlsx(path, { {"name", t}, ... }):
 * the map's sheets in the byte order of their names, the list's in its
 * order */
static int
l_write_xlsx(lua_State *L)
{
    const char *path = ov_lbind_checktext(L, 1, "write_xlsx", "the path");
    struct ov_xlsx_sheet *sheets;
    size_t n = 0, i, len;
    int list, base;

    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    len = (size_t)lua_rawlen(L, 2);
    /* the pairs, checked and pinned on the stack (name, table) */
    lua_newtable(L); /* 3: the names, when a map */
    if (len > 0) {
        list = 1;
        lua_pushnil(L);
        while (lua_next(L, 2) != 0) {
            lua_pop(L, 1);
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
                (size_t)lua_tointeger(L, -1) > len)
                return luaL_error(L, "write_xlsx: give either { name = t, ... } or "
                                     "{ {\"name\", t}, ... }, not both");
        }
    } else {
        list = 0;
        lua_pushnil(L);
        while (lua_next(L, 2) != 0) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "write_xlsx: each sheet needs a name: give "
                                     "{ name = t, ... } or { {\"name\", t}, ... }");
            lua_pushvalue(L, -1);
            lua_rawseti(L, 3, (lua_Integer)++n);
        }
        len = n;
        ov_lbind_sort_names(L, 3);
    }
    if (len == 0)
        return luaL_error(L, "write_xlsx: no tables to write: give { name = t, ... }");
    luaL_checkstack(L, (int)(2 * len + 8), "write_xlsx: too many sheets");
    base = lua_gettop(L);
    for (i = 1; i <= len; i++) {
        if (list) {
            if (lua_rawgeti(L, 2, (lua_Integer)i) != LUA_TTABLE)
                return luaL_error(
                    L, "write_xlsx: entry %d is not a pair { \"name\", t }", (int)i);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            lua_remove(L, -3);
        } else {
            lua_rawgeti(L, 3, (lua_Integer)i);
            lua_pushvalue(L, -1);
            lua_rawget(L, 2);
        }
        if (lua_type(L, -2) != LUA_TSTRING)
            return luaL_error(
                L, "write_xlsx: entry %d has no sheet name (a string) first", (int)i);
        if (ov_lbind_test_table(L, -1) == NULL)
            return luaL_error(L, "write_xlsx: sheet \"%s\" is given a %s, not a table",
                              lua_tostring(L, -2), luaL_typename(L, -1));
        ov_lbind_text(L, -2, "write_xlsx", "a sheet name");
    }
    sheets = ov_lbind_new_mem(L, len * sizeof *sheets);
    for (i = 0; i < len; i++) {
        sheets[i].name = lua_tostring(L, base + 1 + 2 * (int)i);
        sheets[i].table = ov_lbind_test_table(L, base + 2 + 2 * (int)i);
    }
    write_book(L, "write_xlsx", path, sheets, len);
    if (ov_lbind_ui(L)->interactive)
        fprintf(ov_lbind_ui(L)->notes, "wrote %zu sheet%s to %s (and %s)\n", len,
                len == 1 ? "" : "s", path, OV_XLSX_SOURCES);
    return 0;
}

void
ov_lbind_xlsx_open(lua_State *L)
{
    lua_pushcfunction(L, l_write_xlsx);
    lua_setglobal(L, "write_xlsx");
}
