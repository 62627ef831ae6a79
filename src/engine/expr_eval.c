/*
 * expr_eval.c - evaluating a bound tree BLK rows at a time, in C: every
 * node owns buffers for BLK rows; a column reference points straight into
 * the column when rows map one to one, else gathers. A string value is a
 * code into a dictionary the node knew at bind time, so a predicate or
 * function over strings is a table lookup per row. Comparisons and logic
 * yield plain true/false: a comparison with a missing value is false, and
 * a missing boolean counts as false. Aggregates are expr_agg.c's.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "expr_int.h"
#include "infer.h"
#include "ov_mem.h"
#include "value.h"

/* ---------------------------------------------------------------------
 * Evaluation, BLK rows at a time
 * --------------------------------------------------------------------- */

/* the missing flags of the block, from a column's bitmap and index */
static uint8_t *
col_miss(struct node *n, const struct ov_view *v, size_t start, size_t count,
         const uint32_t *sel)
{
    size_t i;
    bool any = false;

    if (v->col->valid == NULL && v->idx == NULL)
        return NULL;
    for (i = 0; i < count; i++) {
        size_t r = ov_view_row(v, start + (sel != NULL ? sel[i] : i));

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

    n->miss = col_miss(n, &v, s, cnt, c->sel);
    if (v.idx == NULL && c->sel == NULL) {
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
    views_on_buf(n);
    for (i = 0; i < cnt; i++) {
        size_t at = s + (c->sel != NULL ? c->sel[i] : i);
        size_t r = v.idx != NULL ? v.idx[at] : at;

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

    ov_expr_eval_node(a, c);
    ov_expr_eval_node(b, c);
    n->miss = merge_miss(n, a, b, cnt);
    if (n->vt == VT_DATE) {
        for (i = 0; i < cnt; i++) {
            int64_t r;
            bool of = n->op == OP_ADD
                          ? __builtin_add_overflow((int64_t)a->vd[i], b->vi[i], &r)
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

#define CMP_LOOP(expr)                                                                 \
    do {                                                                               \
        switch (n->op) {                                                               \
        case OP_EQ:                                                                    \
            for (i = 0; i < cnt; i++) {                                                \
                CMP_VARS;                                                              \
                out[i] = (x == y);                                                     \
            }                                                                          \
            break;                                                                     \
        case OP_NE:                                                                    \
            for (i = 0; i < cnt; i++) {                                                \
                CMP_VARS;                                                              \
                out[i] = (x != y);                                                     \
            }                                                                          \
            break;                                                                     \
        case OP_LT:                                                                    \
            for (i = 0; i < cnt; i++) {                                                \
                CMP_VARS;                                                              \
                out[i] = (x < y);                                                      \
            }                                                                          \
            break;                                                                     \
        case OP_LE:                                                                    \
            for (i = 0; i < cnt; i++) {                                                \
                CMP_VARS;                                                              \
                out[i] = (x <= y);                                                     \
            }                                                                          \
            break;                                                                     \
        case OP_GT:                                                                    \
            for (i = 0; i < cnt; i++) {                                                \
                CMP_VARS;                                                              \
                out[i] = (x > y);                                                      \
            }                                                                          \
            break;                                                                     \
        default:                                                                       \
            for (i = 0; i < cnt; i++) {                                                \
                CMP_VARS;                                                              \
                out[i] = (x >= y);                                                     \
            }                                                                          \
        }                                                                              \
        (void)(expr);                                                                  \
    } while (0)

static void
eval_cmp(struct node *n, struct ctx *c)
{
    struct node *a = n->args[0], *b = n->args[1];
    size_t i, cnt = c->count;
    uint8_t *out = n->vb;

    ov_expr_eval_node(a, c);
    ov_expr_eval_node(b, c);
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

#define CMP_VARS                                                                       \
    int64_t x = xa[i];                                                                 \
    int64_t y = yb[i]
        CMP_LOOP(0);
#undef CMP_VARS
    } else if (a->vt == VT_DATE && b->vt == VT_DATE) {
        const int32_t *xa = a->vd, *yb = b->vd;

#define CMP_VARS                                                                       \
    int32_t x = xa[i];                                                                 \
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
            if (n->set_isint[k] ? n->set_i[k] == xv
                                : cmp_int_double(xv, n->set_f[k]) == 0)
                return true;
        return false;
    }
    if (x->vt == VT_FLOAT) {
        double xv = x->vf[i];

        for (k = 0; k < n->nset; k++)
            if (n->set_isint[k] ? cmp_int_double(n->set_i[k], xv) == 0
                                : n->set_f[k] == xv)
                return true;
        return false;
    }
    for (k = 0; k < n->nset; k++)
        if (n->set_f[k] == num_at(x, i))
            return true;
    return false;
}

bool
ov_expr_fig_parts(const struct node *n, size_t i, double *part, double *whole,
                  double *per)
{
    const struct aggstate *a = n->agg;

    *per = n->per;
    if (n->kind == N_CASE) {
        /* the figure of the branch the row took, at its row there */
        size_t k, j = i;

        if (miss_at(n, i))
            return false;
        if (n->i) { /* every branch evaluated on every row */
            for (k = 0; k + 1 < n->nargs && !truth(n->args[k], i); k += 2)
                ;
            k = k + 1 < n->nargs ? k + 1 : k;
        } else {
            k = n->scratch[3 * BLK + i];
            j = n->scratch[4 * BLK + i];
        }
        return ov_expr_fig_parts(n->args[k], j, part, whole, per);
    }
    switch ((enum fn)n->op) {
    case A_PCT:
        /* in group context: row i is group i */
        *part = a->num[i];
        *whole = (double)a->count[i];
        return true;
    case A_SHARE:
        *part =
            n->args[0]->vt == VT_FLOAT ? a->fsum[i] + a->fcomp[i] : (double)a->isum[i];
        *whole = a->total + a->total_comp;
        return true;
    case F_PCT_OF:
    case F_RATE:
        *part = num_at(n->args[0], i);
        *whole = num_at(n->args[1], i);
        return true;
    default:
        return false;
    }
}

ov_status
ov_expr_store_figure(const struct node *r, ov_column *col, size_t at, size_t cnt)
{
    size_t i;
    double per = 0;

    if (!r->percent || col->type != OV_FLOAT)
        return OV_OK;
    if (ov_column_alloc_percent(col) != OV_OK)
        return OV_ENOMEM;
    for (i = 0; i < cnt; i++)
        (void)ov_expr_fig_parts(r, i, &col->num[at + i], &col->den[at + i], &per);
    col->per = per;
    return OV_OK;
}

/* pct(part, whole) and rate(part, whole, per) row by row: per x part /
 * whole, missing where either is or the whole is 0 (as x / 0 is) */
static void
eval_figure(struct node *n, size_t cnt)
{
    const struct node *p = n->args[0], *w = n->args[1];
    double per = n->per > 0 ? n->per : 100;
    bool any = false;
    size_t i;

    for (i = 0; i < cnt; i++) {
        double whole = num_at(w, i);

        n->missbuf[i] = (uint8_t)(miss_at(p, i) || miss_at(w, i) || whole == 0);
        n->vf[i] = n->missbuf[i] ? 0 : per * num_at(p, i) / whole;
        any |= n->missbuf[i];
    }
    n->miss = any ? n->missbuf : NULL;
}

/* ci_lo and ci_hi: an end of the interval of the figure in each row,
 * missing where there is no figure or no interval */
static void
eval_ci(struct node *n, size_t cnt)
{
    const struct node *a = n->args[0];
    bool any = false;
    size_t i;

    for (i = 0; i < cnt; i++) {
        struct ov_figure f;
        struct ov_err e;
        double part, whole, per, lo = 0, hi = 0;
        bool ok = !miss_at(a, i) && ov_expr_fig_parts(a, i, &part, &whole, &per);

        if (ok)
            ok = (per > 0 ? ov_figure_rate(part, whole, per, &f, &e)
                          : ov_figure_pct(part, whole, &f, &e)) == OV_OK &&
                 ov_figure_ci(&f, n->f, &lo, &hi, &e) == OV_OK;
        n->missbuf[i] = (uint8_t)!ok;
        n->vf[i] = !ok ? 0 : n->op == F_CI_LO ? lo : hi;
        any |= !ok;
    }
    n->miss = any ? n->missbuf : NULL;
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
        ov_expr_eval_node(n->args[k], c);
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
    case F_FORCE_NAME: {
        bool any = false;

        for (i = 0; i < cnt; i++) {
            n->vs[i] = n->entry_code[a->vs[i]];
            n->missbuf[i] = (uint8_t)(n->entry_miss[a->vs[i]] || miss_at(a, i));
            any |= n->missbuf[i];
        }
        n->miss = any ? n->missbuf : NULL;
        break;
    }
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
    case F_PCT_OF:
    case F_RATE:
        eval_figure(n, cnt);
        break;
    case F_CI_LO:
    case F_CI_HI:
        eval_ci(n, cnt);
        break;
    default:
        break;
    }
}

/* the value of row j of branch v into row i of the case n, converted to
 * n's type */
static void
case_put(struct node *n, size_t k, size_t i, const struct node *v, size_t j)
{
    if (!n->i) {
        n->scratch[3 * BLK + i] = (uint32_t)k;
        n->scratch[4 * BLK + i] = (uint32_t)j;
    }
    n->missbuf[i] = (uint8_t)(v->vt == VT_NULL || miss_at(v, j));
    if (n->missbuf[i])
        return;
    switch (n->vt) {
    case VT_INT:
        n->vi[i] = v->vi[j];
        break;
    case VT_FLOAT:
        n->vf[i] = num_at(v, j);
        break;
    case VT_BOOL:
        n->vb[i] = v->vb[j];
        break;
    case VT_DATE:
        n->vd[i] = v->vd[j];
        break;
    case VT_STR:
        n->vs[i] = n->arg_maps[k][v->vs[j]];
        break;
    default:
        break;
    }
}

/* evaluates argument k of a case on the rows list[0..m) of the block (a
 * sub-block of c), so that a branch runs only on the rows it is for and an
 * error in a branch not taken (a sum past 64 bits) never fires */
static void
case_arg_on(struct node *n, size_t k, struct ctx *c, const uint32_t *list, size_t m)
{
    struct ctx sub = *c;
    uint32_t *sel = n->scratch + 2 * BLK;
    size_t j;

    if (m == c->count) {
        sub.sel = c->sel; /* every row of the block: as it is */
    } else {
        for (j = 0; j < m; j++)
            sel[j] = c->sel != NULL ? c->sel[list[j]] : list[j];
        sub.sel = sel;
    }
    sub.count = m;
    ov_expr_eval_node(n->args[k], &sub);
    c->overflow |= sub.overflow;
    c->date_range |= sub.date_range;
    c->div_zero |= sub.div_zero;
}

/* case when c1 then v1 ... else e end (and if): each condition is
 * evaluated on the rows no earlier one took, each value on the rows its
 * condition took; a missing condition is not true (as SQL's CASE). In
 * group context (rows are groups, values of aggregates in place) every
 * argument is evaluated on every group and the values are picked. */
static void
eval_case(struct node *n, struct ctx *c)
{
    size_t cnt = c->count, nrest = cnt, i, j, k;
    bool whole = c->groups || n->scratch == NULL;
    uint32_t *rest = n->scratch, *take = whole ? NULL : n->scratch + BLK;
    bool any = false;

    n->i = whole; /* for ov_expr_fig_parts */
    if (whole) {
        for (k = 0; k < n->nargs; k++)
            ov_expr_eval_node(n->args[k], c);
        for (i = 0; i < cnt; i++) {
            for (k = 0; k + 1 < n->nargs && !truth(n->args[k], i); k += 2)
                ;
            k = k + 1 < n->nargs ? k + 1 : k;
            case_put(n, k, i, n->args[k], i);
            any |= n->missbuf[i];
        }
        n->miss = any ? n->missbuf : NULL;
        return;
    }
    for (i = 0; i < cnt; i++)
        rest[i] = (uint32_t)i;
    for (k = 0; k + 1 < n->nargs && nrest > 0; k += 2) {
        size_t ntake = 0, nleft = 0;

        case_arg_on(n, k, c, rest, nrest);
        for (j = 0; j < nrest; j++) {
            if (truth(n->args[k], j))
                take[ntake++] = rest[j];
            else
                rest[nleft++] = rest[j];
        }
        nrest = nleft;
        if (ntake == 0)
            continue;
        case_arg_on(n, k + 1, c, take, ntake);
        for (j = 0; j < ntake; j++) {
            case_put(n, k + 1, take[j], n->args[k + 1], j);
            any |= n->missbuf[take[j]];
        }
    }
    if (nrest > 0) {
        k = n->nargs - 1;
        case_arg_on(n, k, c, rest, nrest);
        for (j = 0; j < nrest; j++) {
            case_put(n, k, rest[j], n->args[k], j);
            any |= n->missbuf[rest[j]];
        }
    }
    n->miss = any ? n->missbuf : NULL;
}

void
ov_expr_eval_node(struct node *n, struct ctx *c)
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
        ov_expr_eval_node(n->args[0], c);
        n->miss = n->args[0]->miss;
        for (i = 0; i < cnt; i++) {
            if (n->vt != VT_INT) {
                n->vf[i] = -n->args[0]->vf[i];
            } else if (__builtin_sub_overflow((int64_t)0, n->args[0]->vi[i],
                                              &n->vi[i])) {
                if (!miss_at(n, i))
                    c->overflow = true;
            }
        }
        break;
    case N_NOT:
        ov_expr_eval_node(n->args[0], c);
        for (i = 0; i < cnt; i++)
            n->vb[i] = (uint8_t)!truth(n->args[0], i);
        n->miss = NULL;
        break;
    case N_AND:
    case N_OR:
        ov_expr_eval_node(n->args[0], c);
        ov_expr_eval_node(n->args[1], c);
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

        ov_expr_eval_node(x, c);
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
        ov_expr_eval_node(n->args[0], c);
        for (i = 0; i < cnt; i++)
            n->vb[i] = (uint8_t)(miss_at(n->args[0], i) != n->negate);
        n->miss = NULL;
        break;
    case N_CALL:
        eval_call(n, c);
        break;
    case N_CASE:
        eval_case(n, c);
        break;
    }
}

/* literals hold their values across blocks; a new evaluation refills them */
void
ov_expr_reset_constants(struct node *n)
{
    size_t k;

    if (n->kind == N_INT || n->kind == N_FLOAT || n->kind == N_BOOL ||
        n->kind == N_NIL || n->kind == N_STR)
        n->constant = true;
    for (k = 0; k < n->nargs; k++)
        ov_expr_reset_constants(n->args[k]);
}

ov_status
ov_expr_check_bound(const ov_expr *e, const ov_table *t, struct ov_err *err)
{
    if (e->bound != t)
        return ov_err_set(err, OV_EINVAL, "expression not bound to this table");
    return OV_OK;
}

ov_status
ov_expr_eval_errors(const struct ctx *c, struct ov_err *err)
{
    if (c->overflow)
        return ov_err_set(
            err, OV_ERANGE,
            "a whole-number result is too large for 64 bits (divide by 1.0 "
            "somewhere to work in floating point)");
    if (c->date_range)
        return ov_err_set(
            err, OV_ERANGE,
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
    struct ctx c = {t, 0, 0, false, false, false, false, NULL};
    ov_status st;

    *rows = NULL;
    *n = 0;
    if ((st = ov_expr_check_bound(e, t, err)) != OV_OK)
        return st;
    if (e->root->vt != VT_BOOL && e->src == NULL)
        return ov_err_set(err, OV_ETYPE, "the condition gives %s, not true or false",
                          ov_expr_vt_name(e->root->vt));
    if (e->root->vt != VT_BOOL)
        return ov_err_set(
            err, OV_ETYPE,
            "the condition gives %s, not true or false (compare it, as in "
            "%s == ...)",
            ov_expr_vt_name(e->root->vt), e->src);
    ov_expr_reset_constants(e->root);
    for (start = 0; start < nrows; start += BLK) {
        size_t cnt = nrows - start < BLK ? nrows - start : BLK, i;
        const uint8_t *v;

        if (ov_interrupted()) {
            ov_free(out);
            return ov_err_interrupted(err);
        }
        c.start = start;
        c.count = cnt;
        ov_expr_eval_node(e->root, &c);
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
    if ((st = ov_expr_eval_errors(&c, err)) != OV_OK) {
        ov_free(out);
        return st;
    }
    *rows = out;
    *n = got;
    return OV_OK;
}

/* copies the block values of node r into column col at rows [at, at+cnt) */
ov_status
ov_expr_store_block(const struct node *r, ov_column *col, size_t at, size_t cnt)
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

ov_column *
ov_expr_result_column(const struct node *r, size_t n, struct ov_err *err)
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
    struct ctx c = {t, 0, 0, false, false, false, false, NULL};
    ov_column *col;
    ov_status st;

    *out = NULL;
    if ((st = ov_expr_check_bound(e, t, err)) != OV_OK)
        return st;
    col = ov_expr_result_column(e->root, nrows, err);
    if (col == NULL)
        return err->status;
    ov_expr_reset_constants(e->root);
    for (start = 0; start < nrows && e->root->vt != VT_NULL; start += BLK) {
        size_t cnt = nrows - start < BLK ? nrows - start : BLK;

        if (ov_interrupted()) {
            ov_column_unref(col);
            return ov_err_interrupted(err);
        }
        c.start = start;
        c.count = cnt;
        ov_expr_eval_node(e->root, &c);
        if (ov_expr_store_block(e->root, col, start, cnt) != OV_OK ||
            ov_expr_store_figure(e->root, col, start, cnt) != OV_OK) {
            ov_column_unref(col);
            return ov_err_nomem(err, "computing a column");
        }
    }
    if ((st = ov_expr_eval_errors(&c, err)) != OV_OK) {
        ov_column_unref(col);
        return st;
    }
    ov_column_finish(col);
    *out = col;
    return OV_OK;
}
