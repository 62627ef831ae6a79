/*
 * check_format.c - tables as text, exactly: box, plain, CSV, TSV,
 * Markdown, JSON; fitting the width; the footer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "format.h"
#include "suites.h"
#include "value.h"

static ov_table *t;

/* force (string), n (int), share (float), when (date); 3 rows, one missing */
static void
setup(void)
{
    struct ov_err err;
    ov_column *force = ov_column_new(OV_STRING, 3, NULL, 3, &err);
    ov_column *n = ov_column_new(OV_INT, 3, NULL, 0, &err);
    ov_column *share = ov_column_new(OV_FLOAT, 3, NULL, 0, &err);
    ov_column *when = ov_column_new(OV_DATE, 3, NULL, 0, &err);
    const char *names[] = {"Essex Police", "Kent, \"East\"", "Met\nPolice"};
    int i;

    for (i = 0; i < 3; i++) {
        uint32_t code;

        ov_dict_intern(force->dict, names[i], strlen(names[i]), &code, NULL);
        ov_column_set_code(force, (size_t)i, code);
    }
    n->data.i64[0] = 3787;
    n->data.i64[1] = 12;
    n->data.i64[2] = 1234567;
    share->data.f64[0] = 0.185;
    share->data.f64[1] = 12.5;
    ov_column_set_missing(share, 2);
    ov_column_finish(share);
    ov_parse_date("2021-03-31", 10, OV_DATE_ISO, &when->data.days[0]);
    ov_parse_date("2020-04-01", 10, OV_DATE_ISO, &when->data.days[1]);
    ov_parse_date("2019-12-25", 10, OV_DATE_ISO, &when->data.days[2]);
    t = ov_table_new(3, &err);
    ov_table_add_column(t, "force", force, &err);
    ov_table_add_column(t, "n", n, &err);
    ov_table_add_column(t, "share", share, &err);
    ov_table_add_column(t, "when", when, &err);
    ov_column_unref(force);
    ov_column_unref(n);
    ov_column_unref(share);
    ov_column_unref(when);
}

static void
teardown(void)
{
    ov_table_free(t);
}

static char *
render(enum ov_fmt_mode mode, size_t width, size_t max_rows)
{
    struct ov_fmt_opts o;
    struct ov_err err;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    ov_fmt_opts_init(&o, mode);
    o.width = width;
    if (max_rows)
        o.max_rows = max_rows;
    ck_assert_int_eq(ov_format_table(f, t, &o, &err), OV_OK);
    fclose(f);
    return text;
}

#define ASSERT_RENDER(mode, width, rows, want)                                         \
    do {                                                                               \
        char *got = render(mode, width, rows);                                         \
        ck_assert_msg(strcmp(got, want) == 0, "got:\n%s\nwant:\n%s", got, want);       \
        free(got);                                                                     \
    } while (0)

START_TEST(test_box)
{
    ASSERT_RENDER(OV_FMT_BOX, 0, 0,
                  "┌──────────────┬───────────┬────────┬────────────┐\n"
                  "│ force        │         n │  share │ when       │\n"
                  "│ string       │       int │  float │ date       │\n"
                  "├──────────────┼───────────┼────────┼────────────┤\n"
                  "│ Essex Police │     3,787 │  0.185 │ 2021-03-31 │\n"
                  "│ Kent, \"East\" │        12 │ 12.500 │ 2020-04-01 │\n"
                  "│ Met↵Police   │ 1,234,567 │        │ 2019-12-25 │\n"
                  "└──────────────┴───────────┴────────┴────────────┘\n"
                  "3 rows × 4 columns\n");
}
END_TEST

/* identifiers and years print plain digits, judged by name and values; a
 * computed count prints separators whatever it is called */
