/*
 * xl_totable.c - a sheet's table, once xl_layout.c has found where it is:
 * the columns' names from one to three header rows (group labels carried
 * over the columns they span, footnote markers separated), the values
 * typed as the CSV loader types texts (ov_table_from_text), markers made
 * missing with their reasons kept, the displayed texts kept beside the
 * stored values, and the provenance and report that say what was done.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"
#include "xl_layout_int.h"

/* Largest table a sheet makes (rows times columns), so that a used range
 * stretched by two far-apart cells is refused, not allocated. */
#define MAX_TABLE_CELLS ((size_t)1 << 27)

struct mcount {
    const char *marker;
    size_t n;
};

/* a cell of the column being filled, found and classed once */
struct seen {
    const struct ov_xl_cell *cell;
    enum xl_kind kind;
    double num;
    const char *flag;
};

struct build {
    const struct ov_xl_grid *g;
    const char *source, *sheet, *format;
    const struct ov_sheet_opts *o;
    const struct xl_layout *l;
    ov_strbuf text; /* every text the tables are made of */
    struct ov_cell *names;
    char **fnames; /* final column names */
    struct ov_cell *cells, *shown;
    uint32_t *rows; /* the sheet row of each table row */
    size_t nrows, ncols;
    bool *force_text;
    /* markers: row, column, cell, marker, meaning, value */
    struct ov_cell *mk;
    size_t nmk;
    struct mcount counts[16];
    size_t ncounts;
    bool notes_num[100]; /* the note numbers the notes give */
    char **footnotes;
    size_t nfootnotes;
    char **mynotes; /* the report's notes on the layout */
    size_t nmynotes;
    struct seen *seen; /* nrows of them: one column's cells, as first read */
    bool nomem;
};

static struct ov_cell
add_text(struct build *b, const char *s, size_t n)
{
    struct ov_cell c = {b->text.len, n};

    if (ov_strbuf_append(&b->text, s, n) != OV_OK)
        b->nomem = true;
    return c;
}

static void note(struct build *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct build *b, const char *fmt, ...)
{
    ov_strbuf s = OV_STRBUF_INIT;
    va_list ap;
    char **nn;

    va_start(ap, fmt);
    ov_strbuf_vprintf(&s, fmt, ap);
    va_end(ap);
    nn = ov_realloc(b->mynotes, (b->nmynotes + 1) * sizeof *nn);
    if (nn == NULL || ov_strbuf_status(&s) != OV_OK) {
        ov_strbuf_free(&s);
        b->nomem = true;
        return;
    }
    b->mynotes = nn;
    b->mynotes[b->nmynotes++] = ov_strbuf_take(&s);
}

/* Runs of white space (line breaks in a cell, non-breaking spaces) as one
 * space, none at the ends: labels are names. */
static void
squeeze(ov_strbuf *out, const char *s)
{
    bool space = false;

    while (*s != '\0') {
        bool nbsp = (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0;

        if (isspace((unsigned char)*s) || nbsp) {
            space = out->len > 0;
            s += nbsp ? 2 : 1;
            continue;
        }
        if (space)
            ov_strbuf_putc(out, ' ');
        space = false;
        ov_strbuf_putc(out, *s++);
    }
}

/* A date as text: 2019-09-30, or 2019-09-30 12:30:00 with a time. */
static size_t
date_text(double days, char *buf)
{
    double whole = floor(days);
    size_t n;

    if (whole < OV_DATE_MIN_DAYS || whole > OV_DATE_MAX_DAYS)
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%.17g", days);
    n = ov_value_format_date(buf, (int32_t)whole, OV_DATE_ISO);
    if (days != whole) {
        long secs = lround((days - whole) * 86400.0);

        if (secs >= 86400)
            secs = 86399;
        n += (size_t)snprintf(buf + n, OV_VALUE_TEXT_MAX - n, " %02ld:%02ld:%02ld",
                              secs / 3600, secs / 60 % 60, secs % 60);
    }
    return n;
}

/* The value of a cell as text, as the file stores it. */
static const char *
value_text(const struct ov_xl_cell *c, char *buf, size_t *n)
{
    switch (c->kind) {
    case OV_XL_NUMBER:
        *n = ov_value_format_float(buf, c->num, OV_FLOAT_G);
        return buf;
    case OV_XL_DATE:
        *n = date_text(c->num, buf);
        return buf;
    case OV_XL_BOOL:
        *n = strlen(c->num != 0 ? "true" : "false");
        return c->num != 0 ? "true" : "false";
    default:
        *n = c->text != NULL ? strlen(c->text) : 0;
        return c->text != NULL ? c->text : "";
    }
}

/* A label as the header shows it: dates and numbers as displayed. */
static void
label_text(const struct ov_xl_cell *c, ov_strbuf *out)
{
    char buf[OV_VALUE_TEXT_MAX];
    size_t n;

    if (c->kind != OV_XL_TEXT && c->shown != NULL) {
        squeeze(out, c->shown);
        return;
    }
    if (c->kind == OV_XL_BOOL) {
        ov_strbuf_puts(out, c->num != 0 ? "TRUE" : "FALSE");
        return;
    }
    value_text(c, buf, &n);
    if (c->kind == OV_XL_TEXT || c->kind == OV_XL_ERROR)
        squeeze(out, c->text != NULL ? c->text : "");
    else
        ov_strbuf_append(out, buf, n);
}

/* ---- footnotes ---- */

/* The number a note starts with: "2", "2.", "(2)", "[2]", "Note 2:",
 * "Notes 2" (1 to 99), or 0. */
static int
note_number(const char *s)
{
    int v = 0, digits = 0;

    while (isspace((unsigned char)*s))
        s++;
    if (strncasecmp(s, "notes", 5) == 0)
        s += 5;
    else if (strncasecmp(s, "note", 4) == 0)
        s += 4;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '(' || *s == '[')
        s++;
    while (isdigit((unsigned char)*s) && digits < 3)
        v = v * 10 + (*s++ - '0'), digits++;
    if (digits == 0 || digits > 2 || v == 0)
        return 0;
    if (*s == '\0' || strchr(").]:;- \t", *s) != NULL)
        return v;
    return 0;
}

