/*
 * xl_names.c - the texts of a sheet's cells and the names of its
 * columns: values as the file stores them, labels as the header shows
 * them, one to three header rows joined into one name (group labels
 * carried over the columns they span), and footnote markers glued to a
 * label cut off when the sheet has a note of that number. Part of
 * building a table from a sheet (xl_totable.c).
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dict.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "value.h"
#include "xl_layout_int.h"
#include "xl_totable_int.h"

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
const char *
ov_xl_value_text(const struct ov_xl_cell *c, char *buf, size_t *n)
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
void
ov_xl_label_text(const struct ov_xl_cell *c, ov_strbuf *out)
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
    ov_xl_value_text(c, buf, &n);
    if (c->kind == OV_XL_TEXT || c->kind == OV_XL_ERROR)
        squeeze(out, c->text != NULL ? c->text : "");
    else
        ov_strbuf_append(out, buf, n);
}

/* ---- footnotes ---- */

/* The number a note starts with: "2", "2.", "(2)", "[2]", "Note 2:",
 * "Notes 2" (1 to 99), or 0. */
int
ov_xl_note_number(const char *s)
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

void
ov_xl_add_footnote(struct build *b, const char *fmt, ...)
{
    ov_strbuf f = OV_STRBUF_INIT;
    char **nf;
    va_list ap;

    va_start(ap, fmt);
    ov_strbuf_vprintf(&f, fmt, ap);
    va_end(ap);
    nf = ov_realloc(b->footnotes, (b->nfootnotes + 1) * sizeof *nf);
    if (nf == NULL || ov_strbuf_status(&f) != OV_OK) {
        ov_strbuf_free(&f);
        b->nomem = true;
        return;
    }
    b->footnotes = nf;
    b->footnotes[b->nfootnotes++] = ov_strbuf_take(&f);
}

/* Cuts a footnote marker glued to the end of label s (len bytes) when a
 * note of that number exists; returns it, or 0. */
int
ov_xl_cut_footnote(struct build *b, char *s, size_t *len)
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

ov_status
ov_xl_make_names(struct build *b)
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
            ov_xl_label_text(cell, &part);
            if (part.len == 0)
                continue;
            if (own && cell->kind == OV_XL_TEXT &&
                (fn = ov_xl_cut_footnote(b, part.data, &part.len)) != 0) {
                char cn[16];

                ov_xl_add_footnote(b, "column %s, label '%s': note %d",
                                   ov_xl_col_name(c, cn), cell->text, fn);
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
                ov_xl_note(b, "column %s has no label in the header: called it '%s'",
                           letters, letters);
        }
        if (ov_dict_find(seen, name.data, name.len) != OV_DICT_MAX) {
            size_t base = name.len;
            int k = 1;

            do {
                ov_strbuf_truncate(&name, base);
                ov_strbuf_printf(&name, "_%d", ++k);
            } while (ov_dict_find(seen, name.data, name.len) != OV_DICT_MAX);
            ov_xl_note(b, "column %s repeats the name '%.*s': called it '%s'",
                       ov_xl_col_name(c, letters), (int)base, name.data, name.data);
        }
        if (ov_strbuf_status(&name) != OV_OK ||
            ov_dict_intern(seen, name.data, name.len, &code, NULL) != OV_OK)
            b->nomem = true;
        else {
            b->names[j] = ov_xl_add_text(b, name.data, name.len);
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
