/*
 * xl_xls.c - legacy Excel .xls workbooks (BIFF8: Excel 97 to 2003) read into
 * sparse grids. xl_ole2.c (libgsf) hands over the Workbook stream whole; its
 * BIFF8 records (MS-XLS) are read here, every length checked against the
 * record and the record against the stream.
 * Older versions (BIFF2 to BIFF5) and encrypted workbooks are refused by
 * name. BIFF8 texts are UTF-16LE or "compressed" Latin-1 whatever the
 * CODEPAGE record says, so no iconv is needed. Depends on xl.c's grid,
 * xl_numfmt.c's formats and xl_ole2.c only.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ov_mem.h"
#include "strbuf.h"
#include "xl_int.h"

/* record types (MS-XLS 2.3) */
enum {
    R_FORMULA = 0x0006,
    R_EOF = 0x000A,
    R_DATEMODE = 0x0022,
    R_FILEPASS = 0x002F,
    R_CONTINUE = 0x003C,
    R_BOUNDSHEET = 0x0085,
    R_MULRK = 0x00BD,
    R_XF = 0x00E0,
    R_MERGECELLS = 0x00E5,
    R_SST = 0x00FC,
    R_LABELSST = 0x00FD,
    R_RSTRING = 0x00D6,
    R_NUMBER = 0x0203,
    R_LABEL = 0x0204,
    R_BOOLERR = 0x0205,
    R_STRING = 0x0207,
    R_RK = 0x027E,
    R_FORMAT = 0x041E,
    R_BOF = 0x0809,
    R_DIMENSION = 0x0200
};

/* what a style (an XF record) makes of a number */
struct xf {
    enum ov_xl_fmt_class cls;
    bool has_fmt;
    struct ov_xl_numfmt fmt;
};

struct xls {
    unsigned char *wb; /* the Workbook stream */
    size_t wblen;
    bool d1904;
    size_t *bof;     /* each listed sheet's BOF offset */
    bool *worksheet; /* false for a chart or macro sheet: no cells */
    ov_strbuf sst;   /* the shared strings, each NUL-terminated */
    size_t *sst_off;
    size_t nsst;
    struct xf *xfs;
    size_t nxfs;
};

/* ---- errors ---- */

