/*
 * check_torture.c - the loader fed what nobody should feed it, at sizes
 * where the block and thread machinery is in play: a UTF-8 sequence cut
 * short, NUL bytes, a 100 MB field, 100,000 columns, a quote never closed,
 * CRLF and LF mixed, a file rewritten while it is read, bad files and
 * Ctrl-C that must give the same message whatever the thread count, and
 * things that are not CSV files at all (a directory, /dev/zero, a FIFO,
 * binary data). Each gives a table or an error naming the place, never a
 * crash or a hang; make check runs this under ASan and UBSan in CI.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dict.h"
#include "loader.h"
#include "ov_mem.h"
#include "suites.h"
#include "testdir.h"
#include "table.h"

static void
setup(void)
{
    ov_testdir_make("torture");
}

static void
teardown(void)
{
    ov_testdir_remove();
}

static const char *
path_of(const char *name)
{
    return ov_testdir_path(name);
}

/* a file written piece by piece */
static FILE *
create(const char *name)
{
    FILE *f = fopen(path_of(name), "wb");

    ck_assert_ptr_nonnull(f);
    return f;
}

static void
done(FILE *f)
{
    ck_assert_int_eq(fclose(f), 0);
}

/* blocks of 64 KiB instead of 4 MiB: a file of a megabyte or two goes
 * through all the machinery of a big one */
#define SMALL_BLOCK ((size_t)64 << 10)

/* loads with n threads; returns the status, the table in *t (or NULL) */
static ov_status
load(const char *name, int threads, ov_table **t, struct ov_err *err)
{
    struct ov_load_opts o;

    ov_load_opts_init(&o);
    o.threads = threads;
    *t = NULL;
    return ov_load_csv(path_of(name), &o, t, NULL, err);
}

/* the text of a string cell */
static const char *
text_at(const ov_table *t, size_t col, size_t row, size_t *len)
{
    const ov_column *c = ov_table_col(t, col);

    ck_assert_int_eq(c->type, OV_STRING);
    return ov_dict_str(c->dict, ov_column_code(c, row), len);
}

static void
assert_error(ov_status st, const struct ov_err *err, ov_status want, const char *part)
{
    ck_assert_int_eq(st, want);
    ck_assert_msg(strstr(err->msg, part) != NULL, "expected '%s' in: %s", part,
                  err->msg);
}

/* ---- a UTF-8 sequence cut short, deep in a file read in blocks ---- */

