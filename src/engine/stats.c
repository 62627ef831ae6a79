/*
 * stats.c - percentages, rates, changes and percentage points as exact
 * fractions (fraction.c); rounding half away from zero or cutting, decided
 * on the fraction; the figure's text, and its arithmetic explained in plain
 * words. Claims are read in claim.c and checked in verdict.c. Engine code:
 * no Lua, no printing.
 *
 * Exactness: a double given by a user (3787, 147430.53) stands for its
 * shortest decimal text, so it is read back as that decimal fraction and
 * every figure is a ratio of 128-bit integers. Only when a number is too
 * long for that do the functions fall back to binary floating point.
 */
#include "config.h"

#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fraction.h"
#include "stats_int.h"
#include "value.h"

typedef ov_i128 i128;

/* ---------------------------------------------------------------------
 * Figures
 * --------------------------------------------------------------------- */

bool
ov_figure_q(const struct ov_figure *f, struct ov_q *out)
{
    if (!f->exact)
        return false;
    out->n = f->qn;
    out->d = f->qd;
    return true;
}

/* stores v in f if it fits 64 bits (and can be negated), else keeps only
 * the double */
static void
fig_set(struct ov_figure *f, bool ok, struct ov_q v, double fallback)
{
    f->exact = ok && v.n > INT64_MIN && v.n <= INT64_MAX && v.d <= INT64_MAX;
    if (f->exact) {
        f->qn = (int64_t)v.n;
        f->qd = (int64_t)v.d;
        f->value = (double)((long double)v.n / (long double)v.d);
    } else {
        f->qn = 0;
        f->qd = 1;
        f->value = fallback;
    }
}

static ov_status
finite_args(const char *fname, double a, double b, struct ov_err *err)
{
    if (!isfinite(a) || !isfinite(b))
        return ov_err_set(err, OV_EINVAL, "%s: the numbers must be finite", fname);
    return OV_OK;
}

/* Every figure is below OV_FIGURE_MAX in size, so that its value times
 * 10^12 (the most decimals any text of it needs) fits a 128-bit integer and
 * every digit printed is a digit of the value. A figure beyond it (a
 * percentage of a quadrillion) comes from numbers that are wrong or not
 * counts, and is refused rather than printed as something else. */
static ov_status
fig_in_range(const struct ov_figure *f, const char *unit, struct ov_err *err)
{
    static const char *const names[] = {"pct", "rate", "change", "pp"};
    char a[OV_VALUE_TEXT_MAX], b[OV_VALUE_TEXT_MAX], per[OV_VALUE_TEXT_MAX + 2] = "";

    if (isfinite(f->value) && fabs(f->value) < OV_FIGURE_MAX)
        return OV_OK;
    ov_value_format_float(a, f->a, OV_FLOAT_G);
    ov_value_format_float(b, f->b, OV_FLOAT_G);
    if (f->kind == OV_FIG_RATE) {
        per[0] = ',';
        per[1] = ' ';
        ov_value_format_float(per + 2, f->per, OV_FLOAT_G);
    }
    if (!isfinite(f->value))
        return ov_err_set(
            err, OV_EINVAL,
            "%s(%s, %s%s): the %s is beyond the largest number; check the "
            "numbers",
            names[f->kind], a, b, per, unit);
    return ov_err_set(
        err, OV_EINVAL,
        "%s(%s, %s%s): the %s, %.7g, is too large to show exactly (a figure "
        "must be below 10^15 in size); check the numbers",
        names[f->kind], a, b, per, unit, f->value);
}

/* per × part / whole */
static ov_status
ratio(struct ov_figure *f, double part, double whole, double per, struct ov_err *err)
{
    struct ov_q p, w, m, v;
    bool ok = ov_q_from_double(part, &p) && ov_q_from_double(whole, &w) &&
              ov_q_from_double(per, &m) && ov_q_mul(p, m, &v) && ov_q_div(v, w, &v);

    /* as the explanation works it: part ÷ whole, then × per (per × part
     * could overflow where the figure does not) */
    fig_set(f, ok, v, part / whole * per);
    return fig_in_range(f, f->kind == OV_FIG_PCT ? "percentage" : "rate", err);
}

