/*
 * infer.c - confidence intervals for percentages (Wilson score, exact
 * Clopper-Pearson) and rates (exact Poisson, Byar), the ratio of two
 * percentages or rates by the log method, and their arithmetic in plain
 * words. Engine code: no Lua, no printing. The special functions are GNU
 * GSL's: the beta and gamma distribution functions (gsl_cdf_*_P/Q) and the
 * normal quantile, with GSL's abort-on-error handler switched off once, so
 * a failure comes back as a value we check, never as an abort. The beta and
 * chi-square quantiles are found as roots of GSL's distribution functions
 * (the beta's from gsl_sf_beta_inc) by GSL's Brent solver, not by gsl_cdf_beta_Pinv /
 * gsl_cdf_chisq_Qinv: GSL 2.7's inverses fail outright (7 of 3,787 at 99.8%) or are
 * wrong (the upper 97.5% point of chi-square with 294,862 degrees of freedom comes back
 * 47% too large).
 */
#include "config.h"

#include "infer.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <float.h>

#include "fraction.h"
#include "stats_int.h"
#include "value.h"

/* ---------------------------------------------------------------------
 * GSL
 * --------------------------------------------------------------------- */

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void
gsl_init(void)
{
    /* GSL's default handler aborts the process on a domain error; we
     * check every value it returns instead */
    gsl_set_error_handler_off();
}

static void
need_gsl(void)
{
    pthread_once(&gsl_once, gsl_init);
}

/* a distribution function of one variable with two parameters, and the
 * value it must reach */
struct tail {
    double (*cdf)(double x, double a, double b);
    double a, b, target;
};

static double
tail_gap(double x, void *v)
{
    const struct tail *t = v;

    return t->cdf(x, t->a, t->b) - t->target;
}

/* The x in [lo, hi] where t->cdf(x) = t->target (the two ends on either
 * side of it), to a few units in the last place; NaN when GSL finds none.
 * The upper tail is searched with the Q function, so a small tail
 * probability keeps its digits. */
static double
solve(struct tail *t, double lo, double hi)
{
    gsl_root_fsolver *s;
    gsl_function fn = {tail_gap, t};
    double root = NAN, flo = tail_gap(lo, t), fhi = tail_gap(hi, t);
    int i, status = GSL_CONTINUE;

    if (flo == 0)
        return lo;
    if (fhi == 0)
        return hi;
    if (isnan(flo) || isnan(fhi) || (flo < 0) == (fhi < 0))
        return NAN;
    s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL || gsl_root_fsolver_set(s, &fn, lo, hi) != GSL_SUCCESS) {
        gsl_root_fsolver_free(s);
        return NAN;
    }
    for (i = 0; i < 1000 && status == GSL_CONTINUE; i++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        root = gsl_root_fsolver_root(s);
        status =
            gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                   gsl_root_fsolver_x_upper(s), 0, 4 * DBL_EPSILON);
    }
    gsl_root_fsolver_free(s);
    return status == GSL_SUCCESS ? root : NAN;
}

/* The beta distribution function and its upper tail from GSL's regularised
 * incomplete beta, gsl_sf_beta_inc: accurate to about 1e-15 where
 * gsl_cdf_beta_P and _Q (their own continued fraction) are off by up to
 * 5e-9 (Beta(8, 147423) at its 99.9% point). The tail is I_{1-x}(b, a):
 * 1 − x is exact above 0.5 and off by at most 1.1e-16 below it. */
static double
beta_p(double x, double a, double b)
{
    return x <= 0 ? 0 : x >= 1 ? 1 : gsl_sf_beta_inc(a, b, x);
}

static double
beta_q(double x, double a, double b)
{
    return x <= 0 ? 1 : x >= 1 ? 0 : gsl_sf_beta_inc(b, a, 1 - x);
}

/* the gamma distribution with shape a and scale 1 (a chi-square with 2a
 * degrees of freedom, halved) */
