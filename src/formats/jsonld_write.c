/*
 * jsonld_write.c - writer of openLCA JSON-LD packages: a zip of one JSON
 * file per entity, in the layout and with the field names of olca-schema
 * version 2 as openLCA 2 writes them (github.com/GreenDelta/olca-schema,
 * the YAML definitions in ../shared/data/olca-schema/v2/yaml). See
 * include/metabol/jsonld.h.
 *
 * The writer is a sink (lci.h): each record becomes one member,
 * "<folder>/<@id>.json", and "olca-schema.json" ({"version": 2}) tells
 * openLCA 2 that no v1 upgrade is needed. Categories are v2 path strings;
 * references carry @type, @id and name. Where the data leaves a unit or
 * flow property to the flow's reference (NULL in lci.h), the reference
 * unit or property is written out, as openLCA needs one: the reference
 * data seen before (unit groups, flow properties, flows) is remembered for
 * this. Flow mapping rows go into one FlowMap entity (flow_mappings/, the
 * folder openLCA reads mapping files from); a source flow known by name
 * and category only is a flow reference without an @id. Global parameters,
 * which have no id of their own, and units without one get a name-based UUID
 * (RFC 9562 version 8) so that the same data gives the same package.
 *
 * A member is named after its entity's @id. Ids openLCA cannot take (the
 * ones metabol makes for EcoSpold data) become UUIDs made from them.
 *
 * Nothing half-written is ever seen at the destination: the zip is built
 * beside it and renamed into place when complete (zip_write.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "formats/json_write.h"
#include "formats/zip_write.h"
#include "metabol/jsonld.h"

/* JSON held in memory, by default, before the archive is written out. */
#define MEMORY_LIMIT ((size_t)64 << 20)

/* What is remembered of the reference data, for the references to it. */
typedef struct known_unit {
    const char *id, *name, *group_id;
    double factor;
} known_unit;

typedef struct known_group {
    const char *name;
    int64_t ref_unit; /* index into units, or -1 */
} known_group;

typedef struct known_property {
    const char *name, *group_id;
} known_property;

typedef struct known_location {
    const char *name;
} known_location;

typedef struct known_flow {
    const char *name, *category, *ref_property_id;
    mb_flow_type type;
} known_flow;

/* A growable array of one of the known_* records. */
typedef struct table {
    void *items;
    size_t n, cap;
    mb_strmap index; /* id -> position */
} table;

struct mb_jsonld_writer {
    char *path; /* the destination */
    char *name; /* of the data set: the destination's base name */
    mb_zip_writer *zip;
    int failed;         /* an error happened: the archive is only discarded */
    mb_jw json;         /* the document being written */
    mb_jw maps;         /* the flow mapping entries, kept to the end */
    size_t nparameters; /* global parameters: the ordinal in their ids */
    mb_strmap strings;  /* copies of remembered ids and names */
    table units, groups, properties, locations, flows;
    mb_strmap unit_by_name; /* "<group id>\x1f<unit name>" -> unit */
    mb_jsonld_stats stats;
    mb_lci_sink sink;
};

/* ---- remembered reference data -------------------------------------- */

static int table_init(table *t)
{
    memset(t, 0, sizeof *t);
    return mb_strmap_init(&t->index, 256);
}

static void table_destroy(table *t)
{
    mb_free(t->items);
    mb_strmap_destroy(&t->index);
}

/*
 * A slot for the record of `id` (the existing one when the id was seen:
 * the first record of an id is the one kept, as in the project), or NULL
 * after setting the error record.
 */
static void *table_slot(table *t, const char *id, size_t size, int *is_new)
{
    int64_t k;

    *is_new = 0;
    if (mb_strmap_get(&t->index, id, &k))
        return (char *)t->items + (size_t)k * size;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        void *p = mb_realloc(t->items, cap * size);

        if (!p) {
            mb_error_oom();
            return NULL;
        }
        t->items = p;
        t->cap = cap;
    }
    if (mb_strmap_set(&t->index, id, (int64_t)t->n) < 0)
        return NULL;
    *is_new = 1;
    return (char *)t->items + t->n++ * size;
}

static const void *table_find(const table *t, const char *id, size_t size)
{
    int64_t k;

    if (!id || !mb_strmap_get(&t->index, id, &k))
        return NULL;
    return (const char *)t->items + (size_t)k * size;
}

#define FIND(w, tab, type, id)                                                 \
    ((const type *)table_find(&(w)->tab, (id), sizeof(type)))

