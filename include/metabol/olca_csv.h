/*
 * olca_csv.h - LCIA methods and flow mappings in CSV: openLCA's reference
 * data packages (GreenDelta/data, refdata/, docs/format_csv_ref_data.md)
 * and the flow mapping files of the Federal LCA Commons elementary flow
 * list (USEPA/fedelemflowlist, "format specs/FlowMapping.md"). The records
 * go to a sink (lci.h). docs/lcia-methods.md describes both formats.
 *
 * Columns are found by their header text, ignoring case and blanks around
 * it, in any order; other columns are ignored. Every error is one line
 * naming the file, the line, the offending value and what was expected:
 * an unterminated quote, a row with another number of fields than the
 * header, a missing column, a bad or non-finite number, an id that is
 * empty or refers to nothing.
 */
#ifndef METABOL_OLCA_CSV_H
#define METABOL_OLCA_CSV_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read an openLCA LCIA method package: a directory (or a zip of one) with
 * lcia_categories.csv, lcia_methods.csv, lcia_method_categories.csv and
 * lcia_factors/<any name>.csv, plus flow_properties.csv and locations.csv
 * when factors name a flow property or a location by name.
 *
 * Each category that has factors gets one sink->impact_category call with
 * all of them, in the order of the factor files (by name) and of their
 * rows; its name and reference unit come from lcia_categories.csv. Then
 * each method of lcia_methods.csv gets one sink->impact_method call with
 * the categories lcia_method_categories.csv lists for it (by method name or
 * id), leaving out categories without factors; a method left with none is
 * skipped. The factors of one category must all be in one file.
 *
 * A factor row: LCIA category (uuid, must be in lcia_categories.csv), Flow
 * (uuid), Flow property and Flow unit (uuid -> property_id / unit_id; a
 * property name is looked up in flow_properties.csv, a unit name goes to
 * unit_name; empty: the flow's reference property or unit), Location
 * (optional column; uuid, or a name or code looked up in locations.csv;
 * empty: NULL), Factor (a number -> value; text with a letter or one of
 * "_*^/()" -> formula, value 0).
 */
MB_EXTERN int mb_olca_csv_methods_read(const char *dir,
                                       const mb_lci_sink *sink);

/* The same from a zip archive held in memory; `label` names it. */
MB_EXTERN int mb_olca_csv_methods_read_buffer(const void *zip, size_t len,
                                              const char *label,
                                              const mb_lci_sink *sink);

/*
 * Read one factor file held in memory (`name` for messages) as the factors
 * of the category `category_id` (NULL: the category of the first row); a
 * row of another category is an error. One sink->impact_category call with
 * that id (name and reference unit NULL) when the file has rows. With no
 * flow_properties.csv or locations.csv at hand, a property or location
 * given by name is an error: the file must give their uuids.
 */
MB_EXTERN int mb_olca_csv_factors_read_buffer(const void *buf, size_t len,
                                              const char *name,
                                              const char *category_id,
                                              const mb_lci_sink *sink);

/*
 * Read a FEDEFL flow mapping CSV: one sink->flow_map call per row, in file
 * order. Required columns: SourceFlowName, SourceFlowUUID,
 * SourceFlowContext, TargetFlowName, TargetFlowUUID, TargetFlowContext;
 * optional: ConversionFactor (empty or absent: 1), SourceUnit and
 * TargetUnit (the units the factor converts between). Other columns
 * (MatchCondition, Mapper, ...) are ignored. Empty names and contexts are
 * passed as NULL. A row with an empty SourceFlowUUID names its source flow
 * by SourceFlowName and SourceFlowContext (FEDEFL's mappings of SimaPro and
 * other nomenclatures without ids do so): the record's source_id is NULL.
 * A row without TargetFlowUUID, or without both SourceFlowUUID and
 * SourceFlowName, is an error naming its line.
 */
MB_EXTERN int mb_flow_mapping_read(const char *path, const mb_lci_sink *sink);

/* The same from memory; `name` names the buffer in messages. */
MB_EXTERN int mb_flow_mapping_read_buffer(const void *buf, size_t len,
                                          const char *name,
                                          const mb_lci_sink *sink);

#ifdef __cplusplus
}
#endif
#endif
