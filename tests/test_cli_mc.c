/*
 * test_cli_mc.c - `metabol mc`: its report in three formats, the same
 * numbers for one and two threads and for one and two MPI ranks (when
 * metabol is built with MPI and mpirun is there), --compare on common
 * random numbers, --samples as .npy, and one error line for bad options.
 * The project is Brightway's multi_lca_simple fixtures (tests/fixtures/
 * bw2calc, with their distributions) imported as a datapackage.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "test.h"

#define FIX "tests/fixtures/bw2calc/"

static int runp(const char *db, const char *args)
{
    char cmd[4096];

    snprintf(cmd, sizeof cmd, "-p %s %s", db, args);
    return run(cmd);
}

/* A project of the five multi_lca_simple packages; its path. */
static const char *simple_project(void)
{
    static char path[512];
    char args[1024];
    int k;

    snprintf(path, sizeof path, "%s/mc.db", test_tmpdir());
    for (k = 1; k <= 5; k++) {
        snprintf(args, sizeof args,
                 "import datapackage " FIX "multi_lca_simple_%d.zip", k);
        if (runp(path, args) != 0)
            return NULL;
    }
    return path;
}

/* The "results" part of a JSON report (what does not name the threads). */
static char *results_of(const char *json)
{
    const char *r = strstr(json, "\"results\"");

    return strdup(r ? r : "");
}

TEST(cli_mc_reports_and_repeats_for_any_thread_count)
{
    const char *db = simple_project();
    char *one, *two;

    CHECK(db != NULL);
    CHECK(runp(db, "mc --process dp-activity:1 --iterations 500 --seed 3") ==
          0);
    CHECK_STR_CONTAINS(out_text, "Monte Carlo: 500 iterations, seed 3");
    CHECK_STR_CONTAINS(out_text, "deterministic");
    CHECK_STR_CONTAINS(out_text, "first/category");
    CHECK(runp(db, "mc --process dp-activity:1 --iterations 500 --seed 3 "
                   "--threads 1 --format json") == 0);
    one = results_of(out_text);
    CHECK(runp(db, "mc --process dp-activity:1 --iterations 500 --seed 3 "
                   "--threads 2 --format json") == 0);
    two = results_of(out_text);
    CHECK(strlen(one) > 100 && strcmp(one, two) == 0);
    free(two);
    /* another seed, other numbers */
    CHECK(runp(db, "mc --process dp-activity:1 --iterations 500 --seed 4 "
                   "--format json") == 0);
    two = results_of(out_text);
    CHECK(strcmp(one, two) != 0);
    free(one);
    free(two);
    CHECK(runp(db, "mc --process dp-activity:1 --iterations 50 --format "
                   "csv") == 0);
    CHECK_STR_CONTAINS(out_text, "demand,method,unit,statistic,value\n");
    CHECK_STR_CONTAINS(out_text, "\"dp-activity:1\",\"first/category\",\"\","
                                 "deterministic,");
}

TEST(cli_mc_compare_and_samples)
{
    const char *db = simple_project();
    char path[600], args[1024];
    mb_npy *a = NULL;
    int64_t i, less = 0;

    CHECK(db != NULL);
    snprintf(path, sizeof path, "%s/s.npy", test_tmpdir());
    snprintf(args, sizeof args,
             "mc --process dp-activity:1 --compare dp-activity:2 "
             "--iterations 300 --method first/category --samples %s "
             "--format json",
             path);
    CHECK(runp(db, args) == 0);
    CHECK_STR_CONTAINS(out_text, "\"comparison\": [");
    CHECK_STR_CONTAINS(out_text, "\"p_less\": ");
    CHECK_OK(mb_npy_read(&a, path));
    CHECK(a->ndim == 3 && a->shape[0] == 300 && a->shape[1] == 2 &&
          a->shape[2] == 1);
    for (i = 0; i < 300; i++) {
        double x = mb_npy_get_f64(a, 0, 2 * i),
               y = mb_npy_get_f64(a, 0, 2 * i + 1);

        CHECK(isfinite(x) && isfinite(y));
        less += x < y;
    }
    /* P(first < second) in the report is the share in the samples */
    {
        char want[64];

        snprintf(want, sizeof want, "\"p_less\": %.17g",
                 (double)less / 300.0);
        CHECK_STR_CONTAINS(out_text, want);
    }
    mb_npy_free(a);
}

