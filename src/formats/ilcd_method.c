/*
 * ilcd_method.c - ILCD LCIA method data sets (ILCD_LCIAMethodDataSet.xsd)
 * into lci.h impact categories, and the methods that group them.
 *
 * One LCIA method data set is one impact category (one indicator: "Climate
 * change", in "kg CO2-Equiv."): id its UUID, name its common:name. Its
 * reference unit is the reference unit of the unit group behind
 * quantitativeReference/referenceQuantity (a flow property; the schema
 * build shipped with the ILCD package names the unit group directly, in
 * referenceToReferenceUnitGroup, and is read too). Factors are
 * characterisationFactors/factor (flowsExchanges/flowExchange in that
 * build): the flow, meanValue per reference unit of the flow's reference
 * property, uncertainty; a factor for location GLO is a global one, any
 * other location makes it regionalized (lci.h).
 *
 * metabol applies a factor to a flow whatever its direction (compile.c
 * keeps emissions and extractions positive), so a data set giving one
 * flow two factors (Input and Output, or twice) keeps the first when they
 * are equal and is refused when they differ.
 *
 * Methods: each methodology the data set names ("EF 3.0", "CML 2002";
 * several are allowed) is a method holding the category, as openLCA groups
 * ILCD LCIA data sets; they are handed over after every file, one method
 * per methodology name. A data set without a methodology stays a category
 * of its own.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/ilcd_internal.h"
#include "formats/xml.h"

/* The reference unit's name (kept), or NULL; *named when the data set
 * names a reference at all. */
static const char *reference_unit(ilcd_reader *r, const xmlNode *qref,
                                  int *named)
{
    const char *property = ilcd_ref(r, mb_xml_child(qref,
                                                    "referenceQuantity"));
    const char *group = ilcd_ref(r, mb_xml_child(
                                        qref, "referenceToReferenceUnitGroup"));
    const char **kept = r->kept_ids.p;
    int64_t k;

    *named = property || group;
    if (property && mb_strmap_get(&r->property_group, property, &k))
        group = kept[k];
    if (group && mb_strmap_get(&r->group_unit, group, &k))
        return kept[k];
    return NULL;
}

/* A methodology's name: its text, or that of standardMethod/userMethod. */
static const char *methodology_name(ilcd_reader *r, const xmlNode *m)
{
    const char *s = ilcd_text(r, m);

    if (!s)
        s = ilcd_text(r, mb_xml_child(m, "standardMethod"));
    if (!s)
        s = ilcd_text(r, mb_xml_child(m, "userMethod"));
    return s;
}

/* Remember the methodologies of category id, each name once. */
static int add_memberships(ilcd_reader *r, const xmlNode *dsi,
                           const char *id)
{
    size_t first = r->memberships.n, k;
    const xmlNode *m;

    for (m = dsi ? dsi->children : NULL; m; m = m->next) {
        const char *name;
        ilcd_membership *ms;
        int dup = 0;

        if (!mb_xml_is(m, "methodology") || !(name = methodology_name(r, m)))
            continue;
        for (k = first; k < r->memberships.n && !dup; k++)
            dup = strcmp(((ilcd_membership *)r->memberships.p)[k].methodology,
                         name) == 0;
        if (dup)
            continue;
        if (!(ms = ilcd_push(&r->memberships, sizeof *ms)) ||
            !(ms->methodology = mb_strmap_intern(&r->keep, name)) ||
            !(ms->category_id = mb_strmap_intern(&r->keep, id)))
            return MB_ENOMEM;
    }
    return 0;
}

/*
 * A factor for a flow (and location) already given: equal values keep the
 * first, different ones are an error. 1 when x is a repeat.
 */
static int repeated(ilcd_reader *r, mb_strmap *seen, const xmlNode *x,
                    const mb_lci_impact_factor *f, const char *direction)
{
    const mb_lci_impact_factor *all = r->factors.p;
    const char *key = ilcd_printf(r, "%s\037%s", f->flow_id,
                                  f->location_id ? f->location_id : "");
    int64_t k;
    int rc;

    if (!key)
        return MB_ENOMEM;
    if (!mb_strmap_get(seen, key, &k)) {
        rc = mb_strmap_set(seen, key, (int64_t)r->factors.n - 1);
        return rc < 0 ? rc : 0;
    }
    if (all[k].value == f->value)
        return 1;
    return ilcd_fail(r, x,
                     "flow %s has two characterisation factors, %g and %g "
                     "(this one %s): metabol applies one factor to a flow "
                     "whichever its direction",
                     f->flow_id, all[k].value, f->value,
                     direction ? direction : "without a direction");
}

