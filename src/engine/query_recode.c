/*
 * query_recode.c - recoding a column: its distinct values found once (a
 * text column through its dictionary codes), each decided by the caller,
 * the mapping applied to every row and the audit written. Engine code: no
 * Lua; the rules (patterns, functions) live in the Lua layer.
 */
#include "config.h"

#include "query_recode.h"

#include <stdlib.h>
#include <string.h>

#include "ov_mem.h"
#include "query_int.h"
#include "value.h"

#define UNDECIDED UINT32_MAX /* no rule decided the value */
#define TO_MISSING (UINT32_MAX - 1)

struct ov_recode {
    size_t nrows;
    int col;          /* the column in the table */
    uint32_t *id;     /* per table row: its distinct value, NONE if missing */
    ov_dict *vals;    /* the distinct values' texts; value k is code k */
    size_t *count;    /* per distinct value: rows */
    size_t nmissing;  /* rows with no value */
    uint32_t *to;     /* per value: its new text in news, TO_MISSING, UNDECIDED */
    uint32_t *rule;   /* per value: its rule in rules (when decided) */
    uint32_t miss_to; /* the same for the missing rows */
    uint32_t miss_rule;
    ov_dict *news;  /* the new texts */
    ov_dict *rules; /* the rules' labels */
};

/* the text of row r of a column that is not text, as recoding reads it */
static const char *
text_form(const ov_column *c, size_t r, char *buf, size_t *len)
{
    switch (c->type) {
    case OV_INT:
        *len = ov_value_format_int(buf, c->data.i64[r]);
        return buf;
    case OV_DATE:
        *len = ov_value_format_date(buf, c->data.days[r], OV_DATE_ISO);
        return buf;
    case OV_BOOL:
        *len = c->data.b[r] ? 4 : 5;
        return c->data.b[r] ? "true" : "false";
    default:
        return ov_column_text(c, r, buf, len);
    }
}

/* numbers every row's value (first appearance order) and counts them */
static ov_status
number_values(ov_recode *r, const struct ov_view *v, struct ov_err *err)
{
    const ov_column *c = v->col;
    uint32_t *seen = NULL; /* a text column: dictionary code -> value number */
    size_t i, cap = 0;
    ov_status st = OV_OK;

    if (c->type == OV_STRING) {
        seen = ov_malloc((c->dict->n ? c->dict->n : 1) * sizeof *seen);
        if (seen == NULL)
            return ov_err_nomem(err, "recoding");
        memset(seen, 0xFF, (c->dict->n ? c->dict->n : 1) * sizeof *seen);
    }
    for (i = 0; i < v->n && st == OV_OK; i++) {
        char buf[OV_VALUE_TEXT_MAX];
        const char *s;
        size_t row = ov_view_row(v, i), len;
        uint32_t code = 0, k;
        bool fresh;

        if (i % POLL == 0 && ov_interrupted()) {
            st = ov_err_interrupted(err);
            break;
        }
        if (ov_view_missing(v, i)) {
            r->id[i] = NONE;
            r->nmissing++;
            continue;
        }
        if (seen != NULL) {
            code = ov_column_code(c, row);
            if (seen[code] != NONE) {
                r->id[i] = seen[code];
                r->count[seen[code]]++;
                continue;
            }
            s = ov_dict_str(c->dict, code, &len);
        } else {
            s = text_form(c, row, buf, &len);
        }
        if (ov_dict_intern(r->vals, s, len, &k, &fresh) != OV_OK) {
            st = ov_err_nomem(err, "recoding");
            break;
        }
        if (fresh && k >= cap) {
            size_t ncap = cap ? cap * 2 : 64;
            size_t *nc = ov_realloc(r->count, ncap * sizeof *nc);

            if (nc == NULL) {
                st = ov_err_nomem(err, "recoding");
                break;
            }
            memset(nc + cap, 0, (ncap - cap) * sizeof *nc);
            r->count = nc;
            cap = ncap;
        }
        if (seen != NULL)
            seen[code] = k;
        r->id[i] = k;
        r->count[k]++;
    }
    ov_free(seen);
    return st;
}