/* Our copy of s (NULL stays NULL); *ok cleared when out of memory. */
static const char *keep(mb_jsonld_writer *w, const char *s, int *ok)
{
    const char *c;

    if (!s)
        return NULL;
    if (!(c = mb_strmap_intern(&w->strings, s)))
        *ok = 0;
    return c;
}

/* The unit of group `group_id` called `name`, or NULL. */
static const known_unit *unit_named(const mb_jsonld_writer *w,
                                    const char *group_id, const char *name)
{
    char key[512];
    int64_t k;

    if (!group_id || !name ||
        snprintf(key, sizeof key, "%s\x1f%s", group_id, name) >=
            (int)sizeof key ||
        !mb_strmap_get(&w->unit_by_name, key, &k))
        return NULL;
    return (const known_unit *)w->units.items + k;
}

/* The unit group of a flow property, by id; NULL when unknown. */
static const char *group_of(const mb_jsonld_writer *w, const char *property)
{
    const known_property *p = FIND(w, properties, known_property, property);

    return p ? p->group_id : NULL;
}

/* The reference unit of a flow property's group, or NULL. */
static const known_unit *reference_unit(const mb_jsonld_writer *w,
                                        const char *property)
{
    const known_group *g = FIND(w, groups, known_group, group_of(w, property));

    return g && g->ref_unit >= 0
               ? (const known_unit *)w->units.items + g->ref_unit
               : NULL;
}

/* ---- identifiers ----------------------------------------------------- */

/* FNV-1a (64 bit) over the bytes of s, continuing from h. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/*
 * A UUID made from the strings a, b and c (RFC 9562 version 8, the
 * version for custom schemes): two FNV-1a hashes of them, from two
 * different starting points.
 */
static void name_uuid(char out[37], const char *a, const char *b, const char *c)
{
    uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
    unsigned char x[16];
    int k, j;

    for (k = 0; k < 2; k++) {
        h[k] = fnv1a(fnv1a(fnv1a(h[k], a), "\x1f"), b ? b : "");
        h[k] = fnv1a(fnv1a(h[k], "\x1f"), c ? c : "");
        for (j = 0; j < 8; j++)
            x[8 * k + j] = (unsigned char)(h[k] >> (56 - 8 * j));
    }
    x[6] = (unsigned char)((x[6] & 0x0f) | 0x80);
    x[8] = (unsigned char)((x[8] & 0x3f) | 0x80);
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10],
             x[11], x[12], x[13], x[14], x[15]);
}

/* An entity's @id: any string but an empty one. */
static int check_id(const char *what, const char *id)
{
    if (!id || !*id)
        return mb_error_set(MB_EINVAL, "%s without an id", what);
    return 0;
}

/*
 * An @id as openLCA can take it: up to 36 letters, digits, '-', '_' or
 * '.' (a UUID is 36; openLCA keeps ids in a column of 36 characters and
 * finds a referenced entity at "<folder>/<@id>.json"). Other ids (those
 * metabol makes for EcoSpold 1 and 2 data: "ecospold1-product:name|mass",
 * "ecospold2-unit-group:Mass") are replaced by a UUID made from them,
 * the same wherever the id is written.
 */
static const char *portable_id(const char *id, char made[37])
{
    size_t n = 0;

    if (!id)
        return NULL;
    for (; id[n] && n <= 36; n++)
        if (!((id[n] >= 'a' && id[n] <= 'z') ||
              (id[n] >= 'A' && id[n] <= 'Z') ||
              (id[n] >= '0' && id[n] <= '9') || id[n] == '-' || id[n] == '_' ||
              id[n] == '.'))
            break;
    if (n > 0 && n <= 36 && !id[n] && strcmp(id, ".") != 0 &&
        strcmp(id, "..") != 0)
        return id;
    name_uuid(made, "id", id, NULL);
    return made;
}

/* An id member, written as openLCA can take it. */
static void put_id(mb_jw *j, const char *key, const char *id)
{
    char made[37];

    mb_jw_string(j, key, portable_id(id, made));
}

/* ---- the archive ----------------------------------------------------- */

/* Add the document as member "folder/id.json" ("id" without a folder). */
static int add_member(mb_jsonld_writer *w, const char *folder, const char *id,
                      const mb_jw *doc)
{
    char name[80], made[37];
    int rc;

    if ((rc = mb_jw_status(doc)) < 0)
        return rc;
    if (folder)
        snprintf(name, sizeof name, "%s/%s.json", folder,
                 portable_id(id, made));
    else
        snprintf(name, sizeof name, "%s", id);
    if ((rc = mb_zip_writer_add(w->zip, name, doc->buf, doc->len)) < 0)
        return rc;
    w->stats.files++;
    return 0;
}

