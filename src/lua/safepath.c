/*
 * safepath.c - opening files for writing beneath the working directory
 * (--safe). The old check looked at the path's text (realpath of the file,
 * else of its folder) and then let open() follow whatever was there: a
 * dangling link planted in the folder wrote outside. Here every directory
 * on the way is opened with O_NOFOLLOW and held, links are read and their
 * targets walked the same way, and the file is opened relative to the last
 * directory held. Lua-free: no Lua, no printing.
 */
#include "config.h"

#include "safepath.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* links followed before giving up, as the kernel's ELOOP limit */
#define MAX_LINKS 40

struct walk {
    const char *path; /* as given, for messages */
    char *base;       /* the working directory's real path */
    int *fds;         /* fds[0]: the working directory; fds[depth - 1]: here */
    size_t depth, cap;
    char link[NAME_MAX + 1]; /* the last link followed, for messages */
    char *target;            /* and where it pointed */
    size_t link_end;         /* the path left starts with the target's text,
                                this long: a ".." in it is the link's doing */
    struct ov_err *err;
};

static void
unwind(struct walk *w, size_t keep)
{
    while (w->depth > keep)
        close(w->fds[--w->depth]);
}

static bool
push(struct walk *w, int fd)
{
    if (w->depth == w->cap) {
        size_t cap = w->cap != 0 ? w->cap * 2 : 16;
        int *fds = realloc(w->fds, cap * sizeof *fds);

        if (fds == NULL) {
            close(fd);
            return false;
        }
        w->fds = fds;
        w->cap = cap;
    }
    w->fds[w->depth++] = fd;
    return true;
}

/* the part of an absolute path below the working directory, or NULL when
 * it is not below it */
static const char *
below_base(const struct walk *w, const char *abs)
{
    size_t n = strlen(w->base);

    if (strcmp(w->base, "/") == 0)
        return abs;
    if (strncmp(abs, w->base, n) == 0 && (abs[n] == '/' || abs[n] == '\0'))
        return abs + n;
    return NULL;
}

/* the refusal; blame_link when the link's own text leads out */
static ov_status
outside(struct walk *w, bool blame_link)
{
    if (blame_link && w->target != NULL)
        return ov_err_set(w->err, OV_EINVAL,
                          "writing to %s is blocked by --safe: the link %s -> %s leads "
                          "outside the working directory",
                          w->path, w->link, w->target);
    return ov_err_set(w->err, OV_EINVAL,
                      "writing to %s is blocked by --safe: it is outside the working "
                      "directory",
                      w->path);
}

static ov_status
sys_error(struct walk *w, int e)
{
    ov_status st = ov_err_set(w->err, OV_EIO, "%s: %s", w->path, strerror(e));

    errno = e;
    return st;
}

/* replaces *rest by the link `name`'s target (in the directory held last)
 * followed by what was left of the path after it, which started at
 * left_off in the old *rest */
static ov_status
follow(struct walk *w, const char *name, const char *left, size_t left_off, char **rest)
{
    char *target = malloc(PATH_MAX), *joined;
    const char *rel;
    ssize_t n;
    size_t len, end;

    if (target == NULL)
        return ov_err_nomem(w->err, "resolving a path");
    n = readlinkat(w->fds[w->depth - 1], name, target, PATH_MAX - 1);
    if (n < 0) {
        int e = errno;

        free(target);
        return sys_error(w, e);
    }
    target[n] = '\0';
    rel = target;
    if (target[0] == '/') {
        if ((rel = below_base(w, target)) == NULL) {
            snprintf(w->link, sizeof w->link, "%s", name);
            free(w->target);
            w->target = target;
            return outside(w, true);
        }
        unwind(w, 1); /* an absolute link starts again from the top */
    }
    len = strlen(rel) + strlen(left) + 2;
    if ((joined = malloc(len)) == NULL) {
        free(target);
        return ov_err_nomem(w->err, "resolving a path");
    }
    snprintf(joined, len, left[0] != '\0' ? "%s/%s" : "%s", rel, left);
    end = strlen(rel);
    if (w->target != NULL && left_off < w->link_end) {
        /* a link met inside an earlier link's text: a ".." that climbs
         * out is still the earlier link's doing */
        end += 1 + (w->link_end - left_off);
        free(target);
    } else {
        snprintf(w->link, sizeof w->link, "%s", name);
        free(w->target);
        w->target = target;
    }
    w->link_end = end;
    free(*rest);
    *rest = joined;
    return OV_OK;
}

