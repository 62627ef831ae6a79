/*
 * query.c - table operations. Grouping gives every row a dense group
 * number: straight from dictionary codes for text (no hashing), from the
 * value range for small integers and dates, by hashing otherwise; several
 * key columns are combined pairwise the same way. Group numbers follow
 * first appearance, then are renumbered in key order. Results share the
 * input's columns through row indexes. Engine code: no Lua.
 */
#include "config.h"

#include "query.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "expr.h"
#include "format.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

#define NONE UINT32_MAX
#define POLL 65536 /* rows between looks at the interrupt flag */
/* Every NaN, whatever its sign and payload, is this one key: NaNs make one
 * group, as missing values do. Like a missing value, a NaN never equals
 * anything (`z == z` is false), so it matches nothing in a join; it sorts
 * after every number and before the missing values. */
#define NAN_KEY 0x7FF8000000000000ull

/* what an empty list of rows points at: the index calls copy from it, and
 * memcpy from NULL is undefined even for no bytes (UBSan) */
static const uint32_t no_rows[1];

/* ---------------------------------------------------------------------
 * Column lookup with suggestions
 * --------------------------------------------------------------------- */

ov_status
ov_query_column(const ov_table *t, const char *name, int *j, struct ov_err *err)
{
    const char *best;

    *j = ov_table_find(t, name);
    if (*j >= 0)
        return OV_OK;
    best = ov_suggest(name, ov_table_names(t), ov_table_ncols(t));
    if (best != NULL)
        return ov_err_set(err, OV_ENOTFOUND, "no column '%s'; did you mean '%s'?", name, best);
    return ov_err_set(err, OV_ENOTFOUND, "no column '%s'", name);
}

/* ---------------------------------------------------------------------
 * A hash map from 64-bit keys to dense numbers
 * --------------------------------------------------------------------- */

struct idmap {
    uint64_t *keys; /* key + 1; 0 is empty */
    uint32_t *ids;
    size_t cap, n;
    bool has_max;    /* UINT64_MAX (int -1, 1969-12-31) has no key + 1: */
    uint32_t max_id; /* its number is kept here */
};

static inline uint64_t
mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
}

static ov_status
idmap_init(struct idmap *m, size_t expect)
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

static void
idmap_free(struct idmap *m)
{
    ov_free(m->keys);
    ov_free(m->ids);
    memset(m, 0, sizeof *m);
}

/* the number of key (assigning `next` if new: *fresh tells) */
static ov_status
idmap_get(struct idmap *m, uint64_t key, uint32_t next, uint32_t *id, bool *fresh)
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
            idmap_free(&bigger);
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
        idmap_free(m);
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

struct groups {
    uint32_t *id;    /* per table row */
    uint32_t *first; /* per group: its first table row */
    size_t n;        /* groups */
};

static void
groups_free(struct groups *g)
{
    ov_free(g->id);
    ov_free(g->first);
    memset(g, 0, sizeof *g);
}

/* a 64-bit key for row i of a view (for hashing), and whether missing */
static inline uint64_t
row_key(const struct ov_view *v, size_t i, bool *missing)
{
    size_t r = ov_view_row(v, i);
    const ov_column *c = v->col;
    uint64_t k = 0;

    *missing = r == OV_NOROW || ov_column_missing(c, r);
    if (*missing)
        return 0;
    switch (c->type) {
    case OV_INT:
        return (uint64_t)c->data.i64[r];
    case OV_FLOAT: {
        double d = c->data.f64[r] == 0 ? 0.0 : c->data.f64[r];

        if (isnan(d))
            return NAN_KEY;
        memcpy(&k, &d, sizeof k);
        return k;
    }
    case OV_STRING:
        return ov_column_code(c, r);
    case OV_BOOL:
        return c->data.b[r];
    case OV_DATE:
        return (uint64_t)(int64_t)c->data.days[r];
    }
    return 0;
}

/* dense numbers for one column, in order of first appearance; missing
 * values get a number of their own */
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
        bool any = false;

        for (i = 0; i < n; i++) {
            bool miss;
            int64_t x = (int64_t)row_key(v, i, &miss);

            if (miss)
                continue;
            if (c->type == OV_DATE)
                x = (int32_t)x;
            if (!any || x < lo)
                lo = x;
            if (!any || x > hi)
                hi = x;
            any = true;
        }
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

        remap = ov_malloc(slots * sizeof *remap);
        if (remap == NULL)
            return ov_err_nomem(err, "grouping");
        memset(remap, 0xFF, slots * sizeof *remap);
        if (c->type == OV_STRING && idx == NULL && c->valid == NULL && c->width == 1) {
            /* the common case, kept tight: one byte a row */
            const uint8_t *codes = c->data.codes;

            for (i = 0; i < n; i++) {
                uint32_t g = remap[codes[i]];

                if (g == NONE)
                    g = remap[codes[i]] = next++;
                ids[i] = g;
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
                    ov_free(remap);
                    return ov_err_interrupted(err);
                }
            }
        }
        ov_free(remap);
    } else {
        struct idmap m;
        bool seen_missing = false;
        uint32_t missing_id = 0;

        if (idmap_init(&m, 1024) != OV_OK) {
            idmap_free(&m);
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
            if (idmap_get(&m, x, next, &g, &fresh) != OV_OK) {
                idmap_free(&m);
                return ov_err_nomem(err, "grouping");
            }
            next += fresh;
            ids[i] = g;
            if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
                idmap_free(&m);
                return ov_err_interrupted(err);
            }
        }
        idmap_free(&m);
    }
    *k = next;
    return OV_OK;
}

