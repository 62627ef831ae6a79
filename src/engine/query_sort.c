/*
 * query_sort.c - ordering many rows: each sort key encoded once into an
 * unsigned field whose order is ov_sorter_cmp's (missing last and NaN just
 * before them whatever the direction, descending by inverting, text by the
 * rank of its dictionary entry), the fields packed into 64-bit words, then
 * an LSD radix sort, stable; and top-N by a heap over the same words.
 * Engine code: no Lua.
 */
#include "config.h"

#include "query_int.h"

#include <math.h>
#include <string.h>

#include "ov_mem.h"

/* below this many rows the merge sort of comparisons is as quick */
#define RADIX_MIN 256
#define DIGIT 11 /* bits per radix pass */

/* the classes of a value: ordered before any value of a later class */
enum { C_VALUE, C_NAN, C_MISSING };

/* where a field sits: the word and the shift of its lowest bit */
struct place {
    unsigned width, word, shift;
};

/* one key's layout: a class field (when more than one class occurs) then
 * a value field (the value minus the least one, inverted if descending) */
struct keylay {
    uint64_t min, span;
    struct place cls, val;
};

struct words {
    uint64_t **w;   /* w[k][i]: word k of the i-th row of a */
    unsigned n;     /* how many words */
    unsigned *used; /* the bits word k uses (its top bits) */
};

/* row's class and, for a value, its order-preserving unsigned code */
static inline int
encode(const struct sortkey *key, uint32_t row, uint64_t *u)
{
    const ov_column *c = key->v.col;
    size_t r = ov_view_row(&key->v, row);

    if (r == OV_NOROW || ov_column_missing(c, r))
        return C_MISSING;
    switch (c->type) {
    case OV_INT:
        *u = (uint64_t)c->data.i64[r] ^ (UINT64_C(1) << 63);
        break;
    case OV_FLOAT: {
        double x = c->data.f64[r];
        uint64_t b;

        if (isnan(x))
            return C_NAN;
        if (x == 0)
            x = 0; /* -0 compares equal to 0 */
        memcpy(&b, &x, sizeof b);
        *u = b >> 63 ? ~b : b | (UINT64_C(1) << 63);
        break;
    }
    case OV_DATE:
        *u = (uint64_t)(int64_t)c->data.days[r] ^ (UINT64_C(1) << 63);
        break;
    case OV_BOOL:
        *u = c->data.b[r];
        break;
    case OV_STRING:
        *u = key->rank[ov_column_code(c, r)];
        break;
    }
    return C_VALUE;
}

static unsigned
bit_length(uint64_t x)
{
    return x == 0 ? 0 : 64 - (unsigned)__builtin_clzll(x);
}

/* a field of width bits in the next word with room (a field never spans
 * two words); the shift is set once the word is full */
static void
place(struct words *W, struct place *p, unsigned width)
{
    p->width = width;
    if (width == 0)
        return;
    if (W->n == 0 || W->used[W->n - 1] + width > 64)
        W->used[W->n++] = 0;
    p->word = W->n - 1;
    p->shift = W->used[p->word]; /* bits above it, for now */
    W->used[p->word] += width;
}

static void
words_free(struct words *W)
{
    unsigned k;

    for (k = 0; W->w != NULL && k < W->n; k++)
        ov_free(W->w[k]);
    ov_free(W->w);
    ov_free(W->used);
    W->w = NULL;
    W->used = NULL;
}

/* the keys of the rows a[0..n) as W->n words per row, compared word by
 * word as unsigned numbers in the order of ov_sorter_cmp */
static ov_status
encode_rows(const uint32_t *a, size_t n, const struct sorter *s, struct words *W,
            struct ov_err *err)
{
    struct keylay *lay = ov_calloc(s->nkeys ? s->nkeys : 1, sizeof *lay);
    size_t k, i;

