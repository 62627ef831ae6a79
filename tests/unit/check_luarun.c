/*
 * check_luarun.c - the Lua state: compiling typed input, the protected
 * call and its messages, Ctrl-C, and the memory limit.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "config.h"
#include "luamod.h"
#include "luarun.h"
#include "ov_mem.h"
#include "suites.h"

static lua_State *L;

static void
setup(void)
{
    L = ov_lua_new(NULL);
    ck_assert_ptr_nonnull(L);
}

static void
teardown(void)
{
    ov_lua_close(L);
    L = NULL;
    ov_mem_set_limit(0);
}

/* compiles and runs src as typed input; returns the pcall status */
static int
run(const char *src)
{
    enum ov_compile c =
        ov_lua_compile(L, src, strlen(src), "=stdin", 1, OV_COMPILE_EXPR);

    ck_assert_int_eq(c, OV_COMPILE_OK);
    return ov_lua_docall(L, 0, LUA_MULTRET);
}

START_TEST(test_state_has_ov_table)
{
    lua_getglobal(L, "ov");
    lua_getfield(L, -1, "version");
    ck_assert_str_eq(lua_tostring(L, -1), PACKAGE_VERSION);
    lua_pop(L, 2);
    ck_assert_int_eq(lua_gettop(L), 0);
}
END_TEST

START_TEST(test_expression_returns_its_value)
{
    ck_assert_int_eq(run("1+1"), LUA_OK);
    ck_assert_int_eq(lua_gettop(L), 1);
    ck_assert_int_eq(lua_tointeger(L, -1), 2);
    lua_pop(L, 1);
    ck_assert_int_eq(run("=6*7"), LUA_OK);
    ck_assert_int_eq(lua_tointeger(L, -1), 42);
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_statement_returns_nothing)
{
    ck_assert_int_eq(run("x = 5"), LUA_OK);
    ck_assert_int_eq(lua_gettop(L), 0);
    ck_assert_int_eq(run("x"), LUA_OK);
    ck_assert_int_eq(lua_tointeger(L, -1), 5);
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_unfinished_chunk_is_incomplete)
{
    const char *src = "for i = 1, 2 do";

    ck_assert_int_eq(ov_lua_compile(L, src, strlen(src), "=stdin", 1, OV_COMPILE_EXPR),
                     OV_COMPILE_INCOMPLETE);
    ck_assert_int_eq(lua_gettop(L), 0);
    /* at end of input the same text is an error that says why */
    ck_assert_int_eq(ov_lua_compile(L, src, strlen(src), "=stdin", 1, OV_COMPILE_FINAL),
                     OV_COMPILE_ERROR);
    ck_assert_msg(strstr(lua_tostring(L, -1), "<eof>") != NULL, "%s",
                  lua_tostring(L, -1));
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_syntax_error_points_at_source_line)
{
    const char *src = "x = = 1";

    ck_assert_int_eq(
        ov_lua_compile(L, src, strlen(src), "=lesson.lua", 5, OV_COMPILE_EXPR),
        OV_COMPILE_ERROR);
    ck_assert_msg(strncmp(lua_tostring(L, -1), "lesson.lua:5:", 13) == 0, "%s",
                  lua_tostring(L, -1));
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_runtime_error_message)
{
    ck_assert_int_eq(run("error('boom')"), LUA_ERRRUN);
    ck_assert_str_eq(lua_tostring(L, -1), "stdin:1: boom");
    lua_pop(L, 1);
    ck_assert_int_eq(run("error(setmetatable({}, {__tostring = function() "
                         "return 'custom' end}))"),
                     LUA_ERRRUN);
    ck_assert_str_eq(lua_tostring(L, -1), "custom");
    lua_pop(L, 1);
    ck_assert_int_eq(run("error({})"), LUA_ERRRUN);
    ck_assert_str_eq(lua_tostring(L, -1), "(error object is a table value)");
    lua_pop(L, 1);
    ck_assert_int_eq(lua_gettop(L), 0);
}
END_TEST

static void *
interrupt_later(void *arg)
{
    struct timespec ts = {0, 200 * 1000 * 1000};

    (void)arg;
    nanosleep(&ts, NULL);
    ov_lua_request_interrupt();
    return NULL;
}

/* runs src, interrupts it after 200 ms, and checks the message: exactly
 * "interrupted", though coroutine.wrap prefixes where it was resumed */
