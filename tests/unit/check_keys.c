/*
 * check_keys.c - the fast paths for keys on whole-number, date and text
 * columns (group numbers by value range or dictionary code, count_distinct
 * by bitmap, the hash map and hash set past them) against a plain
 * reference worked out here by sorting: random columns dense and sparse,
 * negative, at the INT64 extremes, with missing values, in one group, a
 * few and many, whole and through a row index.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "ov_mem.h"
#include "query.h"
#include "suites.h"

static char dir[64];

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ov-check-keys.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static uint64_t rng;

static uint64_t
next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* the kinds of value column */
enum kind { DENSE, SPARSE, NEGATIVE, EXTREMES, NEAR_MAX, NEAR_MIN, DATES, ALL_MISSING };

/* one test table: x (the values), g (a whole-number group key), s (a text
 * group key), each with a missing flag per row */
struct data {
    size_t n;
    int64_t *x, *g;
    int *s;
    uint8_t *xm, *gm, *sm;
};

static int64_t
value(enum kind k, size_t n)
{
    static const int64_t extremes[] = {INT64_MIN, INT64_MIN + 1, -1,       0,
                                       1,         INT64_MAX - 1, INT64_MAX};

    switch (k) {
    case DENSE:
        return 1000 + (int64_t)(next() % (n / 3 + 1));
    case SPARSE:
        return (int64_t)(next() >> 1) - (int64_t)(next() >> 2);
    case NEGATIVE:
        return -500 + (int64_t)(next() % 1001);
    case EXTREMES:
        return extremes[next() % 7];
    case NEAR_MAX:
        return INT64_MAX - (int64_t)(next() % 1000);
    case NEAR_MIN:
        return INT64_MIN + (int64_t)(next() % 1000);
    case DATES:
        return (int64_t)(next() % 4000); /* days after 2000-01-01 */
    default:
        return 0;
    }
}

/* writes and loads a table of n rows: values of kind k (missing one row
 * in `xmiss`), group keys in [0, groups) (missing one row in `gmiss`,
 * when gmiss > 0) */
static ov_table *
make(struct data *d, enum kind k, size_t n, size_t groups, unsigned xmiss,
     unsigned gmiss)
{
    char path[128];
    static int serial;
    FILE *f;
    size_t i;
    ov_table *t;
    struct ov_err err;

    d->n = n;
    d->x = calloc(n, sizeof *d->x);
    d->g = calloc(n, sizeof *d->g);
    d->s = calloc(n, sizeof *d->s);
    d->xm = calloc(n, 1);
    d->gm = calloc(n, 1);
    d->sm = calloc(n, 1);
    snprintf(path, sizeof path, "%s/k%d.csv", dir, serial++);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("x,g,s\n", f);
    for (i = 0; i < n; i++) {
        d->x[i] = value(k, n);
        d->g[i] = (int64_t)(next() % groups);
        d->s[i] = (int)(next() % 5);
        d->xm[i] = k == ALL_MISSING || (xmiss > 0 && next() % xmiss == 0);
        d->gm[i] = gmiss > 0 && next() % gmiss == 0;
        /* a row of nothing but commas is skipped by the loader */
        d->sm[i] = next() % 7 == 0 && !(d->xm[i] && d->gm[i]);
        if (d->xm[i])
            d->x[i] = 0;
        else if (k == DATES)
            fprintf(f, "%04d-%02d-%02d", 2000 + (int)(d->x[i] / 336),
                    1 + (int)(d->x[i] % 336 / 28), 1 + (int)(d->x[i] % 28));
        else
            fprintf(f, "%lld", (long long)d->x[i]);
        if (d->gm[i])
            d->g[i] = 0;
        if (d->gm[i])
            fputs(",", f);
        else
            fprintf(f, ",%lld", (long long)d->g[i]);
        if (d->sm[i])
            fputs(",\n", f);
        else
            fprintf(f, ",force %c\n", 'A' + d->s[i]);
    }
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_msg(ov_load_csv(path, NULL, &t, NULL, &err) == OV_OK, "%s", err.msg);
    if (k != ALL_MISSING)
        ck_assert_int_eq(ov_table_col(t, 0)->type, k == DATES ? OV_DATE : OV_INT);
    if (gmiss == 0 || groups > 1)
        ck_assert_int_eq(ov_table_col(t, 1)->type, OV_INT);
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_STRING);
    return t;
}

static void
drop(struct data *d)
{
    free(d->x);
    free(d->g);
    free(d->s);
    free(d->xm);
    free(d->gm);
    free(d->sm);
}

