/*
 * check_xl_layout.c - a sheet's grid as a table: official layouts found
 * (title, notes, two- and three-row headers with merged and unmerged
 * group labels, glued footnote markers, blank rows, notes below),
 * markers made missing with their reasons, shown texts, raw mode, the
 * range/skip/header_rows overrides and their errors. Grids are built
 * here cell by cell, in the shapes of the Home Office and IOPC tables.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "column.h"
#include "loader.h"
#include "suites.h"
#include "table.h"
#include "value.h"
#include "xl.h"
#include "xl_layout.h"

static void
at(const char *name, uint32_t *r, uint32_t *c)
{
    uint32_t r1, c1;

    ck_assert_msg(ov_xl_parse_range(name, r, c, &r1, &c1), "bad cell %s", name);
}

static void
T(struct ov_xl_grid *g, const char *cell, const char *text)
{
    uint32_t r, c;
    struct ov_err err;

    at(cell, &r, &c);
    ck_assert_int_eq(ov_xl_grid_add(g, r, c, OV_XL_TEXT, 0, text, NULL, &err), OV_OK);
}

static void
N(struct ov_xl_grid *g, const char *cell, double v, const char *shown)
{
    uint32_t r, c;
    struct ov_err err;

    at(cell, &r, &c);
    ck_assert_int_eq(ov_xl_grid_add(g, r, c, OV_XL_NUMBER, v, NULL, shown, &err),
                     OV_OK);
}

static void
D(struct ov_xl_grid *g, const char *cell, int y, unsigned m, unsigned d,
  const char *shown)
{
    uint32_t r, c;
    struct ov_err err;

    at(cell, &r, &c);
    ck_assert_int_eq(ov_xl_grid_add(g, r, c, OV_XL_DATE, ov_days_from_civil(y, m, d),
                                    NULL, shown, &err),
                     OV_OK);
}

static void
M(struct ov_xl_grid *g, const char *range)
{
    uint32_t r0, c0, r1, c1;
    struct ov_err err;

    ck_assert(ov_xl_parse_range(range, &r0, &c0, &r1, &c1));
    ck_assert_int_eq(ov_xl_grid_add_merge(g, r0, c0, r1, c1, &err), OV_OK);
}

static struct ov_xl_grid *
new_grid(void)
{
    struct ov_err err;
    struct ov_xl_grid *g = ov_xl_grid_new(&err);

    ck_assert_ptr_nonnull(g);
    return g;
}

static void
finish(struct ov_xl_grid *g)
{
    struct ov_err err;

    ck_assert_int_eq(ov_xl_grid_finish(g, &err), OV_OK);
}

/* The grid finished and made a table with the defaults. */
static ov_table *
table_of(struct ov_xl_grid *g)
{
    struct ov_err err;
    ov_table *t = NULL;

    finish(g);
    ck_assert_msg(ov_xl_to_table(g, "c.xlsx", "Sheet1", "XLSX", NULL, &t, NULL, &err) ==
                      OV_OK,
                  "%s", err.msg);
    return t;
}

static double
num(const ov_table *t, size_t j, size_t i)
{
    const ov_column *c = ov_table_col(t, j);

    ck_assert(!ov_column_missing(c, i));
    if (c->type == OV_INT)
        return (double)c->data.i64[i];
    ck_assert_int_eq(c->type, OV_FLOAT);
    return c->data.f64[i];
}

static const char *
str(const ov_table *t, size_t j, size_t i)
{
    static char buf[OV_VALUE_TEXT_MAX];
    size_t n;
    const ov_column *c = ov_table_col(t, j);

    if (ov_column_missing(c, i))
        return "(missing)";
    return ov_column_text(c, i, buf, &n);
}

static bool
has_note(const struct ov_load_report *rep, const char *want)
{
    size_t i;

    for (i = 0; i < rep->nnotes; i++)
        if (strstr(rep->notes[i], want) != NULL)
            return true;
    return false;
}

static void
dump_notes(const struct ov_load_report *rep)
{
    size_t i;

    for (i = 0; i < rep->nnotes; i++)
        fprintf(stderr, "  note: %s\n", rep->notes[i]);
}

/* Table_1 of the Home Office's police workforce tables: a title, a blank
 * row, a note row, a header of three rows (merged group labels over two
 * rows, then dates and sub-labels, the first column's label merged and
 * empty), regions and forces, a blank separator, totals, notes below. */
