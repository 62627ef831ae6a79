/*
 * value.c - single values to and from text.
 */
#include "config.h"

#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool
isdig(char c)
{
    return c >= '0' && c <= '9';
}

bool
ov_parse_int(const char *s, size_t n, int64_t *v)
{
    const char *p = s, *end = s + n;
    bool neg = false;
    uint64_t acc = 0;
    size_t nd;

    if (n == 0)
        return false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    nd = (size_t)(end - p);
    if (nd == 0 || nd > 19 || (*p == '0' && (nd > 1 || neg)))
        return false; /* "00", "0123" and "-0" are codes, not numbers */
    for (; p < end; p++) {
        unsigned d = (unsigned)(*p - '0');

        if (d > 9)
            return false;
        acc = acc * 10 + d;
    }
    /* 18 digits always fit; 19 may not (INT64_MAX has 19) */
    if (nd == 19 && (acc < 1000000000000000000ull ||
                     acc > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)))
        return false;
    *v = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return true;
}

bool
ov_parse_int_grouped(const char *s, size_t n, int64_t *v)
{
    char digits[32];
    size_t i = 0, k = 0, group = 0, first;
    bool comma = false;

    if (n == 0 || n >= sizeof digits + 8)
        return false;
    if (s[0] == '-')
        digits[k++] = s[i++];
    first = i;
    for (; i < n; i++) {
        if (s[i] == ',') {
            /* the first group has 1-3 digits, every later one exactly 3 */
            if (group == 0 || group > 3 || (comma && group != 3))
                return false;
            comma = true;
            group = 0;
        } else if (isdig(s[i])) {
            if (k + 1 >= sizeof digits)
                return false;
            digits[k++] = s[i];
            group++;
        } else {
            return false;
        }
    }
    if (!comma || group != 3 || s[first] == '0')
        return false;
    return ov_parse_int(digits, k, v);
}

size_t
ov_value_format_int(char *buf, int64_t v)
{
    char tmp[24];
    size_t n = 0, i;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    i = 0;
    if (v < 0)
        buf[i++] = '-';
    while (n > 0)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
    return i;
}

size_t
ov_value_format_int_grouped(char *buf, int64_t v, char sep)
{
    char plain[24];
    size_t n = ov_value_format_int(plain, v), i = 0, j = 0, digits;

    if (plain[0] == '-')
        buf[j++] = plain[i++];
    digits = n - i;
    for (; i < n; i++) {
        buf[j++] = plain[i];
        digits--;
        if (digits > 0 && digits % 3 == 0)
            buf[j++] = sep;
    }
    buf[j] = '\0';
    return j;
}

/* ---- floats ---- */

static const double pow10tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The shortest decimal digits that read back as v (v > 0, finite):
 * writes them (no point) to digits and returns how many; *e10 is the
 * exponent of the first digit. */
static int
shortest_digits(double v, char *digits, int *e10)
{
    char buf[40];
    int p, n = 0;

    for (p = 15; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (p == 17 || strtod(buf, NULL) == v)
            break;
    }
    /* buf is d.ddddde[+-]xx */
    {
        const char *q = buf;
        char *e;

        for (; *q != 'e'; q++)
            if (isdig(*q))
                digits[n++] = *q;
        *e10 = (int)strtol(q + 1, &e, 10);
    }
    while (n > 1 && digits[n - 1] == '0')
        n--;
    return n;
}