/* What is left once a footnote is cut off must still read as a label:
 * a word of at least two letters or a ')' at its end, or a year
 * (1900-2099) standing alone ("30 September 20182" -> "30 September
 * 2018"; "Sep-182", "Table 12", "aged 16", "Q1" are left alone). */
static bool
label_end_ok(const char *s, size_t m)
{
    size_t k;

    if (m == 0)
        return false;
    if (s[m - 1] == ')')
        return true;
    if (m >= 4 && isdigit((unsigned char)s[m - 1]) &&
        isdigit((unsigned char)s[m - 2]) && isdigit((unsigned char)s[m - 3]) &&
        isdigit((unsigned char)s[m - 4]) &&
        (m == 4 || !isdigit((unsigned char)s[m - 5]))) {
        int y = (s[m - 4] - '0') * 1000 + (s[m - 3] - '0') * 100 +
                (s[m - 2] - '0') * 10 + (s[m - 1] - '0');

        return y >= 1900 && y <= 2099;
    }
    for (k = m; k > 0 && isalpha((unsigned char)s[k - 1]); k--)
        ;
    return m - k >= 2 && (k == 0 || !isdigit((unsigned char)s[k - 1]));
}

/* Cuts a footnote marker glued to the end of label s (len bytes) when a
 * note of that number exists; returns it, or 0. */
static int
cut_footnote(struct build *b, char *s, size_t *len)
{
    size_t k, n = *len;

    for (k = 1; k <= 2 && k < n; k++) {
        int v = 0;
        size_t i;
        bool digits = true;

        for (i = n - k; i < n; i++) {
            if (!isdigit((unsigned char)s[i]))
                digits = false;
            else
                v = v * 10 + (s[i] - '0');
        }
        if (!digits)
            break;
        if (v > 0 && v < 100 && b->notes_num[v] && label_end_ok(s, n - k)) {
            s[n - k] = '\0';
            *len = n - k;
            return v;
        }
    }
    return 0;
}

/* ---- the columns' names ---- */

/* The label at header row r over column c: its own, or a merge's that
 * started in the header, or (in rows above the last) a group label to
 * its left whose blank cells reach over c. */
static const struct ov_xl_cell *
header_cell(const struct build *b, uint32_t r, uint32_t c, bool *own)
{
    const struct ov_xl_grid *g = b->g;
    const struct xl_layout *l = b->l;
    const struct ov_xl_merge *m = ov_xl_merge_at(g, r, c);
    const struct ov_xl_cell *cell = ov_xl_grid_at(g, r, c);
    const char *flag;
    double v;
    uint32_t k, h;
    bool under = false;

    *own = false;
    if (ov_xl_kind_of(cell, &v, &flag) != XK_BLANK) {
        *own = true;
        return cell;
    }
    if (m != NULL) {
        if (m->r0 >= l->hdr0 && (m->r0 != r || m->c0 != c))
            return ov_xl_grid_at(g, m->r0, m->c0);
        return NULL;
    }
    if (r + 1 >= l->hdr0 + l->nhdr || c <= l->cols[0])
        return NULL;
    /* only over columns that a row below labels */
    for (h = r + 1; h < l->hdr0 + l->nhdr; h++)
        if (ov_xl_kind_of(ov_xl_grid_at(g, h, c), &v, &flag) != XK_BLANK)
            under = true;
    if (!under)
        return NULL;
    for (k = c; k-- > l->cols[0] + 1;) {
        const struct ov_xl_cell *left = ov_xl_grid_at(g, r, k);

        if (ov_xl_merge_at(g, r, k) != NULL)
            return NULL;
        if (ov_xl_kind_of(left, &v, &flag) != XK_BLANK)
            return left;
    }
    return NULL;
}

