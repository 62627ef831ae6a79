/*
 * xl_ods.c - OpenDocument spreadsheets (ODS): content.xml streamed
 * through xl_xml.c into a sparse grid. Repeats of empty rows and cells
 * (a row written once with number-rows-repeated="1048558" over 16,384
 * columns) only move the position; repeated cells with a value are real
 * cells, expanded within OV_XL_MAX_CELLS. The stored value (office:value)
 * is the cell's; the text displayed (text:p) is kept as shown when it
 * reads otherwise ("5,517" over 5516.65). Opening finds where each
 * sheet's table is in content.xml (and the namespaces in force there), so
 * a sheet is parsed from its own table on, not from the top: reading every
 * sheet parses content.xml once in all. Part of libovengine.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ov_mem.h"
#include "strbuf.h"
#include "xl_int.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_CALCEXT                                                                     \
    "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"

/* the largest sheet LibreOffice and Excel make; a cell with a value past
 * it is refused rather than dropped */
#define MAX_ROWS ((uint64_t)1 << 20)
#define MAX_COLS ((uint64_t)1 << 14)
/* a repeat count is at most this (more only moves past the sheet's end) */
#define MAX_REPEAT ((uint64_t)1 << 31)

/* content.xml up to this size stays in memory while the book is open, so
 * that each sheet is parsed from its own table on; past it, each read
 * inflates the member again and skips the bytes before the table (never
 * parsing them), so memory stays bounded by the sheet read */
#define KEEP_MAX ((uint64_t)16 << 20)

/* where a sheet's table:table element is in content.xml */
struct table_at {
    uint64_t off, end;
    unsigned long line, col;
    size_t prefix; /* into ods.prefixes */
};

struct ods {
    ov_zip *z;
    char *xml; /* content.xml, or NULL when larger than KEEP_MAX */
    size_t len;
    struct table_at *at; /* one a sheet */
    char **prefixes;     /* "<w xmlns:p=\"uri\" ...>": usually one for all */
    size_t nprefixes;
    /* content.xml is not in UTF-8: a part of it, opened by a prefix in
     * UTF-8, would be misread, so each sheet is parsed from the top */
    bool whole;
};

/* ---------------------------------------------------------------------
 * Opening: the manifest (encrypted?) and the sheets' names
 * --------------------------------------------------------------------- */

/* a namespace declaration in scope */
struct nsdecl {
    char *prefix; /* NULL for the default namespace */
    char *uri;
};

struct names_ctx {
    ov_xl_book *b;
    struct ods *o;
    size_t cap;
    int depth; /* of table:table elements */
    bool spreadsheet;
    bool encrypted;
    bool started;      /* the root element was seen */
    struct nsdecl *ns; /* the declarations in scope, innermost last */
    size_t nns, capns;
};

static void XMLCALL
manifest_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct names_ctx *c = x->ud;

    (void)atts;
    if (ov_xl_is(name, NULL, "encryption-data")) {
        c->encrypted = true;
        ov_xl_xml_stop(x);
    }
}

static void XMLCALL
ns_start(void *ud, const XML_Char *prefix, const XML_Char *uri)
{
    struct ov_xl_xml *x = ud;
    struct names_ctx *c = x->ud;
    struct nsdecl d = {NULL, NULL};

    if (c->nns == c->capns) {
        size_t cap = c->capns ? c->capns * 2 : 32;
        struct nsdecl *p = ov_realloc(c->ns, cap * sizeof *p);

        if (p == NULL)
            goto nomem;
        c->ns = p;
        c->capns = cap;
    }
    if ((prefix != NULL && (d.prefix = ov_strdup(prefix)) == NULL) ||
        (d.uri = ov_strdup(uri != NULL ? uri : "")) == NULL) {
        ov_free(d.prefix);
        goto nomem;
    }
    c->ns[c->nns++] = d;
    return;
nomem:
    ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
}

static void
ns_pop(struct names_ctx *c)
{
    if (c->nns > 0) {
        c->nns--;
        ov_free(c->ns[c->nns].prefix);
        ov_free(c->ns[c->nns].uri);
    }
}

static void XMLCALL
ns_end(void *ud, const XML_Char *prefix)
{
    struct ov_xl_xml *x = ud;

    (void)prefix;
    ns_pop(x->ud);
}

