/*
 * test_ilcd.c - the ILCD reader: a small complete system written by hand
 * (tests/fixtures/ilcd/system: ILCD reference unit groups and flow
 * properties, five flows, two processes, two LCIA method data sets)
 * against a hand calculation, from a directory, a zip, a zip laid out
 * otherwise and through `metabol import ilcd` / `metabol lca`; the records
 * as the data gives them; every file of ../shared/data/ilcd-samples read
 * or refused for a reason the test names; errors with file, line, value
 * and what was expected; XML entities not expanded.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "test.h"

#define SYSTEM "tests/fixtures/ilcd/system"
#define STEEL_ID "00000000-0000-4000-a000-000000000022"

/* The files of the fixture, relative to SYSTEM. */
static const char *const system_files[] = {
    "ILCD/ILCDLocations.xml",
    "ILCD/unitgroups/93a60a57-a4c8-11da-a746-0800200c9a66_02.00.000.xml",
    "ILCD/unitgroups/93a60a57-a3c8-11da-a746-0800200c9a66_02.00.000.xml",
    "ILCD/unitgroups/00000000-0000-4000-a000-000000000001.xml",
    "ILCD/flowproperties/93a60a56-a3c8-11da-a746-0800200b9a66_02.00.000.xml",
    "ILCD/flowproperties/93a60a56-a3c8-11da-a746-0800200c9a66_02.00.000.xml",
    "ILCD/flowproperties/00000000-0000-4000-a000-000000000002.xml",
    "ILCD/flows/00000000-0000-4000-a000-000000000011.xml",
    "ILCD/flows/00000000-0000-4000-a000-000000000012.xml",
    "ILCD/flows/00000000-0000-4000-a000-000000000013.xml",
    "ILCD/flows/00000000-0000-4000-a000-000000000014.xml",
    "ILCD/flows/00000000-0000-4000-a000-000000000015.xml",
    "ILCD/processes/00000000-0000-4000-a000-000000000021.xml",
    "ILCD/processes/00000000-0000-4000-a000-000000000022.xml",
    "ILCD/lciamethods/00000000-0000-4000-a000-000000000031.xml",
    "ILCD/lciamethods/00000000-0000-4000-a000-000000000032.xml",
    NULL};

/* The position of name in names[0..n), or -1. */
static int64_t find(char *const *names, int64_t n, const char *name)
{
    int64_t k;

    for (k = 0; k < n; k++)
        if (!strcmp(names[k], name))
            return k;
    return -1;
}

static int64_t flow_row(const mb_system *s, const char *name)
{
    return find(s->labels->flow_names, s->nflows, name);
}

static int64_t product_col(const mb_system *s, const char *name)
{
    return find(s->labels->product_names, s->nactivities, name);
}

/* Scores and inventory of 1 kg of steel. */
typedef struct steel_result {
    double gwp, fossil, co2, coal, electricity;
} steel_result;

static int steel(mb_lcidb *db, const mb_compile_options *o,
                 mb_compile_report *report, steel_result *out)
{
    mb_system *s = NULL;
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    double *demand = NULL;
    int64_t j, gwp, fossil;
    int rc;

    if ((rc = mb_lcidb_compile(&s, report, db, o)) < 0)
        return rc;
    demand = calloc((size_t)s->nproducts, sizeof *demand);
    j = product_col(s, "steel");
    gwp = mb_system_method_index(s, "metabol test method/Climate change");
    fossil = mb_system_method_index(s, "metabol test method/Resource use, "
                                       "fossils");
    rc = -1;
    if (demand && j >= 0 && gwp >= 0 && fossil >= 0) {
        demand[j] = 1;
        if ((rc = mb_lca_new(&lca, s, NULL)) == 0 &&
            (rc = mb_lca_calculate(&res, lca, demand)) == 0) {
            out->gwp = res->scores[gwp];
            out->fossil = res->scores[fossil];
            out->co2 = res->inventory[flow_row(s, "carbon dioxide")];
            out->coal = res->inventory[flow_row(s, "hard coal")];
            out->electricity = res->supply[product_col(s, "electricity")];
        }
    }
    mb_lca_result_free(res);
    mb_lca_free(lca);
    free(demand);
    mb_system_free(s);
    return rc;
}

/*
 * By hand, for 1 kg of steel. The steel process makes 1 kg steel and
 * 0.25 kg slag from 20 MJ electricity, emitting 1.5 kg CO2; its data
 * allocate 80 % of the electricity and 90 % of the CO2 to the steel
 * (causal). Electricity: 1 MJ from 0.05 kg hard coal, emitting 0.05 *
 * efactor kg CO2 with efactor = 2 * share = 2 (resultingAmount 0.1).
 * So: electricity 16 MJ, coal 16 * 0.05 = 0.8 kg, CO2 1.35 + 16 * 0.1 =
 * 2.95 kg; climate change 2.95 kg CO2-Equiv. (factor 1), fossil resources
 * 0.8 kg * 26.3 MJ/kg = 21.04 MJ.
 */
