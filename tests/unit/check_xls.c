/*
 * check_xls.c - legacy Excel .xls (BIFF8, read by xl_xls.c over libgsf):
 * the hand-built fixtures of tests/data/xl/make_xls.py cell by cell
 * (formula results, booleans, errors, dates, shown texts, merges, strings
 * cut across CONTINUE records); damaged copies of them made here
 * (truncated, garbage, bytes overwritten, no workbook stream, encrypted,
 * older versions) give clear errors; the input that crashed libfreexl is
 * refused; and the two Chicago FOIA workbooks in ../shared/data/spreadsheets
 * (skipped when absent) have the sheets, used ranges and cells xlrd 1.2
 * finds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "suites.h"
#include "testdir.h"
#include "ov_mem.h"
#include "xl_int.h"

#define FIXTURE(name) OV_TEST_DATA "/xl/" name

static void
setup(void)
{
    ov_testdir_make("xls");
}

static void
teardown(void)
{
    ov_testdir_remove();
    ov_interrupt_clear();
}

static unsigned char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static const char *
spill(const char *name, const unsigned char *bytes, size_t len)
{
    const char *path = ov_testdir_path(name);
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

static ov_xl_book *
open_ok(const char *path)
{
    ov_xl_book *b = NULL;
    struct ov_err err;

    ck_assert_msg(ov_xl_open(path, &b, &err) == OV_OK, "%s", err.msg);
    ck_assert_int_eq(ov_xl_book_format(b), OV_XL_XLS);
    return b;
}

static struct ov_xl_grid *
read_ok(ov_xl_book *b, size_t i)
{
    struct ov_xl_grid *g = NULL;
    struct ov_err err;

    ck_assert_msg(ov_xl_read(b, i, &g, &err) == OV_OK, "%s", err.msg);
    return g;
}

/* the cell at an A1 name, which must hold something of kind k */
static const struct ov_xl_cell *
cell(const struct ov_xl_grid *g, uint32_t r, uint32_t c, enum ov_xl_kind k)
{
    const struct ov_xl_cell *x = ov_xl_grid_at(g, r, c);
    char name[16];

    ck_assert_msg(x != NULL, "cell %s is empty", ov_xl_cell_name(r, c, name));
    ck_assert_msg(x->kind == k, "cell %s is of kind %d, not %d",
                  ov_xl_cell_name(r, c, name), (int)x->kind, (int)k);
    ck_assert_ptr_null(x->shown);
    return x;
}

/* the opener's error for a file, which must name it and say `want` */
static void
open_fails(const char *path, const char *want)
{
    ov_xl_book *b = NULL;
    struct ov_err err;

    ov_err_clear(&err);
    ck_assert_int_ne(ov_xl_open(path, &b, &err), OV_OK);
    ck_assert_ptr_null(b);
    ck_assert_msg(strstr(err.msg, path) != NULL, "no file named in: %s", err.msg);
    ck_assert_msg(strstr(err.msg, want) != NULL, "'%s' not in: %s", want, err.msg);
}

/* ---- the fixtures ---- */

