/*
 * test_ecospold2.c - the EcoSpold 2 reader: VoLCA's SAMPLE.min3 system
 * against its published answer, units converted within a dimension,
 * VoLCA's self-loop system, errors with file and line, and XML that tries external entities or
 * entity expansion.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "test.h"
#include "xml_laughs.h"

#define MIN3 "tests/fixtures/ecospold2"

static int64_t row_of(const mb_system *s, const char *name)
{
    int64_t f;

    for (f = 0; f < s->nflows; f++)
        if (!strcmp(s->labels->flow_names[f], name))
            return f;
    return -1;
}

/*
 * VoLCA SAMPLE.min3 (tests/fixtures/ecospold2/LICENSE.txt): X needs
 * 0.6 kg Y, Y needs 0.4 kg Z, Z emits 4 kg CO2 and 0.003 kg zinc; for
 * 1 kg of X, VoLCA's test/GoldenData.hs gives supply [1, 0.6, 0.24],
 * CO2 0.96 kg and zinc 0.00072 kg.
 */
TEST(ecospold2_min3_gives_volca_answers)
{
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    mb_ecospold2_stats st;
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    double demand[3] = {0, 0, 0};
    int64_t x, y, z;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read(MIN3, NULL, mb_lcidb_sink(db), &st));
    CHECK(st.files == 3 && st.activities == 3 && st.exchanges == 7);
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    CHECK(r.linked_default == 2); /* activityLinkId */
    x = mb_system_find_activity(s, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");
    y = mb_system_find_activity(s, "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb");
    z = mb_system_find_activity(s, "dddddddd-dddd-dddd-dddd-dddddddddddd");
    CHECK(x >= 0 && y >= 0 && z >= 0);
    demand[x] = 1;
    CHECK_OK(mb_lca_new(&lca, s, NULL));
    CHECK_OK(mb_lca_calculate(&res, lca, demand));
    CHECK_NEAR(res->supply[x], 1.0, 1e-10);
    CHECK_NEAR(res->supply[y], 0.6, 1e-10);
    CHECK_NEAR(res->supply[z], 0.24, 1e-10);
    CHECK_NEAR(res->inventory[row_of(s, "carbon dioxide")], 0.96, 1e-10);
    CHECK_NEAR(res->inventory[row_of(s, "zinc II")], 0.00072, 1e-10);
    CHECK(!strcmp(s->labels->flow_categories[row_of(s, "carbon dioxide")],
                  "air"));
    CHECK(!strcmp(s->labels->product_units[x], "kg"));
    mb_lca_result_free(res);
    mb_lca_free(lca);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * VoLCA SAMPLE.min (tests/fixtures/ecospold2-selfloop/LICENSE.txt): A uses
 * 0.1 kg of its own product per kg. The input nets against the output on
 * the diagonal (1 - 0.1), as ecoinvent and Brightway do, so 1 kg of A needs
 * 10/9 kg of A's activity and the chain emits 64/225 kg CO2 (exact values
 * worked out in ../shared/data/lca/volca_selfloop/SOURCE.txt).
 */