/* an attribute value with what would end or break it escaped */
static void
put_escaped(ov_strbuf *b, const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s == '&')
            ov_strbuf_puts(b, "&amp;");
        else if (*s == '<')
            ov_strbuf_puts(b, "&lt;");
        else if (*s == '"')
            ov_strbuf_puts(b, "&quot;");
        else
            ov_strbuf_putc(b, *s);
    }
}

/* Where the table beginning now is, and the namespaces in force there,
 * as an element to open a parse of the table alone with. */
static bool
table_begins(struct ov_xl_xml *x, struct names_ctx *c, struct table_at *at)
{
    struct ods *o = c->o;
    ov_strbuf b;
    char *p, **np;

    at->off = (uint64_t)XML_GetCurrentByteIndex(x->parser);
    at->end = 0;
    at->line = (unsigned long)XML_GetCurrentLineNumber(x->parser);
    at->col = (unsigned long)XML_GetCurrentColumnNumber(x->parser);
    ov_strbuf_init(&b);
    ov_strbuf_puts(&b, "<w");
    for (size_t k = 0; k < c->nns; k++) {
        ov_strbuf_puts(&b, " xmlns");
        if (c->ns[k].prefix != NULL) {
            ov_strbuf_putc(&b, ':');
            ov_strbuf_puts(&b, c->ns[k].prefix);
        }
        ov_strbuf_puts(&b, "=\"");
        put_escaped(&b, c->ns[k].uri);
        ov_strbuf_putc(&b, '"');
    }
    ov_strbuf_putc(&b, '>');
    if (ov_strbuf_status(&b) != OV_OK)
        goto nomem;
    if (o->nprefixes > 0 &&
        strcmp(o->prefixes[o->nprefixes - 1], ov_strbuf_cstr(&b)) == 0) {
        ov_strbuf_free(&b);
        at->prefix = o->nprefixes - 1;
        return true;
    }
    if ((p = ov_strdup(ov_strbuf_cstr(&b))) == NULL)
        goto nomem;
    if ((np = ov_realloc(o->prefixes, (o->nprefixes + 1) * sizeof *np)) == NULL) {
        ov_free(p);
        goto nomem;
    }
    o->prefixes = np;
    o->prefixes[o->nprefixes] = p;
    at->prefix = o->nprefixes++;
    ov_strbuf_free(&b);
    return true;
nomem:
    ov_strbuf_free(&b);
    ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
    return false;
}

static void XMLCALL
names_decl(void *ud, const XML_Char *version, const XML_Char *encoding, int standalone)
{
    struct ov_xl_xml *x = ud;
    struct names_ctx *c = x->ud;

    (void)version;
    (void)standalone;
    if (encoding != NULL && strcasecmp(encoding, "UTF-8") != 0)
        c->o->whole = true;
}

static void XMLCALL
names_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct names_ctx *c = x->ud;
    ov_xl_book *b = c->b;

    if (!c->started) {
        /* UTF-16 need not declare itself: its '<' comes with a zero byte */
        int off = 0, size = 0;
        const char *ctx = XML_GetInputContext(x->parser, &off, &size);

        c->started = true;
        if (ctx == NULL || off + 1 >= size || ctx[off] != '<' || ctx[off + 1] == '\0')
            c->o->whole = true;
    }

    if (ov_xl_is(name, NS_OFFICE, "spreadsheet")) {
        c->spreadsheet = true;
        return;
    }
    if (!ov_xl_is(name, NS_TABLE, "table"))
        return;
    if (c->depth++ > 0 || !c->spreadsheet)
        return; /* a table inside a cell is no sheet */
    if (b->nsheets == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **p = ov_realloc(b->names, cap * sizeof *p);
        struct table_at *a;

        if (p == NULL) {
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
            return;
        }
        b->names = p;
        if ((a = ov_realloc(c->o->at, cap * sizeof *a)) == NULL) {
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
            return;
        }
        c->o->at = a;
        c->cap = cap;
    }
    if (!table_begins(x, c, &c->o->at[b->nsheets]))
        return;
    {
        const char *n = ov_xl_attr(atts, NS_TABLE, "name");
        char gen[32];

        if (n == NULL) {
            snprintf(gen, sizeof gen, "Sheet%zu", b->nsheets + 1);
            n = gen;
        }
        if ((b->names[b->nsheets] = ov_strdup(n)) == NULL) {
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
            return;
        }
        b->nsheets++;
    }
}

