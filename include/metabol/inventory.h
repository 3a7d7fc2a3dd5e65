/*
 * inventory.h - an inventory database in memory, and its compilation into
 * the matrices of an LCA (model.h): parameters evaluated, amounts converted
 * to reference units, inputs linked to providers, multi-output processes
 * allocated, LCIA factors matched to the inventory's flows.
 *
 * A database is filled through its sink (lci.h), from a reader or from the
 * project store (mb_store_load). The method is described in docs/lca.md
 * ("From a database to matrices").
 */
#ifndef METABOL_INVENTORY_H
#define METABOL_INVENTORY_H

#include "common.h"
#include "lci.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_lcidb mb_lcidb;

/*
 * The revision of the compiler's rules: a cached compiled model made by
 * another revision (or another metabol version) is not used. Raised with
 * every change of what mb_lcidb_compile computes.
 */
#define MB_COMPILE_REVISION 5

MB_EXTERN int mb_lcidb_new(mb_lcidb **out);
MB_EXTERN const mb_lci_sink *mb_lcidb_sink(mb_lcidb *db);
MB_EXTERN void mb_lcidb_free(mb_lcidb *db);

MB_EXTERN size_t mb_lcidb_process_count(const mb_lcidb *db);
MB_EXTERN size_t mb_lcidb_flow_count(const mb_lcidb *db);

/* Which provider an input is linked to when several produce its flow. */
typedef enum mb_provider_rule {
    MB_PROVIDERS_LOCATION = 0, /* same location as the consumer, else first */
    MB_PROVIDERS_FIRST = 1,    /* the first by process id */
    MB_PROVIDERS_FAIL = 2      /* an error naming the candidates */
} mb_provider_rule;

/* How multi-output processes are split. */
typedef enum mb_allocation_rule {
    MB_ALLOCATE_DEFAULT = 0,  /* each process's own default method */
    MB_ALLOCATE_PHYSICAL = 1,
    MB_ALLOCATE_ECONOMIC = 2,
    MB_ALLOCATE_CAUSAL = 3,
    MB_ALLOCATE_NONE = 4      /* no split: system expansion */
} mb_allocation_rule;

/* A parameter redefinition for a scenario: global, else in every process. */
typedef struct mb_param_override {
    const char *name;
    double value;
} mb_param_override;

typedef struct mb_compile_options {
    int version;
    mb_provider_rule providers;
    mb_allocation_rule allocation;
    int match_by_name; /* LCIA factors matched by name and category too */
    const mb_param_override *overrides;
    size_t noverrides;
    /* keep each matrix entry's distribution (mb_system.A_uncertainty and
     * B_uncertainty); off, a system is as large as its matrices */
    int uncertainty;
    /*
     * keep the parametric model (mb_system.params): the parameters with a
     * distribution and the formulas of the entries that depend on them,
     * for Monte Carlo on parameters. An amount given by a formula then
     * takes its uncertainty from its parameters only: its own
     * distribution is left out of A_uncertainty and B_uncertainty, as
     * openLCA evaluates the formula in place of the draw (docs/formulas.md)
     */
    int parameters;
} mb_compile_options;

#define MB_COMPILE_OPTIONS_VERSION 1
#define MB_COMPILE_OPTIONS_INIT                                               \
    {MB_COMPILE_OPTIONS_VERSION, MB_PROVIDERS_LOCATION, MB_ALLOCATE_DEFAULT, \
     0, NULL, 0, 0, 0}

/* What compiling did, for the user to see. */
typedef struct mb_compile_report {
    size_t processes, activities;       /* activities: process x product */
    size_t exchanges;
    size_t linked_default;    /* inputs linked by the data's provider */
    size_t linked_by_flow;    /* inputs linked by their product flow */
    size_t linked_ambiguous;  /* of these, with several candidates */
    size_t unlinked;          /* inputs with no provider: cut off */
    size_t unlinked_flows;    /* distinct flows among them */
    char **unlinked_names;    /* their names, most frequent first */
    size_t *unlinked_counts;
    size_t coproducts_linked; /* co-products substituting a provider */
    size_t allocated;         /* processes split by allocation factors */
    size_t formulas;          /* amounts given by their formula */
    size_t factors_by_id, factors_by_mapping, factors_by_name;
    size_t factors_unmatched; /* LCIA factors of flows not in the data */
    size_t mappings_skipped;  /* flow map rows whose units do not fit */
    size_t no_product;        /* processes left out: no product output */
    char *no_product_name;    /* the first of them, or NULL */
} mb_compile_report;

MB_EXTERN void mb_compile_report_free(mb_compile_report *r);

/*
 * Compile the database into a system whose activities are the process x
 * reference-product pairs and whose flows are the elementary flows (with
 * their direction), with every impact category as a method named
 * "method/category". The system carries names and units (labels).
 * report may be NULL.
 */
MB_EXTERN int mb_lcidb_compile(mb_system **out, mb_compile_report *report,
                               const mb_lcidb *db,
                               const mb_compile_options *options);

/*
 * A compiled system and its report as one blob (for the project's cache),
 * and back. The blob is for this machine and build: mb_compiled_load
 * refuses (MB_EFORMAT) anything else. Free the saved blob with
 * mb_compiled_free.
 */
MB_EXTERN int mb_compiled_save(const mb_system *s, const mb_compile_report *r,
                               void **buf, size_t *len);
MB_EXTERN int mb_compiled_load(mb_system **out, mb_compile_report *report,
                               const void *buf, size_t len);
MB_EXTERN void mb_compiled_free(void *buf);

#ifdef __cplusplus
}
#endif
#endif
