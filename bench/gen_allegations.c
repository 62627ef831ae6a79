/*
 * gen_allegations.c - writes a synthetic police-allegations CSV for the
 * benchmarks: one row per allegation, several allegations per complaint,
 * columns like those of the Home Office and IOPC returns (force, year,
 * date, officer, category, outcome) and a quoted free-text summary that
 * holds commas, doubled quotes and, now and then, a line break.
 *
 * Two shapes. "real" (the default) is shaped like the exports in
 * ../shared/data (Chicago CPDP's accused file, Philadelphia's findings):
 * an integer complaint_id with 1 to 5 allegations each and gaps between
 * ids (complaints without allegations are not exported), an integer
 * officer_id that is missing when the officer was not identified (about
 * 6%, as in Philadelphia), and missing values in the categorical columns
 * (rank 5%, gender 3%, ethnicity 10%, category 5%, outcome 3%: Chicago's
 * complaint_status 2.3%, allegation_category 5.2%) and the numeric ones
 * (age 10%, days_to_close 8%: cases still open). "old" is the earlier
 * file, kept byte for byte: text ids ("CO-2019-000042", "OF012345"), no
 * missing value but about 3% of the ages.
 *
 * Deterministic: the same row count and shape give byte-identical output
 * on every machine (a fixed-seed xorshift generator, no floating point in
 * the choices). About 237 bytes a row (old), 228 (real).
 *
 *   gen_allegations [--shape real|old] ROWS > allegations.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x243F6A8885A308D3ull;

static uint32_t
next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static uint32_t
below(uint32_t n)
{
    return (uint32_t)(((uint64_t)next() * n) >> 32);
}

struct weighted {
    const char *name;
    unsigned weight;
};

static const char *
pick(const struct weighted *w, size_t n)
{
    unsigned total = 0, r;
    size_t i;

    for (i = 0; i < n; i++)
        total += w[i].weight;
    r = below(total);
    for (i = 0; i < n; i++) {
        if (r < w[i].weight)
            return w[i].name;
        r -= w[i].weight;
    }
    return w[n - 1].name;
}

#define PICK(arr) pick(arr, sizeof arr / sizeof arr[0])

/* the 43 territorial forces of England and Wales, weighted roughly by size */
static const struct weighted forces[] = {
    {"Metropolitan Police Service", 340},
    {"West Midlands Police", 70},
    {"Greater Manchester Police", 70},
    {"West Yorkshire Police", 58},
    {"Thames Valley Police", 45},
    {"Merseyside Police", 38},
    {"Kent Police", 38},
    {"Essex Police", 36},
    {"Hampshire Constabulary", 34},
    {"Lancashire Constabulary", 33},
    {"South Yorkshire Police", 30},
    {"Avon and Somerset Constabulary", 30},
    {"Devon and Cornwall Police", 30},
    {"Northumbria Police", 35},
    {"Sussex Police", 28},
    {"Hertfordshire Constabulary", 22},
    {"Surrey Police", 21},
    {"Nottinghamshire Police", 21},
    {"South Wales Police", 30},
    {"Leicestershire Police", 20},
    {"Staffordshire Police", 18},
    {"Cheshire Constabulary", 21},
    {"Humberside Police", 20},
    {"Derbyshire Constabulary", 18},
    {"Cleveland Police", 14},
    {"Lincolnshire Police", 11},
    {"Northamptonshire Police", 13},
    {"Bedfordshire Police", 12},
    {"Cambridgeshire Constabulary", 15},
    {"Suffolk Constabulary", 13},
    {"West Mercia Police", 22},
    {"Gwent Police", 14},
    {"North Wales Police", 15},
    {"Dyfed-Powys Police", 12},
    {"Durham Constabulary", 12},
    {"Cumbria Constabulary", 12},
    {"North Yorkshire Police", 14},
    {"Wiltshire Police", 10},
    {"Gloucestershire Constabulary", 11},
    {"Dorset Police", 13},
    {"Warwickshire Police", 9},
    {"City of London Police", 7},
};

static const struct weighted ranks[] = {
    {"Constable", 700},      {"Sergeant", 130},         {"Inspector", 45},
    {"Chief Inspector", 12}, {"Superintendent", 5},     {"Chief Superintendent", 2},
    {"Police Staff", 80},    {"Special Constable", 15}, {"Detective Constable", 60},
};

static const struct weighted genders[] = {
    {"Male", 680}, {"Female", 290}, {"Not recorded", 30}};