TEST(ilcd_system_gives_the_hand_calculated_result)
{
    mb_lcidb *db = NULL;
    mb_ilcd_stats st;
    mb_compile_report r;
    steel_result x;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ilcd_read(SYSTEM, mb_lcidb_sink(db), &st));
    CHECK(st.files == 16 && st.skipped == 0);
    CHECK(st.unit_groups == 3 && st.flow_properties == 3 && st.flows == 5);
    CHECK(st.locations == 2 && st.processes == 2 && st.exchanges == 7);
    CHECK(st.parameters == 2 && st.impact_categories == 2);
    CHECK(st.impact_factors == 2 && st.impact_methods == 1);
    CHECK_OK(steel(db, NULL, &r, &x));
    CHECK(r.allocated == 1 && r.formulas == 1 && r.linked_by_flow == 2);
    CHECK(r.factors_by_id == 2 && r.factors_unmatched == 0);
    mb_compile_report_free(&r);
    CHECK_NEAR(x.electricity, 16, 1e-14);
    CHECK_NEAR(x.coal, 0.8, 1e-14);
    CHECK_NEAR(x.co2, 2.95, 1e-14);
    CHECK_NEAR(x.gwp, 2.95, 1e-14);
    CHECK_NEAR(x.fossil, 21.04, 1e-14);
    mb_lcidb_free(db);
}

/*
 * Without allocation the steel process keeps all 20 MJ and 1.5 kg CO2 (the
 * slag is cut off): CO2 1.5 + 20 * 0.1 = 3.5 kg, coal 1 kg, 26.3 MJ. With
 * share = 1.5, efactor = 3 and the electricity emits 0.05 * 3 = 0.15 kg/MJ:
 * CO2 1.35 + 16 * 0.15 = 3.75 kg.
 */
TEST(ilcd_system_without_allocation_and_with_a_parameter)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_param_override share = {"share", 1.5};
    mb_lcidb *db = NULL;
    mb_compile_report r;
    steel_result x;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ilcd_read(SYSTEM, mb_lcidb_sink(db), NULL));
    o.allocation = MB_ALLOCATE_NONE;
    CHECK_OK(steel(db, &o, &r, &x));
    mb_compile_report_free(&r);
    CHECK_NEAR(x.co2, 3.5, 1e-14);
    CHECK_NEAR(x.coal, 1.0, 1e-14);
    CHECK_NEAR(x.fossil, 26.3, 1e-14);
    o.allocation = MB_ALLOCATE_DEFAULT;
    o.overrides = &share;
    o.noverrides = 1;
    CHECK_OK(steel(db, &o, &r, &x));
    mb_compile_report_free(&r);
    CHECK_NEAR(x.co2, 3.75, 1e-14);
    CHECK_NEAR(x.gwp, 3.75, 1e-14);
    mb_lcidb_free(db);
}

/* What a few records look like, copied out of the sink's callbacks. */
typedef struct seen {
    char mass_ref[32], co2eq_ref[32];
    double tonne, co2eq_tonne;
    char coal_category[160], co2_cas[32];
    size_t coal_nprops;
    double coal_ncv, coal_mass;
    int coal_ref_is_mass;
    char steel_name[80], steel_location[16], steel_category[80];
    int steel_default_causal;
    size_t steel_nalloc;
    double alloc_co2_slag;
    int64_t alloc_co2_exchange;
    char alloc_product[64];
    char co2_formula[64];
    double co2_amount, co2_gsd;
    int co2_lognormal, steel_ref_flag;
    double share_min, share_max;
    char gwp_unit[32], fossil_unit[32];
    size_t method_ncats;
    char method_name[64];
    char de_name[32];
} seen;

static void copy(char *to, size_t size, const char *s)
{
    snprintf(to, size, "%s", s ? s : "(null)");
}

static int on_group(void *ctx, const mb_lci_unit_group *g)
{
    seen *s = ctx;
    size_t k;

    for (k = 0; k < g->nunits; k++) {
        const mb_lci_unit *u = &g->units[k];

        if (!strcmp(g->id, "93a60a57-a4c8-11da-a746-0800200c9a66")) {
            if (u->is_reference)
                copy(s->mass_ref, sizeof s->mass_ref, u->name);
            if (!strcmp(u->name, "t"))
                s->tonne = u->factor;
        } else if (!strcmp(g->id, "00000000-0000-4000-a000-000000000001")) {
            if (u->is_reference)
                copy(s->co2eq_ref, sizeof s->co2eq_ref, u->name);
            else
                s->co2eq_tonne = u->factor;
        }
    }
    return 0;
}

static int on_flow(void *ctx, const mb_lci_flow *f)
{
    seen *s = ctx;
    size_t k;

    if (!strcmp(f->name, "hard coal")) {
        copy(s->coal_category, sizeof s->coal_category, f->category);
        s->coal_nprops = f->nproperties;
        for (k = 0; k < f->nproperties; k++) {
            const mb_lci_property_factor *p = &f->properties[k];

            if (!strcmp(p->property_id, "93a60a56-a3c8-11da-a746-0800200b9a66")) {
                s->coal_mass = p->factor;
                s->coal_ref_is_mass = p->is_reference;
            } else {
                s->coal_ncv = p->factor;
            }
        }
    } else if (!strcmp(f->name, "carbon dioxide")) {
        copy(s->co2_cas, sizeof s->co2_cas, f->cas);
    }
    return 0;
}

