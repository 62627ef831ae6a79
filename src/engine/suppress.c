/*
 * suppress.c - statistical disclosure control for published tables: hides
 * small counts (primary), then enough other counts that no printed total
 * gives one back by subtraction (secondary), and the percentages that
 * would reveal them; keeps the audit. The rules follow the GSS guidance on
 * small numbers. Reads a table and builds new ones; no Lua.
 */
#include "config.h"

#include "suppress.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fraction.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "value.h"
#include "suggest.h"

enum { SHOWN, PRIMARY, SECONDARY };

/* A published sum: the counts of row `line` across the count columns, with
 * its Total column; of count column `line` down the rows, with the Total
 * row; or (no Total row) of a count column whose total is known anyway. */
struct eq {
    enum { EQ_ROW, EQ_COL, EQ_COL_KNOWN } kind;
    size_t line;
};

struct sup {
    const ov_table *t;
    const struct ov_suppress_opts *o;
    size_t n, m;    /* rows, count columns */
    size_t *cj;     /* the table column of count column k */
    int64_t *val;   /* [i * m + k] */
    bool *present;  /* [i * m + k] */
    uint8_t *state; /* [i * m + k]: SHOWN, PRIMARY, SECONDARY */
    size_t *why;    /* [i * m + k]: the sum a SECONDARY cell protects */
    struct eq *eqs;
    size_t neqs;
    size_t tk;       /* the count column named "Total", or m */
    bool total_row;  /* the last row is a crosstab's Total row */
    size_t npct;     /* percentage columns */
    size_t *pj;      /* their table columns */
    uint8_t *pstate; /* [i * npct + p]: 0 shown, else the reason (1..3) */
};

static void
sup_free(struct sup *s)
{
    ov_free(s->cj);
    ov_free(s->val);
    ov_free(s->present);
    ov_free(s->state);
    ov_free(s->why);
    ov_free(s->eqs);
    ov_free(s->pj);
    ov_free(s->pstate);
}

void
ov_suppress_opts_init(struct ov_suppress_opts *o)
{
    memset(o, 0, sizeof *o);
    o->below = 10;
    o->marker = "[c]";
    o->secondary = true;
}

/* the text of row i's label: the first column's value, or "row N" */
static void
label(ov_strbuf *b, const struct sup *s, size_t i)
{
    struct ov_view v = ov_table_colview(s->t, 0);
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;
    const char *x;

    if (s->m > 0 && s->cj[0] == 0) {
        ov_strbuf_printf(b, "row %zu", i + 1);
        return;
    }
    if (ov_view_missing(&v, i)) {
        ov_strbuf_puts(b, OV_MISSING_LABEL);
        return;
    }
    if (v.col->type == OV_DATE) {
        len = ov_value_format_date(buf, v.col->data.days[ov_view_row(&v, i)],
                                   OV_DATE_ISO);
        x = buf;
    } else {
        x = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
    }
    ov_strbuf_append(b, x, len);
}

static bool
is_total_label(const struct sup *s, size_t i)
{
    struct ov_view v = ov_table_colview(s->t, 0);
    size_t len;
    const char *x;

    if (v.col->type != OV_STRING || ov_view_missing(&v, i))
        return false;
    x = ov_column_str(v.col, ov_view_row(&v, i), &len);
    return len == 5 && memcmp(x, "Total", 5) == 0;
}

