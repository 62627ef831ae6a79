/*
 * loader_report.c - what a load tells: the notes of the load report (rows
 * left out, padded or blank, values made missing or coerced, numbers kept
 * as text), the rejects table, and the facts t:provenance() shows. Reads
 * the finished load; no files are read, no libcsv, no threads.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loader_int.h"
#include "ov_mem.h"

ov_status
ov_ld_nomem(const struct loader *ld, struct ov_err *err)
{
    char doing[512];

    snprintf(doing, sizeof doing, "loading %s", ld->path);
    return ov_err_nomem(err, doing);
}

ov_status
ov_ld_note(struct ov_load_report *rep, const char *fmt, ...)
{
    ov_strbuf b = OV_STRBUF_INIT;
    va_list ap;
    char **nn;

    if (rep == NULL)
        return OV_OK;
    va_start(ap, fmt);
    ov_strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    nn = ov_realloc(rep->notes, (rep->nnotes + 1) * sizeof *nn);
    if (nn == NULL || ov_strbuf_status(&b) != OV_OK) {
        ov_strbuf_free(&b);
        return OV_ENOMEM;
    }
    rep->notes = nn;
    rep->notes[rep->nnotes++] = ov_strbuf_take(&b);
    return OV_OK;
}

const char *
ov_ld_fmtn(char *buf, uint64_t v)
{
    ov_value_format_int_grouped(buf, (int64_t)v, ',');
    return buf;
}

static void
inexact_note(struct ov_load_report *rep, const char *column, const char *num)
{
    size_t n = strlen(num);
    int64_t iv;
    double fv = 0;
    char as[OV_VALUE_TEXT_MAX];

    if (ov_parse_int(num, n, &iv))
        fv = (double)iv;
    else
        ov_parse_float(num, n, &fv, NULL);
    ov_value_format_float(as, fv, OV_FLOAT_G);
    ov_ld_note(rep, "column '%s': kept as text, as a float would change %s to %s",
               column, num, as);
}

static const char *
delim_name(char d)
{
    switch (d) {
    case ',':
        return "comma";
    case '\t':
        return "tab";
    case ';':
        return "semicolon";
    case '|':
        return "bar";
    default:
        return "custom";
    }
}

/* The rejected rows as a table (line, fields, text), in file order, set as
 * tbl's rejects; a note says how many. */
static ov_status
rejects_table(struct loader *ld, ov_table *tbl, uint64_t nrej, struct ov_err *err)
{
    ov_table *rt = ov_table_new((size_t)nrej, err);
    ov_column *cl = ov_column_new(OV_INT, (size_t)nrej, NULL, 0, err);
    ov_column *cf = ov_column_new(OV_INT, (size_t)nrej, NULL, 0, err);
    ov_dict *dict = ov_dict_new();
    ov_column *ct = NULL;
    size_t r = 0, k;
    uint64_t first_line = 0, first_fields = 0;
    char a[32], b[32];

    if (rt == NULL || cl == NULL || cf == NULL || dict == NULL)
        goto nomem;
    for (k = 0; k < ld->nchunks; k++) {
        const struct chunk *ch = ld->chunks[k];
        size_t i;

        for (i = 0; i < ch->nrejects; i++) {
            uint32_t code;

            if (ov_dict_intern(dict, ch->reject_text.data + ch->rejects[i].text_off,
                               ch->rejects[i].text_len, &code, NULL) != OV_OK)
                goto nomem;
        }
    }
    ct = ov_column_new(OV_STRING, (size_t)nrej, dict, dict->n, err);
    if (ct == NULL)
        goto nomem;
    for (k = 0; k < ld->nchunks; k++) {
        const struct chunk *ch = ld->chunks[k];
        size_t i;

        for (i = 0; i < ch->nrejects; i++, r++) {
            const struct reject *rj = &ch->rejects[i];

            if (r == 0) {
                first_line = rj->line;
                first_fields = rj->nfields;
            }
            cl->data.i64[r] = (int64_t)rj->line;
            cf->data.i64[r] = (int64_t)rj->nfields;
            ov_column_set_code(
                ct, r,
                ov_dict_find(dict, ch->reject_text.data + rj->text_off, rj->text_len));
        }
    }
    if (ov_table_add_column(rt, "line", cl, err) != OV_OK ||
        ov_table_add_column(rt, "fields", cf, err) != OV_OK ||
        ov_table_add_column(rt, "text", ct, err) != OV_OK)
        goto nomem;
    ov_column_unref(cl);
    ov_column_unref(cf);
    ov_column_unref(ct);
    ov_dict_unref(dict);
    ov_table_set_rejects(tbl, rt);
    ov_ld_note(ld->rep,
               "%s row%s with the wrong number of fields left out (the first at "
               "line %llu has %s, not %zu); see t:rejects()",
               ov_ld_fmtn(a, nrej), nrej == 1 ? "" : "s",
               (unsigned long long)first_line, ov_ld_fmtn(b, first_fields), ld->ncols);
    return OV_OK;
nomem:
    ov_table_free(rt);
    ov_column_unref(cl);
    ov_column_unref(cf);
    ov_column_unref(ct);
    ov_dict_unref(dict);
    return ov_ld_nomem(ld, err);
}

