/*
 * check_complete.c - Tab completion candidates from the text of a line:
 * globals, methods after ':', fields after '.', column names in a method's
 * quotes and in expressions, dot-commands and their arguments, files.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "complete.h"
#include "luarun.h"
#include "suites.h"

static lua_State *L;

static void
setup(void)
{
    L = ov_lua_new(NULL);
    ck_assert_ptr_nonnull(L);
    ck_assert_int_eq(luaL_dostring(L,
                                   "t = load_csv('" OV_TEST_DATA "/complaints.csv')\n"
                                   "tbl = { alpha = 1, beta = print }"),
                     LUA_OK);
}

static void
teardown(void)
{
    ov_lua_close(L);
}

/* the candidates for the word at the end of line (starting at `start`),
 * joined with spaces */
static const char *
offer(const char *line, size_t start, bool *open)
{
    static char out[2048];
    bool keep = false;
    char **c = ov_complete(L, line, start, line + start, &keep);
    size_t k = 0;

    out[0] = '\0';
    for (char **p = c; p != NULL && *p != NULL; p++)
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", k ? " " : "", *p);
    ov_complete_free(c);
    if (open != NULL)
        *open = keep;
    ck_assert_int_eq(lua_gettop(L), 0);
    return out;
}

START_TEST(test_globals_and_keywords)
{
    ck_assert_str_eq(offer("load_", 0, NULL), "load_csv load_sheet load_sqlite");
    ck_assert_str_eq(offer("load_c", 0, NULL), "load_csv");
    ck_assert_str_eq(offer("x = exa", 4, NULL), "example");
    ck_assert_str_eq(offer("whi", 0, NULL), "while");
}
END_TEST

START_TEST(test_members)
{
    ck_assert_str_eq(offer("t:fr", 2, NULL), "freq");
    ck_assert_str_eq(offer("t:s", 2, NULL),
                     "sample schema select shown sort summary suppress");
    ck_assert_str_eq(offer("ov.disp", 3, NULL), "display");
    ck_assert_str_eq(offer("tbl.", 4, NULL), "alpha beta");
    ck_assert_str_eq(offer("tbl:", 4, NULL), "beta"); /* only functions after ':' */
    ck_assert_str_eq(offer("nosuch:x", 7, NULL), "");
}
END_TEST

START_TEST(test_columns_in_quotes)
{
    bool open = true;

    ck_assert_str_eq(offer("t:freq(\"ou", 8, &open), "outcome");
    ck_assert(!open);
    ck_assert_str_eq(offer("t:select(\"force\", \"c", 19, NULL),
                     "category complaint_id");
    ck_assert_str_eq(offer("t:sort(\"-ye", 8, NULL), "-year");
    ck_assert_str_eq(offer("t:where(\"year >= 2020 and fo", 9, &open),
                     "year >= 2020 and force");
    ck_assert(open); /* the expression goes on: no closing quote */
    ck_assert_str_eq(offer("x = \"ou", 5, NULL), ""); /* just a string */
}
END_TEST

/* inside a table argument, along a chain, and values inside a literal of
 * an expression (issue 18, item 1) */
START_TEST(test_tables_chains_values)
{
    bool open = false;

    ck_assert_str_eq(offer("t:mutate{ a = \"off", 15, &open), "officer_age");
    ck_assert(open);
    ck_assert_str_eq(offer("t:mutate({ a = \"off", 16, NULL), "officer_age");
    ck_assert_str_eq(offer("t:agg{ a = \"sum(off", 12, NULL), "sum(officer_age");
    ck_assert_str_eq(
        offer("t:group_by(\"force\"):agg{ n = \"count_distinct(compl", 30, NULL),
        "count_distinct(complaint_id");
    ck_assert_str_eq(offer("t:where(\"year > 2020\"):freq(\"out", 29, NULL), "outcome");
    ck_assert_str_eq(offer("t:where(\"year > 2020\"):sort(\"-ye", 29, NULL), "-year");
    ck_assert_str_eq(offer("t:where(\"force == 'Ess", 19, &open), "Essex Police");
    ck_assert(open);
    ck_assert_str_eq(offer("t:where(\"force ~= 'K", 19, NULL), "Kent Police");
    ck_assert_str_eq(offer("t:where(\"force in ('Essex Police', 'K", 36, NULL),
                     "Kent Police");
    ck_assert_str_eq(offer("t:where(\"nosuch == 'K", 20, NULL), "");
    /* as readline gives it: the word from the string's quote on */
    ck_assert_str_eq(offer("t:where(\"force == 'Ess", 9, NULL),
                     "force == 'Essex Police");
    ck_assert_str_eq(offer("x = { a = \"ou", 11, NULL), ""); /* a table of its own */
}
END_TEST

/* completion reads tables raw: a user's __index (here one that marks
 * `ran`) never runs, whatever the line asks for (issue 12) */
START_TEST(test_runs_no_user_code)
{
    ck_assert_int_eq(luaL_dostring(L, "ran = 0\n"
                                      "local mt = {}\n"
                                      "mt.__index = function() ran = ran + 1 end\n"
                                      "setmetatable(mt, mt)\n"
                                      "obj = setmetatable({}, mt)\n"
                                      "ov = setmetatable({}, mt)\n"
                                      "setmetatable(_G, mt)"),
                     LUA_OK);
    offer("obj:", 4, NULL);
    offer("obj.", 4, NULL);
    offer("dataset(\"", 9, NULL);
    offer("help(\"", 6, NULL);
    offer("t:", 2, NULL);
    offer("nosuch.x", 7, NULL);
    offer("pri", 0, NULL);
    lua_pushglobaltable(L);
    lua_pushliteral(L, "ran");
    lua_rawget(L, -2);
    ck_assert_int_eq(lua_tointeger(L, -1), 0);
    lua_pop(L, 2);
}
END_TEST

START_TEST(test_commands_and_files)
{
    ck_assert_str_eq(offer(".sch", 0, NULL), ".schema");
    ck_assert_str_eq(offer(".", 0, NULL), ".chart .help .load .mode .output .pager "
                                          ".quit .read .record .schema .tables .timer");
    ck_assert_str_eq(offer(".mode ma", 6, NULL), "markdown");
    ck_assert_str_eq(offer(".schema ", 8, NULL), "t");
    ck_assert_str_eq(offer(".help ti", 6, NULL), "timer");
    ck_assert_str_eq(offer(".load " OV_TEST_DATA "/compl", 6, NULL),
                     OV_TEST_DATA "/complaints.csv");
    ck_assert_str_eq(offer("load_csv(\"" OV_TEST_DATA "/lat", 10, NULL),
                     OV_TEST_DATA "/latin1.csv");
    ck_assert_str_eq(offer("help(\"cross", 6, NULL), "crosstab");
}
END_TEST

Suite *
make_complete_suite(void)
{
    Suite *s = suite_create("complete");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_globals_and_keywords);
    tcase_add_test(tc, test_members);
    tcase_add_test(tc, test_columns_in_quotes);
    tcase_add_test(tc, test_tables_chains_values);
    tcase_add_test(tc, test_commands_and_files);
    tcase_add_test(tc, test_runs_no_user_code);
    suite_add_tcase(s, tc);
    return s;
}
