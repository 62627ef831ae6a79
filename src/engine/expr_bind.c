/*
 * expr_bind.c - binding a tree to a table: names to columns, types
 * checked, string literals turned into dictionary codes and string
 * functions worked out once per distinct value, block buffers allocated.
 * Reads no rows (expr_eval.c does). Engine code: no Lua.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expr_int.h"
#include "forces.h"
#include "infer.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suggest.h"
#include "value.h"

/* ---------------------------------------------------------------------
 * Binding
 * --------------------------------------------------------------------- */

struct binder {
    const ov_table *t;
    const char *src;
    bool allow_agg;
    bool in_agg; /* inside an aggregate's argument */
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
    views_on_buf(n);
    return OV_OK;
}

/* a dictionary with one string: a string literal's */
static ov_status
literal_dict(struct node *n, struct ov_err *err)
{
    uint32_t code;

    n->owndict = ov_dict_new();
    if (n->owndict == NULL ||
        ov_dict_intern(n->owndict, n->s, n->slen, &code, NULL) != OV_OK)
        return ov_err_nomem(err, "preparing an expression");
    n->dict = n->owndict;
    return OV_OK;
}

/* reads a date literal for comparison with a date column: 'YYYY-MM-DD' or
 * any format the loader knows. A literal that is a different day read
 * month first and day first ('01/02/2020') is refused, as the loader
 * refuses such a column: OV_ETYPE with a message saying both readings. */
static ov_status
literal_date(struct binder *b, const struct node *n, int32_t *days)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    unsigned fits = ov_date_match(n->s, n->slen);
    int32_t mdy, dmy;
    int f;

    if ((fits & (1u << OV_DATE_MDY)) && (fits & (1u << OV_DATE_DMY)) &&
        ov_parse_date(n->s, n->slen, OV_DATE_MDY, &mdy) &&
        ov_parse_date(n->s, n->slen, OV_DATE_DMY, &dmy) && mdy != dmy) {
        char a[OV_VALUE_TEXT_MAX], c[OV_VALUE_TEXT_MAX];
        int ma = atoi(n->s), mc = atoi(n->s + 3);

        ov_value_format_date(a, dmy, OV_DATE_ISO);
        ov_value_format_date(c, mdy, OV_DATE_ISO);
        return ov_err_set(b->err, OV_ETYPE,
                          "'%s' could be %d %s or %d %s %.4s: write '%s' or '%s' "
                          "(year-month-day)",
                          n->s, ma, months[mc - 1], mc, months[ma - 1], n->s + 6, a, c);
    }
    for (f = 0; f < OV_DATE_NFMT; f++)
        if (ov_parse_date(n->s, n->slen, (enum ov_datefmt)f, days))
            return OV_OK;
    return ov_err_set(b->err, OV_ETYPE, "'%s' is not a date (write 'YYYY-MM-DD')",
                      n->s);
}

static ov_status bind_node(struct binder *b, struct node *n);

static ov_status
bind_col(struct binder *b, struct node *n)
{
    int j = ov_table_find(b->t, n->s);

    if (j < 0) {
        char hint[400];

        return ov_err_set(b->err, OV_ENOTFOUND, "no column '%s'%s", n->s,
                          ov_suggest_column(n->s, ov_table_names(b->t),
                                            ov_table_ncols(b->t), hint, sizeof hint));
    }
    if (b->allow_agg && !b->in_agg)
        return ov_err_set(
            b->err, OV_EINVAL,
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
            if (n->owndict == NULL ||
                ov_dict_intern(n->owndict, "", 0, &code, NULL) != OV_OK)
                return ov_err_nomem(b->err, "preparing an expression");
            n->dict = n->owndict;
        }
    }
    return OV_OK;
}

/* a built tree's column compared with a value of another type: "column
 * 'year' is a whole number, not text ('2020')" */
