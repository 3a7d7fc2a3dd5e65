/*
 * ecospold1.h - reader of EcoSpold 1 process datasets (EcoSpold01Dataset.xsd:
 * ecoinvent 1 and 2, the older US LCI exports): one .xml file, or a
 * directory or zip of them, read one file at a time; a file may hold
 * several <dataset> elements in its <ecoSpold> root.
 *
 * Each dataset becomes a process (lci.h) named by its referenceFunction,
 * with its exchanges: inputGroup 4 and outputGroup 4 are elementary flows
 * (category/subCategory as the category), inputGroup 1, 2, 3 and 5 product
 * inputs, outputGroup 0 and 2 products (the reference product first),
 * outputGroup 1 avoided products, outputGroup 3 waste for treatment. Its
 * allocation elements become causal allocation factors.
 *
 * EcoSpold 1 has no UUIDs, so the reader makes readable ids that stay the
 * same from one import to the next (docs/ecospold1.md):
 *
 *   process     ecospold1-process:<name>|<location>|<unit>
 *   elementary  ecospold1-elementary:<category>/<subCategory>/<name>|<dim>
 *   product     ecospold1-product:<name>|<dim>
 *   waste       ecospold1-waste:<name>|<dim>
 *
 * where <dim> is the dimension of the unit (Mass, Energy, ...; an unknown
 * unit is its own dimension), so an input in t links to a product made in
 * kg, and an input's location picks among several providers. Units are
 * known by name (units_by_name: kg, t, MJ, kWh, m3, tkm, Bq, ...).
 *
 * XML is parsed without network access and without entity substitution.
 */
#ifndef METABOL_ECOSPOLD1_H
#define METABOL_ECOSPOLD1_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_ecospold1_stats {
    size_t files, datasets, exchanges;
} mb_ecospold1_stats;

/*
 * An .xml file, or a directory or zip of .xml files (every one must be an
 * EcoSpold 1 document). stats may be NULL.
 */
MB_EXTERN int mb_ecospold1_read(const char *path, const mb_lci_sink *sink,
                                mb_ecospold1_stats *stats);

/* One EcoSpold 1 document in memory; name labels it in messages. */
MB_EXTERN int mb_ecospold1_read_document(const void *xml, size_t len,
                                         const char *name,
                                         const mb_lci_sink *sink,
                                         mb_ecospold1_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