static void XMLCALL
names_end(void *ud, const XML_Char *name)
{
    struct ov_xl_xml *x = ud;
    struct names_ctx *c = x->ud;

    if (ov_xl_is(name, NS_TABLE, "table")) {
        if (--c->depth == 0 && c->spreadsheet && c->b->nsheets > 0)
            c->o->at[c->b->nsheets - 1].end =
                (uint64_t)XML_GetCurrentByteIndex(x->parser) +
                (uint64_t)XML_GetCurrentByteCount(x->parser);
    } else if (ov_xl_is(name, NS_OFFICE, "spreadsheet"))
        ov_xl_xml_stop(x); /* nothing after it names a sheet */
}

static ov_status ods_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out,
                          struct ov_err *err);

static void
ods_close(ov_xl_book *b)
{
    struct ods *o = b->impl;

    if (o == NULL)
        return;
    ov_zip_close(o->z);
    ov_free(o->xml);
    ov_free(o->at);
    for (size_t i = 0; i < o->nprefixes; i++)
        ov_free(o->prefixes[i]);
    ov_free(o->prefixes);
    ov_free(o);
    b->impl = NULL;
}

ov_status
ov_xl_ods_open(ov_xl_book *b, struct ov_err *err)
{
    struct ods *o = ov_calloc(1, sizeof *o);
    struct names_ctx c;
    ov_status st;

    if (o == NULL)
        return ov_err_nomem(err, "opening a workbook");
    b->impl = o;
    b->close = ods_close;
    b->read = ods_read;
    if ((st = ov_zip_open(b->path, &o->z, err)) != OV_OK)
        goto fail;
    memset(&c, 0, sizeof c);
    c.b = b;
    if (ov_zip_find(o->z, "META-INF/manifest.xml") >= 0) {
        st = ov_xl_xml_parse(o->z, "META-INF/manifest.xml", manifest_start, NULL, NULL,
                             &c, err);
        if (st != OV_OK)
            goto fail;
        if (c.encrypted) {
            st = ov_err_set(err, OV_EPARSE,
                            "%s: is encrypted (password-protected): open it in "
                            "LibreOffice and save it without a password",
                            b->path);
            goto fail;
        }
    }
    c.o = o;
    if ((st = ov_xl_member_load(o->z, "content.xml", KEEP_MAX, &o->xml, &o->len,
                                err)) != OV_OK)
        goto fail;
    {
        struct ov_xl_handlers h = {names_start, names_end, NULL,
                                   ns_start,    ns_end,    names_decl};

        st = ov_xl_xml_parse_part(o->z, "content.xml", o->xml, o->len, NULL, &h, &c,
                                  err);
    }
    while (c.nns > 0)
        ns_pop(&c);
    ov_free(c.ns);
    if (st != OV_OK)
        goto fail;
    if (!c.spreadsheet) {
        st = ov_err_set(err, OV_EPARSE,
                        "%s: an OpenDocument file but not a spreadsheet (content.xml "
                        "has no office:spreadsheet)",
                        b->path);
        goto fail;
    }
    return OV_OK;
fail:
    /* the caller frees names; the rest is ours */
    ods_close(b);
    b->close = NULL;
    return st;
}

/* ---------------------------------------------------------------------
 * Reading a sheet
 * --------------------------------------------------------------------- */

/* a cell of the row being read, kept until the row's repeat is known */
struct rcell {
    uint32_t col;
    enum ov_xl_kind kind;
    double num;
    size_t text, shown; /* offsets into rtext, SIZE_MAX for none */
};

struct rmerge {
    uint32_t col, ncols, nrows;
};

struct sheet_ctx {
    size_t want; /* the sheet to read */
    size_t seen; /* top-level tables begun so far */
    int depth;   /* of table:table elements */
    bool active; /* inside the wanted table, at its own level */
    bool spreadsheet;
    const char *sheet;
    struct ov_xl_grid *g;
    uint64_t row;     /* the next row's index */
    uint64_t row_rep; /* the current row's repeat */
    uint64_t col;     /* the next cell's column */
    bool in_row;
    /* the current cell */
    bool in_cell, covered;
    uint64_t col_rep;
    uint64_t ncols_span, nrows_span;
    char vtype[16];
    bool err_value;   /* calcext:value-type="error" */
    ov_strbuf value;  /* office:value, date-value, time-value... */
    ov_strbuf strval; /* office:string-value */
    bool has_value, has_strval;
    ov_strbuf text;     /* the paragraphs */
    int paras;          /* text:p begun in the cell */
    int in_p;           /* depth of text:p / text:h */
    int skip;           /* depth inside an annotation or drawing */
    bool p_start;       /* nothing yet in this paragraph */
    bool pending_space; /* white space seen, written before the next text */
    /* the row being read */
    struct rcell *rc;
    size_t nrc, caprc;
    struct rmerge *rm;
    size_t nrm, caprm;
    ov_strbuf rtext;
};

