/*
 * xl_layout.c - where the table is on a sheet: which rows are its title,
 * notes, header and data, which cells are markers. Official tables are
 * laid out for reading; the rules here are deliberately conservative and
 * are written out in docs (and in the comments below) so a user can say
 * by hand (range, skip, header_rows) what they do not get right. Reads
 * the grid only; building the table is xl_totable.c's.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ov_mem.h"
#include "value.h"
#include "xl_layout_int.h"

void
ov_sheet_opts_init(struct ov_sheet_opts *o)
{
    memset(o, 0, sizeof *o);
    o->skip = -1;
    o->header_rows = -1;
    o->header = true;
}

void
ov_xl_layout_free(struct xl_layout *l)
{
    ov_free(l->cols);
    ov_free(l->title);
    ov_free(l->notes);
    ov_free(l->blank);
    ov_free(l->gone);
    memset(l, 0, sizeof *l);
}

/* ---- markers ---- */

static const struct marker {
    const char *text;
    const char *meaning;
    bool flag; /* goes with a value */
    bool weak; /* a marker only in a column of numbers */
} markers[] = {
    {"..", "not available", false, false},
    {"[c]", "confidential", false, false},
    {"[x]", "not available", false, false},
    {"[z]", "not applicable", false, false},
    {"[low]", "low: rounds to zero", false, false},
    {"[u]", "low reliability", false, false},
    {"[e]", "estimated", true, false},
    {"[p]", "provisional", true, false},
    {"[r]", "revised", true, false},
    {"-", "nil or not applicable", false, true},
    {"*", "suppressed", false, true},
    {":", "not available", false, true},
};
#define MARKER_MAX 5 /* the longest marker's length: "[low]" */

static const struct marker *
find_marker(const char *s, size_t n)
{
    size_t i;

    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n > MARKER_MAX)
        return NULL; /* most texts: a label, not a marker */
    for (i = 0; i < sizeof markers / sizeof *markers; i++)
        if (strlen(markers[i].text) == n && strncasecmp(markers[i].text, s, n) == 0)
            return &markers[i];
    return NULL;
}

const char *
ov_xl_marker_meaning(const char *text, bool *flag)
{
    const struct marker *m = text != NULL ? find_marker(text, strlen(text)) : NULL;

    if (flag != NULL)
        *flag = m != NULL && m->flag;
    return m != NULL ? m->meaning : NULL;
}

/* "1,234 [p]", "-5.2[e]": a number (thousands separators allowed) with a
 * flag after it. */
static bool
flagged_number(const char *s, double *v, const char **flag)
{
    const char *open = strrchr(s, '[');
    char buf[64];
    size_t n = 0, digits = 0;
    const struct marker *m;
    const char *p;

    if (open == NULL || (m = find_marker(open, strlen(open))) == NULL || !m->flag)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    for (p = s; p < open && n < sizeof buf - 1; p++) {
        if (*p == ',') {
            /* a separator stands between digits */
            if (digits == 0 || !isdigit((unsigned char)p[1]))
                return false;
            continue;
        }
        if (isspace((unsigned char)*p))
            break;
        if (isdigit((unsigned char)*p))
            digits++;
        buf[n++] = *p;
    }
    for (; p < open; p++)
        if (!isspace((unsigned char)*p))
            return false;
    buf[n] = '\0';
    if (n == 0 || !ov_parse_float(buf, n, v, NULL))
        return false;
    *flag = m->text;
    return true;
}

enum xl_kind
ov_xl_kind_of(const struct ov_xl_cell *c, double *v, const char **flag)
{
    const struct marker *m;
    const char *s;

    *flag = NULL;
    if (c == NULL)
        return XK_BLANK;
    switch (c->kind) {
    case OV_XL_NUMBER:
        *v = c->num;
        return XK_NUM;
    case OV_XL_DATE:
        return XK_DATE;
    case OV_XL_BOOL:
        return XK_BOOL;
    case OV_XL_ERROR:
        return XK_ERR;
    case OV_XL_TEXT:
        break;
    default:
        return XK_BLANK;
    }
    s = c->text != NULL ? c->text : "";
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return XK_BLANK;
    /* every marker begins with one of these, and a flagged number with a
     * digit, a sign or a point: most labels are neither, and are not
     * measured or searched (a sheet has tens of thousands of them) */
    if (strchr("[.-*:", *s) != NULL && (m = find_marker(s, strlen(s))) != NULL) {
        *flag = m->text;
        return m->weak ? XK_WEAK : XK_MARK;
    }
    if ((isdigit((unsigned char)*s) || strchr("+-.", *s) != NULL) &&
        flagged_number(s, v, flag))
        return XK_FLAG;
    return XK_LABEL;
}

