/*
 * check_zload.c - the CSV loader on compressed input (part of the loader
 * suite): gzip files by content, zip members by name and by glob, stacks
 * with their member column, and each way such a file can be bad. The
 * fixtures are tests/data/z, made by tests/data/make_compressed.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "clock.h"
#include "loader.h"
#include "ov_mem.h"
#include "suites.h"
#include "testdir.h"
#include "value.h"

static void
setup(void)
{
    ov_testdir_make("zload");
}

static void
teardown(void)
{
    ov_testdir_remove();
    ov_interrupt_clear();
}

/* the fixture's path (static buffer) */
static const char *
fixture(const char *name)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/z/%s", OV_TEST_DATA, name);
    return path;
}

/* loads a fixture with the member option (NULL: none) */
static ov_status
load(const char *name, const char *member, ov_table **t, struct ov_load_report *rep,
     struct ov_err *err)
{
    struct ov_load_opts o;

    ov_load_opts_init(&o);
    o.member = member;
    return ov_load_csv(fixture(name), &o, t, rep, err);
}

/* row i of column j as text */
static const char *
cell(const ov_table *t, size_t j, size_t i)
{
    static char buf[OV_VALUE_TEXT_MAX + 1];
    size_t len;
    const ov_column *c = ov_table_col(t, j);
    const char *s;

    if (ov_column_missing(c, i))
        return "(missing)";
    s = ov_column_text(c, i, buf, &len);
    memmove(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* the error message after the fixture's path */
static const char *
after_path(const struct ov_err *err, const char *name)
{
    const char *p = fixture(name);
    size_t n = strlen(p);

    ck_assert_msg(strncmp(err->msg, p, n) == 0, "%s", err->msg);
    return err->msg + n;
}

START_TEST(test_gzip_loads_as_its_csv)
{
    static const char *const names[] = {"forces.csv.gz", "forces_gz.csv"};
    size_t k;

    for (k = 0; k < 2; k++) {
        struct ov_load_report rep;
        struct ov_err err;
        ov_table *t;

        ck_assert_int_eq(load(names[k], NULL, &t, &rep, &err), OV_OK);
        ck_assert_uint_eq(ov_table_nrows(t), 3);
        ck_assert_uint_eq(ov_table_ncols(t), 3);
        ck_assert_str_eq(ov_table_colname(t, 2), "complaints");
        ck_assert_int_eq(ov_table_col(t, 2)->type, OV_INT);
        ck_assert_str_eq(cell(t, 0, 2), "Norfolk");
        /* "forces.csv.gz" is the table forces; the bytes, not the name,
         * say gzip */
        ck_assert_str_eq(ov_table_name(t), k == 0 ? "forces" : "forces_gz");
        ck_assert_str_eq(rep.compressed, "gzip, 77 B -> 66 B");
        ck_assert_str_eq(ov_table_fact(t, "compressed"), "gzip, 77 B -> 66 B");
        ck_assert_uint_eq(rep.bytes, 66);
        ov_load_report_free(&rep);
        ov_table_free(t);
    }
}
END_TEST

START_TEST(test_gzip_members_are_read_one_after_another)
{
    struct ov_err err;
    ov_table *t;

    ck_assert_int_eq(load("members.csv.gz", NULL, &t, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 3);
    ck_assert_str_eq(cell(t, 0, 1), "Kent");
    ck_assert_str_eq(cell(t, 1, 2), "2021");
    ov_table_free(t);
}
END_TEST

START_TEST(test_gzip_truncated)
{
    struct ov_err err;
    ov_table *t;
    size_t before = ov_mem_used();

    ck_assert_int_eq(load("truncated.csv.gz", NULL, &t, NULL, &err), OV_EPARSE);
    ck_assert_ptr_null(t);
    ck_assert_str_eq(after_path(&err, "truncated.csv.gz"),
                     ": the gzip data ends early (truncated?) after 40 bytes, 0 "
                     "bytes inflated");
    ck_assert_uint_eq(ov_mem_used(), before);
}
END_TEST

/* A gzip file whose text expands past 1,000 times its size (64 MiB of
 * "a" lines from about 65 KB) is refused once past the 16 MiB floor,
 * counted on the bytes inflate consumed, not on whole blocks read. */
START_TEST(test_gzip_bomb_refused_early)
{
    const char *path = ov_testdir_path("bomb.csv.gz");
    gzFile gz = gzopen(path, "wb9");
    static char lines[1 << 20];
    struct ov_err err;
    ov_table *t;

    ck_assert_ptr_nonnull(gz);
    for (size_t i = 0; i < sizeof lines; i += 2) {
        lines[i] = 'a';
        lines[i + 1] = '\n';
    }
    for (int i = 0; i < 64; i++)
        ck_assert_int_eq(gzwrite(gz, lines, sizeof lines), (int)sizeof lines);
    ck_assert_int_eq(gzclose(gz), Z_OK);
    ck_assert_int_eq(ov_load_csv(path, NULL, &t, NULL, &err), OV_ERANGE);
    ck_assert_ptr_null(t);
    ck_assert_ptr_nonnull(
        strstr(err.msg, "refused: its data expands more than 1000 times"));
    ck_assert_ptr_nonnull(strstr(err.msg, "to over 16777"));
}
END_TEST

/* A big gzip file, cut into many blocks and parsed on 4 threads, gives the
 * table its plain CSV gives; progress counts compressed bytes up to the
 * file's size. */
struct prog {
    uint64_t done, total;
    int calls;
};

static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct prog *p = ctx;

    p->done = done;
    p->total = total;
    p->calls++;
}

static const char *
big_gzip(const char *plain_name, const char *gz_name, size_t rows)
{
    static char gz_path[512];
    const char *plain = ov_testdir_path(plain_name);
    FILE *f = fopen(plain, "w");
    gzFile g;
    size_t i;

    ck_assert_ptr_nonnull(f);
    snprintf(gz_path, sizeof gz_path, "%s", ov_testdir_path(gz_name));
    g = gzopen(gz_path, "wb6");
    ck_assert_ptr_nonnull(g);
    fputs("id,force,note,share\n", f);
    gzputs(g, "id,force,note,share\n");
    for (i = 0; i < rows; i++) {
        char line[160];

        snprintf(line, sizeof line, "%zu,Force %zu,\"note %zu%s\",%s\n", i, i % 43,
                 i % 1000, i % 7 == 0 ? ",\nsecond line" : "", i % 2 ? "3.5" : "3");
        fputs(line, f);
        gzputs(g, line);
    }
    fclose(f);
    ck_assert_int_eq(gzclose(g), Z_OK);
    return gz_path;
}

START_TEST(test_gzip_threads_and_progress)
{
    const char *gz = big_gzip("big.csv", "big.csv.gz", 60000);
    struct ov_load_opts o;
    struct ov_err err;
    struct prog p = {0, 0, 0};
    ov_table *a, *b;
    size_t i, j;
    FILE *f = fopen(gz, "rb");
    long size;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fclose(f);
    ov_load_opts_init(&o);
    o.threads = 4;
    o.block_size = 4096;
    o.progress = on_progress;
    o.progress_ctx = &p;
    ck_assert_int_eq(ov_load_csv(gz, &o, &a, NULL, &err), OV_OK);
    ck_assert_int_gt(p.calls, 10);
    ck_assert_uint_eq(p.total, (uint64_t)size);
    ck_assert_uint_eq(p.done, (uint64_t)size);
    o.progress = NULL;
    ck_assert_int_eq(ov_load_csv(ov_testdir_path("big.csv"), &o, &b, NULL, &err),
                     OV_OK);
    ck_assert_uint_eq(ov_table_nrows(a), 60000);
    ck_assert_uint_eq(ov_table_nrows(b), 60000);
    for (j = 0; j < ov_table_ncols(a); j++) {
        ov_column *ca = ov_table_col(a, j), *cb = ov_table_col(b, j);

        ck_assert_int_eq(ca->type, cb->type);
        for (i = 0; i < ov_table_nrows(a); i++)
            ck_assert(ov_column_value_equal(ca, i, cb, i));
    }
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

/* Bytes of a big gzip file overwritten in the middle: whatever the garbage
 * inflated before the check failed made of the rows, the error is the
 * damaged gzip data. */
START_TEST(test_gzip_corrupt_in_the_middle)
{
    const char *gz = big_gzip("big.csv", "big.csv.gz", 60000);
    struct ov_load_opts o;
    struct ov_err err;
    ov_table *t;
    FILE *f = fopen(gz, "r+b");
    long size, i;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    for (i = size / 2; i < size / 2 + 64; i++) {
        fseek(f, i, SEEK_SET);
        fputc((int)(i * 37 % 256), f);
    }
    fclose(f);
    ov_load_opts_init(&o);
    o.threads = 4;
    o.block_size = 4096;
    ck_assert_int_eq(ov_load_csv(gz, &o, &t, NULL, &err), OV_EPARSE);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(err.msg, "big.csv.gz: corrupt gzip data after ") != NULL, "%s",
                  err.msg);
}
END_TEST

START_TEST(test_gzip_interrupted)
{
    const char *gz = big_gzip("big.csv", "big.csv.gz", 20000);
    struct ov_err err;
    ov_table *t = NULL;
    size_t before = ov_mem_used();

    ov_interrupt_request();
    ck_assert_int_eq(ov_load_csv(gz, NULL, &t, NULL, &err), OV_EINTR);
    ck_assert_str_eq(err.msg, "interrupted");
    ck_assert_ptr_null(t);
    ck_assert_uint_eq(ov_mem_used(), before);
}
END_TEST

START_TEST(test_zip_with_one_csv)
{
    static const char *const members[] = {NULL, "data/forces.csv", "forces.csv"};
    size_t k;

    for (k = 0; k < 3; k++) {
        struct ov_load_report rep;
        struct ov_err err;
        ov_table *t;

        /* the folder and the __MACOSX junk beside it are not data */
        ck_assert_int_eq(load("one.zip", members[k], &t, &rep, &err), OV_OK);
        ck_assert_uint_eq(ov_table_nrows(t), 3);
        ck_assert_uint_eq(ov_table_ncols(t), 3);
        ck_assert_str_eq(ov_table_name(t), "forces");
        ck_assert_str_eq(ov_table_fact(t, "member"), "data/forces.csv");
        ck_assert_str_eq(rep.compressed, "zip, member data/forces.csv, 59 B -> 66 B");
        ov_load_report_free(&rep);
        ov_table_free(t);
    }
}
END_TEST

START_TEST(test_zip_of_several_says_which)
{
    struct ov_err err;
    ov_table *t;

    ck_assert_int_eq(load("three.zip", NULL, &t, NULL, &err), OV_EINVAL);
    ck_assert_str_eq(after_path(&err, "three.zip"),
                     ": a zip of 4 files: 2019.csv, 2020.csv, 2021.csv, README.txt; "
                     "say which with member = \"2019.csv\" (or a glob like "
                     "\"*.csv\")");
    ck_assert_int_eq(load("three.zip", "2022.csv", &t, NULL, &err), OV_ENOTFOUND);
    ck_assert_str_eq(after_path(&err, "three.zip"),
                     ": no member is called \"2022.csv\"; the zip holds: 2019.csv, "
                     "2020.csv, 2021.csv, README.txt");
    ck_assert_int_eq(load("three.zip", "*.tsv", &t, NULL, &err), OV_ENOTFOUND);
    ck_assert_str_eq(after_path(&err, "three.zip"),
                     ": no member matches \"*.tsv\"; the zip holds: 2019.csv, "
                     "2020.csv, 2021.csv, README.txt");
    ck_assert_int_eq(load("three.zip", "2020.csv", &t, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ck_assert_int_eq(ov_table_find(t, "member"), -1);
    ov_table_free(t);
}
END_TEST

/* Three members stacked: the member column first, each member in the
 * provenance, the columns typed over every member's values (whole numbers
 * in one, 87.5 in another: a float column) and each member's notes kept. */
START_TEST(test_zip_glob_stacks_members)
{
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t;
    size_t k;
    bool noted = false;

    ck_assert_int_eq(load("three.zip", "*.csv", &t, &rep, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 5);
    ck_assert_uint_eq(ov_table_ncols(t), 3);
    ck_assert_str_eq(ov_table_colname(t, 0), "member");
    ck_assert_str_eq(ov_table_colname(t, 1), "force");
    ck_assert_str_eq(cell(t, 0, 0), "2019.csv");
    ck_assert_str_eq(cell(t, 0, 3), "2020.csv");
    ck_assert_str_eq(cell(t, 0, 4), "2021.csv");
    ck_assert_str_eq(cell(t, 1, 4), "Norfolk");
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_FLOAT);
    ck_assert_str_eq(cell(t, 2, 3), "87.5");
    ck_assert_str_eq(cell(t, 2, 4), "(missing)");
    ck_assert_str_eq(ov_table_name(t), "three");
    ck_assert_str_eq(ov_table_fact(t, "members"),
                     "2019.csv (2 rows), 2020.csv (2 rows), 2021.csv (1 row)");
    ck_assert_msg(strstr(ov_table_fact(t, "source"), "/z/three.zip") != NULL, "%s",
                  ov_table_fact(t, "source"));
    ck_assert_str_eq(rep.compressed, "zip, 3 members, 540 B -> 100 B");
    for (k = 0; k < rep.nnotes; k++)
        noted |= strcmp(rep.notes[k], "2021.csv: column 'complaints': read as "
                                      "missing: 1 'NA'") == 0;
    ck_assert_msg(noted, "the member's note is kept");
    ov_load_report_free(&rep);
    ov_table_free(t);
}
END_TEST

START_TEST(test_zip_stack_needs_the_same_columns)
{
    struct ov_err err;
    ov_table *t;
    size_t before = ov_mem_used();

    ck_assert_int_eq(load("shapes.zip", "*.csv", &t, NULL, &err), OV_EINVAL);
    ck_assert_ptr_null(t);
    ck_assert_str_eq(after_path(&err, "shapes.zip"),
                     ": cannot stack b.csv under a.csv: its column 2 is 'year' where "
                     "a.csv has 'complaints' (members stacked together need the same "
                     "columns in the same order)");
    ck_assert_uint_eq(ov_mem_used(), before);
}
END_TEST

/* each bad archive: the file, the member and what is wrong */
START_TEST(test_bad_archives)
{
    static const struct {
        const char *name;
        ov_status st;
        const char *msg;
    } cases[] = {
        {"corrupt.csv.gz", OV_EPARSE,
         ": corrupt gzip data after 77 bytes: incorrect data check"},
        {"empty.zip", OV_EPARSE, ": an empty zip archive: it holds no files"},
        {"workbook.zip", OV_EPARSE,
         ": the file is an Excel .xlsx workbook: use load_sheet()"},
        {"ods.zip", OV_EPARSE, ": the file is an ODS spreadsheet: use load_sheet()"},
        {"bomb.zip", OV_ERANGE,
         ": bomb.csv: refused: it says it expands more than 1000 times (to "
         "104857600 bytes from 101924), which no real file does (a zip bomb?)"},
        {"encrypted.zip", OV_EPARSE,
         ": forces.csv is encrypted (password-protected): extract it with the "
         "password first (unzip -P)"},
        {"corrupt.zip", OV_EPARSE,
         ": data/forces.csv: corrupt compressed data after 0 bytes: Zlib error: "
         "data error"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct ov_err err;
        ov_table *t;
        double t0 = ov_clock_now();
        size_t before = ov_mem_used();

        ck_assert_int_eq(load(cases[k].name, NULL, &t, NULL, &err), cases[k].st);
        ck_assert_ptr_null(t);
        ck_assert_str_eq(after_path(&err, cases[k].name), cases[k].msg);
        ck_assert_uint_eq(ov_mem_used(), before);
        /* the bomb is refused before it is inflated */
        ck_assert_msg(ov_clock_now() - t0 < 1.0, "%s took %.2f s", cases[k].name,
                      ov_clock_now() - t0);
    }
}
END_TEST

TCase *
ov_test_zload_tcase(void)
{
    TCase *tc = tcase_create("compressed");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_gzip_loads_as_its_csv);
    tcase_add_test(tc, test_gzip_members_are_read_one_after_another);
    tcase_add_test(tc, test_gzip_truncated);
    tcase_add_test(tc, test_gzip_bomb_refused_early);
    tcase_add_test(tc, test_gzip_threads_and_progress);
    tcase_add_test(tc, test_gzip_corrupt_in_the_middle);
    tcase_add_test(tc, test_gzip_interrupted);
    tcase_add_test(tc, test_zip_with_one_csv);
    tcase_add_test(tc, test_zip_of_several_says_which);
    tcase_add_test(tc, test_zip_glob_stacks_members);
    tcase_add_test(tc, test_zip_stack_needs_the_same_columns);
    tcase_add_test(tc, test_bad_archives);
    return tc;
}
