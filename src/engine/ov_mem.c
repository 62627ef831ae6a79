/*
 * ov_mem.c - counted allocation. Each block carries a 16-byte header with
 * its size so that ov_free and ov_realloc can keep the count exact.
 */
#include "config.h"

#include "ov_mem.h"

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HDR 16 /* keeps the user pointer 16-byte aligned */

static atomic_size_t used;
static atomic_size_t peak;
static atomic_size_t limit;
static atomic_int limit_hit;

bool
ov_mem_charge(size_t n)
{
    size_t lim = atomic_load_explicit(&limit, memory_order_relaxed);
    size_t before = atomic_fetch_add_explicit(&used, n, memory_order_relaxed);

    size_t p;

    if (lim != 0 && (before + n > lim || before + n < before)) {
        atomic_fetch_sub_explicit(&used, n, memory_order_relaxed);
        atomic_store_explicit(&limit_hit, 1, memory_order_relaxed);
        return false;
    }
    /* a racy maximum is good enough for reports */
    p = atomic_load_explicit(&peak, memory_order_relaxed);
    if (before + n > p)
        atomic_store_explicit(&peak, before + n, memory_order_relaxed);
    return true;
}

void
ov_mem_uncharge(size_t n)
{
    atomic_fetch_sub_explicit(&used, n, memory_order_relaxed);
}

/* Large blocks ask for transparent huge pages. A block of megabytes is
 * touched page by page as it is filled, and on virtual machines each
 * first touch of a 4 KB page is a costly fault (reading a 6 MB worksheet
 * spent a fifth of its time in them); a 2 MB page costs one. Only the
 * block's own 2 MB-aligned interior is advised, so no other memory grows,
 * and the advice is only advice: where the kernel has no huge pages for
 * it (or THP is off) nothing changes. */
#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HUGE_MIN ((size_t)4 << 20)