/* ---- helpers ---- */

const struct ov_xl_merge *
ov_xl_merge_at(const struct ov_xl_grid *g, uint32_t r, uint32_t c)
{
    size_t i;

    for (i = 0; i < g->nmerges; i++) {
        const struct ov_xl_merge *m = &g->merges[i];

        if (r >= m->r0 && r <= m->r1 && c >= m->c0 && c <= m->c1)
            return m;
    }
    return NULL;
}

const char *
ov_xl_col_name(uint32_t c, char *buf)
{
    char *p;

    ov_xl_cell_name(0, c, buf);
    for (p = buf; *p != '\0' && !isdigit((unsigned char)*p); p++)
        ;
    *p = '\0';
    return buf;
}

/* Appends x to the n of *v, doubling its room when n reaches a power of
 * two: a sheet with a million blank rows inside its table lists them in
 * twenty reallocations, not a million (which copied the list each time). */
static ov_status
push(uint32_t **v, size_t *n, uint32_t x)
{
    if ((*n & (*n - 1)) == 0) {
        uint32_t *nv = ov_realloc(*v, (*n == 0 ? 1 : 2 * *n) * sizeof *nv);

        if (nv == NULL)
            return OV_ENOMEM;
        *v = nv;
    }
    (*v)[(*n)++] = x;
    return OV_OK;
}

/* What one row holds between columns c0 and c1. */
struct rowinfo {
    size_t nonblank, labels, values; /* values: numbers, flags, markers */
    size_t weak, other;              /* weak markers; bools and errors */
    uint32_t first_col;              /* of the first non-blank cell */
    uint32_t cover;                  /* columns under labels and their merges */
    bool merged;                     /* a label starts a merge of over one cell */
    const char *first_text;          /* of a label, for messages */
};

static struct rowinfo
row_info(const struct ov_xl_grid *g, uint32_t r, uint32_t c0, uint32_t c1)
{
    struct rowinfo ri;
    size_t first, n = ov_xl_grid_row(g, r, &first), i;

    memset(&ri, 0, sizeof ri);
    for (i = first; i < first + n; i++) {
        const struct ov_xl_cell *c = &g->cells[i];
        const struct ov_xl_merge *m;
        const char *flag;
        double v;
        enum xl_kind k;

        if (c->col < c0 || c->col > c1)
            continue;
        k = ov_xl_kind_of(c, &v, &flag);
        if (k == XK_BLANK)
            continue;
        if (ri.nonblank++ == 0)
            ri.first_col = c->col;
        switch (k) {
        case XK_LABEL:
        case XK_DATE:
            ri.labels++;
            if (ri.first_text == NULL && k == XK_LABEL)
                ri.first_text = c->text;
            m = ov_xl_merge_at(g, r, c->col);
            if (m != NULL && m->r0 == r && m->c0 == c->col) {
                ri.cover += (m->c1 > c1 ? c1 : m->c1) - c->col + 1;
                ri.merged = ri.merged || m->r1 > r || m->c1 > c->col;
            } else
                ri.cover++;
            break;
        case XK_NUM:
        case XK_FLAG:
        case XK_MARK:
            ri.values++;
            break;
        case XK_WEAK:
            ri.weak++;
            break;
        default:
            ri.other++;
        }
    }
    return ri;
}

/* A row of column labels: at least two labels (one in a one-column
 * table), no numbers or markers, and labels (with their merges) over at
 * least half the columns. A title merged across the table is one label:
 * not a header. */
static bool
label_row(const struct rowinfo *ri, uint32_t width)
{
    return ri->values == 0 && ri->labels >= (width > 1 ? 2u : 1u) &&
           2 * ri->cover >= width;
}

/* The cell at (r, c) holds a label. */
static bool
label_at(const struct ov_xl_grid *g, uint32_t r, uint32_t c)
{
    const char *flag;
    double v;
    enum xl_kind k = ov_xl_kind_of(ov_xl_grid_at(g, r, c), &v, &flag);

    return k == XK_LABEL || k == XK_DATE;
}

