/*
 * sqlite_load.c - load_sqlite's engine (sqlite_io.h): the file opened
 * read-only, one statement run under an authorizer that lets it only
 * read, and the values typed column by column. Knows nothing of Lua or
 * --safe.
 */
#include "config.h"

#include "sqlite_io.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "clock.h"
#include "csvscan.h"
#include "dict.h"
#include "ov_mem.h"
#include "sqlite_int.h"
#include "strbuf.h"
#include "value.h"

/* ---- the guarded connection ---- */

/* what the authorizer refused last, for the message */
struct guard {
    const char *refused;
};

static const char *
action_name(int action)
{
    switch (action) {
    case SQLITE_ATTACH:
        return "ATTACH";
    case SQLITE_DETACH:
        return "DETACH";
    case SQLITE_PRAGMA:
        return "PRAGMA";
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
        return "writing";
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        return "a transaction";
    case SQLITE_ALTER_TABLE:
        return "ALTER";
    default:
        return "this statement";
    }
}

static bool
described(const char *pragma)
{
    static const char *const ok[] = {
        "table_info",    "table_xinfo", "table_list",       "index_list",
        "index_info",    "index_xinfo", "foreign_key_list", "collation_list",
        "function_list", "module_list", "pragma_list",      NULL};
    size_t i;

    for (i = 0; ok[i] != NULL; i++)
        if (strcasecmp(pragma, ok[i]) == 0)
            return true;
    return false;
}

/* Lets a statement read tables and call functions, nothing else. Works
 * on a whitelist, so an action SQLite adds later is refused too. */
static int
authorize(void *ctx, int action, const char *a, const char *b, const char *db,
          const char *trigger)
{
    struct guard *g = ctx;

    (void)db;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_PRAGMA:
        /* the pragmas that only describe the schema (also table-valued,
         * pragma_table_info('t')); no other pragma, as many set things */
        if (a != NULL && described(a))
            return SQLITE_OK;
        g->refused = "PRAGMA";
        return SQLITE_DENY;
    case SQLITE_UPDATE:
        /* SQLite asks this of itself while it makes the table behind a
         * table-valued pragma; a real UPDATE of the schema is still
         * refused: the file is open read-only, the connection defensive
         * and the statement must be read-only (prepare) */
        if (a != NULL && strcmp(a, "sqlite_master") == 0 && trigger == NULL)
            return SQLITE_OK;
        g->refused = action_name(action);
        return SQLITE_DENY;
    case SQLITE_FUNCTION:
        /* load_extension runs a library's code; fts3_tokenizer with two
         * arguments takes a pointer */
        if (b != NULL && (strcasecmp(b, "load_extension") == 0 ||
                          strcasecmp(b, "fts3_tokenizer") == 0)) {
            g->refused = strcasecmp(b, "load_extension") == 0 ? "load_extension"
                                                              : "fts3_tokenizer";
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    default:
        g->refused = action_name(action);
        return SQLITE_DENY;
    }
}

/* true if path-SUFFIX exists and holds something */
static bool
beside(const char *path, const char *suffix)
{
    char buf[PATH_MAX + 8];
    struct stat sb;

    snprintf(buf, sizeof buf, "%s%s", path, suffix);
    return stat(buf, &sb) == 0 && sb.st_size > 0;
}

/* The URI that opens path read-only: every byte but letters, digits and
 * "/._-~" escaped, so nothing in a name can add a parameter (vfs=,
 * mode=rwc). A database in WAL mode is opened immutable when its log is
 * empty or gone: a plain read-only open would create PATH-wal and
 * PATH-shm beside it, which reading must not do (under --safe, outside
 * the working directory). With changes in its log, SQLite reads them
 * through the PATH-shm it shares with the writer. */
