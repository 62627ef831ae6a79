/*
 * xl.c - what every workbook reader shares: grids of cells (built in any
 * order, sorted once), knowing a workbook by its content, opening it
 * through the right reader, Excel's serial dates and A1 cell names.
 * Part of libovengine.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ov_mem.h"
#include "xl_int.h"

/* ---------------------------------------------------------------------
 * Texts: kept in large blocks, never moved, so cells can point at them
 * --------------------------------------------------------------------- */

#define STORE_BLOCK ((size_t)64 << 10)

struct ov_xl_store {
    char **blocks;
    size_t nblocks, cap;
    size_t used; /* bytes used of the last block */
    size_t size; /* the last block's size */
    /* made by ov_xl_grid_finish when the used range has not many more
     * rows than there are cells: row row0 + k's cells begin at
     * rowfirst[k] and end at rowfirst[k + 1] (nrows + 1 entries), so a
     * cell is found without searching the whole grid */
    size_t *rowfirst;
    size_t cellcap; /* cells the grid's array has room for */
};

static void
store_free(struct ov_xl_store *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->nblocks; i++)
        ov_free(s->blocks[i]);
    ov_free(s->blocks);
    ov_free(s->rowfirst);
    ov_free(s);
}

static const char *
store_add(struct ov_xl_store *s, const char *text)
{
    size_t n = strlen(text) + 1;
    char *p;

    if (s->nblocks == 0 || s->size - s->used < n) {
        size_t size = n > STORE_BLOCK ? n : STORE_BLOCK;

        if (s->nblocks == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 16;
            char **b = ov_realloc(s->blocks, cap * sizeof *b);

            if (b == NULL)
                return NULL;
            s->blocks = b;
            s->cap = cap;
        }
        if ((p = ov_malloc(size)) == NULL)
            return NULL;
        s->blocks[s->nblocks++] = p;
        s->used = 0;
        s->size = size;
    }
    p = s->blocks[s->nblocks - 1] + s->used;
    memcpy(p, text, n);
    s->used += n;
    return p;
}

/* ---------------------------------------------------------------------
 * Grids
 * --------------------------------------------------------------------- */

struct ov_xl_grid *
ov_xl_grid_new(struct ov_err *err)
{
    struct ov_xl_grid *g = ov_calloc(1, sizeof *g);

    if (g == NULL || (g->store = ov_calloc(1, sizeof *g->store)) == NULL) {
        ov_free(g);
        ov_err_nomem(err, "reading a sheet");
        return NULL;
    }
    return g;
}

void
ov_xl_grid_free(struct ov_xl_grid *g)
{
    if (g == NULL)
        return;
    ov_free(g->cells);
    ov_free(g->merges);
    store_free(g->store);
    ov_free(g);
}

/* the merges' capacity is kept past the end of their array's used part:
 * the smallest power of two >= nmerges (16 at least) */
static size_t
cap_for(size_t n)
{
    size_t c = 16;

    while (c < n)
        c *= 2;
    return c;
}

ov_status
ov_xl_grid_reserve(struct ov_xl_grid *g, size_t n, struct ov_err *err)
{
    struct ov_xl_cell *p;

    if (n <= g->store->cellcap)
        return OV_OK;
    if (n > OV_XL_MAX_CELLS)
        n = OV_XL_MAX_CELLS;
    if ((p = ov_realloc(g->cells, n * sizeof *p)) == NULL)
        return ov_err_nomem(err, "reading a sheet");
    g->cells = p;
    g->store->cellcap = n;
    return OV_OK;
}