/* the count columns: the options' or every integer measure */
static ov_status
pick_columns(struct sup *s, struct ov_err *err)
{
    const ov_table *t = s->t;
    size_t ncols = ov_table_ncols(t), j, k;

    s->cj = ov_malloc((ncols + 1) * sizeof *s->cj);
    s->pj = ov_malloc((ncols + 1) * sizeof *s->pj);
    if (s->cj == NULL || s->pj == NULL)
        return ov_err_nomem(err, "suppressing");
    if (s->o->cols != NULL) {
        for (k = 0; k < s->o->ncols; k++) {
            int c = ov_table_find(t, s->o->cols[k]);
            size_t q;

            if (c < 0) {
                char hint[400];

                return ov_err_set(err, OV_EINVAL, "cols: no column '%s'%s",
                                  s->o->cols[k],
                                  ov_suggest_column(s->o->cols[k], ov_table_names(t),
                                                    ncols, hint, sizeof hint));
            }
            if (ov_table_col(t, (size_t)c)->type != OV_INT)
                return ov_err_set(err, OV_EINVAL,
                                  "cols: '%s' is not a count (a column of whole "
                                  "numbers); percentages are hidden with their counts",
                                  s->o->cols[k]);
            for (q = 0; q < s->m; q++)
                if (s->cj[q] == (size_t)c)
                    return ov_err_set(err, OV_EINVAL, "cols: '%s' is named twice",
                                      s->o->cols[k]);
            s->cj[s->m++] = (size_t)c;
        }
    } else {
        for (j = 0; j < ncols; j++) {
            const ov_column *c = ov_table_col(t, j);

            if (c->type == OV_INT && c->measure)
                s->cj[s->m++] = j;
        }
    }
    for (j = 0; j < ncols; j++)
        if (ov_table_col(t, j)->num != NULL)
            s->pj[s->npct++] = j;
    if (s->m == 0 && s->npct > 0)
        return ov_err_set(err, OV_EINVAL,
                          "the table has percentages but no counts: suppress the "
                          "counts (a crosstab without pct, a freq, count()), whose "
                          "percentages are hidden with them");
    if (s->m == 0)
        return ov_err_set(err, OV_EINVAL,
                          "the table has no counts (freq's n, crosstab cells, "
                          "count()); name the columns of counts with cols = {...}");
    s->tk = s->m;
    for (k = 0; k < s->m; k++)
        if (strcmp(ov_table_colname(t, s->cj[k]), "Total") == 0)
            s->tk = k;
    return OV_OK;
}

/* the counts, and the cells under the threshold */
static ov_status
read_counts(struct sup *s, struct ov_err *err)
{
    size_t n = s->n, m = s->m, i, k;

    s->val = ov_calloc(n * m + 1, sizeof *s->val);
    s->present = ov_calloc(n * m + 1, sizeof *s->present);
    s->state = ov_calloc(n * m + 1, sizeof *s->state);
    s->why = ov_calloc(n * m + 1, sizeof *s->why);
    s->pstate = ov_calloc(n * s->npct + 1, sizeof *s->pstate);
    s->eqs = ov_calloc(n + m + 1, sizeof *s->eqs);
    if (s->val == NULL || s->present == NULL || s->state == NULL || s->why == NULL ||
        s->pstate == NULL || s->eqs == NULL)
        return ov_err_nomem(err, "suppressing");
    for (i = 0; i < n; i++)
        for (k = 0; k < m; k++) {
            struct ov_view v = ov_table_colview(s->t, s->cj[k]);
            size_t c = i * m + k;

            if (ov_view_missing(&v, i))
                continue;
            s->present[c] = true;
            s->val[c] = v.col->data.i64[ov_view_row(&v, i)];
            if (s->val[c] < s->o->below && (s->val[c] > 0 || s->o->zeros) &&
                s->val[c] >= 0)
                s->state[c] = PRIMARY;
        }
    return OV_OK;
}

/* the cells of sum e: data cells into cells[], the total (if printed) as
 * the last with *has_total; returns the number of data cells */
