/*
 * check_suppress.c - suppression (suppress.c), largest-remainder rounding
 * (rounding.c) and the small-number flags and footnotes of printed tables
 * (tablenote.c). The suppression checker tries every published total: no
 * hidden count may be the only hidden cell of a sum a reader can see.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "fraction.h"
#include "ov_mem.h"
#include "rounding.h"
#include "suites.h"
#include "suppress.h"
#include "tablenote.h"

#define MAXD 8

/* a crosstab as crosstab() makes it: labels, na x nb counts, a Total column
 * and a Total row */
static ov_table *
grid(size_t na, size_t nb, const int64_t *cells)
{
    struct ov_err err;
    ov_table *t = ov_table_new(na + 1, &err);
    ov_column *lab = ov_column_new(OV_STRING, na + 1, NULL, (uint32_t)(na + 1), &err);
    size_t x, y;
    char name[32];

    ck_assert_ptr_nonnull(t);
    for (x = 0; x <= na; x++) {
        uint32_t code;

        if (x < na)
            snprintf(name, sizeof name, "r%zu", x + 1);
        else
            snprintf(name, sizeof name, "Total");
        ck_assert_int_eq(ov_dict_intern(lab->dict, name, strlen(name), &code, NULL),
                         OV_OK);
        ov_column_set_code(lab, x, code);
    }
    ck_assert_int_eq(ov_table_add_column(t, "g", lab, &err), OV_OK);
    ov_column_unref(lab);
    for (y = 0; y <= nb; y++) {
        ov_column *c = ov_column_new(OV_INT, na + 1, NULL, 0, &err);
        int64_t total = 0;

        c->measure = true;
        for (x = 0; x < na; x++) {
            int64_t v = 0;
            size_t k;

            if (y < nb)
                v = cells[x * nb + y];
            else
                for (k = 0; k < nb; k++)
                    v += cells[x * nb + k];
            c->data.i64[x] = v;
            total += v;
        }
        c->data.i64[na] = total;
        if (y < nb)
            snprintf(name, sizeof name, "c%zu", y + 1);
        else
            snprintf(name, sizeof name, "Total");
        ck_assert_int_eq(ov_table_add_column(t, name, c, &err), OV_OK);
        ov_column_unref(c);
    }
    return t;
}

static bool
hidden(const ov_table *t, size_t i, size_t j)
{
    struct ov_view v = ov_table_colview(t, j);

    return ov_view_missing(&v, i);
}

static int64_t
count(const ov_table *t, size_t i, size_t j)
{
    struct ov_view v = ov_table_colview(t, j);

    return v.col->data.i64[ov_view_row(&v, i)];
}

/* The reader's attack: every row sum (cells + Total column) and column sum
 * (cells + Total row) with exactly one hidden cell gives it back by
 * subtraction. Also: every cell shown keeps its value, every small one is
 * hidden. Returns the number of hidden cells. */
static size_t
check_safe(const ov_table *orig, const ov_table *pub, size_t na, size_t nb,
           int64_t below)
{
    size_t x, y, nh = 0;

    for (x = 0; x <= na; x++)
        for (y = 1; y <= nb + 1; y++) {
            int64_t v = count(orig, x, y);

            if (hidden(pub, x, y))
                nh++;
            else
                ck_assert_int_eq(count(pub, x, y), v);
            if (v > 0 && v < below)
                ck_assert_msg(hidden(pub, x, y), "cell (%zu, %zu) = %lld is shown", x,
                              y, (long long)v);
        }
    for (x = 0; x <= na; x++) {
        size_t h = 0, which = 0;
        int64_t known = count(orig, x, nb + 1);

        for (y = 1; y <= nb + 1; y++)
            if (hidden(pub, x, y))
                h++, which = y;
        if (h != 1)
            continue;
        /* recover it by subtraction, and fail saying which */
        for (y = 1; y <= nb; y++)
            if (y != which)
                known -= count(pub, x, y);
        ck_abort_msg("row %zu: cell %zu = %lld recovered from the row total", x, which,
                     (long long)(which == nb + 1 ? count(orig, x, nb + 1) : known));
    }
    for (y = 1; y <= nb + 1; y++) {
        size_t h = 0;

        for (x = 0; x <= na; x++)
            h += hidden(pub, x, y);
        ck_assert_msg(h != 1, "column %zu: one hidden cell, recovered from its total",
                      y);
    }
    return nh;
}

