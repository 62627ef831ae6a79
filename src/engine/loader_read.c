/*
 * loader_read.c - reading: the file opened, the data read in blocks cut at
 * row ends and queued on the work queue, whose done step records each
 * parsed chunk and merges it in file order; then the error to report,
 * which never depends on the threads. No libcsv, no pthread here.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "csvscan.h"
#include "loader_int.h"
#include "ov_mem.h"

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
            return ov_err_set(err, OV_EIO, "%s: cannot read: %s", path,
                              strerror(errno));
        if (r == 0 && (waited += 100) >= FIFO_WAIT_MS)
            return ov_err_set(
                err, OV_EIO,
                "%s: a FIFO (named pipe) that nothing wrote to in %d s; start "
                "the program that writes it first",
                path, FIFO_WAIT_MS / 1000);
    }
}

/* reads until buf holds `want` bytes or the file ends; returns bytes read
 * or -1 with errno */
ssize_t
ov_ld_read_full(int fd, char *buf, size_t want)
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

ov_status
ov_ld_read(struct loader *ld, char *buf, size_t want, size_t *got, struct ov_err *err)
{
    ssize_t n;

    *got = 0;
    if (ld->zs == NULL) {
        n = ov_ld_read_full(ld->fd, buf, want);
        if (n < 0) {
            if (ov_interrupted())
                return ov_err_interrupted(err);
            if (errno == EISDIR)
                return ov_err_set(err, OV_EIO, "%s: is a directory, not a CSV file",
                                  ld->path);
            return ov_err_set(err, OV_EIO, "%s: cannot read: %s", ld->path,
                              strerror(errno));
        }
        *got = (size_t)n;
        ld->bytes_read += (uint64_t)n;
        return OV_OK;
    }
    /* the source gives what it has inflated so far: ask until the block
     * is full or the data ends */
    while (*got < want) {
        struct ov_err zerr;

        if (ov_interrupted())
            return ov_err_interrupted(err);
        n = ov_zsrc_read(ld->zs, buf + *got, want - *got, &zerr);
        if (n < 0) {
            ld->src_failed = true;
            ld->src_err = zerr;
            return ov_err_set(err, zerr.status, "%s", zerr.msg);
        }
        if (n == 0)
            break;
        *got += (size_t)n;
        ld->bytes_read += (uint64_t)n;
    }
    return OV_OK;
}

void
ov_ld_progress_bytes(const struct loader *ld, uint64_t *done, uint64_t *total)
{
    if (ld->zs != NULL) {
        *done = ov_zsrc_in_done(ld->zs);
        *total = ov_zsrc_in_total(ld->zs);
        return;
    }
    *done = ld->bytes_read;
    *total = S_ISREG(ld->sb.st_mode) ? (uint64_t)ld->sb.st_size : 0;
}

