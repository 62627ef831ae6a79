/*
 * targets.c - what the fuzzers exercise, shared with the regression suite
 * (tests/unit/check_fuzz.c) so that every input that ever crashed is
 * replayed by make check. Engine only: no Lua.
 *
 *   loader: bytes in, a table or an error out, under options taken from
 *           the first byte (delimiter, header, encoding, ragged rows,
 *           comment lines, forced types); the table is written back as CSV.
 *   expr:   an expression against a small fixed table: parsed, bound with
 *           aggregates allowed, then used as a filter, a column, and an
 *           aggregate per group.
 *   xls:    bytes in as a file, opened as a workbook by its content
 *           (ov_xl_open: legacy Excel, BIFF8 over libgsf) and every sheet
 *           read into a grid.
 *   fastpath: the loader's hand field splitter (ov_scan_fields) against
 *           libcsv, the parser of record: the same fields and rows from
 *           the bytes under each delimiter, and the same table, report,
 *           provenance and rejects (or the same error) loading them with
 *           OV_CSV_FASTPATH=0 and without; any difference aborts.
 *   claim:  the wording of a published figure, read and checked against
 *           shares, changes, a rate and a difference in points, and
 *           explained; each verdict is compared with the numbers its
 *           explanation prints and with figures made at the printed bounds,
 *           and the claim's own words are read again.
 */
#include "config.h"

#include "targets.h"

#include <csv.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csvscan.h"
#include "expr.h"
#include "format.h"
#include "loader.h"
#include "ov_mem.h"
#include "query.h"
#include "stats.h"
#include "strbuf.h"
#include "table.h"
#include "value.h"
#include "xl.h"
#include "xl_layout.h"

