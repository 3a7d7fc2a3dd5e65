/*
 * ilcd_process.c - ILCD process data sets (ILCD_ProcessDataSet.xsd) into
 * lci.h processes.
 *
 * Exchanges. Each exchange names its flow (referenceToFlowDataSet
 * refObjectId) and is in the reference unit of the flow's reference flow
 * property. Its amount is resultingAmount, "the final value to be used for
 * calculation of the LCI results", and meanAmount when that is absent (the
 * schema: resultingAmount is meanAmount times the referenced variable, or
 * meanAmount itself without one). An exchange with referenceToVariable
 * naming a variableParameter of the process gets the formula
 * "meanAmount * variable", so a change of the parameter carries through;
 * a variable the process does not define leaves resultingAmount alone.
 * Input amounts stay as given, negative ones too.
 *
 * The quantitative reference lists the reference exchanges by their
 * dataSetInternalID. Parameters are mathematicalRelations/
 * variableParameter (name, formula, meanValue, uncertainty).
 *
 * Allocation. ILCD gives, per exchange, the percentage of it that goes to
 * each co-product (allocations/allocation: internalReferenceToCoProduct,
 * allocatedFraction). That is a causal allocation factor per exchange and
 * product: value fraction / 100, the exchange named by its internal id;
 * a process with such factors has causal allocation as its default.
 *
 * ILCD+EPD data sets (EN 15804 results by life cycle module, in
 * common:other/epd:amount) are refused: their numbers are results of
 * modules and scenarios, not one inventory.
 */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "formats/ilcd_internal.h"
#include "formats/xml.h"

/* An allocation as the data gives it, resolved once every exchange is in. */
typedef struct ilcd_allocation {
    int64_t exchange_id;
    const char *flow_id;
    int64_t product_id;
    double fraction;
    const xmlNode *node;
} ilcd_allocation;

static int read_parameters(ilcd_reader *r, const xmlNode *relations)
{
    const xmlNode *x;
    int rc;

    r->parameters.n = 0;
    for (x = relations ? relations->children : NULL; x; x = x->next) {
        mb_lci_parameter *p;

        if (!mb_xml_is(x, "variableParameter"))
            continue;
        if (!(p = ilcd_push(&r->parameters, sizeof *p)))
            return MB_ENOMEM;
        if (!(p->name = ilcd_attr(r, x, "name")))
            return ilcd_fail(r, x, "variableParameter without a name");
        p->formula = ilcd_text(r, mb_xml_child(x, "formula"));
        if ((rc = ilcd_number(r, mb_xml_child(x, "meanValue"), "meanValue",
                              0.0, &p->value)) < 0 ||
            (rc = ilcd_uncertainty(r, x, p->value, "minimumValue",
                                   "maximumValue", &p->uncertainty)) < 0)
            return rc;
    }
    return 0;
}

/* Whether the process defines variable `name`. */
static int has_parameter(const ilcd_reader *r, const char *name)
{
    const mb_lci_parameter *p = r->parameters.p;
    size_t k;

    for (k = 0; k < r->parameters.n; k++)
        if (strcasecmp(p[k].name, name) == 0)
            return 1;
    return 0;
}

/* An EPD exchange: common:other holding epd:amount by module. */
static const char *epd_module(const xmlNode *x)
{
    const xmlNode *other = mb_xml_child(x, "other"), *a;

    for (a = other ? other->children : NULL; a; a = a->next)
        if (mb_xml_is(a, "amount") && mb_xml_attr(a, "module"))
            return mb_xml_attr(a, "module");
    return NULL;
}

/* Refuse an ILCD+EPD data set, at its first exchange by module. */
static int refuse_epd(ilcd_reader *r, const xmlNode *exchanges)
{
    const xmlNode *x;
    const char *module;

    for (x = exchanges ? exchanges->children : NULL; x; x = x->next)
        if (mb_xml_is(x, "exchange") && (module = epd_module(x)) != NULL)
            return ilcd_fail_code(
                r, MB_EUNSUPPORTED, x,
                "exchange gives amounts by EPD module ('%s'): an ILCD+EPD "
                "data set holds results per life cycle module and scenario, "
                "not an inventory, and is not read",
                module);
    return 0;
}

