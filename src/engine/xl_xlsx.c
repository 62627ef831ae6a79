/*
 * xl_xlsx.c - Office Open XML workbooks (XLSX): the workbook's sheets
 * and relationships when opened; the shared strings and the styles (which
 * formats are dates, which show what) on the first read; then each
 * worksheet streamed through xl_xml.c into a sparse grid. A number with a
 * date format becomes a date (1900 or 1904 system); strings stay text,
 * however numeric they look. Part of libovengine.
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

#define REL_TYPE_TAIL_DOC "/officeDocument"
#define MAX_ROWS ((uint32_t)1 << 20)
#define MAX_COLS ((uint32_t)1 << 14)

struct rel {
    char *id, *type, *target; /* target: the member's full name */
};

/* what a style (an xf of cellXfs) makes of a number */
struct xf {
    enum ov_xl_fmt_class cls;
    bool has_fmt; /* fmt is a format shown text is made with */
    struct ov_xl_numfmt fmt;
};

struct xlsx {
    ov_zip *z;
    char **parts; /* each sheet's member; NULL for a chart or dialog sheet */
    bool *is_worksheet;
    bool date1904;
    char *sst_part, *styles_part; /* from the workbook's relationships */
    bool loaded;                  /* shared strings and styles read */
    ov_strbuf sst;                /* the strings, each NUL-terminated */
    size_t *sst_off;
    size_t nsst, capsst;
    struct xf *xfs;
    size_t nxfs, capxfs;
};

static void
xlsx_close(ov_xl_book *b)
{
    struct xlsx *w = b->impl;

    if (w == NULL)
        return;
    ov_zip_close(w->z);
    for (size_t i = 0; w->parts != NULL && i < b->nsheets; i++)
        ov_free(w->parts[i]);
    ov_free(w->parts);
    ov_free(w->is_worksheet);
    ov_free(w->sst_part);
    ov_free(w->styles_part);
    ov_strbuf_free(&w->sst);
    ov_free(w->sst_off);
    ov_free(w->xfs);
    ov_free(w);
    b->impl = NULL;
}

/* grows *p (of *cap elements of size sz) to hold n + 1 */
static bool
grow(void *p, size_t *cap, size_t n, size_t sz)
{
    void **pp = p;
    size_t c;
    void *q;

    if (n < *cap)
        return true;
    c = *cap ? *cap * 2 : 16;
    if ((q = ov_realloc(*pp, c * sz)) == NULL)
        return false;
    *pp = q;
    *cap = c;
    return true;
}

/* ---------------------------------------------------------------------
 * Relationships: which member each id names
 * --------------------------------------------------------------------- */

/* The member a relationship's target names, seen from the part at base
 * ("xl/workbook.xml"): "/xl/x.xml" from the root, "worksheets/sheet1.xml"
 * or "../x.xml" from base's folder. */
static char *
resolve(const char *base, const char *target)
{
    ov_strbuf b = OV_STRBUF_INIT;
    const char *slash = strrchr(base, '/');
    const char *p;

    if (target[0] == '/') {
        target++;
    } else if (slash != NULL) {
        ov_strbuf_append(&b, base, (size_t)(slash - base) + 1);
    }
    for (p = target; *p != '\0';) {
        const char *q = strchr(p, '/');
        size_t n = q != NULL ? (size_t)(q - p) : strlen(p);

        if (n == 2 && p[0] == '.' && p[1] == '.') {
            /* drop the last folder of what is built */
            size_t len = b.len;

            if (len > 0)
                len--;
            while (len > 0 && b.data[len - 1] != '/')
                len--;
            ov_strbuf_truncate(&b, len);
        } else if (!(n == 1 && p[0] == '.') && n > 0) {
            ov_strbuf_append(&b, p, n);
            if (q != NULL)
                ov_strbuf_putc(&b, '/');
        }
        p = q != NULL ? q + 1 : p + n;
    }
    return ov_strbuf_take(&b);
}