TEST(cli_mc_same_numbers_on_two_mpi_ranks)
{
    const char *db, *dir = test_tmpdir();
    char cmd[2048], *one, *two;

    if (system("command -v mpirun >/dev/null 2>&1") != 0)
        SKIP("mpirun is not installed (scripts/install-deps installs Open "
             "MPI)");
    snprintf(cmd, sizeof cmd, "ldd %s 2>/dev/null | grep -q libmpi",
             test_metabol);
    if (system(cmd) != 0)
        SKIP("metabol was built without MPI (no mpicc at build time)");
    db = simple_project();
    CHECK(db != NULL);
    CHECK(runp(db, "mc --process dp-activity:3 --iterations 301 --threads 1 "
                   "--format json") == 0);
    one = results_of(out_text);
    /* Open MPI refuses root without these; loopback only, no hwloc
     * binding on a shared 2-core machine */
    snprintf(cmd, sizeof cmd,
             "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
             "OMPI_MCA_btl=self,vader OMPI_MCA_rmaps_base_oversubscribe=1 "
             "ASAN_OPTIONS=detect_leaks=0 "
             "mpirun -np 2 --bind-to none %s -p %s mc --process "
             "dp-activity:3 --iterations 301 --threads 1 --format json "
             ">%s/mpi.out 2>%s/mpi.err",
             test_metabol, db, dir, dir);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "%s/mpi.out", dir);
    {
        FILE *f = fopen(cmd, "r");
        size_t n = f ? fread(out_text, 1, sizeof out_text - 1, f) : 0;

        if (f)
            fclose(f);
        out_text[n] = '\0';
    }
    CHECK_STR_CONTAINS(out_text, "\"ranks\": 2");
    two = results_of(out_text);
    CHECK(strlen(one) > 100 && strcmp(one, two) == 0);
    free(one);
    free(two);
}

TEST(cli_mc_bad_options_are_one_line)
{
    const char *db = simple_project();

    CHECK(db != NULL);
    CHECK(runp(db, "mc --process dp-activity:1 --seed abc") == 2);
    CHECK(one_line(err_text));
    CHECK_STR_CONTAINS(err_text, "--seed 'abc': expected a whole number");
    CHECK(runp(db, "mc --process dp-activity:1 --seed -1") == 2);
    CHECK_STR_CONTAINS(err_text, "--seed '-1'");
    CHECK(runp(db, "mc --process dp-activity:1 --iterations 0") == 2);
    CHECK_STR_CONTAINS(err_text, "--iterations '0': expected a whole number "
                                 ">= 1");
    CHECK(runp(db, "mc --process dp-activity:1 --threads 0") == 2);
    CHECK_STR_CONTAINS(err_text, "--threads '0'");
    CHECK(runp(db, "mc --process dp-activity:1 --format xml") == 2);
    CHECK(runp(db, "mc") == 2);
    CHECK(one_line(err_text));
    CHECK_STR_CONTAINS(err_text, "give --process NAME");
    CHECK(runp(db, "mc --datapackage " FIX "multi_lca_simple_1.zip "
                   "--demand 1=1 --compare x") == 2);
    CHECK_STR_CONTAINS(err_text, "--compare names a second process");
    CHECK_ERROR_LINE(runp(db, "mc --process nope"),
                     "--process 'nope': no process of that name");
    CHECK_ERROR_LINE(runp(db, "mc --process dp-activity:1 --compare nope"),
                     "--compare 'nope': no process of that name");
    CHECK(runp(db, "mc --process dp-activity:1 --method nope") == 1);
    CHECK_STR_CONTAINS(err_text, "--method 'nope': no such method");
    CHECK_ERROR_LINE(runp(db, "mc --process dp-activity:1 --iterations 5 "
                              "--samples /nonexistent/dir/s.npy"),
                     "--samples /nonexistent/dir/s.npy");
}
