/*
 * cmd_sensitivity.c - `metabol sensitivity`: the local sensitivity of each
 * score to every entry of A, B and the characterization factors (Heijungs
 * 2010; sensitivity.h), ranked by sensitivity ratio; with --global, a Monte
 * Carlo run (mc.h) that follows the uncertain entries of largest local
 * effect, and their squared standardized regression coefficients,
 * Spearman correlations and first-order Sobol indices (gsa.h). See
 * docs/sensitivity.md.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli.h"
#include "target.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: metabol [-p PROJECT] sensitivity --process NAME_OR_ID "
            "--method NAME\n"
            "                   [--global [--iterations N] [--seed S] "
            "[--threads T]]\n"
            "                   [--top N] [--format table|json|csv]\n"
            "       metabol sensitivity --datapackage DIR_OR_ZIP ... "
            "--demand ID=AMOUNT ...\n"
            "                   --method NAME [...]\n"
            "\n"
            "Local sensitivity (Heijungs 2010): the derivative of each score\n"
            "with respect to every nonzero of A and B and every\n"
            "characterization factor, from one transposed solve, and the\n"
            "sensitivity ratio dh/da * a / h (the score's relative change\n"
            "per relative change of the entry); the --top N entries of\n"
            "largest |ratio| are listed (default 20).\n"
            "\n"
            "--global: a Monte Carlo run of N iterations (default 1000,\n"
            "seed S, default 0, on T threads, default the processors\n"
            "online; the numbers do not depend on T) that follows the --top N\n"
            "uncertain entries of A and B of largest local effect, with\n"
            "each entry's squared standardized regression coefficient\n"
            "(SRC^2, and the regression's R^2), Spearman rank correlation\n"
            "and, from 500 iterations, first-order Sobol index. Singular\n"
            "samples are skipped and counted.\n"
            "\n"
            "What to compute:\n" CLI_TARGET_USAGE);
}

typedef struct sens_args {
    cli_target t;
    int global, format, threads;
    int64_t top, iterations;
    uint64_t seed;
    int gave_mc_option; /* --iterations, --seed or --threads */
} sens_args;

