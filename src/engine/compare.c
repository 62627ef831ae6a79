/*
 * compare.c - tests for fair comparison: Pearson's chi-square with expected
 * counts and standardised residuals, Fisher's exact test on a 2x2 table,
 * and funnel-plot limits (Spiegelhalter 2005). The special functions are
 * GNU GSL's, never hand-rolled; nothing here knows Lua or the terminal.
 */
#include "config.h"

#include "compare.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "ov_mem.h"
#include "query.h"

/* GSL's default error handler aborts; we check every result instead */
static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void
gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

static bool
is_count(double x)
{
    return isfinite(x) && x >= 0 && x == floor(x) && x <= 4294967295.0;
}

/* ---- chi-square ---- */

void
ov_chisq_free(struct ov_chisq *r)
{
    if (r == NULL)
        return;
    ov_free(r->keep_row);
    ov_free(r->keep_col);
    ov_free(r->expected);
    ov_free(r->residuals);
    memset(r, 0, sizeof *r);
}

ov_status
ov_chisq_counts(const double *counts, size_t nr, size_t nc, struct ov_chisq *r,
                struct ov_err *err)
{
    double *rs = NULL, *cs = NULL;
    size_t i, j, x, y;
    ov_status st = OV_OK;

    pthread_once(&gsl_once, gsl_quiet);
    memset(r, 0, sizeof *r);
    for (i = 0; i < nr * nc; i++)
        if (!is_count(counts[i]))
            return ov_err_set(err, OV_EINVAL,
                              "cell (row %zu, column %zu) holds %g: a chi-square test "
                              "needs counts (whole numbers, 0 or more)",
                              i / nc + 1, i % nc + 1, counts[i]);
    rs = ov_calloc(nr ? nr : 1, sizeof *rs);
    cs = ov_calloc(nc ? nc : 1, sizeof *cs);
    r->keep_row = ov_calloc(nr ? nr : 1, sizeof *r->keep_row);
    r->keep_col = ov_calloc(nc ? nc : 1, sizeof *r->keep_col);
    if (rs == NULL || cs == NULL || r->keep_row == NULL || r->keep_col == NULL) {
        st = ov_err_nomem(err, "computing a chi-square test");
        goto fail;
    }
    for (i = 0; i < nr; i++)
        for (j = 0; j < nc; j++) {
            rs[i] += counts[i * nc + j];
            cs[j] += counts[i * nc + j];
            r->n += counts[i * nc + j];
        }
    /* a row or column with no counts has no expected counts: R gives NaN;
     * we leave it out and say so */
    for (i = 0; i < nr; i++) {
        r->keep_row[i] = rs[i] > 0;
        r->nr += r->keep_row[i];
    }
    for (j = 0; j < nc; j++) {
        r->keep_col[j] = cs[j] > 0;
        r->nc += r->keep_col[j];
    }
    r->dropped_rows = nr - r->nr;
    r->dropped_cols = nc - r->nc;
    if (r->nr < 2 || r->nc < 2) {
        st = ov_err_set(err, OV_EINVAL,
                        "a chi-square test needs at least 2 rows and 2 columns with "
                        "counts; this table has %zu and %zu (of %zu and %zu)",
                        r->nr, r->nc, nr, nc);
        goto fail;
    }
    r->expected = ov_malloc(r->nr * r->nc * sizeof *r->expected);
    r->residuals = ov_malloc(r->nr * r->nc * sizeof *r->residuals);
    if (r->expected == NULL || r->residuals == NULL) {
        st = ov_err_nomem(err, "computing a chi-square test");
        goto fail;
    }
    x = 0;
    for (i = 0; i < nr; i++) {
        if (!r->keep_row[i])
            continue;
        y = 0;
        for (j = 0; j < nc; j++) {
            double o = counts[i * nc + j], e;

            if (!r->keep_col[j])
                continue;
            e = rs[i] * cs[j] / r->n;
            r->expected[x * r->nc + y] = e;
            /* as R's chisq.test()$stdres */
            r->residuals[x * r->nc + y] =
                (o - e) / sqrt(e * (1 - rs[i] / r->n) * (1 - cs[j] / r->n));
            r->statistic += (o - e) * (o - e) / e;
            if (e < 5)
                r->small_expected++;
            y++;
        }
        x++;
    }
    r->df = (int)((r->nr - 1) * (r->nc - 1));
    r->p = gsl_cdf_chisq_Q(r->statistic, r->df);
    if (r->nr == 2 && r->nc == 2) {
        double c4[4];
        size_t k = 0;

        for (i = 0; i < nr; i++)
            for (j = 0; j < nc; j++)
                if (r->keep_row[i] && r->keep_col[j])
                    c4[k++] = counts[i * nc + j];
        if ((st = ov_fisher_2x2(c4[0], c4[1], c4[2], c4[3], &r->fisher_p, err)) !=
            OV_OK)
            goto fail;
        r->has_fisher = true;
    }
    ov_free(rs);
    ov_free(cs);
    return OV_OK;
fail:
    ov_free(rs);
    ov_free(cs);
    ov_chisq_free(r);
    return st;
}

