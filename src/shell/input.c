/*
 * input.c - line input. On a terminal it uses readline's callback interface
 * inside a select() loop (as CPython does), so that Ctrl-C at the prompt
 * discards the line and returns to a fresh prompt instead of killing the
 * shell; readline's own signal handlers are off (rl_catch_signals = 0).
 */
#include "config.h"

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ov_error.h"
#include "ov_mem.h"

#define HISTORY_MAX 5000

struct ov_input {
    bool terminal;
    FILE *f;
    char *name;
    int lineno;
    char *history_path;
    char error[512];     /* why reading stopped early ("" if it did not) */
    bool history_warned; /* a history problem was reported */
    ov_complete_fn complete;
    void *complete_ctx;
};

static volatile sig_atomic_t resized;

static void trim_history(const char *path);
static void history_problem(ov_input *in, const char *what, int e);

/* readline's callback interface has one handler at a time */
static ov_input *active;

void
ov_input_note_resize(void)
{
    resized = 1;
}

/* readline's form of a list of candidates: the text to put in place of
 * the word (their longest common prefix) first, then the candidates */
static char **
readline_matches(char **list)
{
    size_t n = 0, lcd, i;
    char **m;

    while (list[n] != NULL)
        n++;
    if (n == 1)
        return list;
    m = malloc((n + 2) * sizeof *m);
    if (m == NULL) {
        for (i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return NULL;
    }
    lcd = strlen(list[0]);
    for (i = 1; i < n; i++) {
        size_t k = 0;

        while (k < lcd && list[i][k] == list[0][k])
            k++;
        lcd = k;
    }
    m[0] = strndup(list[0], lcd);
    memcpy(m + 1, list, n * sizeof *m);
    m[n + 1] = NULL;
    free(list);
    return m;
}

static char **
attempted_completion(const char *text, int start, int end)
{
    char **list;
    size_t n;
    bool keep_open = false;
    const char *p = rl_line_buffer;

    rl_attempted_completion_over = 1; /* no file-name fallback */
    if (active == NULL || active->complete == NULL)
        return NULL;
    /* a space after a dot-command's word; none in Lua, where "(" or ")"
     * comes next */
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '.')
        rl_completion_append_character = '\0';
    list = active->complete(rl_line_buffer, start, end, text, active->complete_ctx,
                            &keep_open);
    if (keep_open)
        rl_completion_suppress_quote = 1;
    if (list == NULL || list[0] == NULL) {
        free(list);
        return NULL;
    }
    /* a directory: no closing quote or space, more will be typed */
    n = strlen(list[0]);
    if (list[1] == NULL && n > 0 && list[0][n - 1] == '/') {
        rl_completion_suppress_quote = 1;
        rl_completion_append_character = '\0';
    }
    return readline_matches(list);
}

/* where a word starts: after blanks for a dot-command's arguments (paths
 * hold '/' and '.'); inside a Lua string, right after its opening quote
 * (a path, a column name, an expression: the completer reads all of it);
 * after any Lua operator, '.' and ':' otherwise */
static char *
word_breaks(void)
{
    static char lua_breaks[] = " \t\n\"'`@$><=;|&{(,)}[]+-*/%^~#:.";
    static char command_breaks[] = " \t\n";
    static char string_breaks[] = "\"'";
    const char *p = rl_line_buffer;
    char quote = 0;
    int i;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '.')
        return command_breaks;
    for (i = 0; i < rl_point && rl_line_buffer[i] != '\0'; i++) {
        char c = rl_line_buffer[i];

        if (quote != 0 && c == '\\' && i + 1 < rl_point)
            i++;
        else if (quote != 0 && c == quote)
            quote = 0;
        else if (quote == 0 && (c == '"' || c == '\''))
            quote = c;
    }
    return quote != 0 ? string_breaks : lua_breaks;
}

