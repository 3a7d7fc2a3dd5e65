/*
 * mc_internal.h - the parts of the Monte Carlo (mc.c) that draw values
 * (mc_sampler.c).
 */
#ifndef METABOL_MC_INTERNAL_H
#define METABOL_MC_INTERNAL_H

#include "metabol/mc.h"
#include "metabol/param_model.h"
#include "metabol/random.h"

typedef struct mc_lognormal {
    int64_t pos;
    double mu, sigma, sign; /* sign * exp(mu + sigma z) */
} mc_lognormal;

typedef struct mc_other {
    int64_t pos;
    mb_lci_uncertainty u;
} mc_other;

/* The uncertain values of one matrix's nonzeros. */
typedef struct mc_values {
    uint64_t base; /* index of the matrix's first value in the stream */
    mc_lognormal *log;
    size_t nlog, caplog;
    mc_other *other;
    size_t nother, capother;
} mc_values;

typedef struct mc_plan {
    mc_values A, B;
    mc_values *C; /* per selected method: its uncertain factors */
    size_t nC;    /* the selected methods (C has nC entries) */
    int anyC;     /* some factor is drawn */
    /* the parametric model (param_model.h): what it overwrites and where
     * its draws start in the stream (after every matrix value's block) */
    const mb_param_model *params;
    mb_param_model_counts pcounts;
    uint64_t params_base;
} mc_plan;

/* The values to draw: every uncertain nonzero of A, those of B in rows the
 * methods characterize (or tracked), the selected methods' factors. */
int mc_plan_build(mc_plan *p, const mb_system *sys, const size_t *methods,
                  size_t nmethods, const mb_mc_options *o);
void mc_plan_free(mc_plan *p);
int64_t mc_values_count(const mc_values *v);
/* All the values drawn per iteration. */
int64_t mc_plan_count(const mc_plan *p);

/* Draw the values of v into x (a copy of the matrix's values), stream r. */
void mc_values_draw(const mc_values *v, mb_random *r, double *x);

#endif