START_TEST(test_truncated_utf8)
{
    FILE *f = create("u.csv");
    ov_table *t;
    struct ov_err err;
    long i;

    fputs("id,name\n", f);
    for (i = 1; i <= 300000; i++)
        fprintf(f, "%ld,%s\n", i,
                i == 200000 ? "Jos\xC3" : "Jos\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
    done(f);
    /* the file is read in blocks by two threads; the error still names
     * the line (the header is line 1) */
    assert_error(load("u.csv", 2, &t, &err), &err, OV_EPARSE, "u.csv:200001:");
    ck_assert_ptr_nonnull(strstr(err.msg, "invalid UTF-8"));
    ck_assert_ptr_null(t);

    /* and cut off by the end of the file */
    f = create("u2.csv");
    fputs("name\nok\n\xE2\x80", f);
    done(f);
    assert_error(load("u2.csv", 1, &t, &err), &err, OV_EPARSE,
                 "u2.csv:3:1: invalid UTF-8");
}
END_TEST

/* ---- NUL bytes ---- */

START_TEST(test_nul_bytes)
{
    FILE *f = create("z.csv");
    ov_table *t;
    struct ov_err err;
    long i;

    fputs("id,v\n", f);
    for (i = 1; i <= 200000; i++) {
        if (i == 150000)
            fwrite("7,a\0b\n", 1, 6, f);
        else
            fprintf(f, "%ld,value %ld\n", i, i);
    }
    done(f);
    assert_error(load("z.csv", 2, &t, &err), &err, OV_EPARSE,
                 "z.csv:150001:4: NUL byte");

    /* a megabyte of NUL bytes, with no line end to stop at */
    f = create("zeros.csv");
    for (i = 0; i < 1 << 20; i++)
        fputc(0, f);
    done(f);
    assert_error(load("zeros.csv", 2, &t, &err), &err, OV_EPARSE,
                 "zeros.csv:1:1: NUL byte");

    /* /dev/zero never ends: the loader must stop at the first block */
    t = NULL;
    {
        struct ov_load_opts o;
        ov_status st;

        ov_load_opts_init(&o);
        st = ov_load_csv("/dev/zero", &o, &t, NULL, &err);
        assert_error(st, &err, OV_EPARSE, "/dev/zero:1:1: NUL byte");
    }
}
END_TEST

/* ---- a 100 MB field ---- */

START_TEST(test_huge_field)
{
    FILE *f = create("big.csv");
    ov_table *t;
    struct ov_err err;
    static char chunk[1 << 16];
    size_t i, len;
    const char *s;
    const size_t total = (size_t)100 << 20;

    memset(chunk, 'x', sizeof chunk);
    /* a quote and a line end inside the field, near its start */
    memcpy(chunk, "\"\"q\"\"\nx", 7);
    fputs("id,text\n1,\"", f);
    for (i = 0; i < total / sizeof chunk; i++)
        ck_assert_uint_eq(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    fputs("\"\n2,short\n", f);
    done(f);
    ck_assert_int_eq(load("big.csv", 2, &t, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    s = text_at(t, 1, 0, &len);
    /* each block holds one "" (read as ") */
    ck_assert_uint_eq(len, total - 2 * (total / sizeof chunk));
    ck_assert_int_eq(memcmp(s, "\"q\"\nx", 5), 0);
    ck_assert_int_eq(s[len - 1], 'x');
    s = text_at(t, 1, 1, &len);
    ck_assert_str_eq(s, "short");
    ov_table_free(t);
}
END_TEST

/* ---- the longest field or row, made small enough to test ---- */

START_TEST(test_field_limit)
{
    FILE *f = create("l.csv");
    struct ov_load_opts o;
    ov_table *t = NULL;
    struct ov_err err;
    int i;

    fputs("a,b\n1,short\n2,\"", f);
    for (i = 0; i < 5000; i++)
        fputc('y', f);
    fputs("\"\n", f);
    done(f);
    ov_load_opts_init(&o);
    o.max_field = 1000;
    o.threads = 1;
    assert_error(ov_load_csv(path_of("l.csv"), &o, &t, NULL, &err), &err, OV_ERANGE,
                 "l.csv:3:");
    ck_assert_ptr_nonnull(strstr(err.msg, "longer than 1000"));
    ck_assert_ptr_null(t);

    /* a header longer than the limit */
    f = create("h.csv");
    for (i = 0; i < 5000; i++)
        fputs("c,", f);
    fputs("c\n", f);
    done(f);
    assert_error(ov_load_csv(path_of("h.csv"), &o, &t, NULL, &err), &err, OV_ERANGE,
                 "h.csv:1: the first row is longer than");
    o.max_field = 0;
    ck_assert_int_eq(ov_load_csv(path_of("h.csv"), &o, &t, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_ncols(t), 5001);
    ov_table_free(t);
}
END_TEST

/* ---- 100,000 columns, and one more ---- */

static void
wide(const char *name, int ncols)
{
    FILE *f = create(name);
    int i;

    for (i = 1; i <= ncols; i++)
        fprintf(f, "c%d%c", i, i < ncols ? ',' : '\n');
    for (i = 1; i <= ncols; i++)
        fprintf(f, "%d%c", i, i < ncols ? ',' : '\n');
    done(f);
}

START_TEST(test_wide)
{
    ov_table *t;
    struct ov_err err;
    const ov_column *c;

    wide("w.csv", 100000);
    ck_assert_int_eq(load("w.csv", 2, &t, &err), OV_OK);
    ck_assert_uint_eq(ov_table_ncols(t), 100000);
    ck_assert_uint_eq(ov_table_nrows(t), 1);
    ck_assert_str_eq(ov_table_colname(t, 99999), "c100000");
    c = ov_table_col(t, 99999);
    ck_assert_int_eq(c->type, OV_INT);
    ck_assert_int_eq(c->data.i64[0], 100000);
    ov_table_free(t);

    wide("w2.csv", 100001);
    assert_error(load("w2.csv", 2, &t, &err), &err, OV_ERANGE, "w2.csv:1:");
    ck_assert_ptr_nonnull(strstr(err.msg, "100001"));
    ck_assert_ptr_null(t);
}
END_TEST

/* ---- a quote opened and never closed, early in a big file ---- */

START_TEST(test_unterminated_quote)
{
    FILE *f = create("q.csv");
    ov_table *t;
    struct ov_err err;
    long i;

    fputs("id,text\n", f);
    for (i = 1; i <= 200000; i++)
        fprintf(f, "%ld,%s\n", i, i == 9 ? "\"opened here" : "plain text");
    done(f);
    assert_error(load("q.csv", 2, &t, &err), &err, OV_EPARSE,
                 "the quote opened at line 10, column 3 is never closed");
    ck_assert_ptr_null(t);
}
END_TEST

/* ---- CRLF and LF mixed ---- */

START_TEST(test_mixed_line_ends)
{
    FILE *f = create("m.csv");
    ov_table *t;
    struct ov_err err;
    long i;
    size_t r, len;

    fputs("id,text\r\n", f);
    for (i = 1; i <= 300000; i++)
        fprintf(f, "%ld,t%ld%s", i, i % 7, i % 3 == 0 ? "\n" : "\r\n");
    done(f);
    ck_assert_int_eq(load("m.csv", 2, &t, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 300000);
    ck_assert_int_eq(ov_table_col(t, 0)->type, OV_INT);
    for (r = 0; r < 300000; r += 997) {
        const char *s = text_at(t, 1, r, &len);

        ck_assert_uint_eq(len, 2);
        ck_assert_int_eq(s[0], 't');
        ck_assert_int_eq(s[1], '0' + (int)((r + 1) % 7));
    }
    ov_table_free(t);
}
END_TEST

/* ---- a file rewritten while it is read ---- */

struct changer {
    const char *path;
    atomic_int started; /* the load has read its first block */
    atomic_int stop;
};

static void
load_started(void *ctx, uint64_t done_bytes, uint64_t total)
{
    (void)done_bytes;
    (void)total;
    atomic_store(&((struct changer *)ctx)->started, 1);
}

static void *
change_file(void *arg)
{
    struct changer *c = arg;
    unsigned n = 0;

    while (!atomic_load(&c->started) && !atomic_load(&c->stop))
        usleep(100);
    while (!atomic_load(&c->stop)) {
        int fd = open(c->path, O_WRONLY);

        if (fd < 0)
            break;
        switch (n++ % 3) {
        case 0: /* cut it short */
            ck_assert_int_eq(ftruncate(fd, 1 << 20), 0);
            break;
        case 1: /* garbage in the middle, of another shape */
            (void)!pwrite(fd, "\"x\n,,,\0\xFF\n", 10, 3 << 20);
            break;
        default: /* grow it */
            (void)!pwrite(fd, "1,2\n", 4, 40 << 20);
            break;
        }
        close(fd);
        usleep(2000);
    }
    return NULL;
}

START_TEST(test_file_changes_while_read)
{
    int round;

    for (round = 0; round < 6; round++) {
        FILE *f = create("c.csv");
        struct changer ch = {NULL, 0, 0};
        struct ov_load_opts o;
        pthread_t th;
        ov_table *t = NULL;
        struct ov_err err;
        ov_status st;
        long i;

        for (i = 1; i <= 1200000; i++)
            fprintf(f, "%ld,row %ld\n", i, i);
        done(f);
        ch.path = path_of("c.csv");
        ck_assert_int_eq(pthread_create(&th, NULL, change_file, &ch), 0);
        ov_load_opts_init(&o);
        o.threads = round % 2 ? 2 : 1;
        o.progress = load_started;
        o.progress_ctx = &ch;
        st = ov_load_csv(ch.path, &o, &t, NULL, &err);
        atomic_store(&ch.stop, 1);
        pthread_join(th, NULL);
        /* either a table of what was read (the changes came after the
         * load), or an error saying the file changed, never a complaint
         * about the rows a change left behind */
        if (st == OV_OK) {
            ck_assert_uint_ge(ov_table_ncols(t), 1);
            ov_table_free(t);
        } else {
            ck_assert_msg(
                strstr(err.msg, "c.csv: the file changed while it was read") != NULL,
                "%s", err.msg);
        }
    }
}
END_TEST

/* ---- a file changed while it is read, at a known moment ---- */

enum change { CUT_SHORT, REWRITE_MIDDLE, APPEND_ROW, GROW_WITH_HOLE, NCHANGES };

struct change_at_start {
    const char *path;
    enum change how;
    int calls;
};

/* the progress callback runs on the reading thread after each block: on
 * the first, the file changes where it has not been read yet */
static void
change_now(void *ctx, uint64_t done_bytes, uint64_t total)
{
    struct change_at_start *c = ctx;
    int fd;

    (void)done_bytes;
    (void)total;
    if (c->calls++ > 0)
        return;
    fd = open(c->path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    switch (c->how) {
    case CUT_SHORT:
        ck_assert_int_eq(ftruncate(fd, 256 << 10), 0);
        break;
    case REWRITE_MIDDLE: /* the same size, every row still valid */
        ck_assert_int_eq(pwrite(fd, "ROW", 3, (1 << 20) + 5000), 3);
        break;
    case APPEND_ROW: /* a valid row more */
        ck_assert_int_eq(lseek(fd, 0, SEEK_END) > 0, 1);
        ck_assert_int_eq(write(fd, "1,x\n", 4), 4);
        break;
    default:
        ck_assert_int_eq(pwrite(fd, "1,2\n", 4, 4 << 20), 4);
        break;
    }
    close(fd);
}

/* a copy of file `from`, modified an hour ago, so a write now shows */
static void
copy_old(const char *from, const char *to)
{
    static char buf[1 << 20];
    char src[512];
    FILE *in, *out;
    size_t n;
    struct timespec old[2];

    snprintf(src, sizeof src, "%s", path_of(from));
    in = fopen(src, "rb");
    ck_assert_ptr_nonnull(in);
    out = create(to);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    done(out);
    clock_gettime(CLOCK_REALTIME, &old[0]);
    old[0].tv_sec -= 3600;
    old[1] = old[0];
    ck_assert_int_eq(utimensat(AT_FDCWD, path_of(to), old, 0), 0);
}

START_TEST(test_file_changed_is_said)
{
    static const int threads[] = {1, 2};
    FILE *f = create("orig.csv");
    int how, k;
    long i;

    /* 1.6 MB: 25 blocks of 64 KiB, the first read before the change */
    fputs("id,text\n", f);
    for (i = 1; i <= 100000; i++)
        fprintf(f, "%ld,row %ld\n", i, i);
    done(f);
    for (how = 0; how < NCHANGES; how++)
        for (k = 0; k < 2; k++) {
            struct change_at_start c = {NULL, (enum change)how, 0};
            struct ov_load_opts o;
            ov_table *t = NULL;
            struct ov_err err;

            copy_old("orig.csv", "c.csv");
            c.path = path_of("c.csv");
            ov_load_opts_init(&o);
            o.threads = threads[k];
            o.block_size = SMALL_BLOCK;
            o.progress = change_now;
            o.progress_ctx = &c;
            assert_error(ov_load_csv(c.path, &o, &t, NULL, &err), &err, OV_EIO,
                         "c.csv: the file changed while it was read");
            ck_assert_ptr_nonnull(strstr(err.msg, "load it again"));
            ck_assert_ptr_null(t);
        }
}
END_TEST

/* ---- the same error, whatever the number of threads ---- */

static const int thread_counts[] = {1, 2, 3, 8};
#define NTHREAD_COUNTS (sizeof thread_counts / sizeof thread_counts[0])

/* what a load with each thread count says: the same, and it holds `part` */
static void
assert_same_error(const char *name, const struct ov_load_opts *base, ov_status want,
                  const char *part)
{
    char first[OV_ERR_MSG_MAX];
    size_t i;

    for (i = 0; i < NTHREAD_COUNTS; i++) {
        struct ov_load_opts o = *base;
        ov_table *t = NULL;
        struct ov_err err;

        o.threads = thread_counts[i];
        assert_error(ov_load_csv(path_of(name), &o, &t, NULL, &err), &err, want, part);
        ck_assert_ptr_null(t);
        if (i == 0)
            memcpy(first, err.msg, sizeof first);
        else
            ck_assert_msg(strcmp(err.msg, first) == 0, "%d threads: %s\n1 thread: %s",
                          thread_counts[i], err.msg, first);
    }
}

/* rows of "id,some text" (about 30 bytes); line l1 is s1 and l2 is s2
 * instead (the header is line 1) */
static void
rows_with(const char *name, long rows, long l1, const char *s1, long l2, const char *s2)
{
    FILE *f = create(name);
    long l;

    fputs("id,text\n", f);
    for (l = 2; l <= rows + 1; l++) {
        if (l == l1)
            fputs(s1, f);
        else if (l == l2)
            fputs(s2, f);
        else
            fprintf(f, "%ld,some text for row %ld\n", l, l);
    }
    done(f);
}

START_TEST(test_errors_do_not_depend_on_threads)
{
    struct ov_load_opts o;

    ov_load_opts_init(&o);
    o.block_size = SMALL_BLOCK;
    /* 60,000 rows are 1.7 MB, 27 blocks. A bad quote found by the reader
     * near the end, with chunks still queued (they used to count as "out
     * of memory") */
    rows_with("q.csv", 60000, 55000, "1,\"ab\"c\n", 0, NULL);
    assert_same_error("q.csv", &o, OV_EPARSE,
                      "q.csv:55000:7: text after the closing quote");
    /* an earlier ragged row wins over it */
    rows_with("q.csv", 60000, 20000, "short\n", 55000, "1,\"ab\"c\n");
    assert_same_error("q.csv", &o, OV_EPARSE,
                      "q.csv:20000: expected 2 fields, found 1");
    /* a quote never closed, and a ragged row before it */
    rows_with("q.csv", 60000, 55000, "1,\"open\n", 0, NULL);
    assert_same_error("q.csv", &o, OV_EPARSE,
                      "the quote opened at line 55000, column 3 is never closed");
    rows_with("q.csv", 60000, 50000, "1,2,3\n", 55000, "1,\"open\n");
    assert_same_error("q.csv", &o, OV_EPARSE,
                      "q.csv:50000: expected 2 fields, found 3");
    /* invalid UTF-8 a few rows after a ragged row, in the same block */
    rows_with("q.csv", 60000, 30000, "short\n", 30010, "1,Jos\xE9\n");
    assert_same_error("q.csv", &o, OV_EPARSE,
                      "q.csv:30000: expected 2 fields, found 1");
    /* the reader's error in the first block, after a ragged row */
    rows_with("q.csv", 60000, 10, "short\n", 20, "1,\"ab\"c\n");
    assert_same_error("q.csv", &o, OV_EPARSE, "q.csv:10: expected 2 fields, found 1");
}
END_TEST

/* Ctrl-C in the middle of a load read by several threads */
static void
interrupt_now(void *ctx, uint64_t done_bytes, uint64_t total)
{
    int *calls = ctx;

    (void)done_bytes;
    (void)total;
    if (++*calls == 2)
        ov_interrupt_request();
}

START_TEST(test_interrupt_does_not_depend_on_threads)
{
    size_t i;

    rows_with("i.csv", 60000, 0, NULL, 0, NULL);
    for (i = 0; i < NTHREAD_COUNTS; i++) {
        struct ov_load_opts o;
        ov_table *t = NULL;
        struct ov_err err;
        int calls = 0;
        size_t before = ov_mem_used();

        ov_load_opts_init(&o);
        o.threads = thread_counts[i];
        o.block_size = SMALL_BLOCK;
        o.progress = interrupt_now;
        o.progress_ctx = &calls;
        assert_error(ov_load_csv(path_of("i.csv"), &o, &t, NULL, &err), &err, OV_EINTR,
                     "interrupted");
        ck_assert_str_eq(err.msg, "interrupted");
        ck_assert_ptr_null(t);
        ck_assert_uint_eq(ov_mem_used(), before);
        ov_interrupt_clear();
    }
}
END_TEST

/* ---- a first block that ends exactly at a row end ---- */

START_TEST(test_block_ends_on_a_row_end)
{
    FILE *f = create("n.csv");
    long i;
    int k;

    /* 2 + 2 * 2,097,151 bytes = 4 MiB, the size of a block, then one more
     * row: nothing is carried over into the second block */
    fputs("a\n", f);
    for (i = 0; i < 2097152; i++)
        fputs("1\n", f);
    done(f);
    for (k = 1; k <= 2; k++) {
        ov_table *t;
        struct ov_err err;
        const ov_column *c;

        ck_assert_int_eq(load("n.csv", k, &t, &err), OV_OK);
        ck_assert_uint_eq(ov_table_nrows(t), 2097152);
        c = ov_table_col(t, 0);
        ck_assert_int_eq(c->type, OV_INT);
        ck_assert_int_eq(c->data.i64[2097151], 1);
        ov_table_free(t);
    }
}
END_TEST

/* ---- things that are not CSV files ---- */

START_TEST(test_not_csv_files)
{
    ov_table *t = NULL;
    struct ov_err err;
    struct ov_load_opts o;
    FILE *f;
    int i;

    /* (a directory and a missing file: check_loader) */
    ov_load_opts_init(&o);
    assert_error(ov_load_csv("/dev/null", &o, &t, NULL, &err), &err, OV_EPARSE,
                 "the file is empty");

    /* an executable-like binary: NUL bytes early */
    f = create("bin");
    fwrite("\x7f"
           "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
           1, 16, f);
    for (i = 0; i < 4096; i++)
        fputc(i * 7 % 256, f);
    done(f);
    assert_error(load("bin", 1, &t, &err), &err, OV_EPARSE, "bin:1:8: NUL byte");

    /* random bytes with no NUL: invalid UTF-8 */
    f = create("noise");
    for (i = 0; i < 100000; i++)
        fputc(1 + (i * 131 + i / 7) % 255, f);
    done(f);
    ck_assert_int_ne(load("noise", 2, &t, &err), OV_OK);
    ck_assert_ptr_nonnull(strstr(err.msg, "noise:"));

    /* header only */
    f = create("h.csv");
    fputs("a,b\r\n", f);
    done(f);
    ck_assert_int_eq(load("h.csv", 1, &t, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 0);
    ck_assert_uint_eq(ov_table_ncols(t), 2);
    ov_table_free(t);
}
END_TEST

/* a FIFO: read when a program writes it; an error (not a hang) when none
 * does within a few seconds */
static void *
write_fifo(void *arg)
{
    int fd = open((const char *)arg, O_WRONLY);

    if (fd >= 0) {
        (void)!write(fd, "a,b\n1,2\n3,4\n", 12);
        close(fd);
    }
    return NULL;
}

START_TEST(test_fifo)
{
    char path[512];
    pthread_t th;
    ov_table *t = NULL;
    struct ov_err err;
    struct ov_load_opts o;

    snprintf(path, sizeof path, "%s", path_of("pipe"));
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    ov_load_opts_init(&o);
    ck_assert_int_eq(pthread_create(&th, NULL, write_fifo, path), 0);
    ck_assert_int_eq(ov_load_csv(path, &o, &t, NULL, &err), OV_OK);
    pthread_join(th, NULL);
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ov_table_free(t);

    t = NULL;
    assert_error(ov_load_csv(path, &o, &t, NULL, &err), &err, OV_EIO,
                 "a FIFO (named pipe) that nothing wrote to");
    ck_assert_ptr_null(t);
}
END_TEST

Suite *
make_torture_suite(void)
{
    Suite *s = suite_create("torture");
    TCase *tc = tcase_create("loader");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_truncated_utf8);
    tcase_add_test(tc, test_nul_bytes);
    tcase_add_test(tc, test_huge_field);
    tcase_add_test(tc, test_field_limit);
    tcase_add_test(tc, test_wide);
    tcase_add_test(tc, test_unterminated_quote);
    tcase_add_test(tc, test_mixed_line_ends);
    tcase_add_test(tc, test_file_changes_while_read);
    tcase_add_test(tc, test_file_changed_is_said);
    tcase_add_test(tc, test_errors_do_not_depend_on_threads);
    tcase_add_test(tc, test_interrupt_does_not_depend_on_threads);
    tcase_add_test(tc, test_block_ends_on_a_row_end);
    tcase_add_test(tc, test_not_csv_files);
    tcase_add_test(tc, test_fifo);
    suite_add_tcase(s, tc);
    return s;
}