static struct ov_xl_grid *
home_office(bool merged)
{
    struct ov_xl_grid *g = new_grid();

    T(g, "A1",
      "Table 1: Police officers by police force area, England and Wales, 30 "
      "September 2018, 31 March 2019 and 30 September 2019 (FTE)");
    T(g, "A3", "England and Wales");
    T(g, "H3", "Full-time equivalents");
    T(g, "B4", "As at:");
    T(g, "E4", "Change in 12 months\nSep-18 to Sep-19");
    T(g, "G4", "Change in 6 months Mar-19 to Sep-19");
    if (merged) {
        M(g, "A4:A6");
        M(g, "B4:D5");
        M(g, "E4:F5");
        M(g, "G4:H5");
    }
    T(g, merged ? "B6" : "B5", "30 September 20182");
    D(g, merged ? "C6" : "C5", 2019, 3, 31, "Mar-19");
    D(g, merged ? "D6" : "D5", 2019, 9, 30, "Sep-19");
    T(g, merged ? "E6" : "E5", "number");
    T(g, merged ? "F6" : "F5", "%");
    T(g, merged ? "G6" : "G5", "number");
    T(g, merged ? "H6" : "H5", "%");
    T(g, "A7", "North East");
    N(g, "B7", 5516.6500000000015, "5,517");
    N(g, "C7", 5397.6693999999998, "5,398");
    N(g, "D7", 5434.694300000001, "5,435");
    N(g, "E7", -81.955700000000434, "-82");
    N(g, "F7", -1.4856063009253879, "-1.5");
    N(g, "G7", 37.024900000001253, "37");
    N(g, "H7", 0.6859423439309057, "0.7");
    T(g, "A8", "Cleveland");
    N(g, "B8", 1223.92, "1,224");
    N(g, "C8", 1198.27, "1,198");
    N(g, "D8", 1225.8942999999999, "1,226");
    N(g, "E8", 1.9742999999998574, "2");
    N(g, "F8", 0.16130956271650576, "0.2");
    N(g, "G8", 27.624299999999948, "28");
    N(g, "H8", 2.3053485441511468, "2.3");
    T(g, "A10", "Total 43 forces");
    N(g, "B10", 122406.45084999985, "122,406");
    N(g, "C10", 123170.85695, "123,171");
    N(g, "D10", 124783.97276499993, "124,784");
    N(g, "E10", 2377.5219150000776, "2,378");
    N(g, "F10", 1.9423174991925523, "1.9");
    N(g, "G10", 1613.1158149999246, "1,613");
    N(g, "H10", 1.3096570527675659, "1.3");
    T(g, "A12", "Notes:");
    T(g, "A13", "2. Figures for 30 September 2018 are revised.");
    T(g, "A14", "Source: Home Office, Police workforce, England and Wales");
    finish(g);
    return g;
}

static void
check_home_office(bool merged)
{
    struct ov_xl_grid *g = home_office(merged);
    struct ov_sheet_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL, *shown, *markers;

    ov_sheet_opts_init(&o);
    ck_assert_msg(
        ov_xl_to_table(g, "tables.ods", "Table_1", "ODS", &o, &t, &rep, &err) == OV_OK,
        "%s", err.msg);
    ck_assert_uint_eq(ov_table_ncols(t), 8);
    ck_assert_uint_eq(ov_table_nrows(t), 3);
    ck_assert_str_eq(ov_table_colname(t, 0), "A");
    ck_assert_str_eq(ov_table_colname(t, 1), "As at: / 30 September 2018");
    ck_assert_str_eq(ov_table_colname(t, 2), "As at: / Mar-19");
    ck_assert_str_eq(ov_table_colname(t, 3), "As at: / Sep-19");
    ck_assert_str_eq(ov_table_colname(t, 4),
                     "Change in 12 months Sep-18 to Sep-19 / number");
    ck_assert_str_eq(ov_table_colname(t, 5),
                     "Change in 12 months Sep-18 to Sep-19 / %");
    ck_assert_str_eq(ov_table_colname(t, 7), "Change in 6 months Mar-19 to Sep-19 / %");
    ck_assert_str_eq(str(t, 0, 0), "North East");
    ck_assert_str_eq(str(t, 0, 2), "Total 43 forces");
    /* the stored number, not the shown one */
    ck_assert(num(t, 1, 0) == 5516.6500000000015);
    ck_assert(num(t, 3, 2) == 124783.97276499993);
    ck_assert_str_eq(ov_table_name(t), "Table_1");
    ck_assert_str_eq(ov_table_fact(t, "source"), "tables.ods");
    ck_assert_str_eq(ov_table_fact(t, "sheet"), "Table_1");
    ck_assert_str_eq(ov_table_fact(t, "format"), "ODS");
    ck_assert_str_eq(ov_table_fact(t, "range"), merged ? "A4:H10" : "A4:H10");
    ck_assert_str_eq(ov_table_fact(t, "header rows"), merged ? "3" : "2");
    ck_assert_str_eq(
        ov_table_fact(t, "title"),
        "Table 1: Police officers by police force area, England and Wales, 30 "
        "September 2018, 31 March 2019 and 30 September 2019 (FTE)");
    ck_assert_str_eq(ov_table_fact(t, "sheet note 1"),
                     "England and Wales; Full-time equivalents");
    ck_assert_str_eq(ov_table_fact(t, "sheet note 2"), "Notes:");
    ck_assert_str_eq(ov_table_fact(t, "sheet note 3"),
                     "2. Figures for 30 September 2018 are revised.");
    ck_assert_str_eq(ov_table_fact(t, "sheet note 4"),
                     "Source: Home Office, Police workforce, England and Wales");
    ck_assert_ptr_null(ov_table_fact(t, "sheet note 5"));
    ck_assert_str_eq(ov_table_fact(t, "footnote 1"),
                     "column B, label '30 September 20182': note 2");
    /* shown texts beside the values */
    shown = ov_table_shown(t);
    ck_assert_ptr_nonnull(shown);
    ck_assert_uint_eq(ov_table_nrows(shown), 3);
    ck_assert_str_eq(str(shown, 1, 0), "5,517");
    ck_assert_str_eq(str(shown, 5, 0), "-1.5");
    ck_assert_str_eq(str(shown, 0, 1), "Cleveland");
    markers = ov_table_markers(t);
    ck_assert_ptr_nonnull(markers);
    ck_assert_uint_eq(ov_table_nrows(markers), 0);
    if (!has_note(&rep, merged
                            ? "dropped 1 blank row inside the table (row 9)"
                            : "dropped 2 blank rows inside the table (rows 6 and 9)") ||
        !has_note(&rep, "took row 1 as the title") ||
        !has_note(&rep, merged ? "took rows 4 to 6 as the header"
                               : "took rows 4 to 5 as the header") ||
        !has_note(
            &rep,
            "set aside row 3 above the table and rows 12 to 14 below it as notes") ||
        !has_note(&rep,
                  "footnote marker: column B, label '30 September 20182': note 2") ||
        !has_note(&rep, "column A has no label in the header: called it 'A'")) {
        dump_notes(&rep);
        ck_abort_msg("report notes");
    }
    ov_load_report_free(&rep);
    ov_table_free(t);
    ov_xl_grid_free(g);
}

