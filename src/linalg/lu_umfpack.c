/*
 * lu_umfpack.c - sparse LU by UMFPACK (Davis 2004, "Algorithm 832: UMFPACK
 * V4.3, an unsymmetric-pattern multifrontal method", ACM TOMS 30(2)), the
 * solver behind SciPy's and MATLAB's backslash for sparse systems. The
 * symbolic object is kept; umfpack_dl_numeric is rerun for new values.
 * UMFPACK's own refinement is switched off: lu.c refines for every back end.
 */
#include <string.h>

#include <umfpack.h>

#include "core/core.h"
#include "linalg/lu_backend.h"

typedef struct umf_state {
    void *symbolic, *numeric;
    double control[UMFPACK_CONTROL];
    mb_csc *a; /* UMFPACK's solve wants the matrix itself */
    double *work;
    int64_t n;
} umf_state;

static void destroy(void *impl)
{
    umf_state *st = impl;

    if (!st)
        return;
    if (st->numeric)
        umfpack_dl_free_numeric(&st->numeric);
    if (st->symbolic)
        umfpack_dl_free_symbolic(&st->symbolic);
    mb_csc_free(st->a);
    mb_free(st->work);
    mb_free(st);
}

static int status_error(int status, const char *what)
{
    if (status == UMFPACK_ERROR_out_of_memory)
        return mb_error_oom();
    return mb_error_set(MB_EINTERNAL, "UMFPACK %s failed (status %d)", what,
                        status);
}

static int numeric(void *impl, const mb_csc *a, int64_t *singular_col)
{
    umf_state *st = impl;
    double info[UMFPACK_INFO];
    int status;

    if (st->numeric)
        umfpack_dl_free_numeric(&st->numeric);
    memcpy(st->a->x, a->x, (size_t)mb_csc_nnz(a) * sizeof *a->x);
    status = umfpack_dl_numeric(st->a->p, st->a->i, st->a->x, st->symbolic,
                                &st->numeric, st->control, info);
    if (status == UMFPACK_WARNING_singular_matrix) {
        if (singular_col)
            *singular_col = -1;
        return mb_error_set(MB_ESINGULAR, "matrix is singular (UMFPACK)");
    }
    if (status != UMFPACK_OK)
        return status_error(status, "numeric factorization");
    return 0;
}

static int analyze(void **impl, const mb_csc *a)
{
    umf_state *st = mb_calloc(1, sizeof *st);
    double info[UMFPACK_INFO];
    int status, rc = 0;

    if (!st)
        return MB_ENOMEM;
    st->n = a->n;
    umfpack_dl_defaults(st->control);
    st->control[UMFPACK_IRSTEP] = 0;
    /*
     * LCA matrices have a nearly symmetric pattern around a strong
     * diagonal (each activity makes its product): the symmetric strategy
     * (AMD on A + A^T, diagonal pivots preferred) gives less than half the
     * fill of the unsymmetric one that UMFPACK picks on its own here, and
     * faster solves (docs/performance.md).
     */
    st->control[UMFPACK_STRATEGY] = UMFPACK_STRATEGY_SYMMETRIC;
    if ((rc = mb_csc_copy(&st->a, a)) < 0 ||
        !(st->work = mb_alloc_array((size_t)a->n + 1, sizeof *st->work))) {
        destroy(st);
        return rc < 0 ? rc : MB_ENOMEM;
    }
    status = umfpack_dl_symbolic(a->n, a->n, st->a->p, st->a->i, st->a->x,
                                 &st->symbolic, st->control, info);
    if (status != UMFPACK_OK) {
        rc = status_error(status, "symbolic analysis");
        destroy(st);
        return rc;
    }
    *impl = st;
    return 0;
}

static int solve(void *impl, double *b, int64_t nrhs, int transpose)
{
    umf_state *st = impl;
    double info[UMFPACK_INFO];
    int64_t r;

    for (r = 0; r < nrhs; r++) {
        double *col = b + r * st->n;
        int status;

        memcpy(st->work, col, (size_t)st->n * sizeof *col);
        status = umfpack_dl_solve(transpose ? UMFPACK_At : UMFPACK_A,
                                  st->a->p, st->a->i, st->a->x, col,
                                  st->work, st->numeric, st->control, info);
        if (status != UMFPACK_OK)
            return status_error(status, "solve");
    }
    return 0;
}

static int64_t factor_nnz(const void *impl)
{
    const umf_state *st = impl;
    SuiteSparse_long lnz, unz, n_row, n_col, nz_udiag;

    if (umfpack_dl_get_lunz(&lnz, &unz, &n_row, &n_col, &nz_udiag,
                            st->numeric) != UMFPACK_OK)
        return -1;
    return lnz + unz;
}

const lu_ops mb_lu_umfpack_ops = {analyze, numeric, solve, factor_nnz,
                                  destroy, NULL};
