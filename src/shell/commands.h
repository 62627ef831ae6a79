/*
 * commands.h - dot-commands. One table drives dispatch, .help and
 * completion; a command exists exactly when it has a row there.
 * Shell layer.
 */
#ifndef OV_COMMANDS_H
#define OV_COMMANDS_H

#include <stddef.h>

struct ov_session;

enum ov_cmd_result {
    OV_CMD_OK,    /* done */
    OV_CMD_ERROR, /* failed; the handler has reported why */
    OV_CMD_EXIT   /* leave the session (.quit) */
};

/* What the arguments of a command are, for completion. */
enum ov_cmd_arg {
    OV_ARG_NONE,
    OV_ARG_COMMAND, /* a dot-command name (.help) */
    OV_ARG_FILE,    /* a path (and the words in `words`) */
    OV_ARG_TABLE,   /* the name of a table in the session */
    OV_ARG_WORDS    /* one of the words in `words` */
};

/* Where the REPL keeps the last table it printed (in the Lua registry),
 * for .chart. */
#define OV_LAST_RESULT "ov.last_result"

struct ov_command {
    const char *name; /* without the dot */
    enum ov_cmd_result (*run)(struct ov_session *s, int argc, char **argv);
    const char *usage; /* arguments, "" for none */
    const char *help;  /* one line */
    enum ov_cmd_arg arg;
    const char *const *words; /* for OV_ARG_WORDS, NULL-terminated */
};

/* The table, ending with a row whose name is NULL. */
extern const struct ov_command ov_commands[];

/* Finds a command by exact name (without the dot); NULL if none. */
const struct ov_command *ov_command_find(const char *name);

/* Runs one dot-command line (starting with '.'). Reports its own errors
 * through ov_session_error. */
enum ov_cmd_result ov_command_run(struct ov_session *s, const char *line);

/* Splits a command line into words: blanks separate, '…' and "…" quote.
 * Returns a malloc'd NULL-terminated array (free with ov_command_free_words)
 * and its length in *argc; NULL on an unterminated quote or no memory,
 * with a message in err (size errlen). */
char **ov_command_split(const char *line, int *argc, char *err, size_t errlen);
void ov_command_free_words(char **argv);

#endif /* OV_COMMANDS_H */
