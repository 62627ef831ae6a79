/*
 * check_window.c - window functions in mutate (query_window.c): lag,
 * lead, row_number, rank, dense_rank, cumsum, share and change within
 * groups in an order; ties, missing values, groups of one row, the empty
 * table, several and descending order keys, more rows than a block, and
 * the messages for calls that cannot run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "fraction.h"
#include "loader.h"
#include "ov_mem.h"
#include "query.h"
#include "stats.h"
#include "suites.h"
#include "value.h"

static char dir[64];

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ov-check-window.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    ov_interrupt_clear();
}

/* a table from CSV text */
static ov_table *
table(const char *csv)
{
    char path[128];
    FILE *f;
    ov_table *t;
    struct ov_err err;
    static int k;

    snprintf(path, sizeof path, "%s/t%d.csv", dir, k++);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(csv, f);
    fclose(f);
    ck_assert_msg(ov_load_csv(path, NULL, &t, NULL, &err) == OV_OK, "%s", err.msg);
    return t;
}

/* the values of column `name` as CSV text, joined by ',' (static) */
static const char *
col(const ov_table *t, const char *name)
{
    static char out[8192];
    size_t i, k = 0;
    int j = ov_table_find(t, name);
    struct ov_view v;

    ck_assert_int_ge(j, 0);
    v = ov_table_colview(t, (size_t)j);
    out[0] = '\0';
    for (i = 0; i < ov_table_nrows(t); i++) {
        size_t r = ov_view_row(&v, i), len = 0;
        char buf[OV_VALUE_TEXT_MAX];
        const char *s = "";

        if (ov_column_missing(v.col, r))
            s = "";
        else if (v.col->num != NULL) /* a figure: as printed, 1 decimal */
            len = ov_q_format_percent(buf, v.col->num[r], v.col->den[r], 1), s = buf;
        else
            s = ov_column_text(v.col, r, buf, &len);
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%.*s", i ? "," : "", (int)len,
                              s);
    }
    return out;
}

/* mutate with windows: one expression, grouped by key (or none), in the
 * order of by (or none); the new table or NULL with err filled */
static ov_table *
win(const ov_table *t, const char *key, const char *by, const char *expr,
    struct ov_err *err)
{
    const char *keys[] = {key}, *bys[] = {by}, *names[] = {"w"}, *exprs[] = {expr};
    ov_table *r = NULL;

    if (ov_query_window(t, keys, key != NULL, bys, by != NULL, names, exprs, 1, &r,
                        err) != OV_OK)
        return NULL;
    return r;
}

/* the new column w as text, for one expression */
#define W(t, key, by, expr, want)                                                      \
    do {                                                                               \
        struct ov_err e_;                                                              \
        ov_table *r_ = win(t, key, by, expr, &e_);                                     \
        ck_assert_msg(r_ != NULL, "%s: %s", expr, e_.msg);                             \
        ck_assert_str_eq(col(r_, "w"), want);                                          \
        ov_table_free(r_);                                                             \
    } while (0)

/* the call fails with a message holding want */
#define W_ERR(t, key, by, expr, want)                                                  \
    do {                                                                               \
        struct ov_err e_;                                                              \
        ov_table *r_ = win(t, key, by, expr, &e_);                                     \
        ck_assert_ptr_null(r_);                                                        \
        ck_assert_msg(strstr(e_.msg, want) != NULL, "%s: got '%s'", expr, e_.msg);     \
    } while (0)

/* two forces, years out of order, a missing count, a tie */
static const char *const forces = "force,year,n\n"
                                  "B,2021,30\n"
                                  "A,2021,12\n"
                                  "A,2020,10\n"
                                  "B,2020,\n"
                                  "A,2022,12\n"
                                  "B,2022,60\n"
                                  "C,2020,5\n";

