/*
 * lbind_table.c - tables in Lua: load_csv, the "ov.Table" userdata (its
 * printing, length, names, write, rejects). A table userdata is created
 * empty first and the engine table attached after, so a memory error in
 * between cannot leak it (liolib's newprefile). Only the collector frees
 * it: __close (and __gc called by hand) only close it, since a C method
 * may be using it (see tbl_gc in lbind_aux.c, which owns the userdata).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "clock.h"
#include "fileio.h"
#include "format.h"
#include "lbind.h"
#include "loader.h"
#include "luasafe.h"
#include "ov_mem.h"
#include "query.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

/* ---- the userdata's methods ---- */

static int
tbl_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)ov_table_nrows(ov_lbind_check_table(L, 1)));
    return 1;
}

/* renders t with the session's display options into a Lua string */
static int
tbl_tostring(lua_State *L)
{
    ov_table *t;
    struct ov_fmt_opts o;
    struct ov_err err;
    char *text = NULL;
    size_t len = 0;
    FILE *f;
    ov_status st;

    luaL_checkudata(L, 1, OV_LBIND_TABLE_MT);
    t = ov_lbind_test_table(L, 1);

    if (t == NULL) {
        lua_pushliteral(L, "table (closed)");
        return 1;
    }
    ov_lbind_display(L, &o);
    f = open_memstream(&text, &len);
    if (f == NULL)
        return luaL_error(L, "not enough memory");
    st = ov_format_table(f, t, &o, &err);
    if (fclose(f) != 0 && st == OV_OK)
        st = ov_err_nomem(&err, "printing a table");
    if (st != OV_OK) {
        free(text);
        return ov_lbind_error(L, "print", &err);
    }
    /* the footer's newline is the printer's business */
    if (len > 0 && text[len - 1] == '\n')
        len--;
    lua_pushlstring(L, text, len);
    free(text);
    return 1;
}

static int
tbl_names(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    size_t j, n = ov_table_ncols(t);

    lua_createtable(L, (int)n, 0);
    for (j = 0; j < n; j++) {
        lua_pushstring(L, ov_table_colname(t, j));
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    return 1;
}

/* ---- option tables ---- */

/* Raises "fname: unknown option 'x'; did you mean 'y'?" for any key of the
 * options table at idx that is not in `known`; then puts a plain copy in
 * its place (ov_lbind_plain_options), so the options are read once */
static void
check_options(lua_State *L, int idx, const char *fname, const char *const *known)
{
    size_t n = 0;

    while (known[n] != NULL)
        n++;
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        const char *key;
        size_t i;
        bool ok = false;

        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: options are named (like { delim = ';' }), not listed",
                       fname);
        key = lua_tostring(L, -1);
        for (i = 0; i < n && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (!ok) {
            const char *best = ov_suggest(key, known, n);

            if (best != NULL)
                luaL_error(L, "%s: unknown option '%s'; did you mean '%s'?", fname, key,
                           best);
            luaL_error(L, "%s: unknown option '%s'", fname, key);
        }
    }
    ov_lbind_plain_options(L, idx, known);
}

/* the string option `name` of the table at idx, or NULL */
static const char *
opt_string(lua_State *L, int idx, const char *fname, const char *name)
{
    const char *s = NULL;

    if (lua_getfield(L, idx, name) != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: option '%s' must be a string, not %s", fname, name,
                       luaL_typename(L, -1));
        s = lua_tostring(L, -1);
    }
    lua_pop(L, 1); /* the string stays alive: it is in the options table */
    return s;
}

