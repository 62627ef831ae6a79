/*
 * sqlite_write.c - t:write of a database (sqlite_io.h): the table added
 * to a database built in memory (the old one read in first), whose bytes
 * the caller writes through a temporary file renamed over the target.
 * Nothing here opens the target for writing. Knows nothing of Lua.
 */
#include "config.h"

#include "sqlite_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "ov_mem.h"
#include "sqlite_int.h"
#include "strbuf.h"
#include "value.h"

/* Reads the old database at path into *buf (sqlite3_malloc'd, for
 * sqlite3_deserialize), or leaves *buf NULL when there is none: no file,
 * an empty file, or something other than a regular file (a device). */
static ov_status
read_old(const char *path, unsigned char **buf, size_t *len, struct ov_err *err)
{
    struct stat sb;
    FILE *f;
    unsigned char *b;

    *buf = NULL;
    *len = 0;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return OV_OK;
        return ov_err_set(err, OV_EIO, "%s: %s", path, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size == 0)
        return OV_OK;
    if ((uint64_t)sb.st_size > (uint64_t)INT64_MAX / 2)
        return ov_err_set(err, OV_ERANGE, "%s: too large", path);
    if ((f = fopen(path, "rb")) == NULL)
        return ov_err_set(err, OV_EIO, "%s: %s", path, strerror(errno));
    b = sqlite3_malloc64((sqlite3_uint64)sb.st_size);
    if (b == NULL) {
        fclose(f);
        return ov_err_nomem(err, "reading a database");
    }
    if (fread(b, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
        int e = ferror(f) ? errno : 0;

        fclose(f);
        sqlite3_free(b);
        return ov_err_set(err, OV_EIO, "%s: %s", path,
                          e ? strerror(e) : "the file changed while it was read");
    }
    fclose(f);
    if (sb.st_size < 100 || memcmp(b, ov_sqlite_magic, sizeof ov_sqlite_magic) != 0) {
        sqlite3_free(b);
        return ov_err_set(err, OV_EINVAL,
                          "%s exists and is not an SQLite database: it is left as it "
                          "is (remove it or choose another name)",
                          path);
    }
    *buf = b;
    *len = (size_t)sb.st_size;
    return OV_OK;
}

/* A database in WAL mode (header bytes 18 and 19 are 2) keeps recent
 * changes in PATH-wal until a checkpoint: refused while that file holds
 * any, else read as a rollback database (*wal set, to put the mode back
 * in the bytes written). */
static ov_status
check_wal(const char *path, unsigned char *buf, bool *wal, struct ov_err *err)
{
    char *w;
    struct stat sb;
    size_t n = strlen(path);
    bool busy;

    *wal = buf[18] == 2 || buf[19] == 2;
    if (!*wal)
        return OV_OK;
    if ((w = ov_malloc(n + 5)) == NULL)
        return ov_err_nomem(err, "reading a database");
    memcpy(w, path, n);
    memcpy(w + n, "-wal", 5);
    busy = stat(w, &sb) == 0 && sb.st_size > 0;
    ov_free(w);
    if (busy)
        return ov_err_set(err, OV_EINVAL,
                          "%s has changes in its write-ahead log (%s-wal): "
                          "checkpoint it first (sqlite3 %s 'PRAGMA wal_checkpoint')",
                          path, path, path);
    buf[18] = buf[19] = 1;
    return OV_OK;
}

static ov_status
exec(sqlite3 *db, const char *path, const char *sql, struct ov_err *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? OV_OK : ov_sqlite_error(db, path, rc, err);
}

/* the declared type of a column */
static const char *
decl_type(const ov_column *c)
{
    switch (c->type) {
    case OV_INT:
        return "INTEGER";
    case OV_FLOAT:
        return "REAL";
    case OV_BOOL:
        return "BOOLEAN";
    case OV_DATE:
        return "DATE";
    default:
        return "TEXT";
    }
}

/* whether column j gets NAME_num and NAME_den beside it */
static bool
has_parts(const ov_table *t, size_t j, ov_strbuf *b)
{
    const ov_column *c = ov_table_col(t, j);
    const char *name = ov_table_colname(t, j);
    bool free_names;

    if (c->type != OV_FLOAT || c->num == NULL || c->den == NULL)
        return false;
    ov_strbuf_reset(b);
    ov_strbuf_printf(b, "%s_num", name);
    free_names = ov_table_find(t, ov_strbuf_cstr(b)) < 0;
    ov_strbuf_reset(b);
    ov_strbuf_printf(b, "%s_den", name);
    return free_names && ov_table_find(t, ov_strbuf_cstr(b)) < 0;
}

/* CREATE TABLE and INSERT for t as `table` into c and ins; OV_ENOMEM
 * when a text could not be made */
static ov_status
statements(const ov_table *t, const char *table, const bool *parts, ov_strbuf *c,
           ov_strbuf *ins)
{
    ov_status st;
    size_t j, nc = ov_table_ncols(t);
    ov_strbuf part;
    int np = 0;

    ov_strbuf_init(&part);
    ov_strbuf_puts(c, "CREATE TABLE ");
    ov_sqlite_quote(c, table);
    ov_strbuf_puts(c, " (");
    ov_strbuf_puts(ins, "INSERT INTO ");
    ov_sqlite_quote(ins, table);
    ov_strbuf_puts(ins, " VALUES (");
    for (j = 0; j < nc; j++) {
        const char *name = ov_table_colname(t, j);

        if (j > 0)
            ov_strbuf_puts(c, ", ");
        ov_sqlite_quote(c, name);
        ov_strbuf_printf(c, " %s", decl_type(ov_table_col(t, j)));
        ov_strbuf_puts(ins, np++ > 0 ? ", ?" : "?");
        if (parts[j]) {
            static const char *const ends[] = {"_num", "_den"};
            int k;

            for (k = 0; k < 2; k++) {
                ov_strbuf_reset(&part);
                ov_strbuf_printf(&part, "%s%s", name, ends[k]);
                ov_strbuf_puts(c, ", ");
                ov_sqlite_quote(c, ov_strbuf_cstr(&part));
                ov_strbuf_puts(c, " REAL");
                ov_strbuf_puts(ins, ", ?");
                np++;
            }
        }
    }
    ov_strbuf_puts(c, ")");
    ov_strbuf_puts(ins, ")");
    st = ov_strbuf_status(&part) != OV_OK || ov_strbuf_status(c) != OV_OK ||
                 ov_strbuf_status(ins) != OV_OK
             ? OV_ENOMEM
             : OV_OK;
    ov_strbuf_free(&part);
    return st;
}

static int
bind_cell(sqlite3_stmt *st, int k, const struct ov_view *v, size_t i)
{
    const ov_column *c = v->col;
    size_t r;

    if (ov_view_missing(v, i))
        return sqlite3_bind_null(st, k);
    r = ov_view_row(v, i);
    switch (c->type) {
    case OV_INT:
        return sqlite3_bind_int64(st, k, c->data.i64[r]);
    case OV_FLOAT:
        return sqlite3_bind_double(st, k, c->data.f64[r]);
    case OV_BOOL:
        return sqlite3_bind_int(st, k, c->data.b[r]);
    case OV_DATE: {
        char buf[OV_VALUE_TEXT_MAX];
        size_t len = ov_value_format_date(buf, c->data.days[r], OV_DATE_ISO);

        return sqlite3_bind_text(st, k, buf, (int)len, SQLITE_TRANSIENT);
    }
    default: {
        size_t len;
        const char *s = ov_column_str(c, r, &len);

        /* the dictionary outlives the statement's use of the text */
        return sqlite3_bind_text64(st, k, s, len, SQLITE_STATIC, SQLITE_UTF8);
    }
    }
}

static ov_status
insert_rows(sqlite3 *db, const char *path, const ov_table *t, const bool *parts,
            sqlite3_stmt *st, struct ov_err *err)
{
    size_t i, j, n = ov_table_nrows(t), nc = ov_table_ncols(t);
    int rc = SQLITE_OK;

    for (i = 0; i < n && rc == SQLITE_OK; i++) {
        int k = 1;

        if ((i & 4095) == 0 && ov_interrupted())
            return ov_err_interrupted(err);
        for (j = 0; j < nc && rc == SQLITE_OK; j++) {
            struct ov_view v = ov_table_colview(t, j);

            rc = bind_cell(st, k++, &v, i);
            if (parts[j] && rc == SQLITE_OK) {
                bool miss = ov_view_missing(&v, i);
                size_t r = ov_view_row(&v, i);

                rc = miss ? sqlite3_bind_null(st, k)
                          : sqlite3_bind_double(st, k, v.col->num[r]);
                if (rc == SQLITE_OK)
                    rc = miss ? sqlite3_bind_null(st, k + 1)
                              : sqlite3_bind_double(st, k + 1, v.col->den[r]);
                k += 2;
            }
        }
        if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
            rc = sqlite3_reset(st);
    }
    return rc == SQLITE_OK ? OV_OK : ov_sqlite_error(db, path, rc, err);
}

/* what is there already under the name: OV_OK when free (or replaced) */
static ov_status
check_name(sqlite3 *db, const char *path, const char *table, bool replace,
           bool *dropped, struct ov_err *err)
{
    sqlite3_stmt *st;
    int rc;
    ov_status s = OV_OK;

    *dropped = false;
    rc = sqlite3_prepare_v2(db,
                            "SELECT type, name FROM sqlite_schema WHERE name = ?1 "
                            "COLLATE NOCASE",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return ov_sqlite_error(db, path, rc, err);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);

        if (type == NULL || name == NULL)
            s = ov_err_nomem(err, "writing a database");
        else if (strcmp(type, "table") != 0)
            s = ov_err_set(err, OV_EINVAL,
                           "%s already has %s '%s': choose another name", path,
                           strcmp(type, "index") == 0 ? "an index" : "a view", name);
        else if (!replace)
            s = ov_err_set(err, OV_EINVAL,
                           "%s already has a table '%s': give replace = true to "
                           "write over it",
                           path, name);
        else
            *dropped = true;
    } else if (rc != SQLITE_DONE) {
        s = ov_sqlite_error(db, path, rc, err);
    }
    sqlite3_finalize(st);
    return s;
}

