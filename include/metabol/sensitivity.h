/*
 * sensitivity.h - local sensitivity of an LCA score to every entry of the
 * technosphere A, the biosphere B and the characterization factors c
 * (Heijungs 2010, "Sensitivity coefficients for matrix-based LCA", Int J
 * LCA 15:511-520), from one solve and one transposed solve: for
 * h = c^T B A^-1 f with s = A^-1 f, g = B s and A^T lambda = B^T c,
 *
 *   dh/dA_ij = -lambda_i s_j    dh/dB_kj = c_k s_j    dh/dc_k = g_k
 *
 * and the sensitivity ratios (elasticities) dh/da * a / h, ranked.
 * Global measures from Monte Carlo samples are in gsa.h.
 */
#ifndef METABOL_SENSITIVITY_H
#define METABOL_SENSITIVITY_H

#include "common.h"
#include "lca.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sensitivity coefficients of one score. */
typedef struct mb_sensitivity {
    size_t method;
    double score;    /* h */
    int64_t nA, nB;  /* nonzeros of A and of B */
    int64_t nflows;
    double *dA;      /* dh/dA per nonzero of A (CSC order) */
    double *dB;      /* dh/dB per nonzero of B (CSC order) */
    double *dc;      /* dh/dc_k = g_k per flow */
} mb_sensitivity;

/*
 * The coefficients of method `method`'s score for `demand` (nproducts
 * entries), with lca's factorization: one solve, one transposed solve.
 */
MB_EXTERN int mb_sensitivity_local(mb_sensitivity **out, mb_lca *lca,
                                   const double *demand, size_t method);
MB_EXTERN void mb_sensitivity_free(mb_sensitivity *s);

typedef enum mb_sens_matrix {
    MB_SENS_A = 0, /* technosphere: row a product, column an activity */
    MB_SENS_B = 1, /* biosphere: row a flow, column an activity */
    MB_SENS_C = 2  /* characterization: row a flow, column -1 */
} mb_sens_matrix;

/* One entry and its local sensitivity. */
typedef struct mb_sens_entry {
    mb_sens_matrix matrix;
    int64_t row, col;
    int64_t pos; /* among the nonzeros of A or B (CSC order); C: the flow */
    double value;       /* a */
    double coefficient; /* dh/da */
    double ratio;       /* dh/da * a / h; NAN when h is 0 */
} mb_sens_entry;

/* Only entries of A and B that vary in a Monte Carlo run: those with a
 * distribution (sys->A_uncertainty, sys->B_uncertainty) and those the
 * parametric model overwrites (sys->params): the candidates of a global
 * analysis. */
#define MB_SENS_UNCERTAIN 1u

/* Entries ranked, with the score they belong to. */
typedef struct mb_sens_ranking {
    size_t method;
    double score;
    int64_t n;
    mb_sens_entry *entries;
} mb_sens_ranking;

/*
 * The `top` entries (at most) with the largest |ratio|, that is the
 * largest |dh/da * a| (the same order, and defined when h is 0), largest
 * first, ties in the order A, B, c and then by position; entries of no
 * effect (dh/da * a = 0) are left out. flags: 0 or MB_SENS_UNCERTAIN.
 */
MB_EXTERN int mb_sensitivity_rank(mb_sens_ranking **out,
                                  const mb_sensitivity *s,
                                  const mb_system *sys, int64_t top,
                                  unsigned flags);

/*
 * The entries at the given places (matrix[q], pos[q]: a nonzero of A or B,
 * or for MB_SENS_C a flow), in that order, with s's coefficients.
 */
MB_EXTERN int mb_sensitivity_entries(mb_sens_ranking **out,
                                     const mb_sensitivity *s,
                                     const mb_system *sys,
                                     const mb_sens_matrix *matrix,
                                     const int64_t *pos, int64_t n);
MB_EXTERN void mb_sens_ranking_free(mb_sens_ranking *r);

#ifdef __cplusplus
}
#endif
#endif
