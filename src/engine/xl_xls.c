/*
 * xl_xls.c - legacy Excel .xls workbooks (BIFF2 to BIFF8, Excel 2.0 to 2003)
 * read through libfreexl into sparse grids. Owns freexl's error codes
 * turned into messages naming the file, freexl's date texts turned back
 * into days, and the check for encrypted workbooks. Depends on xl.c's grid
 * and libfreexl only.
 *
 * What libfreexl 1.0.x (Debian 12 ships 1.0.6) cannot give, and so what a
 * .xls loads without:
 * - Formulas: freexl skips FORMULA records, so a formula's cached result
 *   is an empty cell (xlrd and pandas show the value). Not detectable
 *   through its API.
 * - Booleans and errors: a BOOLERR cell comes back as the number 0 or 1;
 *   an error value (#DIV/0!, #N/A) as the number 1.
 * - Merged ranges and displayed texts: not exposed (no merges, shown is
 *   NULL).
 * - Dates come back as text: "YYYY-MM-DD" for a date format (the time of
 *   day is dropped), "YYYY-MM-DD HH:MM:SS" (rounded to the second),
 *   "HH:MM:SS" for a time format (whole days dropped). Serials below 1 show
 *   as the system's first day. freexl's calendar makes every fourth year a
 *   leap year; we invert that calendar, so the serial, and through
 *   ov_xl_serial_to_days the day, come out right (2100 included).
 * - Size: freexl allocates a sheet's whole declared rectangle (16 bytes a
 *   cell) and refuses more than 256 MB, about 16.7 million cells; we read
 *   that rectangle cell by cell but store only cells with something in
 *   them. freexl's memory is not counted against ov_mem's limit.
 * - A zero-length string in the shared string table makes freexl refuse
 *   the whole workbook as "crafted"; errors met in the workbook's records
 *   come back as success without a handle (said here as a damaged file).
 * - A date cell with a huge serial makes freexl count days one by one
 *   (billions of steps) while opening; it cannot be interrupted.
 */
#include "config.h"

#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <string.h>

#include "ov_mem.h"
#include "xl_int.h"

struct xls {
    const void *h;
    bool d1904;
};

/* ---- errors ---- */

/* not freexl's: its open succeeded without a workbook */
#define RECORDS_FAILED (-1000)

/* what a freexl error code means for a user, or NULL for one that says
 * freexl was misused (a bug here) */
static const char *
freexl_what(int rc)
{
    switch (rc) {
    case RECORDS_FAILED:
        return "the .xls file is damaged, or not a workbook libfreexl can read: its "
               "workbook records are invalid (a bad BOF record, an unsupported "
               "Excel version, a broken string table or a cell outside its sheet)";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
        return "not an Excel .xls file: it has no valid OLE2 compound-file header";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR:
        return "the .xls file is truncated or damaged: its compound-file structure "
               "points past the end of the file";
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
        return "the .xls file is damaged: its compound-file allocation table is "
               "corrupt";
    case FREEXL_BIFF_INVALID_BOF:
        return "not a workbook libfreexl can read: its BOF record is invalid or "
               "from an unsupported Excel version (BIFF2 to BIFF8, Excel 2.0 to "
               "2003, are read; save it as .xlsx)";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return "an OLE2 compound file with no Excel workbook inside (perhaps a Word "
               "or other Office document): not an Excel .xls file";
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX:
        return "the .xls file is damaged: its shared string table is invalid";
    case FREEXL_INVALID_CHARACTER:
        return "the .xls file is damaged, or holds text that is not valid in its "
               "declared code page";
    case FREEXL_UNSUPPORTED_CHARSET:
        return "text in a code page libfreexl cannot convert";
    case FREEXL_ILLEGAL_CELL_ROW_COL:
        return "the .xls file is damaged: a cell lies outside its sheet's declared "
               "dimensions";
    case FREEXL_ILLEGAL_RK_VALUE:
        return "the .xls file is damaged: a number (RK record) is malformed";
    case FREEXL_CRAFTED_FILE:
        return "the .xls file is severely corrupted (libfreexl takes it for a "
               "crafted file) and is not read";
    case FREEXL_INSUFFICIENT_MEMORY:
        return "out of memory: libfreexl holds each sheet's whole declared "
               "rectangle and refuses past 256 MB (about 16.7 million cells)";
    default:
        return NULL;
    }
}