static ov_status
make_names(struct build *b)
{
    const struct xl_layout *l = b->l;
    ov_dict *seen = ov_dict_new();
    size_t j;
    uint32_t code;

    if (seen == NULL)
        return OV_ENOMEM;
    for (j = 0; j < b->ncols && !b->nomem; j++) {
        ov_strbuf name = OV_STRBUF_INIT, part = OV_STRBUF_INIT, prev = OV_STRBUF_INIT;
        uint32_t c = l->cols[j], r;
        char letters[16];

        for (r = l->hdr0; r < l->hdr0 + l->nhdr; r++) {
            bool own;
            const struct ov_xl_cell *cell = header_cell(b, r, c, &own);
            int fn;

            if (cell == NULL)
                continue;
            ov_strbuf_reset(&part);
            label_text(cell, &part);
            if (part.len == 0)
                continue;
            if (own && cell->kind == OV_XL_TEXT &&
                (fn = cut_footnote(b, part.data, &part.len)) != 0) {
                char cn[16];
                ov_strbuf f = OV_STRBUF_INIT;
                char **nf;

                ov_strbuf_printf(&f, "column %s, label '%s': note %d",
                                 ov_xl_col_name(c, cn), cell->text, fn);
                nf = ov_realloc(b->footnotes, (b->nfootnotes + 1) * sizeof *nf);
                if (nf == NULL || ov_strbuf_status(&f) != OV_OK) {
                    ov_strbuf_free(&f);
                    b->nomem = true;
                } else {
                    b->footnotes = nf;
                    b->footnotes[b->nfootnotes++] = ov_strbuf_take(&f);
                }
            }
            /* a label merged over rows is said once */
            if (prev.len == part.len && memcmp(prev.data, part.data, part.len) == 0)
                continue;
            if (name.len > 0)
                ov_strbuf_puts(&name, " / ");
            ov_strbuf_append(&name, part.data, part.len);
            ov_strbuf_reset(&prev);
            ov_strbuf_append(&prev, part.data, part.len);
        }
        if (name.len == 0) {
            ov_strbuf_puts(&name, ov_xl_col_name(c, letters));
            if (l->nhdr > 0)
                note(b, "column %s has no label in the header: called it '%s'", letters,
                     letters);
        }
        if (ov_dict_find(seen, name.data, name.len) != OV_DICT_MAX) {
            size_t base = name.len;
            int k = 1;

            do {
                ov_strbuf_truncate(&name, base);
                ov_strbuf_printf(&name, "_%d", ++k);
            } while (ov_dict_find(seen, name.data, name.len) != OV_DICT_MAX);
            note(b, "column %s repeats the name '%.*s': called it '%s'",
                 ov_xl_col_name(c, letters), (int)base, name.data, name.data);
        }
        if (ov_strbuf_status(&name) != OV_OK ||
            ov_dict_intern(seen, name.data, name.len, &code, NULL) != OV_OK)
            b->nomem = true;
        else {
            b->names[j] = add_text(b, name.data, name.len);
            b->fnames[j] = ov_strbuf_take(&name);
            if (b->fnames[j] == NULL)
                b->nomem = true;
        }
        ov_strbuf_free(&name);
        ov_strbuf_free(&part);
        ov_strbuf_free(&prev);
    }
    ov_dict_unref(seen);
    return b->nomem ? OV_ENOMEM : OV_OK;
}

/* ---- the values ---- */

static void
count_marker(struct build *b, const char *marker)
{
    size_t i;

    for (i = 0; i < b->ncounts; i++)
        if (strcmp(b->counts[i].marker, marker) == 0) {
            b->counts[i].n++;
            return;
        }
    if (b->ncounts < sizeof b->counts / sizeof *b->counts) {
        b->counts[b->ncounts].marker = marker;
        b->counts[b->ncounts++].n = 1;
    }
}

