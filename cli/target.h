/*
 * target.h - what an analysis command works on: a system (the project's
 * compiled model with --process, or Brightway datapackages with
 * --datapackage), one demand on it, and the methods asked for. `lca`, `mc`,
 * `sensitivity`, `paths` and `sankey` share these options and their errors.
 */
#ifndef METABOL_CLI_TARGET_H
#define METABOL_CLI_TARGET_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include <metabol/metabol.h>

/*
 * The options of a target, for a command's getopt_long table (their short
 * codes are 0x100 and up, out of the way of a command's own letters):
 * --process --amount --unit --datapackage --demand --method --param --params
 * --allocation --providers --match-by-name.
 */
#define CLI_TARGET_OPTIONS                                                   \
    {"process", required_argument, NULL, 0x100},                             \
        {"amount", required_argument, NULL, 0x101},                          \
        {"unit", required_argument, NULL, 0x102},                            \
        {"datapackage", required_argument, NULL, 0x103},                     \
        {"demand", required_argument, NULL, 0x104},                          \
        {"method", required_argument, NULL, 0x105},                          \
        {"param", required_argument, NULL, 0x106},                           \
        {"params", required_argument, NULL, 0x107},                          \
        {"allocation", required_argument, NULL, 0x108},                      \
        {"providers", required_argument, NULL, 0x109},                       \
    {                                                                        \
        "match-by-name", no_argument, NULL, 0x10a                            \
    }

/* Usage lines of the target options, for a command's help. */
#define CLI_TARGET_USAGE                                                     \
    "  --process NAME_OR_ID [--amount X [--unit U]]  a process of the\n"    \
    "        project (metabol import), X of its product (default 1)\n"       \
    "  --datapackage DIR_OR_ZIP ... --demand ID=AMOUNT ...  Brightway\n"    \
    "        datapackages instead, as `metabol lca` takes them\n"            \
    "  --method NAME  a category (AR6-100), a method (all its categories)\n" \
    "        or method/category; several may be given\n"                     \
    "  --param NAME=VALUE, --params FILE, --allocation RULE,\n"              \
    "  --providers RULE, --match-by-name  as for `metabol lca`\n"

typedef struct cli_target {
    const char *cmd; /* for error messages: "metabol <cmd>: ..." */
    /* the options */
    const char *process;
    double amount;
    const char *unit;
    const char **packages;
    int npackages;
    char **demands;
    int ndemands;
    const char **method_names;
    int nmethod_names;
    char **params; /* NAME=VALUE */
    int nparams;
    const char *params_file;
    int allocation, providers, match_by_name;
    int uncertainty; /* compile with the distributions of the entries */
    /* what cli_target_load gives */
    mb_store *store; /* with --process */
    mb_system *sys;
    mb_compile_report report;
    double *demand;   /* nproducts */
    size_t *methods;  /* the methods asked for, or all */
    size_t nmethods;
    const char *label; /* the process's name or "demand" */
} cli_target;

/* Zero the target and room for argc repeated options; -1 or exit code. */
int cli_target_init(cli_target *t, const char *cmd, int argc);

/*
 * Take option c (a code of CLI_TARGET_OPTIONS) with its argument: -1 when
 * taken, 0 when c is not a target option, else an exit code after printing
 * the error.
 */
int cli_target_option(cli_target *t, int c, const char *arg);

/* Check the options go together (--process or --datapackage); -1 or code. */
int cli_target_check(const cli_target *t);

/*
 * Load the system (compiled from the project, from the cache when current,
 * or from the datapackages), the demand and the methods; -1 on success,
 * else an exit code after printing the error.
 */
int cli_target_load(cli_target *t);

/*
 * The demand vector of another process of the project (for comparisons):
 * `out` has nproducts entries, zeroed and set; -1 or an exit code.
 */
int cli_target_other_demand(cli_target *t, const char *process, double *out);

void cli_target_free(cli_target *t);

/* Add ID=AMOUNT specs (product ids of sys) into demand; -1 or exit code.
 * Used by `lca --datapackage` too. */
int cli_demand_from_ids(const mb_system *sys, const char *cmd,
                        char *const *specs, int n, double *demand);

/* Used by `lca --process` too. */
typedef struct cli_overrides {
    mb_param_override *items;
    size_t n, cap;
} cli_overrides;

int cli_overrides_read(cli_overrides *o, const char *cmd, char **params,
                       int nparams, const char *params_file);
void cli_overrides_free(cli_overrides *o);
int cli_select_methods(const mb_system *sys, const char *cmd,
                       const char *const *names, int nnames, size_t **sel,
                       size_t *nsel);
int cli_find_activity(mb_store *store, const mb_system *sys, const char *cmd,
                      const char *name, int64_t *j,
                      char uuid[MB_STORE_ID_SIZE]);

#endif
