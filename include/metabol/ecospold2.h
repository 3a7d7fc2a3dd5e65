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
 * from master data when given, else from the exchanges that name them.
 * Units are known by name (kg, g, t, MJ, kWh, m3, l, ...: units of one
 * dimension convert; master data's unit conversions add more); any other
 * unit is a group of its own, so a flow must keep it throughout.
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
    size_t master_flows, master_units, master_conversions;
} mb_ecospold2_stats;

/*
 * A directory or zip of .spold files. master_data (may be NULL) is a
 * directory or zip of ecoinvent master data read first: elementary flows
 * with their compartments, CAS numbers and units
 * (ElementaryExchanges.xml), products (IntermediateExchanges.xml), unit
 * names by id (Units.xml) and unit conversions (UnitConversions.xml: a
 * unit converted to a known one joins its dimension). stats may be NULL.
 */
MB_EXTERN int mb_ecospold2_read(const char *path, const char *master_data,
                                const mb_lci_sink *sink,
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