static void
add_marker(struct build *b, size_t i, size_t j, uint32_t r, uint32_t c,
           const char *marker, const double *value)
{
    struct ov_cell *nm = ov_realloc(b->mk, (b->nmk + 1) * 6 * sizeof *nm);
    char buf[OV_VALUE_TEXT_MAX], cn[16];
    const char *meaning = ov_xl_marker_meaning(marker, NULL);
    size_t n;

    if (nm == NULL) {
        b->nomem = true;
        return;
    }
    b->mk = nm;
    nm += b->nmk++ * 6;
    n = ov_value_format_int(buf, (int64_t)i + 1);
    nm[0] = add_text(b, buf, n);
    nm[1] = add_text(b, b->fnames[j], strlen(b->fnames[j]));
    ov_xl_cell_name(r, c, cn);
    nm[2] = add_text(b, cn, strlen(cn));
    nm[3] = add_text(b, marker, strlen(marker));
    nm[4] = add_text(b, meaning, strlen(meaning));
    if (value != NULL) {
        n = ov_value_format_float(buf, *value, OV_FLOAT_G);
        nm[5] = add_text(b, buf, n);
    } else {
        nm[5].off = OV_CELL_MISSING;
        nm[5].len = 0;
    }
    count_marker(b, marker);
}

/* Column j of the data: its texts, its shown texts, its markers. */
static void
fill_column(struct build *b, size_t j)
{
    const struct xl_layout *l = b->l;
    uint32_t c = l->cols[j];
    size_t i, nnum = 0, nlabel = 0, nother = 0;
    bool numeric;

    /* a column of numbers: then "-", "*", ":" are markers and "12 [e]"
     * is 12 flagged estimated; elsewhere they are text */
    for (i = 0; i < b->nrows; i++) {
        struct seen *e = &b->seen[i];

        e->num = 0;
        e->cell = ov_xl_grid_at(b->g, b->rows[i], c);
        e->kind = ov_xl_kind_of(e->cell, &e->num, &e->flag);
    }
    for (i = 0; i < b->nrows && !l->raw; i++) {
        switch (b->seen[i].kind) {
        case XK_NUM:
        case XK_FLAG:
            nnum++;
            break;
        case XK_LABEL:
            nlabel++;
            break;
        case XK_DATE:
        case XK_BOOL:
            nother++;
            break;
        default:
            break;
        }
    }
    numeric = nnum > 0 && nlabel == 0 && nother == 0;
    for (i = 0; i < b->nrows; i++) {
        const struct ov_xl_cell *cell = b->seen[i].cell;
        struct ov_cell *v = &b->cells[i * b->ncols + j],
                       *s = &b->shown[i * b->ncols + j];
        char buf[OV_VALUE_TEXT_MAX];
        const char *t, *flag = b->seen[i].flag;
        double num = b->seen[i].num;
        size_t n;
        enum xl_kind k = b->seen[i].kind;

        v->off = s->off = OV_CELL_MISSING;
        v->len = s->len = 0;
        if (cell == NULL || (!l->raw && k == XK_BLANK))
            continue;
        if (cell->shown != NULL)
            *s = add_text(b, cell->shown, strlen(cell->shown));
        if (!l->raw && (k == XK_MARK || (k == XK_WEAK && numeric))) {
            add_marker(b, i, j, b->rows[i], c, flag, NULL);
        } else if (!l->raw && k == XK_FLAG && numeric) {
            n = ov_value_format_float(buf, num, OV_FLOAT_G);
            *v = add_text(b, buf, n);
            add_marker(b, i, j, b->rows[i], c, flag, &num);
        } else {
            t = value_text(cell, buf, &n);
            *v = add_text(b, t, n);
            if (cell->kind == OV_XL_TEXT)
                b->force_text[j] = true;
            if (s->off == OV_CELL_MISSING)
                *s = *v; /* shown as stored: the same text, kept once */
        }
        if (s->off == OV_CELL_MISSING) {
            t = value_text(cell, buf, &n);
            *s = add_text(b, t, n);
        }
    }
}

/* ---- the tables ---- */

static ov_status
from_text(struct build *b, const struct ov_cell *names, size_t ncols,
          const struct ov_cell *cells, size_t nrows,
          const struct ov_type_override *types, size_t ntypes, bool nulls,
          ov_table **out, struct ov_load_report *rep, struct ov_err *err)
{
    static const char *const none[1] = {""};
    struct ov_load_opts lo;
    ov_status st;

    ov_load_opts_init(&lo);
    if (!nulls) {
        lo.nulls = none;
        lo.nnulls = 0;
    }
    lo.types = types;
    lo.ntypes = ntypes;
    lo.name = b->o->name != NULL ? b->o->name : b->sheet;
    lo.threads = 1;
    st = ov_table_from_text(ov_strbuf_cstr(&b->text), names, ncols, cells, nrows, &lo,
                            out, rep, err);
    if (st != OV_OK && st != OV_ENOMEM && st != OV_EINTR) {
        char msg[OV_ERR_MSG_MAX];

        snprintf(msg, sizeof msg, "%s", err->msg);
        ov_err_set(err, st, "%s: %s: %s", b->source, b->sheet, msg);
    }
    return st;
}

