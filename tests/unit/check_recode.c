/*
 * check_recode.c - recoding a column (query_recode.c): the distinct values
 * found once, with their counts; decisions applied to every row, in place
 * or into a new column; undecided values kept or sent to `other`; the
 * audit's rows, order and rules; text forms of numbers and dates; a table
 * that sees only some rows of its column; and a random table checked row
 * by row against the decisions.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ov_mem.h"
#include "query.h"
#include "query_recode.h"
#include "suites.h"

/* a one-column text table named `name` from texts (NULL: missing), plus an
 * int column "id" numbering the rows */
static ov_table *
text_table(const char *name, const char *const *texts, size_t n)
{
    struct ov_err err;
    ov_table *t = ov_table_new(n, &err);
    ov_column *c = ov_column_new(OV_STRING, n, NULL, (uint32_t)(n + 1), &err);
    ov_column *id = ov_column_new(OV_INT, n, NULL, 0, &err);
    size_t i;

    ck_assert_ptr_nonnull(t);
    for (i = 0; i < n; i++) {
        uint32_t code;

        id->data.i64[i] = (int64_t)i + 1;
        if (texts[i] == NULL) {
            ck_assert_int_eq(ov_column_set_missing(c, i), OV_OK);
            continue;
        }
        ck_assert_int_eq(
            ov_dict_intern(c->dict, texts[i], strlen(texts[i]), &code, NULL), OV_OK);
        ov_column_set_code(c, i, code);
    }
    ov_column_finish(c);
    ck_assert_int_eq(ov_table_add_column(t, "id", id, &err), OV_OK);
    ck_assert_int_eq(ov_table_add_column(t, name, c, &err), OV_OK);
    ov_column_unref(c);
    ov_column_unref(id);
    return t;
}

/* the text of row i of column j, or NULL when missing */
static const char *
cell(const ov_table *t, size_t j, size_t i)
{
    struct ov_view v = ov_table_colview(t, j);

    if (ov_view_missing(&v, i))
        return NULL;
    ck_assert_int_eq(v.col->type, OV_STRING);
    return ov_column_str(v.col, ov_view_row(&v, i), NULL);
}

static void
assert_cell(const ov_table *t, size_t j, size_t i, const char *want)
{
    const char *got = cell(t, j, i);

    if (want == NULL)
        ck_assert_msg(got == NULL, "row %zu: expected missing, got '%s'", i,
                      got ? got : "");
    else
        ck_assert_msg(got != NULL && strcmp(got, want) == 0,
                      "row %zu: expected '%s', got '%s'", i, want,
                      got ? got : "(missing)");
}

/* the audit row for value v (NULL: the missing row), or -1 */
static long
audit_row(const ov_table *a, const char *v)
{
    size_t i;

    for (i = 0; i < ov_table_nrows(a); i++) {
        const char *x = cell(a, 0, i);

        if ((v == NULL && x == NULL) || (v != NULL && x != NULL && strcmp(x, v) == 0))
            return (long)i;
    }
    return -1;
}

static int64_t
audit_n(const ov_table *a, size_t i)
{
    return ov_table_col(a, 3)->data.i64[i];
}

/* k of the recode whose text is s */
static size_t
value_no(const ov_recode *r, const char *s)
{
    size_t k;

    for (k = 0; k < ov_recode_nvalues(r); k++)
        if (strcmp(ov_recode_value(r, k, NULL), s) == 0)
            return k;
    ck_abort_msg("no value '%s'", s);
    return 0;
}

static const char *const pen[] = {
    "Command Discipline A", "Instructions", NULL,
    "command discipline a", "Instructions", "W&A (Verbally)",
    "Command Discipline A", "Instructions",
};
#define NPEN (sizeof pen / sizeof pen[0])

