/*
 * sqlite_io.c - what loading and writing SQLite databases share
 * (sqlite_int.h): the connection's settings, SQLite's errors as the
 * engine's, quoting names. The loader is sqlite_load.c, the writer
 * sqlite_write.c. Knows nothing of Lua or --safe.
 */
#include "config.h"

#include "sqlite_int.h"

#include <sqlite3.h>

#include "sqlite_io.h"

const char ov_sqlite_magic[16] = "SQLite format 3";

const char *
ov_sqlite_version(void)
{
    return sqlite3_libversion();
}

/* Ctrl-C: a non-zero return makes the running statement stop with
 * SQLITE_INTERRUPT */
static int
progress(void *ctx)
{
    (void)ctx;
    return ov_interrupted();
}

/* the settings both directions share: no extensions, a defensive
 * connection whose schema is not trusted to call functions */
void
ov_sqlite_harden(sqlite3 *db)
{
    sqlite3_extended_result_codes(db, 1);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_progress_handler(db, 10000, progress, NULL);
}

ov_status
ov_sqlite_error(sqlite3 *db, const char *path, int rc, struct ov_err *err)
{
    if ((rc & 0xff) == SQLITE_INTERRUPT)
        return ov_err_interrupted(err);
    if ((rc & 0xff) == SQLITE_NOMEM)
        return ov_err_nomem(err, "in SQLite");
    return ov_err_set(err, (rc & 0xff) == SQLITE_IOERR ? OV_EIO : OV_EINVAL, "%s: %s",
                      path, db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* "name" with each " doubled: an identifier SQLite reads as itself */
void
ov_sqlite_quote(ov_strbuf *b, const char *s)
{
    ov_strbuf_putc(b, '"');
    for (; *s != '\0'; s++) {
        if (*s == '"')
            ov_strbuf_putc(b, '"');
        ov_strbuf_putc(b, *s);
    }
    ov_strbuf_putc(b, '"');
}
