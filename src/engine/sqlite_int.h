/*
 * sqlite_int.h - inside the SQLite module: what sqlite_load.c and
 * sqlite_write.c share (sqlite_io.c). Only these files include sqlite3.h.
 */
#ifndef OV_SQLITE_INT_H
#define OV_SQLITE_INT_H

#include <sqlite3.h>

#include "ov_error.h"
#include "strbuf.h"

/* The first 16 bytes of every database file ("SQLite format 3\0"). */
extern const char ov_sqlite_magic[16];

/* The settings every connection gets: no extension loading, defensive,
 * the schema not trusted to call functions, Ctrl-C (the engine's
 * interrupt flag) stopping a running statement. */
void ov_sqlite_harden(sqlite3 *db);

/* SQLite's result code rc as the engine's error: "PATH: SQLite's
 * message" (OV_EIO for I/O, OV_EINVAL otherwise), OV_EINTR, OV_ENOMEM.
 * db may be NULL. Returns the status. */
ov_status ov_sqlite_error(sqlite3 *db, const char *path, int rc, struct ov_err *err);

/* Appends s as an SQL identifier: in double quotes, each " doubled. */
void ov_sqlite_quote(ov_strbuf *b, const char *s);

#endif /* OV_SQLITE_INT_H */
