/*
 * loader.c - CSV to table: the driver of the load's phases, each in its
 * own file (libcsv only in loader_parse.c, threads only in workq.c).
 *
 * How a load goes:
 *  1. (loader_sniff.c) The first block is read, checked for a BOM and for
 *     files that are not CSV text, the delimiter sniffed and the header
 *     parsed into column names.
 *  2. (loader_read.c) The rest is read in blocks, each cut at its last row
 *     boundary (csvscan's quote-aware scan, which mirrors libcsv's states)
 *     and queued as a chunk on the work queue.
 *  3. (loader_parse.c, loader_store.c) Worker threads (one per CPU) each
 *     own a libcsv parser. A chunk is checked for UTF-8 (or transcoded),
 *     parsed, and every field stored in a per-chunk column: as an int64
 *     while every value so far is a canonical integer, else as a code into
 *     a chunk-local dictionary (1, 2 or 4 bytes a code). Parsed chunks are
 *     merged into the columns' dictionaries in file order, where each
 *     distinct text is inspected once to learn which types it could be
 *     (loader_infer.c).
 *  4. (loader_assemble.c) When every chunk is in, each column's type is
 *     decided from all of its values, and the chunks are concatenated into
 *     the final column, column by column on the worker threads, freeing
 *     chunk storage as they go (so peak memory is about the final table
 *     plus one column).
 *  5. (loader_report.c) The notes, the rejects and the provenance.
 * Errors are kept per chunk and the one earliest in the file is reported,
 * so the message does not depend on thread timing.
 */
#include "config.h"

#include "loader.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "loader_int.h"
#include "ov_mem.h"

const char *const ov_default_nulls[] = {"",       "NA",      "N/A",   "NULL",
                                        "#N/A",   "#VALUE!", "#REF!", "#DIV/0!",
                                        "#NAME?", "#NUM!",   "#NULL!"};
const size_t ov_default_nnulls = sizeof ov_default_nulls / sizeof ov_default_nulls[0];

