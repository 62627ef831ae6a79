/*
 * expr_parse.c - reading the expression language: the lexer and the
 * recursive-descent parser that make the tree (expr_int.h), with syntax
 * errors that show a caret under the place. Knows nothing of tables:
 * names are bound to columns later (expr_bind.c). Engine code: no Lua.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "expr_int.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suggest.h"

/* ---------------------------------------------------------------------
 * Errors with a caret under the place
 * --------------------------------------------------------------------- */

static ov_status syntax_error(struct ov_err *err, const char *src, size_t pos,
                              const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ov_status
syntax_error(struct ov_err *err, const char *src, size_t pos, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    size_t col = 0, i;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    for (i = 0; i < pos && src[i] != '\0'; i++)
        if (((unsigned char)src[i] & 0xC0) != 0x80)
            col++;
    return ov_err_set(err, OV_EPARSE, "%s at character %zu\n  %s\n  %*s^", what,
                      col + 1, src, (int)col, "");
}

/* ---------------------------------------------------------------------
 * Lexer
 * --------------------------------------------------------------------- */

enum tok {
    T_END,
    T_NUM,
    T_STR,
    T_NAME,
    T_LP,
    T_RP,
    T_COMMA,
    T_PLUS,
    T_MINUS,
    T_STAR,
    T_SLASH,
    T_PERCENT,
    T_EQ,
    T_NE,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_ASSIGN,
    T_AND,
    T_OR,
    T_NOT,
    T_IN,
    T_IS,
    T_NIL,
    T_TRUE,
    T_FALSE
};

struct lexer {
    const char *src;
    size_t pos;
    /* the current token */
    enum tok t;
    size_t tpos, tlen;
    bool quoted_name; /* a `backquoted` name */
    char *text;       /* string literal or name, unescaped (owned) */
    size_t textlen;
    bool is_float;
    int64_t i;
    double f;
    int depth; /* brackets, calls, 'not' and '-' open around the token */
};

/* Limits that keep the parser's and the evaluator's recursion far from the
 * end of the stack, whatever text a user or a fuzzer types. */
#define MAX_NESTING 200 /* brackets, calls, 'not' and '-' inside one another */
#define MAX_HEIGHT 1000 /* operations applied one to the result of another */

static const char *
tok_name(enum tok t)
{
    static const char *const names[] = {
        "the end", "a number", "a string", "a name", "'('",    "')'",    "','",
        "'+'",     "'-'",      "'*'",      "'/'",    "'%'",    "'=='",   "'~='",
        "'<'",     "'<='",     "'>'",      "'>='",   "'='",    "'and'",  "'or'",
        "'not'",   "'in'",     "'is'",     "'nil'",  "'true'", "'false'"};

    return names[t];
}

/* a number: 12, 1.5, .5, 2e3; a whole number too large for 64 bits is
 * read as a decimal one */
static ov_status
lex_number(struct lexer *lx, size_t p, struct ov_err *err)
{
    const char *s = lx->src;
    size_t q = p;
    char buf[64];

    while (isdigit((unsigned char)s[q]))
        q++;
    lx->is_float = false;
    if (s[q] == '.' && isdigit((unsigned char)s[q + 1])) {
        lx->is_float = true;
        q++;
        while (isdigit((unsigned char)s[q]))
            q++;
    }
    if ((s[q] == 'e' || s[q] == 'E') &&
        (isdigit((unsigned char)s[q + 1]) ||
         ((s[q + 1] == '+' || s[q + 1] == '-') && isdigit((unsigned char)s[q + 2])))) {
        lx->is_float = true;
        q += 2;
        while (isdigit((unsigned char)s[q]))
            q++;
    }
    if (isalpha((unsigned char)s[q]) || s[q] == '_')
        return syntax_error(err, s, q, "unexpected '%c' after a number", s[q]);
    if (q - p >= sizeof buf)
        return syntax_error(err, s, p, "number too long");
    memcpy(buf, s + p, q - p);
    buf[q - p] = '\0';
    if (!lx->is_float) {
        char *end;

        errno = 0;
        lx->i = strtoll(buf, &end, 10);
        if (errno != 0) {
            lx->is_float = true;
            lx->f = strtod(buf, NULL);
        }
    } else {
        lx->f = strtod(buf, NULL);
    }
    lx->t = T_NUM;
    lx->tlen = q - p;
    lx->pos = q;
    return OV_OK;
}

/* 'text', "text" or a `name`, with \' (the quote) and \\ escaped */
static ov_status
lex_quoted(struct lexer *lx, size_t p, struct ov_err *err)
{
    const char *s = lx->src;
    char q = s[p];
    size_t r = p + 1;
    ov_strbuf b = OV_STRBUF_INIT;

    for (;;) {
        if (s[r] == '\0') {
            ov_strbuf_free(&b);
            return syntax_error(err, s, p, "unterminated %s (expected a closing %c)",
                                q == '`' ? "name" : "string", q);
        }
        if (s[r] == '\\' && (s[r + 1] == q || s[r + 1] == '\\')) {
            ov_strbuf_putc(&b, s[r + 1]);
            r += 2;
            continue;
        }
        if (s[r] == q)
            break;
        ov_strbuf_putc(&b, s[r++]);
    }
    if (ov_strbuf_status(&b) != OV_OK)
        return ov_err_nomem(err, "reading an expression");
    lx->textlen = b.len;
    lx->text = ov_strbuf_take(&b);
    if (lx->text == NULL)
        return ov_err_nomem(err, "reading an expression");
    lx->t = q == '`' ? T_NAME : T_STR;
    lx->quoted_name = q == '`';
    lx->tlen = r + 1 - p;
    lx->pos = r + 1;
    return OV_OK;
}

/* a keyword or a name */
static ov_status
lex_word(struct lexer *lx, size_t p, struct ov_err *err)
{
    const char *s = lx->src;
    size_t q = p;
    static const struct {
        const char *w;
        enum tok t;
    } kw[] = {{"and", T_AND}, {"or", T_OR},   {"not", T_NOT},   {"in", T_IN},
              {"is", T_IS},   {"nil", T_NIL}, {"true", T_TRUE}, {"false", T_FALSE}};
    size_t k;

    while (isalnum((unsigned char)s[q]) || s[q] == '_' || (unsigned char)s[q] >= 0x80)
        q++;
    for (k = 0; k < sizeof kw / sizeof kw[0]; k++)
        if (strlen(kw[k].w) == q - p && memcmp(kw[k].w, s + p, q - p) == 0) {
            lx->t = kw[k].t;
            lx->tlen = q - p;
            lx->pos = q;
            return OV_OK;
        }
    lx->text = ov_strndup(s + p, q - p);
    if (lx->text == NULL)
        return ov_err_nomem(err, "reading an expression");
    lx->textlen = q - p;
    lx->t = T_NAME;
    lx->tlen = q - p;
    lx->pos = q;
    return OV_OK;
}

/* an operator or a bracket */
static ov_status
lex_symbol(struct lexer *lx, size_t p, struct ov_err *err)
{
    const char *s = lx->src;

    lx->tlen = 1;
    switch (s[p]) {
    case '(':
        lx->t = T_LP;
        break;
    case ')':
        lx->t = T_RP;
        break;
    case ',':
        lx->t = T_COMMA;
        break;
    case '+':
        lx->t = T_PLUS;
        break;
    case '-':
        lx->t = T_MINUS;
        break;
    case '*':
        lx->t = T_STAR;
        break;
    case '/':
        lx->t = T_SLASH;
        break;
    case '%':
        lx->t = T_PERCENT;
        break;
    case '=':
        if (s[p + 1] == '=') {
            lx->t = T_EQ;
            lx->tlen = 2;
        } else {
            lx->t = T_ASSIGN;
        }
        break;
    case '~':
    case '!':
        if (s[p + 1] != '=')
            return syntax_error(err, s, p, "unexpected '%c' (did you mean '%c='?)",
                                s[p], s[p]);
        lx->t = T_NE;
        lx->tlen = 2;
        break;
    case '<':
        if (s[p + 1] == '=') {
            lx->t = T_LE;
            lx->tlen = 2;
        } else if (s[p + 1] == '>') {
            lx->t = T_NE;
            lx->tlen = 2;
        } else {
            lx->t = T_LT;
        }
        break;
    case '>':
        if (s[p + 1] == '=') {
            lx->t = T_GE;
            lx->tlen = 2;
        } else {
            lx->t = T_GT;
        }
        break;
    default:
        return syntax_error(err, s, p, "unexpected character '%c'", s[p]);
    }
    lx->pos = p + lx->tlen;
    return OV_OK;
}

static ov_status
lex(struct lexer *lx, struct ov_err *err)
{
    const char *s = lx->src;
    size_t p = lx->pos;

    ov_free(lx->text);
    lx->text = NULL;
    lx->quoted_name = false;
    while (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')
        p++;
    lx->tpos = p;
    if (s[p] == '\0') {
        lx->t = T_END;
        lx->tlen = 0;
        lx->pos = p;
        return OV_OK;
    }
    if (isdigit((unsigned char)s[p]) ||
        (s[p] == '.' && isdigit((unsigned char)s[p + 1])))
        return lex_number(lx, p, err);
    if (s[p] == '\'' || s[p] == '"' || s[p] == '`')
        return lex_quoted(lx, p, err);
    if (isalpha((unsigned char)s[p]) || s[p] == '_' || (unsigned char)s[p] >= 0x80)
        return lex_word(lx, p, err);
    return lex_symbol(lx, p, err);
}

/* ---------------------------------------------------------------------
 * Parser
 * --------------------------------------------------------------------- */

static ov_status parse_or(struct lexer *lx, struct node **out, struct ov_err *err);
static ov_status binary(struct lexer *lx, enum kind k, int op, struct node *l,
                        struct node *r, struct node **out, struct ov_err *err);

static ov_status
expect_value(struct lexer *lx, struct ov_err *err, const char *after)
{
    if (lx->t == T_END)
        return syntax_error(err, lx->src, lx->tpos,
                            "expected a value after %s, found the end", after);
    return syntax_error(err, lx->src, lx->tpos, "expected a value after %s, found %s",
                        after, tok_name(lx->t));
}

/* makes a the next argument of n (on failure a is freed, or owned by n) */
static ov_status
add_arg(struct lexer *lx, struct node *n, struct node *a, struct ov_err *err)
{
    struct node **p = ov_realloc(n->args, (n->nargs + 1) * sizeof *p);

    if (p == NULL) {
        ov_expr_node_free(a);
        return ov_err_nomem(err, "reading an expression");
    }
    n->args = p;
    n->args[n->nargs++] = a;
    if (a->height + 1 > n->height)
        n->height = a->height + 1;
    if (n->height > MAX_HEIGHT)
        return syntax_error(
            err, lx->src, a->pos + a->len,
            "the expression chains more than %d operations; for a list of "
            "values use 'x in (a, b, c)', or build it in steps with mutate",
            MAX_HEIGHT);
    return OV_OK;
}

/* one more level of brackets, calls, 'not' or '-' at the current token */
static ov_status
nest(struct lexer *lx, struct ov_err *err)
{
    if (++lx->depth > MAX_NESTING)
        return syntax_error(
            err, lx->src, lx->tpos,
            "brackets, calls, 'not' and '-' nest more than %d deep here", MAX_NESTING);
    return OV_OK;
}

/* sets n->op to the function called n->s, or says there is none */
static ov_status
find_function(struct lexer *lx, struct node *n, size_t start, struct ov_err *err)
{
    size_t k;

    for (k = 0; k < NFNS && strcmp(ov_expr_fns[k].name, n->s) != 0; k++)
        ;
    if (k == NFNS && ov_expr_window_find(n->s) >= 0) {
        /* a window function: ov_query_window runs it (expr_window.c) */
        n->op = -1 - ov_expr_window_find(n->s);
        return OV_OK;
    }
    if (k == NFNS) {
        const char *names[NFNS];
        const char *best;
        size_t i;

        for (i = 0; i < NFNS; i++)
            names[i] = ov_expr_fns[i].name;
        best = ov_suggest(n->s, names, NFNS);
        return syntax_error(err, lx->src, start, "no function '%s'%s%s%s", n->s,
                            best ? "; did you mean '" : "", best ? best : "",
                            best ? "'?" : "");
    }
    n->op = (int)ov_expr_fns[k].fn;
    return OV_OK;
}

/* the arguments of a call of n (its name read, the current token '('),
 * up to and past the ')'; frees n on failure */
static ov_status
parse_call(struct lexer *lx, struct node *n, size_t start, struct node **out,
           struct ov_err *err)
{
    ov_status st;

    n->kind = N_CALL;
    if (strcmp(n->s, "if") != 0 && (st = find_function(lx, n, start, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    while (lx->t != T_RP) {
        struct node *a;

        if (lx->t == T_END) {
            st = syntax_error(err, lx->src, lx->tpos,
                              "expected ')' to close the call of %s", n->s);
            ov_expr_node_free(n);
            return st;
        }
        if ((st = parse_or(lx, &a, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
        if ((st = add_arg(lx, n, a, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
        if (lx->t == T_COMMA) {
            if ((st = lex(lx, err)) != OV_OK) {
                ov_expr_node_free(n);
                return st;
            }
            if (lx->t == T_RP) {
                ov_expr_node_free(n);
                return expect_value(lx, err, "','");
            }
        } else if (lx->t != T_RP) {
            st = syntax_error(err, lx->src, lx->tpos,
                              "expected ',' or ')' in the call of %s, found %s", n->s,
                              tok_name(lx->t));
            ov_expr_node_free(n);
            return st;
        }
    }
    n->len = lx->tpos + 1 - start;
    if (strcmp(n->s, "if") == 0) {
        /* if(c, a, b) is case when c then a else b end */
        if (n->nargs != 3) {
            st = syntax_error(err, lx->src, start,
                              "if takes 3 values, not %zu: if(condition, value, "
                              "else value)",
                              n->nargs);
            ov_expr_node_free(n);
            return st;
        }
        n->kind = N_CASE;
        n->b = false;
    }
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    *out = n;
    return OV_OK;
}

/* the current token is the bare word w (case's when, then, else, end:
 * words only where a value cannot go, so a column may still be called
 * 'when' or 'end') */
static bool
is_word(const struct lexer *lx, const char *w)
{
    return lx->t == T_NAME && !lx->quoted_name && strcmp(lx->text, w) == 0;
}

/* a copy of an unbound tree: the subject of a simple case, compared in
 * each 'when' */
static struct node *
copy_tree(const struct node *a)
{
    struct node *n = ov_expr_node_new(a->kind, a->pos);
    size_t k;

    if (n == NULL)
        return NULL;
    n->height = a->height;
    n->op = a->op;
    n->len = a->len;
    n->i = a->i;
    n->f = a->f;
    n->b = a->b;
    n->negate = a->negate;
    n->slen = a->slen;
    if (a->s != NULL) {
        n->s = ov_malloc(a->slen + 1);
        if (n->s == NULL) {
            ov_free(n);
            return NULL;
        }
        memcpy(n->s, a->s, a->slen + 1);
    }
    if (a->nargs > 0) {
        n->args = ov_calloc(a->nargs, sizeof *n->args);
        if (n->args == NULL) {
            ov_expr_node_free(n);
            return NULL;
        }
    }
    for (k = 0; k < a->nargs; k++) {
        if ((n->args[k] = copy_tree(a->args[k])) == NULL) {
            ov_expr_node_free(n);
            return NULL;
        }
        n->nargs++;
    }
    return n;
}

/* a value of a case, after 'when', 'then' or 'else' (the current token) */
static ov_status
case_value(struct lexer *lx, struct node *n, struct node *subject, struct ov_err *err)
{
    const char *what;
    struct node *v;
    ov_status st;

    what = is_word(lx, "when") ? "'when'" : is_word(lx, "then") ? "'then'" : "'else'";
    if ((st = lex(lx, err)) != OV_OK)
        return st;
    if (lx->t == T_END)
        return expect_value(lx, err, what);
    if ((st = parse_or(lx, &v, err)) != OV_OK)
        return st;
    if (subject != NULL) {
        /* case x when 'a': x == 'a' */
        struct node *x = copy_tree(subject);

        if (x == NULL) {
            ov_expr_node_free(v);
            return ov_err_nomem(err, "reading an expression");
        }
        if ((st = binary(lx, N_CMP, OP_EQ, x, v, &v, err)) != OV_OK)
            return st;
        v->pos = v->args[1]->pos;
        v->len = v->args[1]->len;
    }
    return add_arg(lx, n, v, err);
}

/* case [x] when c then v ... [else e] end, the current token the one
 * after 'case'; a missing else is nil */
static ov_status
parse_case(struct lexer *lx, size_t start, struct node **out, struct ov_err *err)
{
    struct node *n = ov_expr_node_new(N_CASE, start), *subject = NULL;
    ov_status st = OV_OK;

    if (n == NULL)
        return ov_err_nomem(err, "reading an expression");
    n->b = true;
    if (!is_word(lx, "when") && (st = parse_or(lx, &subject, err)) != OV_OK)
        goto fail;
    if (!is_word(lx, "when")) {
        st = syntax_error(err, lx->src, lx->tpos,
                          "expected 'when' after 'case'%s, found %s (case when "
                          "condition then value ... else value end)",
                          subject != NULL ? " and its value" : "", tok_name(lx->t));
        goto fail;
    }
    while (is_word(lx, "when")) {
        if ((st = case_value(lx, n, subject, err)) != OV_OK)
            goto fail;
        if (!is_word(lx, "then")) {
            st = syntax_error(err, lx->src, lx->tpos,
                              "expected 'then' after the 'when' condition, found %s",
                              tok_name(lx->t));
            goto fail;
        }
        if ((st = case_value(lx, n, NULL, err)) != OV_OK)
            goto fail;
    }
    if (is_word(lx, "else")) {
        if ((st = case_value(lx, n, NULL, err)) != OV_OK)
            goto fail;
    } else {
        struct node *nil = ov_expr_node_new(N_NIL, lx->tpos);

        if (nil == NULL) {
            st = ov_err_nomem(err, "reading an expression");
            goto fail;
        }
        nil->len = 0;
        if ((st = add_arg(lx, n, nil, err)) != OV_OK)
            goto fail;
    }
    if (!is_word(lx, "end")) {
        st = syntax_error(err, lx->src, lx->tpos,
                          "expected 'when', 'else' or 'end' to close the 'case' at "
                          "character %zu, found %s",
                          start + 1, tok_name(lx->t));
        goto fail;
    }
    n->len = lx->tpos + lx->tlen - start;
    if ((st = lex(lx, err)) != OV_OK)
        goto fail;
    ov_expr_node_free(subject);
    *out = n;
    return OV_OK;
fail:
    ov_expr_node_free(subject);
    ov_expr_node_free(n);
    return st;
}

/* a name that starts a value: the current token after 'case' */
static bool
starts_value(const struct lexer *lx)
{
    switch (lx->t) {
    case T_NUM:
    case T_STR:
    case T_NAME:
    case T_LP:
    case T_TRUE:
    case T_FALSE:
    case T_NIL:
    case T_NOT:
        return true;
    default:
        return false;
    }
}

static ov_status
parse_primary(struct lexer *lx, struct node **out, struct ov_err *err)
{
    struct node *n = NULL;
    ov_status st;
    size_t start = lx->tpos;

    *out = NULL;
    switch (lx->t) {
    case T_NUM:
        n = ov_expr_node_new(lx->is_float ? N_FLOAT : N_INT, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->i = lx->i;
        n->f = lx->f;
        break;
    case T_STR:
        n = ov_expr_node_new(N_STR, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->s = lx->text;
        n->slen = lx->textlen;
        lx->text = NULL;
        break;
    case T_TRUE:
    case T_FALSE:
        n = ov_expr_node_new(N_BOOL, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->b = lx->t == T_TRUE;
        break;
    case T_NIL:
        n = ov_expr_node_new(N_NIL, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        break;
    case T_LP:
        if ((st = lex(lx, err)) != OV_OK)
            return st;
        if (lx->t == T_RP || lx->t == T_END)
            return expect_value(lx, err, "'('");
        if ((st = parse_or(lx, &n, err)) != OV_OK)
            return st;
        if (lx->t != T_RP) {
            ov_expr_node_free(n);
            return syntax_error(err, lx->src, lx->tpos,
                                "expected ')' to close the '(' at "
                                "character %zu, found %s",
                                start + 1, tok_name(lx->t));
        }
        n->pos = start;
        n->len = lx->tpos + 1 - start;
        if ((st = lex(lx, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
        *out = n;
        return OV_OK;
    case T_NAME: {
        bool quoted = lx->quoted_name;

        n = ov_expr_node_new(N_COL, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->s = lx->text;
        n->slen = lx->textlen;
        lx->text = NULL;
        n->len = lx->tlen;
        if ((st = lex(lx, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
        if (!quoted && strcmp(n->s, "case") == 0 && starts_value(lx)) {
            ov_expr_node_free(n);
            if ((st = nest(lx, err)) == OV_OK)
                st = parse_case(lx, start, out, err);
            lx->depth--;
            return st;
        }
        if (!quoted && strcasecmp(n->s, "case") == 0 && lx->t == T_NAME &&
            !lx->quoted_name && strcasecmp(lx->text, "when") == 0) {
            st = syntax_error(err, lx->src, start,
                              "'%s' is written 'case' (case when ... then ... "
                              "else ... end, in lower case as 'and' and 'or' are)",
                              n->s);
            ov_expr_node_free(n);
            return st;
        }
        if (lx->t != T_LP || quoted) {
            *out = n;
            return OV_OK;
        }
        return parse_call(lx, n, start, out, err);
    }
    default:
        return syntax_error(err, lx->src, lx->tpos, "expected a value, found %s",
                            tok_name(lx->t));
    }
    n->len = lx->tlen;
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    *out = n;
    return OV_OK;
}

typedef ov_status (*parse_fn)(struct lexer *lx, struct node **out, struct ov_err *err);

/* a prefix operator ('-' or 'not') and its operand, parsed by `operand`;
 * -5 is folded into a literal */
static ov_status
parse_prefix(struct lexer *lx, enum kind k, const char *what, parse_fn operand,
             struct node **out, struct ov_err *err)
{
    size_t start = lx->tpos;
    struct node *n, *a;
    ov_status st;

    if ((st = lex(lx, err)) != OV_OK)
        return st;
    if (lx->t == T_END)
        return expect_value(lx, err, what);
    if ((st = nest(lx, err)) == OV_OK)
        st = operand(lx, &a, err);
    lx->depth--;
    if (st != OV_OK)
        return st;
    if (k == N_NEG && (a->kind == N_INT || a->kind == N_FLOAT)) {
        a->i = -a->i;
        a->f = -a->f;
        a->len += a->pos - start;
        a->pos = start;
        *out = a;
        return OV_OK;
    }
    n = ov_expr_node_new(k, start);
    if (n == NULL) {
        ov_expr_node_free(a);
        return ov_err_nomem(err, "reading an expression");
    }
    n->len = a->pos + a->len - start;
    if ((st = add_arg(lx, n, a, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    *out = n;
    return OV_OK;
}

static ov_status
parse_unary(struct lexer *lx, struct node **out, struct ov_err *err)
{
    if (lx->t == T_MINUS)
        return parse_prefix(lx, N_NEG, "'-'", parse_unary, out, err);
    return parse_primary(lx, out, err);
}

static ov_status
binary(struct lexer *lx, enum kind k, int op, struct node *l, struct node *r,
       struct node **out, struct ov_err *err)
{
    struct node *n = ov_expr_node_new(k, l->pos);

    if (n == NULL) {
        ov_expr_node_free(l);
        ov_expr_node_free(r);
        return ov_err_nomem(err, "reading an expression");
    }
    n->op = op;
    n->len = r->pos + r->len - l->pos;
    ov_status st;

    if ((st = add_arg(lx, n, l, err)) != OV_OK) {
        ov_expr_node_free(r);
        ov_expr_node_free(n);
        return st;
    }
    if ((st = add_arg(lx, n, r, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    *out = n;
    return OV_OK;
}

/* one level of left-associative operators: operands parsed by `next`,
 * joined while op_of(token) gives an operator (else -1) */
static ov_status
parse_chain(struct lexer *lx, struct node **out, struct ov_err *err, parse_fn next,
            enum kind k, int (*op_of)(enum tok))
{
    struct node *l, *r;
    ov_status st;
    int op;

    if ((st = next(lx, &l, err)) != OV_OK)
        return st;
    while ((op = op_of(lx->t)) >= 0) {
        const char *what = tok_name(lx->t);

        if ((st = lex(lx, err)) != OV_OK ||
            (lx->t == T_END && (st = expect_value(lx, err, what))) ||
            (st = next(lx, &r, err)) != OV_OK) {
            ov_expr_node_free(l);
            return st;
        }
        if ((st = binary(lx, k, op, l, r, &l, err)) != OV_OK)
            return st;
    }
    *out = l;
    return OV_OK;
}

static int
mul_op(enum tok t)
{
    return t == T_STAR ? OP_MUL : t == T_SLASH ? OP_DIV : t == T_PERCENT ? OP_MOD : -1;
}

static int
add_op(enum tok t)
{
    return t == T_PLUS ? OP_ADD : t == T_MINUS ? OP_SUB : -1;
}

static int
and_op(enum tok t)
{
    return t == T_AND ? 0 : -1;
}

static int
or_op(enum tok t)
{
    return t == T_OR ? 0 : -1;
}

static ov_status
parse_mul(struct lexer *lx, struct node **out, struct ov_err *err)
{
    return parse_chain(lx, out, err, parse_unary, N_ARITH, mul_op);
}

static ov_status
parse_add(struct lexer *lx, struct node **out, struct ov_err *err)
{
    return parse_chain(lx, out, err, parse_mul, N_ARITH, add_op);
}

/* "l in (a, b, c)" or "l not in (...)", the current token 'in' or 'not';
 * l is freed on failure, owned by *out on success */
static ov_status
parse_in(struct lexer *lx, struct node *l, size_t start, struct node **out,
         struct ov_err *err)
{
    ov_status st;
    bool negate = false;
    struct node *n;

    if (lx->t == T_NOT) {
        /* "x not in (...)" */
        struct lexer save = *lx;

        save.text = NULL;
        if ((st = lex(lx, err)) != OV_OK) {
            ov_expr_node_free(l);
            return st;
        }
        if (lx->t != T_IN) {
            ov_expr_node_free(l);
            return syntax_error(err, lx->src, save.tpos,
                                "unexpected 'not' (did you mean 'not in'?)");
        }
        negate = true;
    }
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(l);
        return st;
    }
    if (lx->t != T_LP) {
        ov_expr_node_free(l);
        return syntax_error(err, lx->src, lx->tpos,
                            "expected '(' and a list of values after 'in'");
    }
    n = ov_expr_node_new(N_IN, start);
    if (n == NULL) {
        ov_expr_node_free(l);
        return ov_err_nomem(err, "reading an expression");
    }
    n->negate = negate;
    if ((st = add_arg(lx, n, l, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    do {
        struct node *v;

        if ((st = lex(lx, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
        if ((st = parse_unary(lx, &v, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
        if (v->kind != N_INT && v->kind != N_FLOAT && v->kind != N_STR &&
            v->kind != N_BOOL) {
            st = syntax_error(err, lx->src, v->pos,
                              "'in' takes a list of literal values");
            ov_expr_node_free(v);
            ov_expr_node_free(n);
            return st;
        }
        if ((st = add_arg(lx, n, v, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
    } while (lx->t == T_COMMA);
    if (lx->t != T_RP) {
        ov_expr_node_free(n);
        return syntax_error(err, lx->src, lx->tpos,
                            "expected ',' or ')' in the list after 'in', found %s",
                            tok_name(lx->t));
    }
    n->len = lx->tpos + 1 - start;
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    *out = n;
    return OV_OK;
}

/* "l is nil" or "l is not nil", the current token 'is'; l is freed on
 * failure, owned by *out on success */
static ov_status
parse_isnil(struct lexer *lx, struct node *l, size_t start, struct node **out,
            struct ov_err *err)
{
    ov_status st;
    struct node *n = ov_expr_node_new(N_ISNIL, start);

    if (n == NULL) {
        ov_expr_node_free(l);
        return ov_err_nomem(err, "reading an expression");
    }
    if ((st = add_arg(lx, n, l, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    if (lx->t == T_NOT) {
        n->negate = true;
        if ((st = lex(lx, err)) != OV_OK) {
            ov_expr_node_free(n);
            return st;
        }
    }
    if (lx->t != T_NIL) {
        ov_expr_node_free(n);
        return syntax_error(
            err, lx->src, lx->tpos,
            "expected 'nil' after 'is' (as in 'x is nil' or 'x is not nil')");
    }
    n->len = lx->tpos + lx->tlen - start;
    if ((st = lex(lx, err)) != OV_OK) {
        ov_expr_node_free(n);
        return st;
    }
    *out = n;
    return OV_OK;
}

static ov_status
parse_cmp(struct lexer *lx, struct node **out, struct ov_err *err)
{
    struct node *l, *r;
    ov_status st;
    size_t start = lx->tpos;

    if ((st = parse_add(lx, &l, err)) != OV_OK)
        return st;
    if (lx->t == T_ASSIGN) {
        ov_expr_node_free(l);
        return syntax_error(err, lx->src, lx->tpos,
                            "'=' is not a comparison: write '==' to test equality");
    }
    if (lx->t >= T_EQ && lx->t <= T_GE) {
        static const int ops[] = {OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE};
        int op = ops[lx->t - T_EQ];
        const char *what = tok_name(lx->t);

        if ((st = lex(lx, err)) != OV_OK ||
            (lx->t == T_END && (st = expect_value(lx, err, what))) ||
            (st = parse_add(lx, &r, err)) != OV_OK) {
            ov_expr_node_free(l);
            return st;
        }
        if ((st = binary(lx, N_CMP, op, l, r, &l, err)) != OV_OK)
            return st;
        if (lx->t >= T_EQ && lx->t <= T_GE) {
            ov_expr_node_free(l);
            return syntax_error(err, lx->src, lx->tpos,
                                "comparisons do not chain: join them with 'and'");
        }
    } else if (lx->t == T_IN || (lx->t == T_NOT && lx->src[lx->pos] != '\0')) {
        return parse_in(lx, l, start, out, err);
    } else if (lx->t == T_IS) {
        return parse_isnil(lx, l, start, out, err);
    }
    *out = l;
    return OV_OK;
}

static ov_status
parse_not(struct lexer *lx, struct node **out, struct ov_err *err)
{
    if (lx->t == T_NOT)
        return parse_prefix(lx, N_NOT, "'not'", parse_not, out, err);
    return parse_cmp(lx, out, err);
}

static ov_status
parse_and(struct lexer *lx, struct node **out, struct ov_err *err)
{
    return parse_chain(lx, out, err, parse_not, N_AND, and_op);
}

/* a whole expression: at the top, in brackets, or as an argument */
static ov_status
parse_or(struct lexer *lx, struct node **out, struct ov_err *err)
{
    ov_status st;

    *out = NULL;
    if ((st = nest(lx, err)) == OV_OK)
        st = parse_chain(lx, out, err, parse_and, N_OR, or_op);
    lx->depth--;
    return st;
}

ov_status
ov_expr_parse(const char *src, ov_expr **out, struct ov_err *err)
{
    struct lexer lx;
    ov_expr *e;
    ov_status st;

    *out = NULL;
    memset(&lx, 0, sizeof lx);
    lx.src = src;
    e = ov_calloc(1, sizeof *e);
    if (e == NULL || (e->src = ov_strdup(src)) == NULL) {
        ov_free(e);
        return ov_err_nomem(err, "reading an expression");
    }
    lx.src = e->src;
    if ((st = lex(&lx, err)) != OV_OK)
        goto fail;
    if (lx.t == T_END) {
        st = ov_err_set(err, OV_EPARSE, "the expression is empty");
        goto fail;
    }
    if ((st = parse_or(&lx, &e->root, err)) != OV_OK)
        goto fail;
    if (lx.t != T_END) {
        if (lx.t == T_NAME || lx.t == T_NUM || lx.t == T_STR)
            st = syntax_error(
                err, lx.src, lx.tpos,
                "unexpected %s: is an operator (such as 'and' or '==') missing?",
                tok_name(lx.t));
        else
            st = syntax_error(err, lx.src, lx.tpos, "unexpected %s", tok_name(lx.t));
        goto fail;
    }
    ov_free(lx.text);
    *out = e;
    return OV_OK;
fail:
    ov_free(lx.text);
    ov_expr_free(e);
    return st;
}
