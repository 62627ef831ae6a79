/*
 * query_recode.h - recoding one column's values: the distinct values of the
 * column are listed once, the caller decides what each becomes (by whatever
 * rules it likes: the Lua layer runs patterns and functions), and the engine
 * applies that value-to-value mapping to every row, columnar, and writes the
 * audit (each distinct value, what it became, by which rule, how many rows).
 * Engine only: no Lua. Part of libovcore.
 */
#ifndef OV_QUERY_RECODE_H
#define OV_QUERY_RECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"
#include "table.h"

typedef struct ov_recode ov_recode;

/* Stands for the rows whose value is missing, where a distinct value's
 * number is asked for (ov_recode_set). */
#define OV_RECODE_MISSING SIZE_MAX

/* The distinct values of column `col` of t, numbered 0.. in order of first
 * appearance, with how many rows hold each. A text column's values are its
 * texts; other columns are recoded by their text form: numbers as digits
 * with no thousands separators ("1234", "2.5"), dates as ISO ("2021-03-31"),
 * booleans "true"/"false". Every value starts undecided (unmatched).
 * *out is the caller's (ov_recode_free). Fails with OV_ENOTFOUND (no such
 * column; the message suggests the nearest name), OV_ENOMEM, OV_EINTR. */
ov_status ov_recode_new(const ov_table *t, const char *col, ov_recode **out,
                        struct ov_err *err);

/* Frees r; accepts NULL. */
void ov_recode_free(ov_recode *r);

/* The number of distinct values (the missing rows are not one of them). */
size_t ov_recode_nvalues(const ov_recode *r);

/* Distinct value k as text (borrowed, NUL-terminated, valid while r lives)
 * and its length. */
const char *ov_recode_value(const ov_recode *r, size_t k, size_t *len);

/* The rows holding value k (OV_RECODE_MISSING: the rows with no value). */
size_t ov_recode_rows(const ov_recode *r, size_t k);

/* Decides value k (or OV_RECODE_MISSING, the rows with no value): it
 * becomes to[0..len) (to NULL: missing), and `rule` is how that was
 * decided, as the audit shows it ("exact", "pattern 3 \"^Command\"").
 * Deciding again replaces the earlier decision. OV_ENOMEM, OV_ERANGE. */
ov_status ov_recode_set(ov_recode *r, size_t k, const char *to, size_t len,
                        const char *rule, struct ov_err *err);

struct ov_recode_opts {
    const char *other; /* what undecided values become; NULL: kept as they are */
    const char *into;  /* the result's column; NULL (or the recoded column's
                          own name): the column is replaced where it stands */
};

/* What applying did, for the report and the provenance. */
struct ov_recode_info {
    size_t values, rows;                     /* distinct values, table rows */
    size_t matched_values, matched_rows;     /* decided by a rule */
    size_t unmatched_values, unmatched_rows; /* no rule: to other, or kept */
    size_t changed_rows;                     /* rows whose value changed */
    size_t missing_rows;                     /* rows with no value before */
};

/* Applies the decisions to t (the table r was made from): *out (unless
 * out is NULL, which only writes the audit) is t with the column recoded,
 * as a text column, in place or as a new last column named o->into; every
 * other column shared. *audit is a table with one row per distinct value
 * (value, becomes, rule, n), most rows first (ties by value), and a last
 * row for the missing values if there are any (value missing; rule
 * "missing (kept)" unless they were decided). An undecided value shows
 * rule "other" or "unmatched (kept)". Both tables are the caller's; on
 * failure neither is made: OV_EINVAL (t is not r's table; into names
 * another column t has), OV_ENOMEM, OV_EINTR. */
ov_status ov_recode_apply(const ov_recode *r, const ov_table *t,
                          const struct ov_recode_opts *o, ov_table **out,
                          ov_table **audit, struct ov_recode_info *info,
                          struct ov_err *err);

#endif /* OV_QUERY_RECODE_H */
