/*
 * xl_layout_int.h - what the two halves of a sheet's layout share:
 * xl_layout.c finds where the table is (title, header, data, notes),
 * xl_totable.c names the columns and builds the table. Private to them.
 */
#ifndef OV_XL_LAYOUT_INT_H
#define OV_XL_LAYOUT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xl_layout.h"

/* What a cell is to the layout. */
enum xl_kind {
    XK_BLANK, /* nothing, or text of white space only */
    XK_LABEL, /* text that is no marker */
    XK_NUM,   /* a number */
    XK_DATE,
    XK_BOOL,
    XK_ERR,  /* an error value (#DIV/0!) */
    XK_MARK, /* "..", "[c]", "[x]", ...: a marker anywhere */
    XK_WEAK, /* "-", "*", ":": a marker only among numbers */
    XK_FLAG  /* "123 [e]": a number with a flag */
};

/* Where the table is. Rows and columns are the sheet's, from 0. */
struct xl_layout {
    bool raw;
    uint32_t r0, r1; /* the table's rows, header and data, inclusive */
    uint32_t hdr0;   /* first header row */
    uint32_t nhdr;   /* header rows (0: none) */
    uint32_t data0;  /* first data row */
    uint32_t *cols;  /* the sheet columns kept, ascending */
    size_t ncols;
    uint32_t *title; /* title rows */
    size_t ntitle;
    uint32_t *notes; /* rows set aside as notes, above then below */
    size_t nnotes;
    size_t nabove;   /* of which above the table */
    uint32_t *blank; /* blank rows dropped from the data */
    size_t nblank;
    uint32_t *gone; /* columns left out: empty in the table */
    size_t ngone;
    long skipped;  /* rows skipped by the skip option */
    bool by_range; /* the range option gave the cells */
};

void ov_xl_layout_free(struct xl_layout *l);

/* The kind of a cell (NULL: blank); for XK_FLAG, *v is the number and
 * *flag the flag ("[e]"); for markers *flag is the marker as written
 * normalised ("[c]"). */
enum xl_kind ov_xl_kind_of(const struct ov_xl_cell *c, double *v, const char **flag);

/* Finds the layout of g under o. Errors start with "SOURCE: SHEET: ". */
ov_status ov_xl_find_layout(const struct ov_xl_grid *g, const char *source,
                            const char *sheet, const struct ov_sheet_opts *o,
                            struct xl_layout *l, struct ov_err *err);

/* The merge whose range holds (r, c), or NULL. */
const struct ov_xl_merge *ov_xl_merge_at(const struct ov_xl_grid *g, uint32_t r,
                                         uint32_t c);

/* "H" for column 7. buf: 16 bytes. */
const char *ov_xl_col_name(uint32_t c, char *buf);

#endif /* OV_XL_LAYOUT_INT_H */
