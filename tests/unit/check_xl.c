/*
 * check_xl.c - the ODS and XLSX readers: every sheet of the real
 * workbooks in ../shared/data/spreadsheets read with the used range and
 * non-empty cells an independent reader finds, particular cells (stored
 * against shown, dates), and the small fixtures of tests/data/xl (made by
 * make_fixtures.py there): merges, 1904 dates, inline strings, huge
 * repeats, and hostile files refused with the exact message a user sees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ov_mem.h"
#include "suites.h"
#include "xl.h"
#include "xl_int.h"

#define XL_DATA OV_TEST_DATA "/xl/"

/* ---- the real files ----
 * Expected numbers from pandas 1.5.3 (openpyxl 3.0.9, odfpy 1.4.2), the
 * Debian packages, computed once with
 *   d = pandas.read_excel(path, sheet_name=None, header=None)
 * and, per sheet, m = df.notna().values: the first and last row and
 * column where m has a True give row0/col0/nrows/ncols, m.sum() the
 * cells. pandas drops trailing empty rows and columns as the used range
 * does, and keeps leading ones (so row0 and col0 compare too). */
struct want_sheet {
    const char *name;
    unsigned row0, col0, nrows, ncols;
    size_t cells;
};

struct want_book {
    const char *file;
    size_t nsheets;
    struct want_sheet s[17];
};

static const struct want_book books[] = {
    {"CPD Employees active-duty-only.xlsx", 1, {{"Sheet1", 0, 0, 13531, 11, 145797}}},
    {"Complaint Categories.xlsx",
     4,
     {{"Sheet1", 0, 0, 408, 6, 2041},
      {"Copy of Sheet1", 0, 0, 408, 6, 2041},
      {"Sheet2", 0, 0, 2, 5, 10},
      {"Sheet3", 0, 0, 0, 0, 0}}},
    {"Rank codes, names and definitions.xlsx",
     2,
     {{"Sheet1", 0, 0, 127, 6, 397}, {"historical notes on jobs", 0, 0, 32, 1, 32}}},
    {"Time_series_tables_2019-20.ods",
     12,
     {{"Cover", 13, 0, 5, 1, 4},
      {"Contents", 0, 0, 50, 1, 40},
      {"RTI", 0, 0, 81, 18, 632},
      {"RTI_By_Force", 0, 0, 116, 18, 1811},
      {"Shootings", 0, 0, 69, 18, 427},
      {"Shootings_By_Force", 0, 0, 29, 18, 331},
      {"Custody", 0, 0, 69, 19, 472},
      {"Custody_By_Force", 0, 0, 58, 18, 905},
      {"Apparent_suicides", 0, 0, 71, 18, 464},
      {"Apparent_suicides_By_Force", 0, 0, 60, 18, 907},
      {"Other_contact", 0, 0, 77, 18, 479},
      {"Other_contact_by_force", 0, 0, 153, 18, 2357}}},
    {"police-use-of-force-apr2017-mar2018-hosb3018-tables.ods",
     17,
     {{"Cover_sheet", 6, 1, 14, 1, 8},
      {"Contents", 0, 0, 23, 5, 84},
      {"Table_1", 0, 0, 59, 3, 141},
      {"Table_2", 0, 0, 50, 11, 357},
      {"Table_3", 0, 0, 50, 8, 252},
      {"Table_4", 0, 0, 50, 12, 392},
      {"Table_5", 0, 0, 51, 9, 288},
      {"Table_6", 0, 0, 51, 17, 568},
      {"Table_7", 0, 0, 52, 13, 429},
      {"Table_8", 0, 0, 52, 10, 325},
      {"Table_9", 0, 0, 50, 22, 743},
      {"Table_10", 0, 0, 23, 6, 68},
      {"Table_11", 0, 0, 17, 6, 44},
      {"Table_12", 0, 0, 61, 3, 169},
      {"Table_13", 0, 0, 63, 13, 721},
      {"Table_14", 0, 0, 63, 13, 721},
      {"Table_15", 0, 0, 64, 23, 780}}},
    {"police-workforce-sep19-tables.ods",
     14,
     {{"Index", 0, 0, 16, 5, 71},
      {"Table_1", 0, 0, 68, 8, 470},
      {"Table_2", 0, 0, 65, 8, 463},
      {"Table_3", 0, 0, 69, 8, 466},
      {"Table_4", 0, 0, 68, 8, 465},
      {"Table_5", 0, 0, 62, 8, 461},
      {"Table_6", 0, 0, 23, 6, 96},
      {"Table_7", 0, 0, 67, 5, 296},
      {"Table_8", 0, 0, 67, 5, 292},
      {"Table_9", 0, 0, 69, 5, 294},
      {"Table_10", 0, 0, 68, 5, 293},
      {"Table_11", 0, 0, 66, 5, 291},
      {"Table_12", 0, 0, 65, 8, 463},
      {"Table_13", 0, 0, 68, 8, 466}}},
    {"police-workforce-tabs-30sep15.ods",
     7,
     {{"Index", 0, 0, 8, 4, 29},
      {"Table_1", 0, 0, 70, 8, 473},
      {"Table_2", 0, 0, 67, 8, 465},
      {"Table_3", 0, 0, 65, 8, 463},
      {"Table_4", 0, 0, 66, 8, 464},
      {"Table_5", 0, 0, 65, 8, 463},
      {"Table_6", 0, 0, 20, 6, 74}}},
};

