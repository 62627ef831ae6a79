/*
 * check_lbind.c - tables in Lua: load_csv, the userdata's life (closing
 * twice, use after close), option errors that name the option and suggest.
 */
#include <string.h>

#include <lauxlib.h>

#include "luarun.h"
#include "suites.h"

static lua_State *L;

static void
setup(void)
{
    L = ov_lua_new(NULL);
    ck_assert_ptr_nonnull(L);
    lua_pushstring(L, OV_TEST_DATA);
    lua_setglobal(L, "DATA");
}

static void
teardown(void)
{
    ov_lua_close(L);
}

/* runs src; returns NULL on success or the error message */
static const char *
run(const char *src)
{
    static char msg[1024];
    int top = lua_gettop(L);

    ck_assert_int_eq(luaL_loadstring(L, src), LUA_OK);
    if (ov_lua_docall(L, 0, 0) == LUA_OK) {
        ck_assert_int_eq(lua_gettop(L), top);
        return NULL;
    }
    snprintf(msg, sizeof msg, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    ck_assert_int_eq(lua_gettop(L), top);
    return msg;
}

#define ASSERT_OK(src)                                                                     \
    do {                                                                                   \
        const char *e_ = run(src);                                                         \
        ck_assert_msg(e_ == NULL, "%s", e_);                                               \
    } while (0)

#define ASSERT_ERR(src, want)                                                              \
    do {                                                                                   \
        const char *e_ = run(src);                                                         \
        ck_assert_msg(e_ != NULL && strstr(e_, want) != NULL, "got '%s', want '%s'",      \
                      e_ ? e_ : "(no error)", want);                                       \
    } while (0)

START_TEST(test_load_and_inspect)
{
    ASSERT_OK("t = load_csv(DATA .. '/complaints.csv')\n"
              "assert(#t == 10)\n"
              "assert(#t:names() == 8 and t:names()[2] == 'force')\n"
              "assert(tostring(t):find('10 rows × 8 columns', 1, true))\n"
              "assert(getmetatable(t).__name == 'table')");
}
END_TEST

START_TEST(test_close_is_idempotent)
{
    ASSERT_OK("do local t <close> = load_csv(DATA .. '/complaints.csv') kept = t end\n"
              "getmetatable(kept).__close(kept)\n"
              "getmetatable(kept).__gc(kept)\n"
              "collectgarbage()");
    ASSERT_ERR("return #kept", "use of a closed table");
    ASSERT_OK("assert(tostring(kept) == 'table (closed)')");
}
END_TEST

START_TEST(test_option_errors)
{
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { delimter = ';' })",
               "load_csv: unknown option 'delimter'; did you mean 'delim'?");
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { header = 'yes' })",
               "load_csv: option 'header' must be true or false, not string");
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { null = 5 })",
               "load_csv: option 'null' must be a string or a list of strings");
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { types = { yeer = 'int' } })",
               "did you mean 'year'?");
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { threads = 0 })",
               "option 'threads' must be from 1 to 64");
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { 1, 2 })",
               "options are named");
    ASSERT_ERR("load_csv(42)", "load_csv: 42: cannot open");
}
END_TEST

START_TEST(test_rejects_always_a_table)
{
    ASSERT_OK("r = load_csv(DATA .. '/complaints.csv'):rejects()\n"
              "assert(#r == 0 and #r:names() == 3 and r:names()[1] == 'line')\n"
              "s = load_csv(DATA .. '/ragged.csv', { on_ragged = 'skip' })\n"
              "assert(#s == 2 and #s:rejects() == 2)");
}
END_TEST

START_TEST(test_null_option)
{
    ASSERT_OK("t = load_csv(DATA .. '/complaints.csv', { null = { '', 'NA' } })\n"
              "assert(#t == 10)");
}
END_TEST

Suite *
make_lbind_suite(void)
{
    Suite *s = suite_create("lbind");
    TCase *tc = tcase_create("tables");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_load_and_inspect);
    tcase_add_test(tc, test_close_is_idempotent);
    tcase_add_test(tc, test_option_errors);
    tcase_add_test(tc, test_rejects_always_a_table);
    tcase_add_test(tc, test_null_option);
    suite_add_tcase(s, tc);
    return s;
}
