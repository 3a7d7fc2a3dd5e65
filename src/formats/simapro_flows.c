/*
 * simapro_flows.c - the flows of a SimaPro CSV export and the ids made of
 * their names (SimaPro has no ids; see include/metabol/simapro_csv.h).
 *
 * Elementary flows ("substances") are known by compartment, subcompartment
 * and name. A process names the compartment by its section (Resources,
 * Emissions to air, ...), a method by a word (Raw, Air, ...), a substance
 * block by its title (Raw materials, Airborne emissions, ...): all three
 * become the method's word, so that a method's factor and a process's
 * exchange of one substance give one id. An empty subcompartment is
 * "(unspecified)", as methods write it. Products and wastes are known by
 * name alone.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "formats/simapro.h"

static const char *const compartments[] = {
    "Raw", "Air", "Water", "Soil", "Waste", "Non mat.", "Social", "Economic",
    NULL};

const char *sp_compartment(const char *name)
{
    size_t k;

    for (k = 0; compartments[k]; k++)
        if (!strcasecmp(compartments[k], name))
            return compartments[k];
    return NULL;
}

/*
 * SimaPro's subcompartments of each compartment (its substance lists and
 * the samples' methods): what a compartment's "(unspecified)" factor
 * stands for when a category names no factor of its own for them.
 */
static const char *const known_subs[][12] = {
    {"Raw", "in ground", "in water", "in air", "biotic", "land",
     "fossil well", NULL},
    {"Air", "high. pop.", "low. pop.", "low. pop., long-term",
     "lower strat. + upper trop.", "stratosphere",
     "stratosphere + troposphere", "indoor", "urban air close to ground",
     "non-urban air or from high stacks", NULL},
    {"Water", "ocean", "river", "lake", "groundwater",
     "groundwater, long-term", "river, long-term", "fossilwater",
     "surface water", NULL},
    {"Soil", "agricultural", "forestry", "industrial",
     "urban, non industrial", NULL},
    {NULL}};

int sp_subcompartment_seen(sp_reader *r, const char *compartment,
                           const char *sub)
{
    sp_subcompartment *s;
    const char *key;
    int rc;

    if (!*sub || !strcmp(sub, "(unspecified)"))
        return 0;
    if (!(key = sp_keepf(r, "%s|%s", compartment, sub)))
        return MB_ENOMEM;
    if ((rc = mb_strmap_add(&r->subcompartments, key, 0, NULL)) != 0)
        return rc < 0 ? mb_error_oom() : 0;
    if (!(s = sp_vec_push(&r->subs)) ||
        !(s->compartment = mb_strmap_intern(&r->names, compartment)) ||
        !(s->sub = mb_strmap_intern(&r->names, sub)))
        return mb_error_oom();
    return 0;
}

int sp_subcompartments(const sp_reader *r, const char *compartment,
                       sp_vec *out)
{
    const char **p;
    size_t k, j;

    out->size = sizeof(const char *);
    for (k = 0; known_subs[k][0]; k++)
        if (!strcmp(known_subs[k][0], compartment))
            for (j = 1; known_subs[k][j]; j++) {
                if (!(p = sp_vec_push(out)))
                    return MB_ENOMEM;
                *p = known_subs[k][j];
            }
    for (k = 0; k < r->subs.n; k++) {
        const sp_subcompartment *s = SP_AT(r->subs, sp_subcompartment, k);
        int listed = 0;

        if (strcmp(s->compartment, compartment) != 0)
            continue;
        for (j = 0; j < out->n && !listed; j++)
            listed = !strcmp(*SP_AT(*out, const char *, j), s->sub);
        if (!listed) {
            if (!(p = sp_vec_push(out)))
                return MB_ENOMEM;
            *p = s->sub;
        }
    }
    return 0;
}

/* "000124-38-9" -> "124-38-9"; NULL when it is not a CAS number. */
static const char *cas_number(sp_reader *r, const char *s)
{
    const char *p = s;
    int groups = 0, digits = 0;

    for (; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p == '-' && digits && groups < 2)
            groups++, digits = 0;
        else
            return NULL;
    }
    if (groups != 2 || digits != 1)
        return NULL;
    while (*s == '0' && s[1] != '-')
        s++;
    return mb_strmap_intern(&r->names, s);
}

