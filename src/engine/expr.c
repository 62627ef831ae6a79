/*
 * expr.c - the tree of the expression language: its nodes' life (made,
 * unbound, freed), the table of functions, the texts messages show, and
 * trees built from values rather than parsed from text (ov_expr_new_*).
 * The phases are apart: expr_parse.c, expr_bind.c, expr_eval.c,
 * expr_agg.c. Engine code: no Lua.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "expr_int.h"
#include "ov_mem.h"
#include "value.h"

const struct fninfo ov_expr_fns[NFNS] = {
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
    /* before the aggregate pct: the parser takes the first of a name, and
     * binding turns pct(condition) into the aggregate */
    {"pct", F_PCT_OF, 1, 2, "pct(condition) or pct(part, whole)"},
    {"rate", F_RATE, 2, 3, "rate(part, whole [, per])"},
    {"ci_lo", F_CI_LO, 1, 2, "ci_lo(pct(...) [, level])"},
    {"ci_hi", F_CI_HI, 1, 2, "ci_hi(pct(...) [, level])"},
    {"force_name", F_FORCE_NAME, 1, 1, "force_name(text)"},
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

_Static_assert(sizeof ov_expr_fns / sizeof ov_expr_fns[0] == NFNS,
               "one entry of ov_expr_fns per enum fn, in its order");

/* a built node's text: what the caller gave, as a message shows it */
static const char *
built_text(const struct node *n, char *buf, size_t size)
{
    char num[OV_VALUE_TEXT_MAX];

    switch (n->kind) {
    case N_COL:
        snprintf(buf, size, "%s", n->s);
        break;
    case N_STR:
        snprintf(buf, size, "'%s'", n->s);
        break;
    case N_INT:
        snprintf(buf, size, "%lld", (long long)n->i);
        break;
    case N_FLOAT:
        ov_value_format_float(num, n->f, OV_FLOAT_G);
        snprintf(buf, size, "%s", num);
        break;
    case N_BOOL:
        snprintf(buf, size, "%s", n->b ? "true" : "false");
        break;
    case N_CALL:
        snprintf(buf, size, "%s(%s)", ov_expr_fns[n->op].name,
                 n->nargs > 0 && n->args[0]->kind == N_COL ? n->args[0]->s : "");
        break;
    default:
        snprintf(buf, size, "the condition");
    }
    return buf;
}

/* the node's text, for messages: "force", "'Essex'", "count()" */
const char *
ov_expr_node_text(const char *src, const struct node *n, char *buf, size_t size)
{
    size_t len = n->len < size - 1 ? n->len : size - 1;

    if (src == NULL)
        return built_text(n, buf, size);
    memcpy(buf, src + n->pos, len);
    buf[len] = '\0';
    return buf;
}

const char *
ov_expr_vt_name(enum vt t)
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

struct node *
ov_expr_node_new(enum kind k, size_t pos)
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

/* frees what binding made, so a node can be bound again */
void
ov_expr_unbind(struct node *n)
{
    size_t i;

    for (i = 0; i < n->nargs; i++)
        ov_expr_unbind(n->args[i]);
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
    ov_expr_agg_free(n->agg);
    n->agg = NULL;
    ov_free(n->buf);
    ov_free(n->missbuf);
    ov_free(n->scratch);
    n->buf = NULL;
    n->missbuf = NULL;
    n->scratch = NULL;
    n->col = -1;
}

void
ov_expr_node_free(struct node *n)
{
    size_t i;

    if (n == NULL)
        return;
    ov_expr_unbind(n);
    for (i = 0; i < n->nargs; i++)
        ov_expr_node_free(n->args[i]);
    ov_free(n->args);
    ov_free(n->s);
    ov_free(n);
}

void
ov_expr_free(ov_expr *e)
{
    if (e == NULL)
        return;
    ov_expr_node_free(e->root);
    ov_free(e->src);
    ov_free(e);
}

/* ---------------------------------------------------------------------
 * Trees built from values
 * --------------------------------------------------------------------- */

/* a literal node for v; NULL when out of memory or v's type is not one */
static struct node *
value_node(const struct ov_expr_value *v)
{
    struct node *n;

    switch (v->type) {
    case OV_INT:
        if ((n = ov_expr_node_new(N_INT, 0)) != NULL)
            n->i = v->i;
        return n;
    case OV_FLOAT:
        if ((n = ov_expr_node_new(N_FLOAT, 0)) != NULL)
            n->f = v->f;
        return n;
    case OV_BOOL:
        if ((n = ov_expr_node_new(N_BOOL, 0)) != NULL)
            n->b = v->b;
        return n;
    case OV_STRING:
        if ((n = ov_expr_node_new(N_STR, 0)) == NULL)
            return NULL;
        /* a byte more than len, so that messages can print it as text */
        n->s = ov_malloc(v->len + 1);
        if (n->s == NULL) {
            ov_free(n);
            return NULL;
        }
        memcpy(n->s, v->s, v->len);
        n->s[v->len] = '\0';
        n->slen = v->len;
        return n;
    default:
        return NULL;
    }
}