static size_t
eq_cells(const struct sup *s, const struct eq *e, size_t *cells, bool *has_total)
{
    size_t i, k, nd = 0, rows = s->total_row ? s->n - 1 : s->n;

    *has_total = false;
    switch (e->kind) {
    case EQ_ROW:
        for (k = 0; k < s->m; k++)
            if (k != s->tk)
                cells[nd++] = e->line * s->m + k;
        cells[nd] = e->line * s->m + s->tk;
        *has_total = true;
        break;
    case EQ_COL:
        for (i = 0; i < rows; i++)
            cells[nd++] = i * s->m + e->line;
        cells[nd] = (s->n - 1) * s->m + e->line;
        *has_total = true;
        break;
    default:
        for (i = 0; i < s->n; i++)
            cells[nd++] = i * s->m + e->line;
    }
    return nd;
}

/* the sums a reader can subtract from: each checked to add up */
static void
find_sums(struct sup *s, size_t *cells)
{
    size_t i, k, c, nd;
    bool has_total;

    s->total_row = s->n >= 2 && is_total_label(s, s->n - 1);
    if (s->tk < s->m && s->m >= 2)
        for (i = 0; i < s->n; i++) {
            struct eq e = {EQ_ROW, i};
            int64_t sum = 0;
            bool ok = true;

            nd = eq_cells(s, &e, cells, &has_total);
            for (c = 0; c <= nd; c++)
                ok = ok && s->present[cells[c]];
            for (c = 0; c < nd && ok; c++)
                sum += s->val[cells[c]];
            if (ok && sum == s->val[cells[nd]])
                s->eqs[s->neqs++] = e;
        }
    for (k = 0; k < s->m; k++) {
        struct eq e = {s->total_row ? EQ_COL : EQ_COL_KNOWN, k};
        int64_t sum = 0;
        bool ok = true;

        nd = eq_cells(s, &e, cells, &has_total);
        if (has_total) {
            for (c = 0; c <= nd; c++)
                ok = ok && s->present[cells[c]];
            for (c = 0; c < nd && ok; c++)
                sum += s->val[cells[c]];
            ok = ok && sum == s->val[cells[nd]];
        }
        if (ok)
            s->eqs[s->neqs++] = e;
    }
}

/* one pass over the sums; true if a cell was hidden */
static bool
secondary_pass(struct sup *s, size_t *cells)
{
    size_t q, c, nd;
    bool changed = false, has_total;

    for (q = 0; q < s->neqs; q++) {
        size_t hidden = 0, best = SIZE_MAX;

        nd = eq_cells(s, &s->eqs[q], cells, &has_total);
        for (c = 0; c < nd + has_total; c++)
            hidden += s->present[cells[c]] && s->state[cells[c]] != SHOWN;
        if (hidden != 1)
            continue;
        /* the smallest shown cell, above 0 if any; the total last */
        for (c = 0; c < nd; c++) {
            size_t x = cells[c];

            if (!s->present[x] || s->state[x] != SHOWN)
                continue;
            if (best == SIZE_MAX || (s->val[best] == 0 && s->val[x] > 0) ||
                ((s->val[x] > 0) == (s->val[best] > 0) && s->val[x] < s->val[best]))
                best = x;
        }
        if (best == SIZE_MAX && has_total && s->state[cells[nd]] == SHOWN &&
            s->present[cells[nd]])
            best = cells[nd];
        if (best == SIZE_MAX)
            continue;
        s->state[best] = SECONDARY;
        s->why[best] = q;
        changed = true;
    }
    return changed;
}

