/*
 * claim.c - reading a published figure from its wording: "0.2 per cent",
 * "fewer than one per cent", "nearly two thirds", "an 11% increase". From
 * the tokens claim_lex.c makes, finds the one figure with its qualifier
 * and direction (what cannot be read for certain is refused, saying why).
 * Engine code: no Lua, no printing.
 */
#include "config.h"

#include "stats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_int.h"
#include "fraction.h"
#include "value.h"

static bool
is_word(const struct tok *t, size_t n, size_t i, const char *w)
{
    return i < n && t[i].k == TK_WORD && strcmp(t[i].w, w) == 0;
}

static bool
is_num(const struct tok *t, size_t n, size_t i)
{
    return i < n && (t[i].k == TK_NUM || t[i].k == TK_BAD);
}

/* a figure found in the tokens */
struct found {
    enum ov_claim_unit unit;
    int64_t scaled, scaled2;
    int places;
    int64_t fn, fd; /* fraction */
    bool neg;
    bool between;
    bool too_precise;   /* a range whose ends need more than 18 digits */
    const char *bad;    /* it cannot be read for certain: why */
    unsigned how;       /* READ_* of its numbers */
    int fixed_cmp;      /* -1, or a cmp the words themselves give ("majority") */
    size_t first, last; /* token span */
};

/* tokens i.. as "per cent", "percent", "%": how many, or 0 */
static size_t
percent_words(const struct tok *t, size_t n, size_t i)
{
    if (i < n && t[i].k == TK_PCT)
        return 1;
    if (is_word(t, n, i, "per") && is_word(t, n, i + 1, "cent"))
        return 2;
    if (is_word(t, n, i, "percent") || is_word(t, n, i, "pc"))
        return 1;
    return 0;
}

static size_t
points_words(const struct tok *t, size_t n, size_t i)
{
    if (is_word(t, n, i, "percentage") &&
        (is_word(t, n, i + 1, "points") || is_word(t, n, i + 1, "point")))
        return 2;
    if (is_word(t, n, i, "points") || is_word(t, n, i, "point") ||
        is_word(t, n, i, "pp") || is_word(t, n, i, "ppt") || is_word(t, n, i, "ppts"))
        return 1;
    return 0;
}

/* "in", "out of", "in every", "out of every" after the count of a
 * fraction ("one in five"): how many tokens, or 0 */
static size_t
in_words(const struct tok *t, size_t n, size_t i)
{
    size_t k = is_word(t, n, i, "in")                                  ? 1
               : is_word(t, n, i, "out") && is_word(t, n, i + 1, "of") ? 2
                                                                       : 0;

    if (k > 0 && is_word(t, n, i + k, "every"))
        k++;
    return k;
}

static const char why_range[] =
    "it reads as a range, or as a move from one figure to another; write a range as "
    "'between 10 and 15 per cent', or give only the figure to check";
static const char why_run_together[] = "two numbers are run together with nothing but "
                                       "a mark between them (as in 1'500, 1_000 "
                                       "or 1·5), so it cannot tell which is the figure";
static const char why_in_whole[] =
    "the count and the whole of 'one in five' are whole numbers";
static const char why_in_nothing[] = "a share of nothing (a whole of 0) is no figure";
static const char why_in_none[] = "a share of none: write 0%";
static const char why_in_words[] = "it does not say what the count is out of";
static const char why_in_large[] =
    "a whole of more than a billion is more than it reads";
static const char why_frac_whole[] = "the count of a fraction is a whole number";

/* The number at t[i] is a figure's: is it run into the number before it
 * ("1'500", "10-15", "5 to 10")? Then why it cannot be read, else NULL. */
