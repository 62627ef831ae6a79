/*
 * strbuf.h - a growable byte buffer, always NUL-terminated once it holds
 * anything. Failures are sticky: after an allocation fails every later
 * append is a no-op and ov_strbuf_status reports OV_ENOMEM, so a caller can
 * build a long string and check once. Part of libovcore.
 */
#ifndef OV_STRBUF_H
#define OV_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "ov_error.h"

typedef struct ov_strbuf {
    char *data;  /* NULL until the first append; owned, freed by ov_strbuf_free */
    size_t len;  /* bytes in use, not counting the NUL */
    size_t cap;  /* bytes allocated */
    bool failed; /* an allocation failed */
} ov_strbuf;

#define OV_STRBUF_INIT                                                                 \
    {                                                                                  \
        NULL, 0, 0, false                                                              \
    }

void ov_strbuf_init(ov_strbuf *b);
void ov_strbuf_free(ov_strbuf *b);

/* Empties the buffer but keeps its memory (and clears the failure). */
void ov_strbuf_reset(ov_strbuf *b);

/* Makes room for `extra` more bytes plus the NUL. */
ov_status ov_strbuf_reserve(ov_strbuf *b, size_t extra);

ov_status ov_strbuf_append(ov_strbuf *b, const char *s, size_t n);
ov_status ov_strbuf_puts(ov_strbuf *b, const char *s);
ov_status ov_strbuf_putc(ov_strbuf *b, char c);
ov_status ov_strbuf_printf(ov_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
ov_status ov_strbuf_vprintf(ov_strbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Appends `n` copies of the string `s` (used for padding and box lines). */
ov_status ov_strbuf_repeat(ov_strbuf *b, const char *s, size_t n);

/* Drops bytes past len (len must not exceed the current length). */
void ov_strbuf_truncate(ov_strbuf *b, size_t len);

/* OV_OK, or OV_ENOMEM if any append failed since the last reset. */
ov_status ov_strbuf_status(const ov_strbuf *b);

/* The contents as a C string: "" for an empty buffer, never NULL.
 * Borrowed: valid until the next append, reset or free. */
const char *ov_strbuf_cstr(const ov_strbuf *b);

/* Hands the contents to the caller (free with ov_free) and empties the
 * buffer; NULL if it failed. Never NULL for an empty buffer that has not
 * failed: returns an allocated "". */
char *ov_strbuf_take(ov_strbuf *b);

#endif /* OV_STRBUF_H */
