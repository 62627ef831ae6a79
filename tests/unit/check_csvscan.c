/*
 * check_csvscan.c - the scanning the loader trusts to cut files into
 * chunks: a buffer cut where ov_scan_rows says a row ends must parse, in
 * two pieces, exactly as it parses whole (checked against libcsv itself on
 * random inputs); and line numbers, sniffing, UTF-8, transcoding.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvscan.h"
#include "strbuf.h"
#include "suites.h"

/* libcsv's events as text: fields joined by \x1f, rows ended by \x1e */
struct events {
    ov_strbuf b;
};

static void
ev_field(void *s, size_t n, void *data)
{
    struct events *e = data;

    ov_strbuf_append(&e->b, s, n);
    ov_strbuf_putc(&e->b, '\x1f');
}

static void
ev_row(int c, void *data)
{
    struct events *e = data;

    (void)c;
    ov_strbuf_putc(&e->b, '\x1e');
}

static int
nospace(unsigned char c)
{
    (void)c;
    return 0;
}

static void
parse(const char *s, size_t n, struct events *e)
{
    struct csv_parser p;

    csv_init(&p, 0);
    csv_set_space_func(&p, nospace);
    csv_parse(&p, s, n, ev_field, ev_row, e);
    csv_fini(&p, ev_field, ev_row, e);
    csv_free(&p);
}

START_TEST(test_cut_parses_like_whole)
{
    static const char alphabet[] = {'a', 'b', ',', ',', '"', '"', '\n', '\r', ' '};
    unsigned seed = 7;
    int i, checked = 0;

    for (i = 0; i < 20000; i++) {
        char buf[64];
        size_t n, k;
        struct ov_scan sc;
        struct events whole = {OV_STRBUF_INIT}, parts = {OV_STRBUF_INIT};

        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 40;
        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[k] = alphabet[(seed >> 16) % sizeof alphabet];
        }
        ov_scan_rows(buf, n, ',', &sc);
        if (sc.malformed)
            continue; /* the loader stops with an error there */
        parse(buf, n, &whole);
        parse(buf, sc.last_row_end, &parts);
        parse(buf + sc.last_row_end, n - sc.last_row_end, &parts);
        ck_assert_msg(whole.b.len == parts.b.len &&
                          memcmp(ov_strbuf_cstr(&whole.b), ov_strbuf_cstr(&parts.b),
                                 whole.b.len) == 0,
                      "cut at %zu of '%.*s' changes the parse", sc.last_row_end, (int)n,
                      buf);
        checked++;
        ov_strbuf_free(&whole.b);
        ov_strbuf_free(&parts.b);
    }
    ck_assert_int_gt(checked, 5000);
}
END_TEST

START_TEST(test_scan_rows)
{
    struct ov_scan sc;
    const char *s = "a,\"x\ny\"\nb,c\n\"open";

    ov_scan_rows(s, strlen(s), ',', &sc);
    ck_assert_uint_eq(sc.last_row_end, 12);
    ck_assert(sc.in_quotes);
    ck_assert_uint_eq(sc.quote_open, 12);
    ov_scan_rows("a\"b,c\nd", 7, ',', &sc); /* a quote inside a field is a letter */
    ck_assert_uint_eq(sc.last_row_end, 6);
    ck_assert(!sc.in_quotes);
    ov_scan_rows("\"x\"y,1\n", 7, ',', &sc);
    ck_assert(sc.malformed);
    ck_assert_uint_eq(sc.malformed_at, 3);
}
END_TEST

START_TEST(test_row_lines)
{
    /* rows start at lines 1, 2, 4 (after a blank line and a value on two) */
    const char *s = "a,b\n\"x\ny\",1\n\nc,d\n";
    uint64_t want[] = {0, 1, 2}, lines[3];

    ov_scan_row_lines(s, strlen(s), ',', '\n', 1, want, 3, lines);
    ck_assert_uint_eq(lines[0], 1);
    ck_assert_uint_eq(lines[1], 2);
    ck_assert_uint_eq(lines[2], 5);
}
END_TEST