static int on_process(void *ctx, const mb_lci_process *p)
{
    seen *s = ctx;
    size_t k;

    if (!strcmp(p->id, STEEL_ID)) {
        copy(s->steel_name, sizeof s->steel_name, p->name);
        copy(s->steel_location, sizeof s->steel_location, p->location_id);
        copy(s->steel_category, sizeof s->steel_category, p->category);
        s->steel_default_causal = p->default_allocation == MB_ALLOC_CAUSAL;
        s->steel_nalloc = p->nallocation_factors;
        s->steel_ref_flag = (p->exchanges[0].flags & MB_EXCHANGE_REFERENCE) &&
                            !(p->exchanges[1].flags & MB_EXCHANGE_REFERENCE);
        for (k = 0; k < p->nallocation_factors; k++) {
            const mb_lci_allocation_factor *a = &p->allocation_factors[k];

            if (a->type == MB_ALLOC_CAUSAL && a->exchange_internal_id == 3 &&
                !strcmp(a->product_id,
                        "00000000-0000-4000-a000-000000000013")) {
                s->alloc_co2_slag = a->value;
                s->alloc_co2_exchange = a->exchange_internal_id;
                copy(s->alloc_product, sizeof s->alloc_product,
                     a->exchange_flow_id);
            }
        }
        return 0;
    }
    for (k = 0; k < p->nexchanges; k++)
        if (p->exchanges[k].internal_id == 2) {
            copy(s->co2_formula, sizeof s->co2_formula,
                 p->exchanges[k].formula);
            s->co2_amount = p->exchanges[k].amount;
            s->co2_lognormal =
                p->exchanges[k].uncertainty.type == MB_DIST_LOGNORMAL;
            s->co2_gsd = p->exchanges[k].uncertainty.p[1];
        }
    for (k = 0; k < p->nparameters; k++)
        if (!strcmp(p->parameters[k].name, "share") &&
            p->parameters[k].uncertainty.type == MB_DIST_UNIFORM) {
            s->share_min = p->parameters[k].uncertainty.p[0];
            s->share_max = p->parameters[k].uncertainty.p[1];
        }
    return 0;
}

static int on_category(void *ctx, const mb_lci_impact_category *c)
{
    seen *s = ctx;

    if (!strcmp(c->name, "Climate change"))
        copy(s->gwp_unit, sizeof s->gwp_unit, c->reference_unit);
    else
        copy(s->fossil_unit, sizeof s->fossil_unit, c->reference_unit);
    return 0;
}

static int on_method(void *ctx, const mb_lci_impact_method *m)
{
    seen *s = ctx;

    s->method_ncats = m->ncategories;
    copy(s->method_name, sizeof s->method_name, m->name);
    return 0;
}

static int on_location(void *ctx, const mb_lci_location *l)
{
    seen *s = ctx;

    if (!strcmp(l->code, "DE"))
        copy(s->de_name, sizeof s->de_name, l->name);
    return 0;
}

/*
 * The fields as the fixture's XML has them: unit meanValue (t = 1000 kg),
 * the reference unit by internal id, a flow whose reference property is
 * its second (mass, with 26.3 MJ/kg besides), the allocation of exchange
 * 3 to the slag (10 %), referenceToVariable as a formula, SDg^2 = 1.21 as
 * a geometric sd of 1.1, the reference unit of each LCIA data set through
 * its flow property.
 */
TEST(ilcd_records_are_what_the_data_says)
{
    seen s;
    mb_lci_sink sink = {0};

    memset(&s, 0, sizeof s);
    sink.ctx = &s;
    sink.unit_group = on_group;
    sink.flow = on_flow;
    sink.process = on_process;
    sink.impact_category = on_category;
    sink.impact_method = on_method;
    sink.location = on_location;
    CHECK_OK(mb_ilcd_read(SYSTEM, &sink, NULL));
    CHECK(!strcmp(s.mass_ref, "kg") && s.tonne == 1000);
    CHECK(!strcmp(s.co2eq_ref, "kg CO2-Equiv.") && s.co2eq_tonne == 1000);
    CHECK(!strcmp(s.coal_category, "Resources/Resources from ground/"
                                   "Non-renewable energy resources from "
                                   "ground"));
    CHECK(!strcmp(s.co2_cas, "000124-38-9"));
    CHECK(s.coal_nprops == 2 && s.coal_mass == 1 && s.coal_ref_is_mass);
    CHECK(s.coal_ncv == 26.3);
    CHECK(!strcmp(s.steel_name, "steel; at plant"));
    CHECK(!strcmp(s.steel_location, "DE"));
    CHECK(!strcmp(s.steel_category,
                  "Materials production/Metals and semimetals"));
    CHECK(s.steel_default_causal && s.steel_nalloc == 4 && s.steel_ref_flag);
    CHECK_NEAR(s.alloc_co2_slag, 0.1, 1e-15);
    CHECK(!strcmp(s.alloc_product, "00000000-0000-4000-a000-000000000014"));
    CHECK(!strcmp(s.co2_formula, "0.050000000000000003 * efactor"));
    CHECK(s.co2_amount == 0.1);
    CHECK(s.co2_lognormal);
    CHECK_NEAR(s.co2_gsd, 1.1, 1e-15);
    CHECK(s.share_min == 0.9 && s.share_max == 1.1);
    CHECK(!strcmp(s.gwp_unit, "kg CO2-Equiv."));
    CHECK(!strcmp(s.fossil_unit, "MJ"));
    CHECK(s.method_ncats == 2 && !strcmp(s.method_name, "metabol test method"));
    CHECK(!strcmp(s.de_name, "Germany"));
}

/* Zip the fixture into path; flat: every file at the top, renamed so that
 * the LCIA methods come first. */