static ov_status
freexl_fail(struct ov_err *err, const char *path, const char *sheet, int rc)
{
    const char *what = freexl_what(rc);
    ov_status st = rc == FREEXL_INSUFFICIENT_MEMORY ? OV_ENOMEM : OV_EPARSE;

    if (what == NULL)
        what = "libfreexl failed";
    if (rc == RECORDS_FAILED)
        return ov_err_set(err, st, "%s: %s", path, what);
    if (sheet != NULL)
        return ov_err_set(err, st, "%s: sheet '%s': %s (libfreexl error %d)", path,
                          sheet, what, rc);
    return ov_err_set(err, st, "%s: %s (libfreexl error %d)", path, what, rc);
}

static ov_status
encrypted(struct ov_err *err, const char *path)
{
    return ov_err_set(err, OV_EPARSE,
                      "%s: is encrypted (password-protected): open it in Excel or "
                      "LibreOffice and save it without a password",
                      path);
}

/* ---- encryption, seen when freexl fails ----
 * freexl notes a FILEPASS record but goes on reading the encrypted records
 * after it, and then fails on whatever they turn out to be. So after a
 * failure the file is searched for a workbook-globals BOF record (BIFF5 or
 * BIFF8) directly followed by FILEPASS, at the offsets sectors and
 * mini-sectors start at (multiples of 64 bytes). An encrypted .xlsx (an
 * OLE2 file with an EncryptedPackage stream) is told apart by xl.c's
 * sniffing before it gets here. */

#define SCAN_BLOCK 65536
#define SCAN_KEEP 64

static unsigned
le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static bool
bof_then_filepass(const unsigned char *p, size_t avail)
{
    unsigned size;

    if (avail < 8 || le16(p) != 0x0809)
        return false;
    size = le16(p + 2);
    /* BIFF5 (0x0500) or BIFF8 (0x0600), workbook globals (0x0005) */
    if (size < 8 || size > 20 || (le16(p + 4) != 0x0500 && le16(p + 4) != 0x0600) ||
        le16(p + 6) != 0x0005 || avail < 4 + size + 2)
        return false;
    return le16(p + 4 + size) == 0x002F;
}

/* Whether a file begins as no .xls does: neither the OLE2 compound-file
 * signature (BIFF5 and BIFF8, Excel 5 to 2003) nor a BOF record of a bare
 * BIFF2 to BIFF4 stream (Excel 2 to 4). freexl reports such a file as a
 * read error. */
static bool
not_xls(const char *path)
{
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                          0xA1, 0xB1, 0x1A, 0xE1};
    unsigned char head[8];
    FILE *f = fopen(path, "rb");
    size_t n;
    unsigned t;

    if (f == NULL)
        return false;
    n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == sizeof head && memcmp(head, ole2, sizeof head) == 0)
        return false;
    t = n >= 2 ? le16(head) : 0;
    return t != 0x0009 && t != 0x0209 && t != 0x0409 && t != 0x0809;
}

static bool
looks_encrypted(const char *path)
{
    unsigned char *buf = ov_malloc(SCAN_KEEP + SCAN_BLOCK);
    FILE *f = fopen(path, "rb");
    size_t have = 0, got, i;
    bool found = false;

    if (buf == NULL || f == NULL)
        goto done;
    /* buf holds [have bytes kept from before][got new]; its first byte is
     * at a multiple of 64 in the file */
    while (!found && (got = fread(buf + have, 1, SCAN_BLOCK, f)) > 0) {
        size_t n = have + got;

        for (i = 0; i + 8 <= n && !found; i += 64)
            found = bof_then_filepass(buf + i, n - i);
        if (n <= SCAN_KEEP || got < SCAN_BLOCK)
            break;
        memmove(buf, buf + n - SCAN_KEEP, SCAN_KEEP);
        have = SCAN_KEEP;
    }
done:
    if (f != NULL)
        fclose(f);
    ov_free(buf);
    return found;
}

/* ---- dates ----
 * freexl prints a date serial as the day its own calendar reaches counting
 * from 1900-01-01 (or 1904-01-02) as serial 1, with every year divisible
 * by 4 a leap year (so serial 60 prints as the 1900-02-29 Excel shows).
 * Counting back through the same calendar gives the serial again. */

static long
freexl_ordinal(long y, int m, int d)
{
    static const int before[12] = {0,   31,  59,  90,  120, 151,
                                   181, 212, 243, 273, 304, 334};
    long n = 365 * y + (y + 3) / 4 + before[m - 1] + d;

    if (m > 2 && y % 4 == 0)
        n++;
    return n;
}

