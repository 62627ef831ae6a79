/*
 * strbuf.c - growable byte buffer with a sticky failure flag.
 */
#include "config.h"

#include "strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ov_mem.h"

void
ov_strbuf_init(ov_strbuf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void
ov_strbuf_free(ov_strbuf *b)
{
    if (b == NULL)
        return;
    ov_free(b->data);
    ov_strbuf_init(b);
}

void
ov_strbuf_reset(ov_strbuf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
    b->failed = false;
}

ov_status
ov_strbuf_reserve(ov_strbuf *b, size_t extra)
{
    size_t need, ncap;
    char *p;

    if (b->failed)
        return OV_ENOMEM;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return OV_ENOMEM;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return OV_OK;
    ncap = b->cap < 64 ? 64 : b->cap;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    p = ov_realloc(b->data, ncap);
    if (p == NULL) {
        b->failed = true;
        return OV_ENOMEM;
    }
    b->data = p;
    b->cap = ncap;
    return OV_OK;
}

ov_status
ov_strbuf_append(ov_strbuf *b, const char *s, size_t n)
{
    if (ov_strbuf_reserve(b, n) != OV_OK)
        return OV_ENOMEM;
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return OV_OK;
}

ov_status
ov_strbuf_puts(ov_strbuf *b, const char *s)
{
    return ov_strbuf_append(b, s, strlen(s));
}

ov_status
ov_strbuf_putc(ov_strbuf *b, char c)
{
    return ov_strbuf_append(b, &c, 1);
}

ov_status
ov_strbuf_vprintf(ov_strbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    if (b->failed)
        return OV_ENOMEM;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || ov_strbuf_reserve(b, (size_t)n) != OV_OK) {
        b->failed = true;
        return OV_ENOMEM;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return OV_OK;
}

ov_status
ov_strbuf_printf(ov_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    ov_status st;

    va_start(ap, fmt);
    st = ov_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

ov_status
ov_strbuf_repeat(ov_strbuf *b, const char *s, size_t n)
{
    size_t k = strlen(s);

    if (k != 0 && n > SIZE_MAX / k) {
        b->failed = true;
        return OV_ENOMEM;
    }
    if (ov_strbuf_reserve(b, k * n) != OV_OK)
        return OV_ENOMEM;
    while (n-- > 0) {
        memcpy(b->data + b->len, s, k);
        b->len += k;
    }
    b->data[b->len] = '\0';
    return OV_OK;
}

void
ov_strbuf_truncate(ov_strbuf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

ov_status
ov_strbuf_status(const ov_strbuf *b)
{
    return b->failed ? OV_ENOMEM : OV_OK;
}

const char *
ov_strbuf_cstr(const ov_strbuf *b)
{
    return b->data != NULL ? b->data : "";
}

char *
ov_strbuf_take(ov_strbuf *b)
{
    char *p;

    if (b->failed) {
        ov_strbuf_free(b);
        return NULL;
    }
    if (b->data == NULL)
        return ov_strdup("");
    p = b->data;
    ov_strbuf_init(b);
    return p;
}
