/*
 * fileio.c - write to a temporary file, then rename.
 */
#include "config.h"

#include "fileio.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ov_mem.h"

/* Under the FILE: a descriptor, and the first error a write met, so the
 * message can say "File too large" or "No space left on device" however
 * many stdio calls came after it. */
struct ov_afile_sink {
    int fd;
    int err;
};

static ssize_t
sink_write(void *cookie, const char *buf, size_t n)
{
    struct ov_afile_sink *k = cookie;
    size_t done = 0;

    while (done < n) {
        ssize_t w = write(k->fd, buf + done, n - done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (k->err == 0)
                k->err = w < 0 ? errno : ENOSPC;
            return 0; /* stdio marks the stream as failed */
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int
sink_close(void *cookie)
{
    struct ov_afile_sink *k = cookie;
    int r = close(k->fd);

    if (r != 0 && k->err == 0)
        k->err = errno;
    return r;
}

static void
release(struct ov_afile *a)
{
    ov_free(a->path);
    ov_free(a->shown);
    ov_free(a->tmp);
    ov_free(a->sink);
    memset(a, 0, sizeof *a);
}

/* makes a->f write to fd (taking it); false, with fd closed, on failure */
static bool
attach(struct ov_afile *a, int fd)
{
    static const cookie_io_functions_t io = {NULL, sink_write, NULL, sink_close};

    a->sink = ov_calloc(1, sizeof *a->sink);
    if (a->sink == NULL) {
        close(fd);
        errno = ENOMEM;
        return false;
    }
    a->sink->fd = fd;
    a->f = fopencookie(a->sink, "w", io);
    if (a->f == NULL) {
        int e = errno;

        close(fd);
        errno = e;
        return false;
    }
    return true;
}

ov_status
ov_afile_open(struct ov_afile *a, const char *path, struct ov_err *err)
{
    size_t n;
    struct stat sb;
    int fd;
    mode_t um;
    char *real = NULL;
    ov_status st;

    memset(a, 0, sizeof *a);
    if ((a->shown = ov_strdup(path)) == NULL)
        return ov_err_nomem(err, "opening a file for writing");
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            st = ov_err_set(err, OV_EIO, "%s: is a directory", path);
            release(a);
            return st;
        }
        if (!S_ISREG(sb.st_mode)) {
            /* a device or pipe: write straight to it */
            if ((a->path = ov_strdup(path)) == NULL) {
                release(a);
                return ov_err_nomem(err, "opening a file for writing");
            }
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (fd < 0 || !attach(a, fd)) {
                st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", path, strerror(errno));
                release(a);
                return st;
            }
            return OV_OK;
        }
        /* a link to a regular file: replace the file, keep the link */
        real = realpath(path, NULL);
    }
    n = strlen(real != NULL ? real : path);
    a->path = ov_strdup(real != NULL ? real : path);
    free(real);
    a->tmp = ov_malloc(n + 16);
    if (a->path == NULL || a->tmp == NULL) {
        release(a);
        return ov_err_nomem(err, "opening a file for writing");
    }
    snprintf(a->tmp, n + 16, "%s.tmp-XXXXXX", a->path);
    fd = mkstemp(a->tmp);
    if (fd < 0) {
        st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", path, strerror(errno));
        ov_free(a->tmp);
        a->tmp = NULL;
        release(a);
        return st;
    }
    /* keep an existing file's permissions; a new file gets the usual ones */
    if (stat(a->path, &sb) == 0) {
        fchmod(fd, sb.st_mode & 07777);
    } else {
        um = umask(0);
        umask(um);
        fchmod(fd, 0666 & ~um);
    }
    if (!attach(a, fd)) {
        st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", path, strerror(errno));
        unlink(a->tmp);
        release(a);
        return st;
    }
    return OV_OK;
}

ov_status
ov_afile_commit(struct ov_afile *a, struct ov_err *err)
{
    int e = 0;
    ov_status st = OV_OK;

    if (a->f == NULL)
        return ov_err_set(err, OV_EIO, "no file open for writing");
    if (fflush(a->f) != 0 || ferror(a->f))
        e = a->sink->err != 0 ? a->sink->err : EIO;
    else if (a->tmp != NULL && fsync(a->sink->fd) != 0)
        e = errno;
    if (fclose(a->f) != 0 && e == 0)
        e = a->sink->err != 0 ? a->sink->err : EIO;
    a->f = NULL;
    if (a->tmp == NULL) {
        if (e != 0)
            st = ov_err_set(err, OV_EIO, "%s: writing failed: %s", a->shown, strerror(e));
        release(a);
        return st;
    }
    if (e == 0 && rename(a->tmp, a->path) != 0)
        e = errno;
    if (e != 0) {
        st = ov_err_set(err, OV_EIO, "%s: writing failed (%s); the file was left as it was",
                        a->shown, strerror(e));
        unlink(a->tmp);
    }
    release(a);
    return st;
}

void
ov_afile_abort(struct ov_afile *a)
{
    if (a->f != NULL) {
        fclose(a->f);
        if (a->tmp != NULL)
            unlink(a->tmp);
    }
    release(a);
}
