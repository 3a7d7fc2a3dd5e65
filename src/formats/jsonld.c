/*
 * jsonld.c - reader of openLCA JSON-LD data sets (olca-schema v1 and v2,
 * github.com/GreenDelta/olca-schema). See include/metabol/jsonld.h.
 *
 * One JSON file per entity; the type comes from "@type", else from the
 * folder the file is in. Version 2 renamed the boolean fields (input ->
 * isInput, quantitativeReference -> isQuantitativeReference, avoidedProduct
 * -> isAvoidedProduct, referenceUnit -> isRefUnit, referenceFlowProperty ->
 * isRefFlowProperty, inputParameter -> isInputParameter), made "category" a
 * path string instead of a reference, and renamed the impact category's
 * referenceUnitName to refUnit: both spellings are read. FlowMap entities
 * (flow_mappings/, as openLCA and metabol's writer put them in a package)
 * become flow mapping rows.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "formats/archive.h"
#include "formats/json.h"
#include "metabol/jsonld.h"

/* Folders whose entities the reader has no use for: not even parsed. */
static const char *const skipped_folders[] = {
    "actors",   "sources",        "dq_systems", "product_systems",
    "projects", "social_indicators", "currencies", "bin",
    "epds",     "results",        "nw_sets",    NULL};

typedef struct category {
    const char *name;      /* in names arena of the reader */
    const char *parent_id; /* or NULL */
    char *path;            /* built on demand */
} category;

/* Growable scratch arrays reused from one process to the next. */
typedef struct scratch {
    void *p;
    size_t cap; /* elements */
} scratch;

typedef struct reader {
    const mb_lci_sink *sink;
    mb_jsonld_stats *stats;
    const char *file; /* for messages: the label/member of the current file */
    mb_strmap ids;    /* @id of every root entity read: duplicates */
    mb_strmap category_index; /* category @id -> index into categories */
    category *categories;
    size_t ncategories, categories_cap;
    mb_strmap strings; /* owned copies of category names and parents */
    scratch exchanges, parameters, allocations, factors, units, properties,
        ids_list;
    mb_json_parser json; /* its arena is reused from file to file */
} reader;

static int grow_scratch(scratch *s, size_t n, size_t size)
{
    void *p;
    size_t cap = s->cap ? s->cap : 16;

    if (n <= s->cap)
        return 0;
    while (cap < n)
        cap *= 2;
    p = mb_realloc(s->p, cap * size);
    if (!p)
        return MB_ENOMEM;
    s->p = p;
    s->cap = cap;
    return 0;
}

static int fail(const reader *r, const char *what, const char *fmt, ...)
    MB_PRINTF(3, 4);

/* An error naming the file and the element `what` (may be NULL). */
static int fail(const reader *r, const char *what, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (what)
        return mb_error_set(MB_EFORMAT, "%s: %s: %s", r->file, what, msg);
    return mb_error_set(MB_EFORMAT, "%s: %s", r->file, msg);
}

static int is(const mb_json *v, mb_json_type type)
{
    return v && v->type == type;
}

/* A string member, NULL when absent or of another type. */
static const char *get_str(const mb_json *obj, const char *key)
{
    const mb_json *v = mb_json_get(obj, key);

    return is(v, MB_JSON_STRING) ? (v)->u.string : NULL;
}

/* A string member that must be a string when present. */
static int opt_str(const reader *r, const char *what, const mb_json *obj,
                   const char *key, const char **out)
{
    const mb_json *v = mb_json_get(obj, key);

    *out = NULL;
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (!is(v, MB_JSON_STRING))
        return fail(r, what, "'%s' is not a string", key);
    *out = (v)->u.string;
    if (!**out)
        *out = NULL;
    return 0;
}

/* The "@id" of a reference member, NULL when absent. */
static int opt_ref(const reader *r, const char *what, const mb_json *obj,
                   const char *key, const char **out)
{
    const mb_json *v = mb_json_get(obj, key);

    *out = NULL;
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (!is(v, MB_JSON_OBJECT))
        return fail(r, what, "'%s' is not a reference object", key);
    return opt_str(r, what, v, "@id", out);
}

/* A reference that must be there, with a non-empty "@id". */
static int req_ref(const reader *r, const char *what, const mb_json *obj,
                   const char *key, const char **out)
{
    int rc = opt_ref(r, what, obj, key, out);

    if (rc == 0 && !*out)
        return fail(r, what, "no '%s' reference (with an @id)", key);
    return rc;
}

/* A boolean under its v2 name or its v1 name; false when absent. */
static int get_flag(const reader *r, const char *what, const mb_json *obj,
                    const char *v2, const char *v1, int *out)
{
    const mb_json *v = mb_json_get(obj, v2);
    const char *key = v2;

    if (!v) {
        v = mb_json_get(obj, v1);
        key = v1;
    }
    *out = 0;
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (!(is(v, MB_JSON_TRUE) || is(v, MB_JSON_FALSE)))
        return fail(r, what, "'%s' is not true or false", key);
    *out = is(v, MB_JSON_TRUE);
    return 0;
}

