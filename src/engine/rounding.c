/*
 * rounding.c - percentages that should add to 100: which cells of a table
 * form such a set, what they add to once rounded for printing, and
 * largest-remainder rounding for publication. Exact integer arithmetic on
 * the numerators and denominators percentage columns keep; no Lua.
 */
#include "config.h"

#include "rounding.h"

#include <math.h>
#include <string.h>

#include "fraction.h"
#include "ov_mem.h"

/* largest whole number a double holds exactly */
#define WHOLE_MAX 9007199254740992.0

static bool
is_pct(const ov_table *t, size_t j)
{
    const ov_column *c = ov_table_col(t, j);

    /* percentages only: a rate column (per > 0) adds to nothing */
    return c->num != NULL && c->per == 0;
}

/* numerator and denominator of cell (i, j); false when missing */
static bool
pct_cell(const ov_table *t, size_t i, size_t j, double *num, double *den)
{
    struct ov_view v = ov_table_colview(t, j);
    size_t r;

    if (ov_view_missing(&v, i))
        return false;
    r = ov_view_row(&v, i);
    *num = v.col->num[r];
    *den = v.col->den[r];
    return *den > 0;
}

static bool
whole(double x)
{
    return x >= 0 && x <= WHOLE_MAX && x == floor(x);
}

/* true if t's last row is a crosstab's "Total" row */
static bool
total_row(const ov_table *t)
{
    size_t n = ov_table_nrows(t), len;
    struct ov_view v;
    const char *s;

    if (n < 2 || ov_table_ncols(t) == 0)
        return false;
    v = ov_table_colview(t, 0);
    if (v.col->type != OV_STRING || ov_view_missing(&v, n - 1))
        return false;
    s = ov_column_str(v.col, ov_view_row(&v, n - 1), &len);
    return len == 5 && memcmp(s, "Total", 5) == 0;
}

bool
ov_pct_printed(const ov_table *t, size_t i, size_t j, int places, int64_t *units)
{
    struct ov_view v = ov_table_colview(t, j);
    size_t r;
    ov_i128 s;

    if (ov_view_missing(&v, i))
        return false;
    r = ov_view_row(&v, i);
    if (v.col->den[r] == 0)
        return false;
    if (ov_q_percent(v.col->num[r], v.col->den[r], places, &s))
        *units = (int64_t)s;
    else
        *units =
            (int64_t)llround(100.0 * v.col->num[r] / v.col->den[r] * pow(10, places));
    if (v.col->nudge != NULL)
        *units += v.col->nudge[r];
    return true;
}

int64_t
ov_pct_set_sum(const ov_table *t, const struct ov_pct_set *s, int places)
{
    int64_t sum = 0, u;
    size_t k;

    for (k = 0; k < s->n; k++) {
        size_t i = s->across ? s->line : s->cells[k];
        size_t j = s->across ? s->cells[k] : s->line;

        if (ov_pct_printed(t, i, j, places, &u))
            sum += u;
    }
    return sum;
}

/* appends a set, taking cells (owned) */
static bool
add_set(struct ov_pct_set **sets, size_t *n, size_t *cap, bool across, size_t line,
        size_t *cells, size_t ncells)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        struct ov_pct_set *ns = ov_realloc(*sets, nc * sizeof *ns);

        if (ns == NULL)
            return false;
        *sets = ns;
        *cap = nc;
    }
    (*sets)[*n].across = across;
    (*sets)[*n].line = line;
    (*sets)[*n].cells = cells;
    (*sets)[*n].n = ncells;
    (*n)++;
    return true;
}

/* the rows of column j that form a set, into rows (scratch of nrows);
 * returns their number, 0 if they do not form one */
static size_t
column_set(const ov_table *t, size_t j, size_t nrows, size_t *rows)
{
    double d = 0, sum = 0, num, den;
    size_t i, k = 0;

    for (i = 0; i < nrows; i++) {
        if (!pct_cell(t, i, j, &num, &den))
            continue;
        if (!whole(num) || !whole(den) || (k > 0 && den != d))
            return 0;
        d = den;
        sum += num;
        rows[k++] = i;
    }
    return k >= 2 && sum == d ? k : 0;
}

/* the columns of row i that form a set across, given the Total column
 * tc, into cols (scratch of ncols) */
