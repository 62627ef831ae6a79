/*
 * lbind_data.c - the bundled data: datasets() lists the published figures
 * that come with oversight, dataset(name) loads one with its catalogue
 * entry (title, publisher, period, licence, sources with their URLs) in
 * its provenance, define(term) prints the glossary entry, force_name(text)
 * reads a police force's name as its short one. The files are
 * CSV read by the ordinary loader, found in $OV_DATADIR, the installed
 * package data directory, or the source tree.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>

#include "forces.h"
#include "format.h"
#include "lbind.h"
#include "loader.h"
#include "query.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

/* data/ beside the folder of the running program: src/oversight in a
 * build tree finds the tree's data/ without the build's path baked into
 * the binary (an installed one has nothing there and uses pkgdatadir) */
static const char *
beside_program(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    char *slash;

    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    if ((slash = strrchr(buf, '/')) == NULL)
        return NULL;
    *slash = '\0';
    if ((size_t)(slash - buf) + sizeof "/../data" > size)
        return NULL;
    strcat(buf, "/../data");
    return buf;
}

/* where the data is: the first of these with a catalog.csv */
const char *
ov_lbind_datadir(void)
{
    static char found[4096];
    char exe[4096];
    const char *env = getenv("OV_DATADIR");
    const char *candidates[3];
    size_t i;
    struct stat sb;

    if (found[0] != '\0')
        return found;
    candidates[0] = env != NULL && env[0] != '\0' ? env : NULL;
    candidates[1] = OV_PKGDATADIR "/data";
    candidates[2] = beside_program(exe, sizeof exe);
    for (i = 0; i < 3; i++) {
        char path[4096];

        if (candidates[i] == NULL)
            continue;
        snprintf(path, sizeof path, "%s/catalog.csv", candidates[i]);
        if (stat(path, &sb) == 0) {
            snprintf(found, sizeof found, "%s", candidates[i]);
            return found;
        }
        if (i == 0)
            break; /* OV_DATADIR given: never fall back silently */
    }
    return NULL;
}

/* loads DATADIR/file into a new table (caller frees); raises on failure */
static ov_table *
load_data(lua_State *L, const char *fname, const char *file, const char *name)
{
    const char *dir = ov_lbind_datadir();
    char path[4096];
    struct ov_load_opts o;
    struct ov_err err;
    ov_table *t = NULL;

    if (dir == NULL)
        luaL_error(
            L,
            "%s: the bundled data is not installed (no catalog.csv in $OV_DATADIR, "
            "%s/data or data/ beside the program's folder)",
            fname, OV_PKGDATADIR);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    ov_load_opts_init(&o);
    o.name = name;
    o.threads = 1;
    if (ov_load_csv(path, &o, &t, NULL, &err) != OV_OK)
        ov_lbind_error(L, fname, &err);
    return t;
}

/* the text of row i of the column called col ("" when missing): a string
 * column's text lives as long as the table; other values are written
 * into buf (OV_VALUE_TEXT_MAX bytes) */
static const char *
cell(const ov_table *t, const char *col, size_t i, char *buf)
{
    int j = ov_table_find(t, col);
    struct ov_view v;
    size_t len;
    const char *s;

    if (j < 0)
        return "";
    v = ov_table_colview(t, (size_t)j);
    if (ov_view_missing(&v, i))
        return "";
    s = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
    if (s == buf)
        buf[len] = '\0';
    return s; /* dictionary strings are NUL-terminated */
}

/* ---- datasets() ---- */

static int
l_datasets(lua_State *L)
{
    ov_table **slot = ov_lbind_new_table(L);
    ov_table *cat;
    const char *cols[] = {"name", "title", "period", "publisher", "rows"};
    struct ov_err err;

    cat = load_data(L, "datasets", "catalog.csv", "datasets");
    if (ov_query_select(cat, cols, 5, slot, &err) != OV_OK) {
        ov_table_free(cat);
        return ov_lbind_error(L, "datasets", &err);
    }
    ov_table_free(cat);
    ov_table_set_name(*slot, "datasets");
    return 1;
}

/* ---- dataset(name) ---- */

