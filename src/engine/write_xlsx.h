/*
 * write_xlsx.h - tables written as an Excel workbook (.xlsx) through
 * libxlsxwriter: one sheet per table, typed cells, percentage and rate
 * columns as formulas over their numerator and denominator, and a last
 * sheet "Sources" with where each table came from. Part of libovcore:
 * C only, no Lua; it writes to a FILE the caller opened (fileio.h).
 */
#ifndef OV_WRITE_XLSX_H
#define OV_WRITE_XLSX_H

#include <stdbool.h>
#include <stdio.h>

#include "ov_error.h"
#include "table.h"

/* The sheet that holds every table's provenance; no table may take it. */
#define OV_XLSX_SOURCES "Sources"

/* Excel's limits: a sheet name's characters, a sheet's rows (the header
 * takes one) and columns, one cell's characters. */
#define OV_XLSX_NAME_MAX 31
#define OV_XLSX_MAX_ROWS 1048576u
#define OV_XLSX_MAX_COLS 16384u
#define OV_XLSX_MAX_TEXT 32767u

/* One sheet: its name and its table (both borrowed). */
struct ov_xlsx_sheet {
    const char *name;
    const ov_table *table;
};

/* Checks that name can name a sheet as Excel requires: 1 to 31 characters,
 * none of [ ] : * ? / \, not beginning or ending with an apostrophe, not
 * Excel's reserved "History". OV_EINVAL with a message naming the problem
 * ("sheet name \"a/b\" holds '/': ...") otherwise. */
ov_status ov_xlsx_check_name(const char *name, struct ov_err *err);

/* A sheet name for a table written alone: the table's own name when it is
 * a valid one and not "Sources", else "Table". buf holds at least
 * OV_XLSX_NAME_MAX * 4 + 1 bytes; returns buf. */
const char *ov_xlsx_default_name(const ov_table *t, char *buf, size_t size);

/* Checks a whole workbook before anything is written: n >= 1 sheets, each
 * name valid (ov_xlsx_check_name), no two alike (Excel ignores case), none
 * called "Sources", each table within Excel's rows and columns (counting
 * the extra numerator and denominator columns). OV_EINVAL or OV_ERANGE
 * with a message otherwise. */
ov_status ov_xlsx_check(const struct ov_xlsx_sheet *sheets, size_t n,
                        struct ov_err *err);

/* Writes the workbook to out: the sheets in the order given, then
 * "Sources" (one row per fact and step of each table's provenance: sheet,
 * item, detail). In each sheet row 1 holds the column names, bold and
 * frozen; string columns are text cells (so "00123" stays text), int and
 * float columns numbers, dates Excel dates formatted yyyy-mm-dd, bools
 * booleans, missing values empty cells. A percentage or rate column
 * (c->num) is a formula, =ROUND(100*B2/C2,1) (per instead of 100 for a
 * rate, plus or minus 0.1 where largest-remainder rounding moved the row)
 * with the figure oversight prints as its cached value; the formula names
 * a column of the table that holds the numerator (or denominator) in
 * every row, else an extra column added after the table's, headed
 * "NAME num" / "NAME den". Checks first (ov_xlsx_check). The workbook is
 * assembled in memory (memfd) and copied to out; out is not closed.
 * libxlsxwriter keeps each part of the book in a temporary file, unlinked
 * as soon as it is made, in tmpdir (NULL: $TMPDIR or /tmp, falling back
 * to the working directory): --safe, where only the working directory is
 * writable, passes ".". On
 * failure err says why and out may hold part of a file: write to an
 * ov_afile and abort it. Polls the interrupt flag (OV_EINTR). */
ov_status ov_xlsx_write(FILE *out, const struct ov_xlsx_sheet *sheets, size_t n,
                        const char *tmpdir, struct ov_err *err);

#endif /* OV_WRITE_XLSX_H */