static double
gamma_p(double x, double a, double b)
{
    (void)b;
    return gsl_cdf_gamma_P(x, a, 1);
}

static double
gamma_q(double x, double a, double b)
{
    (void)b;
    return gsl_cdf_gamma_Q(x, a, 1);
}

/* the count L with P(a Poisson(L) count >= x) = p, for x >= 1: the p
 * quantile of chi-square with 2x degrees of freedom, halved; upper: the
 * count U with P(a Poisson(U) count <= x) = p, the 1 − p quantile of
 * chi-square with 2x + 2, halved */
static double
chisq_half(double x, double p, bool upper)
{
    struct tail t = {upper ? gamma_q : gamma_p, upper ? x + 1 : x, 0, p};
    double hi = x + 10;

    /* far enough up that the tail is past p: the gamma's sd is √x */
    while (tail_gap(hi, &t) * (upper ? 1 : -1) > 0 && hi < 1e300)
        hi = hi * 2 + 10 * sqrt(hi);
    return solve(&t, 0, hi);
}

/* ---------------------------------------------------------------------
 * Names, levels, counts
 * --------------------------------------------------------------------- */

const char *
ov_ci_method_name(enum ov_ci_method m)
{
    switch (m) {
    case OV_CI_WILSON:
        return "wilson";
    case OV_CI_EXACT:
        return "exact";
    case OV_CI_BYAR:
        return "byar";
    case OV_CI_DEFAULT:
    default:
        return "default";
    }
}

bool
ov_ci_method_parse(const char *name, enum ov_ci_method *m)
{
    static const enum ov_ci_method all[] = {OV_CI_WILSON, OV_CI_EXACT, OV_CI_BYAR,
                                            OV_CI_DEFAULT};
    size_t i;

    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, ov_ci_method_name(all[i])) == 0) {
            *m = all[i];
            return true;
        }
    return false;
}

ov_status
ov_ci_check_level(const char *fname, double level, struct ov_err *err)
{
    char t[32];

    if (isnan(level))
        snprintf(t, sizeof t, "NaN (not a number)");
    else
        snprintf(t, sizeof t, "%.17g", level);
    if (isnan(level) || level <= 0 || level >= 1)
        return ov_err_set(err, OV_EINVAL,
                          "%s: the level must be a number above 0 and below 1 (0.95 "
                          "for 95%%), not %s",
                          fname, t);
    return OV_OK;
}

void
ov_ci_level_text(char *buf, double level)
{
    /* 0.95 × 100 is 95.00000000000001 in binary: ten digits are plenty */
    snprintf(buf, 32, "%.10g%%", level * 100);
}

/* a count: whole and at least 0 */
static ov_status
check_count(const char *fname, const char *what, double x, struct ov_err *err)
{
    char t[OV_VALUE_TEXT_MAX + 8];

    if (!isfinite(x) || x < 0 || x != floor(x) || x > 9007199254740992.0) {
        ov_number_text(t, x);
        return ov_err_set(err, OV_EINVAL,
                          "%s: the %s is %s; an interval needs a count, a whole number "
                          "of 0 or more",
                          fname, what, t);
    }
    return OV_OK;
}

/* x of n, both counts, x <= n, n >= 1 */
static ov_status
check_share(const char *fname, double x, double n, struct ov_err *err)
{
    char a[OV_VALUE_TEXT_MAX + 8], b[OV_VALUE_TEXT_MAX + 8];

    if (check_count(fname, "part", x, err) != OV_OK ||
        check_count(fname, "whole", n, err) != OV_OK)
        return err->status;
    if (n < 1)
        return ov_err_set(err, OV_EINVAL, "%s: the whole is 0, so there is no interval",
                          fname);
    if (x > n) {
        ov_number_text(a, x);
        ov_number_text(b, n);
        return ov_err_set(err, OV_EINVAL,
                          "%s: the part (%s) is more than the whole (%s); an interval "
                          "needs a part that is some of the whole",
                          fname, a, b);
    }
    return OV_OK;
}

