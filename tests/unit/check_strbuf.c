/*
 * check_strbuf.c - growable buffer, printf, sticky failure.
 */
#include <string.h>

#include "ov_mem.h"
#include "strbuf.h"
#include "suites.h"

START_TEST(test_empty_buffer_reads_as_empty_string)
{
    ov_strbuf b = OV_STRBUF_INIT;

    ck_assert_str_eq(ov_strbuf_cstr(&b), "");
    ck_assert_uint_eq(b.len, 0);
    ov_strbuf_free(&b);
}
END_TEST

START_TEST(test_append_grows_and_terminates)
{
    ov_strbuf b = OV_STRBUF_INIT;
    int i;

    for (i = 0; i < 1000; i++)
        ck_assert_int_eq(ov_strbuf_puts(&b, "abc"), OV_OK);
    ck_assert_uint_eq(b.len, 3000);
    ck_assert_uint_eq(strlen(ov_strbuf_cstr(&b)), 3000);
    ck_assert_int_eq(memcmp(b.data + 2997, "abc", 4), 0);
    ov_strbuf_free(&b);
}
END_TEST

START_TEST(test_printf_and_repeat)
{
    ov_strbuf b = OV_STRBUF_INIT;

    ov_strbuf_printf(&b, "%d of %s", 7, "3,787");
    ov_strbuf_putc(&b, ' ');
    ov_strbuf_repeat(&b, "\xe2\x94\x80", 3); /* U+2500 box line */
    ck_assert_str_eq(ov_strbuf_cstr(&b),
                     "7 of 3,787 \xe2\x94\x80\xe2\x94\x80\xe2\x94\x80");
    ov_strbuf_truncate(&b, 1);
    ck_assert_str_eq(ov_strbuf_cstr(&b), "7");
    ov_strbuf_free(&b);
}
END_TEST

START_TEST(test_take_and_reset)
{
    ov_strbuf b = OV_STRBUF_INIT;
    char *s;

    ov_strbuf_puts(&b, "hello");
    s = ov_strbuf_take(&b);
    ck_assert_str_eq(s, "hello");
    ck_assert_ptr_null(b.data);
    ov_free(s);
    s = ov_strbuf_take(&b);
    ck_assert_str_eq(s, "");
    ov_free(s);
    ov_strbuf_puts(&b, "x");
    ov_strbuf_reset(&b);
    ck_assert_str_eq(ov_strbuf_cstr(&b), "");
    ov_strbuf_free(&b);
}
END_TEST

START_TEST(test_failure_is_sticky)
{
    ov_strbuf b = OV_STRBUF_INIT;
    char big[8192];

    memset(big, 'x', sizeof big);
    ov_strbuf_puts(&b, "ok");
    ov_mem_set_limit(ov_mem_used() + 1024);
    ck_assert_int_eq(ov_strbuf_append(&b, big, sizeof big), OV_ENOMEM);
    ov_mem_set_limit(0);
    /* later appends do nothing until reset, so a caller checks once */
    ck_assert_int_eq(ov_strbuf_puts(&b, "more"), OV_ENOMEM);
    ck_assert_int_eq(ov_strbuf_status(&b), OV_ENOMEM);
    ck_assert_ptr_null(ov_strbuf_take(&b));
    ov_strbuf_puts(&b, "again");
    ck_assert_str_eq(ov_strbuf_cstr(&b), "again");
    ov_strbuf_free(&b);
}
END_TEST

Suite *
make_strbuf_suite(void)
{
    Suite *s = suite_create("strbuf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_empty_buffer_reads_as_empty_string);
    tcase_add_test(tc, test_append_grows_and_terminates);
    tcase_add_test(tc, test_printf_and_repeat);
    tcase_add_test(tc, test_take_and_reset);
    tcase_add_test(tc, test_failure_is_sticky);
    suite_add_tcase(s, tc);
    return s;
}
