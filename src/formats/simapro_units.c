/*
 * simapro_units.c - the units of a SimaPro CSV export.
 *
 * Amounts in a unit that units_by_name.h knows (kg, g, t, MJ, kWh, m3, l,
 * tkm, Bq, m2, ...) keep it, and convert within its dimension. Any other
 * unit is converted to its reference unit when the file's Units block
 * ("ton;Mass;1000;kg") or, failing that, SimaPro's own definition below
 * says how: 2 ton become 2000 kg, and the flow is in kg. A unit nobody
 * defines stands alone (a unit group of its own), so a flow must then keep
 * it throughout. The definitions units_by_name.h knows come first, as
 * standard: an edited Units block with "g;Mass;1;kg" does not make a gram
 * a kilogram.
 */
#include <math.h>
#include <string.h>

#include "formats/csv.h"
#include "formats/simapro.h"
#include "formats/units_by_name.h"

/*
 * SimaPro's definitions of units units_by_name.h does not know, as
 * SimaPro 8 and 9 write them in the Units block of their exports (the
 * samples of bw2io and olca-simapro-csv), with a few that name the same
 * thing as a known unit (personkm, m2a).
 */
static const struct simapro_unit {
    const char *name;
    double factor;
    const char *reference;
} simapro_units[] = {
    {"ton", 1000, "kg"},           {"kton", 1e6, "kg"},
    {"Mtn", 1e9, "kg"},            {"tn.sh", 907.1848, "kg"},
    {"tn.lg", 1016.047, "kg"},     {"oz", 0.02834952, "kg"},
    {"\xc2\xb5g", 1e-9, "kg"},     {"ng", 1e-12, "kg"},
    {"pg", 1e-15, "kg"},           {"Btu", 0.001055696, "MJ"},
    {"J", 1e-6, "MJ"},             {"PJ", 1e9, "MJ"},
    {"mm", 0.001, "m"},            {"dm", 0.1, "m"},
    {"\xc2\xb5m", 1e-6, "m"},      {"ft", 0.3048, "m"},
    {"inch", 0.0254, "m"},         {"yard", 0.9144, "m"},
    {"mile", 1609.35, "m"},        {"hr", 3600, "s"},
    {"year", 31536000, "s"},       {"mBq", 0.001, "Bq"},
    {"\xc2\xb5" "Bq", 1e-6, "Bq"}, {"nBq", 1e-9, "Bq"},
    {"GBq", 1e9, "Bq"},            {"TBq", 1e12, "Bq"},
    {"kgkm", 0.001, "tkm"},        {"personkm", 1, "person*km"},
    {"pkm", 1, "person*km"},       {"m2a", 1, "m2*a"},
    {"ml", 1e-6, "m3"},            {NULL, 0, NULL}};

int sp_units_row(sp_reader *r)
{
    const char *name = sp_field(&r->in, 0);
    const char *reference = sp_field(&r->in, 3);
    sp_unit_def *d;
    double factor;
    int rc;

    if ((rc = sp_real(r, 2, "conversion factor", NAN, &factor)) < 0)
        return rc;
    if (!(factor > 0) || !*reference)
        return sp_fail(r, "unit '%.200s': conversion factor and reference "
                          "unit: expected a positive number and a unit",
                       name);
    if ((rc = mb_strmap_add(&r->unit_defs, name, (int64_t)r->defs.n,
                            NULL)) != 0)
        return rc < 0 ? mb_error_oom() : 0; /* the first definition stays */
    if (!(d = sp_vec_push(&r->defs)) ||
        !(d->reference = mb_strmap_intern(&r->names, reference)))
        return mb_error_oom();
    d->factor = factor;
    return 0;
}

/* Whether units_by_name.h knows the unit: tried on a sink that keeps
 * nothing, so the unit's group is not handed over for nothing. */
static int known(sp_reader *r, const char *name)
{
    static const mb_lci_sink nothing = {0};
    const char *property, *unit;

    if (mb_unit_by_name(&nothing, &r->scratch, &r->names, name, name,
                        &property, &unit) < 0)
        return -1;
    return strcmp(unit, name) != 0;
}

/* The unit `name` is given in, and the factor to it. */
static int resolve(sp_reader *r, const char *name, const char **target,
                   double *factor)
{
    const struct simapro_unit *s;
    int64_t k;
    int rc;

    *target = name;
    *factor = 1;
    if ((rc = known(r, name)) != 0)
        return rc < 0 ? mb_error_oom() : 0;
    if (mb_strmap_get(&r->unit_defs, name, &k)) {
        const sp_unit_def *d = SP_AT(r->defs, sp_unit_def, k);

        if (strcmp(d->reference, name) != 0) {
            *target = d->reference;
            *factor = d->factor;
            return 0;
        }
    }
    for (s = simapro_units; s->name; s++)
        if (!strcmp(s->name, name)) {
            *target = s->reference;
            *factor = s->factor;
            break;
        }
    return 0;
}

int sp_unit_of(sp_reader *r, const char *name, sp_unit *out)
{
    const char *target, *property, *unit;
    sp_unit *u;
    double factor;
    int64_t k;
    int rc;

    if (mb_strmap_get(&r->units, name, &k)) {
        *out = *SP_AT(r->unit_cache, sp_unit, k);
        return 0;
    }
    if ((rc = resolve(r, name, &target, &factor)) < 0 ||
        (rc = mb_unit_by_name(r->sink, &r->seen, &r->names, target, target,
                              &property, &unit)) != 0)
        return rc;
    if (mb_strmap_add(&r->units, name, (int64_t)r->unit_cache.n, NULL) < 0 ||
        !(u = sp_vec_push(&r->unit_cache)) ||
        !(u->unit_id = mb_strmap_intern(&r->names, unit)) ||
        !(u->property_id = mb_strmap_intern(&r->names, property)))
        return mb_error_oom();
    u->factor = factor;
    *out = *u;
    return 0;
}
