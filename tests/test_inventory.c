/*
 * test_inventory.c - JSON-LD databases compiled into LCA systems: the beef
 * cattle product system checked by hand, and one known-answer test per
 * rule of units, formulas, linking, allocation and LCIA matching, on small
 * JSON-LD data sets written by the tests (olca-schema v2 field names; the
 * beef cattle data uses v1 names).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zip.h>
#include <metabol/metabol.h>

#include "system_dists.h"
#include "test.h"

#define BEEF "tests/fixtures/jsonld/beef-cattle-finishing.zip"

/* ---- a JSON-LD data set written file by file ----------------------- */

static int put(const char *dir, const char *folder, const char *id,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int put(const char *dir, const char *folder, const char *id,
               const char *fmt, ...)
{
    char path[1024];
    FILE *f;
    va_list ap;

    snprintf(path, sizeof path, "%s/%s", dir, folder);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s.json", dir, folder, id);
    if (!(f = fopen(path, "w")))
        return -1;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    return fclose(f);
}

/*
 * Reference data: mass (kg; g = 0.001, t = 1000) and energy (MJ; kWh =
 * 3.6); flows: "fuel" (product, kg, 40 MJ per kg), "steel" (product, kg),
 * "heat" (product, MJ), "co2" and "ch4" (elementary, kg, air).
 */
static int put_reference(const char *d)
{
    return put(d, "unit_groups", "ug-mass",
               "{\"@type\":\"UnitGroup\",\"@id\":\"ug-mass\",\"name\":"
               "\"Units of mass\",\"units\":["
               "{\"@id\":\"u-kg\",\"name\":\"kg\",\"conversionFactor\":1,"
               "\"isRefUnit\":true},"
               "{\"@id\":\"u-g\",\"name\":\"g\",\"conversionFactor\":0.001},"
               "{\"@id\":\"u-t\",\"name\":\"t\",\"conversionFactor\":1000}]}") |
           put(d, "unit_groups", "ug-energy",
               "{\"@type\":\"UnitGroup\",\"@id\":\"ug-energy\",\"name\":"
               "\"Units of energy\",\"units\":["
               "{\"@id\":\"u-mj\",\"name\":\"MJ\",\"conversionFactor\":1,"
               "\"isRefUnit\":true},"
               "{\"@id\":\"u-kwh\",\"name\":\"kWh\",\"conversionFactor\":3.6}"
               "]}") |
           put(d, "flow_properties", "fp-mass",
               "{\"@type\":\"FlowProperty\",\"@id\":\"fp-mass\",\"name\":"
               "\"Mass\",\"unitGroup\":{\"@id\":\"ug-mass\"}}") |
           put(d, "flow_properties", "fp-energy",
               "{\"@type\":\"FlowProperty\",\"@id\":\"fp-energy\",\"name\":"
               "\"Energy\",\"unitGroup\":{\"@id\":\"ug-energy\"}}") |
           put(d, "flows", "f-fuel",
               "{\"@type\":\"Flow\",\"@id\":\"f-fuel\",\"name\":\"fuel\","
               "\"flowType\":\"PRODUCT_FLOW\",\"flowProperties\":["
               "{\"flowProperty\":{\"@id\":\"fp-mass\"},\"conversionFactor\":1,"
               "\"isRefFlowProperty\":true},"
               "{\"flowProperty\":{\"@id\":\"fp-energy\"},"
               "\"conversionFactor\":40}]}") |
           put(d, "flows", "f-steel",
               "{\"@type\":\"Flow\",\"@id\":\"f-steel\",\"name\":\"steel\","
               "\"flowType\":\"PRODUCT_FLOW\",\"flowProperties\":["
               "{\"flowProperty\":{\"@id\":\"fp-mass\"},\"conversionFactor\":1,"
               "\"isRefFlowProperty\":true}]}") |
           put(d, "flows", "f-heat",
               "{\"@type\":\"Flow\",\"@id\":\"f-heat\",\"name\":\"heat\","
               "\"flowType\":\"PRODUCT_FLOW\",\"flowProperties\":["
               "{\"flowProperty\":{\"@id\":\"fp-energy\"},"
               "\"conversionFactor\":1,\"isRefFlowProperty\":true}]}") |
           put(d, "flows", "f-co2",
               "{\"@type\":\"Flow\",\"@id\":\"f-co2\",\"name\":\"carbon "
               "dioxide\",\"category\":\"Elementary flows/air/unspecified\","
               "\"flowType\":\"ELEMENTARY_FLOW\",\"flowProperties\":["
               "{\"flowProperty\":{\"@id\":\"fp-mass\"},\"conversionFactor\":1,"
               "\"isRefFlowProperty\":true}]}") |
           put(d, "flows", "f-ch4",
               "{\"@type\":\"Flow\",\"@id\":\"f-ch4\",\"name\":\"methane\","
               "\"category\":\"Elementary flows/air/unspecified\","
               "\"flowType\":\"ELEMENTARY_FLOW\",\"flowProperties\":["
               "{\"flowProperty\":{\"@id\":\"fp-mass\"},\"conversionFactor\":1,"
               "\"isRefFlowProperty\":true}]}");
}

/* An exchange as JSON; unit NULL for the reference unit. */
static char *ex(const char *flow, double amount, int input, const char *unit,
                const char *extra)
{
    static char buf[16][512];
    static int next;
    char *b = buf[next++ % 16];

    snprintf(b, 512,
             "{\"flow\":{\"@id\":\"%s\"},\"amount\":%.17g,\"isInput\":%s%s%s"
             "%s%s%s}",
             flow, amount, input ? "true" : "false", unit ? ",\"unit\":"
                                                           "{\"@id\":\""
                                                         : "",
             unit ? unit : "", unit ? "\"}" : "", extra ? "," : "",
             extra ? extra : "");
    return b;
}

#define REF "\"isQuantitativeReference\":true"

static int put_process(const char *d, const char *id, const char *body)
{
    return put(d, "processes", id,
               "{\"@type\":\"Process\",\"@id\":\"%s\",\"name\":\"%s\",%s}", id,
               id, body);
}

/* Read a directory into a database and compile it. */
static int compile_dir(mb_system **sys, mb_compile_report *r, const char *dir,
                       const mb_compile_options *o)
{
    mb_lcidb *db = NULL;
    int rc = mb_lcidb_new(&db);

    if (rc == 0)
        rc = mb_jsonld_read(dir, mb_lcidb_sink(db), NULL);
    if (rc == 0)
        rc = mb_lcidb_compile(sys, r, db, o);
    mb_lcidb_free(db);
    return rc;
}

/* A[i, j] of a CSC matrix (0 when absent). */
static double at(const mb_csc *a, int64_t i, int64_t j)
{
    int64_t p;

    for (p = a->p[j]; p < a->p[j + 1]; p++)
        if (a->i[p] == i)
            return a->x[p];
    return 0.0;
}

static int64_t activity(const mb_system *s, const char *process)
{
    return mb_system_find_activity(s, process);
}

/* The B row of an elementary flow by name and direction, or -1. */
static int64_t flow_row(const mb_system *s, const char *name, int input)
{
    int64_t f;

    for (f = 0; f < s->nflows; f++)
        if (!strcmp(s->labels->flow_names[f], name) &&
            s->labels->flow_inputs[f] == input)
            return f;
    return -1;
}

/* Supply and inventory of `amount` of one activity. */
static int solve(const mb_system *s, int64_t j, double amount,
                 mb_lca_result **res)
{
    mb_lca *lca = NULL;
    double *demand = calloc((size_t)s->nproducts, sizeof *demand);
    int rc;

    demand[j] = amount;
    rc = mb_lca_new(&lca, s, NULL);
    if (rc == 0)
        rc = mb_lca_calculate(res, lca, demand);
    mb_lca_free(lca);
    free(demand);
    return rc;
}

/* ---- beef cattle ----------------------------------------------------- */

/*
 * The beef cattle product system (8 processes, olca-schema v1), for one
 * run of its final process: 2,914,841.44 kg of beef cattle at auction, the
 * product system's own targetAmount. By hand, from the exchanges (see
 * `metabol show process`): finishing needs 3742 calves, exactly one run of
 * calf production (3742 items); 1000 kg of vitamin premix, and calf
 * production another 1000 kg, so 2000 runs of the premix process (1 kg
 * each); 0.825 items of cattle feed, so 0.825 runs of feed production,
 * which needs one run's output of corn grain (6318 t), corn silage
 * (6991 t) and alfalfa hay (8093 t) per item: 0.825 runs each; calf
 * production needs 23042 t of pasture, one run of pasture maintenance.
 * Biogenic methane: 673,445 kg (calves) + 8,092 kg x 0.825 (feed) +
 * 130,035 kg (finishing) = 810,155.9 kg.
 */
TEST(beef_cattle_product_system_matches_hand_calculation)
{
    static const struct {
        const char *process;
        double runs;
    } expected[] = {
        {"beef cattle finishing; CCF operation; at auction; LW", 1},
        {"calf production; cow-calf operation; at farm", 1},
        {"vitamin premix production; cow feed vitamin mix; at processing "
         "plant gate",
         2000},
        {"cattle feed production; produced on farm; production mix on farm",
         0.825},
        {"corn grain production; strip tillage; at farm; dry matter", 0.825},
        {"corn silage production; strip tillage; at farm; dry matter", 0.825},
        {"alfalfa hay production; bailed, stored outside; on farm; dry "
         "matter",
         0.825},
        {"grass pasture maintenance; forage for cattle; grazed on farm; dry "
         "matter",
         1},
    };
    mb_system *s = NULL;
    mb_compile_report r;
    mb_lca_result *res = NULL;
    size_t k;
    int64_t j, ch4;

    CHECK_OK(compile_dir(&s, &r, BEEF, NULL));
    CHECK(r.processes == 8 && r.activities == 8);
    CHECK(r.linked_default == 5 && r.linked_by_flow == 3);
    j = activity(s, expected[0].process);
    CHECK(j >= 0);
    CHECK_OK(solve(s, j, 2914841.44, &res));
    /* every run as derived above; each activity's supply is in runs of
     * its reference output, so supply = runs x reference amount */
    for (k = 0; k < sizeof expected / sizeof expected[0]; k++) {
        int64_t a = activity(s, expected[k].process);

        CHECK_MSG(a >= 0, "no activity '%s'", expected[k].process);
        CHECK_NEAR(res->supply[a] * at(s->A, a, a),
                   expected[k].runs * at(s->A, a, a), 1e-12);
    }
    ch4 = flow_row(s, "Methane, biogenic", 0);
    CHECK(ch4 >= 0);
    CHECK_NEAR(res->inventory[ch4], 673445.0 + 8092.0 * 0.825 + 130035.0,
               1e-12);
    CHECK(r.unlinked_flows > 0); /* electricity, diesel, ...: cut off */
    mb_lca_result_free(res);
    mb_compile_report_free(&r);
    mb_system_free(s);
}

/* ---- units ----------------------------------------------------------- */

/*
 * "burner" makes 1000 MJ of heat from 500 g of fuel (0.5 kg), 20 MJ of fuel
 * by energy (20 / 40 MJ per kg = 0.5 kg) and 0.001 t of fuel (1 kg): 2 kg
 * of fuel in all; "refinery" makes 1 kg of fuel with 3 kWh of heat
 * (10.8 MJ).
 */
TEST(units_convert_to_the_flow_reference_unit)
{
    const char *d = test_tmpdir();
    char body[2048];
    mb_system *s = NULL;
    int64_t burner, refinery;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s,%s,%s]",
             ex("f-heat", 1000, 0, NULL, REF), ex("f-fuel", 500, 1, "u-g", NULL),
             ex("f-fuel", 20, 1, "u-mj",
                "\"flowProperty\":{\"@id\":\"fp-energy\"}"),
             ex("f-fuel", 0.001, 1, "u-t", NULL));
    CHECK(put_process(d, "burner", body) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s]",
             ex("f-fuel", 1, 0, NULL, REF), ex("f-heat", 3, 1, "u-kwh", NULL));
    CHECK(put_process(d, "refinery", body) == 0);
    CHECK_OK(compile_dir(&s, NULL, d, NULL));
    burner = activity(s, "burner");
    refinery = activity(s, "refinery");
    CHECK_NEAR(at(s->A, burner, burner), 1000, 1e-15);
    CHECK_NEAR(at(s->A, refinery, burner), -2.0, 1e-15);
    CHECK_NEAR(at(s->A, burner, refinery), -10.8, 1e-15);
    CHECK(strcmp(s->labels->product_units[burner], "MJ") == 0);
    mb_system_free(s);
}

