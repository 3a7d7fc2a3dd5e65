/*
 * test_olca_csv.c - openLCA LCIA method packages and FEDEFL flow mappings
 * in CSV (src/formats/olca_csv.c): the hand-made package and mapping in
 * tests/fixtures/olca_csv/, known answers from ../shared/data (the openLCA
 * LCIA methods 2.1.4 package and the USLCI -> FEDEFL mapping; each number
 * is cited with the file and line it was read from), and bad inputs, each
 * of which must give one error line naming the file and the line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <metabol/metabol.h>
#include <zip.h>

#include "test.h"

#define FIX "tests/fixtures/olca_csv/"

#define MASS "93a60a56-a3c8-11da-a746-0800200b9a66"
#define VOLUME "93a60a56-a3c8-22da-a746-0800200c9a66"
#define AREA_TIME "93a60a56-a3c8-21da-a746-0800200c9a66"
#define C1 "cccccccc-0000-4000-8000-000000000001"
#define C2 "cccccccc-0000-4000-8000-000000000002"
#define C3 "cccccccc-0000-4000-8000-000000000003"

/* A copy of what a reader hands over (records are borrowed). */
typedef struct rec_factor {
    char *flow, *property, *unit, *unit_name, *location, *formula;
    double value;
} rec_factor;

typedef struct rec_category {
    char *id, *name, *unit;
    size_t n;
    rec_factor *f;
} rec_category;

typedef struct rec_method {
    char *id, *name;
    size_t n;
    char **cats;
} rec_method;

typedef struct rec_map {
    char *src, *src_name, *src_cat, *dst, *dst_name, *dst_cat;
    double factor;
} rec_map;

typedef struct recorder {
    int keep_factors; /* copy every factor (small inputs only) */
    rec_category cats[128];
    size_t ncats, nfactors;
    rec_method methods[64];
    size_t nmethods;
    rec_map *maps;
    size_t nmaps, maps_cap;
    int stop_after; /* return 1 from this call on (0: never) */
    size_t calls;
} recorder;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int on_category(void *ctx, const mb_lci_impact_category *c)
{
    recorder *r = ctx;
    rec_category *rc;
    size_t k;

    if (r->stop_after && ++r->calls >= (size_t)r->stop_after)
        return 1;
    if (r->ncats == sizeof r->cats / sizeof *r->cats)
        return -100;
    rc = &r->cats[r->ncats++];
    rc->id = dup_or_null(c->id);
    rc->name = dup_or_null(c->name);
    rc->unit = dup_or_null(c->reference_unit);
    rc->n = c->nfactors;
    rc->f = NULL;
    r->nfactors += c->nfactors;
    if (!r->keep_factors)
        return 0;
    rc->f = calloc(c->nfactors ? c->nfactors : 1, sizeof *rc->f);
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_impact_factor *f = &c->factors[k];

        rc->f[k].flow = dup_or_null(f->flow_id);
        rc->f[k].property = dup_or_null(f->property_id);
        rc->f[k].unit = dup_or_null(f->unit_id);
        rc->f[k].unit_name = dup_or_null(f->unit_name);
        rc->f[k].location = dup_or_null(f->location_id);
        rc->f[k].formula = dup_or_null(f->formula);
        rc->f[k].value = f->value;
    }
    return 0;
}

static int on_method(void *ctx, const mb_lci_impact_method *m)
{
    recorder *r = ctx;
    rec_method *rm;
    size_t k;

    if (r->nmethods == sizeof r->methods / sizeof *r->methods)
        return -100;
    rm = &r->methods[r->nmethods++];
    rm->id = dup_or_null(m->id);
    rm->name = dup_or_null(m->name);
    rm->n = m->ncategories;
    rm->cats = calloc(m->ncategories ? m->ncategories : 1, sizeof *rm->cats);
    for (k = 0; k < m->ncategories; k++)
        rm->cats[k] = dup_or_null(m->category_ids[k]);
    return 0;
}

