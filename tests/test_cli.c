/*
 * test_cli.c - the metabol command: results, exit codes (0 ok, 1 error,
 * 2 usage) and one clear error line for each kind of bad input.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "dp_builder.h"
#include "test.h"

#define FIX "tests/fixtures/bw2calc/"

/* Write the groups as a datapackage and run `metabol lca -d DIR ARGS`. */
static int run_package(const dp_group *g, int ng, const char *args)
{
    const char *dir = test_tmpdir();
    char cmd[1024];

    if (!dir || dp_write(dir, g, ng) != 0)
        return -2;
    snprintf(cmd, sizeof cmd, "lca -d %s %s", dir, args);
    return run(cmd);
}

#define NEED_CLI()                                                             \
    do {                                                                       \
        if (!test_metabol)                                                     \
            SKIP("no --metabol binary given");                                 \
    } while (0)

#define MULTI                                                                  \
    "-d " FIX "multi_lca_simple_1.zip -d " FIX "multi_lca_simple_2.zip "       \
    "-d " FIX "multi_lca_simple_3.zip -d " FIX "multi_lca_simple_4.zip "       \
    "-d " FIX "multi_lca_simple_5.zip "

TEST(cli_lca_json_has_the_documented_keys)
{
    NEED_CLI();
    CHECK(run("lca " MULTI "--demand 100=1 --format json") == 0);
    CHECK_STR_CONTAINS(out_text, "\"supply\"");
    CHECK_STR_CONTAINS(out_text, "\"inventory\"");
    CHECK_STR_CONTAINS(out_text, "\"impacts\"");
    CHECK_STR_CONTAINS(out_text, "\"contributions\"");
    CHECK_STR_CONTAINS(out_text, "\"residual\"");
    CHECK_STR_CONTAINS(out_text, "\"method\": \"first/category\"");
    CHECK_STR_CONTAINS(out_text, "\"score\": 11.0");
    CHECK_STR_CONTAINS(out_text, "\"score\": 30.0");
}

TEST(cli_lca_method_selection_table_and_csv)
{
    NEED_CLI();
    CHECK(run("lca " MULTI "--demand 105=3 --method second/category") == 0);
    CHECK_STR_CONTAINS(out_text, "second/category");
    CHECK_STR_CONTAINS(out_text, "120");
    CHECK(!strstr(out_text, "first/category"));
    CHECK(run("lca " MULTI "--demand 105=3 --format csv --top 2") == 0);
    CHECK_STR_CONTAINS(out_text, "section,method,id,value,share\n");
    CHECK_STR_CONTAINS(out_text, "impact,\"second/category\",,120,");
}

TEST(cli_all_scores_lists_every_product)
{
    NEED_CLI();
    CHECK(run("lca " MULTI "--all-scores --format csv") == 0);
    CHECK_STR_CONTAINS(out_text, "product,\"first/category\","
                                 "\"second/category\"\n");
    CHECK_STR_CONTAINS(out_text, "\n100,11,30\n");
    CHECK_STR_CONTAINS(out_text, "\n105,9.4");
}

TEST(cli_usage_errors_exit_2)
{
    NEED_CLI();
    CHECK(run("") == 2);
    CHECK(run("frobnicate") == 2);
    CHECK(run("lca") == 2);
    CHECK_STR_CONTAINS(err_text, "usage: metabol lca");
    CHECK(run("lca -d " FIX "basic_fixture --demand 1") == 2);
    CHECK_STR_CONTAINS(err_text, "expected ID=AMOUNT");
    CHECK(run("lca -d " FIX "basic_fixture --demand 1=1 --format xml") == 2);
    CHECK(run("lca --help") == 0);
    CHECK_STR_CONTAINS(out_text, "--datapackage");
}

TEST(cli_unknown_demand_and_method_are_named)
{
    NEED_CLI();
    CHECK_ERROR_LINE(run("lca -d " FIX "basic_fixture --demand 999=1"),
                     "no product with id 999");
    CHECK_ERROR_LINE(run("lca " MULTI "--demand 100=1 --method nope"),
                     "'nope': no such method");
    CHECK_STR_CONTAINS(err_text, "'first/category'");
}

TEST(cli_missing_package_and_malformed_json)
{
    const char *dir;
    char args[600], path[500];

    NEED_CLI();
    CHECK_ERROR_LINE(run("lca -d /nonexistent/pkg --demand 1=1"),
                     "/nonexistent/pkg");
    dir = test_tmpdir();
    snprintf(path, sizeof path, "%s/datapackage.json", dir);
    CHECK(write_text(path, "{\"resources\": [ {\"path\": \"a.npy\"}, ]") == 0);
    snprintf(args, sizeof args, "lca -d %s --demand 1=1", dir);
    CHECK_ERROR_LINE(run(args), "datapackage.json: line 1");
}

