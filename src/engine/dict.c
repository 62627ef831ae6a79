/*
 * dict.c - string dictionary: an arena of NUL-terminated strings, their
 * offsets and hashes, and an open-addressing table (linear probing) of
 * codes, kept at most half full.
 */
#include "config.h"

#include "dict.h"

#include <stdlib.h>
#include <string.h>

#include "ov_mem.h"

/* A multiply-xorshift hash over 8-byte words (in the style of wyhash's
 * mixing, much simplified): fast on short strings, good enough spread for a
 * table whose keys are user data, not adversarial input. */
static inline uint64_t
mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;

    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint64_t
ov_hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    uint64_t a = 0, b = 0;

    if (n <= 16) {
        /* one or two overlapping words: most values in complaint data */
        if (n >= 8) {
            memcpy(&a, s, 8);
            memcpy(&b, s + n - 8, 8);
        } else if (n >= 4) {
            uint32_t x, y;

            memcpy(&x, s, 4);
            memcpy(&y, s + n - 4, 4);
            a = x;
            b = y;
        } else if (n > 0) {
            a = (uint64_t)s[0] << 16 | (uint64_t)s[n / 2] << 8 | s[n - 1];
        }
        return mix(mix(a ^ 0xA0761D6478BD642Full, b ^ h), 0x8EBC6AF09C88C6E3ull);
    }
    while (n > 16) {
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        h = mix(a ^ 0xA0761D6478BD642Full, b ^ h);
        s += 16;
        n -= 16;
    }
    memcpy(&a, s + n - 16 + 0, 8);
    memcpy(&b, s + n - 16 + 8, 8);
    return mix(mix(a ^ 0xE7037ED1A0B428DBull, b ^ h), 0x8EBC6AF09C88C6E3ull);
}

ov_dict *
ov_dict_new(void)
{
    ov_dict *d = ov_calloc(1, sizeof *d);

    if (d == NULL)
        return NULL;
    d->refs = 1;
    d->off = ov_malloc(sizeof *d->off);
    if (d->off == NULL) {
        ov_free(d);
        return NULL;
    }
    d->off[0] = 0;
    return d;
}

ov_dict *
ov_dict_ref(ov_dict *d)
{
    if (d != NULL)
        d->refs++;
    return d;
}

void
ov_dict_unref(ov_dict *d)
{
    if (d == NULL || --d->refs > 0)
        return;
    ov_free(d->arena);
    ov_free(d->off);
    ov_free(d->hash);
    ov_free(d->slots);
    ov_free(d);
}

static inline uint64_t
slot_of(uint32_t hash, uint32_t code)
{
    return (uint64_t)hash << 32 | (uint64_t)(code + 1);
}

static ov_status
grow_slots(ov_dict *d, uint32_t want_n)
{
    uint32_t ns = d->nslots ? d->nslots : 16;
    uint64_t *slots;
    uint32_t i;

    while ((uint64_t)want_n * 2 > ns) {
        if (ns >= (1u << 31))
            return OV_ERANGE;
        ns *= 2;
    }
    if (ns == d->nslots)
        return OV_OK;
    /* ov_calloc writes the zeros, so the probing below does not read
     * untouched pages (see ov_calloc) */
    slots = ov_calloc(ns, sizeof *slots);
    if (slots == NULL)
        return OV_ENOMEM;
    for (i = 0; i < d->n; i++) {
        uint32_t k = d->hash[i] & (ns - 1);

        while (slots[k] != 0)
            k = (k + 1) & (ns - 1);
        slots[k] = slot_of(d->hash[i], i);
    }
    ov_free(d->slots);
    d->slots = slots;
    d->nslots = ns;
    return OV_OK;
}

static ov_status
grow_entries(ov_dict *d, uint32_t want)
{
    uint32_t ncap;
    uint64_t *off;
    uint32_t *hash;

    if (want <= d->cap)
        return OV_OK;
    ncap = d->cap < 16 ? 16 : d->cap;
    while (ncap < want)
        ncap = ncap > UINT32_MAX / 2 ? UINT32_MAX - 1 : ncap * 2;
    off = ov_realloc(d->off, ((size_t)ncap + 1) * sizeof *off);
    if (off == NULL)
        return OV_ENOMEM;
    d->off = off;
    hash = ov_realloc(d->hash, (size_t)ncap * sizeof *hash);
    if (hash == NULL)
        return OV_ENOMEM;
    d->hash = hash;
    d->cap = ncap;
    return OV_OK;
}

