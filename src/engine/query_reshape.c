/*
 * query_reshape.c - reshaping tables: longer (columns stacked into name
 * and value), wider (one column per value of a names column) and the
 * crosstab of a value (sum of FTE by region and year). Kept columns are
 * shared through row indexes; aggregates are the expression language's
 * (expr_agg.c), so a sum here is the same sum as in agg. Engine code: no
 * Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "expr.h"
#include "ov_mem.h"
#include "value.h"

static const char *const agg_names[] = {"",    "sum",   "mean",           "min",
                                        "max", "count", "count_distinct", "first"};

const char *
ov_agg_name(enum ov_agg agg)
{
    return (size_t)agg < sizeof agg_names / sizeof agg_names[0] ? agg_names[agg] : "";
}

int
ov_agg_from_name(const char *s)
{
    size_t k;

    for (k = 1; k < sizeof agg_names / sizeof agg_names[0]; k++)
        if (strcmp(agg_names[k], s) == 0)
            return (int)k;
    return -1;
}

/* ---------------------------------------------------------------------
 * Aggregating a value per cell
 * --------------------------------------------------------------------- */

/* refuses sum, mean, min and max of a column that holds no numbers */
static ov_status
check_numeric(const ov_table *t, int col, enum ov_agg agg, struct ov_err *err)
{
    const ov_column *c = ov_table_col(t, (size_t)col);

    if (agg >= OV_AGG_SUM && agg <= OV_AGG_MAX && c->type != OV_INT &&
        c->type != OV_FLOAT)
        return ov_err_set(
            err, OV_ETYPE,
            "agg = \"%s\" needs numbers, and '%s' is a %s column; count and "
            "count_distinct take any column",
            ov_agg_name(agg), ov_table_colname(t, (size_t)col), ov_type_name(c->type));
    return OV_OK;
}

/* agg of column col for each group (group[i] < ng for table row i): a
 * new column of ng rows. count counts the values present. */
static ov_status
agg_column(const ov_table *t, int col, enum ov_agg agg, const uint32_t *group,
           size_t ng, ov_column **out, struct ov_err *err)
{
    ov_expr *e = NULL;
    ov_status st;

    *out = NULL;
    if (agg == OV_AGG_COUNT) {
        struct ov_view v = ov_table_colview(t, (size_t)col);
        size_t i, n = ov_table_nrows(t);
        ov_column *c = ov_column_new(OV_INT, ng, NULL, 0, err);

        if (c == NULL)
            return err->status;
        c->measure = true;
        for (i = 0; i < n; i++)
            if (!ov_view_missing(&v, i))
                c->data.i64[group != NULL ? group[i] : 0]++;
        *out = c;
        return OV_OK;
    }
    if ((st = ov_expr_new_aggregate(ov_agg_name(agg), ov_table_colname(t, (size_t)col),
                                    &e, err)) == OV_OK &&
        (st = ov_expr_bind(e, t, true, err)) == OV_OK)
        st = ov_expr_aggregate(e, t, group, ng, out, err);
    ov_expr_free(e);
    return st;
}

/* ---------------------------------------------------------------------
 * longer
 * --------------------------------------------------------------------- */

/* the type the stacked columns share, or OV_ETYPE naming them all */
static ov_status
stacked_type(const ov_table *t, const int *cols, size_t n, ov_type *type,
             struct ov_err *err)
{
    size_t k;
    bool same = true, numbers = true;
    ov_strbuf b = OV_STRBUF_INIT;
    ov_status st;

    for (k = 0; k < n; k++) {
        ov_type ty = ov_table_col(t, (size_t)cols[k])->type;

        same = same && ty == ov_table_col(t, (size_t)cols[0])->type;
        numbers = numbers && (ty == OV_INT || ty == OV_FLOAT);
    }
    if (same) {
        *type = ov_table_col(t, (size_t)cols[0])->type;
        return OV_OK;
    }
    if (numbers) {
        *type = OV_FLOAT; /* whole numbers among decimals become decimals */
        return OV_OK;
    }
    for (k = 0; k < n; k++)
        ov_strbuf_printf(&b, "%s'%s' (%s)", k ? ", " : "",
                         ov_table_colname(t, (size_t)cols[k]),
                         ov_type_name(ov_table_col(t, (size_t)cols[k])->type));
    st = ov_err_set(err, OV_ETYPE,
                    "the columns to stack must share a type (whole numbers and "
                    "decimals mix), and these do not: %s",
                    ov_strbuf_status(&b) == OV_OK ? ov_strbuf_cstr(&b) : "");
    ov_strbuf_free(&b);
    return st;
}

