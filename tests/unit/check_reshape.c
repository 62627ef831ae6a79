/*
 * check_reshape.c - longer, wider and the crosstab of a value on small
 * tables: the order of rows and columns, types and their widening, missing
 * values, the refusal of duplicate cells, empty tables, and text columns
 * whose dictionaries use 1-, 2- and 4-byte codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "ov_mem.h"
#include "query.h"
#include "suites.h"
#include "value.h"

static char dir[64];

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ov-check-reshape.XXXXXX");
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

/* the table as text: fields joined by ',', rows by '|', missing as '.' */
static const char *
text(const ov_table *t)
{
    static char out[8192];
    size_t i, j, k = 0;

    out[0] = '\0';
    for (i = 0; i < ov_table_nrows(t); i++) {
        for (j = 0; j < ov_table_ncols(t); j++) {
            struct ov_view v = ov_table_colview(t, j);
            size_t len = 1;
            char buf[OV_VALUE_TEXT_MAX];
            const char *s = ".";

            if (!ov_view_missing(&v, i))
                s = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
            k += (size_t)snprintf(out + k, sizeof out - k, "%s%.*s", j ? "," : "",
                                  (int)len, s);
        }
        k += (size_t)snprintf(out + k, sizeof out - k, "%s",
                              i + 1 < ov_table_nrows(t) ? "|" : "");
    }
    return out;
}

/* the column names and types: "force:string,year:string,fte:float" */
static const char *
schema(const ov_table *t)
{
    static char out[1024];
    size_t j, k = 0;

    out[0] = '\0';
    for (j = 0; j < ov_table_ncols(t); j++)
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s:%s", j ? "," : "",
                              ov_table_colname(t, j),
                              ov_type_name(ov_table_col(t, j)->type));
    return out;
}

/* a wide official-style table: FTE by force and year, one gap per force
 * but Kent, 2020 whole numbers only */
static const char *const WIDE = "force,region,2019,2020,2021\n"
                                "Kent,South East,3600.5,3700,3810.25\n"
                                "Essex,East,3150,,3400\n"
                                "Suffolk,East,1200,1250,\n";