static void
advise_huge(unsigned char *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1),
              hi = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);

    if (n >= HUGE_MIN && hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void *
ov_malloc(size_t n)
{
    unsigned char *p;

    if (n > SIZE_MAX - HDR || !ov_mem_charge(n))
        return NULL;
    p = malloc(n + HDR);
    if (p == NULL) {
        ov_mem_uncharge(n);
        return NULL;
    }
    memcpy(p, &n, sizeof n);
    advise_huge(p, n + HDR);
    return p + HDR;
}

void *
ov_calloc(size_t count, size_t size)
{
    unsigned char *p;

    if (size != 0 && count > (SIZE_MAX - HDR) / size)
        return NULL;
    /* malloc and memset rather than calloc: calloc's fresh pages map the
     * zero page, and a read before the first write then costs a
     * copy-on-write fault that flushes other threads' TLBs */
    p = ov_malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

void *
ov_realloc(void *ptr, size_t n)
{
    unsigned char *base, *p;
    size_t old;

    if (ptr == NULL)
        return ov_malloc(n);
    if (n > SIZE_MAX - HDR)
        return NULL;
    base = (unsigned char *)ptr - HDR;
    memcpy(&old, base, sizeof old);
    if (n > old && !ov_mem_charge(n - old))
        return NULL;
    p = realloc(base, n + HDR);
    if (p == NULL) {
        if (n > old)
            ov_mem_uncharge(n - old);
        return NULL;
    }
    if (n < old)
        ov_mem_uncharge(old - n);
    memcpy(p, &n, sizeof n);
    if (n > old)
        advise_huge(p, n + HDR);
    return p + HDR;
}

void
ov_free(void *ptr)
{
    unsigned char *base;
    size_t n;

    if (ptr == NULL)
        return;
    base = (unsigned char *)ptr - HDR;
    memcpy(&n, base, sizeof n);
    ov_mem_uncharge(n);
    free(base);
}

/* ---------------------------------------------------------------------
 * Scratch blocks kept between queries
 * --------------------------------------------------------------------- */

#define NKEPT 2
#define KEEP_MIN ((size_t)256 << 10) /* smaller ones malloc reuses well */
#define KEEP_MAX ((size_t)512 << 20)

/* the kept blocks (their bases, header included), uncharged */
static _Atomic(unsigned char *) kept[NKEPT];

static size_t
block_size(const unsigned char *base)
{
    size_t n;

    memcpy(&n, base, sizeof n);
    return n;
}

/* keeps an uncharged block in an empty slot, or in place of a smaller
 * one, else frees it */
static void
keep_base(unsigned char *base)
{
    size_t k;

    if (block_size(base) < KEEP_MIN || block_size(base) > KEEP_MAX) {
        free(base);
        return;
    }
    for (k = 0; k < NKEPT && base != NULL; k++) {
        unsigned char *old = atomic_exchange(&kept[k], base);

        if (old == NULL)
            return;
        /* the bigger stays; the smaller tries the next slot */
        if (block_size(old) > block_size(base)) {
            unsigned char *again = atomic_exchange(&kept[k], old);

            base = again;
        } else {
            base = old;
        }
    }
    free(base);
}

void *
ov_scratch_take(size_t n)
{
    size_t k;

    for (k = 0; k < NKEPT; k++) {
        unsigned char *base = atomic_exchange(&kept[k], NULL);

        if (base == NULL)
            continue;
        if (block_size(base) >= n && block_size(base) / 4 <= (n > 4096 ? n : 4096)) {
            size_t lim = ov_mem_limit();

            /* a block of just n may fit the limit where this one would not */
            if ((lim != 0 && ov_mem_used() + block_size(base) > lim) ||
                !ov_mem_charge(block_size(base))) {
                free(base);
                break;
            }
            return base + HDR;
        }
        /* not this one: put it back (or free it, should the slot have
         * filled meanwhile with a bigger block) */
        keep_base(base);
    }
    return ov_malloc(n);
}

void
ov_scratch_give(void *ptr)
{
    unsigned char *base;

    if (ptr == NULL)
        return;
    base = (unsigned char *)ptr - HDR;
    ov_mem_uncharge(block_size(base));
    keep_base(base);
}

void
ov_scratch_release(void)
{
    size_t k;

    for (k = 0; k < NKEPT; k++)
        free(atomic_exchange(&kept[k], NULL));
}

char *
ov_strndup(const char *s, size_t n)
{
    char *d = ov_malloc(n + 1);

    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *
ov_strdup(const char *s)
{
    return ov_strndup(s, strlen(s));
}

size_t
ov_mem_used(void)
{
    return atomic_load_explicit(&used, memory_order_relaxed);
}

size_t
ov_mem_peak(void)
{
    return atomic_load_explicit(&peak, memory_order_relaxed);
}

void
ov_mem_set_limit(size_t bytes)
{
    atomic_store_explicit(&limit, bytes, memory_order_relaxed);
    atomic_store_explicit(&limit_hit, 0, memory_order_relaxed);
}

size_t
ov_mem_limit(void)
{
    return atomic_load_explicit(&limit, memory_order_relaxed);
}

bool
ov_mem_limit_hit(void)
{
    return atomic_load_explicit(&limit_hit, memory_order_relaxed) != 0;
}

void
ov_mem_clear_limit_hit(void)
{
    atomic_store_explicit(&limit_hit, 0, memory_order_relaxed);
}

void
ov_mem_format_size(char *buf, size_t bufsize, size_t bytes)
{
    static const char *const unit[] = {"B", "KB", "MB", "GB", "TB"};
    double v = (double)bytes;
    int u = 0;

    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, bufsize, "%zu B", bytes);
    else if (v < 10.0 && v != floor(v))
        snprintf(buf, bufsize, "%.1f %s", v, unit[u]);
    else
        snprintf(buf, bufsize, "%.0f %s", v, unit[u]);
}

bool
ov_mem_parse_size(const char *s, size_t *bytes)
{
    char *end;
    double v, mult = 1.0;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || errno != 0 || !(v >= 0.0))
        return false;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        mult = 1024.0;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1024.0 * 1024.0;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1024.0 * 1024.0 * 1024.0;
        end++;
        break;
    case 't':
    case 'T':
        mult = 1024.0 * 1024.0 * 1024.0 * 1024.0;
        end++;
        break;
    default:
        return false;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0')
        return false;
    v *= mult;
    if (v >= (double)SIZE_MAX)
        return false;
    *bytes = (size_t)v;
    return true;
}
