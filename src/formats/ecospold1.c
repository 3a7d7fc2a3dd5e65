/*
 * ecospold1.c - reader of EcoSpold 1 process datasets (EcoSpold01Dataset.xsd,
 * ecoinvent Centre, 2003; see include/metabol/ecospold1.h and
 * docs/ecospold1.md).
 *
 * One file at a time: parsed into a libxml2 tree (network off, entities
 * not substituted, so no external entity or expansion bomb reaches us),
 * each <dataset> turned into one process record for the sink, and freed.
 * Flows, units and locations are made from the exchanges the first time
 * they appear; later datasets that name them again add nothing.
 *
 * What the schema leaves open, the data decides (docs/ecospold1.md):
 *  - the reference product is the first outputGroup 0 exchange, else the
 *    outputGroup 2 exchange named as the referenceFunction (the US LCI
 *    multi-output datasets give both products group 2), else the first of
 *    group 2, else an output made from the referenceFunction itself;
 *  - allocation fractions are percent, as the schema says, unless their
 *    sums per exchange over the co-products reach no more than 10: then
 *    they are shares (the US LCI sample gives 1.0 and 0.0);
 *  - names are trimmed of surrounding white space (US LCI writes both
 *    "Oil, crude, in ground " and "Oil, crude, in ground").
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "formats/archive.h"
#include "formats/units_by_name.h"
#include "formats/xml.h"
#include "metabol/ecospold1.h"

/* Above this, the largest sum of fractions per exchange means percent. */
#define PERCENT_THRESHOLD 10.0

/* What the reader keeps of an exchange beside its record. */
typedef struct es1_side {
    const char *name; /* trimmed */
    int input;
    int group; /* inputGroup or outputGroup */
} es1_side;

typedef struct es1_reader {
    const mb_lci_sink *sink;
    mb_ecospold1_stats *stats;
    const char *file;
    mb_strmap seen;      /* unit and flow ids already handed over */
    mb_strmap places;    /* location codes already handed over */
    mb_strmap names;     /* owned strings made by the reader */
    mb_i64map by_number; /* exchange number -> index, per dataset */
    mb_lci_exchange *ex;
    es1_side *side;
    double *sums; /* per exchange: its allocation fractions added up */
    size_t nex, cap_ex;
    mb_lci_allocation_factor *af;
    size_t naf, cap_af;
} es1_reader;

/* The fields of an exchange (or of the referenceFunction standing in). */
typedef struct es1_fields {
    const char *name, *unit, *location, *category, *sub, *cas, *formula;
    int input, group;
    int64_t number; /* -1 when absent */
    double amount;
} es1_fields;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s without surrounding white space, kept by the reader; NULL if empty. */
static const char *clean(es1_reader *r, const char *s, int *oom)
{
    char buf[1024], *copy = buf;
    const char *kept;
    size_t n;

    if (!s)
        return NULL;
    while (is_space(*s))
        s++;
    n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n == 0)
        return NULL;
    if (n >= sizeof buf && !(copy = mb_malloc(n + 1))) {
        *oom = 1;
        return NULL;
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    if (!(kept = mb_strmap_intern(&r->names, copy)))
        *oom = 1;
    if (copy != buf)
        mb_free(copy);
    return kept;
}

static const char *make_id(es1_reader *r, const char *fmt, ...) MB_PRINTF(2, 3);

/* A formatted id, kept by the reader; NULL on out of memory. */
static const char *make_id(es1_reader *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    const char *kept;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(s = mb_malloc((size_t)n + 1)))
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    kept = mb_strmap_intern(&r->names, s);
    mb_free(s);
    return kept;
}

/* "category/subCategory" (either may be absent), or NULL for neither. */
static int category_path(es1_reader *r, const char *category, const char *sub,
                         const char **out)
{
    *out = NULL;
    if (!category && !sub)
        return 0;
    *out = make_id(r, "%s%s%s", category ? category : "",
                   category && sub ? "/" : "", sub ? sub : "");
    return *out ? 0 : MB_ENOMEM;
}

/*
 * A whole number in [lo, hi] from the text s of `what` at element n;
 * def when s is NULL.
 */
