/*
 * check_expr.c - the expression language: what it parses, how it reports
 * mistakes (position, suggestions, types), and what it computes, missing
 * values included, across block boundaries.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "ov_mem.h"
#include "suites.h"
#include "value.h"

static ov_table *t;

/* force, year, age (with missing), score (float), when (date), ok (bool);
 * 3000 rows so evaluation crosses block boundaries */
#define N 3000

static void
setup(void)
{
    struct ov_err err;
    ov_column *force = ov_column_new(OV_STRING, N, NULL, 3, &err);
    ov_column *year = ov_column_new(OV_INT, N, NULL, 0, &err);
    ov_column *age = ov_column_new(OV_INT, N, NULL, 0, &err);
    ov_column *score = ov_column_new(OV_FLOAT, N, NULL, 0, &err);
    ov_column *when = ov_column_new(OV_DATE, N, NULL, 0, &err);
    ov_column *ok = ov_column_new(OV_BOOL, N, NULL, 0, &err);
    const char *names[] = {"Essex Police", "Kent Police", "Met"};
    size_t i;
    uint32_t code;

    for (i = 0; i < 3; i++)
        ov_dict_intern(force->dict, names[i], strlen(names[i]), &code, NULL);
    for (i = 0; i < N; i++) {
        ov_column_set_code(force, i, (uint32_t)(i % 3));
        year->data.i64[i] = 2015 + (int64_t)(i % 10);
        age->data.i64[i] = 20 + (int64_t)(i % 40);
        if (i % 7 == 0)
            ov_column_set_missing(age, i);
        score->data.f64[i] = (double)i / 4;
        when->data.days[i] = ov_days_from_civil(2020, 1, 1) + (int32_t)(i % 365);
        ok->data.b[i] = i % 2;
    }
    ov_column_finish(age);
    t = ov_table_new(N, &err);
    ov_table_add_column(t, "force", force, &err);
    ov_table_add_column(t, "year", year, &err);
    ov_table_add_column(t, "age", age, &err);
    ov_table_add_column(t, "score", score, &err);
    ov_table_add_column(t, "when", when, &err);
    ov_table_add_column(t, "ok", ok, &err);
    ov_column_unref(force);
    ov_column_unref(year);
    ov_column_unref(age);
    ov_column_unref(score);
    ov_column_unref(when);
    ov_column_unref(ok);
}

static void
teardown(void)
{
    ov_table_free(t);
}

/* how many rows the condition selects, checked against a count done by
 * hand with `want` */
static size_t
count(const char *src)
{
    ov_expr *e;
    struct ov_err err;
    uint32_t *rows;
    size_t n;

    ck_assert_msg(ov_expr_parse(src, &e, &err) == OV_OK, "%s: %s", src, err.msg);
    ck_assert_msg(ov_expr_bind(e, t, false, &err) == OV_OK, "%s: %s", src, err.msg);
    ck_assert_msg(ov_expr_select(e, t, &rows, &n, &err) == OV_OK, "%s: %s", src,
                  err.msg);
    ov_free(rows);
    ov_expr_free(e);
    return n;
}

/* the error message for src (parse or bind) */
static const char *
error_of(const char *src, bool agg)
{
    static struct ov_err err;
    ov_expr *e;

    if (ov_expr_parse(src, &e, &err) != OV_OK)
        return err.msg;
    if (ov_expr_bind(e, t, agg, &err) != OV_OK) {
        ov_expr_free(e);
        return err.msg;
    }
    ov_expr_free(e);
    return "(no error)";
}

#define ASSERT_ERROR(src, want)                                                        \
    do {                                                                               \
        const char *m_ = error_of(src, false);                                         \
        ck_assert_msg(strstr(m_, want) != NULL, "%s: got '%s', want '%s'", src, m_,    \
                      want);                                                           \
    } while (0)

START_TEST(test_comparisons)
{
    size_t i, essex = 0, recent = 0, both = 0, either = 0, notrecent = 0;

    for (i = 0; i < N; i++) {
        bool e = i % 3 == 0, r = 2015 + i % 10 >= 2020;

        essex += e;
        recent += r;
        both += e && r;
        either += e || r;
        notrecent += !r;
    }
    ck_assert_uint_eq(count("force == 'Essex Police'"), essex);
    ck_assert_uint_eq(count("'Essex Police' == force"), essex);
    ck_assert_uint_eq(count("year >= 2020"), recent);
    ck_assert_uint_eq(count("2020 <= year"), recent);
    ck_assert_uint_eq(count("year >= 2020 and force == 'Essex Police'"), both);
    ck_assert_uint_eq(count("year >= 2020 or force == \"Essex Police\""), either);
    ck_assert_uint_eq(count("not (year >= 2020)"), notrecent);
    ck_assert_uint_eq(count("force ~= 'Met'"), N - N / 3);
    ck_assert_uint_eq(count("force != 'Met'"), N - N / 3);
    ck_assert_uint_eq(count("force < 'Kent'"), essex); /* byte order */
    ck_assert_uint_eq(count("force in ('Met', 'Kent Police')"), N - essex);
    ck_assert_uint_eq(count("force not in ('Met', 'Kent Police')"), essex);
    ck_assert_uint_eq(count("force == 'Nowhere'"), 0);
    ck_assert_uint_eq(count("ok"), N / 2);
    ck_assert_uint_eq(count("ok == true"), N / 2);
    ck_assert_uint_eq(count("score > 10.5"), N - 43);
    ck_assert_uint_eq(count("year in (2015, 2016)"), N / 5);
}
END_TEST

START_TEST(test_missing_values)
{
    size_t i, missing = 0, over40 = 0, under_or_equal40 = 0;

    for (i = 0; i < N; i++) {
        if (i % 7 == 0) {
            missing++;
            continue;
        }
        over40 += 20 + i % 40 > 40;
        under_or_equal40 += 20 + i % 40 <= 40;
    }
    /* a comparison with a missing value is false, either way round */
    ck_assert_uint_eq(count("age > 40"), over40);
    ck_assert_uint_eq(count("age <= 40"), under_or_equal40);
    ck_assert_uint_eq(count("age is nil"), missing);
    ck_assert_uint_eq(count("age is not nil"), N - missing);
    ck_assert_uint_eq(count("age ~= 25 and age is nil"), 0);
    /* arithmetic with a missing value is missing */
    ck_assert_uint_eq(count("age + 1 is nil"), missing);
    ck_assert_uint_eq(count("coalesce(age, 0) == 0"), missing);
}
END_TEST

