/*
 * query_window.c - window functions in mutate: lag, lead, row_number,
 * rank, dense_rank, cumsum, share and change over the rows of each group
 * in an order. The rows are put in order once per call (grouped by a
 * counting sort, then each group sorted stably by the order keys), each
 * function is one pass over that order, and the rest of an expression is
 * evaluated columnar over the window columns as mutate does. Results keep
 * the table's row order. Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "ov_mem.h"

/* the rows in window order: group g is perm[start[g] .. start[g + 1]) */
struct order {
    size_t nrows, ngroups;
    uint32_t *perm;
    size_t *start;
    struct sorter keys; /* the order keys (nkeys 0: the table's order) */
};

static void
order_free(struct order *o)
{
    ov_free(o->perm);
    ov_free(o->start);
    ov_sorter_free(&o->keys);
}

/* groups by a counting sort of the group numbers (stable: the table's
 * order within a group), then each group by the order keys */
static ov_status
order_rows(const ov_table *t, const char *const *keys, size_t nkeys,
           const char *const *by, size_t nby, struct order *o, struct ov_err *err)
{
    struct groups g = {NULL, NULL, 0};
    int *cols = NULL;
    bool *desc = NULL;
    size_t n = ov_table_nrows(t), i, k, *fill = NULL;
    ov_status st = OV_OK;

    memset(o, 0, sizeof *o);
    o->nrows = n;
    if (n > UINT32_MAX)
        return ov_err_set(err, OV_ERANGE, "window functions: too many rows");
    if (nkeys > 0) {
        size_t got;

        if ((st = ov_query_columns(t, keys, nkeys, &cols, &got, err)) != OV_OK ||
            (st = ov_group_rows(t, cols, got, &g, err)) != OV_OK)
            goto done;
        o->ngroups = g.n;
        ov_free(cols);
        cols = NULL;
    } else {
        o->ngroups = n > 0;
    }
    o->perm = ov_malloc((n ? n : 1) * sizeof *o->perm);
    o->start = ov_calloc(o->ngroups + 2, sizeof *o->start);
    fill = ov_calloc(o->ngroups + 1, sizeof *fill);
    cols = ov_malloc((nby ? nby : 1) * sizeof *cols);
    desc = ov_malloc((nby ? nby : 1) * sizeof *desc);
    if (o->perm == NULL || o->start == NULL || fill == NULL || cols == NULL ||
        desc == NULL) {
        st = ov_err_nomem(err, "ordering rows");
        goto done;
    }
    for (i = 0; i < n; i++)
        o->start[(g.id != NULL ? g.id[i] : 0) + 1]++;
    for (k = 0; k < o->ngroups; k++)
        o->start[k + 1] += o->start[k];
    for (i = 0; i < n; i++) {
        uint32_t gi = g.id != NULL ? g.id[i] : 0;

        o->perm[o->start[gi] + fill[gi]++] = (uint32_t)i;
    }
    /* the order keys, written as sort takes them: "-year" descending */
    for (k = 0; k < nby && st == OV_OK; k++) {
        const char *name = by[k];

        desc[k] = name[0] == '-';
        if (desc[k] || name[0] == '+')
            name++;
        st = ov_query_column(t, name, &cols[k], err);
    }
    if (st != OV_OK ||
        (st = ov_sorter_init(&o->keys, t, cols, desc, nby, err)) != OV_OK)
        goto done;
    for (k = 0; k < o->ngroups && nby > 0 && st == OV_OK; k++)
        st = ov_sorter_sort(o->perm + o->start[k], o->start[k + 1] - o->start[k],
                            &o->keys, err);
done:
    ov_groups_free(&g);
    ov_free(cols);
    ov_free(desc);
    ov_free(fill);
    if (st != OV_OK)
        order_free(o);
    return st;
}

/* ---------------------------------------------------------------------
 * The kernels: x is a plain column of the table's rows (no row index)
 * --------------------------------------------------------------------- */