static ov_table *
run(const ov_table *t, int64_t below, ov_table **audit)
{
    struct ov_suppress_opts o;
    struct ov_err err;
    ov_table *r;

    ov_suppress_opts_init(&o);
    o.below = below;
    ck_assert_msg(ov_suppress(t, &o, &r, audit, &err) == OV_OK, "%s", err.msg);
    return r;
}

/* the audit's reason for cell (row label, column) */
static const char *
reason(const ov_table *audit, const char *label, const char *col)
{
    size_t i, n = ov_table_nrows(audit), len;

    for (i = 0; i < n; i++) {
        struct ov_view l = ov_table_colview(audit, 1), c = ov_table_colview(audit, 2),
                       r = ov_table_colview(audit, 4);

        if (strcmp(ov_column_str(l.col, ov_view_row(&l, i), &len), label) == 0 &&
            strcmp(ov_column_str(c.col, ov_view_row(&c, i), &len), col) == 0)
            return ov_column_str(r.col, ov_view_row(&r, i), &len);
    }
    return NULL;
}

START_TEST(test_primary_and_secondary)
{
    static const int64_t cells[] = {50, 4, 40, 30, 25, 12, 45, 20, 60};
    ov_table *t = grid(3, 3, cells), *audit, *r = run(t, 10, &audit);
    const ov_table *m = ov_table_markers(r);

    ck_assert_str_eq(reason(audit, "r1", "c2"), "primary: 4 < 10");
    /* the row's next smallest, so the row total does not give 4 back */
    ck_assert_str_eq(reason(audit, "r1", "c3"), "secondary: would reveal row 'r1'");
    ck_assert_str_eq(reason(audit, "r3", "c2"), "secondary: would reveal column 'c2'");
    ck_assert_ptr_null(reason(audit, "r1", "c1"));
    /* the markers list what was hidden, as a loaded sheet's do */
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(ov_table_nrows(m), ov_table_nrows(audit));
    check_safe(t, r, 3, 3, 10);
    ov_table_free(r);
    ov_table_free(audit);
    ov_table_free(t);
}
END_TEST

/* the first pass hides r3/c2 and r2/c3 for the columns; only a second pass
 * sees that rows r2 and r3 now have one hidden cell each */
START_TEST(test_iteration)
{
    static const int64_t cells[] = {50, 3, 40, 30, 25, 12, 45, 20, 60};
    ov_table *t = grid(3, 3, cells), *audit, *r = run(t, 10, &audit);

    ck_assert_str_eq(reason(audit, "r2", "c2"), "secondary: would reveal row 'r2'");
    ck_assert_str_eq(reason(audit, "r3", "c1"), "secondary: would reveal row 'r3'");
    ck_assert_str_eq(reason(audit, "r2", "c1"), "secondary: would reveal column 'c1'");
    ck_assert_uint_eq(check_safe(t, r, 3, 3, 10), 7);
    ov_table_free(r);
    ov_table_free(audit);
    ov_table_free(t);
}
END_TEST

START_TEST(test_random_grids_safe)
{
    unsigned seed = 12345;
    int k;

    for (k = 0; k < 300; k++) {
        size_t na = 1 + (size_t)(rand_r(&seed) % MAXD),
               nb = 1 + (size_t)(rand_r(&seed) % MAXD);
        int64_t cells[MAXD * MAXD];
        size_t i;
        ov_table *t, *r, *audit;

        for (i = 0; i < na * nb; i++)
            cells[i] =
                rand_r(&seed) % 3 == 0 ? rand_r(&seed) % 10 : rand_r(&seed) % 200;
        t = grid(na, nb, cells);
        r = run(t, 10, &audit);
        check_safe(t, r, na, nb, 10);
        ov_table_free(r);
        ov_table_free(audit);
        ov_table_free(t);
    }
}
END_TEST

START_TEST(test_refusals)
{
    static const int64_t cells[] = {5, 6};
    ov_table *t = grid(1, 2, cells), *r, *audit;
    struct ov_suppress_opts o;
    struct ov_err err;
    static const char *const pct[] = {"g"};

    ov_suppress_opts_init(&o);
    o.below = 0;
    ck_assert_int_eq(ov_suppress(t, &o, &r, &audit, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "below must be 1 or more"));
    ck_assert_ptr_null(r);
    ov_suppress_opts_init(&o);
    o.marker = "";
    ck_assert_int_eq(ov_suppress(t, &o, &r, &audit, &err), OV_EINVAL);
    ov_suppress_opts_init(&o);
    o.cols = pct;
    o.ncols = 1;
    ck_assert_int_eq(ov_suppress(t, &o, &r, &audit, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "'g' is not a count"));
    ov_table_free(t);
}
END_TEST