static bool
blank_at(const struct ov_xl_grid *g, uint32_t r, uint32_t c)
{
    const char *flag;
    double v;

    return ov_xl_kind_of(ov_xl_grid_at(g, r, c), &v, &flag) == XK_BLANK;
}

/* A row of group labels over row `below`: no numbers, and a label (not in
 * the first column, which holds the rows' labels) that spans at least two
 * columns, by a merge or by blank cells after it, with labels under at
 * least two of those columns in `below`. ODS files often leave such
 * groups unmerged. */
static bool
group_row(const struct ov_xl_grid *g, uint32_t r, uint32_t below, uint32_t c0,
          uint32_t c1)
{
    struct rowinfo ri = row_info(g, r, c0, c1);
    uint32_t c;

    if (ri.values != 0 || ri.labels == 0)
        return false;
    for (c = c0 + 1; c <= c1; c++) {
        const struct ov_xl_merge *m;
        uint32_t end = c, under = 0, k;

        if (!label_at(g, r, c))
            continue;
        m = ov_xl_merge_at(g, r, c);
        if (m != NULL && m->c1 > c)
            end = m->c1 > c1 ? c1 : m->c1;
        else
            while (end + 1 <= c1 && blank_at(g, r, end + 1) &&
                   ov_xl_merge_at(g, r, end + 1) == NULL)
                end++;
        for (k = c; k <= end; k++)
            under += label_at(g, below, k);
        if (end > c && under >= 2)
            return true;
    }
    return false;
}

/* Every column of row r lies under a merge that starts in rows [h0, r). */
static bool
covered_row(const struct ov_xl_grid *g, uint32_t r, uint32_t h0, uint32_t c0,
            uint32_t c1)
{
    uint32_t c;

    for (c = c0; c <= c1; c++) {
        const struct ov_xl_merge *m = ov_xl_merge_at(g, r, c);

        if (m == NULL || m->r0 < h0 || m->r0 >= r)
            return false;
    }
    return true;
}

/* Some label in header rows [h0, last] spans columns (a merge, or blank
 * cells after it) under which row r has labels: r gives its sub-labels. */
static bool
sub_label_row(const struct ov_xl_grid *g, uint32_t h0, uint32_t last, uint32_t r,
              uint32_t c0, uint32_t c1)
{
    struct rowinfo ri = row_info(g, r, c0, c1);
    uint32_t h, c;

    if (ri.values != 0 || ri.other != 0 || ri.labels == 0)
        return false;
    for (h = h0; h <= last; h++)
        for (c = c0 + 1; c <= c1; c++) {
            const struct ov_xl_merge *m;
            uint32_t end = c, k, under = 0;

            if (!label_at(g, h, c))
                continue;
            m = ov_xl_merge_at(g, h, c);
            if (m != NULL && m->c1 > c)
                end = m->c1 > c1 ? c1 : m->c1;
            else
                while (end + 1 <= c1 && blank_at(g, h, end + 1) &&
                       ov_xl_merge_at(g, h, end + 1) == NULL)
                    end++;
            for (k = c; k <= end; k++)
                under += label_at(g, r, k);
            if (end > c && under >= 1)
                return true;
        }
    return false;
}

/* A row that reads as a note, not data: one label alone, or one that
 * starts with "Source" or "Note". */
static bool
note_like(const struct ov_xl_grid *g, uint32_t r, const struct rowinfo *ri,
          size_t width)
{
    const struct ov_xl_cell *c;
    const char *s;

    if (ri->nonblank == 0)
        return false;
    c = ov_xl_grid_at(g, r, ri->first_col);
    s = c != NULL && c->kind == OV_XL_TEXT ? c->text : NULL;
    if (s != NULL) {
        while (isspace((unsigned char)*s))
            s++;
        if (strncasecmp(s, "source", 6) == 0 || strncasecmp(s, "note", 4) == 0)
            return true;
    }
    return width > 1 && ri->nonblank == 1 && ri->labels == 1 && ri->values == 0;
}

/* What a cell is, for telling a header from data: a number (or a
 * marker, or a flagged number), a date, a text, or nothing. */