START_TEST(test_longer_order_types_missing)
{
    ov_table *t = table(WIDE), *r;
    struct ov_err err;
    const char *years[] = {"2019", "2020", "2021"};
    const char *two[] = {"2020", "2019"};

    ck_assert_int_eq(ov_query_longer(t, years, 3, "year", "fte", false, &r, &err),
                     OV_OK);
    /* the int column 2020 widens to decimals with the others; each row keeps
     * its own written form */
    ck_assert_str_eq(schema(r), "force:string,region:string,year:string,fte:float");
    ck_assert_str_eq(text(r), "Kent,South East,2019,3600.5|Kent,South East,2020,3700|"
                              "Kent,South East,2021,3810.25|Essex,East,2019,3150|"
                              "Essex,East,2020,.|Essex,East,2021,3400|"
                              "Suffolk,East,2019,1200|Suffolk,East,2020,1250|"
                              "Suffolk,East,2021,.");
    ov_table_free(r);
    /* the order of the columns given, missing values dropped */
    ck_assert_int_eq(ov_query_longer(t, two, 2, "name", "value", true, &r, &err),
                     OV_OK);
    ck_assert_str_eq(schema(r),
                     "force:string,region:string,2021:float,name:string,value:float");
    ck_assert_str_eq(text(r), "Kent,South East,3810.25,2020,3700|"
                              "Kent,South East,3810.25,2019,3600.5|"
                              "Essex,East,3400,2019,3150|Suffolk,East,.,2020,1250|"
                              "Suffolk,East,.,2019,1200");
    ov_table_free(r);
    ov_table_free(t);
    /* whole numbers first, then decimals written with ".0": each as written */
    t = table("id,a,b\n1,3,2.0\n2,4,2.5\n");
    ck_assert_int_eq(ov_query_longer(t, (const char *[]){"a", "b"}, 2, "name", "value",
                                     false, &r, &err),
                     OV_OK);
    ck_assert_str_eq(text(r), "1,a,3|1,b,2.0|2,a,4|2,b,2.5");
    ov_table_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_longer_refusals_and_empty)
{
    ov_table *t = table(WIDE), *e, *r;
    struct ov_err err;
    const char *mixed[] = {"2019", "region"};
    const char *typo[] = {"2091"};
    const char *twice[] = {"2019", "2019"};
    const char *years[] = {"2019", "2020", "2021"};

    ck_assert_int_eq(ov_query_longer(t, mixed, 2, "year", "fte", false, &r, &err),
                     OV_ETYPE);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.msg, "the columns to stack must share a type (whole numbers "
                              "and decimals mix), and these do not: '2019' (float), "
                              "'region' (string)");
    ck_assert_int_eq(ov_query_longer(t, typo, 1, "year", "fte", false, &r, &err),
                     OV_ENOTFOUND);
    ck_assert_str_eq(err.msg, "no column '2091'; did you mean '2019'?");
    ck_assert_int_eq(ov_query_longer(t, twice, 2, "year", "fte", false, &r, &err),
                     OV_EINVAL);
    ck_assert_int_eq(ov_query_longer(t, years, 3, "force", "fte", false, &r, &err),
                     OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     "'force' is a column that is kept: give names_to another name");
    ck_assert_int_eq(ov_query_longer(t, years, 3, "v", "v", false, &r, &err),
                     OV_EINVAL);
    ck_assert_int_eq(ov_query_longer(t, years, 0, "year", "fte", false, &r, &err),
                     OV_EINVAL);
    /* no rows: no rows, the columns all there */
    ck_assert_int_eq(ov_query_where(t, "region == 'Wales'", &e, &err), OV_OK);
    ck_assert_int_eq(ov_query_longer(e, years, 3, "year", "fte", false, &r, &err),
                     OV_OK);
    ck_assert_uint_eq(ov_table_nrows(r), 0);
    ck_assert_str_eq(schema(r), "force:string,region:string,year:string,fte:float");
    ov_table_free(r);
    ov_table_free(e);
    ov_table_free(t);
}
END_TEST