static ov_status
gsl_failed(const char *fname, const char *what, struct ov_err *err)
{
    return ov_err_set(err, OV_ERANGE,
                      "%s: the %s could not be worked out for these numbers (GSL "
                      "gave no value)",
                      fname, what);
}

/* ---------------------------------------------------------------------
 * Intervals
 * --------------------------------------------------------------------- */

/* the normal quantile leaving (1 − level) / 2 above it: 1.959964 for 95% */
static double
z_of(double level)
{
    return gsl_cdf_ugaussian_Qinv((1 - level) / 2);
}

static ov_status
proportion(const char *fname, double x, double n, double level, enum ov_ci_method m,
           double *lo, double *hi, double *z, struct ov_err *err)
{
    double a = 1 - level;

    need_gsl();
    if (ov_ci_check_level(fname, level, err) != OV_OK ||
        check_share(fname, x, n, err) != OV_OK)
        return err->status;
    *z = z_of(level);
    if (m == OV_CI_DEFAULT || m == OV_CI_WILSON) {
        double p = x / n, z2 = *z * *z, denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = *z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;

        if (!isfinite(*z))
            return gsl_failed(fname, "normal quantile", err);
        *hi = x == n ? 1 : centre + half;
        /* the ends are the roots of (1 + z²/n)π² − (2p + z²/n)π + p² = 0,
         * whose product is p² / (1 + z²/n): the lower end from it keeps its
         * digits where centre − half would cancel them away */
        *lo = x == 0 ? 0 : p * p / (denom * *hi);
        return OV_OK;
    }
    if (m != OV_CI_EXACT)
        return ov_err_set(err, OV_EINVAL,
                          "%s: method '%s' is for rates; a percentage's methods are "
                          "\"wilson\" (the default) and \"exact\"",
                          fname, ov_ci_method_name(m));
    /* Clopper-Pearson: the beta quantiles, with 0 and 1 exact at the edges */
    {
        struct tail l = {beta_p, x, n - x + 1, a / 2},
                    u = {beta_q, x + 1, n - x, a / 2};

        *lo = x == 0 ? 0 : solve(&l, 0, 1);
        *hi = x == n ? 1 : solve(&u, 0, 1);
    }
    if (!isfinite(*lo) || !isfinite(*hi) || *lo < 0 || *hi > 1 || *lo > *hi)
        return gsl_failed(fname, "beta quantile", err);
    return OV_OK;
}

ov_status
ov_ci_proportion(double x, double n, double level, enum ov_ci_method m, double *lo,
                 double *hi, struct ov_err *err)
{
    double z;

    return proportion("ci", x, n, level, m, lo, hi, &z, err);
}

/* Byar's approximation, as the PHE/OHID technical guide gives it:
 * lower O(1 − 1/(9O) − z/(3√O))³, upper (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³ */
static void
byar(double o, double z, double *lo, double *hi)
{
    double u = o + 1, l = 0;

    if (o > 0) {
        double base = 1 - 1 / (9 * o) - z / (3 * sqrt(o));

        /* below 0 only for a count of 1 or 2 at very high levels, where the
         * approximation has broken down: the count cannot go below 0 */
        l = base > 0 ? o * base * base * base : 0;
    }
    *lo = l;
    *hi = u * pow(1 - 1 / (9 * u) + z / (3 * sqrt(u)), 3);
}