static ov_status
not_of_type(struct binder *b, const struct node *col, const struct node *v)
{
    char buf[96];

    return ov_err_set(b->err, OV_ETYPE, "column '%s' is %s, not %s (%s)", col->s,
                      ov_expr_vt_name(col->vt), ov_expr_vt_name(v->vt),
                      ov_expr_node_text(NULL, v, buf, sizeof buf));
}

static ov_status
bind_cmp(struct binder *b, struct node *n)
{
    struct node *l = n->args[0], *r = n->args[1];
    char x[96], y[96];

    n->vt = VT_BOOL;
    if (l->vt == VT_NULL || r->vt == VT_NULL)
        return ov_err_set(
            b->err, OV_ETYPE,
            "a comparison with nil is always false: to find missing values "
            "write '%s is nil'",
            ov_expr_node_text(b->src, l->vt == VT_NULL ? r : l, x, sizeof x));
    /* a date against a string literal: read the literal as a date */
    if (l->vt == VT_DATE && r->kind == N_STR) {
        int32_t d;

        if (literal_date(b, r, &d) != OV_OK)
            return OV_ETYPE;
        r->kind = N_INT;
        r->i = d;
        r->vt = VT_DATE;
        ov_expr_unbind(r);
        return alloc_bufs(r, b->err);
    }
    if (r->vt == VT_DATE && l->kind == N_STR) {
        int32_t d;

        if (literal_date(b, l, &d) != OV_OK)
            return OV_ETYPE;
        l->kind = N_INT;
        l->i = d;
        l->vt = VT_DATE;
        ov_expr_unbind(l);
        return alloc_bufs(l, b->err);
    }
    if (numeric(l->vt) && numeric(r->vt))
        return OV_OK;
    if (l->vt != r->vt && b->src == NULL && l->kind == N_COL)
        return not_of_type(b, l, r);
    if (l->vt != r->vt)
        return ov_err_set(
            b->err, OV_ETYPE, "cannot compare %s (%s) with %s (%s)",
            ov_expr_node_text(b->src, l, x, sizeof x), ov_expr_vt_name(l->vt),
            ov_expr_node_text(b->src, r, y, sizeof y), ov_expr_vt_name(r->vt));
    if (l->vt == VT_BOOL && n->op != OP_EQ && n->op != OP_NE)
        return ov_err_set(b->err, OV_ETYPE,
                          "true and false have no order: use == or ~=");
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

        if (!ok && b->src == NULL && x->kind == N_COL)
            return not_of_type(b, x, v);
        if (!ok)
            return ov_err_set(b->err, OV_ETYPE,
                              "%s is %s, but the list after 'in' holds %s",
                              ov_expr_node_text(b->src, x, buf, sizeof buf),
                              ov_expr_vt_name(x->vt), ov_expr_vt_name(v->vt));
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

            if (literal_date(b, v, &d) != OV_OK)
                return OV_ETYPE;
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
                ov_strbuf_putc(&s,
                               (char)(f == F_LOWER ? tolower((unsigned char)str[i])
                                                   : toupper((unsigned char)str[i])));
        }
        if (ov_strbuf_status(&s) != OV_OK ||
            ov_dict_intern(n->owndict, ov_strbuf_cstr(&s), s.len, &n->entry_code[e],
                           NULL) != OV_OK) {
            ov_strbuf_free(&s);
            return ov_err_nomem(b->err, "preparing an expression");
        }
    }
    ov_strbuf_free(&s);
    n->dict = n->owndict;
    return OV_OK;
}

/* force_name: each entry's force, by its short name; missing for a text
 * that names none (forces.c) */
