/*
 * test_cli_project.c - the project commands: import, list, show and
 * lca --process, their output, the cache of compiled models, and one clear
 * error line (and an untouched project) for each kind of bad input,
 * including an import killed halfway.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "test.h"

#define BEEF "tests/fixtures/jsonld/beef-cattle-finishing.zip"
#define USLCI "examples/uslci/uslci_olca1_5_0_json_ld.zip"
#define FINISHING "'beef cattle finishing; CCF operation; at auction; LW'"

/* A fresh project path in a temporary directory. */
static const char *project(void)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/p.db", test_tmpdir());
    return path;
}

/* run() with "-p PROJECT " in front. */
static int runp(const char *db, const char *args)
{
    char cmd[4096];

    snprintf(cmd, sizeof cmd, "-p %s %s", db, args);
    return run(cmd);
}

TEST(project_import_list_show_and_lca)
{
    const char *db = project();
    static char first[1 << 16];

    CHECK(runp(db, "import olca-jsonld " BEEF) == 0);
    CHECK_STR_CONTAINS(out_text, "imported 'beef-cattle-finishing' "
                                 "(olca-jsonld)");
    CHECK_STR_CONTAINS(out_text, "8 processes, 105 exchanges, 48 flows");
    CHECK_STR_CONTAINS(out_text, "5 by default provider, 3 by product flow");
    CHECK(runp(db, "list databases") == 0);
    CHECK_STR_CONTAINS(out_text, "beef-cattle-finishing\tolca-jsonld\t");
    CHECK(runp(db, "list processes --search CALF") == 0);
    CHECK_STR_CONTAINS(out_text, "calf production; cow-calf operation; at "
                                 "farm\tac2816ed");
    CHECK(strchr(out_text, '\n') == out_text + strlen(out_text) - 1);
    CHECK(runp(db, "list flows --search methane") == 0);
    CHECK_STR_CONTAINS(out_text, "Methane, biogenic\t57bdb443");
    CHECK_STR_CONTAINS(out_text, "\telementary\t");
    CHECK(runp(db, "show process " FINISHING) == 0);
    CHECK_STR_CONTAINS(out_text, "2.91484e+06 kg       beef cattle");
    CHECK_STR_CONTAINS(out_text, "[reference]");
    CHECK_STR_CONTAINS(out_text, "<- ac2816ed");
    /* 2,914,841.44 kg is one run: see test_inventory.c for the hand
     * calculation; biogenic methane 810,155.9 kg */
    CHECK(runp(db, "lca --process " FINISHING
                   " --amount 2914841.44 --format csv") == 0);
    CHECK_STR_CONTAINS(out_text, "inventory,,\"Methane, biogenic\",");
    CHECK_NEAR(strtod(strstr(strstr(out_text, "\"Methane, biogenic\""),
                             ",output,") + 8,
                      NULL),
               810155.9, 1e-12);
    memcpy(first, out_text, sizeof first);
    /* the second run reads the cached model: the same output */
    CHECK(runp(db, "lca --process " FINISHING
                   " --amount 2914841.44 --format csv") == 0);
    CHECK(strcmp(first, out_text) == 0);
    /* --unit: t of the same product is 1000 kg */
    CHECK(runp(db, "lca --process " FINISHING
                   " --amount 2914.84144 --unit t --format csv") == 0);
    CHECK_NEAR(strtod(strstr(strstr(out_text, "\"Methane, biogenic\""),
                             ",output,") + 8,
                      NULL),
               810155.9, 1e-12);
    CHECK_ERROR_LINE(runp(db, "lca --process " FINISHING " --unit MJ"),
                     "--unit: unit 'MJ' is not a unit of the process's "
                     "product (its units: ");
    CHECK(runp(db, "lca --process ac2816ed-0000 --format json") == 1);
    CHECK(runp(db, "lca --process " FINISHING " --format json --top 3") == 0);
    CHECK_STR_CONTAINS(out_text, "\"linked_default\": 5");
    CHECK_STR_CONTAINS(out_text, "\"unit\": \"kg\"");
}