/* the text code in dictionary d of code `code` of dictionary `from`,
 * interned on first use and remembered in map (NONE: not yet) */
static ov_status
recode(ov_dict *d, const ov_dict *from, uint32_t *map, uint32_t code, uint32_t *out)
{
    if (map[code] == NONE) {
        size_t len;
        const char *s = ov_dict_str(from, code, &len);

        if (ov_dict_intern(d, s, len, &map[code], NULL) != OV_OK)
            return OV_ENOMEM;
    }
    *out = map[code];
    return OV_OK;
}

/* the stacked values: row m of the result is row src[m] of column
 * which[m] of the k stacked columns (views v), in a new column of type */
static ov_status
stack_values(const struct ov_view *v, size_t k, ov_type type, const uint32_t *src,
             const uint32_t *which, size_t n, ov_column **out, struct ov_err *err)
{
    ov_column *c = NULL;
    ov_dict *d = NULL;
    uint32_t **maps = NULL;
    size_t m, j, dsize = 0;
    bool mixed_style = false;
    ov_status st = OV_OK;

    *out = NULL;
    if (type == OV_STRING) {
        /* one dictionary when the columns share it; else a new one */
        bool shared = true;

        for (j = 0; j < k; j++) {
            dsize += v[j].col->dict->n;
            shared = shared && v[j].col->dict == v[0].col->dict;
        }
        if (shared) {
            d = ov_dict_ref(v[0].col->dict);
            dsize = d->n;
        } else if ((d = ov_dict_new()) == NULL ||
                   (maps = ov_calloc(k, sizeof *maps)) == NULL) {
            ov_dict_unref(d);
            return ov_err_nomem(err, "stacking columns");
        }
    }
    c = ov_column_new(type, n, d, (uint32_t)(dsize < UINT32_MAX ? dsize : UINT32_MAX),
                      err);
    ov_dict_unref(d);
    if (c == NULL) {
        st = err->status;
        goto done;
    }
    for (j = 0; j < k; j++) {
        const ov_column *s = v[j].col;

        if (j > 0 && type == OV_FLOAT &&
            (s->type != OV_FLOAT || v[0].col->type != OV_FLOAT ||
             s->float_style != v[0].col->float_style || s->decimals != NULL))
            mixed_style = true;
        if (v[0].col->type == OV_FLOAT && v[0].col->decimals != NULL)
            mixed_style = true;
        if (s->type == OV_INT) {
            c->grouped = c->grouped || s->grouped;
            c->measure = c->measure || s->measure;
        }
    }
    if (type == OV_FLOAT) {
        /* each row keeps how its own column wrote it ("3" for a whole number
         * from an int column) */
        c->float_style = OV_FLOAT_G;
        for (j = 0; j < k; j++) {
            if (v[j].col->type == OV_FLOAT) {
                c->float_style = v[j].col->float_style;
                break;
            }
        }
        if (mixed_style && ov_column_alloc_decimals(c) != OV_OK) {
            st = ov_err_nomem(err, "stacking columns");
            goto done;
        }
    } else if (type == OV_DATE) {
        c->datefmt = v[0].col->datefmt;
    } else if (type == OV_BOOL) {
        c->boolstyle = v[0].col->boolstyle;
    }
    for (m = 0; m < n; m++) {
        const struct ov_view *sv = &v[which[m]];
        const ov_column *s = sv->col;
        size_t r = ov_view_row(sv, src[m]);

        if ((m & (POLL - 1)) == 0 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        if (r == OV_NOROW || ov_column_missing(s, r)) {
            if (ov_column_set_missing(c, m) != OV_OK) {
                st = ov_err_nomem(err, "stacking columns");
                goto done;
            }
            continue;
        }
        switch (type) {
        case OV_INT:
            c->data.i64[m] = s->data.i64[r];
            break;
        case OV_FLOAT:
            if (s->type == OV_INT) {
                c->data.f64[m] = (double)s->data.i64[r];
                if (c->decimals != NULL)
                    c->decimals[m] = 0;
            } else {
                int style = ov_column_float_style(s, r);

                c->data.f64[m] = s->data.f64[r];
                if (c->decimals != NULL)
                    c->decimals[m] = style >= 0 && style < OV_DECIMALS_SHORTEST
                                         ? (uint8_t)style
                                         : OV_DECIMALS_SHORTEST;
            }
            break;
        case OV_BOOL:
            c->data.b[m] = s->data.b[r];
            break;
        case OV_DATE:
            c->data.days[m] = s->data.days[r];
            break;
        case OV_STRING: {
            uint32_t code = ov_column_code(s, r);

            if (maps != NULL) {
                size_t w = which[m];

                if (maps[w] == NULL) {
                    maps[w] = ov_malloc((s->dict->n ? s->dict->n : 1) * sizeof **maps);
                    if (maps[w] != NULL)
                        memset(maps[w], 0xff,
                               (s->dict->n ? s->dict->n : 1) * sizeof **maps);
                }
                if (maps[w] == NULL ||
                    recode(c->dict, s->dict, maps[w], code, &code) != OV_OK) {
                    st = ov_err_nomem(err, "stacking columns");
                    goto done;
                }
            }
            ov_column_set_code(c, m, code);
            break;
        }
        }
    }
    ov_column_finish(c);
    *out = c;
    c = NULL;
done:
    if (maps != NULL)
        for (j = 0; j < k; j++)
            ov_free(maps[j]);
    ov_free(maps);
    ov_column_unref(c);
    return st;
}

/* the names column: row m holds the name of stacked column which[m] */
static ov_column *
names_column(const ov_table *t, const int *cols, size_t k, const uint32_t *which,
             size_t n, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_STRING, n, NULL, (uint32_t)k, err);
    size_t j, m;

    if (c == NULL)
        return NULL;
    for (j = 0; j < k; j++) {
        const char *s = ov_table_colname(t, (size_t)cols[j]);
        uint32_t code;

        /* the names are distinct, so code j is column j's */
        if (ov_dict_intern(c->dict, s, strlen(s), &code, NULL) != OV_OK) {
            ov_column_unref(c);
            ov_err_nomem(err, "stacking columns");
            return NULL;
        }
    }
    for (m = 0; m < n; m++)
        ov_column_set_code(c, m, which[m]);
    return c;
}

