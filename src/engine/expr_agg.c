/*
 * expr_agg.c - the aggregates (count, sum, mean, median, min, max,
 * count_distinct, pct, share): per-group state folded a block of rows at
 * a time, then finished into per-group values, and the expression over
 * them evaluated one "row" per group. Uses the evaluator for arguments.
 * Engine code: no Lua.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"
#include "ov_mem.h"

void
ov_expr_agg_free(struct aggstate *a)
{
    if (a == NULL)
        return;
    ov_free(a->count);
    ov_free(a->isum);
    ov_free(a->fsum);
    ov_free(a->fcomp);
    ov_free(a->num);
    ov_free(a->best);
    ov_free(a->fbest);
    ov_free(a->seen);
    ov_scratch_give(a->bits);
    ov_free(a->keys);
    ov_free(a->vals);
    ov_free(a->vgroup);
    ov_free(a->rank);
    ov_free(a);
}

/* ---------------------------------------------------------------------
 * Aggregation
 * --------------------------------------------------------------------- */

/* the aggregate nodes of a tree, in order */
static void
collect_aggs(struct node *n, struct node **list, size_t *count)
{
    size_t k;

    if (n->is_agg) {
        list[(*count)++] = n;
        return;
    }
    for (k = 0; k < n->nargs; k++)
        collect_aggs(n->args[k], list, count);
}

static size_t
count_nodes(const struct node *n)
{
    size_t k, c = 1;

    for (k = 0; k < n->nargs; k++)
        c += count_nodes(n->args[k]);
    return c;
}

static inline size_t
dkey_slot(uint64_t v, uint32_t g1, size_t cap)
{
    uint64_t h = (v ^ (uint64_t)g1 * 0xD6E8FEB86659FD93ull) * 0x9E3779B97F4A7C15ull;

    return (size_t)(h >> 20) & (cap - 1);
}

/* adds (group, value) to count_distinct's hash set (open addressing),
 * counting it for the group when new; false when out of memory */
static bool
set_insert(struct aggstate *a, uint32_t group, uint64_t v)
{
    uint32_t g1 = group + 1;
    size_t i;

    if ((a->nkeys + 1) * 2 > a->capkeys) {
        size_t nc = a->capkeys ? a->capkeys * 2 : 1024, j;
        struct dkey *nk = ov_calloc(nc, sizeof *nk);

        if (nk == NULL)
            return false;
        for (j = 0; j < a->capkeys; j++) {
            if (a->keys[j].g1 == 0)
                continue;
            for (i = dkey_slot(a->keys[j].v, a->keys[j].g1, nc); nk[i].g1 != 0;
                 i = (i + 1) & (nc - 1))
                ;
            nk[i] = a->keys[j];
        }
        ov_free(a->keys);
        a->keys = nk;
        a->capkeys = nc;
    }
    for (i = dkey_slot(v, g1, a->capkeys); a->keys[i].g1 != 0;
         i = (i + 1) & (a->capkeys - 1))
        if (a->keys[i].v == v && a->keys[i].g1 == g1)
            return true;
    a->keys[i].v = v;
    a->keys[i].g1 = g1;
    a->nkeys++;
    a->count[group]++;
    return true;
}

/* count_distinct of a whole-number, date or boolean column of t: a bitmap
 * of its value range (one pass for it) by the groups, when that takes at
 * most 32 bits a row or 32 MB; false otherwise (a hash set then) */
static bool
int_bitmap(struct aggstate *a, const struct node *x, const ov_table *t, size_t g,
           size_t nrows)
{
    struct ov_view v;
    int64_t lo, hi;
    uint64_t span, limit = nrows * 32 > (1ull << 28) ? nrows * 32 : (1ull << 28);

    if (x->kind != N_COL || (x->vt != VT_INT && x->vt != VT_DATE && x->vt != VT_BOOL))
        return false;
    v = ov_table_colview(t, (size_t)x->col);
    if (!ov_view_int_range(&v, &lo, &hi))
        lo = hi = 0; /* every value missing: nothing will be set */
    /* unsigned, as INT64_MIN..INT64_MAX does not fit a signed difference */
    span = (uint64_t)hi - (uint64_t)lo;
    if (span >= limit || (span + 1) > limit / g)
        return false;
    a->bits = ov_scratch_take(((span + 1) * g + 63) / 64 * sizeof *a->bits);
    if (a->bits == NULL)
        return false;
    memset(a->bits, 0, ((span + 1) * g + 63) / 64 * sizeof *a->bits);
    a->ibits = true;
    a->ilo = lo;
    return true;
}