static ov_status
poisson(const char *fname, double x, double level, enum ov_ci_method *m, double *lo,
        double *hi, double *z, struct ov_err *err)
{
    double a = 1 - level;

    need_gsl();
    if (ov_ci_check_level(fname, level, err) != OV_OK ||
        check_count(fname, "count", x, err) != OV_OK)
        return err->status;
    if (*m == OV_CI_DEFAULT)
        *m = x < OV_CI_BYAR_FROM ? OV_CI_EXACT : OV_CI_BYAR;
    *z = z_of(level);
    if (!isfinite(*z))
        return gsl_failed(fname, "normal quantile", err);
    if (*m == OV_CI_BYAR) {
        byar(x, *z, lo, hi);
        if (!isfinite(*lo) || !isfinite(*hi))
            return gsl_failed(fname, "interval", err);
        return OV_OK;
    }
    if (*m != OV_CI_EXACT)
        return ov_err_set(err, OV_EINVAL,
                          "%s: method '%s' is for percentages; a rate's methods are "
                          "\"exact\" (the default below %d events) and \"byar\" (from "
                          "%d)",
                          fname, ov_ci_method_name(*m), OV_CI_BYAR_FROM,
                          OV_CI_BYAR_FROM);
    *lo = x == 0 ? 0 : chisq_half(x, a / 2, false);
    *hi = chisq_half(x, a / 2, true);
    if (!isfinite(*lo) || !isfinite(*hi) || *lo < 0 || *lo > *hi)
        return gsl_failed(fname, "chi-square quantile", err);
    return OV_OK;
}

ov_status
ov_ci_poisson(double x, double level, enum ov_ci_method m, double *lo, double *hi,
              struct ov_err *err)
{
    double z;

    return poisson("ci", x, level, &m, lo, hi, &z, err);
}

static ov_status
no_interval(const char *fname, const struct ov_figure *f, struct ov_err *err)
{
    return ov_err_set(err, OV_EINVAL,
                      "%s: no interval is defined for a %s yet; intervals are for "
                      "pct(part, whole) and rate(part, whole, per)",
                      fname,
                      f->kind == OV_FIG_CHANGE ? "percentage change (change(old, new))"
                                               : "difference in points (pp(x, y))");
}

ov_status
ov_ci_figure(const struct ov_figure *f, double level, enum ov_ci_method m,
             struct ov_ci *ci, struct ov_err *err)
{
    memset(ci, 0, sizeof *ci);
    ci->level = level;
    ci->x = f->a;
    ci->n = f->b;
    ci->by_default = m == OV_CI_DEFAULT;
    if (f->kind == OV_FIG_PCT) {
        if (m == OV_CI_BYAR)
            return ov_err_set(err, OV_EINVAL,
                              "ci: method 'byar' is for rates; a percentage's methods "
                              "are \"wilson\" (the default) and \"exact\"");
        ci->method = m == OV_CI_DEFAULT ? OV_CI_WILSON : m;
        if (proportion("ci", f->a, f->b, level, ci->method, &ci->p_lo, &ci->p_hi,
                       &ci->z, err) != OV_OK)
            return err->status;
        ci->lo = ci->p_lo * 100;
        ci->hi = ci->p_hi * 100;
        return OV_OK;
    }
    if (f->kind == OV_FIG_RATE) {
        if (m == OV_CI_WILSON)
            return ov_err_set(
                err, OV_EINVAL,
                "ci: method 'wilson' is for percentages; a rate's methods "
                "are \"exact\" (the default below %d events) and "
                "\"byar\" (from %d)",
                OV_CI_BYAR_FROM, OV_CI_BYAR_FROM);
        if (!(f->b > 0))
            return ov_err_set(
                err, OV_EINVAL,
                "ci: the whole of a rate must be above 0 for an interval");
        ci->method = m;
        if (poisson("ci", f->a, level, &ci->method, &ci->p_lo, &ci->p_hi, &ci->z,
                    err) != OV_OK)
            return err->status;
        ci->lo = ci->p_lo / f->b * f->per;
        ci->hi = ci->p_hi / f->b * f->per;
        return OV_OK;
    }
    return no_interval("ci", f, err);
}

/* ---------------------------------------------------------------------
 * Ratio
 * --------------------------------------------------------------------- */

