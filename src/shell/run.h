/*
 * run.h - running whole chunks: script files and -e strings.
 * Shell layer; used by main.c and the dot-commands, calls neither.
 */
#ifndef OV_RUN_H
#define OV_RUN_H

#include <stdbool.h>

#include "session.h"

/* Runs a file (NULL: standard input) as one Lua chunk, with the values
 * args[0..nargs-1] as `...`. Returns true if it ran without error. */
bool ov_run_file(struct ov_session *s, const char *path, char **args, int nargs);

/* Runs a chunk of Lua given on the command line (-e), or by a dot-command;
 * chunkname as lua_load's. Returns true if it ran without error. */
bool ov_run_string(struct ov_session *s, const char *chunk, const char *chunkname);

#endif /* OV_RUN_H */
