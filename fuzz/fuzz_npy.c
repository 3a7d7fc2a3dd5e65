/*
 * fuzz_npy.c - libFuzzer harness for the NumPy .npy reader
 * (mb_npy_from_buffer, src/linalg/npy.c).
 *
 * The input is one whole .npy file. An array that parses is then read
 * through the public accessors, every element of every field, the way the
 * datapackage compiler reads indices, data and flip arrays: the accessors
 * must be safe on anything the parser accepts.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>

#include "metabol/npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile double fsum = 0.0;
    volatile uint64_t isum = 0; /* unsigned: the sum may wrap */
    mb_npy *a = NULL;
    int64_t k;
    int f;

    if (mb_npy_from_buffer(&a, data, size, "fuzz.npy") < 0)
        return 0;
    (void)mb_npy_field_index(a, "row");
    (void)mb_npy_field_index(a, "col");
    for (f = 0; f < a->nfields; f++) {
        for (k = 0; k < a->count; k++) {
            fsum += mb_npy_get_f64(a, f, k);
            isum += (uint64_t)mb_npy_get_i64(a, f, k);
        }
    }
    (void)fsum;
    (void)isum;
    mb_npy_free(a);
    return 0;
}
