/*
 * test_ecospold1.c - the EcoSpold 1 reader: the US LCI samples of
 * brightway2-io (tests/fixtures/ecospold1/LICENSE.txt) against the numbers
 * in their files, linking by product name and unit dimension, avoided
 * products and waste, allocation fractions as percent or shares,
 * uncertainty, errors with file and line, XML that tries external entities
 * or entity expansion, a zip, the command line, and the same processes in
 * the US LCI EcoSpold 2 export (../shared/data, skipped when absent).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>
#include <zip.h>

#include "cli_run.h"
#include "test.h"
#include "xml_laughs.h"

#define FIX "tests/fixtures/ecospold1"
#define ABS FIX "/Acrylonitrile-butadiene-styrene copolymer (ABS), resin, " \
                "at plant CTR.xml"
#define ALU FIX "/Aluminum, extrusion, at plant.xml"
#define ACETIC FIX "/Acetic acid, at plant.xml"
#define ABS_NAME "Acrylonitrile-butadiene-styrene copolymer resin, at plant, " \
                 "CTR"

/* The row of elementary flow `id` in direction `input`, or -1. */
static int64_t row_of(const mb_system *s, const char *id, int input)
{
    int64_t f;

    for (f = 0; f < s->nflows; f++)
        if (!strcmp(s->labels->flow_uuids[f], id) &&
            s->labels->flow_inputs[f] == input)
            return f;
    return -1;
}

/* A[i, j] of the compiled system. */
static double at(const mb_csc *A, int64_t i, int64_t j)
{
    int64_t p;

    for (p = A->p[j]; p < A->p[j + 1]; p++)
        if (A->i[p] == i)
            return A->x[p];
    return 0;
}

/* Inventory of `amount` of activity j's product; NULL on failure. */
static mb_lca_result *solve(const mb_system *s, int64_t j, double amount)
{
    mb_lca *lca = NULL;
    mb_lca_result *res = NULL;
    double *demand = calloc((size_t)s->nproducts, sizeof *demand);

    if (demand && j >= 0 && mb_lca_new(&lca, s, NULL) == 0) {
        demand[j] = amount;
        if (mb_lca_calculate(&res, lca, demand) != 0)
            res = NULL;
    }
    mb_lca_free(lca);
    free(demand);
    return res;
}

/*
 * ABS resin (exchange 46) emits 3.3048 kg fossil CO2 per kg; its crude oil
 * is given twice, as "Oil, crude, in ground " (0.62342 kg, exchange 11)
 * and "Oil, crude, in ground" (0.16037 kg, exchange 12): one flow once
 * trimmed. Its natural gas in kg and in m3 stays two flows.
 */
TEST(ecospold1_abs_sample_gives_the_numbers_of_its_file)
{
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    mb_ecospold1_stats st;
    mb_lca_result *res;
    int64_t j;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read(ABS, mb_lcidb_sink(db), &st));
    CHECK(st.files == 1 && st.datasets == 1 && st.exchanges == 230);
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    CHECK(s->nactivities == 1 && r.unlinked == 4 && r.allocated == 0);
    j = mb_system_find_activity(s, "ecospold1-process:" ABS_NAME "|RNA|kg");
    CHECK(j == 0);
    CHECK(!strcmp(s->labels->product_names[0], ABS_NAME));
    CHECK(!strcmp(s->labels->product_units[0], "kg"));
    CHECK((res = solve(s, j, 1.0)) != NULL);
    CHECK_NEAR(res->inventory[row_of(s, "ecospold1-elementary:air/"
                                        "unspecified/Carbon dioxide, fossil|"
                                        "Mass", 0)],
               3.3048, 1e-12);
    CHECK_NEAR(res->inventory[row_of(s, "ecospold1-elementary:resource/"
                                        "Unspecified/Oil, crude, in ground|"
                                        "Mass", 1)],
               0.62342 + 0.16037, 1e-12);
    CHECK_NEAR(res->inventory[row_of(s, "ecospold1-elementary:resource/"
                                        "Unspecified/Gas, natural, in ground|"
                                        "Volume", 1)],
               0.88069, 1e-12);
    mb_lca_result_free(res);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * Aluminum extrusion makes 1000 kg and emits 5854.7 kg fossil CO2
 * (exchange 146): 5.8547 kg per kg. It has no geography: the process is
 * where its reference product is made (RNA). Its 9 outputGroup 3 wastes
 * and 4 "Dummy" inputs have no provider: 13 cut-offs.
 */