static const struct weighted ethnicities[] = {{"White", 600}, {"Black", 110},
                                              {"Asian", 100}, {"Mixed", 50},
                                              {"Other", 30},  {"Not stated", 110}};

static const struct weighted categories[] = {
    {"Delivery of duties and service", 380},
    {"Police powers, policies and procedures", 180},
    {"Individual behaviours", 170},
    {"Discriminatory behaviour", 45},
    {"Use of force", 50},
    {"Abuse of position or corruption", 12},
    {"Handling of or damage to property or premises", 40},
    {"Access and/or disclosure of information", 30},
    {"Sexual conduct", 8},
    {"Detention in police custody", 20},
    {"Stop and search", 15},
    {"Arrest", 25},
    {"Search of premises", 10},
    {"Other", 15},
};

static const struct weighted outcomes[] = {
    {"No further action", 560},
    {"Service level acceptable", 160},
    {"Service level not acceptable", 45},
    {"Reflective practice review process", 30},
    {"Referred to misconduct proceedings", 5},
    {"Management action", 25},
    {"Withdrawn", 60},
    {"Not upheld", 70},
    {"Upheld", 20},
    {"Learning recommended", 25},
};

/* pieces of the free-text summary: 22 x 30 x 12 combinations */
static const char *const who[] = {
    "The complainant",
    "The complainant's mother",
    "A member of the public",
    "The driver",
    "The passenger",
    "A neighbour",
    "The detainee",
    "The victim",
    "A witness",
    "The complainant's partner",
    "A shop owner",
    "The caller",
    "A cyclist",
    "The tenant",
    "A student",
    "The complainant's son",
    "A motorist",
    "The householder",
    "A pedestrian",
    "The landlord",
    "A care worker",
    "The complainant's daughter",
};

static const char *const what[] = {
    "alleges officers were rude, dismissive and gave no numbers",
    "says the officer said \"\"you people are always trouble\"\" during the stop",
    "says the call, made at night, went unanswered for 40 minutes",
    "alleges excessive force, with handcuffs too tight",
    "says property, a phone and keys, was not returned",
    "says officers entered the flat without a warrant and searched it",
    "says a crime report was closed without investigation",
    "alleges the officer shared personal details with a third party",
    "was stopped and searched twice in a week, for no reason",
    "says the officer told them to \"\"stop wasting police time\"\"",
    "alleges discrimination, treated differently because of race",
    "complains about delays, poor updates and a lack of contact",
    "says the officer drove dangerously, with no lights on",
    "says a statement was recorded wrongly, not read back",
    "says a vulnerable relative was left alone, despite requests",
    "says officers laughed and filmed it on a phone",
    "alleges that evidence, CCTV and notes, was lost",
    "says the arrest was unlawful, the detention too long",
    "says the officer \"\"refused to listen\"\" and walked away",
    "alleges harassment, with repeated visits to the home",
    "says medical needs in custody were ignored, for hours",
    "says a complaint, made in writing, was never acknowledged",
    "alleges that the officer used a racial slur, which others heard",
    "says the dog was seized and kept for weeks, without explanation",
    "says officers took sides in a dispute, threatening arrest",
    "alleges comments of a sexual nature by an officer",
    "says a stolen car, later found, was never returned",
    "says officers failed to act on threats, reported three times",
    "alleges the search, in the street, was humiliating",
    "complains about how a missing person report was handled",
};

static const char *const where[] = {
    "at the station.",  "in the street.",
    "at home.",         "during a traffic stop.",
    "in custody.",      "on the phone.",
    "at a protest.",    "outside a school.",
    "at the hospital.", "in a shopping centre.",
    "on a train.",      "at a football match,\nafter the final whistle.",
};

/* a category, or missing (the empty field) about `per1000` in 1000 rows */
static const char *
pick_or_missing(const struct weighted *w, size_t n, unsigned per1000)
{
    const char *s = pick(w, n);

    return below(1000) < per1000 ? "" : s;
}

#define PICK_OR_MISSING(arr, per1000)                                                  \
    pick_or_missing(arr, sizeof arr / sizeof arr[0], per1000)

