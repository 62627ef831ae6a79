/*
 * loader_assemble.c - chunks into columns: chunk dictionaries merged into
 * the columns' in file order; then each column's type decided and its
 * chunks concatenated into it, several columns at a time on the work
 * queue, freeing chunk storage as they go. No files, no libcsv.
 */
#include "config.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

#include "loader_int.h"
#include "ov_mem.h"

/* Moves a parsed chunk's dictionaries into the columns' (in file order)
 * and rewrites its codes to index them; frees the chunk's copies. */
ov_status
ov_ld_merge_chunk(struct loader *ld, struct chunk *ch)
{
    size_t j;

    for (j = 0; j < ld->ncols; j++) {
        struct ccol *c = &ch->cols[j];
        ov_dict *g;
        uint32_t *map, e, nd;
        uint8_t nw;
        size_t i;

        if (c->mode != CM_DICT || c->merged)
            continue;
        if (ld->gdict[j] == NULL && (ld->gdict[j] = ov_dict_new()) == NULL)
            return OV_ENOMEM;
        g = ld->gdict[j];
        nd = c->dict->n;
        map = ov_malloc((nd ? nd : 1) * sizeof *map);
        if (map == NULL)
            return OV_ENOMEM;
        map[0] = 0; /* missing rows hold code 0 */
        for (e = 0; e < nd; e++) {
            size_t n;
            const char *str = ov_dict_str(c->dict, e, &n);
            bool fresh;

            /* the same hash function: the stored 32 bits are all the
             * table uses */
            if (ov_dict_intern_hashed(g, str, n, c->dict->hash[e], &map[e], &fresh) !=
                OV_OK) {
                ov_free(map);
                return OV_ENOMEM;
            }
            /* forced columns too: how the file writes its floats, dates
             * and booleans is what they are written back as */
            if (fresh)
                ov_ld_infer_text(&ld->ginf[j], str, n);
        }
        nw = ov_code_width(g->n);
        if (nw == c->width) {
            for (i = 0; i < c->n; i++)
                put_code(c, i, map[get_code(c, i)]);
        } else {
            struct ccol tmp = *c;

            tmp.codes = ov_malloc((c->n ? c->n : 1) * nw);
            if (tmp.codes == NULL) {
                ov_free(map);
                return OV_ENOMEM;
            }
            tmp.width = nw;
            for (i = 0; i < c->n; i++)
                put_code(&tmp, i, map[get_code(c, i)]);
            ov_free(c->codes);
            c->codes = tmp.codes;
            c->width = nw;
        }
        ov_free(map);
        ov_dict_unref(c->dict);
        c->dict = NULL;
        c->merged = true;
    }
    return OV_OK;
}

/* copies nbits validity bits of chunk column c to dst starting at bit
 * `at`; dst was initialised to all-present */
static void
copy_validity(uint64_t *dst, size_t at, const struct ccol *c)
{
    size_t i;

    if (c->valid == NULL)
        return;
    for (i = 0; i < c->n; i++)
        if (!((c->valid[i >> 6] >> (i & 63)) & 1))
            dst[(at + i) >> 6] &= ~((uint64_t)1 << ((at + i) & 63));
}

static size_t
type_size(ov_type t)
{
    switch (t) {
    case OV_INT:
        return 8;
    case OV_FLOAT:
        return 8;
    case OV_BOOL:
        return 1;
    case OV_DATE:
        return 4;
    default:
        return 4;
    }
}

/* The evidence on column j from all its chunks; counts its missing-value
 * texts into o. */
static void
gather(struct loader *ld, size_t j, struct infer *f, bool *any_missing,
       struct asm_out *o)
{
    size_t k;

    ov_ld_infer_init(f);
    ov_ld_infer_merge(f, &ld->ginf[j]);
    *any_missing = false;
    for (k = 0; k < ld->nchunks; k++) {
        const struct ccol *c = &ld->chunks[k]->cols[j];

        ov_ld_infer_merge(f, &c->inf);
        *any_missing |= c->nmissing > 0;
        if (c->tokcount != NULL) {
            size_t t;

            for (t = 0; t < ld->nnulls; t++) {
                o->tokcounts[t] += c->tokcount[t];
                o->made_missing += c->tokcount[t];
            }
        }
    }
}

