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

/* A shared vector of row numbers (reference counted). OV_NOROW stands for
 * "no row": the value is missing (a left join's unmatched rows). */
typedef struct ov_rowidx {
    uint32_t *idx;
    size_t n;
    unsigned refs;
} ov_rowidx;

#define OV_NOROW UINT32_MAX

/* Largest number of rows a table may have (row numbers are 32-bit and
 * OV_NOROW is taken). */
#define OV_MAX_ROWS ((size_t)UINT32_MAX - 1)

/* How a table sees one of its columns: row i of the table is row idx[i] of
 * the column (or row i when idx is NULL). Borrowed from the table. */
struct ov_view {
    const ov_column *col;
    const uint32_t *idx;
    size_t n;
};

static inline size_t
ov_view_row(const struct ov_view *v, size_t i)
{
    return v->idx != NULL ? v->idx[i] : i;
}

/* True if table row i of the view has no value. */
static inline bool
ov_view_missing(const struct ov_view *v, size_t i)
{
    size_t r = ov_view_row(v, i);

    return r == OV_NOROW || ov_column_missing(v->col, r);
}

/* A new empty table with no columns and `nrows` rows (every column added
 * must give that many). NULL when out of memory. */
ov_table *ov_table_new(size_t nrows, struct ov_err *err);

/* Frees the table, dropping its references to columns. Accepts NULL. */
void ov_table_free(ov_table *t);

/* Adds a column, seen through idx (NULL: one to one, and the column must
 * have nrows rows; otherwise idx->n must be nrows). The table takes its own
 * references to col and idx: the caller keeps (and must release) its own,
 * on success and on failure. Fails with OV_EINVAL if the name is taken or
 * the length is wrong. */
ov_status ov_table_add_column(ov_table *t, const char *name, ov_column *col,
                              struct ov_err *err);
ov_status ov_table_add_view(ov_table *t, const char *name, ov_column *col,
                            ov_rowidx *idx, struct ov_err *err);

/* Column j becomes col (one to one: col has nrows rows), its name kept;
 * the table takes its own reference. OV_EINVAL when it does not fit. */
ov_status ov_table_replace_column(ov_table *t, size_t j, ov_column *col,
                                  struct ov_err *err);

/* A new table with the same columns (shared, not copied), name and
 * provenance as t. NULL when out of memory. */
ov_table *ov_table_view(const ov_table *t, struct ov_err *err);

size_t ov_table_nrows(const ov_table *t);
size_t ov_table_ncols(const ov_table *t);
const char *ov_table_colname(const ov_table *t, size_t j);
ov_column *ov_table_col(const ov_table *t, size_t j);

/* The row index of column j (NULL: one to one). */
ov_rowidx *ov_table_colidx(const ov_table *t, size_t j);

/* How the table sees column j. */
struct ov_view ov_table_colview(const ov_table *t, size_t j);

/* The smallest and largest value of an OV_INT, OV_DATE or OV_BOOL view, in
 * one pass, missing rows aside; false (lo and hi untouched) when every row
 * is missing or the view is of another type. */
bool ov_view_int_range(const struct ov_view *v, int64_t *lo, int64_t *hi);

/* The index of the column named name, or -1. */
int ov_table_find(const ov_table *t, const char *name);

/* The names of the columns, in order (borrowed, valid while t lives). */
const char *const *ov_table_names(const ov_table *t);

/* ---- row index vectors ---- */
ov_rowidx *ov_rowidx_new(size_t n, struct ov_err *err);
ov_rowidx *ov_rowidx_ref(ov_rowidx *r);
void ov_rowidx_unref(ov_rowidx *r);

/* The index that picks rows sel[0..n) of a view with index `base` (NULL:
 * one to one): base[sel[i]], or sel itself. A new reference. */
ov_rowidx *ov_rowidx_compose(const ov_rowidx *base, const uint32_t *sel, size_t n,
                             struct ov_err *err);

/* A new table of rows sel[0..n) of t (in that order), sharing t's
 * columns through composed indexes (columns that shared an index still
 * share one). Keeps the name and provenance. */
ov_table *ov_table_take(const ov_table *t, const uint32_t *sel, size_t n,
                        struct ov_err *err);

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
void ov_table_fact_at(const ov_table *t, size_t i, const char **key,
                      const char **value);

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

/* ---- what a loaded sheet kept beside its values ----
 * markers: one row per cell that held a marker instead of a number, or a
 * number with a flag: columns row (the table's row, from 1), column, cell
 * ("C12"), marker ("[c]", "..", "[p]"), meaning ("confidential",
 * "provisional"), value (the number kept for a flag, else missing).
 * shown: the texts the sheet displayed, one text column per column of the
 * table and the same rows ("5,516.65" where the value is 5516.65).
 * Tables made from the loaded one by queries do not carry them. */
ov_table *ov_table_markers(const ov_table *t);
void ov_table_set_markers(ov_table *t, ov_table *markers);
ov_table *ov_table_shown(const ov_table *t);
void ov_table_set_shown(ov_table *t, ov_table *shown);

/* How a missing value is labelled where it names a group: crosstab's row
 * and column labels, a freq or group_by key shown to people, a chart's
 * category. */
#define OV_MISSING_LABEL "(missing)"

/* The group keys of a freq or group_by result, by name: a missing value in
 * them is the group of rows with no value, shown to people as "(missing)",
 * the label crosstab gives it. Kept through views, sorts, filters and new
 * columns (they copy the provenance); a renamed key loses it. Copies the
 * names; OV_ENOMEM leaves the keys as they were. */
ov_status ov_table_set_keys(ov_table *t, const char *const *names, size_t n);
bool ov_table_is_key(const ov_table *t, const char *name);

/* The column whose values are drawn as text bars when the table is shown
 * in box or plain mode (freq(...):bars()), or -1. A display hint only:
 * it is not data, and derived tables do not inherit it. */
int ov_table_bars(const ov_table *t);
void ov_table_set_bars(ov_table *t, int col);

#endif /* OV_TABLE_H */