/* ---- largest remainder ---- */

static int64_t
house(double num, double den)
{
    ov_i128 s;

    ck_assert(ov_q_percent(num, den, 1, &s));
    return (int64_t)s;
}

START_TEST(test_largest_remainder_sums)
{
    unsigned seed = 42;
    int k;

    for (k = 0; k < 5000; k++) {
        size_t n = 2 + (size_t)(rand_r(&seed) % 14), i;
        double num[16], den = 0;
        int8_t nudge[16];
        int64_t sum = 0;
        struct ov_err err;

        for (i = 0; i < n; i++) {
            num[i] = rand_r(&seed) % 4 == 0 ? rand_r(&seed) % 5 : rand_r(&seed) % 3000;
            den += num[i];
        }
        if (den == 0)
            continue;
        ck_assert_int_eq(ov_round_largest_remainder(num, n, den, 1, nudge, &err),
                         OV_OK);
        for (i = 0; i < n; i++) {
            int64_t exact10 = (int64_t)(num[i] * 1000 / den); /* floor, in tenths */

            ck_assert_int_ge(nudge[i], -1);
            ck_assert_int_le(nudge[i], 1);
            sum += house(num[i], den) + nudge[i];
            /* never further than one tenth from the exact value */
            ck_assert_int_ge(house(num[i], den) + nudge[i], exact10);
            ck_assert_int_le(house(num[i], den) + nudge[i], exact10 + 1);
        }
        ck_assert_int_eq(sum, 1000);
    }
}
END_TEST

START_TEST(test_largest_remainder_ties)
{
    double third[] = {1, 1, 1}, sixth[] = {1, 1, 1, 1, 1, 1}, bad[] = {1, 2};
    int8_t nudge[6];
    struct ov_err err;

    /* 33.33…% three times: the one tenth left goes to the first */
    ck_assert_int_eq(ov_round_largest_remainder(third, 3, 3, 1, nudge, &err), OV_OK);
    ck_assert_int_eq(house(1, 3) + nudge[0], 334);
    ck_assert_int_eq(house(1, 3) + nudge[1], 333);
    ck_assert_int_eq(house(1, 3) + nudge[2], 333);
    /* 16.66…% six times rounds to 16.7 (100.2): the last two come down */
    ck_assert_int_eq(ov_round_largest_remainder(sixth, 6, 6, 1, nudge, &err), OV_OK);
    ck_assert_int_eq(nudge[0] + nudge[1] + nudge[2] + nudge[3], 0);
    ck_assert_int_eq(nudge[4], -1);
    ck_assert_int_eq(nudge[5], -1);
    ck_assert_int_eq(ov_round_largest_remainder(bad, 2, 4, 1, nudge, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "add to 3, not the whole 4"));
}
END_TEST

/* ---- the printed flags and footnotes ---- */

/* a table of label, n (a measure) and pct = n / den */
static ov_table *
shares(size_t n, const int64_t *counts, double den)
{
    struct ov_err err;
    ov_table *t = ov_table_new(n, &err);
    ov_column *lab = ov_column_new(OV_STRING, n, NULL, (uint32_t)n, &err);
    ov_column *c = ov_column_new(OV_INT, n, NULL, 0, &err);
    ov_column *p = ov_column_new(OV_FLOAT, n, NULL, 0, &err);
    size_t i;

    c->measure = true;
    ck_assert_int_eq(ov_column_alloc_percent(p), OV_OK);
    for (i = 0; i < n; i++) {
        char name[32];
        uint32_t code;

        snprintf(name, sizeof name, "v%zu", i + 1);
        ov_dict_intern(lab->dict, name, strlen(name), &code, NULL);
        ov_column_set_code(lab, i, code);
        c->data.i64[i] = counts[i];
        p->num[i] = (double)counts[i];
        p->den[i] = den;
        p->data.f64[i] = 100.0 * (double)counts[i] / den;
    }
    ov_table_add_column(t, "v", lab, &err);
    ov_table_add_column(t, "n", c, &err);
    ov_table_add_column(t, "pct", p, &err);
    ov_column_unref(lab);
    ov_column_unref(c);
    ov_column_unref(p);
    return t;
}

