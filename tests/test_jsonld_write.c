/*
 * test_jsonld_write.c - the JSON-LD writer (src/formats/jsonld_write.c)
 * and what it stands on: every field of every record read back by the
 * JSON-LD reader as it was written; JSON numbers that read back as the
 * same double and strings escaped as RFC 8259 asks; the project (the US
 * LCI database with the IPCC method and the FEDEFL mapping, and the beef
 * cattle system) exported and imported again giving the same scores for
 * every product and method, and the same record counts, whole and one
 * database at a time; an archive written out in parts; and errors that
 * leave no file behind.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "formats/json.h"
#include "formats/json_write.h"
#include "test.h"

#define BEEF "tests/fixtures/jsonld/beef-cattle-finishing.zip"
#define USLCI_DIR "examples/uslci/"

/* ---- JSON output ----------------------------------------------------- */

/* The text of one value written alone. */
static const char *written_number(mb_jw *w, double v)
{
    mb_jw_reset(w);
    mb_jw_number(w, NULL, v);
    return w->buf ? w->buf : "";
}

TEST(json_write_numbers_read_back_as_the_same_double)
{
    static const double values[] = {
        0.1,     1.0 / 3,  2.0 / 3, 1e-300, 4.9406564584124654e-324,
        1.7976931348623157e308, -123456.789, 0.30000000000000004,
        6.02214076e23, 1e15 + 0.3};
    mb_jw w;
    size_t k;

    mb_jw_init(&w);
    for (k = 0; k < sizeof values / sizeof values[0]; k++) {
        const char *text = written_number(&w, values[k]);

        CHECK_MSG(strtod(text, NULL) == values[k], "%s is not %.17g", text,
                  values[k]);
    }
    /* the shortest form that does: no 0.10000000000000001 */
    CHECK(strcmp(written_number(&w, 0.1), "0.1") == 0);
    CHECK(strcmp(written_number(&w, 100), "100") == 0);
    CHECK(strcmp(written_number(&w, 2.5e-7), "2.5e-07") == 0);
    /* JSON has no NaN or infinity: the member is left out */
    mb_jw_reset(&w);
    mb_jw_object(&w, NULL);
    mb_jw_number(&w, "a", NAN);
    mb_jw_number(&w, "b", INFINITY);
    mb_jw_int(&w, "c", -7);
    mb_jw_end(&w);
    CHECK(mb_jw_status(&w) == 0);
    CHECK(strcmp(w.buf, "{\"c\":-7}") == 0);
    mb_jw_destroy(&w);
}

TEST(json_write_escapes_strings_and_replaces_bytes_that_are_not_utf8)
{
    mb_json_parser p;
    const mb_json *root = NULL;
    mb_jw w;
    int k;

    mb_jw_init(&w);
    mb_jw_object(&w, NULL);
    mb_jw_string(&w, "s", "q\"b\\n\nt\tc\x01 \xc3\xa9 \xff \xc0\xaf end");
    mb_jw_string(&w, "absent", NULL);
    mb_jw_array(&w, "list");
    mb_jw_bool(&w, NULL, 1);
    mb_jw_bool(&w, NULL, 0);
    mb_jw_end(&w);
    mb_jw_end(&w);
    CHECK(mb_jw_status(&w) == 0);
    CHECK_MSG(strcmp(w.buf, "{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001 \xc3\xa9 "
                            "\\ufffd \\ufffd\\ufffd end\","
                            "\"list\":[true,false]}") == 0,
              "got %s", w.buf);
    /* what the reader makes of it: the text, invalid bytes as U+FFFD */
    mb_json_parser_init(&p);
    CHECK_OK(mb_json_parse(&p, w.buf, w.len, "w.json", &root));
    CHECK(strcmp(mb_json_get(root, "s")->u.string,
                 "q\"b\\n\nt\tc\x01 \xc3\xa9 \xef\xbf\xbd "
                 "\xef\xbf\xbd\xef\xbf\xbd end") == 0);
    mb_json_parser_destroy(&p);
    /* nesting beyond the limit is an error, not an overflow */
    mb_jw_reset(&w);
    for (k = 0; k < MB_JW_MAX_DEPTH + 1; k++)
        mb_jw_array(&w, NULL);
    CHECK(mb_jw_status(&w) == MB_EINTERNAL);
    mb_jw_destroy(&w);
}

/* ---- every field, written and read back ------------------------------ */

static const mb_lci_unit mass_units[] = {{"u-kg", "kg", 1, 1},
                                         {NULL, "g", 0.001, 0},
                                         {"u-t", "t", 1000, 0}};
static const mb_lci_unit energy_units[] = {{"u-mj", "MJ", 1, 1},
                                           {"u-kwh", "kWh", 3.6, 0}};
static const mb_lci_unit_group groups[] = {
    {"ug-mass", "Units of mass", 3, mass_units},
    {"ug-energy", "Units of energy", 2, energy_units}};
