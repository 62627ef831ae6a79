/*
 * loader_int.h - what the files of the CSV loader share: a column's type
 * evidence, per-chunk column storage, chunks, the load in progress and the
 * phases' entry points. Private to src/engine/loader*.c. No libcsv or
 * pthread types here: libcsv stays in loader_parse.c, threads in workq.c.
 */
#ifndef OV_LOADER_INT_H
#define OV_LOADER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "dict.h"
#include "loader.h"
#include "strbuf.h"
#include "value.h"
#include "workq.h"
#include "zsource.h"

#define BLOCK_SIZE ((size_t)4 << 20) /* bytes read per block, by default */
#define MIN_BLOCK ((size_t)4096)
#define MAX_THREADS 8
#define MAX_FIELD ((size_t)1 << 30) /* longest field or row by default: 1 GiB */
#define MAX_COLUMNS 100000

/* ---------------------------------------------------------------------
 * What a column's texts could be read as. Each distinct text is inspected
 * once; a column's evidence is the AND (`all`) and OR of its texts'.
 * --------------------------------------------------------------------- */

#define K_INT 1u     /* canonical integer */
#define K_GROUPED 2u /* integer with thousands separators, or a small integer */
#define K_FLOAT 4u   /* decimal number (integers included) a double gives back */
#define K_BOOL 8u
#define K_DATE 16u
#define K_NUMBER 32u /* decimal number, whether or not a double holds it */
#define K_ALL 63u

struct infer {
    unsigned all;      /* kinds every value has */
    unsigned datemask; /* date formats every value fits */
    unsigned boolstyles;
    bool any;         /* at least one value seen */
    bool comma;       /* some integer had a thousands separator */
    bool dot0;        /* some whole float written "12.0" */
    bool nodot;       /* some whole number written "12" */
    bool fraction;    /* some value with a fractional part or exponent */
    bool nonshortest; /* some float not in its shortest form ("1.50") */
    int decimals;     /* common number of decimals; -2 unset, -1 mixed */
    char inexact[48]; /* the first number a double would change, for the report */
};

static inline void
note_decimals(struct infer *f, int d)
{
    if (f->decimals == -2)
        f->decimals = d;
    else if (f->decimals != d)
        f->decimals = -1;
}

void ov_ld_infer_init(struct infer *f);

/* evidence from an integer beyond 2^53 (see loader_infer.c) */
void ov_ld_infer_big_int(struct infer *f, int64_t v) __attribute__((noinline));

#define EXACT_INT_MAX ((int64_t)1 << 53) /* every integer up to here is a double */

/* evidence from a canonical integer (the int64 fast path) */
static inline void
infer_int(struct infer *f, int64_t v)
{
    f->any = true;
    f->nodot = true;
    f->all &= K_INT | K_GROUPED | K_FLOAT | K_NUMBER;
    if (v <= -1000 || v >= 1000)
        f->all &= ~K_GROUPED;
    if (__builtin_expect(v > EXACT_INT_MAX || v < -EXACT_INT_MAX, 0))
        ov_ld_infer_big_int(f, v);
    if (f->decimals != 0)
        note_decimals(f, 0);
}

/* evidence from any text */
void ov_ld_infer_text(struct infer *f, const char *s, size_t n);
void ov_ld_infer_merge(struct infer *into, const struct infer *f);

/* the single bit set in mask, or -1 */
int ov_ld_single_bit(unsigned mask);

/* a column's type and how its values are written back */
struct decision {
    ov_type type;
    int float_style;
    bool grouped;
    int datefmt;
    unsigned boolstyle;
    bool per_row_decimals; /* texts that no single float style gives back */
};

/* The type of a column with evidence f, or the forced type (an ov_type, or
 * -1 when not forced) with the file's spelling of it. */
struct decision ov_ld_decide(const struct infer *f, int forced);

/* Converts text to a value of d's type into out; false if it does not fit
 * (only possible for forced types). */
bool ov_ld_convert_text(const struct decision *d, const char *s, size_t n, void *out);

/* ---------------------------------------------------------------------
 * Per-chunk storage of one column.
 * --------------------------------------------------------------------- */

enum cmode {
    CM_INT, /* every value so far a canonical integer: kept as int64 */
    CM_DICT /* codes into a chunk-local dictionary */
};