/*
 * An exchange's distribution goes with its amount into the matrix: 500 g
 * of fuel, lognormal (gm 500 g, gsd 1.5), is the entry -0.5 kg with gm
 * -0.5 kg and gsd 1.5; 10 kg CO2, normal (sd 2), stays as it is in B; a
 * lognormal with geomSd 0 describes nothing: its entry gets none and it is
 * counted (mb_system.invalid_distributions). The compiled model keeps them
 * through its blob. Only when asked: a plain LCA does not need them.
 */
TEST(exchange_uncertainty_follows_units_and_signs)
{
    const char *d = test_tmpdir();
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    char body[2048];
    mb_system *s = NULL, *t = NULL;
    mb_compile_report r;
    const mb_lci_uncertainty *u;
    mb_lcidb *db = NULL;
    int64_t burner, refinery, co2;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s,%s]",
             ex("f-heat", 1000, 0, NULL, REF),
             ex("f-fuel", 500, 1, "u-g",
                "\"uncertainty\":{\"distributionType\":"
                "\"LOG_NORMAL_DISTRIBUTION\",\"geomMean\":500,"
                "\"geomSd\":1.5}"),
             ex("f-co2", 10, 0, NULL,
                "\"uncertainty\":{\"distributionType\":"
                "\"NORMAL_DISTRIBUTION\",\"mean\":10,\"sd\":2}"));
    CHECK(put_process(d, "burner", body) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s]",
             ex("f-fuel", 1, 0, NULL, REF),
             ex("f-heat", 3, 1, "u-kwh",
                "\"uncertainty\":{\"distributionType\":"
                "\"LOG_NORMAL_DISTRIBUTION\",\"geomMean\":3,"
                "\"geomSd\":0}"));
    CHECK(put_process(d, "refinery", body) == 0);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_jsonld_read(d, mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL)); /* not asked: none */
    CHECK(!s->A_uncertainty && !s->B_uncertainty);
    mb_system_free(s);
    mb_compile_report_free(&r);
    o.uncertainty = 1;
    CHECK_OK(mb_lcidb_compile(&s, &r, db, &o));
    burner = activity(s, "burner");
    refinery = activity(s, "refinery");
    co2 = flow_row(s, "carbon dioxide", 0);
    CHECK(s->A_uncertainty && s->B_uncertainty);
    u = dist_at(s->A, s->A_uncertainty, refinery, burner);
    CHECK(u && u->type == MB_DIST_LOGNORMAL);
    CHECK_NEAR(u->p[0], -0.5, 1e-15);
    CHECK_NEAR(u->p[1], 1.5, 1e-15);
    u = dist_at(s->B, s->B_uncertainty, co2, burner);
    CHECK(u && u->type == MB_DIST_NORMAL);
    CHECK_NEAR(u->p[0], 10, 1e-15);
    CHECK_NEAR(u->p[1], 2, 1e-15);
    u = dist_at(s->A, s->A_uncertainty, burner, refinery);
    CHECK(u && u->type == MB_DIST_NONE);
    CHECK(s->invalid_distributions == 1);
    CHECK_STR_CONTAINS(s->invalid_distribution,
                       "process 'refinery' (refinery): exchange 'heat' "
                       "(input): lognormal (geometric mean 3, geometric sd "
                       "0): geometric sd 0 below 1");
    CHECK((t = through_blob(s, &r)) != NULL);
    u = dist_at(t->A, t->A_uncertainty, refinery, burner);
    CHECK(u && u->type == MB_DIST_LOGNORMAL && u->p[0] == -0.5);
    mb_system_free(t);
    mb_compile_report_free(&r);
    mb_system_free(s);
    mb_lcidb_free(db);
}