static const mb_lci_flow_property properties[] = {
    {"fp-mass", "Mass", "ug-mass"}, {"fp-energy", "Energy", "ug-energy"}};
static const mb_lci_location location = {"loc-de", "Germany", "DE"};
static const mb_lci_property_factor mass_only[] = {{"fp-mass", 1, 1}};
static const mb_lci_property_factor coal_properties[] = {
    {"fp-mass", 1, 1}, {"fp-energy", 25, 0}};
static const mb_lci_flow flows[] = {
    {"f-steel", "steel", MB_FLOW_PRODUCT, "metals/steel", NULL, NULL,
     "loc-de", 1, mass_only},
    {"f-coal", "hard coal", MB_FLOW_PRODUCT, NULL, NULL, NULL, NULL, 2,
     coal_properties},
    {"f-co2", "Carbon dioxide", MB_FLOW_ELEMENTARY, "air/unspecified",
     "124-38-9", "CO2", NULL, 1, mass_only}};
static const mb_lci_parameter globals[] = {
    {"scale", NULL, 2.5, {MB_DIST_LOGNORMAL, {2.5, 1.2, 0}}},
    {"twice", "2 * scale", 5, {MB_DIST_NONE, {0, 0, 0}}}};
/* a name with everything JSON must escape */
#define MILL "Mill \"A\" \\ 1\n\ttab \xc3\xa9\x01"
static const mb_lci_exchange mill_exchanges[] = {
    {1, "f-steel", "u-kg", "fp-mass", NULL, NULL, NULL, 1,
     MB_EXCHANGE_REFERENCE, {MB_DIST_NONE, {0, 0, 0}}},
    {-1, "f-coal", "u-mj", "fp-energy", "p-mine", "loc-de", "twice * 0.02",
     0.1, MB_EXCHANGE_INPUT, {MB_DIST_NORMAL, {0.1, 0.01, 0}}},
    {3, "f-co2", NULL, NULL, NULL, NULL, NULL, 0.3, 0,
     {MB_DIST_TRIANGLE, {0.2, 0.3, 0.4}}},
    {2, "f-coal", "u-kg", NULL, NULL, NULL, NULL, 0.05,
     MB_EXCHANGE_INPUT | MB_EXCHANGE_AVOIDED,
     {MB_DIST_UNIFORM, {0.04, 0.06, 0}}}};
static const mb_lci_parameter mill_parameters[] = {
    {"share", NULL, 0.7, {MB_DIST_UNIFORM, {0.6, 0.8, 0}}},
    {"rest", "1 - share", 0.3, {MB_DIST_NONE, {0, 0, 0}}}};
static const mb_lci_allocation_factor mill_factors[] = {
    {MB_ALLOC_PHYSICAL, "f-steel", -1, NULL, "share", 0.7},
    {MB_ALLOC_CAUSAL, "f-steel", 3, NULL, NULL, 0.5},
    {MB_ALLOC_CAUSAL, "f-steel", -1, "f-co2", NULL, 0.25}};
static const mb_lci_exchange mine_exchanges[] = {
    {1, "f-coal", "u-kg", "fp-mass", NULL, NULL, NULL, 1,
     MB_EXCHANGE_REFERENCE, {MB_DIST_NONE, {0, 0, 0}}}};
static const mb_lci_process processes[] = {
    {"p-mill", MILL, "metals/mills", "loc-de", MB_ALLOC_PHYSICAL, 4,
     mill_exchanges, 2, mill_parameters, 3, mill_factors},
    {"p-mine", "mine", NULL, NULL, MB_ALLOC_NONE, 1, mine_exchanges, 0, NULL,
     0, NULL}};
static const mb_lci_impact_factor gwp_factors[] = {
    {"f-co2", "fp-mass", "u-kg", NULL, NULL, NULL, 1,
     {MB_DIST_NONE, {0, 0, 0}}, NULL, NULL},
    {"f-ch4", "fp-mass", "u-kg", NULL, "loc-de", "28", 28,
     {MB_DIST_NORMAL, {28, 3, 0}}, "Methane", "air/unspecified"},
    /* a unit by name (CSV methods): found in the flow's unit group */
    {"f-co2", NULL, NULL, "t", NULL, NULL, 1000, {MB_DIST_NONE, {0, 0, 0}},
     NULL, NULL},
    /* and one that cannot be found: kept by name */
    {"f-x", NULL, NULL, "lb", NULL, NULL, 0.45, {MB_DIST_NONE, {0, 0, 0}},
     "X", NULL}};
static const mb_lci_impact_category category = {
    "ic-gwp", "Climate change", "kg CO2 eq", 4, gwp_factors};
static const char *const method_categories[] = {"ic-gwp"};
static const mb_lci_impact_method method = {"m-ipcc", "IPCC", 1,
                                            method_categories};