static void
assert_interrupted(const char *src, const char *want)
{
    pthread_t th;

    ck_assert_int_eq(pthread_create(&th, NULL, interrupt_later, NULL), 0);
    ck_assert_int_eq(run(src), LUA_ERRRUN);
    pthread_join(th, NULL);
    ck_assert_str_eq(lua_tostring(L, -1), want);
    lua_pop(L, 1);
}

START_TEST(test_interrupt_stops_a_loop_and_keeps_state)
{
    ck_assert_int_eq(run("kept = 41"), LUA_OK);
    assert_interrupted("while true do end", "interrupted");
    ck_assert_int_eq(run("kept + 1"), LUA_OK);
    ck_assert_int_eq(lua_tointeger(L, -1), 42);
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_interrupt_reaches_coroutines)
{
    assert_interrupted("coroutine.wrap(function() while true do end end)()",
                       "stdin:1: interrupted");
}
END_TEST

/* the state made again with --safe */
static void
make_safe(void)
{
    struct ov_lua_opts o = {.safe = true};

    ov_lua_close(L);
    L = ov_lua_new(&o);
    ck_assert_ptr_nonnull(L);
}

START_TEST(test_safe_interrupt_cannot_be_caught)
{
    /* without --safe, pcall catches the one "interrupted" it is raised:
     * the loop would go on. Under --safe every way of catching passes it on */
    static const char *const loops[] = {
        "while true do pcall(function() while true do end end) end",
        "while true do xpcall(function() while true do end end, function() return 1 "
        "end) end",
        "while true do coroutine.resume(coroutine.create(function() while true do end "
        "end)) "
        "end",
        "while true do load(function() while true do end end) end",
    };

    make_safe();
    for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++)
        assert_interrupted(loops[i], "interrupted");
    ck_assert_int_eq(run("1 + 1"), LUA_OK);
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_safe_no_finalizers)
{
    make_safe();
    ck_assert_int_eq(run("setmetatable({}, { __gc = function() end })"), LUA_ERRRUN);
    ck_assert_ptr_nonnull(strstr(lua_tostring(L, -1), "__gc finalizers are blocked"));
    lua_pop(L, 1);
    /* a metatable without __gc is fine; adding __gc later marks nothing */
    ck_assert_int_eq(run("local m = {} setmetatable({}, m) m.__gc = print return 1"),
                     LUA_OK);
    lua_pop(L, 1);
    /* userdata metatables cannot be reached to put a __gc in */
    ck_assert_int_eq(run("getmetatable(io.stdout).__gc = print"), LUA_ERRRUN);
    ck_assert_int_eq(run("getmetatable(example()).__index = nil"), LUA_ERRRUN);
    lua_pop(L, 2);
    ck_assert_int_eq(run("tostring(getmetatable(io.stdout))"), LUA_OK);
    ck_assert_str_eq(lua_tostring(L, -1), "metatable (protected by --safe)");
    lua_pop(L, 1);
}
END_TEST

/* every form of load, run plain and under --safe: the answers must be
 * the same (--safe's load returned nil, nil for load("return 1"), and gave
 * every chunk a nil _ENV when no env was passed) */
static const char load_forms[] =
    "local out = {}\n"
    "local function say(...)\n"
    "  local t = table.pack(...)\n"
    "  for i = 1, t.n do t[i] = type(t[i]) == 'function' and 'function' or "
    "tostring(t[i]) end\n"
    "  out[#out + 1] = t.n .. ':' .. table.concat(t, '|', 1, t.n)\n"
    "end\n"
    "local function run(f, ...) if not f then return say(f, ...) end say(pcall(f)) "
    "end\n"
    "x = 7\n"
    "say(load('return 1'))\n"
    "run(load('return 1'))\n"
    "run(load('return x'))\n"
    "say(load('return ('))\n"
    "run(load('error(\"e\")', '=name'))\n"
    "run(load('error(\"e\")', '@file.lua'))\n"
    "run(load('error(\"e\")'))\n"
    "run(load('return 3', nil))\n"
    "run(load('return 3', nil, nil))\n"
    "run(load('return x', 'c', 't'))\n"
    "run(load('return x', 'c', 'bt'))\n"
    "run(load('return y', 'c', 't', { y = 5 }))\n"
    "run(load('return y', 'c', nil, { y = 6 }))\n"
    "run(load('return x', 'c', 't', nil))\n"
    "run(load('return 1', 'c', 't', nil))\n"
    "run(load(123))\n"
    "local parts = { 'return ', '4', '2' }\n"
    "run(load(function() return table.remove(parts, 1) end))\n"
    "parts = { 'error(', '\"r\")' }\n"
    "run(load(function() return table.remove(parts, 1) end))\n"
    "parts = { 'error(', '\"r\")' }\n"
    "run(load(function() return table.remove(parts, 1) end, '=reader'))\n"
    "run(load(function() error('reader failed') end))\n"
    "run(load(function() return {} end))\n"
    "say(pcall(load, 'return 1', 'c', {}))\n"
    "say(pcall(load))\n"
    "return table.concat(out, '\\n')\n";

