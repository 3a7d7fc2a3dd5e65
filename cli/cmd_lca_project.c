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

typedef struct overrides {
    mb_param_override *items;
    size_t n, cap;
} overrides;

static void overrides_free(overrides *o)
{
    size_t k;

    for (k = 0; k < o->n; k++)
        free((char *)o->items[k].name);
    free(o->items);
}

/* Add NAME=VALUE; `where` names the source for the error. */
static int add_override(overrides *o, const char *spec, const char *where)
{
    const char *eq = strchr(spec, '=');
    char *name, *end;
    double value;

    if (!eq || eq == spec || cli_parse_double(eq + 1, &value) < 0)
        return cli_error("lca", EXIT_USAGE,
                         "%s '%s': expected NAME=VALUE with a number", where,
                         spec);
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 8;
        mb_param_override *n = realloc(o->items, cap * sizeof *n);

        if (!n)
            return cli_error("lca", EXIT_ERROR, "out of memory");
        o->items = n;
        o->cap = cap;
    }
    if (!(name = strndup(spec, (size_t)(eq - spec))))
        return cli_error("lca", EXIT_ERROR, "out of memory");
    for (end = name + strlen(name); end > name && (end[-1] == ' ' ||
                                                   end[-1] == '\t');)
        *--end = '\0'; /* "scale = 7" names "scale" */
    o->items[o->n].name = name;
    o->items[o->n].value = value;
    o->n++;
    return -1;
}

/* NAME=VALUE lines; blank lines and lines starting with # are skipped. */
static int read_params_file(overrides *o, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024], where[1100];
    int lineno = 0, rc = -1;

    if (!f)
        return cli_error("lca", EXIT_ERROR, "--params %s: cannot open",
                         path);
    while (rc < 0 && fgets(line, sizeof line, f)) {
        char *s = line, *end;

        lineno++;
        while (*s == ' ' || *s == '\t')
            s++;
        end = s + strlen(s);
        while (end > s && (end[-1] == '\n' || end[-1] == '\r' ||
                           end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (*s == '\0' || *s == '#')
            continue;
        snprintf(where, sizeof where, "%s:%d:", path, lineno);
        rc = add_override(o, s, where);
    }
    fclose(f);
    return rc;
}

/* Does method `full` ("method/category") answer to `want`? */
static int method_matches(const char *full, const char *want, int pass)
{
    const char *slash = strrchr(full, '/');

    switch (pass) {
    case 0: return strcasecmp(full, want) == 0;
    case 1: return slash && strcasecmp(slash + 1, want) == 0;
    default:
        return slash && strlen(want) == (size_t)(slash - full) &&
               strncasecmp(full, want, (size_t)(slash - full)) == 0;
    }
}

/*
 * The methods asked for: each name matches a full name, else a category
 * name, else a method name (all its categories), case-insensitive.
 */
static int select_methods(const mb_system *sys, const project_lca *a,
                          size_t **sel, size_t *nsel)
{
    int k, pass;
    size_t m;

    *sel = calloc(sys->nmethods + 1, sizeof **sel);
    *nsel = 0;
    if (!*sel)
        return cli_error("lca", EXIT_ERROR, "out of memory");
    for (k = 0; k < a->nmethods; k++) {
        size_t before = *nsel;

        for (pass = 0; pass < 3 && *nsel == before; pass++)
            for (m = 0; m < sys->nmethods; m++)
                if (method_matches(sys->methods[m].name, a->methods[k],
                                   pass) &&
                    *nsel < sys->nmethods)
                    (*sel)[(*nsel)++] = m;
        if (*nsel == before) {
            fprintf(stderr, "metabol lca: --method '%s': no such method or "
                    "category; the project has:",
                    a->methods[k]);
            for (m = 0; m < sys->nmethods && m < 40; m++)
                fprintf(stderr, "%s '%s'", m ? "," : "",
                        sys->methods[m].name);
            fprintf(stderr, "%s\n",
                    sys->nmethods == 0 ? " none (import a method first)"
                    : sys->nmethods > 40 ? ", ..."
                                         : "");
            return EXIT_ERROR;
        }
    }
    return -1;
}

/* The activity of the process asked for, or an exit code. */
static int find_activity(mb_store *store, const mb_system *sys,
                         const char *name, int64_t *j, char uuid[MB_STORE_ID_SIZE])
{
    int64_t count;

    if (mb_store_find_process(store, name, uuid, &count) < 0)
        return cli_fail("lca");
    if (count == 0)
        return cli_error("lca", EXIT_ERROR,
                         "--process '%s': no process of that name or id "
                         "(metabol list processes --search TEXT)",
                         name);
    if (count > 1)
        fprintf(stderr, "metabol lca: %lld processes are named '%s'; using "
                "%s (give an id to choose)\n",
                (long long)count, name, uuid);
    if ((*j = mb_system_find_activity(sys, uuid)) < 0)
        return cli_error("lca", EXIT_ERROR,
                         "--process '%s': it has no product output, so it "
                         "is not in the model",
                         name);
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

    if ((rc = find_activity(store, sys, a->process, &j, uuid)) >= 0 ||
        (a->nmethods && (rc = select_methods(sys, a, &sel, &nsel)) >= 0))
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
    overrides ov = {NULL, 0, 0};
    mb_store *store = NULL;
    mb_system *sys = NULL;
    int k, rc = -1;

    memset(&report, 0, sizeof report);
    if (a->params_file)
        rc = read_params_file(&ov, a->params_file);
    for (k = 0; rc < 0 && k < a->nparams; k++)
        rc = add_override(&ov, a->params[k], "--param");
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
    overrides_free(&ov);
    return rc;
}
