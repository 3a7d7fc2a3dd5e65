/*
 * xml.h - what the XML readers (EcoSpold 1 and 2, later ILCD) share over
 * libxml2: parsing a document safely and small accessors that borrow from
 * the tree. Internal to formats/.
 */
#ifndef MB_FORMATS_XML_H
#define MB_FORMATS_XML_H

#include <stdarg.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "core/core.h"

/*
 * Parse buf (len bytes) without network access and without substituting
 * entities (so no external entity and no expansion bomb is followed);
 * NULL with the error "<name>: line L: <libxml2's message>" on failure.
 */
xmlDoc *mb_xml_parse(const void *buf, size_t len, const char *name);

/* Whether n is the element `name` (local name, any namespace). */
int mb_xml_is(const xmlNode *n, const char *name);

/* The first child element called name, or NULL. */
xmlNode *mb_xml_child(const xmlNode *n, const char *name);

/* The text of an element holding only text (borrowed), or NULL. */
const char *mb_xml_text(const xmlNode *n);

/* An attribute's value (borrowed), or NULL when absent. */
const char *mb_xml_attr(const xmlNode *n, const char *name);

/*
 * Record MB_EFORMAT "<file>: line L: <message>" for element n (no line
 * when n is NULL); returns MB_EFORMAT.
 */
int mb_xml_vfail(const char *file, const xmlNode *n, const char *fmt,
                 va_list ap);

/* mb_xml_vfail with the message's arguments given directly. */
int mb_xml_fail(const char *file, const xmlNode *n, const char *fmt, ...)
    MB_PRINTF(3, 4);

/*
 * A number attribute: def when absent, else it must be a finite number
 * (MB_EFORMAT naming file, line, attribute and value).
 */
int mb_xml_number(const xmlNode *n, const char *name, double def,
                  const char *file, double *out);

/*
 * A number attribute read loosely, for values judged later (the
 * parameters of an uncertainty distribution, which the compiler reports
 * when they describe none): NAN when absent or not a number (white space
 * around it allowed); "Infinity" and "NaN" read as what they say.
 */
double mb_xml_loose_number(const xmlNode *n, const char *name);

#endif