ov_status
ov_query_longer(const ov_table *t, const char *const *names, size_t k,
                const char *names_to, const char *values_to, bool drop_missing,
                ov_table **out, struct ov_err *err)
{
    size_t nr = ov_table_nrows(t), nc = ov_table_ncols(t), i, j, n = 0;
    int *cols = NULL;
    bool *stacked = NULL;
    uint32_t *src = NULL, *which = NULL;
    struct ov_view *v = NULL;
    ov_column *cn = NULL, *cv = NULL;
    ov_table *r = NULL;
    ov_type type = OV_INT;
    ov_status st;

    *out = NULL;
    if (k == 0)
        return ov_err_set(err, OV_EINVAL,
                          "no columns to stack: give cols = {...} or a pattern that "
                          "matches some");
    if (strcmp(names_to, values_to) == 0)
        return ov_err_set(err, OV_EINVAL,
                          "names_to and values_to are both '%s': give two names",
                          names_to);
    if ((st = ov_query_columns(t, names, k, &cols, &j, err)) != OV_OK)
        return st;
    stacked = ov_calloc(nc ? nc : 1, sizeof *stacked);
    v = ov_calloc(k, sizeof *v);
    if (stacked == NULL || v == NULL) {
        st = ov_err_nomem(err, "stacking columns");
        goto done;
    }
    for (j = 0; j < k; j++) {
        if (stacked[cols[j]]) {
            st = ov_err_set(err, OV_EINVAL,
                            "'%s' is given twice in the columns to stack", names[j]);
            goto done;
        }
        stacked[cols[j]] = true;
        v[j] = ov_table_colview(t, (size_t)cols[j]);
    }
    for (j = 0; j < nc; j++) {
        const char *cname = ov_table_colname(t, j);

        if (!stacked[j] &&
            (strcmp(cname, names_to) == 0 || strcmp(cname, values_to) == 0)) {
            st = ov_err_set(
                err, OV_EINVAL, "'%s' is a column that is kept: give %s another name",
                cname, strcmp(cname, names_to) == 0 ? "names_to" : "values_to");
            goto done;
        }
    }
    if ((st = stacked_type(t, cols, k, &type, err)) != OV_OK)
        goto done;
    if (nr > 0 && k > OV_MAX_ROWS / nr) {
        st = ov_err_set(err, OV_ERANGE,
                        "%zu rows times %zu columns is more rows than a table holds",
                        nr, k);
        goto done;
    }
    src = ov_malloc((nr * k > 0 ? nr * k : 1) * sizeof *src);
    which = ov_malloc((nr * k > 0 ? nr * k : 1) * sizeof *which);
    if (src == NULL || which == NULL) {
        st = ov_err_nomem(err, "stacking columns");
        goto done;
    }
    for (i = 0; i < nr; i++) {
        if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        for (j = 0; j < k; j++) {
            if (drop_missing && ov_view_missing(&v[j], i))
                continue;
            src[n] = (uint32_t)i;
            which[n++] = (uint32_t)j;
        }
    }
    if ((st = stack_values(v, k, type, src, which, n, &cv, err)) != OV_OK)
        goto done;
    if ((cn = names_column(t, cols, k, which, n, err)) == NULL) {
        st = err->status;
        goto done;
    }
    /* the kept columns, each row repeated: t's rows src[] */
    {
        ov_table *kept = ov_table_take(t, src, n, err);

        if (kept == NULL) {
            st = err->status;
            goto done;
        }
        r = ov_table_new(n, err);
        if (r == NULL) {
            ov_table_free(kept);
            st = err->status;
            goto done;
        }
        for (j = 0; j < nc && st == OV_OK; j++)
            if (!stacked[j])
                st = ov_table_add_view(r, ov_table_colname(kept, j),
                                       ov_table_col(kept, j), ov_table_colidx(kept, j),
                                       err);
        ov_table_free(kept);
        if (st != OV_OK)
            goto done;
    }
    if ((st = ov_table_add_column(r, names_to, cn, err)) != OV_OK ||
        (st = ov_table_add_column(r, values_to, cv, err)) != OV_OK)
        goto done;
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        st = ov_err_nomem(err, "stacking columns");
        goto done;
    }
    *out = r;
    r = NULL;
