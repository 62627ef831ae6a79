/*
 * query_ops.c - the simple table operations: where, select, drop, rename,
 * head, tail, sample, sort, distinct, mutate. Results share the input's
 * columns through row indexes. Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "ov_mem.h"
#include "suggest.h"

const uint32_t ov_query_no_rows[1];

/* ---------------------------------------------------------------------
 * Column lookup with suggestions
 * --------------------------------------------------------------------- */

ov_status
ov_query_column(const ov_table *t, const char *name, int *j, struct ov_err *err)
{
    char hint[400];

    *j = ov_table_find(t, name);
    if (*j >= 0)
        return OV_OK;
    return ov_err_set(err, OV_ENOTFOUND, "no column '%s'%s", name,
                      ov_suggest_column(name, ov_table_names(t), ov_table_ncols(t),
                                        hint, sizeof hint));
}

/* ---------------------------------------------------------------------
 * Simple operations
 * --------------------------------------------------------------------- */

ov_status
ov_query_rows(const ov_table *t, const uint32_t *rows, size_t n, ov_table **out,
              struct ov_err *err)
{
    *out = ov_table_take(t, rows != NULL ? rows : ov_query_no_rows, n, err);
    return *out != NULL ? OV_OK : err->status;
}

ov_status
ov_query_where(const ov_table *t, const char *src, ov_table **out, struct ov_err *err)
{
    ov_expr *e = NULL;
    uint32_t *rows = NULL;
    size_t n;
    ov_status st;

    *out = NULL;
    if ((st = ov_expr_parse(src, &e, err)) != OV_OK)
        return st;
    if ((st = ov_expr_bind(e, t, false, err)) == OV_OK &&
        (st = ov_expr_select(e, t, &rows, &n, err)) == OV_OK)
        st = ov_query_rows(t, rows, n, out, err);
    ov_free(rows);
    ov_expr_free(e);
    return st;
}

/* a new table of t's columns picked by number */
static ov_status
pick_columns(const ov_table *t, const int *cols, const char *const *names, size_t n,
             ov_table **out, struct ov_err *err)
{
    ov_table *r = ov_table_new(ov_table_nrows(t), err);
    size_t k;

    *out = NULL;
    if (r == NULL)
        return err->status;
    for (k = 0; k < n; k++)
        if (ov_table_add_view(
                r, names != NULL ? names[k] : ov_table_colname(t, (size_t)cols[k]),
                ov_table_col(t, (size_t)cols[k]), ov_table_colidx(t, (size_t)cols[k]),
                err) != OV_OK) {
            ov_table_free(r);
            return err->status;
        }
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        ov_table_free(r);
        return ov_err_nomem(err, "choosing columns");
    }
    *out = r;
    return OV_OK;
}

ov_status
ov_query_select(const ov_table *t, const char *const *names, size_t n, ov_table **out,
                struct ov_err *err)
{
    int *cols = ov_malloc((n ? n : 1) * sizeof *cols);
    size_t k, m;
    ov_status st = OV_OK;

    *out = NULL;
    if (cols == NULL)
        return ov_err_nomem(err, "choosing columns");
    for (k = 0; k < n && st == OV_OK; k++) {
        st = ov_query_column(t, names[k], &cols[k], err);
        for (m = 0; m < k && st == OV_OK; m++)
            if (cols[m] == cols[k])
                st = ov_err_set(err, OV_EINVAL, "column '%s' is named twice", names[k]);
    }
    if (st == OV_OK)
        st = pick_columns(t, cols, NULL, n, out, err);
    ov_free(cols);
    return st;
}

