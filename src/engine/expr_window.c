/*
 * expr_window.c - window function calls in the expression tree: their
 * names, the refusal outside mutate, and taking a call out of a parsed
 * tree (its arguments as expressions of their own, a column reference in
 * its place) for ov_query_window, which runs them (query_window.c).
 * Engine code: no Lua.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "expr_int.h"
#include "ov_mem.h"

static const struct {
    const char *name;
    enum ov_window_fn fn;
    int minargs, maxargs;
    const char *usage;
} wfns[] = {
    {"lag", OV_WIN_LAG, 1, 3, "lag(x [, k [, default]])"},
    {"lead", OV_WIN_LEAD, 1, 3, "lead(x [, k [, default]])"},
    {"row_number", OV_WIN_ROW_NUMBER, 0, 0, "row_number()"},
    {"rank", OV_WIN_RANK, 0, 1, "rank() or rank(x)"},
    {"dense_rank", OV_WIN_DENSE_RANK, 0, 1, "dense_rank() or dense_rank(x)"},
    {"cumsum", OV_WIN_CUMSUM, 1, 1, "cumsum(x)"},
    {"share", OV_WIN_SHARE, 1, 1, "share(x)"},
    {"change", OV_WIN_CHANGE, 1, 1, "change(x)"},
};

#define NWFNS (sizeof wfns / sizeof wfns[0])

int
ov_expr_window_find(const char *name)
{
    size_t k;

    /* share is found as the aggregate first (agg's share of the total) */
    for (k = 0; k < NWFNS; k++)
        if (strcmp(wfns[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* the window function a node calls (-1: none); share() counts only in
 * mutate's window pass (with_share) */
static int
window_of(const struct node *n, bool with_share)
{
    if (n == NULL || n->kind != N_CALL)
        return -1;
    if (n->op < 0)
        return -1 - n->op;
    if (with_share && n->op == (int)A_SHARE)
        return ov_expr_window_find("share");
    return -1;
}

ov_status
ov_expr_window_refuse(const char *src, const struct node *n, struct ov_err *err)
{
    size_t k;
    char buf[96];

    if (window_of(n, false) >= 0)
        return ov_err_set(
            err, OV_EINVAL,
            "%s is a window function: it looks at the other rows of a group in "
            "order, so it works in mutate only, as in t:group_by(\"force\"):mutate({ "
            "prev = \"lag(n)\" }, { order_by = \"year\" })",
            ov_expr_node_text(src, n, buf, sizeof buf));
    for (k = 0; k < n->nargs; k++)
        if (ov_expr_window_refuse(src, n->args[k], err) != OV_OK)
            return err->status;
    return OV_OK;
}

static size_t
count_node(const struct node *n)
{
    size_t k, c = window_of(n, true) >= 0;

    for (k = 0; k < n->nargs; k++)
        c += count_node(n->args[k]);
    return c;
}

size_t
ov_expr_window_count(const ov_expr *e)
{
    return e != NULL && e->root != NULL ? count_node(e->root) : 0;
}

/* the innermost window call under n (post-order: arguments first) */
static struct node *
innermost(struct node *n)
{
    size_t k;

    for (k = 0; k < n->nargs; k++) {
        struct node *w = innermost(n->args[k]);

        if (w != NULL)
            return w;
    }
    return window_of(n, true) >= 0 ? n : NULL;
}

/* argument a of n as an expression of its own, sharing e's source text so
 * that messages still point into what the user wrote */
static ov_status
detach(const ov_expr *e, struct node *n, size_t a, ov_expr **out, struct ov_err *err)
{
    ov_expr *x = ov_calloc(1, sizeof *x);

    if (x == NULL || (x->src = ov_strdup(e->src)) == NULL) {
        ov_free(x);
        return ov_err_nomem(err, "reading a window function");
    }
    x->root = n->args[a];
    n->args[a] = NULL;
    *out = x;
    return OV_OK;
}

ov_status
ov_expr_window_take(ov_expr *e, const char *col, struct ov_expr_window *w,
                    struct ov_err *err)
{
    struct node *n = e != NULL && e->root != NULL ? innermost(e->root) : NULL;
    size_t k;
    int f;
    char *name;
    ov_status st;

    memset(w, 0, sizeof *w);
    if (n == NULL)
        return ov_err_set(err, OV_ENOTFOUND, "no window function");
    f = window_of(n, true);
    w->fn = wfns[f].fn;
    w->name = wfns[f].name;
    w->k = 1;
    (void)ov_expr_node_text(e->src, n, w->text, sizeof w->text);
    if ((int)n->nargs < wfns[f].minargs || (int)n->nargs > wfns[f].maxargs)
        return ov_err_set(err, OV_EINVAL, "%s: %s takes %s", w->text, w->name,
                          wfns[f].usage);
    if (n->nargs >= 2) {
        const struct node *kn = n->args[1];

        if (kn->kind != N_INT || kn->i < 0 || kn->i > (int64_t)UINT32_MAX)
            return ov_err_set(err, OV_EINVAL,
                              "%s: k, the number of rows %s, must be a whole number "
                              "0 or more, as in %s(n, 2)",
                              w->text, w->fn == OV_WIN_LAG ? "back" : "on", w->name);
        w->k = kn->i;
    }
    if ((name = ov_strdup(col)) == NULL)
        return ov_err_nomem(err, "reading a window function");
    if (n->nargs >= 1 && (st = detach(e, n, 0, &w->x, err)) != OV_OK) {
        ov_free(name);
        return st;
    }
    /* lag(x, 1, nil): no default, as lag(x, 1) */
    if (n->nargs >= 3 && n->args[2]->kind != N_NIL &&
        (st = detach(e, n, 2, &w->dflt, err)) != OV_OK) {
        ov_free(name);
        return st;
    }
    /* the call becomes the column of its values; pos and len stay, so a
     * message about it still quotes the call */
    for (k = 0; k < n->nargs; k++)
        ov_expr_node_free(n->args[k]);
    ov_free(n->args);
    n->args = NULL;
    n->nargs = 0;
    ov_free(n->s);
    n->s = name;
    n->kind = N_COL;
    n->op = 0;
    n->height = 1;
    return OV_OK;
}

void
ov_expr_window_clear(struct ov_expr_window *w)
{
    ov_expr_free(w->x);
    ov_expr_free(w->dflt);
    w->x = NULL;
    w->dflt = NULL;
}

bool
ov_expr_is_column(const ov_expr *e, const char *col)
{
    return e != NULL && e->root != NULL && e->root->kind == N_COL &&
           strcmp(e->root->s, col) == 0;
}
