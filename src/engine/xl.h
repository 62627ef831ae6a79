/*
 * xl.h - workbooks (ODS, XLSX, XLS) read into sparse grids of cells. A
 * book is opened by its content, not its name; each sheet is read as a
 * stream into a grid holding only the cells with something in them, so a
 * row repeated 1,048,576 times costs nothing. The readers: xl_ods.c and
 * xl_xlsx.c (libexpat over libzip), xl_xls.c (BIFF8 records over libgsf's
 * OLE2 container). What the grid means as a table (titles, headers, notes,
 * markers) is xl_layout.c's.
 * Part of libovengine.
 */
#ifndef OV_XL_H
#define OV_XL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"

/* What a cell holds, as the file stores it. */
enum ov_xl_kind {
    OV_XL_EMPTY = 0, /* never stored in a grid: absent cells are empty */
    OV_XL_NUMBER,    /* num; a number formatted as a percentage is still
                        its stored fraction (0.25) */
    OV_XL_TEXT,      /* text; includes numbers stored or formatted as text */
    OV_XL_BOOL,      /* num is 0 or 1 */
    OV_XL_DATE,      /* num: days since 1970-01-01, a fraction for a time
                        of day; the reader applied the 1900 or 1904 system
                        and Excel's 1900 leap-year bug */
    OV_XL_ERROR      /* text: the error value as shown ("#DIV/0!") */
};

/* One cell with something in it. Rows and columns count from 0 (A1 is
 * row 0, column 0). text and shown are NUL-terminated UTF-8 in the
 * grid's own storage. */
struct ov_xl_cell {
    uint32_t row;
    uint32_t col;
    enum ov_xl_kind kind;
    double num;        /* NUMBER, BOOL, DATE */
    const char *text;  /* TEXT, ERROR; NULL otherwise */
    const char *shown; /* the text the file says is displayed when it
                          differs from the stored value's plain reading
                          ("5,516.65" over 5516.65, "12%" over 0.12); NULL
                          when the file gives none or it is the same */
};

/* A merged range, inclusive, rows and columns from 0. The value is in the
 * first cell only, as files store it. */
struct ov_xl_merge {
    uint32_t r0, c0, r1, c1;
};

/* One sheet's cells in row-major order (row, then column, ascending; no
 * two cells at one place). */
struct ov_xl_grid {
    struct ov_xl_cell *cells;
    size_t ncells;
    struct ov_xl_merge *merges;
    size_t nmerges;
    /* the used range: the smallest rectangle holding every cell with
     * something in it (rows [row0, row0 + nrows), columns likewise);
     * all 0 for a sheet with nothing in it */
    uint32_t row0, col0, nrows, ncols;
    struct ov_xl_store *store; /* the texts; private to xl.c */
};

/* Frees a grid and its texts. Accepts NULL. */
void ov_xl_grid_free(struct ov_xl_grid *g);

/* The cells of row r: [*first, *first + return value), found by binary
 * search. */
size_t ov_xl_grid_row(const struct ov_xl_grid *g, uint32_t r, size_t *first);

/* The cell at (r, c), or NULL when it is empty. */
const struct ov_xl_cell *ov_xl_grid_at(const struct ov_xl_grid *g, uint32_t r,
                                       uint32_t c);

enum ov_xl_format { OV_XL_ODS, OV_XL_XLSX, OV_XL_XLS };

/* "ODS", "XLSX" or "XLS". */
const char *ov_xl_format_name(enum ov_xl_format f);

typedef struct ov_xl_book ov_xl_book;

/* Which workbook format the first bytes of a file (at least 8, or the
 * whole file if shorter) and, for a zip, its members say it is. Returns
 * false for anything else (a CSV, a plain zip of CSV files). */
bool ov_xl_sniff(const char *path, enum ov_xl_format *f);