static ov_status
fill(sqlite3 *db, const char *path, const ov_table *t,
     const struct ov_sqlite_write_opts *opts, struct ov_err *err)
{
    size_t j, nc = ov_table_ncols(t);
    bool *parts = ov_calloc(nc + 1, sizeof *parts), dropped = false;
    ov_strbuf create, ins, tmp;
    sqlite3_stmt *st = NULL;
    ov_status s;
    int rc;

    if (parts == NULL)
        return ov_err_nomem(err, "writing a database");
    ov_strbuf_init(&create);
    ov_strbuf_init(&ins);
    ov_strbuf_init(&tmp);
    for (j = 0; j < nc; j++)
        parts[j] = has_parts(t, j, &tmp);
    s = statements(t, opts->table, parts, &create, &ins) != OV_OK ||
                ov_strbuf_status(&tmp) != OV_OK
            ? ov_err_nomem(err, "writing a database")
            : OV_OK;
    if (s == OV_OK)
        s = exec(db, path, "BEGIN", err);
    if (s == OV_OK)
        s = check_name(db, path, opts->table, opts->replace, &dropped, err);
    if (s == OV_OK && dropped) {
        ov_strbuf_reset(&tmp);
        ov_strbuf_puts(&tmp, "DROP TABLE ");
        ov_sqlite_quote(&tmp, opts->table);
        s = ov_strbuf_status(&tmp) != OV_OK ? ov_err_nomem(err, "writing a database")
                                            : exec(db, path, ov_strbuf_cstr(&tmp), err);
    }
    if (s == OV_OK)
        s = exec(db, path, ov_strbuf_cstr(&create), err);
    if (s == OV_OK &&
        (rc = sqlite3_prepare_v2(db, ov_strbuf_cstr(&ins), -1, &st, NULL)) != SQLITE_OK)
        s = ov_sqlite_error(db, path, rc, err);
    if (s == OV_OK)
        s = insert_rows(db, path, t, parts, st, err);
    sqlite3_finalize(st);
    if (s == OV_OK)
        s = exec(db, path, "COMMIT", err);
    else
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    /* the dropped table's pages would stay in the file as free pages */
    if (s == OV_OK && dropped)
        s = exec(db, path, "VACUUM", err);
    ov_free(parts);
    ov_strbuf_free(&create);
    ov_strbuf_free(&ins);
    ov_strbuf_free(&tmp);
    return s;
}

