/*
 * chart_text.c - a chart drawn as text for the terminal, fitted to a width
 * and height in cells: bars in eighth blocks with an axis of ticks, lines
 * and funnels in braille dots (2 x 4 a cell); ASCII only when asked (a
 * terminal that is not UTF-8). Part of libovcore.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "chart_int.h"
#include "format.h"
#include "ov_mem.h"
#include "value.h"

static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
static const char *const solid_u[] = {"█", "▓", "░", "▒", "▚", "▞"};
static const char solid_a[] = {'#', '=', '+', '-', '%', 'o'};

static size_t
tw(const char *s)
{
    return ov_text_width(s, strlen(s));
}

/* s padded or cut ("…" / "~") to exactly w cells. */
static void
put_fit(ov_strbuf *b, const char *s, size_t w, bool right, bool ascii)
{
    size_t n = strlen(s), cw = tw(s);

    if (cw > w) {
        size_t keep = 0, cells = 0;

        while (keep < n && cells + ov_text_byte_width(s, n, keep) < w)
            cells += ov_text_byte_width(s, n, keep++);
        while (keep < n && ((unsigned char)s[keep] & 0xC0) == 0x80)
            keep++;
        ov_strbuf_append(b, s, keep);
        ov_strbuf_puts(b, ascii ? "~" : "…");
        ov_strbuf_repeat(b, " ", w - cells - 1);
        return;
    }
    if (right)
        ov_strbuf_repeat(b, " ", w - cw);
    ov_strbuf_puts(b, s);
    if (!right)
        ov_strbuf_repeat(b, " ", w - cw);
}

static void
bar_cells(ov_strbuf *b, double cells, size_t s, bool ascii, bool partial)
{
    size_t whole = (size_t)floor(cells);
    int part =
        partial && (ascii || s == 0) ? (int)floor((cells - (double)whole) * 8) : 0;

    for (size_t i = 0; i < whole; i++) {
        if (ascii)
            ov_strbuf_putc(b, solid_a[s % 6]);
        else
            ov_strbuf_puts(b, solid_u[s % 6]);
    }
    if (part > 0 && !ascii)
        ov_strbuf_puts(b, eighths[part]);
    else if (part >= 4 && ascii)
        ov_strbuf_putc(b, solid_a[s % 6]);
}

/* The axis under the bars: a rule with a tick at each step, then the tick
 * labels under their ticks (one left out where it would overlap). */
static void
bar_axis(ov_strbuf *b, const ov_chart *c, size_t indent, size_t bw, bool ascii)
{
    ov_strbuf lab = OV_STRBUF_INIT;
    size_t used = 0;
    char buf[64];

    ov_strbuf_repeat(b, " ", indent);
    for (size_t i = 0; i <= bw; i++) {
        bool tick = false;

        for (double v = c->lo; v <= c->hi + c->step * 1e-6; v += c->step)
            tick = tick ||
                   (size_t)llround((v - c->lo) / (c->hi - c->lo) * (double)bw) == i;
        ov_strbuf_puts(b, ascii ? (tick ? "+" : "-") : i == 0 ? "└" : tick ? "┴" : "─");
    }
    ov_strbuf_putc(b, '\n');
    ov_strbuf_repeat(&lab, " ", indent);
    used = indent;
    for (double v = c->lo; v <= c->hi + c->step * 1e-6; v += c->step) {
        size_t at =
            indent + (size_t)llround((v - c->lo) / (c->hi - c->lo) * (double)bw);
        size_t w = tw(ov_chart_tick(c, v, buf));
        size_t start = at >= w / 2 ? at - w / 2 : 0;

        if (start < used + (used > indent ? 1 : 0) && v > c->lo)
            continue;
        if (start < used)
            start = used;
        ov_strbuf_repeat(&lab, " ", start - used);
        ov_strbuf_puts(&lab, buf);
        used = start + w;
    }
    ov_strbuf_append(b, lab.data, lab.len);
    ov_strbuf_putc(b, '\n');
    ov_strbuf_free(&lab);
}

