/*
 * gsa.h - global sensitivity measures from given samples (e.g. the tracked
 * entries and scores of a Monte Carlo run, mc.h): for N samples of k inputs
 * and one output, the squared standardized regression coefficients with
 * the regression's R^2, Spearman rank correlations, and first-order Sobol
 * indices estimated from the same data (Plischke, Borgonovo & Smith 2013,
 * "Global sensitivity measures from given data", EJOR 226:536-550).
 * Deterministic: the same samples give the same numbers.
 */
#ifndef METABOL_GSA_H
#define METABOL_GSA_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* First-order Sobol indices are estimated from this many samples up. */
#define MB_GSA_SOBOL_MIN_SAMPLES 500
/* ... with classes of at least this many samples each. */
#define MB_GSA_SOBOL_MIN_PER_CLASS 50

typedef struct mb_gsa_result {
    int64_t n; /* samples used: those with a finite output and inputs */
    size_t k;  /* inputs */
    double r2; /* R^2 of the least-squares fit of y on the inputs */
    /*
     * Per input (k entries): the standardized regression coefficient
     * beta_i * sd(x_i) / sd(y) and its square; Spearman's rank
     * correlation with y (average ranks for ties); the first-order Sobol
     * index Var(E[y | x_i]) / Var(y), NAN when n < MB_GSA_SOBOL_MIN_SAMPLES.
     * An input that does not vary over the samples gets 0 for all four.
     */
    double *src, *src2, *spearman, *sobol;
    int64_t sobol_classes; /* M, the classes per input; 0: not estimated */
} mb_gsa_result;

/* An output whose sd is at most this times its largest |value| does not
 * vary: what is left is rounding (of the solves that made it). */
#define MB_GSA_NO_SPREAD 1e-12

/*
 * The measures of the k inputs x (n rows, row-major: x[r * k + i]) for the
 * output y (n entries). Rows with a NaN or infinite y or input (a skipped
 * Monte Carlo iteration) are left out. Fails with MB_EINVAL when fewer
 * than k + 2 rows remain (the regression needs more samples than
 * unknowns) or when y does not vary over them (MB_GSA_NO_SPREAD).
 */
MB_EXTERN int mb_gsa_run(mb_gsa_result **out, const double *x,
                         const double *y, int64_t n, size_t k);
MB_EXTERN void mb_gsa_result_free(mb_gsa_result *r);

/*
 * The classes per input of the Sobol estimate for n samples: 0 below
 * MB_GSA_SOBOL_MIN_SAMPLES, else min(floor(sqrt(n)), n / 50).
 */
MB_EXTERN int64_t mb_gsa_sobol_classes(int64_t n);

#ifdef __cplusplus
}
#endif
#endif
