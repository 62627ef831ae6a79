/*
 * query_keys.c - row keys: grouping gives every row a dense group number,
 * straight from dictionary codes for text (no hashing), from the value range
 * for small integers and dates, by hashing otherwise; several key columns
 * are combined pairwise the same way. Also the stable row sorter. Engine
 * code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "ov_mem.h"

/* ---------------------------------------------------------------------
 * A hash map from 64-bit keys to dense numbers
 * --------------------------------------------------------------------- */

ov_status
ov_idmap_init(struct idmap *m, size_t expect)
{
    size_t cap = 1024;

    while (cap < expect * 2)
        cap *= 2;
    m->keys = ov_calloc(cap, sizeof *m->keys);
    m->ids = ov_malloc(cap * sizeof *m->ids);
    m->cap = cap;
    m->n = 0;
    m->has_max = false;
    return m->keys != NULL && m->ids != NULL ? OV_OK : OV_ENOMEM;
}

void
ov_idmap_free(struct idmap *m)
{
    ov_free(m->keys);
    ov_free(m->ids);
    memset(m, 0, sizeof *m);
}

/* the number of key (assigning `next` if new: *fresh tells) */
ov_status
ov_idmap_get(struct idmap *m, uint64_t key, uint32_t next, uint32_t *id, bool *fresh)
{
    uint64_t k1 = key + 1;
    size_t i;

    if (key == UINT64_MAX) {
        *fresh = !m->has_max;
        if (*fresh) {
            m->has_max = true;
            m->max_id = next;
        }
        *id = m->max_id;
        return OV_OK;
    }
    if ((m->n + 1) * 2 > m->cap) {
        struct idmap bigger;
        size_t j;

        bigger.cap = m->cap * 2;
        bigger.n = m->n;
        bigger.has_max = m->has_max;
        bigger.max_id = m->max_id;
        bigger.keys = ov_calloc(bigger.cap, sizeof *bigger.keys);
        bigger.ids = ov_malloc(bigger.cap * sizeof *bigger.ids);
        if (bigger.keys == NULL || bigger.ids == NULL) {
            ov_idmap_free(&bigger);
            return OV_ENOMEM;
        }
        for (j = 0; j < m->cap; j++) {
            if (m->keys[j] == 0)
                continue;
            for (i = mix64(m->keys[j]) & (bigger.cap - 1); bigger.keys[i] != 0;
                 i = (i + 1) & (bigger.cap - 1))
                ;
            bigger.keys[i] = m->keys[j];
            bigger.ids[i] = m->ids[j];
        }
        ov_idmap_free(m);
        *m = bigger;
    }
    for (i = mix64(k1) & (m->cap - 1); m->keys[i] != 0; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == k1) {
            *id = m->ids[i];
            *fresh = false;
            return OV_OK;
        }
    m->keys[i] = k1;
    m->ids[i] = next;
    m->n++;
    *id = next;
    *fresh = true;
    return OV_OK;
}

/* ---------------------------------------------------------------------
 * Group numbers
 * --------------------------------------------------------------------- */

void
ov_groups_free(struct groups *g)
{
    /* kept for the next query's group numbers */
    ov_scratch_give(g->id);
    ov_free(g->first);
    memset(g, 0, sizeof *g);
}

/* numbers rows [0, n) of a column without a row index by slot: a[i] - lo
 * for a row with a value, miss for a missing one (T the element type; lo
 * 0 for dictionary codes). Numbers follow first appearance. Returns false
 * when interrupted. */
#define SLOTS_OF(T)                                                                    \
    static bool slots_##T(const T *a, const uint64_t *valid, size_t n, int64_t lo,     \
                          size_t miss, uint32_t *remap, uint32_t *ids, uint32_t *next) \
    {                                                                                  \
        size_t i, at, end;                                                             \
        uint32_t nx = *next;                                                           \
                                                                                       \
        for (at = 0; at < n; at = end) {                                               \
            end = n - at < POLL ? n : at + POLL;                                       \
            if (valid == NULL) {                                                       \
                for (i = at; i < end; i++) {                                           \
                    size_t slot = (size_t)((uint64_t)(int64_t)a[i] - (uint64_t)lo);    \
                    uint32_t g = remap[slot];                                          \
                                                                                       \
                    if (g == NONE)                                                     \
                        g = remap[slot] = nx++;                                        \
                    ids[i] = g;                                                        \
                }                                                                      \
            } else {                                                                   \
                for (i = at; i < end; i++) {                                           \
                    size_t slot =                                                      \
                        valid[i >> 6] >> (i & 63) & 1                                  \
                            ? (size_t)((uint64_t)(int64_t)a[i] - (uint64_t)lo)         \
                            : miss;                                                    \
                    uint32_t g = remap[slot];                                          \
                                                                                       \
                    if (g == NONE)                                                     \
                        g = remap[slot] = nx++;                                        \
                    ids[i] = g;                                                        \
                }                                                                      \
            }                                                                          \
            if (end < n && ov_interrupted())                                           \
                return false;                                                          \
        }                                                                              \
        *next = nx;                                                                    \
        return true;                                                                   \
    }

