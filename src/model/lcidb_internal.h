/*
 * lcidb_internal.h - the in-memory inventory database (inventory.h), shared
 * by the files of model/ that fill it, convert its units and compile it.
 *
 * Records are kept as the lci.h structs they arrive as, with every string
 * interned in one map (so pointers are stable and UUIDs repeated across
 * exchanges are stored once), in flat arrays; a process holds ranges into
 * the arrays of exchanges, parameters and allocation factors.
 */
#ifndef MB_MODEL_LCIDB_INTERNAL_H
#define MB_MODEL_LCIDB_INTERNAL_H

#include "core/core.h"
#include "metabol/inventory.h"

typedef struct db_range {
    size_t start, n;
} db_range;

typedef struct db_unit {
    const char *id, *name;
    size_t group;
    double factor;
} db_unit;

typedef struct db_group {
    const char *id, *name;
    int64_t ref_unit; /* index into units, -1 when none is marked */
} db_group;

typedef struct db_flow {
    mb_lci_flow rec;   /* properties -> db->props + range */
    db_range props;
    int64_t ref_prop;  /* index into db->props, -1 when none */
} db_flow;

typedef struct db_process {
    mb_lci_process rec; /* arrays point into the db's arrays */
    db_range ex, par, alloc;
} db_process;

typedef struct db_category {
    mb_lci_impact_category rec;
    db_range factors;
} db_category;

typedef struct db_method {
    const char *id, *name;
    db_range cats; /* into db->method_cats */
} db_method;

#define DB_ARRAY(type, name) \
    type *name;              \
    size_t n##name, cap_##name

struct mb_lcidb {
    mb_strmap strings;
    mb_strmap unit_index, group_index, property_index, flow_index,
        process_index, category_index;
    DB_ARRAY(db_unit, units);
    DB_ARRAY(db_group, groups);
    DB_ARRAY(mb_lci_flow_property, properties);
    DB_ARRAY(mb_lci_location, locations);
    DB_ARRAY(db_flow, flows);
    DB_ARRAY(mb_lci_property_factor, props);
    DB_ARRAY(mb_lci_parameter, globals);
    DB_ARRAY(db_process, processes);
    DB_ARRAY(mb_lci_exchange, exchanges);
    DB_ARRAY(mb_lci_parameter, params);
    DB_ARRAY(mb_lci_allocation_factor, allocs);
    DB_ARRAY(db_category, categories);
    DB_ARRAY(mb_lci_impact_factor, factors);
    DB_ARRAY(db_method, methods);
    DB_ARRAY(const char *, method_cats);
    DB_ARRAY(mb_lci_flow_map, maps);
    mb_lci_sink sink;
};

/* Index of a record by id, or -1. */
int64_t mb_lcidb_find(const mb_strmap *index, const char *id);

/*
 * The factor taking an amount of `flow` given in unit_id of property_id
 * (NULL: the reference ones) to the flow's reference unit. A unit outside
 * the property's unit group, or a property the flow does not have, is an
 * error naming both (the caller adds where).
 */
int mb_lcidb_unit_factor(const mb_lcidb *db, const db_flow *flow,
                         const char *property_id, const char *unit_id,
                         double *factor);

/*
 * Evaluate parameters and formulas (amounts.c): ex_amount gets the amount
 * of every exchange, alloc_value the value of every allocation factor.
 */
int mb_lcidb_eval_amounts(const mb_lcidb *db, const mb_compile_options *o,
                          double *ex_amount, double *alloc_value,
                          size_t *nformulas);

/*
 * Characterization vectors of every impact category over the rows of B
 * (characterize.c): flow_rows[2 f + input] is the row of flow f in that
 * direction, or -1. With `uncertainty`, their factors' distributions too
 * (sys->C_uncertainty) and the invalid ones counted in sys.
 */
