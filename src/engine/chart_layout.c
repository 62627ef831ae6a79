/*
 * chart_layout.c - places a chart's marks on a pixel canvas: title, legend,
 * bars or lines or the funnel, axes with their ticks and labels, caption.
 * The SVG writer and cairo draw the same list, so a PNG and an SVG of one
 * chart agree. Sizes are for a projector: 1280 x 720 with text of 18 px
 * and more. Part of libovcore.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "chart_int.h"
#include "format.h"
#include "ov_mem.h"
#include "value.h"

#define FONT_TITLE 30.0
#define FONT_LABEL 20.0
#define FONT_TICK 18.0
#define FONT_NOTE 16.0
#define INK 0x222222u
#define GRID 0xD0D0D0u

/* Okabe & Ito (2008), ordered so neighbours differ in lightness too. */
static const uint32_t palette[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
                                   0xD55E00, 0x56B4E9, 0x000000, 0xF0E442};

uint32_t
ov_chart_colour(size_t i)
{
    return palette[i % 8];
}

struct box {
    double x0, y0, x1, y1; /* the plot area */
};

static struct ov_mark *
add(ov_chart_layout *l, enum ov_mark_kind k, const char *cls)
{
    struct ov_mark *m;

    if (l->nmarks == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        struct ov_mark *p = ov_realloc(l->marks, cap * sizeof *p);

        if (p == NULL)
            return NULL;
        l->marks = p;
        l->cap = cap;
    }
    m = &l->marks[l->nmarks++];
    memset(m, 0, sizeof *m);
    m->kind = k;
    m->cls = cls;
    m->fill = OV_NOCOLOUR;
    m->stroke = OV_NOCOLOUR;
    return m;
}

/* Estimated width of text in DejaVu Sans (about 0.6 em a character). */
static double
text_w(const char *s, double size)
{
    return 0.6 * size * (double)ov_text_width(s, strlen(s));
}

static bool
text(ov_chart_layout *l, const char *cls, double x, double y, const char *s,
     double size, int anchor, uint32_t colour)
{
    struct ov_mark *m = add(l, OV_MARK_TEXT, cls);

    if (m == NULL || (m->text = ov_strdup(s)) == NULL)
        return false;
    m->x = x;
    m->y = y;
    m->size = size;
    m->anchor = anchor;
    m->fill = colour;
    return true;
}

static bool
line(ov_chart_layout *l, const char *cls, double x0, double y0, double x1, double y1,
     uint32_t colour, double w, int dash)
{
    struct ov_mark *m = add(l, OV_MARK_LINE, cls);

    if (m == NULL)
        return false;
    m->x = x0;
    m->y = y0;
    m->w = x1;
    m->h = y1;
    m->stroke = colour;
    m->stroke_w = w;
    m->dash = dash;
    return true;
}

static bool
rect(ov_chart_layout *l, const char *cls, double x, double y, double w, double h,
     size_t series, const char *tip)
{
    struct ov_mark *m = add(l, OV_MARK_RECT, cls);

    if (m == NULL || (tip != NULL && (m->text = ov_strdup(tip)) == NULL))
        return false;
    m->x = x;
    m->y = y;
    m->w = w;
    m->h = h;
    m->fill = ov_chart_colour(series);
    m->hatch = series > 0 ? (int)series : 0;
    return true;
}

/* Shortens s to fit w pixels, ending it with "…". */
static void
fit(char *out, size_t cap, const char *s, double w, double size)
{
    size_t n = strlen(s);

    snprintf(out, cap, "%s", s);
    while (n > 1 && text_w(out, size) > w) {
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        snprintf(out, cap, "%.*s…", (int)n, s);
    }
}

static double
scale(double v, double lo, double hi, double a, double b)
{
    return a + (v - lo) / (hi - lo) * (b - a);
}

/* Ticks of the value axis: along x (horizontal bars) or y. */
static bool
value_axis(ov_chart_layout *l, const ov_chart *c, const struct box *b, bool along_x)
{
    char buf[64];
    bool ok = true;

    for (double v = c->lo; v <= c->hi + c->step * 1e-6; v += c->step) {
        double p = along_x ? scale(v, c->lo, c->hi, b->x0, b->x1)
                           : scale(v, c->lo, c->hi, b->y1, b->y0);

        ov_chart_tick(c, v, buf);
        if (along_x) {
            ok = ok && line(l, "grid", p, b->y0, p, b->y1, GRID, 1, 0) &&
                 text(l, "tick", p, b->y1 + 24, buf, FONT_TICK, 1, INK);
        } else {
            ok = ok && line(l, "grid", b->x0, p, b->x1, p, GRID, 1, 0) &&
                 text(l, "tick", b->x0 - 8, p + 6, buf, FONT_TICK, 2, INK);
        }
    }
    return ok;
}

