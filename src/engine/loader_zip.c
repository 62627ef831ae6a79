/*
 * loader_zip.c - CSV data in a zip archive: the member to load chosen
 * (the only CSV there is, a name, or a glob), and several members stacked
 * into one table with a column naming each row's member. Each member is
 * loaded by the CSV loader through zsource's stream; the stack is typed
 * again over all of its values, as one CSV file holding them would be.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "loader_int.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "zsource.h"

#define LIST_MAX 10 /* member names listed in a message */

/* Folders, and the junk macOS and Windows leave in archives. */
static bool
is_junk(const char *name)
{
    const char *base = strrchr(name, '/');

    base = base != NULL ? base + 1 : name;
    return *base == '\0' || strncmp(name, "__MACOSX/", 9) == 0 ||
           strncmp(base, "._", 2) == 0 || strcmp(base, ".DS_Store") == 0 ||
           strcasecmp(base, "Thumbs.db") == 0;
}

/* 2: a name that says CSV (.csv, .tsv, .tab, .psv); 1: plain text that may
 * be (.txt, .dat); 0: anything else */
static int
csv_like(const char *name)
{
    static const char *const sure[] = {".csv", ".tsv", ".tab", ".psv"};
    static const char *const maybe[] = {".txt", ".dat"};
    const char *dot = strrchr(name, '.');
    size_t k;

    if (dot == NULL)
        return 0;
    for (k = 0; k < sizeof sure / sizeof sure[0]; k++)
        if (strcasecmp(dot, sure[k]) == 0)
            return 2;
    for (k = 0; k < sizeof maybe / sizeof maybe[0]; k++)
        if (strcasecmp(dot, maybe[k]) == 0)
            return 1;
    return 0;
}

/* the archive's files (no folders or junk), as indexes */
struct files {
    size_t *idx;
    size_t n;
};

/* "a.csv, b.csv, c.csv" (the first LIST_MAX, then how many more) */
static void
list_names(ov_strbuf *b, const ov_zip *z, const size_t *idx, size_t n)
{
    size_t k;

    for (k = 0; k < n && k < LIST_MAX; k++)
        ov_strbuf_printf(b, "%s%s", k > 0 ? ", " : "", ov_zip_name(z, idx[k]));
    if (n > LIST_MAX)
        ov_strbuf_printf(b, " and %zu more", n - LIST_MAX);
}

/* an error ending with the list of the archive's files */
static ov_status
err_with_list(struct ov_err *err, ov_status st, const char *msg, const ov_zip *z,
              const struct files *f)
{
    ov_strbuf b = OV_STRBUF_INIT;

    list_names(&b, z, f->idx, f->n);
    ov_err_set(err, st, "%s%s", msg, ov_strbuf_cstr(&b));
    ov_strbuf_free(&b);
    return st;
}

/* A zip that is a workbook, not data: say so, and what loads it. */
static ov_status
refuse_workbook(const char *path, const ov_zip *z, struct ov_err *err)
{
    size_t i, n = ov_zip_count(z);

    for (i = 0; i < n; i++) {
        const char *nm = ov_zip_name(z, i);

        if (strcmp(nm, "[Content_Types].xml") == 0 || strncmp(nm, "xl/", 3) == 0)
            return ov_err_set(err, OV_EPARSE,
                              "%s: the file is an Excel .xlsx workbook: use "
                              "load_sheet()",
                              path);
        if (strcmp(nm, "mimetype") == 0)
            return ov_err_set(err, OV_EPARSE,
                              "%s: the file is an ODS spreadsheet: use load_sheet()",
                              path);
    }
    return OV_OK;
}

/* "PATH: a zip of 3 files: a.csv, b.csv, c.csv; say which with ..." */
static ov_status
several(const char *path, const ov_zip *z, const struct files *f, size_t example,
        struct ov_err *err)
{
    ov_strbuf b = OV_STRBUF_INIT;

