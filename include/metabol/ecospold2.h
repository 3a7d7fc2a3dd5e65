/*
 * ecospold2.h - reader of EcoSpold 2 activity datasets (.spold, the format
 * of ecoinvent 3 and of the US LCI EcoSpold2 export): a directory or zip
 * of one XML file per activity, read one file at a time.
 *
 * Each activity becomes a process (lci.h) with its intermediate exchanges
 * (products, by intermediateExchangeId; outputGroup 0 the reference,
 * inputGroup 5 from the technosphere, activityLinkId the provider) and
 * elementary exchanges (by elementaryExchangeId, compartment/subcompartment
 * as the category; inputGroup 4 from nature, outputGroup 4 to it), their
 * mathematical relations and the activity's parameters. Flows are made
 * from the exchanges that name them. Without master data every unit
 * (unitId, else unitName) is a unit group of its own, so a flow must be
 * given in one unit throughout.
 *
 * XML is parsed without network access and without entity substitution.
 */
#ifndef METABOL_ECOSPOLD2_H
#define METABOL_ECOSPOLD2_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_ecospold2_stats {
    size_t files, activities, exchanges;
} mb_ecospold2_stats;

/* A directory or zip of .spold files. stats may be NULL. */
MB_EXTERN int mb_ecospold2_read(const char *path, const mb_lci_sink *sink,
                                mb_ecospold2_stats *stats);

/* One .spold document in memory; name labels it in messages. */
MB_EXTERN int mb_ecospold2_read_document(const void *xml, size_t len,
                                         const char *name,
                                         const mb_lci_sink *sink,
                                         mb_ecospold2_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
