/*
 * fuzz_ecospold1.c - libFuzzer harness for the EcoSpold 1 reader
 * (src/formats/ecospold1.c, over libxml2) and the inventory compiler
 * behind it, down to one LCA.
 *
 * The input is one EcoSpold 1 document (an <ecoSpold> root with one or
 * more <dataset>s), read with mb_ecospold1_read_document into an
 * in-memory database. When the read succeeds, the database is compiled
 * twice: with the default options (the causal allocation factors the
 * reader makes from <allocation>, providers by location), and without
 * allocation and with the `fail` provider rule; each system that compiles
 * is factorized and one unit of its first activity calculated. Every call
 * must fail with an error code or succeed: never crash, leak, read out of
 * bounds, hit undefined behaviour, nor return MB_EINTERNAL (a library bug:
 * the harness aborts).
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/ecospold1.h"
#include "metabol/inventory.h"
#include "metabol/lca.h"

#include "lca_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_compile_options unallocated = MB_COMPILE_OPTIONS_INIT;
    mb_ecospold1_stats stats;
    mb_lcidb *db = NULL;

    if (mb_lcidb_new(&db) < 0)
        return 0;
    if (no_bug(mb_ecospold1_read_document(data, size, "fuzz.xml",
                                          mb_lcidb_sink(db), &stats)) == 0) {
        compile_and_calculate(db, NULL);
        unallocated.allocation = MB_ALLOCATE_NONE;
        unallocated.providers = MB_PROVIDERS_FAIL;
        compile_and_calculate(db, &unallocated);
    }
    mb_lcidb_free(db);
    return 0;
}
