/*
 * write_xlsx.c - tables as an Excel workbook through libxlsxwriter
 * (write_xlsx.h): typed cells, percentages as auditable formulas, and the
 * "Sources" sheet. libxlsxwriter writes only to a named file, so the book
 * is assembled in an anonymous memory file and copied to the caller's
 * FILE, which keeps the write atomic (fileio.h) and --safe's walls whole.
 * Engine only: no Lua, no printing.
 */
#include "config.h" /* _GNU_SOURCE: memfd_create */

#include "write_xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "format.h"
#include "fraction.h"
#include "ov_mem.h"
#include "stats.h"
#include "value.h"
#include "xl.h"

/* Excel holds numbers as doubles: whole numbers beyond 2^53 would change,
 * so such an int is written as text */
#define EXACT_INT 9007199254740992.0

/* rows sampled for a column's width */
#define WIDTH_SAMPLE 500
#define WIDTH_MIN 6
#define WIDTH_MAX 60

/* ---- names ---- */

/* characters in UTF-8 text (each byte that does not continue one) */
static size_t
utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

ov_status
ov_xlsx_check_name(const char *name, struct ov_err *err)
{
    const char *bad;

    if (name[0] == '\0')
        return ov_err_set(err, OV_EINVAL, "a sheet name cannot be empty");
    if (utf8_chars(name) > OV_XLSX_NAME_MAX)
        return ov_err_set(
            err, OV_EINVAL,
            "sheet name \"%s\" has %zu characters; Excel allows at most %d", name,
            utf8_chars(name), OV_XLSX_NAME_MAX);
    bad = strpbrk(name, "[]:*?/\\");
    if (bad != NULL)
        return ov_err_set(err, OV_EINVAL,
                          "sheet name \"%s\" holds '%c': Excel does not allow "
                          "[ ] : * ? / \\ in a sheet name",
                          name, *bad);
    if (name[0] == '\'' || name[strlen(name) - 1] == '\'')
        return ov_err_set(err, OV_EINVAL,
                          "sheet name \"%s\" begins or ends with an apostrophe, "
                          "which Excel does not allow",
                          name);
    if (strcasecmp(name, "History") == 0)
        return ov_err_set(err, OV_EINVAL,
                          "sheet name \"%s\" is reserved by Excel; choose another",
                          name);
    return OV_OK;
}

const char *
ov_xlsx_default_name(const ov_table *t, char *buf, size_t size)
{
    const char *name = ov_table_name(t);
    struct ov_err e;

    if (name[0] != '\0' && strlen(name) < size &&
        ov_xlsx_check_name(name, &e) == OV_OK && strcasecmp(name, OV_XLSX_SOURCES) != 0)
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "%s", "Table");
    return buf;
}

/* ---- the plan of one sheet: which column goes where ---- */

enum outkind { OUT_DATA, OUT_NUM, OUT_DEN };

struct outcol {
    enum outkind kind;
    size_t j; /* the table's column (for NUM and DEN: the percentage's) */
};

struct plan {
    struct outcol *cols;
    size_t ncols;
    /* for each table column that is a percentage or rate: the sheet
     * columns of its numerator and denominator */
    uint32_t *numcol, *dencol;
};

static bool
is_figure(const ov_table *t, size_t j)
{
    const ov_column *c = ov_table_col(t, j);

    return c->type == OV_FLOAT && c->num != NULL;
}

/* whether column k holds figure column j's numerator (or denominator) in
 * every row where j has a value */
static bool
holds_part(const ov_table *t, size_t j, size_t k, bool den)
{
    struct ov_view vf = ov_table_colview(t, j), vk = ov_table_colview(t, k);
    const ov_column *ck = vk.col;
    size_t i, n = ov_table_nrows(t);

    if (k == j || n == 0 || (ck->type != OV_INT && ck->type != OV_FLOAT) ||
        ck->num != NULL)
        return false;
    for (i = 0; i < n; i++) {
        size_t rf = ov_view_row(&vf, i), rk;
        double want, have;

        if (ov_view_missing(&vf, i))
            continue;
        if (ov_view_missing(&vk, i))
            return false;
        rk = ov_view_row(&vk, i);
        want = den ? vf.col->den[rf] : vf.col->num[rf];
        have = ck->type == OV_INT ? (double)ck->data.i64[rk] : ck->data.f64[rk];
        if (have != want)
            return false;
    }
    return true;
}

