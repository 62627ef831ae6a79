/*
 * check_compare.c - comparison tests against R and scipy: chi-square
 * (statistic, p, expected counts, standardised residuals), Fisher's exact
 * test, funnel limits, z-scores, flags and the overdispersion summary, to
 * 1e-9 relative (tests/data/compare/reference.h, from make_reference.py);
 * and the refusals a user sees.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "suites.h"

#include "../data/compare/reference.h"

/* the largest relative difference seen, printed at the end */
static double worst;

static void
close_to(double got, double want, const char *what, const char *name, size_t i)
{
    double d = fabs(got - want), scale = fabs(want) > 1e-300 ? fabs(want) : 1;

    if (d / scale > worst)
        worst = d / scale;
    ck_assert_msg(d <= 1e-9 * scale || d < 1e-15, "%s %s[%zu]: got %.17g, want %.17g",
                  name, what, i, got, want);
}

START_TEST(test_chisq_matches_r)
{
    const struct ref_chisq *c = &ref_chisq[_i];
    struct ov_chisq r;
    struct ov_err err;
    size_t k;

    ck_assert_int_eq(ov_chisq_counts(c->counts, c->nr, c->nc, &r, &err), OV_OK);
    close_to(r.statistic, c->statistic, "statistic", c->name, 0);
    ck_assert_int_eq(r.df, (int)c->df);
    close_to(r.p, c->p, "p", c->name, 0);
    for (k = 0; k < c->nr * c->nc; k++) {
        close_to(r.expected[k], c->expected[k], "expected", c->name, k);
        close_to(r.residuals[k], c->residuals[k], "residuals", c->name, k);
    }
    ck_assert_int_eq(r.has_fisher, c->has_fisher);
    if (c->has_fisher)
        close_to(r.fisher_p, c->fisher_p, "fisher_p", c->name, 0);
    ov_chisq_free(&r);
}
END_TEST

START_TEST(test_chisq_counts_small_expected)
{
    const double counts[] = {20, 30, 15, 5, 3, 2};
    struct ov_chisq r;
    struct ov_err err;

    ck_assert_int_eq(ov_chisq_counts(counts, 3, 2, &r, &err), OV_OK);
    ck_assert_uint_eq(r.small_expected, 2); /* 2.53 and 2.47 */
    ov_chisq_free(&r);
}
END_TEST

START_TEST(test_chisq_drops_empty_row)
{
    /* a row of zeros has no expected counts: it is left out and counted */
    const double counts[] = {12, 5, 0, 0, 7, 9};
    struct ov_chisq r;
    struct ov_err err;

    ck_assert_int_eq(ov_chisq_counts(counts, 3, 2, &r, &err), OV_OK);
    ck_assert_uint_eq(r.nr, 2);
    ck_assert_uint_eq(r.dropped_rows, 1);
    ck_assert(!r.keep_row[1]);
    close_to(r.statistic, ref_chisq[0].statistic, "statistic", "dropped row", 0);
    ck_assert(r.has_fisher);
    close_to(r.fisher_p, ref_chisq[0].fisher_p, "fisher_p", "dropped row", 0);
    ov_chisq_free(&r);
}
END_TEST

START_TEST(test_chisq_refusals)
{
    const double one_col[] = {3, 0, 4, 0};
    const double frac[] = {1.5, 2, 3, 4};
    struct ov_chisq r;
    struct ov_err err;

    ck_assert_int_eq(ov_chisq_counts(one_col, 2, 2, &r, &err), OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "at least 2 rows and 2 columns") != NULL, "%s",
                  err.msg);
    ck_assert_int_eq(ov_chisq_counts(frac, 2, 2, &r, &err), OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "row 1, column 1") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_fisher_edges)
{
    struct ov_err err;
    double p;

    /* a table that is as likely as can be: p = 1 */
    ck_assert_int_eq(ov_fisher_2x2(5, 5, 5, 5, &p, &err), OV_OK);
    ck_assert_double_eq_tol(p, 1, 1e-12);
    /* every table with these margins is the same table */
    ck_assert_int_eq(ov_fisher_2x2(0, 0, 3, 4, &p, &err), OV_OK);
    ck_assert_double_eq_tol(p, 1, 1e-12);
    ck_assert_int_eq(ov_fisher_2x2(-1, 0, 3, 4, &p, &err), OV_EINVAL);
    /* billions in a cell: the sums stop where the terms underflow, so this
     * is quick, and the answer is that such a table is no accident */
    ck_assert_int_eq(ov_fisher_2x2(2e9, 1e9, 1e9, 2e9, &p, &err), OV_OK);
    ck_assert_double_lt(p, 1e-300);
}
END_TEST

