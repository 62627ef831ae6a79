/*
 * check_fuzz.c - every input in fuzz/regressions (each once crashed a fuzz
 * target, see fuzz/README.md) and every seed in fuzz/seeds, replayed
 * through the same target code the fuzzers run (fuzz/targets.c). Under
 * --enable-asan this is where an old crash would show again.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "targets.h"

typedef int (*target_fn)(const uint8_t *, size_t);

static const struct {
    const char *name;
    target_fn fn;
} targets[] = {
    {"loader", ov_fuzz_loader},     {"expr", ov_fuzz_expr}, {"claim", ov_fuzz_claim},
    {"ods", ov_fuzz_ods},           {"xlsx", ov_fuzz_xlsx}, {"xls", ov_fuzz_xls},
    {"fastpath", ov_fuzz_fastpath},
};
#define NTARGETS (sizeof targets / sizeof targets[0])

static unsigned char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
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

/* runs every file of fuzz/KIND/TARGET through the target; returns how many */
static int
replay(const char *kind, size_t t)
{
    char dir[1024], path[2048];
    DIR *d;
    struct dirent *e;
    int n = 0;

    snprintf(dir, sizeof dir, "%s/%s/%s", OV_FUZZ_DIR, kind, targets[t].name);
    d = opendir(dir);
    /* git keeps no empty folder: a target with no regression has none */
    if (d == NULL && strcmp(kind, "regressions") == 0)
        return 0;
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    while ((e = readdir(d)) != NULL) {
        unsigned char *data;
        size_t len;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        data = read_all(path, &len);
        ck_assert_int_eq(targets[t].fn(data, len), 0);
        free(data);
        n++;
    }
    closedir(d);
    ov_fuzz_cleanup();
    return n;
}

START_TEST(test_regressions)
{
    /* a target with no regression yet replays nothing; that is fine */
    replay("regressions", (size_t)_i);
}
END_TEST

START_TEST(test_seeds)
{
    ck_assert_int_gt(replay("seeds", (size_t)_i), 3);
}
END_TEST

START_TEST(test_claim_regressions_exist)
{
    /* the claim parser's out-of-bounds read at "N out of" ending the
     * token list, found by make fuzz in its first minute */
    char dir[1024];
    DIR *d;

    snprintf(dir, sizeof dir, "%s/regressions/claim", OV_FUZZ_DIR);
    d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    closedir(d);
    ck_assert_int_ge(replay("regressions", 2), 2);
}
END_TEST

Suite *
make_fuzz_suite(void)
{
    Suite *s = suite_create("fuzz");
    TCase *tc = tcase_create("replay");

    tcase_add_loop_test(tc, test_regressions, 0, (int)NTARGETS);
    tcase_add_loop_test(tc, test_seeds, 0, (int)NTARGETS);
    tcase_add_test(tc, test_claim_regressions_exist);
    suite_add_tcase(s, tc);
    return s;
}
