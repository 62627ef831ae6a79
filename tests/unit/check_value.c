/*
 * check_value.c - single values to and from text: integers, floats in
 * their shortest form (against a brute-force reference), dates, booleans.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fraction.h"
#include "suites.h"
#include "value.h"

static bool
pint(const char *s, int64_t *v)
{
    return ov_parse_int(s, strlen(s), v);
}

START_TEST(test_int_canonical_only)
{
    int64_t v;

    ck_assert(pint("0", &v) && v == 0);
    ck_assert(pint("42", &v) && v == 42);
    ck_assert(pint("-17", &v) && v == -17);
    ck_assert(pint("9223372036854775807", &v) && v == INT64_MAX);
    ck_assert(pint("-9223372036854775808", &v) && v == INT64_MIN);
    ck_assert(!pint("9223372036854775808", &v));
    ck_assert(!pint("-9223372036854775809", &v));
    ck_assert(!pint("12345678901234567890", &v));
    ck_assert(!pint("1000000000000000000000", &v));
    ck_assert(!pint("007", &v));
    ck_assert(!pint("00", &v));
    ck_assert(!pint("-0", &v));
    ck_assert(!pint("+5", &v));
    ck_assert(!pint(" 5", &v));
    ck_assert(!pint("5 ", &v));
    ck_assert(!pint("", &v));
    ck_assert(!pint("-", &v));
    ck_assert(!pint("1.0", &v));
    ck_assert(!pint("1e3", &v));
}
END_TEST

START_TEST(test_int_grouped)
{
    int64_t v;
    char buf[32];

    ck_assert(ov_parse_int_grouped("3,787", 5, &v) && v == 3787);
    ck_assert(ov_parse_int_grouped("-1,234,567", 10, &v) && v == -1234567);
    ck_assert(!ov_parse_int_grouped("37,87", 5, &v));
    ck_assert(!ov_parse_int_grouped("3787", 4, &v));
    ck_assert(!ov_parse_int_grouped("1,2345", 6, &v));
    ck_assert(!ov_parse_int_grouped(",123", 4, &v));
    ck_assert(!ov_parse_int_grouped("0,123", 5, &v));
    ov_value_format_int_grouped(buf, 1234567, ',');
    ck_assert_str_eq(buf, "1,234,567");
    ov_value_format_int_grouped(buf, -999, ',');
    ck_assert_str_eq(buf, "-999");
    ov_value_format_int_grouped(buf, INT64_MIN, ',');
    ck_assert_str_eq(buf, "-9,223,372,036,854,775,808");
}
END_TEST

static void
assert_float_text(double v, int style, const char *want)
{
    char buf[OV_VALUE_TEXT_MAX];

    ov_value_format_float(buf, v, style);
    ck_assert_str_eq(buf, want);
}

START_TEST(test_float_formats_like_python_repr)
{
    assert_float_text(130469.0, OV_FLOAT_PY, "130469.0");
    assert_float_text(130469.0, OV_FLOAT_G, "130469");
    assert_float_text(0.1, OV_FLOAT_PY, "0.1");
    assert_float_text(46.07256594812511, OV_FLOAT_PY, "46.07256594812511");
    assert_float_text(1e-05, OV_FLOAT_PY, "1e-05");
    assert_float_text(0.0001, OV_FLOAT_PY, "0.0001");
    assert_float_text(1e16, OV_FLOAT_PY, "1e+16");
    assert_float_text(1e15, OV_FLOAT_PY, "1000000000000000.0");
    assert_float_text(-2.5, OV_FLOAT_G, "-2.5");
    assert_float_text(0.0, OV_FLOAT_PY, "0.0");
    assert_float_text(-0.0, OV_FLOAT_PY, "-0.0");
    assert_float_text(1.5, 2, "1.50");
    assert_float_text(-0.001, 2, "0.00");
    assert_float_text(0.1 + 0.2, OV_FLOAT_G, "0.30000000000000004");
}
END_TEST

START_TEST(test_float_parse)
{
    double v;
    struct ov_floattext ft;

    ck_assert(ov_parse_float("12.50", 5, &v, &ft) && v == 12.5);
    ck_assert_int_eq(ft.decimals, 2);
    ck_assert(!ft.shortest);
    ck_assert(ov_parse_float("12.0", 4, &v, &ft) && ft.dot0 && ft.shortest);
    ck_assert(ov_parse_float("12", 2, &v, &ft) && !ft.dot0 && ft.integral &&
              ft.shortest);
    ck_assert(ov_parse_float("-3.25e2", 7, &v, &ft) && v == -325.0 && ft.exponent);
    ck_assert(ov_parse_float("0.30000000000000004", 19, &v, &ft) && v == 0.1 + 0.2);
    ck_assert(ft.shortest);
    ck_assert(!ov_parse_float("007.5", 5, &v, NULL));
    ck_assert(!ov_parse_float("5.", 2, &v, NULL));
    ck_assert(!ov_parse_float(".5", 2, &v, NULL));
    ck_assert(!ov_parse_float("1e", 2, &v, NULL));
    ck_assert(!ov_parse_float("nan", 3, &v, NULL));
    ck_assert(!ov_parse_float("inf", 3, &v, NULL));
    ck_assert(!ov_parse_float("1e999", 5, &v, NULL));
    ck_assert(!ov_parse_float("1,5", 3, &v, NULL));
    /* 43 characters with 21 decimals: its fixed form does not fit the
     * text buffer, so it is not exact (make fuzz found the overflow) */
    ck_assert(
        ov_parse_float("123456789012345678901.123456789012345678901", 43, &v, &ft));
    ck_assert(!ft.shortest && !ft.exact);
}
END_TEST