/* the realistic shape: integer ids and missing values (see the top) */
static int
real_shape(long long rows)
{
    long long r = 0, complaint = 1000000;

    fputs("allegation_id,complaint_id,force,year_received,date_received,officer_id,"
          "officer_rank,officer_age,officer_gender,complainant_ethnicity,"
          "allegation_category,outcome,days_to_close,summary\n",
          stdout);
    while (r < rows) {
        /* a complaint: 1 to 5 allegations against one force, one date */
        const char *force = PICK(forces);
        unsigned year = 2015 + below(10), month = 1 + below(12), day = 1 + below(28);
        unsigned n = 1 + below(3) + (below(4) == 0 ? below(3) : 0);
        const char *eth = PICK_OR_MISSING(ethnicities, 100);
        unsigned k;

        /* ids of complaints with no allegation in the export are skipped */
        complaint += 1 + (below(4) == 0 ? below(3) : 0);
        for (k = 0; k < n && r < rows; k++, r++) {
            char age[8], officer[12], days[8];
            const char *cat = PICK_OR_MISSING(categories, 52);
            const char *q = strchr(cat, ',') != NULL ? "\"" : "";

            if (below(1000) < 61)
                officer[0] = '\0'; /* officer not identified */
            else
                snprintf(officer, sizeof officer, "%u",
                         100000 + below(20000) + (below(3) == 0 ? below(40000) : 0));
            if (below(10) == 0)
                age[0] = '\0';
            else
                snprintf(age, sizeof age, "%u", 19 + below(47));
            if (below(1000) < 80)
                days[0] = '\0'; /* still open */
            else
                snprintf(days, sizeof days, "%u", 1 + below(400) + below(400));
            printf("%lld,%lld,%s,%u,%u-%02u-%02u,%s,%s,%s,%s,%s,%s%s%s,%s,%s,"
                   "\"%s %s %s\"\n",
                   1000001 + r, complaint, force, year, year, month, day, officer,
                   PICK_OR_MISSING(ranks, 50), age, PICK_OR_MISSING(genders, 30), eth,
                   q, cat, q, PICK_OR_MISSING(outcomes, 30), days,
                   who[below(sizeof who / sizeof who[0])],
                   what[below(sizeof what / sizeof what[0])],
                   where[below(sizeof where / sizeof where[0])]);
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
    long long rows, r = 0, complaint = 0;
    static char buf[1 << 16];
    int old = 0;

    if (argc == 4 && strcmp(argv[1], "--shape") == 0 &&
        (strcmp(argv[2], "old") == 0 || strcmp(argv[2], "real") == 0)) {
        old = strcmp(argv[2], "old") == 0;
        argv += 2;
        argc -= 2;
    }
    if (argc != 2 || (rows = atoll(argv[1])) <= 0) {
        fprintf(stderr, "usage: gen_allegations [--shape real|old] ROWS > file.csv\n");
        return 2;
    }
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    if (!old)
        return real_shape(rows);
    fputs("allegation_id,complaint_id,force,year_received,date_received,officer_id,"
          "officer_rank,officer_age,officer_gender,complainant_ethnicity,"
          "allegation_category,outcome,days_to_close,summary\n",
          stdout);
    while (r < rows) {
        /* a complaint: 1 to 5 allegations against one force, one date */
        const char *force = PICK(forces);
        unsigned year = 2015 + below(10), month = 1 + below(12), day = 1 + below(28);
        unsigned n = 1 + below(3) + (below(4) == 0 ? below(3) : 0);
        const char *eth = PICK(ethnicities);
        unsigned k;

        complaint++;
        for (k = 0; k < n && r < rows; k++, r++) {
            char age[8];
            const char *cat = PICK(categories);
            /* quoted only when it must be, as most exporters do */
            const char *q = strchr(cat, ',') != NULL ? "\"" : "";
            unsigned officer = below(20000) + (below(3) == 0 ? below(40000) : 0);

            if (below(33) == 0)
                age[0] = '\0'; /* about 3% not recorded */
            else
                snprintf(age, sizeof age, "%u", 19 + below(47));
            printf(
                "%lld,CO-%u-%06lld,%s,%u,%u-%02u-%02u,OF%06u,%s,%s,%s,%s,%s%s%s,%s,%u,"
                "\"%s %s %s\"\n",
                1000001 + r, year, complaint, force, year, year, month, day, officer,
                PICK(ranks), age, PICK(genders), eth, q, cat, q, PICK(outcomes),
                1 + below(400) + below(400), who[below(sizeof who / sizeof who[0])],
                what[below(sizeof what / sizeof what[0])],
                where[below(sizeof where / sizeof where[0])]);
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
