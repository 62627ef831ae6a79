/*
 * xl_ole2.c - the OLE2 compound-file container of legacy Excel .xls, opened
 * by libgsf: the workbook's stream handed over whole, glib's and libgsf's
 * warnings on a damaged file caught and said in the error rather than
 * printed, and a file that is no OLE2 file named for what it is (an Excel
 * 2.x to 4.0 worksheet). What the stream's records mean is xl_xls.c's.
 * Depends on libgsf and glib only.
 */
#include "config.h"

#include <errno.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-input.h>
#include <stdio.h>
#include <string.h>

#include "ov_mem.h"
#include "ov_dl.h"
#include "xl_int.h"

/* libgsf, opened the first time an .xls file is read (ov_dl.h), with the
 * glib functions this file calls, found through it: each looked up by name
 * and called through a pointer of its own type, so that a program that
 * reads no .xls never maps libgsf, glib and libxml2 (ov_dl.h) */
#define GSF_FUNCTIONS(X)                                                               \
    X(g_error_free)                                                                    \
    X(g_log_set_default_handler)                                                       \
    X(g_object_unref)                                                                  \
    X(gsf_infile_child_by_name)                                                        \
    X(gsf_infile_msole_new)                                                            \
    X(gsf_input_read)                                                                  \
    X(gsf_input_size)                                                                  \
    X(gsf_input_stdio_new)
static const char *const gsf_names[] = {GSF_FUNCTIONS(OV_DL_NAME)};
enum { GSF_FUNCTIONS(OV_DL_INDEX) n_gsf_functions };
static void *gsf_fns[n_gsf_functions];
static struct ov_dl gsf_lib =
    OV_DL_INIT(OV_GSF_SONAME, "libgsf-1-114", "reading a legacy Excel .xls file",
               gsf_names, gsf_fns);
#define GSF_CALL(f) OV_DL_CALL(gsf_fns, f)
#define g_error_free GSF_CALL(g_error_free)
#define g_log_set_default_handler GSF_CALL(g_log_set_default_handler)
#define g_object_unref GSF_CALL(g_object_unref)
#define gsf_infile_child_by_name GSF_CALL(gsf_infile_child_by_name)
#define gsf_infile_msole_new GSF_CALL(gsf_infile_msole_new)
#define gsf_input_read GSF_CALL(gsf_input_read)
#define gsf_input_size GSF_CALL(gsf_input_size)
#define gsf_input_stdio_new GSF_CALL(gsf_input_stdio_new)

/* glib's and libgsf's warnings about a damaged file, kept (the first)
 * instead of printed */
struct quiet {
    char msg[200];
};

static void
quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer ud)
{
    struct quiet *q = ud;

    (void)domain;
    (void)level;
    if (q->msg[0] == '\0' && message != NULL)
        snprintf(q->msg, sizeof q->msg, "%s", message);
}

/* What a file that is no OLE2 compound file begins with: a BIFF2 to BIFF4
 * worksheet is a bare record stream (Excel 2.x to 4.0). */
static ov_status
not_ole2(const char *path, struct ov_err *err)
{
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                          0xA1, 0xB1, 0x1A, 0xE1};
    unsigned char head[8];
    FILE *f = fopen(path, "rb");
    size_t n;
    unsigned t;

    if (f == NULL)
        return ov_err_set(err, OV_EIO, "%s: cannot open: %s", path, strerror(errno));
    n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == sizeof head && memcmp(head, ole2, sizeof head) == 0)
        return OV_OK;
    t = n >= 2 ? ov_xl_le16(head) : 0;
    if (t == 0x0009)
        return ov_xl_old_version(err, path, "Excel 2.x (BIFF2)");
    if (t == 0x0209)
        return ov_xl_old_version(err, path, "Excel 3.0 (BIFF3)");
    if (t == 0x0409)
        return ov_xl_old_version(err, path, "Excel 4.0 (BIFF4)");
    return ov_err_set(err, OV_EPARSE,
                      "%s: not an Excel .xls file: it does not begin with the OLE2 "
                      "compound-file signature",
                      path);
}

ov_status
ov_xl_ole2_workbook(const char *path, unsigned char **data, size_t *len,
                    struct ov_err *err)
{
    struct quiet q;
    GError *ge = NULL;
    GsfInput *in, *child = NULL;
    GsfInfile *ole = NULL;
    ov_status st = OV_OK;
    gsf_off_t size;
    GLogFunc old;

    *data = NULL;
    *len = 0;
    if ((st = not_ole2(path, err)) != OV_OK)
        return st;
    if ((st = ov_dl_load(&gsf_lib, err)) != OV_OK)
        return st;
    memset(&q, 0, sizeof q);
    old = g_log_set_default_handler(quiet_log, &q);
    in = gsf_input_stdio_new(path, &ge);
    if (in == NULL) {
        st = ov_err_set(err, OV_EIO, "%s: cannot open: %s", path,
                        ge != NULL ? ge->message : "libgsf failed");
        goto done;
    }
    ole = gsf_infile_msole_new(in, &ge);
    if (ole == NULL) {
        st = ov_err_set(err, OV_EPARSE,
                        "%s: the .xls file is truncated or damaged: its OLE2 "
                        "compound-file structure is invalid (%s)",
                        path, ge != NULL ? ge->message : "libgsf failed");
        goto done;
    }
    child = gsf_infile_child_by_name(ole, "Workbook");
    if (child == NULL) {
        /* Excel 5.0 and 95 (BIFF5) named the stream Book */
        child = gsf_infile_child_by_name(ole, "Book");
    }
    if (child == NULL && gsf_input_size(in) % 512 != 0) {
        /* libgsf leaves out a stream whose sectors are not all there */
        st = ov_err_set(err, OV_EPARSE,
                        "%s: the .xls file is truncated or damaged: it ends inside "
                        "a sector, and no whole Workbook stream is left in it",
                        path);
        goto done;
    }
    if (child == NULL) {
        st = ov_err_set(err, OV_EPARSE,
                        "%s: an OLE2 compound file with no Excel workbook inside "
                        "(perhaps a Word or other Office document): not an Excel "
                        ".xls file",
                        path);
        goto done;
    }
    size = gsf_input_size(child);
    /* no stream is larger than the file that holds it */
    if (size < 0 || size > gsf_input_size(in)) {
        st = ov_err_set(err, OV_EPARSE,
                        "%s: the .xls file is truncated or damaged: its workbook "
                        "stream claims %lld bytes, more than the file has",
                        path, (long long)size);
        goto done;
    }
    *len = (size_t)size;
    if ((*data = ov_malloc(*len > 0 ? *len : 1)) == NULL) {
        st = ov_err_nomem(err, "reading an .xls workbook");
        goto done;
    }
    if (*len > 0 && gsf_input_read(child, *len, *data) == NULL)
        st = ov_err_set(err, OV_EPARSE,
                        "%s: the .xls file is truncated or damaged: its workbook "
                        "stream cannot be read whole%s%s%s",
                        path, q.msg[0] != '\0' ? " (libgsf: " : "", q.msg,
                        q.msg[0] != '\0' ? ")" : "");
done:
    if (child != NULL)
        g_object_unref(child);
    if (ole != NULL)
        g_object_unref(ole);
    if (in != NULL)
        g_object_unref(in);
    if (ge != NULL)
        g_error_free(ge);
    g_log_set_default_handler(old, NULL);
    if (st != OV_OK) {
        ov_free(*data);
        *data = NULL;
        *len = 0;
    }
    return st;
}