static ov_status
map_forces(struct binder *b, struct node *n, const ov_dict *in)
{
    uint32_t e;

    n->vt = VT_STR;
    n->owndict = ov_dict_new();
    n->entry_code = ov_malloc((in->n ? in->n : 1) * sizeof *n->entry_code);
    n->entry_miss = ov_malloc(in->n ? in->n : 1);
    if (n->owndict == NULL || n->entry_code == NULL || n->entry_miss == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    /* code 0 exists for the rows that name no force */
    if (ov_dict_intern(n->owndict, "", 0, &e, NULL) != OV_OK)
        return ov_err_nomem(b->err, "preparing an expression");
    for (e = 0; e < in->n; e++) {
        size_t len;
        const char *s = ov_dict_str(in, e, &len);
        const struct ov_force *f = ov_force_find(s, len);

        n->entry_miss[e] = f == NULL;
        n->entry_code[e] = 0;
        if (f != NULL && ov_dict_intern(n->owndict, f->name, strlen(f->name),
                                        &n->entry_code[e], NULL) != OV_OK)
            return ov_err_nomem(b->err, "preparing an expression");
    }
    n->dict = n->owndict;
    return OV_OK;
}

/* substr: characters start.. (1-based), at most len of them (-1: all) */
static ov_status
map_substr(struct binder *b, struct node *n, const ov_dict *in, int64_t start,
           int64_t len)
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
        if (ov_dict_intern(n->owndict, str + from, to - from, &n->entry_code[e],
                           NULL) != OV_OK)
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
        if (ov_parse_int(s + a, len - a, &v) ||
            ov_parse_int_grouped(s + a, len - a, &v)) {
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

/* the function table's entry for a call node */
static const struct fninfo *
fn_info(const struct node *n)
{
    const struct fninfo *fi = NULL;
    size_t k;

    for (k = 0; k < NFNS; k++)
        if (ov_expr_fns[k].fn == (enum fn)n->op)
            fi = &ov_expr_fns[k];
    return fi;
}

/* the call has as many arguments as its function takes */
static ov_status
check_arity(struct binder *b, const struct fninfo *fi, const struct node *n)
{
    if ((int)n->nargs < fi->minargs || (int)n->nargs > fi->maxargs)
        return ov_err_set(b->err, OV_EINVAL, "%s takes %s: %s", fi->name,
                          fi->minargs == fi->maxargs
                              ? (fi->minargs == 0   ? "no arguments"
                                 : fi->minargs == 1 ? "one argument"
                                                    : "two arguments")
                              : "a different number of arguments",
                          fi->usage);
    return OV_OK;
}

/* "mean needs numbers, and x is text"; a built tree, whose argument is a
 * column named by the caller, has no text to quote: "column 'x' is text,
 * not a number" */
static ov_status
not_numbers(struct binder *b, const struct fninfo *fi, const struct node *arg)
{
    char buf[96];

    if (b->src == NULL && arg->kind == N_COL)
        return ov_err_set(b->err, OV_ETYPE, "column '%s' is %s, not a number", arg->s,
                          ov_expr_vt_name(arg->vt));
    return ov_err_set(b->err, OV_ETYPE, "%s needs numbers, and %s is %s", fi->name,
                      ov_expr_node_text(b->src, arg, buf, sizeof buf),
                      ov_expr_vt_name(arg->vt));
}

/* the type of an aggregate's value, from its argument's */
static ov_status
agg_type(struct binder *b, const struct fninfo *fi, struct node *n)
{
    char buf[96];

    switch ((enum fn)n->op) {
    case A_COUNT:
    case A_COUNT_DISTINCT:
        n->vt = VT_INT;
        break;
    case A_SUM:
        if (!numeric(n->args[0]->vt) && n->args[0]->vt != VT_BOOL)
            return not_numbers(b, fi, n->args[0]);
        n->vt = n->args[0]->vt == VT_FLOAT ? VT_FLOAT : VT_INT;
        break;
    case A_MEAN:
    case A_MEDIAN:
        if (!numeric(n->args[0]->vt) && n->args[0]->vt != VT_BOOL)
            return not_numbers(b, fi, n->args[0]);
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
            return ov_err_set(
                b->err, OV_ETYPE,
                "pct needs a condition, such as pct(outcome == 'Upheld'); "
                "%s is %s",
                ov_expr_node_text(b->src, n->args[0], buf, sizeof buf),
                ov_expr_vt_name(n->args[0]->vt));
        n->vt = VT_FLOAT;
        n->percent = true;
        break;
    case A_SHARE:
        if (!numeric(n->args[0]->vt))
            return not_numbers(b, fi, n->args[0]);
        n->vt = VT_FLOAT;
        n->percent = true;
        break;
    default:
        break;
    }
    return OV_OK;
}

/* an aggregate: allowed here, not nested, its argument bound as inside one */
static ov_status
bind_aggregate(struct binder *b, const struct fninfo *fi, struct node *n)
{
    struct binder inner = *b;
    ov_status st;
    size_t k;
    char buf[96];

    if (!b->allow_agg)
        return ov_err_set(
            b->err, OV_EINVAL,
            "%s is an aggregate: it belongs in agg{} after group_by (or in "
            "freq and crosstab), not here",
            fi->usage);
    if (b->in_agg)
        return ov_err_set(b->err, OV_EINVAL, "aggregates cannot be nested: %s",
                          ov_expr_node_text(b->src, n, buf, sizeof buf));
    inner.in_agg = true;
    for (k = 0; k < n->nargs; k++)
        if ((st = bind_node(&inner, n->args[k])) != OV_OK)
            return st;
    b->has_agg = true;
    n->is_agg = true;
    return agg_type(b, fi, n);
}

/* "lower needs text, and x is a number" */
static ov_status
not_text(struct binder *b, const struct fninfo *fi, const struct node *arg)
{
    char buf[96];

    return ov_err_set(b->err, OV_ETYPE, "%s needs text, and %s is %s", fi->name,
                      ov_expr_node_text(b->src, arg, buf, sizeof buf),
                      ov_expr_vt_name(arg->vt));
}

/* length: characters of each distinct text */
static ov_status
bind_length(struct binder *b, struct node *n)
{
    const ov_dict *d = n->args[0]->dict;
    uint32_t e;

    n->vt = VT_INT;
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
    return OV_OK;
}

/* contains, starts_with, ends_with: decided once per distinct text */
static ov_status
bind_match(struct binder *b, const struct fninfo *fi, struct node *n)
{
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

/* year and month: of a date, or of text that starts with one */
static ov_status
bind_date_part(struct binder *b, const struct fninfo *fi, struct node *n)
{
    const ov_dict *d;
    uint32_t e;
    char buf[96];

    n->vt = VT_INT;
    if (n->args[0]->vt == VT_DATE)
        return OV_OK;
    if (n->args[0]->vt != VT_STR)
        return ov_err_set(b->err, OV_ETYPE, "%s needs a date, and %s is %s", fi->name,
                          ov_expr_node_text(b->src, n->args[0], buf, sizeof buf),
                          ov_expr_vt_name(n->args[0]->vt));
    /* text that starts with a date, such as a timestamp */
    d = n->args[0]->dict;
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
    return OV_OK;
}

/* substr(text, start [, length]) */
static ov_status
bind_substr(struct binder *b, const struct fninfo *fi, struct node *n)
{
    size_t k;

    if (n->args[0]->vt != VT_STR)
        return not_text(b, fi, n->args[0]);
    for (k = 1; k < n->nargs; k++)
        if (n->args[k]->kind != N_INT || (k == 1 && n->args[k]->i < 1))
            return ov_err_set(b->err, OV_EINVAL,
                              "substr takes a start of 1 or more and a length as whole "
                              "numbers: %s",
                              fi->usage);
    n->vt = VT_STR;
    return map_substr(b, n, n->args[0]->dict, n->args[1]->i,
                      n->nargs == 3 ? n->args[2]->i : -1);
}

/* argument k of n is one of its values (not a case's condition) */
static bool
is_value_arg(const struct node *n, size_t k)
{
    return n->kind != N_CASE || k % 2 == 1 || k + 1 == n->nargs;
}

/* the refusal of values of two types that do not mix, with a way out */
static ov_status
not_one_type(struct binder *b, const char *what, const struct node *x,
             const struct node *y)
{
    char xs[96], ys[96];
    const struct node *txt = x->vt == VT_STR ? x : y;
    const struct node *other = txt == x ? y : x;
    char hint[300] = "";

    ov_expr_node_text(b->src, x, xs, sizeof xs);
    ov_expr_node_text(b->src, y, ys, sizeof ys);
    if (txt->vt == VT_STR && numeric(other->vt))
        snprintf(hint, sizeof hint,
                 "; read the text as a number with number(%s), or write the "
                 "number as text ('1' rather than 1)",
                 txt == x ? xs : ys);
    else if (x->vt == VT_BOOL || y->vt == VT_BOOL)
        snprintf(hint, sizeof hint,
                 "; for a number write the condition as if(condition, 1, 0)");
    return ov_err_set(b->err, OV_ETYPE,
                      "%s needs values of one type, and %s is %s while %s is %s "
                      "(whole numbers and decimals mix, nil goes with anything)%s",
                      what, xs, ov_expr_vt_name(x->vt), ys, ov_expr_vt_name(y->vt),
                      hint);
}

/* coalesce, case and if: one type for all the values (whole numbers and
 * decimals make decimals, nil goes with anything), and for text one
 * dictionary */
static ov_status
bind_unify(struct binder *b, struct node *n, const char *what)
{
    enum vt t = VT_NULL;
    const struct node *first = NULL;
    size_t k;

    for (k = 0; k < n->nargs; k++) {
        enum vt a = n->args[k]->vt;

        if (!is_value_arg(n, k) || a == VT_NULL)
            continue;
        if (t == VT_NULL) {
            t = a;
            first = n->args[k];
        } else if (numeric(t) && numeric(a)) {
            t = t == VT_FLOAT || a == VT_FLOAT ? VT_FLOAT : VT_INT;
        } else if (t != a) {
            return not_one_type(b, what, first, n->args[k]);
        }
    }
    n->vt = t;
    if (t != VT_STR)
        return OV_OK;
    /* one dictionary for all arguments */
    n->owndict = ov_dict_new();
    n->arg_maps = ov_calloc(n->nargs, sizeof *n->arg_maps);
    if (n->owndict == NULL || n->arg_maps == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    for (k = 0; k < n->nargs; k++) {
        const ov_dict *d = n->args[k]->dict;
        uint32_t e;

        if (d == NULL || !is_value_arg(n, k))
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
    return OV_OK;
}

/* case ... end and if(c, a, b): conditions true or false, values of one
 * type; scratch for the row lists of the branches */
static ov_status
bind_case(struct binder *b, struct node *n)
{
    const char *what = n->b ? "case" : "if";
    ov_status st;
    size_t k;
    char x[96];

    for (k = 0; k < n->nargs; k++)
        if ((st = bind_node(b, n->args[k])) != OV_OK)
            return st;
    for (k = 0; k + 1 < n->nargs; k += 2) {
        enum vt t = n->args[k]->vt;

        if (t != VT_BOOL && t != VT_NULL)
            return ov_err_set(
                b->err, OV_ETYPE,
                "%s needs a condition (true or false) %s, and %s is %s (compare "
                "it, as in %s == ...)",
                what, n->b ? "after 'when'" : "first",
                ov_expr_node_text(b->src, n->args[k], x, sizeof x), ov_expr_vt_name(t),
                x);
    }
    if ((st = bind_unify(b, n, what)) != OV_OK)
        return st;
    /* figures of one kind in every branch (or nil): a figure too, so that
     * if(count() >= 10, pct(...), nil) prints as a percentage */
    n->percent = n->vt == VT_FLOAT;
    for (k = 0, n->per = -1; k < n->nargs && n->percent; k++) {
        const struct node *v = n->args[k];

        if (!is_value_arg(n, k) || v->vt == VT_NULL)
            continue;
        n->percent = v->percent && (n->per < 0 || n->per == v->per);
        n->per = v->per;
    }
    if (!n->percent)
        n->per = 0;
    n->scratch = ov_malloc(5 * BLK * sizeof *n->scratch);
    if (n->scratch == NULL)
        return ov_err_nomem(b->err, "preparing an expression");
    return OV_OK;
}

/* a positive number written out, as rate's per or an interval's level */
static bool
literal_number(const struct node *n, double *v)
{
    if (n->kind == N_INT)
        *v = (double)n->i;
    else if (n->kind == N_FLOAT)
        *v = n->f;
    else
        return false;
    return isfinite(*v) && *v > 0;
}

/* pct(part, whole) and rate(part, whole [, per]), row by row: figures
 * that keep their part and whole */
static ov_status
bind_figure(struct binder *b, const struct fninfo *fi, struct node *n)
{
    size_t k;

    for (k = 0; k < 2; k++)
        if (!numeric(n->args[k]->vt))
            return not_numbers(b, fi, n->args[k]);
    n->per = 0; /* a percentage */
    if (n->op == F_RATE) {
        n->per = 1000;
        if (n->nargs == 3 && !literal_number(n->args[2], &n->per))
            return ov_err_set(b->err, OV_EINVAL,
                              "rate's 'per' is a number above 0 written out, as in "
                              "rate(complaints, officers, 1000)");
    }
    n->vt = VT_FLOAT;
    n->percent = true;
    return OV_OK;
}

/* ci_lo(figure [, level]), ci_hi(...): the figure is pct(...), share(x)
 * or rate(...), the level a number in (0, 1), 0.95 unless given */
static ov_status
bind_ci(struct binder *b, const struct fninfo *fi, struct node *n)
{
    struct ov_figure f;
    struct ov_err e;
    double lo, hi;
    char buf[96];

    if (!n->args[0]->percent)
        return ov_err_set(b->err, OV_ETYPE,
                          "%s needs a figure: pct(condition), share(x), pct(part, "
                          "whole) or rate(part, whole, per); %s is not one (%s)",
                          fi->name,
                          ov_expr_node_text(b->src, n->args[0], buf, sizeof buf),
                          fi->usage);
    n->f = 0.95;
    if (n->nargs == 2 && (!literal_number(n->args[1], &n->f) || n->f >= 1))
        return ov_err_set(b->err, OV_EINVAL,
                          "%s's level is a number between 0 and 1 written out, as in "
                          "%s(pct(upheld), 0.95)",
                          fi->name, fi->name);
    /* ask once, so a build without intervals says so before any row */
    if (ov_figure_pct(1, 2, &f, &e) != OV_OK ||
        ov_figure_ci(&f, n->f, &lo, &hi, &e) != OV_OK)
        return ov_err_set(b->err, OV_EINVAL, "%s: %s", fi->name, e.msg);
    n->vt = VT_FLOAT;
    return OV_OK;
}

static ov_status
bind_call(struct binder *b, struct node *n)
{
    const struct fninfo *fi;
    ov_status st;
    size_t k;
    char buf[96];

    /* pct of one argument, a condition, is the aggregate */
    if (n->op == F_PCT_OF && n->nargs == 1)
        n->op = A_PCT;
    fi = fn_info(n);
    if ((st = check_arity(b, fi, n)) != OV_OK)
        return st;
    if (n->op >= A_COUNT)
        return bind_aggregate(b, fi, n);
    for (k = 0; k < n->nargs; k++)
        if ((st = bind_node(b, n->args[k])) != OV_OK)
            return st;
    switch ((enum fn)n->op) {
    case F_LOWER:
    case F_UPPER:
    case F_TRIM:
        if (n->args[0]->vt != VT_STR)
            return not_text(b, fi, n->args[0]);
        n->vt = VT_STR;
        return map_strings(b, n, n->args[0]->dict, (enum fn)n->op);
    case F_LENGTH:
        if (n->args[0]->vt != VT_STR)
            return not_text(b, fi, n->args[0]);
        return bind_length(b, n);
    case F_CONTAINS:
    case F_STARTS_WITH:
    case F_ENDS_WITH:
        return bind_match(b, fi, n);
    case F_YEAR:
    case F_MONTH:
        return bind_date_part(b, fi, n);
    case F_ROUND:
        if (!numeric(n->args[0]->vt) || (n->nargs == 2 && n->args[1]->kind != N_INT))
            return ov_err_set(b->err, OV_ETYPE,
                              "round needs a number and a whole number of "
                              "decimals: round(x, 1)");
        n->vt = n->nargs == 1 && n->args[0]->vt == VT_INT ? VT_INT : VT_FLOAT;
        return OV_OK;
    case F_ABS:
        if (!numeric(n->args[0]->vt))
            return ov_err_set(b->err, OV_ETYPE, "abs needs a number, and %s is %s",
                              ov_expr_node_text(b->src, n->args[0], buf, sizeof buf),
                              ov_expr_vt_name(n->args[0]->vt));
        n->vt = n->args[0]->vt;
        return OV_OK;
    case F_SUBSTR:
        return bind_substr(b, fi, n);
    case F_NUMBER:
        if (n->args[0]->vt != VT_STR)
            return not_text(b, fi, n->args[0]);
        return map_numbers(b, n, n->args[0]->dict);
    case F_COALESCE:
        return bind_unify(b, n, "coalesce");
    case F_PCT_OF:
    case F_RATE:
        return bind_figure(b, fi, n);
    case F_CI_LO:
    case F_CI_HI:
        return bind_ci(b, fi, n);
    case F_FORCE_NAME:
        if (n->args[0]->vt != VT_STR)
            return not_text(b, fi, n->args[0]);
        return map_forces(b, n, n->args[0]->dict);
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
    case N_CASE:
        if ((st = bind_case(b, n)) != OV_OK)
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
                                  ov_expr_node_text(b->src, n->args[0], x, sizeof x),
                                  ov_expr_vt_name(n->args[0]->vt));
            n->vt = n->args[0]->vt;
            break;
        case N_NOT:
            if (n->args[0]->vt != VT_BOOL)
                return ov_err_set(b->err, OV_ETYPE,
                                  "'not' needs a condition, and %s is %s",
                                  ov_expr_node_text(b->src, n->args[0], x, sizeof x),
                                  ov_expr_vt_name(n->args[0]->vt));
            n->vt = VT_BOOL;
            break;
        case N_AND:
        case N_OR:
            for (k = 0; k < 2; k++)
                if (n->args[k]->vt != VT_BOOL)
                    return ov_err_set(
                        b->err, OV_ETYPE,
                        "'%s' joins conditions, and %s is %s (compare it, as in "
                        "%s == ...)",
                        n->kind == N_AND ? "and" : "or",
                        ov_expr_node_text(b->src, n->args[k], x, sizeof x),
                        ov_expr_vt_name(n->args[k]->vt),
                        ov_expr_node_text(b->src, n->args[k], y, sizeof y));
            n->vt = VT_BOOL;
            break;
        case N_ARITH: {
            enum vt l = n->args[0]->vt, r = n->args[1]->vt;

            if (l == VT_DATE && r == VT_DATE && n->op == OP_SUB) {
                n->vt = VT_INT; /* days between */
            } else if (l == VT_DATE && r == VT_INT &&
                       (n->op == OP_ADD || n->op == OP_SUB)) {
                n->vt = VT_DATE;
            } else if (!numeric(l) || !numeric(r)) {
                const struct node *bad = numeric(l) ? n->args[1] : n->args[0];

                return ov_err_set(b->err, OV_ETYPE,
                                  "arithmetic needs numbers, and %s is %s",
                                  ov_expr_node_text(b->src, bad, x, sizeof x),
                                  ov_expr_vt_name(bad->vt));
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

    ov_expr_unbind(e->root);
    e->bound = NULL;
    if ((st = ov_expr_window_refuse(e->src, e->root, err)) != OV_OK)
        return st;
    st = bind_node(&b, e->root);
    if (st != OV_OK) {
        ov_expr_unbind(e->root);
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
