/*
 * expr.c - the expression language: lexer, recursive-descent parser,
 * binding (names, types, dictionary work done once), and a block-at-a-time
 * evaluator. Engine code: no Lua.
 *
 * Evaluation: every node owns buffers for BLK rows. A column reference
 * points straight into the column when rows map one to one, else gathers.
 * A string value is a code into a dictionary the node knows at bind time,
 * so a predicate or function over strings (==, <, in, contains, lower, ...)
 * is worked out once per distinct string and applied per row as a table
 * lookup. Comparisons and logic yield plain true/false: a comparison with a
 * missing value is false, and a missing boolean counts as false.
 */
#include "config.h"

#include "expr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

#define BLK 1024

/* ---------------------------------------------------------------------
 * The tree
 * --------------------------------------------------------------------- */

enum kind {
    N_INT, N_FLOAT, N_STR, N_BOOL, N_NIL, /* literals */
    N_COL,                                /* a column */
    N_NEG, N_NOT,
    N_ARITH, N_CMP, N_AND, N_OR,
    N_IN, N_ISNIL,
    N_CALL
};

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

enum fn {
    F_LOWER, F_UPPER, F_TRIM, F_LENGTH, F_CONTAINS, F_STARTS_WITH, F_ENDS_WITH,
    F_YEAR, F_MONTH, F_COALESCE, F_ROUND, F_ABS, F_SUBSTR, F_NUMBER,
    /* aggregates */
    A_COUNT, A_COUNT_DISTINCT, A_SUM, A_MEAN, A_MEDIAN, A_MIN, A_MAX, A_PCT, A_SHARE
};

static const struct fninfo {
    const char *name;
    enum fn fn;
    int minargs, maxargs;
    const char *usage;
} fns[] = {
    {"lower", F_LOWER, 1, 1, "lower(text)"},
    {"upper", F_UPPER, 1, 1, "upper(text)"},
    {"trim", F_TRIM, 1, 1, "trim(text)"},
    {"length", F_LENGTH, 1, 1, "length(text)"},
    {"contains", F_CONTAINS, 2, 2, "contains(text, 'part')"},
    {"starts_with", F_STARTS_WITH, 2, 2, "starts_with(text, 'start')"},
    {"ends_with", F_ENDS_WITH, 2, 2, "ends_with(text, 'end')"},
    {"year", F_YEAR, 1, 1, "year(date)"},
    {"month", F_MONTH, 1, 1, "month(date)"},
    {"coalesce", F_COALESCE, 2, 16, "coalesce(x, y, ...)"},
    {"round", F_ROUND, 1, 2, "round(x [, decimals])"},
    {"abs", F_ABS, 1, 1, "abs(x)"},
    {"substr", F_SUBSTR, 2, 3, "substr(text, start [, length])"},
    {"number", F_NUMBER, 1, 1, "number(text)"},
    {"count", A_COUNT, 0, 0, "count()"},
    {"count_distinct", A_COUNT_DISTINCT, 1, 1, "count_distinct(x)"},
    {"sum", A_SUM, 1, 1, "sum(x)"},
    {"mean", A_MEAN, 1, 1, "mean(x)"},
    {"median", A_MEDIAN, 1, 1, "median(x)"},
    {"min", A_MIN, 1, 1, "min(x)"},
    {"max", A_MAX, 1, 1, "max(x)"},
    {"pct", A_PCT, 1, 1, "pct(condition)"},
    {"share", A_SHARE, 1, 1, "share(x)"},
};
#define NFNS (sizeof fns / sizeof fns[0])

/* value types during evaluation; VT_NULL is the literal nil */
enum vt { VT_INT, VT_FLOAT, VT_BOOL, VT_STR, VT_DATE, VT_NULL };

struct node;

/* per-group state of an aggregate */
/* a (group, value) pair in count_distinct's hash set: the value's 64 bits
 * whole, so that different values never count as one */
struct dkey {
    uint64_t v;
    uint32_t g1; /* group + 1; 0 marks an empty slot */
};

struct aggstate {
    size_t ngroups;
    int64_t *count;   /* values seen (or rows, for count and pct) */
    __int128 *isum;   /* whole-number sums: no overflow midway, checked at
                         the end against 64 bits */
    double *fsum, *fcomp; /* Neumaier sums */
    double *num;      /* pct: rows where true */
    int64_t *best;    /* min/max of ints, dates, codes (by rank) */
    double *fbest;
    uint8_t *seen;
    double total;     /* share: the sum over every row */
    double total_comp;
    /* count_distinct */
    uint64_t *bits;   /* ngroups x dictionary size bitmap */
    struct dkey *keys; /* or a hash set of (group, value) */
    size_t nkeys, capkeys;
    /* median: values gathered per group */
    double *vals;
    size_t nvals, capvals;
    uint32_t *vgroup;
    uint32_t *rank;   /* min/max of strings: rank of each dictionary entry */
};

struct node {
    enum kind kind;
    unsigned height;  /* 1 for a leaf, else 1 + the tallest argument */
    int op;           /* enum op, or enum fn for N_CALL */
    size_t pos, len;  /* where it is in the source */
    int64_t i;
    double f;
    char *s;          /* string literal, column or function name */
    size_t slen;
    bool b;
    bool negate;      /* N_IN: not in; N_ISNIL: is not nil */
    struct node **args;
    size_t nargs;
    /* bound */
    enum vt vt;
    int col;                 /* N_COL: column index */
    const ov_dict *dict;     /* VT_STR: the dictionary of the codes */
    ov_dict *owndict;        /* when the node made its dictionary */
    uint8_t *entry_bool;     /* per input dictionary entry: a predicate */
    uint32_t *entry_code;    /* per input dictionary entry: a new code */
    int64_t *entry_int;      /* per input dictionary entry: a number */
    double *entry_f;         /* per input dictionary entry: a decimal number */
    uint8_t *entry_miss;     /* per input dictionary entry: no value */
    uint32_t **arg_maps;     /* coalesce of strings: per argument */
    int64_t *set_i;          /* N_IN over numbers: whole numbers here, */
    double *set_f;           /* the rest (and dates, bools) here, */
    uint8_t *set_isint;      /* which of the two holds element k */
    size_t nset;
    bool percent;            /* the value is a percentage (pct, share) */
    struct aggstate *agg;
    bool is_agg;
    /* the current block's values */
    int64_t *vi;
    double *vf;
    uint8_t *vb;
    uint32_t *vs;
    int32_t *vd;
    uint8_t *miss;           /* NULL: none missing in this block */
    void *buf;               /* owned storage behind the pointers above */
    uint8_t *missbuf;
    bool constant;           /* literal: filled once */
};

struct ov_expr {
    char *src;
    struct node *root;
    const ov_table *bound;
    bool has_agg;
};

/* ---------------------------------------------------------------------
 * Errors with a caret under the place
 * --------------------------------------------------------------------- */

static ov_status
syntax_error(struct ov_err *err, const char *src, size_t pos, const char *fmt, ...)
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
    return ov_err_set(err, OV_EPARSE, "%s at character %zu\n  %s\n  %*s^", what, col + 1,
                      src, (int)col, "");
}

/* the node's text, for messages: "force", "'Essex'", "count()" */
static const char *
node_text(const char *src, const struct node *n, char *buf, size_t size)
{
    size_t len = n->len < size - 1 ? n->len : size - 1;

    memcpy(buf, src + n->pos, len);
    buf[len] = '\0';
    return buf;
}

static const char *
vt_name(enum vt t)
{
    switch (t) {
    case VT_INT:
        return "a whole number";
    case VT_FLOAT:
        return "a number";
    case VT_BOOL:
        return "true or false";
    case VT_STR:
        return "text";
    case VT_DATE:
        return "a date";
    default:
        return "nil";
    }
}

/* ---------------------------------------------------------------------
 * Lexer
 * --------------------------------------------------------------------- */

enum tok {
    T_END, T_NUM, T_STR, T_NAME, T_LP, T_RP, T_COMMA,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_ASSIGN,
    T_AND, T_OR, T_NOT, T_IN, T_IS, T_NIL, T_TRUE, T_FALSE
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
    int depth;        /* brackets, calls, 'not' and '-' open around the token */
};

/* Limits that keep the parser's and the evaluator's recursion far from the
 * end of the stack, whatever text a user or a fuzzer types. */
#define MAX_NESTING 200  /* brackets, calls, 'not' and '-' inside one another */
#define MAX_HEIGHT 1000  /* operations applied one to the result of another */