/* the percentages that rest on hidden counts */
static void
hide_percentages(struct sup *s)
{
    size_t i, p, k;

    for (p = 0; p < s->npct; p++) {
        struct ov_view v = ov_table_colview(s->t, s->pj[p]);
        size_t cum = s->m; /* the count column this one is a running sum of */

        for (k = 0; k < s->m && cum == s->m; k++) {
            int64_t run = 0;
            bool ok = s->n > 0;

            for (i = 0; i < s->n && ok; i++) {
                run += s->present[i * s->m + k] ? s->val[i * s->m + k] : 0;
                ok = !ov_view_missing(&v, i) &&
                     v.col->num[ov_view_row(&v, i)] == (double)run;
            }
            if (ok && s->n > 1)
                cum = k;
        }
        for (i = 0; i < s->n; i++) {
            size_t r = ov_view_row(&v, i);
            double num, den;

            if (ov_view_missing(&v, i))
                continue;
            num = v.col->num[r];
            den = v.col->den[r];
            if (den > 0 && den < (double)s->o->below)
                s->pstate[i * s->npct + p] = 2;
            for (k = 0; k < s->m; k++) {
                size_t c = i * s->m + k;

                if (s->state[c] != SHOWN &&
                    (num == (double)s->val[c] || den == (double)s->val[c]))
                    s->pstate[i * s->npct + p] = 1;
            }
            if (cum < s->m) {
                size_t q;

                for (q = 0; q <= i; q++)
                    if (s->state[q * s->m + cum] != SHOWN)
                        s->pstate[i * s->npct + p] = 3;
            }
        }
    }
}

/* ---- the tables made ---- */

/* a column of n texts, from the NUL-separated texts of b at offsets off */
static ov_column *
text_column(const ov_strbuf *b, const size_t *off, size_t n, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_STRING, n, NULL, (uint32_t)(n + 1), err);
    size_t i;

    for (i = 0; i < n && c != NULL; i++) {
        uint32_t code;
        const char *x = b->data + off[i];

        if (ov_dict_intern(c->dict, x, strlen(x), &code, NULL) != OV_OK) {
            ov_column_unref(c);
            ov_err_nomem(err, "suppressing");
            return NULL;
        }
        ov_column_set_code(c, i, code);
    }
    return c;
}

/* one hidden cell of the audit and the markers */
struct hid {
    size_t i, j;
    ov_strbuf *b;
    size_t lab, col, value, reason, meaning; /* offsets into b */
};

static void
put_text(ov_strbuf *b, size_t *off, const char *s, const char *s2)
{
    *off = b->len;
    ov_strbuf_puts(b, s);
    ov_strbuf_puts(b, s2);
    ov_strbuf_putc(b, '\0');
}

/* the texts of the hidden cells, in row then column order */
static size_t
list_hidden(const struct sup *s, ov_strbuf *b, struct hid *h)
{
    size_t ncols = ov_table_ncols(s->t), i, j, k, p, nh = 0;
    ov_strbuf tmp = OV_STRBUF_INIT;
    char below[32];

    snprintf(below, sizeof below, "%" PRId64, s->o->below);
    for (i = 0; i < s->n; i++)
        for (j = 0; j < ncols; j++) {
            uint8_t st = 0, ps = 0;
            char v[OV_VALUE_TEXT_MAX];

            for (k = 0; k < s->m; k++)
                if (s->cj[k] == j)
                    st = s->state[i * s->m + k];
            for (p = 0; p < s->npct; p++)
                if (s->pj[p] == j)
                    ps = s->pstate[i * s->npct + p];
            if (st == SHOWN && ps == 0)
                continue;
            h[nh].i = i;
            h[nh].j = j;
            ov_strbuf_reset(&tmp);
            label(&tmp, s, i);
            put_text(b, &h[nh].lab, ov_strbuf_cstr(&tmp), "");
            put_text(b, &h[nh].col, ov_table_colname(s->t, j), "");
            ov_strbuf_reset(&tmp);
            if (st != SHOWN) {
                for (k = 0; s->cj[k] != j; k++)
                    ;
                snprintf(v, sizeof v, "%" PRId64, s->val[i * s->m + k]);
                put_text(b, &h[nh].value, v, "");
                if (st == PRIMARY) {
                    ov_strbuf_printf(&tmp, "primary: %s < %s", v, below);
                    put_text(b, &h[nh].meaning, "suppressed: fewer than ", below);
                } else {
                    const struct eq *e = &s->eqs[s->why[i * s->m + k]];

                    ov_strbuf_puts(&tmp, "secondary: would reveal ");
                    if (e->kind == EQ_ROW) {
                        ov_strbuf_puts(&tmp, "row '");
                        label(&tmp, s, e->line);
                        ov_strbuf_puts(&tmp, "'");
                    } else {
                        ov_strbuf_printf(&tmp, "column '%s'%s",
                                         ov_table_colname(s->t, s->cj[e->line]),
                                         e->kind == EQ_COL_KNOWN ? " from its total"
                                                                 : "");
                    }
                    put_text(b, &h[nh].meaning,
                             "suppressed: would reveal a hidden count", "");
                }
            } else {
                struct ov_view pv = ov_table_colview(s->t, j);
                size_t r = ov_view_row(&pv, i);

                if (pv.col->per > 0) {
                    /* a rate: its value, "per 1,000" said by the column */
                    v[ov_value_format_fixed(
                        v, pv.col->per * pv.col->num[r] / pv.col->den[r], 1)] = '\0';
                    put_text(b, &h[nh].value, v, "");
                } else {
                    v[ov_q_format_percent(v, pv.col->num[r], pv.col->den[r], 1)] = '\0';
                    put_text(b, &h[nh].value, v, "%");
                }
                ov_strbuf_puts(&tmp, ps == 1   ? "percentage of a hidden count"
                                     : ps == 2 ? "percentage of fewer than "
                                               : "cumulative past a hidden count");
                if (ps == 2)
                    ov_strbuf_puts(&tmp, below);
                put_text(b, &h[nh].meaning, "suppressed: rests on a hidden count", "");
            }
            put_text(b, &h[nh].reason, ov_strbuf_cstr(&tmp), "");
            nh++;
        }
    ov_strbuf_free(&tmp);
    return nh;
}

