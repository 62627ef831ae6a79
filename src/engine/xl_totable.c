/*
 * xl_totable.c - a sheet's table, once xl_layout.c has found where it is:
 * the columns' names from one to three header rows (group labels carried
 * over the columns they span, footnote markers separated), the values
 * typed as the CSV loader types texts (ov_table_from_text), markers made
 * missing with their reasons kept, the displayed texts kept beside the
 * stored values, and the provenance and report that say what was done.
 * A column of numbers alone is made from the numbers themselves, as the
 * texts of them would be typed (put_direct), and its displayed texts are
 * written only when asked for (ov_xl_shown_texts): writing every number
 * to its shortest text and reading it back was most of a sheet's time.
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
#include "xl_totable_int.h"

/* Largest table a sheet makes (rows times columns), so that a used range
 * stretched by two far-apart cells is refused, not allocated. */
#define MAX_TABLE_CELLS ((size_t)1 << 27)

struct ov_cell
ov_xl_add_text(struct build *b, const char *s, size_t n)
{
    struct ov_cell c = {b->text.len, n};

    if (ov_strbuf_append(&b->text, s, n) != OV_OK)
        b->nomem = true;
    return c;
}

void
ov_xl_note(struct build *b, const char *fmt, ...)
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
    nm[0] = ov_xl_add_text(b, buf, n);
    nm[1] = ov_xl_add_text(b, b->fnames[j], strlen(b->fnames[j]));
    ov_xl_cell_name(r, c, cn);
    nm[2] = ov_xl_add_text(b, cn, strlen(cn));
    nm[3] = ov_xl_add_text(b, marker, strlen(marker));
    nm[4] = ov_xl_add_text(b, meaning, strlen(meaning));
    if (value != NULL) {
        n = ov_value_format_float(buf, *value, OV_FLOAT_G);
        nm[5] = ov_xl_add_text(b, buf, n);
    } else {
        nm[5].off = OV_CELL_MISSING;
        nm[5].len = 0;
    }
    count_marker(b, marker);
}

/* A row label (a text in the table's first column), with a footnote
 * marker glued to its end cut off and kept when the sheet has a note of
 * that number: "Wales3" over a note 3 is "Wales". */
static void
row_label(struct build *b, size_t i, uint32_t c, const struct ov_xl_cell *cell,
          struct ov_cell *v)
{
    ov_strbuf s = OV_STRBUF_INIT;
    size_t n;
    int fn;

    ov_strbuf_puts(&s, cell->text != NULL ? cell->text : "");
    if (ov_strbuf_status(&s) != OV_OK) {
        b->nomem = true;
        return;
    }
    n = s.len;
    if ((fn = ov_xl_cut_footnote(b, s.data, &n)) != 0) {
        char cn[16];

        ov_xl_add_footnote(b, "row %zu (%s), label '%s': note %d", i + 1,
                           ov_xl_cell_name(b->rows[i], c, cn), cell->text, fn);
    }
    *v = ov_xl_add_text(b, s.data, n);
    b->force_text[0] = true;
    ov_strbuf_free(&s);
}

/* The cell of table row i in sheet column c, or NULL; c may only grow
 * from one call to the next for the same row. */
static const struct ov_xl_cell *
next_cell(struct build *b, size_t i, uint32_t c)
{
    const struct ov_xl_cell *cells = b->g->cells;
    size_t k = b->cur[i];

    while (k < b->end[i] && cells[k].col < c)
        k++;
    b->cur[i] = k;
    return k < b->end[i] && cells[k].col == c ? &cells[k] : NULL;
}

/* Whether column j is named by the types option. */
static bool
typed(const struct build *b, size_t j)
{
    size_t k;

    for (k = 0; k < b->o->ntypes; k++)
        if (b->o->types[k].column != NULL &&
            strcmp(b->o->types[k].column, b->fnames[j]) == 0)
            return true;
    return false;
}

/* Column j holds numbers alone (b->seen): makes its column from them
 * (whole numbers below 1e16 an int column, else a float one written as
 * its shortest text: what reading back their texts would give), its
 * texts all missing; the shown texts are written only when some cell has
 * one of its own, else the values column stands for them
 * (ov_xl_shown_texts writes them when asked). False when out of memory
 * (b->nomem set). */