static const char *
run_together(const struct tok *t, size_t n, size_t i, const char *s)
{
    size_t p;
    bool dash = false, other = false;

    if (i >= 2 && is_word(t, n, i - 1, "to") && is_num(t, n, i - 2))
        return why_range;
    if (i == 0 || !is_num(t, n, i - 1))
        return NULL;
    for (p = t[i - 1].to; p < t[i].from; p++) {
        if (s[p] == '-')
            dash = true;
        else if (s[p] != ' ')
            other = true;
    }
    if (t[i].neg) /* the '-' was read as the number's sign: "10 -15%" */
        dash = true;
    if (dash && !other)
        return why_range;
    if (other && memchr(s + t[i - 1].to, ' ', t[i].from - t[i - 1].to) == NULL &&
        strcspn(s + t[i - 1].to, "()[];,\"") >= t[i].from - t[i - 1].to)
        return why_run_together;
    return NULL;
}

/* the figure whose number is t[i], a count of "one in five" or of "two
 * thirds" if it is one; false if t[i] is not followed by such words */
static bool
fraction_at(const struct tok *t, size_t n, size_t i, struct found *x)
{
    size_t k = in_words(t, n, i + 1), j;
    const char *why = NULL;

    if (k > 0) {
        j = i + 1 + k;
        x->unit = OV_UNIT_FRACTION;
        x->last = j < n ? j : n - 1;
        if (!is_num(t, n, j))
            why = why_in_words;
        else if (t[j].k == TK_BAD)
            why = t[j].bad;
        else if (t[i].places != 0 || t[i].neg || t[j].places != 0 || t[j].neg)
            why = why_in_whole;
        else if (t[j].scaled == 0)
            why = why_in_nothing;
        else if (t[i].scaled == 0)
            why = why_in_none;
        else if (t[j].scaled > 1000000000)
            why = why_in_large;
        x->fn = t[i].scaled;
        x->fd = j < n ? t[j].scaled : 0;
        if (j < n)
            x->how |= t[j].how;
    } else if (i + 1 < n && t[i + 1].k == TK_WORD &&
               ov_claim_word_fraction(t[i + 1].w) > 0) {
        /* "two thirds", "one quarter" */
        x->unit = OV_UNIT_FRACTION;
        x->fn = t[i].scaled;
        x->fd = ov_claim_word_fraction(t[i + 1].w);
        x->last = i + 1;
        if (t[i].places != 0 || t[i].neg)
            why = why_frac_whole;
        else if (t[i].scaled == 0)
            why = why_in_none;
    } else {
        return false;
    }
    if (x->bad == NULL)
        x->bad = why;
    return true;
}