ov_status
ov_query_drop(const ov_table *t, const char *const *names, size_t n, ov_table **out,
              struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), k, kept = 0;
    bool *gone = ov_calloc(nc ? nc : 1, sizeof *gone);
    int *cols = ov_malloc((nc ? nc : 1) * sizeof *cols);
    ov_status st = OV_OK;

    *out = NULL;
    if (gone == NULL || cols == NULL) {
        ov_free(gone);
        ov_free(cols);
        return ov_err_nomem(err, "dropping columns");
    }
    for (k = 0; k < n && st == OV_OK; k++) {
        int j;

        if ((st = ov_query_column(t, names[k], &j, err)) == OV_OK)
            gone[j] = true;
    }
    for (k = 0; k < nc; k++)
        if (!gone[k])
            cols[kept++] = (int)k;
    if (st == OV_OK)
        st = pick_columns(t, cols, NULL, kept, out, err);
    ov_free(gone);
    ov_free(cols);
    return st;
}

ov_status
ov_query_rename(const ov_table *t, const char *const *from, const char *const *to,
                size_t n, ov_table **out, struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), k, j;
    const char **names = ov_malloc((nc ? nc : 1) * sizeof *names);
    int *cols = ov_malloc((nc ? nc : 1) * sizeof *cols);
    ov_status st = OV_OK;

    *out = NULL;
    if (names == NULL || cols == NULL) {
        ov_free(names);
        ov_free(cols);
        return ov_err_nomem(err, "renaming columns");
    }
    for (j = 0; j < nc; j++) {
        names[j] = ov_table_colname(t, j);
        cols[j] = (int)j;
    }
    for (k = 0; k < n && st == OV_OK; k++) {
        int c;

        if ((st = ov_query_column(t, from[k], &c, err)) != OV_OK)
            break;
        if (to[k][0] == '\0')
            st = ov_err_set(err, OV_EINVAL,
                            "a column cannot be renamed to an empty name");
        names[c] = to[k];
    }
    for (j = 0; j < nc && st == OV_OK; j++)
        for (k = j + 1; k < nc && st == OV_OK; k++)
            if (strcmp(names[j], names[k]) == 0)
                st = ov_err_set(err, OV_EINVAL, "two columns would both be called '%s'",
                                names[j]);
    if (st == OV_OK)
        st = pick_columns(t, cols, names, nc, out, err);
    ov_free(names);
    ov_free(cols);
    return st;
}

static ov_status
take_range(const ov_table *t, size_t from, size_t n, ov_table **out, struct ov_err *err)
{
    uint32_t *rows = ov_malloc((n ? n : 1) * sizeof *rows);
    size_t i;
    ov_status st;

    if (rows == NULL)
        return ov_err_nomem(err, "taking rows");
    for (i = 0; i < n; i++)
        rows[i] = (uint32_t)(from + i);
    st = ov_query_rows(t, rows, n, out, err);
    ov_free(rows);
    return st;
}

ov_status
ov_query_head(const ov_table *t, size_t n, ov_table **out, struct ov_err *err)
{
    size_t nr = ov_table_nrows(t);

    return take_range(t, 0, n < nr ? n : nr, out, err);
}

ov_status
ov_query_tail(const ov_table *t, size_t n, ov_table **out, struct ov_err *err)
{
    size_t nr = ov_table_nrows(t);

    n = n < nr ? n : nr;
    return take_range(t, nr - n, n, out, err);
}

static int
u32cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

    return (a > b) - (a < b);
}

ov_status
ov_query_sample(const ov_table *t, size_t n, uint64_t seed, ov_table **out,
                struct ov_err *err)
{
    size_t nr = ov_table_nrows(t), i;
    uint32_t *rows;
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    ov_status st;

    if (n > nr)
        n = nr;
    rows = ov_malloc((n ? n : 1) * sizeof *rows);
    if (rows == NULL)
        return ov_err_nomem(err, "sampling");
    /* reservoir sampling with xorshift64*: the same seed, the same rows,
     * on every machine */
    for (i = 0; i < nr; i++) {
        if (i < n) {
            rows[i] = (uint32_t)i;
            continue;
        }
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        {
            uint64_t r = (s * 0x2545F4914F6CDD1Dull) % (i + 1);

            if (r < n)
                rows[r] = (uint32_t)i;
        }
    }
    qsort(rows, n, sizeof *rows, u32cmp);
    st = ov_query_rows(t, rows, n, out, err);
    ov_free(rows);
    return st;
}

