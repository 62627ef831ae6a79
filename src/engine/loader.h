/*
 * loader.h - CSV files into typed tables, through libcsv. The file is read
 * in blocks cut at row boundaries, parsed by one libcsv parser per thread,
 * and every value of every row is seen before a column's type is chosen.
 * Nothing is changed silently: what was made missing, rejected or renamed
 * is in the report. Tables made from texts in memory get the same typing.
 * Part of libovengine; libcsv stays inside the loader (loader_parse.c).
 */
#ifndef OV_LOADER_H
#define OV_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csvscan.h"
#include "ov_error.h"
#include "table.h"

enum ov_ragged {
    OV_RAGGED_ERROR, /* a row with the wrong number of fields stops the load */
    OV_RAGGED_SKIP,  /* such rows are left out and kept in the rejects */
    OV_RAGGED_PAD    /* short rows get missing values; long ones are rejected */
};

/* A column's type forced by the caller (load_csv's `types` option). */
struct ov_type_override {
    const char *column;
    ov_type type;
};

/* Whether the first row of the table names its columns. */
enum ov_header {
    OV_HEADER_NONE = 0,      /* no: every row is data, columns column_1, ... */
    OV_HEADER_FIRST_ROW = 1, /* yes, whatever it holds */
    OV_HEADER_AUTO = 2       /* yes, unless every value of the first row reads
                                as its column's type below and none is a
                                plausible name (the default) */
};

struct ov_load_opts {
    char delim;               /* 0: sniff among , TAB ; | */
    enum ov_header header;    /* OV_HEADER_AUTO by default */
    long skip;                /* lines skipped before the header (kept in the
                                 provenance); -1 (the default): lines above the
                                 table with fewer fields than it (a title, notes)
                                 are found and set aside as its preamble */
    const char *const *nulls; /* texts read as missing; NULL: the defaults */
    size_t nnulls;
    enum ov_encoding encoding; /* UTF-8 (validated), Latin-1, Windows-1252 */
    enum ov_ragged on_ragged;
    const struct ov_type_override *types;
    size_t ntypes;
    int threads;       /* 0: one per CPU */
    const char *name;  /* the table's name; NULL: from the file name */
    char comment;      /* 0, or lines starting with it before the
                          header are skipped ("# source: ...") */
    size_t max_field;  /* longest field or row read; 0: 1 GiB */
    size_t block_size; /* bytes read and parsed at a time; 0: 4 MiB. Files
                          under half a block use one thread. Tests make it
                          small to cut small files into many chunks */
    /* called from the loading thread after each block; total is 0 when the
     * size is unknown (a pipe) */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
    /* for a zip archive: the member to load, by name (or, when no member
     * has that name, by its name without folders if only one has it), or
     * a glob (fnmatch: "*.csv", "2019/?.csv") whose members are stacked into
     * one table with a first column `member`; they must have the same
     * columns in the same order. NULL: the only CSV in the archive. */
    const char *member;
};

/* The default missing-value texts: "", NA, N/A, NULL, #N/A, and the error
 * values Excel writes into cells (#VALUE!, #REF!, #DIV/0!, #NAME?, #NUM!,
 * #NULL!). */
extern const char *const ov_default_nulls[];
extern const size_t ov_default_nnulls;

/* Fills o with the defaults. */
void ov_load_opts_init(struct ov_load_opts *o);

/* What a load did, for the one-line report after an interactive load and
 * for t:provenance(). Notes are whole sentences, owned by the report. */
struct ov_load_report {
    uint64_t rows;
    size_t cols;
    uint64_t bytes;
    double seconds;
    char delim;
    int threads;
    uint64_t rejected;     /* rows left out (kept in the rejects table) */
    uint64_t padded;       /* short rows filled with missing values */
    uint64_t made_missing; /* non-empty values read as missing (NA, #VALUE!, ...) */
    uint64_t coerced;      /* values that did not fit a forced type */
    char compressed[160];  /* "gzip, 12.3 MB -> 241 MB", or "" when the
                              file was not compressed */
    uint64_t empty_rows;   /* rows of 2+ columns whose every field was empty:
                              dropped */
    char **notes;
    size_t nnotes;
};

void ov_load_report_free(struct ov_load_report *r);

/* Loads path into *out (a new table the caller frees with ov_table_free).
 * What the file is comes from its first bytes, not its name: CSV text; a
 * gzip file, inflated as it is read (memory stays bounded by the table);
 * or a zip archive, whose member opts->member is loaded (see there).
 * Progress then counts compressed bytes. rep may be NULL. On failure
 * returns the status, leaves *out NULL and fills err with
 * "FILE:LINE[:COLUMN]: what was expected" (a zip member is called
 * "FILE:MEMBER"): also a truncated or corrupt gzip or zip, one that
 * expands past zsource's limits (a zip bomb), an encrypted member, a
 * member that does not exist or a zip of several CSVs without one named
 * (listing them), an empty zip, a workbook (load_sheet()). Returns
 * OV_EINTR if ov_interrupt_request was called during the load. */
ov_status ov_load_csv(const char *path, const struct ov_load_opts *opts, ov_table **out,
                      struct ov_load_report *rep, struct ov_err *err);

/* One text of ov_table_from_text: len bytes at offset off of the texts, or
 * a missing value (off == OV_CELL_MISSING). */
struct ov_cell {
    size_t off;
    size_t len;
};
#define OV_CELL_MISSING SIZE_MAX

/* Makes a table in memory from texts, typed exactly as ov_load_csv types
 * the columns of a CSV file holding them: the same inference, values and
 * notes. Column j is named names[j] (made unique and non-empty, noted, as
 * a header's names are) and holds cells[i * ncols + j] for rows i < nrows;
 * every text lies in `text` and must be UTF-8 without NUL bytes. Of opts
 * (NULL: the defaults) it uses nulls, types and name. The table's name and
 * facts are those of such a file (its size, load options), with source
 * "texts in memory" and modified "(made in this session)". *out is a new
 * table the caller frees; rep may be NULL (its bytes: the file's size). On failure
 * returns the status, leaves *out NULL and fills err ("column 'a', row 3: invalid UTF-8
 * ..."). */
ov_status ov_table_from_text(const char *text, const struct ov_cell *names,
                             size_t ncols, const struct ov_cell *cells, size_t nrows,
                             const struct ov_load_opts *opts, ov_table **out,
                             struct ov_load_report *rep, struct ov_err *err);

/* The same with the cells column by column: column j holds
 * cells[j * nrows + i] (a sheet's table is made a column at a time, and
 * walking each column's cells in order is what the loader reads). */
ov_status ov_table_from_text_columns(const char *text, const struct ov_cell *names,
                                     size_t ncols, const struct ov_cell *cells,
                                     size_t nrows, const struct ov_load_opts *opts,
                                     ov_table **out, struct ov_load_report *rep,
                                     struct ov_err *err);

#endif /* OV_LOADER_H */