static bool
direct_column(struct build *b, size_t j, bool whole, bool shown)
{
    struct ov_err err;
    ov_column *col = ov_column_new(whole ? OV_INT : OV_FLOAT, b->nrows, NULL, 0, &err);
    size_t i;

    if (col == NULL) {
        b->nomem = true;
        return false;
    }
    if (!whole)
        col->float_style = OV_FLOAT_G;
    for (i = 0; i < b->nrows; i++) {
        const struct seen *e = &b->seen[i];
        struct ov_cell *vc = &b->cells[j * b->nrows + i],
                       *sc = &b->shown[j * b->nrows + i];

        vc->off = sc->off = OV_CELL_MISSING;
        vc->len = sc->len = 0;
        if (e->cell == NULL || e->cell->kind != OV_XL_NUMBER) {
            if (ov_column_set_missing(col, i) != OV_OK) {
                ov_column_unref(col);
                b->nomem = true;
                return false;
            }
            continue;
        }
        if (whole)
            col->data.i64[i] = (int64_t)e->num;
        else
            col->data.f64[i] = e->num;
        if (!shown)
            continue;
        if (e->cell->shown != NULL) {
            *sc = ov_xl_add_text(b, e->cell->shown, strlen(e->cell->shown));
        } else {
            char buf[OV_VALUE_TEXT_MAX];
            size_t n = ov_value_format_float(buf, e->num, OV_FLOAT_G);

            *sc = ov_xl_add_text(b, buf, n);
        }
    }
    ov_column_finish(col);
    b->direct[j] = col;
    b->shown_plain[j] = !shown;
    return true;
}

/* Column j of the data: its texts, its shown texts, its markers. */
static void
fill_column(struct build *b, size_t j)
{
    const struct xl_layout *l = b->l;
    uint32_t c = l->cols[j];
    size_t i, nnum = 0, nlabel = 0, nother = 0;
    bool numeric, label_col, plain = !typed(b, j), whole = true, shown = false;

    /* a column of numbers: then "-", "*", ":" are markers and "12 [e]"
     * is 12 flagged estimated; elsewhere they are text */
    for (i = 0; i < b->nrows; i++) {
        struct seen *e = &b->seen[i];

        e->num = 0;
        e->cell = next_cell(b, i, c);
        e->kind = ov_xl_kind_of(e->cell, &e->num, &e->flag);
        if (!plain || e->cell == NULL || (!l->raw && e->kind == XK_BLANK))
            continue;
        /* a number as the text path would read it back: finite, and not
         * -0, whose text "-0" reads as the whole number 0 */
        if (e->cell->kind != OV_XL_NUMBER || !isfinite(e->num) ||
            (e->num == 0 && signbit(e->num))) {
            plain = false;
            continue;
        }
        nnum++;
        whole = whole && e->num == floor(e->num) && fabs(e->num) < 1e16;
        shown = shown || e->cell->shown != NULL;
    }
    if (plain && nnum > 0 && direct_column(b, j, whole, shown))
        return;
    nnum = 0;
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
    label_col = j == 0 && !l->raw && nlabel > 0;
    for (i = 0; i < b->nrows; i++) {
        const struct ov_xl_cell *cell = b->seen[i].cell;
        struct ov_cell *v = &b->cells[j * b->nrows + i],
                       *s = &b->shown[j * b->nrows + i];
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
            *s = ov_xl_add_text(b, cell->shown, strlen(cell->shown));
        if (!l->raw && (k == XK_MARK || (k == XK_WEAK && numeric))) {
            add_marker(b, i, j, b->rows[i], c, flag, NULL);
        } else if (!l->raw && k == XK_FLAG && numeric) {
            n = ov_value_format_float(buf, num, OV_FLOAT_G);
            *v = ov_xl_add_text(b, buf, n);
            add_marker(b, i, j, b->rows[i], c, flag, &num);
        } else if (label_col && cell->kind == OV_XL_TEXT) {
            row_label(b, i, c, cell, v);
        } else {
            t = ov_xl_value_text(cell, buf, &n);
            *v = ov_xl_add_text(b, t, n);
            if (cell->kind == OV_XL_TEXT)
                b->force_text[j] = true;
            if (s->off == OV_CELL_MISSING)
                *s = *v; /* shown as stored: the same text, kept once */
        }
        if (s->off == OV_CELL_MISSING) {
            t = ov_xl_value_text(cell, buf, &n);
            *s = ov_xl_add_text(b, t, n);
        }
    }
}

