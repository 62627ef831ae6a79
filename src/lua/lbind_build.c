/*
 * lbind_build.c - tables made in Lua rather than read from a file:
 * example() and new_table{}. Both go through the engine's
 * ov_table_from_text, so a table made here is typed exactly as load_csv
 * would type a file holding the same texts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "format.h"
#include "lbind.h"
#include "loader.h"
#include "ov_mem.h"
#include "stats.h"
#include "strbuf.h"
#include "value.h"

/* ---- example() ---- */

/* Ten made-up allegations against three forces, for trying things and for
 * the examples in help(): the same rows as tests/data/complaints.csv, whose
 * 1,233 bytes they are said to have. An empty text is a missing value. */
#define EXAMPLE_COLS 8
#define EXAMPLE_ROWS 10
#define EXAMPLE_BYTES 1233

static const char *const example_names[EXAMPLE_COLS] = {
    "complaint_id", "force",   "year",        "received",
    "category",     "outcome", "officer_age", "summary"};

static const char *const example_rows[EXAMPLE_ROWS][EXAMPLE_COLS] = {
    {"CO-001", "Essex Police", "2020", "2020-04-03", "Use of force",
     "No further action", "34",
     "Complainant says handcuffs were too tight, and \"hurt\""},
    {"CO-001", "Essex Police", "2020", "2020-04-03", "Individual behaviours",
     "Service level acceptable", "34", "Officer was rude"},
    {"CO-002", "Kent Police", "2020", "2020-05-11", "Delivery of duties and service",
     "Referred to misconduct proceedings", "51", "Call not answered for 40 minutes"},
    {"CO-003", "Essex Police", "2021", "2021-01-19", "Discriminatory behaviour",
     "Not upheld", "", "Alleges racial profiling\nduring a stop"},
    {"CO-004", "Norfolk Constabulary", "2021", "2021-02-02", "Use of force",
     "No further action", "29", ""},
    {"CO-005", "Essex Police", "2021", "2021-06-30", "Delivery of duties and service",
     "No further action", "NA", "Property not returned"},
    {"CO-006", "Kent Police", "2022", "2022-03-14", "Individual behaviours",
     "Reflective practice review process", "45",
     "Comments, \"sarcastic\", at the front desk"},
    {"CO-007", "Essex Police", "2022", "2022-08-08", "Use of force",
     "Referred to misconduct proceedings", "38", "Taser used on a man in crisis"},
    {"CO-008", "Norfolk Constabulary", "2022", "2022-09-21",
     "Delivery of duties and service", "Service level not acceptable", "27",
     "No update for 6 months"},
    {"CO-009", "Essex Police", "2023", "2023-01-05", "Individual behaviours",
     "No further action", "61", "Officer swore"},
};

/* Pushes a table made from texts in memory: names[ncols], then cells[i *
 * ncols + j] for rows i < nrows, all in `text`. It is typed exactly as
 * load_csv types a file holding those texts. With only_empty, only an
 * empty text is missing ("NA" stays text). */
static ov_table *
push_from_text(lua_State *L, const char *fname, const char *text,
               const struct ov_cell *names, size_t ncols, const struct ov_cell *cells,
               size_t nrows, const char *name, bool only_empty)
{
    static const char *const empty[] = {""};
    struct ov_load_opts o;
    struct ov_err err;
    ov_table **slot;

    ov_load_opts_init(&o);
    o.name = name;
    if (only_empty) {
        o.nulls = empty;
        o.nnulls = 1;
    }
    slot = ov_lbind_new_table(L);
    if (ov_table_from_text(text, names, ncols, cells, nrows, &o, slot, NULL, &err) !=
        OV_OK)
        ov_lbind_error(L, fname, &err);
    return *slot;
}

/* appends s to b as the text of *c */
static void
put_text(ov_strbuf *b, struct ov_cell *c, const char *s, size_t n)
{
    c->off = b->len;
    c->len = n;
    ov_strbuf_append(b, s, n);
}

