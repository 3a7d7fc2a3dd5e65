/*
 * simapro_method.c - a Method block of a SimaPro CSV export as impact
 * categories and one impact method (lci.h).
 *
 * A method (SimaPro database manual, Methods library, ch. 1 "Structure of
 * methods in SimaPro") has impact categories with characterization
 * factors per substance ("Substances": compartment; subcompartment; name;
 * CAS; factor; unit), damage categories that add impact categories up
 * with damage factors ("Impact categories": category; factor), and
 * normalization-weighting sets ("Normalization" and "Weighting": category;
 * factor). metabol has impact categories only, so:
 *
 *  - each impact category is one, with its factors;
 *  - each damage category, when the method uses damage assessment, is
 *    one more, whose factor for a flow is
 *    sum_i d_i * c_i(flow) over its impact categories i: the damage score
 *    is then sum_i d_i * score_i, as SimaPro computes it;
 *  - each normalization-weighting set, when the method uses weighting,
 *    is one more, its single score: sum_k n_k * w_k * c_k(flow) over the
 *    categories k it weights (damage categories when the method uses
 *    damage assessment), n_k the normalization factor (which multiplies
 *    in SimaPro; 1 when the method does not normalize; a category it does
 *    not normalize is left out) and w_k the weight.
 *
 * SimaPro uses a compartment's "(unspecified)" factor for a substance in
 * any subcompartment the category gives no factor of its own. metabol
 * matches factors by flow id, so such a factor is written once for
 * "(unspecified)" and once more for each SimaPro subcompartment (and each
 * one the file uses) that the category does not name. The whole method is
 * kept in memory until its "End".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "formats/simapro.h"

#define SP_METHOD_PREFIX "simapro-method:"

enum { M_SKIP, M_VALUE, M_IMPACT, M_SUBSTANCES, M_DAMAGE,
       M_DAMAGE_ROWS, M_SET, M_NORMALIZATION, M_WEIGHTING };

static const sp_section msections[] = {
    {"Impact category", M_IMPACT, NULL, SP_ONE_ROW},
    {"Substances", M_SUBSTANCES, NULL, 0},
    {"Damage category", M_DAMAGE, NULL, SP_ONE_ROW},
    {"Impact categories", M_DAMAGE_ROWS, NULL, 0},
    {"Normalization-Weighting set", M_SET, NULL, SP_ONE_ROW},
    {"Normalization", M_NORMALIZATION, NULL, 0},
    {"Weighting", M_WEIGHTING, NULL, 0},
    {"Name", M_VALUE, NULL, SP_ONE_VALUE},
    {"Version", M_VALUE, NULL, SP_ONE_VALUE},
    {"Comment", M_VALUE, NULL, SP_ONE_VALUE},
    {"Category", M_VALUE, NULL, SP_ONE_VALUE},
    {"Use Damage Assessment", M_VALUE, NULL, SP_ONE_VALUE},
    {"Use Normalization", M_VALUE, NULL, SP_ONE_VALUE},
    {"Use Weighting", M_VALUE, NULL, SP_ONE_VALUE},
    {"Use Addition", M_VALUE, NULL, SP_ONE_VALUE},
    {"Weighting unit", M_VALUE, NULL, SP_ONE_VALUE},
    {NULL, M_SKIP, NULL, 0}};

typedef struct mfactor {
    const char *compartment, *sub, *name, *unit;
    double value;
} mfactor;

/* An impact or damage category, or a set: a name and a range of rows. */
typedef struct mgroup {
    const char *name, *unit;
    size_t first, n, line;
} mgroup;

/* A row naming a category: a damage factor, a normalization or weight. */
typedef struct mref {
    const char *category;
    double value;
    size_t line;
    int weighting; /* of a set: 0 normalization, 1 weighting */
} mref;

/* One factor of a category being made. */
typedef struct cfactor {
    const char *flow_id, *unit_id, *property_id;
    double value;
} cfactor;

typedef struct method {
    sp_reader *r;
    size_t start;
    const char *name, *weighting_unit;
    int use_damage, use_normalization, use_weighting; /* -1: not said */
    sp_vec factors;   /* mfactor */
    sp_vec impacts;   /* mgroup over factors */
    sp_vec damages;   /* mgroup over damage_rows */
    sp_vec damage_rows; /* mref */
    sp_vec sets;      /* mgroup over set_rows */
    sp_vec set_rows;  /* mref */
    sp_vec ids;       /* const char *: the method's categories */
} method;