/*
 * A distribution that describes none is not dropped silently when
 * distributions are asked for: the compiled system counts it and names
 * the first one (process, exchange, distribution, what is wrong), its
 * entry gets none, and the blob keeps both. One case each: a lognormal
 * on a zero amount, a geometric sd below 1, a minimum above the maximum,
 * a negative sd. Not asked for: nothing counted.
 */
TEST(invalid_distributions_are_counted_and_the_first_named)
{
    static const struct {
        const char *json, *why;
    } cases[] = {
        {"\"LOG_NORMAL_DISTRIBUTION\",\"geomMean\":0,\"geomSd\":1.5",
         "lognormal (geometric mean 0, geometric sd 1.5): lognormal on a "
         "zero amount (geometric mean 0)"},
        {"\"LOG_NORMAL_DISTRIBUTION\",\"geomMean\":2,\"geomSd\":0.5",
         "lognormal (geometric mean 2, geometric sd 0.5): geometric sd 0.5 "
         "below 1"},
        {"\"TRIANGLE_DISTRIBUTION\",\"minimum\":3,\"mode\":2.5,"
         "\"maximum\":2",
         "triangular (minimum 3, mode 2.5, maximum 2): minimum 3 above "
         "maximum 2"},
        {"\"NORMAL_DISTRIBUTION\",\"mean\":2,\"sd\":-1",
         "normal (mean 2, sd -1): negative standard deviation -1"}};
    const char *d = test_tmpdir();
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    char body[2048], dist[256], want[512];
    mb_compile_report r;
    mb_system *s = NULL, *t = NULL;
    int64_t mill, co2;
    size_t k;

    CHECK(put_reference(d) == 0);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(dist, sizeof dist,
                 "\"uncertainty\":{\"distributionType\":%s}", cases[k].json);
        snprintf(body, sizeof body, "\"exchanges\":[%s,%s,%s]",
                 ex("f-steel", 1, 0, NULL, REF), ex("f-co2", 2, 0, NULL, dist),
                 ex("f-ch4", 1, 0, NULL,
                    "\"uncertainty\":{\"distributionType\":"
                    "\"NORMAL_DISTRIBUTION\",\"mean\":1,\"sd\":0.1}"));
        CHECK(put_process(d, "mill", body) == 0);
        o.uncertainty = 0;
        CHECK_OK(compile_dir(&s, &r, d, &o));
        CHECK(s->invalid_distributions == 0 && !s->invalid_distribution);
        mb_system_free(s);
        mb_compile_report_free(&r);
        o.uncertainty = 1;
        CHECK_OK(compile_dir(&s, &r, d, &o));
        snprintf(want, sizeof want,
                 "process 'mill' (mill): exchange 'carbon dioxide' (output): "
                 "%s",
                 cases[k].why);
        CHECK_MSG(s->invalid_distributions == 1 && s->invalid_distribution &&
                      !strcmp(s->invalid_distribution, want),
                  "case %zu: %zu: %s", k, s->invalid_distributions,
                  s->invalid_distribution ? s->invalid_distribution : "-");
        mill = activity(s, "mill");
        co2 = flow_row(s, "carbon dioxide", 0);
        CHECK(dist_at(s->B, s->B_uncertainty, co2, mill)->type ==
              MB_DIST_NONE);
        CHECK(dist_at(s->B, s->B_uncertainty, flow_row(s, "methane", 0),
                      mill)->type == MB_DIST_NORMAL);
        CHECK((t = through_blob(s, &r)) != NULL);
        CHECK(t->invalid_distributions == 1 &&
              !strcmp(t->invalid_distribution, want));
        mb_system_free(t);
        mb_system_free(s);
        mb_compile_report_free(&r);
    }
}

