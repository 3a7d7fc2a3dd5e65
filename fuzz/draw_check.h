/*
 * draw_check.h - every distribution a compiled system keeps (A, B, C) must
 * be valid (the compiler and the datapackage path give invalid ones none
 * and count them) and drawable: one draw each, the draws of a Monte Carlo
 * iteration. An invalid one kept is a bug: crash, so that the fuzzer keeps
 * the input. Included by one harness each, so its functions are static.
 */
#ifndef METABOL_FUZZ_DRAW_CHECK_H
#define METABOL_FUZZ_DRAW_CHECK_H

#include <stdlib.h>

#include "metabol/model.h"
#include "metabol/random.h"

static void draw_each(const mb_lci_uncertainty *u, int64_t n, mb_random *r)
{
    volatile double sink = 0;
    int64_t k;

    for (k = 0; u && k < n; k++) {
        if (mb_lci_uncertainty_check(&u[k], NULL, 0) != 0)
            abort();
        sink += mb_uncertainty_sample(&u[k], 0, r);
    }
    (void)sink;
}

/* One draw of every distribution of sys; the invalid count is consistent. */
static void draw_all(const mb_system *sys)
{
    mb_random r;
    size_t m;

    if (!sys->invalid_distributions != !sys->invalid_distribution)
        abort();
    mb_random_init(&r, 1, 0);
    draw_each(sys->A_uncertainty, mb_csc_nnz(sys->A), &r);
    draw_each(sys->B_uncertainty, mb_csc_nnz(sys->B), &r);
    for (m = 0; sys->C_uncertainty && m < sys->nmethods; m++)
        draw_each(sys->C_uncertainty[m], sys->nflows, &r);
}

#endif
