/*
 * test_cli_ecospold2.c - `metabol import ecospold2` from the command line:
 * with master data, one file or a folder, its errors (one line, exit code,
 * nothing kept), its progress bar, and USLCI from EcoSpold 2 against USLCI
 * from JSON-LD.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

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

#define USLCI_EX "examples/uslci"
#define COAL "'Electricity, bituminous coal, at power plant'"

/*
 * `lca` of 1 MJ of coal electricity, AR6-100, as JSON (jansson); written
 * to a file, as the whole inventory is more than run() keeps.
 */
static json_t *coal_lca(const char *db)
{
    char cmd[2048], path[512];
    json_error_t err;

    snprintf(path, sizeof path, "%s/coal.json", test_tmpdir());
    snprintf(cmd, sizeof cmd,
             "%s -p %s lca --process " COAL " --method AR6-100 --format json "
             "--top 1000000000 >%s",
             test_metabol, db, path);
    if (system(cmd) != 0)
        return NULL;
    return json_load_file(path, 0, &err);
}

/* A project with USLCI from `args`, the IPCC method and FEDEFL mapping. */
static int uslci_project(const char *db, const char *args)
{
    return runp(db, args) == 0 &&
           runp(db, "import olca-jsonld " USLCI_EX "/ipcc_json_v1.0.3.zip "
                    "--name ipcc") == 0 &&
           runp(db, "import flow-mapping " USLCI_EX "/USLCIv2019Q4.csv "
                    "--name fedefl") == 0;
}

/* Whether a flow's name is `name`, blanks after it aside (USLCI has
 * "Carbon dioxide, fossil " in FY17 Q4). */
static int same_name(const char *s, const char *name)
{
    size_t n = strlen(name);

    return s && strncmp(s, name, n) == 0 && strspn(s + n, " ") == strlen(s + n);
}

/* The amount of flow `name` (output) in a result's inventory, or -1. */
static double inventory_of(const json_t *r, const char *name)
{
    size_t k;
    json_t *x;

    json_array_foreach(json_object_get(r, "inventory"), k, x)
        if (same_name(json_string_value(json_object_get(x, "name")), name) &&
            !strcmp(json_string_value(json_object_get(x, "direction")),
                    "output"))
            return json_real_value(json_object_get(x, "amount"));
    return -1;
}

/*
 * USLCI FY17 Q4 as JSON-LD and FY18 Q1 as EcoSpold 2 (docs/uslci-formats.md):
 * coal electricity has the same inventory in both (224 flows, fossil CO2
 * 0.288833 kg/MJ); the scores differ by exactly the three NETL coal flows
 * the FEDEFL mapping knows only under their FY17 Q4 ids.
 */
TEST(cli_uslci_ecospold2_and_jsonld_agree_but_for_flow_ids)
{
    char dj[512], de[512];
    json_t *j = NULL, *e = NULL, *x;
    double netl = 0;
    size_t k;

    if (!test_shared_data())
        SKIP("../shared/data is absent");
    new_project(dj, sizeof dj);
    new_project(de, sizeof de);
    CHECK(uslci_project(dj, "import olca-jsonld " USLCI_EX
                            "/uslci_olca1_5_0_json_ld.zip --name uslci"));
    CHECK(uslci_project(de, "import ecospold2 ../shared/data/uslci-ecospold2"
                            "/activities --name uslci"));
    CHECK((j = coal_lca(dj)) != NULL);
    CHECK((e = coal_lca(de)) != NULL);
    CHECK(json_array_size(json_object_get(j, "inventory")) == 224 &&
          json_array_size(json_object_get(e, "inventory")) == 224);
    CHECK_NEAR(inventory_of(j, "Carbon dioxide, fossil"), 0.2888335, 1e-6);
    CHECK_NEAR(inventory_of(e, "Carbon dioxide, fossil"),
               inventory_of(j, "Carbon dioxide, fossil"), 1e-12);
    json_array_foreach(json_object_get(
                           json_array_get(json_object_get(j, "impacts"), 0),
                           "flows"),
                       k, x)
        if (strstr(json_string_value(json_object_get(x, "category")),
                   "NETL Coal"))
            netl += json_real_value(json_object_get(x, "amount"));
    x = json_object_get(json_array_get(json_object_get(j, "impacts"), 0),
                        "score");
    CHECK_NEAR(json_real_value(x), 0.3061306, 1e-6);
    CHECK_NEAR(json_real_value(x) - netl,
               json_real_value(json_object_get(
                   json_array_get(json_object_get(e, "impacts"), 0),
                   "score")),
               1e-9);
    json_decref(j);
    json_decref(e);
}

/*
 * The progress bar: drawn on stderr when it is a terminal (here a
 * pseudo-terminal), ending with the whole count and erased at the end;
 * never written when stderr is a file.
 */
TEST(cli_import_draws_a_progress_bar_on_a_terminal_only)
{
    char db[512], seen[8192];
    size_t n = 0;
    ssize_t got;
    int master, slave, status;
    pid_t pid;

    new_project(db, sizeof db);
    CHECK(runp(db, "import ecospold2 tests/fixtures/ecospold2") == 0);
    CHECK(strstr(err_text, "reading") == NULL);
    new_project(db, sizeof db);
    CHECK(openpty(&master, &slave, NULL, NULL, NULL) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        dup2(slave, STDERR_FILENO);
        dup2(null, STDOUT_FILENO);
        close(master);
        execl(test_metabol, "metabol", "-p", db, "import", "ecospold2",
              "tests/fixtures/ecospold2", (char *)NULL);
        _exit(127);
    }
    close(slave);
    while (n + 1 < sizeof seen &&
           (got = read(master, seen + n, sizeof seen - 1 - n)) > 0)
        n += (size_t)got; /* EIO once the child has closed the terminal */
    seen[n] = '\0';
    close(master);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
          WEXITSTATUS(status) == 0);
    CHECK_STR_CONTAINS(seen, "reading [");
    CHECK_STR_CONTAINS(seen, "4/4 files"); /* 3 .spold and LICENSE.txt */
    CHECK_STR_CONTAINS(seen, "\r\033[K"); /* erased */
}
