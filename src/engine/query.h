/*
 * query.h - operations on tables: filter, choose and rename columns, sort,
 * take rows, distinct, new columns, group and aggregate, frequency tables,
 * crosstabs, joins. Every result is a new table; rows are shared with the
 * input through row indexes wherever that saves copying. Every kernel polls
 * the interrupt flag and returns OV_EINTR when asked to stop.
 * Ownership: *out is a new table the caller frees; on failure *out is NULL
 * and err says why (column names are checked, with suggestions).
 * Part of libovcore.
 */
#ifndef OV_QUERY_H
#define OV_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"
#include "table.h"

/* The index of column `name` in *j; if there is none, OV_ENOTFOUND and a
 * message suggesting the nearest name. */
ov_status ov_query_column(const ov_table *t, const char *name, int *j,
                          struct ov_err *err);

/* Rows where the expression is true (see expr.h for the language). */
ov_status ov_query_where(const ov_table *t, const char *expr, ov_table **out,
                         struct ov_err *err);

/* Rows rows[0..n) of t, in that order (a row number may repeat). */
ov_status ov_query_rows(const ov_table *t, const uint32_t *rows, size_t n,
                        ov_table **out, struct ov_err *err);

/* The named columns, in the order given. */
ov_status ov_query_select(const ov_table *t, const char *const *names, size_t n,
                          ov_table **out, struct ov_err *err);

/* All columns but the named ones. */
ov_status ov_query_drop(const ov_table *t, const char *const *names, size_t n,
                        ov_table **out, struct ov_err *err);

/* Columns from[i] renamed to[i]. */
ov_status ov_query_rename(const ov_table *t, const char *const *from,
                          const char *const *to, size_t n, ov_table **out,
                          struct ov_err *err);

/* Sorted by the keys in turn; "-name" sorts descending. Stable; missing
 * values last whatever the direction; text by byte order. */
ov_status ov_query_sort(const ov_table *t, const char *const *keys, size_t n,
                        ov_table **out, struct ov_err *err);

/* OV_OK when ov_query_sort(t, keys) would find every key column, else
 * its error (OV_ENOTFOUND, OV_ENOMEM). */
ov_status ov_query_sort_check(const ov_table *t, const char *const *keys, size_t n,
                              struct ov_err *err);

/* The first k rows (last: the last k) of ov_query_sort(t, keys), the
 * same rows in the same order with the same ties as ov_query_head (or
 * ov_query_tail) of the sorted table would give, without sorting the
 * other rows. *out is the caller's on success. Errors as ov_query_sort. */
ov_status ov_query_sort_top(const ov_table *t, const char *const *keys, size_t n,
                            size_t k, bool last, ov_table **out, struct ov_err *err);

/* The first n rows; the last n; n rows picked at random with `seed`
 * (the same seed picks the same rows), kept in their order. */
ov_status ov_query_head(const ov_table *t, size_t n, ov_table **out,
                        struct ov_err *err);
ov_status ov_query_tail(const ov_table *t, size_t n, ov_table **out,
                        struct ov_err *err);
ov_status ov_query_sample(const ov_table *t, size_t n, uint64_t seed, ov_table **out,
                          struct ov_err *err);

/* The first row of each distinct combination of the named columns (all
 * columns if n is 0), with every column kept. */
ov_status ov_query_distinct(const ov_table *t, const char *const *names, size_t n,
                            ov_table **out, struct ov_err *err);

/* New columns names[i] = exprs[i], each computed from t's columns; a name
 * that exists is replaced in place, new ones are added at the end. */
ov_status ov_query_mutate(const ov_table *t, const char *const *names,
                          const char *const *exprs, size_t n, ov_table **out,
                          struct ov_err *err);