/* The key to the series, wrapped to the width. */
static void
legend(ov_strbuf *b, const ov_chart *c, size_t width, size_t indent, bool ascii)
{
    size_t used = 0;

    if (c->nseries < 2)
        return;
    for (size_t s = 0; s < c->nseries; s++) {
        size_t w = 3 + tw(c->series[s].name);

        if (used > 0 && used + 3 + w > width) {
            ov_strbuf_putc(b, '\n');
            used = 0;
        }
        if (used == 0) {
            ov_strbuf_repeat(b, " ", indent);
            used = indent;
        } else {
            ov_strbuf_puts(b, "   ");
            used += 3;
        }
        bar_cells(b, 2, s, ascii, false);
        ov_strbuf_printf(b, " %s", c->series[s].name);
        used += w;
    }
    ov_strbuf_putc(b, '\n');
}

static void
bars(ov_strbuf *b, const ov_chart *c, size_t width, bool ascii)
{
    size_t lw = 0, vw = 0, bw;
    char buf[64];

    for (size_t i = 0; i < c->n; i++) {
        lw = tw(c->labels[i]) > lw ? tw(c->labels[i]) : lw;
        for (size_t s = 0; s < c->nseries; s++) {
            size_t w = isnan(c->series[s].v[i])
                           ? 9
                           : tw(ov_chart_value(c, c->series[s].v[i], buf));

            vw = w > vw ? w : vw;
        }
    }
    if (lw > width / 3)
        lw = width / 3;
    bw = width > lw + vw + 12 ? width - lw - vw - 4 : 8;
    legend(b, c, width, 0, ascii);
    for (size_t i = 0; i < c->n; i++) {
        double cum = 0;
        size_t rows = c->kind == OV_CHART_GROUPED ? c->nseries : 1;

        for (size_t r = 0; r < rows; r++) {
            size_t drawn = 0;

            put_fit(b, r == 0 ? c->labels[i] : "", lw, false, ascii);
            ov_strbuf_puts(b, ascii ? " |" : " │");
            for (size_t s = 0; s < c->nseries; s++) {
                double v = c->series[s].v[i];

                if ((c->kind == OV_CHART_GROUPED && s != r) ||
                    (c->kind == OV_CHART_BAR && s > 0))
                    continue;
                if (isnan(v)) {
                    if (c->kind != OV_CHART_STACKED)
                        ov_strbuf_puts(b, " (missing)");
                    continue;
                }
                if (c->kind == OV_CHART_STACKED) {
                    size_t to = (size_t)llround((cum + v - c->lo) / (c->hi - c->lo) *
                                                (double)bw);

                    bar_cells(b, (double)(to - drawn), s, ascii, false);
                    drawn = to;
                    cum += v;
                } else {
                    bar_cells(b, (v - c->lo) / (c->hi - c->lo) * (double)bw,
                              c->kind == OV_CHART_GROUPED ? s : 0, ascii, true);
                    ov_strbuf_printf(b, " %s", ov_chart_value(c, v, buf));
                }
            }
            if (c->kind == OV_CHART_STACKED)
                ov_strbuf_printf(b, " %s", ov_chart_value(c, cum, buf));
            ov_strbuf_putc(b, '\n');
        }
    }
    bar_axis(b, c, lw + 1, bw, ascii);
    put_fit(b, "", lw + 1, false, ascii);
    ov_strbuf_printf(b, "%s\n", c->ylabel);
}

/* ---- braille plots ---- */

struct canvas {
    size_t w, h;       /* cells */
    uint8_t *dots;     /* braille bits per cell */
    const char **over; /* a character drawn over the cell, or NULL */
    double xlo, xhi, ylo, yhi;
};

