/*
 * leontief.c - the Leontief system (I - A) x = y (Miller & Blair 2009,
 * eq. 2.10-2.12) factorized once by LAPACK's dgetrf (LU with partial
 * pivoting) and solved by dgetrs, plain or transposed, for any number of
 * right-hand sides. The inverse L = (I - A)^-1 is formed only on request
 * (pymrio's calc_L inverts with numpy.linalg.inv; x, M, M_down and the
 * accounts need only solves). Also the Ghosh inverse G = (I - B)^-1
 * (Miller & Blair ch. 12.1), by its own LU.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "core/core.h"
#include "mrio/mrio_internal.h"

struct mb_mrio_lu {
    lapack_int n;
    double *lu;
    lapack_int *ipiv;
};

void mb_mrio_lu_free(mb_mrio_lu *lu)
{
    if (!lu)
        return;
    mb_free(lu->lu);
    mb_free(lu->ipiv);
    mb_free(lu);
}

int64_t mb_mrio_lu_order(const mb_mrio_lu *lu)
{
    return lu ? lu->n : 0;
}

/* Factorize I - a (name: "A" or "B", for the messages). */
static int factorize(mb_mrio_lu **out, const mb_dense *a, const char *name)
{
    mb_mrio_lu *lu;
    int64_t i, j, n;
    lapack_int info;
    int rc;

    *out = NULL;
    if (!a)
        return mb_error_set(MB_EINVAL, "%s is missing", name);
    n = a->n;
    if ((rc = mrio_check_shape(a, name, n, n)) < 0 ||
        (rc = mrio_check_finite(a, name)) < 0)
        return rc;
    if (n > 46340) /* n * n must stay within lapack_int indexing */
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s of order %lld is too large for the dense "
                            "solver",
                            name, (long long)n);
    lu = mb_calloc(1, sizeof *lu);
    if (!lu)
        return MB_ENOMEM;
    lu->n = (lapack_int)n;
    lu->lu = mb_alloc_array((size_t)(n * n) + 1, sizeof *lu->lu);
    lu->ipiv = mb_alloc_array((size_t)n + 1, sizeof *lu->ipiv);
    if (!lu->lu || !lu->ipiv) {
        mb_mrio_lu_free(lu);
        return MB_ENOMEM;
    }
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
            lu->lu[i + j * n] = (i == j) - a->x[i + j * a->ld];
    info = n ? LAPACKE_dgetrf(LAPACK_COL_MAJOR, lu->n, lu->n, lu->lu, lu->n,
                              lu->ipiv)
             : 0;
    if (info < 0) {
        mb_mrio_lu_free(lu);
        return mb_error_set(MB_EINTERNAL, "dgetrf: argument %d", (int)-info);
    }
    /* A subnormal pivot is as singular as zero (see linalg/lu_dense.c). */
    for (j = 0; j < n; j++) {
        double u = lu->lu[j + j * n];

        if (info > 0 || !isfinite(u) || fabs(u) < DBL_MIN) {
            j = info > 0 ? info - 1 : j;
            mb_mrio_lu_free(lu);
            return mb_error_set(MB_ESINGULAR,
                                "I - %s is singular (zero pivot in column "
                                "%lld): some industries use up all they "
                                "make",
                                name, (long long)j);
        }
    }
    *out = lu;
    return 0;
}

int mb_mrio_lu_new(mb_mrio_lu **out, const mb_dense *A)
{
    return factorize(out, A, "A");
}

int mb_mrio_lu_solve(const mb_mrio_lu *lu, mb_dense *b, int transpose)
{
    lapack_int info;

    if (!lu || !b || b->m != lu->n)
        return mb_error_set(MB_EINVAL,
                            "right-hand side has %lld rows, expected %lld",
                            b ? (long long)b->m : 0LL,
                            lu ? (long long)lu->n : 0LL);
    if (b->n == 0 || lu->n == 0)
        return 0;
    info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, transpose ? 'T' : 'N', lu->n,
                          (lapack_int)b->n, lu->lu, lu->n, lu->ipiv, b->x,
                          (lapack_int)b->ld);
    if (info != 0)
        return mb_error_set(MB_EINTERNAL, "dgetrs: argument %d", (int)-info);
    return 0;
}

int mb_mrio_calc_x_from_A(mb_dense **x, const mb_mrio_lu *lu,
                          const mb_dense *Y)
{
    int64_t i, j;
    int rc;

    *x = NULL;
    if (!lu)
        return mb_error_set(MB_EINVAL, "the LU of I - A is missing");
    if ((rc = mrio_check_shape(Y, "Y", lu->n, -1)) < 0 ||
        (rc = mrio_check_finite(Y, "Y")) < 0 ||
        (rc = mb_dense_new(x, lu->n, 1)) < 0)
        return rc;
    for (j = 0; j < Y->n; j++)
        for (i = 0; i < Y->m; i++)
            (*x)->x[i] += Y->x[i + j * Y->ld];
    if ((rc = mb_mrio_lu_solve(lu, *x, 0)) < 0) {
        mb_dense_free(*x);
        *x = NULL;
    }
    return rc;
}

/* inv = (I - a)^-1 from lu: solve against the identity. */
static int inverse(mb_dense **inv, const mb_mrio_lu *lu)
{
    int64_t j;
    int rc;

    if ((rc = mb_dense_new(inv, lu->n, lu->n)) < 0)
        return rc;
    for (j = 0; j < lu->n; j++)
        (*inv)->x[j + j * (*inv)->ld] = 1.0;
    if ((rc = mb_mrio_lu_solve(lu, *inv, 0)) < 0) {
        mb_dense_free(*inv);
        *inv = NULL;
    }
    return rc;
}

int mb_mrio_calc_L(mb_dense **L, const mb_mrio_lu *lu)
{
    *L = NULL;
    if (!lu)
        return mb_error_set(MB_EINVAL, "the LU of I - A is missing");
    return inverse(L, lu);
}

int mb_mrio_calc_G(mb_dense **G, const mb_dense *B)
{
    mb_mrio_lu *lu;
    int rc;

    *G = NULL;
    if ((rc = factorize(&lu, B, "B")) < 0)
        return rc;
    rc = inverse(G, lu);
    mb_mrio_lu_free(lu);
    return rc;
}