/* mutate with window functions: new columns names[i] = exprs[i], where
 * an expression may call lag(x [, k [, default]]), lead(...),
 * row_number(), rank(), rank(x), dense_rank(), dense_rank(x), cumsum(x),
 * share(x) and change(x), alone or inside a larger expression
 * ("n - lag(n)"). They work within each group of the key columns
 * keys[0..nkeys) (none: the whole table is one group), over its rows in
 * the order of the columns by[0..nby) ("-year" for descending; ties and
 * no order at all keep the table's order). rank() ranks by that order,
 * rank(x) by x ascending (rank(-x): largest first); ties share the
 * lowest rank, missing values rank last. lag and lead give missing (or
 * the default) past the group's ends; cumsum skips missing values and is
 * missing until the first; share is x as a percentage of the group's
 * total and change the percentage change from the row before, both kept
 * as figures (num, den), missing where there is no figure. Rows stay in
 * t's order; with no window call this is ov_query_mutate. */
ov_status ov_query_window(const ov_table *t, const char *const *keys, size_t nkeys,
                          const char *const *by, size_t nby, const char *const *names,
                          const char *const *exprs, size_t n, ov_table **out,
                          struct ov_err *err);

/* One row per distinct combination of the key columns (sorted by them,
 * missing last), with the key columns, then one column per aggregate
 * expression: names[i] = exprs[i] such as "count()", "pct(x == 'y')".
 * With no keys, the whole table is one group: one row. */
ov_status ov_query_group(const ov_table *t, const char *const *keys, size_t nkeys,
                         const char *const *names, const char *const *exprs,
                         size_t naggs, ov_table **out, struct ov_err *err);

/* The frequency table of a column: value, n, pct, cum_pct, and valid_pct
 * (the share among rows with a value) when some are missing; most
 * frequent first, the missing row last. */
ov_status ov_query_freq(const ov_table *t, const char *col, ov_table **out,
                        struct ov_err *err);

enum ov_crosspct {
    OV_CROSS_COUNT, /* counts */
    OV_CROSS_ROW,   /* each row sums to 100 */
    OV_CROSS_COL,   /* each column sums to 100 */
    OV_CROSS_TOTAL  /* the whole table sums to 100 */
};

/* Counts of rows by a (down) and b (across), with a Total row and column. */
ov_status ov_query_crosstab(const ov_table *t, const char *a, const char *b,
                            enum ov_crosspct pct, ov_table **out, struct ov_err *err);

/* ---- reshaping (query_reshape.c) ---- */

/* How a value pivot combines the values that fall in one cell. */
enum ov_agg {
    OV_AGG_NONE,           /* none given: wider refuses a cell with two rows */
    OV_AGG_SUM,            /* numbers; missing when the cell has no value */
    OV_AGG_MEAN,           /* numbers; missing when the cell has no value */
    OV_AGG_MIN,            /* numbers */
    OV_AGG_MAX,            /* numbers */
    OV_AGG_COUNT,          /* values present (missing ones not counted) */
    OV_AGG_COUNT_DISTINCT, /* distinct values present */
    OV_AGG_FIRST           /* the value of the cell's first row (wider only) */
};

/* "sum", "mean", ... ("" for OV_AGG_NONE). */
const char *ov_agg_name(enum ov_agg agg);

/* The aggregate named s, or -1. */
int ov_agg_from_name(const char *s);

/* Longer: the columns cols[0..ncols) stacked into two columns, names_to
 * (the stacked column's name, text) and values_to (its value); every other
 * column is kept and repeats, one row per input row and stacked column,
 * rows in input order then in the order of cols. The stacked columns must
 * share a type (whole numbers with decimals give decimals); otherwise
 * OV_ETYPE naming each column and its type. With drop_missing, rows whose
 * value is missing are left out. OV_EINVAL for no columns, a column given
 * twice, or names_to/values_to taken by a kept column. */
ov_status ov_query_longer(const ov_table *t, const char *const *cols, size_t ncols,
                          const char *names_to, const char *values_to,
                          bool drop_missing, ov_table **out, struct ov_err *err);

