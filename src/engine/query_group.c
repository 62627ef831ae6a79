/*
 * query_group.c - grouping and aggregating, frequency tables and
 * crosstabs. Group numbers follow first appearance (query_keys.c), then are
 * renumbered in key order. Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "expr.h"
#include "ov_mem.h"
#include "value.h"

/* ---------------------------------------------------------------------
 * Grouping and aggregating
 * --------------------------------------------------------------------- */

/* renumbers groups so that their order follows the keys (missing last) */
ov_status
ov_query_order_groups(const ov_table *t, const int *cols, size_t ncols,
                      struct groups *g, struct ov_err *err)
{
    uint32_t *order = ov_malloc((g->n ? g->n : 1) * sizeof *order);
    uint32_t *newid = ov_malloc((g->n ? g->n : 1) * sizeof *newid);
    uint32_t *first = ov_malloc((g->n ? g->n : 1) * sizeof *first);
    struct sorter s = {NULL, 0};
    size_t i, n = ov_table_nrows(t);
    ov_status st;

    if (order == NULL || newid == NULL || first == NULL) {
        st = ov_err_nomem(err, "grouping");
        goto done;
    }
    if ((st = ov_sorter_init(&s, t, cols, NULL, ncols, err)) != OV_OK)
        goto done;
    /* sort the groups' first rows */
    for (i = 0; i < g->n; i++)
        order[i] = g->first[i];
    if ((st = ov_sorter_sort(order, g->n, &s, err)) != OV_OK)
        goto done;
    for (i = 0; i < g->n; i++) {
        newid[g->id[order[i]]] = (uint32_t)i;
        first[i] = order[i];
    }
    for (i = 0; i < n; i++)
        g->id[i] = newid[g->id[i]];
    ov_free(g->first);
    g->first = first;
    first = NULL;
done:
    ov_sorter_free(&s);
    ov_free(order);
    ov_free(newid);
    ov_free(first);
    return st;
}

/* adds the key columns of the groups (views of t at the groups' first
 * rows) to r */
static ov_status
add_keys(ov_table *r, const ov_table *t, const int *cols, size_t ncols,
         const uint32_t *first, size_t n, struct ov_err *err)
{
    size_t k;

    for (k = 0; k < ncols; k++) {
        ov_rowidx *idx =
            ov_rowidx_compose(ov_table_colidx(t, (size_t)cols[k]), first, n, err);
        ov_status st;

        if (idx == NULL)
            return err->status;
        st = ov_table_add_view(r, ov_table_colname(t, (size_t)cols[k]),
                               ov_table_col(t, (size_t)cols[k]), idx, err);
        ov_rowidx_unref(idx);
        if (st != OV_OK)
            return st;
    }
    return OV_OK;
}