static int
cell_class(const struct ov_xl_cell *c)
{
    const char *flag;
    double v;

    switch (ov_xl_kind_of(c, &v, &flag)) {
    case XK_NUM:
    case XK_FLAG:
    case XK_MARK:
    case XK_WEAK:
        return 1;
    case XK_DATE:
        return 2;
    case XK_LABEL:
        return 3;
    case XK_BLANK:
        return 0;
    default:
        return 4;
    }
}

/* The first row with something in it, mostly labels over at least half
 * the columns but with a number among them, is the header when some cell
 * of it is not of the kind the column holds under it: Chicago's Complaint
 * Categories names its code column 111, a number over the codes "001",
 * "002"... (as a CSV's first row is its header unless every field reads
 * as the column below it). */
static bool
header_over_data(const struct ov_xl_grid *g, uint32_t r, uint32_t end,
                 const struct rowinfo *ri, uint32_t width)
{
    size_t first, n = ov_xl_grid_row(g, r, &first), i;

    if (ri->values == 0 || ri->labels < 2 || ri->values >= ri->labels ||
        2 * ri->cover < width)
        return false;
    for (i = first; i < first + n; i++) {
        const struct ov_xl_cell *c = &g->cells[i];
        int k = cell_class(c), below = 0;
        uint32_t b;

        if (k == 0 || c->col < g->col0 || c->col >= g->col0 + g->ncols)
            continue;
        for (b = r + 1; b < end && b <= r + 5 && below == 0; b++)
            below = cell_class(ov_xl_grid_at(g, b, c->col));
        if (below != 0 && below != k)
            return true;
    }
    return false;
}

/* How many of the columns c0..c1 have something in rows [r0, r1]. */
static uint32_t
columns_used(const struct ov_xl_grid *g, uint32_t r0, uint32_t r1, uint32_t c0,
             uint32_t c1)
{
    bool *used = ov_calloc((size_t)(c1 - c0) + 1, sizeof *used);
    uint32_t r, n = 0;

    if (used == NULL)
        return c1 - c0 + 1;
    for (r = r0; r <= r1; r++) {
        size_t first, k = ov_xl_grid_row(g, r, &first), i;

        for (i = first; i < first + k; i++) {
            const struct ov_xl_cell *c = &g->cells[i];
            const char *flag;
            double v;

            if (c->col < c0 || c->col > c1 || used[c->col - c0] ||
                ov_xl_kind_of(c, &v, &flag) == XK_BLANK)
                continue;
            used[c->col - c0] = true;
            n++;
        }
    }
    ov_free(used);
    return n;
}

/* Whether the row of labels r (ri) is a block of titles above the table,
 * not its header; if so, the row of the header under it. A block has a
 * label merged over more than one cell, blank rows under it (or rows only
 * its own merges cover), then no numbers until a row of labels over at
 * least half the columns used from there to the first row of numbers.
 * Chicago's FOIA reports put "Bureau of Internal Affairs" and "FOIA #
 * P046957 ... Source Data: CRMS", merged over six rows, beside the date in
 * K1, then a note, then the header "Number, Gender, Age, Race Desc" over
 * columns A to F. Headers stay headers: one of plain cells over a blank
 * row and data ("Date, Event, Place, Count" over a first row whose count
 * is empty), one with sub-labels after one or two blank rows (the Home
 * Office's "As at:"), as the header's own rows allow, and one over rows
 * of text only, with no numbers to tell. */
static bool
title_block(const struct ov_xl_grid *g, uint32_t r, const struct rowinfo *rri,
            uint32_t end, uint32_t c0, uint32_t c1, uint32_t *header)
{
    uint32_t n = r + 1, from, used, k;
    struct rowinfo ri;

    if (!rri->merged)
        return false;
    while (n < end && row_info(g, n, c0, c1).nonblank == 0)
        n++;
    if (n == r + 1 || n >= end || (n <= r + 3 && sub_label_row(g, r, r, n, c0, c1)))
        return false;
    for (from = n; n < end; n++) {
        if ((n & 4095) == 0 && ov_interrupted())
            return false;
        if (row_info(g, n, c0, c1).values > 0)
            break;
    }
    if (n >= end)
        return false;
    used = columns_used(g, from, n, c0, c1);
    for (k = from; k < n; k++) {
        ri = row_info(g, k, c0, c1);
        if (ri.labels >= 2 && ri.other == 0 && 2 * ri.cover >= used) {
            *header = k;
            return true;
        }
    }
    return false;
}