static ov_status
grow_arena(ov_dict *d, size_t extra)
{
    size_t ncap;
    char *a;

    if (d->arena_len + extra <= d->arena_cap)
        return OV_OK;
    ncap = d->arena_cap < 256 ? 256 : d->arena_cap;
    while (ncap < d->arena_len + extra)
        ncap *= 2;
    a = ov_realloc(d->arena, ncap);
    if (a == NULL)
        return OV_ENOMEM;
    d->arena = a;
    d->arena_cap = ncap;
    return OV_OK;
}

uint32_t
ov_dict_find(const ov_dict *d, const char *s, size_t n)
{
    return ov_dict_lookup_hashed(d, s, n, ov_hash_bytes(s, n));
}

ov_status
ov_dict_reserve(ov_dict *d, uint32_t n, size_t bytes)
{
    ov_status st;

    if (n >= OV_DICT_MAX - 1)
        return OV_ERANGE;
    if ((uint64_t)n * 2 > d->nslots && (st = grow_slots(d, n)) != OV_OK)
        return st;
    if ((st = grow_entries(d, n)) != OV_OK)
        return st;
    return grow_arena(d, bytes > d->arena_len ? bytes - d->arena_len : 0);
}

ov_status
ov_dict_intern_hashed(ov_dict *d, const char *s, size_t n, uint64_t h64, uint32_t *code,
                      bool *inserted)
{
    uint32_t c;
    ov_status st;

    c = ov_dict_lookup_hashed(d, s, n, h64);
    if (c != OV_DICT_MAX) {
        *code = c;
        if (inserted != NULL)
            *inserted = false;
        return OV_OK;
    }
    st = ov_dict_insert_hashed(d, s, n, h64, code);
    if (inserted != NULL)
        *inserted = st == OV_OK;
    return st;
}

ov_status
ov_dict_insert_hashed(ov_dict *d, const char *s, size_t n, uint64_t h64, uint32_t *code)
{
    uint32_t h = (uint32_t)h64, k, c;
    ov_status st;

    if (d->n >= OV_DICT_MAX - 1)
        return OV_ERANGE;
    if ((uint64_t)(d->n + 1) * 2 > d->nslots) {
        if ((st = grow_slots(d, d->n + 1)) != OV_OK)
            return st;
    }
    if ((st = grow_entries(d, d->n + 1)) != OV_OK)
        return st;
    if ((st = grow_arena(d, n + 1)) != OV_OK)
        return st;
    c = d->n;
    memcpy(d->arena + d->arena_len, s, n);
    d->arena[d->arena_len + n] = '\0';
    d->arena_len += n + 1;
    d->off[c + 1] = d->arena_len;
    d->hash[c] = h;
    for (k = h & (d->nslots - 1); d->slots[k] != 0; k = (k + 1) & (d->nslots - 1))
        ;
    d->slots[k] = slot_of(h, c);
    d->n++;
    *code = c;
    return OV_OK;
}

ov_status
ov_dict_intern(ov_dict *d, const char *s, size_t n, uint32_t *code, bool *inserted)
{
    return ov_dict_intern_hashed(d, s, n, ov_hash_bytes(s, n), code, inserted);
}

size_t
ov_dict_bytes(const ov_dict *d)
{
    return d->arena_cap + ((size_t)d->cap + 1) * sizeof *d->off +
           (size_t)d->cap * sizeof *d->hash + (size_t)d->nslots * sizeof *d->slots;
}

static int
rank_cmp(const void *x, const void *y, void *arg)
{
    const ov_dict *d = arg;
    size_t la, lb;
    const char *a = ov_dict_str(d, *(const uint32_t *)x, &la);
    const char *b = ov_dict_str(d, *(const uint32_t *)y, &lb);
    int c = memcmp(a, b, la < lb ? la : lb);

    return c != 0 ? c : (la > lb) - (la < lb);
}

uint32_t *
ov_dict_ranks(const ov_dict *d)
{
    uint32_t *order = ov_malloc((d->n ? d->n : 1) * sizeof *order);
    uint32_t *rank = ov_malloc((d->n ? d->n : 1) * sizeof *rank);
    uint32_t i;

    if (order == NULL || rank == NULL) {
        ov_free(order);
        ov_free(rank);
        return NULL;
    }
    for (i = 0; i < d->n; i++)
        order[i] = i;
    qsort_r(order, d->n, sizeof *order, rank_cmp, (void *)d);
    for (i = 0; i < d->n; i++)
        rank[order[i]] = i;
    ov_free(order);
    return rank;
}
