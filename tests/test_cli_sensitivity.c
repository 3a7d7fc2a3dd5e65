/*
 * test_cli_sensitivity.c - `metabol sensitivity`: the local ranking on a
 * datapackage (by id) and on a project (by name) in each format, and one
 * clear error line for each bad option.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <metabol/metabol.h>

#include "cli_run.h"
#include "dp_builder.h"
#include "test.h"

#define NEED_CLI()                                                             \
    do {                                                                       \
        if (!test_metabol)                                                     \
            SKIP("no --metabol binary given");                                 \
    } while (0)

#define ILCD "tests/fixtures/ilcd/system"
#define STEEL "'steel; at plant'"

/* Heijungs & Suh ch. 2 (dp_builder.h) as a datapackage: its directory,
 * or NULL. */
static const char *heijungs_suh_package(void)
{
    static char dir[512];
    const char *tmp = test_tmpdir();

    if (!tmp)
        return NULL;
    snprintf(dir, sizeof dir, "%s/hs", tmp);
    mkdir(dir, 0755);
    return dp_write_heijungs_suh(dir) == 0 ? dir : NULL;
}

/* The number after `prefix` in text, or NAN. */
static double number_after(const char *text, const char *prefix)
{
    const char *p = strstr(text, prefix);

    return p ? strtod(p + strlen(prefix), NULL) : NAN;
}

/* A project with the ILCD system in `db` (room for 512); 0 on success. */
static int ilcd_project(char *db)
{
    char args[1024];

    snprintf(db, 512, "%s/p.db", test_tmpdir());
    snprintf(args, sizeof args, "-p %s import ilcd " ILCD, db);
    return run(args);
}

/*
 * h = 148 for 1000 of product 1; by hand (test_sensitivity.c) the largest
 * ratios are A_11 (coefficient -14.8, ratio -1), the factor of flow 11
 * (g = 120, ratio 120/148) and B_11,1 (coefficient 100, ratio 100/148).
 */
TEST(cli_sensitivity_local_on_a_datapackage)
{
    const char *dir = heijungs_suh_package();
    char args[1024];
    json_t *root, *local;
    json_error_t err;

    NEED_CLI();
    CHECK(dir);
    snprintf(args, sizeof args,
             "sensitivity --datapackage %s --demand 1=1000 --format csv "
             "--top 3",
             dir);
    CHECK(run(args) == 0);
    CHECK_STR_CONTAINS(out_text, "section,method,rank,matrix,row_id,row,"
                                 "category,column_id,column,value,"
                                 "coefficient,ratio,src2,spearman,sobol\n");
    CHECK_NEAR(number_after(out_text, "score,\"made up/cf\",,,,,,,,"), 148,
               1e-14);
    CHECK_NEAR(number_after(out_text, "local,\"made up/cf\",1,A,1,"
                                      "\"product 1\",,1,\"activity 1\",10,"),
               -14.8, 1e-14);
    CHECK_STR_CONTAINS(out_text, "local,\"made up/cf\",2,c,11,\"flow 11\","
                                 ",,,1,120,");
    CHECK_NEAR(number_after(out_text, "local,\"made up/cf\",3,B,11,"
                                      "\"flow 11\",,1,\"activity 1\",1,"),
               100, 1e-14);
    CHECK(!strstr(out_text, "local,\"made up/cf\",4,"));
    snprintf(args, sizeof args,
             "sensitivity --datapackage %s --demand 1=1000 --format json", dir);
    CHECK(run(args) == 0);
    root = json_loads(out_text, 0, &err);
    CHECK(root);
    local = json_object_get(json_array_get(json_object_get(root, "methods"), 0),
                            "local");
    CHECK(json_array_size(local) == 9); /* 3 + 5 + 2 less the 2 of flow 13 */
    CHECK(!strcmp(json_string_value(json_object_get(json_array_get(local, 0),
                                                    "matrix")),
                  "A"));
    CHECK_NEAR(json_real_value(json_object_get(json_array_get(local, 1),
                                               "ratio")),
               120.0 / 148, 1e-14);
    json_decref(root);
    snprintf(args, sizeof args,
             "sensitivity --datapackage %s --demand 1=1000", dir);
    CHECK(run(args) == 0);
    CHECK_STR_CONTAINS(out_text, "Sensitivity of 'demand' to made up/cf: "
                                 "score 148\n");
    CHECK_STR_CONTAINS(out_text, "     1  A product 1 -> activity 1 ");
}

