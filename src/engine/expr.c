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

/* the node's text, for messages: "force", "'Essex'", "count()" */
const char *
ov_expr_node_text(const char *src, const struct node *n, char *buf, size_t size)
{
    size_t len = n->len < size - 1 ? n->len : size - 1;

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
    n->buf = NULL;
    n->missbuf = NULL;
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

const char *
ov_expr_source(const ov_expr *e)
{
    return e->src;
}
