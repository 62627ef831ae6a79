/*
 * claim_int.h - what the two halves of the claim reader share: the tokens
 * claim_lex.c makes of a wording and claim.c reads a figure from. Private
 * to src/engine/claim*.c.
 */
#ifndef OV_CLAIM_INT_H
#define OV_CLAIM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Writes the claim `in` to out (size bytes, NUL-terminated) in lowercase,
 * with typographic forms made plain; returns its length. */
size_t ov_claim_normalise(const char *in, char *out, size_t size);

/* The denominator a fraction word names ("thirds" 3, "half" 2), or 0. */
int ov_claim_word_fraction(const char *w);

/* Splits the normalised claim s into at most max tokens t; returns the
 * count, or max + 1 when there are too many. */
size_t ov_claim_tokenize(const char *s, struct tok *t, size_t max);

#endif