/* Whether column c of t is a running total of percent column p (freq's
 * cum_pct of its pct): the same whole, and each part the sum of p's parts
 * up to that row. */
static bool
running_total_of(const ov_table *t, size_t c, size_t p)
{
    struct ov_view vc = ov_table_colview(t, c), vp = ov_table_colview(t, p);
    double sum = 0;
    size_t i, n = ov_table_nrows(t);

    if (c == p || vc.col->num == NULL || vp.col->num == NULL || vc.col->per != 0 ||
        vp.col->per != 0 || n < 2)
        return false;
    for (i = 0; i < n; i++) {
        size_t rc = ov_view_row(&vc, i), rp = ov_view_row(&vp, i);

        sum += vp.col->num[rp];
        if (vc.col->den[rc] != vp.col->den[rp] || vc.col->num[rc] != sum)
            return false;
    }
    return true;
}

/* A running total (freq's cum_pct) means nothing in another order: each
 * one in t is worked out again in the order of rows, into *out (which
 * holds t's rows in that order), and the provenance says so. */
static ov_status
rerun_totals(const ov_table *t, const uint32_t *rows, ov_table **out,
             struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), n = ov_table_nrows(t), c, p, i;
    ov_table *r = NULL;
    ov_status st = OV_OK;

    for (c = 0; c < nc; c++) {
        struct ov_view vp;
        ov_column *col;
        double sum = 0;

        for (p = 0; p < nc && !running_total_of(t, c, p); p++)
            ;
        if (p == nc)
            continue;
        if (r == NULL && (r = ov_table_view(*out, err)) == NULL)
            return err->status;
        col = ov_column_new(OV_FLOAT, n, NULL, 0, err);
        if (col == NULL || ov_column_alloc_percent(col) != OV_OK) {
            ov_column_unref(col);
            ov_table_free(r);
            return ov_err_nomem(err, "sorting");
        }
        vp = ov_table_colview(t, p);
        for (i = 0; i < n; i++) {
            size_t rp = ov_view_row(&vp, rows[i]);

            sum += vp.col->num[rp];
            col->num[i] = sum;
            col->den[i] = vp.col->den[rp];
            col->data.f64[i] = col->den[i] != 0 ? 100.0 * sum / col->den[i] : 0;
            if (col->den[i] == 0 && ov_column_set_missing(col, i) != OV_OK)
                st = ov_err_nomem(err, "sorting");
        }
        ov_column_finish(col);
        if (st == OV_OK)
            st = ov_table_replace_column(r, c, col, err);
        ov_column_unref(col);
        if (st == OV_OK) {
            char note[256];

            snprintf(note, sizeof note,
                     "a running total of %s, worked out again in the sorted order",
                     ov_table_colname(t, p));
            if (ov_table_set_fact(r, ov_table_colname(t, c), note) != OV_OK)
                st = ov_err_nomem(err, "sorting");
        }
        if (st != OV_OK) {
            ov_table_free(r);
            return st;
        }
    }
    if (r != NULL) {
        ov_table_free(*out);
        *out = r;
    }
    return OV_OK;
}

/* the columns and directions of sort keys ("-name" descending) into
 * cols and desc (n each) */
static ov_status
sort_keys(const ov_table *t, const char *const *keys, size_t n, int *cols, bool *desc,
          struct ov_err *err)
{
    size_t k;
    ov_status st = OV_OK;

    for (k = 0; k < n && st == OV_OK; k++) {
        const char *name = keys[k];

        desc[k] = name[0] == '-';
        if (desc[k] || name[0] == '+')
            name++;
        st = ov_query_column(t, name, &cols[k], err);
    }
    return st;
}

