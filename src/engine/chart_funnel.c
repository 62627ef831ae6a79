/*
 * chart_funnel.c - the chart of a funnel() result: each unit a point at its
 * denominator, the target, and both pairs of control limits drawn as curves
 * over the denominator, computed by compare.c's own rules (ov_funnel_units)
 * so the curves and the flags agree. Part of libovcore.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "column.h"
#include "compare.h"
#include "ov_mem.h"
#include "value.h"

#define CURVE_POINTS 160

/* The two levels, from the columns loNN ("lo95" -> 0.95, "lo998" ->
 * 0.998), in the table's order. */
static ov_status
find_levels(const ov_table *t, double level[2], char names[2][16], struct ov_err *err)
{
    int k = 0;

    for (size_t j = 0; j < ov_table_ncols(t) && k < 2; j++) {
        const char *s = ov_table_colname(t, j);
        size_t d = strspn(s + 2, "0123456789");
        char buf[24];

        if (strncmp(s, "lo", 2) != 0 || d == 0 || d > 12 || s[2 + d] != '\0')
            continue;
        snprintf(buf, sizeof buf, "0.%s", s + 2);
        level[k] = strtod(buf, NULL);
        snprintf(names[k], 16, "%s", s + 2);
        k++;
    }
    if (k < 2)
        return ov_err_set(err, OV_EINVAL,
                          "a funnel chart draws the table funnel() returns (columns "
                          "label, whole, value, target, lo95, hi95, lo998, hi998, "
                          "flag95, flag998)");
    return OV_OK;
}

static ov_status
need(const ov_table *t, const char *name, int *j, struct ov_err *err)
{
    if ((*j = ov_table_find(t, name)) >= 0)
        return OV_OK;
    return ov_err_set(err, OV_EINVAL,
                      "no column \"%s\": a funnel chart draws the table funnel() "
                      "returns",
                      name);
}

static int
flag_of(const ov_table *t, int j, size_t i)
{
    char *s = ov_chart_cell_text(t, (size_t)j, i);
    int f = s == NULL                 ? 0
            : strcmp(s, "above") == 0 ? 1
            : strcmp(s, "below") == 0 ? -1
                                      : 0;

    ov_free(s);
    return f;
}

/* The limit curves at CURVE_POINTS denominators spaced evenly on a log
 * scale from wmin / 2 (at least 1) to the axis end. */
static ov_status
curves(ov_chart *c, double wmin, struct ov_err *err)
{
    struct ov_chart_funnel *f = &c->funnel;
    size_t m = CURVE_POINTS;
    double a = wmin / 2 < 1 ? 1 : floor(wmin / 2), b = f->xhi;
    double *part = ov_calloc(m, sizeof(double));
    struct ov_funnel_unit *u = ov_calloc(m, sizeof *u);
    struct ov_funnel_summary sum;
    ov_status st = OV_OK;

    f->ncurve = m;
    f->cx = ov_malloc(m * sizeof(double));
    for (int k = 0; k < 2; k++) {
        f->lo[k] = ov_malloc(m * sizeof(double));
        f->hi[k] = ov_malloc(m * sizeof(double));
        if (f->lo[k] == NULL || f->hi[k] == NULL)
            st = OV_ENOMEM;
    }
    if (st != OV_OK || part == NULL || u == NULL || f->cx == NULL) {
        ov_free(part);
        ov_free(u);
        return ov_err_nomem(err, "drawing a funnel");
    }
    for (size_t i = 0; i < m; i++)
        /* wholes must be whole numbers, as the units' are */
        f->cx[i] = round(a * pow(b / a, (double)i / (double)(m - 1)));
    st = ov_funnel_units(part, f->cx, m, f->target / 100, f->level, u, &sum, err);
    for (size_t i = 0; st == OV_OK && i < m; i++)
        for (int k = 0; k < 2; k++) {
            f->lo[k][i] = 100 * u[i].lo[k];
            f->hi[k][i] = 100 * u[i].hi[k];
        }
    ov_free(part);
    ov_free(u);
    return st;
}