struct ccol {
    enum cmode mode;
    size_t n, cap;
    int64_t *ints;
    void *codes;
    uint8_t width;
    ov_dict *dict; /* chunk-local; NULL once merged into the column's */
    bool merged;   /* codes now index the column's dictionary */
    bool has_last; /* last_code holds the previous row's code */
    uint32_t last_code;
    uint64_t *valid; /* NULL until a value is missing */
    size_t nmissing;
    uint64_t *tokcount; /* per missing-value text, NULL until one is seen */
    struct infer inf;
    /* the size of the same column's dictionary in the worker's previous
     * chunk: room made at once, so interning rehashes and moves nothing */
    uint32_t hint_n;
    size_t hint_bytes;
};

struct reject {
    uint64_t row; /* row number in the chunk, counting rejected rows */
    uint64_t nfields;
    uint64_t line;   /* filled in after the parse */
    size_t text_off; /* in the chunk's reject text buffer */
    size_t text_len;
};

struct chunk {
    size_t index;
    uint64_t nrows;      /* rows kept */
    uint64_t first_line; /* line number of the chunk's first byte */
    struct ccol *cols;
    struct reject *rejects;
    size_t nrejects, caprejects;
    ov_strbuf reject_text;
    uint64_t padded;
    uint64_t first_padded_row, first_padded_line;
    uint64_t blank_lines; /* libcsv makes no row of them */
    uint64_t empty_rows;  /* rows whose every field is empty: dropped */
    uint64_t first_empty_row, first_empty_line;
    bool failed;
    struct ov_err err; /* the message; located after the parse if fail_row is set */
    uint64_t fail_row; /* row the failure is at, or NO_ROW */
    uint64_t fail_line;
};

#define NO_ROW UINT64_MAX

static inline bool
ccol_missing(const struct ccol *c, size_t i)
{
    return c->valid != NULL && !((c->valid[i >> 6] >> (i & 63)) & 1);
}

static inline void
put_code(struct ccol *c, size_t i, uint32_t code)
{
    switch (c->width) {
    case 1:
        ((uint8_t *)c->codes)[i] = (uint8_t)code;
        break;
    case 2:
        ((uint16_t *)c->codes)[i] = (uint16_t)code;
        break;
    default:
        ((uint32_t *)c->codes)[i] = code;
    }
}

static inline uint32_t
get_code(const struct ccol *c, size_t i)
{
    switch (c->width) {
    case 1:
        return ((const uint8_t *)c->codes)[i];
    case 2:
        return ((const uint16_t *)c->codes)[i];
    default:
        return ((const uint32_t *)c->codes)[i];
    }
}

/* ---------------------------------------------------------------------
 * The load as a whole.
 * --------------------------------------------------------------------- */

/* a block of the file cut at a row end: a slot of the read queue */
struct job {
    size_t index;
    char *buf;
    size_t len;
    size_t cap;
    uint64_t first_line;
    uint64_t lines;   /* line ends in the chunk: at least its number of rows */
    struct chunk *ch; /* what parsing it made, for the done step */
};

/* one thread's libcsv parser and its current row (loader_parse.c) */
struct worker;

/* what building a column found, for the report */
struct asm_out {
    uint64_t coerced;
    char example[64];
    uint64_t made_missing;
    uint64_t *tokcounts;
    char inexact[48]; /* kept as text: a number a float column would change */
    bool respelled;   /* a forced bool column whose file spells true and
                         false more than one way: written back one way */
    bool failed;      /* out of memory */
};