/* loads bytes through an in-memory file; NULL on error */
static ov_table *
load_bytes(const uint8_t *data, size_t n, const struct ov_load_opts *o)
{
    char path[64];
    int fd = memfd_create("fuzz", MFD_CLOEXEC);
    ov_table *t = NULL;
    struct ov_err err;
    size_t done = 0;

    if (fd < 0)
        return NULL;
    while (done < n) {
        ssize_t w = write(fd, data + done, n - done);

        if (w <= 0)
            break;
        done += (size_t)w;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (ov_load_csv(path, o, &t, NULL, &err) != OV_OK)
        t = NULL;
    close(fd);
    return t;
}

int
ov_fuzz_loader(const uint8_t *data, size_t n)
{
    struct ov_load_opts o;
    static const struct ov_type_override types[] = {{"a", OV_INT}, {"b", OV_DATE}};
    static const char *const nulls[] = {"-", ""};
    uint8_t flags = n > 0 ? data[0] : 0;
    ov_table *t;

    ov_load_opts_init(&o);
    o.threads = (flags & 1) ? 2 : 1;
    o.header = (flags & 2) ? OV_HEADER_NONE : OV_HEADER_AUTO;
    o.encoding = (flags & 4)   ? OV_ENC_CP1252
                 : (flags & 8) ? OV_ENC_LATIN1
                               : OV_ENC_UTF8;
    o.on_ragged = (flags & 16)   ? OV_RAGGED_SKIP
                  : (flags & 32) ? OV_RAGGED_PAD
                                 : OV_RAGGED_ERROR;
    o.comment = (flags & 64) ? '#' : 0;
    if (flags & 128) {
        o.types = types;
        o.ntypes = 2;
        o.nulls = nulls;
        o.nnulls = 2;
        o.delim = ';';
    }
    t = load_bytes(n > 0 ? data + 1 : data, n > 0 ? n - 1 : 0, &o);
    if (t != NULL) {
        struct ov_fmt_opts f;
        struct ov_err err;
        FILE *out = fopen("/dev/null", "w");

        if (out != NULL) {
            ov_fmt_opts_init(&f, OV_FMT_CSV);
            ov_format_table(out, t, &f, &err);
            ov_fmt_opts_init(&f, OV_FMT_BOX);
            f.width = 80;
            ov_format_table(out, t, &f, &err);
            fclose(out);
        }
        ov_table_free(t);
    }
    return 0;
}

/* ---- fastpath: ov_scan_fields and the loader's fast path against libcsv ---- */

static void
ev_field(const char *s, size_t n, ov_strbuf *b)
{
    ov_strbuf_printf(b, "F%zu:", n);
    ov_strbuf_append(b, s, n);
}

static void
lib_field(void *s, size_t n, void *data)
{
    ev_field(s, n, data);
}

static void
lib_row(int c, void *data)
{
    (void)c;
    ov_strbuf_putc(data, 'R');
}

static void
scan_field(const char *s, size_t n, void *data)
{
    ev_field(s, n, data);
}

static int
scan_row(void *data)
{
    ov_strbuf_putc(data, 'R');
    return 0;
}

static int
no_space(unsigned char c)
{
    (void)c;
    return 0;
}

bool
ov_fastpath_same_fields(const uint8_t *data, size_t n, char delim, char *why,
                        size_t whysize)
{
    struct csv_parser p;
    ov_strbuf a, b;
    char *scratch = NULL;
    size_t cap = 0, i;
    uint64_t blanks = 0;
    bool same;

    ov_strbuf_init(&a);
    ov_strbuf_init(&b);
    if (csv_init(&p, 0) != 0)
        abort();
    csv_set_delim(&p, (unsigned char)delim);
    csv_set_space_func(&p, no_space);
    /* libcsv grows a field's buffer by this many bytes at a time: at its
     * 128 a field of megabytes (a quote never closed) is thousands of
     * reallocs, each a copy under the sanitizers (minutes for one 3 MB
     * file); the events are the same at any size */
    csv_set_blk_size(&p, (size_t)1 << 20);
    csv_parse(&p, data, n, lib_field, lib_row, &a);
    csv_fini(&p, lib_field, lib_row, &a);
    csv_free(&p);
    if (!ov_scan_fields((const char *)data, n, delim, scan_field, scan_row, &b,
                        &scratch, &cap, &blanks))
        abort();
    ov_free(scratch);
    same = a.len == b.len && memcmp(ov_strbuf_cstr(&a), ov_strbuf_cstr(&b), a.len) == 0;
    /* the blank lines it counts on the way, against the loader's own scan */
    if (same && blanks != ov_scan_blank_lines((const char *)data, n, delim)) {
        snprintf(why, whysize,
                 "delimiter 0x%02X: ov_scan_fields counted %llu blank lines, "
                 "ov_scan_blank_lines %llu",
                 (unsigned char)delim, (unsigned long long)blanks,
                 (unsigned long long)ov_scan_blank_lines((const char *)data, n, delim));
        same = false;
    } else if (!same) {
        for (i = 0; i < a.len && i < b.len && a.data[i] == b.data[i]; i++)
            ;
        snprintf(why, whysize,
                 "delimiter 0x%02X: libcsv's events differ from ov_scan_fields' at "
                 "byte %zu of %zu/%zu: libcsv \"%.40s\", fast \"%.40s\"",
                 (unsigned char)delim, i, a.len, b.len, ov_strbuf_cstr(&a) + i,
                 ov_strbuf_cstr(&b) + i);
    }
    ov_strbuf_free(&a);
    ov_strbuf_free(&b);
    return same;
}

/* everything a load made that a user could see, as text */
static void
dump_table(ov_strbuf *b, const ov_table *t)
{
    size_t i, j, k;
    char buf[OV_VALUE_TEXT_MAX];

    ov_strbuf_printf(b, "table %s: %zu rows, %zu columns\n", ov_table_name(t),
                     ov_table_nrows(t), ov_table_ncols(t));
    for (k = 0; k < ov_table_nfacts(t); k++) {
        const char *key, *value;

        ov_table_fact_at(t, k, &key, &value);
        ov_strbuf_printf(b, "fact %s = %s\n", key, value);
    }
    for (k = 0; k < ov_table_nsteps(t); k++)
        ov_strbuf_printf(b, "step %s\n", ov_table_step(t, k));
    for (j = 0; j < ov_table_ncols(t); j++) {
        const ov_column *c = ov_table_col(t, j);

        ov_strbuf_printf(b, "column %s: %s, %zu missing\n", ov_table_colname(t, j),
                         ov_type_name(c->type), c->nmissing);
        for (i = 0; i < c->n; i++) {
            size_t len;
            const char *s = ov_column_text(c, i, buf, &len);

            if (ov_column_missing(c, i))
                ov_strbuf_puts(b, "NA\n");
            else if (c->type == OV_STRING)
                ov_strbuf_printf(b, "%u:%zu:", ov_column_code(c, i), len);
            else
                ov_strbuf_printf(b, "%zu:", len);
            if (!ov_column_missing(c, i)) {
                ov_strbuf_append(b, s, len);
                ov_strbuf_putc(b, '\n');
            }
        }
    }
    if (ov_table_rejects(t) != NULL) {
        ov_strbuf_puts(b, "rejects:\n");
        dump_table(b, ov_table_rejects(t));
    }
}

static void
dump_load(ov_strbuf *b, ov_status st, const ov_table *t, const struct ov_load_report *r,
          const struct ov_err *err)
{
    size_t k;

    ov_strbuf_printf(b, "status %d\n", (int)st);
    if (st != OV_OK) {
        ov_strbuf_printf(b, "error %s\n", err->msg);
        return;
    }
    ov_strbuf_printf(
        b,
        "report: %llu rows, %zu cols, %llu bytes, delim %d, %llu rejected, "
        "%llu padded, %llu made missing, %llu coerced, %llu empty rows, %s\n",
        (unsigned long long)r->rows, r->cols, (unsigned long long)r->bytes, r->delim,
        (unsigned long long)r->rejected, (unsigned long long)r->padded,
        (unsigned long long)r->made_missing, (unsigned long long)r->coerced,
        (unsigned long long)r->empty_rows, r->compressed);
    for (k = 0; k < r->nnotes; k++)
        ov_strbuf_printf(b, "note %s\n", r->notes[k]);
    dump_table(b, t);
}

/* one load of path as text (OV_CSV_FASTPATH set to fast_env, or unset) */
static void
load_dump(ov_strbuf *b, const char *path, const struct ov_load_opts *o,
          const char *fast_env)
{
    ov_table *t = NULL;
    struct ov_load_report r;
    struct ov_err err;
    ov_status st;

    if (fast_env != NULL)
        setenv("OV_CSV_FASTPATH", fast_env, 1);
    else
        unsetenv("OV_CSV_FASTPATH");
    memset(&r, 0, sizeof r);
    memset(&err, 0, sizeof err);
    st = ov_load_csv(path, o, &t, &r, &err);
    unsetenv("OV_CSV_FASTPATH");
    dump_load(b, st, t, &r, &err);
    ov_table_free(t);
    ov_load_report_free(&r);
}

bool
ov_fastpath_same_load(const char *path, const struct ov_load_opts *o, char *why,
                      size_t whysize)
{
    ov_strbuf a, b;
    size_t i;
    bool same;

    ov_strbuf_init(&a);
    ov_strbuf_init(&b);
    load_dump(&a, path, o, "0");
    load_dump(&b, path, o, NULL);
    if (ov_strbuf_status(&a) != OV_OK || ov_strbuf_status(&b) != OV_OK)
        abort();
    same = a.len == b.len && memcmp(ov_strbuf_cstr(&a), ov_strbuf_cstr(&b), a.len) == 0;
    if (!same) {
        for (i = 0; i < a.len && i < b.len && a.data[i] == b.data[i]; i++)
            ;
        while (i > 0 && a.data[i - 1] != '\n')
            i--;
        snprintf(why, whysize,
                 "%s: libcsv's load differs from the fast path's: \"%.80s\" "
                 "against \"%.80s\"",
                 path, ov_strbuf_cstr(&a) + i, ov_strbuf_cstr(&b) + i);
    }
    ov_strbuf_free(&a);
    ov_strbuf_free(&b);
    return same;
}

int
ov_fuzz_fastpath(const uint8_t *data, size_t n)
{
    static const char delims[] = {',', '\t', ';', '|'};
    struct ov_load_opts o;
    uint8_t flags = n > 0 ? data[0] : 0;
    char why[512], path[64];
    int fd;

    if (n > 0) {
        data++;
        n--;
    }
    if (!ov_fastpath_same_fields(data, n, delims[flags & 3], why, sizeof why)) {
        fprintf(stderr, "%s\n", why);
        abort();
    }
    ov_load_opts_init(&o);
    o.threads = (flags & 4) ? 2 : 1;
    o.encoding = (flags & 8) ? OV_ENC_CP1252 : OV_ENC_UTF8;
    o.on_ragged = (flags & 16)   ? OV_RAGGED_SKIP
                  : (flags & 32) ? OV_RAGGED_PAD
                                 : OV_RAGGED_ERROR;
    o.header = (flags & 64) ? OV_HEADER_NONE : OV_HEADER_AUTO;
    /* small blocks: many chunks, cut at row ends the fast path must agree on */
    o.block_size = (flags & 128) ? 4096 : 0;
    fd = memfd_create("fuzz", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (write(fd, data, n) == (ssize_t)n) {
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        if (!ov_fastpath_same_load(path, &o, why, sizeof why)) {
            fprintf(stderr, "%s\n", why);
            abort();
        }
    }
    close(fd);
    return 0;
}

static int fuzz_workbook(const uint8_t *data, size_t n);

/* xls shares the workbook target (ov_xl_open knows the format by content) */
int
ov_fuzz_xls(const uint8_t *data, size_t n)
{
    return fuzz_workbook(data, n);
}

static ov_table *fixed;

void
ov_fuzz_cleanup(void)
{
    ov_table_free(fixed);
    fixed = NULL;
}

/* the table expressions run against: every type, missing values, repeats,
 * and the edges where arithmetic traps, wraps or leaves a type's range:
 * INT64_MIN and INT64_MAX, -1 and 0, the first and last dates a table
 * holds, doubles of 1e21 and 1e-21 and -0.0 */
#define FIXED_ROWS 7
static ov_table *
fixed_table(void)
{
    static const char csv[] =
        "force,year,n,score,when,ok,note,big\n"
        "Essex Police,2020,3,0.5,2020-04-03,true,\"a, b\",-9223372036854775808\n"
        "Kent Police,2021,,1.25,2021-01-19,false,,9223372036854775807\n"
        "Essex Police,2022,7,,2022-08-08,true,x,-1\n"
        ",2023,0,-2.75,,,\"long text here\",0\n"
        "Norfolk,2021,12,3,2021-06-30,false,x,\n"
        "Met,9999,-1,1000000000000000000000.0,0001-01-01,true,9223372036854775808,1\n"
        "\xc3\xa9,1,0,-0.0,9999-12-31,false,0.000000000000000000001,-"
        "9223372036854775807\n";
    struct ov_load_opts o;

    if (fixed == NULL) {
        ov_load_opts_init(&o);
        o.threads = 1;
        fixed = load_bytes((const uint8_t *)csv, sizeof csv - 1, &o);
    }
    return fixed;
}

int
ov_fuzz_expr(const uint8_t *data, size_t n)
{
    ov_table *t = fixed_table();
    char *src = malloc(n + 1);
    ov_expr *e = NULL;
    struct ov_err err;

    /* a table that no longer loads would leave every input untested */
    if (t == NULL || ov_table_ncols(t) != 8 || ov_table_nrows(t) != FIXED_ROWS ||
        ov_table_col(t, 3)->type != OV_FLOAT || ov_table_col(t, 7)->type != OV_INT)
        abort();
    if (src == NULL) {
        free(src);
        return 0;
    }
    memcpy(src, data, n);
    src[n] = '\0';
    if (strlen(src) == n && ov_expr_parse(src, &e, &err) == OV_OK) {
        if (ov_expr_bind(e, t, true, &err) == OV_OK) {
            if (ov_expr_is_aggregate(e)) {
                uint32_t group[FIXED_ROWS] = {0, 1, 0, 2, 1, 2, 0};
                ov_column *c = NULL;

                if (ov_expr_aggregate(e, t, group, 3, &c, &err) == OV_OK)
                    ov_column_unref(c);
            } else {
                ov_column *c = NULL;

                if (ov_expr_column(e, t, &c, &err) == OV_OK)
                    ov_column_unref(c);
                if (ov_expr_type(e) == OV_BOOL) {
                    uint32_t *rows = NULL;
                    size_t k;

                    if (ov_expr_select(e, t, &rows, &k, &err) == OV_OK)
                        ov_free(rows);
                }
            }
        }
        ov_expr_free(e);
    }
    free(src);
    return 0;
}

/* ---- claim: every verdict against a second reading ----
 *
 * A verdict must agree with the numbers its own explanation prints: the
 * figure's value, the bounds of what the words stand for, the rounded
 * figure, the wholes that fit. Each is read back from the text and
 * compared, by exact decimal arithmetic, with the verdict; figures are also
 * made at exactly the printed bounds, where openness decides. The claim's
 * words, read again on their own, must give the same figure. A
 * disagreement aborts, so the fuzzer keeps the input. */

typedef __int128 i128;

#define DEC_PLACES 13 /* decimals of a number read back: 12 are printed */

/* a number read back from an explanation: exactly n / 10^13, or (when
 * printed with "…") strictly between n and n + ulp away from zero */
struct dec {
    i128 n, ulp;
    bool ok;
};

static void
oracle_fail(const char *what, const char *claim, const char *text)
{
    fprintf(stderr, "claim oracle: %s\n  claim: %s\n  explanation:\n%s\n", what, claim,
            text);
    abort();
}

/* reads [-|+]digits[,digits][.digits][…] at *p, advancing it */
static struct dec
read_dec(const char **p)
{
    struct dec d = {0, 0, false};
    const char *s = *p;
    bool neg = false, dot = false, any = false;
    int places = 0;

    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            if (places >= DEC_PLACES || d.n > (i128)1 << 100)
                return d;
            d.n = d.n * 10 + (*s - '0');
            any = true;
            if (dot)
                places++;
        } else if (*s == ',' && any && !dot && s[1] >= '0' && s[1] <= '9') {
            continue;
        } else if (*s == '.' && !dot && s[1] >= '0' && s[1] <= '9') {
            dot = true;
        } else {
            break;
        }
    }
    if (!any)
        return d;
    d.ulp = 1;
    for (; places < DEC_PLACES; places++) {
        d.n *= 10;
        d.ulp *= 10;
    }
    if (strncmp(s, "…", strlen("…")) == 0)
        s += strlen("…");
    else
        d.ulp = 0;
    if (neg) {
        d.n = -d.n;
        d.ulp = -d.ulp;
    }
    d.ok = true;
    *p = s;
    return d;
}

