/*
 * check_infer.c - intervals and ratios against an independent reference
 * (tests/data/infer/reference.csv, written by make_reference.py with scipy
 * and statsmodels) to 1e-9 relative; the edges (0 of n, n of n, n = 1,
 * n = 147,430, level 0.998, no events); the refusals a user would meet and
 * the explanation a classroom sees. OV_INFER_REPORT=1 prints the largest
 * relative difference from the reference.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infer.h"
#include "stats.h"
#include "strbuf.h"
#include "suites.h"

#define REFERENCE OV_TEST_DATA "/infer/reference.csv"
#define TOL 1e-9

static double worst;
static char worst_case[160], this_case[160];

/* true when got agrees with want to TOL relative; a reference of 0 (or
 * within 1e-15 of it) must be met within 1e-15: the Wilson lower end of 0
 * of n, which statsmodels works out as centre − half-width and so gets as
 * 0 or -2e-19, and oversight as 0 exactly */
static bool
agrees(double got, double want)
{
    double d = fabs(got - want);

    if (fabs(want) <= 1e-15)
        return d <= 1e-15;
    if (d / fabs(want) > worst) {
        worst = d / fabs(want);
        memcpy(worst_case, this_case, sizeof worst_case);
    }
    return d <= TOL * fabs(want);
}

static struct ov_figure
fig_pct(double part, double whole)
{
    struct ov_figure f;
    struct ov_err err;

    ck_assert_int_eq(ov_figure_pct(part, whole, &f, &err), OV_OK);
    return f;
}

static struct ov_figure
fig_rate(double part, double whole, double per)
{
    struct ov_figure f;
    struct ov_err err;

    ck_assert_int_eq(ov_figure_rate(part, whole, per, &f, &err), OV_OK);
    return f;
}

START_TEST(test_against_reference)
{
    FILE *fp = fopen(REFERENCE, "r");
    char line[512], kind[16], method[16];
    double x, n, x2, n2, level, lo, hi, ratio;
    int cases = 0;

    ck_assert_msg(fp != NULL, "cannot open %s", REFERENCE);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp)); /* the header */
    while (fgets(line, sizeof line, fp) != NULL) {
        double got_lo = -1, got_hi = -1;
        struct ov_err err;
        enum ov_ci_method m;

        for (char *c = line; *c != '\0'; c++)
            if (*c == ',')
                *c = ' ';
        ck_assert_int_eq(sscanf(line, "%15s %15s %lf %lf %lf %lf %lf %lf %lf %lf", kind,
                                method, &x, &n, &x2, &n2, &level, &lo, &hi, &ratio),
                         10);
        snprintf(this_case, sizeof this_case, "%s %s %g %g %g %g at %g", kind, method,
                 x, n, x2, n2, level);
        if (strcmp(kind, "prop") == 0 || strcmp(kind, "pois") == 0) {
            ck_assert(ov_ci_method_parse(method, &m));
            if (kind[1] == 'r')
                ck_assert_int_eq(
                    ov_ci_proportion(x, n, level, m, &got_lo, &got_hi, &err), OV_OK);
            else
                ck_assert_int_eq(ov_ci_poisson(x, level, m, &got_lo, &got_hi, &err),
                                 OV_OK);
        } else {
            struct ov_figure a, b;
            struct ov_ratio r;

            a = kind[3] == 'p' ? fig_pct(x, n) : fig_rate(x, n, 1000);
            b = kind[3] == 'p' ? fig_pct(x2, n2) : fig_rate(x2, n2, 1000);
            ck_assert_int_eq(ov_ratio_figures(&a, &b, level, &r, &err), OV_OK);
            ck_assert_msg(agrees(r.ratio, ratio),
                          "%s %g/%g : %g/%g ratio %.17g, want %.17g", kind, x, n, x2,
                          n2, r.ratio, ratio);
            got_lo = r.lo;
            got_hi = r.hi;
        }
        ck_assert_msg(agrees(got_lo, lo) && agrees(got_hi, hi),
                      "%s %s x=%g n=%g level=%g: %.17g to %.17g, want %.17g to %.17g",
                      kind, method, x, n, level, got_lo, got_hi, lo, hi);
        cases++;
    }
    fclose(fp);
    ck_assert_int_ge(cases, 300);
    if (getenv("OV_INFER_REPORT") != NULL)
        printf("infer: %d reference cases, largest relative difference %.3g (%s)\n",
               cases, worst, worst_case);
}
END_TEST