/* adds column `name` of n rows to r; takes c (NULL: fails with err) */
static ov_status
add(ov_table *r, const char *name, ov_column *c, struct ov_err *err)
{
    ov_status st;

    if (c == NULL)
        return err->status;
    st = ov_table_add_column(r, name, c, err);
    ov_column_unref(c);
    return st;
}

static ov_column *
int_column(const struct hid *h, size_t n, bool rows, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_INT, n, NULL, 0, err);
    size_t k;

    for (k = 0; k < n && c != NULL; k++)
        c->data.i64[k] = (int64_t)(rows ? h[k].i + 1 : 0);
    return c;
}

static ov_column *
field_column(const struct hid *h, size_t n, size_t which, struct ov_err *err)
{
    size_t *off = ov_malloc((n + 1) * sizeof *off), k;
    ov_column *c;

    if (off == NULL) {
        ov_err_nomem(err, "suppressing");
        return NULL;
    }
    for (k = 0; k < n; k++)
        off[k] = which == 0   ? h[k].lab
                 : which == 1 ? h[k].col
                 : which == 2 ? h[k].value
                 : which == 3 ? h[k].reason
                              : h[k].meaning;
    c = text_column(h[0].b, off, n, err);
    ov_free(off);
    return c;
}

/* the audit: row, label, column, value, reason */
static ov_status
audit_table(const struct hid *h, size_t n, ov_table **out, struct ov_err *err)
{
    ov_table *a = ov_table_new(n, err);
    ov_status st;

    if (a == NULL)
        return err->status;
    if ((st = add(a, "row", int_column(h, n, true, err), err)) != OV_OK ||
        (st = add(a, "label", field_column(h, n, 0, err), err)) != OV_OK ||
        (st = add(a, "column", field_column(h, n, 1, err), err)) != OV_OK ||
        (st = add(a, "value", field_column(h, n, 2, err), err)) != OV_OK ||
        (st = add(a, "reason", field_column(h, n, 3, err), err)) != OV_OK) {
        ov_table_free(a);
        return st;
    }
    (void)ov_table_set_name(a, "suppressed");
    *out = a;
    return OV_OK;
}