static int read_allocations(ilcd_reader *r, const xmlNode *x,
                            const mb_lci_exchange *e)
{
    const xmlNode *a;
    int rc;

    for (a = mb_xml_child(mb_xml_child(x, "allocations"), "allocation"); a;
         a = a->next) {
        ilcd_allocation *al;

        if (!mb_xml_is(a, "allocation"))
            continue;
        if (!(al = ilcd_push(&r->allocations, sizeof *al)))
            return MB_ENOMEM;
        al->exchange_id = e->internal_id;
        al->flow_id = e->flow_id;
        al->node = a;
        if ((rc = ilcd_internal_id(r, a, "internalReferenceToCoProduct",
                                   ilcd_attr(r, a,
                                             "internalReferenceToCoProduct"),
                                   &al->product_id)) < 0 ||
            (rc = mb_xml_number(a, "allocatedFraction", NAN, r->file,
                                &al->fraction)) < 0)
            return rc;
        if (isnan(al->fraction))
            return ilcd_fail(r, a, "allocation without its "
                                   "allocatedFraction (a percentage)");
    }
    return 0;
}

static int read_exchange(ilcd_reader *r, const xmlNode *x, mb_i64map *ids)
{
    const xmlNode *dir = mb_xml_child(x, "exchangeDirection");
    const char *d, *var;
    mb_lci_exchange *e;
    double mean, result;
    int64_t seen;
    int rc;

    if (!(e = ilcd_push(&r->exchanges, sizeof *e)))
        return MB_ENOMEM;
    if ((rc = ilcd_internal_id(r, x, "exchange dataSetInternalID",
                               ilcd_attr(r, x, "dataSetInternalID"),
                               &e->internal_id)) < 0)
        return rc;
    if (mb_i64map_get(ids, e->internal_id, &seen))
        return ilcd_fail(r, x, "two exchanges have dataSetInternalID %lld",
                         (long long)e->internal_id);
    if ((rc = mb_i64map_put(ids, e->internal_id,
                            (int64_t)r->exchanges.n - 1)) < 0)
        return rc;
    if (!(e->flow_id = ilcd_ref(r, mb_xml_child(x, "referenceToFlowDataSet"))))
        return ilcd_fail(r, x, "exchange %lld without "
                               "referenceToFlowDataSet refObjectId",
                         (long long)e->internal_id);
    d = ilcd_text(r, dir);
    if (!d || (strcmp(d, "Input") != 0 && strcmp(d, "Output") != 0))
        return ilcd_fail(r, dir ? dir : x,
                         "exchange %lld: exchangeDirection '%s': expected "
                         "Input or Output",
                         (long long)e->internal_id, d ? d : "");
    if (d[0] == 'I')
        e->flags |= MB_EXCHANGE_INPUT;
    if ((rc = ilcd_number(r, mb_xml_child(x, "meanAmount"), "meanAmount",
                          NAN, &mean)) < 0 ||
        (rc = ilcd_number(r, mb_xml_child(x, "resultingAmount"),
                          "resultingAmount", mean, &result)) < 0)
        return rc;
    if (isnan(mean))
        return ilcd_fail(r, x, "exchange %lld without a meanAmount",
                         (long long)e->internal_id);
    e->amount = result;
    var = ilcd_text(r, mb_xml_child(x, "referenceToVariable"));
    if (var && has_parameter(r, var) &&
        !(e->formula = ilcd_printf(r, "%.17g * %s", mean, var)))
        return MB_ENOMEM;
    e->location_id = ilcd_text(r, mb_xml_child(x, "location"));
    if ((rc = ilcd_uncertainty(r, x, e->amount, "minimumAmount",
                               "maximumAmount", &e->uncertainty)) < 0)
        return rc;
    return read_allocations(r, x, e);
}