static int
l_dataset(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    ov_table *cat, *src = NULL, **slot;
    size_t i, n, row = (size_t)-1;
    char buf[OV_VALUE_TEXT_MAX];
    const char *names[64];
    ov_strbuf *b;

    cat = load_data(L, "dataset", "catalog.csv", "catalog");
    /* the catalogue goes into a table userdata at once, so an error below
     * cannot leak it */
    slot = ov_lbind_new_table(L);
    *slot = cat;
    n = ov_table_nrows(cat);
    for (i = 0; i < n && i < 64; i++) {
        names[i] = cell(cat, "name", i, buf);
        if (strcmp(names[i], name) == 0)
            row = i;
    }
    if (row == (size_t)-1) {
        const char *best = ov_suggest(name, names, n < 64 ? n : 64);

        if (best != NULL)
            return luaL_error(
                L,
                "dataset: no dataset '%s'; did you mean '%s'? (datasets() "
                "lists them)",
                name, best);
        return luaL_error(L, "dataset: no dataset '%s' (datasets() lists them)", name);
    }
    slot = ov_lbind_new_table(L);
    *slot = load_data(L, "dataset", cell(cat, "file", row, buf), name);
    /* the catalogue entry goes with the table */
    {
        static const char *const facts[] = {"title", "publisher", "period", "licence"};
        size_t k;

        for (k = 0; k < 4; k++)
            ov_table_set_fact(*slot, facts[k], cell(cat, facts[k], row, buf));
    }
    /* its sources, with their URLs */
    b = ov_lbind_new_buf(L);
    {
        char ids[1024];
        char *id, *save = NULL;

        snprintf(ids, sizeof ids, "%s", cell(cat, "sources", row, buf));
        src = load_data(L, "dataset", "sources.csv", "sources");
        for (id = strtok_r(ids, " ", &save); id != NULL;
             id = strtok_r(NULL, " ", &save)) {
            size_t m = ov_table_nrows(src), r;

            for (r = 0; r < m; r++) {
                if (strcmp(cell(src, "source_id", r, buf), id) != 0)
                    continue;
                ov_strbuf_reset(b);
                ov_strbuf_printf(b, "%s", cell(src, "url", r, buf));
                {
                    char key[32];

                    snprintf(key, sizeof key, "source %s", id);
                    ov_table_set_fact(*slot, key, ov_strbuf_cstr(b));
                }
            }
        }
        ov_table_free(src);
    }
    lua_pop(L, 1); /* the buffer */
    ov_table_set_fact(*slot, "glossary", "define(\"term\"), define() for the list");
    return 1;
}

/* ---- define(term) ---- */

static void
emit(lua_State *L, const char *s)
{
    FILE *out = ov_lbind_ui(L)->out;

    fputs(s, out != NULL ? out : stdout);
    fflush(out != NULL ? out : stdout);
}

static bool
contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay != '\0'; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

static int
l_define(lua_State *L)
{
    const char *term = luaL_optstring(L, 1, NULL);
    ov_table *g, **slot;
    size_t i, n, found = 0;
    char buf[OV_VALUE_TEXT_MAX];
    ov_strbuf *b;

    g = load_data(L, "define", "glossary.csv", "glossary");
    slot = ov_lbind_new_table(L);
    *slot = g;
    b = ov_lbind_new_buf(L);
    n = ov_table_nrows(g);
    if (term == NULL) {
        ov_strbuf_puts(b, "Terms in the glossary (define(\"term\") explains one):\n");
        for (i = 0; i < n; i++)
            ov_strbuf_printf(b, "  %s\n", cell(g, "term", i, buf));
    } else {
        for (i = 0; i < n; i++) {
            const char *t = cell(g, "term", i, buf);

            if (!contains_ci(t, term))
                continue;
            ov_strbuf_printf(b, "%s%s\n", found++ > 0 ? "\n" : "", t);
            ov_text_wrap(b, cell(g, "definition", i, buf), 2, 78);
        }
        if (found == 0) {
            /* in a definition, then */
            for (i = 0; i < n; i++) {
                const char *t = cell(g, "term", i, buf);

                if (!contains_ci(cell(g, "definition", i, buf), term))
                    continue;
                if (found++ == 0)
                    ov_strbuf_printf(b, "No term '%s'; it is used in:\n", term);
                ov_strbuf_printf(b, "  %s\n", t);
            }
        }
        if (found == 0)
            return luaL_error(
                L, "define: no term '%s' in the glossary (define() lists them)", term);
    }
    if (ov_strbuf_status(b) != OV_OK)
        return luaL_error(L, "not enough memory");
    emit(L, ov_strbuf_cstr(b));
    return 0;
}

/* ---- force_name(text) ---- */

static int
l_force_name(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const struct ov_force *f = ov_force_find(s, len);

    if (f == NULL)
        lua_pushnil(L);
    else
        lua_pushstring(L, f->name);
    return 1;
}

void
ov_lbind_data_open(lua_State *L)
{
    lua_pushcfunction(L, l_datasets);
    lua_setglobal(L, "datasets");
    lua_pushcfunction(L, l_dataset);
    lua_setglobal(L, "dataset");
    lua_pushcfunction(L, l_define);
    lua_setglobal(L, "define");
    lua_pushcfunction(L, l_force_name);
    lua_setglobal(L, "force_name");
    /* ov.datadir and ov.dataset_names, for scripts, completion and the banner */
    lua_getglobal(L, "ov");
    if (ov_lbind_datadir() != NULL) {
        struct ov_load_opts o;
        struct ov_err err;
        ov_table *cat = NULL;
        char path[4096], buf[OV_VALUE_TEXT_MAX];

        lua_pushstring(L, ov_lbind_datadir());
        lua_setfield(L, -2, "datadir");
        snprintf(path, sizeof path, "%s/catalog.csv", ov_lbind_datadir());
        ov_load_opts_init(&o);
        o.threads = 1;
        if (ov_load_csv(path, &o, &cat, NULL, &err) == OV_OK) {
            size_t i, n = ov_table_nrows(cat);

            lua_createtable(L, (int)n, 0);
            for (i = 0; i < n; i++) {
                lua_pushstring(L, cell(cat, "name", i, buf));
                lua_rawseti(L, -2, (lua_Integer)i + 1);
            }
            lua_setfield(L, -2, "dataset_names");
            ov_table_free(cat);
        }
    }
    lua_pop(L, 1);
}
