/*
 * chart_svg.c - writes a chart's layout as SVG, directly: the same chart
 * gives the same bytes (numbers to one decimal, marks in layout order), so
 * tests compare files. A <title> and <desc> carry the text alternative;
 * every mark has a class saying what it shows. Part of libovcore.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "chart.h"

static void
esc(FILE *out, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
}

static void
colour(FILE *out, const char *attr, uint32_t c)
{
    if (c == OV_NOCOLOUR)
        fprintf(out, " %s=\"none\"", attr);
    else
        fprintf(out, " %s=\"#%06X\"", attr, (unsigned)c);
}

static void
stroke(FILE *out, const struct ov_mark *m)
{
    colour(out, "stroke", m->stroke);
    if (m->stroke != OV_NOCOLOUR)
        fprintf(out, " stroke-width=\"%.1f\"", m->stroke_w);
    if (m->dash == 1)
        fputs(" stroke-dasharray=\"10 6\"", out);
    else if (m->dash == 2)
        fputs(" stroke-dasharray=\"3 5\"", out);
}

/* Hatches so series differ without colour: diagonal, crossed, dotted... */
static void
patterns(FILE *out)
{
    static const char *const shapes[] = {
        "<path d=\"M0 10L10 0\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>",
        "<path d=\"M0 5H10M5 0V10\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>",
        "<circle cx=\"5\" cy=\"5\" r=\"1.8\" fill=\"#FFFFFF\"/>",
        "<path d=\"M0 0L10 10\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>",
        "<path d=\"M0 5H10\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>",
        "<path d=\"M5 0V10\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>",
        "<path d=\"M0 10L10 0M0 0L10 10\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>",
    };
    fputs("<defs>\n", out);
    for (size_t s = 1; s < 12; s++) {
        fprintf(out,
                "<pattern id=\"hatch%zu\" width=\"10\" height=\"10\" "
                "patternUnits=\"userSpaceOnUse\"><rect width=\"10\" height=\"10\" "
                "fill=\"#%06X\"/>%s</pattern>\n",
                s, (unsigned)ov_chart_colour(s), shapes[(s - 1) % 7]);
    }
    fputs("</defs>\n", out);
}

static void
mark(FILE *out, const struct ov_mark *m)
{
    switch (m->kind) {
    case OV_MARK_RECT:
        fprintf(
            out,
            "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"",
            m->cls, m->x, m->y, m->w, m->h);
        if (m->hatch)
            fprintf(out, " fill=\"url(#hatch%d)\"", m->hatch);
        else
            colour(out, "fill", m->fill);
        break;
    case OV_MARK_LINE:
        fprintf(out,
                "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"",
                m->cls, m->x, m->y, m->w, m->h);
        stroke(out, m);
        break;
    case OV_MARK_PATH: {
        bool pen = false;

        fprintf(out, "<path class=\"%s\" d=\"", m->cls);
        for (size_t i = 0; i < m->npts; i++) {
            double x = m->pts[2 * i], y = m->pts[2 * i + 1];

            if (isnan(y)) {
                pen = false;
                continue;
            }
            fprintf(out, "%s%.1f %.1f", pen ? "L" : "M", x, y);
            pen = true;
        }
        fputs("\" fill=\"none\" stroke-linejoin=\"round\"", out);
        stroke(out, m);
        break;
    }
    case OV_MARK_DOT:
        fprintf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", m->cls,
                m->x, m->y, m->w);
        colour(out, "fill", m->fill);
        stroke(out, m);
        break;
    case OV_MARK_TEXT:
        fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\"",
                m->cls, m->x, m->y, m->size);
        if (m->anchor)
            fprintf(out, " text-anchor=\"%s\"", m->anchor == 1 ? "middle" : "end");
        if (m->bold)
            fputs(" font-weight=\"bold\"", out);
        colour(out, "fill", m->fill);
        fputc('>', out);
        esc(out, m->text);
        fputs("</text>\n", out);
        return;
    }
    if (m->text != NULL) {
        fputs("><title>", out);
        esc(out, m->text);
        fputs("</title></", out);
        fputs(m->kind == OV_MARK_RECT   ? "rect"
              : m->kind == OV_MARK_DOT  ? "circle"
              : m->kind == OV_MARK_LINE ? "line"
                                        : "path",
              out);
        fputs(">\n", out);
    } else
        fputs("/>\n", out);
}

ov_status
ov_chart_write_svg(FILE *out, const ov_chart_layout *l, struct ov_err *err)
{
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"title desc\" "
            "font-family=\"DejaVu Sans, Verdana, sans-serif\">\n<title id=\"title\">",
            l->width, l->height, l->width, l->height);
    esc(out, l->title);
    fputs("</title>\n<desc id=\"desc\">", out);
    esc(out, l->desc);
    fputs("</desc>\n", out);
    patterns(out);
    fprintf(out,
            "<rect class=\"background\" width=\"%.0f\" height=\"%.0f\" "
            "fill=\"#FFFFFF\"/>\n",
            l->width, l->height);
    for (size_t i = 0; i < l->nmarks; i++)
        mark(out, &l->marks[i]);
    fputs("</svg>\n", out);
    if (ferror(out))
        return ov_err_set(err, OV_EIO, "cannot write the chart: %s", strerror(errno));
    return OV_OK;
}
