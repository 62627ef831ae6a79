/*
 * loader_sniff.c - the header phase: the first block read, files that are
 * not CSV text refused (UTF-16, ZIP, PDF, ...), a BOM and comment lines
 * skipped, the delimiter sniffed, the header row read into unique column
 * names, the forced types matched. libcsv only through loader_parse.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "csvscan.h"
#include "loader_int.h"
#include "ov_mem.h"
#include "suggest.h"

#define SAMPLE_SIZE ((size_t)64 << 10) /* bytes used to sniff the delimiter */

/* the header row (after comment_lines comment lines) is over the limit */
static ov_status
header_too_long(const struct loader *ld, struct ov_err *err)
{
    char sz[32];

    ov_mem_format_size(sz, sizeof sz, ld->max_field);
    return ov_err_set(
        err, OV_ERANGE,
        "%s:%llu: the first row is longer than %s, the longest row oversight "
        "reads",
        ld->path, (unsigned long long)(1 + ld->hand_lines + ld->comment_lines), sz);
}

/* Makes column names unique and non-empty, noting every change. Names are
 * looked up in dictionaries, so 100,000 columns take no longer than a row:
 * `all` holds every name the header has or is given, `before` the final
 * names of the columns to the left. */
ov_status
ov_ld_fix_names(struct loader *ld, struct ov_load_report *rep)
{
    ov_dict *all = ov_dict_new(), *before = ov_dict_new();
    ov_status st = OV_ENOMEM;
    size_t j;
    uint32_t code;

    if (all == NULL || before == NULL)
        goto out;
    for (j = 0; j < ld->ncols; j++)
        if (ov_dict_intern(all, ld->names[j], strlen(ld->names[j]), &code, NULL) !=
            OV_OK)
            goto out;
    for (j = 0; j < ld->ncols; j++) {
        if (ld->names[j][0] == '\0') {
            char buf[64];
            int suffix = 0;

            /* avoid clashing with a real column of that name */
            snprintf(buf, sizeof buf, "column_%zu", j + 1);
            while (ov_dict_find(all, buf, strlen(buf)) != OV_DICT_MAX)
                snprintf(buf, sizeof buf, "column_%zu_%d", j + 1, ++suffix);
            ov_free(ld->names[j]);
            if ((ld->names[j] = ov_strdup(buf)) == NULL ||
                ov_dict_intern(all, buf, strlen(buf), &code, NULL) != OV_OK)
                goto out;
            if (ov_ld_note(rep, "column %zu has no name in the header: called it '%s'",
                           j + 1, buf) != OV_OK)
                goto out;
        }
    }
    for (j = 0; j < ld->ncols; j++) {
        int n = 1;

        if (ov_dict_find(before, ld->names[j], strlen(ld->names[j])) != OV_DICT_MAX) {
            for (;;) {
                ov_strbuf b = OV_STRBUF_INIT;

                ov_strbuf_printf(&b, "%s_%d", ld->names[j], ++n);
                if (ov_strbuf_status(&b) != OV_OK) {
                    ov_strbuf_free(&b);
                    goto out;
                }
                if (ov_dict_find(all, ov_strbuf_cstr(&b), b.len) != OV_DICT_MAX) {
                    ov_strbuf_free(&b);
                    continue;
                }
                if (ov_ld_note(rep, "column %zu repeats the name '%s': called it '%s'",
                               j + 1, ld->names[j], ov_strbuf_cstr(&b)) != OV_OK) {
                    ov_strbuf_free(&b);
                    goto out;
                }
                ov_free(ld->names[j]);
                ld->names[j] = ov_strbuf_take(&b);
                if (ld->names[j] == NULL ||
                    ov_dict_intern(all, ld->names[j], strlen(ld->names[j]), &code,
                                   NULL) != OV_OK)
                    goto out;
                break;
            }
        }
        if (ov_dict_intern(before, ld->names[j], strlen(ld->names[j]), &code, NULL) !=
            OV_OK)
            goto out;
    }
    st = OV_OK;
out:
    ov_dict_unref(all);
    ov_dict_unref(before);
    return st;
}

