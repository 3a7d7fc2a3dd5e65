/*
 * units_by_name.c - units of formats that name them without unit groups
 * (EcoSpold 1 and 2 without master data). See units_by_name.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "formats/units_by_name.h"

typedef struct unit_ctx {
    const mb_lci_sink *sink;
    mb_strmap *seen;  /* group ids already handed over */
    mb_strmap *names; /* strings kept for the rest of the reading */
    const mb_unit_extras *extras; /* or NULL */
} unit_ctx;

/*
 * Units the datasets name, by dimension, with their size in the
 * dimension's first unit (SI and ecoinvent/openLCA unit names; US units
 * by their definitions: 1 lb = 0.45359237 kg, 1 short ton = 2000 lb,
 * 1 Btu (IT) = 1055.05585262 J, 1 cu ft = 0.028316846592 m3).
 */
typedef struct known_unit {
    const char *dimension, *name;
    double factor;
} known_unit;

static const known_unit known_units[] = {
    {"Mass", "kg", 1},          {"Mass", "g", 1e-3},
    {"Mass", "mg", 1e-6},       {"Mass", "t", 1e3},
    {"Mass", "metric ton", 1e3}, {"Mass", "lb", 0.45359237},
    {"Mass", "sh tn", 907.18474},
    {"Energy", "MJ", 1},        {"Energy", "kJ", 1e-3},
    {"Energy", "GJ", 1e3},      {"Energy", "TJ", 1e6},
    {"Energy", "kWh", 3.6},     {"Energy", "MWh", 3600},
    {"Energy", "Wh", 3.6e-3},   {"Energy", "kcal", 4.1868e-3},
    {"Energy", "btu", 1.05505585262e-3},
    {"Volume", "m3", 1},        {"Volume", "l", 1e-3},
    {"Volume", "dm3", 1e-3},    {"Volume", "cm3", 1e-6},
    {"Volume", "cu ft", 0.028316846592},
    {"Radioactivity", "kBq", 1}, {"Radioactivity", "Bq", 1e-3},
    {"Radioactivity", "MBq", 1e3},
    {"Area", "m2", 1},          {"Area", "ha", 1e4},
    {"Area", "km2", 1e6},
    {"Area*time", "m2*year", 1}, {"Area*time", "m2*a", 1},
    {"Area*time", "ha*year", 1e4},
    {"Length", "m", 1},         {"Length", "km", 1e3},
    {"Length", "cm", 1e-2},
    {"Goods transport", "metric ton*km", 1}, {"Goods transport", "t*km", 1},
    {"Goods transport", "tkm", 1}, {"Goods transport", "kg*km", 1e-3},
    {"Person transport", "person*km", 1}, {"Person transport", "p*km", 1},
    {"Time", "hour", 1},        {"Time", "h", 1},
    {"Time", "min", 1.0 / 60},  {"Time", "s", 1.0 / 3600},
    {"Time", "day", 24},
    {"Items", "unit", 1},       {"Items", "Item(s)", 1},
    {NULL, NULL, 0}};

/*
 * Hand over, once per key, the unit group "key" holding units[0..n) and
 * its flow property; *property gets the property's id either way.
 */
static int hand_over(unit_ctx *r, const char *key, const char *name,
                     const mb_lci_unit *units, size_t n,
                     const char **property)
{
    char gid[600], pid[600];
    mb_lci_unit_group g = {gid, name, n, units};
    mb_lci_flow_property p = {pid, name, gid};
    int rc;

    snprintf(gid, sizeof gid, "ecospold2-unit-group:%s", key);
    snprintf(pid, sizeof pid, "ecospold2-property:%s", key);
    if (!(*property = mb_strmap_intern(r->names, pid)))
        return MB_ENOMEM;
    if ((rc = mb_strmap_add(r->seen, gid, 0, NULL)) != 0)
        return rc < 0 ? rc : 0;
    if (r->sink->unit_group && (rc = r->sink->unit_group(r->sink->ctx, &g)))
        return rc;
    return r->sink->flow_property
               ? r->sink->flow_property(r->sink->ctx, &p)
               : 0;
}

#define MAX_GROUP_UNITS 64