size_t
ov_value_format_float(char *buf, double v, int style)
{
    char digits[24] = {0};
    int nd, e10 = 0, i;
    size_t k = 0;

    if (isnan(v))
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "nan");
    if (isinf(v))
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, v < 0 ? "-inf" : "inf");
    if (style >= 0) {
        int n = snprintf(buf, OV_VALUE_TEXT_MAX, "%.*f", style > 30 ? 30 : style, v);

        /* too long for fixed decimals (1e30 with 20 of them): the shortest
         * form instead, which always fits */
        if (n < 0 || n >= OV_VALUE_TEXT_MAX)
            return ov_value_format_float(buf, v, OV_FLOAT_G);
        /* "-0.00" for a tiny negative: print it as 0 (a negative zero read
         * from a file, "-0.0", is written back as it was) */
        if (v != 0 && buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)(n - 1)) {
            memmove(buf, buf + 1, (size_t)n);
            n--;
        }
        return (size_t)n;
    }
    if (v == 0.0) {
        if (signbit(v))
            buf[k++] = '-';
        buf[k++] = '0';
        if (style == OV_FLOAT_PY) {
            buf[k++] = '.';
            buf[k++] = '0';
        }
        buf[k] = '\0';
        return k;
    }
    if (v < 0) {
        buf[k++] = '-';
        v = -v;
    }
    if (v < 1e15 && v == floor(v)) {
        /* a whole number below 10^15 (the common case, counts and ids):
         * its digits are what the shortest form below gives, without the
         * three printf and strtod calls it costs */
        uint64_t u = (uint64_t)v;
        char rev[20];
        int m = 0;

        do
            rev[m++] = (char)('0' + u % 10);
        while ((u /= 10) > 0);
        while (m > 0)
            buf[k++] = rev[--m];
        if (style == OV_FLOAT_PY) {
            buf[k++] = '.';
            buf[k++] = '0';
        }
        buf[k] = '\0';
        return k;
    }
    nd = shortest_digits(v, digits, &e10);
    if (e10 >= -4 && e10 < 16) {
        /* positional notation, as Python's repr does in this range */
        if (e10 < 0) {
            buf[k++] = '0';
            buf[k++] = '.';
            for (i = 0; i < -e10 - 1; i++)
                buf[k++] = '0';
            memcpy(buf + k, digits, (size_t)nd);
            k += (size_t)nd;
        } else {
            for (i = 0; i <= e10; i++)
                buf[k++] = i < nd ? digits[i] : '0';
            if (nd > e10 + 1) {
                buf[k++] = '.';
                memcpy(buf + k, digits + e10 + 1, (size_t)(nd - e10 - 1));
                k += (size_t)(nd - e10 - 1);
            } else if (style == OV_FLOAT_PY) {
                buf[k++] = '.';
                buf[k++] = '0';
            }
        }
    } else {
        buf[k++] = digits[0];
        if (nd > 1) {
            buf[k++] = '.';
            memcpy(buf + k, digits + 1, (size_t)(nd - 1));
            k += (size_t)(nd - 1);
        }
        k += (size_t)snprintf(buf + k, 8, "e%c%02d", e10 < 0 ? '-' : '+',
                              e10 < 0 ? -e10 : e10);
    }
    buf[k] = '\0';
    return k;
}

