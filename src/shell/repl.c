/*
 * repl.c - the read-evaluate-print loop (lua.c's doREPL, with dot-commands
 * and continuation lines), and --step. Whole files and -e chunks are
 * run.c's. Dispatches dot-commands; they reach this loop again (.read)
 * only through s->read_loop, so commands.c does not call it by name.
 */
#include "config.h"

#include "repl.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "clock.h"
#include "commands.h"
#include "luarun.h"
#include "ov_mem.h"
#include "pager.h"
#include "strbuf.h"
#include "tablenote.h"

#define PROMPT1 OV_PROMPT1
#define PROMPT2 OV_PROMPT2

/* _PROMPT / _PROMPT2 override the prompts, as in lua.c, but read raw
 * (no _G.__index, no __tostring: nothing of the script runs at the
 * prompt) and in a protected call (reading can allocate) */
struct prompt {
    const char *name;
    char *buf;
    size_t n;
};

static int
read_prompt(lua_State *L)
{
    struct prompt *p = lua_touserdata(L, 1);
    int t;

    lua_pushglobaltable(L);
    lua_pushstring(L, p->name);
    t = lua_rawget(L, -2);
    if (t == LUA_TSTRING || t == LUA_TNUMBER)
        snprintf(p->buf, p->n, "%s", lua_tostring(L, -1));
    return 0;
}

static const char *
get_prompt(struct ov_session *s, bool first, char *buf, size_t n)
{
    struct prompt p = {first ? "_PROMPT" : "_PROMPT2", buf, n};

    snprintf(buf, n, "%s", first ? PROMPT1 : PROMPT2);
    if (ov_lua_cpcall(s->L, read_prompt, &p, 0) != LUA_OK)
        lua_pop(s->L, 1);
    return buf;
}

/* Prints the values from stack index `base` up, tab-separated, and pops
 * them: as print does, plain Lua tables written out (ov_lbind_show, to
 * the session's output), in a protected call, as __tostring is the script's code.
 * Returns false, with the error reported, when it fails. */
static bool
print_results(struct ov_session *s, int base)
{
    ov_strbuf note = OV_STRBUF_INIT;
    struct ov_fmt_opts o;
    int i;

    if (lua_gettop(s->L) < base)
        return true;
    /* a table shown is kept for .chart (only the last: it holds memory) */
    if (luaL_testudata(s->L, base, OV_LBIND_TABLE_MT) != NULL) {
        lua_pushvalue(s->L, base);
        lua_setfield(s->L, LUA_REGISTRYINDEX, OV_LAST_RESULT);
    }
    /* a figure on few cases: tostring stays as it is, the prompt warns */
    ov_lbind_display(s->L, &o);
    for (i = base; i <= lua_gettop(s->L); i++) {
        struct ov_figure *f = ov_lbind_test_figure(s->L, i);

        if (f == NULL || note.len > 0)
            continue;
        ov_strbuf_printf(&note, "%s ", ov_small_marker(o.mode));
        if (!ov_small_figure(f, o.small, &note))
            ov_strbuf_reset(&note);
    }
    lua_pushcfunction(s->L, ov_lbind_show);
    lua_insert(s->L, base);
    if (ov_lua_docall(s->L, lua_gettop(s->L) - base, 0) != LUA_OK) {
        if (s->interactive && ov_lua_last_call_interrupted())
            fputc('\n', stderr);
        ov_session_report_top(s);
        lua_settop(s->L, base - 1);
        ov_strbuf_free(&note);
        return false;
    }
    lua_settop(s->L, base - 1);
    if (note.len > 0 && ov_strbuf_status(&note) == OV_OK)
        fprintf(s->out, "%s\n", ov_strbuf_cstr(&note));
    ov_strbuf_free(&note);
    return true;
}

