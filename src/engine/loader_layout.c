/*
 * loader_layout.c - where the table begins in the first block: lines
 * skipped by hand (skip = N) or found above the table (a title, a
 * description: rows with fewer fields than the table), kept as its
 * preamble; and whether the table's first row names the columns or is
 * already data. Works on a sample of whole rows of the first block; splits
 * rows through loader_parse.c (no libcsv here) and reads nothing.
 */
#include "config.h"

#include <string.h>

#include "csvscan.h"
#include "loader_int.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "value.h"

#define SAMPLE_ROWS 100
#define SAMPLE_BYTES ((size_t)256 << 10) /* rows begun past this are not sampled */
#define MAX_PREAMBLE 20                  /* rows above the table that are looked for */
#define AGREE_ROWS 5  /* rows after a header that must have its width */
#define NOTE_TEXT 160 /* bytes of preamble text quoted in the report */

/* a row of the sample: where it is in the buffer and its fields */
struct srow {
    size_t start, end; /* blank lines before it excluded */
    char **f;
    size_t nf;
    size_t nonempty; /* fields that are not empty */
};

struct sample {
    struct srow *r;
    size_t n;
};

static void
sample_free(struct sample *s)
{
    size_t i, j;

    for (i = 0; i < s->n; i++) {
        for (j = 0; j < s->r[i].nf; j++)
            ov_free(s->r[i].f[j]);
        ov_free(s->r[i].f);
    }
    ov_free(s->r);
    s->r = NULL;
    s->n = 0;
}

/* The whole rows at the start of buf[0..len), up to SAMPLE_ROWS of them
 * and none begun past SAMPLE_BYTES; OV_ENOMEM. */
static ov_status
sample_take(const struct loader *ld, const char *buf, size_t len, struct sample *s)
{
    size_t pos = 0, j;

    s->n = 0;
    s->r = ov_calloc(SAMPLE_ROWS, sizeof *s->r);
    if (s->r == NULL)
        return OV_ENOMEM;
    while (s->n < SAMPLE_ROWS && pos < len && pos < SAMPLE_BYTES) {
        size_t rs,
            end = ov_scan_first_row(buf + pos, len - pos, ld->delim, ld->eof, &rs);
        struct srow *r = &s->r[s->n];

        if (end == 0)
            break;
        r->start = pos + rs;
        r->end = pos + end;
        s->n++;
        if (ov_ld_parse_header(ld->delim, buf + r->start, end - rs, &r->f, &r->nf) !=
            OV_OK)
            return OV_ENOMEM;
        for (j = 0; j < r->nf; j++)
            r->nonempty += r->f[j][0] != '\0';
        pos += end;
    }
    return OV_OK;
}

/* Keeps the non-empty fields of a line above the table, joined, as a
 * text of the preamble; line is its number, for an encoding error. */
static ov_status
keep_text(struct loader *ld, char *const *f, size_t nf, uint64_t line,
          struct ov_err *err)
{
    ov_strbuf b = OV_STRBUF_INIT;
    char *text, **p;
    size_t j, n, bad;
    bool first = true, nul;

    for (j = 0; j < nf; j++) {
        if (f[j][0] == '\0')
            continue;
        if (!first)
            ov_strbuf_putc(&b, ld->delim == '\t' ? ' ' : ld->delim);
        ov_strbuf_puts(&b, f[j]);
        first = false;
    }
    if (first)
        return OV_OK; /* a line of empty fields */
    if (ov_strbuf_status(&b) != OV_OK) {
        ov_strbuf_free(&b);
        return ov_ld_nomem(ld, err);
    }
    n = b.len;
    if (ld->opts->encoding == OV_ENC_UTF8) {
        if (ov_utf8_check(ov_strbuf_cstr(&b), n, &nul) < n) {
            ov_strbuf_free(&b);
            return ov_err_set(err, OV_EPARSE,
                              nul ? "%s:%llu: NUL byte above the table: this is not a "
                                    "text CSV file"
                                  : "%s:%llu: invalid UTF-8 above the table; if the "
                                    "file is Latin-1 or Windows-1252, load it with "
                                    "encoding = \"latin1\" or \"cp1252\"",
                              ld->path, (unsigned long long)line);
        }
        text = ov_strbuf_take(&b);
    } else {
        text = ov_malloc(n * 3 + 1);
        if (text != NULL) {
            size_t m =
                ov_transcode(ld->opts->encoding, ov_strbuf_cstr(&b), n, text, &bad);

            if (m == (size_t)-1) {
                ov_free(text);
                ov_strbuf_free(&b);
                return ov_err_set(err, OV_EPARSE,
                                  "%s:%llu: a byte that is not a character in "
                                  "Windows-1252; try encoding = \"latin1\"",
                                  ld->path, (unsigned long long)line);
            }
            text[m] = '\0';
        }
        ov_strbuf_free(&b);
    }
    if (text == NULL)
        return ov_ld_nomem(ld, err);
    p = ov_realloc(ld->preamble, (ld->npreamble + 1) * sizeof *p);
    if (p == NULL) {
        ov_free(text);
        return ov_ld_nomem(ld, err);
    }
    ld->preamble = p;
    ld->preamble[ld->npreamble++] = text;
    return OV_OK;
}