done:
    ov_table_free(r);
    ov_column_unref(cn);
    ov_column_unref(cv);
    ov_free(cols);
    ov_free(stacked);
    ov_free(v);
    ov_free(src);
    ov_free(which);
    return st;
}

/* ---------------------------------------------------------------------
 * wider
 * --------------------------------------------------------------------- */

/* the id columns of a wider: those given, or every column but the names
 * and values; *cols is NULL when there are none */
static ov_status
id_columns(const ov_table *t, const char *const *ids, size_t n_ids, int cn, int cv,
           int **cols, size_t *n, struct ov_err *err)
{
    size_t j, nc = ov_table_ncols(t);
    ov_status st;

    *cols = NULL;
    *n = 0;
    if (n_ids > 0) {
        if ((st = ov_query_columns(t, ids, n_ids, cols, n, err)) != OV_OK)
            return st;
        for (j = 0; j < *n; j++)
            if ((*cols)[j] == cn || (*cols)[j] == cv) {
                st =
                    ov_err_set(err, OV_EINVAL,
                               "'%s' is the %s column: it cannot be an id column too",
                               ids[j], (*cols)[j] == cn ? "names_from" : "values_from");
                ov_free(*cols);
                *cols = NULL;
                return st;
            }
        return OV_OK;
    }
    if (nc <= 2)
        return OV_OK;
    if ((*cols = ov_malloc(nc * sizeof **cols)) == NULL)
        return ov_err_nomem(err, "spreading columns");
    for (j = 0; j < nc; j++)
        if ((int)j != cn && (int)j != cv)
            (*cols)[(*n)++] = (int)j;
    return OV_OK;
}