/* A finite number member; def when absent. */
static int get_num(const reader *r, const char *what, const mb_json *obj,
                   const char *key, double def, double *out)
{
    const mb_json *v = mb_json_get(obj, key);

    *out = def;
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (!is(v, MB_JSON_NUMBER))
        return fail(r, what, "'%s' is not a number", key);
    *out = (v)->u.number;
    if (!isfinite(*out))
        return fail(r, what, "'%s' is not finite", key);
    return 0;
}

/* An array member, NULL when absent. */
static int opt_array(const reader *r, const char *what, const mb_json *obj,
                     const char *key, const mb_json **out)
{
    const mb_json *v = mb_json_get(obj, key);

    *out = NULL;
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (!is(v, MB_JSON_ARRAY))
        return fail(r, what, "'%s' is not a list", key);
    *out = v;
    return 0;
}

/* Look up an enumeration value: names[k] -> k, NULL-terminated. */
static int get_enum(const reader *r, const char *what, const mb_json *obj,
                    const char *key, const char *const *names, int def,
                    int *out)
{
    const char *s;
    int rc = opt_str(r, what, obj, key, &s), k;

    *out = def;
    if (rc < 0 || !s)
        return rc;
    for (k = 0; names[k]; k++)
        if (names[k][0] && strcmp(names[k], s) == 0) {
            *out = k;
            return 0;
        }
    return fail(r, what, "'%s' is '%s', not one of the known values", key,
                s);
}

/*
 * olca-schema UncertaintyType (v1 and v2 alike), in mb_distribution's
 * order; openLCA's NO_DISTRIBUTION (UncertaintyType.NONE) is none.
 */
static const char *const distribution_names[] = {
    "NO_DISTRIBUTION", "LOG_NORMAL_DISTRIBUTION", "NORMAL_DISTRIBUTION",
    "TRIANGLE_DISTRIBUTION", "UNIFORM_DISTRIBUTION", NULL};

static int get_uncertainty(const reader *r, const char *what, const mb_json *obj,
                           mb_lci_uncertainty *u)
{
    const mb_json *v = mb_json_get(obj, "uncertainty");
    int type, rc;

    memset(u, 0, sizeof *u);
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (!is(v, MB_JSON_OBJECT))
        return fail(r, what, "'uncertainty' is not an object");
    if ((rc = get_enum(r, what, v, "distributionType", distribution_names, 0,
                       &type)) < 0)
        return rc;
    u->type = (mb_distribution)type;
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        if ((rc = get_num(r, what, v, "geomMean", NAN, &u->p[0])) < 0 ||
            (rc = get_num(r, what, v, "geomSd", NAN, &u->p[1])) < 0)
            return rc;
        break;
    case MB_DIST_NORMAL:
        if ((rc = get_num(r, what, v, "mean", NAN, &u->p[0])) < 0 ||
            (rc = get_num(r, what, v, "sd", NAN, &u->p[1])) < 0)
            return rc;
        break;
    case MB_DIST_TRIANGLE:
        if ((rc = get_num(r, what, v, "minimum", NAN, &u->p[0])) < 0 ||
            (rc = get_num(r, what, v, "mode", NAN, &u->p[1])) < 0 ||
            (rc = get_num(r, what, v, "maximum", NAN, &u->p[2])) < 0)
            return rc;
        break;
    case MB_DIST_UNIFORM:
        if ((rc = get_num(r, what, v, "minimum", NAN, &u->p[0])) < 0 ||
            (rc = get_num(r, what, v, "maximum", NAN, &u->p[1])) < 0)
            return rc;
        break;
    default: /* none: olca-schema has no other kind */
        break;
    }
    return 0;
}

/* ---- categories ---------------------------------------------------- */

static int add_category(reader *r, const mb_json *doc)
{
    const char *id, *name, *parent;
    category *c;
    int rc;

    if ((rc = opt_str(r, NULL, doc, "@id", &id)) < 0 ||
        (rc = opt_str(r, NULL, doc, "name", &name)) < 0 ||
        (rc = opt_ref(r, NULL, doc, "category", &parent)) < 0)
        return rc;
    if (!id)
        return fail(r, NULL, "a category without an '@id'");
    if (r->ncategories == r->categories_cap) {
        size_t cap = r->categories_cap ? 2 * r->categories_cap : 64;
        category *n = mb_realloc(r->categories, cap * sizeof *n);

        if (!n)
            return MB_ENOMEM;
        r->categories = n;
        r->categories_cap = cap;
    }
    rc = mb_strmap_add(&r->category_index, id, (int64_t)r->ncategories,
                       NULL);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return fail(r, NULL, "category '%s' is defined twice", id);
    c = &r->categories[r->ncategories++];
    c->name = mb_strmap_intern(&r->strings, name ? name : "");
    c->parent_id = parent ? mb_strmap_intern(&r->strings, parent) : NULL;
    c->path = NULL;
    return c->name && (!parent || c->parent_id) ? 0 : MB_ENOMEM;
}