void
ov_load_opts_init(struct ov_load_opts *o)
{
    memset(o, 0, sizeof *o);
    o->header = OV_HEADER_AUTO;
    o->skip = -1;
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

static int
ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* the report's figures, once the table is made */
static void
fill_report(struct loader *ld, int threads, double t0)
{
    ld->rep->rows = ld->total_rows;
    ld->rep->cols = ld->ncols;
    ld->rep->bytes = ld->bytes_read;
    ld->rep->delim = ld->delim;
    ld->rep->threads = threads;
    ld->rep->seconds = ov_clock_now() - t0;
}

static void
loader_init(struct loader *ld, const char *path, const struct ov_load_opts *opts,
            struct ov_load_report *rep)
{
    memset(ld, 0, sizeof *ld);
    memset(rep, 0, sizeof *rep);
    ld->path = path;
    ld->file = path;
    ld->opts = opts;
    ld->rep = rep;
    ld->fd = -1;
    ld->max_field = opts->max_field > 0 ? opts->max_field : MAX_FIELD;
    ld->block = opts->block_size == 0          ? BLOCK_SIZE
                : opts->block_size < MIN_BLOCK ? MIN_BLOCK
                                               : opts->block_size;
}

static void
loader_free(struct loader *ld)
{
    size_t i;

    ov_zsrc_close(ld->zs);
    if (ld->fd >= 0)
        close(ld->fd);
    if (ld->names != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_free(ld->names[i]);
        ov_free(ld->names);
    }
    for (i = 0; i < ld->npreamble; i++)
        ov_free(ld->preamble[i]);
    ov_free(ld->preamble);
    ov_free(ld->forced);
    ov_free(ld->nulllen);
    for (i = 0; i < ld->nchunks; i++)
        ov_ld_chunk_free(ld, ld->chunks[i]);
    ov_free(ld->chunks);
    ov_free(ld->ginf);
    if (ld->gdict != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_dict_unref(ld->gdict[i]);
        ov_free(ld->gdict);
    }
    ov_free(ld->first);
    ov_ld_workers_free(ld->workers, ld->nworkers);
    if (ld->out != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_column_unref(ld->out[i]);
        ov_free(ld->out);
    }
    if (ld->outs != NULL) {
        for (i = 0; i < ld->ncols; i++)
            ov_free(ld->outs[i].tokcounts);
        ov_free(ld->outs);
    }
}

/* threads: none for small files, where starting them costs more than
 * they save; and none when the size is unknown but small in practice */
static void
plan_threads(struct loader *ld)
{
    int t = ld->opts->threads > 0 ? ld->opts->threads : ncpus();
    /* the bytes to parse: a gzip file's are guessed at 4 times its size */
    uint64_t size = ld->zs != NULL && ld->member == NULL ? (uint64_t)ld->sb.st_size * 4
                                                         : (uint64_t)ld->sb.st_size;

    if (t > MAX_THREADS)
        t = MAX_THREADS;
    ld->nthreads = (S_ISREG(ld->sb.st_mode) && size < ld->block / 2) || t <= 1 ? 0 : t;
}

/* The rows of all chunks, at most a table's. */
static ov_status
count_rows(struct loader *ld, struct ov_err *err)
{
    size_t k;
    char a[32];

    ld->total_rows = 0;
    for (k = 0; k < ld->nchunks; k++)
        ld->total_rows += ld->chunks[k]->nrows;
    if (ld->total_rows > OV_MAX_ROWS)
        return ov_err_set(err, OV_ERANGE,
                          "%s: %s rows; a table holds at most 4,294,967,295", ld->path,
                          ov_ld_fmtn(a, ld->total_rows));
    return OV_OK;
}

/* The table of the built columns, with its rejects and report. */
static ov_status
make_table(struct loader *ld, ov_table **out, struct ov_err *err)
{
    ov_table *tbl = ov_table_new((size_t)ld->total_rows, err);
    ov_status st;
    size_t j;

    if (tbl == NULL)
        return err != NULL ? err->status : OV_ENOMEM;
    for (j = 0; j < ld->ncols; j++)
        if ((st = ov_table_add_column(tbl, ld->names[j], ld->out[j], err)) != OV_OK)
            goto fail;
    if ((st = ov_ld_report_rows(ld, tbl, err)) != OV_OK)
        goto fail;
    ov_ld_report_columns(ld);
    *out = tbl;
    return OV_OK;
fail:
    ov_table_free(tbl);
    return st;
}

/* What the first bytes of the regular file at path say it is (plain when
 * it cannot be read: the load then says why). Only regular files are
 * opened here, so a FIFO is never touched. */
static enum ov_zkind
file_kind(const char *path)
{
    struct stat sb;
    unsigned char magic[4];
    ssize_t n = 0;
    int fd;

    /* not even opened unless it is a regular file: opening a FIFO would
     * let its writer in, and closing it would lose what it wrote */
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return OV_Z_PLAIN;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return OV_Z_PLAIN;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        n = pread(fd, magic, sizeof magic, 0);
    close(fd);
    return n > 0 ? ov_z_sniff(magic, (size_t)n) : OV_Z_PLAIN;
}

/* The byte source: member `member` of zip, or the gzip stream when the
 * file is gzip (by content, whatever its name). */
static ov_status
open_source(struct loader *ld, ov_zip *zip, size_t member, struct ov_err *err)
{
    unsigned char magic[4];
    ssize_t n;

    if (zip != NULL) {
        ld->zkind = OV_Z_ZIP;
        ld->member = ov_zip_name(zip, member);
        return ov_zip_member_open(zip, member, 0, &ld->zs, err);
    }
    if (!S_ISREG(ld->sb.st_mode))
        return OV_OK;
    n = pread(ld->fd, magic, sizeof magic, 0);
    if (n <= 0 || ov_z_sniff(magic, (size_t)n) != OV_Z_GZIP)
        return OV_OK;
    ld->zkind = OV_Z_GZIP;
    return ov_gz_open_fd(ld->fd, ld->file, &ld->zs, err);
}

/* "gzip, 12.3 MB -> 241 MB": what was inflated, for the report and the
 * provenance */
static void
compressed_text(const struct loader *ld, char *buf, size_t size)
{
    char a[32], b[32];

    ov_mem_format_size(a, sizeof a, (size_t)ov_zsrc_in_done(ld->zs));
    ov_mem_format_size(b, sizeof b, (size_t)ld->bytes_read);
    if (ld->member != NULL)
        snprintf(buf, size, "zip, member %s, %s -> %s", ld->member, a, b);
    else
        snprintf(buf, size, "gzip, %s -> %s", a, b);
}

ov_status
ov_ld_load(const char *path, const char *label, ov_zip *zip, size_t member,
           const struct ov_load_opts *opts_in, ov_table **out,
           struct ov_load_report *rep, struct ov_err *err)
{
    struct ov_load_opts defopts;
    const struct ov_load_opts *opts = opts_in;
    struct loader ld;
    struct ov_load_report myrep;
    double t0 = ov_clock_now();
    ov_status st;

    *out = NULL;
    if (opts == NULL) {
        ov_load_opts_init(&defopts);
        opts = &defopts;
    }
    loader_init(&ld, label != NULL ? label : path, opts, rep != NULL ? rep : &myrep);
    ld.file = path;
    if ((st = ov_ld_open(&ld, err)) != OV_OK ||
        (st = open_source(&ld, zip, member, err)) != OV_OK)
        goto out;
    if (ov_ld_setup_nulls(&ld) != OV_OK) {
        st = ov_ld_nomem(&ld, err);
        goto out;
    }
    plan_threads(&ld);
    if ((st = ov_ld_sniff(&ld, err)) != OV_OK ||
        (st = ov_ld_read_blocks(&ld, err)) != OV_OK ||
        (st = count_rows(&ld, err)) != OV_OK ||
        (st = ov_ld_assemble(&ld, err)) != OV_OK ||
        (st = make_table(&ld, out, err)) != OV_OK)
        goto out;
    if (ld.zs != NULL)
        compressed_text(&ld, ld.rep->compressed, sizeof ld.rep->compressed);
    ov_ld_provenance(&ld, *out);
    fill_report(&ld, ld.nthreads ? ld.nthreads : 1, t0);
out:
    loader_free(&ld);
    if (st != OV_OK || rep == NULL)
        ov_load_report_free(ld.rep);
    return st;
}

ov_status
ov_load_csv(const char *path, const struct ov_load_opts *opts, ov_table **out,
            struct ov_load_report *rep, struct ov_err *err)
{
    if (file_kind(path) == OV_Z_ZIP)
        return ov_ld_load_zip(path, opts, out, rep, err);
    return ov_ld_load(path, NULL, NULL, 0, opts, out, rep, err);
}

/* ---------------------------------------------------------------------
 * Tables from texts in memory: one chunk, stored and typed as a file's
 * --------------------------------------------------------------------- */

/* the bytes a text takes in a CSV file: quoted when it holds a comma, a
 * quote or a line end, quotes doubled (as t:write writes it) */
static uint64_t
quoted_size(const char *s, size_t n)
{
    uint64_t b = n;
    bool quote = false;
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            b++;
        quote |= s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    }
    return quote ? b + 2 : b;
}