START_TEST(test_fixture_cells)
{
    ov_xl_book *b = open_ok(FIXTURE("cells.xls"));
    struct ov_xl_grid *g;

    ck_assert_uint_eq(ov_xl_nsheets(b), 2);
    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Workforce");
    ck_assert_str_eq(ov_xl_sheet_name(b, 1), "Donn\xc3\xa9"
                                             "es");
    g = read_ok(b, 0);
    ck_assert_uint_eq(g->ncells, 18);
    ck_assert_uint_eq(g->row0, 0);
    ck_assert_uint_eq(g->col0, 0);
    ck_assert_uint_eq(g->nrows, 3);
    ck_assert_uint_eq(g->ncols, 8);
    ck_assert_ptr_null(g->merges);
    ck_assert_str_eq(cell(g, 0, 0, OV_XL_TEXT)->text, "Force");
    ck_assert_str_eq(cell(g, 0, 3, OV_XL_TEXT)->text, "Notes");
    /* an ID stored as text stays text */
    ck_assert_str_eq(cell(g, 1, 1, OV_XL_TEXT)->text, "1000001");
    ck_assert_str_eq(cell(g, 2, 1, OV_XL_TEXT)->text, "Caf\xc3\xa9 \xe2\x80\x93 Nord");
    /* numbers to the last bit, from NUMBER and RK records */
    ck_assert(cell(g, 1, 2, OV_XL_NUMBER)->num == 0x1.9dd199999999ap+11);
    ck_assert(cell(g, 2, 2, OV_XL_NUMBER)->num == 0x1.3333333333334p-2);
    ck_assert(cell(g, 1, 3, OV_XL_NUMBER)->num == 42);
    ck_assert(cell(g, 2, 3, OV_XL_NUMBER)->num == -7);
    /* 2000-05-12 is day 11089; 10:12:12 is 36732 s into it */
    ck_assert(cell(g, 1, 4, OV_XL_DATE)->num == 11089);
    ck_assert_double_eq_tol(cell(g, 1, 5, OV_XL_DATE)->num, 11089 + 36732.0 / 86400,
                            1e-9);
    /* a time alone: serial 0.75, counted from the 1900 system's day 0 */
    ck_assert_double_eq_tol(cell(g, 1, 6, OV_XL_DATE)->num, -25568 + 0.75, 1e-9);
    /* a BOOLERR boolean is a boolean */
    ck_assert(cell(g, 1, 7, OV_XL_BOOL)->num == 1);
    /* serial 60 is the 29 February 1900 that never was: kept as its
     * number, not made a wrong date; serial 61 is 1900-03-01 */
    ck_assert(cell(g, 2, 4, OV_XL_NUMBER)->num == 60);
    ck_assert(cell(g, 2, 5, OV_XL_DATE)->num == -25508);
    ov_xl_grid_free(g);
    /* the second sheet is empty */
    g = read_ok(b, 1);
    ck_assert_uint_eq(g->ncells, 0);
    ck_assert_uint_eq(g->nrows, 0);
    ck_assert_uint_eq(g->ncols, 0);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_fixture_1904)
{
    ov_xl_book *b = open_ok(FIXTURE("cells1904.xls"));
    struct ov_xl_grid *g = read_ok(b, 0);

    /* serial 35196 in the 1904 system is 2000-05-12 too */
    ck_assert(cell(g, 0, 0, OV_XL_DATE)->num == 11089);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_results)
{
    ov_xl_book *b = open_ok(FIXTURE("results.xls"));
    struct ov_xl_grid *g = read_ok(b, 0);
    const struct ov_xl_cell *x;

    ck_assert_uint_eq(ov_xl_nsheets(b), 1);
    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Results");
    /* A1:D1 merged under a header */
    ck_assert_str_eq(cell(g, 0, 0, OV_XL_TEXT)->text, "Results by force");
    ck_assert_uint_eq(g->nmerges, 1);
    ck_assert_uint_eq(g->merges[0].r0, 0);
    ck_assert_uint_eq(g->merges[0].c0, 0);
    ck_assert_uint_eq(g->merges[0].r1, 0);
    ck_assert_uint_eq(g->merges[0].c1, 3);
    /* formulas' cached results: a number, a text from its STRING record
     * (after a SHRFMLA), TRUE, #DIV/0!; the empty text is an empty cell */
    ck_assert(cell(g, 1, 0, OV_XL_NUMBER)->num == 12.5);
    ck_assert_str_eq(cell(g, 1, 1, OV_XL_TEXT)->text, "Essex");
    ck_assert(cell(g, 1, 2, OV_XL_BOOL)->num == 1);
    ck_assert_str_eq(cell(g, 1, 3, OV_XL_ERROR)->text, "#DIV/0!");
    ck_assert_ptr_null(ov_xl_grid_at(g, 1, 4));
    /* BOOLERR: FALSE and #N/A */
    ck_assert(cell(g, 2, 0, OV_XL_BOOL)->num == 0);
    ck_assert_str_eq(cell(g, 2, 1, OV_XL_ERROR)->text, "#N/A");
    /* a custom "dd/mm/yyyy" (FORMAT record, id 164): 2019-01-01 */
    ck_assert(cell(g, 2, 2, OV_XL_DATE)->num == 17897);
    /* shown texts of "#,##0.00" and "0.00%", as for XLSX */
    x = ov_xl_grid_at(g, 2, 3);
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq(x->kind, OV_XL_NUMBER);
    ck_assert(x->num == 5516.65);
    ck_assert_str_eq(x->shown, "5,516.65");
    x = ov_xl_grid_at(g, 2, 4);
    ck_assert_ptr_nonnull(x);
    ck_assert(x->num == 0.125);
    ck_assert_str_eq(x->shown, "12.50%");
    /* MULRK: a float, an integer divided by 100, a negative integer */
    ck_assert(cell(g, 3, 0, OV_XL_NUMBER)->num == 1.5);
    ck_assert(cell(g, 3, 1, OV_XL_NUMBER)->num == 12.34);
    ck_assert(cell(g, 3, 2, OV_XL_NUMBER)->num == -3);
    ck_assert_str_eq(cell(g, 3, 3, OV_XL_TEXT)->text, "Label text");
    /* a formula's date */
    ck_assert(cell(g, 3, 4, OV_XL_DATE)->num == 11089);
    /* the SST cut across CONTINUE records */
    ck_assert_str_eq(cell(g, 4, 0, OV_XL_TEXT)->text, "Split across records");
    ck_assert_str_eq(cell(g, 4, 1, OV_XL_TEXT)->text,
                     "Z\xc3\xbcrich \xe2\x80\x93 S\xc3\xbc"
                     "d");
    ck_assert_str_eq(cell(g, 4, 2, OV_XL_TEXT)->text, "Rich");
    ck_assert_str_eq(cell(g, 4, 3, OV_XL_TEXT)->text, "Kanji");
    ck_assert_uint_eq(g->ncells, 19);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_sheet_kinds)
{
    ov_xl_book *b = open_ok(FIXTURE("sheets.xls"));
    struct ov_xl_grid *g;
    const char *text;

    /* a hidden worksheet and a chart sheet are listed, a VBA module not */
    ck_assert_uint_eq(ov_xl_nsheets(b), 2);
    ck_assert_str_eq(ov_xl_sheet_name(b, 0), "Data");
    ck_assert_str_eq(ov_xl_sheet_name(b, 1), "Chart1");
    g = read_ok(b, 0);
    /* the embedded chart's NUMBER (99 at A1) is not the sheet's */
    ck_assert_uint_eq(g->ncells, 2);
    ck_assert(cell(g, 0, 0, OV_XL_NUMBER)->num == 1);
    /* a LABEL cut across a CONTINUE record, compressed then UTF-16, with a
     * character beyond the BMP (U+1F46E, a surrogate pair); xlrd 1.2 stops
     * at the cut */
    text = cell(g, 1, 0, OV_XL_TEXT)->text;
    ck_assert_uint_eq(strlen(text), 11 * 30 + 4 + 8);
    ck_assert_int_eq(strncmp(text, "Complaints Complaints ", 22), 0);
    ck_assert_str_eq(text + 11 * 30, "\xf0\x9f\x91\xae officer");
    ov_xl_grid_free(g);
    /* a chart sheet has no cells */
    g = read_ok(b, 1);
    ck_assert_uint_eq(g->ncells, 0);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_hostile_dimensions)
{
    /* DIMENSIONS claims 65536 x 256 (16.7 million cells) around one cell:
     * the grid holds one */
    ov_xl_book *b = open_ok(FIXTURE("hostile_dims.xls"));
    struct ov_xl_grid *g = read_ok(b, 0);

    ck_assert_uint_eq(g->ncells, 1);
    ck_assert_uint_eq(g->row0, 65535);
    ck_assert_uint_eq(g->col0, 255);
    ck_assert_uint_eq(g->nrows, 1);
    ck_assert_uint_eq(g->ncols, 1);
    ck_assert(cell(g, 65535, 255, OV_XL_NUMBER)->num == 1.5);
    ov_xl_grid_free(g);
    ov_xl_close(b);
}
END_TEST

