/*
 * ecospold2_allocation.c - allocation factors of an EcoSpold 2 activity
 * with several products (an unallocated, "undefined" ecoinvent dataset),
 * from the properties ecoinvent allocates by: economic allocation by
 * revenue (amount x the product's "price" property), physical by dry
 * mass (amount x "dry mass"), as the ecoinvent allocation rules do
 * (ecoinvent data quality guidelines, ch. 14; "allocation, cut-off by
 * classification"). Economic is the default when every product has a
 * price. An activity of one product (every allocated dataset) gets none.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formats/ecospold2_internal.h"

/* ecoinvent's property ids (MasterData/Properties.xml) */
#define PRICE_ID "38f94dd1-d5aa-41b8-b182-c0c42985d9dc"
#define DRY_MASS_ID "3a0af1d6-04c3-41c6-a3da-92c4f61e0eaa"

/* The amount of property `id` (or of that name) of exchange x, or NAN. */
static double property(const xmlNode *x, const char *id, const char *name)
{
    const xmlNode *p;

    for (p = x->children; p; p = p->next) {
        const char *pid = mb_xml_attr(p, "propertyId");
        const char *pname = mb_xml_text(mb_xml_child(p, "name"));
        const char *amount = mb_xml_attr(p, "amount");
        char *end;
        double v;

        if (!mb_xml_is(p, "property") || !amount ||
            !((pid && strcmp(pid, id) == 0) ||
              (pname && strcmp(pname, name) == 0)))
            continue;
        v = strtod(amount, &end);
        return end != amount && isfinite(v) ? v : NAN;
    }
    return NAN;
}

/* A product output: outputGroup 0 or 2 (a byproduct) with an amount. */
static int is_product(const xmlNode *x, double *amount)
{
    const char *out = mb_xml_text(mb_xml_child(x, "outputGroup"));
    const char *a = mb_xml_attr(x, "amount");
    char *end;

    if (!mb_xml_is(x, "intermediateExchange") || !out ||
        (strcmp(out, "0") != 0 && strcmp(out, "2") != 0) || !a)
        return 0;
    *amount = strtod(a, &end);
    return end != a && isfinite(*amount) && *amount != 0;
}

/* Append one factor per product of `type`, shares of amount x by. */
static int add_factors(es2_reader *r, const xmlNode *flows,
                       mb_allocation type, const char *id, const char *name)
{
    const xmlNode *x;
    double total = 0, amount;
    size_t first = r->naf;

    for (x = flows->children; x; x = x->next)
        if (is_product(x, &amount))
            total += amount * property(x, id, name);
    if (!isfinite(total) || total <= 0)
        return 0; /* a product without the property: no such factors */
    for (x = flows->children; x; x = x->next) {
        mb_lci_allocation_factor *f;

        if (!is_product(x, &amount))
            continue;
        if (r->naf == r->cap_af) {
            size_t cap = r->cap_af ? 2 * r->cap_af : 8;
            mb_lci_allocation_factor *v =
                mb_realloc(r->af, cap * sizeof *v);

            if (!v)
                return MB_ENOMEM;
            r->af = v;
            r->cap_af = cap;
        }
        f = &r->af[r->naf++];
        memset(f, 0, sizeof *f);
        f->type = type;
        f->product_id = mb_xml_attr(x, "intermediateExchangeId");
        f->exchange_internal_id = -1;
        f->value = amount * property(x, id, name) / total;
    }
    return r->naf > first;
}

int mb_es2_allocation(es2_reader *r, const xmlNode *flows, mb_lci_process *p)
{
    const xmlNode *x;
    double amount;
    size_t products = 0;
    int economic, physical;

    r->naf = 0;
    for (x = flows ? flows->children : NULL; x; x = x->next)
        products += (size_t)is_product(x, &amount);
    if (products < 2)
        return 0;
    if ((economic = add_factors(r, flows, MB_ALLOC_ECONOMIC, PRICE_ID,
                                "price")) < 0 ||
        (physical = add_factors(r, flows, MB_ALLOC_PHYSICAL, DRY_MASS_ID,
                                "dry mass")) < 0)
        return MB_ENOMEM;
    p->allocation_factors = r->af;
    p->nallocation_factors = r->naf;
    p->default_allocation = economic ? MB_ALLOC_ECONOMIC
                            : physical ? MB_ALLOC_PHYSICAL
                                       : MB_ALLOC_NONE;
    return 0;
}
