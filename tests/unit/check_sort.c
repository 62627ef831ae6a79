/*
 * check_sort.c - the row sorter (query_sort.c) against a plain stable
 * insertion sort by the comparison (ov_sorter_cmp) on random tables of
 * every type with missing values, NaN, signed zeros, extremes and many
 * ties, ascending and descending, one to six keys; top-N against the
 * whole sort's first and last rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "ov_mem.h"
#include "query.h"
#include "query_int.h"
#include "suites.h"

static uint64_t rng;

static uint64_t
next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Dull;
}

static size_t
pick(size_t n)
{
    return (size_t)(next() % n);
}

static ov_column *
column(ov_type type, size_t n)
{
    struct ov_err err;
    ov_column *c = ov_column_new(type, n, NULL, 64, &err);

    ck_assert_ptr_nonnull(c);
    return c;
}

static void
add(ov_table *t, const char *name, ov_column *c)
{
    struct ov_err err;

    ov_column_finish(c);
    ck_assert_int_eq(ov_table_add_column(t, name, c, &err), OV_OK);
    ov_column_unref(c);
}

/* n random rows: about one in eight missing in every column; few distinct
 * values in most, so ties are everywhere */
static ov_table *
random_table(size_t n)
{
    static const char *const words[] = {"",  "a",         "A",  "b",   "ab", "Ab", "é",
                                        "z", "\xc3\xa9t", "zz", "a b", "0",  "10", "9"};
    static const int64_t ints[] = {INT64_MIN, INT64_MIN + 1, -5,       -1, 0, 1, 2,
                                   7,         INT64_MAX - 1, INT64_MAX};
    static const double floats[] = {-INFINITY, -1e300, -2.5,  -0.0,     0.0, 1e-310,
                                    0.5,       2.5,    1e300, INFINITY, NAN};
    struct ov_err err;
    ov_table *t = ov_table_new(n, &err);
    ov_column *ci = column(OV_INT, n), *cs = column(OV_INT, n),
              *cf = column(OV_FLOAT, n), *cd = column(OV_DATE, n),
              *cb = column(OV_BOOL, n), *ct = column(OV_STRING, n),
              *cw = column(OV_INT, n);
    size_t i, w;
    uint32_t code[sizeof words / sizeof *words];

    ck_assert_ptr_nonnull(t);
    for (w = 0; w < sizeof words / sizeof *words; w++)
        ck_assert_int_eq(
            ov_dict_intern(ct->dict, words[w], strlen(words[w]), &code[w], NULL),
            OV_OK);
    for (i = 0; i < n; i++) {
        ci->data.i64[i] = ints[pick(sizeof ints / sizeof *ints)];
        cs->data.i64[i] = (int64_t)pick(4);
        cw->data.i64[i] = (int64_t)(next() >> 1) - (int64_t)(UINT64_C(1) << 61);
        cf->data.f64[i] = floats[pick(sizeof floats / sizeof *floats)];
        cd->data.days[i] = (int32_t)pick(40) - 20 + (pick(10) == 0 ? INT32_MAX / 2 : 0);
        cb->data.b[i] = (uint8_t)pick(2);
        ov_column_set_code(ct, i, code[pick(sizeof words / sizeof *words)]);
        if (pick(8) == 0)
            ck_assert_int_eq(ov_column_set_missing(ci, i), OV_OK);
        if (pick(8) == 0)
            ck_assert_int_eq(ov_column_set_missing(cs, i), OV_OK);
        if (pick(8) == 0)
            ck_assert_int_eq(ov_column_set_missing(cf, i), OV_OK);
        if (pick(8) == 0)
            ck_assert_int_eq(ov_column_set_missing(cd, i), OV_OK);
        if (pick(8) == 0)
            ck_assert_int_eq(ov_column_set_missing(cb, i), OV_OK);
        if (pick(8) == 0)
            ck_assert_int_eq(ov_column_set_missing(ct, i), OV_OK);
    }
    add(t, "i", ci);
    add(t, "small", cs);
    add(t, "f", cf);
    add(t, "d", cd);
    add(t, "b", cb);
    add(t, "s", ct);
    add(t, "wide", cw);
    return t;
}

/* the reference: insertion sort by the comparison, stable */
static void
reference(uint32_t *a, size_t n, const struct sorter *s)
{
    size_t j;

    for (j = 1; j < n; j++) {
        uint32_t x = a[j];
        size_t k = j;

        while (k > 0 && ov_sorter_cmp(s, a[k - 1], x) > 0) {
            a[k] = a[k - 1];
            k--;
        }
        a[k] = x;
    }
}