static char *
render(const ov_table *t, enum ov_fmt_mode mode, size_t small)
{
    struct ov_fmt_opts o;
    struct ov_err err;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    ov_fmt_opts_init(&o, mode);
    o.small = small;
    ck_assert_int_eq(ov_format_table(f, t, &o, &err), OV_OK);
    fclose(f);
    return text;
}

START_TEST(test_rounding_footnote)
{
    static const int64_t c[] = {1, 1, 1};
    ov_table *t = shares(3, c, 3);
    char *s = render(t, OV_FMT_PLAIN, 0);
    size_t adjusted;
    struct ov_err err;

    ck_assert_ptr_nonnull(strstr(s, "percentages are rounded and add to 99.9\n"));
    free(s);
    ck_assert_int_eq(ov_table_largest_remainder(t, &adjusted, &err), OV_OK);
    ck_assert_uint_eq(adjusted, 1);
    s = render(t, OV_FMT_PLAIN, 0);
    ck_assert_ptr_nonnull(strstr(s, "     33.4\n"));
    ck_assert_ptr_nonnull(strstr(s,
                                 "largest-remainder rounding to add to 100.0: 1 value "
                                 "moved by 0.1 ('v1' pct 33.3 to 33.4)\n"));
    ck_assert_ptr_null(strstr(s, "add to 99.9"));
    free(s);
    /* the exact value is kept: only the printing moved */
    ck_assert_double_eq(ov_table_col(t, 2)->num[0], 1);
    ck_assert_double_eq(ov_table_col(t, 2)->den[0], 3);
    ov_table_free(t);
}
END_TEST

START_TEST(test_small_flags)
{
    static const int64_t c[] = {11, 1};
    ov_table *t = shares(2, c, 12), *u;
    char *s;
    bool flags[3];

    /* a whole of 12: not under 10, no flag */
    ck_assert(!ov_small_row(t, 0, 10, flags));
    s = render(t, OV_FMT_BOX, 10);
    ck_assert_ptr_null(strstr(s, "\xe2\x80\xa0"));
    free(s);
    /* under 20: the percentage flagged; the count is not its whole */
    ck_assert(ov_small_row(t, 0, 20, flags));
    ck_assert(flags[2] && !flags[1] && !flags[0]);
    s = render(t, OV_FMT_BOX, 20);
    ck_assert_ptr_nonnull(strstr(s, "91.7\xe2\x80\xa0 \xe2\x94\x82"));
    ck_assert_ptr_nonnull(strstr(
        s, "\xe2\x80\xa0 based on fewer than 20 cases (2 rows): treat with caution\n"));
    free(s);
    s = render(t, OV_FMT_PLAIN, 20);
    ck_assert_ptr_nonnull(strstr(s, "91.7~\n"));
    ck_assert_ptr_nonnull(strstr(s, "~ based on fewer than 20 cases (2 rows)"));
    free(s);
    s = render(t, OV_FMT_MARKDOWN, 20);
    ck_assert_ptr_nonnull(strstr(s, "| 91.7\xe2\x80\xa0 |"));
    free(s);
    /* csv: clean data, no marks, no notes */
    s = render(t, OV_FMT_CSV, 20);
    ck_assert_ptr_null(strstr(s, "~"));
    ck_assert_ptr_null(strstr(s, "\xe2\x80\xa0"));
    ck_assert_ptr_null(strstr(s, "based on"));
    free(s);
    ov_table_free(t);
    /* a count that is its percentage's whole is flagged with it */
    {
        static const int64_t d[] = {7};

        u = shares(1, d, 7);
        ck_assert(ov_small_row(u, 0, 10, flags));
        ck_assert(flags[1] && flags[2]);
        ck_assert(!ov_small_row(u, 0, 0, flags));
        ov_table_free(u);
    }
}
END_TEST

Suite *
make_suppress_suite(void)
{
    Suite *s = suite_create("suppress");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_primary_and_secondary);
    tcase_add_test(tc, test_iteration);
    tcase_add_test(tc, test_random_grids_safe);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_largest_remainder_sums);
    tcase_add_test(tc, test_largest_remainder_ties);
    tcase_add_test(tc, test_rounding_footnote);
    tcase_add_test(tc, test_small_flags);
    suite_add_tcase(s, tc);
    return s;
}
