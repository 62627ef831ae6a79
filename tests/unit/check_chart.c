/*
 * check_chart.c - charts as a user sees them: an SVG's bars and points match
 * the data (count, order, axis from zero, labels, thousands separators), a
 * missing value is a gap and never a zero, a PNG has the asked size and is
 * not blank (read back through cairo), the terminal drawing is exact, and
 * bad input (text values, an empty table, too many bars) is refused or
 * summarised with a note.
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "compare.h"
#include "loader.h"
#include "strbuf.h"
#include "suites.h"
#include "testdir.h"

static void
setup(void)
{
    ov_testdir_make("chart");
}

static void
teardown(void)
{
    ov_testdir_remove();
}

/* The table in the CSV text csv. */
static ov_table *
load(const char *csv)
{
    const char *path = ov_testdir_path("t.csv");
    FILE *f = fopen(path, "w");
    struct ov_load_opts o;
    struct ov_err err;
    ov_table *t = NULL;

    ck_assert_ptr_nonnull(f);
    fputs(csv, f);
    fclose(f);
    ov_load_opts_init(&o);
    ck_assert_msg(ov_load_csv(path, &o, &t, NULL, &err) == OV_OK, "%s", err.msg);
    return t;
}

static ov_chart *
make(const ov_table *t, enum ov_chart_kind kind, const char *x, const char *y)
{
    struct ov_chart_spec sp;
    struct ov_err err;
    ov_chart *c = NULL;

    ov_chart_spec_init(&sp, kind);
    sp.x = x;
    sp.y = y;
    ck_assert_msg(ov_chart_new(t, &sp, &c, &err) == OV_OK, "%s", err.msg);
    return c;
}

/* The SVG of c as a string (caller frees). */
static char *
svg(const ov_chart *c)
{
    ov_chart_layout *l;
    struct ov_err err;
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);

    ck_assert_int_eq(ov_chart_layout_new(c, 0, 0, &l, &err), OV_OK);
    ck_assert_int_eq(ov_chart_write_svg(f, l, &err), OV_OK);
    fclose(f);
    ov_chart_layout_free(l);
    return buf;
}