START_TEST(test_identifiers_years_and_counts)
{
    struct ov_err err;
    const char *names[] = {"CCR", "EX", "year", "n_year", "since"};
    const int64_t values[] = {67127, 6943, 2021, 1984, 1999};
    const bool measure[] = {false, true, false, true, false};
    ov_table *u = ov_table_new(1, &err);
    char *text = NULL;
    size_t len = 0, j;
    FILE *f = open_memstream(&text, &len);
    struct ov_fmt_opts o;

    for (j = 0; j < 5; j++) {
        ov_column *c = ov_column_new(OV_INT, 1, NULL, 0, &err);

        c->data.i64[0] = values[j];
        c->measure = measure[j];
        ck_assert_int_eq(ov_table_add_column(u, names[j], c, &err), OV_OK);
        ov_column_unref(c);
    }
    ov_fmt_opts_init(&o, OV_FMT_PLAIN);
    ck_assert_int_eq(ov_format_table(f, u, &o, &err), OV_OK);
    fclose(f);
    ck_assert_str_eq(text, "  CCR     EX  year  n_year  since\n"
                           "  int    int   int     int    int\n"
                           "67127  6,943  2021   1,984   1999\n"
                           "1 row × 5 columns\n");
    free(text);
    ov_table_free(u);
}
END_TEST

START_TEST(test_plain_fits_width_and_cuts_rows)
{
    /* widths come from the rows shown: share fits in 30, when does not */
    ASSERT_RENDER(OV_FMT_PLAIN, 30, 1,
                  "force             n  share\n"
                  "string          int  float\n"
                  "Essex Police  3,787  0.185\n"
                  "… 2 more rows\n"
                  "… 1 more column: when\n"
                  "3 rows × 4 columns\n");
}
END_TEST

/* a locale that is not UTF-8: the same box, line break, cut and footer in
 * ASCII, each glyph one cell as before so the columns still line up */
START_TEST(test_box_ascii)
{
    struct ov_fmt_opts o;
    struct ov_err err;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    ov_fmt_opts_init(&o, OV_FMT_BOX);
    o.ascii = true;
    o.width = 40;
    o.max_rows = 1;
    ck_assert_int_eq(ov_format_table(f, t, &o, &err), OV_OK);
    fclose(f);
    ck_assert_str_eq(text, "+--------------+-------+-------+\n"
                           "| force        |     n | share |\n"
                           "| string       |   int | float |\n"
                           "+--------------+-------+-------+\n"
                           "| Essex Police | 3,787 | 0.185 |\n"
                           "+--------------+-------+-------+\n"
                           "... 2 more rows\n"
                           "... 1 more column: when\n"
                           "3 rows x 4 columns\n");
    free(text);
}
END_TEST

/* a text column wider than the width is narrowed (down to its name) so the
 * columns after it still show; without a width nothing is cut; the first
 * column (the rows' labels) is not cut */
static ov_column *
text_column(const char *const *v, size_t n)
{
    struct ov_err err;
    ov_column *c = ov_column_new(OV_STRING, n, NULL, n, &err);
    size_t i;

    for (i = 0; i < n; i++) {
        uint32_t code;

        ov_dict_intern(c->dict, v[i], strlen(v[i]), &code, NULL);
        ov_column_set_code(c, i, code);
    }
    return c;
}

START_TEST(test_width_narrows_text_before_dropping)
{
    const char *sum[] = {"Complainant says handcuffs were too tight and hurt", "Rude"};
    const char *out[] = {"Not upheld", "Upheld"};
    struct ov_err err;
    ov_table *u = ov_table_new(2, &err);
    ov_column *a = text_column(sum, 2), *b = text_column(out, 2);
    struct ov_fmt_opts o;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    ov_column *id = ov_column_new(OV_INT, 2, NULL, 0, &err);

    id->data.i64[0] = 1;
    id->data.i64[1] = 2;
    ov_table_add_column(u, "id", id, &err);
    ov_column_unref(id);
    ov_table_add_column(u, "summary", a, &err);
    ov_table_add_column(u, "outcome", b, &err);
    ov_column_unref(a);
    ov_column_unref(b);
    ov_fmt_opts_init(&o, OV_FMT_PLAIN);
    o.width = 40;
    f = open_memstream(&text, &len);
    ck_assert_int_eq(ov_format_table(f, u, &o, &err), OV_OK);
    fclose(f);
    ck_assert_str_eq(text, " id  summary                  outcome\n"
                           "int  string                   string\n"
                           "  1  Complainant says handc…  Not upheld\n"
                           "  2  Rude                     Upheld\n"
                           "2 rows × 3 columns\n");
    free(text);
    text = NULL;
    o.width = 0;
    f = open_memstream(&text, &len);
    ck_assert_int_eq(ov_format_table(f, u, &o, &err), OV_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "too tight and hurt  Not upheld\n"));
    free(text);
    ov_table_free(u);
}
END_TEST