static void
plan_free(struct plan *p)
{
    ov_free(p->cols);
    ov_free(p->numcol);
    ov_free(p->dencol);
    memset(p, 0, sizeof *p);
}

static ov_status
plan_make(const ov_table *t, struct plan *p, struct ov_err *err)
{
    size_t nc = ov_table_ncols(t), j, k, extra = 0;

    memset(p, 0, sizeof *p);
    for (j = 0; j < nc; j++)
        if (is_figure(t, j))
            extra += 2;
    p->cols = ov_calloc(nc + extra + 1, sizeof *p->cols);
    p->numcol = ov_calloc(nc + 1, sizeof *p->numcol);
    p->dencol = ov_calloc(nc + 1, sizeof *p->dencol);
    if (p->cols == NULL || p->numcol == NULL || p->dencol == NULL) {
        plan_free(p);
        return ov_err_nomem(err, "planning a sheet");
    }
    for (j = 0; j < nc; j++)
        p->cols[j] = (struct outcol){OUT_DATA, j};
    p->ncols = nc;
    for (j = 0; j < nc; j++) {
        if (!is_figure(t, j))
            continue;
        for (int part = 0; part < 2; part++) {
            uint32_t *slot = part ? &p->dencol[j] : &p->numcol[j];

            for (k = 0; k < nc; k++)
                if (holds_part(t, j, k, part == 1))
                    break;
            if (k < nc) {
                *slot = (uint32_t)k;
            } else {
                *slot = (uint32_t)p->ncols;
                p->cols[p->ncols++] = (struct outcol){part ? OUT_DEN : OUT_NUM, j};
            }
        }
    }
    return OV_OK;
}

/* ---- checks ---- */

ov_status
ov_xlsx_check(const struct ov_xlsx_sheet *sheets, size_t n, struct ov_err *err)
{
    size_t i, k;
    ov_status st;

    if (n == 0)
        return ov_err_set(err, OV_EINVAL, "a workbook needs at least one table");
    for (i = 0; i < n; i++) {
        struct plan p;

        if ((st = ov_xlsx_check_name(sheets[i].name, err)) != OV_OK)
            return st;
        if (strcasecmp(sheets[i].name, OV_XLSX_SOURCES) == 0)
            return ov_err_set(err, OV_EINVAL,
                              "sheet name \"%s\" is taken: the sheet \"%s\" lists "
                              "where each table came from",
                              sheets[i].name, OV_XLSX_SOURCES);
        for (k = 0; k < i; k++)
            if (strcasecmp(sheets[k].name, sheets[i].name) == 0)
                return ov_err_set(err, OV_EINVAL,
                                  "two sheets are named \"%s\" (Excel ignores case "
                                  "in sheet names)",
                                  sheets[i].name);
        if (ov_table_nrows(sheets[i].table) >= OV_XLSX_MAX_ROWS)
            return ov_err_set(
                err, OV_ERANGE,
                "sheet \"%s\": %zu rows do not fit in Excel, whose sheets "
                "hold %u rows with the header",
                sheets[i].name, ov_table_nrows(sheets[i].table), OV_XLSX_MAX_ROWS);
        /* at most two extra columns a figure: the plan, which compares
         * every row, is made only when they might not fit */
        k = ov_table_ncols(sheets[i].table);
        for (size_t j = 0, nc = k; j < nc; j++)
            if (is_figure(sheets[i].table, j))
                k += 2;
        if (k > OV_XLSX_MAX_COLS) {
            if ((st = plan_make(sheets[i].table, &p, err)) != OV_OK)
                return st;
            k = p.ncols;
            plan_free(&p);
        }
        if (k > OV_XLSX_MAX_COLS)
            return ov_err_set(err, OV_ERANGE,
                              "sheet \"%s\": %zu columns do not fit in Excel, whose "
                              "sheets hold %u",
                              sheets[i].name, k, OV_XLSX_MAX_COLS);
    }
    return OV_OK;
}

