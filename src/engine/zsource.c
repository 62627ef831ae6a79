/*
 * zsource.c - gzip files and zip members read as streams of bytes, with
 * the limits of zsource.h. zlib inflates gzip (concatenated members too,
 * as gunzip does); libzip finds and inflates zip members. Nothing is read
 * whole: a stream holds one input block.
 * Part of libovengine.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "ov_mem.h"
#include "zsource.h"

#define GZ_BLOCK ((size_t)256 << 10)

enum ov_zkind
ov_z_sniff(const void *buf, size_t n)
{
    const unsigned char *b = buf;

    if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B)
        return OV_Z_GZIP;
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
        ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
        return OV_Z_ZIP;
    return OV_Z_PLAIN;
}

/* ---------------------------------------------------------------------
 * Zip archives
 * --------------------------------------------------------------------- */

struct ov_zip {
    zip_t *za;
    char *path;
    size_t n;
    char **names;
    uint64_t *size;
    uint64_t *csize;
    bool *encrypted;
};

static ov_status
zip_open_error(const char *path, int code, struct ov_err *err)
{
    switch (code) {
    case ZIP_ER_NOZIP: {
        /* a file that starts as a zip but has no directory at its end
         * was cut short */
        unsigned char head[4] = {0};
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        bool starts =
            fd >= 0 && read(fd, head, 4) == 4 && ov_z_sniff(head, 4) == OV_Z_ZIP;

        if (fd >= 0)
            close(fd);
        if (starts)
            return ov_err_set(
                err, OV_EPARSE,
                "%s: a truncated or damaged zip archive: the directory at its "
                "end is missing",
                path);
        return ov_err_set(err, OV_EPARSE, "%s: not a zip archive", path);
    }
    case ZIP_ER_INCONS:
        return ov_err_set(
            err, OV_EPARSE,
            "%s: a corrupt zip archive: its directory does not agree with its "
            "contents (truncated or damaged)",
            path);
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
        return ov_err_set(err, OV_EIO, "%s: cannot read: %s", path, strerror(errno));
    case ZIP_ER_OPEN:
        return ov_err_set(err, OV_EIO, "%s: cannot open: %s", path, strerror(errno));
    case ZIP_ER_MEMORY:
        return ov_err_nomem(err, "opening a zip archive");
    default: {
        zip_error_t ze;
        ov_status st;

        zip_error_init_with_code(&ze, code);
        st = ov_err_set(err, OV_EPARSE, "%s: a corrupt zip archive: %s", path,
                        zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    }
}

void
ov_zip_close(ov_zip *z)
{
    if (z == NULL)
        return;
    if (z->za != NULL)
        zip_discard(z->za);
    for (size_t i = 0; i < z->n && z->names != NULL; i++)
        ov_free(z->names[i]);
    ov_free(z->names);
    ov_free(z->size);
    ov_free(z->csize);
    ov_free(z->encrypted);
    ov_free(z->path);
    ov_free(z);
}

ov_status
ov_zip_open(const char *path, ov_zip **out, struct ov_err *err)
{
    int code = 0;
    ov_zip *z;
    zip_int64_t n;

    *out = NULL;
    z = ov_calloc(1, sizeof *z);
    if (z == NULL || (z->path = ov_strdup(path)) == NULL) {
        ov_zip_close(z);
        return ov_err_nomem(err, "opening a zip archive");
    }
    z->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (z->za == NULL) {
        ov_zip_close(z);
        return zip_open_error(path, code, err);
    }
    n = zip_get_num_entries(z->za, 0);
    z->n = n > 0 ? (size_t)n : 0;
    z->names = ov_calloc(z->n + 1, sizeof *z->names);
    z->size = ov_calloc(z->n + 1, sizeof *z->size);
    z->csize = ov_calloc(z->n + 1, sizeof *z->csize);
    z->encrypted = ov_calloc(z->n + 1, sizeof *z->encrypted);
    if (z->names == NULL || z->size == NULL || z->csize == NULL ||
        z->encrypted == NULL) {
        ov_zip_close(z);
        return ov_err_nomem(err, "opening a zip archive");
    }
    for (size_t i = 0; i < z->n; i++) {
        zip_stat_t sb;

        zip_stat_init(&sb);
        if (zip_stat_index(z->za, i, 0, &sb) != 0 || !(sb.valid & ZIP_STAT_NAME)) {
            ov_zip_close(z);
            return ov_err_set(err, OV_EPARSE,
                              "%s: a corrupt zip archive: entry %zu of its directory "
                              "cannot be read",
                              path, i + 1);
        }
        z->names[i] = ov_strdup(sb.name);
        if (z->names[i] == NULL) {
            ov_zip_close(z);
            return ov_err_nomem(err, "opening a zip archive");
        }
        z->size[i] = (sb.valid & ZIP_STAT_SIZE) ? sb.size : 0;
        z->csize[i] = (sb.valid & ZIP_STAT_COMP_SIZE) ? sb.comp_size : 0;
        z->encrypted[i] = (sb.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
                          sb.encryption_method != ZIP_EM_NONE;
    }
    *out = z;
    return OV_OK;
}

size_t
ov_zip_count(const ov_zip *z)
{
    return z->n;
}

const char *
ov_zip_name(const ov_zip *z, size_t i)
{
    return z->names[i];
}

uint64_t
ov_zip_size(const ov_zip *z, size_t i)
{
    return z->size[i];
}

bool
ov_zip_encrypted(const ov_zip *z, size_t i)
{
    return z->encrypted[i];
}

long
ov_zip_find(const ov_zip *z, const char *name)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->names[i], name) == 0)
            return (long)i;
    return -1;
}

