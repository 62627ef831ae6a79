/*
 * query_describe.c - schema and summary: tables that describe a table, one
 * row per column. Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "ov_mem.h"
#include "value.h"

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
    ov_query_label(&v, i, &b);
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

/* the number of distinct values of column `name` (missing values not
 * counted) and its three most common values with their counts, from freq,
 * in *top (NULL when there are none; the caller frees it) */
static ov_status
top_values(const ov_table *t, const char *name, int64_t missing, int64_t *distinct,
           char **top, struct ov_err *err)
{
    ov_table *f = NULL;
    ov_strbuf b = OV_STRBUF_INIT;
    size_t nf, i, k;
    ov_status st;

    if ((st = ov_query_freq(t, name, &f, err)) != OV_OK)
        return st;
    nf = ov_table_nrows(f);
    *distinct = (int64_t)nf - (missing > 0 ? 1 : 0);
    {
        struct ov_view fv = ov_table_colview(f, 0), fn = ov_table_colview(f, 1);

        for (i = 0, k = 0; i < nf && k < 3; i++) {
            char nb[32];

            if (ov_view_missing(&fv, i))
                continue;
            if (k++ > 0)
                ov_strbuf_puts(&b, ", ");
            ov_query_label(&fv, i, &b);
            ov_value_format_int_grouped(nb, fn.col->data.i64[ov_view_row(&fn, i)], ',');
            ov_strbuf_printf(&b, " (%s)", nb);
        }
    }
    ov_table_free(f);
    if (ov_strbuf_status(&b) != OV_OK ||
        (k > 0 && (*top = text_dup(ov_strbuf_cstr(&b), b.len)) == NULL))
        st = ov_err_nomem(err, "summarising");
    ov_strbuf_free(&b);
    return st;
}

/* the min, max and (when numeric) mean of column `name` as texts, through
 * the aggregates, with their rules; the caller frees them */
static ov_status
min_max_mean(const ov_table *t, const char *name, bool numeric, char **min, char **max,
             char **mean, struct ov_err *err)
{
    static const char *const an[] = {"lo", "hi", "mean"};
    static const char *const fn[] = {"min(`", "max(`", "mean(`"};
    const char *ae[3];
    ov_strbuf e[3] = {OV_STRBUF_INIT, OV_STRBUF_INIT, OV_STRBUF_INIT};
    ov_table *a = NULL;
    bool nomem = false;
    size_t i, k;
    ov_status st = OV_OK;

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
    if (nomem)
        return ov_err_nomem(err, "summarising");
    if (st != OV_OK)
        return st;
    *min = cell_text(a, 0, 0, &nomem);
    *max = cell_text(a, 1, 0, &nomem);
    if (numeric)
        *mean = cell_text(a, 2, 0, &nomem);
    ov_table_free(a);
    return nomem ? ov_err_nomem(err, "summarising") : OV_OK;
}

ov_status
ov_query_summary(const ov_table *t, ov_table **out, struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), j, i;
    char **names = NULL, **types = NULL, **mins = NULL, **maxs = NULL, **means = NULL,
         **tops = NULL;
    int64_t *present = NULL, *missing = NULL, *distinct = NULL;
    static const char *const cn[] = {"column", "type", "n",    "missing", "distinct",
                                     "min",    "max",  "mean", "top"};
    ov_column *cols[9] = {NULL};
    ov_table *r = NULL;
    ov_status st = OV_OK;
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
    if (names == NULL || types == NULL || mins == NULL || maxs == NULL ||
        means == NULL || tops == NULL || present == NULL || missing == NULL ||
        distinct == NULL) {
        st = ov_err_nomem(err, "summarising");
        goto done;
    }
    for (j = 0; j < nc; j++) {
        struct ov_view v = ov_table_colview(t, j);
        const char *name = ov_table_colname(t, j);
        ov_type type = v.col->type;
        bool numeric = type == OV_INT || type == OV_FLOAT;

        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        names[j] = (char *)name;
        types[j] = (char *)ov_type_name(type);
        for (i = 0; i < v.n; i++)
            missing[j] += ov_view_missing(&v, i);
        present[j] = (int64_t)v.n - missing[j];
        if ((st = top_values(t, name, missing[j], &distinct[j], &tops[j], err)) !=
            OV_OK)
            goto done;
        /* min, max and mean through the aggregates, with their rules */
        if (present[j] > 0 && type != OV_BOOL &&
            (st = min_max_mean(t, name, numeric, &mins[j], &maxs[j], &means[j], err)) !=
                OV_OK)
            goto done;
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