/* "force = Essex, year = 2020" for row i: the id columns' labels */
static void
id_text(const ov_table *t, const int *cols, size_t n, size_t i, ov_strbuf *b)
{
    size_t k;

    for (k = 0; k < n; k++) {
        struct ov_view v = ov_table_colview(t, (size_t)cols[k]);

        ov_strbuf_printf(b, "%s%s = ", k ? ", " : "",
                         ov_table_colname(t, (size_t)cols[k]));
        ov_query_label(&v, i, b);
    }
}

/* the refusal of a cell that two rows fall in (ccount counts the rows of
 * each cell, cfirst is its first row) */
static ov_status
refuse_duplicates(const ov_table *t, const int *ids, size_t nid, int cn,
                  const uint32_t *cfirst, const uint32_t *ccount, size_t ncells,
                  struct ov_err *err)
{
    size_t c, first = NONE, cells = 0;
    ov_strbuf b = OV_STRBUF_INIT;
    struct ov_view vn = ov_table_colview(t, (size_t)cn);
    ov_status st;

    for (c = 0; c < ncells; c++) {
        if (ccount[c] < 2)
            continue;
        if (first == NONE)
            first = c;
        cells++;
    }
    if (nid > 0) {
        id_text(t, ids, nid, cfirst[first], &b);
        ov_strbuf_puts(&b, ", ");
    }
    ov_strbuf_printf(&b, "%s = ", ov_table_colname(t, (size_t)cn));
    ov_query_label(&vn, cfirst[first], &b);
    if (cells > 1)
        ov_strbuf_printf(&b, "; %zu cells in all have more than one row", cells);
    st = ov_err_set(err, OV_EINVAL,
                    "%u rows fall in one cell (%s); give agg = \"sum\" (or \"mean\", "
                    "\"min\", \"max\", \"count\", \"first\") to combine them, or more "
                    "id_cols to tell them apart",
                    ccount[first],
                    ov_strbuf_status(&b) == OV_OK ? ov_strbuf_cstr(&b) : "");
    ov_strbuf_free(&b);
    return st;
}

/* the rows' groups by the id columns; with none, every row is of the one
 * row (none for no rows) */
static ov_status
id_groups(const ov_table *t, const int *idc, size_t nid, struct groups *gi,
          struct ov_err *err)
{
    size_t nr = ov_table_nrows(t);

    if (nid > 0)
        return ov_group_rows(t, idc, nid, gi, err);
    gi->id = ov_calloc(nr ? nr : 1, sizeof *gi->id);
    gi->first = ov_calloc(1, sizeof *gi->first);
    if (gi->id == NULL || gi->first == NULL)
        return ov_err_nomem(err, "spreading columns");
    gi->n = nr > 0;
    return OV_OK;
}

/* refuses a value of names_from (groups gn) that is an id column's name:
 * the two columns would share it */
static ov_status
name_clash(const ov_table *t, int cn, const struct groups *gn, const int *idc,
           size_t nid, ov_strbuf *lb, struct ov_err *err)
{
    struct ov_view vn = ov_table_colview(t, (size_t)cn);
    size_t j, x;

    for (j = 0; j < gn->n; j++) {
        ov_strbuf_reset(lb);
        ov_query_label(&vn, gn->first[j], lb);
        for (x = 0; x < nid; x++)
            if (strcmp(ov_strbuf_cstr(lb), ov_table_colname(t, (size_t)idc[x])) == 0)
                return ov_err_set(err, OV_EINVAL,
                                  "'%s' holds the value '%s', which is the name of the "
                                  "id column '%s': rename that column first",
                                  ov_table_colname(t, (size_t)cn), ov_strbuf_cstr(lb),
                                  ov_strbuf_cstr(lb));
    }
    return OV_OK;
}

/* the cells of a wider: each (id, name) pair some row falls in, numbered
 * densely in order of first appearance */
struct cells {
    uint32_t *of;    /* per table row: its cell */
    uint32_t *first; /* per cell: its first row */
    uint32_t *count; /* per cell: its rows */
    size_t n;
};

static void
cells_free(struct cells *c)
{
    ov_free(c->of);
    ov_free(c->first);
    ov_free(c->count);
}

static ov_status
number_cells(const struct groups *gi, const struct groups *gn, size_t nr,
             struct cells *c, struct ov_err *err)
{
    struct idmap map = {NULL, NULL, 0, 0, false, 0};
    size_t i;
    ov_status st = OV_OK;