ov_status
ov_xl_grid_add(struct ov_xl_grid *g, uint32_t row, uint32_t col, enum ov_xl_kind kind,
               double num, const char *text, const char *shown, struct ov_err *err)
{
    struct ov_xl_cell *c;

    if (kind == OV_XL_EMPTY)
        return OV_OK;
    ov_free(g->store->rowfirst); /* the grid is not finished any more */
    g->store->rowfirst = NULL;
    if (g->ncells >= OV_XL_MAX_CELLS)
        return ov_err_set(
            err, OV_ERANGE,
            "the sheet holds more than %zu cells with something in them, the "
            "most oversight reads",
            OV_XL_MAX_CELLS);
    if (g->ncells == g->store->cellcap &&
        ov_xl_grid_reserve(g, g->ncells == 0 ? 16 : g->ncells * 2, err) != OV_OK)
        return err != NULL ? err->status : OV_ENOMEM;
    c = &g->cells[g->ncells];
    memset(c, 0, sizeof *c);
    c->row = row;
    c->col = col;
    c->kind = kind;
    c->num = num;
    if (text != NULL && (c->text = store_add(g->store, text)) == NULL)
        return ov_err_nomem(err, "reading a sheet");
    if (shown != NULL && (c->shown = store_add(g->store, shown)) == NULL)
        return ov_err_nomem(err, "reading a sheet");
    g->ncells++;
    return OV_OK;
}

ov_status
ov_xl_grid_add_merge(struct ov_xl_grid *g, uint32_t r0, uint32_t c0, uint32_t r1,
                     uint32_t c1, struct ov_err *err)
{
    if (r1 < r0 || c1 < c0)
        return OV_OK;
    if (g->nmerges == 0 || g->nmerges == cap_for(g->nmerges)) {
        size_t cap = g->nmerges == 0 ? 16 : g->nmerges * 2;
        struct ov_xl_merge *p = ov_realloc(g->merges, cap * sizeof *p);

        if (p == NULL)
            return ov_err_nomem(err, "reading a sheet");
        g->merges = p;
    }
    g->merges[g->nmerges++] = (struct ov_xl_merge){r0, c0, r1, c1};
    return OV_OK;
}

/* cells with their order of arrival, so that of two at one place the
 * last given wins after an (unstable) qsort */
struct keyed {
    struct ov_xl_cell c;
    size_t i;
};

static int
keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;

    if (x->c.row != y->c.row)
        return x->c.row < y->c.row ? -1 : 1;
    if (x->c.col != y->c.col)
        return x->c.col < y->c.col ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static bool
before(const struct ov_xl_cell *x, const struct ov_xl_cell *y)
{
    return x->row < y->row || (x->row == y->row && x->col < y->col);
}

ov_status
ov_xl_grid_finish(struct ov_xl_grid *g, struct ov_err *err)
{
    bool sorted = true;
    size_t k = 0;
    uint32_t rmin = UINT32_MAX, rmax = 0, cmin = UINT32_MAX, cmax = 0;

    for (size_t i = 1; i < g->ncells && sorted; i++)
        if (!before(&g->cells[i - 1], &g->cells[i]))
            sorted = false;
    if (!sorted) {
        size_t n = g->ncells;
        struct keyed *t = ov_malloc(n * sizeof *t);

        if (t == NULL)
            return ov_err_nomem(err, "reading a sheet");
        for (size_t i = 0; i < n; i++)
            t[i] = (struct keyed){g->cells[i], i};
        qsort(t, n, sizeof *t, keyed_cmp);
        for (size_t i = 0; i < n; i++)
            g->cells[i] = t[i].c;
        ov_free(t);
    }
    /* one cell per place: the last given */
    for (size_t i = 0; i < g->ncells; i++) {
        if (k > 0 && g->cells[k - 1].row == g->cells[i].row &&
            g->cells[k - 1].col == g->cells[i].col)
            k--;
        g->cells[k++] = g->cells[i];
    }
    g->ncells = k;
    for (size_t i = 0; i < g->ncells; i++) {
        const struct ov_xl_cell *c = &g->cells[i];

        rmin = c->row < rmin ? c->row : rmin;
        rmax = c->row > rmax ? c->row : rmax;
        cmin = c->col < cmin ? c->col : cmin;
        cmax = c->col > cmax ? c->col : cmax;
    }
    if (g->ncells == 0) {
        g->row0 = g->col0 = g->nrows = g->ncols = 0;
    } else {
        g->row0 = rmin;
        g->col0 = cmin;
        g->nrows = rmax - rmin + 1;
        g->ncols = cmax - cmin + 1;
    }
    ov_free(g->store->rowfirst);
    g->store->rowfirst = NULL;
    /* the index costs a word a row: only when rows are not far more than
     * cells (a sheet with one cell at A1 and one at A1048576 has none) */
    if (g->ncells > 0 && g->nrows <= 2 * g->ncells + 1024) {
        size_t *rf = ov_malloc(((size_t)g->nrows + 1) * sizeof *rf);
        size_t i = 0;

        if (rf == NULL)
            return ov_err_nomem(err, "reading a sheet");
        for (size_t r = 0; r <= g->nrows; r++) {
            while (i < g->ncells && g->cells[i].row - g->row0 < r)
                i++;
            rf[r] = i;
        }
        g->store->rowfirst = rf;
    }
    return OV_OK;
}