int sp_substance_row(sp_reader *r, const char *compartment)
{
    const char *name = sp_field(&r->in, 0);
    const char *comment = sp_field(&r->in, 3), *key;
    sp_substance *s;
    int rc;

    if (!(key = sp_keepf(r, "%s|%s", compartment, name)))
        return MB_ENOMEM;
    if ((rc = mb_strmap_add(&r->substances, key, (int64_t)r->subst.n,
                            NULL)) != 0)
        return rc < 0 ? mb_error_oom() : 0;
    if (!(s = sp_vec_push(&r->subst)))
        return MB_ENOMEM;
    s->unit = *sp_field(&r->in, 1)
                  ? mb_strmap_intern(&r->names, sp_field(&r->in, 1))
                  : NULL;
    s->cas = cas_number(r, sp_field(&r->in, 2));
    if (!strncasecmp(comment, "Formula:", 8)) {
        char formula[200];
        size_t n;

        for (comment += 8; *comment == ' '; comment++)
            ;
        n = strcspn(comment, "\n\x7f");
        if (n > 0 && n < sizeof formula) {
            memcpy(formula, comment, n);
            formula[n] = '\0';
            s->formula = mb_strmap_intern(&r->names, formula);
        }
    }
    return 0;
}

const char *sp_elementary_id(sp_reader *r, const char *compartment,
                             const char *sub, const char *name)
{
    return sp_keepf(r, SP_ELEMENTARY_PREFIX "%s/%s/%s", compartment,
                    *sub ? sub : "(unspecified)", name);
}

/* Hand a flow over with the property of `unit`, once per id. */
static int emit_flow(sp_reader *r, const mb_lci_flow *f, const char *unit)
{
    mb_lci_property_factor pf = {NULL, 1.0, 1};
    mb_lci_flow g = *f;
    sp_unit u;
    int rc;

    if ((rc = mb_strmap_add(&r->seen, f->id, 0, NULL)) != 0)
        return rc < 0 ? mb_error_oom() : 0;
    if (unit && *unit) {
        if ((rc = sp_unit_of(r, unit, &u)) < 0)
            return rc;
        pf.property_id = u.property_id;
        g.nproperties = 1;
        g.properties = &pf;
    }
    return r->sink->flow ? r->sink->flow(r->sink->ctx, &g) : 0;
}

int sp_elementary_flow(sp_reader *r, const char *compartment,
                       const char *sub, const char *name, const char *unit,
                       const char **id)
{
    const sp_substance *s = NULL;
    const char *key;
    mb_lci_flow f;
    int64_t k;

    if (!(*id = sp_elementary_id(r, compartment, sub, name)) ||
        !(key = sp_keepf(r, "%s|%s", compartment, name)))
        return MB_ENOMEM;
    if (mb_strmap_get(&r->seen, *id, NULL))
        return 0;
    if (mb_strmap_get(&r->substances, key, &k))
        s = SP_AT(r->subst, sp_substance, k);
    memset(&f, 0, sizeof f);
    f.id = *id;
    f.name = name;
    f.type = MB_FLOW_ELEMENTARY;
    if (!(f.category = sp_keepf(r, "%s/%s", compartment,
                                *sub ? sub : "(unspecified)")))
        return MB_ENOMEM;
    f.cas = s ? s->cas : NULL;
    f.formula = s ? s->formula : NULL;
    return emit_flow(r, &f, s && s->unit ? s->unit : unit);
}

int sp_product_flow(sp_reader *r, const char *name, int waste,
                    const char *unit, const char *category, const char **id)
{
    mb_lci_flow f;
    int64_t k;

    if (!(*id = sp_keepf(r, SP_PRODUCT_PREFIX "%s", name)))
        return MB_ENOMEM;
    if (mb_strmap_get(&r->seen, *id, NULL))
        return 0;
    if (mb_strmap_get(&r->products, name, &k)) {
        const sp_product *p = SP_AT(r->prod, sp_product, k);

        unit = p->unit;
        category = p->category;
    }
    memset(&f, 0, sizeof f);
    f.id = *id;
    f.name = name;
    f.type = waste ? MB_FLOW_WASTE : MB_FLOW_PRODUCT;
    f.category = category && *category ? category : NULL;
    return emit_flow(r, &f, unit);
}