/* ---- pieces of documents --------------------------------------------- */

/* A reference {"@type", "@id", "name"}; nothing without an id. */
static void ref(mb_jw *j, const char *key, const char *type, const char *id,
                const char *name)
{
    if (!id)
        return;
    mb_jw_object(j, key);
    mb_jw_string(j, "@type", type);
    put_id(j, "@id", id);
    mb_jw_string(j, "name", name);
    mb_jw_end(j);
}

static const char *const flow_types[] = {"ELEMENTARY_FLOW", "PRODUCT_FLOW",
                                         "WASTE_FLOW"};

static const char *flow_type_name(mb_flow_type t)
{
    return (unsigned)t < 3 ? flow_types[t] : NULL;
}

/* A flow reference, with what is known of the flow (else name, category). */
static void flow_ref(mb_jsonld_writer *w, const char *key, const char *id,
                     const char *name, const char *category)
{
    const known_flow *f = FIND(w, flows, known_flow, id);
    mb_jw *j = &w->json;

    if (!id)
        return;
    mb_jw_object(j, key);
    mb_jw_string(j, "@type", "Flow");
    put_id(j, "@id", id);
    mb_jw_string(j, "name", f ? f->name : name);
    mb_jw_string(j, "category", f ? f->category : category);
    if (f) {
        const known_unit *u = reference_unit(w, f->ref_property_id);

        mb_jw_string(j, "flowType", flow_type_name(f->type));
        mb_jw_string(j, "refUnit", u ? u->name : NULL);
    }
    mb_jw_end(j);
}

static void unit_ref(mb_jsonld_writer *w, const char *key, const char *id)
{
    const known_unit *u = FIND(w, units, known_unit, id);

    ref(&w->json, key, "Unit", id, u ? u->name : NULL);
}

static void property_ref(mb_jsonld_writer *w, const char *key, const char *id)
{
    const known_property *p = FIND(w, properties, known_property, id);

    ref(&w->json, key, "FlowProperty", id, p ? p->name : NULL);
}

static void location_ref(mb_jsonld_writer *w, const char *id)
{
    const known_location *l = FIND(w, locations, known_location, id);

    ref(&w->json, "location", "Location", id, l ? l->name : NULL);
}

/*
 * The quantity of an amount: the unit and flow property given, else the
 * flow's reference property and the property's reference unit, when known
 * (and of size 1, as a reference unit is: then the amount means what it
 * meant without them). A unit known only by name (openLCA CSV methods) is
 * looked up in the property's unit group, else written by name alone.
 */
static void quantity(mb_jsonld_writer *w, const char *flow_id,
                     const char *property_id, const char *unit_id,
                     const char *unit_name)
{
    const known_flow *f = FIND(w, flows, known_flow, flow_id);
    const char *prop = property_id ? property_id
                       : f         ? f->ref_property_id
                                   : NULL;

    if (!unit_id && unit_name) {
        const known_unit *u = unit_named(w, group_of(w, prop), unit_name);

        if (u)
            unit_id = u->id;
        else {
            mb_jw_object(&w->json, "unit");
            mb_jw_string(&w->json, "@type", "Unit");
            mb_jw_string(&w->json, "name", unit_name);
            mb_jw_end(&w->json);
        }
    } else if (!unit_id) {
        const known_unit *u = reference_unit(w, prop);

        unit_id = u && u->factor == 1.0 ? u->id : NULL;
    }
    unit_ref(w, "unit", unit_id);
    property_ref(w, "flowProperty", prop);
}

/* olca-schema has no Weibull, gamma or beta: those are not written. */
static void uncertainty(mb_jw *j, const mb_lci_uncertainty *u)
{
    static const char *const names[] = {
        NULL, "LOG_NORMAL_DISTRIBUTION", "NORMAL_DISTRIBUTION",
        "TRIANGLE_DISTRIBUTION", "UNIFORM_DISTRIBUTION"};

    if (u->type <= MB_DIST_NONE || u->type > MB_DIST_UNIFORM)
        return;
    mb_jw_object(j, "uncertainty");
    mb_jw_string(j, "@type", "Uncertainty");
    mb_jw_string(j, "distributionType", names[u->type]);
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        mb_jw_number(j, "geomMean", u->p[0]);
        mb_jw_number(j, "geomSd", u->p[1]);
        break;
    case MB_DIST_NORMAL:
        mb_jw_number(j, "mean", u->p[0]);
        mb_jw_number(j, "sd", u->p[1]);
        break;
    case MB_DIST_TRIANGLE:
        mb_jw_number(j, "minimum", u->p[0]);
        mb_jw_number(j, "mode", u->p[1]);
        mb_jw_number(j, "maximum", u->p[2]);
        break;
    default:
        mb_jw_number(j, "minimum", u->p[0]);
        mb_jw_number(j, "maximum", u->p[1]);
        break;
    }
    mb_jw_end(j);
}