static int zip_system(const char *path, int flat)
{
    int err, k;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

    if (!z)
        return -1;
    for (k = 0; system_files[k]; k++) {
        char from[512], to[512];
        const char *base = strrchr(system_files[k], '/') + 1;
        zip_source_t *src;

        snprintf(from, sizeof from, "%s/%s", SYSTEM, system_files[k]);
        if (flat)
            snprintf(to, sizeof to, "%c-%s",
                     strstr(from, "lciamethods") ? 'a' : 'b', base);
        else
            snprintf(to, sizeof to, "%s", system_files[k]);
        src = zip_source_file(z, from, 0, -1);
        if (!src || zip_file_add(z, to, src, 0) < 0) {
            zip_source_free(src);
            zip_discard(z);
            return -1;
        }
    }
    return zip_close(z);
}

static int read_file(const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;

    *buf = NULL;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || !(*buf = malloc((size_t)n + 1)) ||
        fread(*buf, 1, (size_t)n, f) != (size_t)n) {
        if (f)
            fclose(f);
        free(*buf);
        return -1;
    }
    fclose(f);
    *len = (size_t)n;
    return 0;
}

/* A zip on disk, the same zip in memory, and a zip where the LCIA methods
 * come before the unit groups (they wait for them): the same answer. */
TEST(ilcd_zip_reads_like_the_directory)
{
    char path[512], *buf;
    size_t len;
    int flat;

    for (flat = 0; flat < 2; flat++) {
        mb_lcidb *db = NULL;
        mb_ilcd_stats st;
        steel_result x;
        seen s;
        mb_lci_sink sink = {0};

        snprintf(path, sizeof path, "%s/system%d.zip", test_tmpdir(), flat);
        CHECK(zip_system(path, flat) == 0);
        CHECK_OK(mb_lcidb_new(&db));
        CHECK_OK(mb_ilcd_read(path, mb_lcidb_sink(db), &st));
        CHECK(st.files == 16 && st.impact_categories == 2);
        CHECK_OK(steel(db, NULL, NULL, &x));
        CHECK_NEAR(x.gwp, 2.95, 1e-14);
        mb_lcidb_free(db);
        CHECK(read_file(path, &buf, &len) == 0);
        memset(&s, 0, sizeof s);
        sink.ctx = &s;
        sink.impact_category = on_category;
        CHECK_OK(mb_ilcd_read_buffer(buf, len, "mem.zip", &sink, &st));
        free(buf);
        CHECK(!strcmp(s.gwp_unit, "kg CO2-Equiv."));
        CHECK(!strcmp(s.fossil_unit, "MJ"));
    }
}

/* What a file of ../shared/data/ilcd-samples gives: NULL when it reads
 * (and compiles, when it has processes), else the error it gives. */
typedef struct sample {
    const char *file;
    const char *error;
} sample;

static const sample samples[] = {
    {"olca-ilcd-test/unit.xml", NULL},
    {"olca-ilcd-test/flowproperty.xml", NULL},
    {"olca-ilcd-test/flow.xml", NULL},
    {"olca-ilcd-test/sdk_sample_flowproperty.xml", NULL},
    {"olca-ilcd-test/sdk_sample_lciamethod.xml", NULL},
    {"olca-ilcd-test/sdk_sample_locations.xml", NULL},
    /* the ABS granulate of ELCD, without its flows */
    {"olca-ilcd-test/process.xml",
     "exchange 1: the flow eb5924c9-5e3d-435b-a988-9937a73b44d6 is not in "
     "the data"},
    /* the SDK's samples are synthetic: zeros and placeholder formulas */
    {"olca-ilcd-test/sdk_sample_process.xml",
     "parameter 'variable0': formula 'formula0': unknown parameter "
     "'formula0'"},
    {"olca-ilcd-test/sdk_sample_unitgroup.xml",
     "sdk_sample_unitgroup.xml: line 122: unit 'name0': meanValue 0: "
     "expected a positive number"},
    {"olca-ilcd-test/sdk_sample_flow.xml",
     "sdk_sample_flow.xml: line 60: the reference flow property "
     "00000000-0000-0000-0000-000000000000 has meanValue 0: expected a "
     "positive number"},
    {"olca-ilcd-test/sdk_sample_epd_flow.xml",
     "sdk_sample_epd_flow.xml: line 97: the reference flow property"},
    {"olca-ilcd-test/sdk_sample_epd.xml",
     "sdk_sample_epd.xml: line 185: exchange gives amounts by EPD module "
     "('A1-A3'): an ILCD+EPD data set holds results per life cycle module"},
    {"olca-ilcd-test/epd-v1.3-example.xml",
     "epd-v1.3-example.xml: line 301: exchange gives amounts by EPD module"},
    /* not needed for a calculation: nothing to import */
    {"olca-ilcd-test/contact.xml", "contact.xml: no ILCD data set that "
                                   "metabol reads"},
    {"olca-ilcd-test/sdk_sample_contact.xml", "no ILCD data set"},
    {"olca-ilcd-test/source.xml", "no ILCD data set"},
    {"olca-ilcd-test/sdk_sample_source.xml", "no ILCD data set"},
    {"olca-ilcd-test/sdk_sample_classification.xml", "no ILCD data set"},
    {"olca-ilcd-test/sdk_sample_flow_categorization.xml",
     "no ILCD data set"},
    {"olca-ilcd-test/eilcd_sample_model.xml", "no ILCD data set"},
    {NULL, NULL}};

