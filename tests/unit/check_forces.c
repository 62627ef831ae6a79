/*
 * check_forces.c - police force names: every official name, short name
 * and known spelling reads as its force, the bundled datasets agree with
 * the compiled-in table, unknown names read as none, and a join's
 * unmatched keys are listed with the nearest name and force_name()'s view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forces.h"
#include "loader.h"
#include "query.h"
#include "suites.h"
#include "testdir.h"
#include "value.h"

#define DATA OV_TEST_DATA "/../../data/"

static const struct ov_force *
find(const char *s)
{
    return ov_force_find(s, strlen(s));
}

/* the force s names, by short name, or "(none)" */
static const char *
name_of(const char *s)
{
    const struct ov_force *f = find(s);

    return f != NULL ? f->name : "(none)";
}

START_TEST(test_names_and_codes)
{
    size_t i, j, coded = 0;

    ck_assert_uint_eq(ov_force_count(), 46);
    for (i = 0; i < ov_force_count(); i++) {
        const struct ov_force *f = ov_force_at(i);

        ck_assert_ptr_eq(find(f->name), f);
        ck_assert_ptr_eq(find(f->official), f);
        if (f->ons_code[0] != '\0') {
            coded++;
            ck_assert_uint_eq(strlen(f->ons_code), 9);
            ck_assert_msg(strncmp(f->ons_code, "E23", 3) == 0 ||
                              strncmp(f->ons_code, "W15", 3) == 0,
                          "%s: %s", f->name, f->ons_code);
            for (j = 0; j < i; j++)
                ck_assert_str_ne(ov_force_at(j)->ons_code, f->ons_code);
        }
    }
    ck_assert_uint_eq(coded, 43);
    ck_assert_ptr_null(ov_force_at(46));
}
END_TEST

START_TEST(test_every_variant)
{
    size_t i, force, n = ov_force_variant_count();

    ck_assert_uint_gt(n, 200);
    for (i = 0; i < n; i++) {
        const char *v = ov_force_variant(i, &force);

        ck_assert_msg(find(v) == ov_force_at(force), "'%s' read as %s, not %s", v,
                      name_of(v), ov_force_at(force)->name);
    }
    ck_assert_ptr_null(ov_force_variant(n, &force));
}
END_TEST

/* the text of row i of column col of t */
static const char *
cell(const ov_table *t, const char *col, size_t i, char *buf)
{
    struct ov_view v = ov_table_colview(t, (size_t)ov_table_find(t, col));
    size_t len;
    const char *s;

    if (ov_view_missing(&v, i))
        return "";
    s = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
    if (s == buf)
        buf[len] = '\0';
    return s;
}

/* the bundled datasets say what the compiled-in table says */
START_TEST(test_datasets_agree)
{
    ov_table *forces = NULL, *names = NULL;
    struct ov_err err;
    char a[OV_VALUE_TEXT_MAX], b[OV_VALUE_TEXT_MAX];
    size_t i;

    ck_assert_msg(ov_load_csv(DATA "forces.csv", NULL, &forces, NULL, &err) == OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_nrows(forces), ov_force_count());
    for (i = 0; i < ov_force_count(); i++) {
        const struct ov_force *f = ov_force_at(i);

        ck_assert_str_eq(cell(forces, "force", i, a), f->name);
        ck_assert_str_eq(cell(forces, "official_name", i, a), f->official);
        ck_assert_str_eq(cell(forces, "ons_code", i, a), f->ons_code);
        ck_assert_str_eq(cell(forces, "region", i, a), f->region);
    }
    ck_assert_msg(ov_load_csv(DATA "force_names.csv", NULL, &names, NULL, &err) ==
                      OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_nrows(names), ov_force_variant_count());
    for (i = 0; i < ov_table_nrows(names); i++) {
        const char *v = cell(names, "name", i, a);

        ck_assert_msg(strcmp(name_of(v), cell(names, "force", i, b)) == 0,
                      "'%s' read as %s, not %s", v, name_of(v), b);
    }
    ov_table_free(forces);
    ov_table_free(names);
}
END_TEST