    list_names(&b, z, f->idx, f->n);
    ov_err_set(err, OV_EINVAL,
               "%s: a zip of %zu files: %s; say which with member = \"%s\" (or a "
               "glob like \"*.csv\")",
               path, f->n, ov_strbuf_cstr(&b), ov_zip_name(z, example));
    ov_strbuf_free(&b);
    return OV_EINVAL;
}

static bool
has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* The members to load into sel (n of them): the only CSV when member is
 * NULL, else those the name or glob picks. */
static ov_status
choose(const char *path, const ov_zip *z, const struct files *f, const char *member,
       size_t *sel, size_t *n, struct ov_err *err)
{
    char msg[OV_ERR_MSG_MAX];
    size_t k, best = 0, nbest = 0;
    int rank = 0;

    *n = 0;
    if (member == NULL) {
        /* the files that look most like CSV; a lone file whatever its name */
        for (k = 0; k < f->n; k++) {
            int r = csv_like(ov_zip_name(z, f->idx[k]));

            if (r > rank) {
                rank = r;
                nbest = 0;
            }
            if (r == rank && r > 0 && nbest++ == 0)
                best = f->idx[k];
        }
        if (nbest == 1 || f->n == 1) {
            sel[(*n)++] = nbest == 1 ? best : f->idx[0];
            return OV_OK;
        }
        return several(path, z, f, nbest > 0 ? best : f->idx[0], err);
    }
    for (k = 0; k < f->n; k++)
        if (fnmatch(member, ov_zip_name(z, f->idx[k]), 0) == 0)
            sel[(*n)++] = f->idx[k];
    if (*n == 0 && !has_glob(member)) {
        /* "forces.csv" for the only "data/forces.csv" */
        for (k = 0; k < f->n; k++) {
            const char *nm = ov_zip_name(z, f->idx[k]), *base = strrchr(nm, '/');

            if (base != NULL && strcmp(base + 1, member) == 0)
                sel[(*n)++] = f->idx[k];
        }
        if (*n > 1)
            *n = 0;
    }
    if (*n > 0)
        return OV_OK;
    snprintf(msg, sizeof msg, "%s: no member %s \"%s\"; the zip holds: ", path,
             has_glob(member) ? "matches" : "is called", member);
    return err_with_list(err, OV_ENOTFOUND, msg, z, f);
}

/* "PATH:member", what messages call a member */
static char *
member_label(const char *path, const char *member)
{
    ov_strbuf b = OV_STRBUF_INIT;

    ov_strbuf_printf(&b, "%s:%s", path, member);
    return ov_strbuf_take(&b);
}

/* ---------------------------------------------------------------------
 * Stacking: every member's values written back as the texts its file
 * held (ov_column_text gives a CSV's text back unchanged), then typed
 * together by ov_table_from_text, so a column of whole numbers in one
 * member and decimals in another becomes a float column, and one that is
 * numbers in one and words in another becomes text, as in one file.
 * --------------------------------------------------------------------- */

struct stack {
    const char *path;
    ov_strbuf text;        /* every text, the names' first */
    struct ov_cell *names; /* member, then the first member's columns */
    size_t ncols;          /* columns with the member's */
    struct ov_cell *cells;
    size_t nrows, caprows;
    const char *first; /* the first member's name */
    char *options;     /* its load options */
    char delim;
    uint64_t bytes;
    ov_strbuf members;           /* "2019.csv (2 rows), ..." for the provenance */
    struct ov_load_report notes; /* the members' notes, prefixed */
};

static void
stack_free(struct stack *s)
{
    ov_strbuf_free(&s->text);
    ov_free(s->names);
    ov_free(s->cells);
    ov_free(s->options);
    ov_strbuf_free(&s->members);
    ov_load_report_free(&s->notes);
}

