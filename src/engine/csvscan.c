/*
 * csvscan.c - quote-aware scanning, sniffing, UTF-8 checks, transcoding.
 *
 * libcsv's states, with no characters treated as spaces (the loader keeps
 * leading and trailing spaces, as Python's csv does):
 *   field start:   '"' opens a quoted field; delimiter ends an empty field;
 *                  CR/LF ends the row (or is skipped before a row begins);
 *                  anything else begins an unquoted field
 *   unquoted:      delimiter ends the field, CR/LF the row; '"' is literal
 *   quoted:        '"' may close the field; everything else is literal
 *   after '"':     '"' is an escaped quote; delimiter or CR/LF end the
 *                  field; anything else is malformed (libcsv would carry on
 *                  inside the quotes; Python would not; we report it)
 * The scan jumps with memchr: in unquoted text only quotes and (at the
 * end) line ends matter, in quoted text only quotes.
 */
#include "config.h"

#include "csvscan.h"

#include <string.h>

#include "ov_mem.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static inline bool
is_term(char c)
{
    return c == '\n' || c == '\r';
}

/* the last CR/LF in buf[from..to), as an offset just past it (preferring
 * LF so a CRLF pair is not split); 0 if none */
static size_t
last_term(const char *buf, size_t from, size_t to)
{
    const char *p;

    if (to <= from)
        return 0;
    p = memrchr(buf + from, '\n', to - from);
    if (p != NULL)
        return (size_t)(p - buf) + 1;
    p = memrchr(buf + from, '\r', to - from);
    if (p != NULL)
        return (size_t)(p - buf) + 1;
    return 0;
}

/* libcsv's states, one byte at a time (for the slow, exact walks) */
enum csvstate { ROW_NOT_BEGUN, FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE };

enum csvevent {
    EV_NONE,
    EV_ROW_START, /* c is the first byte of a row */
    EV_ROW_END,   /* c ends a row */
    EV_BLANK      /* c is a line end between rows */
};

static inline enum csvevent
scan_step(enum csvstate *st, char c, char delim)
{
    switch (*st) {
    case ROW_NOT_BEGUN:
        if (is_term(c))
            return EV_BLANK;
        *st = c == '"' ? QUOTED : c == delim ? FIELD_START : UNQUOTED;
        return EV_ROW_START;
    case FIELD_START:
    case UNQUOTED:
        if (c == delim)
            *st = FIELD_START;
        else if (is_term(c)) {
            *st = ROW_NOT_BEGUN;
            return EV_ROW_END;
        } else if (c == '"' && *st == FIELD_START)
            *st = QUOTED;
        else
            *st = UNQUOTED;
        return EV_NONE;
    case QUOTED:
        if (c == '"')
            *st = AFTER_QUOTE;
        return EV_NONE;
    case AFTER_QUOTE:
        if (c == delim)
            *st = FIELD_START;
        else if (is_term(c)) {
            *st = ROW_NOT_BEGUN;
            return EV_ROW_END;
        } else
            *st = QUOTED;
        return EV_NONE;
    }
    return EV_NONE;
}

void
ov_scan_rows(const char *buf, size_t len, char delim, struct ov_scan *out)
{
    size_t pos = 0, seg = 0; /* seg: start of the current unquoted stretch */
    size_t end;

    memset(out, 0, sizeof *out);
    while (pos < len) {
        const char *q = memchr(buf + pos, '"', len - pos);
        size_t qp;

        if (q == NULL)
            break;
        qp = (size_t)(q - buf);
        /* a quote opens a field only at the field's start */
        if (qp > 0 && buf[qp - 1] != delim && !is_term(buf[qp - 1])) {
            pos = qp + 1;
            continue;
        }
        /* the unquoted stretch [seg, qp) is over: remember its last row end */
        end = last_term(buf, seg, qp);
        if (end != 0)
            out->last_row_end = end;
        /* inside the quoted field: find the closing quote */
        pos = qp + 1;
        for (;;) {
            const char *c = memchr(buf + pos, '"', len - pos);
            size_t cp;

            if (c == NULL) {
                out->in_quotes = true;
                out->quote_open = qp;
                return;
            }
            cp = (size_t)(c - buf);
            if (cp + 1 == len) {
                /* ends on a quote: closed unless more text follows, which
                 * the caller will see in the next, longer buffer */
                pos = len;
                seg = len;
                break;
            }
            if (buf[cp + 1] == '"') {
                pos = cp + 2; /* "" is an escaped quote */
                continue;
            }
            if (buf[cp + 1] == delim || is_term(buf[cp + 1])) {
                pos = cp + 1;
                seg = pos;
                break;
            }
            out->malformed = true;
            out->malformed_at = cp + 1;
            return;
        }
    }
    end = last_term(buf, seg, len);
    if (end != 0)
        out->last_row_end = end;
}

