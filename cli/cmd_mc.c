/*
 * cmd_mc.c - `metabol mc`: Monte Carlo on a process of the project or on
 * datapackages: the score's mean, spread and percentiles beside the
 * deterministic one, a second process compared with common random numbers,
 * the raw samples as .npy; threads, and MPI ranks under mpirun, with the
 * same numbers for the same seed however the work is split.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli.h"
#include "mc_mpi.h"
#include "target.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: metabol [-p PROJECT] mc --process NAME --method NAME\n"
            "                  [--iterations N] [--seed S] [--threads N]\n"
            "                  [--compare OTHER_PROCESS] "
            "[--format table|json|csv]\n"
            "                  [--samples OUT.npy] [--skip-singular] "
            "[--keep-invalid]\n"
            "                  [--no-iterative]\n"
            "       metabol mc --datapackage DIR --demand ID=AMOUNT ... "
            "[same options]\n"
            "       mpirun -np K metabol mc ...   (the same numbers)\n"
            "\n"
            "Draws every uncertain exchange and factor of the data from its\n"
            "distribution, N times (default 1000), and reports the mean,\n"
            "standard deviation, median and 2.5/5/25/75/95/97.5 percentiles\n"
            "of each method's score beside the deterministic one.\n"
            "--seed (default 0) fixes the draws: iteration i is the same for\n"
            "any --threads (default: the processors online) and MPI ranks.\n"
            "--compare samples a second process on the same draws and adds\n"
            "the difference and P(first < second). --samples writes the\n"
            "scores as float64 .npy: iterations x methods, or iterations x 2\n"
            "x methods with --compare. A singular sample stops the run\n"
            "(naming its iteration) unless --skip-singular. A distribution\n"
            "that describes none (a geometric sd below 1, a minimum above\n"
            "the maximum, ...) stops it before it starts, named; with\n"
            "--keep-invalid those amounts stay fixed.\n"
            "--no-iterative refactorizes every sample instead of first\n"
            "trying GMRES preconditioned by the mean system's factors.\n"
            "\n" CLI_TARGET_USAGE);
}

typedef struct mc_args {
    cli_target t;
    int64_t iterations;
    uint64_t seed;
    int threads;
    const char *compare;
    int format;
    const char *samples;
    int skip_singular, iterative, keep_invalid;
} mc_args;

static int parse_seed(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!*s || *s == '-')
        return -1;
    v = strtoull(s, &end, 10);
    *out = v;
    return *end ? -1 : 0;
}

/* Returns -1 to continue, else an exit code. */
static int parse_args(mc_args *a, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_TARGET_OPTIONS,
        {"iterations", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'},
        {"compare", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'o'},
        {"samples", required_argument, NULL, 'S'},
        {"skip-singular", no_argument, NULL, 'k'},
        {"keep-invalid", no_argument, NULL, 'K'},
        {"no-iterative", no_argument, NULL, 'I'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int64_t v;
    int c, rc;

    if ((rc = cli_target_init(&a->t, "mc", argc)) >= 0)
        return rc;
    a->t.uncertainty = 1;
    a->iterations = 1000;
    a->iterative = 1;
    a->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (a->threads < 1)
        a->threads = 1;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if ((rc = cli_target_option(&a->t, c, optarg)) > 0)
            return rc;
        if (rc < 0)
            continue;
        switch (c) {
        case 'n':
            if (cli_parse_int64(optarg, &a->iterations) < 0 ||
                a->iterations < 1)
                return cli_error("mc", EXIT_USAGE,
                                 "--iterations '%s': expected a whole "
                                 "number >= 1",
                                 optarg);
            break;
        case 's':
            if (parse_seed(optarg, &a->seed) < 0)
                return cli_error("mc", EXIT_USAGE,
                                 "--seed '%s': expected a whole number "
                                 ">= 0",
                                 optarg);
            break;
        case 'j':
            if (cli_parse_int64(optarg, &v) < 0 || v < 1 || v > 1024)
                return cli_error("mc", EXIT_USAGE,
                                 "--threads '%s': expected a whole number "
                                 "from 1 to 1024",
                                 optarg);
            a->threads = (int)v;
            break;
        case 'c': a->compare = optarg; break;
        case 'S': a->samples = optarg; break;
        case 'k': a->skip_singular = 1; break;
        case 'K': a->keep_invalid = 1; break;
        case 'I': a->iterative = 0; break;
        case 'o':
            if ((a->format = mb_report_format_parse(optarg)) < 0)
                return cli_error("mc", EXIT_USAGE,
                                 "--format '%s': expected table, json or "
                                 "csv",
                                 optarg);
            break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            return cli_error("mc", EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            usage(stderr);
            return cli_error("mc", EXIT_USAGE, "unknown option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_error("mc", EXIT_USAGE, "unexpected argument '%s'",
                         argv[optind]);
    if ((rc = cli_target_check(&a->t)) >= 0)
        return rc;
    if (a->compare && !a->t.process)
        return cli_error("mc", EXIT_USAGE,
                         "--compare names a second process of the project; "
                         "use it with --process");
    return -1;
}

/* The scores as float64 .npy, written whole or not at all. */
static int write_samples(const char *path, const mb_mc_result *res)
{
    mb_npy_field f = {"", 'f', 8, 0};
    mb_npy *a = NULL;
    int64_t width = res->ndemands * (int64_t)res->nmethods;
    int rc;

    if ((rc = mb_npy_new(&a, res->count * width, 1, &f)) < 0)
        return rc;
    memcpy(a->data, res->scores, (size_t)(res->count * width) * 8);
    a->ndim = res->ndemands > 1 ? 3 : 2;
    a->shape[0] = res->count;
    if (res->ndemands > 1) {
        a->shape[1] = res->ndemands;
        a->shape[2] = (int64_t)res->nmethods;
    } else {
        a->shape[1] = (int64_t)res->nmethods;
    }
    rc = mb_npy_write(path, a);
    mb_npy_free(a);
    return rc;
}

typedef struct progress_ctx {
    progress_bar bar;
} progress_ctx;

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    progress_update(&((progress_ctx *)ctx)->bar, (size_t)done,
                    (size_t)total);
}

/*
 * Run this rank's share. On rank 0, *view gets every iteration: this
 * rank's result itself, or with several ranks a copy whose scores are the
 * gathered ones (*gathered, freed by the caller).
 */
static int run_share(mc_args *a, const cli_mpi *mpi, const double *demands,
                     int64_t nd, mb_mc_result **mine, mb_mc_result *view,
                     double **gathered)
{
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    mb_mc_result *r;
    progress_ctx pc;
    int64_t width = nd * (int64_t)a->t.nmethods, failed_at;
    int rc;

    o.seed = a->seed;
    o.first = cli_mpi_share_first(a->iterations, mpi->size, mpi->rank);
    o.count = cli_mpi_share_count(a->iterations, mpi->size, mpi->rank);
    o.threads = a->threads;
    o.skip_singular = a->skip_singular;
    o.iterative = a->iterative;
    o.keep_invalid = a->keep_invalid;
    if (mpi->rank == 0) {
        progress_start(&pc.bar, "Monte Carlo");
        o.progress = on_progress;
        o.progress_ctx = &pc;
    }
    rc = mb_mc_run(mine, a->t.sys, demands, nd, a->t.methods, a->t.nmethods,
                   &o);
    if (mpi->rank == 0)
        progress_end(&pc.bar);
    /* One line, from the rank that failed first (lowest iteration). */
    failed_at = cli_mpi_min(mpi, rc < 0 ? o.first : INT64_MAX);
    if (failed_at != INT64_MAX) {
        if (rc < 0 && failed_at == o.first)
            fprintf(stderr, "metabol mc: %s\n", mb_error_last()->message);
        return EXIT_ERROR;
    }
    r = *mine;
    *view = *r;
    if (mpi->size == 1)
        return -1;
    if (mpi->rank == 0 &&
        !(*gathered = malloc((size_t)(a->iterations * width + 1) *
                             sizeof **gathered)))
        return cli_error("mc", EXIT_ERROR, "out of memory");
    if (cli_mpi_gather(mpi, r->scores, a->iterations, width, *gathered) < 0)
        return cli_error("mc", EXIT_ERROR, "MPI gather failed");
    view->first = 0;
    view->count = a->iterations;
    view->scores = *gathered;
    view->singular = cli_mpi_sum(mpi, r->singular);
    view->iterative = cli_mpi_sum(mpi, r->iterative);
    view->refactorized = cli_mpi_sum(mpi, r->refactorized);
    view->gmres_steps = cli_mpi_sum(mpi, r->gmres_steps);
    view->seconds = 1e-6 * (double)cli_mpi_max(
                               mpi, (int64_t)(r->seconds * 1e6));
    view->first_singular = cli_mpi_min(
        mpi, r->first_singular < 0 ? INT64_MAX : r->first_singular);
    if (view->first_singular == INT64_MAX)
        view->first_singular = -1;
    return -1;
}

static int run(mc_args *a, const cli_mpi *mpi)
{
    cli_target *t = &a->t;
    mb_mc_result *res = NULL, all;
    mb_mc_report rep;
    mb_report_options ropts = MB_REPORT_OPTIONS_INIT;
    const char *labels[2];
    double *demands = NULL, *gathered = NULL;
    int64_t nd = a->compare ? 2 : 1;
    int rc;

    cli_set_quiet(mpi->rank != 0);
    rc = cli_target_load(t);
    cli_set_quiet(0);
    if (cli_mpi_max(mpi, rc >= 0) != 0)
        return rc >= 0 ? rc : EXIT_ERROR;
    if (t->sys->invalid_distributions) {
        size_t n = t->sys->invalid_distributions;

        if (!a->keep_invalid)
            return mpi->rank ? EXIT_ERROR
                             : cli_error("mc", EXIT_ERROR,
                                         "%s (%zu invalid distribution%s in "
                                         "all; --keep-invalid keeps those "
                                         "amounts fixed)",
                                         t->sys->invalid_distribution, n,
                                         n == 1 ? "" : "s");
        if (mpi->rank == 0)
            fprintf(stderr, "metabol mc: %zu invalid distribution%s kept at "
                    "their amounts (the first: %s)\n",
                    n, n == 1 ? "" : "s", t->sys->invalid_distribution);
    }
    demands = calloc((size_t)(nd * t->sys->nproducts) + 1, sizeof *demands);
    if (!demands) {
        rc = cli_error("mc", EXIT_ERROR, "out of memory");
        goto out;
    }
    memcpy(demands, t->demand, (size_t)t->sys->nproducts * sizeof *demands);
    labels[0] = t->label;
    labels[1] = a->compare;
    cli_set_quiet(mpi->rank != 0);
    rc = a->compare ? cli_target_other_demand(t, a->compare,
                                              demands + t->sys->nproducts)
                    : -1;
    cli_set_quiet(0);
    if (cli_mpi_max(mpi, rc >= 0) != 0) {
        rc = rc >= 0 ? rc : EXIT_ERROR;
        goto out;
    }
    if ((rc = run_share(a, mpi, demands, nd, &res, &all, &gathered)) >= 0)
        goto out;
    rc = EXIT_OK;
    if (mpi->rank != 0)
        goto out;
    if (a->samples && write_samples(a->samples, &all) < 0) {
        rc = cli_error("mc", EXIT_ERROR, "--samples %s: %s", a->samples,
                       mb_error_last()->message);
        goto out;
    }
    memset(&rep, 0, sizeof rep);
    rep.sys = t->sys;
    rep.res = &all;
    rep.demand_labels = labels;
    rep.methods = t->methods;
    rep.deterministic = all.deterministic;
    rep.seed = a->seed;
    rep.threads = a->threads;
    rep.ranks = mpi->size;
    ropts.format = (mb_report_format)a->format;
    if (mb_report_mc(stdout, &rep, &ropts) < 0)
        rc = cli_fail("mc");
out:
    mb_mc_result_free(res);
    free(gathered);
    free(demands);
    return rc;
}

int cmd_mc(int argc, char **argv)
{
    mc_args a;
    cli_mpi mpi;
    int rc;

    memset(&a, 0, sizeof a);
    cli_mpi_start(&mpi);
    if (mpi.rank != 0)
        cli_set_quiet(1); /* every rank parses the same options */
    rc = parse_args(&a, argc, argv);
    cli_set_quiet(0);
    if (rc < 0)
        rc = run(&a, &mpi);
    cli_target_free(&a.t);
    cli_mpi_finish(&mpi);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = cli_error("mc", EXIT_ERROR, "cannot write the output");
    return rc;
}
