/*
 * loader.c - CSV to table through libcsv; the only file that includes
 * <csv.h>.
 *
 * How a load goes:
 *  1. The main thread reads the file in blocks, checks the first for a BOM
 *     and sniffs the delimiter, parses the header, then cuts each block at
 *     its last row boundary (csvscan's quote-aware scan, which mirrors
 *     libcsv's states) and queues it as a chunk.
 *  2. Worker threads (one per CPU) each own a libcsv parser. A chunk is
 *     checked for UTF-8 (or transcoded), parsed, and every field stored in
 *     a per-chunk column: as an int64 while every value so far is a
 *     canonical integer, else as a code into a chunk-local dictionary
 *     (1, 2 or 4 bytes a code). Each distinct text is inspected once to
 *     learn which types it could be.
 *  3. When every chunk is in, each column's type is decided from all of
 *     its values, and the chunks are concatenated into the final column,
 *     column by column on the worker threads, freeing chunk storage as they
 *     go (so peak memory is about the final table plus one column).
 * Errors are kept per chunk and the one earliest in the file is reported,
 * so the message does not depend on thread timing.
 */
#include "config.h"

#include "loader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "csvscan.h"
#include "dict.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

#define BLOCK_SIZE ((size_t)4 << 20)   /* bytes read per block, by default */
#define MIN_BLOCK ((size_t)4096)
#define SLICE_SIZE ((size_t)256 << 10) /* bytes handed to libcsv at once */
#define MAX_THREADS 8
#define MAX_FIELD ((size_t)1 << 30)    /* longest field or row by default: 1 GiB */
#define MAX_COLUMNS 100000
#define SAMPLE_SIZE ((size_t)64 << 10) /* bytes used to sniff the delimiter */

const char *const ov_default_nulls[] = {"",        "NA",     "N/A",    "NULL",
                                        "#N/A",    "#VALUE!", "#REF!", "#DIV/0!",
                                        "#NAME?",  "#NUM!",  "#NULL!"};
const size_t ov_default_nnulls = sizeof ov_default_nulls / sizeof ov_default_nulls[0];

void
ov_load_opts_init(struct ov_load_opts *o)
{
    memset(o, 0, sizeof *o);
    o->header = true;
    o->encoding = OV_ENC_UTF8;
    o->on_ragged = OV_RAGGED_ERROR;
}

void
ov_load_report_free(struct ov_load_report *r)
{
    size_t i;

    if (r == NULL)
        return;
    for (i = 0; i < r->nnotes; i++)
        ov_free(r->notes[i]);
    ov_free(r->notes);
    r->notes = NULL;
    r->nnotes = 0;
}

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
    bool any;          /* at least one value seen */
    bool comma;        /* some integer had a thousands separator */
    bool dot0;         /* some whole float written "12.0" */
    bool nodot;        /* some whole number written "12" */
    bool fraction;     /* some value with a fractional part or exponent */
    bool nonshortest;  /* some float not in its shortest form ("1.50") */
    int decimals;      /* common number of decimals; -2 unset, -1 mixed */
    char inexact[48];  /* the first number a double would change, for the report */
};

static void
infer_init(struct infer *f)
{
    memset(f, 0, sizeof *f);
    f->all = K_ALL;
    f->datemask = (1u << OV_DATE_NFMT) - 1;
    f->decimals = -2;
}

static void
note_decimals(struct infer *f, int d)
{
    if (f->decimals == -2)
        f->decimals = d;
    else if (f->decimals != d)
        f->decimals = -1;
}

static void
note_inexact(struct infer *f, const char *s, size_t n)
{
    size_t k = n < sizeof f->inexact - 1 ? n : sizeof f->inexact - 1;

    if (f->inexact[0] != '\0')
        return;
    memcpy(f->inexact, s, k);
    f->inexact[k] = '\0';
}

/* An integer beyond 2^53 in a column that may be float. A double holds it
 * exactly only if it is a multiple of a power of two; otherwise the column
 * cannot be float without changing it (12345678901234567 would become
 * 12345678901234568), so it stays text, as value.c's exactness test keeps
 * "12345678901234567.0". One it holds from 1e16 up is written back by
 * fixed decimals, its shortest form having an exponent. */
static __attribute__((noinline)) void
infer_big_int(struct infer *f, int64_t v)
{
    double d = (double)v;

    if (d >= 9223372036854775808.0 || (int64_t)d != v) {
        char buf[OV_VALUE_TEXT_MAX];

        f->all &= ~K_FLOAT;
        note_inexact(f, buf, ov_value_format_int(buf, v));
    } else if (d >= 1e16 || d <= -1e16) {
        f->nonshortest = true;
    }
}

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
        infer_big_int(f, v);
    if (f->decimals != 0)
        note_decimals(f, 0);
}

static void
infer_text(struct infer *f, const char *s, size_t n)
{
    unsigned bits = 0, dm, bs;
    int64_t iv;
    double fv;
    struct ov_floattext ft;
    bool bv;

    f->any = true;
    if (ov_parse_int(s, n, &iv)) {
        infer_int(f, iv);
        return;
    }
    if (ov_parse_int_grouped(s, n, &iv)) {
        bits |= K_GROUPED;
        f->comma = true;
    } else if (ov_parse_float(s, n, &fv, &ft)) {
        bits |= K_NUMBER;
        if (!ft.exact) {
            /* a float only if its text survives: 20-digit identifiers,
             * "0.1000000000000000055511151231257827" and the like stay
             * text, and the report says why */
            note_inexact(f, s, n);
        } else {
            bits |= K_FLOAT;
            if (ft.dot0)
                f->dot0 = true;
            else if (ft.integral && !ft.exponent && ft.decimals == 0)
                f->nodot = true;
            else
                f->fraction = true;
            if (!ft.shortest)
                f->nonshortest = true;
            note_decimals(f, ft.exponent ? -1 : ft.decimals);
        }
    }
    if ((bs = ov_bool_match(s, n, &bv)) != 0) {
        bits |= K_BOOL;
        f->boolstyles |= bs;
    }
    if ((dm = ov_date_match(s, n)) != 0) {
        bits |= K_DATE;
        f->datemask &= dm;
    }
    f->all &= bits;
}

static void
infer_merge(struct infer *into, const struct infer *f)
{
    if (!f->any)
        return;
    into->any = true;
    into->all &= f->all;
    into->datemask &= f->datemask;
    into->boolstyles |= f->boolstyles;
    into->comma |= f->comma;
    into->dot0 |= f->dot0;
    into->nodot |= f->nodot;
    into->fraction |= f->fraction;
    into->nonshortest |= f->nonshortest;
    if (f->decimals != -2)
        note_decimals(into, f->decimals);
    if (into->inexact[0] == '\0')
        memcpy(into->inexact, f->inexact, sizeof into->inexact);
}

/* the single bit set in mask, or -1 */
static int
single_bit(unsigned mask)
{
    int i;

    if (mask == 0 || (mask & (mask - 1)) != 0)
        return -1;
    for (i = 0; !(mask & (1u << i)); i++)
        ;
    return i;
}

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
    ov_dict *dict;   /* chunk-local; NULL once merged into the column's */
    bool merged;     /* codes now index the column's dictionary */
    bool has_last;   /* last_code holds the previous row's code */
    uint32_t last_code;
    uint64_t *valid; /* NULL until a value is missing */
    size_t nmissing;
    uint64_t *tokcount; /* per missing-value text, NULL until one is seen */
    struct infer inf;
};

struct reject {
    uint64_t row;    /* row number in the chunk, counting rejected rows */
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
    bool failed;
    struct ov_err err;   /* the message; located after the parse if fail_row is set */
    uint64_t fail_row;   /* row the failure is at, or NO_ROW */
    uint64_t fail_line;
};

#define NO_ROW UINT64_MAX

/* ---------------------------------------------------------------------
 * The load as a whole.
 * --------------------------------------------------------------------- */

struct job {
    size_t index;
    char *buf;
    size_t len;
    size_t cap;
    uint64_t first_line;
    uint64_t lines; /* line ends in the chunk: at least its number of rows */
};

struct loader;

/* one thread's parser and its current row */
struct worker {
    struct loader *ld;
    pthread_t thread;
    struct csv_parser parser;
    bool parser_ready;
    struct chunk *ch;
    char *rowbuf;
    size_t rowlen, rowcap;
    size_t *foff, *flen;
    size_t nf, fcap;
    uint64_t row;  /* rows seen in the chunk, kept or not */
    bool stop;
    char *tbuf;    /* transcoding buffer */
    size_t tcap;
};

struct loader {
    const char *path;
    size_t max_field;           /* longest field or row accepted */
    size_t block;               /* bytes read per block */
    const struct ov_load_opts *opts;
    int fd;
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
    /* chunks, in file order */
    struct chunk **chunks;
    uint8_t *parsed;   /* per chunk: parsing finished */
    size_t nchunks, capchunks;
    /* one dictionary per column; chunks are merged into it in file order,
     * so codes follow first appearance whatever the thread timing */
    ov_dict **gdict;
    struct infer *ginf; /* evidence from each distinct text, seen once at merge */
    size_t next_merge;
    bool merging;
    /* work queue */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct job *queue;
    size_t qhead, qlen, qcap;
    char **freebufs;
    size_t nfree;
    size_t bufs_out;  /* buffers handed out and not yet returned */
    size_t max_bufs;
    bool done_reading;
    bool abort;       /* stop taking jobs */
    size_t active;
    int nthreads;
    struct worker *workers;
    /* final assembly: next column to build */
    size_t next_col;
    ov_column **out;
    struct ov_err asm_err;
    bool asm_failed;
    /* the report */
    struct ov_load_report *rep;
    uint64_t leading_blank; /* blank lines before the header */
};

/* ---------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static ov_status
nomem(struct loader *ld, struct ov_err *err)
{
    char doing[512];

    snprintf(doing, sizeof doing, "loading %s", ld->path);
    return ov_err_nomem(err, doing);
}

static ov_status
add_note(struct ov_load_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static ov_status
add_note(struct ov_load_report *rep, const char *fmt, ...)
{
    ov_strbuf b = OV_STRBUF_INIT;
    va_list ap;
    char **nn;

    if (rep == NULL)
        return OV_OK;
    va_start(ap, fmt);
    ov_strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    nn = ov_realloc(rep->notes, (rep->nnotes + 1) * sizeof *nn);
    if (nn == NULL || ov_strbuf_status(&b) != OV_OK) {
        ov_strbuf_free(&b);
        return OV_ENOMEM;
    }
    rep->notes = nn;
    rep->notes[rep->nnotes++] = ov_strbuf_take(&b);
    return OV_OK;
}

/* index of the missing-value text s, or -1 */
static inline int
null_index(const struct loader *ld, const char *s, size_t n)
{
    size_t i;

    if (n == 0)
        return ld->empty_is_null ? 0 : -1;
    if (n > ld->maxnull || !ld->nullfirst[(unsigned char)s[0]])
        return -1;
    for (i = 0; i < ld->nnulls; i++)
        if (ld->nulllen[i] == n && ov_bytes_equal(ld->nulls[i], s, n))
            return (int)i;
    return -1;
}

/* number with thousands separators, for messages */
static const char *
fmtn(char *buf, uint64_t v)
{
    ov_value_format_int_grouped(buf, (int64_t)v, ',');
    return buf;
}

/* ---------------------------------------------------------------------
 * Storing values into a chunk column
 * --------------------------------------------------------------------- */

static ov_status
ccol_grow(struct ccol *c)
{
    size_t ncap = c->cap ? c->cap * 2 : 4096;

    if (c->mode == CM_INT) {
        int64_t *p = ov_realloc(c->ints, ncap * sizeof *p);

        if (p == NULL)
            return OV_ENOMEM;
        c->ints = p;
    } else {
        void *p = ov_realloc(c->codes, ncap * c->width);

        if (p == NULL)
            return OV_ENOMEM;
        c->codes = p;
    }
    if (c->valid != NULL) {
        uint64_t *v = ov_realloc(c->valid, (ncap / 64) * sizeof *v);

        if (v == NULL)
            return OV_ENOMEM;
        memset(v + c->cap / 64, 0xFF, (ncap - c->cap) / 64 * sizeof *v);
        c->valid = v;
    }
    c->cap = ncap;
    return OV_OK;
}