/* ---- the tables ---- */

static ov_status
from_text(struct build *b, const struct ov_cell *names, size_t ncols,
          const struct ov_cell *cells, size_t nrows, bool by_column,
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
    st = by_column ? ov_table_from_text_columns(ov_strbuf_cstr(&b->text), names, ncols,
                                                cells, nrows, &lo, out, rep, err)
                   : ov_table_from_text(ov_strbuf_cstr(&b->text), names, ncols, cells,
                                        nrows, &lo, out, rep, err);
    if (st != OV_OK && st != OV_ENOMEM && st != OV_EINTR) {
        char msg[OV_ERR_MSG_MAX];

        snprintf(msg, sizeof msg, "%s", err->msg);
        ov_err_set(err, st, "%s: %s: %s", b->source, b->sheet, msg);
    }
    return st;
}

/* The columns of numbers alone (direct_column's), put in t in place of
 * the empty columns their missing texts made. */
static ov_status
put_direct(struct build *b, ov_table *t, struct ov_err *err)
{
    ov_status st;
    size_t j;

    for (j = 0; j < b->ncols; j++)
        if (b->direct[j] != NULL &&
            (st = ov_table_replace_column(t, j, b->direct[j], err)) != OV_OK)
            return st;
    return OV_OK;
}

ov_status
ov_xl_shown_texts(ov_table *shown, struct ov_err *err)
{
    size_t i, j, n = ov_table_nrows(shown);

    for (j = 0; j < ov_table_ncols(shown); j++) {
        const ov_column *c = ov_table_col(shown, j);
        ov_column *tc;
        ov_status st;

        if (c->type == OV_STRING)
            continue;
        if ((tc = ov_column_new(OV_STRING, n, NULL, (uint32_t)(n + 1), err)) == NULL)
            return OV_ENOMEM;
        for (i = 0; i < n; i++) {
            char buf[OV_VALUE_TEXT_MAX];
            const char *s;
            size_t len;
            uint32_t code;

            if (ov_column_missing(c, i)) {
                if (ov_column_set_missing(tc, i) != OV_OK)
                    goto nomem;
                continue;
            }
            s = ov_column_text(c, i, buf, &len);
            if (ov_dict_intern(tc->dict, s, len, &code, NULL) != OV_OK)
                goto nomem;
            ov_column_set_code(tc, i, code);
        }
        ov_column_finish(tc);
        st = ov_table_replace_column(shown, j, tc, err);
        ov_column_unref(tc);
        if (st != OV_OK)
            return st;
        continue;
    nomem:
        ov_column_unref(tc);
        return ov_err_nomem(err, "writing a sheet's shown texts");
    }
    return OV_OK;
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
        const char *want = b->o->types[k].column;
        bool found = false;

        for (j = 0; j < b->ncols; j++)
            found = found || strcmp(b->fnames[j], want) == 0;
        if (!found) {
            char hint[400];

            ov_free(t);
            return ov_err_set(
                err, OV_ENOTFOUND,
                "%s: %s: types names a column '%s' that the table does not have%s",
                b->source, b->sheet, want,
                ov_suggest_column(want, (const char *const *)b->fnames, b->ncols, hint,
                                  sizeof hint));
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
        names[k] = ov_xl_add_text(b, cols[k], strlen(cols[k]));
    if (b->nomem)
        return ov_err_nomem(err, "keeping a sheet's markers");
    return from_text(b, names, 6, b->mk, b->nmk, false, types, 6, false, out, NULL,
                     err);
}

/* Whether the shown texts of column j are the text column j of t holds:
 * every cell shown as stored, a text column, missing where nothing is
 * shown. Such a column is shared, not loaded a second time. */
static bool
shown_as_stored(const struct build *b, const ov_table *t, size_t j)
{
    const ov_column *col = ov_table_col(t, j);

    if (col->type != OV_STRING || ov_table_colidx(t, j) != NULL || col->n != b->nrows)
        return false;
    for (size_t i = 0; i < b->nrows; i++) {
        const struct ov_cell *v = &b->cells[j * b->nrows + i],
                             *s = &b->shown[j * b->nrows + i];

        if (v->off != s->off || v->len != s->len ||
            (s->off == OV_CELL_MISSING) != ov_column_missing(col, i))
            return false;
    }
    return true;
}

/* The table of shown texts, all text; t is the table of values. */
static ov_status
shown_table(struct build *b, const ov_table *t, ov_table **out, struct ov_err *err)
{
    struct ov_type_override *ty = ov_calloc(b->ncols + 1, sizeof *ty);
    bool *same = ov_calloc(b->ncols + 1, sizeof *same);
    size_t i, j;
    ov_status st = OV_OK;

    if (ty == NULL || same == NULL) {
        ov_free(ty);
        ov_free(same);
        return ov_err_nomem(err, "keeping a sheet's shown texts");
    }
    for (j = 0; j < b->ncols; j++) {
        ty[j].column = b->fnames[j];
        ty[j].type = OV_STRING;
        /* loaded empty here, the values' column put in below (a column
         * of numbers shown as stored is written as texts when asked) */
        if ((same[j] = (b->direct[j] != NULL && b->shown_plain[j]) ||
                       shown_as_stored(b, t, j)))
            for (i = 0; i < b->nrows; i++)
                b->shown[j * b->nrows + i].off = OV_CELL_MISSING;
    }
    st = from_text(b, b->names, b->ncols, b->shown, b->nrows, true, ty, b->ncols, false,
                   out, NULL, err);
    for (j = 0; st == OV_OK && j < b->ncols; j++)
        if (same[j] &&
            (st = ov_table_replace_column(*out, j, ov_table_col(t, j), err)) != OV_OK) {
            ov_table_free(*out);
            *out = NULL;
        }
    ov_free(ty);
    ov_free(same);
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
        ov_xl_label_text(c, &s);
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
        ov_xl_note(b, "skipped %ld row%s at the top (skip = %ld)", l->skipped,
                   l->skipped == 1 ? "" : "s", l->skipped);
    if (l->raw) {
        ov_xl_note(
            b,
            "raw: every cell as stored, one row per sheet row, columns named by their "
            "letters");
        return;
    }
    if (l->ntitle > 0) {
        rows_said(l->title, l->ntitle, &s);
        ov_xl_note(b, "took %s as the title: '%s'", ov_strbuf_cstr(&s), title);
        ov_strbuf_reset(&s);
    }
    if (l->nhdr > 0) {
        uint32_t h[8];
        uint32_t k;

        for (k = 0; k < l->nhdr && k < 8; k++)
            h[k] = l->hdr0 + k;
        rows_said(h, l->nhdr < 8 ? l->nhdr : 8, &s);
        ov_xl_note(b, "took %s as the header%s", ov_strbuf_cstr(&s),
                   l->nhdr > 1 ? ": each column's labels joined with ' / '" : "");
        ov_strbuf_reset(&s);
    } else {
        ov_xl_note(b, "no header: columns named by their letters");
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
            ov_xl_note(b,
                       "set aside %s as notes (sheet note 1 to sheet note %zu in the "
                       "provenance)",
                       ov_strbuf_cstr(&s), l->nnotes);
        else
            ov_xl_note(b, "set aside %s as notes (sheet note 1 in the provenance)",
                       ov_strbuf_cstr(&s));
        ov_strbuf_reset(&s);
    }
    if (l->nblank > 0) {
        rows_said(l->blank, l->nblank, &s);
        ov_xl_note(b, "dropped %zu blank row%s inside the table (%s)", l->nblank,
                   l->nblank == 1 ? "" : "s", ov_strbuf_cstr(&s));
        ov_strbuf_reset(&s);
    }
    if (l->ngone > 0) {
        for (i = 0; i < l->ngone; i++)
            ov_strbuf_printf(&s, "%s%s", i == 0 ? "" : ", ",
                             ov_xl_col_name(l->gone[i], cn));
        ov_xl_note(b, "left out column%s %s: empty in the table",
                   l->ngone == 1 ? "" : "s", ov_strbuf_cstr(&s));
        ov_strbuf_reset(&s);
    }
    for (i = 0; i < b->nfootnotes; i++)
        ov_xl_note(b, "separated a footnote marker: %s", b->footnotes[i]);
    for (i = 0; i < b->ncounts; i++) {
        bool flag;
        const char *meaning = ov_xl_marker_meaning(b->counts[i].marker, &flag);
        size_t n = b->counts[i].n;

        if (flag)
            ov_xl_note(b,
                       "%s %s: %zu cell%s, the value kept and flagged in the markers",
                       b->counts[i].marker, meaning, n, n == 1 ? "" : "s");
        else
            ov_xl_note(
                b, "%s %s: %zu cell%s, missing values with their reason in the markers",
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
    ov_free(b->cur);
    ov_free(b->end);
    ov_free(b->rows);
    ov_free(b->force_text);
    if (b->direct != NULL)
        for (i = 0; i < b->ncols; i++)
            ov_column_unref(b->direct[i]);
    ov_free(b->direct);
    ov_free(b->shown_plain);
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

/* The sheet rows the table's rows come from (blank rows inside left out
 * unless raw), written to rows when not NULL; returns how many. */
static size_t
table_rows(const struct xl_layout *l, uint32_t *rows)
{
    size_t k = 0, n = 0;
    uint32_t r;

    for (r = l->data0; r <= l->r1 && l->r1 >= l->data0; r++) {
        /* blank rows are listed in order: skip them as we go */
        while (k < l->nblank && l->blank[k] < r)
            k++;
        if (!l->raw && k < l->nblank && l->blank[k] == r)
            continue;
        if (rows != NULL)
            rows[n] = r;
        n++;
    }
    return n;
}

/* The notes' texts and the numbers they give (for footnote markers), and
 * the title rows joined by " / ". */
static ov_status
notes_and_title(struct build *b, char **notes, char **title)
{
    const struct xl_layout *l = b->l;
    ov_strbuf s = OV_STRBUF_INIT;
    size_t i;

    for (i = 0; i < l->nnotes; i++) {
        int num;

        if ((notes[i] = row_text(b->g, l->notes[i])) == NULL)
            return OV_ENOMEM;
        if ((num = ov_xl_note_number(notes[i])) > 0)
            b->notes_num[num] = true;
    }
    if (l->ntitle == 0)
        return OV_OK;
    for (i = 0; i < l->ntitle; i++) {
        char *rt = row_text(b->g, l->title[i]);

        if (i > 0)
            ov_strbuf_puts(&s, " / ");
        ov_strbuf_puts(&s, rt != NULL ? rt : "");
        ov_free(rt);
    }
    return (*title = ov_strbuf_take(&s)) != NULL ? OV_OK : OV_ENOMEM;
}

/* Raw mode: the columns are called by their letters. */
static ov_status
raw_names(struct build *b)
{
    size_t j;

    for (j = 0; j < b->ncols; j++) {
        char letters[16];

        ov_xl_col_name(b->l->cols[j], letters);
        b->names[j] = ov_xl_add_text(b, letters, strlen(letters));
        if ((b->fnames[j] = ov_strdup(letters)) == NULL)
            return OV_ENOMEM;
    }
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
    b.nrows = table_rows(&l, NULL);
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
    b.cur = ov_malloc((b.nrows + 1) * sizeof *b.cur);
    b.end = ov_malloc((b.nrows + 1) * sizeof *b.end);
    b.direct = ov_calloc(b.ncols + 1, sizeof *b.direct);
    b.shown_plain = ov_calloc(b.ncols + 1, sizeof *b.shown_plain);
    notes = ov_calloc(l.nnotes + 1, sizeof *notes);
    if (b.names == NULL || b.fnames == NULL || b.force_text == NULL || b.rows == NULL ||
        b.cells == NULL || b.shown == NULL || b.seen == NULL || b.cur == NULL ||
        b.end == NULL || b.direct == NULL || b.shown_plain == NULL || notes == NULL)
        goto nomem;
    table_rows(&l, b.rows);
    for (i = 0; i < b.nrows; i++) {
        size_t first, n = ov_xl_grid_row(g, b.rows[i], &first);

        b.cur[i] = first;
        b.end[i] = first + n;
    }
    if (notes_and_title(&b, notes, &title) != OV_OK ||
        (l.raw ? raw_names(&b) : ov_xl_make_names(&b)) != OV_OK)
        goto nomem;
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
    if ((st = from_text(&b, b.names, b.ncols, b.cells, b.nrows, true, types, ntypes,
                        !l.raw, &tt, rep != NULL ? rep : &myrep, err)) != OV_OK)
        goto fail;
    if ((st = put_direct(&b, tt, err)) != OV_OK)
        goto fail;
    if ((st = rehome(tt, o->name != NULL ? o->name : sheet, &t, err)) != OV_OK)
        goto fail;
    if ((st = shown_table(&b, t, &shown, err)) != OV_OK)
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
