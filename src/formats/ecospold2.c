/*
 * ecospold2.c - reader of EcoSpold 2 activity datasets (EcoSpold02.xsd,
 * ecoinvent Centre; see include/metabol/ecospold2.h).
 *
 * One file at a time: parsed into a libxml2 tree (network off, entities
 * not substituted, so no external entity or expansion bomb reaches us),
 * turned into records for the sink, and freed. Units and flows are made
 * from the exchanges the first time they appear; later files that name
 * them again add nothing (the sinks keep the first version, as for shared
 * reference data).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "formats/archive.h"
#include "formats/ecospold2_internal.h"
#include "formats/units_by_name.h"
#include "formats/xml.h"

#define fail mb_es2_fail

/* A number attribute of an uncertainty: NAN when absent or not finite. */
#define loose_number mb_xml_loose_number

int mb_es2_emit_flow(es2_reader *r, const char *id, const char *name,
                     mb_flow_type type, const char *category,
                     const char *cas, const char *property)
{
    mb_lci_property_factor pf = {property, 1.0, 1};
    mb_lci_flow f;
    int rc;

    if ((rc = mb_strmap_add(&r->seen, id, 0, NULL)) != 0)
        return rc < 0 ? rc : 0;
    memset(&f, 0, sizeof f);
    f.id = id;
    f.name = name ? name : id;
    f.type = type;
    f.category = category;
    f.cas = cas && *cas ? cas : NULL;
    f.nproperties = 1;
    f.properties = &pf;
    return r->sink->flow ? r->sink->flow(r->sink->ctx, &f) : 0;
}

const char *mb_es2_compartment(es2_reader *r, const xmlNode *x)
{
    const xmlNode *c = mb_xml_child(x, "compartment");
    const char *a = mb_xml_text(mb_xml_child(c, "compartment"));
    const char *b = mb_xml_text(mb_xml_child(c, "subcompartment"));
    char path[600];

    if (!a)
        return NULL;
    snprintf(path, sizeof path, "%s%s%s", a, b ? "/" : "", b ? b : "");
    return mb_strmap_intern(&r->names, path);
}

int mb_es2_unit(es2_reader *r, const xmlNode *x, const char **property,
                const char **unit)
{
    const char *id = mb_xml_attr(x, "unitId");
    const char *name = mb_xml_text(mb_xml_child(x, "unitName"));
    int64_t k;

    if (id && !*id)
        id = NULL;
    if (!name && id && mb_strmap_get(&r->unit_index, id, &k) == 1)
        name = r->unit_names[k];
    if (!id)
        id = name;
    if (!id || !*id)
        return fail(r, x, "%s without a unit (expected unitId or unitName)",
                    (const char *)x->name);
    return mb_unit_by_name_with(&r->extras, r->sink, &r->seen, &r->names,
                                id, name, property, unit);
}

static const char *const dist_elements[] = {NULL, "lognormal", "normal",
                                            "triangular", "uniform"};

/*
 * The pedigree matrix's additional variances (of ln x) per indicator and
 * score 1-5: Weidema B P et al. (2013), Overview and methodology. Data
 * quality guideline for the ecoinvent database version 3, ecoinvent
 * report 1 (v3), St. Gallen (the default additional uncertainties of the
 * pedigree indicators; the same values as Brightway's pedigree_matrix
 * package, "original").
 */
static const struct {
    const char *attr;
    double variance[5];
} pedigree[5] = {
    {"reliability", {0, 0.0006, 0.002, 0.008, 0.04}},
    {"completeness", {0, 0.0001, 0.0006, 0.002, 0.008}},
    {"temporalCorrelation", {0, 0.0002, 0.002, 0.008, 0.04}},
    {"geographicalCorrelation", {0, 0.000025, 0.0001, 0.0006, 0.002}},
    {"furtherTechnologyCorrelation", {0, 0.0006, 0.008, 0.04, 0.12}},
};

/*
 * The additional variance of the pedigreeMatrix element p (0 when there
 * is none): each indicator's score must be a whole number from 1 to 5.
 */
