/*
 * check_core.c - runner for the engine suites. Links only libovcore.a,
 * libcsv and Check: that it builds at all proves the engine is Lua-free.
 */
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
    SRunner *sr = srunner_create(make_error_suite());
    int failed;

    srunner_add_suite(sr, make_mem_suite());
    srunner_add_suite(sr, make_strbuf_suite());
    srunner_add_suite(sr, make_value_suite());
    srunner_add_suite(sr, make_dict_suite());
    srunner_add_suite(sr, make_table_suite());
    srunner_add_suite(sr, make_csvscan_suite());
    srunner_add_suite(sr, make_loader_suite());
    srunner_add_suite(sr, make_fastpath_suite());
    srunner_add_suite(sr, make_workq_suite());
    srunner_add_suite(sr, make_format_suite());
    srunner_add_suite(sr, make_expr_suite());
    srunner_add_suite(sr, make_query_suite());
    srunner_add_suite(sr, make_keys_suite());
    srunner_add_suite(sr, make_reshape_suite());
    srunner_add_suite(sr, make_stats_suite());
    srunner_add_suite(sr, make_compare_suite());
    srunner_add_suite(sr, make_chart_suite());
    srunner_add_suite(sr, make_infer_suite());
    srunner_add_suite(sr, make_torture_suite());
    srunner_add_suite(sr, make_fuzz_suite());
    srunner_add_suite(sr, make_xl_suite());
    srunner_add_suite(sr, make_xls_suite());
    srunner_add_suite(sr, make_xl_layout_suite());
    srunner_add_suite(sr, make_suppress_suite());
    srunner_add_suite(sr, make_recode_suite());
    srunner_add_suite(sr, make_forces_suite());
    srunner_add_suite(sr, make_window_suite());
    srunner_add_suite(sr, make_sqlite_suite());
    srunner_add_suite(sr, make_write_xlsx_suite());
    srunner_add_suite(sr, make_sort_suite());
    srunner_add_suite(sr, make_dl_suite());
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