/* a node with the given arguments, which it takes (frees on failure
 * too); NULL when out of memory, or when an argument is NULL (its making
 * ran out of memory) */
static struct node *
parent(enum kind k, int op, struct node **args, size_t nargs)
{
    struct node *n = ov_expr_node_new(k, 0);
    bool whole = n != NULL;
    size_t i;

    for (i = 0; i < nargs; i++)
        whole = whole && args[i] != NULL;
    if (whole)
        whole = (n->args = ov_malloc(nargs * sizeof *n->args)) != NULL;
    if (!whole) {
        for (i = 0; i < nargs; i++)
            ov_expr_node_free(args[i]);
        ov_expr_node_free(n);
        return NULL;
    }
    n->op = op;
    for (i = 0; i < nargs; i++) {
        n->args[i] = args[i];
        if (args[i]->height + 1 > n->height)
            n->height = args[i]->height + 1;
    }
    n->nargs = nargs;
    return n;
}

static struct node *
column_node(const char *col)
{
    struct node *n = ov_expr_node_new(N_COL, 0);

    if (n != NULL && (n->s = ov_strdup(col)) == NULL) {
        ov_free(n);
        return NULL;
    }
    if (n != NULL)
        n->slen = strlen(col);
    return n;
}

/* "col == v" or "col in (v, ...)"; NULL when out of memory */
static struct node *
term_node(const struct ov_expr_term *t)
{
    struct node **args = ov_calloc(t->nvalues + 1, sizeof *args), *n;
    size_t k;

    if (args == NULL)
        return NULL;
    args[0] = column_node(t->col);
    for (k = 0; k < t->nvalues; k++)
        args[k + 1] = value_node(&t->values[k]);
    n = parent(t->in ? N_IN : N_CMP, OP_EQ, args, t->nvalues + 1);
    ov_free(args);
    return n;
}

/* terms[0..n) joined by 'and', as a balanced tree: however many terms,
 * evaluation recurses only log2(n) deep */
static struct node *
and_of(const struct ov_expr_term *terms, size_t n)
{
    struct node *two[2];

    if (n == 1)
        return term_node(&terms[0]);
    two[0] = and_of(terms, n / 2);
    two[1] = and_of(terms + n / 2, n - n / 2);
    return parent(N_AND, 0, two, 2);
}

ov_status
ov_expr_new_equal(const struct ov_expr_term *terms, size_t n, ov_expr **out,
                  struct ov_err *err)
{
    size_t k, m;

    *out = NULL;
    if (n == 0)
        return ov_err_set(err, OV_EINVAL, "no column to compare");
    for (k = 0; k < n; k++) {
        if (terms[k].nvalues == 0 || (!terms[k].in && terms[k].nvalues != 1))
            return ov_err_set(err, OV_EINVAL, "column '%s': %s", terms[k].col,
                              terms[k].nvalues == 0
                                  ? "no value to compare with"
                                  : "more than one value, but not a list");
        for (m = 0; m < terms[k].nvalues; m++) {
            ov_type t = terms[k].values[m].type;

            if (t != OV_INT && t != OV_FLOAT && t != OV_BOOL && t != OV_STRING)
                return ov_err_set(err, OV_EINVAL,
                                  "column '%s': a value must be a number, text or true "
                                  "or false",
                                  terms[k].col);
        }
    }
    if ((*out = ov_calloc(1, sizeof **out)) == NULL ||
        ((*out)->root = and_of(terms, n)) == NULL) {
        ov_free(*out);
        *out = NULL;
        return ov_err_nomem(err, "building a condition");
    }
    return OV_OK;
}

ov_status
ov_expr_new_aggregate(const char *fn, const char *col, ov_expr **out,
                      struct ov_err *err)
{
    static const enum fn ok[] = {
        A_COUNT_DISTINCT, A_SUM, A_MEAN, A_MEDIAN, A_MIN, A_MAX, A_SHARE};
    enum { NOK = sizeof ok / sizeof ok[0] };
    struct node *arg;
    size_t k;

    *out = NULL;
    for (k = 0; k < NOK && strcmp(ov_expr_fns[ok[k]].name, fn) != 0; k++)
        ;
    if (k == NOK)
        return ov_err_set(err, OV_EINVAL, "no aggregate '%s' of one column", fn);
    arg = column_node(col);
    if ((*out = ov_calloc(1, sizeof **out)) == NULL ||
        ((*out)->root = parent(N_CALL, (int)ok[k], &arg, 1)) == NULL) {
        if (*out == NULL)
            ov_expr_node_free(arg);
        ov_free(*out);
        *out = NULL;
        return ov_err_nomem(err, "building an aggregate");
    }
    return OV_OK;
}
