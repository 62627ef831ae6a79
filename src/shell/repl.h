/*
 * repl.h - read, evaluate, print: the interactive loop, and running whole
 * scripts and -e chunks. Shell layer.
 */
#ifndef OV_REPL_H
#define OV_REPL_H

#include "input.h"
#include "session.h"

/* Reads statements from `in` until end of input or .quit. A line starting
 * with '.' is a dot-command; anything else is Lua, read on continuation
 * lines until it forms a complete chunk; an expression prints its value.
 * An error is reported and reading goes on, unless s->bail.
 * Returns the number of statements that failed. */
int ov_repl_run(struct ov_session *s, ov_input *in);

/* Runs a file (NULL: standard input) as one Lua chunk, with the values
 * args[0..nargs-1] as `...`. Returns true if it ran without error. */
bool ov_run_file(struct ov_session *s, const char *path, char **args, int nargs);

/* --step: shows each top-level statement of the file at path with the
 * comments before it, waits for Enter on `keys` (q leaves), runs it and
 * prints its values, as at the prompt. Returns the number of statements
 * that failed, or -1 if the file cannot be read. */
int ov_repl_step(struct ov_session *s, const char *path, FILE *keys);

/* Runs a chunk of Lua given on the command line (-e). */
bool ov_run_string(struct ov_session *s, const char *chunk, const char *chunkname);

#endif /* OV_REPL_H */
