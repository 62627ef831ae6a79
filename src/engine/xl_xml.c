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

#include "ov_mem.h"
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

/* the message for an error expat found itself, at its place in the
 * member (a part's line 1 begins after its prefix, at the part's column) */
static ov_status
xml_error(struct ov_xl_xml *x)
{
    enum XML_Error code = XML_GetErrorCode(x->parser);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(x->parser);
    unsigned long col = (unsigned long)XML_GetCurrentColumnNumber(x->parser);

    if (x->part != NULL) {
        size_t plen = strlen(x->part->prefix);

        if (line == 1)
            col = (col > plen ? col - plen : 0) + x->part->col;
        line += x->part->line - 1;
    }
    return ov_err_set(x->err, OV_EPARSE,
                      "%s: %s: line %lu, column %lu: the XML is not well formed: %s",
                      x->path, x->member, line, col + 1, XML_ErrorString(code));
}

/* after XML_Parse or XML_ParseBuffer said no: why */
static ov_status
stopped(struct ov_xl_xml *x)
{
    return x->st != OV_OK ? x->st : x->done ? OV_OK : xml_error(x);
}

ov_status
ov_xl_xml_parse(ov_zip *z, const char *member, XML_StartElementHandler start,
                XML_EndElementHandler end, XML_CharacterDataHandler text, void *ud,
                struct ov_err *err)
{
    struct ov_xl_handlers h = {start, end, text, NULL, NULL, NULL};

    return ov_xl_xml_parse_part(z, member, NULL, 0, NULL, &h, ud, err);
}

static ov_status
part_damaged(struct ov_xl_xml *x)
{
    return ov_err_set(x->err, OV_EPARSE,
                      "%s: %s: bytes %llu to %llu, where a sheet was found, are not "
                      "there any more (a damaged or changed file?)",
                      x->path, x->member, (unsigned long long)x->part->off,
                      (unsigned long long)x->part->end);
}

/* The bytes [off, end) of the member, from memory: handed to expat in
 * blocks so that an interrupt is seen. */
static ov_status
parse_mem(struct ov_xl_xml *x, const char *mem, uint64_t off, uint64_t end)
{
    uint64_t pos = off;

    for (;;) {
        size_t n = end - pos > XML_BLOCK ? XML_BLOCK : (size_t)(end - pos);
        bool final = pos + n == end;

        if (ov_interrupted())
            return ov_err_interrupted(x->err);
        if (XML_Parse(x->parser, mem + pos, (int)n, final) != XML_STATUS_OK)
            return stopped(x);
        if (final)
            return OV_OK;
        pos += n;
    }
}

/* The same from a stream: bytes before off are inflated and dropped */
static ov_status
parse_stream(struct ov_xl_xml *x, ov_zsrc *src, uint64_t off, uint64_t end)
{
    uint64_t pos = 0; /* of the next byte the stream gives */

    for (;;) {
        char *buf;
        ssize_t n;
        uint64_t lo, hi;
        bool final;

        if (ov_interrupted())
            return ov_err_interrupted(x->err);
        if ((buf = XML_GetBuffer(x->parser, (int)XML_BLOCK)) == NULL)
            return ov_err_nomem(x->err, "reading XML");
        if ((n = ov_zsrc_read(src, buf, XML_BLOCK, x->err)) < 0)
            return x->err != NULL ? x->err->status : OV_EPARSE;
        if (n == 0 && pos < end && x->part != NULL)
            return part_damaged(x);
        lo = pos > off ? pos : off;
        hi = pos + (uint64_t)n < end ? pos + (uint64_t)n : end;
        pos += (uint64_t)n;
        if (hi <= lo && n > 0)
            continue; /* before the part */
        final = n == 0 || pos >= end;
        if (hi > lo && lo > pos - (uint64_t)n)
            memmove(buf, buf + (lo - (pos - (uint64_t)n)), (size_t)(hi - lo));
        if (XML_ParseBuffer(x->parser, hi > lo ? (int)(hi - lo) : 0, final) !=
            XML_STATUS_OK)
            return stopped(x);
        if (final)
            return OV_OK;
    }
}

