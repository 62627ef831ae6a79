/*
 * input.h - where typed lines come from: GNU Readline (with history and
 * completion) when stdin is a terminal, plain line reads otherwise.
 * The only file that includes readline headers. Shell layer.
 */
#ifndef OV_INPUT_H
#define OV_INPUT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct ov_input ov_input;

/* What the consumer of lines wants next. */
enum ov_feed {
    OV_FEED_PRIMARY,  /* a new statement: show the primary prompt */
    OV_FEED_CONTINUE, /* the statement goes on: show the continuation prompt */
    OV_FEED_STOP      /* stop reading (.quit, --bail) */
};

/* The consumer of lines (the REPL). */
struct ov_input_handler {
    /* One line without its newline, borrowed for the call. */
    enum ov_feed (*line)(void *ctx, const char *line);
    /* End of input (Ctrl-D on an empty line, end of file). */
    void (*eof)(void *ctx);
    /* Ctrl-C at the prompt: the typed line is gone; drop any partial
     * statement. */
    void (*interrupt)(void *ctx);
    /* The prompt to show for `kind` (PRIMARY or CONTINUE). */
    const char *(*prompt)(void *ctx, enum ov_feed kind);
    void *ctx;
};

/* Completion callback: returns a malloc'd, NULL-terminated list of
 * malloc'd candidates for `text` (the word being completed, which starts at
 * byte `start` of `line`; inside quotes, the text after the quote), or
 * NULL for none. Each candidate replaces the whole word. Setting
 * *keep_open leaves an open quote open (more of the string follows). */
typedef char **(*ov_complete_fn)(const char *line, int start, int end,
                                 const char *text, void *ctx, bool *keep_open);

/* Readline on the terminal. `history_path` may be NULL (no history file).
 * Returns NULL when out of memory. */
ov_input *ov_input_open_terminal(const char *history_path);

/* Plain reads from `f` (not closed by ov_input_close); `name` is used in
 * messages ("stdin", "lesson.lua"). */
ov_input *ov_input_open_file(FILE *f, const char *name);

/* fopen(path, "r") for a file of statements; a directory, which fopen
 * accepts and which then reads as empty, fails with errno EISDIR. */
FILE *ov_input_fopen(const char *path);

/* The errno of a read that failed part-way (0: the input ended normally),
 * so that a file that cannot be read is never taken for an empty one. */
int ov_input_read_errno(const ov_input *in);

void ov_input_close(ov_input *in);

/* Hands every line to h->line until it returns OV_FEED_STOP or input
 * ends (then h->eof is called). On a terminal the line is read with
 * readline's callback interface and h->line runs inside the callback, so
 * lines typed ahead while a statement runs are kept, in order, each after
 * the prompt it belongs to. */
void ov_input_run(ov_input *in, const struct ov_input_handler *h);

/* True for readline input. */
bool ov_input_is_terminal(const ov_input *in);

/* The source name and the number of the last line read (1-based). */
const char *ov_input_name(const ov_input *in);
int ov_input_lineno(const ov_input *in);

/* Adds a complete entry (possibly several lines) to the history, and
 * appends it to the history file at once so a crash loses nothing.
 * Blank entries and repeats of the previous entry are skipped. */
void ov_input_add_history(ov_input *in, const char *entry);

/* Sets the completion callback for terminal input. */
void ov_input_set_completion(ov_input *in, ov_complete_fn fn, void *ctx);

/* The default history file: $XDG_STATE_HOME/oversight/history, else
 * ~/.local/state/oversight/history; the directory is created. malloc'd;
 * NULL if neither variable gives a usable place. */
char *ov_input_default_history_path(void);

/* Called from the SIGWINCH handler (async-signal-safe). */
void ov_input_note_resize(void);

#endif /* OV_INPUT_H */