/* ../shared/data/spreadsheets/FILE, or NULL (and a note) when absent */
static const char *
shared_file(const char *file)
{
    static char path[2048];
    const char *dir = getenv("OV_SHARED_DATA");
    FILE *f;

    snprintf(path, sizeof path, "%s/spreadsheets/%s",
             dir != NULL && *dir != '\0' ? dir : OV_TEST_DATA "/../../../shared/data",
             file);
    if ((f = fopen(path, "rb")) == NULL) {
        fprintf(stderr, "check_xl: skipped, %s is absent\n", path);
        return NULL;
    }
    fclose(f);
    return path;
}

static double
seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static ov_xl_book *
open_ok(const char *path)
{
    ov_xl_book *b = NULL;
    struct ov_err err;

    ck_assert_msg(ov_xl_open(path, &b, &err) == OV_OK, "%s: %s", path, err.msg);
    return b;
}

static struct ov_xl_grid *
read_ok(ov_xl_book *b, size_t i)
{
    struct ov_xl_grid *g = NULL;
    struct ov_err err;

    ck_assert_msg(ov_xl_read(b, i, &g, &err) == OV_OK, "%s", err.msg);
    return g;
}

/* Whole numbers take a short way past printf in ov_xl_plain_number and
 * ov_xl_format_number: the texts must be those the long way gives, %.15g
 * for the plain reading and, for each common format, the digits written
 * out here with integer arithmetic. */