/* A footnote marker glued to a row label is cut off and kept when the
 * sheet has that note; not when it has none, nor when the number stands
 * apart from the words. */
START_TEST(test_row_label_footnotes)
{
    struct ov_xl_grid *g = new_grid();
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL;

    T(g, "A1", "Table 2: Complaints by force");
    T(g, "A3", "Force");
    T(g, "B3", "Complaints");
    T(g, "A4", "Wales3");
    N(g, "B4", 120, "120");
    T(g, "A5", "Gwent12");
    N(g, "B5", 40, "40");
    T(g, "A6", "Area 3");
    N(g, "B6", 7, "7");
    T(g, "A8", "3. Wales includes the four Welsh forces.");
    finish(g);
    ck_assert_msg(ov_xl_to_table(g, "t.ods", "Table_2", "ODS", NULL, &t, &rep, &err) ==
                      OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_nrows(t), 3);
    ck_assert_str_eq(str(t, 0, 0), "Wales");
    ck_assert_str_eq(str(t, 0, 1), "Gwent12");
    ck_assert_str_eq(str(t, 0, 2), "Area 3");
    ck_assert_str_eq(ov_table_fact(t, "footnote 1"),
                     "row 1 (A4), label 'Wales3': note 3");
    ck_assert_ptr_null(ov_table_fact(t, "footnote 2"));
    /* the sheet showed the label as it was */
    ck_assert_str_eq(str(ov_table_shown(t), 0, 0), "Wales3");
    if (!has_note(&rep, "footnote marker: row 1 (A4), label 'Wales3': note 3")) {
        dump_notes(&rep);
        ck_abort_msg("report notes");
    }
    ov_load_report_free(&rep);
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

START_TEST(test_home_office_merged)
{
    check_home_office(true);
}
END_TEST

START_TEST(test_home_office_unmerged)
{
    check_home_office(false);
}
END_TEST

/* IOPC-style: markers where numbers are withheld. */
static struct ov_xl_grid *
iopc(void)
{
    struct ov_xl_grid *g = new_grid();

    T(g, "A1", "Table 3: Deaths following police contact by force, 2019/20");
    T(g, "A3", "Force");
    T(g, "B3", "Deaths");
    T(g, "C3", "Complaints");
    T(g, "D3", "Status");
    T(g, "E3", "Rate");
    T(g, "A4", "Avon and Somerset");
    N(g, "B4", 3, NULL);
    T(g, "C4", "[c]");
    T(g, "D4", "-");
    N(g, "E4", 1.5, "1.50");
    T(g, "A5", "Bedfordshire");
    T(g, "B5", "[x]");
    N(g, "C5", 1234, "1,234");
    T(g, "D5", "open");
    T(g, "E5", "..");
    T(g, "A6", "Cambridgeshire");
    T(g, "B6", "-");
    T(g, "C6", "1,234 [p]");
    T(g, "D6", "closed");
    T(g, "E6", "2.25 [e]");
    T(g, "A7", "Cheshire");
    N(g, "B7", 0, NULL);
    T(g, "C7", "[c]");
    T(g, "D7", "*");
    T(g, "E7", "[low]");
    finish(g);
    return g;
}

START_TEST(test_markers)
{
    struct ov_xl_grid *g = iopc();
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL, *m;
    const ov_column *c;

    ck_assert_msg(ov_xl_to_table(g, "deaths.ods", "Table_3", "ODS", NULL, &t, &rep,
                                 &err) == OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_nrows(t), 4);
    ck_assert_str_eq(ov_table_colname(t, 1), "Deaths");
    /* numbers with markers stay numbers */
    c = ov_table_col(t, 1);
    ck_assert_int_eq(c->type, OV_INT);
    ck_assert(!ov_column_missing(c, 0) && c->data.i64[0] == 3);
    ck_assert(ov_column_missing(c, 1) && ov_column_missing(c, 2));
    c = ov_table_col(t, 2);
    ck_assert_int_eq(c->type, OV_INT);
    ck_assert(ov_column_missing(c, 0));
    ck_assert_int_eq(c->data.i64[2], 1234); /* "1,234 [p]": the value, flagged */
    c = ov_table_col(t, 4);
    ck_assert_int_eq(c->type, OV_FLOAT);
    ck_assert(num(t, 4, 2) == 2.25);
    ck_assert(ov_column_missing(c, 1) && ov_column_missing(c, 3));
    /* "-" and "*" among words are words */
    c = ov_table_col(t, 3);
    ck_assert_int_eq(c->type, OV_STRING);
    ck_assert_str_eq(str(t, 3, 0), "-");
    ck_assert_str_eq(str(t, 3, 3), "*");
    m = ov_table_markers(t);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(ov_table_nrows(m), 8);
    ck_assert_str_eq(ov_table_colname(m, 0), "row");
    ck_assert_str_eq(ov_table_colname(m, 5), "value");
    /* in column order: Deaths [x] row 2, - row 3; Complaints [c] 1, [p] 3, [c] 4; Rate
     * .. 2, [e] 3, [low] 4 */
    ck_assert_str_eq(str(m, 0, 0), "2");
    ck_assert_str_eq(str(m, 1, 0), "Deaths");
    ck_assert_str_eq(str(m, 2, 0), "B5");
    ck_assert_str_eq(str(m, 3, 0), "[x]");
    ck_assert_str_eq(str(m, 4, 0), "not available");
    ck_assert_str_eq(str(m, 5, 0), "(missing)");
    ck_assert_str_eq(str(m, 3, 1), "-");
    ck_assert_str_eq(str(m, 4, 1), "nil or not applicable");
    ck_assert_str_eq(str(m, 2, 3), "C6");
    ck_assert_str_eq(str(m, 3, 3), "[p]");
    ck_assert_str_eq(str(m, 4, 3), "provisional");
    ck_assert_str_eq(str(m, 5, 3), "1234");
    ck_assert_str_eq(str(m, 3, 7), "[low]");
    /* shown: the text the cell displayed */
    ck_assert_str_eq(str(ov_table_shown(t), 2, 2), "1,234 [p]");
    ck_assert_str_eq(str(ov_table_shown(t), 4, 0), "1.50");
    ck_assert_str_eq(str(ov_table_shown(t), 2, 0), "[c]");
    if (!has_note(&rep,
                  "[c] confidential: 2 cells, missing values with their reason") ||
        !has_note(&rep, "[x] not available: 1 cell,") ||
        !has_note(&rep, "[p] provisional: 1 cell, the value kept and flagged") ||
        !has_note(&rep, ".. not available: 1 cell")) {
        dump_notes(&rep);
        ck_abort_msg("marker notes");
    }
    ck_assert_str_eq(ov_xl_marker_meaning("[c]", NULL), "confidential");
    {
        bool flag = false;

        ck_assert_str_eq(ov_xl_marker_meaning(" [e] ", &flag), "estimated");
        ck_assert(flag);
        ck_assert_ptr_null(ov_xl_marker_meaning("n/a", &flag));
        ck_assert(!flag);
    }
    ov_load_report_free(&rep);
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

START_TEST(test_raw_merged)
{
    struct ov_xl_grid *g = new_grid();
    struct ov_sheet_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL;

    T(g, "B2", "Group");
    M(g, "B2:C2");
    T(g, "B3", "x");
    T(g, "C3", "y");
    N(g, "B4", 5516.6499999999996, "5,516.65");
    N(g, "C4", 1, NULL);
    T(g, "B5", "[c]");
    N(g, "C5", 2, NULL);
    D(g, "D4", 2019, 9, 30, NULL);
    D(g, "D5", 1904, 1, 1, NULL);
    finish(g);
    ov_sheet_opts_init(&o);
    o.header = false;
    ck_assert_msg(ov_xl_to_table(g, "b.xlsx", "Sheet1", "XLSX", &o, &t, &rep, &err) ==
                      OV_OK,
                  "%s", err.msg);
    /* from the first row with a value, named by letters */
    ck_assert_uint_eq(ov_table_nrows(t), 4);
    ck_assert_uint_eq(ov_table_ncols(t), 3);
    ck_assert_str_eq(ov_table_colname(t, 0), "B");
    ck_assert_str_eq(ov_table_colname(t, 2), "D");
    ck_assert_str_eq(str(t, 0, 0), "Group");
    ck_assert_str_eq(str(t, 1, 0), "(missing)"); /* covered by the merge */
    ck_assert_str_eq(str(t, 0, 2), "5516.65");   /* shortest, in a text column */
    ck_assert_str_eq(str(t, 0, 3), "[c]");       /* no markers in raw mode */
    ck_assert_int_eq(ov_table_col(t, 1)->type, OV_STRING);
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_DATE);
    ck_assert_str_eq(str(t, 2, 2), "2019-09-30");
    ck_assert_str_eq(str(t, 2, 3), "1904-01-01");
    ck_assert_str_eq(str(ov_table_shown(t), 0, 2), "5,516.65");
    ck_assert_ptr_null(ov_table_markers(t));
    ck_assert_str_eq(ov_table_fact(t, "range"), "B2:D5");
    ck_assert_str_eq(ov_table_fact(t, "header rows"), "0");
    ov_load_report_free(&rep);
    ov_table_free(t);
    ov_xl_grid_free(g);

    /* a column of numbers alone is a number column */
    g = new_grid();
    N(g, "A1", 1, NULL);
    N(g, "A2", 2.5, NULL);
    N(g, "B1", 7, NULL);
    N(g, "B2", 8, NULL);
    finish(g);
    ck_assert_int_eq(ov_xl_to_table(g, "n.xlsx", "S", "XLSX", &o, &t, NULL, &err),
                     OV_OK);
    ck_assert_int_eq(ov_table_col(t, 0)->type, OV_FLOAT);
    ck_assert_int_eq(ov_table_col(t, 1)->type, OV_INT);
    ck_assert(num(t, 0, 1) == 2.5);
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

START_TEST(test_overrides)
{
    struct ov_xl_grid *g = home_office(true);
    struct ov_sheet_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL;

    /* range: exactly those cells, one header row */
    ov_sheet_opts_init(&o);
    o.range = "A6:D8";
    ck_assert_msg(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, &rep, &err) ==
                      OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_ncols(t), 4);
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ck_assert_str_eq(ov_table_colname(t, 1), "30 September 20182");
    ck_assert_str_eq(ov_table_colname(t, 2), "Mar-19");
    ck_assert_str_eq(ov_table_fact(t, "range"), "A6:D8");
    ck_assert_ptr_null(ov_table_fact(t, "title"));
    ov_load_report_free(&rep);
    ov_table_free(t);

    /* range with header_rows */
    o.range = "A4:H10";
    o.header_rows = 3;
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, &rep, &err),
                     OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 3);
    ck_assert_str_eq(ov_table_colname(t, 4),
                     "Change in 12 months Sep-18 to Sep-19 / number");
    ck_assert(has_note(&rep, "dropped 1 blank row"));
    ov_load_report_free(&rep);
    ov_table_free(t);

    /* skip and header_rows: the header is the first row after the skip */
    ov_sheet_opts_init(&o);
    o.skip = 5;
    o.header_rows = 1;
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, &rep, &err),
                     OV_OK);
    ck_assert_str_eq(ov_table_colname(t, 1), "30 September 2018");
    ck_assert_str_eq(ov_table_colname(t, 4), "number");
    ck_assert_str_eq(ov_table_colname(t, 6), "number_2");
    ck_assert_uint_eq(ov_table_nrows(t), 3);
    ck_assert(has_note(&rep, "skipped 5 rows at the top (skip = 5)"));
    ck_assert(
        has_note(&rep, "column G repeats the name 'number': called it 'number_2'"));
    ov_load_report_free(&rep);
    ov_table_free(t);

    /* header_rows = 0: no names from the sheet */
    ov_sheet_opts_init(&o);
    o.header_rows = 0;
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, &rep, &err),
                     OV_OK);
    ck_assert_str_eq(ov_table_colname(t, 1), "B");
    ov_load_report_free(&rep);
    ov_table_free(t);

    /* types: the caller's win; a wrong name is said */
    {
        struct ov_type_override ty[1] = {{"As at: / Mar-19", OV_STRING}};

        ov_sheet_opts_init(&o);
        o.types = ty;
        o.ntypes = 1;
        o.name = "officers";
        ck_assert_int_eq(
            ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err), OV_OK);
        ck_assert_int_eq(ov_table_col(t, 2)->type, OV_STRING);
        ck_assert_str_eq(ov_table_name(t), "officers");
        ov_table_free(t);
        ty[0].column = "As at: / Mar-18";
        ck_assert_int_eq(
            ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err),
            OV_ENOTFOUND);
        ck_assert_str_eq(err.msg,
                         "t.ods: Table_1: types names a column 'As at: / Mar-18' "
                         "that the table does not have; did you mean 'As at: / "
                         "Mar-19'?");
    }
    ov_xl_grid_free(g);
}
END_TEST