START_TEST(test_arithmetic_and_functions)
{
    ov_expr *e;
    struct ov_err err;
    ov_column *c;

    ck_assert_uint_eq(count("year - 2015 == 0"), N / 10);
    ck_assert_uint_eq(count("year / 2 == 1010"), N / 10); /* real division */
    ck_assert_uint_eq(count("year % 2 == 1"), N / 2);
    ck_assert_uint_eq(count("-year < -2023"), N / 10);
    ck_assert_uint_eq(count("lower(force) == 'met'"), N / 3);
    ck_assert_uint_eq(count("upper(force) == 'KENT POLICE'"), N / 3);
    ck_assert_uint_eq(count("contains(force, 'Police')"), N - N / 3);
    ck_assert_uint_eq(count("starts_with(force, 'Ke')"), N / 3);
    ck_assert_uint_eq(count("ends_with(force, 'ice')"), N - N / 3);
    ck_assert_uint_eq(count("length(force) == 3"), N / 3);
    ck_assert_uint_eq(count("year(when) == 2020"), N);
    ck_assert_uint_eq(count("month(when) == 1"), 31 * 9);     /* 8 years and 80 days */
    ck_assert_uint_eq(count("when >= '2020-12-01'"), 30 * 8); /* a leap year */
    ck_assert_uint_eq(count("abs(2019 - year) == 1"), 2 * N / 10);
    ck_assert_uint_eq(count("round(score, 0) == 1"), 4); /* 0.5, 0.75, 1, 1.25 */
    ck_assert_uint_eq(count("substr(force, 1, 2) == 'Ke'"), N / 3);
    ck_assert_uint_eq(count("substr(force, 6) == 'Police'"), N / 3);
    ck_assert_uint_eq(count("substr(force, 20) == ''"), N); /* past the end: empty */
    ck_assert_uint_eq(count("number(substr(force, 1, 1)) is nil"), N); /* no digits */
    /* a column computed from an expression */
    ck_assert_int_eq(ov_expr_parse("score * 4 / year", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, false, &err), OV_OK);
    ck_assert_int_eq(ov_expr_type(e), OV_FLOAT);
    ck_assert_int_eq(ov_expr_column(e, t, &c, &err), OV_OK);
    ck_assert_double_eq_tol(c->data.f64[2999], 2999.0 / 2024.0, 1e-12);
    ov_column_unref(c);
    ov_expr_free(e);
}
END_TEST

START_TEST(test_division_by_zero_is_missing)
{
    ov_expr *e;
    struct ov_err err;
    ov_column *c;

    ck_assert_int_eq(ov_expr_parse("year / (year - 2015)", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, false, &err), OV_OK);
    ck_assert_int_eq(ov_expr_column(e, t, &c, &err), OV_OK);
    ck_assert(ov_column_missing(c, 0));
    ck_assert(!ov_column_missing(c, 1));
    ck_assert_uint_eq(c->nmissing, N / 10);
    ov_column_unref(c);
    ov_expr_free(e);
}
END_TEST

/* the error (or "(no error)") of evaluating src as a column over t */
static const char *
eval_error_of(const char *src)
{
    static struct ov_err err;
    ov_expr *e;
    ov_column *c;

    ck_assert_msg(ov_expr_parse(src, &e, &err) == OV_OK, "%s: %s", src, err.msg);
    ck_assert_msg(ov_expr_bind(e, t, false, &err) == OV_OK, "%s: %s", src, err.msg);
    if (ov_expr_column(e, t, &c, &err) != OV_OK) {
        ov_expr_free(e);
        return err.msg;
    }
    ov_column_unref(c);
    ov_expr_free(e);
    return "(no error)";
}

#define ASSERT_EVAL_ERROR(src, want)                                                   \
    do {                                                                               \
        const char *m_ = eval_error_of(src);                                           \
        ck_assert_msg(strstr(m_, want) != NULL, "%s: got '%s', want '%s'", src, m_,    \
                      want);                                                           \
    } while (0)

/* 64-bit edges: each an error that says why, or the right value; never a
 * trap, a wrapped number or a truncated argument (issue 12, items 3, 7) */
START_TEST(test_integer_and_date_edges)
{
    const char *big = "a whole-number result is too large for 64 bits";

    /* INT64_MIN % -1 is 0 (it traps in C: SIGFPE) */
    ck_assert_uint_eq(count("(-9223372036854775807 - 1) % -1 == 0"), N);
    ck_assert_uint_eq(count("year % -1 == 0"), N);
    ASSERT_EVAL_ERROR("-(-9223372036854775807 - 1 + year * 0)", big);
    ASSERT_EVAL_ERROR("abs(-9223372036854775807 - 1 + year * 0)", big);
    ASSERT_EVAL_ERROR("9223372036854775807 + year", big);
    ck_assert_uint_eq(
        count("-(-9223372036854775807 + year * 0) == 9223372036854775807"), N);
    /* a date leaving 0000-9999 would not read back as a date */
    ASSERT_EVAL_ERROR("when + 3000000000",
                      "a date falls outside the years 0001 to 9999");
    ASSERT_EVAL_ERROR("when - 9223372036854775807", "outside the years 0001 to 9999");
    ASSERT_EVAL_ERROR("when + 2932896", "outside the years 0001 to 9999");
    ck_assert_uint_eq(count("when - 737424 >= '0001-01-01'"),
                      N); /* 2020-01-01 -> 0001-01-01 */
    ASSERT_EVAL_ERROR("when - 737425", "outside the years 0001 to 9999");
    /* a missing value stays missing: age is missing in every 7th row */
    ck_assert_uint_eq(count("-age is nil"), N / 7 + 1);
    ck_assert_uint_eq(count("abs(age) is nil"), N / 7 + 1);
    /* round's places are clamped, not cut to 32 bits: 4294967296 is not 0 */
    ck_assert_uint_eq(count("round(score, 4294967296) == score"), N);
    ck_assert_uint_eq(count("round(score + 0.001, -2147483647) == 0"), N);
    ck_assert_uint_eq(count("round(score * 100, -2) == 0"), 2); /* 0, 0.25 (25 -> 0) */
}
END_TEST

START_TEST(test_syntax_errors_point_at_the_place)
{
    ck_assert_str_eq(error_of("year >= 2020 and", false),
                     "expected a value after 'and', found the end at character 17\n"
                     "  year >= 2020 and\n"
                     "                  ^");
    ASSERT_ERROR("year = 2020", "'=' is not a comparison: write '==' to test equality");
    ASSERT_ERROR("(year > 1", "expected ')' to close the '(' at character 1");
    ASSERT_ERROR("year > 1 year", "is an operator (such as 'and' or '==') missing?");
    ASSERT_ERROR("force == 'Essex", "unterminated string (expected a closing ')");
    ASSERT_ERROR("1 < year < 3", "comparisons do not chain: join them with 'and'");
    ASSERT_ERROR("year is 5", "expected 'nil' after 'is'");
    ASSERT_ERROR("", "the expression is empty");
    ASSERT_ERROR("cont(force, 'x')", "no function 'cont'; did you mean 'count'?");
    ASSERT_ERROR("year ! 2", "unexpected '!' (did you mean '!='?)");
}
END_TEST

