/*
 * check_write_xlsx.c - tables written as .xlsx (write_xlsx.c): sheet names
 * checked as Excel requires, and a written book read back with the
 * engine's own reader (xl.h) for cell kinds and values, and its sheet XML
 * opened with libzip for the formulas and their cached values.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "ov_mem.h"
#include "suites.h"
#include "testdir.h"
#include "write_xlsx.h"
#include "xl.h"

/* ---- names ---- */

static const struct {
    const char *name;
    const char *says; /* NULL: accepted */
} names[] = {
    {"by_force", NULL},
    {"Complaints 2020-21", NULL},
    {"Île-de-France – plaintes", NULL},
    {"abcdefghijabcdefghijabcdefghijX", NULL}, /* 31 */
    {"abcdefghijabcdefghijabcdefghijXY", "has 32 characters; Excel allows at most 31"},
    {"ééééééééééééééééééééééééééééééé", NULL}, /* 31 characters, 62 bytes */
    {"", "cannot be empty"},
    {"a/b", "holds '/'"},
    {"a\\b", "holds '\\'"},
    {"what?", "holds '?'"},
    {"[x]", "holds '['"},
    {"x:y", "holds ':'"},
    {"a*", "holds '*'"},
    {"'quoted", "apostrophe"},
    {"quoted'", "apostrophe"},
    {"history", "reserved by Excel"},
};

START_TEST(test_sheet_names)
{
    struct ov_err err;
    ov_status st = ov_xlsx_check_name(names[_i].name, &err);

    if (names[_i].says == NULL) {
        ck_assert_msg(st == OV_OK, "%s: %s", names[_i].name, err.msg);
    } else {
        ck_assert_int_eq(st, OV_EINVAL);
        ck_assert_msg(strstr(err.msg, names[_i].says) != NULL, "%s: %s", names[_i].name,
                      err.msg);
    }
}
END_TEST

/* ---- a small table of every kind ---- */

static uint32_t
intern(ov_column *c, const char *s)
{
    uint32_t code;

    ck_assert_int_eq(ov_dict_intern(c->dict, s, strlen(s), &code, NULL), OV_OK);
    return code;
}

/* code (text with leading zeros), n (int, a measure), share (pct of n in
 * total), when (date), ok (bool), x (float, 2 fixed decimals), a missing
 * value in when, ok and x of row 2 */
static ov_table *
sample(void)
{
    struct ov_err err;
    ov_table *t = ov_table_new(3, &err);
    ov_column *code = ov_column_new(OV_STRING, 3, NULL, 3, &err);
    ov_column *n = ov_column_new(OV_INT, 3, NULL, 0, &err);
    ov_column *total = ov_column_new(OV_INT, 3, NULL, 0, &err);
    ov_column *share = ov_column_new(OV_FLOAT, 3, NULL, 0, &err);
    ov_column *when = ov_column_new(OV_DATE, 3, NULL, 0, &err);
    ov_column *ok = ov_column_new(OV_BOOL, 3, NULL, 0, &err);
    ov_column *x = ov_column_new(OV_FLOAT, 3, NULL, 0, &err);
    const char *codes[] = {"00123", "0457", "9"};
    const int64_t counts[] = {7, 1, 0};
    size_t i;

    ck_assert_ptr_nonnull(t);
    n->measure = true;
    x->float_style = 2;
    ck_assert_int_eq(ov_column_alloc_percent(share), OV_OK);
    for (i = 0; i < 3; i++) {
        ov_column_set_code(code, i, intern(code, codes[i]));
        n->data.i64[i] = counts[i];
        total->data.i64[i] = 8;
        share->num[i] = (double)counts[i];
        share->den[i] = 8;
        share->data.f64[i] = 100.0 * (double)counts[i] / 8;
        when->data.days[i] = 18355 + (int32_t)i; /* 2020-04-03 */
        ok->data.b[i] = i == 0;
        x->data.f64[i] = 1.5 * (double)i;
    }
    ck_assert_int_eq(ov_column_set_missing(when, 1), OV_OK);
    ck_assert_int_eq(ov_column_set_missing(ok, 1), OV_OK);
    ck_assert_int_eq(ov_column_set_missing(x, 1), OV_OK);
    ov_column_finish(when);
    ov_column_finish(ok);
    ov_column_finish(x);
    ov_table_add_column(t, "code", code, &err);
    ov_table_add_column(t, "n", n, &err);
    ov_table_add_column(t, "total", total, &err);
    ov_table_add_column(t, "share", share, &err);
    ov_table_add_column(t, "when", when, &err);
    ov_table_add_column(t, "ok", ok, &err);
    ov_table_add_column(t, "x", x, &err);
    ov_column_unref(code);
    ov_column_unref(n);
    ov_column_unref(total);
    ov_column_unref(share);
    ov_column_unref(when);
    ov_column_unref(ok);
    ov_column_unref(x);
    ck_assert_int_eq(ov_table_set_name(t, "sample"), OV_OK);
    ck_assert_int_eq(ov_table_add_step(t, "freq(\"code\")"), OV_OK);
    return t;
}

