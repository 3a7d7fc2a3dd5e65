/*
 * lcidb.c - the in-memory inventory database: a sink (lci.h) that keeps
 * every record it receives, strings interned. See lcidb_internal.h.
 *
 * Reference data that arrives twice (a unit group or flow shared by two
 * data sets) keeps its first version, as the project store does.
 */
#include <string.h>

#include "model/lcidb_internal.h"

/* Make room for one more element of an array; NULL on failure. */
static void *grow(void **p, size_t n, size_t *cap, size_t size)
{
    if (n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 64;
        void *q = mb_realloc(*p, ncap * size);

        if (!q)
            return NULL;
        *p = q;
        *cap = ncap;
    }
    return (char *)*p + n * size;
}

#define PUSH(db, name) \
    grow((void **)&(db)->name, (db)->n##name, &(db)->cap_##name, \
         sizeof *(db)->name)

/* An interned copy of s (NULL stays NULL); sets *ok to 0 on failure. */
static const char *intern(mb_lcidb *db, const char *s, int *ok)
{
    const char *stored = mb_strmap_intern(&db->strings, s);

    if (s && !stored)
        *ok = 0;
    return stored;
}

int64_t mb_lcidb_find(const mb_strmap *index, const char *id)
{
    int64_t k;

    return id && mb_strmap_get(index, id, &k) ? k : -1;
}

/* Register id -> n in index: 1 when it was there already. */
static int index_add(mb_strmap *index, const char *id, size_t n)
{
    return mb_strmap_add(index, id, (int64_t)n, NULL);
}

/*
 * A unit group seen before (shared reference data) gets the units it
 * lacks: exports carry the units of their time, older ones fewer.
 */
static int add_unit_group(void *ctx, const mb_lci_unit_group *g)
{
    mb_lcidb *db = ctx;
    db_group *dg;
    size_t k, group;
    int rc, ok = 1;

    if ((rc = index_add(&db->group_index, g->id, db->ngroups)) < 0)
        return rc;
    if (rc == 1) {
        group = (size_t)mb_lcidb_find(&db->group_index, g->id);
    } else {
        if (!(dg = PUSH(db, groups)))
            return MB_ENOMEM;
        dg->id = intern(db, g->id, &ok);
        dg->name = intern(db, g->name, &ok);
        dg->ref_unit = -1;
        group = db->ngroups++;
    }
    for (k = 0; k < g->nunits; k++) {
        db_unit *u;

        if (g->units[k].id &&
            mb_lcidb_find(&db->unit_index, g->units[k].id) >= 0)
            continue;
        if (!(u = PUSH(db, units)))
            return MB_ENOMEM;
        u->id = intern(db, g->units[k].id, &ok);
        u->name = intern(db, g->units[k].name, &ok);
        u->group = group;
        u->factor = g->units[k].factor;
        if (g->units[k].is_reference && db->groups[group].ref_unit < 0)
            db->groups[group].ref_unit = (int64_t)db->nunits;
        if (u->id && index_add(&db->unit_index, u->id, db->nunits) < 0)
            return MB_ENOMEM;
        db->nunits++;
    }
    return ok ? 0 : MB_ENOMEM;
}

static int add_flow_property(void *ctx, const mb_lci_flow_property *p)
{
    mb_lcidb *db = ctx;
    mb_lci_flow_property *dp;
    int rc, ok = 1;

    if ((rc = index_add(&db->property_index, p->id, db->nproperties)) != 0)
        return rc < 0 ? rc : 0;
    if (!(dp = PUSH(db, properties)))
        return MB_ENOMEM;
    dp->id = intern(db, p->id, &ok);
    dp->name = intern(db, p->name, &ok);
    dp->unit_group_id = intern(db, p->unit_group_id, &ok);
    db->nproperties++;
    return ok ? 0 : MB_ENOMEM;
}

static int add_location(void *ctx, const mb_lci_location *l)
{
    mb_lcidb *db = ctx;
    mb_lci_location *dl = PUSH(db, locations);
    int ok = 1;

    if (!dl)
        return MB_ENOMEM;
    dl->id = intern(db, l->id, &ok);
    dl->name = intern(db, l->name, &ok);
    dl->code = intern(db, l->code, &ok);
    db->nlocations++;
    return ok ? 0 : MB_ENOMEM;
}