static int
opt_bool(lua_State *L, int idx, const char *fname, const char *name, int dflt)
{
    int v = dflt;

    if (lua_getfield(L, idx, name) != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TBOOLEAN)
            luaL_error(L, "%s: option '%s' must be true or false, not %s", fname, name,
                       luaL_typename(L, -1));
        v = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* one of the words, by position; raises naming the choices */
static int
opt_choice(lua_State *L, int idx, const char *fname, const char *name,
           const char *const *words, int dflt)
{
    const char *s = opt_string(L, idx, fname, name);
    int i;

    if (s == NULL)
        return dflt;
    for (i = 0; words[i] != NULL; i++)
        if (strcmp(s, words[i]) == 0)
            return i;
    {
        luaL_Buffer b;

        luaL_buffinit(L, &b);
        for (i = 0; words[i] != NULL; i++) {
            if (i > 0)
                luaL_addstring(&b, words[i + 1] == NULL ? " or " : ", ");
            luaL_addchar(&b, '"');
            luaL_addstring(&b, words[i]);
            luaL_addchar(&b, '"');
        }
        luaL_pushresult(&b);
        return luaL_error(L, "%s: option '%s' must be %s, not \"%s\"", fname, name,
                          lua_tostring(L, -1), s);
    }
}

/* ---- load_csv ---- */

/* the load's progress, drawn by the ui (the shell) at most ten times a
 * second */
struct progress {
    struct ov_ui *ui;
    const char *name;
    double last;
    bool drawn;
};

static void
draw_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct progress *p = ctx;
    double t = ov_clock_now();

    if (total == 0 || (p->drawn && t - p->last < 0.1 && done < total))
        return;
    p->last = t;
    p->drawn = true;
    p->ui->progress(p->ui, p->name, done, total);
}

static void
print_report(FILE *out, const ov_table *t, const struct ov_load_report *rep)
{
    char a[32], b[32];
    size_t i;

    fprintf(out, "loaded %s: %s row%s \xc3\x97 %s column%s in %.2f s", ov_table_name(t),
            (ov_value_format_int_grouped(a, (int64_t)rep->rows, ','), a),
            rep->rows == 1 ? "" : "s",
            (ov_value_format_int_grouped(b, (int64_t)rep->cols, ','), b),
            rep->cols == 1 ? "" : "s", rep->seconds);
    if (rep->delim != ',')
        fprintf(out, " (%s-separated)",
                rep->delim == '\t'  ? "tab"
                : rep->delim == ';' ? "semicolon"
                                    : "bar");
    if (rep->compressed[0] != '\0')
        fprintf(out, " (%s)", rep->compressed);
    fputc('\n', out);
    for (i = 0; i < rep->nnotes; i++)
        fprintf(out, "  %s\n", rep->notes[i]);
    fflush(out);
}

static const char *const load_options[] = {
    "delim",   "header", "null",    "types",  "encoding", "on_ragged", "name",
    "threads", "report", "comment", "member", "skip",     NULL};