START_TEST(test_binding_errors)
{
    ASSERT_ERROR("focre == 'Essex'", "no column 'focre'; did you mean 'force'?");
    ASSERT_ERROR("zzz > 1", "no column 'zzz'");
    ASSERT_ERROR("force == 2020",
                 "cannot compare force (text) with 2020 (a whole number)");
    ASSERT_ERROR("year + force", "arithmetic needs numbers, and force is text");
    ASSERT_ERROR("year and ok", "'and' joins conditions, and year is a whole number");
    ASSERT_ERROR("age == nil", "a comparison with nil is always false: to find missing "
                               "values write 'age is nil'");
    ASSERT_ERROR("count() > 1", "count() is an aggregate: it belongs in agg{}");
    ASSERT_ERROR("when > 'yesterday'", "'yesterday' is not a date");
    ASSERT_ERROR("lower(year) == 'x'", "lower needs text, and year is a whole number");
    ASSERT_ERROR("round(force)", "round needs a number");
    ck_assert_msg(
        strstr(error_of("year", true), "column 'year' is outside an aggregate") != NULL,
        "%s", error_of("year", true));
    ck_assert_msg(
        strstr(error_of("sum(count())", true), "aggregates cannot be nested") != NULL,
        "%s", error_of("sum(count())", true));
}
END_TEST

START_TEST(test_not_a_condition)
{
    ov_expr *e;
    struct ov_err err;
    uint32_t *rows;
    size_t n;

    ck_assert_int_eq(ov_expr_parse("year + 1", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, false, &err), OV_OK);
    ck_assert_int_eq(ov_expr_select(e, t, &rows, &n, &err), OV_ETYPE);
    ck_assert_msg(strstr(err.msg, "not true or false") != NULL, "%s", err.msg);
    ov_expr_free(e);
}
END_TEST

/* aggregates, group by group */
START_TEST(test_aggregates)
{
    uint32_t *group = ov_malloc(N * sizeof *group);
    struct ov_err err;
    size_t i;
    struct {
        const char *src;
        double want0; /* group 0: rows with i % 3 == 0 */
    } cases[] = {
        {"count()", 1000},
        {"count_distinct(year)", 10},
        {"count_distinct(force)", 1},
        {"sum(year)", 0},
        {"mean(score)", 0},
        {"min(year)", 2015},
        {"max(year)", 2024},
        {"pct(ok)", 50},
        {"sum(ok)", 500},
    };
    double sumyear = 0, sumscore = 0;

    for (i = 0; i < N; i++) {
        group[i] = (uint32_t)(i % 3);
        if (i % 3 == 0) {
            sumyear += (double)(2015 + i % 10);
            sumscore += (double)i / 4;
        }
    }
    cases[3].want0 = sumyear;
    cases[4].want0 = sumscore / 1000;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ov_expr *e;
        ov_column *c;
        double got;

        ck_assert_int_eq(ov_expr_parse(cases[i].src, &e, &err), OV_OK);
        ck_assert_msg(ov_expr_bind(e, t, true, &err) == OV_OK, "%s: %s", cases[i].src,
                      err.msg);
        ck_assert(ov_expr_is_aggregate(e));
        ck_assert_msg(ov_expr_aggregate(e, t, group, 3, &c, &err) == OV_OK, "%s: %s",
                      cases[i].src, err.msg);
        ck_assert_uint_eq(c->n, 3);
        got = c->type == OV_INT ? (double)c->data.i64[0] : c->data.f64[0];
        ck_assert_msg(fabs(got - cases[i].want0) < 1e-9, "%s: %g, want %g",
                      cases[i].src, got, cases[i].want0);
        ov_column_unref(c);
        ov_expr_free(e);
    }
    ov_free(group);
}
END_TEST

START_TEST(test_aggregate_missing_and_percent)
{
    uint32_t *group = ov_calloc(N, sizeof *group);
    struct ov_err err;
    ov_expr *e;
    ov_column *c;
    size_t i, present = 0;
    double sum = 0;

    for (i = 0; i < N; i++)
        if (i % 7 != 0) {
            present++;
            sum += (double)(20 + i % 40);
        }
    /* aggregates skip missing values; count() counts rows */
    ck_assert_int_eq(ov_expr_parse("mean(age) * 2 / 2", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 1, &c, &err), OV_OK);
    ck_assert_double_eq_tol(c->data.f64[0], sum / (double)present, 1e-9);
    ov_column_unref(c);
    ov_expr_free(e);
    /* pct keeps its numerator and denominator */
    ck_assert_int_eq(ov_expr_parse("pct(age is nil)", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 1, &c, &err), OV_OK);
    ck_assert_ptr_nonnull(c->num);
    ck_assert_double_eq(c->num[0], (double)(N - present));
    ck_assert_double_eq(c->den[0], N);
    ov_column_unref(c);
    ov_expr_free(e);
    /* median: the middle value, or the mean of the two middle ones */
    ck_assert_int_eq(ov_expr_parse("median(year)", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 1, &c, &err), OV_OK);
    ck_assert_double_eq(c->data.f64[0], 2019.5);
    ov_column_unref(c);
    ov_expr_free(e);
    ov_free(group);
}
END_TEST

/* the column of src evaluated row by row (mutate) */
static ov_column *
column_of(const char *src)
{
    ov_expr *e;
    ov_column *c;
    struct ov_err err;

    ck_assert_msg(ov_expr_parse(src, &e, &err) == OV_OK, "%s: %s", src, err.msg);
    ck_assert_msg(ov_expr_bind(e, t, false, &err) == OV_OK, "%s: %s", src, err.msg);
    ck_assert_msg(ov_expr_column(e, t, &c, &err) == OV_OK, "%s: %s", src, err.msg);
    ov_expr_free(e);
    return c;
}

/* pct(part, whole) and rate(part, whole, per) row by row keep the part,
 * the whole and the per, so each cell is a figure */