/* Wider: one row per distinct combination of the id columns (in order of
 * first appearance; n_ids 0 means every column but names_from and
 * values_from), then one column per distinct value of names_from (in
 * order of first appearance, named by its text; a missing one by
 * "(missing)") holding values_from. A cell no row falls in is missing.
 * With agg OV_AGG_NONE, a cell two rows fall in is refused (OV_EINVAL,
 * naming the ids, the name and how many rows, and the agg to give); a
 * names_from value equal to an id column's name is refused too. */
ov_status ov_query_wider(const ov_table *t, const char *names_from,
                         const char *values_from, const char *const *ids, size_t n_ids,
                         enum ov_agg agg, ov_table **out, struct ov_err *err);

/* A crosstab of a value: agg of column `value` by a (down) and b
 * (across), both in their values' order (missing last), with a Total row
 * and column that aggregate all the rows of their row or column (the
 * mean of the rows, not of the cells). An empty cell is 0 for count and
 * count_distinct, missing for the others. agg must not be OV_AGG_NONE or
 * OV_AGG_FIRST; sum, mean, min and max take numbers (OV_ETYPE). */
ov_status ov_query_crosstab_value(const ov_table *t, const char *a, const char *b,
                                  const char *value, enum ov_agg agg, ov_table **out,
                                  struct ov_err *err);

enum ov_join_how { OV_JOIN_INNER, OV_JOIN_LEFT };

/* What a join did, for the report. */
struct ov_join_info {
    size_t left_rows, right_rows, out_rows;
    size_t unmatched_left;   /* left rows with no match */
    size_t multi_left;       /* left rows that matched more than one right row */
    size_t multi_right;      /* right rows matched by more than one left row */
    size_t unmatched_right;  /* right rows no left row matched */
    size_t renamed;          /* right columns renamed for a clash */
    char renamed_first[128]; /* the first such, "cv -> cv_2" */
};

/* Rows of t matched with rows of other on equal keys (hash join). A key
 * is a column name present in both; a missing key matches nothing. The
 * result has t's columns, then other's columns but the keys (a name that
 * clashes gets "_2"). Left join keeps every row of t (other's columns
 * missing where nothing matched). Rows come in t's order. */
/* "one-to-one", "one-to-many", "many-to-one" or "many-to-many": how the
 * rows matched, from the counts in info. */
const char *ov_join_relation(const struct ov_join_info *info);

ov_status ov_query_join(const ov_table *t, const ov_table *other,
                        const char *const *keys, size_t nkeys, enum ov_join_how how,
                        ov_table **out, struct ov_join_info *info, struct ov_err *err);

/* A key value of t that matched nothing in other, for the join's report. */
struct ov_join_miss {
    const char *key;     /* the text (borrowed from t: valid while t lives) */
    size_t rows;         /* rows of t with it */
    const char *nearest; /* the closest key of other by edit distance, or
                            the one force_name() reads as the same force
                            (borrowed from other); NULL when none is near */
    bool force;          /* force_name() reads key and a key of other as
                            the same force */
};

/* The text keys of t that match no row of other on the text column key
 * (a one-column join): up to max of them in *out (*nout), in the order t
 * first has them; *ndistinct counts them all and *nforce those
 * force_name() would have matched. Nothing (all counts 0) when key is not
 * text on both sides. Nearest names are looked for among at most 5,000
 * distinct keys of other. Errors: OV_ENOMEM. */
ov_status ov_query_join_misses(const ov_table *t, const ov_table *other,
                               const char *key, struct ov_join_miss *out, size_t max,
                               size_t *nout, size_t *ndistinct, size_t *nforce,
                               struct ov_err *err);

/* One row per column of t: column, type, missing (a count). */
ov_status ov_query_schema(const ov_table *t, ov_table **out, struct ov_err *err);

/* One row per column of t: column, type, n (values present), missing,
 * distinct, min, max, mean (numbers only) and top (the three most common
 * values with their counts), min/max/mean as printed text. */
ov_status ov_query_summary(const ov_table *t, ov_table **out, struct ov_err *err);

#endif /* OV_QUERY_H */