START_TEST(test_distinct_values)
{
    ov_table *t = text_table("penalty", pen, NPEN);
    ov_recode *r = NULL;
    struct ov_err err;

    ck_assert_int_eq(ov_recode_new(t, "penalty", &r, &err), OV_OK);
    ck_assert_uint_eq(ov_recode_nvalues(r), 4);
    /* first appearance order */
    ck_assert_str_eq(ov_recode_value(r, 0, NULL), "Command Discipline A");
    ck_assert_str_eq(ov_recode_value(r, 1, NULL), "Instructions");
    ck_assert_str_eq(ov_recode_value(r, 2, NULL), "command discipline a");
    ck_assert_str_eq(ov_recode_value(r, 3, NULL), "W&A (Verbally)");
    ck_assert_uint_eq(ov_recode_rows(r, 0), 2);
    ck_assert_uint_eq(ov_recode_rows(r, 1), 3);
    ck_assert_uint_eq(ov_recode_rows(r, 2), 1);
    ck_assert_uint_eq(ov_recode_rows(r, 3), 1);
    ck_assert_uint_eq(ov_recode_rows(r, OV_RECODE_MISSING), 1);
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_unknown_column)
{
    ov_table *t = text_table("penalty", pen, NPEN);
    ov_recode *r = NULL;
    struct ov_err err;

    ck_assert_int_eq(ov_recode_new(t, "penalti", &r, &err), OV_ENOTFOUND);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.msg, "did you mean 'penalty'"));
    ov_table_free(t);
}
END_TEST

START_TEST(test_apply_in_place_kept)
{
    ov_table *t = text_table("penalty", pen, NPEN), *out = NULL, *audit = NULL;
    struct ov_recode_opts o = {NULL, NULL};
    struct ov_recode_info info;
    ov_recode *r = NULL;
    struct ov_err err;
    long i;

    ck_assert_int_eq(ov_recode_new(t, "penalty", &r, &err), OV_OK);
    ck_assert_int_eq(
        ov_recode_set(r, value_no(r, "Command Discipline A"), "cd", 2, "exact", &err),
        OV_OK);
    ck_assert_int_eq(ov_recode_set(r, value_no(r, "Instructions"), "instructions", 12,
                                   "pattern 2 \"Instr\"", &err),
                     OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &audit, &info, &err), OV_OK);
    /* in place: same columns, same position */
    ck_assert_uint_eq(ov_table_ncols(out), 2);
    ck_assert_str_eq(ov_table_colname(out, 1), "penalty");
    assert_cell(out, 1, 0, "cd");
    assert_cell(out, 1, 1, "instructions");
    assert_cell(out, 1, 2, NULL);
    assert_cell(out, 1, 3, "command discipline a"); /* kept */
    assert_cell(out, 1, 5, "W&A (Verbally)");
    assert_cell(out, 1, 6, "cd");
    /* the input is unchanged */
    assert_cell(t, 1, 0, "Command Discipline A");
    ck_assert_uint_eq(info.values, 4);
    ck_assert_uint_eq(info.matched_values, 2);
    ck_assert_uint_eq(info.matched_rows, 5);
    ck_assert_uint_eq(info.unmatched_values, 2);
    ck_assert_uint_eq(info.unmatched_rows, 2);
    ck_assert_uint_eq(info.changed_rows, 5);
    ck_assert_uint_eq(info.missing_rows, 1);
    /* the audit: most rows first, ties by value, the missing row last */
    ck_assert_uint_eq(ov_table_nrows(audit), 5);
    ck_assert_str_eq(ov_table_colname(audit, 1), "becomes");
    assert_cell(audit, 0, 0, "Instructions");
    assert_cell(audit, 0, 1, "Command Discipline A");
    assert_cell(audit, 0, 2, "W&A (Verbally)");
    assert_cell(audit, 0, 3, "command discipline a");
    assert_cell(audit, 0, 4, NULL);
    ck_assert_int_eq(audit_n(audit, 0), 3);
    ck_assert_int_eq(audit_n(audit, 4), 1);
    assert_cell(audit, 2, 0, "pattern 2 \"Instr\"");
    assert_cell(audit, 2, 1, "exact");
    assert_cell(audit, 1, 2, "W&A (Verbally)");
    assert_cell(audit, 2, 2, "unmatched (kept)");
    assert_cell(audit, 1, 4, NULL);
    assert_cell(audit, 2, 4, "missing (kept)");
    i = audit_row(audit, "command discipline a");
    ck_assert_int_eq(i, 3);
    ov_table_free(out);
    ov_table_free(audit);
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

