/*
 * xml.c - safe parsing and borrowing accessors over libxml2 trees, for the
 * XML readers. See xml.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "core/core.h"
#include "formats/xml.h"

xmlDoc *mb_xml_parse(const void *buf, size_t len, const char *name)
{
    xmlDoc *doc;

    if (len > (size_t)0x7fffffff) {
        mb_error_set(MB_EFORMAT, "%s: larger than 2 GiB", name);
        return NULL;
    }
    /* NOBLANKS drops the indentation between elements and COMPACT keeps
     * short texts in their node: a third fewer allocations in a .spold */
    doc = xmlReadMemory(buf, (int)len, name, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |
                            XML_PARSE_COMPACT);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char msg[300];
        size_t n;

        snprintf(msg, sizeof msg, "%s",
                 e && e->message ? e->message : "not XML");
        n = strlen(msg);
        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        mb_error_set(MB_EFORMAT, "%s: line %d: %s", name, e ? e->line : 0,
                     msg);
    }
    return doc;
}

int mb_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

xmlNode *mb_xml_child(const xmlNode *n, const char *name)
{
    xmlNode *c;

    for (c = n ? n->children : NULL; c; c = c->next)
        if (mb_xml_is(c, name))
            return c;
    return NULL;
}

const char *mb_xml_text(const xmlNode *n)
{
    if (!n || !n->children || n->children->type != XML_TEXT_NODE ||
        n->children->next)
        return NULL;
    return (const char *)n->children->content;
}

const char *mb_xml_attr(const xmlNode *n, const char *name)
{
    xmlAttr *a;

    /* only elements have attributes: with XML_PARSE_COMPACT a short text
     * node keeps its text where an element keeps them */
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0)
            return a->children && a->children->type == XML_TEXT_NODE
                       ? (const char *)a->children->content
                       : "";
    return NULL;
}

int mb_xml_vfail(const char *file, const xmlNode *n, const char *fmt,
                 va_list ap)
{
    char msg[400];

    vsnprintf(msg, sizeof msg, fmt, ap);
    if (n)
        return mb_error_set(MB_EFORMAT, "%s: line %ld: %s", file,
                            xmlGetLineNo(n), msg);
    return mb_error_set(MB_EFORMAT, "%s: %s", file, msg);
}

int mb_xml_fail(const char *file, const xmlNode *n, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = mb_xml_vfail(file, n, fmt, ap);
    va_end(ap);
    return rc;
}

int mb_xml_number(const xmlNode *n, const char *name, double def,
                  const char *file, double *out)
{
    const char *s = mb_xml_attr(n, name);
    char *end;

    *out = def;
    if (!s)
        return 0;
    errno = 0;
    *out = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (end == s || *end || errno == ERANGE || !isfinite(*out))
        return mb_xml_fail(file, n, "%s '%s': expected a number", name, s);
    return 0;
}

double mb_xml_loose_number(const xmlNode *n, const char *name)
{
    const char *s = mb_xml_attr(n, name);
    char *end;
    double v;

    if (!s)
        return NAN;
    v = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    return end != s && !*end ? v : NAN;
}