static int whole(const es1_reader *r, const xmlNode *n, const char *what,
                 const char *s, int64_t def, int64_t lo, int64_t hi,
                 int64_t *out)
{
    char *end;
    long long v;

    *out = def;
    if (!s)
        return 0;
    errno = 0;
    v = strtoll(s, &end, 10);
    while (is_space(*end))
        end++;
    if (end == s || *end || errno == ERANGE || v < lo || v > hi)
        return mb_xml_fail(r->file, n,
                           "%s '%s': expected a whole number from %lld to "
                           "%lld",
                           what, s, (long long)lo, (long long)hi);
    *out = (int64_t)v;
    return 0;
}

/* A location code handed over (once) as a location record. */
static int use_location(es1_reader *r, const char *code)
{
    mb_lci_location l = {code, code, code};
    int rc;

    if (!code || (rc = mb_strmap_add(&r->places, code, 0, NULL)) == 1)
        return 0;
    if (rc < 0)
        return rc;
    return r->sink->location ? r->sink->location(r->sink->ctx, &l) : 0;
}

/* The flow an exchange names, handed over the first time. */
static int emit_flow(es1_reader *r, const char *id, const es1_fields *f,
                     mb_flow_type type, const char *category,
                     const char *property)
{
    mb_lci_property_factor pf = {property, 1.0, 1};
    mb_lci_flow flow;
    int rc;

    if ((rc = mb_strmap_add(&r->seen, id, 0, NULL)) != 0)
        return rc < 0 ? rc : 0;
    memset(&flow, 0, sizeof flow);
    flow.id = id;
    flow.name = f->name;
    flow.type = type;
    flow.category = category;
    flow.cas = f->cas;
    flow.formula = f->formula; /* EcoSpold 1: the chemical formula */
    flow.nproperties = 1;
    flow.properties = &pf;
    return r->sink->flow ? r->sink->flow(r->sink->ctx, &flow) : 0;
}

/*
 * The distribution of an exchange (EcoSpold01Dataset.xsd, uncertaintyType:
 * 1 lognormal with standardDeviation95 the square of the geometric sd,
 * 2 normal with standardDeviation95 twice the sd, 3 triangular, 4
 * uniform; 0 undefined). Parameters go over as the data gives them, also
 * when missing or impossible (US LCI gives lognormals a
 * standardDeviation95 of 0): the compiler reports those when a Monte Carlo
 * run asks for them. A triangle without its mostLikelyValue takes the mode
 * its mean implies: mean = (min + mode + max) / 3.
 */
static void uncertainty(const xmlNode *x, int64_t type, double mean,
                        mb_lci_uncertainty *u)
{
    double sd = mb_xml_loose_number(x, "standardDeviation95");
    double lo = mb_xml_loose_number(x, "minValue"),
           hi = mb_xml_loose_number(x, "maxValue");
    double mode = mb_xml_loose_number(x, "mostLikelyValue");

    memset(u, 0, sizeof *u);
    switch (type) {
    case 1: /* a negative sd95 stays negative: reported, not a NaN */
        u->p[0] = mean;
        u->p[1] = sd < 0 ? -sqrt(-sd) : sqrt(sd);
        break;
    case 2:
        u->p[0] = mean;
        u->p[1] = sd / 2;
        break;
    case 3:
        u->p[0] = lo;
        u->p[1] = isnan(mode) ? 3 * mean - lo - hi : mode;
        u->p[2] = hi;
        break;
    case 4:
        u->p[0] = lo;
        u->p[1] = hi;
        break;
    default:
        return;
    }
    u->type = (mb_distribution)type;
}

static int grow(es1_reader *r)
{
    size_t cap = r->cap_ex ? 2 * r->cap_ex : 64;
    mb_lci_exchange *e = mb_realloc(r->ex, cap * sizeof *e);
    es1_side *s = e ? mb_realloc(r->side, cap * sizeof *s) : NULL;
    double *d = s ? mb_realloc(r->sums, cap * sizeof *d) : NULL;

    if (e)
        r->ex = e;
    if (s)
        r->side = s;
    if (!d)
        return MB_ENOMEM;
    r->sums = d;
    r->cap_ex = cap;
    return 0;
}

/* The id prefix of a flow, by mb_flow_type. */
static const char *const kind_prefix[] = {
    "ecospold1-elementary", "ecospold1-product", "ecospold1-waste"};

