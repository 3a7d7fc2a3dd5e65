/*
 * mc_sampler.c - which values of a system a Monte Carlo iteration draws,
 * and the draws. Every uncertain value has its own block of the
 * iteration's random stream (random.h: counter = its index << 6), so a
 * value's draw does not depend on which other values are drawn: leaving out
 * biosphere rows no selected method characterizes changes nothing else.
 * Lognormals, most of LCA data (ecoinvent's default), take a fast path:
 * sign * exp(mu + sigma z) with mu and sigma precomputed.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "lca/mc_internal.h"

/* Room for the uniforms one value may use (rejection samplers). */
#define BLOCK_SHIFT 6

static int push(mc_values *v, int64_t pos, const mb_lci_uncertainty *u)
{
    if (u->type == MB_DIST_LOGNORMAL) {
        mc_lognormal *l;

        if (v->nlog == v->caplog) {
            size_t cap = v->caplog ? 2 * v->caplog : 64;
            mc_lognormal *n = mb_realloc(v->log, cap * sizeof *n);

            if (!n)
                return MB_ENOMEM;
            v->log = n;
            v->caplog = cap;
        }
        l = &v->log[v->nlog++];
        l->pos = pos;
        l->mu = log(fabs(u->p[0]));
        l->sigma = log(u->p[1]);
        l->sign = u->p[0] < 0 ? -1.0 : 1.0;
        return 0;
    }
    if (v->nother == v->capother) {
        size_t cap = v->capother ? 2 * v->capother : 16;
        mc_other *n = mb_realloc(v->other, cap * sizeof *n);

        if (!n)
            return MB_ENOMEM;
        v->other = n;
        v->capother = cap;
    }
    v->other[v->nother].pos = pos;
    v->other[v->nother].u = *u;
    v->nother++;
    return 0;
}

/* Is row `row` of B characterized by one of the methods? */
static unsigned char *characterized_rows(const mb_system *sys,
                                         const size_t *methods,
                                         size_t nmethods)
{
    unsigned char *row = mb_calloc((size_t)sys->nflows + 1, 1);
    size_t m;
    int64_t f;

    if (!row)
        return NULL;
    for (m = 0; m < nmethods; m++) {
        const double *c = sys->methods[methods[m]].values;

        for (f = 0; f < sys->nflows; f++)
            row[f] |= c[f] != 0.0;
    }
    return row;
}

static int is_tracked(const int64_t *track, size_t ntrack, int64_t pos)
{
    size_t k;

    for (k = 0; k < ntrack; k++)
        if (track[k] == pos)
            return 1;
    return 0;
}

int mc_plan_build(mc_plan *p, const mb_system *sys, const size_t *methods,
                  size_t nmethods, const mb_mc_options *o)
{
    int64_t nA = mb_csc_nnz(sys->A), nB = mb_csc_nnz(sys->B), k, j;
    unsigned char *row = NULL;
    int rc = 0;

    memset(p, 0, sizeof *p);
    p->A.base = 0;
    p->B.base = (uint64_t)nA;
    if (sys->A_uncertainty)
        for (k = 0; k < nA && rc == 0; k++)
            if (sys->A_uncertainty[k].type != MB_DIST_NONE)
                rc = push(&p->A, k, &sys->A_uncertainty[k]);
    if (rc == 0 && sys->B_uncertainty) {
        if (!(row = characterized_rows(sys, methods, nmethods)))
            return MB_ENOMEM;
        for (j = 0; j < sys->B->n && rc == 0; j++)
            for (k = sys->B->p[j]; k < sys->B->p[j + 1] && rc == 0; k++)
                if (sys->B_uncertainty[k].type != MB_DIST_NONE &&
                    (row[sys->B->i[k]] ||
                     is_tracked(o->track_B, o->ntrack_B, k)))
                    rc = push(&p->B, k, &sys->B_uncertainty[k]);
        mb_free(row);
    }
    (void)nB;
    if (rc < 0) {
        mc_plan_free(p);
        return rc;
    }
    return 0;
}

void mc_plan_free(mc_plan *p)
{
    mb_free(p->A.log);
    mb_free(p->A.other);
    mb_free(p->B.log);
    mb_free(p->B.other);
    memset(p, 0, sizeof *p);
}

int64_t mc_values_count(const mc_values *v)
{
    return (int64_t)(v->nlog + v->nother);
}

void mc_values_draw(const mc_values *v, mb_random *r, double *x)
{
    size_t k;

    for (k = 0; k < v->nlog; k++) {
        const mc_lognormal *l = &v->log[k];

        mb_random_seek(r, (v->base + (uint64_t)l->pos) << BLOCK_SHIFT);
        x[l->pos] = l->sign * exp(l->mu + l->sigma * mb_random_normal(r));
    }
    for (k = 0; k < v->nother; k++) {
        const mc_other *e = &v->other[k];

        mb_random_seek(r, (v->base + (uint64_t)e->pos) << BLOCK_SHIFT);
        x[e->pos] = mb_uncertainty_sample(&e->u, x[e->pos], r);
    }
}
