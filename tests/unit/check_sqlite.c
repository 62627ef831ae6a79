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
    ck_assert_int_eq(ov_table_from_text(ov_strbuf_cstr(&b), nm, nc, cl, nr, NULL, &t,
                                        NULL, &err),
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
        snprintf(why, sizeof why, "rows %zu, %zu", ov_table_nrows(a), ov_table_nrows(b));
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
static const char *
expect(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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
    ck_assert_str_eq(sql_text(db, "SELECT n FROM t WHERE rowid = 3"), "-9007199254740993");
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
    ck_assert_str_eq(err.msg, expect("%s already has a table 'new': give replace = true "
                                     "to write over it",
                                     db));
    ck_assert_int_eq(stat(db, &after), 0);
    ck_assert(before.st_ino == after.st_ino && before.st_mtime == after.st_mtime);
    /* a view's name is never written over */
    ck_assert_int_eq(write_db(t, db, "v", true, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg, expect("%s already has a view 'v': choose another name", db));
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
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE a(x); "
                                      "INSERT INTO a VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* open: the log holds the changes */
    ck_assert_int_eq(write_db(t, path, "t", false, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     expect("%s has changes in its write-ahead log (%s-wal): checkpoint "
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

static TCase *
round_trip_tcase(void)
{
    TCase *tc = tcase_create("round trip");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, round_trip_types);
    tcase_add_test(tc, percent_parts);
    tcase_add_test(tc, existing_database);
    tcase_add_test(tc, not_a_database_kept);
    tcase_add_test(tc, write_ahead_log);
    return tc;
}

Suite *
make_sqlite_suite(void)
{
    Suite *s = suite_create("sqlite");

    suite_add_tcase(s, round_trip_tcase());
    return s;
}
