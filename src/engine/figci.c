/*
 * figci.c - the default ov_figure_ci (figci.h): weak, so that the interval
 * code's own definition replaces it when linked in; alone, it says that
 * intervals are not available. Engine code: no Lua.
 */
#include "config.h"

#include "figci.h"

__attribute__((weak)) ov_status
ov_figure_ci(const struct ov_figure *f, double level, double *lo, double *hi,
             struct ov_err *err)
{
    (void)f;
    (void)level;
    *lo = *hi = 0;
    return ov_err_set(err, OV_EINVAL,
                      "confidence intervals are not available in this build");
}