static const mb_lci_flow_map maps[] = {
    {"f-co2", "Carbon dioxide", "air/unspecified", "fed-co2",
     "Carbon dioxide", "emission/air", 1, "kg", "kg"},
    {"f-coal", NULL, NULL, "fed-coal", "Coal, hard", "resource/ground",
     0.001, "MJ", NULL},
    /* a source known by name and category only (SimaPro's nomenclature) */
    {NULL, "Carbon dioxide, fossil", "Air", "fed-co2", NULL, NULL, 1, NULL,
     NULL}};

/* Feed every record above to a sink, reference data first. */
static int feed(const mb_lci_sink *s)
{
    size_t k;
    int rc = 0;

    for (k = 0; rc == 0 && k < 2; k++)
        rc = s->unit_group(s->ctx, &groups[k]);
    for (k = 0; rc == 0 && k < 2; k++)
        rc = s->flow_property(s->ctx, &properties[k]);
    if (rc == 0)
        rc = s->location(s->ctx, &location);
    for (k = 0; rc == 0 && k < 3; k++)
        rc = s->flow(s->ctx, &flows[k]);
    for (k = 0; rc == 0 && k < 2; k++)
        rc = s->global_parameter(s->ctx, &globals[k]);
    for (k = 0; rc == 0 && k < 2; k++)
        rc = s->process(s->ctx, &processes[k]);
    if (rc == 0)
        rc = s->impact_category(s->ctx, &category);
    if (rc == 0)
        rc = s->impact_method(s->ctx, &method);
    for (k = 0; rc == 0 && k < 3; k++)
        rc = s->flow_map(s->ctx, &maps[k]);
    return rc;
}

/*
 * The records read back are compared in the reader's callbacks (their
 * strings live for the call only); the first difference is kept here.
 */
static char difference[512];
static size_t seen_parameters, seen_processes, seen_maps;

