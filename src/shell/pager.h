/*
 * pager.h - long output at the prompt, a screen at a time (pager.c).
 */
#ifndef OV_PAGER_H
#define OV_PAGER_H

#include <stdbool.h>
#include <stdio.h>

struct pager;

/* A pager in front of the terminal `to`, reading keys from the descriptor
 * `keys`; NULL when out of memory. */
struct pager *ov_pager_open(FILE *to, int keys);

/* The stream to write to: lines pass to the terminal, and when they fill
 * the window the pager waits for a key. */
FILE *ov_pager_stream(struct pager *p);

/* A new statement: the line count starts again, and q's effect ends. */
void ov_pager_reset(struct pager *p);

/* .pager on|off: whether the window's height stops the output. */
void ov_pager_set(struct pager *p, bool on);
bool ov_pager_on(const struct pager *p);

/* Flushes and closes the stream, and frees the pager. Accepts NULL. */
void ov_pager_close(struct pager *p);

#endif /* OV_PAGER_H */