/* whether some column of t is a running total, which sorting works out
 * again over the whole order */
static bool
has_running_total(const ov_table *t)
{
    size_t nc = ov_table_ncols(t), c, p;

    for (c = 0; c < nc; c++)
        for (p = 0; p < nc; p++)
            if (running_total_of(t, c, p))
                return true;
    return false;
}

/* sort (top: 0) or the first or last top rows of the sort (top > 0) */
static ov_status
sort_rows(const ov_table *t, const char *const *keys, size_t n, size_t top, bool last,
          ov_table **out, struct ov_err *err)
{
    int *cols = ov_malloc((n ? n : 1) * sizeof *cols);
    bool *desc = ov_malloc((n ? n : 1) * sizeof *desc);
    size_t nr = ov_table_nrows(t), i, kept = nr;
    uint32_t *rows = NULL;
    struct sorter s = {NULL, 0};
    ov_status st = OV_OK;

    *out = NULL;
    if (cols == NULL || desc == NULL) {
        st = ov_err_nomem(err, "sorting");
        goto done;
    }
    if ((st = sort_keys(t, keys, n, cols, desc, err)) != OV_OK)
        goto done;
    rows = ov_malloc((nr ? nr : 1) * sizeof *rows);
    if (rows == NULL) {
        st = ov_err_nomem(err, "sorting");
        goto done;
    }
    for (i = 0; i < nr; i++)
        rows[i] = (uint32_t)i;
    if ((st = ov_sorter_init(&s, t, cols, desc, n, err)) != OV_OK)
        goto done;
    st = top > 0 ? ov_sorter_top(rows, nr, top, last, &s, &kept, err)
                 : ov_sorter_sort(rows, nr, &s, err);
    if (st != OV_OK)
        goto done;
    if ((st = ov_query_rows(t, rows, kept, out, err)) == OV_OK && top == 0 &&
        (st = rerun_totals(t, rows, out, err)) != OV_OK) {
        ov_table_free(*out);
        *out = NULL;
    }
done:
    ov_sorter_free(&s);
    ov_free(rows);
    ov_free(cols);
    ov_free(desc);
    return st;
}

ov_status
ov_query_sort(const ov_table *t, const char *const *keys, size_t n, ov_table **out,
              struct ov_err *err)
{
    return sort_rows(t, keys, n, 0, false, out, err);
}

ov_status
ov_query_sort_check(const ov_table *t, const char *const *keys, size_t n,
                    struct ov_err *err)
{
    int *cols = ov_malloc((n ? n : 1) * sizeof *cols);
    bool *desc = ov_malloc((n ? n : 1) * sizeof *desc);
    ov_status st = cols != NULL && desc != NULL ? sort_keys(t, keys, n, cols, desc, err)
                                                : ov_err_nomem(err, "sorting");

    ov_free(cols);
    ov_free(desc);
    return st;
}

ov_status
ov_query_sort_top(const ov_table *t, const char *const *keys, size_t n, size_t k,
                  bool last, ov_table **out, struct ov_err *err)
{
    ov_table *sorted;
    ov_status st;

    *out = NULL;
    /* a running total is worked out over the whole order, so its last
     * rows need the rows before them */
    if (k > 0 && !has_running_total(t))
        return sort_rows(t, keys, n, k, last, out, err);
    if ((st = ov_query_sort(t, keys, n, &sorted, err)) != OV_OK)
        return st;
    st = last ? ov_query_tail(sorted, k, out, err) : ov_query_head(sorted, k, out, err);
    ov_table_free(sorted);
    return st;
}

