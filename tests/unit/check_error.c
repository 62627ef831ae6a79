/*
 * check_error.c - error records and the interrupt flag.
 */
#include <string.h>

#include "ov_error.h"
#include "ov_mem.h"
#include "suggest.h"
#include "suites.h"

START_TEST(test_set_formats_and_returns_status)
{
    struct ov_err err;
    ov_status st = ov_err_set(&err, OV_EPARSE, "%s:%d:%d: expected %s", "a.csv", 12, 3,
                              "a closing quote");

    ck_assert_int_eq(st, OV_EPARSE);
    ck_assert_int_eq(err.status, OV_EPARSE);
    ck_assert_str_eq(err.msg, "a.csv:12:3: expected a closing quote");
}
END_TEST

START_TEST(test_set_null_err_is_allowed)
{
    ck_assert_int_eq(ov_err_set(NULL, OV_EIO, "x"), OV_EIO);
}
END_TEST

START_TEST(test_long_message_is_cut_with_dots)
{
    struct ov_err err;
    char big[3000];

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ov_err_set(&err, OV_EIO, "%s", big);
    ck_assert_uint_eq(strlen(err.msg), OV_ERR_MSG_MAX - 1);
    ck_assert_str_eq(err.msg + OV_ERR_MSG_MAX - 4, "...");
}
END_TEST

START_TEST(test_clear)
{
    struct ov_err err;

    ov_err_set(&err, OV_EIO, "broken");
    ov_err_clear(&err);
    ck_assert_int_eq(err.status, OV_OK);
    ck_assert_str_eq(err.msg, "");
}
END_TEST

START_TEST(test_strerror_names_every_status)
{
    ov_status st;

    for (st = OV_OK; st <= OV_EINTR; st++)
        ck_assert_str_ne(ov_strerror(st), "unknown error");
    ck_assert_str_eq(ov_strerror(OV_EINTR), "interrupted");
}
END_TEST

START_TEST(test_nomem_names_the_limit)
{
    struct ov_err err;
    void *p;

    ov_mem_set_limit(ov_mem_used() + 1024 * 1024);
    p = ov_malloc(64 * 1024 * 1024);
    ck_assert_ptr_null(p);
    ov_err_nomem(&err, "loading x.csv");
    ck_assert_int_eq(err.status, OV_ENOMEM);
    ck_assert_msg(strstr(err.msg, "memory limit of") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "loading x.csv") != NULL, "%s", err.msg);
    ov_mem_set_limit(0);
    ov_err_nomem(&err, "sorting");
    ck_assert_str_eq(err.msg, "out of memory while sorting");
}
END_TEST

/* A column not found: the near name, or the names there are. */
START_TEST(test_suggest_column)
{
    static const char *const four[] = {"Number", "Gender", "Age", "Race Desc"};
    static const char *const many[] = {"a1", "b2", "c3", "d4", "e5",
                                       "f6", "g7", "h8", "i9", "j10"};
    static const char *const one[] = {
        "Bureau of Internal Affairs Analytical Section, FOIA # P046957"};
    static const char *const dash[] = {
        "Employment rate aged 16 to 64 years \u2013 seasonally adjusted"};
    char buf[400];

    ck_assert_str_eq(ov_suggest_column("Gendr", four, 4, buf, sizeof buf),
                     "; did you mean 'Gender'?");
    ck_assert_str_eq(ov_suggest_column("Sex", four, 4, buf, sizeof buf),
                     "; the columns are 'Number', 'Gender', 'Age' and 'Race Desc'");
    ck_assert_str_eq(ov_suggest_column("zzz", many, 10, buf, sizeof buf),
                     "; the columns are 'a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', "
                     "'h8' and 2 more");
    ck_assert_str_eq(ov_suggest_column("Sex", one, 1, buf, sizeof buf),
                     "; the only column is 'Bureau of Internal Affairs Analytical...'");
    ck_assert_str_eq(ov_suggest_column("Sex", one, 0, buf, sizeof buf), "");
    /* a long name is cut at a character, not inside one */
    ck_assert_str_eq(ov_suggest_column("Sex", dash, 1, buf, sizeof buf),
                     "; the only column is 'Employment rate aged 16 to 64 years ...'");
    /* a small buffer is cut, never overrun */
    ck_assert_str_eq(ov_suggest_column("Sex", four, 4, buf, 12), "; the colum");
}
END_TEST

START_TEST(test_interrupt_flag)
{
    ov_interrupt_clear();
    ck_assert_int_eq(ov_interrupted(), 0);
    ov_interrupt_request();
    ck_assert_int_ne(ov_interrupted(), 0);
    ov_interrupt_clear();
    ck_assert_int_eq(ov_interrupted(), 0);
}
END_TEST

Suite *
make_error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_suggest_column);
    tcase_add_test(tc, test_set_formats_and_returns_status);
    tcase_add_test(tc, test_set_null_err_is_allowed);
    tcase_add_test(tc, test_long_message_is_cut_with_dots);
    tcase_add_test(tc, test_clear);
    tcase_add_test(tc, test_strerror_names_every_status);
    tcase_add_test(tc, test_nomem_names_the_limit);
    tcase_add_test(tc, test_interrupt_flag);
    suite_add_tcase(s, tc);
    return s;
}
