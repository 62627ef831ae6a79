/*
 * xl_int.h - what the workbook readers share: the book each fills in, and
 * the XML reading ODS and XLSX have in common. Private to xl*.c.
 */
#ifndef OV_XL_INT_H
#define OV_XL_INT_H

#include <expat.h>

#include "xl.h"
#include "zsource.h"

struct ov_xl_book {
    enum ov_xl_format format;
    char *path;
    char **names; /* the sheets' names, malloc'd, nsheets of them */
    size_t nsheets;
    /* reads sheet i into a new grid */
    ov_status (*read)(ov_xl_book *b, size_t i, struct ov_xl_grid **out,
                      struct ov_err *err);
    /* frees impl (not names or path) */
    void (*close)(ov_xl_book *b);
    void *impl;
};

/* Each reader's opener: b->format and b->path are set; it fills names,
 * nsheets, read, close and impl, or returns an error having freed what it
 * allocated. */
ov_status ov_xl_ods_open(ov_xl_book *b, struct ov_err *err);
ov_status ov_xl_xlsx_open(ov_xl_book *b, struct ov_err *err);
ov_status ov_xl_xls_open(ov_xl_book *b, struct ov_err *err);

/* ---- .xls: BIFF8 records (xl_xls.c) in an OLE2 container (xl_ole2.c) ---- */

/* A little-endian 16-bit number, as BIFF and OLE2 store them. */
static inline unsigned
ov_xl_le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* Refuses an Excel workbook older than BIFF8, naming `which` version. */
ov_status ov_xl_old_version(struct ov_err *err, const char *path, const char *which);

/* ---- the OLE2 container of .xls (xl_ole2.c, libgsf) ----
 * The stream named Workbook (Excel 97 and later) or Book (Excel 5.0 and
 * 95) of the OLE2 compound file at path, whole, into *data (ov_malloc'd,
 * the caller's to ov_free; *len bytes). On failure *data is NULL and the
 * error names the file: it cannot be opened (OV_EIO), it is an Excel 2.x
 * to 4.0 worksheet (a bare BIFF2 to BIFF4 stream, said by name) or no
 * OLE2 file, its container is truncated or damaged (with libgsf's reason),
 * or it holds no workbook (a Word document). Nothing is printed: glib's
 * and libgsf's messages are caught while it runs. */
ov_status ov_xl_ole2_workbook(const char *path, unsigned char **data, size_t *len,
                              struct ov_err *err);

/* ---- XML, shared by the ODS and XLSX readers (xl_xml.c) ----
 *
 * Names reach the handlers with their namespace resolved, as
 * "URI|local" ("urn:oasis:names:tc:opendocument:xmlns:table:1.0|
 * table-cell"), or "local" for a name in no namespace: producers choose
 * their own prefixes (x:c, table:table-cell), the URIs are fixed. */
#define OV_XL_NS_SEP '|'

/* One parse, handed to every handler as its user data. */
struct ov_xl_xml {
    void *ud; /* the reader's own data */
    XML_Parser parser;
    const char *path;   /* the workbook's */
    const char *member; /* the zip member's name */
    struct ov_err *err;
    ov_status st;                  /* OV_OK until a handler fails */
    const struct ov_xl_part *part; /* the part parsed, or NULL */
    bool done; /* a handler ended the parse early (ov_xl_xml_stop) */
};

/* Parses zip member `member` of z as XML with the given handlers, each
 * called with a struct ov_xl_xml whose ud is `ud`. The member is streamed
 * in blocks through ov_zsrc (limits of zsource.h and OV_XL_MAX_MEMBER);
 * ov_interrupted() is polled every block. A document with a DOCTYPE is
 * refused (no entity can expand). XML errors name the file, member, line
 * and column. A missing member is an error (OV_ENOTFOUND). A handler may
 * stop the parse with ov_xl_xml_fail, whose error is returned, or end it
 * early with ov_xl_xml_stop, which returns OV_OK. */
ov_status ov_xl_xml_parse(ov_zip *z, const char *member, XML_StartElementHandler start,
                          XML_EndElementHandler end, XML_CharacterDataHandler text,
                          void *ud, struct ov_err *err);