/* ---- writing ---- */

struct book {
    lxw_workbook *wb;
    lxw_format *bold, *date, *grouped, *pct, *rate;
    lxw_format *fixed[16]; /* floats written with 0..15 fixed decimals */
    struct ov_err *err;
};

static ov_status
lxw_failed(struct book *b, lxw_error e, const char *sheet, size_t row, size_t col)
{
    char cell[16];

    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return ov_err_set(b->err, OV_ERANGE,
                          "sheet \"%s\", cell %s: text longer than the %u characters "
                          "an Excel cell holds",
                          sheet, ov_xl_cell_name((uint32_t)row, (uint32_t)col, cell),
                          OV_XLSX_MAX_TEXT);
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return ov_err_nomem(b->err, "writing a workbook");
    return ov_err_set(b->err, OV_EIO, "sheet \"%s\", cell %s: %s", sheet,
                      ov_xl_cell_name((uint32_t)row, (uint32_t)col, cell),
                      lxw_strerror(e));
}

static lxw_format *
fixed_format(struct book *b, int places)
{
    char code[24] = "0.";

    if (places <= 0 || places > 15)
        return places == 0 ? b->fixed[0] : NULL;
    if (b->fixed[places] == NULL) {
        memset(code + 2, '0', (size_t)places);
        code[2 + places] = '\0';
        b->fixed[places] = workbook_add_format(b->wb);
        if (b->fixed[places] != NULL)
            format_set_num_format(b->fixed[places], code);
    }
    return b->fixed[places];
}

/* the figure oversight prints for row r of a percentage or rate column,
 * as a number: rounded half away from zero to one decimal, and moved by
 * largest-remainder rounding where it was; false if there is none */
static bool
figure_value(const ov_column *c, size_t r, double *out)
{
    char buf[64];
    size_t n, k, m = 0;

    if (c->per > 0) {
        struct ov_figure f;
        struct ov_err e;

        if (ov_figure_of_cell(c, r, &f, &e) != OV_OK)
            return false;
        n = ov_figure_digits(buf, &f, 1, OV_ROUND_HALF_AWAY);
    } else {
        ov_i128 u;

        if (c->nudge != NULL && c->nudge[r] != 0 &&
            ov_q_percent(c->num[r], c->den[r], 1, &u))
            n = ov_scaled_digits(buf, u + c->nudge[r], 1);
        else
            n = ov_q_format_percent(buf, c->num[r], c->den[r], 1);
    }
    if (n == 0)
        return false;
    for (k = 0; k < n; k++) /* a rate's digits come grouped */
        if (buf[k] != ',')
            buf[m++] = buf[k];
    buf[m] = '\0';
    *out = strtod(buf, NULL);
    return isfinite(*out);
}

/* =ROUND(100*B2/C2,1), per for 100 in a rate, and the nudge shown */
static void
figure_formula(const ov_column *c, size_t r, size_t row, uint32_t numcol,
               uint32_t dencol, char *buf, size_t size)
{
    char a[16], d[16], per[32] = "100";
    int nudge = c->nudge != NULL && c->per <= 0 ? c->nudge[r] : 0;

    ov_xl_cell_name((uint32_t)row, numcol, a);
    ov_xl_cell_name((uint32_t)row, dencol, d);
    if (c->per > 0)
        snprintf(per, sizeof per, "%.15g", c->per);
    snprintf(buf, size, "=ROUND(%s*%s/%s,1)%s", per, a, d,
             nudge > 0   ? "+0.1"
             : nudge < 0 ? "-0.1"
                         : "");
}

