/*
 * termui.c - the terminal facts and drawing the Lua layer may ask for
 * through struct ov_ui: isatty, the window size, and the ANSI escapes of
 * the load progress bar. Depends on the engine (sizes) and lbind.h's
 * struct only; the Lua layer never calls this file by name.
 */
#include "config.h"

#include "termui.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ov_mem.h"

static bool
stdout_is_terminal(void)
{
    return isatty(STDOUT_FILENO);
}

/* $COLUMNS, else the terminal's width when stdout is one; 0 if neither */
static size_t
terminal_width(void)
{
    const char *cols = getenv("COLUMNS");
    struct winsize ws;

    if (cols != NULL && atoi(cols) > 0)
        return (size_t)atoi(cols);
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

/* "loading NAME  42% [##########               ] 1.2 GB of 2.9 GB", drawn
 * over itself with \r and ended with erase-to-end-of-line */
static void
draw_progress(struct ov_ui *ui, const char *name, uint64_t done, uint64_t total)
{
    char a[32], b[32];
    int pct, bar, i;

    pct = (int)(done * 100 / total);
    bar = pct / 4;
    fprintf(ui->notes, "\rloading %s %3d%% [", name, pct);
    for (i = 0; i < 25; i++)
        fputc(i < bar ? '#' : ' ', ui->notes);
    ov_mem_format_size(a, sizeof a, (size_t)done);
    ov_mem_format_size(b, sizeof b, (size_t)total);
    fprintf(ui->notes, "] %s of %s\033[K", a, b);
    fflush(ui->notes);
}

static void
end_progress(struct ov_ui *ui)
{
    fputs("\r\033[K", ui->notes);
    fflush(ui->notes);
}

void
ov_termui_fill(struct ov_ui *ui)
{
    ui->stdout_is_terminal = stdout_is_terminal;
    ui->terminal_width = terminal_width;
    if (isatty(STDERR_FILENO)) {
        ui->progress = draw_progress;
        ui->progress_end = end_progress;
    }
}

int
ov_termui_read_key(int fd)
{
    struct termios old, raw;
    unsigned char c = 0;
    ssize_t n;

    if (tcgetattr(fd, &old) != 0)
        return EOF;
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &raw) != 0)
        return EOF;
    n = read(fd, &c, 1);       /* Ctrl-C: EINTR, said as EOF */
    if (n == 1 && c == 0x1b) { /* an arrow: ESC [ C or ESC [ D */
        unsigned char seq[2] = {0, 0};

        if (read(fd, &seq[0], 1) == 1 && seq[0] == '[' && read(fd, &seq[1], 1) == 1)
            c = seq[1] == 'D' ? 'b' : seq[1] == 'C' ? '\n' : 0;
        else
            c = 0;
    }
    tcsetattr(fd, TCSANOW, &old);
    return n == 1 ? c : EOF;
}