TEST(ecospold1_aluminum_sample_gives_the_numbers_of_its_file)
{
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    mb_lca_result *res;
    int64_t j;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read(ALU, mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    CHECK(r.unlinked == 13 && r.unlinked_flows == 13);
    j = mb_system_find_activity(s, "ecospold1-process:Aluminum, extrusion, "
                                   "at plant|RNA|kg");
    CHECK(j == 0);
    CHECK(!strcmp(s->labels->product_names[0],
                  "Aluminium, extrusion, at plant"));
    CHECK((res = solve(s, j, 1.0)) != NULL);
    CHECK_NEAR(res->inventory[row_of(s, "ecospold1-elementary:Air/"
                                        "unspecified/Carbon dioxide, fossil|"
                                        "Mass", 0)],
               5.8547, 1e-12);
    mb_lca_result_free(res);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/* The file whose root is <notecoSpold> is refused, alone or in its folder. */
TEST(ecospold1_refuses_a_root_that_is_not_ecoSpold)
{
    mb_lci_sink sink = {0};

    CHECK(mb_ecospold1_read(ACETIC, &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "Acetic acid, at plant.xml: line 2: root element "
                       "'notecoSpold': expected 'ecoSpold'");
    CHECK(mb_ecospold1_read(FIX, &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       FIX "/Acetic acid, at plant.xml: line 2: root element "
                           "'notecoSpold'");
}

/* The whole of a file into a new buffer (free it); NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
        fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

/* Replace every "notecoSpold" by "ecoSpold" (in place, shorter). */
static size_t fix_root(char *buf)
{
    char *p, *w = buf;
    const char *r = buf;

    while ((p = strstr(r, "notecoSpold")) != NULL) {
        memmove(w, r, (size_t)(p - r));
        w += p - r;
        memcpy(w, "ecoSpold", 8);
        w += 8;
        r = p + 11;
    }
    memmove(w, r, strlen(r) + 1);
    return strlen(buf);
}

/*
 * Acetic acid with its root put right: both products are outputGroup 2 and
 * the one named as the referenceFunction is the reference. Its allocation
 * fractions are 1.0 and 0.0 (sum 1 per exchange: shares, not percent):
 * all of its 0.00176 kg CO2 (exchange 14) goes to the acetic acid.
 */
TEST(ecospold1_acetic_acid_allocation_fractions_are_shares)
{
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    mb_lca_result *res;
    size_t len;
    char *xml = slurp(ACETIC, &len);
    int64_t acid, energy;

    CHECK(xml != NULL);
    len = fix_root(xml);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read_document(xml, len, "acetic.xml",
                                        mb_lcidb_sink(db), NULL));
    free(xml);
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    CHECK(s->nactivities == 2 && r.allocated == 1);
    acid = !strcmp(s->labels->product_names[0], "Acetic acid, at plant") ? 0
                                                                          : 1;
    energy = 1 - acid;
    CHECK(!strcmp(s->labels->product_names[energy],
                  "Recovered energy, at acetic acid production"));
    CHECK((res = solve(s, acid, 1.0)) != NULL);
    CHECK_NEAR(res->inventory[row_of(s, "ecospold1-elementary:air/"
                                        "unspecified/Carbon dioxide|Mass", 0)],
               0.00176, 1e-12);
    mb_lca_result_free(res);
    CHECK((res = solve(s, energy, 1.0)) != NULL);
    CHECK(res->inventory[row_of(s, "ecospold1-elementary:air/unspecified/"
                                   "Carbon dioxide|Mass", 0)] == 0);
    mb_lca_result_free(res);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * A <dataset> element making 1 of `product` (unit, location) with the
 * extra exchanges `body`, appended to out.
 */
static void dataset(char *out, size_t size, const char *product,
                    const char *unit, const char *location, const char *body)
{
    size_t n = strlen(out);

    snprintf(out + n, size - n,
             "<dataset number=\"1\"><metaInformation><processInformation>"
             "<referenceFunction name=\"%s\" unit=\"%s\" amount=\"1\" "
             "category=\"tests\" subCategory=\"%s\"/>"
             "<geography location=\"%s\"/></processInformation>"
             "</metaInformation><flowData>\n"
             "<exchange number=\"1\" name=\"%s\" location=\"%s\" "
             "unit=\"%s\" meanValue=\"1\"><outputGroup>0</outputGroup>"
             "</exchange>\n%s</flowData></dataset>\n",
             product, unit, location, location, product, location, unit,
             body);
}

#define HEAD                                                                 \
    "<?xml version=\"1.0\"?>\n"                                            \
    "<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold01\">\n"
#define TAIL "</ecoSpold>\n"

/* An exchange numbered `number` (an attribute string: "name=..."). */
static const char *ex(int number, const char *attrs, const char *group)
{
    static char buf[8][512];
    static int next;
    char *b = buf[next++ % 8];

    snprintf(b, 512, "<exchange number=\"%d\" %s>%s</exchange>\n", number,
             attrs, group);
    return b;
}

#define IN5 "<inputGroup>5</inputGroup>"
#define OUT4 "<outputGroup>4</outputGroup>"

static int64_t activity(const mb_system *s, const char *name,
                        const char *location, const char *unit)
{
    char id[512];

    snprintf(id, sizeof id, "ecospold1-process:%s|%s|%s", name, location,
             unit);
    return mb_system_find_activity(s, id);
}

/*
 * Three datasets in one document: steel mills in CH (2 kg CO2 per kg) and
 * DE (3 kg), and a part maker in DE needing 0.5 t of steel "at DE" and 1
 * MJ of "steel". The t input links to the DE mill as 500 kg (same name,
 * same dimension, same location first); the MJ input is another flow,
 * which nothing provides: cut off. 1 part: 1500 kg CO2.
 */
TEST(ecospold1_inputs_link_by_product_name_dimension_and_location)
{
    static char doc[8192];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    mb_ecospold1_stats st;
    mb_lca_result *res;
    int64_t ch, de, part;
    char body[1024];

    snprintf(doc, sizeof doc, HEAD);
    dataset(doc, sizeof doc, "steel", "kg", "CH",
            ex(2, "name=\"CO2\" category=\"air\" unit=\"kg\" meanValue=\"2\"",
               OUT4));
    dataset(doc, sizeof doc, "steel", "kg", "DE",
            ex(2, "name=\"CO2\" category=\"air\" unit=\"kg\" meanValue=\"3\"",
               OUT4));
    snprintf(body, sizeof body, "%s%s",
             ex(2, "name=\" steel\" location=\"DE\" unit=\"t\" "
                   "meanValue=\"0.5\"", IN5),
             ex(3, "name=\"steel\" unit=\"MJ\" meanValue=\"1\"", IN5));
    dataset(doc, sizeof doc, "part", "kg", "DE", body);
    strcat(doc, TAIL);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read_document(doc, strlen(doc), "three.xml",
                                        mb_lcidb_sink(db), &st));
    CHECK(st.files == 1 && st.datasets == 3 && st.exchanges == 7);
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    ch = activity(s, "steel", "CH", "kg");
    de = activity(s, "steel", "DE", "kg");
    part = activity(s, "part", "DE", "kg");
    CHECK(ch >= 0 && de >= 0 && part >= 0);
    CHECK(r.linked_by_flow == 1 && r.linked_ambiguous == 1);
    CHECK(r.unlinked == 1 && !strcmp(r.unlinked_names[0], "steel"));
    CHECK_NEAR(at(s->A, de, part), -500, 1e-15);
    CHECK(at(s->A, ch, part) == 0);
    CHECK((res = solve(s, part, 1.0)) != NULL);
    CHECK_NEAR(res->inventory[row_of(s, "ecospold1-elementary:air/CO2|Mass",
                                     0)],
               1500, 1e-14);
    mb_lca_result_free(res);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * Recycling makes heat and avoids 0.5 kg of steel (outputGroup 1): the
 * mill's column gets a credit, +0.5 in A. Its 2 kg of slag (outputGroup 3)
 * is waste for treatment, which no dataset offers: cut off.
 */
TEST(ecospold1_avoided_products_and_waste_outputs)
{
    static char doc[8192];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_compile_report r;
    int64_t mill, recycling;
    char body[1024];

    snprintf(body, sizeof body, "%s%s",
             ex(2, "name=\"steel\" unit=\"kg\" meanValue=\"0.5\"",
                "<outputGroup>1</outputGroup>"),
             ex(3, "name=\"slag\" unit=\"kg\" meanValue=\"2\"",
                "<outputGroup>3</outputGroup>"));
    snprintf(doc, sizeof doc, HEAD);
    dataset(doc, sizeof doc, "heat", "MJ", "CH", body);
    dataset(doc, sizeof doc, "steel", "kg", "CH", "");
    strcat(doc, TAIL);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read_document(doc, strlen(doc), "rec.xml",
                                        mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    mill = activity(s, "steel", "CH", "kg");
    recycling = activity(s, "heat", "CH", "MJ");
    CHECK(mill >= 0 && recycling >= 0);
    CHECK_NEAR(at(s->A, mill, recycling), 0.5, 1e-15);
    CHECK(r.unlinked == 1 && !strcmp(r.unlinked_names[0], "slag"));
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * A combined heat and power plant: 1 kWh of power, 2 MJ of heat, 10 kg
 * CO2, allocated 60 and 40 (percent: the sum is 100). Power carries 6 kg
 * (per kWh = 3.6 MJ, the reference unit of energy), heat 4 kg (2 kg per
 * MJ).
 */
TEST(ecospold1_allocation_fractions_in_percent)
{
    static char doc[8192];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    mb_lca_result *res;
    int64_t power, heat, co2;
    char body[2048];

    snprintf(body, sizeof body,
             "%s%s<allocation referenceToCoProduct=\"1\" fraction=\"60\">"
             "<referenceToInputOutput>3</referenceToInputOutput>"
             "</allocation><allocation referenceToCoProduct=\"2\" "
             "fraction=\"40\"><referenceToInputOutput> 3 "
             "</referenceToInputOutput></allocation>\n",
             ex(2, "name=\"heat\" unit=\"MJ\" meanValue=\"2\"",
                "<outputGroup>2</outputGroup>"),
             ex(3, "name=\"CO2\" category=\"air\" unit=\"kg\" "
                   "meanValue=\"10\"", OUT4));
    snprintf(doc, sizeof doc, HEAD);
    dataset(doc, sizeof doc, "power", "kWh", "CH", body);
    strcat(doc, TAIL);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read_document(doc, strlen(doc), "chp.xml",
                                        mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    CHECK(s->nactivities == 2);
    power = !strcmp(s->labels->product_names[0], "power") ? 0 : 1;
    heat = 1 - power;
    co2 = row_of(s, "ecospold1-elementary:air/CO2|Mass", 0);
    CHECK(!strcmp(s->labels->product_units[power], "MJ"));
    CHECK((res = solve(s, power, 3.6)) != NULL); /* 1 kWh */
    CHECK_NEAR(res->inventory[co2], 6, 1e-14);
    mb_lca_result_free(res);
    CHECK((res = solve(s, heat, 1.0)) != NULL);
    CHECK_NEAR(res->inventory[co2], 2, 1e-14);
    mb_lca_result_free(res);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/* The exchanges of the last process a sink was given. */
typedef struct captured {
    mb_lci_exchange ex[16];
    size_t n;
    mb_lci_flow flow; /* the last flow, strings not kept */
    char cas[32], formula[32];
} captured;

static int capture_process(void *ctx, const mb_lci_process *p)
{
    captured *c = ctx;

    c->n = p->nexchanges < 16 ? p->nexchanges : 16;
    memcpy(c->ex, p->exchanges, c->n * sizeof *c->ex);
    return 0;
}

static int capture_flow(void *ctx, const mb_lci_flow *f)
{
    captured *c = ctx;

    snprintf(c->cas, sizeof c->cas, "%s", f->cas ? f->cas : "");
    snprintf(c->formula, sizeof c->formula, "%s",
             f->formula ? f->formula : "");
    return 0;
}

/*
 * EcoSpold01Dataset.xsd: lognormal standardDeviation95 is the squared
 * geometric sd (9 -> 3), normal's is 2 sd (4 -> 2); a triangle without
 * mostLikelyValue has mode 3 mean - min - max; a lognormal with
 * standardDeviation95 0 (as US LCI writes) goes over as it is (geometric
 * sd 0), for the compiler to report (mb_lci_uncertainty_check).
 */
TEST(ecospold1_uncertainty_distributions)
{
    static char doc[8192];
    char body[4096];
    captured c;
    mb_lci_sink sink = {0};
    const mb_lci_uncertainty *u;

    snprintf(body, sizeof body, "%s%s%s%s%s%s",
             ex(2, "name=\"a\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                   "uncertaintyType=\"1\" standardDeviation95=\"9\" "
                   "CASNumber=\"124-38-9\" formula=\"CO2\"", OUT4),
             ex(3, "name=\"b\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                   "uncertaintyType=\"2\" standardDeviation95=\"4\"", OUT4),
             ex(4, "name=\"c\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                   "uncertaintyType=\"3\" minValue=\"1\" maxValue=\"11\"",
                OUT4),
             ex(5, "name=\"d\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                   "uncertaintyType=\"4\" minValue=\"1\" maxValue=\"9\"",
                OUT4),
             ex(6, "name=\"e\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                   "uncertaintyType=\"1\" standardDeviation95=\"0\"", OUT4),
             ex(7, "name=\"f\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                   "uncertaintyType=\"3\" minValue=\"1\" maxValue=\"9\" "
                   "mostLikelyValue=\"2\"", OUT4));
    snprintf(doc, sizeof doc, HEAD);
    dataset(doc, sizeof doc, "p", "kg", "CH", body);
    strcat(doc, TAIL);
    memset(&c, 0, sizeof c);
    sink.ctx = &c;
    sink.process = capture_process;
    CHECK_OK(mb_ecospold1_read_document(doc, strlen(doc), "u.xml", &sink,
                                        NULL));
    CHECK(c.n == 7);
    CHECK(c.ex[0].flags == MB_EXCHANGE_REFERENCE &&
          c.ex[0].uncertainty.type == MB_DIST_NONE);
    u = &c.ex[1].uncertainty;
    CHECK(u->type == MB_DIST_LOGNORMAL && u->p[0] == 5 && u->p[1] == 3);
    u = &c.ex[2].uncertainty;
    CHECK(u->type == MB_DIST_NORMAL && u->p[0] == 5 && u->p[1] == 2);
    u = &c.ex[3].uncertainty;
    CHECK(u->type == MB_DIST_TRIANGLE && u->p[0] == 1 && u->p[1] == 3 &&
          u->p[2] == 11);
    u = &c.ex[4].uncertainty;
    CHECK(u->type == MB_DIST_UNIFORM && u->p[0] == 1 && u->p[1] == 9);
    u = &c.ex[5].uncertainty;
    CHECK(u->type == MB_DIST_LOGNORMAL && u->p[0] == 5 && u->p[1] == 0 &&
          c.ex[5].amount == 5);
    CHECK(mb_lci_uncertainty_check(u, NULL, 0) == MB_EINVAL);
    u = &c.ex[6].uncertainty;
    CHECK(u->type == MB_DIST_TRIANGLE && u->p[1] == 2);
    CHECK(c.ex[1].internal_id == 2 && c.ex[6].internal_id == 7);
    /* CASNumber and formula (the chemical one) go to the flow */
    sink.process = NULL;
    sink.flow = capture_flow;
    snprintf(doc, sizeof doc, HEAD);
    dataset(doc, sizeof doc, "p", "kg", "CH",
            ex(2, "name=\"a\" category=\"air\" unit=\"kg\" meanValue=\"5\" "
                  "CASNumber=\"124-38-9\" formula=\"CO2\"", OUT4));
    strcat(doc, TAIL);
    CHECK_OK(mb_ecospold1_read_document(doc, strlen(doc), "u.xml", &sink,
                                        NULL));
    CHECK(!strcmp(c.cas, "124-38-9") && !strcmp(c.formula, "CO2"));
}

/* Read doc (one dataset of `body`) and expect an error containing text. */
static int refused(const char *body, const char *text)
{
    static char doc[8192];
    mb_lci_sink sink = {0};
    int rc;

    snprintf(doc, sizeof doc, HEAD);
    dataset(doc, sizeof doc, "p", "kg", "CH", body);
    strcat(doc, TAIL);
    rc = mb_ecospold1_read_document(doc, strlen(doc), "m.xml", &sink, NULL);
    if (rc != MB_EFORMAT || !strstr(mb_error_last()->message, text)) {
        fprintf(stderr, "    got %d: %s\n", rc, mb_error_last()->message);
        return 0;
    }
    return 1;
}

TEST(ecospold1_errors_name_file_line_and_value)
{
    static const char es2[] =
        "<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">"
        "<activityDataset/></ecoSpold>";
    static const char type4[] =
        HEAD "<dataset><metaInformation><processInformation>"
        "<referenceFunction name=\"GWP\"/>\n<dataSetInformation type=\"4\"/>"
        "</processInformation></metaInformation></dataset>" TAIL;
    mb_lci_sink sink = {0};

    CHECK(mb_ecospold1_read_document("<ecoSpold><x", 12, "bad.xml", &sink,
                                     NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "bad.xml: line 1");
    CHECK(mb_ecospold1_read_document("<other/>", 8, "o.xml", &sink, NULL) ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "o.xml: line 1: root element 'other': expected "
                       "'ecoSpold' (an EcoSpold 1 document)");
    CHECK(mb_ecospold1_read_document(es2, sizeof es2 - 1, "2.xml", &sink,
                                     NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "2.xml: line 1: an EcoSpold 2 document");
    CHECK(mb_ecospold1_read_document("<ecoSpold/>", 11, "e.xml", &sink,
                                     NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "e.xml: line 1: no dataset in the ecoSpold element");
    CHECK(mb_ecospold1_read_document(type4, sizeof type4 - 1, "4.xml", &sink,
                                     NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "4.xml: line 4: dataset of type 4 (impact category): "
                       "expected a process");
    /* the extra exchanges of `dataset` start on line 5 */
    CHECK(refused(ex(2, "name=\"x\" unit=\"kg\" meanValue=\"lots\"", IN5),
                  "m.xml: line 5: meanValue 'lots': expected a number"));
    CHECK(refused(ex(2, "name=\"x\" unit=\"kg\"", IN5),
                  "m.xml: line 5: exchange 'x' without a meanValue"));
    CHECK(refused(ex(2, "name=\"x\" meanValue=\"1\"", IN5),
                  "m.xml: line 5: exchange 'x' without a unit"));
    CHECK(refused(ex(2, "unit=\"kg\" meanValue=\"1\"", IN5),
                  "m.xml: line 5: exchange without a name"));
    CHECK(refused(ex(2, "name=\"x\" unit=\"kg\" meanValue=\"1\"",
                     "<inputGroup>7</inputGroup>"),
                  "m.xml: line 5: inputGroup '7': expected a whole number "
                  "from 1 to 5"));
    CHECK(refused(ex(2, "name=\"x\" unit=\"kg\" meanValue=\"1\"",
                     IN5 "<outputGroup>4</outputGroup>"),
                  "m.xml: line 5: exchange 'x': expected one inputGroup or "
                  "one outputGroup"));
    CHECK(refused(ex(2, "name=\"x\" unit=\"kg\" meanValue=\"1\" "
                        "uncertaintyType=\"9\"", IN5),
                  "m.xml: line 5: uncertaintyType '9': expected a whole "
                  "number from 0 to 4"));
    CHECK(refused(ex(1, "name=\"x\" unit=\"kg\" meanValue=\"1\"", IN5),
                  "m.xml: line 5: exchange number 1 is used twice (by 'p' "
                  "and 'x')"));
    CHECK(refused("<allocation referenceToCoProduct=\"1\" fraction=\"1\">"
                  "<referenceToInputOutput>99</referenceToInputOutput>"
                  "</allocation>",
                  "m.xml: line 5: referenceToInputOutput 99: no exchange "
                  "has this number"));
    CHECK(refused("<exchange number=\"2\" name=\"x\" unit=\"kg\" "
                  "meanValue=\"1\">" IN5 "</exchange>\n"
                  "<allocation referenceToCoProduct=\"2\" fraction=\"1\"/>",
                  "m.xml: line 6: referenceToCoProduct 2: exchange 'x' is "
                  "not a product output (outputGroup 0 or 2)"));
    CHECK(mb_ecospold1_read(FIX "/no-such.xml", &sink, NULL) < 0);
    CHECK_STR_CONTAINS(mb_error_last()->message, "no-such.xml");
    CHECK(mb_ecospold1_read("tests/fixtures/ecospold2", &sink, NULL) ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "tests/fixtures/ecospold2: no .xml files");
}

/*
 * No external entity is read (XXE) and no entity is expanded (billion
 * laughs): the reader never asks libxml2 to substitute entities, and
 * libxml2 does not fetch over the network or from files for us.
 */
TEST(ecospold1_xml_entities_are_not_expanded)
{
    static const char xxe[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE ecoSpold [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        "<ecoSpold><dataset><metaInformation><processInformation>"
        "<referenceFunction name=\"a&e;\" unit=\"kg\"/>"
        "</processInformation></metaInformation></dataset></ecoSpold>";
    /* in element text (a <synonym>), where it is kept as a reference */
    static const char xxe_text[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE ecoSpold [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        "<ecoSpold><dataset><metaInformation><processInformation>"
        "<referenceFunction name=\"a\" unit=\"kg\"><synonym>&e;</synonym>"
        "</referenceFunction></processInformation></metaInformation>"
        "</dataset></ecoSpold>";
    char laughs[4096];
    mb_lcidb *db = NULL;
    mb_system *s = NULL;

    /* libxml2 refuses an external entity in an attribute value */
    CHECK_OK(mb_lcidb_new(&db));
    CHECK(mb_ecospold1_read_document(xxe, sizeof xxe - 1, "xxe.xml",
                                     mb_lcidb_sink(db), NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "xxe.xml: line 3: Attribute references external "
                       "entity 'e'");
    mb_lcidb_free(db);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read_document(xxe_text, sizeof xxe_text - 1,
                                        "xxe.xml", mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    CHECK(s->nactivities == 1);
    CHECK(strstr(s->labels->activity_names[0], "root") == NULL);
    mb_system_free(s);
    mb_lcidb_free(db);
    xml_laughs(laughs, sizeof laughs, "ecoSpold",
               "<ecoSpold><dataset><metaInformation><processInformation>"
               "<referenceFunction name=\"a&l9;\" unit=\"kg\"/>"
               "</processInformation></metaInformation></dataset>"
               "</ecoSpold>");
    CHECK_OK(mb_lcidb_new(&db));
    /* refused, or read without the 10^9 "lol"s */
    if (mb_ecospold1_read_document(laughs, strlen(laughs), "lol.xml",
                                   mb_lcidb_sink(db), NULL) == 0 &&
        mb_lcidb_compile(&s, NULL, db, NULL) == 0) {
        CHECK(strstr(s->labels->activity_names[0], "lollol") == NULL);
        mb_system_free(s);
    }
    mb_lcidb_free(db);
}

/* The two good samples zipped read as they do one by one. */
TEST(ecospold1_reads_a_zip_of_files)
{
    char path[512];
    zip_t *z;
    int err;
    mb_ecospold1_stats st;
    mb_lcidb *db = NULL;
    mb_system *s = NULL;

    snprintf(path, sizeof path, "%s/us.zip", test_tmpdir());
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    CHECK(z != NULL);
    CHECK(zip_file_add(z, "abs.xml", zip_source_file(z, ABS, 0, -1), 0) >= 0);
    CHECK(zip_file_add(z, "sub/alu.XML", zip_source_file(z, ALU, 0, -1), 0) >=
          0);
    CHECK(zip_file_add(z, "readme.txt", zip_source_buffer(z, "x", 1, 0), 0) >=
          0);
    CHECK(zip_close(z) == 0);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold1_read(path, mb_lcidb_sink(db), &st));
    CHECK(st.files == 2 && st.datasets == 2 && st.exchanges == 830);
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, NULL));
    CHECK(s->nactivities == 2);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * The command line: import the ABS sample, an LCA of 2 kg of it (2 x
 * 3.3048 kg fossil CO2, exchange 46), the refused sample in one line.
 */
#define CO2_ROW "\"Carbon dioxide, fossil\",\"air/unspecified\",output,"

TEST(ecospold1_cli_import_and_lca)
{
    char cmd[1024], db[512];
    const char *co2;

    snprintf(db, sizeof db, "%s/p.db", test_tmpdir());
    snprintf(cmd, sizeof cmd, "-p %s import ecospold1 '%s'", db, ABS);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "(ecospold1) in ");
    CHECK_STR_CONTAINS(out_text, "1 processes, 230 exchanges, 229 flows");
    CHECK_STR_CONTAINS(out_text, "4 inputs cut off (4 flows without "
                                 "provider)");
    snprintf(cmd, sizeof cmd,
             "-p %s lca --process '" ABS_NAME "' --amount 2 --format csv", db);
    CHECK(run(cmd) == 0);
    co2 = strstr(out_text, CO2_ROW);
    CHECK(co2 != NULL);
    CHECK_NEAR(strtod(co2 + strlen(CO2_ROW), NULL), 6.6096, 1e-12);
    snprintf(cmd, sizeof cmd, "-p %s import ecospold1 '%s'", db, ACETIC);
    CHECK_ERROR_LINE(run(cmd), "line 2: root element 'notecoSpold': "
                               "expected 'ecoSpold'");
}

/* Per (name, direction, unit): the inventory of 1 kg of activity 0. */
typedef struct named_amount {
    char key[400];
    double amount;
} named_amount;

static size_t inventory_by_name(const mb_system *s, named_amount *out,
                                size_t cap)
{
    mb_lca_result *res = solve(s, 0, 1.0);
    size_t n = 0, k;
    int64_t f;

    for (f = 0; res && f < s->nflows; f++) {
        char key[400];

        snprintf(key, sizeof key, "%s|%d|%s", s->labels->flow_names[f],
                 s->labels->flow_inputs[f], s->labels->flow_units[f]);
        for (k = 0; key[k]; k++) /* EcoSpold 2 writes "Hydrogen Chloride" */
            key[k] = (char)tolower((unsigned char)key[k]);
        for (k = 0; k < n && strcmp(out[k].key, key); k++)
            ;
        if (k == n && n < cap) {
            snprintf(out[n].key, sizeof out[n].key, "%s", key);
            out[n++].amount = 0;
        }
        if (k < n)
            out[k].amount += res->inventory[f];
    }
    mb_lca_result_free(res);
    return n;
}

/*
 * The same two processes in the US LCI EcoSpold 2 export
 * (../shared/data/uslci-ecospold2, the activities with these names): per
 * kg of product, the same amount of each elementary flow by name (in any
 * case), direction and unit (the EcoSpold 2 files have no compartments).
 */
TEST(ecospold1_samples_match_the_uslci_ecospold2_export)
{
    static const char *const pairs[2][2] = {
        {ABS, "0e42a306-ee2d-362e-8bc3-580000096459.spold"},
        {ALU, "77fe2197-8861-3569-8d85-07151789b1e7.spold"}};
    static named_amount a[700], b[700];
    const char *root = test_shared_data();
    int k;

    if (!root)
        SKIP("../shared/data is absent");
    for (k = 0; k < 2; k++) {
        mb_lcidb *db1 = NULL, *db2 = NULL;
        mb_system *s1 = NULL, *s2 = NULL;
        char path[600];
        size_t len, n1, n2, i, j;
        char *xml;

        snprintf(path, sizeof path, "%s/uslci-ecospold2/activities/%s", root,
                 pairs[k][1]);
        CHECK((xml = slurp(path, &len)) != NULL);
        CHECK_OK(mb_lcidb_new(&db1));
        CHECK_OK(mb_lcidb_new(&db2));
        CHECK_OK(mb_ecospold1_read(pairs[k][0], mb_lcidb_sink(db1), NULL));
        CHECK_OK(mb_ecospold2_read_document(xml, len, path,
                                            mb_lcidb_sink(db2), NULL));
        free(xml);
        CHECK_OK(mb_lcidb_compile(&s1, NULL, db1, NULL));
        CHECK_OK(mb_lcidb_compile(&s2, NULL, db2, NULL));
        n1 = inventory_by_name(s1, a, 700);
        n2 = inventory_by_name(s2, b, 700);
        CHECK(n1 == n2 && n1 > 190);
        for (i = 0; i < n1; i++) {
            for (j = 0; j < n2 && strcmp(a[i].key, b[j].key); j++)
                ;
            CHECK_MSG(j < n2, "%s: not in the EcoSpold 2 export", a[i].key);
            CHECK_NEAR(a[i].amount, b[j].amount, 1e-12);
        }
        mb_system_free(s1);
        mb_system_free(s2);
        mb_lcidb_free(db1);
        mb_lcidb_free(db2);
    }
}
