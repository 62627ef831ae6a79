/*
 * xl_xml.c - the XML reading ODS and XLSX share: a zip member streamed
 * through libexpat in blocks (never read whole), with namespaces
 * resolved, any DOCTYPE refused (no entity is ever declared, so none can
 * expand: the "billion laughs"), and errors that name the file, member,
 * line and column. Also the small helpers both readers need.
 * Part of libovengine; knows nothing of what the XML means.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl_int.h"

/* bytes handed to expat at a time: large enough that the per-block costs
 * vanish, small enough that memory stays flat */
#define XML_BLOCK ((size_t)256 << 10)

void
ov_xl_xml_fail(struct ov_xl_xml *x, ov_status st, const char *fmt, ...)
{
    char msg[OV_ERR_MSG_MAX];
    va_list ap;

    if (x->st != OV_OK || x->done)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->st = ov_err_set(x->err, st, "%s: %s: %s", x->path, x->member, msg);
    XML_StopParser(x->parser, XML_FALSE);
}

void
ov_xl_xml_stop(struct ov_xl_xml *x)
{
    if (x->st != OV_OK || x->done)
        return;
    x->done = true;
    XML_StopParser(x->parser, XML_FALSE);
}

/* A DOCTYPE is where entities would be declared: a workbook has no use
 * for one, so any is refused before its first declaration is read. */
static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal_subset)
{
    struct ov_xl_xml *x = ud;

    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    if (x->st != OV_OK)
        return;
    x->st = ov_err_set(x->err, OV_EPARSE,
                       "%s: %s: XML with a DOCTYPE is refused (entity expansion)",
                       x->path, x->member);
    XML_StopParser(x->parser, XML_FALSE);
}

/* the message for an error expat found itself */
static ov_status
xml_error(struct ov_xl_xml *x)
{
    enum XML_Error code = XML_GetErrorCode(x->parser);

    return ov_err_set(x->err, OV_EPARSE,
                      "%s: %s: line %lu, column %lu: the XML is not well formed: %s",
                      x->path, x->member,
                      (unsigned long)XML_GetCurrentLineNumber(x->parser),
                      (unsigned long)XML_GetCurrentColumnNumber(x->parser) + 1,
                      XML_ErrorString(code));
}

ov_status
ov_xl_xml_parse(ov_zip *z, const char *member, XML_StartElementHandler start,
                XML_EndElementHandler end, XML_CharacterDataHandler text, void *ud,
                struct ov_err *err)
{
    struct ov_xl_xml x;
    long i = ov_zip_find(z, member);
    ov_zsrc *src = NULL;
    ov_status st;
    bool final = false;

    if (i < 0)
        return ov_err_set(err, OV_ENOTFOUND,
                          "%s: the member %s is missing (a damaged workbook?)",
                          ov_zip_path(z), member);
    st = ov_zip_member_open(z, (size_t)i, OV_XL_MAX_MEMBER, &src, err);
    if (st != OV_OK)
        return st;
    memset(&x, 0, sizeof x);
    x.ud = ud;
    x.path = ov_zip_path(z);
    x.member = member;
    x.err = err;
    x.parser = XML_ParserCreateNS(NULL, OV_XL_NS_SEP);
    if (x.parser == NULL) {
        ov_zsrc_close(src);
        return ov_err_nomem(err, "reading XML");
    }
    XML_SetUserData(x.parser, &x);
    XML_SetElementHandler(x.parser, start, end);
    XML_SetCharacterDataHandler(x.parser, text);
    XML_SetStartDoctypeDeclHandler(x.parser, on_doctype);
    while (!final) {
        void *buf;
        ssize_t n;

        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            break;
        }
        buf = XML_GetBuffer(x.parser, (int)XML_BLOCK);
        if (buf == NULL) {
            st = ov_err_nomem(err, "reading XML");
            break;
        }
        n = ov_zsrc_read(src, buf, XML_BLOCK, err);
        if (n < 0) {
            st = err != NULL ? err->status : OV_EPARSE;
            break;
        }
        final = n == 0;
        if (XML_ParseBuffer(x.parser, (int)n, final) != XML_STATUS_OK) {
            st = x.st != OV_OK ? x.st : x.done ? OV_OK : xml_error(&x);
            break;
        }
    }
    XML_ParserFree(x.parser);
    ov_zsrc_close(src);
    return st;
}

bool
ov_xl_is(const char *name, const char *ns, const char *local)
{
    const char *sep = strrchr(name, OV_XL_NS_SEP);
    const char *loc = sep != NULL ? sep + 1 : name;

    if (strcmp(loc, local) != 0)
        return false;
    if (ns == NULL)
        return true;
    return sep != NULL && (size_t)(sep - name) == strlen(ns) &&
           memcmp(name, ns, (size_t)(sep - name)) == 0;
}

const char *
ov_xl_attr(const char **atts, const char *ns, const char *local)
{
    for (size_t i = 0; atts[i] != NULL; i += 2)
        if (ov_xl_is(atts[i], ns, local))
            return atts[i + 1];
    return NULL;
}

int64_t
ov_xl_civil_days(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil */
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

const char *
ov_xl_plain_number(double x, char *buf)
{
    if (x == 0) {
        strcpy(buf, "0"); /* -0 too */
        return buf;
    }
    snprintf(buf, 32, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, 32, "%.17g", x);
    return buf;
}
