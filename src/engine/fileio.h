/*
 * fileio.h - writing a file so that a failure never destroys the old one:
 * the data goes to a temporary file in the same directory, which is
 * flushed, synced and renamed over the target only when everything was
 * written. Part of libovcore.
 */
#ifndef OV_FILEIO_H
#define OV_FILEIO_H

#include <stdbool.h>
#include <stdio.h>

#include "ov_error.h"

struct ov_afile_sink;

struct ov_afile {
    FILE *f;      /* write here */
    int dir;      /* path and tmp are relative to this directory (AT_FDCWD) */
    bool own_dir; /* dir was given to ov_afile_open_at: closed on release */
    char *path;   /* the target (a symbolic link's target, resolved) */
    char *shown;  /* the path as given, for messages */
    char *tmp;    /* the temporary file; NULL when writing straight through */
    struct ov_afile_sink *sink; /* under f: the descriptor and its first error */
};

/* Creates the temporary file next to path. On failure (directory missing
 * or not writable) nothing is created and err says why. A symbolic link is
 * followed, so the link stays a link. A target that is not a regular file
 * (/dev/stdout, a pipe, a terminal) is written straight through: there is
 * no old content to keep, and renaming over it would replace the device.
 * A file written over keeps its permission bits (rwx for owner, group and
 * others), not its set-user-ID, set-group-ID or sticky bits; a new file
 * gets 0666 less the umask. */
ov_status ov_afile_open(struct ov_afile *a, const char *path, struct ov_err *err);

/* The same, for the file `name` (one path component) in the directory
 * open as `dir`, which the struct takes: it is closed by commit or abort,
 * and on failure here. Nothing is followed: a symbolic link, a directory
 * or anything but a regular file at name is an error, and the temporary
 * file is made with O_EXCL | O_NOFOLLOW in dir, then renamed over name.
 * A name that is a hard link to another file is replaced, so the other
 * file is never written. For --safe, which resolves dir beneath the
 * working directory itself. `shown` is the path as given, for messages. */
ov_status ov_afile_open_at(struct ov_afile *a, int dir, const char *name,
                           const char *shown, struct ov_err *err);

/* Flushes, syncs and closes the temporary file, then renames it over the
 * target. On any failure (disk full, I/O error) the temporary file is
 * removed, the target is left as it was, and err says why. Either way the
 * struct is released. */
ov_status ov_afile_commit(struct ov_afile *a, struct ov_err *err);

/* Removes the temporary file; the target is untouched. Accepts a struct
 * that was never opened (f == NULL). */
void ov_afile_abort(struct ov_afile *a);

/* Removes the temporary file of every write under way, leaving each
 * target as it was: for a signal handler that ends the process (it is
 * async-signal-safe) and for exit() in the middle of a write. The writes
 * cannot go on afterwards. */
void ov_afile_remove_temporaries(void);

#endif /* OV_FILEIO_H */
