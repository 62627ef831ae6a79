/*
 * loader_infer.c - what a CSV column's type is decided to be: the kinds
 * each distinct text could be read as, a column's evidence over all its
 * texts, the decision, and the conversion of a text to the decided type.
 * Works on texts alone: no files, no libcsv, no threads.
 */
#include "config.h"

#include <string.h>

#include "loader_int.h"

void
ov_ld_infer_init(struct infer *f)
{
    memset(f, 0, sizeof *f);
    f->all = K_ALL;
    f->datemask = (1u << OV_DATE_NFMT) - 1;
    f->decimals = -2;
}

static void
note_inexact(struct infer *f, const char *s, size_t n)
{
    size_t k = n < sizeof f->inexact - 1 ? n : sizeof f->inexact - 1;

    if (f->inexact[0] != '\0')
        return;
    memcpy(f->inexact, s, k);
    f->inexact[k] = '\0';
}

/* An integer beyond 2^53 in a column that may be float. A double holds it
 * exactly only if it is a multiple of a power of two; otherwise the column
 * cannot be float without changing it (12345678901234567 would become
 * 12345678901234568), so it stays text, as value.c's exactness test keeps
 * "12345678901234567.0". One it holds from 1e16 up is written back by
 * fixed decimals, its shortest form having an exponent. */
void
ov_ld_infer_big_int(struct infer *f, int64_t v)
{
    double d = (double)v;

    if (d >= 9223372036854775808.0 || (int64_t)d != v) {
        char buf[OV_VALUE_TEXT_MAX];

        f->all &= ~K_FLOAT;
        note_inexact(f, buf, ov_value_format_int(buf, v));
    } else if (d >= 1e16 || d <= -1e16) {
        f->nonshortest = true;
    }
}

void
ov_ld_infer_text(struct infer *f, const char *s, size_t n)
{
    unsigned bits = 0, dm, bs;
    int64_t iv;
    double fv;
    struct ov_floattext ft;
    bool bv;

    f->any = true;
    if (ov_parse_int(s, n, &iv)) {
        infer_int(f, iv);
        return;
    }
    if (ov_parse_int_grouped(s, n, &iv)) {
        bits |= K_GROUPED;
        f->comma = true;
    } else if (ov_parse_float(s, n, &fv, &ft)) {
        bits |= K_NUMBER;
        if (!ft.exact) {
            /* a float only if its text survives: 20-digit identifiers,
             * "0.1000000000000000055511151231257827" and the like stay
             * text, and the report says why */
            note_inexact(f, s, n);
        } else {
            bits |= K_FLOAT;
            if (ft.dot0)
                f->dot0 = true;
            else if (ft.integral && !ft.exponent && ft.decimals == 0)
                f->nodot = true;
            else
                f->fraction = true;
            if (!ft.shortest)
                f->nonshortest = true;
            note_decimals(f, ft.exponent ? -1 : ft.decimals);
        }
    }
    if ((bs = ov_bool_match(s, n, &bv)) != 0) {
        bits |= K_BOOL;
        f->boolstyles |= bs;
    }
    if ((dm = ov_date_match(s, n)) != 0) {
        bits |= K_DATE;
        f->datemask &= dm;
    }
    f->all &= bits;
}

void
ov_ld_infer_merge(struct infer *into, const struct infer *f)
{
    if (!f->any)
        return;
    into->any = true;
    into->all &= f->all;
    into->datemask &= f->datemask;
    into->boolstyles |= f->boolstyles;
    into->comma |= f->comma;
    into->dot0 |= f->dot0;
    into->nodot |= f->nodot;
    into->fraction |= f->fraction;
    into->nonshortest |= f->nonshortest;
    if (f->decimals != -2)
        note_decimals(into, f->decimals);
    if (into->inexact[0] == '\0')
        memcpy(into->inexact, f->inexact, sizeof into->inexact);
}