static void
plot(struct canvas *k, double x, double y)
{
    double fx = (x - k->xlo) / (k->xhi - k->xlo) * (double)(2 * k->w - 1);
    double fy = (k->yhi - y) / (k->yhi - k->ylo) * (double)(4 * k->h - 1);
    static const uint8_t bit[4][2] = {
        {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    long px = lround(fx), py = lround(fy);

    if (isnan(y) || px < 0 || py < 0 || px >= (long)(2 * k->w) ||
        py >= (long)(4 * k->h))
        return;
    k->dots[(size_t)(py / 4) * k->w + (size_t)(px / 2)] |= bit[py % 4][px % 2];
}

/* A segment in data units, as dots close enough to look continuous. */
static void
segment(struct canvas *k, double x0, double y0, double x1, double y1)
{
    double dx = (x1 - x0) / (k->xhi - k->xlo) * 2 * (double)k->w;
    double dy = (y1 - y0) / (k->yhi - k->ylo) * 4 * (double)k->h;
    size_t n = (size_t)ceil(fmax(fabs(dx), fabs(dy))) + 1;

    for (size_t i = 0; i <= n && n < 100000; i++) {
        double t = (double)i / (double)n;

        plot(k, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    }
}

static void
cell_at(struct canvas *k, double x, double y, const char *ch)
{
    long cx = lround((x - k->xlo) / (k->xhi - k->xlo) * (double)(k->w - 1));
    long cy = lround((k->yhi - y) / (k->yhi - k->ylo) * (double)(k->h - 1));

    if (cx >= 0 && cy >= 0 && cx < (long)k->w && cy < (long)k->h)
        k->over[(size_t)cy * k->w + (size_t)cx] = ch;
}

static void
emit(ov_strbuf *b, const ov_chart *c, struct canvas *k, size_t yw, bool ascii)
{
    char buf[64];

    for (size_t r = 0; r < k->h; r++) {
        const char *lab = "";

        for (double v = c->lo; v <= c->hi + c->step * 1e-6; v += c->step)
            if ((size_t)lround((c->hi - v) / (c->hi - c->lo) * (double)(k->h - 1)) == r)
                lab = ov_chart_tick(c, v, buf);
        put_fit(b, lab, yw, true, ascii);
        ov_strbuf_puts(b, ascii ? " |" : " ┤");
        for (size_t x = 0; x < k->w; x++) {
            uint8_t d = k->dots[r * k->w + x];
            const char *o = k->over[r * k->w + x];

            if (o != NULL)
                ov_strbuf_puts(b, o);
            else if (ascii)
                ov_strbuf_putc(b, d ? '.' : ' ');
            else if (d == 0)
                ov_strbuf_putc(b, ' ');
            else {
                unsigned cp = 0x2800u + d;
                char u[4] = {(char)(0xE0 | (cp >> 12)),
                             (char)(0x80 | ((cp >> 6) & 0x3F)),
                             (char)(0x80 | (cp & 0x3F)), 0};
                ov_strbuf_puts(b, u);
            }
        }
        ov_strbuf_putc(b, '\n');
    }
    ov_strbuf_repeat(b, " ", yw + 1);
    ov_strbuf_puts(b, ascii ? "+" : "└");
    ov_strbuf_repeat(b, ascii ? "-" : "─", k->w);
    ov_strbuf_putc(b, '\n');
}

/* x labels under the plot: the first, the middle and the last. */
static void
x_labels(ov_strbuf *b, size_t yw, size_t w, const char *first, const char *mid,
         const char *last)
{
    size_t lw = strlen(last) < w ? tw(last) : 0, fw = tw(first), mw = tw(mid);
    size_t mat = w / 2 > mw / 2 ? w / 2 - mw / 2 : 0;

    ov_strbuf_repeat(b, " ", yw + 2);
    ov_strbuf_puts(b, first);
    if (mid[0] && mat > fw + 1 && mat + mw + 1 < w - lw) {
        ov_strbuf_repeat(b, " ", mat - fw);
        ov_strbuf_puts(b, mid);
        fw = mat + mw;
    }
    if (w > fw + lw)
        ov_strbuf_repeat(b, " ", w - fw - lw);
    ov_strbuf_printf(b, "%s\n", last);
}

static size_t
y_width(const ov_chart *c)
{
    char buf[64];
    size_t w = 0;

    for (double v = c->lo; v <= c->hi + c->step * 1e-6; v += c->step)
        w = tw(ov_chart_tick(c, v, buf)) > w ? tw(buf) : w;
    return w;
}

static void
lines(ov_strbuf *b, const ov_chart *c, struct canvas *k, size_t yw, bool ascii)
{
    static const char *const marks_a[] = {"*", "o", "+", "x", "#", "@"};

    k->xlo = 0;
    k->xhi = c->n > 1 ? (double)(c->n - 1) : 1;
    for (size_t s = 0; s < c->nseries; s++) {
        const double *v = c->series[s].v;

        for (size_t i = 0; i < c->n; i++) {
            if (ascii || c->nseries > 1)
                if (!isnan(v[i]))
                    cell_at(k, (double)i, v[i],
                            ascii ? marks_a[s % 6] : solid_u[s % 6]);
            if (!ascii && i + 1 < c->n && !isnan(v[i]) && !isnan(v[i + 1]))
                segment(k, (double)i, v[i], (double)(i + 1), v[i + 1]);
            else if (!ascii && !isnan(v[i]))
                plot(k, (double)i, v[i]);
        }
    }
    emit(b, c, k, yw, ascii);
    x_labels(b, yw, k->w, c->labels[0], c->n > 2 ? c->labels[c->n / 2] : "",
             c->n > 1 ? c->labels[c->n - 1] : "");
    if (c->nseries > 1) {
        ov_strbuf_repeat(b, " ", yw + 2);
        for (size_t s = 0; s < c->nseries; s++)
            ov_strbuf_printf(b, "%s %s%s", ascii ? marks_a[s % 6] : solid_u[s % 6],
                             c->series[s].name, s + 1 < c->nseries ? "   " : "\n");
    }
}

static void
funnel(ov_strbuf *b, const ov_chart *c, struct canvas *k, size_t yw, bool ascii)
{
    const struct ov_chart_funnel *f = &c->funnel;
    char lo[64], hi[64];

    k->xlo = 0;
    k->xhi = f->xhi;
    segment(k, 0, f->target, f->xhi, f->target);
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; i + 1 < f->ncurve; i++) {
            segment(k, f->cx[i], fmax(f->lo[j][i], c->lo), f->cx[i + 1],
                    fmax(f->lo[j][i + 1], c->lo));
            segment(k, f->cx[i], fmin(f->hi[j][i], c->hi), f->cx[i + 1],
                    fmin(f->hi[j][i + 1], c->hi));
        }
    for (size_t i = 0; i < c->n; i++)
        cell_at(k, f->whole[i], c->series[0].v[i],
                f->flag[i] ? (ascii ? "X" : "◆") : (ascii ? "o" : "●"));
    emit(b, c, k, yw, ascii);
    ov_value_format_int_grouped(lo, 0, ',');
    ov_value_format_int_grouped(hi, (int64_t)llround(f->xhi), ',');
    x_labels(b, yw, k->w, lo, c->xlabel, hi);
    ov_strbuf_printf(b,
                     "%s %s within, %s outside a limit; lines: the target and the %g%% "
                     "and %g%% limits\n",
                     ascii ? "" : "", ascii ? "o" : "●", ascii ? "X" : "◆",
                     100 * f->level[0], 100 * f->level[1]);
    for (int side = 1; side >= -1; side -= 2) {
        bool any = false;

        for (size_t i = 0; i < c->n; i++)
            if (f->flag[i] * side > 0) {
                ov_strbuf_printf(b, "%s%s%s",
                                 any        ? ", "
                                 : side > 0 ? "above: "
                                            : "below: ",
                                 c->labels[i],
                                 f->flag[i] * side == 2 ? " (99.8%)" : "");
                any = true;
            }
        if (any)
            ov_strbuf_putc(b, '\n');
    }
}

ov_status
ov_chart_text(const ov_chart *c, size_t width, size_t height, bool ascii, ov_strbuf *b,
              struct ov_err *err)
{
    struct canvas k = {0};
    size_t yw = y_width(c);

    if (width < 30)
        width = 30;
    if (width > 1000)
        width = 1000;
    ov_strbuf_printf(b, "%s\n", c->title);
    if (c->kind == OV_CHART_LINE || c->kind == OV_CHART_FUNNEL) {
        k.w = width > yw + 3 ? width - yw - 3 : 10;
        k.h = height > 4 ? height - 4 : 12;
        k.ylo = c->lo;
        k.yhi = c->hi;
        k.dots = ov_calloc(k.w * k.h, 1);
        k.over = ov_calloc(k.w * k.h, sizeof *k.over);
        if (k.dots == NULL || k.over == NULL) {
            ov_free(k.dots);
            ov_free(k.over);
            return ov_err_nomem(err, "drawing a chart");
        }
        ov_strbuf_printf(b, "%s\n", c->ylabel);
        if (c->kind == OV_CHART_LINE)
            lines(b, c, &k, yw, ascii);
        else
            funnel(b, c, &k, yw, ascii);
        ov_free(k.dots);
        ov_free(k.over);
    } else
        bars(b, c, width, ascii);
    if (c->note != NULL)
        ov_strbuf_printf(b, "(%s)\n", c->note);
    if (c->caption != NULL)
        ov_strbuf_printf(b, "%s\n", c->caption);
    if (ov_strbuf_status(b) != OV_OK)
        return ov_err_nomem(err, "drawing a chart");
    return OV_OK;
}