static lxw_error
write_date(struct book *b, lxw_worksheet *ws, size_t row, size_t col, int32_t days)
{
    char text[OV_VALUE_TEXT_MAX];
    lxw_datetime dt = {0, 0, 0, 0, 0, 0.0};

    ov_value_format_date(text, days, OV_DATE_ISO);
    if (sscanf(text, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day) != 3 ||
        dt.year < 1900 || (dt.year == 1900 && dt.month < 3) || dt.year > 9999)
        /* Excel has no dates before 1900 (and counts 1900 as a leap
         * year): those stay ISO text rather than move a day */
        return worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, text, NULL);
    return worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, b->date);
}

/* row i of the sheet's column oc (table row i, sheet row i + 1) */
static lxw_error
write_cell(struct book *b, lxw_worksheet *ws, const ov_table *t, const struct plan *p,
           size_t oc, size_t i)
{
    const struct outcol *o = &p->cols[oc];
    struct ov_view v = ov_table_colview(t, o->j);
    const ov_column *c = v.col;
    size_t r, row = i + 1;
    lxw_row_t rw = (lxw_row_t)row;
    lxw_col_t cl = (lxw_col_t)oc;
    char buf[OV_VALUE_TEXT_MAX], formula[128];
    double x;

    if (ov_view_missing(&v, i))
        return LXW_NO_ERROR;
    r = ov_view_row(&v, i);
    if (o->kind != OUT_DATA) {
        x = o->kind == OUT_NUM ? c->num[r] : c->den[r];
        return isfinite(x) ? worksheet_write_number(ws, rw, cl, x, NULL) : LXW_NO_ERROR;
    }
    switch (c->type) {
    case OV_INT:
        if (fabs((double)c->data.i64[r]) > EXACT_INT) {
            ov_value_format_int(buf, c->data.i64[r]);
            return worksheet_write_string(ws, rw, cl, buf, NULL);
        }
        return worksheet_write_number(ws, rw, cl, (double)c->data.i64[r],
                                      c->grouped || c->measure ? b->grouped : NULL);
    case OV_FLOAT:
        if (c->num != NULL) {
            if (!figure_value(c, r, &x))
                return LXW_NO_ERROR; /* a whole of 0: no figure */
            figure_formula(c, r, row, p->numcol[o->j], p->dencol[o->j], formula,
                           sizeof formula);
            return worksheet_write_formula_num(ws, rw, cl, formula,
                                               c->per > 0 ? b->rate : b->pct, x);
        }
        if (!isfinite(c->data.f64[r])) {
            size_t n;

            return worksheet_write_string(ws, rw, cl, ov_column_text(c, r, buf, &n),
                                          NULL);
        }
        return worksheet_write_number(ws, rw, cl, c->data.f64[r],
                                      fixed_format(b, ov_column_float_style(c, r)));
    case OV_STRING:
        return worksheet_write_string(ws, rw, cl, ov_column_str(c, r, NULL), NULL);
    case OV_BOOL:
        return worksheet_write_boolean(ws, rw, cl, c->data.b[r], NULL);
    case OV_DATE:
        return write_date(b, ws, row, oc, c->data.days[r]);
    }
    return LXW_NO_ERROR;
}

/* the name heading sheet column oc */
static const char *
header_text(const ov_table *t, const struct outcol *o, char *buf, size_t size)
{
    const char *name = ov_table_colname(t, o->j);

    if (o->kind == OUT_DATA)
        return name;
    snprintf(buf, size, "%s %s", name, o->kind == OUT_NUM ? "num" : "den");
    return buf;
}