static int read_factor(ilcd_reader *r, const xmlNode *x, mb_strmap *seen)
{
    mb_lci_impact_factor *f;
    const char *direction;
    int rc;

    if (!(f = ilcd_push(&r->factors, sizeof *f)))
        return MB_ENOMEM;
    if (!(f->flow_id = ilcd_ref(r, mb_xml_child(x,
                                                "referenceToFlowDataSet"))))
        return ilcd_fail(r, x, "factor without referenceToFlowDataSet "
                               "refObjectId");
    f->flow_name = ilcd_lang_text(
        r, mb_xml_child(x, "referenceToFlowDataSet"), "shortDescription");
    f->location_id = ilcd_text(r, mb_xml_child(x, "location"));
    if (f->location_id && strcmp(f->location_id, "GLO") == 0)
        f->location_id = NULL;
    direction = ilcd_text(r, mb_xml_child(x, "exchangeDirection"));
    if (direction && strcmp(direction, "Input") != 0 &&
        strcmp(direction, "Output") != 0)
        return ilcd_fail(r, mb_xml_child(x, "exchangeDirection"),
                         "exchangeDirection '%s': expected Input or Output",
                         direction);
    if ((rc = ilcd_number(r, mb_xml_child(x, "meanValue"), "meanValue", NAN,
                          &f->value)) < 0)
        return rc;
    if (isnan(f->value))
        return ilcd_fail(r, x, "factor for flow %s without a meanValue",
                         f->flow_id);
    if ((rc = ilcd_uncertainty(r, x, f->value, "minimumValue",
                               "maximumValue", &f->uncertainty)) < 0)
        return rc;
    if ((rc = repeated(r, seen, x, f, direction)) != 0) {
        r->factors.n--; /* the same factor again: one is enough */
        return rc < 0 ? rc : 0;
    }
    return 0;
}

static int read_factors(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *list = mb_xml_child(root, "characterisationFactors");
    const char *item = "factor";
    const xmlNode *x;
    mb_strmap seen;
    int rc = 0;

    if (!list) {
        list = mb_xml_child(root, "flowsExchanges");
        item = "flowExchange";
    }
    r->factors.n = 0;
    if (mb_strmap_init(&seen, 64) < 0)
        return MB_ENOMEM;
    for (x = list ? list->children : NULL; rc == 0 && x; x = x->next)
        if (mb_xml_is(x, item))
            rc = read_factor(r, x, &seen);
    mb_strmap_destroy(&seen);
    return rc;
}

int ilcd_read_lcia_method(ilcd_reader *r, const xmlNode *root)
{
    const xmlNode *info = mb_xml_child(root, "LCIAMethodInformation");
    const xmlNode *dsi = mb_xml_child(info, "dataSetInformation");
    mb_lci_impact_category c;
    int named, rc;

    memset(&c, 0, sizeof c);
    if ((rc = ilcd_uuid(r, info, "LCIA method", &c.id)) < 0)
        return rc;
    c.reference_unit = reference_unit(
        r, mb_xml_child(info, "quantitativeReference"), &named);
    if (named && !c.reference_unit && r->may_defer) {
        r->deferred = 1; /* read again after the unit groups */
        return 0;
    }
    c.name = ilcd_lang_text(r, dsi, "name");
    if (!c.name)
        c.name = ilcd_text(r, mb_xml_child(dsi, "impactIndicator"));
    if (!c.name)
        c.name = c.id;
    if ((rc = read_factors(r, root)) < 0)
        return rc;
    c.factors = r->factors.p;
    c.nfactors = r->factors.n;
    if (r->sink->impact_category &&
        (rc = ilcd_sink_rc(r, r->sink->impact_category(r->sink->ctx,
                                                       &c))) < 0)
        return rc;
    r->stats->impact_categories++;
    r->stats->impact_factors += c.nfactors;
    return add_memberships(r, dsi, c.id);
}

int ilcd_emit_methods(ilcd_reader *r)
{
    const ilcd_membership *ms = r->memberships.p;
    const char **ids;
    mb_strmap done;
    size_t k, j, n;
    int rc = 0;

    if (r->memberships.n == 0)
        return 0;
    ids = mb_alloc_array(r->memberships.n, sizeof *ids);
    if (!ids || mb_strmap_init(&done, 16) < 0) {
        mb_free(ids);
        return MB_ENOMEM;
    }
    for (k = 0; rc == 0 && k < r->memberships.n; k++) {
        mb_lci_impact_method m;
        char *id;

        if ((rc = mb_strmap_add(&done, ms[k].methodology, 0, NULL)) != 0) {
            rc = rc < 0 ? rc : 0; /* handed over with its first category */
            continue;
        }
        for (n = 0, j = k; j < r->memberships.n; j++)
            if (strcmp(ms[j].methodology, ms[k].methodology) == 0)
                ids[n++] = ms[j].category_id;
        /* the first category in the id: two packages may both have an
         * "EF 3.0", and a project keeps method ids unique */
        if (!(id = mb_sprintf("ilcd-methodology:%s:%s", ms[k].methodology,
                              ids[0]))) {
            rc = MB_ENOMEM;
            break;
        }
        m.id = id;
        m.name = ms[k].methodology;
        m.ncategories = n;
        m.category_ids = ids;
        if (r->sink->impact_method)
            rc = r->sink->impact_method(r->sink->ctx, &m);
        mb_free(id);
        if (rc == 0)
            r->stats->impact_methods++;
    }
    mb_strmap_destroy(&done);
    mb_free(ids);
    return rc;
}