static ov_status
read_uri(const char *path, ov_strbuf *uri, struct ov_err *err)
{
    unsigned char hdr[100];
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    const char *p;
    bool wal;

    if (f == NULL)
        return ov_err_set(err, OV_EIO, "%s: %s", path, strerror(errno));
    n = fread(hdr, 1, sizeof hdr, f);
    fclose(f);
    wal = n == sizeof hdr &&
          memcmp(hdr, ov_sqlite_magic, sizeof ov_sqlite_magic) == 0 &&
          (hdr[18] == 2 || hdr[19] == 2);
    ov_strbuf_puts(uri, path[0] == '/' ? "file://" : "file:");
    for (p = path; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;

        if (isalnum(c) || strchr("/._-~", c) != NULL)
            ov_strbuf_putc(uri, (char)c);
        else
            ov_strbuf_printf(uri, "%%%02X", c);
    }
    ov_strbuf_puts(uri, "?mode=ro");
    if (wal && !beside(path, "-wal"))
        ov_strbuf_puts(uri, "&immutable=1");
    if (ov_strbuf_status(uri) != OV_OK)
        return ov_err_nomem(err, "opening a database");
    return OV_OK;
}

/* Opens path read-only, as a URI (read_uri). */
static ov_status
open_read(const char *path, sqlite3 **db, struct ov_err *err)
{
    struct stat sb;
    ov_strbuf uri;
    ov_status st;
    int rc;

    *db = NULL;
    if (stat(path, &sb) != 0)
        return ov_err_set(err, OV_EIO, "%s: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return ov_err_set(err, OV_EIO, "%s: not a file", path);
    ov_strbuf_init(&uri);
    if ((st = read_uri(path, &uri, err)) != OV_OK) {
        ov_strbuf_free(&uri);
        return st;
    }
    rc = sqlite3_open_v2(ov_strbuf_cstr(&uri), db,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                         NULL);
    ov_strbuf_free(&uri);
    if (rc != SQLITE_OK) {
        st = ov_sqlite_error(*db, path, rc, err);
        sqlite3_close(*db);
        *db = NULL;
        return st;
    }
    ov_sqlite_harden(*db);
    /* no database but the one opened (the writer's VACUUM needs one) */
    sqlite3_limit(*db, SQLITE_LIMIT_ATTACHED, 0);
    return OV_OK;
}

/* ---- names ---- */

/* The tables and views of the database, as "a, b, c" (into b), and
 * whether `what` names one (its spelling in the schema into *found). */
static ov_status
list_tables(sqlite3 *db, const char *path, const char *what, ov_strbuf *b, char **found,
            struct ov_err *err)
{
    sqlite3_stmt *st;
    int rc;
    size_t n = 0;

    *found = NULL;
    rc = sqlite3_prepare_v2(db,
                            "SELECT name FROM sqlite_schema WHERE type IN "
                            "('table', 'view') AND name NOT LIKE 'sqlite!_%' "
                            "ESCAPE '!' ORDER BY name",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return ov_sqlite_error(db, path, rc, err);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);

        if (name == NULL)
            continue;
        if (n++ > 0)
            ov_strbuf_puts(b, ", ");
        ov_strbuf_puts(b, name);
        /* SQLite matches names ignoring ASCII case */
        if (*found == NULL && sqlite3_stricmp(name, what) == 0 &&
            (*found = ov_strdup(name)) == NULL)
            rc = SQLITE_NOMEM;
        if (rc == SQLITE_NOMEM)
            break;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        ov_free(*found);
        *found = NULL;
        return ov_sqlite_error(db, path, rc, err);
    }
    if (ov_strbuf_status(b) != OV_OK)
        return ov_err_nomem(err, "listing tables");
    return OV_OK;
}

/* true if s starts with the keyword SELECT, WITH or VALUES */
static bool
is_query(const char *s)
{
    static const char *const words[] = {"select", "with", "values"};
    size_t i;

    while (isspace((unsigned char)*s) || *s == '(')
        s++;
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);

        if (strncasecmp(s, words[i], n) == 0 &&
            !(isalnum((unsigned char)s[n]) || s[n] == '_'))
            return true;
    }
    return false;
}