TEST(ecospold2_self_loop_nets_on_the_diagonal)
{
    static const char *const ids[4] = {
        "aa000001-0000-0000-0000-000000000000",
        "bb000002-0000-0000-0000-000000000000",
        "cc000003-0000-0000-0000-000000000000",
        "dd000004-0000-0000-0000-000000000000"};
    const double supply[4] = {10.0 / 9, 8.0 / 9, 16.0 / 45, 32.0 / 225};
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    double demand[4] = {0, 0, 0, 0};
    int64_t col[4];
    int k;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read("tests/fixtures/ecospold2-selfloop", NULL,
                               mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    CHECK(s->nactivities == 4);
    for (k = 0; k < 4; k++)
        CHECK((col[k] = mb_system_find_activity(s, ids[k])) >= 0);
    demand[col[0]] = 1;
    CHECK_OK(mb_lca_new(&lca, s, NULL));
    CHECK_OK(mb_lca_calculate(&res, lca, demand));
    for (k = 0; k < 4; k++)
        CHECK_NEAR(res->supply[col[k]], supply[k], 1e-12);
    CHECK_NEAR(res->inventory[0], 64.0 / 225, 1e-12);
    CHECK(s->nflows == 1);
    mb_lca_result_free(res);
    mb_lca_free(lca);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/* A document: one activity making 1 kg of "p" from `in`. */
static void spold(char *buf, size_t size, const char *id, const char *in)
{
    snprintf(buf, size,
             "<?xml version=\"1.0\"?>\n"
             "<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">\n"
             "<activityDataset><activityDescription>"
             "<activity id=\"%s\"><activityName>%s</activityName>"
             "</activity></activityDescription><flowData>\n"
             "<intermediateExchange intermediateExchangeId=\"p-%s\" "
             "amount=\"1\"><name>p</name><unitName>kg</unitName>"
             "<outputGroup>0</outputGroup></intermediateExchange>\n"
             "%s\n</flowData></activityDataset></ecoSpold>\n",
             id, id, id, in);
}

/* 500 g of steel made in t is 0.5 kg: units of one dimension convert. */
TEST(ecospold2_units_of_a_dimension_convert)
{
    char a[2048], b[2048];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    int64_t mill, user;

    spold(a, sizeof a, "mill", "");
    spold(b, sizeof b, "user",
          "<intermediateExchange intermediateExchangeId=\"p-mill\" "
          "amount=\"0.0005\"><name>p</name><unitName>metric ton</unitName>"
          "<inputGroup>5</inputGroup></intermediateExchange>");
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read_document(a, strlen(a), "a.spold",
                                        mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_ecospold2_read_document(b, strlen(b), "b.spold",
                                        mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    mill = mb_system_find_activity(s, "mill");
    user = mb_system_find_activity(s, "user");
    CHECK(s->A->m == 2);
    {
        int64_t p;
        double v = 0;

        for (p = s->A->p[user]; p < s->A->p[user + 1]; p++)
            if (s->A->i[p] == mill)
                v = s->A->x[p];
        CHECK_NEAR(v, -0.5, 1e-15);
    }
    mb_system_free(s);
    mb_lcidb_free(db);
}

TEST(ecospold2_errors_name_file_and_line)
{
    char a[2048];
    mb_lci_sink sink = {0};

    CHECK(mb_ecospold2_read_document("<ecoSpold><x", 12, "bad.spold", &sink,
                                     NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "bad.spold: line 1");
    CHECK(mb_ecospold2_read_document("<other/>", 8, "o.spold", &sink,
                                     NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "o.spold: line 1: not an EcoSpold 2 activity "
                       "dataset");
    spold(a, sizeof a, "m",
          "<intermediateExchange intermediateExchangeId=\"q\" "
          "amount=\"lots\"><unitName>kg</unitName>"
          "<inputGroup>5</inputGroup></intermediateExchange>");
    CHECK(mb_ecospold2_read_document(a, strlen(a), "m.spold", &sink, NULL) ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "m.spold: line 5: amount 'lots': expected a number");
    CHECK(mb_ecospold2_read(MIN3 "/LICENSE.txt", NULL, &sink, NULL) < 0);
}

/*
 * No external entity is read (XXE) and no entity is expanded (billion
 * laughs): the reader never asks libxml2 to substitute entities, and
 * libxml2 does not fetch over the network or from files for us.
 */
TEST(ecospold2_xml_entities_are_not_expanded)
{
    static const char xxe[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE ecoSpold [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        "<ecoSpold><activityDataset><activityDescription>"
        "<activity id=\"a\"><activityName>&e;</activityName></activity>"
        "</activityDescription><flowData>"
        "<intermediateExchange intermediateExchangeId=\"p\" amount=\"1\">"
        "<unitName>kg</unitName><outputGroup>0</outputGroup>"
        "</intermediateExchange></flowData></activityDataset></ecoSpold>";
    char laughs[4096];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read_document(xxe, sizeof xxe - 1, "xxe.spold",
                                        mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    CHECK(strstr(s->labels->activity_names[0], "root") == NULL);
    mb_system_free(s);
    mb_lcidb_free(db);
    xml_laughs(laughs, sizeof laughs, "ecoSpold",
               "<ecoSpold><activityDataset><activityDescription>"
               "<activity id=\"a\"><activityName>&l9;</activityName>"
               "</activity></activityDescription><flowData>"
               "<intermediateExchange intermediateExchangeId=\"p\" "
               "amount=\"1\"><unitName>kg</unitName><outputGroup>0"
               "</outputGroup></intermediateExchange></flowData>"
               "</activityDataset></ecoSpold>");
    CHECK_OK(mb_lcidb_new(&db));
    /* refused, or read without the 10^9 "lol"s */
    if (mb_ecospold2_read_document(laughs, strlen(laughs), "lol.spold",
                                   mb_lcidb_sink(db), NULL) == 0 &&
        mb_lcidb_compile(&s, NULL, db, NULL) == 0) {
        CHECK(strstr(s->labels->activity_names[0], "lollol") == NULL);
        mb_system_free(s);
    }
    mb_lcidb_free(db);
}

/*
 * Master data (tests/fixtures/ecospold2-master/LICENSE.txt): the flows
 * get their names, compartments and CAS numbers from it, exchanges that
 * give a unit by id only are named by Units.xml, and UnitConversions.xml
 * adds oz and gal to the mass and volume units: 16 oz of CO2 is
 * 0.45359237 kg, 10 gal of water 0.0378541178 m3.
 */
TEST(ecospold2_master_data_names_flows_and_converts_units)
{
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_ecospold2_stats st;
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    double demand[1] = {1};
    int64_t co2, water;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read("tests/fixtures/ecospold2-master/activities",
                               "tests/fixtures/ecospold2-master/MasterData",
                               mb_lcidb_sink(db), &st));
    CHECK(st.master_flows == 3 && st.master_units == 4 &&
          st.master_conversions == 2 && st.activities == 1);
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    co2 = row_of(s, "Carbon dioxide, fossil");
    water = row_of(s, "Water, unspecified natural origin");
    CHECK(co2 >= 0 && water >= 0);
    CHECK(!strcmp(s->labels->flow_categories[co2],
                  "air/urban air close to ground"));
    CHECK(!strcmp(s->labels->flow_units[co2], "kg"));
    CHECK_OK(mb_lca_new(&lca, s, NULL));
    CHECK_OK(mb_lca_calculate(&res, lca, demand));
    CHECK_NEAR(res->inventory[co2], 0.45359237, 1e-12);
    /* B is positive, one row per flow and direction (compile.c) */
    CHECK_NEAR(res->inventory[water], 10 / 264.17205235815, 1e-12);
    CHECK(s->labels->flow_inputs[water] && !s->labels->flow_inputs[co2]);
    mb_lca_result_free(res);
    mb_lca_free(lca);
    mb_system_free(s);
    mb_lcidb_free(db);
    /* a folder without master data is refused, saying what was expected */
    CHECK_OK(mb_lcidb_new(&db));
    CHECK(mb_ecospold2_read(MIN3, MIN3, mb_lcidb_sink(db), NULL) ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "no EcoSpold 2 master data");
    mb_lcidb_free(db);
}

#define SAMPLES "../shared/data/ecospold-samples"

/*
 * ecoinvent's elementary flow list 3.4 and the two EcoSpold 2 samples of
 * ../shared/data/ecospold-samples (SOURCE.txt): 4,078 flows; the sample's
 * water (075e433b-...) takes its compartment from the list. (The two
 * samples are one activity twice, with and without synonyms: a project
 * takes one of them; the CLI test shows the second refused.)
 */
TEST(ecospold2_samples_with_ecoinvent_master_data)
{
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_ecospold2_stats st;
    int64_t water;

    if (!test_shared_data())
        SKIP("../shared/data is absent");
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read(
        SAMPLES "/ecospold2/00000_11111111-2222-3333-4444-555555555555_"
                "66666666-7777-8888-9999-000000000000.spold",
        SAMPLES "/masterdata", mb_lcidb_sink(db), &st));
    CHECK(st.master_flows == 4078 && st.activities == 1);
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    water = row_of(s, "Water");
    CHECK(water >= 0);
    CHECK(!strcmp(s->labels->flow_categories[water], "air/unspecified"));
    mb_system_free(s);
    mb_lcidb_free(db);
}

/* The uncertainty of the last process a sink received. */
static int keep_uncertainty(void *ctx, const mb_lci_process *p)
{
    mb_lci_uncertainty *u = ctx;
    size_t k;

    for (k = 0; k < p->nexchanges && k < 2; k++)
        u[k] = p->exchanges[k + 1].uncertainty;
    return 0;
}

/* Read document a ("u.spold"); u[0..1] get its first two exchanges'. */
static int read_uncertainty(const char *a, mb_lci_uncertainty *u)
{
    mb_lci_sink sink;

    memset(&sink, 0, sizeof sink);
    memset(u, 0, 2 * sizeof *u);
    sink.ctx = u;
    sink.process = keep_uncertainty;
    return mb_ecospold2_read_document(a, strlen(a), "u.spold", &sink, NULL);
}

/*
 * Lognormal: the geometric sd is exp(sqrt(variance)), with ecoinvent's
 * varianceWithPedigreeUncertainty (basic + pedigree) when given:
 * exp(sqrt(0.09)) = exp(0.3). Normal: sd = sqrt(variance) = 2.
 */
TEST(ecospold2_uncertainty_takes_the_pedigree_variance)
{
    char a[2048];
    mb_lci_uncertainty u[2];

    spold(a, sizeof a, "u",
          "<elementaryExchange elementaryExchangeId=\"co2\" amount=\"2\">"
          "<unitName>kg</unitName><uncertainty><lognormal meanValue=\"2\" "
          "mu=\"0.69\" variance=\"0.04\" varianceWithPedigreeUncertainty="
          "\"0.09\"/><pedigreeMatrix reliability=\"2\" completeness=\"3\" "
          "temporalCorrelation=\"1\" geographicalCorrelation=\"1\" "
          "furtherTechnologyCorrelation=\"1\"/></uncertainty>"
          "<outputGroup>4</outputGroup></elementaryExchange>"
          "<elementaryExchange elementaryExchangeId=\"ch4\" amount=\"5\">"
          "<unitName>kg</unitName><uncertainty><normal meanValue=\"5\" "
          "variance=\"4\"/></uncertainty><outputGroup>4</outputGroup>"
          "</elementaryExchange>");
    CHECK_OK(read_uncertainty(a, u));
    CHECK(u[0].type == MB_DIST_LOGNORMAL && u[1].type == MB_DIST_NORMAL);
    CHECK_NEAR(u[0].p[0], 2, 1e-15);
    CHECK_NEAR(u[0].p[1], exp(0.3), 1e-15);
    CHECK_NEAR(u[1].p[0], 5, 1e-15);
    CHECK_NEAR(u[1].p[1], 2, 1e-15);
}

/*
 * Without varianceWithPedigreeUncertainty the total variance is the basic
 * variance plus the pedigree matrix's additional variances (Weidema et al.
 * 2013, the ecoinvent 3 data quality guideline): scores (2, 3, 4, 2, 5)
 * add 0.0006 + 0.0006 + 0.008 + 0.000025 + 0.12 = 0.129225 to 0.04, so
 * the geometric sd is exp(sqrt(0.169225)) = exp(0.41136966). All ones add
 * nothing. A normal's scores add nothing (the variances are of ln x). A
 * variance of "Infinity" (USLCI) goes over as an infinite geometric sd,
 * for the compiler to report; a missing meanValue is the amount.
 */
TEST(ecospold2_pedigree_matrix_adds_its_variances)
{
    static const struct {
        const char *dist, *scores;
        double gsd;
    } cases[] = {
        {"lognormal meanValue=\"2\" variance=\"0.04\"", "2 3 4 2 5",
         0}, /* exp(sqrt(0.169225)), below */
        {"lognormal meanValue=\"2\" variance=\"0.04\"", "1 1 1 1 1", 0},
        {"lognormal variance=\"0.04\"", NULL, 0},
        {"lognormal meanValue=\"2\" variance=\"Infinity\"", NULL, INFINITY}};
    const char *attr[5] = {"reliability", "completeness",
                           "temporalCorrelation", "geographicalCorrelation",
                           "furtherTechnologyCorrelation"};
    double want[4];
    char a[8192], x[2048], ped[512];
    mb_lci_uncertainty u[2];
    size_t k;
    int j;

    want[0] = exp(sqrt(0.04 + 0.0006 + 0.0006 + 0.008 + 0.000025 + 0.12));
    want[1] = want[2] = exp(0.2);
    want[3] = INFINITY;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t at = 0;

        ped[0] = '\0';
        for (j = 0; cases[k].scores && j < 5; j++)
            at += (size_t)snprintf(ped + at, sizeof ped - at, "%s%s=\"%c\"",
                                   j ? " " : "<pedigreeMatrix ", attr[j],
                                   cases[k].scores[2 * j]);
        if (cases[k].scores)
            snprintf(ped + at, sizeof ped - at, "/>");
        snprintf(x, sizeof x,
                 "<elementaryExchange elementaryExchangeId=\"co2\" "
                 "amount=\"3\"><unitName>kg</unitName><uncertainty><%s/>%s"
                 "</uncertainty><outputGroup>4</outputGroup>"
                 "</elementaryExchange>"
                 "<elementaryExchange elementaryExchangeId=\"ch4\" "
                 "amount=\"5\"><unitName>kg</unitName><uncertainty><normal "
                 "meanValue=\"5\" variance=\"4\"/>%s</uncertainty>"
                 "<outputGroup>4</outputGroup></elementaryExchange>",
                 cases[k].dist, ped, ped);
        spold(a, sizeof a, "u", x);
        CHECK_OK(read_uncertainty(a, u));
        CHECK(u[0].type == MB_DIST_LOGNORMAL);
        CHECK(u[0].p[0] == (k == 2 ? 3 : 2));
        CHECK_MSG(u[0].p[1] == want[k] ||
                      fabs(u[0].p[1] - want[k]) <= 1e-15 * want[k],
                  "case %zu: %.17g", k, u[0].p[1]);
        CHECK(u[1].type == MB_DIST_NORMAL && u[1].p[1] == 2);
    }
    CHECK(u[0].p[1] == INFINITY &&
          mb_lci_uncertainty_check(&u[0], NULL, 0) == MB_EINVAL);
    CHECK_NEAR(want[0], exp(0.4113696634415328), 1e-15);
}

/* A pedigree score outside 1-5 (or missing) is an error naming it. */
TEST(ecospold2_pedigree_score_out_of_range_is_an_error)
{
    char a[2048];
    mb_lci_uncertainty u[2];

    spold(a, sizeof a, "u",
          "<elementaryExchange elementaryExchangeId=\"co2\" amount=\"2\">"
          "<unitName>kg</unitName><uncertainty><lognormal meanValue=\"2\" "
          "variance=\"0.04\"/><pedigreeMatrix reliability=\"6\" "
          "completeness=\"3\" temporalCorrelation=\"1\" "
          "geographicalCorrelation=\"1\" furtherTechnologyCorrelation=\"1\"/>"
          "</uncertainty><outputGroup>4</outputGroup></elementaryExchange>");
    CHECK(read_uncertainty(a, u) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "u.spold: line ");
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "pedigreeMatrix reliability '6': expected a score "
                       "from 1 to 5");
}

/* An intermediate output with a price and a dry mass property. */
#define PRODUCT(id, group, amount, price, dry)                                \
    "<intermediateExchange intermediateExchangeId=\"" id "\" amount=\""       \
    amount "\"><name>" id "</name><unitName>kg</unitName>"                    \
    "<property propertyId=\"38f94dd1-d5aa-41b8-b182-c0c42985d9dc\" "          \
    "amount=\"" price "\"><name>price</name></property>"                      \
    "<property propertyId=\"3a0af1d6-04c3-41c6-a3da-92c4f61e0eaa\" "          \
    "amount=\"" dry "\"><name>dry mass</name></property>"                     \
    "<outputGroup>" group "</outputGroup></intermediateExchange>"

/*
 * An unallocated activity of two products (ecoinvent's "undefined"
 * datasets): 1 kg milk at 0.5 and 0.1 kg meat at 5 (price per kg) share
 * 10 kg CO2 by revenue, 0.5 each, so 5 kg per kg of milk and 50 per kg of
 * meat; by dry mass (0.13 and 0.4 kg/kg: 0.13 and 0.04 kg) milk takes
 * 0.13 / 0.17 of it.
 */
TEST(ecospold2_products_share_by_price_or_dry_mass)
{
    static const char doc[] =
        "<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">"
        "<activityDataset><activityDescription><activity id=\"dairy\">"
        "<activityName>dairy farming</activityName></activity>"
        "</activityDescription><flowData>" PRODUCT("milk", "0", "1", "0.5",
                                                   "0.13")
            PRODUCT("meat", "2", "0.1", "5", "0.4")
        "<elementaryExchange elementaryExchangeId=\"co2\" amount=\"10\">"
        "<name>carbon dioxide</name><unitName>kg</unitName>"
        "<outputGroup>4</outputGroup></elementaryExchange>"
        "</flowData></activityDataset></ecoSpold>";
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    int64_t j;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read_document(doc, sizeof doc - 1, "dairy.spold",
                                        mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    CHECK(s->nactivities == 2);
    for (j = 0; j < 2; j++) /* each column: 5 kg, for 1 kg or 0.1 kg */
        CHECK_NEAR(s->B->x[s->B->p[j]], 5, 1e-12);
    mb_system_free(s);
    o.allocation = MB_ALLOCATE_PHYSICAL;
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, &o));
    for (j = 0; j < 2; j++)
        if (!strcmp(s->labels->product_names[j], "milk"))
            CHECK_NEAR(s->B->x[s->B->p[j]], 10 * 0.13 / 0.17, 1e-12);
    mb_system_free(s);
    mb_lcidb_free(db);
}