START_TEST(test_interrupt)
{
    ov_xl_book *b = open_ok(FIXTURE("cells.xls"));
    struct ov_xl_grid *g = NULL;
    struct ov_err err;

    ov_interrupt_request();
    ck_assert_int_eq(ov_xl_read(b, 0, &g, &err), OV_EINTR);
    ck_assert_ptr_null(g);
    ov_interrupt_clear();
    ov_xl_close(b);
}
END_TEST

/* ---- damaged files ---- */

START_TEST(test_encrypted)
{
    open_fails(FIXTURE("filepass.xls"),
               "is encrypted (password-protected): open it in Excel or LibreOffice "
               "and save it without a password");
}
END_TEST

/* offset of the first occurrence of needle in hay */
static size_t
find(const unsigned char *hay, size_t n, const void *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return i;
    ck_abort_msg("pattern not found");
    return 0;
}

START_TEST(test_encrypted_and_failing)
{
    /* FILEPASS, then what cannot be read (here a sheet BOF of an unknown
     * version): said to be encrypted, as everything after FILEPASS is */
    static const unsigned char sheet_bof[] = {0x09, 0x08, 0x10, 0x00,
                                              0x00, 0x06, 0x10, 0x00};
    size_t n, at;
    unsigned char *x = slurp(FIXTURE("filepass.xls"), &n);

    at = find(x, n, sheet_bof, sizeof sheet_bof);
    x[at + 5] = 0x07;
    open_fails(spill("fp_bad.xls", x, n), "is encrypted (password-protected)");
    free(x);
}
END_TEST