/* The key to the series under the title, wrapped to the width; *y is the
 * baseline of its last row. */
static bool
legend(ov_chart_layout *l, const ov_chart *c, double *y)
{
    double x = 40;
    bool ok = true;

    for (size_t s = 0; s < c->nseries && ok; s++) {
        double w = 26 + text_w(c->series[s].name, FONT_TICK);

        if (x > 40 && x + w > l->width - 40) {
            x = 40;
            *y += 30;
        }
        ok = rect(l, "key", x, *y - 16, 20, 20, s, NULL) &&
             text(l, "legend", x + 26, *y, c->series[s].name, FONT_TICK, 0, INK);
        x += w + 24;
    }
    return ok;
}

static bool
bars(ov_chart_layout *l, const ov_chart *c, double top)
{
    double lw = 0, row, bh;
    struct box b;
    char buf[64], lab[256];
    bool ok = true;

    for (size_t i = 0; i < c->n; i++)
        lw = fmax(lw, text_w(c->labels[i], FONT_LABEL));
    lw = fmin(lw, 0.35 * l->width);
    b.x0 = 40 + lw + 12;
    b.x1 = l->width - 110;
    b.y0 = top;
    b.y1 = l->height - 110;
    row = (b.y1 - b.y0) / (double)c->n;
    bh = fmin(row * 0.75, 60);
    ok = value_axis(l, c, &b, true) &&
         text(l, "xlabel", 40, top - 12, c->xlabel, FONT_LABEL, 0, INK) &&
         text(l, "ylabel", (b.x0 + b.x1) / 2, b.y1 + 54, c->ylabel, FONT_LABEL, 1, INK);
    for (size_t i = 0; i < c->n && ok; i++) {
        double y = b.y0 + row * (double)i + (row - bh) / 2, cum = 0, sub = bh;
        double zero = scale(fmax(c->lo, 0), c->lo, c->hi, b.x0, b.x1);

        if (c->kind == OV_CHART_GROUPED)
            sub = bh / (double)c->nseries;
        fit(lab, sizeof lab, c->labels[i], lw, FONT_LABEL);
        ok = text(l, "label", b.x0 - 12, y + bh / 2 + 7, lab, FONT_LABEL, 2, INK);
        for (size_t s = 0; s < c->nseries && ok; s++) {
            double v = c->series[s].v[i],
                   yy = y + (c->kind == OV_CHART_GROUPED ? sub * (double)s : 0);
            double x0 = c->kind == OV_CHART_STACKED
                            ? scale(cum, c->lo, c->hi, b.x0, b.x1)
                            : zero,
                   x1;

            if (isnan(v)) {
                if (c->nseries == 1)
                    ok = text(l, "missing", zero + 6, yy + sub / 2 + 6, "(missing)",
                              FONT_TICK, 0, 0x666666);
                continue;
            }
            x1 = scale(c->kind == OV_CHART_STACKED ? cum + v : v, c->lo, c->hi, b.x0,
                       b.x1);
            ov_chart_value(c, v, buf);
            ok = rect(l, "bar", fmin(x0, x1), yy, fabs(x1 - x0), sub, s, buf);
            if (ok && c->kind != OV_CHART_STACKED && sub >= 14)
                ok = text(l, "value", x1 + 6, yy + sub / 2 + 6, buf,
                          fmin(FONT_TICK, sub * 0.9), 0, INK);
            cum += v;
        }
    }
    return ok && line(l, "axis", b.x0, b.y0, b.x0, b.y1, INK, 2, 0);
}

/* A path through (x[i], y[i]); NAN in y breaks it (a gap, not a zero). */
static bool
path(ov_chart_layout *l, const char *cls, const double *x, const double *y, size_t n,
     uint32_t colour, double w, int dash)
{
    struct ov_mark *m = add(l, OV_MARK_PATH, cls);

    if (m == NULL || (m->pts = ov_malloc(2 * n * sizeof(double) + 1)) == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        m->pts[2 * i] = x[i];
        m->pts[2 * i + 1] = y[i];
    }
    m->npts = n;
    m->stroke = colour;
    m->stroke_w = w;
    m->dash = dash;
    return true;
}

static bool
dot(ov_chart_layout *l, const char *cls, double x, double y, double r, uint32_t colour,
    const char *tip)
{
    struct ov_mark *m = add(l, OV_MARK_DOT, cls);

    if (m == NULL || (tip != NULL && (m->text = ov_strdup(tip)) == NULL))
        return false;
    m->x = x;
    m->y = y;
    m->w = r;
    m->fill = colour;
    m->stroke = 0xFFFFFF;
    m->stroke_w = 1.5;
    return true;
}