/* A parameter's fields (inside an open object). */
static void parameter_fields(mb_jw *j, const char *id,
                             const mb_lci_parameter *p, const char *scope)
{
    mb_jw_string(j, "@type", "Parameter");
    put_id(j, "@id", id);
    mb_jw_string(j, "name", p->name);
    mb_jw_string(j, "parameterScope", scope);
    mb_jw_bool(j, "isInputParameter", p->formula == NULL);
    mb_jw_number(j, "value", p->value);
    mb_jw_string(j, "formula", p->formula);
    uncertainty(j, &p->uncertainty);
}

static const char *const allocation_names[] = {
    NULL, "PHYSICAL_ALLOCATION", "ECONOMIC_ALLOCATION", "CAUSAL_ALLOCATION"};

static const char *allocation_name(mb_allocation a)
{
    return a > MB_ALLOC_NONE && a <= MB_ALLOC_CAUSAL ? allocation_names[a]
                                                     : NULL;
}

/* Start a root entity's document: @type, @id, name. */
static void begin_entity(mb_jsonld_writer *w, const char *type, const char *id,
                         const char *name)
{
    mb_jw_reset(&w->json);
    mb_jw_object(&w->json, NULL);
    mb_jw_string(&w->json, "@type", type);
    put_id(&w->json, "@id", id);
    mb_jw_string(&w->json, "name", name);
}

/* Close the document and add it. */
static int end_entity(mb_jsonld_writer *w, const char *folder, const char *id)
{
    mb_jw_end(&w->json);
    return add_member(w, folder, id, &w->json);
}

/* ---- the entities (sink callbacks) ----------------------------------- */

static int put_unit_group(mb_jsonld_writer *w, const mb_lci_unit_group *g)
{
    mb_jw *j = &w->json;
    known_group *kg;
    char made[37];
    size_t k;
    int is_new, ok = 1, rc;

    if ((rc = check_id("unit group", g->id)) < 0)
        return rc;
    if (!(kg = table_slot(&w->groups, g->id, sizeof *kg, &is_new)))
        return MB_ENOMEM;
    if (is_new) {
        kg->name = keep(w, g->name, &ok);
        kg->ref_unit = -1;
    }
    begin_entity(w, "UnitGroup", g->id, g->name);
    mb_jw_array(j, "units");
    for (k = 0; k < g->nunits; k++) {
        const mb_lci_unit *u = &g->units[k];
        const char *id = u->id;
        known_unit *ku;
        char key[512];

        if (!id) {
            name_uuid(made, "unit", g->id, u->name);
            id = made;
        }
        if (!(ku = table_slot(&w->units, id, sizeof *ku, &is_new)))
            return MB_ENOMEM;
        if (is_new) {
            ku->id = keep(w, id, &ok);
            ku->name = keep(w, u->name, &ok);
            ku->group_id = keep(w, g->id, &ok);
            ku->factor = u->factor;
            if (u->name &&
                snprintf(key, sizeof key, "%s\x1f%s", g->id, u->name) <
                    (int)sizeof key &&
                mb_strmap_add(&w->unit_by_name, key,
                              (int64_t)(ku - (known_unit *)w->units.items),
                              NULL) < 0)
                ok = 0;
        }
        if (u->is_reference && kg->ref_unit < 0)
            kg->ref_unit = (int64_t)(ku - (known_unit *)w->units.items);
        mb_jw_object(j, NULL);
        mb_jw_string(j, "@type", "Unit");
        put_id(j, "@id", id);
        mb_jw_string(j, "name", u->name);
        mb_jw_number(j, "conversionFactor", u->factor);
        mb_jw_bool(j, "isRefUnit", u->is_reference);
        mb_jw_end(j);
    }
    mb_jw_end(j);
    if (!ok)
        return MB_ENOMEM;
    w->stats.unit_groups++;
    return end_entity(w, "unit_groups", g->id);
}

