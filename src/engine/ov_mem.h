/*
 * ov_mem.h - the engine's allocator: malloc with a byte count and an
 * optional limit, so --max-memory can fail a huge load cleanly instead of
 * letting the kernel kill the session. Thread-safe (the loader allocates
 * from two threads). Part of libovcore.
 */
#ifndef OV_MEM_H
#define OV_MEM_H

#include <stdbool.h>
#include <stddef.h>

/* Like malloc/calloc/realloc/free, but counted against the limit. They return
 * NULL when the system or the limit refuses; ov_realloc then leaves p valid.
 * Memory from these must be freed with ov_free (never free). ov_free(NULL)
 * does nothing. */
void *ov_malloc(size_t n);
void *ov_calloc(size_t count, size_t size);
void *ov_realloc(void *p, size_t n);
void ov_free(void *p);

/* Scratch blocks for the large arrays a query needs while it runs (group
 * numbers per row, count_distinct's bitmap): ov_scratch_give keeps the
 * block (the two biggest given, from 256 KB to 512 MB) instead of unmapping
 * it, and ov_scratch_take hands a kept one back when it is big enough, so
 * the next query reuses pages already faulted in. A kept block does not
 * count as used memory (ov_mem_used) until it is taken again, when it is
 * charged like a new one. ov_scratch_take returns at least n bytes,
 * uninitialised, or NULL when out of memory; free what it gives with
 * ov_scratch_give or ov_free. ov_scratch_give takes any block from these
 * allocators (NULL does nothing). ov_scratch_release frees the kept blocks.
 * Thread-safe. */
void *ov_scratch_take(size_t n);
void ov_scratch_give(void *p);
void ov_scratch_release(void);

/* Copies of a C string / of n bytes plus a NUL; NULL when out of memory. */
char *ov_strdup(const char *s);
char *ov_strndup(const char *s, size_t n);

/* Accounting for allocators that know their own block sizes (the Lua
 * allocator): ov_mem_charge returns false, counting nothing, when n more
 * bytes would pass the limit. */
bool ov_mem_charge(size_t n);
void ov_mem_uncharge(size_t n);

/* Bytes currently allocated through this module (and charged). */
size_t ov_mem_used(void);

/* The most ov_mem_used has been. */
size_t ov_mem_peak(void);

/* Sets the limit in bytes; 0 means no limit. */
void ov_mem_set_limit(size_t bytes);
size_t ov_mem_limit(void);

/* True once an allocation has been refused because of the limit, until
 * ov_mem_clear_limit_hit. Used to word error messages. */
bool ov_mem_limit_hit(void);
void ov_mem_clear_limit_hit(void);

/* Formats a byte count for people: "512 B", "1.5 KB", "200 MB", "2.4 GB"
 * (powers of 1024, one decimal below 10). */
void ov_mem_format_size(char *buf, size_t bufsize, size_t bytes);

/* Parses "200M", "1.5G", "64k", "1000000" (bytes); false if malformed. */
bool ov_mem_parse_size(const char *s, size_t *bytes);

#endif /* OV_MEM_H */
