/*
 * loader_store.c - per-chunk column storage: each field of a chunk's rows
 * kept as an int64 while every value so far is a canonical integer, else
 * as a code into a chunk-local dictionary (1, 2 or 4 bytes a code), with
 * missing values in a bitmap. Knows nothing of files, libcsv or threads.
 */
#include "config.h"

#include <string.h>

#include "loader_int.h"
#include "ov_mem.h"

/* ---- missing-value texts ---- */

ov_status
ov_ld_setup_nulls(struct loader *ld)
{
    const struct ov_load_opts *o = ld->opts;
    size_t i;

    ld->nulls = o->nulls != NULL ? o->nulls : ov_default_nulls;
    ld->nnulls = o->nulls != NULL ? o->nnulls : ov_default_nnulls;
    ld->nulllen = ov_calloc(ld->nnulls ? ld->nnulls : 1, sizeof *ld->nulllen);
    if (ld->nulllen == NULL)
        return OV_ENOMEM;
    for (i = 0; i < ld->nnulls; i++) {
        size_t n = strlen(ld->nulls[i]);

        ld->nulllen[i] = n;
        if (n == 0) {
            ld->empty_is_null = true;
            continue;
        }
        if (n > ld->maxnull)
            ld->maxnull = n;
        ld->nullfirst[(unsigned char)ld->nulls[i][0]] = 1;
    }
    return OV_OK;
}

/* index of the missing-value text s, or -1 */
static inline int
null_index(const struct loader *ld, const char *s, size_t n)
{
    size_t i;

    if (n == 0)
        return ld->empty_is_null ? 0 : -1;
    if (n > ld->maxnull || !ld->nullfirst[(unsigned char)s[0]])
        return -1;
    for (i = 0; i < ld->nnulls; i++)
        if (ld->nulllen[i] == n && ov_bytes_equal(ld->nulls[i], s, n))
            return (int)i;
    return -1;
}

bool
ov_ld_is_null(const struct loader *ld, const char *s, size_t n)
{
    return null_index(ld, s, n) >= 0;
}

static ov_status
ccol_grow(struct ccol *c)
{
    size_t ncap = c->cap ? c->cap * 2 : 4096;

    if (c->mode == CM_INT) {
        int64_t *p = ov_realloc(c->ints, ncap * sizeof *p);

        if (p == NULL)
            return OV_ENOMEM;
        c->ints = p;
    } else {
        void *p = ov_realloc(c->codes, ncap * c->width);

        if (p == NULL)
            return OV_ENOMEM;
        c->codes = p;
    }
    if (c->valid != NULL) {
        uint64_t *v = ov_realloc(c->valid, (ncap / 64) * sizeof *v);

        if (v == NULL)
            return OV_ENOMEM;
        memset(v + c->cap / 64, 0xFF, (ncap - c->cap) / 64 * sizeof *v);
        c->valid = v;
    }
    c->cap = ncap;
    return OV_OK;
}

static ov_status
ccol_set_missing(struct ccol *c, size_t i)
{
    if (c->valid == NULL) {
        c->valid = ov_malloc((c->cap / 64) * sizeof *c->valid);
        if (c->valid == NULL)
            return OV_ENOMEM;
        memset(c->valid, 0xFF, (c->cap / 64) * sizeof *c->valid);
    }
    c->valid[i >> 6] &= ~((uint64_t)1 << (i & 63));
    c->nmissing++;
    return OV_OK;
}

static ov_status
widen(struct ccol *c)
{
    uint8_t nw = c->width == 1 ? 2 : 4;
    void *p = ov_malloc((c->cap ? c->cap : 1) * nw);
    size_t i;
    struct ccol tmp = *c;

    if (p == NULL)
        return OV_ENOMEM;
    tmp.codes = p;
    tmp.width = nw;
    for (i = 0; i < c->n; i++)
        put_code(&tmp, i, get_code(c, i));
    ov_free(c->codes);
    c->codes = p;
    c->width = nw;
    return OV_OK;
}

void
ov_ld_ccol_hint(struct ccol *c, uint32_t n, size_t bytes)
{
    c->hint_n = n;
    c->hint_bytes = bytes;
    /* only a hint: out of memory here is met again at the insert */
    if (c->dict != NULL && n > 0)
        (void)ov_dict_reserve(c->dict, n, bytes);
}

/* the code of s in the chunk's dictionary; its type evidence is taken
 * when the chunk is merged, once per distinct text of the whole file */
static ov_status
intern_into(struct ccol *c, const char *s, size_t n, uint32_t *code)
{
    uint64_t h = ov_hash_bytes(s, n);
    ov_status st;

    /* most rows repeat a value already seen: look before inserting, and
     * insert without looking again */
    *code = ov_dict_lookup_hashed(c->dict, s, n, h);
    if (*code != OV_DICT_MAX)
        return OV_OK;
    if ((st = ov_dict_insert_hashed(c->dict, s, n, h, code)) != OV_OK)
        return st;
    if ((c->width == 1 && c->dict->n > 256) || (c->width == 2 && c->dict->n > 65536))
        return widen(c);
    return OV_OK;
}

/* the first text that is not a canonical integer: keep the column's rows
 * as dictionary codes from now on, turning the integers so far back into
 * their (canonical, hence exact) text */