size_t
ov_scan_first_row(const char *buf, size_t len, char delim, bool at_eof,
                  size_t *row_start)
{
    size_t pos = 0, start;
    bool quoted = false, after_quote = false, field_start = true;

    while (pos < len && is_term(buf[pos]))
        pos++;
    *row_start = start = pos;
    for (; pos < len; pos++) {
        char c = buf[pos];

        if (quoted) {
            if (after_quote) {
                after_quote = false;
                if (c == '"')
                    continue;
                quoted = false; /* the field closed at the previous quote */
            } else {
                if (c == '"')
                    after_quote = true;
                continue;
            }
        }
        if (c == delim) {
            field_start = true;
        } else if (is_term(c)) {
            if (c == '\r' && pos + 1 < len && buf[pos + 1] == '\n')
                pos++;
            return pos + 1;
        } else if (c == '"' && field_start) {
            quoted = true;
            field_start = false;
        } else {
            field_start = false;
        }
    }
    if (at_eof && pos > start && (!quoted || after_quote))
        return len;
    return 0;
}

void
ov_scan_row_lines(const char *buf, size_t len, char delim, char nl, uint64_t first_line,
                  const uint64_t *wanted, size_t nwanted, uint64_t *lines)
{
    uint64_t line = first_line, row = 0;
    size_t pos, w = 0;
    enum csvstate st = ROW_NOT_BEGUN;

    for (pos = 0; pos < len && w < nwanted; pos++) {
        enum csvevent ev = scan_step(&st, buf[pos], delim);

        if (ev == EV_ROW_START)
            while (w < nwanted && wanted[w] == row)
                lines[w++] = line;
        else if (ev == EV_ROW_END)
            row++;
        if (buf[pos] == nl)
            line++;
    }
    while (w < nwanted)
        lines[w++] = line;
}

/* true if two line-end bytes meet anywhere but as CR LF: a blank line (a
 * line end where no row has begun) after the first byte always makes such
 * a pair with the line end before it, so text without one has none (a
 * stray CR at the start of a line in an LF file, "\n\rtext", counts too:
 * libcsv drops it as a line of its own) */
static bool
term_pair(const char *buf, size_t len)
{
    size_t i = 0;

#ifdef __SSE2__
    {
        __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');

        /* stepping 15 so that every pair of bytes lies in some block */
        for (; i + 16 <= len; i += 15) {
            __m128i v = _mm_loadu_si128((const __m128i *)(buf + i));
            unsigned l = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));
            unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr));
            unsigned t = l | c;

            if (t & (t >> 1) & ~(c & (l >> 1)))
                return true;
        }
    }
#endif
    for (; i + 1 < len; i++)
        if (is_term(buf[i]) && is_term(buf[i + 1]) &&
            !(buf[i] == '\r' && buf[i + 1] == '\n'))
            return true;
    return false;
}

uint64_t
ov_scan_blank_lines(const char *buf, size_t len, char delim)
{
    enum csvstate st = ROW_NOT_BEGUN;
    uint64_t blank = 0;
    size_t pos;

    /* most chunks have no two line ends in a row: skip the walk */
    if (!term_pair(buf, len))
        return 0;
    for (pos = 0; pos < len; pos++)
        if (scan_step(&st, buf[pos], delim) == EV_BLANK && pos > 0 &&
            !(buf[pos] == '\n' && buf[pos - 1] == '\r'))
            blank++;
    return blank;
}

char
ov_scan_line_char(const char *sample, size_t len)
{
    if (memchr(sample, '\n', len) == NULL && memchr(sample, '\r', len) != NULL)
        return '\r';
    return '\n';
}

uint64_t
ov_scan_count_lines(const char *buf, size_t len, char nl)
{
    uint64_t n = 0;
    size_t i = 0;

#ifdef __SSE2__
    __m128i want = _mm_set1_epi8(nl), zero = _mm_setzero_si128();

    while (i + 16 <= len) {
        /* byte counters go down by one per match (cmpeq gives -1); sum
         * them with psadbw before they can wrap, every 255 blocks */
        __m128i acc = zero;
        size_t blocks = (len - i) / 16, b;

        if (blocks > 255)
            blocks = 255;
        for (b = 0; b < blocks; b++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(buf + i));

            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, want));
        }
        acc = _mm_sad_epu8(acc, zero);
        n += (uint64_t)_mm_cvtsi128_si32(acc) +
             (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
    }
