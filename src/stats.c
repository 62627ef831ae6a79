/*
 * stats.c - percentages, rates, changes and percentage points as exact
 * fractions; rounding half away from zero or cutting, decided on the
 * fraction; explanations in plain words; and published claims read from
 * their wording and checked. Engine code: no Lua, no printing.
 *
 * Exactness: a double given by a user (3787, 147430.53) stands for its
 * shortest decimal text, so it is read back as that decimal fraction and
 * every figure is a ratio of 128-bit integers. Only when a number is too
 * long for that do the functions fall back to binary floating point.
 */
#include "config.h"

#include "stats.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

typedef __int128 i128;

/* ---------------------------------------------------------------------
 * Fractions of 128-bit integers
 * --------------------------------------------------------------------- */

struct q {
    i128 n, d; /* d > 0 */
};

static i128
gcd128(i128 a, i128 b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b != 0) {
        i128 t = a % b;

        a = b;
        b = t;
    }
    return a;
}

static struct q
q_norm(i128 n, i128 d)
{
    struct q r;
    i128 g;

    if (d < 0) {
        n = -n;
        d = -d;
    }
    g = gcd128(n, d);
    if (g > 1) {
        n /= g;
        d /= g;
    }
    r.n = n;
    r.d = d;
    return r;
}

static bool
mul128(i128 a, i128 b, i128 *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

static bool
q_mul(struct q a, struct q b, struct q *out)
{
    i128 n, d, g1 = gcd128(a.n, b.d), g2 = gcd128(b.n, a.d);

    if (g1 > 1) {
        a.n /= g1;
        b.d /= g1;
    }
    if (g2 > 1) {
        b.n /= g2;
        a.d /= g2;
    }
    if (!mul128(a.n, b.n, &n) || !mul128(a.d, b.d, &d))
        return false;
    *out = q_norm(n, d);
    return true;
}

static bool
q_div(struct q a, struct q b, struct q *out)
{
    struct q inv;

    if (b.n == 0)
        return false;
    inv = q_norm(b.d, b.n);
    return q_mul(a, inv, out);
}

static bool
q_sub(struct q a, struct q b, struct q *out)
{
    i128 x, y, d;

    if (!mul128(a.n, b.d, &x) || !mul128(b.n, a.d, &y) || !mul128(a.d, b.d, &d) ||
        __builtin_sub_overflow(x, y, &x))
        return false;
    *out = q_norm(x, d);
    return true;
}

/* -1, 0, 1; false if it cannot be decided exactly */
static bool
q_cmp(struct q a, struct q b, int *c)
{
    i128 x, y;

    if (!mul128(a.n, b.d, &x) || !mul128(b.n, a.d, &y))
        return false;
    *c = (x > y) - (x < y);
    return true;
}

static struct q
q_int(int64_t v)
{
    struct q r = {v, 1};

    return r;
}

/* x as the decimal fraction its shortest text stands for */
static bool
q_from_double(double x, struct q *out)
{
    char buf[OV_VALUE_TEXT_MAX], *p, *e;
    i128 m = 0, d = 1;
    int frac = 0, exp10 = 0, digits = 0;
    bool neg = false, dot = false;

    if (!isfinite(x))
        return false;
    ov_format_float(buf, x, OV_FLOAT_G);
    p = buf;
    if (*p == '-') {
        neg = true;
        p++;
    }
    for (; *p != '\0' && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            dot = true;
            continue;
        }
        if (!isdigit((unsigned char)*p))
            return false;
        if (++digits > 30)
            return false;
        m = m * 10 + (*p - '0');
        if (dot)
            frac++;
    }
    if (*p == 'e' || *p == 'E') {
        long v = strtol(p + 1, &e, 10);

        if (*e != '\0' || v < -30 || v > 30)
            return false;
        exp10 = (int)v;
    }
    exp10 -= frac;
    for (; exp10 > 0; exp10--)
        if (!mul128(m, 10, &m))
            return false;
    for (; exp10 < 0; exp10++)
        if (!mul128(d, 10, &d))
            return false;
    *out = q_norm(neg ? -m : m, d);
    return true;
}

static bool
pow10_128(int p, i128 *out)
{
    i128 r = 1;

    while (p-- > 0)
        if (!mul128(r, 10, &r))
            return false;
    *out = r;
    return true;
}

/* v × 10^places rounded by r, as an integer; false if it does not fit */
static bool
q_scaled(struct q v, int places, enum ov_rounding r, i128 *out)
{
    i128 p10, n, an;
    bool neg = v.n < 0;

    if (!pow10_128(places, &p10) || !mul128(v.n, p10, &n))
        return false;
    an = neg ? -n : n;
    if (r == OV_ROUND_HALF_AWAY) {
        i128 two_n;

        if (!mul128(an, 2, &two_n) || __builtin_add_overflow(two_n, v.d, &two_n))
            return false;
        an = two_n / (2 * v.d);
    } else {
        an = an / v.d;
    }
    *out = neg ? -an : an;
    return true;
}

/* ---------------------------------------------------------------------
 * Figures
 * --------------------------------------------------------------------- */

static bool
fig_q(const struct ov_figure *f, struct q *out)
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
fig_set(struct ov_figure *f, bool ok, struct q v, double fallback)
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
    ov_format_float(a, f->a, OV_FLOAT_G);
    ov_format_float(b, f->b, OV_FLOAT_G);
    if (f->kind == OV_FIG_RATE) {
        per[0] = ',';
        per[1] = ' ';
        ov_format_float(per + 2, f->per, OV_FLOAT_G);
    }
    if (!isfinite(f->value))
        return ov_err_set(err, OV_EINVAL,
                          "%s(%s, %s%s): the %s is beyond the largest number; check the "
                          "numbers",
                          names[f->kind], a, b, per, unit);
    return ov_err_set(err, OV_EINVAL,
                      "%s(%s, %s%s): the %s, %.7g, is too large to show exactly (a figure "
                      "must be below 10^15 in size); check the numbers",
                      names[f->kind], a, b, per, unit, f->value);
}

/* per × part / whole */
static ov_status
ratio(struct ov_figure *f, double part, double whole, double per, struct ov_err *err)
{
    struct q p, w, m, v;
    bool ok = q_from_double(part, &p) && q_from_double(whole, &w) &&
              q_from_double(per, &m) && q_mul(p, m, &v) && q_div(v, w, &v);

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
        return ov_err_set(err, OV_EINVAL, "pct: the whole is 0, so there is no percentage");
    f->kind = OV_FIG_PCT;
    f->a = part;
    f->b = whole;
    f->per = 100;
    f->places = 1;
    return ratio(f, part, whole, 100, err);
}

ov_status
ov_figure_rate(double part, double whole, double per, struct ov_figure *f, struct ov_err *err)
{
    memset(f, 0, sizeof *f);
    if (finite_args("rate", part, whole, err) != OV_OK ||
        finite_args("rate", per, 0, err) != OV_OK)
        return err->status;
    if (whole == 0)
        return ov_err_set(err, OV_EINVAL, "rate: the whole is 0, so there is no rate");
    if (per <= 0)
        return ov_err_set(err, OV_EINVAL, "rate: 'per' must be above 0 (1000 for per 1,000)");
    f->kind = OV_FIG_RATE;
    f->a = part;
    f->b = whole;
    f->per = per;
    f->places = 1;
    return ratio(f, part, whole, per, err);
}

ov_status
ov_figure_change(double old, double new_, struct ov_figure *f, struct ov_err *err)
{
    struct q o, n, v;
    bool ok;

    memset(f, 0, sizeof *f);
    if (finite_args("change", old, new_, err) != OV_OK)
        return err->status;
    if (old == 0)
        return ov_err_set(err, OV_EINVAL,
                          "change: the old value is 0, so there is no percentage change");
    f->kind = OV_FIG_CHANGE;
    f->a = old;
    f->b = new_;
    f->per = 100;
    f->places = 1;
    /* the explanation prints new − old: it must be a number */
    if (!isfinite(new_ - old)) {
        char a[OV_VALUE_TEXT_MAX], b[OV_VALUE_TEXT_MAX];

        ov_format_float(a, old, OV_FLOAT_G);
        ov_format_float(b, new_, OV_FLOAT_G);
        return ov_err_set(err, OV_EINVAL,
                          "change(%s, %s): %s − %s is beyond the largest number; check the "
                          "numbers",
                          a, b, b, a);
    }
    ok = q_from_double(old, &o) && q_from_double(new_, &n) && q_sub(n, o, &v) &&
         q_mul(v, q_int(100), &v) && q_div(v, o, &v);
    fig_set(f, ok, v, (new_ - old) / old * 100.0);
    return fig_in_range(f, "percentage change", err);
}

ov_status
ov_figure_pp(const struct ov_figure *x, double xv, const struct ov_figure *y, double yv,
             struct ov_figure *f, struct ov_err *err)
{
    struct q a, b, v;
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
    ok = (x != NULL ? fig_q(x, &a) : q_from_double(xv, &a)) &&
         (y != NULL ? fig_q(y, &b) : q_from_double(yv, &b)) && q_sub(a, b, &v);
    fig_set(f, ok, v, xv - yv);
    return fig_in_range(f, "difference", err);
}

double
ov_figure_value(const struct ov_figure *f)
{
    return f->value;
}

int
ov_figure_cmp(const struct ov_figure *f, double n, double d)
{
    struct q a, b, t;
    int c;

    if (fig_q(f, &a) && q_from_double(n, &b) && q_from_double(d, &t) && q_div(b, t, &b) &&
        q_cmp(a, b, &c))
        return c;
    return (f->value > n / d) - (f->value < n / d);
}

/* the scaled integer of a figure at places, exact or from the double */
static i128
fig_scaled(const struct ov_figure *f, int places, enum ov_rounding r)
{
    struct q v;
    i128 s;

    if (fig_q(f, &v) && q_scaled(v, places, r, &s))
        return s;
    /* not exact: judged on the value's shortest decimal text, which for a
     * figure (below OV_FIGURE_MAX) has at most 17 digits and an exponent
     * from -13 up; anything smaller is 0 at 12 decimals or fewer */
    if (fabs(f->value) < 1e-13 || !q_from_double(f->value, &v) || !q_scaled(v, places, r, &s))
        return 0;
    return s;
}

