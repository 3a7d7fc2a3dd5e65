/*
 * ecospold2_internal.h - the state the EcoSpold 2 reader (ecospold2.c)
 * shares with its master data reader (ecospold2_master.c). Internal to
 * formats/.
 */
#ifndef MB_FORMATS_ECOSPOLD2_INTERNAL_H
#define MB_FORMATS_ECOSPOLD2_INTERNAL_H

#include <libxml/tree.h>

#include "core/core.h"
#include "formats/units_by_name.h"
#include "formats/xml.h"
#include "metabol/ecospold2.h"

typedef struct es2_reader {
    const mb_lci_sink *sink;
    mb_ecospold2_stats *stats;
    const char *file;
    mb_strmap seen;   /* unit and flow ids already handed over */
    mb_strmap names;  /* owned strings made by the reader */
    mb_lci_exchange *ex;
    size_t nex, cap_ex;
    mb_lci_parameter *par;
    size_t npar, cap_par;
    mb_lci_allocation_factor *af; /* of the activity being read */
    size_t naf, cap_af;
    /* from master data */
    mb_unit_extras extras;  /* UnitConversions.xml */
    mb_strmap unit_index;   /* unit id -> index in unit_names */
    const char **unit_names;
    size_t nunit_names, cap_unit_names;
} es2_reader;

/* An error naming the reader's file, the line of n and the problem. */
#define mb_es2_fail(r, n, ...) mb_xml_fail((r)->file, (n), __VA_ARGS__)

/* The flow an exchange or master data names, handed over the first time. */
int mb_es2_emit_flow(es2_reader *r, const char *id, const char *name,
                     mb_flow_type type, const char *category,
                     const char *cas, const char *property);

/* "compartment/subcompartment" of an exchange's compartment element. */
const char *mb_es2_compartment(es2_reader *r, const xmlNode *x);

/* The unit of an exchange: its id (else name) and its name, where master
 * data's Units.xml names ids that the exchange does not. */
int mb_es2_unit(es2_reader *r, const xmlNode *x, const char **property,
                const char **unit);

/*
 * Allocation factors of an activity with several products, from their
 * price and dry mass properties, into p (ecospold2_allocation.c).
 */
int mb_es2_allocation(es2_reader *r, const xmlNode *flows, mb_lci_process *p);

/*
 * Read the master data in path (a directory or zip, e.g. ecoinvent's
 * MasterData folder): ElementaryExchanges, IntermediateExchanges, Units and
 * UnitConversions files, known by their root element; other files are
 * skipped.
 */
int mb_es2_read_master_data(es2_reader *r, const char *path);

#endif
