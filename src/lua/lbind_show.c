/*
 * lbind_show.c - how the prompt shows the values a statement gives back:
 * as print does, except that a plain Lua table (a list of names, a row,
 * the settings ov.display() returns) is written out as Lua would read it,
 * { "a", "b", n = 3 }, nested tables to a depth of three, long lists cut
 * with a count of what is left, one entry a line when it is too long for
 * one. Tables are read raw (no __index, __pairs or __len of a script's
 * runs); a value with __tostring or __name prints as print prints it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lbind.h"
#include "luarun.h"

#define SHOW_DEPTH 3  /* tables nested deeper show as {…} */
#define SHOW_ITEMS 50 /* entries of one table shown, the rest counted */
#define SHOW_WIDTH 76 /* a table wider than this shows one entry a line */

/* The output so far: a Lua table of pieces at index `pieces`, `n` of them,
 * so that an error in a __tostring leaves nothing to free. */
struct show {
    lua_State *L;
    int pieces, seen;
    lua_Integer n;
};

static void
put(struct show *s, const char *text, size_t len)
{
    lua_pushlstring(s->L, text, len);
    lua_rawseti(s->L, s->pieces, ++s->n);
}

static void
puts_(struct show *s, const char *text)
{
    put(s, text, strlen(text));
}

/* A string as a Lua literal: "say \"no\"\n". */
static void
put_quoted(struct show *s, int idx)
{
    size_t len, i, from = 0;
    const char *p = lua_tolstring(s->L, idx, &len);

    puts_(s, "\"");
    for (i = 0; i < len; i++) {
        const char *esc = p[i] == '"'    ? "\\\""
                          : p[i] == '\\' ? "\\\\"
                          : p[i] == '\n' ? "\\n"
                          : p[i] == '\r' ? "\\r"
                          : p[i] == '\t' ? "\\t"
                          : p[i] == '\0' ? "\\0"
                                         : NULL;

        if (esc == NULL)
            continue;
        put(s, p + from, i - from);
        puts_(s, esc);
        from = i + 1;
    }
    put(s, p + from, len - from);
    puts_(s, "\"");
}

/* Whether the table at idx is plain data: no metatable, or one with
 * neither __tostring nor __name. */
static bool
plain_table(lua_State *L, int idx)
{
    bool plain;

    if (lua_type(L, idx) != LUA_TTABLE)
        return false;
    if (!lua_getmetatable(L, idx))
        return true;
    plain = lua_getfield(L, -1, "__tostring") == LUA_TNIL;
    lua_pop(L, 1);
    plain = plain && lua_getfield(L, -1, "__name") == LUA_TNIL;
    lua_pop(L, 2);
    return plain;
}

/* A key that can be written bare: name = ... */
static bool
bare_key(lua_State *L, int idx)
{
    size_t len, i;
    const char *k;

    if (lua_type(L, idx) != LUA_TSTRING)
        return false;
    k = lua_tolstring(L, idx, &len);
    if (len == 0 || !(k[0] == '_' || ((k[0] | 0x20) >= 'a' && (k[0] | 0x20) <= 'z')))
        return false;
    for (i = 1; i < len; i++)
        if (!(k[i] == '_' || (k[i] >= '0' && k[i] <= '9') ||
              ((k[i] | 0x20) >= 'a' && (k[i] | 0x20) <= 'z')))
            return false;
    for (const char *const *w = ov_lua_keywords; *w != NULL; w++)
        if (strcmp(*w, k) == 0)
            return false;
    return true;
}

static void show_value(struct show *s, int idx, int depth);

/* Pushes one entry as a string: the value at val, after "key = " when
 * key is not 0. */
