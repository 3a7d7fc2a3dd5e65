/*
 * checks.c - the input checks and the 1/x convention of the MRIO numerics.
 * pymrio (pymrio/tools/iomath.py, calc_A) sets 1/0 to 0, which turns an
 * industry with zero output into a zero column of A and S; metabol keeps
 * that for industries that are empty (common in EXIOBASE) and refuses it
 * where the column has flows, since those flows would vanish unseen.
 */
#include <math.h>

#include "core/core.h"
#include "mrio/mrio_internal.h"

int mrio_check_shape(const mb_dense *a, const char *name, int64_t m,
                     int64_t n)
{
    if (!a)
        return mb_error_set(MB_EINVAL, "%s is missing", name);
    if (a->m != m || (n >= 0 && a->n != n))
        return mb_error_set(MB_EINVAL,
                            "%s is %lld x %lld, expected %lld x %lld", name,
                            (long long)a->m, (long long)a->n, (long long)m,
                            (long long)(n >= 0 ? n : a->n));
    return 0;
}

int mrio_check_finite(const mb_dense *a, const char *name)
{
    int64_t i, j;

    for (j = 0; j < a->n; j++)
        for (i = 0; i < a->m; i++)
            if (!isfinite(a->x[i + j * a->ld]))
                return mb_error_set(MB_ENUMERIC,
                                    "%s: entry (row %lld, column %lld) is "
                                    "%g, expected a finite number",
                                    name, (long long)i, (long long)j,
                                    a->x[i + j * a->ld]);
    return 0;
}

static int column_is_zero(const mb_dense *a, int64_t j)
{
    int64_t i;

    for (i = 0; i < a->m; i++)
        if (a->x[i + j * a->ld] != 0.0)
            return 0;
    return 1;
}

int mrio_output_reciprocal(double *recip, const mb_dense *x,
                           const mb_dense *flows, const char *flows_name)
{
    int64_t j;

    for (j = 0; j < x->m; j++) {
        double v = x->x[j];

        if (!isfinite(v) || v < 0.0)
            return mb_error_set(MB_ENUMERIC,
                                "gross output x of industry %lld is %g, "
                                "expected a finite number >= 0",
                                (long long)j, v);
        if (v > 0.0) {
            recip[j] = 1.0 / v;
            continue;
        }
        if (flows && !column_is_zero(flows, j))
            return mb_error_set(MB_ENUMERIC,
                                "gross output x of industry %lld is 0 but "
                                "column %lld of %s is not: its coefficients "
                                "need 1/x",
                                (long long)j, (long long)j, flows_name);
        recip[j] = 0.0;
    }
    return 0;
}

int mrio_scale_columns(mb_dense **out, const mb_dense *a, const double *col)
{
    int64_t i, j;
    int rc = mb_dense_new(out, a->m, a->n);

    if (rc < 0)
        return rc;
    for (j = 0; j < a->n; j++)
        for (i = 0; i < a->m; i++)
            (*out)->x[i + j * (*out)->ld] = a->x[i + j * a->ld] * col[j];
    return 0;
}