    memset(W, 0, sizeof *W);
    /* at most two fields a key, so two words a key */
    W->used = ov_calloc(2 * s->nkeys + 1, sizeof *W->used);
    if (lay == NULL || W->used == NULL) {
        ov_free(lay);
        ov_free(W->used);
        W->used = NULL;
        return ov_err_nomem(err, "sorting");
    }
    /* each key's range and classes, then its fields' places */
    for (k = 0; k < s->nkeys; k++) {
        uint64_t lo = UINT64_MAX, hi = 0, u = 0;
        unsigned seen = 0;

        for (i = 0; i < n; i++) {
            int c = encode(&s->keys[k], a[i], &u);

            seen |= 1u << c;
            if (c == C_VALUE) {
                lo = u < lo ? u : lo;
                hi = u > hi ? u : hi;
            }
        }
        lay[k].min = lo;
        lay[k].span = (seen & (1u << C_VALUE)) ? hi - lo : 0;
        /* two bits for the class when it tells rows apart */
        place(W, &lay[k].cls, (seen & (seen - 1)) != 0 ? 2 : 0);
        place(W, &lay[k].val, bit_length(lay[k].span));
    }
    /* earlier fields take the higher bits of their word */
    for (k = 0; k < s->nkeys; k++) {
        struct place *p[2] = {&lay[k].cls, &lay[k].val};
        int f;

        for (f = 0; f < 2; f++)
            if (p[f]->width > 0)
                p[f]->shift = 64 - p[f]->shift - p[f]->width;
    }
    if (W->n > 0 && (W->w = ov_calloc(W->n, sizeof *W->w)) == NULL)
        goto nomem;
    for (k = 0; k < W->n; k++)
        if ((W->w[k] = ov_calloc(n, sizeof **W->w)) == NULL)
            goto nomem;
    for (k = 0; k < s->nkeys; k++) {
        const struct keylay *L = &lay[k];
        bool desc = s->keys[k].desc;
        uint64_t *cw = L->cls.width ? W->w[L->cls.word] : NULL;
        uint64_t *vw = L->val.width ? W->w[L->val.word] : NULL;

        if (cw == NULL && vw == NULL)
            continue;
        for (i = 0; i < n; i++) {
            uint64_t u = 0;
            int c = encode(&s->keys[k], a[i], &u);

            if (cw != NULL)
                cw[i] |= (uint64_t)c << L->cls.shift;
            if (vw != NULL && c == C_VALUE) {
                uint64_t v = u - L->min;

                vw[i] |= (desc ? L->span - v : v) << L->val.shift;
            }
        }
    }
    ov_free(lay);
    return OV_OK;
nomem:
    ov_free(lay);
    words_free(W);
    return ov_err_nomem(err, "sorting");
}

/* one word's LSD radix passes over the digits it uses: (key, pos) pairs
 * from k/p through the spare k2/p2; returns which buffer holds the result
 * (0: k/p, 1: k2/p2) or -1 when interrupted */
static int
radix_word(uint64_t *k, uint32_t *p, uint64_t *k2, uint32_t *p2, size_t n,
           unsigned used)
{
    enum { B = 1u << DIGIT };
    unsigned lo = 64 - used, npass = (used + DIGIT - 1) / DIGIT, d;
    size_t(*count)[B] = ov_calloc(npass, sizeof *count);
    size_t i;
    int side = 0;

    if (count == NULL)
        return -2;
    for (i = 0; i < n; i++)
        for (d = 0; d < npass; d++)
            count[d][(k[i] >> (lo + d * DIGIT)) & (B - 1)]++;
    for (d = 0; d < npass; d++) {
        unsigned shift = lo + d * DIGIT;
        size_t sum = 0, b;

        if (ov_interrupted()) {
            ov_free(count);
            return -1;
        }
        /* a digit that every row shares moves nothing */
        if (count[d][(k[0] >> shift) & (B - 1)] == n)
            continue;
        for (b = 0; b < B; b++) {
            size_t c = count[d][b];

            count[d][b] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++) {
            size_t o = count[d][(k[i] >> shift) & (B - 1)]++;

            k2[o] = k[i];
            p2[o] = p[i];
        }
        {
            uint64_t *tk = k;
            uint32_t *tp = p;

            k = k2;
            p = p2;
            k2 = tk;
            p2 = tp;
        }
        side ^= 1;
    }
    ov_free(count);
    return side;
}

