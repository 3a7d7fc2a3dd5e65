/*
 * lca_check.h - what the harnesses that end in an LCA share: MB_EINTERNAL
 * turned into a crash, one unit of the first activity calculated, a
 * parametric model checked, and a database compiled and calculated.
 * Included by one harness each, so its functions are static.
 */
#ifndef METABOL_FUZZ_LCA_CHECK_H
#define METABOL_FUZZ_LCA_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "metabol/inventory.h"
#include "metabol/lca.h"
#include "metabol/param_model.h"

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

/* Sample sys's parametric model into copies of A->x and B->x (r NULL:
 * the parameters at their values); the copies, or NULL when that fails. */
static double *sample_params(const mb_system *sys, mb_random *r)
{
    size_t na = (size_t)mb_csc_nnz(sys->A), nb = (size_t)mb_csc_nnz(sys->B);
    double *x = malloc((na + nb + 1) * sizeof *x);
    double *scratch =
        malloc((mb_param_model_scratch_size(sys->params) + 1) * sizeof *x);

    if (x && scratch) {
        memcpy(x, sys->A->x, na * sizeof *x);
        memcpy(x + na, sys->B->x, nb * sizeof *x);
        if (no_bug(mb_param_model_sample(sys->params, r, scratch, x,
                                          x + na)) < 0) {
            free(x);
            x = NULL;
        }
    }
    free(scratch);
    return x;
}

/*
 * A parametric model at its parameters' values gives back the compiled
 * nonzeros bit for bit (anything else is a bug: abort); a draw fails
 * only with an error; the model read back from the compiled blob draws
 * the same numbers.
 */
static void check_params(const mb_system *sys, const mb_compile_report *r)
{
    size_t na = (size_t)mb_csc_nnz(sys->A), nb = (size_t)mb_csc_nnz(sys->B);
    mb_compile_report r2;
    mb_system *back = NULL;
    double *x, *y = NULL;
    mb_random rnd;
    void *blob = NULL;
    size_t len = 0;

    if (!sys->params)
        return;
    if (!(x = sample_params(sys, NULL)) ||
        memcmp(x, sys->A->x, na * sizeof *x) ||
        memcmp(x + na, sys->B->x, nb * sizeof *x))
        abort();
    free(x);
    mb_random_init(&rnd, 7, 0);
    x = sample_params(sys, &rnd);
    if (no_bug(mb_compiled_save(sys, r, &blob, &len)) == 0) {
        if (mb_compiled_load(&back, &r2, blob, len) < 0 || !back->params)
            abort();
        mb_random_init(&rnd, 7, 0);
        y = sample_params(back, &rnd);
        if (!x != !y || (x && memcmp(x, y, (na + nb) * sizeof *x)))
            abort();
        mb_system_free(back);
        mb_compile_report_free(&r2);
    }
    mb_compiled_free(blob);
    free(x);
    free(y);
}

/* Compile db with options o (NULL: the defaults) and, when that works,
 * calculate (and check a parametric model); the report may hold names
 * even when compiling fails. With the defaults, compile again keeping the
 * distributions, and draw each. */
static void compile_and_calculate(const mb_lcidb *db,
                                  const mb_compile_options *o)
{
    mb_compile_options with = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report report;
    mb_system *sys = NULL;

    if (no_bug(mb_lcidb_compile(&sys, &report, db, o)) == 0) {
        check_params(sys, &report);
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
