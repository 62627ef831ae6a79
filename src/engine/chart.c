/*
 * chart.c - the chart model: which columns are drawn, their values with
 * missing ones kept as NAN (a gap, never a zero), the value axis with
 * "nice" ticks, the caption from the table's provenance, and the funnel's
 * limit curves computed by compare.c. Drawing is in chart_layout.c,
 * chart_svg.c, chart_cairo.c and chart_text.c. Part of libovcore.
 */
#include "config.h"

#include "chart.h"
#include "chart_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "column.h"
#include "compare.h"
#include "ov_mem.h"
#include "value.h"
#include "suggest.h"

static const char *const kind_names[] = {"bar", "stacked", "grouped", "line", "funnel"};

int
ov_chart_kind_from_name(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(s, kind_names[i]) == 0)
            return i;
    return -1;
}

const char *
ov_chart_kind_name(enum ov_chart_kind k)
{
    return kind_names[k];
}

void
ov_chart_spec_init(struct ov_chart_spec *s, enum ov_chart_kind kind)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
}

void
ov_chart_free(ov_chart *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n && c->labels != NULL; i++)
        ov_free(c->labels[i]);
    ov_free(c->labels);
    for (size_t s = 0; s < c->nseries; s++) {
        ov_free(c->series[s].name);
        ov_free(c->series[s].v);
    }
    ov_free(c->series);
    ov_free(c->title);
    ov_free(c->xlabel);
    ov_free(c->ylabel);
    ov_free(c->caption);
    ov_free(c->note);
    ov_free(c->funnel.whole);
    ov_free(c->funnel.flag);
    ov_free(c->funnel.cx);
    for (int k = 0; k < 2; k++) {
        ov_free(c->funnel.lo[k]);
        ov_free(c->funnel.hi[k]);
    }
    ov_free(c);
}

/* ---- reading the table ---- */

static bool
numeric(const ov_column *col)
{
    return col->type == OV_INT || col->type == OV_FLOAT;
}

double
ov_chart_cell(const ov_table *t, size_t j, size_t i)
{
    struct ov_view v = ov_table_colview(t, j);
    size_t r = ov_view_row(&v, i);

    if (ov_view_missing(&v, i) || !numeric(v.col))
        return NAN;
    return v.col->type == OV_INT ? (double)v.col->data.i64[r] : v.col->data.f64[r];
}

char *
ov_chart_cell_text(const ov_table *t, size_t j, size_t i)
{
    struct ov_view v = ov_table_colview(t, j);
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;
    const char *s;

    if (ov_view_missing(&v, i))
        return ov_strdup(OV_MISSING_LABEL);
    s = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
    return ov_strndup(s, len);
}

static ov_status
find_col(const ov_table *t, const char *name, const char *what, int *j,
         struct ov_err *err)
{
    char hint[400];

    *j = ov_table_find(t, name);
    if (*j < 0)
        return ov_err_set(err, OV_ENOTFOUND, "no column \"%s\" for %s%s", name, what,
                          ov_suggest_column(name, ov_table_names(t), ov_table_ncols(t),
                                            hint, sizeof hint));
    return OV_OK;
}

static ov_status
check_numeric(const ov_table *t, int j, struct ov_err *err)
{
    const ov_column *col = ov_table_col(t, (size_t)j);

    if (!numeric(col))
        return ov_err_set(err, OV_ETYPE,
                          "column \"%s\" holds %s values: a chart needs numbers (int "
                          "or float)",
                          ov_table_colname(t, (size_t)j), ov_type_name(col->type));
    return OV_OK;
}

/* The y column asked for, else "n", else the first numeric column that is
 * not x. */
static ov_status
pick_y(const ov_table *t, const char *y, int xj, int *yj, struct ov_err *err)
{
    if (y != NULL) {
        ov_status st = find_col(t, y, "the values (y)", yj, err);
        return st != OV_OK ? st : check_numeric(t, *yj, err);
    }
    *yj = ov_table_find(t, "n");
    if (*yj >= 0 && *yj != xj && numeric(ov_table_col(t, (size_t)*yj)))
        return OV_OK;
    for (size_t j = 0; j < ov_table_ncols(t); j++)
        if ((int)j != xj && numeric(ov_table_col(t, j))) {
            *yj = (int)j;
            return OV_OK;
        }
    return ov_err_set(err, OV_ETYPE,
                      "no numeric column to draw: name one with y = \"column\"");
}

