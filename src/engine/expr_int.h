/*
 * expr_int.h - what the phases of the expression language share: the tree
 * (struct node), the function table, the evaluation context and the small
 * helpers the evaluator and the aggregates both run per row. Private to
 * src/engine/expr*.c; nothing else includes it. Engine code: no Lua.
 */
#ifndef OV_EXPR_INT_H
#define OV_EXPR_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dict.h"
#include "expr.h"

#define BLK 1024

/* ---------------------------------------------------------------------
 * The tree
 * --------------------------------------------------------------------- */

enum kind {
    N_INT,
    N_FLOAT,
    N_STR,
    N_BOOL,
    N_NIL, /* literals */
    N_COL, /* a column */
    N_NEG,
    N_NOT,
    N_ARITH,
    N_CMP,
    N_AND,
    N_OR,
    N_IN,
    N_ISNIL,
    N_CALL,
    N_CASE /* case when c1 then v1 ... else e end, and if(c, a, b): the
              arguments are c1, v1, c2, v2, ..., e (a nil literal when
              there is no else) */
};

enum op {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD,
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE
};

enum fn {
    F_LOWER,
    F_UPPER,
    F_TRIM,
    F_LENGTH,
    F_CONTAINS,
    F_STARTS_WITH,
    F_ENDS_WITH,
    F_YEAR,
    F_MONTH,
    F_COALESCE,
    F_ROUND,
    F_ABS,
    F_SUBSTR,
    F_NUMBER,
    F_PCT_OF, /* pct(part, whole), row by row; pct(condition) is A_PCT */
    F_RATE,   /* rate(part, whole [, per]) */
    F_CI_LO,  /* ci_lo(figure [, level]): the interval's ends */
    F_CI_HI,
    F_FORCE_NAME, /* force_name(text): forces.c's short name */
    /* aggregates */
    A_COUNT,
    A_COUNT_DISTINCT,
    A_SUM,
    A_MEAN,
    A_MEDIAN,
    A_MIN,
    A_MAX,
    A_PCT,
    A_SHARE
};

/* the functions of the language, in the order of enum fn (expr.c) */
struct fninfo {
    const char *name;
    enum fn fn;
    int minargs, maxargs;
    const char *usage;
};
#define NFNS ((size_t)A_SHARE + 1)
extern const struct fninfo ov_expr_fns[NFNS];

/* value types during evaluation; VT_NULL is the literal nil */
enum vt { VT_INT, VT_FLOAT, VT_BOOL, VT_STR, VT_DATE, VT_NULL };

/* per-group state of an aggregate */
/* a (group, value) pair in count_distinct's hash set: the value's 64 bits
 * whole, so that different values never count as one */
struct dkey {
    uint64_t v;
    uint32_t g1; /* group + 1; 0 marks an empty slot */
};

struct aggstate {
    size_t ngroups;
    int64_t *count;       /* values seen (or rows, for count and pct) */
    __int128 *isum;       /* whole-number sums: no overflow midway, checked at
                             the end against 64 bits */
    double *fsum, *fcomp; /* Neumaier sums */
    double *num;          /* pct: rows where true */
    int64_t *best;        /* min/max of ints, dates, codes (by rank) */
    double *fbest;
    uint8_t *seen;
    double total; /* share: the sum over every row */
    double total_comp;
    /* count_distinct */
    uint64_t *bits; /* ngroups x dictionary size bitmap, or for whole
                       numbers, dates and booleans (ibits) a value range x
                       ngroups one: bit (v - ilo) * ngroups + group */
    bool ibits;
    int64_t ilo;
    struct dkey *keys; /* or a hash set of (group, value) */
    size_t nkeys, capkeys;
    /* median: values gathered per group */
    double *vals;
    size_t nvals, capvals;
    uint32_t *vgroup;
    uint32_t *rank; /* min/max of strings: rank of each dictionary entry */
};

struct node {
    enum kind kind;
    unsigned height; /* 1 for a leaf, else 1 + the tallest argument */
    int op;          /* enum op, or enum fn for N_CALL */
    size_t pos, len; /* where it is in the source */
    int64_t i;
    double f;
    char *s; /* string literal, column or function name */
    size_t slen;
    bool b;
    bool negate; /* N_IN: not in; N_ISNIL: is not nil */
    struct node **args;
    size_t nargs;
    /* bound */
    enum vt vt;
    int col;              /* N_COL: column index */
    const ov_dict *dict;  /* VT_STR: the dictionary of the codes */
    ov_dict *owndict;     /* when the node made its dictionary */
    uint8_t *entry_bool;  /* per input dictionary entry: a predicate */
    uint32_t *entry_code; /* per input dictionary entry: a new code */
    int64_t *entry_int;   /* per input dictionary entry: a number */
    double *entry_f;      /* per input dictionary entry: a decimal number */
    uint8_t *entry_miss;  /* per input dictionary entry: no value */
    uint32_t **arg_maps;  /* coalesce and case of strings: per argument */
    int64_t *set_i;       /* N_IN over numbers: whole numbers here, */
    double *set_f;        /* the rest (and dates, bools) here, */
    uint8_t *set_isint;   /* which of the two holds element k */
    size_t nset;
    bool percent; /* the value is a percentage (pct, share) or a rate:
                     a figure whose part and whole fig_parts gives */
    double per;   /* rate: per how many */
    struct aggstate *agg;
    bool is_agg;
    /* the current block's values */
    int64_t *vi;
    double *vf;
    uint8_t *vb;
    uint32_t *vs;
    int32_t *vd;
    uint8_t *miss; /* NULL: none missing in this block */
    void *buf;     /* owned storage behind the pointers above */
    uint8_t *missbuf;
    bool constant;     /* literal: filled once */
    uint32_t *scratch; /* N_CASE: 3 x BLK row lists for its branches, then
                          per row the argument taken and its row there */
};