ov_input *
ov_input_open_terminal(const char *history_path)
{
    ov_input *in = calloc(1, sizeof *in);

    if (in == NULL)
        return NULL;
    in->terminal = true;
    in->f = stdin;
    in->name = strdup("stdin");
    if (history_path != NULL)
        in->history_path = strdup(history_path);
    rl_readline_name = "oversight";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_attempted_completion_function = attempted_completion;
    /* Lua code has many of these inside words */
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,)}[]+-*/%^~#:.";
    rl_completion_word_break_hook = word_breaks;
    /* inside quotes the whole string is the word: column names, paths */
    rl_completer_quote_characters = "\"'";
    using_history();
    /* timestamps mark where each entry starts, so a multi-line chunk is
     * read back as one entry */
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    history_comment_char = '#'; /* timestamp lines are "#<seconds>" */
    if (in->history_path != NULL) {
        int e = read_history(in->history_path);

        /* none yet is normal; one that cannot be read is said, once */
        if (e != 0 && e != ENOENT)
            history_problem(in, "cannot read", e);
        /* trim with some slack, so it happens once in a while */
        if (history_length > HISTORY_MAX + HISTORY_MAX / 10)
            trim_history(in->history_path);
    }
    stifle_history(HISTORY_MAX);
    return in;
}

ov_input *
ov_input_open_file(FILE *f, const char *name)
{
    ov_input *in = calloc(1, sizeof *in);

    if (in == NULL)
        return NULL;
    in->f = f;
    in->name = strdup(name != NULL ? name : "stdin");
    if (in->name == NULL) {
        free(in);
        return NULL;
    }
    return in;
}