START_TEST(test_lag_lead)
{
    ov_table *t = table(forces);

    /* rows stay in the table's order; lag looks back within the force */
    W(t, "force", "year", "lag(n)", ",10,,,12,30,");
    W(t, "force", "year", "lead(n)", "60,12,12,30,,,");
    W(t, "force", "year", "lag(n, 2)", ",,,,10,,");
    W(t, "force", "year", "lag(n, 0)", "30,12,10,,12,60,5");
    W(t, "force", "year", "lag(n, 1, 0)", ",10,0,0,12,30,0");
    W(t, "force", "year", "lag(n, 1, nil)", ",10,,,12,30,");
    W(t, "force", "year", "lead(year, 1, 9999)", "2022,2022,2021,2021,9999,9999,9999");
    W(t, "force", "year", "lag(force, 1, 'none')", "B,A,none,none,A,B,none");
    /* a float default makes a float column */
    W(t, "force", "year", "lag(n, 1, 0.5)", ",10,0.5,0.5,12,30,0.5");
    /* descending order, and no groups: the whole table */
    W(t, "force", "-year", "lag(n)", "60,12,12,30,,,");
    W(t, NULL, "year", "lag(force)", "C,B,,A,A,A,B");
    /* no order: the table's order within the group */
    W(t, "force", NULL, "lag(year)", ",,2021,2021,2020,2020,");
    ov_table_free(t);
}
END_TEST

START_TEST(test_ranks)
{
    ov_table *t = table(forces);

    W(t, "force", "year", "row_number()", "2,2,1,1,3,3,1");
    /* ties share the lowest rank; dense_rank leaves no gaps; missing last */
    W(t, "force", NULL, "rank(n)", "1,2,1,3,2,2,1");
    W(t, NULL, NULL, "rank(n)", "5,3,2,7,3,6,1");
    W(t, NULL, NULL, "dense_rank(n)", "4,3,2,6,3,5,1");
    W(t, NULL, NULL, "rank(-n)", "2,3,5,7,3,1,6");
    /* rank() by the order, with its ties */
    W(t, NULL, "year", "rank()", "4,4,1,1,6,6,1");
    W(t, NULL, "-year", "dense_rank()", "2,2,3,3,1,1,3");
    W(t, "force", "-year", "rank()", "2,2,3,3,1,1,1");
    /* text ranks by its bytes */
    W(t, NULL, NULL, "dense_rank(force)", "2,1,1,2,1,2,3");
    W_ERR(t, "force", NULL, "rank()", "ranks rows by the order");
    ov_table_free(t);
}
END_TEST

START_TEST(test_cumsum_share_change)
{
    ov_table *t = table(forces);
    ov_table *r;
    struct ov_err err;
    struct ov_figure f;
    int j;

    /* cumsum skips the missing value; missing until the first value */
    W(t, "force", "year", "cumsum(n)", "30,22,10,,34,90,5");
    W(t, NULL, "year", "cumsum(n)", "45,57,10,10,69,129,15");
    /* share of the force's total (B: 90, missing left out) */
    W(t, "force", NULL, "share(n)", "33.3,35.3,29.4,,35.3,66.7,100.0");
    /* change on the row before: B 2021 follows a missing value */
    W(t, "force", "year", "change(n)", ",20.0,,,0.0,100.0,");
    /* larger expressions: the windows first, the rest columnar */
    W(t, "force", "year", "n - lag(n)", ",2,,,0,30,");
    W(t, "force", "year", "lag(cumsum(n))", ",10,,,22,30,");
    W(t, "force", "year", "coalesce(lag(n), 0) + row_number()", "2,12,1,1,15,33,1");

    /* a change cell is the figure change(old, new) */
    r = win(t, "force", "year", "change(n)", &err);
    ck_assert_ptr_nonnull(r);
    j = ov_table_find(r, "w");
    ck_assert(ov_table_col(r, (size_t)j)->change);
    ck_assert_int_eq(ov_figure_of_cell(ov_table_col(r, (size_t)j), 1, &f, &err), OV_OK);
    ck_assert_int_eq(f.kind, OV_FIG_CHANGE);
    ck_assert_double_eq(f.a, 10);
    ck_assert_double_eq(f.b, 12);
    ov_table_free(r);
    /* a share cell keeps its part and whole */
    r = win(t, "force", NULL, "share(n)", &err);
    ck_assert_ptr_nonnull(r);
    j = ov_table_find(r, "w");
    ck_assert_int_eq(ov_figure_of_cell(ov_table_col(r, (size_t)j), 0, &f, &err), OV_OK);
    ck_assert_int_eq(f.kind, OV_FIG_PCT);
    ck_assert_double_eq(f.a, 30);
    ck_assert_double_eq(f.b, 90);
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_zero_and_floats)
{
    ov_table *t = table("g,k,x\na,1,0\na,2,5\na,3,0.5\nb,1,0\nb,2,0\n");

    /* from 0 there is no percentage change; a group summing to 0 has no
     * shares */
    W(t, "g", "k", "change(x)", ",,-90.0,,");
    W(t, "g", "k", "share(x)", "0.0,90.9,9.1,,");
    W(t, "g", "k", "cumsum(x)", "0,5,5.5,0,0");
    ov_table_free(t);
}
END_TEST

