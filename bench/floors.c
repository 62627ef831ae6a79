/*
 * floors.c - the physical floors under loading a CSV file, for
 * bench/run --task floors: how fast this machine can merely read the file,
 * scan it for line ends, scan it for quotes and line ends (what a
 * quote-aware splitter must at least do), and run libcsv over it with
 * callbacks that only count (the parser of record, doing nothing else).
 * Each on one core, the file already in the page cache, best of ROUNDS.
 *
 *   floors FILE [ROUNDS]
 *
 * prints one line per floor: name, best seconds, MB/s, and what it counted
 * (the counts must agree with the file: rows + 1 header line, and
 * libcsv's rows and fields).
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK ((size_t)1 << 20)

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t nfields, nrows;

static void
on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    (void)data;
    nfields++;
}

static void
on_row(int c, void *data)
{
    (void)c;
    (void)data;
    nrows++;
}

/* read(2) in 1 MB chunks into one buffer, as the loader's reader does */
static size_t
read_all(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    size_t got = 0;

    if (fd < 0) {
        perror(path);
        exit(1);
    }
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got < CHUNK ? size - got : CHUNK);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    return got;
}

static size_t
count_lines(const char *p, size_t n)
{
    const char *end = p + n;
    size_t lines = 0;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lines++;
        p++;
    }
    return lines;
}

/* line ends outside quotes: memchr to the next quote or newline, whichever
 * is nearer, jumping over quoted stretches whole */
static size_t
count_records(const char *p, size_t n)
{
    const char *end = p + n;
    size_t records = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *q = memchr(p, '"', (size_t)((nl != NULL ? nl : end) - p));
        if (q != NULL) {
            /* inside quotes until the closing one ("" reopens at once) */
            const char *close = memchr(q + 1, '"', (size_t)(end - q - 1));
            if (close == NULL)
                break;
            p = close + 1;
            continue;
        }
        if (nl == NULL)
            break;
        records++;
        p = nl + 1;
    }
    return records;
}

static void
libcsv_count(const char *buf, size_t n)
{
    struct csv_parser parser;

    if (csv_init(&parser, 0) != 0) {
        fputs("floors: csv_init failed\n", stderr);
        exit(1);
    }
    csv_set_blk_size(&parser, CHUNK);
    nfields = nrows = 0;
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t len = n - off < CHUNK ? n - off : CHUNK;
        if (csv_parse(&parser, buf + off, len, on_field, on_row, NULL) != len) {
            fprintf(stderr, "floors: libcsv: %s\n", csv_strerror(csv_error(&parser)));
            exit(1);
        }
    }
    csv_fini(&parser, on_field, on_row, NULL);
    csv_free(&parser);
}

int
main(int argc, char **argv)
{
    struct stat sb;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    double best[4] = {1e30, 1e30, 1e30, 1e30};
    size_t counted[4] = {0, 0, 0, 0};
    const char *names[4] = {"read 1 MB chunks", "memchr newlines",
                            "memchr quotes+newlines", "libcsv count-only"};
    char *buf;
    size_t size;

    if (argc < 2 || stat(argv[1], &sb) != 0) {
        fputs("usage: floors FILE [ROUNDS]\n", stderr);
        return 2;
    }
    size = (size_t)sb.st_size;
    buf = malloc(size + 1);
    if (buf == NULL) {
        fputs("floors: out of memory\n", stderr);
        return 1;
    }
    for (int r = 0; r < rounds; r++) {
        double t0 = now(), t;
        size_t got = read_all(argv[1], buf, size);

        t = now() - t0;
        best[0] = t < best[0] ? t : best[0];
        counted[0] = got;
        t0 = now();
        counted[1] = count_lines(buf, got);
        t = now() - t0;
        best[1] = t < best[1] ? t : best[1];
        t0 = now();
        counted[2] = count_records(buf, got);
        t = now() - t0;
        best[2] = t < best[2] ? t : best[2];
        t0 = now();
        libcsv_count(buf, got);
        t = now() - t0;
        best[3] = t < best[3] ? t : best[3];
        counted[3] = nrows;
    }
    for (int i = 0; i < 4; i++) {
        printf("%-24s %8.3f s %8.0f MB/s  %zu %s", names[i], best[i],
               (double)size / 1e6 / best[i], counted[i],
               i == 0   ? "bytes"
               : i == 3 ? "rows"
                        : "lines");
        if (i == 3)
            printf(", %zu fields", nfields);
        putchar('\n');
    }
    free(buf);
    return 0;
}