/* The types: text for columns holding text, the caller's over them. */
static ov_status
make_types(struct build *b, struct ov_type_override **out, size_t *n,
           struct ov_err *err)
{
    size_t j, k, m = 0;
    struct ov_type_override *t = ov_calloc(b->ncols + b->o->ntypes + 1, sizeof *t);

    if (t == NULL)
        return OV_ENOMEM;
    for (j = 0; j < b->ncols; j++)
        if (b->force_text[j]) {
            t[m].column = b->fnames[j];
            t[m++].type = OV_STRING;
        }
    for (k = 0; k < b->o->ntypes; k++) {
        const char *want = b->o->types[k].column, *best;
        bool found = false;

        for (j = 0; j < b->ncols; j++)
            found = found || strcmp(b->fnames[j], want) == 0;
        if (!found) {
            best = ov_suggest(want, (const char *const *)b->fnames, b->ncols);
            ov_free(t);
            if (best != NULL)
                return ov_err_set(
                    err, OV_ENOTFOUND,
                    "%s: %s: types names a column '%s' that the table does not "
                    "have; did you mean '%s'?",
                    b->source, b->sheet, want, best);
            return ov_err_set(
                err, OV_ENOTFOUND,
                "%s: %s: types names a column '%s' that the table does not have",
                b->source, b->sheet, want);
        }
        t[m++] = b->o->types[k];
    }
    *out = t;
    *n = m;
    return OV_OK;
}

static ov_status
markers_table(struct build *b, ov_table **out, struct ov_err *err)
{
    static const char *const cols[6] = {"row",    "column",  "cell",
                                        "marker", "meaning", "value"};
    static const struct ov_type_override types[6] = {
        {"row", OV_INT},       {"column", OV_STRING},  {"cell", OV_STRING},
        {"marker", OV_STRING}, {"meaning", OV_STRING}, {"value", OV_FLOAT}};
    struct ov_cell names[6];
    size_t k;

    for (k = 0; k < 6; k++)
        names[k] = add_text(b, cols[k], strlen(cols[k]));
    if (b->nomem)
        return ov_err_nomem(err, "keeping a sheet's markers");
    return from_text(b, names, 6, b->mk, b->nmk, types, 6, false, out, NULL, err);
}

static ov_status
shown_table(struct build *b, ov_table **out, struct ov_err *err)
{
    struct ov_type_override *t = ov_calloc(b->ncols + 1, sizeof *t);
    size_t j;
    ov_status st;

    if (t == NULL)
        return ov_err_nomem(err, "keeping a sheet's shown texts");
    for (j = 0; j < b->ncols; j++) {
        t[j].column = b->fnames[j];
        t[j].type = OV_STRING;
    }
    st = from_text(b, b->names, b->ncols, b->shown, b->nrows, t, b->ncols, false, out,
                   NULL, err);
    ov_free(t);
    return st;
}

/* The texts of row r's cells (in the used range), joined by "; ". */
static char *
row_text(const struct ov_xl_grid *g, uint32_t r)
{
    ov_strbuf s = OV_STRBUF_INIT;
    size_t first, n = ov_xl_grid_row(g, r, &first), i;

    for (i = first; i < first + n; i++) {
        const struct ov_xl_cell *c = &g->cells[i];
        const char *flag;
        double v;
        size_t before = s.len;

        if (ov_xl_kind_of(c, &v, &flag) == XK_BLANK)
            continue;
        if (before > 0)
            ov_strbuf_puts(&s, "; ");
        label_text(c, &s);
    }
    if (ov_strbuf_status(&s) != OV_OK) {
        ov_strbuf_free(&s);
        return NULL;
    }
    if (s.len == 0)
        ov_strbuf_puts(&s, "");
    return ov_strbuf_take(&s);
}

/* "row 3", "rows 3 and 5", "rows 3 to 5", "rows 3, 8, 9, ... (12 rows)". */
static void
rows_said(const uint32_t *rows, size_t n, ov_strbuf *s)
{
    size_t i;

    if (n == 1) {
        ov_strbuf_printf(s, "row %lu", (unsigned long)rows[0] + 1);
        return;
    }
    if (rows[n - 1] - rows[0] + 1 == n) {
        ov_strbuf_printf(s, "rows %lu to %lu", (unsigned long)rows[0] + 1,
                         (unsigned long)rows[n - 1] + 1);
        return;
    }
    ov_strbuf_puts(s, "rows ");
    for (i = 0; i < n && i < 6; i++)
        ov_strbuf_printf(s, "%s%lu",
                         i == 0       ? ""
                         : i + 1 == n ? " and "
                                      : ", ",
                         (unsigned long)rows[i] + 1);
    if (n > 6)
        ov_strbuf_printf(s, ", ... (%zu rows)", n);
}

