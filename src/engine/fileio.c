/*
 * fileio.c - write to a temporary file, then rename. Every name is used
 * relative to a directory descriptor (AT_FDCWD for a plain path), so a
 * caller that resolved the directory itself (--safe) keeps that guarantee.
 */
#include "config.h"

#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
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

/* The temporary files being written now, so that a signal that ends the
 * process or an exit() in the middle of a write can remove them. Slots are
 * filled and emptied by the thread that writes; the remover (maybe a
 * signal handler) only reads them: the directory is stored before the
 * name, and the name cleared before it is freed. */
#define LIVE_MAX 16
static struct {
    int dir;
    const char *volatile name;
} live[LIVE_MAX];

static void
live_add(int dir, const char *name)
{
    size_t i;

    for (i = 0; i < LIVE_MAX; i++) {
        if (live[i].name == NULL) {
            live[i].dir = dir;
            __atomic_store_n(&live[i].name, name, __ATOMIC_RELEASE);
            return;
        }
    }
    /* more than LIVE_MAX writes at once: this one is not cleaned up on a
     * signal, but its commit or abort still removes it */
}

static void
live_remove(const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < LIVE_MAX; i++)
        if (live[i].name == name)
            __atomic_store_n(&live[i].name, NULL, __ATOMIC_RELEASE);
}

void
ov_afile_remove_temporaries(void)
{
    size_t i;

    for (i = 0; i < LIVE_MAX; i++) {
        const char *name = __atomic_load_n(&live[i].name, __ATOMIC_ACQUIRE);

        if (name != NULL)
            unlinkat(live[i].dir, name, 0);
    }
}

static void
release(struct ov_afile *a)
{
    live_remove(a->tmp);
    if (a->own_dir)
        close(a->dir);
    ov_free(a->path);
    ov_free(a->shown);
    ov_free(a->tmp);
    ov_free(a->sink);
    memset(a, 0, sizeof *a);
    a->dir = AT_FDCWD;
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

/* Creates "<a->path>.tmp-XXXXXX" in a->dir with O_EXCL and mode (less the
 * umask), as mkstemp does but relative to a directory descriptor. Sets
 * a->tmp and returns the descriptor, or -1 with errno set. */
static int
make_temp(struct ov_afile *a, mode_t mode)
{
    static const char chars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(a->path);
    int tries, fd;

    a->tmp = ov_malloc(n + 16);
    if (a->tmp == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (tries = 0; tries < 100; tries++) {
        unsigned char r[6];
        char *x;
        int i;

        if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
            /* no entropy yet: O_EXCL still makes the name ours */
            unsigned long v;

            v = (unsigned long)ov_clock_ns() ^ ((unsigned long)getpid() << 16) ^
                (unsigned long)tries * 2654435761u;
            for (i = 0; i < 6; i++, v >>= 5)
                r[i] = (unsigned char)v;
        }
        snprintf(a->tmp, n + 16, "%s.tmp-XXXXXX", a->path);
        x = a->tmp + strlen(a->tmp) - 6;
        for (i = 0; i < 6; i++)
            x[i] = chars[r[i] % (sizeof chars - 1)];
        fd = openat(a->dir, a->tmp,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd >= 0)
        live_add(a->dir, a->tmp);
    if (fd < 0) {
        int e = errno;

        ov_free(a->tmp);
        a->tmp = NULL;
        errno = e;
    }
    return fd;
}

/* the temporary file next to a->path in a->dir, attached to a->f. A file
 * that `exists` keeps its permission bits (mode, rwx only: see
 * OLD_PERMS) exactly: the temporary file is created with them, the umask
 * set aside for that one call (no fchmod afterwards, which --safe's
 * seccomp filter refuses; the umask is process-wide, and writes run on the
 * main thread while no other thread of ours creates files). A new file
 * gets 0666 less the umask, as usual. */
/* The mode a new file keeps of the one it replaces: the permission bits
 * only. The set-user-ID, set-group-ID and sticky bits are dropped, as cp
 * without -p drops them: the new file is ours, with our content, and a
 * planted set-user-ID file (owned by nobody) written over by root would
 * become a root-owned set-user-ID program holding the script's bytes. */
#define OLD_PERMS(st_mode) ((mode_t)((st_mode)&0777))

static ov_status
start_temp(struct ov_afile *a, bool exists, mode_t mode, struct ov_err *err)
{
    mode_t um = 0;
    int fd;
    ov_status st;

    if (exists)
        um = umask(0);
    fd = make_temp(a, exists ? mode : 0666);
    if (exists)
        umask(um);
    if (fd < 0) {
        st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", a->shown, strerror(errno));
        release(a);
        return st;
    }
    if (!attach(a, fd)) {
        st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", a->shown, strerror(errno));
        unlinkat(a->dir, a->tmp, 0);
        release(a);
        return st;
    }
    return OV_OK;
}

ov_status
ov_afile_open(struct ov_afile *a, const char *path, struct ov_err *err)
{
    struct stat sb;
    int fd;
    char *real = NULL;
    mode_t mode = 0666;
    bool exists = false;
    ov_status st;

    memset(a, 0, sizeof *a);
    a->dir = AT_FDCWD;
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
                st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", path,
                                strerror(errno));
                release(a);
                return st;
            }
            return OV_OK;
        }
        /* a link to a regular file: replace the file, keep the link */
        real = realpath(path, NULL);
        mode = OLD_PERMS(sb.st_mode);
        exists = true;
    }
    a->path = ov_strdup(real != NULL ? real : path);
    free(real);
    if (a->path == NULL) {
        release(a);
        return ov_err_nomem(err, "opening a file for writing");
    }
    return start_temp(a, exists, mode, err);
}

ov_status
ov_afile_open_at(struct ov_afile *a, int dir, const char *name, const char *shown,
                 struct ov_err *err)
{
    struct stat sb;
    mode_t mode = 0666;
    bool exists = false;
    ov_status st;

    memset(a, 0, sizeof *a);
    a->dir = dir;
    a->own_dir = true;
    a->shown = ov_strdup(shown);
    a->path = ov_strdup(name);
    if (a->shown == NULL || a->path == NULL) {
        release(a);
        return ov_err_nomem(err, "opening a file for writing");
    }
    if (fstatat(dir, name, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
        const char *what = S_ISDIR(sb.st_mode)    ? "is a directory"
                           : S_ISLNK(sb.st_mode)  ? "is a symbolic link"
                           : !S_ISREG(sb.st_mode) ? "is not a regular file"
                                                  : NULL;

        if (what != NULL) {
            st = ov_err_set(err, OV_EIO, "%s: %s", shown, what);
            release(a);
            return st;
        }
        mode = OLD_PERMS(sb.st_mode);
        exists = true;
    } else if (errno != ENOENT) {
        st = ov_err_set(err, OV_EIO, "%s: cannot write: %s", shown, strerror(errno));
        release(a);
        return st;
    }
    return start_temp(a, exists, mode, err);
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
            st = ov_err_set(err, OV_EIO, "%s: writing failed: %s", a->shown,
                            strerror(e));
        release(a);
        return st;
    }
    if (e == 0 && renameat(a->dir, a->tmp, a->dir, a->path) != 0)
        e = errno;
    if (e != 0) {
        st = ov_err_set(err, OV_EIO,
                        "%s: writing failed (%s); the file was left as it was",
                        a->shown, strerror(e));
        unlinkat(a->dir, a->tmp, 0);
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
            unlinkat(a->dir, a->tmp, 0);
    }
    release(a);
}