/* a group key with no value (a freq or group_by result) is labelled
 * "(missing)" for people, as crosstab labels it; CSV keeps it empty */
START_TEST(test_missing_key_labelled)
{
    struct ov_fmt_opts o;
    struct ov_err err;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    const char *keys[] = {"share"};

    ck_assert_int_eq(ov_table_set_keys(t, keys, 1), OV_OK);
    ck_assert(ov_table_is_key(t, "share"));
    ck_assert(!ov_table_is_key(t, "force"));
    ov_fmt_opts_init(&o, OV_FMT_PLAIN);
    o.types = false;
    o.footer = false;
    ck_assert_int_eq(ov_format_table(f, t, &o, &err), OV_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "1,234,567  (missing)"));
    free(text);
    text = NULL;
    f = open_memstream(&text, &len);
    ov_fmt_opts_init(&o, OV_FMT_CSV);
    ck_assert_int_eq(ov_format_table(f, t, &o, &err), OV_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "1234567,,2019-12-25"));
    free(text);
}
END_TEST

START_TEST(test_csv_quotes_only_when_needed)
{
    ASSERT_RENDER(OV_FMT_CSV, 0, 0,
                  "force,n,share,when\n"
                  "Essex Police,3787,0.185,2021-03-31\n"
                  "\"Kent, \"\"East\"\"\",12,12.5,2020-04-01\n"
                  "\"Met\nPolice\",1234567,,2019-12-25\n");
}
END_TEST

START_TEST(test_tsv)
{
    ASSERT_RENDER(OV_FMT_TSV, 0, 0,
                  "force\tn\tshare\twhen\n"
                  "Essex Police\t3787\t0.185\t2021-03-31\n"
                  "\"Kent, \"\"East\"\"\"\t12\t12.5\t2020-04-01\n"
                  "\"Met\nPolice\"\t1234567\t\t2019-12-25\n");
}
END_TEST

START_TEST(test_markdown)
{
    ASSERT_RENDER(OV_FMT_MARKDOWN, 0, 0,
                  "| force | n | share | when |\n"
                  "| --- | ---: | ---: | --- |\n"
                  "| Essex Police | 3,787 | 0.185 | 2021-03-31 |\n"
                  "| Kent, \"East\" | 12 | 12.500 | 2020-04-01 |\n"
                  "| Met<br>Police | 1,234,567 |  | 2019-12-25 |\n");
}
END_TEST

START_TEST(test_json)
{
    ASSERT_RENDER(OV_FMT_JSON, 0, 0,
                  "[\n"
                  "  {\"force\": \"Essex Police\", \"n\": 3787, \"share\": 0.185, "
                  "\"when\": \"2021-03-31\"},\n"
                  "  {\"force\": \"Kent, \\\"East\\\"\", \"n\": 12, \"share\": 12.5, "
                  "\"when\": \"2020-04-01\"},\n"
                  "  {\"force\": \"Met\\nPolice\", \"n\": 1234567, \"share\": null, "
                  "\"when\": \"2019-12-25\"}\n"
                  "]\n");
}
END_TEST

START_TEST(test_text_width)
{
    ck_assert_uint_eq(ov_text_width("abc", 3), 3);
    ck_assert_uint_eq(ov_text_width("caf\xC3\xA9", 5), 4);
    ck_assert_uint_eq(ov_text_width("e\xCC\x81", 3), 1); /* e + combining acute */
}
END_TEST

/* the one display-width rule: a cell per code point, none for combining
 * marks U+0300-U+036F; CJK and emoji count one cell each */
