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
 *   claim:  the wording of a published figure, read and checked against a
 *           share, a change and a rate, and explained.
 */
#include "config.h"

#include "targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "expr.h"
#include "format.h"
#include "loader.h"
#include "ov_mem.h"
#include "query.h"
#include "stats.h"
#include "strbuf.h"

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
    o.header = !(flags & 2);
    o.encoding = (flags & 4) ? OV_ENC_CP1252 : (flags & 8) ? OV_ENC_LATIN1 : OV_ENC_UTF8;
    o.on_ragged = (flags & 16) ? OV_RAGGED_SKIP : (flags & 32) ? OV_RAGGED_PAD : OV_RAGGED_ERROR;
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
        "\xc3\xa9,1,0,-0.0,9999-12-31,false,0.000000000000000000001,-9223372036854775807\n";
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
        struct ov_figure f[3];
        struct ov_verdict v;
        ov_strbuf b = OV_STRBUF_INIT;
        static const double wholes[] = {1048, 1778, 4133, 0.5};
        int k;

        ov_figure_pct(7, 3787, &f[0], &err);
        ov_figure_change(36365, 35738, &f[1], &err);
        ov_figure_rate(3569, 4305, 1000, &f[2], &err);
        for (k = 0; k < 3; k++)
            if (ov_claim_check(&c, &f[k], &v, &err) == OV_OK)
                ov_verdict_explain(&b, &c, &f[k], &v);
        ov_claim_explain_whole(&b, &c, 3787);
        ov_claim_explain_among(&b, &c, 7, wholes, 4);
        ov_strbuf_free(&b);
    }
    free(text);
    return 0;
}