/*
 * The ILCD system of tests/fixtures/ilcd (hand calculation in its
 * LICENSE.txt): 1 kg of steel emits 2.95 kg CO2, 1.35 kg directly and
 * 16 MJ * 0.1 kg/MJ through electricity, so the ratio of steel's own CO2
 * is 1.35 / 2.95 and that of the electricity's CO2 16 * 0.1 / 2.95;
 * entries are named by product, flow and process.
 */
TEST(cli_sensitivity_on_a_project_names_the_entries)
{
    char db[512], args[1024];
    json_t *root, *m, *local, *e;
    json_error_t err;
    size_t k;
    int seen = 0;

    NEED_CLI();
    CHECK(ilcd_project(db) == 0);
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --method "
             "'climate change' --format json",
             db);
    CHECK(run(args) == 0);
    root = json_loads(out_text, 0, &err);
    CHECK(root);
    CHECK(!strcmp(json_string_value(json_object_get(root, "demand")),
                  "steel; at plant"));
    m = json_array_get(json_object_get(root, "methods"), 0);
    CHECK_NEAR(json_real_value(json_object_get(m, "score")), 2.95, 1e-14);
    CHECK(!strcmp(json_string_value(json_object_get(m, "unit")),
                  "kg CO2-Equiv."));
    local = json_object_get(m, "local");
    json_array_foreach(local, k, e)
    {
        const char *row = json_string_value(json_object_get(e, "row"));
        const char *col = json_string_value(json_object_get(e, "column"));
        double ratio = json_real_value(json_object_get(e, "ratio"));

        if (strcmp(row, "carbon dioxide") || !col)
            continue;
        if (!strcmp(col, "steel; at plant"))
            CHECK_NEAR(ratio, 1.35 / 2.95, 1e-14);
        else
            CHECK_NEAR(ratio, 1.6 / 2.95, 1e-14);
        CHECK_STR_CONTAINS(json_string_value(json_object_get(e, "category")),
                           "Emissions to air");
        seen++;
    }
    CHECK(seen == 2);
    json_decref(root);
}

/*
 * --global with the real Monte Carlo engine on the ILCD system
 * (tests/fixtures/ilcd, as compiled): two entries of B vary. The
 * electricity's CO2 is 0.05 kg/MJ times the parameter efactor = 2 * share,
 * share uniform on [0.9, 1.1] (the parametric model draws it; the
 * exchange's own lognormal gives way to its formula, as in openLCA), so
 * 0.1 kg/MJ with variance 0.02^2 / 12, reaching the score times 16 MJ; the
 * steel's own CO2 is normal with mean 1.35 and sd 0.0675. h is linear in
 * them, so R^2 = 1 and SRC^2 are their shares of Var(h):
 * 256 * 0.02^2 / 12 = 8.533e-3 and 0.0675^2 = 4.556e-3, so 0.6519 and
 * 0.3481; the Sobol indices of a linear model are the same. With 20,000
 * iterations the sampling error is about 0.005 (0.02 allowed), and 1 and 2
 * threads give the same output. The fossil resources (coal has no
 * distribution) get no global part.
 */