/* keeps rows sel[0..m) of d (as ov_table_take does to the table) */
static void
take(struct data *d, const uint32_t *sel, size_t m)
{
    struct data e = {m,         malloc(m * 8), malloc(m * 8), malloc(m * sizeof(int)),
                     malloc(m), malloc(m),     malloc(m)};
    size_t i;

    for (i = 0; i < m; i++) {
        e.x[i] = d->x[sel[i]];
        e.g[i] = d->g[sel[i]];
        e.s[i] = d->s[sel[i]];
        e.xm[i] = d->xm[sel[i]];
        e.gm[i] = d->gm[sel[i]];
        e.sm[i] = d->sm[sel[i]];
    }
    drop(d);
    *d = e;
}

/* a row for the reference: group key (missing sorts last), value */
struct pair {
    int gmiss;
    int64_t g;
    int xmiss;
    int64_t x;
    size_t row;
};

static int
cmp_pair(const void *a, const void *b)
{
    const struct pair *p = a, *q = b;

    if (p->gmiss != q->gmiss)
        return p->gmiss - q->gmiss;
    if (p->g != q->g)
        return p->g < q->g ? -1 : 1;
    if (p->xmiss != q->xmiss)
        return p->xmiss - q->xmiss;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return p->row < q->row ? -1 : p->row > q->row;
}

/* the pairs of d, keyed by g (by_text: by s; none: one group), sorted */
static struct pair *
pairs(const struct data *d, int by)
{
    struct pair *p = malloc((d->n ? d->n : 1) * sizeof *p);
    size_t i;

    for (i = 0; i < d->n; i++) {
        p[i].gmiss = by == 0 ? d->gm[i] : by == 1 ? d->sm[i] : 0;
        p[i].g = by == 0 ? d->g[i] : by == 1 ? d->s[i] : 0;
        if (p[i].gmiss)
            p[i].g = 0;
        p[i].xmiss = d->xm[i];
        p[i].x = d->x[i];
        p[i].row = i;
    }
    qsort(p, d->n, sizeof *p, cmp_pair);
    return p;
}

static int64_t
int_at(const ov_table *t, size_t j, size_t i)
{
    struct ov_view v = ov_table_colview(t, j);
    size_t r = ov_view_row(&v, i);

    ck_assert_int_eq(v.col->type, OV_INT);
    return v.col->data.i64[r];
}

/* group by g (by 0), s (1) or nothing (2) with count() and
 * count_distinct(x): each row of the result against the reference */
static void
check_group(const ov_table *t, const struct data *d, int by)
{
    const char *keys[] = {by == 0 ? "g" : "s"};
    const char *names[] = {"n", "c"}, *exprs[] = {"count()", "count_distinct(x)"};
    ov_table *r;
    struct ov_err err;
    struct pair *p = pairs(d, by);
    size_t i = 0, row = 0;

    ck_assert_msg(ov_query_group(t, keys, by == 2 ? 0 : 1, names, exprs, 2, &r, &err) ==
                      OV_OK,
                  "%s", err.msg);
    while (i < d->n) {
        size_t j = i, distinct = 0;

        for (; j < d->n && p[j].gmiss == p[i].gmiss && p[j].g == p[i].g; j++)
            if (!p[j].xmiss && (j == i || p[j - 1].xmiss || p[j].x != p[j - 1].x))
                distinct++;
        ck_assert_uint_lt(row, ov_table_nrows(r));
        if (by == 0) {
            struct ov_view v = ov_table_colview(r, 0);

            ck_assert_int_eq(ov_view_missing(&v, row), p[i].gmiss);
            if (!p[i].gmiss)
                ck_assert_int_eq(int_at(r, 0, row), p[i].g);
        }
        ck_assert_msg(int_at(r, by == 2 ? 0 : 1, row) == (int64_t)(j - i),
                      "by %d row %zu: %lld vs %zu", by, row,
                      (long long)int_at(r, by == 2 ? 0 : 1, row), j - i);
        ck_assert_int_eq(int_at(r, by == 2 ? 1 : 2, row), (int64_t)distinct);
        row++;
        i = j;
    }
    ck_assert_uint_eq(ov_table_nrows(r), d->n == 0 && by != 2 ? 0 : row ? row : 1);
    ov_table_free(r);
    free(p);
}

/* distinct(x): the first row of each value, missing as one value, in
 * order of first appearance */
static void
check_distinct(const ov_table *t, const struct data *d)
{
    const char *cols[] = {"x"};
    ov_table *r;
    struct ov_err err;
    struct pair *p = pairs(d, 2);
    uint8_t *first = calloc(d->n ? d->n : 1, 1);
    size_t i, k = 0;

    for (i = 0; i < d->n; i++)
        if (i == 0 || p[i].xmiss != p[i - 1].xmiss || p[i].x != p[i - 1].x)
            first[p[i].row] = 1;
    ck_assert_int_eq(ov_query_distinct(t, cols, 1, &r, &err), OV_OK);
    for (i = 0; i < d->n; i++) {
        struct ov_view v;

        if (!first[i])
            continue;
        ck_assert_uint_lt(k, ov_table_nrows(r));
        v = ov_table_colview(r, 0);
        ck_assert_int_eq(ov_view_missing(&v, k), d->xm[i]);
        /* the rows come whole: g tells which row it was */
        v = ov_table_colview(r, 1);
        ck_assert_int_eq(ov_view_missing(&v, k), d->gm[i]);
        if (!d->gm[i])
            ck_assert_int_eq(int_at(r, 1, k), d->g[i]);
        if (!d->xm[i] && v.col->type == OV_INT && ov_table_col(r, 0)->type == OV_INT)
            ck_assert_int_eq(int_at(r, 0, k), d->x[i]);
        k++;
    }
    ck_assert_uint_eq(k, ov_table_nrows(r));
    ov_table_free(r);
    free(first);
    free(p);
}