/* ---- the layout ---- */

static ov_status
nomem(struct ov_err *err, const char *sheet)
{
    char doing[256];

    snprintf(doing, sizeof doing, "finding the table on sheet %s", sheet);
    return ov_err_nomem(err, doing);
}

static const char *
range_name(uint32_t r0, uint32_t c0, uint32_t r1, uint32_t c1, char *buf)
{
    char a[16], b[16];

    snprintf(buf, 40, "%s:%s", ov_xl_cell_name(r0, c0, a), ov_xl_cell_name(r1, c1, b));
    return buf;
}

/* Rows [data0, r1] of the table: drops blank ones (counted), keeps the
 * columns c0..c1 (all of them, or only those with something in them). */
static ov_status
finish_rows(const struct ov_xl_grid *g, struct xl_layout *l, uint32_t c0, uint32_t c1,
            bool drop_empty_cols)
{
    uint32_t r, c;
    bool *used = ov_calloc((size_t)(c1 - c0) + 1, sizeof *used);

    if (used == NULL)
        return OV_ENOMEM;
    for (r = l->hdr0; r <= l->r1; r++) {
        size_t first, n = ov_xl_grid_row(g, r, &first), i;
        bool any = false;

        if ((r & 4095) == 0 && ov_interrupted()) {
            ov_free(used);
            return OV_EINTR;
        }
        for (i = first; i < first + n; i++) {
            const struct ov_xl_cell *cell = &g->cells[i];
            const char *flag;
            double v;

            if (cell->col < c0 || cell->col > c1 ||
                ov_xl_kind_of(cell, &v, &flag) == XK_BLANK)
                continue;
            used[cell->col - c0] = true;
            any = true;
        }
        if (r >= l->data0 && !any && push(&l->blank, &l->nblank, r) != OV_OK) {
            ov_free(used);
            return OV_ENOMEM;
        }
    }
    for (c = c0; c <= c1; c++) {
        ov_status st = !drop_empty_cols || used[c - c0] ? push(&l->cols, &l->ncols, c)
                                                        : push(&l->gone, &l->ngone, c);

        if (st != OV_OK) {
            ov_free(used);
            return st;
        }
    }
    ov_free(used);
    return OV_OK;
}

static ov_status
by_range(const struct ov_xl_grid *g, const char *source, const char *sheet,
         const struct ov_sheet_opts *o, struct xl_layout *l, struct ov_err *err)
{
    uint32_t r0, c0, r1, c1;
    char a[40], b[40];
    long h = o->header_rows < 0 ? 1 : o->header_rows;
    ov_status st;

    if (!ov_xl_parse_range(o->range, &r0, &c0, &r1, &c1))
        return ov_err_set(err, OV_EINVAL,
                          "%s: %s: range '%s' is not a range like A7:H60", source,
                          sheet, o->range);
    if (g->nrows == 0)
        return ov_err_set(err, OV_EINVAL, "%s: %s: range '%s': the sheet is empty",
                          source, sheet, o->range);
    if (r0 >= g->row0 + g->nrows || c0 >= g->col0 + g->ncols || r1 < g->row0 ||
        c1 < g->col0)
        return ov_err_set(err, OV_EINVAL,
                          "%s: %s: range '%s' lies outside the sheet's cells (%s)",
                          source, sheet, o->range,
                          range_name(g->row0, g->col0, g->row0 + g->nrows - 1,
                                     g->col0 + g->ncols - 1, a));
    if (o->skip > 0 && (uint64_t)r0 + (uint64_t)o->skip > r1)
        return ov_err_set(err, OV_EINVAL,
                          "%s: %s: skip = %ld leaves no rows of range '%s'", source,
                          sheet, o->skip, o->range);
    if (o->skip > 0) {
        r0 += (uint32_t)o->skip;
        l->skipped = o->skip;
    }
    if ((uint64_t)h > (uint64_t)(r1 - r0) + 1)
        return ov_err_set(
            err, OV_EINVAL,
            "%s: %s: header_rows = %ld, but the table (%s) has only %lu rows", source,
            sheet, h, range_name(r0, c0, r1, c1, b), (unsigned long)(r1 - r0 + 1));
    l->by_range = true;
    l->r0 = l->hdr0 = r0;
    l->r1 = r1;
    l->nhdr = (uint32_t)h;
    l->data0 = r0 + (uint32_t)h;
    if ((st = finish_rows(g, l, c0, c1, false)) != OV_OK)
        return st == OV_EINTR ? ov_err_interrupted(err) : nomem(err, sheet);
    return OV_OK;
}