/*
 * Characterization factors keep their distributions when asked for
 * (mb_system.C_uncertainty), carried to the flow's reference unit as the
 * value is: a normal factor of 0.028 (sd 0.002) per g of methane is 28
 * (sd 2) per kg. An invalid one (a lognormal with geometric sd 0.5 on CO2)
 * is counted and named with its category; the blob keeps the vectors.
 */
TEST(factor_uncertainty_goes_into_the_characterization_vectors)
{
    const char *d = test_tmpdir();
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    char body[2048];
    mb_compile_report r;
    mb_system *s = NULL, *t = NULL;
    int64_t gwp, co2, ch4;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s,%s]",
             ex("f-steel", 1, 0, NULL, REF), ex("f-co2", 10, 0, NULL, NULL),
             ex("f-ch4", 1, 0, NULL, NULL));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK(put(d, "lcia_categories", "c-gwp",
              "{\"@type\":\"ImpactCategory\",\"@id\":\"c-gwp\",\"name\":"
              "\"GWP\",\"impactFactors\":["
              "{\"flow\":{\"@id\":\"f-ch4\"},\"unit\":{\"@id\":\"u-g\"},"
              "\"value\":0.028,\"uncertainty\":{\"distributionType\":"
              "\"NORMAL_DISTRIBUTION\",\"mean\":0.028,\"sd\":0.002}},"
              "{\"flow\":{\"@id\":\"f-co2\"},\"value\":1,\"uncertainty\":{"
              "\"distributionType\":\"LOG_NORMAL_DISTRIBUTION\","
              "\"geomMean\":1,\"geomSd\":0.5}}]}") == 0);
    CHECK_OK(compile_dir(&s, &r, d, NULL));
    CHECK(!s->C_uncertainty); /* not asked */
    mb_system_free(s);
    mb_compile_report_free(&r);
    o.uncertainty = 1;
    CHECK_OK(compile_dir(&s, &r, d, &o));
    gwp = mb_system_method_index(s, "GWP");
    co2 = flow_row(s, "carbon dioxide", 0);
    ch4 = flow_row(s, "methane", 0);
    CHECK(gwp >= 0 && s->C_uncertainty && s->C_uncertainty[gwp]);
    CHECK(s->C_uncertainty[gwp][ch4].type == MB_DIST_NORMAL);
    CHECK_NEAR(s->C_uncertainty[gwp][ch4].p[0], 28, 1e-14);
    CHECK_NEAR(s->C_uncertainty[gwp][ch4].p[1], 2, 1e-14);
    CHECK(s->C_uncertainty[gwp][co2].type == MB_DIST_NONE);
    CHECK(s->invalid_distributions == 1);
    CHECK(!strcmp(s->invalid_distribution,
                  "impact category 'GWP': factor of flow 'carbon dioxide': "
                  "lognormal (geometric mean 1, geometric sd 0.5): geometric "
                  "sd 0.5 below 1"));
    CHECK((t = through_blob(s, &r)) != NULL);
    CHECK(t->C_uncertainty && t->C_uncertainty[gwp] &&
          t->C_uncertainty[gwp][ch4].type == MB_DIST_NORMAL &&
          t->C_uncertainty[gwp][ch4].p[1] == s->C_uncertainty[gwp][ch4].p[1]);
    mb_system_free(t);
    mb_system_free(s);
    mb_compile_report_free(&r);
}

/*
 * openLCA writes UncertaintyType.NONE as "NO_DISTRIBUTION": no
 * distribution, not an unknown value.
 */
TEST(jsonld_no_distribution_is_none)
{
    const char *d = test_tmpdir();
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    char body[2048];
    mb_system *s = NULL;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s]",
             ex("f-steel", 1, 0, NULL, REF),
             ex("f-co2", 2, 0, NULL,
                "\"uncertainty\":{\"distributionType\":"
                "\"NO_DISTRIBUTION\"}"));
    CHECK(put_process(d, "mill", body) == 0);
    o.uncertainty = 1;
    CHECK_OK(compile_dir(&s, NULL, d, &o));
    CHECK(!s->B_uncertainty && s->invalid_distributions == 0);
    mb_system_free(s);
}

TEST(unit_outside_the_flow_property_is_an_error_naming_the_exchange)
{
    const char *d = test_tmpdir();
    char body[1024];
    mb_system *s = NULL;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s]",
             ex("f-steel", 1, 0, NULL, REF), ex("f-fuel", 2, 1, "u-kwh", NULL));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK(compile_dir(&s, NULL, d, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "process 'mill' (mill): exchange 2: unit 'kWh' is "
                       "not a unit of 'Mass'");
    CHECK(s == NULL);
}

/* ---- formulas and parameters ---------------------------------------- */

/*
 * Global scale = 2; process parameters a = 3 and b = a * scale + 1 = 7;
 * the fuel input's formula "b * 10" gives 70 kg (its stored amount, 1, is
 * replaced as openLCA recomputes formulas); the CO2 formula
 * "if(scale > 1; 5; 9)" gives 5.
 */
