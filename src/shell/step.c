/*
 * step.c - --step: a lesson, one statement at a time. The file is split
 * into its top-level statements first (each with the comments before it),
 * then each is shown and waits for a key: Enter (or space, or the right
 * arrow) runs it, b (or Backspace, or the left arrow) goes back a step to
 * show the one before again, q leaves. On a terminal one key press is
 * enough and the key line is wiped once answered; otherwise a line is read
 * per step (so that lessons can be tested from a pipe).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "input.h"
#include "luarun.h"
#include "ov_mem.h"
#include "repl.h"
#include "session.h"
#include "strbuf.h"
#include "termui.h"

struct step {
    char *notes; /* the comments before the statement, or NULL */
    char *code;
    int first; /* the line it starts on */
};

struct lesson {
    struct step *steps;
    size_t n;
    char read_error[600];
};

enum key { KEY_RUN, KEY_BACK, KEY_QUIT };

static bool
is_comment_or_blank(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '\0' || (line[0] == '-' && line[1] == '-');
}

static void
lesson_free(struct lesson *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ov_free(l->steps[i].notes);
        ov_free(l->steps[i].code);
    }
    ov_free(l->steps);
}

static bool
add_step(struct lesson *l, ov_strbuf *notes, ov_strbuf *chunk, int first)
{
    struct step *ns = ov_realloc(l->steps, (l->n + 1) * sizeof *ns);

    if (ns == NULL)
        return false;
    l->steps = ns;
    ns[l->n].notes = notes->len > 0 ? ov_strbuf_take(notes) : NULL;
    ns[l->n].code = ov_strbuf_take(chunk);
    ns[l->n].first = first;
    if (ns[l->n].code == NULL) {
        ov_free(ns[l->n].notes);
        return false;
    }
    l->n++;
    return true;
}

/* Splits the file into statements, as the prompt would read them. A read
 * that fails keeps the statements before it and says why in read_error. */
static bool
read_lesson(struct ov_session *s, FILE *f, const char *path, const char *chunkname,
            struct lesson *l)
{
    ov_strbuf notes = OV_STRBUF_INIT, chunk = OV_STRBUF_INIT;
    char *line = NULL;
    size_t cap = 0, len;
    int lineno = 0, first = 0;
    bool ok = true;

    for (;;) {
        enum ov_line st;

        errno = 0;
        st = ov_input_getline(f, &line, &cap, &len);
        if (st != OV_LINE_OK) {
            if (st != OV_LINE_EOF)
                ov_input_line_error(st, errno, path, lineno + 1, l->read_error,
                                    sizeof l->read_error);
            /* a statement cut short by a read that failed is not run */
            else if (chunk.len > 0 && !add_step(l, &notes, &chunk, first))
                ok = false;
            break;
        }
        lineno++;
        if (chunk.len == 0 && is_comment_or_blank(line)) {
            /* commentary shown with the statement that follows */
            if (notes.len > 0 || line[0] != '\0') {
                ov_strbuf_puts(&notes, line);
                ov_strbuf_putc(&notes, '\n');
            }
            continue;
        }
        if (chunk.len == 0)
            first = lineno;
        else
            ov_strbuf_putc(&chunk, '\n');
        ov_strbuf_puts(&chunk, line);
        if (ov_strbuf_status(&chunk) != OV_OK || ov_strbuf_status(&notes) != OV_OK) {
            ok = false;
            break;
        }
        if (ov_lua_compile(s->L, chunk.data, chunk.len, chunkname, first,
                           OV_COMPILE_EXPR) == OV_COMPILE_INCOMPLETE)
            continue;
        lua_pop(s->L, 1); /* compiled again when it is run */
        if (!add_step(l, &notes, &chunk, first)) {
            ok = false;
            break;
        }
    }
    ov_free(line);
    ov_strbuf_free(&notes);
    ov_strbuf_free(&chunk);
    return ok;
}

