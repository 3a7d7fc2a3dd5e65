/*
 * lu_dense.c - dense LU with partial pivoting by LAPACK's dgetrf/dgetrs
 * (Anderson et al., LAPACK Users' Guide, 3rd ed.), for small systems where
 * sparse bookkeeping costs more than it saves, and as a reference path that
 * the sparse back ends are tested against.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "core/core.h"
#include "linalg/lu_backend.h"

typedef struct dense_state {
    double *lu;
    lapack_int *ipiv;
    lapack_int n;
} dense_state;

static void destroy(void *impl)
{
    dense_state *st = impl;

    if (!st)
        return;
    mb_free(st->lu);
    mb_free(st->ipiv);
    mb_free(st);
}

static int numeric(void *impl, const mb_csc *a, int64_t *singular_col)
{
    dense_state *st = impl;
    int64_t j, k, n = st->n;
    lapack_int info;

    if ((k = mb_csc_find_nonfinite(a)) >= 0)
        return mb_error_set(MB_ENUMERIC, "matrix entry %lld is not finite",
                            (long long)k);
    memset(st->lu, 0, (size_t)(n * n) * sizeof *st->lu);
    for (j = 0; j < n; j++)
        for (k = a->p[j]; k < a->p[j + 1]; k++)
            st->lu[a->i[k] + j * n] += a->x[k];
    if (n == 0)
        return 0;
    info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, st->n, st->n, st->lu, st->n,
                          st->ipiv);
    if (info > 0) {
        /* Row pivoting only: U(info, info) = 0 sits in column info of A. */
        if (singular_col)
            *singular_col = info - 1;
        return mb_error_set(MB_ESINGULAR,
                            "matrix is singular (zero pivot in column %d)",
                            (int)info - 1);
    }
    if (info < 0)
        return mb_error_set(MB_EINTERNAL, "dgetrf: argument %d", (int)-info);
    /*
     * dgetrf divides by a subnormal pivot without complaint; the reciprocal
     * overflows and 0 * Inf leaves NaN where a zero pivot should have been.
     * Such a pivot is as singular as zero.
     */
    for (j = 0; j < n; j++) {
        double u = st->lu[j + j * n];

        if (!isfinite(u) || fabs(u) < DBL_MIN) {
            if (singular_col)
                *singular_col = j;
            return mb_error_set(MB_ESINGULAR,
                                "matrix is singular (pivot %g in column "
                                "%lld)",
                                u, (long long)j);
        }
    }
    return 0;
}

static int analyze(void **impl, const mb_csc *a)
{
    dense_state *st;

    if (a->n > 46340) /* n * n must fit lapack_int indexing */
        return mb_error_set(MB_EUNSUPPORTED,
                            "matrix of order %lld is too large for the dense "
                            "solver",
                            (long long)a->n);
    st = mb_calloc(1, sizeof *st);
    if (!st)
        return MB_ENOMEM;
    st->n = (lapack_int)a->n;
    st->lu = mb_alloc_array((size_t)(a->n * a->n) + 1, sizeof *st->lu);
    st->ipiv = mb_alloc_array((size_t)a->n + 1, sizeof *st->ipiv);
    if (!st->lu || !st->ipiv) {
        destroy(st);
        return MB_ENOMEM;
    }
    *impl = st;
    return 0;
}

static int solve(void *impl, double *b, int64_t nrhs, int transpose)
{
    dense_state *st = impl;
    lapack_int info;

    info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, transpose ? 'T' : 'N', st->n,
                          (lapack_int)nrhs, st->lu, st->n, st->ipiv, b,
                          st->n);
    if (info != 0)
        return mb_error_set(MB_EINTERNAL, "dgetrs: argument %d", (int)-info);
    return 0;
}

static int64_t factor_nnz(const void *impl)
{
    const dense_state *st = impl;

    return (int64_t)st->n * st->n;
}

const lu_ops mb_lu_dense_ops = {analyze, numeric, solve, factor_nnz,
                                destroy, NULL};
