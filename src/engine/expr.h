/*
 * expr.h - the expression language of where, mutate and agg:
 *
 *   year_received >= 2020 and force == 'Essex Police'
 *   outcome in ('Upheld', 'Not upheld') and officer_age is not nil
 *   lower(trim(category)) == 'use of force'
 *   pct(outcome == 'Referred to misconduct proceedings')      (in agg only)
 *
 * An expression is parsed once into a tree, bound to a table's columns
 * (types checked, string literals turned into dictionary codes, string
 * functions worked out once per distinct value), and evaluated in blocks
 * of rows in C: never a Lua call per row. Division is always real
 * division; a comparison with a missing value is false; `is nil` tests for
 * missing values; aggregates skip them and count() counts rows.
 * Part of libovcore.
 */
#ifndef OV_EXPR_H
#define OV_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"
#include "table.h"

typedef struct ov_expr ov_expr;

/* Parses src. A syntax error returns OV_EPARSE with a message that names
 * the position and shows it with a caret under the text. *out is NULL on
 * failure; free a parsed expression with ov_expr_free. */
ov_status ov_expr_parse(const char *src, ov_expr **out, struct ov_err *err);

void ov_expr_free(ov_expr *e);

/* Binds e to t's columns and checks its types. Aggregates (count(), pct(),
 * ...) are allowed only if allow_agg. Unknown columns get "no column 'x';
 * did you mean 'y'?". An expression is bound to one table at a time. */
ov_status ov_expr_bind(ov_expr *e, const ov_table *t, bool allow_agg, struct ov_err *err);

/* The type of a bound expression's value; a condition is OV_BOOL. */
ov_type ov_expr_type(const ov_expr *e);

/* True if the bound expression holds an aggregate. */
bool ov_expr_is_aggregate(const ov_expr *e);

/* The rows of t (0-based, ascending) for which the bound boolean
 * expression is true. *rows is allocated with ov_malloc (free with ov_free)
 * and holds *n entries. */
ov_status ov_expr_select(const ov_expr *e, const ov_table *t, uint32_t **rows, size_t *n,
                         struct ov_err *err);

/* The value of the bound expression for every row of t, as a new column
 * of nrows rows (caller unrefs). */
ov_status ov_expr_column(const ov_expr *e, const ov_table *t, ov_column **out,
                         struct ov_err *err);

/* For an expression bound with allow_agg: its value per group, where
 * group[i] (< ngroups) is the group of table row i. A new column of
 * ngroups rows. */
ov_status ov_expr_aggregate(const ov_expr *e, const ov_table *t, const uint32_t *group,
                            size_t ngroups, ov_column **out, struct ov_err *err);

#endif /* OV_EXPR_H */
