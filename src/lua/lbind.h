/*
 * lbind.h - oversight's Lua surface: its globals and userdata types, the
 * helpers the bindings share (lbind_aux.c) and their opener (lbind_open.c).
 * Lua layer (libovlua): the engine and Lua, not the shell; the terminal
 * only through struct ov_ui's callbacks, which the shell fills in.
 */
#ifndef OV_LBIND_H
#define OV_LBIND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <lua.h>

#include "format.h"
#include "loader.h"
#include "strbuf.h"
#include "table.h"

/* What the Lua surface may do with the terminal; owned by the shell. */
struct ov_ui {
    bool interactive;           /* print a report after each load */
    bool auto_mode;             /* box on a terminal, plain otherwise */
    bool bars;                  /* freq and crosstab results draw text bars */
    bool width_set;             /* display.width was given: not COLUMNS */
    struct ov_fmt_opts display; /* how tables print (mode, rows, ...) */
    FILE *notes;                /* reports and progress: stderr */
    FILE *out;                  /* what explain() and help() print: the
                                   session's output (NULL: stdout) */
    FILE *screen;               /* the terminal's stream when it is not
                                   stdout itself (the pager's), or NULL */
    /* The terminal, asked through the shell; a NULL callback means no
     * terminal: plain tables, the width in display, no progress bar. */
    bool (*stdout_is_terminal)(void); /* auto mode: box on a terminal */
    size_t (*terminal_width)(void);   /* columns for tables, 0 if unknown */
    /* draws the progress of loading `name` on `notes`, and clears it */
    void (*progress)(struct ov_ui *ui, const char *name, uint64_t done, uint64_t total);
    void (*progress_end)(struct ov_ui *ui);
};

/* The name of the table userdata's metatable in the registry (what Lua's
 * messages call its type, as liolib's "FILE*"). */
#define OV_LBIND_TABLE_MT "ov.Table"

/* Registers every oversight global and metatable in L (lbind_open.c).
 * Raises a Lua error (memory) on failure, so call it inside a protected
 * call. */
void ov_lbind_open_all(lua_State *L);

/* Registers the metatables the helpers use: buffers, memory blocks, and
 * the table userdata's life (__gc, __close) (lbind_aux.c). */
void ov_lbind_aux_open(lua_State *L);

/* Registers the `ov` table and print (lbind.c). */
void ov_lbind_ov_open(lua_State *L);

/* Lua's print, to the ui's `out` (NULL: stdout): the values' text
 * (tostring's: __tostring and __name), tab-separated, on one line,
 * flushed. A lua_CFunction. */
int ov_lbind_print(lua_State *L);

/* As print, but a plain Lua table is written out as Lua would read it
 * ({ "a", "b", n = 3 }; lbind_show.c): the REPL shows results through it. */
int ov_lbind_show(lua_State *L);

/* Tells the Lua surface about the terminal (pointer kept, not copied). */
void ov_lbind_set_ui(lua_State *L, struct ov_ui *ui);

/* The ui set by ov_lbind_set_ui, or a quiet default. */
struct ov_ui *ov_lbind_ui(lua_State *L);

/* The display options for printing now: the ui's, with the mode resolved
 * and the width from the ui's terminal_width (COLUMNS or the terminal). */
void ov_lbind_display(lua_State *L, struct ov_fmt_opts *o);

/* Whether the environment's locale is UTF-8 (LC_ALL, else LC_CTYPE, else
 * LANG, as setlocale reads them): if not, tables and charts are drawn in
 * ASCII. */
bool ov_lbind_utf8_locale(void);

/* Marks r to draw text bars for its column number col (the counts, the
 * Total) when the display option bars is on (freq and crosstab results). */
void ov_lbind_auto_bars(lua_State *L, ov_table *r, int col);

/* Pushes a text buffer (or n bytes of memory) owned by a userdata on the
 * stack: the collector frees it, so a Lua error cannot leak it. */
ov_strbuf *ov_lbind_new_buf(lua_State *L);
void *ov_lbind_new_mem(lua_State *L, size_t n);

/* Registers datasets, dataset and define, and ov.datadir and
 * ov.dataset_names when the bundled data is found (lbind_data.c). */
void ov_lbind_data_open(lua_State *L);

/* The directory of the bundled data: $OV_DATADIR, else the installed
 * package data, else the source tree's data/; NULL if none has it. */