/* The "/"-joined path of category k; a loop of parents is cut. */
static const char *category_path(reader *r, size_t k, int depth)
{
    category *c = &r->categories[k];
    int64_t parent;
    const char *up = NULL;

    if (c->path)
        return c->path;
    if (depth < 32 && c->parent_id &&
        mb_strmap_get(&r->category_index, c->parent_id, &parent))
        up = category_path(r, (size_t)parent, depth + 1);
    if (c->path) /* a loop of parents came back here and set it */
        return c->path;
    if (up && *up)
        c->path = mb_sprintf("%s/%s", up, c->name);
    else
        c->path = mb_strdup(c->name);
    return c->path;
}

/* The category of an entity: a v2 path string, or a v1 reference. */
static int entity_category(reader *r, const char *what, const mb_json *doc,
                           const char **out)
{
    const mb_json *v = mb_json_get(doc, "category");
    const char *id;
    int64_t k;

    *out = NULL;
    if (!v || is(v, MB_JSON_NULL))
        return 0;
    if (is(v, MB_JSON_STRING)) {
        *out = (v)->u.string;
        return 0;
    }
    if (!is(v, MB_JSON_OBJECT))
        return fail(r, what, "'category' is neither a path nor a reference");
    id = get_str(v, "@id");
    if (id && mb_strmap_get(&r->category_index, id, &k)) {
        *out = category_path(r, (size_t)k, 0);
        return *out ? 0 : MB_ENOMEM;
    }
    *out = get_str(v, "name");
    return 0;
}

/* ---- root entities ------------------------------------------------- */

/* The entity's @id and name; a repeated @id is an error. */
static int root_entity(reader *r, const mb_json *doc, const char *type,
                       const char **id, const char **name)
{
    int rc;

    if ((rc = opt_str(r, NULL, doc, "@id", id)) < 0 ||
        (rc = opt_str(r, NULL, doc, "name", name)) < 0)
        return rc;
    if (!*id)
        return fail(r, NULL, "%s without an '@id'", type);
    rc = mb_strmap_add(&r->ids, *id, 0, NULL);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return fail(r, NULL, "%s '%s': the @id is used by another entity",
                    type, *id);
    return 0;
}

static int read_unit_group(reader *r, const mb_json *doc)
{
    mb_lci_unit_group g;
    mb_lci_unit *units;
    const mb_json *list, *ju;
    size_t k;
    int rc;

    if ((rc = root_entity(r, doc, "unit group", &g.id, &g.name)) < 0 ||
        (rc = opt_array(r, NULL, doc, "units", &list)) < 0)
        return rc;
    g.nunits = list ? (size_t)(list)->n : 0;
    if ((rc = grow_scratch(&r->units, g.nunits, sizeof *units)) < 0)
        return rc;
    units = r->units.p;
    MB_JSON_EACH(list, k, ju) {
        mb_lci_unit *u = &units[k];
        char what[64];

        snprintf(what, sizeof what, "unit %zu", k + 1);
        if (!is(ju, MB_JSON_OBJECT))
            return fail(r, what, "not an object");
        if ((rc = opt_str(r, what, ju, "@id", &u->id)) < 0 ||
            (rc = opt_str(r, what, ju, "name", &u->name)) < 0 ||
            (rc = get_num(r, what, ju, "conversionFactor", 1.0,
                          &u->factor)) < 0 ||
            (rc = get_flag(r, what, ju, "isRefUnit", "referenceUnit",
                           &u->is_reference)) < 0)
            return rc;
        if (!u->name)
            return fail(r, what, "no 'name'");
        if (!(u->factor > 0))
            return fail(r, what, "unit '%s' has conversion factor %g; "
                        "expected a positive number", u->name, u->factor);
    }
    g.units = units;
    r->stats->unit_groups++;
    return r->sink->unit_group ? r->sink->unit_group(r->sink->ctx, &g) : 0;
}

static int read_flow_property(reader *r, const mb_json *doc)
{
    mb_lci_flow_property p;
    int rc;

    if ((rc = root_entity(r, doc, "flow property", &p.id, &p.name)) < 0 ||
        (rc = req_ref(r, NULL, doc, "unitGroup", &p.unit_group_id)) < 0)
        return rc;
    r->stats->flow_properties++;
    return r->sink->flow_property ? r->sink->flow_property(r->sink->ctx, &p)
                                  : 0;
}