static void
layout_notes(struct build *b, const char *title)
{
    const struct xl_layout *l = b->l;
    ov_strbuf s = OV_STRBUF_INIT;
    char cn[16];
    size_t i;

    if (l->skipped > 0)
        note(b, "skipped %ld row%s at the top (skip = %ld)", l->skipped,
             l->skipped == 1 ? "" : "s", l->skipped);
    if (l->raw) {
        note(b,
             "raw: every cell as stored, one row per sheet row, columns named by their "
             "letters");
        return;
    }
    if (l->ntitle > 0) {
        rows_said(l->title, l->ntitle, &s);
        note(b, "took %s as the title: '%s'", ov_strbuf_cstr(&s), title);
        ov_strbuf_reset(&s);
    }
    if (l->nhdr > 0) {
        uint32_t h[8];
        uint32_t k;

        for (k = 0; k < l->nhdr && k < 8; k++)
            h[k] = l->hdr0 + k;
        rows_said(h, l->nhdr < 8 ? l->nhdr : 8, &s);
        note(b, "took %s as the header%s", ov_strbuf_cstr(&s),
             l->nhdr > 1 ? ": each column's labels joined with ' / '" : "");
        ov_strbuf_reset(&s);
    } else {
        note(b, "no header: columns named by their letters");
    }
    if (l->nnotes > 0) {
        if (l->nabove > 0) {
            rows_said(l->notes, l->nabove, &s);
            ov_strbuf_puts(&s, " above the table");
        }
        if (l->nnotes > l->nabove) {
            if (l->nabove > 0)
                ov_strbuf_puts(&s, " and ");
            rows_said(l->notes + l->nabove, l->nnotes - l->nabove, &s);
            ov_strbuf_puts(&s, " below it");
        }
        if (l->nnotes > 1)
            note(b,
                 "set aside %s as notes (sheet note 1 to sheet note %zu in the "
                 "provenance)",
                 ov_strbuf_cstr(&s), l->nnotes);
        else
            note(b, "set aside %s as notes (sheet note 1 in the provenance)",
                 ov_strbuf_cstr(&s));
        ov_strbuf_reset(&s);
    }
    if (l->nblank > 0) {
        rows_said(l->blank, l->nblank, &s);
        note(b, "dropped %zu blank row%s inside the table (%s)", l->nblank,
             l->nblank == 1 ? "" : "s", ov_strbuf_cstr(&s));
        ov_strbuf_reset(&s);
    }
    if (l->ngone > 0) {
        for (i = 0; i < l->ngone; i++)
            ov_strbuf_printf(&s, "%s%s", i == 0 ? "" : ", ",
                             ov_xl_col_name(l->gone[i], cn));
        note(b, "left out column%s %s: empty in the table", l->ngone == 1 ? "" : "s",
             ov_strbuf_cstr(&s));
        ov_strbuf_reset(&s);
    }
    for (i = 0; i < b->nfootnotes; i++)
        note(b, "separated a footnote marker: %s", b->footnotes[i]);
    for (i = 0; i < b->ncounts; i++) {
        bool flag;
        const char *meaning = ov_xl_marker_meaning(b->counts[i].marker, &flag);
        size_t n = b->counts[i].n;

        if (flag)
            note(b, "%s %s: %zu cell%s, the value kept and flagged in the markers",
                 b->counts[i].marker, meaning, n, n == 1 ? "" : "s");
        else
            note(b,
                 "%s %s: %zu cell%s, missing values with their reason in the markers",
                 b->counts[i].marker, meaning, n, n == 1 ? "" : "s");
    }
    ov_strbuf_free(&s);
}

static void
build_free(struct build *b)
{
    size_t i;

    ov_strbuf_free(&b->text);
    ov_free(b->names);
    if (b->fnames != NULL)
        for (i = 0; i < b->ncols; i++)
            ov_free(b->fnames[i]);
    ov_free(b->fnames);
    ov_free(b->cells);
    ov_free(b->shown);
    ov_free(b->seen);
    ov_free(b->rows);
    ov_free(b->force_text);
    ov_free(b->mk);
    for (i = 0; i < b->nfootnotes; i++)
        ov_free(b->footnotes[i]);
    ov_free(b->footnotes);
    for (i = 0; i < b->nmynotes; i++)
        ov_free(b->mynotes[i]);
    ov_free(b->mynotes);
}