START_TEST(test_float_format_fits)
{
    char buf[OV_VALUE_TEXT_MAX];

    /* fixed decimals that would not fit give the shortest form */
    ck_assert_uint_lt(ov_value_format_float(buf, 1e30, 20), OV_VALUE_TEXT_MAX);
    ck_assert_str_eq(buf, "1e+30");
    ck_assert_uint_eq(ov_value_format_float(buf, -1.5e17, 30), 8);
    ck_assert_str_eq(buf, "-1.5e+17");
    ck_assert_uint_eq(ov_value_format_float(buf, 2.5, 30), 32);
    ck_assert_str_eq(buf, "2.500000000000000000000000000000");
}
END_TEST

/* The shortcut that decides "this text is the shortest form" without
 * formatting must agree with formatting, for texts of every shape. */
START_TEST(test_shortest_shortcut_matches_formatting)
{
    unsigned seed = 12345;
    int i;

    for (i = 0; i < 200000; i++) {
        char text[64], back[OV_VALUE_TEXT_MAX];
        int ip, fp, k = 0, j;
        double v;
        struct ov_floattext ft;

        seed = seed * 1103515245u + 12345u;
        ip = (int)((seed >> 8) % 18);
        fp = (int)((seed >> 16) % 8) - 1;
        if ((seed >> 24) & 1)
            text[k++] = '-';
        for (j = 0; j <= ip; j++) {
            seed = seed * 1103515245u + 12345u;
            text[k++] = (char)('0' + (j == 0 && ip > 0 ? 1 + (seed >> 16) % 9
                                                       : (seed >> 16) % 10));
        }
        if (fp >= 0) {
            text[k++] = '.';
            for (j = 0; j <= fp; j++) {
                seed = seed * 1103515245u + 12345u;
                text[k++] =
                    (char)('0' + (seed >> 16) % (j == fp && (seed & 64) ? 1 : 10));
            }
        }
        text[k] = '\0';
        if (!ov_parse_float(text, (size_t)k, &v, &ft))
            continue;
        ov_value_format_float(back, v, ft.dot0 ? OV_FLOAT_PY : OV_FLOAT_G);
        ck_assert_msg(ft.shortest == (strcmp(back, text) == 0),
                      "'%s': shortcut says %d, formatting gives '%s'", text,
                      ft.shortest, back);
    }
}
END_TEST

START_TEST(test_float_round_trips)
{
    unsigned long long bits = 0x9E3779B97F4A7C15ull;
    int i;

    for (i = 0; i < 100000; i++) {
        double v, w;
        char buf[OV_VALUE_TEXT_MAX];
        size_t n;

        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v))
            continue;
        n = ov_value_format_float(buf, v, OV_FLOAT_PY);
        ck_assert_msg(ov_parse_float(buf, n, &w, NULL) || fabs(v) < 1e-300,
                      "'%s' does not parse", buf);
        ck_assert_msg(strtod(buf, NULL) == v, "%.17g printed as '%s'", v, buf);
    }
}
END_TEST

