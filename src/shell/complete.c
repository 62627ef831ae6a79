/*
 * complete.c - what Tab offers at the prompt: dot-commands and their
 * arguments; Lua globals and keywords; methods after "t:"; fields after
 * "ov."; column names inside the quotes of a table method
 * (t:freq("out<Tab>), also inside where/mutate/agg expressions; file
 * paths in load_csv(" and file arguments; dataset names in dataset(".
 * Works on the text alone and the session's globals: it never calls a
 * function, so Tab cannot run anything. Shell layer; no readline here.
 */
#include "config.h"

#include "complete.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "commands.h"
#include "lbind.h"
#include "luarun.h"

/* a growing list of malloc'd strings */
struct list {
    char **v;
    size_t n, cap;
};

static void
add(struct list *l, const char *prefix, const char *s, size_t n, const char *suffix)
{
    size_t i, len;
    char *c;

    for (i = 0; i < l->n; i++) /* no repeats */
        if (strlen(l->v[i]) == strlen(prefix) + n + strlen(suffix) &&
            strncmp(l->v[i], prefix, strlen(prefix)) == 0 &&
            strncmp(l->v[i] + strlen(prefix), s, n) == 0)
            return;
    if (l->n + 2 > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);

        if (v == NULL)
            return;
        l->v = v;
        l->cap = cap;
    }
    len = strlen(prefix) + n + strlen(suffix);
    c = malloc(len + 1);
    if (c == NULL)
        return;
    snprintf(c, len + 1, "%s%.*s%s", prefix, (int)n, s, suffix);
    l->v[l->n++] = c;
    l->v[l->n] = NULL;
}

static bool
starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- sources of names ---- */

/* the string keys of the table at idx starting with text; with `funcs`,
 * only those whose values are functions */
static void
add_keys(lua_State *L, int idx, const char *text, bool funcs, struct list *out)
{
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING && (!funcs || lua_isfunction(L, -1))) {
            const char *k = lua_tostring(L, -2);

            if (starts(k, text) && k[0] != '_')
                add(out, "", k, strlen(k), "");
        }
        lua_pop(L, 1);
    }
}

/* pushes the value of a dotted global name ("t", "ov.display"), or nil;
 * reads tables only, never calls anything */
static void
push_path(lua_State *L, const char *path, size_t n)
{
    size_t i = 0;

    lua_pushglobaltable(L);
    while (i < n) {
        size_t j = i;

        while (j < n && path[j] != '.')
            j++;
        if (!lua_istable(L, -1)) {
            lua_pop(L, 1);
            lua_pushnil(L);
            return;
        }
        lua_pushlstring(L, path + i, j - i);
        lua_rawget(L, -2);
        lua_remove(L, -2);
        i = j + 1;
    }
}

/* the members of the value on top of the stack that `obj:` or `obj.` can
 * be followed by */
static void
add_members(lua_State *L, const char *text, bool method, struct list *out)
{
    if (lua_getmetatable(L, -1)) {
        lua_pushliteral(L, "methods");
        if (lua_rawget(L, -2) == LUA_TTABLE)
            add_keys(L, -1, text, true, out);
        lua_pop(L, 2);
        return;
    }
    if (lua_istable(L, -1))
        add_keys(L, -1, text, method, out);
}

static void
add_columns(lua_State *L, const char *prefix, const char *text, struct list *out)
{
    ov_table *t = ov_lbind_test_table(L, -1);
    size_t j;

    if (t == NULL)
        return;
    for (j = 0; j < ov_table_ncols(t); j++) {
        const char *name = ov_table_colname(t, j);

        if (starts(name, text))
            add(out, prefix, name, strlen(name), "");
    }
}

/* the names in the list ov[field] (ov.dataset_names, ov.doc_names) that
 * start with text */
