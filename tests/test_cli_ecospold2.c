/*
 * test_cli_ecospold2.c - `metabol import ecospold2` from the command line:
 * with master data, one file or a folder, and its errors (one line, exit
 * code, nothing kept).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test.h"

#define MASTER "tests/fixtures/ecospold2-master"
#define SAMPLES "../shared/data/ecospold-samples/ecospold2"

/* A new project path (in a new temporary directory) into db. */
static void new_project(char *db, size_t size)
{
    snprintf(db, size, "%s/p.db", test_tmpdir());
}

/* `metabol -p DB ARGS`. */
static int runp(const char *db, const char *args)
{
    char cmd[4096];

    snprintf(cmd, sizeof cmd, "-p %s %s", db, args);
    return run(cmd);
}

TEST(cli_import_ecospold2_with_master_data)
{
    char db[512];

    new_project(db, sizeof db);
    CHECK(runp(db, "import ecospold2 " MASTER "/activities --master-data "
                 MASTER "/MasterData") == 0);
    CHECK_STR_CONTAINS(out_text, "imported 'activities' (ecospold2)");
    CHECK_STR_CONTAINS(out_text, "1 processes, 3 exchanges, 3 flows");
    CHECK(runp(db, "lca --process 'widget production' --format csv") == 0);
    /* 16 oz = 0.45359237 kg (UnitConversions.xml: 1 oz = 28.349523125 g) */
    CHECK_STR_CONTAINS(out_text, "Carbon dioxide, fossil");
    CHECK_STR_CONTAINS(out_text, "0.45359237");
}

TEST(cli_import_ecospold2_errors_are_one_line)
{
    char db[512];

    new_project(db, sizeof db);
    /* --master-data belongs to ecospold2 */
    CHECK(runp(db, "import olca-jsonld x.zip --master-data " MASTER) == 2);
    CHECK_STR_CONTAINS(err_text, "--master-data is for ecospold2");
    /* a folder of activities is not master data */
    CHECK_ERROR_LINE(runp(db, "import ecospold2 " MASTER "/activities "
                            "--master-data " MASTER "/activities"),
                     "no EcoSpold 2 master data");
    CHECK(access(db, F_OK) != 0); /* a failed first import leaves no file */
}

/*
 * The EcoSpold 2 samples of ../shared/data (SOURCE.txt): one file imports
 * (named after it); the folder holds the same activity twice, with and
 * without synonyms, and is refused naming it.
 */
TEST(cli_import_ecospold2_samples)
{
    char db[512];

    new_project(db, sizeof db);
    if (!test_shared_data())
        SKIP("../shared/data is absent");
    CHECK(runp(db, "import ecospold2 " SAMPLES "/00000_11111111-2222-3333-"
                 "4444-555555555555_66666666-7777-8888-9999-000000000000"
                 ".spold") == 0);
    CHECK_STR_CONTAINS(out_text, "imported '00000_11111111-2222-3333-4444-"
                                 "555555555555_66666666-7777-8888-9999-"
                                 "000000000000' (ecospold2)");
    new_project(db, sizeof db);
    CHECK_ERROR_LINE(runp(db, "import ecospold2 " SAMPLES),
                     "process c40e3c0a-292f-45a5-88cd-ed18265cb7d7 "
                     "('concrete block production') is already in the "
                     "project");
}