/*
 * One exchange (x its element, or NULL for the referenceFunction standing
 * in for a missing product output): its unit, location and flow handed
 * over as needed, the record added.
 */
static int add_exchange(es1_reader *r, const xmlNode *x, const xmlNode *at,
                        const es1_fields *f, int64_t uncertainty_type)
{
    mb_flow_type type = f->group == 4                ? MB_FLOW_ELEMENTARY
                        : !f->input && f->group == 3 ? MB_FLOW_WASTE
                                                     : MB_FLOW_PRODUCT;
    const char *property, *unit, *dim, *id, *category = NULL;
    mb_lci_exchange *e;
    int rc;

    if ((rc = mb_unit_by_name(r->sink, &r->seen, &r->names, f->unit, f->unit,
                              &property, &unit)) != 0 ||
        (rc = use_location(r, f->location)) != 0)
        return rc;
    dim = strchr(property, ':'); /* the unit's dimension, or the unit */
    dim = dim ? dim + 1 : property;
    if ((rc = category_path(r, f->category, f->sub, &category)) < 0)
        return rc;
    if (type == MB_FLOW_ELEMENTARY)
        id = make_id(r, "%s:%s%s%s|%s", kind_prefix[type],
                     category ? category : "", category ? "/" : "", f->name,
                     dim);
    else
        id = make_id(r, "%s:%s|%s", kind_prefix[type], f->name, dim);
    if (!id)
        return MB_ENOMEM;
    if ((rc = emit_flow(r, id, f, type, category, property)) != 0)
        return rc;
    if (f->number >= 0) {
        int64_t before;

        if (mb_i64map_get(&r->by_number, f->number, &before))
            return mb_xml_fail(r->file, at,
                               "exchange number %lld is used twice (by '%s' "
                               "and '%s')",
                               (long long)f->number, r->side[before].name,
                               f->name);
        if (mb_i64map_put(&r->by_number, f->number, (int64_t)r->nex) < 0)
            return MB_ENOMEM;
    }
    if (r->nex == r->cap_ex && (rc = grow(r)) < 0)
        return rc;
    e = &r->ex[r->nex];
    memset(e, 0, sizeof *e);
    e->internal_id = f->number;
    e->flow_id = id;
    e->unit_id = unit;
    e->property_id = property;
    e->location_id = f->location;
    e->amount = f->amount;
    if (f->input)
        e->flags |= MB_EXCHANGE_INPUT;
    else if (f->group == 1)
        e->flags |= MB_EXCHANGE_AVOIDED;
    if (x)
        uncertainty(x, uncertainty_type, f->amount, &e->uncertainty);
    r->side[r->nex].name = f->name;
    r->side[r->nex].input = f->input;
    r->side[r->nex].group = f->group;
    r->sums[r->nex] = 0;
    r->nex++;
    return 0;
}

/* The inputGroup or outputGroup of exchange x (one of them, exactly). */
static int read_group(es1_reader *r, const xmlNode *x, es1_fields *f)
{
    const xmlNode *in = mb_xml_child(x, "inputGroup");
    const xmlNode *out = mb_xml_child(x, "outputGroup");
    const char *s;
    int64_t g;
    int rc;

    if (!in == !out)
        return mb_xml_fail(r->file, x,
                           "exchange '%s': expected one inputGroup or one "
                           "outputGroup",
                           f->name);
    f->input = in != NULL;
    s = mb_xml_text(in ? in : out);
    if ((rc = whole(r, in ? in : out, in ? "inputGroup" : "outputGroup",
                    s ? s : "", 0, in ? 1 : 0, in ? 5 : 4, &g)) < 0)
        return rc;
    f->group = (int)g;
    return 0;
}

