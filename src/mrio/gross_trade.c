/*
 * gross_trade.c - gross bilateral trade of an MRIO table: the entries of Z
 * and Y outside the domestic (diagonal) region blocks, summed per importing
 * region (pymrio/tools/iomath.py calc_gross_trade; Miller & Blair 2009,
 * ch. 3 on the interregional blocks Z_rs, r != s).
 */
#include "core/core.h"
#include "mrio/mrio_internal.h"

/* bilat[i, rc] += a's columns of region rc, for rc != region of row i. */
static void add_foreign_blocks(mb_dense *bilat, const mb_dense *a,
                               int64_t cols_per_region, int64_t ns)
{
    int64_t i, j;

    for (j = 0; j < a->n; j++) {
        int64_t rc = j / cols_per_region;

        for (i = 0; i < a->m; i++)
            if (i / ns != rc)
                bilat->x[i + rc * bilat->ld] += a->x[i + j * a->ld];
    }
}

int mb_mrio_calc_gross_trade(mb_dense **bilat, mb_dense **totals,
                             const mb_dense *Z, const mb_dense *Y,
                             int64_t nregions)
{
    int64_t i, rc, n, ns;
    int rc_;

    *bilat = *totals = NULL;
    if (!Z)
        return mb_error_set(MB_EINVAL, "Z is missing");
    n = Z->n;
    if ((rc_ = mrio_check_shape(Z, "Z", n, n)) < 0 ||
        (rc_ = mrio_check_shape(Y, "Y", n, -1)) < 0)
        return rc_;
    if (nregions <= 0 || n % nregions != 0 || Y->n % nregions != 0)
        return mb_error_set(MB_EINVAL,
                            "%lld industries and %lld final-demand columns "
                            "do not split into %lld regions",
                            (long long)n, (long long)Y->n,
                            (long long)nregions);
    if ((rc_ = mrio_check_finite(Z, "Z")) < 0 ||
        (rc_ = mrio_check_finite(Y, "Y")) < 0)
        return rc_;
    ns = n / nregions;
    if ((rc_ = mb_dense_new(bilat, n, nregions)) < 0)
        return rc_;
    if ((rc_ = mb_dense_new(totals, n, 2)) < 0) {
        mb_dense_free(*bilat);
        *bilat = NULL;
        return rc_;
    }
    add_foreign_blocks(*bilat, Z, ns, ns);
    add_foreign_blocks(*bilat, Y, Y->n / nregions, ns);
    for (rc = 0; rc < nregions; rc++)
        for (i = 0; i < n; i++) {
            double v = (*bilat)->x[i + rc * (*bilat)->ld];

            (*totals)->x[i] += v;
            (*totals)->x[rc * ns + i % ns + (*totals)->ld] += v;
        }
    return 0;
}
