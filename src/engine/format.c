/*
 * format.c - tables to text. The box and plain layouts share one plan:
 * the rows to show, each cell's display text, column widths cut to fit the
 * width; the machine formats (CSV, TSV, Markdown, JSON) write every row.
 */
#include "config.h"

#include "format.h"
#include "format_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fraction.h"
#include "ov_mem.h"
#include "stats.h"
#include "tablenote.h"
#include "value.h"

static const char *const mode_names[OV_FMT_NMODES] = {"box", "plain",    "csv",
                                                      "tsv", "markdown", "json"};

const char *
ov_fmt_mode_name(enum ov_fmt_mode m)
{
    return (unsigned)m < OV_FMT_NMODES ? mode_names[m] : "?";
}

int
ov_fmt_mode_from_name(const char *s)
{
    int i;

    for (i = 0; i < OV_FMT_NMODES; i++)
        if (strcmp(s, mode_names[i]) == 0)
            return i;
    return -1;
}

void
ov_fmt_opts_init(struct ov_fmt_opts *o, enum ov_fmt_mode mode)
{
    memset(o, 0, sizeof *o);
    o->mode = mode;
    o->max_rows = 10;
    o->types = true;
    o->footer = true;
    o->header = true;
    o->small = 10;
}

size_t
ov_text_byte_width(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];

    if ((c & 0xC0) == 0x80)
        return 0; /* continuation byte */
    /* combining diacritical marks U+0300-U+036F take no cell */
    if (c == 0xCC || (c == 0xCD && i + 1 < n && (unsigned char)s[i + 1] < 0xB0))
        return 0;
    return 1;
}

size_t
ov_text_width(const char *s, size_t n)
{
    size_t w = 0, i;

    for (i = 0; i < n; i++)
        w += ov_text_byte_width(s, n, i);
    return w;
}

void
ov_text_wrap(ov_strbuf *b, const char *text, int indent, int width)
{
    const char *p = text;

    while (*p != '\0') {
        const char *end = p, *cut = NULL;

        while (*end != '\0' && end - p < width - indent) {
            if (*end == ' ')
                cut = end;
            end++;
        }
        if (*end == '\0' || cut == NULL)
            cut = end;
        ov_strbuf_printf(b, "%*s%.*s\n", indent, "", (int)(cut - p), p);
        p = *cut == ' ' ? cut + 1 : cut;
    }
}

/* Identifiers and years read wrongly with separators ("2,021"): columns
 * whose names say they hold such numbers show plain digits. */
static bool
plain_digits(const char *name)
{
    char low[128];
    size_t n = strlen(name), i;
    static const char *const suffixes[] = {"id",  "_no", "number",   "num", "code",
                                           "ref", "zip", "postcode", "uid", "key"};
    bool caps = n >= 2 && n <= 4;

    /* short all-capital names are identifiers: CCR, BPC, UID */
    for (i = 0; i < n && caps; i++)
        caps = isupper((unsigned char)name[i]);
    if (caps)
        return true;
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[n] = '\0';
    if (strstr(low, "year") != NULL)
        return true;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);

        if (n >= k && strcmp(low + n - k, suffixes[i]) == 0)
            return true;
    }
    return false;
}

/* inserts thousands separators into the integer part of a number */
static size_t
group_digits(char *buf, size_t len)
{
    char tmp[OV_VALUE_TEXT_MAX * 2];
    size_t start = buf[0] == '-' ? 1 : 0, end = start, i, k = 0, digits;

    while (end < len && isdigit((unsigned char)buf[end]))
        end++;
    digits = end - start;
    if (digits <= 3 || len + digits / 3 >= OV_VALUE_TEXT_MAX)
        return len;
    for (i = 0; i < start; i++)
        tmp[k++] = buf[i];
    for (i = start; i < end; i++) {
        tmp[k++] = buf[i];
        if ((end - i - 1) % 3 == 0 && i + 1 < end)
            tmp[k++] = ',';
    }
    for (i = end; i < len; i++)
        tmp[k++] = buf[i];
    memcpy(buf, tmp, k);
    buf[k] = '\0';
    return k;
}

/* How one column shows its numbers, decided from the rows shown. */
struct numstyle {
    bool plain;   /* no thousands separators (identifiers, years) */
    int decimals; /* floats: the same number of decimals on every row; -1: the
                     column's own written form */
};

/* Decides the style of column j over table rows [0, shown). Integers whose
 * values are all between 1800 and 2200 read as years; a float column gets
 * the most decimals any of its shown values needs (at most 6). */
