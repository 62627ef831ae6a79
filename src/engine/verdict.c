/*
 * verdict.c - a claim checked against a figure: the values its words stand
 * for, as an exact interval, whether the figure is within it (and rounds or
 * cuts to it), the wholes or parts that would fit, and all of it in plain
 * words. Engine code: no Lua, no printing.
 */
#include "config.h"

#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "fraction.h"
#include "stats_int.h"
#include "value.h"

typedef ov_i128 i128;

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
static struct ov_q
claim_q(const struct ov_claim *c, bool upper)
{
    i128 p10 = 1;
    int i;

    if (c->unit == OV_UNIT_FRACTION)
        return ov_q_norm((i128)100 * c->frac_num, c->frac_den);
    for (i = 0; i < c->places; i++)
        p10 *= 10;
    return ov_q_norm(upper ? c->scaled2 : c->scaled, p10);
}

/* half of the last printed unit: 0.05 for one decimal */
static struct ov_q
half_unit(const struct ov_claim *c)
{
    i128 p10 = 2;
    int i;

    if (small_fraction(c))
        return ov_q_norm((i128)25 * c->frac_num, c->frac_den);
    if (c->unit == OV_UNIT_FRACTION)
        return ov_q_norm(FRACTION_SLACK_NUM, FRACTION_SLACK_DEN);
    for (i = 0; i < c->places; i++)
        p10 *= 10;
    return ov_q_norm(1, p10);
}

/* the interval as fractions, for exact tests */
struct qint {
    struct ov_q lo, hi;
    bool lo_inf, hi_inf, lo_open, hi_open;
};

static struct qint
claim_qint(const struct ov_claim *c)
{
    struct qint r;
    struct ov_q x = claim_q(c, false), h = half_unit(c);

    memset(&r, 0, sizeof r);
    switch (c->cmp) {
    case OV_CLAIM_ROUNDED:
        ov_q_sub(x, h, &r.lo);
        ov_q_sub(x, ov_q_norm(-h.n, h.d), &r.hi);
        r.hi_open = c->unit != OV_UNIT_FRACTION;
        if (x.n == 0)
            r.lo_open = r.hi_open = true; /* 0% stands for (-0.05, 0.05) */
        break;
    case OV_CLAIM_BETWEEN:
        ov_q_sub(x, h, &r.lo);
        ov_q_sub(claim_q(c, true), ov_q_norm(-h.n, h.d), &r.hi);
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
        ov_q_sub(x, h, &r.lo);
        r.hi = x;
        r.hi_open = true;
        break;
    case OV_CLAIM_JUST_OVER:
        r.lo = x;
        r.lo_open = true;
        ov_q_sub(x, ov_q_norm(-h.n, h.d), &r.hi);
        r.hi_open = c->unit != OV_UNIT_FRACTION;
        break;
    }
    return r;
}

void
ov_claim_interval(const struct ov_claim *c, struct ov_interval *says)
{
    struct qint r = claim_qint(c);

    says->lo = r.lo_inf ? -INFINITY : ov_q_double(r.lo);
    says->hi = r.hi_inf ? INFINITY : ov_q_double(r.hi);
    says->lo_open = r.lo_open;
    says->hi_open = r.hi_open;
}

