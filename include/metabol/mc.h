/*
 * mc.h - Monte Carlo uncertainty propagation through the matrix LCA: each
 * iteration draws every uncertain nonzero of A, B and the characterization
 * factors (and the parameters of a parametric system) from its own random
 * stream (random.h: stream = iteration number), so iteration i gives the same
 * numbers whichever thread or MPI rank computes it. The technosphere's
 * sparsity never changes, so its symbolic analysis is done once; each
 * iteration first tries the mean system's factors as a preconditioner of an
 * iterative solve and refactorizes numerically only when that does not
 * converge.
 */
#ifndef METABOL_MC_H
#define METABOL_MC_H

#include "common.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called now and then from the calling thread: iterations done of total. */
typedef void (*mb_mc_progress)(void *ctx, int64_t done, int64_t total);

typedef struct mb_mc_options {
    int version;
    uint64_t seed;
    /* Iterations first .. first + count - 1 of the run (an MPI rank's share;
     * first 0 and count the whole run on one process). */
    int64_t first, count;
    int threads;       /* worker threads; 0 or 1: the calling thread */
    int skip_singular; /* 0: stop at a singular sample; 1: skip it */
    int iterative;     /* 1: try the preconditioned iterative solve first */
    /* Entries whose sampled values to keep, for global sensitivity:
     * positions among the nonzeros of A and of B (CSC order). */
    const int64_t *track_A;
    size_t ntrack_A;
    const int64_t *track_B;
    size_t ntrack_B;
    mb_mc_progress progress;
    void *progress_ctx;
    /* 1: entries whose distribution is invalid (mb_system.
     * invalid_distributions) keep their amounts; 0: the run is refused */
    int keep_invalid;
} mb_mc_options;

#define MB_MC_OPTIONS_VERSION 1
#define MB_MC_OPTIONS_INIT                                                   \
    {MB_MC_OPTIONS_VERSION, 0, 0, 0, 1, 0, 1, NULL, 0, NULL, 0, NULL, NULL, 0}

typedef struct mb_mc_result {
    int64_t first, count;  /* the iterations computed */
    int64_t ndemands;
    size_t nmethods;
    /* scores[(i * ndemands + d) * nmethods + m] of iteration first + i;
     * NAN for a skipped (singular) iteration */
    double *scores;
    /* deterministic[d * nmethods + m]: the scores of the system as it is
     * (mb_lca_calculate's), beside which the samples are read */
    double *deterministic;
    /* tracked[i * (ntrack_A + ntrack_B) + t]: the sampled values of the
     * tracked entries (A's first), NULL when none is tracked */
    double *tracked;
    size_t ntracked;
    int64_t singular;       /* singular samples skipped */
    int64_t first_singular; /* iteration number of the first, or -1 */
    int64_t iterative;      /* iterations solved by the iterative method */
    int64_t refactorized;   /* iterations that refactorized */
    int64_t gmres_steps;    /* Arnoldi steps taken in all */
    double seconds;         /* wall time of the iterations (with the
                               workers' set-up) */
    int64_t sampled;        /* uncertain values drawn per iteration */
} mb_mc_result;

/*
 * Run the iterations of o (first .. first + count - 1) for the demands
 * (ndemands columns of nproducts entries, column-major; common random
 * numbers: one sampled system serves all of them) and methods. Fails with
 * MB_EINVAL naming the first invalid distribution of the system (its
 * process and exchange, or factor) unless o->keep_invalid,
 * and with MB_ESINGULAR naming the iteration of a singular sample unless
 * o->skip_singular. With no uncertain value, every iteration equals the
 * deterministic result exactly.
 */
MB_EXTERN int mb_mc_run(mb_mc_result **out, const mb_system *sys,
                        const double *demands, int64_t ndemands,
                        const size_t *methods, size_t nmethods,
                        const mb_mc_options *o);
MB_EXTERN void mb_mc_result_free(mb_mc_result *r);

/* Summary statistics of n values (NANs, i.e. skipped iterations, left out). */
typedef struct mb_mc_summary {
    int64_t n;
    double mean, sd, median;
    double p2_5, p5, p25, p75, p95, p97_5;
    double min, max;
} mb_mc_summary;

/*
 * Mean, sample standard deviation, and percentiles by linear interpolation
 * between order statistics (Hyndman & Fan 1996 type 7, numpy's default) of
 * x[0], x[stride], ..., x[(n - 1) * stride].
 */
MB_EXTERN int mb_mc_summarize(const double *x, int64_t n, int64_t stride,
                              mb_mc_summary *s);

#ifdef __cplusplus
}
#endif
#endif
