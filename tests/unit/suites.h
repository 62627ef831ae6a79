/*
 * suites.h - one Check suite per module; the two runners (check_core for
 * the engine, check_lua for the Lua layer and shell) collect them.
 */
#ifndef OV_TEST_SUITES_H
#define OV_TEST_SUITES_H

#include <check.h>

/* engine (check_core) */
Suite *make_error_suite(void);
Suite *make_mem_suite(void);
Suite *make_strbuf_suite(void);
Suite *make_value_suite(void);
Suite *make_dict_suite(void);
Suite *make_table_suite(void);
Suite *make_csvscan_suite(void);
Suite *make_loader_suite(void);
Suite *make_fastpath_suite(void);
TCase *ov_test_zload_tcase(void); /* the loader's compressed input */
Suite *make_workq_suite(void);
Suite *make_format_suite(void);
Suite *make_expr_suite(void);
Suite *make_query_suite(void);
Suite *make_keys_suite(void);
Suite *make_reshape_suite(void);
Suite *make_stats_suite(void);
Suite *make_compare_suite(void);
Suite *make_chart_suite(void);
Suite *make_infer_suite(void);
Suite *make_torture_suite(void);
Suite *make_fuzz_suite(void);
Suite *make_xl_suite(void);
Suite *make_xls_suite(void);
Suite *make_xl_layout_suite(void);
Suite *make_suppress_suite(void);
Suite *make_recode_suite(void);
Suite *make_forces_suite(void);
Suite *make_window_suite(void);
Suite *make_sqlite_suite(void);
Suite *make_write_xlsx_suite(void);
Suite *make_sort_suite(void);
Suite *make_dl_suite(void);

/* Lua layer and shell (check_lua) */
Suite *make_luarun_suite(void);
Suite *make_commands_suite(void);
Suite *make_lbind_suite(void);
Suite *make_complete_suite(void);
Suite *make_safepath_suite(void);

#endif /* OV_TEST_SUITES_H */