static const char *
cell_name(uint64_t row, uint64_t col, char *buf)
{
    if (row > UINT32_MAX || col > UINT32_MAX) {
        snprintf(buf, 16, "past the end");
        return buf;
    }
    return ov_xl_cell_name((uint32_t)row, (uint32_t)col, buf);
}

/* a repeat or span count: a positive integer (1 when absent) */
static bool
read_count(struct ov_xl_xml *x, struct sheet_ctx *c, const char *v, const char *what,
           uint64_t *out)
{
    char *end;
    unsigned long long n;
    char buf[16];

    if (v == NULL) {
        *out = 1;
        return true;
    }
    n = strtoull(v, &end, 10);
    if (end == v || *end != '\0' || n == 0 || v[0] == '-') {
        ov_xl_xml_fail(x, OV_EPARSE, "sheet \"%s\", cell %s: %s=\"%s\" is not a count",
                       c->sheet, cell_name(c->row, c->col, buf), what, v);
        return false;
    }
    *out = n > MAX_REPEAT ? MAX_REPEAT : n;
    return true;
}

static void
set_attr(ov_strbuf *b, bool *has, const char *v)
{
    ov_strbuf_reset(b);
    *has = v != NULL;
    if (v != NULL)
        ov_strbuf_puts(b, v);
}

static void
cell_begin(struct ov_xl_xml *x, struct sheet_ctx *c, const char **atts, bool covered)
{
    const char *v;

    c->in_cell = true;
    c->covered = covered;
    c->paras = c->in_p = c->skip = 0;
    ov_strbuf_reset(&c->text);
    if (!read_count(x, c, ov_xl_attr(atts, NS_TABLE, "number-columns-repeated"),
                    "table:number-columns-repeated", &c->col_rep) ||
        !read_count(x, c, ov_xl_attr(atts, NS_TABLE, "number-columns-spanned"),
                    "table:number-columns-spanned", &c->ncols_span) ||
        !read_count(x, c, ov_xl_attr(atts, NS_TABLE, "number-rows-spanned"),
                    "table:number-rows-spanned", &c->nrows_span))
        return;
    v = ov_xl_attr(atts, NS_OFFICE, "value-type");
    snprintf(c->vtype, sizeof c->vtype, "%s", v != NULL ? v : "");
    v = ov_xl_attr(atts, NS_CALCEXT, "value-type");
    c->err_value = v != NULL && strcmp(v, "error") == 0;
    v = ov_xl_attr(atts, NS_OFFICE, "value");
    if (v == NULL)
        v = ov_xl_attr(atts, NS_OFFICE, "date-value");
    if (v == NULL)
        v = ov_xl_attr(atts, NS_OFFICE, "time-value");
    if (v == NULL)
        v = ov_xl_attr(atts, NS_OFFICE, "boolean-value");
    set_attr(&c->value, &c->has_value, v);
    set_attr(&c->strval, &c->has_strval, ov_xl_attr(atts, NS_OFFICE, "string-value"));
}