/* the walk itself; on success the last directory is fds[depth - 1] */
static ov_status
walk(struct walk *w, char **rest, char **name)
{
    size_t pos = 0;
    int links = 0;
    ov_status st;

    for (;;) {
        char *c = *rest + pos, *slash;
        const char *left;
        bool last;
        struct stat sb;
        int fd;

        while (*c == '/')
            c++;
        if (*c == '\0') /* "dir/", "." or "sub/..": no file named */
            return sys_error(w, EISDIR);
        slash = strchr(c, '/');
        last = slash == NULL;
        if (last) {
            pos = (size_t)(c - *rest) + strlen(c);
            left = "";
        } else {
            *slash = '\0';
            pos = (size_t)(slash + 1 - *rest);
            left = slash + 1;
        }
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            if (w->depth == 1)
                return outside(w, (size_t)(c - *rest) < w->link_end);
            unwind(w, w->depth - 1);
            continue;
        }
        if (last) {
            if (fstatat(w->fds[w->depth - 1], c, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno != ENOENT)
                    return sys_error(w, errno);
            } else if (S_ISLNK(sb.st_mode)) {
                goto link;
            }
            *name = strdup(c);
            return *name != NULL ? OV_OK : ov_err_nomem(w->err, "resolving a path");
        }
        fd = openat(w->fds[w->depth - 1], c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return sys_error(w, errno);
        if (fstat(fd, &sb) != 0) {
            int e = errno;

            close(fd);
            return sys_error(w, e);
        }
        if (S_ISDIR(sb.st_mode)) {
            if (!push(w, fd))
                return ov_err_nomem(w->err, "resolving a path");
            continue;
        }
        close(fd);
        if (!S_ISLNK(sb.st_mode))
            return sys_error(w, ENOTDIR);
    link:
        if (++links > MAX_LINKS)
            return sys_error(w, ELOOP);
        {
            /* `left` points into *rest, which follow() replaces */
            char *copy = strdup(left);

            if (copy == NULL)
                return ov_err_nomem(w->err, "resolving a path");
            st = follow(w, c, copy, pos, rest);
            free(copy);
        }
        if (st != OV_OK)
            return st;
        pos = 0;
    }
}

ov_status
ov_safepath_resolve(const char *path, int *dir, char **name, struct ov_err *err)
{
    struct walk w;
    char *rest = NULL;
    const char *rel = path;
    int fd;
    ov_status st;

    *dir = -1;
    *name = NULL;
    memset(&w, 0, sizeof w);
    w.path = path;
    w.err = err;
    if (path[0] == '\0')
        return sys_error(&w, ENOENT);
    if ((w.base = getcwd(NULL, 0)) == NULL)
        return ov_err_set(err, OV_EIO, "%s: the working directory: %s", path,
                          strerror(errno));
    fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        st = sys_error(&w, errno);
        free(w.base);
        return st;
    }
    if (!push(&w, fd)) {
        free(w.base);
        return ov_err_nomem(err, "resolving a path");
    }
    if (path[0] == '/' && (rel = below_base(&w, path)) == NULL) {
        st = outside(&w, false);
    } else if ((rest = strdup(rel)) == NULL) {
        st = ov_err_nomem(err, "resolving a path");
    } else {
        st = walk(&w, &rest, name);
    }
    if (st == OV_OK) {
        *dir = w.fds[--w.depth];
    } else {
        free(*name);
        *name = NULL;
    }
    {
        int e = errno;

        unwind(&w, 0);
        errno = e;
    }
    free(w.fds);
    free(w.base);
    free(w.target);
    free(rest);
    return st;
}

ov_status
ov_safepath_open(const char *path, int flags, int *fd, struct ov_err *err)
{
    struct walk w;
    struct stat sb;
    char *name;
    int dir, f, e;
    ov_status st;

    *fd = -1;
    memset(&w, 0, sizeof w);
    w.path = path;
    w.err = err;
    if ((st = ov_safepath_resolve(path, &dir, &name, err)) != OV_OK)
        return st;
    if (fstatat(dir, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode)) {
        f = -1;
        e = EISDIR;
    } else {
        /* O_NONBLOCK: a FIFO must not hang the open; it is refused below.
         * No O_TRUNC yet: a file with other links must not be emptied */
        f = openat(dir, name, (flags & ~O_TRUNC) | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
                   0666);
        e = errno;
    }
    close(dir);
    free(name);
    if (f < 0) {
        if (e == ELOOP || e == ENXIO)
            return ov_err_set(
                err, OV_EINVAL,
                "writing to %s is blocked by --safe: it is not a regular file", path);
        return sys_error(&w, e);
    }
    if (fstat(f, &sb) != 0) {
        e = errno;
        close(f);
        return sys_error(&w, e);
    }
    /* the kernel keeps set-user-ID and set-group-ID bits on a file root
     * writes into: a script run as root must not fill such a file */
    if (!S_ISREG(sb.st_mode) || sb.st_nlink > 1 || (sb.st_mode & (S_ISUID | S_ISGID))) {
        close(f);
        return ov_err_set(
            err, OV_EINVAL, "writing to %s is blocked by --safe: %s", path,
            !S_ISREG(sb.st_mode) ? "it is not a regular file"
            : sb.st_nlink > 1    ? "it has other hard links, which may be outside the "
                                   "working directory"
                                 : "it is set-user-ID or set-group-ID");
    }
    if (((flags & O_TRUNC) && ftruncate(f, 0) != 0) ||
        fcntl(f, F_SETFL, fcntl(f, F_GETFL) & ~O_NONBLOCK) != 0) {
        e = errno;
        close(f);
        return sys_error(&w, e);
    }
    *fd = f;
    return OV_OK;
}

ov_status
ov_safepath_afile_open(struct ov_afile *a, const char *path, struct ov_err *err)
{
    char *name;
    int dir;
    ov_status st;

    memset(a, 0, sizeof *a);
    if ((st = ov_safepath_resolve(path, &dir, &name, err)) != OV_OK)
        return st;
    st = ov_afile_open_at(a, dir, name, path, err);
    free(name);
    return st;
}
