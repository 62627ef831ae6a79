/*
 * targets.h - the fuzz targets' bodies (see targets.c), called by the
 * libFuzzer entry points and by the regression suite. Each returns 0.
 */
#ifndef OV_FUZZ_TARGETS_H
#define OV_FUZZ_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int ov_fuzz_loader(const uint8_t *data, size_t n);
int ov_fuzz_expr(const uint8_t *data, size_t n);
int ov_fuzz_claim(const uint8_t *data, size_t n);
int ov_fuzz_ods(const uint8_t *data, size_t n);
int ov_fuzz_xlsx(const uint8_t *data, size_t n);
int ov_fuzz_xls(const uint8_t *data, size_t n);
int ov_fuzz_fastpath(const uint8_t *data, size_t n);

struct ov_load_opts;

/* Whether libcsv and ov_scan_fields split data[0..n) under delim into the
 * same fields and rows; if not, why (where they part) goes to why. */
bool ov_fastpath_same_fields(const uint8_t *data, size_t n, char delim, char *why,
                             size_t whysize);

/* Whether loading path with opts gives the same table (names, types,
 * every cell and dictionary code, provenance, rejects), report and notes,
 * or the same error, with OV_CSV_FASTPATH=0 (libcsv) as with the fast
 * path; if not, the first difference goes to why. */
bool ov_fastpath_same_load(const char *path, const struct ov_load_opts *opts, char *why,
                           size_t whysize);

/* Frees what the targets keep between inputs (the expression table). */
void ov_fuzz_cleanup(void);

#endif /* OV_FUZZ_TARGETS_H */