ov_status
ov_sorter_sort(uint32_t *a, size_t n, const struct sorter *s, struct ov_err *err)
{
    struct words W;
    uint64_t *k = NULL, *k2 = NULL;
    uint32_t *p = NULL, *p2 = NULL;
    ov_status st;
    size_t i;
    unsigned w;

    if (n < RADIX_MIN)
        return ov_sorter_merge(a, n, s, err);
    if ((st = encode_rows(a, n, s, &W, err)) != OV_OK)
        return st;
    if (W.n == 0) { /* every row has the same keys: the order stands */
        words_free(&W);
        return OV_OK;
    }
    k = ov_malloc(n * sizeof *k);
    k2 = ov_malloc(n * sizeof *k2);
    p = ov_malloc(n * sizeof *p);
    p2 = ov_malloc(n * sizeof *p2);
    if (k == NULL || k2 == NULL || p == NULL || p2 == NULL) {
        st = ov_err_nomem(err, "sorting");
        goto done;
    }
    for (i = 0; i < n; i++)
        p[i] = (uint32_t)i;
    /* the last word first: each pass is stable, so rows tied on the
     * earlier words keep the order the later words gave them */
    for (w = W.n; w-- > 0;) {
        int side;

        for (i = 0; i < n; i++)
            k[i] = W.w[w][p[i]];
        side = radix_word(k, p, k2, p2, n, W.used[w]);
        if (side < 0) {
            st = side == -1 ? ov_err_interrupted(err) : ov_err_nomem(err, "sorting");
            goto done;
        }
        if (side == 1) {
            uint32_t *t = p;

            p = p2;
            p2 = t;
        }
    }
    for (i = 0; i < n; i++)
        p2[i] = a[p[i]];
    memcpy(a, p2, n * sizeof *a);
done:
    ov_free(k);
    ov_free(k2);
    ov_free(p);
    ov_free(p2);
    words_free(&W);
    return st;
}

/* ---- top-N ---- */

/* rows x and y (positions in a) by their words, then their position: the
 * order of a stable sort */
static int
pos_cmp(const struct words *W, uint32_t x, uint32_t y)
{
    unsigned w;

    for (w = 0; w < W->n; w++)
        if (W->w[w][x] != W->w[w][y])
            return W->w[w][x] < W->w[w][y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* the heap keeps the k best so far with the worst at its top: for the
 * first k the greatest, for the last k the least */
static bool
worse(const struct words *W, uint32_t x, uint32_t y, bool last)
{
    int c = pos_cmp(W, x, y);

    return last ? c < 0 : c > 0;
}

static void
sift_down(uint32_t *h, size_t m, size_t i, const struct words *W, bool last)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;

        if (l < m && worse(W, h[l], h[top], last))
            top = l;
        if (r < m && worse(W, h[r], h[top], last))
            top = r;
        if (top == i)
            return;
        {
            uint32_t t = h[i];

            h[i] = h[top];
            h[top] = t;
        }
        i = top;
    }
}

ov_status
ov_sorter_top(uint32_t *a, size_t n, size_t k, bool last, const struct sorter *s,
              size_t *kept, struct ov_err *err)
{
    struct words W;
    uint32_t *h;
    ov_status st;
    size_t i, m;

    *kept = k < n ? k : n;
    /* many rows kept: a whole sort costs no more */
    if (k >= n / 8 || n < RADIX_MIN) {
        if ((st = ov_sorter_sort(a, n, s, err)) != OV_OK)
            return st;
        if (last && *kept < n)
            memmove(a, a + (n - *kept), *kept * sizeof *a);
        return OV_OK;
    }
    if ((st = encode_rows(a, n, s, &W, err)) != OV_OK)
        return st;
    h = ov_malloc((k ? k : 1) * sizeof *h);
    if (h == NULL) {
        words_free(&W);
        return ov_err_nomem(err, "sorting");
    }
    m = 0;
    for (i = 0; i < n && k > 0; i++) {
        uint32_t x = (uint32_t)i;

        if ((i & (POLL - 1)) == 0 && ov_interrupted()) {
            ov_free(h);
            words_free(&W);
            return ov_err_interrupted(err);
        }
        if (m < k) {
            size_t j = m++;

            h[j] = x;
            while (j > 0 && worse(&W, h[j], h[(j - 1) / 2], last)) {
                uint32_t t = h[j];

                h[j] = h[(j - 1) / 2];
                h[(j - 1) / 2] = t;
                j = (j - 1) / 2;
            }
        } else if (worse(&W, h[0], x, last)) {
            h[0] = x;
            sift_down(h, m, 0, &W, last);
        }
    }
    /* the kept rows in order: popping the worst fills from the back */
    for (i = m; i > 0; i--) {
        uint32_t top = h[0];

        h[0] = h[i - 1];
        sift_down(h, i - 1, 0, &W, last);
        h[i - 1] = top;
    }
    if (last) /* popped least first: reverse into ascending order */
        for (i = 0; i < m / 2; i++) {
            uint32_t t = h[i];

            h[i] = h[m - 1 - i];
            h[m - 1 - i] = t;
        }
    for (i = 0; i < m; i++)
        h[i] = a[h[i]];
    memcpy(a, h, m * sizeof *a);
    ov_free(h);
    words_free(&W);
    return OV_OK;
}
