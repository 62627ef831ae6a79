/*
 * table.c - tables: named columns each seen through an optional row index,
 * a name, provenance, rejects.
 */
#include "config.h"

#include "table.h"

#include <string.h>

#include "dict.h"
#include "ov_mem.h"

/* tables wider than this find columns by name through a dictionary */
#define INDEX_FROM 32

struct ov_table {
    size_t nrows;
    size_t ncols, capcols;
    char **names;
    ov_dict *index; /* names[j] has code j; NULL while the table is narrow */
    ov_column **cols;
    ov_rowidx **idx; /* per column; a NULL entry maps rows one to one */
    char *name;
    char **fact_keys, **fact_values;
    size_t nfacts;
    char **steps;
    size_t nsteps;
    ov_table *rejects;
    ov_table *markers; /* a loaded sheet's missing-value markers and flags */
    ov_table *shown;   /* a loaded sheet's displayed texts */
    int bars;          /* column to draw text bars for when shown to people; -1 none */
    char **keys;       /* the group keys of a freq or group_by result, by name */
    size_t nkeys;
};

ov_table *
ov_table_new(size_t nrows, struct ov_err *err)
{
    ov_table *t;

    if (nrows > OV_MAX_ROWS) {
        ov_err_set(err, OV_ERANGE, "a table can hold at most %zu rows", OV_MAX_ROWS);
        return NULL;
    }
    t = ov_calloc(1, sizeof *t);
    if (t != NULL)
        t->bars = -1;
    if (t == NULL) {
        ov_err_nomem(err, "creating a table");
        return NULL;
    }
    t->nrows = nrows;
    return t;
}

static void
free_strv(char **v, size_t n)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        ov_free(v[i]);
    ov_free(v);
}

void
ov_table_free(ov_table *t)
{
    size_t j;

    if (t == NULL)
        return;
    for (j = 0; j < t->ncols; j++) {
        ov_column_unref(t->cols[j]);
        ov_rowidx_unref(t->idx[j]);
        ov_free(t->names[j]);
    }
    ov_free(t->cols);
    ov_free(t->idx);
    ov_free(t->names);
    ov_dict_unref(t->index);
    ov_free(t->name);
    free_strv(t->fact_keys, t->nfacts);
    free_strv(t->fact_values, t->nfacts);
    free_strv(t->steps, t->nsteps);
    free_strv(t->keys, t->nkeys);
    ov_table_free(t->rejects);
    ov_table_free(t->markers);
    ov_table_free(t->shown);
    ov_free(t);
}

ov_status
ov_table_add_view(ov_table *t, const char *name, ov_column *col, ov_rowidx *idx,
                  struct ov_err *err)
{
    char *copy;

    if (ov_table_find(t, name) >= 0)
        return ov_err_set(err, OV_EINVAL, "there is already a column named '%s'", name);
    if ((idx == NULL ? col->n : idx->n) != t->nrows)
        return ov_err_set(err, OV_EINVAL, "column '%s' has %zu rows, the table %zu",
                          name, idx == NULL ? col->n : idx->n, t->nrows);
    if (t->ncols == t->capcols) {
        size_t nc = t->capcols ? t->capcols * 2 : 8;
        ov_column **cols = ov_realloc(t->cols, nc * sizeof *cols);
        ov_rowidx **idxs;
        char **names;

        if (cols == NULL)
            return ov_err_nomem(err, "adding a column");
        t->cols = cols;
        idxs = ov_realloc(t->idx, nc * sizeof *idxs);
        if (idxs == NULL)
            return ov_err_nomem(err, "adding a column");
        t->idx = idxs;
        names = ov_realloc(t->names, nc * sizeof *names);
        if (names == NULL)
            return ov_err_nomem(err, "adding a column");
        t->names = names;
        t->capcols = nc;
    }
    copy = ov_strdup(name);
    if (copy == NULL)
        return ov_err_nomem(err, "adding a column");
    /* from INDEX_FROM columns on, every name is in the index too */
    if (t->ncols + 1 >= INDEX_FROM) {
        uint32_t code;
        size_t j;

        if (t->index == NULL) {
            if ((t->index = ov_dict_new()) == NULL) {
                ov_free(copy);
                return ov_err_nomem(err, "adding a column");
            }
            for (j = 0; j < t->ncols; j++)
                if (ov_dict_intern(t->index, t->names[j], strlen(t->names[j]), &code,
                                   NULL) != OV_OK) {
                    ov_dict_unref(t->index);
                    t->index = NULL;
                    ov_free(copy);
                    return ov_err_nomem(err, "adding a column");
                }
        }
        if (ov_dict_intern(t->index, copy, strlen(copy), &code, NULL) != OV_OK) {
            ov_free(copy);
            return ov_err_nomem(err, "adding a column");
        }
    }
    t->names[t->ncols] = copy;
    t->cols[t->ncols] = ov_column_ref(col);
    t->idx[t->ncols] = ov_rowidx_ref(idx);
    t->ncols++;
    return OV_OK;
}

