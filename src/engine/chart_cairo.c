/*
 * chart_cairo.c - draws a chart's layout with cairo, as PNG or PDF, into the
 * FILE * it is given (the caller's atomic file). The same marks as the SVG,
 * so the pictures agree. Part of libovcore.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "chart.h"
#include "ov_dl.h"

/* cairo, opened the first time a chart is drawn as PNG or PDF (ov_dl.h):
 * each cairo function this file calls, looked up by name and called
 * through a pointer of its own type (the macros below), so that a program
 * that draws nothing never maps cairo and the thirty libraries under it.
 * (ov_dl.h) */
#define CAIRO_FUNCTIONS(X)                                                             \
    X(cairo_arc)                                                                       \
    X(cairo_clip)                                                                      \
    X(cairo_create)                                                                    \
    X(cairo_debug_reset_static_data)                                                   \
    X(cairo_destroy)                                                                   \
    X(cairo_fill)                                                                      \
    X(cairo_fill_preserve)                                                             \
    X(cairo_image_surface_create)                                                      \
    X(cairo_line_to)                                                                   \
    X(cairo_move_to)                                                                   \
    X(cairo_new_path)                                                                  \
    X(cairo_paint)                                                                     \
    X(cairo_pdf_surface_create_for_stream)                                             \
    X(cairo_rectangle)                                                                 \
    X(cairo_restore)                                                                   \
    X(cairo_save)                                                                      \
    X(cairo_select_font_face)                                                          \
    X(cairo_set_dash)                                                                  \
    X(cairo_set_font_size)                                                             \
    X(cairo_set_line_join)                                                             \
    X(cairo_set_line_width)                                                            \
    X(cairo_set_source_rgb)                                                            \
    X(cairo_show_text)                                                                 \
    X(cairo_status)                                                                    \
    X(cairo_status_to_string)                                                          \
    X(cairo_stroke)                                                                    \
    X(cairo_surface_destroy)                                                           \
    X(cairo_surface_finish)                                                            \
    X(cairo_surface_status)                                                            \
    X(cairo_surface_write_to_png_stream)                                               \
    X(cairo_text_extents)
static const char *const cairo_names[] = {CAIRO_FUNCTIONS(OV_DL_NAME)};
enum { CAIRO_FUNCTIONS(OV_DL_INDEX) n_cairo_functions };
static void *cairo_fns[n_cairo_functions];
static struct ov_dl cairo_lib =
    OV_DL_INIT(OV_CAIRO_SONAME, "libcairo2", "drawing a chart as PNG or PDF",
               cairo_names, cairo_fns);
#define CAIRO_CALL(f) OV_DL_CALL(cairo_fns, f)
#define cairo_arc CAIRO_CALL(cairo_arc)
#define cairo_clip CAIRO_CALL(cairo_clip)
#define cairo_create CAIRO_CALL(cairo_create)
#define cairo_debug_reset_static_data CAIRO_CALL(cairo_debug_reset_static_data)
#define cairo_destroy CAIRO_CALL(cairo_destroy)
#define cairo_fill CAIRO_CALL(cairo_fill)
#define cairo_fill_preserve CAIRO_CALL(cairo_fill_preserve)
#define cairo_image_surface_create CAIRO_CALL(cairo_image_surface_create)
#define cairo_line_to CAIRO_CALL(cairo_line_to)
#define cairo_move_to CAIRO_CALL(cairo_move_to)
#define cairo_new_path CAIRO_CALL(cairo_new_path)
#define cairo_paint CAIRO_CALL(cairo_paint)
#define cairo_pdf_surface_create_for_stream                                            \
    CAIRO_CALL(cairo_pdf_surface_create_for_stream)
#define cairo_rectangle CAIRO_CALL(cairo_rectangle)
#define cairo_restore CAIRO_CALL(cairo_restore)
#define cairo_save CAIRO_CALL(cairo_save)
#define cairo_select_font_face CAIRO_CALL(cairo_select_font_face)
#define cairo_set_dash CAIRO_CALL(cairo_set_dash)
#define cairo_set_font_size CAIRO_CALL(cairo_set_font_size)
#define cairo_set_line_join CAIRO_CALL(cairo_set_line_join)
#define cairo_set_line_width CAIRO_CALL(cairo_set_line_width)
#define cairo_set_source_rgb CAIRO_CALL(cairo_set_source_rgb)
#define cairo_show_text CAIRO_CALL(cairo_show_text)
#define cairo_status CAIRO_CALL(cairo_status)
#define cairo_status_to_string CAIRO_CALL(cairo_status_to_string)
#define cairo_stroke CAIRO_CALL(cairo_stroke)
#define cairo_surface_destroy CAIRO_CALL(cairo_surface_destroy)
#define cairo_surface_finish CAIRO_CALL(cairo_surface_finish)
#define cairo_surface_status CAIRO_CALL(cairo_surface_status)
#define cairo_surface_write_to_png_stream CAIRO_CALL(cairo_surface_write_to_png_stream)
#define cairo_text_extents CAIRO_CALL(cairo_text_extents)