START_TEST(test_edges_are_exact)
{
    double lo, hi;
    struct ov_err err;

    /* 0 of n starts at 0 and n of n ends at 1, exactly, by both methods */
    ck_assert_int_eq(ov_ci_proportion(0, 3787, 0.95, OV_CI_WILSON, &lo, &hi, &err),
                     OV_OK);
    ck_assert(lo == 0 && hi > 0);
    ck_assert_int_eq(ov_ci_proportion(0, 3787, 0.95, OV_CI_EXACT, &lo, &hi, &err),
                     OV_OK);
    ck_assert(lo == 0 && hi > 0);
    ck_assert_int_eq(
        ov_ci_proportion(147430, 147430, 0.998, OV_CI_WILSON, &lo, &hi, &err), OV_OK);
    ck_assert(hi == 1 && lo < 1);
    ck_assert_int_eq(ov_ci_proportion(1, 1, 0.95, OV_CI_EXACT, &lo, &hi, &err), OV_OK);
    ck_assert(hi == 1);
    ck_assert_double_eq_tol(lo, 0.025, 1e-15); /* 1 of 1: the lower end is a/2 */
    ck_assert_int_eq(ov_ci_proportion(0, 1, 0.95, OV_CI_EXACT, &lo, &hi, &err), OV_OK);
    ck_assert(lo == 0);
    ck_assert_double_eq_tol(hi, 0.975, 1e-15);
    /* no events: 0 to −log(a/2) exactly, as the chi-square with 2 df gives */
    ck_assert_int_eq(ov_ci_poisson(0, 0.95, OV_CI_EXACT, &lo, &hi, &err), OV_OK);
    ck_assert(lo == 0);
    ck_assert_double_eq_tol(hi, -log(0.025), 1e-12);
    ck_assert_int_eq(ov_ci_poisson(0, 0.95, OV_CI_DEFAULT, &lo, &hi, &err), OV_OK);
    ck_assert(lo == 0);
}
END_TEST

START_TEST(test_figures_in_their_unit)
{
    struct ov_figure essex = fig_pct(7, 3787), r = fig_rate(7, 3746, 1000);
    struct ov_ci ci;
    struct ov_err err;

    ck_assert_int_eq(ov_ci_figure(&essex, 0.95, OV_CI_DEFAULT, &ci, &err), OV_OK);
    ck_assert_int_eq(ci.method, OV_CI_WILSON);
    ck_assert(ci.by_default);
    ck_assert_double_eq_tol(ci.lo, 0.089567445796830038, 1e-12);
    ck_assert_double_eq_tol(ci.hi, 0.38107895328113308, 1e-12);
    /* a rate below 10 events is exact, from 10 Byar's */
    ck_assert_int_eq(ov_ci_figure(&r, 0.95, OV_CI_DEFAULT, &ci, &err), OV_OK);
    ck_assert_int_eq(ci.method, OV_CI_EXACT);
    ck_assert_double_eq_tol(ci.lo, ci.p_lo / 3746 * 1000, 1e-12);
    r = fig_rate(10, 3746, 1000);
    ck_assert_int_eq(ov_ci_figure(&r, 0.95, OV_CI_DEFAULT, &ci, &err), OV_OK);
    ck_assert_int_eq(ci.method, OV_CI_BYAR);
    ck_assert_int_eq(ov_ci_figure(&r, 0.95, OV_CI_EXACT, &ci, &err), OV_OK);
    ck_assert_int_eq(ci.method, OV_CI_EXACT);
    ck_assert(!ci.by_default);
}
END_TEST

/* a refusal: the status and a piece of the message a user reads */
static void
refused(ov_status got, const struct ov_err *err, const char *words)
{
    ck_assert_int_eq(got, OV_EINVAL);
    ck_assert_msg(strstr(err->msg, words) != NULL, "'%s' lacks '%s'", err->msg, words);
}

START_TEST(test_refusals)
{
    struct ov_figure essex = fig_pct(7, 3787), r = fig_rate(7, 3746, 1000), ch, pp;
    struct ov_ci ci;
    struct ov_ratio q;
    struct ov_err err;
    double lo, hi;
    static const double bad_levels[] = {0, 1, -0.5, 1.5, 95};

    for (size_t i = 0; i < sizeof bad_levels / sizeof bad_levels[0]; i++)
        refused(ov_ci_figure(&essex, bad_levels[i], OV_CI_DEFAULT, &ci, &err), &err,
                "the level must be a number above 0 and below 1");
    refused(ov_ci_figure(&essex, NAN, OV_CI_DEFAULT, &ci, &err), &err,
            "above 0 and below 1");
    refused(ov_ci_figure(&essex, 0.95, OV_CI_BYAR, &ci, &err), &err,
            "\"wilson\" (the default) and \"exact\"");
    refused(ov_ci_figure(&r, 0.95, OV_CI_WILSON, &ci, &err), &err,
            "a rate's methods are \"exact\"");
    ck_assert_int_eq(ov_figure_change(67732, 75020, &ch, &err), OV_OK);
    refused(ov_ci_figure(&ch, 0.95, OV_CI_DEFAULT, &ci, &err), &err,
            "no interval is defined for a percentage change");
    ck_assert_int_eq(ov_figure_pp(NULL, 92, NULL, 91, &pp, &err), OV_OK);
    refused(ov_ci_figure(&pp, 0.95, OV_CI_DEFAULT, &ci, &err), &err,
            "no interval is defined for a difference in points");
    refused(ov_ci_proportion(7.5, 10, 0.95, OV_CI_WILSON, &lo, &hi, &err), &err,
            "the part is 7.5; an interval needs a count");
    refused(ov_ci_proportion(11, 10, 0.95, OV_CI_EXACT, &lo, &hi, &err), &err,
            "the part (11) is more than the whole (10)");
    refused(ov_ci_proportion(-1, 10, 0.95, OV_CI_EXACT, &lo, &hi, &err), &err,
            "a whole number of 0 or more");
    refused(ov_ci_poisson(2.5, 0.95, OV_CI_EXACT, &lo, &hi, &err), &err,
            "the count is 2.5");
    /* ratios: a zero count has no log interval; kinds must match */
    {
        struct ov_figure zero = fig_pct(0, 3746), zr = fig_rate(0, 3746, 1000);

        refused(ov_ratio_figures(&essex, &zero, 0.95, &q, &err), &err,
                "the second figure (0.0%) has a count of 0, so the ratio is infinite "
                "and no log interval exists");
        refused(ov_ratio_figures(&zr, &r, 0.95, &q, &err), &err,
                "so the ratio is 0 and no log interval exists");
        refused(ov_ratio_figures(&essex, &r, 0.95, &q, &err), &err,
                "give two percentages or two rates, not a percentage and a rate");
        refused(ov_ratio_figures(&essex, &ch, 0.95, &q, &err), &err,
                "the second figure is a percentage change");
        refused(ov_ratio_figures(&essex, &essex, 1, &q, &err), &err,
                "ratio: the level must be");
    }
}
END_TEST