static int put_flow_property(mb_jsonld_writer *w, const mb_lci_flow_property *p)
{
    const known_group *g = FIND(w, groups, known_group, p->unit_group_id);
    known_property *kp;
    int is_new, ok = 1, rc;

    if ((rc = check_id("flow property", p->id)) < 0)
        return rc;
    if (!(kp = table_slot(&w->properties, p->id, sizeof *kp, &is_new)))
        return MB_ENOMEM;
    if (is_new) {
        kp->name = keep(w, p->name, &ok);
        kp->group_id = keep(w, p->unit_group_id, &ok);
    }
    if (!ok)
        return MB_ENOMEM;
    begin_entity(w, "FlowProperty", p->id, p->name);
    ref(&w->json, "unitGroup", "UnitGroup", p->unit_group_id,
        g ? g->name : NULL);
    w->stats.flow_properties++;
    return end_entity(w, "flow_properties", p->id);
}

static int put_location(mb_jsonld_writer *w, const mb_lci_location *l)
{
    known_location *kl;
    int is_new, ok = 1, rc;

    if ((rc = check_id("location", l->id)) < 0)
        return rc;
    if (!(kl = table_slot(&w->locations, l->id, sizeof *kl, &is_new)))
        return MB_ENOMEM;
    if (is_new)
        kl->name = keep(w, l->name, &ok);
    if (!ok)
        return MB_ENOMEM;
    begin_entity(w, "Location", l->id, l->name);
    mb_jw_string(&w->json, "code", l->code);
    w->stats.locations++;
    return end_entity(w, "locations", l->id);
}

static int put_flow(mb_jsonld_writer *w, const mb_lci_flow *f)
{
    mb_jw *j = &w->json;
    known_flow *kf;
    size_t k;
    int is_new, ok = 1, rc;

    if ((rc = check_id("flow", f->id)) < 0)
        return rc;
    if (!(kf = table_slot(&w->flows, f->id, sizeof *kf, &is_new)))
        return MB_ENOMEM;
    if (is_new) {
        kf->name = keep(w, f->name, &ok);
        kf->category = keep(w, f->category, &ok);
        kf->type = f->type;
        kf->ref_property_id = NULL;
        for (k = 0; k < f->nproperties; k++)
            if (f->properties[k].is_reference && !kf->ref_property_id)
                kf->ref_property_id =
                    keep(w, f->properties[k].property_id, &ok);
    }
    if (!ok)
        return MB_ENOMEM;
    begin_entity(w, "Flow", f->id, f->name);
    mb_jw_string(j, "category", f->category);
    mb_jw_string(j, "flowType", flow_type_name(f->type));
    mb_jw_string(j, "cas", f->cas);
    mb_jw_string(j, "formula", f->formula);
    location_ref(w, f->location_id);
    mb_jw_array(j, "flowProperties");
    for (k = 0; k < f->nproperties; k++) {
        mb_jw_object(j, NULL);
        mb_jw_string(j, "@type", "FlowPropertyFactor");
        mb_jw_bool(j, "isRefFlowProperty", f->properties[k].is_reference);
        mb_jw_number(j, "conversionFactor", f->properties[k].factor);
        property_ref(w, "flowProperty", f->properties[k].property_id);
        mb_jw_end(j);
    }
    mb_jw_end(j);
    w->stats.flows++;
    return end_entity(w, "flows", f->id);
}

static int put_global_parameter(mb_jsonld_writer *w, const mb_lci_parameter *p)
{
    char id[37], ordinal[24];

    if (!p->name)
        return mb_error_set(MB_EINVAL, "a global parameter without a name");
    /* the ordinal keeps two databases' parameters of one name apart */
    snprintf(ordinal, sizeof ordinal, "%zu", w->nparameters++);
    name_uuid(id, "global parameter", p->name, ordinal);
    mb_jw_reset(&w->json);
    mb_jw_object(&w->json, NULL);
    parameter_fields(&w->json, id, p, "GLOBAL_SCOPE");
    w->stats.parameters++;
    return end_entity(w, "parameters", id);
}

/* The internal ids written: the data's, else new ones after its largest. */
static int64_t last_internal_id(const mb_lci_process *p)
{
    int64_t last = 0;
    size_t k;

    for (k = 0; k < p->nexchanges; k++)
        if (p->exchanges[k].internal_id > last)
            last = p->exchanges[k].internal_id;
    return last;
}

