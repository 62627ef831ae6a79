/*
 * tablenote.c - the small-number flags of a printed table's cells and the
 * footnotes under it (GSS guidance on small numbers: say when a figure
 * rests on few cases; say when rounded percentages do not add to 100).
 * Reads tables only; no Lua, no terminal.
 */
#include "config.h"

#include "tablenote.h"

#include <stdlib.h>
#include <string.h>

#include "ov_mem.h"
#include "rounding.h"
#include "stats.h"
#include "value.h"

const char *
ov_small_marker(enum ov_fmt_mode mode)
{
    return mode == OV_FMT_PLAIN ? "~" : "\xe2\x80\xa0"; /* † */
}

bool
ov_small_row(const ov_table *t, size_t i, size_t small, bool *flags)
{
    size_t ncols = ov_table_ncols(t), j, k;
    bool any = false;

    for (j = 0; j < ncols; j++)
        flags[j] = false;
    if (small == 0)
        return false;
    for (j = 0; j < ncols; j++) {
        struct ov_view v = ov_table_colview(t, j);
        size_t r;

        if (v.col->num == NULL || ov_view_missing(&v, i))
            continue;
        r = ov_view_row(&v, i);
        /* a share rests on its whole; a rate (per > 0) on its events */
        if (v.col->per > 0 ? v.col->num[r] >= 0 && v.col->num[r] < (double)small
                           : v.col->den[r] > 0 && v.col->den[r] < (double)small)
            flags[j] = any = true;
    }
    if (!any)
        return false;
    /* the count each flagged figure rests on: the first count of the row
     * equal to a percentage's whole (freq's n, count() before pct()) or to
     * a rate's events */
    for (k = 0; k < ncols; k++) {
        struct ov_view p = ov_table_colview(t, k);
        double den;

        if (!flags[k] || p.col->num == NULL)
            continue;
        den = p.col->per > 0 ? p.col->num[ov_view_row(&p, i)]
                             : p.col->den[ov_view_row(&p, i)];
        for (j = 0; j < ncols; j++) {
            struct ov_view v = ov_table_colview(t, j);

            if (v.col->type == OV_INT && v.col->measure && !ov_view_missing(&v, i) &&
                (double)v.col->data.i64[ov_view_row(&v, i)] == den) {
                flags[j] = true;
                break;
            }
        }
    }
    return true;
}