static bool
numeric(ov_type t)
{
    return t == OV_INT || t == OV_FLOAT || t == OV_BOOL;
}

static double
num(const ov_column *c, size_t r)
{
    switch (c->type) {
    case OV_INT:
        return (double)c->data.i64[r];
    case OV_FLOAT:
        return c->data.f64[r];
    case OV_BOOL:
        return c->data.b[r];
    default:
        return (double)c->data.days[r];
    }
}

static ov_status
need_numbers(const struct ov_expr_window *w, const ov_column *x, struct ov_err *err)
{
    if (numeric(x->type))
        return OV_OK;
    return ov_err_set(err, OV_ETYPE, "%s needs numbers, and its argument is %s",
                      w->text,
                      x->type == OV_STRING ? "text"
                      : x->type == OV_DATE ? "a date"
                                           : ov_type_name(x->type));
}

/* row i of out becomes row r of src (out's type, or float from int) */
static ov_status
put_value(ov_column *out, size_t i, const ov_column *src, size_t r)
{
    if (ov_column_missing(src, r))
        return ov_column_set_missing(out, i);
    switch (out->type) {
    case OV_INT:
        out->data.i64[i] = src->data.i64[r];
        break;
    case OV_FLOAT:
        out->data.f64[i] = num(src, r);
        break;
    case OV_BOOL:
        out->data.b[i] = src->data.b[r];
        break;
    case OV_DATE:
        out->data.days[i] = src->data.days[r];
        break;
    case OV_STRING:
        if (out->dict == src->dict) {
            ov_column_set_code(out, i, ov_column_code(src, r));
        } else {
            size_t len;
            const char *s = ov_column_str(src, r, &len);
            uint32_t code;

            if (ov_dict_intern(out->dict, s, len, &code, NULL) != OV_OK)
                return OV_ENOMEM;
            ov_column_set_code(out, i, code);
        }
        break;
    }
    return OV_OK;
}

/* lag and lead: the value k rows back or on within the group, else the
 * default (or missing) */
static ov_status
shift(const struct order *o, const struct ov_expr_window *w, const ov_column *x,
      const ov_column *d, ov_column **out, struct ov_err *err)
{
    ov_type type = x->type;
    ov_column *c;
    size_t g, p;
    ov_status st = OV_OK;

    if (d != NULL && d->type != x->type) {
        if (!(d->type == OV_INT || d->type == OV_FLOAT) ||
            !(x->type == OV_INT || x->type == OV_FLOAT))
            return ov_err_set(
                err, OV_ETYPE,
                "%s: the default is %s and x is %s: give a default of x's type",
                w->text, ov_type_name(d->type), ov_type_name(x->type));
        type = OV_FLOAT;
    }
    if (type == OV_STRING && d != NULL)
        c = ov_column_new(OV_STRING, o->nrows, NULL, x->dict->n + d->dict->n, err);
    else if (type == OV_STRING)
        c = ov_column_new(OV_STRING, o->nrows, x->dict, x->dict->n, err);
    else
        c = ov_column_new(type, o->nrows, NULL, 0, err);
    if (c == NULL)
        return err->status;
    c->float_style = x->type == OV_FLOAT ? x->float_style : c->float_style;
    c->grouped = x->grouped;
    c->measure = x->measure;
    c->datefmt = x->datefmt;
    c->boolstyle = x->boolstyle;
    for (g = 0; g < o->ngroups && st == OV_OK; g++) {
        size_t s = o->start[g], e = o->start[g + 1];

        for (p = s; p < e && st == OV_OK; p++) {
            size_t from = w->fn == OV_WIN_LAG ? p - (size_t)w->k : p + (size_t)w->k;
            bool in = w->fn == OV_WIN_LAG ? p >= s + (size_t)w->k : from < e;

            if (in)
                st = put_value(c, o->perm[p], x, o->perm[from]);
            else if (d != NULL)
                st = put_value(c, o->perm[p], d, o->perm[p]);
            else
                st = ov_column_set_missing(c, o->perm[p]);
        }
    }
    if (st != OV_OK) {
        ov_column_unref(c);
        return ov_err_nomem(err, "computing a window function");
    }
    ov_column_finish(c);
    *out = c;
    return OV_OK;
}

