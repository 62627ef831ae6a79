/*
 * suggest.c - nearest names for error messages.
 */
#include "config.h"

#include "suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAXLEN 64

size_t
ov_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t d[MAXLEN + 1][MAXLEN + 1];

    if (la > MAXLEN || lb > MAXLEN)
        return la > lb ? la : lb;
    for (i = 0; i <= la; i++)
        d[i][0] = i;
    for (j = 0; j <= lb; j++)
        d[0][j] = j;
    for (i = 1; i <= la; i++)
        for (j = 1; j <= lb; j++) {
            size_t cost =
                tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t v = d[i - 1][j - 1] + cost;

            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            /* a swap of neighbours counts once ("focre" for "force") */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

const char *
ov_suggest(const char *want, const char *const *cands, size_t n)
{
    size_t i, best_d = (size_t)-1, wl = strlen(want), limit;
    const char *best = NULL, *prefix = NULL;
    int nprefix = 0;

    limit = wl / 3 > 1 ? wl / 3 : 1;
    if (limit > 3)
        limit = 3;
    for (i = 0; i < n; i++) {
        size_t d = ov_edit_distance(want, cands[i]);

        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
        /* "deli" for "delim", or "delimiter" for "delim" */
        if ((wl >= 2 && strncmp(cands[i], want, wl) == 0) ||
            (strlen(cands[i]) >= 3 && strncmp(want, cands[i], strlen(cands[i])) == 0)) {
            prefix = cands[i];
            nprefix++;
        }
    }
    if (best != NULL && best_d <= limit)
        return best;
    if (nprefix == 1)
        return prefix;
    return NULL;
}

/* How many bytes of a name a message shows: all of one of 40 bytes or
 * fewer, else 37 (then "..."), cut back to the start of a UTF-8
 * character ("years \xe2..." would not be text). */
static int
shown_len(const char *s)
{
    size_t len = strlen(s), cut = 37;

    if (len <= 40)
        return (int)len;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return (int)cut;
}

const char *
ov_suggest_column(const char *want, const char *const *cands, size_t n, char *buf,
                  size_t size)
{
    const char *best = ov_suggest(want, cands, n);
    size_t i, k = 0, shown = n < 8 ? n : 8;

    if (size == 0)
        return "";
    buf[0] = '\0';
    if (best != NULL) {
        snprintf(buf, size, "; did you mean '%s'?", best);
        return buf;
    }
    for (i = 0; i < shown && k < size; i++) {
        const char *sep = i == 0 && n == 1               ? "; the only column is "
                          : i == 0                       ? "; the columns are "
                          : i + 1 == shown && shown == n ? " and "
                                                         : ", ";
        int w = snprintf(buf + k, size - k, "%s'%.*s%s'", sep, shown_len(cands[i]),
                         cands[i], strlen(cands[i]) > 40 ? "..." : "");

        if (w < 0)
            break;
        k += (size_t)w;
    }
    if (n > shown && k < size)
        snprintf(buf + k, size - k, " and %zu more", n - shown);
    return buf;
}
