/*
 * check_core.c - runner for the engine suites. Links only libovcore.a,
 * libcsv and Check: that it builds at all proves the engine is Lua-free.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* The suites, and which of the two halves each is in: the ones that read
 * every real file and the longest-running ones, and the rest. make check runs the
 * halves as two tests, so they run at once; with no argument, all run. */
static const struct {
    const char *name;
    Suite *(*make)(void);
    bool files;
} suites[] = {
    {"error", make_error_suite, false},
    {"mem", make_mem_suite, false},
    {"strbuf", make_strbuf_suite, false},
    {"value", make_value_suite, false},
    {"dict", make_dict_suite, false},
    {"table", make_table_suite, false},
    {"csvscan", make_csvscan_suite, false},
    {"loader", make_loader_suite, true},
    {"fastpath", make_fastpath_suite, true},
    {"workq", make_workq_suite, false},
    {"format", make_format_suite, false},
    {"expr", make_expr_suite, false},
    {"query", make_query_suite, false},
    {"keys", make_keys_suite, false},
    {"reshape", make_reshape_suite, false},
    {"stats", make_stats_suite, false},
    {"compare", make_compare_suite, false},
    {"chart", make_chart_suite, false},
    {"infer", make_infer_suite, false},
    {"torture", make_torture_suite, true},
    {"fuzz", make_fuzz_suite, true},
    {"xl", make_xl_suite, true},
    {"xls", make_xls_suite, true},
    {"xl_layout", make_xl_layout_suite, true},
    {"suppress", make_suppress_suite, false},
    {"recode", make_recode_suite, false},
    {"forces", make_forces_suite, false},
    {"window", make_window_suite, false},
    {"sqlite", make_sqlite_suite, false},
    {"write_xlsx", make_write_xlsx_suite, false},
    {"sort", make_sort_suite, false},
    {"dl", make_dl_suite, false},
};

int
main(int argc, char **argv)
{
    const char *part = argc > 1 ? argv[1] : "all";
    SRunner *sr = NULL;
    int failed;
    size_t i;

    if (strcmp(part, "all") != 0 && strcmp(part, "files") != 0 &&
        strcmp(part, "units") != 0) {
        fprintf(stderr, "usage: check_core [all | files | units]\n");
        return EXIT_FAILURE;
    }
    for (i = 0; i < sizeof suites / sizeof *suites; i++) {
        if (strcmp(part, "all") != 0 && suites[i].files != (strcmp(part, "files") == 0))
            continue;
        if (sr == NULL)
            sr = srunner_create(suites[i].make());
        else
            srunner_add_suite(sr, suites[i].make());
    }
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