/* a width in characters that shows the header and the sampled cells */
static double
column_width(const ov_table *t, const struct outcol *o, const char *head)
{
    struct ov_view v = ov_table_colview(t, o->j);
    size_t i, n = ov_table_nrows(t), w = ov_text_width(head, strlen(head)) + 2;

    if (n > WIDTH_SAMPLE)
        n = WIDTH_SAMPLE;
    if (o->kind != OUT_DATA || v.col->num != NULL)
        w = w < 10 ? 10 : w;
    else if (v.col->type == OV_DATE)
        w = w < 12 ? 12 : w;
    else
        for (i = 0; i < n; i++) {
            char buf[OV_VALUE_TEXT_MAX];
            const char *s;
            size_t len, cells;

            if (ov_view_missing(&v, i))
                continue;
            s = ov_column_text(v.col, ov_view_row(&v, i), buf, &len);
            cells = ov_text_width(s, len) + 2;
            if (v.col->type == OV_INT && (v.col->grouped || v.col->measure))
                cells += len / 3;
            if (cells > w)
                w = cells;
        }
    if (w < WIDTH_MIN)
        w = WIDTH_MIN;
    if (w > WIDTH_MAX)
        w = WIDTH_MAX;
    return (double)w;
}

static ov_status
write_sheet(struct book *b, const struct ov_xlsx_sheet *s)
{
    const ov_table *t = s->table;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, s->name);
    struct plan p;
    size_t oc, i, n = ov_table_nrows(t);
    lxw_error e;
    ov_status st;

    if (ws == NULL)
        return ov_err_set(b->err, OV_EINVAL, "cannot add the sheet \"%s\"", s->name);
    if ((st = plan_make(t, &p, b->err)) != OV_OK)
        return st;
    worksheet_freeze_panes(ws, 1, 0);
    for (oc = 0; oc < p.ncols; oc++) {
        char buf[512];
        const char *head = header_text(t, &p.cols[oc], buf, sizeof buf);

        worksheet_set_column(ws, (lxw_col_t)oc, (lxw_col_t)oc,
                             column_width(t, &p.cols[oc], head), NULL);
        if ((e = worksheet_write_string(ws, 0, (lxw_col_t)oc, head, b->bold)) !=
            LXW_NO_ERROR) {
            plan_free(&p);
            return lxw_failed(b, e, s->name, 0, oc);
        }
    }
    for (i = 0; i < n; i++) {
        if ((i & 4095) == 0 && ov_interrupted()) {
            plan_free(&p);
            return ov_err_interrupted(b->err);
        }
        for (oc = 0; oc < p.ncols; oc++)
            if ((e = write_cell(b, ws, t, &p, oc, i)) != LXW_NO_ERROR) {
                plan_free(&p);
                return lxw_failed(b, e, s->name, i + 1, oc);
            }
    }
    plan_free(&p);
    return OV_OK;
}

/* one line of "Sources": sheet, item, detail */
static lxw_error
source_row(lxw_worksheet *ws, size_t row, const char *sheet, const char *item,
           const char *detail, lxw_format *f)
{
    lxw_error e;

    if ((e = worksheet_write_string(ws, (lxw_row_t)row, 0, sheet, f)) != LXW_NO_ERROR ||
        (e = worksheet_write_string(ws, (lxw_row_t)row, 1, item, f)) != LXW_NO_ERROR)
        return e;
    return worksheet_write_string(ws, (lxw_row_t)row, 2, detail, f);
}

static ov_status
write_sources(struct book *b, const struct ov_xlsx_sheet *sheets, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, OV_XLSX_SOURCES);
    size_t row = 0, i, k;
    lxw_error e;

    if (ws == NULL)
        return ov_err_set(b->err, OV_EINVAL, "cannot add the sheet \"%s\"",
                          OV_XLSX_SOURCES);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 14, NULL);
    worksheet_set_column(ws, 2, 2, 80, NULL);
    if ((e = source_row(ws, row++, "sheet", "item", "detail", b->bold)) != LXW_NO_ERROR)
        return lxw_failed(b, e, OV_XLSX_SOURCES, 0, 0);
    for (i = 0; i < n; i++) {
        const ov_table *t = sheets[i].table;
        const char *name = ov_table_name(t);

        e = source_row(ws, row++, sheets[i].name, "table",
                       name[0] != '\0' ? name : "(unnamed)", NULL);
        for (k = 0; e == LXW_NO_ERROR && k < ov_table_nfacts(t); k++) {
            const char *key, *val;

            ov_table_fact_at(t, k, &key, &val);
            e = source_row(ws, row++, sheets[i].name, key, val, NULL);
        }
        for (k = 0; e == LXW_NO_ERROR && k < ov_table_nsteps(t); k++) {
            char item[32];

            snprintf(item, sizeof item, "step %zu", k + 1);
            e = source_row(ws, row++, sheets[i].name, item, ov_table_step(t, k), NULL);
        }
        if (e != LXW_NO_ERROR)
            return lxw_failed(b, e, OV_XLSX_SOURCES, row - 1, 0);
    }
    return OV_OK;
}