struct rels_ctx {
    const char *base;
    struct rel *r;
    size_t n, cap;
};

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct rels_ctx *c = x->ud;
    const char *id, *type, *target, *mode;
    struct rel *r;

    if (!ov_xl_is(name, NULL, "Relationship"))
        return;
    id = ov_xl_attr(atts, NULL, "Id");
    type = ov_xl_attr(atts, NULL, "Type");
    target = ov_xl_attr(atts, NULL, "Target");
    mode = ov_xl_attr(atts, NULL, "TargetMode");
    if (id == NULL || target == NULL || (mode != NULL && strcmp(mode, "External") == 0))
        return;
    if (!grow(&c->r, &c->cap, c->n, sizeof *c->r)) {
        ov_xl_xml_fail(x, OV_ENOMEM, "out of memory");
        return;
    }
    r = &c->r[c->n];
    r->id = ov_strdup(id);
    r->type = ov_strdup(type != NULL ? type : "");
    r->target = resolve(c->base, target);
    c->n++;
    if (r->id == NULL || r->type == NULL || r->target == NULL)
        ov_xl_xml_fail(x, OV_ENOMEM, "out of memory");
}

static void
rels_free(struct rels_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        ov_free(c->r[i].id);
        ov_free(c->r[i].type);
        ov_free(c->r[i].target);
    }
    ov_free(c->r);
}

/* The relationships of part base ("xl/workbook.xml" has
 * "xl/_rels/workbook.xml.rels"); none if that member is absent. */
static ov_status
rels_read(ov_zip *z, const char *base, struct rels_ctx *c, struct ov_err *err)
{
    const char *slash = strrchr(base, '/');
    ov_strbuf name = OV_STRBUF_INIT;
    ov_status st = OV_OK;

    memset(c, 0, sizeof *c);
    c->base = base;
    if (slash != NULL)
        ov_strbuf_append(&name, base, (size_t)(slash - base) + 1);
    ov_strbuf_printf(&name, "_rels/%s.rels", slash != NULL ? slash + 1 : base);
    if (ov_strbuf_status(&name) != OV_OK)
        st = ov_err_nomem(err, "opening a workbook");
    else if (ov_zip_find(z, ov_strbuf_cstr(&name)) >= 0)
        st = ov_xl_xml_parse(z, ov_strbuf_cstr(&name), rels_start, NULL, NULL, c, err);
    ov_strbuf_free(&name);
    return st;
}

static bool
type_is(const char *type, const char *tail)
{
    size_t n = strlen(type), t = strlen(tail);

    return n >= t && strcmp(type + n - t, tail) == 0;
}

/* ---------------------------------------------------------------------
 * The workbook: sheets and their parts, the date system
 * --------------------------------------------------------------------- */

struct wb_ctx {
    ov_xl_book *b;
    struct xlsx *w;
    const struct rels_ctx *rels;
    size_t cap;
};

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct wb_ctx *c = x->ud;
    ov_xl_book *b = c->b;
    struct xlsx *w = c->w;

    if (ov_xl_is(name, NULL, "workbookPr")) {
        const char *v = ov_xl_attr(atts, NULL, "date1904");

        w->date1904 = v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (ov_xl_is(name, NULL, "sheet")) {
        const char *n = ov_xl_attr(atts, NULL, "name");
        const char *rid = NULL;
        const char *part = NULL;
        bool ws = false;

        /* r:id: "id" in the relationships namespace (any, as strict
         * OOXML has its own), never an unqualified id */
        for (size_t i = 0; atts[i] != NULL; i += 2)
            if (ov_xl_is(atts[i], NULL, "id") && strchr(atts[i], OV_XL_NS_SEP) != NULL)
                rid = atts[i + 1];
        if (n == NULL) {
            ov_xl_xml_fail(x, OV_EPARSE, "sheet %zu has no name", b->nsheets + 1);
            return;
        }
        for (size_t i = 0; rid != NULL && i < c->rels->n; i++)
            if (strcmp(c->rels->r[i].id, rid) == 0) {
                part = c->rels->r[i].target;
                ws = type_is(c->rels->r[i].type, "/worksheet");
            }
        if (part == NULL)
            ws = true; /* reading it says the workbook is damaged */
        if (b->nsheets == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 16;
            char **names = ov_realloc(b->names, cap * sizeof *names);
            char **parts =
                names != NULL ? ov_realloc(w->parts, cap * sizeof *parts) : NULL;
            bool *isws =
                parts != NULL ? ov_realloc(w->is_worksheet, cap * sizeof *isws) : NULL;

            if (names != NULL)
                b->names = names;
            if (parts != NULL)
                w->parts = parts;
            if (isws == NULL) {
                ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
                return;
            }
            w->is_worksheet = isws;
            c->cap = cap;
        }
        b->names[b->nsheets] = ov_strdup(n);
        w->parts[b->nsheets] = part != NULL ? ov_strdup(part) : NULL;
        w->is_worksheet[b->nsheets] = ws;
        b->nsheets++;
        if (b->names[b->nsheets - 1] == NULL ||
            (part != NULL && w->parts[b->nsheets - 1] == NULL))
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the sheets' names");
    }
}

