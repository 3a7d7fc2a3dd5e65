/*
 * ecospold2_master.c - ecoinvent master data for the EcoSpold 2 reader
 * (EcoSpold02 master data files of the ecoinvent Centre: the
 * ElementaryExchanges, IntermediateExchanges, Units and UnitConversions
 * files of a MasterData folder; see include/metabol/ecospold2.h).
 *
 * Each file is recognised by its root element, not its name (bw2io and
 * others ship "ecoinvent elementary flows 3.4.xml"). Conversions are read
 * before anything is handed over, so a unit they add is part of its
 * dimension's unit group; then unit names, then the flows.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "formats/archive.h"
#include "formats/ecospold2_internal.h"
#include "formats/xml.h"

#define fail mb_es2_fail

typedef enum master_kind {
    MASTER_CONVERSIONS,
    MASTER_UNITS,
    MASTER_FLOWS,
    MASTER_KINDS
} master_kind;

/* "1 unitFromName = factor unitToName", per unitConversion. */
static int read_conversion(es2_reader *r, const xmlNode *x)
{
    double factor;
    int rc;

    if ((rc = mb_xml_number(x, "factor", NAN, r->file, &factor)) < 0)
        return rc;
    if (!(factor > 0))
        return fail(r, x, "unitConversion without a positive factor");
    rc = mb_unit_extras_add(&r->extras, &r->names,
                            mb_xml_text(mb_xml_child(x, "unitFromName")),
                            mb_xml_text(mb_xml_child(x, "unitToName")),
                            factor);
    if (rc > 0)
        r->stats->master_conversions++;
    return rc < 0 ? rc : 0;
}

/* A unit's name by its id, for exchanges that give only the id. */
static int read_unit(es2_reader *r, const xmlNode *x)
{
    const char *id = mb_xml_attr(x, "id");
    const char *name = mb_xml_text(mb_xml_child(x, "name"));
    int rc;

    if (!id || !*id || !name || !*name)
        return fail(r, x, "unit without an id and a name");
    if (r->nunit_names == r->cap_unit_names) {
        size_t cap = r->cap_unit_names ? 2 * r->cap_unit_names : 64;
        const char **n = mb_realloc(r->unit_names, cap * sizeof *n);

        if (!n)
            return MB_ENOMEM;
        r->unit_names = n;
        r->cap_unit_names = cap;
    }
    if (!(r->unit_names[r->nunit_names] = mb_strmap_intern(&r->names, name)))
        return MB_ENOMEM;
    rc = mb_strmap_add(&r->unit_index, id, (int64_t)r->nunit_names, NULL);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        r->nunit_names++;
        r->stats->master_units++;
    }
    return 0;
}

/* An elementary or intermediate exchange of master data: a flow. */
static int read_flow(es2_reader *r, const xmlNode *x, int elementary)
{
    const char *id = mb_xml_attr(x, "id");
    const char *property, *unit;
    int rc;

    if (!id || !*id)
        return fail(r, x, "%s without an id", (const char *)x->name);
    if ((rc = mb_es2_unit(r, x, &property, &unit)) != 0 ||
        (rc = mb_es2_emit_flow(
             r, id, mb_xml_text(mb_xml_child(x, "name")),
             elementary ? MB_FLOW_ELEMENTARY : MB_FLOW_PRODUCT,
             elementary ? mb_es2_compartment(r, x) : NULL,
             mb_xml_attr(x, "casNumber"), property)) != 0)
        return rc;
    r->stats->master_flows++;
    return 0;
}

/* The kind of a master data document, by its root element, or -1. */
static int kind_of(const xmlNode *root, int *elementary)
{
    *elementary = mb_xml_is(root, "validElementaryExchanges");
    if (*elementary || mb_xml_is(root, "validIntermediateExchanges"))
        return MASTER_FLOWS;
    if (mb_xml_is(root, "validUnits"))
        return MASTER_UNITS;
    if (mb_xml_is(root, "validUnitConversions"))
        return MASTER_CONVERSIONS;
    return -1;
}

/* The records of one document when it is of `kind`. */
static int read_document(es2_reader *r, const void *buf, size_t len,
                         master_kind kind)
{
    xmlDoc *doc = mb_xml_parse(buf, len, r->file);
    const xmlNode *root, *x;
    int elementary, rc = 0;

    if (!doc)
        return MB_EFORMAT;
    root = xmlDocGetRootElement(doc);
    if (root && kind_of(root, &elementary) == (int)kind)
        for (x = root->children; rc == 0 && x; x = x->next) {
            if (x->type != XML_ELEMENT_NODE)
                continue;
            if (kind == MASTER_CONVERSIONS && mb_xml_is(x, "unitConversion"))
                rc = read_conversion(r, x);
            else if (kind == MASTER_UNITS && mb_xml_is(x, "unit"))
                rc = read_unit(r, x);
            else if (kind == MASTER_FLOWS &&
                     mb_xml_is(x, elementary ? "elementaryExchange"
                                             : "intermediateExchange"))
                rc = read_flow(r, x, elementary);
        }
    xmlFreeDoc(doc);
    return rc;
}

/* One pass of the reading: the reader and the kind of file it takes. */
typedef struct pass {
    es2_reader *r;
    master_kind kind;
} pass;

/* One .xml member (mb_archive_member_fn): its records if of the kind. */
static int read_member(void *ctx, const char *label, const void *buf,
                       size_t len)
{
    pass *p = ctx;
    int rc;

    p->r->file = label;
    rc = read_document(p->r, buf, len, p->kind);
    p->r->file = NULL;
    return rc;
}

int mb_es2_read_master_data(es2_reader *r, const char *path)
{
    mb_archive *a = NULL;
    int kind, rc;

    rc = mb_archive_open(&a, path);
    /* one pass per kind: conversions, then unit names, then flows */
    for (kind = 0; rc == 0 && kind < MASTER_KINDS; kind++) {
        pass p = {r, (master_kind)kind};

        rc = mb_archive_each(a, mb_archive_is_xml, read_member, &p, NULL);
    }
    if (rc == 0 && r->stats->master_flows + r->stats->master_units +
                           r->stats->master_conversions == 0)
        rc = mb_error_set(MB_EFORMAT,
                          "%s: no EcoSpold 2 master data (expected .xml files "
                          "of validElementaryExchanges, "
                          "validIntermediateExchanges, validUnits or "
                          "validUnitConversions)",
                          path);
    mb_archive_close(a);
    return rc;
}
