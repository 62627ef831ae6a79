/*
 * csvscan.h - byte-level scanning of CSV text that does not need a full
 * parse: where rows end (mirroring libcsv's state machine exactly, so a
 * chunk cut at such a point parses as it would in one piece), delimiter
 * sniffing, line and column numbers for messages, UTF-8 validation and
 * Latin-1 / Windows-1252 transcoding. Used by the loader; no libcsv here.
 * Part of libovcore.
 */
#ifndef OV_CSVSCAN_H
#define OV_CSVSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of scanning a buffer that starts at the beginning of a row. */
struct ov_scan {
    size_t last_row_end; /* offset just past the last row terminator outside
                            quotes; 0 if none */
    bool in_quotes;      /* the buffer ends inside a quoted field */
    size_t quote_open;   /* where that quoted field opened (if in_quotes) */
    bool malformed;      /* a closing quote was followed by other text */
    size_t malformed_at; /* offset of that text */
};

/* Scans buf[0..len) with delimiter `delim`, stopping at the first
 * malformed quote. Quotes open a field only at its start; elsewhere they
 * are literal, as in libcsv (and Python's csv). */
void ov_scan_rows(const char *buf, size_t len, char delim, struct ov_scan *out);

/* Offset just past the end of the first row (its terminator and, for
 * CRLF, the LF), or 0 if buf holds no complete row. Leading blank lines
 * are skipped: *row_start gets where the row begins. */
size_t ov_scan_first_row(const char *buf, size_t len, char delim, bool at_eof,
                         size_t *row_start);

/* Offsets of the starts of rows k (0-based, counting rows as libcsv does:
 * blank lines are not rows) for each wanted[i] (ascending), as line numbers
 * counted from first_line at buf[0]. */
void ov_scan_row_lines(const char *buf, size_t len, char delim, char nl,
                       uint64_t first_line, const uint64_t *wanted, size_t nwanted,
                       uint64_t *lines);

/* Number of blank lines in buf (which starts at the beginning of a row):
 * line ends where libcsv is between rows, so it makes no row of them. The
 * LF of a CRLF pair is not a line of its own. */
uint64_t ov_scan_blank_lines(const char *buf, size_t len, char delim);

/* Number of line feeds in buf (lines are counted by LF; a file with only
 * CR line ends is counted by CR, see ov_scan_line_char). */
uint64_t ov_scan_count_lines(const char *buf, size_t len, char nl);

/* '\n', or '\r' when the sample has CRs but no LF (classic Mac files). */
char ov_scan_line_char(const char *sample, size_t len);

/* 1-based line and character column of offset pos, given the line number
 * of buf[0]. */
void ov_scan_position(const char *buf, size_t pos, uint64_t first_line, char nl,
                      uint64_t *line, uint64_t *col);

/* Picks the delimiter among , TAB ; | that splits the sample's rows into
 * the most consistent number of fields (more than one); ',' if none does. */
char ov_scan_sniff_delim(const char *buf, size_t len);

/* Checks that buf is valid UTF-8 with no NUL byte. Returns the offset of
 * the first bad byte, or len if all is well; *nul tells a NUL apart. */
size_t ov_utf8_check(const char *buf, size_t len, bool *nul);

/* Called for each field (s[0..n), not NUL-terminated, valid only during
 * the call) and at each row end; a nonzero return from the row callback
 * stops the split. */
typedef void (*ov_scan_field_fn)(const char *s, size_t n, void *data);
typedef int (*ov_scan_row_fn)(void *data);

/* Splits buf[0..len) (which starts at the beginning of a row) into fields
 * and rows exactly as libcsv 3.0.3 does with options 0, no space
 * characters, CR and LF ending rows, '"' quoting, followed by csv_fini:
 * the same calls with the same bytes in the same order (blank lines make
 * no row; a quote inside an unquoted field is literal; a closing quote
 * followed by other text stays in the field, as libcsv keeps it; an
 * unterminated quoted field runs to the end). A quoted field with
 * doubled quotes is unescaped into *scratch (*cap bytes, grown with
 * ov_realloc; the caller frees it). Returns false when out of memory for
 * that, having stopped there. If blanks is not NULL, *blanks is the
 * number of blank lines passed so far, as ov_scan_blank_lines counts them
 * over the same text (the loader's report, without a pass of its own).
 * The loader's fast path; libcsv stays the parser of record, and tests
 * compare the two on every file and on fuzz input. */
bool ov_scan_fields(const char *buf, size_t len, char delim, ov_scan_field_fn field,
                    ov_scan_row_fn row, void *data, char **scratch, size_t *cap,
                    uint64_t *blanks);

/* Encodings the loader can transcode from. */
enum ov_encoding { OV_ENC_UTF8, OV_ENC_LATIN1, OV_ENC_CP1252 };

/* Transcodes len bytes of Latin-1 or Windows-1252 to UTF-8 in out (which
 * must hold 3 * len bytes). Returns the output length, or (size_t)-1 with
 * *bad set to the offset of a byte Windows-1252 leaves undefined. */
size_t ov_transcode(enum ov_encoding enc, const char *in, size_t len, char *out,
                    size_t *bad);

#endif /* OV_CSVSCAN_H */
