/*
 * query_join.c - joins: matching rows of two tables on key columns by
 * hashing. The result shares both inputs' columns through row indexes.
 * Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "ov_mem.h"

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

    if (lt != rt &&
        !((lt == OV_INT || lt == OV_FLOAT) && (rt == OV_INT || rt == OV_FLOAT)))
        return ov_err_set(
            err, OV_ETYPE,
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

/* the key columns of both tables, by name, as comparable keys in jk[] */
static ov_status
join_keys(const ov_table *t, const ov_table *other, const char *const *keys,
          size_t nkeys, int *lc, int *rc, struct joinkey *jk, struct ov_err *err)
{
    ov_status st = OV_OK;
    size_t k;

    for (k = 0; k < nkeys && st == OV_OK; k++) {
        st = ov_query_column(t, keys[k], &lc[k], err);
        if (st == OV_OK &&
            (st = ov_query_column(other, keys[k], &rc[k], err)) != OV_OK) {
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
    return st;
}

/* the matching pairs of rows (left row, right row or OV_NOROW for an
 * unmatched left row of a left join), in left-row order, then right-row
 * order; counts go to info */
static ov_status
match_rows(const struct joinkey *jk, size_t nkeys, size_t nl, size_t nr,
           enum ov_join_how how, uint32_t **lsel, uint32_t **rsel, size_t *npairs,
           struct ov_join_info *info, struct ov_err *err)
{
    size_t nbuckets = 1024, i, k, cap = 0;
    uint32_t *head, *next;
    ov_status st = OV_OK;

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
                if (push_pair(lsel, rsel, npairs, &cap, (uint32_t)i, j) != OV_OK) {
                    st = ov_err_nomem(err, "joining");
                    goto done;
                }
                matches++;
            }
        }
        if (matches == 0) {
            info->unmatched_left++;
            if (how == OV_JOIN_LEFT &&
                push_pair(lsel, rsel, npairs, &cap, (uint32_t)i, OV_NOROW) != OV_OK) {
                st = ov_err_nomem(err, "joining");
                goto done;
            }
        }
        if (matches > 1)
            info->multi_left++;
        if (*npairs > OV_MAX_ROWS) {
            st = ov_err_set(err, OV_ERANGE, "the result would have more than %zu rows",
                            OV_MAX_ROWS);
            goto done;
        }
    }
done:
    ov_free(head);
    ov_free(next);
    return st;
}

/* How many right rows matched more than one left row, and none. */
static ov_status
count_right(const uint32_t *rsel, size_t npairs, size_t nr, struct ov_join_info *info,
            struct ov_err *err)
{
    uint8_t *seen = ov_calloc(nr + 1, 1);
    size_t i;

    if (seen == NULL)
        return ov_err_nomem(err, "joining");
    for (i = 0; i < npairs; i++) {
        uint32_t j = rsel[i];

        if (j == OV_NOROW || seen[j] == 2)
            continue;
        if (++seen[j] == 2)
            info->multi_right++;
    }
    for (i = 0; i < nr; i++)
        if (seen[i] == 0)
            info->unmatched_right++;
    ov_free(seen);
    return OV_OK;
}

const char *
ov_join_relation(const struct ov_join_info *info)
{
    if (info->multi_left > 0)
        return info->multi_right > 0 ? "many-to-many" : "one-to-many";
    return info->multi_right > 0 ? "many-to-one" : "one-to-one";
}

/* adds the other table's columns but the keys to r, through its rows
 * rsel[0..npairs); a name r already has gets "_2" (counted in info) */
static ov_status
add_right(ov_table *r, const ov_table *other, const int *rc, size_t nkeys,
          const uint32_t *rsel, size_t npairs, struct ov_join_info *info,
          struct ov_err *err)
{
    const ov_rowidx **from = ov_calloc(ov_table_ncols(other) + 1, sizeof *from);
    ov_rowidx **to = ov_calloc(ov_table_ncols(other) + 1, sizeof *to);
    size_t made = 0, j, k, m;
    ov_strbuf name = OV_STRBUF_INIT;
    ov_status st = OV_OK;

    if (from == NULL || to == NULL) {
        ov_free(from);
        ov_free(to);
        return ov_err_nomem(err, "joining");
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
            idx =
                ov_rowidx_compose(ov_table_colidx(other, j),
                                  rsel != NULL ? rsel : ov_query_no_rows, npairs, err);
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
        st = ov_table_add_view(r, ov_strbuf_cstr(&name), ov_table_col(other, j), idx,
                               err);
    }
    for (m = 0; m < made; m++)
        ov_rowidx_unref(to[m]);
    ov_free(from);
    ov_free(to);
    ov_strbuf_free(&name);
    return st;
}

ov_status
ov_query_join(const ov_table *t, const ov_table *other, const char *const *keys,
              size_t nkeys, enum ov_join_how how, ov_table **out,
              struct ov_join_info *info, struct ov_err *err)
{
    size_t nl = ov_table_nrows(t), nr = ov_table_nrows(other), npairs = 0;
    int *lc = NULL, *rc = NULL;
    struct joinkey *jk = NULL;
    uint32_t *lsel = NULL, *rsel = NULL;
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
    if ((st = join_keys(t, other, keys, nkeys, lc, rc, jk, err)) != OV_OK ||
        (st = match_rows(jk, nkeys, nl, nr, how, &lsel, &rsel, &npairs, info, err)) !=
            OV_OK)
        goto done;
    info->out_rows = npairs;
    if ((st = count_right(rsel, npairs, nr, info, err)) != OV_OK)
        goto done;
    r = ov_table_take(t, lsel != NULL ? lsel : ov_query_no_rows, npairs, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    if ((st = add_right(r, other, rc, nkeys, rsel, npairs, info, err)) != OV_OK)
        goto done;
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    joinkeys_free(jk, nkeys);
    ov_free(lc);
    ov_free(rc);
    ov_free(lsel);
    ov_free(rsel);
    return st;
}
