/*
 * infer.h - how uncertain a figure is: confidence intervals for a
 * percentage (Wilson score, Clopper-Pearson exact) and for a rate (exact
 * Poisson, Byar's approximation), and the ratio of two percentages or two
 * rates with its interval by the log method (Katz), each with its
 * arithmetic in plain words. Part of libovcore: no Lua, text only into a
 * caller's strbuf. The special functions (beta, chi-square and normal
 * quantiles) are GNU GSL's, never hand-rolled.
 */
#ifndef OV_INFER_H
#define OV_INFER_H

#include <stdbool.h>

#include "ov_error.h"
#include "stats.h"
#include "strbuf.h"

enum ov_ci_method {
    OV_CI_DEFAULT, /* wilson for a percentage; for a rate exact below 10 events,
                    * byar from 10 (the PHE/OHID technical guide's choice) */
    OV_CI_WILSON,  /* Wilson score, no continuity correction (proportions) */
    OV_CI_EXACT,   /* Clopper-Pearson (proportions); exact Poisson (counts) */
    OV_CI_BYAR     /* Byar's approximation to the exact Poisson (counts) */
};

/* Below this many events a rate's default interval is the exact one. */
#define OV_CI_BYAR_FROM 10

/* An interval and the numbers that went into it, for the explanation. */
struct ov_ci {
    enum ov_ci_method method; /* the one used, never OV_CI_DEFAULT */
    bool by_default;          /* the method was chosen, not asked for */
    double level;             /* 0.95 */
    double x, n;              /* the count and, for a proportion, the whole */
    double z;                 /* the normal quantile at 1 − (1 − level) / 2
                               * (wilson, byar) */
    double p_lo, p_hi;        /* the interval of the proportion (0..1) or of
                               * the count (events) */
    double lo, hi;            /* in the figure's unit: percent, per `per` */
};

/* "wilson", "exact", "byar", or "default". */
const char *ov_ci_method_name(enum ov_ci_method m);

/* Reads a method's name; false if it is none of them. */
bool ov_ci_method_parse(const char *name, enum ov_ci_method *m);

/* OV_OK when level is in (0, 1), else OV_EINVAL with a message naming
 * fname and saying what is expected. */
ov_status ov_ci_check_level(const char *fname, double level, struct ov_err *err);

/* The interval of x successes in n trials as proportions (0..1), by
 * OV_CI_WILSON or OV_CI_EXACT (OV_CI_DEFAULT is wilson). x and n whole,
 * 0 <= x <= n, n >= 1; 0 of n gives a lower end of exactly 0 and n of n an
 * upper end of exactly 1. OV_EINVAL with a message for anything else (a
 * Poisson method, a level outside (0, 1), counts that are not counts). */
ov_status ov_ci_proportion(double x, double n, double level, enum ov_ci_method m,
                           double *lo, double *hi, struct ov_err *err);

/* The interval of a count of x events (a Poisson count), in events, by
 * OV_CI_EXACT or OV_CI_BYAR (OV_CI_DEFAULT: exact below OV_CI_BYAR_FROM,
 * byar from it). x whole and >= 0; x = 0 gives a lower end of exactly 0. */
ov_status ov_ci_poisson(double x, double level, enum ov_ci_method m, double *lo,
                        double *hi, struct ov_err *err);

/* The interval of a figure in its own unit: a pct's in percent, a rate's
 * per its `per`. Fills *ci. OV_EINVAL with a message for a change or pp
 * figure (no interval is defined for them), a method that does not fit
 * the kind (naming those that do), a bad level, or a part and whole that
 * are not counts (a part above the whole, a fraction of a person). */
ov_status ov_ci_figure(const struct ov_figure *f, double level, enum ov_ci_method m,
                       struct ov_ci *ci, struct ov_err *err);

/* As ov_ci_figure with each kind's default method, the ends only: for
 * ci_lo and ci_hi in expressions (mutate, agg). */
ov_status ov_figure_ci(const struct ov_figure *f, double level, double *lo, double *hi,
                       struct ov_err *err);

/* Appends, one step a line for a classroom, which interval it is and why
 * that method, the numbers put in, the quantile used and the result
 * rounded to the figure's places. */
void ov_ci_explain(ov_strbuf *out, const struct ov_figure *f, const struct ov_ci *ci);

/* The ratio of two percentages or two rates, with its interval. */
struct ov_ratio {
    double ratio, lo, hi;
    double level;
    double se; /* of the log of the ratio */
    double z;
    bool rates; /* two rates (else two percentages) */
};

/* a's rate or proportion divided by b's, with the level's interval by the
 * log method (Katz): the standard error of log(ratio) is
 * sqrt(1/a − 1/n1 + 1/b − 1/n2) for proportions, sqrt(1/a + 1/b) for rates.
 * Both figures pct, or both rate (of different `per`, the rates are put on
 * one footing first). OV_EINVAL with a message for a zero count (the ratio
 * is then 0 or infinite and has no log interval), mixed kinds, change or
 * pp figures, parts that are not counts, or a bad level. */
ov_status ov_ratio_figures(const struct ov_figure *a, const struct ov_figure *b,
                           double level, struct ov_ratio *r, struct ov_err *err);

/* "95%", "99.8%": a level as people write it. buf holds 32 bytes. */
void ov_ci_level_text(char *buf, double level);

/* "ratio 2.43 (95% CI 1.10 to 5.37)": two decimals. Returns the length;
 * buf holds 128 bytes. */
size_t ov_ratio_text(char *buf, const struct ov_ratio *r);

#endif /* OV_INFER_H */
