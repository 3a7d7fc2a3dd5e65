/*
 * jsonld.h - reader of openLCA's JSON-LD data sets (olca-schema, version 1
 * and version 2 field names): a directory or a zip archive of one JSON file
 * per entity, in folders by type (processes/, flows/, unit_groups/,
 * flow_properties/, locations/, parameters/, lcia_categories/,
 * lcia_methods/, categories/).
 *
 * The reader goes through the files one at a time (only one entity is in
 * memory at once) and hands each unit group, flow property, flow, location,
 * global parameter, process, impact category and impact method to a sink
 * (see lci.h). Categories are read first, so flows and processes carry
 * their full category path. Other entity types (actors, sources, product
 * systems, ...) are skipped.
 *
 * Errors name the file and the element: malformed JSON with its line and
 * column, a field of the wrong type, an unknown enumeration value, two
 * entities with the same @id.
 */
#ifndef METABOL_JSONLD_H
#define METABOL_JSONLD_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Counts of the records handed to the sink. */
typedef struct mb_jsonld_stats {
    size_t files;     /* JSON files read */
    size_t skipped;   /* files of entity types that are not read */
    size_t unit_groups, flow_properties, flows, locations, parameters;
    size_t processes, exchanges;
    size_t impact_categories, impact_factors, impact_methods;
} mb_jsonld_stats;

/* Read a directory or zip file. stats may be NULL. */
MB_EXTERN int mb_jsonld_read(const char *path, const mb_lci_sink *sink,
                             mb_jsonld_stats *stats);

/* Read a zip archive held in memory; label names it in messages. */
MB_EXTERN int mb_jsonld_read_buffer(const void *zip, size_t len,
                                    const char *label,
                                    const mb_lci_sink *sink,
                                    mb_jsonld_stats *stats);

/*
 * Read one entity document (the content of one JSON file); `name` is its
 * file name for messages. Category references stay unresolved (their name
 * is used as the path).
 */
MB_EXTERN int mb_jsonld_read_entity(const void *json, size_t len,
                                    const char *name,
                                    const mb_lci_sink *sink,
                                    mb_jsonld_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
