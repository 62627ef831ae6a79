/*
 * claim_lex.c - the words of a published figure: the claim made plain,
 * numbers read from digits and from words ("one in five", "a million")
 * by one stated grammar, and the tokens claim.c reads a figure from.
 * Engine code: no Lua, no printing.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_int.h"
#include "fraction.h"
#include "value.h"

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
size_t
ov_claim_normalise(const char *in, char *out, size_t size)
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

static const char *const units[] = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
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
int
ov_claim_word_fraction(const char *w)
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

static const char why_comma3[] = "a comma before three digits separates thousands, but "
                                 "the digits before it are not a "
                                 "group of thousands (1 to 3 digits)";
static const char why_comma4[] = "a comma before four or more digits is neither a "
                                 "decimal comma nor a thousands separator";
static const char why_groups[] = "a group of thousands after a comma has three digits";
static const char why_space_comma[] = "after spaces between thousands, a comma before "
                                      "three digits could be either a decimal "
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
            if ((small && !(after_tens && u >= 1 && u <= 9)) ||
                (u == 0 && (any || cur > 0)))
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
size_t
ov_claim_tokenize(const char *s, struct tok *t, size_t max)
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
                while (r + 1 < n && t[r + 1].k == TK_WORD &&
                       (v = word_scale(t[r + 1].w)) > 0) {
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