const char *
ov_zip_path(const ov_zip *z)
{
    return z->path;
}

/* ---------------------------------------------------------------------
 * Streams
 * --------------------------------------------------------------------- */

struct ov_zsrc {
    bool gzip;
    const char *path; /* borrowed from the zip or a copy (gzip) */
    char *path_copy;
    char *member;
    uint64_t out;      /* bytes given out so far */
    uint64_t in_done;  /* compressed bytes consumed */
    uint64_t in_total; /* compressed size, 0 if unknown */
    /* zip */
    zip_file_t *zf;
    uint64_t declared; /* the directory's uncompressed size */
    uint64_t max_bytes;
    /* gzip */
    int fd;
    z_stream zs;
    bool zs_live;
    bool member_ended; /* a gzip member ended; another may follow */
    bool eof_in;
    unsigned char *ibuf;
};

static ov_status
ratio_check(ov_zsrc *s, uint64_t comp, struct ov_err *err)
{
    if (s->out > OV_Z_RATIO_FLOOR && comp > 0 && s->out / OV_Z_MAX_RATIO > comp) {
        if (s->gzip)
            return ov_err_set(
                err, OV_ERANGE,
                "%s: refused: its data expands more than %d times (to over "
                "%llu bytes from %llu), which no real file does (a "
                "decompression bomb?)",
                s->path, OV_Z_MAX_RATIO, (unsigned long long)s->out,
                (unsigned long long)comp);
        return ov_err_set(
            err, OV_ERANGE,
            "%s: %s: refused: it expands more than %d times (to over %llu "
            "bytes from %llu), which no real file does (a zip bomb?)",
            s->path, s->member, OV_Z_MAX_RATIO, (unsigned long long)s->out,
            (unsigned long long)comp);
    }
    return OV_OK;
}

ov_status
ov_zip_member_open(ov_zip *z, size_t i, uint64_t max_bytes, ov_zsrc **out,
                   struct ov_err *err)
{
    ov_zsrc *s;