static ov_status
ccol_set_missing(struct ccol *c, size_t i)
{
    if (c->valid == NULL) {
        c->valid = ov_malloc((c->cap / 64) * sizeof *c->valid);
        if (c->valid == NULL)
            return OV_ENOMEM;
        memset(c->valid, 0xFF, (c->cap / 64) * sizeof *c->valid);
    }
    c->valid[i >> 6] &= ~((uint64_t)1 << (i & 63));
    c->nmissing++;
    return OV_OK;
}

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

/* codes got too narrow for the dictionary: copy them to the next width */
static ov_status
widen(struct ccol *c)
{
    uint8_t nw = c->width == 1 ? 2 : 4;
    void *p = ov_malloc((c->cap ? c->cap : 1) * nw);
    size_t i;
    struct ccol tmp = *c;

    if (p == NULL)
        return OV_ENOMEM;
    tmp.codes = p;
    tmp.width = nw;
    for (i = 0; i < c->n; i++)
        put_code(&tmp, i, get_code(c, i));
    ov_free(c->codes);
    c->codes = p;
    c->width = nw;
    return OV_OK;
}

/* the code of s in the chunk's dictionary; its type evidence is taken
 * when the chunk is merged, once per distinct text of the whole file */
static ov_status
intern_into(struct ccol *c, const char *s, size_t n, uint32_t *code)
{
    uint64_t h = ov_hash_bytes(s, n);
    ov_status st;

    /* most rows repeat a value already seen: look before inserting */
    *code = ov_dict_lookup_hashed(c->dict, s, n, h);
    if (*code != OV_DICT_MAX)
        return OV_OK;
    if ((st = ov_dict_intern_hashed(c->dict, s, n, h, code, NULL)) != OV_OK)
        return st;
    if ((c->width == 1 && c->dict->n > 256) || (c->width == 2 && c->dict->n > 65536))
        return widen(c);
    return OV_OK;
}

/* the first text that is not a canonical integer: keep the column's rows
 * as dictionary codes from now on, turning the integers so far back into
 * their (canonical, hence exact) text */
static ov_status
to_dict(struct ccol *c)
{
    size_t i;
    ov_status st;
    int64_t *ints = c->ints;

    c->dict = ov_dict_new();
    c->codes = ov_malloc(c->cap ? c->cap : 1);
    if (c->dict == NULL || c->codes == NULL)
        return OV_ENOMEM;
    c->width = 1;
    c->mode = CM_DICT;
    for (i = 0; i < c->n; i++) {
        char buf[OV_VALUE_TEXT_MAX];
        size_t k;
        uint32_t code = 0;

        if (!ccol_missing(c, i)) {
            k = ov_value_format_int(buf, ints[i]);
            if ((st = intern_into(c, buf, k, &code)) != OV_OK)
                return st;
        }
        put_code(c, i, code);
    }
    ov_free(ints);
    c->ints = NULL;
    return OV_OK;
}

/* stores one field as row c->n */
static ov_status
store(struct loader *ld, struct ccol *c, const char *s, size_t n)
{
    ov_status st;
    int tok;

    if (c->n == c->cap && (st = ccol_grow(c)) != OV_OK)
        return st;
    tok = null_index(ld, s, n);
    if (tok >= 0) {
        if ((st = ccol_set_missing(c, c->n)) != OV_OK)
            return st;
        if (n > 0) {
            if (c->tokcount == NULL) {
                c->tokcount = ov_calloc(ld->nnulls, sizeof *c->tokcount);
                if (c->tokcount == NULL)
                    return OV_ENOMEM;
            }
            c->tokcount[tok]++;
        }
        if (c->mode == CM_INT)
            c->ints[c->n] = 0;
        else
            put_code(c, c->n, 0);
        c->n++;
        return OV_OK;
    }
    if (c->mode == CM_INT) {
        int64_t v;

        if (ov_parse_int(s, n, &v)) {
            c->ints[c->n++] = v;
            infer_int(&c->inf, v);
            return OV_OK;
        }
        if ((st = to_dict(c)) != OV_OK)
            return st;
    }
    {
        uint32_t code;

        /* a value like the row above's (a complaint's allegations share
         * its force, date, ...) needs no hashing */
        if (c->has_last) {
            size_t ln;
            const char *ls = ov_dict_str(c->dict, c->last_code, &ln);

            if (ln == n && ov_bytes_equal(ls, s, n)) {
                put_code(c, c->n++, c->last_code);
                return OV_OK;
            }
        }
        if ((st = intern_into(c, s, n, &code)) != OV_OK)
            return st;
        put_code(c, c->n, code);
        c->n++;
        c->last_code = code;
        c->has_last = true;
    }
    return OV_OK;
}

static void
ccol_free(struct ccol *c)
{
    ov_free(c->ints);
    ov_free(c->codes);
    ov_dict_unref(c->dict);
    ov_free(c->valid);
    ov_free(c->tokcount);
    memset(c, 0, sizeof *c);
}

static struct chunk *
chunk_new(struct loader *ld, size_t index, uint64_t first_line, uint64_t max_rows)
{
    struct chunk *ch = ov_calloc(1, sizeof *ch);
    size_t j;

    if (ch == NULL)
        return NULL;
    ch->index = index;
    ch->first_line = first_line;
    ch->fail_row = NO_ROW;
    ch->cols = ov_calloc(ld->ncols ? ld->ncols : 1, sizeof *ch->cols);
    if (ch->cols == NULL) {
        ov_free(ch);
        return NULL;
    }
    /* a row ends at a line end (or at the end of the file), so the arrays
     * get their final size at once: growing by doubling would leave up
     * to half of them unused */
    max_rows = (max_rows + 1 + 63) / 64 * 64;
    for (j = 0; j < ld->ncols; j++) {
        struct ccol *c = &ch->cols[j];
        int f = ld->forced[j];

        infer_init(&c->inf);
        /* integers go the fast way unless the column is forced to a
         * type whose text must be kept as written */
        c->mode = (f < 0 || f == OV_INT || f == OV_FLOAT) ? CM_INT : CM_DICT;
        c->cap = (size_t)max_rows;
        if (c->mode == CM_DICT) {
            c->dict = ov_dict_new();
            c->width = 1;
            c->codes = ov_malloc(c->cap);
            if (c->dict == NULL || c->codes == NULL) {
                ch->failed = true;
                ov_err_set(&ch->err, OV_ENOMEM, "out of memory");
            }
        } else {
            c->ints = ov_malloc(c->cap * sizeof *c->ints);
            if (c->ints == NULL) {
                ch->failed = true;
                ov_err_set(&ch->err, OV_ENOMEM, "out of memory");
            }
        }
    }
    return ch;
}

static void
chunk_free(struct loader *ld, struct chunk *ch)
{
    size_t j;

    if (ch == NULL)
        return;
    for (j = 0; j < ld->ncols; j++)
        ccol_free(&ch->cols[j]);
    ov_free(ch->cols);
    ov_free(ch->rejects);
    ov_strbuf_free(&ch->reject_text);
    ov_free(ch);
}

/* ---------------------------------------------------------------------
 * libcsv callbacks: fields are gathered per row, then committed to the
 * columns only if the row has the right number of fields, so a rejected
 * row leaves no trace in the columns (not even a dictionary entry).
 * --------------------------------------------------------------------- */