static int read_exchange(es1_reader *r, const xmlNode *x)
{
    es1_fields f;
    int64_t type;
    int rc, oom = 0;

    memset(&f, 0, sizeof f);
    f.name = clean(r, mb_xml_attr(x, "name"), &oom);
    f.unit = clean(r, mb_xml_attr(x, "unit"), &oom);
    f.location = clean(r, mb_xml_attr(x, "location"), &oom);
    f.category = clean(r, mb_xml_attr(x, "category"), &oom);
    f.sub = clean(r, mb_xml_attr(x, "subCategory"), &oom);
    f.cas = clean(r, mb_xml_attr(x, "CASNumber"), &oom);
    f.formula = clean(r, mb_xml_attr(x, "formula"), &oom);
    if (oom)
        return MB_ENOMEM;
    if (!f.name)
        return mb_xml_fail(r->file, x, "exchange without a name");
    if (!f.unit)
        return mb_xml_fail(r->file, x, "exchange '%s' without a unit", f.name);
    if ((rc = whole(r, x, "number", mb_xml_attr(x, "number"), -1, 0,
                    INT64_MAX / 2, &f.number)) < 0 ||
        (rc = whole(r, x, "uncertaintyType", mb_xml_attr(x, "uncertaintyType"),
                    0, 0, 4, &type)) < 0 ||
        (rc = read_group(r, x, &f)) < 0 ||
        (rc = mb_xml_number(x, "meanValue", NAN, r->file, &f.amount)) < 0)
        return rc;
    if (isnan(f.amount))
        return mb_xml_fail(r->file, x, "exchange '%s' without a meanValue",
                           f.name);
    return add_exchange(r, x, x, &f, type);
}

/* The exchange number of element n's text or attribute, as an index. */
static int numbered(es1_reader *r, const xmlNode *n, const char *what,
                    const char *s, int64_t *index)
{
    int64_t number;
    int rc;

    if ((rc = whole(r, n, what, s ? s : "", 0, 0, INT64_MAX / 2, &number)) < 0)
        return rc;
    if (!mb_i64map_get(&r->by_number, number, index))
        return mb_xml_fail(r->file, n, "%s %lld: no exchange has this number",
                           what, (long long)number);
    return 0;
}

/*
 * The allocation elements as causal factors: the share `fraction` of each
 * exchange listed (referenceToInputOutput) goes to the co-product
 * (referenceToCoProduct), whatever the allocationMethod says of how it was
 * found. Percent or shares: see the top of the file.
 */
static int read_allocations(es1_reader *r, const xmlNode *flows)
{
    const xmlNode *a, *c;
    double most = 0;
    size_t k;
    int rc;

    r->naf = 0;
    for (a = flows ? flows->children : NULL; a; a = a->next) {
        int64_t product, l;
        double fraction;

        if (!mb_xml_is(a, "allocation"))
            continue;
        if ((rc = numbered(r, a, "referenceToCoProduct",
                           mb_xml_attr(a, "referenceToCoProduct"), &product)) <
                0 ||
            (rc = mb_xml_number(a, "fraction", NAN, r->file, &fraction)) < 0)
            return rc;
        if (isnan(fraction))
            return mb_xml_fail(r->file, a, "allocation without a fraction");
        if (r->side[product].input ||
            (r->side[product].group != 0 && r->side[product].group != 2))
            return mb_xml_fail(r->file, a,
                               "referenceToCoProduct %lld: exchange '%s' is "
                               "not a product output (outputGroup 0 or 2)",
                               (long long)r->ex[product].internal_id,
                               r->side[product].name);
        for (c = a->children; c; c = c->next) {
            mb_lci_allocation_factor *f;

            if (!mb_xml_is(c, "referenceToInputOutput"))
                continue;
            if ((rc = numbered(r, c, "referenceToInputOutput", mb_xml_text(c),
                               &l)) < 0)
                return rc;
            if (r->naf == r->cap_af) {
                size_t cap = r->cap_af ? 2 * r->cap_af : 64;
                mb_lci_allocation_factor *n =
                    mb_realloc(r->af, cap * sizeof *n);

                if (!n)
                    return MB_ENOMEM;
                r->af = n;
                r->cap_af = cap;
            }
            f = &r->af[r->naf++];
            memset(f, 0, sizeof *f);
            f->type = MB_ALLOC_CAUSAL;
            f->product_id = r->ex[product].flow_id;
            f->exchange_internal_id = r->ex[l].internal_id;
            f->value = fraction;
            r->sums[l] += fraction;
            if (fabs(r->sums[l]) > most)
                most = fabs(r->sums[l]);
        }
    }
    if (most > PERCENT_THRESHOLD)
        for (k = 0; k < r->naf; k++)
            r->af[k].value /= 100;
    return 0;
}