bool
ov_parse_float(const char *s, size_t n, double *v, struct ov_floattext *info)
{
    const char *p = s, *end = s + n, *ip, *fp = NULL, *ep = NULL;
    char tmp[64];
    uint64_t mant = 0;
    int sig = 0, decimals = 0;
    bool neg = false, exact;
    double x;

    if (n == 0)
        return false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    ip = p;
    while (p < end && isdig(*p))
        p++;
    if (p == ip)
        return false;
    if (*ip == '0' && p - ip > 1)
        return false; /* "007.5" */
    if (p < end && *p == '.') {
        fp = ++p;
        while (p < end && isdig(*p))
            p++;
        if (p == fp)
            return false; /* "5." */
        decimals = (int)(p - fp);
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ep = ++p;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || !isdig(*p))
            return false;
        while (p < end && isdig(*p))
            p++;
    }
    if (p != end)
        return false;
    /* Clinger's fast path: at most 15 significant digits and a power of
     * ten that is exact in a double give a correctly rounded result from
     * one division; everything else goes through strtod */
    exact = ep == NULL && decimals <= 22;
    for (const char *q = ip; exact && q < (fp ? fp + decimals : ip + (p - ip)); q++) {
        if (*q == '.')
            continue;
        if (sig > 0 || *q != '0')
            sig++;
        if (sig > 15)
            exact = false;
        mant = mant * 10 + (uint64_t)(*q - '0');
    }
    if (exact) {
        x = (double)mant / pow10tab[decimals];
    } else {
        if (n >= sizeof tmp)
            return false;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        x = strtod(tmp + (neg ? 1 : 0), NULL);
        if (!isfinite(x))
            return false;
    }
    if (neg)
        x = -x;
    *v = x;
    if (info != NULL) {
        info->decimals = decimals;
        info->exponent = ep != NULL;
        info->integral = x == floor(x) && fabs(x) < 1e16;
        info->dot0 = info->integral && !info->exponent && decimals > 0;
        info->exact = true;
        if (exact && sig > 0 && p - ip - (fp ? 1 : 0) - decimals <= 16 &&
            (decimals == 0 || fp[decimals - 1] != '0' ||
             (decimals == 1 && info->dot0)) &&
            !(decimals > 0 && *ip == '0' && mant != 0 && x != 0 && fabs(x) < 1e-4)) {
            /* At most 15 significant digits, no exponent, written in the
             * range where the shortest form is positional, no trailing
             * zero after the point (but "12.0"): two such texts never map
             * to the same double, so this text is the shortest form. */
            info->shortest = true;
        } else if (exact && sig == 0) {
            /* a zero: "0" and "0.0" are shortest, "0.00" is not */
            info->shortest = decimals <= 1;
        } else {
            char back[OV_VALUE_TEXT_MAX];
            size_t bn =
                ov_value_format_float(back, x, info->dot0 ? OV_FLOAT_PY : OV_FLOAT_G);

            info->shortest = bn == n && memcmp(back, s, n) == 0;
        }
        if (!info->shortest) {
            /* "1.50" is exact in a fixed form; "12345678901234567890" and
             * "1e5" are not: the double cannot give that text back */
            char back[OV_VALUE_TEXT_MAX];
            size_t bn = ep == NULL && decimals <= 30
                            ? ov_value_format_float(back, x, decimals)
                            : 0;

            info->exact = bn == n && memcmp(back, s, n) == 0;
        }
    }
    return true;
}

/* ---- rounding ---- */

double
ov_round_decimal(double x, int places)
{
    char digits[24], text[64];
    int nd, e10, keep, i, k = 0;
    bool neg = x < 0;
    double ax = neg ? -x : x;

    if (!isfinite(x) || x == 0.0 || places > 17)
        return x;
    if (places < -400) /* every double is below 10^309: it rounds to zero */
        return neg ? -0.0 : 0.0;
    nd = shortest_digits(ax, digits, &e10);
    /* digits d0 d1 ... stand for 0.d0d1... x 10^(e10+1); keep those down to
     * the wanted decimal place */
    keep = e10 + 1 + places;
    if (keep >= nd)
        return x; /* already exact at that many places */
    if (keep < 0)
        return neg ? -0.0 : 0.0;
    /* round the digit string half away from zero */
    {
        bool up = digits[keep] >= '5';

        nd = keep;
        if (up) {
            for (i = nd - 1; i >= 0 && digits[i] == '9'; i--)
                digits[i] = '0';
            if (i < 0) {
                memmove(digits + 1, digits, (size_t)nd);
                digits[0] = '1';
                nd++;
                e10++;
            } else {
                digits[i]++;
            }
        }
    }
    if (nd == 0)
        return neg ? -0.0 : 0.0;
    if (neg)
        text[k++] = '-';
    text[k++] = '0';
    text[k++] = '.';
    memcpy(text + k, digits, (size_t)nd);
    k += nd;
    k += snprintf(text + k, sizeof text - (size_t)k, "e%d", e10 + 1);
    return strtod(text, NULL);
}

size_t
ov_value_format_fixed(char *buf, double x, int places)
{
    double r = ov_round_decimal(x, places);

    /* -0.04 to one place prints "0.0", not "-0.0"; but a negative zero
     * read from a file ("-0.0") is written back as it was */
    if (r == 0 && !(x == 0 && signbit(x)))
        r = 0.0;
    return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%.*f", places, r);
}

/* ---- dates (Howard Hinnant's civil calendar algorithms) ---- */