/* row_number, rank and dense_rank: ranks by x (ascending, missing values
 * last and tied with each other) or, with no x, by the order keys */
static ov_status
ranks(const struct order *o, const struct ov_expr_window *w, const ov_column *x,
      ov_column **out, struct ov_err *err)
{
    ov_table *tx = NULL;
    struct sorter sx = {NULL, 0};
    const struct sorter *by = &o->keys;
    uint32_t *buf = NULL;
    ov_column *c;
    size_t g, p;
    ov_status st = OV_OK;

    if (w->fn != OV_WIN_ROW_NUMBER && x == NULL && o->keys.nkeys == 0)
        return ov_err_set(err, OV_EINVAL,
                          "%s ranks rows by the order: give one, as in mutate({ r = "
                          "\"%s\" }, { order_by = \"-n\" }), or rank by a value: "
                          "%s(n), %s(-n) for the largest first",
                          w->text, w->text, w->name, w->name);
    if ((c = ov_column_new(OV_INT, o->nrows, NULL, 0, err)) == NULL)
        return err->status;
    if (x != NULL) {
        int zero = 0;

        buf = ov_malloc((o->nrows ? o->nrows : 1) * sizeof *buf);
        if (buf == NULL || (tx = ov_table_new(o->nrows, err)) == NULL ||
            ov_table_add_column(tx, "x", (ov_column *)x, err) != OV_OK ||
            ov_sorter_init(&sx, tx, &zero, NULL, 1, err) != OV_OK) {
            st = buf == NULL ? ov_err_nomem(err, "ranking") : err->status;
            goto done;
        }
        by = &sx;
    }
    for (g = 0; g < o->ngroups && st == OV_OK; g++) {
        size_t s = o->start[g], e = o->start[g + 1];
        const uint32_t *rows = o->perm + s;
        int64_t rank = 0, dense = 0;

        if (buf != NULL) {
            memcpy(buf, rows, (e - s) * sizeof *buf);
            if ((st = ov_sorter_sort(buf, e - s, by, err)) != OV_OK)
                break;
            rows = buf;
        }
        for (p = 0; p < e - s; p++) {
            if (p == 0 || ov_sorter_cmp(by, rows[p - 1], rows[p]) != 0) {
                rank = (int64_t)p + 1;
                dense++;
            }
            c->data.i64[rows[p]] = w->fn == OV_WIN_ROW_NUMBER ? (int64_t)p + 1
                                   : w->fn == OV_WIN_RANK     ? rank
                                                              : dense;
        }
    }
done:
    ov_sorter_free(&sx);
    ov_table_free(tx);
    ov_free(buf);
    if (st != OV_OK) {
        ov_column_unref(c);
        return st;
    }
    *out = c;
    return OV_OK;
}

/* cumsum: the running total of the values so far in the group, skipping
 * missing ones (as SQL's SUM() OVER); missing until the first value */
