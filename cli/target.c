/*
 * target.c - the system, demand and methods an analysis command works on
 * (target.h): options, checks, loading from the project or datapackages,
 * and the parts `lca --process` shares (parameter overrides, methods by
 * name, a process by name or id).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "target.h"

/* Add NAME=VALUE; `where` names the source for the error. */
static int add_override(cli_overrides *o, const char *cmd, const char *spec,
                        const char *where)
{
    const char *eq = strchr(spec, '=');
    char *name, *end;
    double value;

    if (!eq || eq == spec || cli_parse_double(eq + 1, &value) < 0)
        return cli_error(cmd, EXIT_USAGE,
                         "%s '%s': expected NAME=VALUE with a number", where,
                         spec);
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 8;
        mb_param_override *n = realloc(o->items, cap * sizeof *n);

        if (!n)
            return cli_error(cmd, EXIT_ERROR, "out of memory");
        o->items = n;
        o->cap = cap;
    }
    if (!(name = strndup(spec, (size_t)(eq - spec))))
        return cli_error(cmd, EXIT_ERROR, "out of memory");
    for (end = name + strlen(name); end > name && (end[-1] == ' ' ||
                                                   end[-1] == '\t');)
        *--end = '\0'; /* "scale = 7" names "scale" */
    o->items[o->n].name = name;
    o->items[o->n].value = value;
    o->n++;
    return -1;
}

/* NAME=VALUE lines; blank lines and lines starting with # are skipped. */
static int read_params_file(cli_overrides *o, const char *cmd,
                            const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024], where[1100];
    int lineno = 0, rc = -1;

    if (!f)
        return cli_error(cmd, EXIT_ERROR, "--params %s: cannot open", path);
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
        rc = add_override(o, cmd, s, where);
    }
    fclose(f);
    return rc;
}

int cli_overrides_read(cli_overrides *o, const char *cmd, char **params,
                       int nparams, const char *params_file)
{
    int k, rc = -1;

    if (params_file)
        rc = read_params_file(o, cmd, params_file);
    for (k = 0; rc < 0 && k < nparams; k++)
        rc = add_override(o, cmd, params[k], "--param");
    return rc;
}