/* Part of a member to parse, instead of the whole: bytes [off, end),
 * after `prefix`, an opening tag declaring the namespaces in force at off
 * ("<w xmlns:table=\"...\">"; its end tag is never needed, as the handlers
 * stop the parse when the part's element ends). line and col are where
 * off is in the member (from 1), so that messages point into the member
 * rather than into the part. */
struct ov_xl_part {
    uint64_t off, end;
    const char *prefix;
    unsigned long line, col;
};

/* The handlers of one parse; any may be NULL. The namespace ones see
 * each xmlns declaration as it comes into and out of scope. */
struct ov_xl_handlers {
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
    XML_StartNamespaceDeclHandler ns_start;
    XML_EndNamespaceDeclHandler ns_end;
    XML_XmlDeclHandler decl; /* the <?xml ...?> declaration */
};

/* As ov_xl_xml_parse, with more handlers, and reading the member from
 * mem (len bytes: the whole member, as ov_xl_member_load read it) when
 * mem is not NULL, and only the part `part` of it when part is not NULL
 * (from a stream, the bytes before part->off are inflated and skipped,
 * never parsed). */
ov_status ov_xl_xml_parse_part(ov_zip *z, const char *member, const char *mem,
                               size_t len, const struct ov_xl_part *part,
                               const struct ov_xl_handlers *h, void *ud,
                               struct ov_err *err);

/* Reads member `member` of z whole into a new buffer (*out, len bytes,
 * NUL-terminated, freed with ov_free) when its directory entry says it
 * is at most `limit` bytes; *out is NULL (and OV_OK returned) when it is
 * larger, for the caller to stream it instead. */
ov_status ov_xl_member_load(ov_zip *z, const char *member, uint64_t limit, char **out,
                            size_t *len, struct ov_err *err);

/* From inside a handler: fails the parse with st and the message
 * "PATH: MEMBER: " followed by fmt's. Later calls are ignored. */
void ov_xl_xml_fail(struct ov_xl_xml *x, ov_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* From inside a handler: ends the parse early, successfully. */
void ov_xl_xml_stop(struct ov_xl_xml *x);

/* Whether the resolved name is local name `local` in namespace `ns` (any
 * namespace, or none, when ns is NULL). */
bool ov_xl_is(const char *name, const char *ns, const char *local);

/* The value of attribute (ns, local) in expat's name/value list, or
 * NULL. */
const char *ov_xl_attr(const char **atts, const char *ns, const char *local);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t ov_xl_civil_days(int64_t y, unsigned m, unsigned d);

/* The shortest text that reads back as x ("5516.65", "0.1", "2019"),
 * into buf of at least 32 bytes: what a number "plainly" reads as, to
 * compare a file's displayed text with. */
const char *ov_xl_plain_number(double x, char *buf);

/* ---- Excel number formats (xl_numfmt.c) ---- */

/* The code of a built-in format id ("#,##0.00" for 4), or NULL. */
const char *ov_xl_builtin_format(unsigned id);

enum ov_xl_fmt_class {
    OV_XL_FMT_GENERAL, /* a number shown as a number */
    OV_XL_FMT_DATE,    /* a date or time: the serial is a date */
    OV_XL_FMT_TEXT     /* "@": text */
};

/* What format id (with its code, NULL for a built-in one) shows: a date
 * for ids 14-22 and 45-47 and for codes with d, m, y, h or s outside
 * quotes, brackets and escapes. */
enum ov_xl_fmt_class ov_xl_format_class(unsigned id, const char *code);

/* The common number formats: [#,##]0...[.0...][%] ("0", "000", "0.00",
 * "#,##0", "#,##0.00", "0%", "0.0%"). */
struct ov_xl_numfmt {
    int int_digits; /* zeros before the point: the least digits shown */
    int decimals;
    bool group; /* thousands separated by commas */
    bool percent;
};

/* Whether code is one of those; fills f if so. */
bool ov_xl_format_parse(const char *code, struct ov_xl_numfmt *f);

/* x as format f shows it, rounded half away from zero on its 15
 * significant digits as Excel does; false if it does not fit buf or is
 * too large (1e15 and over) to show exactly. */
bool ov_xl_format_number(const struct ov_xl_numfmt *f, double x, char *buf,
                         size_t size);

#endif /* OV_XL_INT_H */
