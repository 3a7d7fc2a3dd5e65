/*
 * mc_sampler.c - which values of a system a Monte Carlo iteration draws,
 * and the draws. Every uncertain value has its own block of the
 * iteration's random stream (random.h: counter = its index << 6), so a
 * value's draw does not depend on which other values are drawn: leaving out
 * biosphere rows no selected method characterizes changes nothing else.
 * Characterization factors follow, a block of nflows per method of the
 * system; the parameters of a parametric model after them, drawn in the
 * model's order. Lognormals, most of LCA data (ecoinvent's default), take a fast path:
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
    if (rc == 0 && sys->C_uncertainty) {
        size_t m;

        if (!(p->C = mb_calloc(nmethods + 1, sizeof *p->C)))
            rc = MB_ENOMEM;
        p->nC = nmethods;
        for (m = 0; m < nmethods && rc == 0; m++) {
            const mb_lci_uncertainty *u = sys->C_uncertainty[methods[m]];
            int64_t f;

            /* after A and B, a block of nflows per method of the system */
            p->C[m].base = (uint64_t)(nA + nB) +
                           (uint64_t)methods[m] * (uint64_t)sys->nflows;
            for (f = 0; u && f < sys->nflows && rc == 0; f++)
                if (u[f].type != MB_DIST_NONE)
                    rc = push(&p->C[m], f, &u[f]);
            p->anyC |= mc_values_count(&p->C[m]) > 0;
        }
    }
    if (rc == 0 && sys->params) {
        p->params = sys->params;
        mb_param_model_count(sys->params, &p->pcounts);
        p->params_base = ((uint64_t)(nA + nB) +
                          (uint64_t)sys->nmethods * (uint64_t)sys->nflows)
                         << BLOCK_SHIFT;
    }
    if (rc < 0) {
        mc_plan_free(p);
        return rc;
    }
    return 0;
}

static void values_free(mc_values *v)
{
    mb_free(v->log);
    mb_free(v->other);
}

void mc_plan_free(mc_plan *p)
{
    size_t m;

    values_free(&p->A);
    values_free(&p->B);
    for (m = 0; p->C && m < p->nC; m++)
        values_free(&p->C[m]);
    mb_free(p->C);
    memset(p, 0, sizeof *p);
}

int64_t mc_values_count(const mc_values *v)
{
    return (int64_t)(v->nlog + v->nother);
}

int64_t mc_plan_count(const mc_plan *p)
{
    int64_t n = mc_values_count(&p->A) + mc_values_count(&p->B) +
                (int64_t)(p->pcounts.uncertain + p->pcounts.amounts);
    size_t m;

    for (m = 0; p->C && m < p->nC; m++)
        n += mc_values_count(&p->C[m]);
    return n;
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
