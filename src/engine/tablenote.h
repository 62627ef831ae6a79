/*
 * tablenote.h - what a printed table says beside its numbers: the flag on
 * a percentage (or the count it rests on) drawn from fewer cases than the
 * small-number threshold, and the footnotes under the table (small
 * numbers; percentages that do not add to 100 once rounded, or were
 * rounded by largest remainder to add to it). Used by format.c for box,
 * plain and Markdown; the machine formats carry no marks. Engine only.
 */
#ifndef OV_TABLENOTE_H
#define OV_TABLENOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "strbuf.h"
#include "table.h"

/* The small-number marker of a mode: "†" (box, markdown), or "~" in plain
 * text, which may go where UTF-8 is not read. */
const char *ov_small_marker(enum ov_fmt_mode mode);

/* Flags the cells of table row i drawn from fewer than `small` cases:
 * flags[j] for each column j. A percentage is flagged when its
 * denominator is under small, a rate (rate(), per > 0) when its count of
 * events is; with it, the count it rests on: the first
 * integer measure of the row (freq's n, a crosstab's cells, count())
 * equal to its denominator (a rate's: its events). Missing cells are
 * never flagged; small 0 flags nothing. Returns true if any is. */
bool ov_small_row(const ov_table *t, size_t i, size_t small, bool *flags);

/* A missing cell that the table's markers (ov_table_markers) explain:
 * table row i, column j, and the marker to show in it ("[c]"; borrowed
 * from the markers table). */
struct ov_marked_cell {
    size_t i, j;
    const char *marker;
};

/* The marked missing cells of t, by row then column, into *out (the
 * caller's, ov_free); none when t has no markers. OV_ENOMEM only. */
ov_status ov_marked_cells(const ov_table *t, struct ov_marked_cell **out, size_t *n,
                          struct ov_err *err);

struct ov_figure;

/* True when figure f rests on fewer than `small` cases: a percentage
 * whose whole, or a rate whose count of events, is under small (0: never).
 * Then appends to note (if not NULL) "based on fewer than 10 cases (9):
 * treat with caution", without a line end. */
bool ov_small_figure(const struct ov_figure *f, size_t small, ov_strbuf *note);

/* Appends the footnote lines for t (each ending in "\n"), or nothing:
 * "† based on fewer than 10 cases (2 rows): treat with caution" when
 * flagged_rows > 0, then the rounding note. OV_ENOMEM only. */
ov_status ov_table_notes(ov_strbuf *b, const ov_table *t, const struct ov_fmt_opts *o,
                         size_t flagged_rows, struct ov_err *err);

#endif /* OV_TABLENOTE_H */