int
ov_ld_single_bit(unsigned mask)
{
    int i;

    if (mask == 0 || (mask & (mask - 1)) != 0)
        return -1;
    for (i = 0; !(mask & (1u << i)); i++)
        ;
    return i;
}

struct decision
ov_ld_decide(const struct infer *f, int forced)
{
    struct decision d = {OV_STRING,   OV_FLOAT_G,    false,
                         OV_DATE_ISO, OV_BOOL_LOWER, false};

    int df;

    if (forced >= 0) {
        d.type = (ov_type)forced;
        if (forced == OV_FLOAT) {
            d.float_style = f->dot0 && !f->nodot ? OV_FLOAT_PY : OV_FLOAT_G;
            d.per_row_decimals = f->nonshortest || (f->dot0 && f->nodot);
        }
        if (forced == OV_DATE) {
            df = ov_ld_single_bit(f->datemask);
            d.datefmt = df >= 0 ? df : OV_DATE_ISO;
        }
        if (forced == OV_BOOL && ov_ld_single_bit(f->boolstyles) >= 0)
            d.boolstyle = f->boolstyles;
        if (forced == OV_INT)
            d.grouped = f->comma && (f->all & K_GROUPED);
        return d;
    }
    if (!f->any)
        return d; /* no values at all: text */
    if (f->all & K_INT) {
        d.type = OV_INT;
        return d;
    }
    if ((f->all & K_GROUPED) && f->comma) {
        d.type = OV_INT;
        d.grouped = true;
        return d;
    }
    if (f->all & K_FLOAT) {
        d.type = OV_FLOAT;
        if (!f->nonshortest && !(f->dot0 && f->nodot)) {
            /* every text is the shortest form: reproduce it exactly */
            d.float_style = f->dot0 ? OV_FLOAT_PY : OV_FLOAT_G;
        } else if (f->decimals >= 1 && !f->nodot) {
            d.float_style = f->decimals; /* "12.50", "3.00": fixed decimals */
        } else {
            /* "3" beside "3.0", or "1.50" beside "2.25": keep each row's
             * decimals so every value is written back as it was read */
            d.float_style = OV_FLOAT_G;
            d.per_row_decimals = true;
        }
        return d;
    }
    if ((f->all & K_BOOL) && ov_ld_single_bit(f->boolstyles) >= 0) {
        d.type = OV_BOOL;
        d.boolstyle = f->boolstyles;
        return d;
    }
    if ((f->all & K_DATE) && (df = ov_ld_single_bit(f->datemask)) >= 0) {
        d.type = OV_DATE;
        d.datefmt = df;
        return d;
    }
    return d;
}

/* copies nbits validity bits of chunk column c to dst starting at bit

 * it does not fit (only possible for forced types) */
bool
ov_ld_convert_text(const struct decision *d, const char *s, size_t n, void *out)
{
    switch (d->type) {
    case OV_INT: {
        size_t z = 0;

        if (ov_parse_int(s, n, out) || ov_parse_int_grouped(s, n, out))
            return true;
        /* a column forced to int reads "08123" as 8123: asked for */
        while (z + 1 < n && s[z] == '0')
            z++;
        return z > 0 && ov_parse_int(s + z, n - z, out);
    }
    case OV_FLOAT:
        if (ov_parse_float(s, n, out, NULL))
            return true;
        {
            int64_t v;

            if (ov_parse_int_grouped(s, n, &v)) {
                *(double *)out = (double)v;
                return true;
            }
        }
        return false;
    case OV_BOOL: {
        bool b;

        if (!ov_bool_match(s, n, &b))
            return false;
        *(uint8_t *)out = b;
        return true;
    }
    case OV_DATE: {
        int f;

        if (ov_parse_date(s, n, (enum ov_datefmt)d->datefmt, out))
            return true;
        /* a forced date column may mix formats: take any that fits */
        for (f = 0; f < OV_DATE_NFMT; f++)
            if (ov_parse_date(s, n, (enum ov_datefmt)f, out))
                return true;
        return false;
    }
    default:
        return false;
    }
}