ov_status
ov_fisher_2x2(double a, double b, double c, double d, double *p, struct ov_err *err)
{
    /* x = a is hypergeometric: m = a + b "white", n = c + d "black", k = a + c
     * drawn. The probabilities relative to the mode come from the ratio
     * d(x+1)/d(x) = (m - x)(k - x) / ((x + 1)(n - k + x + 1)): no large
     * logarithms cancel, so the sums keep full precision at any size. Terms
     * fall on both sides of the mode; under 1e-300 of the mode's they add
     * nothing to the total (at least 1), and near the smallest doubles a
     * product can round back to itself, so the sums stop there: billions in
     * a cell take milliseconds, not minutes. */
    double m = a + b, n = c + d, k = a + c, lo, hi, mode, x, t, total, obs, sum;
    const double rel = 1 + 1e-7; /* R's relErr */

    if (!is_count(a) || !is_count(b) || !is_count(c) || !is_count(d))
        return ov_err_set(err, OV_EINVAL,
                          "Fisher's exact test needs counts (whole numbers, 0 or "
                          "more), not %g %g / %g %g",
                          a, b, c, d);
    lo = k - n > 0 ? k - n : 0;
    hi = k < m ? k : m;
    mode = floor((k + 1) * (m + 1) / (m + n + 2));
    if (mode < lo)
        mode = lo;
    if (mode > hi)
        mode = hi;
    /* first pass: the total and the observed table's weight */
    total = 1;
    obs = a == mode ? 1 : 0;
    for (t = 1, x = mode; x < hi; x++) {
        t *= (m - x) * (k - x) / ((x + 1) * (n - k + x + 1));
        if (t < 1e-300)
            break; /* past the mode terms only fall: the rest are nothing */
        total += t;
        if (x + 1 == a)
            obs = t;
    }
    for (t = 1, x = mode; x > lo; x--) {
        t *= x * (n - k + x) / ((m - x + 1) * (k - x + 1));
        if (t < 1e-300)
            break;
        total += t;
        if (x - 1 == a)
            obs = t;
    }
    /* second pass: the tables no more likely than the observed one */
    sum = 1 <= obs * rel ? 1 : 0;
    for (t = 1, x = mode; x < hi; x++) {
        t *= (m - x) * (k - x) / ((x + 1) * (n - k + x + 1));
        if (t < 1e-300)
            break; /* past the mode terms only fall: the rest are nothing */
        if (t <= obs * rel)
            sum += t;
    }
    for (t = 1, x = mode; x > lo; x--) {
        t *= x * (n - k + x) / ((m - x + 1) * (k - x + 1));
        if (t < 1e-300)
            break;
        if (t <= obs * rel)
            sum += t;
    }
    *p = sum / total;
    if (*p > 1)
        *p = 1;
    return OV_OK;
}

/* ---- chi-square of a crosstab ---- */

/* a copy of crosstab row labels 0..na-1 (column 0) as a view */
static ov_status
add_labels(ov_table *out, const ov_table *ct, const bool *keep, size_t na,
           struct ov_err *err)
{
    ov_rowidx *idx = NULL;
    const ov_rowidx *base = ov_table_colidx(ct, 0);
    size_t i, k = 0;
    ov_status st;
    uint32_t *sel = ov_malloc((na ? na : 1) * sizeof *sel);

    if (sel == NULL)
        return ov_err_nomem(err, "computing a chi-square test");
    for (i = 0; i < na; i++)
        if (keep[i])
            sel[k++] = (uint32_t)i;
    idx = ov_rowidx_compose(base, sel, k, err);
    ov_free(sel);
    if (idx == NULL)
        return err->status;
    st = ov_table_add_view(out, ov_table_colname(ct, 0), ov_table_col(ct, 0), idx, err);
    ov_rowidx_unref(idx);
    return st;
}

