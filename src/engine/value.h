/*
 * value.h - reading and writing single values as text: integers, floats
 * (shortest text that reads back to the same double), dates and booleans.
 * The loader uses the parsers to infer column types; the writers make a
 * written CSV give back exactly the text that was read. Part of libovcore.
 */
#ifndef OV_VALUE_H
#define OV_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text any ov_value_format_* function writes, with its NUL. */
#define OV_VALUE_TEXT_MAX 40

/* ---- integers ---- */

/* Canonical decimal integer: -?(0|[1-9][0-9]*), fitting int64, not "-0".
 * Anything else (leading zeros, '+', spaces) is not an integer, so codes
 * like "02134" stay text. */
bool ov_parse_int(const char *s, size_t n, int64_t *v);

/* An integer written with thousands separators: -?[1-9][0-9]{0,2}(,[0-9]{3})+
 * (at least one comma). */
bool ov_parse_int_grouped(const char *s, size_t n, int64_t *v);

/* Writes v in canonical form; returns the length. */
size_t ov_value_format_int(char *buf, int64_t v);

/* Writes v with `sep` between groups of three digits (1,234,567). */
size_t ov_value_format_int_grouped(char *buf, int64_t v, char sep);

/* ---- floats ---- */

/* What a float's text looked like, to choose how a column writes floats. */
struct ov_floattext {
    int decimals;  /* digits after the point (0 if none) */
    bool exponent; /* written with e/E */
    bool integral; /* the value is a whole number */
    bool dot0;     /* whole number written with ".0" */
    bool shortest; /* the text is exactly the shortest round-trip form */
    bool exact;    /* the double gives this very text back (shortest or
                      with the same fixed decimals) */
};

/* A decimal number: -?[0-9]+(.[0-9]+)?([eE][-+]?[0-9]+)?, finite. No
 * leading zeros before other digits ("007.5" is not a float: it is a code),
 * no '+', no spaces, no "inf"/"nan". `info` may be NULL. */
bool ov_parse_float(const char *s, size_t n, double *v, struct ov_floattext *info);

/* How a float column writes its values. */
#define OV_FLOAT_PY                                                                    \
    (-1)                /* shortest round-trip; whole numbers keep ".0" (Python repr) */
#define OV_FLOAT_G (-2) /* shortest round-trip; whole numbers without ".0" */
/* a style >= 0 means that many fixed decimals */

/* Writes v in `style`; returns the length (< OV_VALUE_TEXT_MAX). */
size_t ov_value_format_float(char *buf, double v, int style);

/* ---- rounding: half away from zero, as official statistics round ---- */

/* x rounded to `places` decimals, half away from zero, judged on x's
 * shortest decimal form (so 0.15 rounds to 0.2, 2.675 to 2.68, as the
 * printed number suggests, not as its binary value happens to fall). */
double ov_round_decimal(double x, int places);

/* Writes x with exactly `places` decimals, rounded as ov_round_decimal;
 * returns the length. */
size_t ov_value_format_fixed(char *buf, double x, int places);

/* ---- dates: days since 1970-01-01 ---- */

enum ov_datefmt {
    OV_DATE_ISO, /* 2021-03-31 */
    OV_DATE_YMD, /* 2021/03/31 */
    OV_DATE_MDY, /* 03/31/2021 (US) */
    OV_DATE_DMY, /* 31/03/2021 (UK) */
    OV_DATE_NFMT
};

/* Bitmask (1 << ov_datefmt) of the formats s is a valid, zero-padded
 * calendar date in. "01/02/2021" fits both MDY and DMY. */
unsigned ov_date_match(const char *s, size_t n);

/* Parses s in format fmt; false if it is not a valid date in it. */
bool ov_parse_date(const char *s, size_t n, enum ov_datefmt fmt, int32_t *days);

/* Writes the date; returns the length (10). */
size_t ov_value_format_date(char *buf, int32_t days, enum ov_datefmt fmt);

int32_t ov_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The dates a table holds: the years 0001 to 9999, as loaded and written
 * (YYYY-MM-DD). Arithmetic that leaves this range is an error, so that a
 * date written out always reads back as the same date. */
#define OV_DATE_MIN_DAYS (-719162) /* 0001-01-01 */
#define OV_DATE_MAX_DAYS 2932896   /* 9999-12-31 */
void ov_civil_from_days(int32_t days, int64_t *y, unsigned *m, unsigned *d);

/* ---- booleans ---- */

enum ov_boolstyle {
    OV_BOOL_LOWER = 1, /* true / false */
    OV_BOOL_UPPER = 2, /* TRUE / FALSE */
    OV_BOOL_TITLE = 4  /* True / False */
};

/* The style s is written in (0 if s is not a boolean), and its value. */
unsigned ov_bool_match(const char *s, size_t n, bool *v);

/* "true", "TRUE" or "True" (or the false forms) for a style. */
const char *ov_bool_text(bool v, unsigned style);

#endif /* OV_VALUE_H */