static const char *
tok_name(enum tok t)
{
    static const char *const names[] = {
        "the end", "a number", "a string", "a name", "'('", "')'", "','", "'+'", "'-'",
        "'*'", "'/'", "'%'", "'=='", "'~='", "'<'", "'<='", "'>'", "'>='", "'='",
        "'and'", "'or'", "'not'", "'in'", "'is'", "'nil'", "'true'", "'false'"};

    return names[t];
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
    if (isdigit((unsigned char)s[p]) || (s[p] == '.' && isdigit((unsigned char)s[p + 1]))) {
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
    if (s[p] == '\'' || s[p] == '"' || s[p] == '`') {
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
    if (isalpha((unsigned char)s[p]) || s[p] == '_' || (unsigned char)s[p] >= 0x80) {
        size_t q = p;
        static const struct {
            const char *w;
            enum tok t;
        } kw[] = {{"and", T_AND},   {"or", T_OR},   {"not", T_NOT},     {"in", T_IN},
                  {"is", T_IS},     {"nil", T_NIL}, {"true", T_TRUE},   {"false", T_FALSE}};
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
            return syntax_error(err, s, p, "unexpected '%c' (did you mean '%c='?)", s[p], s[p]);
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

/* ---------------------------------------------------------------------
 * Parser
 * --------------------------------------------------------------------- */

static void node_free(struct node *n);

static struct node *
new_node(enum kind k, size_t pos)
{
    struct node *n = ov_calloc(1, sizeof *n);

    if (n != NULL) {
        n->kind = k;
        n->pos = pos;
        n->col = -1;
        n->height = 1;
    }
    return n;
}

static ov_status parse_or(struct lexer *lx, struct node **out, struct ov_err *err);

static ov_status
expect_value(struct lexer *lx, struct ov_err *err, const char *after)
{
    if (lx->t == T_END)
        return syntax_error(err, lx->src, lx->tpos, "expected a value after %s, found the end",
                            after);
    return syntax_error(err, lx->src, lx->tpos, "expected a value after %s, found %s", after,
                        tok_name(lx->t));
}

/* makes a the next argument of n (on failure a is freed, or owned by n) */
static ov_status
add_arg(struct lexer *lx, struct node *n, struct node *a, struct ov_err *err)
{
    struct node **p = ov_realloc(n->args, (n->nargs + 1) * sizeof *p);

    if (p == NULL) {
        node_free(a);
        return ov_err_nomem(err, "reading an expression");
    }
    n->args = p;
    n->args[n->nargs++] = a;
    if (a->height + 1 > n->height)
        n->height = a->height + 1;
    if (n->height > MAX_HEIGHT)
        return syntax_error(err, lx->src, a->pos + a->len,
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
        return syntax_error(err, lx->src, lx->tpos,
                            "brackets, calls, 'not' and '-' nest more than %d deep here",
                            MAX_NESTING);
    return OV_OK;
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
        n = new_node(lx->is_float ? N_FLOAT : N_INT, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->i = lx->i;
        n->f = lx->f;
        break;
    case T_STR:
        n = new_node(N_STR, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->s = lx->text;
        n->slen = lx->textlen;
        lx->text = NULL;
        break;
    case T_TRUE:
    case T_FALSE:
        n = new_node(N_BOOL, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->b = lx->t == T_TRUE;
        break;
    case T_NIL:
        n = new_node(N_NIL, start);
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
            node_free(n);
            return syntax_error(err, lx->src, lx->tpos, "expected ')' to close the '(' at "
                                "character %zu, found %s", start + 1, tok_name(lx->t));
        }
        n->pos = start;
        n->len = lx->tpos + 1 - start;
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        *out = n;
        return OV_OK;
    case T_NAME: {
        bool quoted = lx->quoted_name;

        n = new_node(N_COL, start);
        if (n == NULL)
            return ov_err_nomem(err, "reading an expression");
        n->s = lx->text;
        n->slen = lx->textlen;
        lx->text = NULL;
        n->len = lx->tlen;
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        if (lx->t != T_LP || quoted) {
            *out = n;
            return OV_OK;
        }
        /* a function call */
        n->kind = N_CALL;
        {
            size_t k;

            for (k = 0; k < NFNS && strcmp(fns[k].name, n->s) != 0; k++)
                ;
            if (k == NFNS) {
                const char *names[NFNS];
                const char *best;
                size_t i;

                for (i = 0; i < NFNS; i++)
                    names[i] = fns[i].name;
                best = ov_suggest(n->s, names, NFNS);
                st = syntax_error(err, lx->src, start, "no function '%s'%s%s%s", n->s,
                                  best ? "; did you mean '" : "", best ? best : "",
                                  best ? "'?" : "");
                node_free(n);
                return st;
            }
            n->op = (int)fns[k].fn;
        }
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        while (lx->t != T_RP) {
            struct node *a;

            if (lx->t == T_END) {
                st = syntax_error(err, lx->src, lx->tpos,
                                  "expected ')' to close the call of %s", n->s);
                node_free(n);
                return st;
            }
            if ((st = parse_or(lx, &a, err)) != OV_OK) {
                node_free(n);
                return st;
            }
            if ((st = add_arg(lx, n, a, err)) != OV_OK) {
                node_free(n);
                return st;
            }
            if (lx->t == T_COMMA) {
                if ((st = lex(lx, err)) != OV_OK) {
                    node_free(n);
                    return st;
                }
                if (lx->t == T_RP) {
                    node_free(n);
                    return expect_value(lx, err, "','");
                }
            } else if (lx->t != T_RP) {
                st = syntax_error(err, lx->src, lx->tpos,
                                  "expected ',' or ')' in the call of %s, found %s", n->s,
                                  tok_name(lx->t));
                node_free(n);
                return st;
            }
        }
        n->len = lx->tpos + 1 - start;
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        *out = n;
        return OV_OK;
    }
    default:
        return syntax_error(err, lx->src, lx->tpos, "expected a value, found %s",
                            tok_name(lx->t));
    }
    n->len = lx->tlen;
    if ((st = lex(lx, err)) != OV_OK) {
        node_free(n);
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
    n = new_node(k, start);
    if (n == NULL) {
        node_free(a);
        return ov_err_nomem(err, "reading an expression");
    }
    n->len = a->pos + a->len - start;
    if ((st = add_arg(lx, n, a, err)) != OV_OK) {
        node_free(n);
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
binary(struct lexer *lx, enum kind k, int op, struct node *l, struct node *r, struct node **out,
       struct ov_err *err)
{
    struct node *n = new_node(k, l->pos);

    if (n == NULL) {
        node_free(l);
        node_free(r);
        return ov_err_nomem(err, "reading an expression");
    }
    n->op = op;
    n->len = r->pos + r->len - l->pos;
    ov_status st;

    if ((st = add_arg(lx, n, l, err)) != OV_OK) {
        node_free(r);
        node_free(n);
        return st;
    }
    if ((st = add_arg(lx, n, r, err)) != OV_OK) {
        node_free(n);
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

        if ((st = lex(lx, err)) != OV_OK || (lx->t == T_END && (st = expect_value(lx, err, what))) ||
            (st = next(lx, &r, err)) != OV_OK) {
            node_free(l);
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

static ov_status
parse_cmp(struct lexer *lx, struct node **out, struct ov_err *err)
{
    struct node *l, *r;
    ov_status st;
    size_t start = lx->tpos;

    if ((st = parse_add(lx, &l, err)) != OV_OK)
        return st;
    if (lx->t == T_ASSIGN) {
        node_free(l);
        return syntax_error(err, lx->src, lx->tpos,
                            "'=' is not a comparison: write '==' to test equality");
    }
    if (lx->t >= T_EQ && lx->t <= T_GE) {
        static const int ops[] = {OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE};
        int op = ops[lx->t - T_EQ];
        const char *what = tok_name(lx->t);

        if ((st = lex(lx, err)) != OV_OK || (lx->t == T_END && (st = expect_value(lx, err, what))) ||
            (st = parse_add(lx, &r, err)) != OV_OK) {
            node_free(l);
            return st;
        }
        if ((st = binary(lx, N_CMP, op, l, r, &l, err)) != OV_OK)
            return st;
        if (lx->t >= T_EQ && lx->t <= T_GE) {
            node_free(l);
            return syntax_error(err, lx->src, lx->tpos,
                                "comparisons do not chain: join them with 'and'");
        }
    } else if (lx->t == T_IN || (lx->t == T_NOT && lx->src[lx->pos] != '\0')) {
        bool negate = false;
        struct node *n;

        if (lx->t == T_NOT) {
            /* "x not in (...)" */
            struct lexer save = *lx;

            save.text = NULL;
            if ((st = lex(lx, err)) != OV_OK) {
                node_free(l);
                return st;
            }
            if (lx->t != T_IN) {
                node_free(l);
                return syntax_error(err, lx->src, save.tpos,
                                    "unexpected 'not' (did you mean 'not in'?)");
            }
            negate = true;
        }
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(l);
            return st;
        }
        if (lx->t != T_LP) {
            node_free(l);
            return syntax_error(err, lx->src, lx->tpos,
                                "expected '(' and a list of values after 'in'");
        }
        n = new_node(N_IN, start);
        if (n == NULL) {
            node_free(l);
            return ov_err_nomem(err, "reading an expression");
        }
        n->negate = negate;
        if ((st = add_arg(lx, n, l, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        do {
            struct node *v;

            if ((st = lex(lx, err)) != OV_OK) {
                node_free(n);
                return st;
            }
            if ((st = parse_unary(lx, &v, err)) != OV_OK) {
                node_free(n);
                return st;
            }
            if (v->kind != N_INT && v->kind != N_FLOAT && v->kind != N_STR &&
                v->kind != N_BOOL) {
                st = syntax_error(err, lx->src, v->pos, "'in' takes a list of literal values");
                node_free(v);
                node_free(n);
                return st;
            }
            if ((st = add_arg(lx, n, v, err)) != OV_OK) {
                node_free(n);
                return st;
            }
        } while (lx->t == T_COMMA);
        if (lx->t != T_RP) {
            node_free(n);
            return syntax_error(err, lx->src, lx->tpos,
                                "expected ',' or ')' in the list after 'in', found %s",
                                tok_name(lx->t));
        }
        n->len = lx->tpos + 1 - start;
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        l = n;
    } else if (lx->t == T_IS) {
        struct node *n = new_node(N_ISNIL, start);

        if (n == NULL) {
            node_free(l);
            return ov_err_nomem(err, "reading an expression");
        }
        if ((st = add_arg(lx, n, l, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        if (lx->t == T_NOT) {
            n->negate = true;
            if ((st = lex(lx, err)) != OV_OK) {
                node_free(n);
                return st;
            }
        }
        if (lx->t != T_NIL) {
            node_free(n);
            return syntax_error(err, lx->src, lx->tpos,
                                "expected 'nil' after 'is' (as in 'x is nil' or 'x is not nil')");
        }
        n->len = lx->tpos + lx->tlen - start;
        if ((st = lex(lx, err)) != OV_OK) {
            node_free(n);
            return st;
        }
        l = n;
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


static void
agg_free(struct aggstate *a)
{
    if (a == NULL)
        return;
    ov_free(a->count);
    ov_free(a->isum);
    ov_free(a->fsum);
    ov_free(a->fcomp);
    ov_free(a->num);
    ov_free(a->best);
    ov_free(a->fbest);
    ov_free(a->seen);
    ov_free(a->bits);
    ov_free(a->keys);
    ov_free(a->vals);
    ov_free(a->vgroup);
    ov_free(a->rank);
    ov_free(a);
}

/* frees what binding made, so a node can be bound again */
static void
unbind(struct node *n)
{
    size_t i;

    for (i = 0; i < n->nargs; i++)
        unbind(n->args[i]);
    ov_dict_unref(n->owndict);
    n->owndict = NULL;
    n->dict = NULL;
    ov_free(n->entry_bool);
    ov_free(n->entry_code);
    ov_free(n->entry_int);
    ov_free(n->entry_f);
    ov_free(n->entry_miss);
    n->entry_f = NULL;
    n->entry_bool = NULL;
    n->entry_code = NULL;
    n->entry_int = NULL;
    n->entry_miss = NULL;
    if (n->arg_maps != NULL) {
        for (i = 0; i < n->nargs; i++)
            ov_free(n->arg_maps[i]);
        ov_free(n->arg_maps);
        n->arg_maps = NULL;
    }
    ov_free(n->set_i);
    ov_free(n->set_f);
    ov_free(n->set_isint);
    n->set_i = NULL;
    n->set_f = NULL;
    n->set_isint = NULL;
    agg_free(n->agg);
    n->agg = NULL;
    ov_free(n->buf);
    ov_free(n->missbuf);
    n->buf = NULL;
    n->missbuf = NULL;
    n->col = -1;
}

static void
node_free(struct node *n)
{
    size_t i;

    if (n == NULL)
        return;
    unbind(n);
    for (i = 0; i < n->nargs; i++)
        node_free(n->args[i]);
    ov_free(n->args);
    ov_free(n->s);
    ov_free(n);
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
            st = syntax_error(err, lx.src, lx.tpos,
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

void
ov_expr_free(ov_expr *e)
{
    if (e == NULL)
        return;
    node_free(e->root);
    ov_free(e->src);
    ov_free(e);
}

/* ---------------------------------------------------------------------
 * Binding
 * --------------------------------------------------------------------- */

struct binder {
    const ov_table *t;
    const char *src;
    bool allow_agg;
    bool in_agg;    /* inside an aggregate's argument */
    bool has_agg;
    struct ov_err *err;
};

static enum vt
vt_of_type(ov_type t)
{
    switch (t) {
    case OV_INT:
        return VT_INT;
    case OV_FLOAT:
        return VT_FLOAT;
    case OV_BOOL:
        return VT_BOOL;
    case OV_DATE:
        return VT_DATE;
    default:
        return VT_STR;
    }
}

static bool
numeric(enum vt t)
{
    return t == VT_INT || t == VT_FLOAT;
}

/* allocates the node's block buffers for its type */
static ov_status
alloc_bufs(struct node *n, struct ov_err *err)
{
    size_t es;

    switch (n->vt) {
    case VT_INT:
        es = sizeof(int64_t);
        break;
    case VT_FLOAT:
        es = sizeof(double);
        break;
    case VT_BOOL:
        es = 1;
        break;
    case VT_STR:
        es = sizeof(uint32_t);
        break;
    case VT_DATE:
        es = sizeof(int32_t);
        break;
    default:
        es = 1;
    }
    n->buf = ov_calloc(BLK, es);
    n->missbuf = ov_calloc(BLK, 1);
    if (n->buf == NULL || n->missbuf == NULL)
        return ov_err_nomem(err, "preparing an expression");
    n->vi = n->buf;
    n->vf = n->buf;
    n->vb = n->buf;
    n->vs = n->buf;
    n->vd = n->buf;
    return OV_OK;
}

/* a dictionary with one string: a string literal's */
static ov_status
literal_dict(struct node *n, struct ov_err *err)
{
    uint32_t code;

    n->owndict = ov_dict_new();
    if (n->owndict == NULL || ov_dict_intern(n->owndict, n->s, n->slen, &code, NULL) != OV_OK)
        return ov_err_nomem(err, "preparing an expression");
    n->dict = n->owndict;
    return OV_OK;
}

/* reads a date literal for comparison with a date column: 'YYYY-MM-DD' or
 * any format the loader knows */
static bool
literal_date(const struct node *n, int32_t *days)
{
    int f;

    for (f = 0; f < OV_DATE_NFMT; f++)
        if (ov_parse_date(n->s, n->slen, (enum ov_datefmt)f, days))
            return true;
    return false;
}

static ov_status bind_node(struct binder *b, struct node *n);

static ov_status
bind_col(struct binder *b, struct node *n)
{
    int j = ov_table_find(b->t, n->s);

    if (j < 0) {
        const char *best = ov_suggest(n->s, ov_table_names(b->t), ov_table_ncols(b->t));

        if (best != NULL)
            return ov_err_set(b->err, OV_ENOTFOUND, "no column '%s'; did you mean '%s'?",
                              n->s, best);
        return ov_err_set(b->err, OV_ENOTFOUND, "no column '%s'", n->s);
    }
    if (b->allow_agg && !b->in_agg)
        return ov_err_set(b->err, OV_EINVAL,
                          "column '%s' is outside an aggregate: in agg{} every column must be "
                          "inside one, such as min(%s) or count_distinct(%s)",
                          n->s, n->s, n->s);
    n->col = j;
    n->vt = vt_of_type(ov_table_col(b->t, (size_t)j)->type);
    if (n->vt == VT_STR) {
        n->dict = ov_table_col(b->t, (size_t)j)->dict;
        if (n->dict->n == 0) {
            /* no text at all (every row missing): missing rows read code 0,
             * so code 0 must exist for the per-entry tables and row-by-row
             * comparisons built from this dictionary */
            uint32_t code;

            n->owndict = ov_dict_new();
            if (n->owndict == NULL || ov_dict_intern(n->owndict, "", 0, &code, NULL) != OV_OK)
                return ov_err_nomem(b->err, "preparing an expression");
            n->dict = n->owndict;
        }
    }
    return OV_OK;
}

/* string predicate of a node against a literal, per dictionary entry */
static bool
str_cmp_entry(int op, const char *a, size_t la, const char *bs, size_t lb)
{
    int c = memcmp(a, bs, la < lb ? la : lb);

    if (c == 0)
        c = la < lb ? -1 : la > lb ? 1 : 0;
    switch (op) {
    case OP_EQ:
        return c == 0;
    case OP_NE:
        return c != 0;
    case OP_LT:
        return c < 0;
    case OP_LE:
        return c <= 0;
    case OP_GT:
        return c > 0;
    default:
        return c >= 0;
    }
}

static int
flip(int op)
{
    switch (op) {
    case OP_LT:
        return OP_GT;
    case OP_LE:
        return OP_GE;
    case OP_GT:
        return OP_LT;
    case OP_GE:
        return OP_LE;
    default:
        return op;
    }
}

static ov_status
bind_cmp(struct binder *b, struct node *n)
{
    struct node *l = n->args[0], *r = n->args[1];
    char x[96], y[96];

    n->vt = VT_BOOL;
    if (l->vt == VT_NULL || r->vt == VT_NULL)
        return ov_err_set(b->err, OV_ETYPE,
                          "a comparison with nil is always false: to find missing values "
                          "write '%s is nil'",
                          node_text(b->src, l->vt == VT_NULL ? r : l, x, sizeof x));
    /* a date against a string literal: read the literal as a date */
    if (l->vt == VT_DATE && r->kind == N_STR) {
        int32_t d;

        if (!literal_date(r, &d))
            return ov_err_set(b->err, OV_ETYPE, "'%s' is not a date (write 'YYYY-MM-DD')",
                              r->s);
        r->kind = N_INT;
        r->i = d;
        r->vt = VT_DATE;
        unbind(r);
        return alloc_bufs(r, b->err);
    }
    if (r->vt == VT_DATE && l->kind == N_STR) {
        int32_t d;

        if (!literal_date(l, &d))
            return ov_err_set(b->err, OV_ETYPE, "'%s' is not a date (write 'YYYY-MM-DD')",
                              l->s);
        l->kind = N_INT;
        l->i = d;
        l->vt = VT_DATE;
        unbind(l);
        return alloc_bufs(l, b->err);
    }
    if (numeric(l->vt) && numeric(r->vt))
        return OV_OK;
    if (l->vt != r->vt)
        return ov_err_set(b->err, OV_ETYPE, "cannot compare %s (%s) with %s (%s)",
                          node_text(b->src, l, x, sizeof x), vt_name(l->vt),
                          node_text(b->src, r, y, sizeof y), vt_name(r->vt));
    if (l->vt == VT_BOOL && n->op != OP_EQ && n->op != OP_NE)
        return ov_err_set(b->err, OV_ETYPE, "true and false have no order: use == or ~=");
    if (l->vt == VT_STR) {
        /* text against a literal: decided once per distinct value */
        struct node *text = r->kind == N_STR ? l : r, *lit = r->kind == N_STR ? r : l;
        int op = r->kind == N_STR ? n->op : flip(n->op);
        uint32_t e;

        if (lit->kind != N_STR)
            return OV_OK; /* two texts: compared row by row */
        n->entry_bool = ov_malloc(text->dict->n ? text->dict->n : 1);
        if (n->entry_bool == NULL)
            return ov_err_nomem(b->err, "preparing an expression");
        for (e = 0; e < text->dict->n; e++) {
            size_t len;
            const char *s = ov_dict_str(text->dict, e, &len);

            n->entry_bool[e] = str_cmp_entry(op, s, len, lit->s, lit->slen);
        }
        /* the text side goes first */
        if (text == r) {
            n->args[0] = r;
            n->args[1] = l;
        }
        n->op = op;
    }
    return OV_OK;
}

static ov_status
bind_in(struct binder *b, struct node *n)
{
    struct node *x = n->args[0];
    size_t k;
    char buf[96];

    n->vt = VT_BOOL;
    for (k = 1; k < n->nargs; k++) {
        struct node *v = n->args[k];
        bool ok = (x->vt == VT_STR && v->kind == N_STR) ||
                  (numeric(x->vt) && (v->kind == N_INT || v->kind == N_FLOAT)) ||
                  (x->vt == VT_BOOL && v->kind == N_BOOL) ||
                  (x->vt == VT_DATE && v->kind == N_STR);

        if (!ok)
            return ov_err_set(b->err, OV_ETYPE, "%s is %s, but the list after 'in' holds %s",
                              node_text(b->src, x, buf, sizeof buf), vt_name(x->vt),
                              vt_name(v->vt));
    }
    if (x->vt == VT_STR) {
        uint32_t e;

        n->entry_bool = ov_calloc(x->dict->n ? x->dict->n : 1, 1);
        if (n->entry_bool == NULL)
            return ov_err_nomem(b->err, "preparing an expression");
        for (k = 1; k < n->nargs; k++) {
            e = ov_dict_find(x->dict, n->args[k]->s, n->args[k]->slen);
            if (e != OV_DICT_MAX)
                n->entry_bool[e] = 1;
        }
        return OV_OK;
    }
    n->nset = n->nargs - 1;
    n->set_f = ov_malloc(n->nset * sizeof *n->set_f);
    n->set_i = ov_calloc(n->nset, sizeof *n->set_i);
    n->set_isint = ov_calloc(n->nset, 1);
    if (n->set_f == NULL || n->set_i == NULL || n->set_isint == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    for (k = 1; k < n->nargs; k++) {
        struct node *v = n->args[k];

        if (x->vt == VT_DATE) {
            int32_t d;

            if (!literal_date(v, &d))
                return ov_err_set(b->err, OV_ETYPE, "'%s' is not a date", v->s);
            n->set_f[k - 1] = d;
        } else if (x->vt == VT_BOOL) {
            n->set_f[k - 1] = v->b;
        } else if (v->kind == N_INT) {
            /* whole numbers are compared as whole numbers (see in_set) */
            n->set_isint[k - 1] = 1;
            n->set_i[k - 1] = v->i;
            n->set_f[k - 1] = (double)v->i;
        } else {
            n->set_f[k - 1] = v->f;
        }
    }
    return OV_OK;
}

/* a new dictionary of f(entry) for each entry of `in`, and the map */
static ov_status
map_strings(struct binder *b, struct node *n, const ov_dict *in, enum fn f)
{
    uint32_t e;
    ov_strbuf s = OV_STRBUF_INIT;

    n->owndict = ov_dict_new();
    n->entry_code = ov_malloc((in->n ? in->n : 1) * sizeof *n->entry_code);
    if (n->owndict == NULL || n->entry_code == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    for (e = 0; e < in->n; e++) {
        size_t len, i, a = 0;
        const char *str = ov_dict_str(in, e, &len);

        ov_strbuf_reset(&s);
        if (f == F_TRIM) {
            while (a < len && isspace((unsigned char)str[a]))
                a++;
            while (len > a && isspace((unsigned char)str[len - 1]))
                len--;
            ov_strbuf_append(&s, str + a, len - a);
        } else {
            for (i = 0; i < len; i++)
                ov_strbuf_putc(&s, (char)(f == F_LOWER ? tolower((unsigned char)str[i])
                                                       : toupper((unsigned char)str[i])));
        }
        if (ov_strbuf_status(&s) != OV_OK ||
            ov_dict_intern(n->owndict, ov_strbuf_cstr(&s), s.len, &n->entry_code[e], NULL) !=
                OV_OK) {
            ov_strbuf_free(&s);
            return ov_err_nomem(b->err, "preparing an expression");
        }
    }
    ov_strbuf_free(&s);
    n->dict = n->owndict;
    return OV_OK;
}

/* substr: characters start.. (1-based), at most len of them (-1: all) */
static ov_status
map_substr(struct binder *b, struct node *n, const ov_dict *in, int64_t start, int64_t len)
{
    uint32_t e;

    n->owndict = ov_dict_new();
    n->entry_code = ov_malloc((in->n ? in->n : 1) * sizeof *n->entry_code);
    if (n->owndict == NULL || n->entry_code == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    for (e = 0; e < in->n; e++) {
        size_t slen, i = 0, from, to;
        const char *str = ov_dict_str(in, e, &slen);
        int64_t ch = 1;

        /* whole UTF-8 characters: skip start - 1 of them, keep len */
        while (i < slen && ch < start) {
            i++;
            while (i < slen && ((unsigned char)str[i] & 0xC0) == 0x80)
                i++;
            ch++;
        }
        from = i;
        for (ch = 0; i < slen && (len < 0 || ch < len); ch++) {
            i++;
            while (i < slen && ((unsigned char)str[i] & 0xC0) == 0x80)
                i++;
        }
        to = i;
        if (ov_dict_intern(n->owndict, str + from, to - from, &n->entry_code[e], NULL) !=
            OV_OK)
            return ov_err_nomem(b->err, "preparing an expression");
    }
    n->dict = n->owndict;
    return OV_OK;
}

/* number: each entry read as a whole number, or (if any is not) a decimal
 * one; text that is neither is missing */
static ov_status
map_numbers(struct binder *b, struct node *n, const ov_dict *in)
{
    uint32_t e;
    bool all_int = true;

    n->entry_int = ov_malloc((in->n ? in->n : 1) * sizeof *n->entry_int);
    n->entry_f = ov_malloc((in->n ? in->n : 1) * sizeof *n->entry_f);
    n->entry_miss = ov_malloc(in->n ? in->n : 1);
    if (n->entry_int == NULL || n->entry_f == NULL || n->entry_miss == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    for (e = 0; e < in->n; e++) {
        size_t len, a = 0;
        const char *s = ov_dict_str(in, e, &len);
        int64_t v;
        double f;

        while (a < len && isspace((unsigned char)s[a]))
            a++;
        while (len > a && isspace((unsigned char)s[len - 1]))
            len--;
        n->entry_miss[e] = 0;
        if (ov_parse_int(s + a, len - a, &v) || ov_parse_int_grouped(s + a, len - a, &v)) {
            n->entry_int[e] = v;
            n->entry_f[e] = (double)v;
        } else if (ov_parse_float(s + a, len - a, &f, NULL)) {
            n->entry_f[e] = f;
            all_int = false;
        } else {
            n->entry_miss[e] = 1;
        }
    }
    n->vt = all_int ? VT_INT : VT_FLOAT;
    return OV_OK;
}

/* year or month of a text that starts with a date (2016/01/01 00:00:00) */
static bool
text_date(const char *s, size_t n, int32_t *days)
{
    int f;

    if (n < 10)
        return false;
    for (f = 0; f < OV_DATE_NFMT; f++)
        if (ov_parse_date(s, 10, (enum ov_datefmt)f, days))
            return true;
    return false;
}

static ov_status
bind_call(struct binder *b, struct node *n)
{
    const struct fninfo *fi = NULL;
    size_t k;
    char buf[96];

    for (k = 0; k < NFNS; k++)
        if (fns[k].fn == (enum fn)n->op)
            fi = &fns[k];
    if ((int)n->nargs < fi->minargs || (int)n->nargs > fi->maxargs)
        return ov_err_set(b->err, OV_EINVAL, "%s takes %s: %s", fi->name,
                          fi->minargs == fi->maxargs
                              ? (fi->minargs == 0   ? "no arguments"
                                 : fi->minargs == 1 ? "one argument"
                                                    : "two arguments")
                              : "a different number of arguments",
                          fi->usage);
    if (n->op >= A_COUNT) {
        struct binder inner = *b;
        ov_status st;

        if (!b->allow_agg)
            return ov_err_set(b->err, OV_EINVAL,
                              "%s is an aggregate: it belongs in agg{} after group_by (or in "
                              "freq and crosstab), not here",
                              fi->usage);
        if (b->in_agg)
            return ov_err_set(b->err, OV_EINVAL, "aggregates cannot be nested: %s",
                              node_text(b->src, n, buf, sizeof buf));
        inner.in_agg = true;
        for (k = 0; k < n->nargs; k++)
            if ((st = bind_node(&inner, n->args[k])) != OV_OK)
                return st;
        b->has_agg = true;
        n->is_agg = true;
        switch ((enum fn)n->op) {
        case A_COUNT:
        case A_COUNT_DISTINCT:
            n->vt = VT_INT;
            break;
        case A_SUM:
            if (!numeric(n->args[0]->vt) && n->args[0]->vt != VT_BOOL)
                return ov_err_set(b->err, OV_ETYPE, "sum needs numbers, and %s is %s",
                                  node_text(b->src, n->args[0], buf, sizeof buf),
                                  vt_name(n->args[0]->vt));
            n->vt = n->args[0]->vt == VT_FLOAT ? VT_FLOAT : VT_INT;
            break;
        case A_MEAN:
        case A_MEDIAN:
            if (!numeric(n->args[0]->vt) && n->args[0]->vt != VT_BOOL)
                return ov_err_set(b->err, OV_ETYPE, "%s needs numbers, and %s is %s",
                                  fi->name, node_text(b->src, n->args[0], buf, sizeof buf),
                                  vt_name(n->args[0]->vt));
            n->vt = VT_FLOAT;
            break;
        case A_MIN:
        case A_MAX:
            if (n->args[0]->vt == VT_NULL)
                return ov_err_set(b->err, OV_ETYPE, "%s of nil", fi->name);
            n->vt = n->args[0]->vt;
            n->dict = n->args[0]->dict;
            break;
        case A_PCT:
            if (n->args[0]->vt != VT_BOOL)
                return ov_err_set(b->err, OV_ETYPE,
                                  "pct needs a condition, such as pct(outcome == 'Upheld'); "
                                  "%s is %s",
                                  node_text(b->src, n->args[0], buf, sizeof buf),
                                  vt_name(n->args[0]->vt));
            n->vt = VT_FLOAT;
            n->percent = true;
            break;
        case A_SHARE:
            if (!numeric(n->args[0]->vt))
                return ov_err_set(b->err, OV_ETYPE, "share needs numbers, and %s is %s",
                                  node_text(b->src, n->args[0], buf, sizeof buf),
                                  vt_name(n->args[0]->vt));
            n->vt = VT_FLOAT;
            n->percent = true;
            break;
        default:
            break;
        }
        return OV_OK;
    }
    for (k = 0; k < n->nargs; k++) {
        ov_status st = bind_node(b, n->args[k]);

        if (st != OV_OK)
            return st;
    }
    switch ((enum fn)n->op) {
    case F_LOWER:
    case F_UPPER:
    case F_TRIM:
        if (n->args[0]->vt != VT_STR)
            return ov_err_set(b->err, OV_ETYPE, "%s needs text, and %s is %s", fi->name,
                              node_text(b->src, n->args[0], buf, sizeof buf),
                              vt_name(n->args[0]->vt));
        n->vt = VT_STR;
        return map_strings(b, n, n->args[0]->dict, (enum fn)n->op);
    case F_LENGTH:
        if (n->args[0]->vt != VT_STR)
            return ov_err_set(b->err, OV_ETYPE, "length needs text, and %s is %s",
                              node_text(b->src, n->args[0], buf, sizeof buf),
                              vt_name(n->args[0]->vt));
        n->vt = VT_INT;
        {
            const ov_dict *d = n->args[0]->dict;
            uint32_t e;

            n->entry_int = ov_malloc((d->n ? d->n : 1) * sizeof *n->entry_int);
            if (n->entry_int == NULL)
                return ov_err_nomem(b->err, "preparing an expression");
            for (e = 0; e < d->n; e++) {
                size_t len;
                const char *s = ov_dict_str(d, e, &len);

                /* characters, not bytes */
                n->entry_int[e] = (int64_t)(len - (size_t)0);
                for (size_t i = 0; i < len; i++)
                    if (((unsigned char)s[i] & 0xC0) == 0x80)
                        n->entry_int[e]--;
            }
        }
        return OV_OK;
    case F_CONTAINS:
    case F_STARTS_WITH:
    case F_ENDS_WITH: {
        const ov_dict *d;
        const struct node *lit = n->args[1];
        uint32_t e;

        if (n->args[0]->vt != VT_STR || lit->kind != N_STR)
            return ov_err_set(b->err, OV_ETYPE, "%s needs text and a quoted string: %s",
                              fi->name, fi->usage);
        d = n->args[0]->dict;
        n->vt = VT_BOOL;
        n->entry_bool = ov_malloc(d->n ? d->n : 1);
        if (n->entry_bool == NULL)
            return ov_err_nomem(b->err, "preparing an expression");
        for (e = 0; e < d->n; e++) {
            size_t len;
            const char *s = ov_dict_str(d, e, &len);
            bool v;

            if (n->op == F_CONTAINS)
                v = lit->slen == 0 || memmem(s, len, lit->s, lit->slen) != NULL;
            else if (n->op == F_STARTS_WITH)
                v = len >= lit->slen && memcmp(s, lit->s, lit->slen) == 0;
            else
                v = len >= lit->slen && memcmp(s + len - lit->slen, lit->s, lit->slen) == 0;
            n->entry_bool[e] = v;
        }
        return OV_OK;
    }
    case F_YEAR:
    case F_MONTH:
        n->vt = VT_INT;
        if (n->args[0]->vt == VT_DATE)
            return OV_OK;
        if (n->args[0]->vt != VT_STR)
            return ov_err_set(b->err, OV_ETYPE, "%s needs a date, and %s is %s", fi->name,
                              node_text(b->src, n->args[0], buf, sizeof buf),
                              vt_name(n->args[0]->vt));
        {
            /* text that starts with a date, such as a timestamp */
            const ov_dict *d = n->args[0]->dict;
            uint32_t e;

            n->entry_int = ov_malloc((d->n ? d->n : 1) * sizeof *n->entry_int);
            n->entry_miss = ov_malloc(d->n ? d->n : 1);
            if (n->entry_int == NULL || n->entry_miss == NULL)
                return ov_err_nomem(b->err, "preparing an expression");
            for (e = 0; e < d->n; e++) {
                size_t len;
                const char *s = ov_dict_str(d, e, &len);
                int32_t days;
                int64_t y;
                unsigned m, dd;

                n->entry_miss[e] = !text_date(s, len, &days);
                if (n->entry_miss[e]) {
                    n->entry_int[e] = 0;
                    continue;
                }
                ov_civil_from_days(days, &y, &m, &dd);
                n->entry_int[e] = n->op == F_YEAR ? y : (int64_t)m;
            }
        }
        return OV_OK;
    case F_ROUND:
        if (!numeric(n->args[0]->vt) ||
            (n->nargs == 2 && n->args[1]->kind != N_INT))
            return ov_err_set(b->err, OV_ETYPE, "round needs a number and a whole number of "
                                                "decimals: round(x, 1)");
        n->vt = n->nargs == 1 && n->args[0]->vt == VT_INT ? VT_INT : VT_FLOAT;
        return OV_OK;
    case F_ABS:
        if (!numeric(n->args[0]->vt))
            return ov_err_set(b->err, OV_ETYPE, "abs needs a number, and %s is %s",
                              node_text(b->src, n->args[0], buf, sizeof buf),
                              vt_name(n->args[0]->vt));
        n->vt = n->args[0]->vt;
        return OV_OK;
    case F_SUBSTR:
        if (n->args[0]->vt != VT_STR)
            return ov_err_set(b->err, OV_ETYPE, "substr needs text, and %s is %s",
                              node_text(b->src, n->args[0], buf, sizeof buf),
                              vt_name(n->args[0]->vt));
        for (k = 1; k < n->nargs; k++)
            if (n->args[k]->kind != N_INT || (k == 1 && n->args[k]->i < 1))
                return ov_err_set(b->err, OV_EINVAL,
                                  "substr takes a start of 1 or more and a length as whole "
                                  "numbers: %s",
                                  fi->usage);
        n->vt = VT_STR;
        return map_substr(b, n, n->args[0]->dict, n->args[1]->i,
                          n->nargs == 3 ? n->args[2]->i : -1);
    case F_NUMBER:
        if (n->args[0]->vt != VT_STR)
            return ov_err_set(b->err, OV_ETYPE, "number needs text, and %s is %s",
                              node_text(b->src, n->args[0], buf, sizeof buf),
                              vt_name(n->args[0]->vt));
        return map_numbers(b, n, n->args[0]->dict);
    case F_COALESCE: {
        enum vt t = VT_NULL;

        for (k = 0; k < n->nargs; k++) {
            enum vt a = n->args[k]->vt;

            if (a == VT_NULL)
                continue;
            if (t == VT_NULL)
                t = a;
            else if (numeric(t) && numeric(a))
                t = t == VT_FLOAT || a == VT_FLOAT ? VT_FLOAT : VT_INT;
            else if (t != a)
                return ov_err_set(b->err, OV_ETYPE,
                                  "coalesce needs values of one type, and %s is %s",
                                  node_text(b->src, n->args[k], buf, sizeof buf),
                                  vt_name(a));
        }
        n->vt = t;
        if (t == VT_STR) {
            /* one dictionary for all arguments */
            n->owndict = ov_dict_new();
            n->arg_maps = ov_calloc(n->nargs, sizeof *n->arg_maps);
            if (n->owndict == NULL || n->arg_maps == NULL)
                return ov_err_nomem(b->err, "preparing an expression");
            for (k = 0; k < n->nargs; k++) {
                const ov_dict *d = n->args[k]->dict;
                uint32_t e;

                if (d == NULL)
                    continue;
                n->arg_maps[k] = ov_malloc((d->n ? d->n : 1) * sizeof **n->arg_maps);
                if (n->arg_maps[k] == NULL)
                    return ov_err_nomem(b->err, "preparing an expression");
                for (e = 0; e < d->n; e++) {
                    size_t len;
                    const char *s = ov_dict_str(d, e, &len);

                    if (ov_dict_intern(n->owndict, s, len, &n->arg_maps[k][e], NULL) != OV_OK)
                        return ov_err_nomem(b->err, "preparing an expression");
                }
            }
            n->dict = n->owndict;
        }
        return OV_OK;
    }
    default:
        return OV_OK;
    }
}

static ov_status
bind_node(struct binder *b, struct node *n)
{
    ov_status st;
    size_t k;
    char x[96], y[96];

    switch (n->kind) {
    case N_INT:
        n->vt = VT_INT;
        n->constant = true;
        break;
    case N_FLOAT:
        n->vt = VT_FLOAT;
        n->constant = true;
        break;
    case N_BOOL:
        n->vt = VT_BOOL;
        n->constant = true;
        break;
    case N_NIL:
        n->vt = VT_NULL;
        n->constant = true;
        break;
    case N_STR:
        n->vt = VT_STR;
        n->constant = true;
        if ((st = literal_dict(n, b->err)) != OV_OK)
            return st;
        break;
    case N_COL:
        if ((st = bind_col(b, n)) != OV_OK)
            return st;
        break;
    case N_CALL:
        if ((st = bind_call(b, n)) != OV_OK)
            return st;
        break;
    default:
        for (k = 0; k < n->nargs; k++)
            if ((st = bind_node(b, n->args[k])) != OV_OK)
                return st;
        switch (n->kind) {
        case N_NEG:
            if (!numeric(n->args[0]->vt))
                return ov_err_set(b->err, OV_ETYPE, "cannot negate %s (%s)",
                                  node_text(b->src, n->args[0], x, sizeof x),
                                  vt_name(n->args[0]->vt));
            n->vt = n->args[0]->vt;
            break;
        case N_NOT:
            if (n->args[0]->vt != VT_BOOL)
                return ov_err_set(b->err, OV_ETYPE, "'not' needs a condition, and %s is %s",
                                  node_text(b->src, n->args[0], x, sizeof x),
                                  vt_name(n->args[0]->vt));
            n->vt = VT_BOOL;
            break;
        case N_AND:
        case N_OR:
            for (k = 0; k < 2; k++)
                if (n->args[k]->vt != VT_BOOL)
                    return ov_err_set(b->err, OV_ETYPE,
                                      "'%s' joins conditions, and %s is %s (compare it, as in "
                                      "%s == ...)",
                                      n->kind == N_AND ? "and" : "or",
                                      node_text(b->src, n->args[k], x, sizeof x),
                                      vt_name(n->args[k]->vt),
                                      node_text(b->src, n->args[k], y, sizeof y));
            n->vt = VT_BOOL;
            break;
        case N_ARITH: {
            enum vt l = n->args[0]->vt, r = n->args[1]->vt;

            if (l == VT_DATE && r == VT_DATE && n->op == OP_SUB) {
                n->vt = VT_INT; /* days between */
            } else if (l == VT_DATE && r == VT_INT && (n->op == OP_ADD || n->op == OP_SUB)) {
                n->vt = VT_DATE;
            } else if (!numeric(l) || !numeric(r)) {
                const struct node *bad = numeric(l) ? n->args[1] : n->args[0];

                return ov_err_set(b->err, OV_ETYPE, "arithmetic needs numbers, and %s is %s",
                                  node_text(b->src, bad, x, sizeof x),
                                  vt_name(bad->vt));
            } else if (n->op == OP_DIV) {
                n->vt = VT_FLOAT; /* always real division */
            } else {
                n->vt = l == VT_INT && r == VT_INT ? VT_INT : VT_FLOAT;
            }
            break;
        }
        case N_CMP:
            if ((st = bind_cmp(b, n)) != OV_OK)
                return st;
            break;
        case N_IN:
            if ((st = bind_in(b, n)) != OV_OK)
                return st;
            break;
        case N_ISNIL:
            n->vt = VT_BOOL;
            break;
        default:
            break;
        }
    }
    return n->buf != NULL ? OV_OK : alloc_bufs(n, b->err);
}

ov_status
ov_expr_bind(ov_expr *e, const ov_table *t, bool allow_agg, struct ov_err *err)
{
    struct binder b = {t, e->src, allow_agg, false, false, err};
    ov_status st;

    unbind(e->root);
    e->bound = NULL;
    st = bind_node(&b, e->root);
    if (st != OV_OK) {
        unbind(e->root);
        return st;
    }
    e->has_agg = b.has_agg;
    e->bound = t;
    return OV_OK;
}

ov_type
ov_expr_type(const ov_expr *e)
{
    switch (e->root->vt) {
    case VT_INT:
        return OV_INT;
    case VT_FLOAT:
        return OV_FLOAT;
    case VT_BOOL:
        return OV_BOOL;
    case VT_DATE:
        return OV_DATE;
    default:
        return OV_STRING;
    }
}

bool
ov_expr_is_aggregate(const ov_expr *e)
{
    return e->has_agg;
}

/* ---------------------------------------------------------------------
 * Evaluation, BLK rows at a time
 * --------------------------------------------------------------------- */

struct ctx {
    const ov_table *t;
    size_t start, count; /* table rows [start, start + count) */
    /* group context: aggregates are leaves holding per-group results */
    bool groups;
    bool overflow;
    bool date_range; /* a date left the years 0001-9999 */
    bool div_zero;
};

static void eval(struct node *n, struct ctx *c);

/* the missing flags of the block, from a column's bitmap and index */
static uint8_t *
col_miss(struct node *n, const struct ov_view *v, size_t start, size_t count)
{
    size_t i;
    bool any = false;

    if (v->col->valid == NULL && v->idx == NULL)
        return NULL;
    for (i = 0; i < count; i++) {
        size_t r = ov_view_row(v, start + i);

        n->missbuf[i] = (uint8_t)(r == OV_NOROW || ov_column_missing(v->col, r));
        any |= n->missbuf[i];
    }
    return any ? n->missbuf : NULL;
}

static void
eval_col(struct node *n, struct ctx *c)
{
    struct ov_view v = ov_table_colview(c->t, (size_t)n->col);
    const ov_column *col = v.col;
    size_t i, s = c->start, cnt = c->count;

    n->miss = col_miss(n, &v, s, cnt);
    if (v.idx == NULL) {
        /* rows map one to one: read the column in place where the storage
         * matches */
        switch (n->vt) {
        case VT_INT:
            n->vi = col->data.i64 + s;
            return;
        case VT_FLOAT:
            n->vf = col->data.f64 + s;
            return;
        case VT_BOOL:
            n->vb = col->data.b + s;
            return;
        case VT_DATE:
            n->vd = col->data.days + s;
            return;
        case VT_STR:
            n->vs = n->buf;
            if (col->width == 4) {
                n->vs = (uint32_t *)col->data.codes + s;
            } else if (col->width == 1) {
                const uint8_t *p = (const uint8_t *)col->data.codes + s;

                for (i = 0; i < cnt; i++)
                    n->vs[i] = p[i];
            } else {
                const uint16_t *p = (const uint16_t *)col->data.codes + s;

                for (i = 0; i < cnt; i++)
                    n->vs[i] = p[i];
            }
            return;
        default:
            return;
        }
    }
    n->vi = n->buf;
    n->vf = n->buf;
    n->vb = n->buf;
    n->vs = n->buf;
    n->vd = n->buf;
    for (i = 0; i < cnt; i++) {
        size_t r = v.idx[s + i];

        if (r == OV_NOROW) {
            /* an unmatched row of a left join: missing (col_miss flagged
             * it); the value slot is zeroed at the node's own width, as
             * the buffer holds 1-, 4- or 8-byte values by type */
            switch (n->vt) {
            case VT_INT:
                n->vi[i] = 0;
                break;
            case VT_FLOAT:
                n->vf[i] = 0;
                break;
            case VT_BOOL:
                n->vb[i] = 0;
                break;
            case VT_DATE:
                n->vd[i] = 0;
                break;
            case VT_STR:
                n->vs[i] = 0;
                break;
            default:
                break;
            }
            continue;
        }
        switch (n->vt) {
        case VT_INT:
            n->vi[i] = col->data.i64[r];
            break;
        case VT_FLOAT:
            n->vf[i] = col->data.f64[r];
            break;
        case VT_BOOL:
            n->vb[i] = col->data.b[r];
            break;
        case VT_DATE:
            n->vd[i] = col->data.days[r];
            break;
        case VT_STR:
            n->vs[i] = ov_column_code(col, r);
            break;
        default:
            break;
        }
    }
}

/* a numeric value of row i of a node, as a double */
static inline double
num_at(const struct node *n, size_t i)
{
    switch (n->vt) {
    case VT_INT:
        return (double)n->vi[i];
    case VT_FLOAT:
        return n->vf[i];
    case VT_DATE:
        return (double)n->vd[i];
    case VT_BOOL:
        return (double)n->vb[i];
    default:
        return 0;
    }
}

static inline bool
miss_at(const struct node *n, size_t i)
{
    return n->miss != NULL && n->miss[i];
}

/* the missing flags of a result from its arguments' */
static uint8_t *
merge_miss(struct node *n, const struct node *a, const struct node *b, size_t cnt)
{
    size_t i;

    if (a->miss == NULL && (b == NULL || b->miss == NULL))
        return NULL;
    for (i = 0; i < cnt; i++)
        n->missbuf[i] = (uint8_t)(miss_at(a, i) || (b != NULL && miss_at(b, i)));
    return n->missbuf;
}

static void
fill_constant(struct node *n, size_t count)
{
    size_t i, upto = count > BLK ? count : BLK;

    for (i = 0; i < upto; i++) {
        switch (n->vt) {
        case VT_INT:
            n->vi[i] = n->i;
            break;
        case VT_FLOAT:
            n->vf[i] = n->kind == N_INT ? (double)n->i : n->f;
            break;
        case VT_BOOL:
            n->vb[i] = n->b;
            break;
        case VT_DATE:
            n->vd[i] = (int32_t)n->i;
            break;
        case VT_STR:
            n->vs[i] = 0;
            break;
        default:
            n->missbuf[i] = 1;
        }
    }
    n->miss = n->vt == VT_NULL ? n->missbuf : NULL;
}

static double
fmod_floor(double a, double b)
{
    double m = fmod(a, b);

    if (m != 0 && (m < 0) != (b < 0))
        m += b;
    return m;
}

static void
eval_arith(struct node *n, struct ctx *c)
{
    struct node *a = n->args[0], *b = n->args[1];
    size_t i, cnt = c->count;

    eval(a, c);
    eval(b, c);
    n->miss = merge_miss(n, a, b, cnt);
    if (n->vt == VT_DATE) {
        for (i = 0; i < cnt; i++) {
            int64_t r;
            bool of = n->op == OP_ADD ? __builtin_add_overflow((int64_t)a->vd[i], b->vi[i], &r)
                                      : __builtin_sub_overflow((int64_t)a->vd[i], b->vi[i], &r);

            if (of || r < OV_DATE_MIN_DAYS || r > OV_DATE_MAX_DAYS) {
                if (!miss_at(n, i))
                    c->date_range = true;
                r = 0;
            }
            n->vd[i] = (int32_t)r;
        }
        return;
    }
    if (n->vt == VT_INT && a->vt == VT_DATE) {
        for (i = 0; i < cnt; i++)
            n->vi[i] = (int64_t)a->vd[i] - b->vd[i];
        return;
    }
    if (n->vt == VT_INT) {
        for (i = 0; i < cnt; i++) {
            int64_t x = a->vi[i], y = b->vi[i], r = 0;
            bool of = false;

            switch (n->op) {
            case OP_ADD:
                of = __builtin_add_overflow(x, y, &r);
                break;
            case OP_SUB:
                of = __builtin_sub_overflow(x, y, &r);
                break;
            case OP_MUL:
                of = __builtin_mul_overflow(x, y, &r);
                break;
            case OP_MOD:
                if (y == 0) {
                    if (n->miss == NULL) {
                        memset(n->missbuf, 0, cnt);
                        n->miss = n->missbuf;
                    }
                    n->missbuf[i] = 1;
                    c->div_zero = true;
                } else if (y == -1) {
                    r = 0; /* x % -1 is 0; INT64_MIN % -1 traps in C */
                } else {
                    r = x % y;
                    if (r != 0 && (r < 0) != (y < 0))
                        r += y;
                }
                break;
            default:
                break;
            }
            if (of && !miss_at(n, i))
                c->overflow = true;
            n->vi[i] = r;
        }
        return;
    }
    for (i = 0; i < cnt; i++) {
        double x = num_at(a, i), y = num_at(b, i), r = 0;

        switch (n->op) {
        case OP_ADD:
            r = x + y;
            break;
        case OP_SUB:
            r = x - y;
            break;
        case OP_MUL:
            r = x * y;
            break;
        case OP_DIV:
        case OP_MOD:
            if (y == 0) {
                /* no value rather than infinity: a rate with no base */
                if (n->miss == NULL) {
                    memset(n->missbuf, 0, cnt);
                    n->miss = n->missbuf;
                }
                n->missbuf[i] = 1;
                r = 0;
            } else {
                r = n->op == OP_DIV ? x / y : fmod_floor(x, y);
            }
            break;
        default:
            break;
        }
        n->vf[i] = r;
    }
}

/* x against y exactly: -1, 0 or 1, and 2 when y is NaN (unordered).
 * Converting x to a double first would round whole numbers past 2^53
 * (9007199254740993 would equal 9007199254740992.0). */
static inline int
cmp_int_double(int64_t x, double y)
{
    double t;
    int64_t yi;

    if (isnan(y))
        return 2;
    if (y >= 9223372036854775808.0) /* 2^63: above every int64 */
        return -1;
    if (y < -9223372036854775808.0)
        return 1;
    t = trunc(y);
    yi = (int64_t)t;
    if (x != yi)
        return x < yi ? -1 : 1;
    return y > t ? -1 : y < t ? 1 : 0;
}

/* the comparison op holds for an ordering c from cmp_int_double */
static inline bool
op_holds(int op, int c)
{
    if (c == 2)
        return op == OP_NE; /* NaN: only "not equal" holds */
    switch (op) {
    case OP_EQ:
        return c == 0;
    case OP_NE:
        return c != 0;
    case OP_LT:
        return c < 0;
    case OP_LE:
        return c <= 0;
    case OP_GT:
        return c > 0;
    default:
        return c >= 0;
    }
}

static inline bool
cmp_num(int op, double x, double y)
{
    switch (op) {
    case OP_EQ:
        return x == y;
    case OP_NE:
        return x != y;
    case OP_LT:
        return x < y;
    case OP_LE:
        return x <= y;
    case OP_GT:
        return x > y;
    default:
        return x >= y;
    }
}

#define CMP_LOOP(expr)                                                                     \
    do {                                                                                   \
        switch (n->op) {                                                                   \
        case OP_EQ:                                                                        \
            for (i = 0; i < cnt; i++) {                                                    \
                CMP_VARS;                                                                  \
                out[i] = (x == y);                                                         \
            }                                                                              \
            break;                                                                         \
        case OP_NE:                                                                        \
            for (i = 0; i < cnt; i++) {                                                    \
                CMP_VARS;                                                                  \
                out[i] = (x != y);                                                         \
            }                                                                              \
            break;                                                                         \
        case OP_LT:                                                                        \
            for (i = 0; i < cnt; i++) {                                                    \
                CMP_VARS;                                                                  \
                out[i] = (x < y);                                                          \
            }                                                                              \
            break;                                                                         \
        case OP_LE:                                                                        \
            for (i = 0; i < cnt; i++) {                                                    \
                CMP_VARS;                                                                  \
                out[i] = (x <= y);                                                         \
            }                                                                              \
            break;                                                                         \
        case OP_GT:                                                                        \
            for (i = 0; i < cnt; i++) {                                                    \
                CMP_VARS;                                                                  \
                out[i] = (x > y);                                                          \
            }                                                                              \
            break;                                                                         \
        default:                                                                           \
            for (i = 0; i < cnt; i++) {                                                    \
                CMP_VARS;                                                                  \
                out[i] = (x >= y);                                                         \
            }                                                                              \
        }                                                                                  \
        (void)(expr);                                                                      \
    } while (0)

static void
eval_cmp(struct node *n, struct ctx *c)
{
    struct node *a = n->args[0], *b = n->args[1];
    size_t i, cnt = c->count;
    uint8_t *out = n->vb;

    eval(a, c);
    eval(b, c);
    n->miss = NULL;
    if (n->entry_bool != NULL) {
        /* text against a literal: one lookup per row */
        const uint32_t *s = a->vs;
        const uint8_t *tab = n->entry_bool;

        for (i = 0; i < cnt; i++)
            out[i] = tab[s[i]];
    } else if (a->vt == VT_STR) {
        /* text against text */
        for (i = 0; i < cnt; i++) {
            size_t la, lb;
            const char *sa = ov_dict_str(a->dict, a->vs[i], &la);
            const char *sb = ov_dict_str(b->dict, b->vs[i], &lb);

            out[i] = (uint8_t)str_cmp_entry(n->op, sa, la, sb, lb);
        }
    } else if (a->vt == VT_INT && b->vt == VT_INT) {
        const int64_t *xa = a->vi, *yb = b->vi;

#define CMP_VARS                                                                           \
    int64_t x = xa[i];                                                                     \
    int64_t y = yb[i]
        CMP_LOOP(0);
#undef CMP_VARS
    } else if (a->vt == VT_DATE && b->vt == VT_DATE) {
        const int32_t *xa = a->vd, *yb = b->vd;

#define CMP_VARS                                                                           \
    int32_t x = xa[i];                                                                     \
    int32_t y = yb[i]
        CMP_LOOP(0);
#undef CMP_VARS
    } else if (a->vt == VT_BOOL) {
        for (i = 0; i < cnt; i++)
            out[i] = (uint8_t)((a->vb[i] == b->vb[i]) == (n->op == OP_EQ));
    } else if (a->vt == VT_INT && b->vt == VT_FLOAT) {
        for (i = 0; i < cnt; i++)
            out[i] = (uint8_t)op_holds(n->op, cmp_int_double(a->vi[i], b->vf[i]));
    } else if (a->vt == VT_FLOAT && b->vt == VT_INT) {
        for (i = 0; i < cnt; i++)
            out[i] = (uint8_t)op_holds(flip(n->op), cmp_int_double(b->vi[i], a->vf[i]));
    } else {
        for (i = 0; i < cnt; i++)
            out[i] = (uint8_t)cmp_num(n->op, num_at(a, i), num_at(b, i));
    }
    /* a comparison with a missing value is false */
    if (a->miss != NULL)
        for (i = 0; i < cnt; i++)
            out[i] &= (uint8_t)!a->miss[i];
    if (b->miss != NULL)
        for (i = 0; i < cnt; i++)
            out[i] &= (uint8_t)!b->miss[i];
}

/* is row i of x (a number, date or bool) one of the list of an N_IN node?
 * Whole numbers meet whole numbers exactly, and decimals exactly too */
static bool
in_set(const struct node *n, const struct node *x, size_t i)
{
    size_t k;

    if (x->vt == VT_INT) {
        int64_t xv = x->vi[i];

        for (k = 0; k < n->nset; k++)
            if (n->set_isint[k] ? n->set_i[k] == xv : cmp_int_double(xv, n->set_f[k]) == 0)
                return true;
        return false;
    }
    if (x->vt == VT_FLOAT) {
        double xv = x->vf[i];

        for (k = 0; k < n->nset; k++)
            if (n->set_isint[k] ? cmp_int_double(n->set_i[k], xv) == 0 : n->set_f[k] == xv)
                return true;
        return false;
    }
    for (k = 0; k < n->nset; k++)
        if (n->set_f[k] == num_at(x, i))
            return true;
    return false;
}

/* a boolean argument with missing counted as false */
static inline uint8_t
truth(const struct node *n, size_t i)
{
    return (uint8_t)(n->vb[i] & (n->miss == NULL || !n->miss[i]));
}

static void
eval_call(struct node *n, struct ctx *c)
{
    size_t i, k, cnt = c->count;
    struct node *a = n->nargs > 0 ? n->args[0] : NULL;

    if (n->is_agg) {
        /* in group context the aggregate's results are already in place */
        return;
    }
    for (k = 0; k < n->nargs; k++)
        eval(n->args[k], c);
    n->miss = NULL;
    switch ((enum fn)n->op) {
    case F_LOWER:
    case F_UPPER:
    case F_TRIM:
    case F_SUBSTR:
        for (i = 0; i < cnt; i++)
            n->vs[i] = n->entry_code[a->vs[i]];
        n->miss = a->miss;
        break;
    case F_NUMBER: {
        bool any = false;

        for (i = 0; i < cnt; i++) {
            if (n->vt == VT_INT)
                n->vi[i] = n->entry_int[a->vs[i]];
            else
                n->vf[i] = n->entry_f[a->vs[i]];
            n->missbuf[i] = (uint8_t)(n->entry_miss[a->vs[i]] || miss_at(a, i));
            any |= n->missbuf[i];
        }
        n->miss = any ? n->missbuf : NULL;
        break;
    }
    case F_LENGTH:
        for (i = 0; i < cnt; i++)
            n->vi[i] = n->entry_int[a->vs[i]];
        n->miss = a->miss;
        break;
    case F_CONTAINS:
    case F_STARTS_WITH:
    case F_ENDS_WITH:
        for (i = 0; i < cnt; i++)
            n->vb[i] = (uint8_t)(n->entry_bool[a->vs[i]] && !miss_at(a, i));
        break;
    case F_YEAR:
    case F_MONTH:
        if (a->vt == VT_DATE) {
            for (i = 0; i < cnt; i++) {
                int64_t y;
                unsigned m, d;

                ov_civil_from_days(a->vd[i], &y, &m, &d);
                n->vi[i] = n->op == F_YEAR ? y : (int64_t)m;
            }
            n->miss = a->miss;
        } else {
            bool any = false;

            for (i = 0; i < cnt; i++) {
                n->vi[i] = n->entry_int[a->vs[i]];
                n->missbuf[i] = (uint8_t)(n->entry_miss[a->vs[i]] || miss_at(a, i));
                any |= n->missbuf[i];
            }
            n->miss = any ? n->missbuf : NULL;
        }
        break;
    case F_ROUND: {
        /* past 400 places either way the answer no longer changes (x
         * itself, or zero), so a huge count is clamped, never truncated
         * to int */
        int64_t want = n->nargs == 2 ? n->args[1]->i : 0;
        int places = want > 400 ? 400 : want < -400 ? -400 : (int)want;

        n->miss = a->miss;
        if (n->vt == VT_INT) {
            for (i = 0; i < cnt; i++)
                n->vi[i] = a->vi[i];
        } else {
            for (i = 0; i < cnt; i++) {
                double x = num_at(a, i);

                /* + 0.0: round(-0.04, 1) is 0, not -0 */
                n->vf[i] = ov_round_decimal(x, places) + 0.0;
                /* 1.7e308 to -308 places is 2e308: past the largest double */
                if (isfinite(x) && !isfinite(n->vf[i]) && !miss_at(a, i))
                    c->overflow = true;
            }
        }
        break;
    }
    case F_ABS:
        n->miss = a->miss;
        for (i = 0; i < cnt; i++) {
            if (n->vt != VT_INT) {
                n->vf[i] = fabs(a->vf[i]);
            } else if (a->vi[i] == INT64_MIN) {
                n->vi[i] = 0; /* |INT64_MIN| has no int64 */
                if (!miss_at(a, i))
                    c->overflow = true;
            } else {
                n->vi[i] = a->vi[i] < 0 ? -a->vi[i] : a->vi[i];
            }
        }
        break;
    case F_COALESCE: {
        bool any = false;

        for (i = 0; i < cnt; i++) {
            for (k = 0; k < n->nargs && miss_at(n->args[k], i); k++)
                ;
            n->missbuf[i] = (uint8_t)(k == n->nargs);
            any |= n->missbuf[i];
            if (k == n->nargs)
                continue;
            switch (n->vt) {
            case VT_INT:
                n->vi[i] = n->args[k]->vi[i];
                break;
            case VT_FLOAT:
                n->vf[i] = num_at(n->args[k], i);
                break;
            case VT_BOOL:
                n->vb[i] = n->args[k]->vb[i];
                break;
            case VT_DATE:
                n->vd[i] = n->args[k]->vd[i];
                break;
            case VT_STR:
                n->vs[i] = n->arg_maps[k][n->args[k]->vs[i]];
                break;
            default:
                break;
            }
        }
        n->miss = any ? n->missbuf : NULL;
        break;
    }
    default:
        break;
    }
}

static void
eval(struct node *n, struct ctx *c)
{
    size_t i, cnt = c->count;

    switch (n->kind) {
    case N_INT:
    case N_FLOAT:
    case N_BOOL:
    case N_NIL:
    case N_STR:
        if (n->constant) {
            fill_constant(n, cnt);
            n->constant = false; /* filled: the buffer keeps the values */
        }
        n->miss = n->vt == VT_NULL ? n->missbuf : NULL;
        break;
    case N_COL:
        eval_col(n, c);
        break;
    case N_NEG:
        eval(n->args[0], c);
        n->miss = n->args[0]->miss;
        for (i = 0; i < cnt; i++) {
            if (n->vt != VT_INT) {
                n->vf[i] = -n->args[0]->vf[i];
            } else if (__builtin_sub_overflow((int64_t)0, n->args[0]->vi[i], &n->vi[i])) {
                if (!miss_at(n, i))
                    c->overflow = true;
            }
        }
        break;
    case N_NOT:
        eval(n->args[0], c);
        for (i = 0; i < cnt; i++)
            n->vb[i] = (uint8_t)!truth(n->args[0], i);
        n->miss = NULL;
        break;
    case N_AND:
    case N_OR:
        eval(n->args[0], c);
        eval(n->args[1], c);
        for (i = 0; i < cnt; i++)
            n->vb[i] = n->kind == N_AND
                           ? (uint8_t)(truth(n->args[0], i) & truth(n->args[1], i))
                           : (uint8_t)(truth(n->args[0], i) | truth(n->args[1], i));
        n->miss = NULL;
        break;
    case N_ARITH:
        eval_arith(n, c);
        break;
    case N_CMP:
        eval_cmp(n, c);
        break;
    case N_IN: {
        struct node *x = n->args[0];

        eval(x, c);
        for (i = 0; i < cnt; i++) {
            uint8_t v;

            if (miss_at(x, i)) {
                v = 0;
            } else if (n->entry_bool != NULL) {
                v = n->entry_bool[x->vs[i]];
            } else {
                v = in_set(n, x, i);
            }
            n->vb[i] = (uint8_t)(n->negate ? !v && !miss_at(x, i) : v);
        }
        n->miss = NULL;
        break;
    }
    case N_ISNIL:
        eval(n->args[0], c);
        for (i = 0; i < cnt; i++)
            n->vb[i] = (uint8_t)(miss_at(n->args[0], i) != n->negate);
        n->miss = NULL;
        break;
    case N_CALL:
        eval_call(n, c);
        break;
    }
}

/* literals hold their values across blocks; a new evaluation refills them */
static void
reset_constants(struct node *n)
{
    size_t k;

    if (n->kind == N_INT || n->kind == N_FLOAT || n->kind == N_BOOL || n->kind == N_NIL ||
        n->kind == N_STR)
        n->constant = true;
    for (k = 0; k < n->nargs; k++)
        reset_constants(n->args[k]);
}

static ov_status
check_bound(const ov_expr *e, const ov_table *t, struct ov_err *err)
{
    if (e->bound != t)
        return ov_err_set(err, OV_EINVAL, "expression not bound to this table");
    return OV_OK;
}

static ov_status
eval_errors(const struct ctx *c, struct ov_err *err)
{
    if (c->overflow)
        return ov_err_set(err, OV_ERANGE,
                          "a whole-number result is too large for 64 bits (divide by 1.0 "
                          "somewhere to work in floating point)");
    if (c->date_range)
        return ov_err_set(err, OV_ERANGE,
                          "a date falls outside the years 0001 to 9999, which a table can "
                          "hold");
    return OV_OK;
}

ov_status
ov_expr_select(const ov_expr *e, const ov_table *t, uint32_t **rows, size_t *n,
               struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), cap = 0, got = 0, start;
    uint32_t *out = NULL;
    struct ctx c = {t, 0, 0, false, false, false, false};
    ov_status st;

    *rows = NULL;
    *n = 0;
    if ((st = check_bound(e, t, err)) != OV_OK)
        return st;
    if (e->root->vt != VT_BOOL)
        return ov_err_set(err, OV_ETYPE,
                          "the condition gives %s, not true or false (compare it, as in "
                          "%s == ...)",
                          vt_name(e->root->vt), e->src);
    reset_constants(e->root);
    for (start = 0; start < nrows; start += BLK) {
        size_t cnt = nrows - start < BLK ? nrows - start : BLK, i;
        const uint8_t *v;

        if (ov_interrupted()) {
            ov_free(out);
            return ov_err_interrupted(err);
        }
        c.start = start;
        c.count = cnt;
        eval(e->root, &c);
        if (got + cnt > cap) {
            size_t nc = cap ? cap * 2 : 4096;
            uint32_t *p;

            while (nc < got + cnt)
                nc *= 2;
            if (nc > nrows)
                nc = nrows;
            p = ov_realloc(out, nc * sizeof *p);
            if (p == NULL) {
                ov_free(out);
                return ov_err_nomem(err, "filtering rows");
            }
            out = p;
            cap = nc;
        }
        v = e->root->vb;
        if (e->root->miss == NULL) {
            for (i = 0; i < cnt; i++) {
                out[got] = (uint32_t)(start + i);
                got += v[i] != 0;
            }
        } else {
            for (i = 0; i < cnt; i++) {
                out[got] = (uint32_t)(start + i);
                got += (v[i] && !e->root->miss[i]);
            }
        }
    }
    if ((st = eval_errors(&c, err)) != OV_OK) {
        ov_free(out);
        return st;
    }
    *rows = out;
    *n = got;
    return OV_OK;
}

/* copies the block values of node r into column col at rows [at, at+cnt) */
static ov_status
store_block(const struct node *r, ov_column *col, size_t at, size_t cnt)
{
    size_t i;

    for (i = 0; i < cnt; i++) {
        if (miss_at(r, i)) {
            if (ov_column_set_missing(col, at + i) != OV_OK)
                return OV_ENOMEM;
            continue;
        }
        switch (r->vt) {
        case VT_INT:
            col->data.i64[at + i] = r->vi[i];
            break;
        case VT_FLOAT:
            col->data.f64[at + i] = r->vf[i];
            break;
        case VT_BOOL:
            col->data.b[at + i] = r->vb[i];
            break;
        case VT_DATE:
            col->data.days[at + i] = r->vd[i];
            break;
        case VT_STR:
            ov_column_set_code(col, at + i, r->vs[i]);
            break;
        default:
            break;
        }
    }
    return OV_OK;
}

static ov_column *
result_column(const struct node *r, size_t n, struct ov_err *err)
{
    ov_type t = r->vt == VT_INT     ? OV_INT
                : r->vt == VT_FLOAT ? OV_FLOAT
                : r->vt == VT_BOOL  ? OV_BOOL
                : r->vt == VT_DATE  ? OV_DATE
                                    : OV_STRING;
    ov_column *col;

    if (r->vt == VT_STR)
        col = ov_column_new(OV_STRING, n, (ov_dict *)r->dict, r->dict->n, err);
    else
        col = ov_column_new(t, n, NULL, 0, err);
    if (col != NULL && r->vt == VT_NULL) {
        /* nil everywhere: text with no values */
        size_t i;

        for (i = 0; i < n; i++)
            if (ov_column_set_missing(col, i) != OV_OK) {
                ov_column_unref(col);
                ov_err_nomem(err, "computing a column");
                return NULL;
            }
    }
    return col;
}

ov_status
ov_expr_column(const ov_expr *e, const ov_table *t, ov_column **out, struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), start;
    struct ctx c = {t, 0, 0, false, false, false, false};
    ov_column *col;
    ov_status st;

    *out = NULL;
    if ((st = check_bound(e, t, err)) != OV_OK)
        return st;
    col = result_column(e->root, nrows, err);
    if (col == NULL)
        return err->status;
    reset_constants(e->root);
    for (start = 0; start < nrows && e->root->vt != VT_NULL; start += BLK) {
        size_t cnt = nrows - start < BLK ? nrows - start : BLK;

        if (ov_interrupted()) {
            ov_column_unref(col);
            return ov_err_interrupted(err);
        }
        c.start = start;
        c.count = cnt;
        eval(e->root, &c);
        if (store_block(e->root, col, start, cnt) != OV_OK) {
            ov_column_unref(col);
            return ov_err_nomem(err, "computing a column");
        }
    }
    if ((st = eval_errors(&c, err)) != OV_OK) {
        ov_column_unref(col);
        return st;
    }
    ov_column_finish(col);
    *out = col;
    return OV_OK;
}

/* ---------------------------------------------------------------------
 * Aggregation
 * --------------------------------------------------------------------- */

/* the aggregate nodes of a tree, in order */
static void
collect_aggs(struct node *n, struct node **list, size_t *count)
{
    size_t k;

    if (n->is_agg) {
        list[(*count)++] = n;
        return;
    }
    for (k = 0; k < n->nargs; k++)
        collect_aggs(n->args[k], list, count);
}

static size_t
count_nodes(const struct node *n)
{
    size_t k, c = 1;

    for (k = 0; k < n->nargs; k++)
        c += count_nodes(n->args[k]);
    return c;
}

static inline size_t
dkey_slot(uint64_t v, uint32_t g1, size_t cap)
{
    uint64_t h = (v ^ (uint64_t)g1 * 0xD6E8FEB86659FD93ull) * 0x9E3779B97F4A7C15ull;

    return (size_t)(h >> 20) & (cap - 1);
}

/* adds (group, value) to count_distinct's hash set (open addressing),
 * counting it for the group when new; false when out of memory */
static bool
set_insert(struct aggstate *a, uint32_t group, uint64_t v)
{
    uint32_t g1 = group + 1;
    size_t i;

    if ((a->nkeys + 1) * 2 > a->capkeys) {
        size_t nc = a->capkeys ? a->capkeys * 2 : 1024, j;
        struct dkey *nk = ov_calloc(nc, sizeof *nk);

        if (nk == NULL)
            return false;
        for (j = 0; j < a->capkeys; j++) {
            if (a->keys[j].g1 == 0)
                continue;
            for (i = dkey_slot(a->keys[j].v, a->keys[j].g1, nc); nk[i].g1 != 0;
                 i = (i + 1) & (nc - 1))
                ;
            nk[i] = a->keys[j];
        }
        ov_free(a->keys);
        a->keys = nk;
        a->capkeys = nc;
    }
    for (i = dkey_slot(v, g1, a->capkeys); a->keys[i].g1 != 0; i = (i + 1) & (a->capkeys - 1))
        if (a->keys[i].v == v && a->keys[i].g1 == g1)
            return true;
    a->keys[i].v = v;
    a->keys[i].g1 = g1;
    a->nkeys++;
    a->count[group]++;
    return true;
}

static ov_status
agg_init(struct node *n, size_t ngroups, size_t nrows, struct ov_err *err)
{
    struct aggstate *a = ov_calloc(1, sizeof *a);
    struct node *x = n->nargs > 0 ? n->args[0] : NULL;
    size_t g = ngroups ? ngroups : 1;

    if (a == NULL)
        return ov_err_nomem(err, "aggregating");
    n->agg = a;
    a->ngroups = ngroups;
    a->count = ov_calloc(g, sizeof *a->count);
    if (a->count == NULL)
        return ov_err_nomem(err, "aggregating");
    switch ((enum fn)n->op) {
    case A_SUM:
    case A_MEAN:
    case A_SHARE:
        a->isum = ov_calloc(g, sizeof *a->isum);
        a->fsum = ov_calloc(g, sizeof *a->fsum);
        a->fcomp = ov_calloc(g, sizeof *a->fcomp);
        if (a->isum == NULL || a->fsum == NULL || a->fcomp == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    case A_PCT:
        a->num = ov_calloc(g, sizeof *a->num);
        if (a->num == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    case A_MIN:
    case A_MAX:
        a->best = ov_calloc(g, sizeof *a->best);
        a->fbest = ov_calloc(g, sizeof *a->fbest);
        a->seen = ov_calloc(g, 1);
        if (a->best == NULL || a->fbest == NULL || a->seen == NULL)
            return ov_err_nomem(err, "aggregating");
        if (x->vt == VT_STR && (a->rank = ov_dict_ranks(x->dict)) == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    case A_COUNT_DISTINCT:
        /* a bitmap when groups x distinct texts is small, else a hash set */
        if (x->vt == VT_STR && (uint64_t)g * (x->dict->n ? x->dict->n : 1) <= (1ull << 28)) {
            a->bits = ov_calloc(((uint64_t)g * (x->dict->n ? x->dict->n : 1) + 63) / 64,
                                sizeof *a->bits);
            if (a->bits == NULL)
                return ov_err_nomem(err, "aggregating");
        }
        break;
    case A_MEDIAN:
        a->capvals = nrows ? nrows : 1;
        a->vals = ov_malloc(a->capvals * sizeof *a->vals);
        a->vgroup = ov_malloc(a->capvals * sizeof *a->vgroup);
        if (a->vals == NULL || a->vgroup == NULL)
            return ov_err_nomem(err, "aggregating");
        break;
    default:
        break;
    }
    return OV_OK;
}

static inline void
neumaier(double *sum, double *comp, double v)
{
    double t = *sum + v;

    if (fabs(*sum) >= fabs(v))
        *comp += (*sum - t) + v;
    else
        *comp += (v - t) + *sum;
    *sum = t;
}

/* folds one block of rows into an aggregate */
static ov_status
agg_block(struct node *n, struct ctx *c, const uint32_t *group, struct ov_err *err)
{
    struct aggstate *a = n->agg;
    struct node *x = n->nargs > 0 ? n->args[0] : NULL;
    size_t i, cnt = c->count;
    const uint32_t *g = group + c->start;

    if (x != NULL)
        eval(x, c);
    switch ((enum fn)n->op) {
    case A_COUNT:
        for (i = 0; i < cnt; i++)
            a->count[g[i]]++;
        break;
    case A_PCT:
        for (i = 0; i < cnt; i++) {
            a->count[g[i]]++;
            a->num[g[i]] += truth(x, i);
        }
        break;
    case A_SUM:
    case A_MEAN:
    case A_SHARE:
        for (i = 0; i < cnt; i++) {
            if (miss_at(x, i))
                continue;
            a->count[g[i]]++;
            if (x->vt == VT_INT || x->vt == VT_BOOL) {
                int64_t v = x->vt == VT_INT ? x->vi[i] : x->vb[i];

                /* 2^64 rows of INT64_MAX still fit 128 bits */
                a->isum[g[i]] += v;
                if (n->op == A_SHARE)
                    neumaier(&a->total, &a->total_comp, (double)v);
            } else {
                neumaier(&a->fsum[g[i]], &a->fcomp[g[i]], x->vf[i]);
                if (n->op == A_SHARE)
                    neumaier(&a->total, &a->total_comp, x->vf[i]);
            }
        }
        break;
    case A_MIN:
    case A_MAX:
        for (i = 0; i < cnt; i++) {
            uint32_t gi = g[i];
            bool better;

            if (miss_at(x, i))
                continue;
            a->count[gi]++;
            if (x->vt == VT_FLOAT) {
                double v = x->vf[i];

                better = !a->seen[gi] || (n->op == A_MIN ? v < a->fbest[gi] : v > a->fbest[gi]);
                if (better)
                    a->fbest[gi] = v;
            } else {
                int64_t v = x->vt == VT_INT    ? x->vi[i]
                            : x->vt == VT_DATE ? x->vd[i]
                            : x->vt == VT_BOOL ? x->vb[i]
                                               : (int64_t)a->rank[x->vs[i]];

                better = !a->seen[gi] || (n->op == A_MIN ? v < a->best[gi] : v > a->best[gi]);
                if (better) {
                    a->best[gi] = v; /* for text: the rank; fbest keeps the code */
                    if (x->vt == VT_STR)
                        a->fbest[gi] = (double)x->vs[i];
                }
            }
            a->seen[gi] = 1;
        }
        break;
    case A_COUNT_DISTINCT:
        for (i = 0; i < cnt; i++) {
            uint64_t key;

            if (miss_at(x, i))
                continue;
            if (a->bits != NULL) {
                uint64_t bit = (uint64_t)g[i] * x->dict->n + x->vs[i];
                uint64_t m = (uint64_t)1 << (bit & 63);

                if (!(a->bits[bit >> 6] & m)) {
                    a->bits[bit >> 6] |= m;
                    a->count[g[i]]++;
                }
                continue;
            }
            switch (x->vt) {
            case VT_STR:
                key = x->vs[i];
                break;
            case VT_INT:
                key = (uint64_t)x->vi[i];
                break;
            case VT_DATE:
                key = (uint32_t)x->vd[i];
                break;
            case VT_BOOL:
                key = x->vb[i];
                break;
            default: {
                /* -0 counts as 0, and every NaN as one value */
                double v = x->vf[i] == 0 ? 0.0 : isnan(x->vf[i]) ? NAN : x->vf[i];

                memcpy(&key, &v, sizeof key);
            }
            }
            if (!set_insert(a, g[i], key))
                return ov_err_nomem(err, "counting distinct values");
        }
        break;
    case A_MEDIAN:
        for (i = 0; i < cnt; i++) {
            if (miss_at(x, i))
                continue;
            a->vals[a->nvals] = num_at(x, i);
            a->vgroup[a->nvals++] = g[i];
        }
        break;
    default:
        break;
    }
    return OV_OK;
}

static int
dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;

    return (a > b) - (a < b);
}

/* turns an aggregate's state into its per-group values, in the node's
 * value buffers (sized for ngroups) */
static ov_status
agg_finish(struct node *n, size_t ngroups, struct ov_err *err)
{
    struct aggstate *a = n->agg;
    size_t g, es = n->vt == VT_INT || n->vt == VT_FLOAT ? 8 : n->vt == VT_STR ? 4
                                                           : n->vt == VT_DATE ? 4 : 1;
    void *buf = ov_calloc(ngroups ? ngroups : 1, es);
    uint8_t *miss = ov_calloc(ngroups ? ngroups : 1, 1);

    if (buf == NULL || miss == NULL) {
        ov_free(buf);
        ov_free(miss);
        return ov_err_nomem(err, "aggregating");
    }
    if (n->op == A_SUM && n->vt == VT_INT) {
        /* the sums were kept in 128 bits, so only the totals must fit */
        for (g = 0; g < ngroups; g++) {
            if (a->isum[g] > INT64_MAX || a->isum[g] < INT64_MIN) {
                ov_free(buf);
                ov_free(miss);
                return ov_err_set(err, OV_ERANGE,
                                  "a sum is too large for 64-bit whole numbers (divide by "
                                  "1.0 inside it to sum in floating point)");
            }
        }
    }
    ov_free(n->buf);
    ov_free(n->missbuf);
    n->buf = buf;
    n->missbuf = miss;
    n->vi = buf;
    n->vf = buf;
    n->vb = buf;
    n->vs = buf;
    n->vd = buf;
    n->miss = miss;
    if (n->op == A_MEDIAN) {
        /* group the gathered values, then take the middle of each */
        size_t *start = ov_calloc(ngroups + 1, sizeof *start), i;
        double *sorted = ov_malloc((a->nvals ? a->nvals : 1) * sizeof *sorted);
        size_t *fill = ov_calloc(ngroups + 1, sizeof *fill);

        if (start == NULL || sorted == NULL || fill == NULL) {
            ov_free(start);
            ov_free(sorted);
            ov_free(fill);
            return ov_err_nomem(err, "computing medians");
        }
        for (i = 0; i < a->nvals; i++)
            start[a->vgroup[i] + 1]++;
        for (g = 0; g < ngroups; g++)
            start[g + 1] += start[g];
        for (i = 0; i < a->nvals; i++)
            sorted[start[a->vgroup[i]] + fill[a->vgroup[i]]++] = a->vals[i];
        for (g = 0; g < ngroups; g++) {
            size_t k = start[g + 1] - start[g];
            double *v = sorted + start[g];

            if (k == 0) {
                miss[g] = 1;
                continue;
            }
            qsort(v, k, sizeof *v, dcmp);
            n->vf[g] = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
        }
        ov_free(start);
        ov_free(sorted);
        ov_free(fill);
        return OV_OK;
    }
    for (g = 0; g < ngroups; g++) {
        switch ((enum fn)n->op) {
        case A_COUNT:
        case A_COUNT_DISTINCT:
            n->vi[g] = a->count[g];
            break;
        case A_SUM:
            /* as in SQL: the sum of no values is missing, not 0 (a group
             * whose values are all missing is unknown, not zero) */
            if (a->count[g] == 0)
                miss[g] = 1;
            else if (n->vt == VT_INT)
                n->vi[g] = (int64_t)a->isum[g];
            else
                n->vf[g] = a->fsum[g] + a->fcomp[g];
            break;
        case A_MEAN:
            if (a->count[g] == 0) {
                miss[g] = 1;
            } else if (n->args[0]->vt == VT_FLOAT) {
                n->vf[g] = (a->fsum[g] + a->fcomp[g]) / (double)a->count[g];
            } else {
                /* quotient and remainder: a double of the 128-bit sum
                 * would round before the division */
                __int128 q = a->isum[g] / a->count[g], r = a->isum[g] % a->count[g];

                n->vf[g] = (double)q + (double)r / (double)a->count[g];
            }
            break;
        case A_PCT:
            miss[g] = a->count[g] == 0;
            n->vf[g] = a->count[g] ? 100.0 * a->num[g] / (double)a->count[g] : 0;
            break;
        case A_SHARE: {
            double s = n->args[0]->vt == VT_FLOAT ? a->fsum[g] + a->fcomp[g]
                                                  : (double)a->isum[g];
            double tot = a->total + a->total_comp;

            /* missing with no values in the group, as the sum is */
            miss[g] = tot == 0 || a->count[g] == 0;
            n->vf[g] = !miss[g] ? 100.0 * s / tot : 0;
            break;
        }
        case A_MIN:
        case A_MAX:
            if (!a->seen[g]) {
                miss[g] = 1;
                break;
            }
            switch (n->vt) {
            case VT_FLOAT:
                n->vf[g] = a->fbest[g];
                break;
            case VT_INT:
                n->vi[g] = a->best[g];
                break;
            case VT_DATE:
                n->vd[g] = (int32_t)a->best[g];
                break;
            case VT_BOOL:
                n->vb[g] = (uint8_t)a->best[g];
                break;
            case VT_STR:
                n->vs[g] = (uint32_t)a->fbest[g];
                break;
            default:
                break;
            }
            break;
        default:
            break;
        }
    }
    return OV_OK;
}

/* group-context evaluation: rows are groups; aggregates are in place;
 * other nodes need buffers for ngroups rows */
static ov_status
grow_bufs(struct node *n, size_t ngroups, struct ov_err *err)
{
    size_t k;

    if (n->is_agg)
        return OV_OK;
    for (k = 0; k < n->nargs; k++)
        if (grow_bufs(n->args[k], ngroups, err) != OV_OK)
            return OV_ENOMEM;
    if (ngroups > BLK) {
        void *buf = ov_calloc(ngroups, 8);
        uint8_t *miss = ov_calloc(ngroups, 1);

        if (buf == NULL || miss == NULL) {
            ov_free(buf);
            ov_free(miss);
            return ov_err_nomem(err, "aggregating");
        }
        ov_free(n->buf);
        ov_free(n->missbuf);
        n->buf = buf;
        n->missbuf = miss;
        n->vi = buf;
        n->vf = buf;
        n->vb = buf;
        n->vs = buf;
        n->vd = buf;
    }
    return OV_OK;
}

ov_status
ov_expr_aggregate(const ov_expr *e, const ov_table *t, const uint32_t *group,
                  size_t ngroups, ov_column **out, struct ov_err *err)
{
    size_t nrows = ov_table_nrows(t), start, nagg = 0, k;
    struct node **aggs;
    struct ctx c = {t, 0, 0, false, false, false, false};
    ov_column *col = NULL;
    ov_status st = OV_OK;

    *out = NULL;
    if ((st = check_bound(e, t, err)) != OV_OK)
        return st;
    aggs = ov_calloc(count_nodes(e->root), sizeof *aggs);
    if (aggs == NULL)
        return ov_err_nomem(err, "aggregating");
    collect_aggs(e->root, aggs, &nagg);
    for (k = 0; k < nagg; k++) {
        agg_free(aggs[k]->agg);
        aggs[k]->agg = NULL;
        reset_constants(aggs[k]);
        if ((st = agg_init(aggs[k], ngroups, nrows, err)) != OV_OK)
            goto done;
    }
    for (start = 0; start < nrows; start += BLK) {
        if (ov_interrupted()) {
            st = ov_err_interrupted(err);
            goto done;
        }
        c.start = start;
        c.count = nrows - start < BLK ? nrows - start : BLK;
        for (k = 0; k < nagg; k++)
            if ((st = agg_block(aggs[k], &c, group, err)) != OV_OK)
                goto done;
    }
    if ((st = eval_errors(&c, err)) != OV_OK)
        goto done;
    for (k = 0; k < nagg; k++)
        if ((st = agg_finish(aggs[k], ngroups, err)) != OV_OK)
            goto done;
    /* the expression over the aggregates, one "row" per group */
    if ((st = grow_bufs(e->root, ngroups, err)) != OV_OK)
        goto done;
    reset_constants(e->root);
    c.t = t;
    c.groups = true;
    c.start = 0;
    c.count = ngroups;
    col = result_column(e->root, ngroups, err);
    if (col == NULL) {
        st = err->status;
        goto done;
    }
    if (ngroups > 0) {
        /* every buffer holds at least ngroups values now: one pass */
        eval(e->root, &c);
        if (store_block(e->root, col, 0, ngroups) != OV_OK) {
            st = ov_err_nomem(err, "aggregating");
            goto done;
        }
    }
    if ((st = eval_errors(&c, err)) != OV_OK)
        goto done;
    if (col->type == OV_INT && e->root->is_agg &&
        (e->root->op == A_COUNT || e->root->op == A_COUNT_DISTINCT || e->root->op == A_SUM))
        col->measure = true; /* a count: "1,984" even in a column called "year" */
    if (e->root->is_agg && e->root->percent) {
        /* a percentage keeps its numerator and denominator */
        struct aggstate *a = e->root->agg;
        size_t g;

        if (ov_column_alloc_percent(col) != OV_OK) {
            st = ov_err_nomem(err, "aggregating");
            goto done;
        }
        for (g = 0; g < ngroups; g++) {
            if (e->root->op == A_PCT) {
                col->num[g] = a->num[g];
                col->den[g] = (double)a->count[g];
            } else {
                col->num[g] = e->root->args[0]->vt == VT_FLOAT ? a->fsum[g] + a->fcomp[g]
                                                               : (double)a->isum[g];
                col->den[g] = a->total + a->total_comp;
            }
        }
    }
    ov_column_finish(col);
    *out = col;
    col = NULL;
done:
    ov_column_unref(col);
    for (k = 0; k < nagg; k++) {
        agg_free(aggs[k]->agg);
        aggs[k]->agg = NULL;
    }
    ov_free(aggs);
    /* the buffers were resized for groups: rebind before reuse */
    ((ov_expr *)e)->bound = NULL;
    return st;
}