/* example(): the built-in table */
static int
l_example(lua_State *L)
{
    ov_strbuf *b = ov_lbind_new_buf(L);
    struct ov_cell names[EXAMPLE_COLS], cells[EXAMPLE_ROWS * EXAMPLE_COLS];
    size_t i, j;
    ov_table *t;
    char a[32], n[48];

    for (j = 0; j < EXAMPLE_COLS; j++)
        put_text(b, &names[j], example_names[j], strlen(example_names[j]));
    for (i = 0; i < EXAMPLE_ROWS; i++)
        for (j = 0; j < EXAMPLE_COLS; j++)
            put_text(b, &cells[i * EXAMPLE_COLS + j], example_rows[i][j],
                     strlen(example_rows[i][j]));
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    t = push_from_text(L, "example", ov_strbuf_cstr(b), names, EXAMPLE_COLS, cells,
                       EXAMPLE_ROWS, "example", false);
    ov_table_set_fact(t, "source",
                      "oversight's built-in example: ten made-up allegations");
    ov_value_format_int_grouped(a, EXAMPLE_BYTES, ',');
    snprintf(n, sizeof n, "%s bytes", a);
    ov_table_set_fact(t, "size", n);
    ov_table_set_fact(t, "modified", "(built in)");
    return 1;
}

/* The number of rows of column c (at index 2, as { name, values }): its
 * values' `n` if it has one (as table.pack gives), else its largest row
 * number, so that nil in the middle is a missing value. Keys that are not
 * row numbers are an error rather than dropped. */
static lua_Integer
column_rows(lua_State *L, int c)
{
    lua_Integer n = 0, given = -1;
    const char *name;

    lua_rawgeti(L, 2, c);
    lua_rawgeti(L, -1, 1);
    name = lua_tostring(L, -1);
    lua_rawgeti(L, -2, 2);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            if (lua_tointeger(L, -1) > n)
                n = lua_tointeger(L, -1);
            continue;
        }
        if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "n") == 0) {
            lua_pushvalue(L, -1);
            lua_rawget(L, -3);
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
                luaL_error(L,
                           "new_table: column '%s' has n = %s; n is its number of rows",
                           name, luaL_tolstring(L, -1, NULL));
            given = lua_tointeger(L, -1);
            lua_pop(L, 1);
            continue;
        }
        {
            const char *q = lua_type(L, -1) == LUA_TSTRING ? "'" : "";

            luaL_error(L,
                       "new_table: column '%s' has a key %s%s%s; its values are a list "
                       "indexed 1, 2, 3, ...",
                       name, q, luaL_tolstring(L, -1, NULL), q);
        }
    }
    if (given >= 0) {
        if (n > given)
            luaL_error(
                L, "new_table: column '%s' has a value at row %I, beyond its n = %I",
                name, n, given);
        n = given;
    }
    if (n > (lua_Integer)OV_MAX_ROWS) {
        char most[32];

        ov_value_format_int_grouped(most, (int64_t)OV_MAX_ROWS, ',');
        luaL_error(L, "new_table: column '%s' has %I rows; a table holds at most %s",
                   name, n, most);
    }
    lua_pop(L, 3);
    return n;
}

/* new_table{ name = { values }, ... } or new_table{ { "name", { values } }, ... }:
 * a table from Lua lists, its columns typed as load_csv types a file */