static void
add_ov_list(lua_State *L, const char *field, const char *text, struct list *out)
{
    lua_pushglobaltable(L);
    lua_pushliteral(L, "ov");
    lua_rawget(L, -2);
    lua_remove(L, -2);
    if (lua_istable(L, -1) &&
        (lua_pushstring(L, field), lua_rawget(L, -2)) == LUA_TTABLE) {
        lua_Integer i, len = (lua_Integer)lua_rawlen(L, -1);

        for (i = 1; i <= len; i++) {
            const char *name;

            lua_rawgeti(L, -1, i);
            name = lua_tostring(L, -1);
            if (name != NULL && starts(name, text))
                add(out, "", name, strlen(name), "");
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    } else if (lua_istable(L, -1)) {
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void
add_files(const char *text, struct list *out)
{
    const char *slash = strrchr(text, '/');
    char dir[4096];
    const char *base = slash != NULL ? slash + 1 : text;
    size_t dirlen = slash != NULL ? (size_t)(slash - text) + 1 : 0;
    DIR *d;
    struct dirent *e;

    if (dirlen >= sizeof dir)
        return;
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == text)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - text), text);
    if (text[0] == '~' && (text[1] == '/' || text[1] == '\0')) {
        const char *home = getenv("HOME");

        if (home != NULL && slash != NULL)
            snprintf(dir, sizeof dir, "%s%.*s", home, (int)(slash - text - 1),
                     text + 1);
    }
    d = opendir(dir);
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        char full[8192];
        struct stat sb;
        bool isdir;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (e->d_name[0] == '.' && base[0] != '.')
            continue;
        if (!starts(e->d_name, base))
            continue;
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        isdir = stat(full, &sb) == 0 && S_ISDIR(sb.st_mode);
        {
            char prefix[4096];

            snprintf(prefix, sizeof prefix, "%.*s", (int)dirlen, text);
            add(out, prefix, e->d_name, strlen(e->d_name), isdir ? "/" : "");
        }
    }
    closedir(d);
}

/* ---- reading the line ---- */

/* the quote that is open at position `pos` of line (0: none), and where */
static char
open_quote(const char *line, size_t pos, size_t *at)
{
    char q = 0;
    size_t i;

    for (i = 0; i < pos; i++) {
        if (q != 0) {
            if (line[i] == '\\' && i + 1 < pos)
                i++;
            else if (line[i] == q)
                q = 0;
        } else if (line[i] == '"' || line[i] == '\'') {
            q = line[i];
            *at = i;
        } else if (line[i] == '-' && line[i + 1] == '-') {
            return 0; /* a comment */
        }
    }
    return q;
}

/* Back from the ')' just before `i` to its '(' (strings skipped); the
 * position of the '(', or (size_t)-1. */
static size_t
open_paren(const char *line, size_t i)
{
    int depth = 0;

    while (i > 0) {
        char c = line[--i];

        if (c == ')') {
            depth++;
        } else if (c == '(') {
            if (--depth == 0)
                return i;
        } else if (c == '"' || c == '\'') {
            while (i > 0 && line[--i] != c)
                ;
        }
    }
    return (size_t)-1;
}

static bool
name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == ':';
}

/* the callee of the call whose argument list is open at `pos`:
 * "t:freq" in `t:freq("out`, as [*from, pos of '(' or '{'). A table
 * argument counts as the call's list (`t:mutate{ a = "off`), and a chain
 * reaches back to its start (`t:where("x"):freq("ou`: *from at t) */
static bool
callee(const char *line, size_t pos, size_t *from, size_t *to)
{
    int depth = 0;
    size_t i = pos;

    while (i > 0) {
        char c = line[--i];

        if (c == ')')
            depth++;
        else if (c == '(' || c == '{') {
            if (depth == 0 && c == '(')
                break;
            if (depth == 0) {
                /* t:mutate{ ... or t:mutate({ ... */
                size_t k = i;

                while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
                    k--;
                if (k > 0 && line[k - 1] == '(') {
                    i = k - 1;
                    break;
                }
                if (k > 0 && name_char(line[k - 1])) {
                    i = k;
                    *to = i;
                    goto name;
                }
                return false; /* a table of its own */
            }
            depth--;
        } else if (c == '"' || c == '\'') {
            /* skip an earlier string argument */
            char q = c;

            while (i > 0 && line[--i] != q)
                ;
        }
        if (i == 0)
            return false;
    }
    if (line[i] != '(')
        return false;
    *to = i;
name:
    for (;;) {
        while (i > 0 && name_char(line[i - 1]))
            i--;
        if (i > 0 && line[i - 1] == ')' && line[i] == ':') {
            size_t o = open_paren(line, i);

            if (o == (size_t)-1)
                break;
            i = o;
            continue;
        }
        break;
    }
    *from = i;
    return *to > *from;
}

/* methods whose string arguments are column names */
static bool
takes_columns(const char *m, size_t n)
{
    static const char *const ms[] = {"freq",     "select",   "drop",     "sort",
                                     "group_by", "distinct", "crosstab", "col",
                                     "bars",     "join",     NULL};
    const char *const *p;

    for (p = ms; *p != NULL; p++)
        if (strlen(*p) == n && strncmp(*p, m, n) == 0)
            return true;
    return false;
}

static bool
takes_expression(const char *m, size_t n)
{
    return (n == 5 && strncmp(m, "where", 5) == 0) ||
           (n == 6 && strncmp(m, "mutate", 6) == 0) ||
           (n == 3 && strncmp(m, "agg", 3) == 0);
}