    *out = NULL;
    if (i >= z->n)
        return ov_err_set(err, OV_ENOTFOUND, "%s: no member %zu", z->path, i + 1);
    if (z->encrypted[i])
        return ov_err_set(
            err, OV_EPARSE,
            "%s: %s is encrypted (password-protected): extract it with the "
            "password first (unzip -P)",
            z->path, z->names[i]);
    if (max_bytes > 0 && z->size[i] > max_bytes)
        return ov_err_set(
            err, OV_ERANGE,
            "%s: %s: refused: it says it expands to %llu bytes, over the limit "
            "of %llu",
            z->path, z->names[i], (unsigned long long)z->size[i],
            (unsigned long long)max_bytes);
    if (z->size[i] > OV_Z_RATIO_FLOOR && z->size[i] / OV_Z_MAX_RATIO > z->csize[i])
        return ov_err_set(
            err, OV_ERANGE,
            "%s: %s: refused: it says it expands more than %d times (to %llu "
            "bytes from %llu), which no real file does (a zip bomb?)",
            z->path, z->names[i], OV_Z_MAX_RATIO, (unsigned long long)z->size[i],
            (unsigned long long)z->csize[i]);
    s = ov_calloc(1, sizeof *s);
    if (s == NULL || (s->member = ov_strdup(z->names[i])) == NULL) {
        ov_free(s);
        return ov_err_nomem(err, "reading a zip member");
    }
    s->path = z->path;
    s->declared = z->size[i];
    s->in_total = z->csize[i];
    s->max_bytes = max_bytes;
    s->fd = -1;
    s->zf = zip_fopen_index(z->za, i, 0);
    if (s->zf == NULL) {
        zip_error_t *ze = zip_get_error(z->za);
        ov_status st = ov_err_set(err, OV_EPARSE, "%s: %s cannot be read: %s", z->path,
                                  z->names[i], zip_error_strerror(ze));

        ov_zsrc_close(s);
        return st;
    }
    *out = s;
    return OV_OK;
}

ov_status
ov_gz_open_fd(int fd, const char *path, ov_zsrc **out, struct ov_err *err)
{
    ov_zsrc *s;
    off_t here, end;

    *out = NULL;
    s = ov_calloc(1, sizeof *s);
    if (s == NULL || (s->path_copy = ov_strdup(path)) == NULL ||
        (s->ibuf = ov_malloc(GZ_BLOCK)) == NULL) {
        if (s != NULL)
            ov_free(s->path_copy);
        ov_free(s);
        return ov_err_nomem(err, "reading a gzip file");
    }
    s->gzip = true;
    s->path = s->path_copy;
    s->fd = fd;
    here = lseek(fd, 0, SEEK_CUR);
    end = lseek(fd, 0, SEEK_END);
    if (here >= 0 && end >= here) {
        s->in_total = (uint64_t)(end - here);
        lseek(fd, here, SEEK_SET);
    }
    if (inflateInit2(&s->zs, 16 + MAX_WBITS) != Z_OK) {
        ov_zsrc_close(s);
        return ov_err_nomem(err, "reading a gzip file");
    }
    s->zs_live = true;
    *out = s;
    return OV_OK;
}

/* Refills the gzip input block; false at the end of the file. */
static bool
gz_fill(ov_zsrc *s, struct ov_err *err, ov_status *st)
{
    ssize_t n;

    *st = OV_OK;
    for (;;) {
        n = read(s->fd, s->ibuf, GZ_BLOCK);
        if (n >= 0)
            break;
        if (errno != EINTR) {
            *st = ov_err_set(err, OV_EIO, "%s: cannot read: %s", s->path,
                             strerror(errno));
            return false;
        }
        if (ov_interrupted()) {
            *st = ov_err_interrupted(err);
            return false;
        }
    }
    if (n == 0) {
        s->eof_in = true;
        return false;
    }
    s->zs.next_in = s->ibuf;
    s->zs.avail_in = (uInt)n;
    s->in_done += (uint64_t)n;
    return true;
}

/* After a member ended: true if another gzip member follows; trailing
 * zero bytes (tape padding) end the stream; anything else is an error. */
static ov_status
gz_next_member(ov_zsrc *s, bool *more, struct ov_err *err)
{
    ov_status st;

    *more = false;
    for (;;) {
        while (s->zs.avail_in > 0 && *s->zs.next_in == 0) {
            s->zs.next_in++;
            s->zs.avail_in--;
        }
        if (s->zs.avail_in > 0)
            break;
        if (!gz_fill(s, err, &st))
            return st;
    }
    if (s->zs.avail_in >= 1 && s->zs.next_in[0] != 0x1F)
        return ov_err_set(
            err, OV_EPARSE,
            "%s: bytes after the end of the gzip data are not gzip (a damaged "
            "or appended-to file?)",
            s->path);
    if (inflateReset(&s->zs) != Z_OK)
        return ov_err_nomem(err, "reading a gzip file");
    s->member_ended = false;
    *more = true;
    return OV_OK;
}

