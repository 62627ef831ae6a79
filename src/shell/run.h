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

/* -l as lua(1) has it: spec "mod" runs require "mod" and sets the global
 * mod to its result; "g=mod" sets the global g. Under --safe, require
 * finds what it finds there (Lua text, and oversight's own module; no C
 * modules). Returns true if it ran without error (the error reported). */
bool ov_run_library(struct ov_session *s, const char *spec);

/* LUA_INIT_5_4, else LUA_INIT, as lua(1) runs them before anything else:
 * a value starting with '@' names a file to run, any other value is Lua
 * code (chunk name "=LUA_INIT_5_4" or "=LUA_INIT"). Run by the session's
 * state, so under --safe by the sandbox's rules. Returns true when
 * neither is set or it ran without error (the error reported). */
bool ov_run_lua_init(struct ov_session *s);

#endif /* OV_RUN_H */
