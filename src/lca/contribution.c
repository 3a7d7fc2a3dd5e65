/*
 * contribution.c - contribution analysis (Heijungs & Suh 2002, ch. 8.2):
 * the score of method m split by activity, (c_m^T B)_j s_j, which sums to
 * the score; and by elementary flow, c_mf g_f, which sums to it too.
 */
#include <math.h>

#include "core/core.h"
#include "metabol/lca.h"

void mb_lca_activity_contributions(const mb_system *sys, size_t method,
                                   const double *supply, double *out)
{
    const double *c = sys->methods[method].values;
    const mb_csc *b = sys->B;
    int64_t j, k;

    for (j = 0; j < b->n; j++) {
        double cb = 0.0;

        for (k = b->p[j]; k < b->p[j + 1]; k++)
            cb += c[b->i[k]] * b->x[k];
        out[j] = cb * supply[j];
    }
}

void mb_lca_flow_contributions(const mb_system *sys, size_t method,
                               const double *inventory, double *out)
{
    const double *c = sys->methods[method].values;
    int64_t f;

    for (f = 0; f < sys->nflows; f++)
        out[f] = c[f] * inventory[f];
}

/* Insertion into a short sorted list: O(n k), and k is small (a top-N). */
int64_t mb_top_abs(const double *v, int64_t n, int64_t k, int64_t *idx)
{
    int64_t used = 0, i, q;

    if (k <= 0)
        return 0;
    for (i = 0; i < n; i++) {
        double a = fabs(v[i]);

        if (a == 0.0)
            continue;
        if (used == k && !(a > fabs(v[idx[used - 1]])))
            continue;
        q = used < k ? used++ : k - 1;
        while (q > 0 && a > fabs(v[idx[q - 1]])) {
            idx[q] = idx[q - 1];
            q--;
        }
        idx[q] = i;
    }
    return used;
}