ov_status
ov_query_group(const ov_table *t, const char *const *keys, size_t nkeys,
               const char *const *names, const char *const *exprs, size_t naggs,
               ov_table **out, struct ov_err *err)
{
    int *cols = NULL;
    size_t k, ck;
    struct groups g = {NULL, NULL, 0};
    ov_table *r = NULL;
    ov_status st;

    *out = NULL;
    for (k = 0; k < naggs; k++)
        if (names[k][0] == '\0')
            return ov_err_set(
                err, OV_EINVAL,
                "every aggregate needs a name, as in agg{ n = \"count()\" }");
    if (nkeys == 0) {
        /* the whole table as one group: one row, even for no rows */
        size_t n = ov_table_nrows(t);

        g.id = ov_calloc(n ? n : 1, sizeof *g.id);
        g.first = ov_calloc(1, sizeof *g.first);
        if (g.id == NULL || g.first == NULL) {
            st = ov_err_nomem(err, "aggregating");
            goto done;
        }
        g.n = 1;
    } else if ((st = ov_query_columns(t, keys, nkeys, &cols, &ck, err)) != OV_OK) {
        return st;
    }
    for (k = 0; k < naggs; k++) {
        size_t m;

        if (ov_table_find(t, names[k]) >= 0) {
            for (m = 0; m < nkeys && strcmp(keys[m], names[k]) != 0; m++)
                ;
            if (m < nkeys) {
                st = ov_err_set(
                    err, OV_EINVAL,
                    "'%s' is a grouping column: give the aggregate another name",
                    names[k]);
                goto done;
            }
        }
    }
    if (nkeys > 0 && ((st = ov_group_rows(t, cols, nkeys, &g, err)) != OV_OK ||
                      (st = ov_query_order_groups(t, cols, nkeys, &g, err)) != OV_OK))
        goto done;
    r = ov_table_new(g.n, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    if ((st = add_keys(r, t, cols, nkeys, g.first, g.n, err)) != OV_OK)
        goto done;
    for (k = 0; k < naggs; k++) {
        ov_expr *e = NULL;
        ov_column *c = NULL;

        if ((st = ov_expr_parse(exprs[k], &e, err)) != OV_OK ||
            (st = ov_expr_bind(e, t, true, err)) != OV_OK)
            ov_query_in_expression(err, names[k], exprs[k]);
        else if (!ov_expr_is_aggregate(e))
            st = ov_err_set(err, OV_EINVAL,
                            "%s = \"%s\" holds no aggregate: use one of count(), "
                            "count_distinct(x), sum(x), mean(x), median(x), min(x), "
                            "max(x), pct(condition), share(x)",
                            names[k], exprs[k]);
        else if ((st = ov_expr_aggregate(e, t, g.id, g.n, &c, err)) != OV_OK)
            ov_query_in_expression(err, names[k], exprs[k]);
        ov_expr_free(e);
        if (st == OV_OK)
            st = ov_table_add_column(r, names[k], c, err);
        ov_column_unref(c);
        if (st != OV_OK)
            goto done;
    }
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        st = ov_err_nomem(err, "grouping");
        goto done;
    }
    if (nkeys > 0) {
        const char **kn = ov_malloc(nkeys * sizeof *kn);

        for (k = 0; kn != NULL && k < nkeys; k++)
            kn[k] = ov_table_colname(t, (size_t)cols[k]);
        st = kn != NULL ? ov_table_set_keys(r, kn, nkeys) : OV_ENOMEM;
        ov_free(kn);
        if (st != OV_OK) {
            st = ov_err_nomem(err, "grouping");
            goto done;
        }
    }
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    ov_groups_free(&g);
    ov_free(cols);
    return st;
}

/* a percentage column of n rows: 100 * num / den, missing where den is 0 */
static ov_column *
percent_column(size_t n, const double *num, const double *den, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_FLOAT, n, NULL, 0, err);
    size_t i;

    if (c == NULL)
        return NULL;
    if (ov_column_alloc_percent(c) != OV_OK) {
        ov_column_unref(c);
        ov_err_nomem(err, "computing percentages");
        return NULL;
    }
    for (i = 0; i < n; i++) {
        c->num[i] = num[i];
        c->den[i] = den[i];
        if (den[i] == 0) {
            if (ov_column_set_missing(c, i) != OV_OK) {
                ov_column_unref(c);
                ov_err_nomem(err, "computing percentages");
                return NULL;
            }
            continue;
        }
        c->data.f64[i] = 100.0 * num[i] / den[i];
    }
    ov_column_finish(c);
    return c;
}

/* orders the groups of column col: most frequent first; ties in the
 * value's order; missing (group missing_group) last */
static ov_status
by_count(const ov_table *t, int col, const struct groups *g, const int64_t *count,
         size_t missing_group, uint32_t *order, struct ov_err *err)
{
    struct sorter s = {NULL, 0};
    size_t i;
    ov_status st;

    if ((st = ov_sorter_init(&s, t, &col, NULL, 1, err)) != OV_OK) {
        ov_sorter_free(&s);
        return st;
    }
    for (i = 1; i < g->n; i++) {
        uint32_t x = order[i];
        size_t j = i;

        while (j > 0) {
            uint32_t y = order[j - 1];
            bool after;

            if (y == missing_group)
                after = true;
            else if (x == missing_group)
                after = false;
            else if (count[y] != count[x])
                after = count[y] < count[x];
            else
                after = ov_sorter_cmp(&s, g->first[y], g->first[x]) > 0;
            if (!after)
                break;
            order[j] = y;
            j--;
        }
        order[j] = x;
    }
    ov_sorter_free(&s);
    return OV_OK;
}

