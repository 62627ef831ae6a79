/*
 * rounding.h - percentages that should add to 100 after rounding: finding
 * them in a table (a frequency table's pct column, a crosstab's rows or
 * columns), the sum they print to, and largest-remainder (Hamilton)
 * rounding so that they print to exactly 100. Engine only (no Lua, no
 * terminal). Part of libovcore.
 */
#ifndef OV_ROUNDING_H
#define OV_ROUNDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"
#include "table.h"

/* One set of percentage cells of a table that share a whole and whose
 * numerators add to it: the cells of column `line` down rows cells[]
 * (across false), or of row `line` across columns cells[] (across true;
 * a crosstab's row percentages). */
struct ov_pct_set {
    bool across;
    size_t line;
    size_t *cells; /* owned */
    size_t n;
};

/* The sets of t: a percentage column whose shown rows (a crosstab's Total
 * row left out) share one denominator that their numerators add to; a
 * row whose "Total" column is 100% and whose other percentages share its
 * denominator and add to it. At least two cells each. *sets is owned by
 * the caller (ov_pct_sets_free). OV_ENOMEM only. */
ov_status ov_pct_sets(const ov_table *t, struct ov_pct_set **sets, size_t *nsets,
                      struct ov_err *err);
void ov_pct_sets_free(struct ov_pct_set *sets, size_t n);

/* Cell (table row i, column j) of t, of a percentage column, as printed
 * with `places` decimals, in units of 10^-places percent: rounded half
 * away from zero from its exact fraction, moved by its nudge. False when
 * the cell is missing. */
bool ov_pct_printed(const ov_table *t, size_t i, size_t j, int places, int64_t *units);

/* What a set prints to, in units of 10^-places percent. */
int64_t ov_pct_set_sum(const ov_table *t, const struct ov_pct_set *s, int places);

/* Largest-remainder (Hamilton) rounding of the n shares num[i] / den,
 * which must be whole numbers adding to den (> 0): each share is given
 * the floor of its value in units of 10^-places percent, and the units
 * still missing from 100 go one each to the largest remainders; equal
 * remainders go to the earlier share (the table's order, so a frequency
 * table's larger count). nudge[i] is the result minus the house rounding
 * (half away from zero): -1, 0 or +1. OV_EINVAL when the shares are not
 * whole or do not add to den. */
ov_status ov_round_largest_remainder(const double *num, size_t n, double den,
                                     int places, int8_t *nudge, struct ov_err *err);

/* Sets the nudges of every set of t (ov_pct_sets) so that each prints to
 * exactly 100 with one decimal; *adjusted counts the cells moved. A
 * cumulative column of a set (freq's cum_pct) then prints the running sum
 * of what the set prints. t must
 * be a query's new result whose percentage columns nothing else holds
 * (OV_EINVAL otherwise). Only the printed rounding changes: values,
 * numerators and denominators stay exact. */
ov_status ov_table_largest_remainder(ov_table *t, size_t *adjusted, struct ov_err *err);

#endif /* OV_ROUNDING_H */