ov_status
ov_ratio_figures(const struct ov_figure *a, const struct ov_figure *b, double level,
                 struct ov_ratio *r, struct ov_err *err)
{
    const char *which = "first";
    const struct ov_figure *f;
    int i;

    need_gsl();
    memset(r, 0, sizeof *r);
    r->level = level;
    if (ov_ci_check_level("ratio", level, err) != OV_OK)
        return err->status;
    for (i = 0, f = a; i < 2; i++, f = b, which = "second") {
        if (f->kind == OV_FIG_CHANGE || f->kind == OV_FIG_PP)
            return ov_err_set(err, OV_EINVAL,
                              "ratio: the %s figure is a %s; a ratio is of two "
                              "percentages (pct) or two rates (rate)",
                              which,
                              f->kind == OV_FIG_CHANGE ? "percentage change"
                                                       : "difference in points");
        if (f->kind == OV_FIG_PCT ? check_share("ratio", f->a, f->b, err) != OV_OK
                                  : check_count("ratio", "part", f->a, err) != OV_OK)
            return err->status;
        if (f->kind == OV_FIG_RATE && !(f->b > 0))
            return ov_err_set(err, OV_EINVAL,
                              "ratio: the whole of the %s rate must be above 0", which);
    }
    if (a->kind != b->kind)
        return ov_err_set(err, OV_EINVAL,
                          "ratio: give two percentages or two rates, not a %s and a %s",
                          a->kind == OV_FIG_PCT ? "percentage" : "rate",
                          b->kind == OV_FIG_PCT ? "percentage" : "rate");
    if (a->a == 0 || b->a == 0) {
        char t[96];

        ov_figure_text(t, a->a == 0 ? a : b);
        return ov_err_set(err, OV_EINVAL,
                          "ratio: the %s figure (%s) has a count of 0, so the ratio is "
                          "%s and no log interval exists",
                          a->a == 0 ? "first" : "second", t,
                          a->a == 0 && b->a == 0 ? "0 ÷ 0, undefined,"
                          : a->a == 0            ? "0"
                                                 : "infinite");
    }
    r->rates = a->kind == OV_FIG_RATE;
    r->ratio = (a->a / a->b) / (b->a / b->b);
    r->se = r->rates ? sqrt(1 / a->a + 1 / b->a)
                     : sqrt(1 / a->a - 1 / a->b + 1 / b->a - 1 / b->b);
    r->z = z_of(level);
    if (!isfinite(r->z) || !isfinite(r->ratio) || !isfinite(r->se))
        return gsl_failed("ratio", "interval", err);
    r->lo = r->ratio * exp(-r->z * r->se);
    r->hi = r->ratio * exp(r->z * r->se);
    return OV_OK;
}

/* x to `places` decimals, half away from zero, as the figures round */
static size_t
round_text(char *buf, double x, int places)
{
    struct ov_q q;
    ov_i128 s;

    if (ov_q_from_double(x, &q) && ov_q_scaled(q, places, true, &s))
        return ov_scaled_text(buf, s, places, false);
    return (size_t)snprintf(buf, 64, "%.*g", 6, x);
}

size_t
ov_ratio_text(char *buf, const struct ov_ratio *r)
{
    char l[32], v[64], lo[64], hi[64];

    ov_ci_level_text(l, r->level);
    round_text(v, r->ratio, 2);
    round_text(lo, r->lo, 2);
    round_text(hi, r->hi, 2);
    return (size_t)snprintf(buf, 128, "ratio %s (%s CI %s to %s)", v, l, lo, hi);
}

/* ---------------------------------------------------------------------
 * Explanations
 * --------------------------------------------------------------------- */

static void
put_approx(ov_strbuf *out, double x)
{
    char t[64];

    ov_number_approx(t, sizeof t, x);
    ov_strbuf_puts(out, t);
}

/* a probability as written: 0.025, 0.975, 0.001 */
static void
put_prob(ov_strbuf *out, double p)
{
    ov_strbuf_printf(out, "%.10g", p);
}

