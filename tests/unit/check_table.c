/*
 * check_table.c - columns (types, validity, written text) and tables
 * (adding columns, views that share them, provenance).
 */
#include <string.h>

#include "column.h"
#include "ov_mem.h"
#include "suites.h"
#include "table.h"
#include "value.h"

static ov_column *
int_column(const int64_t *v, size_t n)
{
    struct ov_err err;
    ov_column *c = ov_column_new(OV_INT, n, NULL, 0, &err);

    ck_assert_ptr_nonnull(c);
    memcpy(c->data.i64, v, n * sizeof *v);
    return c;
}

START_TEST(test_types_by_name)
{
    ck_assert_str_eq(ov_type_name(OV_STRING), "string");
    ck_assert_int_eq(ov_type_from_name("date"), OV_DATE);
    ck_assert_int_eq(ov_type_from_name("integer"), -1);
}
END_TEST

START_TEST(test_missing_values)
{
    int64_t v[130] = {0};
    ov_column *c = int_column(v, 130);

    ck_assert(!ov_column_missing(c, 5));
    ck_assert_int_eq(ov_column_set_missing(c, 5), OV_OK);
    ck_assert_int_eq(ov_column_set_missing(c, 129), OV_OK);
    ov_column_finish(c);
    ck_assert_uint_eq(c->nmissing, 2);
    ck_assert(ov_column_missing(c, 5));
    ck_assert(ov_column_missing(c, 129));
    ck_assert(!ov_column_missing(c, 128));
    ov_column_unref(c);
}
END_TEST

START_TEST(test_all_present_drops_bitmap)
{
    int64_t v[3] = {1, 2, 3};
    ov_column *c = int_column(v, 3);

    ck_assert_int_eq(ov_column_alloc_valid(c), OV_OK);
    ov_column_finish(c);
    ck_assert_ptr_null(c->valid);
    ck_assert_uint_eq(c->nmissing, 0);
    ov_column_unref(c);
}
END_TEST

START_TEST(test_text_as_written)
{
    struct ov_err err;
    ov_column *f = ov_column_new(OV_FLOAT, 2, NULL, 0, &err);
    ov_column *d = ov_column_new(OV_DATE, 1, NULL, 0, &err);
    ov_column *s = ov_column_new(OV_STRING, 2, NULL, 2, &err);
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;
    uint32_t code;

    f->data.f64[0] = 130469.0;
    f->data.f64[1] = 3.0;
    f->float_style = OV_FLOAT_PY;
    ck_assert_str_eq(ov_column_text(f, 0, buf, &len), "130469.0");
    ck_assert_int_eq(ov_column_alloc_decimals(f), OV_OK);
    f->decimals[1] = 0;
    ck_assert_str_eq(ov_column_text(f, 1, buf, &len), "3");
    ov_parse_date("31/03/2021", 10, OV_DATE_DMY, &d->data.days[0]);
    d->datefmt = OV_DATE_DMY;
    ck_assert_str_eq(ov_column_text(d, 0, buf, &len), "31/03/2021");
    ov_dict_intern(s->dict, "Essex", 5, &code, NULL);
    ov_column_set_code(s, 0, code);
    ov_column_set_missing(s, 1);
    ck_assert_str_eq(ov_column_text(s, 0, buf, &len), "Essex");
    ck_assert_str_eq(ov_column_text(s, 1, buf, &len), "");
    ck_assert_uint_eq(len, 0);
    ov_column_unref(f);
    ov_column_unref(d);
    ov_column_unref(s);
}
END_TEST

START_TEST(test_code_widths)
{
    ck_assert_uint_eq(ov_code_width(256), 1);
    ck_assert_uint_eq(ov_code_width(257), 2);
    ck_assert_uint_eq(ov_code_width(65536), 2);
    ck_assert_uint_eq(ov_code_width(65537), 4);
}
END_TEST

