/*
 * lca_check.h - what the harnesses that end in an LCA share: MB_EINTERNAL
 * turned into a crash, one unit of the first activity calculated, and a
 * database compiled and calculated. Included by one harness each, so its
 * functions are static.
 */
#ifndef METABOL_FUZZ_LCA_CHECK_H
#define METABOL_FUZZ_LCA_CHECK_H

#include <stdlib.h>

#include "metabol/inventory.h"
#include "metabol/lca.h"

#include "draw_check.h"

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

/* Factorize and calculate one unit of activity 0. */
static void calculate(const mb_system *sys)
{
    mb_lca_result *res = NULL;
    mb_lca *lca = NULL;
    double *demand;

    if (no_bug(mb_lca_new(&lca, sys, NULL)) < 0)
        return;
    demand = calloc((size_t)sys->nproducts + 1, sizeof *demand);
    if (demand) {
        if (sys->nproducts > 0)
            demand[0] = 1.0;
        if (no_bug(mb_lca_calculate(&res, lca, demand)) == 0)
            mb_lca_result_free(res);
    }
    free(demand);
    mb_lca_free(lca);
}

/* Compile db with options o (NULL: the defaults) and, when that works,
 * calculate; the report may hold names even when compiling fails. With
 * the defaults, compile again keeping the distributions, and draw each. */
static void compile_and_calculate(const mb_lcidb *db,
                                  const mb_compile_options *o)
{
    mb_compile_options with = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report report;
    mb_system *sys = NULL;

    if (no_bug(mb_lcidb_compile(&sys, &report, db, o)) == 0) {
        calculate(sys);
        mb_system_free(sys);
    }
    mb_compile_report_free(&report);
    if (o)
        return;
    with.uncertainty = 1;
    if (no_bug(mb_lcidb_compile(&sys, &report, db, &with)) == 0) {
        draw_all(sys);
        mb_system_free(sys);
    }
    mb_compile_report_free(&report);
}

#endif
