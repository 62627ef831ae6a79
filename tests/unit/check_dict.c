/*
 * check_dict.c - string dictionaries: codes in insertion order, lookups,
 * growth, and strings that differ only late or in length.
 */
#include <stdio.h>
#include <string.h>

#include "dict.h"
#include "suites.h"

START_TEST(test_codes_follow_insertion)
{
    ov_dict *d = ov_dict_new();
    uint32_t c;
    bool ins;
    size_t n;

    ck_assert_int_eq(ov_dict_intern(d, "Essex Police", 12, &c, &ins), OV_OK);
    ck_assert(ins && c == 0);
    ck_assert_int_eq(ov_dict_intern(d, "Kent Police", 11, &c, &ins), OV_OK);
    ck_assert(ins && c == 1);
    ck_assert_int_eq(ov_dict_intern(d, "Essex Police", 12, &c, &ins), OV_OK);
    ck_assert(!ins && c == 0);
    ck_assert_str_eq(ov_dict_str(d, 1, &n), "Kent Police");
    ck_assert_uint_eq(n, 11);
    ck_assert_uint_eq(ov_dict_find(d, "Kent Police", 11), 1);
    ck_assert_uint_eq(ov_dict_find(d, "Kent", 4), OV_DICT_MAX);
    ov_dict_unref(d);
}
END_TEST

START_TEST(test_empty_string_and_near_misses)
{
    ov_dict *d = ov_dict_new();
    uint32_t a, b, c, e;

    ov_dict_intern(d, "", 0, &e, NULL);
    ov_dict_intern(d, "abcdefghijklmnopqrstuvwxyz-1", 28, &a, NULL);
    ov_dict_intern(d, "abcdefghijklmnopqrstuvwxyz-2", 28, &b, NULL);
    ov_dict_intern(d, "abcdefghijklmnopqrstuvwxyz-", 27, &c, NULL);
    ck_assert(a != b && b != c && a != c && e != a);
    ck_assert_uint_eq(ov_dict_find(d, "", 0), e);
    ck_assert_uint_eq(d->n, 4);
    ck_assert(ov_bytes_equal("abcdefgh12345678", "abcdefgh12345678", 16));
    ck_assert(!ov_bytes_equal("abcdefgh12345678", "abcdefgh12345679", 16));
    ck_assert(!ov_bytes_equal("abc", "abd", 3));
    ov_dict_unref(d);
}
END_TEST

START_TEST(test_many_entries)
{
    ov_dict *d = ov_dict_new();
    char buf[32];
    uint32_t i, c;

    for (i = 0; i < 300000; i++) {
        int n = snprintf(buf, sizeof buf, "CO-%u", i * 7919u);

        ck_assert_int_eq(ov_dict_intern(d, buf, (size_t)n, &c, NULL), OV_OK);
        ck_assert_uint_eq(c, i);
    }
    for (i = 0; i < 300000; i += 997) {
        int n = snprintf(buf, sizeof buf, "CO-%u", i * 7919u);

        ck_assert_uint_eq(ov_dict_find(d, buf, (size_t)n), i);
        ck_assert_str_eq(ov_dict_str(d, i, NULL), buf);
    }
    ck_assert(ov_dict_bytes(d) > 300000 * 8);
    ov_dict_unref(d);
}
END_TEST

START_TEST(test_reserve_then_insert)
{
    /* room made for 5,000 strings of "v<i>": filling it moves nothing, and
     * the codes, lookups and texts are those of a dictionary that grew */
    ov_dict *d = ov_dict_new(), *g = ov_dict_new();
    uint64_t *slots;
    char *arena;
    uint32_t i, code;
    char buf[32];

    ck_assert_int_eq(ov_dict_reserve(d, 5000, 5000 * 6), OV_OK);
    slots = d->slots;
    arena = d->arena;
    for (i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "v%u", i);
        uint64_t h = ov_hash_bytes(buf, (size_t)n);

        ck_assert_uint_eq(ov_dict_lookup_hashed(d, buf, (size_t)n, h), OV_DICT_MAX);
        ck_assert_int_eq(ov_dict_insert_hashed(d, buf, (size_t)n, h, &code), OV_OK);
        ck_assert_uint_eq(code, i);
        ck_assert_int_eq(ov_dict_intern(g, buf, (size_t)n, &code, NULL), OV_OK);
    }
    ck_assert_ptr_eq(d->slots, slots);
    ck_assert_ptr_eq(d->arena, arena);
    ck_assert_uint_eq(d->n, g->n);
    for (i = 0; i < 5000; i++) {
        size_t la, lb;
        const char *a = ov_dict_str(d, i, &la), *b = ov_dict_str(g, i, &lb);

        ck_assert_uint_eq(la, lb);
        ck_assert_mem_eq(a, b, la);
        ck_assert_uint_eq(ov_dict_find(d, b, lb), i);
    }
    ov_dict_unref(d);
    ov_dict_unref(g);
}
END_TEST

START_TEST(test_references)
{
    ov_dict *d = ov_dict_new();

    ck_assert_ptr_eq(ov_dict_ref(d), d);
    ck_assert_uint_eq(d->refs, 2);
    ov_dict_unref(d);
    ck_assert_uint_eq(d->refs, 1);
    ov_dict_unref(d);
    ov_dict_unref(NULL);
}
END_TEST

Suite *
make_dict_suite(void)
{
    Suite *s = suite_create("dict");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_codes_follow_insertion);
    tcase_add_test(tc, test_empty_string_and_near_misses);
    tcase_add_test(tc, test_many_entries);
    tcase_add_test(tc, test_references);
    tcase_add_test(tc, test_reserve_then_insert);
    suite_add_tcase(s, tc);
    return s;
}