START_TEST(test_truncated)
{
    size_t n, cut;
    unsigned char *x = slurp(FIXTURE("cells.xls"), &n);

    open_fails(spill("cut.xls", x, 2000), "truncated or damaged");
    /* every cut gives an error or a workbook, never a crash */
    for (cut = 0; cut < n; cut += 97) {
        ov_xl_book *b = NULL;
        struct ov_err err;
        const char *p = spill("cut.xls", x, cut);

        if (ov_xl_open(p, &b, &err) == OV_OK) {
            for (size_t i = 0; i < ov_xl_nsheets(b); i++) {
                struct ov_xl_grid *g = NULL;

                if (ov_xl_read(b, i, &g, &err) == OV_OK)
                    ov_xl_grid_free(g);
            }
            ov_xl_close(b);
        } else {
            ck_assert_msg(strstr(err.msg, p) != NULL, "cut at %zu: %s", cut, err.msg);
        }
    }
    free(x);
}
END_TEST

START_TEST(test_garbage_after_header)
{
    size_t n, i;
    unsigned char *x = slurp(FIXTURE("cells.xls"), &n);
    unsigned int seed = 12345;

    for (i = 512; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (unsigned char)(seed >> 16);
    }
    open_fails(spill("garbage.xls", x, n), "damaged");
    free(x);
}
END_TEST

START_TEST(test_no_workbook_stream)
{
    /* an OLE2 file whose only stream is not called Workbook: a Word
     * document, say */
    static const unsigned char name[] = "W\0o\0r\0k\0b\0o\0o\0k\0";
    size_t n, at;
    unsigned char *x = slurp(FIXTURE("cells.xls"), &n);

    at = find(x, n, name, sizeof name - 1);
    memcpy(x + at, "D\0o\0c\0u\0m\0e\0n\0t\0", 16);
    open_fails(spill("doc.xls", x, n), "no Excel workbook inside");
    free(x);
}
END_TEST

START_TEST(test_bad_bof)
{
    /* the workbook's first BOF names an Excel version that does not exist */
    static const unsigned char globals_bof[] = {0x09, 0x08, 0x10, 0x00,
                                                0x00, 0x06, 0x05, 0x00};
    size_t n, at;
    unsigned char *x = slurp(FIXTURE("cells.xls"), &n);

    at = find(x, n, globals_bof, sizeof globals_bof);
    x[at + 5] = 0x09;
    open_fails(spill("bof.xls", x, n), "names version 0x0900, not BIFF8");
    free(x);
}
END_TEST