/* writes the integer s / 10^places with grouped thousands; returns length */
static size_t
scaled_text(char *buf, i128 s, int places, bool plus)
{
    char rev[64];
    size_t n = 0, k = 0, i;
    bool neg = s < 0;
    int pos = 0;

    if (neg)
        s = -s;
    do {
        if (pos == places && places > 0)
            rev[n++] = '.';
        if (pos > places && (pos - places) % 3 == 0)
            rev[n++] = ',';
        rev[n++] = (char)('0' + (int)(s % 10));
        s /= 10;
        pos++;
    } while (s > 0 || pos <= places);
    if (neg)
        buf[k++] = '-';
    else if (plus && !(n == 1 && rev[0] == '0') && strspn(rev, "0.,") != n)
        buf[k++] = '+';
    for (i = n; i > 0; i--)
        buf[k++] = rev[i - 1];
    buf[k] = '\0';
    return k;
}

size_t
ov_figure_digits(char *buf, const struct ov_figure *f, int places, enum ov_rounding r)
{
    if (places < 0)
        places = 0;
    if (places > 9)
        places = 9;
    return scaled_text(buf, fig_scaled(f, places, r), places, false);
}

/* a plain number with grouped thousands, as given (3,787; 147,430.53) */
static size_t
number_text(char *buf, double x)
{
    char t[OV_VALUE_TEXT_MAX];
    const char *dot;
    size_t n, k = 0, i, intlen, start;

    n = ov_format_float(t, x, OV_FLOAT_G);
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
        n = scaled_text(buf, fig_scaled(f, f->places, OV_ROUND_HALF_AWAY), f->places, false);
        buf[n++] = '%';
        buf[n] = '\0';
        return n;
    case OV_FIG_CHANGE:
        n = scaled_text(buf, fig_scaled(f, f->places, OV_ROUND_HALF_AWAY), f->places, true);
        buf[n++] = '%';
        buf[n] = '\0';
        return n;
    case OV_FIG_PP:
        n = scaled_text(buf, fig_scaled(f, f->places, OV_ROUND_HALF_AWAY), f->places, true);
        memcpy(buf + n, " pp", 4);
        return n + 3;
    case OV_FIG_RATE:
    default: {
        char per[48];

        n = scaled_text(buf, fig_scaled(f, f->places, OV_ROUND_HALF_AWAY), f->places, false);
        number_text(per, f->per);
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
    number_text(g, strtod(t, NULL));
    /* keep the digits of t, grouped: number_text gives shortest text of the
     * same double, which is t itself once trailing zeros are gone */
    snprintf(buf, size, "%s%s", g, strtod(t, NULL) == x ? "" : "…");
}

/* a number as typed in a call: 3787 */
static void
put_plain(ov_strbuf *out, double x)
{
    char buf[OV_VALUE_TEXT_MAX];

    ov_format_float(buf, x, OV_FLOAT_G);
    ov_strbuf_puts(out, buf);
}

static void
put_num(ov_strbuf *out, double x)
{
    char buf[OV_VALUE_TEXT_MAX + 8];

    number_text(buf, x);
    ov_strbuf_puts(out, buf);
}

/* the rounding step: "to 1 decimal place, half away from zero: 0.2%"
 * and why, from the first digit dropped */
static void
explain_rounding(ov_strbuf *out, const struct ov_figure *f, const char *shown)
{
    i128 more = fig_scaled(f, f->places + 1, OV_ROUND_TRUNC);
    int next = (int)((more < 0 ? -more : more) % 10);
    struct q v;
    bool exact_here = false;

    if (fig_q(f, &v)) {
        i128 s;
        struct q back;

        /* is the value exactly its cut at places? then nothing rounds */
        if (q_scaled(v, f->places, OV_ROUND_TRUNC, &s) && pow10_128(f->places, &back.d)) {
            back = q_norm(s, back.d);
            exact_here = back.n == v.n && back.d == v.d;
        }
    }
    ov_strbuf_printf(out, "  to %d decimal place%s, rounding half away from zero: %s\n",
                     f->places, f->places == 1 ? "" : "s", shown);
    if (exact_here)
        ov_strbuf_puts(out, "    (nothing to round: the value has no more digits)\n");
    else if (next >= 5)
        ov_strbuf_printf(out, "    (the next digit is %d: 5 or more, so the last digit kept "
                              "goes up)\n", next);
    else
        ov_strbuf_printf(out, "    (the next digit is %d: less than 5, so the digits kept "
                              "stay as they are)\n", next);
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
            put_num(out, f->a);
            ov_strbuf_puts(out, " for ");
            put_num(out, f->b);
            ov_strbuf_puts(out, ", as a rate per ");
            put_num(out, f->per);
        } else {
            ov_strbuf_puts(out, "): ");
            put_num(out, f->a);
            ov_strbuf_puts(out, " as a percentage of ");
            put_num(out, f->b);
        }
        ov_strbuf_puts(out, "\n  ");
        put_num(out, f->a);
        ov_strbuf_puts(out, " ÷ ");
        put_num(out, f->b);
        approx(x, sizeof x, f->a / f->b);
        ov_strbuf_printf(out, " = %s\n  %s × ", x, x);
        put_num(out, per);
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
        put_num(out, f->a);
        ov_strbuf_puts(out, " to ");
        put_num(out, f->b);
        ov_strbuf_puts(out, "\n  ");
        put_num(out, f->b);
        ov_strbuf_puts(out, " − ");
        put_num(out, f->a);
        ov_strbuf_puts(out, " = ");
        put_num(out, f->b - f->a);
        ov_strbuf_puts(out, "\n  ");
        put_num(out, f->b - f->a);
        ov_strbuf_puts(out, " ÷ ");
        put_num(out, f->a);
        approx(x, sizeof x, (f->b - f->a) / f->a);
        approx(y, sizeof y, f->value);
        ov_strbuf_printf(out, " = %s\n  %s × 100 = %s%%\n", x, x, y);
        explain_rounding(out, f, shown);
        ov_strbuf_printf(out, "  %s\n", f->value > 0   ? "an increase"
                                         : f->value < 0 ? "a decrease"
                                                        : "no change");
        break;
    case OV_FIG_PP:
        ov_strbuf_puts(out, "pp(");
        put_plain(out, f->a);
        ov_strbuf_puts(out, ", ");
        put_plain(out, f->b);
        ov_strbuf_puts(out, "): the difference between ");
        put_num(out, f->a);
        ov_strbuf_puts(out, "% and ");
        put_num(out, f->b);
        ov_strbuf_puts(out, "%, in percentage points\n  ");
        put_num(out, f->a);
        ov_strbuf_puts(out, " − ");
        put_num(out, f->b);
        approx(y, sizeof y, f->value);
        ov_strbuf_printf(out, " = %s\n", y);
        explain_rounding(out, f, shown);
        /* beside it, the relative change, when there is one to show */
        if (f->b != 0 && isfinite(100.0 * (f->a - f->b) / f->b)) {
            approx(x, sizeof x, 100.0 * (f->a - f->b) / f->b);
            ov_strbuf_puts(out, "  not the relative change, which is (");
            put_num(out, f->a);
            ov_strbuf_puts(out, " − ");
            put_num(out, f->b);
            ov_strbuf_puts(out, ") ÷ ");
            put_num(out, f->b);
            ov_strbuf_printf(out, " × 100 = %s%%\n", x);
        }
        break;
    }
}

/* ---------------------------------------------------------------------
 * Reading a claim
 * --------------------------------------------------------------------- */

/* How the digits of a number were read where a reader could have read
 * them another way; the verdict says which reading was used. */
#define READ_DECIMAL_COMMA 1u /* "10,5": a comma before one or two digits */
#define READ_SPACES 2u        /* "1 000": spaces between groups of three */
#define READ_COMMA_GROUP 4u   /* "1,250": a comma before three digits */
#define READ_WORDS 8u         /* "a million": number words with a scale */

enum tk { TK_WORD, TK_NUM, TK_PCT, TK_BAD };

struct tok {
    enum tk k;
    char w[24];      /* TK_WORD: the word, lowercase */
    int64_t scaled;  /* TK_NUM: the value × 10^places */
    int places;
    bool neg;        /* TK_NUM: written with a minus sign */
    bool overlong;   /* TK_NUM: more than 18 digits, so not read */
    unsigned how;    /* TK_NUM: READ_* */
    const char *bad; /* TK_BAD: why the number cannot be read for certain */
    size_t from, to; /* bytes of the normalised text */
};

/* a claim of 511 bytes has at most 256 tokens that are not spaces apart */
#define MAXTOK 256

/* no figure has more decimals than this (nor a figure's text, 0..9) */
#define CLAIM_MAX_PLACES 9

static bool
dig(char c)
{
    return c >= '0' && c <= '9';
}

static bool
alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* lowercase ASCII; typographic dashes, minus signs and quotes as their
 * plain forms; the spaces typesetters put between thousands (no-break
 * U+00A0, thin U+2009, narrow no-break U+202F, figure U+2007) as plain
 * spaces. Other non-ASCII stays as it is: a separator that joins nothing
 * ("1·5%" is not read as 1.5 or 5). */
static size_t
normalise(const char *in, char *out, size_t size)
{
    size_t k = 0;
    const unsigned char *s = (const unsigned char *)in;

    while (*s != '\0' && k + 1 < size) {
        if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) { /* − minus */
            out[k++] = '-';
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94)) {
            out[k++] = '-';
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99)) {
            out[k++] = '\'';
            s += 3;
        } else if (s[0] == 0xC2 && s[1] == 0xA0) {
            out[k++] = ' ';
            s += 2;
        } else if (s[0] == 0xE2 && s[1] == 0x80 &&
                   (s[2] == 0x87 || s[2] == 0x89 || s[2] == 0xAF)) {
            out[k++] = ' ';
            s += 3;
        } else {
            out[k++] = (char)(alpha((char)*s) ? tolower(*s) : *s);
            s++;
        }
    }
    out[k] = '\0';
    return k;
}

