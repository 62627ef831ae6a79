/*
 * check_fastpath.c - the loader's hand field splitter (ov_scan_fields)
 * proven against libcsv, the parser of record, on every file there is:
 * tests/data, the csv-spectrum cases and every CSV in ../shared/data
 * (skipped with a note when absent), and the fuzz corpus (check_fuzz.c
 * replays fuzz/seeds/fastpath and fuzz/regressions/fastpath through the
 * same target). Each file is split under each delimiter by both and the
 * fields and rows compared; and loaded with OV_CSV_FASTPATH=0 and without,
 * whole and in small blocks, and every cell, code, name, type, report
 * figure, note, provenance fact and rejected row compared.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loader.h"
#include "suites.h"
#include "targets.h"

#define MAX_FILES 1024

static char *files[MAX_FILES];
static size_t nfiles;

static bool
is_csvish(const char *name)
{
    static const char *const ext[] = {".csv", ".tsv", ".txt", ".gz", ".CSV"};
    size_t n = strlen(name), k;

    for (k = 0; k < sizeof ext / sizeof ext[0]; k++) {
        size_t e = strlen(ext[k]);

        if (n > e && strcmp(name + n - e, ext[k]) == 0)
            return true;
    }
    return false;
}

/* every CSV-like file under dir, depth first, in name order */
static void
collect(const char *dir)
{
    struct dirent **list;
    int n, i;

    n = scandir(dir, &list, NULL, alphasort);
    if (n < 0)
        return;
    for (i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;

        if (list[i]->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
            if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
                collect(path);
            else if (S_ISREG(sb.st_mode) && is_csvish(list[i]->d_name) &&
                     nfiles < MAX_FILES)
                files[nfiles++] = strdup(path);
        }
        free(list[i]);
    }
    free(list);
}

static unsigned char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The most bytes split at once besides the whole file under its own
 * comma: a splitter that agrees with libcsv on a 2 MB window agrees on
 * any (it keeps no state past a row), and the other delimiters and the
 * slices over every byte of the largest files made this test take minutes
 * under the sanitizers. test_same_load still reads every file whole. */
#define WINDOW ((size_t)2 << 20)

static uint64_t
next(uint64_t *x)
{
    *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
    return *x;
}

START_TEST(test_same_fields)
{
    static const char delims[] = {',', '\t', ';', '|'};
    char why[512];
    size_t len, k, s;
    unsigned char *data = read_all(files[_i], &len);
    uint64_t x = 0x9E3779B97F4A7C15ull ^ len;

    for (k = 0; k < sizeof delims; k++) {
        size_t a = 0, n = len;

        /* the whole file under a comma; under the others, all of a small
         * file or a window of a large one */
        if (k > 0 && len > WINDOW) {
            a = (size_t)(next(&x) % (len - WINDOW + 1));
            n = WINDOW;
        }
        ck_assert_msg(ov_fastpath_same_fields(data + a, n, delims[k], why, sizeof why),
                      "%s [%zu, %zu): %s", files[_i], a, a + n, why);
        /* slices starting and ending anywhere: inside quotes, mid-row */
        for (s = 0; s < 4 && len > 0; s++) {
            size_t b;

            a = (size_t)(next(&x) % len);
            b = a + (size_t)(next(&x) % ((len - a < WINDOW ? len - a : WINDOW) + 1));
            ck_assert_msg(
                ov_fastpath_same_fields(data + a, b - a, delims[k], why, sizeof why),
                "%s [%zu, %zu): %s", files[_i], a, b, why);
        }
    }
    free(data);
}
END_TEST

START_TEST(test_same_load)
{
    struct ov_load_opts o;
    char why[1024];
    struct stat sb;

    ck_assert_int_eq(stat(files[_i], &sb), 0);
    ov_load_opts_init(&o);
    o.threads = 2;
    ck_assert_msg(ov_fastpath_same_load(files[_i], &o, why, sizeof why), "%s", why);
    /* many chunks, cut at row ends, and ragged rows kept as rejects */
    o.block_size = sb.st_size < ((off_t)4 << 20) ? 4096 : (size_t)1 << 20;
    o.on_ragged = OV_RAGGED_SKIP;
    ck_assert_msg(ov_fastpath_same_load(files[_i], &o, why, sizeof why), "%s", why);
    o.on_ragged = OV_RAGGED_PAD;
    o.header = OV_HEADER_NONE;
    o.threads = 1;
    ck_assert_msg(ov_fastpath_same_load(files[_i], &o, why, sizeof why), "%s", why);
}
END_TEST

START_TEST(test_found_files)
{
    /* tests/data alone has a score of CSV files: the list cannot be empty */
    ck_assert_uint_ge(nfiles, 15);
}
END_TEST

Suite *
make_fastpath_suite(void)
{
    Suite *s = suite_create("fastpath");
    TCase *tc = tcase_create("libcsv");
    const char *shared = getenv("OV_SHARED_DATA");
    char dir[4096];
    struct stat sb;

    if (nfiles == 0) {
        collect(OV_TEST_DATA);
        snprintf(dir, sizeof dir, "%s",
                 shared != NULL && *shared != '\0' ? shared
                                                   : OV_TEST_DATA
                     "/../../../shared/data");
        if (stat(dir, &sb) == 0)
            collect(dir);
        else
            fprintf(stderr, "fastpath: %s absent: only tests/data compared\n", dir);
    }
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_found_files);
    tcase_add_loop_test(tc, test_same_fields, 0, (int)nfiles);
    tcase_add_loop_test(tc, test_same_load, 0, (int)nfiles);
    suite_add_tcase(s, tc);
    return s;
}
