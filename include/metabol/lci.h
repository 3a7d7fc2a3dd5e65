/*
 * lci.h - life cycle inventory data as importers hand it over: unit groups,
 * flow properties, flows, locations, parameters, processes with their
 * exchanges and allocation factors, impact methods with their categories and
 * factors, and flow mappings.
 *
 * These records are the meeting point of the readers in formats/ (olca
 * JSON-LD, openLCA CSV methods, flow mappings; later EcoSpold, ILCD, SimaPro)
 * and their consumers (the project store, the in-memory database that the
 * compiler turns into matrices). A reader calls one function of an
 * mb_lci_sink per record; the record and every string in it are borrowed
 * for the length of the call only.
 *
 * References between records are by the data's own identifiers (UUID
 * strings); they are resolved when the database is compiled, so a reader can
 * hand records over in any order. Absent optional strings are NULL.
 */
#ifndef METABOL_LCI_H
#define METABOL_LCI_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mb_flow_type {
    MB_FLOW_ELEMENTARY = 0,
    MB_FLOW_PRODUCT = 1,
    MB_FLOW_WASTE = 2
} mb_flow_type;

typedef enum mb_allocation {
    MB_ALLOC_NONE = 0,
    MB_ALLOC_PHYSICAL = 1,
    MB_ALLOC_ECONOMIC = 2,
    MB_ALLOC_CAUSAL = 3
} mb_allocation;

/*
 * Uncertainty distributions as the data gives them (openLCA, ecoinvent,
 * Brightway's stats_arrays); docs/uncertainty-data.md maps each format's
 * encoding to these. Parameters are in the amount's units and sign.
 */
typedef enum mb_distribution {
    MB_DIST_NONE = 0,
    MB_DIST_LOGNORMAL = 1, /* p[0] geometric mean (negative: the draws are
                            * negative), p[1] geometric sd (>= 1) */
    MB_DIST_NORMAL = 2,    /* p[0] mean, p[1] sd */
    MB_DIST_TRIANGLE = 3,  /* p[0] minimum, p[1] mode, p[2] maximum */
    MB_DIST_UNIFORM = 4,   /* p[0] minimum, p[1] maximum */
    /*
     * Weibull and gamma as stats_arrays (ids 8, 9) has them:
     * X = loc + scale Y, Y the standard Weibull (1 - exp(-y^shape)) or
     * gamma (shape, scale 1) variable; p[0] loc, p[1] scale (> 0),
     * p[2] shape (> 0), p[3] 1 for the mirror image -(loc + scale Y)
     * (stats_arrays' `negative`), else 0.
     */
    MB_DIST_WEIBULL = 5,
    MB_DIST_GAMMA = 6,
    /*
     * Beta as stats_arrays (id 10) has it: minimum + (maximum - minimum) B
     * with B of density x^(alpha-1) (1-x)^(beta-1) / B(alpha, beta) on
     * [0, 1]; p[0] alpha (> 0), p[1] beta (> 0), p[2] minimum, p[3]
     * maximum (above the minimum).
     */
    MB_DIST_BETA = 7
} mb_distribution;

#define MB_DIST_MAX MB_DIST_BETA

typedef struct mb_lci_uncertainty {
    mb_distribution type;
    double p[4];
} mb_lci_uncertainty;

/* How many of p a distribution of this type uses (0 for none). */
MB_EXTERN int mb_distribution_nparams(mb_distribution type);

/*
 * u carried to k times its variable (*out = the distribution of k X):
 * means, bounds and locations scale by k (a negative k swaps minimum and
 * maximum, mirrors a Weibull or gamma, and turns a beta over: alpha and
 * beta swap), a lognormal's geometric sd stays, an sd or a scale scales by
 * |k|. MB_DIST_NONE when k is 0 or not finite, or when u is not valid
 * (mb_lci_uncertainty_check).
 */
MB_EXTERN void mb_lci_uncertainty_scale(const mb_lci_uncertainty *u, double k,
                                        mb_lci_uncertainty *out);

/*
 * Whether u describes a distribution: 0 when it does (MB_DIST_NONE does
 * too), else MB_EINVAL with what is wrong in `why` (one line, e.g.
 * "lognormal on a zero amount", "geometric sd 0.5 below 1", "minimum 3
 * above maximum 2", "negative scale -2", "standard deviation NaN (missing
 * or not finite in the data)"). why may be NULL. Sets no error record.
 */
MB_EXTERN int mb_lci_uncertainty_check(const mb_lci_uncertainty *u,
                                       char *why, size_t size);

/*
 * u as a user reads it, e.g. "lognormal (geometric mean 2, geometric sd
 * 1.5)", "triangular (minimum 1, mode 2, maximum 3)" (truncated to size).
 */
MB_EXTERN void mb_lci_uncertainty_describe(const mb_lci_uncertainty *u,
                                           char *buf, size_t size);

/*
 * The mean and variance of a valid u (for first-order propagation and
 * tests): MB_EINVAL when u is none or not valid.
 */
MB_EXTERN int mb_lci_uncertainty_moments(const mb_lci_uncertainty *u,
                                         double *mean, double *variance);

typedef struct mb_lci_unit {
    const char *id;
    const char *name;
    double factor; /* amount in the group's reference unit of one unit */
    int is_reference;
} mb_lci_unit;

typedef struct mb_lci_unit_group {
    const char *id;
    const char *name;
    size_t nunits;
    const mb_lci_unit *units;
} mb_lci_unit_group;