static void
check_all(const ov_table *t, const struct data *d)
{
    check_group(t, d, 0);
    check_group(t, d, 1);
    check_group(t, d, 2);
    check_distinct(t, d);
}

/* one table of each kind, then the same through a row index (every
 * other row, backwards), as after where() */
static void
run(enum kind k, size_t n, size_t groups, unsigned xmiss, unsigned gmiss)
{
    struct data d;
    ov_table *t, *u;
    struct ov_err err;
    uint32_t *sel = malloc((n / 2 + 1) * sizeof *sel);
    size_t i, m = 0;

    rng = 0x9E3779B97F4A7C15ull ^ (k * 1000003u + n * 31u + groups);
    t = make(&d, k, n, groups, xmiss, gmiss);
    check_all(t, &d);
    for (i = n; i-- > 0;)
        if (i % 2 == 0)
            sel[m++] = (uint32_t)i;
    u = ov_table_take(t, sel, m, &err);
    ck_assert_ptr_nonnull(u);
    take(&d, sel, m);
    check_all(u, &d);
    ov_table_free(u);
    ov_table_free(t);
    drop(&d);
    free(sel);
}

START_TEST(test_dense)
{
    run(DENSE, 5000, 3, 0, 0);
    run(DENSE, 5000, 3, 10, 20);
    run(DENSE, 3000, 1500, 4, 0); /* many groups */
    run(DENSE, 2000, 1, 3, 0);    /* one group */
}
END_TEST

START_TEST(test_sparse_and_negative)
{
    run(SPARSE, 4000, 3, 0, 0);
    run(SPARSE, 4000, 2000, 5, 9);
    run(NEGATIVE, 4000, 7, 0, 0);
    run(NEGATIVE, 4000, 7, 6, 3);
}
END_TEST

START_TEST(test_extremes)
{
    run(EXTREMES, 3000, 4, 0, 0);
    run(EXTREMES, 3000, 4, 5, 5);
    run(NEAR_MAX, 3000, 10, 8, 0);
    run(NEAR_MIN, 3000, 10, 8, 4);
}
END_TEST

START_TEST(test_dates_and_missing)
{
    run(DATES, 4000, 5, 0, 0);
    run(DATES, 4000, 5, 3, 6);
    run(ALL_MISSING, 500, 3, 0, 0);
    run(DENSE, 1, 1, 0, 0);
}
END_TEST

/* past a block of rows and the interrupt poll (65,536 rows) */
START_TEST(test_many_rows)
{
    run(DENSE, 150000, 42, 30, 0);
}
END_TEST

/* the kept scratch blocks: handed back when big enough, not counted as
 * used memory while kept */
START_TEST(test_scratch_reuse)
{
    size_t before;
    char *a, *b;

    ov_scratch_release();
    before = ov_mem_used();
    a = ov_scratch_take(1 << 20);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_ge(ov_mem_used(), before + (1 << 20));
    memset(a, 7, 1 << 20);
    ov_scratch_give(a);
    ck_assert_uint_eq(ov_mem_used(), before);
    b = ov_scratch_take(1 << 19);
    ck_assert_ptr_eq(a, b);
    ck_assert_uint_eq(ov_mem_used(), before + (1 << 20));
    ov_scratch_give(b);
    b = ov_scratch_take(4 << 20); /* too small a block is not handed out */
    ck_assert_ptr_ne(a, b);
    ov_free(b);
    /* under a limit the kept block would pass, a block of just n is made */
    ov_mem_clear_limit_hit();
    ov_mem_set_limit(ov_mem_used() + (600 << 10));
    b = ov_scratch_take(300 << 10);
    ck_assert_ptr_nonnull(b);
    ck_assert(!ov_mem_limit_hit());
    ov_free(b);
    ov_mem_set_limit(0);
    ov_scratch_release();
    ck_assert_uint_eq(ov_mem_used(), before);
}
END_TEST

Suite *
make_keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_dense);
    tcase_add_test(tc, test_sparse_and_negative);
    tcase_add_test(tc, test_extremes);
    tcase_add_test(tc, test_dates_and_missing);
    tcase_add_test(tc, test_many_rows);
    tcase_add_test(tc, test_scratch_reuse);
    suite_add_tcase(s, tc);
    return s;
}