/* Column j as text: codes into its dictionary g. NULL when out of memory. */
static ov_column *
build_text(struct loader *ld, size_t j, ov_dict *g, uint64_t total, bool any_missing)
{
    ov_column *col;
    struct ov_err err;
    size_t k, at = 0;

    /* chunks still holding integers add their texts to the dictionary */
    for (k = 0; k < ld->nchunks; k++) {
        struct ccol *c = &ld->chunks[k]->cols[j];
        size_t i;

        if (c->mode != CM_INT)
            continue;
        for (i = 0; i < c->n; i++) {
            char buf[OV_VALUE_TEXT_MAX];
            uint32_t code;

            if (!ccol_missing(c, i) &&
                ov_dict_intern(g, buf, ov_value_format_int(buf, c->ints[i]), &code,
                               NULL) != OV_OK)
                return NULL;
        }
    }
    col = ov_column_new(OV_STRING, total, g, g->n, &err);
    if (col == NULL)
        return NULL;
    if (any_missing && ov_column_alloc_valid(col) != OV_OK) {
        ov_column_unref(col);
        return NULL;
    }
    for (k = 0; k < ld->nchunks; k++) {
        struct ccol *c = &ld->chunks[k]->cols[j];
        size_t i;

        if (c->nmissing > 0)
            copy_validity(col->valid, at, c);
        if (c->mode == CM_INT) {
            for (i = 0; i < c->n; i++) {
                char buf[OV_VALUE_TEXT_MAX];
                uint32_t code = 0;

                if (!ccol_missing(c, i))
                    code = ov_dict_find(g, buf, ov_value_format_int(buf, c->ints[i]));
                ov_column_set_code(col, at + i, code);
            }
        } else if (c->width == col->width) {
            memcpy((char *)col->data.codes + at * col->width, c->codes,
                   c->n * col->width);
        } else {
            for (i = 0; i < c->n; i++)
                ov_column_set_code(col, at + i, get_code(c, i));
        }
        at += c->n;
        ov_ld_ccol_free(c);
    }
    ov_column_finish(col);
    return col;
}

/* each distinct text of g converted once to d's type */
struct converted {
    unsigned char *vals; /* es bytes each */
    uint8_t *ok;         /* it fits */
    uint8_t *dec;        /* its decimals, for per-row decimals; else NULL */
};

static bool
convert_dict(const struct decision *d, const ov_dict *g, size_t es, bool decimals,
             struct converted *cv)
{
    uint32_t e;

    if (g->n == 0)
        return true;
    cv->vals = ov_malloc((size_t)g->n * es);
    cv->ok = ov_malloc(g->n);
    if (cv->vals == NULL || cv->ok == NULL)
        return false;
    if (decimals && (cv->dec = ov_malloc(g->n)) == NULL)
        return false;
    for (e = 0; e < g->n; e++) {
        size_t n;
        const char *str = ov_dict_str(g, e, &n);

        cv->ok[e] = ov_ld_convert_text(d, str, n, cv->vals + (size_t)e * es);
        if (!cv->ok[e])
            memset(cv->vals + (size_t)e * es, 0, es);
        if (cv->dec != NULL) {
            struct ov_floattext ft;
            double v;

            cv->dec[e] = OV_DECIMALS_SHORTEST;
            if (ov_parse_float(str, n, &v, &ft) && !ft.exponent && ft.decimals < 200)
                cv->dec[e] = (uint8_t)ft.decimals;
        }
    }
    return true;
}

/* a value that did not fit a forced type: missing, and counted */
static bool
coerce(ov_column *col, size_t row, struct asm_out *o, const char *s, size_t n)
{
    if (o->coerced == 0)
        snprintf(o->example, sizeof o->example, "%.*s", (int)(n > 40 ? 40 : n), s);
    o->coerced++;
    return ov_column_set_missing(col, row) == OV_OK;
}

