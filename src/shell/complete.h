/*
 * complete.h - Tab completion candidates from the text of the line and the
 * session's globals (never by calling a function). Shell layer.
 */
#ifndef OV_COMPLETE_H
#define OV_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>

/* The candidates for `text`, the word that starts at byte `start` of
 * `line` (readline's word, quotes excluded): a malloc'd NULL-terminated
 * list of malloc'd strings, sorted, or NULL for none. Free with
 * ov_complete_free. *keep_open is set when the word is inside a string
 * that goes on (an expression: "year >= 20"), so no closing quote. */
char **ov_complete(lua_State *L, const char *line, size_t start, const char *text,
                   bool *keep_open);

void ov_complete_free(char **list);

#endif /* OV_COMPLETE_H */