ov_status
ov_figure_pct(double part, double whole, struct ov_figure *f, struct ov_err *err)
{
    memset(f, 0, sizeof *f);
    if (finite_args("pct", part, whole, err) != OV_OK)
        return err->status;
    if (whole == 0)
        return ov_err_set(err, OV_EINVAL,
                          "pct: the whole is 0, so there is no percentage");
    f->kind = OV_FIG_PCT;
    f->a = part;
    f->b = whole;
    f->per = 100;
    f->places = 1;
    return ratio(f, part, whole, 100, err);
}

ov_status
ov_figure_rate(double part, double whole, double per, struct ov_figure *f,
               struct ov_err *err)
{
    memset(f, 0, sizeof *f);
    if (finite_args("rate", part, whole, err) != OV_OK ||
        finite_args("rate", per, 0, err) != OV_OK)
        return err->status;
    if (whole == 0)
        return ov_err_set(err, OV_EINVAL, "rate: the whole is 0, so there is no rate");
    if (per <= 0)
        return ov_err_set(err, OV_EINVAL,
                          "rate: 'per' must be above 0 (1000 for per 1,000)");
    f->kind = OV_FIG_RATE;
    f->a = part;
    f->b = whole;
    f->per = per;
    f->places = 1;
    return ratio(f, part, whole, per, err);
}

ov_status
ov_figure_of_cell(const ov_column *c, size_t r, struct ov_figure *f, struct ov_err *err)
{
    if (c->num == NULL || r >= c->n)
        return ov_err_set(err, OV_EINVAL, "not a percentage or rate column");
    if (c->per > 0)
        return ov_figure_rate(c->num[r], c->den[r], c->per, f, err);
    if (c->change)
        return ov_figure_change(c->den[r], c->den[r] + c->num[r], f, err);
    return ov_figure_pct(c->num[r], c->den[r], f, err);
}

ov_status
ov_figure_change(double old, double new_, struct ov_figure *f, struct ov_err *err)
{
    struct ov_q o, n, v;
    bool ok;

    memset(f, 0, sizeof *f);
    if (finite_args("change", old, new_, err) != OV_OK)
        return err->status;
    if (old == 0)
        return ov_err_set(
            err, OV_EINVAL,
            "change: the old value is 0, so there is no percentage change");
    f->kind = OV_FIG_CHANGE;
    f->a = old;
    f->b = new_;
    f->per = 100;
    f->places = 1;
    /* the explanation prints new − old: it must be a number */
    if (!isfinite(new_ - old)) {
        char a[OV_VALUE_TEXT_MAX], b[OV_VALUE_TEXT_MAX];

        ov_value_format_float(a, old, OV_FLOAT_G);
        ov_value_format_float(b, new_, OV_FLOAT_G);
        return ov_err_set(
            err, OV_EINVAL,
            "change(%s, %s): %s − %s is beyond the largest number; check the "
            "numbers",
            a, b, b, a);
    }
    ok = ov_q_from_double(old, &o) && ov_q_from_double(new_, &n) &&
         ov_q_sub(n, o, &v) && ov_q_mul(v, ov_q_int(100), &v) && ov_q_div(v, o, &v);
    fig_set(f, ok, v, (new_ - old) / old * 100.0);
    return fig_in_range(f, "percentage change", err);
}

ov_status
ov_figure_pp(const struct ov_figure *x, double xv, const struct ov_figure *y, double yv,
             struct ov_figure *f, struct ov_err *err)
{
    struct ov_q a, b, v;
    bool ok;