int
ov_chart_format_for_path(const char *path)
{
    const char *dot = strrchr(path, '.');

    if (dot == NULL)
        return -1;
    if (strcmp(dot, ".svg") == 0)
        return OV_CHART_SVG;
    if (strcmp(dot, ".png") == 0)
        return OV_CHART_PNG;
    if (strcmp(dot, ".pdf") == 0)
        return OV_CHART_PDF;
    return -1;
}

static cairo_status_t
to_file(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS
                                            : CAIRO_STATUS_WRITE_ERROR;
}

static void
rgb(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, (double)((c >> 16) & 255) / 255,
                         (double)((c >> 8) & 255) / 255, (double)(c & 255) / 255);
}

static void
stroke(cairo_t *cr, const struct ov_mark *m)
{
    static const double dashed[] = {10, 6}, dotted[] = {3, 5};

    if (m->stroke == OV_NOCOLOUR)
        return;
    rgb(cr, m->stroke);
    cairo_set_line_width(cr, m->stroke_w);
    cairo_set_dash(cr, m->dash == 1 ? dashed : dotted, m->dash ? 2 : 0, 0);
    cairo_stroke(cr);
}

/* White hatching over a rect, so series differ in grey-scale too. */
static void
hatch(cairo_t *cr, const struct ov_mark *m)
{
    cairo_save(cr);
    cairo_rectangle(cr, m->x, m->y, m->w, m->h);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 2);
    for (double d = -m->h; d < m->w; d += 10 + 4 * (m->hatch % 3)) {
        if (m->hatch % 2) {
            cairo_move_to(cr, m->x + d, m->y + m->h);
            cairo_line_to(cr, m->x + d + m->h, m->y);
        } else {
            cairo_move_to(cr, m->x + d, m->y);
            cairo_line_to(cr, m->x + d + m->h, m->y + m->h);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void
draw_text(cairo_t *cr, const struct ov_mark *m)
{
    cairo_text_extents_t e;

    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           m->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, m->size);
    cairo_text_extents(cr, m->text, &e);
    rgb(cr, m->fill);
    cairo_move_to(cr,
                  m->x - (m->anchor == 1   ? e.x_advance / 2
                          : m->anchor == 2 ? e.x_advance
                                           : 0),
                  m->y);
    cairo_show_text(cr, m->text);
}

static void
draw(cairo_t *cr, const struct ov_mark *m)
{
    switch (m->kind) {
    case OV_MARK_RECT:
        cairo_rectangle(cr, m->x, m->y, m->w, m->h);
        rgb(cr, m->fill);
        cairo_fill(cr);
        if (m->hatch)
            hatch(cr, m);
        break;
    case OV_MARK_LINE:
        cairo_move_to(cr, m->x, m->y);
        cairo_line_to(cr, m->w, m->h);
        stroke(cr, m);
        break;
    case OV_MARK_PATH: {
        bool pen = false;

        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        for (size_t i = 0; i < m->npts; i++) {
            double x = m->pts[2 * i], y = m->pts[2 * i + 1];

            if (isnan(y)) {
                pen = false;
                continue;
            }
            if (pen)
                cairo_line_to(cr, x, y);
            else
                cairo_move_to(cr, x, y);
            pen = true;
        }
        stroke(cr, m);
        break;
    }
    case OV_MARK_DOT:
        cairo_arc(cr, m->x, m->y, m->w, 0, 2 * M_PI);
        rgb(cr, m->fill);
        cairo_fill_preserve(cr);
        stroke(cr, m);
        cairo_new_path(cr);
        break;
    case OV_MARK_TEXT:
        draw_text(cr, m);
        break;
    }
}

ov_status
ov_chart_write_cairo(FILE *out, const ov_chart_layout *l, enum ov_chart_format fmt,
                     struct ov_err *err)
{
    cairo_surface_t *s;
    cairo_t *cr;
    cairo_status_t cs;
    ov_status st;

    if ((st = ov_dl_load(&cairo_lib, err)) != OV_OK)
        return st;
    if (fmt == OV_CHART_PDF)
        s = cairo_pdf_surface_create_for_stream(to_file, out, l->width, l->height);
    else
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)l->width,
                                       (int)l->height);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (size_t i = 0; i < l->nmarks; i++)
        draw(cr, &l->marks[i]);
    cs = cairo_status(cr);
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS && fmt == OV_CHART_PNG)
        cs = cairo_surface_write_to_png_stream(s, to_file, out);
    cairo_surface_finish(s);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    /* cairo keeps fonts in caches it never frees: free them now that no
     * cairo object is left, so a leak checker (make check under valgrind)
     * sees none */
    cairo_debug_reset_static_data();
    if (cs != CAIRO_STATUS_SUCCESS)
        return ov_err_set(err, OV_EIO, "cannot draw the chart: %s",
                          cairo_status_to_string(cs));
    return OV_OK;
}