static struct numstyle
number_style(const ov_table *t, size_t j, size_t shown)
{
    struct ov_view v = ov_table_colview(t, j);
    const ov_column *c = v.col;
    struct numstyle ns = {!c->measure && plain_digits(ov_table_colname(t, j)), -1};
    size_t i;

    if (c->type == OV_INT && !ns.plain && !c->measure) {
        bool years = false;

        for (i = 0; i < shown; i++) {
            size_t r = ov_view_row(&v, i);
            int64_t x;

            if (r == OV_NOROW || ov_column_missing(c, r))
                continue;
            x = c->data.i64[r];
            if (x < 1800 || x > 2200) {
                years = false;
                break;
            }
            years = true;
        }
        ns.plain = years;
    }
    if (c->type == OV_FLOAT && c->num == NULL && c->decimals == NULL) {
        int most = 0;

        for (i = 0; i < shown; i++) {
            size_t r = ov_view_row(&v, i);
            char buf[OV_VALUE_TEXT_MAX];
            const char *dot;
            size_t n;

            if (r == OV_NOROW || ov_column_missing(c, r) || !isfinite(c->data.f64[r]))
                continue;
            n = ov_value_format_float(buf, ov_round_decimal(c->data.f64[r], 6),
                                      OV_FLOAT_G);
            if (memchr(buf, 'e', n) != NULL) {
                most = -1; /* very large or small: keep the written form */
                break;
            }
            dot = memchr(buf, '.', n);
            if (dot != NULL && (int)(buf + n - dot - 1) > most)
                most = (int)(buf + n - dot - 1);
        }
        /* a column the file wrote with ".0" keeps it */
        if (most == 0 && c->float_style == OV_FLOAT_PY)
            most = 1;
        ns.decimals = most;
    }
    return ns;
}

/* row i of column j as people read it, in style ns */
static const char *
cell_text(const ov_table *t, size_t j, size_t i, const struct numstyle *ns, char *buf,
          size_t *len)
{
    struct ov_view v = ov_table_colview(t, j);
    const ov_column *c = v.col;
    size_t r = ov_view_row(&v, i);

    if (r == OV_NOROW || ov_column_missing(c, r)) {
        /* a group of rows with no value: labelled as crosstab labels it */
        if (ov_table_is_key(t, ov_table_colname(t, j))) {
            *len = strlen(OV_MISSING_LABEL);
            return OV_MISSING_LABEL;
        }
        *len = 0;
        buf[0] = '\0';
        return buf;
    }
    switch (c->type) {
    case OV_INT:
        *len = ov_value_format_int(buf, c->data.i64[r]);
        if (!ns->plain)
            *len = group_digits(buf, *len);
        return buf;
    case OV_FLOAT:
        if (c->num != NULL && c->per > 0) {
            /* a rate: one decimal, rounded as its figure is */
            struct ov_figure f;
            struct ov_err e;

            if (ov_figure_of_cell(c, r, &f, &e) == OV_OK) {
                *len = ov_figure_digits(buf, &f, 1, OV_ROUND_HALF_AWAY);
                if (!ns->plain)
                    *len = group_digits(buf, *len);
                return buf;
            }
        }
        if (c->num != NULL) {
            ov_i128 u;

            /* a percentage: one decimal, rounded half away from zero from
             * its exact numerator and denominator (or moved by largest-
             * remainder rounding) */
            if (c->nudge != NULL && c->nudge[r] != 0 &&
                ov_q_percent(c->num[r], c->den[r], 1, &u))
                *len = ov_scaled_digits(buf, u + c->nudge[r], 1);
            else
                *len = ov_q_format_percent(buf, c->num[r], c->den[r], 1);
            if (c->show_counts && isfinite(c->num[r]) && fabs(c->num[r]) < 1e15) {
                char n[OV_VALUE_TEXT_MAX];
                size_t k = ov_value_format_int(n, (int64_t)c->num[r]);

                k = group_digits(n, k);
                *len += (size_t)snprintf(buf + *len, OV_VALUE_TEXT_MAX - *len,
                                         " (%.*s)", (int)k, n);
            }
            return buf;
        }
        if (ns->decimals >= 0 && isfinite(c->data.f64[r]))
            *len = ov_value_format_fixed(buf, c->data.f64[r], ns->decimals);
        else
            *len =
                ov_value_format_float(buf, c->data.f64[r], ov_column_float_style(c, r));
        if (!ns->plain)
            *len = group_digits(buf, *len);
        return buf;
    case OV_DATE:
        *len = ov_value_format_date(buf, c->data.days[r], OV_DATE_ISO);
        return buf;
    case OV_BOOL:
        *len = (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%s",
                                c->data.b[r] ? "true" : "false");
        return buf;
    case OV_STRING:
        return ov_column_str(c, r, len);
    }
    *len = 0;
    return "";
}

/* the type shown under a column's name */
static const char *
type_label(const ov_column *c)
{
    return c->num != NULL ? (c->per > 0 ? "rate" : "percent") : ov_type_name(c->type);
}

/* ---- layouts for people: box and plain ---- */

struct cell {
    char *text; /* display text, cut to the column width (owned) */
    size_t width;
};

static bool
right_aligned(ov_type t)
{
    return t == OV_INT || t == OV_FLOAT;
}

/* one character of s at i: its byte length, and the cells it takes */
static size_t
char_at(const char *s, size_t n, size_t i, size_t *cells)
{
    unsigned char c = (unsigned char)s[i];
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

    if (i + k > n)
        k = n - i;
    *cells = ov_text_width(s + i, k);
    if (c == '\r')
        *cells = 0;
    return k;
}

/* the glyphs of the box and plain layouts: box drawing, bars, ellipsis and
 * "×" where the locale is UTF-8; ASCII where it is not (LANG=C), so a
 * terminal that cannot show them still draws a readable table */
