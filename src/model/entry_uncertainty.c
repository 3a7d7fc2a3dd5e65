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
 * a minimum above the maximum): those are counted, and the first one is
 * described, in mb_system.invalid_distributions (mb_dist_issues), so that
 * a Monte Carlo run can refuse them by name.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/lcidb_internal.h"

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

/* Count record `key` once; keep "<where>: <what>" for the first. */
static int note(mb_dist_issues *s, int64_t key, const char *what,
                const char *fmt, va_list ap)
{
    char where[512];
    int64_t seen;
    int rc;

    if (!s->keys_ready) {
        if ((rc = mb_i64map_init(&s->keys, 64)) < 0)
            return rc;
        s->keys_ready = 1;
    }
    if (mb_i64map_get(&s->keys, key, &seen))
        return 0; /* the same record, met again (allocation, methods) */
    if ((rc = mb_i64map_put(&s->keys, key, 0)) < 0)
        return rc;
    s->count++;
    if (s->first)
        return 0;
    vsnprintf(where, sizeof where, fmt, ap);
    if (!(s->first = mb_sprintf("%s: %s", where, what)))
        return MB_ENOMEM;
    return 0;
}

int mb_dist_issue(mb_dist_issues *s, int64_t key,
                  const mb_lci_uncertainty *u, const char *fmt, ...)
{
    char why[160], desc[200], what[400];
    va_list ap;
    int rc;

    if (!u || u->type == MB_DIST_NONE ||
        mb_lci_uncertainty_check(u, why, sizeof why) == 0)
        return 0;
    mb_lci_uncertainty_describe(u, desc, sizeof desc);
    snprintf(what, sizeof what, "%s: %s", desc, why);
    va_start(ap, fmt);
    rc = note(s, key, what, fmt, ap);
    va_end(ap);
    return rc;
}

int mb_dist_issue_unsupported(mb_dist_issues *s, int64_t key,
                              const char *kind, int id, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    int rc;

    snprintf(what, sizeof what,
             "%s (stats_arrays id %d): a distribution metabol does not "
             "sample",
             kind, id);
    va_start(ap, fmt);
    rc = note(s, key, what, fmt, ap);
    va_end(ap);
    return rc;
}

void mb_dist_issues_move(mb_dist_issues *s, mb_system *sys)
{
    sys->invalid_distributions += s->count;
    if (!sys->invalid_distribution) {
        sys->invalid_distribution = s->first;
        s->first = NULL;
    }
    mb_dist_issues_destroy(s);
}

void mb_dist_issues_destroy(mb_dist_issues *s)
{
    mb_free(s->first);
    if (s->keys_ready)
        mb_i64map_destroy(&s->keys);
    memset(s, 0, sizeof *s);
}