static const char *const flow_type_names[] = {
    "ELEMENTARY_FLOW", "PRODUCT_FLOW", "WASTE_FLOW", NULL};

static int read_flow(reader *r, const mb_json *doc)
{
    mb_lci_flow f;
    mb_lci_property_factor *props;
    const mb_json *list, *jp;
    size_t k;
    int rc, type;

    memset(&f, 0, sizeof f);
    if ((rc = root_entity(r, doc, "flow", &f.id, &f.name)) < 0 ||
        (rc = get_enum(r, NULL, doc, "flowType", flow_type_names, -1,
                       &type)) < 0 ||
        (rc = entity_category(r, NULL, doc, &f.category)) < 0 ||
        (rc = opt_str(r, NULL, doc, "cas", &f.cas)) < 0 ||
        (rc = opt_str(r, NULL, doc, "formula", &f.formula)) < 0 ||
        (rc = opt_ref(r, NULL, doc, "location", &f.location_id)) < 0 ||
        (rc = opt_array(r, NULL, doc, "flowProperties", &list)) < 0)
        return rc;
    if (type < 0)
        return fail(r, NULL, "flow '%s' has no 'flowType'", f.id);
    f.type = (mb_flow_type)type;
    f.nproperties = list ? (size_t)(list)->n : 0;
    if ((rc = grow_scratch(&r->properties, f.nproperties, sizeof *props)) <
        0)
        return rc;
    props = r->properties.p;
    MB_JSON_EACH(list, k, jp) {
        mb_lci_property_factor *p = &props[k];
        char what[64];

        snprintf(what, sizeof what, "flow property factor %zu", k + 1);
        if (!is(jp, MB_JSON_OBJECT))
            return fail(r, what, "not an object");
        if ((rc = req_ref(r, what, jp, "flowProperty", &p->property_id)) < 0 ||
            (rc = get_num(r, what, jp, "conversionFactor", 1.0,
                          &p->factor)) < 0 ||
            (rc = get_flag(r, what, jp, "isRefFlowProperty",
                           "referenceFlowProperty", &p->is_reference)) < 0)
            return rc;
        if (!(p->factor > 0))
            return fail(r, what, "conversion factor %g; expected a positive "
                        "number", p->factor);
    }
    f.properties = props;
    r->stats->flows++;
    return r->sink->flow ? r->sink->flow(r->sink->ctx, &f) : 0;
}

static int read_location(reader *r, const mb_json *doc)
{
    mb_lci_location l;
    int rc;

    if ((rc = root_entity(r, doc, "location", &l.id, &l.name)) < 0 ||
        (rc = opt_str(r, NULL, doc, "code", &l.code)) < 0)
        return rc;
    r->stats->locations++;
    return r->sink->location ? r->sink->location(r->sink->ctx, &l) : 0;
}

/* A parameter: input parameters have a value, dependent ones a formula. */
static int parse_parameter(reader *r, const char *what, const mb_json *jp,
                           mb_lci_parameter *p)
{
    int rc, is_input;

    if (!is(jp, MB_JSON_OBJECT))
        return fail(r, what, "not an object");
    if ((rc = opt_str(r, what, jp, "name", &p->name)) < 0 ||
        (rc = opt_str(r, what, jp, "formula", &p->formula)) < 0 ||
        (rc = get_num(r, what, jp, "value", 0.0, &p->value)) < 0 ||
        (rc = get_flag(r, what, jp, "isInputParameter", "inputParameter",
                       &is_input)) < 0 ||
        (rc = get_uncertainty(r, what, jp, &p->uncertainty)) < 0)
        return rc;
    if (!p->name)
        return fail(r, what, "a parameter without a 'name'");
    if (is_input)
        p->formula = NULL;
    return 0;
}

static int read_global_parameter(reader *r, const mb_json *doc)
{
    mb_lci_parameter p;
    const char *id, *name;
    int rc;

    if ((rc = root_entity(r, doc, "parameter", &id, &name)) < 0 ||
        (rc = parse_parameter(r, NULL, doc, &p)) < 0)
        return rc;
    r->stats->parameters++;
    return r->sink->global_parameter
               ? r->sink->global_parameter(r->sink->ctx, &p)
               : 0;
}

