/*
 * stats.h - figures that keep their arithmetic: percentages, rates,
 * percentage changes and percentage-point differences held as exact
 * fractions of the numbers given, rounded half away from zero (or cut) on
 * the fraction itself; the plain-words explanation of each; and checking a
 * published claim ("0.2 per cent", "fewer than one per cent", "nearly two
 * thirds", "an 11% increase") against one. Part of libovcore: no Lua, and
 * text goes only into a caller's strbuf. Figures are made in stats.c,
 * claims read in claim.c and checked in verdict.c, all in the exact
 * fractions of fraction.c.
 */
#ifndef OV_STATS_H
#define OV_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "ov_error.h"
#include "strbuf.h"

enum ov_fig_kind {
    OV_FIG_PCT,    /* 100 × part / whole */
    OV_FIG_RATE,   /* per × part / whole ("per 1,000") */
    OV_FIG_CHANGE, /* 100 × (new − old) / old */
    OV_FIG_PP      /* x − y, two percentages, in percentage points */
};

/* A figure: what it was made from, and its value, exactly qn / qd when
 * the inputs are whole numbers or decimals short enough (the usual case),
 * so rounding is decided on the fraction, never on binary floating point. */
struct ov_figure {
    enum ov_fig_kind kind;
    double a, b;    /* as given: part, whole | old, new | x, y */
    double per;     /* rate: per how many */
    bool exact;     /* value == qn / qd */
    int64_t qn, qd; /* qd > 0, in lowest terms; |qn| <= INT64_MAX */
    double value;   /* the value as a double; |value| < OV_FIGURE_MAX */
    int places;     /* decimals it prints with (1 unless changed) */
};

/* No figure is this large or larger in size: every digit of one, to the
 * 9 decimals ov_figure_digits gives and 3 more an explanation shows, is
 * worked out in 128-bit integers. */
#define OV_FIGURE_MAX 1e15

/* The constructors fill *f, or return OV_EINVAL with a message when the
 * figure does not exist (a whole of 0, a change from 0, a rate per 0,
 * numbers that are not finite) or cannot be shown exactly (a value of
 * OV_FIGURE_MAX or more in size; a change whose new − old overflows). */
ov_status ov_figure_pct(double part, double whole, struct ov_figure *f,
                        struct ov_err *err);
ov_status ov_figure_rate(double part, double whole, double per, struct ov_figure *f,
                         struct ov_err *err);
ov_status ov_figure_change(double old, double new_, struct ov_figure *f,
                           struct ov_err *err);

/* x − y in percentage points; x and y are percentages, as figures (kept
 * exact) or NULL with the plain numbers xv, yv. */
ov_status ov_figure_pp(const struct ov_figure *x, double xv, const struct ov_figure *y,
                       double yv, struct ov_figure *f, struct ov_err *err);

enum ov_rounding {
    OV_ROUND_HALF_AWAY, /* 0.15 → 0.2, −0.15 → −0.2: official statistics */
    OV_ROUND_TRUNC      /* cut toward zero: 0.19 → 0.1 */
};

/* Writes the value with `places` decimals (0..9), rounded by `r` on the
 * exact fraction: "0.2", "-1.7", "10.8". Returns the length. */
size_t ov_figure_digits(char *buf, const struct ov_figure *f, int places,
                        enum ov_rounding r);

/* How people read the figure, at its own places: "0.2%", "+10.8%",
 * "522.9 per 1,000", "+1.0 pp". Returns the length (< 64). */
size_t ov_figure_text(char *buf, const struct ov_figure *f);

/* Appends, in plain words and one step a line, how the figure is worked
 * out and rounded, for a classroom. */
void ov_figure_explain(ov_strbuf *out, const struct ov_figure *f);

/* The figure in row r of a percentage or rate column (c->num not NULL,
 * row r present): pct(num, den), rate(num, den, per) when c->per > 0, or
 * change(den, den + num) in a change column (c->change). OV_EINVAL as
 * the constructors (a whole of 0). */
ov_status ov_figure_of_cell(const ov_column *c, size_t r, struct ov_figure *f,
                            struct ov_err *err);

/* Compares the figure's value with n / d exactly where the fraction is
 * exact: -1, 0 or 1. d > 0. */
int ov_figure_cmp(const struct ov_figure *f, double n, double d);

/* ---- claims ---- */

enum ov_claim_cmp {
    OV_CLAIM_ROUNDED,   /* "0.2%", "about 46 per cent": the figure as printed */
    OV_CLAIM_LT,        /* "fewer than", "less than", "under", "below" */
    OV_CLAIM_LE,        /* "at most", "no more than", "up to" */
    OV_CLAIM_GT,        /* "more than", "over", "above" */
    OV_CLAIM_GE,        /* "at least", "no fewer than" */
    OV_CLAIM_ALMOST,    /* "almost", "nearly", "just under" */
    OV_CLAIM_JUST_OVER, /* "just over", "slightly more than" */
    OV_CLAIM_BETWEEN    /* "between 10 and 12 per cent" */
};