static char *
load_answers(bool safe)
{
    struct ov_lua_opts o = {.safe = safe};
    lua_State *S = ov_lua_new(&o);
    char *text;

    ck_assert_ptr_nonnull(S);
    ck_assert_int_eq(luaL_loadstring(S, load_forms), LUA_OK);
    ck_assert_int_eq(ov_lua_docall(S, 0, 1), LUA_OK);
    text = strdup(lua_tostring(S, -1));
    ov_lua_close(S);
    return text;
}

START_TEST(test_safe_load_answers_as_lua_does)
{
    char *plain = load_answers(false), *safe = load_answers(true);

    ck_assert_str_eq(safe, plain);
    /* and the answers are Lua's: spot checks */
    ck_assert_ptr_nonnull(strstr(plain, "1:function\n2:true|1\n2:true|7\n"));
    ck_assert_ptr_nonnull(strstr(plain, "2:false|name:1: e\n"));
    ck_assert_ptr_nonnull(strstr(plain, "2:true|42\n"));
    free(plain);
    free(safe);
}
END_TEST

START_TEST(test_interrupt_before_a_call_does_not_cancel_it)
{
    ov_lua_request_interrupt();
    ck_assert_int_eq(run("local n = 0 for i = 1, 100000 do n = n + i end return n"),
                     LUA_OK);
    ck_assert_int_eq(lua_tointeger(L, -1), 5000050000);
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_memory_limit_fails_cleanly)
{
    ov_mem_set_limit(ov_mem_used() + 8 * 1024 * 1024);
    ck_assert_int_eq(run("local t = {} for i = 1, 1e8 do t[i] = i end"), LUA_ERRMEM);
    /* Lua's own "not enough memory" is replaced by one naming the limit */
    ck_assert_ptr_nonnull(strstr(lua_tostring(L, -1), "memory limit of "));
    ck_assert_ptr_nonnull(strstr(lua_tostring(L, -1), "--max-memory"));
    lua_pop(L, 1);
    ov_mem_set_limit(0);
    ck_assert_int_eq(run("'still ' .. 'here'"), LUA_OK);
    ck_assert_str_eq(lua_tostring(L, -1), "still here");
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_loadfile_missing)
{
    ck_assert_int_ne(ov_lua_loadfile(L, "/nonexistent/x.lua"), LUA_OK);
    ck_assert_msg(strstr(lua_tostring(L, -1), "cannot open /nonexistent/x.lua") != NULL,
                  "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
}
END_TEST

/* the number of globals in L */
static int
count_globals(lua_State *S)
{
    int n = 0;

    lua_pushglobaltable(S);
    lua_pushnil(S);
    while (lua_next(S, -2) != 0) {
        lua_pop(S, 1);
        n++;
    }
    lua_pop(S, 1);
    return n;
}

START_TEST(test_module_in_a_plain_state)
{
    /* lua5.4's state: the module's functions, and the globals untouched */
    lua_State *S = luaL_newstate();
    int before;

    luaL_openlibs(S);
    lua_getglobal(S, "print");
    before = count_globals(S);
    lua_pushcfunction(S, luaopen_oversight);
    ck_assert_int_eq(lua_pcall(S, 0, 1, 0), LUA_OK);
    ck_assert_int_eq(count_globals(S), before);
    lua_getglobal(S, "print");
    ck_assert(lua_rawequal(S, -1, 1)); /* print is Lua's own */
    lua_pop(S, 1);
    ck_assert_int_eq(lua_getfield(S, -1, "load_csv"), LUA_TFUNCTION);
    ck_assert_int_eq(lua_getfield(S, -2, "version"), LUA_TSTRING);
    ck_assert_str_eq(lua_tostring(S, -1), PACKAGE_VERSION);
    ck_assert_int_eq(lua_getfield(S, -3, "print"), LUA_TNIL);
    ck_assert_int_eq(lua_getfield(S, -4, "ov"), LUA_TNIL);
    lua_close(S);
}
END_TEST

/* an allocator failing past `limit` bytes in use */
struct budget {
    size_t used, limit;
};

static void *
budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct budget *b = ud;
    size_t old = ptr != NULL ? osize : 0;
    void *p;

    if (nsize == 0) {
        free(ptr);
        b->used -= old;
        return NULL;
    }
    if (nsize > old && b->used + (nsize - old) > b->limit)
        return NULL;
    p = realloc(ptr, nsize);
    if (p != NULL)
        b->used += nsize - old;
    return p;
}