/* a table of r's nr x nc figures vals, labelled as the crosstab */
static ov_table *
figure_table(const ov_table *ct, const struct ov_chisq *r, const double *vals,
             size_t na, size_t nb, struct ov_err *err)
{
    ov_table *out = ov_table_new(r->nr, err);
    size_t y, x, k = 0;

    if (out == NULL)
        return NULL;
    if (add_labels(out, ct, r->keep_row, na, err) != OV_OK)
        goto fail;
    for (y = 0; y < nb; y++) {
        ov_column *c;
        ov_status st;

        if (!r->keep_col[y])
            continue;
        c = ov_column_new(OV_FLOAT, r->nr, NULL, 0, err);
        if (c == NULL)
            goto fail;
        for (x = 0; x < r->nr; x++)
            c->data.f64[x] = vals[x * r->nc + k];
        st = ov_table_add_column(out, ov_table_colname(ct, y + 1), c, err);
        ov_column_unref(c);
        if (st != OV_OK)
            goto fail;
        k++;
    }
    return out;
fail:
    ov_table_free(out);
    return NULL;
}

ov_status
ov_compare_chisq_crosstab(const ov_table *ct, struct ov_chisq *r, ov_table **expected,
                          ov_table **residuals, struct ov_err *err)
{
    size_t nrows = ov_table_nrows(ct), ncols = ov_table_ncols(ct), na, nb, x, y;
    struct ov_view lv;
    double *counts;
    ov_status st;
    size_t len = 0;
    const char *last = "";

    *expected = *residuals = NULL;
    memset(r, 0, sizeof *r);
    if (ncols >= 3 && nrows >= 2) {
        lv = ov_table_colview(ct, 0);
        if (lv.col->type == OV_STRING && !ov_view_missing(&lv, nrows - 1))
            last = ov_column_str(lv.col, ov_view_row(&lv, nrows - 1), &len);
    }
    if (ncols < 3 || nrows < 2 ||
        strcmp(ov_table_colname(ct, ncols - 1), "Total") != 0 || len != 5 ||
        memcmp(last, "Total", 5) != 0)
        return ov_err_set(
            err, OV_EINVAL,
            "this table is not a crosstab of counts (labels, counts, a "
            "Total column and a Total row): give two columns, as in "
            "t:chisq(\"force\", \"outcome\"), or a t:crosstab(a, b) result");
    na = nrows - 1;
    nb = ncols - 2;
    counts = ov_malloc(na * nb * sizeof *counts);
    if (counts == NULL)
        return ov_err_nomem(err, "computing a chi-square test");
    for (y = 0; y < nb; y++) {
        struct ov_view v = ov_table_colview(ct, y + 1);

        if (v.col->type != OV_INT) {
            ov_free(counts);
            return ov_err_set(
                err, OV_ETYPE, "column '%s' of the crosstab %s: chisq needs counts%s",
                ov_table_colname(ct, y + 1),
                v.col->num != NULL ? "holds percentages" : "is not a count",
                v.col->num != NULL ? " (a crosstab without pct)" : "");
        }
        for (x = 0; x < na; x++) {
            if (ov_view_missing(&v, x)) {
                ov_free(counts);
                return ov_err_set(
                    err, OV_EINVAL,
                    "column '%s' of the crosstab has no value in row %zu: "
                    "chisq needs a count in every cell",
                    ov_table_colname(ct, y + 1), x + 1);
            }
            counts[x * nb + y] = (double)v.col->data.i64[ov_view_row(&v, x)];
        }
    }
    st = ov_chisq_counts(counts, na, nb, r, err);
    ov_free(counts);
    if (st != OV_OK)
        return st;
    *expected = figure_table(ct, r, r->expected, na, nb, err);
    *residuals =
        *expected != NULL ? figure_table(ct, r, r->residuals, na, nb, err) : NULL;
    if (*residuals == NULL) {
        ov_table_free(*expected);
        *expected = NULL;
        ov_chisq_free(r);
        return err->status;
    }
    return OV_OK;
}

