/*
 * units_by_name.h - units for the formats that give them by name, without
 * unit groups (EcoSpold 1, EcoSpold 2 without master data): a unit with a
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

#endif