/* A text a table cannot hold: not UTF-8, or with a NUL byte. what names it
 * ("column 'a', row 3"). */
static ov_status
check_text(const char *s, size_t n, const char *what, struct ov_err *err)
{
    bool nul;
    size_t bad = ov_utf8_check(s, n, &nul);

    if (bad >= n)
        return OV_OK;
    if (nul)
        return ov_err_set(err, OV_EPARSE, "%s: a NUL byte, which text cannot hold",
                          what);
    return ov_err_set(err, OV_EPARSE, "%s: invalid UTF-8 (byte 0x%02X)", what,
                      (unsigned char)s[bad]);
}

/* The column names, checked, made unique and non-empty. */
static ov_status
text_names(struct loader *ld, const char *text, const struct ov_cell *names,
           size_t ncols, struct ov_err *err)
{
    size_t j;
    ov_status st;

    if (ncols > MAX_COLUMNS)
        return ov_err_set(err, OV_ERANGE, "%zu columns; oversight reads at most %d",
                          ncols, MAX_COLUMNS);
    ld->names = ov_calloc(ncols ? ncols : 1, sizeof *ld->names);
    if (ld->names == NULL)
        return ov_ld_nomem(ld, err);
    ld->ncols = ncols;
    for (j = 0; j < ncols; j++) {
        const char *s = names[j].off == OV_CELL_MISSING ? "" : text + names[j].off;
        size_t n = names[j].off == OV_CELL_MISSING ? 0 : names[j].len;
        char what[48];

        snprintf(what, sizeof what, "the name of column %zu", j + 1);
        if ((st = check_text(s, n, what, err)) != OV_OK)
            return st;
        if ((ld->names[j] = ov_strndup(s, n)) == NULL)
            return ov_ld_nomem(ld, err);
        ld->bytes_read += quoted_size(s, n) + 1;
    }
    if (ov_ld_fix_names(ld, ld->rep) != OV_OK)
        return ov_ld_nomem(ld, err);
    return ov_ld_setup_columns(ld, err);
}

/* Stores column j's texts into chunk ch, as the parse stores a file's;
 * its cells are cells[first + i * step] (row by row: first j, step ncols;
 * column by column: first j * nrows, step 1). No pointer is formed from
 * cells when there are no rows: it may then be NULL. */
static ov_status
text_column(struct loader *ld, struct chunk *ch, size_t j, const char *text,
            const struct ov_cell *cells, size_t first, size_t step, size_t nrows,
            struct ov_err *err)
{
    size_t i, ncols = ld->ncols;
    ov_status st;