static int add_flow(void *ctx, const mb_lci_flow *f)
{
    mb_lcidb *db = ctx;
    db_flow *df;
    size_t k;
    int rc, ok = 1;

    if ((rc = index_add(&db->flow_index, f->id, db->nflows)) != 0)
        return rc < 0 ? rc : 0;
    if (!(df = PUSH(db, flows)))
        return MB_ENOMEM;
    df->rec = *f;
    df->rec.id = intern(db, f->id, &ok);
    df->rec.name = intern(db, f->name ? f->name : "", &ok);
    df->rec.category = intern(db, f->category, &ok);
    df->rec.cas = intern(db, f->cas, &ok);
    df->rec.formula = intern(db, f->formula, &ok);
    df->rec.location_id = intern(db, f->location_id, &ok);
    df->rec.properties = NULL; /* the range below replaces it */
    df->props.start = db->nprops;
    df->props.n = f->nproperties;
    df->ref_prop = -1;
    for (k = 0; k < f->nproperties; k++) {
        mb_lci_property_factor *p = PUSH(db, props);

        if (!p)
            return MB_ENOMEM;
        *p = f->properties[k];
        p->property_id = intern(db, p->property_id, &ok);
        if (p->is_reference || (df->ref_prop < 0 && f->nproperties == 1))
            df->ref_prop = (int64_t)db->nprops;
        db->nprops++;
    }
    db->nflows++;
    return ok ? 0 : MB_ENOMEM;
}

static int copy_parameter(mb_lcidb *db, mb_lci_parameter *dst,
                          const mb_lci_parameter *src)
{
    int ok = 1;

    *dst = *src;
    dst->name = intern(db, src->name, &ok);
    dst->formula = intern(db, src->formula, &ok);
    return ok ? 0 : MB_ENOMEM;
}

static int add_global_parameter(void *ctx, const mb_lci_parameter *p)
{
    mb_lcidb *db = ctx;
    mb_lci_parameter *dp = PUSH(db, globals);

    if (!dp)
        return MB_ENOMEM;
    db->nglobals++;
    return copy_parameter(db, dp, p);
}

static int add_process(void *ctx, const mb_lci_process *p)
{
    mb_lcidb *db = ctx;
    db_process *dp;
    size_t k;
    int rc, ok = 1;

    if ((rc = index_add(&db->process_index, p->id, db->nprocesses)) != 0)
        return rc < 0 ? rc
                      : mb_error_set(MB_EINVAL,
                                     "process %s ('%s') is there twice",
                                     p->id, p->name ? p->name : "");
    if (!(dp = PUSH(db, processes)))
        return MB_ENOMEM;
    dp->rec = *p;
    dp->rec.id = intern(db, p->id, &ok);
    dp->rec.name = intern(db, p->name ? p->name : "", &ok);
    dp->rec.category = intern(db, p->category, &ok);
    dp->rec.location_id = intern(db, p->location_id, &ok);
    dp->rec.exchanges = NULL; /* the ranges below replace them */
    dp->rec.parameters = NULL;
    dp->rec.allocation_factors = NULL;
    dp->ex.start = db->nexchanges;
    dp->ex.n = p->nexchanges;
    dp->par.start = db->nparams;
    dp->par.n = p->nparameters;
    dp->alloc.start = db->nallocs;
    dp->alloc.n = p->nallocation_factors;
    for (k = 0; k < p->nexchanges; k++) {
        mb_lci_exchange *e = PUSH(db, exchanges);

        if (!e)
            return MB_ENOMEM;
        *e = p->exchanges[k];
        e->flow_id = intern(db, e->flow_id, &ok);
        e->unit_id = intern(db, e->unit_id, &ok);
        e->property_id = intern(db, e->property_id, &ok);
        e->provider_id = intern(db, e->provider_id, &ok);
        e->location_id = intern(db, e->location_id, &ok);
        e->formula = intern(db, e->formula, &ok);
        db->nexchanges++;
    }
    for (k = 0; k < p->nparameters; k++) {
        mb_lci_parameter *q = PUSH(db, params);

        if (!q || copy_parameter(db, q, &p->parameters[k]) < 0)
            return MB_ENOMEM;
        db->nparams++;
    }
    for (k = 0; k < p->nallocation_factors; k++) {
        mb_lci_allocation_factor *a = PUSH(db, allocs);

        if (!a)
            return MB_ENOMEM;
        *a = p->allocation_factors[k];
        a->product_id = intern(db, a->product_id, &ok);
        a->exchange_flow_id = intern(db, a->exchange_flow_id, &ok);
        a->formula = intern(db, a->formula, &ok);
        db->nallocs++;
    }
    db->nprocesses++;
    return ok ? 0 : MB_ENOMEM;
}

static int add_impact_category(void *ctx, const mb_lci_impact_category *c)
{
    mb_lcidb *db = ctx;
    db_category *dc;
    size_t k;
    int rc, ok = 1;

    if ((rc = index_add(&db->category_index, c->id, db->ncategories)) != 0)
        return rc < 0 ? rc
                      : mb_error_set(MB_EINVAL,
                                     "impact category %s ('%s') is there "
                                     "twice",
                                     c->id, c->name ? c->name : "");
    if (!(dc = PUSH(db, categories)))
        return MB_ENOMEM;
    dc->rec = *c;
    dc->rec.id = intern(db, c->id, &ok);
    dc->rec.name = intern(db, c->name ? c->name : "", &ok);
    dc->rec.reference_unit = intern(db, c->reference_unit, &ok);
    dc->rec.factors = NULL;
    dc->factors.start = db->nfactors;
    dc->factors.n = c->nfactors;
    for (k = 0; k < c->nfactors; k++) {
        mb_lci_impact_factor *f = PUSH(db, factors);

        if (!f)
            return MB_ENOMEM;
        *f = c->factors[k];
        f->flow_id = intern(db, f->flow_id, &ok);
        f->property_id = intern(db, f->property_id, &ok);
        f->unit_id = intern(db, f->unit_id, &ok);
        f->unit_name = intern(db, f->unit_name, &ok);
        f->location_id = intern(db, f->location_id, &ok);
        f->formula = intern(db, f->formula, &ok);
        f->flow_name = intern(db, f->flow_name, &ok);
        f->flow_category = intern(db, f->flow_category, &ok);
        db->nfactors++;
    }
    db->ncategories++;
    return ok ? 0 : MB_ENOMEM;
}