int mb_lcidb_characterize(const mb_lcidb *db, const int64_t *flow_rows,
                          mb_system *sys, mb_compile_report *report,
                          int match_by_name, int uncertainty);

/*
 * Allocation (allocation.c): which method splits a process, and the share
 * of each of its exchanges that goes to one of its products.
 */
typedef struct mb_alloc {
    const mb_lcidb *db;
    const int64_t *flow;   /* per exchange: flow index */
    const double *value;   /* per allocation factor: evaluated */
    int64_t *product;      /* per allocation factor: product flow, or -1 */
    int64_t *exchange_flow; /* per allocation factor: exchange flow, or -1 */
    unsigned char *mark;   /* per flow: scratch */
    double *shares;        /* per exchange of the process of one column */
    int64_t *share_from;   /* the allocation factor of each share, or -1 */
    size_t process;        /* whose exchanges are indexed below */
    mb_i64map by_id, by_flow;
    int64_t *next_id, *next_flow;
} mb_alloc;

int mb_alloc_init(mb_alloc *a, const mb_lcidb *db, const int64_t *flow,
                  const double *value);
void mb_alloc_destroy(mb_alloc *a);

/*
 * `method` (MB_ALLOC_*) when it has a factor for every product of p
 * (provides[e] marks them), else MB_ALLOC_NONE (no split).
 */
int mb_alloc_method(mb_alloc *a, const db_process *p, int method,
                    const unsigned char *provides);

/*
 * The shares of the exchanges of process `process` (in their order) that
 * go to its product flow `product`, split by `method` among nproducts;
 * *shares is valid until the next call, as is a->share_from (the factor
 * each share is the value of, -1 for an equal share).
 */
int mb_alloc_shares(mb_alloc *a, size_t process, int method,
                    int64_t product, size_t nproducts,
                    const double **shares);

/* The name of the reference unit of a flow ("" when unknown). */
const char *mb_lcidb_flow_unit(const mb_lcidb *db, const db_flow *flow);

/*
 * Distributions of the entries of one matrix as the compiler pushes them
 * into its triplets (entry_uncertainty.c): u[k] for triplet k.
 */
typedef struct mb_entry_dists {
    mb_lci_uncertainty *u;
    size_t cap;
    int any; /* some entry has a distribution */
} mb_entry_dists;

/* The distribution of triplet `at`: u scaled by k. */
int mb_entry_dists_push(mb_entry_dists *d, int64_t at,
                        const mb_lci_uncertainty *u, double k);
/*
 * The distributions of the nonzeros of a (made from the triplets t) into
 * *out, NULL when none; an entry several triplets add up to gets none.
 */
int mb_entry_dists_place(const mb_entry_dists *d, const mb_coo *t,
                         const mb_csc *a, mb_lci_uncertainty **out);

/*
 * Invalid distributions met while compiling (entry_uncertainty.c): how
 * many records (each counted once, by a key of the caller's: exchange
 * index, or nexchanges + factor index) and the first one in one line.
 */
typedef struct mb_dist_issues {
    size_t count;
    char *first;
    mb_i64map keys;
    int keys_ready;
} mb_dist_issues;

/*
 * When u is given and not valid (mb_lci_uncertainty_check), count record
 * `key` once and, for the first, keep "<where>: <u described>: <what is
 * wrong>", where from fmt. 0 or MB_ENOMEM.
 */
int mb_dist_issue(mb_dist_issues *s, int64_t key,
                  const mb_lci_uncertainty *u, const char *fmt, ...)
    MB_PRINTF(4, 5);
/* The same for a kind of distribution metabol does not sample. */
int mb_dist_issue_unsupported(mb_dist_issues *s, int64_t key,
                              const char *kind, int id, const char *fmt, ...)
    MB_PRINTF(5, 6);
/* Add the count and the first description to sys, and destroy s. */
void mb_dist_issues_move(mb_dist_issues *s, mb_system *sys);
void mb_dist_issues_destroy(mb_dist_issues *s);

#endif