START_TEST(test_small_tables)
{
    ov_table *all = table(forces), *t = NULL;
    ov_table *one = table("force,year,n\nA,2020,7\n");
    struct ov_err err;

    /* no rows, the columns typed */
    ck_assert_int_eq(ov_query_where(all, "n > 1000", &t, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 0);

    /* the empty table */
    W(t, "force", "year", "lag(n)", "");
    W(t, NULL, NULL, "cumsum(n)", "");
    W(t, "force", "year", "rank()", "");
    /* one row, one group */
    W(one, "force", "year", "lag(n)", "");
    W(one, "force", "year", "lead(n, 1, -1)", "-1");
    W(one, "force", "year", "rank()", "1");
    W(one, "force", "year", "share(n)", "100.0");
    W(one, "force", "year", "change(n)", "");
    W(one, "force", "year", "cumsum(n)", "7");
    ov_table_free(t);
    ov_table_free(all);
    ov_table_free(one);
}
END_TEST

START_TEST(test_order_keys)
{
    ov_table *t = table("g,a,b,x\n"
                        "p,1,z,1\n"
                        "p,1,y,2\n"
                        "p,0,z,3\n"
                        "q,,x,4\n"
                        "q,2,x,5\n");
    const char *keys[] = {"g"}, *by[] = {"a", "-b"}, *names[] = {"w", "v"},
               *exprs[] = {"lag(x)", "rank()"};
    ov_table *r = NULL;
    struct ov_err err;

    /* a then b descending: p's order is (0,z) (1,z) (1,y); a missing a
     * sorts last */
    ck_assert_int_eq(ov_query_window(t, keys, 1, by, 2, names, exprs, 2, &r, &err),
                     OV_OK);
    ck_assert_str_eq(col(r, "w"), "3,1,,5,");
    ck_assert_str_eq(col(r, "v"), "2,3,1,2,1");
    ov_table_free(r);
    /* ties in the order keep the table's order (row_number), but share a
     * rank */
    W(t, "g", "a", "row_number()", "2,3,1,2,1");
    W(t, "g", "a", "rank()", "2,2,1,2,1");
    W_ERR(t, "g", "c", "lag(x)", "no column 'c'");
    /* with no window function the order is still checked */
    W_ERR(t, "g", "-c", "x + 1", "no column 'c'");
    W(t, "g", "-a", "x + 1", "2,3,4,5,6");
    W_ERR(t, "h", "a", "lag(x)", "no column 'h'");
    ov_table_free(t);
}
END_TEST

/* more rows than one evaluation block (1024), in many groups: each
 * function checked against a plain loop over the same rows */
START_TEST(test_blocks)
{
    enum { N = 5000, G = 7 };
    ov_strbuf b = OV_STRBUF_INIT;
    ov_table *t, *r = NULL;
    const char *names[] = {"lag", "cum", "rn", "rk"},
               *exprs[] = {"lag(x)", "cumsum(x)", "row_number()", "rank(-x)"};
    const char *keys[] = {"g"}, *by[] = {"-i"};
    struct ov_err err;
    int64_t x[N], cum[G] = {0}, last[G] = {0}, seen[G] = {0};
    size_t i, k;
    unsigned s = 1;

    ov_strbuf_puts(&b, "i,g,x\n");
    for (i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        x[i] = (int64_t)((s >> 8) % 100);
        ov_strbuf_printf(&b, "%zu,%zu,%lld\n", i, (i * 31) % G, (long long)x[i]);
    }
    t = table(ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
    ck_assert_int_eq(ov_query_window(t, keys, 1, by, 1, names, exprs, 4, &r, &err),
                     OV_OK);
    /* the order is i descending: walk the rows from the end */
    for (k = N; k-- > 0;) {
        size_t g = (k * 31) % G, rank = 1, j;
        struct ov_view lag = ov_table_colview(r, (size_t)ov_table_find(r, "lag")),
                       cv = ov_table_colview(r, (size_t)ov_table_find(r, "cum")),
                       rn = ov_table_colview(r, (size_t)ov_table_find(r, "rn")),
                       rk = ov_table_colview(r, (size_t)ov_table_find(r, "rk"));

        if (seen[g] == 0)
            ck_assert(ov_view_missing(&lag, k));
        else
            ck_assert_int_eq(lag.col->data.i64[ov_view_row(&lag, k)], last[g]);
        cum[g] += x[k];
        ck_assert_int_eq(cv.col->data.i64[ov_view_row(&cv, k)], cum[g]);
        ck_assert_int_eq(rn.col->data.i64[ov_view_row(&rn, k)], ++seen[g]);
        last[g] = x[k];
        for (j = 0; j < N; j += 1)
            rank += (j * 31) % G == g && x[j] > x[k];
        ck_assert_int_eq(rk.col->data.i64[ov_view_row(&rk, k)], (int64_t)rank);
    }
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_refused)
{
    ov_table *t = table(forces);
    ov_table *r = NULL;
    ov_expr *e = NULL;
    struct ov_err err;

    /* outside mutate a window function says where it belongs */
    ck_assert_int_eq(ov_query_where(t, "lag(n) > 1", &r, &err), OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "lag(n) is a window function"));
    ck_assert_int_eq(ov_query_mutate(t, (const char *[]){"w"},
                                     (const char *[]){"cumsum(n)"}, 1, &r, &err),
                     OV_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "mutate only"));
    ck_assert_int_eq(ov_expr_parse("rank() + 1", &e, &err), OV_OK);
    ck_assert_uint_eq(ov_expr_window_count(e), 1);
    ov_expr_free(e);
    W_ERR(t, "force", "year", "lag(n, -1)", "must be a whole number 0 or more");
    W_ERR(t, "force", "year", "lag(n, 1.5)", "must be a whole number 0 or more");
    W_ERR(t, "force", "year", "lag()", "lag takes lag(x [, k [, default]])");
    W_ERR(t, "force", "year", "row_number(n)", "row_number takes row_number()");
    W_ERR(t, "force", "year", "cumsum(force)", "cumsum(force) needs numbers");
    W_ERR(t, "force", "year", "share(force)", "needs numbers");
    W_ERR(t, "force", "year", "lag(n, 1, 'x')", "give a default of x's type");
    W_ERR(t, "force", "year", "lag(nn)", "no column 'nn'; did you mean 'n'?");
    /* the name of the column is said */
    W_ERR(t, "force", "year", "lag(force) + 1", "w = \"lag(force) + 1\"");
    ov_table_free(t);
}
END_TEST

Suite *
make_window_suite(void)
{
    Suite *s = suite_create("window");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_lag_lead);
    tcase_add_test(tc, test_ranks);
    tcase_add_test(tc, test_cumsum_share_change);
    tcase_add_test(tc, test_zero_and_floats);
    tcase_add_test(tc, test_small_tables);
    tcase_add_test(tc, test_order_keys);
    tcase_add_test(tc, test_blocks);
    tcase_add_test(tc, test_refused);
    suite_add_tcase(s, tc);
    return s;
}