ov_status
ov_recode_new(const ov_table *t, const char *col, ov_recode **out, struct ov_err *err)
{
    ov_recode *r;
    struct ov_view v;
    ov_status st;
    size_t k, n;
    int j;

    *out = NULL;
    if ((st = ov_query_column(t, col, &j, err)) != OV_OK)
        return st;
    r = ov_calloc(1, sizeof *r);
    if (r == NULL)
        return ov_err_nomem(err, "recoding");
    v = ov_table_colview(t, (size_t)j);
    r->nrows = ov_table_nrows(t);
    r->col = j;
    r->miss_to = UNDECIDED;
    r->id = ov_malloc((r->nrows ? r->nrows : 1) * sizeof *r->id);
    r->vals = ov_dict_new();
    r->news = ov_dict_new();
    r->rules = ov_dict_new();
    if (r->id == NULL || r->vals == NULL || r->news == NULL || r->rules == NULL) {
        ov_recode_free(r);
        return ov_err_nomem(err, "recoding");
    }
    if ((st = number_values(r, &v, err)) != OV_OK) {
        ov_recode_free(r);
        return st;
    }
    n = r->vals->n;
    r->to = ov_malloc((n ? n : 1) * sizeof *r->to);
    r->rule = ov_malloc((n ? n : 1) * sizeof *r->rule);
    if (r->count == NULL)
        r->count = ov_calloc(1, sizeof *r->count);
    if (r->to == NULL || r->rule == NULL || r->count == NULL) {
        ov_recode_free(r);
        return ov_err_nomem(err, "recoding");
    }
    for (k = 0; k < n; k++)
        r->to[k] = UNDECIDED;
    *out = r;
    return OV_OK;
}

void
ov_recode_free(ov_recode *r)
{
    if (r == NULL)
        return;
    ov_free(r->id);
    ov_free(r->count);
    ov_free(r->to);
    ov_free(r->rule);
    ov_dict_unref(r->vals);
    ov_dict_unref(r->news);
    ov_dict_unref(r->rules);
    ov_free(r);
}

size_t
ov_recode_nvalues(const ov_recode *r)
{
    return r->vals->n;
}

const char *
ov_recode_value(const ov_recode *r, size_t k, size_t *len)
{
    return ov_dict_str(r->vals, (uint32_t)k, len);
}

size_t
ov_recode_rows(const ov_recode *r, size_t k)
{
    return k == OV_RECODE_MISSING ? r->nmissing : r->count[k];
}

ov_status
ov_recode_set(ov_recode *r, size_t k, const char *to, size_t len, const char *rule,
              struct ov_err *err)
{
    uint32_t to_code = TO_MISSING, rule_code;
    ov_status st;

    if (to != NULL && (st = ov_dict_intern(r->news, to, len, &to_code, NULL)) != OV_OK)
        return st == OV_ENOMEM ? ov_err_nomem(err, "recoding")
                               : ov_err_set(err, st, "too many distinct new values");
    if ((st = ov_dict_intern(r->rules, rule, strlen(rule), &rule_code, NULL)) != OV_OK)
        return st == OV_ENOMEM ? ov_err_nomem(err, "recoding")
                               : ov_err_set(err, st, "too many distinct rules");
    if (k == OV_RECODE_MISSING) {
        r->miss_to = to_code;
        r->miss_rule = rule_code;
    } else {
        r->to[k] = to_code;
        r->rule[k] = rule_code;
    }
    return OV_OK;
}

/* ---- applying ---- */

/* interns s into d (its code in *code); OV_ENOMEM */
static ov_status
intern(ov_dict *d, const char *s, size_t len, uint32_t *code, struct ov_err *err)
{
    if (ov_dict_intern(d, s, len, code, NULL) != OV_OK)
        return ov_err_nomem(err, "recoding");
    return OV_OK;
}

/* what each value finally becomes (a code of `news`, or TO_MISSING) and by
 * which rule (a code of `rules`), undecided values resolved; news and rules
 * start empty and get only the texts used, so the result's dictionary
 * holds no value that no row has; fills the counts of info */
static ov_status
resolve(const ov_recode *r, const char *other, ov_dict *news, ov_dict *rules,
        uint32_t *fin, uint32_t *frule, struct ov_recode_info *info, struct ov_err *err)
{
    size_t k, n = r->vals->n;
    ov_status st = OV_OK;

    for (k = 0; k < n && st == OV_OK; k++) {
        size_t len, nl, rl;
        const char *s = ov_dict_str(r->vals, (uint32_t)k, &len), *ns, *rs;

        if (r->to[k] != UNDECIDED) {
            info->matched_values++;
            info->matched_rows += r->count[k];
            rs = ov_dict_str(r->rules, r->rule[k], &rl);
            ns = r->to[k] == TO_MISSING ? NULL : ov_dict_str(r->news, r->to[k], &nl);
        } else {
            info->unmatched_values++;
            info->unmatched_rows += r->count[k];
            rs = other != NULL ? "other" : "unmatched (kept)";
            rl = strlen(rs);
            ns = other != NULL ? other : s;
            nl = other != NULL ? strlen(other) : len;
        }
        fin[k] = TO_MISSING;
        if (ns != NULL)
            st = intern(news, ns, nl, &fin[k], err);
        if (st == OV_OK)
            st = intern(rules, rs, rl, &frule[k], err);
        if (ns == NULL || nl != len || memcmp(ns, s, len) != 0)
            info->changed_rows += r->count[k];
    }
    return st;
}