/* the first member's columns are the stack's */
static ov_status
stack_names(struct stack *s, const ov_table *t, struct ov_err *err)
{
    size_t j, nc = ov_table_ncols(t);
    const char *opt = ov_table_fact(t, "load options");

    s->ncols = nc + 1;
    s->names = ov_malloc(s->ncols * sizeof *s->names);
    s->options = opt != NULL ? ov_strdup(opt) : NULL;
    if (s->names == NULL)
        return ov_err_nomem(err, "stacking the members of a zip");
    s->names[0].off = s->text.len;
    s->names[0].len = strlen("member");
    ov_strbuf_puts(&s->text, "member");
    for (j = 0; j < nc; j++) {
        const char *nm = ov_table_colname(t, j);

        s->names[j + 1].off = s->text.len;
        s->names[j + 1].len = strlen(nm);
        ov_strbuf_puts(&s->text, nm);
    }
    return OV_OK;
}

/* the member's columns must be the first's: the same names in order */
static ov_status
same_columns(const struct stack *s, const char *member, const ov_table *t,
             struct ov_err *err)
{
    size_t j, nc = ov_table_ncols(t);
    const char *text = s->text.data;

    for (j = 0; j < nc && j + 1 < s->ncols; j++) {
        const char *nm = ov_table_colname(t, j);
        const struct ov_cell *want = &s->names[j + 1];

        if (strlen(nm) != want->len || memcmp(nm, text + want->off, want->len) != 0)
            return ov_err_set(err, OV_EINVAL,
                              "%s: cannot stack %s under %s: its column %zu is '%s' "
                              "where %s has '%.*s' (members stacked together need the "
                              "same columns in the same order)",
                              s->path, member, s->first, j + 1, nm, s->first,
                              (int)want->len, text + want->off);
    }
    if (nc + 1 != s->ncols)
        return ov_err_set(err, OV_EINVAL,
                          "%s: cannot stack %s under %s: it has %zu column%s where %s "
                          "has %zu (members stacked together need the same columns in "
                          "the same order)",
                          s->path, member, s->first, nc, nc == 1 ? "" : "s", s->first,
                          s->ncols - 1);
    return OV_OK;
}

/* the member's rows as texts, after the rows so far */
static ov_status
stack_rows(struct stack *s, const char *member, const ov_table *t, struct ov_err *err)
{
    size_t i, j, n = ov_table_nrows(t), nc = s->ncols - 1;
    size_t moff = s->text.len, mlen = strlen(member);
    char buf[OV_VALUE_TEXT_MAX];

    if (s->nrows + n > OV_MAX_ROWS)
        return ov_err_set(err, OV_ERANGE,
                          "%s: the members hold more than 4,294,967,295 rows, the "
                          "most a table holds",
                          s->path);
    if (s->nrows + n > s->caprows) {
        size_t cap = s->caprows ? s->caprows : 64;
        struct ov_cell *c;

        while (cap < s->nrows + n)
            cap *= 2;
        c = ov_realloc(s->cells, cap * s->ncols * sizeof *c);
        if (c == NULL)
            return ov_err_nomem(err, "stacking the members of a zip");
        s->cells = c;
        s->caprows = cap;
    }
    ov_strbuf_append(&s->text, member, mlen);
    for (i = 0; i < n; i++) {
        struct ov_cell *row = &s->cells[(s->nrows + i) * s->ncols];

        row[0].off = moff;
        row[0].len = mlen;
        for (j = 0; j < nc; j++) {
            const ov_column *c = ov_table_col(t, j);
            size_t len;
            const char *v;

            if (ov_column_missing(c, i)) {
                row[j + 1].off = OV_CELL_MISSING;
                continue;
            }
            v = ov_column_text(c, i, buf, &len);
            row[j + 1].off = s->text.len;
            row[j + 1].len = len;
            ov_strbuf_append(&s->text, v, len);
        }
        if (ov_interrupted())
            return ov_err_interrupted(err);
    }
    if (ov_strbuf_status(&s->text) != OV_OK)
        return ov_err_nomem(err, "stacking the members of a zip");
    s->nrows += n;
    return OV_OK;
}