#endif
    for (; i < len; i++)
        n += buf[i] == nl;
    return n;
}

void
ov_scan_position(const char *buf, size_t pos, uint64_t first_line, char nl,
                 uint64_t *line, uint64_t *col)
{
    size_t start = 0, i;
    const char *p;
    uint64_t c = 1;

    *line = first_line + ov_scan_count_lines(buf, pos, nl);
    if (pos > 0 && (p = memrchr(buf, nl, pos)) != NULL)
        start = (size_t)(p - buf) + 1;
    /* count characters, not bytes: UTF-8 continuation bytes do not start one */
    for (i = start; i < pos; i++)
        if (((unsigned char)buf[i] & 0xC0) != 0x80)
            c++;
    *col = c;
}

/* fields in each of the first rows of the sample, for one delimiter */
static void
field_counts(const char *buf, size_t len, char delim, int *counts, int *nrows, int max)
{
    size_t pos = 0;
    int fields = 1, rows = 0;
    bool quoted = false, after = false, start = true, any = false;

    for (; pos < len && rows < max; pos++) {
        char c = buf[pos];

        if (quoted) {
            if (after) {
                after = false;
                if (c == '"')
                    continue;
                quoted = false;
            } else {
                if (c == '"')
                    after = true;
                continue;
            }
        }
        if (c == delim) {
            fields++;
            start = true;
            any = true;
        } else if (is_term(c)) {
            if (any)
                counts[rows++] = fields;
            fields = 1;
            start = true;
            any = false;
        } else {
            if (c == '"' && start)
                quoted = true;
            start = false;
            any = true;
        }
    }
    *nrows = rows;
}

char
ov_scan_sniff_delim(const char *buf, size_t len)
{
    static const char cands[] = {',', '\t', ';', '|'};
    int counts[100];
    char best = ',';
    double best_score = 0;
    size_t k;

    for (k = 0; k < sizeof cands; k++) {
        int nrows, i, j, mode = 0, modecount = 0;
        double score;

        field_counts(buf, len, cands[k], counts, &nrows, 100);
        for (i = 0; i < nrows; i++) {
            int c = 0;

            for (j = 0; j < nrows; j++)
                c += counts[j] == counts[i];
            if (c > modecount || (c == modecount && counts[i] > mode)) {
                modecount = c;
                mode = counts[i];
            }
        }
        if (mode <= 1 || nrows == 0)
            continue;
        /* consistency first, then more fields; ties keep the earlier
         * candidate, so ',' wins over the others */
        score = (double)modecount / nrows * 1000.0 + (mode > 999 ? 999 : mode);
        if (score > best_score) {
            best_score = score;
            best = cands[k];
        }
    }
    return best;
}

size_t
ov_utf8_check(const char *buf, size_t len, bool *nul)
{
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = 0;

    *nul = false;
    while (i < len) {
        unsigned char c = s[i];

        /* ASCII fast path, 16 then 8 bytes at a time */
        if (c < 0x80) {
#ifdef __SSE2__
            while (i + 16 <= len) {
                __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
                int hi = _mm_movemask_epi8(v);
                int zeros = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));

                if ((hi | zeros) != 0)
                    break;
                i += 16;
            }
            if (i >= len)
                break;
            c = s[i];
            if (c >= 0x80)
                continue;
#endif
            if (i + 8 <= len) {
                uint64_t w;

                memcpy(&w, s + i, 8);
                /* no high bit and no zero byte in all 8 */
                if ((w & 0x8080808080808080ull) == 0 &&
                    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) == 0) {
                    i += 8;
                    continue;
                }
            }
            if (c == 0) {
                *nul = true;
                return i;
            }
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
                return i;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

            if (i + 2 >= len || s[i + 1] < lo || s[i + 1] > hi ||
                (s[i + 2] & 0xC0) != 0x80)
                return i;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

            if (i + 3 >= len || s[i + 1] < lo || s[i + 1] > hi ||
                (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                return i;
            i += 4;
        } else {
            return i;
        }
    }
    return len;
}

/* the first delimiter, CR or LF in s[pos..len), or len */
static inline size_t
find_sep(const char *s, size_t pos, size_t len, char delim)
{
#ifdef __SSE2__
    __m128i d = _mm_set1_epi8(delim), lf = _mm_set1_epi8('\n'),
            cr = _mm_set1_epi8('\r');

    while (pos + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + pos));
        __m128i hit =
            _mm_or_si128(_mm_cmpeq_epi8(v, d),
                         _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);

        if (m != 0)
            return pos + (size_t)__builtin_ctz(m);
        pos += 16;
    }