/* the recoded column: row i takes its value's final text */
static ov_column *
recoded_column(const ov_recode *r, ov_dict *news, const uint32_t *fin, uint32_t miss,
               struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_STRING, r->nrows, news, news->n, err);
    size_t i;

    if (c == NULL)
        return NULL;
    for (i = 0; i < r->nrows; i++) {
        uint32_t to = r->id[i] == NONE ? miss : fin[r->id[i]];

        if (i % POLL == 0 && ov_interrupted()) {
            ov_column_unref(c);
            ov_err_interrupted(err);
            return NULL;
        }
        if (to == TO_MISSING) {
            if (ov_column_set_missing(c, i) != OV_OK) {
                ov_column_unref(c);
                ov_err_nomem(err, "recoding");
                return NULL;
            }
            continue;
        }
        ov_column_set_code(c, i, to);
    }
    ov_column_finish(c);
    return c;
}

/* the audit's order: most rows first, then by value */
struct arow {
    size_t n;
    const char *s;
    uint32_t k;
};

static int
by_rows(const void *a, const void *b)
{
    const struct arow *x = a, *y = b;

    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->s, y->s);
}

/* a text column of the audit: codes[i] of dict d, TO_MISSING or NONE
 * meaning missing */
static ov_column *
code_column(ov_dict *d, const uint32_t *codes, size_t n, struct ov_err *err)
{
    ov_column *c = ov_column_new(OV_STRING, n, d, d->n, err);
    size_t i;

    if (c == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        if (codes[i] == TO_MISSING || codes[i] == NONE) {
            if (ov_column_set_missing(c, i) != OV_OK) {
                ov_column_unref(c);
                ov_err_nomem(err, "recoding");
                return NULL;
            }
        } else {
            ov_column_set_code(c, i, codes[i]);
        }
    }
    ov_column_finish(c);
    return c;
}

static ov_table *
audit_table(const ov_recode *r, ov_dict *news, ov_dict *rules, const uint32_t *fin,
            const uint32_t *frule, uint32_t miss, uint32_t miss_rule,
            struct ov_err *err)
{
    size_t n = r->vals->n, rows = n + (r->nmissing > 0), i, j;
    uint32_t *order = ov_malloc((rows ? rows : 1) * 3 * sizeof *order);
    uint32_t *to, *rl;
    ov_column *cols[4] = {NULL, NULL, NULL, NULL};
    static const char *const names[4] = {"value", "becomes", "rule", "n"};
    ov_table *a = NULL;

    if (order == NULL) {
        ov_err_nomem(err, "recoding");
        return NULL;
    }
    to = order + rows;
    rl = to + rows;
    if (n > 0) {
        struct arow *ar = ov_malloc(n * sizeof *ar);

        if (ar == NULL) {
            ov_free(order);
            ov_err_nomem(err, "recoding");
            return NULL;
        }
        for (i = 0; i < n; i++) {
            ar[i].n = r->count[i];
            ar[i].s = ov_dict_str(r->vals, (uint32_t)i, NULL);
            ar[i].k = (uint32_t)i;
        }
        qsort(ar, n, sizeof *ar, by_rows);
        for (i = 0; i < n; i++)
            order[i] = ar[i].k;
        ov_free(ar);
    }
    for (i = 0; i < n; i++) {
        to[i] = fin[order[i]];
        rl[i] = frule[order[i]];
    }
    if (r->nmissing > 0) {
        order[n] = NONE;
        to[n] = miss;
        rl[n] = miss_rule;
    }
    if ((cols[0] = code_column(r->vals, order, rows, err)) == NULL ||
        (cols[1] = code_column(news, to, rows, err)) == NULL ||
        (cols[2] = code_column(rules, rl, rows, err)) == NULL ||
        (cols[3] = ov_column_new(OV_INT, rows, NULL, 0, err)) == NULL)
        goto done;
    cols[3]->measure = true;
    for (i = 0; i < rows; i++)
        cols[3]->data.i64[i] =
            (int64_t)(order[i] == NONE ? r->nmissing : r->count[order[i]]);
    if ((a = ov_table_new(rows, err)) == NULL)
        goto done;
    for (j = 0; j < 4; j++)
        if (ov_table_add_column(a, names[j], cols[j], err) != OV_OK) {
            ov_table_free(a);
            a = NULL;
            break;
        }
    if (a != NULL && ov_table_set_name(a, "audit") != OV_OK) {
        ov_table_free(a);
        a = NULL;
        ov_err_nomem(err, "recoding");
    }
done:
    for (j = 0; j < 4; j++)
        ov_column_unref(cols[j]);
    ov_free(order);
    return a;
}

