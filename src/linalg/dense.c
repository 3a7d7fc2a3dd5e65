/*
 * dense.c - dense column-major matrices, the layout LAPACK works on.
 */
#include <string.h>

#include "core/core.h"
#include "metabol/dense.h"

int mb_dense_new(mb_dense **out, int64_t m, int64_t n)
{
    mb_dense *a;

    *out = NULL;
    if (m < 0 || n < 0)
        return mb_error_set(MB_EINVAL, "negative matrix dimension");
    a = mb_calloc(1, sizeof *a);
    if (!a)
        return MB_ENOMEM;
    a->m = m;
    a->n = n;
    a->ld = m > 0 ? m : 1;
    a->x = mb_calloc((size_t)a->ld * (size_t)(n > 0 ? n : 1), sizeof *a->x);
    if (!a->x) {
        mb_free(a);
        return MB_ENOMEM;
    }
    *out = a;
    return 0;
}

int mb_dense_from_csc(mb_dense **out, const mb_csc *a)
{
    int64_t j, k;
    int rc = mb_dense_new(out, a->m, a->n);

    if (rc < 0)
        return rc;
    for (j = 0; j < a->n; j++)
        for (k = a->p[j]; k < a->p[j + 1]; k++)
            *mb_dense_at(*out, a->i[k], j) += a->x[k];
    return 0;
}

void mb_dense_free(mb_dense *a)
{
    if (!a)
        return;
    mb_free(a->x);
    mb_free(a);
}
