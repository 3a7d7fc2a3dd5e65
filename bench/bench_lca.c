/*
 * bench_lca.c - in-process timings of metabol's LCA on one datapackage, the
 * C side of bench/run (the Python side is bench/baseline_lca.py).
 *
 *   bench_lca DP_DIR DEMAND_ID [--solver klu|umfpack] [--repeat-demands K]
 *             [--seed N]
 *
 * Phases, each timed with CLOCK_MONOTONIC:
 *   load        mb_datapackage_open (datapackage.json and every array);
 *   compile     mb_system_from_datapackages (id maps, A, B, methods);
 *   factorize   mb_lca_new (checks and LU of A);
 *   calculate   mb_lca_calculate for one unit of DEMAND_ID: solve,
 *               inventory and the score of every method;
 *   further     mb_lca_solve on K unit demands of random products with the
 *               kept factorization, the median reported twice: with the
 *               default options (residual check and refinement, the
 *               library's default) and plain (max_refine = 0, no residual
 *               asked: one LU solve, the work SciPy's lu.solve does; a
 *               second mb_lca, factorized outside the timings);
 *   all scores  mb_lca_all_scores: every product x every method.
 * One JSON line goes to stdout; its "scores" object is keyed by method name,
 * as baseline_lca.py's, so bench/run can compare the two. Uses the public
 * API only.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <metabol/metabol.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* splitmix64: a seeded, portable stream for picking the demands. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/*
 * Median seconds of k calls of mb_lca_solve on unit demands of random
 * products; the worst residual (when asked) goes to *worst. < 0 on error.
 */
static double further_demands(mb_lca *lca, int64_t k, uint64_t seed,
                              double *demand, double *supply, double *times,
                              double *worst)
{
    int64_t n = mb_lca_system(lca)->nproducts, q;

    for (q = 0; q < k; q++) {
        int64_t i = (int64_t)(next_random(&seed) % (uint64_t)n);
        double residual = 0, t0;

        demand[i] = 1.0;
        t0 = now();
        if (mb_lca_solve(lca, demand, supply, worst ? &residual : NULL) < 0)
            return -1;
        times[q] = now() - t0;
        demand[i] = 0.0;
        if (worst && residual > *worst)
            *worst = residual;
    }
    if (k == 0)
        return 0;
    qsort(times, (size_t)k, sizeof *times, cmp_double);
    return k % 2 ? times[k / 2] : 0.5 * (times[k / 2 - 1] + times[k / 2]);
}

static int fail(const char *what)
{
    fprintf(stderr, "bench_lca: %s: %s\n", what, mb_error_last()->message);
    return 1;
}