/* The facts: where the table came from and how it was laid out. */
static ov_status
set_facts(struct build *b, ov_table *t, char *const *notes, const char *title)
{
    const struct xl_layout *l = b->l;
    char a[16], z[16], buf[64], key[32];
    int bad = 0;
    size_t i;

    bad |= ov_table_set_fact(t, "source", b->source) != OV_OK;
    bad |= ov_table_set_fact(t, "sheet", b->sheet) != OV_OK;
    bad |= ov_table_set_fact(t, "format", b->format) != OV_OK;
    if (b->ncols > 0) {
        snprintf(buf, sizeof buf, "%s:%s", ov_xl_cell_name(l->r0, l->cols[0], a),
                 ov_xl_cell_name(l->r1, l->cols[b->ncols - 1], z));
        bad |= ov_table_set_fact(t, "range", buf) != OV_OK;
    }
    bad |= ov_table_set_fact(t, "layout",
                             l->raw ? "raw (header = false): every cell as stored"
                             : l->by_range ? "given by range"
                                           : "found automatically") != OV_OK;
    snprintf(buf, sizeof buf, "%lu", (unsigned long)l->nhdr);
    bad |= ov_table_set_fact(t, "header rows", buf) != OV_OK;
    if (title != NULL)
        bad |= ov_table_set_fact(t, "title", title) != OV_OK;
    for (i = 0; i < l->nnotes; i++) {
        snprintf(key, sizeof key, "sheet note %zu", i + 1);
        bad |= ov_table_set_fact(t, key, notes[i]) != OV_OK;
    }
    for (i = 0; i < b->nfootnotes; i++) {
        snprintf(key, sizeof key, "footnote %zu", i + 1);
        bad |= ov_table_set_fact(t, key, b->footnotes[i]) != OV_OK;
    }
    return bad ? OV_ENOMEM : OV_OK;
}

/* The report: the layout's notes first, then the loader's on the columns. */
static ov_status
merge_report(struct build *b, struct ov_load_report *rep)
{
    char **nn;
    size_t i;

    if (rep == NULL)
        return OV_OK;
    nn = ov_malloc((b->nmynotes + rep->nnotes + 1) * sizeof *nn);
    if (nn == NULL)
        return OV_ENOMEM;
    for (i = 0; i < b->nmynotes; i++)
        nn[i] = b->mynotes[i];
    for (i = 0; i < rep->nnotes; i++)
        nn[b->nmynotes + i] = rep->notes[i];
    ov_free(rep->notes);
    rep->notes = nn;
    rep->nnotes += b->nmynotes;
    b->nmynotes = 0;
    rep->bytes = 0;
    return OV_OK;
}

/* A new table with t's columns and no facts (the texts' are not ours). */
static ov_status
rehome(ov_table *t, const char *name, ov_table **out, struct ov_err *err)
{
    ov_table *n = ov_table_new(ov_table_nrows(t), err);
    size_t j;
    ov_status st;

    if (n == NULL)
        return OV_ENOMEM;
    for (j = 0; j < ov_table_ncols(t); j++)
        if ((st = ov_table_add_column(n, ov_table_colname(t, j), ov_table_col(t, j),
                                      err)) != OV_OK) {
            ov_table_free(n);
            return st;
        }
    if (ov_table_set_name(n, name) != OV_OK) {
        ov_table_free(n);
        return ov_err_nomem(err, "naming a table");
    }
    *out = n;
    return OV_OK;
}

ov_status
ov_xl_to_table(const struct ov_xl_grid *g, const char *source, const char *sheet,
               const char *format, const struct ov_sheet_opts *o, ov_table **out,
               struct ov_load_report *rep, struct ov_err *err)
{
    struct ov_sheet_opts defaults;
    struct xl_layout l;
    struct build b;
    struct ov_type_override *types = NULL;
    size_t ntypes = 0, i, j;
    ov_table *t = NULL, *tt = NULL, *markers = NULL, *shown = NULL;
    struct ov_load_report myrep;
    char **notes = NULL, *title = NULL;
    uint32_t r;
    ov_status st;