static ov_status xlsx_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out,
                           struct ov_err *err);

/* The workbook part: what the package's relationships name, else the
 * usual xl/workbook.xml. */
static ov_status
find_workbook(ov_zip *z, char **out, struct ov_err *err)
{
    struct rels_ctx root;
    ov_status st = rels_read(z, "", &root, err);

    *out = NULL;
    if (st != OV_OK) {
        rels_free(&root);
        return st;
    }
    for (size_t i = 0; i < root.n && *out == NULL; i++)
        if (type_is(root.r[i].type, REL_TYPE_TAIL_DOC) &&
            ov_zip_find(z, root.r[i].target) >= 0)
            *out = ov_strdup(root.r[i].target);
    rels_free(&root);
    if (*out == NULL)
        *out = ov_strdup("xl/workbook.xml");
    return *out != NULL ? OV_OK : ov_err_nomem(err, "opening a workbook");
}

ov_status
ov_xl_xlsx_open(ov_xl_book *b, struct ov_err *err)
{
    struct xlsx *w = ov_calloc(1, sizeof *w);
    struct rels_ctx rels;
    struct wb_ctx c;
    char *wb = NULL;
    ov_status st;
    size_t len;

    memset(&rels, 0, sizeof rels);
    if (w == NULL)
        return ov_err_nomem(err, "opening a workbook");
    b->impl = w;
    b->close = xlsx_close;
    b->read = xlsx_read;
    if ((st = ov_zip_open(b->path, &w->z, err)) != OV_OK)
        goto fail;
    if ((st = find_workbook(w->z, &wb, err)) != OV_OK)
        goto fail;
    len = strlen(wb);
    if (len > 4 && strcmp(wb + len - 4, ".bin") == 0) {
        st = ov_err_set(err, OV_EPARSE,
                        "%s: an XLSB (binary Excel) workbook, which oversight does not "
                        "read: save it as XLSX",
                        b->path);
        goto fail;
    }
    if ((st = rels_read(w->z, wb, &rels, err)) != OV_OK)
        goto fail;
    for (size_t i = 0; i < rels.n; i++) {
        char **slot = type_is(rels.r[i].type, "/sharedStrings") ? &w->sst_part
                      : type_is(rels.r[i].type, "/styles")      ? &w->styles_part
                                                                : NULL;

        if (slot != NULL && *slot == NULL &&
            (*slot = ov_strdup(rels.r[i].target)) == NULL) {
            st = ov_err_nomem(err, "opening a workbook");
            goto fail;
        }
    }
    memset(&c, 0, sizeof c);
    c.b = b;
    c.w = w;
    c.rels = &rels;
    if ((st = ov_xl_xml_parse(w->z, wb, wb_start, NULL, NULL, &c, err)) != OV_OK)
        goto fail;
    rels_free(&rels);
    ov_free(wb);
    return OV_OK;
fail:
    rels_free(&rels);
    ov_free(wb);
    xlsx_close(b);
    b->close = NULL;
    return st;
}

/* ---------------------------------------------------------------------
 * Shared strings and styles, read once, on the first sheet read
 * --------------------------------------------------------------------- */

/* Appends s, undoing OOXML's escape of characters XML cannot hold:
 * "_x000D_" is a carriage return, "_x005F_" an underscore. */
static void
put_unescaped(ov_strbuf *b, const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        const char *u = memchr(s + i, '_', n - i);
        size_t k;
        unsigned v = 0;

        if (u == NULL) {
            ov_strbuf_append(b, s + i, n - i);
            return;
        }
        k = (size_t)(u - s);
        ov_strbuf_append(b, s + i, k - i);
        if (k + 7 <= n && s[k + 1] == 'x' && s[k + 6] == '_' &&
            strspn(s + k + 2, "0123456789abcdefABCDEF") >= 4) {
            char hex[5] = {s[k + 2], s[k + 3], s[k + 4], s[k + 5], 0};

            v = (unsigned)strtoul(hex, NULL, 16);
            if (v < 0x80) {
                ov_strbuf_putc(b, (char)v);
            } else if (v < 0x800) {
                ov_strbuf_putc(b, (char)(0xC0 | (v >> 6)));
                ov_strbuf_putc(b, (char)(0x80 | (v & 0x3F)));
            } else {
                ov_strbuf_putc(b, (char)(0xE0 | (v >> 12)));
                ov_strbuf_putc(b, (char)(0x80 | ((v >> 6) & 0x3F)));
                ov_strbuf_putc(b, (char)(0x80 | (v & 0x3F)));
            }
            i = k + 7;
        } else {
            ov_strbuf_putc(b, '_');
            i = k + 1;
        }
    }
}