/* The outcome of one sample: 0 when as expected. */
static int check_sample(const char *root, const sample *x, char *why,
                        size_t size)
{
    char path[1024];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_ilcd_stats st;
    int rc;

    snprintf(path, sizeof path, "%s/ilcd-samples/%s", root, x->file);
    if (mb_lcidb_new(&db) < 0)
        return -1;
    rc = mb_ilcd_read(path, mb_lcidb_sink(db), &st);
    if (rc == 0 && st.processes > 0) {
        rc = mb_lcidb_compile(&s, NULL, db, NULL);
        mb_system_free(s);
    }
    mb_lcidb_free(db);
    snprintf(why, size, "%s: %s", x->file,
             rc == 0 ? "read" : mb_error_last()->message);
    if (!x->error)
        return rc;
    return rc < 0 && strstr(mb_error_last()->message, x->error) ? 0 : -1;
}

TEST(ilcd_shared_samples_read_or_are_refused_with_a_reason)
{
    const char *root = test_shared_data();
    char dir[1024], why[1200];
    struct dirent *e;
    DIR *d;
    int k;

    if (!root)
        SKIP("../shared/data is absent");
    for (k = 0; samples[k].file; k++)
        CHECK_MSG(check_sample(root, &samples[k], why, sizeof why) == 0,
                  "%s (expected %s)", why,
                  samples[k].error ? samples[k].error : "to read");
    /* no file of the folder escapes the table */
    snprintf(dir, sizeof dir, "%s/ilcd-samples/olca-ilcd-test", root);
    CHECK((d = opendir(dir)) != NULL);
    while ((e = readdir(d)) != NULL) {
        char name[300];

        if (e->d_name[0] == '.')
            continue;
        snprintf(name, sizeof name, "olca-ilcd-test/%s", e->d_name);
        for (k = 0; samples[k].file && strcmp(samples[k].file, name); k++)
            ;
        if (!samples[k].file) {
            closedir(d);
            CHECK_MSG(0, "%s is not in the table of samples", name);
        }
    }
    closedir(d);
}

/*
 * The ILCD reference package (unit groups, flow properties, locations,
 * contacts, sources, classifications), then the olca-ilcd-test flow
 * (glycidol, in kg) on top: it compiles as far as "no processes".
 */
TEST(ilcd_shared_reference_package_reads)
{
    const char *root = test_shared_data();
    char path[1024];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_ilcd_stats st;

    if (!root)
        SKIP("../shared/data is absent");
    snprintf(path, sizeof path, "%s/ilcd-samples/ilcd_folder", root);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ilcd_read(path, mb_lcidb_sink(db), &st));
    CHECK(st.files == 42 && st.skipped == 8);
    CHECK(st.unit_groups == 15 && st.flow_properties == 18);
    CHECK(st.locations == 269 && st.flows == 0);
    snprintf(path, sizeof path, "%s/ilcd-samples/olca-ilcd-test/flow.xml",
             root);
    CHECK_OK(mb_ilcd_read(path, mb_lcidb_sink(db), &st));
    CHECK(st.flows == 1);
    CHECK(mb_lcidb_compile(&s, NULL, db, NULL) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "no processes");
    mb_lcidb_free(db);
}

/* A process document making f-1 (exchange 0), with `exchanges` besides. */
static void process_doc(char *buf, size_t size, const char *exchanges)
{
    snprintf(buf, size,
             "<?xml version=\"1.0\"?>\n"
             "<processDataSet xmlns=\"http://lca.jrc.it/ILCD/Process\" "
             "xmlns:common=\"http://lca.jrc.it/ILCD/Common\">\n"
             "<processInformation><dataSetInformation>"
             "<common:UUID>p-1</common:UUID>"
             "<name><baseName>mill</baseName></name></dataSetInformation>\n"
             "<quantitativeReference><referenceToReferenceFlow>0"
             "</referenceToReferenceFlow></quantitativeReference>\n"
             "</processInformation><exchanges>\n"
             "<exchange dataSetInternalID=\"0\"><referenceToFlowDataSet "
             "refObjectId=\"f-1\"/><exchangeDirection>Output"
             "</exchangeDirection><meanAmount>1</meanAmount></exchange>\n"
             "%s\n</exchanges></processDataSet>\n",
             exchanges);
}

/* Read doc; CHECK that it fails with code and a message containing text. */
#define CHECK_REFUSED(doc, code, text)                                        \
    do {                                                                      \
        mb_lci_sink sink_ = {0};                                              \
        CHECK(mb_ilcd_read_document((doc), strlen(doc), "t.xml", &sink_,     \
                                    NULL) == (code));                         \
        CHECK_STR_CONTAINS(mb_error_last()->message, (text));                 \
    } while (0)

