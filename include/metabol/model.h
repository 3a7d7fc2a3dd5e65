/*
 * model.h - the compiled LCA system: index maps and matrices.
 *
 *   A  technosphere, products x activities (outputs > 0, inputs < 0)
 *   B  biosphere, flows x activities
 *   C  characterization: one factor per flow and method (a diagonal matrix
 *      in Brightway, stored here as a dense vector per method)
 *   N  normalization: one factor per flow (diagonal, as in bw2calc)
 *   W  weighting: one scalar per weighting set
 *
 * Ids are the integers of the data (Brightway ids); each id space is sorted
 * ascending and mapped to 0..n-1, as bw2calc's mappers do.
 */
#ifndef METABOL_MODEL_H
#define METABOL_MODEL_H

#include "common.h"
#include "sparse.h"
#include "datapackage.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The parametric model of a compiled system (param_model.h). */
typedef struct mb_param_model mb_param_model;

/* A named vector over the flows (characterization or normalization). */
typedef struct mb_flow_vector {
    char *name;
    double *values; /* nflows entries */
} mb_flow_vector;

typedef struct mb_weighting {
    char *name;
    double value;
} mb_weighting;

/*
 * Names and units of a compiled system: one entry per activity, per flow,
 * per method. Activities are process x reference product pairs.
 */
typedef struct mb_system_labels {
    char **activity_names; /* process name */
    char **activity_uuids; /* process id in the data */
    char **product_names;  /* reference product */
    char **product_units;  /* its reference unit */
    char **flow_names;
    char **flow_categories; /* category path */
    char **flow_units;      /* reference unit */
    char **flow_uuids;
    unsigned char *flow_inputs; /* 1: taken from nature, 0: emitted */
    char **method_units;
    char **cutoff_names; /* per row of mb_system.cutoffs */
    char **cutoff_units;
} mb_system_labels;

typedef struct mb_system {
    int64_t nproducts, nactivities, nflows;
    int64_t *product_ids;  /* sorted ascending */
    int64_t *activity_ids; /* sorted ascending */
    int64_t *flow_ids;     /* sorted ascending */
    mb_csc *A;             /* nproducts x nactivities */
    mb_csc *B;             /* nflows x nactivities */
    size_t nmethods;
    mb_flow_vector *methods;
    size_t nnormalizations;
    mb_flow_vector *normalizations;
    size_t nweightings;
    mb_weighting *weightings;
    /* Labels of a system compiled from a database; NULL otherwise. */
    mb_system_labels *labels;
    /*
     * Inputs no activity provides, cut off: product (or waste) flows x
     * activities, positive amounts in the flow's reference unit, so that
     * cutoffs s is what a supply chain leaves out. NULL from datapackages.
     */
    mb_csc *cutoffs;
    /*
     * The distribution of each nonzero of A and of B (CSC order), in the
     * entry's units and sign (a lognormal of a negative entry has a
     * negative geometric mean); MB_DIST_NONE where the data gives none,
     * where its distribution is not valid (see invalid_distributions) or
     * where several exchanges (datapackage entries) add up to the entry.
     * NULL when no entry has one and when not asked for
     * (mb_compile_options.uncertainty; datapackages opened without
     * MB_DP_LOAD_DISTRIBUTIONS).
     */
    mb_lci_uncertainty *A_uncertainty, *B_uncertainty;
    /*
     * The distribution of each method's factors, as A_uncertainty is for
     * A: C_uncertainty[m] is NULL when no factor of method m has one, else
     * nflows entries in the units of methods[m].values (MB_DIST_NONE where
     * none, or where several factors add up to the value). C_uncertainty
     * is NULL (not nmethods NULLs) when no method has one or when not
     * asked for.
     */
    mb_lci_uncertainty **C_uncertainty;
    /*
     * When distributions were asked for: how many records that reach the
     * matrices (exchanges, characterization factors, datapackage entries)
     * give a distribution that describes none (mb_lci_uncertainty_check)
     * or one metabol does not sample, and the first of them in one line a
     * user can act on, e.g. "process 'steel' (id): exchange 'coal' (input):
     * lognormal (geometric mean 2, geometric sd 0.5): geometric sd 0.5
     * below 1". Their entries get MB_DIST_NONE; a Monte Carlo run refuses
     * such a system (or keeps those entries at their amounts, when told
     * to). 0 and NULL when none.
     */
    size_t invalid_distributions;
    char *invalid_distribution;
    /*
     * The parameters with a distribution and the nonzeros of A and B that
     * are formulas of them (param_model.h): NULL when there are none,
     * when not asked for (mb_compile_options.parameters) and for systems
     * from datapackages.
     */
    mb_param_model *params;
} mb_system;

/*
 * Combine datapackages into one system the way bw2calc does: all resources
 * of a matrix are concatenated; values with `flip` are negated; duplicate
 * entries are summed; products and activities come from the technosphere,
 * flows from the biosphere; characterization, normalization and weighting
 * entries of flows absent from the biosphere are dropped. Each
 * characterization group (by identifier, else by group name) is a method.
 * Packages opened with MB_DP_LOAD_DISTRIBUTIONS give A_uncertainty,
 * B_uncertainty and C_uncertainty (each entry's stats_arrays distribution,
 * negated with a flipped value; none for a sum) and count the invalid and
 * unsupported ones in invalid_distributions.
 */
MB_EXTERN int mb_system_from_datapackages(mb_system **out,
                                          mb_datapackage *const *dps,
                                          size_t ndps);

/* Position of an id in its id space, or -1. */
MB_EXTERN int64_t mb_system_product_index(const mb_system *s, int64_t id);
MB_EXTERN int64_t mb_system_activity_index(const mb_system *s, int64_t id);
MB_EXTERN int64_t mb_system_flow_index(const mb_system *s, int64_t id);

/* Method by exact name, or -1. */
MB_EXTERN int64_t mb_system_method_index(const mb_system *s, const char *name);

/* Find an activity by process uuid or exact name (case-insensitive): -1. */
MB_EXTERN int64_t mb_system_find_activity(const mb_system *s,
                                          const char *name_or_uuid);

MB_EXTERN void mb_system_labels_free(mb_system_labels *l, int64_t nactivities,
                                     int64_t nflows, size_t nmethods,
                                     int64_t ncutoffs);
MB_EXTERN void mb_system_free(mb_system *s);

#ifdef __cplusplus
}
#endif
#endif