/* "2019-09-30" or "2019-09-30T12:30:00.5": days since 1970-01-01 */
static bool
parse_date(const char *s, double *out)
{
    int y, mo, d, h = 0, mi = 0, n = 0;
    double sec = 0;

    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    s += n;
    if (*s == 'T') {
        int m = 0;

        if (sscanf(s, "T%2d:%2d:%lf%n", &h, &mi, &sec, &m) != 3)
            return false;
        s += m;
        if (h > 24 || mi > 59 || !(sec >= 0 && sec < 61))
            return false;
    }
    if (*s != '\0' || y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return false;
    *out = (double)ov_xl_civil_days(y, (unsigned)mo, (unsigned)d) +
           (h * 3600.0 + mi * 60.0 + sec) / 86400.0;
    return true;
}

/* an ISO 8601 duration "PT12H30M00S" (or "-P1DT2H"): a fraction of days */
static bool
parse_duration(const char *s, double *out)
{
    bool neg = *s == '-', time = false, any = false;
    double total = 0;

    s += neg;
    if (*s++ != 'P')
        return false;
    while (*s != '\0') {
        char *end;
        double v;

        if (*s == 'T' && !time) {
            time = true;
            s++;
            continue;
        }
        v = strtod(s, &end);
        if (end == s || !(v >= 0))
            return false;
        s = end;
        switch (*s++) {
        case 'D':
            total += v * 86400;
            break;
        case 'H':
            total += v * 3600;
            break;
        case 'M':
            if (!time)
                return false;
            total += v * 60;
            break;
        case 'S':
            total += v;
            break;
        default:
            return false;
        }
        any = true;
    }
    if (!any)
        return false;
    *out = (neg ? -total : total) / 86400;
    return true;
}

static bool
parse_number(const char *s, double *out)
{
    char *end;

    if (*s == '\0')
        return false;
    *out = strtod(s, &end);
    return *end == '\0' && !isnan(*out);
}

/* the cell's kind and value, from its attributes and text */
static bool
cell_value(struct ov_xl_xml *x, struct sheet_ctx *c, enum ov_xl_kind *kind, double *num,
           const char **text, const char **shown)
{
    const char *t = ov_strbuf_cstr(&c->text);
    const char *v = ov_strbuf_cstr(&c->value);
    char buf[32], name[16];
    const char *what = NULL;

    *kind = OV_XL_EMPTY;
    *num = 0;
    *text = *shown = NULL;
    if (c->err_value && *t != '\0') {
        *kind = OV_XL_ERROR;
        *text = t;
        return true;
    }
    if (strcmp(c->vtype, "float") == 0 || strcmp(c->vtype, "percentage") == 0 ||
        strcmp(c->vtype, "currency") == 0) {
        if (!c->has_value || !parse_number(v, num))
            what = "a number";
        *kind = OV_XL_NUMBER;
        if (what == NULL && *t != '\0' && strcmp(t, ov_xl_plain_number(*num, buf)) != 0)
            *shown = t;
    } else if (strcmp(c->vtype, "date") == 0) {
        if (!c->has_value || !parse_date(v, num))
            what = "a date";
        *kind = OV_XL_DATE;
        if (*t != '\0' && strcmp(t, v) != 0)
            *shown = t;
    } else if (strcmp(c->vtype, "time") == 0) {
        if (!c->has_value || !parse_duration(v, num))
            what = "a time";
        *kind = OV_XL_NUMBER;
        if (*t != '\0' && strcmp(t, v) != 0)
            *shown = t;
    } else if (strcmp(c->vtype, "boolean") == 0) {
        if (c->has_value && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0))
            *num = 1;
        else if (!c->has_value || (strcmp(v, "false") != 0 && strcmp(v, "0") != 0))
            what = "true or false";
        *kind = OV_XL_BOOL;
        if (*t != '\0' && strcasecmp(t, *num != 0 ? "TRUE" : "FALSE") != 0)
            *shown = t;
    } else {
        /* string, or no type: the text (a string-value wins over the
         * paragraphs, which are only its display) */
        const char *s = c->has_strval ? ov_strbuf_cstr(&c->strval) : t;

        /* empty paragraphs only (<text:p/><text:p/>, as some exports
         * write blank cells) show nothing: the cell is empty */
        if (strspn(s, "\n") < strlen(s)) {
            *kind = OV_XL_TEXT;
            *text = s;
        }
    }
    if (what != NULL) {
        ov_xl_xml_fail(x, OV_EPARSE,
                       "sheet \"%s\", cell %s: a %s cell whose value \"%s\" is not %s",
                       c->sheet, cell_name(c->row, c->col, name), c->vtype,
                       c->has_value ? v : "(none)", what);
        return false;
    }
    return true;
}

static size_t
keep_text(struct sheet_ctx *c, const char *s)
{
    size_t off = c->rtext.len;

    if (s == NULL)
        return SIZE_MAX;
    ov_strbuf_append(&c->rtext, s, strlen(s) + 1);
    return off;
}