/* is v within r? exact when v is */
static bool
within(const struct qint *r, struct ov_q v, bool exact, double vd)
{
    int c;

    if (!r->lo_inf) {
        if (!exact || !ov_q_cmp(v, r->lo, &c))
            c = (vd > ov_q_double(r->lo)) - (vd < ov_q_double(r->lo));
        if (c < 0 || (c == 0 && r->lo_open))
            return false;
    }
    if (!r->hi_inf) {
        if (!exact || !ov_q_cmp(v, r->hi, &c))
            c = (vd > ov_q_double(r->hi)) - (vd < ov_q_double(r->hi));
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
ov_claim_check(const struct ov_claim *c, const struct ov_figure *f,
               struct ov_verdict *v, struct ov_err *err)
{
    struct qint r = claim_qint(c);
    struct ov_q val;
    bool exact = ov_figure_q(f, &val);
    double vd = f->value;
    bool change = f->kind == OV_FIG_CHANGE || f->kind == OV_FIG_PP;

    memset(v, 0, sizeof *v);
    if ((c->unit == OV_UNIT_PERCENT || c->unit == OV_UNIT_FRACTION) &&
        f->kind == OV_FIG_RATE)
        return ov_err_set(err, OV_EINVAL,
                          "'%s' is %s, but the figure is a rate: use pct(part, whole)",
                          c->figure, unit_name(c));
    if ((c->unit == OV_UNIT_PERCENT || c->unit == OV_UNIT_FRACTION) &&
        f->kind == OV_FIG_PP)
        return ov_err_set(
            err, OV_EINVAL,
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
                          "'%s' describes a change ('%s'): give change(old, new)",
                          c->figure, c->dirword);
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
        struct ov_q x = claim_q(c, false), h = half_unit(c);

        /* the rounding is judged on the size alone: a change the wrong way
         * round still rounds to the figure, it is the direction that fails */
        v->half_away = within(&r, val, exact, vd);
        memset(&tr, 0, sizeof tr);
        tr.lo = x;
        ov_q_sub(x, ov_q_norm(-2 * h.n, h.d), &tr.hi);
        tr.hi_open = true;
        v->trunc = within(&tr, val, exact, vd);
        v->trunc_says.lo = ov_q_double(tr.lo);
        v->trunc_says.hi = ov_q_double(tr.hi);
        v->trunc_says.hi_open = true;
    }
    return OV_OK;
}

/* the wholes w for which 100 × part / w is within r; *hi = -1 when there
 * is no upper end */
static bool
qint_wholes(const struct qint *r, double part, int64_t *lo, int64_t *hi)
{
    struct ov_q p, x;
    i128 wlo = 1, whi = -1;

    if (!ov_q_from_double(part, &p) || part <= 0)
        return false;
    if (!ov_q_mul(p, ov_q_int(100), &p))
        return false;
    /* part/w*100 < hi  <=>  w > 100 part / hi */
    if (!r->hi_inf) {
        if (r->hi.n <= 0 || !ov_q_div(p, r->hi, &x))
            return false;
        wlo = r->hi_open ? ov_q_floor(x) + 1 : ov_q_ceil(x);
    }
    if (!r->lo_inf && r->lo.n > 0) {
        if (!ov_q_div(p, r->lo, &x))
            return false;
        whi = r->lo_open ? ov_q_ceil(x) - 1 : ov_q_floor(x);
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
    struct ov_q w, x;
    i128 plo = 0, phi;

    if (!ov_q_from_double(whole, &w) || whole <= 0 || whole != floor(whole) ||
        whole > 1e15)
        return false;
    /* with no upper end, a share: at most the whole */
    phi = (i128)whole;
    if (!ov_q_div(w, ov_q_int(100), &w))
        return false;
    if (!r->lo_inf) {
        if (!ov_q_mul(r->lo, w, &x))
            return false;
        if (r->lo.n > 0)
            plo = r->lo_open ? ov_q_floor(x) + 1 : ov_q_ceil(x);
    }
    if (!r->hi_inf) {
        if (!ov_q_mul(r->hi, w, &x))
            return false;
        phi = r->hi_open ? ov_q_ceil(x) - 1 : ov_q_floor(x);
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
    return (r->lo_inf || ov_q_from_double(in->lo, &r->lo)) &&
           (r->hi_inf || ov_q_from_double(in->hi, &r->hi));
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

    while (places < 12 && (s = scaled(x, places)) > -100 && s < 100 &&
           scaled(x, 12) != 0)
        places++;
    return places;
}

static i128
fig_cut(const void *f, int places)
{
    return ov_figure_scaled(f, places, OV_ROUND_TRUNC);
}

static i128
q_cut(const void *v, int places)
{
    i128 s;

    return ov_q_scaled(*(const struct ov_q *)v, places, false, &s) ? s : 0;
}

/* writes s / 10^places; when that is all of v, without trailing zeros
 * (12.500 is 12.5), else with "…": the rest lies beyond the digits shown,
 * away from zero */
static void
cut_text(char *buf, i128 s, int places, const struct ov_q *v)
{
    size_t n = ov_scaled_text(buf, s, places, false);
    bool more = true;
    i128 p10;

    if (v != NULL && ov_q_pow10(places, &p10)) {
        struct ov_q back = ov_q_norm(s, p10);

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
    struct ov_q v;

    if (magnitude && g.value < 0) {
        g.value = -g.value;
        g.qn = -g.qn;
    }
    places = sig_places(fig_cut, &g, places + 3);
    cut_text(buf, ov_figure_scaled(&g, places, OV_ROUND_TRUNC), places,
             ov_figure_q(&g, &v) ? &v : NULL);
}

/* an exact bound or figure of a claim: all its decimals when they end by
 * `places` (or three significant digits), else cut there with "…" */
static void
exact_text(char *buf, struct ov_q v, int places)
{
    i128 s;

    places = sig_places(q_cut, &v, places);
    if (!ov_q_scaled(v, places, false, &s)) {
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
            ov_strbuf_printf(out, "any value %s %s%s", in->hi_open ? "below" : "up to",
                             b, unit);
        else if (in->hi_inf)
            ov_strbuf_printf(out, "any value %s %s%s",
                             in->lo_open ? "above" : "of at least", a, unit);
        else
            ov_strbuf_printf(out, "any value %s %s%s up to %s%s%s",
                             in->lo_open ? "above" : "from", a, unit,
                             in->hi_open ? "but not including " : "and including ", b,
                             unit);
        return;
    }
    if (in->lo_inf)
        ov_strbuf_printf(out, "%s %s %s%s", lead, in->hi_open ? "less than" : "at most",
                         b, unit);
    else if (in->hi_inf)
        ov_strbuf_printf(out, "%s %s %s%s", lead,
                         in->lo_open ? "more than" : "at least", a, unit);
    else
        ov_strbuf_printf(
            out, "%s %s%s%s up to %s%s%s", lead, in->lo_open ? "more than " : "", a,
            unit, in->hi_open ? "but not including " : "and including ", b, unit);
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
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " of ");
        ov_put_number(out, f->b);
        ov_strbuf_printf(out, " is %s%%", val);
        break;
    case OV_FIG_RATE:
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " for ");
        ov_put_number(out, f->b);
        ov_strbuf_puts(out, " is ");
        ov_strbuf_printf(out, "%s per ", val);
        ov_put_number(out, f->per);
        break;
    case OV_FIG_CHANGE:
        ov_strbuf_puts(out, "from ");
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, " to ");
        ov_put_number(out, f->b);
        ov_strbuf_printf(out, " is a change of %s%s%%", f->value > 0 ? "+" : "", val);
        break;
    case OV_FIG_PP:
        ov_put_number(out, f->a);
        ov_strbuf_puts(out, "% − ");
        ov_put_number(out, f->b);
        ov_strbuf_printf(out, "%% is %s%s percentage points", f->value > 0 ? "+" : "",
                         val);
        break;
    }
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
        while (ov_text_width(p, len) + (first ? 0 : indent + 2) > width) {
            size_t k, cut = 0, room = width - (first ? 0 : indent + 2), w = 0;

            /* the last space that keeps the line within its room */
            for (k = 0; k < len && w <= room; k++) {
                if (p[k] == ' ' && k > indent)
                    cut = k;
                w += ov_text_byte_width(p, len, k);
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

static void explain_verdict(ov_strbuf *out, const struct ov_claim *c,
                            const struct ov_figure *f, const struct ov_verdict *v);

void
ov_verdict_explain(ov_strbuf *out, const struct ov_claim *c, const struct ov_figure *f,
                   const struct ov_verdict *v)
{
    size_t from = out->len;

    explain_verdict(out, c, f, v);
    wrap_from(out, from, WRAP);
}

/* A share whose part is larger than its whole, checked against a claim
 * it misses: when the two the other way round fit, say so, since that is
 * the likelier slip ("0.2 per cent", 3787, 7). */
static void
swapped_hint(ov_strbuf *out, const struct ov_claim *c, const struct ov_figure *f,
             const struct ov_verdict *v)
{
    struct ov_figure g;
    struct ov_verdict w;
    struct ov_err err;

    if (v->consistent || f->kind != OV_FIG_PCT || !(f->a > f->b) || !(f->b > 0))
        return;
    if (ov_figure_pct(f->b, f->a, &g, &err) != OV_OK ||
        ov_claim_check(c, &g, &w, &err) != OV_OK || !w.consistent)
        return;
    ov_strbuf_puts(out, "  the part is larger than the whole: the other way round, ");
    ov_put_number(out, f->b);
    ov_strbuf_puts(out, " of ");
    ov_put_number(out, f->a);
    ov_strbuf_puts(
        out, " fits the claim (the part comes first: check(claim, part, whole))\n");
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
        ov_scaled_text(claim, c->scaled, c->places, false);
    switch (c->cmp) {
    case OV_CLAIM_ROUNDED:
        if (c->unit == OV_UNIT_FRACTION) {
            ov_strbuf_printf(out, ", %s what \"%s\" (%s%s) stands for\n",
                             v->consistent || !v->sign_ok ? "within" : "outside",
                             c->figure, claim, unit);
        } else {
            ov_strbuf_printf(out, ", which rounds half away from zero to %s%s", rounded,
                             unit);
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
                         v->consistent || !v->sign_ok ? "within" : "outside",
                         c->figure);
        break;
    }
    if (c->reading[0] != '\0')
        ov_strbuf_printf(out, "  \"%s\" is read as %s\n", c->figure, c->reading);
    if (c->direction != 0 && !v->sign_ok)
        ov_strbuf_printf(out, "  the claim says '%s', but the change is %s\n",
                         c->dirword,
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
        ov_strbuf_puts(out, small_fraction(c)
                                ? " (a fraction in words is read to within a "
                                  "quarter of its value)"
                                : " (a fraction in words is read to within 2.5 "
                                  "points)");
    ov_strbuf_putc(out, '\n');
    if (c->cmp == OV_CLAIM_ROUNDED && c->unit != OV_UNIT_FRACTION &&
        v->trunc != v->half_away) {
        if (v->trunc)
            ov_strbuf_printf(out,
                             "  %s if the figure was cut off (truncated) rather "
                             "than rounded: cut to %d decimal%s it is %s%s\n",
                             v->sign_ok ? "it does match" : "its size does match",
                             places, places == 1 ? "" : "s", cut, unit);
        else
            ov_strbuf_printf(
                out,
                "  cut off (truncated) instead of rounded it would be %s%s, "
                "so the figure was rounded\n",
                cut, unit);
    }
    if (f->kind == OV_FIG_PCT && f->a > 0 && f->a == floor(f->a) && f->a <= 1e15) {
        int64_t lo, hi;
        char a[48], b[48];

        if (qint_wholes(&says, f->a, &lo, &hi)) {
            ov_value_format_int_grouped(a, lo, ',');
            ov_value_format_int_grouped(b, hi, ',');
            ov_strbuf_puts(out, "  with the part ");
            ov_put_number(out, f->a);
            if (hi < 0)
                ov_strbuf_printf(out, ", any whole of %s or more fits the claim\n", a);
            else if (lo == hi)
                ov_strbuf_printf(out, ", only a whole of %s fits the claim\n", a);
            else
                ov_strbuf_printf(out, ", any whole from %s to %s fits the claim\n", a,
                                 b);
        } else {
            ov_strbuf_puts(out, "  with the part ");
            ov_put_number(out, f->a);
            ov_strbuf_puts(out, ", no whole number fits the claim\n");
        }
    }
    swapped_hint(out, c, f, v);
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
    ov_put_number(out, whole);
    if (!some) {
        ov_strbuf_puts(out, " is no whole number\n");
    } else {
        ov_value_format_int_grouped(a, lo, ',');
        ov_value_format_int_grouped(b, hi, ',');
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
    put_interval(out, &in, (c->unit == OV_UNIT_FRACTION ? 1 : c->places) + 1, "%",
                 NULL);
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
    struct ov_q x = claim_q(c, false);
    double target = ov_q_double(x);

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
        ov_put_number(out, part);
        ov_strbuf_puts(out, " of ");
        ov_put_number(out, row[i].whole);
        ov_strbuf_printf(out, " is %s: %s\n", row[i].text,
                         row[i].ok ? "fits the claim" : "does not fit");
    }
}
