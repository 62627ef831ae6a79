/*
 * figci.h - the confidence interval of a figure, as the expression
 * language asks for it (ci_lo and ci_hi in mutate and agg). The engine's
 * interval code provides ov_figure_ci; until it is linked in, a weak
 * default in figci.c says intervals are not available, and ci_lo/ci_hi
 * refuse to bind. Part of libovcore: no Lua.
 */
#ifndef OV_FIGCI_H
#define OV_FIGCI_H

#include "ov_error.h"
#include "stats.h"

/* The interval of figure f (a percentage or a rate) at `level` (in
 * (0, 1), 0.95 for 95%), in the figure's own unit (percent; "per N"),
 * with each method's default, into *lo and *hi. OV_EINVAL with a message
 * when the figure has no interval (a change, points) or intervals are not
 * available. */
ov_status ov_figure_ci(const struct ov_figure *f, double level, double *lo, double *hi,
                       struct ov_err *err);

#endif /* OV_FIGCI_H */
