/*
 * lbind_reshape.c - the reshaping methods of tables in Lua: t:longer{...}
 * and t:wider{...} (the crosstab of a value is crosstab's, in
 * lbind_query.c). Each checks its options, calls the engine
 * (query_reshape.c) and records the step in the result's provenance.
 * Registered by the opener list (lbind_open.c).
 */
#include "config.h"

#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lbind.h"
#include "ov_error.h"
#include "query.h"
#include "strbuf.h"

/* appends s in double quotes, as Lua reads it back, to a step's text */
static void
quoted(ov_strbuf *b, const char *s)
{
    ov_strbuf_putc(b, '"');
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            ov_strbuf_putc(b, '\\');
        ov_strbuf_putc(b, *s);
    }
    ov_strbuf_putc(b, '"');
}

/* appends `, key = {"a", "b"}` for the names[0..n) */
static void
quoted_list(ov_strbuf *b, const char *key, const char *const *names, size_t n)
{
    size_t k;

    ov_strbuf_printf(b, "%s = {", key);
    for (k = 0; k < n; k++) {
        if (k > 0)
            ov_strbuf_puts(b, ", ");
        quoted(b, names[k]);
    }
    ov_strbuf_putc(b, '}');
}

/* option `key` of the plain options table at idx: a list of column names
 * (strings, or whole numbers read as their text: cols = {2019, 2020}),
 * kept alive in a new list left on the stack; *n names in a userdata
 * array also left on the stack; NULL when the option is absent */
static const char **
name_list(lua_State *L, int idx, const char *fname, const char *key, size_t *n)
{
    const char **names;
    int list;
    size_t k, len;

    *n = 0;
    if (lua_getfield(L, idx, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
        /* one name on its own */
        lua_createtable(L, 1, 0);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
    } else if (!lua_istable(L, -1)) {
        luaL_error(L, "%s: %s must be a list of column names, not %s", fname, key,
                   luaL_typename(L, -1));
    }
    list = lua_gettop(L);
    len = lua_rawlen(L, list);
    lua_createtable(L, (int)len, 0); /* the names as strings, kept alive */
    names = lua_newuserdatauv(L, (len ? len : 1) * sizeof *names, 0);
    for (k = 1; k <= len; k++) {
        int ty = lua_rawgeti(L, list, (lua_Integer)k);

        if (ty == LUA_TNUMBER && lua_isinteger(L, -1)) {
            lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, -1));
            lua_remove(L, -2);
        } else if (ty != LUA_TSTRING) {
            luaL_error(L, "%s: %s must hold column names (strings), not %s", fname, key,
                       luaL_typename(L, -1));
        }
        names[k - 1] = ov_lbind_text(L, -1, fname, "a column name");
        lua_rawseti(L, list + 1, (lua_Integer)k);
    }
    *n = len;
    return names;
}

/* the names of t's columns that the Lua pattern matches (through the
 * string library's find, kept as upvalue 1 when the methods were
 * registered, so a script that replaces string.find changes nothing) */
static const char **
pattern_names(lua_State *L, const ov_table *t, const char *pattern, size_t *n)
{
    size_t j, nc = ov_table_ncols(t);
    const char **names = lua_newuserdatauv(L, (nc ? nc : 1) * sizeof *names, 0);

    *n = 0;
    for (j = 0; j < nc; j++) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushstring(L, ov_table_colname(t, j));
        lua_pushstring(L, pattern);
        if (lua_pcall(L, 2, 1, 0) != LUA_OK)
            luaL_error(L, "longer: pattern \"%s\": %s", pattern, lua_tostring(L, -1));
        if (!lua_isnil(L, -1))
            names[(*n)++] = ov_table_colname(t, j); /* lives as long as t */
        lua_pop(L, 1);
    }
    if (*n == 0) {
        ov_strbuf b = OV_STRBUF_INIT;

        for (j = 0; j < nc && j < 12; j++)
            ov_strbuf_printf(&b, "%s%s", j ? ", " : "", ov_table_colname(t, j));
        if (nc > 12)
            ov_strbuf_puts(&b, ", ...");
        lua_pushfstring(L,
                        "longer: no column name matches the pattern \"%s\" (a Lua "
                        "pattern, as \"^20%%d%%d$\"); the columns are %s",
                        pattern, ov_strbuf_cstr(&b));
        ov_strbuf_free(&b);
        lua_error(L);
    }
    return names;
}

static const char *const longer_options[] = {"cols",      "pattern",      "names_to",
                                             "values_to", "drop_missing", NULL};