/* reads N digits (at least min, at most max) at *p into *v */
static bool
digits(const char **p, int min, int max, long *v)
{
    int k = 0;

    *v = 0;
    while (k < max && **p >= '0' && **p <= '9') {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k >= min;
}

static bool
read_ymd(const char **p, bool d1904, double *serial)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long y, m, d;

    if (!digits(p, 4, 9, &y) || *(*p)++ != '-' || !digits(p, 2, 2, &m) ||
        *(*p)++ != '-' || !digits(p, 2, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && y % 4))
        return false;
    *serial =
        (double)(freexl_ordinal(y, (int)m, (int)d) -
                 (d1904 ? freexl_ordinal(1904, 1, 2) : freexl_ordinal(1900, 1, 1)) + 1);
    return true;
}

static bool
read_hms(const char **p, double *frac)
{
    long h, m, s;

    if (!digits(p, 2, 2, &h) || *(*p)++ != ':' || !digits(p, 2, 2, &m) ||
        *(*p)++ != ':' || !digits(p, 2, 2, &s))
        return false;
    /* freexl rounds to the second, so the end of a day prints as 24:00:00 */
    if (h > 24 || m > 59 || s > 59)
        return false;
    *frac = (double)(h * 3600 + m * 60 + s) / 86400.0;
    return true;
}

/* the serial day number behind freexl's text of a DATE, DATETIME or TIME
 * cell */
static bool
text_to_serial(int type, const char *s, bool d1904, double *serial)
{
    double day = 0, frac = 0;

    if (type != FREEXL_CELL_TIME && !read_ymd(&s, d1904, &day))
        return false;
    if (type == FREEXL_CELL_DATETIME && *s++ != ' ')
        return false;
    if (type != FREEXL_CELL_DATE && !read_hms(&s, &frac))
        return false;
    if (*s != '\0')
        return false;
    *serial = day + frac;
    return true;
}

/* ---- reading ---- */

static ov_status
add_cell(struct xls *x, struct ov_xl_grid *g, const char *path, const char *sheet,
         uint32_t r, uint32_t c, const FreeXL_CellValue *v, struct ov_err *err)
{
    double serial, days;
    char where[16];

    switch (v->type) {
    case FREEXL_CELL_NULL:
        return OV_OK;
    case FREEXL_CELL_INT:
        return ov_xl_grid_add(g, r, c, OV_XL_NUMBER, (double)v->value.int_value, NULL,
                              NULL, err);
    case FREEXL_CELL_DOUBLE:
        return ov_xl_grid_add(g, r, c, OV_XL_NUMBER, v->value.double_value, NULL, NULL,
                              err);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        /* an empty string shows nothing: xlrd reports it as a text cell of
         * "", pandas as NaN; here it is an empty cell, as in ODS */
        if (v->value.text_value == NULL || v->value.text_value[0] == '\0')
            return OV_OK;
        return ov_xl_grid_add(g, r, c, OV_XL_TEXT, 0, v->value.text_value, NULL, err);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        if (v->value.text_value == NULL ||
            !text_to_serial(v->type, v->value.text_value, x->d1904, &serial))
            return ov_err_set(err, OV_EPARSE,
                              "%s: sheet '%s', cell %s: libfreexl gave the date '%s', "
                              "which does not read as YYYY-MM-DD HH:MM:SS",
                              path, sheet, ov_xl_cell_name(r, c, where),
                              v->value.text_value != NULL ? v->value.text_value : "");
        /* a serial that is no day (1900-02-29, past year 9999) keeps its
         * number rather than becoming a wrong date */
        if (!ov_xl_serial_to_days(serial, x->d1904, &days))
            return ov_xl_grid_add(g, r, c, OV_XL_NUMBER, serial, NULL, NULL, err);
        return ov_xl_grid_add(g, r, c, OV_XL_DATE, days, NULL, NULL, err);
    default:
        return ov_err_set(err, OV_EPARSE,
                          "%s: sheet '%s', cell %s: libfreexl gave a cell of unknown "
                          "type %d",
                          path, sheet, ov_xl_cell_name(r, c, where), v->type);
    }
}

