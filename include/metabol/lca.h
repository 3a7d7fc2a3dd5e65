/*
 * lca.h - the matrix LCA of Heijungs & Suh (2002): supply s = A^-1 f,
 * inventory g = B s, impact h = c . g for each method, normalised and
 * weighted scores, contribution analysis, and the scores of every product
 * for every method at once by transposed solves.
 */
#ifndef METABOL_LCA_H
#define METABOL_LCA_H

#include "common.h"
#include "dense.h"
#include "lu.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_lca_options {
    int version;
    mb_solver_kind solver; /* MB_SOLVER_AUTO by default */
    double refine_tol;     /* relative residual to reach; 1e-12 */
    int max_refine;        /* refinement steps at most; 3. With 0, a solve
                              asked for no residual computes none */
} mb_lca_options;

#define MB_LCA_OPTIONS_VERSION 1
#define MB_LCA_OPTIONS_INIT {MB_LCA_OPTIONS_VERSION, MB_SOLVER_AUTO, 1e-12, 3}

/* A system with its technosphere factorized; borrows the system. */
typedef struct mb_lca mb_lca;

/*
 * Check and factorize the technosphere. A singular system fails with
 * MB_ESINGULAR and a message naming the activities or products involved
 * (a column without production, a product nobody makes, a zero pivot and the
 * loop it sits in).
 */
MB_EXTERN int mb_lca_new(mb_lca **out, const mb_system *sys,
                         const mb_lca_options *opts);
MB_EXTERN const mb_system *mb_lca_system(const mb_lca *lca);
MB_EXTERN const mb_lu *mb_lca_lu(const mb_lca *lca);
MB_EXTERN void mb_lca_free(mb_lca *lca);

/* s = A^-1 f with refinement; demand has nproducts entries, supply
 * nactivities. *residual (may be NULL) gets ||A s - f|| / ||f||. */
MB_EXTERN int mb_lca_solve(mb_lca *lca, const double *demand, double *supply,
                           double *residual);

/*
 * Several demands at once with the one factorization: demands is
 * nproducts x k and supplies nactivities x k, both column-major; each
 * column is refined as in mb_lca_solve. residuals (k entries) may be NULL.
 */
MB_EXTERN int mb_lca_solve_many(mb_lca *lca, const double *demands,
                                double *supplies, int64_t k,
                                double *residuals);

/* g = B s (nflows entries). */
MB_EXTERN void mb_lca_inventory(const mb_system *sys, const double *supply,
                                double *inventory);

/* c_m . g */
MB_EXTERN double mb_lca_score(const mb_system *sys, size_t method,
                              const double *inventory);

/* Per activity j: (c_m^T B)_j s_j, the direct impact of activity j. */
MB_EXTERN void mb_lca_activity_contributions(const mb_system *sys,
                                             size_t method,
                                             const double *supply,
                                             double *out);
/* Per flow f: c_mf g_f. */
MB_EXTERN void mb_lca_flow_contributions(const mb_system *sys, size_t method,
                                         const double *inventory,
                                         double *out);

/*
 * The k indices of v with the largest nonzero |v|, largest first, into idx
 * (room for k); returns how many were written. Ties by lower index.
 */
MB_EXTERN int64_t mb_top_abs(const double *v, int64_t n, int64_t k,
                             int64_t *idx);

/*
 * Scores of one unit of every product for every method:
 * out (nproducts x nmethods) with out[i, m] = c_m^T B A^-1 e_i, computed as
 * A^T X = (C B)^T, one transposed solve per method.
 */
MB_EXTERN int mb_lca_all_scores(mb_lca *lca, mb_dense **out);

/*
 * x = A^-T rhs with refinement (rhs and x: nproducts entries). With
 * rhs = B^T c_m, x_i is the score of one unit of product i for method m.
 * *residual (may be NULL) gets ||A^T x - rhs|| / ||rhs||.
 */
MB_EXTERN int mb_lca_solve_transposed(mb_lca *lca, const double *rhs,
                                      double *x, double *residual);

/* Everything one demand gives, for reports. */
typedef struct mb_lca_result {
    const mb_system *sys;
    double *demand;     /* nproducts */
    double *supply;     /* nactivities */
    double *inventory;  /* nflows */
    double residual;
    double *scores;     /* nmethods */
    double *normalized; /* nmethods x nnormalizations, [m * nn + k] */
    double *weighted;   /* [(m * nn + k) * nw + w] */
} mb_lca_result;

/* Solve one demand and account for every method of the system. */
MB_EXTERN int mb_lca_calculate(mb_lca_result **out, mb_lca *lca,
                               const double *demand);
MB_EXTERN void mb_lca_result_free(mb_lca_result *r);

#ifdef __cplusplus
}
#endif
#endif