/* Finds the figures in the tokens; SIZE_MAX when there are more than max. */
static size_t
find_figures(const struct tok *t, size_t n, const char *s, struct found *f, size_t max)
{
    size_t i, nf = 0;

    for (i = 0; i < n; i++) {
        struct found x;
        size_t k;

        memset(&x, 0, sizeof x);
        x.fixed_cmp = -1;
        x.first = i;
        if (is_num(t, n, i) && i > 0 && is_word(t, n, i - 1, "per"))
            continue; /* "829 per 1,000": the unit of a rate, not a figure */
        if (nf == max && (is_num(t, n, i) || t[i].k == TK_WORD))
            return SIZE_MAX;
        if (is_num(t, n, i)) {
            x.scaled = t[i].scaled;
            x.places = t[i].places;
            x.neg = t[i].neg;
            x.how = t[i].how;
            x.bad = t[i].bad;
            /* "between 10 and 12 per cent" */
            if (i > 0 && is_word(t, n, i - 1, "between") &&
                (is_word(t, n, i + 1, "and") || is_word(t, n, i + 1, "to")) &&
                i + 2 < n && is_num(t, n, i + 2) &&
                ((k = percent_words(t, n, i + 3)) > 0 ||
                 points_words(t, n, i + 3) > 0)) {
                int p = t[i + 2].places > x.places ? t[i + 2].places : x.places;
                int64_t a = t[i].scaled, b = t[i + 2].scaled;
                bool over = false;
                int j;

                x.first = i - 1;
                x.last = i + 2 + (k > 0 ? k : points_words(t, n, i + 3));
                if (x.bad == NULL)
                    x.bad = t[i + 2].bad;
                /* to the same decimal places; a range that cannot be
                 * (".000000000000000001 and 88888") is marked unreadable */
                for (j = t[i].places; j < p; j++)
                    over |= __builtin_mul_overflow(a, 10, &a);
                for (j = t[i + 2].places; j < p; j++)
                    over |= __builtin_mul_overflow(b, 10, &b);
                if (over) {
                    x.too_precise = true;
                    x.last = i + 2;
                    f[nf++] = x;
                    i = x.last;
                    continue;
                }
                x.unit = k > 0 ? OV_UNIT_PERCENT : OV_UNIT_POINTS;
                x.between = true;
                x.scaled = a;
                x.scaled2 = b;
                x.places = p;
                x.how |= t[i + 2].how;
                f[nf++] = x;
                i = x.last;
                continue;
            }
            if ((k = percent_words(t, n, i + 1)) > 0) {
                x.unit = OV_UNIT_PERCENT;
                x.last = i + k;
            } else if ((k = points_words(t, n, i + 1)) > 0) {
                x.unit = OV_UNIT_POINTS;
                x.last = i + k;
            } else if (!fraction_at(t, n, i, &x)) {
                x.unit = OV_UNIT_NUMBER;
                x.last = i;
            }
            /* a range or numbers run together: the message shows both */
            {
                const char *why = run_together(t, n, i, s);

                if (why != NULL) {
                    x.bad = why;
                    x.first = is_word(t, n, i - 1, "to") ? i - 2 : i - 1;
                }
            }
            f[nf++] = x;
            i = x.last;
        } else if (t[i].k == TK_WORD) {
            int d = ov_claim_word_fraction(t[i].w);

            if (d > 0 &&
                (strcmp(t[i].w, "half") == 0 || (i > 0 && is_word(t, n, i - 1, "a")))) {
                /* "a third", "half", "a half" */
                x.unit = OV_UNIT_FRACTION;
                x.fn = 1;
                x.fd = d;
                x.first = i > 0 && is_word(t, n, i - 1, "a") ? i - 1 : i;
                x.last = i;
                f[nf++] = x;
            } else if (strcmp(t[i].w, "majority") == 0 ||
                       strcmp(t[i].w, "minority") == 0) {
                x.unit = OV_UNIT_FRACTION;
                x.fn = 1;
                x.fd = 2;
                x.fixed_cmp = t[i].w[1] == 'a' ? OV_CLAIM_GT : OV_CLAIM_LT;
                x.first =
                    i > 0 && (is_word(t, n, i - 1, "a") || is_word(t, n, i - 1, "the"))
                        ? i - 1
                        : i;
                x.last = i;
                f[nf++] = x;
            }
        }
    }
    return nf;
}

/* the qualifying words just before the figure */
static const struct {
    const char *words;
    enum ov_claim_cmp cmp;
} qualifiers[] = {
    {"just under", OV_CLAIM_ALMOST},
    {"just below", OV_CLAIM_ALMOST},
    {"just short of", OV_CLAIM_ALMOST},
    {"slightly under", OV_CLAIM_ALMOST},
    {"slightly below", OV_CLAIM_ALMOST},
    {"slightly less than", OV_CLAIM_ALMOST},
    {"a little under", OV_CLAIM_ALMOST},
    {"a little less than", OV_CLAIM_ALMOST},
    {"just less than", OV_CLAIM_ALMOST},
    {"not quite", OV_CLAIM_ALMOST},
    {"almost", OV_CLAIM_ALMOST},
    {"nearly", OV_CLAIM_ALMOST},
    {"just over", OV_CLAIM_JUST_OVER},
    {"just above", OV_CLAIM_JUST_OVER},
    {"just more than", OV_CLAIM_JUST_OVER},
    {"slightly over", OV_CLAIM_JUST_OVER},
    {"slightly above", OV_CLAIM_JUST_OVER},
    {"slightly more than", OV_CLAIM_JUST_OVER},
    {"a little over", OV_CLAIM_JUST_OVER},
    {"a little more than", OV_CLAIM_JUST_OVER},
    {"no more than", OV_CLAIM_LE},
    {"not more than", OV_CLAIM_LE},
    {"at most", OV_CLAIM_LE},
    {"up to", OV_CLAIM_LE},
    {"a maximum of", OV_CLAIM_LE},
    {"no fewer than", OV_CLAIM_GE},
    {"no less than", OV_CLAIM_GE},
    {"not less than", OV_CLAIM_GE},
    {"at least", OV_CLAIM_GE},
    {"a minimum of", OV_CLAIM_GE},
    {"fewer than", OV_CLAIM_LT},
    {"less than", OV_CLAIM_LT},
    {"lower than", OV_CLAIM_LT},
    {"smaller than", OV_CLAIM_LT},
    {"under", OV_CLAIM_LT},
    {"below", OV_CLAIM_LT},
    {"more than", OV_CLAIM_GT},
    {"greater than", OV_CLAIM_GT},
    {"higher than", OV_CLAIM_GT},
    {"in excess of", OV_CLAIM_GT},
    {"upwards of", OV_CLAIM_GT},
    {"over", OV_CLAIM_GT},
    {"above", OV_CLAIM_GT},
    {"about", OV_CLAIM_ROUNDED},
    {"around", OV_CLAIM_ROUNDED},
    {"approximately", OV_CLAIM_ROUNDED},
    {"roughly", OV_CLAIM_ROUNDED},
    {"some", OV_CLAIM_ROUNDED},
    {"circa", OV_CLAIM_ROUNDED},
    {"close to", OV_CLAIM_ROUNDED},
};