START_TEST(test_text_width_rule)
{
    static const struct {
        const char *s;
        size_t want;
    } cases[] = {
        {"", 0},
        {"Essex Police", 12},
        {"\xE8\xAD\xA6\xE5\xAF\x9F", 2},         /* 警察 */
        {"\xF0\x9F\x9A\x93", 1},                 /* 🚓 */
        {"\xF0\x9F\x91\xAE\xF0\x9F\x9A\x93", 2}, /* 👮🚓 */
        {"n\xCC\x83o", 2},                       /* ñ as n + U+0303 */
        {"a\xCD\xAF"
         "b",
         2}, /* U+036F: combining */
        {"a\xCD\xB0"
         "b",
         3},                     /* U+0370: not */
        {"\xC3\xA9\xCC\x81", 1}, /* é + U+0301 */
        {"\xE2\x80\xA6", 1},     /* … */
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_uint_eq(ov_text_width(cases[i].s, strlen(cases[i].s)), cases[i].want);
    /* byte by byte, the same sum */
    {
        const char *s = "a\xCC\x81\xE8\xAD\xA6!";
        size_t n = strlen(s), k, w = 0;

        for (k = 0; k < n; k++)
            w += ov_text_byte_width(s, n, k);
        ck_assert_uint_eq(w, ov_text_width(s, n));
        ck_assert_uint_eq(w, 3);
    }
}
END_TEST

START_TEST(test_text_wrap)
{
    ov_strbuf b = OV_STRBUF_INIT;

    ov_text_wrap(&b, "the quick brown fox jumps over the lazy dog", 2, 14);
    ck_assert_str_eq(ov_strbuf_cstr(&b),
                     "  the quick\n  brown fox\n  jumps over\n  the lazy dog\n");
    ov_strbuf_reset(&b);
    /* a word longer than the room is cut */
    ov_text_wrap(&b, "abcdefghij klm", 0, 4);
    ck_assert_str_eq(ov_strbuf_cstr(&b), "abcd\nefgh\nij\nklm\n");
    ov_strbuf_reset(&b);
    ov_text_wrap(&b, "fits", 4, 78);
    ck_assert_str_eq(ov_strbuf_cstr(&b), "    fits\n");
    ov_strbuf_reset(&b);
    ov_text_wrap(&b, "", 2, 78);
    ck_assert_str_eq(ov_strbuf_cstr(&b), "");
    ov_strbuf_free(&b);
}
END_TEST

/* the one CSV quoter, with the delimiter it is given */
START_TEST(test_csv_field_delimiters)
{
    static const struct {
        const char *s;
        char sep;
        const char *want;
    } cases[] = {
        {"plain", ',', "plain"},
        {"a,b", ',', "\"a,b\""},
        {"a;b", ',', "a;b"},
        {"a;b", ';', "\"a;b\""},
        {"a,b", ';', "a,b"},
        {"a\tb", '\t', "\"a\tb\""},
        {"a,b", '\t', "a,b"},
        {"say \"hi\"", ';', "\"say \"\"hi\"\"\""},
        {"two\nlines", '\t', "\"two\nlines\""},
        {"cr\r", ',', "\"cr\r\""},
        {"", ',', ""},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);

        ck_assert_ptr_nonnull(f);
        ov_format_csv_field(f, cases[i].s, strlen(cases[i].s), cases[i].sep);
        fclose(f);
        ck_assert_str_eq(text, cases[i].want);
        free(text);
    }
}
END_TEST

START_TEST(test_mode_names)
{
    ck_assert_int_eq(ov_fmt_mode_from_name("markdown"), OV_FMT_MARKDOWN);
    ck_assert_int_eq(ov_fmt_mode_from_name("html"), -1);
    ck_assert_str_eq(ov_fmt_mode_name(OV_FMT_JSON), "json");
}
END_TEST