/* Loads member idx into the stack. */
static ov_status
stack_member(struct stack *s, ov_zip *z, size_t idx, const struct ov_load_opts *opts,
             struct ov_err *err)
{
    const char *member = ov_zip_name(z, idx);
    char *label = member_label(s->path, member);
    struct ov_load_opts o = *opts;
    struct ov_load_report rep;
    ov_table *t = NULL;
    ov_status st;
    size_t k;
    char a[32];

    if (label == NULL)
        return ov_err_nomem(err, "stacking the members of a zip");
    o.name = NULL;
    st = ov_ld_load(s->path, label, z, idx, &o, &t, &rep, err);
    ov_free(label);
    if (st != OV_OK)
        return st;
    if (s->names == NULL) {
        s->first = member;
        s->delim = rep.delim;
        st = stack_names(s, t, err);
    } else {
        st = same_columns(s, member, t, err);
    }
    if (st == OV_OK)
        st = stack_rows(s, member, t, err);
    if (st == OV_OK) {
        s->bytes += rep.bytes;
        ov_strbuf_printf(&s->members, "%s%s (%s row%s)", s->members.len ? ", " : "",
                         member, ov_ld_fmtn(a, rep.rows), rep.rows == 1 ? "" : "s");
        for (k = 0; k < rep.nnotes; k++)
            if (ov_ld_note(&s->notes, "%s: %s", member, rep.notes[k]) != OV_OK)
                st = ov_err_nomem(err, "stacking the members of a zip");
        if (ov_strbuf_status(&s->members) != OV_OK)
            st = ov_err_nomem(err, "stacking the members of a zip");
    }
    ov_load_report_free(&rep);
    ov_table_free(t);
    return st;
}

/* the table's name: the option, else the archive's without ".zip" */
static void
stack_name(ov_table *t, const char *path, const struct ov_load_opts *opts)
{
    const char *base = strrchr(path, '/');
    char *nm, *dot;

    if (opts->name != NULL) {
        ov_table_set_name(t, opts->name);
        return;
    }
    nm = ov_strdup(base != NULL ? base + 1 : path);
    if (nm == NULL)
        return;
    dot = strrchr(nm, '.');
    if (dot != NULL && dot != nm)
        *dot = '\0';
    ov_table_set_name(t, nm);
    ov_free(nm);
}

/* where the stack came from: the archive, its members, how it was read */
static void
stack_provenance(const struct stack *s, ov_table *t, const struct ov_load_opts *opts,
                 size_t nmembers, struct ov_load_report *rep)
{
    struct stat sb;
    char *abs = realpath(s->path, NULL);
    char a[96], b[32], c[32], what[128];

    stack_name(t, s->path, opts);
    ov_table_set_fact(t, "source", abs != NULL ? abs : s->path);
    free(abs);
    if (stat(s->path, &sb) == 0) {
        struct tm tm;

        snprintf(a, sizeof a, "%s bytes", ov_ld_fmtn(b, (uint64_t)sb.st_size));
        ov_table_set_fact(t, "size", a);
        gmtime_r(&sb.st_mtime, &tm);
        strftime(a, sizeof a, "%Y-%m-%d %H:%M:%S UTC", &tm);
        ov_table_set_fact(t, "modified", a);
        ov_mem_format_size(b, sizeof b, (size_t)sb.st_size);
    } else {
        snprintf(b, sizeof b, "?");
    }
    ov_table_set_fact(t, "members", ov_strbuf_cstr(&s->members));
    ov_mem_format_size(c, sizeof c, (size_t)s->bytes);
    snprintf(what, sizeof what, "zip, %zu members, %s -> %s", nmembers, b, c);
    ov_table_set_fact(t, "compressed", what);
    if (rep != NULL)
        snprintf(rep->compressed, sizeof rep->compressed, "%s", what);
    if (s->options != NULL)
        ov_table_set_fact(t, "load options", s->options);
}

