/*
 * lu.c - one interface over the LU back ends, and iterative refinement
 * (Wilkinson; Higham, "Accuracy and Stability of Numerical Algorithms",
 * 2nd ed., ch. 12): x <- x + A^-1 (b - A x), each correction solved with the
 * factors already at hand, while the residual keeps falling.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "linalg/lu_backend.h"
#include "metabol/lu.h"

struct mb_lu {
    mb_solver_kind kind;
    const lu_ops *ops;
    void *impl;
    int64_t n;
    int64_t nnz;  /* pattern size, to check refactor's input */
    double *work; /* 2n: residual and correction of mb_lu_refine, kept so
                     that a solve allocates nothing */
};

static const lu_ops *ops_of(mb_solver_kind kind)
{
    switch (kind) {
    case MB_SOLVER_KLU: return &mb_lu_klu_ops;
    case MB_SOLVER_UMFPACK: return &mb_lu_umfpack_ops;
    case MB_SOLVER_DENSE: return &mb_lu_dense_ops;
    default: return NULL;
    }
}

const char *mb_solver_name(mb_solver_kind kind)
{
    switch (kind) {
    case MB_SOLVER_AUTO: return "auto";
    case MB_SOLVER_KLU: return "klu";
    case MB_SOLVER_UMFPACK: return "umfpack";
    case MB_SOLVER_DENSE: return "dense";
    }
    return "unknown";
}

int mb_solver_parse(const char *name)
{
    int k;

    for (k = MB_SOLVER_AUTO; k <= MB_SOLVER_DENSE; k++)
        if (strcmp(name, mb_solver_name((mb_solver_kind)k)) == 0)
            return k;
    return -1;
}

int mb_lu_factor(mb_lu **out, const mb_csc *a, mb_solver_kind kind,
                 int64_t *singular_col)
{
    mb_lu *lu;
    int rc;

    *out = NULL;
    if (singular_col)
        *singular_col = -1;
    if (a->m != a->n)
        return mb_error_set(MB_EINVAL,
                            "cannot factorize a %lld x %lld matrix: not "
                            "square",
                            (long long)a->m, (long long)a->n);
    if (kind == MB_SOLVER_AUTO)
        kind = a->n <= MB_LU_DENSE_MAX_N ? MB_SOLVER_DENSE : MB_SOLVER_KLU;
    if (!ops_of(kind))
        return mb_error_set(MB_EINVAL, "unknown solver %d", (int)kind);
    lu = mb_calloc(1, sizeof *lu);
    if (!lu)
        return MB_ENOMEM;
    lu->kind = kind;
    lu->ops = ops_of(kind);
    lu->n = a->n;
    lu->nnz = mb_csc_nnz(a);
    lu->work = mb_alloc_array(2 * (size_t)a->n + 1, sizeof *lu->work);
    if (!lu->work) {
        mb_free(lu);
        return MB_ENOMEM;
    }
    rc = lu->ops->analyze(&lu->impl, a);
    if (rc == 0)
        rc = lu->ops->numeric(lu->impl, a, singular_col);
    if (rc < 0) {
        mb_lu_free(lu);
        return rc;
    }
    *out = lu;
    return 0;
}

int mb_lu_refactor(mb_lu *lu, const mb_csc *a, int64_t *singular_col)
{
    if (singular_col)
        *singular_col = -1;
    if (a->n != lu->n || a->m != lu->n || mb_csc_nnz(a) != lu->nnz)
        return mb_error_set(MB_EINVAL,
                            "refactor needs the pattern first factorized "
                            "(%lld x %lld, %lld entries)",
                            (long long)lu->n, (long long)lu->n,
                            (long long)lu->nnz);
    return lu->ops->numeric(lu->impl, a, singular_col);
}

int mb_lu_refactor_kept(mb_lu *lu, const mb_csc *a)
{
    if (a->n != lu->n || a->m != lu->n || mb_csc_nnz(a) != lu->nnz)
        return mb_error_set(MB_EINVAL,
                            "refactor needs the pattern first factorized "
                            "(%lld x %lld, %lld entries)",
                            (long long)lu->n, (long long)lu->n,
                            (long long)lu->nnz);
    if (!lu->ops->refactor)
        return lu->ops->numeric(lu->impl, a, NULL);
    return lu->ops->refactor(lu->impl, a);
}

