/*
 * xl_numfmt.c - Excel number formats, as far as reading needs them:
 * whether a format shows a date (so a serial number is a date), and the
 * text a few common formats display ("#,##0.00" shows 5516.65 as
 * "5,516.65"), so a cell's shown text can be given beside its stored
 * value. Rounding is Excel's: half away from zero on the value's 15
 * significant digits. Part of libovengine; no XML here.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl_int.h"

const char *
ov_xl_builtin_format(unsigned id)
{
    /* ECMA-376 part 1, 18.8.30: the ids every locale shows alike */
    static const char *const f[] = {
        [0] = "General",
        [1] = "0",
        [2] = "0.00",
        [3] = "#,##0",
        [4] = "#,##0.00",
        [9] = "0%",
        [10] = "0.00%",
        [11] = "0.00E+00",
        [12] = "# ?/?",
        [13] = "# ?\?/??",
        [14] = "mm-dd-yy",
        [15] = "d-mmm-yy",
        [16] = "d-mmm",
        [17] = "mmm-yy",
        [18] = "h:mm AM/PM",
        [19] = "h:mm:ss AM/PM",
        [20] = "h:mm",
        [21] = "h:mm:ss",
        [22] = "m/d/yy h:mm",
        [37] = "#,##0 ;(#,##0)",
        [38] = "#,##0 ;[Red](#,##0)",
        [39] = "#,##0.00;(#,##0.00)",
        [40] = "#,##0.00;[Red](#,##0.00)",
        [45] = "mm:ss",
        [46] = "[h]:mm:ss",
        [47] = "mmss.0",
        [48] = "##0.0E+0",
        [49] = "@",
    };

    return id < sizeof f / sizeof f[0] ? f[id] : NULL;
}

enum ov_xl_fmt_class
ov_xl_format_class(unsigned id, const char *code)
{
    bool quoted = false;

    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))
        return OV_XL_FMT_DATE;
    if (id == 49)
        return OV_XL_FMT_TEXT;
    if (code == NULL)
        return OV_XL_FMT_GENERAL;
    if (strcmp(code, "@") == 0)
        return OV_XL_FMT_TEXT;
    /* a date or time code has d, m, y, h or s outside quoted text,
     * [brackets] (colours, locales, conditions), escapes (\x) and the
     * spacing (_x) and fill (*x) codes */
    for (const char *p = code; *p != '\0'; p++) {
        if (quoted) {
            quoted = *p != '"';
            continue;
        }
        switch (*p) {
        case '"':
            quoted = true;
            break;
        case '[': {
            const char *q = strchr(p, ']');

            if (q == NULL)
                return OV_XL_FMT_GENERAL;
            /* [h], [mm], [ss]: elapsed time */
            if (q - p >= 2 && strchr("hHmMsS", p[1]) != NULL &&
                strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1))
                return OV_XL_FMT_DATE;
            p = q;
            break;
        }
        case '\\':
        case '_':
        case '*':
            if (p[1] == '\0')
                return OV_XL_FMT_GENERAL;
            p++;
            break;
        case 'd':
        case 'D':
        case 'm':
        case 'M':
        case 'y':
        case 'Y':
        case 'h':
        case 'H':
        case 's':
        case 'S':
            return OV_XL_FMT_DATE;
        default:
            break;
        }
    }
    return OV_XL_FMT_GENERAL;
}

bool
ov_xl_format_parse(const char *code, struct ov_xl_numfmt *f)
{
    const char *p = code;

    memset(f, 0, sizeof *f);
    if (code == NULL)
        return false;
    if (strncmp(p, "#,##", 4) == 0) {
        f->group = true;
        p += 4;
    }
    while (*p == '0') {
        f->int_digits++;
        p++;
    }
    if (f->int_digits == 0 || f->int_digits > 15)
        return false;
    if (*p == '.') {
        p++;
        while (*p == '0') {
            f->decimals++;
            p++;
        }
        if (f->decimals == 0 || f->decimals > 15)
            return false;
    }
    if (*p == '%') {
        f->percent = true;
        p++;
    }
    return *p == '\0';
}

bool
ov_xl_format_number(const struct ov_xl_numfmt *f, double x, char *buf, size_t size)
{
    char e[40], d[24], r[48], ip[48], fp[24], out[96];
    int nd = 0, exp10, keep, nr = 0, ni, len, o = 0;
    const char *z;
    bool neg, up, zero;

    if (!isfinite(x))
        return false;
    if (f->percent)
        x *= 100;
    if (fabs(x) >= 1e15)
        return false;
    neg = x < 0;
    /* the 15 significant digits Excel keeps: "d.dddddddddddddde+XX", so
     * the value is 0.d0d1d2... times 10^(exp10 + 1) */
    if (x == trunc(x)) {
        /* a whole number below 10^15 has at most 15 digits: they are
         * the significant ones, as %.14e would give them (the common
         * case, without printf's float machinery) */
        uint64_t u = (uint64_t)fabs(x);
        char rev[16];
        int n = 0;

        do
            rev[n++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        exp10 = n - 1;
        while (n > 0)
            d[nd++] = rev[--n];
        while (nd < 15)
            d[nd++] = '0';
    } else {
        snprintf(e, sizeof e, "%.14e", fabs(x));
        d[nd++] = e[0];
        for (const char *q = e + 2; *q != 'e'; q++)
            d[nd++] = *q;
        exp10 = atoi(strchr(e, 'e') + 1);
    }
    /* r: the value times 10^decimals, rounded half away from zero, as
     * keep digits */
    keep = exp10 + 1 + f->decimals;
    if (keep >= 0) {
        nr = keep < nd ? keep : nd;
        memcpy(r, d, (size_t)nr);
        while (nr < keep)
            r[nr++] = '0';
        up = keep < nd && d[keep] >= '5';
        if (up) {
            int k = nr - 1;

            while (k >= 0 && r[k] == '9')
                r[k--] = '0';
            if (k >= 0) {
                r[k]++;
            } else {
                memmove(r + 1, r, (size_t)nr);
                r[0] = '1';
                nr++;
            }
        }
    }
    ni = nr - f->decimals > 0 ? nr - f->decimals : 0;
    memcpy(ip, r, (size_t)ni);
    ip[ni] = '\0';
    for (int k = 0; k < f->decimals; k++) {
        int idx = nr - f->decimals + k;

        fp[k] = idx >= 0 ? r[idx] : '0';
    }
    fp[f->decimals] = '\0';
    for (z = ip; *z == '0'; z++)
        ;
    len = (int)strlen(z);
    zero = len == 0 && strspn(fp, "0") == (size_t)f->decimals;
    if (neg && !zero)
        out[o++] = '-';
    for (int k = 0; k < f->int_digits - len; k++) {
        out[o++] = '0';
        if (f->group && (f->int_digits - 1 - k) % 3 == 0 && k < f->int_digits - 1)
            out[o++] = ',';
    }
    for (int k = 0; k < len; k++) {
        out[o++] = z[k];
        if (f->group && (len - 1 - k) % 3 == 0 && k < len - 1)
            out[o++] = ',';
    }
    if (f->decimals > 0) {
        out[o++] = '.';
        memcpy(out + o, fp, (size_t)f->decimals);
        o += f->decimals;
    }
    if (f->percent)
        out[o++] = '%';
    out[o] = '\0';
    if ((size_t)o + 1 > size)
        return false;
    memcpy(buf, out, (size_t)o + 1);
    return true;
}