    c->of = ov_malloc((nr ? nr : 1) * sizeof *c->of);
    c->first = ov_malloc((nr ? nr : 1) * sizeof *c->first);
    c->count = ov_calloc(nr ? nr : 1, sizeof *c->count);
    c->n = 0;
    if (c->of == NULL || c->first == NULL || c->count == NULL ||
        ov_idmap_init(&map, nr) != OV_OK) {
        st = ov_err_nomem(err, "spreading columns");
        goto done;
    }
    for (i = 0; i < nr; i++) {
        uint64_t key = (uint64_t)gi->id[i] * gn->n + gn->id[i];
        bool fresh;

        if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        if (ov_idmap_get(&map, key, (uint32_t)c->n, &c->of[i], &fresh) != OV_OK) {
            st = ov_err_nomem(err, "spreading columns");
            goto done;
        }
        if (fresh)
            c->first[c->n++] = (uint32_t)i;
        c->count[c->of[i]]++;
    }
done:
    ov_idmap_free(&map);
    return st;
}

/* adds to r one column per name (groups gn of column cn): row x of the
 * column for name j is the cell (x, j) of vals, seen through vidx (the
 * cells' first rows) or directly (one aggregate row per cell); missing
 * where no row fell */
static ov_status
add_name_columns(ov_table *r, const ov_table *t, int cn, const struct groups *gi,
                 const struct groups *gn, const struct cells *c, ov_column *vals,
                 const ov_rowidx *vidx, ov_strbuf *lb, struct ov_err *err)
{
    struct ov_view vn = ov_table_colview(t, (size_t)cn);
    uint32_t *grid = NULL, *sel = NULL;
    size_t j, x, cellsz = gi->n * gn->n;
    ov_status st = OV_OK;

    if (gn->n > 0 && gi->n > SIZE_MAX / sizeof *grid / gn->n)
        return ov_err_nomem(err, "spreading columns");
    grid = ov_malloc((cellsz > 0 ? cellsz : 1) * sizeof *grid);
    sel = ov_malloc((gi->n ? gi->n : 1) * sizeof *sel);
    if (grid == NULL || sel == NULL) {
        st = ov_err_nomem(err, "spreading columns");
        goto done;
    }
    /* grid[id * names + name]: the cell, or NONE */
    memset(grid, 0xff, (cellsz > 0 ? cellsz : 1) * sizeof *grid);
    for (x = 0; x < c->n; x++)
        grid[(size_t)gi->id[c->first[x]] * gn->n + gn->id[c->first[x]]] = (uint32_t)x;
    for (j = 0; j < gn->n && st == OV_OK; j++) {
        ov_rowidx *idx;

        for (x = 0; x < gi->n; x++)
            sel[x] = grid[x * gn->n + j] == NONE ? OV_NOROW : grid[x * gn->n + j];
        if ((idx = ov_rowidx_compose(vidx, sel, gi->n, err)) == NULL) {
            st = err->status;
            break;
        }
        ov_strbuf_reset(lb);
        ov_query_label(&vn, gn->first[j], lb);
        st = ov_strbuf_status(lb) != OV_OK
                 ? ov_err_nomem(err, "spreading columns")
                 : ov_table_add_view(r, ov_strbuf_cstr(lb), vals, idx, err);
        ov_rowidx_unref(idx);
    }
done:
    ov_free(grid);
    ov_free(sel);
    return st;
}

ov_status
ov_query_wider(const ov_table *t, const char *names_from, const char *values_from,
               const char *const *ids, size_t n_ids, enum ov_agg agg, ov_table **out,
               struct ov_err *err)
{
    int cn, cv, *idc = NULL;
    size_t nid = 0, x;
    struct groups gi = {NULL, NULL, 0}, gn = {NULL, NULL, 0};
    struct cells c = {NULL, NULL, NULL, 0};
    ov_column *vals = NULL;
    ov_rowidx *vidx = NULL;
    ov_table *r = NULL;
    ov_strbuf lb = OV_STRBUF_INIT;
    ov_status st;