/* the text of an <si> or <is>: its <t>, or the <t> of its runs <r>, but
 * never the phonetic reading <rPh> */
struct rich {
    int in_t;
    int in_rph;
};

static bool
rich_start(struct rich *r, const char *name)
{
    if (ov_xl_is(name, NULL, "rPh")) {
        r->in_rph++;
        return true;
    }
    if (ov_xl_is(name, NULL, "t")) {
        r->in_t++;
        return true;
    }
    return false;
}

static void
rich_end(struct rich *r, const char *name)
{
    if (ov_xl_is(name, NULL, "rPh"))
        r->in_rph--;
    else if (ov_xl_is(name, NULL, "t"))
        r->in_t--;
}

struct sst_ctx {
    struct xlsx *w;
    bool in_si;
    size_t start;
    struct rich r;
};

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct sst_ctx *c = x->ud;

    (void)atts;
    if (ov_xl_is(name, NULL, "si")) {
        c->in_si = true;
        c->start = c->w->sst.len;
        memset(&c->r, 0, sizeof c->r);
    } else if (c->in_si) {
        rich_start(&c->r, name);
    }
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
    struct ov_xl_xml *x = ud;
    struct sst_ctx *c = x->ud;
    struct xlsx *w = c->w;

    if (!c->in_si)
        return;
    if (!ov_xl_is(name, NULL, "si")) {
        rich_end(&c->r, name);
        return;
    }
    c->in_si = false;
    ov_strbuf_putc(&w->sst, '\0');
    if (ov_strbuf_status(&w->sst) != OV_OK ||
        !grow(&w->sst_off, &w->capsst, w->nsst, sizeof *w->sst_off)) {
        ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the shared strings");
        return;
    }
    w->sst_off[w->nsst++] = c->start;
}

static void XMLCALL
sst_text(void *ud, const XML_Char *s, int len)
{
    struct ov_xl_xml *x = ud;
    struct sst_ctx *c = x->ud;

    if (c->in_si && c->r.in_t > 0 && c->r.in_rph == 0)
        put_unescaped(&c->w->sst, s, (size_t)len);
}

struct fmt_code {
    unsigned id;
    char *code;
};

struct styles_ctx {
    struct xlsx *w;
    struct fmt_code *codes;
    size_t ncodes, capcodes;
    bool in_cellxfs;
    unsigned *xf_fmt; /* each xf's numFmtId */
    size_t capfmt;
};

static void XMLCALL
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct styles_ctx *c = x->ud;
    struct xlsx *w = c->w;

    if (ov_xl_is(name, NULL, "numFmt")) {
        const char *id = ov_xl_attr(atts, NULL, "numFmtId");
        const char *code = ov_xl_attr(atts, NULL, "formatCode");

        if (id == NULL || code == NULL)
            return;
        if (!grow(&c->codes, &c->capcodes, c->ncodes, sizeof *c->codes) ||
            (c->codes[c->ncodes].code = ov_strdup(code)) == NULL) {
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the styles");
            return;
        }
        c->codes[c->ncodes++].id = (unsigned)strtoul(id, NULL, 10);
    } else if (ov_xl_is(name, NULL, "cellXfs")) {
        c->in_cellxfs = true;
    } else if (c->in_cellxfs && ov_xl_is(name, NULL, "xf")) {
        const char *id = ov_xl_attr(atts, NULL, "numFmtId");

        /* the two grow apart: xfs may keep the capacity of an earlier,
         * failed reading */
        if (!grow(&w->xfs, &w->capxfs, w->nxfs, sizeof *w->xfs) ||
            !grow(&c->xf_fmt, &c->capfmt, w->nxfs, sizeof *c->xf_fmt)) {
            ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading the styles");
            return;
        }
        c->xf_fmt[w->nxfs++] = id != NULL ? (unsigned)strtoul(id, NULL, 10) : 0;
    }
}