TEST(formulas_give_the_amounts_and_overrides_change_them)
{
    const char *d = test_tmpdir();
    char body[2048];
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_param_override ov[2] = {{"SCALE", 0.5}, {"a", 4}};
    mb_compile_report r;
    mb_system *s = NULL;
    int64_t mill, fuel = -1, co2;

    CHECK(put_reference(d) == 0);
    CHECK(put(d, "parameters", "p-scale",
              "{\"@type\":\"Parameter\",\"@id\":\"p-scale\",\"name\":"
              "\"scale\",\"value\":2,\"isInputParameter\":true}") == 0);
    snprintf(body, sizeof body,
             "\"parameters\":[{\"name\":\"a\",\"value\":3,"
             "\"isInputParameter\":true},{\"name\":\"b\",\"formula\":"
             "\"a * scale + 1\",\"value\":0}],"
             "\"exchanges\":[%s,%s,%s]",
             ex("f-steel", 1, 0, NULL, REF),
             ex("f-fuel", 1, 1, NULL, "\"amountFormula\":\"b * 10\""),
             ex("f-co2", 0, 0, NULL,
                "\"amountFormula\":\"if(scale > 1; 5; 9)\""));
    CHECK(put_process(d, "mill", body) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-fuel", 1, 0, NULL, REF));
    CHECK(put_process(d, "refinery", body) == 0);
    CHECK_OK(compile_dir(&s, &r, d, NULL));
    mill = activity(s, "mill");
    fuel = activity(s, "refinery");
    co2 = flow_row(s, "carbon dioxide", 0);
    CHECK(r.formulas == 2);
    CHECK_NEAR(at(s->A, fuel, mill), -70, 1e-15);
    CHECK_NEAR(at(s->B, co2, mill), 5, 1e-15);
    mb_system_free(s);
    mb_compile_report_free(&r);
    /* scenario: scale = 0.5 (global), a = 4 (process): b = 3, co2 = 9 */
    o.overrides = ov;
    o.noverrides = 2;
    CHECK_OK(compile_dir(&s, NULL, d, &o));
    CHECK_NEAR(at(s->A, activity(s, "refinery"), activity(s, "mill")), -30,
               1e-15);
    CHECK_NEAR(at(s->B, flow_row(s, "carbon dioxide", 0), activity(s, "mill")),
               9, 1e-15);
    mb_system_free(s);
    ov[0].name = "nope";
    o.noverrides = 1;
    CHECK(compile_dir(&s, NULL, d, &o) == MB_ENOTFOUND);
    CHECK_STR_CONTAINS(mb_error_last()->message, "parameter 'nope'");
}

TEST(formula_errors_and_cycles_name_the_process)
{
    const char *d = test_tmpdir();
    char body[2048];
    mb_system *s = NULL;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body,
             "\"parameters\":[{\"name\":\"a\",\"formula\":\"b + 1\"},"
             "{\"name\":\"b\",\"formula\":\"a * 2\"}],"
             "\"exchanges\":[%s]",
             ex("f-steel", 1, 0, NULL, REF));
    CHECK(put_process(d, "loop", body) == 0);
    CHECK(compile_dir(&s, NULL, d, NULL) < 0);
    CHECK_STR_CONTAINS(mb_error_last()->message, "process 'loop' (loop)");
    CHECK_STR_CONTAINS(mb_error_last()->message, "a -> b -> a");
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-steel", 1, 0, NULL, REF ",\"amountFormula\":\"2 * (3\""));
    CHECK(put_process(d, "loop", body) == 0);
    CHECK(compile_dir(&s, NULL, d, NULL) < 0);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "process 'loop' (loop): exchange 1: formula '2 * (3'");
}

/* ---- linking --------------------------------------------------------- */

/*
 * Two refineries in different places make fuel; "mill" (location DE) needs
 * fuel: its default provider wins when it has one; else the same-location
 * rule takes the DE refinery, the first rule the first by id ("ref-a"),
 * the fail rule stops naming both; steel's scrap input has no provider
 * and is reported as cut off.
 */
TEST(linking_follows_default_providers_then_the_provider_rule)
{
    const char *d = test_tmpdir();
    char body[2048];
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report r;
    mb_system *s = NULL;
    int64_t mill, a, b;

    CHECK(put_reference(d) == 0);
    CHECK(put(d, "locations", "loc-de",
              "{\"@type\":\"Location\",\"@id\":\"loc-de\",\"name\":"
              "\"Germany\",\"code\":\"DE\"}") == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-fuel", 1, 0, NULL, REF));
    CHECK(put_process(d, "ref-a", body) == 0);
    snprintf(body, sizeof body,
             "\"location\":{\"@id\":\"loc-de\"},\"exchanges\":[%s]",
             ex("f-fuel", 1, 0, NULL, REF));
    CHECK(put_process(d, "ref-b", body) == 0);
    snprintf(body, sizeof body,
             "\"location\":{\"@id\":\"loc-de\"},\"exchanges\":[%s,%s,%s]",
             ex("f-steel", 1, 0, NULL, REF), ex("f-fuel", 2, 1, NULL, NULL),
             ex("f-heat", 7, 1, NULL, NULL));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK_OK(compile_dir(&s, &r, d, NULL));
    mill = activity(s, "mill");
    a = activity(s, "ref-a");
    b = activity(s, "ref-b");
    CHECK(at(s->A, b, mill) == -2 && at(s->A, a, mill) == 0);
    CHECK(r.linked_ambiguous == 1 && r.unlinked == 1);
    CHECK(r.unlinked_flows == 1 && !strcmp(r.unlinked_names[0], "heat"));
    mb_compile_report_free(&r);
    mb_system_free(s);

    o.providers = MB_PROVIDERS_FIRST;
    CHECK_OK(compile_dir(&s, NULL, d, &o));
    CHECK(at(s->A, activity(s, "ref-a"), activity(s, "mill")) == -2);
    mb_system_free(s);

    o.providers = MB_PROVIDERS_FAIL;
    CHECK(compile_dir(&s, NULL, d, &o) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "process 'mill': 2 processes provide 'fuel'");

    /* a default provider overrides the rule */
    snprintf(body, sizeof body,
             "\"location\":{\"@id\":\"loc-de\"},\"exchanges\":[%s,%s]",
             ex("f-steel", 1, 0, NULL, REF),
             ex("f-fuel", 2, 1, NULL, "\"defaultProvider\":{\"@id\":"
                                      "\"ref-a\"}"));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK_OK(compile_dir(&s, &r, d, NULL));
    CHECK(at(s->A, activity(s, "ref-a"), activity(s, "mill")) == -2);
    CHECK(r.linked_default == 1 && r.linked_by_flow == 0);
    mb_compile_report_free(&r);
    mb_system_free(s);
}

/* ---- allocation ------------------------------------------------------ */

/*
 * "chp" makes 10 MJ heat (reference) and 2 kg fuel from 4 kg steel, and
 * emits 100 kg CO2. Physical factors 0.6 heat / 0.4 fuel, economic 0.9 /
 * 0.1, causal for CO2 0.25 / 0.75. Each split gives two activities:
 * heat's column holds factor x every exchange except the other product.
 */
static int put_chp(const char *d, const char *default_method)
{
    char body[4096];

    snprintf(body, sizeof body,
             "\"defaultAllocationMethod\":\"%s\","
             "\"exchanges\":[%s,%s,%s,%s],"
             "\"allocationFactors\":["
             "{\"allocationType\":\"PHYSICAL_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-heat\"},\"value\":0.6},"
             "{\"allocationType\":\"PHYSICAL_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-fuel\"},\"value\":0.4},"
             "{\"allocationType\":\"ECONOMIC_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-heat\"},\"value\":0.9},"
             "{\"allocationType\":\"ECONOMIC_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-fuel\"},\"value\":0.1},"
             "{\"allocationType\":\"CAUSAL_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-heat\"},\"value\":0.25,\"exchange\":"
             "{\"internalId\":4}},"
             "{\"allocationType\":\"CAUSAL_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-fuel\"},\"value\":0.75,\"exchange\":"
             "{\"internalId\":4}}]",
             default_method,
             ex("f-heat", 10, 0, NULL, REF ",\"internalId\":1"),
             ex("f-fuel", 2, 0, NULL, "\"internalId\":2"),
             ex("f-steel", 4, 1, NULL, "\"internalId\":3"),
             ex("f-co2", 100, 0, NULL, "\"internalId\":4"));
    if (put_process(d, "chp", body) != 0)
        return -1;
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-steel", 1, 0, NULL, REF));
    if (put_process(d, "mill", body) != 0)
        return -1;
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s]",
             ex("f-fuel", 1, 0, NULL, REF), ex("f-co2", 3, 0, NULL, NULL));
    return put_process(d, "refinery", body);
}