static const char *const units[] = {"zero",    "one",     "two",       "three",    "four",
                                    "five",    "six",     "seven",     "eight",    "nine",
                                    "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                   "sixty",  "seventy", "eighty", "ninety"};

/* 0..19 for a unit word, 20..90 for a tens word, else -1 */
static int
word_number(const char *w)
{
    size_t i;

    for (i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(w, units[i]) == 0)
            return (int)i;
    for (i = 0; i < sizeof tens / sizeof tens[0]; i++)
        if (strcmp(w, tens[i]) == 0)
            return 20 + 10 * (int)i;
    return -1;
}

/* hundred, thousand, million, billion: the number, else 0 */
static int64_t
word_scale(const char *w)
{
    if (strcmp(w, "hundred") == 0)
        return 100;
    if (strcmp(w, "thousand") == 0)
        return 1000;
    if (strcmp(w, "million") == 0)
        return 1000000;
    if (strcmp(w, "billion") == 0)
        return 1000000000;
    return 0;
}

/* the denominator a word names: "thirds" 3, "quarter" 4, "half" 2 */
static int
word_fraction(const char *w)
{
    static const struct {
        const char *w;
        int d;
    } f[] = {{"half", 2},    {"halves", 2},   {"third", 3},   {"thirds", 3},
             {"quarter", 4}, {"quarters", 4}, {"fifth", 5},   {"fifths", 5},
             {"sixth", 6},   {"sixths", 6},   {"seventh", 7}, {"sevenths", 7},
             {"eighth", 8},  {"eighths", 8},  {"ninth", 9},   {"ninths", 9},
             {"tenth", 10},  {"tenths", 10}};
    size_t i;

    for (i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(w, f[i].w) == 0)
            return f[i].d;
    return 0;
}

static size_t
digit_run(const char *s, size_t len, size_t i)
{
    size_t j = i;

    while (j < len && dig(s[j]))
        j++;
    return j - i;
}

/* appends n digits to the number in k; past 18 digits it is overlong and
 * refused, as no published figure needs that many */
static void
add_digits(struct tok *k, const char *s, size_t n, bool decimals, int *count)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (++*count > 18) {
            k->overlong = true;
            continue;
        }
        k->scaled = k->scaled * 10 + (s[i] - '0');
        if (decimals)
            k->places++;
    }
}

/* marks k unreadable for `why` and returns the end of the run of digits,
 * letters and separators between digits it was part of */
static size_t
bad_number(struct tok *k, const char *s, size_t len, size_t i, const char *why)
{
    k->k = TK_BAD;
    k->bad = why;
    while (i < len && (dig(s[i]) || alpha(s[i]) ||
                       ((s[i] == '.' || s[i] == ',') && i + 1 < len && dig(s[i + 1])) ||
                       ((s[i] == '+' || s[i] == '-') && i > 0 && (s[i - 1] == 'e') &&
                        i + 1 < len && dig(s[i + 1]))))
        i++;
    return i;
}

/* the words a number may run into: "10pc", "10per cent", "1.5pp" */
static bool
glued_unit(const char *s, size_t len, size_t i)
{
    static const char *const ok[] = {"pc",  "per",  "percent", "pp",
                                     "ppt", "ppts", "point",   "points"};
    size_t e = i, k;

    while (e < len && alpha(s[e]))
        e++;
    if (e < len && (dig(s[e]) || s[e] == '.'))
        return false;
    for (k = 0; k < sizeof ok / sizeof ok[0]; k++)
        if (strlen(ok[k]) == e - i && memcmp(s + i, ok[k], e - i) == 0)
            return true;
    return false;
}

static const char why_comma3[] =
    "a comma before three digits separates thousands, but the digits before it are not a "
    "group of thousands (1 to 3 digits)";
static const char why_comma4[] =
    "a comma before four or more digits is neither a decimal comma nor a thousands separator";
static const char why_groups[] = "a group of thousands after a comma has three digits";
static const char why_space_comma[] =
    "after spaces between thousands, a comma before three digits could be either a decimal "
    "comma or one more separator";
static const char why_marks[] =
    "it has two decimal marks, or a point and a comma the other way round from English "
    "(1,234.5)";
static const char why_zero[] =
    "it begins with 0, as if it were the end of a longer number split by a space";
static const char why_letters[] =
    "it runs into letters (as in 5e2, 0x10 or 3rd); only plain digits are read";

/* Reads the number at s[i] (a digit, or a point before one) into k and
 * returns where it ends. Thousands are separated by a comma or a space
 * (ASCII or a typesetter's, which normalise made ASCII), and only in groups
 * of three after a first group of 1 to 3 digits; a comma is a decimal comma
 * when one or two digits follow it ("10,5"; three would make it a thousands
 * separator), after a lone 0 ("0,125") or after spaced thousands
 * ("1 000,5"). What could be read two ways is a TK_BAD saying why. */
static size_t
read_number(const char *s, size_t len, size_t i, struct tok *k)
{
    size_t start = i, d0 = digit_run(s, len, i), l;
    int count = 0;
    bool decimal = false;

    memset(k, 0, sizeof *k);
    k->k = TK_NUM;
    k->from = start;
    k->neg = start > 0 && s[start - 1] == '-' &&
             (start < 2 || !(dig(s[start - 2]) || alpha(s[start - 2])));
    if (k->neg)
        k->from = start - 1;
    if (start > 0 && alpha(s[start - 1])) {
        while (k->from > 0 && alpha(s[k->from - 1]))
            k->from--; /* the message shows "x10", not "10" */
        return bad_number(k, s, len, i, why_letters);
    }
    add_digits(k, s + i, d0, false, &count);
    i += d0;
    if (d0 > 0 && i + 1 < len && s[i] == ',' && dig(s[i + 1])) {
        l = digit_run(s, len, i + 1);
        if ((d0 == 1 && s[start] == '0') || l <= 2) {
            add_digits(k, s + i + 1, l, true, &count);
            i += 1 + l;
            k->how |= READ_DECIMAL_COMMA;
            decimal = true;
        } else if (l == 3 && d0 <= 3 && s[start] != '0') {
            int groups = 0;

            while (i + 1 < len && s[i] == ',' && dig(s[i + 1])) {
                if (digit_run(s, len, i + 1) != 3)
                    return bad_number(k, s, len, i, why_groups);
                add_digits(k, s + i + 1, 3, false, &count);
                i += 4;
                groups++;
            }
            if (groups == 1 && !(i + 1 < len && s[i] == '.' && dig(s[i + 1])))
                k->how |= READ_COMMA_GROUP;
        } else {
            return bad_number(k, s, len, i, l == 3 ? why_comma3 : why_comma4);
        }
    } else if (d0 >= 1 && d0 <= 3 && s[start] != '0' && i + 1 < len && s[i] == ' ' &&
               digit_run(s, len, i + 1) == 3) {
        while (i + 1 < len && s[i] == ' ' && digit_run(s, len, i + 1) == 3) {
            add_digits(k, s + i + 1, 3, false, &count);
            i += 4;
        }
        k->how |= READ_SPACES;
        if (i + 1 < len && s[i] == ',' && dig(s[i + 1])) {
            l = digit_run(s, len, i + 1);
            if (l == 3)
                return bad_number(k, s, len, i, why_space_comma);
            add_digits(k, s + i + 1, l, true, &count);
            i += 1 + l;
            k->how |= READ_DECIMAL_COMMA;
            decimal = true;
        }
    }
    if (!decimal && i + 1 < len && s[i] == '.' && dig(s[i + 1])) {
        l = digit_run(s, len, i + 1);
        add_digits(k, s + i + 1, l, true, &count);
        i += 1 + l;
        decimal = true;
    }
    if (i + 1 < len && (s[i] == '.' || s[i] == ',') && dig(s[i + 1]))
        return bad_number(k, s, len, i, why_marks);
    if (d0 >= 2 && s[start] == '0' && !(k->how & READ_DECIMAL_COMMA))
        return bad_number(k, s, len, i, why_zero);
    if (i < len && alpha(s[i]) && !glued_unit(s, len, i))
        return bad_number(k, s, len, i, why_letters);
    k->to = i;
    return i;
}

/* Reads number words from t[r] ("twenty-five", "a hundred", "two hundred
 * and fifty thousand", "a million"): how many tokens, 0 if none; the
 * value in *v; READ_WORDS in *how when a thousand or more was named. */
static size_t
number_words(const struct tok *t, size_t n, size_t r, int64_t *v, unsigned *how)
{
    int64_t total = 0, cur = 0, last_scale = INT64_MAX, v_and = 0;
    size_t j = r, j_and = 0;
    bool small = false, after_tens = false, any = false;
    unsigned how_and = 0;

    *how = 0;
    /* "a" is one only before a hundred, thousand, million or billion */
    if (j + 1 < n && t[j].k == TK_WORD && strcmp(t[j].w, "a") == 0 &&
        t[j + 1].k == TK_WORD && word_scale(t[j + 1].w) > 0) {
        cur = 1;
        j++;
    }
    for (; j < n && t[j].k == TK_WORD; j++) {
        int u = word_number(t[j].w);
        int64_t sc = word_scale(t[j].w);

        if (u >= 0 && u < 20) {
            if ((small && !(after_tens && u >= 1 && u <= 9)) || (u == 0 && (any || cur > 0)))
                break;
            cur += u;
            small = true;
            after_tens = false;
        } else if (u >= 20) {
            if (small)
                break;
            cur += u;
            small = true;
            after_tens = true;
        } else if (sc == 100) {
            if (cur >= 100 || (any && cur == 0))
                break;
            cur = (cur == 0 ? 1 : cur) * 100;
            small = after_tens = false;
        } else if (sc > 100) {
            if (sc >= last_scale || (any && cur == 0 && total == 0))
                break;
            total += (cur == 0 ? 1 : cur) * sc;
            last_scale = sc;
            cur = 0;
            small = after_tens = false;
            *how |= READ_WORDS;
        } else if (strcmp(t[j].w, "and") == 0 && any && !small && j + 1 < n &&
                   t[j + 1].k == TK_WORD && word_number(t[j + 1].w) > 0) {
            /* "two hundred and fifty"; remembered, as "a hundred and two
             * hundred" shows the "and" joined two numbers instead */
            j_and = j;
            v_and = total + cur;
            how_and = *how;
            continue;
        } else {
            break;
        }
        any = true;
    }
    if (!any && cur == 0)
        return 0;
    if (j_and > 0 && j < n && t[j].k == TK_WORD && word_scale(t[j].w) > 0) {
        *v = v_and;
        *how = how_and;
        return j_and - r;
    }
    *v = total + cur;
    return j - r;
}

/* Splits the normalised claim into words, numbers and "%". A number that
 * cannot be read for certain is a TK_BAD, refused if it is the figure.
 * Returns the count, or MAXTOK + 1 when there are too many. */