struct loader {
    const char *path; /* what messages call the data: the file, or
                         "x.zip:a.csv" for a member of a zip */
    const char *file; /* the file opened */
    size_t max_field; /* longest field or row accepted */
    size_t block;     /* bytes read per block */
    const struct ov_load_opts *opts;
    int fd;
    struct stat sb; /* the file when it was opened */
    /* the bytes, when compressed: read through zs instead of fd (which
     * stays open for the check that the file did not change) */
    ov_zsrc *zs;
    enum ov_zkind zkind;
    const char *member; /* the zip member read, or NULL */
    /* the byte source failed (corrupt, truncated, a bomb): that error wins
     * over any a chunk found, since the bytes before it may be garbage */
    bool src_failed;
    struct ov_err src_err;
    char delim;
    char nl;
    size_t ncols;
    char **names;
    int *forced; /* per column: a forced ov_type, or -1 */
    /* missing-value texts */
    const char *const *nulls;
    size_t *nulllen;
    size_t nnulls;
    size_t maxnull;
    bool empty_is_null;
    unsigned char nullfirst[256];
    /* chunks, in file order, as the done steps record them */
    struct chunk **chunks;
    size_t nchunks, capchunks;
    size_t njobs;     /* chunks queued */
    bool done_failed; /* out of memory recording or merging a chunk */
    /* one dictionary per column; chunks are merged into it in file order,
     * so codes follow first appearance whatever the thread timing */
    ov_dict **gdict;
    struct infer *ginf; /* evidence from each distinct text, seen once at merge */
    ov_workq *q;
    int nthreads; /* threads parsing (0: the reading thread parses) */
    struct worker *workers;
    size_t nworkers;
    /* the first block, read by the header phase, left for the data */
    char *first;
    size_t first_len, first_cap;
    uint64_t line; /* line number of the first byte after the header */
    uint64_t bytes_read;
    bool eof;
    bool bom;
    uint64_t comment_lines;
    uint64_t leading_blank; /* blank lines before the header */
    /* where the table begins (loader_layout.c) */
    size_t hand_end;         /* offset in the first block past skip = N lines */
    uint64_t hand_lines;     /* lines skipped by hand (skip = N) */
    uint64_t preamble_lines; /* lines found above the table and set aside */
    char **preamble;         /* the texts of both, for the provenance */
    size_t npreamble;
    bool header;     /* the first row names the columns (decided) */
    bool found_data; /* header = auto found the first row to be data */
    /* the columns built from the chunks, and what building them found */
    uint64_t total_rows;
    ov_column **out;
    struct asm_out *outs;
    /* the report */
    struct ov_load_report *rep;
};

/* ---- loader.c ---- */

/* ov_load_csv of the file at path, or of member `member` of zip (opened
 * on path) when zip is not NULL. label is what messages call the data
 * ("x.zip:a.csv"; NULL: path). */
ov_status ov_ld_load(const char *path, const char *label, ov_zip *zip, size_t member,
                     const struct ov_load_opts *opts, ov_table **out,
                     struct ov_load_report *rep, struct ov_err *err);

/* ---- loader_zip.c ---- */

/* ov_load_csv of a zip archive: the member opts->member names (a glob
 * stacks several), else the only CSV in it. */
ov_status ov_ld_load_zip(const char *path, const struct ov_load_opts *opts,
                         ov_table **out, struct ov_load_report *rep,
                         struct ov_err *err);

/* ---- loader_store.c ---- */

/* Reads the missing-value texts from ld->opts. */
ov_status ov_ld_setup_nulls(struct loader *ld);

/* A new chunk with room for max_rows rows per column; NULL when out of
 * memory (failed, with its error, if some column storage could not be
 * had). */
struct chunk *ov_ld_chunk_new(struct loader *ld, size_t index, uint64_t first_line,
                              uint64_t max_rows);
void ov_ld_chunk_free(struct loader *ld, struct chunk *ch);
void ov_ld_ccol_free(struct ccol *c);

/* Sets c's dictionary size hint (see struct ccol) and makes the room if c
 * already keeps a dictionary. */
void ov_ld_ccol_hint(struct ccol *c, uint32_t n, size_t bytes);

/* Stores one field as row c->n; OV_ENOMEM, or OV_ERANGE when a column has
 * too many distinct values. */
ov_status ov_ld_store(struct loader *ld, struct ccol *c, const char *s, size_t n);

/* Whether the text is one of the missing-value texts. */
bool ov_ld_is_null(const struct loader *ld, const char *s, size_t n);

/* Stores a missing value as row c->n (a cell that has no text at all). */
ov_status ov_ld_store_missing(struct ccol *c);

/* ---- loader_parse.c: the only file that includes <csv.h> ---- */

/* n workers, each to own a libcsv parser; NULL when out of memory */
struct worker *ov_ld_workers_new(struct loader *ld, size_t n);
void ov_ld_workers_free(struct worker *w, size_t n);

/* Parses one chunk on worker `worker` into a new struct chunk (never NULL
 * unless out of memory before anything could be recorded). */
struct chunk *ov_ld_parse_chunk(struct loader *ld, int worker, const struct job *job);