/* What a sheet with no table holds, for the message. */
static ov_status
no_table(const struct ov_xl_grid *g, const char *source, const char *sheet,
         uint32_t from, struct ov_err *err)
{
    uint32_t r, end = g->row0 + g->nrows, rows = 0;
    const char *first = NULL;

    for (r = from; r < end; r++) {
        struct rowinfo ri = row_info(g, r, g->col0, g->col0 + g->ncols - 1);

        if (ri.nonblank == 0)
            continue;
        rows++;
        if (first == NULL)
            first = ri.first_text;
    }
    if (rows == 0)
        return ov_err_set(err, OV_ENOTFOUND,
                          "%s: %s: no table found: the sheet is empty", source, sheet);
    return ov_err_set(
        err, OV_ENOTFOUND,
        "%s: %s: no table found: %lu row%s of text (the first: '%.80s') and no "
        "row of column labels or numbers; give range = \"A1:H20\" or header "
        "= false",
        source, sheet, (unsigned long)rows, rows == 1 ? "" : "s",
        first != NULL ? first : "");
}

ov_status
ov_xl_find_layout(const struct ov_xl_grid *g, const char *source, const char *sheet,
                  const struct ov_sheet_opts *o, struct xl_layout *l,
                  struct ov_err *err)
{
    uint32_t c0 = g->col0, c1 = g->col0 + g->ncols - 1, end = g->row0 + g->nrows;
    uint32_t width = g->ncols, start = g->row0, h0, r, last, counted;
    bool found = false, seen = false, first;
    ov_status st;
    char a[40];

    memset(l, 0, sizeof *l);
    if (o->header_rows < -1)
        return ov_err_set(err, OV_EINVAL,
                          "%s: %s: header_rows = %d: expected 0 or more", source, sheet,
                          o->header_rows);
    if (o->range != NULL)
        return by_range(g, source, sheet, o, l, err);
    if (g->nrows == 0)
        return ov_err_set(err, OV_ENOTFOUND,
                          "%s: %s: no table found: the sheet is empty", source, sheet);
    if (o->skip > 0) {
        if ((uint64_t)o->skip >= g->nrows)
            return ov_err_set(
                err, OV_EINVAL,
                "%s: %s: skip = %ld leaves no rows: the sheet's cells are %s "
                "(%lu rows)",
                source, sheet, o->skip, range_name(g->row0, c0, end - 1, c1, a),
                (unsigned long)g->nrows);
        start += (uint32_t)o->skip;
        l->skipped = o->skip;
    }
    if (!o->header) {
        /* raw: every row from the first, every column */
        l->raw = true;
        l->r0 = l->hdr0 = l->data0 = start;
        l->r1 = end - 1;
        for (r = c0; r <= c1; r++)
            if (push(&l->cols, &l->ncols, r) != OV_OK)
                return nomem(err, sheet);
        return OV_OK;
    }

