/*
 * coefficients.c - gross output and the coefficient matrices of an
 * input-output table: x = Z 1 + Y 1, A = Z diag(x)^-1 (Miller & Blair 2009,
 * eq. 2.4-2.6), Ghosh's B = diag(x)^-1 Z (ch. 12.1), the stressor
 * coefficients S = F diag(x)^-1 and S_Y = F_Y diag(1'Y)^-1 with pymrio's
 * definitions (pymrio/tools/iomath.py: calc_x, calc_A, calc_Z, calc_B,
 * calc_S, calc_S_Y).
 */
#include "core/core.h"
#include "mrio/mrio_internal.h"

int mb_mrio_calc_x(mb_dense **x, const mb_dense *Z, const mb_dense *Y)
{
    int64_t i, j, n;
    int rc;

    *x = NULL;
    if (!Z)
        return mb_error_set(MB_EINVAL, "Z is missing");
    n = Z->m;
    if ((rc = mrio_check_shape(Z, "Z", n, n)) < 0 ||
        (rc = mrio_check_shape(Y, "Y", n, -1)) < 0 ||
        (rc = mrio_check_finite(Z, "Z")) < 0 ||
        (rc = mrio_check_finite(Y, "Y")) < 0)
        return rc;
    if ((rc = mb_dense_new(x, n, 1)) < 0)
        return rc;
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
            (*x)->x[i] += Z->x[i + j * Z->ld];
    for (j = 0; j < Y->n; j++)
        for (i = 0; i < n; i++)
            (*x)->x[i] += Y->x[i + j * Y->ld];
    return 0;
}

/* out = a diag(x)^-1 with pymrio's 1/0 -> 0 for empty columns. */
static int divide_columns(mb_dense **out, const mb_dense *a,
                          const char *name, const mb_dense *x)
{
    double *recip;
    int rc;

    *out = NULL;
    if (!a)
        return mb_error_set(MB_EINVAL, "%s is missing", name);
    if ((rc = mrio_check_shape(x, "x", a->n, 1)) < 0 ||
        (rc = mrio_check_finite(a, name)) < 0)
        return rc;
    recip = mb_alloc_array((size_t)a->n + 1, sizeof *recip);
    if (!recip)
        return MB_ENOMEM;
    rc = mrio_output_reciprocal(recip, x, a, name);
    if (rc == 0)
        rc = mrio_scale_columns(out, a, recip);
    mb_free(recip);
    return rc;
}

int mb_mrio_calc_A(mb_dense **A, const mb_dense *Z, const mb_dense *x)
{
    if (Z && Z->m != Z->n) {
        *A = NULL;
        return mrio_check_shape(Z, "Z", Z->n, Z->n);
    }
    return divide_columns(A, Z, "Z", x);
}

int mb_mrio_calc_S(mb_dense **S, const mb_dense *F, const mb_dense *x)
{
    return divide_columns(S, F, "F", x);
}

int mb_mrio_calc_Z(mb_dense **Z, const mb_dense *A, const mb_dense *x)
{
    int rc;

    *Z = NULL;
    if (!A)
        return mb_error_set(MB_EINVAL, "A is missing");
    if ((rc = mrio_check_shape(A, "A", A->n, A->n)) < 0 ||
        (rc = mrio_check_shape(x, "x", A->n, 1)) < 0 ||
        (rc = mrio_check_finite(A, "A")) < 0 ||
        (rc = mrio_check_finite(x, "x")) < 0)
        return rc;
    return mrio_scale_columns(Z, A, x->x);
}

int mb_mrio_calc_B(mb_dense **B, const mb_dense *A, const mb_dense *x)
{
    mb_dense *Z = NULL, *Zt = NULL;
    double *recip = NULL;
    int64_t i, j, n;
    int rc;

    *B = NULL;
    if ((rc = mb_mrio_calc_Z(&Z, A, x)) < 0)
        return rc;
    n = Z->n;
    /* Row i of Z needs 1/x_i: check it as a column of Z'. */
    rc = mb_dense_new(&Zt, n, n);
    recip = mb_alloc_array((size_t)n + 1, sizeof *recip);
    if (rc == 0 && !recip)
        rc = MB_ENOMEM;
    if (rc == 0) {
        for (j = 0; j < n; j++)
            for (i = 0; i < n; i++)
                Zt->x[j + i * n] = Z->x[i + j * Z->ld];
        rc = mrio_output_reciprocal(recip, x, Zt, "Z = A diag(x) (as rows)");
    }
    if (rc == 0) {
        for (j = 0; j < n; j++)
            for (i = 0; i < n; i++)
                Z->x[i + j * Z->ld] *= recip[i];
        *B = Z;
        Z = NULL;
    }
    mb_free(recip);
    mb_dense_free(Zt);
    mb_dense_free(Z);
    return rc;
}

int mb_mrio_calc_S_Y(mb_dense **S_Y, const mb_dense *F_Y, const mb_dense *Y)
{
    double *recip;
    int64_t i, j;
    int rc;

    *S_Y = NULL;
    if (!F_Y || !Y)
        return mb_error_set(MB_EINVAL, "%s is missing", F_Y ? "Y" : "F_Y");
    if ((rc = mrio_check_shape(F_Y, "F_Y", F_Y->m, Y->n)) < 0 ||
        (rc = mrio_check_finite(F_Y, "F_Y")) < 0 ||
        (rc = mrio_check_finite(Y, "Y")) < 0)
        return rc;
    recip = mb_alloc_array((size_t)Y->n + 1, sizeof *recip);
    if (!recip)
        return MB_ENOMEM;
    for (j = 0; j < Y->n; j++) {
        double s = 0.0;

        for (i = 0; i < Y->m; i++)
            s += Y->x[i + j * Y->ld];
        recip[j] = s != 0.0 ? 1.0 / s : 0.0;
    }
    rc = mrio_scale_columns(S_Y, F_Y, recip);
    mb_free(recip);
    return rc;
}
