/*
 * claim.c - reading a published figure from its wording: "0.2 per cent",
 * "fewer than one per cent", "nearly two thirds", "an 11% increase". The
 * words are split into tokens, numbers read by one stated grammar (what it
 * cannot read for certain is refused, saying why), and the one figure found
 * with its qualifier and direction. Engine code: no Lua, no printing.
 */
#include "config.h"

#include "stats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fraction.h"
#include "value.h"

/* How the digits of a number were read where a reader could have read
 * them another way; the verdict says which reading was used. */
#define READ_DECIMAL_COMMA 1u /* "10,5": a comma before one or two digits */
#define READ_SPACES 2u        /* "1 000": spaces between groups of three */
#define READ_COMMA_GROUP 4u   /* "1,250": a comma before three digits */
#define READ_WORDS 8u         /* "a million": number words with a scale */

enum tk { TK_WORD, TK_NUM, TK_PCT, TK_BAD };

struct tok {
    enum tk k;
    char w[24];     /* TK_WORD: the word, lowercase */
    int64_t scaled; /* TK_NUM: the value × 10^places */
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
    int64_t fn, fd; /* fraction */
    bool neg;
    bool between;
    bool too_precise;   /* a range whose ends need more than 18 digits */
    const char *bad;    /* it cannot be read for certain: why */
    unsigned how;       /* READ_* of its numbers */
    int fixed_cmp;      /* -1, or a cmp the words themselves give ("majority") */
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
    if (is_word(t, n, i, "points") || is_word(t, n, i, "point") ||
        is_word(t, n, i, "pp") || is_word(t, n, i, "ppt") || is_word(t, n, i, "ppts"))
        return 1;
    return 0;
}

/* "in", "out of", "in every", "out of every" after the count of a
 * fraction ("one in five"): how many tokens, or 0 */
static size_t
in_words(const struct tok *t, size_t n, size_t i)
{
    size_t k = is_word(t, n, i, "in")                                  ? 1
               : is_word(t, n, i, "out") && is_word(t, n, i + 1, "of") ? 2
                                                                       : 0;

    if (k > 0 && is_word(t, n, i + k, "every"))
        k++;
    return k;
}

static const char why_range[] =
    "it reads as a range, or as a move from one figure to another; write a range as "
    "'between 10 and 15 per cent', or give only the figure to check";
static const char why_run_together[] = "two numbers are run together with nothing but "
                                       "a mark between them (as in 1'500, 1_000 "
                                       "or 1·5), so it cannot tell which is the figure";
static const char why_in_whole[] =
    "the count and the whole of 'one in five' are whole numbers";