ov_status
ov_chart_build_funnel(ov_chart *c, const ov_table *t, struct ov_err *err)
{
    struct ov_chart_funnel *f = &c->funnel;
    char names[2][16], col[40]; /* "flag" and a name of up to 15 */
    int lj, wj, vj, tj, fj[2];
    size_t n = ov_table_nrows(t);
    double wmin = INFINITY, wmax = 0, lo = INFINITY, hi = -INFINITY;
    ov_status st;

    if ((st = find_levels(t, f->level, names, err)) != OV_OK ||
        (st = need(t, "label", &lj, err)) != OV_OK ||
        (st = need(t, "whole", &wj, err)) != OV_OK ||
        (st = need(t, "value", &vj, err)) != OV_OK ||
        (st = need(t, "target", &tj, err)) != OV_OK)
        return st;
    for (int k = 0; k < 2; k++) {
        snprintf(col, sizeof col, "flag%s", names[k]);
        if ((st = need(t, col, &fj[k], err)) != OV_OK)
            return st;
    }
    c->n = n;
    c->nseries = 1;
    c->labels = ov_calloc(n, sizeof *c->labels);
    c->series = ov_calloc(1, sizeof *c->series);
    f->whole = ov_malloc(n * sizeof(double));
    f->flag = ov_calloc(n, sizeof(int));
    if (c->labels == NULL || c->series == NULL || f->whole == NULL || f->flag == NULL ||
        (c->series[0].v = ov_malloc(n * sizeof(double))) == NULL ||
        (c->series[0].name = ov_strdup("value")) == NULL)
        return ov_err_nomem(err, "drawing a funnel");
    for (size_t i = 0; i < n; i++) {
        int f0 = flag_of(t, fj[0], i), f1 = flag_of(t, fj[1], i);

        if ((c->labels[i] = ov_chart_cell_text(t, (size_t)lj, i)) == NULL)
            return ov_err_nomem(err, "drawing a funnel");
        f->whole[i] = ov_chart_cell(t, (size_t)wj, i);
        c->series[0].v[i] = ov_chart_cell(t, (size_t)vj, i);
        if (isnan(f->whole[i]) || isnan(c->series[0].v[i]))
            return ov_err_set(err, OV_EINVAL,
                              "row %zu (%s) has no whole or value: a funnel chart "
                              "draws the table funnel() returns",
                              i + 1, c->labels[i]);
        f->flag[i] = f1 != 0 ? 2 * f1 : f0;
        wmin = f->whole[i] < wmin ? f->whole[i] : wmin;
        wmax = f->whole[i] > wmax ? f->whole[i] : wmax;
        lo = c->series[0].v[i] < lo ? c->series[0].v[i] : lo;
        hi = c->series[0].v[i] > hi ? c->series[0].v[i] : hi;
    }
    f->target = ov_chart_cell(t, (size_t)tj, 0);
    if (isnan(f->target) || f->target <= 0 || f->target >= 100)
        return ov_err_set(err, OV_EINVAL,
                          "column \"target\" must hold a percentage between 0 and 100");
    f->xstep = ov_chart_nice(ov_chart_nice(wmax, false) / 5, true);
    f->xhi = ceil(wmax / f->xstep) * f->xstep;
    if ((st = curves(c, wmin, err)) != OV_OK)
        return st;
    /* the axis takes in the limits where there are units to compare */
    for (size_t i = 0; i < f->ncurve; i++)
        if (f->cx[i] >= wmin) {
            lo = f->lo[1][i] < lo ? f->lo[1][i] : lo;
            hi = f->hi[1][i] > hi ? f->hi[1][i] : hi;
        }
    c->percent = true;
    c->decimals = 1;
    c->grouped = true;
    ov_chart_set_axis(c, lo, hi, false);
    if (c->lo < 0)
        c->lo = 0;
    /* a value shows one decimal more than the axis ticks */
    for (double s = c->step; c->decimals < 6 && fabs(s - round(s)) > 1e-9; s *= 10)
        c->decimals++;
    if (c->xlabel == NULL)
        c->xlabel = ov_strdup(ov_table_colname(t, (size_t)wj));
    if (c->ylabel == NULL)
        c->ylabel = ov_strdup("value");
    return OV_OK;
}
