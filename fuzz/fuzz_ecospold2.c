/*
 * fuzz_ecospold2.c - libFuzzer harness for the EcoSpold 2 reader
 * (src/formats/ecospold2.c, over libxml2) and the inventory compiler
 * behind it, down to one LCA.
 *
 * The input is one .spold document, read with mb_ecospold2_read_document
 * into an in-memory database (mb_lcidb_sink); when the read succeeds the
 * database is compiled with the default options and, when that works,
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

#include "metabol/ecospold2.h"
#include "metabol/inventory.h"
#include "metabol/lca.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int no_bug(int rc)
{
    if (rc == MB_EINTERNAL)
        abort();
    return rc;
}

static void calculate(const mb_system *sys)
{
    mb_lca_result *res = NULL;
    mb_lca *lca = NULL;
    double *demand;

    if (no_bug(mb_lca_new(&lca, sys, NULL)) < 0)
        return;
    demand = calloc((size_t)sys->nproducts + 1, sizeof *demand);
    if (demand) {
        if (sys->nproducts > 0)
            demand[0] = 1.0;
        if (no_bug(mb_lca_calculate(&res, lca, demand)) == 0)
            mb_lca_result_free(res);
    }
    free(demand);
    mb_lca_free(lca);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_compile_report report;
    mb_lcidb *db = NULL;
    mb_system *sys = NULL;

    if (mb_lcidb_new(&db) < 0)
        return 0;
    if (no_bug(mb_ecospold2_read_document(data, size, "fuzz.spold",
                                          mb_lcidb_sink(db), NULL)) == 0) {
        if (no_bug(mb_lcidb_compile(&sys, &report, db, NULL)) == 0) {
            calculate(sys);
            mb_system_free(sys);
        }
        mb_compile_report_free(&report);
    }
    mb_lcidb_free(db);
    return 0;
}
