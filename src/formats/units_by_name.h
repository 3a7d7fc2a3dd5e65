/*
 * units_by_name.h - units for the formats that give them by name, without
 * unit groups (EcoSpold 1, EcoSpold 2, SimaPro CSV): a unit with a
 * known name (kg, t, MJ, kWh, m3, l, ...) is made a unit of its
 * dimension's group, so amounts in units of one dimension convert; any
 * other unit becomes a group of its own. Internal to formats/.
 */
#ifndef MB_FORMATS_UNITS_BY_NAME_H
#define MB_FORMATS_UNITS_BY_NAME_H

#include "core/core.h"
#include "metabol/lci.h"

/*
 * Hand the unit group and flow property of a unit to the sink the first
 * time (seen remembers them; names keeps strings for the whole reading).
 * unit is the data's unit id (else its name), name the unit's name; on
 * return *property is the flow property to give a flow in this unit and
 * *unit_out the unit id to give its exchanges.
 */
int mb_unit_by_name(const mb_lci_sink *sink, mb_strmap *seen,
                    mb_strmap *names, const char *unit, const char *name,
                    const char **property, const char **unit_out);

/*
 * Units the data defines beyond the built-in table (EcoSpold 2 master
 * data's UnitConversions.xml): each joins the dimension of a known unit.
 */
typedef struct mb_unit_extra {
    const char *dimension, *name; /* kept in the reader's names */
    double factor;                /* size in the dimension's first unit */
} mb_unit_extra;

typedef struct mb_unit_extras {
    mb_unit_extra *items;
    size_t n, cap;
} mb_unit_extras;

/*
 * "1 from = factor to": when one side is a known unit (built in or added
 * before) and the other is not, the other joins its dimension. Returns 1
 * when a unit was added, 0 when the conversion adds nothing (both known,
 * both unknown, or factor not positive), MB_ENOMEM. Must come before the
 * first mb_unit_by_name_with of that dimension (its group is handed over
 * once, with the units known then).
 */
int mb_unit_extras_add(mb_unit_extras *x, mb_strmap *names, const char *from,
                       const char *to, double factor);
void mb_unit_extras_free(mb_unit_extras *x);

/* mb_unit_by_name with the units of x known too (x may be NULL). */
int mb_unit_by_name_with(const mb_unit_extras *x, const mb_lci_sink *sink,
                         mb_strmap *seen, mb_strmap *names, const char *unit,
                         const char *name, const char **property,
                         const char **unit_out);

#endif
