/*
 * fuzz_jsonld.c - libFuzzer harness for the openLCA JSON-LD reader
 * (src/formats/jsonld.c, over src/formats/archive.c) and the inventory
 * compiler behind it (mb_lcidb_compile: src/model/lcidb.c, amounts.c,
 * units.c, compile.c, characterize.c), down to one LCA.
 *
 * An input that starts with "PK" is a zip archive of a data set, read with
 * mb_jsonld_read_buffer; anything else is one entity document (a process, a
 * flow, ...), read with mb_jsonld_read_entity. Either way the records go
 * into an in-memory database (mb_lcidb_sink), which, when the read
 * succeeds, is compiled three times: with the default options; with
 * physical allocation, the first provider, LCIA factors matched by name
 * too and the entries' distributions and parametric model kept; with
 * causal allocation and the rule that fails on a choice of providers. A
 * system that compiles is factorized (mb_lca_new) and one unit of its
 * first activity calculated (mb_lca_calculate); a parametric model must
 * give back the compiled matrices bit for bit at the parameters' values,
 * draw without a crash and survive the compiled blob (lca_check.h).
 *
 * Whatever the data, every call must fail with an error code or succeed:
 * never crash, leak, read out of bounds, hit undefined behaviour, nor
 * return MB_EINTERNAL (a library bug: the harness aborts). Results are not
 * checked; NaN is fine. zip_mutator.h keeps mutated archives valid zips
 * most of the time, so that the JSON inside is what gets fuzzed.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/inventory.h"
#include "metabol/jsonld.h"
#include "metabol/lca.h"

#include "lca_check.h"

#include "zip_mutator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_compile_options other = MB_COMPILE_OPTIONS_INIT;
    mb_compile_options strict = MB_COMPILE_OPTIONS_INIT;
    mb_jsonld_stats stats;
    mb_lcidb *db = NULL;
    int rc;

    if (no_bug(mb_lcidb_new(&db)) < 0)
        return 0;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        rc = mb_jsonld_read_buffer(data, size, "fuzz.zip", mb_lcidb_sink(db),
                                   &stats);
    else
        rc = mb_jsonld_read_entity(data, size, "fuzz.json",
                                   mb_lcidb_sink(db), &stats);
    if (no_bug(rc) == 0) {
        compile_and_calculate(db, NULL);
        other.allocation = MB_ALLOCATE_PHYSICAL;
        other.providers = MB_PROVIDERS_FIRST;
        other.match_by_name = 1;
        other.uncertainty = 1;
        other.parameters = 1;
        compile_and_calculate(db, &other);
        strict.allocation = MB_ALLOCATE_CAUSAL;
        strict.providers = MB_PROVIDERS_FAIL;
        compile_and_calculate(db, &strict);
    }
    mb_lcidb_free(db);
    return 0;
}