/* copies the memory file fd to out */
static ov_status
copy_out(int fd, FILE *out, struct ov_err *err)
{
    char buf[65536];
    off_t at = 0;

    for (;;) {
        ssize_t got = pread(fd, buf, sizeof buf, at);

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return ov_err_set(err, OV_EIO, "reading the assembled workbook: %s",
                              strerror(errno));
        if (got == 0)
            return OV_OK;
        if (fwrite(buf, 1, (size_t)got, out) != (size_t)got)
            return ov_err_set(err, OV_EIO, "writing failed: %s",
                              errno ? strerror(errno) : "input/output error");
        at += got;
    }
}

ov_status
ov_xlsx_write(FILE *out, const struct ov_xlsx_sheet *sheets, size_t n,
              const char *tmpdir, struct ov_err *err)
{
    struct book b;
    lxw_workbook_options opts = {0};
    char path[64], dir[4096];
    size_t i;
    int fd;
    lxw_error e;
    ov_status st;

    if ((st = ov_xlsx_check(sheets, n, err)) != OV_OK)
        return st;
    /* libxlsxwriter opens the file by name: a memory file's name in /proc
     * is one it can open, needs no directory to write in (--safe allows
     * only the working directory) and leaves nothing behind */
    fd = memfd_create("oversight-xlsx", MFD_CLOEXEC);
    if (fd < 0)
        return ov_err_set(err, OV_EIO, "cannot make a memory file for the workbook: %s",
                          strerror(errno));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    memset(&b, 0, sizeof b);
    b.err = err;
    if (tmpdir != NULL) {
        /* the option is not const; libxlsxwriter only reads it */
        if (strlen(tmpdir) >= sizeof dir) {
            close(fd);
            return ov_err_set(err, OV_EINVAL, "temporary folder name too long");
        }
        strcpy(dir, tmpdir);
        opts.tmpdir = dir;
    }
    b.wb = workbook_new_opt(path, &opts);
    if (b.wb == NULL) {
        close(fd);
        return ov_err_set(err, OV_EIO, "cannot start a workbook: %s",
                          errno ? strerror(errno) : "out of memory");
    }
    b.bold = workbook_add_format(b.wb);
    b.date = workbook_add_format(b.wb);
    b.grouped = workbook_add_format(b.wb);
    b.pct = workbook_add_format(b.wb);
    b.rate = workbook_add_format(b.wb);
    b.fixed[0] = workbook_add_format(b.wb);
    format_set_bold(b.bold);
    format_set_num_format(b.date, "yyyy-mm-dd");
    format_set_num_format(b.grouped, "#,##0");
    format_set_num_format(b.pct, "0.0");
    format_set_num_format(b.rate, "#,##0.0");
    format_set_num_format(b.fixed[0], "0");
    st = OV_OK;
    for (i = 0; i < n && st == OV_OK; i++)
        st = write_sheet(&b, &sheets[i]);
    if (st == OV_OK)
        st = write_sources(&b, sheets, n);
    if (st != OV_OK) {
        lxw_workbook_free(b.wb);
        close(fd);
        return st;
    }
    /* closing writes the file and frees the book */
    if ((e = workbook_close(b.wb)) != LXW_NO_ERROR)
        st = ov_err_set(err, OV_EIO, "assembling the workbook: %s", lxw_strerror(e));
    if (st == OV_OK)
        st = copy_out(fd, out, err);
    close(fd);
    return st;
}
