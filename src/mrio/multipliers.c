/*
 * multipliers.c - upstream and downstream stressor multipliers without an
 * inverse. Upstream (Miller & Blair 2009, ch. 12; pymrio calc_M):
 * M = S L, computed as M' = (I - A)^-T S' by k transposed solves on the LU.
 * Downstream (Ghosh, Miller & Blair ch. 12.1; pymrio calc_M_down):
 * M_down = S (G' - I). With A diag(x) = diag(x) B, G = diag(x)^-1 L diag(x)
 * on the industries with output, so S G' = (L diag(x) S')' diag(x)^-1:
 * k plain solves on the same LU; an industry with zero output has a zero
 * row of B, a unit row of G and so a zero column of M_down.
 */
#include "core/core.h"
#include "mrio/mrio_internal.h"

/* t = a' (fresh). */
static int transpose_of(mb_dense **t, const mb_dense *a)
{
    int64_t i, j;
    int rc = mb_dense_new(t, a->n, a->m);

    if (rc < 0)
        return rc;
    for (j = 0; j < a->n; j++)
        for (i = 0; i < a->m; i++)
            (*t)->x[j + i * (*t)->ld] = a->x[i + j * a->ld];
    return 0;
}

static int check_S(const mb_mrio_lu *lu, const mb_dense *S)
{
    int rc;

    if (!lu)
        return mb_error_set(MB_EINVAL, "the LU of I - A is missing");
    if (!S)
        return mb_error_set(MB_EINVAL, "S is missing");
    if ((rc = mrio_check_shape(S, "S", S->m, mb_mrio_lu_order(lu))) < 0)
        return rc;
    return mrio_check_finite(S, "S");
}

int mb_mrio_calc_M(mb_dense **M, const mb_mrio_lu *lu, const mb_dense *S)
{
    mb_dense *t = NULL;
    int rc;

    *M = NULL;
    if ((rc = check_S(lu, S)) < 0 || (rc = transpose_of(&t, S)) < 0)
        return rc;
    if ((rc = mb_mrio_lu_solve(lu, t, 1)) == 0)
        rc = transpose_of(M, t);
    mb_dense_free(t);
    return rc;
}

int mb_mrio_calc_M_down(mb_dense **M_down, const mb_mrio_lu *lu,
                        const mb_dense *S, const mb_dense *x)
{
    mb_dense *w = NULL, *out = NULL;
    double *recip = NULL;
    int64_t i, c, n;
    int rc;

    *M_down = NULL;
    if ((rc = check_S(lu, S)) < 0)
        return rc;
    n = S->n;
    if ((rc = mrio_check_shape(x, "x", n, 1)) < 0)
        return rc;
    recip = mb_alloc_array((size_t)n + 1, sizeof *recip);
    if (!recip)
        return MB_ENOMEM;
    if ((rc = mrio_output_reciprocal(recip, x, NULL, NULL)) < 0 ||
        (rc = transpose_of(&w, S)) < 0)
        goto done;
    for (i = 0; i < S->m; i++)
        for (c = 0; c < n; c++)
            w->x[c + i * w->ld] *= x->x[c];
    if ((rc = mb_mrio_lu_solve(lu, w, 0)) < 0 ||
        (rc = mb_dense_new(&out, S->m, n)) < 0)
        goto done;
    for (c = 0; c < n; c++)
        for (i = 0; i < S->m; i++)
            out->x[i + c * out->ld] =
                recip[c] == 0.0 ? 0.0
                                : w->x[c + i * w->ld] * recip[c] -
                                      S->x[i + c * S->ld];
    *M_down = out;
done:
    mb_dense_free(w);
    mb_free(recip);
    return rc;
}
