/*
 * simapro_csv.h - reader of SimaPro CSV exports (PRé Sustainability's
 * SimaPro 7 to 9, File > Export, CSV): processes (material, energy,
 * transport, processing and use processes, waste treatments and waste
 * scenarios) with their parameters, database and project parameters, and
 * LCIA methods with their impact categories, damage categories and
 * normalization-weighting sets. docs/simapro-csv.md says what is read,
 * how SimaPro's names become ids and what is refused.
 *
 * SimaPro names things instead of giving them ids, so the reader makes
 * ids of the names: "simapro-product:<name>" for a product or a waste,
 * "simapro-elementary:<compartment>/<subcompartment>/<name>" for a
 * substance ("(unspecified)" when the subcompartment is empty),
 * "simapro-process:<Process identifier>" (or the first product's name)
 * for a process. An input links to the process of the file making its
 * product (provider_id); one no process of the file makes keeps its
 * product flow, so a process of another import of the project can provide
 * it, or the compiler cuts it off and reports it.
 *
 * The file is read line by line, twice (an index, then the records), with
 * one block in memory at a time. Every error is one line naming the file,
 * the line, the offending value and what was expected.
 */
#ifndef METABOL_SIMAPRO_CSV_H
#define METABOL_SIMAPRO_CSV_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_simapro_csv_stats {
    size_t lines;             /* lines of the file */
    size_t processes;         /* process blocks read */
    size_t exchanges;
    size_t parameters;        /* database and project parameters */
    size_t methods;
    size_t impact_categories; /* with damage categories and single scores */
    size_t factors;
    size_t linked;   /* technosphere exchanges made by a process of the file */
    size_t unlinked; /* ... made by none: left to link by product flow */
    size_t skipped_blocks; /* not read: literature, system descriptions,
                            * product stages, ... */
    size_t skipped_rows;   /* waste fractions of other waste types */
} mb_simapro_csv_stats;

/* Read a SimaPro CSV file. stats may be NULL. */
MB_EXTERN int mb_simapro_csv_read(const char *path, const mb_lci_sink *sink,
                                  mb_simapro_csv_stats *stats);

/* The same from memory; `name` labels it in messages. */
MB_EXTERN int mb_simapro_csv_read_buffer(const void *buf, size_t len,
                                         const char *name,
                                         const mb_lci_sink *sink,
                                         mb_simapro_csv_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