START_TEST(test_opener_not_xls)
{
    /* the opener itself, given what xl.c's sniffing would not send it: a
     * CSV file, and nothing */
    static const unsigned char csv[] = "force,officers\nEssex,3310\n";
    ov_xl_book b;
    struct ov_err err;

    memset(&b, 0, sizeof b);
    b.format = OV_XL_XLS;
    b.path = (char *)spill("data.xls", csv, sizeof csv - 1);
    ck_assert_int_eq(ov_xl_xls_open(&b, &err), OV_EPARSE);
    ck_assert_msg(strstr(err.msg, "not an Excel .xls file") != NULL, "%s", err.msg);
    ck_assert_ptr_null(b.impl);
    ck_assert_ptr_null(b.names);
    b.path = (char *)ov_testdir_path("absent.xls");
    ck_assert_int_eq(ov_xl_xls_open(&b, &err), OV_EIO);
    ck_assert_msg(strstr(err.msg, "cannot open") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_older_versions)
{
    /* BIFF2 to BIFF4 are bare record streams, BIFF5 an OLE2 "Book" */
    static const unsigned char biff2[] = {0x09, 0x00, 0x04, 0x00,
                                          0x02, 0x00, 0x10, 0x00};
    ov_xl_book b;
    struct ov_err err;

    open_fails(FIXTURE("biff5.xls"), "an Excel 5.0 or 95 (BIFF5) workbook");
    open_fails(FIXTURE("biff5.xls"), "save it as .xlsx or .ods");
    memset(&b, 0, sizeof b);
    b.format = OV_XL_XLS;
    b.path = (char *)spill("old.xls", biff2, sizeof biff2);
    ck_assert_int_eq(ov_xl_xls_open(&b, &err), OV_EPARSE);
    ck_assert_msg(strstr(err.msg, "an Excel 2.x (BIFF2) workbook") != NULL, "%s",
                  err.msg);
    ck_assert_msg(strstr(err.msg, b.path) != NULL, "%s", err.msg);
    ck_assert_ptr_null(b.impl);
}
END_TEST

START_TEST(test_freexl_crash)
{
    /* libfreexl 1.0.6 read past a stack buffer on this (fuzzing); libgsf
     * and glib print nothing about it either: stderr goes to a file */
    ov_xl_book *b = NULL;
    struct ov_err err;
    const char *p = OV_FUZZ_DIR "/regressions/xls/iconv-stack-underflow.xls";
    char errpath[1024];
    int saved = dup(2), fd;
    size_t n;
    unsigned char *said;

    /* ov_testdir_path's buffer is reused by spill() */
    snprintf(errpath, sizeof errpath, "%s", ov_testdir_path("stderr.txt"));
    fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_ge(dup2(fd, 2), 0);
    close(fd);

    if (ov_xl_open(p, &b, &err) == OV_OK) {
        for (size_t i = 0; i < ov_xl_nsheets(b); i++) {
            struct ov_xl_grid *g = NULL;

            if (ov_xl_read(b, i, &g, &err) == OV_OK)
                ov_xl_grid_free(g);
            else
                ck_assert_msg(strstr(err.msg, p) != NULL, "%s", err.msg);
        }
        ov_xl_close(b);
    } else {
        ck_assert_msg(strstr(err.msg, p) != NULL, "%s", err.msg);
        ck_assert_msg(strstr(err.msg, "damaged") != NULL, "%s", err.msg);
    }
    /* a damaged container in the middle too */
    {
        unsigned char *x = slurp(FIXTURE("cells.xls"), &n);

        memset(x + 512, 0xAB, 512);
        ck_assert_int_ne(ov_xl_open(spill("fat.xls", x, n), &b, &err), OV_OK);
        free(x);
    }
    fflush(stderr);
    ck_assert_int_ge(dup2(saved, 2), 0);
    close(saved);
    said = slurp(errpath, &n);
    ck_assert_msg(n == 0, "printed on stderr: %.*s", (int)n, said);
    free(said);
}
END_TEST

/* the error of reading sheet 0 of a file, which must name it and say want */
static void
read_fails(const char *path, const char *want)
{
    ov_xl_book *b = open_ok(path);
    struct ov_xl_grid *g = NULL;
    struct ov_err err;

    ck_assert_int_ne(ov_xl_read(b, 0, &g, &err), OV_OK);
    ck_assert_ptr_null(g);
    ck_assert_msg(strstr(err.msg, path) != NULL, "no file named in: %s", err.msg);
    ck_assert_msg(strstr(err.msg, want) != NULL, "'%s' not in: %s", want, err.msg);
    ov_xl_close(b);
}

START_TEST(test_damaged_records)
{
    /* LABELSST of string 0 in cell A5 of results.xls */
    static const unsigned char a5[] = {0xFD, 0x00, 0x0A, 0x00, 0x04, 0x00,
                                       0x00, 0x00, 0x0F, 0x00, 0x00, 0x00};
    static const unsigned char sst_count[] = {0xFC, 0x00};
    static const unsigned char eof_sheet[] = {0x0A, 0x00, 0x00, 0x00};
    size_t n, at;
    unsigned char *x = slurp(FIXTURE("results.xls"), &n);
    unsigned char *y = malloc(n);

    ck_assert_ptr_nonnull(y);
    /* a shared string that does not exist */
    memcpy(y, x, n);
    at = find(y, n, a5, sizeof a5);
    y[at + 10] = 0x09;
    read_fails(spill("sst_index.xls", y, n),
               "cell A5: the .xls file is damaged: shared string 9 does not exist");
    /* an SST claiming more strings than it holds */
    memcpy(y, x, n);
    at = find(y, n, sst_count, sizeof sst_count);
    y[at + 8] = 0x05;
    open_fails(spill("sst_count.xls", y, n),
               "damaged: its shared string table (SST) ends inside string 5");
    /* the sheet's EOF gone: its records run into the padding's end */
    memcpy(y, x, n);
    at = find(y + n - 600, 600, eof_sheet, sizeof eof_sheet) + n - 600;
    memset(y + at, 0, 4);
    read_fails(spill("no_eof.xls", y, n), "the .xls file is damaged");
    free(y);
    free(x);
}
END_TEST

START_TEST(test_overwritten_bytes)
{
    /* each byte of the workbook stream in turn set to 0xFF: an error naming
     * the file or a workbook, never a crash (ASan and valgrind check the
     * reads) */
    size_t n;
    unsigned char *x = slurp(FIXTURE("results.xls"), &n);

    for (size_t i = 1536; i < n; i += 3) {
        unsigned char keep = x[i];
        ov_xl_book *b = NULL;
        struct ov_err err;
        const char *p;

        x[i] = 0xFF;
        p = spill("flip.xls", x, n);
        x[i] = keep;
        if (ov_xl_open(p, &b, &err) != OV_OK) {
            ck_assert_msg(strstr(err.msg, p) != NULL, "byte %zu: %s", i, err.msg);
            continue;
        }
        for (size_t k = 0; k < ov_xl_nsheets(b); k++) {
            struct ov_xl_grid *g = NULL;

            if (ov_xl_read(b, k, &g, &err) == OV_OK)
                ov_xl_grid_free(g);
            else
                ck_assert_msg(strstr(err.msg, p) != NULL, "byte %zu: %s", i, err.msg);
        }
        ov_xl_close(b);
    }
    free(x);
}
END_TEST

/* ---- the Chicago FOIA workbooks ----
 * Expected values are xlrd 1.2's (Debian python3-xlrd), computed once with
 *   b = xlrd.open_workbook(path); s = b.sheet_by_index(i)
 *   non-empty: cells whose ctype is not XL_CELL_EMPTY/BLANK (none is a
 *   text of ""); the used range from the first to the last such row and
 *   column; s.cell(r, c).value for the cells named, float.hex() for bits.
 */

static const char *
shared(const char *name)
{
    static char path[2048];
    const char *dir = getenv("OV_SHARED_DATA");

    snprintf(path, sizeof path, "%s/spreadsheets/%s",
             dir != NULL && *dir != '\0' ? dir : OV_TEST_DATA "/../../../shared/data",
             name);
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "check_xls: skipped, %s is absent\n", path);
        return NULL;
    }
    return path;
}

