/*
 * units.c - amounts to reference units, as openLCA converts them
 * (olca-schema: Unit.conversionFactor, FlowPropertyFactor.conversionFactor).
 *
 * A unit's factor is its size in the reference unit of its group (g: 0.001
 * in kg's group). A flow property factor is how much of that property one
 * unit of the flow's reference property holds (20 MJ per kg). So an amount
 * a in unit u of property P is, in the reference unit of the flow's
 * reference property R:
 *
 *     a * factor(u) * pf(R) / pf(P)
 */
#include <string.h>

#include "model/lcidb_internal.h"

static const char *property_name(const mb_lcidb *db, const char *id)
{
    int64_t k = mb_lcidb_find(&db->property_index, id);

    return k >= 0 && db->properties[k].name ? db->properties[k].name : id;
}

int mb_lcidb_unit_factor(const mb_lcidb *db, const db_flow *flow,
                         const char *property_id, const char *unit_id,
                         double *factor)
{
    const mb_lci_property_factor *ref, *prop = NULL;
    const db_unit *unit;
    int64_t u, p, g;
    size_t k;

    *factor = 1.0;
    if (flow->ref_prop < 0) {
        if (!property_id && !unit_id)
            return 0;
        return mb_error_set(MB_EFORMAT,
                            "flow '%s' has no reference flow property",
                            flow->rec.name);
    }
    ref = &db->props[flow->ref_prop];
    if (!property_id || strcmp(property_id, ref->property_id) == 0) {
        prop = ref;
    } else {
        for (k = 0; k < flow->props.n; k++)
            if (strcmp(db->props[flow->props.start + k].property_id,
                       property_id) == 0)
                prop = &db->props[flow->props.start + k];
        if (!prop)
            return mb_error_set(MB_EFORMAT,
                                "flow '%s' has no flow property '%s'",
                                flow->rec.name,
                                property_name(db, property_id));
    }
    if (unit_id) {
        if ((u = mb_lcidb_find(&db->unit_index, unit_id)) < 0)
            return mb_error_set(MB_EFORMAT, "unknown unit %s", unit_id);
        unit = &db->units[u];
        p = mb_lcidb_find(&db->property_index, prop->property_id);
        g = p < 0 ? -1
                  : mb_lcidb_find(&db->group_index,
                                  db->properties[p].unit_group_id);
        if (g < 0)
            return mb_error_set(MB_EFORMAT,
                                "flow property '%s' of flow '%s' has no "
                                "known unit group",
                                property_name(db, prop->property_id),
                                flow->rec.name);
        if ((size_t)g != unit->group)
            return mb_error_set(MB_EFORMAT,
                                "unit '%s' is not a unit of '%s' (the unit "
                                "group '%s'), the flow property of flow '%s'",
                                unit->name, property_name(db, prop->property_id),
                                db->groups[g].name ? db->groups[g].name
                                                   : db->groups[g].id,
                                flow->rec.name);
        *factor = unit->factor;
    }
    *factor *= ref->factor / prop->factor;
    return 0;
}

const char *mb_lcidb_flow_unit(const mb_lcidb *db, const db_flow *flow)
{
    int64_t p, g;

    if (flow->ref_prop < 0)
        return "";
    p = mb_lcidb_find(&db->property_index,
                      db->props[flow->ref_prop].property_id);
    g = p < 0 ? -1
              : mb_lcidb_find(&db->group_index,
                              db->properties[p].unit_group_id);
    if (g < 0 || db->groups[g].ref_unit < 0)
        return "";
    return db->units[db->groups[g].ref_unit].name;
}