/* group numbers for the key columns cols[0..ncols) */
static ov_status
group_rows(const ov_table *t, const int *cols, size_t ncols, struct groups *g,
           struct ov_err *err)
{
    size_t n = ov_table_nrows(t), i, k = 1, c;
    uint32_t *ids = ov_malloc((n ? n : 1) * sizeof *ids);
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
        if (more == NULL && (more = ov_malloc((n ? n : 1) * sizeof *more)) == NULL) {
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
                uint32_t *remap = ov_malloc(slots * sizeof *remap);

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
                ov_free(remap);
            } else {
                struct idmap m;

                if (idmap_init(&m, 1024) != OV_OK) {
                    idmap_free(&m);
                    st = ov_err_nomem(err, "grouping");
                    goto fail;
                }
                for (i = 0; i < n; i++) {
                    bool fresh;
                    uint32_t gid;

                    if (idmap_get(&m, (uint64_t)ids[i] << 32 | more[i], next, &gid, &fresh) !=
                        OV_OK) {
                        idmap_free(&m);
                        st = ov_err_nomem(err, "grouping");
                        goto fail;
                    }
                    next += fresh;
                    ids[i] = gid;
                }
                idmap_free(&m);
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
    ov_free(more);
    g->id = ids;
    g->n = k;
    return OV_OK;
fail:
    ov_free(ids);
    ov_free(more);
    return st;
}

/* ---------------------------------------------------------------------
 * Ordering rows by keys (stable merge sort)
 * --------------------------------------------------------------------- */

struct sortkey {
    struct ov_view v;
    uint32_t *rank; /* text: rank of each dictionary entry */
    bool desc;
};

struct sorter {
    struct sortkey *keys;
    size_t nkeys;
};

/* compares table rows a and b by the keys; missing values last */
static int
rows_cmp(const struct sorter *s, uint32_t a, uint32_t b)
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
            r = (c->data.i64[ra] > c->data.i64[rb]) - (c->data.i64[ra] < c->data.i64[rb]);
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
            r = (c->data.days[ra] > c->data.days[rb]) - (c->data.days[ra] < c->data.days[rb]);
            break;
        case OV_BOOL:
            r = (int)c->data.b[ra] - (int)c->data.b[rb];
            break;
        case OV_STRING: {
            uint32_t x = key->rank[ov_column_code(c, ra)], y = key->rank[ov_column_code(c, rb)];

            r = (x > y) - (x < y);
            break;
        }
        }
        if (r != 0)
            return key->desc ? -r : r;
    }
    return 0;
}

static ov_status
msort(uint32_t *a, size_t n, const struct sorter *s, struct ov_err *err)
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

            while (k > i && rows_cmp(s, a[k - 1], x) > 0) {
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
            size_t mid = i + width < n ? i + width : n, end = i + 2 * width < n ? i + 2 * width : n;
            size_t l = i, r = mid, o = i;

            while (l < mid && r < end)
                dst[o++] = rows_cmp(s, src[r], src[l]) < 0 ? src[r++] : src[l++];
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

static void
sorter_free(struct sorter *s)
{
    size_t k;

    for (k = 0; k < s->nkeys; k++)
        ov_free(s->keys[k].rank);
    ov_free(s->keys);
    s->keys = NULL;
    s->nkeys = 0;
}

static ov_status
sorter_init(struct sorter *s, const ov_table *t, const int *cols, const bool *desc,
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
        if (key->v.col->type == OV_STRING && (key->rank = ov_dict_ranks(key->v.col->dict)) == NULL) {
            sorter_free(s);
            return ov_err_nomem(err, "sorting");
        }
    }
    return OV_OK;
}

/* ---------------------------------------------------------------------
 * Simple operations
 * --------------------------------------------------------------------- */

ov_status
ov_query_rows(const ov_table *t, const uint32_t *rows, size_t n, ov_table **out,
              struct ov_err *err)
{
    *out = ov_table_take(t, rows != NULL ? rows : no_rows, n, err);
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
        if (ov_table_add_view(r, names != NULL ? names[k] : ov_table_colname(t, (size_t)cols[k]),
                              ov_table_col(t, (size_t)cols[k]),
                              ov_table_colidx(t, (size_t)cols[k]), err) != OV_OK) {
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
ov_query_rename(const ov_table *t, const char *const *from, const char *const *to, size_t n,
                ov_table **out, struct ov_err *err)
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
            st = ov_err_set(err, OV_EINVAL, "a column cannot be renamed to an empty name");
        names[c] = to[k];
    }
    for (j = 0; j < nc && st == OV_OK; j++)
        for (k = j + 1; k < nc && st == OV_OK; k++)
            if (strcmp(names[j], names[k]) == 0)
                st = ov_err_set(err, OV_EINVAL,
                                "two columns would both be called '%s'", names[j]);
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

ov_status
ov_query_sort(const ov_table *t, const char *const *keys, size_t n, ov_table **out,
              struct ov_err *err)
{
    int *cols = ov_malloc((n ? n : 1) * sizeof *cols);
    bool *desc = ov_malloc((n ? n : 1) * sizeof *desc);
    size_t nr = ov_table_nrows(t), i, k;
    uint32_t *rows = NULL;
    struct sorter s = {NULL, 0};
    ov_status st = OV_OK;

