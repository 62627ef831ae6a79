/*
 * commands.c - the dot-command table and its handlers. Handlers stay thin:
 * they parse words and call the session or the Lua surface.
 */
#include "config.h"

#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "suggest.h"

static enum ov_cmd_result cmd_help(struct ov_session *s, int argc, char **argv);
static enum ov_cmd_result cmd_quit(struct ov_session *s, int argc, char **argv);

const struct ov_command ov_commands[] = {
    {"help", cmd_help, "[COMMAND]", "List dot-commands, or explain one",
     OV_ARG_COMMAND, NULL},
    {"quit", cmd_quit, "", "Leave oversight (Ctrl-D does the same)", OV_ARG_NONE,
     NULL},
    {NULL, NULL, NULL, NULL, OV_ARG_NONE, NULL},
};

const struct ov_command *
ov_command_find(const char *name)
{
    const struct ov_command *c;

    for (c = ov_commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void
usage_error(struct ov_session *s, const struct ov_command *c)
{
    char msg[256];

    snprintf(msg, sizeof msg, "usage: .%s %s", c->name, c->usage);
    ov_session_error(s, msg);
}

static enum ov_cmd_result
cmd_help(struct ov_session *s, int argc, char **argv)
{
    const struct ov_command *c;
    int width = 0;

    if (argc > 2) {
        usage_error(s, ov_command_find("help"));
        return OV_CMD_ERROR;
    }
    if (argc == 2) {
        const char *name = argv[1][0] == '.' ? argv[1] + 1 : argv[1];

        c = ov_command_find(name);
        if (c == NULL) {
            char msg[256];

            snprintf(msg, sizeof msg, ".help: no command .%s; .help lists them",
                     name);
            ov_session_error(s, msg);
            return OV_CMD_ERROR;
        }
        fprintf(s->out, ".%s%s%s\n    %s\n", c->name, c->usage[0] ? " " : "",
                c->usage, c->help);
        return OV_CMD_OK;
    }
    for (c = ov_commands; c->name != NULL; c++) {
        int w = (int)(strlen(c->name) + 1 + (c->usage[0] ? 1 + strlen(c->usage) : 0));

        if (w > width)
            width = w;
    }
    for (c = ov_commands; c->name != NULL; c++) {
        char head[128];

        snprintf(head, sizeof head, ".%s%s%s", c->name, c->usage[0] ? " " : "",
                 c->usage);
        fprintf(s->out, "%-*s  %s\n", width, head, c->help);
    }
    return OV_CMD_OK;
}

static enum ov_cmd_result
cmd_quit(struct ov_session *s, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        usage_error(s, ov_command_find("quit"));
        return OV_CMD_ERROR;
    }
    s->quit = true;
    return OV_CMD_EXIT;
}

void
ov_command_free_words(char **argv)
{
    char **p;

    if (argv == NULL)
        return;
    for (p = argv; *p != NULL; p++)
        free(*p);
    free(argv);
}

char **
ov_command_split(const char *line, int *argc, char *err, size_t errlen)
{
    size_t cap = 8, n = 0, len = strlen(line);
    char **v = malloc(cap * sizeof *v);
    char *word = malloc(len + 1);
    const char *p = line;

    if (v == NULL || word == NULL) {
        free(v);
        free(word);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (;;) {
        size_t w = 0;

        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            if (*p == '"' || *p == '\'') {
                char q = *p++;

                while (*p != '\0' && *p != q)
                    word[w++] = *p++;
                if (*p != q) {
                    snprintf(err, errlen, "unterminated %c quote", q);
                    free(word);
                    v[n] = NULL;
                    ov_command_free_words(v);
                    return NULL;
                }
                p++;
            } else {
                word[w++] = *p++;
            }
        }
        word[w] = '\0';
        if (n + 2 > cap) {
            char **nv = realloc(v, (cap *= 2) * sizeof *v);

            if (nv == NULL) {
                v[n] = NULL;
                ov_command_free_words(v);
                free(word);
                snprintf(err, errlen, "out of memory");
                return NULL;
            }
            v = nv;
        }
        v[n] = strdup(word);
        if (v[n] == NULL) {
            ov_command_free_words(v);
            free(word);
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
        n++;
    }
    v[n] = NULL;
    free(word);
    *argc = (int)n;
    return v;
}

enum ov_cmd_result
ov_command_run(struct ov_session *s, const char *line)
{
    char err[128];
    char msg[256];
    int argc = 0;
    char **argv;
    const struct ov_command *c;
    enum ov_cmd_result r;

    while (*line == ' ' || *line == '\t')
        line++;
    argv = ov_command_split(line + 1, &argc, err, sizeof err);

    if (argv == NULL) {
        snprintf(msg, sizeof msg, "%s: %s", line, err);
        ov_session_error(s, msg);
        return OV_CMD_ERROR;
    }
    if (argc == 0) {
        ov_command_free_words(argv);
        ov_session_error(s, "a lone '.' is not a command; .help lists them");
        return OV_CMD_ERROR;
    }
    c = ov_command_find(argv[0]);
    if (c == NULL) {
        const char *names[64];
        const char *best;
        size_t n = 0;

        for (c = ov_commands; c->name != NULL && n < 64; c++)
            names[n++] = c->name;
        best = ov_suggest(argv[0], names, n);
        if (best != NULL)
            snprintf(msg, sizeof msg,
                     "unknown command .%s; did you mean .%s? (.help lists them)",
                     argv[0], best);
        else
            snprintf(msg, sizeof msg, "unknown command .%s; .help lists them",
                     argv[0]);
        ov_command_free_words(argv);
        ov_session_error(s, msg);
        return OV_CMD_ERROR;
    }
    r = c->run(s, argc, argv);
    ov_command_free_words(argv);
    return r;
}
