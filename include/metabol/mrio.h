/*
 * mrio.h - environmentally extended multi-regional input-output numerics
 * (Miller & Blair 2009, "Input-Output Analysis", 2nd ed., ch. 2, 3, 12;
 * the definitions pymrio uses, pymrio.readthedocs.io "Mathematical
 * background" and pymrio/tools/iomath.py), on plain dense matrices: no
 * labels, no files. docs/mrio.md gives the formulas and says what is
 * computed without the Leontief inverse.
 *
 * Layout (as pymrio orders it): n = nregions * nsectors industries, region
 * by region, sectors within a region; final demand Y is n x (nregions *
 * ncats), columns region by region, categories within a region.
 * Extensions: F is k x n (stressors by industry), F_Y is k x ncols(Y).
 * Vectors (x, population) are m x 1 mb_dense.
 *
 * 1/x: a zero output gives a zero coefficient, as pymrio does (1/0 -> 0),
 * but only where the column it scales is zero too; a negative output, or a
 * zero output under a nonzero flow, is an error naming the industry index.
 * NaN or Inf anywhere in an input is an error naming the table and entry.
 * Every function returns 0 or a negative MB_E* code with mb_error_last().
 */
#ifndef METABOL_MRIO_H
#define METABOL_MRIO_H

#include "common.h"
#include "dense.h"

#ifdef __cplusplus
extern "C" {
#endif

/* x = Z 1 + Y 1 (n x 1). */
MB_EXTERN int mb_mrio_calc_x(mb_dense **x, const mb_dense *Z,
                             const mb_dense *Y);

/* A = Z diag(x)^-1. */
MB_EXTERN int mb_mrio_calc_A(mb_dense **A, const mb_dense *Z,
                             const mb_dense *x);

/* Z = A diag(x). */
MB_EXTERN int mb_mrio_calc_Z(mb_dense **Z, const mb_dense *A,
                             const mb_dense *x);

/*
 * The LU factorization of I - A (LAPACK dgetrf), computed once and used by
 * every solve below: L is never needed to get x, M, M_down or the accounts.
 * MB_ESINGULAR when I - A is singular (the message names the column).
 */
typedef struct mb_mrio_lu mb_mrio_lu;

MB_EXTERN int mb_mrio_lu_new(mb_mrio_lu **out, const mb_dense *A);
MB_EXTERN void mb_mrio_lu_free(mb_mrio_lu *lu);
MB_EXTERN int64_t mb_mrio_lu_order(const mb_mrio_lu *lu);

/*
 * Overwrite b (n x nrhs) with (I - A)^-1 b, or with (I - A)^-T b when
 * transpose is nonzero.
 */
MB_EXTERN int mb_mrio_lu_solve(const mb_mrio_lu *lu, mb_dense *b,
                               int transpose);

/* x = L y with y = Y 1 (EXIOBASE gives A and Y, not Z). */
MB_EXTERN int mb_mrio_calc_x_from_A(mb_dense **x, const mb_mrio_lu *lu,
                                    const mb_dense *Y);

/* L = (I - A)^-1 (n solves on the LU: only when the user asks for L). */
MB_EXTERN int mb_mrio_calc_L(mb_dense **L, const mb_mrio_lu *lu);

/*
 * Ghosh: B = diag(x)^-1 Z, computed as diag(x)^-1 A diag(x) so that it
 * works from A alone; G = (I - B)^-1 by its own LU (on request).
 */
MB_EXTERN int mb_mrio_calc_B(mb_dense **B, const mb_dense *A,
                             const mb_dense *x);
MB_EXTERN int mb_mrio_calc_G(mb_dense **G, const mb_dense *B);

/* S = F diag(x)^-1 (k x n). */
MB_EXTERN int mb_mrio_calc_S(mb_dense **S, const mb_dense *F,
                             const mb_dense *x);

/*
 * S_Y = F_Y diag(1' Y)^-1: each final-demand column divided by its column
 * sum (pymrio's calc_S_Y(F_Y, Y.sum())); a zero sum gives zero, a negative
 * sum (inventory changes) is divided by as it is.
 */
MB_EXTERN int mb_mrio_calc_S_Y(mb_dense **S_Y, const mb_dense *F_Y,
                               const mb_dense *Y);

/* M = S L, as M' = (I - A)^-T S' (k transposed solves). */
MB_EXTERN int mb_mrio_calc_M(mb_dense **M, const mb_mrio_lu *lu,
                             const mb_dense *S);

/*
 * Downstream (Ghosh) multipliers, pymrio's M_down = S (G' - I). Since
 * G = diag(x)^-1 L diag(x), S G' = (L diag(x) S')' diag(x)^-1: k solves on
 * the LU of I - A, no G.
 */
MB_EXTERN int mb_mrio_calc_M_down(mb_dense **M_down, const mb_mrio_lu *lu,
                                  const mb_dense *S, const mb_dense *x);

/*
 * pymrio's calc_accounts, per extension. Per industry (k x n): D_cba
 * (columns: consuming region, product), D_pba, D_imp, D_exp. Per region
 * (k x nregions): the column-region sums, with F_Y added to D_cba_reg and
 * D_pba_reg when F_Y is given. Per capita (k x nregions, NULL without a
 * population): D_*_reg / population.
 */
typedef struct mb_mrio_accounts {
    mb_dense *D_cba, *D_pba, *D_imp, *D_exp;
    mb_dense *D_cba_reg, *D_pba_reg, *D_imp_reg, *D_exp_reg;
    mb_dense *D_cba_cap, *D_pba_cap, *D_imp_cap, *D_exp_cap;
} mb_mrio_accounts;

/*
 * The accounts from the LU of I - A, S (k x n), M = S L (k x n, from
 * mb_mrio_calc_M), Y (n x nregions*ncats), F_Y (k x ncols(Y), or NULL) and
 * population (nregions x 1, or NULL). Cost: nregions solves for L Y_agg,
 * plus min(k, nsectors) solves per region for D_imp; never L diag(Y).
 * On failure *out is left zeroed.
 */
MB_EXTERN int mb_mrio_calc_accounts(mb_mrio_accounts *out,
                                    const mb_mrio_lu *lu, const mb_dense *S,
                                    const mb_dense *M, const mb_dense *Y,
                                    const mb_dense *F_Y,
                                    const mb_dense *population,
                                    int64_t nregions);

/*
 * Gross bilateral trade (pymrio's calc_gross_trade): bilat (n x nregions)
 * holds, for exporting industry (rp, s) and importing region rc != rp, the
 * sum of Z's and Y's columns of region rc (domestic blocks are zero);
 * totals (n x 2): column 0 the exports of industry (r, s) (row sums of
 * bilat), column 1 region r's imports of product s from all other regions.
 */
MB_EXTERN int mb_mrio_calc_gross_trade(mb_dense **bilat, mb_dense **totals,
                                       const mb_dense *Z, const mb_dense *Y,
                                       int64_t nregions);

/* Free every table of the accounts and zero the struct (NULL is fine). */
MB_EXTERN void mb_mrio_accounts_free(mb_mrio_accounts *a);

#ifdef __cplusplus
}
#endif
#endif