static int on_map(void *ctx, const mb_lci_flow_map *m)
{
    recorder *r = ctx;
    rec_map *x;

    if (r->stop_after && ++r->calls >= (size_t)r->stop_after)
        return 1;
    if (r->nmaps == r->maps_cap) {
        r->maps_cap = r->maps_cap ? 2 * r->maps_cap : 64;
        r->maps = realloc(r->maps, r->maps_cap * sizeof *r->maps);
    }
    x = &r->maps[r->nmaps++];
    x->src = dup_or_null(m->source_id);
    x->src_name = dup_or_null(m->source_name);
    x->src_cat = dup_or_null(m->source_category);
    x->dst = dup_or_null(m->target_id);
    x->dst_name = dup_or_null(m->target_name);
    x->dst_cat = dup_or_null(m->target_category);
    x->factor = m->factor;
    return 0;
}

static mb_lci_sink sink_of(recorder *r)
{
    mb_lci_sink s;

    memset(&s, 0, sizeof s);
    s.ctx = r;
    s.impact_category = on_category;
    s.impact_method = on_method;
    s.flow_map = on_map;
    return s;
}

static void recorder_free(recorder *r)
{
    size_t k, j;

    for (k = 0; k < r->ncats; k++) {
        rec_category *c = &r->cats[k];

        for (j = 0; c->f && j < c->n; j++) {
            free(c->f[j].flow);
            free(c->f[j].property);
            free(c->f[j].unit);
            free(c->f[j].unit_name);
            free(c->f[j].location);
            free(c->f[j].formula);
        }
        free(c->f);
        free(c->id);
        free(c->name);
        free(c->unit);
    }
    for (k = 0; k < r->nmethods; k++) {
        for (j = 0; j < r->methods[k].n; j++)
            free(r->methods[k].cats[j]);
        free(r->methods[k].cats);
        free(r->methods[k].id);
        free(r->methods[k].name);
    }
    for (k = 0; k < r->nmaps; k++) {
        free(r->maps[k].src);
        free(r->maps[k].src_name);
        free(r->maps[k].src_cat);
        free(r->maps[k].dst);
        free(r->maps[k].dst_name);
        free(r->maps[k].dst_cat);
    }
    free(r->maps);
    memset(r, 0, sizeof *r);
}

static const rec_category *find_category(const recorder *r, const char *id)
{
    size_t k;

    for (k = 0; k < r->ncats; k++)
        if (!strcmp(r->cats[k].id, id))
            return &r->cats[k];
    return NULL;
}

static const rec_method *find_method(const recorder *r, const char *name)
{
    size_t k;

    for (k = 0; k < r->nmethods; k++)
        if (!strcmp(r->methods[k].name, name))
            return &r->methods[k];
    return NULL;
}