/* the least and greatest a printed number can stand for (open when ulp) */
static i128
dec_min(struct dec d)
{
    return d.ulp < 0 ? d.n + d.ulp : d.n;
}

static i128
dec_max(struct dec d)
{
    return d.ulp > 0 ? d.n + d.ulp : d.n;
}

/* an explanation as one paragraph: every line break and the indent after
 * it one space, which undoes the wrapping (it breaks at a space) */
static char *
unwrap(const char *text)
{
    char *out = malloc(strlen(text) + 1), *o = out;
    const char *p = text;

    if (out == NULL)
        return NULL;
    while (*p != '\0') {
        if (*p == '\n') {
            *o++ = ' ';
            p++;
            while (*p == ' ')
                p++;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
    return out;
}

/* the interval the explanation prints after `stands for ` */
struct printed_interval {
    bool lo_inf, hi_inf, lo_open, hi_open;
    struct dec lo, hi;
};

static bool
skip(const char **p, const char *w)
{
    size_t n = strlen(w);

    if (strncmp(*p, w, n) != 0)
        return false;
    *p += n;
    return true;
}

static void
skip_unit(const char **p)
{
    if (!skip(p, "%"))
        skip(p, " points");
}

static bool
read_interval(const char *s, struct printed_interval *in)
{
    const char *p = strstr(s, "\" stands for any value ");

    memset(in, 0, sizeof *in);
    in->lo_inf = in->hi_inf = true;
    if (p == NULL)
        p = strstr(s, "\" stands for a rise of ");
    if (p == NULL)
        p = strstr(s, "\" stands for a fall of ");
    if (p == NULL)
        return false;
    p += strlen("\" stands for ");
    if (!skip(&p, "any value ") && !skip(&p, "a rise of ") && !skip(&p, "a fall of "))
        return false;
    if (skip(&p, "below ") || skip(&p, "less than ")) {
        in->hi_open = true;
        in->hi_inf = false;
        in->hi = read_dec(&p);
        return in->hi.ok;
    }
    if (skip(&p, "up to ") || skip(&p, "at most ")) {
        in->hi_inf = false;
        in->hi = read_dec(&p);
        return in->hi.ok;
    }
    if (skip(&p, "above ") || skip(&p, "more than "))
        in->lo_open = true;
    else if (!skip(&p, "of at least ") && !skip(&p, "at least "))
        skip(&p, "from ");
    in->lo_inf = false;
    in->lo = read_dec(&p);
    if (!in->lo.ok)
        return false;
    skip_unit(&p);
    if (skip(&p, " up to but not including "))
        in->hi_open = true;
    else if (!skip(&p, " up to and including "))
        return true;
    in->hi_inf = false;
    in->hi = read_dec(&p);
    return in->hi.ok;
}

/* 1 when the printed value is certainly within the printed interval, 0
 * when certainly outside, -1 when the printed digits cannot tell */
static int
printed_within(struct dec v, const struct printed_interval *in)
{
    i128 vlo = dec_min(v), vhi = dec_max(v);
    bool exact = v.ulp == 0;
    int inside = 1;

    if (!in->lo_inf) {
        bool lexact = in->lo.ulp == 0;
        i128 llo = dec_min(in->lo), lhi = dec_max(in->lo);

        if (exact && lexact) {
            if (v.n < in->lo.n || (v.n == in->lo.n && in->lo_open))
                return 0;
        } else if (vhi <= llo) {
            return 0;
        } else if (vlo < lhi) {
            inside = -1;
        }
    }
    if (!in->hi_inf) {
        bool hexact = in->hi.ulp == 0;
        i128 hlo = dec_min(in->hi), hhi = dec_max(in->hi);

        if (exact && hexact) {
            if (v.n > in->hi.n || (v.n == in->hi.n && in->hi_open))
                return 0;
        } else if (vlo >= hhi) {
            return 0;
        } else if (vhi > hlo) {
            inside = -1;
        }
    }
    return inside;
}

static const char *
after(const char *s, const char *w)
{
    const char *p = strstr(s, w);

    return p != NULL ? p + strlen(w) : NULL;
}

/* the checks on one verdict and its explanation */
static void
oracle_verdict(const char *claim, const struct ov_claim *c, const struct ov_figure *f,
               const struct ov_verdict *v)
{
    ov_strbuf b = OV_STRBUF_INIT;
    char *text;
    const char *p;
    struct printed_interval in;
    struct dec val = {0, 0, false};
    bool sign_said;

    ov_verdict_explain(&b, c, f, v);
    if (ov_strbuf_status(&b) != OV_OK || (text = unwrap(ov_strbuf_cstr(&b))) == NULL) {
        ov_strbuf_free(&b);
        return;
    }
    if (strncmp(text, v->consistent ? "consistent: " : "not consistent: ",
                strlen(v->consistent ? "consistent: " : "not consistent: ")) != 0)
        oracle_fail("the first word is not the verdict", claim, text);
    /* the figure's value, as put_figure prints it */
    p = after(text, " is ");
    if (p != NULL) {
        skip(&p, "a change of ");
        val = read_dec(&p);
    }
    if (!val.ok)
        oracle_fail("no value printed", claim, text);
    if (v->magnitude && val.n < 0) {
        val.n = -val.n;
        val.ulp = -val.ulp;
    }
    sign_said = strstr(text, ", but the change is ") != NULL;
    if (sign_said == v->sign_ok)
        oracle_fail("the direction line disagrees with the verdict", claim, text);
    if (!read_interval(text, &in))
        oracle_fail("no interval printed", claim, text);
    switch (printed_within(val, &in)) {
    case 1:
        if (v->consistent != v->sign_ok)
            oracle_fail(
                "the value printed is within the interval printed, but the verdict "
                "says otherwise",
                claim, text);
        break;
    case 0:
        if (v->consistent)
            oracle_fail(
                "the value printed is outside the interval printed, but the verdict "
                "is consistent",
                claim, text);
        break;
    default:
        break;
    }
    /* a plain figure: the rounding printed, against the claim's own digits */
    if (c->cmp == OV_CLAIM_ROUNDED && c->unit != OV_UNIT_FRACTION &&
        (p = after(text, "which rounds half away from zero to ")) != NULL) {
        struct dec r = read_dec(&p), cl;
        char own[64];
        const char *q = own;
        i128 scaled = c->scaled;
        int k;

        skip_unit(&p);
        for (k = c->places; k < DEC_PLACES; k++)
            scaled *= 10;
        snprintf(own, sizeof own, "%lld", (long long)c->scaled);
        cl = read_dec(&q);
        if (v->magnitude && r.n < 0)
            r.n = -r.n;
        if (!r.ok || r.ulp != 0 || !cl.ok)
            oracle_fail("the rounded figure does not read back", claim, text);
        if ((r.n == scaled) != v->half_away)
            oracle_fail(
                "the rounded figure printed disagrees with the verdict on rounding",
                claim, text);
        if ((strncmp(p, ", not ", 6) == 0) == v->half_away)
            oracle_fail("', not' printed and the rounding verdict disagree", claim,
                        text);
    }
    /* the wholes that fit, against the whole used */
    if (f->kind == OV_FIG_PCT && f->b == floor(f->b) && f->b > 0 && f->b < 1e15 &&
        (p = after(text, "with the part ")) != NULL) {
        long long lo = -1, hi = -1, w = (long long)f->b;
        const char *q;
        int fits = -1;

        if ((q = after(p, "any whole from ")) != NULL) {
            struct dec a = read_dec(&q), z;

            skip(&q, " to ");
            z = read_dec(&q);
            lo = (long long)(a.n / 10000000000000LL);
            hi = (long long)(z.n / 10000000000000LL);
            fits = w >= lo && w <= hi;
        } else if ((q = after(p, "any whole of ")) != NULL) {
            struct dec a = read_dec(&q);

            lo = (long long)(a.n / 10000000000000LL);
            fits = w >= lo;
        } else if ((q = after(p, "only a whole of ")) != NULL) {
            struct dec a = read_dec(&q);

            fits = w == (long long)(a.n / 10000000000000LL);
        } else if (strstr(p, "no whole number fits") != NULL) {
            fits = 0;
        }
        if (fits >= 0 && (fits == 1) != v->consistent)
            oracle_fail("the wholes that fit disagree with the verdict", claim, text);
    }
    free(text);
    ov_strbuf_free(&b);
}

/* a figure of the kind the claim is about whose value is exactly x / 10^13
 * (in the claim's direction, if it gives one); false if none can be made */
static bool
figure_at(const struct ov_claim *c, double x, struct ov_figure *g)
{
    struct ov_err err;
    double sx = c->direction < 0 ? -x : x;
    ov_status st;

    /* a difference or a change is compared by its size: never below 0 */
    if ((c->unit == OV_UNIT_POINTS || c->direction != 0) && x < 0)
        return false;
    if (c->unit == OV_UNIT_POINTS)
        st = ov_figure_pp(NULL, sx / 1e13, NULL, 0, g, &err);
    else if (c->direction != 0)
        st = ov_figure_change(1e15, 1e15 + sx, g, &err);
    else if (c->unit == OV_UNIT_NUMBER)
        st = ov_figure_rate(x, 1e13, 1, g, &err);
    else
        st = ov_figure_pct(x, 1e15, g, &err);
    return st == OV_OK && g->exact && fabs(1e15 + sx) < 9007199254740992.0 &&
           ov_figure_cmp(g, sx, 1e13) == 0;
}

/* figures made at exactly the bounds printed for the claim, where the
 * words "up to but not including" decide */
static void
oracle_bounds(const char *claim, const struct ov_claim *c, const struct ov_figure *f,
              const struct ov_verdict *v)
{
    ov_strbuf b = OV_STRBUF_INIT;
    char *text;
    struct printed_interval in;
    int side;

    ov_verdict_explain(&b, c, f, v);
    if (ov_strbuf_status(&b) != OV_OK || (text = unwrap(ov_strbuf_cstr(&b))) == NULL) {
        ov_strbuf_free(&b);
        return;
    }
    if (read_interval(text, &in))
        for (side = 0; side < 2; side++) {
            struct dec d = side == 0 ? in.lo : in.hi;
            struct ov_figure g;
            struct ov_verdict w;
            struct ov_err err;
            double x;
            int want;

            if ((side == 0 ? in.lo_inf : in.hi_inf) || d.ulp != 0 ||
                (d.n < 0 ? -d.n : d.n) > ((i128)1 << 53))
                continue;
            x = (double)d.n;
            if (!figure_at(c, x, &g) || ov_claim_check(c, &g, &w, &err) != OV_OK)
                continue;
            if (c->direction != 0 && !w.sign_ok)
                continue;
            want = side == 0 ? !in.lo_open : !in.hi_open;
            /* the other bound may exclude it too */
            if (!in.lo_inf && !in.hi_inf && in.lo.ulp == 0 && in.hi.ulp == 0 &&
                in.lo.n == in.hi.n)
                continue;
            if (w.consistent != want)
                oracle_fail(side == 0
                                ? "a figure at exactly the lower bound printed gets "
                                  "the wrong verdict"
                                : "a figure at exactly the upper bound printed gets "
                                  "the wrong verdict",
                            claim, text);
        }
    free(text);
    ov_strbuf_free(&b);
}

/* the claim's own words, read again alone, give the same figure */
static void
oracle_reread(const char *claim, const struct ov_claim *c)
{
    struct ov_claim d;
    struct ov_err err;

    if (strstr(c->figure, "…") != NULL)
        return; /* cut to fit: not the whole of the words */
    if (ov_claim_parse(c->figure, &d, &err) != OV_OK) {
        fprintf(stderr, "claim oracle: its own words '%s' do not read: %s\n", c->figure,
                err.msg);
        oracle_fail("the figure's words do not read again", claim, "");
    }
    if (d.unit != c->unit || d.cmp != c->cmp || d.scaled != c->scaled ||
        d.places != c->places || d.scaled2 != c->scaled2 || d.frac_num != c->frac_num ||
        d.frac_den != c->frac_den || strcmp(d.reading, c->reading) != 0)
        oracle_fail("the figure's words read again give another figure", claim,
                    c->figure);
}

int
ov_fuzz_claim(const uint8_t *data, size_t n)
{
    char *text = malloc(n + 1);
    struct ov_claim c;
    struct ov_err err;

    if (text == NULL)
        return 0;
    memcpy(text, data, n);
    text[n] = '\0';
    if (strlen(text) == n && ov_claim_parse(text, &c, &err) == OV_OK) {
        struct ov_figure f[6];
        struct ov_verdict v;
        ov_strbuf b = OV_STRBUF_INIT;
        static const double wholes[] = {1048, 1778, 4133, 0.5};
        int k;

        oracle_reread(text, &c);
        ov_figure_pct(7, 3787, &f[0], &err);
        ov_figure_change(36365, 35738, &f[1], &err);
        ov_figure_rate(3569, 4305, 1000, &f[2], &err);
        ov_figure_pp(NULL, 92, NULL, 91, &f[3], &err);
        ov_figure_pct(2, 3, &f[4], &err);
        ov_figure_change(100, 133.3, &f[5], &err);
        for (k = 0; k < 6; k++)
            if (ov_claim_check(&c, &f[k], &v, &err) == OV_OK) {
                ov_verdict_explain(&b, &c, &f[k], &v);
                oracle_verdict(text, &c, &f[k], &v);
                oracle_bounds(text, &c, &f[k], &v);
            }
        ov_claim_explain_whole(&b, &c, 3787);
        ov_claim_explain_among(&b, &c, 7, wholes, 4);
        ov_strbuf_free(&b);
    }
    free(text);
    return 0;
}

/* ---- workbooks: ODS and XLSX (the same body: a workbook is known by its
 * content, so either target reaches either reader) ---- */

static void
check_grid(const struct ov_xl_grid *g)
{
    for (size_t i = 0; i < g->ncells; i++) {
        const struct ov_xl_cell *c = &g->cells[i];

        if (i > 0 &&
            (c[-1].row > c->row || (c[-1].row == c->row && c[-1].col >= c->col)))
            abort();
        if (c->row < g->row0 || c->row - g->row0 >= g->nrows || c->col < g->col0 ||
            c->col - g->col0 >= g->ncols || c->kind == OV_XL_EMPTY)
            abort();
        if ((c->kind == OV_XL_TEXT || c->kind == OV_XL_ERROR) && c->text == NULL)
            abort();
    }
}

/* The sheet as a table, its layout found and raw: every row of the table
 * has its shown texts, and they are all text once asked for. Sheets whose
 * used range is over a million cells are left out (a table of them is
 * allowed, and costs memory the fuzzer's limit does not have). */
static void
check_sheet_table(const struct ov_xl_grid *g, const char *name)
{
    for (int raw = 0; raw < 2; raw++) {
        struct ov_sheet_opts o;
        struct ov_load_report rep;
        struct ov_err err;
        ov_table *t = NULL, *shown;

        if ((uint64_t)g->nrows * g->ncols > ((uint64_t)1 << 20))
            return;
        ov_sheet_opts_init(&o);
        o.header = raw == 0;
        if (ov_xl_to_table(g, "fuzz", name, "XLSX", &o, &t, &rep, &err) != OV_OK)
            continue;
        shown = ov_table_shown(t);
        if (shown == NULL || ov_table_nrows(shown) != ov_table_nrows(t) ||
            ov_table_ncols(shown) != ov_table_ncols(t) ||
            ov_xl_shown_texts(shown, &err) != OV_OK)
            abort();
        for (size_t j = 0; j < ov_table_ncols(shown); j++)
            if (ov_table_col(shown, j)->type != OV_STRING)
                abort();
        ov_load_report_free(&rep);
        ov_table_free(t);
    }
}

static int
fuzz_workbook(const uint8_t *data, size_t n)
{
    char path[64];
    int fd = memfd_create("fuzzxl", MFD_CLOEXEC);
    size_t done = 0;
    ov_xl_book *b;
    struct ov_err err;

    if (fd < 0)
        return 0;
    while (done < n) {
        ssize_t w = write(fd, data + done, n - done);

        if (w <= 0)
            break;
        done += (size_t)w;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (ov_xl_open(path, &b, &err) == OV_OK) {
        for (size_t i = 0; i < ov_xl_nsheets(b); i++) {
            struct ov_xl_grid *g;

            if (ov_xl_sheet_name(b, i) == NULL)
                abort();
            if (ov_xl_read(b, i, &g, &err) == OV_OK) {
                check_grid(g);
                check_sheet_table(g, ov_xl_sheet_name(b, i));
                ov_xl_grid_free(g);
            }
        }
        ov_xl_close(b);
    }
    close(fd);
    return 0;
}

int
ov_fuzz_ods(const uint8_t *data, size_t n)
{
    return fuzz_workbook(data, n);
}

int
ov_fuzz_xlsx(const uint8_t *data, size_t n)
{
    return fuzz_workbook(data, n);
}