int
ov_repl_run_and_print(struct ov_session *s)
{
    int base = lua_gettop(s->L); /* the function's slot = first result */
    double wall = ov_clock_now(), cpu = ov_clock_cpu();
    int status = ov_lua_docall(s->L, 0, LUA_MULTRET), n;

    wall = ov_clock_now() - wall;
    cpu = ov_clock_cpu() - cpu;
    if (s->timer && status != LUA_OK)
        fprintf(stderr, "time: %.3f s wall, %.3f s CPU\n", wall, cpu);
    if (status != LUA_OK) {
        /* the terminal echoed "^C" where the cursor was */
        if (s->interactive && ov_lua_last_call_interrupted())
            fputc('\n', stderr);
        ov_session_report_top(s);
        return -1;
    }
    n = lua_gettop(s->L) - base + 1;
    if (!print_results(s, base))
        return -1;
    fflush(s->out);
    if (s->timer)
        fprintf(stderr, "time: %.3f s wall, %.3f s CPU\n", wall, cpu);
    return n;
}

/* Whether the statement starts with `local`; its first name to buf. */
static bool
local_name(const char *src, char *buf, size_t size)
{
    size_t k = 0;

    while (*src == ' ' || *src == '\t' || *src == '\n')
        src++;
    if (strncmp(src, "local", 5) != 0 || isalnum((unsigned char)src[5]) ||
        src[5] == '_')
        return false;
    src += 5;
    while (*src == ' ' || *src == '\t')
        src++;
    if (strncmp(src, "function", 8) == 0 && (src[8] == ' ' || src[8] == '\t')) {
        src += 8;
        while (*src == ' ' || *src == '\t')
            src++;
    }
    while (buf != NULL && k + 1 < size &&
           (isalnum((unsigned char)src[k]) || src[k] == '_'))
        k++;
    if (buf != NULL && size > 0) {
        memcpy(buf, src, k);
        buf[k] = '\0';
    }
    return true;
}

/* At the prompt each statement is a chunk of its own: say so when one
 * makes a local, which is gone by the next line (lua.c is silent). */
static void
local_note(struct ov_session *s, const char *src)
{
    char name[64];

    if (s->interactive && local_name(src, name, sizeof name) && name[0] != '\0')
        fprintf(stderr,
                "(a local lasts for this statement only at the prompt: write %s = "
                "... to keep %s)\n",
                name, name);
}

/* .record: the statement as a script line that prints what the prompt
 * printed */
static void
record(struct ov_session *s, const char *src, bool expression, int printed)
{
    ov_strbuf b = OV_STRBUF_INIT;

    if (s->record_fd < 0)
        return;
    if (src[0] == '=')
        src++;
    if (expression && printed > 0)
        ov_strbuf_printf(&b, "print(%s)", src);
    else if (local_name(src, NULL, 0))
        /* a local lasts for its statement at the prompt: so it does in
         * the recording, which runs as one chunk */
        ov_strbuf_printf(&b, "do\n%s\nend", src);
    else
        ov_strbuf_puts(&b, src);
    if (ov_strbuf_status(&b) == OV_OK)
        ov_session_record(s, ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
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
    ov_strbuf chunk; /* the statement read so far */
    int firstline;   /* its first line's number in the input */
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
            ov_pager_reset(s->pager);
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
    c = ov_lua_compile(s->L, r->chunk.data, r->chunk.len, r->chunkname, r->firstline,
                       OV_COMPILE_EXPR);
    if (c == OV_COMPILE_INCOMPLETE)
        return OV_FEED_CONTINUE;
    ov_input_add_history(r->in, r->chunk.data);
    if (c == OV_COMPILE_ERROR) {
        ov_session_report_top(s);
    } else {
        bool expression = ov_lua_compiled_expression();
        int printed;

        ov_pager_reset(s->pager);
        printed = ov_repl_run_and_print(s);

        if (printed >= 0)
            record(s, r->chunk.data, expression, printed);
        local_note(s, r->chunk.data);
    }
    ov_strbuf_reset(&r->chunk);
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
    if (ov_lua_compile(r->s->L, r->chunk.data, r->chunk.len, r->chunkname, r->firstline,
                       OV_COMPILE_FINAL) == OV_COMPILE_OK)
        lua_pop(r->s->L, 1);
    else
        ov_session_report_top(r->s);
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

    s->read_loop = ov_repl_run; /* what .read runs (commands.h) */
    struct ov_input_handler h = {feed_line, feed_eof, feed_interrupt, feed_prompt, &r};

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