static void
cell_end(struct ov_xl_xml *x, struct sheet_ctx *c)
{
    enum ov_xl_kind kind;
    double num;
    const char *text, *shown;
    char name[16];
    size_t t, sh;

    c->in_cell = false;
    if (c->covered || x->st != OV_OK) {
        c->col += c->col_rep;
        return;
    }
    if (!cell_value(x, c, &kind, &num, &text, &shown))
        return;
    if (kind == OV_XL_EMPTY) {
        c->col += c->col_rep;
        return;
    }
    if (c->col + c->col_rep > MAX_COLS || c->row >= MAX_ROWS) {
        ov_xl_xml_fail(x, OV_ERANGE,
                       "sheet \"%s\", cell %s: a value past the last column or row a "
                       "sheet can have (%llu columns, %llu rows)",
                       c->sheet, cell_name(c->row, c->col + c->col_rep - 1, name),
                       (unsigned long long)MAX_COLS, (unsigned long long)MAX_ROWS);
        return;
    }
    if (c->nrc + c->col_rep > OV_XL_MAX_CELLS - c->g->ncells) {
        ov_xl_xml_fail(
            x, OV_ERANGE,
            "sheet \"%s\", cell %s: repeated %llu times, the sheet holds more "
            "than %zu cells with something in them, the most oversight reads",
            c->sheet, cell_name(c->row, c->col, name), (unsigned long long)c->col_rep,
            OV_XL_MAX_CELLS);
        return;
    }
    t = keep_text(c, text);
    sh = keep_text(c, shown);
    if (c->nrc + c->col_rep > c->caprc) {
        size_t cap = c->caprc ? c->caprc : 64;
        struct rcell *p;

        while (cap < c->nrc + c->col_rep)
            cap *= 2;
        if ((p = ov_realloc(c->rc, cap * sizeof *p)) == NULL) {
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading sheet \"%s\"",
                           c->sheet);
            return;
        }
        c->rc = p;
        c->caprc = cap;
    }
    for (uint64_t k = 0; k < c->col_rep; k++)
        c->rc[c->nrc++] = (struct rcell){(uint32_t)(c->col + k), kind, num, t, sh};
    if (c->ncols_span > 1 || c->nrows_span > 1) {
        if (c->nrm == c->caprm) {
            size_t cap = c->caprm ? c->caprm * 2 : 16;
            struct rmerge *p = ov_realloc(c->rm, cap * sizeof *p);

            if (p == NULL) {
                ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading sheet \"%s\"",
                               c->sheet);
                return;
            }
            c->rm = p;
            c->caprm = cap;
        }
        c->rm[c->nrm++] = (struct rmerge){
            (uint32_t)c->col,
            (uint32_t)(c->ncols_span > MAX_COLS ? MAX_COLS : c->ncols_span),
            (uint32_t)(c->nrows_span > MAX_ROWS ? MAX_ROWS : c->nrows_span)};
    }
    c->col += c->col_rep;
}

/* the row's cells, once for each time it is repeated */
static void
row_end(struct ov_xl_xml *x, struct sheet_ctx *c)
{
    char name[16];
    struct ov_err e;

    c->in_row = false;
    if (x->st != OV_OK)
        return;
    if (ov_strbuf_status(&c->rtext) != OV_OK) {
        ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading sheet \"%s\"", c->sheet);
        return;
    }
    if (c->nrc > 0) {
        const char *texts = ov_strbuf_cstr(&c->rtext);

        if (c->row + c->row_rep > MAX_ROWS) {
            ov_xl_xml_fail(x, OV_ERANGE,
                           "sheet \"%s\", row %llu: a value past the last row a sheet "
                           "can have (%llu)",
                           c->sheet, (unsigned long long)(c->row + c->row_rep),
                           (unsigned long long)MAX_ROWS);
            return;
        }
        if (c->row_rep > (OV_XL_MAX_CELLS - c->g->ncells) / c->nrc) {
            ov_xl_xml_fail(x, OV_ERANGE,
                           "sheet \"%s\", cell %s: a row of %zu cells repeated %llu "
                           "times: the sheet holds more than %zu cells with something "
                           "in them, the most oversight reads",
                           c->sheet, cell_name(c->row, c->rc[0].col, name), c->nrc,
                           (unsigned long long)c->row_rep, OV_XL_MAX_CELLS);
            return;
        }
        for (uint64_t r = 0; r < c->row_rep; r++) {
            if ((r & 4095) == 4095 && ov_interrupted()) {
                ov_xl_xml_fail(x, OV_EINTR, "interrupted");
                return;
            }
            for (size_t k = 0; k < c->nrc; k++) {
                const struct rcell *rc = &c->rc[k];

                if (ov_xl_grid_add(c->g, (uint32_t)(c->row + r), rc->col, rc->kind,
                                   rc->num,
                                   rc->text == SIZE_MAX ? NULL : texts + rc->text,
                                   rc->shown == SIZE_MAX ? NULL : texts + rc->shown,
                                   &e) != OV_OK) {
                    ov_xl_xml_fail(x, e.status, "sheet \"%s\": %s", c->sheet, e.msg);
                    return;
                }
            }
            for (size_t k = 0; k < c->nrm; k++) {
                const struct rmerge *m = &c->rm[k];
                uint64_t r1 = c->row + r + m->nrows - 1,
                         c1 = (uint64_t)m->col + m->ncols - 1;

                if (ov_xl_grid_add_merge(c->g, (uint32_t)(c->row + r), m->col,
                                         (uint32_t)(r1 >= MAX_ROWS ? MAX_ROWS - 1 : r1),
                                         (uint32_t)(c1 >= MAX_COLS ? MAX_COLS - 1 : c1),
                                         &e) != OV_OK) {
                    ov_xl_xml_fail(x, e.status, "sheet \"%s\": %s", c->sheet, e.msg);
                    return;
                }
            }
        }
    }
    c->row += c->row_rep;
    c->nrc = c->nrm = 0;
    ov_strbuf_reset(&c->rtext);
}