START_TEST(test_blank_lines)
{
    static const struct {
        const char *text;
        uint64_t blank;
    } cases[] = {
        {"a,b\n1,2\n", 0},
        {"a,b\n\n1,2\n\n\n", 3},
        {"a,b\r\n\r\n1,2\r\n", 1}, /* CR LF is one line end */
        {"a,b\r\r1,2\r", 1},       /* lines ended by CR alone */
        {"a,b\n\rc,d\n", 1},       /* a stray CR starting a line */
        {"a,b\r\rc\nd\n", 1},      /* CR CR in a file of LFs */
        {"\"x\n\n\ny\",1\n", 0},   /* line ends inside quotes */
        {"\n\nA,1\n", 1},          /* the first byte ends the row before */
        {"a,b\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n1\n", 17}, /* past 16 bytes */
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(ov_scan_blank_lines(cases[i].text, strlen(cases[i].text), ',') ==
                          cases[i].blank,
                      "case %zu", i);
}
END_TEST

START_TEST(test_count_lines_and_position)
{
    char big[100000];
    uint64_t line, col;
    size_t i, want = 0;

    for (i = 0; i < sizeof big; i++) {
        big[i] = (char)(i % 37 == 0 ? '\n' : 'x');
        want += big[i] == '\n';
    }
    ck_assert_uint_eq(ov_scan_count_lines(big, sizeof big, '\n'), want);
    ov_scan_position("ab\nc\xC3\xA9"
                     "d",
                     6, 10, '\n', &line, &col);
    ck_assert_uint_eq(line, 11);
    ck_assert_uint_eq(col, 3); /* c, é (two bytes), then d */
    ck_assert_int_eq(ov_scan_line_char("a\rb\r", 4), '\r');
    ck_assert_int_eq(ov_scan_line_char("a\r\nb", 4), '\n');
}
END_TEST

START_TEST(test_sniff)
{
    ck_assert_int_eq(ov_scan_sniff_delim("a,b,c\n1,2,3\n", 12), ',');
    ck_assert_int_eq(ov_scan_sniff_delim("a;b;c\n1;2,5;3\n", 14), ';');
    ck_assert_int_eq(ov_scan_sniff_delim("a\tb\n1\t2\n", 8), '\t');
    ck_assert_int_eq(ov_scan_sniff_delim("a|b\n1|2\n", 8), '|');
    ck_assert_int_eq(ov_scan_sniff_delim("name\nx\ny\n", 9), ',');
    /* commas inside quotes do not count */
    ck_assert_int_eq(ov_scan_sniff_delim("a;b\n\"1,2,3\";4\n\"5,6\";7\n", 22), ';');
}
END_TEST

START_TEST(test_utf8)
{
    bool nul;

    ck_assert_uint_eq(ov_utf8_check("plain ascii text, long enough", 29, &nul), 29);
    ck_assert_uint_eq(
        ov_utf8_check("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14, &nul), 14);
    ck_assert_uint_eq(ov_utf8_check("Jos\xE9", 4, &nul), 3);
    ck_assert(!nul);
    ck_assert_uint_eq(ov_utf8_check("0123456789abcdefghij\0x", 22, &nul), 20);
    ck_assert(nul);
    ck_assert_uint_eq(ov_utf8_check("\xED\xA0\x80", 3, &nul), 0);     /* surrogate */
    ck_assert_uint_eq(ov_utf8_check("\xF4\x90\x80\x80", 4, &nul), 0); /* > U+10FFFF */
    ck_assert_uint_eq(ov_utf8_check("ab\xE2\x82", 4, &nul), 2);       /* cut short */
}
END_TEST

START_TEST(test_transcode)
{
    char out[32];
    size_t bad, n;

    n = ov_transcode(OV_ENC_LATIN1, "Jos\xE9 \x80", 6, out, &bad);
    ck_assert_uint_eq(n, 8);
    ck_assert_int_eq(memcmp(out, "Jos\xC3\xA9 \xC2\x80", 8), 0);
    n = ov_transcode(OV_ENC_CP1252, "\x93hi\x94", 4, out, &bad);
    ck_assert_uint_eq(n, 8);
    ck_assert_int_eq(memcmp(out, "\xE2\x80\x9Chi\xE2\x80\x9D", 8), 0);
    ck_assert_uint_eq(ov_transcode(OV_ENC_CP1252, "ab\x8D", 3, out, &bad), (size_t)-1);
    ck_assert_uint_eq(bad, 2);
}
END_TEST

Suite *
make_csvscan_suite(void)
{
    Suite *s = suite_create("csvscan");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_cut_parses_like_whole);
    tcase_add_test(tc, test_scan_rows);
    tcase_add_test(tc, test_row_lines);
    tcase_add_test(tc, test_blank_lines);
    tcase_add_test(tc, test_count_lines_and_position);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_utf8);
    tcase_add_test(tc, test_transcode);
    suite_add_tcase(s, tc);
    return s;
}