static int
by_cell(const void *a, const void *b)
{
    const struct ov_marked_cell *x = a, *y = b;

    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

ov_status
ov_marked_cells(const ov_table *t, struct ov_marked_cell **out, size_t *n,
                struct ov_err *err)
{
    const ov_table *m = ov_table_markers(t);
    int crow, ccol, cmark;
    size_t k, nm, nrows = ov_table_nrows(t);
    struct ov_view vr, vc, vm;

    *out = NULL;
    *n = 0;
    if (m == NULL || (crow = ov_table_find(m, "row")) < 0 ||
        (ccol = ov_table_find(m, "column")) < 0 ||
        (cmark = ov_table_find(m, "marker")) < 0)
        return OV_OK;
    vr = ov_table_colview(m, (size_t)crow);
    vc = ov_table_colview(m, (size_t)ccol);
    vm = ov_table_colview(m, (size_t)cmark);
    if (vr.col->type != OV_INT || vc.col->type != OV_STRING ||
        vm.col->type != OV_STRING)
        return OV_OK;
    nm = ov_table_nrows(m);
    if ((*out = ov_malloc((nm ? nm : 1) * sizeof **out)) == NULL)
        return ov_err_nomem(err, "showing a table's markers");
    for (k = 0; k < nm; k++) {
        int64_t row;
        int j;
        size_t len;
        const char *col;
        struct ov_view v;

        if (ov_view_missing(&vr, k) || ov_view_missing(&vc, k) ||
            ov_view_missing(&vm, k))
            continue;
        row = vr.col->data.i64[ov_view_row(&vr, k)];
        col = ov_column_str(vc.col, ov_view_row(&vc, k), &len);
        if (row < 1 || (uint64_t)row > nrows || (j = ov_table_find(t, col)) < 0)
            continue;
        v = ov_table_colview(t, (size_t)j);
        if (!ov_view_missing(&v, (size_t)row - 1))
            continue; /* a flag beside a value kept: the value shows */
        (*out)[*n].i = (size_t)row - 1;
        (*out)[*n].j = (size_t)j;
        (*out)[*n].marker = ov_column_str(vm.col, ov_view_row(&vm, k), &len);
        (*n)++;
    }
    qsort(*out, *n, sizeof **out, by_cell);
    return OV_OK;
}

bool
ov_small_figure(const struct ov_figure *f, size_t small, ov_strbuf *note)
{
    double cases;

    if (small == 0 || (f->kind != OV_FIG_PCT && f->kind != OV_FIG_RATE))
        return false;
    /* a rate's reliability rests on its events, a share's on its whole */
    cases = f->kind == OV_FIG_PCT ? f->b : f->a;
    if (!(cases >= 0 && cases < (double)small))
        return false;
    if (note != NULL)
        ov_strbuf_printf(note, "based on fewer than %zu %s (%g): treat with caution",
                         small, f->kind == OV_FIG_PCT ? "cases" : "events", cases);
    return true;
}

/* the label of row i: its first column's text, quoted */
static void
row_label(ov_strbuf *b, const ov_table *t, size_t i)
{
    struct ov_view v = ov_table_colview(t, 0);
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;
    const char *s;

    if (ov_view_missing(&v, i)) {
        ov_strbuf_puts(b, OV_MISSING_LABEL);
        return;
    }
    s = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
    ov_strbuf_putc(b, '\'');
    ov_strbuf_append(b, s, len > 40 ? 40 : len);
    ov_strbuf_puts(b, len > 40 ? "\xe2\x80\xa6'" : "'");
}

/* where set s is: "pct" (a column), or "row 'Essex'" */
static void
set_label(ov_strbuf *b, const ov_table *t, const struct ov_pct_set *s)
{
    if (s->across) {
        ov_strbuf_puts(b, "row ");
        row_label(b, t, s->line);
    } else {
        ov_strbuf_puts(b, ov_table_colname(t, s->line));
    }
}

static void
units_text(ov_strbuf *b, int64_t u)
{
    ov_strbuf_printf(b, "%lld.%lld", (long long)(u / 10), (long long)(u % 10));
}

#define LISTED 4

/* the note on sets printed by largest remainder: how many cells moved */
static void
nudged_note(ov_strbuf *b, const ov_table *t, const struct ov_pct_set *sets, size_t n)
{
    size_t k, m, moved = 0, listed = 0;

    for (k = 0; k < n; k++)
        for (m = 0; m < sets[k].n; m++) {
            size_t i = sets[k].across ? sets[k].line : sets[k].cells[m];
            size_t j = sets[k].across ? sets[k].cells[m] : sets[k].line;
            struct ov_view v = ov_table_colview(t, j);

            if (v.col->nudge != NULL && v.col->nudge[ov_view_row(&v, i)] != 0)
                moved++;
        }
    ov_strbuf_printf(b,
                     "percentages use largest-remainder rounding to add to 100.0: "
                     "%zu value%s moved by 0.1",
                     moved, moved == 1 ? "" : "s");
    for (k = 0; k < n && listed <= LISTED; k++)
        for (m = 0; m < sets[k].n && listed <= LISTED; m++) {
            size_t i = sets[k].across ? sets[k].line : sets[k].cells[m];
            size_t j = sets[k].across ? sets[k].cells[m] : sets[k].line;
            struct ov_view v = ov_table_colview(t, j);
            int d;
            int64_t u;

            if (v.col->nudge == NULL || (d = v.col->nudge[ov_view_row(&v, i)]) == 0)
                continue;
            if (listed++ == LISTED) {
                ov_strbuf_puts(b, ", \xe2\x80\xa6");
                break;
            }
            ov_strbuf_puts(b, listed == 1 ? " (" : ", ");
            row_label(b, t, i);
            ov_strbuf_printf(b, " %s ", ov_table_colname(t, j));
            if (ov_pct_printed(t, i, j, 1, &u)) {
                units_text(b, u - d);
                ov_strbuf_puts(b, " to ");
                units_text(b, u);
            }
        }
    ov_strbuf_puts(b, listed > 0 ? ")\n" : "\n");
}

/* the rounding note: sets that do not print to 100.0 */
static void
rounding_note(ov_strbuf *b, const ov_table *t, const struct ov_pct_set *sets, size_t n)
{
    size_t k, off = 0, listed = 0;
    bool nudged = false;

    for (k = 0; k < n; k++) {
        size_t m;

        if (ov_pct_set_sum(t, &sets[k], 1) != 1000)
            off++;
        for (m = 0; m < sets[k].n && !nudged; m++)
            nudged = ov_table_col(t, sets[k].across ? sets[k].cells[m] : sets[k].line)
                         ->nudge != NULL;
    }
    if (nudged)
        nudged_note(b, t, sets, n);
    if (off == 0)
        return;
    ov_strbuf_puts(b, "percentages are rounded and add to ");
    for (k = 0; k < n; k++) {
        int64_t sum = ov_pct_set_sum(t, &sets[k], 1);

        if (sum == 1000)
            continue;
        if (listed == LISTED) {
            ov_strbuf_printf(b, " and %zu more", off - listed);
            break;
        }
        if (listed++ > 0)
            ov_strbuf_puts(b, ", ");
        units_text(b, sum);
        if (n > 1) {
            ov_strbuf_puts(b, " (");
            set_label(b, t, &sets[k]);
            ov_strbuf_putc(b, ')');
        }
    }
    ov_strbuf_puts(b, "\n");
}

ov_status
ov_table_notes(ov_strbuf *b, const ov_table *t, const struct ov_fmt_opts *o,
               size_t flagged_rows, struct ov_err *err)
{
    struct ov_pct_set *sets;
    size_t n;
    ov_status st;

    if (flagged_rows > 0)
        ov_strbuf_printf(b,
                         "%s based on fewer than %zu cases (%zu row%s): treat with "
                         "caution\n",
                         ov_small_marker(o->mode), o->small, flagged_rows,
                         flagged_rows == 1 ? "" : "s");
    if ((st = ov_pct_sets(t, &sets, &n, err)) != OV_OK)
        return st;
    rounding_note(b, t, sets, n);
    ov_pct_sets_free(sets, n);
    if (ov_strbuf_status(b) != OV_OK)
        return ov_err_nomem(err, "writing a table's notes");
    return OV_OK;
}
