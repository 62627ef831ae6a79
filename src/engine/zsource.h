/*
 * zsource.h - compressed bytes as a stream: a gzip file inflated through
 * zlib, a member of a zip archive through libzip. Both are read in blocks,
 * never whole, and both refuse what no real file does: a member or stream
 * that expands past OV_Z_MAX_RATIO times its compressed size (once past
 * OV_Z_RATIO_FLOOR bytes; deflate's own limit is 1,032), and a zip member
 * that yields more bytes than its directory entry says. Errors name the
 * file (and member) and say what is wrong: truncated, corrupt, encrypted.
 * Part of libovengine.
 */
#ifndef OV_ZSOURCE_H
#define OV_ZSOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ov_error.h"

#define OV_Z_MAX_RATIO 1000
#define OV_Z_RATIO_FLOOR ((uint64_t)16 << 20)

enum ov_zkind {
    OV_Z_PLAIN, /* not compressed (or not a kind this file knows) */
    OV_Z_GZIP,  /* 1F 8B */
    OV_Z_ZIP    /* PK\3\4, or PK\5\6 for an empty archive */
};

/* What the first n bytes of a file say it is. */
enum ov_zkind ov_z_sniff(const void *buf, size_t n);

/* ---- zip archives ---- */
typedef struct ov_zip ov_zip;

/* Opens the archive at path (its central directory only). Errors: not a
 * zip, truncated or corrupt ("PATH: a corrupt zip archive: ..."). */
ov_status ov_zip_open(const char *path, ov_zip **out, struct ov_err *err);
void ov_zip_close(ov_zip *z);

/* Members, in the archive's order, folders included (names end in '/'). */
size_t ov_zip_count(const ov_zip *z);
const char *ov_zip_name(const ov_zip *z, size_t i);
/* The uncompressed size its directory entry states. */
uint64_t ov_zip_size(const ov_zip *z, size_t i);
/* Whether the member is encrypted (a password-protected archive). */
bool ov_zip_encrypted(const ov_zip *z, size_t i);
/* The index of the member called name, or -1. */
long ov_zip_find(const ov_zip *z, const char *name);
/* The archive's path, as given to ov_zip_open. */
const char *ov_zip_path(const ov_zip *z);

/* ---- streams ---- */
typedef struct ov_zsrc ov_zsrc;

/* A stream of member i's bytes. max_bytes: refuse a member that would
 * expand past this many bytes (0: no limit but the ratio's). */
ov_status ov_zip_member_open(ov_zip *z, size_t i, uint64_t max_bytes, ov_zsrc **out,
                             struct ov_err *err);

/* A stream of the inflated bytes of the gzip file open on fd (read from
 * its current offset; the stream does not close fd). Concatenated gzip
 * members are read one after another, as gunzip does. path is for
 * messages. */
ov_status ov_gz_open_fd(int fd, const char *path, ov_zsrc **out, struct ov_err *err);

/* Reads up to n bytes into buf. Returns the number read, 0 at the end, or
 * -1 with err filled (corrupt or truncated data, a limit passed, OV_EINTR
 * when ov_interrupted()). */
ssize_t ov_zsrc_read(ov_zsrc *s, void *buf, size_t n, struct ov_err *err);

/* Compressed bytes consumed so far and in all (0 when unknown), for a
 * progress bar. */
uint64_t ov_zsrc_in_done(const ov_zsrc *s);
uint64_t ov_zsrc_in_total(const ov_zsrc *s);

void ov_zsrc_close(ov_zsrc *s);

#endif /* OV_ZSOURCE_H */
