/*
 * compare.h - tests for fair comparison: Pearson's chi-square on a table of
 * counts (with expected counts and standardised residuals), Fisher's exact
 * test on a 2x2 table, and the data of a funnel plot (Spiegelhalter 2005).
 * Special functions come from GNU GSL; nothing here draws or prints.
 * Part of libovcore.
 */
#ifndef OV_COMPARE_H
#define OV_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "ov_error.h"
#include "table.h"

/* ---- chi-square ---- */

/* Pearson's test of independence on nr x nc counts, as R's chisq.test
 * without continuity correction. A row or column of counts summing to 0
 * is dropped (counted in dropped_rows, dropped_cols; keep_row/keep_col say
 * which were kept). */
struct ov_chisq {
    size_t nr, nc;         /* rows and columns kept */
    size_t dropped_rows;   /* rows summing to 0, left out */
    size_t dropped_cols;   /* columns summing to 0, left out */
    bool *keep_row;        /* of the input's rows: kept? */
    bool *keep_col;        /* of the input's columns: kept? */
    double n;              /* the total count */
    double statistic;      /* X^2 */
    int df;                /* (nr - 1)(nc - 1) */
    double p;              /* upper tail of chi-square with df */
    double *expected;      /* nr x nc, row-major: row total * col total / n */
    double *residuals;     /* standardised: (o - e) / sqrt(e (1 - r/n)(1 - c/n)) */
    size_t small_expected; /* cells whose expected count is under 5 */
    bool has_fisher;       /* a 2x2 table: fisher_p is set */
    double fisher_p;       /* Fisher's exact test, two-sided */
};

/* Fills r from counts[0 .. nr*nc) (row-major). Counts must be whole
 * numbers >= 0; at least 2 rows and 2 columns must have counts. On
 * failure r holds nothing to free. Free r with ov_chisq_free. */
ov_status ov_chisq_counts(const double *counts, size_t nr, size_t nc,
                          struct ov_chisq *r, struct ov_err *err);

/* Frees what r holds (not r). Accepts a zeroed or freed r. */
void ov_chisq_free(struct ov_chisq *r);

/* Fisher's exact test on the 2x2 table a b / c d, two-sided as R's
 * fisher.test: the sum of the probabilities (hypergeometric, margins
 * fixed) of the tables no more likely than the observed one, times
 * (1 + 1e-7) for rounding. Counts are whole numbers >= 0. */
ov_status ov_fisher_2x2(double a, double b, double c, double d, double *p,
                        struct ov_err *err);

/* The chi-square test of a crosstab of counts (ov_query_crosstab with
 * OV_CROSS_COUNT, or the same shape: a first column of labels, count
 * columns, a last column "Total" and a last row "Total"). *expected and
 * *residuals are new tables shaped as the crosstab without its margins
 * (the caller frees them). */
ov_status ov_compare_chisq_crosstab(const ov_table *ct, struct ov_chisq *r,
                                    ov_table **expected, ov_table **residuals,
                                    struct ov_err *err);

/* The test of columns `row` and `col` of t: rows with a missing value in
 * either are left out and counted in *dropped; the rest are
 * cross-tabulated and tested as ov_compare_chisq_crosstab. */
ov_status ov_compare_chisq(const ov_table *t, const char *row, const char *col,
                           struct ov_chisq *r, ov_table **expected,
                           ov_table **residuals, size_t *dropped, struct ov_err *err);

/* ---- funnel plots ---- */

/* One unit of a funnel plot at two levels (level[0] < level[1]); all
 * figures are fractions (0..1) but z. */
struct ov_funnel_unit {
    double value;        /* part / whole */
    double target;       /* the target compared with */
    double lo[2], hi[2]; /* control limits at this whole */
    double z;            /* (value - target) / sqrt(target (1 - target) / whole) */
    int flag[2];         /* -1 below lo, 0 within, +1 above hi */
    bool exact;          /* exact binomial limits (else the normal approximation) */
};

struct ov_funnel_summary {
    double target;         /* a fraction */
    double phi;            /* mean of z^2 */
    size_t outside[2];     /* units outside the limits at each level */
    size_t outside_adj[2]; /* outside limits widened by sqrt(phi) when phi > 1 */
    size_t n_units;
};

/* The funnel of n units part[i] of whole[i] against `target` (a fraction
 * in (0, 1); NaN: the pooled sum(part) / sum(whole)) at the two levels.
 * Limits use the normal approximation target +- z_a sqrt(target (1 -
 * target) / whole), clipped to [0, 1], unless whole * target < 5 or
 * whole * (1 - target) < 5: then exact binomial limits, the quantile of
 * Binomial(whole, target) interpolated as in Spiegelhalter (2005). Parts
 * and wholes must be whole numbers, 0 <= part <= whole, whole > 0 (an
 * error names the unit, from 0, in the message "unit N"). */
ov_status ov_funnel_units(const double *part, const double *whole, size_t n,
                          double target, const double level[2],
                          struct ov_funnel_unit *out, struct ov_funnel_summary *sum,
                          struct ov_err *err);

/* The limit of a binomial funnel at probability prob (0.025, 0.975, ...)
 * for a denominator n and target p0, as a fraction: (r - a) / n where r
 * is the prob-quantile of Binomial(n, p0) and a = (F(r) - prob) / (F(r) -
 * F(r - 1)) (Spiegelhalter 2005, appendix), clipped to [0, 1]. */
double ov_funnel_exact_limit(double n, double p0, double prob);

/* The funnel of table t: columns part, whole (numbers) and label; target
 * in percent (NaN: pooled); levels as above. *out gets the columns label,
 * part, whole, value, target, loNN, hiNN (NN the level in percent without
 * its dot: 95, 998), z, flagNN ("above", "below", "within") and method
 * ("normal" or "exact"). An error names the column and the row (from 1). */
ov_status ov_compare_funnel(const ov_table *t, const char *part, const char *whole,
                            const char *label, double target, const double level[2],
                            ov_table **out, struct ov_funnel_summary *sum,
                            struct ov_err *err);

/* The suffix of a level's columns: "95" for 0.95, "998" for 0.998 (buf of
 * 16 bytes). */
const char *ov_funnel_level_name(char *buf, double level);

#endif /* OV_COMPARE_H */