size_t
ov_xl_grid_row(const struct ov_xl_grid *g, uint32_t r, size_t *first)
{
    size_t lo = 0, hi = g->ncells, end;

    if (g->store != NULL && g->store->rowfirst != NULL) {
        size_t k = (size_t)r - g->row0;

        if (r < g->row0 || k >= g->nrows) {
            *first = r < g->row0 ? 0 : g->ncells;
            return 0;
        }
        *first = g->store->rowfirst[k];
        return g->store->rowfirst[k + 1] - *first;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (g->cells[mid].row < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    for (end = lo; end < g->ncells && g->cells[end].row == r; end++)
        ;
    return end - lo;
}

const struct ov_xl_cell *
ov_xl_grid_at(const struct ov_xl_grid *g, uint32_t r, uint32_t c)
{
    size_t first, n = ov_xl_grid_row(g, r, &first);
    size_t lo = first, hi = first + n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (g->cells[mid].col < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < first + n && g->cells[lo].col == c ? &g->cells[lo] : NULL;
}

/* ---------------------------------------------------------------------
 * Knowing a workbook by its content, and opening it
 * --------------------------------------------------------------------- */

const char *
ov_xl_format_name(enum ov_xl_format f)
{
    switch (f) {
    case OV_XL_ODS:
        return "ODS";
    case OV_XL_XLSX:
        return "XLSX";
    case OV_XL_XLS:
        return "XLS";
    }
    return "?";
}

static const unsigned char ole2_magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                            0xA1, 0xB1, 0x1A, 0xE1};

enum sniffed {
    SN_NONE,
    SN_ODS,
    SN_XLSX,
    SN_XLS,
    SN_ENCRYPTED,
    SN_ZIP_OTHER,
    SN_ZIP_BAD
};

/* Whether an OLE2 (compound) file holds an "EncryptedPackage" stream: an
 * encrypted OOXML workbook. Its directory names are UTF-16LE; a look at
 * the first 1 MiB finds them in every file Office writes. */
static bool
ole2_encrypted(int fd)
{
    static const char name[] = "EncryptedPackage";
    unsigned char pat[2 * sizeof name - 2];
    size_t cap = (size_t)1 << 20, len;
    unsigned char *buf = ov_malloc(cap);
    ssize_t n;
    bool found = false;

    if (buf == NULL)
        return false;
    for (size_t i = 0; i + 1 < sizeof name; i++) {
        pat[2 * i] = (unsigned char)name[i];
        pat[2 * i + 1] = 0;
    }
    n = pread(fd, buf, cap, 0);
    len = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; i + sizeof pat <= len && !found; i++)
        found = memcmp(buf + i, pat, sizeof pat) == 0;
    ov_free(buf);
    return found;
}

/* What a zip holds: ODS (a mimetype member naming a spreadsheet, or
 * content.xml beside META-INF/manifest.xml), XLSX (xl/workbook.xml), an
 * encrypted ODS (its manifest says so), or something else. */
static enum sniffed
zip_kind(const char *path)
{
    ov_zip *z;
    struct ov_err e;
    enum sniffed k = SN_ZIP_OTHER;

    if (ov_zip_open(path, &z, &e) != OV_OK)
        return SN_ZIP_BAD;
    if (ov_zip_find(z, "xl/workbook.xml") >= 0 ||
        ov_zip_find(z, "xl/workbook.bin") >= 0)
        k = SN_XLSX;
    else if (ov_zip_find(z, "content.xml") >= 0 &&
             (ov_zip_find(z, "mimetype") >= 0 ||
              ov_zip_find(z, "META-INF/manifest.xml") >= 0))
        k = SN_ODS;
    ov_zip_close(z);
    return k;
}

static enum sniffed
sniff(const char *path, int *err_no)
{
    unsigned char head[8];
    struct stat sb;
    ssize_t n;
    enum sniffed k = SN_NONE;
    int fd;

    *err_no = 0;
    /* only a regular file is opened: opening a FIFO would let its writer
     * in, and closing it would lose what it wrote */
    if (stat(path, &sb) != 0) {
        *err_no = errno;
        return SN_NONE;
    }
    if (!S_ISREG(sb.st_mode))
        return SN_NONE;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        *err_no = errno;
        return SN_NONE;
    }
    n = pread(fd, head, sizeof head, 0);
    if (n == (ssize_t)sizeof head && memcmp(head, ole2_magic, 8) == 0)
        k = ole2_encrypted(fd) ? SN_ENCRYPTED : SN_XLS;
    else if (n >= 4 && ov_z_sniff(head, (size_t)n) == OV_Z_ZIP)
        k = zip_kind(path);
    else if (n < 0)
        *err_no = errno;
    close(fd);
    return k;
}