/* Columns of chp for heat and for fuel (the second activity of chp). */
static void chp_columns(const mb_system *s, int64_t *heat, int64_t *fuel)
{
    int64_t j;

    *heat = *fuel = -1;
    for (j = 0; j < s->nactivities; j++)
        if (!strcmp(s->labels->activity_names[j], "chp"))
            *(strcmp(s->labels->product_names[j], "heat") ? fuel : heat) = j;
}

TEST(allocation_splits_multi_output_processes)
{
    static const struct {
        mb_allocation_rule rule;
        double heat_share, fuel_share, co2_heat, co2_fuel;
    } cases[] = {
        {MB_ALLOCATE_PHYSICAL, 0.6, 0.4, 60, 40},
        {MB_ALLOCATE_ECONOMIC, 0.9, 0.1, 90, 10},
        {MB_ALLOCATE_CAUSAL, 0.6, 0.4, 25, 75}, /* others: physical */
        {MB_ALLOCATE_DEFAULT, 0.9, 0.1, 90, 10}, /* the data: economic */
    };
    const char *d = test_tmpdir();
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report r;
    mb_system *s = NULL;
    size_t k;

    CHECK(put_reference(d) == 0 && put_chp(d, "ECONOMIC_ALLOCATION") == 0);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int64_t heat, fuel, steel, co2;

        o.allocation = cases[k].rule;
        CHECK_OK(compile_dir(&s, &r, d, &o));
        chp_columns(s, &heat, &fuel);
        steel = activity(s, "mill");
        co2 = flow_row(s, "carbon dioxide", 0);
        CHECK_MSG(heat >= 0 && fuel >= 0, "case %zu: chp not split", k);
        CHECK(s->nactivities == 4 && r.allocated == 1);
        CHECK_NEAR(at(s->A, heat, heat), 10, 1e-15);
        CHECK_NEAR(at(s->A, fuel, fuel), 2, 1e-15);
        CHECK(at(s->A, fuel, heat) == 0 && at(s->A, heat, fuel) == 0);
        CHECK_NEAR(at(s->A, steel, heat), -4 * cases[k].heat_share, 1e-15);
        CHECK_NEAR(at(s->A, steel, fuel), -4 * cases[k].fuel_share, 1e-15);
        CHECK_NEAR(at(s->B, co2, heat), cases[k].co2_heat, 1e-15);
        CHECK_NEAR(at(s->B, co2, fuel), cases[k].co2_fuel, 1e-15);
        mb_compile_report_free(&r);
        mb_system_free(s);
    }
}

/*
 * Without allocation chp stays one activity; its 2 kg of fuel substitute
 * the refinery's (system expansion): A[refinery, chp] = +2, so 10 MJ of
 * heat emit 100 - 2 x 3 = 94 kg CO2.
 */
TEST(no_allocation_is_system_expansion)
{
    const char *d = test_tmpdir();
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report r;
    mb_lca_result *res = NULL;
    mb_system *s = NULL;
    int64_t chp;

    CHECK(put_reference(d) == 0 && put_chp(d, "NO_ALLOCATION") == 0);
    CHECK_OK(compile_dir(&s, &r, d, &o)); /* default: the data's none */
    chp = activity(s, "chp");
    CHECK(s->nactivities == 3 && r.allocated == 0 && r.coproducts_linked == 1);
    CHECK_NEAR(at(s->A, activity(s, "refinery"), chp), 2, 1e-15);
    CHECK_OK(solve(s, chp, 10, &res));
    CHECK_NEAR(res->inventory[flow_row(s, "carbon dioxide", 0)], 94, 1e-14);
    mb_lca_result_free(res);
    mb_compile_report_free(&r);
    mb_system_free(s);
}

/*
 * An avoided product is linked like an input and enters A with a
 * positive sign: recycling 1 kg of steel avoids 0.5 kg made by the mill.
 */
TEST(avoided_products_credit_their_provider)
{
    const char *d = test_tmpdir();
    char body[1024];
    mb_system *s = NULL;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s]",
             ex("f-heat", 1, 0, NULL, REF),
             ex("f-steel", 0.5, 0, NULL, "\"isAvoidedProduct\":true"));
    CHECK(put_process(d, "recycling", body) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-steel", 1, 0, NULL, REF));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK_OK(compile_dir(&s, NULL, d, NULL));
    CHECK_NEAR(at(s->A, activity(s, "mill"), activity(s, "recycling")), 0.5,
               1e-15);
    mb_system_free(s);
}

/* ---- LCIA ------------------------------------------------------------ */

/*
 * A method with two categories: "GWP" has methane 28 kg CO2 eq per kg
 * given per g (0.028 per g -> 28 per kg) and a factor 1 for "fed-co2", a
 * flow of another list that a flow mapping maps carbon dioxide to with
 * factor 2 (1 kg of our CO2 = 2 kg of fed-co2: factor 2 per kg); "Named"
 * has a factor 5 for a flow known only by name and category.
 */