static int same(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

/* An error: negative, one line, naming `where` ("bad.csv:3"). */
#define CHECK_ERROR_LINE(rc, where)                                            \
    do {                                                                       \
        int rc_ = (rc);                                                        \
        CHECK_MSG(rc_ < 0, "expected an error, got %d", rc_);                  \
        CHECK_STR_CONTAINS(mb_error_last()->message, where);                   \
        CHECK_MSG(!strchr(mb_error_last()->message, '\n'),                     \
                  "a message of several lines: %s", mb_error_last()->message); \
    } while (0)

static int write_text(const char *dir, const char *name, const char *text)
{
    char path[600];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "wb")))
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* The checks on what the fixture package gives, read in any form. */
static void check_fixture_records(const recorder *r)
{
    const rec_category *c1 = find_category(r, C1), *c2;
    const rec_method *a = find_method(r, "Method A");
    const rec_method *b = find_method(r, "Method B");
    const rec_factor *f;

    /* C3 has no factor file; the README.txt in lcia_factors/ is skipped. */
    CHECK(r->ncats == 2 && c1 && !find_category(r, C3));
    CHECK(!strcmp(r->cats[0].id, C1)); /* files in name order */
    CHECK(!strcmp(c1->name, "Climate change"));
    CHECK(!strcmp(c1->unit, "kg CO2 eq"));
    CHECK(c1->n == 6);
    f = c1->f;
    /* By name, looked up in flow_properties.csv; the unit stays a name. */
    CHECK(!strcmp(f[0].property, MASS) && !strcmp(f[0].unit_name, "kg"));
    CHECK(!f[0].unit && !f[0].location && !f[0].formula && f[0].value == 1);
    /* By uuid. */
    CHECK(!strcmp(f[1].property, MASS) && !f[1].unit_name);
    CHECK(!strcmp(f[1].unit, "20aadc24-a391-41cf-b340-3e4529f44bde"));
    CHECK(f[1].value == 27.9);
    /* Case ignored in property names; a location by its code. */
    CHECK(!strcmp(f[2].property, MASS) && !strcmp(f[2].unit_name, "g"));
    CHECK(!strcmp(f[2].location, "dddddddd-0000-4000-8000-0000000000de"));
    CHECK(f[2].value == 0.5e-3);
    /* A location by name; a quoted number. */
    CHECK(!strcmp(f[3].property, VOLUME));
    CHECK(!strcmp(f[3].location, "dddddddd-0000-4000-8000-000000000e0e"));
    CHECK(f[3].value == 1.5);
    /* "Area*time" for "Area*Time"; a formula. */
    CHECK(!strcmp(f[4].property, AREA_TIME));
    CHECK(same(f[4].formula, "2 * gwp_scale") && f[4].value == 0);
    /* Empty property, unit and location: the flow's reference ones. */
    CHECK(!f[5].property && !f[5].unit && !f[5].unit_name && !f[5].location);
    CHECK(f[5].value == -3);
    /* Columns in another order, no Location column. */
    c2 = find_category(r, C2);
    CHECK(c2 && c2->n == 2 && !strcmp(c2->name, "Acidification, terrestrial"));
    CHECK(c2->f[0].value == 0.25 && !strcmp(c2->f[0].unit_name, "kg"));
    CHECK(!strcmp(c2->f[1].flow, "f0000000-0000-4000-8000-000000000007"));
    CHECK(!c2->f[1].location);
    /* A listed twice, by name; B by id, its C3 left out; C skipped. */
    CHECK(r->nmethods == 2 && a && b && !find_method(r, "Method C"));
    CHECK(!strcmp(a->id, "aaaaaaaa-0000-4000-8000-000000000001"));
    CHECK(a->n == 2 && !strcmp(a->cats[0], C1) && !strcmp(a->cats[1], C2));
    CHECK(b->n == 1 && !strcmp(b->cats[0], C2));
}

TEST(olca_csv_fixture_package)
{
    recorder r = {.keep_factors = 1};
    mb_lci_sink s = sink_of(&r);

    CHECK_OK(mb_olca_csv_methods_read(FIX "package", &s));
    check_fixture_records(&r);
    if (test_failed())
        return;
    recorder_free(&r);
}

/* Zip the fixture package under "refdata/" into path. */
static int zip_fixture(const char *path)
{
    static const char *const files[] = {"lcia_methods.csv",
                                        "lcia_categories.csv",
                                        "lcia_method_categories.csv",
                                        "flow_properties.csv",
                                        "locations.csv",
                                        "lcia_factors/ccccc1.csv",
                                        "lcia_factors/ccccc2.csv"};
    int err, k;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

    if (!z)
        return -1;
    for (k = 0; k < (int)(sizeof files / sizeof *files); k++) {
        char from[256], to[256];
        zip_source_t *src;

        snprintf(from, sizeof from, FIX "package/%s", files[k]);
        snprintf(to, sizeof to, "refdata/%s", files[k]);
        src = zip_source_file(z, from, 0, -1);
        if (!src || zip_file_add(z, to, src, 0) < 0) {
            zip_source_free(src);
            zip_discard(z);
            return -1;
        }
    }
    return zip_close(z);
}

static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

TEST(olca_csv_package_in_a_zip_file_and_buffer)
{
    recorder r = {.keep_factors = 1};
    mb_lci_sink s = sink_of(&r);
    const char *dir = test_tmpdir();
    char path[512];
    void *buf;
    size_t len;

    CHECK(dir);
    snprintf(path, sizeof path, "%s/methods.zip", dir);
    CHECK(zip_fixture(path) == 0);
    CHECK_OK(mb_olca_csv_methods_read(path, &s));
    check_fixture_records(&r);
    if (test_failed())
        return;
    recorder_free(&r);
    s = sink_of(&r);
    r.keep_factors = 1;
    CHECK((buf = slurp(path, &len)) != NULL);
    CHECK_OK(mb_olca_csv_methods_read_buffer(buf, len, "methods.zip", &s));
    free(buf);
    check_fixture_records(&r);
    if (test_failed())
        return;
    recorder_free(&r);
}

/*
 * The openLCA LCIA methods 2.1.4 package as snapshot in ../shared/data
 * (SOURCE.txt there): 68 factor files for 6 of the 44 methods.
 */