static void
expected_format(const struct ov_xl_numfmt *f, long long v, char *out, size_t size)
{
    char digits[40], grouped[64];
    unsigned long long u = (unsigned long long)(v < 0 ? -v : v);
    int n, k = 0;

    if (f->percent)
        u *= 100;
    n = snprintf(digits, sizeof digits, "%0*llu", f->int_digits > 0 ? f->int_digits : 1,
                 u);
    if (f->int_digits == 0 && u == 0)
        n = 0;
    for (int i = 0; i < n; i++) {
        if (f->group && i > 0 && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    snprintf(out, size, "%s%s", v < 0 ? "-" : "", grouped);
    if (f->decimals > 0) {
        strcat(out, ".");
        for (int i = 0; i < f->decimals; i++)
            strcat(out, "0");
    }
    if (f->percent)
        strcat(out, "%");
}

START_TEST(test_whole_numbers)
{
    static const char *const codes[] = {"0",        "000",      "#,##0", "0.00",
                                        "#,##0.00", "0%",       "0.0%",  "00000",
                                        "#,##0.0",  "0.000000", NULL};
    long long edge[] = {0,
                        1,
                        -1,
                        9,
                        10,
                        99,
                        100,
                        999,
                        1000,
                        -1000,
                        123456789,
                        999999999999999LL,
                        -999999999999999LL,
                        100000000000000LL};
    unsigned seed = 20261201;

    for (int i = 0; i < 20000; i++) {
        long long v;
        char plain[32], want[128], got[96];

        if (i < (int)(sizeof edge / sizeof *edge)) {
            v = edge[i];
        } else {
            seed = seed * 1103515245u + 12345u;
            v = (long long)(seed >> 8) * (long long)(seed % 977 + 1);
            if (i % 3 == 0)
                v %= 100000;
            if (i % 2 == 0)
                v = -v;
        }
        snprintf(want, sizeof want, "%.15g", (double)v);
        ck_assert_str_eq(ov_xl_plain_number((double)v, plain), want);
        for (size_t c = 0; codes[c] != NULL; c++) {
            struct ov_xl_numfmt f;

            ck_assert(ov_xl_format_parse(codes[c], &f));
            if (f.percent && (v > 9999999999999LL || v < -9999999999999LL))
                continue; /* 100 times it is past 10^15 */
            if (v == 0 && f.int_digits == 0)
                continue; /* "#,##0" of 0 is Excel's "0": not this simple sketch */
            expected_format(&f, v, want, sizeof want);
            ck_assert_msg(ov_xl_format_number(&f, (double)v, got, sizeof got),
                          "%lld in %s", v, codes[c]);
            ck_assert_msg(strcmp(got, want) == 0, "%lld in %s: %s, not %s", v, codes[c],
                          got, want);
        }
    }
}
END_TEST

START_TEST(test_real_books)
{
    const struct want_book *w = &books[_i];
    const char *path = shared_file(w->file);
    ov_xl_book *b;
    double t0 = seconds();

    if (path == NULL)
        return;
    b = open_ok(path);
    ck_assert_uint_eq(ov_xl_nsheets(b), w->nsheets);
    for (size_t i = 0; i < w->nsheets; i++) {
        const struct want_sheet *s = &w->s[i];
        struct ov_xl_grid *g;

        ck_assert_str_eq(ov_xl_sheet_name(b, i), s->name);
        g = read_ok(b, i);
        ck_assert_msg(g->row0 == s->row0 && g->col0 == s->col0 &&
                          g->nrows == s->nrows && g->ncols == s->ncols &&
                          g->ncells == s->cells,
                      "%s, sheet %s: row0 %u col0 %u, %u x %u, %zu cells; pandas: row0 "
                      "%u col0 %u, %u x %u, %zu cells",
                      w->file, s->name, g->row0, g->col0, g->nrows, g->ncols, g->ncells,
                      s->row0, s->col0, s->nrows, s->ncols, s->cells);
        ov_xl_grid_free(g);
    }
    ov_xl_close(b);
    fprintf(stderr, "check_xl: %s: every sheet read in %.3f s\n", w->file,
            seconds() - t0);
}
END_TEST

START_TEST(test_stored_and_shown)
{
    /* Table_1, North East, 30 September 2018: shown rounded to "5,517",
     * stored with every digit; the dates over the columns are dates */
    const char *path = shared_file("police-workforce-sep19-tables.ods");
    ov_xl_book *b;
    struct ov_xl_grid *g;
    const struct ov_xl_cell *c;

    if (path == NULL)
        return;
    b = open_ok(path);
    g = read_ok(b, 1);
    c = ov_xl_grid_at(g, 6, 1); /* B7 */
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->kind, OV_XL_NUMBER);
    ck_assert_double_eq_tol(c->num, 5516.65, 1e-9);
    ck_assert_str_eq(c->shown, "5,517");
    c = ov_xl_grid_at(g, 6, 0); /* A7: a trailing space written as text:s */
    ck_assert_str_eq(c->text, "North East ");
    c = ov_xl_grid_at(g, 5, 1); /* B6: Sep-18 */
    ck_assert_int_eq(c->kind, OV_XL_DATE);
    ck_assert_double_eq(c->num, 17804); /* 2018-09-30 */
    ck_assert_str_eq(c->shown, "Sep-18");
    c = ov_xl_grid_at(g, 3, 4); /* E4: two paragraphs */
    ck_assert_str_eq(c->text, "Change in 12 months\nSep-18 to Sep-19");
    ck_assert_uint_eq(g->nmerges, 3);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_chicago_dates)
{
    /* APPOINTED_DATE (column G) has the built-in format 15 (d-mmm-yy);
     * openpyxl reads G2 as 2008-04-28 and G3 as 1998-06-29. STAR_NO and
     * the unit (format "000", shown "001") stay numbers. */
    const char *path = shared_file("CPD Employees active-duty-only.xlsx");
    ov_xl_book *b;
    struct ov_xl_grid *g;
    const struct ov_xl_cell *c;

    if (path == NULL)
        return;
    b = open_ok(path);
    g = read_ok(b, 0);
    c = ov_xl_grid_at(g, 1, 6);
    ck_assert_int_eq(c->kind, OV_XL_DATE);
    ck_assert_double_eq(c->num, 13997);
    c = ov_xl_grid_at(g, 2, 6);
    ck_assert_int_eq(c->kind, OV_XL_DATE);
    ck_assert_double_eq(c->num, 10406);
    c = ov_xl_grid_at(g, 1, 9);
    ck_assert_int_eq(c->kind, OV_XL_NUMBER);
    ck_assert_double_eq(c->num, 14008);
    c = ov_xl_grid_at(g, 1, 3);
    ck_assert_int_eq(c->kind, OV_XL_NUMBER);
    ck_assert_double_eq(c->num, 1);
    ck_assert_str_eq(c->shown, "001");
    c = ov_xl_grid_at(g, 0, 6);
    ck_assert_int_eq(c->kind, OV_XL_TEXT);
    ck_assert_str_eq(c->text, "APPOINTED_DATE");
    ov_xl_grid_free(g);
    ov_xl_close(b);

    /* Complaint Categories: codes stored as text ("001") stay text */
    if ((path = shared_file("Complaint Categories.xlsx")) == NULL)
        return;
    b = open_ok(path);
    g = read_ok(b, 0);
    c = ov_xl_grid_at(g, 1, 0);
    ck_assert_int_eq(c->kind, OV_XL_TEXT);
    ck_assert_str_eq(c->text, "001");
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

/* ---- fixtures ---- */

static void
expect_text(const struct ov_xl_grid *g, uint32_t r, uint32_t c, const char *text)
{
    const struct ov_xl_cell *x = ov_xl_grid_at(g, r, c);
    char name[16];

    ck_assert_msg(x != NULL, "%s is empty", ov_xl_cell_name(r, c, name));
    ck_assert_msg(x->kind == OV_XL_TEXT, "%s is of kind %d",
                  ov_xl_cell_name(r, c, name), x->kind);
    ck_assert_str_eq(x->text, text);
}

static void
expect_num(const struct ov_xl_grid *g, uint32_t r, uint32_t c, enum ov_xl_kind kind,
           double num, const char *shown)
{
    const struct ov_xl_cell *x = ov_xl_grid_at(g, r, c);
    char name[16];

    ck_assert_msg(x != NULL, "%s is empty", ov_xl_cell_name(r, c, name));
    ck_assert_msg(x->kind == kind, "%s is of kind %d, not %d",
                  ov_xl_cell_name(r, c, name), x->kind, kind);
    ck_assert_double_eq_tol(x->num, num, 1e-9);
    if (shown == NULL)
        ck_assert_msg(x->shown == NULL, "%s shown \"%s\"", ov_xl_cell_name(r, c, name),
                      x->shown);
    else
        ck_assert_str_eq(x->shown, shown);
}

START_TEST(test_xlsx_fixture)
{
    ov_xl_book *b = open_ok(XL_DATA "merged.xlsx");
    struct ov_xl_grid *g;

    ck_assert_int_eq(ov_xl_book_format(b), OV_XL_XLSX);
    ck_assert_uint_eq(ov_xl_nsheets(b), 2);
    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Merged");
    g = read_ok(b, 0);
    /* merges, the value in the first cell only */
    ck_assert_uint_eq(g->nmerges, 2);
    ck_assert_uint_eq(g->merges[0].r0, 0);
    ck_assert_uint_eq(g->merges[0].c1, 2);
    expect_text(g, 0, 0, "Group");
    ck_assert_ptr_null(ov_xl_grid_at(g, 0, 1));
    /* rich runs without the phonetic reading; numbers as text stay text */
    expect_text(g, 1, 0, "Rich text");
    expect_text(g, 1, 1, "00123");
    expect_text(g, 1, 2, "42");
    expect_text(g, 1, 3, "line\rbreak");
    /* formats shown, rounded half away from zero as Excel does */
    expect_num(g, 2, 0, OV_XL_NUMBER, 5516.65, "5,516.65");
    expect_num(g, 2, 1, OV_XL_NUMBER, 0.125, "13%");
    expect_num(g, 2, 2, OV_XL_NUMBER, 0.12345, "12.3%");
    expect_num(g, 2, 3, OV_XL_NUMBER, -1234.5, "-1,235");
    expect_num(g, 2, 4, OV_XL_NUMBER, 12, NULL);
    /* dates by built-in and custom format; text format keeps a number;
     * a quoted "day" is no date; serial 60 (29 Feb 1900) is no date */
    expect_num(g, 3, 0, OV_XL_DATE, 18169, NULL);
    expect_num(g, 3, 1, OV_XL_DATE, 18169.5, NULL);
    expect_num(g, 3, 2, OV_XL_NUMBER, 123, NULL);
    expect_num(g, 3, 3, OV_XL_NUMBER, 5, NULL);
    expect_num(g, 3, 4, OV_XL_NUMBER, 60, NULL);
    /* a row and cells without r: row 5, A, B, C, ... */
    expect_num(g, 4, 0, OV_XL_BOOL, 1, NULL);
    ck_assert_int_eq(ov_xl_grid_at(g, 4, 1)->kind, OV_XL_ERROR);
    ck_assert_str_eq(ov_xl_grid_at(g, 4, 1)->text, "#DIV/0!");
    expect_num(g, 4, 2, OV_XL_NUMBER, 7, NULL);
    ck_assert_ptr_null(ov_xl_grid_at(g, 4, 3)); /* a style, no value */
    expect_num(g, 4, 4, OV_XL_DATE, 18169.5, NULL);
    ck_assert_uint_eq(g->ncells, 19);
    ov_xl_grid_free(g);
    g = read_ok(b, 1);
    ck_assert_uint_eq(g->ncells, 0);
    ck_assert_uint_eq(g->nrows, 0);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_xlsx_1904_and_inline)
{
    ov_xl_book *b = open_ok(XL_DATA "date1904.xlsx");
    struct ov_xl_grid *g = read_ok(b, 0);

    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Dates");
    expect_num(g, 0, 0, OV_XL_DATE, -24107, NULL);    /* 1904-01-01 */
    expect_num(g, 0, 1, OV_XL_DATE, -22644.75, NULL); /* 1908-01-01 06:00 */
    expect_num(g, 0, 2, OV_XL_NUMBER, 1462, NULL);    /* no date format */
    ov_xl_grid_free(g);
    ov_xl_close(b);

    b = open_ok(XL_DATA "inline.xlsx");
    g = read_ok(b, 0);
    expect_text(g, 1, 1, "inline text");
    expect_text(g, 1, 2, "two runs");
    ck_assert_ptr_null(ov_xl_grid_at(g, 1, 3)); /* an empty inline string */
    expect_num(g, 2, 1, OV_XL_NUMBER, 1.5, NULL);
    ck_assert_uint_eq(g->row0, 1);
    ck_assert_uint_eq(g->col0, 1);
    ck_assert_uint_eq(g->nrows, 2);
    ck_assert_uint_eq(g->ncols, 2);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_ods_fixture)
{
    ov_xl_book *b = open_ok(XL_DATA "repeat.ods");
    struct ov_xl_grid *g;
    double t0;

    ck_assert_int_eq(ov_xl_book_format(b), OV_XL_ODS);
    ck_assert_uint_eq(ov_xl_nsheets(b), 2);
    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Repeats");
    ck_assert_str_eq(ov_xl_sheet_name(b, 1), "Second");
    /* 1,048,558 empty rows over 16,384 columns cost nothing */
    t0 = seconds();
    g = read_ok(b, 0);
    ck_assert_msg(seconds() - t0 < 1.0, "the repeats took %.3f s", seconds() - t0);
    ck_assert_uint_eq(g->ncells, 15);
    ck_assert_uint_eq(g->nrows, 1004);
    ck_assert_uint_eq(g->ncols, 7);
    /* a merge over covered cells, whose hidden text is no value */
    ck_assert_uint_eq(g->nmerges, 1);
    ck_assert_uint_eq(g->merges[0].r1, 1);
    ck_assert_uint_eq(g->merges[0].c1, 2);
    expect_text(g, 0, 0, "Title");
    ck_assert_ptr_null(ov_xl_grid_at(g, 0, 1));
    /* stored values, with the text shown when it reads otherwise */
    expect_num(g, 0, 3, OV_XL_NUMBER, 5516.65, "5,516.65");
    expect_num(g, 0, 4, OV_XL_NUMBER, 0.12, "12%");
    expect_num(g, 0, 5, OV_XL_DATE, 18169, "30/09/2019");
    expect_num(g, 0, 6, OV_XL_DATE, 18169.75, NULL);
    /* text: text:s, tab, paragraphs, spans, links, a line break; not the
     * comment */
    expect_text(g, 1, 3, "a  b\tc\nd e\nf");
    expect_num(g, 1, 4, OV_XL_BOOL, 1, NULL);
    expect_num(g, 1, 5, OV_XL_NUMBER, 0.75, "18:00:00");
    expect_num(g, 1, 6, OV_XL_NUMBER, 7, NULL);
    ck_assert_ptr_null(ov_xl_grid_at(g, 1, 7)); /* empty paragraphs */
    /* a value repeated over 3 columns and 2 rows is 6 cells */
    for (uint32_t r = 1002; r <= 1003; r++)
        for (uint32_t c = 2; c <= 4; c++)
            expect_num(g, r, c, OV_XL_NUMBER, 1, NULL);
    ov_xl_grid_free(g);
    g = read_ok(b, 1);
    ck_assert_uint_eq(g->ncells, 1);
    expect_text(g, 0, 0, "only");
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

/* ---- a sheet read after others is the sheet read alone ----
 * An ODS book finds every table's place in content.xml when it opens and
 * parses each sheet from there on: what sheet N holds must not depend on
 * what was read before it. */

static void
expect_same_grid(const struct ov_xl_grid *a, const struct ov_xl_grid *b,
                 const char *what)
{
    ck_assert_msg(a->ncells == b->ncells && a->nmerges == b->nmerges &&
                      a->row0 == b->row0 && a->col0 == b->col0 &&
                      a->nrows == b->nrows && a->ncols == b->ncols,
                  "%s: %zu cells, %u x %u against %zu cells, %u x %u", what, a->ncells,
                  a->nrows, a->ncols, b->ncells, b->nrows, b->ncols);
    for (size_t k = 0; k < a->ncells; k++) {
        const struct ov_xl_cell *x = &a->cells[k], *y = &b->cells[k];

        ck_assert_msg(x->row == y->row && x->col == y->col && x->kind == y->kind &&
                          (x->num == y->num || (x->num != x->num && y->num != y->num)),
                      "%s: cell %zu differs", what, k);
        ck_assert_msg((x->text == NULL) == (y->text == NULL) &&
                          (x->text == NULL || strcmp(x->text, y->text) == 0),
                      "%s: cell %zu's text differs", what, k);
        ck_assert_msg((x->shown == NULL) == (y->shown == NULL) &&
                          (x->shown == NULL || strcmp(x->shown, y->shown) == 0),
                      "%s: cell %zu's shown text differs", what, k);
    }
    for (size_t k = 0; k < a->nmerges; k++)
        ck_assert_msg(memcmp(&a->merges[k], &b->merges[k], sizeof a->merges[k]) == 0,
                      "%s: merge %zu differs", what, k);
}

/* every sheet after the first (and again), against a fresh book's */
static void
expect_order_free(const char *path)
{
    ov_xl_book *b = open_ok(path);
    size_t n = ov_xl_nsheets(b);
    char what[1200];

    ov_xl_grid_free(read_ok(b, 0));
    for (size_t i = n; i-- > 0;) {
        ov_xl_book *alone = open_ok(path);
        struct ov_xl_grid *g = read_ok(b, i), *h = read_ok(alone, i),
                          *again = read_ok(b, i);

        snprintf(what, sizeof what, "%s, sheet %zu", path, i + 1);
        expect_same_grid(g, h, what);
        expect_same_grid(again, h, what);
        ov_xl_grid_free(g);
        ov_xl_grid_free(h);
        ov_xl_grid_free(again);
        ov_xl_close(alone);
    }
    ov_xl_close(b);
}

START_TEST(test_sheet_after_sheet)
{
    static const char *const real[] = {"police-workforce-sep19-tables.ods",
                                       "police-use-of-force-apr2017-mar2018-hosb3018-"
                                       "tables.ods",
                                       "Time_series_tables_2019-20.ods"};
    ov_xl_book *b = open_ok(XL_DATA "prefixes.ods");
    struct ov_xl_grid *g;

    /* prefixes declared below the root, a commented-out table, a table in
     * a cell, a name with escapes, a table after the spreadsheet */
    ck_assert_uint_eq(ov_xl_nsheets(b), 3);
    ck_assert_str_eq(ov_xl_sheet_name(b, 1), "Two & \"three\"");
    g = read_ok(b, 2);
    ck_assert_uint_eq(g->ncells, 2);
    expect_num(g, 0, 1, OV_XL_NUMBER, 5, NULL);
    ov_xl_grid_free(g);
    g = read_ok(b, 1);
    ck_assert_uint_eq(g->ncells, 5);
    expect_text(g, 0, 0, "outer");
    expect_num(g, 0, 1, OV_XL_NUMBER, 2, NULL);
    expect_num(g, 3, 0, OV_XL_NUMBER, 3, NULL);
    ov_xl_grid_free(g);
    g = read_ok(b, 0);
    expect_text(g, 0, 0, "a & b");
    ov_xl_grid_free(g);
    ov_xl_close(b);
    /* content.xml in ISO 8859-1 or UTF-16: read from the top, the same */
    for (int k = 0; k < 2; k++) {
        b = open_ok(k == 0 ? XL_DATA "latin1.ods" : XL_DATA "utf16.ods");
        ck_assert_uint_eq(ov_xl_nsheets(b), 2);
        ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Caf\xc3\xa9");
        g = read_ok(b, 1);
        expect_text(g, 0, 0, "\xc3\xa9t\xc3\xa9");
        ov_xl_grid_free(g);
        g = read_ok(b, 0);
        expect_text(g, 0, 0, "na\xc3\xafve");
        ov_xl_grid_free(g);
        ov_xl_close(b);
    }
    expect_order_free(XL_DATA "latin1.ods");
    expect_order_free(XL_DATA "utf16.ods");
    expect_order_free(XL_DATA "prefixes.ods");
    expect_order_free(XL_DATA "repeat.ods");
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        const char *path = shared_file(real[i]);

        if (path != NULL)
            expect_order_free(path);
    }
}
END_TEST

/* ---- a part of a member whose bytes are not what was found there ---- */

static void XMLCALL
count_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;

    (void)atts;
    if (ov_xl_is(name, NULL, "table-cell"))
        (*(int *)x->ud)++;
}

static void XMLCALL
count_end(void *ud, const XML_Char *name)
{
    struct ov_xl_xml *x = ud;

    if (ov_xl_is(name, NULL, "table"))
        ov_xl_xml_stop(x);
}

/* the part [off, end) parsed from memory and from the stream: status and
 * message (past the path) */
static ov_status
parse_part_both(ov_zip *z, const char *mem, size_t len, uint64_t off, uint64_t end,
                int *cells, char *msg, size_t size)
{
    static const char prefix[] =
        "<w xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        "xmlns:t=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
        "xmlns:x=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">";
    struct ov_xl_part part = {off, end, prefix, 1, (unsigned long)off};
    struct ov_xl_handlers h = {count_start, count_end, NULL, NULL, NULL, NULL};
    struct ov_err e1, e2;
    int n1 = 0, n2 = 0;
    ov_status s1 =
                  ov_xl_xml_parse_part(z, "content.xml", mem, len, &part, &h, &n1, &e1),
              s2 = ov_xl_xml_parse_part(z, "content.xml", NULL, 0, &part, &h, &n2, &e2);

    ck_assert_int_eq(s1, s2);
    ck_assert_int_eq(n1, n2);
    *cells = n1;
    msg[0] = '\0';
    if (s1 != OV_OK) {
        ck_assert_str_eq(e1.msg, e2.msg);
        ck_assert_msg(strncmp(e1.msg, XL_DATA "prefixes.ods: content.xml: ",
                              strlen(XL_DATA "prefixes.ods: content.xml: ")) == 0,
                      "%s", e1.msg);
        snprintf(msg, size, "%s",
                 e1.msg + strlen(XL_DATA "prefixes.ods: content.xml: "));
    }
    return s1;
}

START_TEST(test_damaged_part)
{
    ov_zip *z = NULL;
    struct ov_err err;
    char *mem = NULL, msg[OV_ERR_MSG_MAX], want[OV_ERR_MSG_MAX];
    size_t len = 0;
    const char *three;
    uint64_t off, end;
    int cells = 0;

    ck_assert_int_eq(ov_zip_open(XL_DATA "prefixes.ods", &z, &err), OV_OK);
    ck_assert_int_eq(ov_xl_member_load(z, "content.xml", 1 << 20, &mem, &len, &err),
                     OV_OK);
    ck_assert_ptr_nonnull(mem);
    three = strstr(mem, "<t:table t:name=\"Three\">");
    ck_assert_ptr_nonnull(three);
    off = (uint64_t)(three - mem);
    end = (uint64_t)(strstr(three, "</t:table>") + strlen("</t:table>") - mem);
    /* whole, from memory and from the stream alike */
    ck_assert_int_eq(parse_part_both(z, mem, len, off, end, &cells, msg, sizeof msg),
                     OV_OK);
    ck_assert_int_eq(cells, 2);
    /* cut inside the table: not well formed, at the place in content.xml
     * a parse of the whole member cut there finds */
    ck_assert_int_eq(
        parse_part_both(z, mem, len, off, end - 20, &cells, msg, sizeof msg),
        OV_EPARSE);
    {
        struct ov_xl_handlers h = {NULL, NULL, NULL, NULL, NULL, NULL};

        ck_assert_int_eq(ov_xl_xml_parse_part(z, "content.xml", mem, (size_t)(end - 20),
                                              NULL, &h, NULL, &err),
                         OV_EPARSE);
        snprintf(want, sizeof want, "%s",
                 err.msg + strlen(XL_DATA "prefixes.ods: content.xml: "));
    }
    ck_assert_str_eq(msg, want);
    /* begun inside a tag */
    ck_assert_int_eq(
        parse_part_both(z, mem, len, off + 3, end, &cells, msg, sizeof msg), OV_EPARSE);
    ck_assert_msg(strstr(msg, "the XML is not well formed") != NULL, "%s", msg);
    /* past the member's end */
    ck_assert_int_eq(
        parse_part_both(z, mem, len, len + 10, len + 90, &cells, msg, sizeof msg),
        OV_EPARSE);
    snprintf(want, sizeof want,
             "bytes %zu to %zu, where a sheet was found, are not there any more (a "
             "damaged or changed file?)",
             len + 10, len + 90);
    ck_assert_str_eq(msg, want);
    ov_free(mem);
    ov_zip_close(z);
}
END_TEST

/* ---- hostile files: the exact message ---- */

static void
expect_open_error(const char *file, const char *msg)
{
    char path[1024];
    ov_xl_book *b = NULL;
    struct ov_err err;

    snprintf(path, sizeof path, "%s%s", XL_DATA, file);
    ck_assert_int_ne(ov_xl_open(path, &b, &err), OV_OK);
    ck_assert_ptr_null(b);
    ck_assert_str_eq(err.msg + strlen(path) + 2, msg);
}

static void
expect_read_error(const char *file, ov_status st, const char *msg)
{
    char path[1024];
    ov_xl_book *b;
    struct ov_xl_grid *g = NULL;
    struct ov_err err;
    double t0 = seconds();

    snprintf(path, sizeof path, "%s%s", XL_DATA, file);
    b = open_ok(path);
    ck_assert_int_eq(ov_xl_read(b, 0, &g, &err), st);
    ck_assert_ptr_null(g);
    ck_assert_str_eq(err.msg + strlen(path) + 2, msg);
    ck_assert_msg(seconds() - t0 < 1.0, "refusing took %.3f s", seconds() - t0);
    ov_xl_close(b);
}

START_TEST(test_hostile)
{
    expect_read_error("doctype.xlsx", OV_EPARSE,
                      "xl/worksheets/sheet1.xml: XML with a DOCTYPE is refused (entity "
                      "expansion)");
    expect_read_error("bomb.ods", OV_ERANGE,
                      "content.xml: sheet \"Bomb\", cell A1: a row of 16384 cells "
                      "repeated 1048576 times: the sheet holds more than 209715200 "
                      "cells with something in them, the most oversight reads");
    expect_open_error("encrypted.ods",
                      "is encrypted (password-protected): open it in LibreOffice and "
                      "save it without a password");
}
END_TEST

START_TEST(test_truncated)
{
    /* cut in half: never a crash, always an error naming the file */
    ov_xl_book *b = NULL;
    struct ov_err err;

    ck_assert_int_ne(ov_xl_open(XL_DATA "truncated.xlsx", &b, &err), OV_OK);
    ck_assert_ptr_null(b);
    ck_assert_msg(strncmp(err.msg, XL_DATA "truncated.xlsx: ",
                          strlen(XL_DATA "truncated.xlsx: ")) == 0,
                  "%s", err.msg);
}
END_TEST

Suite *
make_xl_suite(void)
{
    Suite *s = suite_create("xl");
    TCase *real = tcase_create("real");
    TCase *fix = tcase_create("fixtures");

    tcase_set_timeout(real, 120);
    tcase_add_loop_test(real, test_real_books, 0,
                        (int)(sizeof books / sizeof books[0]));
    tcase_add_test(real, test_stored_and_shown);
    tcase_add_test(real, test_chicago_dates);
    tcase_add_test(fix, test_xlsx_fixture);
    tcase_add_test(fix, test_xlsx_1904_and_inline);
    tcase_add_test(fix, test_ods_fixture);
    tcase_add_test(fix, test_hostile);
    tcase_add_test(fix, test_truncated);
    tcase_add_test(fix, test_whole_numbers);
    tcase_add_test(fix, test_damaged_part);
    tcase_add_test(real, test_sheet_after_sheet);
    suite_add_tcase(s, real);
    suite_add_tcase(s, fix);
    return s;
}
