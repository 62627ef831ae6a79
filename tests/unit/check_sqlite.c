/*
 * check_sqlite.c - sqlite_io.c: tables written to SQLite and read back
 * with the same rows, types and values (every CSV of ../shared/data when
 * it is there), what SQLite itself sees in a written file (declared types,
 * storage classes, NULLs), adding to and replacing in an existing
 * database, and the errors and refusals a user meets, with their messages.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "loader.h"
#include "ov_mem.h"
#include "sqlite_io.h"
#include "strbuf.h"
#include "suites.h"
#include "testdir.h"

/* ---- helpers ---- */

/* a table from texts, typed as a CSV of them would be */
static ov_table *
from_text(const char *const *names, size_t nc, const char *const *cells, size_t nr)
{
    ov_strbuf b;
    struct ov_cell *nm = calloc(nc, sizeof *nm), *cl = calloc(nc * nr + 1, sizeof *cl);
    ov_table *t = NULL;
    struct ov_err err;
    size_t i;

    ov_strbuf_init(&b);
    for (i = 0; i < nc; i++) {
        nm[i].off = b.len;
        nm[i].len = strlen(names[i]);
        ov_strbuf_puts(&b, names[i]);
    }
    for (i = 0; i < nc * nr; i++) {
        if (cells[i] == NULL) {
            cl[i].off = OV_CELL_MISSING;
            continue;
        }
        cl[i].off = b.len;
        cl[i].len = strlen(cells[i]);
        ov_strbuf_puts(&b, cells[i]);
    }
    ck_assert_int_eq(
        ov_table_from_text(ov_strbuf_cstr(&b), nm, nc, cl, nr, NULL, &t, NULL, &err),
        OV_OK);
    ov_table_set_name(t, "t");
    ov_strbuf_free(&b);
    free(nm);
    free(cl);
    return t;
}

/* writes t into the database at path as `table` (through a temporary file
 * renamed over it, as t:write does); the status, err filled */
static ov_status
write_db(const ov_table *t, const char *path, const char *table, bool replace,
         struct ov_err *err)
{
    char tmp[600];
    struct ov_sqlite_write_opts o = {table, replace};
    FILE *f;
    ov_status st;

    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "wb");
    ck_assert_ptr_nonnull(f);
    st = ov_sqlite_write(t, path, f, &o, err);
    ck_assert_int_eq(fclose(f), 0);
    if (st == OV_OK)
        ck_assert_int_eq(rename(tmp, path), 0);
    else
        remove(tmp);
    return st;
}

/* a and b hold the same rows, names, types and values; "" or the first
 * difference */
static const char *
difference(const ov_table *a, const ov_table *b)
{
    static char why[512];
    size_t i, j;

    if (ov_table_nrows(a) != ov_table_nrows(b))
        snprintf(why, sizeof why, "rows %zu, %zu", ov_table_nrows(a),
                 ov_table_nrows(b));
    else if (ov_table_ncols(a) != ov_table_ncols(b))
        snprintf(why, sizeof why, "columns %zu, %zu", ov_table_ncols(a),
                 ov_table_ncols(b));
    else
        why[0] = '\0';
    for (j = 0; why[0] == '\0' && j < ov_table_ncols(a); j++) {
        struct ov_view va = ov_table_colview(a, j), vb = ov_table_colview(b, j);

        if (strcmp(ov_table_colname(a, j), ov_table_colname(b, j)) != 0 ||
            va.col->type != vb.col->type) {
            snprintf(why, sizeof why, "column %zu: %s %s, %s %s", j + 1,
                     ov_table_colname(a, j), ov_type_name(va.col->type),
                     ov_table_colname(b, j), ov_type_name(vb.col->type));
            break;
        }
        for (i = 0; i < ov_table_nrows(a); i++) {
            if (ov_view_missing(&va, i) && ov_view_missing(&vb, i))
                continue;
            if (ov_view_missing(&va, i) != ov_view_missing(&vb, i) ||
                !ov_column_value_equal(va.col, ov_view_row(&va, i), vb.col,
                                       ov_view_row(&vb, i))) {
                snprintf(why, sizeof why, "column %s, row %zu differs",
                         ov_table_colname(a, j), i + 1);
                break;
            }
        }
    }
    return why;
}

static void
setup(void)
{
    ov_testdir_make("sqlite");
}