SLOTS_OF(uint8_t)
SLOTS_OF(uint16_t)
SLOTS_OF(uint32_t)
SLOTS_OF(int32_t)
SLOTS_OF(int64_t)

/* dense numbers for one column, in order of first appearance; missing
 * values get a number of their own. Text goes by dictionary code, whole
 * numbers, dates and booleans by value when their range is small (one
 * pass for it), anything else through a hash map; without a row index the
 * slot loops are typed and tight, missing values included. */
static ov_status
column_ids(const struct ov_view *v, uint32_t *ids, size_t *k, struct ov_err *err)
{
    size_t n = v->n, i, slots = 0;
    uint32_t *remap = NULL, next = 0;
    int64_t lo = 0, hi = -1;
    const ov_column *c = v->col;
    bool dense = false;

    if (c->type == OV_STRING) {
        slots = (size_t)c->dict->n + 1;
        dense = true;
    } else if (c->type == OV_BOOL) {
        slots = 3;
        dense = true;
    } else if (c->type == OV_INT || c->type == OV_DATE) {
        bool any = ov_view_int_range(v, &lo, &hi);

        /* a small range: index by value (the +1 slot is for missing); the
         * range is worked out unsigned, as INT64_MIN..INT64_MAX does not
         * fit a signed difference */
        if (!any || ((uint64_t)hi - (uint64_t)lo < (uint64_t)(n * 4 + 65536) &&
                     (uint64_t)hi - (uint64_t)lo < (1u << 26))) {
            slots = any ? (size_t)((uint64_t)hi - (uint64_t)lo) + 2 : 1;
            dense = true;
        }
    }
    if (dense) {
        const uint32_t *idx = v->idx;
        bool done = true;

        remap = ov_scratch_take(slots * sizeof *remap);
        if (remap == NULL)
            return ov_err_nomem(err, "grouping");
        memset(remap, 0xFF, slots * sizeof *remap);
        if (idx == NULL) {
            const uint64_t *valid = c->valid;
            size_t miss = slots - 1;

            switch (c->type) {
            case OV_STRING:
                done = c->width == 1   ? slots_uint8_t(c->data.codes, valid, n, 0, miss,
                                                       remap, ids, &next)
                       : c->width == 2 ? slots_uint16_t(c->data.codes, valid, n, 0,
                                                        miss, remap, ids, &next)
                                       : slots_uint32_t(c->data.codes, valid, n, 0,
                                                        miss, remap, ids, &next);
                break;
            case OV_BOOL:
                done = slots_uint8_t(c->data.b, valid, n, 0, miss, remap, ids, &next);
                break;
            case OV_DATE:
                done =
                    slots_int32_t(c->data.days, valid, n, lo, miss, remap, ids, &next);
                break;
            case OV_INT:
                done =
                    slots_int64_t(c->data.i64, valid, n, lo, miss, remap, ids, &next);
                break;
            default:
                break;
            }
        } else {
            for (i = 0; i < n; i++) {
                bool miss;
                uint64_t x = row_key(v, i, &miss);
                size_t slot;
                uint32_t g;

                if (miss)
                    slot = slots - 1;
                else if (c->type == OV_INT)
                    slot = (size_t)(x - (uint64_t)lo);
                else if (c->type == OV_DATE)
                    slot = (size_t)((uint64_t)(int64_t)(int32_t)x - (uint64_t)lo);
                else
                    slot = (size_t)x;
                g = remap[slot];
                if (g == NONE)
                    g = remap[slot] = next++;
                ids[i] = g;
                if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
                    done = false;
                    break;
                }
            }
        }
        ov_scratch_give(remap);
        if (!done)
            return ov_err_interrupted(err);
    } else {
        struct idmap m;
        bool seen_missing = false;
        uint32_t missing_id = 0;

        if (ov_idmap_init(&m, 1024) != OV_OK) {
            ov_idmap_free(&m);
            return ov_err_nomem(err, "grouping");
        }
        for (i = 0; i < n; i++) {
            bool miss, fresh;
            uint64_t x = row_key(v, i, &miss);
            uint32_t g;

            if (miss) {
                if (!seen_missing) {
                    missing_id = next++;
                    seen_missing = true;
                }
                ids[i] = missing_id;
                continue;
            }
            if (ov_idmap_get(&m, x, next, &g, &fresh) != OV_OK) {
                ov_idmap_free(&m);
                return ov_err_nomem(err, "grouping");
            }
            next += fresh;
            ids[i] = g;
            if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
                ov_idmap_free(&m);
                return ov_err_interrupted(err);
            }
        }
        ov_idmap_free(&m);
    }
    *k = next;
    return OV_OK;
}

