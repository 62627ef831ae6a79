/*
 * column.c - typed columns: construction, validity, text of one value.
 */
#include "config.h"

#include "column.h"

#include <string.h>

#include "ov_mem.h"
#include "value.h"

static const char *const type_names[OV_NTYPES] = {"int", "float", "string", "bool",
                                                  "date"};

const char *
ov_type_name(ov_type t)
{
    return (unsigned)t < OV_NTYPES ? type_names[t] : "?";
}

int
ov_type_from_name(const char *s)
{
    int i;

    for (i = 0; i < OV_NTYPES; i++)
        if (strcmp(s, type_names[i]) == 0)
            return i;
    return -1;
}

uint8_t
ov_code_width(uint32_t size)
{
    if (size <= 256)
        return 1;
    if (size <= 65536)
        return 2;
    return 4;
}

static size_t
elem_size(const ov_column *c)
{
    switch (c->type) {
    case OV_INT:
        return sizeof(int64_t);
    case OV_FLOAT:
        return sizeof(double);
    case OV_STRING:
        return c->width;
    case OV_BOOL:
        return 1;
    case OV_DATE:
        return sizeof(int32_t);
    }
    return 8;
}

ov_column *
ov_column_new(ov_type type, size_t n, ov_dict *dict, uint32_t dict_size,
              struct ov_err *err)
{
    ov_column *c = ov_calloc(1, sizeof *c);

    if (c == NULL)
        goto nomem;
    c->type = type;
    c->n = n;
    c->refs = 1;
    c->float_style = OV_FLOAT_G;
    if (type == OV_STRING) {
        if (dict == NULL) {
            c->dict = ov_dict_new();
            if (c->dict == NULL)
                goto nomem;
        } else {
            c->dict = ov_dict_ref(dict);
        }
        c->width = ov_code_width(dict_size > c->dict->n ? dict_size : c->dict->n);
    }
    c->data.raw = ov_calloc(n > 0 ? n : 1, elem_size(c));
    if (c->data.raw == NULL)
        goto nomem;
    return c;
nomem:
    ov_column_unref(c);
    ov_err_nomem(err, "allocating a column");
    return NULL;
}

ov_column *
ov_column_ref(ov_column *c)
{
    if (c != NULL)
        c->refs++;
    return c;
}

void
ov_column_unref(ov_column *c)
{
    if (c == NULL || --c->refs > 0)
        return;
    ov_free(c->data.raw);
    ov_free(c->valid);
    ov_free(c->decimals);
    ov_free(c->num);
    ov_free(c->den);
    ov_free(c->nudge);
    ov_dict_unref(c->dict);
    ov_free(c);
}

ov_status
ov_column_alloc_percent(ov_column *c)
{
    size_t n = c->n > 0 ? c->n : 1;

    if (c->num != NULL)
        return OV_OK;
    c->num = ov_calloc(n, sizeof *c->num);
    c->den = ov_calloc(n, sizeof *c->den);
    if (c->num == NULL || c->den == NULL) {
        ov_free(c->num);
        ov_free(c->den);
        c->num = c->den = NULL;
        return OV_ENOMEM;
    }
    return OV_OK;
}

ov_status
ov_column_alloc_decimals(ov_column *c)
{
    if (c->decimals != NULL)
        return OV_OK;
    c->decimals = ov_malloc(c->n > 0 ? c->n : 1);
    if (c->decimals == NULL)
        return OV_ENOMEM;
    memset(c->decimals, OV_DECIMALS_SHORTEST, c->n > 0 ? c->n : 1);
    return OV_OK;
}

ov_status
ov_column_alloc_valid(ov_column *c)
{
    size_t words = (c->n + 63) / 64;

    if (c->valid != NULL)
        return OV_OK;
    c->valid = ov_malloc((words > 0 ? words : 1) * sizeof *c->valid);
    if (c->valid == NULL)
        return OV_ENOMEM;
    memset(c->valid, 0xFF, (words > 0 ? words : 1) * sizeof *c->valid);
    return OV_OK;
}

ov_status
ov_column_set_missing(ov_column *c, size_t i)
{
    if (ov_column_alloc_valid(c) != OV_OK)
        return OV_ENOMEM;
    c->valid[i >> 6] &= ~((uint64_t)1 << (i & 63));
    return OV_OK;
}

void
ov_column_finish(ov_column *c)
{
    size_t words, w, present = 0;

    if (c->valid == NULL) {
        c->nmissing = 0;
        return;
    }
    words = (c->n + 63) / 64;
    /* bits past the last row must not count */
    if (c->n % 64 != 0)
        c->valid[words - 1] &= ((uint64_t)1 << (c->n % 64)) - 1;
    for (w = 0; w < words; w++)
        present += (size_t)__builtin_popcountll(c->valid[w]);
    c->nmissing = c->n - present;
    if (c->nmissing == 0) {
        ov_free(c->valid);
        c->valid = NULL;
    }
}

const char *
ov_column_text(const ov_column *c, size_t i, char *buf, size_t *len)
{
    if (ov_column_missing(c, i)) {
        *len = 0;
        buf[0] = '\0';
        return buf;
    }
    switch (c->type) {
    case OV_INT:
        *len = c->grouped ? ov_value_format_int_grouped(buf, c->data.i64[i], ',')
                          : ov_value_format_int(buf, c->data.i64[i]);
        return buf;
    case OV_FLOAT:
        *len = ov_value_format_float(buf, c->data.f64[i], ov_column_float_style(c, i));
        return buf;
    case OV_STRING:
        return ov_column_str(c, i, len);
    case OV_BOOL: {
        const char *t = ov_bool_text(c->data.b[i] != 0, c->boolstyle);

        *len = strlen(t);
        return t;
    }
    case OV_DATE:
        *len = ov_value_format_date(buf, c->data.days[i], (enum ov_datefmt)c->datefmt);
        return buf;
    }
    *len = 0;
    return "";
}

bool
ov_column_value_equal(const ov_column *a, size_t i, const ov_column *b, size_t j)
{
    bool ma = ov_column_missing(a, i), mb = ov_column_missing(b, j);

    if (ma || mb)
        return ma && mb;
    switch (a->type) {
    case OV_INT:
        return a->data.i64[i] == b->data.i64[j];
    case OV_FLOAT:
        return a->data.f64[i] == b->data.f64[j] ||
               (a->data.f64[i] != a->data.f64[i] && b->data.f64[j] != b->data.f64[j]);
    case OV_STRING: {
        size_t la, lb;
        const char *sa, *sb;

        if (a->dict == b->dict)
            return ov_column_code(a, i) == ov_column_code(b, j);
        sa = ov_column_str(a, i, &la);
        sb = ov_column_str(b, j, &lb);
        return la == lb && memcmp(sa, sb, la) == 0;
    }
    case OV_BOOL:
        return a->data.b[i] == b->data.b[j];
    case OV_DATE:
        return a->data.days[i] == b->data.days[j];
    }
    return false;
}