START_TEST(test_errors)
{
    struct ov_xl_grid *g = home_office(true), *e;
    struct ov_sheet_opts o;
    struct ov_err err;
    ov_table *t = (ov_table *)&o;

    ov_sheet_opts_init(&o);
    o.range = "A7:H";
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err),
                     OV_EINVAL);
    ck_assert_ptr_null(t);
    ck_assert_str_eq(err.msg,
                     "t.ods: Table_1: range 'A7:H' is not a range like A7:H60");
    o.range = "J1:K5";
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err),
                     OV_EINVAL);
    ck_assert_str_eq(
        err.msg,
        "t.ods: Table_1: range 'J1:K5' lies outside the sheet's cells (A1:H14)");
    o.range = "A7:H9";
    o.header_rows = 5;
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err),
                     OV_EINVAL);
    ck_assert_str_eq(
        err.msg,
        "t.ods: Table_1: header_rows = 5, but the table (A7:H9) has only 3 rows");
    ov_sheet_opts_init(&o);
    o.skip = 14;
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err),
                     OV_EINVAL);
    ck_assert_str_eq(err.msg,
                     "t.ods: Table_1: skip = 14 leaves no rows: the sheet's cells "
                     "are A1:H14 (14 rows)");
    ov_sheet_opts_init(&o);
    o.header_rows = -2;
    ck_assert_int_eq(ov_xl_to_table(g, "t.ods", "Table_1", "ODS", &o, &t, NULL, &err),
                     OV_EINVAL);
    ck_assert_str_eq(err.msg, "t.ods: Table_1: header_rows = -2: expected 0 or more");
    ov_xl_grid_free(g);

    /* a sheet of text: no table */
    e = new_grid();
    T(e, "A1", "Contents");
    T(e, "A3", "Table 1: Police officers by force");
    T(e, "C4", "Table 2: Police staff by force");
    finish(e);
    ck_assert_int_eq(ov_xl_to_table(e, "t.ods", "Index", "ODS", NULL, &t, NULL, &err),
                     OV_ENOTFOUND);
    ck_assert_str_eq(err.msg,
                     "t.ods: Index: no table found: 3 rows of text (the first: "
                     "'Contents') and no row of column labels or numbers; give "
                     "range = \"A1:H20\" or header = false");
    ov_xl_grid_free(e);
    e = new_grid();
    finish(e);
    ck_assert_int_eq(ov_xl_to_table(e, "t.ods", "Empty", "ODS", NULL, &t, NULL, &err),
                     OV_ENOTFOUND);
    ck_assert_str_eq(err.msg, "t.ods: Empty: no table found: the sheet is empty");
    ov_xl_grid_free(e);
}
END_TEST