START_TEST(test_other_into_missing)
{
    ov_table *t = text_table("penalty", pen, NPEN), *out = NULL, *audit = NULL;
    struct ov_recode_opts o = {"other", "kind"};
    struct ov_recode_info info;
    ov_recode *r = NULL;
    struct ov_err err;
    long i;

    ck_assert_int_eq(ov_recode_new(t, "penalty", &r, &err), OV_OK);
    /* to NULL: the value becomes missing */
    ck_assert_int_eq(
        ov_recode_set(r, value_no(r, "W&A (Verbally)"), NULL, 0, "function", &err),
        OV_OK);
    ck_assert_int_eq(
        ov_recode_set(r, OV_RECODE_MISSING, "not recorded", 12, "missing", &err),
        OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &audit, &info, &err), OV_OK);
    ck_assert_uint_eq(ov_table_ncols(out), 3);
    ck_assert_str_eq(ov_table_colname(out, 2), "kind");
    assert_cell(out, 1, 0, "Command Discipline A"); /* the original stays */
    assert_cell(out, 2, 0, "other");
    assert_cell(out, 2, 2, "not recorded");
    assert_cell(out, 2, 5, NULL);
    ck_assert_uint_eq(info.unmatched_values, 3);
    ck_assert_uint_eq(info.changed_rows, NPEN);
    i = audit_row(audit, "Instructions");
    assert_cell(audit, 2, (size_t)i, "other");
    assert_cell(audit, 1, (size_t)i, "other");
    i = audit_row(audit, NULL);
    assert_cell(audit, 1, (size_t)i, "not recorded");
    assert_cell(audit, 2, (size_t)i, "missing");
    i = audit_row(audit, "W&A (Verbally)");
    assert_cell(audit, 1, (size_t)i, NULL);
    ov_table_free(out);
    ov_table_free(audit);

    /* into a column the table has: refused, saying what to do */
    o.into = "id";
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &audit, &info, &err), OV_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_ptr_null(audit);
    ck_assert_ptr_nonnull(strstr(err.msg, "into = 'id'"));
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

/* applying with no result (a check) writes the audit and changes nothing:
 * a later apply gives the same audit */
START_TEST(test_check_only)
{
    ov_table *t = text_table("penalty", pen, NPEN), *out = NULL, *a1 = NULL, *a2 = NULL;
    struct ov_recode_opts o = {"other", NULL};
    struct ov_recode_info i1, i2;
    ov_recode *r = NULL;
    struct ov_err err;
    size_t i;

    ck_assert_int_eq(ov_recode_new(t, "penalty", &r, &err), OV_OK);
    ck_assert_int_eq(ov_recode_set(r, 0, "x", 1, "exact", &err), OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, t, &o, NULL, &a1, &i1, &err), OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &a2, &i2, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(a1), ov_table_nrows(a2));
    for (i = 0; i < ov_table_nrows(a1); i++) {
        const char *x = cell(a1, 1, i), *y = cell(a2, 1, i);

        ck_assert(x != NULL && y != NULL ? strcmp(x, y) == 0 : x == y);
        ck_assert_int_eq(audit_n(a1, i), audit_n(a2, i));
    }
    ck_assert_uint_eq(i1.changed_rows, i2.changed_rows);
    ov_table_free(a1);
    ov_table_free(a2);
    ov_table_free(out);
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

/* the result's dictionary holds only values some row has: an `other` no
 * value needed, a text for missing rows there are none of, and a decision
 * replaced leave nothing behind (c:unique() and the loader's writers read
 * the dictionary) */
START_TEST(test_no_unused_values)
{
    static const char *const two[] = {"a", "b", "a"};
    ov_table *t = text_table("x", two, 3), *out = NULL, *audit = NULL;
    struct ov_recode_opts o = {"other", NULL};
    struct ov_recode_info info;
    ov_recode *r = NULL;
    struct ov_err err;

    ck_assert_int_eq(ov_recode_new(t, "x", &r, &err), OV_OK);
    ck_assert_int_eq(ov_recode_set(r, 0, "first", 5, "exact", &err), OV_OK);
    ck_assert_int_eq(ov_recode_set(r, 0, "A", 1, "exact", &err), OV_OK);
    ck_assert_int_eq(ov_recode_set(r, 1, "A", 1, "exact", &err), OV_OK);
    ck_assert_int_eq(ov_recode_set(r, OV_RECODE_MISSING, "none", 4, "missing", &err),
                     OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &audit, &info, &err), OV_OK);
    ck_assert_uint_eq(ov_table_col(out, 1)->dict->n, 1);
    assert_cell(out, 1, 0, "A");
    assert_cell(out, 1, 1, "A");
    ck_assert_uint_eq(ov_table_nrows(audit), 2); /* no missing row */
    ck_assert_uint_eq(info.unmatched_values, 0);
    ov_table_free(out);
    ov_table_free(audit);
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

