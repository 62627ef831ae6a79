/*
 * lbind_recode.c - t:recode(col, mapping [, opts]), t:recode_check(...) and
 * t:audit(): the rules of a mapping (exact values, Lua patterns, a
 * function) run here, once per distinct value of the column; the engine
 * (query_recode.h) applies the result to every row and writes the audit.
 * Registered by the opener list (lbind_open.c).
 */
#include "config.h"

#include "lbind.h"

#include <ctype.h>
#include <string.h>

#include <lauxlib.h>

#include "ov_error.h"
#include "query_recode.h"
#include "strbuf.h"
#include "value.h"

#define RECODE_MT "ov.Recode"
#define REG_AUDITS "ov.recode.audits" /* result table -> its audit (weak keys) */

/* the stack slots of a recode call */
enum { A_T = 1, A_COL, A_MAP, A_OPTS, S_EXACT, S_RULES, S_FN, S_BOX };

static const char *const recode_options[] = {"other", "into",    "case",
                                             "check", "missing", NULL};

static const char MAP_HELP[] =
    "give the mapping as a table of values ({ [\"Command Discipline A\"] = "
    "\"command discipline\" }), a list of pattern rules ({ {\"^Command "
    "Discipline\", \"command discipline\"}, ... }), both ({ exact = {...}, "
    "pattern = {...} }) or a function(v) returning the new value";

/* the engine's recode, in a box the collector frees: a Lua error while the
 * rules run cannot leak it */
static int
box_gc(lua_State *L)
{
    ov_recode **box = luaL_checkudata(L, 1, RECODE_MT);

    ov_recode_free(*box);
    *box = NULL;
    return 0;
}

/* pushes s[0..n) with ASCII letters lowered; in a pattern (pat), the
 * character after a % is left as it is (%A is not %a) */
static void
push_lower(lua_State *L, const char *s, size_t n, bool pat)
{
    luaL_Buffer b;
    size_t i;

    luaL_buffinit(L, &b);
    for (i = 0; i < n; i++) {
        if (pat && s[i] == '%' && i + 1 < n) {
            luaL_addchar(&b, s[i]);
            luaL_addchar(&b, s[++i]);
            continue;
        }
        luaL_addchar(&b, (char)tolower((unsigned char)s[i]));
    }
    luaL_pushresult(&b);
}

/* checks that the new value on top is text or false */
static void
check_new_value(lua_State *L, const char *where)
{
    if (lua_type(L, -1) == LUA_TSTRING ||
        (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1))) {
        if (lua_type(L, -1) == LUA_TSTRING)
            (void)ov_lbind_text(L, -1, "recode", "a new value");
        return;
    }
    luaL_error(L,
               "recode: %s must be text, or false to make the value missing, "
               "not %s",
               where, luaL_typename(L, -1));
}

/* exact values: the table at idx into S_EXACT (key: the value, lowered
 * when !cased; value: the new value or false) */
static void
read_exact(lua_State *L, int idx, bool cased)
{
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        char where[160];
        const char *key;
        size_t klen;

        /* a number stands for its text: [1] = "white" for the value 1 */
        if (lua_type(L, -2) == LUA_TNUMBER) {
            ov_strbuf b = OV_STRBUF_INIT;

            if (lua_isinteger(L, -2)) {
                ov_strbuf_printf(&b, "%lld", (long long)lua_tointeger(L, -2));
            } else {
                char buf[OV_VALUE_TEXT_MAX];

                ov_value_format_float(buf, lua_tonumber(L, -2), OV_FLOAT_G);
                ov_strbuf_puts(&b, buf);
            }
            lua_pushstring(L, ov_strbuf_cstr(&b));
            ov_strbuf_free(&b);
        } else if (lua_type(L, -2) == LUA_TSTRING) {
            lua_pushvalue(L, -2);
        } else {
            luaL_error(L, "recode: the keys of a table of values must be the values "
                          "as text, such as [\"Command Discipline A\"]");
        }
        key = lua_tolstring(L, -1, &klen);
        snprintf(where, sizeof where, "the new value for '%.100s'", key);
        lua_pushvalue(L, -2);
        check_new_value(L, where);
        if (!cased) {
            push_lower(L, key, klen, false);
            lua_replace(L, -3);
        }
        /* with case = false two spellings may meet: they must agree */
        lua_pushvalue(L, -2);
        if (lua_rawget(L, S_EXACT) != LUA_TNIL && !lua_rawequal(L, -1, -2))
            luaL_error(L,
                       "recode: with case = false, keys that differ only in case "
                       "('%s') must give the same new value",
                       lua_tostring(L, -3));
        lua_pop(L, 1);
        lua_rawset(L, S_EXACT);
        lua_pop(L, 1);
    }
}

