/*
 * characterize.c - LCIA factors matched to the elementary flows of a
 * compiled system, one vector per impact category (the diagonal of
 * Brightway's C; openLCA's characterization matrix row).
 *
 * A factor reaches a flow of the data in this order:
 *  1. by the flow's id, its value converted from the factor's unit (and
 *     flow property) to the flow's reference unit: value / factor(unit);
 *  2. through a flow mapping (source flow of the data -> target flow of the
 *     method, 1 source unit = k target units): value / factor(unit) * k;
 *     a mapping row without a source id names its source flows by name
 *     and category, as in 3 (nomenclatures without ids, such as SimaPro's);
 *  3. only when asked, by name (case-insensitive) and category (equal, or
 *     one the tail of the other), for factors whose data names the flow.
 * A factor with a location is regionalized: a calculation without regions
 * (this one) uses the factors without location, as openLCA does. The same
 * factor applies to both directions of a flow: B holds amounts positive
 * whichever way they go (see compile.c), so a positive factor gives a
 * positive score for emissions and extractions alike.
 *
 * With distributions asked for, each value of a method gets the
 * distribution of the one factor it comes from, carried by the same unit
 * factor (entry_uncertainty.c), none when several factors add up there.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/lcidb_internal.h"

typedef struct matcher {
    const mb_lcidb *db;
    const int64_t *flow_rows;
    mb_compile_report *r;
    int by_name;
    mb_strmap map_head; /* target flow id -> first flow map */
    int64_t *map_next;
    mb_strmap name_head; /* lower-case flow name -> first flow */
    int64_t *name_next;
    int64_t *mapped_by; /* per flow: the last factor mapped onto it */
    mb_strmap unit_by_name; /* "group|unit name" -> unit */
    /* with distributions: the current method's, how many factors reach
     * each of its values, the factor being applied, what was invalid */
    int uncertainty;
    mb_lci_uncertainty *cu;
    unsigned char *reached;
    const db_category *cat;
    size_t factor; /* index into db->factors */
    mb_dist_issues bad;
    size_t capacity; /* of sys->methods */
} matcher;