START_TEST(test_dates)
{
    int32_t d;
    char buf[OV_VALUE_TEXT_MAX];
    int64_t y;
    unsigned m, dd;

    ck_assert(ov_parse_date("1970-01-01", 10, OV_DATE_ISO, &d) && d == 0);
    ck_assert(ov_parse_date("2020-02-29", 10, OV_DATE_ISO, &d));
    ck_assert(!ov_parse_date("2021-02-29", 10, OV_DATE_ISO, &d));
    ck_assert(!ov_parse_date("1900-02-29", 10, OV_DATE_ISO, &d));
    ck_assert(ov_parse_date("2000-02-29", 10, OV_DATE_ISO, &d));
    ck_assert(!ov_parse_date("2021-13-01", 10, OV_DATE_ISO, &d));
    ck_assert(!ov_parse_date("2021-1-01", 9, OV_DATE_ISO, &d));
    ck_assert_uint_eq(ov_date_match("03/31/2021", 10), 1u << OV_DATE_MDY);
    ck_assert_uint_eq(ov_date_match("31/03/2021", 10), 1u << OV_DATE_DMY);
    ck_assert_uint_eq(ov_date_match("01/02/2021", 10),
                      (1u << OV_DATE_MDY) | (1u << OV_DATE_DMY));
    ck_assert_uint_eq(ov_date_match("2021/03/31", 10), 1u << OV_DATE_YMD);
    ck_assert(ov_parse_date("2021-03-31", 10, OV_DATE_ISO, &d));
    ov_value_format_date(buf, d, OV_DATE_DMY);
    ck_assert_str_eq(buf, "31/03/2021");
    ov_value_format_date(buf, d, OV_DATE_MDY);
    ck_assert_str_eq(buf, "03/31/2021");
    for (d = -800000; d < 800000; d += 997) {
        int32_t back;

        ov_civil_from_days(d, &y, &m, &dd);
        back = ov_days_from_civil(y, m, dd);
        ck_assert_int_eq(back, d);
    }
}
END_TEST

/* the house rule for percentages: exact, half away from zero */
START_TEST(test_percent_rounding)
{
    static const struct {
        double num, den;
        int places;
        const char *want;
    } cases[] = {
        {1, 8, 1, "12.5"},
        {1, 8, 0, "13"}, /* 12.5 → 13 */
        {1, 16, 1, "6.3"},
        {1, 16, 2, "6.25"}, /* 6.25 → 6.3 */
        {-1, 16, 1, "-6.3"},
        {1, -16, 1, "-6.3"}, /* and below zero */
        {-1, -16, 1, "6.3"},
        {1, 40, 0, "3"}, /* 2.5 → 3 */
        {-1, 40, 0, "-3"},
        {1, 3, 1, "33.3"},
        {2, 3, 1, "66.7"},
        {-2, 3, 1, "-66.7"},
        {7, 3787, 1, "0.2"},
        {7, 3787, 3, "0.185"},
        {-1, 3000, 1, "0.0"},
        {-1, 2000, 1, "-0.1"}, /* no "-0.0" */
        {-1, 2000, 2, "-0.05"},
        {0, 5, 1, "0.0"},
        {5, 5, 1, "100.0"},
        {123, 10, 1, "1230.0"},
        {1, 1, 0, "100"},
        {2, 3, 15, "66.666666666666667"},
        {9007199254740992.0, 3, 1, "300239975158033066.7"},
        {0.5, 4, 1, "12.5"}, /* not whole: the float path, same rule */
    };
    char buf[OV_VALUE_TEXT_MAX];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n =
            ov_q_format_percent(buf, cases[i].num, cases[i].den, cases[i].places);

        ck_assert_msg(strcmp(buf, cases[i].want) == 0, "%g/%g to %d: got %s, want %s",
                      cases[i].num, cases[i].den, cases[i].places, buf, cases[i].want);
        ck_assert_uint_eq(n, strlen(cases[i].want));
    }
    ck_assert_uint_eq(ov_q_format_percent(buf, 1, 0, 1), 0);
}
END_TEST

START_TEST(test_bools)
{
    bool v;

    ck_assert_uint_eq(ov_bool_match("true", 4, &v), OV_BOOL_LOWER);
    ck_assert(v);
    ck_assert_uint_eq(ov_bool_match("FALSE", 5, &v), OV_BOOL_UPPER);
    ck_assert(!v);
    ck_assert_uint_eq(ov_bool_match("True", 4, &v), OV_BOOL_TITLE);
    ck_assert_uint_eq(ov_bool_match("yes", 3, &v), 0);
    ck_assert_uint_eq(ov_bool_match("tRUE", 4, &v), 0);
    ck_assert_str_eq(ov_bool_text(false, OV_BOOL_TITLE), "False");
}
END_TEST

Suite *
make_value_suite(void)
{
    Suite *s = suite_create("value");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_int_canonical_only);
    tcase_add_test(tc, test_int_grouped);
    tcase_add_test(tc, test_float_formats_like_python_repr);
    tcase_add_test(tc, test_float_parse);
    tcase_add_test(tc, test_float_format_fits);
    tcase_add_test(tc, test_shortest_shortcut_matches_formatting);
    tcase_add_test(tc, test_float_round_trips);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_bools);
    tcase_add_test(tc, test_percent_rounding);
    suite_add_tcase(s, tc);
    return s;
}