/* Files people mistake for CSV: say what they are. */
static ov_status
refuse_kinds(const struct loader *ld, const char *buf, size_t len, struct ov_err *err)
{
    static const struct {
        const char *magic;
        size_t n;
        const char *what;
    } kinds[] = {
        /* zips and gzip files are opened by ov_load_csv before this;
         * these are such data in a pipe, or inside a gzip file */
        {"PK\3\4", 4,
         "a ZIP archive read from a pipe, or inside compressed data: oversight "
         "opens a zip only as a file; save it first"},
        {"\xD0\xCF\x11\xE0", 4,
         "an Excel 97-2003 (.xls) workbook: save it as CSV "
         "first"},
        {"\x1F\x8B", 2,
         "gzip data read from a pipe, or compressed twice: oversight inflates "
         "only a gzip file it opens itself; save it first, or decompress it "
         "(zcat)"},
        {"%PDF", 4, "a PDF document, not a CSV file"},
        {"SQLite format 3", 16, "an SQLite database, not a CSV file"},
    };
    size_t k;

    if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                     ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)))
        return ov_err_set(err, OV_EPARSE,
                          "%s: the file is UTF-16 text; convert it to UTF-8 first "
                          "(for example: iconv -f UTF-16 -t UTF-8)",
                          ld->path);
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (len >= kinds[k].n && memcmp(buf, kinds[k].magic, kinds[k].n) == 0)
            return ov_err_set(err, OV_EPARSE, "%s: the file is %s", ld->path,
                              kinds[k].what);
    return OV_OK;
}

/* skip = N: where the line after the first N (from `from`) begins, in
 * ld->hand_end; false when the block does not hold them all yet */
static bool
skip_hand_lines(struct loader *ld, const char *buf, size_t len, size_t from)
{
    long want = ld->opts->skip;
    size_t pos = from;

    ld->hand_lines = 0;
    while (want > 0 && ld->hand_lines < (uint64_t)want && pos < len) {
        const char *e = memchr(buf + pos, ld->nl, len - pos);

        if (e == NULL) {
            if (!ld->eof)
                break;
            pos = len;
        } else {
            pos = (size_t)(e - buf) + 1;
            if (ld->nl == '\r' && pos < len && buf[pos] == '\n')
                pos++;
        }
        ld->hand_lines++;
    }
    ld->hand_end = pos;
    return want <= 0 || ld->hand_lines == (uint64_t)want || ld->eof;
}

/* comment lines before the header ("# source: ..."), when asked: where the
 * header may begin */
static size_t
skip_comments(struct loader *ld, const char *buf, size_t len, size_t skip)
{
    char cm = ld->opts->comment;

    ld->comment_lines = 0;
    while (cm != 0 && skip < len && buf[skip] == cm) {
        const char *e = memchr(buf + skip, ld->nl, len - skip);

        if (e == NULL) {
            if (ld->eof)
                skip = len;
            break;
        }
        skip = (size_t)(e - buf) + 1;
        if (ld->nl == '\r' && skip < len && buf[skip] == '\n')
            skip++;
        ld->comment_lines++;
    }
    return skip;
}

/* Reads until the first block holds the header row (or the file ends):
 * *skip is where the rows begin, *header_end where the header ends (0 if
 * none). */
static ov_status
read_first_row(struct loader *ld, size_t *skip, size_t *header_end, struct ov_err *err)
{
    const struct ov_load_opts *opts = ld->opts;
    ov_status st;

    for (;;) {
        char *buf = ld->first;
        size_t cap = ld->first_cap, len = ld->first_len;
        size_t n, row_start = 0;
        bool all_skipped;

        if ((st = ov_ld_read(ld, buf + len, cap - len, &n, err)) != OV_OK)
            return st;
        len += n;
        ld->first_len = len;
        ld->eof = n < cap - (len - n);
        if ((st = refuse_kinds(ld, buf, len, err)) != OV_OK)
            return st;
        ld->bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
        ld->nl = ov_scan_line_char(buf, len);
        all_skipped = skip_hand_lines(ld, buf, len, ld->bom ? 3 : 0);
        *skip = skip_comments(ld, buf, len, ld->hand_end);
        *header_end = 0;
        if (all_skipped && *skip < len &&
            !(opts->comment != 0 && buf[*skip] == opts->comment)) {
            size_t s = *skip;

            ld->delim = opts->delim != 0
                            ? opts->delim
                            : ov_scan_sniff_delim(buf + s, (len - s) < SAMPLE_SIZE
                                                               ? len - s
                                                               : SAMPLE_SIZE);
            *header_end =
                ov_scan_first_row(buf + s, len - s, ld->delim, ld->eof, &row_start);
        }
        if (*header_end != 0 || ld->eof)
            return OV_OK;
        /* no end of the first row yet: a NUL byte says this is not text, so
         * stop now rather than read on (from /dev/zero, for ever) */
        if (*skip < len) {
            const char *z = memchr(buf + *skip, '\0', len - *skip);

            if (z != NULL) {
                uint64_t l, c;

                ov_scan_position(buf + *skip, (size_t)(z - (buf + *skip)),
                                 1 + ld->hand_lines + ld->comment_lines, ld->nl, &l,
                                 &c);
                return ov_err_set(err, OV_EPARSE,
                                  "%s:%llu:%llu: NUL byte: this is not a text CSV file "
                                  "(binary data, or UTF-16 text?)",
                                  ld->path, (unsigned long long)l,
                                  (unsigned long long)c);
            }
        }
        /* the first row is longer than the buffer: grow it */
        if (len > ld->max_field)
            return header_too_long(ld, err);
        {
            char *nb = ov_realloc(buf, cap * 2);

            if (nb == NULL)
                return ov_ld_nomem(ld, err);
            ld->first = nb;
            ld->first_cap = cap * 2;
        }
    }
}