    *out = NULL;
    if (cols == NULL || desc == NULL) {
        st = ov_err_nomem(err, "sorting");
        goto done;
    }
    for (k = 0; k < n && st == OV_OK; k++) {
        const char *name = keys[k];

        desc[k] = name[0] == '-';
        if (desc[k] || name[0] == '+')
            name++;
        st = ov_query_column(t, name, &cols[k], err);
    }
    if (st != OV_OK)
        goto done;
    rows = ov_malloc((nr ? nr : 1) * sizeof *rows);
    if (rows == NULL) {
        st = ov_err_nomem(err, "sorting");
        goto done;
    }
    for (i = 0; i < nr; i++)
        rows[i] = (uint32_t)i;
    if ((st = sorter_init(&s, t, cols, desc, n, err)) != OV_OK)
        goto done;
    if ((st = msort(rows, nr, &s, err)) != OV_OK)
        goto done;
    st = ov_query_rows(t, rows, nr, out, err);
done:
    sorter_free(&s);
    ov_free(rows);
    ov_free(cols);
    ov_free(desc);
    return st;
}

/* the column numbers of names; all columns when n is 0 */
static ov_status
resolve(const ov_table *t, const char *const *names, size_t n, int **cols, size_t *k,
        struct ov_err *err)
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
    if ((st = resolve(t, names, n, &cols, &k, err)) != OV_OK)
        return st;
    st = group_rows(t, cols, k, &g, err);
    ov_free(cols);
    if (st != OV_OK)
        return st;
    /* first rows, already in file order since numbers follow it */
    st = ov_query_rows(t, g.first, g.n, out, err);
    groups_free(&g);
    return st;
}

/* puts `name = "expr": ` before an expression's error, so the message
 * says which of several it was (not before "interrupted") */
static void
in_expression(struct ov_err *err, const char *name, const char *expr)
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
            in_expression(err, names[k], exprs[k]);
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
            st = ov_table_add_view(r, name, ov_table_col(t, j), ov_table_colidx(t, j), err);
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

/* ---------------------------------------------------------------------
 * Grouping and aggregating
 * --------------------------------------------------------------------- */

/* renumbers groups so that their order follows the keys (missing last) */
static ov_status
order_groups(const ov_table *t, const int *cols, size_t ncols, struct groups *g,
             struct ov_err *err)
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
    if ((st = sorter_init(&s, t, cols, NULL, ncols, err)) != OV_OK)
        goto done;
    /* sort the groups' first rows */
    for (i = 0; i < g->n; i++)
        order[i] = g->first[i];
    if ((st = msort(order, g->n, &s, err)) != OV_OK)
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
    sorter_free(&s);
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
        ov_rowidx *idx = ov_rowidx_compose(ov_table_colidx(t, (size_t)cols[k]), first, n, err);
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
    } else if ((st = resolve(t, keys, nkeys, &cols, &ck, err)) != OV_OK) {
        return st;
    }
    for (k = 0; k < naggs; k++) {
        size_t m;

        if (ov_table_find(t, names[k]) >= 0) {
            for (m = 0; m < nkeys && strcmp(keys[m], names[k]) != 0; m++)
                ;
            if (m < nkeys) {
                st = ov_err_set(err, OV_EINVAL,
                                "'%s' is a grouping column: give the aggregate another name",
                                names[k]);
                goto done;
            }
        }
    }
    if (nkeys > 0 && ((st = group_rows(t, cols, nkeys, &g, err)) != OV_OK ||
                      (st = order_groups(t, cols, nkeys, &g, err)) != OV_OK))
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
            in_expression(err, names[k], exprs[k]);
        else if (!ov_expr_is_aggregate(e))
            st = ov_err_set(err, OV_EINVAL,
                            "%s = \"%s\" holds no aggregate: use one of count(), "
                            "count_distinct(x), sum(x), mean(x), median(x), min(x), "
                            "max(x), pct(condition), share(x)",
                            names[k], exprs[k]);
        else if ((st = ov_expr_aggregate(e, t, g.id, g.n, &c, err)) != OV_OK)
            in_expression(err, names[k], exprs[k]);
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
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    groups_free(&g);
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
    struct sorter s = {NULL, 0};
    struct ov_view v;
    uint64_t missing = 0;
    ov_status st;

    *out = NULL;
    if ((st = ov_query_column(t, name, &col, err)) != OV_OK)
        return st;
    if ((st = group_rows(t, &col, 1, &g, err)) != OV_OK)
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
    /* most frequent first; ties in the value's order; missing last */
    if ((st = sorter_init(&s, t, &col, NULL, 1, err)) != OV_OK)
        goto done;
    for (i = 1; i < g.n; i++) {
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
                after = rows_cmp(&s, g.first[y], g.first[x]) > 0;
            if (!after)
                break;
            order[j] = y;
            j--;
        }
        order[j] = x;
    }
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
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        st = ov_err_nomem(err, "counting values");
        goto done;
    }
    *out = r;
    r = NULL;
