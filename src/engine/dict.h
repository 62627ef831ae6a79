/*
 * dict.h - a string dictionary: each distinct string gets a dense 32-bit
 * code in order of first insertion. String columns store codes and share a
 * dictionary (reference-counted), so a category like "Essex Police" is
 * kept once however many rows hold it. Part of libovcore.
 */
#ifndef OV_DICT_H
#define OV_DICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ov_error.h"

#define OV_DICT_MAX UINT32_MAX /* codes are uint32_t; this one means "none" */

typedef struct ov_dict {
    char *arena; /* the strings, each followed by a NUL */
    size_t arena_len;
    size_t arena_cap;
    uint64_t *off;   /* string i is arena + off[i], length off[i+1]-off[i]-1 */
    uint32_t *hash;  /* hash of string i (32 low bits) */
    uint32_t n;      /* number of strings */
    uint32_t cap;    /* room in off/hash (off has cap + 1) */
    uint64_t *slots; /* open addressing: hash << 32 | (code + 1); 0 is empty */
    uint32_t nslots; /* power of two */
    unsigned refs;
} ov_dict;

/* A new empty dictionary with one reference; NULL when out of memory. */
ov_dict *ov_dict_new(void);

/* Reference counting: the last unref frees. Both accept NULL. */
ov_dict *ov_dict_ref(ov_dict *d);
void ov_dict_unref(ov_dict *d);

/* 64-bit hash of n bytes (fast, not cryptographic). */
uint64_t ov_hash_bytes(const void *p, size_t n);

/* The code of s[0..n) with hash h (from ov_hash_bytes), or OV_DICT_MAX if
 * absent; inlined, as it is the loader's inner loop. */
static inline uint32_t ov_dict_lookup_hashed(const ov_dict *d, const char *s, size_t n,
                                             uint64_t h);

/* The code of s[0..n), inserting it if new. Returns OV_OK, OV_ENOMEM, or
 * OV_ERANGE when the dictionary already holds OV_DICT_MAX - 1 strings.
 * *inserted tells whether it was new (may be NULL). */
ov_status ov_dict_intern(ov_dict *d, const char *s, size_t n, uint32_t *code,
                         bool *inserted);

/* Same, with the hash already computed by ov_hash_bytes. */
ov_status ov_dict_intern_hashed(ov_dict *d, const char *s, size_t n, uint64_t h,
                                uint32_t *code, bool *inserted);

/* Adds s[0..n), with hash h, known to be absent (ov_dict_lookup_hashed
 * said so): ov_dict_intern_hashed without its second look. Same errors. */
ov_status ov_dict_insert_hashed(ov_dict *d, const char *s, size_t n, uint64_t h,
                                uint32_t *code);

/* Makes room for n strings of `bytes` bytes in all (NULs included), so
 * that filling it up to there moves and rehashes nothing; a hint, as an
 * earlier dictionary of the same column gives. OV_ENOMEM, or OV_ERANGE
 * past the largest table. */
ov_status ov_dict_reserve(ov_dict *d, uint32_t n, size_t bytes);

/* The code of s, or OV_DICT_MAX if absent. */
uint32_t ov_dict_find(const ov_dict *d, const char *s, size_t n);

/* The rank of every string in byte order (rank[code]), for sorting and
 * for min/max of text: an array of d->n the caller frees with ov_free;
 * NULL when out of memory. */
uint32_t *ov_dict_ranks(const ov_dict *d);

/* String i and its length (borrowed, NUL-terminated; valid while d lives). */
static inline const char *
ov_dict_str(const ov_dict *d, uint32_t i, size_t *len)
{
    if (len != NULL)
        *len = (size_t)(d->off[i + 1] - d->off[i] - 1);
    return d->arena + d->off[i];
}

/* True if the n bytes at a and b are equal (inlined for short strings,
 * which is what most values in complaint data are). */
static inline bool
ov_bytes_equal(const char *a, const char *b, size_t n)
{
    if (n <= 16) {
        uint64_t x = 0, y = 0, x2 = 0, y2 = 0;

        if (n >= 8) {
            __builtin_memcpy(&x, a, 8);
            __builtin_memcpy(&y, b, 8);
            __builtin_memcpy(&x2, a + n - 8, 8);
            __builtin_memcpy(&y2, b + n - 8, 8);
            return x == y && x2 == y2;
        }
        if (n >= 4) {
            uint32_t u, v, u2, v2;

            __builtin_memcpy(&u, a, 4);
            __builtin_memcpy(&v, b, 4);
            __builtin_memcpy(&u2, a + n - 4, 4);
            __builtin_memcpy(&v2, b + n - 4, 4);
            return u == v && u2 == v2;
        }
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return __builtin_memcmp(a, b, n) == 0;
}

static inline uint32_t
ov_dict_lookup_hashed(const ov_dict *d, const char *s, size_t n, uint64_t h64)
{
    uint32_t h = (uint32_t)h64, mask = d->nslots - 1, k;

    if (d->nslots == 0)
        return OV_DICT_MAX;
    for (k = h & mask; d->slots[k] != 0; k = (k + 1) & mask) {
        uint64_t sl = d->slots[k];
        uint32_t c = (uint32_t)sl - 1;

        if ((uint32_t)(sl >> 32) == h && d->off[c + 1] - d->off[c] - 1 == n &&
            ov_bytes_equal(d->arena + d->off[c], s, n))
            return c;
    }
    return OV_DICT_MAX;
}

/* Bytes used (for memory reports). */
size_t ov_dict_bytes(const ov_dict *d);

#endif /* OV_DICT_H */