static int parse_exchange(reader *r, const mb_json *je, size_t k, mb_lci_exchange *e)
{
    char what[96];
    double internal;
    int rc, input, avoided, ref;

    snprintf(what, sizeof what, "exchange %zu", k + 1);
    if (!is(je, MB_JSON_OBJECT))
        return fail(r, what, "not an object");
    if ((rc = get_num(r, what, je, "internalId", -1, &internal)) < 0 ||
        (rc = req_ref(r, what, je, "flow", &e->flow_id)) < 0 ||
        (rc = opt_ref(r, what, je, "unit", &e->unit_id)) < 0 ||
        (rc = opt_ref(r, what, je, "flowProperty", &e->property_id)) < 0 ||
        (rc = opt_ref(r, what, je, "defaultProvider", &e->provider_id)) < 0 ||
        (rc = opt_ref(r, what, je, "location", &e->location_id)) < 0 ||
        (rc = opt_str(r, what, je, "amountFormula", &e->formula)) < 0 ||
        (rc = get_num(r, what, je, "amount", 0.0, &e->amount)) < 0 ||
        (rc = get_flag(r, what, je, "isInput", "input", &input)) < 0 ||
        (rc = get_flag(r, what, je, "isAvoidedProduct", "avoidedProduct",
                       &avoided)) < 0 ||
        (rc = get_flag(r, what, je, "isQuantitativeReference",
                       "quantitativeReference", &ref)) < 0 ||
        (rc = get_uncertainty(r, what, je, &e->uncertainty)) < 0)
        return rc;
    if (internal != floor(internal) || internal < -1 || internal > 1e15)
        return fail(r, what, "'internalId' %g is not a whole number",
                    internal);
    e->internal_id = (int64_t)internal;
    e->flags = (input ? MB_EXCHANGE_INPUT : 0) |
               (avoided ? MB_EXCHANGE_AVOIDED : 0) |
               (ref ? MB_EXCHANGE_REFERENCE : 0);
    return 0;
}

static const char *const allocation_names[] = {
    "NO_ALLOCATION", "PHYSICAL_ALLOCATION", "ECONOMIC_ALLOCATION",
    "CAUSAL_ALLOCATION", "USE_DEFAULT_ALLOCATION", NULL};

static int parse_allocation(reader *r, const mb_json *ja, size_t k,
                            mb_lci_allocation_factor *a)
{
    char what[96];
    const mb_json *ex;
    double internal = -1;
    int rc, type;

    snprintf(what, sizeof what, "allocation factor %zu", k + 1);
    if (!is(ja, MB_JSON_OBJECT))
        return fail(r, what, "not an object");
    if ((rc = get_enum(r, what, ja, "allocationType", allocation_names, 0,
                       &type)) < 0 ||
        (rc = opt_ref(r, what, ja, "product", &a->product_id)) < 0 ||
        (rc = opt_str(r, what, ja, "formula", &a->formula)) < 0 ||
        (rc = get_num(r, what, ja, "value", 0.0, &a->value)) < 0)
        return rc;
    if (type == 4)
        type = MB_ALLOC_NONE;
    a->type = (mb_allocation)type;
    a->exchange_flow_id = NULL;
    ex = mb_json_get(ja, "exchange");
    if (is(ex, MB_JSON_OBJECT)) {
        if ((rc = get_num(r, what, ex, "internalId", -1, &internal)) < 0 ||
            (rc = opt_ref(r, what, ex, "flow", &a->exchange_flow_id)) < 0)
            return rc;
        if (internal != floor(internal) || internal < -1 || internal > 1e15)
            return fail(r, what, "'internalId' %g is not a whole number",
                        internal);
    }
    a->exchange_internal_id = (int64_t)internal;
    return 0;
}

static int read_process(reader *r, const mb_json *doc)
{
    mb_lci_process p;
    mb_lci_exchange *ex;
    mb_lci_parameter *params;
    mb_lci_allocation_factor *alloc;
    const mb_json *exchanges, *parameters, *factors, *item;
    size_t k;
    int rc, type;

    memset(&p, 0, sizeof p);
    if ((rc = root_entity(r, doc, "process", &p.id, &p.name)) < 0 ||
        (rc = entity_category(r, NULL, doc, &p.category)) < 0 ||
        (rc = opt_ref(r, NULL, doc, "location", &p.location_id)) < 0 ||
        (rc = get_enum(r, NULL, doc, "defaultAllocationMethod",
                       allocation_names, 0, &type)) < 0 ||
        (rc = opt_array(r, NULL, doc, "exchanges", &exchanges)) < 0 ||
        (rc = opt_array(r, NULL, doc, "parameters", &parameters)) < 0 ||
        (rc = opt_array(r, NULL, doc, "allocationFactors", &factors)) < 0)
        return rc;
    p.default_allocation = type == 4 ? MB_ALLOC_NONE : (mb_allocation)type;
    p.nexchanges = exchanges ? (size_t)(exchanges)->n : 0;
    p.nparameters = parameters ? (size_t)(parameters)->n : 0;
    p.nallocation_factors = factors ? (size_t)(factors)->n : 0;
    if ((rc = grow_scratch(&r->exchanges, p.nexchanges, sizeof *ex)) < 0 ||
        (rc = grow_scratch(&r->parameters, p.nparameters, sizeof *params)) <
            0 ||
        (rc = grow_scratch(&r->allocations, p.nallocation_factors,
                           sizeof *alloc)) < 0)
        return rc;
    ex = r->exchanges.p;
    params = r->parameters.p;
    alloc = r->allocations.p;
    MB_JSON_EACH(exchanges, k, item)
        if ((rc = parse_exchange(r, item, k, &ex[k])) < 0)
            return rc;
    MB_JSON_EACH(parameters, k, item) {
        char what[64];

        snprintf(what, sizeof what, "parameter %zu", k + 1);
        if ((rc = parse_parameter(r, what, item, &params[k])) < 0)
            return rc;
    }
    MB_JSON_EACH(factors, k, item)
        if ((rc = parse_allocation(r, item, k, &alloc[k])) < 0)
            return rc;
    p.exchanges = ex;
    p.parameters = params;
    p.allocation_factors = alloc;
    r->stats->processes++;
    r->stats->exchanges += p.nexchanges;
    return r->sink->process ? r->sink->process(r->sink->ctx, &p) : 0;
}