static char *lower(const char *s)
{
    char *t = mb_strdup(s), *p;

    for (p = t; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return t;
}

/* Chain records sharing a key: head[key] -> k -> next[k] -> ... -> -1. */
static int chain(mb_strmap *head, int64_t *next, const char *key, size_t k)
{
    int64_t first;

    if (!key)
        return 0;
    next[k] = mb_strmap_get(head, key, &first) ? first : -1;
    return mb_strmap_set(head, key, (int64_t)k);
}

/* (unit group, unit name) as one key; 0 when the name is too long. */
static int unit_key(char *key, size_t size, size_t group, const char *name)
{
    int n = snprintf(key, size, "%zu|%s", group, name ? name : "");

    return n > 0 && (size_t)n < size;
}

/* Whether flows must be found by name: asked, or mapping rows by name. */
static int needs_names(const matcher *m)
{
    size_t k;

    for (k = 0; !m->by_name && k < m->db->nmaps; k++)
        if (!m->db->maps[k].source_id)
            return 1;
    return m->by_name;
}

static int matcher_init(matcher *m)
{
    const mb_lcidb *db = m->db;
    int names = needs_names(m);
    size_t k;
    int rc;

    m->map_next = mb_alloc_array(db->nmaps + 1, sizeof *m->map_next);
    m->name_next = mb_alloc_array(db->nflows + 1, sizeof *m->name_next);
    m->mapped_by = mb_alloc_array(db->nflows + 1, sizeof *m->mapped_by);
    if (!m->map_next || !m->name_next || !m->mapped_by ||
        mb_strmap_init(&m->map_head, db->nmaps) < 0 ||
        mb_strmap_init(&m->name_head, names ? db->nflows : 1) < 0)
        return MB_ENOMEM;
    for (k = 0; k < db->nflows; k++)
        m->mapped_by[k] = -1;
    for (k = 0; k < db->nmaps; k++)
        if ((rc = chain(&m->map_head, m->map_next, db->maps[k].target_id,
                        k)) < 0)
            return rc;
    if (mb_strmap_init(&m->unit_by_name, db->nunits) < 0)
        return MB_ENOMEM;
    for (k = db->nunits; k-- > 0;) { /* backwards: the first one stays */
        char key[512];

        if (unit_key(key, sizeof key, db->units[k].group, db->units[k].name) &&
            (rc = mb_strmap_set(&m->unit_by_name, key, (int64_t)k)) < 0)
            return rc;
    }
    for (k = 0; names && k < db->nflows; k++) {
        char *name;

        if (db->flows[k].rec.type != MB_FLOW_ELEMENTARY)
            continue;
        if (!(name = lower(db->flows[k].rec.name)))
            return MB_ENOMEM;
        rc = chain(&m->name_head, m->name_next, name, k);
        mb_free(name);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void matcher_destroy(matcher *m)
{
    mb_free(m->cu);
    mb_free(m->reached);
    mb_dist_issues_destroy(&m->bad);
    mb_strmap_destroy(&m->unit_by_name);
    mb_strmap_destroy(&m->map_head);
    mb_strmap_destroy(&m->name_head);
    mb_free(m->map_next);
    mb_free(m->name_next);
    mb_free(m->mapped_by);
}

/*
 * The distribution of the current factor, carried by k (cf per unit of
 * the factor's value), at row `row`; none where several factors add up.
 */
static int put_dist(matcher *m, int64_t row, int64_t f, double k)
{
    const mb_lci_impact_factor *x = &m->db->factors[m->factor];
    int rc;

    if ((rc = mb_dist_issue(&m->bad,
                            (int64_t)(m->db->nexchanges + m->factor),
                            &x->uncertainty,
                            "impact category '%s': factor of flow '%s'",
                            m->cat->rec.name, m->db->flows[f].rec.name)) < 0)
        return rc;
    if (m->reached[row] < 2)
        m->reached[row]++;
    if (m->reached[row] == 1)
        mb_lci_uncertainty_scale(&x->uncertainty, k, &m->cu[row]);
    else
        memset(&m->cu[row], 0, sizeof m->cu[row]);
    return 0;
}

/* Add cf (k times the current factor's value) to both directions of f. */
static int put(matcher *m, double *v, int64_t f, double cf, double k)
{
    int64_t out = m->flow_rows[2 * f], in = m->flow_rows[2 * f + 1];
    int rc;

    if (out >= 0) {
        v[out] += cf;
        if (m->uncertainty && (rc = put_dist(m, out, f, k)) < 0)
            return rc;
    }
    if (in >= 0) {
        v[in] += cf;
        if (m->uncertainty && (rc = put_dist(m, in, f, k)) < 0)
            return rc;
    }
    return 0;
}

/* A factor's unit: by id, else by name within the property's group. */
static const char *unit_id_of(const matcher *m, const db_flow *flow,
                              const mb_lci_impact_factor *f)
{
    const mb_lcidb *db = m->db;
    const char *prop = f->property_id;
    char key[512];
    int64_t p, g, u;

    if (f->unit_id || !f->unit_name)
        return f->unit_id;
    if (!prop && flow && flow->ref_prop >= 0)
        prop = db->props[flow->ref_prop].property_id;
    p = mb_lcidb_find(&db->property_index, prop);
    g = p < 0 ? -1
              : mb_lcidb_find(&db->group_index,
                              db->properties[p].unit_group_id);
    if (g < 0 || !unit_key(key, sizeof key, (size_t)g, f->unit_name) ||
        !mb_strmap_get(&m->unit_by_name, key, &u))
        return NULL;
    return db->units[u].id;
}

/* Categories agree when equal or when one ends the other ("air"). */
static int same_category(const char *a, const char *b)
{
    size_t la, lb;

    if (!a || !b)
        return 1;
    la = strlen(a);
    lb = strlen(b);
    if (la < lb) {
        const char *t = a;

        a = b;
        b = t;
        la = lb;
        lb = strlen(b);
    }
    return strcasecmp(a + la - lb, b) == 0 &&
           (la == lb || a[la - lb - 1] == '/');
}

/*
 * The first elementary flow named `name` (any case) into *k, -1 when none;
 * name_next[*k] leads to the others. 0, or MB_ENOMEM.
 */
static int first_named(const matcher *m, const char *name, int64_t *k)
{
    char *key = name ? lower(name) : NULL;

    *k = -1;
    if (name && !key)
        return MB_ENOMEM;
    if (key && !mb_strmap_get(&m->name_head, key, k))
        *k = -1;
    mb_free(key);
    return 0;
}

static int match_by_name(matcher *m, const mb_lci_impact_factor *f,
                         double *v)
{
    int64_t u = mb_lcidb_find(&m->db->unit_index, f->unit_id), k;
    double fu = u >= 0 ? m->db->units[u].factor : 1.0;
    int found = 0, rc;

    if ((rc = first_named(m, f->flow_name, &k)) < 0)
        return rc;
    for (; k >= 0; k = m->name_next[k]) {
        const db_flow *fl = &m->db->flows[k];

        if (!same_category(fl->rec.category, f->flow_category))
            continue;
        if ((rc = put(m, v, k, f->value / fu, 1 / fu)) < 0)
            return rc;
        found = 1;
    }
    return found;
}

/* The unit group of a property, or -1. */
static int64_t property_group(const mb_lcidb *db, const char *property_id)
{
    int64_t p = mb_lcidb_find(&db->property_index, property_id);

    return p < 0 ? -1
                 : mb_lcidb_find(&db->group_index,
                                 db->properties[p].unit_group_id);
}

/* The size of unit `name` of group g in the group's reference unit. */
static int unit_size(const matcher *m, int64_t g, const char *name,
                     double *size)
{
    char key[512];
    int64_t u;

    if (g < 0 || !unit_key(key, sizeof key, (size_t)g, name) ||
        !mb_strmap_get(&m->unit_by_name, key, &u))
        return 0;
    *size = m->db->units[u].factor;
    return 1;
}

/*
 * A factor of a method's flow, reached through a mapping row from a flow
 * of the data, per reference unit of that flow. With fu the size of the
 * factor's unit, ft of the row's target unit (both in the factor's unit
 * group) and fs of the row's source unit (in the source flow's group):
 * 1 reference unit of the source is 1/fs source units = k ft / fs target
 * reference units, so the factor is value / fu * k * ft / fs. A row whose
 * units are not units of those groups is not used (0); a group the
 * project does not know (a method's flows without their units) is not
 * checked.
 */
static int mapped_factor(const matcher *m, const mb_lci_impact_factor *f,
                         const mb_lci_flow_map *map, const db_flow *source,
                         double *out, double *k)
{
    const mb_lcidb *db = m->db;
    int64_t u = mb_lcidb_find(&db->unit_index, f->unit_id);
    int64_t tg = u >= 0 ? (int64_t)db->units[u].group
                        : property_group(db, f->property_id);
    double fu = u >= 0 ? db->units[u].factor : 1.0, ft = 1.0, fs = 1.0;
    int64_t sg = source->ref_prop < 0
                     ? -1
                     : property_group(db,
                                      db->props[source->ref_prop].property_id);

    /* a unit group the project does not have cannot be checked: the row's
     * unit is taken to be the factor's (target) or the flow's (source) */
    if (map->target_unit && tg >= 0 &&
        !unit_size(m, tg, map->target_unit, &ft))
        return 0;
    if (map->source_unit && sg >= 0 &&
        !unit_size(m, sg, map->source_unit, &fs))
        return 0;
    *out = f->value / fu * map->factor * ft / fs;
    *k = map->factor * ft / (fu * fs);
    return 1;
}

static int apply_factor(matcher *m, const db_category *c, size_t j,
                        double *v)
{
    const mb_lcidb *db = m->db;
    const mb_lci_impact_factor *f = &db->factors[c->factors.start + j];
    int64_t fi = mb_lcidb_find(&db->flow_index, f->flow_id), k;
    double uf;
    int found = 0, rc;

    m->cat = c;
    m->factor = c->factors.start + j;
    if (fi >= 0) {
        const db_flow *fl = &db->flows[fi];
        const char *unit = unit_id_of(m, fl, f);

        if (!unit && f->unit_name)
            return mb_error_set(MB_EFORMAT,
                                "impact category '%s': factor %zu: unit "
                                "'%s' is not a unit of the flow property of "
                                "flow '%s'",
                                c->rec.name, j + 1, f->unit_name,
                                fl->rec.name);
        if (mb_lcidb_unit_factor(db, fl, f->property_id, unit, &uf) < 0)
            return mb_error_prefix("impact category '%s': factor %zu",
                                   c->rec.name, j + 1);
        if ((rc = put(m, v, fi, f->value / uf, 1 / uf)) < 0)
            return rc;
        m->r->factors_by_id++;
        return 0;
    }
    if (!mb_strmap_get(&m->map_head, f->flow_id, &k))
        k = -1;
    for (; k >= 0; k = m->map_next[k]) {
        const mb_lci_flow_map *map = &db->maps[k];
        int64_t src = mb_lcidb_find(&db->flow_index, map->source_id);

        if (!map->source_id &&
            (rc = first_named(m, map->source_name, &src)) < 0)
            return rc;
        /* by id one source; by name every flow of that name and category */
        for (; src >= 0; src = map->source_id ? -1 : m->name_next[src]) {
            double per_unit, k_unit;

            if (!map->source_id &&
                !same_category(db->flows[src].rec.category,
                               map->source_category))
                continue;
            /* a factor reaches a flow once, however many rows lead there
             * (rows by name for several contexts of one flow) */
            if (m->mapped_by[src] == (int64_t)(c->factors.start + j))
                continue;
            m->mapped_by[src] = (int64_t)(c->factors.start + j);
            if (!mapped_factor(m, f, map, &db->flows[src], &per_unit,
                               &k_unit)) {
                m->r->mappings_skipped++;
                continue;
            }
            if ((rc = put(m, v, src, per_unit, k_unit)) < 0)
                return rc;
            found = 1;
        }
    }
    if (found) {
        m->r->factors_by_mapping++;
        return 0;
    }
    if (m->by_name && f->flow_name) {
        if ((rc = match_by_name(m, f, v)) < 0)
            return rc;
        if (rc > 0) {
            m->r->factors_by_name++;
            return 0;
        }
    }
    m->r->factors_unmatched++;
    return 0;
}

/* The vector of category c into v (nflows long, zeroed). */
static int characterize_category(matcher *m, const db_category *c,
                                 double *v)
{
    size_t j;
    int rc;

    for (j = 0; j < c->factors.n; j++) {
        if (m->db->factors[c->factors.start + j].location_id)
            continue; /* regionalized */
        if ((rc = apply_factor(m, c, j, v)) < 0)
            return rc;
    }
    return 0;
}

/*
 * The distributions of the method just made (sys->nmethods - 1), when it
 * has any, go to sys->C_uncertainty (made as long as sys->methods can
 * grow); the matcher starts a new array for the next method.
 */
static int keep_dists(matcher *m, mb_system *sys, size_t capacity)
{
    int64_t k;

    for (k = 0; k < sys->nflows && m->cu[k].type == MB_DIST_NONE; k++)
        ;
    if (k == sys->nflows)
        return 0;
    if (!sys->C_uncertainty &&
        !(sys->C_uncertainty = mb_calloc(capacity + 1,
                                         sizeof *sys->C_uncertainty)))
        return MB_ENOMEM;
    sys->C_uncertainty[sys->nmethods - 1] = m->cu;
    m->cu = NULL;
    return 0;
}

/* One method vector: "method/category" (or the category alone). */
static int add_method(matcher *m, mb_system *sys, const char *method,
                      size_t cat)
{
    const db_category *c = &m->db->categories[cat];
    mb_flow_vector *vec = &sys->methods[sys->nmethods];
    int rc;

    vec->name = method ? mb_sprintf("%s/%s", method, c->rec.name)
                       : mb_strdup(c->rec.name);
    vec->values = mb_calloc((size_t)sys->nflows + 1, sizeof(double));
    sys->labels->method_units[sys->nmethods] =
        mb_strdup(c->rec.reference_unit ? c->rec.reference_unit : "");
    sys->nmethods++;
    if (!vec->name || !vec->values ||
        !sys->labels->method_units[sys->nmethods - 1])
        return MB_ENOMEM;
    if (m->uncertainty) {
        size_t n = (size_t)sys->nflows + 1;

        if (!m->cu && !(m->cu = mb_calloc(n, sizeof *m->cu)))
            return MB_ENOMEM;
        memset(m->reached, 0, n);
    }
    if ((rc = characterize_category(m, c, vec->values)) < 0)
        return rc;
    return m->uncertainty ? keep_dists(m, sys, m->capacity) : 0;
}

int mb_lcidb_characterize(const mb_lcidb *db, const int64_t *flow_rows,
                          mb_system *sys, mb_compile_report *report,
                          int match_by_name, int uncertainty)
{
    matcher m;
    size_t *in_method = mb_calloc(db->ncategories + 1, sizeof *in_method);
    size_t total = db->nmethod_cats + db->ncategories, k, j;
    int rc = 0;

    memset(&m, 0, sizeof m);
    m.db = db;
    m.flow_rows = flow_rows;
    m.r = report;
    m.by_name = match_by_name;
    m.uncertainty = uncertainty;
    m.capacity = total;
    sys->methods = mb_calloc(total + 1, sizeof *sys->methods);
    sys->labels->method_units = mb_calloc(total + 1, sizeof(char *));
    if (uncertainty &&
        !(m.reached = mb_calloc((size_t)sys->nflows + 1, 1))) {
        rc = MB_ENOMEM;
        goto out;
    }
    if (!in_method || !sys->methods || !sys->labels->method_units ||
        (rc = matcher_init(&m)) < 0) {
        rc = MB_ENOMEM;
        goto out;
    }
    for (k = 0; k < db->nmethods; k++) {
        const db_method *dm = &db->methods[k];

        for (j = 0; j < dm->cats.n; j++) {
            int64_t cat = mb_lcidb_find(&db->category_index,
                                        db->method_cats[dm->cats.start + j]);

            if (cat < 0 || in_method[cat] == k + 1)
                continue; /* unknown (the store checks, a partial database
                           * may not), or listed twice by this method */
            in_method[cat] = k + 1;
            if ((rc = add_method(&m, sys, dm->name, (size_t)cat)) < 0)
                goto out;
        }
    }
    for (k = 0; k < db->ncategories; k++)
        if (!in_method[k] && (rc = add_method(&m, sys, NULL, k)) < 0)
            goto out;
out:
    if (rc == 0)
        mb_dist_issues_move(&m.bad, sys);
    matcher_destroy(&m);
    mb_free(in_method);
    return rc;
}