TEST(cli_sensitivity_global_on_a_project)
{
    char db[512], args[1024];
    static char first[1 << 16];
    json_t *root, *g, *e;
    json_error_t err;
    const char *gl;

    NEED_CLI();
    CHECK(ilcd_project(db) == 0);
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --method "
             "'climate change' --global --iterations 20000 --seed 3 "
             "--threads 1 --format json",
             db);
    CHECK(run(args) == 0);
    memcpy(first, out_text, sizeof first);
    root = json_loads(out_text, 0, &err);
    CHECK(root);
    g = json_object_get(json_array_get(json_object_get(root, "methods"), 0),
                        "global");
    CHECK(json_integer_value(json_object_get(g, "iterations")) == 20000);
    CHECK(json_integer_value(json_object_get(g, "samples")) == 20000);
    CHECK(json_integer_value(json_object_get(g, "sobol_classes")) == 141);
    CHECK_NEAR(json_real_value(json_object_get(g, "r2")), 1, 1e-9);
    CHECK(json_array_size(json_object_get(g, "entries")) == 2);
    e = json_array_get(json_object_get(g, "entries"), 0);
    CHECK(!strcmp(json_string_value(json_object_get(e, "column")),
                  "electricity; production mix, at plant"));
    CHECK(fabs(json_real_value(json_object_get(e, "src2")) - 0.6519) < 0.02);
    CHECK(fabs(json_real_value(json_object_get(e, "sobol")) - 0.6519) < 0.02);
    CHECK(json_real_value(json_object_get(e, "spearman")) > 0.7);
    e = json_array_get(json_object_get(g, "entries"), 1);
    CHECK(!strcmp(json_string_value(json_object_get(e, "column")),
                  "steel; at plant"));
    CHECK(fabs(json_real_value(json_object_get(e, "src2")) - 0.3481) < 0.02);
    CHECK(fabs(json_real_value(json_object_get(e, "sobol")) - 0.3481) < 0.02);
    json_decref(root);
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --method "
             "'climate change' --global --iterations 20000 --seed 3 "
             "--threads 2 --format json",
             db);
    CHECK(run(args) == 0);
    CHECK(strcmp(first, out_text) == 0);
    /* below 500 iterations: no Sobol index (null), and the table says so */
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --method "
             "'climate change' --global --iterations 100 --format csv",
             db);
    CHECK(run(args) == 0);
    CHECK_STR_CONTAINS(out_text, "samples,\"metabol test method/Climate "
                                 "change\",,,,,,,,100,");
    CHECK_STR_CONTAINS(out_text, "\"steel; at plant\",1.35");
    gl = strstr(out_text, "\nglobal,");
    CHECK(gl && strchr(gl + 1, '\n')[-1] == ','); /* no Sobol index */
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --method "
             "'climate change' --global --iterations 100",
             db);
    CHECK(run(args) == 0);
    CHECK_STR_CONTAINS(out_text, "No Sobol indices: they are estimated "
                                 "from 500 samples up");
    CHECK_STR_CONTAINS(out_text, "Global, from 100 Monte Carlo iterations "
                                 "(seed 0, 100 samples used): R^2 1.0000");
    /* both methods: no entry with a distribution reaches the fossil
     * resources (coal has none), so that method has no global part */
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --global --format json",
             db);
    CHECK(run(args) == 0);
    root = json_loads(out_text, 0, &err);
    CHECK(root);
    g = json_object_get(root, "methods");
    CHECK(json_array_size(g) == 2);
    CHECK(json_is_object(json_object_get(json_array_get(g, 0), "global")));
    CHECK(json_is_null(json_object_get(json_array_get(g, 1), "global")));
    json_decref(root);
    /* two entries need 4 samples for their regression */
    snprintf(args, sizeof args,
             "-p %s sensitivity --process " STEEL " --method "
             "'climate change' --global --iterations 3",
             db);
    CHECK_ERROR_LINE(run(args), "--global, metabol test method/Climate "
                                "change: 3 usable samples of 3 for 2 "
                                "inputs: global sensitivity needs at least 4");
}

TEST(cli_sensitivity_errors_are_one_line)
{
    const char *dir = heijungs_suh_package();
    char args[1024];
    static const struct {
        const char *options;
        int code;
        const char *message;
    } bad[] = {
        {"--top x", 2, "--top 'x': expected a whole number >= 1"},
        {"--top 0", 2, "--top '0': expected a whole number >= 1"},
        {"--global --iterations 1", 2,
         "--iterations '1': expected a whole number >= 2"},
        {"--global --iterations many", 2,
         "--iterations 'many': expected a whole number >= 2"},
        {"--global --seed -3", 2, "--seed '-3': expected a whole number >= 0"},
        {"--iterations 10", 2,
         "--iterations, --seed and --threads go with --global"},
        {"--format xml", 2, "--format 'xml': expected table, json or csv"},
        {"--method nope", 1, "--method 'nope': no such method or category; "
                             "the data has: 'made up/cf'"},
        {"--global", 1, "--global: no entry of A or B with a distribution "
                        "affects the score (--datapackage systems carry no "
                        "distributions; import the packages into a project"},
    };
    size_t k;

    NEED_CLI();
    CHECK(dir);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        snprintf(args, sizeof args,
                 "sensitivity --datapackage %s --demand 1=1000 %s", dir,
                 bad[k].options);
        CHECK_MSG(run(args) == bad[k].code && one_line(err_text) &&
                      strstr(err_text, bad[k].message),
                  "%s: %s", bad[k].options, err_text);
    }
    CHECK(run("sensitivity") == 2);
    CHECK(run("sensitivity --top 3") == 2);
    CHECK_STR_CONTAINS(err_text, "give --process NAME");
}
