/*
 * cmd_lca_project.c - `metabol lca --process NAME_OR_ID`: an LCA on the
 * project's compiled model (from the cache when current), for X reference
 * units of one process, with scenario parameters, reported by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <metabol/metabol.h>

#include "cli.h"
#include "target.h"

int cli_allocation_parse(const char *s)
{
    static const char *const names[] = {"default", "physical", "economic",
                                        "causal", "none"};
    int k;

    for (k = 0; k < 5; k++)
        if (strcmp(s, names[k]) == 0)
            return k;
    return -1;
}

int cli_providers_parse(const char *s)
{
    static const char *const names[] = {"location", "first", "fail"};
    int k;

    for (k = 0; k < 3; k++)
        if (strcmp(s, names[k]) == 0)
            return k;
    return -1;
}

static int calculate(mb_store *store, const mb_system *sys,
                     const mb_compile_report *report, const project_lca *a)
{
    mb_lca_options lopts = MB_LCA_OPTIONS_INIT;
    mb_report_options ropts = MB_REPORT_OPTIONS_INIT;
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    double *demand = NULL, unit = 1.0;
    size_t *sel = NULL, nsel = 0;
    char uuid[MB_STORE_ID_SIZE];
    int64_t j = -1;
    int rc;

    if ((rc = cli_find_activity(store, sys, "lca", a->process, &j,
                                uuid)) >= 0 ||
        (a->nmethods &&
         (rc = cli_select_methods(sys, "lca", a->methods, a->nmethods, &sel,
                                  &nsel)) >= 0))
        goto out;
    if (a->unit && mb_store_product_unit(store, uuid, a->unit, &unit) < 0) {
        rc = cli_error("lca", EXIT_ERROR, "--unit: %s",
                       mb_error_last()->message);
        goto out;
    }
    if (!(demand = calloc((size_t)sys->nproducts + 1, sizeof *demand))) {
        rc = cli_error("lca", EXIT_ERROR, "out of memory");
        goto out;
    }
    demand[j] = a->amount * unit;
    lopts.solver = (mb_solver_kind)a->solver;
    ropts.format = (mb_report_format)a->format;
    ropts.top = a->top;
    ropts.methods = a->nmethods ? sel : NULL;
    ropts.nmethods = nsel;
    ropts.compile = report;
    if (mb_lca_new(&lca, sys, &lopts) < 0 ||
        mb_lca_calculate(&res, lca, demand) < 0 ||
        mb_report_lca(stdout, res, &ropts) < 0)
        rc = cli_fail("lca");
    else
        rc = EXIT_OK;
out:
    mb_lca_result_free(res);
    mb_lca_free(lca);
    free(demand);
    free(sel);
    return rc;
}

int lca_project_run(const project_lca *a)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report report;
    cli_overrides ov = {NULL, 0, 0};
    mb_store *store = NULL;
    mb_system *sys = NULL;
    int rc;

    memset(&report, 0, sizeof report);
    rc = cli_overrides_read(&ov, "lca", a->params, a->nparams,
                            a->params_file);
    if (rc >= 0 || (rc = cli_open_project(&store, "lca", 0)) >= 0)
        goto out;
    o.allocation = (mb_allocation_rule)a->allocation;
    o.providers = (mb_provider_rule)a->providers;
    o.match_by_name = a->match_by_name;
    o.overrides = ov.items;
    o.noverrides = ov.n;
    if (cli_project_model(store, &o, &sys, &report) < 0) {
        rc = cli_fail("lca");
        goto out;
    }
    rc = calculate(store, sys, &report, a);
out:
    mb_compile_report_free(&report);
    mb_system_free(sys);
    mb_store_close(store);
    cli_overrides_free(&ov);
    return rc;
}