static size_t
tokenize(const char *s, struct tok *t, size_t max)
{
    size_t i = 0, n = 0, len = strlen(s);

    while (i < len) {
        unsigned char c = (unsigned char)s[i];

        if (n == max && (dig((char)c) || alpha((char)c) || c == '%' ||
                         (c == '.' && i + 1 < len && dig(s[i + 1]))))
            return max + 1;
        if (dig((char)c) || (c == '.' && i + 1 < len && dig(s[i + 1]))) {
            i = read_number(s, len, i, &t[n]);
            t[n].to = i;
            n++;
        } else if (alpha((char)c)) {
            struct tok *k = &t[n];
            size_t j = 0;

            memset(k, 0, sizeof *k);
            k->k = TK_WORD;
            k->from = i;
            while (i < len && (alpha(s[i]) || s[i] == '\'')) {
                if (j + 1 < sizeof k->w)
                    k->w[j++] = s[i];
                i++;
            }
            k->w[j] = '\0';
            k->to = i;
            n++;
        } else if (c == '%') {
            memset(&t[n], 0, sizeof t[n]);
            t[n].k = TK_PCT;
            t[n].from = i;
            t[n].to = ++i;
            n++;
        } else {
            i++;
        }
    }
    /* number words as numbers ("twenty five", "a million"), and digits
     * times the scales after them ("1.5 million") */
    {
        size_t r, w = 0;

        for (r = 0; r < n; r++) {
            struct tok k = t[r];
            int64_t v;
            unsigned how;
            size_t used = t[r].k == TK_WORD ? number_words(t, n, r, &v, &how) : 0;

            if (used > 0) {
                k.k = TK_NUM;
                k.scaled = v;
                k.places = 0;
                k.how = how;
                k.to = t[r + used - 1].to;
                r += used - 1;
            } else if (t[r].k == TK_NUM && !t[r].overlong) {
                while (r + 1 < n && t[r + 1].k == TK_WORD && (v = word_scale(t[r + 1].w)) > 0) {
                    if (__builtin_mul_overflow(k.scaled, v, &k.scaled) ||
                        k.scaled > INT64_C(999999999999999999))
                        k.overlong = true;
                    while (k.places > 0 && k.scaled % 10 == 0) {
                        k.scaled /= 10;
                        k.places--;
                    }
                    if (v > 100)
                        k.how |= READ_WORDS;
                    k.to = t[++r].to;
                }
            }
            t[w++] = k;
        }
        n = w;
    }
    return n;
}

static bool
is_word(const struct tok *t, size_t n, size_t i, const char *w)
{
    return i < n && t[i].k == TK_WORD && strcmp(t[i].w, w) == 0;
}

static bool
is_num(const struct tok *t, size_t n, size_t i)
{
    return i < n && (t[i].k == TK_NUM || t[i].k == TK_BAD);
}

/* a figure found in the tokens */
struct found {
    enum ov_claim_unit unit;
    int64_t scaled, scaled2;
    int places;
    int64_t fn, fd;   /* fraction */
    bool neg;
    bool between;
    bool too_precise; /* a range whose ends need more than 18 digits */
    const char *bad;  /* it cannot be read for certain: why */
    unsigned how;     /* READ_* of its numbers */
    int fixed_cmp; /* -1, or a cmp the words themselves give ("majority") */
    size_t first, last; /* token span */
};

/* tokens i.. as "per cent", "percent", "%": how many, or 0 */
static size_t
percent_words(const struct tok *t, size_t n, size_t i)
{
    if (i < n && t[i].k == TK_PCT)
        return 1;
    if (is_word(t, n, i, "per") && is_word(t, n, i + 1, "cent"))
        return 2;
    if (is_word(t, n, i, "percent") || is_word(t, n, i, "pc"))
        return 1;
    return 0;
}

static size_t
points_words(const struct tok *t, size_t n, size_t i)
{
    if (is_word(t, n, i, "percentage") &&
        (is_word(t, n, i + 1, "points") || is_word(t, n, i + 1, "point")))
        return 2;
    if (is_word(t, n, i, "points") || is_word(t, n, i, "point") || is_word(t, n, i, "pp") ||
        is_word(t, n, i, "ppt") || is_word(t, n, i, "ppts"))
        return 1;
    return 0;
}

/* "in", "out of", "in every", "out of every" after the count of a
 * fraction ("one in five"): how many tokens, or 0 */
static size_t
in_words(const struct tok *t, size_t n, size_t i)
{
    size_t k = is_word(t, n, i, "in")                                   ? 1
               : is_word(t, n, i, "out") && is_word(t, n, i + 1, "of") ? 2
                                                                       : 0;

    if (k > 0 && is_word(t, n, i + k, "every"))
        k++;
    return k;
}

static const char why_range[] =
    "it reads as a range, or as a move from one figure to another; write a range as "
    "'between 10 and 15 per cent', or give only the figure to check";
static const char why_run_together[] =
    "two numbers are run together with nothing but a mark between them (as in 1'500, 1_000 "
    "or 1·5), so it cannot tell which is the figure";
static const char why_in_whole[] = "the count and the whole of 'one in five' are whole numbers";
static const char why_in_nothing[] = "a share of nothing (a whole of 0) is no figure";
static const char why_in_none[] = "a share of none: write 0%";
static const char why_in_words[] = "it does not say what the count is out of";
static const char why_in_large[] = "a whole of more than a billion is more than it reads";
static const char why_frac_whole[] = "the count of a fraction is a whole number";

/* The number at t[i] is a figure's: is it run into the number before it
 * ("1'500", "10-15", "5 to 10")? Then why it cannot be read, else NULL. */
static const char *
run_together(const struct tok *t, size_t n, size_t i, const char *s)
{
    size_t p;
    bool dash = false, other = false;

    if (i >= 2 && is_word(t, n, i - 1, "to") && is_num(t, n, i - 2))
        return why_range;
    if (i == 0 || !is_num(t, n, i - 1))
        return NULL;
    for (p = t[i - 1].to; p < t[i].from; p++) {
        if (s[p] == '-')
            dash = true;
        else if (s[p] != ' ')
            other = true;
    }
    if (t[i].neg) /* the '-' was read as the number's sign: "10 -15%" */
        dash = true;
    if (dash && !other)
        return why_range;
    if (other && memchr(s + t[i - 1].to, ' ', t[i].from - t[i - 1].to) == NULL &&
        strcspn(s + t[i - 1].to, "()[];,\"") >= t[i].from - t[i - 1].to)
        return why_run_together;
    return NULL;
}

/* the figure whose number is t[i], a count of "one in five" or of "two
 * thirds" if it is one; false if t[i] is not followed by such words */
static bool
fraction_at(const struct tok *t, size_t n, size_t i, struct found *x)
{
    size_t k = in_words(t, n, i + 1), j;
    const char *why = NULL;

    if (k > 0) {
        j = i + 1 + k;
        x->unit = OV_UNIT_FRACTION;
        x->last = j < n ? j : n - 1;
        if (!is_num(t, n, j))
            why = why_in_words;
        else if (t[j].k == TK_BAD)
            why = t[j].bad;
        else if (t[i].places != 0 || t[i].neg || t[j].places != 0 || t[j].neg)
            why = why_in_whole;
        else if (t[j].scaled == 0)
            why = why_in_nothing;
        else if (t[i].scaled == 0)
            why = why_in_none;
        else if (t[j].scaled > 1000000000)
            why = why_in_large;
        x->fn = t[i].scaled;
        x->fd = j < n ? t[j].scaled : 0;
        if (j < n)
            x->how |= t[j].how;
    } else if (i + 1 < n && t[i + 1].k == TK_WORD && word_fraction(t[i + 1].w) > 0) {
        /* "two thirds", "one quarter" */
        x->unit = OV_UNIT_FRACTION;
        x->fn = t[i].scaled;
        x->fd = word_fraction(t[i + 1].w);
        x->last = i + 1;
        if (t[i].places != 0 || t[i].neg)
            why = why_frac_whole;
        else if (t[i].scaled == 0)
            why = why_in_none;
    } else {
        return false;
    }
    if (x->bad == NULL)
        x->bad = why;
    return true;
}

/* Finds the figures in the tokens; SIZE_MAX when there are more than max. */
static size_t
find_figures(const struct tok *t, size_t n, const char *s, struct found *f, size_t max)
{
    size_t i, nf = 0;

    for (i = 0; i < n; i++) {
        struct found x;
        size_t k;

        memset(&x, 0, sizeof x);
        x.fixed_cmp = -1;
        x.first = i;
        if (is_num(t, n, i) && i > 0 && is_word(t, n, i - 1, "per"))
            continue; /* "829 per 1,000": the unit of a rate, not a figure */
        if (nf == max && (is_num(t, n, i) || t[i].k == TK_WORD))
            return SIZE_MAX;
        if (is_num(t, n, i)) {
            x.scaled = t[i].scaled;
            x.places = t[i].places;
            x.neg = t[i].neg;
            x.how = t[i].how;
            x.bad = t[i].bad;
            /* "between 10 and 12 per cent" */
            if (i > 0 && is_word(t, n, i - 1, "between") &&
                (is_word(t, n, i + 1, "and") || is_word(t, n, i + 1, "to")) && i + 2 < n &&
                is_num(t, n, i + 2) &&
                ((k = percent_words(t, n, i + 3)) > 0 || points_words(t, n, i + 3) > 0)) {
                int p = t[i + 2].places > x.places ? t[i + 2].places : x.places;
                int64_t a = t[i].scaled, b = t[i + 2].scaled;
                bool over = false;
                int j;

                x.first = i - 1;
                x.last = i + 2 + (k > 0 ? k : points_words(t, n, i + 3));
                if (x.bad == NULL)
                    x.bad = t[i + 2].bad;
                /* to the same decimal places; a range that cannot be
                 * (".000000000000000001 and 88888") is marked unreadable */
                for (j = t[i].places; j < p; j++)
                    over |= __builtin_mul_overflow(a, 10, &a);
                for (j = t[i + 2].places; j < p; j++)
                    over |= __builtin_mul_overflow(b, 10, &b);
                if (over) {
                    x.too_precise = true;
                    x.last = i + 2;
                    f[nf++] = x;
                    i = x.last;
                    continue;
                }
                x.unit = k > 0 ? OV_UNIT_PERCENT : OV_UNIT_POINTS;
                x.between = true;
                x.scaled = a;
                x.scaled2 = b;
                x.places = p;
                x.how |= t[i + 2].how;
                f[nf++] = x;
                i = x.last;
                continue;
            }
            if ((k = percent_words(t, n, i + 1)) > 0) {
                x.unit = OV_UNIT_PERCENT;
                x.last = i + k;
            } else if ((k = points_words(t, n, i + 1)) > 0) {
                x.unit = OV_UNIT_POINTS;
                x.last = i + k;
            } else if (!fraction_at(t, n, i, &x)) {
                x.unit = OV_UNIT_NUMBER;
                x.last = i;
            }
            /* a range or numbers run together: the message shows both */
            {
                const char *why = run_together(t, n, i, s);

                if (why != NULL) {
                    x.bad = why;
                    x.first = is_word(t, n, i - 1, "to") ? i - 2 : i - 1;
                }
            }
            f[nf++] = x;
            i = x.last;
        } else if (t[i].k == TK_WORD) {
            int d = word_fraction(t[i].w);

            if (d > 0 && (strcmp(t[i].w, "half") == 0 ||
                          (i > 0 && is_word(t, n, i - 1, "a")))) {
                /* "a third", "half", "a half" */
                x.unit = OV_UNIT_FRACTION;
                x.fn = 1;
                x.fd = d;
                x.first = i > 0 && is_word(t, n, i - 1, "a") ? i - 1 : i;
                x.last = i;
                f[nf++] = x;
            } else if (strcmp(t[i].w, "majority") == 0 || strcmp(t[i].w, "minority") == 0) {
                x.unit = OV_UNIT_FRACTION;
                x.fn = 1;
                x.fd = 2;
                x.fixed_cmp = t[i].w[1] == 'a' ? OV_CLAIM_GT : OV_CLAIM_LT;
                x.first = i > 0 && (is_word(t, n, i - 1, "a") || is_word(t, n, i - 1, "the"))
                              ? i - 1
                              : i;
                x.last = i;
                f[nf++] = x;
            }
        }
    }
    return nf;
}

