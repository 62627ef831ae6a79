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
ov_status ov_expr_bind(ov_expr *e, const ov_table *t, bool allow_agg,
                       struct ov_err *err);

/* The type of a bound expression's value; a condition is OV_BOOL. */
ov_type ov_expr_type(const ov_expr *e);

/* True if the bound expression holds an aggregate. */
bool ov_expr_is_aggregate(const ov_expr *e);

/* The rows of t (0-based, ascending) for which the bound boolean
 * expression is true. *rows is allocated with ov_malloc (free with ov_free)
 * and holds *n entries. */
ov_status ov_expr_select(const ov_expr *e, const ov_table *t, uint32_t **rows,
                         size_t *n, struct ov_err *err);

/* The value of the bound expression for every row of t, as a new column
 * of nrows rows (caller unrefs). */
ov_status ov_expr_column(const ov_expr *e, const ov_table *t, ov_column **out,
                         struct ov_err *err);

/* For an expression bound with allow_agg: its value per group, where
 * group[i] (< ngroups) is the group of table row i, or, with group NULL,
 * every row is of the one group (ngroups 1). A new column of ngroups
 * rows. */
ov_status ov_expr_aggregate(const ov_expr *e, const ov_table *t, const uint32_t *group,
                            size_t ngroups, ov_column **out, struct ov_err *err);

/* ---- expressions built from values, with no text to parse ----
 * For callers that hold column names and values (where{ force = "Essex" },
 * c:sum()): names and values are taken as they are, so no quoting or
 * escaping, and errors name the column rather than show a text the user
 * never wrote ("column 'force' is text, not a number"). Bind, evaluate
 * and free a built expression as a parsed one. */

/* A value to compare a column with. */
struct ov_expr_value {
    ov_type type;  /* OV_INT, OV_FLOAT, OV_BOOL or OV_STRING; text compared
                      with a date column is read as a date ('2020-04-03') */
    int64_t i;     /* OV_INT */
    double f;      /* OV_FLOAT */
    bool b;        /* OV_BOOL */
    const char *s; /* OV_STRING: len bytes, copied; any bytes, NUL too */
    size_t len;
};

/* One condition on a column: equal to values[0] (nvalues 1, in false), or
 * to any of values[0..nvalues) (in true, as "col in (...)"). */
struct ov_expr_term {
    const char *col;
    const struct ov_expr_value *values;
    size_t nvalues;
    bool in;
};

/* Builds terms[0] and terms[1] and ... (n of them, in that order; a
 * missing value equals nothing). Nothing is checked against a table until
 * ov_expr_bind, which says "no column 'x'; did you mean 'y'?" or "column
 * 'year' is a whole number, not text ('2020')". OV_EINVAL for no terms,
 * a term with no values or a value of another type; OV_ENOMEM. *out is
 * NULL on failure. */
ov_status ov_expr_new_equal(const struct ov_expr_term *terms, size_t n, ov_expr **out,
                            struct ov_err *err);

/* Builds fn(col) for an aggregate fn of one argument: count_distinct,
 * sum, mean, median, min, max or share (OV_EINVAL for any other name).
 * Bind it with allow_agg; a column of the wrong type gets "column 'x' is
 * text, not a number". *out is NULL on failure. */
ov_status ov_expr_new_aggregate(const char *fn, const char *col, ov_expr **out,
                                struct ov_err *err);

/* ---- window functions (expr_window.c) ----
 * lag, lead, row_number, rank, dense_rank, cumsum, share and change look at
 * other rows of a group, so the expression evaluator never runs them: the
 * parser reads them, binding refuses them ("a window function: use it in
 * mutate"), and ov_query_window (query.h) takes them out of a parsed tree
 * one by one, innermost first, runs them as kernels of their own and puts
 * a column of their values in their place. */

enum ov_window_fn {
    OV_WIN_LAG,        /* lag(x [, k [, default]]) */
    OV_WIN_LEAD,       /* lead(x [, k [, default]]) */
    OV_WIN_ROW_NUMBER, /* row_number() */
    OV_WIN_RANK,       /* rank() by the order, rank(x) by x */
    OV_WIN_DENSE_RANK, /* dense_rank() / dense_rank(x) */
    OV_WIN_CUMSUM,     /* cumsum(x) */
    OV_WIN_SHARE,      /* share(x): x as a percentage of the group's total */
    OV_WIN_CHANGE      /* change(x): percentage change on the row before */
};

/* One window call taken out of a tree. */
struct ov_expr_window {
    enum ov_window_fn fn;
    const char *name; /* "lag", ... (static) */
    char text[96];    /* the call as written, for messages: "lag(n, 2)" */
    ov_expr *x;       /* its argument x (NULL for row_number() and rank()) */
    ov_expr *dflt;    /* lag/lead's default, or NULL */
    int64_t k;        /* lag/lead: how many rows back or on (1) */
};

/* The number of window calls in a parsed expression. */
size_t ov_expr_window_count(const ov_expr *e);

/* Takes the innermost window call (one whose arguments hold no other) out
 * of e: fills *w (its argument trees become expressions of their own,
 * owned by w: free them with ov_expr_window_clear, also on failure) and
 * leaves in its place a reference to the column called `col`, which the
 * caller adds to the table before e is bound. OV_ENOTFOUND when e has
 * none; OV_EINVAL with a message for a call with the wrong arguments
 * (lag's k not a whole number of rows); OV_ENOMEM. */
ov_status ov_expr_window_take(ov_expr *e, const char *col, struct ov_expr_window *w,
                              struct ov_err *err);

/* Frees what ov_expr_window_take put in w; accepts a cleared w. */
void ov_expr_window_clear(struct ov_expr_window *w);

/* True when the whole of e is a reference to the column `col` (the
 * expression was one window call). */
bool ov_expr_is_column(const ov_expr *e, const char *col);

#endif /* OV_EXPR_H */