static void
fail_chunk(struct worker *w, ov_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail_chunk(struct worker *w, ov_status st, const char *fmt, ...)
{
    va_list ap;

    if (w->ch->failed)
        return;
    w->ch->failed = true;
    w->ch->err.status = st;
    va_start(ap, fmt);
    vsnprintf(w->ch->err.msg, sizeof w->ch->err.msg, fmt, ap);
    va_end(ap);
    w->stop = true;
}

/* makes room for one more field of n bytes in the row buffer; false (and
 * the chunk failed) if it cannot */
static __attribute__((noinline)) bool
field_room(struct worker *w, size_t n)
{
    if (n > w->ld->max_field) {
        char sz[32];

        fail_chunk(w, OV_ERANGE, "a field longer than %s, the longest oversight reads",
                   (ov_mem_format_size(sz, sizeof sz, w->ld->max_field), sz));
        w->ch->fail_row = w->row;
        return false;
    }
    if (w->nf == w->fcap) {
        size_t nc = w->fcap ? w->fcap * 2 : 64;
        size_t *a = ov_realloc(w->foff, nc * sizeof *a), *b;

        if (a == NULL) {
            fail_chunk(w, OV_ENOMEM, "out of memory");
            return false;
        }
        w->foff = a;
        b = ov_realloc(w->flen, nc * sizeof *b);
        if (b == NULL) {
            fail_chunk(w, OV_ENOMEM, "out of memory");
            return false;
        }
        w->flen = b;
        w->fcap = nc;
    }
    if (w->rowlen + n + 1 > w->rowcap) {
        size_t nc = w->rowcap ? w->rowcap : 4096;
        char *p;

        while (nc < w->rowlen + n + 1)
            nc *= 2;
        p = ov_realloc(w->rowbuf, nc);
        if (p == NULL) {
            fail_chunk(w, OV_ENOMEM, "out of memory");
            return false;
        }
        w->rowbuf = p;
        w->rowcap = nc;
    }
    return true;
}

/* a copy that does not call memcpy for the short fields most rows hold */
static inline void
copy_field(char *d, const char *s, size_t n)
{
    if (n <= 16) {
        if (n >= 8) {
            uint64_t a, b;

            memcpy(&a, s, 8);
            memcpy(&b, s + n - 8, 8);
            memcpy(d, &a, 8);
            memcpy(d + n - 8, &b, 8);
        } else if (n >= 4) {
            uint32_t a, b;

            memcpy(&a, s, 4);
            memcpy(&b, s + n - 4, 4);
            memcpy(d, &a, 4);
            memcpy(d + n - 4, &b, 4);
        } else {
            for (size_t i = 0; i < n; i++)
                d[i] = s[i];
        }
        return;
    }
    memcpy(d, s, n);
}

/* libcsv's end-of-field callback: the field joins the current row */
static void
on_field(void *s, size_t n, void *data)
{
    struct worker *w = data;

    if (w->stop)
        return;
    if (__builtin_expect(w->nf == w->fcap || w->rowlen + n + 1 > w->rowcap, 0) &&
        !field_room(w, n))
        return;
    copy_field(w->rowbuf + w->rowlen, s, n);
    w->foff[w->nf] = w->rowlen;
    w->flen[w->nf] = n;
    w->rowlen += n;
    w->nf++;
}

/* the row's fields written back as one CSV line, for the rejects */
static ov_status
reject_row(struct worker *w, uint64_t row)
{
    struct chunk *ch = w->ch;
    struct reject *r;
    size_t i, start = ch->reject_text.len;

    if (ch->nrejects == ch->caprejects) {
        size_t nc = ch->caprejects ? ch->caprejects * 2 : 16;
        struct reject *p = ov_realloc(ch->rejects, nc * sizeof *p);

        if (p == NULL)
            return OV_ENOMEM;
        ch->rejects = p;
        ch->caprejects = nc;
    }
    for (i = 0; i < w->nf; i++) {
        const char *s = w->rowbuf + w->foff[i];
        size_t n = w->flen[i], k;
        bool quote = false;

        for (k = 0; k < n && !quote; k++)
            quote = s[k] == w->ld->delim || s[k] == '"' || s[k] == '\n' || s[k] == '\r';
        if (i > 0)
            ov_strbuf_putc(&ch->reject_text, w->ld->delim);
        if (!quote) {
            ov_strbuf_append(&ch->reject_text, s, n);
            continue;
        }
        ov_strbuf_putc(&ch->reject_text, '"');
        for (k = 0; k < n; k++) {
            if (s[k] == '"')
                ov_strbuf_putc(&ch->reject_text, '"');
            ov_strbuf_putc(&ch->reject_text, s[k]);
        }
        ov_strbuf_putc(&ch->reject_text, '"');
    }
    if (ov_strbuf_status(&ch->reject_text) != OV_OK)
        return OV_ENOMEM;
    r = &ch->rejects[ch->nrejects++];
    r->row = row;
    r->nfields = w->nf;
    r->line = 0;
    r->text_off = start;
    r->text_len = ch->reject_text.len - start;
    return OV_OK;
}

static void
on_row(int c, void *data)
{
    struct worker *w = data;
    struct loader *ld = w->ld;
    struct chunk *ch = w->ch;
    uint64_t row = w->row++;
    size_t j, ncols = ld->ncols;
    ov_status st = OV_OK;

    (void)c;
    if (w->stop)
        goto done;
    if (__builtin_expect(w->rowlen > ld->max_field, 0)) {
        char sz[32];

        fail_chunk(w, OV_ERANGE, "a row longer than %s, the longest oversight reads",
                   (ov_mem_format_size(sz, sizeof sz, ld->max_field), sz));
        ch->fail_row = row;
        goto done;
    }
    if (w->nf != ncols) {
        enum ov_ragged mode = ld->opts->on_ragged;

        if (mode == OV_RAGGED_ERROR) {
            char a[32], b[32];

            /* the line number is worked out after the parse */
            fail_chunk(w, OV_EPARSE,
                       "expected %s fields, found %s (on_ragged = \"error\"; \"skip\" "
                       "leaves such rows out, \"pad\" fills short rows with missing "
                       "values; both keep them in t:rejects())",
                       fmtn(a, ncols), fmtn(b, w->nf));
            ch->fail_row = row;
            goto done;
        }
        if (mode == OV_RAGGED_SKIP || w->nf > ncols) {
            st = reject_row(w, row);
            goto done;
        }
        /* pad: the missing fields are empty, hence missing values */
        if (ch->padded++ == 0)
            ch->first_padded_row = row;
    }
    for (j = 0; j < ncols && st == OV_OK; j++) {
        if (j < w->nf)
            st = store(ld, &ch->cols[j], w->rowbuf + w->foff[j], w->flen[j]);
        else
            st = store(ld, &ch->cols[j], "", 0);
    }
    ch->nrows++;
done:
    if (st == OV_ENOMEM)
        fail_chunk(w, OV_ENOMEM, "out of memory");
    else if (st == OV_ERANGE)
        fail_chunk(w, OV_ERANGE, "more than 4,294,967,294 distinct values in a column");
    w->nf = 0;
    w->rowlen = 0;
    if ((row & 4095) == 0 && ov_interrupted()) {
        w->stop = true;
        if (!ch->failed) {
            ch->failed = true;
            ov_err_interrupted(&ch->err);
        }
    }
}

/* never treat a character as padding: libcsv would trim spaces and tabs
 * from unquoted fields, which changes values (Python's csv keeps them) */
static int
no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void *
csv_realloc(void *p, size_t n)
{
    return ov_realloc(p, n);
}

static ov_status
worker_parser(struct worker *w)
{
    if (w->parser_ready)
        return OV_OK;
    if (csv_init(&w->parser, 0) != 0)
        return OV_ENOMEM;
    csv_set_delim(&w->parser, (unsigned char)w->ld->delim);
    csv_set_space_func(&w->parser, no_space);
    csv_set_realloc_func(&w->parser, csv_realloc);
    csv_set_free_func(&w->parser, ov_free);
    /* grow the field buffer in large steps: a 100 MB field would
     * otherwise take 800,000 reallocations of 128 bytes */
    csv_set_blk_size(&w->parser, (size_t)1 << 20);
    w->parser_ready = true;
    return OV_OK;
}

static void
worker_free(struct worker *w)
{
    if (w->parser_ready)
        csv_free(&w->parser);
    w->parser_ready = false;
    ov_free(w->rowbuf);
    ov_free(w->foff);
    ov_free(w->flen);
    ov_free(w->tbuf);
    w->rowbuf = w->tbuf = NULL;
    w->foff = w->flen = NULL;
    w->rowcap = w->fcap = w->tcap = 0;
}

/* the line of row `row`, looked up in the sorted want/lines pairs */
static uint64_t
line_of(const uint64_t *want, const uint64_t *lines, size_t n, uint64_t row)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (want[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n ? lines[lo] : 0;
}

/* the length of the whole rows in text[0..len): where the row holding
 * text[len] begins */
static size_t
rows_before(const char *text, size_t len, char delim)
{
    struct ov_scan sc;

    ov_scan_rows(text, len, delim, &sc);
    return sc.last_row_end;
}

/* Parses one chunk into a new struct chunk (never NULL unless out of
 * memory before anything could be recorded). */
static struct chunk *
parse_chunk(struct worker *w, const struct job *job)
{
    struct loader *ld = w->ld;
    struct chunk *ch = chunk_new(ld, job->index, job->first_line, job->lines);
    const char *text = job->buf;
    size_t len = job->len, off;
    char deferred[OV_ERR_MSG_MAX] = ""; /* an encoding error, after the rows before it */

    if (ch == NULL)
        return NULL;
    if (ch->failed)
        return ch;
    w->ch = ch;
    w->stop = false;
    w->row = 0;
    w->nf = 0;
    w->rowlen = 0;
    if (worker_parser(w) != OV_OK) {
        fail_chunk(w, OV_ENOMEM, "out of memory");
        return ch;
    }
    /* A byte that is not text is reported only after the whole rows
     * before it are parsed: an error among them is earlier in the file. */
    if (ld->opts->encoding == OV_ENC_UTF8) {
        bool nul;
        size_t bad = ov_utf8_check(text, len, &nul);

        if (bad < len) {
            uint64_t line, col;

            ov_scan_position(text, bad, job->first_line, ld->nl, &line, &col);
            if (nul)
                snprintf(deferred, sizeof deferred,
                         "%s:%llu:%llu: NUL byte: this is not a text CSV file "
                         "(binary data, or UTF-16 text?)",
                         ld->path, (unsigned long long)line, (unsigned long long)col);
            else
                snprintf(deferred, sizeof deferred,
                         "%s:%llu:%llu: invalid UTF-8 (byte 0x%02X); if the file "
                         "is Latin-1 or Windows-1252, load it with encoding = "
                         "\"latin1\" or \"cp1252\"",
                         ld->path, (unsigned long long)line, (unsigned long long)col,
                         (unsigned char)text[bad]);
            len = rows_before(text, bad, ld->delim);
        }
    } else {
        size_t bad = 0, n;
        const char *nulp;

        if (w->tcap < len * 3 + 1) {
            char *p = ov_realloc(w->tbuf, len * 3 + 1);

            if (p == NULL) {
                fail_chunk(w, OV_ENOMEM, "out of memory");
                return ch;
            }
            w->tbuf = p;
            w->tcap = len * 3 + 1;
        }
        n = ov_transcode(ld->opts->encoding, text, len, w->tbuf, &bad);
        if (n == (size_t)-1) {
            uint64_t line, col;

            ov_scan_position(text, bad, job->first_line, ld->nl, &line, &col);
            snprintf(deferred, sizeof deferred,
                     "%s:%llu:%llu: byte 0x%02X is not a character in Windows-1252; "
                     "try encoding = \"latin1\"",
                     ld->path, (unsigned long long)line, (unsigned long long)col,
                     (unsigned char)text[bad]);
            /* what comes before the byte transcodes */
            n = ov_transcode(ld->opts->encoding, text, bad, w->tbuf, &bad);
        }
        text = w->tbuf;
        len = n;
        if (deferred[0] == '\0' && (nulp = memchr(text, '\0', len)) != NULL) {
            uint64_t line, col;
            size_t at = (size_t)(nulp - text);

            ov_scan_position(text, at, job->first_line, ld->nl, &line, &col);
            snprintf(deferred, sizeof deferred,
                     "%s:%llu:%llu: NUL byte: this is not a text CSV file", ld->path,
                     (unsigned long long)line, (unsigned long long)col);
            len = at;
        }
        if (deferred[0] != '\0')
            len = rows_before(text, len, ld->delim);
    }
    for (off = 0; off < len && !w->stop; off += SLICE_SIZE) {
        size_t n = len - off < SLICE_SIZE ? len - off : SLICE_SIZE;

        if (csv_parse(&w->parser, text + off, n, on_field, on_row, w) != n) {
            fail_chunk(w, csv_error(&w->parser) == CSV_ENOMEM ? OV_ENOMEM : OV_ERANGE,
                       "%s", csv_strerror(csv_error(&w->parser)));
            break;
        }
        if (ov_interrupted() && !ch->failed) {
            ch->failed = true;
            ov_err_interrupted(&ch->err);
            w->stop = true;
        }
    }
    if (!w->stop)
        csv_fini(&w->parser, on_field, on_row, w);
    else
        csv_fini(&w->parser, NULL, NULL, NULL); /* resets the parser */
    if (deferred[0] != '\0')
        fail_chunk(w, OV_EPARSE, "%s", deferred);
    if (!ch->failed)
        ch->blank_lines = ov_scan_blank_lines(text, len, ld->delim);
    /* line numbers of rejected rows, the first padded row, a failure */
    if (ch->nrejects > 0 || ch->padded > 0 || ch->fail_row != NO_ROW) {
        size_t nw = 0, i;
        uint64_t *want = ov_malloc((ch->nrejects + 2) * sizeof *want);
        uint64_t *lines = ov_malloc((ch->nrejects + 2) * sizeof *lines);

        if (want == NULL || lines == NULL) {
            ov_free(want);
            ov_free(lines);
            fail_chunk(w, OV_ENOMEM, "out of memory");
            return ch;
        }
        for (i = 0; i < ch->nrejects; i++)
            want[nw++] = ch->rejects[i].row;
        if (ch->padded > 0)
            want[nw++] = ch->first_padded_row;
        if (ch->fail_row != NO_ROW)
            want[nw++] = ch->fail_row;
        /* ov_scan_row_lines wants them ascending */
        for (i = 1; i < nw; i++) {
            uint64_t v = want[i];
            size_t k = i;

            for (; k > 0 && want[k - 1] > v; k--)
                want[k] = want[k - 1];
            want[k] = v;
        }
        ov_scan_row_lines(text, len, ld->delim, ld->nl, job->first_line, want, nw, lines);
        for (i = 0; i < ch->nrejects; i++)
            ch->rejects[i].line = line_of(want, lines, nw, ch->rejects[i].row);
        if (ch->padded > 0)
            ch->first_padded_line = line_of(want, lines, nw, ch->first_padded_row);
        if (ch->fail_row != NO_ROW) {
            char msg[OV_ERR_MSG_MAX];

            ch->fail_line = line_of(want, lines, nw, ch->fail_row);
            snprintf(msg, sizeof msg, "%s", ch->err.msg);
            ov_err_set(&ch->err, ch->err.status, "%s:%llu: %s", ld->path,
                       (unsigned long long)ch->fail_line, msg);
        }
        ov_free(want);
        ov_free(lines);
    }
    return ch;
}

/* ---------------------------------------------------------------------
 * Work queue
 * --------------------------------------------------------------------- */

/* Moves a parsed chunk's dictionaries into the columns' (in file order)
 * and rewrites its codes to index them; frees the chunk's copies. */
static ov_status
merge_chunk(struct loader *ld, struct chunk *ch)
{
    size_t j;

    for (j = 0; j < ld->ncols; j++) {
        struct ccol *c = &ch->cols[j];
        ov_dict *g;
        uint32_t *map, e, nd;
        uint8_t nw;
        size_t i;

        if (c->mode != CM_DICT || c->merged)
            continue;
        if (ld->gdict[j] == NULL && (ld->gdict[j] = ov_dict_new()) == NULL)
            return OV_ENOMEM;
        g = ld->gdict[j];
        nd = c->dict->n;
        map = ov_malloc((nd ? nd : 1) * sizeof *map);
        if (map == NULL)
            return OV_ENOMEM;
        map[0] = 0; /* missing rows hold code 0 */
        for (e = 0; e < nd; e++) {
            size_t n;
            const char *str = ov_dict_str(c->dict, e, &n);
            bool fresh;

            /* the same hash function: the stored 32 bits are all the
             * table uses */
            if (ov_dict_intern_hashed(g, str, n, c->dict->hash[e], &map[e], &fresh) !=
                OV_OK) {
                ov_free(map);
                return OV_ENOMEM;
            }
            /* forced columns too: how the file writes its floats, dates
             * and booleans is what they are written back as */
            if (fresh)
                infer_text(&ld->ginf[j], str, n);
        }
        nw = ov_code_width(g->n);
        if (nw == c->width) {
            for (i = 0; i < c->n; i++)
                put_code(c, i, map[get_code(c, i)]);
        } else {
            struct ccol tmp = *c;

            tmp.codes = ov_malloc((c->n ? c->n : 1) * nw);
            if (tmp.codes == NULL) {
                ov_free(map);
                return OV_ENOMEM;
            }
            tmp.width = nw;
            for (i = 0; i < c->n; i++)
                put_code(&tmp, i, map[get_code(c, i)]);
            ov_free(c->codes);
            c->codes = tmp.codes;
            c->width = nw;
        }
        ov_free(map);
        ov_dict_unref(c->dict);
        c->dict = NULL;
        c->merged = true;
    }
    return OV_OK;
}

/* Records a parsed chunk and merges every chunk that is next in file
 * order; whichever thread finds one ready does it, one at a time.
 * ld->mu is held on entry and on return. */
static void
chunk_done(struct loader *ld, struct chunk *ch, size_t index)
{
    ld->chunks[index] = ch;
    ld->parsed[index] = 1;
    /* a failed chunk stops the load: the jobs still queued are later in the
     * file, so they cannot hold an earlier error */
    if (ch == NULL || ch->failed)
        ld->abort = true;
    while (!ld->merging && !ld->abort && ld->next_merge < ld->nchunks &&
           ld->parsed[ld->next_merge]) {
        struct chunk *c = ld->chunks[ld->next_merge];
        ov_status st;

        ld->merging = true;
        pthread_mutex_unlock(&ld->mu);
        st = merge_chunk(ld, c);
        pthread_mutex_lock(&ld->mu);
        ld->merging = false;
        if (st != OV_OK) {
            c->failed = true;
            ov_err_set(&c->err, OV_ENOMEM, "out of memory");
            ld->abort = true;
        }
        ld->next_merge++;
    }
}

static void
release_buf(struct loader *ld, char *buf)
{
    /* ld->mu is held */
    ld->freebufs[ld->nfree++] = buf;
    ld->bufs_out--;
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct loader *ld = w->ld;

    pthread_mutex_lock(&ld->mu);
    for (;;) {
        struct job job;
        struct chunk *ch;

        while (ld->qlen == 0 && !ld->done_reading && !ld->abort)
            pthread_cond_wait(&ld->cv, &ld->mu);
        if (ld->qlen == 0 || ld->abort)
            break;
        job = ld->queue[ld->qhead];
        ld->qhead = (ld->qhead + 1) % ld->qcap;
        ld->qlen--;
        ld->active++;
        pthread_mutex_unlock(&ld->mu);

        ch = parse_chunk(w, &job);

        pthread_mutex_lock(&ld->mu);
        release_buf(ld, job.buf);
        chunk_done(ld, ch, job.index);
        ld->active--;
        pthread_cond_broadcast(&ld->cv);
    }
    pthread_mutex_unlock(&ld->mu);
    return NULL;
}

static ov_status
grow_chunks(struct loader *ld, size_t index)
{
    /* ld->mu is held */
    if (index >= ld->capchunks) {
        size_t nc = ld->capchunks ? ld->capchunks * 2 : 64;
        struct chunk **p;
        uint8_t *q;

        while (nc <= index)
            nc *= 2;
        p = ov_realloc(ld->chunks, nc * sizeof *p);
        if (p == NULL)
            return OV_ENOMEM;
        memset(p + ld->capchunks, 0, (nc - ld->capchunks) * sizeof *p);
        ld->chunks = p;
        q = ov_realloc(ld->parsed, nc);
        if (q == NULL)
            return OV_ENOMEM;
        memset(q + ld->capchunks, 0, nc - ld->capchunks);
        ld->parsed = q;
        ld->capchunks = nc;
    }
    if (index + 1 > ld->nchunks)
        ld->nchunks = index + 1;
    return OV_OK;
}

/* Hands a job to the workers, or parses it here when there are none. */
static ov_status
submit(struct loader *ld, struct job *job)
{
    ov_status st;

    pthread_mutex_lock(&ld->mu);
    st = grow_chunks(ld, job->index);
    if (st != OV_OK) {
        pthread_mutex_unlock(&ld->mu);
        return st;
    }
    if (ld->nthreads == 0) {
        struct chunk *ch;

        pthread_mutex_unlock(&ld->mu);
        ch = parse_chunk(&ld->workers[0], job);
        pthread_mutex_lock(&ld->mu);
        release_buf(ld, job->buf);
        chunk_done(ld, ch, job->index);
        pthread_mutex_unlock(&ld->mu);
        return OV_OK;
    }
    ld->queue[(ld->qhead + ld->qlen) % ld->qcap] = *job;
    ld->qlen++;
    pthread_cond_broadcast(&ld->cv);
    pthread_mutex_unlock(&ld->mu);
    return OV_OK;
}

/* A buffer for the next block (waits for one to come back when all are
 * out); NULL when out of memory or the load is aborting. */
static char *
get_buf(struct loader *ld, size_t *cap)
{
    char *b = NULL;

    pthread_mutex_lock(&ld->mu);
    while (ld->nfree == 0 && ld->bufs_out >= ld->max_bufs && !ld->abort)
        pthread_cond_wait(&ld->cv, &ld->mu);
    if (ld->abort) {
        pthread_mutex_unlock(&ld->mu);
        return NULL;
    }
    if (ld->nfree > 0) {
        b = ld->freebufs[--ld->nfree];
        ld->bufs_out++;
        pthread_mutex_unlock(&ld->mu);
        *cap = ld->block;
        return b;
    }
    ld->bufs_out++;
    pthread_mutex_unlock(&ld->mu);
    b = ov_malloc(ld->block);
    if (b == NULL) {
        pthread_mutex_lock(&ld->mu);
        ld->bufs_out--;
        pthread_mutex_unlock(&ld->mu);
    }
    *cap = ld->block;
    return b;
}

/* ---------------------------------------------------------------------
 * Reading
 * --------------------------------------------------------------------- */

/* the header row (after comment_lines comment lines) is over the limit */
static ov_status
header_too_long(const struct loader *ld, uint64_t comment_lines, struct ov_err *err)
{
    char sz[32];

    ov_mem_format_size(sz, sizeof sz, ld->max_field);
    return ov_err_set(err, OV_ERANGE,
                      "%s:%llu: the first row is longer than %s, the longest row oversight "
                      "reads",
                      ld->path, (unsigned long long)(1 + comment_lines), sz);
}

/* A FIFO opened for reading is readable once some program writes to it
 * (or opens it and closes it again). Waits FIFO_WAIT_MS for that, watching
 * for Ctrl-C, so that load_csv of a FIFO nobody writes to is an error
 * rather than a hang. Pipes (load_csv("/dev/stdin") in a pipeline) already
 * have their writer and pass at once. */
#define FIFO_WAIT_MS 5000

static ov_status
wait_for_writer(int fd, const char *path, struct ov_err *err)
{
    int waited = 0;

    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 100);

        if (r > 0)
            return OV_OK;
        if (ov_interrupted())
            return ov_err_interrupted(err);
        if (r < 0 && errno != EINTR)
            return ov_err_set(err, OV_EIO, "%s: cannot read: %s", path, strerror(errno));
        if (r == 0 && (waited += 100) >= FIFO_WAIT_MS)
            return ov_err_set(err, OV_EIO,
                              "%s: a FIFO (named pipe) that nothing wrote to in %d s; start "
                              "the program that writes it first",
                              path, FIFO_WAIT_MS / 1000);
    }
}

