/*
 * query_misses.c - what a join on a text key failed to match: the keys of
 * one table that the other lacks, with their row counts, the nearest name
 * the other has, and whether force_name() would have matched them. For
 * the join's report; reads rows, changes nothing. Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <string.h>

#include "dict.h"
#include "forces.h"
#include "ov_mem.h"
#include "suggest.h"

/* beyond this many distinct keys in other, no nearest name is looked for:
 * each shown key would be compared with every one */
#define NEAREST_MAX 5000

/* the present key of other closest to s, if within half the longer length */
static const char *
nearest(const ov_dict *rd, const uint8_t *present, const char *s)
{
    size_t best = (size_t)-1, ls = strlen(s);
    const char *hit = NULL;
    uint32_t e;

    for (e = 0; e < rd->n; e++) {
        const char *r;
        size_t d, lr, longer;

        if (!present[e])
            continue;
        r = ov_dict_str(rd, e, &lr);
        d = ov_edit_distance(s, r);
        longer = ls > lr ? ls : lr;
        if (d < best && 2 * d <= longer) {
            best = d;
            hit = r;
        }
    }
    return hit;
}

ov_status
ov_query_join_misses(const ov_table *t, const ov_table *other, const char *key,
                     struct ov_join_miss *out, size_t max, size_t *nout,
                     size_t *ndistinct, size_t *nforce, struct ov_err *err)
{
    int jl = ov_table_find(t, key), jr = ov_table_find(other, key);
    struct ov_view lv, rv;
    const ov_dict *ld, *rd;
    uint8_t *present = NULL, *state = NULL;
    const char **byforce = NULL; /* per force, a key of other naming it */
    size_t *rows = NULL, i, npresent = 0;
    uint32_t *order = NULL, e;
    ov_status st = OV_OK;

    *nout = *ndistinct = *nforce = 0;
    if (jl < 0 || jr < 0)
        return OV_OK;
    lv = ov_table_colview(t, (size_t)jl);
    rv = ov_table_colview(other, (size_t)jr);
    if (lv.col->type != OV_STRING || rv.col->type != OV_STRING)
        return OV_OK;
    ld = lv.col->dict;
    rd = rv.col->dict;
    present = ov_calloc(rd->n ? rd->n : 1, 1);
    byforce = ov_calloc(ov_force_count(), sizeof *byforce);
    state = ov_calloc(ld->n ? ld->n : 1, 1); /* 0 unknown, 1 matched, 2 not */
    rows = ov_calloc(ld->n ? ld->n : 1, sizeof *rows);
    order = ov_calloc(ld->n ? ld->n : 1, sizeof *order);
    if (present == NULL || byforce == NULL || state == NULL || rows == NULL ||
        order == NULL) {
        st = ov_err_nomem(err, "describing a join");
        goto done;
    }
    for (i = 0; i < rv.n; i++)
        if (!ov_view_missing(&rv, i))
            present[ov_column_code(rv.col, ov_view_row(&rv, i))] = 1;
    for (e = 0; e < rd->n; e++)
        if (present[e]) {
            size_t len;
            const char *s = ov_dict_str(rd, e, &len);
            const struct ov_force *f = ov_force_find(s, len);

            if (f != NULL && byforce[f - ov_force_at(0)] == NULL)
                byforce[f - ov_force_at(0)] = s;
            npresent++;
        }
    for (i = 0; i < lv.n; i++) {
        uint32_t c;

        if (ov_view_missing(&lv, i))
            continue;
        c = ov_column_code(lv.col, ov_view_row(&lv, i));
        if (state[c] == 0) {
            size_t len;
            const char *s = ov_dict_str(ld, c, &len);
            uint32_t r = ov_dict_find(rd, s, len);

            state[c] = r != OV_DICT_MAX && present[r] ? 1 : 2;
            if (state[c] == 2)
                order[(*ndistinct)++] = c;
        }
        if (state[c] == 2)
            rows[c]++;
    }
    for (i = 0; i < *ndistinct; i++) {
        size_t len;
        const char *s = ov_dict_str(ld, order[i], &len);
        const struct ov_force *f = ov_force_find(s, len);
        const char *same = f != NULL ? byforce[f - ov_force_at(0)] : NULL;
        if (same != NULL)
            (*nforce)++;
        if (*nout < max) {
            struct ov_join_miss *m = &out[(*nout)++];

            m->key = s;
            m->rows = rows[order[i]];
            m->force = same != NULL;
            m->nearest = same != NULL              ? same
                         : npresent <= NEAREST_MAX ? nearest(rd, present, s)
                                                   : NULL;
        }
    }
done:
    ov_free(present);
    ov_free(byforce);
    ov_free(state);
    ov_free(rows);
    ov_free(order);
    return st;
}