done:
    sorter_free(&s);
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
    groups_free(&g);
    return st;
}

/* the text of table row i of a view, as a label (dates in ISO form) */
static void
label_of(const struct ov_view *v, size_t i, ov_strbuf *b)
{
    size_t r = ov_view_row(v, i), len;
    char buf[OV_VALUE_TEXT_MAX];
    const char *s;

    if (r == OV_NOROW || ov_column_missing(v->col, r)) {
        ov_strbuf_puts(b, "(missing)");
        return;
    }
    if (v->col->type == OV_DATE) {
        len = ov_format_date(buf, v->col->data.days[r], OV_DATE_ISO);
        s = buf;
    } else {
        s = ov_column_text(v->col, r, buf, &len);
    }
    ov_strbuf_append(b, s, len);
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
    if ((st = ov_query_column(t, a, &ca, err)) != OV_OK || (st = ov_query_column(t, b, &cb, err)) != OV_OK)
        return st;
    if (ca == cb)
        return ov_err_set(err, OV_EINVAL,
                          "give two different columns (the same column twice: '%s')",
                          a);
    if ((st = group_rows(t, &ca, 1, &ga, err)) != OV_OK ||
        (st = order_groups(t, &ca, 1, &ga, err)) != OV_OK ||
        (st = group_rows(t, &cb, 1, &gb, err)) != OV_OK ||
        (st = order_groups(t, &cb, 1, &gb, err)) != OV_OK)
        goto done;
    na = ga.n;
    nb = gb.n;
    if (nb > 1000) {
        st = ov_err_set(err, OV_ERANGE,
                        "'%s' has %zu distinct values; a crosstab has at most 1,000 "
                        "columns (put the column with more values first)",
                        b, nb);
        goto done;
    }
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
    labels = ov_column_new(OV_STRING, na + 1, NULL, (uint32_t)(na + 1), err);
    if (labels == NULL) {
        st = err->status;
        goto done;
    }
    for (x = 0; x <= na; x++) {
        uint32_t code;

        ov_strbuf_reset(&lb);
        if (x < na)
            label_of(&va, ga.first[x], &lb);
        else
            ov_strbuf_puts(&lb, "Total");
        if (ov_strbuf_status(&lb) != OV_OK ||
            ov_dict_intern(labels->dict, lb.data, lb.len, &code, NULL) != OV_OK) {
            st = ov_err_nomem(err, "cross-tabulating");
            goto done;
        }
        ov_column_set_code(labels, x, code);
    }
    if ((st = ov_table_add_column(r, a, labels, err)) != OV_OK)
        goto done;
    for (y = 0; y <= nb; y++) {
        ov_column *c;
        const char *cname;

        ov_strbuf_reset(&lb);
        if (y < nb)
            label_of(&vb, gb.first[y], &lb);
        else
            ov_strbuf_puts(&lb, "Total");
        /* a column name already taken (such as a value equal to the first
         * column's name) gets a suffix */
        while (ov_table_find(r, ov_strbuf_cstr(&lb)) >= 0)
            ov_strbuf_puts(&lb, "_2");
        if (ov_strbuf_status(&lb) != OV_OK) {
            st = ov_err_nomem(err, "cross-tabulating");
            goto done;
        }
        cname = ov_strbuf_cstr(&lb);
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
        if (c == NULL) {
            st = err->status;
            goto done;
        }
        st = ov_table_add_column(r, cname, c, err);
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
    groups_free(&ga);
    groups_free(&gb);
    return st;
}

/* ---------------------------------------------------------------------
 * Joins
 * --------------------------------------------------------------------- */

/* a key column's values for every row, comparable across the two tables:
 * text as codes of the left dictionary (a right value the left lacks gets a
 * code no left row has), numbers as doubles when one side is float */
struct joinkey {
    uint64_t *left, *right;
    uint8_t *lmiss, *rmiss;
};

static ov_status
join_key(const struct ov_view *lv, const struct ov_view *rv, const char *name,
         struct joinkey *k, struct ov_err *err)
{
    size_t nl = lv->n, nr = rv->n, i;
    ov_type lt = lv->col->type, rt = rv->col->type;
    bool as_double = (lt == OV_FLOAT || rt == OV_FLOAT);
    uint32_t *map = NULL;

    if (lt != rt && !((lt == OV_INT || lt == OV_FLOAT) && (rt == OV_INT || rt == OV_FLOAT)))
        return ov_err_set(err, OV_ETYPE,
                          "key '%s' is %s in one table and %s in the other (load one with "
                          "types = { %s = \"%s\" } to make them match)",
                          name, ov_type_name(lt), ov_type_name(rt), name, ov_type_name(lt));
    k->left = ov_malloc((nl ? nl : 1) * sizeof *k->left);
    k->right = ov_malloc((nr ? nr : 1) * sizeof *k->right);
    k->lmiss = ov_malloc(nl ? nl : 1);
    k->rmiss = ov_malloc(nr ? nr : 1);
    if (k->left == NULL || k->right == NULL || k->lmiss == NULL || k->rmiss == NULL)
        return ov_err_nomem(err, "joining");
    if (lt == OV_STRING && lv->col->dict != rv->col->dict) {
        const ov_dict *ld = lv->col->dict, *rd = rv->col->dict;
        uint32_t e;

        map = ov_malloc((rd->n ? rd->n : 1) * sizeof *map);
        if (map == NULL)
            return ov_err_nomem(err, "joining");
        for (e = 0; e < rd->n; e++) {
            size_t len;
            const char *s = ov_dict_str(rd, e, &len);

            map[e] = ov_dict_find(ld, s, len); /* OV_DICT_MAX: no left row has it */
        }
    }
    for (i = 0; i < nl; i++) {
        bool miss;
        uint64_t x = row_key(lv, i, &miss);

        if (lt == OV_FLOAT && x == NAN_KEY)
            miss = true; /* NaN equals nothing */
        if (as_double && !miss && lt == OV_INT) {
            double d = (double)(int64_t)x;

            memcpy(&x, &d, sizeof x);
        }
        k->left[i] = x;
        k->lmiss[i] = miss;
    }
    for (i = 0; i < nr; i++) {
        bool miss;
        uint64_t x = row_key(rv, i, &miss);

        if (rt == OV_FLOAT && x == NAN_KEY)
            miss = true;
        if (as_double && !miss && rt == OV_INT) {
            double d = (double)(int64_t)x;

            memcpy(&x, &d, sizeof x);
        }
        if (map != NULL && !miss)
            x = map[x];
        k->right[i] = x;
        k->rmiss[i] = miss;
    }
    ov_free(map);
    return OV_OK;
}

static void
joinkeys_free(struct joinkey *k, size_t n)
{
    size_t i;

    if (k == NULL)
        return;
    for (i = 0; i < n; i++) {
        ov_free(k[i].left);
        ov_free(k[i].right);
        ov_free(k[i].lmiss);
        ov_free(k[i].rmiss);
    }
    ov_free(k);
}

static ov_status
push_pair(uint32_t **ls, uint32_t **rs, size_t *n, size_t *cap, uint32_t l, uint32_t r)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4096;
        uint32_t *a = ov_realloc(*ls, nc * sizeof *a), *b;

        if (a == NULL)
            return OV_ENOMEM;
        *ls = a;
        b = ov_realloc(*rs, nc * sizeof *b);
        if (b == NULL)
            return OV_ENOMEM;
        *rs = b;
        *cap = nc;
    }
    (*ls)[*n] = l;
    (*rs)[*n] = r;
    (*n)++;
    return OV_OK;
}