/* reads until buf holds `want` bytes or the file ends; returns bytes read
 * or -1 with errno */
static ssize_t
read_full(int fd, char *buf, size_t want)
{
    size_t got = 0;

    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);

        if (n < 0) {
            if (errno == EINTR) {
                if (ov_interrupted())
                    return -1;
                continue;
            }
            return -1;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* header field callback: collect names */
struct header_ctx {
    char **names;
    size_t n, cap;
    bool oom;
};

static void
on_header_field(void *s, size_t n, void *data)
{
    struct header_ctx *h = data;
    char *name;

    if (h->oom)
        return;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 32;
        char **p = ov_realloc(h->names, nc * sizeof *p);

        if (p == NULL) {
            h->oom = true;
            return;
        }
        h->names = p;
        h->cap = nc;
    }
    name = ov_strndup(s, n);
    if (name == NULL) {
        h->oom = true;
        return;
    }
    h->names[h->n++] = name;
}

/* Parses one row (the header) with libcsv. */
static ov_status
parse_header(struct loader *ld, const char *text, size_t len, struct header_ctx *h)
{
    struct csv_parser p;

    if (csv_init(&p, 0) != 0)
        return OV_ENOMEM;
    csv_set_delim(&p, (unsigned char)ld->delim);
    csv_set_space_func(&p, no_space);
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, ov_free);
    csv_parse(&p, text, len, on_header_field, NULL, h);
    csv_fini(&p, on_header_field, NULL, h);
    csv_free(&p);
    return h->oom ? OV_ENOMEM : OV_OK;
}

/* Makes column names unique and non-empty, noting every change. Names are
 * looked up in dictionaries, so 100,000 columns take no longer than a row:
 * `all` holds every name the header has or is given, `before` the final
 * names of the columns to the left. */
static ov_status
fix_names(struct loader *ld, struct ov_load_report *rep)
{
    ov_dict *all = ov_dict_new(), *before = ov_dict_new();
    ov_status st = OV_ENOMEM;
    size_t j;
    uint32_t code;

    if (all == NULL || before == NULL)
        goto out;
    for (j = 0; j < ld->ncols; j++)
        if (ov_dict_intern(all, ld->names[j], strlen(ld->names[j]), &code, NULL) != OV_OK)
            goto out;
    for (j = 0; j < ld->ncols; j++) {
        if (ld->names[j][0] == '\0') {
            char buf[64];
            int suffix = 0;

            /* avoid clashing with a real column of that name */
            snprintf(buf, sizeof buf, "column_%zu", j + 1);
            while (ov_dict_find(all, buf, strlen(buf)) != OV_DICT_MAX)
                snprintf(buf, sizeof buf, "column_%zu_%d", j + 1, ++suffix);
            ov_free(ld->names[j]);
            if ((ld->names[j] = ov_strdup(buf)) == NULL ||
                ov_dict_intern(all, buf, strlen(buf), &code, NULL) != OV_OK)
                goto out;
            if (add_note(rep, "column %zu has no name in the header: called it '%s'",
                         j + 1, buf) != OV_OK)
                goto out;
        }
    }
    for (j = 0; j < ld->ncols; j++) {
        int n = 1;

        if (ov_dict_find(before, ld->names[j], strlen(ld->names[j])) != OV_DICT_MAX) {
            for (;;) {
                ov_strbuf b = OV_STRBUF_INIT;

                ov_strbuf_printf(&b, "%s_%d", ld->names[j], ++n);
                if (ov_strbuf_status(&b) != OV_OK) {
                    ov_strbuf_free(&b);
                    goto out;
                }
                if (ov_dict_find(all, ov_strbuf_cstr(&b), b.len) != OV_DICT_MAX) {
                    ov_strbuf_free(&b);
                    continue;
                }
                if (add_note(rep, "column %zu repeats the name '%s': called it '%s'", j + 1,
                             ld->names[j], ov_strbuf_cstr(&b)) != OV_OK) {
                    ov_strbuf_free(&b);
                    goto out;
                }
                ov_free(ld->names[j]);
                ld->names[j] = ov_strbuf_take(&b);
                if (ld->names[j] == NULL ||
                    ov_dict_intern(all, ld->names[j], strlen(ld->names[j]), &code, NULL) !=
                        OV_OK)
                    goto out;
                break;
            }
        }
        if (ov_dict_intern(before, ld->names[j], strlen(ld->names[j]), &code, NULL) != OV_OK)
            goto out;
    }
    st = OV_OK;
out:
    ov_dict_unref(all);
    ov_dict_unref(before);
    return st;
}

/* ---------------------------------------------------------------------
 * Final assembly of one column from its chunks
 * --------------------------------------------------------------------- */

struct decision {
    ov_type type;
    int float_style;
    bool grouped;
    int datefmt;
    unsigned boolstyle;
    bool per_row_decimals; /* texts that no single float style gives back */
};

