/*
 * fuzz_simapro_csv.c - libFuzzer harness for the SimaPro CSV reader
 * (src/formats/simapro_*.c: lines and encodings, blocks, processes,
 * methods, SimaPro expressions, units) and the inventory compiler behind
 * it, down to one LCA.
 *
 * The input is one SimaPro CSV file, read with mb_simapro_csv_read_buffer
 * first into a sink that keeps nothing (most mutated inputs stop there,
 * and a database costs more to make than the read), then, when that
 * succeeds, into an in-memory database (mb_lcidb_sink), which is compiled with the default options and, when that works,
 * factorized and one unit of its first activity calculated. Every call
 * must fail with an error code or succeed: never crash, leak, read out of
 * bounds, hit undefined behaviour, nor return MB_EINTERNAL (a library bug:
 * the harness aborts).
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/inventory.h"
#include "metabol/lca.h"
#include "metabol/simapro_csv.h"

#include "lca_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mb_lci_sink nothing = {0};
    mb_lcidb *db = NULL;

    if (no_bug(mb_simapro_csv_read_buffer(data, size, "fuzz.csv", &nothing,
                                          NULL)) < 0 ||
        mb_lcidb_new(&db) < 0)
        return 0;
    if (no_bug(mb_simapro_csv_read_buffer(data, size, "fuzz.csv",
                                          mb_lcidb_sink(db), NULL)) == 0)
        compile_and_calculate(db, NULL);
    mb_lcidb_free(db);
    return 0;
}