/* Whether the word being completed (from `end`, inside the string opened
 * at qpos) is inside a literal of the expression: an odd number of the other
 * quote between the string's start and the word; *lit is that quote. */
static bool
in_literal(const char *line, size_t qpos, size_t end, size_t *lit)
{
    char inner = line[qpos] == '"' ? '\'' : '"';
    size_t i, n = 0;

    for (i = qpos + 1; i < end; i++)
        if (line[i] == inner) {
            n++;
            *lit = i;
        }
    return n % 2 == 1;
}

/* The values of the column compared with the literal opened at lit
 * (`force == 'Ess`, `force ~= 'K`, `force in ('Essex Police', 'K`) that
 * start with text: the table is on top of the stack. */
static void
add_values(lua_State *L, const char *line, size_t lit, const char *prefix,
           const char *text, struct list *out)
{
    ov_table *t = ov_lbind_test_table(L, -1);
    size_t k = lit, e;
    char name[128];
    const ov_column *c;
    int j;
    uint32_t i;

    if (t == NULL)
        return;
    /* back over an in-list's earlier values, the operator, to the name */
    while (k > 0 && strchr(" \t,(", line[k - 1]) != NULL) {
        k--;
        if (line[k] == ',' || line[k] == '(') {
            while (k > 0 && strchr(" \t", line[k - 1]) != NULL)
                k--;
            if (line[k] == ',') {
                char q = line[k - 1];

                if (q != '\'' && q != '"')
                    return;
                for (k -= 2; k > 0 && line[k] != q; k--)
                    ;
            }
        }
    }
    if (k >= 2 && strncmp(line + k - 2, "in", 2) == 0)
        k -= 2;
    while (k > 0 && strchr("=~<>! \t", line[k - 1]) != NULL)
        k--;
    e = k;
    while (k > 0 && (isalnum((unsigned char)line[k - 1]) || line[k - 1] == '_'))
        k--;
    if (e == k || e - k >= sizeof name)
        return;
    memcpy(name, line + k, e - k);
    name[e - k] = '\0';
    if ((j = ov_table_find(t, name)) < 0)
        return;
    c = ov_table_col(t, (size_t)j);
    if (c->type != OV_STRING || c->dict == NULL)
        return;
    for (i = 0; i < c->dict->n && out->n < 1000; i++) {
        size_t len;
        const char *v = ov_dict_str(c->dict, i, &len);

        if (starts(v, text) && memchr(v, line[lit], len) == NULL)
            add(out, prefix, v, len, "");
    }
}

static void
complete_string(lua_State *L, const char *line, size_t qpos, size_t start,
                const char *text, struct list *out, bool *keep_open)
{
    size_t from, to, colon, lit = 0;

    if (!callee(line, qpos, &from, &to))
        return;
    for (colon = to; colon > from && line[colon - 1] != ':'; colon--)
        ;
    if (colon > from) {
        const char *m = line + colon;
        size_t mlen = to - colon, root = from;

        /* the table the chain starts from: its columns are the ones
         * where, sort, group_by... keep */
        while (root < colon - 1 && line[root] != ':' && line[root] != '(')
            root++;
        push_path(L, line + from, root - from);
        if (takes_columns(m, mlen)) {
            if (text[0] == '-' && mlen == 4 && strncmp(m, "sort", 4) == 0)
                add_columns(L, "-", text + 1, out);
            else
                add_columns(L, "", text, out);
        } else if (takes_expression(m, mlen) &&
                   in_literal(line, qpos, start + strlen(text), &lit)) {
            /* a value inside the expression: force == 'Ess (the word may
             * start at the string's quote or at the literal's) */
            char prefix[1024];
            size_t keep = lit >= start ? lit + 1 - start : 0;

            snprintf(prefix, sizeof prefix, "%.*s", (int)keep, text);
            add_values(L, line, lit, prefix, text + keep, out);
            *keep_open = true;
        } else if (takes_expression(m, mlen)) {
            /* the name being typed at the end of the expression */
            *keep_open = true;
            size_t n = strlen(text), k = n;

            while (k > 0 && (isalnum((unsigned char)text[k - 1]) || text[k - 1] == '_'))
                k--;
            if (k < n || n == 0) {
                char prefix[1024];

                snprintf(prefix, sizeof prefix, "%.*s", (int)k, text);
                add_columns(L, prefix, text + k, out);
            }
        }
        lua_pop(L, 1);
        return;
    }
    {
        const char *f = line + from;
        size_t n = to - from;

        if ((n == 8 && strncmp(f, "load_csv", 8) == 0) ||
            (n == 6 && strncmp(f, "dofile", 6) == 0) ||
            (n == 8 && strncmp(f, "loadfile", 8) == 0) ||
            (n == 7 && strncmp(f, "io.open", 7) == 0) ||
            (n == 8 && strncmp(f, "io.lines", 8) == 0)) {
            add_files(text, out);
        } else if (n == 7 && strncmp(f, "dataset", 7) == 0) {
            add_ov_list(L, "dataset_names", text, out);
        } else if (n == 4 && strncmp(f, "help", 4) == 0) {
            add_ov_list(L, "doc_names", text, out);
        }
    }
}