struct glyphs {
    const char *h, *v, *top[3], *mid[3], *bottom[3], *full, *more, *cut, *times, *nl;
    const char *const *part; /* eighths of a bar cell, [1..7] */
};

static const char *const utf8_parts[] = {"",
                                         "\xe2\x96\x8f",
                                         "\xe2\x96\x8e",
                                         "\xe2\x96\x8d",
                                         "\xe2\x96\x8c",
                                         "\xe2\x96\x8b",
                                         "\xe2\x96\x8a",
                                         "\xe2\x96\x89"}; /* ▏..▉ */
static const char *const ascii_parts[] = {"", "", "", "", "", "", "", ""};

static const struct glyphs utf8_glyphs = {
    "\xe2\x94\x80",                                   /* ─ */
    "\xe2\x94\x82",                                   /* │ */
    {"\xe2\x94\x8c", "\xe2\x94\xac", "\xe2\x94\x90"}, /* ┌┬┐ */
    {"\xe2\x94\x9c", "\xe2\x94\xbc", "\xe2\x94\xa4"}, /* ├┼┤ */
    {"\xe2\x94\x94", "\xe2\x94\xb4", "\xe2\x94\x98"}, /* └┴┘ */
    "\xe2\x96\x88",                                   /* █ */
    "\xe2\x80\xa6",                                   /* … */
    "\xe2\x80\xa6",                                   /* … */
    "\xc3\x97",                                       /* × */
    "\xe2\x86\xb5",                                   /* ↵ */
    utf8_parts};

static const struct glyphs ascii_glyphs = {
    "-", "|", {"+", "+", "+"}, {"+", "+", "+"}, {"+", "+", "+"}, "#", "...", "~",
    "x", "~", ascii_parts};

/* the display text of a cell: line ends shown as "↵", other control
 * characters as spaces, cut to at most max cells with "…" (owned) */
static char *
display(const char *s, size_t n, size_t max, size_t *width, const struct glyphs *g)
{
    char *out = ov_malloc(n * 3 + 4), *o = out;
    size_t i, total = 0, w = 0, cells, k;

    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i += k)
        k = char_at(s, n, i, &cells), total += cells;
    for (i = 0; i < n; i += k) {
        unsigned char c = (unsigned char)s[i];

        k = char_at(s, n, i, &cells);
        if (total > max && w + cells > max - 1)
            break; /* keep one cell for the ellipsis */
        if (c == '\n') {
            memcpy(o, g->nl, strlen(g->nl)); /* one cell either way */
            o += strlen(g->nl);
        } else if (c == '\r') {
            continue;
        } else if (c < 0x20) {
            *o++ = ' ';
        } else {
            memcpy(o, s + i, k);
            o += k;
        }
        w += cells;
    }
    if (total > max) {
        memcpy(o, g->cut, strlen(g->cut)); /* one cell either way */
        o += strlen(g->cut);
        w++;
    }
    *o = '\0';
    *width = w;
    return out;
}

static void
pad(FILE *out, size_t n)
{
    while (n-- > 0)
        fputc(' ', out);
}

static void
rule(FILE *out, const size_t *w, size_t ncols, const char *const lmr[3], const char *h)
{
    const char *l = lmr[0], *m = lmr[1], *r = lmr[2];
    size_t j, k;

    fputs(l, out);
    for (j = 0; j < ncols; j++) {
        for (k = 0; k < w[j] + 2; k++)
            fputs(h, out);
        fputs(j + 1 < ncols ? m : r, out);
    }
    fputc('\n', out);
}

static const char *
fmt_count(char *buf, uint64_t n)
{
    ov_value_format_int_grouped(buf, (int64_t)n, ',');
    return buf;
}

#define BAR_WIDTH 20

/* the bars of rows [0, shown) of column j, scaled so the largest value
 * takes `width` cells, in eighths of a cell */
static void
draw_bars(const ov_table *t, size_t j, size_t shown, size_t width, struct cell *bars,
          const struct glyphs *g)
{
    const char *const *part = g->part;
    struct ov_view v = ov_table_colview(t, j), lab = ov_table_colview(t, 0);
    double max = 0, *val = ov_calloc(shown ? shown : 1, sizeof *val);
    size_t r;

    /* a crosstab's margin row ("Total") is not drawn: it would dwarf the rest */
    bool margin = strcmp(ov_table_colname(t, j), "Total") == 0 &&
                  ov_table_col(t, 0)->type == OV_STRING;

    for (r = 0; r < shown && val != NULL; r++) {
        size_t k = ov_view_row(&v, r);

        if (ov_view_missing(&v, r))
            val[r] = 0;
        else if (margin && r + 1 == ov_table_nrows(t) && !ov_view_missing(&lab, r) &&
                 strcmp(ov_column_str(lab.col, ov_view_row(&lab, r), &(size_t){0}),
                        "Total") == 0)
            val[r] = 0;
        else
            val[r] =
                v.col->type == OV_INT ? (double)v.col->data.i64[k] : v.col->data.f64[k];
        if (!(val[r] > 0))
            val[r] = 0;
        if (val[r] > max)
            max = val[r];
    }
    for (r = 0; r < shown; r++) {
        long eighths =
            val != NULL && max > 0 ? lround(val[r] / max * (double)width * 8) : 0;

        if (g == &ascii_glyphs) /* whole cells only, rounded */
            eighths = (eighths + 4) / 8 * 8;
        char *s = ov_malloc((size_t)eighths / 8 * 3 + 4), *p = s;
        long k;

        bars[r].text = s;
        bars[r].width =
            (size_t)(eighths / 8 + (eighths % 8 != 0 && *part[eighths % 8]));
        if (s == NULL) {
            bars[r].width = 0;
            continue;
        }
        for (k = 0; k < eighths / 8; k++) {
            memcpy(p, g->full, strlen(g->full));
            p += strlen(g->full);
        }
        strcpy(p, part[eighths % 8]);
    }
    ov_free(val);
}