ov_status
ov_compare_chisq(const ov_table *t, const char *row, const char *col,
                 struct ov_chisq *r, ov_table **expected, ov_table **residuals,
                 size_t *dropped, struct ov_err *err)
{
    int a, b;
    size_t n = ov_table_nrows(t), i, k = 0;
    uint32_t *sel;
    struct ov_view va, vb;
    ov_table *kept = NULL, *ct = NULL;
    ov_status st;

    *expected = *residuals = NULL;
    *dropped = 0;
    memset(r, 0, sizeof *r);
    if ((st = ov_query_column(t, row, &a, err)) != OV_OK ||
        (st = ov_query_column(t, col, &b, err)) != OV_OK)
        return st;
    va = ov_table_colview(t, (size_t)a);
    vb = ov_table_colview(t, (size_t)b);
    sel = ov_malloc((n ? n : 1) * sizeof *sel);
    if (sel == NULL)
        return ov_err_nomem(err, "computing a chi-square test");
    for (i = 0; i < n; i++) {
        if (ov_view_missing(&va, i) || ov_view_missing(&vb, i))
            continue;
        sel[k++] = (uint32_t)i;
    }
    *dropped = n - k;
    kept = ov_table_take(t, sel, k, err);
    ov_free(sel);
    if (kept == NULL)
        return err->status;
    st = ov_query_crosstab(kept, row, col, OV_CROSS_COUNT, &ct, err);
    ov_table_free(kept);
    if (st != OV_OK)
        return st;
    st = ov_compare_chisq_crosstab(ct, r, expected, residuals, err);
    ov_table_free(ct);
    return st;
}

/* ---- funnel plots ---- */

double
ov_funnel_exact_limit(double n, double p0, double prob)
{
    unsigned un = (unsigned)n, lo = 0, hi = un, r;
    double fr, frm1, a, lim;

    pthread_once(&gsl_once, gsl_quiet);
    /* r: the smallest count whose cumulative probability reaches prob */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;

        if (gsl_cdf_binomial_P(mid, p0, un) >= prob)
            hi = mid;
        else
            lo = mid + 1;
    }
    r = lo;
    fr = gsl_cdf_binomial_P(r, p0, un);
    frm1 = r > 0 ? gsl_cdf_binomial_P(r - 1, p0, un) : 0;
    a = (fr - prob) / (fr - frm1);
    lim = (r - a) / n;
    return lim < 0 ? 0 : lim > 1 ? 1 : lim;
}

ov_status
ov_funnel_units(const double *part, const double *whole, size_t n, double target,
                const double level[2], struct ov_funnel_unit *out,
                struct ov_funnel_summary *sum, struct ov_err *err)
{
    double sp = 0, sw = 0, za[2], zz = 0;
    size_t i, l;

    pthread_once(&gsl_once, gsl_quiet);
    memset(sum, 0, sizeof *sum);
    if (n == 0)
        return ov_err_set(err, OV_EINVAL, "a funnel needs at least one unit");
    for (l = 0; l < 2; l++)
        if (!(level[l] > 0 && level[l] < 1))
            return ov_err_set(err, OV_EINVAL,
                              "a level must be between 0 and 1 (0.95, 0.998), not %g",
                              level[l]);
    for (i = 0; i < n; i++) {
        if (!is_count(part[i]) || !is_count(whole[i]))
            return ov_err_set(err, OV_EINVAL,
                              "unit %zu: %g of %g: part and whole must be counts "
                              "(whole numbers, 0 or more)",
                              i, part[i], whole[i]);
        if (whole[i] == 0)
            return ov_err_set(err, OV_EINVAL,
                              "unit %zu: the whole is 0: a funnel needs a denominator "
                              "of 1 or more",
                              i);
        if (part[i] > whole[i])
            return ov_err_set(err, OV_EINVAL,
                              "unit %zu: the part (%g) is more than the whole (%g)", i,
                              part[i], whole[i]);
        sp += part[i];
        sw += whole[i];
    }
    if (isnan(target))
        target = sp / sw;
    if (!(target > 0 && target < 1))
        return ov_err_set(
            err, OV_EINVAL,
            "the target is %g%%: a funnel needs a target strictly between "
            "0%% and 100%% (at 0 or 100 there is no spread to compare)",
            100 * target);
    sum->target = target;
    sum->n_units = n;
    for (l = 0; l < 2; l++)
        za[l] = gsl_cdf_ugaussian_Qinv((1 - level[l]) / 2);
    for (i = 0; i < n; i++) {
        struct ov_funnel_unit *u = &out[i];
        double se = sqrt(target * (1 - target) / whole[i]);

        u->value = part[i] / whole[i];
        u->target = target;
        u->z = (u->value - target) / se;
        u->exact = whole[i] * target < 5 || whole[i] * (1 - target) < 5;
        zz += u->z * u->z;
        for (l = 0; l < 2; l++) {
            double tail = (1 - level[l]) / 2;

            if (u->exact) {
                u->lo[l] = ov_funnel_exact_limit(whole[i], target, tail);
                u->hi[l] = ov_funnel_exact_limit(whole[i], target, 1 - tail);
            } else {
                u->lo[l] = fmax(0, target - za[l] * se);
                u->hi[l] = fmin(1, target + za[l] * se);
            }
            u->flag[l] = u->value < u->lo[l] ? -1 : u->value > u->hi[l] ? 1 : 0;
            if (u->flag[l] != 0)
                sum->outside[l]++;
        }
    }
    sum->phi = zz / (double)n;
    for (l = 0; l < 2; l++) {
        if (sum->phi <= 1) {
            sum->outside_adj[l] = sum->outside[l];
            continue;
        }
        /* Spiegelhalter's multiplicative adjustment: target +- z_a sqrt(phi)
         * sqrt(target (1 - target) / n), i.e. |z| > z_a sqrt(phi) */
        for (i = 0; i < n; i++)
            if (fabs(out[i].z) > za[l] * sqrt(sum->phi))
                sum->outside_adj[l]++;
    }
    return OV_OK;
}