/* rows to sort: all of them in order, or a shuffled subset (a caller such
 * as a window's groups hands the sorter rows in any order) */
static size_t
rows(uint32_t *a, size_t n)
{
    size_t i, m = n;

    for (i = 0; i < n; i++)
        a[i] = (uint32_t)i;
    if (pick(2) == 0) {
        for (i = n; i > 1; i--) {
            size_t j = pick(i);
            uint32_t x = a[i - 1];

            a[i - 1] = a[j];
            a[j] = x;
        }
        m = n - pick(n / 4 + 1);
    }
    return m;
}

START_TEST(test_sort_matches_reference)
{
    int trial;

    rng = 0x9E3779B97F4A7C15ull + (uint64_t)_i;
    for (trial = 0; trial < 12; trial++) {
        size_t n = pick(4) == 0 ? pick(300) : 256 + pick(2500), nkeys = 1 + pick(6), k;
        ov_table *t = random_table(n);
        int cols[6];
        bool desc[6];
        struct sorter s = {NULL, 0};
        struct ov_err err;
        uint32_t *a = ov_malloc((n + 1) * sizeof *a),
                 *b = ov_malloc((n + 1) * sizeof *b);
        size_t m = rows(a, n);

        for (k = 0; k < nkeys; k++) {
            cols[k] = (int)pick(ov_table_ncols(t));
            desc[k] = pick(2) == 0;
        }
        ck_assert_int_eq(ov_sorter_init(&s, t, cols, desc, nkeys, &err), OV_OK);
        memcpy(b, a, m * sizeof *a);
        reference(b, m, &s);
        ck_assert_int_eq(ov_sorter_sort(a, m, &s, &err), OV_OK);
        ck_assert_msg(memcmp(a, b, m * sizeof *a) == 0, "trial %d: %zu rows, %zu keys",
                      trial, m, nkeys);
        ov_sorter_free(&s);
        ov_free(a);
        ov_free(b);
        ov_table_free(t);
    }
}
END_TEST

/* the first and last k rows without the whole sort: the same rows, the
 * same order and the same ties at the boundary as the sort's head and tail */
START_TEST(test_top_matches_sort)
{
    int trial;

    rng = 0xD1B54A32D192ED03ull + (uint64_t)_i;
    for (trial = 0; trial < 24; trial++) {
        size_t n = pick(5) == 0 ? pick(300) : 300 + pick(5000), nkeys = 1 + pick(3), k,
               kk, kept;
        size_t want[] = {0, 1, 2, 10, n / 9, n / 8, n - 1, n, n + 5, pick(n + 1)};
        ov_table *t = random_table(n);
        int cols[3];
        bool desc[3];
        struct sorter s = {NULL, 0};
        struct ov_err err;
        uint32_t *all = ov_malloc((n + 1) * sizeof *all),
                 *a = ov_malloc((n + 1) * sizeof *a);
        size_t m = rows(all, n), w;
        bool last = pick(2) == 0;

        for (k = 0; k < nkeys; k++) {
            cols[k] = (int)pick(ov_table_ncols(t));
            desc[k] = pick(2) == 0;
        }
        ck_assert_int_eq(ov_sorter_init(&s, t, cols, desc, nkeys, &err), OV_OK);
        for (w = 0; w < sizeof want / sizeof *want; w++) {
            kk = want[w] == (size_t)-1 ? 0 : want[w];
            memcpy(a, all, m * sizeof *a);
            ck_assert_int_eq(ov_sorter_top(a, m, kk, last, &s, &kept, &err), OV_OK);
            ck_assert_uint_eq(kept, kk < m ? kk : m);
            {
                uint32_t *b = ov_malloc((m + 1) * sizeof *b);

                memcpy(b, all, m * sizeof *b);
                reference(b, m, &s);
                ck_assert_msg(memcmp(a, last ? b + (m - kept) : b, kept * sizeof *a) ==
                                  0,
                              "trial %d: %zu of %zu rows, %s", trial, kk, m,
                              last ? "last" : "first");
                ov_free(b);
            }
        }
        ov_sorter_free(&s);
        ov_free(all);
        ov_free(a);
        ov_table_free(t);
    }
}
END_TEST

Suite *
make_sort_suite(void)
{
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("sort");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_sort_matches_reference, 0, 4);
    tcase_add_loop_test(tc, test_top_matches_sort, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