    *out = NULL;
    if ((st = ov_query_column(t, names_from, &cn, err)) != OV_OK ||
        (st = ov_query_column(t, values_from, &cv, err)) != OV_OK)
        return st;
    if (cn == cv)
        return ov_err_set(err, OV_EINVAL,
                          "names_from and values_from are both '%s': give two columns",
                          names_from);
    if ((st = check_numeric(t, cv, agg, err)) != OV_OK)
        return st;
    if ((st = id_columns(t, ids, n_ids, cn, cv, &idc, &nid, err)) != OV_OK)
        return st;
    if ((st = ov_group_rows(t, &cn, 1, &gn, err)) != OV_OK ||
        (st = id_groups(t, idc, nid, &gi, err)) != OV_OK)
        goto done;
    if (gn.n > 10000) {
        st = ov_err_set(err, OV_ERANGE,
                        "'%s' has %zu distinct values; wider makes at most 10,000 "
                        "columns",
                        names_from, gn.n);
        goto done;
    }
    if ((st = name_clash(t, cn, &gn, idc, nid, &lb, err)) != OV_OK ||
        (st = number_cells(&gi, &gn, ov_table_nrows(t), &c, err)) != OV_OK)
        goto done;
    if (agg == OV_AGG_NONE) {
        for (x = 0; x < c.n && c.count[x] < 2; x++)
            ;
        if (x < c.n) {
            st = refuse_duplicates(t, idc, nid, cn, c.first, c.count, c.n, err);
            goto done;
        }
    }
    /* the cells' values: the first row's (a view of values_from), or an
     * aggregate column with one row per cell */
    if (agg == OV_AGG_NONE || agg == OV_AGG_FIRST) {
        vals = ov_column_ref(ov_table_col(t, (size_t)cv));
        vidx = ov_rowidx_compose(ov_table_colidx(t, (size_t)cv), c.first, c.n, err);
        if (vidx == NULL) {
            st = err->status;
            goto done;
        }
    } else if ((st = agg_column(t, cv, agg, c.of, c.n, &vals, err)) != OV_OK) {
        goto done;
    }
    r = ov_table_new(gi.n, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    for (x = 0; x < nid; x++) {
        ov_rowidx *idx =
            ov_rowidx_compose(ov_table_colidx(t, (size_t)idc[x]), gi.first, gi.n, err);

        if (idx == NULL) {
            st = err->status;
            goto done;
        }
        st = ov_table_add_view(r, ov_table_colname(t, (size_t)idc[x]),
                               ov_table_col(t, (size_t)idc[x]), idx, err);
        ov_rowidx_unref(idx);
        if (st != OV_OK)
            goto done;
    }
    if ((st = add_name_columns(r, t, cn, &gi, &gn, &c, vals, vidx, &lb, err)) != OV_OK)
        goto done;
    if (ov_table_copy_provenance(r, t) != OV_OK) {
        st = ov_err_nomem(err, "spreading columns");
        goto done;
    }
    *out = r;
    r = NULL;
done:
    ov_strbuf_free(&lb);
    ov_table_free(r);
    ov_column_unref(vals);
    ov_rowidx_unref(vidx);
    cells_free(&c);
    ov_groups_free(&gi);
    ov_groups_free(&gn);
    ov_free(idc);
    return st;
}

/* ---------------------------------------------------------------------
 * The crosstab of a value
 * --------------------------------------------------------------------- */

/* a column of n + 1 rows: row x < n is row sel[x] of `cells`, row n is
 * row `last` of `tail` (both aggregate columns of one expression: the
 * same type) */
static ov_column *
margin_column(const ov_column *cells, const uint32_t *sel, size_t n,
              const ov_column *tail, size_t last, struct ov_err *err)
{
    ov_column *c = ov_column_new(cells->type, n + 1, NULL, 0, err);
    size_t x;

    if (c == NULL)
        return NULL;
    c->measure = cells->measure;
    c->grouped = cells->grouped;
    c->float_style = cells->float_style;
    for (x = 0; x <= n; x++) {
        const ov_column *s = x < n ? cells : tail;
        size_t r = x < n ? sel[x] : last;

        if (ov_column_missing(s, r)) {
            if (ov_column_set_missing(c, x) != OV_OK) {
                ov_column_unref(c);
                ov_err_nomem(err, "cross-tabulating");
                return NULL;
            }
        } else if (c->type == OV_INT) {
            c->data.i64[x] = s->data.i64[r];
        } else {
            c->data.f64[x] = s->data.f64[r];
        }
    }
    ov_column_finish(c);
    return c;
}

ov_status
ov_query_crosstab_value(const ov_table *t, const char *a, const char *b,
                        const char *value, enum ov_agg agg, ov_table **out,
                        struct ov_err *err)
{
    int ca, cb, cv;
    struct groups ga = {NULL, NULL, 0}, gb = {NULL, NULL, 0};
    size_t n = ov_table_nrows(t), i, x, y, na, nb;
    uint32_t *cellid = NULL, *sel = NULL;
    ov_column *cells = NULL, *rows = NULL, *cols = NULL, *total = NULL, *labels = NULL;
    ov_table *r = NULL;
    struct ov_view va, vb;
    ov_strbuf lb = OV_STRBUF_INIT;
    ov_status st;