static size_t
row_set(const ov_table *t, size_t i, size_t tc, size_t *cols)
{
    double d, tn, sum = 0, num, den;
    size_t j, k = 0;

    if (!pct_cell(t, i, tc, &tn, &d) || tn != d || !whole(d))
        return 0;
    for (j = 1; j < tc; j++) {
        if (!is_pct(t, j))
            return 0;
        if (!pct_cell(t, i, j, &num, &den))
            continue;
        if (den != d || !whole(num))
            return 0;
        sum += num;
        cols[k++] = j;
    }
    return k >= 2 && sum == d ? k : 0;
}

ov_status
ov_pct_sets(const ov_table *t, struct ov_pct_set **sets, size_t *nsets,
            struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), ncols = ov_table_ncols(t), i, j, k, cap = 0;
    size_t shown = total_row(t) ? nrows - 1 : nrows;
    size_t *scratch = ov_malloc((nrows > ncols ? nrows : ncols) * sizeof *scratch + 1);
    size_t *cells = NULL;

    *sets = NULL;
    *nsets = 0;
    if (scratch == NULL)
        return ov_err_nomem(err, "adding up percentages");
    for (j = 0; j < ncols; j++) {
        if (!is_pct(t, j) || (k = column_set(t, j, shown, scratch)) == 0)
            continue;
        cells = ov_malloc(k * sizeof *cells);
        if (cells == NULL || !add_set(sets, nsets, &cap, false, j, cells, k))
            goto nomem;
        memcpy(cells, scratch, k * sizeof *cells);
    }
    if (ncols >= 4 && is_pct(t, ncols - 1) &&
        strcmp(ov_table_colname(t, ncols - 1), "Total") == 0)
        for (i = 0; i < nrows; i++) {
            if ((k = row_set(t, i, ncols - 1, scratch)) == 0)
                continue;
            cells = ov_malloc(k * sizeof *cells);
            if (cells == NULL || !add_set(sets, nsets, &cap, true, i, cells, k))
                goto nomem;
            memcpy(cells, scratch, k * sizeof *cells);
        }
    ov_free(scratch);
    return OV_OK;
nomem:
    ov_free(cells);
    ov_free(scratch);
    ov_pct_sets_free(*sets, *nsets);
    *sets = NULL;
    *nsets = 0;
    return ov_err_nomem(err, "adding up percentages");
}

void
ov_pct_sets_free(struct ov_pct_set *sets, size_t n)
{
    size_t k;

    for (k = 0; k < n && sets != NULL; k++)
        ov_free(sets[k].cells);
    ov_free(sets);
}

ov_status
ov_round_largest_remainder(const double *num, size_t n, double den, int places,
                           int8_t *nudge, struct ov_err *err)
{
    ov_i128 total, d = (ov_i128)den, given = 0, rem;
    ov_i128 *floor_ = NULL, *remainder = NULL;
    bool *up = NULL;
    double sum = 0;
    size_t i, k;

    if (!whole(den) || den == 0 || places < 0 || places > 6)
        return ov_err_set(err, OV_EINVAL,
                          "largest remainder: the whole must be a count above 0");
    for (i = 0; i < n; i++) {
        if (!whole(num[i]))
            return ov_err_set(err, OV_EINVAL,
                              "largest remainder: share %zu is not a count", i + 1);
        sum += num[i];
    }
    if (sum != den)
        return ov_err_set(
            err, OV_EINVAL,
            "largest remainder: the shares add to %.0f, not the whole %.0f", sum, den);
    if (!ov_q_pow10(places + 2, &total))
        return ov_err_set(err, OV_EINVAL, "largest remainder: too many decimals");
    floor_ = ov_malloc((n ? n : 1) * sizeof *floor_);
    remainder = ov_malloc((n ? n : 1) * sizeof *remainder);
    up = ov_calloc(n ? n : 1, sizeof *up);
    if (floor_ == NULL || remainder == NULL || up == NULL) {
        ov_free(floor_);
        ov_free(remainder);
        ov_free(up);
        return ov_err_nomem(err, "rounding percentages");
    }
    /* share i is (num[i] x total) / d units: a floor and a remainder */
    for (i = 0; i < n; i++) {
        ov_i128 x = (ov_i128)num[i] * total;

        floor_[i] = x / d;
        remainder[i] = x % d;
        given += floor_[i];
    }
    /* the remainders add to a whole number of units: that many go up, one
     * each, the largest remainder first, ties to the earlier share */
    for (rem = total - given; rem > 0; rem--) {
        size_t best = n;

        for (k = 0; k < n; k++)
            if (!up[k] && (best == n || remainder[k] > remainder[best]))
                best = k;
        if (best == n)
            break;
        up[best] = true;
    }
    for (i = 0; i < n; i++) {
        /* the house rule: half away from zero, so up when 2r >= d */
        bool house_up = 2 * remainder[i] >= d;

        nudge[i] = (int8_t)((int)up[i] - (int)house_up);
    }
    ov_free(floor_);
    ov_free(remainder);
    ov_free(up);
    return OV_OK;
}