/* the markers, as a loaded sheet's: row, column, cell, marker, meaning,
 * value (missing: the value is not kept) */
static ov_status
markers_table(const struct hid *h, size_t n, const char *marker, ov_table **out,
              struct ov_err *err)
{
    ov_table *a = ov_table_new(n, err);
    ov_column *cell = NULL, *mk = NULL, *val = NULL;
    size_t k;
    ov_status st;

    if (a == NULL)
        return err->status;
    cell = ov_column_new(OV_STRING, n, NULL, 2, err);
    mk = cell != NULL ? ov_column_new(OV_STRING, n, NULL, 2, err) : NULL;
    val = mk != NULL ? ov_column_new(OV_FLOAT, n, NULL, 0, err) : NULL;
    if (val != NULL) {
        uint32_t empty, code;

        if (ov_dict_intern(cell->dict, "", 0, &empty, NULL) != OV_OK ||
            ov_dict_intern(mk->dict, marker, strlen(marker), &code, NULL) != OV_OK) {
            st = ov_err_nomem(err, "suppressing");
            goto fail;
        }
        for (k = 0; k < n; k++) {
            ov_column_set_code(cell, k, empty);
            ov_column_set_code(mk, k, code);
            if (ov_column_set_missing(val, k) != OV_OK) {
                st = ov_err_nomem(err, "suppressing");
                goto fail;
            }
        }
        ov_column_finish(val);
    }
    if ((st = add(a, "row", int_column(h, n, true, err), err)) != OV_OK ||
        (st = add(a, "column", field_column(h, n, 1, err), err)) != OV_OK)
        goto fail;
    st = add(a, "cell", cell, err);
    cell = NULL;
    if (st != OV_OK)
        goto fail;
    st = add(a, "marker", mk, err);
    mk = NULL;
    if (st != OV_OK ||
        (st = add(a, "meaning", field_column(h, n, 4, err), err)) != OV_OK)
        goto fail;
    st = add(a, "value", val, err);
    val = NULL;
    if (st != OV_OK)
        goto fail;
    *out = a;
    return OV_OK;
fail:
    ov_column_unref(cell);
    ov_column_unref(mk);
    ov_column_unref(val);
    ov_table_free(a);
    return st;
}

/* column j of t with the rows hid[i] hidden (missing): a copy */
static ov_column *
hidden_copy(const ov_table *t, size_t j, const bool *hid, struct ov_err *err)
{
    struct ov_view v = ov_table_colview(t, j);
    const ov_column *src = v.col;
    size_t n = ov_table_nrows(t), i;
    ov_column *c = ov_column_new(src->type, n, NULL, 0, err);

    if (c == NULL)
        return NULL;
    c->measure = src->measure;
    c->grouped = src->grouped;
    c->float_style = src->float_style;
    c->per = src->per;
    c->change = src->change;
    if (src->num != NULL && ov_column_alloc_percent(c) != OV_OK)
        goto nomem;
    for (i = 0; i < n; i++) {
        size_t r = ov_view_row(&v, i);

        if (hid[i] || ov_view_missing(&v, i)) {
            if (ov_column_set_missing(c, i) != OV_OK)
                goto nomem;
            continue;
        }
        if (src->type == OV_INT)
            c->data.i64[i] = src->data.i64[r];
        else
            c->data.f64[i] = src->data.f64[r];
        if (src->num != NULL) {
            c->num[i] = src->num[r];
            c->den[i] = src->den[r];
        }
    }
    ov_column_finish(c);
    return c;
nomem:
    ov_column_unref(c);
    ov_err_nomem(err, "suppressing");
    return NULL;
}

