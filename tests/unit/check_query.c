/*
 * check_query.c - every table operation on small tables: ties, missing
 * values, empty tables, a single row, grouping on a float column, joins
 * with duplicate keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "loader.h"
#include "ov_mem.h"
#include "query.h"
#include "suites.h"
#include "value.h"

static char dir[64];

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ov-check-query.XXXXXX");
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
    fputs(csv, f);
    fclose(f);
    ck_assert_msg(ov_load_csv(path, NULL, &t, NULL, &err) == OV_OK, "%s", err.msg);
    return t;
}

/* the table as CSV text (static buffer, rows joined by '|') */
static const char *
text(const ov_table *t)
{
    static char out[4096];
    size_t i, j, k = 0;

    out[0] = '\0';
    for (i = 0; i < ov_table_nrows(t); i++) {
        for (j = 0; j < ov_table_ncols(t); j++) {
            struct ov_view v = ov_table_colview(t, j);
            size_t r = ov_view_row(&v, i), len = 0;
            char buf[OV_VALUE_TEXT_MAX];
            const char *s = "";

            if (r != OV_NOROW)
                s = ov_column_text(v.col, r, buf, &len);
            k += (size_t)snprintf(out + k, sizeof out - k, "%s%.*s", j ? "," : "",
                                  (int)len, s);
        }
        k += (size_t)snprintf(out + k, sizeof out - k, "%s",
                              i + 1 < ov_table_nrows(t) ? "|" : "");
    }
    return out;
}

/* the column names joined by ',' */
static const char *
names(const ov_table *t)
{
    static char out[1024];
    size_t j, k = 0;

    out[0] = '\0';
    for (j = 0; j < ov_table_ncols(t); j++)
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", j ? "," : "",
                              ov_table_colname(t, j));
    return out;
}

static const char *const CSV = "id,force,year,score\n"
                               "1,Kent,2021,2.5\n"
                               "2,Essex,2020,\n"
                               "3,Kent,2020,1.5\n"
                               "4,,2021,2.5\n"
                               "5,Essex,2021,0.5\n"
                               "6,Essex,2020,2.5\n";