/* what a table shows in the box and plain layouts: the rows and columns,
 * each cell's display text and each column's width (w[ncols]: the bars) */
struct plan {
    size_t nrows, ncols, shown, ncshown, nbar;
    size_t flagged; /* shown rows with a small-number flag */
    bool box;
    const struct glyphs *g;
    bool *flagcol; /* columns with a flagged cell */
    size_t *w;
    struct cell *head, *types, *cells, *bars;
};

static void
plan_free(struct plan *p)
{
    size_t i, j;

    if (p->head != NULL && p->types != NULL)
        for (j = 0; j < p->ncols; j++) {
            ov_free(p->head[j].text);
            ov_free(p->types[j].text);
        }
    if (p->cells != NULL)
        for (i = 0; i < p->shown * p->ncols; i++)
            ov_free(p->cells[i].text);
    if (p->bars != NULL)
        for (i = 0; i < p->shown; i++)
            ov_free(p->bars[i].text);
    ov_free(p->bars);
    ov_free(p->flagcol);
    ov_free(p->w);
    ov_free(p->head);
    ov_free(p->types);
    ov_free(p->cells);
}

/* the small-number flags of the shown cells: a flagged cell's text is
 * set to its mark for now (plan_cells puts the value before it) */
static ov_status
mark_small(struct plan *p, const ov_table *t, const struct ov_fmt_opts *o,
           struct ov_err *err)
{
    const char *mark = ov_small_marker(o->mode);
    size_t r, j, n = strlen(mark);
    bool *row;

    p->flagcol = ov_calloc(p->ncols + 1, sizeof *p->flagcol);
    row = ov_calloc(p->ncols + 1, sizeof *row);
    if (p->flagcol == NULL || row == NULL) {
        ov_free(row);
        return ov_err_nomem(err, "formatting a table");
    }
    for (r = 0; r < p->shown; r++) {
        if (!ov_small_row(t, r, o->small, row))
            continue;
        p->flagged++;
        for (j = 0; j < p->ncols; j++) {
            struct cell *c = &p->cells[r * p->ncols + j];

            if (!row[j])
                continue;
            p->flagcol[j] = true;
            if ((c->text = ov_malloc(n + 1)) == NULL) {
                ov_free(row);
                return ov_err_nomem(err, "formatting a table");
            }
            memcpy(c->text, mark, n + 1);
        }
    }
    ov_free(row);
    return OV_OK;
}

/* the missing cells a marker explains show it ("[c]"), as the sheet did */
static ov_status
mark_markers(struct plan *p, const ov_table *t, struct ov_err *err)
{
    struct ov_marked_cell *mc;
    size_t n, k;

    if (ov_marked_cells(t, &mc, &n, err) != OV_OK)
        return err->status;
    for (k = 0; k < n; k++) {
        struct cell *c = &p->cells[mc[k].i * p->ncols + mc[k].j];
        size_t len = strlen(mc[k].marker);

        if (mc[k].i >= p->shown || c->text != NULL)
            continue;
        if ((c->text = ov_malloc(len + 1)) == NULL) {
            ov_free(mc);
            return ov_err_nomem(err, "formatting a table");
        }
        memcpy(c->text, mc[k].marker, len + 1);
    }
    ov_free(mc);
    return OV_OK;
}

/* the display text of every name, type and shown cell, and the widths */
static ov_status
plan_cells(struct plan *p, const ov_table *t, const struct ov_fmt_opts *o,
           struct ov_err *err)
{
    size_t ncols = p->ncols, shown = p->shown, j, r;
    /* no limit unless asked: plan_fit narrows what the width needs */
    size_t maxc = o->max_cell ? o->max_cell : SIZE_MAX / 2;