TEST(ilcd_errors_name_file_line_value_and_expectation)
{
    char doc[4096];

    CHECK_REFUSED("<processDataSet><x", MB_EFORMAT, "t.xml: line 1");
    CHECK_REFUSED("<other/>", MB_EFORMAT,
                  "t.xml: line 1: not an ILCD data set: root element "
                  "'other' (expected processDataSet");
    process_doc(doc, sizeof doc,
                "<exchange dataSetInternalID=\"1\"><referenceToFlowDataSet "
                "refObjectId=\"f-2\"/><exchangeDirection>Input"
                "</exchangeDirection><meanAmount>lots</meanAmount>"
                "</exchange>");
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "t.xml: line 7: meanAmount 'lots': expected a number");
    process_doc(doc, sizeof doc,
                "<exchange dataSetInternalID=\"1\"><referenceToFlowDataSet "
                "refObjectId=\"f-2\"/><exchangeDirection>In"
                "</exchangeDirection><meanAmount>1</meanAmount></exchange>");
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "t.xml: line 7: exchange 1: exchangeDirection 'In': "
                  "expected Input or Output");
    process_doc(doc, sizeof doc,
                "<exchange dataSetInternalID=\"0\"><referenceToFlowDataSet "
                "refObjectId=\"f-2\"/><exchangeDirection>Input"
                "</exchangeDirection><meanAmount>1</meanAmount></exchange>");
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "line 7: two exchanges have dataSetInternalID 0");
    process_doc(doc, sizeof doc, "");
    strstr(doc, "ReferenceFlow>0<")[14] = '7';
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "referenceToReferenceFlow 7: no exchange has this "
                  "dataSetInternalID");
    process_doc(doc, sizeof doc,
                "<exchange dataSetInternalID=\"1\"><referenceToFlowDataSet "
                "refObjectId=\"f-2\"/><exchangeDirection>Input"
                "</exchangeDirection><meanAmount>1</meanAmount>"
                "<allocations><allocation internalReferenceToCoProduct=\"5\" "
                "allocatedFraction=\"50\"/></allocations></exchange>");
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "t.xml: line 7: exchange 1: allocation to co-product 5, "
                  "but no exchange has this dataSetInternalID");
    process_doc(doc, sizeof doc,
                "<exchange dataSetInternalID=\"1\"><referenceToFlowDataSet "
                "refObjectId=\"f-2\"/><exchangeDirection>Input"
                "</exchangeDirection><meanAmount>1</meanAmount>"
                "<uncertaintyDistributionType>weibull"
                "</uncertaintyDistributionType></exchange>");
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "line 7: uncertaintyDistributionType 'weibull': expected "
                  "undefined, log-normal, normal, triangular or uniform");
    process_doc(doc, sizeof doc,
                "<exchange dataSetInternalID=\"1\"><referenceToFlowDataSet "
                "refObjectId=\"f-2\"/><exchangeDirection>Input"
                "</exchangeDirection><common:other><amount module=\"A1-A3\">"
                "2</amount></common:other></exchange>");
    CHECK_REFUSED(doc, MB_EUNSUPPORTED,
                  "t.xml: line 7: exchange gives amounts by EPD module "
                  "('A1-A3')");
    CHECK_REFUSED("<flowDataSet><flowInformation><dataSetInformation>"
                  "<UUID>f</UUID></dataSetInformation></flowInformation>"
                  "<modellingAndValidation><LCIMethod><typeOfDataSet>"
                  "Elementary</typeOfDataSet></LCIMethod>"
                  "</modellingAndValidation></flowDataSet>",
                  MB_EFORMAT,
                  "t.xml: line 1: typeOfDataSet 'Elementary': expected "
                  "Elementary flow, Product flow, Waste flow or Other flow");
    CHECK_REFUSED("<unitGroupDataSet><unitGroupInformation>"
                  "<dataSetInformation><UUID>g</UUID></dataSetInformation>"
                  "<quantitativeReference><referenceToReferenceUnit>3"
                  "</referenceToReferenceUnit></quantitativeReference>"
                  "</unitGroupInformation><units><unit dataSetInternalID="
                  "\"0\"><name>kg</name><meanValue>1</meanValue></unit>"
                  "</units></unitGroupDataSet>",
                  MB_EFORMAT,
                  "referenceToReferenceUnit 3: no unit has this "
                  "dataSetInternalID");
    CHECK_REFUSED("<flowPropertyDataSet><flowPropertiesInformation>"
                  "<dataSetInformation/></flowPropertiesInformation>"
                  "</flowPropertyDataSet>",
                  MB_EFORMAT,
                  "flow property data set without dataSetInformation/UUID");
}

/* An LCIA method data set with the given factors. */
static void lcia_doc(char *buf, size_t size, const char *factors)
{
    snprintf(buf, size,
             "<LCIAMethodDataSet><LCIAMethodInformation><dataSetInformation>"
             "<UUID>c-1</UUID><name>GWP</name>"
             "<methodology>M</methodology><methodology>M</methodology>"
             "</dataSetInformation></LCIAMethodInformation>"
             "<characterisationFactors>%s</characterisationFactors>"
             "</LCIAMethodDataSet>",
             factors);
}

#define FACTOR(flow, dir, where, value)                                       \
    "<factor><referenceToFlowDataSet refObjectId=\"" flow "\"/>"             \
    "<location>" where "</location><exchangeDirection>" dir                  \
    "</exchangeDirection><meanValue>" value "</meanValue></factor>"

static size_t nfactors, nregional, ncategories;

static int count_factors(void *ctx, const mb_lci_impact_category *c)
{
    size_t k;

    (void)ctx;
    nfactors = c->nfactors;
    for (k = 0, nregional = 0; k < c->nfactors; k++)
        nregional += c->factors[k].location_id != NULL;
    return 0;
}

static int count_categories(void *ctx, const mb_lci_impact_method *m)
{
    (void)ctx;
    ncategories = m->ncategories;
    return 0;
}

/*
 * One factor per flow whatever its direction: the same value twice is
 * kept once, two values are refused. GLO is no region; another location
 * makes a regionalized factor. A methodology named twice lists the
 * category once.
 */