/* A sum of factors by (flow, unit). */
typedef struct acc {
    mb_strmap index;
    sp_vec items; /* cfactor */
} acc;

static int acc_init(acc *a)
{
    memset(a, 0, sizeof *a);
    a->items.size = sizeof(cfactor);
    return mb_strmap_init(&a->index, 256) < 0 ? mb_error_oom() : 0;
}

static void acc_destroy(acc *a)
{
    mb_strmap_destroy(&a->index);
    sp_vec_free(&a->items);
}

static int acc_add(sp_reader *r, acc *a, const cfactor *f, double times)
{
    const char *key = sp_keepf(r, "%s\x1f%s", f->flow_id, f->unit_id);
    cfactor *c;
    int64_t k;
    int rc;

    if (!key)
        return MB_ENOMEM;
    if ((rc = mb_strmap_add(&a->index, key, (int64_t)a->items.n, NULL)) < 0)
        return mb_error_oom();
    if (rc == 1 && mb_strmap_get(&a->index, key, &k)) {
        SP_AT(a->items, cfactor, k)->value += times * f->value;
        return 0;
    }
    if (!(c = sp_vec_push(&a->items)))
        return MB_ENOMEM;
    *c = *f;
    c->value *= times;
    return 0;
}

/* One factor of a substance in a subcompartment, per unit of unit_id. */
static int put_factor(sp_reader *r, acc *a, const mfactor *f,
                      const char *sub, double times)
{
    cfactor c;
    sp_unit u;
    int rc;

    if ((rc = sp_unit_of(r, f->unit, &u)) < 0 ||
        !(c.flow_id = sp_elementary_id(r, f->compartment, sub, f->name)))
        return rc < 0 ? rc : MB_ENOMEM;
    c.unit_id = u.unit_id;
    c.property_id = u.property_id;
    c.value = f->value / u.factor;
    return acc_add(r, a, &c, times);
}

/* An impact category's factors, "(unspecified)" ones spread to the
 * subcompartments it does not name, times `times`, into a. */
static int impact_factors(method *m, const mgroup *g, double times, acc *a)
{
    sp_reader *r = m->r;
    mb_strmap named;
    sp_vec subs = {0};
    size_t k, j;
    int rc = 0;

    if (mb_strmap_init(&named, g->n) < 0)
        return mb_error_oom();
    for (k = 0; rc == 0 && k < g->n; k++) {
        const mfactor *f = SP_AT(m->factors, mfactor, g->first + k);
        const char *key = sp_keepf(r, "%s|%s|%s", f->compartment, f->sub,
                                   f->name);

        rc = !key ? MB_ENOMEM
             : mb_strmap_add(&named, key, 0, NULL) < 0 ? mb_error_oom()
                                                       : 0;
    }
    for (k = 0; rc == 0 && k < g->n; k++) {
        const mfactor *f = SP_AT(m->factors, mfactor, g->first + k);

        if ((rc = put_factor(r, a, f, f->sub, times)) < 0)
            break;
        if (strcmp(f->sub, "(unspecified)") != 0)
            continue;
        subs.n = 0;
        if ((rc = sp_subcompartments(r, f->compartment, &subs)) < 0)
            break;
        for (j = 0; rc == 0 && j < subs.n; j++) {
            const char *sub = *SP_AT(subs, const char *, j);
            const char *key = sp_keepf(r, "%s|%s|%s", f->compartment, sub,
                                       f->name);

            if (!key)
                rc = MB_ENOMEM;
            else if (!mb_strmap_get(&named, key, NULL))
                rc = put_factor(r, a, f, sub, times);
        }
    }
    sp_vec_free(&subs);
    mb_strmap_destroy(&named);
    return rc;
}

