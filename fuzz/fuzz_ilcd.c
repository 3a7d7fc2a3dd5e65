/*
 * fuzz_ilcd.c - libFuzzer harness for the ILCD reader
 * (src/formats/ilcd*.c, over libxml2 and src/formats/archive.c) and the
 * inventory compiler behind it, down to one LCA.
 *
 * An input that starts with "PK" is a zip archive of ILCD data sets, read
 * with mb_ilcd_read_buffer (zip_mutator.h keeps it a valid zip most of the
 * time, so that the XML inside is what gets fuzzed); anything else is one
 * data set, read with mb_ilcd_read_document. The records go into an
 * in-memory database (mb_lcidb_sink), which, when the read succeeds, is
 * compiled with the default options (the data's causal allocation) and
 * with physical allocation and LCIA factors matched by name too; a system
 * that compiles is factorized and one unit of its first activity
 * calculated.
 *
 * Every call must fail with an error code or succeed: never crash, leak,
 * read out of bounds, hit undefined behaviour, nor return MB_EINTERNAL (a
 * library bug: the harness aborts).
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/ilcd.h"
#include "metabol/inventory.h"
#include "metabol/lca.h"

#include "lca_check.h"

#include "zip_mutator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_compile_options other = MB_COMPILE_OPTIONS_INIT;
    mb_lcidb *db = NULL;
    int rc;

    if (no_bug(mb_lcidb_new(&db)) < 0)
        return 0;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        rc = mb_ilcd_read_buffer(data, size, "fuzz.zip", mb_lcidb_sink(db),
                                 NULL);
    else
        rc = mb_ilcd_read_document(data, size, "fuzz.xml", mb_lcidb_sink(db),
                                   NULL);
    if (no_bug(rc) == 0) {
        compile_and_calculate(db, NULL);
        other.allocation = MB_ALLOCATE_PHYSICAL;
        other.match_by_name = 1;
        other.uncertainty = 1;
        compile_and_calculate(db, &other);
    }
    mb_lcidb_free(db);
    return 0;
}