    *out = NULL;
    memset(&myrep, 0, sizeof myrep);
    if (rep != NULL)
        memset(rep, 0, sizeof *rep);
    if (o == NULL) {
        ov_sheet_opts_init(&defaults);
        o = &defaults;
    }
    source = source != NULL ? source : "(workbook)";
    sheet = sheet != NULL ? sheet : "(sheet)";
    if ((st = ov_xl_find_layout(g, source, sheet, o, &l, err)) != OV_OK)
        return st;
    memset(&b, 0, sizeof b);
    ov_strbuf_init(&b.text);
    b.g = g;
    b.source = source;
    b.sheet = sheet;
    b.format = format != NULL ? format : "";
    b.o = o;
    b.l = &l;
    b.ncols = l.ncols;
    for (r = l.data0; r <= l.r1 && l.r1 >= l.data0; r++) {
        size_t k = 0;

        /* blank rows are listed in order: skip them as we go */
        while (k < l.nblank && l.blank[k] < r)
            k++;
        if (!l.raw && k < l.nblank && l.blank[k] == r)
            continue;
        b.nrows++;
    }
    if (b.ncols > 0 && b.nrows > MAX_TABLE_CELLS / b.ncols) {
        char a[16], z[16];

        st = ov_err_set(
            err, OV_ERANGE,
            "%s: %s: the table %s:%s would hold %zu rows of %zu columns, more "
            "than oversight makes from a sheet; give a range",
            source, sheet, ov_xl_cell_name(l.r0, l.cols[0], a),
            ov_xl_cell_name(l.r1, l.cols[l.ncols - 1], z), b.nrows, b.ncols);
        ov_xl_layout_free(&l);
        ov_strbuf_free(&b.text);
        return st;
    }
    b.names = ov_calloc(b.ncols + 1, sizeof *b.names);
    b.fnames = ov_calloc(b.ncols + 1, sizeof *b.fnames);
    b.force_text = ov_calloc(b.ncols + 1, sizeof *b.force_text);
    b.rows = ov_calloc(b.nrows + 1, sizeof *b.rows);
    /* every cell of both is written by fill_column: no need to clear */
    b.cells = ov_malloc((b.nrows * b.ncols + 1) * sizeof *b.cells);
    b.shown = ov_malloc((b.nrows * b.ncols + 1) * sizeof *b.shown);
    b.seen = ov_malloc((b.nrows + 1) * sizeof *b.seen);
    notes = ov_calloc(l.nnotes + 1, sizeof *notes);
    if (b.names == NULL || b.fnames == NULL || b.force_text == NULL || b.rows == NULL ||
        b.cells == NULL || b.shown == NULL || b.seen == NULL || notes == NULL)
        goto nomem;
    {
        size_t k = 0, n = 0;

        for (r = l.data0; r <= l.r1 && l.r1 >= l.data0; r++) {
            while (k < l.nblank && l.blank[k] < r)
                k++;
            if (!l.raw && k < l.nblank && l.blank[k] == r)
                continue;
            b.rows[n++] = r;
        }
    }
    /* the notes' texts, and the numbers they give (for footnote markers) */
    for (i = 0; i < l.nnotes; i++) {
        int num;

        if ((notes[i] = row_text(g, l.notes[i])) == NULL)
            goto nomem;
        if ((num = note_number(notes[i])) > 0)
            b.notes_num[num] = true;
    }
    if (l.ntitle > 0) {
        ov_strbuf s = OV_STRBUF_INIT;

        for (i = 0; i < l.ntitle; i++) {
            char *rt = row_text(g, l.title[i]);

            if (i > 0)
                ov_strbuf_puts(&s, " / ");
            ov_strbuf_puts(&s, rt != NULL ? rt : "");
            ov_free(rt);
        }
        if ((title = ov_strbuf_take(&s)) == NULL)
            goto nomem;
    }
    if (l.raw) {
        for (j = 0; j < b.ncols; j++) {
            char letters[16];

            ov_xl_col_name(l.cols[j], letters);
            b.names[j] = add_text(&b, letters, strlen(letters));
            if ((b.fnames[j] = ov_strdup(letters)) == NULL)
                goto nomem;
        }
    } else if (make_names(&b) != OV_OK) {
        goto nomem;
    }
    for (j = 0; j < b.ncols; j++) {
        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto fail;
        }
        fill_column(&b, j);
    }
    if (b.nomem)
        goto nomem;
    layout_notes(&b, title);
    if ((st = make_types(&b, &types, &ntypes, err)) != OV_OK)
        goto fail;
    if ((st = from_text(&b, b.names, b.ncols, b.cells, b.nrows, types, ntypes, !l.raw,
                        &tt, rep != NULL ? rep : &myrep, err)) != OV_OK)
        goto fail;
    if ((st = rehome(tt, o->name != NULL ? o->name : sheet, &t, err)) != OV_OK)
        goto fail;
    if ((st = shown_table(&b, &shown, err)) != OV_OK)
        goto fail;
    ov_table_set_shown(t, shown);
    shown = NULL;
    if (!l.raw) {
        if ((st = markers_table(&b, &markers, err)) != OV_OK)
            goto fail;
        ov_table_set_markers(t, markers);
        markers = NULL;
    }
    if (set_facts(&b, t, notes, title) != OV_OK || merge_report(&b, rep) != OV_OK ||
        b.nomem)
        goto nomem;
    *out = t;
    t = NULL;
    st = OV_OK;
    goto done;
nomem:
    st = ov_err_nomem(err, "making a table of a sheet");
fail:
    if (rep != NULL)
        ov_load_report_free(rep);
done:
    ov_load_report_free(&myrep);
    ov_table_free(t);
    ov_table_free(tt);
    ov_table_free(markers);
    ov_table_free(shown);
    ov_free(types);
    if (notes != NULL)
        for (i = 0; i < l.nnotes; i++)
            ov_free(notes[i]);
    ov_free(notes);
    ov_free(title);
    build_free(&b);
    ov_xl_layout_free(&l);
    return st;
}