static void
note_style(ov_chart *c, const ov_column *col)
{
    c->percent = c->percent || (col->num != NULL && col->per == 0);
    c->grouped = true;
    if (col->type == OV_FLOAT)
        c->decimals = col->num != NULL ? 1 : (c->decimals > 2 ? c->decimals : 2);
}

static ov_status
alloc_categories(ov_chart *c, size_t n, size_t nseries, struct ov_err *err)
{
    c->n = n;
    c->labels = ov_calloc(n ? n : 1, sizeof *c->labels);
    c->nseries = nseries;
    c->series = ov_calloc(nseries ? nseries : 1, sizeof *c->series);
    if (c->labels == NULL || c->series == NULL)
        return ov_err_nomem(err, "drawing a chart");
    for (size_t s = 0; s < nseries; s++) {
        c->series[s].v = ov_malloc((n ? n : 1) * sizeof(double));
        if (c->series[s].v == NULL)
            return ov_err_nomem(err, "drawing a chart");
        for (size_t i = 0; i < n; i++)
            c->series[s].v[i] = NAN;
    }
    return OV_OK;
}

static bool
is_total(const char *s)
{
    return strcmp(s, "Total") == 0;
}

/* Rows kept: all but a crosstab's "Total" row, at most max. */
static size_t
keep_rows(ov_chart *c, const ov_table *t, int xj, size_t max, struct ov_err *err,
          ov_status *st)
{
    size_t n = ov_table_nrows(t);
    char *last = n > 0 ? ov_chart_cell_text(t, (size_t)xj, n - 1) : NULL;

    *st = OV_OK;
    if (last != NULL && strcmp(last, "Total") == 0 &&
        ov_table_col(t, (size_t)xj)->type == OV_STRING)
        n--;
    ov_free(last);
    if (n == 0) {
        *st = ov_err_set(err, OV_EINVAL, "the table has no rows to draw");
        return 0;
    }
    if (n > max) {
        char a[32], b[32];

        ov_value_format_int_grouped(a, (int64_t)max, ',');
        ov_value_format_int_grouped(b, (int64_t)n, ',');
        c->note = ov_malloc(128);
        if (c->note == NULL) {
            *st = ov_err_nomem(err, "drawing a chart");
            return 0;
        }
        snprintf(c->note, 128,
                 "showing the first %s of %s rows: sort or filter for the rest", a, b);
        n = max;
    }
    return n;
}

/* bar: one series, the y column, labelled by x. stacked and grouped: every
 * numeric column but x and "Total" is a series. */
static ov_status
build_bars(ov_chart *c, const ov_table *t, const struct ov_chart_spec *sp,
           struct ov_err *err)
{
    int xj = 0, yj = -1;
    size_t max = sp->max_bars ? sp->max_bars : OV_CHART_MAX_BARS;
    size_t n, ns = 0, cols[256];
    ov_status st;

