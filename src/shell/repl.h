/*
 * repl.h - read, evaluate, print: the interactive loop and --step (whole
 * scripts and -e chunks: run.h). Shell layer.
 */
#ifndef OV_REPL_H
#define OV_REPL_H

#include "input.h"
#include "session.h"

/* Reads statements from `in` until end of input or .quit. A line starting
 * with '.' is a dot-command; anything else is Lua, read on continuation
 * lines until it forms a complete chunk; an expression prints its value.
 * An error is reported and reading goes on, unless s->bail.
 * Returns the number of statements that failed. Sets s->read_loop to
 * itself, for .read. */
int ov_repl_run(struct ov_session *s, ov_input *in);

/* Runs the compiled function on top of the stack and prints what it
 * returns, as at the prompt. Returns the number of values printed, or -1
 * on error. */
int ov_repl_run_and_print(struct ov_session *s);

/* The prompts: a statement's first line, and the lines continuing it. */
#define OV_PROMPT1 "ov> "
#define OV_PROMPT2 "..> "

/* --step (step.c): shows each top-level statement of the file at path with the
 * comments before it, waits for a key on `keys` (Enter runs it, b goes
 * back a step, q leaves; one key press on a terminal, a line otherwise),
 * runs it and prints its values, as at the prompt. Returns the number of
 * statements that failed, or -1 if the file cannot be read. */
int ov_repl_step(struct ov_session *s, const char *path, FILE *keys);

#endif /* OV_REPL_H */