/* Parses the header row text[0..len) into *names (n of them, each and the
 * array owned by the caller). OV_ENOMEM when out of memory. */
ov_status ov_ld_parse_header(char delim, const char *text, size_t len, char ***names,
                             size_t *n);

/* ---- loader_sniff.c ---- */

/* The header phase: reads the first block, refuses what is not CSV text,
 * skips a BOM and comment lines, sniffs the delimiter, reads the column
 * names, and leaves the rest of the block in ld->first. */
ov_status ov_ld_sniff(struct loader *ld, struct ov_err *err);

/* Makes column names unique and non-empty, noting every change. */
ov_status ov_ld_fix_names(struct loader *ld, struct ov_load_report *rep);

/* Allocates the per-column state once the names are known and applies the
 * forced types (an unknown column is an error naming the closest). */
ov_status ov_ld_setup_columns(struct loader *ld, struct ov_err *err);

/* ---- loader_layout.c ---- */

/* Keeps the lines skipped by hand (skip = N: buf[from..ld->hand_end)) as
 * the preamble, or with skip unset (and a header), finds lines above the
 * table in buf[*skip..len) (after the comment lines) that are titles or
 * notes, keeps their texts, notes them, and moves *skip past them. */
ov_status ov_ld_find_table(struct loader *ld, const char *buf, size_t len, size_t from,
                           size_t *skip, struct ov_err *err);

/* With header = auto: whether the first row of buf[0..len) (where the
 * table begins; its parsed values are names[0..ncols)) is data, not names:
 * every value reads as its column's type in the rows below, at least one of
 * them is a number, date or boolean, and none is a plausible name. */
bool ov_ld_first_row_is_data(const struct loader *ld, const char *buf, size_t len);

/* ---- loader_read.c ---- */

/* Opens ld->path, refusing directories and waiting for a FIFO's writer. */
ov_status ov_ld_open(struct loader *ld, struct ov_err *err);

/* reads until buf holds `want` bytes or the file ends; returns bytes read
 * or -1 with errno */
ssize_t ov_ld_read_full(int fd, char *buf, size_t want);

/* Reads until buf holds `want` bytes or the data ends, from the file or
 * through ld->zs (inflated), into *got; counts them in ld->bytes_read.
 * Errors: Ctrl-C, a read error, corrupt or truncated compressed data, a
 * zip bomb. */
ov_status ov_ld_read(struct loader *ld, char *buf, size_t want, size_t *got,
                     struct ov_err *err);

/* The compressed bytes consumed so far, and in all (0: unknown), or the
 * file's when it is not compressed: what a progress bar shows. */
void ov_ld_progress_bytes(const struct loader *ld, uint64_t *done, uint64_t *total);

/* Reads the data after the header in blocks cut at row ends and parses
 * them on ld->nthreads threads; the error found while reading, if any.
 * The chunks are in ld->chunks when it returns. */
ov_status ov_ld_read_blocks(struct loader *ld, struct ov_err *err);

/* ---- loader_assemble.c ---- */

/* Moves a parsed chunk's dictionaries into the columns' (in file order). */
ov_status ov_ld_merge_chunk(struct loader *ld, struct chunk *ch);

/* Builds every column from the chunks into ld->out (ld->total_rows rows),
 * filling ld->outs; several columns at a time on up to ld->nthreads
 * threads. */
ov_status ov_ld_assemble(struct loader *ld, struct ov_err *err);

/* ---- loader_report.c ---- */

ov_status ov_ld_nomem(const struct loader *ld, struct ov_err *err);

ov_status ov_ld_note(struct ov_load_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* number with thousands separators, for messages */
const char *ov_ld_fmtn(char *buf, uint64_t v);

/* The rejects table of tbl, and the notes on rows: rejected, blank,
 * comment lines, padded. */
ov_status ov_ld_report_rows(struct loader *ld, ov_table *tbl, struct ov_err *err);

/* The notes on columns: values made missing or coerced, numbers kept as
 * text, booleans respelled. */
void ov_ld_report_columns(struct loader *ld);

/* The table's name and the facts t:provenance() shows. */
void ov_ld_provenance(struct loader *ld, ov_table *tbl);

/* The same for a table made from texts: as for a file of ld->bytes_read
 * bytes made in this session. */
void ov_ld_text_provenance(struct loader *ld, ov_table *tbl);

#endif /* OV_LOADER_INT_H */