static struct decision
decide(const struct infer *f, int forced)
{
    struct decision d = {OV_STRING, OV_FLOAT_G, false, OV_DATE_ISO, OV_BOOL_LOWER, false};

    int df;

    if (forced >= 0) {
        d.type = (ov_type)forced;
        if (forced == OV_FLOAT) {
            d.float_style = f->dot0 && !f->nodot ? OV_FLOAT_PY : OV_FLOAT_G;
            d.per_row_decimals = f->nonshortest || (f->dot0 && f->nodot);
        }
        if (forced == OV_DATE) {
            df = single_bit(f->datemask);
            d.datefmt = df >= 0 ? df : OV_DATE_ISO;
        }
        if (forced == OV_BOOL && single_bit(f->boolstyles) >= 0)
            d.boolstyle = f->boolstyles;
        if (forced == OV_INT)
            d.grouped = f->comma && (f->all & K_GROUPED);
        return d;
    }
    if (!f->any)
        return d; /* no values at all: text */
    if (f->all & K_INT) {
        d.type = OV_INT;
        return d;
    }
    if ((f->all & K_GROUPED) && f->comma) {
        d.type = OV_INT;
        d.grouped = true;
        return d;
    }
    if (f->all & K_FLOAT) {
        d.type = OV_FLOAT;
        if (!f->nonshortest && !(f->dot0 && f->nodot)) {
            /* every text is the shortest form: reproduce it exactly */
            d.float_style = f->dot0 ? OV_FLOAT_PY : OV_FLOAT_G;
        } else if (f->decimals >= 1 && !f->nodot) {
            d.float_style = f->decimals; /* "12.50", "3.00": fixed decimals */
        } else {
            /* "3" beside "3.0", or "1.50" beside "2.25": keep each row's
             * decimals so every value is written back as it was read */
            d.float_style = OV_FLOAT_G;
            d.per_row_decimals = true;
        }
        return d;
    }
    if ((f->all & K_BOOL) && single_bit(f->boolstyles) >= 0) {
        d.type = OV_BOOL;
        d.boolstyle = f->boolstyles;
        return d;
    }
    if ((f->all & K_DATE) && (df = single_bit(f->datemask)) >= 0) {
        d.type = OV_DATE;
        d.datefmt = df;
        return d;
    }
    return d;
}

/* copies nbits validity bits of chunk column c to dst starting at bit
 * `at`; dst was initialised to all-present */
static void
copy_validity(uint64_t *dst, size_t at, const struct ccol *c)
{
    size_t i;

    if (c->valid == NULL)
        return;
    for (i = 0; i < c->n; i++)
        if (!((c->valid[i >> 6] >> (i & 63)) & 1))
            dst[(at + i) >> 6] &= ~((uint64_t)1 << ((at + i) & 63));
}

/* converts the text of a dictionary entry to a value of type t; false if
 * it does not fit (only possible for forced types) */
static bool
convert_text(const struct decision *d, const char *s, size_t n, void *out)
{
    switch (d->type) {
    case OV_INT: {
        size_t z = 0;

        if (ov_parse_int(s, n, out) || ov_parse_int_grouped(s, n, out))
            return true;
        /* a column forced to int reads "08123" as 8123: asked for */
        while (z + 1 < n && s[z] == '0')
            z++;
        return z > 0 && ov_parse_int(s + z, n - z, out);
    }
    case OV_FLOAT:
        if (ov_parse_float(s, n, out, NULL))
            return true;
        {
            int64_t v;

            if (ov_parse_int_grouped(s, n, &v)) {
                *(double *)out = (double)v;
                return true;
            }
        }
        return false;
    case OV_BOOL: {
        bool b;

        if (!ov_bool_match(s, n, &b))
            return false;
        *(uint8_t *)out = b;
        return true;
    }
    case OV_DATE: {
        int f;

        if (ov_parse_date(s, n, (enum ov_datefmt)d->datefmt, out))
            return true;
        /* a forced date column may mix formats: take any that fits */
        for (f = 0; f < OV_DATE_NFMT; f++)
            if (ov_parse_date(s, n, (enum ov_datefmt)f, out))
                return true;
        return false;
    }
    default:
        return false;
    }
}

static size_t
type_size(ov_type t)
{
    switch (t) {
    case OV_INT:
        return 8;
    case OV_FLOAT:
        return 8;
    case OV_BOOL:
        return 1;
    case OV_DATE:
        return 4;
    default:
        return 4;
    }
}

/* what building a column found, for the report */
struct asm_out {
    uint64_t coerced;
    char example[64];
    uint64_t made_missing;
    uint64_t *tokcounts;
    char inexact[48]; /* kept as text: a number a float column would change */
    bool respelled;   /* a forced bool column whose file spells true and
                         false more than one way: written back one way */
};

/* Builds column j from its chunks and dictionary; frees the chunk
 * storage as it goes, so the column's data exists about twice at most for
 * a moment. Sets ld->asm_err on failure. */
static ov_column *
assemble(struct loader *ld, size_t j, uint64_t total, struct asm_out *o)
{
    uint64_t *coerced = &o->coerced, *made_missing = &o->made_missing;
    uint64_t *tokcounts = o->tokcounts;
    char *coerce_example = o->example;
    size_t exlen = sizeof o->example;
    struct infer f;
    struct decision d;
    ov_column *col = NULL;
    ov_dict *g = ld->gdict[j];
    size_t k, at = 0, es = type_size(OV_STRING);
    struct ov_err err;
    bool any_missing = false;
    unsigned char *vals = NULL;
    uint8_t *ok = NULL, *dec = NULL;

    infer_init(&f);
    infer_merge(&f, &ld->ginf[j]);
    for (k = 0; k < ld->nchunks; k++) {
        const struct ccol *c = &ld->chunks[k]->cols[j];

        infer_merge(&f, &c->inf);
        any_missing |= c->nmissing > 0;
        if (c->tokcount != NULL) {
            size_t t;

            for (t = 0; t < ld->nnulls; t++) {
                tokcounts[t] += c->tokcount[t];
                *made_missing += c->tokcount[t];
            }
        }
    }
    d = decide(&f, ld->forced[j]);
    if (d.type == OV_STRING && ld->forced[j] < 0 && (f.all & K_NUMBER))
        memcpy(o->inexact, f.inexact, sizeof o->inexact);
    o->respelled = ld->forced[j] == OV_BOOL && f.boolstyles != 0 && single_bit(f.boolstyles) < 0;
    if (g == NULL && (g = ld->gdict[j] = ov_dict_new()) == NULL)
        goto nomem;

    if (d.type == OV_STRING) {
        /* chunks still holding integers add their texts to the dictionary */
        for (k = 0; k < ld->nchunks; k++) {
            struct ccol *c = &ld->chunks[k]->cols[j];
            size_t i;

            if (c->mode != CM_INT)
                continue;
            for (i = 0; i < c->n; i++) {
                char buf[OV_VALUE_TEXT_MAX];
                uint32_t code;

                if (!ccol_missing(c, i) &&
                    ov_dict_intern(g, buf, ov_value_format_int(buf, c->ints[i]), &code, NULL) !=
                        OV_OK)
                    goto nomem;
            }
        }
        col = ov_column_new(OV_STRING, total, g, g->n, &err);
        if (col == NULL)
            goto nomem;
        if (any_missing && ov_column_alloc_valid(col) != OV_OK)
            goto nomem;
        for (k = 0; k < ld->nchunks; k++) {
            struct ccol *c = &ld->chunks[k]->cols[j];
            size_t i;

            if (c->nmissing > 0)
                copy_validity(col->valid, at, c);
            if (c->mode == CM_INT) {
                for (i = 0; i < c->n; i++) {
                    char buf[OV_VALUE_TEXT_MAX];
                    uint32_t code = 0;

                    if (!ccol_missing(c, i))
                        code = ov_dict_find(g, buf, ov_value_format_int(buf, c->ints[i]));
                    ov_column_set_code(col, at + i, code);
                }
            } else if (c->width == col->width) {
                memcpy((char *)col->data.codes + at * col->width, c->codes,
                       c->n * col->width);
            } else {
                for (i = 0; i < c->n; i++)
                    ov_column_set_code(col, at + i, get_code(c, i));
            }
            at += c->n;
            ccol_free(c);
        }
        ov_column_finish(col);
        ov_dict_unref(g);
        ld->gdict[j] = NULL;
        return col;
    }

    es = type_size(d.type);
    col = ov_column_new(d.type, total, NULL, 0, &err);
    if (col == NULL)
        goto nomem;
    col->float_style = d.float_style;
    col->grouped = d.grouped;
    col->datefmt = (uint8_t)d.datefmt;
    col->boolstyle = (uint8_t)d.boolstyle;
    if (any_missing && ov_column_alloc_valid(col) != OV_OK)
        goto nomem;
    if (d.per_row_decimals && ov_column_alloc_decimals(col) != OV_OK)
        goto nomem;
    /* each distinct text is converted once */
    if (g->n > 0) {
        uint32_t e;

        vals = ov_malloc((size_t)g->n * es);
        ok = ov_malloc(g->n);
        if (vals == NULL || ok == NULL)
            goto nomem;
        if (col->decimals != NULL && (dec = ov_malloc(g->n)) == NULL)
            goto nomem;
        for (e = 0; e < g->n; e++) {
            size_t n;
            const char *str = ov_dict_str(g, e, &n);

            ok[e] = convert_text(&d, str, n, vals + (size_t)e * es);
            if (!ok[e])
                memset(vals + (size_t)e * es, 0, es);
            if (dec != NULL) {
                struct ov_floattext ft;
                double v;

                dec[e] = OV_DECIMALS_SHORTEST;
                if (ov_parse_float(str, n, &v, &ft) && !ft.exponent && ft.decimals < 200)
                    dec[e] = (uint8_t)ft.decimals;
            }
        }
    }
    for (k = 0; k < ld->nchunks; k++) {
        struct ccol *c = &ld->chunks[k]->cols[j];
        size_t i;
        char *dst = (char *)col->data.raw + at * es;

        if (c->nmissing > 0)
            copy_validity(col->valid, at, c);
        if (c->mode == CM_INT) {
            if (d.type == OV_INT) {
                memcpy(dst, c->ints, c->n * sizeof(int64_t));
            } else if (d.type == OV_FLOAT) {
                for (i = 0; i < c->n; i++)
                    ((double *)dst)[i] = (double)c->ints[i];
                if (col->decimals != NULL)
                    memset(col->decimals + at, 0, c->n); /* "12": no point */
            } else {
                /* a forced bool or date column of integers: none fit */
                for (i = 0; i < c->n; i++) {
                    if (ccol_missing(c, i))
                        continue;
                    if (*coerced == 0)
                        snprintf(coerce_example, exlen, "%lld", (long long)c->ints[i]);
                    (*coerced)++;
                    if (ov_column_set_missing(col, at + i) != OV_OK)
                        goto nomem;
                }
            }
        } else {
            for (i = 0; i < c->n; i++) {
                uint32_t code;

                if (ccol_missing(c, i)) {
                    memset(dst + i * es, 0, es);
                    continue;
                }
                code = get_code(c, i);
                memcpy(dst + i * es, vals + (size_t)code * es, es);
                if (dec != NULL)
                    col->decimals[at + i] = dec[code];
                if (!ok[code]) {
                    if (*coerced == 0) {
                        size_t n;
                        const char *str = ov_dict_str(g, code, &n);

                        snprintf(coerce_example, exlen, "%.*s", (int)(n > 40 ? 40 : n), str);
                    }
                    (*coerced)++;
                    if (ov_column_set_missing(col, at + i) != OV_OK)
                        goto nomem;
                }
            }
        }
        at += c->n;
        ccol_free(c);
    }
    ov_free(vals);
    ov_free(ok);
    ov_free(dec);
    ov_dict_unref(g);
    ld->gdict[j] = NULL;
    ov_column_finish(col);
    return col;
nomem:
    ov_free(vals);
    ov_free(ok);
    ov_free(dec);
    ov_column_unref(col);
    pthread_mutex_lock(&ld->mu);
    if (!ld->asm_failed) {
        ld->asm_failed = true;
        nomem(ld, &ld->asm_err);
    }
    pthread_mutex_unlock(&ld->mu);
    return NULL;
}

struct asm_ctx {
    struct loader *ld;
    uint64_t total;
    struct asm_out *outs;
};

static void *
asm_main(void *arg)
{
    struct asm_ctx *a = arg;
    struct loader *ld = a->ld;

    for (;;) {
        size_t j;

        pthread_mutex_lock(&ld->mu);
        j = ld->next_col++;
        pthread_mutex_unlock(&ld->mu);
        if (j >= ld->ncols || ld->asm_failed || ov_interrupted())
            break;
        ld->out[j] = assemble(ld, j, a->total, &a->outs[j]);
#ifdef HAVE_MALLOC_TRIM
        /* the chunk arrays just freed are scattered through the heap, where
         * they cannot hold the next column; give their pages back now, or
         * the peak would be the chunks plus the whole table */
        malloc_trim(0);
#endif
    }
    return NULL;
}