/* Opens a workbook by its content. Errors name the file and say what is
 * wrong: not a workbook, a corrupt or truncated zip, an encrypted or
 * password-protected workbook, XML that is not well formed (with the
 * member, line and column), an expansion past the limits below, an .xls
 * from before Excel 97 (BIFF2 to BIFF5, named), an .xls whose OLE2
 * container or BIFF records are truncated or damaged. */
ov_status ov_xl_open(const char *path, ov_xl_book **out, struct ov_err *err);

void ov_xl_close(ov_xl_book *b);

enum ov_xl_format ov_xl_book_format(const ov_xl_book *b);

/* The sheets in the workbook's order, with their names (borrowed). */
size_t ov_xl_nsheets(const ov_xl_book *b);
const char *ov_xl_sheet_name(const ov_xl_book *b, size_t i);

/* Reads sheet i into a new grid (*out, freed by ov_xl_grid_free). Polls
 * ov_interrupted() and returns OV_EINTR when asked to stop. Sheets may be
 * read in any order, any number of times: an ODS book keeps content.xml
 * in memory while open when it is at most 16 MiB (larger, each read
 * inflates it again and skips to the sheet's table), an XLSX book its
 * shared strings and styles once the first sheet is read. */
ov_status ov_xl_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out,
                     struct ov_err *err);

/* Limits against hostile files, each refused with an error saying which
 * was passed: a member of a zip may expand to at most OV_XL_MAX_RATIO
 * times its compressed size once past OV_XL_RATIO_FLOOR bytes, and to at
 * most OV_XL_MAX_MEMBER bytes in all; a grid holds at most
 * OV_XL_MAX_CELLS cells. XML with a DTD (entity declarations, the
 * "billion laughs") is refused. */
#define OV_XL_MAX_RATIO 1000
#define OV_XL_RATIO_FLOOR ((uint64_t)16 << 20)
#define OV_XL_MAX_MEMBER ((uint64_t)4 << 30)
#define OV_XL_MAX_CELLS ((size_t)200 << 20)

/* ---- building a grid (for readers and tests) ---- */

/* A new empty grid. */
struct ov_xl_grid *ov_xl_grid_new(struct ov_err *err);

/* Adds a cell; text/shown are copied (NULL for none). Cells may come in
 * any order: ov_xl_grid_finish sorts them, keeps the last of two at one
 * place, and works out the used range. */
ov_status ov_xl_grid_add(struct ov_xl_grid *g, uint32_t row, uint32_t col,
                         enum ov_xl_kind kind, double num, const char *text,
                         const char *shown, struct ov_err *err);
/* Makes room for n cells at once (at most OV_XL_MAX_CELLS), when a
 * reader knows about how many are coming, so that adding them does not
 * move the array again and again. */
ov_status ov_xl_grid_reserve(struct ov_xl_grid *g, size_t n, struct ov_err *err);
ov_status ov_xl_grid_add_merge(struct ov_xl_grid *g, uint32_t r0, uint32_t c0,
                               uint32_t r1, uint32_t c1, struct ov_err *err);
ov_status ov_xl_grid_finish(struct ov_xl_grid *g, struct ov_err *err);

/* Days since 1970-01-01 of an Excel serial day number in the 1900 system
 * (with its leap-year bug: serial 60 is the 29 February 1900 that never
 * was, and is refused) or the 1904 system. Returns false for serials that
 * are no date (negative, 60 in the 1900 system, past year 9999). */
bool ov_xl_serial_to_days(double serial, bool system1904, double *days);

/* "A1" style name of a cell ("H60"), into buf of at least 16 bytes. */
const char *ov_xl_cell_name(uint32_t row, uint32_t col, char *buf);

/* Parses "A7:H60" or "A7" (one cell) into an inclusive range. */
bool ov_xl_parse_range(const char *s, uint32_t *r0, uint32_t *c0, uint32_t *r1,
                       uint32_t *c1);

#endif /* OV_XL_H */
