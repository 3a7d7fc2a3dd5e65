/*
 * ilcd_internal.h - what the files of the ILCD reader share: the reader's
 * state, one reading function per data set type (ilcd_units.c,
 * ilcd_flow.c, ilcd_process.c, ilcd_method.c) and the helpers over the
 * ILCD XML conventions (ilcd_xml.c). Internal to formats/; the public face
 * is include/metabol/ilcd.h.
 */
#ifndef MB_FORMATS_ILCD_INTERNAL_H
#define MB_FORMATS_ILCD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "core/core.h"
#include "metabol/ilcd.h"

/* A growable array of elements of one type. */
typedef struct ilcd_vec {
    void *p;
    size_t n, cap;
} ilcd_vec;

/* One methodology of an LCIA method data set: its category, for the end. */
typedef struct ilcd_membership {
    const char *methodology; /* kept */
    const char *category_id; /* kept */
} ilcd_membership;

typedef struct ilcd_reader {
    const mb_lci_sink *sink;
    mb_ilcd_stats *stats;
    mb_ilcd_stats local_stats; /* stats when the caller gives none */
    const char *file;  /* label of the file being read, for messages */
    int may_defer;     /* an LCIA method may wait for its unit (see ilcd.c) */
    int deferred;      /* set when the data set just read waits */
    ilcd_vec pool;     /* char *: strings of the current data set */
    mb_strmap keep;    /* strings kept for the whole reading */
    mb_strmap property_group; /* flow property id -> index into kept_ids */
    mb_strmap group_unit;     /* unit group id -> index into kept_ids */
    ilcd_vec kept_ids;        /* const char *: unit group ids, unit names */
    ilcd_vec memberships;     /* ilcd_membership */
    /* scratch of the current data set, reused */
    ilcd_vec units, properties, exchanges, parameters, allocations, factors;
    ilcd_vec classes;
} ilcd_reader;

/* ---- ilcd_xml.c: conventions of ILCD XML ---- */

/* Room for one more element (zeroed) at the end of v; NULL when out of
 * memory. */
void *ilcd_push(ilcd_vec *v, size_t size);
void ilcd_vec_free(ilcd_vec *v);

/* Error "<file>: line L: <message>" (MB_EFORMAT) for element n. */
int ilcd_fail(const ilcd_reader *r, const xmlNode *n, const char *fmt, ...)
    MB_PRINTF(3, 4);

/* The same with another code (MB_EUNSUPPORTED for valid data not read). */
int ilcd_fail_code(const ilcd_reader *r, int code, const xmlNode *n,
                   const char *fmt, ...) MB_PRINTF(4, 5);

/* The message of a sink's failure gets the file in front. */
int ilcd_sink_rc(const ilcd_reader *r, int rc);

/*
 * The text of element n: its text and CDATA children joined, blanks at
 * both ends dropped and each run of white space made one space (ILCD
 * files are indented inside elements). NULL when absent or empty; the
 * string lives until the data set is done.
 */
const char *ilcd_text(ilcd_reader *r, const xmlNode *n);

/* Of the children of n called name, the text of the one in English,
 * else of the first that has text; NULL when none. */
const char *ilcd_lang_text(ilcd_reader *r, const xmlNode *n,
                           const char *name);

/* An attribute, blanks trimmed; NULL when absent or empty. */
const char *ilcd_attr(ilcd_reader *r, const xmlNode *n, const char *name);

/* A copy of s for the current data set (NULL on out of memory). */
const char *ilcd_strdup(ilcd_reader *r, const char *s);
/* A formatted string for the current data set (NULL on out of memory). */
const char *ilcd_printf(ilcd_reader *r, const char *fmt, ...)
    MB_PRINTF(2, 3);
/* Free the strings of the current data set. */
void ilcd_pool_clear(ilcd_reader *r);

/*
 * The number in element n (what names it in errors): def when n is
 * absent, else it must be a finite number.
 */
int ilcd_number(ilcd_reader *r, const xmlNode *n, const char *what,
                double def, double *out);

/* A dataSetInternalID-like integer in s (0 <= v <= 2^53) of element n. */
int ilcd_internal_id(const ilcd_reader *r, const xmlNode *n,
                     const char *what, const char *s, int64_t *out);

/* The refObjectId of a reference element; NULL when absent or empty. */
const char *ilcd_ref(ilcd_reader *r, const xmlNode *n);

/*
 * The UUID of a data set: <info>/dataSetInformation/UUID of root; an
 * error when missing (type names the data set in the message).
 */
int ilcd_uuid(ilcd_reader *r, const xmlNode *info, const char *type,
              const char **id);

/*
 * The name of a flow or process: the parts of its name element (baseName,
 * treatment, mix and location, properties) joined by "; ".
 */
const char *ilcd_name(ilcd_reader *r, const xmlNode *name);

/*
 * The category path of a data set's classificationInformation: the
 * elementary flow categories, else the classes of the ILCD (or first)
 * classification, by level, joined by "/". NULL when there is none.
 */
const char *ilcd_category(ilcd_reader *r, const xmlNode *info);

/*
 * The uncertainty of an exchange, parameter or factor element x with the
 * amount `mean`: uncertaintyDistributionType with
 * relativeStandardDeviation95In (log-normal, normal) or the minimum and
 * maximum (triangular, uniform; min_name and max_name are the elements).
 */
int ilcd_uncertainty(ilcd_reader *r, const xmlNode *x, double mean,
                     const char *min_name, const char *max_name,
                     mb_lci_uncertainty *u);

/* A string kept for the whole reading, and its index in kept_ids. */
int ilcd_keep_id(ilcd_reader *r, const char *s, int64_t *index);

/* ---- one function per data set type; root is the document element ---- */

int ilcd_read_unit_group(ilcd_reader *r, const xmlNode *root);
int ilcd_read_flow_property(ilcd_reader *r, const xmlNode *root);
int ilcd_read_locations(ilcd_reader *r, const xmlNode *root);
int ilcd_read_flow(ilcd_reader *r, const xmlNode *root);
int ilcd_read_process(ilcd_reader *r, const xmlNode *root);
int ilcd_read_lcia_method(ilcd_reader *r, const xmlNode *root);

/* After every file: one method record per methodology name. */
int ilcd_emit_methods(ilcd_reader *r);

#endif