struct ov_expr {
    char *src;
    struct node *root;
    const ov_table *bound;
    bool has_agg;
};

/* ---------------------------------------------------------------------
 * The tree's life (expr.c)
 * --------------------------------------------------------------------- */

/* a new node of kind k at source position pos; NULL when out of memory */
struct node *ov_expr_node_new(enum kind k, size_t pos);

/* frees n, its arguments and what binding made; accepts NULL */
void ov_expr_node_free(struct node *n);

/* frees what binding made, so a node can be bound again */
void ov_expr_unbind(struct node *n);

/* the node's text, for messages: "force", "'Essex'", "count()"; from the
 * source when there is one (src not NULL), else written from the node
 * (a built tree: names bare, text in quotes) */
const char *ov_expr_node_text(const char *src, const struct node *n, char *buf,
                              size_t size);

/* "a whole number", "text", ...: a value type as a message names it */
const char *ov_expr_vt_name(enum vt t);

/* ---------------------------------------------------------------------
 * Evaluation (expr_eval.c), shared with the aggregates (expr_agg.c)
 * --------------------------------------------------------------------- */

struct ctx {
    const ov_table *t;
    size_t start, count; /* table rows [start, start + count) */
    /* group context: aggregates are leaves holding per-group results */
    bool groups;
    bool overflow;
    bool date_range; /* a date left the years 0001-9999 */
    bool div_zero;
    /* NULL: the rows are start, start+1, ...; else row i of the block is
     * table row start + sel[i] (the rows a branch of a case is for) */
    const uint32_t *sel;
};

/* the node's typed views all on its own buffer (a column leaf points
 * them into the column instead) */
static inline void
views_on_buf(struct node *n)
{
    n->vi = n->buf;
    n->vf = n->buf;
    n->vb = n->buf;
    n->vs = n->buf;
    n->vd = n->buf;
}

/* the comparison op holds for an ordering c (<0, 0, >0; 2 for "not
 * comparable", a NaN, where only "not equal" holds) */
static inline bool
op_holds(int op, int c)
{
    if (c == 2)
        return op == OP_NE;
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

/* string predicate of a node against a literal, per dictionary entry */
static inline bool
str_cmp_entry(int op, const char *a, size_t la, const char *bs, size_t lb)
{
    int c = memcmp(a, bs, la < lb ? la : lb);

    /* memcmp's sign only: any other value (2 is op_holds' "not
     * comparable") would be taken for more */
    if (c == 0)
        c = la < lb ? -1 : la > lb ? 1 : 0;
    return op_holds(op, c < 0 ? -1 : c > 0);
}

static inline int
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

/* a boolean argument with missing counted as false */
static inline uint8_t
truth(const struct node *n, size_t i)
{
    return (uint8_t)(n->vb[i] & (n->miss == NULL || !n->miss[i]));
}

/* evaluates n over the rows of c into its block buffers */
void ov_expr_eval_node(struct node *n, struct ctx *c);

/* literals hold their values across blocks; a new evaluation refills them */
void ov_expr_reset_constants(struct node *n);

/* OV_EINVAL unless e is bound to t */
ov_status ov_expr_check_bound(const ov_expr *e, const ov_table *t, struct ov_err *err);

/* the overflow or date range error an evaluation ran into, if any */
ov_status ov_expr_eval_errors(const struct ctx *c, struct ov_err *err);

/* the part and whole of row i of a figure node (n->percent), and its
 * per (100 for a percentage); false when the row has no figure */
bool ov_expr_fig_parts(const struct node *n, size_t i, double *part, double *whole,
                       double *per);

/* for a figure node r: keeps the part and whole of rows [at, at+cnt) in
 * col's num and den (allocated on first use), and r's per, so the column
 * is a percentage or rate column; nothing for other nodes */
ov_status ov_expr_store_figure(const struct node *r, ov_column *col, size_t at,
                               size_t cnt);

/* copies the block values of node r into column col at rows [at, at+cnt) */
ov_status ov_expr_store_block(const struct node *r, ov_column *col, size_t at,
                              size_t cnt);

/* a new column of n rows for the values of r (all missing for nil) */
ov_column *ov_expr_result_column(const struct node *r, size_t n, struct ov_err *err);

/* frees an aggregate's per-group state (expr_agg.c); accepts NULL */
void ov_expr_agg_free(struct aggstate *a);

/* ---------------------------------------------------------------------
 * Window functions (expr_window.c)
 * --------------------------------------------------------------------- */

/* A call of a window function is an N_CALL whose op is -1 - the
 * function's enum ov_window_fn; share(), an aggregate in agg, is one in
 * mutate's window pass. The index of the window function called name, or
 * -1. */
int ov_expr_window_find(const char *name);

/* OV_EINVAL, saying where window functions belong, if the tree at n holds
 * one (binding refuses them: only ov_query_window runs them) */
ov_status ov_expr_window_refuse(const char *src, const struct node *n,
                                struct ov_err *err);

#endif /* OV_EXPR_INT_H */