bool
ov_xl_sniff(const char *path, enum ov_xl_format *f)
{
    int e;

    switch (sniff(path, &e)) {
    case SN_ODS:
        *f = OV_XL_ODS;
        return true;
    case SN_XLSX:
    case SN_ENCRYPTED:
        *f = OV_XL_XLSX;
        return true;
    case SN_XLS:
        *f = OV_XL_XLS;
        return true;
    default:
        return false;
    }
}

void
ov_xl_close(ov_xl_book *b)
{
    if (b == NULL)
        return;
    if (b->close != NULL)
        b->close(b);
    for (size_t i = 0; i < b->nsheets && b->names != NULL; i++)
        ov_free(b->names[i]);
    ov_free(b->names);
    ov_free(b->path);
    ov_free(b);
}

ov_status
ov_xl_open(const char *path, ov_xl_book **out, struct ov_err *err)
{
    int e;
    enum sniffed k = sniff(path, &e);
    ov_xl_book *b;
    ov_status st;
    ov_status (*opener)(ov_xl_book *, struct ov_err *);

    *out = NULL;
    if (e != 0)
        return ov_err_set(err, OV_EIO, "%s: cannot open: %s", path, strerror(e));
    if (k == SN_ENCRYPTED)
        return ov_err_set(err, OV_EPARSE,
                          "%s: is encrypted (password-protected): open it in Excel or "
                          "LibreOffice and save it without a password",
                          path);
    if (k == SN_ZIP_BAD) {
        /* a zip that cannot be opened: say why, as zsource does */
        ov_zip *z;

        if (ov_zip_open(path, &z, err) == OV_OK) {
            ov_zip_close(z);
            return ov_err_set(err, OV_EIO, "%s: changed while it was read", path);
        }
        return err->status;
    }
    if (k == SN_NONE || k == SN_ZIP_OTHER)
        return ov_err_set(
            err, OV_EPARSE, "%s: not a workbook (ODS, XLSX or XLS)%s", path,
            k == SN_ZIP_OTHER ? ": a zip archive of other files (use load())" : "");
    b = ov_calloc(1, sizeof *b);
    if (b == NULL || (b->path = ov_strdup(path)) == NULL) {
        ov_free(b);
        return ov_err_nomem(err, "opening a workbook");
    }
    b->format = k == SN_ODS ? OV_XL_ODS : k == SN_XLSX ? OV_XL_XLSX : OV_XL_XLS;
    opener = b->format == OV_XL_ODS    ? ov_xl_ods_open
             : b->format == OV_XL_XLSX ? ov_xl_xlsx_open
                                       : ov_xl_xls_open;
    st = opener != NULL ? opener(b, err)
                        : ov_err_set(err, OV_EINVAL, "%s: reading %s is not built in",
                                     path, ov_xl_format_name(b->format));
    if (st != OV_OK) {
        b->close = NULL;
        ov_xl_close(b);
        return st;
    }
    *out = b;
    return OV_OK;
}