/* Whether a regular file changed between the fstat at open (`before`) and
 * the end of reading: its size or modification time differ, or the bytes
 * read up to the end of the file are not the size it had (for gzip, the
 * compressed bytes; a zip member is read from the middle of its archive,
 * so only the size and time say). What was read is
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
        ov_err_set(
            err, OV_EIO,
            "%s: the file changed while it was read: it had %s bytes when the load "
            "began and %s at the end%s",
            ld->path, ov_ld_fmtn(a, (uint64_t)before->st_size),
            ov_ld_fmtn(b, (uint64_t)now.st_size), again);
        return true;
    }
    if (now.st_mtim.tv_sec != before->st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != before->st_mtim.tv_nsec) {
        ov_err_set(
            err, OV_EIO,
            "%s: the file changed while it was read: it was written to during the "
            "load%s",
            ld->path, again);
        return true;
    }
    if (at_eof && before->st_size > 0 && bytes_read != (uint64_t)before->st_size) {
        ov_err_set(
            err, OV_EIO,
            "%s: the file changed while it was read: %s bytes were read of the %s it "
            "had%s",
            ld->path, ov_ld_fmtn(a, bytes_read),
            ov_ld_fmtn(b, (uint64_t)before->st_size), again);
        return true;
    }
    return false;
}

ov_status
ov_ld_open(struct loader *ld, struct ov_err *err)
{
    ov_status st;

    /* O_NONBLOCK so that a FIFO nobody writes to cannot hang the open */
    ld->fd = open(ld->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (ld->fd < 0)
        return ov_err_set(err, OV_EIO, "%s: cannot open: %s", ld->file,
                          strerror(errno));
    if (fstat(ld->fd, &ld->sb) != 0)
        return ov_err_set(err, OV_EIO, "%s: cannot read: %s", ld->file,
                          strerror(errno));
    if (S_ISDIR(ld->sb.st_mode))
        return ov_err_set(err, OV_EIO, "%s: is a directory, not a CSV file", ld->file);
    if (S_ISFIFO(ld->sb.st_mode) &&
        (st = wait_for_writer(ld->fd, ld->file, err)) != OV_OK)
        return st;
    fcntl(ld->fd, F_SETFL, fcntl(ld->fd, F_GETFL) & ~O_NONBLOCK);
#ifdef HAVE_POSIX_FADVISE
    if (S_ISREG(ld->sb.st_mode))
        posix_fadvise(ld->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    return OV_OK;
}

/* ---------------------------------------------------------------------
 * The work queue's steps: parse a block; record the chunk in file order
 * --------------------------------------------------------------------- */

static void
run_parse(void *ctx, void *slot, int worker)
{
    struct job *job = slot;

    job->ch = ov_ld_parse_chunk(ctx, worker, job);
}

static ov_status
grow_chunks(struct loader *ld)
{
    if (ld->nchunks == ld->capchunks) {
        size_t nc = ld->capchunks ? ld->capchunks * 2 : 64;
        struct chunk **p = ov_realloc(ld->chunks, nc * sizeof *p);

        if (p == NULL)
            return OV_ENOMEM;
        ld->chunks = p;
        ld->capchunks = nc;
    }
    return OV_OK;
}

/* Records a parsed chunk (done steps come in file order) and merges its
 * dictionaries into the columns'. A failed chunk stops the load: the jobs
 * still queued are later in the file, so they cannot hold an earlier
 * error. */
static void
record_chunk(void *ctx, void *slot)
{
    struct loader *ld = ctx;
    struct job *job = slot;
    struct chunk *ch = job->ch;

    job->ch = NULL;
    if (grow_chunks(ld) != OV_OK) {
        ov_ld_chunk_free(ld, ch);
        ld->done_failed = true;
        ov_workq_stop(ld->q);
        return;
    }
    ld->chunks[ld->nchunks++] = ch;
    if (ch == NULL || ch->failed) {
        ov_workq_stop(ld->q);
        return;
    }
    if (ov_workq_stopped(ld->q))
        return;
    if (ov_ld_merge_chunk(ld, ch) != OV_OK) {
        ch->failed = true;
        ov_err_set(&ch->err, OV_ENOMEM, "out of memory");
        ov_workq_stop(ld->q);
    }
}

/* ---------------------------------------------------------------------
 * Reading
 * --------------------------------------------------------------------- */

/* Fills the block from the file until it holds cap bytes or the file ends. */
static ov_status
fill(struct loader *ld, struct job *job, size_t *len, struct ov_err *err)
{
    while (!ld->eof && *len < job->cap) {
        size_t n;
        ov_status st = ov_ld_read(ld, job->buf + *len, job->cap - *len, &n, err);

        if (st != OV_OK)
            return st;
        if (n < job->cap - *len)
            ld->eof = true;
        *len += n;
    }
    return OV_OK;
}

/* Queues the first len bytes of the block as the next chunk. */
static void
queue_job(struct loader *ld, struct job *job, size_t len)
{
    job->index = ld->njobs++;
    job->len = len;
    job->first_line = ld->line;
    job->lines = ov_scan_count_lines(job->buf, len, ld->nl);
    ld->line += job->lines;
    ov_workq_submit(ld->q, job);
}

/* A quote the block cannot end with: text after a closing quote, or one
 * never closed before the end of the file. */
static ov_status
bad_quote(const struct loader *ld, const char *buf, size_t len,
          const struct ov_scan *sc, struct ov_err *err)
{
    uint64_t l, c;

    if (sc->malformed) {
        ov_scan_position(buf, sc->malformed_at, ld->line, ld->nl, &l, &c);
        return ov_err_set(err, OV_EPARSE,
                          "%s:%llu:%llu: text after the closing quote of a quoted "
                          "field; a quote inside a quoted field must be doubled "
                          "(\"\")",
                          ld->path, (unsigned long long)l, (unsigned long long)c);
    }
    ov_scan_position(buf, sc->quote_open, ld->line, ld->nl, &l, &c);
    return ov_err_set(
        err, OV_EPARSE,
        "%s:%llu: unterminated quoted field: the quote opened at "
        "line %llu, column %llu is never closed (expected a "
        "closing \" before the end of the file)",
        ld->path,
        (unsigned long long)(ld->line + ov_scan_count_lines(buf, len, ld->nl)),
        (unsigned long long)l, (unsigned long long)c);
}

/* The slot for the next block, its buffer (ld->block bytes to read into,
 * more if the carry needs it) starting with the carry; NULL with *st OK
 * when the queue was stopped (a chunk failed). */
static struct job *
next_job(struct loader *ld, const char *carry, size_t carry_len, ov_status *st,
         struct ov_err *err)
{
    struct job *job = ov_workq_slot(ld->q);
    size_t cap = ld->block;

    *st = OV_OK;
    if (job == NULL)
        return NULL;
    /* a carry bigger than a block: the end of a row longer than one */
    while (cap <= carry_len)
        cap *= 2;
    if (job->buf == NULL || job->cap < cap) {
        char *p = ov_realloc(job->buf, cap);

        if (p == NULL) {
            *st = ov_ld_nomem(ld, err);
            return NULL;
        }
        job->buf = p;
    }
    job->cap = cap;
    if (carry_len > 0)
        memcpy(job->buf, carry, carry_len);
    return job;
}

/* Reads block after block, each cut at its last row end, the rest carried
 * to the next, and queues them. */
static ov_status
read_loop(struct loader *ld, struct job *job, size_t len, struct ov_err *err)
{
    char *carry = NULL;
    size_t carry_len = 0, carry_cap = 0;
    ov_status st = OV_OK;

    for (;;) {
        struct ov_scan sc;
        size_t cut;

        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            break;
        }
        if ((st = fill(ld, job, &len, err)) != OV_OK)
            break;
        if (ld->opts->progress != NULL) {
            uint64_t done, total;

            ov_ld_progress_bytes(ld, &done, &total);
            ld->opts->progress(ld->opts->progress_ctx, done, total);
        }
        ov_scan_rows(job->buf, len, ld->delim, &sc);
        if (sc.malformed || (ld->eof && sc.in_quotes)) {
            st = bad_quote(ld, job->buf, len, &sc, err);
            /* the whole rows before the bad quote still go to the workers:
             * an error among them is earlier in the file, so it is the one
             * reported, as when the rows are read one after another */
            if (sc.last_row_end > 0)
                queue_job(ld, job, sc.last_row_end);
            break;
        }
        cut = ld->eof ? len : sc.last_row_end;
        if (cut == 0 && !ld->eof) {
            /* no row ends in the buffer: one huge row; read more */
            char *nb;

            if (len > ld->max_field) {
                char sz[32];

                st = ov_err_set(err, OV_ERANGE,
                                "%s:%llu: a row longer than %s, the longest row "
                                "oversight reads",
                                ld->path, (unsigned long long)ld->line,
                                (ov_mem_format_size(sz, sizeof sz, ld->max_field), sz));
                break;
            }
            nb = ov_realloc(job->buf, job->cap * 2);
            if (nb == NULL) {
                st = ov_ld_nomem(ld, err);
                break;
            }
            job->buf = nb;
            job->cap *= 2;
            continue;
        }
        /* the rest of the buffer begins the next block */
        carry_len = len - cut;
        if (carry_len > carry_cap) {
            char *nc = ov_realloc(carry, carry_len);

            if (nc == NULL) {
                st = ov_ld_nomem(ld, err);
                break;
            }
            carry = nc;
            carry_cap = carry_len;
        }
        if (carry_len > 0)
            memcpy(carry, job->buf + cut, carry_len);
        if (cut > 0)
            queue_job(ld, job, cut);
        if (ld->eof)
            break;
        if ((job = next_job(ld, carry, carry_len, &st, err)) == NULL)
            break;
        len = carry_len;
    }
    ov_free(carry);
    return st;
}