/* coerce() for the text of dictionary entry code */
static bool
coerce_code(ov_column *col, size_t row, struct asm_out *o, const ov_dict *g,
            uint32_t code)
{
    size_t n;
    const char *str = ov_dict_str(g, code, &n);

    return coerce(col, row, o, str, n);
}

/* Copies chunk column c into col from row `at`. False when out of memory. */
static bool
fill_typed(ov_column *col, size_t at, size_t es, const struct ccol *c, const ov_dict *g,
           const struct converted *cv, struct asm_out *o)
{
    char *dst = (char *)col->data.raw + at * es;
    size_t i;

    if (c->nmissing > 0)
        copy_validity(col->valid, at, c);
    if (c->mode == CM_INT) {
        if (col->type == OV_INT) {
            memcpy(dst, c->ints, c->n * sizeof(int64_t));
        } else if (col->type == OV_FLOAT) {
            for (i = 0; i < c->n; i++)
                ((double *)dst)[i] = (double)c->ints[i];
            if (col->decimals != NULL)
                memset(col->decimals + at, 0, c->n); /* "12": no point */
        } else {
            /* a forced bool or date column of integers: none fit */
            for (i = 0; i < c->n; i++) {
                char buf[32];

                if (ccol_missing(c, i))
                    continue;
                snprintf(buf, sizeof buf, "%lld", (long long)c->ints[i]);
                if (!coerce(col, at + i, o, buf, strlen(buf)))
                    return false;
            }
        }
        return true;
    }
    {
        /* in locals: the stores through dst could alias them */
        const unsigned char *vals = cv->vals;
        const uint8_t *ok = cv->ok, *dec = cv->dec;
        uint8_t *decimals = col->decimals;

        for (i = 0; i < c->n; i++) {
            uint32_t code;

            if (ccol_missing(c, i)) {
                memset(dst + i * es, 0, es);
                continue;
            }
            code = get_code(c, i);
            memcpy(dst + i * es, vals + (size_t)code * es, es);
            if (dec != NULL)
                decimals[at + i] = dec[code];
            if (!ok[code] && !coerce_code(col, at + i, o, g, code))
                return false;
        }
    }
    return true;
}

/* Column j as d's type, each distinct text converted once. NULL when out
 * of memory. */
static ov_column *
build_typed(struct loader *ld, size_t j, const struct decision *d, ov_dict *g,
            uint64_t total, bool any_missing, struct asm_out *o)
{
    size_t k, at = 0, es = type_size(d->type);
    struct converted cv = {NULL, NULL, NULL};
    struct ov_err err;
    ov_column *col = ov_column_new(d->type, total, NULL, 0, &err);

    if (col == NULL)
        return NULL;
    col->float_style = d->float_style;
    col->grouped = d->grouped;
    col->datefmt = (uint8_t)d->datefmt;
    col->boolstyle = (uint8_t)d->boolstyle;
    if ((any_missing && ov_column_alloc_valid(col) != OV_OK) ||
        (d->per_row_decimals && ov_column_alloc_decimals(col) != OV_OK) ||
        !convert_dict(d, g, es, col->decimals != NULL, &cv))
        goto nomem;
    for (k = 0; k < ld->nchunks; k++) {
        struct ccol *c = &ld->chunks[k]->cols[j];

        if (!fill_typed(col, at, es, c, g, &cv, o))
            goto nomem;
        at += c->n;
        ov_ld_ccol_free(c);
    }
    ov_free(cv.vals);
    ov_free(cv.ok);
    ov_free(cv.dec);
    ov_column_finish(col);
    return col;
nomem:
    ov_free(cv.vals);
    ov_free(cv.ok);
    ov_free(cv.dec);
    ov_column_unref(col);
    return NULL;
}