ov_status
ov_table_add_column(ov_table *t, const char *name, ov_column *col, struct ov_err *err)
{
    return ov_table_add_view(t, name, col, NULL, err);
}

ov_status
ov_table_replace_column(ov_table *t, size_t j, ov_column *col, struct ov_err *err)
{
    if (j >= t->ncols || col->n != t->nrows)
        return ov_err_set(err, OV_EINVAL,
                          "replacing column %zu: the column does not fit", j);
    ov_column_unref(t->cols[j]);
    ov_rowidx_unref(t->idx[j]);
    t->cols[j] = ov_column_ref(col);
    t->idx[j] = NULL;
    return OV_OK;
}

ov_table *
ov_table_view(const ov_table *t, struct ov_err *err)
{
    ov_table *v = ov_table_new(t->nrows, err);
    size_t j;

    if (v == NULL)
        return NULL;
    for (j = 0; j < t->ncols; j++)
        if (ov_table_add_view(v, t->names[j], t->cols[j], t->idx[j], err) != OV_OK)
            goto fail;
    if (ov_table_copy_provenance(v, t) != OV_OK) {
        ov_err_nomem(err, "copying a table");
        goto fail;
    }
    return v;
fail:
    ov_table_free(v);
    return NULL;
}

size_t
ov_table_nrows(const ov_table *t)
{
    return t->nrows;
}

size_t
ov_table_ncols(const ov_table *t)
{
    return t->ncols;
}

const char *
ov_table_colname(const ov_table *t, size_t j)
{
    return t->names[j];
}

ov_column *
ov_table_col(const ov_table *t, size_t j)
{
    return t->cols[j];
}

ov_rowidx *
ov_table_colidx(const ov_table *t, size_t j)
{
    return t->idx[j];
}

struct ov_view
ov_table_colview(const ov_table *t, size_t j)
{
    struct ov_view v = {t->cols[j], t->idx[j] != NULL ? t->idx[j]->idx : NULL,
                        t->nrows};

    return v;
}

/* min and max of a[i] over rows i of [0, n) whose validity bit is set
 * (valid NULL: every row), for a[] of type T; *any tells if one was */
#define RANGE_OF(T)                                                                    \
    static void range_##T(const T *a, const uint64_t *valid, size_t n, int64_t *lo,    \
                          int64_t *hi, bool *any)                                      \
    {                                                                                  \
        size_t i, w;                                                                   \
        T mn = 0, mx = 0;                                                              \
                                                                                       \
        for (w = 0; w * 64 < n; w++) {                                                 \
            uint64_t bits = valid != NULL ? valid[w] : ~(uint64_t)0;                   \
            size_t end = n - w * 64 < 64 ? n - w * 64 : 64;                            \
            const T *x = a + w * 64;                                                   \
                                                                                       \
            if (bits == 0)                                                             \
                continue;                                                              \
            if (!*any) {                                                               \
                mn = mx = x[__builtin_ctzll(bits)];                                    \
                *any = true;                                                           \
            }                                                                          \
            if (bits == ~(uint64_t)0) {                                                \
                for (i = 0; i < end; i++) {                                            \
                    mn = x[i] < mn ? x[i] : mn;                                        \
                    mx = x[i] > mx ? x[i] : mx;                                        \
                }                                                                      \
            } else {                                                                   \
                for (i = 0; i < end; i++)                                              \
                    if (bits >> i & 1) {                                               \
                        mn = x[i] < mn ? x[i] : mn;                                    \
                        mx = x[i] > mx ? x[i] : mx;                                    \
                    }                                                                  \
            }                                                                          \
        }                                                                              \
        if (*any) {                                                                    \
            *lo = mn;                                                                  \
            *hi = mx;                                                                  \
        }                                                                              \
    }

RANGE_OF(int64_t)
RANGE_OF(int32_t)
RANGE_OF(uint8_t)

bool
ov_view_int_range(const struct ov_view *v, int64_t *lo, int64_t *hi)
{
    const ov_column *c = v->col;
    bool any = false;
    size_t i;

    if (c->type != OV_INT && c->type != OV_DATE && c->type != OV_BOOL)
        return false;
    if (v->idx == NULL) {
        if (c->type == OV_INT)
            range_int64_t(c->data.i64, c->valid, v->n, lo, hi, &any);
        else if (c->type == OV_DATE)
            range_int32_t(c->data.days, c->valid, v->n, lo, hi, &any);
        else
            range_uint8_t(c->data.b, c->valid, v->n, lo, hi, &any);
        return any;
    }
    for (i = 0; i < v->n; i++) {
        size_t r = v->idx[i];
        int64_t x;

        if (r == OV_NOROW || ov_column_missing(c, r))
            continue;
        x = c->type == OV_INT    ? c->data.i64[r]
            : c->type == OV_DATE ? (int64_t)c->data.days[r]
                                 : (int64_t)c->data.b[r];
        if (!any || x < *lo)
            *lo = x;
        if (!any || x > *hi)
            *hi = x;
        any = true;
    }
    return any;
}