const char *
ov_funnel_level_name(char *buf, double level)
{
    char tmp[32], *s, *d;

    snprintf(tmp, sizeof tmp, "%.10g", level * 100);
    for (s = tmp, d = buf; *s != '\0' && d < buf + 15; s++)
        if (*s != '.')
            *d++ = *s;
    *d = '\0';
    return buf;
}

/* the numbers of column `name` of t into v, each a count (name, row) */
static ov_status
read_counts(const ov_table *t, const char *name, double *v, struct ov_err *err)
{
    int j;
    size_t i, n = ov_table_nrows(t);
    struct ov_view cv;
    ov_status st;

    if ((st = ov_query_column(t, name, &j, err)) != OV_OK)
        return st;
    cv = ov_table_colview(t, (size_t)j);
    if (cv.col->type != OV_INT && cv.col->type != OV_FLOAT)
        return ov_err_set(err, OV_ETYPE,
                          "column '%s' is %s: a funnel needs counts (numbers)", name,
                          ov_type_name(cv.col->type));
    for (i = 0; i < n; i++) {
        size_t r = ov_view_row(&cv, i);

        if (ov_view_missing(&cv, i))
            return ov_err_set(
                err, OV_EINVAL,
                "column '%s', row %zu: no value; a funnel needs a count in "
                "every row (leave the row out with t:where(...))",
                name, i + 1);
        v[i] =
            cv.col->type == OV_INT ? (double)cv.col->data.i64[r] : cv.col->data.f64[r];
        if (!is_count(v[i]))
            return ov_err_set(
                err, OV_EINVAL,
                "column '%s', row %zu: %g is not a count (a whole number, 0 "
                "or more)",
                name, i + 1, v[i]);
    }
    return OV_OK;
}

/* adds a shared view of t's column `name` to out as `as` */
static ov_status
add_shared(ov_table *out, const ov_table *t, const char *name, const char *as,
           struct ov_err *err)
{
    int j;
    ov_status st;

    if ((st = ov_query_column(t, name, &j, err)) != OV_OK)
        return st;
    return ov_table_add_view(out, as, ov_table_col(t, (size_t)j),
                             ov_table_colidx(t, (size_t)j), err);
}

/* a float column of n rows: f(u) for each unit (which: 0 value, 1 z,
 * 2 lo, 3 hi at level l, 4 the target), in percent but z */
static ov_status
add_figures(ov_table *out, const char *name, const struct ov_funnel_unit *u, size_t n,
            int which, int l, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_FLOAT, n, NULL, 0, err);
    size_t i;
    ov_status st;

    if (c == NULL)
        return err->status;
    for (i = 0; i < n; i++)
        c->data.f64[i] = which == 0   ? 100 * u[i].value
                         : which == 1 ? u[i].z
                         : which == 2 ? 100 * u[i].lo[l]
                         : which == 3 ? 100 * u[i].hi[l]
                                      : 100 * u[i].target;
    st = ov_table_add_column(out, name, c, err);
    ov_column_unref(c);
    return st;
}