/* written through a temporary file, or not at all */
START_TEST(test_atomic_write)
{
    char dir[] = "/tmp/ov-check-fileio.XXXXXX", path[64], bad[96], cmd[128];
    struct ov_afile af;
    struct ov_err err;
    FILE *f;
    char line[64];

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.csv", dir);
    f = fopen(path, "w");
    fputs("old content\n", f);
    fclose(f);
    /* an aborted write leaves the old file and no temporary */
    ck_assert_int_eq(ov_afile_open(&af, path, &err), OV_OK);
    fputs("half", af.f);
    ov_afile_abort(&af);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_str_eq(line, "old content\n");
    /* a committed one replaces it */
    ck_assert_int_eq(ov_afile_open(&af, path, &err), OV_OK);
    fputs("new content\n", af.f);
    ck_assert_int_eq(ov_afile_commit(&af, &err), OV_OK);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_str_eq(line, "new content\n");
    /* a directory that does not exist: a clear error */
    snprintf(bad, sizeof bad, "%s/nope/out.csv", dir);
    ck_assert_int_eq(ov_afile_open(&af, bad, &err), OV_EIO);
    ck_assert_msg(strstr(err.msg, "cannot write: No such file or directory") != NULL,
                  "%s", err.msg);
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l | grep -qx 1 && rm -rf '%s'", dir,
             dir);
    ck_assert_int_eq(system(cmd), 0); /* only out.csv was ever left */
}
END_TEST

/* a link stays a link; a device is written through, never replaced */
START_TEST(test_write_through_links_and_devices)
{
    char dir[] = "/tmp/ov-check-fileio.XXXXXX", target[64], link[64], dev[64], cmd[160];
    struct ov_afile af;
    struct ov_err err;
    struct stat sb;
    FILE *f;
    char line[64];

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(target, sizeof target, "%s/data.csv", dir);
    snprintf(link, sizeof link, "%s/latest.csv", dir);
    snprintf(dev, sizeof dev, "%s/null", dir);
    f = fopen(target, "w");
    fputs("old\n", f);
    fclose(f);
    ck_assert_int_eq(symlink("data.csv", link), 0);
    ck_assert_int_eq(symlink("/dev/null", dev), 0);
    ck_assert_int_eq(ov_afile_open(&af, link, &err), OV_OK);
    fputs("new\n", af.f);
    ck_assert_int_eq(ov_afile_commit(&af, &err), OV_OK);
    ck_assert_int_eq(lstat(link, &sb), 0);
    ck_assert(S_ISLNK(sb.st_mode));
    f = fopen(target, "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_str_eq(line, "new\n");
    /* through a link to /dev/null: still a link, /dev/null still a device */
    ck_assert_int_eq(ov_afile_open(&af, dev, &err), OV_OK);
    fputs("gone\n", af.f);
    ck_assert_int_eq(ov_afile_commit(&af, &err), OV_OK);
    ck_assert_int_eq(lstat(dev, &sb), 0);
    ck_assert(S_ISLNK(sb.st_mode));
    ck_assert_int_eq(stat("/dev/null", &sb), 0);
    ck_assert(S_ISCHR(sb.st_mode));
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l | grep -qx 3 && rm -rf '%s'", dir,
             dir);
    ck_assert_int_eq(system(cmd), 0); /* no temporary files left */
}
END_TEST

/* a table of the cases a CSV writer gets wrong: quotes, line breaks
 * (LF and CR), commas, tabs, empty text and missing values, decimals,
 * extreme numbers, dates, Unicode, a percentage from its fraction, a
 * one-column table of empty fields, and a provenance header */