START_TEST(test_funnel_matches_scipy)
{
    const struct ref_funnel *f = &ref_funnel[_i];
    const double level[2] = {0.95, 0.998};
    double part[12], whole[12];
    struct ov_funnel_unit u[12];
    struct ov_funnel_summary s;
    struct ov_err err;
    size_t i;

    for (i = 0; i < f->n; i++) {
        part[i] = f->u[i].part;
        whole[i] = f->u[i].whole;
    }
    ck_assert_int_eq(
        ov_funnel_units(part, whole, f->n, f->target_in, level, u, &s, &err), OV_OK);
    close_to(s.target, f->target, "target", f->name, 0);
    close_to(s.phi, f->phi, "phi", f->name, 0);
    ck_assert_uint_eq(s.outside[0], f->outside95);
    ck_assert_uint_eq(s.outside[1], f->outside998);
    ck_assert_uint_eq(s.outside_adj[0], f->outside95_adj);
    ck_assert_uint_eq(s.outside_adj[1], f->outside998_adj);
    ck_assert_uint_eq(s.n_units, f->n);
    for (i = 0; i < f->n; i++) {
        const struct ref_unit *w = &f->u[i];

        close_to(u[i].value, w->value, "value", f->name, i);
        close_to(u[i].z, w->z, "z", f->name, i);
        close_to(u[i].lo[0], w->lo95, "lo95", f->name, i);
        close_to(u[i].hi[0], w->hi95, "hi95", f->name, i);
        close_to(u[i].lo[1], w->lo998, "lo998", f->name, i);
        close_to(u[i].hi[1], w->hi998, "hi998", f->name, i);
        ck_assert_int_eq(u[i].flag[0], w->flag95);
        ck_assert_int_eq(u[i].flag[1], w->flag998);
        ck_assert_int_eq(u[i].exact, w->exact);
    }
}
END_TEST

START_TEST(test_funnel_refusals)
{
    const double level[2] = {0.95, 0.998};
    const double part[] = {3, 5}, whole[] = {10, 4}, zero[] = {0, 0}, w0[] = {10, 0};
    struct ov_funnel_unit u[2];
    struct ov_funnel_summary s;
    struct ov_err err;

    ck_assert_int_eq(ov_funnel_units(part, whole, 2, NAN, level, u, &s, &err),
                     OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "unit 1: the part (5) is more than the whole (4)") !=
                      NULL,
                  "%s", err.msg);
    ck_assert_int_eq(ov_funnel_units(zero, whole, 2, NAN, level, u, &s, &err),
                     OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "strictly between 0% and 100%") != NULL, "%s",
                  err.msg);
    ck_assert_int_eq(ov_funnel_units(part, w0, 2, NAN, level, u, &s, &err), OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "the whole is 0") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_funnel_level_name)
{
    char buf[16];

    ck_assert_str_eq(ov_funnel_level_name(buf, 0.95), "95");
    ck_assert_str_eq(ov_funnel_level_name(buf, 0.998), "998");
    ck_assert_str_eq(ov_funnel_level_name(buf, 0.99), "99");
}
END_TEST

static void
report_worst(void)
{
    if (getenv("OV_COMPARE_REPORT") != NULL)
        fprintf(stderr, "check_compare: largest relative difference %.3g\n", worst);
}

Suite *
make_compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("reference");

    tcase_add_loop_test(tc, test_chisq_matches_r, 0,
                        (int)(sizeof ref_chisq / sizeof ref_chisq[0]));
    tcase_add_test(tc, test_chisq_counts_small_expected);
    tcase_add_test(tc, test_chisq_drops_empty_row);
    tcase_add_test(tc, test_chisq_refusals);
    tcase_add_test(tc, test_fisher_edges);
    tcase_add_loop_test(tc, test_funnel_matches_scipy, 0,
                        (int)(sizeof ref_funnel / sizeof ref_funnel[0]));
    tcase_add_test(tc, test_funnel_refusals);
    tcase_add_test(tc, test_funnel_level_name);
    tcase_add_unchecked_fixture(tc, NULL, report_worst);
    suite_add_tcase(s, tc);
    return s;
}