/* Builds column j from its chunks and dictionary; frees the chunk
 * storage as it goes, so the column's data exists about twice at most for
 * a moment. NULL when out of memory. */
static ov_column *
build_column(struct loader *ld, size_t j, struct asm_out *o)
{
    struct infer f;
    struct decision d;
    ov_dict *g = ld->gdict[j];
    ov_column *col;
    bool any_missing;

    gather(ld, j, &f, &any_missing, o);
    d = ov_ld_decide(&f, ld->forced[j]);
    if (d.type == OV_STRING && ld->forced[j] < 0 && (f.all & K_NUMBER))
        memcpy(o->inexact, f.inexact, sizeof o->inexact);
    o->respelled = ld->forced[j] == OV_BOOL && f.boolstyles != 0 &&
                   ov_ld_single_bit(f.boolstyles) < 0;
    if (g == NULL && (g = ld->gdict[j] = ov_dict_new()) == NULL)
        return NULL;
    if (d.type == OV_STRING)
        col = build_text(ld, j, g, ld->total_rows, any_missing);
    else
        col = build_typed(ld, j, &d, g, ld->total_rows, any_missing, o);
    if (col != NULL) {
        ov_dict_unref(g);
        ld->gdict[j] = NULL;
    }
    return col;
}

/* the work queue's step: one column */
static void
run_column(void *ctx, void *slot, int worker)
{
    struct loader *ld = ctx;
    size_t j = *(size_t *)slot;

    (void)worker;
    if (ov_interrupted())
        return;
    ld->out[j] = build_column(ld, j, &ld->outs[j]);
    if (ld->out[j] == NULL) {
        ld->outs[j].failed = true;
        ov_workq_stop(ld->q);
    }
#ifdef HAVE_MALLOC_TRIM
    /* the chunk arrays just freed are scattered through the heap, where
     * they cannot hold the next column; give their pages back now, or
     * the peak would be the chunks plus the whole table */
    malloc_trim(0);
#endif
}

ov_status
ov_ld_assemble(struct loader *ld, struct ov_err *err)
{
    /* this thread and up to nthreads - 1 more, one column each at a time */
    int more = ld->nthreads > 1 ? ld->nthreads - 1 : 0;
    size_t j;

    ld->out = ov_calloc(ld->ncols ? ld->ncols : 1, sizeof *ld->out);
    ld->outs = ov_calloc(ld->ncols ? ld->ncols : 1, sizeof *ld->outs);
    if (ld->out == NULL || ld->outs == NULL)
        return ov_ld_nomem(ld, err);
    for (j = 0; j < ld->ncols; j++) {
        ld->outs[j].tokcounts =
            ov_calloc(ld->nnulls ? ld->nnulls : 1, sizeof(uint64_t));
        if (ld->outs[j].tokcounts == NULL)
            return ov_ld_nomem(ld, err);
    }
    if ((size_t)more + 1 > ld->ncols)
        more = ld->ncols > 1 ? (int)ld->ncols - 1 : 0;
#ifdef HAVE_MALLOC_TRIM
    /* once before the threads: glibc sets its malloc up on the first
     * call if nothing has used it yet (under ASan, which replaces
     * malloc), and that setup is not safe on two threads at once */
    malloc_trim(0);
#endif
    /* every column queued at once; the threads and this one (in
     * ov_workq_wait) take them in turn */
    ld->q = ov_workq_new(more, ld->ncols, sizeof j, run_column, NULL, ld);
    if (ld->q == NULL)
        return ov_ld_nomem(ld, err);
    for (j = 0; j < ld->ncols; j++) {
        size_t *slot = ov_workq_slot(ld->q);

        if (slot == NULL)
            break;
        *slot = j;
        ov_workq_submit(ld->q, slot);
    }
    ov_workq_free(ld->q);
    ld->q = NULL;
    for (j = 0; j < ld->ncols; j++)
        if (ld->outs[j].failed)
            return ov_ld_nomem(ld, err);
    if (ov_interrupted())
        return ov_err_interrupted(err);
    return OV_OK;
}