START_TEST(test_ratio_text)
{
    struct ov_figure a = fig_pct(12, 100), b = fig_pct(5, 120);
    struct ov_ratio r;
    struct ov_err err;
    char buf[128];

    ck_assert_int_eq(ov_ratio_figures(&a, &b, 0.95, &r, &err), OV_OK);
    ov_ratio_text(buf, &r);
    ck_assert_str_eq(buf, "ratio 2.88 (95% CI 1.05 to 7.90)");
    ck_assert_int_eq(ov_ratio_figures(&a, &b, 0.998, &r, &err), OV_OK);
    ov_ratio_text(buf, &r);
    ck_assert_str_eq(buf, "ratio 2.88 (99.8% CI 0.59 to 14.13)");
}
END_TEST

START_TEST(test_explanations)
{
    struct ov_figure essex = fig_pct(7, 3787), r = fig_rate(1778, 3400, 1000);
    struct ov_ci ci;
    struct ov_err err;
    ov_strbuf sb, *b = &sb;
    const char *s;

    ov_strbuf_init(b);
    ck_assert_int_eq(ov_ci_figure(&essex, 0.95, OV_CI_DEFAULT, &ci, &err), OV_OK);
    ov_ci_explain(b, &essex, &ci);
    s = ov_strbuf_cstr(b);
    ck_assert_msg(strstr(s, "95% confidence interval, Wilson score method\n") == s,
                  "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "the default for a percentage"));
    ck_assert_ptr_nonnull(strstr(s, "z, the normal quantile for 0.975 = 1.959964…"));
    ck_assert_ptr_nonnull(
        strstr(s, "to 1 decimal place, rounding half away from zero: 0.1% to 0.4%\n"));
    ov_strbuf_reset(b);
    ck_assert_int_eq(ov_ci_figure(&essex, 0.998, OV_CI_EXACT, &ci, &err), OV_OK);
    ov_ci_explain(b, &essex, &ci);
    s = ov_strbuf_cstr(b);
    ck_assert_ptr_nonnull(
        strstr(s, "99.8% confidence interval, exact (Clopper-Pearson)"));
    ck_assert_ptr_nonnull(strstr(s, "it was asked for (method = \"exact\")"));
    ck_assert_ptr_nonnull(strstr(s, "the 0.001 quantile of the beta distribution with "
                                    "parameters\n    7 and 3,787 − 7 + 1 = 3,781"));
    ov_strbuf_reset(b);
    ck_assert_int_eq(ov_ci_figure(&r, 0.95, OV_CI_DEFAULT, &ci, &err), OV_OK);
    ov_ci_explain(b, &r, &ci);
    s = ov_strbuf_cstr(b);
    ck_assert_ptr_nonnull(strstr(s, "Byar's approximation method"));
    ck_assert_ptr_nonnull(strstr(s, "a rate of 10 events or more"));
    ck_assert_ptr_nonnull(strstr(s, "O = 1,778 events"));
    ck_assert_ptr_nonnull(strstr(s, " per 1,000\n"));
    ov_strbuf_free(b);
}
END_TEST

Suite *
make_infer_suite(void)
{
    Suite *s = suite_create("infer");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_against_reference);
    tcase_add_test(tc, test_edges_are_exact);
    tcase_add_test(tc, test_figures_in_their_unit);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_ratio_text);
    tcase_add_test(tc, test_explanations);
    suite_add_tcase(s, tc);
    return s;
}
