/*
 * targets.h - the fuzz targets' bodies (see targets.c), called by the
 * libFuzzer entry points and by the regression suite. Each returns 0.
 */
#ifndef OV_FUZZ_TARGETS_H
#define OV_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

int ov_fuzz_loader(const uint8_t *data, size_t n);
int ov_fuzz_expr(const uint8_t *data, size_t n);
int ov_fuzz_claim(const uint8_t *data, size_t n);
int ov_fuzz_ods(const uint8_t *data, size_t n);
int ov_fuzz_xlsx(const uint8_t *data, size_t n);
int ov_fuzz_xls(const uint8_t *data, size_t n);

/* Frees what the targets keep between inputs (the expression table). */
void ov_fuzz_cleanup(void);

#endif /* OV_FUZZ_TARGETS_H */