/* The index of the group named `name` in v, or -1. */
static int64_t group_named(const sp_vec *v, const char *name)
{
    size_t k;

    for (k = 0; k < v->n; k++)
        if (!strcmp(SP_AT(*v, mgroup, k)->name, name))
            return (int64_t)k;
    for (k = 0; k < v->n; k++)
        if (!strcasecmp(SP_AT(*v, mgroup, k)->name, name))
            return (int64_t)k;
    return -1;
}

/* A damage category's factors times `times` into a. */
static int damage_factors(method *m, const mgroup *d, double times, acc *a)
{
    size_t k;
    int rc;

    for (k = 0; k < d->n; k++) {
        const mref *w = SP_AT(m->damage_rows, mref, d->first + k);
        int64_t i = group_named(&m->impacts, w->category);

        if (i < 0) {
            m->r->in.record_line = w->line;
            return sp_fail(m->r, "damage category '%.200s': no impact "
                                 "category '%.200s' in the method; expected "
                                 "one of its impact categories",
                           d->name, w->category);
        }
        if ((rc = impact_factors(m, SP_AT(m->impacts, mgroup, i),
                                 times * w->value, a)) < 0)
            return rc;
    }
    return 0;
}

/* A set's single score: its weighted categories' factors into a. */
static int set_factors(method *m, const mgroup *s, acc *a)
{
    int damage = m->use_damage != 0 && m->damages.n > 0;
    int normalize = m->use_normalization, rc;
    size_t k, j;

    for (k = 0; normalize < 0 && k < s->n; k++)
        if (!SP_AT(m->set_rows, mref, s->first + k)->weighting)
            normalize = 1; /* not said: when the set has factors */
    normalize = normalize > 0;

    for (k = 0; k < s->n; k++) {
        const mref *w = SP_AT(m->set_rows, mref, s->first + k);
        double n = normalize ? 0 : 1;
        int64_t c;

        if (!w->weighting)
            continue;
        for (j = 0; normalize && j < s->n; j++) {
            const mref *x = SP_AT(m->set_rows, mref, s->first + j);

            if (!x->weighting && !strcasecmp(x->category, w->category))
                n = x->value;
        }
        if (n == 0 || w->value == 0)
            continue;
        if (damage && (c = group_named(&m->damages, w->category)) >= 0)
            rc = damage_factors(m, SP_AT(m->damages, mgroup, c),
                                n * w->value, a);
        else if ((c = group_named(&m->impacts, w->category)) >= 0)
            rc = impact_factors(m, SP_AT(m->impacts, mgroup, c),
                                n * w->value, a);
        else {
            m->r->in.record_line = w->line;
            return sp_fail(m->r, "weighting set '%.200s': no %scategory "
                                 "'%.200s' in the method; expected one of "
                                 "its categories",
                           s->name, damage ? "damage or impact " : "impact ",
                           w->category);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Hand a category over: id prefix, name, unit and factors. */
static int emit_category(method *m, const char *prefix, const char *name,
                         const char *unit, const acc *a)
{
    sp_reader *r = m->r;
    mb_lci_impact_factor *f;
    mb_lci_impact_category c;
    const char **id;
    size_t k;
    int rc;

    f = mb_calloc(a->items.n + 1, sizeof *f);
    if (!f || !(id = sp_vec_push(&m->ids)) ||
        !(*id = sp_keepf(r, "%s:%s/%s", prefix, m->name, name))) {
        mb_free(f);
        return mb_error_oom();
    }
    for (k = 0; k < a->items.n; k++) {
        const cfactor *x = SP_AT(a->items, cfactor, k);

        f[k].flow_id = x->flow_id;
        f[k].unit_id = x->unit_id;
        f[k].property_id = x->property_id;
        f[k].value = x->value;
    }
    memset(&c, 0, sizeof c);
    c.id = *id;
    c.name = name;
    c.reference_unit = unit && *unit ? unit : NULL;
    c.nfactors = a->items.n;
    c.factors = f;
    r->stats->impact_categories++;
    r->stats->factors += a->items.n;
    rc = r->sink->impact_category ? r->sink->impact_category(r->sink->ctx, &c)
                                  : 0;
    mb_free(f);
    return rc;
}

/* The categories and the method, at the method's "End". */
static int emit(method *m)
{
    sp_reader *r = m->r;
    mb_lci_impact_method rec;
    size_t k;
    int rc = 0;

    for (k = 0; rc == 0 && k < m->impacts.n + m->damages.n + m->sets.n;
         k++) {
        int kind = k < m->impacts.n                  ? 0
                   : k < m->impacts.n + m->damages.n ? 1
                                                     : 2;
        const mgroup *g =
            kind == 0   ? SP_AT(m->impacts, mgroup, k)
            : kind == 1 ? SP_AT(m->damages, mgroup, k - m->impacts.n)
                        : SP_AT(m->sets, mgroup,
                                k - m->impacts.n - m->damages.n);
        const char *name = g->name;
        acc a;

        if ((kind == 1 && m->use_damage == 0) ||
            (kind == 2 && m->use_weighting == 0))
            continue; /* the method says it does not use them */
        if (kind == 1 && group_named(&m->impacts, name) >= 0 &&
            !(name = sp_keepf(r, "%s (damage)", name)))
            return MB_ENOMEM;
        if (kind == 2 && !(name = sp_keepf(r, "Single score (%s)", name)))
            return MB_ENOMEM;
        if ((rc = acc_init(&a)) < 0)
            return rc;
        rc = kind == 0   ? impact_factors(m, g, 1, &a)
             : kind == 1 ? damage_factors(m, g, 1, &a)
                         : set_factors(m, g, &a);
        if (rc == 0)
            rc = emit_category(m, kind == 0   ? "simapro-impact"
                                  : kind == 1 ? "simapro-damage"
                                              : "simapro-single-score",
                               name,
                               kind == 2 ? (m->weighting_unit
                                                ? m->weighting_unit
                                                : "Pt")
                                         : g->unit,
                               &a);
        acc_destroy(&a);
    }
    if (rc < 0)
        return rc;
    memset(&rec, 0, sizeof rec);
    if (!(rec.id = sp_keepf(r, SP_METHOD_PREFIX "%s", m->name)))
        return MB_ENOMEM;
    rec.name = m->name;
    rec.ncategories = m->ids.n;
    rec.category_ids = m->ids.items;
    r->stats->methods++;
    r->records++;
    return r->sink->impact_method ? r->sink->impact_method(r->sink->ctx, &rec)
                                  : 0;
}

/* ---- rows ----------------------------------------------------------- */

static int yes_no(const char *s)
{
    return !strcasecmp(s, "Yes") ? 1 : !strcasecmp(s, "No") ? 0 : -1;
}

static int value_row(method *m, const char *section)
{
    const char *v = sp_field(&m->r->in, 0);

    if (!strcmp(section, "Name") && !m->name)
        return (m->name = sp_keep(m->r, v)) ? 0 : MB_ENOMEM;
    if (!strcmp(section, "Weighting unit") && !m->weighting_unit)
        return (m->weighting_unit = sp_keep(m->r, v)) ? 0 : MB_ENOMEM;
    if (!strcmp(section, "Use Damage Assessment"))
        m->use_damage = yes_no(v);
    else if (!strcmp(section, "Use Normalization"))
        m->use_normalization = yes_no(v);
    else if (!strcmp(section, "Use Weighting"))
        m->use_weighting = yes_no(v);
    return 0;
}

/* The header row of a category or set: a new group. */
static int group_row(method *m, sp_vec *v, const sp_vec *rows,
                     const char *what)
{
    sp_reader *r = m->r;
    const char *name = sp_field(&r->in, 0);
    mgroup *g;
    size_t k;

    for (k = 0; k < v->n; k++)
        if (!strcmp(SP_AT(*v, mgroup, k)->name, name))
            return sp_fail(r, "%s '%.200s' appears twice in the method; "
                              "expected one of each name",
                           what, name);
    if (!(g = sp_vec_push(v)) || !(g->name = sp_keep(r, name)) ||
        !(g->unit = sp_keep(r, sp_field(&r->in, 1))))
        return MB_ENOMEM;
    g->first = rows->n;
    g->line = r->in.record_line;
    return 0;
}

static int substance_row(method *m)
{
    sp_reader *r = m->r;
    const char *comp = sp_field(&r->in, 0), *canon = sp_compartment(comp);
    const char *sub = sp_field(&r->in, 1), *id;
    mfactor *f;
    int rc;

    if (!m->impacts.n)
        return sp_fail(r, "'Substances' before any 'Impact category'; "
                          "expected the category first");
    if (!(f = sp_vec_push(&m->factors)))
        return MB_ENOMEM;
    if (!(f->compartment = sp_keep(r, canon ? canon : comp)) ||
        !(f->sub = sp_keep(r, *sub ? sub : "(unspecified)")) ||
        !(f->name = sp_keep(r, sp_field(&r->in, 2))) ||
        !(f->unit = sp_keep(r, sp_field(&r->in, 5))))
        return MB_ENOMEM;
    if (!*f->name || !*f->unit)
        return sp_fail(r, "a factor without a substance name or a unit; "
                          "expected compartment; subcompartment; name; CAS; "
                          "factor; unit");
    if ((rc = sp_real(r, 4, "factor", NAN, &f->value)) < 0)
        return rc;
    if (isnan(f->value))
        return sp_fail(r, "factor of '%.200s' is empty; expected a number",
                       f->name);
    SP_AT(m->impacts, mgroup, m->impacts.n - 1)->n++;
    return sp_elementary_flow(r, f->compartment, f->sub, f->name, f->unit,
                              &id);
}

/* A row of a damage category or of a set: category; factor. */
static int reference_row(method *m, sp_vec *groups, sp_vec *rows,
                         const char *what, int weighting)
{
    sp_reader *r = m->r;
    mref *x;
    int rc;

    if (!groups->n)
        return sp_fail(r, "'%s' rows before their %s; expected it first",
                       sp_field(&r->in, 0), what);
    if (!(x = sp_vec_push(rows)) ||
        !(x->category = sp_keep(r, sp_field(&r->in, 0))))
        return MB_ENOMEM;
    if ((rc = sp_real(r, 1, "factor", NAN, &x->value)) < 0)
        return rc;
    if (isnan(x->value))
        return sp_fail(r, "factor of '%.200s' is empty; expected a number",
                       x->category);
    x->line = r->in.record_line;
    x->weighting = weighting;
    SP_AT(*groups, mgroup, groups->n - 1)->n++;
    return 0;
}

static int row(void *ctx, const sp_section *s)
{
    method *m = ctx;

    switch (s->kind) {
    case M_VALUE:
        return value_row(m, s->name);
    case M_IMPACT:
        return group_row(m, &m->impacts, &m->factors, "impact category");
    case M_SUBSTANCES:
        return substance_row(m);
    case M_DAMAGE:
        return group_row(m, &m->damages, &m->damage_rows, "damage category");
    case M_DAMAGE_ROWS:
        return reference_row(m, &m->damages, &m->damage_rows,
                             "'Damage category'", 0);
    case M_SET:
        return group_row(m, &m->sets, &m->set_rows,
                         "normalization-weighting set");
    case M_NORMALIZATION:
    case M_WEIGHTING:
        return reference_row(m, &m->sets, &m->set_rows,
                             "'Normalization-Weighting set'",
                             s->kind == M_WEIGHTING);
    default:
        return 0;
    }
}

int sp_read_method(sp_reader *r)
{
    method m;
    int rc;

    memset(&m, 0, sizeof m);
    m.r = r;
    m.start = r->in.record_line;
    m.use_damage = m.use_normalization = m.use_weighting = -1;
    m.factors.size = sizeof(mfactor);
    m.impacts.size = m.damages.size = m.sets.size = sizeof(mgroup);
    m.damage_rows.size = m.set_rows.size = sizeof(mref);
    m.ids.size = sizeof(const char *);
    if ((rc = sp_block_reset(r)) == 0 &&
        (rc = sp_read_sections(r, "Method", m.start, msections, row, &m)) ==
            0) {
        if (!m.name || !*m.name)
            rc = sp_fail(r, "the Method block begun at line %zu has no "
                            "Name; expected one",
                         m.start);
        else
            rc = emit(&m);
    }
    sp_vec_free(&m.factors);
    sp_vec_free(&m.impacts);
    sp_vec_free(&m.damages);
    sp_vec_free(&m.damage_rows);
    sp_vec_free(&m.sets);
    sp_vec_free(&m.set_rows);
    sp_vec_free(&m.ids);
    return rc;
}