    if (sp->x != NULL && (st = find_col(t, sp->x, "the labels (x)", &xj, err)) != OV_OK)
        return st;
    /* by default the labels are the first column that is not a number */
    for (size_t j = 0; sp->x == NULL && j < ov_table_ncols(t); j++)
        if (!numeric(ov_table_col(t, j))) {
            xj = (int)j;
            break;
        }
    if (sp->kind == OV_CHART_BAR) {
        if ((st = pick_y(t, sp->y, xj, &yj, err)) != OV_OK)
            return st;
        cols[ns++] = (size_t)yj;
    } else {
        for (size_t j = 0; j < ov_table_ncols(t) && ns < 256; j++)
            if ((int)j != xj && numeric(ov_table_col(t, j)) &&
                !is_total(ov_table_colname(t, j)))
                cols[ns++] = j;
        if (ns == 0)
            return ov_err_set(err, OV_ETYPE,
                              "no numeric columns to stack: a %s chart draws a "
                              "crosstab",
                              ov_chart_kind_name(sp->kind));
        if (ns > 12)
            return ov_err_set(err, OV_ERANGE,
                              "%zu series is more than a %s chart can show apart (12)",
                              ns, ov_chart_kind_name(sp->kind));
    }
    n = keep_rows(c, t, xj, max, err, &st);
    if (st != OV_OK)
        return st;
    if ((st = alloc_categories(c, n, ns, err)) != OV_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if ((c->labels[i] = ov_chart_cell_text(t, (size_t)xj, i)) == NULL)
            return ov_err_nomem(err, "drawing a chart");
    for (size_t s = 0; s < ns; s++) {
        const ov_column *col = ov_table_col(t, cols[s]);

        note_style(c, col);
        if ((c->series[s].name = ov_strdup(ov_table_colname(t, cols[s]))) == NULL)
            return ov_err_nomem(err, "drawing a chart");
        for (size_t i = 0; i < n; i++)
            c->series[s].v[i] = ov_chart_cell(t, cols[s], i);
    }
    if (c->xlabel == NULL)
        c->xlabel = ov_strdup(ov_table_colname(t, (size_t)xj));
    if (c->ylabel == NULL)
        c->ylabel = ov_strdup(ns == 1 ? c->series[0].name : "n");
    return OV_OK;
}

/* The index of the text s among the n texts of v, or n. */
static size_t
index_of(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return i;
    return n;
}

#define LINE_MAX_ROWS 10000
#define LINE_MAX_SERIES 12

static ov_status
add_text(char ***v, size_t *n, size_t max, const char *s, const char *what,
         struct ov_err *err)
{
    if (index_of(*v, *n, s) < *n)
        return OV_OK;
    if (*n == max)
        return ov_err_set(err, OV_ERANGE, "more than %zu %s: too many to draw apart",
                          max, what);
    if (((*v)[*n] = ov_strdup(s)) == NULL)
        return ov_err_nomem(err, "drawing a chart");
    (*n)++;
    return OV_OK;
}

/* line: x values in the table's order (sort it first), one series per
 * value of `by`. */
static ov_status
build_line(ov_chart *c, const ov_table *t, const struct ov_chart_spec *sp,
           struct ov_err *err)
{
    int xj = 0, yj, bj = -1;
    size_t n = ov_table_nrows(t), nx = 0, ns = 0;
    char **xs = NULL, *names[LINE_MAX_SERIES];
    ov_status st;