ov_status
ov_ld_report_rows(struct loader *ld, ov_table *tbl, struct ov_err *err)
{
    struct ov_load_report *rep = ld->rep;
    uint64_t nrej = 0, padded = 0, first_pad_line = 0, blank = ld->leading_blank;
    uint64_t empty = 0, first_empty_line = 0;
    size_t k;
    char a[32];
    ov_status st;

    for (k = 0; k < ld->nchunks; k++) {
        nrej += ld->chunks[k]->nrejects;
        if (ld->chunks[k]->padded > 0 && padded == 0)
            first_pad_line = ld->chunks[k]->first_padded_line;
        padded += ld->chunks[k]->padded;
        blank += ld->chunks[k]->blank_lines;
        if (ld->chunks[k]->empty_rows > 0 && empty == 0)
            first_empty_line = ld->chunks[k]->first_empty_line;
        empty += ld->chunks[k]->empty_rows;
    }
    rep->rejected = nrej;
    rep->padded = padded;
    rep->empty_rows = empty;
    if (nrej > 0 && (st = rejects_table(ld, tbl, nrej, err)) != OV_OK)
        return st;
    if (blank > 0)
        ov_ld_note(rep, "%s blank line%s skipped (a blank line is not a row)",
                   ov_ld_fmtn(a, blank), blank == 1 ? "" : "s");
    if (ld->comment_lines > 0)
        ov_ld_note(rep, "%s comment line%s before the header skipped",
                   ov_ld_fmtn(a, ld->comment_lines), ld->comment_lines == 1 ? "" : "s");
    if (empty > 0)
        ov_ld_note(rep,
                   "%s empty row%s (every field empty) %s dropped; the first at line "
                   "%llu",
                   ov_ld_fmtn(a, empty), empty == 1 ? "" : "s",
                   empty == 1 ? "was" : "were", (unsigned long long)first_empty_line);
    if (padded > 0)
        ov_ld_note(rep,
                   "%s short row%s filled with missing values (the first at line %llu)",
                   ov_ld_fmtn(a, padded), padded == 1 ? "" : "s",
                   (unsigned long long)first_pad_line);
    return OV_OK;
}

/* what a value of a column forced to type t had to be */
static const char *
forced_what(int t)
{
    return t == OV_INT     ? "an integer"
           : t == OV_FLOAT ? "a number"
           : t == OV_DATE  ? "a date"
           : t == OV_BOOL  ? "true or false"
                           : "valid";
}

void
ov_ld_report_columns(struct loader *ld)
{
    struct ov_load_report *rep = ld->rep;
    size_t j, k;

    for (j = 0; j < ld->ncols; j++) {
        const struct asm_out *o = &ld->outs[j];
        ov_strbuf b = OV_STRBUF_INIT;
        bool first = true;
        char a[32];

        rep->made_missing += o->made_missing;
        rep->coerced += o->coerced;
        for (k = 0; k < ld->nnulls; k++) {
            if (o->tokcounts[k] == 0)
                continue;
            ov_strbuf_printf(&b, "%s%s '%s'", first ? "" : ", ",
                             ov_ld_fmtn(a, o->tokcounts[k]), ld->nulls[k]);
            first = false;
        }
        if (!first)
            ov_ld_note(rep, "column '%s': read as missing: %s", ld->names[j],
                       ov_strbuf_cstr(&b));
        ov_strbuf_free(&b);
        if (o->coerced > 0)
            ov_ld_note(
                rep, "column '%s': %s value%s not %s (such as '%s') made missing",
                ld->names[j], ov_ld_fmtn(a, o->coerced), o->coerced == 1 ? "" : "s",
                forced_what(ld->forced[j]), o->example);
        if (o->inexact[0] != '\0')
            inexact_note(rep, ld->names[j], o->inexact);
        if (o->respelled)
            ov_ld_note(
                rep,
                "column '%s': read as bool as asked; the file spells true and false "
                "more than one way, so they are written back as true and false",
                ld->names[j]);
    }
}