    *out = NULL;
    if (agg == OV_AGG_NONE || agg == OV_AGG_FIRST)
        return ov_err_set(
            err, OV_EINVAL,
            "a crosstab of a value needs agg = \"sum\", \"mean\", \"min\", "
            "\"max\", \"count\" or \"count_distinct\"");
    if ((st = ov_query_column(t, value, &cv, err)) != OV_OK)
        return st;
    if ((st = ov_query_column(t, a, &ca, err)) == OV_OK &&
        (st = ov_query_column(t, b, &cb, err)) == OV_OK && (cv == ca || cv == cb))
        return ov_err_set(err, OV_EINVAL,
                          "'%s' is a row or column of the crosstab: give another value",
                          value);
    if ((st == OV_OK && (st = check_numeric(t, cv, agg, err)) != OV_OK) ||
        (st = ov_query_cross_groups(t, a, b, &ca, &cb, &ga, &gb, err)) != OV_OK)
        goto done;
    na = ga.n;
    nb = gb.n;
    if (nb > 0 && na > UINT32_MAX / nb) {
        st = ov_err_nomem(err, "cross-tabulating");
        goto done;
    }
    cellid = ov_malloc((n ? n : 1) * sizeof *cellid);
    sel = ov_malloc((na ? na : 1) * sizeof *sel);
    if (cellid == NULL || sel == NULL) {
        st = ov_err_nomem(err, "cross-tabulating");
        goto done;
    }
    for (i = 0; i < n; i++)
        cellid[i] = ga.id[i] * (uint32_t)nb + gb.id[i];
    /* the cells, the Total column (by row), the Total row (by column) and
     * the grand total, each aggregated from the rows themselves */
    if ((st = agg_column(t, cv, agg, cellid, na * nb, &cells, err)) != OV_OK ||
        (st = agg_column(t, cv, agg, ga.id, na, &rows, err)) != OV_OK ||
        (st = agg_column(t, cv, agg, gb.id, nb, &cols, err)) != OV_OK ||
        (st = agg_column(t, cv, agg, NULL, 1, &total, err)) != OV_OK)
        goto done;
    r = ov_table_new(na + 1, err);
    if (r == NULL) {
        st = err->status;
        goto done;
    }
    va = ov_table_colview(t, (size_t)ca);
    vb = ov_table_colview(t, (size_t)cb);
    if ((labels = ov_query_row_labels(&va, ga.first, na, &lb, err)) == NULL) {
        st = err->status;
        goto done;
    }
    if ((st = ov_table_add_column(r, a, labels, err)) != OV_OK)
        goto done;
    for (y = 0; y <= nb; y++) {
        ov_column *c;

        if ((st = ov_query_cross_name(r, &vb, &gb, y, &lb, err)) != OV_OK)
            goto done;
        for (x = 0; x < na; x++)
            sel[x] = (uint32_t)(y < nb ? x * nb + y : x);
        c = y < nb ? margin_column(cells, sel, na, cols, y, err)
                   : margin_column(rows, sel, na, total, 0, err);
        if (c == NULL) {
            st = err->status;
            goto done;
        }
        st = ov_table_add_column(r, ov_strbuf_cstr(&lb), c, err);
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
    ov_column_unref(cells);
    ov_column_unref(rows);
    ov_column_unref(cols);
    ov_column_unref(total);
    ov_table_free(r);
    ov_free(cellid);
    ov_free(sel);
    ov_groups_free(&ga);
    ov_groups_free(&gb);
    return st;
}
