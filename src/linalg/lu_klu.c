/*
 * lu_klu.c - sparse LU by KLU (Davis & Palamadai Natarajan 2010, "Algorithm
 * 907: KLU, a direct sparse solver for circuit simulation problems", ACM
 * TOMS 37(3)). BTF first permutes the matrix to block upper triangular form
 * (Tarjan's strongly connected components), so only the diagonal blocks are
 * factorized: LCA technosphere matrices are mostly triangular with one large
 * loop, which makes KLU+BTF a good fit. The symbolic analysis (BTF + AMD) is
 * kept and reused for new values; numeric factorization re-pivots.
 */
#include <string.h>

#include <klu.h>

#include "core/core.h"
#include "linalg/lu_backend.h"

_Static_assert(sizeof(SuiteSparse_long) == sizeof(int64_t),
               "SuiteSparse_long must be 64-bit");

typedef struct klu_state {
    klu_l_common common;
    klu_l_symbolic *symbolic;
    klu_l_numeric *numeric;
    int64_t n;
} klu_state;

static int numeric(klu_state *st, const mb_csc *a, int64_t *singular_col)
{
    if (st->numeric)
        klu_l_free_numeric(&st->numeric, &st->common);
    st->numeric = klu_l_factor((SuiteSparse_long *)a->p,
                               (SuiteSparse_long *)a->i, a->x, st->symbolic,
                               &st->common);
    if (st->common.status == KLU_SINGULAR) {
        if (singular_col)
            *singular_col = st->common.singular_col < st->n
                                ? st->common.singular_col
                                : -1;
        return mb_error_set(MB_ESINGULAR,
                            "matrix is singular (zero pivot in column %lld)",
                            (long long)st->common.singular_col);
    }
    if (st->common.status == KLU_OUT_OF_MEMORY)
        return mb_error_oom();
    if (!st->numeric || st->common.status < 0)
        return mb_error_set(MB_EINTERNAL, "KLU factorization failed "
                            "(status %d)", (int)st->common.status);
    return 0;
}

static void destroy(void *impl)
{
    klu_state *st = impl;

    if (!st)
        return;
    if (st->numeric)
        klu_l_free_numeric(&st->numeric, &st->common);
    if (st->symbolic)
        klu_l_free_symbolic(&st->symbolic, &st->common);
    mb_free(st);
}

static int factor(void **impl, const mb_csc *a, int64_t *singular_col)
{
    klu_state *st = mb_calloc(1, sizeof *st);
    int rc;

    if (!st)
        return MB_ENOMEM;
    klu_l_defaults(&st->common);
    st->n = a->n;
    st->symbolic = klu_l_analyze(a->n, (SuiteSparse_long *)a->p,
                                 (SuiteSparse_long *)a->i, &st->common);
    if (!st->symbolic) {
        rc = st->common.status == KLU_OUT_OF_MEMORY
                 ? mb_error_oom()
                 : mb_error_set(MB_EINVAL, "KLU analysis failed (status %d)",
                                (int)st->common.status);
        destroy(st);
        return rc;
    }
    if ((rc = numeric(st, a, singular_col)) < 0) {
        destroy(st);
        return rc;
    }
    *impl = st;
    return 0;
}

static int refactor(void *impl, const mb_csc *a, int64_t *singular_col)
{
    return numeric(impl, a, singular_col);
}

static int solve(void *impl, double *b, int64_t nrhs, int transpose)
{
    klu_state *st = impl;
    int ok;

    if (!st->numeric)
        return mb_error_set(MB_EINVAL, "no numeric factorization to solve "
                            "with");
    if (transpose)
        ok = klu_l_tsolve(st->symbolic, st->numeric, st->n, nrhs, b,
                          &st->common);
    else
        ok = klu_l_solve(st->symbolic, st->numeric, st->n, nrhs, b,
                         &st->common);
    if (!ok)
        return mb_error_set(MB_EINTERNAL, "KLU solve failed (status %d)",
                            (int)st->common.status);
    return 0;
}

static int64_t factor_nnz(const void *impl)
{
    const klu_state *st = impl;

    if (!st->numeric)
        return -1;
    return st->numeric->lnz + st->numeric->unz + st->numeric->nzoff;
}

const lu_ops mb_lu_klu_ops = {factor, refactor, solve, factor_nnz, destroy};