/* ---------------------------------------------------------------------
 * The load
 * --------------------------------------------------------------------- */

static int
ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static double
now(void)
{
    return ov_clock_now();
}

static void
loader_free(struct loader *ld)
{
    size_t i;

    if (ld->names != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_free(ld->names[i]);
        ov_free(ld->names);
    }
    ov_free(ld->forced);
    ov_free(ld->nulllen);
    for (i = 0; i < ld->nchunks; i++)
        chunk_free(ld, ld->chunks[i]);
    ov_free(ld->chunks);
    ov_free(ld->parsed);
    ov_free(ld->ginf);
    if (ld->gdict != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_dict_unref(ld->gdict[i]);
        ov_free(ld->gdict);
    }
    ov_free(ld->queue);
    for (i = 0; i < ld->nfree; i++)
        ov_free(ld->freebufs[i]);
    ov_free(ld->freebufs);
    if (ld->workers != NULL) {
        for (i = 0; i < (size_t)(ld->nthreads ? ld->nthreads : 1); i++)
            worker_free(&ld->workers[i]);
        ov_free(ld->workers);
    }
    if (ld->out != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_column_unref(ld->out[i]);
        ov_free(ld->out);
    }
    pthread_mutex_destroy(&ld->mu);
    pthread_cond_destroy(&ld->cv);
}

static ov_status
setup_nulls(struct loader *ld)
{
    const struct ov_load_opts *o = ld->opts;
    size_t i;

    ld->nulls = o->nulls != NULL ? o->nulls : ov_default_nulls;
    ld->nnulls = o->nulls != NULL ? o->nnulls : ov_default_nnulls;
    ld->nulllen = ov_calloc(ld->nnulls ? ld->nnulls : 1, sizeof *ld->nulllen);
    if (ld->nulllen == NULL)
        return OV_ENOMEM;
    for (i = 0; i < ld->nnulls; i++) {
        size_t n = strlen(ld->nulls[i]);

        ld->nulllen[i] = n;
        if (n == 0) {
            ld->empty_is_null = true;
            continue;
        }
        if (n > ld->maxnull)
            ld->maxnull = n;
        ld->nullfirst[(unsigned char)ld->nulls[i][0]] = 1;
    }
    return OV_OK;
}

/* Says why a column of numbers is text: what a float would make of one. */
static void
inexact_note(struct ov_load_report *rep, const char *column, const char *num)
{
    size_t n = strlen(num);
    int64_t iv;
    double fv = 0;
    char as[OV_VALUE_TEXT_MAX];

    if (ov_parse_int(num, n, &iv))
        fv = (double)iv;
    else
        ov_parse_float(num, n, &fv, NULL);
    ov_value_format_float(as, fv, OV_FLOAT_G);
    add_note(rep, "column '%s': kept as text, as a float would change %s to %s", column, num,
             as);
}

/* Whether a regular file changed between the fstat at open (`before`) and
 * the end of reading: its size or modification time differ, or the bytes
 * read up to the end of the file are not the size it had. What was read is
 * then a mix of two versions, and a parse error in it (a row cut short,
 * say) would blame the file's format for what was a writer's doing. Files
 * in /proc say they hold 0 bytes and are not held to that. */
static bool
file_changed(const struct loader *ld, const struct stat *before, uint64_t bytes_read,
             bool at_eof, struct ov_err *err)
{
    struct stat now;
    char a[32], b[32];
    const char *again = "; load it again when nothing is writing to it";

    if (fstat(ld->fd, &now) != 0)
        return false;
    if (now.st_size != before->st_size) {
        ov_err_set(err, OV_EIO,
                   "%s: the file changed while it was read: it had %s bytes when the load "
                   "began and %s at the end%s",
                   ld->path, fmtn(a, (uint64_t)before->st_size),
                   fmtn(b, (uint64_t)now.st_size), again);
        return true;
    }
    if (now.st_mtim.tv_sec != before->st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != before->st_mtim.tv_nsec) {
        ov_err_set(err, OV_EIO,
                   "%s: the file changed while it was read: it was written to during the "
                   "load%s",
                   ld->path, again);
        return true;
    }
    if (at_eof && before->st_size > 0 && bytes_read != (uint64_t)before->st_size) {
        ov_err_set(err, OV_EIO,
                   "%s: the file changed while it was read: %s bytes were read of the %s it "
                   "had%s",
                   ld->path, fmtn(a, bytes_read), fmtn(b, (uint64_t)before->st_size), again);
        return true;
    }
    return false;
}

static const char *
delim_name(char d)
{
    switch (d) {
    case ',':
        return "comma";
    case '\t':
        return "tab";
    case ';':
        return "semicolon";
    case '|':
        return "bar";
    default:
        return "custom";
    }
}

ov_status
ov_load_csv(const char *path, const struct ov_load_opts *opts_in, ov_table **out,
            struct ov_load_report *rep, struct ov_err *err)
{
    struct ov_load_opts defopts;
    const struct ov_load_opts *opts = opts_in;
    struct loader ld;
    struct ov_load_report myrep;
    struct stat sb;
    double t0 = now();
    ov_status st = OV_OK;
    char *buf = NULL, *carry = NULL;
    size_t cap = 0, len = 0, carry_len = 0, carry_cap = 0, header_end = 0, j, skip = 0;
    uint64_t comment_lines = 0;
    uint64_t line = 1, bytes_read = 0, total_rows = 0;
    size_t index = 0;
    bool eof = false, bom = false, changed = false;
    struct ov_err chg;
    int t;
    ov_table *tbl = NULL;
    struct asm_out *outs = NULL;

    *out = NULL;
    if (opts == NULL) {
        ov_load_opts_init(&defopts);
        opts = &defopts;
    }
    if (rep == NULL)
        rep = &myrep;
    memset(rep, 0, sizeof *rep);
    memset(&ld, 0, sizeof ld);
    ld.path = path;
    ld.opts = opts;
    ld.rep = rep;
    ld.fd = -1;
    ld.max_field = opts->max_field > 0 ? opts->max_field : MAX_FIELD;
    ld.block = opts->block_size == 0          ? BLOCK_SIZE
               : opts->block_size < MIN_BLOCK ? MIN_BLOCK
                                              : opts->block_size;
    pthread_mutex_init(&ld.mu, NULL);
    pthread_cond_init(&ld.cv, NULL);