static ov_table *
tricky_table(void)
{
    static const char *const text[] = {
        "plain",           "say \"hi\"", "a,b", "line\nbreak",
        "cr\rlf\r\n",      "tab\there",  "",    "\"",
        "Zoë – “curly” ☃", " lead",      "x"};
    static const double dec[] = {0.1,     -2.5,   1e300, 123456.789,          -0.0,
                                 1.0 / 3, 5e-324, 100,   0.30000000000000004, 7,
                                 8};
    static const int64_t ints[] = {0,       -1,  INT64_MIN, INT64_MAX, 42, 7,
                                   1000000, -99, 3,         4,         5};
    static const int32_t days[] = {0, -1, 19000, 2932896, -719162, 12345,
                                   1, 2,  3,     4,       5};
    enum { N = 11 };
    struct ov_err err;
    ov_table *tt = ov_table_new(N, &err);
    ov_column *s = ov_column_new(OV_STRING, N, NULL, N, &err);
    ov_column *i = ov_column_new(OV_INT, N, NULL, 0, &err);
    ov_column *f = ov_column_new(OV_FLOAT, N, NULL, 0, &err);
    ov_column *d = ov_column_new(OV_DATE, N, NULL, 0, &err);
    ov_column *b = ov_column_new(OV_BOOL, N, NULL, 0, &err);
    ov_column *p = ov_column_new(OV_FLOAT, N, NULL, 0, &err);
    size_t r;

    ov_column_alloc_percent(p);
    for (r = 0; r < N; r++) {
        uint32_t code;

        ov_dict_intern(s->dict, text[r], strlen(text[r]), &code, NULL);
        ov_column_set_code(s, r, code);
        i->data.i64[r] = ints[r];
        f->data.f64[r] = dec[r];
        d->data.days[r] = days[r];
        b->data.b[r] = (uint8_t)(r % 2);
        p->num[r] = (double)r;
        p->den[r] = 3;
        p->data.f64[r] = 100.0 * (double)r / 3;
        if (r % 4 == 3) { /* a missing value in every column, rows apart */
            ov_column_set_missing(i, r);
            ov_column_set_missing(f, r);
            ov_column_set_missing(d, r);
            ov_column_set_missing(b, r);
        }
    }
    ov_column_set_missing(s, N - 1);
    ov_column_set_missing(p, 5);
    ov_column_finish(s);
    ov_column_finish(i);
    ov_column_finish(f);
    ov_column_finish(d);
    ov_column_finish(b);
    ov_column_finish(p);
    ov_table_add_column(tt, "text, \"quoted\"", s, &err);
    ov_table_add_column(tt, "n", i, &err);
    ov_table_add_column(tt, "x", f, &err);
    ov_table_add_column(tt, "when", d, &err);
    ov_table_add_column(tt, "flag", b, &err);
    ov_table_add_column(tt, "share", p, &err);
    ov_column_unref(s);
    ov_column_unref(i);
    ov_column_unref(f);
    ov_column_unref(d);
    ov_column_unref(b);
    ov_column_unref(p);
    ov_table_set_name(tt, "tricky, \"named\"");
    ov_table_set_fact(tt, "source", "a test, with \"quotes\"");
    ov_table_add_step(tt, "sort(\"n\")");
    return tt;
}

/* the whole text of tab written in mode (provenance if asked) */
static char *
written(const ov_table *tab, enum ov_fmt_mode mode, bool provenance, size_t *len)
{
    struct ov_fmt_opts o;
    struct ov_err err;
    char *text = NULL;
    FILE *f = open_memstream(&text, len);

    ov_fmt_opts_init(&o, mode);
    o.provenance = provenance;
    ov_format_table(f, tab, &o, &err);
    fclose(f);
    return text;
}

static const char CSV_PINNED[] =
    "# table: tricky, \"named\"\n"
    "# source: a test, with \"quotes\"\n"
    "# steps:\n"
    "#   1. sort(\"n\")\n"
    "\"text, \"\"quoted\"\"\",n,x,when,flag,share\n"
    "plain,0,0.1,1970-01-01,false,0\n"
    "\"say \"\"hi\"\"\",-1,-2.5,1969-12-31,true,33.333333333\n"
    "\"a,b\",-9223372036854775808,1e+300,2022-01-08,false,66.666666667\n"
    "\"line\n"
    "break\",,,,,100\n"
    "\"cr\rlf\r\n"
    "\",42,-0,0001-01-01,false,133.333333333\n"
    "tab\there,7,0.3333333333333333,2003-10-20,true,\n"
    ",1000000,4.94065645841247e-324,1970-01-02,false,200\n"
    "\"\"\"\",,,,,233.333333333\n"
    "Zo\xc3"
    "\xab"
    " \xe2"
    "\x80"
    "\x93"
    " \xe2"
    "\x80"
    "\x9c"
    "curly\xe2"
    "\x80"
    "\x9d"
    " \xe2"
    "\x98"
    "\x83"
    ",3,0.30000000000000004,1970-01-04,false,266.666666667\n"
    " lead,4,7,1970-01-05,true,300\n"
    ",5,8,1970-01-06,false,333.333333333\n";