/* Returns -1 to continue, else an exit code. */
static int parse_args(sens_args *a, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_TARGET_OPTIONS,
        {"global", no_argument, NULL, 'g'},
        {"top", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'o'},
        {"iterations", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int64_t v;
    int c, rc;

    if ((rc = cli_target_init(&a->t, "sensitivity", argc)) >= 0)
        return rc;
    a->top = 20;
    a->iterations = 1000;
    a->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (a->threads < 1)
        a->threads = 1;
    a->format = MB_REPORT_TABLE;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":gt:o:n:s:j:h", opts, NULL)) != -1) {
        if ((rc = cli_target_option(&a->t, c, optarg)) != 0) {
            if (rc > 0)
                return rc;
            continue; /* a target option, taken */
        }
        switch (c) {
        case 'g': a->global = 1; break;
        case 't':
            if (cli_parse_int64(optarg, &a->top) < 0 || a->top < 1)
                return cli_error("sensitivity", EXIT_USAGE,
                                 "--top '%s': expected a whole number >= 1",
                                 optarg);
            break;
        case 'o':
            if ((a->format = mb_report_format_parse(optarg)) < 0)
                return cli_error("sensitivity", EXIT_USAGE,
                                 "--format '%s': expected table, json or "
                                 "csv",
                                 optarg);
            break;
        case 'n':
            if (cli_parse_int64(optarg, &a->iterations) < 0 ||
                a->iterations < 2)
                return cli_error("sensitivity", EXIT_USAGE,
                                 "--iterations '%s': expected a whole "
                                 "number >= 2",
                                 optarg);
            a->gave_mc_option = 1;
            break;
        case 's':
            if (cli_parse_int64(optarg, &v) < 0 || v < 0)
                return cli_error("sensitivity", EXIT_USAGE,
                                 "--seed '%s': expected a whole number >= 0",
                                 optarg);
            a->seed = (uint64_t)v;
            a->gave_mc_option = 1;
            break;
        case 'j':
            if (cli_parse_int64(optarg, &v) < 0 || v < 1 || v > 1024)
                return cli_error("sensitivity", EXIT_USAGE,
                                 "--threads '%s': expected a whole number "
                                 "from 1 to 1024",
                                 optarg);
            a->threads = (int)v;
            a->gave_mc_option = 1;
            break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            return cli_error("sensitivity", EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            usage(stderr);
            return cli_error("sensitivity", EXIT_USAGE,
                             "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        usage(stderr);
        return cli_error("sensitivity", EXIT_USAGE,
                         "unexpected argument '%s'", argv[optind]);
    }
    if (a->gave_mc_option && !a->global)
        return cli_error("sensitivity", EXIT_USAGE,
                         "--iterations, --seed and --threads go with "
                         "--global");
    a->t.uncertainty = a->global;
    return cli_target_check(&a->t);
}

/*
 * What the analysis of every method holds. The coefficients themselves
 * (a vector the size of A and B per method) are not kept: each ranking
 * takes what it needs from them and they are computed again for the
 * global part, two solves being cheap beside their memory.
 */
typedef struct analysis {
    size_t n; /* methods */
    mb_lca *lca;
    mb_sens_ranking **local;     /* the top entries */
    mb_sens_ranking **uncertain; /* the top entries with a distribution */
    mb_sens_ranking **tracked;   /* the entries the Monte Carlo followed */
    mb_gsa_result **global;
} analysis;

static void analysis_free(analysis *an)
{
    size_t m;

    for (m = 0; m < an->n; m++) {
        mb_sens_ranking_free(an->local ? an->local[m] : NULL);
        mb_sens_ranking_free(an->uncertain ? an->uncertain[m] : NULL);
        mb_sens_ranking_free(an->tracked ? an->tracked[m] : NULL);
        mb_gsa_result_free(an->global ? an->global[m] : NULL);
    }
    mb_lca_free(an->lca);
    free(an->local);
    free(an->uncertain);
    free(an->tracked);
    free(an->global);
}

/* Rank method m's entries: all, and with --global those with a
 * distribution; or, given places (matrix, pos), the entries there. */
static int rank_method(const sens_args *a, analysis *an, size_t m,
                       const mb_sens_matrix *matrix, const int64_t *pos,
                       int64_t npos)
{
    mb_sensitivity *s = NULL;
    int rc = mb_sensitivity_local(&s, an->lca, a->t.demand, a->t.methods[m]);

    if (rc == 0 && matrix)
        rc = mb_sensitivity_entries(&an->tracked[m], s, a->t.sys, matrix,
                                    pos, npos);
    if (rc == 0 && !matrix)
        rc = mb_sensitivity_rank(&an->local[m], s, a->t.sys, a->top, 0);
    if (rc == 0 && !matrix && a->global)
        rc = mb_sensitivity_rank(&an->uncertain[m], s, a->t.sys, a->top,
                                 MB_SENS_UNCERTAIN);
    mb_sensitivity_free(s);
    return rc;
}

/* The entries a Monte Carlo run follows: A's first, then B's. */
typedef struct tracked_set {
    int64_t *pos;           /* positions, A's then B's */
    mb_sens_matrix *matrix; /* of each */
    size_t nA, nB;
} tracked_set;

static int by_place(const void *pa, const void *pb)
{
    const mb_sens_entry *a = pa, *b = pb;

    if (a->matrix != b->matrix)
        return a->matrix < b->matrix ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/*
 * The union over methods of the `top` uncertain entries of largest local
 * effect, in matrix order (A, then B) and by position; -1 or exit code.
 */
static int choose_tracked(tracked_set *ts, const sens_args *a,
                          const analysis *an)
{
    mb_sens_entry *all = NULL;
    size_t m, n = 0, q, k = 0;

    memset(ts, 0, sizeof *ts);
    for (m = 0; m < an->n; m++) {
        const mb_sens_ranking *r = an->uncertain[m];
        mb_sens_entry *more = realloc(all, (n + (size_t)r->n + 1) *
                                               sizeof *all);

        if (!more) {
            free(all);
            return cli_error("sensitivity", EXIT_ERROR, "out of memory");
        }
        all = more;
        memcpy(all + n, r->entries, (size_t)r->n * sizeof *all);
        n += (size_t)r->n;
    }
    if (n == 0) {
        free(all);
        return cli_error("sensitivity", EXIT_ERROR,
                         "--global: no entry of A or B with a distribution "
                         "affects the score%s (%s)",
                         an->n > 1 ? "s" : "",
                         a->t.npackages
                             ? "--datapackage systems carry no "
                               "distributions; import the packages into a "
                               "project (metabol import datapackage)"
                             : "the data gives no uncertainty on this "
                               "supply chain");
    }
    qsort(all, n, sizeof *all, by_place);
    ts->pos = calloc(n, sizeof *ts->pos);
    ts->matrix = calloc(n, sizeof *ts->matrix);
    if (!ts->pos || !ts->matrix) {
        free(all);
        return cli_error("sensitivity", EXIT_ERROR, "out of memory");
    }
    for (q = 0; q < n; q++) {
        if (q > 0 && by_place(&all[q - 1], &all[q]) == 0)
            continue;
        ts->pos[k] = all[q].pos;
        ts->matrix[k++] = all[q].matrix;
        if (all[q].matrix == MB_SENS_A)
            ts->nA++;
        else
            ts->nB++;
    }
    free(all);
    return -1;
}

static void on_progress(void *bar, int64_t done, int64_t total)
{
    progress_update(bar, (size_t)done, (size_t)total);
}

/* Monte Carlo with the tracked entries, and each method's measures. */
static int run_global(const sens_args *a, analysis *an)
{
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    mb_mc_result *res = NULL;
    progress_bar bar;
    tracked_set ts;
    double *y = NULL;
    size_t m, nt;
    int64_t i;
    int rc = choose_tracked(&ts, a, an);

    if (rc >= 0)
        goto done;
    nt = ts.nA + ts.nB;
    o.seed = a->seed;
    o.count = a->iterations;
    o.threads = a->threads;
    o.skip_singular = 1;
    o.track_A = ts.pos;
    o.ntrack_A = ts.nA;
    o.track_B = ts.pos + ts.nA;
    o.ntrack_B = ts.nB;
    o.progress = on_progress;
    o.progress_ctx = &bar;
    progress_start(&bar, "Monte Carlo");
    bar.unit = "iterations";
    rc = mb_mc_run(&res, a->t.sys, a->t.demand, 1, a->t.methods,
                   a->t.nmethods, &o) < 0
             ? EXIT_ERROR
             : -1;
    progress_end(&bar);
    if (rc >= 0) {
        rc = cli_fail("sensitivity");
        goto done;
    }
    if (res->singular > 0)
        fprintf(stderr, "metabol sensitivity: %lld singular samples "
                "skipped (the first at iteration %lld)\n",
                (long long)res->singular, (long long)res->first_singular);
    if (!(y = calloc((size_t)res->count + 1, sizeof *y))) {
        rc = cli_error("sensitivity", EXIT_ERROR, "out of memory");
        goto done;
    }
    for (m = 0; m < an->n; m++) {
        if (an->uncertain[m]->n == 0)
            continue; /* nothing followed moves this score: no global part */
        for (i = 0; i < res->count; i++)
            y[i] = res->scores[(size_t)i * a->t.nmethods + m];
        if (mb_gsa_run(&an->global[m], res->tracked, y, res->count, nt) < 0 ||
            rank_method(a, an, m, ts.matrix, ts.pos, (int64_t)nt) < 0) {
            rc = cli_error("sensitivity", EXIT_ERROR, "--global, %s: %s",
                           a->t.sys->methods[a->t.methods[m]].name,
                           mb_error_last()->message);
            goto done;
        }
    }
done:
    mb_mc_result_free(res);
    free(ts.pos);
    free(ts.matrix);
    free(y);
    return rc;
}

static int run(sens_args *a)
{
    analysis an;
    mb_sens_report rep;
    size_t m, nm;
    int rc;

    memset(&an, 0, sizeof an);
    if ((rc = cli_target_load(&a->t)) >= 0)
        return rc;
    nm = a->t.nmethods;
    if (nm == 0)
        return cli_error("sensitivity", EXIT_ERROR,
                         "the data has no method to score (import one)");
    an.n = nm;
    an.local = calloc(nm, sizeof *an.local);
    an.uncertain = calloc(nm, sizeof *an.uncertain);
    an.tracked = calloc(nm, sizeof *an.tracked);
    an.global = calloc(nm, sizeof *an.global);
    if (!an.local || !an.uncertain || !an.tracked || !an.global) {
        rc = cli_error("sensitivity", EXIT_ERROR, "out of memory");
        goto done;
    }
    if (mb_lca_new(&an.lca, a->t.sys, NULL) < 0) {
        rc = cli_fail("sensitivity");
        goto done;
    }
    for (m = 0; m < nm; m++)
        if (rank_method(a, &an, m, NULL, NULL, 0) < 0) {
            rc = cli_fail("sensitivity");
            goto done;
        }
    if (a->global && (rc = run_global(a, &an)) >= 0)
        goto done;
    memset(&rep, 0, sizeof rep);
    rep.label = a->t.label;
    rep.nmethods = nm;
    rep.local = (const mb_sens_ranking *const *)an.local;
    if (a->global) {
        rep.tracked = (const mb_sens_ranking *const *)an.tracked;
        rep.global = (const mb_gsa_result *const *)an.global;
        rep.iterations = a->iterations;
        rep.seed = a->seed;
    }
    rc = mb_report_sensitivity(stdout, a->t.sys, &rep,
                               (mb_report_format)a->format) < 0
             ? cli_fail("sensitivity")
             : EXIT_OK;
done:
    analysis_free(&an);
    return rc;
}

int cmd_sensitivity(int argc, char **argv)
{
    sens_args a;
    int rc;

    memset(&a, 0, sizeof a);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    rc = parse_args(&a, argc, argv);
    if (rc < 0)
        rc = run(&a);
    cli_target_free(&a.t);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = cli_error("sensitivity", EXIT_ERROR, "cannot write the output");
    return rc;
}