/* load_csv's options delim, header, comment and encoding, into o */
static void
text_options(lua_State *L, struct ov_load_opts *o)
{
    const char *d;

    d = opt_string(L, 2, "load_csv", "delim");
    if (d != NULL) {
        if (strcmp(d, "tab") == 0 || strcmp(d, "\\t") == 0)
            o->delim = '\t';
        else if (strlen(d) == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r')
            o->delim = d[0];
        else
            luaL_error(L,
                       "load_csv: option 'delim' must be one character "
                       "(such as \",\", \";\", \"|\" or \"\\t\"), not \"%s\"",
                       d);
    }
    switch (opt_bool(L, 2, "load_csv", "header", -1)) {
    case 0:
        o->header = OV_HEADER_NONE;
        break;
    case 1:
        o->header = OV_HEADER_FIRST_ROW;
        break;
    default:
        o->header = OV_HEADER_AUTO; /* not given: found from the rows */
    }
    d = opt_string(L, 2, "load_csv", "comment");
    if (d != NULL) {
        if (strlen(d) != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r')
            luaL_error(L,
                       "load_csv: option 'comment' must be one character, "
                       "such as \"#\", not \"%s\"",
                       d);
        o->comment = d[0];
    }
    d = opt_string(L, 2, "load_csv", "encoding");
    if (d != NULL) {
        if (strcasecmp(d, "utf-8") == 0 || strcasecmp(d, "utf8") == 0)
            o->encoding = OV_ENC_UTF8;
        else if (strcasecmp(d, "latin1") == 0 || strcasecmp(d, "latin-1") == 0 ||
                 strcasecmp(d, "iso-8859-1") == 0)
            o->encoding = OV_ENC_LATIN1;
        else if (strcasecmp(d, "cp1252") == 0 || strcasecmp(d, "windows-1252") == 0)
            o->encoding = OV_ENC_CP1252;
        else
            luaL_error(L,
                       "load_csv: option 'encoding' must be \"utf-8\", "
                       "\"latin1\" or \"cp1252\", not \"%s\"",
                       d);
    }
}

/* load_csv's option null, into o: a string or a list of strings, boxed
 * in a userdata left on the stack, which keeps it alive during the load */
static void
null_option(lua_State *L, struct ov_load_opts *o)
{
    const char **nulls;

    switch (lua_getfield(L, 2, "null")) {
    case LUA_TNIL:
        break;
    case LUA_TSTRING:
        nulls = lua_newuserdatauv(L, sizeof *nulls, 0);
        nulls[0] = lua_tostring(L, -2);
        o->nulls = nulls;
        o->nnulls = 1;
        lua_replace(L, -2); /* keep the box, the string lives in opts */
        break;
    case LUA_TTABLE: {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1), i;

        nulls = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof *nulls, 0);
        for (i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -2, i) != LUA_TSTRING)
                luaL_error(L, "load_csv: option 'null' must list strings");
            nulls[i - 1] = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        o->nulls = nulls;
        o->nnulls = (size_t)n;
        lua_replace(L, -2);
        break;
    }
    default:
        luaL_error(L, "load_csv: option 'null' must be a string or a list of "
                      "strings");
    }
}

/* load_csv's option types, into o: { column = "int" | "float" | "string" |
 * "bool" | "date" }. The table and the array made from it are left on
 * the stack: they keep the strings and the array alive during the load. */
static void
types_option(lua_State *L, struct ov_load_opts *o)
{
    ov_lbind_types_option(L, 2, "load_csv", &o->types, &o->ntypes);
}

void
ov_lbind_types_option(lua_State *L, int idx, const char *fname,
                      const struct ov_type_override **out, size_t *nout)
{
    struct ov_type_override *types;

    if (lua_getfield(L, idx, "types") == LUA_TTABLE) {
        size_t n = 0, k = 0;

        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            n++;
            lua_pop(L, 1);
        }
        types = lua_newuserdatauv(L, (n ? n : 1) * sizeof *types, 0);
        lua_pushnil(L);
        while (lua_next(L, -3) != 0) {
            int ty;

            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L,
                           "%s: option 'types' maps column names to "
                           "type names, like { zip = \"string\" }",
                           fname);
            ty = ov_type_from_name(lua_tostring(L, -1));
            if (ty < 0) {
                static const char *const tn[] = {"int", "float", "string", "bool",
                                                 "date"};
                const char *best = ov_suggest(lua_tostring(L, -1), tn, 5);

                luaL_error(L,
                           "%s: types: '%s' is not a type (int, "
                           "float, string, bool or date)%s%s%s",
                           fname, lua_tostring(L, -1), best ? "; did you mean '" : "",
                           best ? best : "", best ? "'?" : "");
            }
            types[k].column = lua_tostring(L, -2);
            types[k].type = (ov_type)ty;
            k++;
            lua_pop(L, 1);
        }
        *out = types;
        *nout = k;
    } else if (!lua_isnil(L, -1)) {
        luaL_error(L, "%s: option 'types' must be a table", fname);
    }
}

/* load_csv's options table (argument 2), into o and *report; what the
 * options point into is left on the stack for the load */