static void XMLCALL
styles_end(void *ud, const XML_Char *name)
{
    struct ov_xl_xml *x = ud;
    struct styles_ctx *c = x->ud;

    if (ov_xl_is(name, NULL, "cellXfs"))
        c->in_cellxfs = false;
}

/* what each style does to a number, from its format */
static void
styles_classify(struct styles_ctx *c)
{
    struct xlsx *w = c->w;

    for (size_t i = 0; i < w->nxfs; i++) {
        unsigned id = c->xf_fmt[i];
        const char *code = NULL;
        struct xf *f = &w->xfs[i];

        for (size_t k = 0; k < c->ncodes; k++)
            if (c->codes[k].id == id)
                code = c->codes[k].code;
        memset(f, 0, sizeof *f);
        /* a custom code may redefine a built-in id's look but not its
         * meaning as a date: Excel keeps 14-22 dates whatever the code */
        f->cls = ov_xl_format_class(id, code);
        if (code == NULL)
            code = ov_xl_builtin_format(id);
        if (f->cls == OV_XL_FMT_GENERAL && code != NULL)
            f->has_fmt = ov_xl_format_parse(code, &f->fmt);
    }
}

static ov_status
load_shared(ov_xl_book *b, struct ov_err *err)
{
    struct xlsx *w = b->impl;
    const char *sst = w->sst_part, *styles = w->styles_part;
    ov_status st = OV_OK;

    if (w->loaded)
        return OV_OK;
    if (sst == NULL && ov_zip_find(w->z, "xl/sharedStrings.xml") >= 0)
        sst = "xl/sharedStrings.xml";
    if (styles == NULL && ov_zip_find(w->z, "xl/styles.xml") >= 0)
        styles = "xl/styles.xml";
    if (sst != NULL && ov_zip_find(w->z, sst) >= 0) {
        struct sst_ctx c;

        memset(&c, 0, sizeof c);
        c.w = w;
        st = ov_xl_xml_parse(w->z, sst, sst_start, sst_end, sst_text, &c, err);
    }
    if (st == OV_OK && styles != NULL && ov_zip_find(w->z, styles) >= 0) {
        struct styles_ctx c;

        memset(&c, 0, sizeof c);
        c.w = w;
        st = ov_xl_xml_parse(w->z, styles, styles_start, styles_end, NULL, &c, err);
        if (st == OV_OK)
            styles_classify(&c);
        for (size_t i = 0; i < c.ncodes; i++)
            ov_free(c.codes[i].code);
        ov_free(c.codes);
        ov_free(c.xf_fmt);
    }
    if (st != OV_OK) {
        w->nsst = w->nxfs = 0;
        ov_strbuf_reset(&w->sst);
        return st;
    }
    w->loaded = true;
    return OV_OK;
}

/* ---------------------------------------------------------------------
 * A worksheet
 * --------------------------------------------------------------------- */

struct ws_ctx {
    struct xlsx *w;
    uint64_t room; /* the most cells the part's size allows */
    const char *sheet;
    struct ov_xl_grid *g;
    bool in_data; /* in sheetData */
    int64_t row;  /* the current row, from 0; -1 before the first */
    int64_t col;  /* the last cell's column in the row */
    bool in_cell;
    uint32_t crow, ccol;
    char type[12];
    long style;
    bool in_v, in_is, has_v;
    struct rich r;
    ov_strbuf v; /* <v>'s text, or the inline string's */
};

/* "B3" into row and column from 0 */
static bool
parse_ref(const char *s, uint32_t *row, uint32_t *col)
{
    uint32_t r0, c0, r1, c1;

    if (!ov_xl_parse_range(s, &r0, &c0, &r1, &c1) || r0 != r1 || c0 != c1)
        return false;
    *row = r0;
    *col = c0;
    return true;
}

/* the local part of a resolved name ("c" of "...main|c"): found once an
 * element, not once for each name it is compared with */
static const char *
local_of(const char *name)
{
    const char *sep = strrchr(name, OV_XL_NS_SEP);

    return sep != NULL ? sep + 1 : name;
}