static ov_status
cumsum(const struct order *o, const struct ov_expr_window *w, const ov_column *x,
       ov_column **out, struct ov_err *err)
{
    bool whole = x->type != OV_FLOAT;
    ov_column *c;
    size_t g, p;

    if (need_numbers(w, x, err) != OV_OK)
        return err->status;
    if ((c = ov_column_new(whole ? OV_INT : OV_FLOAT, o->nrows, NULL, 0, err)) == NULL)
        return err->status;
    c->grouped = x->grouped;
    c->measure = whole;
    for (g = 0; g < o->ngroups; g++) {
        int64_t isum = 0;
        double fsum = 0, comp = 0;
        bool seen = false;

        for (p = o->start[g]; p < o->start[g + 1]; p++) {
            uint32_t r = o->perm[p];

            if (!ov_column_missing(x, r)) {
                seen = true;
                if (whole) {
                    int64_t v = x->type == OV_INT ? x->data.i64[r] : x->data.b[r];

                    if (__builtin_add_overflow(isum, v, &isum)) {
                        ov_column_unref(c);
                        return ov_err_set(err, OV_ERANGE,
                                          "%s: the running total passes the largest "
                                          "whole number (about 9.2e18)",
                                          w->text);
                    }
                } else {
                    /* Neumaier's sum: the small values are not lost */
                    double v = x->data.f64[r], t = fsum + v;

                    comp += fabs(fsum) >= fabs(v) ? (fsum - t) + v : (v - t) + fsum;
                    fsum = t;
                }
            }
            if (!seen) {
                if (ov_column_set_missing(c, r) != OV_OK) {
                    ov_column_unref(c);
                    return ov_err_nomem(err, "computing a running total");
                }
            } else if (whole) {
                c->data.i64[r] = isum;
            } else {
                c->data.f64[r] = fsum + comp;
            }
        }
    }
    ov_column_finish(c);
    *out = c;
    return OV_OK;
}

/* a new percentage column of n rows (or a change column) */
static ov_column *
percent_column(size_t n, bool change, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_FLOAT, n, NULL, 0, err);

    if (c != NULL && ov_column_alloc_percent(c) != OV_OK) {
        ov_column_unref(c);
        ov_err_nomem(err, "computing percentages");
        return NULL;
    }
    if (c != NULL)
        c->change = change;
    return c;
}

/* row i is 100 * part / whole, kept as a figure; missing when the whole
 * is 0 (den 0, which mutate's note counts) or the row has no value (den
 * NaN: not a whole of 0) */
static ov_status
set_figure(ov_column *c, size_t i, bool have, double part, double whole)
{
    c->num[i] = part;
    c->den[i] = have ? whole : NAN;
    if (!have || whole == 0)
        return ov_column_set_missing(c, i);
    c->data.f64[i] = 100.0 * part / whole;
    return OV_OK;
}

/* share: x as a percentage of the group's total (missing values left
 * out of the total) */
