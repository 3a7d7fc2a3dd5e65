/*
 * fuzz_datapackage.c - libFuzzer harness for the Brightway datapackage
 * reader (mb_datapackage_from_buffer, src/formats/datapackage.c): a zip
 * archive holding datapackage.json and .npy arrays, read through libzip and
 * jansson.
 *
 * The input is the zip archive. Distributions are loaded too
 * (MB_DP_LOAD_DISTRIBUTIONS), so that every .npy member named by the JSON is
 * parsed. A package that loads is then queried the way the system compiler
 * queries it. zip_mutator.h keeps mutated archives valid zips most of the
 * time, so that the JSON and the arrays inside are what gets fuzzed.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>

#include "metabol/datapackage.h"

#include "zip_mutator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const kinds[] = {"indices", "data", "flip",
                                        "distributions"};
    volatile size_t found = 0;
    mb_datapackage *dp = NULL;
    size_t r, k;

    if (mb_datapackage_from_buffer(&dp, data, size, "fuzz.zip",
                                   MB_DP_LOAD_DISTRIBUTIONS) < 0)
        return 0;
    /* The first few only: find() is linear, so all of them is quadratic. */
    for (r = 0; r < dp->nresources && r < 64; r++) {
        const mb_dp_resource *res = &dp->resources[r];

        if (!res->group)
            continue;
        for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
            if (mb_datapackage_find(dp, res->group, kinds[k]))
                found++;
        if (res->array)
            found += (size_t)mb_npy_field_index(res->array, "row") + 1;
    }
    (void)found;
    mb_datapackage_free(dp);
    return 0;
}