/* "PATH: [sheet "S": ]the .xls file is damaged: WHAT" */
static ov_status __attribute__((format(printf, 4, 5)))
damaged(struct ov_err *err, const char *path, const char *sheet, const char *fmt, ...)
{
    char what[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (sheet != NULL)
        return ov_err_set(err, OV_EPARSE,
                          "%s: sheet \"%s\": the .xls file is damaged: %s", path, sheet,
                          what);
    return ov_err_set(err, OV_EPARSE, "%s: the .xls file is damaged: %s", path, what);
}

static ov_status
encrypted(struct ov_err *err, const char *path)
{
    return ov_err_set(err, OV_EPARSE,
                      "%s: is encrypted (password-protected): open it in Excel or "
                      "LibreOffice and save it without a password",
                      path);
}

ov_status
ov_xl_old_version(struct ov_err *err, const char *path, const char *which)
{
    return ov_err_set(
        err, OV_EPARSE,
        "%s: an %s workbook: oversight reads .xls files from Excel 97 to "
        "2003 (BIFF8) only; open it in Excel or LibreOffice and save it as "
        ".xlsx or .ods",
        path, which);
}

static uint32_t
le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static double
le_double(const unsigned char *p)
{
    uint64_t bits = (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
    double d;

    memcpy(&d, &bits, sizeof d);
    return d;
}

/* ---- records ---- */

struct rec {
    unsigned type;
    const unsigned char *p; /* the record's data */
    size_t len;
    size_t at; /* the record's offset in the stream */
};

/* The record at *pos, moving *pos past it; false when none is whole there. */
static bool
next_rec(const struct xls *x, size_t *pos, struct rec *r)
{
    size_t len;

    if (*pos > x->wblen || x->wblen - *pos < 4)
        return false;
    len = ov_xl_le16(x->wb + *pos + 2);
    if (x->wblen - *pos - 4 < len)
        return false;
    r->type = ov_xl_le16(x->wb + *pos);
    r->p = x->wb + *pos + 4;
    r->len = len;
    r->at = *pos;
    *pos += 4 + len;
    return true;
}

/* ---- data that runs on into CONTINUE records ----
 * A shared string table, or a long text, is cut into records of at most
 * 8,224 bytes, the rest following in CONTINUE records. A string's
 * characters may be cut between two records; the CONTINUE record then
 * begins with a fresh flag byte saying whether the rest is compressed
 * (one byte a character, Latin-1) or UTF-16LE. Anything else (a string's
 * header, its formatting runs, its phonetic data) simply runs on. */

struct cont {
    const struct xls *x;
    const unsigned char *p; /* the current record's data */
    size_t len, pos;
    size_t next; /* the offset of the record after the current one */
    bool bad;    /* ran past the data */
    uint32_t hi; /* a high surrogate waiting for its low half, or 0 */
};

static void
cont_init(struct cont *c, const struct xls *x, const struct rec *r, size_t skip)
{
    memset(c, 0, sizeof *c);
    c->x = x;
    c->p = r->p;
    c->len = r->len;
    c->pos = skip <= r->len ? skip : r->len;
    c->bad = skip > r->len;
    c->next = r->at + 4 + r->len;
}

/* moves to the CONTINUE record that follows, if it does */
static bool
cont_advance(struct cont *c)
{
    struct rec r;
    size_t pos = c->next;

    if (c->bad || !next_rec(c->x, &pos, &r) || r.type != R_CONTINUE) {
        c->bad = true;
        return false;
    }
    c->p = r.p;
    c->len = r.len;
    c->pos = 0;
    c->next = pos;
    return true;
}

/* copies (or, with out NULL, skips) n bytes */
static bool
cont_bytes(struct cont *c, unsigned char *out, size_t n)
{
    while (n > 0) {
        size_t k;

        if (c->pos == c->len && !cont_advance(c))
            return false;
        k = c->len - c->pos < n ? c->len - c->pos : n;
        if (out != NULL) {
            memcpy(out, c->p + c->pos, k);
            out += k;
        }
        c->pos += k;
        n -= k;
    }
    return true;
}

static void
put_utf8(ov_strbuf *b, uint32_t u)
{
    char s[4];
    size_t n;

    if (u < 0x80) {
        s[0] = (char)u;
        n = 1;
    } else if (u < 0x800) {
        s[0] = (char)(0xC0 | u >> 6);
        s[1] = (char)(0x80 | (u & 0x3F));
        n = 2;
    } else if (u < 0x10000) {
        s[0] = (char)(0xE0 | u >> 12);
        s[1] = (char)(0x80 | (u >> 6 & 0x3F));
        s[2] = (char)(0x80 | (u & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | u >> 18);
        s[1] = (char)(0x80 | (u >> 12 & 0x3F));
        s[2] = (char)(0x80 | (u >> 6 & 0x3F));
        s[3] = (char)(0x80 | (u & 0x3F));
        n = 4;
    }
    ov_strbuf_append(b, s, n);
}

/* one UTF-16 code unit; a surrogate without its other half becomes
 * U+FFFD. A NUL cannot be in a C string and is left out. */
static void
put_unit(struct cont *c, ov_strbuf *b, uint32_t u)
{
    if (c->hi != 0) {
        uint32_t hi = c->hi;

        c->hi = 0;
        if (u >= 0xDC00 && u <= 0xDFFF) {
            put_utf8(b, 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00));
            return;
        }
        put_utf8(b, 0xFFFD);
    }
    if (u >= 0xD800 && u <= 0xDBFF)
        c->hi = u;
    else if (u >= 0xDC00 && u <= 0xDFFF)
        put_utf8(b, 0xFFFD);
    else if (u != 0)
        put_utf8(b, u);
}

/* n characters, the first ones compressed or not as `high` says, as UTF-8
 * onto b */
static bool
cont_chars(struct cont *c, size_t n, bool high, ov_strbuf *b)
{
    c->hi = 0;
    while (n > 0) {
        size_t avail, k;

        if (c->pos == c->len) {
            unsigned char flag;

            if (!cont_advance(c) || c->len == 0)
                return false;
            /* the flag byte of the string's continuation */
            flag = c->p[c->pos++];
            high = (flag & 1) != 0;
        }
        avail = (c->len - c->pos) / (high ? 2 : 1);
        if (avail == 0)
            return false; /* half a UTF-16 character: no record ends so */
        k = avail < n ? avail : n;
        for (size_t i = 0; i < k; i++) {
            const unsigned char *q = c->p + c->pos + (high ? 2 * i : i);

            put_unit(c, b, high ? ov_xl_le16(q) : *q);
        }
        c->pos += high ? 2 * k : k;
        n -= k;
    }
    if (c->hi != 0)
        put_utf8(b, 0xFFFD);
    c->hi = 0;
    return true;
}

/* An XLUnicodeString (16-bit count, flags, characters) or, with `shortlen`,
 * a ShortXLUnicodeString (8-bit count); the rich-text runs and phonetic
 * data of an XLUnicodeRichExtendedString, when its flags say it has them,
 * are skipped. */
static bool
cont_string(struct cont *c, bool shortlen, ov_strbuf *b)
{
    unsigned char h[4];
    size_t n;
    unsigned flags;
    uint32_t runs = 0, ext = 0;

    if (shortlen) {
        if (!cont_bytes(c, h, 2))
            return false;
        n = h[0];
        flags = h[1];
    } else {
        if (!cont_bytes(c, h, 3))
            return false;
        n = ov_xl_le16(h);
        flags = h[2];
    }
    if (flags & 0x08) {
        if (!cont_bytes(c, h, 2))
            return false;
        runs = ov_xl_le16(h);
    }
    if (flags & 0x04) {
        if (!cont_bytes(c, h, 4))
            return false;
        ext = le32(h);
    }
    return cont_chars(c, n, (flags & 1) != 0, b) &&
           cont_bytes(c, NULL, 4 * (size_t)runs) && cont_bytes(c, NULL, ext);
}

/* ---- the workbook globals ---- */

/* makes room for one more of n items of `size` in *p */
static bool
grow(void *p, size_t n, size_t *cap, size_t size)
{
    void **pp = p;
    void *q;
    size_t c;

    if (n < *cap)
        return true;
    c = *cap ? *cap * 2 : 16;
    if ((q = ov_realloc(*pp, c * size)) == NULL)
        return false;
    *pp = q;
    *cap = c;
    return true;
}

static ov_status
read_sst(struct xls *x, const struct rec *r, const char *path, struct ov_err *err)
{
    struct cont c;
    unsigned char h[8];
    uint32_t unique;
    size_t cap = 0;

    cont_init(&c, x, r, 0);
    if (!cont_bytes(&c, h, 8))
        return damaged(err, path, NULL, "its shared string table (SST) is cut short");
    unique = le32(h + 4);
    /* room is made as strings are read, not for the count claimed */
    for (uint32_t i = 0; i < unique; i++) {
        if (!grow(&x->sst_off, i, &cap, sizeof *x->sst_off))
            return ov_err_nomem(err, "reading an .xls workbook's shared strings");
        x->sst_off[i] = x->sst.len;
        if (!cont_string(&c, false, &x->sst))
            return damaged(err, path, NULL,
                           "its shared string table (SST) ends inside string %lu of "
                           "the %lu it claims",
                           (unsigned long)i + 1, (unsigned long)unique);
        ov_strbuf_putc(&x->sst, '\0');
        if (ov_strbuf_status(&x->sst) != OV_OK)
            return ov_err_nomem(err, "reading an .xls workbook's shared strings");
        x->nsst = i + 1;
    }
    return OV_OK;
}

struct fmtcode {
    unsigned id;
    char *code;
};

struct globals {
    struct fmtcode *codes;
    size_t ncodes, capcodes;
    unsigned *xf_fmt;
    size_t capxf;
    char **names;
    size_t nnames, capnames;
    size_t *bof;
    bool *worksheet;
    size_t capbof, capws;
};

static void
globals_free(struct globals *g)
{
    for (size_t i = 0; i < g->ncodes; i++)
        ov_free(g->codes[i].code);
    ov_free(g->codes);
    ov_free(g->xf_fmt);
    for (size_t i = 0; i < g->nnames; i++)
        ov_free(g->names[i]);
    ov_free(g->names);
    ov_free(g->bof);
    ov_free(g->worksheet);
}

static ov_status
read_format(struct xls *x, struct globals *g, const struct rec *r, const char *path,
            struct ov_err *err)
{
    struct cont c;
    ov_strbuf s = OV_STRBUF_INIT;

    if (r->len < 2)
        return damaged(err, path, NULL, "a FORMAT record is cut short");
    cont_init(&c, x, r, 2);
    if (!cont_string(&c, false, &s)) {
        ov_strbuf_free(&s);
        return damaged(err, path, NULL, "a FORMAT record's code is cut short");
    }
    if (ov_strbuf_status(&s) != OV_OK ||
        !grow(&g->codes, g->ncodes, &g->capcodes, sizeof *g->codes)) {
        ov_strbuf_free(&s);
        return ov_err_nomem(err, "reading an .xls workbook's number formats");
    }
    g->codes[g->ncodes].id = ov_xl_le16(r->p);
    g->codes[g->ncodes].code = s.data != NULL ? ov_strbuf_take(&s) : ov_strdup("");
    if (g->codes[g->ncodes].code == NULL)
        return ov_err_nomem(err, "reading an .xls workbook's number formats");
    g->ncodes++;
    return OV_OK;
}

static ov_status
read_boundsheet(struct xls *x, struct globals *g, const struct rec *r, const char *path,
                struct ov_err *err)
{
    struct cont c;
    ov_strbuf s = OV_STRBUF_INIT;
    unsigned dt;

    if (r->len < 6)
        return damaged(err, path, NULL, "a sheet's BOUNDSHEET record is cut short");
    dt = r->p[5];
    /* a VBA module is no sheet; worksheets, charts and macro sheets are
     * listed, the last two without cells, as the XLSX reader lists them */
    if (dt == 6)
        return OV_OK;
    cont_init(&c, x, r, 6);
    if (!cont_string(&c, true, &s) || ov_strbuf_status(&s) != OV_OK) {
        bool nomem = ov_strbuf_status(&s) != OV_OK;

        ov_strbuf_free(&s);
        return nomem ? ov_err_nomem(err, "reading an .xls workbook's sheet names")
                     : damaged(err, path, NULL, "sheet %zu's name is cut short",
                               g->nnames + 1);
    }
    if (!grow(&g->names, g->nnames, &g->capnames, sizeof *g->names) ||
        !grow(&g->bof, g->nnames, &g->capbof, sizeof *g->bof) ||
        !grow(&g->worksheet, g->nnames, &g->capws, sizeof *g->worksheet)) {
        ov_strbuf_free(&s);
        return ov_err_nomem(err, "reading an .xls workbook's sheet names");
    }
    g->names[g->nnames] = s.data != NULL ? ov_strbuf_take(&s) : ov_strdup("");
    if (g->names[g->nnames] == NULL)
        return ov_err_nomem(err, "reading an .xls workbook's sheet names");
    g->bof[g->nnames] = le32(r->p);
    g->worksheet[g->nnames] = dt == 0;
    g->nnames++;
    return OV_OK;
}

/* what each XF's format makes of a number */
static ov_status
classify_xfs(struct xls *x, struct globals *g, struct ov_err *err)
{
    if (x->nxfs == 0)
        return OV_OK;
    if ((x->xfs = ov_calloc(x->nxfs, sizeof *x->xfs)) == NULL)
        return ov_err_nomem(err, "reading an .xls workbook's styles");
    for (size_t i = 0; i < x->nxfs; i++) {
        unsigned id = g->xf_fmt[i];
        const char *code = NULL;
        struct xf *f = &x->xfs[i];

        for (size_t k = 0; k < g->ncodes; k++)
            if (g->codes[k].id == id)
                code = g->codes[k].code;
        /* as in XLSX: built-in date ids stay dates whatever the code */
        f->cls = ov_xl_format_class(id, code);
        if (code == NULL)
            code = ov_xl_builtin_format(id);
        if (f->cls == OV_XL_FMT_GENERAL && code != NULL)
            f->has_fmt = ov_xl_format_parse(code, &f->fmt);
    }
    return OV_OK;
}

/* the globals substream: from the first BOF to its EOF */
static ov_status
read_globals(struct xls *x, struct globals *g, const char *path, struct ov_err *err)
{
    size_t pos = 0;
    struct rec r;
    unsigned version;
    ov_status st = OV_OK;

    if (!next_rec(x, &pos, &r) || r.type != R_BOF || r.len < 4)
        return damaged(err, path, NULL,
                       "its Workbook stream does not begin with a BOF record");
    version = ov_xl_le16(r.p);
    if (version == 0x0500)
        return ov_xl_old_version(err, path, "Excel 5.0 or 95 (BIFF5)");
    if (version != 0x0600)
        return damaged(err, path, NULL,
                       "its first BOF record names version 0x%04x, not BIFF8 (0x0600, "
                       "Excel 97 to 2003)",
                       version);
    if (ov_xl_le16(r.p + 2) != 0x0005)
        return damaged(err, path, NULL,
                       "its first BOF record is not the workbook's (type 0x%04x)",
                       ov_xl_le16(r.p + 2));
    while (st == OV_OK) {
        if (!next_rec(x, &pos, &r))
            return ov_err_set(err, OV_EPARSE,
                              "%s: the .xls file is truncated or damaged: its workbook "
                              "records end before their EOF record",
                              path);
        switch (r.type) {
        case R_EOF:
            return OV_OK;
        case R_FILEPASS:
            /* everything after it is encrypted */
            return encrypted(err, path);
        case R_DATEMODE:
            if (r.len >= 2)
                x->d1904 = ov_xl_le16(r.p) == 1;
            break;
        case R_FORMAT:
            st = read_format(x, g, &r, path, err);
            break;
        case R_XF:
            if (r.len < 4)
                return damaged(err, path, NULL, "an XF record is cut short");
            if (!grow(&g->xf_fmt, x->nxfs, &g->capxf, sizeof *g->xf_fmt))
                return ov_err_nomem(err, "reading an .xls workbook's styles");
            g->xf_fmt[x->nxfs++] = ov_xl_le16(r.p + 2);
            break;
        case R_BOUNDSHEET:
            st = read_boundsheet(x, g, &r, path, err);
            break;
        case R_SST:
            if (x->sst_off != NULL)
                return damaged(err, path, NULL, "it has two shared string tables");
            st = read_sst(x, &r, path, err);
            break;
        case R_BOF:
            return damaged(err, path, NULL,
                           "a BOF record at offset %zu inside the workbook's records",
                           r.at);
        default:
            break;
        }
    }
    return st;
}

/* ---- a sheet ---- */

struct sheet_ctx {
    struct xls *x;
    struct ov_xl_grid *g;
    const char *path, *sheet;
    struct ov_err *err;
    ov_strbuf text;
};

static ov_status
sheet_bad(struct sheet_ctx *s, const struct rec *r, const char *what)
{
    return damaged(s->err, s->path, s->sheet, "%s (record 0x%04x at offset %zu)", what,
                   r->type, r->at);
}

static ov_status
add(struct sheet_ctx *s, unsigned row, unsigned col, enum ov_xl_kind kind, double num,
    const char *text, const char *shown)
{
    struct ov_err e;

    if (ov_xl_grid_add(s->g, row, col, kind, num, text, shown, &e) != OV_OK)
        return ov_err_set(s->err, e.status, "%s: sheet \"%s\": %s", s->path, s->sheet,
                          e.msg);
    return OV_OK;
}

/* a number in style xf: a date when its format is a date's, with the text
 * it is shown as when its format is a common number format */
static ov_status
add_number(struct sheet_ctx *s, unsigned row, unsigned col, unsigned xf, double num)
{
    const struct xf *f = xf < s->x->nxfs ? &s->x->xfs[xf] : NULL;
    char buf[96], plain[32];
    double days;

    if (f != NULL && f->cls == OV_XL_FMT_DATE &&
        ov_xl_serial_to_days(num, s->x->d1904, &days))
        return add(s, row, col, OV_XL_DATE, days, NULL, NULL);
    if (f != NULL && f->has_fmt && ov_xl_format_number(&f->fmt, num, buf, sizeof buf) &&
        strcmp(buf, ov_xl_plain_number(num, plain)) != 0)
        return add(s, row, col, OV_XL_NUMBER, num, NULL, buf);
    return add(s, row, col, OV_XL_NUMBER, num, NULL, NULL);
}

/* an RK number: 30 bits of an integer or of a double's high half, divided
 * by 100 when bit 0 says so */
static double
rk_value(uint32_t v)
{
    double d;

    if (v & 2) {
        d = (double)((int32_t)(v & 0xFFFFFFFCu) / 4);
    } else {
        uint64_t bits = (uint64_t)(v & 0xFFFFFFFCu) << 32;

        memcpy(&d, &bits, sizeof d);
    }
    return (v & 1) ? d / 100 : d;
}

static const char *
error_text(unsigned code)
{
    switch (code) {
    case 0x00:
        return "#NULL!";
    case 0x07:
        return "#DIV/0!";
    case 0x0F:
        return "#VALUE!";
    case 0x17:
        return "#REF!";
    case 0x1D:
        return "#NAME?";
    case 0x24:
        return "#NUM!";
    case 0x2A:
        return "#N/A";
    case 0x2B:
        return "#GETTING_DATA";
    default:
        return NULL;
    }
}

static ov_status
add_boolerr(struct sheet_ctx *s, const struct rec *r, unsigned row, unsigned col,
            unsigned v, bool is_error)
{
    const char *e;

    if (!is_error)
        return add(s, row, col, OV_XL_BOOL, v != 0, NULL, NULL);
    if ((e = error_text(v)) == NULL)
        return sheet_bad(s, r, "an error value Excel does not define");
    return add(s, row, col, OV_XL_ERROR, 0, e, NULL);
}

/* a text that may run on into CONTINUE records, from byte `skip` of r */
static ov_status
add_string(struct sheet_ctx *s, const struct rec *r, size_t skip, unsigned row,
           unsigned col)
{
    struct cont c;

    ov_strbuf_reset(&s->text);
    cont_init(&c, s->x, r, skip);
    if (!cont_string(&c, false, &s->text))
        return sheet_bad(s, r, "a text is cut short");
    if (ov_strbuf_status(&s->text) != OV_OK)
        return ov_err_nomem(s->err, "reading an .xls sheet's texts");
    /* an empty text shows nothing: an empty cell, as in ODS and XLSX */
    if (s->text.len == 0)
        return OV_OK;
    return add(s, row, col, OV_XL_TEXT, 0, ov_strbuf_cstr(&s->text), NULL);
}

static ov_status
add_mulrk(struct sheet_ctx *s, const struct rec *r)
{
    unsigned row, first, last;

    if (r->len < 6 || (r->len - 6) % 6 != 0)
        return sheet_bad(s, r, "a MULRK record of the wrong length");
    row = ov_xl_le16(r->p);
    first = ov_xl_le16(r->p + 2);
    last = ov_xl_le16(r->p + r->len - 2);
    if (last < first || last - first + 1 != (r->len - 6) / 6)
        return sheet_bad(s, r, "a MULRK record whose columns do not match its numbers");
    for (unsigned k = 0; first + k <= last; k++) {
        const unsigned char *q = r->p + 4 + 6 * k;
        ov_status st =
            add_number(s, row, first + k, ov_xl_le16(q), rk_value(le32(q + 2)));

        if (st != OV_OK)
            return st;
    }
    return OV_OK;
}

static ov_status
add_merges(struct sheet_ctx *s, const struct rec *r)
{
    unsigned n;
    struct ov_err e;

    if (r->len < 2 || r->len < 2 + 8 * (size_t)(n = ov_xl_le16(r->p)))
        return sheet_bad(s, r, "a MERGECELLS record is cut short");
    for (unsigned k = 0; k < n; k++) {
        const unsigned char *q = r->p + 2 + 8 * k;
        unsigned r0 = ov_xl_le16(q), r1 = ov_xl_le16(q + 2), c0 = ov_xl_le16(q + 4),
                 c1 = ov_xl_le16(q + 6);

        if (r1 < r0 || c1 < c0)
            return sheet_bad(s, r, "a merged range that ends before it begins");
        if (ov_xl_grid_add_merge(s->g, r0, c0, r1, c1, &e) != OV_OK)
            return ov_err_set(s->err, e.status, "%s: sheet \"%s\": %s", s->path,
                              s->sheet, e.msg);
    }
    return OV_OK;
}

/* a formula's cached result; *pending is set when it is a text in the
 * STRING record to follow */
static ov_status
add_formula(struct sheet_ctx *s, const struct rec *r, bool *pending)
{
    const unsigned char *v = r->p + 6;
    unsigned row, col;

    if (r->len < 20)
        return sheet_bad(s, r, "a FORMULA record is cut short");
    row = ov_xl_le16(r->p);
    col = ov_xl_le16(r->p + 2);
    if (v[6] != 0xFF || v[7] != 0xFF)
        return add_number(s, row, col, ov_xl_le16(r->p + 4), le_double(v));
    switch (v[0]) {
    case 0: /* a text, in the STRING record that follows */
        *pending = true;
        return OV_OK;
    case 1:
        return add_boolerr(s, r, row, col, v[2], false);
    case 2:
        return add_boolerr(s, r, row, col, v[2], true);
    case 3: /* the empty text */
        return OV_OK;
    default:
        return sheet_bad(s, r, "a formula result of unknown type");
    }
}

/* the used range a DIMENSION record states (rows rwMic to rwMac - 1,
 * columns colMic to colMac - 1): room for its cells at once instead of
 * growing the grid as they come, but never for more cells than the rest
 * of the workbook stream could hold (6 bytes each, in a MULRK), whatever
 * a damaged or hostile file says */
static ov_status
reserve_cells(struct sheet_ctx *s, const struct rec *r)
{
    uint32_t r0, r1;
    unsigned c0, c1;
    uint64_t n, room;

    if (r->len < 12)
        return OV_OK; /* a size hint only: the cells say what is there */
    r0 = le32(r->p);
    r1 = le32(r->p + 4);
    c0 = ov_xl_le16(r->p + 8);
    c1 = ov_xl_le16(r->p + 10);
    n = r1 > r0 && c1 > c0 ? (uint64_t)(r1 - r0) * (c1 - c0) : 0;
    room = (s->x->wblen - r->at) / 6;
    if (n > room)
        n = room;
    return n > 0 ? ov_xl_grid_reserve(s->g, (size_t)n, s->err) : OV_OK;
}

/* one record of the sheet's own substream */
static ov_status
sheet_record(struct sheet_ctx *s, const struct rec *r, bool *pending, unsigned *prow,
             unsigned *pcol)
{
    unsigned row, col;

    if (r->len < 6 &&
        (r->type == R_LABELSST || r->type == R_LABEL || r->type == R_RSTRING ||
         r->type == R_NUMBER || r->type == R_RK || r->type == R_BOOLERR))
        return sheet_bad(s, r, "a cell record is cut short");
    row = r->len >= 4 ? ov_xl_le16(r->p) : 0;
    col = r->len >= 4 ? ov_xl_le16(r->p + 2) : 0;
    switch (r->type) {
    case R_LABELSST: {
        uint32_t k;

        if (r->len < 10)
            return sheet_bad(s, r, "a LABELSST record is cut short");
        k = le32(r->p + 6);
        if (k >= s->x->nsst) {
            char name[16];

            return ov_err_set(s->err, OV_EPARSE,
                              "%s: sheet \"%s\", cell %s: the .xls file is damaged: "
                              "shared string %lu does not exist (the workbook has %zu)",
                              s->path, s->sheet, ov_xl_cell_name(row, col, name),
                              (unsigned long)k, s->x->nsst);
        }
        if (s->x->sst.data[s->x->sst_off[k]] == '\0')
            return OV_OK;
        return add(s, row, col, OV_XL_TEXT, 0, s->x->sst.data + s->x->sst_off[k], NULL);
    }
    case R_LABEL:
    case R_RSTRING:
        return add_string(s, r, 6, row, col);
    case R_NUMBER:
        if (r->len < 14)
            return sheet_bad(s, r, "a NUMBER record is cut short");
        return add_number(s, row, col, ov_xl_le16(r->p + 4), le_double(r->p + 6));
    case R_RK:
        if (r->len < 10)
            return sheet_bad(s, r, "an RK record is cut short");
        return add_number(s, row, col, ov_xl_le16(r->p + 4), rk_value(le32(r->p + 6)));
    case R_MULRK:
        return add_mulrk(s, r);
    case R_BOOLERR:
        if (r->len < 8)
            return sheet_bad(s, r, "a BOOLERR record is cut short");
        return add_boolerr(s, r, row, col, r->p[6], r->p[7] != 0);
    case R_FORMULA:
        *prow = row;
        *pcol = col;
        return add_formula(s, r, pending);
    case R_STRING:
        if (!*pending)
            return OV_OK; /* a STRING with no formula before it: nothing shown */
        *pending = false;
        return add_string(s, r, 0, *prow, *pcol);
    case R_MERGECELLS:
        return add_merges(s, r);
    case R_DIMENSION:
        return reserve_cells(s, r);
    default:
        return OV_OK; /* BLANK, MULBLANK, formatting, ... */
    }
}

static ov_status
read_sheet(struct sheet_ctx *s, size_t pos)
{
    struct rec r;
    unsigned depth = 0, prow = 0, pcol = 0;
    bool pending = false;
    unsigned long n = 0;
    ov_status st = OV_OK;
    size_t start = pos;

    if (!next_rec(s->x, &pos, &r) || r.type != R_BOF || r.len < 4)
        return damaged(
            s->err, s->path, s->sheet,
            "the workbook says the sheet begins at offset %zu, where there is "
            "no BOF record",
            start);
    if (ov_xl_le16(r.p) != 0x0600)
        return damaged(s->err, s->path, s->sheet,
                       "its BOF record names version 0x%04x, not BIFF8 (0x0600)",
                       ov_xl_le16(r.p));
    depth = 1;
    while (st == OV_OK) {
        if ((n++ & 4095) == 0 && ov_interrupted())
            return ov_err_interrupted(s->err);
        if (!next_rec(s->x, &pos, &r))
            return ov_err_set(
                s->err, OV_EPARSE,
                "%s: sheet \"%s\": the .xls file is truncated or damaged: "
                "the sheet's records end before their EOF record",
                s->path, s->sheet);
        if (r.type == R_BOF) {
            /* a chart or other object's own substream, with its own EOF */
            if (++depth > 16)
                return sheet_bad(s, &r, "substreams nested too deep");
            continue;
        }
        if (r.type == R_EOF) {
            if (--depth == 0)
                break;
            continue;
        }
        if (depth > 1 || r.type == R_CONTINUE)
            continue;
        /* only SHRFMLA, ARRAY and TABLE may come between a formula and the
         * STRING record with its text */
        if (pending && r.type != R_STRING && r.type != 0x04BC && r.type != 0x0221 &&
            r.type != 0x0236) {
            char name[16];

            return ov_err_set(s->err, OV_EPARSE,
                              "%s: sheet \"%s\", cell %s: the .xls file is damaged: a "
                              "formula's text result has no STRING record",
                              s->path, s->sheet, ov_xl_cell_name(prow, pcol, name));
        }
        st = sheet_record(s, &r, &pending, &prow, &pcol);
    }
    if (st == OV_OK && pending) {
        char name[16];

        return ov_err_set(s->err, OV_EPARSE,
                          "%s: sheet \"%s\", cell %s: the .xls file is damaged: a "
                          "formula's text result has no STRING record",
                          s->path, s->sheet, ov_xl_cell_name(prow, pcol, name));
    }
    return st;
}

static ov_status
xls_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out, struct ov_err *err)
{
    struct xls *x = b->impl;
    struct sheet_ctx s;
    ov_status st = OV_OK;

    *out = NULL;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.path = b->path;
    s.sheet = b->names[i]; /* ov_xl_read checked i */
    s.err = err;
    if (ov_interrupted())
        return ov_err_interrupted(err);
    if ((s.g = ov_xl_grid_new(err)) == NULL)
        return err != NULL ? err->status : OV_ENOMEM;
    /* a chart or macro sheet has no cells */
    if (x->worksheet[i])
        st = read_sheet(&s, x->bof[i]);
    if (st == OV_OK)
        st = ov_xl_grid_finish(s.g, err);
    ov_strbuf_free(&s.text);
    if (st != OV_OK) {
        ov_xl_grid_free(s.g);
        return st;
    }
    *out = s.g;
    return OV_OK;
}

static void
xls_close(ov_xl_book *b)
{
    struct xls *x = b->impl;

    if (x == NULL)
        return;
    ov_free(x->wb);
    ov_free(x->bof);
    ov_free(x->worksheet);
    ov_strbuf_free(&x->sst);
    ov_free(x->sst_off);
    ov_free(x->xfs);
    ov_free(x);
    b->impl = NULL;
}

static void
move_names(ov_xl_book *b, struct globals *g)
{
    b->names = g->names;
    b->nsheets = g->nnames;
    g->names = NULL;
    g->nnames = 0;
}

ov_status
ov_xl_xls_open(ov_xl_book *b, struct ov_err *err)
{
    struct xls *x;
    struct globals g;
    ov_status st;

    if ((x = ov_calloc(1, sizeof *x)) == NULL)
        return ov_err_nomem(err, "opening an .xls workbook");
    memset(&g, 0, sizeof g);
    b->impl = x;
    st = ov_xl_ole2_workbook(b->path, &x->wb, &x->wblen, err);
    if (st == OV_OK)
        st = read_globals(x, &g, b->path, err);
    if (st == OV_OK)
        st = classify_xfs(x, &g, err);
    if (st == OV_OK) {
        x->bof = g.bof;
        x->worksheet = g.worksheet;
        g.bof = NULL;
        g.worksheet = NULL;
        move_names(b, &g);
        b->read = xls_read;
        b->close = xls_close;
    } else {
        xls_close(b);
    }
    globals_free(&g);
    return st;
}