ov_status
ov_sqlite_write(const ov_table *t, const char *old_path, FILE *out,
                const struct ov_sqlite_write_opts *opts, struct ov_err *err)
{
    unsigned char *old = NULL, *bytes;
    size_t oldlen = 0;
    sqlite3_int64 len = 0;
    sqlite3 *db = NULL;
    bool wal = false;
    ov_status s;
    int rc;

    if (opts->table == NULL || opts->table[0] == '\0')
        return ov_err_set(err, OV_EINVAL, "%s: the table needs a name", old_path);
    if (ov_table_ncols(t) == 0)
        return ov_err_set(err, OV_EINVAL,
                          "%s: a table with no columns cannot be written to SQLite",
                          old_path);
    if ((s = read_old(old_path, &old, &oldlen, err)) != OV_OK)
        return s;
    if (old != NULL && (s = check_wal(old_path, old, &wal, err)) != OV_OK) {
        sqlite3_free(old);
        return s;
    }
    rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                         NULL);
    if (rc != SQLITE_OK) {
        sqlite3_free(old);
        s = ov_sqlite_error(db, old_path, rc, err);
        sqlite3_close(db);
        return s;
    }
    ov_sqlite_harden(db);
    if (old != NULL) {
        /* the buffer is SQLite's from here on, freed with the connection */
        rc = sqlite3_deserialize(
            db, "main", old, (sqlite3_int64)oldlen, (sqlite3_int64)oldlen,
            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
        if (rc != SQLITE_OK) {
            s = ov_sqlite_error(db, old_path, rc, err);
            sqlite3_close(db);
            return s;
        }
    }
    s = fill(db, old_path, t, opts, err);
    if (s == OV_OK) {
        bytes = sqlite3_serialize(db, "main", &len, 0);
        if (bytes == NULL) {
            s = ov_err_nomem(err, "writing a database");
        } else {
            if (wal && len >= 20)
                bytes[18] = bytes[19] = 2;
            if (fwrite(bytes, 1, (size_t)len, out) != (size_t)len)
                s = ov_err_set(err, OV_EIO, "%s: %s", old_path, strerror(errno));
            sqlite3_free(bytes);
        }
    }
    sqlite3_close(db);
    return s;
}