enum ov_claim_unit {
    OV_UNIT_PERCENT,  /* "%", "per cent", "percent" */
    OV_UNIT_POINTS,   /* "percentage points", "pp" */
    OV_UNIT_FRACTION, /* "a third", "two thirds", "one in five", "half" */
    OV_UNIT_NUMBER    /* a bare number: a rate, "829 per 1,000" */
};

/* A published figure as read from its words. */
struct ov_claim {
    enum ov_claim_cmp cmp;
    enum ov_claim_unit unit;
    int direction;          /* +1 "increase", "rise", "up"; -1 "drop", "less"; 0 none */
    int64_t scaled;         /* the figure's magnitude × 10^places (46 per cent: 46) */
    int places;             /* decimals written (0.2%: 1) */
    int64_t scaled2;        /* BETWEEN: the upper figure, same places */
    int frac_num, frac_den; /* FRACTION: two thirds is 2 / 3 */
    char figure[64];        /* the words read as the figure: "fewer than one per cent"
                             * (ending in "…" when cut to fit) */
    char reading[192];      /* how its numbers were read, when they could have been
                             * read another way or are words: "10.5%: the comma
                             * is a decimal comma (...)"; "" when plain */
    char dirword[24];       /* the word that gave the direction: "increase" */
};

/* Reads a claim. Unknown or ambiguous wording is OV_EPARSE with a
 * message saying what was expected; nothing is guessed: a number that could
 * be read two ways ("1,5000", "1.234,5"), one run into letters ("5e2%",
 * "0x10%") or into another number ("1'500%", "10-15%"), a share of nothing
 * ("1 in 0") or of none ("zero thirds") is refused, saying why. A decimal
 * comma before one or two digits ("10,5%") and thousands separated by
 * spaces ("1 000 per cent") are read, and c->reading says so. */
ov_status ov_claim_parse(const char *text, struct ov_claim *c, struct ov_err *err);

/* An interval of values, in the figure's unit (percent for shares). */
struct ov_interval {
    double lo, hi; /* -inf / +inf when unbounded */
    bool lo_open, hi_open;
};

/* What a claim says about a figure. */
struct ov_verdict {
    bool consistent;               /* the figure agrees with the claim as worded */
    bool half_away, trunc;         /* ROUNDED: the size agrees under that rounding
                                    * (the direction is sign_ok's) */
    struct ov_interval says;       /* the values the claim stands for */
    struct ov_interval trunc_says; /* ROUNDED: the same read as cut, not rounded */
    bool sign_ok;                  /* a change's direction agrees (or none given) */
    bool magnitude;                /* compared without sign (a change, no direction) */
};

/* The values the claim stands for, as a magnitude in its unit (a fall of
 * 2% is 1.5 up to 2.5); fractions are read to within 2.5 points. */
void ov_claim_interval(const struct ov_claim *c, struct ov_interval *says);

/* Checks figure f against claim c. OV_EINVAL when they cannot be compared
 * (a change worded claim against a share, points against a percentage). */
ov_status ov_claim_check(const struct ov_claim *c, const struct ov_figure *f,
                         struct ov_verdict *v, struct ov_err *err);

/* The whole numbers w for which part / w is within the interval (a
 * percentage): *lo..*hi, *hi = -1 when there is no upper end. False when
 * none is. */
bool ov_interval_wholes(const struct ov_interval *in, double part, int64_t *lo,
                        int64_t *hi);

/* The whole numbers p for which p / whole is within the interval. */
bool ov_interval_parts(const struct ov_interval *in, double whole, int64_t *lo,
                       int64_t *hi);

/* Appends the verdict in plain words: the figure, whether and how it
 * agrees with the claim, the values the claim stands for, and for a
 * percentage the wholes that would give it with the same part. */
void ov_verdict_explain(ov_strbuf *out, const struct ov_claim *c,
                        const struct ov_figure *f, const struct ov_verdict *v);

/* When only the whole is known: the parts of it the claim stands for. */
void ov_claim_explain_whole(ov_strbuf *out, const struct ov_claim *c, double whole);

/* For a part and candidate wholes (other totals in the data): the figure
 * each would give and whether it agrees with the claim, nearest first. */
void ov_claim_explain_among(ov_strbuf *out, const struct ov_claim *c, double part,
                            const double *wholes, size_t n);

#endif /* OV_STATS_H */