/* The index of the reference product output, or -1 (see the top). */
static int64_t reference_product(const es1_reader *r, const char *name)
{
    int64_t k, named = -1, first2 = -1;

    for (k = 0; k < (int64_t)r->nex; k++) {
        const es1_side *s = &r->side[k];

        if (s->input)
            continue;
        if (s->group == 0)
            return k;
        if (s->group == 2 && first2 < 0)
            first2 = k;
        if (s->group == 2 && named < 0 && !strcmp(s->name, name))
            named = k;
    }
    return named >= 0 ? named : first2;
}

/* The "type" of dataSetInformation: 3 and 4 are not processes. */
static int check_type(es1_reader *r, const xmlNode *info)
{
    const xmlNode *dsi = mb_xml_child(info, "dataSetInformation");
    int64_t type;
    int rc;

    if ((rc = whole(r, dsi, "dataSetInformation type", mb_xml_attr(dsi, "type"),
                    1, 0, 5, &type)) < 0)
        return rc;
    if (type == 3 || type == 4)
        return mb_xml_fail(r->file, dsi,
                           "dataset of type %lld (%s): expected a process "
                           "(type 0, 1, 2 or 5)",
                           (long long)type,
                           type == 3 ? "elementary flow" : "impact category");
    return 0;
}

/* No product output: the referenceFunction stands in for one. */
static int product_from_reference(es1_reader *r, const xmlNode *ref,
                                  const char *name, const char *location)
{
    es1_fields f;
    int rc, oom = 0;

    memset(&f, 0, sizeof f);
    f.name = name;
    f.unit = clean(r, mb_xml_attr(ref, "unit"), &oom);
    f.category = clean(r, mb_xml_attr(ref, "category"), &oom);
    f.sub = clean(r, mb_xml_attr(ref, "subCategory"), &oom);
    f.location = location;
    f.number = -1;
    if (oom)
        return MB_ENOMEM;
    if (!f.unit)
        return mb_xml_fail(r->file, ref,
                           "no product output, and the referenceFunction "
                           "'%s' has no unit to make one",
                           name);
    if ((rc = mb_xml_number(ref, "amount", 1.0, r->file, &f.amount)) < 0)
        return rc;
    return add_exchange(r, NULL, ref, &f, 0);
}

static int read_dataset(es1_reader *r, const xmlNode *ds)
{
    const xmlNode *info =
        mb_xml_child(mb_xml_child(ds, "metaInformation"), "processInformation");
    const xmlNode *ref = mb_xml_child(info, "referenceFunction");
    const xmlNode *flows = mb_xml_child(ds, "flowData"), *x;
    const char *location, *unit;
    mb_lci_process p;
    int64_t k;
    int rc, oom = 0;

    if (!ref)
        return mb_xml_fail(r->file, ds,
                           "dataset without metaInformation/"
                           "processInformation/referenceFunction");
    if ((rc = check_type(r, info)) < 0)
        return rc;
    memset(&p, 0, sizeof p);
    p.name = clean(r, mb_xml_attr(ref, "name"), &oom);
    location = clean(
        r, mb_xml_attr(mb_xml_child(info, "geography"), "location"), &oom);
    unit = clean(r, mb_xml_attr(ref, "unit"), &oom);
    if (oom)
        return MB_ENOMEM;
    if (!p.name)
        return mb_xml_fail(r->file, ref, "referenceFunction without a name");
    r->nex = 0;
    mb_i64map_destroy(&r->by_number);
    if (mb_i64map_init(&r->by_number, 64) < 0)
        return MB_ENOMEM;
    for (x = flows ? flows->children : NULL; x; x = x->next)
        if (mb_xml_is(x, "exchange") && (rc = read_exchange(r, x)) != 0)
            return rc;
    if ((k = reference_product(r, p.name)) < 0) {
        if ((rc = product_from_reference(r, ref, p.name, location)) != 0)
            return rc;
        k = (int64_t)r->nex - 1;
    }
    r->ex[k].flags |= MB_EXCHANGE_REFERENCE;
    if (!location) /* no geography: where the reference product is made */
        location = r->ex[k].location_id;
    if ((rc = use_location(r, location)) != 0 ||
        (rc = read_allocations(r, flows)) != 0)
        return rc;
    p.id = make_id(r, "ecospold1-process:%s|%s|%s", p.name,
                   location ? location : "", unit ? unit : "");
    if (!p.id ||
        category_path(r, clean(r, mb_xml_attr(ref, "category"), &oom),
                      clean(r, mb_xml_attr(ref, "subCategory"), &oom),
                      &p.category) < 0 ||
        oom)
        return MB_ENOMEM;
    p.location_id = location;
    p.default_allocation = r->naf > 0 ? MB_ALLOC_CAUSAL : MB_ALLOC_NONE;
    p.exchanges = r->ex;
    p.nexchanges = r->nex;
    p.allocation_factors = r->af;
    p.nallocation_factors = r->naf;
    r->stats->datasets++;
    r->stats->exchanges += r->nex;
    return r->sink->process ? r->sink->process(r->sink->ctx, &p) : 0;
}