static size_t
count(const char *s, const char *what)
{
    size_t n = 0;

    for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

START_TEST(test_bar_svg_matches_data)
{
    ov_table *t = load("force,n\nEssex,1200\nKent,2500\nNorfolk,\nSuffolk,30\n");
    ov_chart *c = make(t, OV_CHART_BAR, NULL, NULL);
    char *s = svg(c);
    const char *essex = strstr(s, ">Essex<"), *kent = strstr(s, ">Kent<");

    /* three bars: the missing value is no bar, and is said to be missing */
    ck_assert_uint_eq(count(s, "class=\"bar\""), 3);
    ck_assert_ptr_nonnull(strstr(s, ">(missing)<"));
    /* in the table's order, labelled, with separators and the axis from 0 */
    ck_assert_ptr_nonnull(essex);
    ck_assert_ptr_nonnull(kent);
    ck_assert(essex < kent);
    ck_assert_ptr_nonnull(strstr(s, "class=\"tick\" x=\""));
    ck_assert_ptr_nonnull(strstr(s, ">0</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">2,500</text>"));
    ck_assert_ptr_nonnull(strstr(s, "<title>1,200</title>"));
    ck_assert_double_eq(c->lo, 0);
    ck_assert_double_eq(c->hi, 2500);
    ck_assert_double_eq(c->step, 500);
    /* the text alternative */
    ck_assert_ptr_nonnull(strstr(s, "<title id=\"title\">n by force</title>"));
    ck_assert_ptr_nonnull(strstr(s, "Norfolk\t(missing)"));
    free(s);
    ov_chart_free(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_svg_is_deterministic)
{
    ov_table *t = load("x,n\na,1\nb,2\n");
    ov_chart *c = make(t, OV_CHART_BAR, NULL, NULL);
    char *a = svg(c), *b = svg(c);

    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    ov_chart_free(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_line_gap_is_not_zero)
{
    ov_table *t = load("year,force,n\n2020,A,5\n2021,A,\n2022,A,7\n2020,B,1\n2021,B,2\n"
                       "2022,B,3\n");
    struct ov_chart_spec sp;
    struct ov_err err;
    ov_chart *c;
    char *s;

    ov_chart_spec_init(&sp, OV_CHART_LINE);
    sp.by = "force";
    ck_assert_int_eq(ov_chart_new(t, &sp, &c, &err), OV_OK);
    ck_assert_uint_eq(c->n, 3);
    ck_assert_uint_eq(c->nseries, 2);
    ck_assert(isnan(c->series[0].v[1]));
    s = svg(c);
    /* five points; series A's line is broken in two at 2021 */
    ck_assert_uint_eq(count(s, "class=\"point\""), 5);
    ck_assert_ptr_nonnull(strstr(s, "<path class=\"line\" d=\"M"));
    {
        /* the moves in series A's path (its d attribute only) */
        const char *d = strstr(s, "<path class=\"line\" d=\"") + 22;
        size_t moves = 0;

        for (; *d != '"'; d++)
            moves += *d == 'M';
        ck_assert_uint_eq(moves, 2);
    }
    ck_assert_ptr_nonnull(strstr(s, ">2021</text>"));
    free(s);
    ov_chart_free(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_png_size_not_blank)
{
    ov_table *t = load("x,n\na,1\nb,2\n");
    ov_chart *c = make(t, OV_CHART_BAR, NULL, NULL);
    const char *path = ov_testdir_path("c.png");
    ov_chart_layout *l;
    struct ov_err err;
    FILE *f = fopen(path, "wb");
    cairo_surface_t *img;
    unsigned char *px;
    int stride, coloured = 0;

    ck_assert_int_eq(ov_chart_layout_new(c, 800, 450, &l, &err), OV_OK);
    ck_assert_int_eq(ov_chart_write_cairo(f, l, OV_CHART_PNG, &err), OV_OK);
    fclose(f);
    img = cairo_image_surface_create_from_png(path);
    ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    ck_assert_int_eq(cairo_image_surface_get_width(img), 800);
    ck_assert_int_eq(cairo_image_surface_get_height(img), 450);
    px = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < 450; y++)
        for (int x = 0; x < 800; x++) {
            uint32_t p = *(uint32_t *)(px + y * stride + 4 * x) & 0xFFFFFF;

            coloured += p == ov_chart_colour(0);
        }
    /* the bars are drawn in the first colour */
    ck_assert_int_gt(coloured, 1000);
    cairo_surface_destroy(img);
    ov_chart_layout_free(l);
    ov_chart_free(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_text_bars_exact)
{
    ov_table *t = load("outcome,n\nNo further action,4\nUpheld,1\nNot known,\n");
    ov_chart *c = make(t, OV_CHART_BAR, NULL, NULL);
    ov_strbuf b = OV_STRBUF_INIT;
    struct ov_err err;

    ck_assert_int_eq(ov_chart_text(c, 60, 0, true, &b, &err), OV_OK);
    /* then the caption, which names the (temporary) file by its name,
     * not the folders it is in */
    ck_assert_ptr_nonnull(strstr(b.data, "\nSource: "));
    ck_assert_ptr_null(strstr(b.data, "\nSource: /"));
    *strstr(b.data, "\nSource: ") = '\0';
    ck_assert_str_eq(b.data, "n by outcome\n"
                             "No further action |############################## 4\n"
                             "Upheld            |######## 1\n"
                             "Not known         | (missing)\n"
                             "                  +-------+------+-------+------+\n"
                             "                  0       1      2       3      4\n"
                             "                  n");
    ov_strbuf_free(&b);
    ov_chart_free(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_refusals)
{
    ov_table *t = load("force,name\nA,x\nB,y\n");
    struct ov_chart_spec sp;
    struct ov_err err;
    ov_chart *c;

    ov_chart_spec_init(&sp, OV_CHART_BAR);
    sp.y = "name";
    ck_assert_int_eq(ov_chart_new(t, &sp, &c, &err), OV_ETYPE);
    ck_assert_ptr_nonnull(strstr(err.msg, "column \"name\" holds string values"));
    sp.y = "nope";
    ck_assert_int_eq(ov_chart_new(t, &sp, &c, &err), OV_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.msg, "no column \"nope\""));
    sp.y = NULL;
    sp.kind = OV_CHART_FUNNEL;
    ck_assert_int_eq(ov_chart_new(t, &sp, &c, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "funnel()"));
    ov_table_free(t);
}
END_TEST

START_TEST(test_many_bars_noted)
{
    ov_strbuf csv = OV_STRBUF_INIT;
    ov_table *t;
    ov_chart *c;
    char *s;

    ov_strbuf_puts(&csv, "unit,n\n");
    for (int i = 0; i < 1000; i++)
        ov_strbuf_printf(&csv, "u%d,%d\n", i, i);
    t = load(csv.data);
    c = make(t, OV_CHART_BAR, NULL, NULL);
    ck_assert_uint_eq(c->n, OV_CHART_MAX_BARS);
    ck_assert_str_eq(c->note,
                     "showing the first 60 of 1,000 rows: sort or filter for the rest");
    s = svg(c);
    ck_assert_uint_eq(count(s, "class=\"bar\""), 60);
    ck_assert_ptr_nonnull(strstr(s, "showing the first 60 of 1,000 rows"));
    free(s);
    ov_strbuf_free(&csv);
    ov_chart_free(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_funnel_points_curves_outliers)
{
    ov_table *t = load("force,cases,officers\nTiny,1,10\nMid,12,400\nLarge,150,3000\n"
                       "Huge,5000,147430\nHigh,60,400\n");
    const double level[2] = {0.95, 0.998};
    struct ov_funnel_summary sum;
    struct ov_err err;
    ov_table *f;
    ov_chart *c;
    char *s;

    ck_assert_int_eq(
        ov_compare_funnel(t, "cases", "officers", "force", NAN, level, &f, &sum, &err),
        OV_OK);
    c = make(f, OV_CHART_FUNNEL, NULL, NULL);
    ck_assert_uint_eq(c->n, 5);
    ck_assert_uint_eq(c->funnel.ncurve, 160);
    /* the curves narrow towards the target as the denominator grows */
    ck_assert(c->funnel.hi[1][0] > c->funnel.hi[1][159]);
    ck_assert(c->funnel.hi[1][159] > c->funnel.target);
    ck_assert(c->funnel.hi[1][0] >= c->funnel.hi[0][0]);
    s = svg(c);
    ck_assert_uint_eq(count(s, "class=\"point\"") + count(s, "class=\"outlier\""), 5);
    ck_assert_uint_eq(count(s, "<path class=\"limit95\""), 2);
    ck_assert_uint_eq(count(s, "<path class=\"limit998\""), 2);
    ck_assert_uint_eq(count(s, "class=\"target\""), 1);
    ck_assert_ptr_nonnull(strstr(s, "class=\"outlier-label\""));
    ck_assert_ptr_nonnull(strstr(s, ">High</text>"));
    free(s);
    ov_chart_free(c);
    ov_table_free(f);
    ov_table_free(t);
}
END_TEST

START_TEST(test_ticks_format)
{
    ov_chart c;
    char buf[64];

    memset(&c, 0, sizeof c);
    c.step = 0.25;
    c.percent = true;
    ck_assert_str_eq(ov_chart_tick(&c, 1.5, buf), "1.50%");
    c.step = 5000;
    c.percent = false;
    ck_assert_str_eq(ov_chart_tick(&c, 1234567, buf), "1,234,567");
    c.decimals = 1;
    ck_assert_str_eq(ov_chart_value(&c, -1234.56, buf), "-1,234.6");
    ck_assert_int_eq(ov_chart_format_for_path("a.svg"), OV_CHART_SVG);
    ck_assert_int_eq(ov_chart_format_for_path("a.PNG"), -1);
    ck_assert_int_eq(ov_chart_format_for_path("a.pdf"), OV_CHART_PDF);
}
END_TEST

Suite *
make_chart_suite(void)
{
    Suite *s = suite_create("chart");
    TCase *tc = tcase_create("chart");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_bar_svg_matches_data);
    tcase_add_test(tc, test_svg_is_deterministic);
    tcase_add_test(tc, test_line_gap_is_not_zero);
    tcase_add_test(tc, test_png_size_not_blank);
    tcase_add_test(tc, test_text_bars_exact);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_many_bars_noted);
    tcase_add_test(tc, test_funnel_points_curves_outliers);
    tcase_add_test(tc, test_ticks_format);
    suite_add_tcase(s, tc);
    return s;
}