static void
explain_wilson(ov_strbuf *out, const struct ov_ci *ci)
{
    double n = ci->n, p = ci->x / n, z2 = ci->z * ci->z, denom = 1 + z2 / n;

    ov_strbuf_puts(out, "  p = ");
    ov_put_number(out, ci->x);
    ov_strbuf_puts(out, " ÷ ");
    ov_put_number(out, n);
    ov_strbuf_puts(out, " = ");
    put_approx(out, p);
    ov_strbuf_puts(out, "\n  z, the normal quantile for ");
    put_prob(out, 1 - (1 - ci->level) / 2);
    ov_strbuf_puts(out, " = ");
    put_approx(out, ci->z);
    ov_strbuf_puts(out, "\n  centre = (p + z² ÷ (2 × ");
    ov_put_number(out, n);
    ov_strbuf_puts(out, ")) ÷ (1 + z² ÷ ");
    ov_put_number(out, n);
    ov_strbuf_puts(out, ") = ");
    put_approx(out, (p + z2 / (2 * n)) / denom);
    ov_strbuf_puts(out, "\n  half-width = z × √(p × (1 − p) ÷ ");
    ov_put_number(out, n);
    ov_strbuf_puts(out, " + z² ÷ (4 × ");
    ov_put_number(out, n);
    ov_strbuf_puts(out, "²)) ÷ (1 + z² ÷ ");
    ov_put_number(out, n);
    ov_strbuf_puts(out, ")\n    = ");
    put_approx(out, ci->z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom);
    ov_strbuf_puts(out, "\n  lower = centre − half-width = ");
    put_approx(out, ci->p_lo);
    ov_strbuf_puts(out, "\n  upper = centre + half-width = ");
    put_approx(out, ci->p_hi);
    ov_strbuf_puts(out, "\n");
}

static void
explain_clopper(ov_strbuf *out, const struct ov_ci *ci)
{
    double a = 1 - ci->level;

    if (ci->x == 0) {
        ov_strbuf_puts(out, "  none of the ");
        ov_put_number(out, ci->n);
        ov_strbuf_puts(out, ", so the lower end is 0 exactly\n");
    } else {
        ov_strbuf_puts(out, "  lower: the proportion at which ");
        ov_put_number(out, ci->x);
        ov_strbuf_puts(out, " or more of ");
        ov_put_number(out, ci->n);
        ov_strbuf_puts(out, " would happen only ");
        put_prob(out, 100 * a / 2);
        ov_strbuf_puts(out, "% of the time:\n    the ");
        put_prob(out, a / 2);
        ov_strbuf_puts(out, " quantile of the beta distribution with parameters\n    ");
        ov_put_number(out, ci->x);
        ov_strbuf_puts(out, " and ");
        ov_put_number(out, ci->n);
        ov_strbuf_puts(out, " − ");
        ov_put_number(out, ci->x);
        ov_strbuf_puts(out, " + 1 = ");
        ov_put_number(out, ci->n - ci->x + 1);
        ov_strbuf_puts(out, ": ");
        put_approx(out, ci->p_lo);
        ov_strbuf_puts(out, "\n");
    }
    if (ci->x == ci->n) {
        ov_strbuf_puts(out, "  all of the ");
        ov_put_number(out, ci->n);
        ov_strbuf_puts(out, ", so the upper end is 1 (100%) exactly\n");
        return;
    }
    ov_strbuf_puts(out, "  upper: the proportion at which ");
    ov_put_number(out, ci->x);
    ov_strbuf_puts(out, " or fewer of ");
    ov_put_number(out, ci->n);
    ov_strbuf_puts(out, " would happen only ");
    put_prob(out, 100 * a / 2);
    ov_strbuf_puts(out, "% of the time:\n    the ");
    put_prob(out, 1 - a / 2);
    ov_strbuf_puts(out, " quantile of the beta distribution with parameters\n    ");
    ov_put_number(out, ci->x);
    ov_strbuf_puts(out, " + 1 = ");
    ov_put_number(out, ci->x + 1);
    ov_strbuf_puts(out, " and ");
    ov_put_number(out, ci->n);
    ov_strbuf_puts(out, " − ");
    ov_put_number(out, ci->x);
    ov_strbuf_puts(out, " = ");
    ov_put_number(out, ci->n - ci->x);
    ov_strbuf_puts(out, ": ");
    put_approx(out, ci->p_hi);
    ov_strbuf_puts(out, "\n");
}

