/*
 * format_int.h - shared inside the formatter: a cell's text as a data file
 * holds it, and the CSV/TSV body writer (format_csv.c). Engine only.
 */
#ifndef OV_FORMAT_INT_H
#define OV_FORMAT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "ov_error.h"
#include "table.h"

/* Row r of column c (not missing) as a data file holds it: buf holds
 * OV_VALUE_TEXT_MAX bytes; returns the text (buf or borrowed from c), its
 * length in *len. Percentages and rates from their exact fraction to
 * OV_FMT_FIGURE_PLACES decimals. */
const char *ov_format_data_text(const ov_column *c, size_t r, char *buf, size_t *len);

/* Every row of t as CSV (sep ',') or TSV (sep '\t') lines, after the
 * header; fields quoted as ov_format_csv_field quotes them. The rows go
 * into a large buffer written to out in big pieces, not a character at a
 * time through stdio. Write errors stay on out (ferror, or the sink of an
 * ov_afile) for the caller; OV_EINTR, OV_ENOMEM. */
ov_status ov_format_csv_rows(FILE *out, const ov_table *t, char sep,
                             struct ov_err *err);

#endif
