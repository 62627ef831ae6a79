/*
 * stats_int.h - what stats.c lends verdict.c and infer.c about a figure's
 * digits; not for other modules (their way in is stats.h).
 */
#ifndef OV_STATS_INT_H
#define OV_STATS_INT_H

#include "fraction.h"
#include "stats.h"
#include "strbuf.h"

/* the figure's exact value, if it has one */
bool ov_figure_q(const struct ov_figure *f, struct ov_q *out);

/* the value × 10^places (at most 12), rounded by r: exact, or from the
 * value's shortest decimal text */
ov_i128 ov_figure_scaled(const struct ov_figure *f, int places, enum ov_rounding r);

/* a plain number with grouped thousands, as given (3,787; 147,430.53);
 * buf holds OV_VALUE_TEXT_MAX + 8 bytes. Returns the length. */
size_t ov_number_text(char *buf, double x);

/* appends ov_number_text(x) */
void ov_put_number(ov_strbuf *out, double x);

/* x to seven significant digits with grouped thousands, "…" when that is
 * not all of it (0.001848429…), as the explanations show a working value;
 * 64 bytes are always enough */
void ov_number_approx(char *buf, size_t size, double x);

#endif /* OV_STATS_INT_H */
