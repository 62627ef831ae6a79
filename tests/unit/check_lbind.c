/*
 * check_lbind.c - tables in Lua: load_csv, the userdata's life (closing
 * twice, use after close), option errors that name the option and suggest;
 * and the query methods' arguments: each form a method accepts, and the
 * message for each it refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lbind.h"
#include "luarun.h"
#include "suites.h"
#include "testdir.h"

static lua_State *L;

static void
setup(void)
{
    L = ov_lua_new(NULL);
    ck_assert_ptr_nonnull(L);
    lua_pushstring(L, OV_TEST_DATA);
    lua_setglobal(L, "DATA");
}

/* the queries' fixture: the ten complaints, and rows(t) giving a table's
 * rows as Lua tables (through the per-row where, the one way in for now) */
static void
setup_queries(void)
{
    setup();
    ck_assert_int_eq(
        luaL_dostring(L, "t = load_csv(DATA .. '/complaints.csv')\n"
                         "function rows(x)\n"
                         "  local r = {}\n"
                         "  x:where(function(row) r[#r + 1] = row end)\n"
                         "  return r\n"
                         "end\n"
                         "function column(x, name)\n"
                         "  local v = {}\n"
                         "  for i, row in ipairs(rows(x)) do v[i] = row[name] end\n"
                         "  return table.concat(v, ',')\n"
                         "end"),
        LUA_OK);
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

#define ASSERT_OK(src)                                                                 \
    do {                                                                               \
        const char *e_ = run(src);                                                     \
        ck_assert_msg(e_ == NULL, "%s", e_);                                           \
    } while (0)

#define ASSERT_ERR(src, want)                                                          \
    do {                                                                               \
        const char *e_ = run(src);                                                     \
        ck_assert_msg(e_ != NULL && strstr(e_, want) != NULL, "got '%s', want '%s'",   \
                      e_ ? e_ : "(no error)", want);                                   \
    } while (0)

START_TEST(test_load_and_inspect)
{
    ASSERT_OK("t = load_csv(DATA .. '/complaints.csv')\n"
              "assert(#t == 10)\n"
              "assert(#t:names() == 8 and t:names()[2] == 'force')\n"
              "assert(tostring(t):find('10 rows × 8 columns', 1, true))\n"
              "assert(getmetatable(t).__name == 'ov.Table')");
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

/* issue 12's red team: __close freed the table at once while a C method
 * that had called back into Lua still used it (a use after free that was
 * turned into a --safe bypass). Every way Lua code can close or free a
 * table under a method's feet: the method finishes on the data it had. */
START_TEST(test_callback_cannot_free_its_table)
{
    ov_testdir_make("lbind");
    lua_pushstring(L, ov_testdir_path("out.csv"));
    lua_setglobal(L, "OUT");
    /* a where function closes t, then fills the heap */
    ASSERT_OK(
        "local t, n = example(), 0\n"
        "local r = t:where(function(row)\n"
        "  n = n + 1\n"
        "  if n == 1 then\n"
        "    do local x <close> = t end\n"
        "    local j = {} for i = 1, 2000 do j[i] = ('A'):rep(8 * (i % 64 + 1)) end\n"
        "  end\n"
        "  return row.force == 'Essex Police'\n"
        "end)\n"
        "assert(#r == 6 and r[6].complaint_id == 'CO-009', tostring(r))\n"
        "assert(not pcall(function() return #t end))");
    /* write's options read through __index, which closes t */
    ASSERT_OK("local t = example()\n"
              "t:write(OUT, setmetatable({}, { __index = function()\n"
              "  do local x <close> = t end collectgarbage() end }))\n"
              "assert(#load_csv(OUT) == 10)");
    /* __gc called by hand in the callback closes the table, frees nothing */
    ASSERT_OK("local t = example()\n"
              "local r = t:where(function() getmetatable(t).__gc(t) collectgarbage()\n"
              "  local j = {} for i = 1, 2000 do j[i] = ('B'):rep(i % 200) end return "
              "true end)\n"
              "assert(#r == 10 and r[10].summary == 'Officer swore')\n"
              "assert(tostring(t) == 'table (closed)')");
    ASSERT_ERR("local t = example() getmetatable(t).__gc(t) return #t",
               "use of a closed table");
    ASSERT_ERR(
        "local t = example() local c = t:col('year') getmetatable(t).__close(t)\n"
        "return c:sum()",
        "use of a column of a closed table");
    ov_testdir_remove();
}
END_TEST

/* A weak-keyed table hands back a table the collector has queued for
 * __gc (Lua keeps such keys one more cycle): a method on it would have its
 * table freed by that __gc midway. It counts as closed. */
START_TEST(test_table_waiting_for_gc_is_closed)
{
    /* the collector's steps usually reach the state in 3 rounds; with
     * another string hash seed they may take longer or never get there:
     * what matters is that no round uses freed memory (ASan, valgrind) */
    const char *e =
        run("collectgarbage('stop') collectgarbage('incremental', 100, 1, 0)\n"
            "local wk = setmetatable({}, { __mode = 'k' })\n"
            "wk[example():where('year > 2020')] = true\n"
            "for i = 1, 2000 do\n"
            "  collectgarbage('step', 0)\n"
            "  local k = next(wk)\n"
            "  if k == nil then break end\n"
            "  k:where(function(row)\n"
            "    for j = 1, 50 do collectgarbage('step', 0) end\n"
            "    local j = {} for m = 1, 200 do j[m] = ('B'):rep(m) end\n"
            "    return row.force ~= nil\n"
            "  end)\n"
            "end\n"
            "collectgarbage('restart')");

    ck_assert_msg(e == NULL || strstr(e, "use of a closed table") != NULL, "%s", e);
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
    ASSERT_ERR("load_csv(DATA .. '/complaints.csv', { 1, 2 })", "options are named");
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

/* issue 13: with no ui the Lua layer knows no terminal (plain tables, the
 * width of the display options, COLUMNS unread); the ui's callbacks are
 * what tell it otherwise */
static bool
yes(void)
{
    return true;
}

static size_t
width77(void)
{
    return 77;
}

START_TEST(test_terminal_only_through_ui)
{
    struct ov_fmt_opts o, dflt;
    struct ov_ui ui = {0};

    setenv("COLUMNS", "33", 1);
    ov_lbind_display(L, &o);
    dflt = ov_lbind_ui(L)->display;
    ck_assert_int_eq(o.mode, OV_FMT_PLAIN);
    ck_assert_uint_eq(o.width, dflt.width);
    ov_fmt_opts_init(&ui.display, OV_FMT_PLAIN);
    ui.auto_mode = true;
    ui.notes = stderr;
    ui.stdout_is_terminal = yes;
    ui.terminal_width = width77;
    ov_lbind_set_ui(L, &ui);
    ov_lbind_display(L, &o);
    ck_assert_int_eq(o.mode, OV_FMT_BOX);
    ck_assert_uint_eq(o.width, 77);
    unsetenv("COLUMNS");
}
END_TEST

/* print writes to the ui's out, the REPL's results go the same way */
START_TEST(test_print_to_ui_out)
{
    struct ov_ui ui = {0};
    char buf[64] = "";

    ov_fmt_opts_init(&ui.display, OV_FMT_PLAIN);
    ui.notes = stderr;
    ui.out = tmpfile();
    ck_assert_ptr_nonnull(ui.out);
    ov_lbind_set_ui(L, &ui);
    ASSERT_OK("print(1, 'a', nil, true)");
    rewind(ui.out);
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, ui.out));
    ck_assert_str_eq(buf, "1\ta\tnil\ttrue\n");
    fclose(ui.out);
}
END_TEST

/* the metatable keeps its registry name, as liolib's FILE* */
START_TEST(test_table_type_name)
{
    ASSERT_ERR("string.rep(example())", "got ov.Table");
}
END_TEST

/* a script's error("interrupted") is not Ctrl-C: where names the row */
START_TEST(test_interrupted_text_is_an_error)
{
    ASSERT_ERR("example():where(function() error('interrupted', 0) end)",
               "where: the function failed on row 1: interrupted");
}
END_TEST

START_TEST(test_null_option)
{
    ASSERT_OK("t = load_csv(DATA .. '/complaints.csv', { null = { '', 'NA' } })\n"
              "assert(#t == 10)");
}
END_TEST

START_TEST(test_where_forms)
{
    /* an expression, a table of equalities (lists mean "in"), a function */
    ASSERT_OK("assert(column(t:where(\"force == 'Essex Police' and year >= 2022\"),\n"
              "                     'complaint_id') == 'CO-007,CO-009')");
    ASSERT_OK(
        "assert(column(t:where{ force = 'Kent Police', year = 2022 }, 'complaint_id')\n"
        "       == 'CO-006')");
    ASSERT_OK("assert(#t:where{ year = { 2020, 2023 } } == 4)");
    ASSERT_OK(
        "assert(column(t:where(function(r) return r.officer_age and r.officer_age > 50 "
        "end), 'officer_age') == '51,61')");
    /* the literal is quoted, so a value with a quote is still one value */
    ASSERT_OK("assert(#t:where{ summary = 'Officer swore' } == 1)\n"
              "assert(#t:where{ summary = \"it's\" } == 0)");
    ASSERT_ERR("t:where('focre == 1')",
               "where: no column 'focre'; did you mean 'force'?");
    ASSERT_ERR("t:where('year >= ')", "expected a value after '>=', found the end");
    ASSERT_ERR("t:where(42)", "where: give a condition as a string");
    ASSERT_ERR("t:where{}", "where: the table of equalities is empty");
    ASSERT_ERR("t:where{ year = {} }", "where: the list for 'year' is empty");
    ASSERT_ERR("t:where(function(r) error('boom') end)",
               "where: the function failed on row 1:");
}
END_TEST

/* where{} and c:sum() build their expression from names and values: errors
 * name the column, never show text the user did not write */
START_TEST(test_shortcuts_name_the_column)
{
    ASSERT_ERR("t:where{ forse = 'Essex Police' }",
               "where: no column 'forse'; did you mean 'force'?");
    ASSERT_ERR("t:where{ force = 2020 }",
               "where: column 'force' is text, not a whole number (2020)");
    ASSERT_ERR("t:where{ year = { 2020, 'x' } }",
               "where: column 'year' is a whole number, not text ('x')");
    ASSERT_ERR("t:where{ received = 'soon' }", "where: 'soon' is not a date");
    ASSERT_OK("assert(#t:where{ received = '2020-04-03', officer_age = 34 } == 2)\n"
              "assert(#t:where{ summary = 'it\\'s `x`' } == 0)");
    ASSERT_ERR("t:col('force'):sum()", "sum: column 'force' is text, not a number");
    ASSERT_ERR("t:col('received'):mean()",
               "mean: column 'received' is a date, not a number");
    ASSERT_OK("local r = new_table{ ['a`b'] = { 1, 2 } }\n"
              "assert(r:col('a`b'):sum() == 3 and #r:where{ ['a`b'] = 2 } == 1)");
}
END_TEST

START_TEST(test_column_methods)
{
    ASSERT_OK("local s = t:select('year', 'force')\n"
              "assert(#s:names() == 2 and s:names()[1] == 'year')\n"
              "assert(#t:select{ 'force' }:names() == 1)\n"
              "assert(#t:drop('summary', 'received'):names() == 6)\n"
              "local r = t:rename{ force = 'police_force' }\n"
              "assert(r:names()[2] == 'police_force' and t:names()[2] == 'force')");
    ASSERT_ERR("t:select('forse')", "did you mean 'force'?");
    ASSERT_ERR("t:select(1)",
               "select: argument 1 must be a column name (a string), not number");
    /* stable multi-key sort, '-' descending, missing last either way */
    ASSERT_OK(
        "assert(column(t:sort('-year', 'complaint_id'), 'complaint_id') ==\n"
        "       "
        "'CO-009,CO-006,CO-007,CO-008,CO-003,CO-004,CO-005,CO-001,CO-001,CO-002')\n"
        "assert(column(t:sort('officer_age'), 'officer_age') == "
        "'27,29,34,34,38,45,51,61')\n"
        "assert(rows(t:sort('-officer_age'))[10].officer_age == nil)");
    ASSERT_OK("assert(column(t:head(2), 'complaint_id') == 'CO-001,CO-001')\n"
              "assert(column(t:tail(2), 'complaint_id') == 'CO-008,CO-009')\n"
              "assert(#t:head(100) == 10 and #t:head(0) == 0)");
    /* a seed gives the same sample every time, without repeats */
    ASSERT_OK("local a = column(t:sample(4, 7), 'complaint_id')\n"
              "assert(a == column(t:sample(4, 7), 'complaint_id'))\n"
              "assert(#t:sample(20, 1) == 10)");
    ASSERT_OK("assert(column(t:distinct('force'), 'force') ==\n"
              "       'Essex Police,Kent Police,Norfolk Constabulary')\n"
              "assert(#t:distinct() == 10)");
}
END_TEST

START_TEST(test_mutate_and_aggregate)
{
    ASSERT_OK("local m = t:mutate{ since = 'year - 2020', half = 'officer_age / 2' }\n"
              "assert(column(m:head(3), 'since') == '0,0,0')\n"
              "assert(rows(m)[5].half == 14.5)\n"
              "assert(rows(m)[4].half == nil)");
    /* the list form keeps the order given */
    ASSERT_OK(
        "local g = t:group_by('force'):agg{ { 'n', 'count()' }, { 'age', "
        "'median(officer_age)' } }\n"
        "assert(g:names()[2] == 'n' and g:names()[3] == 'age')\n"
        "assert(column(g, 'n') == '6,2,2' and column(g, 'age') == '36.0,48.0,28.0')");
    ASSERT_OK("local g = t:group_by('force', 'year'):agg{ n = 'count()' }\n"
              "assert(#g == 8)\n"
              "local a = t:agg{ n = 'count()', forces = 'count_distinct(force)', "
              "ref = \"pct(outcome == 'Referred to misconduct proceedings')\" }\n"
              "local r = rows(a)[1]\n"
              "assert(r.n == 10 and r.forces == 3 and r.ref.value == 20)\n"
              /* a percentage cell is its figure: == with a number is
               * Lua's raw equality, so compare .value or a figure */
              "assert(r.ref.kind == 'pct' and r.ref.part == 2 and r.ref.whole == 10)\n"
              "assert(r.ref == pct(2, 10) and r.ref > 19.9 and r.ref <= 20)");
    ASSERT_ERR("t:group_by('force'):agg{ n = 'count(' }", "agg: ");
    ASSERT_ERR("t:group_by('force'):agg{ n = 'officer_age' }", "agg");
    ASSERT_ERR("t:group_by('force'):where('x')",
               "a grouped table has only :agg{...} and :mutate{...}, not 'where'");
    ASSERT_ERR("t:group_by('forc')", "did you mean 'force'?");
    /* window functions: g:mutate in an order, rows where they were, the
     * step in the provenance; row 1 of each force is its latest year */
    ASSERT_OK(
        "local w = t:group_by('force'):mutate({ n = 'row_number()', prev = "
        "'lag(year)' },\n"
        "  { order_by = { '-year', 'complaint_id' } })\n"
        "assert(#w == 10 and column(w, 'complaint_id') == column(t, "
        "'complaint_id'))\n"
        "local latest = {}\n"
        "for _, r in w:rows() do if r.n == 1 then latest[r.force] = r.year end "
        "end\n"
        "for _, r in t:group_by('force'):agg{ y = 'max(year)' }:rows() do\n"
        "  assert(latest[r.force] == r.y) end\n"
        "assert(w:provenance():find('group_by(\"force\"):mutate({...}, { order_by "
        "= { \"-year\", \"complaint_id\" } })', 1, true))\n"
        "local c = t:mutate({ run = 'cumsum(officer_age)' }, { order_by = "
        "'complaint_id' })\n"
        "assert(rows(c:sort('complaint_id'))[10].run == 319)");
    ASSERT_ERR("t:group_by('force'):mutate({ p = 'lag(year)' }, { order = 'year' })",
               "unknown option 'order'; did you mean 'order_by'?");
    ASSERT_ERR("t:mutate({ p = 'lag(year)' }, { order_by = 3 })",
               "order_by must be a column name or a list");
    ASSERT_ERR("t:mutate({ p = 'lag(year)' }, { order_by = { 3 } })",
               "order_by must list column names");
    ASSERT_ERR("t:where('lag(year) > 2020')", "lag(year) is a window function");
}
END_TEST

/* issue 12's red team: a grouped table was a plain Lua table whose keys
 * agg trusted: a string, a file or a table in their place crashed it */
START_TEST(test_grouped_cannot_be_forged)
{
    ASSERT_ERR("local g = t:group_by('force') rawset(g, 'keys', 'abcdef')",
               "bad argument #1 to 'rawset'");
    ASSERT_ERR("local g = t:group_by('force') g.keys = io.stdout", "cannot be changed");
    ASSERT_ERR("local g = t:group_by('force') debug.setuservalue(g, 'abcdef', 2)\n"
               "g:agg{ n = 'count()' }",
               "agg: the grouped table is damaged");
    ASSERT_ERR("local g = t:group_by('force') debug.setuservalue(g, { {} }, 2)\n"
               "g:agg{ n = 'count()' }",
               "agg: the grouped table is damaged");
    ASSERT_ERR("local g = t:group_by('force') debug.setuservalue(g, io.stdout, 1)\n"
               "g:agg{ n = 'count()' }",
               "agg: the grouped table is damaged");
    ASSERT_ERR("local g = t:group_by('force')\n"
               "g.agg({ table = t, keys = io.stdout }, { n = 'count()' })",
               "agg: call it on a grouped table");
    ASSERT_ERR("local g = t:group_by('force')\n"
               "getmetatable(g).__tostring({ keys = { {} } })",
               "call it on a grouped table");
    ASSERT_OK("local g = t:group_by('force', 'year')\n"
              "assert(tostring(g) == 'grouped by force, year: add :agg{ name = "
              "\"count()\", ... }')\n"
              "local k = g.keys k[1] = 'outcome'\n"
              "assert(#g:agg{ n = 'count()' } == 8 and g.table == t)");
}
END_TEST

START_TEST(test_freq_crosstab_join)
{
    ASSERT_OK("local f = t:freq('force')\n"
              "assert(table.concat(f:names(), ',') == 'force,n,pct,cum_pct')\n"
              "assert(column(f, 'n') == '6,2,2')\n"
              "local v = t:freq('officer_age')\n"
              "assert(v:names()[5] == 'valid_pct' and rows(v)[8].n == 2)");
    ASSERT_OK(
        "local c = t:crosstab('force', 'year')\n"
        "assert(table.concat(c:names(), ',') == 'force,2020,2021,2022,2023,Total')\n"
        "assert(column(c, 'Total') == '6,2,2,10')\n"
        "local p = t:crosstab('force', 'year', { pct = 'row' })\n"
        "assert(rows(p)[2]['2020'].value == 50 and tostring(rows(p)[2]['2020']) == "
        "'50.0%')");
    ASSERT_ERR("t:crosstab('force', 'year', { pct = 'rows' })", "pct");
    /* a key as a string or a list, options after either */
    ASSERT_OK(
        "local n = t:group_by('force'):agg{ forces = 'count()' }\n"
        "local j = t:join(n, 'force', { how = 'left' })\n"
        "assert(#j == 10 and column(j:head(3), 'forces') == '6,6,2')\n"
        "assert(#t:join(n:head(1), 'force') == 6)\n"
        "assert(#t:join(n:head(1), 'force', { how = 'left' }) == 10)\n"
        "assert(#t:join(t:select('complaint_id', 'year'), { 'complaint_id', 'year' }) "
        "== 12)");
    ASSERT_ERR("t:join(t, 'force', { how = 'outer' })",
               "join: how must be \"inner\" or \"left\"");
    ASSERT_ERR("t:join(t)", "join: give the key column");
    ASSERT_ERR("t:join(t, 'forse')", "did you mean 'force'?");
}
END_TEST

/* a column pins its table; closing the table is still seen */
START_TEST(test_column_pins_its_table)
{
    ASSERT_OK("c = load_csv(DATA .. '/complaints.csv'):col('officer_age')\n"
              "collectgarbage() collectgarbage()\n"
              "assert(#c == 10 and c:sum() == 319 and c[2] == 34 and c[4] == nil)");
    ASSERT_OK("do local t <close> = load_csv(DATA .. '/complaints.csv') d = "
              "t:col('force') end");
    ASSERT_ERR("return #d", "use of a column of a closed table");
    ASSERT_ERR("c.x = 1", "a column cannot be changed");
}
END_TEST

/* new_table: columns from Lua lists, typed by the loader; large enough to
 * outgrow any fixed buffer */
START_TEST(test_new_table)
{
    ASSERT_OK(
        "local a, b = {}, {}\n"
        "for i = 1, 5000 do a[i] = 'value, with \"quotes\" ' .. i; b[i] = i * 1.5 end\n"
        "b[7] = nil\n"
        "local t = new_table{ { 'text', a }, { 'x', b } }\n"
        "assert(#t == 5000 and t:names()[1] == 'text' and t:names()[2] == 'x')\n"
        "assert(t[3].text == 'value, with \"quotes\" 3' and t[3].x == 4.5)\n"
        "assert(t[7].x == nil and t:col('x'):missing() == 1)\n"
        "local u = new_table{ b = { 'NA', 'x' }, a = { true, false } }\n"
        "assert(u:names()[1] == 'a' and u[1].b == 'NA' and u[2].a == false)");
    ASSERT_ERR("new_table{}", "new_table: give at least one column");
    ASSERT_ERR("new_table{ x = { {} } }", "row 1 of column 1 is a table");
    ASSERT_ERR("new_table{ x = 5 }", "give columns as");
}
END_TEST

/* new_table keeps every row and every value: nil is a missing value even
 * alone in its row, `n` gives a length that ends in missing values, floats
 * keep all their digits, and columns of different lengths are refused */
START_TEST(test_new_table_loses_nothing)
{
    ASSERT_OK("local t = new_table{ a = { 1, nil, 3 } }\n"
              "assert(#t == 3 and t[2].a == nil and t[3].a == 3)\n"
              "t = new_table{ a = { nil, nil, 'x', nil, n = 5 } }\n"
              "assert(#t == 5 and t[3].a == 'x' and t:col('a'):missing() == 4)\n"
              "t = new_table{ s = { '', 'x' } }\n"
              "assert(#t == 2 and t[1].s == nil)\n"
              "t = new_table{ a = { 1, 2, nil, n = 4 }, b = { 1, 2, 3, 4 } }\n"
              "assert(#t == 4 and t[4].a == nil and t[4].b == 4)\n"
              "t = new_table{ { 'a', { n = 0 } }, { 'b', {} } }\n"
              "assert(#t == 0)\n"
              "local x = { 0.1 + 0.2, 1 / 3, 3.0, -1e300, 2^-1074 }\n"
              "t = new_table{ x = x }\n"
              "for i = 1, #x do assert(t[i].x == x[i], i) end\n"
              "t = new_table{ a = { '9007199254740993', '1.5' } }\n"
              "assert(t[1].a == '9007199254740993')");
    ASSERT_ERR(
        "new_table{ a = { 1, 2, 3 }, b = { 1, 2 } }",
        "new_table: columns of different lengths: 'a' has 3 rows, 'b' has 2; give n");
    ASSERT_ERR("new_table{ a = { 1, 2, nil }, b = { 1, 2, 3 } }",
               "'a' has 2 rows, 'b' has 3");
    ASSERT_ERR("new_table{ a = { 1, x = 2 } }",
               "column 'a' has a key 'x'; its values are a list");
    ASSERT_ERR("new_table{ a = { 1, [2.5] = 2 } }", "column 'a' has a key 2.5");
    ASSERT_ERR("new_table{ a = { [0] = 1 } }", "column 'a' has a key 0");
    ASSERT_ERR("new_table{ a = { 1, 2, 3, n = 2 } }",
               "column 'a' has a value at row 3, beyond its n = 2");
    ASSERT_ERR("new_table{ a = { n = -1 } }",
               "column 'a' has n = -1; n is its number of rows");
}
END_TEST

/* a one-column table with missing values written and read back: every row
 * returns (an empty line would be skipped as blank) */
START_TEST(test_one_column_round_trip)
{
    ASSERT_OK("local p = os.tmpname()\n"
              "for _, fmt in ipairs{ 'csv', 'tsv' } do\n"
              "  local t = example():select('officer_age')\n"
              "  assert(#t == 10 and t:col('officer_age'):missing() == 2)\n"
              "  t:write(p, { format = fmt })\n"
              "  local u = load_csv(p, { delim = fmt == 'tsv' and '\\t' or ',' })\n"
              "  assert(#u == 10, fmt .. ': ' .. #u .. ' rows')\n"
              "  for i = 1, 10 do assert(u[i].officer_age == t[i].officer_age) end\n"
              "  u = new_table{ a = { 1, nil, 3 } }\n"
              "  u:write(p, { format = fmt })\n"
              "  assert(#load_csv(p) == 3)\n"
              "end\n"
              "os.remove(p)");
}
END_TEST

/* figures are values: arithmetic and comparison as numbers */
START_TEST(test_figures_as_values)
{
    ASSERT_OK("local x = pct(7, 3787)\n"
              "assert(tostring(x) == '0.2%' and x.part == 7 and x.whole == 3787)\n"
              "assert(x < 1 and x < 0.2 and not (x > 0.2) and x > 0.18)\n"
              "assert(math.abs(x + 1 - 1.18484288) < 1e-8 and -x < 0)\n"
              "assert(pct(1, 8) == pct(2, 16) and pct(1, 3) ~= pct(1, 4))\n"
              "assert(pct(1, 16):round(1) == 6.3 and pct(1, 16):round(0) == 6)\n"
              "assert(math.type(pct(1, 16):round(0)) == 'integer')\n"
              "assert(change(100, 110).old == 100 and change(100, 110).new == 110)\n"
              "assert(rate(1, 2, 1000).per == 1000 and pp(92, 91).x == 92)");
    ASSERT_ERR("return pct(1, 0)", "pct: the whole is 0");
    ASSERT_ERR("return pct('7', 10)", "pct: the part must be a number, not string");
    ASSERT_ERR("return pct(1, 2) + {}", "cannot add a figure and table");
    ASSERT_ERR("return pct(1, 2):round(12)", "places must be from 0 to 9");
    ASSERT_ERR("return check('most', 1, 2)", "check: no figure in 'most'");
    ASSERT_ERR("return check('0.2%', 1, 2, { amongst = {} })",
               "the only option is 'among'");
}
END_TEST

/* t:recode's Lua side: the rules run once per distinct value, through the
 * string library as it was opened, and a callback cannot pull the table
 * from under the recode */
START_TEST(test_recode_lua)
{
    /* once per distinct value, not per row */
    ASSERT_OK("local calls = 0\n"
              "local r, a = t:recode('force', function(v) calls = calls + 1 return "
              "v:lower() end)\n"
              "assert(calls == #t:distinct('force'), calls)\n"
              "assert(#r == #t and #a == calls)\n"
              "assert(rows(r)[1].force == rows(t)[1].force:lower())");
    /* a script's string.find is not the one the patterns use */
    ASSERT_OK("local find = string.find\n"
              "string.find = function() return nil end\n"
              "local ok, r = pcall(t.recode_check, t, 'force', { { '^Essex', 'E' } }, "
              "{ other = 'x' })\n"
              "string.find = find\n"
              "assert(ok, r)\n"
              "assert(column(r:where(\"becomes == 'E'\"), 'value') == 'Essex Police')");
    /* the function closes t and churns the heap: the recode finishes */
    ASSERT_OK("local u = load_csv(DATA .. '/complaints.csv')\n"
              "local r, a = u:recode('force', function(v)\n"
              "  do local x <close> = u end collectgarbage()\n"
              "  return 'f' end)\n"
              "assert(#r == 10 and #a == 3)\n"
              "assert(not pcall(function() return #u end))");
    /* the audit stays with the result, not with tables made from it */
    ASSERT_OK(
        "local r, a = t:recode('force', { ['Kent Police'] = 'Kent' }, "
        "{ other = 'not Kent' })\n"
        "collectgarbage()\n"
        "assert(r:audit() == a)\n"
        "assert(not pcall(r.audit, r:head(2)))\n"
        "assert(select('#', t:recode('force', {}, { check = true, other = 'x' })) == "
        "1)");
    ASSERT_ERR("t:recode('force', function() return 'a\\0b' end)", "NUL byte");
    ASSERT_ERR("t:recode('force', {}, { into = '' })", "into must name");
    ASSERT_ERR("t:recode('force', { exact = {}, other = {} })",
               "exact = { ... } and pattern = { ... }");
    ASSERT_ERR("t:recode('force', { {'%', 'x'} })", "pattern rule 1 (\"%\")");
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
    tcase_add_test(tc, test_callback_cannot_free_its_table);
    tcase_add_test(tc, test_table_waiting_for_gc_is_closed);
    tcase_add_test(tc, test_option_errors);
    tcase_add_test(tc, test_rejects_always_a_table);
    tcase_add_test(tc, test_null_option);
    tcase_add_test(tc, test_terminal_only_through_ui);
    tcase_add_test(tc, test_print_to_ui_out);
    tcase_add_test(tc, test_table_type_name);
    tcase_add_test(tc, test_interrupted_text_is_an_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("queries");
    tcase_add_checked_fixture(tc, setup_queries, teardown);
    tcase_add_test(tc, test_where_forms);
    tcase_add_test(tc, test_recode_lua);
    tcase_add_test(tc, test_shortcuts_name_the_column);
    tcase_add_test(tc, test_column_methods);
    tcase_add_test(tc, test_mutate_and_aggregate);
    tcase_add_test(tc, test_freq_crosstab_join);
    tcase_add_test(tc, test_grouped_cannot_be_forged);
    tcase_add_test(tc, test_column_pins_its_table);
    tcase_add_test(tc, test_figures_as_values);
    tcase_add_test(tc, test_new_table);
    tcase_add_test(tc, test_new_table_loses_nothing);
    tcase_add_test(tc, test_one_column_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