    if (sp->x != NULL && (st = find_col(t, sp->x, "the x axis", &xj, err)) != OV_OK)
        return st;
    if ((st = pick_y(t, sp->y, xj, &yj, err)) != OV_OK)
        return st;
    if (sp->by != NULL &&
        (st = find_col(t, sp->by, "the series (by)", &bj, err)) != OV_OK)
        return st;
    if (n == 0)
        return ov_err_set(err, OV_EINVAL, "the table has no rows to draw");
    if (n > LINE_MAX_ROWS)
        return ov_err_set(err, OV_ERANGE,
                          "%zu rows is more than a line chart draws (%d): count or "
                          "sum by the x column first (group_by)",
                          n, LINE_MAX_ROWS);
    if ((xs = ov_calloc(n, sizeof *xs)) == NULL)
        return ov_err_nomem(err, "drawing a chart");
    for (size_t i = 0; i < n && st == OV_OK; i++) {
        char *x = ov_chart_cell_text(t, (size_t)xj, i);
        char *b = bj >= 0 ? ov_chart_cell_text(t, (size_t)bj, i) : NULL;

        if (x == NULL || (bj >= 0 && b == NULL))
            st = ov_err_nomem(err, "drawing a chart");
        if (st == OV_OK)
            st = add_text(&xs, &nx, n, x, "x values", err);
        if (st == OV_OK && b != NULL) {
            char **np = names;
            st = add_text(&np, &ns, LINE_MAX_SERIES, b, "series", err);
        }
        ov_free(x);
        ov_free(b);
    }
    if (st == OV_OK)
        st = alloc_categories(c, nx, bj >= 0 ? ns : 1, err);
    if (st == OV_OK) {
        memcpy(c->labels, xs, nx * sizeof *xs);
        nx = 0;
        for (size_t s = 0; s < c->nseries; s++)
            c->series[s].name =
                bj >= 0 ? names[s] : ov_strdup(ov_table_colname(t, (size_t)yj));
        ns = 0;
        note_style(c, ov_table_col(t, (size_t)yj));
        for (size_t i = 0; i < n && st == OV_OK; i++) {
            char *x = ov_chart_cell_text(t, (size_t)xj, i);
            char *b = bj >= 0 ? ov_chart_cell_text(t, (size_t)bj, i) : NULL;
            size_t s = b != NULL ? index_of(names, c->nseries, b) : 0;

            if (x == NULL || (bj >= 0 && b == NULL))
                st = ov_err_nomem(err, "drawing a chart");
            else
                c->series[s].v[index_of(c->labels, c->n, x)] =
                    ov_chart_cell(t, (size_t)yj, i);
            ov_free(x);
            ov_free(b);
        }
    }
    for (size_t i = 0; i < nx; i++)
        ov_free(xs[i]);
    for (size_t i = 0; i < ns; i++)
        ov_free(names[i]);
    ov_free(xs);
    if (st == OV_OK && c->xlabel == NULL)
        c->xlabel = ov_strdup(ov_table_colname(t, (size_t)xj));
    if (st == OV_OK && c->ylabel == NULL)
        c->ylabel = ov_strdup(ov_table_colname(t, (size_t)yj));
    return st;
}

/* ---- the axis ---- */

/* A "nice" number near x (1, 2, 2.5, 5 times a power of ten): Heckbert's
 * Graphics Gems (1990) labelling. */
double
ov_chart_nice(double x, bool round_it)
{
    double e = floor(log10(x)), f = x / pow(10, e), nf;

    if (round_it)
        nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nf * pow(10, e);
}

void
ov_chart_set_axis(ov_chart *c, double lo, double hi, bool from_zero)
{
    double range;

    if (from_zero) {
        lo = lo < 0 ? lo : 0;
        hi = hi > 0 ? hi : 0;
    }
    if (!(hi > lo)) {
        hi = lo + 1;
    }
    range = ov_chart_nice(hi - lo, false);
    c->step = ov_chart_nice(range / 5, true);
    c->lo = floor(lo / c->step) * c->step;
    c->hi = ceil(hi / c->step) * c->step;
    if (c->percent && c->hi > 100 && hi <= 100 && c->lo >= 0)
        c->hi = 100;
}

static void
value_range(const ov_chart *c, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < c->n; i++) {
        double sum = 0;

        for (size_t s = 0; s < c->nseries; s++) {
            double v = c->series[s].v[i];

            if (isnan(v))
                continue;
            if (c->kind == OV_CHART_STACKED)
                v = sum += v;
            *lo = v < *lo ? v : *lo;
            *hi = v > *hi ? v : *hi;
        }
    }
    if (*lo > *hi)
        *lo = *hi = 0;
}

/* "Source: X. Period: Y." from the provenance facts, or NULL. A file's
 * source is said by its name: the folders it sits in on one machine mean
 * nothing on a slide (t:provenance() keeps the whole path). */
static char *
caption(const ov_table *t)
{
    const char *src = ov_table_fact(t, "source"), *per = ov_table_fact(t, "period");
    ov_strbuf b = OV_STRBUF_INIT;

    if (src != NULL && src[0] == '/' && strrchr(src, '/')[1] != '\0')
        src = strrchr(src, '/') + 1;
    if (src != NULL)
        ov_strbuf_printf(&b, "Source: %s", src);
    if (per != NULL)
        ov_strbuf_printf(&b, "%sPeriod: %s", b.len ? ". " : "", per);
    if (b.len == 0 || ov_strbuf_status(&b) != OV_OK) {
        ov_strbuf_free(&b);
        return NULL;
    }
    return ov_strbuf_take(&b);
}

ov_status
ov_chart_new(const ov_table *t, const struct ov_chart_spec *sp, ov_chart **out,
             struct ov_err *err)
{
    ov_chart *c = ov_calloc(1, sizeof *c);
    ov_status st;
    double lo, hi;