int mb_lu_solve(mb_lu *lu, double *b, int64_t nrhs, int transpose)
{
    if (nrhs < 0)
        return mb_error_set(MB_EINVAL, "negative number of right-hand sides");
    if (nrhs == 0 || lu->n == 0)
        return 0;
    return lu->ops->solve(lu->impl, b, nrhs, transpose);
}

/* max |v_k|, or NaN when any v_k is NaN; branch-free so it vectorizes. */
static double norm_inf(const double *v, int64_t n)
{
    double m = 0.0;
    int nan_seen = 0;
    int64_t k;

    for (k = 0; k < n; k++) {
        double a = fabs(v[k]);

        m = a > m ? a : m;
        nan_seen |= a != a;
    }
    return nan_seen ? NAN : m;
}

/* r = b - op(A) x; returns ||r||_inf / ||b||_inf (or ||r|| when b = 0). */
static double residual_of(const mb_csc *a, const double *b, const double *x,
                          int transpose, double *r)
{
    double nb = norm_inf(b, a->n);

    memcpy(r, b, (size_t)a->n * sizeof *r);
    if (transpose)
        mb_csc_gemv_t(a, -1.0, x, 1.0, r);
    else
        mb_csc_gemv(a, -1.0, x, 1.0, r);
    return nb > 0.0 ? norm_inf(r, a->n) / nb : norm_inf(r, a->n);
}

int mb_lu_refine(mb_lu *lu, const mb_csc *a, const double *b, double *x,
                 int transpose, double tol, int max_steps, double *residual)
{
    int64_t n = lu->n, k;
    double *r, *corr, res;
    int rc = 0, step;

    if (a->n != n || a->m != n)
        return mb_error_set(MB_EINVAL, "matrix does not match the factors");
    r = lu->work;
    corr = r + n;
    res = residual_of(a, b, x, transpose, r);
    for (step = 0; step < max_steps && res > tol && isfinite(res); step++) {
        double next;

        memcpy(corr, r, (size_t)n * sizeof *corr);
        if ((rc = mb_lu_solve(lu, corr, 1, transpose)) < 0)
            break;
        for (k = 0; k < n; k++)
            x[k] += corr[k];
        next = residual_of(a, b, x, transpose, r);
        if (!(next < res)) { /* no progress: keep the previous x */
            for (k = 0; k < n; k++)
                x[k] -= corr[k];
            break;
        }
        res = next;
    }
    if (rc < 0)
        return rc;
    if (residual)
        *residual = res;
    if (!isfinite(res))
        return mb_error_set(MB_ENUMERIC,
                            "solve produced NaN or Inf (residual %g)", res);
    return 0;
}

int mb_lu_solve_refined(mb_lu *lu, const mb_csc *a, const double *b,
                        double *x, int transpose, double tol, int max_steps,
                        double *residual)
{
    int rc;

    if (a->n != lu->n || a->m != lu->n)
        return mb_error_set(MB_EINVAL, "matrix does not match the factors");
    memcpy(x, b, (size_t)lu->n * sizeof *x);
    if ((rc = mb_lu_solve(lu, x, 1, transpose)) < 0)
        return rc;
    if (max_steps == 0 && !residual) /* nothing asked of the residual */
        return 0;
    return mb_lu_refine(lu, a, b, x, transpose, tol, max_steps, residual);
}

mb_solver_kind mb_lu_kind(const mb_lu *lu)
{
    return lu->kind;
}

int64_t mb_lu_order(const mb_lu *lu)
{
    return lu->n;
}

int64_t mb_lu_factor_nnz(const mb_lu *lu)
{
    return lu->ops->factor_nnz(lu->impl);
}

void mb_lu_free(mb_lu *lu)
{
    if (!lu)
        return;
    if (lu->impl)
        lu->ops->destroy(lu->impl);
    mb_free(lu->work);
    mb_free(lu);
}
