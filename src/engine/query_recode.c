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

/* what each value finally becomes (a code of `news`, or TO_MISSING) and by
 * which rule (a code of `rules`), undecided values resolved; fills the
 * counts of info */
static ov_status
resolve(const ov_recode *r, const char *other, ov_dict *news, ov_dict *rules,
        uint32_t *fin, uint32_t *frule, struct ov_recode_info *info, struct ov_err *err)
{
    size_t k, n = r->vals->n;
    uint32_t other_code = 0, other_rule, kept_rule;

    if ((other != NULL &&
         ov_dict_intern(news, other, strlen(other), &other_code, NULL) != OV_OK) ||
        ov_dict_intern(rules, "other", 5, &other_rule, NULL) != OV_OK ||
        ov_dict_intern(rules, "unmatched (kept)", 16, &kept_rule, NULL) != OV_OK)
        return ov_err_nomem(err, "recoding");
    for (k = 0; k < n; k++) {
        size_t len;
        const char *s = ov_dict_str(r->vals, (uint32_t)k, &len);
        bool same;

        if (r->to[k] != UNDECIDED) {
            fin[k] = r->to[k];
            frule[k] = r->rule[k];
            info->matched_values++;
            info->matched_rows += r->count[k];
        } else {
            info->unmatched_values++;
            info->unmatched_rows += r->count[k];
            if (other != NULL) {
                fin[k] = other_code;
                frule[k] = other_rule;
            } else {
                if (ov_dict_intern(news, s, len, &fin[k], NULL) != OV_OK)
                    return ov_err_nomem(err, "recoding");
                frule[k] = kept_rule;
            }
        }
        if (fin[k] == TO_MISSING) {
            same = false;
        } else {
            size_t nl;
            const char *ns = ov_dict_str(news, fin[k], &nl);

            same = nl == len && memcmp(ns, s, len) == 0;
        }
        if (!same)
            info->changed_rows += r->count[k];
    }
    return OV_OK;
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
static const ov_recode *sort_r;

static int
by_rows(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    size_t nx = sort_r->count[x], ny = sort_r->count[y];

    if (nx != ny)
        return nx > ny ? -1 : 1;
    return strcmp(ov_dict_str(sort_r->vals, x, NULL),
                  ov_dict_str(sort_r->vals, y, NULL));
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
    for (i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    sort_r = r;
    qsort(order, n, sizeof *order, by_rows);
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
    /* copies of the dictionaries, so applying twice (a check, then the
     * recode) adds nothing to r's */
    news = ov_dict_new();
    rules = ov_dict_new();
    fin = ov_malloc((n ? n : 1) * 2 * sizeof *fin);
    if (news == NULL || rules == NULL || fin == NULL) {
        st = ov_err_nomem(err, "recoding");
        goto done;
    }
    frule = fin + n;
    {
        uint32_t i, code;

        for (i = 0; i < r->news->n; i++) {
            size_t len;
            const char *s = ov_dict_str(r->news, i, &len);

            if (ov_dict_intern(news, s, len, &code, NULL) != OV_OK)
                break;
        }
        for (i = 0; i < r->rules->n; i++) {
            size_t len;
            const char *s = ov_dict_str(r->rules, i, &len);

            if (ov_dict_intern(rules, s, len, &code, NULL) != OV_OK)
                break;
        }
        if (news->n != r->news->n || rules->n != r->rules->n) {
            st = ov_err_nomem(err, "recoding");
            goto done;
        }
    }
    if ((st = resolve(r, o->other, news, rules, fin, frule, info, err)) != OV_OK)
        goto done;
    miss = r->miss_to;
    miss_rule = r->miss_rule;
    if (miss == UNDECIDED) {
        miss = TO_MISSING;
        if (ov_dict_intern(rules, "missing (kept)", 14, &miss_rule, NULL) != OV_OK) {
            st = ov_err_nomem(err, "recoding");
            goto done;
        }
    } else if (miss != TO_MISSING) {
        info->changed_rows += r->nmissing;
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