struct expect_sheet {
    const char *name;
    uint32_t nrows, ncols;
    size_t ncells;
};

static double
seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* opens the file, checks every sheet against xlrd's, returns sheet 0 */
static struct ov_xl_grid *
check_book(const char *path, const struct expect_sheet *e, size_t n)
{
    double t0 = seconds();
    ov_xl_book *b = open_ok(path);
    struct ov_xl_grid *first = NULL;

    ck_assert_uint_eq(ov_xl_nsheets(b), n);
    for (size_t i = 0; i < n; i++) {
        struct ov_xl_grid *g = read_ok(b, i);

        ck_assert_str_eq(ov_xl_sheet_name(b, i), e[i].name);
        ck_assert_uint_eq(g->ncells, e[i].ncells);
        ck_assert_uint_eq(g->nrows, e[i].nrows);
        ck_assert_uint_eq(g->ncols, e[i].ncols);
        if (g->ncells > 0) {
            ck_assert_uint_eq(g->row0, 0);
            ck_assert_uint_eq(g->col0, 0);
        }
        if (i == 0)
            first = g;
        else
            ov_xl_grid_free(g);
    }
    ov_xl_close(b);
    fprintf(stderr, "check_xls: %s: every sheet read in %.3f s\n", path,
            seconds() - t0);
    return first;
}

