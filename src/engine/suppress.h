/*
 * suppress.h - a copy of a table fit to publish: counts under a threshold
 * hidden (primary suppression), more counts hidden where a printed total
 * would give them back by subtraction (secondary suppression), the
 * percentages resting on hidden counts hidden with them, and the audit of
 * what was hidden and why. Engine only (no Lua). Part of libovcore.
 */
#ifndef OV_SUPPRESS_H
#define OV_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"
#include "table.h"

struct ov_suppress_opts {
    int64_t below;           /* counts under this are hidden (at least 1) */
    const char *const *cols; /* the count columns; NULL: every integer measure
                                (freq's n, crosstab cells, count()) */
    size_t ncols;
    const char *marker; /* what a hidden cell shows: "[c]" */
    bool secondary;     /* hide more cells so no total gives one back */
    bool zeros;         /* hide counts of 0 too (else a 0 is published) */
};

/* Defaults: below 10, every measure, marker "[c]", secondary on, zeros
 * published. */
void ov_suppress_opts_init(struct ov_suppress_opts *o);

/* The copy of t with cells hidden: a hidden cell is missing in the copy,
 * and the copy's markers (ov_table_markers: row, column, cell, marker,
 * meaning, value) list each one with why (the value itself is not kept).
 * Secondary suppression treats each row whose counts add to its "Total"
 * column, each column whose counts add to a last "Total" row, and each
 * count column of a table without a Total row (its total is known from
 * the percentages or the table's size) as a published sum: while one of
 * them has exactly one hidden cell, the smallest other cell (above 0 if
 * any, the earliest on ties) is hidden too, until none has.
 * A percentage is hidden when its numerator or denominator is a hidden
 * count of its row, when its denominator is under the threshold, and a
 * cumulative percentage (a running sum of a count column) from the first
 * hidden count on. *audit: one row per hidden cell (row, label, column,
 * value, reason), the caller's. On failure nothing is returned:
 * OV_EINVAL for a bad option or a column that is not a count, with a
 * message naming it. */
ov_status ov_suppress(const ov_table *t, const struct ov_suppress_opts *o,
                      ov_table **out, ov_table **audit, struct ov_err *err);

#endif /* OV_SUPPRESS_H */