const char *ov_lbind_datadir(void);

/* Registers pct, rate, change, pp, explain and check (lbind_stats.c). */
void ov_lbind_stats_open(lua_State *L);

/* The figure at idx (pct(...) and friends), or NULL. */
struct ov_figure *ov_lbind_test_figure(lua_State *L, int idx);

/* Registers ci and ratio, and the ratio type (lbind_infer.c). */
void ov_lbind_infer_open(lua_State *L);

/* ci(fig [, opts]), also the figure method fig:ci([opts]): lo, hi. */
int ov_lbind_ci(lua_State *L);

/* For explain(fig, opts): checks the options table at opts (absolute
 * index; its only option is ci = true or ci = { level =, method = }) and,
 * when an interval is asked for, appends its arithmetic to b. Raises a Lua
 * error for a bad option or a figure with no interval. */
void ov_lbind_explain_ci(lua_State *L, ov_strbuf *b, const struct ov_figure *f,
                         int opts);
/* Pushes a copy of f as a figure value. */
void ov_lbind_push_figure(lua_State *L, const struct ov_figure *f);

/* ---- tables ---- */

/* Pushes a new, empty table userdata and returns its slot, so the engine
 * table can be attached after the userdata exists and a memory error
 * cannot leak it (the collector frees what the slot holds).
 * A table userdata's memory is freed only by the collector's __gc, which
 * never runs while a C function has the userdata on its stack: __close,
 * or __gc called by hand, only close it. So a C function may keep using
 * the ov_table * it checked at its start while it calls back into Lua,
 * whatever the Lua code does to the table. */
ov_table **ov_lbind_new_table(lua_State *L);

/* The table at idx; raises "use of a closed table" if it is not one or
 * was closed (or waits for the collector's __gc). */
ov_table *ov_lbind_check_table(lua_State *L, int idx);

/* The table at idx, or NULL if it is not a usable table. */
ov_table *ov_lbind_test_table(lua_State *L, int idx);

/* t:sort(...) records its order and sorts when the table is first used,
 * so that head and tail can pick their rows without a whole sort: the new
 * table userdata at idx (from ov_lbind_new_table, nothing attached)
 * becomes the sort of the table userdata at src (which it pins) by
 * keys[0..n) (checked by the caller), step its provenance step. Any use
 * of the table (ov_lbind_check_table, ov_lbind_test_table) sorts first;
 * when that sort fails (out of memory, interrupted) check_table raises
 * its error and test_table gives NULL, the sort still waiting.
 * False when out of memory (nothing taken); raises nothing. */
bool ov_lbind_defer_sort(lua_State *L, int idx, int src, const char *const *keys,
                         size_t n, const char *step);

/* The sort still waiting in the table userdata at idx: its source table,
 * keys and step (borrowed from the userdata); false when the table has
 * its rows (or is not a usable table). */
bool ov_lbind_deferred_sort(lua_State *L, int idx, const ov_table **src,
                            const char *const **keys, size_t *n, const char **step);

/* True when the running C function was called by the collector as a
 * finalizer (__gc), false when Lua code or C called it by hand. */
bool ov_lbind_finalizing(lua_State *L);

/* Registers the table type's methods and load_csv (lbind_table.c). */
void ov_lbind_table_open(lua_State *L);

/* Registers write_xlsx (lbind_xlsx.c). */
void ov_lbind_xlsx_open(lua_State *L);

/* t:write(path [, opts]) for a path ending in .xlsx: the table as a
 * workbook (lbind_xlsx.c); t is at 1, path at 2, opts at 3. */
int ov_lbind_write_xlsx_table(lua_State *L);

/* Registers example() and new_table{} (lbind_build.c). */
void ov_lbind_build_open(lua_State *L);

/* Adds the query methods (where, group_by, ...) to the table method table
 * at index `methods` (lbind_query.c). */
void ov_lbind_query_open(lua_State *L, int methods);

/* Pushes the value of table row i, column j (nil when missing; dates as
 * ISO text; a cell of a percentage or rate column as its figure). */
void ov_lbind_push_cell(lua_State *L, const ov_table *t, size_t j, size_t i);

/* t:col(name) (lbind_column.c), and the column type's registration. */
int ov_lbind_col(lua_State *L);
void ov_lbind_column_open(lua_State *L);

/* Raises "KIND has no method 'fre'; did you mean 'freq'?", the names
 * taken from the method table at index `methods`. */