/* The error reported never depends on the threads: Ctrl-C if it was
 * pressed; then a file that changed while it was read (chg), whatever the
 * change made the parse say; then the error earliest in the file. That is
 * the first failed chunk (a chunk never parsed after a stop is after the
 * failure that caused it), else st, the one found while reading, which is
 * after every chunk. */
static ov_status
pick_error(struct loader *ld, ov_status st, const struct ov_err *chg,
           struct ov_err *err)
{
    size_t k;

    if (ov_interrupted())
        return ov_err_interrupted(err);
    if (chg != NULL)
        return ov_err_set(err, chg->status, "%s", chg->msg);
    if (ld->done_failed)
        return ov_ld_nomem(ld, err);
    for (k = 0; k < ld->nchunks; k++) {
        const struct chunk *ch = ld->chunks[k];

        if (ch == NULL || ch->err.status == OV_ENOMEM)
            return ov_ld_nomem(ld, err);
        if (ch->failed)
            return ov_err_set(err, ch->err.status, "%s", ch->err.msg);
    }
    /* every chunk is parsed unless something failed */
    if (st == OV_OK && ld->nchunks < ld->njobs)
        return ov_ld_nomem(ld, err);
    return st;
}

/* the blocks' buffers and the queue, once the workers are done */
static void
free_queue(struct loader *ld)
{
    size_t i;
    struct job *job;

    if (ld->q == NULL)
        return;
    ov_workq_wait(ld->q);
    for (i = 0; (job = ov_workq_slot_at(ld->q, i)) != NULL; i++) {
        ov_free(job->buf);
        ov_ld_chunk_free(ld, job->ch);
    }
    ov_workq_free(ld->q);
    ld->q = NULL;
}