TEST(project_errors_are_one_line_and_change_nothing)
{
    const char *db = project();
    const char *dir = test_tmpdir();
    char args[1024], path[600];

    CHECK_ERROR_LINE(runp(db, "list processes"), "no project there");
    CHECK_ERROR_LINE(runp(db, "import olca-jsonld /nonexistent/x.zip"),
                     "/nonexistent/x.zip");
    CHECK(access(db, F_OK) != 0); /* no empty project left behind */
    CHECK(runp(db, "import nope x") == 2);
    CHECK(runp(db, "import olca-jsonld " BEEF) == 0);
    CHECK_ERROR_LINE(runp(db, "import olca-jsonld " BEEF),
                     "a database named 'beef-cattle-finishing' is already "
                     "in the project");
    CHECK_ERROR_LINE(runp(db, "import olca-jsonld " BEEF " --name again"),
                     "is already in the project");
    /* a broken file: the error names it, and nothing of it is kept */
    snprintf(path, sizeof path, "%s/flows", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/flows/f.json", dir);
    CHECK(write_text(path, "{\"@type\": \"Flow\", \"@id\": \"f\",\n"
                           "\"flowType\": PRODUCT}") == 0);
    snprintf(args, sizeof args, "import olca-jsonld %s --name broken", dir);
    CHECK_ERROR_LINE(runp(db, args), "flows/f.json: line 2");
    CHECK(runp(db, "list databases") == 0);
    CHECK(strstr(out_text, "broken") == NULL);
    CHECK_ERROR_LINE(runp(db, "lca --process nothing-like-this"),
                     "--process 'nothing-like-this': no process");
    CHECK_ERROR_LINE(runp(db, "lca --process " FINISHING " --method GWP"),
                     "--method 'GWP': no such method or category");
    CHECK(runp(db, "lca --process " FINISHING " --param x") == 2);
    CHECK_ERROR_LINE(runp(db, "lca --process " FINISHING " --param x=1"),
                     "parameter 'x': no global or process parameter");
    CHECK_ERROR_LINE(runp(db, "show process nothing-like-this"),
                     "no process named or with id 'nothing-like-this'");
}

/* The size of a file, 0 when absent. */
static long file_size(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

/*
 * An import killed halfway (SIGKILL once its write-ahead log has grown,
 * i.e. in the middle of its transaction) leaves the project as it was.
 */
TEST(project_import_killed_halfway_leaves_nothing)
{
    const char *db = project();
    char wal[600];
    struct timespec nap = {0, 2000000};
    pid_t pid;
    int status, k;

    if (access(USLCI, R_OK) != 0)
        SKIP("examples/uslci is not there");
    CHECK(runp(db, "import olca-jsonld " BEEF) == 0);
    snprintf(wal, sizeof wal, "%s-wal", db);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(test_metabol, "metabol", "-p", db, "import", "olca-jsonld",
              USLCI, (char *)NULL);
        _exit(127);
    }
    for (k = 0; k < 5000 && file_size(wal) < 1 << 20; k++)
        nanosleep(&nap, NULL);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    CHECK_MSG(WIFSIGNALED(status), "the import finished before the kill");
    CHECK(runp(db, "list databases") == 0);
    CHECK(strstr(out_text, "uslci") == NULL);
    CHECK(runp(db, "list processes --search electricity") == 0);
    CHECK(out_text[0] == '\0');
    CHECK(runp(db, "import olca-jsonld " USLCI) == 0);
    CHECK_STR_CONTAINS(out_text, "766 processes");
}

/*
 * Scenario parameters from the command line and from a file. The beef
 * data has no parameters, so the project gets a small JSON-LD data set
 * of its own: "mill" makes 1 kg of steel with `2 * scale` kg of CO2.
 */
TEST(project_lca_takes_parameters_from_options_and_files)
{
    const char *db = project();
    const char *dir = test_tmpdir();
    char path[600], args[1024];

    snprintf(path, sizeof path, "%s/unit_groups", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/flow_properties", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/flows", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/processes", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/parameters", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/unit_groups/m.json", dir);
    CHECK(write_text(path, "{\"@type\":\"UnitGroup\",\"@id\":\"m\",\"name\":"
                           "\"mass\",\"units\":[{\"@id\":\"kg\",\"name\":"
                           "\"kg\",\"conversionFactor\":1,\"isRefUnit\":"
                           "true}]}") == 0);
    snprintf(path, sizeof path, "%s/flow_properties/fm.json", dir);
    CHECK(write_text(path, "{\"@type\":\"FlowProperty\",\"@id\":\"fm\","
                           "\"name\":\"Mass\",\"unitGroup\":{\"@id\":\"m\"}}")
          == 0);
    snprintf(path, sizeof path, "%s/flows/steel.json", dir);
    CHECK(write_text(path, "{\"@type\":\"Flow\",\"@id\":\"steel\",\"name\":"
                           "\"steel\",\"flowType\":\"PRODUCT_FLOW\","
                           "\"flowProperties\":[{\"flowProperty\":{\"@id\":"
                           "\"fm\"},\"conversionFactor\":1,"
                           "\"isRefFlowProperty\":true}]}") == 0);
    snprintf(path, sizeof path, "%s/flows/co2.json", dir);
    CHECK(write_text(path, "{\"@type\":\"Flow\",\"@id\":\"co2\",\"name\":"
                           "\"CO2\",\"flowType\":\"ELEMENTARY_FLOW\","
                           "\"flowProperties\":[{\"flowProperty\":{\"@id\":"
                           "\"fm\"},\"conversionFactor\":1,"
                           "\"isRefFlowProperty\":true}]}") == 0);
    snprintf(path, sizeof path, "%s/parameters/scale.json", dir);
    CHECK(write_text(path, "{\"@type\":\"Parameter\",\"@id\":\"scale\","
                           "\"name\":\"scale\",\"value\":1,"
                           "\"isInputParameter\":true}") == 0);
    snprintf(path, sizeof path, "%s/processes/mill.json", dir);
    CHECK(write_text(path, "{\"@type\":\"Process\",\"@id\":\"mill\","
                           "\"name\":\"mill\",\"exchanges\":["
                           "{\"flow\":{\"@id\":\"steel\"},\"amount\":1,"
                           "\"isQuantitativeReference\":true},"
                           "{\"flow\":{\"@id\":\"co2\"},\"amount\":2,"
                           "\"amountFormula\":\"2 * scale\"}]}") == 0);
    snprintf(args, sizeof args, "import olca-jsonld %s --name steel", dir);
    CHECK(runp(db, args) == 0);
    CHECK(runp(db, "lca --process mill --format csv") == 0);
    CHECK_STR_CONTAINS(out_text, "inventory,,\"CO2\",\"\",output,2,\"kg\"");
    CHECK(runp(db, "lca --process mill --param scale=5 --format csv") == 0);
    CHECK_STR_CONTAINS(out_text, "inventory,,\"CO2\",\"\",output,10,\"kg\"");
    snprintf(path, sizeof path, "%s/scenario.txt", dir);
    CHECK(write_text(path, "# a scenario\n\n  scale = 7\n") == 0);
    snprintf(args, sizeof args, "lca --process mill --params %s --format csv",
             path);
    CHECK(runp(db, args) == 0);
    CHECK_STR_CONTAINS(out_text, "inventory,,\"CO2\",\"\",output,14,\"kg\"");
    CHECK(write_text(path, "scale=7\nbad line\n") == 0);
    CHECK(runp(db, args) == 2);
    CHECK_STR_CONTAINS(err_text, "scenario.txt:2: 'bad line': expected "
                                 "NAME=VALUE");
}

/* The project file: -p, else $METABOL_PROJECT, else ./metabol.db. */
TEST(project_path_comes_from_option_then_environment)
{
    const char *db = project();
    char other[600];

    CHECK(runp(db, "import olca-jsonld " BEEF " --name from-option") == 0);
    setenv("METABOL_PROJECT", db, 1);
    CHECK(run("list databases") == 0);
    CHECK_STR_CONTAINS(out_text, "from-option\t");
    snprintf(other, sizeof other, "%s/other.db", test_tmpdir());
    CHECK(runp(other, "list databases") == 1); /* -p wins over the variable */
    CHECK_STR_CONTAINS(err_text, "other.db: no project there");
    unsetenv("METABOL_PROJECT");
}