/* true if s is a plain name: letters, digits and _, not a digit first */
static bool
bare_name(const char *s)
{
    if (*s == '\0' || isdigit((unsigned char)*s))
        return false;
    for (; *s != '\0'; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

/* ---- reading the rows ---- */

union cell {
    int64_t i;
    double f;
    uint32_t code;
};

/* one result column as it is read: each row's SQLite type and value */
struct rcol {
    uint8_t *kind;
    union cell *v;
    ov_dict *dict;
    unsigned seen; /* bit k: a value of SQLite type k was seen */
    char *decl;    /* the declared type, upper case, or NULL */
};

struct reader {
    const char *path;
    struct guard guard; /* the authorizer's, while the statement lives */
    sqlite3_stmt *st;
    struct rcol *cols;
    int ncols;
    size_t n, cap;
};

static void
reader_free(struct reader *r)
{
    int j;

    if (r->cols != NULL)
        for (j = 0; j < r->ncols; j++) {
            ov_free(r->cols[j].kind);
            ov_free(r->cols[j].v);
            ov_dict_unref(r->cols[j].dict);
            ov_free(r->cols[j].decl);
        }
    ov_free(r->cols);
    sqlite3_finalize(r->st);
}

static ov_status
grow(struct reader *r, struct ov_err *err)
{
    size_t cap = r->cap ? r->cap * 2 : 1024;
    int j;

    if (cap > OV_MAX_ROWS)
        cap = OV_MAX_ROWS;
    if (r->n >= cap)
        return ov_err_set(err, OV_ERANGE, "%s: more than %zu rows", r->path,
                          (size_t)OV_MAX_ROWS);
    for (j = 0; j < r->ncols; j++) {
        struct rcol *c = &r->cols[j];
        uint8_t *k = ov_realloc(c->kind, cap);
        union cell *v;

        if (k == NULL)
            return ov_err_nomem(err, "loading a database");
        c->kind = k;
        if ((v = ov_realloc(c->v, cap * sizeof *v)) == NULL)
            return ov_err_nomem(err, "loading a database");
        c->v = v;
    }
    r->cap = cap;
    return OV_OK;
}

static ov_status
read_cell(struct reader *r, int j, struct ov_err *err)
{
    struct rcol *c = &r->cols[j];
    int k = sqlite3_column_type(r->st, j);
    union cell *v = &c->v[r->n];

    c->kind[r->n] = (uint8_t)k;
    c->seen |= 1u << k;
    switch (k) {
    case SQLITE_INTEGER:
        v->i = sqlite3_column_int64(r->st, j);
        break;
    case SQLITE_FLOAT:
        v->f = sqlite3_column_double(r->st, j);
        break;
    case SQLITE_TEXT: {
        const char *s = (const char *)sqlite3_column_text(r->st, j);
        size_t len = (size_t)sqlite3_column_bytes(r->st, j);
        bool nul;
        ov_status st;

        if (s == NULL)
            return ov_err_nomem(err, "loading a database");
        if (ov_utf8_check(s, len, &nul) != len)
            return ov_err_set(err, OV_EPARSE, "%s: column '%s', row %zu: %s", r->path,
                              sqlite3_column_name(r->st, j), r->n + 1,
                              nul ? "text holding a NUL byte"
                                  : "text that is not UTF-8");
        if ((st = ov_dict_intern(c->dict, s, len, &v->code, NULL)) != OV_OK)
            return st == OV_ENOMEM
                       ? ov_err_nomem(err, "loading a database")
                       : ov_err_set(err, st, "%s: column '%s': too many texts", r->path,
                                    sqlite3_column_name(r->st, j));
        break;
    }
    case SQLITE_BLOB:
        return ov_err_set(err, OV_ETYPE,
                          "%s: column '%s', row %zu holds binary data (a BLOB); "
                          "load it as text with a query: SELECT hex(\"%s\") ...",
                          r->path, sqlite3_column_name(r->st, j), r->n + 1,
                          sqlite3_column_name(r->st, j));
    default:
        v->i = 0;
    }
    return OV_OK;
}

static ov_status
read_rows(struct reader *r, struct ov_err *err)
{
    int rc, j;
    ov_status st;

    while ((rc = sqlite3_step(r->st)) == SQLITE_ROW) {
        if (r->n == r->cap && (st = grow(r, err)) != OV_OK)
            return st;
        for (j = 0; j < r->ncols; j++)
            if ((st = read_cell(r, j, err)) != OV_OK)
                return st;
        r->n++;
    }
    if (rc != SQLITE_DONE && r->guard.refused != NULL)
        return ov_err_set(err, OV_EINVAL, "%s: the query may only read: %s is refused",
                          r->path, r->guard.refused);
    if (rc != SQLITE_DONE)
        return ov_sqlite_error(sqlite3_db_handle(r->st), r->path, rc, err);
    return OV_OK;
}

/* ---- typing ---- */

#define SEEN(k) (1u << (k))

static bool
decl_has(const struct rcol *c, const char *word)
{
    return c->decl != NULL && strstr(c->decl, word) != NULL;
}

/* every text of the column is an ISO date */
static bool
all_iso_dates(const struct rcol *c)
{
    uint32_t i;

    if (c->dict->n == 0)
        return false;
    for (i = 0; i < c->dict->n; i++) {
        size_t len;
        const char *s = ov_dict_str(c->dict, i, &len);
        int32_t d;

        if (!ov_parse_date(s, len, OV_DATE_ISO, &d))
            return false;
    }
    return true;
}

static bool
all_bits(const struct rcol *c, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (c->kind[i] == SQLITE_INTEGER && c->v[i].i != 0 && c->v[i].i != 1)
            return false;
    return true;
}

/* the type a column gets (sqlite_io.h); *mixed when text and numbers met */
static ov_type
column_type(const struct rcol *c, size_t n, bool *mixed)
{
    unsigned s = c->seen & ~SEEN(SQLITE_NULL);

    *mixed = false;
    if (s == 0) {
        /* no values: the declared type's affinity */
        if (decl_has(c, "BOOL"))
            return OV_BOOL;
        if (decl_has(c, "DATE"))
            return OV_DATE;
        if (decl_has(c, "INT"))
            return OV_INT;
        if (decl_has(c, "REAL") || decl_has(c, "FLOA") || decl_has(c, "DOUB"))
            return OV_FLOAT;
        return OV_STRING;
    }
    if (s & SEEN(SQLITE_TEXT)) {
        if (s != SEEN(SQLITE_TEXT)) {
            *mixed = true;
            return OV_STRING;
        }
        return all_iso_dates(c) ? OV_DATE : OV_STRING;
    }
    if (s == SEEN(SQLITE_INTEGER))
        return decl_has(c, "BOOL") && all_bits(c, n) ? OV_BOOL : OV_INT;
    return OV_FLOAT;
}

static ov_status
make_column(struct rcol *c, size_t n, ov_type ty, ov_column **out, struct ov_err *err)
{
    ov_column *col;
    int32_t *days = NULL;
    size_t i;

    *out = NULL;
    if (ty == OV_STRING) {
        /* numbers among texts: as SQLite would write them */
        for (i = 0; i < n; i++) {
            char buf[OV_VALUE_TEXT_MAX];
            size_t len;

            if (c->kind[i] == SQLITE_INTEGER)
                len = ov_value_format_int(buf, c->v[i].i);
            else if (c->kind[i] == SQLITE_FLOAT)
                len = ov_value_format_float(buf, c->v[i].f, OV_FLOAT_PY);
            else
                continue;
            if (ov_dict_intern(c->dict, buf, len, &c->v[i].code, NULL) != OV_OK)
                return ov_err_nomem(err, "loading a database");
        }
    }
    if (ty == OV_DATE && c->dict->n > 0) {
        if ((days = ov_malloc(c->dict->n * sizeof *days)) == NULL)
            return ov_err_nomem(err, "loading a database");
        for (i = 0; i < c->dict->n; i++) {
            size_t len;
            const char *s = ov_dict_str(c->dict, (uint32_t)i, &len);

            ov_parse_date(s, len, OV_DATE_ISO, &days[i]);
        }
    }
    col = ov_column_new(ty, n, ty == OV_STRING ? c->dict : NULL,
                        ty == OV_STRING ? c->dict->n : 0, err);
    if (col == NULL) {
        ov_free(days);
        return OV_ENOMEM;
    }
    if (ty == OV_FLOAT)
        col->float_style = OV_FLOAT_PY;
    for (i = 0; i < n; i++) {
        if (c->kind[i] == SQLITE_NULL) {
            if (ov_column_set_missing(col, i) != OV_OK) {
                ov_free(days);
                ov_column_unref(col);
                return ov_err_nomem(err, "loading a database");
            }
            continue;
        }
        switch (ty) {
        case OV_INT:
            col->data.i64[i] = c->v[i].i;
            break;
        case OV_FLOAT:
            col->data.f64[i] =
                c->kind[i] == SQLITE_INTEGER ? (double)c->v[i].i : c->v[i].f;
            break;
        case OV_BOOL:
            col->data.b[i] = c->v[i].i != 0;
            break;
        case OV_DATE:
            col->data.days[i] = days[c->v[i].code];
            break;
        case OV_STRING:
            ov_column_set_code(col, i, c->v[i].code);
            break;
        }
    }
    ov_free(days);
    ov_column_finish(col);
    *out = col;
    return OV_OK;
}

/* ---- the report ---- */

static ov_status
add_note(struct ov_load_report *rep, const char *note)
{
    char **notes, *copy;

    if (rep == NULL)
        return OV_OK;
    if ((copy = ov_strdup(note)) == NULL)
        return OV_ENOMEM;
    notes = ov_realloc(rep->notes, (rep->nnotes + 1) * sizeof *notes);
    if (notes == NULL) {
        ov_free(copy);
        return OV_ENOMEM;
    }
    notes[rep->nnotes++] = copy;
    rep->notes = notes;
    return OV_OK;
}

/* a unique, non-empty name for column j: SELECT a, a gives a and a_2 */
static ov_status
column_name(const ov_table *t, const char *given, int j, ov_strbuf *b)
{
    int k;

    ov_strbuf_reset(b);
    if (given == NULL || *given == '\0')
        ov_strbuf_printf(b, "column_%d", j + 1);
    else
        ov_strbuf_puts(b, given);
    for (k = 2; ov_table_find(t, ov_strbuf_cstr(b)) >= 0; k++) {
        ov_strbuf_reset(b);
        ov_strbuf_printf(b, "%s_%d", given != NULL ? given : "column", k);
    }
    return ov_strbuf_status(b);
}

static ov_status
set_facts(ov_table *t, const char *path, const char *table, const char *query)
{
    char *abs = realpath(path, NULL);
    struct stat sb;
    bool bad = false;

    bad |= ov_table_set_fact(t, "source", abs != NULL ? abs : path) != OV_OK;
    free(abs);
    if (stat(path, &sb) == 0) {
        char a[32], line[64];

        ov_value_format_int_grouped(a, (int64_t)sb.st_size, ',');
        snprintf(line, sizeof line, "%s bytes", a);
        bad |= ov_table_set_fact(t, "size", line) != OV_OK;
    }
    if (table != NULL)
        bad |= ov_table_set_fact(t, "sqlite table", table) != OV_OK;
    else
        bad |= ov_table_set_fact(t, "sqlite query", query) != OV_OK;
    return bad ? OV_ENOMEM : OV_OK;
}

static ov_status
assemble(struct reader *r, const char *name, ov_table **out, struct ov_load_report *rep,
         struct ov_err *err)
{
    ov_table *t = ov_table_new(r->n, err);
    ov_strbuf nb, note;
    ov_status st = OV_OK;
    int j;

    if (t == NULL)
        return OV_ENOMEM;
    ov_strbuf_init(&nb);
    ov_strbuf_init(&note);
    for (j = 0; j < r->ncols && st == OV_OK; j++) {
        bool mixed;
        ov_type ty = column_type(&r->cols[j], r->n, &mixed);
        ov_column *col;
        const char *given = sqlite3_column_name(r->st, j);

        if ((st = make_column(&r->cols[j], r->n, ty, &col, err)) != OV_OK)
            break;
        if (column_name(t, given, j, &nb) != OV_OK) {
            ov_column_unref(col);
            st = ov_err_nomem(err, "loading a database");
            break;
        }
        st = ov_table_add_column(t, ov_strbuf_cstr(&nb), col, err);
        ov_column_unref(col);
        if (st == OV_OK && mixed) {
            ov_strbuf_reset(&note);
            ov_strbuf_printf(&note,
                             "column '%s' mixes text and numbers in the database: "
                             "loaded as text",
                             ov_strbuf_cstr(&nb));
            if (ov_strbuf_status(&note) != OV_OK ||
                add_note(rep, ov_strbuf_cstr(&note)) != OV_OK)
                st = ov_err_nomem(err, "loading a database");
        }
        if (st == OV_OK &&
            strcmp(ov_strbuf_cstr(&nb), given != NULL ? given : "") != 0) {
            ov_strbuf_reset(&note);
            ov_strbuf_printf(&note, "column %d named '%s' (the name was %s)", j + 1,
                             ov_strbuf_cstr(&nb),
                             given != NULL && *given != '\0' ? "taken" : "empty");
            if (ov_strbuf_status(&note) != OV_OK ||
                add_note(rep, ov_strbuf_cstr(&note)) != OV_OK)
                st = ov_err_nomem(err, "loading a database");
        }
    }
    ov_strbuf_free(&nb);
    ov_strbuf_free(&note);
    if (st == OV_OK && ov_table_set_name(t, name) != OV_OK)
        st = ov_err_nomem(err, "loading a database");
    if (st != OV_OK) {
        ov_table_free(t);
        return st;
    }
    *out = t;
    return OV_OK;
}

/* prepares the statement of a load: the table, or the query under the
 * authorizer; one read-only statement only */
static ov_status
prepare(sqlite3 *db, const char *path, const char *sql, bool query, struct guard *g,
        sqlite3_stmt **stp, bool *refused, struct ov_err *err)
{
    const char *tail = NULL;
    int rc;

    *stp = NULL;
    *refused = true;
    /* g outlives the statement: a table-valued pragma prepares its own
     * statement, under the same authorizer, when it is stepped */
    g->refused = NULL;
    sqlite3_set_authorizer(db, authorize, g);
    rc = sqlite3_prepare_v2(db, sql, -1, stp, &tail);
    if (rc != SQLITE_OK) {
        if (g->refused != NULL)
            return ov_err_set(err, OV_EINVAL,
                              "%s: the query may only read: %s is refused", path,
                              g->refused);
        *refused = false;
        return ov_sqlite_error(db, path, rc, err);
    }
    if (*stp == NULL)
        return ov_err_set(err, OV_EINVAL, "%s: the query is empty", path);
    while (tail != NULL && (isspace((unsigned char)*tail) || *tail == ';'))
        tail++;
    if (query && tail != NULL && *tail != '\0')
        return ov_err_set(
            err, OV_EINVAL,
            "%s: one statement only: the query goes on after its end (%.40s)", path,
            tail);
    if (!sqlite3_stmt_readonly(*stp))
        return ov_err_set(err, OV_EINVAL,
                          "%s: the query may only read: this statement writes", path);
    return OV_OK;
}

static ov_status
load(sqlite3 *db, const char *path, const char *what, const char *name, ov_table **out,
     struct ov_load_report *rep, struct ov_err *err)
{
    struct reader r;
    ov_strbuf tables, sql;
    char *found = NULL;
    ov_status st;
    int j;

    memset(&r, 0, sizeof r);
    r.path = path;
    ov_strbuf_init(&tables);
    ov_strbuf_init(&sql);
    st = list_tables(db, path, what, &tables, &found, err);
    /* a plain name that is no table is a mistake; anything else is
     * handed to SQLite, whose message says what is wrong with it */
    if (st == OV_OK && found == NULL && !is_query(what) && bare_name(what)) {
        if (tables.len == 0)
            st = ov_err_set(err, OV_ENOTFOUND, "%s has no table '%s'; it has no tables",
                            path, what);
        else
            st = ov_err_set(err, OV_ENOTFOUND,
                            "%s has no table '%s'; its tables are: %s", path, what,
                            ov_strbuf_cstr(&tables));
    }
    if (st == OV_OK && found != NULL) {
        ov_strbuf_puts(&sql, "SELECT * FROM ");
        ov_sqlite_quote(&sql, found);
        if (ov_strbuf_status(&sql) != OV_OK)
            st = ov_err_nomem(err, "loading a database");
    }
    if (st == OV_OK) {
        bool refused;

        st = prepare(db, path, found != NULL ? ov_strbuf_cstr(&sql) : what,
                     found == NULL, &r.guard, &r.st, &refused, err);
        /* SQLite's complaint about what looks like a misspelt name (no
         * SQL punctuation in it): say which names there are */
        if (st != OV_OK && !refused && st != OV_EINTR && found == NULL &&
            !is_query(what) && strpbrk(what, "*(),;='\"") == NULL) {
            struct ov_err first = *err;

            ov_err_set(err, st, "%s (no table is named '%s'; the tables are: %s)",
                       first.msg, what,
                       tables.len > 0 ? ov_strbuf_cstr(&tables) : "none");
        }
    }
    if (st == OV_OK) {
        r.ncols = sqlite3_column_count(r.st);
        if ((r.cols = ov_calloc((size_t)r.ncols + 1, sizeof *r.cols)) == NULL)
            st = ov_err_nomem(err, "loading a database");
    }
    for (j = 0; st == OV_OK && j < r.ncols; j++) {
        const char *d = sqlite3_column_decltype(r.st, j);

        if ((r.cols[j].dict = ov_dict_new()) == NULL ||
            (d != NULL && (r.cols[j].decl = ov_strdup(d)) == NULL))
            st = ov_err_nomem(err, "loading a database");
        else if (r.cols[j].decl != NULL)
            for (char *p = r.cols[j].decl; *p != '\0'; p++)
                *p = (char)toupper((unsigned char)*p);
    }
    if (st == OV_OK)
        st = read_rows(&r, err);
    if (st == OV_OK)
        st = assemble(&r,
                      name != NULL    ? name
                      : found != NULL ? found
                                      : "query",
                      out, rep, err);
    if (st == OV_OK && set_facts(*out, path, found, what) != OV_OK) {
        ov_table_free(*out);
        *out = NULL;
        st = ov_err_nomem(err, "loading a database");
    }
    if (st == OV_OK && rep != NULL) {
        rep->rows = r.n;
        rep->cols = (size_t)r.ncols;
    }
    reader_free(&r);
    ov_free(found);
    ov_strbuf_free(&tables);
    ov_strbuf_free(&sql);
    return st;
}

ov_status
ov_sqlite_load(const char *path, const char *what, const char *name, ov_table **out,
               struct ov_load_report *rep, struct ov_err *err)
{
    double t0 = ov_clock_now();
    sqlite3 *db;
    ov_status st;

    *out = NULL;
    if (rep != NULL) {
        memset(rep, 0, sizeof *rep);
        rep->delim = ',';
    }
    if ((st = open_read(path, &db, err)) != OV_OK)
        return st;
    st = load(db, path, what, name, out, rep, err);
    sqlite3_close(db);
    if (st != OV_OK) {
        ov_load_report_free(rep);
        return st;
    }
    if (rep != NULL) {
        struct stat sb;

        rep->seconds = ov_clock_now() - t0;
        if (stat(path, &sb) == 0)
            rep->bytes = (uint64_t)sb.st_size;
    }
    return OV_OK;
}
