/*
 * repl.c - the read-evaluate-print loop (lua.c's doREPL, with dot-commands
 * and continuation lines), and the batch runners for files and -e chunks.
 */
#include "config.h"

#include "repl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "commands.h"
#include "luarun.h"
#include "strbuf.h"

#define PROMPT1 "ov> "
#define PROMPT2 "..> "

/* _PROMPT / _PROMPT2 override the prompts, as in lua.c */
static const char *
get_prompt(struct ov_session *s, bool first, char *buf, size_t n)
{
    const char *p;

    lua_getglobal(s->L, first ? "_PROMPT" : "_PROMPT2");
    p = lua_tostring(s->L, -1);
    snprintf(buf, n, "%s", p != NULL ? p : first ? PROMPT1 : PROMPT2);
    lua_pop(s->L, 1);
    return buf;
}

/* Prints the values from stack index `base` up, tab-separated (lua.c's
 * l_print, but to the session's output). */
static void
print_results(struct ov_session *s, int base)
{
    int top = lua_gettop(s->L), i;

    if (top < base)
        return;
    for (i = base; i <= top; i++) {
        size_t len;
        const char *text = ov_lua_tostring(s->L, i, &len);

        if (i > base)
            fputc('\t', s->out);
        fwrite(text, 1, len, s->out);
        lua_pop(s->L, 1);
    }
    fputc('\n', s->out);
    lua_settop(s->L, base - 1);
}

/* Reports the error message on top of the stack and pops it. */
static void
report_top(struct ov_session *s)
{
    const char *msg = lua_tostring(s->L, -1);

    ov_session_error(s, msg != NULL ? msg : "(error object is not a string)");
    lua_pop(s->L, 1);
}

/* Runs the compiled function on top of the stack and prints what it
 * returns. Returns true on success. */
static bool
run_and_print(struct ov_session *s)
{
    int base = lua_gettop(s->L); /* the function's slot = first result */

    if (ov_lua_docall(s->L, 0, LUA_MULTRET) != LUA_OK) {
        /* the terminal echoed "^C" where the cursor was */
        if (s->interactive && ov_lua_last_call_interrupted())
            fputc('\n', stderr);
        report_top(s);
        return false;
    }
    print_results(s, base);
    fflush(s->out);
    return true;
}

/* a dot-command starts with '.' and a letter: ".5" is Lua, not a command */
static bool
is_command(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return line[0] == '.' && isalpha((unsigned char)line[1]);
}

static bool
is_blank(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '\0';
}

/* the REPL's reading state, fed one line at a time by the input module */
struct repl {
    struct ov_session *s;
    ov_input *in;
    ov_strbuf chunk;     /* the statement read so far */
    int firstline;       /* its first line's number in the input */
    bool terminal;
    char chunkname[256];
    char prompt[128];
    int errors_before;
};

static bool
stop_for_error(struct repl *r)
{
    return r->s->bail && r->s->errors > r->errors_before;
}

static enum ov_feed
feed_line(void *ctx, const char *line)
{
    struct repl *r = ctx;
    struct ov_session *s = r->s;
    enum ov_compile c;

    if (r->chunk.len == 0) {
        if (is_blank(line))
            return OV_FEED_PRIMARY;
        if (is_command(line)) {
            enum ov_cmd_result cr;

            ov_input_add_history(r->in, line);
            cr = ov_command_run(s, line);
            if (cr == OV_CMD_EXIT || (cr == OV_CMD_ERROR && s->bail))
                return OV_FEED_STOP;
            return OV_FEED_PRIMARY;
        }
        r->firstline = r->terminal ? 1 : ov_input_lineno(r->in);
    } else {
        ov_strbuf_putc(&r->chunk, '\n');
    }
    ov_strbuf_puts(&r->chunk, line);
    if (ov_strbuf_status(&r->chunk) != OV_OK) {
        ov_strbuf_reset(&r->chunk);
        ov_session_error(s, "out of memory reading input");
        return stop_for_error(r) ? OV_FEED_STOP : OV_FEED_PRIMARY;
    }
    c = ov_lua_compile(s->L, r->chunk.data, r->chunk.len, r->chunkname,
                       r->firstline, OV_COMPILE_EXPR);
    if (c == OV_COMPILE_INCOMPLETE)
        return OV_FEED_CONTINUE;
    ov_input_add_history(r->in, r->chunk.data);
    ov_strbuf_reset(&r->chunk);
    if (c == OV_COMPILE_ERROR)
        report_top(s);
    else
        run_and_print(s);
    if (s->quit || stop_for_error(r))
        return OV_FEED_STOP;
    return OV_FEED_PRIMARY;
}

static void
feed_eof(void *ctx)
{
    struct repl *r = ctx;

    if (r->chunk.len == 0)
        return;
    /* an unfinished statement at end of input: say why it is unfinished
     * rather than dropping it */
    if (ov_lua_compile(r->s->L, r->chunk.data, r->chunk.len, r->chunkname,
                       r->firstline, OV_COMPILE_FINAL) == OV_COMPILE_OK)
        lua_pop(r->s->L, 1);
    else
        report_top(r->s);
    ov_strbuf_reset(&r->chunk);
}

static void
feed_interrupt(void *ctx)
{
    struct repl *r = ctx;

    ov_strbuf_reset(&r->chunk);
}

static const char *
feed_prompt(void *ctx, enum ov_feed kind)
{
    struct repl *r = ctx;

    fflush(r->s->out);
    return get_prompt(r->s, kind != OV_FEED_CONTINUE, r->prompt, sizeof r->prompt);
}

int
ov_repl_run(struct ov_session *s, ov_input *in)
{
    struct repl r;
    struct ov_input_handler h = {feed_line, feed_eof, feed_interrupt, feed_prompt,
                                 &r};

    memset(&r, 0, sizeof r);
    r.s = s;
    r.in = in;
    r.terminal = ov_input_is_terminal(in);
    r.firstline = 1;
    r.errors_before = s->errors;
    snprintf(r.chunkname, sizeof r.chunkname, "=%s", ov_input_name(in));
    ov_strbuf_init(&r.chunk);
    s->input = in;
    ov_input_run(in, &h);
    ov_strbuf_free(&r.chunk);
    s->input = NULL;
    fflush(s->out);
    return s->errors - r.errors_before;
}

bool
ov_run_file(struct ov_session *s, const char *path, char **args, int nargs)
{
    int i;

    if (ov_lua_loadfile(s->L, path) != LUA_OK) {
        report_top(s);
        return false;
    }
    luaL_checkstack(s->L, nargs, "too many arguments to script");
    for (i = 0; i < nargs; i++)
        lua_pushstring(s->L, args[i]);
    if (ov_lua_docall(s->L, nargs, 0) != LUA_OK) {
        report_top(s);
        return false;
    }
    fflush(s->out);
    return true;
}

bool
ov_run_string(struct ov_session *s, const char *chunk, const char *chunkname)
{
    if (luaL_loadbufferx(s->L, chunk, strlen(chunk), chunkname,
                         ov_lua_is_safe(s->L) ? "t" : "bt") != LUA_OK) {
        report_top(s);
        return false;
    }
    if (ov_lua_docall(s->L, 0, 0) != LUA_OK) {
        report_top(s);
        return false;
    }
    fflush(s->out);
    return true;
}