static const char TSV_PINNED[] =
    "\"text, \"\"quoted\"\"\"\tn\tx\twhen\tflag\tshare\n"
    "plain\t0\t0.1\t1970-01-01\tfalse\t0\n"
    "\"say \"\"hi\"\"\"\t-1\t-2.5\t1969-12-31\ttrue\t33.333333333\n"
    "a,b\t-9223372036854775808\t1e+300\t2022-01-08\tfalse\t66.666666667\n"
    "\"line\n"
    "break\"\t\t\t\t\t100\n"
    "\"cr\rlf\r\n"
    "\"\t42\t-0\t0001-01-01\tfalse\t133.333333333\n"
    "\"tab\there\"\t7\t0.3333333333333333\t2003-10-20\ttrue\t\n"
    "\t1000000\t4.94065645841247e-324\t1970-01-02\tfalse\t200\n"
    "\"\"\"\"\t\t\t\t\t233.333333333\n"
    "Zo\xc3"
    "\xab"
    " \xe2"
    "\x80"
    "\x93"
    " \xe2"
    "\x80"
    "\x9c"
    "curly\xe2"
    "\x80"
    "\x9d"
    " \xe2"
    "\x98"
    "\x83"
    "\t3\t0.30000000000000004\t1970-01-04\tfalse\t266.666666667\n"
    " lead\t4\t7\t1970-01-05\ttrue\t300\n"
    "\t5\t8\t1970-01-06\tfalse\t333.333333333\n";

/* The bytes of a CSV and a TSV file, pinned: what oversight wrote before
 * the writer went through a buffer (format_csv.c), so no quoting,
 * number, date or provenance line changes unnoticed. */
START_TEST(test_csv_bytes_pinned)
{
    ov_table *tt = tricky_table(), *u;
    ov_column *c;
    struct ov_err err;
    size_t n;
    uint32_t code;
    char *s;

    s = written(tt, OV_FMT_CSV, true, &n);
    ck_assert_uint_eq(n, sizeof CSV_PINNED - 1);
    ck_assert_mem_eq(s, CSV_PINNED, n);
    free(s);
    s = written(tt, OV_FMT_TSV, false, &n);
    ck_assert_uint_eq(n, sizeof TSV_PINNED - 1);
    ck_assert_mem_eq(s, TSV_PINNED, n);
    free(s);
    ov_table_free(tt);
    /* one column: an empty field alone is quoted, or the row would be a
     * blank line that readers skip */
    u = ov_table_new(3, &err);
    c = ov_column_new(OV_STRING, 3, NULL, 2, &err);
    ov_dict_intern(c->dict, "", 0, &code, NULL);
    ov_column_set_code(c, 0, code);
    ov_dict_intern(c->dict, "a", 1, &code, NULL);
    ov_column_set_code(c, 1, code);
    ov_column_set_missing(c, 2);
    ov_column_finish(c);
    ck_assert_int_eq(ov_table_add_column(u, "only", c, &err), OV_OK);
    ov_column_unref(c);
    s = written(u, OV_FMT_CSV, false, &n);
    ck_assert_str_eq(s, "only\n\"\"\na\n\"\"\n");
    free(s);
    ov_table_free(u);
}
END_TEST

Suite *
make_format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_box);
    tcase_add_test(tc, test_plain_fits_width_and_cuts_rows);
    tcase_add_test(tc, test_identifiers_years_and_counts);
    tcase_add_test(tc, test_csv_quotes_only_when_needed);
    tcase_add_test(tc, test_tsv);
    tcase_add_test(tc, test_markdown);
    tcase_add_test(tc, test_json);
    tcase_add_test(tc, test_text_width);
    tcase_add_test(tc, test_text_width_rule);
    tcase_add_test(tc, test_text_wrap);
    tcase_add_test(tc, test_csv_field_delimiters);
    tcase_add_test(tc, test_write_through_links_and_devices);
    tcase_add_test(tc, test_mode_names);
    tcase_add_test(tc, test_box_ascii);
    tcase_add_test(tc, test_missing_key_labelled);
    tcase_add_test(tc, test_width_narrows_text_before_dropping);
    tcase_add_test(tc, test_atomic_write);
    tcase_add_test(tc, test_csv_bytes_pinned);
    suite_add_tcase(s, tc);
    return s;
}
