/*
 * ilcd_flow.c - ILCD flow data sets (ILCD_FlowDataSet.xsd) into lci.h
 * flows.
 *
 * The name is the parts of dataSetInformation/name joined by "; " (the
 * ILCD nomenclature: base name; treatment, standards, routes; mix and
 * location; quantitative properties). The category is the elementary flow
 * categorization, else the classification, by level ("Emissions/Emissions
 * to air/Emissions to air, unspecified"). typeOfDataSet gives the type:
 * "Other flow" (neither product nor waste nor elementary, rare) is taken
 * as a product, as openLCA does.
 *
 * Each flowProperty's meanValue says how much of that property one unit of
 * the flow has, relative to the reference property
 * (quantitativeReference/referenceToReferenceFlowProperty, an internal
 * id): 1 kg of a fuel with 40 MJ/kg has Mass 1 and Net calorific value 40.
 * The reference property's meanValue must be positive; another property
 * with none that is positive converts nothing and is left out.
 */
#include <math.h>
#include <string.h>

#include "formats/ilcd_internal.h"
#include "formats/xml.h"

typedef struct ilcd_property {
    mb_lci_property_factor pf;
    int64_t internal_id;
} ilcd_property;

static int flow_type(ilcd_reader *r, const xmlNode *root, mb_flow_type *type)
{
    static const char *const names[] = {"Elementary flow", "Product flow",
                                        "Waste flow", "Other flow"};
    static const mb_flow_type types[] = {MB_FLOW_ELEMENTARY, MB_FLOW_PRODUCT,
                                         MB_FLOW_WASTE, MB_FLOW_PRODUCT};
    const xmlNode *mv = mb_xml_child(root, "modellingAndValidation");
    const xmlNode *t = mb_xml_child(mb_xml_child(mv, "LCIMethod"),
                                    "typeOfDataSet");
    const char *s = ilcd_text(r, t);
    int k;

    for (k = 0; s && k < 4; k++)
        if (strcmp(s, names[k]) == 0) {
            *type = types[k];
            return 0;
        }
    return ilcd_fail(r, t ? t : root,
                     "typeOfDataSet '%s': expected Elementary flow, Product "
                     "flow, Waste flow or Other flow",
                     s ? s : "");
}

static int read_properties(ilcd_reader *r, const xmlNode *props)
{
    const xmlNode *x;
    int rc;

    r->properties.n = 0;
    for (x = props ? props->children : NULL; x; x = x->next) {
        ilcd_property *p;

        if (!mb_xml_is(x, "flowProperty"))
            continue;
        if (!(p = ilcd_push(&r->properties, sizeof *p)))
            return MB_ENOMEM;
        if ((rc = ilcd_internal_id(r, x, "flowProperty dataSetInternalID",
                                   ilcd_attr(r, x, "dataSetInternalID"),
                                   &p->internal_id)) < 0)
            return rc;
        p->pf.property_id = ilcd_ref(
            r, mb_xml_child(x, "referenceToFlowPropertyDataSet"));
        if (!p->pf.property_id)
            return ilcd_fail(r, x, "flowProperty %lld without "
                                   "referenceToFlowPropertyDataSet "
                                   "refObjectId",
                             (long long)p->internal_id);
        if ((rc = ilcd_number(r, mb_xml_child(x, "meanValue"), "meanValue",
                              NAN, &p->pf.factor)) < 0)
            return rc;
        if (isnan(p->pf.factor))
            return ilcd_fail(r, x, "flowProperty %lld without a meanValue",
                             (long long)p->internal_id);
    }
    return 0;
}

/*
 * The properties as lci.h wants them (relative to the reference, which
 * must be there and positive) into out; *n of them.
 */
static int relative_properties(ilcd_reader *r, const xmlNode *refn,
                               int64_t ref, mb_lci_property_factor *out,
                               size_t *n)
{
    const ilcd_property *p = r->properties.p;
    double ref_value = NAN;
    size_t k;

    *n = 0;
    for (k = 0; k < r->properties.n; k++)
        if (p[k].internal_id == ref) {
            ref_value = p[k].pf.factor;
            break;
        }
    if (isnan(ref_value))
        return ilcd_fail(r, refn,
                         "referenceToReferenceFlowProperty %lld: no "
                         "flowProperty has this dataSetInternalID",
                         (long long)ref);
    if (!(ref_value > 0))
        return ilcd_fail(r, refn,
                         "the reference flow property %s has meanValue %g: "
                         "expected a positive number",
                         p[k].pf.property_id, ref_value);
    for (k = 0; k < r->properties.n; k++) {
        if (!(p[k].pf.factor > 0))
            continue;
        out[*n] = p[k].pf;
        out[*n].factor /= ref_value;
        out[*n].is_reference = p[k].internal_id == ref;
        (*n)++;
    }
    return 0;
}

int ilcd_read_flow(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *info = mb_xml_child(root, "flowInformation");
    const xmlNode *dsi = mb_xml_child(info, "dataSetInformation");
    const xmlNode *qref = mb_xml_child(info, "quantitativeReference");
    const xmlNode *refn = mb_xml_child(qref,
                                       "referenceToReferenceFlowProperty");
    mb_lci_property_factor *props = NULL;
    int64_t ref;
    mb_lci_flow f;
    size_t k;
    int rc, have_ref = 0;

    memset(&f, 0, sizeof f);
    if ((rc = ilcd_uuid(r, info, "flow", &f.id)) < 0 ||
        (rc = flow_type(r, root, &f.type)) < 0 ||
        (rc = ilcd_internal_id(r, refn ? refn : info ? info : root,
                               "referenceToReferenceFlowProperty",
                               ilcd_text(r, refn), &ref)) < 0 ||
        (rc = read_properties(r, mb_xml_child(root, "flowProperties"))) < 0)
        return rc;
    f.name = ilcd_name(r, mb_xml_child(dsi, "name"));
    f.category = ilcd_category(r, dsi);
    f.cas = ilcd_text(r, mb_xml_child(dsi, "CASNumber"));
    f.formula = ilcd_text(r, mb_xml_child(dsi, "sumFormula"));
    f.location_id = ilcd_text(
        r, mb_xml_child(mb_xml_child(info, "geography"), "locationOfSupply"));
    if (!(props = mb_alloc_array(r->properties.n + 1, sizeof *props)))
        return MB_ENOMEM;
    rc = relative_properties(r, refn, ref, props, &f.nproperties);
    for (k = 0; k < f.nproperties; k++) /* one reference, the first */
        if (props[k].is_reference && have_ref++)
            props[k].is_reference = 0;
    f.properties = props;
    if (rc == 0 && r->sink->flow)
        rc = ilcd_sink_rc(r, r->sink->flow(r->sink->ctx, &f));
    mb_free(props);
    if (rc == 0)
        r->stats->flows++;
    return rc;
}
