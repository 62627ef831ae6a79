/*
 * loader_parse.c - the libcsv parse, the only file in src/ that includes
 * <csv.h>: a chunk's bytes checked for UTF-8 (or transcoded), parsed by
 * the worker's own parser, and each row's fields stored in the chunk's
 * columns; and the header row. No threads here: the caller runs workers.
 */
#include "config.h"

#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvscan.h"
#include "loader_int.h"
#include "ov_mem.h"

#define SLICE_SIZE ((size_t)256 << 10) /* bytes handed to libcsv at once */

/* one thread's parser and its current row */
struct worker {
    struct loader *ld;
    struct csv_parser parser;
    bool parser_ready;
    struct chunk *ch;
    char *rowbuf;
    size_t rowlen, rowcap;
    size_t *foff, *flen;
    size_t nf, fcap;
    uint64_t row; /* rows seen in the chunk, kept or not */
    bool stop;
    char *tbuf; /* transcoding buffer */
    size_t tcap;
    bool fast;  /* split fields with ov_scan_fields, not libcsv */
    char *qbuf; /* ov_scan_fields' buffer for fields with doubled quotes */
    size_t qcap;
    /* per column, its dictionary's size in this worker's last chunk */
    uint32_t *hint_n;
    size_t *hint_bytes;
};

/* ---------------------------------------------------------------------
 * libcsv callbacks: fields are gathered per row, then committed to the
 * columns only if the row has the right number of fields, so a rejected
 * row leaves no trace in the columns (not even a dictionary entry).
 * --------------------------------------------------------------------- */

static void fail_chunk(struct worker *w, ov_status st, const char *fmt, ...)
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
    /* a row whose every field is empty (",,,", as spreadsheets export the
     * rows below a table) holds nothing: dropped and counted. In a single
     * column such a row is "" alone, a missing value (t:write writes one). */
    if (w->rowlen == 0 && ncols >= 2) {
        if (ch->empty_rows++ == 0)
            ch->first_empty_row = row;
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
                       ov_ld_fmtn(a, ncols), ov_ld_fmtn(b, w->nf));
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
            st = ov_ld_store(ld, &ch->cols[j], w->rowbuf + w->foff[j], w->flen[j]);
        else
            st = ov_ld_store(ld, &ch->cols[j], "", 0);
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

/* ov_scan_fields' callbacks: the same as libcsv's */
static void
fast_field(const char *s, size_t n, void *data)
{
    on_field((void *)(uintptr_t)s, n, data);
}

