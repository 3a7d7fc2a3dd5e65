/*
 * amounts.c - the amounts of a database after its parameters: global
 * parameters evaluated first, then each process's parameters on top of
 * them, in dependency order (formula.h); an exchange or allocation factor
 * with a formula gets the value of its formula, as openLCA recomputes it,
 * and keeps its stored amount otherwise. Scenario overrides redefine a
 * global parameter, or, when there is no global of that name, the
 * parameter of that name in every process that has one.
 */
#include "metabol/formula.h"
#include "model/formula_internal.h"
#include "model/lcidb_internal.h"

static int define(mb_params *scope, const mb_lci_parameter *p)
{
    return p->formula ? mb_params_set_formula(scope, p->name, p->formula)
                      : mb_params_set_value(scope, p->name, p->value);
}

/*
 * Apply the overrides whose name is one of params and mark them used (1);
 * those taken by a global parameter (2) do not reach process parameters,
 * which shadow the global of their name.
 */
static int apply_overrides(mb_params *scope, const mb_lci_parameter *params,
                           size_t n, const mb_compile_options *o,
                           unsigned char *used)
{
    size_t k, j;
    int rc;

    for (j = 0; j < o->noverrides; j++)
        for (k = 0; used[j] != 2 && k < n; k++)
            if (mb_params_name_equal(params[k].name, o->overrides[j].name)) {
                if ((rc = mb_params_set_value(scope, o->overrides[j].name,
                                              o->overrides[j].value)) < 0)
                    return rc;
                used[j] = 1;
            }
    return 0;
}

/* Evaluate `formula` in scope into *out. */
static int eval(const mb_params *scope, const char *formula, double *out)
{
    mb_formula *f;
    int rc = mb_formula_parse(&f, formula);

    if (rc == 0)
        rc = mb_formula_eval(f, mb_params_lookup, (void *)scope, out);
    mb_formula_free(f);
    if (rc == 0 && !(*out == *out && *out - *out == 0))
        rc = mb_error_set(MB_ENUMERIC, "the value is not finite");
    return rc;
}

static int process_amounts(const mb_lcidb *db, const db_process *p,
                           const mb_params *globals,
                           const mb_compile_options *o, unsigned char *used,
                           double *ex_amount, double *alloc_value,
                           size_t *nformulas)
{
    const mb_lci_parameter *params =
        p->par.n ? db->params + p->par.start : NULL;
    mb_params *scope = NULL;
    size_t k;
    int rc = 0;

    if (p->par.n > 0) {
        if ((rc = mb_params_new(&scope, globals)) < 0)
            return rc;
        for (k = 0; rc == 0 && k < p->par.n; k++)
            rc = define(scope, &params[k]);
        if (rc == 0)
            rc = apply_overrides(scope, params, p->par.n, o, used);
        if (rc == 0)
            rc = mb_params_evaluate(scope);
        if (rc < 0) {
            mb_params_free(scope);
            return mb_error_prefix("process '%s' (%s): parameters",
                                   p->rec.name, p->rec.id);
        }
    }
    for (k = 0; k < p->ex.n; k++) {
        const mb_lci_exchange *e = &db->exchanges[p->ex.start + k];
        double *a = &ex_amount[p->ex.start + k];

        *a = e->amount;
        if (!e->formula)
            continue;
        if ((rc = eval(scope ? scope : globals, e->formula, a)) < 0) {
            mb_params_free(scope);
            return mb_error_prefix("process '%s' (%s): exchange %zu: "
                                   "formula '%s'",
                                   p->rec.name, p->rec.id, k + 1,
                                   e->formula);
        }
        (*nformulas)++;
    }
    for (k = 0; k < p->alloc.n; k++) {
        const mb_lci_allocation_factor *f = &db->allocs[p->alloc.start + k];
        double *v = &alloc_value[p->alloc.start + k];

        *v = f->value;
        if (f->formula &&
            (rc = eval(scope ? scope : globals, f->formula, v)) < 0) {
            mb_params_free(scope);
            return mb_error_prefix("process '%s' (%s): allocation factor "
                                   "%zu: formula '%s'",
                                   p->rec.name, p->rec.id, k + 1, f->formula);
        }
    }
    mb_params_free(scope);
    return 0;
}

int mb_lcidb_eval_amounts(const mb_lcidb *db, const mb_compile_options *o,
                          double *ex_amount, double *alloc_value,
                          size_t *nformulas)
{
    mb_params *globals = NULL;
    unsigned char *used = mb_calloc(o->noverrides + 1, 1);
    size_t k, j;
    int rc;

    *nformulas = 0;
    if (!used)
        return MB_ENOMEM;
    if ((rc = mb_params_new(&globals, NULL)) < 0)
        goto out;
    for (k = 0; k < db->nglobals; k++)
        if ((rc = define(globals, &db->globals[k])) < 0)
            goto out;
    if ((rc = apply_overrides(globals, db->globals, db->nglobals, o, used)) <
            0 ||
        (rc = mb_params_evaluate(globals)) < 0) {
        mb_error_prefix("global parameters");
        goto out;
    }
    for (j = 0; j < o->noverrides; j++)
        if (used[j])
            used[j] = 2;
    for (k = 0; k < db->nprocesses; k++)
        if ((rc = process_amounts(db, &db->processes[k], globals, o, used,
                                  ex_amount, alloc_value, nformulas)) < 0)
            goto out;
    for (j = 0; j < o->noverrides; j++)
        if (!used[j]) {
            rc = mb_error_set(MB_ENOTFOUND,
                              "parameter '%s': no global or process "
                              "parameter of that name in the data",
                              o->overrides[j].name);
            goto out;
        }
out:
    mb_params_free(globals);
    mb_free(used);
    return rc;
}