ov_status
ov_query_join(const ov_table *t, const ov_table *other, const char *const *keys,
              size_t nkeys, enum ov_join_how how, ov_table **out, struct ov_join_info *info,
              struct ov_err *err)
{
    size_t nl = ov_table_nrows(t), nr = ov_table_nrows(other), i, k, cap = 0, npairs = 0;
    size_t nbuckets = 1024;
    int *lc = NULL, *rc = NULL;
    struct joinkey *jk = NULL;
    uint32_t *head = NULL, *next = NULL, *lsel = NULL, *rsel = NULL;
    ov_table *r = NULL;
    struct ov_join_info dummy;
    ov_status st = OV_OK;

    *out = NULL;
    if (info == NULL)
        info = &dummy;
    memset(info, 0, sizeof *info);
    info->left_rows = nl;
    info->right_rows = nr;
    if (nkeys == 0)
        return ov_err_set(err, OV_EINVAL, "join needs at least one key column");
    lc = ov_malloc(nkeys * sizeof *lc);
    rc = ov_malloc(nkeys * sizeof *rc);
    jk = ov_calloc(nkeys, sizeof *jk);
    if (lc == NULL || rc == NULL || jk == NULL) {
        st = ov_err_nomem(err, "joining");
        goto done;
    }
    for (k = 0; k < nkeys && st == OV_OK; k++) {
        st = ov_query_column(t, keys[k], &lc[k], err);
        if (st == OV_OK && (st = ov_query_column(other, keys[k], &rc[k], err)) != OV_OK) {
            char msg[OV_ERR_MSG_MAX];

            snprintf(msg, sizeof msg, "%s", err->msg);
            ov_err_set(err, err->status, "the other table: %s", msg);
        }
    }
    for (k = 0; k < nkeys && st == OV_OK; k++) {
        struct ov_view lv = ov_table_colview(t, (size_t)lc[k]);
        struct ov_view rv = ov_table_colview(other, (size_t)rc[k]);

        st = join_key(&lv, &rv, keys[k], &jk[k], err);
    }
    if (st != OV_OK)
        goto done;
    /* a hash table of the right rows: buckets chained through next */
    while (nbuckets < nr * 2)
        nbuckets *= 2;
    head = ov_malloc(nbuckets * sizeof *head);
    next = ov_malloc((nr ? nr : 1) * sizeof *next);
    if (head == NULL || next == NULL) {
        st = ov_err_nomem(err, "joining");
        goto done;
    }
    memset(head, 0xFF, nbuckets * sizeof *head);
    /* insert in reverse so each chain lists rows in table order */
    for (i = nr; i-- > 0;) {
        uint64_t h = 0;
        bool miss = false;

        for (k = 0; k < nkeys; k++) {
            miss |= jk[k].rmiss[i];
            h = mix64(h ^ jk[k].right[i]);
        }
        if (miss)
            continue; /* a missing key matches nothing */
        h &= nbuckets - 1;
        next[i] = head[h];
        head[h] = (uint32_t)i;
    }
    for (i = 0; i < nl; i++) {
        uint64_t h = 0;
        bool miss = false;
        uint32_t j;
        size_t matches = 0;

        if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        for (k = 0; k < nkeys; k++) {
            miss |= jk[k].lmiss[i];
            h = mix64(h ^ jk[k].left[i]);
        }
        if (!miss) {
            for (j = head[h & (nbuckets - 1)]; j != NONE; j = next[j]) {
                bool eq = true;

                for (k = 0; k < nkeys && eq; k++)
                    eq = jk[k].left[i] == jk[k].right[j];
                if (!eq)
                    continue;
                if (push_pair(&lsel, &rsel, &npairs, &cap, (uint32_t)i, j) != OV_OK) {
                    st = ov_err_nomem(err, "joining");
                    goto done;
                }
                matches++;
            }
        }
        if (matches == 0) {
            info->unmatched_left++;
            if (how == OV_JOIN_LEFT &&
                push_pair(&lsel, &rsel, &npairs, &cap, (uint32_t)i, OV_NOROW) != OV_OK) {
                st = ov_err_nomem(err, "joining");
                goto done;
            }
        }
        if (matches > 1)
            info->multi_left++;
        if (npairs > OV_MAX_ROWS) {
            st = ov_err_set(err, OV_ERANGE, "the result would have more than %zu rows",
                            OV_MAX_ROWS);
            goto done;
        }
    }
    info->out_rows = npairs;
    r = ov_table_take(t, lsel != NULL ? lsel : no_rows, npairs, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    {
        /* the other table's columns but the keys, through its rows */
        const ov_rowidx **from = ov_calloc(ov_table_ncols(other) + 1, sizeof *from);
        ov_rowidx **to = ov_calloc(ov_table_ncols(other) + 1, sizeof *to);
        size_t made = 0, j, m;
        ov_strbuf name = OV_STRBUF_INIT;

        if (from == NULL || to == NULL) {
            ov_free(from);
            ov_free(to);
            st = ov_err_nomem(err, "joining");
            goto done;
        }
        for (j = 0; j < ov_table_ncols(other) && st == OV_OK; j++) {
            ov_rowidx *idx = NULL;
            const char *cname = ov_table_colname(other, j);

            for (k = 0; k < nkeys && rc[k] != (int)j; k++)
                ;
            if (k < nkeys)
                continue;
            for (m = 0; m < made && from[m] != ov_table_colidx(other, j); m++)
                ;
            if (m == made) {
                idx = ov_rowidx_compose(ov_table_colidx(other, j),
                                        rsel != NULL ? rsel : no_rows, npairs, err);
                if (idx == NULL) {
                    st = err->status;
                    break;
                }
                from[made] = ov_table_colidx(other, j);
                to[made++] = idx;
            } else {
                idx = to[m];
            }
            ov_strbuf_reset(&name);
            ov_strbuf_puts(&name, cname);
            while (ov_table_find(r, ov_strbuf_cstr(&name)) >= 0)
                ov_strbuf_puts(&name, "_2");
            if (ov_strbuf_status(&name) != OV_OK) {
                st = ov_err_nomem(err, "joining");
                break;
            }
            if (strcmp(ov_strbuf_cstr(&name), cname) != 0 && info->renamed++ == 0)
                snprintf(info->renamed_first, sizeof info->renamed_first, "%s -> %s", cname,
                         ov_strbuf_cstr(&name));
            st = ov_table_add_view(r, ov_strbuf_cstr(&name), ov_table_col(other, j), idx, err);
        }
        for (m = 0; m < made; m++)
            ov_rowidx_unref(to[m]);
        ov_free(from);
        ov_free(to);
        ov_strbuf_free(&name);
        if (st != OV_OK)
            goto done;
    }
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    joinkeys_free(jk, nkeys);
    ov_free(lc);
    ov_free(rc);
    ov_free(head);
    ov_free(next);
    ov_free(lsel);
    ov_free(rsel);
    return st;
}

/* ---------------------------------------------------------------------
 * Schema and summary: one row per column
 * --------------------------------------------------------------------- */

/* a string column of n rows filled from texts[] (NULL: missing) */
static ov_column *
text_column(char **texts, size_t n, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_STRING, n, NULL, (uint32_t)(n + 1), err);
    size_t i;

