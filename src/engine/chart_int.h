/*
 * chart_int.h - what the chart files share and nothing else sees.
 * Part of libovcore.
 */
#ifndef OV_CHART_INT_H
#define OV_CHART_INT_H

#include "chart.h"

/* Fills c (kind funnel) from a funnel() result t: its points, target and
 * the limit curves over the denominator (chart_funnel.c). */
ov_status ov_chart_build_funnel(ov_chart *c, const ov_table *t, struct ov_err *err);

/* A "nice" number near x: 1, 2, 2.5 or 5 times a power of ten (rounded,
 * or the next one up). */
double ov_chart_nice(double x, bool round_it);

/* Sets c's value axis (lo, hi, step) to cover lo..hi with nice ticks,
 * taking in zero when from_zero. */
void ov_chart_set_axis(ov_chart *c, double lo, double hi, bool from_zero);

/* Row i of column j of t as the table sees it: a number (NAN when missing
 * or not numeric), or a new text ("(missing)"; NULL when out of memory). */
double ov_chart_cell(const ov_table *t, size_t j, size_t i);
char *ov_chart_cell_text(const ov_table *t, size_t j, size_t i);

#endif /* OV_CHART_INT_H */