START_TEST(test_spacing_case_punctuation)
{
    static const char *const cases[][2] = {
        {"  aVoN   &   SOMERSET  ", "Avon and Somerset"},
        {"avon&somerset", "Avon and Somerset"},
        {"AVON-AND-SOMERSET CONSTABULARY", "Avon and Somerset"},
        {"Avon and Somerset Police Service", "Avon and Somerset"},
        {"Dyfed Powys Police", "Dyfed-Powys"},
        {"dyfed-powys", "Dyfed-Powys"},
        {"Dyfed\xE2\x80\x93Powys", "Dyfed-Powys"}, /* an en dash */
        {"Dyfed.Powys", "Dyfed-Powys"},
        {"Heddlu Gogledd Cymru", "North Wales"},
        {"HEDDLU DE CYMRU", "South Wales"},
        {"London, City of", "City of London"},
        {"City\xC2\xA0of London Police", "City of London"}, /* a no-break space */
        {"Metropolitan Police Service", "Metropolitan Police"},
        {"the Met", "Metropolitan Police"},
        {"Met", "Metropolitan Police"},
        {"Devon & Cornwall", "Devon and Cornwall"},
        {"Hampshire and Isle of Wight Constabulary", "Hampshire"},
        {"\tEssex\nPolice\r", "Essex"},
        {"British Transport", "British Transport Police"},
        {"Police Service of Northern Ireland", "PSNI"},
        {"Police Scotland", "Police Scotland"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(strcmp(name_of(cases[i][0]), cases[i][1]) == 0,
                      "'%s' read as %s, not %s", cases[i][0], name_of(cases[i][0]),
                      cases[i][1]);
    /* the length given, not the NUL, ends the text */
    ck_assert_str_eq(ov_force_find("Kent Police and more", 11)->name, "Kent");
}
END_TEST

START_TEST(test_unknown)
{
    static const char *const none[] = {
        "",
        "   ",
        "Police",
        "Constabulary",
        "Police Service",
        "the",
        "Gotham City Police",
        "Essexx",
        "Essex Police Essex",
        "West Midlands & Warwickshire",
        "Total 43 forces",
        "England and Wales",
        "Scotland Yard",
        "Avon",
    };
    char longer[400];
    size_t i;

    for (i = 0; i < sizeof none / sizeof none[0]; i++)
        ck_assert_msg(find(none[i]) == NULL, "'%s' read as %s", none[i],
                      name_of(none[i]));
    ck_assert_ptr_null(ov_force_find(NULL, 0));
    /* too long to be a name, even with a force's name at its start */
    memset(longer, ' ', sizeof longer - 1);
    memcpy(longer, "Kent", 4);
    longer[sizeof longer - 1] = '\0';
    ck_assert_ptr_null(find(longer));
}
END_TEST

static ov_table *
table(const char *csv)
{
    FILE *f;
    ov_table *t = NULL;
    struct ov_err err;
    static int k;
    char name[32];

    snprintf(name, sizeof name, "t%d.csv", k++);
    f = fopen(ov_testdir_path(name), "w");
    ck_assert_ptr_nonnull(f);
    fputs(csv, f);
    fclose(f);
    ck_assert_msg(ov_load_csv(ov_testdir_path(name), NULL, &t, NULL, &err) == OV_OK,
                  "%s", err.msg);
    return t;
}

static void
make_dir(void)
{
    ov_testdir_make("forces");
}

START_TEST(test_join_misses)
{
    ov_table *a = table("force,n\nAvon & Somerset,1\nEssex Police,2\nGotham,3\n"
                        "Dyfed Powys Police,4\nGotham,5\nEssex Police,6\n");
    ov_table *b = table("force,officers\nAvon and Somerset Constabulary,10\n"
                        "Essex Police,20\nDyfed-Powys,30\nKent,40\n");
    struct ov_join_miss m[2];
    size_t n, distinct, forces;
    struct ov_err err;

    ck_assert_int_eq(
        ov_query_join_misses(a, b, "force", m, 2, &n, &distinct, &forces, &err), OV_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(distinct, 3);
    ck_assert_uint_eq(forces, 2);
    ck_assert_str_eq(m[0].key, "Avon & Somerset");
    ck_assert_uint_eq(m[0].rows, 1);
    ck_assert(m[0].force);
    ck_assert_str_eq(m[0].nearest, "Avon and Somerset Constabulary");
    ck_assert_str_eq(m[1].key, "Gotham");
    ck_assert_uint_eq(m[1].rows, 2);
    ck_assert(!m[1].force);
    ck_assert_ptr_null(m[1].nearest);
    /* the other way: Kent is the only key of b that a lacks under any name */
    ck_assert_int_eq(
        ov_query_join_misses(b, a, "force", m, 2, &n, &distinct, &forces, &err), OV_OK);
    ck_assert_uint_eq(distinct, 3);
    ck_assert_uint_eq(forces, 2);
    /* a number key, or a column one side lacks: nothing said */
    ck_assert_int_eq(
        ov_query_join_misses(a, b, "n", m, 2, &n, &distinct, &forces, &err), OV_OK);
    ck_assert_uint_eq(distinct, 0);
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

START_TEST(test_nearest_typo)
{
    ov_table *a = table("k\nalpha\nbeta\n");
    ov_table *b = table("k\nalpah\ngamma\n");
    struct ov_join_miss m[3];
    size_t n, distinct, forces;
    struct ov_err err;

    ck_assert_int_eq(
        ov_query_join_misses(a, b, "k", m, 3, &n, &distinct, &forces, &err), OV_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(forces, 0);
    ck_assert_str_eq(m[0].nearest, "alpah");
    ck_assert(!m[0].force);
    ck_assert_ptr_null(m[1].nearest); /* 'beta' and 'gamma' are not near */
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

Suite *
make_forces_suite(void)
{
    Suite *s = suite_create("forces");
    TCase *tc = tcase_create("names");
    TCase *tj = tcase_create("join");

    tcase_add_test(tc, test_names_and_codes);
    tcase_add_test(tc, test_every_variant);
    tcase_add_test(tc, test_datasets_agree);
    tcase_add_test(tc, test_spacing_case_punctuation);
    tcase_add_test(tc, test_unknown);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(tj, make_dir, ov_testdir_remove);
    tcase_add_test(tj, test_join_misses);
    tcase_add_test(tj, test_nearest_typo);
    suite_add_tcase(s, tj);
    return s;
}