/* Reading stopped early at an error in the rows: when the rows came
 * compressed, reads on a little, since damaged deflate data made that
 * error if inflating fails soon after it (as it nearly always does, within
 * a few kilobytes), and that failure is then the one to report
 * (ld->src_failed). Damage only the gzip check at the end would find is
 * not looked for: that would read the rest of a file of any size. */
#define DRAIN_MAX ((size_t)16 << 20)

static void
drain_source(struct loader *ld)
{
    char *buf;
    size_t got, total = 0;

    if (ld->zs == NULL || ld->src_failed || (buf = ov_malloc(MIN_BLOCK * 16)) == NULL)
        return;
    while (total < DRAIN_MAX &&
           ov_ld_read(ld, buf, MIN_BLOCK * 16, &got, NULL) == OV_OK && got > 0)
        total += got;
    ov_free(buf);
}

ov_status
ov_ld_read_blocks(struct loader *ld, struct ov_err *err)
{
    size_t nslots = (size_t)(ld->nthreads ? ld->nthreads : 1) + 2;
    struct job *job;
    struct ov_err chg;
    bool changed;
    ov_status st;

    /* one more than the threads: the reading thread helps at the end */
    ld->nworkers = (size_t)ld->nthreads + 1;
    ld->workers = ov_ld_workers_new(ld, ld->nworkers);
    if (ld->workers == NULL)
        return ov_ld_nomem(ld, err);
    ld->q =
        ov_workq_new(ld->nthreads, nslots, sizeof *job, run_parse, record_chunk, ld);
    if (ld->q == NULL)
        return ov_ld_nomem(ld, err);
    ld->nthreads = ov_workq_threads(ld->q);
    /* the first block, left by the header phase */
    job = ov_workq_slot(ld->q);
    job->buf = ld->first;
    job->cap = ld->first_cap;
    ld->first = NULL;
    st = read_loop(ld, job, ld->first_len, err);
    if (st != OV_EINTR && st != OV_ENOMEM && !ld->eof)
        drain_source(ld);

    /* reading is over: was the file the same all along? */
    changed = S_ISREG(ld->sb.st_mode) &&
              file_changed(ld, &ld->sb,
                           ld->zs != NULL ? ov_zsrc_in_done(ld->zs) : ld->bytes_read,
                           ld->eof && ld->member == NULL, &chg);
    /* corrupt compressed data may have been given out before its check
     * failed: what the chunks made of it is not the file's fault */
    if (!changed && ld->src_failed && ld->src_err.status != OV_EINTR) {
        chg = ld->src_err;
        changed = true;
    }
    /* An error found while reading (a bad quote, a read error, a row too
     * long) lies after every chunk queued so far: those are parsed all the
     * same, as a single thread would have parsed them before reading on,
     * since an error in them comes first. Only Ctrl-C, a lack of memory
     * and a changed file stop the workers at once. */
    if (st == OV_EINTR || st == OV_ENOMEM || changed)
        ov_workq_stop(ld->q);
    free_queue(ld);
    return pick_error(ld, st, changed ? &chg : NULL, err);
}
