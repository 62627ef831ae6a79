/*
 * forces.h - one name per police force: the 46 forces of the UK (the 43
 * territorial forces of England and Wales, British Transport Police,
 * Police Scotland, the PSNI) with their ONS codes and regions, and the
 * reading of any of their published spellings as one short name. The
 * table is compiled in (forces_table.h, made by data/forces.py with the
 * bundled datasets "forces" and "force_names"). Engine code: no Lua.
 */
#ifndef OV_FORCES_H
#define OV_FORCES_H

#include <stddef.h>

struct ov_force {
    const char *name;     /* short name: "Avon and Somerset" */
    const char *official; /* "Avon and Somerset Constabulary" */
    const char *ons_code; /* "E23000036"; "" outside the 43 */
    const char *region;   /* ONS region, or the nation */
};

/* The number of forces, and force i (0 <= i < count), static storage. */
size_t ov_force_count(void);
const struct ov_force *ov_force_at(size_t i);

/* The force that the text s (len bytes, need not end in NUL) names, or
 * NULL when it names none. Case, spacing and punctuation do not matter,
 * "&" reads as "and", a leading "the" and trailing "Police",
 * "Constabulary", "Service" and "Force" are dropped: "AVON & SOMERSET",
 * "Avon and Somerset Constabulary" and " avon  and somerset " are all
 * Avon and Somerset. Names of more than 200 bytes name none. */
const struct ov_force *ov_force_find(const char *s, size_t len);

/* The spellings in data/force_names.csv, for tests: the number, and
 * spelling i with the index of the force it names in *force. */
size_t ov_force_variant_count(void);
const char *ov_force_variant(size_t i, size_t *force);

#endif /* OV_FORCES_H */