TEST(olca_csv_shared_openlca_lcia_methods)
{
    const char *root = test_shared_data();
    static const char *const ar6_gwp100 =
        "244a08dc-ad27-4127-b2bb-626182fb6212";
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);
    const rec_method *ar6, *ipcc2013;
    const rec_category *gwp;
    char path[512];
    size_t k, n = 0;

    if (!root)
        SKIP("../shared/data is absent");
    snprintf(path, sizeof path, "%s/openlca-lcia-csv", root);
    CHECK_OK(mb_olca_csv_methods_read(path, &s));
    /* 68 files, one category each; 261047 data rows in all (counted with
     * Python's csv module). */
    CHECK_MSG(r.ncats == 68, "%zu categories", r.ncats);
    CHECK_MSG(r.nfactors == 261047, "%zu factors", r.nfactors);
    CHECK_MSG(r.nmethods == 6, "%zu methods", r.nmethods);
    /*
     * IPCC 2021 AR6: 12 categories (lcia_method_categories.csv), 15306
     * factors. SOURCE.txt says 15318 "CFs": that is `wc -l` of the 12
     * files, header lines included.
     */
    ar6 = find_method(&r, "IPCC 2021 AR6");
    CHECK(ar6 && !strcmp(ar6->id, "fb0bfc55-63f1-4c38-8167-25be95473fee"));
    CHECK_MSG(ar6->n == 12, "%zu AR6 categories", ar6->n);
    for (k = 0; k < ar6->n; k++) {
        const rec_category *c = find_category(&r, ar6->cats[k]);

        CHECK(c);
        n += c->n;
    }
    CHECK_MSG(n == 15306, "%zu AR6 factors", n);
    /* IPCC 2013 GWP 100a: 1 category, 622 factors (SOURCE.txt: 623). */
    ipcc2013 = find_method(&r, "IPCC 2013 GWP 100a");
    CHECK(ipcc2013 && ipcc2013->n == 1);
    CHECK(find_category(&r, ipcc2013->cats[0])->n == 622);
    /* lcia_categories.csv: "IPCC 2021 GWP 100", reference unit kg CO2 eq;
     * lcia_factors/244a0.csv has its 1282 factors. */
    gwp = find_category(&r, ar6_gwp100);
    CHECK(gwp && !strcmp(gwp->name, "IPCC 2021 GWP 100"));
    CHECK(!strcmp(gwp->unit, "kg CO2 eq") && gwp->n == 1282);
    recorder_free(&r);
}

/* Keeps the one factor of a category and flow it is told to look for. */
typedef struct finder {
    const char *category, *flow;
    int found;
    double value;
    char property[40], unit_name[16];
    int has_location;
} finder;

static int find_factor(void *ctx, const mb_lci_impact_category *c)
{
    finder *x = ctx;
    size_t k;

    if (strcmp(c->id, x->category) != 0)
        return 0;
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_impact_factor *f = &c->factors[k];

        if (strcmp(f->flow_id, x->flow) != 0)
            continue;
        x->found++;
        x->value = f->value;
        snprintf(x->property, sizeof x->property, "%s",
                 f->property_id ? f->property_id : "");
        snprintf(x->unit_name, sizeof x->unit_name, "%s",
                 f->unit_name ? f->unit_name : "");
        x->has_location = f->location_id != NULL;
    }
    return 0;
}

/*
 * lcia_factors/244a0.csv, line 30:
 *   244a08dc-...,0795345f-c7ae-410c-ad25-1845784c75f5,Mass,kg,,27.9
 * GWP 100 of methane, fossil (to air, unspecified: the flow's name in
 * ../ecospold-samples/masterdata, ecoinvent elementary flows 3.4) is 27.9
 * kg CO2 eq (IPCC AR6 WG1, table 7.SM.7).
 */