START_TEST(test_wider_order_missing_and_round_trip)
{
    ov_table *t = table(WIDE), *l, *w, *s;
    struct ov_err err;
    const char *years[] = {"2019", "2020", "2021"};
    const char *region[] = {"region"};

    ck_assert_int_eq(ov_query_longer(t, years, 3, "year", "fte", true, &l, &err),
                     OV_OK);
    /* back again: the same table, the gaps missing again */
    ck_assert_int_eq(ov_query_wider(l, "year", "fte", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_OK);
    ck_assert_str_eq(schema(w), schema(t));
    ck_assert_str_eq(text(w), "Kent,South East,3600.5,3700,3810.25|Essex,East,3150,.,"
                              "3400|Suffolk,East,1200,1250,.");
    ov_table_free(w);
    /* ids and names in order of first appearance */
    ck_assert_int_eq(ov_query_sort(l, (const char *[]){"-year"}, 1, &s, &err), OV_OK);
    ck_assert_int_eq(ov_query_wider(s, "year", "fte", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_OK);
    ck_assert_str_eq(schema(w),
                     "force:string,region:string,2021:float,2020:float,2019:float");
    ck_assert_str_eq(text(w), "Kent,South East,3810.25,3700,3600.5|Essex,East,3400,.,"
                              "3150|Suffolk,East,.,1250,1200");
    ov_table_free(w);
    ov_table_free(s);
    /* two forces in East: refused without agg, summed with it */
    ck_assert_int_eq(ov_query_wider(l, "year", "fte", region, 1, OV_AGG_NONE, &w, &err),
                     OV_EINVAL);
    ck_assert_ptr_null(w);
    ck_assert_str_eq(err.msg,
                     "2 rows fall in one cell (region = East, year = 2019); give agg = "
                     "\"sum\" (or \"mean\", \"min\", \"max\", \"count\", \"first\") to "
                     "combine them, or more id_cols to tell them apart");
    ck_assert_int_eq(ov_query_wider(l, "year", "fte", region, 1, OV_AGG_SUM, &w, &err),
                     OV_OK);
    ck_assert_str_eq(text(w), "South East,3600.5,3700,3810.25|East,4350,1250,3400");
    ov_table_free(w);
    ck_assert_int_eq(
        ov_query_wider(l, "year", "fte", region, 1, OV_AGG_COUNT, &w, &err), OV_OK);
    ck_assert_str_eq(schema(w), "region:string,2019:int,2020:int,2021:int");
    ck_assert_str_eq(text(w), "South East,1,1,1|East,2,1,1");
    ov_table_free(w);
    ck_assert_int_eq(
        ov_query_wider(l, "year", "fte", region, 1, OV_AGG_FIRST, &w, &err), OV_OK);
    ck_assert_str_eq(text(w), "South East,3600.5,3700,3810.25|East,3150,1250,3400");
    ov_table_free(w);
    ck_assert_int_eq(
        ov_query_wider(l, "year", "force", region, 1, OV_AGG_SUM, &w, &err), OV_ETYPE);
    ov_table_free(l);
    ov_table_free(t);
}
END_TEST

START_TEST(test_wider_missing_names_collisions_empty)
{
    ov_table *t = table("id,k,v\n1,a,10\n1,,11\n2,b,12\n2,id,13\n"), *w, *e;
    struct ov_err err;
    const char *idc[] = {"id"};

    /* "id" is a value of k and the name of the id column */
    ck_assert_int_eq(ov_query_wider(t, "k", "v", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_EINVAL);
    ck_assert_str_eq(err.msg, "'k' holds the value 'id', which is the name of the id "
                              "column 'id': rename that column first");
    ck_assert_int_eq(ov_query_where(t, "v < 13", &e, &err), OV_OK);
    /* a missing name becomes the column "(missing)" */
    ck_assert_int_eq(ov_query_wider(e, "k", "v", idc, 1, OV_AGG_NONE, &w, &err), OV_OK);
    ck_assert_str_eq(schema(w), "id:int,a:int,(missing):int,b:int");
    ck_assert_str_eq(text(w), "1,10,11,.|2,.,.,12");
    ov_table_free(w);
    ck_assert_int_eq(ov_query_wider(e, "k", "k", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_EINVAL);
    ck_assert_int_eq(
        ov_query_wider(e, "k", "v", (const char *[]){"k"}, 1, OV_AGG_NONE, &w, &err),
        OV_EINVAL);
    ov_table_free(e);
    /* no rows: no rows and no name columns */
    ck_assert_int_eq(ov_query_where(t, "v > 100", &e, &err), OV_OK);
    ck_assert_int_eq(ov_query_wider(e, "k", "v", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_OK);
    ck_assert_uint_eq(ov_table_nrows(w), 0);
    ck_assert_str_eq(schema(w), "id:int");
    ov_table_free(w);
    ov_table_free(e);
    /* no id columns: one row */
    ck_assert_int_eq(ov_query_where(t, "id == 2", &e, &err), OV_OK);
    ck_assert_int_eq(ov_query_drop(e, idc, 1, &w, &err), OV_OK);
    ov_table_free(e);
    e = w;
    ck_assert_int_eq(ov_query_wider(e, "k", "v", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_OK);
    ck_assert_str_eq(schema(w), "b:int,id:int");
    ck_assert_str_eq(text(w), "12,13");
    ov_table_free(w);
    ov_table_free(e);
    ov_table_free(t);
}
END_TEST

/* a table of n rows: id (int), then text columns with dictionaries of
 * 3, 300 and 70,000 strings (1-, 2- and 4-byte codes) */
static ov_table *
wide_text(size_t n)
{
    static const size_t sizes[] = {3, 300, 70000};
    static const char *const cname[] = {"small", "medium", "large"};
    ov_table *t = ov_table_new(n, NULL);
    ov_column *id = ov_column_new(OV_INT, n, NULL, 0, NULL);
    size_t i, k;

    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(id);
    for (i = 0; i < n; i++)
        id->data.i64[i] = (int64_t)i;
    ck_assert_int_eq(ov_table_add_column(t, "id", id, NULL), OV_OK);
    ov_column_unref(id);
    for (k = 0; k < 3; k++) {
        ov_column *c = ov_column_new(OV_STRING, n, NULL, (uint32_t)sizes[k], NULL);

        ck_assert_ptr_nonnull(c);
        for (i = 0; i < n; i++) {
            char s[32];
            uint32_t code;
            int len = snprintf(s, sizeof s, "%c%zu", "smL"[k], i % sizes[k]);

            ck_assert_int_eq(ov_dict_intern(c->dict, s, (size_t)len, &code, NULL),
                             OV_OK);
            ov_column_set_code(c, i, code);
            if (i % 7 == 3)
                ck_assert_int_eq(ov_column_set_missing(c, i), OV_OK);
        }
        ov_column_finish(c);
        ck_assert_int_eq(ov_table_add_column(t, cname[k], c, NULL), OV_OK);
        ov_column_unref(c);
    }
    return t;
}

START_TEST(test_text_codes_of_every_width)
{
    size_t n = 70000, i, j;
    ov_table *t = wide_text(n), *l, *w;
    struct ov_err err;
    const char *cols[] = {"large", "small", "medium"};

    ck_assert_uint_eq(ov_table_col(t, 1)->width, 1);
    ck_assert_uint_eq(ov_table_col(t, 2)->width, 2);
    ck_assert_uint_eq(ov_table_col(t, 3)->width, 4);
    ck_assert_int_eq(ov_query_longer(t, cols, 3, "which", "code", false, &l, &err),
                     OV_OK);
    ck_assert_uint_eq(ov_table_nrows(l), 3 * n);
    for (i = 0; i < n; i += 997) {
        for (j = 0; j < 3; j++) {
            struct ov_view v = ov_table_colview(l, 2);
            struct ov_view nm = ov_table_colview(l, 1);
            struct ov_view src = ov_table_colview(t, (size_t)ov_table_find(t, cols[j]));
            size_t a, b;
            const char *x = ov_column_str(v.col, ov_view_row(&v, 3 * i + j), &a);
            const char *y = ov_column_str(src.col, i, &b);

            ck_assert_str_eq(ov_column_str(nm.col, ov_view_row(&nm, 3 * i + j), NULL),
                             cols[j]);
            ck_assert_int_eq(ov_view_missing(&v, 3 * i + j), i % 7 == 3);
            if (i % 7 == 3)
                continue;
            ck_assert_uint_eq(a, b);
            ck_assert_int_eq(memcmp(x, y, a), 0);
        }
    }
    /* and back: every cell as it was */
    ck_assert_int_eq(ov_query_wider(l, "which", "code", NULL, 0, OV_AGG_NONE, &w, &err),
                     OV_OK);
    ck_assert_uint_eq(ov_table_nrows(w), n);
    for (j = 0; j < 3; j++) {
        struct ov_view a = ov_table_colview(w, (size_t)ov_table_find(w, cols[j]));
        struct ov_view b = ov_table_colview(t, (size_t)ov_table_find(t, cols[j]));

        for (i = 0; i < n; i++) {
            ck_assert_int_eq(ov_view_missing(&a, i), ov_view_missing(&b, i));
            if (!ov_view_missing(&a, i))
                ck_assert_str_eq(ov_column_str(a.col, ov_view_row(&a, i), NULL),
                                 ov_column_str(b.col, i, NULL));
        }
    }
    ov_table_free(w);
    ov_table_free(l);
    ov_table_free(t);
}
END_TEST

static const char *const LONG = "region,year,force,fte\n"
                                "East,2019,Essex,3150\n"
                                "East,2019,Suffolk,1200\n"
                                "East,2020,Suffolk,1250\n"
                                "South East,2019,Kent,3600\n"
                                "South East,2020,Kent,\n"
                                "East,2021,Essex,3400\n"
                                "South East,2021,Kent,3810\n";

START_TEST(test_crosstab_value)
{
    ov_table *t = table(LONG), *r;
    struct ov_err err;

    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fte", OV_AGG_SUM, &r, &err),
        OV_OK);
    ck_assert_str_eq(schema(r), "region:string,2019:int,2020:int,2021:int,Total:int");
    /* South East 2020 has a row but no value: missing, as SQL's SUM */
    ck_assert_str_eq(text(r), "East,4350,1250,3400,9000|South East,3600,.,3810,7410|"
                              "Total,7950,1250,7210,16410");
    ov_table_free(r);
    /* the Total of a mean is the mean of the rows, not of the cells */
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fte", OV_AGG_MEAN, &r, &err),
        OV_OK);
    ck_assert_str_eq(text(r), "East,2175,1250,3400,2250|South East,3600,.,3810,3705|"
                              "Total,2650,1250,3605,2735");
    ov_table_free(r);
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fte", OV_AGG_MAX, &r, &err),
        OV_OK);
    ck_assert_str_eq(text(r), "East,3150,1250,3400,3400|South East,3600,.,3810,3810|"
                              "Total,3600,1250,3810,3810");
    ov_table_free(r);
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fte", OV_AGG_MIN, &r, &err),
        OV_OK);
    ck_assert_str_eq(text(r), "East,1200,1250,3400,1200|South East,3600,.,3810,3600|"
                              "Total,1200,1250,3400,1200");
    ov_table_free(r);
    /* count counts values present: 0, not missing, for an empty cell */
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fte", OV_AGG_COUNT, &r, &err),
        OV_OK);
    ck_assert_str_eq(text(r), "East,2,1,1,4|South East,1,0,1,2|Total,3,1,2,6");
    ov_table_free(r);
    ck_assert_int_eq(ov_query_crosstab_value(t, "region", "year", "force",
                                             OV_AGG_COUNT_DISTINCT, &r, &err),
                     OV_OK);
    ck_assert_str_eq(text(r), "East,2,1,1,2|South East,1,1,1,1|Total,3,2,2,3");
    ov_table_free(r);
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "force", OV_AGG_SUM, &r, &err),
        OV_ETYPE);
    ck_assert_str_eq(err.msg, "agg = \"sum\" needs numbers, and 'force' is a string "
                              "column; count and count_distinct take any column");
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fte", OV_AGG_NONE, &r, &err),
        OV_EINVAL);
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "year", OV_AGG_SUM, &r, &err),
        OV_EINVAL);
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "region", "year", "fet", OV_AGG_SUM, &r, &err),
        OV_ENOTFOUND);
    ck_assert_ptr_null(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_kernels_stop_when_interrupted)
{
    ov_table *t = wide_text(70000), *r;
    struct ov_err err;
    const char *cols[] = {"small", "medium"};

    ov_interrupt_request();
    ck_assert_int_eq(ov_query_longer(t, cols, 2, "k", "v", false, &r, &err), OV_EINTR);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(
        ov_query_wider(t, "small", "medium", NULL, 0, OV_AGG_FIRST, &r, &err),
        OV_EINTR);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(
        ov_query_crosstab_value(t, "small", "medium", "id", OV_AGG_SUM, &r, &err),
        OV_EINTR);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.msg, "interrupted");
    ov_interrupt_clear();
    ov_table_free(t);
}
END_TEST

START_TEST(test_agg_names)
{
    int k;

    for (k = OV_AGG_SUM; k <= OV_AGG_FIRST; k++)
        ck_assert_int_eq(ov_agg_from_name(ov_agg_name((enum ov_agg)k)), k);
    ck_assert_int_eq(ov_agg_from_name("median"), -1);
    ck_assert_int_eq(ov_agg_from_name(""), -1);
}
END_TEST

Suite *
make_reshape_suite(void)
{
    Suite *s = suite_create("reshape");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_longer_order_types_missing);
    tcase_add_test(tc, test_longer_refusals_and_empty);
    tcase_add_test(tc, test_wider_order_missing_and_round_trip);
    tcase_add_test(tc, test_wider_missing_names_collisions_empty);
    tcase_add_test(tc, test_text_codes_of_every_width);
    tcase_add_test(tc, test_crosstab_value);
    tcase_add_test(tc, test_kernels_stop_when_interrupted);
    tcase_add_test(tc, test_agg_names);
    suite_add_tcase(s, tc);
    return s;
}