const char *const *
ov_table_names(const ov_table *t)
{
    return (const char *const *)t->names;
}

int
ov_table_find(const ov_table *t, const char *name)
{
    size_t j;

    if (t->index != NULL) {
        uint32_t code = ov_dict_find(t->index, name, strlen(name));

        return code == OV_DICT_MAX ? -1 : (int)code;
    }
    for (j = 0; j < t->ncols; j++)
        if (strcmp(t->names[j], name) == 0)
            return (int)j;
    return -1;
}

/* ---- row index vectors ---- */

ov_rowidx *
ov_rowidx_new(size_t n, struct ov_err *err)
{
    ov_rowidx *r;

    if (n > OV_MAX_ROWS) {
        ov_err_set(err, OV_ERANGE, "a table can hold at most %zu rows", OV_MAX_ROWS);
        return NULL;
    }
    r = ov_calloc(1, sizeof *r);
    if (r == NULL || (r->idx = ov_malloc((n ? n : 1) * sizeof *r->idx)) == NULL) {
        ov_free(r);
        ov_err_nomem(err, "allocating a row index");
        return NULL;
    }
    r->n = n;
    r->refs = 1;
    return r;
}

ov_rowidx *
ov_rowidx_ref(ov_rowidx *r)
{
    if (r != NULL)
        r->refs++;
    return r;
}

void
ov_rowidx_unref(ov_rowidx *r)
{
    if (r == NULL || --r->refs > 0)
        return;
    ov_free(r->idx);
    ov_free(r);
}

ov_rowidx *
ov_rowidx_compose(const ov_rowidx *base, const uint32_t *sel, size_t n,
                  struct ov_err *err)
{
    ov_rowidx *r = ov_rowidx_new(n, err);
    size_t i;

    if (r == NULL)
        return NULL;
    if (base == NULL) {
        memcpy(r->idx, sel, n * sizeof *sel);
    } else {
        for (i = 0; i < n; i++)
            r->idx[i] = sel[i] == OV_NOROW ? OV_NOROW : base->idx[sel[i]];
    }
    return r;
}

ov_table *
ov_table_take(const ov_table *t, const uint32_t *sel, size_t n, struct ov_err *err)
{
    ov_table *r = ov_table_new(n, err);
    /* columns that shared an index share the composed one: the pairs
     * (old, new) made so far */
    const ov_rowidx **from = NULL;
    ov_rowidx **to = NULL;
    size_t nmade = 0, j, k;

    if (r == NULL)
        return NULL;
    from = ov_calloc(t->ncols + 1, sizeof *from);
    to = ov_calloc(t->ncols + 1, sizeof *to);
    if (from == NULL || to == NULL) {
        ov_err_nomem(err, "selecting rows");
        goto fail;
    }
    for (j = 0; j < t->ncols; j++) {
        ov_rowidx *idx = NULL;

        for (k = 0; k < nmade; k++)
            if (from[k] == t->idx[j]) {
                idx = to[k];
                break;
            }
        if (k == nmade) {
            idx = ov_rowidx_compose(t->idx[j], sel, n, err);
            if (idx == NULL)
                goto fail;
            from[nmade] = t->idx[j];
            to[nmade++] = idx;
        }
        if (ov_table_add_view(r, t->names[j], t->cols[j], idx, err) != OV_OK)
            goto fail;
    }
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        ov_err_nomem(err, "selecting rows");
        goto fail;
    }
    for (k = 0; k < nmade; k++)
        ov_rowidx_unref(to[k]);
    ov_free(from);
    ov_free(to);
    return r;
fail:
    for (k = 0; k < nmade; k++)
        ov_rowidx_unref(to[k]);
    ov_free(from);
    ov_free(to);
    ov_table_free(r);
    return NULL;
}

/* ---- name and provenance ---- */

const char *
ov_table_name(const ov_table *t)
{
    return t->name != NULL ? t->name : "";
}

ov_status
ov_table_set_name(ov_table *t, const char *name)
{
    char *copy = ov_strdup(name);

    if (copy == NULL)
        return OV_ENOMEM;
    ov_free(t->name);
    t->name = copy;
    return OV_OK;
}