/* a percentage of 1 in 3 whose numerator and denominator are no column */
static ov_table *
third(void)
{
    struct ov_err err;
    ov_table *t = ov_table_new(1, &err);
    ov_column *p = ov_column_new(OV_FLOAT, 1, NULL, 0, &err);

    ck_assert_int_eq(ov_column_alloc_percent(p), OV_OK);
    p->num[0] = 1;
    p->den[0] = 3;
    p->data.f64[0] = 100.0 / 3;
    ov_table_add_column(t, "p", p, &err);
    ov_column_unref(p);
    return t;
}

static void
write_book(const char *path, const struct ov_xlsx_sheet *s, size_t n)
{
    struct ov_err err;
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_msg(ov_xlsx_write(f, s, n, ov_testdir, &err) == OV_OK, "%s", err.msg);
    ck_assert_int_eq(fclose(f), 0);
}

/* the text of member `name` of the zip at path (freed by the caller) */
static char *
member(const char *path, const char *name)
{
    int e;
    zip_t *z = zip_open(path, ZIP_RDONLY, &e);
    zip_stat_t st;
    zip_file_t *f;
    char *text;

    ck_assert_ptr_nonnull(z);
    ck_assert_int_eq(zip_stat(z, name, 0, &st), 0);
    text = malloc(st.size + 1);
    f = zip_fopen(z, name, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(zip_fread(f, text, st.size), (zip_int64_t)st.size);
    text[st.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    return text;
}

static void
setup(void)
{
    ov_testdir_make("xlsx");
}

START_TEST(test_cells_read_back)
{
    ov_table *t = sample();
    struct ov_xlsx_sheet s = {"Data", t};
    const char *path = ov_testdir_path("sample.xlsx");
    ov_xl_book *b;
    struct ov_xl_grid *g;
    const struct ov_xl_cell *c;
    struct ov_err err;
    const char *heads[] = {"code", "n", "total", "share", "when", "ok", "x"};
    size_t j;

    write_book(path, &s, 1);
    ck_assert_int_eq(ov_xl_open(path, &b, &err), OV_OK);
    ck_assert_uint_eq(ov_xl_nsheets(b), 2);
    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Data");
    ck_assert_str_eq(ov_xl_sheet_name(b, 1), "Sources");
    ck_assert_int_eq(ov_xl_read(b, 0, &g, &err), OV_OK);
    /* the numerator and denominator are columns: no extra ones */
    ck_assert_uint_eq(g->ncols, 7);
    ck_assert_uint_eq(g->nrows, 4);
    for (j = 0; j < 7; j++) {
        c = ov_xl_grid_at(g, 0, (uint32_t)j);
        ck_assert_int_eq(c->kind, OV_XL_TEXT);
        ck_assert_str_eq(c->text, heads[j]);
    }
    /* codes stay text, with their zeros */
    c = ov_xl_grid_at(g, 1, 0);
    ck_assert_int_eq(c->kind, OV_XL_TEXT);
    ck_assert_str_eq(c->text, "00123");
    ck_assert_str_eq(ov_xl_grid_at(g, 2, 0)->text, "0457");
    c = ov_xl_grid_at(g, 1, 1);
    ck_assert_int_eq(c->kind, OV_XL_NUMBER);
    ck_assert_double_eq(c->num, 7);
    /* 7 of 8 is 87.5%: the cached value */
    c = ov_xl_grid_at(g, 1, 3);
    ck_assert_int_eq(c->kind, OV_XL_NUMBER);
    ck_assert_double_eq_tol(c->num, 87.5, 1e-9);
    c = ov_xl_grid_at(g, 2, 3);
    ck_assert_double_eq_tol(c->num, 12.5, 1e-9);
    /* 2020-04-03 and 2020-04-05, a real date; row 2's is missing */
    c = ov_xl_grid_at(g, 1, 4);
    ck_assert_int_eq(c->kind, OV_XL_DATE);
    ck_assert_double_eq(c->num, 18355);
    ck_assert_ptr_null(ov_xl_grid_at(g, 2, 4));
    ck_assert_double_eq(ov_xl_grid_at(g, 3, 4)->num, 18357);
    c = ov_xl_grid_at(g, 1, 5);
    ck_assert_int_eq(c->kind, OV_XL_BOOL);
    ck_assert_double_eq(c->num, 1);
    ck_assert_double_eq(ov_xl_grid_at(g, 3, 5)->num, 0);
    ck_assert_ptr_null(ov_xl_grid_at(g, 2, 5));
    ck_assert_ptr_null(ov_xl_grid_at(g, 2, 6));
    ck_assert_double_eq(ov_xl_grid_at(g, 3, 6)->num, 3);
    ov_xl_grid_free(g);
    /* the Sources sheet: the table's name and its step */
    ck_assert_int_eq(ov_xl_read(b, 1, &g, &err), OV_OK);
    ck_assert_str_eq(ov_xl_grid_at(g, 1, 0)->text, "Data");
    ck_assert_str_eq(ov_xl_grid_at(g, 1, 1)->text, "table");
    ck_assert_str_eq(ov_xl_grid_at(g, 1, 2)->text, "sample");
    ck_assert_str_eq(ov_xl_grid_at(g, 2, 1)->text, "step 1");
    ck_assert_str_eq(ov_xl_grid_at(g, 2, 2)->text, "freq(\"code\")");
    ov_xl_grid_free(g);
    ov_xl_close(b);
    ov_table_free(t);
}
END_TEST

START_TEST(test_formulas)
{
    ov_table *t = sample(), *u = third();
    struct ov_xlsx_sheet s[] = {{"Data", t}, {"third", u}};
    const char *path = ov_testdir_path("formulas.xlsx");
    char *xml;

    write_book(path, s, 2);
    xml = member(path, "xl/worksheets/sheet1.xml");
    /* share is n over total: columns B and C */
    ck_assert_msg(strstr(xml, "<f>ROUND(100*B2/C2,1)</f><v>87.5</v>") != NULL, "%s",
                  xml);
    ck_assert_msg(strstr(xml, "<f>ROUND(100*B4/C4,1)</f><v>0</v>") != NULL, "%s", xml);
    /* the header row is frozen */
    ck_assert_ptr_nonnull(strstr(xml, "state=\"frozen\""));
    free(xml);
    /* 1 of 3 has no columns: they are added after the table's, and the
     * cached value is rounded half away from zero to one decimal */
    xml = member(path, "xl/worksheets/sheet2.xml");
    ck_assert_msg(strstr(xml, "<f>ROUND(100*B2/C2,1)</f><v>33.3</v>") != NULL, "%s",
                  xml);
    free(xml);
    xml = member(path, "xl/sharedStrings.xml");
    ck_assert_ptr_nonnull(strstr(xml, ">p num<"));
    ck_assert_ptr_nonnull(strstr(xml, ">p den<"));
    free(xml);
    ov_table_free(t);
    ov_table_free(u);
}
END_TEST

START_TEST(test_book_checks)
{
    ov_table *t = third();
    struct ov_err err;
    struct ov_xlsx_sheet twice[] = {{"Rates", t}, {"rates", t}};
    struct ov_xlsx_sheet sources[] = {{"sources", t}};
    struct ov_xlsx_sheet bad[] = {{"ok", t}, {"a/b", t}};
    char buf[OV_XLSX_NAME_MAX * 4 + 1];
    FILE *f = tmpfile();

    ck_assert_int_eq(ov_xlsx_check(twice, 2, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "two sheets are named \"rates\""));
    ck_assert_int_eq(ov_xlsx_check(sources, 1, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "is taken"));
    ck_assert_int_eq(ov_xlsx_check(twice, 0, &err), OV_EINVAL);
    /* nothing is written for a book that fails its checks */
    ck_assert_int_eq(ov_xlsx_write(f, bad, 2, NULL, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "holds '/'"));
    ck_assert_int_eq(ftell(f), 0);
    fclose(f);
    /* a table without a name, or with one Excel refuses, is "Table" */
    ck_assert_str_eq(ov_xlsx_default_name(t, buf, sizeof buf), "Table");
    ck_assert_int_eq(ov_table_set_name(t, "by_force"), OV_OK);
    ck_assert_str_eq(ov_xlsx_default_name(t, buf, sizeof buf), "by_force");
    ck_assert_int_eq(ov_table_set_name(t, "a:b"), OV_OK);
    ck_assert_str_eq(ov_xlsx_default_name(t, buf, sizeof buf), "Table");
    ov_table_free(t);
}
END_TEST

/* Excel's rows and columns, the extra numerator and denominator counted */
START_TEST(test_limits)
{
    struct ov_err err;
    ov_table *wide = third(), *tall = ov_table_new(OV_XLSX_MAX_ROWS, &err);
    ov_column *c = ov_column_new(OV_INT, 1, NULL, 0, &err);
    ov_column *big = ov_column_new(OV_INT, OV_XLSX_MAX_ROWS, NULL, 0, &err);
    struct ov_xlsx_sheet s = {"wide", wide};
    char name[32];
    size_t j;

    /* p, its num and den, and 16,381 more: the last column Excel has */
    for (j = 0; j < OV_XLSX_MAX_COLS - 3; j++) {
        snprintf(name, sizeof name, "c%zu", j);
        ck_assert_int_eq(ov_table_add_column(wide, name, c, &err), OV_OK);
    }
    ck_assert_msg(ov_xlsx_check(&s, 1, &err) == OV_OK, "%s", err.msg);
    ck_assert_int_eq(ov_table_add_column(wide, "one too many", c, &err), OV_OK);
    ck_assert_int_eq(ov_xlsx_check(&s, 1, &err), OV_ERANGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "16385 columns do not fit"));
    /* 1,048,576 rows and the header do not fit */
    ck_assert_int_eq(ov_table_add_column(tall, "n", big, &err), OV_OK);
    s = (struct ov_xlsx_sheet){"tall", tall};
    ck_assert_int_eq(ov_xlsx_check(&s, 1, &err), OV_ERANGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "1048576 rows do not fit"));
    ov_column_unref(c);
    ov_column_unref(big);
    ov_table_free(wide);
    ov_table_free(tall);
}
END_TEST

Suite *
make_write_xlsx_suite(void)
{
    Suite *s = suite_create("write_xlsx");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, ov_testdir_remove);
    tcase_add_loop_test(tc, test_sheet_names, 0, (int)(sizeof names / sizeof names[0]));
    tcase_add_test(tc, test_cells_read_back);
    tcase_add_test(tc, test_formulas);
    tcase_add_test(tc, test_book_checks);
    tcase_add_test(tc, test_limits);
    suite_add_tcase(s, tc);
    return s;
}