int ov_lbind_no_method(lua_State *L, const char *kind, int methods, const char *name);

/* Sorts the list of strings at idx in place, in byte order (Lua's order
 * for strings in the C locale). The C code of oversight never calls a
 * library function through a global (table.sort, table.concat): a script
 * can replace those. */
void ov_lbind_sort_names(lua_State *L, int idx);

/* Replaces the options table at idx (if it is a table) with a plain table
 * holding its fields named in `known` (NULL-terminated), each read once,
 * through any __index, before C takes a pointer into them. Reads from the
 * copy run no script code, so nothing a script does can free a string C
 * holds; the copy, on the stack, keeps the strings alive until the C
 * function returns. */
void ov_lbind_plain_options(lua_State *L, int idx, const char *const *known);

/* The string (or number) at idx as C text; raises "fname: WHAT holds a
 * NUL byte at character N" when it has one, as C would read only the part
 * before it. NULL (nothing raised) if the value is not a string or number. */
const char *ov_lbind_text(lua_State *L, int idx, const char *fname, const char *what);

/* As ov_lbind_text for argument idx, which must be a string (or a number,
 * as luaL_checkstring takes). */
const char *ov_lbind_checktext(lua_State *L, int idx, const char *fname,
                               const char *what);

/* Raises the Lua error for an engine failure: "fname: message", or
 * "interrupted" (no position) for OV_EINTR. */
int ov_lbind_error(lua_State *L, const char *fname, const struct ov_err *err);

/* ---- loading, shared by load_csv (lbind_table.c) and the sheet and
 * content loaders (lbind_sheet.c) ---- */

/* Raises "fname: unknown option 'x'; did you mean 'y'?" for a key of the
 * options table at idx not in known, then puts a plain copy in its place
 * (ov_lbind_plain_options). */
void ov_lbind_check_options(lua_State *L, int idx, const char *fname,
                            const char *const *known);
/* Option `name` of the options table at idx: a string (or NULL), a
 * boolean (or dflt); anything else raises naming fname. */
const char *ov_lbind_opt_string(lua_State *L, int idx, const char *fname,
                                const char *name);
int ov_lbind_opt_bool(lua_State *L, int idx, const char *fname, const char *name,
                      int dflt);
/* Option types ({ column = "int" }) of the options table at idx into
 * *out and *nout; what they point into is left on the stack. */
void ov_lbind_types_option(lua_State *L, int idx, const char *fname,
                           const struct ov_type_override **out, size_t *nout);
/* Prints the load report (when print) to the ui's notes and keeps it in
 * t's provenance, as load_csv does. */
void ov_lbind_load_report(lua_State *L, ov_table *t, const struct ov_load_report *rep,
                          bool print);
/* load_csv(path [, opts]) */
int ov_lbind_load_csv(lua_State *L);

/* t:chisq(...) and funnel(t, opts) (lbind_compare.c); after
 * ov_lbind_table_open */
void ov_lbind_compare_open(lua_State *L);

/* chart(t, opts) and t:chart(opts) (lbind_chart.c); after
 * ov_lbind_table_open */
void ov_lbind_chart_open(lua_State *L);

/* sheets(), load_sheet(), load() and the methods t:markers(), t:shown()
 * (lbind_sheet.c); after ov_lbind_table_open */
void ov_lbind_sheet_open(lua_State *L);

/* t:longer{...} and t:wider{...} (lbind_reshape.c); after
 * ov_lbind_table_open */
void ov_lbind_reshape_open(lua_State *L);

/* suppress() and t:suppress() (lbind_suppress.c); after ov_lbind_table_open */
void ov_lbind_suppress_open(lua_State *L);

/* t:recode(), t:recode_check() and t:audit() (lbind_recode.c); after
 * ov_lbind_table_open and the string library */
void ov_lbind_recode_open(lua_State *L);

/* load_sqlite() (lbind_sqlite.c). t:write() hands a path for which
 * ov_lbind_sqlite_path is true (.sqlite, .sqlite3, .db) to
 * ov_lbind_write_sqlite, which takes t:write's arguments (t, path
 * [, { table = ..., replace = ... }]) and returns what it returns. */
void ov_lbind_sqlite_open(lua_State *L);
bool ov_lbind_sqlite_path(const char *path);
int ov_lbind_write_sqlite(lua_State *L);

#endif /* OV_LBIND_H */