START_TEST(test_figures_row_by_row)
{
    ov_column *r = column_of("rate(age, year, 1000)");
    ov_column *p = column_of("pct(age, year)");
    ov_column *d = column_of("rate(age, year)");
    ov_column *z = column_of("rate(age, year - year, 100)");
    ov_column *plain = column_of("round(rate(age, year, 1000), 1)");
    size_t i;

    ck_assert_ptr_nonnull(r->num);
    ck_assert_double_eq(r->per, 1000);
    ck_assert_double_eq(d->per, 1000); /* per 1,000 unless given */
    ck_assert_ptr_nonnull(p->num);
    ck_assert_double_eq(p->per, 0); /* a percentage */
    ck_assert_ptr_null(plain->num);
    for (i = 0; i < N; i++) {
        double age = (double)(20 + i % 40), year = (double)(2015 + i % 10);

        /* a missing part, or a whole of 0, has no figure: missing */
        ck_assert(ov_column_missing(z, i));
        ck_assert(ov_column_missing(r, i) == (i % 7 == 0));
        ck_assert(ov_column_missing(p, i) == (i % 7 == 0));
        if (i % 7 == 0)
            continue;
        ck_assert_double_eq(r->data.f64[i], 1000 * age / year);
        ck_assert_double_eq(r->num[i], age);
        ck_assert_double_eq(r->den[i], year);
        ck_assert_double_eq(p->data.f64[i], 100 * age / year);
        ck_assert_double_eq(p->num[i], age);
        ck_assert_double_eq(p->den[i], year);
    }
    ov_column_unref(r);
    ov_column_unref(p);
    ov_column_unref(d);
    ov_column_unref(z);
    ov_column_unref(plain);
    ASSERT_ERROR("rate(force, year)", "rate needs numbers, and force is text");
    ASSERT_ERROR("rate(age, year, 0)", "rate's 'per' is a number above 0");
    ASSERT_ERROR("rate(age, year, age)", "rate's 'per' is a number above 0");
    ASSERT_ERROR("rate(age)", "rate takes a different number of arguments");
    ASSERT_ERROR("pct(age, year, 1)", "pct(condition) or pct(part, whole)");
    ASSERT_ERROR("pct(ok)", "is an aggregate");
    ASSERT_ERROR("pct(age, force)", "pct needs numbers, and force is text");
    ASSERT_ERROR("ci_lo(age)", "ci_lo needs a figure");
    ASSERT_ERROR("ci_hi(pct(age, year), 1.5)", "ci_hi's level is a number between 0");
    {
        /* ci_lo binds once the interval code is linked in; until then it
         * says so, before any row is read */
        const char *m = error_of("ci_lo(pct(age, year))", false);

        ck_assert_msg(strcmp(m, "(no error)") == 0 || strstr(m, "ci_lo: ") == m, "%s",
                      m);
    }
}
END_TEST