TEST(olca_csv_shared_ar6_methane_factor)
{
    const char *root = test_shared_data();
    finder x = {"244a08dc-ad27-4127-b2bb-626182fb6212",
                "0795345f-c7ae-410c-ad25-1845784c75f5",
                0,
                0,
                "",
                "",
                0};
    mb_lci_sink s;
    char path[512];

    if (!root)
        SKIP("../shared/data is absent");
    memset(&s, 0, sizeof s);
    s.ctx = &x;
    s.impact_category = find_factor;
    snprintf(path, sizeof path, "%s/openlca-lcia-csv", root);
    CHECK_OK(mb_olca_csv_methods_read(path, &s));
    CHECK(x.found == 1);
    CHECK(x.value == 27.9);
    /* "Mass" is 93a60a56-a3c8-11da-a746-0800200b9a66 in
     * flow_properties.csv, line 11. */
    CHECK(!strcmp(x.property, MASS));
    CHECK(!strcmp(x.unit_name, "kg") && !x.has_location);
}

TEST(flow_mapping_fixture_columns_in_any_order)
{
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);

    CHECK_OK(mb_flow_mapping_read(FIX "mapping.csv", &s));
    CHECK(r.nmaps == 3);
    CHECK(!strcmp(r.maps[0].src, "264153e7-9586-31fa-a728-4dc8c9aa4050"));
    CHECK(
        !strcmp(r.maps[0].src_name, "1,1,1,3,3-Pentafluoropropane, HFC-245fa"));
    CHECK(!strcmp(r.maps[0].src_cat, "air/unspecified"));
    CHECK(!strcmp(r.maps[0].dst, "13e3ee0f-45d2-3061-b7b4-eb2e73ec53d3"));
    CHECK(!strcmp(r.maps[0].dst_name, "HFC-245fa"));
    CHECK(!strcmp(r.maps[0].dst_cat, "emission/air"));
    CHECK(r.maps[0].factor == 1);
    CHECK(r.maps[1].factor == 1000 && !r.maps[1].src_cat);
    CHECK(r.maps[2].factor == 1); /* empty ConversionFactor */
    recorder_free(&r);
}

TEST(flow_mapping_without_conversion_factor_column)
{
    static const char text[] =
        "SourceFlowName,SourceFlowUUID,SourceFlowContext,TargetFlowName,"
        "TargetFlowUUID,TargetFlowContext\n"
        "a,s1,air,b,t1,emission/air\n";
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);

    CHECK_OK(mb_flow_mapping_read_buffer(text, sizeof text - 1, "m.csv", &s));
    CHECK(r.nmaps == 1 && r.maps[0].factor == 1);
    CHECK(!strcmp(r.maps[0].src, "s1") && !strcmp(r.maps[0].dst, "t1"));
    recorder_free(&r);
}

/* A SimaPro-style row names its source by name and context only. */
TEST(flow_mapping_row_by_source_name)
{
    static const char text[] =
        "SourceFlowName,SourceFlowUUID,SourceFlowContext,TargetFlowName,"
        "TargetFlowUUID,TargetFlowContext\n"
        "Carbon dioxide,,Air/high. pop.,Carbon dioxide,t1,emission/air\n";
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);

    CHECK_OK(mb_flow_mapping_read_buffer(text, sizeof text - 1, "m.csv", &s));
    CHECK(r.nmaps == 1 && !r.maps[0].src);
    CHECK(!strcmp(r.maps[0].src_name, "Carbon dioxide") &&
          !strcmp(r.maps[0].src_cat, "Air/high. pop."));
    recorder_free(&r);
}

/*
 * USLCIv2019Q4.csv: 4339 rows (SOURCE.txt); none has an empty
 * SourceFlowUUID or TargetFlowUUID.
 */
TEST(flow_mapping_shared_uslci_to_fedefl)
{
    const char *root = test_shared_data();
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);
    char path[512];
    const rec_map *m;

    if (!root)
        SKIP("../shared/data is absent");
    snprintf(path, sizeof path,
             "%s/fedefl-ipcc-jsonld/mapping/USLCIv2019Q4.csv", root);
    CHECK_OK(mb_flow_mapping_read(path, &s));
    CHECK_MSG(r.nmaps == 4339, "%zu rows", r.nmaps);
    /*
     * Line 1182: USLCIv2019Q4,Waste water/m3,e0065ac9-...,Elementary
     * flows/Emission to water/unspecified,m3,=,1000.0,Water,96054103-...,
     * emission/water,kg,...: the 1181st row.
     */
    m = &r.maps[1180];
    CHECK(!strcmp(m->src, "e0065ac9-4578-3e8d-9338-fd99a299ae46"));
    CHECK(!strcmp(m->src_name, "Waste water/m3"));
    CHECK(!strcmp(m->src_cat, "Elementary flows/Emission to water/"
                              "unspecified"));
    CHECK(!strcmp(m->dst, "96054103-8509-3049-a638-c4d13cc707cc"));
    CHECK(!strcmp(m->dst_name, "Water") &&
          !strcmp(m->dst_cat, "emission/water"));
    CHECK(m->factor == 1000);
    /* Line 3917: Uranium-238 in kBq -> Uranium in kg. */
    CHECK(!strcmp(r.maps[3915].src, "a134f9a5-c800-33a1-b1a5-79579e0322d1"));
    CHECK(r.maps[3915].factor == 8.329999999999999e-05);
    recorder_free(&r);
}