    /* O_NONBLOCK so that a FIFO nobody writes to cannot hang the open */
    ld.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (ld.fd < 0) {
        st = ov_err_set(err, OV_EIO, "%s: cannot open: %s", path, strerror(errno));
        goto out;
    }
    if (fstat(ld.fd, &sb) != 0) {
        st = ov_err_set(err, OV_EIO, "%s: cannot read: %s", path, strerror(errno));
        goto out;
    }
    if (S_ISDIR(sb.st_mode)) {
        st = ov_err_set(err, OV_EIO, "%s: is a directory, not a CSV file", path);
        goto out;
    }
    if (S_ISFIFO(sb.st_mode) && (st = wait_for_writer(ld.fd, path, err)) != OV_OK)
        goto out;
    fcntl(ld.fd, F_SETFL, fcntl(ld.fd, F_GETFL) & ~O_NONBLOCK);
#ifdef HAVE_POSIX_FADVISE
    if (S_ISREG(sb.st_mode))
        posix_fadvise(ld.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    if (setup_nulls(&ld) != OV_OK) {
        st = nomem(&ld, err);
        goto out;
    }

    /* threads: none for small files, where starting them costs more than
     * they save; and none when the size is unknown but small in practice */
    t = opts->threads > 0 ? opts->threads : ncpus();
    if (t > MAX_THREADS)
        t = MAX_THREADS;
    ld.nthreads = (S_ISREG(sb.st_mode) && (size_t)sb.st_size < ld.block / 2) || t <= 1 ? 0 : t;
    ld.workers = ov_calloc((size_t)(ld.nthreads ? ld.nthreads : 1), sizeof *ld.workers);
    ld.max_bufs = (size_t)(ld.nthreads ? ld.nthreads : 1) + 2;
    ld.qcap = ld.max_bufs + 1;
    ld.queue = ov_calloc(ld.qcap, sizeof *ld.queue);
    ld.freebufs = ov_calloc(ld.max_bufs + 1, sizeof *ld.freebufs);
    if (ld.workers == NULL || ld.queue == NULL || ld.freebufs == NULL) {
        st = nomem(&ld, err);
        goto out;
    }
    for (t = 0; t < (ld.nthreads ? ld.nthreads : 1); t++)
        ld.workers[t].ld = &ld;

    /* ---- first block: BOM, delimiter, header ---- */
    buf = get_buf(&ld, &cap);
    if (buf == NULL) {
        st = nomem(&ld, err);
        goto out;
    }
    for (;;) {
        ssize_t n = read_full(ld.fd, buf + len, cap - len);
        size_t row_start = 0;

        if (n < 0) {
            if (ov_interrupted())
                st = ov_err_interrupted(err);
            else if (errno == EISDIR)
                st = ov_err_set(err, OV_EIO, "%s: is a directory, not a CSV file", path);
            else
                st = ov_err_set(err, OV_EIO, "%s: cannot read: %s", path, strerror(errno));
            goto out;
        }
        len += (size_t)n;
        bytes_read += (uint64_t)n;
        eof = (size_t)n < cap - (len - (size_t)n);
        if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                         ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))) {
            st = ov_err_set(err, OV_EPARSE,
                            "%s: the file is UTF-16 text; convert it to UTF-8 first "
                            "(for example: iconv -f UTF-16 -t UTF-8)",
                            path);
            goto out;
        }
        {
            /* files people mistake for CSV: say what they are */
            static const struct {
                const char *magic;
                size_t n;
                const char *what;
            } kinds[] = {
                {"PK\3\4", 4, "a ZIP archive (an Excel .xlsx workbook?): save or export "
                              "it as CSV first"},
                {"\xD0\xCF\x11\xE0", 4, "an Excel 97-2003 (.xls) workbook: save it as CSV "
                                       "first"},
                {"\x1F\x8B", 2, "compressed with gzip: decompress it first (gunzip)"},
                {"%PDF", 4, "a PDF document, not a CSV file"},
                {"SQLite format 3", 16, "an SQLite database, not a CSV file"},
            };
            size_t k;

            for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
                if (len >= kinds[k].n && memcmp(buf, kinds[k].magic, kinds[k].n) == 0) {
                    st = ov_err_set(err, OV_EPARSE, "%s: the file is %s", path,
                                    kinds[k].what);
                    goto out;
                }
        }
        bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
        ld.nl = ov_scan_line_char(buf, len);
        /* comment lines before the header ("# source: ..."), when asked */
        skip = bom ? 3 : 0;
        comment_lines = 0;
        header_end = 0;
        while (opts->comment != 0 && skip < len && buf[skip] == opts->comment) {
            const char *e = memchr(buf + skip, ld.nl, len - skip);

            if (e == NULL) {
                if (eof)
                    skip = len;
                break;
            }
            skip = (size_t)(e - buf) + 1;
            if (ld.nl == '\r' && skip < len && buf[skip] == '\n')
                skip++;
            comment_lines++;
        }
        if (skip < len && !(opts->comment != 0 && buf[skip] == opts->comment)) {
            ld.delim = opts->delim != 0 ? opts->delim
                                        : ov_scan_sniff_delim(buf + skip,
                                                              (len - skip) < SAMPLE_SIZE
                                                                  ? len - skip
                                                                  : SAMPLE_SIZE);
            header_end = ov_scan_first_row(buf + skip, len - skip, ld.delim, eof, &row_start);
        }
        if (header_end != 0 || eof)
            break;
        /* no end of the first row yet: a NUL byte says this is not text, so
         * stop now rather than read on (from /dev/zero, for ever) */
        if (skip < len) {
            const char *z = memchr(buf + skip, '\0', len - skip);

            if (z != NULL) {
                uint64_t l, c;

                ov_scan_position(buf + skip, (size_t)(z - (buf + skip)), 1 + comment_lines,
                                 ld.nl, &l, &c);
                st = ov_err_set(err, OV_EPARSE,
                                "%s:%llu:%llu: NUL byte: this is not a text CSV file "
                                "(binary data, or UTF-16 text?)",
                                path, (unsigned long long)l, (unsigned long long)c);
                goto out;
            }
        }
        /* the first row is longer than the buffer: grow it */
        if (len > ld.max_field) {
            st = header_too_long(&ld, comment_lines, err);
            goto out;
        }
        {
            char *nb = ov_realloc(buf, cap * 2);

            if (nb == NULL) {
                st = nomem(&ld, err);
                goto out;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (len <= skip) {
        st = ov_err_set(err, OV_EPARSE,
                        comment_lines > 0
                            ? "%s: the file has only comment lines (expected a header line "
                              "with column names)"
                            : "%s: the file is empty (expected a header line with column "
                              "names)",
                        path);
        goto out;
    }
    {
        size_t off = skip, row_start = 0;
        struct header_ctx h = {NULL, 0, 0, false};
        bool nul;
        size_t bad;
        char *htext;
        size_t hlen;
        char *tbuf = NULL;

        ov_scan_first_row(buf + off, len - off, ld.delim, eof, &row_start);
        if (header_end == 0) {
            /* the whole (small) file has only blank lines */
            st = ov_err_set(err, OV_EPARSE, "%s: the file has no rows, only blank lines",
                            path);
            goto out;
        }
        htext = buf + off + row_start;
        hlen = header_end - row_start;
        if (hlen > ld.max_field) {
            st = header_too_long(&ld, comment_lines, err);
            goto out;
        }
        line += comment_lines + ov_scan_count_lines(buf + off, row_start, ld.nl);
        ld.leading_blank = ov_scan_count_lines(buf + off, row_start, ld.nl);
        /* the header is checked and decoded like the data */
        if (opts->encoding == OV_ENC_UTF8) {
            bad = ov_utf8_check(htext, hlen, &nul);
            if (bad < hlen) {
                uint64_t l, c;

                ov_scan_position(htext, bad, line, ld.nl, &l, &c);
                st = ov_err_set(err, OV_EPARSE,
                                nul ? "%s:%llu:%llu: NUL byte: this is not a text CSV "
                                      "file (binary data, or UTF-16 text?)"
                                    : "%s:%llu:%llu: invalid UTF-8; if the file is "
                                      "Latin-1 or Windows-1252, load it with encoding "
                                      "= \"latin1\" or \"cp1252\"",
                                path, (unsigned long long)l, (unsigned long long)c);
                goto out;
            }
        } else {
            tbuf = ov_malloc(hlen * 3 + 1);
            if (tbuf == NULL) {
                st = nomem(&ld, err);
                goto out;
            }
            hlen = ov_transcode(opts->encoding, htext, hlen, tbuf, &bad);
            if (hlen == (size_t)-1) {
                ov_free(tbuf);
                st = ov_err_set(err, OV_EPARSE,
                                "%s:%llu: a byte that is not a character in "
                                "Windows-1252; try encoding = \"latin1\"",
                                path, (unsigned long long)line);
                goto out;
            }
            htext = tbuf;
        }
        {
            struct ov_scan sc;

            ov_scan_rows(htext, hlen, ld.delim, &sc);
            if (sc.malformed) {
                uint64_t l, c;

                ov_scan_position(htext, sc.malformed_at, line, ld.nl, &l, &c);
                ov_free(tbuf);
                st = ov_err_set(err, OV_EPARSE,
                                "%s:%llu:%llu: text after the closing quote of a quoted "
                                "field; a quote inside a quoted field must be doubled "
                                "(\"\")",
                                path, (unsigned long long)l, (unsigned long long)c);
                goto out;
            }
        }
        st = parse_header(&ld, htext, hlen, &h);
        ov_free(tbuf);
        if (st != OV_OK) {
            st = nomem(&ld, err);
            goto out;
        }
        ld.ncols = h.n;
        ld.names = h.names;
        if (ld.ncols > MAX_COLUMNS) {
            st = ov_err_set(err, OV_ERANGE,
                            "%s:%llu: %zu columns; oversight reads at most %d", path,
                            (unsigned long long)line, ld.ncols, MAX_COLUMNS);
            goto out;
        }
        if (!opts->header) {
            /* the first row is data: name the columns by position */
            for (j = 0; j < ld.ncols; j++) {
                char nm[32];

                snprintf(nm, sizeof nm, "column_%zu", j + 1);
                ov_free(ld.names[j]);
                ld.names[j] = ov_strdup(nm);
                if (ld.names[j] == NULL) {
                    st = nomem(&ld, err);
                    goto out;
                }
            }
        } else if (fix_names(&ld, rep) != OV_OK) {
            st = nomem(&ld, err);
            goto out;
        }
        ld.forced = ov_malloc((ld.ncols ? ld.ncols : 1) * sizeof *ld.forced);
        ld.gdict = ov_calloc(ld.ncols ? ld.ncols : 1, sizeof *ld.gdict);
        ld.ginf = ov_malloc((ld.ncols ? ld.ncols : 1) * sizeof *ld.ginf);
        if (ld.forced == NULL || ld.gdict == NULL || ld.ginf == NULL) {
            st = nomem(&ld, err);
            goto out;
        }
        for (j = 0; j < ld.ncols; j++) {
            ld.forced[j] = -1;
            infer_init(&ld.ginf[j]);
        }
        for (size_t k = 0; k < opts->ntypes; k++) {
            bool found = false;

            for (j = 0; j < ld.ncols; j++)
                if (strcmp(ld.names[j], opts->types[k].column) == 0) {
                    ld.forced[j] = (int)opts->types[k].type;
                    found = true;
                }
            if (!found) {
                const char *best = ov_suggest(opts->types[k].column,
                                              (const char *const *)ld.names, ld.ncols);

                if (best != NULL)
                    st = ov_err_set(err, OV_ENOTFOUND,
                                    "%s: types names a column '%s' that the file does not "
                                    "have; did you mean '%s'?",
                                    path, opts->types[k].column, best);
                else
                    st = ov_err_set(err, OV_ENOTFOUND,
                                    "%s: types names a column '%s' that the file does not "
                                    "have",
                                    path, opts->types[k].column);
                goto out;
            }
        }
        if (opts->header) {
            /* data starts after the header row */
            size_t body = off + header_end;

            line += ov_scan_count_lines(buf + off + row_start, header_end - row_start,
                                        ld.nl);
            memmove(buf, buf + body, len - body);
            len -= body;
        } else if (off > 0) {
            memmove(buf, buf + off, len - off);
            len -= off;
        }
    }

    /* ---- start the workers ---- */
    for (t = 0; t < ld.nthreads; t++) {
        if (pthread_create(&ld.workers[t].thread, NULL, worker_main, &ld.workers[t]) != 0) {
            /* run with the threads we have */
            ld.nthreads = t;
            break;
        }
    }

    /* ---- read, cut at row ends, queue ---- */
    for (;;) {
        struct ov_scan sc;
        size_t cut;

        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            break;
        }
        /* fill the buffer */
        while (!eof && len < cap) {
            ssize_t n = read_full(ld.fd, buf + len, cap - len);

            if (n < 0) {
                st = ov_interrupted()
                         ? ov_err_interrupted(err)
                         : ov_err_set(err, OV_EIO, "%s: cannot read: %s", path,
                                      strerror(errno));
                break;
            }
            if (n == 0 || (size_t)n < cap - len)
                eof = true;
            len += (size_t)n;
            bytes_read += (uint64_t)n;
        }
        if (st != OV_OK)
            break;
        if (opts->progress != NULL)
            opts->progress(opts->progress_ctx, bytes_read,
                           S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0);
        ov_scan_rows(buf, len, ld.delim, &sc);
        if (sc.malformed || (eof && sc.in_quotes)) {
            uint64_t l, c;

            if (sc.malformed) {
                ov_scan_position(buf, sc.malformed_at, line, ld.nl, &l, &c);
                st = ov_err_set(err, OV_EPARSE,
                                "%s:%llu:%llu: text after the closing quote of a quoted "
                                "field; a quote inside a quoted field must be doubled "
                                "(\"\")",
                                path, (unsigned long long)l, (unsigned long long)c);
            } else {
                ov_scan_position(buf, sc.quote_open, line, ld.nl, &l, &c);
                st = ov_err_set(err, OV_EPARSE,
                                "%s:%llu: unterminated quoted field: the quote opened at "
                                "line %llu, column %llu is never closed (expected a "
                                "closing \" before the end of the file)",
                                path,
                                (unsigned long long)(line +
                                                     ov_scan_count_lines(buf, len, ld.nl)),
                                (unsigned long long)l, (unsigned long long)c);
            }
            /* the whole rows before the bad quote still go to the workers:
             * an error among them is earlier in the file, so it is the one
             * reported, as when the rows are read one after another */
            if (sc.last_row_end > 0) {
                struct job job = {index, buf, sc.last_row_end, cap, line,
                                  ov_scan_count_lines(buf, sc.last_row_end, ld.nl)};

                if (submit(&ld, &job) != OV_OK) {
                    st = nomem(&ld, err);
                    break;
                }
                index++;
                buf = NULL;
            }
            break;
        }
        if (eof) {
            cut = len;
        } else {
            cut = sc.last_row_end;
            if (cut == 0) {
                /* no row ends in the buffer: one huge row; read more */
                char *nb;

                if (len > ld.max_field) {
                    char sz[32];

                    st = ov_err_set(err, OV_ERANGE,
                                    "%s:%llu: a row longer than %s, the longest row "
                                    "oversight reads",
                                    path, (unsigned long long)line,
                                    (ov_mem_format_size(sz, sizeof sz, ld.max_field), sz));
                    break;
                }
                nb = ov_realloc(buf, cap * 2);
                if (nb == NULL) {
                    st = nomem(&ld, err);
                    break;
                }
                buf = nb;
                cap *= 2;
                continue;
            }
        }
        /* the rest of the buffer begins the next block */
        carry_len = len - cut;
        if (carry_len > 0) {
            if (carry_cap < carry_len) {
                char *nc = ov_realloc(carry, carry_len);

                if (nc == NULL) {
                    st = nomem(&ld, err);
                    break;
                }
                carry = nc;
                carry_cap = carry_len;
            }
            memcpy(carry, buf + cut, carry_len);
        }
        if (cut > 0) {
            uint64_t nlines = ov_scan_count_lines(buf, cut, ld.nl);
            struct job job = {index, buf, cut, cap, line, nlines};

            line += nlines;
            if (submit(&ld, &job) != OV_OK) {
                st = nomem(&ld, err);
                break;
            }
            index++;
            buf = NULL;
        }
        if (eof)
            break;
        pthread_mutex_lock(&ld.mu);
        if (ld.abort) {
            pthread_mutex_unlock(&ld.mu);
            break;
        }
        pthread_mutex_unlock(&ld.mu);
        if (buf == NULL) {
            buf = get_buf(&ld, &cap);
            if (buf == NULL) {
                pthread_mutex_lock(&ld.mu);
                bool aborted = ld.abort;
                pthread_mutex_unlock(&ld.mu);
                if (!aborted)
                    st = nomem(&ld, err);
                break;
            }
        }
        /* carry is still NULL when every block so far ended on a row end */
        if (carry_len > 0)
            memcpy(buf, carry, carry_len);
        len = carry_len;
    }
    if (buf != NULL) {
        pthread_mutex_lock(&ld.mu);
        release_buf(&ld, buf);
        pthread_mutex_unlock(&ld.mu);
        buf = NULL;
    }
    ov_free(carry);
    carry = NULL;

    /* reading is over: was the file the same all along? */
    changed = S_ISREG(sb.st_mode) && file_changed(&ld, &sb, bytes_read, eof, &chg);

    /* ---- wait for the workers ---- */
    pthread_mutex_lock(&ld.mu);
    ld.done_reading = true;
    /* An error found while reading (a bad quote, a read error, a row too
     * long) lies after every chunk queued so far: those are parsed all the
     * same, as a single thread would have parsed them before reading on,
     * since an error in them comes first. Only Ctrl-C, a lack of memory
     * and a changed file stop the workers at once. */
    if (st == OV_EINTR || st == OV_ENOMEM || changed)
        ld.abort = true;
    pthread_cond_broadcast(&ld.cv);
    pthread_mutex_unlock(&ld.mu);
    for (t = 0; t < ld.nthreads; t++)
        pthread_join(ld.workers[t].thread, NULL);
    /* jobs never taken (after an abort) still hold buffers */
    while (ld.qlen > 0) {
        ov_free(ld.queue[ld.qhead].buf);
        ld.qhead = (ld.qhead + 1) % ld.qcap;
        ld.qlen--;
    }

    /* The error reported never depends on the threads: Ctrl-C if it was
     * pressed; then a file that changed while it was read, whatever the
     * change made the parse say; then the error earliest in the file. That
     * is the first failed chunk (a chunk left in the queue by an abort is
     * after the failure that caused it, so it is passed over), else the
     * one found while reading, which is after every chunk. */
    if (ov_interrupted()) {
        st = ov_err_interrupted(err);
    } else if (changed) {
        st = ov_err_set(err, chg.status, "%s", chg.msg);
    } else {
        size_t k;

        for (k = 0; k < ld.nchunks; k++) {
            const struct chunk *ch = ld.chunks[k];

            if (!ld.parsed[k])
                continue;
            if (ch == NULL || ch->err.status == OV_ENOMEM) {
                st = nomem(&ld, err);
                break;
            }
            if (ch->failed) {
                st = ov_err_set(err, ch->err.status, "%s", ch->err.msg);
                break;
            }
        }
        /* every chunk is parsed unless something failed */
        for (k = 0; st == OV_OK && k < ld.nchunks; k++)
            if (!ld.parsed[k])
                st = nomem(&ld, err);
    }
    if (st != OV_OK)
        goto out;

    for (size_t k = 0; k < ld.nchunks; k++)
        total_rows += ld.chunks[k]->nrows;
    if (total_rows > OV_MAX_ROWS) {
        char a[32];

        st = ov_err_set(err, OV_ERANGE, "%s: %s rows; a table holds at most 4,294,967,295",
                        path, fmtn(a, total_rows));
        goto out;
    }

    /* ---- build the columns, several at a time ---- */
    ld.out = ov_calloc(ld.ncols ? ld.ncols : 1, sizeof *ld.out);
    outs = ov_calloc(ld.ncols ? ld.ncols : 1, sizeof *outs);
    if (ld.out == NULL || outs == NULL) {
        st = nomem(&ld, err);
        goto out;
    }
    for (j = 0; j < ld.ncols; j++) {
        outs[j].tokcounts = ov_calloc(ld.nnulls ? ld.nnulls : 1, sizeof(uint64_t));
        if (outs[j].tokcounts == NULL) {
            st = nomem(&ld, err);
            goto out;
        }
    }
    {
        struct asm_ctx a = {&ld, total_rows, outs};
        pthread_t th[MAX_THREADS];
        int started = 0, want = ld.nthreads > 1 ? ld.nthreads - 1 : 0;

        ld.next_col = 0;
#ifdef HAVE_MALLOC_TRIM
        /* once before the threads: glibc sets its malloc up on the first
         * call if nothing has used it yet (under ASan, which replaces
         * malloc), and that setup is not safe on two threads at once */
        malloc_trim(0);
#endif
        for (t = 0; t < want && (size_t)t + 1 < ld.ncols; t++)
            if (pthread_create(&th[started], NULL, asm_main, &a) == 0)
                started++;
        asm_main(&a);
        for (t = 0; t < started; t++)
            pthread_join(th[t], NULL);
    }
    if (ld.asm_failed) {
        st = ov_err_set(err, ld.asm_err.status, "%s", ld.asm_err.msg);
        goto out;
    }
    if (ov_interrupted()) {
        st = ov_err_interrupted(err);
        goto out;
    }

    /* ---- the table ---- */
    tbl = ov_table_new((size_t)total_rows, err);
    if (tbl == NULL) {
        st = err != NULL ? err->status : OV_ENOMEM;
        goto out;
    }
    for (j = 0; j < ld.ncols; j++)
        if ((st = ov_table_add_column(tbl, ld.names[j], ld.out[j], err)) != OV_OK)
            goto out;

    /* rejected rows, in file order */
    {
        uint64_t nrej = 0, padded = 0, first_pad_line = 0;
        size_t k;

        for (k = 0; k < ld.nchunks; k++) {
            nrej += ld.chunks[k]->nrejects;
            if (ld.chunks[k]->padded > 0 && padded == 0)
                first_pad_line = ld.chunks[k]->first_padded_line;
            padded += ld.chunks[k]->padded;
        }
        rep->rejected = nrej;
        rep->padded = padded;
        if (nrej > 0) {
            ov_table *rt = ov_table_new((size_t)nrej, err);
            ov_column *cl = ov_column_new(OV_INT, (size_t)nrej, NULL, 0, err);
            ov_column *cf = ov_column_new(OV_INT, (size_t)nrej, NULL, 0, err);
            ov_dict *dict = ov_dict_new();
            ov_column *ct = NULL;
            size_t r = 0;
            uint64_t first_line = 0, first_fields = 0;

            if (rt == NULL || cl == NULL || cf == NULL || dict == NULL)
                goto rej_nomem;
            for (k = 0; k < ld.nchunks; k++) {
                const struct chunk *ch = ld.chunks[k];
                size_t i;

                for (i = 0; i < ch->nrejects; i++) {
                    uint32_t code;

                    if (ov_dict_intern(dict, ch->reject_text.data + ch->rejects[i].text_off,
                                       ch->rejects[i].text_len, &code, NULL) != OV_OK)
                        goto rej_nomem;
                }
            }
            ct = ov_column_new(OV_STRING, (size_t)nrej, dict, dict->n, err);
            if (ct == NULL)
                goto rej_nomem;
            for (k = 0; k < ld.nchunks; k++) {
                const struct chunk *ch = ld.chunks[k];
                size_t i;

                for (i = 0; i < ch->nrejects; i++, r++) {
                    const struct reject *rj = &ch->rejects[i];

                    if (r == 0) {
                        first_line = rj->line;
                        first_fields = rj->nfields;
                    }
                    cl->data.i64[r] = (int64_t)rj->line;
                    cf->data.i64[r] = (int64_t)rj->nfields;
                    ov_column_set_code(ct, r,
                                       ov_dict_find(dict, ch->reject_text.data + rj->text_off,
                                                    rj->text_len));
                }
            }
            if (ov_table_add_column(rt, "line", cl, err) != OV_OK ||
                ov_table_add_column(rt, "fields", cf, err) != OV_OK ||
                ov_table_add_column(rt, "text", ct, err) != OV_OK)
                goto rej_nomem;
            ov_column_unref(cl);
            ov_column_unref(cf);
            ov_column_unref(ct);
            ov_dict_unref(dict);
            ov_table_set_rejects(tbl, rt);
            {
                char a[32], b[32];

                add_note(rep,
                         "%s row%s with the wrong number of fields left out (the first at "
                         "line %llu has %s, not %zu); see t:rejects()",
                         fmtn(a, nrej), nrej == 1 ? "" : "s",
                         (unsigned long long)first_line, fmtn(b, first_fields), ld.ncols);
            }
            goto rej_done;
        rej_nomem:
            ov_table_free(rt);
            ov_column_unref(cl);
            ov_column_unref(cf);
            ov_column_unref(ct);
            ov_dict_unref(dict);
            st = nomem(&ld, err);
            goto out;
        }
    rej_done:
        {
            uint64_t blank = ld.leading_blank;

            for (k = 0; k < ld.nchunks; k++)
                blank += ld.chunks[k]->blank_lines;
            if (blank > 0) {
                char a[32];

                add_note(rep, "%s blank line%s skipped (a blank line is not a row)",
                         fmtn(a, blank), blank == 1 ? "" : "s");
            }
            if (comment_lines > 0) {
                char a[32];

                add_note(rep, "%s comment line%s before the header skipped",
                         fmtn(a, comment_lines), comment_lines == 1 ? "" : "s");
            }
        }
        if (padded > 0) {
            char a[32];

            add_note(rep,
                     "%s short row%s filled with missing values (the first at line %llu)",
                     fmtn(a, padded), padded == 1 ? "" : "s",
                     (unsigned long long)first_pad_line);
        }
    }

    /* notes: values made missing, coerced, per column */
    for (j = 0; j < ld.ncols; j++) {
        size_t k;
        ov_strbuf b = OV_STRBUF_INIT;
        bool first = true;

        rep->made_missing += outs[j].made_missing;
        rep->coerced += outs[j].coerced;
        for (k = 0; k < ld.nnulls; k++) {
            char a[32];

            if (outs[j].tokcounts[k] == 0)
                continue;
            ov_strbuf_printf(&b, "%s%s '%s'", first ? "" : ", ",
                             fmtn(a, outs[j].tokcounts[k]), ld.nulls[k]);
            first = false;
        }
        if (!first)
            add_note(rep, "column '%s': read as missing: %s", ld.names[j], ov_strbuf_cstr(&b));
        ov_strbuf_free(&b);
        if (outs[j].coerced > 0) {
            char a[32];

            add_note(rep, "column '%s': %s value%s not %s (such as '%s') made missing",
                     ld.names[j], fmtn(a, outs[j].coerced), outs[j].coerced == 1 ? "" : "s",
                     ld.forced[j] == OV_INT     ? "an integer"
                     : ld.forced[j] == OV_FLOAT ? "a number"
                     : ld.forced[j] == OV_DATE  ? "a date"
                     : ld.forced[j] == OV_BOOL  ? "true or false"
                                                : "valid",
                     outs[j].example);
        }
        if (outs[j].inexact[0] != '\0')
            inexact_note(rep, ld.names[j], outs[j].inexact);
        if (outs[j].respelled)
            add_note(rep,
                     "column '%s': read as bool as asked; the file spells true and false "
                     "more than one way, so they are written back as true and false",
                     ld.names[j]);
    }

    /* provenance */
    {
        char a[96], when[64];
        const char *base = strrchr(path, '/');
        struct tm tm;
        time_t mt = sb.st_mtime;
        ov_strbuf o = OV_STRBUF_INIT;

        base = base != NULL ? base + 1 : path;
        if (opts->name != NULL)
            ov_table_set_name(tbl, opts->name);
        else {
            char *nm = ov_strdup(base), *dot;

            if (nm != NULL) {
                dot = strrchr(nm, '.');
                if (dot != NULL && dot != nm)
                    *dot = '\0';
                ov_table_set_name(tbl, nm);
                ov_free(nm);
            }
        }
        {
            /* the absolute path, so the provenance means the same anywhere */
            char *abs = realpath(path, NULL);

            ov_table_set_fact(tbl, "source", abs != NULL ? abs : path);
            free(abs);
        }
        if (S_ISREG(sb.st_mode)) {
            snprintf(a, sizeof a, "%s bytes", fmtn(when, (uint64_t)sb.st_size));
            ov_table_set_fact(tbl, "size", a);
            gmtime_r(&mt, &tm);
            strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
            ov_table_set_fact(tbl, "modified", when);
        }
        ov_strbuf_printf(&o, "delim = %s", delim_name(ld.delim));
        if (!opts->header)
            ov_strbuf_puts(&o, ", header = false");
        if (opts->encoding != OV_ENC_UTF8)
            ov_strbuf_printf(&o, ", encoding = %s",
                             opts->encoding == OV_ENC_LATIN1 ? "latin1" : "cp1252");
        ov_strbuf_printf(&o, ", on_ragged = %s",
                         opts->on_ragged == OV_RAGGED_ERROR  ? "error"
                         : opts->on_ragged == OV_RAGGED_SKIP ? "skip"
                                                             : "pad");
        if (opts->comment != 0)
            ov_strbuf_printf(&o, ", comment = %c", opts->comment);
        if (bom)
            ov_strbuf_puts(&o, ", UTF-8 byte order mark removed");
        ov_table_set_fact(tbl, "load options", ov_strbuf_cstr(&o));
        ov_strbuf_free(&o);
    }

    rep->rows = total_rows;
    rep->cols = ld.ncols;
    rep->bytes = bytes_read;
    rep->delim = ld.delim;
    rep->threads = ld.nthreads ? ld.nthreads : 1;
    rep->seconds = now() - t0;
    *out = tbl;
    tbl = NULL;
out:
    if (ld.fd >= 0)
        close(ld.fd);
    if (buf != NULL)
        ov_free(buf);
    ov_free(carry);
    if (outs != NULL) {
        for (j = 0; j < ld.ncols; j++)
            ov_free(outs[j].tokcounts);
        ov_free(outs);
    }
    ov_table_free(tbl);
    loader_free(&ld);
    if (st != OV_OK || rep == &myrep)
        ov_load_report_free(rep);
    return st;
}