void cli_overrides_free(cli_overrides *o)
{
    size_t k;

    for (k = 0; k < o->n; k++)
        free((char *)o->items[k].name);
    free(o->items);
    memset(o, 0, sizeof *o);
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
int cli_select_methods(const mb_system *sys, const char *cmd,
                       const char *const *names, int nnames, size_t **sel,
                       size_t *nsel)
{
    int k, pass;
    size_t m;

    *sel = calloc(sys->nmethods + 1, sizeof **sel);
    *nsel = 0;
    if (!*sel)
        return cli_error(cmd, EXIT_ERROR, "out of memory");
    for (k = 0; k < nnames; k++) {
        size_t before = *nsel;

        for (pass = 0; pass < 3 && *nsel == before; pass++)
            for (m = 0; m < sys->nmethods; m++)
                if (method_matches(sys->methods[m].name, names[k], pass) &&
                    *nsel < sys->nmethods)
                    (*sel)[(*nsel)++] = m;
        if (*nsel == before) {
            fprintf(stderr, "metabol %s: --method '%s': no such method or "
                    "category; the data has:",
                    cmd, names[k]);
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

static int find_activity_for(mb_store *store, const mb_system *sys,
                             const char *cmd, const char *option,
                             const char *name, int64_t *j,
                             char uuid[MB_STORE_ID_SIZE]);

int cli_find_activity(mb_store *store, const mb_system *sys, const char *cmd,
                      const char *name, int64_t *j,
                      char uuid[MB_STORE_ID_SIZE])
{
    return find_activity_for(store, sys, cmd, "--process", name, j, uuid);
}

/* The activity of process `name`, given by option `option`. */
static int find_activity_for(mb_store *store, const mb_system *sys,
                             const char *cmd, const char *option,
                             const char *name, int64_t *j,
                             char uuid[MB_STORE_ID_SIZE])
{
    int64_t count;

    if (mb_store_find_process(store, name, uuid, &count) < 0)
        return cli_fail(cmd);
    if (count == 0)
        return cli_error(cmd, EXIT_ERROR,
                         "%s '%s': no process of that name or id "
                         "(metabol list processes --search TEXT)",
                         option, name);
    if (count > 1)
        fprintf(stderr, "metabol %s: %lld processes are named '%s'; using "
                "%s (give an id to choose)\n",
                cmd, (long long)count, name, uuid);
    if ((*j = mb_system_find_activity(sys, uuid)) < 0)
        return cli_error(cmd, EXIT_ERROR,
                         "%s '%s': it has no product output, so it is not "
                         "in the model",
                         option, name);
    return -1;
}

int cli_target_init(cli_target *t, const char *cmd, int argc)
{
    memset(t, 0, sizeof *t);
    t->cmd = cmd;
    t->amount = 1.0;
    t->packages = calloc((size_t)argc + 1, sizeof *t->packages);
    t->demands = calloc((size_t)argc + 1, sizeof *t->demands);
    t->method_names = calloc((size_t)argc + 1, sizeof *t->method_names);
    t->params = calloc((size_t)argc + 1, sizeof *t->params);
    if (!t->packages || !t->demands || !t->method_names || !t->params)
        return cli_error(cmd, EXIT_ERROR, "out of memory");
    return -1;
}

int cli_target_option(cli_target *t, int c, const char *arg)
{
    switch (c) {
    case 0x100: t->process = arg; return -1;
    case 0x101:
        if (cli_parse_double(arg, &t->amount) < 0)
            return cli_error(t->cmd, EXIT_USAGE,
                             "--amount '%s': expected a number", arg);
        return -1;
    case 0x102: t->unit = arg; return -1;
    case 0x103: t->packages[t->npackages++] = arg; return -1;
    case 0x104: t->demands[t->ndemands++] = (char *)arg; return -1;
    case 0x105: t->method_names[t->nmethod_names++] = arg; return -1;
    case 0x106: t->params[t->nparams++] = (char *)arg; return -1;
    case 0x107: t->params_file = arg; return -1;
    case 0x108:
        if ((t->allocation = cli_allocation_parse(arg)) < 0)
            return cli_error(t->cmd, EXIT_USAGE,
                             "--allocation '%s': expected default, "
                             "physical, economic, causal or none",
                             arg);
        return -1;
    case 0x109:
        if ((t->providers = cli_providers_parse(arg)) < 0)
            return cli_error(t->cmd, EXIT_USAGE,
                             "--providers '%s': expected location, first "
                             "or fail",
                             arg);
        return -1;
    case 0x10a: t->match_by_name = 1; return -1;
    default: return 0;
    }
}

int cli_target_check(const cli_target *t)
{
    if (t->process && (t->npackages || t->ndemands))
        return cli_error(t->cmd, EXIT_USAGE,
                         "--process works on the project; it does not go "
                         "with --datapackage or --demand");
    if (!t->process && !t->npackages)
        return cli_error(t->cmd, EXIT_USAGE,
                         "give --process NAME (a process of the project) or "
                         "--datapackage DIR with --demand ID=AMOUNT");
    if (t->npackages && !t->ndemands)
        return cli_error(t->cmd, EXIT_USAGE,
                         "--datapackage needs --demand ID=AMOUNT");
    if (t->npackages && (t->nparams || t->params_file || t->unit))
        return cli_error(t->cmd, EXIT_USAGE,
                         "--param, --params and --unit work on the "
                         "project (--process), not on datapackages");
    return -1;
}

int cli_demand_from_ids(const mb_system *sys, const char *cmd,
                        char *const *specs, int n, double *demand)
{
    int k;

    for (k = 0; k < n; k++) {
        const char *spec = specs[k], *eq = strchr(spec, '=');
        char idtext[64];
        int64_t id, pos;
        double amount;

        if (!eq || (size_t)(eq - spec) >= sizeof idtext)
            return cli_error(cmd, EXIT_USAGE,
                             "--demand '%s': expected ID=AMOUNT", spec);
        memcpy(idtext, spec, (size_t)(eq - spec));
        idtext[eq - spec] = '\0';
        if (cli_parse_int64(idtext, &id) < 0 ||
            cli_parse_double(eq + 1, &amount) < 0)
            return cli_error(cmd, EXIT_USAGE,
                             "--demand '%s': expected an integer product id "
                             "and a number, as 100=1",
                             spec);
        pos = mb_system_product_index(sys, id);
        if (pos < 0 && sys->nproducts == 0)
            return cli_error(cmd, EXIT_ERROR,
                             "--demand: the technosphere is empty");
        if (pos < 0)
            return cli_error(cmd, EXIT_ERROR,
                             "--demand: no product with id %lld in the "
                             "technosphere (%lld products, ids %lld to "
                             "%lld)",
                             (long long)id, (long long)sys->nproducts,
                             (long long)sys->product_ids[0],
                             (long long)sys->product_ids[sys->nproducts - 1]);
        demand[pos] += amount;
    }
    return -1;
}

static int load_datapackages(cli_target *t)
{
    mb_datapackage **dps = calloc((size_t)t->npackages, sizeof *dps);
    int k, rc = -1;

    if (!dps)
        return cli_error(t->cmd, EXIT_ERROR, "out of memory");
    for (k = 0; rc < 0 && k < t->npackages; k++)
        if (mb_datapackage_open(&dps[k], t->packages[k],
                                t->uncertainty ? MB_DP_LOAD_DISTRIBUTIONS
                                               : 0) < 0)
            rc = cli_fail(t->cmd);
    if (rc < 0 &&
        mb_system_from_datapackages(&t->sys, dps, (size_t)t->npackages) < 0)
        rc = cli_fail(t->cmd);
    for (k = 0; k < t->npackages; k++)
        mb_datapackage_free(dps[k]);
    free(dps);
    return rc;
}

/*
 * The demand of `process` (named by `option`): amount in unit, else in the
 * product's reference unit.
 */
static int process_demand(cli_target *t, const char *option,
                          const char *process, double amount,
                          const char *unit, double *out, const char **label)
{
    char uuid[MB_STORE_ID_SIZE];
    double factor = 1.0;
    int64_t j;
    int rc;

    if ((rc = find_activity_for(t->store, t->sys, t->cmd, option, process,
                                &j, uuid)) >= 0)
        return rc;
    if (unit && mb_store_product_unit(t->store, uuid, unit, &factor) < 0)
        return cli_error(t->cmd, EXIT_ERROR, "--unit: %s",
                         mb_error_last()->message);
    memset(out, 0, (size_t)t->sys->nproducts * sizeof *out);
    out[j] = amount * factor;
    if (label)
        *label = t->sys->labels ? t->sys->labels->activity_names[j] : process;
    return -1;
}

static int load_project(cli_target *t)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    cli_overrides ov = {NULL, 0, 0};
    int rc = cli_overrides_read(&ov, t->cmd, t->params, t->nparams,
                                t->params_file);

    if (rc < 0)
        rc = cli_open_project(&t->store, t->cmd, 0);
    if (rc < 0) {
        o.allocation = (mb_allocation_rule)t->allocation;
        o.providers = (mb_provider_rule)t->providers;
        o.match_by_name = t->match_by_name;
        o.overrides = ov.items;
        o.noverrides = ov.n;
        o.uncertainty = t->uncertainty;
        o.parameters = t->uncertainty;
        if (cli_project_model(t->store, &o, &t->sys, &t->report) < 0)
            rc = cli_fail(t->cmd);
    }
    cli_overrides_free(&ov);
    return rc;
}

int cli_target_load(cli_target *t)
{
    int rc = t->process ? load_project(t) : load_datapackages(t);

    if (rc >= 0)
        return rc;
    if (!(t->demand = calloc((size_t)t->sys->nproducts + 1,
                             sizeof *t->demand)))
        return cli_error(t->cmd, EXIT_ERROR, "out of memory");
    t->label = "demand";
    rc = t->process ? process_demand(t, "--process", t->process, t->amount,
                                     t->unit, t->demand, &t->label)
                    : cli_demand_from_ids(t->sys, t->cmd, t->demands,
                                          t->ndemands, t->demand);
    if (rc >= 0)
        return rc;
    if (t->nmethod_names)
        return cli_select_methods(t->sys, t->cmd, t->method_names,
                                  t->nmethod_names, &t->methods,
                                  &t->nmethods);
    if (!(t->methods = calloc(t->sys->nmethods + 1, sizeof *t->methods)))
        return cli_error(t->cmd, EXIT_ERROR, "out of memory");
    for (t->nmethods = 0; t->nmethods < t->sys->nmethods; t->nmethods++)
        t->methods[t->nmethods] = t->nmethods;
    return -1;
}

int cli_target_other_demand(cli_target *t, const char *process, double *out)
{
    if (!t->store)
        return cli_error(t->cmd, EXIT_USAGE,
                         "a second process is named on the project "
                         "(--process), not on datapackages");
    return process_demand(t, "--compare", process, t->amount, t->unit, out,
                          NULL);
}

void cli_target_free(cli_target *t)
{
    free(t->packages);
    free(t->demands);
    free(t->method_names);
    free(t->params);
    free(t->demand);
    free(t->methods);
    mb_compile_report_free(&t->report);
    mb_system_free(t->sys);
    mb_store_close(t->store);
    memset(t, 0, sizeof *t);
}