START_TEST(test_module_failing_leaves_globals)
{
    /* out of memory at every point of the opening in turn: the error is
     * a memory error and the state's global table is its own again */
    size_t extra;
    bool opened = false;

    for (extra = 0; !opened && extra < 4 << 20;
         extra += extra < 4096 ? 512 : extra / 2) {
        struct budget b = {0, (size_t)-1};
        lua_State *S = lua_newstate(budget_alloc, &b);
        int status;

        luaL_openlibs(S);
        lua_pushglobaltable(S);
        b.limit = b.used + extra;
        lua_pushcfunction(S, luaopen_oversight);
        status = lua_pcall(S, 0, 1, 0);
        b.limit = (size_t)-1;
        lua_pushglobaltable(S);
        ck_assert_msg(lua_rawequal(S, 1, -1), "globals replaced after %zu bytes",
                      extra);
        if (status == LUA_OK)
            opened = true;
        else
            ck_assert_int_eq(status, LUA_ERRMEM);
        lua_close(S);
    }
    ck_assert(opened);
}
END_TEST

START_TEST(test_shell_require_is_built_in)
{
    ck_assert_int_eq(run("local m = require 'oversight' return m.load_csv == load_csv "
                         "and m.pct == pct and m.display == ov.display and m.print == "
                         "nil and require 'oversight' == m"),
                     LUA_OK);
    ck_assert(lua_toboolean(L, -1));
    lua_pop(L, 1);
}
END_TEST

START_TEST(test_safe_require_is_built_in)
{
    struct ov_lua_opts o = {.safe = true};
    lua_State *S = ov_lua_new(&o);

    ck_assert_ptr_nonnull(S);
    ck_assert_int_eq(luaL_loadstring(S, "return require('oversight').load_csv == "
                                        "load_csv"),
                     LUA_OK);
    ck_assert_int_eq(ov_lua_docall(S, 0, 1), LUA_OK);
    ck_assert(lua_toboolean(S, -1));
    ov_lua_close(S);
}
END_TEST

Suite *
make_luarun_suite(void)
{
    Suite *s = suite_create("luarun");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_state_has_ov_table);
    tcase_add_test(tc, test_expression_returns_its_value);
    tcase_add_test(tc, test_statement_returns_nothing);
    tcase_add_test(tc, test_unfinished_chunk_is_incomplete);
    tcase_add_test(tc, test_syntax_error_points_at_source_line);
    tcase_add_test(tc, test_runtime_error_message);
    tcase_add_test(tc, test_interrupt_stops_a_loop_and_keeps_state);
    tcase_add_test(tc, test_interrupt_reaches_coroutines);
    tcase_add_test(tc, test_interrupt_before_a_call_does_not_cancel_it);
    tcase_add_test(tc, test_safe_interrupt_cannot_be_caught);
    tcase_add_test(tc, test_safe_no_finalizers);
    tcase_add_test(tc, test_safe_load_answers_as_lua_does);
    tcase_add_test(tc, test_memory_limit_fails_cleanly);
    tcase_add_test(tc, test_loadfile_missing);
    tcase_add_test(tc, test_module_in_a_plain_state);
    tcase_add_test(tc, test_module_failing_leaves_globals);
    tcase_add_test(tc, test_shell_require_is_built_in);
    tcase_add_test(tc, test_safe_require_is_built_in);
    suite_add_tcase(s, tc);
    return s;
}