static int read_impact_category(reader *r, const mb_json *doc)
{
    mb_lci_impact_category c;
    mb_lci_impact_factor *fs;
    const mb_json *list, *jf;
    size_t k;
    int rc;

    if ((rc = root_entity(r, doc, "impact category", &c.id, &c.name)) < 0 ||
        (rc = opt_str(r, NULL, doc, "refUnit", &c.reference_unit)) < 0 ||
        (!c.reference_unit &&
         (rc = opt_str(r, NULL, doc, "referenceUnitName",
                       &c.reference_unit)) < 0) ||
        (rc = opt_array(r, NULL, doc, "impactFactors", &list)) < 0)
        return rc;
    c.nfactors = list ? (size_t)(list)->n : 0;
    if ((rc = grow_scratch(&r->factors, c.nfactors, sizeof *fs)) < 0)
        return rc;
    fs = r->factors.p;
    MB_JSON_EACH(list, k, jf) {
        mb_lci_impact_factor *f = &fs[k];
        char what[64];

        snprintf(what, sizeof what, "impact factor %zu", k + 1);
        if (!is(jf, MB_JSON_OBJECT))
            return fail(r, what, "not an object");
        memset(f, 0, sizeof *f);
        if ((rc = req_ref(r, what, jf, "flow", &f->flow_id)) < 0 ||
            (rc = opt_ref(r, what, jf, "flowProperty", &f->property_id)) <
                0 ||
            (rc = opt_ref(r, what, jf, "unit", &f->unit_id)) < 0 ||
            (rc = opt_ref(r, what, jf, "location", &f->location_id)) < 0 ||
            (rc = opt_str(r, what, jf, "formula", &f->formula)) < 0 ||
            (rc = get_num(r, what, jf, "value", 0.0, &f->value)) < 0 ||
            (rc = get_uncertainty(r, what, jf, &f->uncertainty)) < 0)
            return rc;
        {
            const mb_json *fl = mb_json_get(jf, "flow");
            const mb_json *cat = mb_json_get(fl, "category");

            f->flow_name = get_str(fl, "name");
            f->flow_category = is(cat, MB_JSON_STRING) ? (cat)->u.string
                                                   : NULL;
        }
        if (!f->unit_id) {
            const mb_json *u = mb_json_get(jf, "unit");

            f->unit_name = is(u, MB_JSON_OBJECT) ? get_str(u, "name") : NULL;
        }
    }
    c.factors = fs;
    r->stats->impact_categories++;
    r->stats->impact_factors += c.nfactors;
    return r->sink->impact_category
               ? r->sink->impact_category(r->sink->ctx, &c)
               : 0;
}

static int read_impact_method(reader *r, const mb_json *doc)
{
    mb_lci_impact_method m;
    const char **ids;
    const mb_json *list, *jc;
    size_t k;
    int rc;

    if ((rc = root_entity(r, doc, "impact method", &m.id, &m.name)) < 0 ||
        (rc = opt_array(r, NULL, doc, "impactCategories", &list)) < 0)
        return rc;
    m.ncategories = list ? (size_t)(list)->n : 0;
    if ((rc = grow_scratch(&r->ids_list, m.ncategories, sizeof *ids)) < 0)
        return rc;
    ids = r->ids_list.p;
    MB_JSON_EACH(list, k, jc) {
        char what[64];

        snprintf(what, sizeof what, "impact category %zu", k + 1);
        if (!is(jc, MB_JSON_OBJECT))
            return fail(r, what, "not a reference object");
        if ((rc = opt_str(r, what, jc, "@id", &ids[k])) < 0)
            return rc;
        if (!ids[k])
            return fail(r, what, "a reference without an '@id'");
    }
    m.category_ids = ids;
    r->stats->impact_methods++;
    return r->sink->impact_method ? r->sink->impact_method(r->sink->ctx, &m)
                                  : 0;
}