TEST(lcia_factors_match_by_id_mapping_and_name)
{
    const char *d = test_tmpdir();
    char body[2048];
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report r;
    mb_system *s = NULL;
    mb_lcidb *db = NULL;
    mb_lci_flow_map map = {"f-co2", "carbon dioxide", "air", "fed-co2",
                           "Carbon dioxide", "emission/air", 2.0, NULL, NULL};
    int64_t gwp, named, co2, ch4;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s,%s,%s]",
             ex("f-steel", 1, 0, NULL, REF), ex("f-co2", 10, 0, NULL, NULL),
             ex("f-ch4", 1, 0, NULL, NULL));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK(put(d, "lcia_categories", "c-gwp",
              "{\"@type\":\"ImpactCategory\",\"@id\":\"c-gwp\",\"name\":"
              "\"GWP\",\"refUnit\":\"kg CO2 eq\",\"impactFactors\":["
              "{\"flow\":{\"@id\":\"f-ch4\"},\"unit\":{\"@id\":\"u-g\"},"
              "\"value\":0.028},"
              "{\"flow\":{\"@id\":\"fed-co2\"},\"unit\":{\"@id\":\"u-kg\"},"
              "\"value\":1}]}") == 0);
    CHECK(put(d, "lcia_categories", "c-named",
              "{\"@type\":\"ImpactCategory\",\"@id\":\"c-named\",\"name\":"
              "\"Named\",\"impactFactors\":[{\"flow\":{\"@id\":\"x-1\","
              "\"name\":\"Methane\",\"category\":\"air/unspecified\"},"
              "\"value\":5}]}") == 0);
    CHECK(put(d, "lcia_methods", "m",
              "{\"@type\":\"ImpactMethod\",\"@id\":\"m\",\"name\":\"Test\","
              "\"impactCategories\":[{\"@id\":\"c-gwp\"},"
              "{\"@id\":\"c-named\"}]}") == 0);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_jsonld_read(d, mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_sink(db)->flow_map(mb_lcidb_sink(db)->ctx, &map));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    gwp = mb_system_method_index(s, "Test/GWP");
    named = mb_system_method_index(s, "Test/Named");
    co2 = flow_row(s, "carbon dioxide", 0);
    ch4 = flow_row(s, "methane", 0);
    CHECK(gwp >= 0 && named >= 0);
    CHECK_NEAR(s->methods[gwp].values[ch4], 28, 1e-14);
    CHECK_NEAR(s->methods[gwp].values[co2], 2, 1e-15);
    CHECK(s->methods[named].values[ch4] == 0); /* not asked */
    CHECK(r.factors_by_id == 1 && r.factors_by_mapping == 1 &&
          r.factors_unmatched == 1);
    CHECK(!strcmp(s->labels->method_units[gwp], "kg CO2 eq"));
    mb_system_free(s);
    mb_compile_report_free(&r);
    o.match_by_name = 1;
    CHECK_OK(mb_lcidb_compile(&s, &r, db, &o));
    CHECK_NEAR(s->methods[named].values[ch4], 5, 1e-15);
    CHECK(r.factors_by_name == 1 && r.factors_unmatched == 0);
    mb_system_free(s);
    mb_compile_report_free(&r);
    mb_lcidb_free(db);
}

/* ---- the reader's errors -------------------------------------------- */