static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static int usage(void)
{
    fprintf(stderr,
            "usage: bench_lca DP_DIR DEMAND_ID [--solver klu|umfpack] "
            "[--repeat-demands K] [--seed N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    mb_lca_options opts = MB_LCA_OPTIONS_INIT;
    mb_datapackage *dp = NULL;
    mb_system *sys = NULL;
    mb_lca *lca = NULL, *plain = NULL;
    mb_lca_options plain_opts;
    mb_lca_result *res = NULL;
    mb_dense *all = NULL;
    double *demand = NULL, *supply = NULL, *times = NULL;
    double t_load, t_compile, t_factor, t_calc, t_all, t0;
    double worst_residual = 0, check = 0, median = 0, median_plain = 0;
    int64_t demand_id, pos, repeat = 200;
    uint64_t rng = 1;
    char *end;
    size_t m;
    int a, rc = 1;

    if (argc < 3)
        return usage();
    opts.solver = MB_SOLVER_KLU;
    demand_id = strtoll(argv[2], &end, 10);
    if (*end)
        return usage();
    for (a = 3; a < argc; a += 2) {
        if (a + 1 >= argc)
            return usage();
        if (!strcmp(argv[a], "--solver")) {
            int kind = mb_solver_parse(argv[a + 1]);

            if (kind < 0) {
                fprintf(stderr, "bench_lca: unknown solver %s\n", argv[a + 1]);
                return 2;
            }
            opts.solver = (mb_solver_kind)kind;
        } else if (!strcmp(argv[a], "--repeat-demands")) {
            repeat = strtoll(argv[a + 1], &end, 10);
            if (*end || repeat < 0)
                return usage();
        } else if (!strcmp(argv[a], "--seed")) {
            rng = strtoull(argv[a + 1], &end, 10);
            if (*end)
                return usage();
        } else {
            return usage();
        }
    }

    t0 = now();
    if (mb_datapackage_open(&dp, argv[1], 0) < 0)
        return fail("mb_datapackage_open");
    t_load = now() - t0;

    t0 = now();
    if (mb_system_from_datapackages(&sys, &dp, 1) < 0) {
        rc = fail("mb_system_from_datapackages");
        goto out;
    }
    t_compile = now() - t0;

    t0 = now();
    if (mb_lca_new(&lca, sys, &opts) < 0) {
        rc = fail("mb_lca_new");
        goto out;
    }
    t_factor = now() - t0;

    pos = mb_system_product_index(sys, demand_id);
    if (pos < 0) {
        fprintf(stderr, "bench_lca: %lld is not a product of %s\n",
                (long long)demand_id, argv[1]);
        goto out;
    }
    demand = calloc((size_t)sys->nproducts, sizeof *demand);
    supply = calloc((size_t)sys->nactivities, sizeof *supply);
    times = calloc((size_t)repeat + 1, sizeof *times);
    if (!demand || !supply || !times) {
        fprintf(stderr, "bench_lca: out of memory\n");
        goto out;
    }
    demand[pos] = 1.0;
    t0 = now();
    if (mb_lca_calculate(&res, lca, demand) < 0) {
        rc = fail("mb_lca_calculate");
        goto out;
    }
    t_calc = now() - t0;
    demand[pos] = 0.0;

    median = further_demands(lca, repeat, rng, demand, supply, times,
                             &worst_residual);
    if (median < 0) {
        rc = fail("mb_lca_solve");
        goto out;
    }
    plain_opts = opts;
    plain_opts.max_refine = 0;
    if (mb_lca_new(&plain, sys, &plain_opts) < 0) {
        rc = fail("mb_lca_new (max_refine = 0)");
        goto out;
    }
    median_plain = further_demands(plain, repeat, rng, demand, supply, times,
                                   NULL);
    if (median_plain < 0) {
        rc = fail("mb_lca_solve (plain)");
        goto out;
    }

    t0 = now();
    if (mb_lca_all_scores(lca, &all) < 0) {
        rc = fail("mb_lca_all_scores");
        goto out;
    }
    t_all = now() - t0;
    /* The demand's row of the all-scores table must repeat its scores. */
    for (m = 0; m < sys->nmethods; m++) {
        double x = *mb_dense_at(all, pos, (int64_t)m), y = res->scores[m];
        double d = fabs(x - y) / (fabs(y) > 0 ? fabs(y) : 1.0);

        if (d > check)
            check = d;
    }

    printf("{\"tool\": \"metabol\", \"version\": \"%s\", \"solver\": \"%s\", "
           "\"demand_id\": %lld, \"n_products\": %lld, \"n_flows\": %lld, "
           "\"n_methods\": %zu, \"technosphere_nnz\": %lld, "
           "\"biosphere_nnz\": %lld, \"lu_nnz\": %lld, \"residual\": %.3g, "
           "\"timings_s\": {\"load\": %.6f, \"build\": %.6f, "
           "\"factorize\": %.6f, \"solve_and_characterize\": %.6f, "
           "\"total_in_process\": %.6f}, "
           "\"further_demand_k\": %lld, \"further_demand_median_s\": %.9f, "
           "\"further_demand_max_residual\": %.3g, "
           "\"further_demand_plain_median_s\": %.9f, "
           "\"all_scores_s\": %.6f, \"all_scores_shape\": [%lld, %lld], "
           "\"all_scores_vs_calculate\": %.3g, \"scores\": {",
           mb_version(), mb_solver_name(mb_lu_kind(mb_lca_lu(lca))),
           (long long)demand_id, (long long)sys->nproducts,
           (long long)sys->nflows, sys->nmethods,
           (long long)mb_csc_nnz(sys->A), (long long)mb_csc_nnz(sys->B),
           (long long)mb_lu_factor_nnz(mb_lca_lu(lca)), res->residual, t_load,
           t_compile, t_factor, t_calc, t_load + t_compile + t_factor + t_calc,
           (long long)repeat, median, worst_residual, median_plain, t_all,
           (long long)all->m, (long long)all->n, check);
    for (m = 0; m < sys->nmethods; m++) {
        printf("%s", m ? ", " : "");
        print_json_string(sys->methods[m].name);
        printf(": %.17g", res->scores[m]);
    }
    printf("}}\n");
    rc = 0;

out:
    mb_dense_free(all);
    mb_lca_result_free(res);
    mb_lca_free(plain);
    mb_lca_free(lca);
    mb_system_free(sys);
    mb_datapackage_free(dp);
    free(demand);
    free(supply);
    free(times);
    return rc;
}
