/*
 * test_cli_paths.c - `metabol paths` and `metabol sankey`: on datapackages
 * and on a project, each output format read back (JSON with the project's
 * reader, dot with dot_check.h), the Sankey file written whole or not at
 * all, and one clear error line (exit 2 for usage) for each bad option.
 *
 * Numbers: Heijungs & Suh ch. 2 (score 148 = 120 + 28, see test_paths.c)
 * and bw2calc's multi_lca_simple (first/ε = 8.19, SOURCE.txt there).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "dot_check.h"
#include "dp_builder.h"
#include "formats/json.h"
#include "test.h"

#define BW "tests/fixtures/bw2calc/"
#define MULTI                                                                  \
    "--datapackage " BW "multi_lca_simple_1.zip --datapackage " BW           \
    "multi_lca_simple_2.zip --datapackage " BW "multi_lca_simple_3.zip "     \
    "--datapackage " BW "multi_lca_simple_4.zip --datapackage " BW           \
    "multi_lca_simple_5.zip "

#define NEED_CLI()                                                             \
    do {                                                                       \
        if (!test_metabol)                                                     \
            SKIP("no --metabol binary given");                                 \
    } while (0)

/* Heijungs & Suh ch. 2 (dp_builder.h) as a datapackage in a new
 * directory; its path. */
static const char *hs_package(void)
{
    static char path[300];
    const char *dir = test_tmpdir();

    if (!dir || dp_write_heijungs_suh(dir) != 0)
        return NULL;
    snprintf(path, sizeof path, "%s", dir);
    return path;
}

/* `metabol CMD --datapackage HS --demand 1=1000 ARGS` */
static int run_hs(const char *cmd, const char *args)
{
    const char *dir = hs_package();
    char line[2048];

    if (!dir)
        return -2;
    snprintf(line, sizeof line, "%s --datapackage %s --demand 1=1000 %s",
             cmd, dir, args);
    return run(line);
}

static double number(const mb_json *obj, const char *key)
{
    const mb_json *v = mb_json_get(obj, key);

    return v && v->type == MB_JSON_NUMBER ? v->u.number : NAN;
}

TEST(cli_paths_table_json_and_dot)
{
    mb_json_parser p;
    const mb_json *root;
    char why[200];
    int nn, ne;

    NEED_CLI();
    CHECK(run_hs("paths", "--cutoff 0") == 0);
    CHECK_STR_CONTAINS(out_text, "Supply chain of demand: made up/cf = 148\n");
    CHECK_STR_CONTAINS(out_text, "2 activities visited");
    CHECK_STR_CONTAINS(out_text, "(100.00% of the total)");
    CHECK_STR_CONTAINS(out_text, "  activity 2\n");
    CHECK(err_text[0] == '\0');

    CHECK(run_hs("paths", "--format json --method cf") == 0);
    mb_json_parser_init(&p);
    CHECK_OK(mb_json_parse(&p, out_text, strlen(out_text), "out", &root));
    CHECK(number(root, "total") == 148.0);
    CHECK(number(root, "visited") == 2);
    CHECK(mb_json_get(root, "nodes")->n == 3);
    CHECK_NEAR(number(&mb_json_get(root, "edges")->u.items[1], "score"), 28.0,
               1e-14);
    mb_json_parser_destroy(&p);

    CHECK(run_hs("paths", "--format dot --max-depth 1") == 0);
    CHECK_MSG(dot_check(out_text, &nn, &ne, why, sizeof why) == 0, "%s",
              why);
    CHECK(nn == 2 && ne == 1);
}

TEST(cli_paths_spa_lists_the_top_paths)
{
    mb_json_parser p;
    const mb_json *root;

    NEED_CLI();
    CHECK(run_hs("paths", "--spa") == 0);
    CHECK_STR_CONTAINS(out_text, "Structural paths of demand");
    CHECK_STR_CONTAINS(out_text, "2 paths found");
    CHECK_STR_CONTAINS(out_text, "activity 1 <- activity 2\n");
    CHECK(run_hs("paths", "--spa --top 1 --format json --cutoff 0 "
                          "--max-depth 5") == 0);
    mb_json_parser_init(&p);
    CHECK_OK(mb_json_parse(&p, out_text, strlen(out_text), "out", &root));
    CHECK(number(root, "found") == 2 && number(root, "found_sum") == 148.0);
    CHECK(mb_json_get(root, "paths")->n == 1);
    CHECK(number(&mb_json_get(root, "paths")->u.items[0], "value") == 120.0);
    mb_json_parser_destroy(&p);
}

/* The Sankey file: written, read back; a failed run leaves the old one. */
TEST(cli_sankey_writes_the_file_whole)
{
    const char *dir = test_tmpdir();
    char out[400], args[600], *text = NULL;
    size_t len = 0;
    FILE *f;
    mb_json_parser p;
    const mb_json *root, *links;

    NEED_CLI();
    snprintf(out, sizeof out, "%s/graph.json", dir);
    snprintf(args, sizeof args, "--cutoff 0 --out %s", out);
    CHECK(run_hs("sankey", args) == 0);
    CHECK(out_text[0] == '\0' && err_text[0] == '\0');
    CHECK((f = fopen(out, "r")) != NULL);
    CHECK(getdelim(&text, &len, '\0', f) > 0);
    fclose(f);
    mb_json_parser_init(&p);
    CHECK_OK(mb_json_parse(&p, text, strlen(text), out, &root));
    CHECK(mb_json_get(root, "nodes")->n == 3);
    CHECK((links = mb_json_get(root, "links")) && links->n == 2);
    CHECK(number(&links->u.items[0], "source") == 1 &&
          number(&links->u.items[0], "target") == 0 &&
          number(&links->u.items[0], "value") == 148.0);
    mb_json_parser_destroy(&p);
    free(text);
    CHECK(test_dir_entries(dir) == 1); /* no temporary file left */

    CHECK(write_text(out, "old") == 0);
    snprintf(args, sizeof args, "--method nope --out %s", out);
    CHECK_ERROR_LINE(run_hs("sankey", args), "'nope': no such method");
    CHECK((f = fopen(out, "r")) && fgets(args, sizeof args, f));
    fclose(f);
    CHECK(strcmp(args, "old") == 0 && test_dir_entries(dir) == 1);
    snprintf(args, sizeof args, "--out %s/no/such/dir/graph.json", dir);
    CHECK_ERROR_LINE(run_hs("sankey", args), "cannot create");
}