static const char why_in_nothing[] = "a share of nothing (a whole of 0) is no figure";
static const char why_in_none[] = "a share of none: write 0%";
static const char why_in_words[] = "it does not say what the count is out of";
static const char why_in_large[] =
    "a whole of more than a billion is more than it reads";
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
                (is_word(t, n, i + 1, "and") || is_word(t, n, i + 1, "to")) &&
                i + 2 < n && is_num(t, n, i + 2) &&
                ((k = percent_words(t, n, i + 3)) > 0 ||
                 points_words(t, n, i + 3) > 0)) {
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

            if (d > 0 &&
                (strcmp(t[i].w, "half") == 0 || (i > 0 && is_word(t, n, i - 1, "a")))) {
                /* "a third", "half", "a half" */
                x.unit = OV_UNIT_FRACTION;
                x.fn = 1;
                x.fd = d;
                x.first = i > 0 && is_word(t, n, i - 1, "a") ? i - 1 : i;
                x.last = i;
                f[nf++] = x;
            } else if (strcmp(t[i].w, "majority") == 0 ||
                       strcmp(t[i].w, "minority") == 0) {
                x.unit = OV_UNIT_FRACTION;
                x.fn = 1;
                x.fd = 2;
                x.fixed_cmp = t[i].w[1] == 'a' ? OV_CLAIM_GT : OV_CLAIM_LT;
                x.first =
                    i > 0 && (is_word(t, n, i - 1, "a") || is_word(t, n, i - 1, "the"))
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

static const char *const ups[] = {
    "increase", "increased", "increases", "increasing", "rise",   "rises",
    "rose",     "risen",     "rising",    "up",         "more",   "higher",
    "grew",     "grown",     "growth",    "jump",       "jumped", "climbed",
    "gain",     "gained",    "surge",     "surged"};
static const char *const downs[] = {
    "decrease", "decreased", "decreases", "decreasing", "drop",    "drops",
    "dropped",  "fall",      "falls",     "fell",       "fallen",  "falling",
    "down",     "less",      "lower",     "reduction",  "reduced", "decline",
    "declined", "declining", "cut",       "cuts",       "fewer",   "lost"};

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
        ov_value_format_int_grouped(a, c->frac_num, ',');
        ov_value_format_int_grouped(b, c->frac_den, ',');
        return (size_t)snprintf(buf, size, "%s in %s", a, b);
    }
    ov_scaled_text(a, c->scaled, c->places, false);
    if (c->cmp == OV_CLAIM_BETWEEN) {
        ov_scaled_text(b, c->scaled2, c->places, false);
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
        {READ_DECIMAL_COMMA,
         "the comma is a decimal comma (a comma between thousands has "
         "three digits after it)"},
        {READ_SPACES, "the spaces separate thousands"},
        {READ_COMMA_GROUP,
         "the comma separates thousands (a decimal comma has one or two "
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
        return ov_err_set(err, OV_EPARSE,
                          "the claim is empty or longer than %zu characters",
                          sizeof norm - 1);
    normalise(text, norm, sizeof norm);
    n = tokenize(norm, t, MAXTOK);
    if (n > MAXTOK)
        return ov_err_set(
            err, OV_EPARSE,
            "the claim has more than %d words and numbers; give only the words "
            "about the figure",
            MAXTOK);
    for (i = 0; i < n; i++)
        if (t[i].k == TK_NUM && t[i].overlong)
            return ov_err_set(
                err, OV_EPARSE,
                "'%.*s' has more than 18 digits; no published figure needs "
                "that many",
                (int)(t[i].to - t[i].from), norm + t[i].from);
    nf = find_figures(t, n, norm, f, sizeof f / sizeof f[0]);
    if (nf == SIZE_MAX)
        return ov_err_set(
            err, OV_EPARSE,
            "the claim holds more than %zu numbers; give only the one to check",
            sizeof f / sizeof f[0]);
    for (i = 0; i < nf; i++)
        if (f[i].too_precise)
            return ov_err_set(
                err, OV_EPARSE,
                "'%.*s': the two ends of the range need more than 18 digits "
                "together; write them with fewer decimal places",
                (int)(t[f[i].last].to - t[f[i].first].from), norm + t[f[i].first].from);
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

                    snprintf(a, sizeof a, "%.*s",
                             (int)(t[pick->last].to - t[pick->first].from),
                             norm + t[pick->first].from);
                    snprintf(b, sizeof b, "%.*s",
                             (int)(t[f[i].last].to - t[f[i].first].from),
                             norm + t[f[i].first].from);
                    return ov_err_set(
                        err, OV_EPARSE,
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
        return ov_err_set(
            err, OV_EPARSE,
            "'%.*s' has %d decimal places; no published figure needs more "
            "than %d",
            (int)(t[pick->last].to - t[pick->first].from), norm + t[pick->first].from,
            pick->places, CLAIM_MAX_PLACES);
    if (pick->between && pick->scaled > pick->scaled2)
        return ov_err_set(
            err, OV_EPARSE,
            "'%.*s': the range ends below where it starts; write the lower "
            "figure first",
            (int)(t[pick->last].to - t[pick->first].from), norm + t[pick->first].from);
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
        return ov_err_set(err, OV_EPARSE,
                          "'%s' says both '%s' and '%s': which way is it?", text,
                          t[up].w, t[down].w);
    if (pick->neg) {
        if (up >= 0)
            return ov_err_set(err, OV_EPARSE, "'%s' has a minus sign and says '%s'",
                              text, t[up].w);
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
