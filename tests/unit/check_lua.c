/*
 * check_lua.c - runner for the Lua-layer and shell suites, run against a
 * real lua_State.
 */
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
    SRunner *sr = srunner_create(make_luarun_suite());
    int failed;

    srunner_add_suite(sr, make_commands_suite());
    srunner_add_suite(sr, make_lbind_suite());
    srunner_add_suite(sr, make_complete_suite());
    srunner_add_suite(sr, make_safepath_suite());
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