FILE *
ov_input_fopen(const char *path)
{
    FILE *f = fopen(path, "r");
    struct stat st;

    if (f != NULL && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

const char *
ov_input_error(const ov_input *in)
{
    return in->error[0] != '\0' ? in->error : NULL;
}

void
ov_input_close(ov_input *in)
{
    if (in == NULL)
        return;
    if (active == in)
        active = NULL;
    free(in->name);
    free(in->history_path);
    free(in);
}

bool
ov_input_is_terminal(const ov_input *in)
{
    return in->terminal;
}

const char *
ov_input_name(const ov_input *in)
{
    return in->name;
}

int
ov_input_lineno(const ov_input *in)
{
    return in->lineno;
}

void
ov_input_set_completion(ov_input *in, ov_complete_fn fn, void *ctx)
{
    in->complete = fn;
    in->complete_ctx = ctx;
}

/* ---- terminal: readline's callback interface ----
 * The handler stays installed while lines are read; each complete line is
 * handed to the consumer from inside on_line (the terminal is in its normal
 * mode then, so Ctrl-C and output behave as usual), and the prompt for the
 * next line is set before readline shows it. Removing the handler inside
 * on_line would make readline drop any type-ahead it has already gathered. */

static const struct ov_input_handler *cb_handler;
static bool cb_stop;

static void
on_line(char *line)
{
    const struct ov_input_handler *h = cb_handler;
    enum ov_feed next;

    if (line == NULL) {
        /* Ctrl-D: end the prompt line so the shell's prompt starts clean */
        fputc('\n', rl_outstream != NULL ? rl_outstream : stdout);
        cb_stop = true;
        rl_callback_handler_remove();
        h->eof(h->ctx);
        return;
    }
    active->lineno++;
    next = h->line(h->ctx, line);
    free(line);
    /* a Ctrl-C that came while the line ran has been dealt with */
    ov_interrupt_clear();
    if (next == OV_FEED_STOP) {
        cb_stop = true;
        rl_callback_handler_remove();
        return;
    }
    rl_set_prompt(h->prompt(h->ctx, next));
}

static void
run_terminal(ov_input *in, const struct ov_input_handler *h)
{
    int fd = fileno(rl_instream != NULL ? rl_instream : stdin);

    active = in;
    cb_handler = h;
    cb_stop = false;
    ov_interrupt_clear();
    rl_callback_handler_install(h->prompt(h->ctx, OV_FEED_PRIMARY), on_line);
    while (!cb_stop) {
        fd_set fds;
        int r;

        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        r = select(fd + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno != EINTR) {
                rl_callback_handler_remove();
                h->eof(h->ctx);
                break;
            }
            if (ov_interrupted()) {
                FILE *o = rl_outstream != NULL ? rl_outstream : stdout;

                /* Ctrl-C at the prompt: forget the line, start afresh */
                ov_interrupt_clear();
                rl_free_line_state();
                rl_callback_sigcleanup();
                rl_cleanup_after_signal();
                rl_callback_handler_remove();
                fputs("^C\n", o);
                fflush(o);
                h->interrupt(h->ctx);
                rl_callback_handler_install(h->prompt(h->ctx, OV_FEED_PRIMARY),
                                            on_line);
            }
            if (resized) {
                resized = 0;
                rl_resize_terminal();
            }
            continue;
        }
        rl_callback_read_char();
    }
    cb_handler = NULL;
    active = NULL;
}

/* ---- files and pipes: plain line reads ---- */

enum ov_line
ov_input_getline(FILE *f, char **buf, size_t *cap, size_t *len)
{
    size_t n = 0;
    enum ov_line st = OV_LINE_OK;
    int c = 0, e = 0;

    flockfile(f);
    for (;;) {
        /* before every byte, not every 64 KiB: a Ctrl-C that came between
         * two reads (no EINTR then) stops the next byte a slow pipe
         * sends, not the 65,536th (an atomic load costs nothing here) */
        if (ov_interrupted()) {
            st = OV_LINE_INTERRUPTED;
            break;
        }
        c = getc_unlocked(f);
        if (c == EOF) {
            if (!ferror(f)) {
                if (n == 0)
                    st = OV_LINE_EOF;
                break;
            }
            /* no SA_RESTART on SIGINT: a read waiting on a pipe ends with
             * EINTR, which is Ctrl-C or another signal to read through */
            if (errno == EINTR && !ov_interrupted()) {
                clearerr(f);
                continue;
            }
            e = errno;
            st = e == EINTR ? OV_LINE_INTERRUPTED : OV_LINE_ERROR;
            break;
        }
        if (c == '\n')
            break;
        if (n >= OV_INPUT_LINE_MAX) {
            st = OV_LINE_TOO_LONG;
            break;
        }
        if (n + 1 >= *cap) {
            size_t ncap = *cap < 256 ? 256 : *cap * 2;
            char *nb;

            if (ncap > OV_INPUT_LINE_MAX + 1)
                ncap = OV_INPUT_LINE_MAX + 1;
            nb = ov_realloc(*buf, ncap); /* counted against --max-memory */
            if (nb == NULL) {
                e = ENOMEM;
                st = OV_LINE_ERROR;
                break;
            }
            *buf = nb;
            *cap = ncap;
        }
        (*buf)[n++] = (char)c;
    }
    funlockfile(f);
    if (*buf != NULL)
        (*buf)[n] = '\0'; /* n < *cap: the buffer grows before it fills */
    *len = n;
    errno = e;
    return st;
}

void
ov_input_line_error(enum ov_line st, int err, const char *name, int lineno, char *msg,
                    size_t size)
{
    switch (st) {
    case OV_LINE_TOO_LONG:
        snprintf(msg, size,
                 "%s:%d: a line longer than %zu MiB, the longest oversight reads", name,
                 lineno, OV_INPUT_LINE_MAX >> 20);
        break;
    case OV_LINE_INTERRUPTED:
        snprintf(msg, size, "%s: interrupted at line %d", name, lineno);
        break;
    default:
        if (err == ENOMEM && ov_mem_limit() != 0) {
            char lim[32];

            ov_mem_format_size(lim, sizeof lim, ov_mem_limit());
            snprintf(msg, size,
                     "%s:%d: memory limit of %s reached reading the line (raise "
                     "it with --max-memory)",
                     name, lineno, lim);
        } else {
            snprintf(msg, size, "%s: cannot read: %s", name,
                     strerror(err != 0 ? err : EIO));
        }
    }
}

static void
run_file(ov_input *in, const struct ov_input_handler *h)
{
    char *buf = NULL;
    size_t cap = 0;

    for (;;) {
        size_t n;
        enum ov_line st;
        enum ov_feed next;

        errno = 0;
        st = ov_input_getline(in->f, &buf, &cap, &n);
        if (st != OV_LINE_OK) {
            if (st != OV_LINE_EOF)
                ov_input_line_error(st, errno, in->name, in->lineno + 1, in->error,
                                    sizeof in->error);
            h->eof(h->ctx);
            break;
        }
        if (n > 0 && buf[n - 1] == '\r')
            buf[--n] = '\0';
        in->lineno++;
        next = h->line(h->ctx, buf);
        /* a Ctrl-C that came while the line ran has been dealt with, as
         * at the terminal: the next line is read */
        ov_interrupt_clear();
        if (next == OV_FEED_STOP)
            break;
    }
    ov_free(buf);
}

void
ov_input_run(ov_input *in, const struct ov_input_handler *h)
{
    if (in->terminal)
        run_terminal(in, h);
    else
        run_file(in, h);
}

/* ---- history file ----
 * Format: readline's, with timestamps ("#<seconds>" then the entry's
 * lines), so a multi-line chunk reads back as one entry. Each entry is
 * appended with one write() on an O_APPEND descriptor and fsync'd at once:
 * a crash loses nothing, and two shells appending at the same time cannot
 * interleave inside an entry. Appends and the occasional trim take an
 * exclusive flock on "<history>.lock", so a trim never loses a concurrent
 * append. */

static int
lock_history(const char *path)
{
    char lock[4096];
    int fd;

    snprintf(lock, sizeof lock, "%s.lock", path);
    fd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static void
unlock_history(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
}

static void
append_entry(ov_input *in, const char *entry)
{
    const char *path = in->history_path;
    size_t n = strlen(entry);
    char *buf = malloc(n + 32);
    int lk, fd;
    size_t len;

    if (buf == NULL)
        return;
    len = (size_t)snprintf(buf, 32, "#%lld\n", (long long)time(NULL));
    memcpy(buf + len, entry, n);
    len += n;
    buf[len++] = '\n';
    lk = lock_history(path);
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        history_problem(in, "cannot write", errno);
    } else {
        ssize_t w = write(fd, buf, len);

        if (w != (ssize_t)len)
            history_problem(in, "cannot write", w < 0 ? errno : ENOSPC);
        else
            fsync(fd);
        close(fd);
    }
    unlock_history(lk);
    free(buf);
}

/* says, once a session, that the history file cannot be used: the
 * session goes on, but the user must know Up will not find this later */
static void
history_problem(ov_input *in, const char *what, int e)
{
    if (in->history_warned)
        return;
    in->history_warned = true;
    fprintf(stderr, "oversight: history: %s %s: %s\n", what, in->history_path,
            strerror(e));
}

/* keeps the newest HISTORY_MAX entries: written to a temporary file and
 * renamed over the old one, under the lock */
static void
trim_history(const char *path)
{
    char tmp[4096];
    int lk = lock_history(path);

    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    clear_history();
    read_history(path);
    if (history_length > HISTORY_MAX) {
        stifle_history(HISTORY_MAX);
        if (write_history(tmp) == 0 && rename(tmp, path) == 0)
            ;
        else
            unlink(tmp);
    }
    unlock_history(lk);
}

void
ov_input_add_history(ov_input *in, const char *entry)
{
    HIST_ENTRY *last;
    const char *p;

    if (!in->terminal)
        return;
    for (p = entry; *p == ' ' || *p == '\t' || *p == '\n'; p++)
        ;
    if (*p == '\0')
        return;
    last = history_get(history_base + history_length - 1);
    if (last != NULL && strcmp(last->line, entry) == 0)
        return;
    add_history(entry);
    if (in->history_path != NULL)
        append_entry(in, entry);
}

/* mkdir -p for the directory part of path */
static int
make_parents(char *path)
{
    char *p;

    for (p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            *p = '/';
            return -1;
        }
        *p = '/';
    }
    return 0;
}

char *
ov_input_default_history_path(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *tail = "/oversight/history";
    char *path;
    size_t n;

    if (state != NULL && state[0] == '/') {
        n = strlen(state) + strlen(tail) + 1;
        path = malloc(n);
        if (path == NULL)
            return NULL;
        snprintf(path, n, "%s%s", state, tail);
    } else if (home != NULL && home[0] != '\0') {
        n = strlen(home) + strlen("/.local/state") + strlen(tail) + 1;
        path = malloc(n);
        if (path == NULL)
            return NULL;
        snprintf(path, n, "%s/.local/state%s", home, tail);
    } else {
        return NULL;
    }
    if (make_parents(path) != 0) {
        free(path);
        return NULL;
    }
    return path;
}