/* the column numbers of names; all columns when n is 0 */
ov_status
ov_query_columns(const ov_table *t, const char *const *names, size_t n, int **cols,
                 size_t *k, struct ov_err *err)
{
    size_t i, nc = ov_table_ncols(t);
    ov_status st = OV_OK;

    *k = n ? n : nc;
    *cols = ov_malloc((*k ? *k : 1) * sizeof **cols);
    if (*cols == NULL)
        return ov_err_nomem(err, "finding columns");
    for (i = 0; i < *k && st == OV_OK; i++) {
        if (n == 0)
            (*cols)[i] = (int)i;
        else
            st = ov_query_column(t, names[i], &(*cols)[i], err);
    }
    if (st != OV_OK) {
        ov_free(*cols);
        *cols = NULL;
    }
    return st;
}

ov_status
ov_query_distinct(const ov_table *t, const char *const *names, size_t n, ov_table **out,
                  struct ov_err *err)
{
    int *cols;
    size_t k;
    struct groups g;
    ov_status st;

    *out = NULL;
    if ((st = ov_query_columns(t, names, n, &cols, &k, err)) != OV_OK)
        return st;
    st = ov_group_rows(t, cols, k, &g, err);
    ov_free(cols);
    if (st != OV_OK)
        return st;
    /* first rows, already in file order since numbers follow it */
    st = ov_query_rows(t, g.first, g.n, out, err);
    ov_groups_free(&g);
    return st;
}

/* puts `name = "expr": ` before an expression's error, so the message
 * says which of several it was (not before "interrupted") */
void
ov_query_in_expression(struct ov_err *err, const char *name, const char *expr)
{
    char msg[OV_ERR_MSG_MAX];

    if (err->status == OV_EINTR)
        return;
    snprintf(msg, sizeof msg, "%s", err->msg);
    ov_err_set(err, err->status, "%s = \"%s\": %s", name, expr, msg);
}

ov_status
ov_query_mutate(const ov_table *t, const char *const *names, const char *const *exprs,
                size_t n, ov_table **out, struct ov_err *err)
{
    ov_column **made = ov_calloc(n ? n : 1, sizeof *made);
    size_t k, j, nc = ov_table_ncols(t);
    ov_table *r = NULL;
    ov_status st = OV_OK;

    *out = NULL;
    if (made == NULL)
        return ov_err_nomem(err, "adding columns");
    for (k = 0; k < n; k++)
        if (names[k][0] == '\0') {
            ov_free(made);
            return ov_err_set(
                err, OV_EINVAL,
                "every new column needs a name, as in mutate{ x = \"year + 1\" }");
        }
    for (k = 0; k < n && st == OV_OK; k++) {
        ov_expr *e = NULL;

        if ((st = ov_expr_parse(exprs[k], &e, err)) != OV_OK ||
            (st = ov_expr_bind(e, t, false, err)) != OV_OK ||
            (st = ov_expr_column(e, t, &made[k], err)) != OV_OK)
            ov_query_in_expression(err, names[k], exprs[k]);
        ov_expr_free(e);
    }
    if (st != OV_OK)
        goto done;
    r = ov_table_new(ov_table_nrows(t), err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    for (j = 0; j < nc && st == OV_OK; j++) {
        const char *name = ov_table_colname(t, j);

        for (k = 0; k < n && strcmp(names[k], name) != 0; k++)
            ;
        if (k < n)
            st = ov_table_add_column(r, name, made[k], err);
        else
            st = ov_table_add_view(r, name, ov_table_col(t, j), ov_table_colidx(t, j),
                                   err);
    }
    for (k = 0; k < n && st == OV_OK; k++)
        if (ov_table_find(t, names[k]) < 0)
            st = ov_table_add_column(r, names[k], made[k], err);
    if (st == OV_OK && ov_table_copy_provenance(r, t) != OV_OK)
        st = ov_err_nomem(err, "adding columns");
done:
    for (k = 0; k < n; k++)
        ov_column_unref(made[k]);
    ov_free(made);
    if (st != OV_OK) {
        ov_table_free(r);
        return st;
    }
    *out = r;
    return OV_OK;
}
