/*
 * check_mem.c - counted allocation and the memory limit.
 */
#include <stdint.h>
#include <string.h>

#include "ov_mem.h"
#include "suites.h"

static void
reset(void)
{
    ov_mem_set_limit(0);
}

START_TEST(test_counts_follow_malloc_realloc_free)
{
    size_t base = ov_mem_used();
    char *p = ov_malloc(1000);

    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(ov_mem_used(), base + 1000);
    p = ov_realloc(p, 5000);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(ov_mem_used(), base + 5000);
    p = ov_realloc(p, 10);
    ck_assert_uint_eq(ov_mem_used(), base + 10);
    ov_free(p);
    ck_assert_uint_eq(ov_mem_used(), base);
    ov_free(NULL);
    ck_assert_uint_eq(ov_mem_used(), base);
}
END_TEST

START_TEST(test_calloc_zeroes_and_checks_overflow)
{
    unsigned char *p = ov_calloc(100, 3);
    int i;

    ck_assert_ptr_nonnull(p);
    for (i = 0; i < 300; i++)
        ck_assert_int_eq(p[i], 0);
    ov_free(p);
    ck_assert_ptr_null(ov_calloc(SIZE_MAX / 2, 4));
}
END_TEST

START_TEST(test_limit_refuses_and_keeps_old_block)
{
    size_t base = ov_mem_used();
    char *p = ov_malloc(100), *q;

    ck_assert_ptr_nonnull(p);
    memcpy(p, "kept", 5);
    ov_mem_set_limit(base + 4096);
    ck_assert(!ov_mem_limit_hit());
    q = ov_realloc(p, 1 << 20);
    ck_assert_ptr_null(q);
    ck_assert(ov_mem_limit_hit());
    ck_assert_str_eq(p, "kept"); /* realloc failure leaves p valid */
    ck_assert_uint_eq(ov_mem_used(), base + 100);
    ck_assert(ov_mem_charge(1000));
    ck_assert(!ov_mem_charge(1 << 20));
    ov_mem_uncharge(1000);
    ov_free(p);
    ov_mem_clear_limit_hit();
    ck_assert(!ov_mem_limit_hit());
    ck_assert_uint_eq(ov_mem_used(), base);
}
END_TEST

START_TEST(test_strdup)
{
    char *s = ov_strdup("Essex Police");
    char *t = ov_strndup("Essex Police", 5);

    ck_assert_str_eq(s, "Essex Police");
    ck_assert_str_eq(t, "Essex");
    ov_free(s);
    ov_free(t);
}
END_TEST

START_TEST(test_parse_size)
{
    size_t n;

    ck_assert(ov_mem_parse_size("200M", &n));
    ck_assert_uint_eq(n, 200u * 1024 * 1024);
    ck_assert(ov_mem_parse_size("1.5G", &n));
    ck_assert_uint_eq(n, 1536u * 1024 * 1024);
    ck_assert(ov_mem_parse_size("64kB", &n));
    ck_assert_uint_eq(n, 64u * 1024);
    ck_assert(ov_mem_parse_size("12345", &n));
    ck_assert_uint_eq(n, 12345u);
    ck_assert(!ov_mem_parse_size("", &n));
    ck_assert(!ov_mem_parse_size("12Q", &n));
    ck_assert(!ov_mem_parse_size("-5M", &n));
    ck_assert(!ov_mem_parse_size("M", &n));
}
END_TEST

START_TEST(test_format_size)
{
    char buf[32];

    ov_mem_format_size(buf, sizeof buf, 512);
    ck_assert_str_eq(buf, "512 B");
    ov_mem_format_size(buf, sizeof buf, 1536);
    ck_assert_str_eq(buf, "1.5 KB");
    ov_mem_format_size(buf, sizeof buf, 200u * 1024 * 1024);
    ck_assert_str_eq(buf, "200 MB");
}
END_TEST

Suite *
make_mem_suite(void)
{
    Suite *s = suite_create("mem");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, reset, reset);
    tcase_add_test(tc, test_counts_follow_malloc_realloc_free);
    tcase_add_test(tc, test_calloc_zeroes_and_checks_overflow);
    tcase_add_test(tc, test_limit_refuses_and_keeps_old_block);
    tcase_add_test(tc, test_strdup);
    tcase_add_test(tc, test_parse_size);
    tcase_add_test(tc, test_format_size);
    suite_add_tcase(s, tc);
    return s;
}