/* rate() and pct() over aggregates, one figure per group */
START_TEST(test_figures_in_groups)
{
    uint32_t *group = ov_malloc(N * sizeof *group);
    struct ov_err err;
    ov_expr *e;
    ov_column *c;
    size_t i, g;
    double sumyear[3] = {0, 0, 0}, sumage[3] = {0, 0, 0}, odd[3] = {0, 0, 0};

    for (i = 0; i < N; i++) {
        group[i] = (uint32_t)(i % 3);
        sumyear[i % 3] += (double)(2015 + i % 10);
        if (i % 7 != 0)
            sumage[i % 3] += (double)(20 + i % 40);
        odd[i % 3] += (double)(i % 2);
    }
    ck_assert_int_eq(ov_expr_parse("rate(count(), sum(year), 1000)", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    ck_assert_ptr_nonnull(c->num);
    ck_assert_double_eq(c->per, 1000);
    for (g = 0; g < 3; g++) {
        ck_assert_double_eq(c->num[g], 1000);
        ck_assert_double_eq(c->den[g], sumyear[g]);
        ck_assert_double_eq(c->data.f64[g], 1000.0 * 1000 / sumyear[g]);
    }
    ov_column_unref(c);
    ov_expr_free(e);
    /* aggregates skip missing values inside the figure too */
    ck_assert_int_eq(ov_expr_parse("rate(sum(age), count(), 100)", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    for (g = 0; g < 3; g++) {
        ck_assert_double_eq(c->num[g], sumage[g]);
        ck_assert_double_eq(c->den[g], 1000);
    }
    ov_column_unref(c);
    ov_expr_free(e);
    ck_assert_int_eq(ov_expr_parse("pct(sum(ok), count())", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    ck_assert_double_eq(c->per, 0);
    for (g = 0; g < 3; g++) {
        ck_assert_double_eq(c->num[g], odd[g]);
        ck_assert_double_eq(c->den[g], 1000);
        ck_assert_double_eq(c->data.f64[g], 100.0 * odd[g] / 1000);
    }
    ov_column_unref(c);
    ov_expr_free(e);
    /* arithmetic on a figure is a plain number */
    ck_assert_int_eq(ov_expr_parse("pct(ok) * 2", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    ck_assert_ptr_null(c->num);
    ov_column_unref(c);
    ov_expr_free(e);
    ov_free(group);
}
END_TEST

/* a string of n copies of a, then mid, then n copies of b */
static char *
repeat(const char *a, size_t n, const char *mid, const char *b)
{
    size_t la = strlen(a), lm = strlen(mid), lb = strlen(b), i;
    char *s = malloc(n * (la + lb) + lm + 1), *p = s;

    ck_assert_ptr_nonnull(s);
    for (i = 0; i < n; i++, p += la)
        memcpy(p, a, la);
    memcpy(p, mid, lm);
    p += lm;
    for (i = 0; i < n; i++, p += lb)
        memcpy(p, b, lb);
    *p = '\0';
    return s;
}

START_TEST(test_limits)
{
    char *s;

    /* 200 levels of brackets, calls, 'not' or '-' are fine; more is an
     * error at the place, not a stack overflow (100,000 crashed before) */
    s = repeat("(", 199, "year is nil", ")");
    ck_assert_uint_eq(count(s), count("year is nil"));
    free(s);
    s = repeat("(", 100000, "year", ")");
    ASSERT_ERROR(s, "brackets, calls, 'not' and '-' nest more than 200 deep here at "
                    "character 201");
    free(s);
    s = repeat("not ", 100000, "ok", "");
    ASSERT_ERROR(s, "nest more than 200 deep");
    free(s);
    s = repeat("-", 100000, "year", "");
    ASSERT_ERROR(s, "nest more than 200 deep");
    free(s);
    s = repeat("lower(", 1000, "force", ")");
    ASSERT_ERROR(s, "nest more than 200 deep");
    free(s);
    /* a long chain of one operator is not nesting, but its tree is as deep:
     * 990 'or's pass, 100,000 '+'s are refused */
    s = repeat("year == 1 or ", 990, "year == 2020", "");
    ck_assert_uint_eq(count(s), count("year == 2020"));
    free(s);
    s = repeat("year + ", 100000, "1 > 0", "");
    ASSERT_ERROR(s, "the expression chains more than 1000 operations; for a list of "
                    "values use 'x in (a, b, c)'");
    free(s);
}
END_TEST

/* ---- expressions built from values (ov_expr_new_equal, _aggregate) ---- */

static struct ov_expr_value
ival(int64_t i)
{
    struct ov_expr_value v = {.type = OV_INT, .i = i};

    return v;
}

static struct ov_expr_value
fval(double f)
{
    struct ov_expr_value v = {.type = OV_FLOAT, .f = f};

    return v;
}

static struct ov_expr_value
bval(bool b)
{
    struct ov_expr_value v = {.type = OV_BOOL, .b = b};

    return v;
}

/* text of len bytes, which may hold NUL */
static struct ov_expr_value
sval(const char *s, size_t len)
{
    struct ov_expr_value v = {.type = OV_STRING, .s = s, .len = len};

    return v;
}

#define SVAL(lit) sval(lit, sizeof lit - 1)

/* a term col == v */
static struct ov_expr_term
eq(const char *col, const struct ov_expr_value *v)
{
    struct ov_expr_term term = {col, v, 1, false};

    return term;
}

/* rows of tab the built condition selects; OV_OK expected */
static size_t
count_built(const ov_table *tab, const struct ov_expr_term *terms, size_t n)
{
    ov_expr *e;
    struct ov_err err;
    uint32_t *rows;
    size_t got;

    ck_assert_msg(ov_expr_new_equal(terms, n, &e, &err) == OV_OK, "%s", err.msg);
    ck_assert_msg(ov_expr_bind(e, tab, false, &err) == OV_OK, "%s", err.msg);
    ck_assert_int_eq(ov_expr_type(e), OV_BOOL);
    ck_assert_msg(ov_expr_select(e, tab, &rows, &got, &err) == OV_OK, "%s", err.msg);
    ov_free(rows);
    ov_expr_free(e);
    return got;
}

/* the bind error of the built condition, with its status */
static const char *
built_error(const struct ov_expr_term *terms, size_t n, ov_status want)
{
    static struct ov_err err;
    ov_expr *e;
    ov_status st;

    ck_assert_int_eq(ov_expr_new_equal(terms, n, &e, &err), OV_OK);
    st = ov_expr_bind(e, t, false, &err);
    ov_expr_free(e);
    ck_assert_msg(st == want, "status %d, want %d: %s", st, want, err.msg);
    return err.msg;
}

START_TEST(test_built_equal_each_type)
{
    struct ov_expr_value kent = SVAL("Kent Police"), y2016 = ival(2016),
                         y2016f = fval(2016.0), s25 = fval(2.5), s2 = ival(2),
                         day = SVAL("2020-01-02"), yes = bval(true), met = SVAL("Met"),
                         two[2] = {SVAL("Met"), SVAL("Essex Police")},
                         years[2] = {ival(2015), fval(2016.0)};
    struct ov_expr_term one;
    struct ov_expr_term both[2] = {eq("force", &met), {"year", years, 2, true}};
    struct ov_expr_term *many = ov_malloc(1200 * sizeof *many);
    size_t i;

    one = eq("force", &kent);
    ck_assert_uint_eq(count_built(t, &one, 1), count("force == 'Kent Police'"));
    one = eq("year", &y2016);
    ck_assert_uint_eq(count_built(t, &one, 1), 300);
    one = eq("year", &y2016f);
    ck_assert_uint_eq(count_built(t, &one, 1), 300);
    one = eq("score", &s25);
    ck_assert_uint_eq(count_built(t, &one, 1), 1);
    one = eq("score", &s2);
    ck_assert_uint_eq(count_built(t, &one, 1), 1);
    one = eq("when", &day);
    ck_assert_uint_eq(count_built(t, &one, 1), count("when == '2020-01-02'"));
    one = eq("ok", &yes);
    ck_assert_uint_eq(count_built(t, &one, 1), 1500);
    one = (struct ov_expr_term){"force", two, 2, true};
    ck_assert_uint_eq(count_built(t, &one, 1), 2000);
    ck_assert_uint_eq(count_built(t, both, 2),
                      count("force == 'Met' and year in (2015, 2016)"));
    /* many terms: the tree stays shallow (the parser would refuse 1,200) */
    for (i = 0; i < 1200; i++)
        many[i] = eq("year", &y2016);
    ck_assert_uint_eq(count_built(t, many, 1200), 300);
    ov_free(many);
}
END_TEST

/* a table with a missing value in every column, and texts that a source
 * text would have had to quote or could not hold */
static ov_table *
awkward_table(void)
{
    static const struct {
        const char *s;
        size_t len;
    } texts[] = {{"it's", 4},         {"a`b", 3},  {"q\"r", 3},
                 {"back\\slash", 10}, {"x\0y", 3}, {"x", 1}};
    enum { R = 7 }; /* row 6 is missing everywhere */
    struct ov_err err;
    ov_column *s = ov_column_new(OV_STRING, R, NULL, 6, &err);
    ov_column *n = ov_column_new(OV_INT, R, NULL, 0, &err);
    ov_column *f = ov_column_new(OV_FLOAT, R, NULL, 0, &err);
    ov_column *d = ov_column_new(OV_DATE, R, NULL, 0, &err);
    ov_column *b = ov_column_new(OV_BOOL, R, NULL, 0, &err);
    ov_column *cols[] = {s, n, f, d, b};
    const char *names[] = {"s", "n", "f", "d", "b"};
    ov_table *u = ov_table_new(R, &err);
    size_t i;
    uint32_t code;

    for (i = 0; i < 6; i++) {
        ov_dict_intern(s->dict, texts[i].s, texts[i].len, &code, NULL);
        ov_column_set_code(s, i, code);
        n->data.i64[i] = 0;
        f->data.f64[i] = 0.0;
        d->data.days[i] = 0;
        b->data.b[i] = 0;
    }
    for (i = 0; i < 5; i++) {
        ov_column_set_code(s, 6, 0);
        ov_column_set_missing(cols[i], 6);
        ov_column_finish(cols[i]);
        ov_table_add_column(u, names[i], cols[i], &err);
        ov_column_unref(cols[i]);
    }
    return u;
}

START_TEST(test_built_missing_values)
{
    ov_table *u = awkward_table();
    /* a missing value reads as 0, false, 1970-01-01 or the first text
     * underneath: equal to none of them */
    struct ov_expr_value zero = ival(0), fzero = fval(0), epoch = SVAL("1970-01-01"),
                         no = bval(false), its = SVAL("it's");
    struct ov_expr_term one;
    struct ov_expr_value ages[2] = {ival(20), ival(21)};

    one = eq("n", &zero);
    ck_assert_uint_eq(count_built(u, &one, 1), 6);
    one = eq("f", &fzero);
    ck_assert_uint_eq(count_built(u, &one, 1), 6);
    one = eq("d", &epoch);
    ck_assert_uint_eq(count_built(u, &one, 1), 6);
    one = eq("b", &no);
    ck_assert_uint_eq(count_built(u, &one, 1), 6);
    one = eq("s", &its);
    ck_assert_uint_eq(count_built(u, &one, 1), 1);
    one = (struct ov_expr_term){"n", &zero, 1, true};
    ck_assert_uint_eq(count_built(u, &one, 1), 6);
    /* age is missing on every 7th row */
    one = (struct ov_expr_term){"age", ages, 2, true};
    ck_assert_uint_eq(count_built(t, &one, 1), count("age in (20, 21)"));
    ov_table_free(u);
}
END_TEST

START_TEST(test_built_quotes_and_nul)
{
    ov_table *u = awkward_table();
    struct ov_expr_value v[] = {SVAL("it's"),        SVAL("a`b"),  SVAL("q\"r"),
                                SVAL("back\\slash"), SVAL("x\0y"), SVAL("x")};
    struct ov_expr_value none[] = {SVAL("it\\'s"), SVAL("a\\`b"), SVAL("x\0"),
                                   SVAL("")};
    struct ov_expr_term one;
    size_t i;

    /* each value is itself, byte for byte: one row each */
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        one = eq("s", &v[i]);
        ck_assert_uint_eq(count_built(u, &one, 1), 1);
    }
    one = (struct ov_expr_term){"s", v, sizeof v / sizeof v[0], true};
    ck_assert_uint_eq(count_built(u, &one, 1), 6);
    /* what escaping once made of them is not them */
    for (i = 0; i < sizeof none / sizeof none[0]; i++) {
        one = eq("s", &none[i]);
        ck_assert_uint_eq(count_built(u, &one, 1), 0);
    }
    /* a column name with a backquote is a name, not a syntax error */
    {
        struct ov_err err;
        ov_column *c = ov_column_new(OV_INT, 7, NULL, 0, &err);
        struct ov_expr_value z = ival(0);

        memset(c->data.i64, 0, 7 * sizeof *c->data.i64);
        ck_assert_int_eq(ov_table_add_column(u, "we`ird \\name", c, &err), OV_OK);
        ov_column_unref(c);
        one = eq("we`ird \\name", &z);
        ck_assert_uint_eq(count_built(u, &one, 1), 7);
    }
    ov_table_free(u);
}
END_TEST

START_TEST(test_built_errors)
{
    struct ov_expr_value y = ival(2020), ys = SVAL("2020"), kent = SVAL("Kent Police"),
                         one_ = ival(1), half = fval(1.5), soon = SVAL("soon"),
                         list[2] = {ival(2020), SVAL("x")},
                         dates[2] = {SVAL("2020-01-01"), SVAL("soon")};
    struct ov_expr_value bad = {.type = OV_DATE};
    struct ov_expr_term term;
    struct ov_err err;
    ov_expr *e;
    const char *m;

    term = eq("yeer", &y);
    ck_assert_str_eq(built_error(&term, 1, OV_ENOTFOUND),
                     "no column 'yeer'; did you mean 'year'?");
    term = eq("zzzzzzzz", &y);
    ck_assert_str_eq(built_error(&term, 1, OV_ENOTFOUND),
                     "no column 'zzzzzzzz'; the columns are 'force', 'year', 'age', "
                     "'score', 'when' and 'ok'");
    term = eq("year", &ys);
    ck_assert_str_eq(built_error(&term, 1, OV_ETYPE),
                     "column 'year' is a whole number, not text ('2020')");
    term = eq("force", &one_);
    ck_assert_str_eq(built_error(&term, 1, OV_ETYPE),
                     "column 'force' is text, not a whole number (1)");
    term = eq("ok", &half);
    ck_assert_str_eq(built_error(&term, 1, OV_ETYPE),
                     "column 'ok' is true or false, not a number (1.5)");
    term = eq("year", &kent);
    m = built_error(&term, 1, OV_ETYPE);
    ck_assert_ptr_null(strchr(m, '`'));
    term = eq("when", &soon);
    ck_assert_str_eq(built_error(&term, 1, OV_ETYPE),
                     "'soon' is not a date (write 'YYYY-MM-DD')");
    term = (struct ov_expr_term){"year", list, 2, true};
    ck_assert_str_eq(built_error(&term, 1, OV_ETYPE),
                     "column 'year' is a whole number, not text ('x')");
    term = (struct ov_expr_term){"when", dates, 2, true};
    ck_assert_str_eq(built_error(&term, 1, OV_ETYPE),
                     "'soon' is not a date (write 'YYYY-MM-DD')");
    /* what cannot be built at all */
    ck_assert_int_eq(ov_expr_new_equal(&term, 0, &e, &err), OV_EINVAL);
    ck_assert_ptr_null(e);
    term = (struct ov_expr_term){"year", list, 0, true};
    ck_assert_int_eq(ov_expr_new_equal(&term, 1, &e, &err), OV_EINVAL);
    term = (struct ov_expr_term){"year", list, 2, false};
    ck_assert_int_eq(ov_expr_new_equal(&term, 1, &e, &err), OV_EINVAL);
    term = eq("year", &bad);
    ck_assert_int_eq(ov_expr_new_equal(&term, 1, &e, &err), OV_EINVAL);
    ck_assert_ptr_null(e);
}
END_TEST

/* fn(col) over the whole table, as a double */
static double
built_total(const char *fn, const char *col)
{
    ov_expr *e;
    ov_column *c;
    struct ov_err err;
    double v;

    ck_assert_msg(ov_expr_new_aggregate(fn, col, &e, &err) == OV_OK, "%s", err.msg);
    ck_assert_msg(ov_expr_bind(e, t, true, &err) == OV_OK, "%s", err.msg);
    ck_assert(ov_expr_is_aggregate(e));
    ck_assert_msg(ov_expr_aggregate(e, t, NULL, 1, &c, &err) == OV_OK, "%s", err.msg);
    ck_assert_uint_eq(c->n, 1);
    v = c->type == OV_INT ? (double)c->data.i64[0] : c->data.f64[0];
    ov_column_unref(c);
    ov_expr_free(e);
    return v;
}

START_TEST(test_built_aggregate)
{
    ov_expr *e;
    struct ov_err err;
    double sumscore = 0, sumage = 0, nage = 0;
    size_t i;

    for (i = 0; i < N; i++) {
        sumscore += (double)i / 4;
        if (i % 7 != 0) {
            sumage += (double)(20 + i % 40);
            nage++;
        }
    }
    ck_assert_double_eq_tol(built_total("sum", "score"), sumscore, 1e-9);
    ck_assert_double_eq_tol(built_total("mean", "age"), sumage / nage, 1e-9);
    ck_assert_double_eq(built_total("count_distinct", "force"), 3);
    ck_assert_double_eq(built_total("min", "year"), 2015);
    ck_assert_double_eq(built_total("max", "year"), 2024);
    ck_assert_double_eq_tol(built_total("median", "year"), 2019.5, 1e-9);
    ck_assert_double_eq(built_total("sum", "ok"), 1500);
    /* wrong types name the column */
    ck_assert_int_eq(ov_expr_new_aggregate("sum", "force", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_ETYPE);
    ck_assert_str_eq(err.msg, "column 'force' is text, not a number");
    ck_assert_int_eq(ov_expr_bind(e, t, false, &err), OV_EINVAL); /* not in agg */
    ov_expr_free(e);
    ck_assert_int_eq(ov_expr_new_aggregate("mean", "when", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_ETYPE);
    ck_assert_str_eq(err.msg, "column 'when' is a date, not a number");
    ov_expr_free(e);
    ck_assert_int_eq(ov_expr_new_aggregate("sum", "forse", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_ENOTFOUND);
    ck_assert_str_eq(err.msg, "no column 'forse'; did you mean 'force'?");
    ov_expr_free(e);
    /* only aggregates of one column */
    ck_assert_int_eq(ov_expr_new_aggregate("count", "year", &e, &err), OV_EINVAL);
    ck_assert_int_eq(ov_expr_new_aggregate("lower", "force", &e, &err), OV_EINVAL);
    ck_assert_int_eq(ov_expr_new_aggregate("total", "year", &e, &err), OV_EINVAL);
    ck_assert_ptr_null(e);
}
END_TEST

/* the column of src over t, of type want (the caller unrefs) */
static ov_column *
typed_column_of(const char *src, ov_type want)
{
    ov_column *c = column_of(src);

    ck_assert_msg(c->type == want, "%s: type %d, want %d", src, (int)c->type,
                  (int)want);
    return c;
}

static const char *
text_at(const ov_column *c, size_t i)
{
    size_t len;

    return ov_dict_str(c->dict, ov_column_code(c, i), &len);
}

/* if and case, row by row over 3000 rows (three blocks), with age missing
 * in every 7th row: a missing condition is not true, so its row takes the
 * next branch; no else gives a missing value */
START_TEST(test_case_values)
{
    ov_column *c;
    size_t i, miss = 0;

    c = typed_column_of("if(age > 40, 'old', 'young')", OV_STRING);
    for (i = 0; i < N; i++) {
        bool old = i % 7 != 0 && 20 + i % 40 > 40;

        ck_assert_str_eq(text_at(c, i), old ? "old" : "young");
    }
    ck_assert_uint_eq(c->nmissing, 0);
    ov_column_unref(c);
    /* whole numbers and decimals make decimals; the branches in order */
    c = typed_column_of("case when age is nil then -1 when age < 30 then age "
                        "else age * 1.5 end",
                        OV_FLOAT);
    for (i = 0; i < N; i++) {
        double age = (double)(20 + i % 40);
        double want = i % 7 == 0 ? -1 : age < 30 ? age : age * 1.5;

        ck_assert(!ov_column_missing(c, i));
        ck_assert_double_eq(c->data.f64[i], want);
    }
    ov_column_unref(c);
    /* the simple form compares with ==; no else: missing */
    c = typed_column_of("case force when 'Met' then year when 'Kent Police' then 2 end",
                        OV_INT);
    for (i = 0; i < N; i++) {
        ck_assert(ov_column_missing(c, i) == (i % 3 == 0));
        if (i % 3 == 1)
            ck_assert_int_eq(c->data.i64[i], 2);
        if (i % 3 == 2)
            ck_assert_int_eq(c->data.i64[i], 2015 + (int64_t)(i % 10));
    }
    ck_assert_uint_eq(c->nmissing, N / 3);
    ov_column_unref(c);
    /* a missing value in the branch taken stays missing; text from
     * columns and literals in one dictionary */
    c = typed_column_of("case when ok then force when year > 2020 then 'late' else "
                        "lower(force) end",
                        OV_STRING);
    for (i = 0; i < N; i++) {
        static const char *const f[] = {"Essex Police", "Kent Police", "Met"};
        static const char *const lf[] = {"essex police", "kent police", "met"};
        const char *want = i % 2 ? f[i % 3] : 2015 + i % 10 > 2020 ? "late" : lf[i % 3];

        ck_assert_str_eq(text_at(c, i), want);
    }
    ov_column_unref(c);
    c = typed_column_of("if(ok, age, nil)", OV_INT);
    for (i = 0; i < N; i++) {
        bool m = i % 2 == 0 || i % 7 == 0;

        ck_assert(ov_column_missing(c, i) == m);
        miss += m;
        if (!m)
            ck_assert_int_eq(c->data.i64[i], 20 + (int64_t)(i % 40));
    }
    ck_assert_uint_eq(c->nmissing, miss);
    ov_column_unref(c);
    /* dates with dates; a case as a condition, nested in another */
    c = typed_column_of("if(year > 2019, when, when - 1)", OV_DATE);
    ck_assert_int_eq(c->data.days[5], ov_days_from_civil(2020, 1, 6));
    ck_assert_int_eq(c->data.days[4], ov_days_from_civil(2020, 1, 4));
    ov_column_unref(c);
    ck_assert_uint_eq(count("case when ok then if(year > 2019, age > 30, false) "
                            "else age is nil end"),
                      count("(ok and year > 2019 and age > 30) or "
                            "(not ok and age is nil)"));
    ck_assert_uint_eq(count("if(nil, true, ok)"), N / 2);
    ck_assert_uint_eq(count("coalesce(age, -1.5) == -1.5"), N / 7 + 1);
}
END_TEST

/* a branch runs only on its rows: an error or a division by zero in rows
 * that another branch took never shows */
START_TEST(test_case_branch_not_taken)
{
    ov_column *c;
    size_t i;

    ck_assert_str_eq(eval_error_of("if(year > 2100, 9223372036854775807 + year, 0)"),
                     "(no error)");
    ASSERT_EVAL_ERROR("if(year > 2023, 9223372036854775807 + year, 0)",
                      "too large for 64 bits");
    ck_assert_str_eq(eval_error_of("case when year < 2100 then when else when + "
                                   "3000000000 end"),
                     "(no error)");
    ASSERT_EVAL_ERROR("case when year < 2024 then when else when + 3000000000 end",
                      "outside the years 0001 to 9999");
    /* not even in a condition no row reaches */
    ck_assert_str_eq(eval_error_of("case when true then 1 when 9223372036854775807 + "
                                   "year > 0 then 2 end"),
                     "(no error)");
    c = typed_column_of("if(year == 2015, 0, 10 / (year - 2015))", OV_FLOAT);
    ck_assert_uint_eq(c->nmissing, 0);
    for (i = 0; i < N; i++)
        ck_assert_double_eq(c->data.f64[i], i % 10 == 0 ? 0 : 10.0 / (double)(i % 10));
    ov_column_unref(c);
}
END_TEST

START_TEST(test_case_errors)
{
    ASSERT_ERROR("case when year > 1 then 1", "expected 'when', 'else' or 'end' to "
                                              "close the 'case' at character 1");
    ASSERT_ERROR("case when year > 1 1 end", "expected 'then' after the 'when'");
    ASSERT_ERROR("case year > 1 end", "expected 'when' after 'case' and its value");
    ASSERT_ERROR("case when", "expected a value after 'when', found the end");
    ASSERT_ERROR("CASE WHEN year > 1 THEN 1 END", "'CASE' is written 'case'");
    ASSERT_ERROR("if(ok, 1)", "if takes 3 values, not 2");
    ASSERT_ERROR("if(year, 1, 2)", "if needs a condition (true or false) first, and "
                                   "year is a whole number");
    ASSERT_ERROR(
        "case when force then 1 end",
        "case needs a condition (true or false) after 'when', and force is text");
    ASSERT_ERROR("if(ok, force, year)",
                 "if needs values of one type, and force is text "
                 "while year is a whole number");
    ASSERT_ERROR("if(ok, force, year)", "number(force)");
    ASSERT_ERROR("case when ok then when else 'x' end",
                 "case needs values of one type, and when is a date while 'x' is text");
    ASSERT_ERROR("coalesce(age, force)", "coalesce needs values of one type");
    ASSERT_ERROR("if(ok, ok, 1)", "if(condition, 1, 0)");
    ASSERT_ERROR("case force when 1 then 1 end", "cannot compare force (text) with 1");
    /* a column may still be called when or end */
    ck_assert_str_eq(error_of("case when when > '2020-03-01' then when end", false),
                     "(no error)");
    ASSERT_ERROR("case when `end` > 1 then 1 end", "no column 'end'");
}
END_TEST

/* figures in every branch make a figure: each row's part and whole are
 * those of the branch it took, at its row there (not the block's) */
START_TEST(test_case_figures)
{
    uint32_t *group = ov_malloc(N * sizeof *group);
    struct ov_err err;
    ov_expr *e;
    ov_column *c;
    size_t i, g;

    c = typed_column_of("case when ok then pct(age, year) when year > 2020 then "
                        "pct(year, 4000) end",
                        OV_FLOAT);
    ck_assert_ptr_nonnull(c->num);
    ck_assert_double_eq(c->per, 0);
    for (i = 0; i < N; i++) {
        double year = (double)(2015 + i % 10);

        if (i % 2 == 1 && i % 7 != 0) {
            ck_assert_double_eq(c->num[i], (double)(20 + i % 40));
            ck_assert_double_eq(c->den[i], year);
        } else if (i % 2 == 0 && year > 2020) {
            ck_assert_double_eq(c->num[i], year);
            ck_assert_double_eq(c->den[i], 4000);
        } else {
            ck_assert(ov_column_missing(c, i));
        }
    }
    ov_column_unref(c);
    /* a figure beside a plain number, or figures of two kinds: numbers */
    c = typed_column_of("if(ok, pct(age, year), 0)", OV_FLOAT);
    ck_assert_ptr_null(c->num);
    ov_column_unref(c);
    c = typed_column_of("if(ok, pct(age, year), rate(age, year))", OV_FLOAT);
    ck_assert_ptr_null(c->num);
    ov_column_unref(c);
    for (i = 0; i < N; i++)
        group[i] = (uint32_t)(i % 3);
    ck_assert_int_eq(ov_expr_parse("if(count() >= 1000, pct(ok), nil)", &e, &err),
                     OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    ck_assert_ptr_nonnull(c->num);
    for (g = 0; g < 3; g++) {
        ck_assert_double_eq(c->den[g], 1000);
        ck_assert_double_eq(c->num[g], 500);
    }
    ov_column_unref(c);
    ov_expr_free(e);
    ov_free(group);
}
END_TEST

/* case over aggregates, group by group, and inside an aggregate */
START_TEST(test_case_in_groups)
{
    uint32_t *group = ov_malloc(N * sizeof *group);
    struct ov_err err;
    ov_expr *e;
    ov_column *c;
    size_t i, g;
    int64_t sum_ok[3] = {0, 0, 0};

    for (i = 0; i < N; i++) {
        group[i] = (uint32_t)(i % 3);
        if (i % 2 == 1 && i % 7 != 0)
            sum_ok[i % 3] += 20 + (int64_t)(i % 40);
    }
    ck_assert_int_eq(ov_expr_parse("sum(if(ok, age, 0))", &e, &err), OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    for (g = 0; g < 3; g++)
        ck_assert_int_eq(c->data.i64[g], sum_ok[g]);
    ov_column_unref(c);
    ov_expr_free(e);
    ck_assert_int_eq(
        ov_expr_parse("case when sum(if(ok, age, 0)) > 23000 then 'many' end", &e,
                      &err),
        OV_OK);
    ck_assert_int_eq(ov_expr_bind(e, t, true, &err), OV_OK);
    ck_assert_int_eq(ov_expr_aggregate(e, t, group, 3, &c, &err), OV_OK);
    for (g = 0; g < 3; g++) {
        ck_assert(ov_column_missing(c, g) == (sum_ok[g] <= 23000));
        if (sum_ok[g] > 23000)
            ck_assert_str_eq(text_at(c, g), "many");
    }
    ov_column_unref(c);
    ov_expr_free(e);
    ck_assert_msg(strstr(error_of("if(ok, count(), 0)", true),
                         "column 'ok' is outside an aggregate") != NULL,
                  "%s", error_of("if(ok, count(), 0)", true));
    ov_free(group);
}
END_TEST

Suite *
make_expr_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_comparisons);
    tcase_add_test(tc, test_missing_values);
    tcase_add_test(tc, test_arithmetic_and_functions);
    tcase_add_test(tc, test_division_by_zero_is_missing);
    tcase_add_test(tc, test_integer_and_date_edges);
    tcase_add_test(tc, test_syntax_errors_point_at_the_place);
    tcase_add_test(tc, test_binding_errors);
    tcase_add_test(tc, test_not_a_condition);
    tcase_add_test(tc, test_aggregates);
    tcase_add_test(tc, test_aggregate_missing_and_percent);
    tcase_add_test(tc, test_figures_row_by_row);
    tcase_add_test(tc, test_figures_in_groups);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_built_equal_each_type);
    tcase_add_test(tc, test_built_missing_values);
    tcase_add_test(tc, test_built_quotes_and_nul);
    tcase_add_test(tc, test_built_errors);
    tcase_add_test(tc, test_built_aggregate);
    tcase_add_test(tc, test_case_values);
    tcase_add_test(tc, test_case_branch_not_taken);
    tcase_add_test(tc, test_case_errors);
    tcase_add_test(tc, test_case_in_groups);
    tcase_add_test(tc, test_case_figures);
    suite_add_tcase(s, tc);
    return s;
}