static bool
lines(ov_chart_layout *l, const ov_chart *c, double top)
{
    struct box b = {110, top, l->width - 200, l->height - 110};
    double *xs = ov_malloc((c->n + 1) * sizeof(double));
    double *ys = ov_malloc((c->n + 1) * sizeof(double));
    size_t every = c->n / 12 + 1;
    char buf[64];
    bool ok = xs != NULL && ys != NULL;

    if (ok)
        ok = value_axis(l, c, &b, false) &&
             text(l, "xlabel", (b.x0 + b.x1) / 2, b.y1 + 64, c->xlabel, FONT_LABEL, 1,
                  INK) &&
             text(l, "ylabel", 40, top - 16, c->ylabel, FONT_LABEL, 0, INK);
    for (size_t i = 0; i < c->n && ok; i++) {
        xs[i] = c->n == 1
                    ? (b.x0 + b.x1) / 2
                    : scale((double)i, 0, (double)(c->n - 1), b.x0 + 20, b.x1 - 20);
        if (i % every == 0 || i == c->n - 1)
            ok = text(l, "label", xs[i], b.y1 + 28, c->labels[i], FONT_TICK, 1, INK);
    }
    for (size_t s = 0; s < c->nseries && ok; s++) {
        size_t last = c->n;

        for (size_t i = 0; i < c->n; i++) {
            double v = c->series[s].v[i];

            ys[i] = isnan(v) ? NAN : scale(v, c->lo, c->hi, b.y1, b.y0);
            if (!isnan(v))
                last = i;
        }
        ok = path(l, "line", xs, ys, c->n, ov_chart_colour(s), 4, (int)(s % 3));
        for (size_t i = 0; i < c->n && ok; i++)
            if (!isnan(ys[i]))
                ok = dot(l, "point", xs[i], ys[i], 6, ov_chart_colour(s),
                         ov_chart_value(c, c->series[s].v[i], buf));
        if (ok && c->nseries > 1 && last < c->n)
            ok = text(l, "series", xs[last] + 12, ys[last] + 6, c->series[s].name,
                      FONT_TICK, 0, ov_chart_colour(s));
    }
    ov_free(xs);
    ov_free(ys);
    return ok && line(l, "axis", b.x0, b.y1, b.x1, b.y1, INK, 2, 0);
}

static bool
funnel(ov_chart_layout *l, const ov_chart *c, double top)
{
    const struct ov_chart_funnel *f = &c->funnel;
    struct box b = {110, top, l->width - 60, l->height - 110};
    double *xs = ov_malloc(f->ncurve * sizeof(double));
    double *ys = ov_malloc(f->ncurve * sizeof(double));
    char buf[64], tip[320];
    double placed[64][2]; /* outlier labels so far: x and y, to keep apart */
    size_t nplaced = 0;
    bool ok = xs != NULL && ys != NULL;

    if (ok)
        ok = value_axis(l, c, &b, false) &&
             text(l, "xlabel", (b.x0 + b.x1) / 2, b.y1 + 64, c->xlabel, FONT_LABEL, 1,
                  INK) &&
             text(l, "ylabel", 40, top - 16, c->ylabel, FONT_LABEL, 0, INK);
    for (double v = 0; ok && v <= f->xhi + f->xstep * 1e-6; v += f->xstep) {
        ov_value_format_int_grouped(buf, (int64_t)llround(v), ',');
        ok = text(l, "tick", scale(v, 0, f->xhi, b.x0, b.x1), b.y1 + 28, buf, FONT_TICK,
                  1, INK);
    }
    for (int k = 0; ok && k < 2; k++)
        for (int side = 0; ok && side < 2; side++) {
            for (size_t i = 0; i < f->ncurve; i++) {
                double v = side ? f->hi[k][i] : f->lo[k][i];

                xs[i] = scale(f->cx[i], 0, f->xhi, b.x0, b.x1);
                ys[i] = scale(fmin(fmax(v, c->lo), c->hi), c->lo, c->hi, b.y1, b.y0);
            }
            ok = path(l, k ? "limit998" : "limit95", xs, ys, f->ncurve,
                      k ? INK : 0x666666, k ? 2.5 : 2, k ? 0 : 1);
        }
    if (ok)
        ok = line(l, "target", b.x0, scale(f->target, c->lo, c->hi, b.y1, b.y0), b.x1,
                  scale(f->target, c->lo, c->hi, b.y1, b.y0), 0xD55E00, 2.5, 0);
    for (size_t i = 0; ok && i < c->n; i++) {
        double x = scale(f->whole[i], 0, f->xhi, b.x0, b.x1);
        double y = scale(c->series[0].v[i], c->lo, c->hi, b.y1, b.y0);

        snprintf(tip, sizeof tip, "%s: %s", c->labels[i],
                 ov_chart_value(c, c->series[0].v[i], buf));
        ok = dot(l, f->flag[i] ? "outlier" : "point", x, y, f->flag[i] ? 8 : 6,
                 f->flag[i] ? 0xD55E00 : 0x0072B2, tip);
        if (ok && f->flag[i] != 0) {
            double ty = y + 6, w = text_w(c->labels[i], FONT_NOTE);

            /* labels of neighbouring outliers would overprint: step down */
            for (size_t p = 0; p < nplaced; p++)
                if (fabs(placed[p][1] - ty) < FONT_NOTE + 4 &&
                    fabs(placed[p][0] - x) < w + 20) {
                    ty = placed[p][1] + FONT_NOTE + 4;
                    p = (size_t)-1;
                }
            if (nplaced < 64) {
                placed[nplaced][0] = x;
                placed[nplaced++][1] = ty;
            }
            ok = text(l, "outlier-label", x + 11, ty, c->labels[i], FONT_NOTE, 0, INK);
        }
    }
    snprintf(tip, sizeof tip, "target %s; dashed: %g%% limits; solid: %g%% limits",
             ov_chart_value(c, f->target, buf), 100 * f->level[0], 100 * f->level[1]);
    ok = ok && text(l, "legend", b.x1, top - 16, tip, FONT_NOTE, 2, INK);
    ov_free(xs);
    ov_free(ys);
    return ok && line(l, "axis", b.x0, b.y1, b.x1, b.y1, INK, 2, 0);
}