TEST(jsonld_errors_name_the_file_and_element)
{
    const char *d = test_tmpdir();
    mb_lci_sink sink = {0};

    CHECK(put(d, "flows", "bad", "{\"@type\":\"Flow\",\"@id\":\"x\",") == 0);
    CHECK(mb_jsonld_read(d, &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "flows/bad.json: line 1");
    CHECK(put(d, "flows", "bad",
              "{\"@type\":\"Flow\",\"@id\":\"x\",\"flowType\":\"MAGIC\"}") ==
          0);
    CHECK(mb_jsonld_read(d, &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "flows/bad.json: 'flowType' is 'MAGIC'");
    CHECK(put(d, "flows", "bad",
              "{\"@type\":\"Flow\",\"@id\":\"x\",\"flowType\":"
              "\"PRODUCT_FLOW\"}") == 0);
    CHECK(put(d, "flows", "dup",
              "{\"@type\":\"Flow\",\"@id\":\"x\",\"flowType\":"
              "\"PRODUCT_FLOW\"}") == 0);
    CHECK(mb_jsonld_read(d, &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "flows/dup.json: flow 'x': the @id is used by "
                       "another entity");
    CHECK(put(d, "flows", "dup",
              "{\"@type\":\"Process\",\"@id\":\"p\",\"exchanges\":"
              "[{\"flow\":{\"@id\":\"x\"},\"amount\":\"ten\"}]}") == 0);
    CHECK(mb_jsonld_read(d, &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "flows/dup.json: exchange 1: 'amount' is not a number");
}

TEST(jsonld_reads_zip_and_directory_alike)
{
    mb_jsonld_stats st;
    mb_lci_sink sink = {0};
    FILE *f = fopen(BEEF, "rb");
    static char buf[1 << 18];
    size_t n;

    CHECK(f != NULL);
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    CHECK(n > 0 && n < sizeof buf);
    CHECK_OK(mb_jsonld_read_buffer(buf, n, "beef.zip", &sink, &st));
    CHECK(st.processes == 8 && st.exchanges == 105 && st.flows == 48);
    CHECK(st.unit_groups == 6 && st.flow_properties == 6 &&
          st.locations == 5);
    CHECK(mb_jsonld_read_buffer(buf, n / 2, "half.zip", &sink, &st) ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "half.zip: not a readable "
                                                 "zip archive");
}

/* A zip whose member path leaves its directory is refused by name. */
TEST(jsonld_zip_members_cannot_leave_the_archive)
{
    static const char *const names[] = {"../flows/f.json", "/flows/f.json",
                                        "flows/../../f.json"};
    static const char doc[] = "{\"@type\":\"Flow\",\"@id\":\"f\","
                              "\"flowType\":\"PRODUCT_FLOW\"}";
    char path[600];
    mb_lci_sink sink = {0};
    size_t k;

    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        zip_t *z;
        zip_source_t *src;
        int err;

        snprintf(path, sizeof path, "%s/evil.zip", test_tmpdir());
        z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
        CHECK(z != NULL);
        src = zip_source_buffer(z, doc, sizeof doc - 1, 0);
        CHECK(src != NULL && zip_file_add(z, names[k], src, 0) >= 0);
        CHECK(zip_close(z) == 0);
        CHECK(mb_jsonld_read(path, &sink, NULL) == MB_EFORMAT);
        CHECK_STR_CONTAINS(mb_error_last()->message, names[k]);
        CHECK_STR_CONTAINS(mb_error_last()->message,
                           "leaves the archive's directory");
    }
}

/*
 * Causal factors for CO2 only (0.25 heat, 0.75 fuel) and no physical
 * factors: CO2 splits by them, and the steel input, which has none, in
 * equal shares (2 kg each), never 4 kg to both.
 */
TEST(causal_allocation_without_a_factor_shares_equally)
{
    const char *d = test_tmpdir();
    char body[4096];
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_system *s = NULL;
    int64_t heat, fuel, steel, co2;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body,
             "\"exchanges\":[%s,%s,%s,%s],\"allocationFactors\":["
             "{\"allocationType\":\"CAUSAL_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-heat\"},\"value\":0.25,\"exchange\":"
             "{\"internalId\":4}},"
             "{\"allocationType\":\"CAUSAL_ALLOCATION\",\"product\":"
             "{\"@id\":\"f-fuel\"},\"value\":0.75,\"exchange\":"
             "{\"internalId\":4}}]",
             ex("f-heat", 10, 0, NULL, REF ",\"internalId\":1"),
             ex("f-fuel", 2, 0, NULL, "\"internalId\":2"),
             ex("f-steel", 4, 1, NULL, "\"internalId\":3"),
             ex("f-co2", 100, 0, NULL, "\"internalId\":4"));
    CHECK(put_process(d, "chp", body) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-steel", 1, 0, NULL, REF));
    CHECK(put_process(d, "mill", body) == 0);
    o.allocation = MB_ALLOCATE_CAUSAL;
    CHECK_OK(compile_dir(&s, NULL, d, &o));
    chp_columns(s, &heat, &fuel);
    steel = activity(s, "mill");
    co2 = flow_row(s, "carbon dioxide", 0);
    CHECK(heat >= 0 && fuel >= 0);
    CHECK_NEAR(at(s->B, co2, heat), 25, 1e-15);
    CHECK_NEAR(at(s->B, co2, fuel), 75, 1e-15);
    CHECK_NEAR(at(s->A, steel, heat), -2, 1e-15);
    CHECK_NEAR(at(s->A, steel, fuel), -2, 1e-15);
    mb_system_free(s);
}

/*
 * The mill (1 steel, 10 kg CO2, 1 kg methane) and a GWP category on the
 * target flows fed-co2 (1) and fed-ch4 (28), read into a new database,
 * with the mapping rows given; 0 or an MB_E* code.
 */
static int mill_with_mapped_gwp(mb_lcidb **db, const mb_lci_flow_map *rows,
                                size_t nrows)
{
    const char *d = test_tmpdir();
    char body[1024];
    size_t k;
    int rc;

    snprintf(body, sizeof body, "\"exchanges\":[%s,%s,%s]",
             ex("f-steel", 1, 0, NULL, REF), ex("f-co2", 10, 0, NULL, NULL),
             ex("f-ch4", 1, 0, NULL, NULL));
    if (put_reference(d) != 0 || put_process(d, "mill", body) != 0 ||
        put(d, "lcia_categories", "c-gwp",
            "{\"@type\":\"ImpactCategory\",\"@id\":\"c-gwp\",\"name\":"
            "\"GWP\",\"impactFactors\":["
            "{\"flow\":{\"@id\":\"fed-co2\"},\"unit\":{\"@id\":\"u-kg\"},"
            "\"value\":1},"
            "{\"flow\":{\"@id\":\"fed-ch4\"},\"unit\":{\"@id\":\"u-kg\"},"
            "\"value\":28}]}") != 0)
        return MB_EIO;
    if ((rc = mb_lcidb_new(db)) < 0 ||
        (rc = mb_jsonld_read(d, mb_lcidb_sink(*db), NULL)) < 0)
        return rc;
    for (k = 0; k < nrows; k++)
        if ((rc = mb_lcidb_sink(*db)->flow_map(mb_lcidb_sink(*db)->ctx,
                                                &rows[k])) < 0)
            return rc;
    return 0;
}

/*
 * Flow mapping rows with units: 1 g of our CO2 = 0.002 kg of "fed-co2"
 * (factor 1 kg CO2 eq per kg): per kg of ours, 1000 g = 2 kg of fed-co2,
 * a factor of 2. A row whose source unit is not a unit of the flow (MJ
 * for a mass flow) is not used, and counted.
 */
TEST(flow_mapping_units_convert_or_the_row_is_skipped)
{
    mb_lci_flow_map rows[2] = {
        {"f-co2", NULL, NULL, "fed-co2", NULL, NULL, 0.002, "g", "kg"},
        {"f-ch4", NULL, NULL, "fed-ch4", NULL, NULL, 1.0, "MJ", "kg"}};
    mb_compile_report r;
    mb_system *s = NULL;
    mb_lcidb *db = NULL;
    int64_t gwp;

    CHECK_OK(mill_with_mapped_gwp(&db, rows, 2));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    gwp = mb_system_method_index(s, "GWP");
    CHECK(gwp >= 0);
    CHECK_NEAR(s->methods[gwp].values[flow_row(s, "carbon dioxide", 0)], 2,
               1e-15);
    CHECK(s->methods[gwp].values[flow_row(s, "methane", 0)] == 0);
    CHECK(r.factors_by_mapping == 1 && r.mappings_skipped == 1 &&
          r.factors_unmatched == 1);
    mb_system_free(s);
    mb_compile_report_free(&r);
    mb_lcidb_free(db);
}

/*
 * Mapping rows without a source id (SimaPro and other nomenclatures
 * without ids) name their source flow by name, any case, and category
 * (equal, or the tail of the flow's): "Carbon Dioxide" in
 * "air/unspecified" reaches the data's "carbon dioxide"
 * (Elementary flows/air/unspecified), once although a second row for
 * "unspecified" leads there too; "methane" in "water" reaches nothing,
 * and its factor stays unmatched.
 */
TEST(flow_mapping_rows_by_name_and_category)
{
    mb_lci_flow_map rows[3] = {
        {NULL, "Carbon Dioxide", "air/unspecified", "fed-co2", NULL, NULL,
         1.0, NULL, NULL},
        {NULL, "methane", "water", "fed-ch4", NULL, NULL, 1.0, NULL, NULL},
        {NULL, "carbon dioxide", "unspecified", "fed-co2", NULL, NULL, 1.0,
         NULL, NULL}};
    mb_compile_report r;
    mb_system *s = NULL;
    mb_lcidb *db = NULL;
    int64_t gwp;

    CHECK_OK(mill_with_mapped_gwp(&db, rows, 3));
    CHECK_OK(mb_lcidb_compile(&s, &r, db, NULL));
    gwp = mb_system_method_index(s, "GWP");
    CHECK(gwp >= 0);
    CHECK_NEAR(s->methods[gwp].values[flow_row(s, "carbon dioxide", 0)], 1,
               1e-15);
    CHECK(s->methods[gwp].values[flow_row(s, "methane", 0)] == 0);
    CHECK(r.factors_by_mapping == 1 && r.factors_unmatched == 1);
    mb_system_free(s);
    mb_compile_report_free(&r);
    mb_lcidb_free(db);
}

/*
 * A process with no product output (only an emission here) provides
 * nothing: it is left out of the system and reported, and the rest
 * compiles.
 */
TEST(process_without_a_product_is_left_out_and_reported)
{
    const char *d = test_tmpdir();
    char body[1024];
    mb_compile_report r;
    mb_system *s = NULL;

    CHECK(put_reference(d) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-co2", 5, 0, NULL, NULL));
    CHECK(put_process(d, "smoke", body) == 0);
    snprintf(body, sizeof body, "\"exchanges\":[%s]",
             ex("f-steel", 1, 0, NULL, REF));
    CHECK(put_process(d, "mill", body) == 0);
    CHECK_OK(compile_dir(&s, &r, d, NULL));
    CHECK(s->nactivities == 1 && activity(s, "smoke") < 0);
    CHECK(r.no_product == 1 && !strcmp(r.no_product_name, "smoke"));
    mb_compile_report_free(&r);
    mb_system_free(s);
}
