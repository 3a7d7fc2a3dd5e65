/*
 * entry_uncertainty.c - the distribution of each matrix entry the compiler
 * makes from one exchange: the exchange's distribution (in the data's unit
 * and sign) carried to the entry by the same factor as its amount (unit
 * conversion, allocation share, sign; Heijungs & Suh 2002, ch. 2, for the
 * signs). A scale k maps X to kX: a lognormal's geometric mean and a
 * normal's mean scale by k, the spreads (geometric sd, |k| sd) and bounds
 * follow, a negative k swapping minimum and maximum. An entry that sums
 * several exchanges has no one distribution of the data and gets none,
 * and so does a distribution whose parameters describe none (a geometric
 * sd below 1, as USLCI's 4,811 lognormals with geomSd 0, a negative sd,
 * a minimum above the maximum).
 */
#include <math.h>
#include <string.h>

#include "model/lcidb_internal.h"

/* Whether u's parameters describe a distribution. */
static int valid(const mb_lci_uncertainty *u)
{
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        return u->p[0] != 0 && u->p[1] >= 1;
    case MB_DIST_NORMAL:
        return u->p[1] >= 0;
    case MB_DIST_TRIANGLE:
        return u->p[0] <= u->p[1] && u->p[1] <= u->p[2];
    case MB_DIST_UNIFORM:
        return u->p[0] <= u->p[1];
    default:
        return 0;
    }
}

void mb_lci_uncertainty_scale(const mb_lci_uncertainty *u, double k,
                              mb_lci_uncertainty *out)
{
    memset(out, 0, sizeof *out);
    if (!u || !isfinite(k) || k == 0 || !valid(u))
        return;
    out->type = u->type;
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        out->p[0] = k * u->p[0];
        out->p[1] = u->p[1];
        break;
    case MB_DIST_NORMAL:
        out->p[0] = k * u->p[0];
        out->p[1] = fabs(k) * u->p[1];
        break;
    case MB_DIST_TRIANGLE:
        out->p[0] = k * (k > 0 ? u->p[0] : u->p[2]);
        out->p[1] = k * u->p[1];
        out->p[2] = k * (k > 0 ? u->p[2] : u->p[0]);
        break;
    case MB_DIST_UNIFORM:
        out->p[0] = k * (k > 0 ? u->p[0] : u->p[1]);
        out->p[1] = k * (k > 0 ? u->p[1] : u->p[0]);
        break;
    default:
        out->type = MB_DIST_NONE;
    }
    if (!isfinite(out->p[0]) || !isfinite(out->p[1]) || !isfinite(out->p[2]))
        memset(out, 0, sizeof *out);
}

int mb_entry_dists_push(mb_entry_dists *d, int64_t at,
                        const mb_lci_uncertainty *u, double k)
{
    if ((size_t)at >= d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 1024;
        mb_lci_uncertainty *v;

        while (cap <= (size_t)at)
            cap *= 2;
        if (!(v = mb_realloc(d->u, cap * sizeof *v)))
            return MB_ENOMEM;
        d->u = v;
        d->cap = cap;
    }
    mb_lci_uncertainty_scale(u, k, &d->u[at]);
    if (d->u[at].type != MB_DIST_NONE)
        d->any = 1;
    return 0;
}

int64_t mb_csc_position(const mb_csc *a, int64_t i, int64_t j)
{
    int64_t lo = a->p[j], hi = a->p[j + 1];

    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;

        if (a->i[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->p[j + 1] && a->i[lo] == i ? lo : -1;
}

int mb_entry_dists_place(const mb_entry_dists *d, const mb_coo *t,
                         const mb_csc *a, mb_lci_uncertainty **out)
{
    int64_t nnz = a->p[a->n], k;
    unsigned char *count;
    mb_lci_uncertainty *u;
    int any = 0;

    *out = NULL;
    if (!d->any)
        return 0;
    u = mb_calloc((size_t)nnz + 1, sizeof *u);
    count = mb_calloc((size_t)nnz + 1, 1);
    if (!u || !count) {
        mb_free(u);
        mb_free(count);
        return MB_ENOMEM;
    }
    for (k = 0; k < t->nnz; k++) {
        int64_t at = mb_csc_position(a, t->row[k], t->col[k]);

        if (at < 0)
            continue;
        if (count[at] < 2)
            count[at]++;
        u[at] = d->u[k];
    }
    for (k = 0; k < nnz; k++) {
        if (count[k] > 1)
            memset(&u[k], 0, sizeof u[k]); /* a sum of several exchanges */
        any |= u[k].type != MB_DIST_NONE;
    }
    mb_free(count);
    if (!any)
        mb_free(u);
    else
        *out = u;
    return 0;
}