int32_t
ov_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int64_t)doe - 719468);
}

void
ov_civil_from_days(int32_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool
valid_ymd(unsigned y, unsigned m, unsigned d)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned md;

    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    md = mdays[m - 1];
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        md = 29;
    return d <= md;
}

/* reads n digits at s; false unless all are digits */
static bool
digits(const char *s, int n, unsigned *v)
{
    unsigned acc = 0;
    int i;

    for (i = 0; i < n; i++) {
        if (!isdig(s[i]))
            return false;
        acc = acc * 10 + (unsigned)(s[i] - '0');
    }
    *v = acc;
    return true;
}

static bool
split_date(const char *s, size_t n, enum ov_datefmt fmt, unsigned *y, unsigned *m,
           unsigned *d)
{
    if (n != 10)
        return false;
    switch (fmt) {
    case OV_DATE_ISO:
    case OV_DATE_YMD:
        if (s[4] != (fmt == OV_DATE_ISO ? '-' : '/') || s[7] != s[4])
            return false;
        return digits(s, 4, y) && digits(s + 5, 2, m) && digits(s + 8, 2, d);
    case OV_DATE_MDY:
        if (s[2] != '/' || s[5] != '/')
            return false;
        return digits(s, 2, m) && digits(s + 3, 2, d) && digits(s + 6, 4, y);
    case OV_DATE_DMY:
        if (s[2] != '/' || s[5] != '/')
            return false;
        return digits(s, 2, d) && digits(s + 3, 2, m) && digits(s + 6, 4, y);
    default:
        return false;
    }
}

bool
ov_parse_date(const char *s, size_t n, enum ov_datefmt fmt, int32_t *days)
{
    unsigned y, m, d;

    if (!split_date(s, n, fmt, &y, &m, &d) || !valid_ymd(y, m, d))
        return false;
    *days = ov_days_from_civil(y, m, d);
    return true;
}

unsigned
ov_date_match(const char *s, size_t n)
{
    unsigned mask = 0;
    int f;
    int32_t days;

    if (n != 10)
        return 0;
    for (f = 0; f < OV_DATE_NFMT; f++)
        if (ov_parse_date(s, n, (enum ov_datefmt)f, &days))
            mask |= 1u << f;
    return mask;
}

size_t
ov_value_format_date(char *buf, int32_t days, enum ov_datefmt fmt)
{
    int64_t y;
    unsigned m, d;

    ov_civil_from_days(days, &y, &m, &d);
    switch (fmt) {
    case OV_DATE_YMD:
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%04lld/%02u/%02u",
                                (long long)y, m, d);
    case OV_DATE_MDY:
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%02u/%02u/%04lld", m, d,
                                (long long)y);
    case OV_DATE_DMY:
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%02u/%02u/%04lld", d, m,
                                (long long)y);
    case OV_DATE_ISO:
    default:
        return (size_t)snprintf(buf, OV_VALUE_TEXT_MAX, "%04lld-%02u-%02u",
                                (long long)y, m, d);
    }
}

/* ---- booleans ---- */

unsigned
ov_bool_match(const char *s, size_t n, bool *v)
{
    static const struct {
        const char *text;
        bool value;
        unsigned style;
    } forms[] = {
        {"true", true, OV_BOOL_LOWER}, {"false", false, OV_BOOL_LOWER},
        {"TRUE", true, OV_BOOL_UPPER}, {"FALSE", false, OV_BOOL_UPPER},
        {"True", true, OV_BOOL_TITLE}, {"False", false, OV_BOOL_TITLE},
    };
    size_t i;

    if (n != 4 && n != 5)
        return 0;
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strlen(forms[i].text) == n && memcmp(forms[i].text, s, n) == 0) {
            *v = forms[i].value;
            return forms[i].style;
        }
    return 0;
}

const char *
ov_bool_text(bool v, unsigned style)
{
    if (style & OV_BOOL_UPPER)
        return v ? "TRUE" : "FALSE";
    if (style & OV_BOOL_TITLE)
        return v ? "True" : "False";
    return v ? "true" : "false";
}
