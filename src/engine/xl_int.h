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

/* Parses zip member `member` of z as XML with the given handlers and
 * user data, streamed in blocks through ov_zsrc (limits of zsource.h and
 * OV_XL_MAX_MEMBER). A document with a DOCTYPE is refused (no entity can
 * expand). XML errors name the file, member, line and column. A handler
 * may stop the parse with ov_xl_xml_fail, whose error is returned. */
struct ov_xl_xml;
ov_status ov_xl_xml_parse(ov_zip *z, const char *member, XML_StartElementHandler start,
                          XML_EndElementHandler end, XML_CharacterDataHandler text,
                          void *ud, struct ov_err *err);
/* From inside a handler: the parser (for ud and position). */
void ov_xl_xml_fail(void *parser, ov_status st, const char *fmt, ...);

#endif /* OV_XL_INT_H */