/* pattern rules: the list at idx into S_RULES as { pattern (lowered when
 * !cased), new value, pattern as written } */
static void
read_rules(lua_State *L, int idx, bool cased)
{
    size_t n, k;

    idx = lua_absindex(L, idx);
    n = lua_rawlen(L, idx);
    for (k = 1; k <= n; k++) {
        char where[64];
        size_t plen;
        const char *pat;

        if (lua_rawgeti(L, idx, (lua_Integer)k) != LUA_TTABLE ||
            lua_rawgeti(L, -1, 1) != LUA_TSTRING)
            luaL_error(
                L,
                "recode: pattern rule %d must be { \"pattern\", \"new value\" }, "
                "such as { \"^Command Discipline\", \"command discipline\" }",
                (int)k);
        pat = ov_lbind_text(L, -1, "recode", "a pattern");
        plen = lua_rawlen(L, -1);
        lua_createtable(L, 3, 0);
        if (cased)
            lua_pushvalue(L, -2);
        else
            push_lower(L, pat, plen, true);
        lua_rawseti(L, -2, 1);
        lua_rawgeti(L, -3, 2);
        snprintf(where, sizeof where, "the new value of pattern rule %d", (int)k);
        check_new_value(L, where);
        lua_rawseti(L, -2, 2);
        lua_pushvalue(L, -2);
        lua_rawseti(L, -2, 3);
        lua_rawseti(L, S_RULES, (lua_Integer)lua_rawlen(L, S_RULES) + 1);
        lua_pop(L, 2);
    }
}

/* the mapping at A_MAP into S_EXACT, S_RULES and S_FN */
static void
read_mapping(lua_State *L, bool cased)
{
    if (lua_type(L, A_MAP) == LUA_TFUNCTION) {
        lua_pushvalue(L, A_MAP);
        lua_replace(L, S_FN);
        return;
    }
    if (lua_type(L, A_MAP) != LUA_TTABLE)
        luaL_error(L, "recode: %s; got %s", MAP_HELP, luaL_typename(L, A_MAP));
    /* a list of rules; a list of new values ({ [1] = "white", ... }) is
     * a table of values whose keys are numbers */
    if (lua_rawlen(L, A_MAP) > 0 && lua_rawgeti(L, A_MAP, 1) == LUA_TTABLE) {
        lua_pop(L, 1);
        /* options written into the list would be ignored: say where they go */
        lua_pushnil(L);
        while (lua_next(L, A_MAP) != 0) {
            lua_pop(L, 1);
            if (lua_type(L, -1) == LUA_TSTRING)
                luaL_error(L,
                           "recode: a list of pattern rules holds only rules, not "
                           "'%s'; options go after it: t:recode(col, rules, { %s = "
                           "... })",
                           lua_tostring(L, -1), lua_tostring(L, -1));
        }
        read_rules(L, A_MAP, cased);
        return;
    }
    lua_settop(L, S_BOX);
    /* { exact = {...}, pattern = {...} }, or a table of values (whose
     * new values are text, never tables) */
    lua_pushnil(L);
    if (lua_next(L, A_MAP) != 0 && lua_type(L, -1) == LUA_TTABLE) {
        lua_pop(L, 2);
        lua_pushnil(L);
        while (lua_next(L, A_MAP) != 0) {
            const char *key = lua_tostring(L, -2);

            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE ||
                (strcmp(key, "exact") != 0 && strcmp(key, "pattern") != 0))
                luaL_error(L, "recode: a mapping in parts has only exact = { ... } and "
                              "pattern = { ... }");
            if (key[0] == 'e')
                read_exact(L, -1, cased);
            else
                read_rules(L, -1, cased);
            lua_pop(L, 1);
        }
        return;
    }
    lua_settop(L, S_BOX);
    read_exact(L, A_MAP, cased);
}

/* pushes the new value of distinct value s (len n) and its rule's label
 * into rule; returns false when no rule matched (nothing pushed) */