#define MAP_HEADER                                                             \
    "SourceListName,SourceFlowName,SourceFlowUUID,SourceFlowContext,"          \
    "SourceUnit,MatchCondition,ConversionFactor,TargetFlowName,"               \
    "TargetFlowUUID,TargetFlowContext\n"
#define MAP_ROW "L,a,s1,air,kg,=,1.0,b,t1,emission/air\n"

/* Map `text` (as bad.csv) and expect an error naming `where`. */
static int map_text(const char *text)
{
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);
    int rc = mb_flow_mapping_read_buffer(text, strlen(text), "bad.csv", &s);

    recorder_free(&r);
    return rc;
}

TEST(flow_mapping_bad_inputs_give_one_line_naming_file_and_line)
{
    CHECK_ERROR_LINE(
        map_text(MAP_HEADER MAP_ROW "L,\"a,s2,air,kg,=,1,b,t2,emission/air\n"),
        "bad.csv:3: unterminated quoted field");
    CHECK_ERROR_LINE(map_text(MAP_HEADER MAP_ROW
                              "L,a,s2,air,kg,=,1.0.0,b,t2,emission/air\n"),
                     "bad.csv:3: ConversionFactor '1.0.0' is not a number");
    CHECK_ERROR_LINE(map_text(MAP_HEADER "L,a,s2,air,kg,=,NaN,b,t2,e\n"),
                     "bad.csv:2: ConversionFactor 'NaN' is not a finite");
    CHECK(mb_error_last()->code == MB_ENUMERIC);
    CHECK_ERROR_LINE(map_text(MAP_HEADER "L,a,s2,air,kg,=,1e400,b,t2,e\n"),
                     "bad.csv:2: ConversionFactor '1e400' is not a finite");
    CHECK_ERROR_LINE(map_text("SourceFlowName,SourceFlowContext,"
                              "TargetFlowName,TargetFlowUUID\n" MAP_ROW),
                     "bad.csv:1: missing columns 'SourceFlowUUID', "
                     "'TargetFlowContext'");
    CHECK_ERROR_LINE(map_text(MAP_HEADER MAP_ROW "L,a,s2,air,kg,=,1,b,t2\n"),
                     "bad.csv:3: 9 fields, expected 10");
    CHECK_ERROR_LINE(map_text(MAP_HEADER "L,a,s2,air,kg,=,1,b,,e\n"),
                     "bad.csv:2: empty TargetFlowUUID (flow 'b')");
    CHECK_ERROR_LINE(
        map_text(MAP_HEADER MAP_ROW MAP_ROW "L,,,air,kg,=,1,b,t,e\n"),
        "bad.csv:4: empty SourceFlowUUID (flow ''); expected a uuid (a "
        "source flow may instead be named by SourceFlowName");
    CHECK_ERROR_LINE(map_text(""), "bad.csv:1: empty file");
    CHECK_ERROR_LINE(mb_flow_mapping_read("/nonexistent/map.csv", NULL),
                     "mb_flow_mapping_read: no sink");
    {
        recorder r = {0};
        mb_lci_sink s = sink_of(&r);

        CHECK_ERROR_LINE(mb_flow_mapping_read("/nonexistent/map.csv", &s),
                         "/nonexistent/map.csv: cannot open");
    }
}

TEST(flow_mapping_sink_return_stops_the_reader)
{
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);
    static const char text[] = MAP_HEADER MAP_ROW MAP_ROW MAP_ROW;

    r.stop_after = 2;
    CHECK(mb_flow_mapping_read_buffer(text, sizeof text - 1, "m.csv", &s) == 1);
    CHECK(r.nmaps == 1);
    recorder_free(&r);
}