/* Loads the members sel[0..n) and stacks them. */
static ov_status
load_stack(const char *path, ov_zip *z, const size_t *sel, size_t n,
           const struct ov_load_opts *opts, ov_table **out, struct ov_load_report *rep,
           struct ov_err *err)
{
    struct stack s;
    struct ov_load_opts o = *opts;
    ov_status st = OV_OK;
    size_t k;

    memset(&s, 0, sizeof s);
    s.path = path;
    for (k = 0; k < n && st == OV_OK; k++)
        st = stack_member(&s, z, sel[k], opts, err);
    if (st == OV_OK) {
        o.name = NULL;
        st = ov_table_from_text(s.text.data, s.names, s.ncols, s.cells, s.nrows, &o,
                                out, rep, err);
    }
    if (st == OV_OK) {
        stack_provenance(&s, *out, opts, n, rep);
        if (rep != NULL) {
            rep->bytes = s.bytes;
            rep->delim = s.delim;
            for (k = 0; k < s.notes.nnotes && st == OV_OK; k++)
                if (ov_ld_note(rep, "%s", s.notes.notes[k]) != OV_OK)
                    st = ov_err_nomem(err, "stacking the members of a zip");
        }
    }
    if (st != OV_OK && *out != NULL) {
        ov_table_free(*out);
        *out = NULL;
        if (rep != NULL)
            ov_load_report_free(rep);
    }
    stack_free(&s);
    return st;
}

ov_status
ov_ld_load_zip(const char *path, const struct ov_load_opts *opts_in, ov_table **out,
               struct ov_load_report *rep, struct ov_err *err)
{
    struct ov_load_opts defopts;
    const struct ov_load_opts *opts = opts_in;
    ov_zip *z = NULL;
    struct files f = {NULL, 0};
    size_t *sel = NULL, nsel = 0, i, n;
    char *label = NULL;
    ov_status st;

    *out = NULL;
    if (rep != NULL)
        memset(rep, 0, sizeof *rep);
    if (opts == NULL) {
        ov_load_opts_init(&defopts);
        opts = &defopts;
    }
    if ((st = ov_zip_open(path, &z, err)) != OV_OK)
        return st;
    n = ov_zip_count(z);
    f.idx = ov_malloc((n ? n : 1) * sizeof *f.idx);
    sel = ov_malloc((n ? n : 1) * sizeof *sel);
    if (f.idx == NULL || sel == NULL) {
        st = ov_err_nomem(err, "reading a zip's list of files");
        goto out;
    }
    for (i = 0; i < n; i++)
        if (!is_junk(ov_zip_name(z, i)))
            f.idx[f.n++] = i;
    if (opts->member == NULL && (st = refuse_workbook(path, z, err)) != OV_OK)
        goto out;
    if (f.n == 0) {
        st = ov_err_set(err, OV_EPARSE,
                        n == 0 ? "%s: an empty zip archive: it holds no files"
                               : "%s: a zip archive with no files in it, only folders",
                        path);
        goto out;
    }
    if ((st = choose(path, z, &f, opts->member, sel, &nsel, err)) != OV_OK)
        goto out;
    if (nsel == 1 && (opts->member == NULL || !has_glob(opts->member))) {
        label = member_label(path, ov_zip_name(z, sel[0]));
        if (label == NULL) {
            st = ov_err_nomem(err, "reading a zip");
            goto out;
        }
        st = ov_ld_load(path, label, z, sel[0], opts, out, rep, err);
    } else {
        st = load_stack(path, z, sel, nsel, opts, out, rep, err);
    }
out:
    ov_free(label);
    ov_free(f.idx);
    ov_free(sel);
    ov_zip_close(z);
    return st;
}