static void
ws_cell_start(struct ov_xl_xml *x, struct ws_ctx *c, const char **atts)
{
    const char *ref = NULL, *t = NULL, *s = NULL;
    char name[16];

    /* r, t and s in one pass over the attributes (the first of each, as
     * ov_xl_attr finds): this runs for every cell */
    for (size_t k = 0; atts[k] != NULL; k += 2) {
        const char *a = local_of(atts[k]);

        if (a[0] == '\0' || a[1] != '\0')
            continue;
        if (a[0] == 'r' && ref == NULL)
            ref = atts[k + 1];
        else if (a[0] == 't' && t == NULL)
            t = atts[k + 1];
        else if (a[0] == 's' && s == NULL)
            s = atts[k + 1];
    }

    if (c->row < 0)
        c->row = 0; /* a cell outside any row: the first */
    if (ref != NULL) {
        if (!parse_ref(ref, &c->crow, &c->ccol)) {
            ov_xl_xml_fail(x, OV_EPARSE,
                           "sheet \"%s\", row %lld: a cell named \"%s\", which is no "
                           "cell of a sheet",
                           c->sheet, (long long)c->row + 1, ref);
            return;
        }
    } else {
        /* cells without names follow one another */
        if (c->col + 1 >= (int64_t)MAX_COLS || c->row >= (int64_t)MAX_ROWS) {
            ov_xl_xml_fail(x, OV_ERANGE,
                           "sheet \"%s\", row %lld: a cell past the last column (%s)",
                           c->sheet, (long long)c->row + 1,
                           ov_xl_cell_name((uint32_t)c->row, MAX_COLS - 1, name));
            return;
        }
        c->crow = (uint32_t)c->row;
        c->ccol = (uint32_t)(c->col + 1);
    }
    c->col = c->ccol;
    c->in_cell = true;
    c->has_v = c->in_v = c->in_is = false;
    memset(&c->r, 0, sizeof c->r);
    /* a longer type than any known one is cut, and refused as unknown */
    if (t == NULL)
        t = "n";
    {
        size_t n = strnlen(t, sizeof c->type - 1);

        memcpy(c->type, t, n);
        c->type[n] = '\0';
    }
    c->style = s != NULL ? strtol(s, NULL, 10) : 0;
    ov_strbuf_reset(&c->v);
}