#define FACTOR_HEADER                                                          \
    "LCIA category,Flow,Flow property,Flow unit,Location,"                     \
    "Factor\n"
#define CAT "cccccccc-0000-4000-8000-000000000001"

/* Read factors from `text` (as f.csv) for category CAT. */
static int factors_text(const char *text, recorder *r)
{
    mb_lci_sink s = sink_of(r);

    return mb_olca_csv_factors_read_buffer(text, strlen(text), "f.csv", CAT,
                                           &s);
}

TEST(olca_csv_factor_buffer)
{
    recorder r = {.keep_factors = 1};
    mb_lci_sink s = sink_of(&r);
    static const char text[] =
        FACTOR_HEADER CAT ",fl1," MASS ",kg,,2.5\r\n" CAT ",fl2,,,,x*2\r\n";

    CHECK_OK(factors_text(text, &r));
    CHECK(r.ncats == 1 && !strcmp(r.cats[0].id, CAT) && !r.cats[0].name);
    CHECK(r.cats[0].n == 2 && r.cats[0].f[0].value == 2.5);
    CHECK(!strcmp(r.cats[0].f[0].property, MASS));
    CHECK(same(r.cats[0].f[1].formula, "x*2"));
    recorder_free(&r);
    /* No category given: the first row's. */
    s = sink_of(&r);
    CHECK_OK(mb_olca_csv_factors_read_buffer(text, sizeof text - 1, "f.csv",
                                             NULL, &s));
    CHECK(r.ncats == 1 && !strcmp(r.cats[0].id, CAT));
    recorder_free(&r);
    /* A header alone: nothing to hand over. */
    CHECK_OK(factors_text(FACTOR_HEADER, &r));
    CHECK(r.ncats == 0);
}

TEST(olca_csv_factor_bad_inputs_give_one_line_naming_file_and_line)
{
    recorder r = {0};

    CHECK_ERROR_LINE(factors_text(FACTOR_HEADER CAT ",f," MASS ",kg,,1\n" CAT
                                                    ",f," MASS ",kg,,1.2.3\n",
                                  &r),
                     "f.csv:3: Factor '1.2.3' is neither a number nor a "
                     "formula");
    CHECK_ERROR_LINE(
        factors_text(FACTOR_HEADER CAT ",f," MASS ",kg,,-inf\n", &r),
        "f.csv:2: Factor '-inf' is not a finite number");
    CHECK_ERROR_LINE(factors_text(FACTOR_HEADER CAT ",f," MASS ",kg,,\n", &r),
                     "f.csv:2: Factor '' is neither a number");
    CHECK_ERROR_LINE(
        factors_text(FACTOR_HEADER CAT ",\"f\n\"," MASS ",kg,,\"1\n", &r),
        "f.csv:3: unterminated quoted field");
    CHECK_ERROR_LINE(factors_text(FACTOR_HEADER CAT ",f,Mass,kg,,1\n", &r),
                     "f.csv:2: Flow property 'Mass' is a name, and there is "
                     "no flow_properties.csv");
    CHECK_ERROR_LINE(
        factors_text(FACTOR_HEADER CAT ",f," MASS ",kg,DE,1\n", &r),
        "f.csv:2: Location 'DE' is a name");
    CHECK_ERROR_LINE(factors_text(FACTOR_HEADER "other,f," MASS ",kg,,1\n", &r),
                     "f.csv:2: LCIA category 'other'; expected '" CAT "'");
    CHECK_ERROR_LINE(factors_text(FACTOR_HEADER CAT ",," MASS ",kg,,1\n", &r),
                     "f.csv:2: empty Flow");
    CHECK_ERROR_LINE(factors_text("LCIA category,Flow,Location,Factor\n", &r),
                     "f.csv:1: missing columns 'Flow property', "
                     "'Flow unit'");
    CHECK_ERROR_LINE(factors_text(FACTOR_HEADER CAT ",f," MASS ",kg,1\n", &r),
                     "f.csv:2: 5 fields, expected 6");
    CHECK(r.ncats == 0);
}