    p->w = ov_calloc(ncols + 1, sizeof *p->w);
    p->head = ov_calloc(ncols ? ncols : 1, sizeof *p->head);
    p->types = ov_calloc(ncols ? ncols : 1, sizeof *p->types);
    p->cells = ov_calloc((shown ? shown : 1) * (ncols ? ncols : 1), sizeof *p->cells);
    if (p->w == NULL || p->head == NULL || p->types == NULL || p->cells == NULL)
        return ov_err_nomem(err, "formatting a table");
    if (mark_small(p, t, o, err) != OV_OK || mark_markers(p, t, err) != OV_OK)
        return err->status;
    for (j = 0; j < ncols; j++) {
        const char *name = ov_table_colname(t, j);
        const char *tn = type_label(ov_table_col(t, j));
        struct numstyle ns = number_style(t, j, shown);
        struct cell *head = &p->head[j], *type = &p->types[j];

        head->text = display(name, strlen(name), maxc, &head->width, p->g);
        type->text = display(tn, strlen(tn), maxc, &type->width, p->g);
        if (head->text == NULL || type->text == NULL)
            return ov_err_nomem(err, "formatting a table");
        p->w[j] = head->width;
        if (o->types && type->width > p->w[j])
            p->w[j] = type->width;
        for (r = 0; r < shown; r++) {
            char buf[OV_VALUE_TEXT_MAX];
            size_t len;
            const char *s = cell_text(t, j, r, &ns, buf, &len);
            struct cell *c = &p->cells[r * ncols + j];

            if (c->text != NULL) {
                /* the cell was flagged by mark_small: its text and mark */
                char mk[OV_VALUE_TEXT_MAX + 8];

                snprintf(mk, sizeof mk, "%.*s%s", (int)len, s, c->text);
                ov_free(c->text);
                s = mk;
                len = strlen(mk);
                c->text = display(s, len, maxc + 1, &c->width, p->g);
            } else if (p->flagcol[j] && len > 0 &&
                       right_aligned(ov_table_col(t, j)->type)) {
                /* unflagged numbers line up with the flagged ones */
                char mk[OV_VALUE_TEXT_MAX + 8];

                snprintf(mk, sizeof mk, "%.*s ", (int)len, s);
                c->text = display(mk, len + 1, maxc + 1, &c->width, p->g);
            } else {
                c->text = display(s, len, maxc, &c->width, p->g);
            }
            if (c->text == NULL)
                return ov_err_nomem(err, "formatting a table");
            if (c->width > p->w[j])
                p->w[j] = c->width;
        }
        if (ov_interrupted())
            return ov_err_interrupted(err);
    }
    return OV_OK;
}

/* the narrowest a text column is cut to when a table must fit: its name
 * whole (the name is what a user types), and enough letters to tell values
 * apart; the first column (the rows' labels or keys) is not cut */
#define MIN_TEXT_CELLS 16

/* the widest shown cell of column j (its name and type included) */
static size_t
natural_width(const struct plan *p, size_t j)
{
    size_t r,
        w = p->head[j].width > p->types[j].width ? p->head[j].width : p->types[j].width;

    for (r = 0; r < p->shown; r++)
        if (p->cells[r * p->ncols + j].width > w)
            w = p->cells[r * p->ncols + j].width;
    return w;
}

/* re-renders the shown cells of column j at most nw cells wide */
static void
narrow(struct plan *p, size_t j, size_t nw)
{
    size_t r;

    for (r = 0; r < p->shown; r++) {
        struct cell *c = &p->cells[r * p->ncols + j];
        char *nt;

        if (c->width <= nw)
            continue;
        nt = display(c->text, strlen(c->text), nw, &c->width, p->g);
        if (nt != NULL) {
            ov_free(c->text);
            c->text = nt;
        }
    }
    p->w[j] = nw;
}

/* fits the width: keeps as many columns from the left as fit with their
 * text narrowed to its floor (see MIN_TEXT_CELLS), so no
 * column is lost to one long text; then narrows the widest text columns of
 * those, one cell at a time, until the line fits; one column wider than
 * the terminal is narrowed */
static void
plan_fit(struct plan *p, const ov_table *t, size_t width)
{
    size_t total = p->box ? 1 : 0, j, n = p->ncols;
    bool box = p->box;
    size_t *floor = ov_calloc(n ? n : 1, sizeof *floor);

    if (floor == NULL) {
        p->ncshown = n;
        return;
    }
    for (j = 0; j < n; j++) {
        floor[j] = p->w[j]; /* numbers, dates, the first column: never cut */
        if (j > 0 && !right_aligned(ov_table_col(t, j)->type)) {
            size_t f =
                p->head[j].width > MIN_TEXT_CELLS ? p->head[j].width : MIN_TEXT_CELLS;

            floor[j] = f < p->w[j] ? f : p->w[j];
        }
    }
    for (j = 0; j < n; j++) {
        size_t add = floor[j] + (box ? 3 : (j > 0 ? 2 : 0));

        if (total + add > width && j > 0)
            break;
        total += add;
    }
    p->ncshown = j > 0 ? j : (n > 0 ? 1 : 0);
    /* the shown columns at their full widths, then a cell at a time off
     * the widest that can give one */
    total = box ? 1 : 0;
    for (j = 0; j < p->ncshown; j++)
        total += p->w[j] + (box ? 3 : (j > 0 ? 2 : 0));
    while (total > width) {
        size_t best = n;

        for (j = 0; j < p->ncshown; j++)
            if (p->w[j] > floor[j] && (best == n || p->w[j] > p->w[best]))
                best = j;
        if (best == n)
            break;
        p->w[best]--;
        total--;
    }
    for (j = 0; j < p->ncshown; j++)
        if (p->w[j] < natural_width(p, j))
            narrow(p, j, p->w[j]);
    ov_free(floor);
    if (p->ncshown == 1 && p->w[0] + (box ? 4 : 0) > width && width > 8)
        narrow(p, 0, width - (box ? 4 : 0));
}