static void
entry_text(struct show *s, int key, int val, int depth)
{
    lua_State *L = s->L;
    struct show sub = {L, 0, s->seen, 0};
    luaL_Buffer b;

    lua_newtable(L);
    sub.pieces = lua_gettop(L);
    if (key != 0) {
        if (bare_key(L, key)) {
            lua_pushvalue(L, key);
            lua_rawseti(L, sub.pieces, ++sub.n);
        } else {
            puts_(&sub, "[");
            show_value(&sub, key, depth + 1);
            puts_(&sub, "]");
        }
        puts_(&sub, " = ");
    }
    show_value(&sub, val, depth + 1);
    luaL_buffinit(L, &b);
    for (lua_Integer i = 1; i <= sub.n; i++) {
        lua_rawgeti(L, sub.pieces, i);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_remove(L, sub.pieces);
}

struct keyed {
    const char *key, *text; /* anchored in the lists on the stack */
};

static int
keyed_cmp(const void *a, const void *b)
{
    return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/* The entries of the plain table at idx, each as one string, into a new
 * list left on the stack: the sequence 1..n first, then the other keys
 * sorted by their text. At most SHOW_ITEMS of each; returns how many were
 * left out, and in *count how many the list holds. */
static lua_Integer
entries(struct show *s, int idx, int depth, lua_Integer *count)
{
    lua_State *L = s->L;
    lua_Integer seq = 0, shown_seq, k = 0, skipped = 0, i;
    int list, texts, keys;
    struct keyed *sorted;

    lua_newtable(L);
    list = lua_gettop(L);
    lua_newtable(L);
    texts = lua_gettop(L);
    lua_newtable(L);
    keys = lua_gettop(L);
    while (lua_rawgeti(L, idx, seq + 1) != LUA_TNIL) {
        lua_pop(L, 1);
        seq++;
    }
    lua_pop(L, 1);
    shown_seq = seq < SHOW_ITEMS ? seq : SHOW_ITEMS;
    skipped = seq - shown_seq;
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        int key = lua_absindex(L, -2), val = lua_absindex(L, -1);
        lua_Integer pos = lua_isinteger(L, key) ? lua_tointeger(L, key) : 0;

        if (pos >= 1 && pos <= seq) {
            if (pos <= shown_seq) {
                entry_text(s, 0, val, depth);
                lua_rawseti(L, list, pos);
            }
        } else if (k < SHOW_ITEMS) {
            entry_text(s, key, val, depth);
            lua_rawseti(L, texts, ++k);
            lua_pushvalue(L, key);
            luaL_tolstring(L, -1, NULL);
            lua_rawseti(L, keys, k);
            lua_pop(L, 1);
        } else {
            skipped++;
        }
        lua_pop(L, 1);
    }
    sorted = lua_newuserdatauv(L, (size_t)k * sizeof *sorted + 1, 0);
    for (i = 1; i <= k; i++) {
        lua_rawgeti(L, keys, i);
        sorted[i - 1].key = lua_tostring(L, -1);
        lua_rawgeti(L, texts, i);
        sorted[i - 1].text = lua_tostring(L, -1);
        lua_pop(L, 2);
    }
    qsort(sorted, (size_t)k, sizeof *sorted, keyed_cmp);
    for (i = 0; i < k; i++) {
        lua_pushstring(L, sorted[i].text);
        lua_rawseti(L, list, shown_seq + i + 1);
    }
    lua_settop(L, list);
    *count = shown_seq + k;
    return skipped;
}

static void
show_table(struct show *s, int idx, int depth)
{
    lua_State *L = s->L;
    lua_Integer count, skipped, i;
    size_t width = 2;
    int list;

    if (lua_rawgetp(L, s->seen, lua_topointer(L, idx)) != LUA_TNIL) {
        lua_pop(L, 1);
        puts_(s, "{…cycle}");
        return;
    }
    lua_pop(L, 1);
    if (depth >= SHOW_DEPTH) {
        puts_(s, "{…}");
        return;
    }
    lua_pushboolean(L, 1);
    lua_rawsetp(L, s->seen, lua_topointer(L, idx));
    skipped = entries(s, idx, depth, &count);
    list = lua_gettop(L);
    for (i = 1; i <= count; i++) {
        width += lua_rawgeti(L, list, i) == LUA_TSTRING ? lua_rawlen(L, -1) + 2 : 2;
        lua_pop(L, 1);
    }
    if (count == 0 && skipped == 0) {
        puts_(s, "{}");
    } else {
        bool lines = depth == 0 && width > SHOW_WIDTH && count > 1;

        size_t col = 2; /* lines: entries fill each line up to SHOW_WIDTH */

        puts_(s, lines ? "{\n  " : "{ ");
        for (i = 1; i <= count; i++) {
            size_t len = lua_rawgeti(L, list, i) == LUA_TSTRING ? lua_rawlen(L, -1) : 0;

            if (i > 1 && lines && col + 2 + len > SHOW_WIDTH) {
                puts_(s, ",\n  ");
                col = 2;
            } else if (i > 1) {
                puts_(s, ", ");
                col += 2;
            }
            col += len;
            lua_rawseti(L, s->pieces, ++s->n);
        }
        if (skipped > 0) {
            lua_pushfstring(L, "%s… %I more", count > 0 ? ", " : "",
                            (LUAI_UACINT)skipped);
            lua_rawseti(L, s->pieces, ++s->n);
        }
        puts_(s, lines ? "\n}" : " }");
    }
    lua_pop(L, 1); /* list */
    lua_pushnil(L);
    lua_rawsetp(L, s->seen, lua_topointer(L, idx));
}

static void
show_value(struct show *s, int idx, int depth)
{
    lua_State *L = s->L;

    if (plain_table(L, idx)) {
        show_table(s, idx, depth);
    } else if (depth > 0 && lua_type(L, idx) == LUA_TSTRING) {
        put_quoted(s, idx);
    } else {
        luaL_tolstring(L, idx, NULL);
        lua_rawseti(L, s->pieces, ++s->n);
    }
}

int
ov_lbind_show(lua_State *L)
{
    int n = lua_gettop(L), i;
    struct show s = {L, 0, 0, 0};

    lua_newtable(L);
    s.pieces = lua_gettop(L);
    lua_newtable(L);
    s.seen = lua_gettop(L);
    {
        /* values are parted by a tab, as Lua's print does, but a value of
         * several lines (a table) by a line break, so that two tables
         * (t:recode's result and audit) do not share their first line */
        lua_Integer sep = 0, from;
        bool prev_multi = false;

        for (i = 1; i <= n; i++) {
            bool multi = false;

            if (i > 1) {
                puts_(&s, "\t");
                sep = s.n;
            }
            from = s.n + 1;
            show_value(&s, i, 0);
            for (lua_Integer k = from; k <= s.n && !multi; k++) {
                size_t len;
                const char *p;

                lua_rawgeti(L, s.pieces, k);
                p = lua_tolstring(L, -1, &len);
                multi = p != NULL && memchr(p, '\n', len) != NULL;
                lua_pop(L, 1);
            }
            if (i > 1 && (multi || prev_multi)) {
                lua_pushliteral(L, "\n");
                lua_rawseti(L, s.pieces, sep);
            }
            prev_multi = multi;
        }
    }
    /* print's code writes the line: to the session's output, whole */
    lua_settop(L, s.pieces);
    lua_pushcfunction(L, ov_lbind_print);
    {
        luaL_Buffer b;

        luaL_buffinit(L, &b);
        for (lua_Integer k = 1; k <= s.n; k++) {
            lua_rawgeti(L, s.pieces, k);
            luaL_addvalue(&b);
        }
        luaL_pushresult(&b);
    }
    lua_call(L, 1, 0);
    return 0;
}