/* the table's name: opts->name, else the file's name without extension */
static void
set_name(const struct loader *ld, ov_table *tbl)
{
    const char *from = ld->member != NULL ? ld->member : ld->file;
    const char *base = strrchr(from, '/');
    char *nm, *dot;

    if (ld->opts->name != NULL) {
        ov_table_set_name(tbl, ld->opts->name);
        return;
    }
    base = base != NULL ? base + 1 : from;
    nm = ov_strdup(base);
    if (nm != NULL) {
        /* "stops.csv.gz" is the table stops, as "stops.csv" is */
        dot = strrchr(nm, '.');
        if (ld->zkind == OV_Z_GZIP && dot != NULL && dot != nm &&
            strcmp(dot, ".gz") == 0) {
            *dot = '\0';
            dot = strrchr(nm, '.');
        }
        if (dot != NULL && dot != nm)
            *dot = '\0';
        ov_table_set_name(tbl, nm);
        ov_free(nm);
    }
}

/* the "load options" fact */
static void
load_options(const struct loader *ld, ov_table *tbl)
{
    const struct ov_load_opts *opts = ld->opts;
    ov_strbuf o = OV_STRBUF_INIT;

    ov_strbuf_printf(&o, "delim = %s", delim_name(ld->delim));
    if (opts->header == OV_HEADER_NONE)
        ov_strbuf_puts(&o, ", header = false");
    else if (opts->header == OV_HEADER_FIRST_ROW)
        ov_strbuf_puts(&o, ", header = true");
    else if (ld->found_data)
        ov_strbuf_puts(&o, ", no header (the first row is data)");
    if (opts->skip >= 0)
        ov_strbuf_printf(&o, ", skip = %ld", opts->skip);
    if (opts->encoding != OV_ENC_UTF8)
        ov_strbuf_printf(&o, ", encoding = %s",
                         opts->encoding == OV_ENC_LATIN1 ? "latin1" : "cp1252");
    ov_strbuf_printf(&o, ", on_ragged = %s",
                     opts->on_ragged == OV_RAGGED_ERROR  ? "error"
                     : opts->on_ragged == OV_RAGGED_SKIP ? "skip"
                                                         : "pad");
    if (opts->comment != 0)
        ov_strbuf_printf(&o, ", comment = %c", opts->comment);
    if (ld->bom)
        ov_strbuf_puts(&o, ", UTF-8 byte order mark removed");
    ov_table_set_fact(tbl, "load options", ov_strbuf_cstr(&o));
    ov_strbuf_free(&o);
}

/* the "preamble" fact: the lines above the table, skipped or found */
static void
preamble_fact(const struct loader *ld, ov_table *tbl)
{
    ov_strbuf b = OV_STRBUF_INIT;
    size_t i;

    if (ld->npreamble == 0)
        return;
    for (i = 0; i < ld->npreamble; i++)
        ov_strbuf_printf(&b, "%s%s", i ? " / " : "", ld->preamble[i]);
    if (ov_strbuf_status(&b) == OV_OK)
        ov_table_set_fact(tbl, "preamble", ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
}

void
ov_ld_provenance(struct loader *ld, ov_table *tbl)
{
    char a[96], when[64];
    struct tm tm;
    time_t mt = ld->sb.st_mtime;

    set_name(ld, tbl);
    {
        /* the absolute path, so the provenance means the same anywhere */
        char *abs = realpath(ld->file, NULL);

        ov_table_set_fact(tbl, "source", abs != NULL ? abs : ld->file);
        free(abs);
    }
    if (S_ISREG(ld->sb.st_mode)) {
        snprintf(a, sizeof a, "%s bytes", ov_ld_fmtn(when, (uint64_t)ld->sb.st_size));
        ov_table_set_fact(tbl, "size", a);
        gmtime_r(&mt, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
        ov_table_set_fact(tbl, "modified", when);
    }
    if (ld->member != NULL)
        ov_table_set_fact(tbl, "member", ld->member);
    if (ld->rep->compressed[0] != '\0')
        ov_table_set_fact(tbl, "compressed", ld->rep->compressed);
    load_options(ld, tbl);
    preamble_fact(ld, tbl);
}

/* Texts in memory have no file: no size, date or CSV options to say
 * (the caller says where they came from). */
void
ov_ld_text_provenance(struct loader *ld, ov_table *tbl)
{
    set_name(ld, tbl);
    ov_table_set_fact(tbl, "source", "texts in memory");
}