TEST(ilcd_lcia_factors_one_per_flow_and_location)
{
    mb_lci_sink sink = {0};
    char doc[2048];

    sink.impact_category = count_factors;
    sink.impact_method = count_categories;
    lcia_doc(doc, sizeof doc,
             FACTOR("co2", "Output", "GLO", "1") FACTOR("co2", "Input", "GLO",
                                                        "1.0")
                 FACTOR("co2", "Output", "DE", "2") FACTOR("ch4", "Output",
                                                           "", "28"));
    CHECK_OK(mb_ilcd_read_document(doc, strlen(doc), "m.xml", &sink, NULL));
    CHECK(nfactors == 3 && nregional == 1 && ncategories == 1);
    lcia_doc(doc, sizeof doc,
             FACTOR("co2", "Output", "", "1") FACTOR("co2", "Input", "",
                                                     "-1"));
    CHECK_REFUSED(doc, MB_EFORMAT,
                  "t.xml: line 1: flow co2 has two characterisation "
                  "factors, 1 and -1 (this one Input)");
}

static char old_unit[64];
static double old_factor_sd, old_tri_min, old_tri_mode;

static int old_category(void *ctx, const mb_lci_impact_category *c)
{
    size_t k;

    (void)ctx;
    snprintf(old_unit, sizeof old_unit, "%s",
             c->reference_unit ? c->reference_unit : "(null)");
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_uncertainty *u = &c->factors[k].uncertainty;

        if (u->type == MB_DIST_NORMAL)
            old_factor_sd = u->p[1];
        else if (u->type == MB_DIST_TRIANGLE) {
            old_tri_min = u->p[0];
            old_tri_mode = u->p[1];
        }
    }
    return 0;
}

static int old_method(void *ctx, const mb_lci_impact_method *m)
{
    snprintf(ctx, 64, "%s", m->name);
    return 0;
}

/*
 * The LCIA layout of the schema build in the ILCD package (build 946):
 * the unit group named directly, flowsExchanges/flowExchange, the
 * methodology as standardMethod. Here the data set comes first by name, so
 * it waits for the unit group. Normal: 2 SD = 20 % of 25, so SD 2.5.
 */
TEST(ilcd_lcia_method_of_the_older_schema_build)
{
    const char *dir = test_tmpdir();
    char path[600], method[64] = "";
    mb_lci_sink sink = {0};

    snprintf(path, sizeof path, "%s/old", dir);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/old/a.xml", dir);
    CHECK(write_text(
              path,
              "<LCIAMethodDataSet><LCIAMethodInformation><dataSetInformation>"
              "<UUID>c-2</UUID><name>Climate change</name><methodology>"
              "<standardMethod>CML 2002</standardMethod></methodology>"
              "</dataSetInformation><quantitativeReference>"
              "<referenceToReferenceUnitGroup refObjectId=\"g-1\"/>"
              "</quantitativeReference></LCIAMethodInformation>"
              "<flowsExchanges><flowExchange><referenceToFlowDataSet "
              "refObjectId=\"co2\"/><meanValue>1</meanValue><minimumValue>"
              "0.9</minimumValue><maximumValue>1.2</maximumValue>"
              "<uncertaintyDistributionType>triangular"
              "</uncertaintyDistributionType></flowExchange><flowExchange>"
              "<referenceToFlowDataSet refObjectId=\"ch4\"/><meanValue>25"
              "</meanValue><uncertaintyDistributionType>normal"
              "</uncertaintyDistributionType><relativeStandardDeviation95In>"
              "20</relativeStandardDeviation95In></flowExchange>"
              "</flowsExchanges></LCIAMethodDataSet>") == 0);
    snprintf(path, sizeof path, "%s/old/b.xml", dir);
    CHECK(write_text(path,
                     "<unitGroupDataSet><unitGroupInformation>"
                     "<dataSetInformation><UUID>g-1</UUID>"
                     "</dataSetInformation><quantitativeReference>"
                     "<referenceToReferenceUnit>0</referenceToReferenceUnit>"
                     "</quantitativeReference></unitGroupInformation><units>"
                     "<unit dataSetInternalID=\"0\"><name>kg CO2 eq</name>"
                     "<meanValue>1</meanValue></unit></units>"
                     "</unitGroupDataSet>") == 0);
    sink.ctx = method;
    sink.impact_category = old_category;
    sink.impact_method = old_method;
    snprintf(path, sizeof path, "%s/old", dir);
    CHECK_OK(mb_ilcd_read(path, &sink, NULL));
    CHECK(!strcmp(old_unit, "kg CO2 eq"));
    CHECK(!strcmp(method, "CML 2002"));
    CHECK_NEAR(old_factor_sd, 2.5, 1e-15);
    CHECK(old_tri_min == 0.9 && old_tri_mode == 1);
}

/* A record the sink refuses: the message names the file. */
TEST(ilcd_sink_errors_name_the_file)
{
    char doc[2048];
    mb_lcidb *db = NULL;

    process_doc(doc, sizeof doc, "");
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ilcd_read_document(doc, strlen(doc), "a.xml",
                                   mb_lcidb_sink(db), NULL));
    CHECK(mb_ilcd_read_document(doc, strlen(doc), "b.xml", mb_lcidb_sink(db),
                                NULL) < 0);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "b.xml: process p-1 ('mill') is there twice");
    mb_lcidb_free(db);
}