static int pedigree_variance(es2_reader *r, const xmlNode *p, double *out)
{
    int k;

    *out = 0;
    for (k = 0; p && k < 5; k++) {
        const char *s = mb_xml_attr(p, pedigree[k].attr);

        if (!s || s[0] < '1' || s[0] > '5' || s[1])
            return fail(r, p, "pedigreeMatrix %s '%s': expected a score "
                              "from 1 to 5",
                        pedigree[k].attr, s ? s : "(missing)");
        *out += pedigree[k].variance[s[0] - '1'];
    }
    return 0;
}

/*
 * The variance (of ln x for a lognormal) of a lognormal or normal
 * distribution d: ecoinvent's varianceWithPedigreeUncertainty when given
 * (the basic variance plus the pedigree matrix's additional variances,
 * the one ecoinvent and Brightway sample from); else, for a lognormal
 * with a pedigree matrix, the basic variance plus the matrix's additional
 * variances (the same sum, as the guideline defines it); else the basic
 * variance. A normal's pedigree scores add nothing: ecoinvent's variances
 * are of ln x.
 */
static int variance(es2_reader *r, const xmlNode *d, const xmlNode *p,
                    double *out)
{
    double extra = 0;
    int rc;

    *out = loose_number(d, "varianceWithPedigreeUncertainty");
    if (!isnan(*out))
        return 0;
    *out = loose_number(d, "variance");
    if (strcmp((const char *)d->name, "lognormal") == 0 &&
        (rc = pedigree_variance(r, p, &extra)) < 0)
        return rc;
    *out += extra;
    return 0;
}

/*
 * The uncertainty element of an exchange or parameter of amount `amount`,
 * when present. Parameters go over as the data gives them, also when they
 * describe no distribution (USLCI's lognormals of variance "Infinity"):
 * the compiler reports those when a Monte Carlo run asks for them. A
 * lognormal or normal without meanValue is centred on the amount.
 */
static int uncertainty(es2_reader *r, const xmlNode *x, double amount,
                       mb_lci_uncertainty *u)
{
    const xmlNode *n = mb_xml_child(x, "uncertainty");
    double v;
    int k, rc;

    memset(u, 0, sizeof *u);
    for (k = 1; n && k < 5; k++) {
        const xmlNode *d = mb_xml_child(n, dist_elements[k]);

        if (!d)
            continue;
        u->type = (mb_distribution)k;
        if (k == MB_DIST_LOGNORMAL || k == MB_DIST_NORMAL) {
            if ((rc = variance(r, d, mb_xml_child(n, "pedigreeMatrix"),
                               &v)) < 0)
                return rc;
            u->p[0] = loose_number(d, "meanValue");
            if (isnan(u->p[0]))
                u->p[0] = amount;
            /* the (geometric) sd from the variance (of ln x); a negative
             * variance gives what the compiler reports as a negative sd
             * (a geometric sd below 1) */
            v = v < 0 ? -sqrt(-v) : sqrt(v);
            u->p[1] = k == MB_DIST_LOGNORMAL ? exp(v) : v;
        } else {
            u->p[0] = loose_number(d, "minValue");
            u->p[1] = loose_number(d, k == MB_DIST_TRIANGLE ? "mostLikelyValue"
                                                            : "maxValue");
            u->p[2] = k == MB_DIST_TRIANGLE ? loose_number(d, "maxValue") : 0;
        }
        break;
    }
    return 0;
}

static mb_lci_exchange *next_exchange(es2_reader *r)
{
    if (r->nex == r->cap_ex) {
        size_t cap = r->cap_ex ? 2 * r->cap_ex : 64;
        mb_lci_exchange *n = mb_realloc(r->ex, cap * sizeof *n);

        if (!n)
            return NULL;
        r->ex = n;
        r->cap_ex = cap;
    }
    memset(&r->ex[r->nex], 0, sizeof *r->ex);
    return &r->ex[r->nex++];
}