/* how many tokens before `end` match the words of phrase p, or 0 */
static size_t
match_before(const struct tok *t, size_t end, const char *p)
{
    char words[4][24];
    size_t nw = 0, i;
    const char *s = p;

    while (*s != '\0' && nw < 4) {
        size_t k = 0;

        while (*s == ' ')
            s++;
        while (*s != '\0' && *s != ' ' && k + 1 < sizeof words[0])
            words[nw][k++] = *s++;
        words[nw][k] = '\0';
        if (k > 0)
            nw++;
    }
    if (nw > end)
        return 0;
    for (i = 0; i < nw; i++) {
        const struct tok *k = &t[end - nw + i];

        if (k->k != TK_WORD || strcmp(k->w, words[i]) != 0)
            return 0;
    }
    return nw;
}

static const char *const ups[] = {
    "increase", "increased", "increases", "increasing", "rise",   "rises",
    "rose",     "risen",     "rising",    "up",         "more",   "higher",
    "grew",     "grown",     "growth",    "jump",       "jumped", "climbed",
    "gain",     "gained",    "surge",     "surged"};
static const char *const downs[] = {
    "decrease", "decreased", "decreases", "decreasing", "drop",    "drops",
    "dropped",  "fall",      "falls",     "fell",       "fallen",  "falling",
    "down",     "less",      "lower",     "reduction",  "reduced", "decline",
    "declined", "declining", "cut",       "cuts",       "fewer",   "lost"};

static int
direction_of(const char *w)
{
    size_t i;

    for (i = 0; i < sizeof ups / sizeof ups[0]; i++)
        if (strcmp(w, ups[i]) == 0)
            return 1;
    for (i = 0; i < sizeof downs / sizeof downs[0]; i++)
        if (strcmp(w, downs[i]) == 0)
            return -1;
    return 0;
}

static const char claim_help[] =
    "write it as \"0.2%\", \"46 per cent\", \"fewer than one per cent\", \"nearly two "
    "thirds\", \"an 11% increase\" or a number";

/* the figure as read, in plain digits: "10.5%", "1 in 1,000,000" */
static size_t
canonical_text(char *buf, size_t size, const struct ov_claim *c)
{
    char a[64], b[64];
    const char *unit = c->unit == OV_UNIT_PERCENT  ? "%"
                       : c->unit == OV_UNIT_POINTS ? " percentage points"
                                                   : "";

    if (c->unit == OV_UNIT_FRACTION) {
        ov_value_format_int_grouped(a, c->frac_num, ',');
        ov_value_format_int_grouped(b, c->frac_den, ',');
        return (size_t)snprintf(buf, size, "%s in %s", a, b);
    }
    ov_scaled_text(a, c->scaled, c->places, false);
    if (c->cmp == OV_CLAIM_BETWEEN) {
        ov_scaled_text(b, c->scaled2, c->places, false);
        return (size_t)snprintf(buf, size, "between %s and %s%s", a, b, unit);
    }
    return (size_t)snprintf(buf, size, "%s%s", a, unit);
}