/* A package with its technosphere data removed or cut short. */
TEST(cli_missing_and_mismatched_arrays)
{
    const int64_t r[] = {1, 2}, c[] = {1, 2};
    const double v[] = {1, 1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 2, r, c, v, NULL};
    const char *dir = test_tmpdir();
    char args[600], path[500];
    mb_npy *a;
    mb_npy_field f64 = {"", 'f', 8, 0};

    NEED_CLI();
    CHECK(dir && dp_write(dir, &g, 1) == 0);
    snprintf(path, sizeof path, "%s/technosphere.data.npy", dir);
    CHECK_OK(mb_npy_new(&a, 3, 1, &f64));
    CHECK_OK(mb_npy_write(path, a));
    mb_npy_free(a);
    snprintf(args, sizeof args, "lca -d %s --demand 1=1", dir);
    CHECK_ERROR_LINE(run(args), "technosphere.data.npy: 3 values for 2 "
                                "indices");
    CHECK(remove(path) == 0);
    CHECK_ERROR_LINE(run(args), "technosphere.data.npy: cannot open");
}

TEST(cli_nan_in_a_matrix_is_located)
{
    const int64_t r[] = {1, 2, 2}, c[] = {1, 1, 2};
    const double v[] = {1, NAN, 1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 3, r, c, v, NULL};

    NEED_CLI();
    CHECK_ERROR_LINE(run_package(&g, 1, "--demand 1=1"),
                     "technosphere.data.npy: entry 1 (row id 2, "
                     "column id 1) is NaN");
}

/* Activity 2's only exchange is a production of 0: its column is zero. */
TEST(cli_singular_column_without_production)
{
    const int64_t r[] = {1, 2, 2, 3}, c[] = {1, 1, 2, 3};
    const double v[] = {1, -0.5, 0, 1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 4, r, c, v, NULL};

    NEED_CLI();
    CHECK_ERROR_LINE(run_package(&g, 1, "--demand 1=1"),
                     "singular technosphere: no production or "
                     "use by activities 2");
}

/* Activities 2 and 3 both make product 1; nobody makes products 2, 3. */
TEST(cli_singular_structural_rank)
{
    const int64_t r[] = {1, 2, 3, 1, 1}, c[] = {1, 1, 1, 2, 3};
    const double v[] = {1, -0.5, -0.1, 1, 1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 5, r, c, v, NULL};

    NEED_CLI();
    CHECK_ERROR_LINE(run_package(&g, 1, "--demand 1=1"),
                     "singular technosphere (structural rank 2 "
                     "of 3)");
}

/* Activities 2 and 3 make each other's inputs from nothing: a loop. */
TEST(cli_singular_loop_names_its_activities)
{
    const int64_t r[] = {1, 2, 2, 3, 3, 2}, c[] = {1, 1, 2, 2, 3, 3};
    const double v[] = {1, -1, 1, -1, 1, -1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 6, r, c, v, NULL};

    NEED_CLI();
    CHECK_ERROR_LINE(run_package(&g, 1, "--demand 1=1"),
                     "singular technosphere: zero pivot at "
                     "activity");
    CHECK_STR_CONTAINS(err_text, "in a loop with activities");
}

TEST(cli_non_square_technosphere)
{
    const int64_t r[] = {1, 2, 3}, c[] = {1, 1, 2};
    const double v[] = {1, -0.5, 1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 3, r, c, v, NULL};

    NEED_CLI();
    CHECK_ERROR_LINE(run_package(&g, 1, "--demand 1=1"),
                     "not square: 3 products, 2 activities");
}

TEST(cli_corrupt_zip)
{
    const char *dir = test_tmpdir();
    char args[600], path[500];

    NEED_CLI();
    snprintf(path, sizeof path, "%s/broken.zip", dir);
    CHECK(write_text(path, "PK\003\004 this is not really a zip archive") == 0);
    snprintf(args, sizeof args, "lca -d %s --demand 1=1", path);
    CHECK_ERROR_LINE(run(args), "broken.zip: not a readable zip archive");
}

/* examples/lca_example.c, the API walk-through, gives bw2calc's 11 and 30. */
TEST(api_example_program_runs)
{
    char cmd[1024];

    if (!test_example)
        SKIP("no --example binary given");
    snprintf(cmd, sizeof cmd, "%s 100 " MULTI, test_example);
    /* MULTI is a list of "-d PATH": the example takes bare paths. */
    {
        char *p;

        while ((p = strstr(cmd, "-d ")) != NULL)
            memmove(p, p + 3, strlen(p + 3) + 1);
    }
    CHECK(strlen(cmd) > 4);
    {
        FILE *f = popen(cmd, "r");
        size_t n;

        CHECK(f);
        n = fread(out_text, 1, sizeof out_text - 1, f);
        out_text[n] = '\0';
        CHECK(pclose(f) == 0);
    }
    CHECK_STR_CONTAINS(out_text, "first/category\t11\n");
    CHECK_STR_CONTAINS(out_text, "second/category\t30\n");
}

TEST(cli_empty_technosphere_and_huge_top)
{
    const int64_t r[] = {1}, c[] = {1};
    const double v[] = {1};
    dp_group g = {
        "technosphere_matrix", "technosphere", NULL, 0, r, c, v, NULL};

    NEED_CLI();
    CHECK_ERROR_LINE(run_package(&g, 1, "--all-scores"),
                     "the technosphere is empty");
    CHECK_ERROR_LINE(run_package(&g, 1, "--demand 1=1"),
                     "the technosphere is empty");
    CHECK(run("lca " MULTI "--demand 100=1 --top 1000000000000") == 0);
}
