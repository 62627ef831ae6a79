/*
 * lbind_open.c - the opener list (linit.c's part): the one place that
 * registers every binding. Nothing but luarun.c calls it, and no binding
 * calls back into it.
 */
#include "config.h"

#include "lbind.h"

#include "help.h"

void
ov_lbind_open_all(lua_State *L)
{
    ov_lbind_aux_open(L);
    ov_lbind_ov_open(L);
    ov_lbind_table_open(L);
    ov_lbind_sheet_open(L);
    ov_lbind_sqlite_open(L);
    ov_lbind_xlsx_open(L);
    ov_lbind_suppress_open(L);
    ov_lbind_recode_open(L);
    ov_lbind_reshape_open(L);
    ov_lbind_build_open(L);
    ov_lbind_column_open(L);
    ov_lbind_stats_open(L);
    ov_lbind_compare_open(L);
    ov_lbind_chart_open(L);
    ov_lbind_infer_open(L);
    ov_lbind_data_open(L);
    ov_help_open(L);
}