static enum key
wait_for_key(struct ov_session *s, FILE *keys, bool can_go_back)
{
    static const char ask[] = "\xe2\x94\x80\xe2\x94\x80 Enter runs it, b goes back, "
                              "q leaves \xe2\x94\x80\xe2\x94\x80 ";
    bool tty = isatty(fileno(keys));

    fputs(ask, s->out);
    fflush(s->out);
    for (;;) {
        int c;

        if (tty) {
            c = ov_termui_read_key(fileno(keys));
        } else {
            char buf[64];

            c = fgets(buf, sizeof buf, keys) != NULL ? (unsigned char)buf[0] : EOF;
        }
        if (c == 'b' || c == 'B' || c == 0x7f || c == '\b') {
            if (!can_go_back && tty)
                continue; /* nothing before the first step */
            c = can_go_back ? 'b' : '\n';
        }
        if (c == EOF || c == 'q' || c == 'Q' || c == '\n' || c == '\r' || c == ' ' ||
            c == 'b' || !tty) {
            /* wipe the key line on a terminal; end it otherwise */
            fputs(tty && isatty(fileno(s->out)) ? "\r\033[K" : "\n", s->out);
            if (c == EOF || c == 'q' || c == 'Q')
                return KEY_QUIT;
            return c == 'b' ? KEY_BACK : KEY_RUN;
        }
    }
}

static void
show_step(struct ov_session *s, const struct step *st)
{
    const char *p = st->code;
    bool firstline = true;

    fputc('\n', s->out);
    if (st->notes != NULL)
        fputs(st->notes, s->out);
    while (*p != '\0') {
        const char *e = strchr(p, '\n');
        size_t k = e != NULL ? (size_t)(e - p) : strlen(p);

        fprintf(s->out, "%s%.*s\n", firstline ? OV_PROMPT1 : OV_PROMPT2, (int)k, p);
        firstline = false;
        p += k + (e != NULL);
    }
}

/* Compiles step i again and runs it; true when it ran without error. */
static bool
run_step(struct ov_session *s, const struct step *st, const char *chunkname)
{
    if (ov_lua_compile(s->L, st->code, strlen(st->code), chunkname, st->first,
                       OV_COMPILE_EXPR | OV_COMPILE_FINAL) != OV_COMPILE_OK) {
        ov_session_report_top(s);
        return false;
    }
    return ov_repl_run_and_print(s) >= 0;
}

int
ov_repl_step(struct ov_session *s, const char *path, FILE *keys)
{
    FILE *f = ov_input_fopen(path);
    struct lesson l = {NULL, 0, ""};
    char chunkname[256];
    size_t i = 0;
    int failed = 0;
    bool left = false;

    if (f == NULL) {
        char msg[512];

        snprintf(msg, sizeof msg, "oversight: %s: cannot open: %s", path,
                 strerror(errno));
        ov_session_error(s, msg);
        return -1;
    }
    snprintf(chunkname, sizeof chunkname, "@%s", path);
    if (!read_lesson(s, f, path, chunkname, &l)) {
        ov_session_error(s, "oversight: out of memory reading the lesson");
        fclose(f);
        lesson_free(&l);
        return failed + 1;
    }
    fclose(f);
    while (i < l.n) {
        show_step(s, &l.steps[i]);
        switch (wait_for_key(s, keys, i > 0)) {
        case KEY_QUIT:
            left = true;
            break;
        case KEY_BACK:
            fputs("(back one step)\n", s->out);
            i--;
            continue;
        case KEY_RUN:
            if (!run_step(s, &l.steps[i], chunkname))
                failed++;
            i++;
            continue;
        }
        break;
    }
    lesson_free(&l);
    if (l.read_error[0] != '\0') {
        char msg[640];

        snprintf(msg, sizeof msg, "oversight: %s", l.read_error);
        ov_session_error(s, msg);
        return failed + 1;
    }
    if (!left)
        fputs("\n(the end of the lesson)\n", s->out);
    fflush(s->out);
    return failed;
}
