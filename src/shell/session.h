/*
 * session.h - all state of one oversight session, passed explicitly to
 * every shell function (sqlite's ShellState): the Lua state, where results
 * go, the options that change behaviour, and the error count.
 * Shell layer.
 */
#ifndef OV_SESSION_H
#define OV_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include <lua.h>

#include "fileio.h"
#include "lbind.h"
#include "luarun.h"

/* Exit statuses, documented in --help and the man page. */
enum ov_exit {
    OV_EXIT_OK = 0,    /* everything ran */
    OV_EXIT_ERROR = 1, /* a statement or script failed */
    OV_EXIT_USAGE = 2  /* bad command-line options */
};

struct ov_input;

struct ov_session {
    lua_State *L;
    FILE *out;           /* results: the screen, or a file after .output */
    FILE *screen;        /* the terminal's stream: stdout, or the pager's */
    struct pager *pager; /* at an interactive terminal: long output paged */
    bool interactive;    /* reading a terminal: prompts, readline */
    bool bail;           /* --bail: stop reading input at the first error */
    bool quiet;          /* -q: no banner */
    bool quit;           /* .quit was given */
    int errors;          /* statements that failed so far */
    struct ov_lua_opts lua_opts;
    struct ov_ui ui;        /* what the Lua surface may do with the terminal */
    struct ov_input *input; /* the input being read, for completion */
    bool timer;             /* .timer on: wall and CPU time after each statement */
    struct ov_afile output; /* .output FILE: results go here, and the file
                               replaces FILE only when complete */
    int record_fd;          /* .record FILE (else -1): statements appended */
    char *record_path;
    int read_depth; /* .read inside .read */
    /* the loop that reads statements and dot-commands, run again by .read
     * (ov_repl_run sets it; NULL until a loop runs) */
    int (*read_loop)(struct ov_session *s, struct ov_input *in);
};

/* Creates the Lua state and gives it the session's ui. Returns false
 * (with a message on stderr) when out of memory. */
bool ov_session_init(struct ov_session *s, const struct ov_lua_opts *opts);

/* Closes the Lua state (running __gc) and any .output file. */
void ov_session_free(struct ov_session *s);

/* Reports an error message to stderr after flushing results, so the two
 * streams stay in order on a terminal; counts it. */
void ov_session_error(struct ov_session *s, const char *msg);

/* Reports the error message on top of s->L's stack with
 * ov_session_error, and pops it. */
void ov_session_report_top(struct ov_session *s);

/* Sends results to a new file at path (written through a temporary file
 * and renamed into place when output returns to stdout or the session
 * ends), or back to stdout when path is NULL. Returns false, with the
 * reason reported, when the file cannot be written. */
bool ov_session_output(struct ov_session *s, const char *path);

/* Starts appending every successful statement to path as Lua (NULL
 * stops). Returns false, with the reason reported, on failure. */
bool ov_session_record_to(struct ov_session *s, const char *path);

/* Appends one statement to the .record file, if one is open. */
void ov_session_record(struct ov_session *s, const char *lua);

#endif /* OV_SESSION_H */
