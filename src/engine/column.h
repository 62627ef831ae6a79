/*
 * column.h - one typed column of a table: int64, double, dictionary-coded
 * string, bool or date (days since 1970-01-01), each with a validity bitmap
 * for missing values. Columns are immutable once built and reference
 * counted, so tables derived by queries share them instead of copying.
 * The struct is visible so engine kernels (query, format, loader) can loop
 * over the arrays directly; everything outside the engine treats it as
 * read-only. Part of libovcore.
 */
#ifndef OV_COLUMN_H
#define OV_COLUMN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "ov_error.h"

typedef enum ov_type { OV_INT, OV_FLOAT, OV_STRING, OV_BOOL, OV_DATE } ov_type;

#define OV_NTYPES 5

#define OV_DECIMALS_SHORTEST 255

typedef struct ov_column {
    ov_type type;
    size_t n;        /* rows */
    size_t nmissing; /* rows whose validity bit is clear */
    uint64_t *valid; /* bit i set: row i has a value; NULL: no row is missing */
    union {
        int64_t *i64;  /* OV_INT */
        double *f64;   /* OV_FLOAT */
        void *codes;   /* OV_STRING: uint8_t, uint16_t or uint32_t per row */
        uint8_t *b;    /* OV_BOOL: 0 or 1 */
        int32_t *days; /* OV_DATE */
        void *raw;
    } data;
    uint8_t width; /* OV_STRING: bytes per code (1, 2 or 4) */
    ov_dict *dict; /* OV_STRING: its dictionary (one reference held) */
    /* how values are written back as text, so a CSV reads back unchanged */
    int float_style;   /* OV_FLOAT: OV_FLOAT_PY, OV_FLOAT_G or fixed decimals */
    uint8_t *decimals; /* OV_FLOAT: per-row decimals when no one style gives back
                          every text ("3" and "3.0" in one column), else NULL;
                          OV_DECIMALS_SHORTEST means the column's style */
    bool grouped;      /* OV_INT: written with thousands separators */
    bool measure;      /* OV_INT: a computed count or sum (freq's n, count(),
                          crosstab cells): shown with separators whatever
                          the column is called */
    uint8_t datefmt;   /* OV_DATE: enum ov_datefmt */
    uint8_t boolstyle; /* OV_BOOL: enum ov_boolstyle */
    /* OV_FLOAT percentages (freq, crosstab, pct(), share()): row i is
     * 100 * num[i] / den[i], kept so the arithmetic can be shown and the
     * figure rounded exactly; NULL for other columns. A rate column
     * (rate() in mutate or agg) keeps them too: row i is
     * per * num[i] / den[i] */
    double *num, *den;
    double per; /* a rate column: per how many (1000: "per 1,000"); 0 for a
                   percentage or any other column */
    /* a percentage change column (change(x) in mutate): num[i] is new - old
     * and den[i] old, so row i is still 100 * num[i] / den[i]; its cells
     * are change figures */
    bool change;
    /* a percentage column shown to people with each cell's count (its
     * numerator) beside it: "50.0 (3)" (crosstab's counts = true); the
     * value, CSV and JSON are unchanged */
    bool show_counts;
    /* percentages printed by largest-remainder rounding (rounding.h): row
     * i prints its house-rounded value moved by nudge[i] units of the last
     * printed decimal (-1, 0 or +1; a cumulative column follows the sum
     * of its rows); num and den stay exact; NULL: none */
    int8_t *nudge;
    unsigned refs;
} ov_column;

/* "int", "float", "string", "bool", "date". */
const char *ov_type_name(ov_type t);

/* The type named s, or -1. */
int ov_type_from_name(const char *s);

/* A column of n rows with its data array allocated (zeroed) and every row
 * present. For OV_STRING, `dict` is the dictionary (a reference is taken;
 * NULL makes a new empty one) and the code width is chosen for `dict_size`
 * codes (pass the final size if known, else the dictionary's). Returns NULL
 * and fills err when out of memory. */
ov_column *ov_column_new(ov_type type, size_t n, ov_dict *dict, uint32_t dict_size,
                         struct ov_err *err);

ov_column *ov_column_ref(ov_column *c);
void ov_column_unref(ov_column *c);

/* Bytes per code for a dictionary of `size` strings. */
uint8_t ov_code_width(uint32_t size);

/* Allocates the per-row decimals of a float column (all "shortest"). */
ov_status ov_column_alloc_decimals(ov_column *c);

/* The float style of row i: the column's, or the row's own decimals. */
static inline int
ov_column_float_style(const ov_column *c, size_t i)
{
    if (c->decimals != NULL && c->decimals[i] != OV_DECIMALS_SHORTEST)
        return c->decimals[i];
    return c->float_style;
}

/* Makes c (OV_FLOAT) a percentage column: allocates num and den (set
 * c->per as well to make it a rate column). */
ov_status ov_column_alloc_percent(ov_column *c);

/* Allocates the validity bitmap with every row present (no-op if it
 * exists). */
ov_status ov_column_alloc_valid(ov_column *c);

/* Marks row i missing (allocating the bitmap on first use). */
ov_status ov_column_set_missing(ov_column *c, size_t i);

/* Recounts nmissing from the bitmap and drops an all-present bitmap. */
void ov_column_finish(ov_column *c);

static inline bool
ov_column_missing(const ov_column *c, size_t i)
{
    return c->valid != NULL && !((c->valid[i >> 6] >> (i & 63)) & 1);
}

static inline uint32_t
ov_column_code(const ov_column *c, size_t i)
{
    switch (c->width) {
    case 1:
        return ((const uint8_t *)c->data.codes)[i];
    case 2:
        return ((const uint16_t *)c->data.codes)[i];
    default:
        return ((const uint32_t *)c->data.codes)[i];
    }
}

static inline void
ov_column_set_code(ov_column *c, size_t i, uint32_t code)
{
    switch (c->width) {
    case 1:
        ((uint8_t *)c->data.codes)[i] = (uint8_t)code;
        break;
    case 2:
        ((uint16_t *)c->data.codes)[i] = (uint16_t)code;
        break;
    default:
        ((uint32_t *)c->data.codes)[i] = code;
    }
}

/* The string in row i of a string column (borrowed), with its length. */
static inline const char *
ov_column_str(const ov_column *c, size_t i, size_t *len)
{
    return ov_dict_str(c->dict, ov_column_code(c, i), len);
}

/* Writes row i as the text a CSV file holds for it (the written form the
 * column remembers); "" for a missing value. Returns a pointer to the text
 * (buf, or the dictionary's string) and its length. buf must hold
 * OV_VALUE_TEXT_MAX bytes. */
const char *ov_column_text(const ov_column *c, size_t i, char *buf, size_t *len);

/* True if rows i of a and j of b hold the same value (both missing counts
 * as the same). Columns must have the same type. */
bool ov_column_value_equal(const ov_column *a, size_t i, const ov_column *b, size_t j);

#endif /* OV_COLUMN_H */