static int last_process(void *ctx, const mb_lci_process *p)
{
    snprintf(ctx, 64, "%s", p->name);
    return 0;
}

/* Two versions of one data set side by side: the newer is read. */
TEST(ilcd_reads_the_newest_version_of_a_data_set)
{
    const char *dir = test_tmpdir();
    const char *versions[] = {"01.00.000", "01.00.002"};
    char path[600], doc[2048], name[64] = "";
    mb_lci_sink sink = {0};
    mb_ilcd_stats st;
    int k;

    snprintf(path, sizeof path, "%s/versions", dir);
    CHECK(mkdir(path, 0700) == 0);
    for (k = 0; k < 2; k++) {
        process_doc(doc, sizeof doc, "");
        memcpy(strstr(doc, "mill"), k ? "MILL" : "mill", 4);
        snprintf(path, sizeof path, "%s/versions/p-1_%s.xml", dir,
                 versions[k]);
        CHECK(write_text(path, doc) == 0);
    }
    sink.ctx = name;
    sink.process = last_process;
    snprintf(path, sizeof path, "%s/versions", dir);
    CHECK_OK(mb_ilcd_read(path, &sink, &st));
    CHECK(st.processes == 1 && st.skipped == 1 && st.files == 1);
    CHECK(!strcmp(name, "MILL"));
}

static char group_name[200];

static int keep_group_name(void *ctx, const mb_lci_unit_group *g)
{
    (void)ctx;
    snprintf(group_name, sizeof group_name, "%s", g->name ? g->name : "");
    return 0;
}

static int keep_property_name(void *ctx, const mb_lci_flow_property *p)
{
    (void)ctx;
    snprintf(group_name, sizeof group_name, "%s", p->name ? p->name : "");
    return 0;
}

/*
 * No external entity is read (the name keeps its text, without
 * /etc/passwd) and no entity is expanded: fuzz/corpus/ilcd/bad-laughs.xml
 * (10^9 "lol"s) is refused, or read without them.
 */
TEST(ilcd_xml_entities_are_not_expanded)
{
    static const char xxe[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE unitGroupDataSet [<!ENTITY e SYSTEM "
        "\"file:///etc/passwd\">]>\n"
        "<unitGroupDataSet><unitGroupInformation><dataSetInformation>"
        "<UUID>g</UUID><name>&e;units</name></dataSetInformation>"
        "<quantitativeReference><referenceToReferenceUnit>0"
        "</referenceToReferenceUnit></quantitativeReference>"
        "</unitGroupInformation><units><unit dataSetInternalID=\"0\">"
        "<name>kg</name><meanValue>1</meanValue></unit></units>"
        "</unitGroupDataSet>";
    mb_lci_sink sink = {0};
    int rc;

    sink.unit_group = keep_group_name;
    sink.flow_property = keep_property_name;
    CHECK_OK(mb_ilcd_read_document(xxe, sizeof xxe - 1, "xxe.xml", &sink,
                                   NULL));
    CHECK(!strcmp(group_name, "units"));
    group_name[0] = '\0';
    rc = mb_ilcd_read("fuzz/corpus/ilcd/bad-laughs.xml", &sink, NULL);
    CHECK(rc == MB_EFORMAT || (rc == 0 && !strstr(group_name, "lollol")));
}

/*
 * The command line: import the fixture, an LCA of 1 kg steel (and of
 * 0.001 t, and with share = 1.5: see the hand calculations above), and a
 * process without its flows refused in one line, leaving no project.
 */
TEST(ilcd_cli_import_and_lca)
{
    char db[512], cmd[1024];

    snprintf(db, sizeof db, "%s/ilcd.db", test_tmpdir());
    snprintf(cmd, sizeof cmd, "-p %s import ilcd " SYSTEM, db);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "imported 'system' (ilcd)");
    CHECK_STR_CONTAINS(out_text, "2 processes, 7 exchanges, 5 flows, 3 unit "
                                 "groups, 3 flow properties, 2 locations, 2 "
                                 "impact categories (2 factors), 1 methods");
    snprintf(cmd, sizeof cmd,
             "-p %s lca --process 'steel; at plant' --format csv", db);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "impact,\"metabol test method/Climate "
                                 "change\",,,,2.95");
    CHECK_STR_CONTAINS(out_text, "\"kg CO2-Equiv.\"");
    CHECK_STR_CONTAINS(out_text, "impact,\"metabol test method/Resource use, "
                                 "fossils\",,,,21.04");
    snprintf(cmd, sizeof cmd,
             "-p %s lca --process " STEEL_ID
             " --amount 0.001 --unit t --param share=1.5 --format csv",
             db);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "Climate change\",,,,3.75");
    if (test_shared_data()) {
        snprintf(db, sizeof db, "%s/abs.db", test_tmpdir());
        snprintf(cmd, sizeof cmd,
                 "-p %s import ilcd %s/ilcd-samples/olca-ilcd-test/process.xml",
                 db, test_shared_data());
        CHECK_ERROR_LINE(run(cmd),
                         "process 76d6aaa4-37e2-40b2-994c-03292b600074 "
                         "('Acrylonitrile-Butadiene-Styrene granulate (ABS); "
                         "production mix, at plant'): exchange 1: the flow "
                         "eb5924c9-5e3d-435b-a988-9937a73b44d6 is not in "
                         "the data");
        CHECK(access(db, F_OK) != 0);
    }
}