/* "2019-09-30", "2019-09-30T12:30:00", with optional fraction and Z */
static bool
parse_iso(const char *s, double *out)
{
    int y, mo, d, h = 0, mi = 0, n = 0;
    double sec = 0;

    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    s += n;
    if (*s == 'T' || *s == ' ') {
        int m = 0;

        if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            return false;
        s += 1 + m;
        if (*s == ':') {
            char *end;

            sec = strtod(s + 1, &end);
            s = end;
        }
        if (h > 23 || mi > 59 || !(sec >= 0 && sec < 61))
            return false;
    }
    if (*s == 'Z')
        s++;
    if (*s != '\0' || y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return false;
    *out = (double)ov_xl_civil_days(y, (unsigned)mo, (unsigned)d) +
           (h * 3600.0 + mi * 60.0 + sec) / 86400.0;
    return true;
}

static bool
parse_num(const char *s, double *out)
{
    char *end;

    while (*s == ' ')
        s++;
    if (*s == '\0')
        return false;
    *out = strtod(s, &end);
    while (*end == ' ')
        end++;
    return *end == '\0' && isfinite(*out);
}

static void
ws_cell_end(struct ov_xl_xml *x, struct ws_ctx *c)
{
    struct xlsx *w = c->w;
    const char *v = ov_strbuf_cstr(&c->v);
    enum ov_xl_kind kind = OV_XL_EMPTY;
    double num = 0;
    const char *text = NULL, *shown = NULL;
    char name[16], buf[96], plain[32];
    struct ov_err e;
    const char *bad = NULL;

    c->in_cell = false;
    if (ov_strbuf_status(&c->v) != OV_OK) {
        ov_xl_xml_fail(x, OV_ENOMEM, "out of memory reading sheet \"%s\"", c->sheet);
        return;
    }
    if (strcmp(c->type, "inlineStr") == 0) {
        if (*v != '\0') {
            kind = OV_XL_TEXT;
            text = v;
        }
    } else if (!c->has_v) {
        return; /* a cell with a style and nothing in it */
    } else if (strcmp(c->type, "s") == 0) {
        char *end;
        unsigned long long k = strtoull(v, &end, 10);

        if (end == v || *end != '\0' || v[0] == '-') {
            bad = "a shared string's number";
        } else if (k >= w->nsst) {
            ov_xl_xml_fail(x, OV_EPARSE,
                           "sheet \"%s\", cell %s: shared string %llu does not exist "
                           "(the workbook has %zu)",
                           c->sheet, ov_xl_cell_name(c->crow, c->ccol, name), k,
                           w->nsst);
            return;
        } else {
            text = ov_strbuf_cstr(&w->sst) + w->sst_off[k];
            kind = *text != '\0' ? OV_XL_TEXT : OV_XL_EMPTY;
        }
    } else if (strcmp(c->type, "str") == 0) {
        if (*v != '\0') {
            kind = OV_XL_TEXT;
            text = v;
        }
    } else if (strcmp(c->type, "b") == 0) {
        kind = OV_XL_BOOL;
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            num = 1;
        else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0)
            bad = "true or false (1 or 0)";
    } else if (strcmp(c->type, "e") == 0) {
        if (*v != '\0') {
            kind = OV_XL_ERROR;
            text = v;
        }
    } else if (strcmp(c->type, "d") == 0) {
        kind = OV_XL_DATE;
        if (!parse_iso(v, &num))
            bad = "a date (as 2019-09-30T00:00:00)";
    } else if (strcmp(c->type, "n") == 0) {
        const struct xf *f =
            c->style >= 0 && (size_t)c->style < w->nxfs ? &w->xfs[c->style] : NULL;
        double days;

        kind = OV_XL_NUMBER;
        if (!parse_num(v, &num)) {
            bad = "a number";
        } else if (f != NULL && f->cls == OV_XL_FMT_DATE &&
                   ov_xl_serial_to_days(num, w->date1904, &days)) {
            kind = OV_XL_DATE;
            num = days;
        } else if (f != NULL && f->has_fmt &&
                   ov_xl_format_number(&f->fmt, num, buf, sizeof buf) &&
                   strcmp(buf, ov_xl_plain_number(num, plain)) != 0) {
            shown = buf;
        }
    } else {
        ov_xl_xml_fail(x, OV_EPARSE,
                       "sheet \"%s\", cell %s: an unknown cell type t=\"%s\"", c->sheet,
                       ov_xl_cell_name(c->crow, c->ccol, name), c->type);
        return;
    }
    if (bad != NULL) {
        ov_xl_xml_fail(x, OV_EPARSE,
                       "sheet \"%s\", cell %s: the value \"%s\" is not %s", c->sheet,
                       ov_xl_cell_name(c->crow, c->ccol, name), v, bad);
        return;
    }
    if (ov_xl_grid_add(c->g, c->crow, c->ccol, kind, num, text, shown, &e) != OV_OK)
        ov_xl_xml_fail(x, e.status, "sheet \"%s\": %s", c->sheet, e.msg);
}

static void XMLCALL
ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ov_xl_xml *x = ud;
    struct ws_ctx *c = x->ud;
    const char *loc = local_of(name);

    if (c->in_cell) {
        if (strcmp(loc, "v") == 0) {
            c->in_v = c->has_v = true;
        } else if (strcmp(loc, "is") == 0) {
            c->in_is = true;
        } else if (c->in_is) {
            rich_start(&c->r, name);
        }
        return;
    }
    if (strcmp(loc, "dimension") == 0) {
        /* the used range the file states: room for its cells at once, but
         * never for more than the part's bytes can hold (a cell is 15
         * bytes at least: <c><v>1</v></c>), whatever a hostile file says */
        const char *ref = ov_xl_attr(atts, NULL, "ref");
        uint32_t r0, c0, r1, c1;
        struct ov_err e;

        if (ref != NULL && ov_xl_parse_range(ref, &r0, &c0, &r1, &c1)) {
            uint64_t n = ((uint64_t)r1 - r0 + 1) * ((uint64_t)c1 - c0 + 1);

            if (n > c->room)
                n = c->room;
            if (ov_xl_grid_reserve(c->g, (size_t)n, &e) != OV_OK)
                ov_xl_xml_fail(x, e.status, "sheet \"%s\": %s", c->sheet, e.msg);
        }
    } else if (strcmp(loc, "sheetData") == 0) {
        c->in_data = true;
    } else if (c->in_data && strcmp(loc, "row") == 0) {
        const char *r = ov_xl_attr(atts, NULL, "r");

        if (r != NULL) {
            char *end;
            unsigned long n = strtoul(r, &end, 10);

            if (end == r || *end != '\0' || n < 1 || n > MAX_ROWS) {
                ov_xl_xml_fail(
                    x, OV_EPARSE,
                    "sheet \"%s\": a row numbered \"%s\" (rows are 1 to %lu)", c->sheet,
                    r, (unsigned long)MAX_ROWS);
                return;
            }
            c->row = (int64_t)n - 1;
        } else {
            c->row++;
        }
        c->col = -1;
        if ((c->row & 4095) == 0 && ov_interrupted())
            ov_xl_xml_fail(x, OV_EINTR, "interrupted");
    } else if (c->in_data && strcmp(loc, "c") == 0) {
        ws_cell_start(x, c, atts);
    } else if (strcmp(loc, "mergeCell") == 0) {
        const char *ref = ov_xl_attr(atts, NULL, "ref");
        uint32_t r0, c0, r1, c1;
        struct ov_err e;

        if (ref == NULL || !ov_xl_parse_range(ref, &r0, &c0, &r1, &c1)) {
            ov_xl_xml_fail(x, OV_EPARSE,
                           "sheet \"%s\": a merged range \"%s\" that is "
                           "no range of cells",
                           c->sheet, ref != NULL ? ref : "");
            return;
        }
        if (ov_xl_grid_add_merge(c->g, r0, c0, r1, c1, &e) != OV_OK)
            ov_xl_xml_fail(x, e.status, "sheet \"%s\": %s", c->sheet, e.msg);
    }
}

