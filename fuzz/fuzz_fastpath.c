/* libFuzzer entry point for the fastpath target: the fast field splitter
 * against libcsv (targets.c). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    return ov_fuzz_fastpath(data, n);
}