static int
fast_row(void *data)
{
    struct worker *w = data;

    on_row('\n', data);
    return w->stop;
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
parse_realloc(void *p, size_t n)
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
    csv_set_realloc_func(&w->parser, parse_realloc);
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
    ov_free(w->qbuf);
    ov_free(w->hint_n);
    ov_free(w->hint_bytes);
    w->hint_n = NULL;
    w->hint_bytes = NULL;
    w->qbuf = NULL;
    w->qcap = 0;
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

/* Checks chunk text for UTF-8, or transcodes it into w->tbuf. A byte
 * that is not text is reported only after the whole rows before it are
 * parsed (an error among them is earlier in the file): the message goes to
 * deferred and *len is cut to those rows. False (the chunk failed) when out
 * of memory. */
static bool
decode(struct worker *w, const struct job *job, const char **textp, size_t *lenp,
       char *deferred, size_t dsize)
{
    struct loader *ld = w->ld;
    const char *text = *textp;
    size_t len = *lenp;

    if (ld->opts->encoding == OV_ENC_UTF8) {
        bool nul;
        size_t bad = ov_utf8_check(text, len, &nul);

        if (bad < len) {
            uint64_t line, col;

            ov_scan_position(text, bad, job->first_line, ld->nl, &line, &col);
            if (nul)
                snprintf(deferred, dsize,
                         "%s:%llu:%llu: NUL byte: this is not a text CSV file "
                         "(binary data, or UTF-16 text?)",
                         ld->path, (unsigned long long)line, (unsigned long long)col);
            else
                snprintf(deferred, dsize,
                         "%s:%llu:%llu: invalid UTF-8 (byte 0x%02X); if the file "
                         "is Latin-1 or Windows-1252, load it with encoding = "
                         "\"latin1\" or \"cp1252\"",
                         ld->path, (unsigned long long)line, (unsigned long long)col,
                         (unsigned char)text[bad]);
            *lenp = rows_before(text, bad, ld->delim);
        }
        return true;
    }
    {
        size_t bad = 0, n;
        const char *nulp;

        if (w->tcap < len * 3 + 1) {
            char *p = ov_realloc(w->tbuf, len * 3 + 1);

            if (p == NULL) {
                fail_chunk(w, OV_ENOMEM, "out of memory");
                return false;
            }
            w->tbuf = p;
            w->tcap = len * 3 + 1;
        }
        n = ov_transcode(ld->opts->encoding, text, len, w->tbuf, &bad);
        if (n == (size_t)-1) {
            uint64_t line, col;

            ov_scan_position(text, bad, job->first_line, ld->nl, &line, &col);
            snprintf(deferred, dsize,
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
            snprintf(deferred, dsize,
                     "%s:%llu:%llu: NUL byte: this is not a text CSV file", ld->path,
                     (unsigned long long)line, (unsigned long long)col);
            len = at;
        }
        if (deferred[0] != '\0')
            len = rows_before(text, len, ld->delim);
        *textp = text;
        *lenp = len;
    }
    return true;
}

/* Line numbers of rejected rows, the first padded row, and the failure
 * (whose message then gets its FILE:LINE), from the parsed text. */
static void
locate_rows(struct worker *w, const struct job *job, const char *text, size_t len)
{
    struct loader *ld = w->ld;
    struct chunk *ch = w->ch;
    size_t nw = 0, i;
    uint64_t *want = ov_malloc((ch->nrejects + 3) * sizeof *want);
    uint64_t *lines = ov_malloc((ch->nrejects + 3) * sizeof *lines);

    if (want == NULL || lines == NULL) {
        ov_free(want);
        ov_free(lines);
        fail_chunk(w, OV_ENOMEM, "out of memory");
        return;
    }
    for (i = 0; i < ch->nrejects; i++)
        want[nw++] = ch->rejects[i].row;
    if (ch->padded > 0)
        want[nw++] = ch->first_padded_row;
    if (ch->empty_rows > 0)
        want[nw++] = ch->first_empty_row;
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
    if (ch->empty_rows > 0)
        ch->first_empty_line = line_of(want, lines, nw, ch->first_empty_row);
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

struct chunk *
ov_ld_parse_chunk(struct loader *ld, int worker, const struct job *job)
{
    struct worker *w = &ld->workers[worker];
    struct chunk *ch = ov_ld_chunk_new(ld, job->index, job->first_line, job->lines);
    const char *text = job->buf;
    size_t len = job->len, off, j;
    bool len_done = false;
    uint64_t blanks = 0; /* the fast path counts blank lines as it splits */
    char deferred[OV_ERR_MSG_MAX] =
        ""; /* an encoding error, after the rows before it */

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
    if (w->hint_n == NULL && ld->ncols > 0) {
        w->hint_n = ov_calloc(ld->ncols, sizeof *w->hint_n);
        w->hint_bytes = ov_calloc(ld->ncols, sizeof *w->hint_bytes);
    }
    if (w->hint_n != NULL && w->hint_bytes != NULL)
        for (j = 0; j < ld->ncols; j++)
            ov_ld_ccol_hint(&ch->cols[j], w->hint_n[j], w->hint_bytes[j]);
    if (!decode(w, job, &text, &len, deferred, sizeof deferred))
        return ch;
    if (w->fast) {
        /* the hand splitter, which makes libcsv's calls (tests compare
         * the two on every file and on fuzz input); its one error is
         * libcsv's for a field buffer it cannot grow */
        if (!ov_scan_fields(text, len, ld->delim, fast_field, fast_row, w, &w->qbuf,
                            &w->qcap, &blanks))
            fail_chunk(w, OV_ENOMEM, "%s", csv_strerror(CSV_ENOMEM));
        len_done = true;
    }
    for (off = 0; !len_done && off < len && !w->stop; off += SLICE_SIZE) {
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
    if (len_done)
        ; /* ov_scan_fields ends as csv_fini does */
    else if (!w->stop)
        csv_fini(&w->parser, on_field, on_row, w);
    else
        csv_fini(&w->parser, NULL, NULL, NULL); /* resets the parser */
    if (deferred[0] != '\0')
        fail_chunk(w, OV_EPARSE, "%s", deferred);
    if (!ch->failed)
        /* the fast path passed every line unless it stopped early */
        ch->blank_lines =
            len_done && !w->stop ? blanks : ov_scan_blank_lines(text, len, ld->delim);
    if (w->hint_n != NULL && w->hint_bytes != NULL)
        for (j = 0; j < ld->ncols; j++)
            if (ch->cols[j].dict != NULL) {
                w->hint_n[j] = ch->cols[j].dict->n;
                w->hint_bytes[j] = ch->cols[j].dict->arena_len;
            }
    if (ch->nrejects > 0 || ch->padded > 0 || ch->empty_rows > 0 ||
        ch->fail_row != NO_ROW)
        locate_rows(w, job, text, len);
    return ch;
}

struct worker *
ov_ld_workers_new(struct loader *ld, size_t n)
{
    struct worker *w = ov_calloc(n ? n : 1, sizeof *w);
    const char *env = getenv("OV_CSV_FASTPATH");
    /* OV_CSV_FASTPATH=0 forces libcsv (the differential tests); a
     * delimiter that is a quote or a line end is libcsv's alone */
    bool fast = (env == NULL || strcmp(env, "0") != 0) && ld->delim != '"' &&
                ld->delim != '\n' && ld->delim != '\r';
    size_t i;

    if (w != NULL)
        for (i = 0; i < n; i++) {
            w[i].ld = ld;
            w[i].fast = fast;
        }
    return w;
}

void
ov_ld_workers_free(struct worker *w, size_t n)
{
    size_t i;

    if (w == NULL)
        return;
    for (i = 0; i < n; i++)
        worker_free(&w[i]);
    ov_free(w);
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

ov_status
ov_ld_parse_header(char delim, const char *text, size_t len, char ***names, size_t *n)
{
    struct csv_parser p;
    struct header_ctx h = {NULL, 0, 0, false};

    *names = NULL;
    *n = 0;
    if (csv_init(&p, 0) != 0)
        return OV_ENOMEM;
    csv_set_delim(&p, (unsigned char)delim);
    csv_set_space_func(&p, no_space);
    csv_set_realloc_func(&p, parse_realloc);
    csv_set_free_func(&p, ov_free);
    csv_parse(&p, text, len, on_header_field, NULL, &h);
    csv_fini(&p, on_header_field, NULL, &h);
    csv_free(&p);
    /* the names so far, to be freed with the rest, even when out of memory */
    *names = h.names;
    *n = h.n;
    return h.oom ? OV_ENOMEM : OV_OK;
}