static void
explain_poisson_exact(ov_strbuf *out, const struct ov_ci *ci)
{
    double a = 1 - ci->level;

    if (ci->x == 0) {
        ov_strbuf_puts(out, "  no events, so the lower count is 0 exactly\n");
    } else {
        ov_strbuf_puts(out, "  lower count: the ");
        put_prob(out, a / 2);
        ov_strbuf_puts(out, " quantile of chi-square with 2 × ");
        ov_put_number(out, ci->x);
        ov_strbuf_puts(out, " = ");
        ov_put_number(out, 2 * ci->x);
        ov_strbuf_puts(out, " degrees\n    of freedom, halved: ");
        put_approx(out, 2 * ci->p_lo);
        ov_strbuf_puts(out, " ÷ 2 = ");
        put_approx(out, ci->p_lo);
        ov_strbuf_puts(out, "\n");
    }
    ov_strbuf_puts(out, "  upper count: the ");
    put_prob(out, 1 - a / 2);
    ov_strbuf_puts(out, " quantile of chi-square with 2 × ");
    ov_put_number(out, ci->x);
    ov_strbuf_puts(out, " + 2 = ");
    ov_put_number(out, 2 * ci->x + 2);
    ov_strbuf_puts(out, " degrees\n    of freedom, halved: ");
    put_approx(out, 2 * ci->p_hi);
    ov_strbuf_puts(out, " ÷ 2 = ");
    put_approx(out, ci->p_hi);
    ov_strbuf_puts(out, "\n");
}

static void
explain_byar(ov_strbuf *out, const struct ov_ci *ci)
{
    ov_strbuf_puts(out, "  O = ");
    ov_put_number(out, ci->x);
    ov_strbuf_puts(out, ci->x == 1 ? " event; z, the normal quantile for "
                                   : " events; z, the normal quantile for ");
    put_prob(out, 1 - (1 - ci->level) / 2);
    ov_strbuf_puts(out, " = ");
    put_approx(out, ci->z);
    if (ci->x == 0)
        ov_strbuf_puts(out, "\n  no events, so the lower count is 0 exactly");
    else {
        ov_strbuf_puts(
            out, "\n  lower count = O × (1 − 1 ÷ (9 × O) − z ÷ (3 × √O))³\n    = ");
        put_approx(out, ci->p_lo);
        if (ci->p_lo == 0)
            ov_strbuf_puts(out, "\n    (the bracket is below 0 here: the approximation "
                                "fails, and a count cannot be below 0)");
    }
    ov_strbuf_puts(out, "\n  upper count = (O + 1) × (1 − 1 ÷ (9 × (O + 1)) + z ÷ (3 × "
                        "√(O + 1)))³\n    = ");
    put_approx(out, ci->p_hi);
    ov_strbuf_puts(out, "\n");
}