/* c->reading: how the figure's numbers were read, when they could have
 * been read another way or were written in words */
static void
describe_reading(struct ov_claim *c, unsigned how)
{
    static const struct {
        unsigned flag;
        const char *why;
    } whys[] = {
        {READ_DECIMAL_COMMA,
         "the comma is a decimal comma (a comma between thousands has "
         "three digits after it)"},
        {READ_SPACES, "the spaces separate thousands"},
        {READ_COMMA_GROUP,
         "the comma separates thousands (a decimal comma has one or two "
         "digits after it)"},
    };
    size_t n, i;
    const char *sep = ": ";

    if (how == 0)
        return;
    n = canonical_text(c->reading, sizeof c->reading, c);
    for (i = 0; i < sizeof whys / sizeof whys[0] && n < sizeof c->reading; i++)
        if (how & whys[i].flag) {
            n += (size_t)snprintf(c->reading + n, sizeof c->reading - n, "%s%s", sep,
                                  whys[i].why);
            sep = "; ";
        }
}

/* copies the bytes from..to of the normalised claim into c->figure; when
 * too long, cut at a character boundary and ended with "…" */
static void
set_figure_words(struct ov_claim *c, const char *norm, size_t from, size_t to)
{
    static const char more[] = "…";
    size_t len = to - from;
    bool cut = len >= sizeof c->figure;

    if (cut) {
        len = sizeof c->figure - sizeof more;
        while (len > 0 && ((unsigned char)norm[from + len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(c->figure, norm + from, len);
    c->figure[len] = '\0';
    if (cut)
        memcpy(c->figure + len, more, sizeof more);
}

ov_status
ov_claim_parse(const char *text, struct ov_claim *c, struct ov_err *err)
{
    char norm[512];
    struct tok t[MAXTOK];
    struct found f[32], *pick = NULL;
    size_t n, nf, i, qlen = 0;
    int up = -1, down = -1;

    memset(c, 0, sizeof *c);
    if (text == NULL || strlen(text) >= sizeof norm)
        return ov_err_set(err, OV_EPARSE,
                          "the claim is empty or longer than %zu characters",
                          sizeof norm - 1);
    ov_claim_normalise(text, norm, sizeof norm);
    n = ov_claim_tokenize(norm, t, MAXTOK);
    if (n > MAXTOK)
        return ov_err_set(
            err, OV_EPARSE,
            "the claim has more than %d words and numbers; give only the words "
            "about the figure",
            MAXTOK);
    for (i = 0; i < n; i++)
        if (t[i].k == TK_NUM && t[i].overlong)
            return ov_err_set(
                err, OV_EPARSE,
                "'%.*s' has more than 18 digits; no published figure needs "
                "that many",
                (int)(t[i].to - t[i].from), norm + t[i].from);
    nf = find_figures(t, n, norm, f, sizeof f / sizeof f[0]);
    if (nf == SIZE_MAX)
        return ov_err_set(
            err, OV_EPARSE,
            "the claim holds more than %zu numbers; give only the one to check",
            sizeof f / sizeof f[0]);
    for (i = 0; i < nf; i++)
        if (f[i].too_precise)
            return ov_err_set(
                err, OV_EPARSE,
                "'%.*s': the two ends of the range need more than 18 digits "
                "together; write them with fewer decimal places",
                (int)(t[f[i].last].to - t[f[i].first].from), norm + t[f[i].first].from);
    /* percentages first, then points, fractions, bare numbers */
    {
        static const enum ov_claim_unit order[] = {OV_UNIT_PERCENT, OV_UNIT_POINTS,
                                                   OV_UNIT_FRACTION, OV_UNIT_NUMBER};
        size_t u;

        for (u = 0; u < 4 && pick == NULL; u++) {
            for (i = 0; i < nf; i++) {
                if (f[i].unit != order[u])
                    continue;
                if (pick != NULL) {
                    char a[64], b[64];

                    snprintf(a, sizeof a, "%.*s",
                             (int)(t[pick->last].to - t[pick->first].from),
                             norm + t[pick->first].from);
                    snprintf(b, sizeof b, "%.*s",
                             (int)(t[f[i].last].to - t[f[i].first].from),
                             norm + t[f[i].first].from);
                    return ov_err_set(
                        err, OV_EPARSE,
                        "'%s' holds more than one figure ('%s' and '%s'); give "
                        "only the one to check",
                        text, a, b);
                }
                pick = &f[i];
            }
        }
    }
    if (pick == NULL)
        return ov_err_set(err, OV_EPARSE, "no figure in '%s': %s", text, claim_help);
    /* what cannot be read for certain is refused, never guessed */
    if (pick->bad != NULL)
        return ov_err_set(err, OV_EPARSE, "cannot read '%.*s' for certain: %s",
                          (int)(t[pick->last].to - t[pick->first].from),
                          norm + t[pick->first].from, pick->bad);
    if (pick->places > CLAIM_MAX_PLACES)
        return ov_err_set(
            err, OV_EPARSE,
            "'%.*s' has %d decimal places; no published figure needs more "
            "than %d",
            (int)(t[pick->last].to - t[pick->first].from), norm + t[pick->first].from,
            pick->places, CLAIM_MAX_PLACES);
    if (pick->between && pick->scaled > pick->scaled2)
        return ov_err_set(
            err, OV_EPARSE,
            "'%.*s': the range ends below where it starts; write the lower "
            "figure first",
            (int)(t[pick->last].to - t[pick->first].from), norm + t[pick->first].from);
    if (pick->unit == OV_UNIT_FRACTION && pick->fn > pick->fd)
        return ov_err_set(err, OV_EPARSE, "'%s' is not a fraction of a whole: %s", text,
                          claim_help);
    c->unit = pick->unit;
    c->scaled = pick->scaled;
    c->scaled2 = pick->scaled2;
    c->places = pick->places;
    c->frac_num = (int)pick->fn;
    c->frac_den = (int)pick->fd;
    c->cmp = pick->between ? OV_CLAIM_BETWEEN : OV_CLAIM_ROUNDED;
    if (pick->fixed_cmp >= 0) {
        c->cmp = (enum ov_claim_cmp)pick->fixed_cmp;
    } else if (!pick->between) {
        for (i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++) {
            if ((qlen = match_before(t, pick->first, qualifiers[i].words)) > 0) {
                c->cmp = qualifiers[i].cmp;
                break;
            }
        }
    }
    /* the direction of a change, from the words around the figure */
    for (i = 0; i < n; i++) {
        int d;

        if (i >= pick->first - qlen && i <= pick->last)
            continue;
        if (t[i].k != TK_WORD || (d = direction_of(t[i].w)) == 0)
            continue;
        if (d > 0 && up < 0)
            up = (int)i;
        if (d < 0 && down < 0)
            down = (int)i;
    }
    if (up >= 0 && down >= 0)
        return ov_err_set(err, OV_EPARSE,
                          "'%s' says both '%s' and '%s': which way is it?", text,
                          t[up].w, t[down].w);
    if (pick->neg) {
        if (up >= 0)
            return ov_err_set(err, OV_EPARSE, "'%s' has a minus sign and says '%s'",
                              text, t[up].w);
        c->direction = -1;
        snprintf(c->dirword, sizeof c->dirword, "-");
    } else if (up >= 0) {
        c->direction = 1;
        snprintf(c->dirword, sizeof c->dirword, "%s", t[up].w);
    } else if (down >= 0) {
        c->direction = -1;
        snprintf(c->dirword, sizeof c->dirword, "%s", t[down].w);
    }
    set_figure_words(c, norm, t[pick->first - qlen].from, t[pick->last].to);
    describe_reading(c, pick->how);
    return OV_OK;
}
