/*
 * ilcd.h - reader of ILCD data (International Reference Life Cycle Data
 * System, format version 1.1, EC-JRC; the format of ELCD and of the
 * Environmental Footprint data): a directory or zip holding ILCD/processes,
 * ILCD/flows, ILCD/flowproperties, ILCD/unitgroups and ILCD/lciamethods,
 * one XML data set per file, or one such file alone.
 *
 * The files are read one at a time (one data set in memory at once). The
 * type of each comes from its root element, not its folder, so data in
 * folders named otherwise, and single files, are read too. Unit groups,
 * flow properties, flows, processes (exchanges, parameters, allocation,
 * uncertainty), LCIA method data sets (each one impact category; they are
 * grouped into one method per methodology name) and ILCDLocations.xml
 * become lci.h records; contacts, sources, classification files and life
 * cycle models are skipped. docs/ilcd.md says what is read and what is
 * refused, and why (ILCD+EPD data sets, for one).
 *
 * XML is parsed without network access and without entity substitution.
 * Errors name the file and the line of the element, the value and what was
 * expected.
 */
#ifndef METABOL_ILCD_H
#define METABOL_ILCD_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Counts of what was read and handed to the sink. */
typedef struct mb_ilcd_stats {
    size_t files;   /* XML files parsed */
    size_t skipped; /* of them: data sets of a type that is not read */
    size_t unit_groups, flow_properties, flows, locations;
    size_t processes, exchanges, parameters;
    size_t impact_categories, impact_factors, impact_methods;
} mb_ilcd_stats;

/*
 * A directory, a zip file or one XML data set. stats may be NULL. Finding
 * no data set of a type metabol reads is an error.
 */
MB_EXTERN int mb_ilcd_read(const char *path, const mb_lci_sink *sink,
                           mb_ilcd_stats *stats);

/* A zip archive held in memory; label names it in messages. */
MB_EXTERN int mb_ilcd_read_buffer(const void *zip, size_t len,
                                  const char *label, const mb_lci_sink *sink,
                                  mb_ilcd_stats *stats);

/*
 * One XML data set in memory; name labels it in messages. A data set of a
 * type that is not read (a contact, a source) is counted as skipped; an
 * XML document that is no ILCD data set is an error.
 */
MB_EXTERN int mb_ilcd_read_document(const void *xml, size_t len,
                                    const char *name,
                                    const mb_lci_sink *sink,
                                    mb_ilcd_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