static int
l_new_table(lua_State *L)
{
    ov_strbuf *b;
    struct ov_cell *cells;
    int ncols = 0, c;
    lua_Integer nrows = 0, i;
    ov_table *t;

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    /* the columns as a list of { name, values } at index 2 */
    lua_newtable(L);
    if (lua_rawlen(L, 1) > 0) {
        lua_Integer k, len = (lua_Integer)lua_rawlen(L, 1);

        for (k = 1; k <= len; k++) {
            lua_rawgeti(L, 1, k);
            if (!lua_istable(L, -1) || lua_rawgeti(L, -1, 1) != LUA_TSTRING ||
                lua_rawgeti(L, -2, 2) != LUA_TTABLE)
                return luaL_error(
                    L, "new_table: give columns as { name = { values } } or as "
                       "{ { \"name\", { values } }, ... }");
            lua_pop(L, 2);
            lua_rawseti(L, 2, ++ncols);
        }
    } else {
        /* name = values: sorted by name, as Lua tables have no order */
        lua_Integer k, len;

        lua_newtable(L); /* the names, at 3 */
        lua_pushnil(L);
        while (lua_next(L, 1) != 0) {
            if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
                return luaL_error(L,
                                  "new_table: give columns as { name = { values } }");
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            lua_rawseti(L, 3, (lua_Integer)lua_rawlen(L, 3) + 1);
        }
        ov_lbind_sort_names(L, 3);
        len = (lua_Integer)lua_rawlen(L, 3);
        for (k = 1; k <= len; k++) {
            lua_createtable(L, 2, 0);
            lua_rawgeti(L, 3, k);
            lua_pushvalue(L, -1);
            lua_rawseti(L, -3, 1);
            lua_gettable(L, 1);
            lua_rawseti(L, -2, 2);
            lua_rawseti(L, 2, ++ncols);
        }
        lua_settop(L, 2);
    }
    if (ncols == 0)
        return luaL_error(L, "new_table: give at least one column");
    /* every column as long as the first, holes being missing values */
    for (c = 1; c <= ncols; c++) {
        lua_Integer n = column_rows(L, c);

        if (c == 1) {
            nrows = n;
            continue;
        }
        if (n != nrows) {
            lua_rawgeti(L, 2, 1);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, 2, c);
            lua_rawgeti(L, -1, 1);
            return luaL_error(
                L,
                "new_table: columns of different lengths: '%s' has %I "
                "row%s, '%s' has %I; give n = the length in a column that "
                "ends with missing values ({ 1, nil, n = 3 })",
                lua_tostring(L, -3), nrows, nrows == 1 ? "" : "s", lua_tostring(L, -1),
                n);
        }
    }
    /* every text in one buffer, and where each cell's is: both freed by the
     * collector (the stack is used below) */
    b = ov_lbind_new_buf(L);
    if ((size_t)nrows + 1 > SIZE_MAX / sizeof *cells / (size_t)ncols)
        return luaL_error(L, "not enough memory");
    cells =
        lua_newuserdatauv(L, ((size_t)nrows + 1) * (size_t)ncols * sizeof *cells, 0);
    for (c = 1; c <= ncols; c++) {
        size_t len;
        const char *name;

        lua_rawgeti(L, 2, c);
        lua_rawgeti(L, -1, 1);
        name = lua_tolstring(L, -1, &len);
        put_text(b, &cells[c - 1], name, len);
        lua_pop(L, 2);
    }
    for (i = 1; i <= nrows; i++) {
        for (c = 1; c <= ncols; c++) {
            struct ov_cell *cell = &cells[(size_t)i * (size_t)ncols + (size_t)(c - 1)];

            lua_rawgeti(L, 2, c);
            lua_rawgeti(L, -1, 2);
            switch (lua_rawgeti(L, -1, i)) {
            case LUA_TNIL:
                cell->off = OV_CELL_MISSING;
                cell->len = 0;
                break;
            case LUA_TNUMBER:
                if (!lua_isinteger(L, -1)) {
                    /* every digit the double needs: tostring's 14 would
                     * make 0.1 + 0.2 into 0.3 */
                    char num[OV_VALUE_TEXT_MAX];

                    put_text(
                        b, cell, num,
                        ov_value_format_float(num, lua_tonumber(L, -1), OV_FLOAT_PY));
                    break;
                }
                /* FALLTHROUGH */
            case LUA_TSTRING:
            case LUA_TBOOLEAN: {
                size_t len;
                const char *v = luaL_tolstring(L, -1, &len);

                put_text(b, cell, v, len);
                lua_pop(L, 1);
                break;
            }
            case LUA_TUSERDATA:
                /* a figure (a cell of a percentage column): its value */
                if (ov_lbind_test_figure(L, -1) != NULL) {
                    char num[OV_VALUE_TEXT_MAX];
                    double v = ov_lbind_test_figure(L, -1)->value;

                    put_text(b, cell, num, ov_value_format_float(num, v, OV_FLOAT_PY));
                    break;
                }
                /* FALLTHROUGH */
            default:
                return luaL_error(L,
                                  "new_table: row %I of column %d is a %s; values are "
                                  "numbers, strings or booleans",
                                  i, c, luaL_typename(L, -1));
            }
            lua_pop(L, 3);
        }
    }
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    t = push_from_text(L, "new_table", ov_strbuf_cstr(b), cells, (size_t)ncols,
                       cells + ncols, (size_t)nrows, "table", true);
    ov_table_set_fact(t, "source", "made from Lua values with new_table");
    return 1;
}

void
ov_lbind_build_open(lua_State *L)
{
    lua_pushcfunction(L, l_example);
    lua_setglobal(L, "example");
    lua_pushcfunction(L, l_new_table);
    lua_setglobal(L, "new_table");
}