/* sets the nudges of one set */
static ov_status
round_set(ov_table *t, const struct ov_pct_set *s, size_t *adjusted, struct ov_err *err)
{
    double *num = ov_malloc(s->n * sizeof *num), den = 0;
    int8_t *nudge = ov_malloc(s->n * sizeof *nudge);
    size_t k;
    ov_status st = OV_OK;

    if (num == NULL || nudge == NULL) {
        st = ov_err_nomem(err, "rounding percentages");
        goto done;
    }
    for (k = 0; k < s->n; k++) {
        size_t i = s->across ? s->line : s->cells[k];
        size_t j = s->across ? s->cells[k] : s->line;

        (void)pct_cell(t, i, j, &num[k], &den);
    }
    if ((st = ov_round_largest_remainder(num, s->n, den, 1, nudge, err)) != OV_OK)
        goto done;
    for (k = 0; k < s->n && st == OV_OK; k++) {
        size_t i = s->across ? s->line : s->cells[k];
        size_t j = s->across ? s->cells[k] : s->line;
        struct ov_view v = ov_table_colview(t, j);
        ov_column *c = ov_table_col(t, j);

        if (nudge[k] == 0)
            continue;
        if (c->refs != 1) {
            st = ov_err_set(err, OV_EINVAL,
                            "largest remainder: column '%s' is shared with another "
                            "table",
                            ov_table_colname(t, j));
            break;
        }
        if (c->nudge == NULL && (c->nudge = ov_calloc(c->n ? c->n : 1, 1)) == NULL) {
            st = ov_err_nomem(err, "rounding percentages");
            break;
        }
        c->nudge[ov_view_row(&v, i)] = nudge[k];
        (*adjusted)++;
    }
done:
    ov_free(num);
    ov_free(nudge);
    return st;
}

/* a cumulative column (freq's cum_pct) of the rounded column s->line
 * prints the running sum of what that column prints */
static ov_status
follow_cumulative(ov_table *t, const struct ov_pct_set *s, struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), ncols = ov_table_ncols(t), i, j;

    for (j = 0; j < ncols; j++) {
        double run = 0, num, den, d0, n0;
        int64_t printed = 0, u, h;
        bool cumulative = j != s->line && is_pct(t, j) && nrows > 1;
        ov_column *c = ov_table_col(t, j);

        for (i = 0; i < nrows && cumulative; i++) {
            cumulative = pct_cell(t, i, s->line, &n0, &d0) &&
                         pct_cell(t, i, j, &num, &den) && den == d0 &&
                         num == (run += n0);
        }
        if (!cumulative || c->refs != 1)
            continue;
        if (c->nudge == NULL && (c->nudge = ov_calloc(c->n ? c->n : 1, 1)) == NULL)
            return ov_err_nomem(err, "rounding percentages");
        for (i = 0; i < nrows; i++) {
            struct ov_view v = ov_table_colview(t, j);

            if (!ov_pct_printed(t, i, s->line, 1, &u))
                continue;
            printed += u;
            c->nudge[ov_view_row(&v, i)] = 0;
            if (ov_pct_printed(t, i, j, 1, &h) && printed - h >= -127 &&
                printed - h <= 127)
                c->nudge[ov_view_row(&v, i)] = (int8_t)(printed - h);
        }
    }
    return OV_OK;
}

ov_status
ov_table_largest_remainder(ov_table *t, size_t *adjusted, struct ov_err *err)
{
    struct ov_pct_set *sets;
    size_t n, k;
    ov_status st;

    *adjusted = 0;
    if ((st = ov_pct_sets(t, &sets, &n, err)) != OV_OK)
        return st;
    for (k = 0; k < n && st == OV_OK; k++)
        st = round_set(t, &sets[k], adjusted, err);
    for (k = 0; k < n && st == OV_OK; k++)
        if (!sets[k].across && *adjusted > 0)
            st = follow_cumulative(t, &sets[k], err);
    ov_pct_sets_free(sets, n);
    return st;
}