    memset(f, 0, sizeof *f);
    if (x != NULL)
        xv = x->value;
    if (y != NULL)
        yv = y->value;
    if (finite_args("pp", xv, yv, err) != OV_OK)
        return err->status;
    if ((x != NULL && x->kind == OV_FIG_RATE) || (y != NULL && y->kind == OV_FIG_RATE))
        return ov_err_set(err, OV_EINVAL, "pp: give two percentages, not rates");
    f->kind = OV_FIG_PP;
    f->a = xv;
    f->b = yv;
    f->per = 100;
    f->places = 1;
    ok = (x != NULL ? ov_figure_q(x, &a) : ov_q_from_double(xv, &a)) &&
         (y != NULL ? ov_figure_q(y, &b) : ov_q_from_double(yv, &b)) &&
         ov_q_sub(a, b, &v);
    fig_set(f, ok, v, xv - yv);
    return fig_in_range(f, "difference", err);
}

int
ov_figure_cmp(const struct ov_figure *f, double n, double d)
{
    struct ov_q a, b, t;
    int c;

    if (ov_figure_q(f, &a) && ov_q_from_double(n, &b) && ov_q_from_double(d, &t) &&
        ov_q_div(b, t, &b) && ov_q_cmp(a, b, &c))
        return c;
    return (f->value > n / d) - (f->value < n / d);
}

/* the scaled integer of a figure at places, exact or from the double */
i128
ov_figure_scaled(const struct ov_figure *f, int places, enum ov_rounding r)
{
    struct ov_q v;
    i128 s;

    if (ov_figure_q(f, &v) && ov_q_scaled(v, places, r == OV_ROUND_HALF_AWAY, &s))
        return s;
    /* not exact: judged on the value's shortest decimal text, which for a
     * figure (below OV_FIGURE_MAX) has at most 17 digits and an exponent
     * from -13 up; anything smaller is 0 at 12 decimals or fewer */
    if (fabs(f->value) < 1e-13 || !ov_q_from_double(f->value, &v) ||
        !ov_q_scaled(v, places, r == OV_ROUND_HALF_AWAY, &s))
        return 0;
    return s;
}

size_t
ov_figure_digits(char *buf, const struct ov_figure *f, int places, enum ov_rounding r)
{
    if (places < 0)
        places = 0;
    if (places > 9)
        places = 9;
    return ov_scaled_text(buf, ov_figure_scaled(f, places, r), places, false);
}

/* a plain number with grouped thousands, as given (3,787; 147,430.53) */
size_t
ov_number_text(char *buf, double x)
{
    char t[OV_VALUE_TEXT_MAX];
    const char *dot;
    size_t n, k = 0, i, intlen, start;

    n = ov_value_format_float(t, x, OV_FLOAT_G);
    if (memchr(t, 'e', n) != NULL) {
        memcpy(buf, t, n + 1);
        return n;
    }
    start = t[0] == '-' ? 1 : 0;
    dot = strchr(t, '.');
    intlen = (dot != NULL ? (size_t)(dot - t) : n) - start;
    if (start)
        buf[k++] = '-';
    for (i = 0; i < intlen; i++) {
        buf[k++] = t[start + i];
        if ((intlen - i - 1) % 3 == 0 && i + 1 < intlen)
            buf[k++] = ',';
    }
    for (i = start + intlen; i < n; i++)
        buf[k++] = t[i];
    buf[k] = '\0';
    return k;
}

size_t
ov_figure_text(char *buf, const struct ov_figure *f)
{
    size_t n;

    switch (f->kind) {
    case OV_FIG_PCT:
        n = ov_scaled_text(buf, ov_figure_scaled(f, f->places, OV_ROUND_HALF_AWAY),
                           f->places, false);
        buf[n++] = '%';
        buf[n] = '\0';
        return n;
    case OV_FIG_CHANGE:
        n = ov_scaled_text(buf, ov_figure_scaled(f, f->places, OV_ROUND_HALF_AWAY),
                           f->places, true);
        buf[n++] = '%';
        buf[n] = '\0';
        return n;
    case OV_FIG_PP:
        n = ov_scaled_text(buf, ov_figure_scaled(f, f->places, OV_ROUND_HALF_AWAY),
                           f->places, true);
        memcpy(buf + n, " pp", 4);
        return n + 3;
    case OV_FIG_RATE:
    default: {
        char per[48];

        n = ov_scaled_text(buf, ov_figure_scaled(f, f->places, OV_ROUND_HALF_AWAY),
                           f->places, false);
        ov_number_text(per, f->per);
        return n + (size_t)snprintf(buf + n, 64 - n, " per %s", per);
    }
    }
}

