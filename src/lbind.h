/*
 * lbind.h - oversight's Lua surface: registers the globals and userdata
 * types (tables, columns, percentages) into a state. The lbind_*.c files
 * are the only ones that turn engine errors into Lua errors.
 * Lua layer (libovshell): knows the engine and Lua, not the shell; what it
 * needs of the terminal comes through struct ov_ui.
 */
#ifndef OV_LBIND_H
#define OV_LBIND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <lua.h>

#include "format.h"
#include "table.h"

/* What the Lua surface may do with the terminal; owned by the shell. */
struct ov_ui {
    bool interactive;           /* print a report after each load */
    bool progress;              /* draw progress bars on `notes` */
    bool auto_mode;             /* box on a terminal, plain otherwise */
    struct ov_fmt_opts display; /* how tables print (mode, rows, ...) */
    FILE *notes;                /* reports and progress: stderr */
};

/* Registers every oversight global and metatable in L. Raises a Lua error
 * (memory) on failure, so call it inside a protected call. */
void ov_lbind_open(lua_State *L);

/* Tells the Lua surface about the terminal (pointer kept, not copied). */
void ov_lbind_set_ui(lua_State *L, struct ov_ui *ui);

/* The ui set by ov_lbind_set_ui, or a quiet default. */
struct ov_ui *ov_lbind_ui(lua_State *L);

/* The display options for printing now: the ui's, with the mode resolved
 * and the width from COLUMNS or the terminal. */
void ov_lbind_display(lua_State *L, struct ov_fmt_opts *o);

/* ---- tables ---- */

/* Pushes a new, empty ("closed") table userdata and returns its slot, so
 * the engine table can be attached after the userdata exists and a memory
 * error cannot leak it. */
ov_table **ov_lbind_new_table(lua_State *L);

/* The table at idx; raises if it is not one or was closed. */
ov_table *ov_lbind_check_table(lua_State *L, int idx);

/* The table at idx, or NULL if it is not a table. */
ov_table *ov_lbind_test_table(lua_State *L, int idx);

/* Registers the table type and load_csv (lbind_table.c). */
void ov_lbind_table_open(lua_State *L);

/* Adds the query methods (where, group_by, ...) to the table method table
 * at index `methods` (lbind_query.c). */
void ov_lbind_query_open(lua_State *L, int methods);

/* Pushes the value of table row i, column j (nil when missing; dates as
 * ISO text). */
void ov_lbind_push_cell(lua_State *L, const ov_table *t, size_t j, size_t i);

/* Raises the Lua error for an engine failure: "fname: message", or
 * "interrupted" (no position) for OV_EINTR. */
int ov_lbind_error(lua_State *L, const char *fname, const struct ov_err *err);

#endif /* OV_LBIND_H */
