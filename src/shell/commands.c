/*
 * commands.c - the dot-command table and its handlers. One table drives
 * dispatch, .help and completion. Handlers stay thin: they parse words and
 * call the session, the engine's formatter or the Lua surface; what they
 * do in Lua terms is what .record writes down.
 */
#include "config.h"

#include "commands.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <lauxlib.h>

#include "format.h"
#include "input.h"
#include "lbind.h"
#include "luarun.h"
#include "pager.h"
#include "query.h"
#include "run.h"
#include "session.h"
#include "strbuf.h"
#include "suggest.h"

static enum ov_cmd_result cmd_help(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_tables(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_schema(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_load(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_mode(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_timer(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_read(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_output(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_record(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_pager(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_quit(struct ov_session *s, int argc, char **argv);

static const char *const mode_words[] = {"auto", "box",      "plain", "csv",
                                         "tsv",  "markdown", "json",  NULL};
static const char *const onoff_words[] = {"on", "off", NULL};
static const char *const stdout_words[] = {"stdout", NULL};
static const char *const off_words[] = {"off", NULL};

const struct ov_command ov_commands[] = {
    {"help", cmd_help, "[COMMAND]", "List dot-commands, or explain one", OV_ARG_COMMAND,
     NULL},
    {"tables", cmd_tables, "", "List the tables: name, rows, columns, source",
     OV_ARG_NONE, NULL},
    {"schema", cmd_schema, "[TABLE]",
     "Show the columns and types of a table (or of all)", OV_ARG_TABLE, NULL},
    {"load", cmd_load, "FILE [AS NAME]",
     "Load a file (CSV, .gz, .zip, ODS, XLSX) as a table, named after the file",
     OV_ARG_FILE, NULL},
    {"mode", cmd_mode, "[MODE]",
     "How tables print: auto box plain csv tsv markdown json", OV_ARG_WORDS,
     mode_words},
    {"timer", cmd_timer, "on|off", "Show wall and CPU time after each statement",
     OV_ARG_WORDS, onoff_words},
    {"pager", cmd_pager, "on|off",
     "Long output a screen at a time at the terminal (Space, Enter, q)", OV_ARG_WORDS,
     onoff_words},
    {"read", cmd_read, "FILE", "Run the statements and dot-commands in FILE",
     OV_ARG_FILE, NULL},
    {"output", cmd_output, "FILE|stdout",
     "Send results to FILE (replaced when complete), or back", OV_ARG_FILE,
     stdout_words},
    {"record", cmd_record, "FILE|off",
     "Save each statement that works to FILE, as a script", OV_ARG_FILE, off_words},
    {"quit", cmd_quit, "", "Leave oversight (Ctrl-D does the same)", OV_ARG_NONE, NULL},
    {NULL, NULL, NULL, NULL, OV_ARG_NONE, NULL},
};

const struct ov_command *
ov_command_find(const char *name)
{
    const struct ov_command *c;

    for (c = ov_commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void
usage_error(struct ov_session *s, const struct ov_command *c)
{
    char msg[256];

    snprintf(msg, sizeof msg, "usage: .%s %s", c->name, c->usage);
    ov_session_error(s, msg);
}

static void fail(struct ov_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct ov_session *s, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ov_session_error(s, msg);
}

/* s as a Lua string literal, appended to b */
static void
quote_string(ov_strbuf *b, const char *s)
{
    ov_strbuf_putc(b, '"');
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            ov_strbuf_printf(b, "\\%c", c);
        else if (c == '\n')
            ov_strbuf_puts(b, "\\n");
        else if (c < 0x20)
            ov_strbuf_printf(b, "\\%03d", c);
        else
            ov_strbuf_putc(b, (char)c);
    }
    ov_strbuf_putc(b, '"');
}

/* runs Lua source as a statement, recording it when it works */
static enum ov_cmd_result
run_lua(struct ov_session *s, const char *src, const char *chunkname)
{
    if (!ov_run_string(s, src, chunkname))
        return OV_CMD_ERROR;
    ov_session_record(s, src);
    return OV_CMD_OK;
}

static bool
is_name(const char *p)
{
    const char *const *k;

    if (!(isalpha((unsigned char)*p) || *p == '_'))
        return false;
    for (const char *q = p; *q != '\0'; q++)
        if (!(isalnum((unsigned char)*q) || *q == '_'))
            return false;
    for (k = ov_lua_keywords; *k != NULL; k++)
        if (strcmp(*k, p) == 0)
            return false;
    return true;
}

/* ---- .help ---- */

static enum ov_cmd_result
cmd_help(struct ov_session *s, int argc, char **argv)
{
    const struct ov_command *c;
    int width = 0;

    if (argc > 2) {
        usage_error(s, ov_command_find("help"));
        return OV_CMD_ERROR;
    }
    if (argc == 2) {
        const char *name = argv[1][0] == '.' ? argv[1] + 1 : argv[1];

        c = ov_command_find(name);
        if (c == NULL) {
            fail(s, ".help: no command .%s; .help lists them", name);
            return OV_CMD_ERROR;
        }
        fprintf(s->out, ".%s%s%s\n    %s\n", c->name, c->usage[0] ? " " : "", c->usage,
                c->help);
        return OV_CMD_OK;
    }
    for (c = ov_commands; c->name != NULL; c++) {
        int w = (int)(strlen(c->name) + 1 + (c->usage[0] ? 1 + strlen(c->usage) : 0));

        if (w > width)
            width = w;
    }
    for (c = ov_commands; c->name != NULL; c++) {
        char head[128];

        snprintf(head, sizeof head, ".%s%s%s", c->name, c->usage[0] ? " " : "",
                 c->usage);
        fprintf(s->out, "%-*s  %s\n", width, head, c->help);
    }
    fputs("Lua functions and methods: help()\n", s->out);
    return OV_CMD_OK;
}

/* ---- .tables, .schema ---- */

/* Everything these commands do with Lua values runs in protected calls
 * (ov_lua_cpcall): the globals are the script's, and reading them, or
 * merely allocating, can raise an error. Globals are read raw, so the
 * script's _G.__index does not run either. */

/* the names of the globals that are tables, sorted (a Lua list pushed) */
static int
push_table_names(lua_State *L)
{
    int n = 0;

    lua_newtable(L);
    lua_pushglobaltable(L);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING && ov_lbind_test_table(L, -1) != NULL) {
            lua_pushvalue(L, -2);
            lua_rawseti(L, -5, ++n);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    ov_lbind_sort_names(L, -1);
    return n;
}

static int
tables_list(lua_State *L)
{
    int n = push_table_names(L), i;
    ov_table **slot;
    ov_column *cols[4];
    struct ov_err err;
    static const char *const names[] = {"name", "rows", "columns", "source"};
    size_t k;

    slot = ov_lbind_new_table(L);
    *slot = ov_table_new((size_t)n, &err);
    if (*slot == NULL)
        return ov_lbind_error(L, ".tables", &err);
    cols[0] = ov_column_new(OV_STRING, (size_t)n, NULL, (uint32_t)n + 1, &err);
    cols[1] = ov_column_new(OV_INT, (size_t)n, NULL, 0, &err);
    cols[2] = ov_column_new(OV_INT, (size_t)n, NULL, 0, &err);
    cols[3] = ov_column_new(OV_STRING, (size_t)n, NULL, (uint32_t)n + 1, &err);
    for (k = 0; k < 4; k++)
        if (cols[k] == NULL)
            goto nomem;
    cols[1]->measure = cols[2]->measure = true;
    for (i = 1; i <= n; i++) {
        const char *name, *src;
        ov_table *t;
        uint32_t code;

        lua_rawgeti(L, -2, i);
        name = lua_tostring(L, -1);
        lua_pushglobaltable(L);
        lua_pushvalue(L, -2);
        lua_rawget(L, -2);
        lua_remove(L, -2);
        t = ov_lbind_test_table(L, -1);
        src = ov_table_fact(t, "source");
        if (src == NULL)
            src = "(made in this session)";
        if (ov_dict_intern(cols[0]->dict, name, strlen(name), &code, NULL) != OV_OK)
            goto nomem;
        ov_column_set_code(cols[0], (size_t)i - 1, code);
        cols[1]->data.i64[i - 1] = (int64_t)ov_table_nrows(t);
        cols[2]->data.i64[i - 1] = (int64_t)ov_table_ncols(t);
        if (ov_dict_intern(cols[3]->dict, src, strlen(src), &code, NULL) != OV_OK)
            goto nomem;
        ov_column_set_code(cols[3], (size_t)i - 1, code);
        lua_pop(L, 2);
    }
    for (k = 0; k < 4; k++) {
        ov_column_finish(cols[k]);
        if (ov_table_add_column(*slot, names[k], cols[k], &err) != OV_OK)
            goto nomem;
    }
    for (k = 0; k < 4; k++)
        ov_column_unref(cols[k]);
    luaL_tolstring(L, -1, NULL);
    return 1;
nomem:
    for (k = 0; k < 4; k++)
        ov_column_unref(cols[k]);
    return luaL_error(L, "not enough memory");
}

static enum ov_cmd_result
print_value(struct ov_session *s, lua_CFunction f, const char *what)
{
    size_t len;
    const char *text;

    /* f returns its text */
    lua_pushcfunction(s->L, f);
    if (ov_lua_docall(s->L, 0, 1) != LUA_OK) {
        fail(s, "%s: %s", what, lua_tostring(s->L, -1));
        lua_pop(s->L, 1);
        return OV_CMD_ERROR;
    }
    text = lua_tolstring(s->L, -1, &len);
    fwrite(text, 1, len, s->out);
    fputc('\n', s->out);
    lua_pop(s->L, 1);
    fflush(s->out);
    return OV_CMD_OK;
}

static enum ov_cmd_result
cmd_tables(struct ov_session *s, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        usage_error(s, ov_command_find("tables"));
        return OV_CMD_ERROR;
    }
    return print_value(s, tables_list, ".tables");
}

static int
table_names(lua_State *L)
{
    push_table_names(L);
    return 1;
}

/* "no table called 'x'; did you mean 'y'?" */
static void
no_table(struct ov_session *s, const char *cmd, const char *name)
{
    lua_State *L = s->L;
    const char *names[256];
    const char *best = NULL;
    char msg[512];

    if (ov_lua_cpcall(L, table_names, NULL, 1) == LUA_OK) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1), i;

        /* the names stay alive in the list until it is popped */
        for (i = 0; i < n && i < 256; i++) {
            lua_rawgeti(L, -1, i + 1);
            names[i] = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        best = ov_suggest(name, names, (size_t)i);
    }
    if (best != NULL)
        snprintf(msg, sizeof msg, "%s: no table called '%s'; did you mean '%s'?", cmd,
                 name, best);
    else
        snprintf(msg, sizeof msg, "%s: no table called '%s' (.tables lists them)", cmd,
                 name);
    lua_pop(L, 1); /* the list, or the error */
    ov_session_error(s, msg);
}

/* true (pushed) if the global named by the argument is a table */
static int
is_table(lua_State *L)
{
    lua_pushglobaltable(L);
    lua_pushstring(L, lua_touserdata(L, 1));
    lua_rawget(L, -2);
    lua_pushboolean(L, ov_lbind_test_table(L, -1) != NULL);
    return 1;
}

static enum ov_cmd_result
cmd_schema(struct ov_session *s, int argc, char **argv)
{
    lua_State *L = s->L;
    ov_strbuf b = OV_STRBUF_INIT;
    enum ov_cmd_result r = OV_CMD_OK;
    lua_Integer n, i;

    if (argc > 2) {
        usage_error(s, ov_command_find("schema"));
        return OV_CMD_ERROR;
    }
    if (argc == 2) {
        bool found = false;

        if (is_name(argv[1])) {
            if (ov_lua_cpcall(L, is_table, argv[1], 1) == LUA_OK)
                found = lua_toboolean(L, -1);
            lua_pop(L, 1);
        }
        if (!found) {
            no_table(s, ".schema", argv[1]);
            return OV_CMD_ERROR;
        }
        ov_strbuf_printf(&b, "print(%s:schema())", argv[1]);
        r = run_lua(s, ov_strbuf_cstr(&b), "=.schema");
        ov_strbuf_free(&b);
        return r;
    }
    if (ov_lua_cpcall(L, table_names, NULL, 1) != LUA_OK) {
        fail(s, ".schema: %s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return OV_CMD_ERROR;
    }
    /* the list stays below while each statement runs */
    n = (lua_Integer)lua_rawlen(L, -1);
    for (i = 1; i <= n && r == OV_CMD_OK; i++) {
        lua_rawgeti(L, -1, i);
        ov_strbuf_reset(&b);
        ov_strbuf_printf(&b, "print(%s:schema())", lua_tostring(L, -1));
        lua_pop(L, 1);
        fprintf(s->out, "%s%.*s\n", i > 1 ? "\n" : "", (int)(b.len - 7),
                ov_strbuf_cstr(&b) + 6);
        r = run_lua(s, ov_strbuf_cstr(&b), "=.schema");
    }
    lua_pop(L, 1);
    if (n == 0)
        fputs("no tables yet: load one with .load FILE or load_csv(\"FILE\")\n",
              s->out);
    ov_strbuf_free(&b);
    return r;
}

/* ---- .load ---- */

static bool is_keyword(const char *p);

/* a Lua name from a file name: "DPD Citizen-Complaints.csv" -> dpd_citizen_complaints
 */
static void
name_from_path(const char *path, char *name, size_t size)
{
    const char *base = strrchr(path, '/'), *dot;
    size_t k = 0;

    base = base != NULL ? base + 1 : path;
    dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        dot = base + strlen(base);
    if (!(isalpha((unsigned char)*base) || *base == '_') && k + 2 < size) {
        name[k++] = 't';
        name[k++] = '_';
    }
    for (; base < dot && k + 1 < size; base++) {
        unsigned char c = (unsigned char)*base;

        if (isalnum(c))
            name[k++] = (char)tolower(c);
        else if (k > 0 && name[k - 1] != '_')
            name[k++] = '_';
    }
    while (k > 0 && name[k - 1] == '_')
        k--;
    name[k] = '\0';
    if (k == 0 || (!is_name(name) && !is_keyword(name)))
        snprintf(name, size, "t");
}

static bool
is_keyword(const char *p)
{
    const char *const *k;

    for (k = ov_lua_keywords; *k != NULL; k++)
        if (strcmp(*k, p) == 0)
            return true;
    return false;
}

/* What the global `name` holds when a table must not replace it (a
 * function such as check or print, a library such as ov or string), or
 * NULL when it is free or holds data (an earlier table of that name). */
static const char *
taken_by(struct ov_session *s, const char *name)
{
    int type = lua_getglobal(s->L, name);

    lua_pop(s->L, 1);
    if (type == LUA_TFUNCTION)
        return "function";
    if (type == LUA_TTABLE)
        return "library";
    return NULL;
}

static enum ov_cmd_result
cmd_load(struct ov_session *s, int argc, char **argv)
{
    char name[128];
    ov_strbuf b = OV_STRBUF_INIT;
    enum ov_cmd_result r;
    const char *what;

    if (argc == 4 && strcasecmp(argv[2], "as") == 0) {
        if (is_keyword(argv[3])) {
            fail(s,
                 ".load: '%s' is a word of Lua's own and cannot name a table; choose "
                 "another name",
                 argv[3]);
            return OV_CMD_ERROR;
        }
        if (!is_name(argv[3])) {
            fail(s, ".load: '%s' cannot name a table: use letters, digits and _",
                 argv[3]);
            return OV_CMD_ERROR;
        }
        if ((what = taken_by(s, argv[3])) != NULL) {
            fail(s,
                 ".load: '%s' is already a %s, and loading over it would lose it "
                 "for the session; choose another name",
                 argv[3], what);
            return OV_CMD_ERROR;
        }
        snprintf(name, sizeof name, "%s", argv[3]);
    } else if (argc == 2) {
        name_from_path(argv[1], name, sizeof name);
        what = is_keyword(name) ? "a word of Lua's own" : taken_by(s, name);
        if (what != NULL) {
            size_t n = strlen(name);

            if (n + 3 > sizeof name)
                n = sizeof name - 3;
            memcpy(name + n, "_t", 3);
            /* said even in scripts: the name the file suggests is not the
             * one the table has */
            fprintf(stderr, "(named the table %s: '%.*s' is %s%s)\n", name, (int)n,
                    name, what[0] == 'a' ? "" : "already a ", what);
        }
    } else {
        usage_error(s, ov_command_find("load"));
        return OV_CMD_ERROR;
    }
    ov_strbuf_printf(&b, "%s = load(", name);
    quote_string(&b, argv[1]);
    ov_strbuf_puts(&b, ", {})");
    r = run_lua(s, ov_strbuf_cstr(&b), "=.load");
    if (r == OV_CMD_OK && s->interactive)
        fprintf(stderr, "(the table is %s)\n", name);
    ov_strbuf_free(&b);
    return r;
}

/* ---- .mode, .timer ---- */

static enum ov_cmd_result
cmd_mode(struct ov_session *s, int argc, char **argv)
{
    ov_strbuf b = OV_STRBUF_INIT;
    enum ov_cmd_result r;
    const char *const *w;

    if (argc == 1) {
        fprintf(s->out, "%s\n",
                s->ui.auto_mode ? "auto" : ov_fmt_mode_name(s->ui.display.mode));
        return OV_CMD_OK;
    }
    if (argc != 2) {
        usage_error(s, ov_command_find("mode"));
        return OV_CMD_ERROR;
    }
    for (w = mode_words; *w != NULL && strcmp(*w, argv[1]) != 0; w++)
        ;
    if (*w == NULL) {
        const char *best = ov_suggest(argv[1], mode_words, 7);

        if (best != NULL)
            fail(s, ".mode: no mode '%s'; did you mean '%s'?", argv[1], best);
        else
            fail(s, ".mode: no mode '%s' (auto box plain csv tsv markdown json)",
                 argv[1]);
        return OV_CMD_ERROR;
    }
    ov_strbuf_printf(&b, "ov.display{ mode = \"%s\" }", argv[1]);
    r = run_lua(s, ov_strbuf_cstr(&b), "=.mode");
    ov_strbuf_free(&b);
    return r;
}

static enum ov_cmd_result
cmd_timer(struct ov_session *s, int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "on") != 0 && strcmp(argv[1], "off") != 0)) {
        usage_error(s, ov_command_find("timer"));
        return OV_CMD_ERROR;
    }
    s->timer = strcmp(argv[1], "on") == 0;
    return OV_CMD_OK;
}

static enum ov_cmd_result
cmd_pager(struct ov_session *s, int argc, char **argv)
{
    if (argc == 1) {
        fprintf(s->out, "%s\n",
                s->pager == NULL        ? "off (not at a terminal)"
                : ov_pager_on(s->pager) ? "on"
                                        : "off");
        return OV_CMD_OK;
    }
    if (argc != 2 || (strcmp(argv[1], "on") != 0 && strcmp(argv[1], "off") != 0)) {
        usage_error(s, ov_command_find("pager"));
        return OV_CMD_ERROR;
    }
    ov_pager_set(s->pager, strcmp(argv[1], "on") == 0);
    return OV_CMD_OK;
}

/* ---- .read, .output, .record ---- */

static enum ov_cmd_result
cmd_read(struct ov_session *s, int argc, char **argv)
{
    FILE *f;
    ov_input *in, *outer = s->input;
    int failed;

    if (argc != 2) {
        usage_error(s, ov_command_find("read"));
        return OV_CMD_ERROR;
    }
    if (s->read_loop == NULL) {
        fail(s, ".read: %s: no loop is reading statements", argv[1]);
        return OV_CMD_ERROR;
    }
    if (s->read_depth >= 16) {
        fail(s, ".read: %s: files read each other more than 16 deep", argv[1]);
        return OV_CMD_ERROR;
    }
    f = ov_input_fopen(argv[1]);
    if (f == NULL) {
        fail(s, ".read: %s: cannot open: %s", argv[1], strerror(errno));
        return OV_CMD_ERROR;
    }
    in = ov_input_open_file(f, argv[1]);
    if (in == NULL) {
        fclose(f);
        ov_session_error(s, ".read: out of memory");
        return OV_CMD_ERROR;
    }
    s->read_depth++;
    /* the loop this command was read by (repl.c), by pointer: the
     * dot-commands do not call the REPL by name */
    failed = s->read_loop(s, in);
    s->read_depth--;
    s->input = outer;
    if (ov_input_error(in) != NULL) {
        fail(s, ".read: %s", ov_input_error(in));
        failed++;
    }
    ov_input_close(in);
    fclose(f);
    return failed > 0 ? OV_CMD_ERROR : OV_CMD_OK;
}

static enum ov_cmd_result
cmd_output(struct ov_session *s, int argc, char **argv)
{
    if (argc != 2) {
        usage_error(s, ov_command_find("output"));
        return OV_CMD_ERROR;
    }
    if (strcmp(argv[1], "stdout") == 0 || strcmp(argv[1], "-") == 0)
        return ov_session_output(s, NULL) ? OV_CMD_OK : OV_CMD_ERROR;
    return ov_session_output(s, argv[1]) ? OV_CMD_OK : OV_CMD_ERROR;
}

static enum ov_cmd_result
cmd_record(struct ov_session *s, int argc, char **argv)
{
    if (argc != 2) {
        usage_error(s, ov_command_find("record"));
        return OV_CMD_ERROR;
    }
    if (strcmp(argv[1], "off") == 0)
        return ov_session_record_to(s, NULL) ? OV_CMD_OK : OV_CMD_ERROR;
    return ov_session_record_to(s, argv[1]) ? OV_CMD_OK : OV_CMD_ERROR;
}

static enum ov_cmd_result
cmd_quit(struct ov_session *s, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        usage_error(s, ov_command_find("quit"));
        return OV_CMD_ERROR;
    }
    s->quit = true;
    return OV_CMD_EXIT;
}

/* ---- words ---- */

void
ov_command_free_words(char **argv)
{
    char **p;

    if (argv == NULL)
        return;
    for (p = argv; *p != NULL; p++)
        free(*p);
    free(argv);
}

char **
ov_command_split(const char *line, int *argc, char *err, size_t errlen)
{
    size_t cap = 8, n = 0, len = strlen(line);
    char **v = malloc(cap * sizeof *v);
    char *word = malloc(len + 1);
    const char *p = line;

    if (v == NULL || word == NULL) {
        free(v);
        free(word);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (;;) {
        size_t w = 0;

        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            if (*p == '"' || *p == '\'') {
                char q = *p++;

                while (*p != '\0' && *p != q)
                    word[w++] = *p++;
                if (*p != q) {
                    snprintf(err, errlen, "unterminated %c quote", q);
                    free(word);
                    v[n] = NULL;
                    ov_command_free_words(v);
                    return NULL;
                }
                p++;
            } else {
                word[w++] = *p++;
            }
        }
        word[w] = '\0';
        if (n + 2 > cap) {
            char **nv = realloc(v, (cap *= 2) * sizeof *v);

            if (nv == NULL) {
                v[n] = NULL;
                ov_command_free_words(v);
                free(word);
                snprintf(err, errlen, "out of memory");
                return NULL;
            }
            v = nv;
        }
        v[n] = strdup(word);
        if (v[n] == NULL) {
            ov_command_free_words(v);
            free(word);
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
        n++;
    }
    v[n] = NULL;
    free(word);
    *argc = (int)n;
    return v;
}

enum ov_cmd_result
ov_command_run(struct ov_session *s, const char *line)
{
    char err[128];
    char msg[256];
    int argc = 0;
    char **argv;
    const struct ov_command *c;
    enum ov_cmd_result r;

    while (*line == ' ' || *line == '\t')
        line++;
    argv = ov_command_split(line + 1, &argc, err, sizeof err);

    if (argv == NULL) {
        snprintf(msg, sizeof msg, "%s: %s", line, err);
        ov_session_error(s, msg);
        return OV_CMD_ERROR;
    }
    if (argc == 0) {
        ov_command_free_words(argv);
        ov_session_error(s, "a lone '.' is not a command; .help lists them");
        return OV_CMD_ERROR;
    }
    c = ov_command_find(argv[0]);
    if (c == NULL) {
        const char *names[64];
        const char *best;
        size_t n = 0;

        for (c = ov_commands; c->name != NULL && n < 64; c++)
            names[n++] = c->name;
        best = ov_suggest(argv[0], names, n);
        if (best != NULL)
            snprintf(msg, sizeof msg,
                     "unknown command .%s; did you mean .%s? (.help lists them)",
                     argv[0], best);
        else
            snprintf(msg, sizeof msg, "unknown command .%s; .help lists them", argv[0]);
        ov_command_free_words(argv);
        ov_session_error(s, msg);
        return OV_CMD_ERROR;
    }
    r = c->run(s, argc, argv);
    ov_command_free_words(argv);
    return r;
}