static void
load_opts(lua_State *L, struct ov_load_opts *o, int *report)
{
    static const char *const rag[] = {"error", "skip", "pad", NULL};

    luaL_checktype(L, 2, LUA_TTABLE);
    check_options(L, 2, "load_csv", load_options);
    text_options(L, o);
    o->on_ragged = (enum ov_ragged)opt_choice(L, 2, "load_csv", "on_ragged", rag, 0);
    o->name = opt_string(L, 2, "load_csv", "name");
    o->member = opt_string(L, 2, "load_csv", "member");
    *report = opt_bool(L, 2, "load_csv", "report", *report);
    if (lua_getfield(L, 2, "threads") != LUA_TNIL) {
        lua_Integer n = luaL_checkinteger(L, -1);

        if (n < 1 || n > 64)
            luaL_error(L, "load_csv: option 'threads' must be from 1 to 64");
        o->threads = (int)n;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "skip") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
            lua_tointeger(L, -1) > 1000000)
            luaL_error(L, "load_csv: option 'skip' must be a whole number of lines "
                          "from 0 to 1,000,000");
        o->skip = (long)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    null_option(L, o);
    types_option(L, o);
}

/* the load's report stays with the table, for t:provenance() */
static void
keep_report(ov_table *t, const struct ov_load_report *rep)
{
    char a[32], line[128];
    size_t i;

    ov_value_format_int_grouped(a, (int64_t)rep->rows, ',');
    snprintf(line, sizeof line, "%s rows, %zu columns in %.2f s", a, rep->cols,
             rep->seconds);
    ov_table_set_fact(t, "loaded", line);
    for (i = 0; i < rep->nnotes; i++) {
        char key[32];

        snprintf(key, sizeof key, "note %zu", i + 1);
        ov_table_set_fact(t, key, rep->notes[i]);
    }
}

static int
l_load_csv(lua_State *L)
{
    const char *path = ov_lbind_checktext(L, 1, "load_csv", "the path");
    struct ov_load_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    struct ov_ui *ui = ov_lbind_ui(L);
    struct progress prog = {ui, path, 0, false};
    ov_table **slot;
    ov_status st;
    int report;
    struct stat sb;

    ov_load_opts_init(&o);
    report = ui->interactive;
    if (!lua_isnoneornil(L, 2))
        load_opts(L, &o, &report);
    if (ui->progress != NULL && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        sb.st_size > 50 * 1024 * 1024) {
        o.progress = draw_progress;
        o.progress_ctx = &prog;
    }
    slot = ov_lbind_new_table(L);
    st = ov_load_csv(path, &o, slot, &rep, &err);
    if (prog.drawn && ui->progress_end != NULL)
        ui->progress_end(ui);
    if (st != OV_OK)
        return ov_lbind_error(L, "load_csv", &err);
    if (report)
        print_report(ui->notes, *slot, &rep);
    keep_report(*slot, &rep);
    ov_load_report_free(&rep);
    return 1;
}

/* ---- t:write(path [, opts]) ---- */

/* The format a path's extension names; -1 for an extension oversight
 * does not write (.xlsx, .html, .gz...), which is refused rather than
 * written as CSV under a name that says otherwise. */
static int
mode_for_path(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

    if (dot == NULL || (slash != NULL && dot < slash) || dot[1] == '\0')
        return OV_FMT_CSV;
    if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".txt") == 0)
        return OV_FMT_CSV;
    if (strcasecmp(dot, ".tsv") == 0 || strcasecmp(dot, ".tab") == 0)
        return OV_FMT_TSV;
    if (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0)
        return OV_FMT_MARKDOWN;
    if (strcasecmp(dot, ".json") == 0)
        return OV_FMT_JSON;
    return -1;
}

static const char *const write_options[] = {"format", "header", "provenance", NULL};