/* white space in a paragraph's text collapses to one space, and none
 * leads or ends it (ODF 1.2 part 1, 6.1.2); text:s, text:tab and
 * text:line-break are kept as written */
static void
put_literal(struct sheet_ctx *c, const char *s, size_t n)
{
    if (c->pending_space) {
        ov_strbuf_putc(&c->text, ' ');
        c->pending_space = false;
    }
    ov_strbuf_append(&c->text, s, n);
    c->p_start = false;
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *s, int len)
{
    struct ov_xl_xml *x = ud;
    struct sheet_ctx *c = x->ud;
    int i = 0;

    if (!c->in_cell || c->in_p == 0 || c->skip > 0)
        return;
    while (i < len) {
        int j = i;

        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            while (i < len &&
                   (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                i++;
            if (!c->p_start)
                c->pending_space = true;
            continue;
        }
        while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
            j++;
        put_literal(c, s + i, (size_t)(j - i));
        i = j;
    }
}

static void
text_start(struct ov_xl_xml *x, struct sheet_ctx *c, const char *name,
           const char **atts)
{
    if (c->skip > 0 || ov_xl_is(name, NS_OFFICE, "annotation") ||
        !(strncmp(name, NS_TEXT, strlen(NS_TEXT)) == 0 &&
          name[strlen(NS_TEXT)] == OV_XL_NS_SEP)) {
        /* comments, drawings, anything not text: not the cell's text */
        c->skip++;
        return;
    }
    if (ov_xl_is(name, NS_TEXT, "p") || ov_xl_is(name, NS_TEXT, "h")) {
        if (c->in_p == 0) {
            if (c->paras++ > 0)
                ov_strbuf_putc(&c->text, '\n');
            c->p_start = true;
            c->pending_space = false;
        }
        c->in_p++;
    } else if (c->in_p > 0 && ov_xl_is(name, NS_TEXT, "s")) {
        const char *v = ov_xl_attr(atts, NS_TEXT, "c");
        long n = v != NULL ? strtol(v, NULL, 10) : 1;

        if (n < 1)
            n = 1;
        if (n > 65536) {
            ov_xl_xml_fail(x, OV_ERANGE, "sheet \"%s\": text:s with %ld spaces",
                           c->sheet, n);
            return;
        }
        put_literal(c, "", 0);
        ov_strbuf_repeat(&c->text, " ", (size_t)n);
    } else if (c->in_p > 0 && ov_xl_is(name, NS_TEXT, "tab")) {
        put_literal(c, "\t", 1);
    } else if (c->in_p > 0 && ov_xl_is(name, NS_TEXT, "line-break")) {
        put_literal(c, "\n", 1);
    } else if (ov_xl_is(name, NS_TEXT, "note")) {
        c->skip++; /* a footnote's body is not the cell's text */
    }
    /* text:span, text:a and the like: their text is the cell's */
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct sheet_ctx *c = x->ud;

    if (c->in_cell) {
        if (ov_xl_is(name, NS_TABLE, "table")) {
            c->depth++;
            c->skip++;
        } else {
            text_start(x, c, name, atts);
        }
        return;
    }
    if (ov_xl_is(name, NS_OFFICE, "spreadsheet")) {
        c->spreadsheet = true;
    } else if (ov_xl_is(name, NS_TABLE, "table")) {
        if (c->depth++ == 0 && c->spreadsheet) {
            const char *n = ov_xl_attr(atts, NS_TABLE, "name");

            c->active = c->seen++ == c->want;
            /* the table read is the one whose place the names' pass found */
            if (c->active && n != NULL && strcmp(n, c->sheet) != 0)
                ov_xl_xml_fail(
                    x, OV_EPARSE,
                    "sheet \"%s\" is not where it was found (table \"%s\" is "
                    "there instead): a damaged or changed file?",
                    c->sheet, n);
        }
    } else if (!c->active || c->depth != 1) {
        return;
    } else if (ov_xl_is(name, NS_TABLE, "table-row")) {
        c->in_row = true;
        c->col = 0;
        c->nrc = c->nrm = 0;
        ov_strbuf_reset(&c->rtext);
        read_count(x, c, ov_xl_attr(atts, NS_TABLE, "number-rows-repeated"),
                   "table:number-rows-repeated", &c->row_rep);
    } else if (c->in_row && ov_xl_is(name, NS_TABLE, "table-cell")) {
        cell_begin(x, c, atts, false);
    } else if (c->in_row && ov_xl_is(name, NS_TABLE, "covered-table-cell")) {
        cell_begin(x, c, atts, true);
    }
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
    struct ov_xl_xml *x = ud;
    struct sheet_ctx *c = x->ud;

    if (c->in_cell) {
        if (ov_xl_is(name, NS_TABLE, "table")) {
            c->depth--;
            c->skip--;
        } else if (c->skip > 0) {
            c->skip--;
        } else if (ov_xl_is(name, NS_TEXT, "p") || ov_xl_is(name, NS_TEXT, "h")) {
            c->in_p--;
            c->pending_space = c->pending_space && c->in_p > 0;
        } else if (ov_xl_is(name, NS_TABLE, "table-cell") ||
                   ov_xl_is(name, NS_TABLE, "covered-table-cell")) {
            cell_end(x, c);
        }
        return;
    }
    if (ov_xl_is(name, NS_TABLE, "table")) {
        if (--c->depth == 0 && c->active)
            ov_xl_xml_stop(x); /* the wanted sheet is read */
    } else if (c->active && c->depth == 1 && c->in_row &&
               ov_xl_is(name, NS_TABLE, "table-row")) {
        row_end(x, c);
    }
}

static ov_status
ods_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out, struct ov_err *err)
{
    struct ods *o = b->impl;
    struct sheet_ctx c;
    ov_status st;

    *out = NULL;
    memset(&c, 0, sizeof c);
    /* the part of content.xml from the table on, which is the first
     * table there, inside the spreadsheet; or the whole, read to the
     * i-th table */
    c.want = o->whole ? i : 0;
    c.spreadsheet = !o->whole;
    c.sheet = b->names[i];
    if ((c.g = ov_xl_grid_new(err)) == NULL)
        return err != NULL ? err->status : OV_ENOMEM;
    {
        struct ov_xl_handlers h = {sheet_start, sheet_end, sheet_text,
                                   NULL,        NULL,      NULL};
        const struct table_at *at = &o->at[i];
        struct ov_xl_part part = {at->off, at->end, o->prefixes[at->prefix], at->line,
                                  at->col};

        st = ov_xl_xml_parse_part(o->z, "content.xml", o->xml, o->len,
                                  o->whole ? NULL : &part, &h, &c, err);
    }
    if (st == OV_OK &&
        (ov_strbuf_status(&c.text) != OV_OK || ov_strbuf_status(&c.value) != OV_OK ||
         ov_strbuf_status(&c.strval) != OV_OK))
        st = ov_err_nomem(err, "reading a sheet");
    if (st == OV_OK && c.seen <= c.want)
        st = ov_err_set(err, OV_EPARSE, "%s: content.xml: sheet \"%s\" is missing",
                        b->path, c.sheet);
    if (st == OV_OK)
        st = ov_xl_grid_finish(c.g, err);
    ov_free(c.rc);
    ov_free(c.rm);
    ov_strbuf_free(&c.rtext);
    ov_strbuf_free(&c.text);
    ov_strbuf_free(&c.value);
    ov_strbuf_free(&c.strval);
    if (st != OV_OK) {
        ov_xl_grid_free(c.g);
        return st;
    }
    *out = c.g;
    return OV_OK;
}