ov_status
ov_query_freq(const ov_table *t, const char *name, ov_table **out, struct ov_err *err)
{
    int col;
    struct groups g = {NULL, NULL, 0};
    size_t n = ov_table_nrows(t), i, k, missing_group = (size_t)-1;
    int64_t *count = NULL;
    uint32_t *order = NULL, *first = NULL;
    double *num = NULL, *den = NULL, *cum = NULL, *vnum = NULL, *vden = NULL;
    ov_column *cn = NULL, *cp = NULL, *cc = NULL, *cv = NULL;
    ov_table *r = NULL;
    struct ov_view v;
    uint64_t missing = 0;
    ov_status st;

    *out = NULL;
    if ((st = ov_query_column(t, name, &col, err)) != OV_OK)
        return st;
    if ((st = ov_group_rows(t, &col, 1, &g, err)) != OV_OK)
        return st;
    v = ov_table_colview(t, (size_t)col);
    count = ov_calloc(g.n ? g.n : 1, sizeof *count);
    order = ov_malloc((g.n ? g.n : 1) * sizeof *order);
    first = ov_malloc((g.n ? g.n : 1) * sizeof *first);
    num = ov_malloc((g.n ? g.n : 1) * sizeof *num);
    den = ov_malloc((g.n ? g.n : 1) * sizeof *den);
    cum = ov_malloc((g.n ? g.n : 1) * sizeof *cum);
    vnum = ov_malloc((g.n ? g.n : 1) * sizeof *vnum);
    vden = ov_malloc((g.n ? g.n : 1) * sizeof *vden);
    if (count == NULL || order == NULL || first == NULL || num == NULL || den == NULL ||
        cum == NULL || vnum == NULL || vden == NULL) {
        st = ov_err_nomem(err, "counting values");
        goto done;
    }
    for (i = 0; i < n; i++)
        count[g.id[i]]++;
    for (k = 0; k < g.n; k++) {
        order[k] = (uint32_t)k;
        if (ov_view_missing(&v, g.first[k])) {
            missing_group = k;
            missing = (uint64_t)count[k];
        }
    }
    if ((st = by_count(t, col, &g, count, missing_group, order, err)) != OV_OK)
        goto done;
    {
        double running = 0;

        for (k = 0; k < g.n; k++) {
            uint32_t x = order[k];

            first[k] = g.first[x];
            num[k] = (double)count[x];
            den[k] = (double)n;
            running += (double)count[x];
            cum[k] = running;
            vnum[k] = (double)count[x];
            vden[k] = x == missing_group ? 0 : (double)(n - missing);
        }
    }
    cn = ov_column_new(OV_INT, g.n, NULL, 0, err);
    if (cn == NULL) {
        st = err->status;
        goto done;
    }
    cn->measure = true;
    for (k = 0; k < g.n; k++)
        cn->data.i64[k] = (int64_t)num[k];
    cp = percent_column(g.n, num, den, err);
    cc = cp != NULL ? percent_column(g.n, cum, den, err) : NULL;
    cv = cc != NULL && missing > 0 ? percent_column(g.n, vnum, vden, err) : NULL;
    if (cp == NULL || cc == NULL || (missing > 0 && cv == NULL)) {
        st = err->status;
        goto done;
    }
    r = ov_table_new(g.n, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    /* the counts are "n", or "count" for a column called n; another figure
     * named like the column counted gets "_2" (freq of a column called pct) */
    {
        static const char *const fig[] = {"n", "pct", "cum_pct", "valid_pct"};
        char fname[4][16];

        for (k = 0; k < 4; k++)
            snprintf(fname[k], sizeof fname[k], "%s%s",
                     k == 0 && strcmp(name, "n") == 0 ? "count" : fig[k],
                     k > 0 && strcmp(name, fig[k]) == 0 ? "_2" : "");
        if ((st = add_keys(r, t, &col, 1, first, g.n, err)) != OV_OK ||
            (st = ov_table_add_column(r, fname[0], cn, err)) != OV_OK ||
            (st = ov_table_add_column(r, fname[1], cp, err)) != OV_OK ||
            (st = ov_table_add_column(r, fname[2], cc, err)) != OV_OK ||
            (cv != NULL && (st = ov_table_add_column(r, fname[3], cv, err)) != OV_OK))
            goto done;
    }
    if (ov_table_copy_provenance(r, t) != OV_OK ||
        ov_table_set_keys(r, (const char *const[]){ov_table_colname(t, (size_t)col)},
                          1) != OV_OK) {
        st = ov_err_nomem(err, "counting values");
        goto done;
    }
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    ov_column_unref(cn);
    ov_column_unref(cp);
    ov_column_unref(cc);
    ov_column_unref(cv);
    ov_free(count);
    ov_free(order);
    ov_free(first);
    ov_free(num);
    ov_free(den);
    ov_free(cum);
    ov_free(vnum);
    ov_free(vden);
    ov_groups_free(&g);
    return st;
}

/* the text of table row i of a view, as a label (dates in ISO form) */
void
ov_query_label(const struct ov_view *v, size_t i, ov_strbuf *b)
{
    size_t r = ov_view_row(v, i), len;
    char buf[OV_VALUE_TEXT_MAX];
    const char *s;

    if (r == OV_NOROW || ov_column_missing(v->col, r)) {
        ov_strbuf_puts(b, OV_MISSING_LABEL);
        return;
    }
    if (v->col->type == OV_DATE) {
        len = ov_value_format_date(buf, v->col->data.days[r], OV_DATE_ISO);
        s = buf;
    } else {
        s = ov_column_text(v->col, r, buf, &len);
    }
    ov_strbuf_append(b, s, len);
}

/* column y of a crosstab of na x nb cells (with a Total row na and a
 * Total column nb, row-major): counts, or percentages of the row, column
 * or grand total; num and den are scratch of na + 1 */
static ov_column *
cross_column(const double *cells, size_t na, size_t nb, size_t y, enum ov_crosspct pct,
             double *num, double *den, struct ov_err *err)
{
    ov_column *c;
    size_t x;

    for (x = 0; x <= na; x++) {
        double cell = cells[x * (nb + 1) + y];

        num[x] = cell;
        switch (pct) {
        case OV_CROSS_ROW:
            den[x] = cells[x * (nb + 1) + nb];
            break;
        case OV_CROSS_COL:
            den[x] = cells[na * (nb + 1) + y];
            break;
        default:
            den[x] = cells[na * (nb + 1) + nb];
        }
    }
    if (pct == OV_CROSS_COUNT) {
        c = ov_column_new(OV_INT, na + 1, NULL, 0, err);
        if (c != NULL) {
            c->measure = true;
            for (x = 0; x <= na; x++)
                c->data.i64[x] = (int64_t)num[x];
        }
    } else {
        c = percent_column(na + 1, num, den, err);
    }
    return c;
}

/* a crosstab's first column: the n values of view v at rows first[] as
 * text, then "Total"; b is scratch */
ov_column *
ov_query_row_labels(const struct ov_view *v, const uint32_t *first, size_t n,
                    ov_strbuf *b, struct ov_err *err)
{
    ov_column *labels = ov_column_new(OV_STRING, n + 1, NULL, (uint32_t)(n + 1), err);
    size_t x;

    if (labels == NULL)
        return NULL;
    for (x = 0; x <= n; x++) {
        uint32_t code;

        ov_strbuf_reset(b);
        if (x < n)
            ov_query_label(v, first[x], b);
        else
            ov_strbuf_puts(b, "Total");
        if (ov_strbuf_status(b) != OV_OK ||
            ov_dict_intern(labels->dict, b->data, b->len, &code, NULL) != OV_OK) {
            ov_column_unref(labels);
            ov_err_nomem(err, "cross-tabulating");
            return NULL;
        }
        ov_column_set_code(labels, x, code);
    }
    return labels;
}

ov_status
ov_query_cross_groups(const ov_table *t, const char *a, const char *b, int *ca, int *cb,
                      struct groups *ga, struct groups *gb, struct ov_err *err)
{
    ov_status st;

    if ((st = ov_query_column(t, a, ca, err)) != OV_OK ||
        (st = ov_query_column(t, b, cb, err)) != OV_OK)
        return st;
    if (*ca == *cb)
        return ov_err_set(err, OV_EINVAL,
                          "give two different columns (the same column twice: '%s')",
                          a);
    if ((st = ov_group_rows(t, ca, 1, ga, err)) != OV_OK ||
        (st = ov_query_order_groups(t, ca, 1, ga, err)) != OV_OK ||
        (st = ov_group_rows(t, cb, 1, gb, err)) != OV_OK ||
        (st = ov_query_order_groups(t, cb, 1, gb, err)) != OV_OK)
        return st;
    if (gb->n > 1000)
        return ov_err_set(err, OV_ERANGE,
                          "'%s' has %zu distinct values; a crosstab has at most 1,000 "
                          "columns (put the column with more values first)",
                          b, gb->n);
    return OV_OK;
}

ov_status
ov_query_cross_name(const ov_table *r, const struct ov_view *vb,
                    const struct groups *gb, size_t y, ov_strbuf *b, struct ov_err *err)
{
    ov_strbuf_reset(b);
    if (y < gb->n)
        ov_query_label(vb, gb->first[y], b);
    else
        ov_strbuf_puts(b, "Total");
    /* a column name already taken (such as a value equal to the first
     * column's name) gets a suffix */
    while (ov_table_find(r, ov_strbuf_cstr(b)) >= 0)
        ov_strbuf_puts(b, "_2");
    if (ov_strbuf_status(b) != OV_OK)
        return ov_err_nomem(err, "cross-tabulating");
    return OV_OK;
}

ov_status
ov_query_crosstab(const ov_table *t, const char *a, const char *b, enum ov_crosspct pct,
                  ov_table **out, struct ov_err *err)
{
    int ca, cb;
    struct groups ga = {NULL, NULL, 0}, gb = {NULL, NULL, 0};
    size_t n = ov_table_nrows(t), i, x, y, na, nb;
    double *cells = NULL, *num = NULL, *den = NULL;
    ov_table *r = NULL;
    ov_column *labels = NULL;
    struct ov_view va, vb;
    ov_strbuf lb = OV_STRBUF_INIT;
    ov_status st;

    *out = NULL;
    if ((st = ov_query_cross_groups(t, a, b, &ca, &cb, &ga, &gb, err)) != OV_OK)
        goto done;
    na = ga.n;
    nb = gb.n;
    /* counts, with a Total row (index na) and a Total column (index nb) */
    cells = ov_calloc((na + 1) * (nb + 1), sizeof *cells);
    num = ov_malloc((na + 1) * sizeof *num);
    den = ov_malloc((na + 1) * sizeof *den);
    if (cells == NULL || num == NULL || den == NULL) {
        st = ov_err_nomem(err, "cross-tabulating");
        goto done;
    }
    for (i = 0; i < n; i++) {
        x = ga.id[i];
        y = gb.id[i];
        cells[x * (nb + 1) + y] += 1;
        cells[x * (nb + 1) + nb] += 1;
        cells[na * (nb + 1) + y] += 1;
        cells[na * (nb + 1) + nb] += 1;
    }
    r = ov_table_new(na + 1, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    /* the row labels: a's values as text, then "Total" */
    va = ov_table_colview(t, (size_t)ca);
    vb = ov_table_colview(t, (size_t)cb);
    if ((labels = ov_query_row_labels(&va, ga.first, na, &lb, err)) == NULL) {
        st = err->status;
        goto done;
    }
    if ((st = ov_table_add_column(r, a, labels, err)) != OV_OK)
        goto done;
    for (y = 0; y <= nb; y++) {
        ov_column *c;

        if ((st = ov_query_cross_name(r, &vb, &gb, y, &lb, err)) != OV_OK)
            goto done;
        c = cross_column(cells, na, nb, y, pct, num, den, err);
        if (c == NULL) {
            st = err->status;
            goto done;
        }
        st = ov_table_add_column(r, ov_strbuf_cstr(&lb), c, err);
        ov_column_unref(c);
        if (st != OV_OK)
            goto done;
    }
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        st = ov_err_nomem(err, "cross-tabulating");
        goto done;
    }
    *out = r;
    r = NULL;
done:
    ov_strbuf_free(&lb);
    ov_column_unref(labels);
    ov_table_free(r);
    ov_free(cells);
    ov_free(num);
    ov_free(den);
    ov_groups_free(&ga);
    ov_groups_free(&gb);
    return st;
}