static int
tbl_write(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    const char *path = ov_lbind_checktext(L, 2, "write", "the path");
    struct ov_fmt_opts o;
    struct ov_afile af;
    struct ov_err err;
    ov_status st;

    int mode = mode_for_path(path);

    if (ov_lbind_sqlite_path(path))
        return ov_lbind_write_sqlite(L);
    /* .xlsx: a workbook (lbind_xlsx.c), unless format = asks for another */
    if (mode < 0 && strcasecmp(strrchr(path, '.'), ".xlsx") == 0 &&
        (lua_type(L, 3) != LUA_TTABLE || lua_getfield(L, 3, "format") == LUA_TNIL))
        return ov_lbind_write_xlsx_table(L);
    lua_settop(L, 3);
    ov_fmt_opts_init(&o, mode < 0 ? OV_FMT_CSV : (enum ov_fmt_mode)mode);
    if (mode < 0 &&
        (lua_type(L, 3) != LUA_TTABLE || lua_getfield(L, 3, "format") == LUA_TNIL))
        return luaL_error(
            L,
            "write: %s: oversight does not write %s files; it writes .csv, "
            ".tsv, .md, .json, .xlsx and .sqlite (.sqlite3, .db) (or give "
            "format = \"csv\" to write CSV under this name)",
            path, strrchr(path, '.'));
    if (mode < 0)
        lua_pop(L, 1);
    /* a Markdown file flags small numbers as the screen does */
    o.small = ov_lbind_ui(L)->display.small;
    if (!lua_isnoneornil(L, 3)) {
        static const char *const fmts[] = {"csv", "tsv", "markdown", "json", NULL};
        const enum ov_fmt_mode map[] = {OV_FMT_CSV, OV_FMT_TSV, OV_FMT_MARKDOWN,
                                        OV_FMT_JSON};

        luaL_checktype(L, 3, LUA_TTABLE);
        check_options(L, 3, "write", write_options);
        o.mode = map[opt_choice(L, 3, "write", "format", fmts,
                                o.mode == OV_FMT_TSV        ? 1
                                : o.mode == OV_FMT_MARKDOWN ? 2
                                : o.mode == OV_FMT_JSON     ? 3
                                                            : 0)];
        o.header = opt_bool(L, 3, "write", "header", 1);
        o.provenance = opt_bool(L, 3, "write", "provenance", 0);
        if (o.provenance && o.mode == OV_FMT_JSON)
            return luaL_error(
                L, "write: provenance goes into csv, tsv and markdown files, "
                   "not json");
    }
    /* --safe: only beneath the working directory (luasafe.h) */
    st = ov_luasafe_afile_open(L, &af, path, &err);
    if (st != OV_OK)
        return ov_lbind_error(L, "write", &err);
    st = ov_format_table(af.f, t, &o, &err);
    if (st != OV_OK) {
        ov_afile_abort(&af);
        return ov_lbind_error(L, "write", &err);
    }
    if ((st = ov_afile_commit(&af, &err)) != OV_OK)
        return ov_lbind_error(L, "write", &err);
    if (ov_lbind_ui(L)->interactive) {
        char a[32];

        ov_value_format_int_grouped(a, (int64_t)ov_table_nrows(t), ',');
        fprintf(ov_lbind_ui(L)->notes, "wrote %s row%s to %s\n", a,
                ov_table_nrows(t) == 1 ? "" : "s", path);
    }
    /* nothing returned: at the prompt, a write prints no table */
    return 0;
}

/* ---- t:rejects() ---- */