/* One intermediate or elementary exchange. */
static int read_exchange(es2_reader *r, const xmlNode *x, int elementary,
                         int *have_reference)
{
    const char *flow = mb_xml_attr(x, elementary ? "elementaryExchangeId"
                                          : "intermediateExchangeId");
    const char *unit;
    const char *in = mb_xml_text(mb_xml_child(x, "inputGroup"));
    const char *out = mb_xml_text(mb_xml_child(x, "outputGroup"));
    const char *property;
    mb_lci_exchange *e;
    int rc;

    if (!flow || !*flow)
        return fail(r, x, "%s without its flow id",
                    elementary ? "elementaryExchange" : "intermediateExchange");
    if (!in == !out)
        return fail(r, x, "exchange of flow %s: expected one inputGroup or "
                    "one outputGroup", flow);
    if ((rc = mb_es2_unit(r, x, &property, &unit)) != 0 ||
        (rc = mb_es2_emit_flow(
             r, flow, mb_xml_text(mb_xml_child(x, "name")),
             elementary ? MB_FLOW_ELEMENTARY : MB_FLOW_PRODUCT,
             elementary ? mb_es2_compartment(r, x) : NULL,
             mb_xml_attr(x, "casNumber"), property)) != 0)
        return rc;
    if (!(e = next_exchange(r)))
        return MB_ENOMEM;
    e->internal_id = -1;
    e->flow_id = flow;
    e->unit_id = unit;
    e->property_id = property;
    e->provider_id = mb_xml_attr(x, "activityLinkId");
    e->formula = mb_xml_attr(x, "mathematicalRelation");
    if (e->formula && !*e->formula)
        e->formula = NULL;
    if ((rc = mb_xml_number(x, "amount", NAN, r->file, &e->amount)) < 0)
        return rc;
    if (isnan(e->amount))
        return fail(r, x, "exchange of flow %s without an amount", flow);
    if (in)
        e->flags |= MB_EXCHANGE_INPUT;
    else if (!elementary && strcmp(out, "0") == 0 && !*have_reference &&
             e->amount != 0) {
        e->flags |= MB_EXCHANGE_REFERENCE;
        *have_reference = 1;
    }
    return uncertainty(r, x, e->amount, &e->uncertainty);
}

static int read_parameter(es2_reader *r, const xmlNode *x)
{
    mb_lci_parameter *p;
    int rc;

    if (r->npar == r->cap_par) {
        size_t cap = r->cap_par ? 2 * r->cap_par : 16;
        mb_lci_parameter *n = mb_realloc(r->par, cap * sizeof *n);

        if (!n)
            return MB_ENOMEM;
        r->par = n;
        r->cap_par = cap;
    }
    p = &r->par[r->npar];
    memset(p, 0, sizeof *p);
    p->name = mb_xml_attr(x, "variableName");
    p->formula = mb_xml_attr(x, "mathematicalRelation");
    if (p->formula && !*p->formula)
        p->formula = NULL;
    if (!p->name || !*p->name)
        return 0; /* a parameter no formula can name: nothing to keep */
    if ((rc = mb_xml_number(x, "amount", 0.0, r->file, &p->value)) < 0)
        return rc;
    if ((rc = uncertainty(r, x, p->value, &p->uncertainty)) < 0)
        return rc;
    r->npar++;
    return 0;
}

/*
 * The geography of an activity as a location, the first time: EcoSpold 2
 * names it by its short name ("RNA", "CH", "GLO"), which serves as id,
 * code and name.
 */
static int emit_location(es2_reader *r, const char *shortname)
{
    char key[300];
    mb_lci_location l = {shortname, shortname, shortname};
    int rc;

    if (!shortname || !*shortname)
        return 0;
    snprintf(key, sizeof key, "location:%s", shortname);
    if ((rc = mb_strmap_add(&r->seen, key, 0, NULL)) != 0)
        return rc < 0 ? rc : 0;
    return r->sink->location ? r->sink->location(r->sink->ctx, &l) : 0;
}

static int read_dataset(es2_reader *r, const xmlNode *ds)
{
    const xmlNode *desc = mb_xml_child(ds, "activityDescription");
    const xmlNode *act = mb_xml_child(desc, "activity");
    const xmlNode *flows = mb_xml_child(ds, "flowData"), *x;
    mb_lci_process p;
    int have_reference = 0, rc = 0;

    if (!act || !mb_xml_attr(act, "id"))
        return fail(r, ds, "no activityDescription/activity with an id");
    memset(&p, 0, sizeof p);
    p.id = mb_xml_attr(act, "id");
    p.name = mb_xml_text(mb_xml_child(act, "activityName"));
    p.location_id = mb_xml_text(
        mb_xml_child(mb_xml_child(desc, "geography"), "shortname"));
    if ((rc = emit_location(r, p.location_id)) != 0)
        return rc;
    r->nex = r->npar = 0;
    for (x = flows ? flows->children : NULL; rc == 0 && x; x = x->next) {
        if (mb_xml_is(x, "intermediateExchange"))
            rc = read_exchange(r, x, 0, &have_reference);
        else if (mb_xml_is(x, "elementaryExchange"))
            rc = read_exchange(r, x, 1, &have_reference);
        else if (mb_xml_is(x, "parameter"))
            rc = read_parameter(r, x);
    }
    if (rc != 0)
        return rc;
    if ((rc = mb_es2_allocation(r, flows, &p)) < 0)
        return rc;
    p.exchanges = r->ex;
    p.nexchanges = r->nex;
    p.parameters = r->par;
    p.nparameters = r->npar;
    r->stats->activities++;
    r->stats->exchanges += r->nex;
    return r->sink->process ? r->sink->process(r->sink->ctx, &p) : 0;
}