    /* the header: the first row of labels; with skip and header_rows
     * given, the first row with something in it */
    h0 = start;
    for (r = start; r < end; r++) {
        struct rowinfo ri = row_info(g, r, c0, c1);

        if (ri.nonblank == 0)
            continue;
        first = !seen;
        seen = true;
        if (o->skip >= 0 && o->header_rows >= 0) {
            found = true;
            h0 = r;
            break;
        }
        if (o->header_rows == 0
                ? (ri.values > 0 || ri.nonblank >= 2)
                : label_row(&ri, width) ||
                      (first && header_over_data(g, r, end, &ri, width))) {
            found = true;
            h0 = r;
            if (o->header_rows < 0)
                title_block(g, r, &ri, end, c0, c1, &h0);
            break;
        }
    }
    if (!found && o->header_rows < 0) {
        /* no row of labels: a table of numbers without a header? */
        for (r = start; r < end && !found; r++) {
            struct rowinfo ri = row_info(g, r, c0, c1);

            if (ri.values > 0) {
                found = true;
                h0 = r;
            }
        }
        if (!found)
            return no_table(g, source, sheet, start, err);
        l->nhdr = 0;
        l->hdr0 = l->data0 = h0;
    } else if (!found) {
        return no_table(g, source, sheet, start, err);
    } else if (o->header_rows >= 0) {
        l->hdr0 = h0;
        l->nhdr = (uint32_t)o->header_rows;
        if ((uint64_t)h0 + l->nhdr > end)
            return ov_err_set(
                err, OV_EINVAL,
                "%s: %s: header_rows = %d, but the table (%s) has only %lu rows",
                source, sheet, o->header_rows, range_name(h0, c0, end - 1, c1, a),
                (unsigned long)(end - h0));
        l->data0 = h0 + l->nhdr;
    } else {
        /* a row of group labels right above the first row of labels */
        if (h0 > start && group_row(g, h0 - 1, h0, c0, c1))
            h0--;
        /* then rows under merges from the header, and rows of sub-labels
         * under spanning labels: up to three rows of labels in all */
        last = h0;
        counted = 1;
        for (r = h0 + 1; r < end && counted < 3; r++) {
            if (covered_row(g, r, h0, c0, c1)) {
                last = r;
                continue;
            }
            if (row_info(g, r, c0, c1).nonblank == 0) {
                /* a blank row or two between the header's rows (Home
                 * Office tables leave one between "As at:" and the
                 * dates under it) belongs to the header when sub-labels
                 * follow */
                uint32_t n = r + 1;

                while (n < end && n <= r + 2 && row_info(g, n, c0, c1).nonblank == 0)
                    n++;
                if (n < end && n <= r + 2 && sub_label_row(g, h0, last, n, c0, c1)) {
                    last = r = n;
                    counted++;
                    continue;
                }
                break;
            }
            if (!sub_label_row(g, h0, last, r, c0, c1))
                break;
            last = r;
            counted++;
        }
        l->hdr0 = h0;
        l->nhdr = last - h0 + 1;
        l->data0 = last + 1;
    }
    l->r0 = l->hdr0;

    /* the end: the last row that is not a note (a lone label, a source) */
    l->r1 = l->data0 > l->hdr0 ? l->data0 - 1 : l->hdr0;
    for (r = l->data0; r < end; r++) {
        struct rowinfo ri = row_info(g, r, c0, c1);

        if ((r & 4095) == 0 && ov_interrupted())
            return ov_err_interrupted(err);
        if (ri.nonblank > 0 && !note_like(g, r, &ri, width))
            l->r1 = r;
    }
    if (l->r1 < l->data0 && l->nhdr > 0 && o->header_rows < 0)
        return ov_err_set(
            err, OV_ENOTFOUND,
            "%s: %s: no table found: a header at row %lu with no rows of data "
            "under it",
            source, sheet, (unsigned long)l->hdr0 + 1);

    /* above: the title (the first row, and rows right under it holding one
     * label in the same column), then notes; below: notes */
    {
        bool in_title = true;
        uint32_t tcol = 0;

        for (r = start; r < l->hdr0; r++) {
            struct rowinfo ri = row_info(g, r, c0, c1);

            if (ri.nonblank == 0) {
                if (l->ntitle > 0)
                    in_title = false;
                continue;
            }
            if (in_title &&
                (l->ntitle == 0 ||
                 (ri.nonblank == 1 && ri.first_col == tcol && l->ntitle < 3))) {
                tcol = ri.first_col;
                if (push(&l->title, &l->ntitle, r) != OV_OK)
                    return nomem(err, sheet);
                continue;
            }
            in_title = false;
            if (push(&l->notes, &l->nnotes, r) != OV_OK)
                return nomem(err, sheet);
        }
        l->nabove = l->nnotes;
        for (r = l->r1 + 1; r < end; r++) {
            struct rowinfo ri = row_info(g, r, c0, c1);

            if (ri.nonblank > 0 && push(&l->notes, &l->nnotes, r) != OV_OK)
                return nomem(err, sheet);
        }
    }
    if ((st = finish_rows(g, l, c0, c1, true)) != OV_OK)
        return st == OV_EINTR ? ov_err_interrupted(err) : nomem(err, sheet);
    return OV_OK;
}