static int
tbl_rejects(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_table *r = ov_table_rejects(t);
    ov_table **slot = ov_lbind_new_table(L);
    struct ov_err err;

    if (r != NULL) {
        *slot = ov_table_view(r, &err);
    } else {
        /* no rows were rejected: an empty table of the same shape */
        ov_column *cl, *cf, *ct;

        *slot = ov_table_new(0, &err);
        if (*slot == NULL)
            return ov_lbind_error(L, "rejects", &err);
        cl = ov_column_new(OV_INT, 0, NULL, 0, &err);
        cf = ov_column_new(OV_INT, 0, NULL, 0, &err);
        ct = ov_column_new(OV_STRING, 0, NULL, 0, &err);
        if (cl == NULL || cf == NULL || ct == NULL ||
            ov_table_add_column(*slot, "line", cl, &err) != OV_OK ||
            ov_table_add_column(*slot, "fields", cf, &err) != OV_OK ||
            ov_table_add_column(*slot, "text", ct, &err) != OV_OK) {
            ov_column_unref(cl);
            ov_column_unref(cf);
            ov_column_unref(ct);
            return ov_lbind_error(L, "rejects", &err);
        }
        ov_column_unref(cl);
        ov_column_unref(cf);
        ov_column_unref(ct);
    }
    if (*slot == NULL)
        return ov_lbind_error(L, "rejects", &err);
    {
        char name[256];

        snprintf(name, sizeof name, "%s rejects", ov_table_name(t));
        ov_table_set_name(*slot, name);
    }
    return 1;
}

/* ---- schema, summary, provenance ---- */

typedef ov_status (*tableop)(const ov_table *, ov_table **, struct ov_err *);

static int
table_op(lua_State *L, const char *fname, tableop op)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_table **slot = ov_lbind_new_table(L);
    struct ov_err err;

    if (op(t, slot, &err) != OV_OK)
        return ov_lbind_error(L, fname, &err);
    return 1;
}

static int
tbl_schema(lua_State *L)
{
    return table_op(L, "schema", ov_query_schema);
}

static int
tbl_summary(lua_State *L)
{
    return table_op(L, "summary", ov_query_summary);
}

/* t:provenance(): where the table came from, as text */
static int
tbl_provenance(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    ov_strbuf *b = ov_lbind_new_buf(L);

    ov_format_provenance(b, t, "", "  ");
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    /* the printer adds the last newline */
    lua_pushlstring(L, ov_strbuf_cstr(b), b->len > 0 ? b->len - 1 : 0);
    return 1;
}

/* t:bars([column]): the same table, drawn with text bars for the column
 * (n, else Total, else the last column of numbers) when shown */
static int
tbl_bars(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1), **slot;
    const char *name = luaL_optstring(L, 2, NULL);
    struct ov_err err;
    int j = -1;

    if (name != NULL) {
        if (ov_query_column(t, name, &j, &err) != OV_OK)
            return ov_lbind_error(L, "bars", &err);
    } else if ((j = ov_table_find(t, "n")) < 0 && (j = ov_table_find(t, "Total")) < 0) {
        size_t k;

        for (k = ov_table_ncols(t); k > 0 && j < 0; k--) {
            ov_type ty = ov_table_col(t, k - 1)->type;

            if (ty == OV_INT || ty == OV_FLOAT)
                j = (int)k - 1;
        }
        if (j < 0)
            return luaL_error(L, "bars: the table has no column of numbers to draw");
    }
    if (ov_table_col(t, (size_t)j)->type != OV_INT &&
        ov_table_col(t, (size_t)j)->type != OV_FLOAT)
        return luaL_error(L, "bars: '%s' is not a column of numbers",
                          ov_table_colname(t, (size_t)j));
    slot = ov_lbind_new_table(L);
    if ((*slot = ov_table_view(t, &err)) == NULL)
        return ov_lbind_error(L, "bars", &err);
    ov_table_set_bars(*slot, j);
    return 1;
}

/* ---- rows ---- */

/* row i (0-based) of t as a Lua table { column = value } */
static void
push_row(lua_State *L, const ov_table *t, size_t i)
{
    size_t j, nc = ov_table_ncols(t);

    lua_createtable(L, 0, (int)nc);
    for (j = 0; j < nc; j++) {
        ov_lbind_push_cell(L, t, j, i);
        lua_setfield(L, -2, ov_table_colname(t, j));
    }
}