static ov_status
to_dict(struct ccol *c)
{
    size_t i;
    ov_status st;
    int64_t *ints = c->ints;

    c->dict = ov_dict_new();
    c->codes = ov_malloc(c->cap ? c->cap : 1);
    if (c->dict == NULL || c->codes == NULL)
        return OV_ENOMEM;
    if (c->hint_n > 0)
        (void)ov_dict_reserve(c->dict, c->hint_n, c->hint_bytes);
    c->width = 1;
    c->mode = CM_DICT;
    for (i = 0; i < c->n; i++) {
        char buf[OV_VALUE_TEXT_MAX];
        size_t k;
        uint32_t code = 0;

        if (!ccol_missing(c, i)) {
            k = ov_value_format_int(buf, ints[i]);
            if ((st = intern_into(c, buf, k, &code)) != OV_OK)
                return st;
        }
        put_code(c, i, code);
    }
    ov_free(ints);
    c->ints = NULL;
    return OV_OK;
}

/* a missing value as row c->n, which there is room for */
static ov_status
put_missing(struct ccol *c)
{
    ov_status st;

    if ((st = ccol_set_missing(c, c->n)) != OV_OK)
        return st;
    if (c->mode == CM_INT)
        c->ints[c->n] = 0;
    else
        put_code(c, c->n, 0);
    c->n++;
    return OV_OK;
}

ov_status
ov_ld_store_missing(struct ccol *c)
{
    ov_status st;

    if (c->n == c->cap && (st = ccol_grow(c)) != OV_OK)
        return st;
    return put_missing(c);
}

ov_status
ov_ld_store(struct loader *ld, struct ccol *c, const char *s, size_t n)
{
    ov_status st;
    int tok;

    if (c->n == c->cap && (st = ccol_grow(c)) != OV_OK)
        return st;
    tok = null_index(ld, s, n);
    if (tok >= 0) {
        if (n > 0) {
            if (c->tokcount == NULL) {
                c->tokcount = ov_calloc(ld->nnulls, sizeof *c->tokcount);
                if (c->tokcount == NULL)
                    return OV_ENOMEM;
            }
            c->tokcount[tok]++;
        }
        return put_missing(c);
    }
    if (c->mode == CM_INT) {
        int64_t v;

        if (ov_parse_int(s, n, &v)) {
            c->ints[c->n++] = v;
            infer_int(&c->inf, v);
            return OV_OK;
        }
        if ((st = to_dict(c)) != OV_OK)
            return st;
    }
    {
        uint32_t code;

        /* a value like the row above's (a complaint's allegations share
         * its force, date, ...) needs no hashing */
        if (c->has_last) {
            size_t ln;
            const char *ls = ov_dict_str(c->dict, c->last_code, &ln);

            if (ln == n && ov_bytes_equal(ls, s, n)) {
                put_code(c, c->n++, c->last_code);
                return OV_OK;
            }
        }
        if ((st = intern_into(c, s, n, &code)) != OV_OK)
            return st;
        put_code(c, c->n, code);
        c->n++;
        c->last_code = code;
        c->has_last = true;
    }
    return OV_OK;
}

void
ov_ld_ccol_free(struct ccol *c)
{
    ov_free(c->ints);
    ov_free(c->codes);
    ov_dict_unref(c->dict);
    ov_free(c->valid);
    ov_free(c->tokcount);
    memset(c, 0, sizeof *c);
}

struct chunk *
ov_ld_chunk_new(struct loader *ld, size_t index, uint64_t first_line, uint64_t max_rows)
{
    struct chunk *ch = ov_calloc(1, sizeof *ch);
    size_t j;

    if (ch == NULL)
        return NULL;
    ch->index = index;
    ch->first_line = first_line;
    ch->fail_row = NO_ROW;
    ch->cols = ov_calloc(ld->ncols ? ld->ncols : 1, sizeof *ch->cols);
    if (ch->cols == NULL) {
        ov_free(ch);
        return NULL;
    }
    /* a row ends at a line end (or at the end of the file), so the arrays
     * get their final size at once: growing by doubling would leave up
     * to half of them unused */
    max_rows = (max_rows + 1 + 63) / 64 * 64;
    for (j = 0; j < ld->ncols; j++) {
        struct ccol *c = &ch->cols[j];
        int f = ld->forced[j];

        ov_ld_infer_init(&c->inf);
        /* integers go the fast way unless the column is forced to a
         * type whose text must be kept as written */
        c->mode = (f < 0 || f == OV_INT || f == OV_FLOAT) ? CM_INT : CM_DICT;
        c->cap = (size_t)max_rows;
        if (c->mode == CM_DICT) {
            c->dict = ov_dict_new();
            c->width = 1;
            c->codes = ov_malloc(c->cap);
            if (c->dict == NULL || c->codes == NULL) {
                ch->failed = true;
                ov_err_set(&ch->err, OV_ENOMEM, "out of memory");
            }
        } else {
            c->ints = ov_malloc(c->cap * sizeof *c->ints);
            if (c->ints == NULL) {
                ch->failed = true;
                ov_err_set(&ch->err, OV_ENOMEM, "out of memory");
            }
        }
    }
    return ch;
}

void
ov_ld_chunk_free(struct loader *ld, struct chunk *ch)
{
    size_t j;

    if (ch == NULL)
        return;
    for (j = 0; j < ld->ncols; j++)
        ov_ld_ccol_free(&ch->cols[j]);
    ov_free(ch->cols);
    ov_free(ch->rejects);
    ov_strbuf_free(&ch->reject_text);
    ov_free(ch);
}
