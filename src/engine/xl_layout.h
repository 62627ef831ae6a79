/*
 * xl_layout.h - a sheet's grid as a table. Official tables are laid out
 * for reading, not loading: title and note rows above, a header of one to
 * three rows (merged group labels over sub-labels), footnote markers glued
 * to labels, blank separator rows, footnotes and source lines below, and
 * markers ("..", "[c]", "[x]") where numbers are withheld. The layout is
 * found automatically and can be given by hand (range, skip, header_rows);
 * raw mode (header = false) takes every cell as stored. Every row set
 * aside is said in the report and kept in the provenance.
 * Part of libovengine.
 */
#ifndef OV_XL_LAYOUT_H
#define OV_XL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "loader.h"
#include "table.h"
#include "xl.h"

struct ov_sheet_opts {
    const char *range; /* "A7:H60": the table is exactly these cells, the
                          first header_rows rows (default 1) its header;
                          NULL: found automatically */
    long skip;         /* rows of the used range skipped before the table;
                          -1: found automatically */
    int header_rows;   /* rows of header; -1: found automatically; 0: none
                          (names are generated: A, B, C... as the sheet's
                          column letters) */
    bool header;       /* false: raw mode, every cell of the used range as
                          stored from its first row, columns named by their
                          letters, no title, note, marker or blank-row
                          handling, merges not filled */
    const char *name;  /* the table's name; NULL: the sheet's */
    const struct ov_type_override *types;
    size_t ntypes;
};

/* Fills o with the defaults: automatic layout, header on. */
void ov_sheet_opts_init(struct ov_sheet_opts *o);

/* Makes a table of the grid of sheet `sheet` of the workbook at `source`
 * (both only for the provenance and messages). The table's facts: source,
 * sheet, format (as given), range ("A7:H60", the cells the table came
 * from), title (the title rows' texts, joined with " / "), note 1, note
 * 2, ... (rows above and below the table that are not title or header);
 * header rows. The report's notes say what was taken as title, header,
 * notes, how many blank rows were dropped, and how many cells held each
 * marker. The table carries markers and shown (table.h). On failure
 * returns the status, leaves *out NULL and fills err (naming the cell:
 * "Table_1!C12: ..."). */
ov_status ov_xl_to_table(const struct ov_xl_grid *g, const char *source,
                         const char *sheet, const char *format,
                         const struct ov_sheet_opts *o, ov_table **out,
                         struct ov_load_report *rep, struct ov_err *err);

/* Makes every column of a sheet's shown table text: a column of numbers
 * shown as stored is kept there as the numbers (ov_xl_to_table does not
 * write thousands of texts nobody may ask for) and written as their
 * texts here, once, when t:shown() is first asked for. */
ov_status ov_xl_shown_texts(ov_table *shown, struct ov_err *err);

/* A marker's meaning ("confidential" for "[c]"), or NULL if text is not a
 * marker. Flags ("[e]", "[p]", "[r]") set *flag: they go with a value. */
const char *ov_xl_marker_meaning(const char *text, bool *flag);

#endif /* OV_XL_LAYOUT_H */