static ssize_t
gz_read(ov_zsrc *s, unsigned char *buf, size_t n, struct ov_err *err)
{
    ov_status st;

    s->zs.next_out = buf;
    s->zs.avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    while (s->zs.avail_out > 0) {
        int r;

        if (s->member_ended) {
            bool more;

            if (gz_next_member(s, &more, err) != OV_OK)
                return -1;
            if (!more)
                break;
        }
        if (s->zs.avail_in == 0 && !s->eof_in && !gz_fill(s, err, &st) && st != OV_OK)
            return -1;
        if (s->zs.avail_in == 0 && s->eof_in) {
            if (s->in_done == 0 && s->out == 0)
                break; /* an empty file: nothing in it */
            ov_err_set(err, OV_EPARSE,
                       "%s: the gzip data ends early (truncated?) after %llu bytes, "
                       "%llu bytes inflated",
                       s->path, (unsigned long long)s->in_done,
                       (unsigned long long)(s->out + (n - s->zs.avail_out)));
            return -1;
        }
        r = inflate(&s->zs, Z_NO_FLUSH);
        if (r == Z_STREAM_END) {
            s->member_ended = true;
            continue;
        }
        if (r == Z_MEM_ERROR) {
            ov_err_nomem(err, "reading a gzip file");
            return -1;
        }
        if (r != Z_OK && r != Z_BUF_ERROR) {
            ov_err_set(err, OV_EPARSE, "%s: corrupt gzip data after %llu bytes: %s",
                       s->path, (unsigned long long)s->in_done,
                       s->zs.msg != NULL ? s->zs.msg : "inflate failed");
            return -1;
        }
    }
    return (ssize_t)(n - s->zs.avail_out);
}

static ssize_t
zip_read(ov_zsrc *s, unsigned char *buf, size_t n, struct ov_err *err)
{
    zip_int64_t r = zip_fread(s->zf, buf, n);

    if (r < 0) {
        zip_error_t *ze = zip_file_get_error(s->zf);

        ov_err_set(err, OV_EPARSE,
                   "%s: %s: corrupt compressed data after %llu bytes: %s", s->path,
                   s->member, (unsigned long long)s->out, zip_error_strerror(ze));
        return -1;
    }
    if ((uint64_t)r > s->declared - s->out || s->out + (uint64_t)r > s->declared) {
        ov_err_set(err, OV_EPARSE,
                   "%s: %s: a corrupt zip archive: the member holds more than the %llu "
                   "bytes its directory says",
                   s->path, s->member, (unsigned long long)s->declared);
        return -1;
    }
    return (ssize_t)r;
}

ssize_t
ov_zsrc_read(ov_zsrc *s, void *buf, size_t n, struct ov_err *err)
{
    ssize_t r;

    if (ov_interrupted()) {
        ov_err_interrupted(err);
        return -1;
    }
    if (n == 0)
        return 0;
    r = s->gzip ? gz_read(s, buf, n, err) : zip_read(s, buf, n, err);
    if (r < 0)
        return -1;
    s->out += (uint64_t)r;
    if (s->max_bytes > 0 && s->out > s->max_bytes) {
        ov_err_set(err, OV_ERANGE,
                   "%s: %s: refused: it expands past the limit of %llu bytes", s->path,
                   s->member, (unsigned long long)s->max_bytes);
        return -1;
    }
    /* gzip: the compressed bytes inflate has consumed, not the blocks read */
    if (ratio_check(s, s->gzip ? s->in_done - s->zs.avail_in : s->in_total, err) !=
        OV_OK)
        return -1;
    if (!s->gzip)
        s->in_done =
            s->declared > 0
                ? (uint64_t)((double)s->in_total * (double)s->out / (double)s->declared)
                : s->in_total;
    return r;
}

uint64_t
ov_zsrc_in_done(const ov_zsrc *s)
{
    return s->in_done;
}

uint64_t
ov_zsrc_in_total(const ov_zsrc *s)
{
    return s->in_total;
}

void
ov_zsrc_close(ov_zsrc *s)
{
    if (s == NULL)
        return;
    if (s->zf != NULL)
        zip_fclose(s->zf);
    if (s->zs_live)
        inflateEnd(&s->zs);
    ov_free(s->ibuf);
    ov_free(s->member);
    ov_free(s->path_copy);
    ov_free(s);
}