START_TEST(test_ipra)
{
    static const struct expect_sheet e[] = {
        {"Sheet1", 150, 14, 1043}, {"Sheet2", 0, 0, 0}, {"Sheet3", 0, 0, 0}};
    const char *path = shared("IPRA Investigators' Info.xls");
    struct ov_xl_grid *g;

    if (path == NULL)
        return;
    g = check_book(path, e, 3);
    ck_assert_str_eq(cell(g, 0, 0, OV_XL_TEXT)->text, "Badge #");
    ck_assert(cell(g, 1, 0, OV_XL_NUMBER)->num == 1);
    /* K5: serial 26592, 1972-10-20; K150: 42451, 2016-03-22 */
    ck_assert(cell(g, 4, 10, OV_XL_DATE)->num == 1023);
    ck_assert(cell(g, 149, 10, OV_XL_DATE)->num == 16882);
    ov_xl_grid_free(g);
}
END_TEST

START_TEST(test_p046957)
{
    static const struct expect_sheet e[] = {{"Sheet1", 19975, 11, 38389}};
    const char *path =
        shared("p046957_-_report_5.1_-_complainant_(reporting_party)_data.xls");
    struct ov_xl_grid *g;

    if (path == NULL)
        return;
    g = check_book(path, e, 1);
    /* K1: the report's date, serial 42672, 2016-10-29 */
    ck_assert(cell(g, 0, 10, OV_XL_DATE)->num == 17103);
    /* A11: a complaint number stored as text stays text */
    ck_assert_str_eq(cell(g, 10, 0, OV_XL_TEXT)->text, "1000000");
    /* D12: an age in years, 48.76712328767123 to the last bit */
    ck_assert(cell(g, 11, 3, OV_XL_NUMBER)->num == 0x1.86231188c4623p+5);
    ck_assert_str_eq(cell(g, 19974, 2, OV_XL_TEXT)->text, "F");
    ck_assert(cell(g, 19974, 3, OV_XL_NUMBER)->num == 49.21369863013699);
    ov_xl_grid_free(g);
}
END_TEST

Suite *
make_xls_suite(void)
{
    Suite *s = suite_create("xls");
    TCase *tc = tcase_create("fixtures");
    TCase *bad = tcase_create("damaged");
    TCase *real = tcase_create("chicago");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_fixture_cells);
    tcase_add_test(tc, test_fixture_1904);
    tcase_add_test(tc, test_results);
    tcase_add_test(tc, test_sheet_kinds);
    tcase_add_test(tc, test_hostile_dimensions);
    tcase_add_test(tc, test_interrupt);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_add_test(bad, test_encrypted);
    tcase_add_test(bad, test_encrypted_and_failing);
    tcase_add_test(bad, test_truncated);
    tcase_add_test(bad, test_garbage_after_header);
    tcase_add_test(bad, test_no_workbook_stream);
    tcase_add_test(bad, test_bad_bof);
    tcase_add_test(bad, test_opener_not_xls);
    tcase_add_test(bad, test_older_versions);
    tcase_add_test(bad, test_freexl_crash);
    tcase_add_test(bad, test_damaged_records);
    tcase_add_test(bad, test_overwritten_bytes);
    suite_add_tcase(s, bad);
    tcase_add_test(real, test_ipra);
    tcase_add_test(real, test_p046957);
    suite_add_tcase(s, real);
    return s;
}