static bool
decide(lua_State *L, const char *s, size_t n, bool cased, ov_strbuf *rule)
{
    size_t k, nrules = lua_rawlen(L, S_RULES);
    int key;

    if (cased)
        lua_pushlstring(L, s, n);
    else
        push_lower(L, s, n, false);
    key = lua_gettop(L);
    lua_pushvalue(L, key);
    if (lua_rawget(L, S_EXACT) != LUA_TNIL) {
        lua_remove(L, key);
        ov_strbuf_puts(rule, cased ? "exact" : "exact, any case");
        return true;
    }
    lua_pop(L, 1);
    for (k = 1; k <= nrules; k++) {
        lua_rawgeti(L, S_RULES, (lua_Integer)k);
        lua_pushvalue(L, lua_upvalueindex(1)); /* string.find, as it was */
        lua_pushvalue(L, key);
        lua_rawgeti(L, -3, 1);
        if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
            if (ov_interrupted())
                lua_error(L);
            lua_rawgeti(L, -2, 3);
            luaL_error(L, "recode: pattern rule %d (\"%s\") is not a Lua pattern: %s",
                       (int)k, lua_tostring(L, -1), lua_tostring(L, -2));
        }
        if (!lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_rawgeti(L, -1, 3);
            ov_strbuf_printf(rule, "pattern %d \"%s\"", (int)k, lua_tostring(L, -1));
            lua_pop(L, 1);
            lua_rawgeti(L, -1, 2);
            lua_remove(L, -2);
            lua_remove(L, key);
            return true;
        }
        lua_pop(L, 2);
    }
    lua_pop(L, 1); /* the key */
    if (lua_isnil(L, S_FN))
        return false;
    lua_pushvalue(L, S_FN);
    lua_pushlstring(L, s, n);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        /* Ctrl-C (a status, not the text: a script's own error("interrupted")
         * is an error like any other) */
        if (ov_interrupted())
            lua_error(L);
        luaL_error(L, "recode: the function failed on the value '%s': %s", s,
                   lua_tostring(L, -1));
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return false;
    }
    if (lua_type(L, -1) != LUA_TSTRING &&
        !(lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)))
        luaL_error(L,
                   "recode: the function must return the new value as text, false "
                   "(make it missing) or nil (no match); for '%s' it returned %s",
                   s, luaL_typename(L, -1));
    if (lua_type(L, -1) == LUA_TSTRING)
        (void)ov_lbind_text(L, -1, "recode", "the function's new value");
    ov_strbuf_puts(rule, "function");
    return true;
}

/* "12 values (3,456 rows)" */
static void
put_count(ov_strbuf *b, size_t values, size_t rows)
{
    char buf[32];

    ov_value_format_int_grouped(buf, (int64_t)rows, ',');
    ov_strbuf_printf(b, "%zu value%s (%s row%s)", values, values == 1 ? "" : "s", buf,
                     rows == 1 ? "" : "s");
}

/* what the recode did, in one line: the provenance step of the result */
static void
step_line(ov_strbuf *b, const char *fname, const char *col,
          const struct ov_recode_opts *o, const struct ov_recode_info *info)
{
    ov_strbuf_printf(b, "%s(\"%s\"", fname, col);
    if (o->into != NULL)
        ov_strbuf_printf(b, ", into = \"%s\"", o->into);
    ov_strbuf_puts(b, "): ");
    put_count(b, info->matched_values, info->matched_rows);
    ov_strbuf_puts(b, " recoded by the rules");
    if (info->unmatched_values > 0) {
        ov_strbuf_puts(b, ", ");
        put_count(b, info->unmatched_values, info->unmatched_rows);
        if (o->other != NULL)
            ov_strbuf_printf(b, " matched no rule and became \"%s\"", o->other);
        else
            ov_strbuf_puts(b, " matched no rule, kept");
    }
}