/* the qualifying words just before the figure */
static const struct {
    const char *words;
    enum ov_claim_cmp cmp;
} qualifiers[] = {
    {"just under", OV_CLAIM_ALMOST},
    {"just below", OV_CLAIM_ALMOST},
    {"just short of", OV_CLAIM_ALMOST},
    {"slightly under", OV_CLAIM_ALMOST},
    {"slightly below", OV_CLAIM_ALMOST},
    {"slightly less than", OV_CLAIM_ALMOST},
    {"a little under", OV_CLAIM_ALMOST},
    {"a little less than", OV_CLAIM_ALMOST},
    {"just less than", OV_CLAIM_ALMOST},
    {"not quite", OV_CLAIM_ALMOST},
    {"almost", OV_CLAIM_ALMOST},
    {"nearly", OV_CLAIM_ALMOST},
    {"just over", OV_CLAIM_JUST_OVER},
    {"just above", OV_CLAIM_JUST_OVER},
    {"just more than", OV_CLAIM_JUST_OVER},
    {"slightly over", OV_CLAIM_JUST_OVER},
    {"slightly above", OV_CLAIM_JUST_OVER},
    {"slightly more than", OV_CLAIM_JUST_OVER},
    {"a little over", OV_CLAIM_JUST_OVER},
    {"a little more than", OV_CLAIM_JUST_OVER},
    {"no more than", OV_CLAIM_LE},
    {"not more than", OV_CLAIM_LE},
    {"at most", OV_CLAIM_LE},
    {"up to", OV_CLAIM_LE},
    {"a maximum of", OV_CLAIM_LE},
    {"no fewer than", OV_CLAIM_GE},
    {"no less than", OV_CLAIM_GE},
    {"not less than", OV_CLAIM_GE},
    {"at least", OV_CLAIM_GE},
    {"a minimum of", OV_CLAIM_GE},
    {"fewer than", OV_CLAIM_LT},
    {"less than", OV_CLAIM_LT},
    {"lower than", OV_CLAIM_LT},
    {"smaller than", OV_CLAIM_LT},
    {"under", OV_CLAIM_LT},
    {"below", OV_CLAIM_LT},
    {"more than", OV_CLAIM_GT},
    {"greater than", OV_CLAIM_GT},
    {"higher than", OV_CLAIM_GT},
    {"in excess of", OV_CLAIM_GT},
    {"upwards of", OV_CLAIM_GT},
    {"over", OV_CLAIM_GT},
    {"above", OV_CLAIM_GT},
    {"about", OV_CLAIM_ROUNDED},
    {"around", OV_CLAIM_ROUNDED},
    {"approximately", OV_CLAIM_ROUNDED},
    {"roughly", OV_CLAIM_ROUNDED},
    {"some", OV_CLAIM_ROUNDED},
    {"circa", OV_CLAIM_ROUNDED},
    {"close to", OV_CLAIM_ROUNDED},
};

/* how many tokens before `end` match the words of phrase p, or 0 */
static size_t
match_before(const struct tok *t, size_t end, const char *p)
{
    char words[4][24];
    size_t nw = 0, i;
    const char *s = p;

    while (*s != '\0' && nw < 4) {
        size_t k = 0;

        while (*s == ' ')
            s++;
        while (*s != '\0' && *s != ' ' && k + 1 < sizeof words[0])
            words[nw][k++] = *s++;
        words[nw][k] = '\0';
        if (k > 0)
            nw++;
    }
    if (nw > end)
        return 0;
    for (i = 0; i < nw; i++) {
        const struct tok *k = &t[end - nw + i];

        if (k->k != TK_WORD || strcmp(k->w, words[i]) != 0)
            return 0;
    }
    return nw;
}

static const char *const ups[] = {"increase", "increased", "increases", "increasing", "rise",
                                  "rises",    "rose",      "risen",     "rising",     "up",
                                  "more",     "higher",    "grew",      "grown",      "growth",
                                  "jump",     "jumped",    "climbed",   "gain",       "gained",
                                  "surge",    "surged"};
static const char *const downs[] = {"decrease", "decreased", "decreases", "decreasing",
                                    "drop",     "drops",     "dropped",   "fall",
                                    "falls",    "fell",      "fallen",    "falling",
                                    "down",     "less",      "lower",     "reduction",
                                    "reduced",  "decline",   "declined",  "declining",
                                    "cut",      "cuts",      "fewer",     "lost"};

static int
direction_of(const char *w)
{
    size_t i;

    for (i = 0; i < sizeof ups / sizeof ups[0]; i++)
        if (strcmp(w, ups[i]) == 0)
            return 1;
    for (i = 0; i < sizeof downs / sizeof downs[0]; i++)
        if (strcmp(w, downs[i]) == 0)
            return -1;
    return 0;
}

static const char claim_help[] =
    "write it as \"0.2%\", \"46 per cent\", \"fewer than one per cent\", \"nearly two "
    "thirds\", \"an 11% increase\" or a number";

/* the figure as read, in plain digits: "10.5%", "1 in 1,000,000" */
static size_t
canonical_text(char *buf, size_t size, const struct ov_claim *c)
{
    char a[64], b[64];
    const char *unit = c->unit == OV_UNIT_PERCENT  ? "%"
                       : c->unit == OV_UNIT_POINTS ? " percentage points"
                                                   : "";

    if (c->unit == OV_UNIT_FRACTION) {
        ov_format_int_grouped(a, c->frac_num, ',');
        ov_format_int_grouped(b, c->frac_den, ',');
        return (size_t)snprintf(buf, size, "%s in %s", a, b);
    }
    scaled_text(a, c->scaled, c->places, false);
    if (c->cmp == OV_CLAIM_BETWEEN) {
        scaled_text(b, c->scaled2, c->places, false);
        return (size_t)snprintf(buf, size, "between %s and %s%s", a, b, unit);
    }
    return (size_t)snprintf(buf, size, "%s%s", a, unit);
}

/* c->reading: how the figure's numbers were read, when they could have
 * been read another way or were written in words */
static void
describe_reading(struct ov_claim *c, unsigned how)
{
    static const struct {
        unsigned flag;
        const char *why;
    } whys[] = {
        {READ_DECIMAL_COMMA, "the comma is a decimal comma (a comma between thousands has "
                             "three digits after it)"},
        {READ_SPACES, "the spaces separate thousands"},
        {READ_COMMA_GROUP, "the comma separates thousands (a decimal comma has one or two "
                           "digits after it)"},
    };
    size_t n, i;
    const char *sep = ": ";

    if (how == 0)
        return;
    n = canonical_text(c->reading, sizeof c->reading, c);
    for (i = 0; i < sizeof whys / sizeof whys[0] && n < sizeof c->reading; i++)
        if (how & whys[i].flag) {
            n += (size_t)snprintf(c->reading + n, sizeof c->reading - n, "%s%s", sep,
                                  whys[i].why);
            sep = "; ";
        }
}

/* copies the bytes from..to of the normalised claim into c->figure; when
 * too long, cut at a character boundary and ended with "…" */