/* a table that sees some rows of its column: only the values it shows */
START_TEST(test_view_of_rows)
{
    ov_table *t = text_table("penalty", pen, NPEN), *v, *out = NULL, *audit = NULL;
    static const uint32_t rows[] = {5, 1, 1};
    struct ov_recode_opts o = {NULL, NULL};
    struct ov_recode_info info;
    ov_recode *r = NULL;
    struct ov_err err;

    v = ov_table_take(t, rows, 3, &err);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(ov_recode_new(v, "penalty", &r, &err), OV_OK);
    ck_assert_uint_eq(ov_recode_nvalues(r), 2);
    ck_assert_str_eq(ov_recode_value(r, 0, NULL), "W&A (Verbally)");
    ck_assert_uint_eq(ov_recode_rows(r, 1), 2);
    ck_assert_uint_eq(ov_recode_rows(r, OV_RECODE_MISSING), 0);
    ck_assert_int_eq(ov_recode_set(r, 1, "i", 1, "exact", &err), OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, v, &o, &out, &audit, &info, &err), OV_OK);
    assert_cell(out, 1, 0, "W&A (Verbally)");
    assert_cell(out, 1, 1, "i");
    assert_cell(out, 1, 2, "i");
    ck_assert_uint_eq(ov_table_nrows(audit), 2); /* no missing row */
    ov_table_free(audit);
    /* not the table r was made from */
    ck_assert_int_eq(ov_recode_apply(r, t, &o, NULL, &audit, &info, &err), OV_EINVAL);
    ck_assert_ptr_null(audit);
    ov_table_free(out);
    ov_recode_free(r);
    ov_table_free(v);
    ov_table_free(t);
}
END_TEST

/* numbers, dates and booleans by their text form; the result is text */
START_TEST(test_text_forms)
{
    struct ov_err err;
    ov_table *t = ov_table_new(4, &err), *out = NULL, *audit = NULL;
    ov_column *n = ov_column_new(OV_INT, 4, NULL, 0, &err);
    ov_column *d = ov_column_new(OV_DATE, 4, NULL, 0, &err);
    ov_column *b = ov_column_new(OV_BOOL, 4, NULL, 0, &err);
    struct ov_recode_opts o = {NULL, NULL};
    struct ov_recode_info info;
    ov_recode *r = NULL;

    n->grouped = true; /* no separators in the text recoded */
    n->data.i64[0] = 1234;
    n->data.i64[1] = -2;
    n->data.i64[2] = 1234;
    ck_assert_int_eq(ov_column_set_missing(n, 3), OV_OK);
    ov_column_finish(n);
    d->data.days[0] = 18717; /* 2021-03-31 */
    b->data.b[1] = 1;
    ck_assert_int_eq(ov_table_add_column(t, "n", n, &err), OV_OK);
    ck_assert_int_eq(ov_table_add_column(t, "d", d, &err), OV_OK);
    ck_assert_int_eq(ov_table_add_column(t, "b", b, &err), OV_OK);
    ov_column_unref(n);
    ov_column_unref(d);
    ov_column_unref(b);

    ck_assert_int_eq(ov_recode_new(t, "n", &r, &err), OV_OK);
    ck_assert_uint_eq(ov_recode_nvalues(r), 2);
    ck_assert_str_eq(ov_recode_value(r, 0, NULL), "1234");
    ck_assert_str_eq(ov_recode_value(r, 1, NULL), "-2");
    ck_assert_uint_eq(ov_recode_rows(r, 0), 2);
    ck_assert_uint_eq(ov_recode_rows(r, OV_RECODE_MISSING), 1);
    ck_assert_int_eq(ov_recode_set(r, 1, "negative", 8, "exact", &err), OV_OK);
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &audit, &info, &err), OV_OK);
    ck_assert_int_eq(ov_table_col(out, 0)->type, OV_STRING);
    assert_cell(out, 0, 0, "1234");
    assert_cell(out, 0, 1, "negative");
    assert_cell(out, 0, 3, NULL);
    ov_table_free(out);
    ov_table_free(audit);
    ov_recode_free(r);

    ck_assert_int_eq(ov_recode_new(t, "d", &r, &err), OV_OK);
    ck_assert_str_eq(ov_recode_value(r, 0, NULL), "2021-03-31");
    ov_recode_free(r);
    ck_assert_int_eq(ov_recode_new(t, "b", &r, &err), OV_OK);
    ck_assert_str_eq(ov_recode_value(r, 0, NULL), "false");
    ck_assert_str_eq(ov_recode_value(r, 1, NULL), "true");
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