ov_status
ov_xl_xml_parse_part(ov_zip *z, const char *member, const char *mem, size_t len,
                     const struct ov_xl_part *part, const struct ov_xl_handlers *h,
                     void *ud, struct ov_err *err)
{
    struct ov_xl_xml x;
    ov_zsrc *src = NULL;
    ov_status st;
    uint64_t off = part != NULL ? part->off : 0, end = part != NULL  ? part->end
                                                       : mem != NULL ? len
                                                                     : UINT64_MAX;

    memset(&x, 0, sizeof x);
    x.ud = ud;
    x.path = ov_zip_path(z);
    x.member = member;
    x.err = err;
    x.part = part;
    if (off > end || (mem != NULL && end > len))
        return part_damaged(&x);
    if (mem == NULL) {
        long i = ov_zip_find(z, member);

        if (i < 0)
            return ov_err_set(err, OV_ENOTFOUND,
                              "%s: the member %s is missing (a damaged workbook?)",
                              ov_zip_path(z), member);
        st = ov_zip_member_open(z, (size_t)i, OV_XL_MAX_MEMBER, &src, err);
        if (st != OV_OK)
            return st;
    }
    x.parser = XML_ParserCreateNS(NULL, OV_XL_NS_SEP);
    if (x.parser == NULL) {
        ov_zsrc_close(src);
        return ov_err_nomem(err, "reading XML");
    }
    XML_SetUserData(x.parser, &x);
    XML_SetElementHandler(x.parser, h->start, h->end);
    XML_SetCharacterDataHandler(x.parser, h->text);
    XML_SetNamespaceDeclHandler(x.parser, h->ns_start, h->ns_end);
    XML_SetXmlDeclHandler(x.parser, h->decl);
    XML_SetStartDoctypeDeclHandler(x.parser, on_doctype);
    st = OV_OK;
    if (part != NULL && XML_Parse(x.parser, part->prefix, (int)strlen(part->prefix),
                                  XML_FALSE) != XML_STATUS_OK)
        st = stopped(&x);
    if (st == OV_OK && !x.done)
        st = mem != NULL ? parse_mem(&x, mem, off, end)
                         : parse_stream(&x, src, off, end);
    XML_ParserFree(x.parser);
    ov_zsrc_close(src);
    return st;
}

ov_status
ov_xl_member_load(ov_zip *z, const char *member, uint64_t limit, char **out,
                  size_t *len, struct ov_err *err)
{
    long i = ov_zip_find(z, member);
    uint64_t size;
    ov_zsrc *src = NULL;
    char *buf;
    size_t got = 0;
    ov_status st;

    *out = NULL;
    *len = 0;
    if (i < 0)
        return ov_err_set(err, OV_ENOTFOUND,
                          "%s: the member %s is missing (a damaged workbook?)",
                          ov_zip_path(z), member);
    size = ov_zip_size(z, (size_t)i);
    if (size > limit)
        return OV_OK;
    if ((st = ov_zip_member_open(z, (size_t)i, OV_XL_MAX_MEMBER, &src, err)) != OV_OK)
        return st;
    /* one byte more than the directory says, to see the end (zsource
     * refuses a member that yields more than its entry states) */
    if ((buf = ov_malloc((size_t)size + 2)) == NULL) {
        ov_zsrc_close(src);
        return ov_err_nomem(err, "reading a workbook");
    }
    for (;;) {
        ssize_t n = ov_zsrc_read(src, buf + got, (size_t)size + 1 - got, err);

        if (n < 0) {
            ov_free(buf);
            ov_zsrc_close(src);
            return err != NULL ? err->status : OV_EPARSE;
        }
        if (n == 0)
            break;
        got += (size_t)n;
        if (got > size)
            break;
    }
    ov_zsrc_close(src);
    if (got > size) {
        ov_free(buf);
        return ov_err_set(err, OV_EPARSE,
                          "%s: %s: longer than the zip's directory says (a damaged "
                          "workbook?)",
                          ov_zip_path(z), member);
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return OV_OK;
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
    if (fabs(x) < 1e15 && x == trunc(x)) {
        /* a whole number, as %.15g would print it (no exponent below
         * 10^15), without printf's float machinery: sheets are mostly
         * whole numbers, and this runs for every formatted one */
        uint64_t u = (uint64_t)fabs(x);
        char d[24];
        size_t n = 0, k = 0;

        do
            d[n++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (x < 0)
            buf[k++] = '-';
        while (n > 0)
            buf[k++] = d[--n];
        buf[k] = '\0';
        return buf;
    }
    snprintf(buf, 32, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, 32, "%.17g", x);
    return buf;
}