static void
complete_command(lua_State *L, const char *line, size_t start, const char *text,
                 struct list *out)
{
    const char *p = line;
    const struct ov_command *c;
    size_t n;

    while (*p == ' ' || *p == '\t')
        p++;
    p++; /* the dot */
    n = strcspn(p, " \t");
    if ((size_t)(p - line) + n >= start && text[0] == '.') {
        for (c = ov_commands; c->name != NULL; c++)
            if (starts(c->name, text + 1))
                add(out, ".", c->name, strlen(c->name), "");
        return;
    }
    for (c = ov_commands; c->name != NULL; c++)
        if (strlen(c->name) == n && strncmp(c->name, p, n) == 0)
            break;
    if (c->name == NULL)
        return;
    if (c->words != NULL) {
        const char *const *w;

        for (w = c->words; *w != NULL; w++)
            if (starts(*w, text))
                add(out, "", *w, strlen(*w), "");
    }
    switch (c->arg) {
    case OV_ARG_FILE:
        add_files(text, out);
        break;
    case OV_ARG_COMMAND: {
        const struct ov_command *k;

        for (k = ov_commands; k->name != NULL; k++)
            if (starts(k->name, text))
                add(out, "", k->name, strlen(k->name), "");
        break;
    }
    case OV_ARG_TABLE:
        lua_pushglobaltable(L);
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            if (lua_type(L, -2) == LUA_TSTRING && ov_lbind_test_table(L, -1) != NULL &&
                starts(lua_tostring(L, -2), text))
                add(out, "", lua_tostring(L, -2), strlen(lua_tostring(L, -2)), "");
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        break;
    default:
        break;
    }
}

struct request {
    const char *line, *text;
    size_t start;
    struct list out;
    bool keep_open;
};

/* runs in a protected call: a global table with odd metamethods, or no
 * memory, cannot take the shell down */
static int
pcomplete(lua_State *L)
{
    struct request *r = lua_touserdata(L, 1);
    const char *line = r->line, *text = r->text, *p = line;
    size_t start = r->start, qpos = 0, i;
    struct list *out = &r->out;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '.' && (p[1] == '\0' || isalpha((unsigned char)p[1]))) {
        complete_command(L, line, start, text, out);
    } else if (open_quote(line, start, &qpos) != 0) {
        complete_string(L, line, qpos, start, text, out, &r->keep_open);
    } else if (start > 0 && (line[start - 1] == ':' || line[start - 1] == '.')) {
        size_t e = start - 1, b = e;

        while (b > 0 && (isalnum((unsigned char)line[b - 1]) || line[b - 1] == '_' ||
                         line[b - 1] == '.'))
            b--;
        if (b < e) {
            push_path(L, line + b, e - b);
            add_members(L, text, line[start - 1] == ':', out);
            lua_pop(L, 1);
        }
    } else {
        lua_pushglobaltable(L);
        add_keys(L, -1, text, false, out);
        lua_pop(L, 1);
        for (i = 0; ov_lua_keywords[i] != NULL; i++)
            if (starts(ov_lua_keywords[i], text) && text[0] != '\0')
                add(out, "", ov_lua_keywords[i], strlen(ov_lua_keywords[i]), "");
    }
    return 0;
}

char **
ov_complete(lua_State *L, const char *line, size_t start, const char *text,
            bool *keep_open)
{
    struct request r = {line, text, start, {NULL, 0, 0}, false};
    int top = lua_gettop(L);

    lua_pushcfunction(L, pcomplete);
    lua_pushlightuserdata(L, &r);
    (void)lua_pcall(L, 1, 0, 0); /* on an error, what was found so far */
    lua_settop(L, top);
    if (r.out.n > 1)
        qsort(r.out.v, r.out.n, sizeof *r.out.v, by_name);
    *keep_open = r.keep_open;
    return r.out.v;
}

void
ov_complete_free(char **list)
{
    char **p;

    if (list == NULL)
        return;
    for (p = list; *p != NULL; p++)
        free(*p);
    free(list);
}