static void XMLCALL
ws_end(void *ud, const XML_Char *name)
{
    struct ov_xl_xml *x = ud;
    struct ws_ctx *c = x->ud;
    const char *loc = local_of(name);

    if (c->in_cell) {
        if (strcmp(loc, "c") == 0)
            ws_cell_end(x, c);
        else if (strcmp(loc, "v") == 0)
            c->in_v = false;
        else if (strcmp(loc, "is") == 0)
            c->in_is = false;
        else if (c->in_is)
            rich_end(&c->r, name);
        return;
    }
    if (strcmp(loc, "sheetData") == 0)
        c->in_data = false;
}

static void XMLCALL
ws_text(void *ud, const XML_Char *s, int len)
{
    struct ov_xl_xml *x = ud;
    struct ws_ctx *c = x->ud;

    if (!c->in_cell)
        return;
    if (c->in_v)
        ov_strbuf_append(&c->v, s, (size_t)len);
    else if (c->in_is && c->r.in_t > 0 && c->r.in_rph == 0)
        put_unescaped(&c->v, s, (size_t)len);
}

static ov_status
xlsx_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out, struct ov_err *err)
{
    struct xlsx *w = b->impl;
    struct ws_ctx c;
    ov_status st;

    *out = NULL;
    if ((st = load_shared(b, err)) != OV_OK)
        return st;
    if (w->parts[i] != NULL && w->is_worksheet[i] && ov_zip_find(w->z, w->parts[i]) < 0)
        return ov_err_set(
            err, OV_EPARSE,
            "%s: sheet \"%s\": its part %s is missing (a damaged workbook?)", b->path,
            b->names[i], w->parts[i]);
    if (w->parts[i] == NULL && w->is_worksheet[i])
        return ov_err_set(err, OV_EPARSE,
                          "%s: sheet \"%s\": the workbook does not say where it is (a "
                          "damaged workbook?)",
                          b->path, b->names[i]);
    memset(&c, 0, sizeof c);
    c.w = w;
    c.sheet = b->names[i];
    c.row = -1;
    c.col = -1;
    if (w->parts[i] != NULL) {
        long k = ov_zip_find(w->z, w->parts[i]);

        c.room = k >= 0 ? ov_zip_size(w->z, (size_t)k) / 15 : 0;
    }
    if ((c.g = ov_xl_grid_new(err)) == NULL)
        return err != NULL ? err->status : OV_ENOMEM;
    /* a chart or dialog sheet has no cells */
    if (w->is_worksheet[i])
        st = ov_xl_xml_parse(w->z, w->parts[i], ws_start, ws_end, ws_text, &c, err);
    if (st == OV_OK)
        st = ov_xl_grid_finish(c.g, err);
    ov_strbuf_free(&c.v);
    if (st != OV_OK) {
        ov_xl_grid_free(c.g);
        return st;
    }
    *out = c.g;
    return OV_OK;
}