/* ---------------------------------------------------------------------
 * Explanations
 * --------------------------------------------------------------------- */

/* x to seven significant digits, "…" when that is not all of it */
static void
approx(char *buf, size_t size, double x)
{
    char t[64], g[OV_VALUE_TEXT_MAX];
    int decimals = 6;
    size_t n;
    double ax = fabs(x);

    /* far from 1 in size, fixed decimals would show noise or nothing:
     * seven significant digits with an exponent (1e-300, 3.333333e+17…) */
    if (!isfinite(x) || ax >= 1e15 || (ax > 0 && ax < 1e-9)) {
        snprintf(t, sizeof t, "%.7g", x);
        snprintf(buf, size, "%s%s", t, !isfinite(x) || strtod(t, NULL) == x ? "" : "…");
        return;
    }
    if (ax >= 1)
        decimals = 6 - (int)floor(log10(ax));
    else if (ax > 0)
        decimals = 6 + (int)ceil(-log10(ax));
    if (decimals < 0)
        decimals = 0;
    if (decimals > 15)
        decimals = 15;
    snprintf(t, sizeof t, "%.*f", decimals, x);
    n = strlen(t);
    if (strchr(t, '.') != NULL) {
        while (n > 0 && t[n - 1] == '0')
            t[--n] = '\0';
        if (n > 0 && t[n - 1] == '.')
            t[--n] = '\0';
    }
    ov_number_text(g, strtod(t, NULL));
    /* keep the digits of t, grouped: ov_number_text gives shortest text of the
     * same double, which is t itself once trailing zeros are gone */
    snprintf(buf, size, "%s%s", g, strtod(t, NULL) == x ? "" : "…");
}

/* a number as typed in a call: 3787 */
static void
put_plain(ov_strbuf *out, double x)
{
    char buf[OV_VALUE_TEXT_MAX];

    ov_value_format_float(buf, x, OV_FLOAT_G);
    ov_strbuf_puts(out, buf);
}

void
ov_put_number(ov_strbuf *out, double x)
{
    char buf[OV_VALUE_TEXT_MAX + 8];

    ov_number_text(buf, x);
    ov_strbuf_puts(out, buf);
}

/* the rounding step: "to 1 decimal place, half away from zero: 0.2%"
 * and why, from the first digit dropped */
static void
explain_rounding(ov_strbuf *out, const struct ov_figure *f, const char *shown)
{
    i128 more = ov_figure_scaled(f, f->places + 1, OV_ROUND_TRUNC);
    int next = (int)((more < 0 ? -more : more) % 10);
    struct ov_q v;
    bool exact_here = false;

    if (ov_figure_q(f, &v)) {
        i128 s;
        struct ov_q back;

        /* is the value exactly its cut at places? then nothing rounds */
        if (ov_q_scaled(v, f->places, false, &s) && ov_q_pow10(f->places, &back.d)) {
            back = ov_q_norm(s, back.d);
            exact_here = back.n == v.n && back.d == v.d;
        }
    }
    ov_strbuf_printf(out, "  to %d decimal place%s, rounding half away from zero: %s\n",
                     f->places, f->places == 1 ? "" : "s", shown);
    if (exact_here)
        ov_strbuf_puts(out, "    (nothing to round: the value has no more digits)\n");
    else if (next >= 5)
        ov_strbuf_printf(out,
                         "    (the next digit is %d: 5 or more, so the last digit kept "
                         "goes up)\n",
                         next);
    else
        ov_strbuf_printf(out,
                         "    (the next digit is %d: less than 5, so the digits kept "
                         "stay as they are)\n",
                         next);
}