static int
recode(lua_State *L, bool check)
{
    const char *fname = check ? "recode_check" : "recode";
    ov_table *t = ov_lbind_check_table(L, A_T);
    const char *col = ov_lbind_checktext(L, A_COL, fname, "the column name");
    const char *missing = NULL;
    struct ov_recode_opts o = {NULL, NULL};
    struct ov_recode_info info;
    struct ov_err err;
    ov_table **slot = NULL, **aslot, *res = NULL, *audit = NULL;
    ov_recode **box, *r;
    bool cased = true;
    size_t k, nv;

    lua_settop(L, A_OPTS);
    if (!lua_isnil(L, A_OPTS)) {
        luaL_checktype(L, A_OPTS, LUA_TTABLE);
        ov_lbind_check_options(L, A_OPTS, fname, recode_options);
        o.other = ov_lbind_opt_string(L, A_OPTS, fname, "other");
        o.into = ov_lbind_opt_string(L, A_OPTS, fname, "into");
        missing = ov_lbind_opt_string(L, A_OPTS, fname, "missing");
        cased = ov_lbind_opt_bool(L, A_OPTS, fname, "case", 1);
        check = ov_lbind_opt_bool(L, A_OPTS, fname, "check", check);
        if (o.into != NULL && o.into[0] == '\0')
            return luaL_error(L,
                              "%s: into must name the new column, such as into = "
                              "\"kind\"",
                              fname);
    }
    lua_newtable(L); /* S_EXACT */
    lua_newtable(L); /* S_RULES */
    lua_pushnil(L);  /* S_FN */
    box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    luaL_setmetatable(L, RECODE_MT);
    read_mapping(L, cased);
    lua_settop(L, S_BOX);
    if (ov_recode_new(t, col, box, &err) != OV_OK)
        return ov_lbind_error(L, fname, &err);
    r = *box;
    nv = ov_recode_nvalues(r);
    for (k = 0; k < nv; k++) {
        size_t len;
        const char *s = ov_recode_value(r, k, &len);
        ov_status st = OV_OK;

        /* the label is built in a buffer of the collector's, as decide
         * may raise */
        ov_strbuf *rb = ov_lbind_new_buf(L);

        if (decide(L, s, len, cased, rb)) {
            size_t nlen = 0;
            const char *to =
                lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &nlen) : NULL;

            st = ov_recode_set(r, k, to, nlen, ov_strbuf_cstr(rb), &err);
            lua_pop(L, 1);
        }
        lua_pop(L, 1); /* the buffer */
        if (st != OV_OK)
            return ov_lbind_error(L, fname, &err);
    }
    if (missing != NULL && ov_recode_set(r, OV_RECODE_MISSING, missing, strlen(missing),
                                         "missing", &err) != OV_OK)
        return ov_lbind_error(L, fname, &err);
    if (!check)
        slot = ov_lbind_new_table(L);
    aslot = ov_lbind_new_table(L);
    if (ov_recode_apply(r, t, &o, check ? NULL : &res, &audit, &info, &err) != OV_OK)
        return ov_lbind_error(L, fname, &err);
    *aslot = audit;
    {
        ov_strbuf step = OV_STRBUF_INIT;

        step_line(&step, fname, col, &o, &info);
        (void)ov_table_add_step(audit, ov_strbuf_cstr(&step));
        if (res != NULL) {
            *slot = res;
            (void)ov_table_add_step(res, ov_strbuf_cstr(&step));
        }
        ov_strbuf_free(&step);
    }
    if (info.unmatched_values > 0 && o.other == NULL) {
        ov_strbuf note = OV_STRBUF_INIT;

        ov_strbuf_printf(&note, "%s: ", fname);
        put_count(&note, info.unmatched_values, info.unmatched_rows);
        ov_strbuf_printf(&note,
                         " matched no rule and %s left as written; the audit lists "
                         "%s as \"unmatched (kept)\"\n",
                         info.unmatched_values == 1 ? "was" : "were",
                         info.unmatched_values == 1 ? "it" : "them");
        fputs(ov_strbuf_cstr(&note), ov_lbind_ui(L)->notes);
        ov_strbuf_free(&note);
    }
    if (check)
        return 1;
    /* the result remembers its audit, for t:audit() */
    lua_getfield(L, LUA_REGISTRYINDEX, REG_AUDITS);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return 2;
}

static int
tbl_recode(lua_State *L)
{
    return recode(L, false);
}

static int
tbl_recode_check(lua_State *L)
{
    return recode(L, true);
}

static int
tbl_audit(lua_State *L)
{
    (void)ov_lbind_check_table(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_AUDITS);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) == LUA_TNIL)
        return luaL_error(L, "audit: this table was not made by recode; the audit is "
                             "kept on the table recode returns (r, audit = "
                             "t:recode(col, mapping); r:audit())");
    return 1;
}

void
ov_lbind_recode_open(lua_State *L)
{
    luaL_newmetatable(L, RECODE_MT);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    /* results -> audits, forgotten with the result */
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_AUDITS);

    luaL_getmetatable(L, OV_LBIND_TABLE_MT);
    lua_getfield(L, -1, "methods");
    /* string.find as the libraries opened it: a script cannot swap it */
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "string");
    if (lua_istable(L, -1))
        lua_getfield(L, -1, "find");
    else
        lua_pushnil(L);
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, tbl_recode, 1);
    lua_setfield(L, -5, "recode");
    lua_pushcclosure(L, tbl_recode_check, 1);
    lua_setfield(L, -4, "recode_check");
    lua_pop(L, 2);
    lua_pushcfunction(L, tbl_audit);
    lua_setfield(L, -2, "audit");
    lua_pop(L, 2);
}
