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
typedef char **(*ov_complete_fn)(const char *line, int start, int end, const char *text,
                                 void *ctx, bool *keep_open);

/* Readline on the terminal. `history_path` may be NULL (no history file).
 * Returns NULL when out of memory. */
ov_input *ov_input_open_terminal(const char *history_path);

/* Plain reads from `f` (not closed by ov_input_close); `name` is used in
 * messages ("stdin", "lesson.lua"). */
ov_input *ov_input_open_file(FILE *f, const char *name);

/* fopen(path, "r") for a file of statements; a directory, which fopen
 * accepts and which then reads as empty, fails with errno EISDIR. */
FILE *ov_input_fopen(const char *path);

/* Why reading stopped before the end of the input ("NAME:LINE: a line
 * longer than 64 MiB, ...", "NAME: interrupted", "NAME: cannot read: ..."),
 * or NULL if the input ended normally: a file that cannot be read is never
 * taken for an empty one. Valid until ov_input_close. */
const char *ov_input_error(const ov_input *in);

/* The longest line ov_input_getline reads: 64 MiB. */
#define OV_INPUT_LINE_MAX ((size_t)64 << 20)

enum ov_line {
    OV_LINE_OK,          /* a line, without its newline */
    OV_LINE_EOF,         /* no more input */
    OV_LINE_TOO_LONG,    /* OV_INPUT_LINE_MAX bytes and no newline yet */
    OV_LINE_INTERRUPTED, /* Ctrl-C (ov_interrupted) while reading */
    OV_LINE_ERROR        /* a read failed: errno says why */
};

/* Reads a line of statements from f into *buf (ov_malloc'd and grown as
 * needed, counted against --max-memory, *cap its size; ov_free it when
 * done), NUL-terminated, its length
 * in *len (a line may hold NUL bytes). Unlike getline it stops: at
 * OV_INPUT_LINE_MAX bytes, since an endless line (.read /dev/zero) would
 * otherwise take all memory outside the --max-memory count, and at Ctrl-C,
 * including while a read waits on a pipe. A last line without a newline
 * is a line. */
enum ov_line ov_input_getline(FILE *f, char **buf, size_t *cap, size_t *len);

/* The message for a status of ov_input_getline other than OK and EOF, as
 * "NAME:LINE: ..." or "NAME: ...", into msg. */
void ov_input_line_error(enum ov_line st, int err, const char *name, int lineno,
                         char *msg, size_t size);

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