/* text bars of column bar after the last column, when there is room */
static ov_status
plan_bars(struct plan *p, const ov_table *t, size_t bar, size_t width,
          struct ov_err *err)
{
    size_t used = p->box ? 1 : 0, bw = BAR_WIDTH, j;

    for (j = 0; j < p->ncols; j++)
        used += p->w[j] + (p->box ? 3 : (j > 0 ? 2 : 0));
    if (width > 0)
        bw = width > used + 3 + BAR_WIDTH ? BAR_WIDTH
             : width > used + 3           ? width - used - 3
                                          : 0;
    if (bw < 5)
        return OV_OK;
    p->bars = ov_calloc(p->shown, sizeof *p->bars);
    if (p->bars == NULL)
        return ov_err_nomem(err, "formatting a table");
    draw_bars(t, bar, p->shown, bw, p->bars, p->g);
    p->w[p->ncols] = bw;
    p->nbar = 1;
    return OV_OK;
}

/* one line of cells row[0..ncshown), then the bar (or its blank, for the
 * header lines); numbers to the right */
static void
write_line(FILE *out, const struct plan *p, const ov_table *t, const struct cell *row,
           const struct cell *bar, bool header)
{
    bool box = p->box;
    size_t j;

    if (box)
        fputs(p->g->v, out);
    for (j = 0; j < p->ncshown; j++) {
        bool right = right_aligned(ov_table_col(t, j)->type);
        size_t gap = p->w[j] > row[j].width ? p->w[j] - row[j].width : 0;

        if (box)
            fputc(' ', out);
        else if (j > 0)
            fputs("  ", out);
        if (right)
            pad(out, gap);
        fputs(row[j].text, out);
        if (!right && (box || j + 1 < p->ncshown || (!header && p->nbar)))
            pad(out, gap);
        if (box)
            fprintf(out, " %s", p->g->v);
    }
    if (p->nbar && header && box) {
        fputc(' ', out);
        pad(out, p->w[p->ncols]);
        fprintf(out, " %s", p->g->v);
    } else if (p->nbar && !header) {
        fputs(box ? " " : "  ", out);
        fputs(bar->text != NULL ? bar->text : "", out);
        if (box) {
            pad(out, p->w[p->ncols] - bar->width);
            fprintf(out, " %s", p->g->v);
        }
    }
    fputc('\n', out);
}

/* the lines under the table: rows and columns not shown, the shape */
static void
write_footer(FILE *out, const struct plan *p, const ov_table *t,
             const struct ov_fmt_opts *o)
{
    size_t nrows = p->nrows, ncols = p->ncols, ncshown = p->ncshown, j;
    char a[32], b[32];

    if (p->shown < nrows)
        fprintf(out, "%s %s more row%s\n", p->g->more, fmt_count(a, nrows - p->shown),
                nrows - p->shown == 1 ? "" : "s");
    if (ncshown < ncols) {
        /* the hidden columns' names, as many as fit the width */
        size_t used =
            (size_t)fprintf(out, "%s %zu more column%s:", p->g->more, ncols - ncshown,
                            ncols - ncshown == 1 ? "" : "s") -
            (strlen(p->g->more) - ov_text_width(p->g->more, strlen(p->g->more)));

        for (j = ncshown; j < ncols; j++) {
            const char *name = ov_table_colname(t, j);
            size_t add = ov_text_width(name, strlen(name)) + 2;

            /* keep room for ", …" unless this is the last name */
            if (o->width > 0 &&
                used + add +
                        (j + 1 < ncols
                             ? 2 + ov_text_width(p->g->more, strlen(p->g->more))
                             : 0) >
                    o->width) {
                fprintf(out, "%s %s", j > ncshown ? "," : "", p->g->more);
                break;
            }
            fprintf(out, "%s %s", j > ncshown ? "," : "", name);
            used += add;
        }
        fputc('\n', out);
    }
    if (o->footer)
        fprintf(out, "%s row%s %s %s column%s\n", fmt_count(a, nrows),
                nrows == 1 ? "" : "s", p->g->times, fmt_count(b, ncols),
                ncols == 1 ? "" : "s");
}

/* the footnotes under a table (tablenote.h); markdown: after a blank line */
static ov_status
write_notes(FILE *out, const ov_table *t, const struct ov_fmt_opts *o, size_t flagged,
            struct ov_err *err)
{
    ov_strbuf b = OV_STRBUF_INIT;
    ov_status st = ov_table_notes(&b, t, o, flagged, err);

    if (st == OV_OK && b.len > 0) {
        if (o->mode == OV_FMT_MARKDOWN)
            fputc('\n', out);
        fwrite(ov_strbuf_cstr(&b), 1, b.len, out);
    }
    ov_strbuf_free(&b);
    return st;
}

