/*
 * lbind_sqlite.c - SQLite databases in Lua: load_sqlite(path, table or
 * query [, opts]) and t:write("x.sqlite", { table = ... }), over the
 * engine's sqlite_io.c. The write goes through ov_luasafe_afile_open, so
 * under --safe only beneath the working directory, and the engine never
 * opens the target for writing itself.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <lauxlib.h>

#include "fileio.h"
#include "lbind.h"
#include "luasafe.h"
#include "sqlite_io.h"
#include "value.h"

static const char *const load_options[] = {"name", "report", NULL};

/* load_sqlite(path, table_or_query [, { name = ..., report = ... }]) */
static int
l_load_sqlite(lua_State *L)
{
    const char *path = ov_lbind_checktext(L, 1, "load_sqlite", "the path");
    const char *what = ov_lbind_checktext(L, 2, "load_sqlite", "the table or query");
    const char *name = NULL;
    int report = ov_lbind_ui(L)->interactive;
    struct ov_load_report rep;
    struct ov_err err;
    ov_table **slot;

    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        ov_lbind_check_options(L, 3, "load_sqlite", load_options);
        name = ov_lbind_opt_string(L, 3, "load_sqlite", "name");
        report = ov_lbind_opt_bool(L, 3, "load_sqlite", "report", report);
    }
    slot = ov_lbind_new_table(L);
    if (ov_sqlite_load(path, what, name, slot, &rep, &err) != OV_OK)
        return ov_lbind_error(L, "load_sqlite", &err);
    ov_lbind_load_report(L, *slot, &rep, report);
    ov_load_report_free(&rep);
    return 1;
}

bool
ov_lbind_sqlite_path(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

    if (dot == NULL || (slash != NULL && dot < slash))
        return false;
    return strcasecmp(dot, ".sqlite") == 0 || strcasecmp(dot, ".sqlite3") == 0 ||
           strcasecmp(dot, ".db") == 0;
}

static const char *const write_options[] = {"table", "replace", NULL};

int
ov_lbind_write_sqlite(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *path = ov_lbind_checktext(L, 2, "write", "the path");
    struct ov_sqlite_write_opts o = {NULL, false};
    struct ov_afile af;
    struct ov_err err;

    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        ov_lbind_check_options(L, 3, "write", write_options);
        o.table = ov_lbind_opt_string(L, 3, "write", "table");
        o.replace = ov_lbind_opt_bool(L, 3, "write", "replace", 0);
    }
    if (o.table == NULL)
        o.table = ov_table_name(t);
    if (o.table[0] == '\0')
        return luaL_error(L,
                          "write: %s: name the table: t:write(\"%s\", "
                          "{ table = \"name\" })",
                          path, path);
    /* --safe: only beneath the working directory (luasafe.h) */
    if (ov_luasafe_afile_open(L, &af, path, &err) != OV_OK)
        return ov_lbind_error(L, "write", &err);
    if (ov_sqlite_write(t, path, af.f, &o, &err) != OV_OK) {
        ov_afile_abort(&af);
        return ov_lbind_error(L, "write", &err);
    }
    if (ov_afile_commit(&af, &err) != OV_OK)
        return ov_lbind_error(L, "write", &err);
    if (ov_lbind_ui(L)->interactive) {
        char a[32];

        ov_value_format_int_grouped(a, (int64_t)ov_table_nrows(t), ',');
        fprintf(ov_lbind_ui(L)->notes, "wrote %s row%s to %s (table %s)\n", a,
                ov_table_nrows(t) == 1 ? "" : "s", path, o.table);
    }
    return 0;
}

void
ov_lbind_sqlite_open(lua_State *L)
{
    lua_pushcfunction(L, l_load_sqlite);
    lua_setglobal(L, "load_sqlite");
}
