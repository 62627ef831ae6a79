/*
 * chart.h - charts of a table: the model (kind, labelled series with
 * missing values kept as gaps, a "nice" axis, title and caption), its
 * layout as a list of marks shared by the SVG writer and cairo (PNG, PDF),
 * and a text drawing for the terminal. Knows nothing of Lua or the
 * terminal itself: renderers write to the FILE * or buffer they are given.
 * Part of libovcore.
 */
#ifndef OV_CHART_H
#define OV_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ov_error.h"
#include "strbuf.h"
#include "table.h"

enum ov_chart_kind {
    OV_CHART_BAR,     /* horizontal bars, one per row, from zero */
    OV_CHART_STACKED, /* a crosstab: one bar per row, a segment per column */
    OV_CHART_GROUPED, /* a crosstab: one bar per cell, grouped by row */
    OV_CHART_LINE,    /* a series over x; several series by a column */
    OV_CHART_FUNNEL   /* funnel(): points, target, limit curves */
};

/* The kind named s ("bar", ...), or -1. */
int ov_chart_kind_from_name(const char *s);
const char *ov_chart_kind_name(enum ov_chart_kind k);

/* More bars than this are refused (a chart of them cannot be read). */
#define OV_CHART_MAX_BARS 60

struct ov_chart_spec {
    enum ov_chart_kind kind;
    const char *x;               /* label (bar) or x (line) column; NULL: the first */
    const char *y;               /* value column; NULL: n, else the first numeric */
    const char *by;              /* line: the column naming each series; NULL: one */
    const char *title;           /* NULL: made from the columns */
    const char *xlabel, *ylabel; /* NULL: the column names */
    size_t max_bars;             /* 0: OV_CHART_MAX_BARS; more rows: keep the first
                                    max_bars and say so in the note */
};

void ov_chart_spec_init(struct ov_chart_spec *s, enum ov_chart_kind kind);

struct ov_chart_series {
    char *name;
    double *v; /* one per category; NAN: missing, drawn as a gap */
};

/* The funnel's own data (kind OV_CHART_FUNNEL). Figures in percent. */
struct ov_chart_funnel {
    double *whole;         /* x of each point (the denominator) */
    int *flag;             /* -2/+2 outside the outer limits, -1/+1 the inner */
    double target;         /* percent */
    double level[2];       /* 0.95, 0.998 */
    size_t ncurve;         /* points on each limit curve */
    double *cx;            /* denominators of the curve points */
    double *lo[2], *hi[2]; /* limits at cx, percent */
    double xhi, xstep;     /* the denominator axis: 0 .. xhi */
};

typedef struct ov_chart {
    enum ov_chart_kind kind;
    size_t n;      /* categories (bars, x points, funnel units) */
    char **labels; /* n labels (x values as text for lines) */
    size_t nseries;
    struct ov_chart_series *series;
    char *title, *xlabel, *ylabel;
    char *caption; /* "Source: ...; period: ..." or NULL */
    char *note;    /* "showing the first 60 of 120 rows", or NULL */
    bool percent;  /* the values are percentages: the axis says % */
    bool grouped;  /* values print with thousands separators */
    int decimals;  /* decimals of the values as labels */
    double lo, hi; /* the value axis */
    double step;   /* between ticks */
    struct ov_chart_funnel funnel;
} ov_chart;

/* Builds the chart of t. Errors (OV_ENOTFOUND, OV_ETYPE, OV_ERANGE,
 * OV_EINVAL) name the column and say what was expected: a y column that is
 * not numeric, an empty table, a funnel chart of a table that is not a
 * funnel() result. On success *out is the caller's (ov_chart_free). */
ov_status ov_chart_new(const ov_table *t, const struct ov_chart_spec *spec,
                       ov_chart **out, struct ov_err *err);

/* Frees c; accepts NULL. */
void ov_chart_free(ov_chart *c);

/* Formats v as the value axis shows it (thousands separators, "%" on a
 * percent axis, the decimals the step needs) into buf (64 bytes). */
const char *ov_chart_tick(const ov_chart *c, double v, char *buf);

/* Formats v as a value label (the chart's decimals) into buf (64 bytes). */
const char *ov_chart_value(const ov_chart *c, double v, char *buf);

/* Appends the chart's data as a text table (the text alternative): one
 * line per category, tab-separated, a header of the series names. */
void ov_chart_data_text(const ov_chart *c, ov_strbuf *b);

/* ---- layout: the marks both picture renderers draw ---- */

enum ov_mark_kind {
    OV_MARK_RECT,
    OV_MARK_LINE,
    OV_MARK_PATH,
    OV_MARK_DOT,
    OV_MARK_TEXT
};

struct ov_mark {
    enum ov_mark_kind kind;
    const char *cls;   /* "bar", "point", "tick", ...: what the mark shows */
    double x, y, w, h; /* rect; line from (x, y) to (w, h); dot centre and radius w */
    double *pts;       /* path: npts (x, y) pairs; a NAN pair breaks it */
    size_t npts;
    char *text;  /* text, or a rect's / dot's tooltip */
    int anchor;  /* text: 0 start, 1 middle, 2 end */
    double size; /* text: font size in pixels */
    bool bold;
    bool vertical; /* text: rotated -90 degrees */
    uint32_t fill; /* 0xRRGGBB; OV_NOCOLOUR: none */
    uint32_t stroke;
    double stroke_w;
    int dash;  /* 0 solid, 1 dashed, 2 dotted */
    int hatch; /* rect: 0 none, else the pattern of series hatch-1 */
};

#define OV_NOCOLOUR 0xFFFFFFFFu

typedef struct ov_chart_layout {
    double width, height;
    struct ov_mark *marks;
    size_t nmarks, cap;
    char *title, *desc; /* the text alternative */
} ov_chart_layout;

/* Lays c out on a width x height pixel canvas (0: 1280 x 720). On success
 * *out is the caller's (ov_chart_layout_free). */
ov_status ov_chart_layout_new(const ov_chart *c, double width, double height,
                              ov_chart_layout **out, struct ov_err *err);
void ov_chart_layout_free(ov_chart_layout *l);

/* The colour of series i: Okabe-Ito, ordered so neighbours differ in
 * lightness as well as hue. */
uint32_t ov_chart_colour(size_t i);

/* ---- renderers ---- */

/* Writes the layout as an SVG document (deterministic: the same chart gives
 * the same bytes). OV_EIO if writing failed. */
ov_status ov_chart_write_svg(FILE *out, const ov_chart_layout *l, struct ov_err *err);

enum ov_chart_format { OV_CHART_SVG, OV_CHART_PNG, OV_CHART_PDF };

/* The format a file name's extension asks for (".svg", ".png", ".pdf"), or -1. */
int ov_chart_format_for_path(const char *path);

/* Writes the layout as PNG or PDF through cairo. OV_EIO on failure. */
ov_status ov_chart_write_cairo(FILE *out, const ov_chart_layout *l,
                               enum ov_chart_format fmt, struct ov_err *err);

/* Draws c as text into b, width x height character cells (height 0: as
 * the chart needs), in Unicode (eighth blocks, braille) or, when ascii,
 * in ASCII only. */
ov_status ov_chart_text(const ov_chart *c, size_t width, size_t height, bool ascii,
                        ov_strbuf *b, struct ov_err *err);

#endif /* OV_CHART_H */