static void
set_figure_words(struct ov_claim *c, const char *norm, size_t from, size_t to)
{
    static const char more[] = "…";
    size_t len = to - from;
    bool cut = len >= sizeof c->figure;

    if (cut) {
        len = sizeof c->figure - sizeof more;
        while (len > 0 && ((unsigned char)norm[from + len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(c->figure, norm + from, len);
    c->figure[len] = '\0';
    if (cut)
        memcpy(c->figure + len, more, sizeof more);
}

ov_status
ov_claim_parse(const char *text, struct ov_claim *c, struct ov_err *err)
{
    char norm[512];
    struct tok t[MAXTOK];
    struct found f[32], *pick = NULL;
    size_t n, nf, i, qlen = 0;
    int up = -1, down = -1;

    memset(c, 0, sizeof *c);
    if (text == NULL || strlen(text) >= sizeof norm)
        return ov_err_set(err, OV_EPARSE, "the claim is empty or longer than %zu characters",
                          sizeof norm - 1);
    normalise(text, norm, sizeof norm);
    n = tokenize(norm, t, MAXTOK);
    if (n > MAXTOK)
        return ov_err_set(err, OV_EPARSE,
                          "the claim has more than %d words and numbers; give only the words "
                          "about the figure",
                          MAXTOK);
    for (i = 0; i < n; i++)
        if (t[i].k == TK_NUM && t[i].overlong)
            return ov_err_set(err, OV_EPARSE,
                              "'%.*s' has more than 18 digits; no published figure needs "
                              "that many",
                              (int)(t[i].to - t[i].from), norm + t[i].from);
    nf = find_figures(t, n, norm, f, sizeof f / sizeof f[0]);
    if (nf == SIZE_MAX)
        return ov_err_set(err, OV_EPARSE,
                          "the claim holds more than %zu numbers; give only the one to check",
                          sizeof f / sizeof f[0]);
    for (i = 0; i < nf; i++)
        if (f[i].too_precise)
            return ov_err_set(err, OV_EPARSE,
                              "'%.*s': the two ends of the range need more than 18 digits "
                              "together; write them with fewer decimal places",
                              (int)(t[f[i].last].to - t[f[i].first].from),
                              norm + t[f[i].first].from);
    /* percentages first, then points, fractions, bare numbers */
    {
        static const enum ov_claim_unit order[] = {OV_UNIT_PERCENT, OV_UNIT_POINTS,
                                                   OV_UNIT_FRACTION, OV_UNIT_NUMBER};
        size_t u;

        for (u = 0; u < 4 && pick == NULL; u++) {
            for (i = 0; i < nf; i++) {
                if (f[i].unit != order[u])
                    continue;
                if (pick != NULL) {
                    char a[64], b[64];

                    snprintf(a, sizeof a, "%.*s", (int)(t[pick->last].to - t[pick->first].from),
                             norm + t[pick->first].from);
                    snprintf(b, sizeof b, "%.*s", (int)(t[f[i].last].to - t[f[i].first].from),
                             norm + t[f[i].first].from);
                    return ov_err_set(err, OV_EPARSE,
                                      "'%s' holds more than one figure ('%s' and '%s'); give "
                                      "only the one to check",
                                      text, a, b);
                }
                pick = &f[i];
            }
        }
    }
    if (pick == NULL)
        return ov_err_set(err, OV_EPARSE, "no figure in '%s': %s", text, claim_help);
    /* what cannot be read for certain is refused, never guessed */
    if (pick->bad != NULL)
        return ov_err_set(err, OV_EPARSE, "cannot read '%.*s' for certain: %s",
                          (int)(t[pick->last].to - t[pick->first].from),
                          norm + t[pick->first].from, pick->bad);
    if (pick->places > CLAIM_MAX_PLACES)
        return ov_err_set(err, OV_EPARSE,
                          "'%.*s' has %d decimal places; no published figure needs more "
                          "than %d",
                          (int)(t[pick->last].to - t[pick->first].from),
                          norm + t[pick->first].from, pick->places, CLAIM_MAX_PLACES);
    if (pick->between && pick->scaled > pick->scaled2)
        return ov_err_set(err, OV_EPARSE,
                          "'%.*s': the range ends below where it starts; write the lower "
                          "figure first",
                          (int)(t[pick->last].to - t[pick->first].from),
                          norm + t[pick->first].from);
    if (pick->unit == OV_UNIT_FRACTION && pick->fn > pick->fd)
        return ov_err_set(err, OV_EPARSE, "'%s' is not a fraction of a whole: %s", text,
                          claim_help);
    c->unit = pick->unit;
    c->scaled = pick->scaled;
    c->scaled2 = pick->scaled2;
    c->places = pick->places;
    c->frac_num = (int)pick->fn;
    c->frac_den = (int)pick->fd;
    c->cmp = pick->between ? OV_CLAIM_BETWEEN : OV_CLAIM_ROUNDED;
    if (pick->fixed_cmp >= 0) {
        c->cmp = (enum ov_claim_cmp)pick->fixed_cmp;
    } else if (!pick->between) {
        for (i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++) {
            if ((qlen = match_before(t, pick->first, qualifiers[i].words)) > 0) {
                c->cmp = qualifiers[i].cmp;
                break;
            }
        }
    }
    /* the direction of a change, from the words around the figure */
    for (i = 0; i < n; i++) {
        int d;

        if (i >= pick->first - qlen && i <= pick->last)
            continue;
        if (t[i].k != TK_WORD || (d = direction_of(t[i].w)) == 0)
            continue;
        if (d > 0 && up < 0)
            up = (int)i;
        if (d < 0 && down < 0)
            down = (int)i;
    }
    if (up >= 0 && down >= 0)
        return ov_err_set(err, OV_EPARSE, "'%s' says both '%s' and '%s': which way is it?",
                          text, t[up].w, t[down].w);
    if (pick->neg) {
        if (up >= 0)
            return ov_err_set(err, OV_EPARSE, "'%s' has a minus sign and says '%s'", text,
                              t[up].w);
        c->direction = -1;
        snprintf(c->dirword, sizeof c->dirword, "-");
    } else if (up >= 0) {
        c->direction = 1;
        snprintf(c->dirword, sizeof c->dirword, "%s", t[up].w);
    } else if (down >= 0) {
        c->direction = -1;
        snprintf(c->dirword, sizeof c->dirword, "%s", t[down].w);
    }
    set_figure_words(c, norm, t[pick->first - qlen].from, t[pick->last].to);
    describe_reading(c, pick->how);
    return OV_OK;
}

size_t
ov_claim_text(char *buf, const struct ov_claim *c)
{
    size_t n = strlen(c->figure);

    memcpy(buf, c->figure, n + 1);
    return n;
}

/* ---------------------------------------------------------------------
 * Checking
 * --------------------------------------------------------------------- */

/* fractions are read to within this many percentage points, or a quarter
 * of their value when that is less (below 10%): "one in a thousand" is
 * 0.075% to 0.125%, not anything up to 2.6% */
#define FRACTION_SLACK_NUM 5
#define FRACTION_SLACK_DEN 2

static bool
small_fraction(const struct ov_claim *c)
{
    return c->unit == OV_UNIT_FRACTION && (int64_t)c->frac_num * 10 < c->frac_den;
}

/* the claim's figure (or its upper figure) as a fraction */
static struct q
claim_q(const struct ov_claim *c, bool upper)
{
    i128 p10 = 1;
    int i;

    if (c->unit == OV_UNIT_FRACTION)
        return q_norm((i128)100 * c->frac_num, c->frac_den);
    for (i = 0; i < c->places; i++)
        p10 *= 10;
    return q_norm(upper ? c->scaled2 : c->scaled, p10);
}

/* half of the last printed unit: 0.05 for one decimal */
static struct q
half_unit(const struct ov_claim *c)
{
    i128 p10 = 2;
    int i;

    if (small_fraction(c))
        return q_norm((i128)25 * c->frac_num, c->frac_den);
    if (c->unit == OV_UNIT_FRACTION)
        return q_norm(FRACTION_SLACK_NUM, FRACTION_SLACK_DEN);
    for (i = 0; i < c->places; i++)
        p10 *= 10;
    return q_norm(1, p10);
}

static double
q_double(struct q v)
{
    return (double)((long double)v.n / (long double)v.d);
}

/* the interval as fractions, for exact tests */
struct qint {
    struct q lo, hi;
    bool lo_inf, hi_inf, lo_open, hi_open;
};

static struct qint
claim_qint(const struct ov_claim *c)
{
    struct qint r;
    struct q x = claim_q(c, false), h = half_unit(c);

    memset(&r, 0, sizeof r);
    switch (c->cmp) {
    case OV_CLAIM_ROUNDED:
        q_sub(x, h, &r.lo);
        q_sub(x, q_norm(-h.n, h.d), &r.hi);
        r.hi_open = c->unit != OV_UNIT_FRACTION;
        if (x.n == 0)
            r.lo_open = r.hi_open = true; /* 0% stands for (-0.05, 0.05) */
        break;
    case OV_CLAIM_BETWEEN:
        q_sub(x, h, &r.lo);
        q_sub(claim_q(c, true), q_norm(-h.n, h.d), &r.hi);
        r.hi_open = true;
        break;
    case OV_CLAIM_LT:
    case OV_CLAIM_LE:
        r.lo_inf = true;
        r.hi = x;
        r.hi_open = c->cmp == OV_CLAIM_LT;
        break;
    case OV_CLAIM_GT:
    case OV_CLAIM_GE:
        r.hi_inf = true;
        r.lo = x;
        r.lo_open = c->cmp == OV_CLAIM_GT;
        break;
    case OV_CLAIM_ALMOST:
        q_sub(x, h, &r.lo);
        r.hi = x;
        r.hi_open = true;
        break;
    case OV_CLAIM_JUST_OVER:
        r.lo = x;
        r.lo_open = true;
        q_sub(x, q_norm(-h.n, h.d), &r.hi);
        r.hi_open = c->unit != OV_UNIT_FRACTION;
        break;
    }
    return r;
}

void
ov_claim_interval(const struct ov_claim *c, struct ov_interval *says)
{
    struct qint r = claim_qint(c);

    says->lo = r.lo_inf ? -INFINITY : q_double(r.lo);
    says->hi = r.hi_inf ? INFINITY : q_double(r.hi);
    says->lo_open = r.lo_open;
    says->hi_open = r.hi_open;
}

/* is v within r? exact when v is */
static bool
within(const struct qint *r, struct q v, bool exact, double vd)
{
    int c;

    if (!r->lo_inf) {
        if (!exact || !q_cmp(v, r->lo, &c))
            c = (vd > q_double(r->lo)) - (vd < q_double(r->lo));
        if (c < 0 || (c == 0 && r->lo_open))
            return false;
    }
    if (!r->hi_inf) {
        if (!exact || !q_cmp(v, r->hi, &c))
            c = (vd > q_double(r->hi)) - (vd < q_double(r->hi));
        if (c > 0 || (c == 0 && r->hi_open))
            return false;
    }
    return true;
}

static const char *
unit_name(const struct ov_claim *c)
{
    switch (c->unit) {
    case OV_UNIT_PERCENT:
        return "a percentage";
    case OV_UNIT_POINTS:
        return "a difference in percentage points";
    case OV_UNIT_FRACTION:
        return "a share of the whole";
    default:
        return "a number";
    }
}

ov_status
ov_claim_check(const struct ov_claim *c, const struct ov_figure *f, struct ov_verdict *v,
               struct ov_err *err)
{
    struct qint r = claim_qint(c);
    struct q val;
    bool exact = fig_q(f, &val);
    double vd = f->value;
    bool change = f->kind == OV_FIG_CHANGE || f->kind == OV_FIG_PP;

    memset(v, 0, sizeof *v);
    if ((c->unit == OV_UNIT_PERCENT || c->unit == OV_UNIT_FRACTION) && f->kind == OV_FIG_RATE)
        return ov_err_set(err, OV_EINVAL,
                          "'%s' is %s, but the figure is a rate: use pct(part, whole)",
                          c->figure, unit_name(c));
    if ((c->unit == OV_UNIT_PERCENT || c->unit == OV_UNIT_FRACTION) && f->kind == OV_FIG_PP)
        return ov_err_set(err, OV_EINVAL,
                          "'%s' is %s, but pp() is a difference in percentage points; for a "
                          "percentage change use change(old, new)",
                          c->figure, unit_name(c));
    if (c->unit == OV_UNIT_POINTS && f->kind != OV_FIG_PP)
        return ov_err_set(err, OV_EINVAL,
                          "'%s' is in percentage points: give pp(x, y), the difference "
                          "of two percentages",
                          c->figure);
    if (c->direction != 0 && !change)
        return ov_err_set(err, OV_EINVAL,
                          "'%s' describes a change ('%s'): give change(old, new)", c->figure,
                          c->dirword);
    /* a change is judged on its size; its direction separately */
    v->magnitude = change;
    if (change) {
        if (val.n < 0)
            val.n = -val.n;
        vd = fabs(vd);
    }
    v->sign_ok = c->direction == 0 || (c->direction > 0 ? f->value > 0 : f->value < 0);
    v->consistent = within(&r, val, exact, vd) && v->sign_ok;
    ov_claim_interval(c, &v->says);
    if (c->cmp == OV_CLAIM_ROUNDED && c->unit != OV_UNIT_FRACTION) {
        struct qint tr;
        struct q x = claim_q(c, false), h = half_unit(c);

        /* the rounding is judged on the size alone: a change the wrong way
         * round still rounds to the figure, it is the direction that fails */
        v->half_away = within(&r, val, exact, vd);
        memset(&tr, 0, sizeof tr);
        tr.lo = x;
        q_sub(x, q_norm(-2 * h.n, h.d), &tr.hi);
        tr.hi_open = true;
        v->trunc = within(&tr, val, exact, vd);
        v->trunc_says.lo = q_double(tr.lo);
        v->trunc_says.hi = q_double(tr.hi);
        v->trunc_says.hi_open = true;
    }
    return OV_OK;
}

/* integer floor / ceil of a fraction */
static i128
q_floor(struct q v)
{
    i128 f = v.n / v.d;

    if (v.n % v.d != 0 && v.n < 0)
        f--;
    return f;
}

static i128
q_ceil(struct q v)
{
    i128 f = v.n / v.d;

    if (v.n % v.d != 0 && v.n > 0)
        f++;
    return f;
}

/* the wholes w for which 100 × part / w is within r; *hi = -1 when there
 * is no upper end */
static bool
qint_wholes(const struct qint *r, double part, int64_t *lo, int64_t *hi)
{
    struct q p, x;
    i128 wlo = 1, whi = -1;

    if (!q_from_double(part, &p) || part <= 0)
        return false;
    if (!q_mul(p, q_int(100), &p))
        return false;
    /* part/w*100 < hi  <=>  w > 100 part / hi */
    if (!r->hi_inf) {
        if (r->hi.n <= 0 || !q_div(p, r->hi, &x))
            return false;
        wlo = r->hi_open ? q_floor(x) + 1 : q_ceil(x);
    }
    if (!r->lo_inf && r->lo.n > 0) {
        if (!q_div(p, r->lo, &x))
            return false;
        whi = r->lo_open ? q_ceil(x) - 1 : q_floor(x);
        if (whi < wlo)
            return false;
    }
    /* no more than that: a claim above 100% is met by wholes below the
     * part, as the verdict itself allows */
    if (wlo < 1)
        wlo = 1;
    if (whi >= 0 && whi < wlo)
        return false;
    if (wlo > INT64_MAX || whi > INT64_MAX)
        return false;
    *lo = (int64_t)wlo;
    *hi = (int64_t)whi;
    return true;
}

/* the parts p for which 100 × p / whole is within r */
static bool
qint_parts(const struct qint *r, double whole, int64_t *lo, int64_t *hi)
{
    struct q w, x;
    i128 plo = 0, phi;

    if (!q_from_double(whole, &w) || whole <= 0 || whole != floor(whole) || whole > 1e15)
        return false;
    /* with no upper end, a share: at most the whole */
    phi = (i128)whole;
    if (!q_div(w, q_int(100), &w))
        return false;
    if (!r->lo_inf) {
        if (!q_mul(r->lo, w, &x))
            return false;
        if (r->lo.n > 0)
            plo = r->lo_open ? q_floor(x) + 1 : q_ceil(x);
    }
    if (!r->hi_inf) {
        if (!q_mul(r->hi, w, &x))
            return false;
        phi = r->hi_open ? q_ceil(x) - 1 : q_floor(x);
    }
    if (plo < 0)
        plo = 0;
    if (phi < plo)
        return false;
    *lo = (int64_t)plo;
    *hi = (int64_t)phi;
    return true;
}

/* an interval of doubles as fractions: each bound stands for its
 * shortest decimal text */
static bool
qint_of(const struct ov_interval *in, struct qint *r)
{
    memset(r, 0, sizeof *r);
    r->lo_inf = !isfinite(in->lo);
    r->hi_inf = !isfinite(in->hi);
    r->lo_open = in->lo_open;
    r->hi_open = in->hi_open;
    return (r->lo_inf || q_from_double(in->lo, &r->lo)) &&
           (r->hi_inf || q_from_double(in->hi, &r->hi));
}

bool
ov_interval_wholes(const struct ov_interval *in, double part, int64_t *lo, int64_t *hi)
{
    struct qint r;

    return qint_of(in, &r) && qint_wholes(&r, part, lo, hi);
}

bool
ov_interval_parts(const struct ov_interval *in, double whole, int64_t *lo, int64_t *hi)
{
    struct qint r;

    return qint_of(in, &r) && qint_parts(&r, whole, lo, hi);
}

/* ---------------------------------------------------------------------
 * Verdicts in words
 * --------------------------------------------------------------------- */

/* at least `places` decimals, more (up to 12) until the scaled value has
 * three significant digits: 0.0000909…, not 0.0000… */
static int
sig_places(i128 (*scaled)(const void *, int), const void *x, int places)
{
    i128 s;

    while (places < 12 && (s = scaled(x, places)) > -100 && s < 100 && scaled(x, 12) != 0)
        places++;
    return places;
}

static i128
fig_cut(const void *f, int places)
{
    return fig_scaled(f, places, OV_ROUND_TRUNC);
}

static i128
q_cut(const void *v, int places)
{
    i128 s;

    return q_scaled(*(const struct q *)v, places, OV_ROUND_TRUNC, &s) ? s : 0;
}

/* writes s / 10^places; when that is all of v, without trailing zeros
 * (12.500 is 12.5), else with "…": the rest lies beyond the digits shown,
 * away from zero */
static void
cut_text(char *buf, i128 s, int places, const struct q *v)
{
    size_t n = scaled_text(buf, s, places, false);
    bool more = true;
    i128 p10;

    if (v != NULL && pow10_128(places, &p10)) {
        struct q back = q_norm(s, p10);

        more = back.n != v->n || back.d != v->d;
    }
    if (!more && memchr(buf, '.', n) != NULL) {
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (more)
        strcpy(buf + n, "…");
}

/* the value cut to places + 3 decimals (or three significant digits),
 * "…" when digits follow */
static void
value_text(char *buf, const struct ov_figure *f, int places, bool magnitude)
{
    struct ov_figure g = *f;
    struct q v;

    if (magnitude && g.value < 0) {
        g.value = -g.value;
        g.qn = -g.qn;
    }
    places = sig_places(fig_cut, &g, places + 3);
    cut_text(buf, fig_scaled(&g, places, OV_ROUND_TRUNC), places, fig_q(&g, &v) ? &v : NULL);
}

/* an exact bound or figure of a claim: all its decimals when they end by
 * `places` (or three significant digits), else cut there with "…" */
static void
exact_text(char *buf, struct q v, int places)
{
    i128 s;

    places = sig_places(q_cut, &v, places);
    if (!q_scaled(v, places, OV_ROUND_TRUNC, &s)) {
        strcpy(buf, "?");
        return;
    }
    cut_text(buf, s, places, &v);
}

static const char *
unit_suffix(const struct ov_claim *c, const struct ov_figure *f)
{
    if (f->kind == OV_FIG_PP || c->unit == OV_UNIT_POINTS)
        return " points";
    if (f->kind == OV_FIG_RATE || c->unit == OV_UNIT_NUMBER)
        return "";
    return "%";
}

/* "any value from 0.15% up to but not including 0.25%"; with a lead
 * ("a rise of"), "a rise of 10.5% up to but not including 11.5%". The
 * bounds are exact, or cut with "…" (two thirds less 2.5 is 64.16…). */
static void
put_interval(ov_strbuf *out, const struct qint *in, int places, const char *unit,
             const char *lead)
{
    char a[80] = "", b[80] = "";

    if (!in->lo_inf)
        exact_text(a, in->lo, places);
    if (!in->hi_inf)
        exact_text(b, in->hi, places);
    if (lead == NULL) {
        if (in->lo_inf)
            ov_strbuf_printf(out, "any value %s %s%s", in->hi_open ? "below" : "up to", b,
                             unit);
        else if (in->hi_inf)
            ov_strbuf_printf(out, "any value %s %s%s", in->lo_open ? "above" : "of at least",
                             a, unit);
        else
            ov_strbuf_printf(out, "any value %s %s%s up to %s%s%s",
                             in->lo_open ? "above" : "from", a, unit,
                             in->hi_open ? "but not including " : "and including ", b, unit);
        return;
    }
    if (in->lo_inf)
        ov_strbuf_printf(out, "%s %s %s%s", lead, in->hi_open ? "less than" : "at most", b,
                         unit);
    else if (in->hi_inf)
        ov_strbuf_printf(out, "%s %s %s%s", lead, in->lo_open ? "more than" : "at least", a,
                         unit);
    else
        ov_strbuf_printf(out, "%s %s%s%s up to %s%s%s", lead, in->lo_open ? "more than " : "",
                         a, unit, in->hi_open ? "but not including " : "and including ", b,
                         unit);
}

/* "7 of 3,787 is 0.1848…%" */
static void
put_figure(ov_strbuf *out, const struct ov_claim *c, const struct ov_figure *f)
{
    char val[80];
    int places = c->unit == OV_UNIT_FRACTION ? 1 : c->places;

    value_text(val, f, places, false);
    switch (f->kind) {
    case OV_FIG_PCT:
        put_num(out, f->a);
        ov_strbuf_puts(out, " of ");
        put_num(out, f->b);
        ov_strbuf_printf(out, " is %s%%", val);
        break;
    case OV_FIG_RATE:
        put_num(out, f->a);
        ov_strbuf_puts(out, " for ");
        put_num(out, f->b);
        ov_strbuf_puts(out, " is ");
        ov_strbuf_printf(out, "%s per ", val);
        put_num(out, f->per);
        break;
    case OV_FIG_CHANGE:
        ov_strbuf_puts(out, "from ");
        put_num(out, f->a);
        ov_strbuf_puts(out, " to ");
        put_num(out, f->b);
        ov_strbuf_printf(out, " is a change of %s%s%%", f->value > 0 ? "+" : "", val);
        break;
    case OV_FIG_PP:
        put_num(out, f->a);
        ov_strbuf_puts(out, "% − ");
        put_num(out, f->b);
        ov_strbuf_printf(out, "%% is %s%s percentage points", f->value > 0 ? "+" : "", val);
        break;
    }
}

/* display width of UTF-8 text: one cell per character */
static size_t
cells(const char *s, size_t n)
{
    size_t i, w = 0;

    for (i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* rewraps the lines added to b since byte `from` to at most `width`
 * cells, a long line continuing on lines indented two more spaces */
static void
wrap_from(ov_strbuf *b, size_t from, size_t width)
{
    ov_strbuf out = OV_STRBUF_INIT;
    const char *p = ov_strbuf_cstr(b) + from, *end = ov_strbuf_cstr(b) + b->len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p), indent = 0;
        bool first = true;

        while (indent < len && p[indent] == ' ')
            indent++;
        while (cells(p, len) + (first ? 0 : indent + 2) > width) {
            size_t k, cut = 0, room = width - (first ? 0 : indent + 2), w = 0;

            /* the last space that keeps the line within its room */
            for (k = 0; k < len && w <= room; k++) {
                if (p[k] == ' ' && k > indent)
                    cut = k;
                w += ((unsigned char)p[k] & 0xC0) != 0x80;
            }
            if (cut == 0)
                break;
            if (!first)
                ov_strbuf_printf(&out, "%*s", (int)(indent + 2), "");
            ov_strbuf_append(&out, p, cut);
            ov_strbuf_putc(&out, '\n');
            p += cut + 1;
            len -= cut + 1;
            first = false;
        }
        if (!first)
            ov_strbuf_printf(&out, "%*s", (int)(indent + 2), "");
        ov_strbuf_append(&out, p, len);
        if (nl != NULL)
            ov_strbuf_putc(&out, '\n');
        p += len + (nl != NULL);
    }
    if (ov_strbuf_status(&out) == OV_OK) {
        b->len = from;
        ov_strbuf_append(b, ov_strbuf_cstr(&out), out.len);
    }
    ov_strbuf_free(&out);
}

#define WRAP 78

static void explain_verdict(ov_strbuf *out, const struct ov_claim *c, const struct ov_figure *f,
                            const struct ov_verdict *v);

void
ov_verdict_explain(ov_strbuf *out, const struct ov_claim *c, const struct ov_figure *f,
                   const struct ov_verdict *v)
{
    size_t from = out->len;

    explain_verdict(out, c, f, v);
    wrap_from(out, from, WRAP);
}

static void
explain_verdict(ov_strbuf *out, const struct ov_claim *c, const struct ov_figure *f,
                const struct ov_verdict *v)
{
    const char *unit = unit_suffix(c, f);
    int places = c->unit == OV_UNIT_FRACTION ? 1 : c->places;
    char rounded[64], cut[64], claim[80];
    struct qint says = claim_qint(c);

    ov_strbuf_puts(out, v->consistent ? "consistent: " : "not consistent: ");
    put_figure(out, c, f);
    ov_figure_digits(rounded, f, places, OV_ROUND_HALF_AWAY);
    ov_figure_digits(cut, f, places, OV_ROUND_TRUNC);
    if (v->magnitude) {
        if (rounded[0] == '-')
            memmove(rounded, rounded + 1, strlen(rounded));
        if (cut[0] == '-')
            memmove(cut, cut + 1, strlen(cut));
    }
    if (c->unit == OV_UNIT_FRACTION)
        exact_text(claim, claim_q(c, false), 1);
    else
        scaled_text(claim, c->scaled, c->places, false);
    switch (c->cmp) {
    case OV_CLAIM_ROUNDED:
        if (c->unit == OV_UNIT_FRACTION) {
            ov_strbuf_printf(out, ", %s what \"%s\" (%s%s) stands for\n",
                             v->consistent || !v->sign_ok ? "within" : "outside", c->figure,
                             claim, unit);
        } else {
            ov_strbuf_printf(out, ", which rounds half away from zero to %s%s", rounded, unit);
            if (!v->half_away)
                ov_strbuf_printf(out, ", not %s%s", claim, unit);
            ov_strbuf_putc(out, '\n');
        }
        break;
    case OV_CLAIM_LT:
    case OV_CLAIM_LE:
    case OV_CLAIM_GT:
    case OV_CLAIM_GE: {
        static const char *const word[] = {"", "below", "at most", "above", "at least"};

        ov_strbuf_printf(out, ", which is %s%s %s%s\n", v->consistent ? "" : "not ",
                         word[c->cmp], claim, unit);
        break;
    }
    case OV_CLAIM_ALMOST:
    case OV_CLAIM_JUST_OVER:
    case OV_CLAIM_BETWEEN:
        ov_strbuf_printf(out, ", %s what \"%s\" stands for\n",
                         v->consistent || !v->sign_ok ? "within" : "outside", c->figure);
        break;
    }
    if (c->reading[0] != '\0')
        ov_strbuf_printf(out, "  \"%s\" is read as %s\n", c->figure, c->reading);
    if (c->direction != 0 && !v->sign_ok)
        ov_strbuf_printf(out, "  the claim says '%s', but the change is %s\n", c->dirword,
                         f->value > 0   ? "an increase"
                         : f->value < 0 ? "a decrease"
                                        : "zero");
    else if (v->magnitude && c->direction == 0 && f->value != 0)
        ov_strbuf_printf(out, "  (the claim gives no direction; the change is %s)\n",
                         f->value > 0 ? "an increase" : "a decrease");
    ov_strbuf_printf(out, "  \"%s\" stands for ", c->figure);
    put_interval(out, &says, places + 1, unit,
                 v->magnitude && c->direction != 0
                     ? (c->direction > 0 ? "a rise of" : "a fall of")
                     : NULL);
    if (c->unit == OV_UNIT_FRACTION && c->cmp != OV_CLAIM_LT && c->cmp != OV_CLAIM_GT &&
        c->cmp != OV_CLAIM_LE && c->cmp != OV_CLAIM_GE)
        ov_strbuf_puts(out, small_fraction(c) ? " (a fraction in words is read to within a "
                                                "quarter of its value)"
                                              : " (a fraction in words is read to within 2.5 "
                                                "points)");
    ov_strbuf_putc(out, '\n');
    if (c->cmp == OV_CLAIM_ROUNDED && c->unit != OV_UNIT_FRACTION && v->trunc != v->half_away) {
        if (v->trunc)
            ov_strbuf_printf(out, "  %s if the figure was cut off (truncated) rather "
                                  "than rounded: cut to %d decimal%s it is %s%s\n",
                             v->sign_ok ? "it does match" : "its size does match", places,
                             places == 1 ? "" : "s", cut, unit);
        else
            ov_strbuf_printf(out, "  cut off (truncated) instead of rounded it would be %s%s, "
                                  "so the figure was rounded\n",
                             cut, unit);
    }
    if (f->kind == OV_FIG_PCT && f->a > 0 && f->a == floor(f->a) && f->a <= 1e15) {
        int64_t lo, hi;
        char a[48], b[48];

        if (qint_wholes(&says, f->a, &lo, &hi)) {
            ov_format_int_grouped(a, lo, ',');
            ov_format_int_grouped(b, hi, ',');
            ov_strbuf_puts(out, "  with the part ");
            put_num(out, f->a);
            if (hi < 0)
                ov_strbuf_printf(out, ", any whole of %s or more fits the claim\n", a);
            else if (lo == hi)
                ov_strbuf_printf(out, ", only a whole of %s fits the claim\n", a);
            else
                ov_strbuf_printf(out, ", any whole from %s to %s fits the claim\n", a, b);
        } else {
            ov_strbuf_puts(out, "  with the part ");
            put_num(out, f->a);
            ov_strbuf_puts(out, ", no whole number fits the claim\n");
        }
    }
}

static void explain_whole(ov_strbuf *out, const struct ov_claim *c, double whole);

void
ov_claim_explain_whole(ov_strbuf *out, const struct ov_claim *c, double whole)
{
    size_t from = out->len;

    explain_whole(out, c, whole);
    wrap_from(out, from, WRAP);
}

static void
explain_whole(ov_strbuf *out, const struct ov_claim *c, double whole)
{
    struct qint in = claim_qint(c);
    int64_t lo, hi;
    char a[48], b[48];
    bool some = qint_parts(&in, whole, &lo, &hi);

    ov_strbuf_printf(out, "cannot check without the part, but \"%s\" of ", c->figure);
    put_num(out, whole);
    if (!some) {
        ov_strbuf_puts(out, " is no whole number\n");
    } else {
        ov_format_int_grouped(a, lo, ',');
        ov_format_int_grouped(b, hi, ',');
        if (lo == hi)
            ov_strbuf_printf(out, " is %s\n", a);
        else
            ov_strbuf_printf(out, " is any part from %s to %s\n", a, b);
    }
    if (c->reading[0] != '\0')
        ov_strbuf_printf(out, "  \"%s\" is read as %s\n", c->figure, c->reading);
    if (!some)
        return;
    ov_strbuf_printf(out, "  \"%s\" stands for ", c->figure);
    put_interval(out, &in, (c->unit == OV_UNIT_FRACTION ? 1 : c->places) + 1, "%", NULL);
    ov_strbuf_putc(out, '\n');
}

void
ov_claim_explain_among(ov_strbuf *out, const struct ov_claim *c, double part,
                       const double *wholes, size_t n)
{
    struct {
        double whole, dist;
        bool ok;
        char text[64];
    } row[64];
    size_t i, j, k = 0;
    struct q x = claim_q(c, false);
    double target = q_double(x);

    for (i = 0; i < n && k < sizeof row / sizeof row[0]; i++) {
        struct ov_figure f;
        struct ov_verdict v;
        struct ov_err e;

        if (ov_figure_pct(part, wholes[i], &f, &e) != OV_OK ||
            ov_claim_check(c, &f, &v, &e) != OV_OK)
            continue;
        f.places = c->unit == OV_UNIT_FRACTION ? 1 : c->places;
        row[k].whole = wholes[i];
        row[k].dist = fabs(f.value - target);
        row[k].ok = v.consistent;
        ov_figure_text(row[k].text, &f);
        k++;
    }
    /* nearest to the claimed figure first (insertion sort: a handful) */
    for (i = 1; i < k; i++)
        for (j = i; j > 0 && row[j].dist < row[j - 1].dist; j--) {
            __typeof__(row[0]) t = row[j];

            row[j] = row[j - 1];
            row[j - 1] = t;
        }
    ov_strbuf_puts(out, "  among the wholes given:\n");
    for (i = 0; i < k; i++) {
        ov_strbuf_puts(out, "    ");
        put_num(out, part);
        ov_strbuf_puts(out, " of ");
        put_num(out, row[i].whole);
        ov_strbuf_printf(out, " is %s: %s\n", row[i].text,
                         row[i].ok ? "fits the claim" : "does not fit");
    }
}