static void
teardown(void)
{
    ov_testdir_remove();
}

/* runs sql on the database at path (a fixture made with SQLite itself) */
static void
sql(const char *path, const char *text)
{
    sqlite3 *db;

    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_msg(sqlite3_exec(db, text, NULL, NULL, NULL) == SQLITE_OK, "%s",
                  sqlite3_errmsg(db));
    sqlite3_close(db);
}

/* the first value of a query on the database at path, as text */
static const char *
sql_text(const char *path, const char *text)
{
    static char out[256];
    sqlite3 *db;
    sqlite3_stmt *st;

    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, sizeof out, "%s",
             sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                        : "(null)");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

/* a message with the test directory's paths in it */
static const char *expect(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const char *
expect(const char *fmt, ...)
{
    static char out[OV_ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(out, sizeof out, fmt, ap);
    va_end(ap);
    return out;
}

/* ---- the round trip ---- */

static const char *const mixed_names[] = {"n", "x", "s", "d", "b", "none"};
/* clang-format off */
static const char *const mixed_cells[] = {
    "1",  "1.5",   "Essex \"Police\"", "2021-03-31", "true",  NULL,
    NULL, "-0.25", "caf\xc3\xa9",       NULL,         "false", NULL,
    "-9007199254740993", NULL, NULL,    "1970-01-01", NULL,    NULL,
    "42", "3.0",   "02134",             "0001-01-01", "true",  NULL,
};
/* clang-format on */

START_TEST(round_trip_types)
{
    ov_table *t = from_text(mixed_names, 6, mixed_cells, 4), *u = NULL;
    const char *db = ov_testdir_path("out.sqlite");
    struct ov_load_report rep;
    struct ov_err err;

    ck_assert_int_eq(ov_table_col(t, 4)->type, OV_BOOL);
    ck_assert_int_eq(write_db(t, db, "t", false, &err), OV_OK);
    ck_assert_int_eq(ov_sqlite_load(db, "t", NULL, &u, &rep, &err), OV_OK);
    ck_assert_str_eq(difference(t, u), "");
    ck_assert_uint_eq(rep.rows, 4);
    ck_assert_uint_eq(rep.cols, 6);
    ck_assert_uint_eq(rep.nnotes, 0);
    ck_assert_str_eq(ov_table_name(u), "t");
    ck_assert_str_eq(ov_table_fact(u, "sqlite table"), "t");
    ov_load_report_free(&rep);
    /* what SQLite sees: declared types, storage classes, NULL for missing */
    ck_assert_str_eq(sql_text(db, "SELECT group_concat(type, ',') FROM "
                                  "pragma_table_info('t')"),
                     "INTEGER,REAL,TEXT,DATE,BOOLEAN,TEXT");
    ck_assert_str_eq(sql_text(db, "SELECT typeof(n) || typeof(x) || typeof(s) || "
                                  "typeof(d) || typeof(b) || typeof(none) FROM t "
                                  "LIMIT 1"),
                     "integerrealtexttextintegernull");
    ck_assert_str_eq(sql_text(db, "SELECT n FROM t WHERE rowid = 3"),
                     "-9007199254740993");
    ck_assert_str_eq(sql_text(db, "SELECT count(*) FROM t WHERE n IS NULL"), "1");
    ck_assert_str_eq(sql_text(db, "SELECT d FROM t WHERE rowid = 4"), "0001-01-01");
    ck_assert_str_eq(sql_text(db, "SELECT s FROM t WHERE rowid = 4"), "02134");
    ov_table_free(t);
    ov_table_free(u);
}
END_TEST

/* a percentage column keeps its parts beside it */
START_TEST(percent_parts)
{
    const char *db = ov_testdir_path("p.db");
    ov_table *t = ov_table_new(2, NULL), *u = NULL;
    ov_column *c = ov_column_new(OV_FLOAT, 2, NULL, 0, NULL);
    struct ov_err err;

    ck_assert_int_eq(ov_column_alloc_percent(c), OV_OK);
    c->num[0] = 1, c->den[0] = 3, c->data.f64[0] = 100.0 / 3;
    c->num[1] = 2, c->den[1] = 3, c->data.f64[1] = 200.0 / 3;
    ck_assert_int_eq(ov_table_add_column(t, "pct", c, &err), OV_OK);
    ov_column_unref(c);
    ck_assert_int_eq(write_db(t, db, "shares", false, &err), OV_OK);
    ck_assert_str_eq(sql_text(db, "SELECT pct_num || '/' || pct_den FROM shares WHERE "
                                  "rowid = 2"),
                     "2.0/3.0");
    ck_assert_int_eq(ov_sqlite_load(db, "shares", NULL, &u, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_ncols(u), 3);
    ck_assert_double_eq(ov_table_col(u, 0)->data.f64[0], 100.0 / 3);
    ov_table_free(t);
    ov_table_free(u);
}
END_TEST

/* ---- an existing database ---- */

START_TEST(existing_database)
{
    const char *db = ov_testdir_path("old.db");
    ov_table *t = from_text(mixed_names, 6, mixed_cells, 4);
    struct ov_err err;
    struct stat before, after;
    ov_table *u = NULL;

    sql(db, "CREATE TABLE keep(a INTEGER); INSERT INTO keep VALUES (7);"
            "CREATE VIEW v AS SELECT a FROM keep");
    ck_assert_int_eq(write_db(t, db, "new", false, &err), OV_OK);
    ck_assert_str_eq(sql_text(db, "SELECT a FROM keep"), "7");
    ck_assert_str_eq(sql_text(db, "SELECT count(*) FROM new"), "4");
    /* the name is taken (SQLite ignores case): refused, the file unchanged */
    ck_assert_int_eq(stat(db, &before), 0);
    ck_assert_int_eq(write_db(t, db, "NEW", false, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     expect("%s already has a table 'new': give replace = true "
                            "to write over it",
                            db));
    ck_assert_int_eq(stat(db, &after), 0);
    ck_assert(before.st_ino == after.st_ino && before.st_mtime == after.st_mtime);
    /* a view's name is never written over */
    ck_assert_int_eq(write_db(t, db, "v", true, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     expect("%s already has a view 'v': choose another name", db));
    /* replace = true: the new rows, the other tables kept */
    ov_table_free(t);
    t = from_text(mixed_names, 6, mixed_cells, 2);
    ck_assert_int_eq(write_db(t, db, "New", true, &err), OV_OK);
    ck_assert_str_eq(sql_text(db, "SELECT count(*) FROM new"), "2");
    ck_assert_str_eq(sql_text(db, "SELECT group_concat(name, ',') FROM (SELECT name "
                                  "FROM sqlite_schema ORDER BY name)"),
                     "New,keep,v");
    ck_assert_int_eq(ov_sqlite_load(db, "new", NULL, &u, NULL, &err), OV_OK);
    ck_assert_str_eq(difference(t, u), "");
    ov_table_free(u);
    ov_table_free(t);
}
END_TEST

/* a write stopped half way (Ctrl-C) leaves the old database as it was */
START_TEST(interrupted_write)
{
    const char *db = ov_testdir_path("old.db");
    ov_table *t = from_text(mixed_names, 6, mixed_cells, 4);
    struct ov_err err;

    sql(db, "CREATE TABLE keep(a INTEGER); INSERT INTO keep VALUES (7)");
    ov_interrupt_request();
    ck_assert_int_eq(write_db(t, db, "new", false, &err), OV_EINTR);
    ov_interrupt_clear();
    ck_assert_str_eq(sql_text(db, "SELECT group_concat(name) FROM sqlite_schema"),
                     "keep");
    ck_assert_str_eq(sql_text(db, "SELECT a FROM keep"), "7");
    ov_table_free(t);
}
END_TEST

/* a file that is not a database is never written over */
START_TEST(not_a_database_kept)
{
    const char *path = ov_testdir_path("notes.db");
    ov_table *t = from_text(mixed_names, 6, mixed_cells, 4);
    struct ov_err err;
    FILE *f = fopen(path, "w");
    char buf[64] = "";

    fputs("my notes\n", f);
    fclose(f);
    ck_assert_int_eq(write_db(t, path, "t", false, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg, expect("%s exists and is not an SQLite database: it is "
                                     "left as it is (remove it or choose another name)",
                                     path));
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
    fclose(f);
    ck_assert_str_eq(buf, "my notes\n");
    ov_table_free(t);
}
END_TEST

/* a write-ahead log with changes in it: refused (they would be lost);
 * a WAL database without one keeps its mode */
START_TEST(write_ahead_log)
{
    const char *path = ov_testdir_path("wal.db");
    ov_table *t = from_text(mixed_names, 6, mixed_cells, 4);
    struct ov_err err;
    sqlite3 *db;

    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db,
                                  "PRAGMA journal_mode=WAL; CREATE TABLE a(x); "
                                  "INSERT INTO a VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* open: the log holds the changes */
    ck_assert_int_eq(write_db(t, path, "t", false, &err), OV_EINVAL);
    ck_assert_str_eq(
        err.msg, expect("%s has changes in its write-ahead log (%s-wal): checkpoint "
                        "it first (sqlite3 %s 'PRAGMA wal_checkpoint')",
                        path, path, path));
    sqlite3_close(db); /* the last connection checkpoints and removes the log */
    ck_assert_int_eq(write_db(t, path, "t", false, &err), OV_OK);
    ck_assert_str_eq(sql_text(path, "PRAGMA journal_mode"), "wal");
    ck_assert_str_eq(sql_text(path, "SELECT count(*) FROM a"), "1");
    ck_assert_str_eq(sql_text(path, "SELECT count(*) FROM t"), "4");
    ov_table_free(t);
}
END_TEST

/* ---- loading: errors, refusals and typing ---- */

/* the fixture: tables of every kind of column SQLite may hold */
static const char *
fixture(void)
{
    const char *path = ov_testdir_path("in.db");
    static char copy[512];

    snprintf(copy, sizeof copy, "%s", path);
    sql(copy, "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT, born DATE, "
              "height REAL, active BOOLEAN, code);"
              "INSERT INTO people VALUES (1, 'Ann', '1980-02-29', 1.5, 1, 'a1'),"
              "(2, NULL, NULL, 2, 0, 7), (3, '', '2001-12-31', NULL, NULL, 2.5);"
              "CREATE TABLE \"odd \"\"name\"(x INTEGER);"
              "INSERT INTO \"odd \"\"name\" VALUES (1);"
              "CREATE TABLE blobs(b BLOB); INSERT INTO blobs VALUES (x'00ff');"
              "CREATE TABLE empty(n INTEGER, d DATE, f DOUBLE, s VARCHAR(3));"
              "CREATE VIEW grown AS SELECT name, height * 100 AS cm FROM people;");
    return copy;
}

START_TEST(load_typing)
{
    const char *db = fixture();
    ov_table *t = NULL;
    struct ov_load_report rep;
    struct ov_err err;

    ck_assert_int_eq(ov_sqlite_load(db, "PEOPLE", NULL, &t, &rep, &err), OV_OK);
    ck_assert_str_eq(ov_table_name(t), "people");
    ck_assert_int_eq(ov_table_col(t, 0)->type, OV_INT);
    ck_assert_int_eq(ov_table_col(t, 1)->type, OV_STRING);
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_DATE);
    ck_assert_int_eq(ov_table_col(t, 3)->type, OV_FLOAT);
    ck_assert_int_eq(ov_table_col(t, 4)->type, OV_BOOL);
    ck_assert_int_eq(ov_table_col(t, 5)->type, OV_STRING);
    ck_assert_double_eq(ov_table_col(t, 3)->data.f64[1], 2.0);
    /* NULL is missing; an empty text is a text */
    ck_assert(ov_column_missing(ov_table_col(t, 1), 1));
    ck_assert(!ov_column_missing(ov_table_col(t, 1), 2));
    ck_assert_uint_eq(ov_table_col(t, 2)->nmissing, 1);
    /* text mixed with numbers: text, the numbers as SQLite writes them */
    {
        size_t len;

        ck_assert_str_eq(ov_column_str(ov_table_col(t, 5), 1, &len), "7");
        ck_assert_str_eq(ov_column_str(ov_table_col(t, 5), 2, &len), "2.5");
    }
    ck_assert_uint_eq(rep.nnotes, 1);
    ck_assert_str_eq(rep.notes[0], "column 'code' mixes text and numbers in the "
                                   "database: loaded as text");
    ov_load_report_free(&rep);
    ov_table_free(t);

    /* a table with no rows takes the declared types */
    ck_assert_int_eq(ov_sqlite_load(db, "empty", NULL, &t, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 0);
    ck_assert_int_eq(ov_table_col(t, 0)->type, OV_INT);
    ck_assert_int_eq(ov_table_col(t, 1)->type, OV_DATE);
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_FLOAT);
    ck_assert_int_eq(ov_table_col(t, 3)->type, OV_STRING);
    ov_table_free(t);

    /* a name that needs quoting, a view, a query with its provenance */
    ck_assert_int_eq(ov_sqlite_load(db, "odd \"name", NULL, &t, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 1);
    ov_table_free(t);
    ck_assert_int_eq(ov_sqlite_load(db, "grown", NULL, &t, NULL, &err), OV_OK);
    ck_assert_int_eq(ov_table_col(t, 1)->type, OV_FLOAT);
    ov_table_free(t);
    ck_assert_int_eq(ov_sqlite_load(db, "  select id, id from people where id > 1",
                                    "later", &t, &rep, &err),
                     OV_OK);
    ck_assert_str_eq(ov_table_name(t), "later");
    ck_assert_str_eq(ov_table_colname(t, 1), "id_2");
    ck_assert_str_eq(ov_table_fact(t, "sqlite query"),
                     "  select id, id from people where id > 1");
    ck_assert_ptr_null(ov_table_fact(t, "sqlite table"));
    ck_assert_uint_eq(rep.nnotes, 1);
    ck_assert_str_eq(rep.notes[0], "column 2 named 'id_2' (the name was taken)");
    ov_load_report_free(&rep);
    ov_table_free(t);
}
END_TEST

/* what is asked of load_sqlite, and the message (@: the database) */
static const struct {
    const char *what;
    ov_status st;
    const char *msg;
} load_errors[] = {
    {"peple", OV_ENOTFOUND,
     "@ has no table 'peple'; its tables are: blobs, empty, grown, odd \"name, people"},
    {"SELEC * FROM people", OV_EINVAL, "@: near \"SELEC\": syntax error"},
    {"select * from nowhere", OV_EINVAL, "@: no such table: nowhere"},
    {"by forse", OV_EINVAL,
     "@: near \"by\": syntax error (no table is named 'by forse'; the tables are: "
     "blobs, empty, grown, odd \"name, people)"},
    {"blobs", OV_ETYPE,
     "@: column 'b', row 1 holds binary data (a BLOB); load it as text with a "
     "query: SELECT hex(\"b\") ..."},
    {"select 1; select 2", OV_EINVAL,
     "@: one statement only: the query goes on after its end (select 2)"},
    /* refused: nothing but reading */
    {"ATTACH 'x.db' AS x", OV_EINVAL, "@: the query may only read: ATTACH is refused"},
    {"select * from people; ATTACH 'x.db' AS x", OV_EINVAL,
     "@: one statement only: the query goes on after its end (ATTACH 'x.db' AS x)"},
    {"VACUUM INTO 'copy.db'", OV_EINVAL,
     "@: the query may only read: this statement writes"},
    {"PRAGMA journal_mode = DELETE", OV_EINVAL,
     "@: the query may only read: PRAGMA is refused"},
    {"select * from pragma_journal_mode", OV_EINVAL,
     "@: the query may only read: PRAGMA is refused"},
    {"select load_extension('x')", OV_EINVAL,
     "@: the query may only read: load_extension is refused"},
    {"select fts3_tokenizer('simple')", OV_EINVAL,
     "@: the query may only read: fts3_tokenizer is refused"},
    {"DELETE FROM people RETURNING *", OV_EINVAL,
     "@: the query may only read: writing is refused"},
    {"CREATE TABLE t(a)", OV_EINVAL, "@: the query may only read: writing is refused"},
};

START_TEST(load_error)
{
    const char *db = fixture();
    ov_table *t = NULL;
    struct ov_err err;
    char want[OV_ERR_MSG_MAX];

    ck_assert_int_eq(ov_sqlite_load(db, load_errors[_i].what, NULL, &t, NULL, &err),
                     load_errors[_i].st);
    ck_assert_ptr_null(t);
    /* @ in the message is the database */
    {
        const char *at = strchr(load_errors[_i].msg, '@');

        snprintf(want, sizeof want, "%.*s%s%s", (int)(at - load_errors[_i].msg),
                 load_errors[_i].msg, db, at + 1);
    }
    ck_assert_str_eq(err.msg, want);
    /* the file was only read */
    ck_assert_str_eq(sql_text(db, "SELECT count(*) FROM people"), "3");
}
END_TEST

START_TEST(load_not_database)
{
    ov_table *t = NULL;
    struct ov_err err;
    const char *path = ov_testdir_path("text.db");
    FILE *f = fopen(path, "w");

    for (int i = 0; i < 100; i++)
        fputs("not a database at all\n", f);
    fclose(f);
    ck_assert_int_eq(ov_sqlite_load(path, "t", NULL, &t, NULL, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg, expect("%s: file is not a database", path));
    ck_assert_int_eq(
        ov_sqlite_load(ov_testdir_path("none.db"), "t", NULL, &t, NULL, &err), OV_EIO);
    ck_assert_str_eq(
        err.msg, expect("%s: No such file or directory", ov_testdir_path("none.db")));
    /* a name starting file: is a file name, not a URI */
    ck_assert_int_eq(ov_sqlite_load("file:x.db?mode=rwc", "t", NULL, &t, NULL, &err),
                     OV_EIO);
    ck_assert_str_eq(err.msg, "file:x.db?mode=rwc: No such file or directory");
}
END_TEST

/* ---- every real CSV ---- */

static size_t shared_files;

/* one CSV: loaded, written, read back the same; a file the CSV loader
 * refuses is not the writer's business and is passed over */
static int
round_trip_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    const char *db = ov_testdir_path("shared.sqlite");
    size_t n = strlen(path);
    ov_table *t = NULL, *u = NULL;
    struct ov_load_opts o;
    struct ov_err err;

    (void)sb;
    (void)ftw;
    if (flag != FTW_F || n < 4 || strcmp(path + n - 4, ".csv") != 0)
        return 0;
    ov_load_opts_init(&o);
    if (ov_load_csv(path, &o, &t, NULL, &err) != OV_OK) {
        fprintf(stderr, "check_sqlite: passed over %s: %s\n", path, err.msg);
        return 0;
    }
    remove(db);
    ck_assert_msg(write_db(t, db, "data", false, &err) == OV_OK, "%s: %s", path,
                  err.msg);
    ck_assert_msg(ov_sqlite_load(db, "data", NULL, &u, NULL, &err) == OV_OK, "%s: %s",
                  path, err.msg);
    ck_assert_msg(difference(t, u)[0] == '\0', "%s: %s", path, difference(t, u));
    ov_table_free(t);
    ov_table_free(u);
    shared_files++;
    return 0;
}

START_TEST(shared_round_trip)
{
    const char *dir = getenv("OV_SHARED_DATA");
    char path[1024];
    struct stat sb;

    snprintf(path, sizeof path, "%s",
             dir != NULL && *dir != '\0' ? dir : OV_TEST_DATA "/../../../shared/data");
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "check_sqlite: skipped the real files, %s is absent\n", path);
        return;
    }
    shared_files = 0;
    ck_assert_int_eq(nftw(path, round_trip_file, 16, FTW_PHYS), 0);
    ck_assert_uint_gt(shared_files, 0);
}
END_TEST

static TCase *
round_trip_tcase(void)
{
    TCase *tc = tcase_create("round trip");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, round_trip_types);
    tcase_add_test(tc, percent_parts);
    tcase_add_test(tc, existing_database);
    tcase_add_test(tc, interrupted_write);
    tcase_add_test(tc, not_a_database_kept);
    tcase_add_test(tc, write_ahead_log);
    return tc;
}

static TCase *
load_tcase(void)
{
    TCase *tc = tcase_create("load");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, load_typing);
    tcase_add_loop_test(tc, load_error, 0, sizeof load_errors / sizeof load_errors[0]);
    tcase_add_test(tc, load_not_database);
    return tc;
}

/* every CSV of ../shared/data: about 100 MB, 7 s of CPU; the machine may
 * be shared */
static TCase *
real_tcase(void)
{
    TCase *tc = tcase_create("real files");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, shared_round_trip);
    tcase_set_timeout(tc, 300);
    return tc;
}

Suite *
make_sqlite_suite(void)
{
    Suite *s = suite_create("sqlite");

    suite_add_tcase(s, round_trip_tcase());
    suite_add_tcase(s, load_tcase());
    suite_add_tcase(s, real_tcase());
    return s;
}