static int read_xml(es2_reader *r, const void *buf, size_t len)
{
    xmlDoc *doc = mb_xml_parse(buf, len, r->file);
    xmlNode *root, *ds;
    int rc;

    if (!doc)
        return MB_EFORMAT;
    r->stats->files++;
    root = xmlDocGetRootElement(doc);
    ds = mb_xml_child(root, "activityDataset");
    if (!ds)
        ds = mb_xml_child(root, "childActivityDataset");
    rc = !root || !mb_xml_is(root, "ecoSpold") || !ds
             ? fail(r, root, "not an EcoSpold 2 activity dataset (expected "
                             "ecoSpold/activityDataset)")
             : read_dataset(r, ds);
    xmlFreeDoc(doc);
    return rc;
}

/* One .spold member of the archive (mb_archive_member_fn). */
static int read_member(void *ctx, const char *label, const void *buf,
                       size_t len)
{
    es2_reader *r = ctx;
    int rc;

    r->file = label;
    rc = read_xml(r, buf, len);
    r->file = NULL;
    return rc;
}

static int reader_init(es2_reader *r, const mb_lci_sink *sink,
                       mb_ecospold2_stats *stats)
{
    memset(r, 0, sizeof *r);
    memset(stats, 0, sizeof *stats);
    r->sink = sink;
    r->stats = stats;
    if (mb_strmap_init(&r->seen, 1024) < 0 ||
        mb_strmap_init(&r->names, 256) < 0 ||
        mb_strmap_init(&r->unit_index, 64) < 0)
        return MB_ENOMEM;
    return 0;
}

static void reader_destroy(es2_reader *r)
{
    mb_strmap_destroy(&r->seen);
    mb_strmap_destroy(&r->names);
    mb_strmap_destroy(&r->unit_index);
    mb_unit_extras_free(&r->extras);
    mb_free(r->unit_names);
    mb_free(r->ex);
    mb_free(r->par);
    mb_free(r->af);
}

static int is_spold(const char *name)
{
    size_t n = strlen(name);

    return n > 6 && strcmp(name + n - 6, ".spold") == 0;
}

int mb_ecospold2_read(const char *path, const char *master_data,
                      const mb_lci_sink *sink, mb_ecospold2_stats *stats)
{
    mb_ecospold2_stats local;
    mb_archive *a = NULL;
    es2_reader r;
    int rc;

    if (!stats)
        stats = &local;
    if ((rc = reader_init(&r, sink, stats)) == 0 && master_data)
        rc = mb_es2_read_master_data(&r, master_data);
    if (rc == 0 && (rc = mb_archive_open(&a, path)) == 0)
        rc = mb_archive_each(a, is_spold, read_member, &r, sink);
    if (rc == 0 && stats->files == 0)
        rc = mb_error_set(MB_EFORMAT, "%s: no .spold files", path);
    mb_archive_close(a);
    reader_destroy(&r);
    return rc;
}

int mb_ecospold2_read_document(const void *xml, size_t len, const char *name,
                               const mb_lci_sink *sink,
                               mb_ecospold2_stats *stats)
{
    mb_ecospold2_stats local;
    es2_reader r;
    int rc;

    if (!stats)
        stats = &local;
    if ((rc = reader_init(&r, sink, stats)) == 0) {
        r.file = name ? name : "<buffer>";
        rc = read_xml(&r, xml, len);
    }
    reader_destroy(&r);
    return rc;
}
