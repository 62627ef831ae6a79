/*
 * sqlite_io.h - tables in and out of SQLite databases, through libsqlite3:
 * a table or a read-only query into a typed table, and a table written as
 * a new table of a database image. Only sqlite_io.c, sqlite_load.c and
 * sqlite_write.c (sqlite_int.h) include sqlite3.h.
 * Part of libovengine: knows nothing of Lua, the shell or --safe.
 */
#ifndef OV_SQLITE_IO_H
#define OV_SQLITE_IO_H

#include <stdbool.h>
#include <stdio.h>

#include "loader.h"
#include "ov_error.h"
#include "table.h"

/* Loads from the SQLite database at path (opened read-only; never
 * created, never written) either the table or view named `what` (any
 * name sqlite_schema lists, matched as SQLite matches names, ignoring
 * case) or, when no table has that name and `what` starts with SELECT,
 * WITH or VALUES, the result of `what` run as one read-only statement.
 * A query may only read: an authorizer refuses anything but reading
 * tables and calling functions (ATTACH, PRAGMA, writes, VACUUM INTO,
 * load_extension, fts3_tokenizer), ATTACH is also limited to no
 * database, extension loading is off, the schema is untrusted and the
 * connection is defensive. Ctrl-C (ov_interrupt_request) stops a query.
 * Column types come from the values, helped by the declared types:
 *   INTEGER values -> int; REAL, or INTEGER and REAL -> float;
 *   TEXT -> string, or date when every value is an ISO date (YYYY-MM-DD);
 *   0/1 in a column declared BOOLEAN -> bool;
 *   a column of no values -> its declared affinity (INTEGER, REAL,
 *   DATE, BOOLEAN, else string);
 *   NULL -> missing (an empty text stays an empty text);
 *   text mixed with numbers -> string, the numbers as SQLite writes them,
 *   and a note in the report;
 *   a BLOB -> error (select hex(col) to load it as text).
 * name is the table's name (NULL: the table's, or "query"). The table's
 * provenance says the file and the table or query. rep may be NULL (its
 * notes are the caller's to free, ov_load_report_free).
 * On failure *out is NULL and err says why: "PATH: not found", "PATH:
 * file is not a database", "PATH has no table 'x'; its tables are: a, b",
 * "PATH: near "SELEC": syntax error" (SQLite's own message), a query
 * that is refused ("PATH: the query may only read: PRAGMA is refused"). */
ov_status ov_sqlite_load(const char *path, const char *what, const char *name,
                         ov_table **out, struct ov_load_report *rep,
                         struct ov_err *err);

struct ov_sqlite_write_opts {
    const char *table; /* the new table's name (required) */
    bool replace;      /* an existing table of that name is dropped first */
};

/* Writes to out the bytes of a SQLite database holding t as the table
 * opts->table: the database read from old_path when that names a regular
 * file (its other tables kept), else a new one. Nothing is written to
 * old_path: the database is built in memory (sqlite3_deserialize) and
 * the caller writes the bytes through a temporary file renamed over the
 * target (fileio.h), so a failure at any point leaves the old file as it
 * was, new or existing. Columns are declared INTEGER (int), REAL (float),
 * TEXT (string), DATE (dates, as ISO text) and BOOLEAN (bool, 0 or 1);
 * missing values are NULL. A percentage or rate column is written as its
 * value, with its numerator and denominator in two REAL columns beside it,
 * NAME_num and NAME_den (left out when t already has such a column).
 * The rows go in one transaction through one prepared statement.
 * Errors: an old file that is not a database, or whose write-ahead log
 * (PATH-wal) holds changes; a table (or view, index) of that name
 * already there without replace ("PATH already has a table 'x': give
 * replace = true to write over it"); SQLite's own message otherwise;
 * OV_EIO when writing to out fails. */
ov_status ov_sqlite_write(const ov_table *t, const char *old_path, FILE *out,
                          const struct ov_sqlite_write_opts *opts, struct ov_err *err);

/* The SQLite library's version ("3.40.1"). */
const char *ov_sqlite_version(void);

#endif /* OV_SQLITE_IO_H */