/* "'Some text' / 'description'", cut short past NOTE_TEXT bytes */
static void
quoted_texts(const struct loader *ld, ov_strbuf *b)
{
    size_t i;

    for (i = 0; i < ld->npreamble; i++) {
        if (b->len > NOTE_TEXT) {
            ov_strbuf_puts(b, " / ...");
            return;
        }
        ov_strbuf_printf(b, "%s'%s'", i ? " / " : "", ld->preamble[i]);
    }
}

/* skip = N: the lines buf[from..ld->hand_end), kept and noted */
static ov_status
keep_hand_lines(struct loader *ld, const char *buf, size_t from, struct ov_err *err)
{
    size_t pos = from;
    uint64_t line = 1;
    ov_strbuf b = OV_STRBUF_INIT;
    ov_status st = OV_OK;
    char a[32];

    while (pos < ld->hand_end && st == OV_OK) {
        const char *e = memchr(buf + pos, ld->nl, ld->hand_end - pos);
        size_t end = e != NULL ? (size_t)(e - buf) : ld->hand_end, n = end - pos;
        char **f;
        size_t nf, j;

        while (n > 0 && (buf[pos + n - 1] == '\r' || buf[pos + n - 1] == '\n'))
            n--;
        if (ov_ld_parse_header(ld->delim, buf + pos, n, &f, &nf) != OV_OK)
            st = ov_ld_nomem(ld, err);
        else
            st = keep_text(ld, f, nf, line, err);
        for (j = 0; j < nf; j++)
            ov_free(f[j]);
        ov_free(f);
        pos = end + 1;
        line++;
    }
    if (st != OV_OK || ld->hand_lines == 0)
        return st;
    ov_strbuf_printf(&b, "%s line%s before the header skipped (skip = %ld)",
                     ov_ld_fmtn(a, ld->hand_lines), ld->hand_lines == 1 ? "" : "s",
                     ld->opts->skip);
    if (ld->npreamble > 0) {
        ov_strbuf_puts(&b, ": ");
        quoted_texts(ld, &b);
    }
    st = ov_strbuf_status(&b) == OV_OK ? ov_ld_note(ld->rep, "%s", ov_strbuf_cstr(&b))
                                       : OV_ENOMEM;
    ov_strbuf_free(&b);
    return st == OV_OK ? OV_OK : ov_ld_nomem(ld, err);
}

/* The first row of the sample that starts the table: it names most of its
 * two or more columns and the rows after it (at least one) have as many
 * fields. 0 (no preamble) when that is the first row or no row is. */
static size_t
table_start(const struct sample *s)
{
    size_t k, i;

    for (k = 0; k < MAX_PREAMBLE && k + 1 < s->n; k++) {
        size_t w = s->r[k].nf;
        bool agree = w >= 2 && s->r[k].nonempty * 2 > w;

        for (i = k + 1; agree && i < s->n && i <= k + AGREE_ROWS; i++)
            agree = s->r[i].nf == w;
        if (agree)
            return k;
    }
    return 0;
}

/* Whether every row above row k reads as a title or a note rather than a
 * header or data: at most half of the table's width in values, and when
 * it has the table's width (and so would load today as its header), at
 * most one ("Police workforce,,,,"). */
static bool
all_notes(const struct sample *s, size_t k)
{
    size_t w = s->r[k].nf, i;

    for (i = 0; i < k; i++) {
        const struct srow *r = &s->r[i];

        if (r->nf == w ? r->nonempty > 1 : r->nonempty * 2 > w)
            return false;
    }
    return true;
}