/*
 * One side of a FlowMapEntry (a FlowMapRef): the flow's @id, name and
 * category, and the name of the unit when one is given. A source flow
 * (by_name) may be named without an @id, as in nomenclatures without ids.
 */
static int parse_map_side(reader *r, const char *what, const mb_json *entry,
                          const char *key, int by_name, const char **id,
                          const char **name, const char **category,
                          const char **unit)
{
    const mb_json *side = mb_json_get(entry, key), *flow, *u;
    int rc;

    if (!is(side, MB_JSON_OBJECT))
        return fail(r, what, "no '%s' object", key);
    if ((rc = (by_name ? opt_ref : req_ref)(r, what, side, "flow", id)) < 0)
        return rc;
    flow = mb_json_get(side, "flow");
    *name = get_str(flow, "name");
    *category = get_str(flow, "category");
    if (!*id && !*name)
        return fail(r, what, "'%s' names no flow (no @id, no name)", key);
    u = mb_json_get(side, "unit");
    *unit = is(u, MB_JSON_OBJECT) ? get_str(u, "name") : NULL;
    return 0;
}

static int read_flow_map(reader *r, const mb_json *doc)
{
    const mb_json *list, *je;
    const char *id, *name;
    size_t k;
    int rc;

    if ((rc = root_entity(r, doc, "flow map", &id, &name)) < 0 ||
        (rc = opt_array(r, NULL, doc, "mappings", &list)) < 0)
        return rc;
    MB_JSON_EACH(list, k, je) {
        mb_lci_flow_map m;
        char what[64];

        snprintf(what, sizeof what, "mapping %zu", k + 1);
        if (!is(je, MB_JSON_OBJECT))
            return fail(r, what, "not an object");
        if ((rc = parse_map_side(r, what, je, "from", 1, &m.source_id,
                                 &m.source_name, &m.source_category,
                                 &m.source_unit)) < 0 ||
            (rc = parse_map_side(r, what, je, "to", 0, &m.target_id,
                                 &m.target_name, &m.target_category,
                                 &m.target_unit)) < 0 ||
            (rc = get_num(r, what, je, "conversionFactor", 1.0,
                          &m.factor)) < 0)
            return rc;
        r->stats->flow_maps++;
        if (r->sink->flow_map &&
            (rc = r->sink->flow_map(r->sink->ctx, &m)) != 0)
            return rc;
    }
    return 0;
}

/* ---- dispatch ------------------------------------------------------ */

typedef struct entity_kind {
    const char *type;   /* "@type" */
    const char *folder; /* the folder of the standard layout */
    int (*read)(reader *r, const mb_json *doc);
} entity_kind;

static const entity_kind kinds[] = {
    {"UnitGroup", "unit_groups", read_unit_group},
    {"FlowProperty", "flow_properties", read_flow_property},
    {"Flow", "flows", read_flow},
    {"Location", "locations", read_location},
    {"Parameter", "parameters", read_global_parameter},
    {"Process", "processes", read_process},
    {"ImpactCategory", "lcia_categories", read_impact_category},
    {"ImpactMethod", "lcia_methods", read_impact_method},
    {"FlowMap", "flow_mappings", read_flow_map},
    {NULL, NULL, NULL}};

/* Convert one parsed document; the entity's kind from "@type", else the
 * folder. */
static int dispatch(reader *r, const mb_json *doc, const char *folder,
                    int categories_only)
{
    const char *type;
    int k;

    r->stats->files++;
    if (!is(doc, MB_JSON_OBJECT))
        return fail(r, NULL, "expected a JSON object");
    type = get_str(doc, "@type");
    if (categories_only)
        return add_category(r, doc);
    if (type ? strcmp(type, "Category") == 0
             : strcmp(folder, "categories") == 0)
        return 0; /* read in the first pass */
    for (k = 0; kinds[k].type; k++)
        if (type ? strcmp(type, kinds[k].type) == 0
                 : strcmp(folder, kinds[k].folder) == 0)
            break;
    if (kinds[k].type)
        return kinds[k].read(r, doc);
    r->stats->skipped++;
    return 0;
}

/* Parse one document held in memory and convert it. */
static int read_document(reader *r, const void *buf, size_t len,
                         const char *folder, int categories_only)
{
    const mb_json *doc;
    int rc = mb_json_parse(&r->json, buf, len, r->file, &doc);

    return rc < 0 ? rc : dispatch(r, doc, folder, categories_only);
}

/* The folder holding member `name` ("" at the top) into buf. */
static void folder_of(const char *name, char *buf, size_t size)
{
    const char *slash = strrchr(name, '/'), *start;
    size_t len;

    buf[0] = '\0';
    if (!slash)
        return;
    for (start = slash; start > name && start[-1] != '/'; start--)
        ;
    len = (size_t)(slash - start);
    if (len >= size)
        len = size - 1;
    memcpy(buf, start, len);
    buf[len] = '\0';
}