enum ov_xl_format
ov_xl_book_format(const ov_xl_book *b)
{
    return b->format;
}

size_t
ov_xl_nsheets(const ov_xl_book *b)
{
    return b->nsheets;
}

const char *
ov_xl_sheet_name(const ov_xl_book *b, size_t i)
{
    return i < b->nsheets ? b->names[i] : NULL;
}

ov_status
ov_xl_read(ov_xl_book *b, size_t i, struct ov_xl_grid **out, struct ov_err *err)
{
    *out = NULL;
    if (i >= b->nsheets)
        return ov_err_set(err, OV_ENOTFOUND, "%s: no sheet %zu: it has %zu", b->path,
                          i + 1, b->nsheets);
    return b->read(b, i, out, err);
}

/* ---------------------------------------------------------------------
 * Serial dates and cell names
 * --------------------------------------------------------------------- */

bool
ov_xl_serial_to_days(double serial, bool system1904, double *days)
{
    /* 1900 system: serial 1 is 1900-01-01, and Excel counts a 29 February
     * 1900 (serial 60) that never was, so from serial 61 on a day is one
     * less than the count says. 25569 is 1970-01-01's serial. In the 1904
     * system serial 0 is 1904-01-01, 24107 days before 1970-01-01. */
    double d;

    if (!isfinite(serial) || serial < 0)
        return false;
    if (system1904) {
        d = serial - 24107.0;
    } else {
        if (serial >= 60 && serial < 61)
            return false;
        d = serial < 60 ? serial - 25568.0 : serial - 25569.0;
    }
    /* 9999-12-31 is day 2932896 */
    if (d >= 2932897.0)
        return false;
    *days = d;
    return true;
}

const char *
ov_xl_cell_name(uint32_t row, uint32_t col, char *buf)
{
    char letters[8];
    int n = 0;
    uint64_t c = (uint64_t)col + 1;

    while (c > 0 && n < 7) {
        c--;
        letters[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    for (int i = 0; i < n; i++)
        buf[i] = letters[n - 1 - i];
    snprintf(buf + n, 16 - (size_t)n, "%lu", (unsigned long)row + 1);
    return buf;
}

/* Reads "B12" at *s: column letters and a row number, both required. */
static bool
parse_cell(const char **s, uint32_t *r, uint32_t *c)
{
    const char *p = *s;
    uint64_t col = 0, row = 0;
    int nl = 0, nd = 0;

    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        col = col * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
        if (++nl > 3)
            return false;
        p++;
    }
    while (*p >= '0' && *p <= '9') {
        row = row * 10 + (uint64_t)(*p - '0');
        if (++nd > 7)
            return false;
        p++;
    }
    if (nl == 0 || nd == 0 || row == 0 || col > 16384 || row > 1048576)
        return false;
    *r = (uint32_t)(row - 1);
    *c = (uint32_t)(col - 1);
    *s = p;
    return true;
}

bool
ov_xl_parse_range(const char *s, uint32_t *r0, uint32_t *c0, uint32_t *r1, uint32_t *c1)
{
    uint32_t a, b, x, y;

    if (s == NULL || !parse_cell(&s, &a, &b))
        return false;
    if (*s == '\0') {
        x = a;
        y = b;
    } else if (*s != ':' || (s++, !parse_cell(&s, &x, &y)) || *s != '\0') {
        return false;
    }
    if (x < a || y < b)
        return false;
    *r0 = a;
    *c0 = b;
    *r1 = x;
    *c1 = y;
    return true;
}