    if (c == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        uint32_t code;

        if (texts[i] == NULL) {
            if (ov_column_set_missing(c, i) != OV_OK)
                goto nomem;
            continue;
        }
        if (ov_dict_intern(c->dict, texts[i], strlen(texts[i]), &code, NULL) != OV_OK)
            goto nomem;
        ov_column_set_code(c, i, code);
    }
    ov_column_finish(c);
    return c;
nomem:
    ov_column_unref(c);
    ov_err_nomem(err, "summarising");
    return NULL;
}

static ov_column *
int_column(const int64_t *v, size_t n, bool measure, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_INT, n, NULL, 0, err);

    if (c != NULL) {
        memcpy(c->data.i64, v, n * sizeof *v);
        c->measure = measure;
    }
    return c;
}

static char *
text_dup(const char *s, size_t n)
{
    char *p = ov_malloc(n + 1);

    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* the cell as written (2020, not 2,020; dates ISO), copied; NULL when
 * missing */
static char *
cell_text(const ov_table *t, size_t j, size_t i, bool *nomem)
{
    ov_strbuf b = OV_STRBUF_INIT;
    char *p = NULL;
    struct ov_view v = ov_table_colview(t, j);

    if (ov_view_missing(&v, i))
        return NULL;
    label_of(&v, i, &b);
    if (ov_strbuf_status(&b) == OV_OK)
        p = text_dup(ov_strbuf_cstr(&b), b.len);
    ov_strbuf_free(&b);
    if (p == NULL)
        *nomem = true;
    return p;
}

static ov_status
add_columns(ov_table *r, const char *const *names, ov_column **cols, size_t n,
            struct ov_err *err)
{
    size_t k;
    ov_status st = OV_OK;

    for (k = 0; k < n; k++) {
        if (cols[k] == NULL) {
            st = err->status != OV_OK ? err->status : ov_err_nomem(err, "summarising");
            break;
        }
        if ((st = ov_table_add_column(r, names[k], cols[k], err)) != OV_OK)
            break;
    }
    for (k = 0; k < n; k++)
        ov_column_unref(cols[k]);
    return st;
}

ov_status
ov_query_schema(const ov_table *t, ov_table **out, struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), j, i;
    char **names = ov_calloc(nc ? nc : 1, sizeof *names);
    char **types = ov_calloc(nc ? nc : 1, sizeof *types);
    int64_t *missing = ov_calloc(nc ? nc : 1, sizeof *missing);
    ov_column *cols[3] = {NULL, NULL, NULL};
    static const char *const cn[] = {"column", "type", "missing"};
    ov_table *r = NULL;
    ov_status st = OV_OK;

    *out = NULL;
    if (names == NULL || types == NULL || missing == NULL) {
        st = ov_err_nomem(err, "listing the columns");
        goto done;
    }
    for (j = 0; j < nc; j++) {
        struct ov_view v = ov_table_colview(t, j);

        names[j] = (char *)ov_table_colname(t, j);
        types[j] = (char *)ov_type_name(v.col->type);
        for (i = 0; i < v.n; i++)
            missing[j] += ov_view_missing(&v, i);
    }
    if ((r = ov_table_new(nc, err)) == NULL) {
        st = err->status;
        goto done;
    }
    cols[0] = text_column(names, nc, err);
    cols[1] = text_column(types, nc, err);
    cols[2] = int_column(missing, nc, true, err);
    if ((st = add_columns(r, cn, cols, 3, err)) != OV_OK)
        goto done;
    ov_table_set_name(r, ov_table_name(t));
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    ov_free(names);
    ov_free(types);
    ov_free(missing);
    return st;
}

