/*
 * fuzz_ecospold2.c - libFuzzer harness for the EcoSpold 2 reader
 * (src/formats/ecospold2.c, over libxml2) and the inventory compiler
 * behind it, down to one LCA.
 *
 * The input is one .spold document, read with mb_ecospold2_read_document
 * into an in-memory database (mb_lcidb_sink); when the read succeeds the
 * database is compiled with the default options, and with the entries'
 * distributions and the parametric model kept, and each system that
 * compiles is factorized and one unit of its first activity calculated;
 * its parametric model, if any, must give back the compiled matrices bit
 * for bit at the parameters' values (fuzz/lca_check.h). Every call
 * must fail with an error code or succeed: never crash, leak, read out of
 * bounds, hit undefined behaviour, nor return MB_EINTERNAL (a library bug:
 * the harness aborts).
 *
 * An input that holds "<valid" (a master data file: validElementaryExchanges,
 * validUnits, ...) is also written to a temporary file and read as the
 * master data of mb_ecospold2_read, which then finds no activities.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#define _GNU_SOURCE /* memmem, mkstemps */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metabol/ecospold2.h"
#include "metabol/inventory.h"
#include "metabol/lca.h"

#include "lca_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as ecoinvent master data, through a temporary file. */
static void read_as_master_data(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/fuzz-es2-master-XXXXXX.xml";
    int fd = mkstemps(path, 4);
    mb_lcidb *db = NULL;

    if (fd < 0)
        return;
    if (write(fd, data, size) == (ssize_t)size && mb_lcidb_new(&db) == 0) {
        no_bug(mb_ecospold2_read(path, path, mb_lcidb_sink(db), NULL));
        mb_lcidb_free(db);
    }
    close(fd);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_compile_options params = MB_COMPILE_OPTIONS_INIT;
    mb_lcidb *db = NULL;

    params.uncertainty = params.parameters = 1;
    if (memmem(data, size, "<valid", 6))
        read_as_master_data(data, size);
    if (mb_lcidb_new(&db) < 0)
        return 0;
    if (no_bug(mb_ecospold2_read_document(data, size, "fuzz.spold",
                                          mb_lcidb_sink(db), NULL)) == 0) {
        compile_and_calculate(db, NULL);
        compile_and_calculate(db, &params);
    }
    mb_lcidb_free(db);
    return 0;
}
