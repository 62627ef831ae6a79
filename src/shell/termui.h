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

#endif /* OV_TERMUI_H */