/* a string column of n rows from texts[code(i)] */
static ov_status
add_texts(ov_table *out, const char *name, const char *const *texts, size_t ntexts,
          const struct ov_funnel_unit *u, size_t n, int l, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_STRING, n, NULL, (uint32_t)ntexts, err);
    uint32_t codes[3];
    size_t i;
    ov_status st;

    if (c == NULL)
        return err->status;
    for (i = 0; i < ntexts; i++)
        if (ov_dict_intern(c->dict, texts[i], strlen(texts[i]), &codes[i], NULL) !=
            OV_OK) {
            ov_column_unref(c);
            return ov_err_nomem(err, "making a funnel");
        }
    for (i = 0; i < n; i++)
        ov_column_set_code(c, i,
                           codes[l < 0 ? (u[i].exact ? 1 : 0) : u[i].flag[l] + 1]);
    st = ov_table_add_column(out, name, c, err);
    ov_column_unref(c);
    return st;
}

ov_status
ov_compare_funnel(const ov_table *t, const char *part, const char *whole,
                  const char *label, double target, const double level[2],
                  ov_table **out, struct ov_funnel_summary *sum, struct ov_err *err)
{
    static const char *const flags[] = {"below", "within", "above"};
    static const char *const methods[] = {"normal", "exact"};
    size_t n = ov_table_nrows(t), i;
    double *pv = NULL, *wv = NULL;
    struct ov_funnel_unit *u = NULL;
    ov_table *r = NULL;
    ov_status st;
    int l, j;
    char nm[2][16], col[24];

    *out = NULL;
    memset(sum, 0, sizeof *sum);
    if ((st = ov_query_column(t, label, &j, err)) != OV_OK)
        return st;
    pv = ov_malloc((n ? n : 1) * sizeof *pv);
    wv = ov_malloc((n ? n : 1) * sizeof *wv);
    u = ov_calloc(n ? n : 1, sizeof *u);
    if (pv == NULL || wv == NULL || u == NULL) {
        st = ov_err_nomem(err, "making a funnel");
        goto done;
    }
    if ((st = read_counts(t, part, pv, err)) != OV_OK ||
        (st = read_counts(t, whole, wv, err)) != OV_OK)
        goto done;
    for (i = 0; i < n; i++) {
        if (wv[i] == 0) {
            st = ov_err_set(err, OV_EINVAL,
                            "column '%s', row %zu: the whole is 0; a funnel needs a "
                            "denominator of 1 or more",
                            whole, i + 1);
            goto done;
        }
        if (pv[i] > wv[i]) {
            st = ov_err_set(err, OV_EINVAL,
                            "row %zu: '%s' (%g) is more than '%s' (%g); the part must "
                            "be at most the whole",
                            i + 1, part, pv[i], whole, wv[i]);
            goto done;
        }
    }
    if ((st = ov_funnel_units(pv, wv, n, isnan(target) ? target : target / 100, level,
                              u, sum, err)) != OV_OK)
        goto done;
    if ((r = ov_table_new(n, err)) == NULL) {
        st = err->status;
        goto done;
    }
    if ((st = add_shared(r, t, label, "label", err)) != OV_OK ||
        (st = add_shared(r, t, part, "part", err)) != OV_OK ||
        (st = add_shared(r, t, whole, "whole", err)) != OV_OK)
        goto done;
    /* plain numbers in percent: a funnel's small percentages need more
     * than the one decimal a percentage column prints */
    if ((st = add_figures(r, "value", u, n, 0, 0, err)) != OV_OK ||
        (st = add_figures(r, "target", u, n, 4, 0, err)) != OV_OK)
        goto done;
    for (l = 0; l < 2; l++)
        ov_funnel_level_name(nm[l], level[l]);
    for (l = 0; l < 2; l++) {
        snprintf(col, sizeof col, "lo%s", nm[l]);
        if ((st = add_figures(r, col, u, n, 2, l, err)) != OV_OK)
            goto done;
        snprintf(col, sizeof col, "hi%s", nm[l]);
        if ((st = add_figures(r, col, u, n, 3, l, err)) != OV_OK)
            goto done;
    }
    if ((st = add_figures(r, "z", u, n, 1, 0, err)) != OV_OK)
        goto done;
    for (l = 0; l < 2; l++) {
        snprintf(col, sizeof col, "flag%s", nm[l]);
        if ((st = add_texts(r, col, flags, 3, u, n, l, err)) != OV_OK)
            goto done;
    }
    if ((st = add_texts(r, "method", methods, 2, u, n, -1, err)) != OV_OK)
        goto done;
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        st = ov_err_nomem(err, "making a funnel");
        goto done;
    }
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    ov_free(pv);
    ov_free(wv);
    ov_free(u);
    return st;
}