static int differ(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int differ(const char *fmt, ...)
{
    va_list ap;

    if (!difference[0]) {
        va_start(ap, fmt);
        vsnprintf(difference, sizeof difference, fmt, ap);
        va_end(ap);
    }
    return 0; /* read on: the first difference is the one reported */
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

#define EXPECT_STR(what, got, want)                                          \
    do {                                                                     \
        if (!same(got, want))                                                \
            return differ("%s: '%s', expected '%s'", what,                   \
                          (got) ? (got) : "(null)",                          \
                          (want) ? (want) : "(null)");                       \
    } while (0)

#define EXPECT(what, cond)                                                   \
    do {                                                                     \
        if (!(cond))                                                         \
            return differ("%s: not %s", what, #cond);                        \
    } while (0)

static int same_uncertainty(const mb_lci_uncertainty *a,
                            const mb_lci_uncertainty *b)
{
    int k;

    if (a->type != b->type)
        return 0;
    for (k = 0; k < 3 && a->type != MB_DIST_NONE; k++)
        if (a->p[k] != b->p[k] && !(k == 2 && b->type != MB_DIST_TRIANGLE))
            return 0;
    return 1;
}

static int got_unit_group(void *ctx, const mb_lci_unit_group *g)
{
    const mb_lci_unit_group *want =
        strcmp(g->id, "ug-mass") == 0 ? &groups[0] : &groups[1];
    size_t k;

    (void)ctx;
    EXPECT_STR("unit group", g->name, want->name);
    EXPECT("unit group", g->nunits == want->nunits);
    for (k = 0; k < g->nunits; k++) {
        EXPECT_STR("unit", g->units[k].name, want->units[k].name);
        EXPECT("unit", g->units[k].factor == want->units[k].factor);
        EXPECT("unit", g->units[k].is_reference == want->units[k].is_reference);
        /* a unit without an id gets one */
        EXPECT("unit id", want->units[k].id ? same(g->units[k].id,
                                                   want->units[k].id)
                                            : strlen(g->units[k].id) == 36);
    }
    return 0;
}

static int got_flow_property(void *ctx, const mb_lci_flow_property *p)
{
    const mb_lci_flow_property *want =
        strcmp(p->id, "fp-mass") == 0 ? &properties[0] : &properties[1];

    (void)ctx;
    EXPECT_STR("flow property", p->name, want->name);
    EXPECT_STR("flow property", p->unit_group_id, want->unit_group_id);
    return 0;
}

static int got_location(void *ctx, const mb_lci_location *l)
{
    (void)ctx;
    EXPECT_STR("location", l->id, location.id);
    EXPECT_STR("location", l->name, location.name);
    EXPECT_STR("location", l->code, location.code);
    return 0;
}

static int got_flow(void *ctx, const mb_lci_flow *f)
{
    const mb_lci_flow *want = NULL;
    size_t k;

    (void)ctx;
    for (k = 0; k < 3; k++)
        if (strcmp(f->id, flows[k].id) == 0)
            want = &flows[k];
    EXPECT("flow", want != NULL);
    EXPECT_STR("flow", f->name, want->name);
    EXPECT("flow type", f->type == want->type);
    EXPECT_STR("flow category", f->category, want->category);
    EXPECT_STR("flow cas", f->cas, want->cas);
    EXPECT_STR("flow formula", f->formula, want->formula);
    EXPECT_STR("flow location", f->location_id, want->location_id);
    EXPECT("flow properties", f->nproperties == want->nproperties);
    for (k = 0; k < f->nproperties; k++) {
        EXPECT_STR("flow property factor", f->properties[k].property_id,
                   want->properties[k].property_id);
        EXPECT("flow property factor",
               f->properties[k].factor == want->properties[k].factor &&
                   f->properties[k].is_reference ==
                       want->properties[k].is_reference);
    }
    return 0;
}

static int check_parameter(const char *what, const mb_lci_parameter *p,
                           const mb_lci_parameter *want)
{
    EXPECT_STR(what, p->name, want->name);
    EXPECT_STR(what, p->formula, want->formula);
    EXPECT(what, p->value == want->value);
    EXPECT(what, same_uncertainty(&p->uncertainty, &want->uncertainty));
    return 0;
}

static int got_global_parameter(void *ctx, const mb_lci_parameter *p)
{
    (void)ctx;
    seen_parameters++;
    return check_parameter("global parameter", p,
                           strcmp(p->name, "scale") == 0 ? &globals[0]
                                                         : &globals[1]);
}

static int check_exchange(size_t k, const mb_lci_exchange *e,
                          const mb_lci_exchange *want)
{
    char what[32];

    snprintf(what, sizeof what, "exchange %zu", k + 1);
    /* a missing internal id is given the next free one */
    EXPECT(what, e->internal_id == (want->internal_id >= 0
                                        ? want->internal_id
                                        : 4));
    EXPECT_STR(what, e->flow_id, want->flow_id);
    /* a quantity left to the flow's reference is written out */
    EXPECT_STR(what, e->unit_id, want->unit_id ? want->unit_id : "u-kg");
    EXPECT_STR(what, e->property_id,
               want->property_id ? want->property_id : "fp-mass");
    EXPECT_STR(what, e->provider_id, want->provider_id);
    EXPECT_STR(what, e->location_id, want->location_id);
    EXPECT_STR(what, e->formula, want->formula);
    EXPECT(what, e->amount == want->amount);
    EXPECT(what, e->flags == want->flags);
    EXPECT(what, same_uncertainty(&e->uncertainty, &want->uncertainty));
    return 0;
}

static int got_process(void *ctx, const mb_lci_process *p)
{
    const mb_lci_process *want =
        strcmp(p->id, "p-mill") == 0 ? &processes[0] : &processes[1];
    size_t k;
    int rc;

    (void)ctx;
    seen_processes++;
    EXPECT_STR("process", p->name, want->name);
    EXPECT_STR("process", p->category, want->category);
    EXPECT_STR("process", p->location_id, want->location_id);
    EXPECT("process", p->default_allocation == want->default_allocation);
    EXPECT("process", p->nexchanges == want->nexchanges &&
                          p->nparameters == want->nparameters &&
                          p->nallocation_factors ==
                              want->nallocation_factors);
    for (k = 0; k < p->nexchanges; k++)
        if ((rc = check_exchange(k, &p->exchanges[k], &want->exchanges[k])))
            return rc;
    for (k = 0; k < p->nparameters; k++)
        if ((rc = check_parameter("process parameter", &p->parameters[k],
                                  &want->parameters[k])))
            return rc;
    for (k = 0; k < p->nallocation_factors; k++) {
        const mb_lci_allocation_factor *a = &p->allocation_factors[k],
                                       *b = &want->allocation_factors[k];

        EXPECT("allocation factor", a->type == b->type &&
                                        a->value == b->value &&
                                        a->exchange_internal_id ==
                                            b->exchange_internal_id);
        EXPECT_STR("allocation factor", a->product_id, b->product_id);
        EXPECT_STR("allocation factor", a->exchange_flow_id,
                   b->exchange_flow_id);
        EXPECT_STR("allocation factor", a->formula, b->formula);
    }
    return 0;
}

static int got_impact_category(void *ctx, const mb_lci_impact_category *c)
{
    /* what each factor reads back as: a unit by name that the flow's unit
     * group has comes back by id, with the flow's property */
    static const char *const units[] = {"u-kg", "u-kg", "u-t", NULL};
    static const char *const unit_names[] = {NULL, NULL, NULL, "lb"};
    static const char *const props[] = {"fp-mass", "fp-mass", "fp-mass",
                                        NULL};
    size_t k;

    (void)ctx;
    EXPECT_STR("impact category", c->id, category.id);
    EXPECT_STR("impact category", c->name, category.name);
    EXPECT_STR("impact category", c->reference_unit,
               category.reference_unit);
    EXPECT("impact category", c->nfactors == category.nfactors);
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_impact_factor *f = &c->factors[k],
                                   *want = &category.factors[k];

        EXPECT_STR("factor", f->flow_id, want->flow_id);
        EXPECT_STR("factor", f->unit_id, units[k]);
        EXPECT_STR("factor", f->unit_name, unit_names[k]);
        EXPECT_STR("factor", f->property_id, props[k]);
        EXPECT_STR("factor", f->location_id, want->location_id);
        EXPECT_STR("factor", f->formula, want->formula);
        EXPECT("factor", f->value == want->value);
        EXPECT("factor", same_uncertainty(&f->uncertainty,
                                          &want->uncertainty));
        /* a flow not in the data keeps the name the data gave it; a flow
         * in it is named by it */
        EXPECT_STR("factor flow name", f->flow_name,
                   k == 1   ? "Methane"
                   : k == 3 ? "X"
                            : "Carbon dioxide");
        EXPECT_STR("factor flow category", f->flow_category,
                   k == 3 ? NULL : "air/unspecified");
    }
    return 0;
}

static int got_impact_method(void *ctx, const mb_lci_impact_method *m)
{
    (void)ctx;
    EXPECT_STR("method", m->id, method.id);
    EXPECT_STR("method", m->name, method.name);
    EXPECT("method", m->ncategories == 1);
    EXPECT_STR("method", m->category_ids[0], "ic-gwp");
    return 0;
}

static int got_flow_map(void *ctx, const mb_lci_flow_map *m)
{
    const mb_lci_flow_map *want = &maps[seen_maps++ % 3];

    (void)ctx;
    EXPECT_STR("map", m->source_id, want->source_id);
    EXPECT_STR("map", m->target_id, want->target_id);
    /* the source flow is in the data: named as it is there */
    EXPECT_STR("map", m->source_name,
               want->source_name ? want->source_name : "hard coal");
    EXPECT_STR("map", m->source_category, want->source_category);
    EXPECT_STR("map", m->target_name, want->target_name);
    EXPECT_STR("map", m->target_category, want->target_category);
    EXPECT_STR("map", m->source_unit, want->source_unit);
    EXPECT_STR("map", m->target_unit, want->target_unit);
    EXPECT("map", m->factor == want->factor);
    return 0;
}

static const mb_lci_sink checker = {
    .unit_group = got_unit_group,
    .flow_property = got_flow_property,
    .flow = got_flow,
    .location = got_location,
    .global_parameter = got_global_parameter,
    .process = got_process,
    .impact_category = got_impact_category,
    .impact_method = got_impact_method,
    .flow_map = got_flow_map};

TEST(jsonld_write_every_field_reads_back_as_it_was)
{
    char path[400];
    mb_jsonld_writer *w = NULL;
    mb_jsonld_stats wrote, read;

    snprintf(path, sizeof path, "%s/all.zip", test_tmpdir());
    CHECK_OK(mb_jsonld_writer_open(&w, path, NULL));
    CHECK_OK(feed(mb_jsonld_writer_sink(w)));
    CHECK_OK(mb_jsonld_writer_finish(w, &wrote));
    mb_jsonld_writer_free(w);
    /* one member per entity, one FlowMap, and olca-schema.json */
    CHECK(wrote.files == 2 + 2 + 1 + 3 + 2 + 2 + 1 + 1 + 1 + 1);
    CHECK(wrote.exchanges == 5 && wrote.impact_factors == 4 &&
          wrote.flow_maps == 3);
    difference[0] = '\0';
    seen_parameters = seen_processes = seen_maps = 0;
    CHECK_OK(mb_jsonld_read(path, &checker, &read));
    CHECK_MSG(!difference[0], "%s", difference);
    CHECK(read.unit_groups == 2 && read.flow_properties == 2 &&
          read.locations == 1 && read.flows == 3 && read.parameters == 2 &&
          read.processes == 2 && read.exchanges == 5 &&
          read.impact_categories == 1 && read.impact_factors == 4 &&
          read.impact_methods == 1 && read.flow_maps == 3);
    CHECK(seen_parameters == 2 && seen_processes == 2 && seen_maps == 3);
    /* the package says it is olca-schema 2; skipped by the reader */
    CHECK(read.skipped == 1);
}

/* The ids of the locations and the location of the flow read back. */
static char location_ids[1024], flow_location[64];

static int got_location_id(void *ctx, const mb_lci_location *l)
{
    (void)ctx;
    if (strlen(location_ids) + strlen(l->id) + 2 < sizeof location_ids) {
        strcat(location_ids, location_ids[0] ? " " : "");
        strcat(location_ids, l->id);
    }
    return 0;
}

static int got_flow_location(void *ctx, const mb_lci_flow *f)
{
    (void)ctx;
    snprintf(flow_location, sizeof flow_location, "%s",
             f->location_id ? f->location_id : "");
    return 0;
}

TEST(jsonld_write_ids_openlca_cannot_take_become_uuids)
{
    /* ids metabol makes for EcoSpold data: a ':', a '/', 250 bytes */
    static char long_id[251];
    mb_lci_location l[3] = {{"ecospold1-location:a/b|c", "made", NULL},
                            {long_id, "long", NULL},
                            {"0c1d-UUID_like.v2", "kept", NULL}};
    mb_lci_flow f = {"f", "flow", MB_FLOW_ELEMENTARY, NULL, NULL, NULL,
                     "ecospold1-location:a/b|c", 0, NULL};
    mb_lci_sink sink = {.location = got_location_id,
                        .flow = got_flow_location};
    mb_jsonld_writer *w = NULL;
    const mb_lci_sink *s;
    char path[400];
    int k;

    memset(long_id, 'x', 250);
    snprintf(path, sizeof path, "%s/ids.zip", test_tmpdir());
    CHECK_OK(mb_jsonld_writer_open(&w, path, NULL));
    s = mb_jsonld_writer_sink(w);
    for (k = 0; k < 3; k++)
        CHECK_OK(s->location(s->ctx, &l[k]));
    CHECK_OK(s->flow(s->ctx, &f));
    CHECK_OK(mb_jsonld_writer_finish(w, NULL));
    mb_jsonld_writer_free(w);
    location_ids[0] = flow_location[0] = '\0';
    CHECK_OK(mb_jsonld_read(path, &sink, NULL));
    /* two UUIDs and the id that was fine, in the order of their files */
    CHECK_MSG(strlen(location_ids) == 36 + 1 + 36 + 1 + 17, "%s",
              location_ids);
    CHECK_STR_CONTAINS(location_ids, "0c1d-UUID_like.v2");
    CHECK(strstr(location_ids, "ecospold1") == NULL);
    /* the reference to a replaced id is replaced alike */
    CHECK(strlen(flow_location) == 36);
    CHECK_STR_CONTAINS(location_ids, flow_location);
}

/* ---- projects exported and imported again ---------------------------- */

static mb_store *new_store(const char *dir, const char *name)
{
    char path[400];
    mb_store *s = NULL;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return mb_store_open(&s, path, MB_STORE_CREATE) == 0 ? s : NULL;
}

/* Import a file as database `name`; JSON-LD unless it ends in .csv. */
static int import(mb_store *s, const char *path, const char *name)
{
    size_t len = strlen(path);
    mb_store_writer *w = NULL;
    int64_t id;
    int rc;

    if ((rc = mb_store_begin(s)) < 0)
        return rc;
    if ((rc = mb_store_add_database(s, name, "test", path, &id)) == 0 &&
        (rc = mb_store_writer_new(&w, s, id)) == 0) {
        const mb_lci_sink *sink = mb_store_writer_sink(w);

        rc = len > 4 && strcmp(path + len - 4, ".csv") == 0
                 ? mb_flow_mapping_read(path, sink)
                 : mb_jsonld_read(path, sink, NULL);
        if (rc == 0)
            rc = mb_store_writer_finish(w);
    }
    if (rc == 0)
        rc = mb_store_commit(s);
    mb_store_writer_free(w);
    if (rc < 0)
        mb_store_rollback(s);
    return rc;
}

/* Export database `name` (NULL: everything) of s to path. */
static int export(mb_store *s, const char *name, const char *path,
                  size_t memory_limit)
{
    mb_jsonld_write_options o = MB_JSONLD_WRITE_OPTIONS_INIT;
    mb_jsonld_writer *w = NULL;
    int rc;

    o.memory_limit = memory_limit;
    if ((rc = mb_jsonld_writer_open(&w, path, &o)) == 0 &&
        (rc = mb_store_load_database(s, name, mb_jsonld_writer_sink(w))) ==
            0)
        rc = mb_jsonld_writer_finish(w, NULL);
    mb_jsonld_writer_free(w);
    return rc;
}

/* Records of each kind (exchanges, factors: inside their parents). */
typedef struct counts {
    size_t groups, units, properties, flows, factors_of_flows, locations,
        parameters, processes, exchanges, process_parameters, allocations,
        categories, factors, methods, maps;
} counts;

#define COUNTER(fn, type, extra)                                             \
    static int count_##fn(void *ctx, const type *rec)                        \
    {                                                                        \
        counts *c = ctx;                                                     \
        (void)rec;                                                           \
        extra;                                                               \
        return 0;                                                            \
    }

COUNTER(unit_group, mb_lci_unit_group,
        (c->groups++, c->units += rec->nunits))
COUNTER(flow_property, mb_lci_flow_property, c->properties++)
COUNTER(flow, mb_lci_flow,
        (c->flows++, c->factors_of_flows += rec->nproperties))
COUNTER(location, mb_lci_location, c->locations++)
COUNTER(parameter, mb_lci_parameter, c->parameters++)
COUNTER(process, mb_lci_process,
        (c->processes++, c->exchanges += rec->nexchanges,
         c->process_parameters += rec->nparameters,
         c->allocations += rec->nallocation_factors))
COUNTER(category, mb_lci_impact_category,
        (c->categories++, c->factors += rec->nfactors))
COUNTER(method, mb_lci_impact_method, c->methods++)
COUNTER(map, mb_lci_flow_map, c->maps++)

static int count_records(mb_store *s, const char *database, counts *c)
{
    mb_lci_sink sink = {.ctx = c,
                        .unit_group = count_unit_group,
                        .flow_property = count_flow_property,
                        .flow = count_flow,
                        .location = count_location,
                        .global_parameter = count_parameter,
                        .process = count_process,
                        .impact_category = count_category,
                        .impact_method = count_method,
                        .flow_map = count_map};

    memset(c, 0, sizeof *c);
    return mb_store_load_database(s, database, &sink);
}

/* The scores of one unit of every product for every method. */
static int all_scores(mb_store *s, mb_system **sys, mb_dense **scores)
{
    mb_lcidb *db = NULL;
    mb_lca *lca = NULL;
    int rc = mb_lcidb_new(&db);

    if (rc == 0)
        rc = mb_store_load(s, mb_lcidb_sink(db));
    if (rc == 0)
        rc = mb_lcidb_compile(sys, NULL, db, NULL);
    if (rc == 0)
        rc = mb_lca_new(&lca, *sys, NULL);
    if (rc == 0)
        rc = mb_lca_all_scores(lca, scores);
    mb_lca_free(lca);
    mb_lcidb_free(db);
    return rc;
}

/*
 * The project a and the project b give the same scores (to 1e-12
 * relative) for the same products and methods, and have as many records
 * of each kind; with `used_only`, b need only have the unit groups and
 * flow properties that its records use.
 */
static void check_same_project(mb_store *a, mb_store *b, int used_only)
{
    mb_system *sa = NULL, *sb = NULL;
    mb_dense *da = NULL, *db = NULL;
    counts ca, cb;
    int64_t k;
    size_t m;

    CHECK_OK(count_records(a, NULL, &ca));
    CHECK_OK(count_records(b, NULL, &cb));
    if (used_only) {
        CHECK(cb.groups > 0 && cb.groups <= ca.groups &&
              cb.properties > 0 && cb.properties <= ca.properties);
        cb.groups = ca.groups;
        cb.units = ca.units;
        cb.properties = ca.properties;
    }
    CHECK_MSG(memcmp(&ca, &cb, sizeof ca) == 0,
              "%zu/%zu groups %zu/%zu units %zu/%zu properties %zu/%zu flows "
              "%zu/%zu locations",
              ca.groups, cb.groups, ca.units, cb.units, ca.properties,
              cb.properties, ca.flows, cb.flows, ca.locations, cb.locations);
    CHECK_OK(all_scores(a, &sa, &da));
    CHECK_OK(all_scores(b, &sb, &db));
    CHECK(sa->nproducts == sb->nproducts && sa->nmethods == sb->nmethods);
    CHECK(da->m == db->m && da->n == db->n && da->ld == db->ld);
    for (k = 0; k < sa->nactivities; k++)
        CHECK(strcmp(sa->labels->activity_uuids[k],
                     sb->labels->activity_uuids[k]) == 0);
    for (m = 0; m < sa->nmethods; m++)
        CHECK(strcmp(sa->methods[m].name, sb->methods[m].name) == 0);
    for (k = 0; k < da->ld * da->n; k++)
        CHECK_NEAR(db->x[k], da->x[k], 1e-12);
    mb_dense_free(da);
    mb_dense_free(db);
    mb_system_free(sa);
    mb_system_free(sb);
}

TEST(jsonld_export_of_uslci_gives_the_same_scores_whole_and_by_database)
{
    static const char *const names[] = {"uslci", "ipcc", "fedefl"};
    static const char *const files[] = {
        USLCI_DIR "uslci_olca1_5_0_json_ld.zip",
        USLCI_DIR "ipcc_json_v1.0.3.zip", USLCI_DIR "USLCIv2019Q4.csv"};
    const char *dir = test_tmpdir();
    mb_store *original = NULL, *whole = NULL, *parts = NULL;
    char path[400];
    counts c;
    size_t k;

    if (access(files[0], R_OK) != 0)
        SKIP("examples/uslci is not there");
    CHECK((original = new_store(dir, "original.db")) != NULL);
    for (k = 0; k < 3; k++)
        CHECK_OK(import(original, files[k], names[k]));
    /* the whole project: one database when imported again */
    snprintf(path, sizeof path, "%s/whole.zip", dir);
    CHECK_OK(export(original, NULL, path, 0));
    CHECK((whole = new_store(dir, "whole.db")) != NULL);
    CHECK_OK(import(whole, path, "whole"));
    check_same_project(original, whole, 0);
    if (test_failed())
        goto out;
    /* one database at a time, with the reference data each uses */
    CHECK((parts = new_store(dir, "parts.db")) != NULL);
    for (k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s.zip", dir, names[k]);
        CHECK_OK(export(original, names[k], path, 0));
        CHECK_OK(import(parts, path, names[k]));
    }
    check_same_project(original, parts, 1);
    /* what each database brought: the counts of the import summaries */
    CHECK_OK(count_records(original, "uslci", &c));
    CHECK(c.processes == 766 && c.exchanges == 32526 && c.flows == 4601 &&
          c.categories == 0 && c.maps == 0);
    CHECK_OK(count_records(original, "ipcc", &c));
    CHECK(c.processes == 0 && c.categories == 8 && c.factors == 20383 &&
          c.methods == 1 && c.maps == 0);
    /* the mapping brings the flows of the data it maps from */
    CHECK_OK(count_records(original, "fedefl", &c));
    CHECK(c.maps == 4339 && c.processes == 0 && c.categories == 0 &&
          c.flows > 0 && c.groups > 0);
    CHECK(count_records(original, "nope", &c) == MB_ENOTFOUND);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "no database named 'nope' in the project (its "
                       "databases: 'fedefl', 'ipcc', 'uslci')");
out:
    mb_store_close(original);
    mb_store_close(whole);
    mb_store_close(parts);
}

/* The JSON files of a zip, as the reader counts them (0 when unreadable). */
static size_t count_entities(const char *path)
{
    mb_lci_sink none;
    mb_jsonld_stats st;

    memset(&none, 0, sizeof none);
    return mb_jsonld_read(path, &none, &st) == 0 ? st.files : 0;
}

TEST(jsonld_export_written_out_in_parts_is_the_same)
{
    const char *dir = test_tmpdir();
    mb_store *original = NULL, *again = NULL;
    char path[400];

    char whole[400];

    CHECK((original = new_store(dir, "beef.db")) != NULL);
    CHECK_OK(import(original, BEEF, "beef"));
    snprintf(whole, sizeof whole, "%s/whole.zip", dir);
    CHECK_OK(export(original, "beef", whole, 0));
    /* a limit of 1 byte writes the archive out after every member */
    snprintf(path, sizeof path, "%s/beef.zip", dir);
    CHECK_OK(export(original, "beef", path, 1));
    /* olca-schema.json, 8 processes, 48 flows and their reference data */
    CHECK(count_entities(path) > 1 + 8 + 48);
    CHECK(count_entities(path) == count_entities(whole));
    CHECK((again = new_store(dir, "again.db")) != NULL);
    CHECK_OK(import(again, path, "beef"));
    check_same_project(original, again, 0);
    mb_store_close(original);
    mb_store_close(again);
}

/* The names in dir, sorted, joined by spaces. */
static const char *listing(const char *dir)
{
    static char out[1024];
    struct dirent **names;
    int n, k;

    out[0] = '\0';
    if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
        return "(cannot list)";
    for (k = 0; k < n; k++) {
        if (names[k]->d_name[0] != '.' &&
            strlen(out) + strlen(names[k]->d_name) + 2 < sizeof out) {
            strcat(out, out[0] ? " " : "");
            strcat(out, names[k]->d_name);
        }
        free(names[k]);
    }
    free(names);
    return out;
}

TEST(jsonld_write_errors_leave_no_file)
{
    static const mb_lci_process bad = {"", "bad", NULL, NULL,
                                       MB_ALLOC_NONE, 0, NULL, 0, NULL, 0,
                                       NULL};
    const char *dir = test_tmpdir();
    mb_jsonld_writer *w = NULL;
    const mb_lci_sink *s;
    char path[400], missing[400];
    FILE *f;

    /* a file already there stays as it was */
    snprintf(path, sizeof path, "%s/out.zip", dir);
    CHECK((f = fopen(path, "w")) != NULL);
    fputs("old", f);
    fclose(f);
    CHECK_OK(mb_jsonld_writer_open(&w, path, NULL));
    s = mb_jsonld_writer_sink(w);
    CHECK(feed(s) == 0);
    CHECK(s->process(s->ctx, &bad) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "process without an id");
    /* nothing more is taken, and the archive is not finished */
    CHECK(s->process(s->ctx, &processes[1]) == MB_EINVAL);
    CHECK(mb_jsonld_writer_finish(w, NULL) == MB_EINVAL);
    mb_jsonld_writer_free(w);
    CHECK_MSG(strcmp(listing(dir), "out.zip") == 0, "left: %s",
              listing(dir));
    CHECK(count_entities(path) == 0); /* still "old" */
    /* two entities of one kind with one id */
    CHECK_OK(mb_jsonld_writer_open(&w, path, NULL));
    s = mb_jsonld_writer_sink(w);
    CHECK_OK(s->location(s->ctx, &location));
    CHECK(s->location(s->ctx, &location) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "'locations/loc-de.json' is written twice");
    mb_jsonld_writer_free(w);
    CHECK(strcmp(listing(dir), "out.zip") == 0);
    /* a directory that is not there, a directory as the path */
    snprintf(missing, sizeof missing, "%s/no/such/dir/out.zip", dir);
    CHECK(mb_jsonld_writer_open(&w, missing, NULL) == MB_EIO && !w);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "/no/such/dir/out.zip: cannot write there: No such "
                       "file or directory");
    CHECK(mb_jsonld_writer_open(&w, dir, NULL) == MB_EINVAL && !w);
    CHECK_STR_CONTAINS(mb_error_last()->message, "is a directory");
    CHECK(strcmp(listing(dir), "out.zip") == 0);
}