/* count_distinct of a whole-number or date column too wide for a bitmap:
 * the hash set sized at the start for the distinct values the first 4,096
 * rows promise over the whole column, so that it does not rehash as it
 * grows (it still grows should the estimate be short) */
static void
presize_set(struct aggstate *a, const struct node *x, const ov_table *t, size_t nrows)
{
    enum { SAMPLE = 4096, SLOTS = 8192 };
    uint64_t *seen;
    uint8_t *used;
    struct ov_view v;
    size_t i, m = nrows < SAMPLE ? nrows : SAMPLE, distinct = 0, cap = 1024, est;

    if (x->kind != N_COL || (x->vt != VT_INT && x->vt != VT_DATE) || m == 0)
        return;
    seen = ov_malloc(SLOTS * sizeof *seen);
    used = ov_calloc(SLOTS, 1);
    if (seen == NULL || used == NULL)
        goto done;
    v = ov_table_colview(t, (size_t)x->col);
    for (i = 0; i < m; i++) {
        size_t r = ov_view_row(&v, i), j;
        uint64_t key;

        if (r == OV_NOROW || ov_column_missing(v.col, r))
            continue;
        key = v.col->type == OV_INT ? (uint64_t)v.col->data.i64[r]
                                    : (uint64_t)(int64_t)v.col->data.days[r];
        for (j = dkey_slot(key, 1, SLOTS); used[j] && seen[j] != key;
             j = (j + 1) & (SLOTS - 1))
            ;
        if (!used[j]) {
            used[j] = 1;
            seen[j] = key;
            distinct++;
        }
    }
    est = (size_t)((double)distinct / (double)m * (double)nrows);
    while (cap < est * 2)
        cap *= 2;
    if ((a->keys = ov_calloc(cap, sizeof *a->keys)) != NULL)
        a->capkeys = cap;
done:
    ov_free(seen);
    ov_free(used);
}

static ov_status
agg_init(struct node *n, const ov_table *t, size_t ngroups, size_t nrows,
         struct ov_err *err)
{
    struct aggstate *a = ov_calloc(1, sizeof *a);
    struct node *x = n->nargs > 0 ? n->args[0] : NULL;
    size_t g = ngroups ? ngroups : 1;