START_TEST(test_table_columns_and_views)
{
    int64_t v[3] = {7, 8, 9};
    ov_column *c = int_column(v, 3);
    struct ov_err err;
    ov_table *t = ov_table_new(3, &err), *w;
    size_t base;

    ck_assert_int_eq(ov_table_add_column(t, "n", c, &err), OV_OK);
    ck_assert_uint_eq(c->refs, 2);
    ck_assert_int_eq(ov_table_add_column(t, "n", c, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg, "there is already a column named 'n'");
    ov_column_unref(c);
    ck_assert_int_eq(ov_table_find(t, "n"), 0);
    ck_assert_int_eq(ov_table_find(t, "m"), -1);
    ov_table_set_name(t, "complaints");
    ov_table_set_fact(t, "source", "x.csv");
    ov_table_add_step(t, "load_csv(\"x.csv\")");
    base = ov_mem_used();
    w = ov_table_view(t, &err);
    ck_assert_ptr_nonnull(w);
    /* a view shares the column: a few bytes, not another copy */
    ck_assert_uint_lt(ov_mem_used() - base, 1024);
    ck_assert_ptr_eq(ov_table_col(w, 0), ov_table_col(t, 0));
    ck_assert_str_eq(ov_table_name(w), "complaints");
    ck_assert_str_eq(ov_table_fact(w, "source"), "x.csv");
    ck_assert_uint_eq(ov_table_nsteps(w), 1);
    ov_table_free(t);
    /* the column outlives the first table */
    ck_assert_int_eq(ov_table_col(w, 0)->data.i64[2], 9);
    ov_table_free(w);
}
END_TEST

START_TEST(test_wrong_length_rejected)
{
    int64_t v[2] = {1, 2};
    ov_column *c = int_column(v, 2);
    struct ov_err err;
    ov_table *t = ov_table_new(3, &err);

    ck_assert_int_eq(ov_table_add_column(t, "x", c, &err), OV_EINVAL);
    ck_assert_str_eq(err.msg, "column 'x' has 2 rows, the table 3");
    ov_column_unref(c);
    ov_table_free(t);
}
END_TEST

START_TEST(test_take_shares_columns_and_composes)
{
    int64_t v[4] = {10, 20, 30, 40};
    ov_column *c = int_column(v, 4);
    struct ov_err err;
    ov_table *t = ov_table_new(4, &err), *a, *b;
    uint32_t pick[] = {3, 1, 0}, again[] = {2, OV_NOROW};
    struct ov_view view;

    ov_table_add_column(t, "v", c, &err);
    ov_table_add_column(t, "w", c, &err);
    ov_column_unref(c);
    a = ov_table_take(t, pick, 3, &err);
    ck_assert_uint_eq(ov_table_nrows(a), 3);
    /* both columns see the rows through one shared index */
    ck_assert_ptr_eq(ov_table_colidx(a, 0), ov_table_colidx(a, 1));
    view = ov_table_colview(a, 0);
    ck_assert_int_eq(view.col->data.i64[ov_view_row(&view, 0)], 40);
    b = ov_table_take(a, again, 2, &err);
    view = ov_table_colview(b, 1);
    ck_assert_int_eq(view.col->data.i64[ov_view_row(&view, 0)], 10);
    ck_assert(ov_view_missing(&view, 1)); /* "no row" reads as missing */
    ov_table_free(t);
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

Suite *
make_table_suite(void)
{
    Suite *s = suite_create("table");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_types_by_name);
    tcase_add_test(tc, test_missing_values);
    tcase_add_test(tc, test_all_present_drops_bitmap);
    tcase_add_test(tc, test_text_as_written);
    tcase_add_test(tc, test_code_widths);
    tcase_add_test(tc, test_table_columns_and_views);
    tcase_add_test(tc, test_wrong_length_rejected);
    tcase_add_test(tc, test_take_shares_columns_and_composes);
    suite_add_tcase(s, tc);
    return s;
}