ov_status
ov_query_summary(const ov_table *t, ov_table **out, struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), j, i, k;
    char **names = NULL, **types = NULL, **mins = NULL, **maxs = NULL, **means = NULL,
         **tops = NULL;
    int64_t *present = NULL, *missing = NULL, *distinct = NULL;
    static const char *const cn[] = {"column", "type",  "n",    "missing", "distinct",
                                     "min",    "max",   "mean", "top"};
    ov_column *cols[9] = {NULL};
    ov_table *r = NULL, *f = NULL, *a = NULL;
    ov_strbuf b = OV_STRBUF_INIT;
    ov_status st = OV_OK;
    bool nomem = false;
    size_t m = nc ? nc : 1;

    *out = NULL;
    names = ov_calloc(m, sizeof *names);
    types = ov_calloc(m, sizeof *types);
    mins = ov_calloc(m, sizeof *mins);
    maxs = ov_calloc(m, sizeof *maxs);
    means = ov_calloc(m, sizeof *means);
    tops = ov_calloc(m, sizeof *tops);
    present = ov_calloc(m, sizeof *present);
    missing = ov_calloc(m, sizeof *missing);
    distinct = ov_calloc(m, sizeof *distinct);
    if (names == NULL || types == NULL || mins == NULL || maxs == NULL || means == NULL ||
        tops == NULL || present == NULL || missing == NULL || distinct == NULL) {
        st = ov_err_nomem(err, "summarising");
        goto done;
    }
    for (j = 0; j < nc; j++) {
        struct ov_view v = ov_table_colview(t, j);
        const char *name = ov_table_colname(t, j);
        ov_type type = v.col->type;
        bool numeric = type == OV_INT || type == OV_FLOAT;
        size_t nf;

        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        names[j] = (char *)name;
        types[j] = (char *)ov_type_name(type);
        for (i = 0; i < v.n; i++)
            missing[j] += ov_view_missing(&v, i);
        present[j] = (int64_t)v.n - missing[j];
        /* distinct values and the most common, from freq */
        if ((st = ov_query_freq(t, name, &f, err)) != OV_OK)
            goto done;
        nf = ov_table_nrows(f);
        distinct[j] = (int64_t)nf - (missing[j] > 0 ? 1 : 0);
        ov_strbuf_reset(&b);
        {
            struct ov_view fv = ov_table_colview(f, 0), fn = ov_table_colview(f, 1);

            for (i = 0, k = 0; i < nf && k < 3; i++) {
                char nb[32];

                if (ov_view_missing(&fv, i))
                    continue;
                if (k++ > 0)
                    ov_strbuf_puts(&b, ", ");
                label_of(&fv, i, &b);
                ov_format_int_grouped(nb, fn.col->data.i64[ov_view_row(&fn, i)], ',');
                ov_strbuf_printf(&b, " (%s)", nb);
            }
        }
        ov_table_free(f);
        f = NULL;
        if (ov_strbuf_status(&b) != OV_OK) {
            st = ov_err_nomem(err, "summarising");
            goto done;
        }
        if (k > 0 && (tops[j] = text_dup(ov_strbuf_cstr(&b), b.len)) == NULL)
            nomem = true;
        /* min, max and mean through the aggregates, with their rules */
        if (present[j] > 0 && type != OV_BOOL) {
            static const char *const an[] = {"lo", "hi", "mean"};
            static const char *const fn[] = {"min(`", "max(`", "mean(`"};
            const char *ae[3];
            ov_strbuf e[3] = {OV_STRBUF_INIT, OV_STRBUF_INIT, OV_STRBUF_INIT};

            /* the name in backquotes, escaped, however long it is */
            for (k = 0; k < 3; k++) {
                ov_strbuf_puts(&e[k], fn[k]);
                for (i = 0; name[i] != '\0'; i++) {
                    if (name[i] == '`' || name[i] == '\\')
                        ov_strbuf_putc(&e[k], '\\');
                    ov_strbuf_putc(&e[k], name[i]);
                }
                ov_strbuf_puts(&e[k], "`)");
                nomem |= ov_strbuf_status(&e[k]) != OV_OK;
                ae[k] = ov_strbuf_cstr(&e[k]);
            }
            if (!nomem)
                st = ov_query_group(t, NULL, 0, an, ae, numeric ? 3 : 2, &a, err);
            for (k = 0; k < 3; k++)
                ov_strbuf_free(&e[k]);
            if (nomem) {
                st = ov_err_nomem(err, "summarising");
                goto done;
            }
            if (st != OV_OK)
                goto done;
            mins[j] = cell_text(a, 0, 0, &nomem);
            maxs[j] = cell_text(a, 1, 0, &nomem);
            if (numeric)
                means[j] = cell_text(a, 2, 0, &nomem);
            ov_table_free(a);
            a = NULL;
        }
        if (nomem) {
            st = ov_err_nomem(err, "summarising");
            goto done;
        }
    }
    if ((r = ov_table_new(nc, err)) == NULL) {
        st = err->status;
        goto done;
    }
    cols[0] = text_column(names, nc, err);
    cols[1] = text_column(types, nc, err);
    cols[2] = int_column(present, nc, true, err);
    cols[3] = int_column(missing, nc, true, err);
    cols[4] = int_column(distinct, nc, true, err);
    cols[5] = text_column(mins, nc, err);
    cols[6] = text_column(maxs, nc, err);
    cols[7] = text_column(means, nc, err);
    cols[8] = text_column(tops, nc, err);
    if ((st = add_columns(r, cn, cols, 9, err)) != OV_OK)
        goto done;
    ov_table_set_name(r, ov_table_name(t));
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    ov_table_free(f);
    ov_table_free(a);
    ov_strbuf_free(&b);
    for (j = 0; j < nc && mins != NULL; j++) {
        ov_free(mins[j]);
        ov_free(maxs[j]);
        ov_free(means[j]);
        ov_free(tops[j]);
    }
    ov_free(names);
    ov_free(types);
    ov_free(mins);
    ov_free(maxs);
    ov_free(means);
    ov_free(tops);
    ov_free(present);
    ov_free(missing);
    ov_free(distinct);
    return st;
}
