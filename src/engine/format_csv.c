/*
 * format_csv.c - tables as CSV and TSV: the one quoting rule for fields,
 * and the row writer that formats into a large buffer and hands stdio
 * whole megabytes (a character at a time through the locked stream was
 * most of a write's time). Knows nothing of Lua or the terminal.
 */
#include "config.h"

#include "format.h"
#include "format_int.h"

#include <string.h>

#include "ov_mem.h"
#include "stats.h"
#include "value.h"

/* whether a field must be quoted: it holds the separator, a quote or a
 * line break (RFC 4180) */
static bool
needs_quotes(const char *s, size_t n, char sep)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char ch = s[i];

        if (ch == sep || ch == '"' || ch == '\n' || ch == '\r')
            return true;
    }
    return false;
}

/* s quoted into dst (which holds 2n + 2 bytes): every quote doubled;
 * returns the length */
static size_t
quote_into(char *dst, const char *s, size_t n)
{
    size_t i, o = 0;

    dst[o++] = '"';
    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            dst[o++] = '"';
        dst[o++] = s[i];
    }
    dst[o++] = '"';
    return o;
}

void
ov_format_csv_field(FILE *out, const char *s, size_t n, char sep)
{
    const char *q;

    if (!needs_quotes(s, n, sep)) {
        fwrite(s, 1, n, out);
        return;
    }
    /* the runs between quotes whole, each quote doubled */
    fputc('"', out);
    while ((q = memchr(s, '"', n)) != NULL) {
        size_t k = (size_t)(q - s) + 1;

        fwrite(s, 1, k, out);
        fputc('"', out);
        s += k;
        n -= k;
    }
    fwrite(s, 1, n, out);
    fputc('"', out);
}

const char *
ov_format_data_text(const ov_column *c, size_t r, char *buf, size_t *len)
{
    struct ov_figure f;
    struct ov_err err;

    /* a percentage or a rate (a column that keeps each row's part and
     * whole) from its exact fraction, rounded half away from zero,
     * trailing zeros dropped: 33.333333333, not the binary double's
     * 33.333333333333336, and the same digits wherever it is written */
    if (c->type == OV_FLOAT && c->num != NULL &&
        ov_figure_of_cell(c, r, &f, &err) == OV_OK && f.exact) {
        size_t n = ov_figure_digits(buf, &f, OV_FMT_FIGURE_PLACES, OV_ROUND_HALF_AWAY),
               k, m = 0;

        for (k = 0; k < n; k++) /* a rate's digits come grouped: 1,506.7 */
            if (buf[k] != ',')
                buf[m++] = buf[k];
        n = m;
        while (n > 0 && buf[n - 1] == '0')
            n--;
        if (n > 0 && buf[n - 1] == '.')
            n--;
        buf[n] = '\0';
        *len = n;
        return buf;
    }
    return ov_column_text(c, r, buf, len);
}

/* a date as ov_value_format_date writes OV_DATE_ISO ("%04lld-%02u-%02u")
 * for the years 0 to 9999, without snprintf; 0 for other years */
static size_t
iso_date(char *buf, int32_t days)
{
    int64_t y;
    unsigned m, d, k;

    ov_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return 0;
    for (k = 4; k-- > 0; y /= 10)
        buf[k] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
    return 10;
}

/* the output buffer: filled by the row writer, emptied into out */
#define OUT_CAP (1u << 20)

struct outbuf {
    FILE *out;
    char *p;
    size_t len;
};

static void
flush(struct outbuf *b)
{
    if (b->len > 0)
        fwrite(b->p, 1, b->len, b->out);
    b->len = 0;
}

/* room for n more bytes; false if n can never fit (the caller writes
 * around the buffer) */
static bool
room(struct outbuf *b, size_t n)
{
    if (b->len + n <= OUT_CAP)
        return true;
    flush(b);
    return n <= OUT_CAP;
}

static void
put_raw(struct outbuf *b, const char *s, size_t n)
{
    if (!room(b, n)) {
        fwrite(s, 1, n, b->out);
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void
put_field(struct outbuf *b, const char *s, size_t n, char sep)
{
    if (!needs_quotes(s, n, sep)) {
        put_raw(b, s, n);
        return;
    }
    if (!room(b, 2 * n + 2)) {
        ov_format_csv_field(b->out, s, n, sep);
        return;
    }
    b->len += quote_into(b->p + b->len, s, n);
}

ov_status
ov_format_csv_rows(FILE *out, const ov_table *t, char sep, struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), ncols = ov_table_ncols(t), i, j;
    struct ov_view *v = ov_malloc((ncols ? ncols : 1) * sizeof *v);
    struct outbuf b = {out, ov_malloc(OUT_CAP), 0};
    ov_status st = OV_OK;

    if (v == NULL || b.p == NULL) {
        ov_free(v);
        ov_free(b.p);
        return ov_err_nomem(err, "writing a table");
    }
    for (j = 0; j < ncols; j++)
        v[j] = ov_table_colview(t, j);
    for (i = 0; i < nrows; i++) {
        if ((i & 4095) == 4095 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            break;
        }
        for (j = 0; j < ncols; j++) {
            const ov_column *c = v[j].col;
            size_t r = ov_view_row(&v[j], i), len = 0;
            char buf[OV_VALUE_TEXT_MAX];
            const char *s = "";

            if (j > 0 && room(&b, 1))
                b.p[b.len++] = sep;
            if (r != OV_NOROW && !ov_column_missing(c, r)) {
                if (c->type == OV_DATE && c->datefmt == OV_DATE_ISO)
                    len = iso_date(buf, c->data.days[r]);
                s = len > 0 ? buf : ov_format_data_text(c, r, buf, &len);
            }
            /* one empty field alone would be a blank line, which readers
             * (load_csv too) skip: quote it, as RFC 4180 writers do, so
             * the row comes back */
            if (len == 0 && ncols == 1)
                put_raw(&b, "\"\"", 2);
            else
                put_field(&b, s, len, sep);
        }
        if (room(&b, 1))
            b.p[b.len++] = '\n';
    }
    flush(&b);
    ov_free(b.p);
    ov_free(v);
    return st;
}