/* Flag the exchanges of quantitativeReference/referenceToReferenceFlow. */
static int mark_references(ilcd_reader *r, const xmlNode *qref,
                           const mb_i64map *ids)
{
    mb_lci_exchange *ex = r->exchanges.p;
    const xmlNode *x;
    int64_t id, k;
    int rc;

    for (x = qref ? qref->children : NULL; x; x = x->next) {
        if (!mb_xml_is(x, "referenceToReferenceFlow"))
            continue;
        if ((rc = ilcd_internal_id(r, x, "referenceToReferenceFlow",
                                   ilcd_text(r, x), &id)) < 0)
            return rc;
        if (!mb_i64map_get(ids, id, &k))
            return ilcd_fail(r, x, "referenceToReferenceFlow %lld: no "
                                   "exchange has this dataSetInternalID",
                             (long long)id);
        ex[k].flags |= MB_EXCHANGE_REFERENCE;
    }
    return 0;
}

/* The allocations as lci.h factors into out. */
static int allocation_factors(ilcd_reader *r, const mb_i64map *ids,
                              mb_lci_allocation_factor *out)
{
    const ilcd_allocation *al = r->allocations.p;
    const mb_lci_exchange *ex = r->exchanges.p;
    size_t k;
    int64_t j;

    for (k = 0; k < r->allocations.n; k++) {
        if (!mb_i64map_get(ids, al[k].product_id, &j))
            return ilcd_fail(r, al[k].node,
                             "exchange %lld: allocation to co-product %lld, "
                             "but no exchange has this dataSetInternalID",
                             (long long)al[k].exchange_id,
                             (long long)al[k].product_id);
        memset(&out[k], 0, sizeof out[k]);
        out[k].type = MB_ALLOC_CAUSAL;
        out[k].product_id = ex[j].flow_id;
        out[k].exchange_internal_id = al[k].exchange_id;
        out[k].exchange_flow_id = al[k].flow_id;
        out[k].value = al[k].fraction / 100.0;
    }
    return 0;
}

static int emit(ilcd_reader *r, mb_lci_process *p, const mb_i64map *ids)
{
    mb_lci_allocation_factor *af;
    int rc;

    if (!(af = mb_alloc_array(r->allocations.n + 1, sizeof *af)))
        return MB_ENOMEM;
    rc = allocation_factors(r, ids, af);
    p->exchanges = r->exchanges.p;
    p->nexchanges = r->exchanges.n;
    p->parameters = r->parameters.p;
    p->nparameters = r->parameters.n;
    p->allocation_factors = af;
    p->nallocation_factors = r->allocations.n;
    p->default_allocation = r->allocations.n ? MB_ALLOC_CAUSAL
                                             : MB_ALLOC_NONE;
    if (rc == 0 && r->sink->process)
        rc = ilcd_sink_rc(r, r->sink->process(r->sink->ctx, p));
    mb_free(af);
    return rc;
}

int ilcd_read_process(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *info = mb_xml_child(root, "processInformation");
    const xmlNode *dsi = mb_xml_child(info, "dataSetInformation");
    const xmlNode *geo = mb_xml_child(info, "geography");
    const xmlNode *x;
    mb_lci_process p;
    mb_i64map ids;
    int rc;

    memset(&p, 0, sizeof p);
    if ((rc = ilcd_uuid(r, info, "process", &p.id)) < 0)
        return rc;
    p.name = ilcd_name(r, mb_xml_child(dsi, "name"));
    p.category = ilcd_category(r, dsi);
    p.location_id = ilcd_attr(
        r, mb_xml_child(geo, "locationOfOperationSupplyOrProduction"),
        "location");
    r->exchanges.n = r->allocations.n = 0;
    if ((rc = refuse_epd(r, mb_xml_child(root, "exchanges"))) < 0 ||
        (rc = read_parameters(r, mb_xml_child(info,
                                              "mathematicalRelations"))) < 0)
        return rc;
    if (mb_i64map_init(&ids, 64) < 0)
        return MB_ENOMEM;
    for (x = mb_xml_child(root, "exchanges"), x = x ? x->children : NULL;
         rc == 0 && x; x = x->next)
        if (mb_xml_is(x, "exchange"))
            rc = read_exchange(r, x, &ids);
    if (rc == 0)
        rc = mark_references(r, mb_xml_child(info, "quantitativeReference"),
                             &ids);
    if (rc == 0)
        rc = emit(r, &p, &ids);
    mb_i64map_destroy(&ids);
    if (rc == 0) {
        r->stats->processes++;
        r->stats->exchanges += r->exchanges.n;
        r->stats->parameters += r->parameters.n;
    }
    return rc;
}
