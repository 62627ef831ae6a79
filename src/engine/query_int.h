/*
 * query_int.h - what the query_*.c files share: the hash map, group
 * numbers, row keys and the row sorter (query_keys.c), column lookup and
 * labels. Not for other modules: their way in is query.h.
 */
#ifndef OV_QUERY_INT_H
#define OV_QUERY_INT_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ov_error.h"
#include "query.h"
#include "strbuf.h"
#include "table.h"

#define NONE UINT32_MAX
#define POLL 65536 /* rows between looks at the interrupt flag */
/* Every NaN, whatever its sign and payload, is this one key: NaNs make one
 * group, as missing values do. Like a missing value, a NaN never equals
 * anything (`z == z` is false), so it matches nothing in a join; it sorts
 * after every number and before the missing values. */
#define NAN_KEY 0x7FF8000000000000ull

/* what an empty list of rows points at: the index calls copy from it, and
 * memcpy from NULL is undefined even for no bytes (UBSan) */
extern const uint32_t ov_query_no_rows[1];

/* ---- a hash map from 64-bit keys to dense numbers (query_keys.c) ---- */

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

/* a map sized for about `expect` keys; OV_ENOMEM (then still free it) */
ov_status ov_idmap_init(struct idmap *m, size_t expect);

void ov_idmap_free(struct idmap *m);

/* the number of key (assigning `next` if new: *fresh tells); OV_ENOMEM */
ov_status ov_idmap_get(struct idmap *m, uint64_t key, uint32_t next, uint32_t *id,
                       bool *fresh);

/* ---- group numbers (query_keys.c) ---- */

struct groups {
    uint32_t *id;    /* per table row */
    uint32_t *first; /* per group: its first table row */
    size_t n;        /* groups */
};

void ov_groups_free(struct groups *g);

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

/* group numbers for the key columns cols[0..ncols), in order of first
 * appearance; g is owned by the caller on success (ov_groups_free), empty
 * on failure (OV_ENOMEM, OV_EINTR) */
ov_status ov_group_rows(const ov_table *t, const int *cols, size_t ncols,
                        struct groups *g, struct ov_err *err);

/* ---- ordering rows by keys (query_keys.c) ---- */

struct sortkey {
    struct ov_view v;
    uint32_t *rank; /* text: rank of each dictionary entry */
    bool desc;
};

struct sorter {
    struct sortkey *keys;
    size_t nkeys;
};

/* a sorter on t's columns cols[0..n) (descending where desc[k]; desc may
 * be NULL); free with ov_sorter_free, also after a failure (OV_ENOMEM) */
ov_status ov_sorter_init(struct sorter *s, const ov_table *t, const int *cols,
                         const bool *desc, size_t n, struct ov_err *err);

void ov_sorter_free(struct sorter *s);

/* compares table rows a and b by the keys; missing values last */
int ov_sorter_cmp(const struct sorter *s, uint32_t a, uint32_t b);

/* sorts the row numbers a[0..n) by the keys, stably (rows that compare
 * equal keep their order in a), in the order ov_sorter_cmp gives: the keys
 * encoded once into order-preserving words, then an LSD radix sort
 * (query_sort.c); few rows by ov_sorter_merge. OV_ENOMEM, OV_EINTR */
ov_status ov_sorter_sort(uint32_t *a, size_t n, const struct sorter *s,
                         struct ov_err *err);

/* the same order by a merge sort of comparisons (ov_sorter_cmp);
 * OV_ENOMEM, OV_EINTR */
ov_status ov_sorter_merge(uint32_t *a, size_t n, const struct sorter *s,
                          struct ov_err *err);

/* the first k of a[0..n) in the order ov_sorter_sort would give them
 * (last: the last k, in that order), into a[0..min(k, n)), without
 * sorting the rest; *kept is min(k, n). OV_ENOMEM, OV_EINTR */
ov_status ov_sorter_top(uint32_t *a, size_t n, size_t k, bool last,
                        const struct sorter *s, size_t *kept, struct ov_err *err);

/* ---- shared by the operations (query_ops.c, query_group.c) ---- */

/* the column numbers of names, all columns when n is 0, in *cols (the
 * caller frees it with ov_free; NULL on failure: OV_ENOTFOUND, OV_ENOMEM) */
ov_status ov_query_columns(const ov_table *t, const char *const *names, size_t n,
                           int **cols, size_t *k, struct ov_err *err);

/* puts `name = "expr": ` before an expression's error, so the message
 * says which of several it was (not before "interrupted") */
void ov_query_in_expression(struct ov_err *err, const char *name, const char *expr);

/* appends the text of table row i of a view, as a label (dates in ISO
 * form; "(missing)"); query_group.c */
void ov_query_label(const struct ov_view *v, size_t i, ov_strbuf *b);

/* renumbers the groups g of t's columns cols[0..ncols) so that their
 * order follows the keys (missing last); OV_ENOMEM, OV_EINTR */
ov_status ov_query_order_groups(const ov_table *t, const int *cols, size_t ncols,
                                struct groups *g, struct ov_err *err);

/* a crosstab's first column: the n values of view v at rows first[] as
 * text, then "Total"; b is scratch; NULL and err filled when out of
 * memory */
ov_column *ov_query_row_labels(const struct ov_view *v, const uint32_t *first, size_t n,
                               ov_strbuf *b, struct ov_err *err);

/* a crosstab's two columns a and b of t: their indexes, refused when they
 * are one column, and their groups in key order (at most 1,000 of b, the
 * columns); the caller frees ga and gb with ov_groups_free, on failure too */
ov_status ov_query_cross_groups(const ov_table *t, const char *a, const char *b,
                                int *ca, int *cb, struct groups *ga, struct groups *gb,
                                struct ov_err *err);

/* the name of a crosstab's column y of vb's nb groups (y == nb: "Total"),
 * with "_2" until no column of r has it, into b; OV_ENOMEM */
ov_status ov_query_cross_name(const ov_table *r, const struct ov_view *vb,
                              const struct groups *gb, size_t y, ov_strbuf *b,
                              struct ov_err *err);

#endif /* OV_QUERY_INT_H */