static bool
lay_out(ov_chart_layout *l, const ov_chart *c)
{
    double top = 110, key = 96;
    bool ok = text(l, "title", 40, 48, c->title, FONT_TITLE, 0, INK);

    if (ok && c->nseries > 1 && c->kind != OV_CHART_LINE) {
        ok = legend(l, c, &key);
        top = key + 54;
    }
    if (ok)
        ok = c->kind == OV_CHART_LINE     ? lines(l, c, top)
             : c->kind == OV_CHART_FUNNEL ? funnel(l, c, top)
                                          : bars(l, c, top);
    if (ok && c->caption != NULL)
        ok = text(l, "caption", 40, l->height - 20, c->caption, FONT_NOTE, 0, 0x444444);
    if (ok && c->note != NULL)
        ok = text(l, "note", l->width - 40, l->height - 20, c->note, FONT_NOTE, 2,
                  0x444444);
    if (ok)
        l->marks[0].bold = true;
    return ok;
}

ov_status
ov_chart_layout_new(const ov_chart *c, double width, double height,
                    ov_chart_layout **out, struct ov_err *err)
{
    ov_chart_layout *l = ov_calloc(1, sizeof *l);
    ov_strbuf d = OV_STRBUF_INIT;

    *out = NULL;
    if (l == NULL)
        return ov_err_nomem(err, "laying out a chart");
    l->width = width > 0 ? width : 1280;
    l->height = height > 0 ? height : 720;
    if (l->width < 320 || l->height < 200 || l->width > 10000 || l->height > 10000) {
        ov_chart_layout_free(l);
        return ov_err_set(
            err, OV_ERANGE,
            "a chart of %.0f x %.0f pixels: width must be 320 to 10000 and "
            "height 200 to 10000",
            width, height);
    }
    ov_strbuf_printf(&d, "%s chart. ", ov_chart_kind_name(c->kind));
    if (c->caption)
        ov_strbuf_printf(&d, "%s. ", c->caption);
    if (c->note)
        ov_strbuf_printf(&d, "Note: %s. ", c->note);
    ov_strbuf_puts(&d, "Data:\n");
    ov_chart_data_text(c, &d);
    l->desc = ov_strbuf_take(&d);
    l->title = ov_strdup(c->title);
    if (l->desc == NULL || l->title == NULL || !lay_out(l, c)) {
        ov_chart_layout_free(l);
        return ov_err_nomem(err, "laying out a chart");
    }
    *out = l;
    return OV_OK;
}

void
ov_chart_layout_free(ov_chart_layout *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->nmarks; i++) {
        ov_free(l->marks[i].text);
        ov_free(l->marks[i].pts);
    }
    ov_free(l->marks);
    ov_free(l->title);
    ov_free(l->desc);
    ov_free(l);
}