static int skipped_folder(const char *folder)
{
    int k;

    for (k = 0; skipped_folders[k]; k++)
        if (strcmp(folder, skipped_folders[k]) == 0)
            return 1;
    return 0;
}

static int has_json_suffix(const char *name)
{
    size_t len = strlen(name);

    return len > 5 && strcmp(name + len - 5, ".json") == 0;
}

/* Pass 1 reads the categories, pass 2 everything else. */
static int read_pass(reader *r, mb_archive *a, int pass)
{
    size_t k;
    int rc = 0;

    for (k = 0; rc == 0 && k < a->nnames; k++) {
        const char *name = a->names[k];
        char folder[64];
        void *buf;
        size_t len;
        char *label;

        folder_of(name, folder, sizeof folder);
        if (!has_json_suffix(name) || skipped_folder(folder) ||
            (strcmp(folder, "categories") == 0) != (pass == 1))
            continue;
        if ((rc = mb_archive_read(a, name, &buf, &len)) < 0)
            break;
        if (!(label = mb_sprintf("%s/%s", a->label, name))) {
            mb_free(buf);
            return MB_ENOMEM;
        }
        r->file = label;
        rc = read_document(r, buf, len, folder, pass == 1);
        r->file = NULL;
        mb_free(label);
        mb_free(buf);
        if (rc == 0 && pass == 2 && r->sink->progress)
            rc = r->sink->progress(r->sink->ctx, k + 1, a->nnames);
    }
    return rc;
}

static int reader_init(reader *r, const mb_lci_sink *sink,
                       mb_jsonld_stats *stats)
{
    memset(r, 0, sizeof *r);
    memset(stats, 0, sizeof *stats);
    r->sink = sink;
    r->stats = stats;
    mb_json_parser_init(&r->json);
    if (mb_strmap_init(&r->ids, 1024) < 0 ||
        mb_strmap_init(&r->category_index, 256) < 0 ||
        mb_strmap_init(&r->strings, 256) < 0)
        return MB_ENOMEM;
    return 0;
}

static void reader_destroy(reader *r)
{
    size_t k;

    for (k = 0; k < r->ncategories; k++)
        mb_free(r->categories[k].path);
    mb_free(r->categories);
    mb_strmap_destroy(&r->ids);
    mb_strmap_destroy(&r->category_index);
    mb_strmap_destroy(&r->strings);
    mb_free(r->exchanges.p);
    mb_free(r->parameters.p);
    mb_free(r->allocations.p);
    mb_free(r->factors.p);
    mb_free(r->units.p);
    mb_free(r->properties.p);
    mb_free(r->ids_list.p);
    mb_json_parser_destroy(&r->json);
}

static int read_archive(mb_archive *a, const mb_lci_sink *sink,
                        mb_jsonld_stats *stats)
{
    mb_jsonld_stats local;
    reader r;
    int rc;

    if (!stats)
        stats = &local;
    rc = reader_init(&r, sink, stats);
    if (rc == 0)
        rc = mb_archive_list(a);
    if (rc == 0)
        rc = read_pass(&r, a, 1);
    if (rc == 0)
        rc = read_pass(&r, a, 2);
    if (rc == 0 && stats->files == 0)
        rc = mb_error_set(MB_EFORMAT,
                          "%s: no JSON-LD entities (expected folders such "
                          "as processes/ and flows/ of .json files)",
                          a->label);
    reader_destroy(&r);
    return rc;
}

int mb_jsonld_read(const char *path, const mb_lci_sink *sink,
                   mb_jsonld_stats *stats)
{
    mb_archive *a = NULL;
    int rc = mb_archive_open(&a, path);

    if (rc == 0)
        rc = read_archive(a, sink, stats);
    mb_archive_close(a);
    return rc;
}

int mb_jsonld_read_buffer(const void *zip, size_t len, const char *label,
                          const mb_lci_sink *sink, mb_jsonld_stats *stats)
{
    mb_archive *a = NULL;
    int rc = mb_archive_from_buffer(&a, zip, len, label);

    if (rc == 0)
        rc = read_archive(a, sink, stats);
    mb_archive_close(a);
    return rc;
}

int mb_jsonld_read_entity(const void *json, size_t len, const char *name,
                          const mb_lci_sink *sink, mb_jsonld_stats *stats)
{
    mb_jsonld_stats local;
    reader r;
    char folder[64];
    int rc;

    if (!stats)
        stats = &local;
    if (!name)
        name = "<buffer>";
    rc = reader_init(&r, sink, stats);
    if (rc == 0) {
        folder_of(name, folder, sizeof folder);
        r.file = name;
        rc = read_document(&r, json, len, folder, 0);
    }
    reader_destroy(&r);
    return rc;
}
