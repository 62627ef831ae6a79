/*
 * fraction.c - exact fractions of 128-bit integers, the arithmetic every
 * figure and claim is decided in, and the decimal digits of a scaled
 * integer. Engine code: C only, no Lua, no printing.
 */
#include "config.h"

#include "fraction.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

typedef ov_i128 i128;

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

struct ov_q
ov_q_norm(i128 n, i128 d)
{
    struct ov_q r;
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

bool
ov_q_mul(struct ov_q a, struct ov_q b, struct ov_q *out)
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
    *out = ov_q_norm(n, d);
    return true;
}

bool
ov_q_div(struct ov_q a, struct ov_q b, struct ov_q *out)
{
    struct ov_q inv;

    if (b.n == 0)
        return false;
    inv = ov_q_norm(b.d, b.n);
    return ov_q_mul(a, inv, out);
}

bool
ov_q_sub(struct ov_q a, struct ov_q b, struct ov_q *out)
{
    i128 x, y, d;

    if (!mul128(a.n, b.d, &x) || !mul128(b.n, a.d, &y) || !mul128(a.d, b.d, &d) ||
        __builtin_sub_overflow(x, y, &x))
        return false;
    *out = ov_q_norm(x, d);
    return true;
}

/* -1, 0, 1; false if it cannot be decided exactly */
bool
ov_q_cmp(struct ov_q a, struct ov_q b, int *c)
{
    i128 x, y;

    if (!mul128(a.n, b.d, &x) || !mul128(b.n, a.d, &y))
        return false;
    *c = (x > y) - (x < y);
    return true;
}

struct ov_q
ov_q_int(int64_t v)
{
    struct ov_q r = {v, 1};

    return r;
}

/* x as the decimal fraction its shortest text stands for */
bool
ov_q_from_double(double x, struct ov_q *out)
{
    char buf[OV_VALUE_TEXT_MAX], *p, *e;
    i128 m = 0, d = 1;
    int frac = 0, exp10 = 0, digits = 0;
    bool neg = false, dot = false;

    if (!isfinite(x))
        return false;
    ov_value_format_float(buf, x, OV_FLOAT_G);
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
    *out = ov_q_norm(neg ? -m : m, d);
    return true;
}

bool
ov_q_pow10(int p, i128 *out)
{
    i128 r = 1;

    while (p-- > 0)
        if (!mul128(r, 10, &r))
            return false;
    *out = r;
    return true;
}

/* v × 10^places rounded half away from zero or cut, as an integer; false
 * if it does not fit */
bool
ov_q_scaled(struct ov_q v, int places, bool half_away, i128 *out)
{
    i128 p10, n, an;
    bool neg = v.n < 0;

    if (!ov_q_pow10(places, &p10) || !mul128(v.n, p10, &n))
        return false;
    an = neg ? -n : n;
    if (half_away) {
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

double
ov_q_double(struct ov_q v)
{
    return (double)((long double)v.n / (long double)v.d);
}

/* integer floor / ceil of a fraction */
i128
ov_q_floor(struct ov_q v)
{
    i128 f = v.n / v.d;

    if (v.n % v.d != 0 && v.n < 0)
        f--;
    return f;
}

i128
ov_q_ceil(struct ov_q v)
{
    i128 f = v.n / v.d;

    if (v.n % v.d != 0 && v.n > 0)
        f++;
    return f;
}

/* writes the integer s / 10^places, with grouped thousands when group;
 * returns the length */
static size_t
scaled_text(char *buf, i128 s, int places, bool plus, bool group)
{
    char rev[64];
    size_t n = 0, k = 0, i;
    bool neg = s<0, above = s> 0;
    int pos = 0;

    if (neg)
        s = -s;
    do {
        if (pos == places && places > 0)
            rev[n++] = '.';
        if (group && pos > places && (pos - places) % 3 == 0)
            rev[n++] = ',';
        rev[n++] = (char)('0' + (int)(s % 10));
        s /= 10;
        pos++;
    } while (s > 0 || pos <= places);
    if (neg)
        buf[k++] = '-';
    else if (plus && above)
        buf[k++] = '+';
    for (i = n; i > 0; i--)
        buf[k++] = rev[i - 1];
    buf[k] = '\0';
    return k;
}

size_t
ov_scaled_text(char *buf, i128 s, int places, bool plus)
{
    return scaled_text(buf, s, places, plus, true);
}

size_t
ov_scaled_digits(char *buf, i128 s, int places)
{
    return scaled_text(buf, s, places, false, false);
}

bool
ov_q_percent(double num, double den, int places, i128 *out)
{
    /* whole numbers within 2^53 are exact; 100 x 2^53 x 10^15 fits */
    if (den == 0 || num != floor(num) || den != floor(den) ||
        fabs(num) > 9007199254740992.0 || fabs(den) > 9007199254740992.0 ||
        places < 0 || places > 15)
        return false;
    return ov_q_scaled(ov_q_norm((i128)num * 100, (i128)den), places, true, out);
}

size_t
ov_q_format_percent(char *buf, double num, double den, int places)
{
    ov_i128 s;

    if (den == 0)
        return 0;
    /* exact by the house rule when it can be */
    if (ov_q_percent(num, den, places, &s))
        return ov_scaled_digits(buf, s, places);
    return ov_value_format_fixed(buf, 100.0 * num / den, places);
}
