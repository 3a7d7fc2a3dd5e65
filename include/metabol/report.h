/*
 * report.h - LCA results written as JSON, CSV or an aligned text table.
 */
#ifndef METABOL_REPORT_H
#define METABOL_REPORT_H

#include <stdio.h>
#include "common.h"
#include "gsa.h"
#include "lca.h"
#include "mc.h"
#include "inventory.h"
#include "sensitivity.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mb_report_format {
    MB_REPORT_TABLE = 0,
    MB_REPORT_JSON,
    MB_REPORT_CSV
} mb_report_format;

/* Parse "table", "json" or "csv"; -1 when unknown. */
MB_EXTERN int mb_report_format_parse(const char *name);

typedef struct mb_report_options {
    int version;
    mb_report_format format;
    int64_t top;           /* contributions listed per method; 10 */
    const size_t *methods; /* methods to report; NULL for all */
    size_t nmethods;
    /* How a labeled system was compiled (linking, cut-offs), or NULL. */
    const mb_compile_report *compile;
} mb_report_options;

#define MB_REPORT_OPTIONS_VERSION 1
#define MB_REPORT_OPTIONS_INIT                                                \
    {MB_REPORT_OPTIONS_VERSION, MB_REPORT_TABLE, 10, NULL, 0, NULL}

/*
 * Write the result of one demand. A system compiled from a database
 * (with labels) is reported by name and unit, with the linking summary of
 * opts->compile and, per method, the inventory flows without a factor.
 */
MB_EXTERN int mb_report_lca(FILE *out, const mb_lca_result *r,
                            const mb_report_options *opts);

/*
 * Write the scores of one unit of every product for every method (from
 * mb_lca_all_scores: nproducts x nmethods), restricted to opts->methods.
 */
MB_EXTERN int mb_report_all_scores(FILE *out, const mb_system *sys,
                                   const mb_dense *scores,
                                   const mb_report_options *opts);

/* What a Monte Carlo report shows (mb_report_mc). */
typedef struct mb_mc_report {
    const mb_system *sys;
    const mb_mc_result *res;          /* all the run's iterations */
    const char *const *demand_labels; /* res->ndemands names */
    const size_t *methods;            /* res->nmethods indices into sys */
    const double *deterministic;      /* [d * nmethods + m], or NULL */
    uint64_t seed;
    int threads, ranks;
} mb_mc_report;

/*
 * Per demand and method: the deterministic score, mean, standard deviation,
 * median and percentiles (2.5, 5, 25, 75, 95, 97.5); with two demands, the
 * difference first - second per iteration (common random numbers) and the
 * probability that the first scores lower. Table, JSON or long CSV.
 */
MB_EXTERN int mb_report_mc(FILE *out, const mb_mc_report *r,
                           const mb_report_options *opts);

/* A sensitivity analysis of one demand, per method (sensitivity.h). */
typedef struct mb_sens_report {
    const char *label; /* the demand: a process's name, or "demand" */
    size_t nmethods;
    const mb_sens_ranking *const *local; /* per method: the top entries */
    /*
     * The global part, or NULL: per method the entries followed through
     * the Monte Carlo run and their measures (global[m]'s inputs are
     * tracked[m]'s entries, in order), ranked in the report by SRC^2;
     * both NULL for a method no entry with a distribution affects.
     */
    const mb_sens_ranking *const *tracked;
    const mb_gsa_result *const *global;
    int64_t iterations;
    uint64_t seed;
} mb_sens_report;

/*
 * Write a sensitivity analysis: entries by name (a system with labels) or
 * by id, their value, coefficient and ratio, and the global measures.
 */
MB_EXTERN int mb_report_sensitivity(FILE *out, const mb_system *sys,
                                    const mb_sens_report *r,
                                    mb_report_format format);

#ifdef __cplusplus
}
#endif
#endif