/* The header row is checked and decoded like the data: into *out (maybe
 * a transcoded copy in *tbuf, which the caller frees). */
static ov_status
check_header(struct loader *ld, const char *htext, size_t *hlen, const char **out,
             char **tbuf, struct ov_err *err)
{
    bool nul;
    size_t bad;
    struct ov_scan sc;

    *out = htext;
    if (ld->opts->encoding == OV_ENC_UTF8) {
        bad = ov_utf8_check(htext, *hlen, &nul);
        if (bad < *hlen) {
            uint64_t l, c;

            ov_scan_position(htext, bad, ld->line, ld->nl, &l, &c);
            return ov_err_set(err, OV_EPARSE,
                              nul ? "%s:%llu:%llu: NUL byte: this is not a text CSV "
                                    "file (binary data, or UTF-16 text?)"
                                  : "%s:%llu:%llu: invalid UTF-8; if the file is "
                                    "Latin-1 or Windows-1252, load it with encoding "
                                    "= \"latin1\" or \"cp1252\"",
                              ld->path, (unsigned long long)l, (unsigned long long)c);
        }
    } else {
        *tbuf = ov_malloc(*hlen * 3 + 1);
        if (*tbuf == NULL)
            return ov_ld_nomem(ld, err);
        *hlen = ov_transcode(ld->opts->encoding, htext, *hlen, *tbuf, &bad);
        if (*hlen == (size_t)-1)
            return ov_err_set(err, OV_EPARSE,
                              "%s:%llu: a byte that is not a character in "
                              "Windows-1252; try encoding = \"latin1\"",
                              ld->path, (unsigned long long)ld->line);
        *out = *tbuf;
    }
    ov_scan_rows(*out, *hlen, ld->delim, &sc);
    if (sc.malformed) {
        uint64_t l, c;

        ov_scan_position(*out, sc.malformed_at, ld->line, ld->nl, &l, &c);
        return ov_err_set(err, OV_EPARSE,
                          "%s:%llu:%llu: text after the closing quote of a quoted "
                          "field; a quote inside a quoted field must be doubled "
                          "(\"\")",
                          ld->path, (unsigned long long)l, (unsigned long long)c);
    }
    return OV_OK;
}

/* The column names from the header text (the table's first row, at
 * table[0..tlen)): parsed, counted, and named by position when there is
 * no header (header = false, or the first row is data) or made unique. */
static ov_status
read_names(struct loader *ld, const char *table, size_t tlen, const char *htext,
           size_t hlen, struct ov_err *err)
{
    enum ov_header h = ld->opts->header;
    size_t j;

    if (ov_ld_parse_header(ld->delim, htext, hlen, &ld->names, &ld->ncols) != OV_OK)
        return ov_ld_nomem(ld, err);
    if (ld->ncols > MAX_COLUMNS)
        return ov_err_set(err, OV_ERANGE,
                          "%s:%llu: %zu columns; oversight reads at most %d", ld->path,
                          (unsigned long long)ld->line, ld->ncols, MAX_COLUMNS);
    ld->header = h == OV_HEADER_FIRST_ROW ||
                 (h == OV_HEADER_AUTO && !ov_ld_first_row_is_data(ld, table, tlen));
    if (ld->header)
        return ov_ld_fix_names(ld, ld->rep) == OV_OK ? OV_OK : ov_ld_nomem(ld, err);
    /* the first row is data: name the columns by position */
    for (j = 0; j < ld->ncols; j++) {
        char nm[32];

        snprintf(nm, sizeof nm, "column_%zu", j + 1);
        ov_free(ld->names[j]);
        ld->names[j] = ov_strdup(nm);
        if (ld->names[j] == NULL)
            return ov_ld_nomem(ld, err);
    }
    if (h == OV_HEADER_AUTO) {
        ld->found_data = true;
        if ((ld->ncols == 1
                 ? ov_ld_note(ld->rep,
                              "the first row looks like data, not a name: the column "
                              "is named column_1; use header = true to take it as "
                              "its name")
                 : ov_ld_note(ld->rep,
                              "the first row looks like data, not names: columns named "
                              "column_1..column_%zu; use header = true to take it as "
                              "names",
                              ld->ncols)) != OV_OK)
            return ov_ld_nomem(ld, err);
    }
    return OV_OK;
}