static void exchange(mb_jsonld_writer *w, const mb_lci_exchange *e,
                     int64_t internal_id)
{
    mb_jw *j = &w->json;

    mb_jw_object(j, NULL);
    mb_jw_string(j, "@type", "Exchange");
    mb_jw_int(j, "internalId", internal_id);
    mb_jw_number(j, "amount", e->amount);
    mb_jw_string(j, "amountFormula", e->formula);
    mb_jw_bool(j, "isInput", (e->flags & MB_EXCHANGE_INPUT) != 0);
    mb_jw_bool(j, "isQuantitativeReference",
               (e->flags & MB_EXCHANGE_REFERENCE) != 0);
    mb_jw_bool(j, "isAvoidedProduct", (e->flags & MB_EXCHANGE_AVOIDED) != 0);
    flow_ref(w, "flow", e->flow_id, NULL, NULL);
    quantity(w, e->flow_id, e->property_id, e->unit_id, NULL);
    ref(j, "defaultProvider", "Process", e->provider_id, NULL);
    location_ref(w, e->location_id);
    uncertainty(j, &e->uncertainty);
    mb_jw_end(j);
}

static void allocation_factor(mb_jsonld_writer *w,
                              const mb_lci_allocation_factor *a)
{
    mb_jw *j = &w->json;

    mb_jw_object(j, NULL);
    mb_jw_string(j, "@type", "AllocationFactor");
    mb_jw_string(j, "allocationType", allocation_name(a->type));
    flow_ref(w, "product", a->product_id, NULL, NULL);
    mb_jw_number(j, "value", a->value);
    mb_jw_string(j, "formula", a->formula);
    if (a->exchange_internal_id >= 0 || a->exchange_flow_id) {
        mb_jw_object(j, "exchange");
        mb_jw_string(j, "@type", "ExchangeRef");
        if (a->exchange_internal_id >= 0)
            mb_jw_int(j, "internalId", a->exchange_internal_id);
        /* not in olca-schema 2's ExchangeRef: metabol's reader and
         * openLCA 1 data name the exchange by its flow */
        flow_ref(w, "flow", a->exchange_flow_id, NULL, NULL);
        mb_jw_end(j);
    }
    mb_jw_end(j);
}

static int put_process(mb_jsonld_writer *w, const mb_lci_process *p)
{
    mb_jw *j = &w->json;
    int64_t next = last_internal_id(p);
    char id[37];
    size_t k;
    int rc;

    if ((rc = check_id("process", p->id)) < 0)
        return rc;
    begin_entity(w, "Process", p->id, p->name);
    mb_jw_string(j, "category", p->category);
    mb_jw_string(j, "processType", "UNIT_PROCESS");
    location_ref(w, p->location_id);
    mb_jw_string(j, "defaultAllocationMethod",
                 allocation_name(p->default_allocation));
    mb_jw_array(j, "exchanges");
    for (k = 0; k < p->nexchanges; k++) {
        const mb_lci_exchange *e = &p->exchanges[k];

        exchange(w, e, e->internal_id >= 0 ? e->internal_id : ++next);
    }
    mb_jw_end(j);
    mb_jw_int(j, "lastInternalId", next);
    if (p->nparameters) {
        mb_jw_array(j, "parameters");
        for (k = 0; k < p->nparameters; k++) {
            name_uuid(id, "process parameter", p->id, p->parameters[k].name);
            mb_jw_object(j, NULL);
            parameter_fields(j, id, &p->parameters[k], "PROCESS_SCOPE");
            mb_jw_end(j);
        }
        mb_jw_end(j);
    }
    if (p->nallocation_factors) {
        mb_jw_array(j, "allocationFactors");
        for (k = 0; k < p->nallocation_factors; k++)
            allocation_factor(w, &p->allocation_factors[k]);
        mb_jw_end(j);
    }
    w->stats.processes++;
    w->stats.exchanges += p->nexchanges;
    return end_entity(w, "processes", p->id);
}

static int put_impact_category(mb_jsonld_writer *w,
                               const mb_lci_impact_category *c)
{
    mb_jw *j = &w->json;
    size_t k;
    int rc;

    if ((rc = check_id("impact category", c->id)) < 0)
        return rc;
    begin_entity(w, "ImpactCategory", c->id, c->name);
    mb_jw_string(j, "refUnit", c->reference_unit);
    mb_jw_array(j, "impactFactors");
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_impact_factor *f = &c->factors[k];

        mb_jw_object(j, NULL);
        mb_jw_string(j, "@type", "ImpactFactor");
        flow_ref(w, "flow", f->flow_id, f->flow_name, f->flow_category);
        quantity(w, f->flow_id, f->property_id, f->unit_id, f->unit_name);
        location_ref(w, f->location_id);
        mb_jw_number(j, "value", f->value);
        mb_jw_string(j, "formula", f->formula);
        uncertainty(j, &f->uncertainty);
        mb_jw_end(j);
    }
    mb_jw_end(j);
    w->stats.impact_categories++;
    w->stats.impact_factors += c->nfactors;
    return end_entity(w, "lcia_categories", c->id);
}

