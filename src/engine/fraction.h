/*
 * fraction.h - exact fractions of 128-bit integers, in which figures
 * (stats.c) and claims (claim.c, verdict.c) are decided, never in binary
 * floating point; and the digits of a decimal held as a scaled integer.
 * Part of libovcore: C only. __int128 is a GCC and Clang extension, as
 * value.c already relies on.
 */
#ifndef OV_FRACTION_H
#define OV_FRACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __int128 ov_i128;

/* n / d with d > 0, in lowest terms when made by ov_q_norm. */
struct ov_q {
    ov_i128 n, d;
};

/* n / d reduced, the sign on n; d must not be 0. */
struct ov_q ov_q_norm(ov_i128 n, ov_i128 d);

/* v / 1 */
struct ov_q ov_q_int(int64_t v);

/* a × b, a ÷ b, a − b into *out; false when a product overflows 128 bits
 * (or b is 0 for ÷), with *out untouched. */
bool ov_q_mul(struct ov_q a, struct ov_q b, struct ov_q *out);
bool ov_q_div(struct ov_q a, struct ov_q b, struct ov_q *out);
bool ov_q_sub(struct ov_q a, struct ov_q b, struct ov_q *out);

/* *c = -1, 0 or 1 as a <, =, > b; false when it cannot be decided exactly. */
bool ov_q_cmp(struct ov_q a, struct ov_q b, int *c);

/* x as the decimal fraction its shortest text stands for (147430.53 is
 * 14743053/100); false for a number that is not finite or whose text needs
 * more than 30 digits or an exponent beyond ±30. */
bool ov_q_from_double(double x, struct ov_q *out);

/* 10^p into *out; false when it does not fit. */
bool ov_q_pow10(int p, ov_i128 *out);

/* v × 10^places as an integer, rounded half away from zero or cut toward
 * zero; false when it does not fit. */
bool ov_q_scaled(struct ov_q v, int places, bool half_away, ov_i128 *out);

/* the nearest double (through long double) */
double ov_q_double(struct ov_q v);

/* the integers at or below / at or above v */
ov_i128 ov_q_floor(struct ov_q v);
ov_i128 ov_q_ceil(struct ov_q v);

/* Writes s / 10^places with its decimals and thousands grouped by commas,
 * a '-' when negative and, with plus, a '+' when above 0: "1,234.50".
 * buf holds 64 bytes. Returns the length. */
size_t ov_scaled_text(char *buf, ov_i128 s, int places, bool plus);

/* The same without grouping or '+': "1234.50". */
size_t ov_scaled_digits(char *buf, ov_i128 s, int places);

/* The house rule for a percentage: 100 × num / den × 10^places, computed
 * exactly and rounded half away from zero (12.25 → 12.3, −12.25 → −12.3),
 * into *out. False when it cannot be exact: den 0, num or den not a whole
 * number within 2^53, or places outside 0..15. */
bool ov_q_percent(double num, double den, int places, ov_i128 *out);

/* Writes 100 * num / den with `places` decimals into buf (at least
 * OV_VALUE_TEXT_MAX bytes), rounded half away from zero, exactly by the
 * house rule (ov_q_percent) when num and den are whole numbers, else from
 * the double; returns the length, or 0 if den is 0. The one place a
 * percentage is rounded for printing. */
size_t ov_q_format_percent(char *buf, double num, double den, int places);

#endif /* OV_FRACTION_H */