typedef struct mb_lci_flow_property {
    const char *id;
    const char *name;
    const char *unit_group_id;
} mb_lci_flow_property;

/* How much of a flow property one reference-property unit of a flow has. */
typedef struct mb_lci_property_factor {
    const char *property_id;
    double factor;
    int is_reference;
} mb_lci_property_factor;

typedef struct mb_lci_flow {
    const char *id;
    const char *name;
    mb_flow_type type;
    const char *category; /* path, "/" separated: "air/unspecified" */
    const char *cas;
    const char *formula;
    const char *location_id;
    size_t nproperties;
    const mb_lci_property_factor *properties;
} mb_lci_flow;

typedef struct mb_lci_location {
    const char *id;
    const char *name;
    const char *code;
} mb_lci_location;

typedef struct mb_lci_parameter {
    const char *name;
    const char *formula; /* NULL for an input parameter */
    double value;
    mb_lci_uncertainty uncertainty;
} mb_lci_parameter;

/* Exchange flags. */
#define MB_EXCHANGE_INPUT 1u
#define MB_EXCHANGE_AVOIDED 2u   /* an avoided product (system expansion) */
#define MB_EXCHANGE_REFERENCE 4u /* the process's quantitative reference */

typedef struct mb_lci_exchange {
    int64_t internal_id; /* unique in its process; -1 when the data has none */
    const char *flow_id;
    const char *unit_id;      /* NULL: the flow's reference unit */
    const char *property_id;  /* NULL: the flow's reference property */
    const char *provider_id;  /* default provider process, or NULL */
    const char *location_id;
    const char *formula; /* amount formula, or NULL */
    double amount;
    unsigned flags;
    mb_lci_uncertainty uncertainty;
} mb_lci_exchange;

/*
 * The share of an exchange (causal) or of the whole process (physical,
 * economic) that goes to one product. For causal factors the exchange is
 * named by internal id when the data has one, else by its flow.
 */
typedef struct mb_lci_allocation_factor {
    mb_allocation type;
    const char *product_id;
    int64_t exchange_internal_id;  /* -1 when absent */
    const char *exchange_flow_id;  /* NULL when absent */
    const char *formula;
    double value;
} mb_lci_allocation_factor;

typedef struct mb_lci_process {
    const char *id;
    const char *name;
    const char *category;
    const char *location_id;
    mb_allocation default_allocation;
    size_t nexchanges;
    const mb_lci_exchange *exchanges;
    size_t nparameters;
    const mb_lci_parameter *parameters;
    size_t nallocation_factors;
    const mb_lci_allocation_factor *allocation_factors;
} mb_lci_process;

typedef struct mb_lci_impact_factor {
    const char *flow_id;
    const char *property_id; /* NULL: the flow's reference property */
    const char *unit_id;     /* NULL: the property's reference unit */
    const char *unit_name;   /* used when unit_id is NULL (CSV methods) */
    const char *location_id;
    const char *formula;
    double value; /* score per unit of the flow in unit_id */
    mb_lci_uncertainty uncertainty;
    const char *flow_name;     /* when the data names the flow, else NULL */
    const char *flow_category; /* its category path, else NULL */
} mb_lci_impact_factor;

typedef struct mb_lci_impact_category {
    const char *id;
    const char *name;
    const char *reference_unit; /* "kg CO2 eq" */
    size_t nfactors;
    const mb_lci_impact_factor *factors;
} mb_lci_impact_category;

typedef struct mb_lci_impact_method {
    const char *id;
    const char *name;
    size_t ncategories;
    const char *const *category_ids;
} mb_lci_impact_method;

/*
 * One row of a flow mapping: 1 source_unit of the source flow = factor
 * target_unit of the target flow. The units are names, NULL when the data
 * gives none (then: the flows' reference units). A row without source_id
 * names its source by source_name and source_category (nomenclatures
 * without ids, e.g. SimaPro's): it applies to the elementary flows of that
 * name (case-insensitive) whose category equals source_category or ends
 * with it ("air" matches "emission/air"; either may be absent).
 */
typedef struct mb_lci_flow_map {
    const char *source_id;
    const char *source_name;
    const char *source_category;
    const char *target_id;
    const char *target_name;
    const char *target_category;
    double factor;
    const char *source_unit;
    const char *target_unit;
} mb_lci_flow_map;

/*
 * The receiver of records. Any callback may be NULL (records of that kind
 * are skipped). A nonzero return stops the reader, which returns it; set the
 * error record (mb_error_last) before returning a negative code.
 */
typedef struct mb_lci_sink {
    void *ctx;
    int (*unit_group)(void *ctx, const mb_lci_unit_group *g);
    int (*flow_property)(void *ctx, const mb_lci_flow_property *p);
    int (*flow)(void *ctx, const mb_lci_flow *f);
    int (*location)(void *ctx, const mb_lci_location *l);
    int (*global_parameter)(void *ctx, const mb_lci_parameter *p);
    int (*process)(void *ctx, const mb_lci_process *p);
    int (*impact_category)(void *ctx, const mb_lci_impact_category *c);
    int (*impact_method)(void *ctx, const mb_lci_impact_method *m);
    int (*flow_map)(void *ctx, const mb_lci_flow_map *m);
    /*
     * Progress of a reader that goes through the files of a directory or
     * zip: `done` of `total` files read (called after each file; total
     * counts every member of the archive, read or not).
     */
    int (*progress)(void *ctx, size_t done, size_t total);
} mb_lci_sink;

#ifdef __cplusplus
}
#endif
#endif
