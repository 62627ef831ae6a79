/*
 * pager.c - long output at the prompt, a screen at a time, as more(1)
 * shows it: a stream (fopencookie) in front of the terminal that counts
 * the lines a statement prints and, when they fill the window, waits for
 * a key: Space shows the next screen, Enter one more line, q (or Ctrl-C)
 * drops the rest of what the statement prints. Each statement starts a
 * fresh count. Used only when both ends are a terminal (an interactive
 * session); scripts, pipes and .output files are never paged.
 */
#include "config.h"

#include "pager.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "termui.h"

struct pager {
    FILE *f;     /* the stream the session writes to */
    FILE *to;    /* the terminal */
    int keys;    /* where keys are read: the terminal's input */
    size_t rows; /* lines shown since the last key (or the statement) */
    bool quit;   /* q pressed: the rest of the statement's output dropped */
    bool on;
};

/* The window's height, or 0 when unknown. */
static size_t
window_rows(FILE *to)
{
    struct winsize ws;

    if (ioctl(fileno(to), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 2)
        return ws.ws_row;
    return 0;
}

/* The window is full: asks what next. */
static void
ask(struct pager *p, size_t height)
{
    static const char prompt[] =
        "\033[7m-- more: Space the next screen, Enter a line, q stops --\033[0m";
    int c;

    fputs(prompt, p->to);
    fflush(p->to);
    do
        c = ov_termui_read_key(p->keys); /* Ctrl-C: EOF, taken as q */
    while (c != EOF && c != ' ' && c != '\n' && c != '\r' && c != 'q' && c != 'Q');
    fputs("\r\033[K", p->to);
    if (c == EOF || c == 'q' || c == 'Q')
        p->quit = true;
    else if (c == ' ')
        p->rows = 0;
    else
        p->rows = height - 2;
}

static ssize_t
pager_write(void *cookie, const char *buf, size_t size)
{
    struct pager *p = cookie;
    size_t height = p->on ? window_rows(p->to) : 0, done = 0;

    while (done < size && !p->quit) {
        const char *nl = memchr(buf + done, '\n', size - done);
        size_t k = nl != NULL ? (size_t)(nl - (buf + done)) + 1 : size - done;

        if (fwrite(buf + done, 1, k, p->to) != k)
            return done > 0 ? (ssize_t)done : -1;
        done += k;
        if (nl != NULL && height > 0 && ++p->rows >= height - 1) {
            fflush(p->to);
            ask(p, height);
        }
    }
    fflush(p->to);
    return (ssize_t)size; /* what q dropped counts as written */
}

static int
pager_close(void *cookie)
{
    (void)cookie; /* freed by ov_pager_close, which closes the stream */
    return 0;
}

struct pager *
ov_pager_open(FILE *to, int keys)
{
    cookie_io_functions_t io = {NULL, pager_write, NULL, pager_close};
    struct pager *p = calloc(1, sizeof *p);

    if (p == NULL)
        return NULL;
    p->to = to;
    p->keys = keys;
    p->on = true;
    if ((p->f = fopencookie(p, "w", io)) == NULL) {
        free(p);
        return NULL;
    }
    setvbuf(p->f, NULL, _IOLBF, 0);
    return p;
}

FILE *
ov_pager_stream(struct pager *p)
{
    return p->f;
}

void
ov_pager_reset(struct pager *p)
{
    if (p == NULL)
        return;
    fflush(p->f);
    p->rows = 0;
    p->quit = false;
}

void
ov_pager_set(struct pager *p, bool on)
{
    if (p != NULL)
        p->on = on;
}

bool
ov_pager_on(const struct pager *p)
{
    return p != NULL && p->on;
}

void
ov_pager_close(struct pager *p)
{
    if (p == NULL)
        return;
    fclose(p->f);
    free(p);
}