    if (a == NULL)
        return ov_err_nomem(err, "aggregating");
    n->agg = a;
    a->ngroups = ngroups;
    a->count = ov_calloc(g, sizeof *a->count);
    if (a->count == NULL)
        return ov_err_nomem(err, "aggregating");
    switch ((enum fn)n->op) {
    case A_SUM:
    case A_MEAN:
    case A_SHARE:
        a->isum = ov_calloc(g, sizeof *a->isum);
        a->fsum = ov_calloc(g, sizeof *a->fsum);
        a->fcomp = ov_calloc(g, sizeof *a->fcomp);
        if (a->isum == NULL || a->fsum == NULL || a->fcomp == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    case A_PCT:
        a->num = ov_calloc(g, sizeof *a->num);
        if (a->num == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    case A_MIN:
    case A_MAX:
        a->best = ov_calloc(g, sizeof *a->best);
        a->fbest = ov_calloc(g, sizeof *a->fbest);
        a->seen = ov_calloc(g, 1);
        if (a->best == NULL || a->fbest == NULL || a->seen == NULL)
            return ov_err_nomem(err, "aggregating");
        if (x->vt == VT_STR && (a->rank = ov_dict_ranks(x->dict)) == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    case A_COUNT_DISTINCT:
        /* a bitmap when groups x distinct texts is small, else a hash set */
        if (x->vt == VT_STR &&
            (uint64_t)g * (x->dict->n ? x->dict->n : 1) <= (1ull << 28)) {
            size_t words = ((uint64_t)g * (x->dict->n ? x->dict->n : 1) + 63) / 64;

            a->bits = ov_scratch_take(words * sizeof *a->bits);
            if (a->bits == NULL)
                return ov_err_nomem(err, "aggregating");
            memset(a->bits, 0, words * sizeof *a->bits);
        } else if (!int_bitmap(a, x, t, g, nrows)) {
            presize_set(a, x, t, nrows);
        }
        break;
    case A_MEDIAN:
        a->capvals = nrows ? nrows : 1;
        a->vals = ov_malloc(a->capvals * sizeof *a->vals);
        a->vgroup = ov_malloc(a->capvals * sizeof *a->vgroup);
        if (a->vals == NULL || a->vgroup == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    default:
        break;
    }
    return OV_OK;
}

static inline void
neumaier(double *sum, double *comp, double v)
{
    double t = *sum + v;

    if (fabs(*sum) >= fabs(v))
        *comp += (*sum - t) + v;
    else
        *comp += (v - t) + *sum;
    *sum = t;
}

/* folds one block of rows into an aggregate */
static ov_status
agg_block(struct node *n, struct ctx *c, const uint32_t *group, struct ov_err *err)
{
    struct aggstate *a = n->agg;
    struct node *x = n->nargs > 0 ? n->args[0] : NULL;
    size_t i, cnt = c->count;
    const uint32_t *g = group + c->start;

    if (x != NULL)
        ov_expr_eval_node(x, c);
    switch ((enum fn)n->op) {
    case A_COUNT:
        for (i = 0; i < cnt; i++)
            a->count[g[i]]++;
        break;
    case A_PCT:
        for (i = 0; i < cnt; i++) {
            a->count[g[i]]++;
            a->num[g[i]] += truth(x, i);
        }
        break;
    case A_SUM:
    case A_MEAN:
    case A_SHARE:
        for (i = 0; i < cnt; i++) {
            if (miss_at(x, i))
                continue;
            a->count[g[i]]++;
            if (x->vt == VT_INT || x->vt == VT_BOOL) {
                int64_t v = x->vt == VT_INT ? x->vi[i] : x->vb[i];

                /* 2^64 rows of INT64_MAX still fit 128 bits */
                a->isum[g[i]] += v;
                if (n->op == A_SHARE)
                    neumaier(&a->total, &a->total_comp, (double)v);
            } else {
                neumaier(&a->fsum[g[i]], &a->fcomp[g[i]], x->vf[i]);
                if (n->op == A_SHARE)
                    neumaier(&a->total, &a->total_comp, x->vf[i]);
            }
        }
        break;
    case A_MIN:
    case A_MAX:
        for (i = 0; i < cnt; i++) {
            uint32_t gi = g[i];
            bool better;

            if (miss_at(x, i))
                continue;
            a->count[gi]++;
            if (x->vt == VT_FLOAT) {
                double v = x->vf[i];

                better = !a->seen[gi] ||
                         (n->op == A_MIN ? v < a->fbest[gi] : v > a->fbest[gi]);
                if (better)
                    a->fbest[gi] = v;
            } else {
                int64_t v = x->vt == VT_INT    ? x->vi[i]
                            : x->vt == VT_DATE ? x->vd[i]
                            : x->vt == VT_BOOL ? x->vb[i]
                                               : (int64_t)a->rank[x->vs[i]];

                better = !a->seen[gi] ||
                         (n->op == A_MIN ? v < a->best[gi] : v > a->best[gi]);
                if (better) {
                    a->best[gi] = v; /* for text: the rank; fbest keeps the code */
                    if (x->vt == VT_STR)
                        a->fbest[gi] = (double)x->vs[i];
                }
            }
            a->seen[gi] = 1;
        }
        break;
    case A_COUNT_DISTINCT:
        if (a->ibits) {
            /* whole numbers, dates, booleans by value: bit (v - lo) * groups
             * + group, so rows of nearby values touch nearby words */
            uint64_t gs = a->ngroups ? a->ngroups : 1, lo = (uint64_t)a->ilo;
            const uint8_t *m = x->miss;

            for (i = 0; i < cnt; i++) {
                uint64_t v, bit, mask;

                if (m != NULL && m[i])
                    continue;
                v = x->vt == VT_INT    ? (uint64_t)x->vi[i]
                    : x->vt == VT_DATE ? (uint64_t)(int64_t)x->vd[i]
                                       : (uint64_t)x->vb[i];
                bit = (v - lo) * gs + g[i];
                mask = (uint64_t)1 << (bit & 63);
                if (!(a->bits[bit >> 6] & mask)) {
                    a->bits[bit >> 6] |= mask;
                    a->count[g[i]]++;
                }
            }
            break;
        }
        for (i = 0; i < cnt; i++) {
            uint64_t key;

            if (miss_at(x, i))
                continue;
            if (a->bits != NULL) {
                uint64_t bit = (uint64_t)g[i] * x->dict->n + x->vs[i];
                uint64_t m = (uint64_t)1 << (bit & 63);

                if (!(a->bits[bit >> 6] & m)) {
                    a->bits[bit >> 6] |= m;
                    a->count[g[i]]++;
                }
                continue;
            }
            switch (x->vt) {
            case VT_STR:
                key = x->vs[i];
                break;
            case VT_INT:
                key = (uint64_t)x->vi[i];
                break;
            case VT_DATE:
                key = (uint32_t)x->vd[i];
                break;
            case VT_BOOL:
                key = x->vb[i];
                break;
            default: {
                /* -0 counts as 0, and every NaN as one value */
                double v = x->vf[i] == 0 ? 0.0 : isnan(x->vf[i]) ? NAN : x->vf[i];

                memcpy(&key, &v, sizeof key);
            }
            }
            if (!set_insert(a, g[i], key))
                return ov_err_nomem(err, "counting distinct values");
        }
        break;
    case A_MEDIAN:
        for (i = 0; i < cnt; i++) {
            if (miss_at(x, i))
                continue;
            a->vals[a->nvals] = num_at(x, i);
            a->vgroup[a->nvals++] = g[i];
        }
        break;
    default:
        break;
    }
    return OV_OK;
}

static int
dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;

    return (a > b) - (a < b);
}

/* turns an aggregate's state into its per-group values, in the node's
 * value buffers (sized for ngroups) */
static ov_status
agg_finish(struct node *n, size_t ngroups, struct ov_err *err)
{
    struct aggstate *a = n->agg;
    size_t g, es = n->vt == VT_INT || n->vt == VT_FLOAT ? 8
                   : n->vt == VT_STR                    ? 4
                   : n->vt == VT_DATE                   ? 4
                                                        : 1;
    void *buf = ov_calloc(ngroups ? ngroups : 1, es);
    uint8_t *miss = ov_calloc(ngroups ? ngroups : 1, 1);

    if (buf == NULL || miss == NULL) {
        ov_free(buf);
        ov_free(miss);
        return ov_err_nomem(err, "aggregating");
    }
    if (n->op == A_SUM && n->vt == VT_INT) {
        /* the sums were kept in 128 bits, so only the totals must fit */
        for (g = 0; g < ngroups; g++) {
            if (a->isum[g] > INT64_MAX || a->isum[g] < INT64_MIN) {
                ov_free(buf);
                ov_free(miss);
                return ov_err_set(
                    err, OV_ERANGE,
                    "a sum is too large for 64-bit whole numbers (divide by "
                    "1.0 inside it to sum in floating point)");
            }
        }
    }
    ov_free(n->buf);
    ov_free(n->missbuf);
    n->buf = buf;
    n->missbuf = miss;
    views_on_buf(n);
    n->miss = miss;
    if (n->op == A_MEDIAN) {
        /* group the gathered values, then take the middle of each */
        size_t *start = ov_calloc(ngroups + 1, sizeof *start), i;
        double *sorted = ov_malloc((a->nvals ? a->nvals : 1) * sizeof *sorted);
        size_t *fill = ov_calloc(ngroups + 1, sizeof *fill);

        if (start == NULL || sorted == NULL || fill == NULL) {
            ov_free(start);
            ov_free(sorted);
            ov_free(fill);
            return ov_err_nomem(err, "computing medians");
        }
        for (i = 0; i < a->nvals; i++)
            start[a->vgroup[i] + 1]++;
        for (g = 0; g < ngroups; g++)
            start[g + 1] += start[g];
        for (i = 0; i < a->nvals; i++)
            sorted[start[a->vgroup[i]] + fill[a->vgroup[i]]++] = a->vals[i];
        for (g = 0; g < ngroups; g++) {
            size_t k = start[g + 1] - start[g];
            double *v = sorted + start[g];

            if (k == 0) {
                miss[g] = 1;
                continue;
            }
            qsort(v, k, sizeof *v, dcmp);
            n->vf[g] = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
        }
        ov_free(start);
        ov_free(sorted);
        ov_free(fill);
        return OV_OK;
    }
    for (g = 0; g < ngroups; g++) {
        switch ((enum fn)n->op) {
        case A_COUNT:
        case A_COUNT_DISTINCT:
            n->vi[g] = a->count[g];
            break;
        case A_SUM:
            /* as in SQL: the sum of no values is missing, not 0 (a group
             * whose values are all missing is unknown, not zero) */
            if (a->count[g] == 0)
                miss[g] = 1;
            else if (n->vt == VT_INT)
                n->vi[g] = (int64_t)a->isum[g];
            else
                n->vf[g] = a->fsum[g] + a->fcomp[g];
            break;
        case A_MEAN:
            if (a->count[g] == 0) {
                miss[g] = 1;
            } else if (n->args[0]->vt == VT_FLOAT) {
                n->vf[g] = (a->fsum[g] + a->fcomp[g]) / (double)a->count[g];
            } else {
                /* quotient and remainder: a double of the 128-bit sum
                 * would round before the division */
                __int128 q = a->isum[g] / a->count[g], r = a->isum[g] % a->count[g];

                n->vf[g] = (double)q + (double)r / (double)a->count[g];
            }
            break;
        case A_PCT:
            miss[g] = a->count[g] == 0;
            n->vf[g] = a->count[g] ? 100.0 * a->num[g] / (double)a->count[g] : 0;
            break;
        case A_SHARE: {
            double s = n->args[0]->vt == VT_FLOAT ? a->fsum[g] + a->fcomp[g]
                                                  : (double)a->isum[g];
            double tot = a->total + a->total_comp;

            /* missing with no values in the group, as the sum is */
            miss[g] = tot == 0 || a->count[g] == 0;
            n->vf[g] = !miss[g] ? 100.0 * s / tot : 0;
            break;
        }
        case A_MIN:
        case A_MAX:
            if (!a->seen[g]) {
                miss[g] = 1;
                break;
            }
            switch (n->vt) {
            case VT_FLOAT:
                n->vf[g] = a->fbest[g];
                break;
            case VT_INT:
                n->vi[g] = a->best[g];
                break;
            case VT_DATE:
                n->vd[g] = (int32_t)a->best[g];
                break;
            case VT_BOOL:
                n->vb[g] = (uint8_t)a->best[g];
                break;
            case VT_STR:
                n->vs[g] = (uint32_t)a->fbest[g];
                break;
            default:
                break;
            }
            break;
        default:
            break;
        }
    }
    return OV_OK;
}

/* group-context evaluation: rows are groups; aggregates are in place;
 * other nodes need buffers for ngroups rows */
static ov_status
grow_bufs(struct node *n, size_t ngroups, struct ov_err *err)
{
    size_t k;

    if (n->is_agg)
        return OV_OK;
    for (k = 0; k < n->nargs; k++)
        if (grow_bufs(n->args[k], ngroups, err) != OV_OK)
            return OV_ENOMEM;
    if (ngroups > BLK) {
        void *buf = ov_calloc(ngroups, 8);
        uint8_t *miss = ov_calloc(ngroups, 1);

        if (buf == NULL || miss == NULL) {
            ov_free(buf);
            ov_free(miss);
            return ov_err_nomem(err, "aggregating");
        }
        ov_free(n->buf);
        ov_free(n->missbuf);
        n->buf = buf;
        n->missbuf = miss;
        views_on_buf(n);
    }
    return OV_OK;
}

ov_status
ov_expr_aggregate(const ov_expr *e, const ov_table *t, const uint32_t *group,
                  size_t ngroups, ov_column **out, struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), start, nagg = 0, k;
    struct node **aggs;
    struct ctx c = {t, 0, 0, false, false, false, false, NULL};
    ov_column *col = NULL;
    uint32_t *one = NULL; /* group NULL: every row in group 0 */
    ov_status st = OV_OK;

    *out = NULL;
    if ((st = ov_expr_check_bound(e, t, err)) != OV_OK)
        return st;
    if (group == NULL) {
        if (ngroups != 1)
            return ov_err_set(err, OV_EINVAL, "no groups given, yet %zu of them",
                              ngroups);
        if ((group = one = ov_scratch_take((nrows ? nrows : 1) * sizeof *one)) == NULL)
            return ov_err_nomem(err, "aggregating");
        memset(one, 0, (nrows ? nrows : 1) * sizeof *one);
    }
    aggs = ov_calloc(count_nodes(e->root), sizeof *aggs);
    if (aggs == NULL) {
        ov_scratch_give(one);
        return ov_err_nomem(err, "aggregating");
    }
    collect_aggs(e->root, aggs, &nagg);
    for (k = 0; k < nagg; k++) {
        ov_expr_agg_free(aggs[k]->agg);
        aggs[k]->agg = NULL;
        ov_expr_reset_constants(aggs[k]);
        if ((st = agg_init(aggs[k], t, ngroups, nrows, err)) != OV_OK)
            goto done;
    }
    for (start = 0; start < nrows; start += BLK) {
        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        c.start = start;
        c.count = nrows - start < BLK ? nrows - start : BLK;
        for (k = 0; k < nagg; k++)
            if ((st = agg_block(aggs[k], &c, group, err)) != OV_OK)
                goto done;
    }
    if ((st = ov_expr_eval_errors(&c, err)) != OV_OK)
        goto done;
    for (k = 0; k < nagg; k++)
        if ((st = agg_finish(aggs[k], ngroups, err)) != OV_OK)
            goto done;
    /* the expression over the aggregates, one "row" per group */
    if ((st = grow_bufs(e->root, ngroups, err)) != OV_OK)
        goto done;
    ov_expr_reset_constants(e->root);
    c.t = t;
    c.groups = true;
    c.start = 0;
    c.count = ngroups;
    col = ov_expr_result_column(e->root, ngroups, err);
    if (col == NULL) {
        st = err->status;
        goto done;
    }
    if (ngroups > 0) {
        /* every buffer holds at least ngroups values now: one pass */
        ov_expr_eval_node(e->root, &c);
        if (ov_expr_store_block(e->root, col, 0, ngroups) != OV_OK) {
            st = ov_err_nomem(err, "aggregating");
            goto done;
        }
    }
    if ((st = ov_expr_eval_errors(&c, err)) != OV_OK)
        goto done;
    if (col->type == OV_INT && e->root->is_agg &&
        (e->root->op == A_COUNT || e->root->op == A_COUNT_DISTINCT ||
         e->root->op == A_SUM))
        col->measure = true; /* a count: "1,984" even in a column called "year" */
    /* a percentage or rate keeps its numerator and denominator */
    if (ov_expr_store_figure(e->root, col, 0, ngroups) != OV_OK) {
        st = ov_err_nomem(err, "aggregating");
        goto done;
    }
    ov_column_finish(col);
    *out = col;
    col = NULL;
done:
    ov_column_unref(col);
    for (k = 0; k < nagg; k++) {
        ov_expr_agg_free(aggs[k]->agg);
        aggs[k]->agg = NULL;
    }
    ov_free(aggs);
    ov_scratch_give(one);
    /* the buffers were resized for groups: rebind before reuse */
    ((ov_expr *)e)->bound = NULL;
    return st;
}