/* group numbers for the key columns cols[0..ncols) */
ov_status
ov_group_rows(const ov_table *t, const int *cols, size_t ncols, struct groups *g,
              struct ov_err *err)
{
    size_t n = ov_table_nrows(t), i, k = 1, c;
    uint32_t *ids = ov_scratch_take((n ? n : 1) * sizeof *ids);
    uint32_t *more = NULL;
    ov_status st;

    memset(g, 0, sizeof *g);
    if (ids == NULL)
        return ov_err_nomem(err, "grouping");
    if (ncols == 0) {
        memset(ids, 0, n * sizeof *ids);
        k = n > 0;
    }
    for (c = 0; c < ncols; c++) {
        struct ov_view v = ov_table_colview(t, (size_t)cols[c]);
        size_t kc;

        if (c == 0) {
            if ((st = column_ids(&v, ids, &k, err)) != OV_OK)
                goto fail;
            continue;
        }
        if (more == NULL &&
            (more = ov_scratch_take((n ? n : 1) * sizeof *more)) == NULL) {
            st = ov_err_nomem(err, "grouping");
            goto fail;
        }
        if ((st = column_ids(&v, more, &kc, err)) != OV_OK)
            goto fail;
        /* combine: a dense table of pairs when small, a hash otherwise;
         * numbers again follow first appearance */
        {
            uint32_t next = 0;

            if ((uint64_t)k * kc <= (1u << 24)) {
                size_t slots = k * kc > 0 ? k * kc : 1;
                uint32_t *remap = ov_scratch_take(slots * sizeof *remap);

                if (remap == NULL) {
                    st = ov_err_nomem(err, "grouping");
                    goto fail;
                }
                memset(remap, 0xFF, slots * sizeof *remap);
                for (i = 0; i < n; i++) {
                    size_t slot = (size_t)ids[i] * kc + more[i];

                    if (remap[slot] == NONE)
                        remap[slot] = next++;
                    ids[i] = remap[slot];
                }
                ov_scratch_give(remap);
            } else {
                struct idmap m;

                if (ov_idmap_init(&m, 1024) != OV_OK) {
                    ov_idmap_free(&m);
                    st = ov_err_nomem(err, "grouping");
                    goto fail;
                }
                for (i = 0; i < n; i++) {
                    bool fresh;
                    uint32_t gid;

                    if (ov_idmap_get(&m, (uint64_t)ids[i] << 32 | more[i], next, &gid,
                                     &fresh) != OV_OK) {
                        ov_idmap_free(&m);
                        st = ov_err_nomem(err, "grouping");
                        goto fail;
                    }
                    next += fresh;
                    ids[i] = gid;
                }
                ov_idmap_free(&m);
            }
            k = next;
        }
    }
    g->first = ov_malloc((k ? k : 1) * sizeof *g->first);
    if (g->first == NULL) {
        st = ov_err_nomem(err, "grouping");
        goto fail;
    }
    /* numbers follow first appearance, so the first row of group x is
     * found when x first shows */
    {
        size_t seen = 0;

        for (i = 0; i < n && seen < k; i++)
            if (ids[i] == seen)
                g->first[seen++] = (uint32_t)i;
    }
    ov_scratch_give(more);
    g->id = ids;
    g->n = k;
    return OV_OK;
fail:
    ov_scratch_give(ids);
    ov_scratch_give(more);
    return st;
}

/* ---------------------------------------------------------------------
 * Ordering rows by keys: the comparison, and the stable merge sort that
 * orders few rows (query_sort.c orders many)
 * --------------------------------------------------------------------- */