#endif
    for (; pos < len; pos++)
        if (s[pos] == delim || is_term(s[pos]))
            return pos;
    return len;
}

/* appends s[0..n) to the scratch buffer; false when out of memory */
static bool
scratch_put(char **scratch, size_t *cap, size_t *used, const char *s, size_t n)
{
    if (*used + n > *cap) {
        size_t nc = *cap ? *cap : 256;
        char *p;

        while (nc < *used + n)
            nc *= 2;
        if ((p = ov_realloc(*scratch, nc)) == NULL)
            return false;
        *scratch = p;
        *cap = nc;
    }
    memcpy(*scratch + *used, s, n);
    *used += n;
    return true;
}

/* The states are libcsv's (see the top of the file): between rows line
 * ends are skipped; at a field's start a delimiter is an empty field, a
 * line end an empty field and the row's end, a quote opens a quoted
 * field; an unquoted field runs to the next delimiter or line end (quotes
 * in it are literal); in a quoted field a quote followed by a quote is
 * one quote, by a delimiter or line end closes the field, by anything
 * else stays in the field with what follows (libcsv's lenient reading);
 * at the end of the text csv_fini submits a field begun (without a
 * closing quote left dangling) and its row, or the empty field after a
 * trailing delimiter. */
bool
ov_scan_fields(const char *buf, size_t len, char delim, ov_scan_field_fn field,
               ov_scan_row_fn row, void *data, char **scratch, size_t *cap,
               uint64_t *blanks)
{
    size_t pos = 0;
    uint64_t blank = 0;

next_row:
    /* between rows: the blank lines ov_scan_blank_lines counts (a CR LF
     * once, and not at the first byte, which ends the row before) */
    for (; pos < len && is_term(buf[pos]); pos++)
        if (pos > 0 && !(buf[pos] == '\n' && buf[pos - 1] == '\r'))
            blank++;
    if (blanks != NULL)
        *blanks = blank;
    if (pos == len)
        return true;
next_field:
    if (pos == len) {
        /* after a trailing delimiter: csv_fini submits an empty field */
        field(buf + pos, 0, data);
        row(data);
        return true;
    }
    if (buf[pos] == delim) {
        field(buf + pos, 0, data);
        pos++;
        goto next_field;
    }
    if (is_term(buf[pos])) {
        field(buf + pos, 0, data);
        pos++;
        if (row(data))
            return true;
        goto next_row;
    }
    if (buf[pos] != '"') {
        size_t e = find_sep(buf, pos + 1, len, delim);

        field(buf + pos, e - pos, data);
        if (e == len) {
            row(data);
            return true;
        }
        pos = e + 1;
        if (buf[e] == delim)
            goto next_field;
        if (row(data))
            return true;
        goto next_row;
    }
    {
        size_t used = 0; /* bytes in *scratch: the field had doubled quotes */
        bool esc = false;

        pos++;
        for (;;) {
            const char *q = memchr(buf + pos, '"', len - pos);
            size_t qp = q != NULL ? (size_t)(q - buf) : len;
            char c2 = 0;

            if (q == NULL || qp + 1 == len || (c2 = buf[qp + 1]) == delim ||
                is_term(c2)) {
                /* the field ends here: at the end of the text (closed or
                 * not, as csv_fini leaves it), or closed by its quote */
                if (esc) {
                    if (!scratch_put(scratch, cap, &used, buf + pos, qp - pos))
                        return false;
                    field(*scratch, used, data);
                } else {
                    field(buf + pos, qp - pos, data);
                }
                if (q == NULL || qp + 1 == len) {
                    row(data);
                    return true;
                }
                pos = qp + 2;
                if (c2 == delim)
                    goto next_field;
                if (row(data))
                    return true;
                goto next_row;
            }
            /* "" is one quote; a quote before other text stays in the
             * field, and that text is read as the field goes on */
            if (!scratch_put(scratch, cap, &used, buf + pos, qp + 1 - pos))
                return false;
            esc = true;
            pos = c2 == '"' ? qp + 2 : qp + 1;
        }
    }
}

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

size_t
ov_transcode(enum ov_encoding enc, const char *in, size_t len, char *out, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        unsigned cp = s[i];

        if (cp < 0x80) {
            out[o++] = (char)cp;
            continue;
        }
        if (enc == OV_ENC_CP1252 && cp < 0xA0) {
            cp = cp1252_hi[cp - 0x80];
            if (cp == 0) {
                *bad = i;
                return (size_t)-1;
            }
        }
        if (cp < 0x800) {
            out[o++] = (char)(0xC0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return o;
}