static ov_status
xls_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out, struct ov_err *err)
{
    struct xls *x = b->impl;
    const char *sheet = b->names[i]; /* ov_xl_read checked i */
    struct ov_xl_grid *g = NULL;
    unsigned int rows = 0;
    unsigned short cols = 0;
    ov_status st = OV_OK;
    uint32_t r, c;
    int rc;

    *out = NULL;
    rc = freexl_select_active_worksheet(x->h, (unsigned short)i);
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(x->h, &rows, &cols);
    if (rc != FREEXL_OK)
        return freexl_fail(err, b->path, sheet, rc);
    g = ov_xl_grid_new(err);
    if (g == NULL)
        return err != NULL ? err->status : OV_ENOMEM;
    /* freexl has the declared rectangle in memory already; only cells with
     * something in them reach the grid */
    for (r = 0; r < rows && st == OV_OK; r++) {
        if ((r & 255) == 0 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            break;
        }
        for (c = 0; c < cols && st == OV_OK; c++) {
            FreeXL_CellValue v;

            rc = freexl_get_cell_value(x->h, r, (unsigned short)c, &v);
            if (rc != FREEXL_OK)
                st = freexl_fail(err, b->path, sheet, rc);
            else
                st = add_cell(x, g, b->path, sheet, r, c, &v, err);
        }
    }
    if (st == OV_OK)
        st = ov_xl_grid_finish(g, err);
    if (st != OV_OK) {
        ov_xl_grid_free(g);
        return st;
    }
    *out = g;
    return OV_OK;
}

static void
xls_close(ov_xl_book *b)
{
    struct xls *x = b->impl;

    if (x == NULL)
        return;
    if (x->h != NULL)
        freexl_close(x->h);
    ov_free(x);
    b->impl = NULL;
}

static void
free_names(ov_xl_book *b)
{
    size_t i;

    for (i = 0; i < b->nsheets && b->names != NULL; i++)
        ov_free(b->names[i]);
    ov_free(b->names);
    b->names = NULL;
    b->nsheets = 0;
}

ov_status
ov_xl_xls_open(ov_xl_book *b, struct ov_err *err)
{
    const void *h = NULL;
    struct xls *x;
    unsigned int n = 0, info = 0;
    ov_status st = OV_OK;
    size_t i;
    int rc;

    errno = 0;
    rc = freexl_open(b->path, &h);
    /* freexl 1.0.6 drops the code of an error met in the workbook's records
     * (a bad BOF, string table or cell) and answers FREEXL_OK with no
     * handle */
    if (rc == FREEXL_OK && h == NULL)
        rc = RECORDS_FAILED;
    if (rc != FREEXL_OK) {
        int e = errno;

        /* freexl frees its handle on every failure but this one */
        if (h != NULL)
            freexl_close(h);
        if (rc == FREEXL_FILE_NOT_FOUND)
            return ov_err_set(err, OV_EIO, "%s: cannot open: %s", b->path,
                              strerror(e != 0 ? e : ENOENT));
        if (not_xls(b->path))
            return ov_err_set(err, OV_EPARSE,
                              "%s: not an Excel .xls file: it begins neither with "
                              "the OLE2 compound-file signature nor with a BIFF "
                              "record",
                              b->path);
        if (looks_encrypted(b->path))
            return encrypted(err, b->path);
        return freexl_fail(err, b->path, NULL, rc);
    }
    /* freexl answers FREEXL_BIFF_PLAIN for a file without FILEPASS and
     * something else (not always FREEXL_BIFF_OBFUSCATED) for one with it */
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) != FREEXL_OK ||
        info != FREEXL_BIFF_PLAIN) {
        freexl_close(h);
        return encrypted(err, b->path);
    }
    x = ov_calloc(1, sizeof *x);
    if (x == NULL) {
        freexl_close(h);
        return ov_err_nomem(err, "opening an .xls workbook");
    }
    x->h = h;
    b->impl = x;
    b->read = xls_read;
    b->close = xls_close;
    if (freexl_get_info(h, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK)
        x->d1904 = info == FREEXL_BIFF_DATEMODE_1904;
    if ((rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n)) != FREEXL_OK) {
        st = freexl_fail(err, b->path, NULL, rc);
        goto fail;
    }
    if (n > 65535) {
        st = ov_err_set(err, OV_ERANGE, "%s: claims %u sheets, more than .xls can hold",
                        b->path, n);
        goto fail;
    }
    if (n > 0 && (b->names = ov_calloc(n, sizeof *b->names)) == NULL) {
        st = ov_err_nomem(err, "reading an .xls workbook's sheet names");
        goto fail;
    }
    for (i = 0; i < n; i++) {
        const char *name = NULL;

        rc = freexl_get_worksheet_name(h, (unsigned short)i, &name);
        if (rc != FREEXL_OK) {
            st = freexl_fail(err, b->path, NULL, rc);
            goto fail;
        }
        b->nsheets = i + 1;
        b->names[i] = ov_strdup(name != NULL ? name : "");
        if (b->names[i] == NULL) {
            st = ov_err_nomem(err, "reading an .xls workbook's sheet names");
            goto fail;
        }
    }
    b->nsheets = n;
    return OV_OK;
fail:
    free_names(b);
    xls_close(b);
    b->read = NULL;
    b->close = NULL;
    return st;
}