/* Add a unit to the group being made, when it is of its dimension. */
static void add_group_unit(char uid[][120], mb_lci_unit *units, size_t *n,
                           const char *dimension, const known_unit *u)
{
    if (*n == MAX_GROUP_UNITS || strcmp(u->dimension, dimension) != 0)
        return;
    snprintf(uid[*n], sizeof uid[*n], "ecospold2-unit:%s", u->name);
    units[*n].id = uid[*n];
    units[*n].name = u->name;
    units[*n].factor = u->factor;
    units[*n].is_reference = *n == 0; /* the dimension's first unit */
    (*n)++;
}

/* A dimension's unit group (every known unit of it) and flow property. */
static int emit_dimension(unit_ctx *r, const char *dimension,
                          const char **property)
{
    char uid[MAX_GROUP_UNITS][120];
    mb_lci_unit units[MAX_GROUP_UNITS];
    size_t k, n = 0;

    for (k = 0; known_units[k].name; k++)
        add_group_unit(uid, units, &n, dimension, &known_units[k]);
    for (k = 0; r->extras && k < r->extras->n; k++) {
        const mb_unit_extra *e = &r->extras->items[k];
        known_unit u = {e->dimension, e->name, e->factor};

        add_group_unit(uid, units, &n, dimension, &u);
    }
    return hand_over(r, dimension, dimension, units, n, property);
}

/* A unit nobody converts: a group of one unit, and its flow property. */
static int emit_own_unit(unit_ctx *r, const char *unit, const char *name,
                         const char **property)
{
    mb_lci_unit u = {unit, name ? name : unit, 1.0, 1};

    return hand_over(r, unit, u.name, &u, 1, property);
}

/* The known unit of that name (built in, then added), or NULL. */
static const known_unit *find_known(const mb_unit_extras *x, const char *name,
                                    known_unit *scratch)
{
    size_t k;

    for (k = 0; name && known_units[k].name; k++)
        if (strcmp(known_units[k].name, name) == 0)
            return &known_units[k];
    for (k = 0; name && x && k < x->n; k++)
        if (strcmp(x->items[k].name, name) == 0) {
            scratch->dimension = x->items[k].dimension;
            scratch->name = x->items[k].name;
            scratch->factor = x->items[k].factor;
            return scratch;
        }
    return NULL;
}

int mb_unit_extras_add(mb_unit_extras *x, mb_strmap *names, const char *from,
                       const char *to, double factor)
{
    known_unit sa, sb;
    const known_unit *a = find_known(x, from, &sa), *b = find_known(x, to, &sb);
    mb_unit_extra *e;

    if (!from || !to || !(factor > 0) || !a == !b)
        return 0;
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 16;
        mb_unit_extra *items = mb_realloc(x->items, cap * sizeof *items);

        if (!items)
            return MB_ENOMEM;
        x->items = items;
        x->cap = cap;
    }
    e = &x->items[x->n];
    /* 1 from = factor to: from = factor * size(to); to = size(from) / f */
    e->dimension = a ? a->dimension : b->dimension;
    e->name = mb_strmap_intern(names, a ? to : from);
    e->factor = a ? a->factor / factor : factor * b->factor;
    if (!e->name)
        return MB_ENOMEM;
    x->n++;
    return 1;
}

void mb_unit_extras_free(mb_unit_extras *x)
{
    mb_free(x->items);
    memset(x, 0, sizeof *x);
}

int mb_unit_by_name_with(const mb_unit_extras *x, const mb_lci_sink *sink,
                         mb_strmap *seen, mb_strmap *names, const char *unit,
                         const char *name, const char **property,
                         const char **unit_out)
{
    unit_ctx ctx = {sink, seen, names, x};
    known_unit scratch;
    const known_unit *k = find_known(x, name, &scratch);

    *unit_out = unit;
    if (k) {
        char uid[200];

        snprintf(uid, sizeof uid, "ecospold2-unit:%s", name);
        if (!(*unit_out = mb_strmap_intern(names, uid)))
            return MB_ENOMEM;
        return emit_dimension(&ctx, k->dimension, property);
    }
    return emit_own_unit(&ctx, unit, name, property);
}

int mb_unit_by_name(const mb_lci_sink *sink, mb_strmap *seen,
                    mb_strmap *names, const char *unit, const char *name,
                    const char **property, const char **unit_out)
{
    return mb_unit_by_name_with(NULL, sink, seen, names, unit, name,
                                property, unit_out);
}