/* A package in a new directory, from the fixture's tables and `factors`. */
static const char *make_package(const char *factors, const char *links)
{
    const char *dir = test_tmpdir();
    char sub[600];

    if (!dir)
        return NULL;
    snprintf(sub, sizeof sub, "%s/lcia_factors", dir);
    if (mkdir(sub, 0700) != 0)
        return NULL;
    if (write_text(dir, "lcia_categories.csv",
                   "ID,Name,Reference unit\n" C1 ",A,kg\n" C2 ",B,kg\n") ||
        write_text(dir, "lcia_methods.csv", "ID,Name\nm1,M\n") ||
        write_text(dir, "lcia_method_categories.csv",
                   links ? links : "LCIA method,LCIA category\nM," C1 "\n") ||
        write_text(dir, "lcia_factors/a.csv", factors))
        return NULL;
    return dir;
}

TEST(olca_csv_package_bad_inputs_give_one_line_naming_file_and_line)
{
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);
    const char *dir;
    char path[600];

    /* A category that lcia_categories.csv does not list. */
    dir = make_package(FACTOR_HEADER C1 ",f,,,,1\n" C3 ",f,,,,2\n", NULL);
    CHECK(dir);
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(dir, &s),
                     "lcia_factors/a.csv:3: LCIA category '" C3
                     "' is not in lcia_categories.csv");
    /* Name lookups need flow_properties.csv. */
    dir = make_package(FACTOR_HEADER C1 ",f,Mass,kg,,1\n", NULL);
    CHECK(dir);
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(dir, &s),
                     "lcia_factors/a.csv:2: Flow property 'Mass' is a name, "
                     "and there is no flow_properties.csv");
    CHECK(write_text(dir, "flow_properties.csv",
                     "ID,Name\n" MASS ",Mass\n" VOLUME ",Volume\n") == 0);
    CHECK(write_text(dir, "lcia_factors/a.csv",
                     FACTOR_HEADER C1 ",f,Mass,kg,,1\n" C1
                                      ",f,Weight,kg,,1\n") == 0);
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(dir, &s),
                     "lcia_factors/a.csv:3: unknown flow property 'Weight'");
    /* One category in two files. */
    CHECK(write_text(dir, "lcia_factors/a.csv", FACTOR_HEADER C1 ",f,,,,1\n") ==
          0);
    CHECK(write_text(dir, "lcia_factors/b.csv",
                     FACTOR_HEADER C2 ",f,,,,1\n" C1 ",g,,,,1\n") == 0);
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(dir, &s),
                     "lcia_factors/b.csv:3: LCIA category '" C1
                     "' ('A') already came from lcia_factors/a.csv");
    /* A method that lcia_methods.csv does not list. */
    dir = make_package(FACTOR_HEADER C1 ",f,,,,1\n",
                       "LCIA method,LCIA category\nM," C1 "\nN," C1 "\n");
    CHECK(dir);
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(dir, &s),
                     "lcia_method_categories.csv:3: LCIA method 'N' is not "
                     "in lcia_methods.csv");
    /* No factor files at all, and no package at all. */
    dir = make_package(FACTOR_HEADER, NULL);
    CHECK(dir);
    snprintf(path, sizeof path, "%s/lcia_factors/a.csv", dir);
    CHECK(remove(path) == 0);
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(dir, &s),
                     "no factor files in lcia_factors/");
    CHECK_ERROR_LINE(mb_olca_csv_methods_read(FIX "package/lcia_factors", &s),
                     "lcia_factors: no lcia_categories.csv");
    CHECK(r.ncats == 0 || r.nmethods == 0);
    recorder_free(&r);
}

/* A well-formed package: the category, then its method. */
TEST(olca_csv_minimal_package_order_of_records)
{
    recorder r = {0};
    mb_lci_sink s = sink_of(&r);
    const char *dir = make_package(FACTOR_HEADER C1 ",f,,,,1\n", NULL);

    CHECK(dir);
    CHECK_OK(mb_olca_csv_methods_read(dir, &s));
    CHECK(r.ncats == 1 && r.nmethods == 1);
    CHECK(!strcmp(r.methods[0].id, "m1") && r.methods[0].n == 1);
    CHECK(!strcmp(r.methods[0].cats[0], C1));
    recorder_free(&r);
    /* A sink's nonzero return stops the reader and is returned. */
    s = sink_of(&r);
    r.stop_after = 1;
    CHECK(mb_olca_csv_methods_read(dir, &s) == 1);
    CHECK(r.nmethods == 0);
    recorder_free(&r);
}