void
ov_figure_explain(ov_strbuf *out, const struct ov_figure *f)
{
    char shown[80], x[64], y[64];
    double per = f->kind == OV_FIG_RATE ? f->per : 100;

    ov_figure_text(shown, f);
    switch (f->kind) {
    case OV_FIG_PCT:
    case OV_FIG_RATE:
        ov_strbuf_printf(out, "%s(", f->kind == OV_FIG_PCT ? "pct" : "rate");
        put_plain(out, f->a);
        ov_strbuf_puts(out, ", ");
        put_plain(out, f->b);
        if (f->kind == OV_FIG_RATE) {
            ov_strbuf_puts(out, ", ");
            put_plain(out, f->per);
            ov_strbuf_puts(out, "): ");
            ov_put_number(out, f->a);
            ov_strbuf_puts(out, " for ");
            ov_put_number(out, f->b);
            ov_strbuf_puts(out, ", as a rate per ");
            ov_put_number(out, f->per);
        } else {
            ov_strbuf_puts(out, "): ");
            ov_put_number(out, f->a);
            ov_strbuf_puts(out, " as a percentage of ");
            ov_put_number(out, f->b);
        }
        ov_strbuf_puts(out, "\n  ");
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " ÷ ");
        ov_put_number(out, f->b);
        approx(x, sizeof x, f->a / f->b);
        ov_strbuf_printf(out, " = %s\n  %s × ", x, x);
        ov_put_number(out, per);
        approx(y, sizeof y, f->value);
        ov_strbuf_printf(out, " = %s%s\n", y, f->kind == OV_FIG_PCT ? "%" : "");
        explain_rounding(out, f, shown);
        break;
    case OV_FIG_CHANGE:
        ov_strbuf_puts(out, "change(");
        put_plain(out, f->a);
        ov_strbuf_puts(out, ", ");
        put_plain(out, f->b);
        ov_strbuf_puts(out, "): the percentage change from ");
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " to ");
        ov_put_number(out, f->b);
        ov_strbuf_puts(out, "\n  ");
        ov_put_number(out, f->b);
        ov_strbuf_puts(out, " − ");
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " = ");
        ov_put_number(out, f->b - f->a);
        ov_strbuf_puts(out, "\n  ");
        ov_put_number(out, f->b - f->a);
        ov_strbuf_puts(out, " ÷ ");
        ov_put_number(out, f->a);
        approx(x, sizeof x, (f->b - f->a) / f->a);
        approx(y, sizeof y, f->value);
        ov_strbuf_printf(out, " = %s\n  %s × 100 = %s%%\n", x, x, y);
        explain_rounding(out, f, shown);
        ov_strbuf_printf(out, "  %s\n",
                         f->value > 0   ? "an increase"
                         : f->value < 0 ? "a decrease"
                                        : "no change");
        break;
    case OV_FIG_PP:
        ov_strbuf_puts(out, "pp(");
        put_plain(out, f->a);
        ov_strbuf_puts(out, ", ");
        put_plain(out, f->b);
        ov_strbuf_puts(out, "): the difference between ");
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, "% and ");
        ov_put_number(out, f->b);
        ov_strbuf_puts(out, "%, in percentage points\n  ");
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " − ");
        ov_put_number(out, f->b);
        approx(y, sizeof y, f->value);
        ov_strbuf_printf(out, " = %s\n", y);
        explain_rounding(out, f, shown);
        /* beside it, the relative change, when there is one to show */
        if (f->b != 0 && isfinite(100.0 * (f->a - f->b) / f->b)) {
            approx(x, sizeof x, 100.0 * (f->a - f->b) / f->b);
            ov_strbuf_puts(out, "  not the relative change, which is (");
            ov_put_number(out, f->a);
            ov_strbuf_puts(out, " − ");
            ov_put_number(out, f->b);
            ov_strbuf_puts(out, ") ÷ ");
            ov_put_number(out, f->b);
            ov_strbuf_printf(out, " × 100 = %s%%\n", x);
        }
        break;
    }
}

void
ov_number_approx(char *buf, size_t size, double x)
{
    approx(buf, size, x);
}
