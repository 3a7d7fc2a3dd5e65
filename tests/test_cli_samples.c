/*
 * test_cli_samples.c - the small JSON-LD samples of ../shared/data
 * (jsonld-small-samples/SOURCE.txt) through `metabol import olca-jsonld`:
 * each imports, with the counts its SOURCE.txt gives. (The other sample
 * folders have their reader's tests: test_ecospold1.c, test_ecospold2.c,
 * test_cli_ecospold2.c, test_ilcd.c, test_simapro_csv.c.)
 */
#include <stdio.h>
#include <string.h>

#include "cli_run.h"
#include "test.h"

#define SAMPLES "../shared/data/jsonld-small-samples"

/* Import folder `name` of the samples into a new project. */
static int import_sample(const char *name)
{
    char cmd[1024];

    snprintf(cmd, sizeof cmd, "-p %s/p.db import olca-jsonld " SAMPLES "/%s",
             test_tmpdir(), name);
    return run(cmd);
}

TEST(cli_jsonld_small_samples_import)
{
    if (!test_shared_data())
        SKIP("../shared/data is absent");
    /* 8 processes (105 exchanges), 48 flows, 6 unit groups, 5 locations */
    CHECK(import_sample("beef-cattle-finishing") == 0);
    CHECK_STR_CONTAINS(out_text, "8 processes, 105 exchanges, 48 flows, "
                                 "6 unit groups, 6 flow properties, "
                                 "5 locations");
    /* 4 processes (31 exchanges, no elementary flows), 23 flows */
    CHECK(import_sample("US-FPL") == 0);
    CHECK_STR_CONTAINS(out_text, "4 processes, 31 exchanges, 23 flows, "
                                 "4 unit groups, 4 flow properties");
    /* the AWARE method: one category of 1966 factors, files at the top */
    CHECK(import_sample("AWARE") == 0);
    CHECK_STR_CONTAINS(out_text, "1 impact categories (1966 factors), "
                                 "1 methods");
}