ov_status
ov_ld_setup_columns(struct loader *ld, struct ov_err *err)
{
    const struct ov_load_opts *opts = ld->opts;
    size_t j, k;

    ld->forced = ov_malloc((ld->ncols ? ld->ncols : 1) * sizeof *ld->forced);
    ld->gdict = ov_calloc(ld->ncols ? ld->ncols : 1, sizeof *ld->gdict);
    ld->ginf = ov_malloc((ld->ncols ? ld->ncols : 1) * sizeof *ld->ginf);
    if (ld->forced == NULL || ld->gdict == NULL || ld->ginf == NULL)
        return ov_ld_nomem(ld, err);
    for (j = 0; j < ld->ncols; j++) {
        ld->forced[j] = -1;
        ov_ld_infer_init(&ld->ginf[j]);
    }
    for (k = 0; k < opts->ntypes; k++) {
        bool found = false;
        char hint[400];

        for (j = 0; j < ld->ncols; j++)
            if (strcmp(ld->names[j], opts->types[k].column) == 0) {
                ld->forced[j] = (int)opts->types[k].type;
                found = true;
            }
        if (found)
            continue;
        return ov_err_set(err, OV_ENOTFOUND,
                          "%s: types names a column '%s' that the file does not have%s",
                          ld->path, opts->types[k].column,
                          ov_suggest_column(opts->types[k].column,
                                            (const char *const *)ld->names, ld->ncols,
                                            hint, sizeof hint));
    }
    return OV_OK;
}

ov_status
ov_ld_sniff(struct loader *ld, struct ov_err *err)
{
    size_t skip = 0, header_end = 0, row_start = 0, hlen, len, from;
    const char *htext;
    char *tbuf = NULL, *buf;
    ov_status st;

    ld->first = ov_malloc(ld->block);
    if (ld->first == NULL)
        return ov_ld_nomem(ld, err);
    ld->first_cap = ld->block;
    if ((st = read_first_row(ld, &skip, &header_end, err)) != OV_OK)
        return st;
    buf = ld->first;
    len = ld->first_len;
    from = ld->bom ? 3 : 0;
    if (len <= skip) {
        if (ld->opts->skip > 0 && ld->hand_lines > 0)
            return ov_err_set(
                err, OV_EPARSE,
                "%s: skip = %ld leaves nothing to load: the file has %llu "
                "line%s",
                ld->path, ld->opts->skip, (unsigned long long)ld->hand_lines,
                ld->hand_lines == 1 ? "" : "s");
        return ov_err_set(
            err, OV_EPARSE,
            ld->comment_lines > 0
                ? "%s: the file has only comment lines (expected a header "
                  "line with column names)"
                : "%s: the file is empty (expected a header line with column "
                  "names)",
            ld->path);
    }
    if (header_end == 0) {
        /* the whole (small) file has only blank lines */
        return ov_err_set(err, OV_EPARSE, "%s: the file has no rows, only blank lines",
                          ld->path);
    }
    if ((st = ov_ld_find_table(ld, buf, len, from, &skip, err)) != OV_OK)
        return st;
    header_end =
        ov_scan_first_row(buf + skip, len - skip, ld->delim, ld->eof, &row_start);
    hlen = header_end - row_start;
    if (hlen > ld->max_field)
        return header_too_long(ld, err);
    ld->line = 1 + ld->hand_lines + ld->comment_lines + ld->preamble_lines +
               ov_scan_count_lines(buf + skip, row_start, ld->nl);
    ld->leading_blank = ov_scan_count_lines(buf + skip, row_start, ld->nl);
    st = check_header(ld, buf + skip + row_start, &hlen, &htext, &tbuf, err);
    if (st == OV_OK)
        st = read_names(ld, buf + skip, len - skip, htext, hlen, err);
    ov_free(tbuf);
    if (st == OV_OK)
        st = ov_ld_setup_columns(ld, err);
    if (st != OV_OK)
        return st;
    /* the data starts after the header row, or at the first row */
    {
        size_t body = ld->header ? skip + header_end : skip + row_start;

        if (ld->header)
            ld->line += ov_scan_count_lines(buf + skip + row_start,
                                            header_end - row_start, ld->nl);
        memmove(buf, buf + body, len - body);
        ld->first_len = len - body;
    }
    return OV_OK;
}