/* t with the recoded column put in place or added as `into` */
static ov_table *
with_column(const ov_recode *r, const ov_table *t, const char *into, ov_column *c,
            struct ov_err *err)
{
    ov_table *out = ov_table_view(t, err);

    if (out == NULL)
        return NULL;
    if ((into == NULL || strcmp(into, ov_table_colname(t, (size_t)r->col)) == 0
             ? ov_table_replace_column(out, (size_t)r->col, c, err)
             : ov_table_add_column(out, into, c, err)) != OV_OK) {
        ov_table_free(out);
        return NULL;
    }
    return out;
}

ov_status
ov_recode_apply(const ov_recode *r, const ov_table *t, const struct ov_recode_opts *o,
                ov_table **out, ov_table **audit, struct ov_recode_info *info,
                struct ov_err *err)
{
    size_t n = r->vals->n;
    uint32_t *fin = NULL, *frule, miss, miss_rule;
    ov_dict *news = NULL, *rules = NULL;
    ov_column *c = NULL;
    ov_status st = OV_OK;

    if (out != NULL)
        *out = NULL;
    *audit = NULL;
    memset(info, 0, sizeof *info);
    if (ov_table_nrows(t) != r->nrows || (size_t)r->col >= ov_table_ncols(t))
        return ov_err_set(err, OV_EINVAL, "recode: not the table the values came from");
    if (o->into != NULL && ov_table_find(t, o->into) >= 0 &&
        ov_table_find(t, o->into) != r->col)
        return ov_err_set(err, OV_EINVAL,
                          "into = '%s' names a column the table has already; give a "
                          "new name, or leave into out to recode '%s' in place",
                          o->into, ov_table_colname(t, (size_t)r->col));
    info->values = n;
    info->rows = r->nrows;
    info->missing_rows = r->nmissing;
    /* fresh dictionaries: applying twice (a check, then the recode) gives
     * the same, and r's own are left as they are */
    news = ov_dict_new();
    rules = ov_dict_new();
    fin = ov_malloc((n ? n : 1) * 2 * sizeof *fin);
    if (news == NULL || rules == NULL || fin == NULL) {
        st = ov_err_nomem(err, "recoding");
        goto done;
    }
    frule = fin + n;
    if ((st = resolve(r, o->other, news, rules, fin, frule, info, err)) != OV_OK)
        goto done;
    miss = TO_MISSING;
    miss_rule = 0;
    if (r->nmissing > 0) {
        const char *rs = "missing (kept)";
        size_t rl = strlen(rs);

        if (r->miss_to != UNDECIDED) {
            rs = ov_dict_str(r->rules, r->miss_rule, &rl);
            if (r->miss_to != TO_MISSING) {
                size_t nl;
                const char *ns = ov_dict_str(r->news, r->miss_to, &nl);

                info->changed_rows += r->nmissing;
                st = intern(news, ns, nl, &miss, err);
            }
        }
        if (st != OV_OK || (st = intern(rules, rs, rl, &miss_rule, err)) != OV_OK)
            goto done;
    }
    if ((*audit = audit_table(r, news, rules, fin, frule, miss, miss_rule, err)) ==
        NULL) {
        st = err->status;
        goto done;
    }
    if (out == NULL)
        goto done;
    if ((c = recoded_column(r, news, fin, miss, err)) == NULL ||
        (*out = with_column(r, t, o->into, c, err)) == NULL) {
        st = err->status;
        ov_table_free(*audit);
        *audit = NULL;
    }
done:
    ov_column_unref(c);
    ov_free(fin);
    ov_dict_unref(news);
    ov_dict_unref(rules);
    return st;
}