static int put_impact_method(mb_jsonld_writer *w, const mb_lci_impact_method *m)
{
    size_t k;
    int rc;

    if ((rc = check_id("impact method", m->id)) < 0)
        return rc;
    begin_entity(w, "ImpactMethod", m->id, m->name);
    mb_jw_array(&w->json, "impactCategories");
    for (k = 0; k < m->ncategories; k++)
        ref(&w->json, NULL, "ImpactCategory", m->category_ids[k], NULL);
    mb_jw_end(&w->json);
    w->stats.impact_methods++;
    return end_entity(w, "lcia_methods", m->id);
}

/* One side of a mapping row: the flow, and the unit when one is named. */
static void map_side(mb_jsonld_writer *w, const char *key, const char *id,
                     const char *name, const char *category, const char *unit)
{
    const known_flow *f = FIND(w, flows, known_flow, id);
    const known_unit *u =
        f ? unit_named(w, group_of(w, f->ref_property_id), unit) : NULL;
    mb_jw *j = &w->maps;

    mb_jw_object(j, key);
    mb_jw_string(j, "@type", "FlowMapRef");
    mb_jw_object(j, "flow");
    mb_jw_string(j, "@type", "Flow");
    put_id(j, "@id", id); /* none for a source known by name */
    mb_jw_string(j, "name", f ? f->name : name);
    mb_jw_string(j, "category", f ? f->category : category);
    mb_jw_end(j);
    if (unit) {
        mb_jw_object(j, "unit");
        mb_jw_string(j, "@type", "Unit");
        put_id(j, "@id", u ? u->id : NULL);
        mb_jw_string(j, "name", unit);
        mb_jw_end(j);
    }
    mb_jw_end(j);
}

/* Rows are gathered in w->maps; the FlowMap is added by finish. */
static int put_flow_map(mb_jsonld_writer *w, const mb_lci_flow_map *m)
{
    mb_jw *j = &w->maps;

    if (!m->target_id || (!m->source_id && !m->source_name))
        return mb_error_set(MB_EINVAL,
                            "a flow mapping row without a target flow id, "
                            "or without a source flow id or name");
    if (w->stats.flow_maps == 0)
        mb_jw_array(j, NULL);
    mb_jw_object(j, NULL);
    mb_jw_string(j, "@type", "FlowMapEntry");
    map_side(w, "from", m->source_id, m->source_name, m->source_category,
             m->source_unit);
    map_side(w, "to", m->target_id, m->target_name, m->target_category,
             m->target_unit);
    mb_jw_number(j, "conversionFactor", m->factor);
    mb_jw_end(j);
    w->stats.flow_maps++;
    return mb_jw_status(j);
}

/* The FlowMap entity around the gathered rows. */
static int add_flow_map(mb_jsonld_writer *w)
{
    char id[37];
    int rc;

    if (w->stats.flow_maps == 0)
        return 0;
    mb_jw_end(&w->maps);
    if ((rc = mb_jw_status(&w->maps)) < 0)
        return rc;
    name_uuid(id, "flow map", w->name, NULL);
    begin_entity(w, "FlowMap", id, w->name);
    mb_jw_raw(&w->json, "mappings", w->maps.buf, w->maps.len);
    return end_entity(w, "flow_mappings", id);
}

/*
 * The sink's callbacks: after a failure the writer takes nothing more, and
 * mb_jsonld_writer_finish refuses to finish what lacks a record.
 */
static int guard(mb_jsonld_writer *w, int rc)
{
    if (rc < 0)
        w->failed = 1;
    return rc;
}

static int refuse(const mb_jsonld_writer *w)
{
    return mb_error_set(
        MB_EINVAL, "%s: nothing more can be written after an error", w->path);
}

