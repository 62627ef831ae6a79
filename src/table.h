/*
 * table.h - a table: named columns of equal length, immutable once built.
 * A table derived by a query may hold a row index into its columns instead
 * of copies of them (row i of the table is row idx[i] of every column).
 * Each table also remembers where it came from (provenance) and, when it
 * was loaded from a file, the rows the loader rejected.
 * Part of libovcore.
 */
#ifndef OV_TABLE_H
#define OV_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "ov_error.h"

typedef struct ov_table ov_table;

/* A shared vector of row numbers (reference counted). */
typedef struct ov_rowidx {
    uint32_t *idx;
    size_t n;
    unsigned refs;
} ov_rowidx;

/* Largest number of rows a table may have (row numbers are 32-bit). */
#define OV_MAX_ROWS ((size_t)UINT32_MAX)

/* A new empty table with no columns and `nrows` rows (every column added
 * must have that many). NULL when out of memory. */
ov_table *ov_table_new(size_t nrows, struct ov_err *err);

/* Frees the table, dropping its references to columns. Accepts NULL. */
void ov_table_free(ov_table *t);

/* Adds a column. The table takes its own reference to col: the caller keeps
 * (and must release) the one it has, on success and on failure. Fails with
 * OV_EINVAL if the name is taken or the length is wrong. */
ov_status ov_table_add_column(ov_table *t, const char *name, ov_column *col,
                              struct ov_err *err);

/* A new table with the same columns, row index, name and provenance as t
 * (the columns are shared, not copied). NULL when out of memory. */
ov_table *ov_table_view(const ov_table *t, struct ov_err *err);

/* Makes row i of the table row idx->idx[i] of its columns; takes a
 * reference. nrows becomes idx->n. */
void ov_table_set_index(ov_table *t, ov_rowidx *idx);

size_t ov_table_nrows(const ov_table *t);
size_t ov_table_ncols(const ov_table *t);
const char *ov_table_colname(const ov_table *t, size_t j);
ov_column *ov_table_col(const ov_table *t, size_t j);

/* The index of the column named name, or -1. */
int ov_table_find(const ov_table *t, const char *name);

/* The row index, or NULL when rows map one to one onto the columns. */
const ov_rowidx *ov_table_index(const ov_table *t);

/* The column row behind table row i. */
static inline size_t
ov_table_row(const ov_rowidx *idx, size_t i)
{
    return idx != NULL ? idx->idx[i] : i;
}

/* ---- row index vectors ---- */
ov_rowidx *ov_rowidx_new(size_t n, struct ov_err *err);
ov_rowidx *ov_rowidx_ref(ov_rowidx *r);
void ov_rowidx_unref(ov_rowidx *r);

/* ---- names ---- */

/* The table's name ("complaints"); "" if none. */
const char *ov_table_name(const ov_table *t);
ov_status ov_table_set_name(ov_table *t, const char *name);

/* ---- provenance ----
 * A list of facts ("source", "/data/x.csv"), ("size", "2,858,885 bytes"), ...
 * and the chain of operations that made the table from its source. */
ov_status ov_table_set_fact(ov_table *t, const char *key, const char *value);
const char *ov_table_fact(const ov_table *t, const char *key);
size_t ov_table_nfacts(const ov_table *t);
void ov_table_fact_at(const ov_table *t, size_t i, const char **key, const char **value);

ov_status ov_table_add_step(ov_table *t, const char *step);
size_t ov_table_nsteps(const ov_table *t);
const char *ov_table_step(const ov_table *t, size_t i);

/* Copies src's facts and steps to dst (which has none yet). */
ov_status ov_table_copy_provenance(ov_table *dst, const ov_table *src);

/* ---- rejected rows ---- */

/* The loader's rejected rows (columns line, fields, text), or NULL. */
ov_table *ov_table_rejects(const ov_table *t);

/* Attaches rejects (the table takes ownership). */
void ov_table_set_rejects(ov_table *t, ov_table *rejects);

/* Bytes used by the table's columns and index (columns shared with other
 * tables count in full). */
size_t ov_table_bytes(const ov_table *t);

#endif /* OV_TABLE_H */