static ov_status
share(const struct order *o, const struct ov_expr_window *w, const ov_column *x,
      ov_column **out, struct ov_err *err)
{
    ov_column *c;
    size_t g, p;

    if (need_numbers(w, x, err) != OV_OK)
        return err->status;
    if ((c = percent_column(o->nrows, false, err)) == NULL)
        return err->status;
    for (g = 0; g < o->ngroups; g++) {
        double sum = 0, comp = 0, total;
        size_t s = o->start[g], e = o->start[g + 1];

        for (p = s; p < e; p++) {
            uint32_t r = o->perm[p];
            double v, t;

            if (ov_column_missing(x, r))
                continue;
            v = num(x, r);
            t = sum + v;
            comp += fabs(sum) >= fabs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        total = sum + comp;
        for (p = s; p < e; p++) {
            uint32_t r = o->perm[p];
            bool have = !ov_column_missing(x, r);

            if (set_figure(c, r, have, have ? num(x, r) : 0, total) != OV_OK) {
                ov_column_unref(c);
                return ov_err_nomem(err, "computing shares");
            }
        }
    }
    ov_column_finish(c);
    *out = c;
    return OV_OK;
}

/* change: the percentage change from the row before in the group, as
 * change(old, new) works it out; missing on a group's first row, next to
 * a missing value, and from an old value of 0 */
static ov_status
change(const struct order *o, const struct ov_expr_window *w, const ov_column *x,
       ov_column **out, struct ov_err *err)
{
    ov_column *c;
    size_t g, p;

    if (need_numbers(w, x, err) != OV_OK)
        return err->status;
    if ((c = percent_column(o->nrows, true, err)) == NULL)
        return err->status;
    for (g = 0; g < o->ngroups; g++) {
        for (p = o->start[g]; p < o->start[g + 1]; p++) {
            uint32_t r = o->perm[p], q = p > o->start[g] ? o->perm[p - 1] : 0;
            bool have =
                p > o->start[g] && !ov_column_missing(x, r) && !ov_column_missing(x, q);
            double old = have ? num(x, q) : 0, new_ = have ? num(x, r) : 0;

            if (set_figure(c, r, have, new_ - old, old) != OV_OK) {
                ov_column_unref(c);
                return ov_err_nomem(err, "computing changes");
            }
        }
    }
    ov_column_finish(c);
    *out = c;
    return OV_OK;
}

/* ---------------------------------------------------------------------
 * mutate with window functions
 * --------------------------------------------------------------------- */

/* the column of a window call's argument over the work table's rows */
static ov_status
arg_column(ov_expr *x, const ov_table *w, ov_column **out, struct ov_err *err)
{
    ov_status st;

    *out = NULL;
    if (x == NULL)
        return OV_OK;
    if ((st = ov_expr_bind(x, w, false, err)) != OV_OK)
        return st;
    return ov_expr_column(x, w, out, err);
}

/* runs one window call over the work table w, into *out */
static ov_status
run_window(const struct order *o, const ov_table *w, struct ov_expr_window *f,
           ov_column **out, struct ov_err *err)
{
    ov_column *x = NULL, *d = NULL;
    ov_status st;

    if ((st = arg_column(f->x, w, &x, err)) != OV_OK ||
        (st = arg_column(f->dflt, w, &d, err)) != OV_OK)
        goto done;
    if (ov_interrupted()) {
        st = ov_err_interrupted(err);
        goto done;
    }
    switch (f->fn) {
    case OV_WIN_LAG:
    case OV_WIN_LEAD:
        st = shift(o, f, x, d, out, err);
        break;
    case OV_WIN_ROW_NUMBER:
    case OV_WIN_RANK:
    case OV_WIN_DENSE_RANK:
        st = ranks(o, f, x, out, err);
        break;
    case OV_WIN_CUMSUM:
        st = cumsum(o, f, x, out, err);
        break;
    case OV_WIN_SHARE:
        st = share(o, f, x, out, err);
        break;
    case OV_WIN_CHANGE:
        st = change(o, f, x, out, err);
        break;
    }
done:
    ov_column_unref(x);
    ov_column_unref(d);
    return st;
}

/* the column of one expression: its window calls first, each into a
 * hidden column of w, then the rest columnar over w */
static ov_status
window_expr(const struct order *o, ov_table *w, ov_expr *e, size_t *seq,
            ov_column **out, struct ov_err *err)
{
    char col[32] = "";
    ov_status st = OV_OK;
    int j;

    while (st == OV_OK && ov_expr_window_count(e) > 0) {
        struct ov_expr_window f;
        ov_column *c = NULL;

        /* a name no column read from a file has: a control character */
        snprintf(col, sizeof col, "\037window %zu", ++*seq);
        if ((st = ov_expr_window_take(e, col, &f, err)) == OV_OK &&
            (st = run_window(o, w, &f, &c, err)) == OV_OK)
            st = ov_table_add_column(w, col, c, err);
        ov_column_unref(c);
        ov_expr_window_clear(&f);
    }
    if (st != OV_OK)
        return st;
    if (col[0] != '\0' && ov_expr_is_column(e, col) &&
        (j = ov_table_find(w, col)) >= 0) {
        /* the whole expression is the call: its column as it is (a share
         * or change keeps its figures) */
        *out = ov_column_ref(ov_table_col(w, (size_t)j));
        return OV_OK;
    }
    if ((st = ov_expr_bind(e, w, false, err)) != OV_OK)
        return st;
    return ov_expr_column(e, w, out, err);
}

ov_status
ov_query_window(const ov_table *t, const char *const *keys, size_t nkeys,
                const char *const *by, size_t nby, const char *const *names,
                const char *const *exprs, size_t n, ov_table **out, struct ov_err *err)
{
    ov_expr **es = ov_calloc(n ? n : 1, sizeof *es);
    ov_column **made = ov_calloc(n ? n : 1, sizeof *made);
    struct order o;
    ov_table *w = NULL, *r = NULL;
    size_t k, j, nwin = 0, seq = 0, nc = ov_table_ncols(t);
    bool ordered = false;
    ov_status st = OV_OK;

    *out = NULL;
    memset(&o, 0, sizeof o);
    if (es == NULL || made == NULL) {
        st = ov_err_nomem(err, "adding columns");
        goto done;
    }
    for (k = 0; k < n && st == OV_OK; k++) {
        if ((st = ov_expr_parse(exprs[k], &es[k], err)) != OV_OK)
            ov_query_in_expression(err, names[k], exprs[k]);
        else
            nwin += ov_expr_window_count(es[k]);
    }
    if (st != OV_OK)
        goto done;
    if (nwin == 0) {
        /* nothing looks at other rows: mutate as it is, once the keys and
         * the order are known to name columns (a typo is still said) */
        int j2;

        for (k = 0; k < nkeys + nby && st == OV_OK; k++) {
            const char *name = k < nkeys ? keys[k] : by[k - nkeys];

            if (k >= nkeys && (name[0] == '-' || name[0] == '+'))
                name++;
            st = ov_query_column(t, name, &j2, err);
        }
        if (st == OV_OK)
            st = ov_query_mutate(t, names, exprs, n, out, err);
        goto done;
    }
    for (k = 0; k < n; k++)
        if (names[k][0] == '\0') {
            st = ov_err_set(
                err, OV_EINVAL,
                "every new column needs a name, as in mutate{ x = \"lag(n)\" }");
            goto done;
        }
    if ((st = order_rows(t, keys, nkeys, by, nby, &o, err)) != OV_OK)
        goto done;
    ordered = true;
    if ((w = ov_table_view(t, err)) == NULL) {
        st = err->status;
        goto done;
    }
    for (k = 0; k < n && st == OV_OK; k++)
        if ((st = window_expr(&o, w, es[k], &seq, &made[k], err)) != OV_OK)
            ov_query_in_expression(err, names[k], exprs[k]);
    if (st != OV_OK)
        goto done;
    /* as mutate: a name that exists is replaced in place, new ones added */
    if ((r = ov_table_new(ov_table_nrows(t), err)) == NULL) {
        st = err->status;
        goto done;
    }
    for (j = 0; j < nc && st == OV_OK; j++) {
        const char *name = ov_table_colname(t, j);

        for (k = n; k > 0 && strcmp(names[k - 1], name) != 0; k--)
            ;
        if (k > 0)
            st = ov_table_add_column(r, name, made[k - 1], err);
        else
            st = ov_table_add_view(r, name, ov_table_col(t, j), ov_table_colidx(t, j),
                                   err);
    }
    for (k = 0; k < n && st == OV_OK; k++) {
        size_t later;

        for (later = k + 1; later < n && strcmp(names[later], names[k]) != 0; later++)
            ;
        if (ov_table_find(t, names[k]) < 0 && later == n)
            st = ov_table_add_column(r, names[k], made[k], err);
    }
    if (st == OV_OK && ov_table_copy_provenance(r, t) != OV_OK)
        st = ov_err_nomem(err, "adding columns");
done:
    if (ordered)
        order_free(&o);
    for (k = 0; k < n && es != NULL; k++)
        ov_expr_free(es[k]);
    for (k = 0; k < n && made != NULL; k++)
        ov_column_unref(made[k]);
    ov_free(es);
    ov_free(made);
    ov_table_free(w);
    if (st != OV_OK) {
        ov_table_free(r);
        return st;
    }
    if (r != NULL)
        *out = r;
    return OV_OK;
}