ov_status
ov_ld_find_table(struct loader *ld, const char *buf, size_t len, size_t from,
                 size_t *skip, struct ov_err *err)
{
    struct sample s;
    size_t k, i;
    uint64_t base = 1 + ld->hand_lines + ld->comment_lines;
    ov_strbuf b = OV_STRBUF_INIT;
    ov_status st = OV_OK;
    char a[32];

    if (ld->opts->skip >= 0)
        return keep_hand_lines(ld, buf, from, err);
    /* with no header every row is data, as asked */
    if (ld->opts->header == OV_HEADER_NONE)
        return OV_OK;
    if (sample_take(ld, buf + *skip, len - *skip, &s) != OV_OK) {
        sample_free(&s);
        return ov_ld_nomem(ld, err);
    }
    k = table_start(&s);
    if (k == 0 || !all_notes(&s, k))
        goto out;
    for (i = 0; i < k && st == OV_OK; i++)
        st = keep_text(ld, s.r[i].f, s.r[i].nf,
                       base + ov_scan_count_lines(buf + *skip, s.r[i].start, ld->nl),
                       err);
    if (st != OV_OK)
        goto out;
    ld->preamble_lines = ov_scan_count_lines(buf + *skip, s.r[k].start, ld->nl);
    *skip += s.r[k].start;
    ov_strbuf_printf(&b, "%s line%s above the table %s set aside as its preamble",
                     ov_ld_fmtn(a, ld->preamble_lines),
                     ld->preamble_lines == 1 ? "" : "s",
                     ld->preamble_lines == 1 ? "was" : "were");
    if (ld->npreamble > 0) {
        ov_strbuf_puts(&b, ": ");
        quoted_texts(ld, &b);
    }
    if (ov_strbuf_status(&b) != OV_OK ||
        ov_ld_note(ld->rep, "%s", ov_strbuf_cstr(&b)) != OV_OK)
        st = ov_ld_nomem(ld, err);
out:
    ov_strbuf_free(&b);
    sample_free(&s);
    return st;
}

/* ---------------------------------------------------------------------
 * Names or data
 * --------------------------------------------------------------------- */

/* a whole number that could be a year: "2019" over counts names a column */
static bool
year_like(const char *s)
{
    int64_t v;

    return ov_parse_int(s, strlen(s), &v) && v >= 1800 && v <= 2100;
}

/* Whether value j of the first row reads as data of column j below: a
 * missing value; a value of the column's type when that is not text (then
 * *decisive); in a text column, a number, date or boolean, or one of the
 * column's own values. A year over values that are not years is a name. */
static bool
column_agrees(const struct loader *ld, const struct sample *s, size_t j, bool *decisive)
{
    const char *v = s->r[0].f[j];
    size_t n = strlen(v), i;
    struct infer below, one;
    bool years = true, repeated = false;
    ov_type t;

    if (ov_ld_is_null(ld, v, n))
        return true;
    ov_ld_infer_init(&below);
    for (i = 1; i < s->n; i++) {
        const struct srow *r = &s->r[i];
        const char *x;

        if (r->nf != s->r[0].nf || r->nonempty == 0)
            continue;
        x = r->f[j];
        if (ov_ld_is_null(ld, x, strlen(x)))
            continue;
        ov_ld_infer_text(&below, x, strlen(x));
        years = years && year_like(x);
        repeated = repeated || strcmp(x, v) == 0;
    }
    if (year_like(v) && !(below.any && years))
        return false;
    t = ov_ld_decide(&below, -1).type;
    ov_ld_infer_init(&one);
    ov_ld_infer_text(&one, v, n);
    if (t != OV_STRING) {
        ov_ld_infer_merge(&below, &one);
        if (ov_ld_decide(&below, -1).type != t)
            return false;
        *decisive = true;
        return true;
    }
    return ov_ld_decide(&one, -1).type != OV_STRING || repeated;
}

bool
ov_ld_first_row_is_data(const struct loader *ld, const char *buf, size_t len)
{
    struct sample s;
    bool data = false, decisive = false;
    size_t j, k;

    if (sample_take(ld, buf, len, &s) != OV_OK || s.n < 2 || s.r[0].nf != ld->ncols)
        goto out;
    /* types = { name = ... } naming a value of the first row says it names */
    for (k = 0; k < ld->opts->ntypes; k++)
        for (j = 0; j < ld->ncols; j++)
            if (strcmp(ld->opts->types[k].column, s.r[0].f[j]) == 0)
                goto out;
    data = true;
    for (j = 0; j < ld->ncols && data; j++)
        data = column_agrees(ld, &s, j, &decisive);
    data = data && decisive;
out:
    sample_free(&s);
    return data;
}