TEST(cli_paths_on_a_project)
{
    char db[400], args[600];
    mb_json_parser p;
    const mb_json *root, *nodes;
    int k;

    NEED_CLI();
    snprintf(db, sizeof db, "%s/p.db", test_tmpdir());
    for (k = 1; k <= 5; k++) {
        snprintf(args, sizeof args, "-p %s import datapackage "
                 BW "multi_lca_simple_%d.zip", db, k);
        CHECK(run(args) == 0);
    }
    snprintf(args, sizeof args, "-p %s paths --process dp-activity:5 "
             "--amount 2 --method first/category --cutoff 0 --format json",
             db);
    CHECK(run(args) == 0);
    mb_json_parser_init(&p);
    CHECK_OK(mb_json_parse(&p, out_text, strlen(out_text), "out", &root));
    CHECK_NEAR(number(root, "total"), 8.19, 1e-12);
    CHECK(strcmp(mb_json_get(root, "demand")->u.string, "dp-activity:5") ==
          0);
    nodes = mb_json_get(root, "nodes");
    CHECK(nodes && nodes->n == 5);
    CHECK(strcmp(mb_json_get(&nodes->u.items[2], "name")->u.string,
                 "dp-activity:1") == 0);
    CHECK_NEAR(number(&nodes->u.items[2], "cumulative"), 2.19, 1e-12);
    mb_json_parser_destroy(&p);
    /* both methods there: one must be named */
    snprintf(args, sizeof args, "-p %s paths --process dp-activity:5", db);
    CHECK(run(args) == 2 && one_line(err_text));
    CHECK_STR_CONTAINS(err_text, "choose one with --method");
    snprintf(args, sizeof args, "-p %s sankey --process dp-activity:5 "
             "--method second --out %s/s.json", db, test_tmpdir());
    CHECK(run(args) == 0);
}

TEST(cli_paths_datapackage_as_lca_takes_it)
{
    NEED_CLI();
    CHECK(run("paths " MULTI "--demand 103=2 --method first/category "
              "--cutoff 0") == 0);
    CHECK_STR_CONTAINS(out_text, "first/category = 8.19\n");
    CHECK_STR_CONTAINS(out_text, "4 activities visited (4 of the system "
                                 "contribute)");
}

/* exit 2 and one line naming the option */
#define CHECK_USAGE(exit_code, text)                                           \
    do {                                                                       \
        CHECK((exit_code) == 2);                                               \
        CHECK(one_line(err_text));                                             \
        CHECK_STR_CONTAINS(err_text, text);                                    \
    } while (0)

TEST(cli_paths_bad_options_are_one_line)
{
    static const char *cutoffs[] = {"-0.1", "1", "1.5", "abc", "nan", ""};
    static const char *depths[] = {"0", "-3", "x", "2.5"};
    char args[200];
    size_t k;

    NEED_CLI();
    CHECK(run("paths") == 2);
    CHECK_STR_CONTAINS(err_text, "usage: metabol [-p PROJECT] paths");
    CHECK(run("sankey --help") == 0);
    CHECK_STR_CONTAINS(out_text, "--out FILE.json");
    for (k = 0; k < sizeof cutoffs / sizeof cutoffs[0]; k++) {
        snprintf(args, sizeof args, "--cutoff '%s'", cutoffs[k]);
        CHECK_USAGE(run_hs("paths", args), "--cutoff");
    }
    for (k = 0; k < sizeof depths / sizeof depths[0]; k++) {
        snprintf(args, sizeof args, "--max-depth '%s'", depths[k]);
        CHECK_USAGE(run_hs("paths", args), "--max-depth");
    }
    CHECK_USAGE(run_hs("paths", "--spa --cutoff 0"), "needs --max-depth");
    CHECK_USAGE(run_hs("paths", "--top 3"), "--top goes with --spa");
    CHECK_USAGE(run_hs("paths", "--spa --top 0"), "--top");
    CHECK_USAGE(run_hs("paths", "--format csv"), "--format 'csv'");
    CHECK_USAGE(run_hs("paths", "--format sankey"), "metabol sankey");
    CHECK_USAGE(run_hs("paths", "--out x.json"), "--out");
    CHECK_USAGE(run_hs("sankey", ""), "--out FILE is required");
    CHECK_USAGE(run_hs("sankey", "--out x.json --spa"), "--spa");
    CHECK_USAGE(run_hs("paths", "--frobnicate"), "unknown option");
    CHECK_USAGE(run("paths --process x --datapackage y"), "--process");
    CHECK_ERROR_LINE(run_hs("paths", "--method nope"),
                     "'nope': no such method");
}
