/*
 * termui.h - the terminal side of struct ov_ui (lbind.h): whether results
 * go to a terminal, its width, and the load progress bar. The Lua layer
 * asks through the ui's callbacks and holds no terminal code itself.
 * Shell layer.
 */
#ifndef OV_TERMUI_H
#define OV_TERMUI_H

#include "lbind.h"

/* Fills in ui's terminal callbacks: stdout_is_terminal, terminal_width
 * ($COLUMNS, else the terminal's), and the progress bar on ui->notes
 * when standard error is a terminal (no bar otherwise). */
void ov_termui_fill(struct ov_ui *ui);

/* One key press from the terminal at fd, with no echo and no Enter: the
 * key, '\n' for the right arrow and 'b' for the left (ESC [ C, ESC [ D),
 * 0 for another escape sequence, EOF when none can be read (Ctrl-C
 * interrupting the read, end of input). For --step and the pager. */
int ov_termui_read_key(int fd);

#endif /* OV_TERMUI_H */
