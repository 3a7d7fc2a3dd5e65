/*
 * fuzz_system.c - libFuzzer harness for the compile and solve path: a
 * datapackage zip that the reader accepts is compiled into a system
 * (mb_system_from_datapackages, src/model/system.c), its technosphere is
 * factorized by each solver (mb_lca_new, src/lca/lca.c, src/linalg/lu*.c)
 * and one unit of the first product is calculated (mb_lca_calculate), with
 * contribution analysis and the all-products scores on top; with the first
 * solver, its supply chain is traversed (cutoff 0: every activity) and its
 * structural paths enumerated (paths.h), each written in every format.
 *
 * Whatever the reader lets through, these must fail with an error code or
 * succeed: never crash, leak, read out of bounds or hit undefined
 * behaviour, nor return MB_EINTERNAL (a library bug: the harness aborts).
 * Results are not checked (other tests do that); NaN is fine.
 *
 * The package is also compiled together with itself (two packages), which
 * takes the path where entries of several packages are concatenated and
 * duplicates summed.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "metabol/datapackage.h"
#include "metabol/lca.h"
#include "metabol/model.h"
#include "metabol/paths.h"

#include "zip_mutator.h"

/* Bounds on the extra work per input, to keep executions fast. */
#define MAX_METHODS_ANALYSED 8
#define MAX_ALL_SCORES_CELLS (1 << 16)
#define TOP_N 5
#define MAX_PATH_STEPS 20000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Contribution analysis of every (or the first few) methods. */
static void contributions(const mb_system *sys, const mb_lca_result *res)
{
    volatile int64_t sink = 0;
    double *by_activity, *by_flow;
    int64_t idx[TOP_N];
    size_t m;

    by_activity = malloc(((size_t)sys->nactivities + 1) * sizeof(double));
    by_flow = malloc(((size_t)sys->nflows + 1) * sizeof(double));
    if (by_activity && by_flow) {
        for (m = 0; m < sys->nmethods && m < MAX_METHODS_ANALYSED; m++) {
            mb_lca_activity_contributions(sys, m, res->supply, by_activity);
            mb_lca_flow_contributions(sys, m, res->inventory, by_flow);
            sink += mb_top_abs(by_activity, sys->nactivities, TOP_N, idx);
            sink += mb_top_abs(by_flow, sys->nflows, TOP_N, idx);
        }
    }
    (void)sink;
    free(by_activity);
    free(by_flow);
}

/*
 * MB_EINTERNAL means a library call failed where it never should: a bug,
 * even on hostile input. Crash so that the fuzzer keeps the input.
 */
static int no_bug(int rc)
{
    if (rc == MB_EINTERNAL)
        abort();
    return rc;
}

/* The supply-chain graph and the structural paths of method 0, written
 * in every format to /dev/null. */
static void supply_chain(mb_lca *lca, const mb_system *sys,
                         const double *demand)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    mb_paths_graph *g = NULL;
    mb_paths_spa *s = NULL;
    FILE *null = fopen("/dev/null", "w");
    int f;

    if (!null || sys->nmethods == 0) {
        if (null)
            fclose(null);
        return;
    }
    o.cutoff = 0.0;
    if (no_bug(mb_paths_traverse(&g, lca, demand, 0, &o)) == 0)
        for (f = MB_PATHS_TABLE; f <= MB_PATHS_SANKEY; f++)
            no_bug(mb_paths_write_graph(null, g, (mb_paths_format)f, NULL));
    o.cutoff = 0.01;
    o.max_depth = 8;
    o.top = TOP_N;
    o.max_visits = MAX_PATH_STEPS;
    if (no_bug(mb_paths_spa_run(&s, lca, demand, 0, &o)) == 0)
        for (f = MB_PATHS_TABLE; f <= MB_PATHS_DOT; f++)
            no_bug(mb_paths_write_spa(null, s, (mb_paths_format)f, "fuzz"));
    mb_paths_graph_free(g);
    mb_paths_spa_free(s);
    fclose(null);
}

static void solve(const mb_system *sys, mb_solver_kind solver)
{
    mb_lca_options opts = MB_LCA_OPTIONS_INIT;
    mb_lca_result *res = NULL;
    mb_lca *lca = NULL;
    mb_dense *scores = NULL;
    double *demand;

    opts.solver = solver;
    if (no_bug(mb_lca_new(&lca, sys, &opts)) < 0)
        return;
    demand = calloc((size_t)sys->nproducts + 1, sizeof *demand);
    if (demand) {
        if (sys->nproducts > 0)
            demand[0] = 1.0;
        if (no_bug(mb_lca_calculate(&res, lca, demand)) == 0) {
            contributions(sys, res);
            mb_lca_result_free(res);
            if (solver == MB_SOLVER_AUTO)
                supply_chain(lca, sys, demand);
        }
    }
    free(demand);
    if ((size_t)sys->nproducts * sys->nmethods <= MAX_ALL_SCORES_CELLS &&
        no_bug(mb_lca_all_scores(lca, &scores)) == 0)
        mb_dense_free(scores);
    mb_lca_free(lca);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mb_solver_kind solvers[] = {MB_SOLVER_AUTO, MB_SOLVER_KLU,
                                             MB_SOLVER_UMFPACK};
    mb_datapackage *dp = NULL;
    mb_system *sys = NULL;
    size_t k;

    if (no_bug(mb_datapackage_from_buffer(&dp, data, size, "fuzz.zip", 0)) <
        0)
        return 0;
    if (no_bug(mb_system_from_datapackages(&sys, &dp, 1)) == 0) {
        (void)mb_system_product_index(sys, 1);
        (void)mb_system_activity_index(sys, 1);
        (void)mb_system_flow_index(sys, 1);
        (void)mb_system_method_index(sys, "fuzz");
        for (k = 0; k < sizeof solvers / sizeof *solvers; k++)
            solve(sys, solvers[k]);
        mb_system_free(sys);
    }
    {
        mb_datapackage *twice[2];

        twice[0] = twice[1] = dp;
        if (mb_system_from_datapackages(&sys, twice, 2) == 0)
            mb_system_free(sys);
    }
    mb_datapackage_free(dp);
    return 0;
}