static ov_status
format_human(FILE *out, const ov_table *t, const struct ov_fmt_opts *o,
             struct ov_err *err)
{
    struct plan p = {0};
    int bar = ov_table_bars(t);
    size_t i, r;
    ov_status st;

    p.nrows = ov_table_nrows(t);
    p.ncols = p.ncshown = ov_table_ncols(t);
    p.shown = p.nrows;
    p.box = o->mode == OV_FMT_BOX;
    p.g = o->ascii ? &ascii_glyphs : &utf8_glyphs;
    if (bar >= 0 && !right_aligned(ov_table_col(t, (size_t)bar)->type))
        bar = -1; /* bars measure numbers */
    /* a long table shows its first rows; a short one, all of them */
    if (o->max_rows > 0 && p.nrows > o->max_rows + o->max_rows / 2)
        p.shown = o->max_rows;
    if ((st = plan_cells(&p, t, o, err)) != OV_OK)
        goto done;
    if (o->width > 0)
        plan_fit(&p, t, o->width);
    if (bar >= 0 && p.ncshown == p.ncols && p.shown > 0 &&
        (st = plan_bars(&p, t, (size_t)bar, o->width, err)) != OV_OK)
        goto done;
    if (p.box)
        rule(out, p.w, p.ncshown + p.nbar, p.g->top, p.g->h);
    for (i = 0; i < (o->types ? 2u : 1u); i++)
        write_line(out, &p, t, i == 0 ? p.head : p.types, NULL, true);
    if (p.box)
        rule(out, p.w, p.ncshown + p.nbar, p.g->mid, p.g->h);
    for (r = 0; r < p.shown; r++)
        write_line(out, &p, t, &p.cells[r * p.ncols], p.nbar ? &p.bars[r] : NULL,
                   false);
    if (p.box)
        rule(out, p.w, p.ncshown + p.nbar, p.g->bottom, p.g->h);
    write_footer(out, &p, t, o);
    st = write_notes(out, t, o, p.flagged, err);
done:
    plan_free(&p);
    return st;
}

/* ---- machine formats ---- */

static void
json_string(FILE *out, const char *s, size_t n)
{
    size_t i;

    fputc('"', out);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        switch (c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

static void
markdown_cell(FILE *out, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] == '|')
            fputs("\\|", out);
        else if (s[i] == '\n')
            fputs("<br>", out);
        else if (s[i] != '\r')
            fputc(s[i], out);
    }
}

/* the header line of CSV, TSV and Markdown; the opening of JSON */
static void
machine_header(FILE *out, const ov_table *t, const struct ov_fmt_opts *o, char sep)
{
    size_t ncols = ov_table_ncols(t), j;

    if (o->mode == OV_FMT_CSV || o->mode == OV_FMT_TSV) {
        if (o->header) {
            for (j = 0; j < ncols; j++) {
                const char *name = ov_table_colname(t, j);

                if (j > 0)
                    fputc(sep, out);
                ov_format_csv_field(out, name, strlen(name), sep);
            }
            fputc('\n', out);
        }
    } else if (o->mode == OV_FMT_MARKDOWN) {
        fputc('|', out);
        for (j = 0; j < ncols; j++) {
            const char *name = ov_table_colname(t, j);

            fputc(' ', out);
            markdown_cell(out, name, strlen(name));
            fputs(" |", out);
        }
        fputs("\n|", out);
        for (j = 0; j < ncols; j++)
            fputs(right_aligned(ov_table_col(t, j)->type) ? " ---: |" : " --- |", out);
        fputc('\n', out);
    } else {
        fputc('[', out);
    }
}

/* one JSON member: the column's name and row r's value (numbers and
 * booleans bare, text quoted, missing as null) */
static void
json_member(FILE *out, const ov_table *t, size_t j, const ov_column *c, size_t r,
            bool missing)
{
    const char *name = ov_table_colname(t, j), *s;
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;

    if (j > 0)
        fputs(", ", out);
    json_string(out, name, strlen(name));
    fputs(": ", out);
    if (missing) {
        fputs("null", out);
        return;
    }
    s = ov_format_data_text(c, r, buf, &len);
    if (c->type == OV_INT) {
        len = ov_value_format_int(buf, c->data.i64[r]);
        fwrite(buf, 1, len, out);
    } else if (c->type == OV_FLOAT) {
        /* JSON has no NaN or infinity */
        if (isfinite(c->data.f64[r]))
            fwrite(s, 1, len, out);
        else
            fputs("null", out);
    } else if (c->type == OV_BOOL) {
        fputs(c->data.b[r] ? "true" : "false", out);
    } else {
        json_string(out, s, len);
    }
}

/* cell (i, j) in a machine format; styles: Markdown's number styles */
static void
machine_cell(FILE *out, const ov_table *t, const struct ov_fmt_opts *o,
             const struct numstyle *styles, size_t i, size_t j, bool flag,
             const char *marker)
{
    struct ov_view v = ov_table_colview(t, j);
    const ov_column *c = v.col;
    size_t r = ov_view_row(&v, i);
    bool missing = r == OV_NOROW || ov_column_missing(c, r);
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;
    const char *s;

    switch (o->mode) {
    case OV_FMT_MARKDOWN:
        s = cell_text(t, j, i, &styles[j], buf, &len);
        fputc(' ', out);
        markdown_cell(out, s, len);
        if (marker != NULL)
            markdown_cell(out, marker, strlen(marker));
        if (flag)
            fputs(ov_small_marker(o->mode), out);
        fputs(" |", out);
        break;
    default:
        json_member(out, t, j, c, r, missing);
    }
}