START_TEST(test_where_select_drop_rename)
{
    ov_table *t = table(CSV), *r, *s;
    struct ov_err err;
    const char *sel[] = {"year", "id"};
    const char *bad[] = {"yeer"};
    const char *from[] = {"force"}, *to[] = {"constabulary"}, *clash[] = {"id"};

    ck_assert_int_eq(ov_query_where(t, "force == 'Essex' and year == 2020", &r, &err),
                     OV_OK);
    ck_assert_str_eq(text(r), "2,Essex,2020,|6,Essex,2020,2.5");
    ck_assert_int_eq(ov_query_select(r, sel, 2, &s, &err), OV_OK);
    ck_assert_str_eq(text(s), "2020,2|2020,6");
    ov_table_free(s);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_select(t, bad, 1, &r, &err), OV_ENOTFOUND);
    ck_assert_str_eq(err.msg, "no column 'yeer'; did you mean 'year'?");
    ck_assert_ptr_null(r);
    ck_assert_int_eq(ov_query_drop(t, sel, 2, &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "force,score");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_rename(t, from, to, 1, &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "id,constabulary,year,score");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_rename(t, from, clash, 1, &r, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg, "two columns would both be called 'id'");
    /* nothing selected: an empty table that keeps its columns */
    ck_assert_int_eq(ov_query_where(t, "year > 3000", &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 0);
    ck_assert_uint_eq(ov_table_ncols(r), 4);
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_sort_is_stable_with_missing_last)
{
    ov_table *t = table(CSV), *r;
    struct ov_err err;
    const char *by_score[] = {"score"}, *by_desc[] = {"-score"};
    const char *two[] = {"-year", "force"}, *by_force[] = {"force"};

    /* ties keep their order; the missing score comes last both ways */
    ck_assert_int_eq(ov_query_sort(t, by_score, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "5,Essex,2021,0.5|3,Kent,2020,1.5|1,Kent,2021,2.5|"
                              "4,,2021,2.5|6,Essex,2020,2.5|2,Essex,2020,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_sort(t, by_desc, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "1,Kent,2021,2.5|4,,2021,2.5|6,Essex,2020,2.5|"
                              "3,Kent,2020,1.5|5,Essex,2021,0.5|2,Essex,2020,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_sort(t, two, 2, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "5,Essex,2021,0.5|1,Kent,2021,2.5|4,,2021,2.5|"
                              "2,Essex,2020,|6,Essex,2020,2.5|3,Kent,2020,1.5");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_sort(t, by_force, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "2,Essex,2020,|5,Essex,2021,0.5|6,Essex,2020,2.5|"
                              "1,Kent,2021,2.5|3,Kent,2020,1.5|4,,2021,2.5");
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_sort_many_rows)
{
    /* enough rows for the merge passes, with many ties */
    char *csv = malloc(200000), *p = csv;
    ov_table *t, *r;
    struct ov_err err;
    const char *keys[] = {"k"};
    size_t i;
    struct ov_view vk, vi;

    p += sprintf(p, "i,k\n");
    for (i = 0; i < 10000; i++)
        p += sprintf(p, "%zu,%zu\n", i, (i * 7919) % 97);
    t = table(csv);
    free(csv);
    ck_assert_int_eq(ov_query_sort(t, keys, 1, &r, &err), OV_OK);
    vk = ov_table_colview(r, 1);
    vi = ov_table_colview(r, 0);
    for (i = 1; i < 10000; i++) {
        int64_t k0 = vk.col->data.i64[ov_view_row(&vk, i - 1)];
        int64_t k1 = vk.col->data.i64[ov_view_row(&vk, i)];

        ck_assert(k0 <= k1);
        if (k0 == k1) /* stable: equal keys keep the original order */
            ck_assert(vi.col->data.i64[ov_view_row(&vi, i - 1)] <
                      vi.col->data.i64[ov_view_row(&vi, i)]);
    }
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_head_tail_sample)
{
    ov_table *t = table(CSV), *r, *s;
    struct ov_err err;

    ck_assert_int_eq(ov_query_head(t, 2, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "1,Kent,2021,2.5|2,Essex,2020,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_tail(t, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "6,Essex,2020,2.5");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_head(t, 100, &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 6);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_sample(t, 3, 42, &r, &err), OV_OK);
    ck_assert_int_eq(ov_query_sample(t, 3, 42, &s, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 3);
    {
        /* the same seed picks the same rows */
        char a[256];

        snprintf(a, sizeof a, "%s", text(r));
        ck_assert_str_eq(a, text(s));
    }
    ov_table_free(r);
    ov_table_free(s);
    ov_table_free(t);
}
END_TEST

START_TEST(test_distinct_and_mutate)
{
    ov_table *t = table(CSV), *r;
    struct ov_err err;
    const char *force[] = {"force"}, *two[] = {"force", "year"};
    const char *mn[] = {"year", "decade"}, *me[] = {"year + 1", "year - year % 10"};

    ck_assert_int_eq(ov_query_distinct(t, force, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "1,Kent,2021,2.5|2,Essex,2020,|4,,2021,2.5");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_distinct(t, two, 2, &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 5);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_mutate(t, mn, me, 2, &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "id,force,year,score,decade");
    ck_assert_str_eq(text(r),
                     "1,Kent,2022,2.5,2020|2,Essex,2021,,2020|3,Kent,2021,1.5,2020|"
                     "4,,2022,2.5,2020|5,Essex,2022,0.5,2020|6,Essex,2021,2.5,2020");
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

/* rate() in mutate and agg: a rate column keeps its parts through a
 * where, prints one decimal as its figure rounds, and writes the plain
 * number */
START_TEST(test_rate_columns)
{
    ov_table *t = table("force,complaints,officers\n"
                        "Kent,27,3556\n"
                        "Essex,1943,3716\n"
                        "Met,5,0\n"
                        "Kent,3,444\n"),
             *m, *w, *g;
    struct ov_err err;
    const char *mn[] = {"r", "p"};
    const char *me[] = {"rate(complaints, officers, 1000)",
                        "pct(complaints, officers)"};
    const char *keys[] = {"force"}, *an[] = {"r"};
    const char *ae[] = {"rate(sum(complaints), sum(officers), 1000)"};
    struct ov_fmt_opts o;
    const ov_column *c;
    char *out = NULL;
    size_t len = 0;
    FILE *f;

    ck_assert_int_eq(ov_query_mutate(t, mn, me, 2, &m, &err), OV_OK);
    /* a whole of 0 gives a missing value, as x / 0 does */
    ck_assert_str_eq(text(m),
                     "Kent,27,3556,7.592800899887514,0.7592800899887514|"
                     "Essex,1943,3716,522.8740581270183,52.28740581270183|"
                     "Met,5,0,,|Kent,3,444,6.756756756756757,0.6756756756756757");
    ck_assert_int_eq(ov_query_where(m, "officers > 1000", &w, &err), OV_OK);
    c = ov_table_col(w, 3);
    ck_assert_ptr_nonnull(c->num);
    ck_assert_double_eq(c->per, 1000);
    f = open_memstream(&out, &len);
    ov_fmt_opts_init(&o, OV_FMT_PLAIN);
    ck_assert_int_eq(ov_format_table(f, w, &o, &err), OV_OK);
    fclose(f);
    ck_assert_msg(strstr(out, "force   complaints  officers      r        p\n"
                              "string         int       int   rate  percent\n"
                              "Kent            27     3,556    7.6      0.8\n"
                              "Essex        1,943     3,716  522.9     52.3\n") != NULL,
                  "%s", out);
    free(out);
    ck_assert_int_eq(ov_query_group(t, keys, 1, an, ae, 1, &g, &err), OV_OK);
    c = ov_table_col(g, 1);
    ck_assert_double_eq(c->per, 1000);
    ck_assert_double_eq(c->num[1], 30);
    ck_assert_double_eq(c->den[1], 4000);
    ck_assert_str_eq(text(g), "Essex,522.8740581270183|Kent,7.5|Met,");
    ov_table_free(g);
    ov_table_free(w);
    ov_table_free(m);
    ov_table_free(t);
}
END_TEST

START_TEST(test_group_by)
{
    ov_table *t = table(CSV), *r;
    struct ov_err err;
    const char *keys[] = {"force"}, *fkeys[] = {"score"}, *two[] = {"force", "year"};
    const char *an[] = {"n", "mean", "with_score"};
    const char *ae[] = {"count()", "mean(score)", "pct(score is not nil)"};
    const char *cn[] = {"n"}, *ce[] = {"count()"};

    /* sorted by key, missing key last */
    ck_assert_int_eq(ov_query_group(t, keys, 1, an, ae, 3, &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "force,n,mean,with_score");
    ck_assert_str_eq(text(r), "Essex,3,1.5,66.66666666666667|Kent,2,2,100|,1,2.5,100");
    ov_table_free(r);
    /* on a float column: 0.5, 1.5, 2.5, and missing */
    ck_assert_int_eq(ov_query_group(t, fkeys, 1, cn, ce, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "0.5,1|1.5,1|2.5,3|,1");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_group(t, two, 2, cn, ce, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r),
                     "Essex,2020,2|Essex,2021,1|Kent,2020,1|Kent,2021,1|,2021,1");
    ov_table_free(r);
    ck_assert_int_eq(
        ov_query_group(t, keys, 1, cn, (const char *[]){"year"}, 1, &r, &err),
        OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "column 'year' is outside an aggregate") != NULL,
                  "%s", err.msg);
    ck_assert_int_eq(
        ov_query_group(t, keys, 1, cn, (const char *[]){"1 + 1"}, 1, &r, &err),
        OV_EINVAL);
    ck_assert_msg(strstr(err.msg, "holds no aggregate") != NULL, "%s", err.msg);
    ov_table_free(t);
}
END_TEST

START_TEST(test_group_empty_and_single_row)
{
    ov_table *e = table("force,year\n"), *one = table("force,year\nKent,2021\n"), *r;
    struct ov_err err;
    const char *keys[] = {"force"}, *n[] = {"n", "top"},
               *x[] = {"count()", "max(year)"};

    ck_assert_int_eq(ov_query_group(e, keys, 1, n, x, 1, &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 0);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(e, "force", &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 0);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_group(one, keys, 1, n, x, 2, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "Kent,1,2021");
    ov_table_free(r);
    ov_table_free(e);
    ov_table_free(one);
}
END_TEST

START_TEST(test_freq)
{
    ov_table *t = table(CSV), *r;
    struct ov_err err;

    /* most frequent first; ties by value; missing last, with valid_pct */
    ck_assert_int_eq(ov_query_freq(t, "force", &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "force,n,pct,cum_pct,valid_pct");
    ck_assert_str_eq(text(r),
                     "Essex,3,50,50,60|Kent,2,33.333333333333336,83.33333333333333,40|"
                     ",1,16.666666666666668,100,");
    ck_assert_ptr_nonnull(ov_table_col(r, 2)->num);
    ck_assert_double_eq(ov_table_col(r, 2)->num[1], 2);
    ck_assert_double_eq(ov_table_col(r, 2)->den[1], 6);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(t, "year", &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "year,n,pct,cum_pct");
    ck_assert_str_eq(text(r), "2020,3,50,50|2021,3,50,100");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(t, "nosuch", &r, &err), OV_ENOTFOUND);
    ov_table_free(t);
    /* a column named like a figure of the table: the figure gives way */
    t = table("pct,n,cum_pct\n1,5,x\n2,5,\n2,5,x\n");
    ck_assert_int_eq(ov_query_freq(t, "pct", &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "pct,n,pct_2,cum_pct");
    ck_assert_str_eq(text(r), "2,2,66.66666666666667,66.66666666666667|"
                              "1,1,33.333333333333336,100");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(t, "n", &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "n,count,pct,cum_pct");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(t, "cum_pct", &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "cum_pct,n,pct,cum_pct_2,valid_pct");
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_crosstab)
{
    ov_table *t = table(CSV), *r;
    struct ov_err err;

    ck_assert_int_eq(ov_query_crosstab(t, "force", "year", OV_CROSS_COUNT, &r, &err),
                     OV_OK);
    ck_assert_str_eq(names(r), "force,2020,2021,Total");
    ck_assert_str_eq(text(r), "Essex,2,1,3|Kent,1,1,2|(missing),0,1,1|Total,3,3,6");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab(t, "force", "year", OV_CROSS_ROW, &r, &err),
                     OV_OK);
    ck_assert_str_eq(text(r), "Essex,66.66666666666667,33.333333333333336,100|"
                              "Kent,50,50,100|(missing),0,100,100|Total,50,50,100");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab(t, "force", "year", OV_CROSS_COL, &r, &err),
                     OV_OK);
    ck_assert_str_eq(text(r),
                     "Essex,66.66666666666667,33.333333333333336,50|"
                     "Kent,33.333333333333336,33.333333333333336,33.333333333333336|"
                     "(missing),0,33.333333333333336,16.666666666666668|"
                     "Total,100,100,100");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab(t, "year", "year", OV_CROSS_COUNT, &r, &err),
                     OV_EINVAL);
    ov_table_free(t);
}
END_TEST

/* Keys spread wide enough to be hashed: -1 and 1969-12-31 (all bits set
 * as 64-bit keys) are values of their own, not 0 or 1970-01-01; and a
 * column holding both INT64_MIN and INT64_MAX has a range that does not
 * fit 63 bits (found by tests/diff). */
START_TEST(test_group_hashed_and_extreme_keys)
{
    ov_table *t = table("x,d\n0,1970-01-01\n-1,1969-12-31\n1000000000000,0001-01-01\n"
                        "-1,1969-12-31\n"),
             *e = table("x\n-9223372036854775808\n9223372036854775807\n0\n"
                        "9223372036854775807\n"),
             *r;
    struct ov_err err;
    const char *x[] = {"x"}, *d[] = {"d"}, *cn[] = {"n"}, *ce[] = {"count()"};

    ck_assert_int_eq(ov_query_freq(t, "x", &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "-1,2,50,50|0,1,25,75|1000000000000,1,25,100");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_distinct(t, d, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "0,1970-01-01|-1,1969-12-31|1000000000000,0001-01-01");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_group(t, d, 1, cn, ce, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "0001-01-01,1|1969-12-31,2|1970-01-01,1");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab(t, "d", "x", OV_CROSS_COUNT, &r, &err), OV_OK);
    ck_assert_str_eq(names(r), "d,-1,0,1000000000000,Total");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(e, "x", &r, &err), OV_OK);
    ck_assert_str_eq(text(r),
                     "9223372036854775807,2,50,50|-9223372036854775808,1,25,75|"
                     "0,1,25,100");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_distinct(e, x, 1, &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 3);
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab(e, "x", "x", OV_CROSS_COUNT, &r, &err),
                     OV_EINVAL);
    ck_assert_int_eq(ov_query_group(e, x, 1, cn, ce, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "-9223372036854775808,1|0,1|9223372036854775807,2");
    ov_table_free(r);
    ov_table_free(t);
    ov_table_free(e);
}
END_TEST

/* NaN (here inf - inf) is handled as a missing value is: it never equals
 * anything, so it matches nothing in a join, as `z == z` is false in an
 * expression; NaNs make one group; they sort after every number, before
 * missing values, in either direction. */
START_TEST(test_nan_keys)
{
    ov_table *t = table("k,x\n1,1e+308\n2,-1e+308\n3,2.0\n4,1e+308\n5,\n"), *u, *r;
    struct ov_err err;
    const char *nm[] = {"z"}, *ex[] = {"(x * 10) - (x * 10)"}, *z[] = {"z"},
               *cn[] = {"n"}, *ce[] = {"count()"}, *desc[] = {"-z"};

    ck_assert_int_eq(ov_query_mutate(t, nm, ex, 1, &u, &err), OV_OK);
    ck_assert_str_eq(text(u), "1,1e+308,nan|2,-1e+308,nan|3,2.0,0|4,1e+308,nan|5,,");
    ck_assert_int_eq(ov_query_group(u, z, 1, cn, ce, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "0,1|nan,3|,1");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_sort(u, z, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "3,2.0,0|1,1e+308,nan|2,-1e+308,nan|4,1e+308,nan|5,,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_sort(u, desc, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "3,2.0,0|1,1e+308,nan|2,-1e+308,nan|4,1e+308,nan|5,,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_freq(u, "z", &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "nan,3,60,60,75|0,1,20,80,25|,1,20,100,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_distinct(u, z, 1, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "1,1e+308,nan|3,2.0,0|5,,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab(u, "z", "k", OV_CROSS_COUNT, &r, &err), OV_OK);
    ck_assert_str_eq(text(r), "0,0,0,1,0,0,1|nan,1,1,0,1,0,3|(missing),0,0,0,0,1,1|"
                              "Total,1,1,1,1,1,5");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_join(u, u, z, 1, OV_JOIN_INNER, &r, NULL, &err), OV_OK);
    ck_assert_str_eq(text(r), "3,2.0,0,3,2.0");
    ov_table_free(r);
    ov_table_free(u);
    ov_table_free(t);
}
END_TEST

/* A column needs a name; messages carry the method's name once (the Lua
 * layer puts it in front). */
START_TEST(test_names_and_messages)
{
    ov_table *t = table(CSV), *r;
    struct ov_err err;
    const char *keys[] = {"force"}, *empty[] = {""}, *ce[] = {"count()"};

    ck_assert_int_eq(ov_query_group(t, keys, 1, empty, ce, 1, &r, &err), OV_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.msg,
                     "every aggregate needs a name, as in agg{ n = \"count()\" }");
    ck_assert_int_eq(ov_query_group(t, NULL, 0, empty, ce, 1, &r, &err), OV_EINVAL);
    ck_assert_int_eq(ov_query_mutate(t, empty, ce, 1, &r, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     "every new column needs a name, as in mutate{ x = \"year + 1\" }");
    /* an expression's error says which expression, even when its text
     * starts with the name given */
    ck_assert_int_eq(ov_query_group(t, keys, 1, (const char *[]){"sum"},
                                    (const char *[]){"sum(force)"}, 1, &r, &err),
                     OV_ETYPE);
    ck_assert_msg(strstr(err.msg, "sum = \"sum(force)\": sum needs numbers") == err.msg,
                  "%s", err.msg);
    ck_assert_int_eq(ov_query_mutate(t, (const char *[]){"arith"},
                                     (const char *[]){"force + 1"}, 1, &r, &err),
                     OV_ETYPE);
    ck_assert_msg(strstr(err.msg, "arith = \"force + 1\": arithmetic needs") == err.msg,
                  "%s", err.msg);
    ck_assert_int_eq(ov_query_crosstab(t, "year", "year", OV_CROSS_COUNT, &r, &err),
                     OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     "give two different columns (the same column twice: 'year')");
    ck_assert_int_eq(ov_query_crosstab(t, "force", "id", OV_CROSS_COUNT, &r, &err),
                     OV_OK);
    ov_table_free(r);
    ov_table_free(t);
    t = table("a,b\n1,1\n");
    {
        /* 1,001 distinct values across */
        char *csv = malloc(16 * 1024), *p = csv;
        int i;

        ov_table_free(t);
        p += sprintf(p, "a,b\n");
        for (i = 0; i < 1001; i++)
            p += sprintf(p, "x,%d\n", i);
        t = table(csv);
        free(csv);
    }
    ck_assert_int_eq(ov_query_crosstab(t, "a", "b", OV_CROSS_COUNT, &r, &err),
                     OV_ERANGE);
    ck_assert_msg(strstr(err.msg, "'b' has 1001 distinct values") == err.msg, "%s",
                  err.msg);
    ov_table_free(t);
}
END_TEST

/* summary reads min, max and mean through agg expressions naming the
 * column: a name of any length, with backquotes in it */
START_TEST(test_summary_long_names)
{
    char csv[1200], *p = csv;
    ov_table *t, *r;
    struct ov_err err;
    int i;

    for (i = 0; i < 400; i++)
        *p++ = 'x';
    p += sprintf(p, ",a`b\n5,x\n7,y\n");
    t = table(csv);
    ck_assert_int_eq(ov_query_summary(t, &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 2);
    ck_assert_str_eq(
        text(r) + 400,
        ",int,2,0,2,5,7,6,5 (1), 7 (1)|a`b,string,2,0,2,x,y,,x (1), y (1)");
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_join)
{
    ov_table *a =
        table("cr_id,finding,cv\nC1,NS,1\nC2,SU,1\nC3,EX,2\nC1,SU,1\n,NS,1\n");
    ov_table *b =
        table("cr_id,year,cv\nC1,2001,9\nC2,2002,9\nC1,2011,9\nC9,2009,9\n,2000,9\n");
    ov_table *r;
    struct ov_err err;
    struct ov_join_info info;
    const char *key[] = {"cr_id"}, *bad[] = {"crid"};

    /* C1 appears twice on each side: four rows; missing keys match nothing */
    ck_assert_int_eq(ov_query_join(a, b, key, 1, OV_JOIN_INNER, &r, &info, &err),
                     OV_OK);
    ck_assert_str_eq(names(r), "cr_id,finding,cv,year,cv_2");
    ck_assert_str_eq(text(r),
                     "C1,NS,1,2001,9|C1,NS,1,2011,9|C2,SU,1,2002,9|C1,SU,1,2001,9|"
                     "C1,SU,1,2011,9");
    ck_assert_uint_eq(info.out_rows, 5);
    ck_assert_uint_eq(info.multi_left, 2);
    ck_assert_uint_eq(info.unmatched_left, 2);
    ck_assert_uint_eq(info.renamed, 1);
    ck_assert_str_eq(info.renamed_first, "cv -> cv_2");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_join(a, b, key, 1, OV_JOIN_LEFT, &r, &info, &err), OV_OK);
    ck_assert_str_eq(text(r), "C1,NS,1,2001,9|C1,NS,1,2011,9|C2,SU,1,2002,9|C3,EX,2,,|"
                              "C1,SU,1,2001,9|C1,SU,1,2011,9|,NS,1,,");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_join(a, b, bad, 1, OV_JOIN_INNER, &r, &info, &err),
                     OV_ENOTFOUND);
    ck_assert_str_eq(err.msg, "no column 'crid'; did you mean 'cr_id'?");
    /* no rows on one side or the other, or none kept by a filter: an empty
     * result, with nothing read from a list of no rows (UBSan) */
    {
        ov_table *none, *empty = table("cr_id,year\n");

        ck_assert_int_eq(ov_query_where(a, "cv > 5", &none, &err), OV_OK);
        ck_assert_uint_eq(ov_table_nrows(none), 0);
        ck_assert_int_eq(ov_query_join(none, b, key, 1, OV_JOIN_LEFT, &r, &info, &err),
                         OV_OK);
        ck_assert_str_eq(names(r), "cr_id,finding,cv,year,cv_2");
        ck_assert_uint_eq(ov_table_nrows(r), 0);
        ov_table_free(r);
        ck_assert_int_eq(
            ov_query_join(a, empty, key, 1, OV_JOIN_INNER, &r, &info, &err), OV_OK);
        ck_assert_uint_eq(ov_table_nrows(r), 0);
        ov_table_free(r);
        ck_assert_int_eq(ov_query_join(a, empty, key, 1, OV_JOIN_LEFT, &r, &info, &err),
                         OV_OK);
        ck_assert_str_eq(text(r), "C1,NS,1,|C2,SU,1,|C3,EX,2,|C1,SU,1,|,NS,1,");
        ov_table_free(r);
        ov_table_free(none);
        ov_table_free(empty);
    }
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

START_TEST(test_join_types)
{
    ov_table *a = table("k,x\n1,a\n2,b\n"), *b = table("k,y\n1.0,p\n2.5,q\n");
    ov_table *c = table("k,z\nx,1\n"), *r;
    struct ov_err err;
    const char *key[] = {"k"};

    /* whole numbers meet floats by value */
    ck_assert_int_eq(ov_query_join(a, b, key, 1, OV_JOIN_INNER, &r, NULL, &err), OV_OK);
    ck_assert_str_eq(text(r), "1,a,p");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_join(a, c, key, 1, OV_JOIN_INNER, &r, NULL, &err),
                     OV_ETYPE);
    ck_assert_msg(
        strstr(err.msg, "key 'k' is int in one table and string in the other") != NULL,
        "%s", err.msg);
    ov_table_free(a);
    ov_table_free(b);
    ov_table_free(c);
}
END_TEST

START_TEST(test_kernels_stop_when_interrupted)
{
    char *csv = malloc(3000000), *p = csv;
    ov_table *t, *r = NULL;
    struct ov_err err;
    const char *keys[] = {"k"}, *n[] = {"n"}, *x[] = {"count()"};
    size_t i;

    p += sprintf(p, "i,k\n");
    for (i = 0; i < 200000; i++)
        p += sprintf(p, "%zu,%zu\n", i, i % 1000);
    t = table(csv);
    free(csv);
    ov_interrupt_request();
    ck_assert_int_eq(ov_query_where(t, "k > 5", &r, &err), OV_EINTR);
    ck_assert_int_eq(ov_query_sort(t, keys, 1, &r, &err), OV_EINTR);
    ck_assert_int_eq(ov_query_group(t, keys, 1, n, x, 1, &r, &err), OV_EINTR);
    ck_assert_ptr_null(r);
    ov_interrupt_clear();
    ck_assert_int_eq(ov_query_group(t, keys, 1, n, x, 1, &r, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 1000);
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

Suite *
make_query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_where_select_drop_rename);
    tcase_add_test(tc, test_sort_is_stable_with_missing_last);
    tcase_add_test(tc, test_sort_many_rows);
    tcase_add_test(tc, test_head_tail_sample);
    tcase_add_test(tc, test_distinct_and_mutate);
    tcase_add_test(tc, test_group_by);
    tcase_add_test(tc, test_rate_columns);
    tcase_add_test(tc, test_group_empty_and_single_row);
    tcase_add_test(tc, test_freq);
    tcase_add_test(tc, test_crosstab);
    tcase_add_test(tc, test_group_hashed_and_extreme_keys);
    tcase_add_test(tc, test_nan_keys);
    tcase_add_test(tc, test_names_and_messages);
    tcase_add_test(tc, test_summary_long_names);
    tcase_add_test(tc, test_join);
    tcase_add_test(tc, test_join_types);
    tcase_add_test(tc, test_kernels_stop_when_interrupted);
    suite_add_tcase(s, tc);
    return s;
}
