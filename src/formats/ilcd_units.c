/*
 * ilcd_units.c - the reference data of ILCD: unit group data sets
 * (ILCD_UnitGroupDataSet.xsd), flow property data sets
 * (ILCD_FlowPropertyDataSet.xsd) and location lists (ILCD_Locations.xsd,
 * ILCDLocations.xml).
 *
 * A unit's meanValue is its size in the group's reference unit (t: 1000 in
 * the kg group); the reference unit is named by its dataSetInternalID in
 * quantitativeReference/referenceToReferenceUnit. Units get the id
 * "<group uuid>/<internal id>": ILCD exchanges and factors never name a
 * unit (they are in the reference unit of the flow's reference property),
 * so the id only has to be unique.
 *
 * The reader remembers each flow property's unit group and each unit
 * group's reference unit name, so that an LCIA method read later can name
 * the unit of its reference quantity ("kg CO2-Equiv.").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/ilcd_internal.h"
#include "formats/xml.h"

/* One unit of a group, before the reference is known. */
typedef struct ilcd_unit {
    mb_lci_unit u;
    int64_t internal_id;
} ilcd_unit;

static int read_units(ilcd_reader *r, const xmlNode *units, const char *gid)
{
    const xmlNode *x;
    int rc;

    r->units.n = 0;
    for (x = units ? units->children : NULL; x; x = x->next) {
        ilcd_unit *u;

        if (!mb_xml_is(x, "unit"))
            continue;
        if (!(u = ilcd_push(&r->units, sizeof *u)))
            return MB_ENOMEM;
        if ((rc = ilcd_internal_id(r, x, "unit dataSetInternalID",
                                   ilcd_attr(r, x, "dataSetInternalID"),
                                   &u->internal_id)) < 0)
            return rc;
        u->u.name = ilcd_text(r, mb_xml_child(x, "name"));
        if (!u->u.name)
            return ilcd_fail(r, x, "unit %lld without a name",
                             (long long)u->internal_id);
        if ((rc = ilcd_number(r, mb_xml_child(x, "meanValue"), "meanValue",
                              NAN, &u->u.factor)) < 0)
            return rc;
        if (isnan(u->u.factor))
            return ilcd_fail(r, x, "unit '%s' without a meanValue",
                             u->u.name);
        if (!(u->u.factor > 0))
            return ilcd_fail(r, x,
                             "unit '%s': meanValue %g: expected a positive "
                             "number (its size in the reference unit)",
                             u->u.name, u->u.factor);
        if (!(u->u.id = ilcd_printf(r, "%s/%lld", gid,
                                    (long long)u->internal_id)))
            return MB_ENOMEM;
    }
    return 0;
}

/* Remember the reference unit's name of group id (for LCIA methods). */
static int remember_unit(ilcd_reader *r, const char *id, const char *unit)
{
    int64_t k;
    int rc;

    if (mb_strmap_get(&r->group_unit, id, NULL))
        return 0; /* the first version counts, as in the sinks */
    if ((rc = ilcd_keep_id(r, unit, &k)) < 0)
        return rc;
    return mb_strmap_set(&r->group_unit, id, k);
}

int ilcd_read_unit_group(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *info = mb_xml_child(root, "unitGroupInformation");
    const xmlNode *qref = mb_xml_child(info, "quantitativeReference");
    const xmlNode *refn = mb_xml_child(qref, "referenceToReferenceUnit");
    mb_lci_unit_group g;
    mb_lci_unit *out;
    ilcd_unit *units;
    int64_t ref;
    double ref_size = 0;
    size_t k;
    int rc;

    memset(&g, 0, sizeof g);
    if ((rc = ilcd_uuid(r, info, "unit group", &g.id)) < 0 ||
        (rc = ilcd_internal_id(r, refn ? refn : root,
                               "referenceToReferenceUnit",
                               ilcd_text(r, refn), &ref)) < 0 ||
        (rc = read_units(r, mb_xml_child(root, "units"), g.id)) < 0)
        return rc;
    g.name = ilcd_lang_text(r, mb_xml_child(info, "dataSetInformation"),
                            "name");
    units = r->units.p;
    for (k = 0; k < r->units.n; k++)
        if (units[k].internal_id == ref) {
            units[k].u.is_reference = 1;
            ref_size = units[k].u.factor;
            break;
        }
    if (ref_size == 0)
        return ilcd_fail(r, refn, "referenceToReferenceUnit %lld: no unit "
                         "has this dataSetInternalID",
                         (long long)ref);
    /* the units as lci.h wants them, in the reference unit: the reference's
     * meanValue is 1 in valid data, and dividing keeps any other right */
    out = mb_alloc_array(r->units.n, sizeof *out);
    if (!out)
        return MB_ENOMEM;
    for (k = 0; k < r->units.n; k++) {
        out[k] = units[k].u;
        out[k].factor /= ref_size;
        if (out[k].is_reference)
            rc = remember_unit(r, g.id, out[k].name);
    }
    g.units = out;
    g.nunits = r->units.n;
    if (rc == 0 && r->sink->unit_group)
        rc = ilcd_sink_rc(r, r->sink->unit_group(r->sink->ctx, &g));
    mb_free(out);
    if (rc == 0)
        r->stats->unit_groups++;
    return rc;
}

int ilcd_read_flow_property(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *info = mb_xml_child(root, "flowPropertiesInformation");
    const xmlNode *qref = mb_xml_child(info, "quantitativeReference");
    const xmlNode *gref = mb_xml_child(qref, "referenceToReferenceUnitGroup");
    mb_lci_flow_property p;
    int64_t k;
    int rc;

    memset(&p, 0, sizeof p);
    if ((rc = ilcd_uuid(r, info, "flow property", &p.id)) < 0)
        return rc;
    p.name = ilcd_lang_text(r, mb_xml_child(info, "dataSetInformation"),
                            "name");
    if (!(p.unit_group_id = ilcd_ref(r, gref)))
        return ilcd_fail(r, gref ? gref : info ? info : root,
                         "flow property %s without quantitativeReference/"
                         "referenceToReferenceUnitGroup refObjectId",
                         p.id);
    if (!mb_strmap_get(&r->property_group, p.id, NULL)) {
        if ((rc = ilcd_keep_id(r, p.unit_group_id, &k)) < 0 ||
            (rc = mb_strmap_set(&r->property_group, p.id, k)) < 0)
            return rc;
    }
    if (r->sink->flow_property &&
        (rc = ilcd_sink_rc(r, r->sink->flow_property(r->sink->ctx, &p))) < 0)
        return rc;
    r->stats->flow_properties++;
    return 0;
}

/* ILCDLocations.xml: <location value="RER">Europe</location>, ... */
int ilcd_read_locations(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *x;
    int rc;

    for (x = root->children; x; x = x->next) {
        mb_lci_location l;

        if (!mb_xml_is(x, "location"))
            continue;
        memset(&l, 0, sizeof l);
        if (!(l.code = ilcd_attr(r, x, "value")))
            return ilcd_fail(r, x, "location without its code (the value "
                                   "attribute)");
        l.id = l.code;
        l.name = ilcd_text(r, x);
        if (!l.name)
            l.name = l.code;
        if (r->sink->location &&
            (rc = ilcd_sink_rc(r, r->sink->location(r->sink->ctx, &l))) < 0)
            return rc;
        r->stats->locations++;
    }
    return 0;
}
