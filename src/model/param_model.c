/*
 * param_model.c - one Monte Carlo iteration of a parametric system: the
 * parameters with a distribution drawn, the parameters computed from them
 * evaluated in dependency order, then each exchange and allocation factor
 * formula once, and the nonzeros of A and B summed again from their terms.
 *
 * This is what openLCA's Monte Carlo simulation does per iteration
 * (olca-modules: ParameterTable.simulate binds a draw of every parameter
 * with a distribution in its scope; each matrix cell then evaluates its
 * exchange's formula with that interpreter, times the conversion and
 * allocation factors, CalcExchange.matrixValue). Here the names of every
 * formula were bound to slots when the model was built (param_build.c),
 * and a nonzero is the sum of its terms in the order the compiler summed
 * its triplets (mb_csc_from_coo: left to right), so that parameters at
 * their values give back the compiled matrices bit for bit.
 */
#include <math.h>
#include <string.h>

#include "model/formula_internal.h"
#include "model/param_model_internal.h"

size_t mb_param_model_scratch_size(const mb_param_model *pm)
{
    return pm ? (size_t)(pm->nparams + pm->nformulas) : 0;
}

/* Evaluate formula k of pm over values into *out. */
static int eval(const mb_param_model *pm, int64_t k, const double *values,
                double *out)
{
    const pm_formula *f = &pm->formulas[k];
    int rc = mb_formula_eval_slots(pm->parsed[k], pm->slot + f->first,
                                   pm->constant + f->first, values, out);

    return rc < 0 ? mb_error_prefix("%s", pm->pool + f->where) : 0;
}

static double term_value(const pm_term *t, const double *fv, mb_random *r)
{
    double a = t->x >= 0 ? fv[t->x]
               : r && t->u.type != MB_DIST_NONE
                   ? mb_uncertainty_sample(&t->u, t->amount, r)
                   : t->amount;

    a *= t->unit;
    a *= t->share >= 0 ? fv[t->share] : t->share_value;
    return t->neg ? -a : a;
}

/* The entries of one matrix into values (NULL: computed all the same, so
 * that the draws of the stream stay in place). */
static void fill(const mb_param_model *pm, int matrix, const double *fv,
                 mb_random *r, double *values)
{
    const pm_entry *e = pm->entries[matrix];
    int64_t k, j;

    for (k = 0; k < pm->nentries[matrix]; k++) {
        const pm_term *t = pm->terms + e[k].first;
        double x = term_value(&t[0], fv, r);

        for (j = 1; j < e[k].n; j++)
            x += term_value(&t[j], fv, r);
        if (values)
            values[e[k].pos] = x;
    }
}

int mb_param_model_sample(const mb_param_model *pm, mb_random *r,
                          double *scratch, double *A_values, double *B_values)
{
    int64_t k, ndep;
    double *fv;
    int rc;

    if (!pm)
        return 0;
    ndep = pm->nparams - pm->nsampled;
    for (k = 0; k < pm->nsampled; k++)
        scratch[k] =
            r ? mb_uncertainty_sample(&pm->params[k].u, pm->params[k].value, r)
              : pm->params[k].value;
    for (k = 0; k < ndep; k++)
        if ((rc = eval(pm, k, scratch, &scratch[pm->nsampled + k])) < 0)
            return rc;
    fv = scratch + pm->nparams;
    for (k = 0; k < pm->nformulas; k++)
        if ((rc = eval(pm, ndep + k, scratch, &fv[k])) < 0)
            return rc;
    fill(pm, 0, fv, r, A_values);
    fill(pm, 1, fv, r, B_values);
    return 0;
}

void mb_param_model_count(const mb_param_model *pm, mb_param_model_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!pm)
        return;
    out->parameters = (size_t)pm->nparams;
    out->uncertain = (size_t)pm->nsampled;
    out->amounts = (size_t)pm->namounts;
    out->formulas = (size_t)pm->nformulas;
    out->A_entries = (size_t)pm->nentries[0];
    out->B_entries = (size_t)pm->nentries[1];
}

const char *mb_param_model_parameter(const mb_param_model *pm, size_t k,
                                     const char **process)
{
    const pm_param *p;

    if (process)
        *process = NULL;
    if (!pm || k >= (size_t)pm->nparams)
        return NULL;
    p = &pm->params[k];
    if (process && p->process >= 0)
        *process = pm->pool + p->process;
    return pm->pool + p->name;
}

int64_t mb_param_model_entry(const mb_param_model *pm, int matrix, size_t k)
{
    if (!pm || matrix < 0 || matrix > 1 || k >= (size_t)pm->nentries[matrix])
        return -1;
    return pm->entries[matrix][k].pos;
}

void mb_param_model_free(mb_param_model *pm)
{
    int64_t k;

    if (!pm)
        return;
    for (k = 0; pm->parsed && k < pm->nparams - pm->nsampled + pm->nformulas;
         k++)
        mb_formula_free(pm->parsed[k]);
    mb_free(pm->parsed);
    mb_free(pm->params);
    mb_free(pm->formulas);
    mb_free(pm->entries[0]);
    mb_free(pm->entries[1]);
    mb_free(pm->terms);
    mb_free(pm->slot);
    mb_free(pm->constant);
    mb_free(pm->pool);
    mb_free(pm);
}

/* Whether offset s names a string of the pool. */
static int in_pool(const mb_param_model *pm, int64_t s)
{
    return s >= 0 && s < pm->pool_len;
}

/*
 * Formula k's slots: parameters before `below` (a parameter's formula
 * sees only those before it: dependency order), constants or unknown.
 */
static int valid_slots(const mb_param_model *pm, const pm_formula *f,
                       int64_t below)
{
    int64_t k;

    if (f->first < 0 || f->n < 0 || f->first > pm->nnames ||
        f->n > pm->nnames - f->first)
        return 0;
    for (k = f->first; k < f->first + f->n; k++)
        if (pm->slot[k] >= below || pm->slot[k] < MB_FORMULA_UNKNOWN)
            return 0;
    return 1;
}

int mb_param_model_parse(mb_param_model *pm)
{
    int64_t ndep = pm->nparams - pm->nsampled, n = ndep + pm->nformulas, k;
    int rc;

    if (!(pm->parsed = mb_calloc((size_t)n + 1, sizeof *pm->parsed)))
        return MB_ENOMEM;
    for (k = 0; k < n; k++) {
        const pm_formula *f = &pm->formulas[k];

        if (!in_pool(pm, f->text) || !in_pool(pm, f->where) ||
            !valid_slots(pm, f, k < ndep ? pm->nsampled + k : pm->nparams))
            return mb_error_set(MB_EFORMAT,
                                "parametric model: formula %lld "
                                "is damaged",
                                (long long)k);
        if ((rc = mb_formula_parse(&pm->parsed[k], pm->pool + f->text)) < 0)
            return rc;
        if ((int64_t)mb_formula_name_count(pm->parsed[k]) != f->n)
            return mb_error_set(MB_EFORMAT,
                                "parametric model: formula '%s' "
                                "has other names than bound",
                                pm->pool + f->text);
    }
    return 0;
}