static ov_status
format_machine(FILE *out, const ov_table *t, const struct ov_fmt_opts *o,
               struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), ncols = ov_table_ncols(t), i, j;
    char sep = o->mode == OV_FMT_TSV ? '\t' : ',';
    struct numstyle *styles = NULL;
    bool *flags = NULL, md = o->mode == OV_FMT_MARKDOWN;
    size_t flagged = 0, nmc = 0, k = 0;
    struct ov_marked_cell *mc = NULL;
    ov_status st = OV_OK;

    machine_header(out, t, o, sep);
    if (o->mode == OV_FMT_CSV || o->mode == OV_FMT_TSV)
        return ov_format_csv_rows(out, t, sep, err);
    if (md) {
        styles = ov_calloc(ncols ? ncols : 1, sizeof *styles);
        flags = ov_calloc(ncols + 1, sizeof *flags);
        if (styles == NULL || flags == NULL ||
            ov_marked_cells(t, &mc, &nmc, err) != OV_OK) {
            ov_free(styles);
            ov_free(flags);
            return styles == NULL || flags == NULL
                       ? ov_err_nomem(err, "formatting a table")
                       : err->status;
        }
        for (j = 0; j < ncols; j++)
            styles[j] = number_style(t, j, nrows);
    }
    for (i = 0; i < nrows; i++) {
        if ((i & 4095) == 4095 && ov_interrupted()) {
            ov_free(styles);
            ov_free(flags);
            ov_free(mc);
            return ov_err_interrupted(err);
        }
        if (o->mode == OV_FMT_JSON)
            fputs(i == 0 ? "\n  {" : ",\n  {", out);
        else if (md)
            fputc('|', out);
        /* markdown is read by people: small numbers flagged as in a box */
        if (md && ov_small_row(t, i, o->small, flags))
            flagged++;
        for (j = 0; j < ncols; j++) {
            const char *marker = NULL;

            while (k < nmc && (mc[k].i < i || (mc[k].i == i && mc[k].j < j)))
                k++;
            if (k < nmc && mc[k].i == i && mc[k].j == j)
                marker = mc[k].marker;
            machine_cell(out, t, o, styles, i, j, md && flags[j], marker);
        }
        if (o->mode == OV_FMT_JSON)
            fputc('}', out);
        else
            fputc('\n', out);
    }
    if (o->mode == OV_FMT_JSON)
        fputs(nrows > 0 ? "\n]\n" : "]\n", out);
    if (md)
        st = write_notes(out, t, o, flagged, err);
    ov_free(styles);
    ov_free(flags);
    ov_free(mc);
    return st;
}

void
ov_format_provenance(ov_strbuf *b, const ov_table *t, const char *prefix,
                     const char *step_prefix)
{
    size_t i, n;

    ov_strbuf_printf(b, "%stable: %s\n", prefix,
                     ov_table_name(t)[0] != '\0' ? ov_table_name(t) : "(unnamed)");
    for (i = 0; i < ov_table_nfacts(t); i++) {
        const char *k, *v;

        ov_table_fact_at(t, i, &k, &v);
        ov_strbuf_printf(b, "%s%s: %s\n", prefix, k, v);
    }
    n = ov_table_nsteps(t);
    if (n == 0)
        return;
    ov_strbuf_printf(b, "%ssteps:\n", prefix);
    for (i = 0; i < n; i++)
        ov_strbuf_printf(b, "%s%zu. %s\n", step_prefix, i + 1, ov_table_step(t, i));
}

static void
write_provenance(FILE *out, const ov_table *t, const char *prefix,
                 const char *step_prefix)
{
    ov_strbuf b = OV_STRBUF_INIT;

    ov_format_provenance(&b, t, prefix, step_prefix);
    fwrite(ov_strbuf_cstr(&b), 1, b.len, out);
    ov_strbuf_free(&b);
}

ov_status
ov_format_table(FILE *out, const ov_table *t, const struct ov_fmt_opts *o,
                struct ov_err *err)
{
    ov_status st;

    errno = 0;
    if (o->provenance && (o->mode == OV_FMT_CSV || o->mode == OV_FMT_TSV))
        write_provenance(out, t, "# ", "#   ");
    if (o->mode == OV_FMT_BOX || o->mode == OV_FMT_PLAIN)
        st = format_human(out, t, o, err);
    else
        st = format_machine(out, t, o, err);
    if (st == OV_OK && o->provenance && o->mode == OV_FMT_MARKDOWN) {
        fputs("\nProvenance:\n\n", out);
        write_provenance(out, t, "- ", "    ");
    }
    if (st == OV_OK && ferror(out))
        st = ov_err_set(err, OV_EIO, "writing failed: %s",
                        errno ? strerror(errno) : "input/output error");
    return st;
}