static int
tbl_longer(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *pattern, *names_to, *values_to;
    const char **cols;
    size_t n = 0;
    bool drop;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    ov_strbuf b = OV_STRBUF_INIT;

    if (!lua_istable(L, 2))
        return luaL_error(L,
                          "longer: give the columns to stack, as in t:longer{ cols = "
                          "{\"2019\", \"2020\"}, names_to = \"year\", values_to = "
                          "\"fte\" }");
    lua_settop(L, 2);
    ov_lbind_check_options(L, 2, "longer", longer_options);
    pattern = ov_lbind_opt_string(L, 2, "longer", "pattern");
    names_to = ov_lbind_opt_string(L, 2, "longer", "names_to");
    values_to = ov_lbind_opt_string(L, 2, "longer", "values_to");
    drop = ov_lbind_opt_bool(L, 2, "longer", "drop_missing", 0);
    cols = name_list(L, 2, "longer", "cols", &n);
    if (cols != NULL && pattern != NULL)
        return luaL_error(L, "longer: give cols or pattern, not both");
    if (cols == NULL && pattern == NULL)
        return luaL_error(L, "longer: give the columns to stack: cols = {\"2019\", "
                             "\"2020\"} or a Lua pattern over their names, pattern = "
                             "\"^20%%d%%d$\"");
    if (pattern != NULL)
        cols = pattern_names(L, t, pattern, &n);
    if (names_to == NULL)
        names_to = "name";
    if (values_to == NULL)
        values_to = "value";
    slot = ov_lbind_new_table(L);
    if (ov_query_longer(t, cols, n, names_to, values_to, drop, &r, &err) != OV_OK)
        return ov_lbind_error(L, "longer", &err);
    *slot = r;
    ov_strbuf_puts(&b, "longer{");
    if (pattern != NULL) {
        ov_strbuf_puts(&b, "pattern = ");
        quoted(&b, pattern);
    } else {
        quoted_list(&b, "cols", cols, n);
    }
    ov_strbuf_puts(&b, ", names_to = ");
    quoted(&b, names_to);
    ov_strbuf_puts(&b, ", values_to = ");
    quoted(&b, values_to);
    if (drop)
        ov_strbuf_puts(&b, ", drop_missing = true");
    ov_strbuf_putc(&b, '}');
    (void)ov_table_add_step(r, ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
    return 1;
}

static const char *const wider_options[] = {"names_from", "values_from", "id_cols",
                                            "agg", NULL};

static int
tbl_wider(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *names_from, *values_from, *aggname;
    const char **ids;
    size_t nid = 0;
    int agg = OV_AGG_NONE;
    ov_table **slot;
    ov_table *r = NULL;
    struct ov_err err;
    ov_strbuf b = OV_STRBUF_INIT;

    if (!lua_istable(L, 2))
        return luaL_error(L, "wider: give the columns, as in t:wider{ names_from = "
                             "\"year\", values_from = \"fte\" }");
    lua_settop(L, 2);
    ov_lbind_check_options(L, 2, "wider", wider_options);
    names_from = ov_lbind_opt_string(L, 2, "wider", "names_from");
    values_from = ov_lbind_opt_string(L, 2, "wider", "values_from");
    aggname = ov_lbind_opt_string(L, 2, "wider", "agg");
    ids = name_list(L, 2, "wider", "id_cols", &nid);
    if (names_from == NULL || values_from == NULL)
        return luaL_error(L, "wider: give names_from (the column whose values become "
                             "columns) and values_from (the column that fills them)");
    if (ids != NULL && nid == 0)
        return luaL_error(L, "wider: id_cols is empty; leave it out to use every other "
                             "column");
    if (aggname != NULL && (agg = ov_agg_from_name(aggname)) < 0)
        return luaL_error(L,
                          "wider: agg must be \"sum\", \"mean\", \"min\", \"max\", "
                          "\"count\", \"count_distinct\" or \"first\", not \"%s\"",
                          aggname);
    slot = ov_lbind_new_table(L);
    if (ov_query_wider(t, names_from, values_from, ids, nid, (enum ov_agg)agg, &r,
                       &err) != OV_OK)
        return ov_lbind_error(L, "wider", &err);
    *slot = r;
    ov_strbuf_puts(&b, "wider{names_from = ");
    quoted(&b, names_from);
    ov_strbuf_puts(&b, ", values_from = ");
    quoted(&b, values_from);
    if (ids != NULL) {
        ov_strbuf_puts(&b, ", ");
        quoted_list(&b, "id_cols", ids, nid);
    }
    if (aggname != NULL) {
        ov_strbuf_puts(&b, ", agg = ");
        quoted(&b, aggname);
    }
    ov_strbuf_putc(&b, '}');
    (void)ov_table_add_step(r, ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
    return 1;
}

void
ov_lbind_reshape_open(lua_State *L)
{
    luaL_getmetatable(L, OV_LBIND_TABLE_MT);
    lua_getfield(L, -1, "methods");
    /* the string library's find, taken now, before any script runs */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_getfield(L, -1, "find");
    lua_remove(L, -2);
    lua_remove(L, -2);
    lua_pushcclosure(L, tbl_longer, 1);
    lua_setfield(L, -2, "longer");
    lua_pushcfunction(L, tbl_wider);
    lua_setfield(L, -2, "wider");
    lua_pop(L, 2);
}
