/*
 * fileio.c - write to a temporary file, then rename.
 */
#include "config.h"

#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ov_mem.h"

ov_status
ov_afile_open(struct ov_afile *a, const char *path, struct ov_err *err)
{
    size_t n;
    struct stat sb;
    int fd;
    mode_t um;
    char *real = NULL;

    memset(a, 0, sizeof *a);
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return ov_err_set(err, OV_EIO, "%s: is a directory", path);
        if (!S_ISREG(sb.st_mode)) {
            /* a device or pipe: write straight to it */
            a->f = fopen(path, "w");
            if (a->f == NULL)
                return ov_err_set(err, OV_EIO, "%s: cannot write: %s", path,
                                  strerror(errno));
            a->path = ov_strdup(path);
            if (a->path == NULL) {
                fclose(a->f);
                memset(a, 0, sizeof *a);
                return ov_err_nomem(err, "opening a file for writing");
            }
            return OV_OK;
        }
        /* a link to a regular file: replace the file, keep the link */
        real = realpath(path, NULL);
        if (real != NULL)
            path = real;
    }
    n = strlen(path);
    a->path = ov_strdup(path);
    free(real);
    a->tmp = ov_malloc(n + 16);
    if (a->path == NULL || a->tmp == NULL) {
        ov_free(a->path);
        ov_free(a->tmp);
        memset(a, 0, sizeof *a);
        return ov_err_nomem(err, "opening a file for writing");
    }
    path = a->path; /* real, if it was used, is gone */
    snprintf(a->tmp, n + 16, "%s.tmp-XXXXXX", path);
    fd = mkstemp(a->tmp);
    if (fd < 0) {
        ov_status st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", path, strerror(errno));

        ov_free(a->path);
        ov_free(a->tmp);
        memset(a, 0, sizeof *a);
        return st;
    }
    /* keep an existing file's permissions; a new file gets the usual ones */
    if (stat(path, &sb) == 0) {
        fchmod(fd, sb.st_mode & 07777);
    } else {
        um = umask(0);
        umask(um);
        fchmod(fd, 0666 & ~um);
    }
    a->f = fdopen(fd, "w");
    if (a->f == NULL) {
        ov_status st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", path, strerror(errno));

        close(fd);
        unlink(a->tmp);
        ov_free(a->path);
        ov_free(a->tmp);
        memset(a, 0, sizeof *a);
        return st;
    }
    return OV_OK;
}

static void
release(struct ov_afile *a)
{
    ov_free(a->path);
    ov_free(a->tmp);
    memset(a, 0, sizeof *a);
}

ov_status
ov_afile_commit(struct ov_afile *a, struct ov_err *err)
{
    int e = 0;

    if (a->f == NULL)
        return ov_err_set(err, OV_EIO, "no file open for writing");
    errno = 0;
    if (fflush(a->f) != 0 || ferror(a->f))
        e = errno ? errno : EIO;
    else if (a->tmp != NULL && fsync(fileno(a->f)) != 0)
        e = errno;
    if (fclose(a->f) != 0 && e == 0)
        e = errno;
    a->f = NULL;
    if (a->tmp == NULL) {
        ov_status st = e == 0 ? OV_OK
                              : ov_err_set(err, OV_EIO, "%s: writing failed: %s", a->path,
                                           strerror(e));

        release(a);
        return st;
    }
    if (e == 0 && rename(a->tmp, a->path) != 0)
        e = errno;
    if (e != 0) {
        ov_status st = ov_err_set(err, OV_EIO,
                                  "%s: writing failed (%s); the file was left as it was",
                                  a->path, strerror(e));

        unlink(a->tmp);
        release(a);
        return st;
    }
    release(a);
    return OV_OK;
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