/* compares table rows a and b by the keys; missing values last */
int
ov_sorter_cmp(const struct sorter *s, uint32_t a, uint32_t b)
{
    size_t k;

    for (k = 0; k < s->nkeys; k++) {
        const struct sortkey *key = &s->keys[k];
        const ov_column *c = key->v.col;
        size_t ra = ov_view_row(&key->v, a), rb = ov_view_row(&key->v, b);
        bool ma = ra == OV_NOROW || ov_column_missing(c, ra);
        bool mb = rb == OV_NOROW || ov_column_missing(c, rb);
        int r = 0;

        if (ma || mb) {
            if (ma && mb)
                continue;
            return ma ? 1 : -1;
        }
        switch (c->type) {
        case OV_INT:
            r = (c->data.i64[ra] > c->data.i64[rb]) -
                (c->data.i64[ra] < c->data.i64[rb]);
            break;
        case OV_FLOAT: {
            double x = c->data.f64[ra], y = c->data.f64[rb];

            if (isnan(x) || isnan(y)) {
                if (isnan(x) && isnan(y))
                    continue;
                return isnan(x) ? 1 : -1; /* last but for missing, either way */
            }
            r = (x > y) - (x < y);
            break;
        }
        case OV_DATE:
            r = (c->data.days[ra] > c->data.days[rb]) -
                (c->data.days[ra] < c->data.days[rb]);
            break;
        case OV_BOOL:
            r = (int)c->data.b[ra] - (int)c->data.b[rb];
            break;
        case OV_STRING: {
            uint32_t x = key->rank[ov_column_code(c, ra)],
                     y = key->rank[ov_column_code(c, rb)];

            r = (x > y) - (x < y);
            break;
        }
        }
        if (r != 0)
            return key->desc ? -r : r;
    }
    return 0;
}

ov_status
ov_sorter_merge(uint32_t *a, size_t n, const struct sorter *s, struct ov_err *err)
{
    uint32_t *tmp, *src, *dst;
    size_t width, i, polls = 0;

    if (n < 2)
        return OV_OK;
    tmp = ov_malloc(n * sizeof *tmp);
    if (tmp == NULL)
        return ov_err_nomem(err, "sorting");
    /* runs of 16 by insertion, then merges */
    for (i = 0; i < n; i += 16) {
        size_t end = i + 16 < n ? i + 16 : n, j;

        for (j = i + 1; j < end; j++) {
            uint32_t x = a[j];
            size_t k = j;

            while (k > i && ov_sorter_cmp(s, a[k - 1], x) > 0) {
                a[k] = a[k - 1];
                k--;
            }
            a[k] = x;
        }
    }
    src = a;
    dst = tmp;
    for (width = 16; width < n; width *= 2) {
        for (i = 0; i < n; i += 2 * width) {
            size_t mid = i + width < n ? i + width : n,
                   end = i + 2 * width < n ? i + 2 * width : n;
            size_t l = i, r = mid, o = i;

            while (l < mid && r < end)
                dst[o++] = ov_sorter_cmp(s, src[r], src[l]) < 0 ? src[r++] : src[l++];
            while (l < mid)
                dst[o++] = src[l++];
            while (r < end)
                dst[o++] = src[r++];
            if ((polls += 2 * width) >= POLL) {
                polls = 0;
                if (ov_interrupted()) {
                    ov_free(tmp);
                    return ov_err_interrupted(err);
                }
            }
        }
        {
            uint32_t *t = src;

            src = dst;
            dst = t;
        }
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    ov_free(tmp);
    return OV_OK;
}

void
ov_sorter_free(struct sorter *s)
{
    size_t k;

    for (k = 0; k < s->nkeys; k++)
        ov_free(s->keys[k].rank);
    ov_free(s->keys);
    s->keys = NULL;
    s->nkeys = 0;
}

ov_status
ov_sorter_init(struct sorter *s, const ov_table *t, const int *cols, const bool *desc,
               size_t n, struct ov_err *err)
{
    size_t k;

    s->nkeys = 0;
    s->keys = ov_calloc(n ? n : 1, sizeof *s->keys);
    if (s->keys == NULL)
        return ov_err_nomem(err, "sorting");
    for (k = 0; k < n; k++) {
        struct sortkey *key = &s->keys[s->nkeys++];

        key->v = ov_table_colview(t, (size_t)cols[k]);
        key->desc = desc != NULL && desc[k];
        if (key->v.col->type == OV_STRING &&
            (key->rank = ov_dict_ranks(key->v.col->dict)) == NULL) {
            ov_sorter_free(s);
            return ov_err_nomem(err, "sorting");
        }
    }
    return OV_OK;
}
