/*
 * cmd_lca.c - `metabol lca`: load Brightway datapackages, factorize the
 * technosphere once, solve each demand, and report scores, inventory,
 * supply and contributions; or, with --all-scores, the score of one unit of
 * every product for every method (transposed solves).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli.h"
#include "target.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: metabol lca --datapackage DIR_OR_ZIP [--datapackage ...]\n"
            "                   --demand ID=AMOUNT [--demand ...]\n"
            "                   [--method NAME ...] [--format table|json|csv]\n"
            "                   [--top N] [--solver auto|klu|umfpack|dense]\n"
            "       metabol lca --datapackage ... --all-scores [--method ...]\n"
            "       metabol [-p PROJECT] lca --process NAME_OR_ID "
            "[--amount X [--unit U]]\n"
            "                   [--method NAME ...] [--format ...] [--top N]\n"
            "                   [--param NAME=VALUE ...] [--params FILE]\n"
            "                   [--allocation default|physical|economic|"
            "causal|none]\n"
            "                   [--providers location|first|fail] "
            "[--match-by-name]\n"
            "\n"
            "Computes supply s = A^-1 f, inventory g = B s and the score of\n"
            "every method (or of each --method) for the demand f, with the\n"
            "top N contributing activities and flows (default 10).\n"
            "Several --datapackage are combined into one system as bw2calc\n"
            "does. --demand takes a product id of the technosphere.\n"
            "--all-scores prints the score of one unit of every product for\n"
            "every method, computed with one transposed solve per method.\n"
            "\n"
            "With --process, the demand is X (default 1) of the product of a\n"
            "process of the project (see metabol import), in unit U or the\n"
            "product's reference unit, and --method takes a category name\n"
            "(AR6-100), a method name (IPCC: all its categories) or\n"
            "method/category. --param redefines a global\n"
            "parameter (else the process parameters of that name); --params\n"
            "reads NAME=VALUE lines. The compiled matrices are cached in the\n"
            "project for the next run with the same data and options.\n");
}

typedef struct lca_args {
    const char **packages;
    int npackages;
    char **demands;
    int ndemands;
    const char **methods;
    int nmethods;
    int format;
    int64_t top;
    int solver;
    int all_scores;
    project_lca project;
} lca_args;

/* Returns -1 to continue, else an exit code. */
static int parse_args(lca_args *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"datapackage", required_argument, NULL, 'd'},
        {"demand", required_argument, NULL, 'f'},
        {"method", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'o'},
        {"top", required_argument, NULL, 't'},
        {"solver", required_argument, NULL, 's'},
        {"all-scores", no_argument, NULL, 'a'},
        {"process", required_argument, NULL, 'P'},
        {"amount", required_argument, NULL, 'A'},
        {"unit", required_argument, NULL, 'U'},
        {"param", required_argument, NULL, 'V'},
        {"params", required_argument, NULL, 'F'},
        {"allocation", required_argument, NULL, 'L'},
        {"providers", required_argument, NULL, 'R'},
        {"match-by-name", no_argument, NULL, 'N'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    a->packages = calloc((size_t)argc, sizeof *a->packages);
    a->demands = calloc((size_t)argc, sizeof *a->demands);
    a->methods = calloc((size_t)argc, sizeof *a->methods);
    a->project.params = calloc((size_t)argc, sizeof *a->project.params);
    a->project.amount = 1.0;
    if (!a->packages || !a->demands || !a->methods || !a->project.params)
        return cli_error("lca", EXIT_ERROR, "out of memory");
    a->format = MB_REPORT_TABLE;
    a->top = 10;
    a->solver = MB_SOLVER_AUTO;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":d:f:m:o:t:s:ahP:A:U:V:F:L:R:N", opts,
                            NULL)) != -1) {
        switch (c) {
        case 'd': a->packages[a->npackages++] = optarg; break;
        case 'f': a->demands[a->ndemands++] = optarg; break;
        case 'm': a->methods[a->nmethods++] = optarg; break;
        case 'a': a->all_scores = 1; break;
        case 'P': a->project.process = optarg; break;
        case 'U': a->project.unit = optarg; break;
        case 'V': a->project.params[a->project.nparams++] = optarg; break;
        case 'F': a->project.params_file = optarg; break;
        case 'N': a->project.match_by_name = 1; break;
        case 'A':
            if (cli_parse_double(optarg, &a->project.amount) < 0)
                return cli_error("lca", EXIT_USAGE,
                                 "--amount '%s': expected a number", optarg);
            break;
        case 'L':
            if ((a->project.allocation = cli_allocation_parse(optarg)) < 0)
                return cli_error("lca", EXIT_USAGE,
                                 "--allocation '%s': expected default, "
                                 "physical, economic, causal or none",
                                 optarg);
            break;
        case 'R':
            if ((a->project.providers = cli_providers_parse(optarg)) < 0)
                return cli_error("lca", EXIT_USAGE,
                                 "--providers '%s': expected location, "
                                 "first or fail",
                                 optarg);
            break;
        case 'o':
            if ((a->format = mb_report_format_parse(optarg)) < 0)
                return cli_error("lca", EXIT_USAGE,
                                 "--format '%s': expected table, json or "
                                 "csv",
                                 optarg);
            break;
        case 't':
            if (cli_parse_int64(optarg, &a->top) < 0 || a->top < 0)
                return cli_error("lca", EXIT_USAGE,
                                 "--top '%s': expected a whole number >= 0",
                                 optarg);
            break;
        case 's':
            if ((a->solver = mb_solver_parse(optarg)) < 0)
                return cli_error("lca", EXIT_USAGE,
                                 "--solver '%s': expected auto, klu, "
                                 "umfpack or dense",
                                 optarg);
            break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            return cli_error("lca", EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            usage(stderr);
            return cli_error("lca", EXIT_USAGE, "unknown option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc) {
        usage(stderr);
        return cli_error("lca", EXIT_USAGE, "unexpected argument '%s'",
                         argv[optind]);
    }
    if (a->project.process) {
        if (a->npackages || a->ndemands || a->all_scores) {
            usage(stderr);
            return cli_error("lca", EXIT_USAGE,
                             "--process works on the project; it does not "
                             "go with --datapackage, --demand or "
                             "--all-scores");
        }
        return -1;
    }
    if (a->npackages == 0 || (a->ndemands == 0 && !a->all_scores)) {
        usage(stderr);
        return cli_error("lca", EXIT_USAGE, "%s",
                         a->npackages == 0 ? "--datapackage is required"
                                           : "--demand is required");
    }
    return -1;
}

/* Map --method names to method indices; NULL selection means all. */
static int select_methods(const mb_system *sys, const lca_args *a,
                          size_t *sel)
{
    int k;

    for (k = 0; k < a->nmethods; k++) {
        int64_t m = mb_system_method_index(sys, a->methods[k]);

        if (m < 0) {
            size_t q;

            fprintf(stderr, "metabol lca: --method '%s': no such method; "
                    "the data has:",
                    a->methods[k]);
            for (q = 0; q < sys->nmethods; q++)
                fprintf(stderr, "%s '%s'", q ? "," : "",
                        sys->methods[q].name);
            fprintf(stderr, "%s\n", sys->nmethods ? "" : " none");
            return EXIT_ERROR;
        }
        sel[k] = (size_t)m;
    }
    return -1;
}

static int run(const lca_args *a)
{
    mb_datapackage **dps = calloc((size_t)a->npackages, sizeof *dps);
    mb_system *sys = NULL;
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    mb_dense *all = NULL;
    mb_lca_options lopts = MB_LCA_OPTIONS_INIT;
    mb_report_options ropts = MB_REPORT_OPTIONS_INIT;
    size_t *sel = calloc((size_t)a->nmethods + 1, sizeof *sel);
    double *demand = NULL;
    int k, rc = EXIT_ERROR;

    if (!dps || !sel) {
        rc = cli_error("lca", EXIT_ERROR, "out of memory");
        goto done;
    }
    for (k = 0; k < a->npackages; k++)
        if (mb_datapackage_open(&dps[k], a->packages[k], 0) < 0) {
            rc = cli_fail("lca");
            goto done;
        }
    if (mb_system_from_datapackages(&sys, dps, (size_t)a->npackages) < 0) {
        rc = cli_fail("lca");
        goto done;
    }
    if ((rc = select_methods(sys, a, sel)) >= 0)
        goto done;
    ropts.format = (mb_report_format)a->format;
    ropts.top = a->top;
    ropts.methods = a->nmethods ? sel : NULL;
    ropts.nmethods = (size_t)a->nmethods;
    demand = calloc((size_t)sys->nproducts + 1, sizeof *demand);
    if (!demand) {
        rc = cli_error("lca", EXIT_ERROR, "out of memory");
        goto done;
    }
    if (!a->all_scores && (rc = cli_demand_from_ids(sys, "lca", a->demands,
                                                    a->ndemands, demand)) >= 0)
        goto done;
    lopts.solver = (mb_solver_kind)a->solver;
    if (mb_lca_new(&lca, sys, &lopts) < 0) {
        rc = cli_fail("lca");
        goto done;
    }
    if (a->all_scores) {
        if (mb_lca_all_scores(lca, &all) < 0 ||
            mb_report_all_scores(stdout, sys, all, &ropts) < 0)
            rc = cli_fail("lca");
        else
            rc = EXIT_OK;
        goto done;
    }
    if (mb_lca_calculate(&res, lca, demand) < 0 ||
        mb_report_lca(stdout, res, &ropts) < 0) {
        rc = cli_fail("lca");
        goto done;
    }
    rc = EXIT_OK;
done:
    mb_lca_result_free(res);
    mb_dense_free(all);
    mb_lca_free(lca);
    mb_system_free(sys);
    for (k = 0; dps && k < a->npackages; k++)
        mb_datapackage_free(dps[k]);
    free(dps);
    free(sel);
    free(demand);
    return rc;
}

int cmd_lca(int argc, char **argv)
{
    lca_args a = {0};
    int rc = parse_args(&a, argc, argv);

    if (rc < 0 && a.project.process) {
        a.project.methods = a.methods;
        a.project.nmethods = a.nmethods;
        a.project.format = a.format;
        a.project.top = a.top;
        a.project.solver = a.solver;
        rc = lca_project_run(&a.project);
    } else if (rc < 0) {
        rc = run(&a);
    }
    free(a.project.params);
    free(a.packages);
    free(a.demands);
    free(a.methods);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = cli_error("lca", EXIT_ERROR, "cannot write the output");
    return rc;
}