static int
rows_next(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2) + 1;

    if (i < 1 || (size_t)i > ov_table_nrows(t))
        return 0;
    lua_pushinteger(L, i);
    push_row(L, t, (size_t)(i - 1));
    return 2;
}

/* for i, row in t:rows() do ... end */
static int
tbl_rows(lua_State *L)
{
    ov_lbind_check_table(L, 1);
    lua_pushcfunction(L, rows_next);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

static const luaL_Reg tbl_methods[] = {
    {"names", tbl_names},     {"write", tbl_write},
    {"rejects", tbl_rejects}, {"rows", tbl_rows},
    {"col", ov_lbind_col},    {"schema", tbl_schema},
    {"summary", tbl_summary}, {"provenance", tbl_provenance},
    {"bars", tbl_bars},       {NULL, NULL},
};

/* t[i] is row i; t:name(...) a method. Columns are never fields, so a
 * column called "where" or "sort" cannot hide a method: use t:col(). */
static int
tbl_index(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TNUMBER) {
        ov_table *t = ov_lbind_check_table(L, 1);
        lua_Integer i;

        if (!lua_isinteger(L, 2))
            return luaL_error(L, "a row number must be a whole number, not %s",
                              lua_tostring(L, 2));
        i = lua_tointeger(L, 2);
        if (i < 0)
            i += (lua_Integer)ov_table_nrows(t) + 1; /* t[-1] is the last row */
        if (i >= 1 && (size_t)i <= ov_table_nrows(t))
            push_row(L, t, (size_t)(i - 1));
        else
            lua_pushnil(L);
        return 1;
    }
    if (lua_type(L, 2) != LUA_TSTRING)
        return luaL_error(L,
                          "a table is indexed by row number (t[1]) or method (t:freq)");
    lua_getfield(L, lua_upvalueindex(1), lua_tostring(L, 2));
    if (lua_isnil(L, -1))
        return ov_lbind_no_method(L, "table", lua_upvalueindex(1), lua_tostring(L, 2));
    return 1;
}

static int
tbl_newindex(lua_State *L)
{
    return luaL_error(
        L, "a table cannot be changed in place: t:mutate{...} makes a new one");
}

static const luaL_Reg tbl_meta[] = {
    {"__len", tbl_len},
    {"__tostring", tbl_tostring},
    {"__newindex", tbl_newindex},
    {NULL, NULL},
};

void
ov_lbind_table_open(lua_State *L)
{
    /* made by ov_lbind_aux_open with its __gc and __close; its __name
     * stays "ov.Table", so messages say what it is (liolib's "FILE*") */
    luaL_newmetatable(L, OV_LBIND_TABLE_MT);
    luaL_setfuncs(L, tbl_meta, 0);
    luaL_newlib(L, tbl_methods);
    ov_lbind_query_open(L, -1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "methods"); /* for help() and tests to list them */
    lua_pushcclosure(L, tbl_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_load_csv);
    lua_setglobal(L, "load_csv");
}

/* ---- shared with the other loaders (lbind_sheet.c) ---- */

void
ov_lbind_check_options(lua_State *L, int idx, const char *fname,
                       const char *const *known)
{
    check_options(L, idx, fname, known);
}

const char *
ov_lbind_opt_string(lua_State *L, int idx, const char *fname, const char *name)
{
    return opt_string(L, idx, fname, name);
}

int
ov_lbind_opt_bool(lua_State *L, int idx, const char *fname, const char *name, int dflt)
{
    return opt_bool(L, idx, fname, name, dflt);
}

void
ov_lbind_load_report(lua_State *L, ov_table *t, const struct ov_load_report *rep,
                     bool print)
{
    if (print)
        print_report(ov_lbind_ui(L)->notes, t, rep);
    keep_report(t, rep);
}

int
ov_lbind_load_csv(lua_State *L)
{
    return l_load_csv(L);
}
