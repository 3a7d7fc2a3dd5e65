/*
 * lu.h - LU factorizations of square sparse matrices and solves with them.
 *
 * Three back ends behind one interface: KLU with BTF (the default; LCA
 * technosphere matrices are nearly block triangular, see docs/performance.md
 * for the measurement), UMFPACK, and LAPACK's dense dgetrf for small or dense
 * systems. The symbolic analysis is kept: mb_lu_refactor() takes new values
 * on the same sparsity pattern and reuses it, as Monte Carlo needs.
 */
#ifndef METABOL_LU_H
#define METABOL_LU_H

#include "common.h"
#include "sparse.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mb_solver_kind {
    MB_SOLVER_AUTO = 0, /* dense below MB_LU_DENSE_MAX_N, else KLU */
    MB_SOLVER_KLU,
    MB_SOLVER_UMFPACK,
    MB_SOLVER_DENSE
} mb_solver_kind;

/* AUTO uses the dense path up to this order. */
#define MB_LU_DENSE_MAX_N 64

typedef struct mb_lu mb_lu;

/*
 * Factorize the square matrix `a` (not kept; the factors are). On
 * MB_ESINGULAR, *singular_col (when not NULL) is the column of `a` where a
 * zero pivot was met, or -1 when unknown.
 */
MB_EXTERN int mb_lu_factor(mb_lu **out, const mb_csc *a, mb_solver_kind kind,
                           int64_t *singular_col);

/* New values, same pattern as the matrix first factorized: numeric only. */
MB_EXTERN int mb_lu_refactor(mb_lu *lu, const mb_csc *a,
                             int64_t *singular_col);

/*
 * New values refactorized with the pivot order of the last factorization
 * (mb_lu_factor or mb_lu_refactor): KLU's klu_refactor, no pivot search, so
 * cheaper, but a pivot may be small or zero for the new values. Check the
 * residual of a solve (mb_lu_solve_refined) and factorize afresh when it is
 * poor; MB_ESINGULAR on a zero pivot. Back ends without it refactorize.
 */
MB_EXTERN int mb_lu_refactor_kept(mb_lu *lu, const mb_csc *a);

/*
 * Solve A X = B (transpose = 0) or A^T X = B (transpose = 1) in place: b is
 * n x nrhs, column-major, overwritten by X.
 */
MB_EXTERN int mb_lu_solve(mb_lu *lu, double *b, int64_t nrhs, int transpose);

/*
 * Solve one right-hand side with iterative refinement against `a` (the
 * matrix factorized): x = A^-1 b, then x += A^-1 (b - A x) while the
 * relative residual ||b - A x||_inf / ||b||_inf exceeds `tol`, at most
 * `max_steps` times. The final relative residual goes to *residual. With
 * max_steps 0 and residual NULL, it is a plain solve: no residual computed.
 */
MB_EXTERN int mb_lu_solve_refined(mb_lu *lu, const mb_csc *a, const double *b,
                                  double *x, int transpose, double tol,
                                  int max_steps, double *residual);

/* The refinement of mb_lu_solve_refined on an x already computed. */
MB_EXTERN int mb_lu_refine(mb_lu *lu, const mb_csc *a, const double *b,
                           double *x, int transpose, double tol,
                           int max_steps, double *residual);

/*
 * Restarted GMRES (Saad & Schultz 1986) for A x = b, right-preconditioned
 * by the factors `m` of a nearby matrix (Monte Carlo: the mean
 * technosphere for a sampled one): x holds the initial guess and gets the
 * solution. Stops when ||b - A x||_2 <= tol ||b||_2 (checked on the true
 * residual at the end) or after max_steps Arnoldi steps in all, restarting
 * every `restart` steps. Returns 0 when converged, 1 when not (x then holds
 * the last iterate), < 0 on error. *steps (may be NULL) gets the steps taken.
 * The workspace is the caller's, so a thread can keep one.
 */
typedef struct mb_gmres_work mb_gmres_work;
MB_EXTERN int mb_gmres_work_new(mb_gmres_work **out, int64_t n, int restart);
MB_EXTERN void mb_gmres_work_free(mb_gmres_work *w);
MB_EXTERN int mb_lu_gmres(mb_lu *m, const mb_csc *a, const double *b,
                          double *x, double tol, int max_steps,
                          mb_gmres_work *w, int *steps);

/*
 * Process-wide: make SuiteSparse (KLU, UMFPACK, AMD) allocate through
 * libmetabol's allocator (mb_set_allocator), which asks for huge pages on
 * large blocks. For programs that own the process, once at start-up before
 * any other call (the metabol command does); a library embedding metabol
 * should leave SuiteSparse's settings to its application.
 */
MB_EXTERN void mb_route_suitesparse_allocations(void);

MB_EXTERN mb_solver_kind mb_lu_kind(const mb_lu *lu);
MB_EXTERN int64_t mb_lu_order(const mb_lu *lu);
/* Nonzeros in L + U (fill-in measure), or -1 when the back end cannot say. */
MB_EXTERN int64_t mb_lu_factor_nnz(const mb_lu *lu);
MB_EXTERN const char *mb_solver_name(mb_solver_kind kind);
/* Parse "auto", "klu", "umfpack" or "dense"; -1 when unknown. */
MB_EXTERN int mb_solver_parse(const char *name);
MB_EXTERN void mb_lu_free(mb_lu *lu);

/*
 * The strongly connected component (of the directed graph with an edge
 * j -> i for every entry a_ij, i != j) that contains node k: its members are
 * written to `members` (room for n) and their number returned; < 0 on error.
 * Uses BTF's Tarjan ordering. Names the loop a singular pivot sits in.
 */
MB_EXTERN int64_t mb_csc_component_of(const mb_csc *a, int64_t k,
                                      int64_t *members);

/*
 * Structural rank of `a` by maximum transversal (Duff 1981, BTF's
 * btf_l_maxtrans): match (room for a->m) gets, for each row, the column
 * matched to it or -1. A rank below the order means no choice of values can
 * make the matrix invertible. Returns the rank, < 0 on error.
 */
MB_EXTERN int64_t mb_csc_structural_rank(const mb_csc *a, int64_t *match);

#ifdef __cplusplus
}
#endif
#endif
