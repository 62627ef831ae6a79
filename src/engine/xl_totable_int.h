/*
 * xl_totable_int.h - what the two files that make a sheet's table share:
 * xl_totable.c (the values, markers, notes and the table) and xl_names.c
 * (cell texts, the columns' names, footnote markers). Private to them.
 */
#ifndef OV_XL_TOTABLE_INT_H
#define OV_XL_TOTABLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader.h"
#include "strbuf.h"
#include "xl_layout_int.h"

struct mcount {
    const char *marker;
    size_t n;
};

/* a cell of the column being filled, found and classed once */
struct seen {
    const struct ov_xl_cell *cell;
    enum xl_kind kind;
    double num;
    const char *flag;
};

struct build {
    const struct ov_xl_grid *g;
    const char *source, *sheet, *format;
    const struct ov_sheet_opts *o;
    const struct xl_layout *l;
    ov_strbuf text; /* every text the tables are made of */
    struct ov_cell *names;
    char **fnames; /* final column names */
    struct ov_cell *cells, *shown;
    uint32_t *rows; /* the sheet row of each table row */
    size_t nrows, ncols;
    bool *force_text;
    /* markers: row, column, cell, marker, meaning, value */
    struct ov_cell *mk;
    size_t nmk;
    struct mcount counts[16];
    size_t ncounts;
    bool notes_num[100]; /* the note numbers the notes give */
    char **footnotes;
    size_t nfootnotes;
    char **mynotes; /* the report's notes on the layout */
    size_t nmynotes;
    struct seen *seen; /* nrows of them: one column's cells, as first read */
    /* per table row, the next of its cells in the grid and the end of
     * them: the columns are filled in ascending order, so each row's
     * cells are walked once, not searched for in every column */
    size_t *cur, *end;
    /* a column of numbers alone (no text, marker or flag; no type given
     * for it), made from the numbers, not written as texts and read
     * back; NULL for other columns */
    ov_column **direct;
    bool *shown_plain; /* and no cell of it with a displayed text of its own */
    bool nomem;
};

/* Keeps n bytes of s among the table's texts; sets b->nomem on failure. */
struct ov_cell ov_xl_add_text(struct build *b, const char *s, size_t n);

/* A note on the layout for the report. */
void ov_xl_note(struct build *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The value of a cell as text, as the file stores it (in buf or the
 * cell's own text); *n its length. buf holds OV_VALUE_TEXT_MAX bytes. */
const char *ov_xl_value_text(const struct ov_xl_cell *c, char *buf, size_t *n);

/* A label as the header shows it: dates and numbers as displayed, runs
 * of white space as one space. */
void ov_xl_label_text(const struct ov_xl_cell *c, ov_strbuf *out);

/* The number a note starts with: "2", "(2)", "Note 2:" (1 to 99), or 0. */
int ov_xl_note_number(const char *s);

/* Cuts a footnote marker glued to the end of label s (len bytes) when a
 * note of that number exists; returns it, or 0. */
int ov_xl_cut_footnote(struct build *b, char *s, size_t *len);

/* Keeps a footnote marker that was cut off, said as fmt says it. */
void ov_xl_add_footnote(struct build *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The columns' names from the header rows (b->names, b->fnames). */
ov_status ov_xl_make_names(struct build *b);

#endif /* OV_XL_TOTABLE_INT_H */
