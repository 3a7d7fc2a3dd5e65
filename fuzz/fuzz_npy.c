/*
 * fuzz_npy.c - libFuzzer harness for the NumPy .npy reader
 * (mb_npy_from_buffer, src/linalg/npy.c).
 *
 * The input is one whole .npy file. An array that parses is then read
 * through the public accessors, every element of every field, one at a time
 * and in bulk (mb_npy_to_f64 / mb_npy_to_i64), the way the datapackage
 * compiler reads indices, data and flip arrays: the accessors must be safe
 * on anything the parser accepts.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile double fsum = 0.0;
    volatile uint64_t isum = 0; /* unsigned: the sum may wrap */
    mb_npy *a = NULL;
    double *dbuf;
    int64_t *ibuf, k;
    int f;

    if (mb_npy_from_buffer(&a, data, size, "fuzz.npy") < 0)
        return 0;
    (void)mb_npy_field_index(a, "row");
    (void)mb_npy_field_index(a, "col");
    /* count * itemsize <= size and itemsize >= 1: these stay small. */
    dbuf = malloc(((size_t)a->count + 1) * sizeof *dbuf);
    ibuf = malloc(((size_t)a->count + 1) * sizeof *ibuf);
    for (f = 0; f < a->nfields; f++) {
        for (k = 0; k < a->count; k++) {
            fsum += mb_npy_get_f64(a, f, k);
            isum += (uint64_t)mb_npy_get_i64(a, f, k);
        }
        if (dbuf && ibuf) {
            mb_npy_to_f64(a, f, dbuf);
            mb_npy_to_i64(a, f, ibuf);
            if (a->count > 0) {
                fsum += dbuf[a->count - 1];
                isum += (uint64_t)ibuf[a->count - 1];
            }
        }
    }
    free(dbuf);
    free(ibuf);
    (void)fsum;
    (void)isum;
    mb_npy_free(a);
    return 0;
}