static int add_impact_method(void *ctx, const mb_lci_impact_method *m)
{
    mb_lcidb *db = ctx;
    db_method *dm = PUSH(db, methods);
    size_t k;
    int ok = 1;

    if (!dm)
        return MB_ENOMEM;
    dm->id = intern(db, m->id, &ok);
    dm->name = intern(db, m->name ? m->name : "", &ok);
    dm->cats.start = db->nmethod_cats;
    dm->cats.n = m->ncategories;
    db->nmethods++;
    for (k = 0; k < m->ncategories; k++) {
        const char **c = PUSH(db, method_cats);

        if (!c)
            return MB_ENOMEM;
        *c = intern(db, m->category_ids[k], &ok);
        db->nmethod_cats++;
    }
    return ok ? 0 : MB_ENOMEM;
}

static int add_flow_map(void *ctx, const mb_lci_flow_map *m)
{
    mb_lcidb *db = ctx;
    mb_lci_flow_map *dm = PUSH(db, maps);
    int ok = 1;

    if (!dm)
        return MB_ENOMEM;
    *dm = *m;
    dm->source_id = intern(db, m->source_id, &ok);
    dm->source_name = intern(db, m->source_name, &ok);
    dm->source_category = intern(db, m->source_category, &ok);
    dm->target_id = intern(db, m->target_id, &ok);
    dm->target_name = intern(db, m->target_name, &ok);
    dm->target_category = intern(db, m->target_category, &ok);
    dm->source_unit = intern(db, m->source_unit, &ok);
    dm->target_unit = intern(db, m->target_unit, &ok);
    db->nmaps++;
    return ok ? 0 : MB_ENOMEM;
}

int mb_lcidb_new(mb_lcidb **out)
{
    mb_lcidb *db = mb_calloc(1, sizeof *db);

    *out = NULL;
    if (!db)
        return MB_ENOMEM;
    if (mb_strmap_init(&db->strings, 4096) < 0 ||
        mb_strmap_init(&db->unit_index, 256) < 0 ||
        mb_strmap_init(&db->group_index, 64) < 0 ||
        mb_strmap_init(&db->property_index, 64) < 0 ||
        mb_strmap_init(&db->flow_index, 4096) < 0 ||
        mb_strmap_init(&db->process_index, 1024) < 0 ||
        mb_strmap_init(&db->category_index, 64) < 0) {
        mb_lcidb_free(db);
        return MB_ENOMEM;
    }
    db->sink.ctx = db;
    db->sink.unit_group = add_unit_group;
    db->sink.flow_property = add_flow_property;
    db->sink.flow = add_flow;
    db->sink.location = add_location;
    db->sink.global_parameter = add_global_parameter;
    db->sink.process = add_process;
    db->sink.impact_category = add_impact_category;
    db->sink.impact_method = add_impact_method;
    db->sink.flow_map = add_flow_map;
    *out = db;
    return 0;
}

const mb_lci_sink *mb_lcidb_sink(mb_lcidb *db)
{
    return &db->sink;
}

size_t mb_lcidb_process_count(const mb_lcidb *db)
{
    return db->nprocesses;
}

size_t mb_lcidb_flow_count(const mb_lcidb *db)
{
    return db->nflows;
}

void mb_lcidb_free(mb_lcidb *db)
{
    if (!db)
        return;
    mb_strmap_destroy(&db->strings);
    mb_strmap_destroy(&db->unit_index);
    mb_strmap_destroy(&db->group_index);
    mb_strmap_destroy(&db->property_index);
    mb_strmap_destroy(&db->flow_index);
    mb_strmap_destroy(&db->process_index);
    mb_strmap_destroy(&db->category_index);
    mb_free(db->units);
    mb_free(db->groups);
    mb_free(db->properties);
    mb_free(db->locations);
    mb_free(db->flows);
    mb_free(db->props);
    mb_free(db->globals);
    mb_free(db->processes);
    mb_free(db->exchanges);
    mb_free(db->params);
    mb_free(db->allocs);
    mb_free(db->categories);
    mb_free(db->factors);
    mb_free(db->methods);
    mb_free(db->method_cats);
    mb_free(db->maps);
    mb_free(db);
}