static int read_xml(es1_reader *r, const void *buf, size_t len)
{
    xmlDoc *doc = mb_xml_parse(buf, len, r->file);
    xmlNode *root, *ds;
    size_t before = r->stats->datasets;
    int rc = 0;

    if (!doc)
        return MB_EFORMAT;
    r->stats->files++;
    root = xmlDocGetRootElement(doc);
    if (!root || !mb_xml_is(root, "ecoSpold"))
        rc = mb_xml_fail(r->file, root,
                         "root element '%s': expected 'ecoSpold' (an "
                         "EcoSpold 1 document)",
                         root ? (const char *)root->name : "");
    else if (root->ns && root->ns->href &&
             strstr((const char *)root->ns->href, "EcoSpold02"))
        rc = mb_xml_fail(r->file, root,
                         "an EcoSpold 2 document (namespace %s): import "
                         "it as ecospold2",
                         (const char *)root->ns->href);
    for (ds = rc == 0 ? root->children : NULL; rc == 0 && ds; ds = ds->next)
        if (mb_xml_is(ds, "dataset"))
            rc = read_dataset(r, ds);
    if (rc == 0 && r->stats->datasets == before)
        rc = mb_xml_fail(r->file, root, "no dataset in the ecoSpold element");
    xmlFreeDoc(doc);
    return rc;
}

static int reader_init(es1_reader *r, const mb_lci_sink *sink,
                       mb_ecospold1_stats *stats)
{
    memset(r, 0, sizeof *r);
    memset(stats, 0, sizeof *stats);
    r->sink = sink;
    r->stats = stats;
    if (mb_strmap_init(&r->seen, 1024) < 0 ||
        mb_strmap_init(&r->places, 64) < 0 ||
        mb_strmap_init(&r->names, 1024) < 0 ||
        mb_i64map_init(&r->by_number, 64) < 0)
        return MB_ENOMEM;
    return 0;
}

static void reader_destroy(es1_reader *r)
{
    mb_strmap_destroy(&r->seen);
    mb_strmap_destroy(&r->places);
    mb_strmap_destroy(&r->names);
    mb_i64map_destroy(&r->by_number);
    mb_free(r->ex);
    mb_free(r->side);
    mb_free(r->sums);
    mb_free(r->af);
}

/* One member of the archive (mb_archive_member_fn): a .xml file, or the
 * one file given. */
static int read_member(void *ctx, const char *label, const void *buf,
                       size_t len)
{
    es1_reader *r = ctx;
    int rc;

    r->file = label;
    rc = read_xml(r, buf, len);
    r->file = NULL;
    return rc;
}

int mb_ecospold1_read(const char *path, const mb_lci_sink *sink,
                      mb_ecospold1_stats *stats)
{
    mb_ecospold1_stats local;
    mb_archive *a = NULL;
    es1_reader r;
    int rc;

    if (!stats)
        stats = &local;
    if ((rc = reader_init(&r, sink, stats)) == 0 &&
        (rc = mb_archive_open(&a, path)) == 0)
        rc = mb_archive_each(a, mb_archive_is_xml, read_member, &r, sink);
    if (rc == 0 && stats->files == 0)
        rc = mb_error_set(MB_EFORMAT, "%s: no .xml files", path);
    mb_archive_close(a);
    reader_destroy(&r);
    return rc;
}

int mb_ecospold1_read_document(const void *xml, size_t len, const char *name,
                               const mb_lci_sink *sink,
                               mb_ecospold1_stats *stats)
{
    mb_ecospold1_stats local;
    es1_reader r;
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