    *out = NULL;
    if (c == NULL)
        return ov_err_nomem(err, "drawing a chart");
    c->kind = sp->kind;
    if (ov_table_ncols(t) == 0 || ov_table_nrows(t) == 0) {
        ov_chart_free(c);
        return ov_err_set(err, OV_EINVAL,
                          "the table is empty: there is nothing to draw");
    }
    if ((sp->xlabel && !(c->xlabel = ov_strdup(sp->xlabel))) ||
        (sp->ylabel && !(c->ylabel = ov_strdup(sp->ylabel)))) {
        ov_chart_free(c);
        return ov_err_nomem(err, "drawing a chart");
    }
    switch (sp->kind) {
    case OV_CHART_LINE:
        st = build_line(c, t, sp, err);
        break;
    case OV_CHART_FUNNEL:
        st = ov_chart_build_funnel(c, t, err);
        break;
    default:
        st = build_bars(c, t, sp, err);
    }
    if (st == OV_OK && c->kind != OV_CHART_FUNNEL) {
        value_range(c, &lo, &hi);
        ov_chart_set_axis(c, lo, hi, c->kind != OV_CHART_LINE || lo >= 0);
    }
    if (st == OV_OK) {
        const char *yname = c->ylabel ? c->ylabel : "";

        c->caption = caption(t);
        if (sp->title != NULL)
            c->title = ov_strdup(sp->title);
        else {
            ov_strbuf b = OV_STRBUF_INIT;

            if (c->kind == OV_CHART_FUNNEL)
                ov_strbuf_printf(&b, "Funnel plot: %s against %s", yname,
                                 c->xlabel ? c->xlabel : "");
            else
                ov_strbuf_printf(&b, "%s by %s", yname, c->xlabel ? c->xlabel : "");
            c->title = ov_strbuf_take(&b);
        }
        if (c->title == NULL || c->xlabel == NULL || c->ylabel == NULL)
            st = ov_err_nomem(err, "drawing a chart");
    }
    if (st != OV_OK) {
        ov_chart_free(c);
        return st;
    }
    *out = c;
    return OV_OK;
}

/* ---- figures as the table prints them ---- */

static const char *
fixed(double v, int dec, bool percent, char *buf)
{
    int64_t scale = 1, r;
    char *p = buf;

    if (!isfinite(v))
        return strcpy(buf, "");
    if (dec > 6)
        dec = 6;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    r = (int64_t)llround(fabs(v) * (double)scale);
    if (v < 0 && r > 0)
        *p++ = '-';
    p += ov_value_format_int_grouped(p, r / scale, ',');
    if (dec > 0) {
        char frac[24];
        int k = snprintf(frac, sizeof frac, "%018lld", (long long)(r % scale));

        *p++ = '.';
        memcpy(p, frac + k - dec, (size_t)dec);
        p += dec;
        *p = '\0';
    }
    if (percent)
        strcpy(p, "%");
    return buf;
}

const char *
ov_chart_tick(const ov_chart *c, double v, char *buf)
{
    int dec = 0;

    for (double s = c->step; dec < 6 && fabs(s - round(s)) > 1e-9; s *= 10)
        dec++;
    if (fabs(v) < c->step * 1e-9)
        v = 0;
    return fixed(v, dec, c->percent, buf);
}

const char *
ov_chart_value(const ov_chart *c, double v, char *buf)
{
    return fixed(v, c->decimals, c->percent, buf);
}

void
ov_chart_data_text(const ov_chart *c, ov_strbuf *b)
{
    char buf[64];

    if (c->kind == OV_CHART_FUNNEL) {
        ov_strbuf_printf(b, "label\t%s\t%s\tlimits\n", c->xlabel, c->ylabel);
        for (size_t i = 0; i < c->n; i++) {
            int f = c->funnel.flag[i];

            ov_strbuf_printf(b, "%s\t%.0f\t", c->labels[i], c->funnel.whole[i]);
            ov_strbuf_printf(b, "%s\t", ov_chart_value(c, c->series[0].v[i], buf));
            if (f == 0)
                ov_strbuf_puts(b, "within\n");
            else
                ov_strbuf_printf(b, "%s the %g%% limit\n", f > 0 ? "above" : "below",
                                 100 * c->funnel.level[abs(f) - 1]);
        }
        return;
    }
    ov_strbuf_puts(b, c->xlabel);
    for (size_t s = 0; s < c->nseries; s++)
        ov_strbuf_printf(b, "\t%s", c->series[s].name);
    ov_strbuf_putc(b, '\n');
    for (size_t i = 0; i < c->n; i++) {
        ov_strbuf_puts(b, c->labels[i]);
        for (size_t s = 0; s < c->nseries; s++) {
            double v = c->series[s].v[i];

            ov_strbuf_printf(b, "\t%s",
                             isnan(v) ? OV_MISSING_LABEL : ov_chart_value(c, v, buf));
        }
        ov_strbuf_putc(b, '\n');
    }
}
