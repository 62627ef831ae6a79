/*
 * safepath.h - where --safe lets a script write: beneath the working
 * directory, decided on the directories actually opened, not on the text
 * of the path. Lua-free; used by the Lua layer (io.open, io.output,
 * t:write) and the shell (.output, .record). Part of libovshell.
 */
#ifndef OV_SAFEPATH_H
#define OV_SAFEPATH_H

#include "fileio.h"
#include "ov_error.h"

/* Resolves path one component at a time from the working directory, each
 * directory opened with O_NOFOLLOW, the way openat2's RESOLVE_BENEATH does:
 * ".." may not climb above the working directory; a symbolic link is
 * followed only while it stays beneath it (its target is resolved the
 * same way, an absolute one only when it names a place inside); /proc's
 * links are absolute and outside, so refused. An absolute path is taken
 * only when it starts with the working directory's real path.
 * On success *dir is an open O_PATH descriptor of the directory holding
 * the last component (the caller closes it) and *name that component,
 * malloc'd (the caller frees it): never ".", ".." or a symbolic link, and
 * it may not exist yet.
 * Returns OV_EINVAL when the path leads outside (err's message then reads
 * "writing to PATH is blocked by --safe: ..."), OV_EIO when the system
 * refused (a missing folder: the message names path and strerror), and
 * OV_ENOMEM. */
ov_status ov_safepath_resolve(const char *path, int *dir, char **name,
                              struct ov_err *err);

/* Opens path for writing beneath the working directory: flags are
 * open(2)'s access mode with O_CREAT, O_TRUNC and O_APPEND as wanted.
 * Only a regular file with no other hard links is opened (a hard link
 * planted in the folder may be a file outside); O_TRUNC is applied after
 * that check. On success *fd is the descriptor (close-on-exec).
 * Errors as ov_safepath_resolve; on OV_EIO errno is left as the system
 * set it, so callers can report it the way io.open does. */
ov_status ov_safepath_open(const char *path, int flags, int *fd, struct ov_err *err);

/* ov_afile_open (a temporary file renamed into place) for a path resolved
 * by ov_safepath_resolve. Errors as there and as ov_afile_open_at. */
ov_status ov_safepath_afile_open(struct ov_afile *a, const char *path,
                                 struct ov_err *err);

#endif /* OV_SAFEPATH_H */