/* the published copy: hidden cells missing, the rest shared */
static ov_status
published(const struct sup *s, ov_table **out, struct ov_err *err)
{
    size_t ncols = ov_table_ncols(s->t), i, j, k, p;
    ov_table *r = ov_table_new(s->n, err);
    bool *hid = ov_malloc((s->n + 1) * sizeof *hid);
    ov_status st = OV_OK;

    if (r == NULL || hid == NULL) {
        ov_free(hid);
        ov_table_free(r);
        return r == NULL ? err->status : ov_err_nomem(err, "suppressing");
    }
    for (j = 0; j < ncols && st == OV_OK; j++) {
        bool any = false;
        const char *name = ov_table_colname(s->t, j);

        for (i = 0; i < s->n; i++) {
            hid[i] = false;
            for (k = 0; k < s->m; k++)
                if (s->cj[k] == j && s->state[i * s->m + k] != SHOWN)
                    hid[i] = true;
            for (p = 0; p < s->npct; p++)
                if (s->pj[p] == j && s->pstate[i * s->npct + p] != 0)
                    hid[i] = true;
            any = any || hid[i];
        }
        if (any)
            st = add(r, name, hidden_copy(s->t, j, hid, err), err);
        else
            st = ov_table_add_view(r, name, ov_table_col(s->t, j),
                                   ov_table_colidx(s->t, j), err);
    }
    ov_free(hid);
    if (st == OV_OK && (ov_table_copy_provenance(r, s->t) != OV_OK ||
                        ov_table_set_name(r, ov_table_name(s->t)) != OV_OK))
        st = ov_err_nomem(err, "suppressing");
    if (st != OV_OK) {
        ov_table_free(r);
        return st;
    }
    *out = r;
    return OV_OK;
}

ov_status
ov_suppress(const ov_table *t, const struct ov_suppress_opts *o, ov_table **out,
            ov_table **audit, struct ov_err *err)
{
    struct sup s;
    size_t *cells = NULL, nh;
    struct hid *h = NULL;
    ov_strbuf b = OV_STRBUF_INIT;
    ov_table *r = NULL, *a = NULL, *mk = NULL;
    ov_status st;

    *out = *audit = NULL;
    if (o->below < 1)
        return ov_err_set(err, OV_EINVAL,
                          "below must be 1 or more (counts under it are hidden), not "
                          "%" PRId64,
                          o->below);
    if (o->marker == NULL || o->marker[0] == '\0' || strlen(o->marker) > 16)
        return ov_err_set(
            err, OV_EINVAL,
            "marker must be a short text such as \"[c]\" (1 to 16 bytes)");
    memset(&s, 0, sizeof s);
    s.t = t;
    s.o = o;
    s.n = ov_table_nrows(t);
    if ((st = pick_columns(&s, err)) != OV_OK || (st = read_counts(&s, err)) != OV_OK)
        goto done;
    cells = ov_malloc((s.n + s.m + 2) * sizeof *cells);
    h = ov_calloc(s.n * (s.m + s.npct) + 1, sizeof *h);
    if (cells == NULL || h == NULL) {
        st = ov_err_nomem(err, "suppressing");
        goto done;
    }
    find_sums(&s, cells);
    while (o->secondary && secondary_pass(&s, cells))
        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
    hide_percentages(&s);
    nh = list_hidden(&s, &b, h);
    if (ov_strbuf_status(&b) != OV_OK) {
        st = ov_err_nomem(err, "suppressing");
        goto done;
    }
    h[0].b = &b;
    if ((st = published(&s, &r, err)) != OV_OK ||
        (st = audit_table(h, nh, &a, err)) != OV_OK ||
        (st = markers_table(h, nh, o->marker, &mk, err)) != OV_OK)
        goto done;
    ov_table_set_markers(r, mk);
    mk = NULL;
    *out = r;
    *audit = a;
    r = a = NULL;
done:
    ov_table_free(r);
    ov_table_free(a);
    ov_table_free(mk);
    ov_strbuf_free(&b);
    ov_free(cells);
    ov_free(h);
    sup_free(&s);
    return st;
}