/* why this method: asked for, or the default and the reason for it */
static void
explain_why(ov_strbuf *out, const struct ov_figure *f, const struct ov_ci *ci,
            const char *lv)
{
    static const char *const name[] = {"", "Wilson score", "exact (Clopper-Pearson)",
                                       "Byar's approximation"};
    const char *nm = f->kind == OV_FIG_RATE && ci->method == OV_CI_EXACT
                         ? "exact Poisson"
                         : name[ci->method];

    ov_strbuf_printf(out, "%s confidence interval, %s method\n", lv, nm);
    if (!ci->by_default) {
        ov_strbuf_puts(out, "  why this method: it was asked for (method = \"");
        ov_strbuf_puts(out, ov_ci_method_name(ci->method));
        ov_strbuf_puts(out, "\")\n");
    } else if (ci->method == OV_CI_WILSON) {
        ov_strbuf_puts(out, "  why this method: the default for a percentage; it stays "
                            "between 0% and 100% and\n  keeps close to the level asked "
                            "for even with small counts (PHE/OHID technical guide)\n");
    } else if (ci->method == OV_CI_EXACT) {
        ov_strbuf_printf(out,
                         "  why this method: the default for a rate of fewer than %d "
                         "events, too few\n  for an approximation (PHE/OHID technical "
                         "guide)\n",
                         OV_CI_BYAR_FROM);
    } else {
        ov_strbuf_printf(out,
                         "  why this method: the default for a rate of %d events or "
                         "more; it is very close\n  to the exact interval there "
                         "(PHE/OHID technical guide)\n",
                         OV_CI_BYAR_FROM);
    }
}

/* "0.1% to 0.4%", "0.8 to 3.8 per 1,000": the ends rounded as the figure */
static void
explain_ends(ov_strbuf *out, const struct ov_figure *f, const struct ov_ci *ci)
{
    struct ov_figure lo = *f, hi = *f;
    char a[96], b[96];

    lo.exact = hi.exact = false;
    lo.value = ci->lo;
    hi.value = ci->hi;
    if (f->kind == OV_FIG_PCT) {
        ov_strbuf_puts(out, "  × 100: ");
        put_approx(out, ci->lo);
        ov_strbuf_puts(out, "% to ");
        put_approx(out, ci->hi);
        ov_strbuf_puts(out, "%\n");
        ov_figure_text(a, &lo);
    } else {
        ov_strbuf_puts(out, "  as rates, each count ÷ ");
        ov_put_number(out, f->b);
        ov_strbuf_puts(out, " × ");
        ov_put_number(out, f->per);
        ov_strbuf_puts(out, ": ");
        put_approx(out, ci->lo);
        ov_strbuf_puts(out, " to ");
        put_approx(out, ci->hi);
        ov_strbuf_puts(out, "\n");
        ov_figure_digits(a, &lo, f->places, OV_ROUND_HALF_AWAY);
    }
    ov_figure_text(b, &hi);
    ov_strbuf_printf(
        out, "  to %d decimal place%s, rounding half away from zero: %s to %s\n",
        f->places, f->places == 1 ? "" : "s", a, b);
}

void
ov_ci_explain(ov_strbuf *out, const struct ov_figure *f, const struct ov_ci *ci)
{
    char lv[32];

    ov_ci_level_text(lv, ci->level);
    explain_why(out, f, ci, lv);
    if (f->kind == OV_FIG_PCT) {
        if (ci->method == OV_CI_WILSON)
            explain_wilson(out, ci);
        else
            explain_clopper(out, ci);
    } else {
        ov_strbuf_puts(out, "  the ");
        ov_put_number(out, ci->x);
        ov_strbuf_puts(out, ci->x == 1
                                ? " event is a count; the interval is worked out "
                                  "for the count, then made a rate\n"
                                : " events are a count; the interval is worked "
                                  "out for the count, then made a rate\n");
        if (ci->method == OV_CI_BYAR)
            explain_byar(out, ci);
        else
            explain_poisson_exact(out, ci);
    }
    explain_ends(out, f, ci);
}

ov_status
ov_figure_ci(const struct ov_figure *f, double level, double *lo, double *hi,
             struct ov_err *err)
{
    struct ov_ci ci;
    ov_status st = ov_ci_figure(f, level, OV_CI_DEFAULT, &ci, err);

    *lo = st == OV_OK ? ci.lo : 0;
    *hi = st == OV_OK ? ci.hi : 0;
    return st;
}
