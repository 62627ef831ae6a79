/*
 * format.h - rendering tables as text: box-drawn or plain aligned columns
 * for people, and CSV, TSV, Markdown or JSON for other programs. Numbers
 * are right-aligned with thousands separators, missing values are blank,
 * long text is cut with "…" to fit the width, and a footer gives the shape.
 * Writes only to the FILE * it is given. Part of libovcore.
 */
#ifndef OV_FORMAT_H
#define OV_FORMAT_H

/* Decimals a percentage or a rate is written with in CSV, TSV and JSON:
 * from its exact fraction, rounded half away from zero, trailing zeros
 * dropped (enough to check any published rounding of it). */
#define OV_FMT_FIGURE_PLACES 9

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ov_error.h"
#include "strbuf.h"
#include "table.h"

enum ov_fmt_mode {
    OV_FMT_BOX,   /* Unicode box drawing, for terminals */
    OV_FMT_PLAIN, /* aligned columns, no lines: logs and reports */
    OV_FMT_CSV,   /* RFC 4180; reads back with load_csv */
    OV_FMT_TSV,
    OV_FMT_MARKDOWN,
    OV_FMT_JSON, /* an array of objects, one per row */
    OV_FMT_NMODES
};

const char *ov_fmt_mode_name(enum ov_fmt_mode m);

/* The mode named s ("box", "csv", ...), or -1. */
int ov_fmt_mode_from_name(const char *s);

struct ov_fmt_opts {
    enum ov_fmt_mode mode;
    size_t width;    /* box/plain: terminal width in cells; 0: no limit */
    size_t max_rows; /* box/plain: rows shown before "… N more rows"; 0: all */
    bool types;      /* box/plain: the column types under their names */
    bool footer;     /* box/plain: "3,787 rows × 12 columns" */
    bool header;     /* csv/tsv: the line of column names */
    size_t max_cell; /* box/plain/markdown: widest cell before "…" (cells);
                        0: no limit (the width, if any, still narrows text) */
    bool provenance; /* csv/tsv: "# " lines before the header (read back with
                        load_csv's comment = "#"); markdown: a list after */
    size_t small;    /* box/plain/markdown: flag percentages on fewer cases
                        than this, with a footnote (tablenote.h); 0: never */
    bool ascii;      /* box/plain: ASCII rules, bars, "..." and "x" instead of
                        box drawing, blocks, "…" and "×" (a non-UTF-8 locale) */
};

/* Defaults for a mode: header and footer on, types on, 10 rows shown of
 * a long table, cells not cut, no width limit, percentages on
 * fewer than 10 cases flagged. */
void ov_fmt_opts_init(struct ov_fmt_opts *o, enum ov_fmt_mode mode);

/* Writes t to out. Returns OV_EIO if writing failed (err says why),
 * OV_EINTR if interrupted. */
ov_status ov_format_table(FILE *out, const ov_table *t, const struct ov_fmt_opts *o,
                          struct ov_err *err);

/* Appends where t came from, one fact a line, each line starting with
 * prefix: its name, source file, size, modification time, load options,
 * and the numbered steps that made it (lines starting with step_prefix). */
void ov_format_provenance(ov_strbuf *b, const ov_table *t, const char *prefix,
                          const char *step_prefix);

/* Display width of UTF-8 text in terminal cells: one per code point
 * (CJK and emoji too), none for combining marks (U+0300-U+036F). The one
 * rule for every layer. */
size_t ov_text_width(const char *s, size_t n);

/* The cells byte i of s[0..n) adds to ov_text_width: 1 for the first byte
 * of a character that takes a cell, else 0. */
size_t ov_text_byte_width(const char *s, size_t n, size_t i);

/* Appends text to b in lines of at most `width` bytes, each indented
 * `indent` spaces and ended by a newline, broken at the last space that
 * fits (a word longer than the room is cut). */
void ov_text_wrap(ov_strbuf *b, const char *text, int indent, int width);

/* Writes the n bytes at s as one CSV field separated by sep (',', ';',
 * '\t'...): quoted, with quotes doubled, when it holds sep, a quote or a
 * line end (RFC 4180); as it is otherwise. */
void ov_format_csv_field(FILE *out, const char *s, size_t n, char sep);

#endif /* OV_FORMAT_H */
