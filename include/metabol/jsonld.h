/*
 * jsonld.h - reader and writer of openLCA's JSON-LD data sets (olca-schema,
 * version 1 and version 2 field names read, version 2 written): a
 * directory or a zip archive of one JSON file per entity, in folders by
 * type (processes/, flows/, unit_groups/, flow_properties/, locations/,
 * parameters/, lcia_categories/, lcia_methods/, flow_mappings/,
 * categories/).
 *
 * The reader goes through the files one at a time (only one entity is in
 * memory at once) and hands each unit group, flow property, flow, location,
 * global parameter, process, impact category, impact method and flow
 * mapping row (the entries of FlowMap entities) to a sink (see lci.h). Categories are read first, so flows and processes carry
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
    size_t flow_maps; /* mapping rows (FlowMapEntry) */
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

/*
 * The writer: a sink (lci.h) that writes each record it receives into an
 * openLCA JSON-LD zip (olca-schema 2, as openLCA 2 writes it, with
 * "olca-schema.json"), read back by mb_jsonld_read and by openLCA. Feed it
 * reference data first (as mb_store_load does): references to units, flow
 * properties and flows are written with their names, and a unit or flow
 * property left to the flow's reference is written out. Ids openLCA
 * cannot take (more than 36 characters, or others than letters, digits,
 * '-', '_', '.': those made for EcoSpold data) become UUIDs made from
 * them, the same in every reference.
 *
 * The zip is built as a temporary file beside `path`, which only
 * mb_jsonld_writer_finish renames to `path`: until then, and after any
 * error, nothing is at `path` (a file already there stays as it was), and
 * mb_jsonld_writer_free removes the temporary file. A record the sink
 * cannot write (no id, two entities of one kind with one id, a full disk)
 * is an error naming it; after it the writer takes nothing more.
 */
typedef struct mb_jsonld_writer mb_jsonld_writer;

typedef struct mb_jsonld_write_options {
    int version;
    /* bytes of JSON held in memory before the zip is written out and
     * opened again (libzip keeps added members until then); 0: 64 MiB */
    size_t memory_limit;
} mb_jsonld_write_options;

#define MB_JSONLD_WRITE_OPTIONS_VERSION 1
#define MB_JSONLD_WRITE_OPTIONS_INIT {MB_JSONLD_WRITE_OPTIONS_VERSION, 0}

/* opts may be NULL: the defaults. */
MB_EXTERN int mb_jsonld_writer_open(mb_jsonld_writer **out,
                                    const char *path,
                                    const mb_jsonld_write_options *opts);
MB_EXTERN const mb_lci_sink *mb_jsonld_writer_sink(mb_jsonld_writer *w);
/* Write the archive and move it to its path; stats (may be NULL) get the
 * counts of what was written. */
MB_EXTERN int mb_jsonld_writer_finish(mb_jsonld_writer *w,
                                      mb_jsonld_stats *stats);
MB_EXTERN void mb_jsonld_writer_free(mb_jsonld_writer *w);

#ifdef __cplusplus
}
#endif
#endif