#define GUARDED(fn, type)                                                      \
    static int sink_##fn(void *ctx, const type *rec)                           \
    {                                                                          \
        mb_jsonld_writer *w = ctx;                                             \
        return w->failed ? refuse(w) : guard(w, put_##fn(w, rec));             \
    }

GUARDED(unit_group, mb_lci_unit_group)
GUARDED(flow_property, mb_lci_flow_property)
GUARDED(flow, mb_lci_flow)
GUARDED(location, mb_lci_location)
GUARDED(global_parameter, mb_lci_parameter)
GUARDED(process, mb_lci_process)
GUARDED(impact_category, mb_lci_impact_category)
GUARDED(impact_method, mb_lci_impact_method)
GUARDED(flow_map, mb_lci_flow_map)

/* ---- the writer ------------------------------------------------------ */

/* The data set's name: the destination's file name without ".zip". */
static char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    size_t len = strlen(base);

    if (len > 4 && strcmp(base + len - 4, ".zip") == 0)
        len -= 4;
    return mb_sprintf("%.*s", (int)len, base);
}

static void set_sink(mb_jsonld_writer *w)
{
    w->sink.ctx = w;
    w->sink.unit_group = sink_unit_group;
    w->sink.flow_property = sink_flow_property;
    w->sink.flow = sink_flow;
    w->sink.location = sink_location;
    w->sink.global_parameter = sink_global_parameter;
    w->sink.process = sink_process;
    w->sink.impact_category = sink_impact_category;
    w->sink.impact_method = sink_impact_method;
    w->sink.flow_map = sink_flow_map;
}

/* Everything of open but the allocation of w. */
static int open_writer(mb_jsonld_writer *w, const char *path,
                       size_t memory_limit)
{
    int rc;

    mb_jw_init(&w->json);
    mb_jw_init(&w->maps);
    set_sink(w);
    if (mb_strmap_init(&w->strings, 1024) < 0 ||
        mb_strmap_init(&w->unit_by_name, 256) < 0 ||
        table_init(&w->units) < 0 || table_init(&w->groups) < 0 ||
        table_init(&w->properties) < 0 || table_init(&w->locations) < 0 ||
        table_init(&w->flows) < 0 || !(w->path = mb_strdup(path)) ||
        !(w->name = base_name(path)))
        return mb_error_oom();
    if ((rc = mb_zip_writer_open(&w->zip, path, memory_limit)) < 0)
        return rc;
    /* openLCA 2 reads the package version from this member */
    mb_jw_object(&w->json, NULL);
    mb_jw_int(&w->json, "version", 2);
    mb_jw_end(&w->json);
    return add_member(w, NULL, "olca-schema.json", &w->json);
}

int mb_jsonld_writer_open(mb_jsonld_writer **out, const char *path,
                          const mb_jsonld_write_options *opts)
{
    mb_jsonld_writer *w;
    int rc;

    *out = NULL;
    if (opts && opts->version != MB_JSONLD_WRITE_OPTIONS_VERSION)
        return mb_error_set(MB_EINVAL,
                            "JSON-LD write options of version %d; this "
                            "metabol knows version %d",
                            opts->version, MB_JSONLD_WRITE_OPTIONS_VERSION);
    if (!(w = mb_calloc(1, sizeof *w)))
        return mb_error_oom();
    if ((rc = open_writer(w, path,
                          opts && opts->memory_limit ? opts->memory_limit
                                                     : MEMORY_LIMIT)) < 0) {
        mb_jsonld_writer_free(w);
        return rc;
    }
    *out = w;
    return 0;
}

const mb_lci_sink *mb_jsonld_writer_sink(mb_jsonld_writer *w)
{
    return &w->sink;
}

int mb_jsonld_writer_finish(mb_jsonld_writer *w, mb_jsonld_stats *stats)
{
    int rc;

    if (w->failed)
        return mb_error_set(MB_EINVAL,
                            "%s: the archive cannot be finished after an "
                            "error",
                            w->path);
    if ((rc = add_flow_map(w)) < 0 || (rc = mb_zip_writer_finish(w->zip)) < 0) {
        w->failed = 1;
        return rc;
    }
    if (stats)
        *stats = w->stats;
    return 0;
}

void mb_jsonld_writer_free(mb_jsonld_writer *w)
{
    if (!w)
        return;
    mb_zip_writer_free(w->zip); /* removes an unfinished archive */
    mb_jw_destroy(&w->json);
    mb_jw_destroy(&w->maps);
    mb_strmap_destroy(&w->strings);
    mb_strmap_destroy(&w->unit_by_name);
    table_destroy(&w->units);
    table_destroy(&w->groups);
    table_destroy(&w->properties);
    table_destroy(&w->locations);
    table_destroy(&w->flows);
    mb_free(w->path);
    mb_free(w->name);
    mb_free(w);
}