ov_status
ov_table_set_fact(ov_table *t, const char *key, const char *value)
{
    size_t i;
    char *v = ov_strdup(value), *k, **nk, **nv;

    if (v == NULL)
        return OV_ENOMEM;
    for (i = 0; i < t->nfacts; i++)
        if (strcmp(t->fact_keys[i], key) == 0) {
            ov_free(t->fact_values[i]);
            t->fact_values[i] = v;
            return OV_OK;
        }
    k = ov_strdup(key);
    nk = ov_realloc(t->fact_keys, (t->nfacts + 1) * sizeof *nk);
    if (k == NULL || nk == NULL) {
        ov_free(k);
        ov_free(v);
        return OV_ENOMEM;
    }
    t->fact_keys = nk;
    nv = ov_realloc(t->fact_values, (t->nfacts + 1) * sizeof *nv);
    if (nv == NULL) {
        ov_free(k);
        ov_free(v);
        return OV_ENOMEM;
    }
    t->fact_values = nv;
    t->fact_keys[t->nfacts] = k;
    t->fact_values[t->nfacts] = v;
    t->nfacts++;
    return OV_OK;
}

const char *
ov_table_fact(const ov_table *t, const char *key)
{
    size_t i;

    for (i = 0; i < t->nfacts; i++)
        if (strcmp(t->fact_keys[i], key) == 0)
            return t->fact_values[i];
    return NULL;
}

size_t
ov_table_nfacts(const ov_table *t)
{
    return t->nfacts;
}

void
ov_table_fact_at(const ov_table *t, size_t i, const char **key, const char **value)
{
    *key = t->fact_keys[i];
    *value = t->fact_values[i];
}

ov_status
ov_table_add_step(ov_table *t, const char *step)
{
    char *s = ov_strdup(step), **ns;

    if (s == NULL)
        return OV_ENOMEM;
    ns = ov_realloc(t->steps, (t->nsteps + 1) * sizeof *ns);
    if (ns == NULL) {
        ov_free(s);
        return OV_ENOMEM;
    }
    t->steps = ns;
    t->steps[t->nsteps++] = s;
    return OV_OK;
}

size_t
ov_table_nsteps(const ov_table *t)
{
    return t->nsteps;
}

const char *
ov_table_step(const ov_table *t, size_t i)
{
    return t->steps[i];
}

ov_status
ov_table_copy_provenance(ov_table *dst, const ov_table *src)
{
    size_t i;

    for (i = 0; i < src->nfacts; i++)
        if (ov_table_set_fact(dst, src->fact_keys[i], src->fact_values[i]) != OV_OK)
            return OV_ENOMEM;
    for (i = 0; i < src->nsteps; i++)
        if (ov_table_add_step(dst, src->steps[i]) != OV_OK)
            return OV_ENOMEM;
    if (dst->nkeys == 0 && src->nkeys > 0 &&
        ov_table_set_keys(dst, (const char *const *)src->keys, src->nkeys) != OV_OK)
        return OV_ENOMEM;
    if (src->name != NULL && dst->name == NULL)
        return ov_table_set_name(dst, src->name);
    return OV_OK;
}

ov_table *
ov_table_rejects(const ov_table *t)
{
    return t->rejects;
}

void
ov_table_set_rejects(ov_table *t, ov_table *rejects)
{
    ov_table_free(t->rejects);
    t->rejects = rejects;
}

ov_status
ov_table_set_keys(ov_table *t, const char *const *names, size_t n)
{
    char **keys = n > 0 ? ov_calloc(n, sizeof *keys) : NULL;
    size_t i;

    if (n > 0 && keys == NULL)
        return OV_ENOMEM;
    for (i = 0; i < n; i++)
        if ((keys[i] = ov_strdup(names[i])) == NULL) {
            free_strv(keys, i);
            return OV_ENOMEM;
        }
    free_strv(t->keys, t->nkeys);
    t->keys = keys;
    t->nkeys = n;
    return OV_OK;
}

bool
ov_table_is_key(const ov_table *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->nkeys; i++)
        if (strcmp(t->keys[i], name) == 0)
            return true;
    return false;
}

int
ov_table_bars(const ov_table *t)
{
    return t->bars;
}

void
ov_table_set_bars(ov_table *t, int col)
{
    t->bars = col >= 0 && (size_t)col < t->ncols ? col : -1;
}

ov_table *
ov_table_markers(const ov_table *t)
{
    return t->markers;
}

void
ov_table_set_markers(ov_table *t, ov_table *markers)
{
    ov_table_free(t->markers);
    t->markers = markers;
}

ov_table *
ov_table_shown(const ov_table *t)
{
    return t->shown;
}

void
ov_table_set_shown(ov_table *t, ov_table *shown)
{
    ov_table_free(t->shown);
    t->shown = shown;
}