    for (i = 0; i < nrows; i++) {
        const struct ov_cell *c = &cells[first + i * step];

        if (c->off == OV_CELL_MISSING) {
            st = ov_ld_store_missing(&ch->cols[j]);
            /* a lone empty field would be a blank line: written "" */
            ld->bytes_read += ncols == 1 ? 3 : 1;
        } else {
            bool nul;

            /* the cell named only when it is refused: naming every cell
             * cost more than storing it */
            if (ov_utf8_check(text + c->off, c->len, &nul) < c->len) {
                char what[OV_ERR_MSG_MAX / 2];

                snprintf(what, sizeof what, "column '%s', row %zu", ld->names[j],
                         i + 1);
                return check_text(text + c->off, c->len, what, err);
            }
            st = ov_ld_store(ld, &ch->cols[j], text + c->off, c->len);
            ld->bytes_read +=
                ncols == 1 && c->len == 0 ? 3 : quoted_size(text + c->off, c->len) + 1;
        }
        if (st == OV_ERANGE)
            return ov_err_set(err, OV_ERANGE,
                              "more than 4,294,967,294 distinct values in a column");
        if (st != OV_OK)
            return ov_ld_nomem(ld, err);
    }
    return OV_OK;
}

/* The texts as the one chunk of the load, merged like a file's. */
static ov_status
text_chunk(struct loader *ld, const char *text, const struct ov_cell *cells,
           size_t nrows, bool by_column, struct ov_err *err)
{
    struct chunk *ch;
    size_t j;
    ov_status st;

    if (nrows > OV_MAX_ROWS) {
        char a[32];

        return ov_err_set(err, OV_ERANGE,
                          "%s rows; a table holds at most 4,294,967,295",
                          ov_ld_fmtn(a, nrows));
    }
    ld->chunks = ov_calloc(1, sizeof *ld->chunks);
    if (ld->chunks == NULL)
        return ov_ld_nomem(ld, err);
    ch = ld->chunks[0] = ov_ld_chunk_new(ld, 0, 2, nrows);
    if (ch == NULL || ch->failed)
        return ov_ld_nomem(ld, err);
    ld->nchunks = 1;
    for (j = 0; j < ld->ncols; j++)
        if ((st = text_column(ld, ch, j, text, cells, by_column ? j * nrows : j,
                              by_column ? 1 : ld->ncols, nrows, err)) != OV_OK)
            return st;
    ch->nrows = nrows;
    if (ov_ld_merge_chunk(ld, ch) != OV_OK)
        return ov_ld_nomem(ld, err);
    return count_rows(ld, err);
}

static ov_status
from_text(const char *text, const struct ov_cell *names, size_t ncols,
          const struct ov_cell *cells, size_t nrows, bool by_column,
          const struct ov_load_opts *opts_in, ov_table **out,
          struct ov_load_report *rep, struct ov_err *err)
{
    struct ov_load_opts opts;
    struct loader ld;
    struct ov_load_report myrep;
    double t0 = ov_clock_now();
    ov_status st;

    *out = NULL;
    if (opts_in != NULL)
        opts = *opts_in;
    else
        ov_load_opts_init(&opts);
    /* what a CSV file of these texts would be read as */
    opts.delim = ',';
    /* the names are given: a file of them is a default load of a header */
    opts.header = OV_HEADER_AUTO;
    opts.skip = -1;
    opts.encoding = OV_ENC_UTF8;
    opts.comment = 0;
    loader_init(&ld, opts.name != NULL ? opts.name : "table", &opts,
                rep != NULL ? rep : &myrep);
    ld.delim = ',';
    ld.nl = '\n';
    ld.header = true;
    if (ov_ld_setup_nulls(&ld) != OV_OK) {
        st = ov_ld_nomem(&ld, err);
        goto out;
    }
    if ((st = text_names(&ld, text, names, ncols, err)) != OV_OK ||
        (st = text_chunk(&ld, text, cells, nrows, by_column, err)) != OV_OK ||
        (st = ov_ld_assemble(&ld, err)) != OV_OK ||
        (st = make_table(&ld, out, err)) != OV_OK)
        goto out;
    ov_ld_text_provenance(&ld, *out);
    fill_report(&ld, 1, t0);
out:
    loader_free(&ld);
    if (st != OV_OK || rep == NULL)
        ov_load_report_free(ld.rep);
    return st;
}

ov_status
ov_table_from_text(const char *text, const struct ov_cell *names, size_t ncols,
                   const struct ov_cell *cells, size_t nrows,
                   const struct ov_load_opts *opts, ov_table **out,
                   struct ov_load_report *rep, struct ov_err *err)
{
    return from_text(text, names, ncols, cells, nrows, false, opts, out, rep, err);
}

ov_status
ov_table_from_text_columns(const char *text, const struct ov_cell *names, size_t ncols,
                           const struct ov_cell *cells, size_t nrows,
                           const struct ov_load_opts *opts, ov_table **out,
                           struct ov_load_report *rep, struct ov_err *err)
{
    return from_text(text, names, ncols, cells, nrows, true, opts, out, rep, err);
}
