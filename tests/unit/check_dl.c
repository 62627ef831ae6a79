/*
 * check_dl.c - libraries opened when first needed (ov_dl.c): a library is
 * opened once and its functions found and callable; a missing library or
 * function is an error naming what could not be done and the package to
 * install, every time it is asked for, and nothing is left half loaded.
 */
#include <math.h>
#include <string.h>

#include "ov_dl.h"
#include "suites.h"

static const char *const libm_names[] = {"cos", "sqrt"};
static void *libm_fns[2];

START_TEST(test_opens_once)
{
    static struct ov_dl m =
        OV_DL_INIT("libm.so.6", "libc6", "taking roots", libm_names, libm_fns);
    struct ov_err err;
    double (*root)(double);

    ck_assert(!ov_dl_loaded(&m));
    ck_assert_int_eq(ov_dl_load(&m, &err), OV_OK);
    ck_assert(ov_dl_loaded(&m));
    root = (double (*)(double))libm_fns[1];
    ck_assert(root(2.25) == 1.5);
    libm_fns[0] = NULL;
    /* the second time only looks: nothing is looked up again */
    ck_assert_int_eq(ov_dl_load(&m, &err), OV_OK);
    ck_assert_ptr_null(libm_fns[0]);
}
END_TEST

START_TEST(test_missing_library)
{
    static const char *const names[] = {"nothing_here"};
    static void *fns[1];
    static struct ov_dl dl = OV_DL_INIT("libov-absent.so.7", "libov-absent7",
                                        "drawing a chart as PNG or PDF", names, fns);
    struct ov_err err;
    int round;

    for (round = 0; round < 2; round++) {
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(ov_dl_load(&dl, &err), OV_EIO);
        ck_assert_msg(strstr(err.msg,
                             "drawing a chart as PNG or PDF needs "
                             "libov-absent.so.7, which cannot be loaded") == err.msg,
                      "%s", err.msg);
        ck_assert_msg(strstr(err.msg, "install libov-absent7 (apt-get install "
                                      "libov-absent7)") != NULL,
                      "%s", err.msg);
        ck_assert(!ov_dl_loaded(&dl));
    }
}
END_TEST

START_TEST(test_missing_function)
{
    static const char *const names[] = {"sqrt", "ov_no_such_function"};
    static void *fns[2];
    static struct ov_dl dl =
        OV_DL_INIT("libm.so.6", "libc6", "taking roots", names, fns);
    struct ov_err err;

    ck_assert_int_eq(ov_dl_load(&dl, &err), OV_EIO);
    ck_assert_msg(strstr(err.msg, "libm.so.6 has no function ov_no_such_function") !=
                      NULL,
                  "%s", err.msg);
    ck_assert(!ov_dl_loaded(&dl));
}
END_TEST

Suite *
make_dl_suite(void)
{
    Suite *s = suite_create("dl");
    TCase *tc = tcase_create("dl");

    tcase_add_test(tc, test_opens_once);
    tcase_add_test(tc, test_missing_library);
    tcase_add_test(tc, test_missing_function);
    suite_add_tcase(s, tc);
    return s;
}