/* A plain table (FOIA exports): one header row of labels, text data. */
START_TEST(test_plain_table)
{
    struct ov_xl_grid *g = new_grid();
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL;

    T(g, "A1", "CR_ID");
    T(g, "B1", "NAME");
    T(g, "C1", "DATE");
    T(g, "A2", "00123"); /* a number formatted as text stays text */
    T(g, "B2", "SMITH");
    D(g, "C2", 2010, 5, 1, NULL);
    N(g, "A3", 124, NULL);
    T(g, "B3", "JONES");
    D(g, "C3", 2011, 6, 2, NULL);
    finish(g);
    ck_assert_msg(ov_xl_to_table(g, "c.xls", "Sheet1", "XLS", NULL, &t, &rep, &err) ==
                      OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ck_assert_int_eq(ov_table_col(t, 0)->type, OV_STRING);
    ck_assert_str_eq(str(t, 0, 0), "00123");
    ck_assert_str_eq(str(t, 0, 1), "124");
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_DATE);
    ck_assert_str_eq(ov_table_fact(t, "header rows"), "1");
    ck_assert_str_eq(ov_table_fact(t, "range"), "A1:C3");
    ck_assert_ptr_null(ov_table_fact(t, "title"));
    ov_load_report_free(&rep);
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

/* A FOIA report's block of titles (two merged over six rows, a date
 * beside them, a note under them) is not its header: the row of labels
 * over the numbers is, and the block is the title and notes. */
START_TEST(test_title_block)
{
    struct ov_xl_grid *g = new_grid();
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL;

    T(g, "A1", "Bureau of Internal Affairs\nAnalytical Section");
    M(g, "A1:B2");
    T(g, "D1", "FOIA # P046957\nReport 5.1");
    M(g, "D1:J6");
    D(g, "K1", 2016, 10, 29, NULL);
    T(g, "B8", "This data is only as accurate as the CRMS database.");
    T(g, "A10", "Number");
    T(g, "C10", "Gender");
    T(g, "D10", "Age");
    T(g, "F10", "Race Desc");
    T(g, "A11", "1000000");
    T(g, "C12", "F");
    N(g, "D12", 48.76712328767123, NULL);
    T(g, "F12", "WHITE");
    T(g, "A13", "1000001");
    T(g, "C14", "M");
    N(g, "D14", 31.5, NULL);
    T(g, "F14", "BLACK");
    finish(g);
    ck_assert_msg(ov_xl_to_table(g, "r.xls", "Sheet1", "XLS", NULL, &t, &rep, &err) ==
                      OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_ncols(t), 4);
    ck_assert_str_eq(ov_table_colname(t, 0), "Number");
    ck_assert_str_eq(ov_table_colname(t, 1), "Gender");
    ck_assert_str_eq(ov_table_colname(t, 2), "Age");
    ck_assert_str_eq(ov_table_colname(t, 3), "Race Desc");
    ck_assert_uint_eq(ov_table_nrows(t), 4);
    ck_assert_str_eq(str(t, 0, 0), "1000000");
    ck_assert_double_eq(num(t, 2, 1), 48.76712328767123);
    ck_assert_str_eq(ov_table_fact(t, "range"), "A10:F14");
    ck_assert_str_eq(ov_table_fact(t, "title"),
                     "Bureau of Internal Affairs Analytical Section; FOIA # P046957 "
                     "Report 5.1; 2016-10-29");
    ck_assert_str_eq(ov_table_fact(t, "sheet note 1"),
                     "This data is only as accurate as the CRMS database.");
    if (!has_note(&rep, "took row 10 as the header")) {
        dump_notes(&rep);
        ck_abort_msg("report notes");
    }
    ov_load_report_free(&rep);
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

/* A header of labels with a blank row under it and rows of text below,
 * with no numbers anywhere to tell a header from data, stays the header;
 * so does one with a blank row and then its data of numbers. */
START_TEST(test_header_then_gap)
{
    struct ov_xl_grid *g = new_grid();
    ov_table *t = NULL;

    T(g, "A1", "Code");
    T(g, "B1", "Description");
    T(g, "A3", "01A");
    T(g, "B3", "Unfit for duty");
    T(g, "A4", "01B");
    T(g, "B4", "Absent");
    t = table_of(g);
    ck_assert_str_eq(ov_table_colname(t, 0), "Code");
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ov_table_free(t);
    ov_xl_grid_free(g);

    /* a plain header, a blank row, then a row of dates and labels with
     * its count empty: the header stays, no row is lost */
    g = new_grid();
    T(g, "A1", "Date");
    T(g, "B1", "Event");
    T(g, "C1", "Place");
    T(g, "D1", "Count");
    D(g, "A3", 2020, 1, 1, NULL);
    T(g, "B3", "Meeting");
    T(g, "C3", "London");
    D(g, "A4", 2020, 1, 2, NULL);
    T(g, "B4", "Visit");
    T(g, "C4", "Leeds");
    N(g, "D4", 5, NULL);
    t = table_of(g);
    ck_assert_str_eq(ov_table_colname(t, 0), "Date");
    ck_assert_str_eq(ov_table_colname(t, 3), "Count");
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ov_table_free(t);
    ov_xl_grid_free(g);

    g = new_grid();
    T(g, "A1", "Force");
    T(g, "B1", "Officers");
    T(g, "A3", "Essex");
    N(g, "B3", 3200, NULL);
    t = table_of(g);
    ck_assert_str_eq(ov_table_colname(t, 1), "Officers");
    ck_assert_uint_eq(ov_table_nrows(t), 1);
    ck_assert_double_eq(num(t, 1, 0), 3200);
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

/* A first row of labels with a number among them is the header when the
 * number sits over text (Chicago's Complaint Categories calls its code
 * column 111, over the codes "001", "002"); a first row whose every cell
 * is of its column's kind is data, and the table has no header. */
START_TEST(test_number_in_header)
{
    struct ov_xl_grid *g = new_grid();
    ov_table *t = NULL;

    N(g, "A1", 111, NULL);
    T(g, "B1", "DESCRIPTION");
    T(g, "C1", "CATEGORY");
    T(g, "A2", "001");
    T(g, "B2", "UNFIT FOR DUTY");
    T(g, "C2", "Operation/Personnel Violations");
    T(g, "A3", "002");
    T(g, "B3", "ABSENCE WITHOUT PERMISSION");
    T(g, "C3", "Operation/Personnel Violations");
    t = table_of(g);
    ck_assert_str_eq(ov_table_colname(t, 0), "111");
    ck_assert_str_eq(ov_table_colname(t, 1), "DESCRIPTION");
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ck_assert_str_eq(str(t, 0, 0), "001");
    ck_assert_str_eq(str(t, 1, 1), "ABSENCE WITHOUT PERMISSION");
    ov_table_free(t);
    ov_xl_grid_free(g);

    g = new_grid();
    T(g, "A1", "Smith");
    T(g, "B1", "John");
    N(g, "C1", 42, NULL);
    T(g, "A2", "Jones");
    T(g, "B2", "Mary");
    N(g, "C2", 37, NULL);
    t = table_of(g);
    ck_assert_str_eq(ov_table_colname(t, 0), "A");
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ck_assert_str_eq(str(t, 0, 0), "Smith");
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

/* Columns of numbers alone are made from the numbers, not from their
 * texts read back, and give what the texts gave: whole numbers below 1e16
 * an int column, others a float column written as the shortest text;
 * their shown texts are the numbers' texts (written when first asked
 * for), or each cell's own where one has it. A text, a -0 or a type given
 * for the column take the texts' way. */
START_TEST(test_number_columns)
{
    struct ov_xl_grid *g = new_grid();
    struct ov_sheet_opts o;
    struct ov_type_override ty[1] = {{"Typed", OV_STRING}};
    struct ov_err err;
    ov_table *t = NULL, *shown;
    static const char *const heads[] = {"Count", "Age",  "Big",  "Shown",
                                        "Mixed", "Zero", "Typed"};
    char cell[8];

    for (int j = 0; j < 7; j++) {
        snprintf(cell, sizeof cell, "%c1", 'A' + j);
        T(g, cell, heads[j]);
    }
    N(g, "A2", 3, NULL);
    N(g, "A4", -12, NULL);
    N(g, "B2", 48.76712328767123, NULL);
    N(g, "B3", 31, NULL);
    N(g, "B4", 0.1, NULL);
    N(g, "C2", 1e16, NULL);
    N(g, "C3", 5, NULL);
    N(g, "D2", 5516.65, "5,517");
    N(g, "D3", 2.5, NULL);
    N(g, "E2", 7, NULL);
    T(g, "E3", "n/k");
    N(g, "F2", -0.0, NULL);
    N(g, "F3", 4, NULL);
    N(g, "G2", 48.5, NULL);
    N(g, "G4", 2, NULL);
    finish(g);
    ov_sheet_opts_init(&o);
    o.types = ty;
    o.ntypes = 1;
    ck_assert_msg(ov_xl_to_table(g, "n.xlsx", "Sheet1", "XLSX", &o, &t, NULL, &err) ==
                      OV_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ov_table_nrows(t), 3);
    ck_assert_int_eq(ov_table_col(t, 0)->type, OV_INT);
    ck_assert_int_eq(ov_table_col(t, 0)->data.i64[2], -12);
    ck_assert(ov_column_missing(ov_table_col(t, 0), 1));
    ck_assert_int_eq(ov_table_col(t, 1)->type, OV_FLOAT);
    ck_assert_str_eq(str(t, 1, 0), "48.76712328767123");
    ck_assert_str_eq(str(t, 1, 1), "31");
    ck_assert_str_eq(str(t, 1, 2), "0.1");
    ck_assert_int_eq(ov_table_col(t, 2)->type, OV_FLOAT);
    ck_assert_str_eq(str(t, 2, 0), "1e+16");
    ck_assert_int_eq(ov_table_col(t, 3)->type, OV_FLOAT);
    ck_assert_double_eq(num(t, 3, 0), 5516.65);
    ck_assert_int_eq(ov_table_col(t, 4)->type, OV_STRING);
    ck_assert_str_eq(str(t, 4, 0), "7");
    /* "-0" reads as a float, and is kept as -0 */
    ck_assert_int_eq(ov_table_col(t, 5)->type, OV_FLOAT);
    ck_assert_str_eq(str(t, 5, 0), "-0");
    ck_assert_str_eq(str(t, 5, 1), "4");
    ck_assert_int_eq(ov_table_col(t, 6)->type, OV_STRING);
    ck_assert_str_eq(str(t, 6, 0), "48.5");
    shown = ov_table_shown(t);
    ck_assert_int_eq(ov_table_col(shown, 1)->type, OV_FLOAT); /* not yet asked */
    ck_assert_int_eq(ov_xl_shown_texts(shown, &err), OV_OK);
    for (size_t j = 0; j < 7; j++)
        ck_assert_int_eq(ov_table_col(shown, j)->type, OV_STRING);
    ck_assert_str_eq(str(shown, 0, 2), "-12");
    ck_assert_str_eq(str(shown, 0, 1), "(missing)");
    ck_assert_str_eq(str(shown, 1, 0), "48.76712328767123");
    ck_assert_str_eq(str(shown, 2, 0), "1e+16");
    ck_assert_str_eq(str(shown, 3, 0), "5,517");
    ck_assert_str_eq(str(shown, 3, 1), "2.5");
    ck_assert_str_eq(str(shown, 4, 1), "n/k");
    ck_assert_str_eq(str(shown, 5, 0), "-0");
    /* asked again: already text */
    ck_assert_int_eq(ov_xl_shown_texts(shown, &err), OV_OK);
    ck_assert_str_eq(str(shown, 1, 1), "31");
    ov_table_free(t);
    ov_xl_grid_free(g);
}
END_TEST

Suite *
make_xl_layout_suite(void)
{
    Suite *s = suite_create("xl_layout");
    TCase *tc = tcase_create("layout");

    tcase_add_test(tc, test_home_office_merged);
    tcase_add_test(tc, test_home_office_unmerged);
    tcase_add_test(tc, test_row_label_footnotes);
    tcase_add_test(tc, test_markers);
    tcase_add_test(tc, test_raw_merged);
    tcase_add_test(tc, test_overrides);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_plain_table);
    tcase_add_test(tc, test_title_block);
    tcase_add_test(tc, test_header_then_gap);
    tcase_add_test(tc, test_number_in_header);
    tcase_add_test(tc, test_number_columns);
    suite_add_tcase(s, tc);
    return s;
}