/* a random column of 20,000 rows over 300 values, some missing, each value
 * decided at random (a new text, missing, or left undecided): every row
 * of the result must be what its value was decided to be, and the audit's
 * counts must add to the rows */
START_TEST(test_random_rows)
{
    enum { N = 20000, K = 300 };
    static char names[K][16];
    static const char *texts[N];
    static int decision[K]; /* 0 undecided, 1 new text, 2 missing */
    ov_table *t, *out = NULL, *audit = NULL;
    struct ov_recode_opts o = {NULL, NULL};
    struct ov_recode_info info;
    ov_recode *r = NULL;
    struct ov_err err;
    unsigned seed = 17;
    size_t i, k;
    int64_t total = 0;

    for (k = 0; k < K; k++)
        snprintf(names[k], sizeof names[k], "v%zu", k);
    for (i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        texts[i] = (seed >> 16) % 50 == 0 ? NULL : names[(seed >> 8) % K];
    }
    t = text_table("x", texts, N);
    ck_assert_int_eq(ov_recode_new(t, "x", &r, &err), OV_OK);
    for (k = 0; k < ov_recode_nvalues(r); k++) {
        const char *v = ov_recode_value(r, k, NULL);
        size_t which = (size_t)atoi(v + 1);
        char to[24];

        seed = seed * 1103515245u + 12345u;
        decision[which] = (int)((seed >> 16) % 3);
        snprintf(to, sizeof to, "new%zu", which % 7);
        if (decision[which] == 1)
            ck_assert_int_eq(ov_recode_set(r, k, to, strlen(to), "exact", &err), OV_OK);
        else if (decision[which] == 2)
            ck_assert_int_eq(ov_recode_set(r, k, NULL, 0, "exact", &err), OV_OK);
    }
    ck_assert_int_eq(ov_recode_apply(r, t, &o, &out, &audit, &info, &err), OV_OK);
    for (i = 0; i < N; i++) {
        char want[24];
        size_t which;

        if (texts[i] == NULL) {
            assert_cell(out, 1, i, NULL);
            continue;
        }
        which = (size_t)atoi(texts[i] + 1);
        snprintf(want, sizeof want, "new%zu", which % 7);
        assert_cell(out, 1, i,
                    decision[which] == 0   ? texts[i]
                    : decision[which] == 1 ? want
                                           : NULL);
    }
    for (i = 0; i < ov_table_nrows(audit); i++)
        total += audit_n(audit, i);
    ck_assert_int_eq(total, N);
    ck_assert_uint_eq(info.matched_rows + info.unmatched_rows + info.missing_rows, N);
    ov_table_free(out);
    ov_table_free(audit);
    ov_recode_free(r);
    ov_table_free(t);
}
END_TEST

Suite *
make_recode_suite(void)
{
    Suite *s = suite_create("recode");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_distinct_values);
    tcase_add_test(tc, test_unknown_column);
    tcase_add_test(tc, test_apply_in_place_kept);
    tcase_add_test(tc, test_other_into_missing);
    tcase_add_test(tc, test_check_only);
    tcase_add_test(tc, test_no_unused_values);
    tcase_add_test(tc, test_view_of_rows);
    tcase_add_test(tc, test_text_forms);
    tcase_add_test(tc, test_random_rows);
    suite_add_tcase(s, tc);
    return s;
}
