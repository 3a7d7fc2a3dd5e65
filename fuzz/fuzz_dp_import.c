/*
 * fuzz_dp_import.c - libFuzzer harness for the datapackage importer
 * (mb_datapackage_read_buffer, src/formats/datapackage_lci.c: matrices and
 * the "activities", "flows" and "methods" CSV tables turned into inventory
 * records) and the inventory compiler behind it, down to one LCA.
 *
 * The input is a datapackage zip. The records go into an in-memory
 * database (mb_lcidb_sink) which, when the read succeeds, is compiled with
 * the default options; a system that compiles is factorized and one unit
 * of its first activity calculated. Every call must fail with an error
 * code or succeed: never crash, leak, read out of bounds, hit undefined
 * behaviour, nor return MB_EINTERNAL (a library bug: the harness aborts).
 * zip_mutator.h keeps mutated archives valid zips most of the time, so
 * that datapackage.json, the arrays and the tables get fuzzed.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/datapackage.h"
#include "metabol/inventory.h"
#include "metabol/lca.h"

#include "lca_check.h"

#include "zip_mutator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_lcidb *db = NULL;

    if (no_bug(mb_lcidb_new(&db)) < 0)
        return 0;
    if (no_bug(mb_datapackage_read_buffer(data, size, "fuzz.zip",
                                          mb_lcidb_sink(db))) == 0)
        compile_and_calculate(db, NULL);
    mb_lcidb_free(db);
    return 0;
}
