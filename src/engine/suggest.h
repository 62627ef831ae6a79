/*
 * suggest.h - "did you mean ...?": the closest name to a misspelt one, by
 * edit distance, for error messages about columns, options and commands.
 * Part of libovcore.
 */
#ifndef OV_SUGGEST_H
#define OV_SUGGEST_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions, and swaps of two
 * neighbours) between a and b, ignoring case; large for long strings. */
size_t ov_edit_distance(const char *a, const char *b);

/* The candidate closest to `want`, if close enough to be a likely typo
 * (distance at most a third of the length, at least 1; or a unique prefix
 * match); NULL otherwise. */
const char *ov_suggest(const char *want, const char *const *cands, size_t n);

/* What a message about a column `want` that is not among cands adds:
 * "; did you mean 'x'?" when one is close; else "; the columns are 'a',
 * 'b' and 'c'" (the first eight, each cut at 40 bytes, then "... and N
 * more"), so a user who guessed a name sees the names there are; "" when
 * there are none. Written to buf (size bytes, 400 hold any). */
const char *ov_suggest_column(const char *want, const char *const *cands, size_t n,
                              char *buf, size_t size);

#endif /* OV_SUGGEST_H */
