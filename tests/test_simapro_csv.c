/*
 * test_simapro_csv.c - the SimaPro CSV reader (src/formats/simapro_*.c):
 * known answers on SimaPro exports (tests/fixtures/simapro/, see its
 * LICENSE.txt), what each part of a process and of a method becomes,
 * SimaPro's expressions, units and uncertainty, the errors (file and
 * line), `metabol import simapro-csv` and `metabol lca` on the result, and
 * every sample of ../shared/data/simapro-csv-samples (skipped, saying so,
 * when it is absent).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "formats/simapro_formula.h"
#include "test.h"

#define FIX "tests/fixtures/simapro/"

/* ---- a sink that keeps what the tests look at --------------------- */

typedef struct kept_exchange {
    char *process, *flow, *formula, *provider;
    double amount;
    unsigned flags;
    mb_lci_uncertainty u;
} kept_exchange;

typedef struct kept {
    kept_exchange ex[64];
    size_t nex, processes, flows, parameters, categories, methods;
    size_t allocation_factors, process_parameters;
    double alloc[4];
    char *param_names[8], *param_formulas[8];
    double param_values[8];
    mb_lci_uncertainty param_u[8];
    char *process_names[8], *process_ids[8], *flow_cas[16];
    char *category_names[16];
    size_t category_factors[16];
} kept;

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int keep_process(void *ctx, const mb_lci_process *p)
{
    kept *k = ctx;
    size_t j;

    if (k->processes < 8) {
        k->process_names[k->processes] = dup(p->name);
        k->process_ids[k->processes] = dup(p->id);
    }
    k->processes++;
    for (j = 0; j < p->nexchanges && k->nex < 64; j++) {
        kept_exchange *e = &k->ex[k->nex++];

        e->process = dup(p->name);
        e->flow = dup(p->exchanges[j].flow_id);
        e->formula = dup(p->exchanges[j].formula);
        e->provider = dup(p->exchanges[j].provider_id);
        e->amount = p->exchanges[j].amount;
        e->flags = p->exchanges[j].flags;
        e->u = p->exchanges[j].uncertainty;
    }
    for (j = 0; j < p->nallocation_factors && j < 4; j++)
        k->alloc[j] = p->allocation_factors[j].value;
    k->allocation_factors += p->nallocation_factors;
    for (j = 0; j < p->nparameters && k->process_parameters < 8; j++) {
        size_t n = k->process_parameters++;

        k->param_names[n] = dup(p->parameters[j].name);
        k->param_formulas[n] = dup(p->parameters[j].formula);
        k->param_values[n] = p->parameters[j].value;
        k->param_u[n] = p->parameters[j].uncertainty;
    }
    return 0;
}

static int keep_flow(void *ctx, const mb_lci_flow *f)
{
    kept *k = ctx;

    if (k->flows < 16)
        k->flow_cas[k->flows] = dup(f->cas);
    k->flows++;
    return 0;
}

static int keep_parameter(void *ctx, const mb_lci_parameter *p)
{
    (void)p;
    ((kept *)ctx)->parameters++;
    return 0;
}

static int keep_category(void *ctx, const mb_lci_impact_category *c)
{
    kept *k = ctx;

    if (k->categories < 16) {
        k->category_names[k->categories] = dup(c->name);
        k->category_factors[k->categories] = c->nfactors;
    }
    k->categories++;
    return 0;
}

static int keep_method(void *ctx, const mb_lci_impact_method *m)
{
    (void)m;
    ((kept *)ctx)->methods++;
    return 0;
}

static mb_lci_sink keeping(kept *k)
{
    mb_lci_sink s = {0};

    memset(k, 0, sizeof *k);
    s.ctx = k;
    s.process = keep_process;
    s.flow = keep_flow;
    s.global_parameter = keep_parameter;
    s.impact_category = keep_category;
    s.impact_method = keep_method;
    return s;
}

static void kept_free(kept *k)
{
    size_t j;

    for (j = 0; j < k->nex; j++) {
        free(k->ex[j].process);
        free(k->ex[j].flow);
        free(k->ex[j].formula);
        free(k->ex[j].provider);
    }
    for (j = 0; j < 8; j++) {
        free(k->param_names[j]);
        free(k->param_formulas[j]);
        free(k->process_names[j]);
        free(k->process_ids[j]);
    }
    for (j = 0; j < 16; j++) {
        free(k->flow_cas[j]);
        free(k->category_names[j]);
    }
}

/* The kept exchange of `flow` (the id's end) in `process`, or NULL. */
static const kept_exchange *exchange(const kept *k, const char *process,
                                     const char *flow)
{
    size_t j, n = strlen(flow);

    for (j = 0; j < k->nex; j++) {
        size_t m = strlen(k->ex[j].flow);

        if (!strcmp(k->ex[j].process, process) && m >= n &&
            !strcmp(k->ex[j].flow + m - n, flow))
            return &k->ex[j];
    }
    return NULL;
}

/* ---- LCA on what a reader gave ------------------------------------- */

static int64_t row_of(const mb_system *s, const char *name,
                      const char *category)
{
    int64_t f;

    for (f = 0; f < s->nflows; f++)
        if (!strcmp(s->labels->flow_names[f], name) &&
            (!category ||
             !strcmp(s->labels->flow_categories[f], category)))
            return f;
    return -1;
}

static int64_t activity_named(const mb_system *s, const char *name)
{
    int64_t j;

    for (j = 0; j < s->nproducts; j++)
        if (!strcmp(s->labels->activity_names[j], name))
            return j;
    return -1;
}

static int64_t method_named(const mb_system *s, const char *name)
{
    size_t m;

    for (m = 0; m < s->nmethods; m++)
        if (!strcmp(s->methods[m].name, name))
            return (int64_t)m;
    return -1;
}

/* The score of method m: its vector over the inventory. */
static double score(const mb_system *s, const mb_lca_result *res, int64_t m)
{
    double sum = 0;
    int64_t f;

    for (f = 0; f < s->nflows; f++)
        sum += s->methods[m].values[f] * res->inventory[f];
    return sum;
}

/* amount of the product of the activity named `name`, solved. */
static int solve_for(mb_lca_result **res, mb_lca **lca, const mb_system *s,
                     const char *name, double amount)
{
    double *demand = calloc((size_t)s->nproducts + 1, sizeof *demand);
    int64_t j = activity_named(s, name);
    int rc;

    if (!demand || j < 0) {
        free(demand);
        return -1;
    }
    demand[j] = amount;
    rc = mb_lca_new(lca, s, NULL);
    if (rc == 0)
        rc = mb_lca_calculate(res, *lca, demand);
    free(demand);
    return rc;
}

/* Files read into one database, compiled, solved for a process. */
typedef struct solved {
    mb_lcidb *db;
    mb_system *s;
    mb_lca *lca;
    mb_lca_result *res;
    mb_simapro_csv_stats st; /* of the first file */
} solved;

/* files (NULL-terminated) solved for amount of the activity `name` (NULL:
 * compiled only, when the first file has processes). */
static int solve(solved *x, const char *const *files, const char *name,
                 double amount)
{
    int rc, k;

    memset(x, 0, sizeof *x);
    rc = mb_lcidb_new(&x->db);
    for (k = 0; rc == 0 && files[k]; k++)
        rc = mb_simapro_csv_read(files[k], mb_lcidb_sink(x->db),
                                 k ? NULL : &x->st);
    if (rc == 0 && (name || x->st.processes))
        rc = mb_lcidb_compile(&x->s, NULL, x->db, NULL);
    if (rc == 0 && name)
        rc = solve_for(&x->res, &x->lca, x->s, name, amount);
    return rc;
}

static void solved_free(solved *x)
{
    mb_lca_result_free(x->res);
    mb_lca_free(x->lca);
    mb_system_free(x->s);
    mb_lcidb_free(x->db);
}

#define FILES(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * The waste scenario of olca-simapro-csv's waste_scenario.csv sends 90 %
 * of 1 kg to "test waste treatment 1" (1.5 kg CO2 per kg) and the
 * remaining 100 % of the rest to "test waste treatment 2" (-0.8 kg CO2
 * per kg): 0.9 * 1.5 + 0.1 * -0.8 = 1.27 kg CO2.
 */
TEST(simapro_waste_scenario_by_hand)
{
    solved x;
    int64_t co2;

    CHECK_OK(solve(&x, FILES(FIX "waste_scenario.csv"),
                   "test waste scenario", 1));
    CHECK(x.st.processes == 3 && x.st.exchanges == 7 && x.st.linked == 2 &&
          x.st.unlinked == 0);
    co2 = row_of(x.s, "Carbon dioxide", "Air/(unspecified)");
    CHECK(co2 >= 0);
    CHECK_NEAR(x.res->inventory[co2], 1.27, 1e-12);
    CHECK_NEAR(x.res->supply[activity_named(x.s, "test waste treatment 1")],
               0.9, 1e-12);
    solved_free(&x);
}

/*
 * features.csv (written for these tests): 1 ton of steel needs
 * "dens * 100 IF dens > 1 ELSE 0" = 250 kg of coal (dens = 2,5, a
 * database parameter) and emits "7 % 4 + 1,5" = 4.5 kg CO2 (high. pop.)
 * and loc2/10 = local * twice / 10 = 3 * (2 * 2,5) / 10 = 1.5 kg methane;
 * 2 kg of coal emit 2.2 kg CO2 and 0.1 kg methane (high. pop.). The
 * method gives CO2 1 and methane 28 for "(unspecified)", methane 30 for
 * high. pop.: 250 * 1.1 + 4.5 + 1.5 * 28 + 12.5 * 30 = 696.5 kg CO2 eq.
 */
TEST(simapro_formulas_parameters_units_and_method_by_hand)
{
    solved x;
    int64_t m;

    /* 1 ton: the product row in ton (Units block) is 1000 kg */
    CHECK_OK(solve(&x, FILES(FIX "features.csv"), "Steel making", 1000));
    CHECK_NEAR(x.res->supply[activity_named(x.s, "Kohle, F\xc3\xb6rderung")],
               125, 1e-12);
    CHECK_NEAR(x.res->inventory[row_of(x.s, "Methane", "Air/(unspecified)")],
               1.5, 1e-12);
    CHECK_NEAR(x.res->inventory[row_of(x.s, "Methane", "Air/high. pop.")],
               12.5, 1e-12);
    CHECK((m = method_named(x.s, "Test GWP/Climate change")) >= 0);
    CHECK_NEAR(score(x.s, x.res, m), 696.5, 1e-12);
    solved_free(&x);
}

/* What the rows of features.csv become, record by record. */
TEST(simapro_rows_become_exchanges_and_parameters)
{
    mb_simapro_csv_stats st;
    const kept_exchange *e;
    kept k;
    mb_lci_sink sink = keeping(&k);

    CHECK_OK(mb_simapro_csv_read(FIX "features.csv", &sink, &st));
    CHECK(st.processes == 2 && st.parameters == 2 && st.methods == 1 &&
          st.lines == 99);
    CHECK(k.parameters == 2);
    /* Windows-1252 0xf6 read as o-umlaut */
    CHECK(!strcmp(k.process_names[1], "Kohle, F\xc3\xb6rderung"));
    /* ids: RFC 4122 v5 of "simapro-process:<Process identifier>" in the
     * URL namespace (Python: uuid.uuid5(uuid.NAMESPACE_URL, ...)) */
    CHECK(!strcmp(k.process_ids[0], "62b8aa0c-bf6c-5b1e-b6e5-b3723a960435"));
    CHECK((e = exchange(&k, "Steel making", ":Steel")));
    CHECK(e->amount == 1000 && e->flags == MB_EXCHANGE_REFERENCE);
    CHECK((e = exchange(&k, "Steel making", ":Coal, hard")));
    CHECK(e->flags == MB_EXCHANGE_INPUT && e->provider &&
          !strcmp(e->provider, k.process_ids[1]));
    CHECK(e->formula && !strcmp(e->formula, "if(dens>1; dens*100; 0)"));
    CHECK((e = exchange(&k, "Steel making", "Air/high. pop./Carbon dioxide")));
    CHECK(e->amount == 4.5 && !e->formula);
    CHECK((e = exchange(&k, "Kohle, F\xc3\xb6rderung",
                        "simapro-elementary:Air/(unspecified)/Carbon "
                        "dioxide")));
    CHECK(e->u.type == MB_DIST_LOGNORMAL);
    CHECK_NEAR(e->u.p[0], 2.2, 1e-15);
    CHECK_NEAR(e->u.p[1], 1.1, 1e-15); /* sqrt of SimaPro's sd^2 1,21 */
    CHECK((e = exchange(&k, "Kohle, F\xc3\xb6rderung", "Particulates, < 2.5 "
                                                       "um")));
    CHECK(e->u.type == MB_DIST_TRIANGLE && e->u.p[0] == 0.0005 &&
          e->u.p[1] == 0.001 && e->u.p[2] == 0.002);
    CHECK(k.process_parameters == 2);
    CHECK(!strcmp(k.param_names[0], "local") && k.param_values[0] == 3);
    CHECK(k.param_u[0].type == MB_DIST_NORMAL && k.param_u[0].p[1] == 0.5);
    CHECK(!strcmp(k.param_formulas[1], "local*twice"));
    /* the substance block's CAS number, without its leading zeros */
    CHECK(k.flow_cas[2] && !strcmp(k.flow_cas[2], "124-38-9"));
    /* (unspecified) CO2 and methane spread to the subcompartments the
     * category does not name; methane high. pop. keeps its own 30 */
    CHECK(k.categories == 1 && k.category_factors[0] > 3);
    kept_free(&k);
}

/*
 * old_format.txt (bw2io's simple.txt and multioutput.txt, with "End"):
 * a tab-separated export of before SimaPro 7, values on their name's line,
 * amounts before units, comment lines. The dairy makes 1 kg milk (60 %)
 * and 0.2 kg meat (40 %) from 10 kg feed; feed emits 0.05 kg methane per
 * kg. Milk: 10 * 0.6 * 0.05 = 0.3 kg; meat: 10 * 0.4 / 0.2 * 0.05 = 1 kg.
 */
TEST(simapro_old_export_with_allocation_by_hand)
{
    int64_t ch4, milk = -1, meat = -1, j;
    kept k;
    mb_lci_sink sink = keeping(&k);
    double demand[3] = {0, 0, 0};
    solved x;

    CHECK_OK(mb_simapro_csv_read(FIX "old_format.txt", &sink, NULL));
    CHECK(k.processes == 2 && k.allocation_factors == 2);
    CHECK(k.alloc[0] == 0.6 && k.alloc[1] == 0.4);
    CHECK(!strcmp(k.process_names[0], "dairy farming"));
    CHECK(exchange(&k, "dairy farming", ":Feed")->u.type ==
          MB_DIST_LOGNORMAL);
    kept_free(&k);
    CHECK_OK(solve(&x, FILES(FIX "old_format.txt"), NULL, 0));
    CHECK(x.s->nproducts == 3);
    for (j = 0; j < x.s->nproducts; j++) {
        if (!strcmp(x.s->labels->product_names[j], "Milk"))
            milk = j;
        if (!strcmp(x.s->labels->product_names[j], "Meat"))
            meat = j;
    }
    CHECK(milk >= 0 && meat >= 0);
    ch4 = row_of(x.s, "Methane", NULL);
    CHECK_OK(mb_lca_new(&x.lca, x.s, NULL));
    demand[milk] = 1;
    CHECK_OK(mb_lca_calculate(&x.res, x.lca, demand));
    CHECK_NEAR(x.res->inventory[ch4], 0.3, 1e-12);
    mb_lca_result_free(x.res);
    demand[milk] = 0;
    demand[meat] = 1;
    CHECK_OK(mb_lca_calculate(&x.res, x.lca, demand));
    CHECK_NEAR(x.res->inventory[ch4], 1.0, 1e-12);
    solved_free(&x);
}

/*
 * bw2io's allocation.csv: 1 kg agricultural residues needs 0.771 kg rice
 * straw and 0.388 kg rice, both made (6250 kg rice, 95.8 %; 3125 kg
 * straw, 4.2 %) by one process of the file, so the rice activity runs
 * 0.388 / 6250 times and the straw activity 0.771 / 3125 times.
 */
TEST(simapro_allocation_sample_links_and_splits)
{
    solved x;
    int64_t j;
    double rice = -1, straw = -1;

    CHECK_OK(solve(&x, FILES(FIX "allocation.csv"),
                   "Agricultural residues, non-mechanized, sun dried, at "
                   "farm, 1 kg dry matter (WFLDB 3.0)/GLO U",
                   1));
    CHECK(x.st.processes == 2 && x.st.linked == 2 &&
          x.st.skipped_blocks == 1);
    for (j = 0; j < x.s->nproducts; j++) {
        if (!strcmp(x.s->labels->product_names[j],
                    "Rice, at farm (WFLDB 3.0)/IN U"))
            rice = x.res->supply[j];
        if (!strcmp(x.s->labels->product_names[j],
                    "Rice straw, at farm (WFLDB 3.0)/IN U"))
            straw = x.res->supply[j];
    }
    CHECK_NEAR(rice, 0.388 / 6250, 1e-12);
    CHECK_NEAR(straw, 0.771 / 3125, 1e-12);
    solved_free(&x);
}

/*
 * bw2io's damagecategory.txt scores lead.csv (written for this test):
 * 1000 Bq = 1 kBq of Pb-210 to air (low. pop.), 2 kBq to water (river);
 * the method has "(unspecified)" factors per kBq only. "NORM - HH -
 * Releases" = 1.28e-6 * 1 + 4.03e-9 * 2; the damage category "NORM -
 * Human Health" is 1.51 times it; "NORM - Ecosystems" is 0.5 times the
 * sum of freshwater (1.71e-3 + 4.17e-3 * 2), marine (11.2 + 4.59 * 2) and
 * terrestrial (6.57e-2 + 7.85e-5 * 2).
 */
TEST(simapro_damage_categories_by_hand)
{
    double releases = 1.28e-6 + 4.03e-9 * 2;
    double eco = 0.5 * (1.71e-3 + 4.17e-3 * 2 + 11.2 + 4.59 * 2 + 6.57e-2 +
                        7.85e-5 * 2);
    solved x;

    CHECK_OK(solve(&x, FILES(FIX "damagecategory.txt", FIX "lead.csv"),
                   "Radium ore", 1));
    CHECK(x.st.methods == 1 && x.st.impact_categories == 6);
    CHECK_NEAR(score(x.s, x.res,
                     method_named(x.s, "DC Test/NORM - HH - Releases")),
               releases, 1e-12);
    CHECK_NEAR(score(x.s, x.res,
                     method_named(x.s, "DC Test/NORM - Human Health")),
               1.51 * releases, 1e-12);
    CHECK_NEAR(score(x.s, x.res,
                     method_named(x.s, "DC Test/NORM - Ecosystems")),
               eco, 1e-12);
    solved_free(&x);
}

/*
 * olca-simapro-csv's process.csv (decimal comma): every section of a
 * process, each uncertainty distribution, parameters of the process, the
 * database and the project. Per kg of "my product" (0,5 kg made) each
 * elementary flow is 2 kg.
 */
TEST(simapro_every_process_section)
{
    mb_simapro_csv_stats st;
    const kept_exchange *e;
    kept k;
    mb_lci_sink sink = keeping(&k);
    solved x;

    CHECK_OK(mb_simapro_csv_read(FIX "process.csv", &sink, &st));
    CHECK(st.processes == 1 && st.exchanges == 13 && st.parameters == 4 &&
          st.unlinked == 4 && st.skipped_blocks == 2);
    CHECK((e = exchange(&k, "Test process", ":my product")));
    CHECK(e->amount == 0.5 && e->flags == MB_EXCHANGE_REFERENCE);
    CHECK(exchange(&k, "Test process", ":Wool, at field/US")->flags ==
          MB_EXCHANGE_AVOIDED);
    CHECK(exchange(&k, "Test process", "Raw/(unspecified)/Acids")->flags ==
          MB_EXCHANGE_INPUT);
    CHECK(exchange(&k, "Test process", "Dummy, Disposal, msw, to sanitary "
                                       "landfill/kg/GLO")
              ->flags == 0);
    CHECK((e = exchange(&k, "Test process", "Air/low. pop./(+-)-Citronellol")));
    CHECK(e->u.type == MB_DIST_LOGNORMAL && e->u.p[1] == sqrt(2.0));
    CHECK((e = exchange(&k, "Test process", "Water/lake/(1r,4r)-(+)-Camphor")));
    CHECK(e->u.type == MB_DIST_NORMAL && e->u.p[1] == 1.5); /* 2 sd = 3 */
    CHECK((e = exchange(&k, "Test process", "Waste/(unspecified)/Asbestos")));
    CHECK(e->u.type == MB_DIST_UNIFORM && e->u.p[0] == 1 && e->u.p[1] == 2);
    CHECK(exchange(&k, "Test process", "Non mat./(unspecified)/Noise from "
                                       "bus km"));
    CHECK(exchange(&k, "Test process", "Social/(unspecified)/venting of "
                                       "argon, crude, liquid"));
    CHECK(exchange(&k, "Test process", "Economic/(unspecified)/Sample "
                                       "economic issue"));
    CHECK(k.process_parameters == 2 && k.param_values[0] == 23.4);
    CHECK(k.param_u[0].type == MB_DIST_UNIFORM && k.param_u[0].p[0] == 13 &&
          k.param_u[0].p[1] == 33);
    CHECK(!strcmp(k.param_formulas[1], "input_param^2"));
    kept_free(&k);
    CHECK_OK(solve(&x, FILES(FIX "process.csv"), "Test process", 1));
    CHECK_NEAR(x.res->inventory[row_of(x.s, "Acids", NULL)], 2, 1e-12);
    CHECK_NEAR(x.res->inventory[row_of(x.s, "(1r,4r)-(+)-Camphor", NULL)], 2,
               1e-12);
    solved_free(&x);
}

/* SimaPro's expressions in metabol's syntax. */
TEST(simapro_expressions_translate)
{
    static const struct {
        const char *in, *out;
        char decimal;
    } cases[] = {
        {"2*x", "2*x", '.'},
        {"0,5 * x", "0.5*x", ','},
        {"max(1,5; a)", "max(1.5; a)", ','},
        {"max(a, b)", "max(a; b)", '.'},
        {"7 % 4", "(7 - 4*int(7/4))", '.'},
        {"2 IF a = 4 ELSE 1", "if(a=4; 2; 1)", '.'},
        {"2 IF(a == 4 AND b <> 2) ELSE 5", "if((a==4 and b<>2); 2; 5)",
         '.'},
        {"10^-6", "10^-6", '.'},
        {"-2^2", "-2^2", '.'},
        {"NOT a OR b & c", "not(a) or b and c", '.'},
        {"arctan(x) + trunc(y) + frac(z)",
         "atan(x) + int(y) + ((z) - int(z))", '.'},
        {"2.3E-7*Pi", "2.3e-7*Pi", '.'},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *out = NULL;

        CHECK_OK(sp_formula_translate(cases[k].in, cases[k].decimal, &out));
        CHECK_MSG(!strcmp(out, cases[k].out), "%s -> %s, expected %s",
                  cases[k].in, out, cases[k].out);
        free(out);
    }
    {   /* a long sum stays flat: metabol's parser nests 200 deep at most */
        char sum[4000], *out = NULL;
        double v;

        for (k = 0; k < 500; k++)
            memcpy(sum + 2 * k, k ? "+1" : " 1", 2);
        sum[1000] = '\0';
        CHECK_OK(sp_formula_translate(sum + 1, '.', &out));
        CHECK_OK(mb_formula_value(out, &v));
        CHECK(v == 500);
        free(out);
        /* % writes its operands twice: a chain of them would double */
        for (k = 0; k < 40; k++)
            memcpy(sum + 2 * k, "1%", 2);
        strcpy(sum + 80, "1");
        CHECK(sp_formula_translate(sum, '.', &out) == MB_EFORMAT);
        CHECK_STR_CONTAINS(mb_error_last()->message, "longer than 1024 KB "
                                                     "once translated");
    }
    CHECK(sp_formula_translate("2 IF a", '.', &(char *){NULL}) ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "column 7: expected ELSE");
    CHECK(sp_formula_translate("(1 + 2", '.', &(char *){NULL}) == MB_EFORMAT);
    CHECK(sp_formula_translate("1 2", '.', &(char *){NULL}) == MB_EFORMAT);
}

/* The samples bw2io keeps as error cases: refused, naming file and line. */
TEST(simapro_error_samples_name_file_and_line)
{
    mb_lci_sink sink = {0};

    /* hand-written: the block never ends with "End" */
    CHECK(mb_simapro_csv_read(FIX "empty.txt", &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "empty.txt: line 59: the file ends inside the "
                       "'Process' block begun at line 5; expected 'End'");
    CHECK(mb_simapro_csv_read(FIX "invalid.txt", &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "invalid.txt: line 1: 'Joe's LCA Software\\tprocesses");
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "is not the header of a SimaPro CSV export; expected "
                       "'{SimaPro <version>}'");
    /* a second Process before the first one's "End" */
    CHECK(mb_simapro_csv_read(FIX "missing.txt", &sink, NULL) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "missing.txt: line 19: 'Process' inside the "
                       "'Process' block begun at line 5; expected 'End' "
                       "before it");
    CHECK(mb_simapro_csv_read(FIX "no-such-file.csv", &sink, NULL) ==
          MB_EIO);
}

/* One bad input each: one error naming the buffer, the line, the value. */
TEST(simapro_bad_input_errors)
{
#define HEAD "{SimaPro 9.0}\n{CSV separator: Semicolon}\n\n"
#define PROC "Process\n\nProcess identifier\nP1\n\nProducts\n"
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"", "b.csv: line 1: the file is empty"},
        {"{SimaPro 9}\n{CSV separator: Pipe}\n",
         "b.csv: line 2: CSV separator 'Pipe}'; expected Semicolon, Tab or "
         "Comma"},
        {"{SimaPro 9}\n{Decimal separator: ,}\n{CSV separator: Comma}\n",
         "line 3: comma as both the CSV and the decimal separator"},
        {HEAD "Units\nkg;Mass;1;kg\n", "line 5: the file ends inside the "
                                       "'Units' block begun at line 4"},
        {HEAD, "line 3: no process, method or parameter in the file"},
        {HEAD PROC "p;kg;1;100;;;\n\nMaterials/fuels\nq;kg;lots of;"
                   "Undefined;0;0;0;\n\nEnd\n",
         "b.csv: line 13: amount of 'q': expression 'lots of': column 6: "
         "expected an operator or the end"},
        {HEAD PROC "p;kg;1;100;;;\n\nMaterials/fuels\nq;kg;1;Weibull;0;0;"
                   "0;\n\nEnd\n",
         "line 13: uncertainty distribution 'Weibull' of 'q': expected "
         "Undefined, Lognormal, Normal, Triangle or Uniform"},
        {HEAD PROC "p;kg;1;100;;;\n\nMaterials/fuels\nq;kg;1;Normal;x;0;"
                   "0;\n\nEnd\n",
         "line 13: uncertainty 'x' of q: expected a number"},
        {HEAD PROC "p;kg;1;100;;;\n\nMaterials/fuels\nq;;1;Undefined;0;0;"
                   "0;\n\nEnd\n",
         "line 13: 'q' has no unit; expected a unit such as kg in column 2"},
        {HEAD PROC "p;\"kg;1;100\n", "line 10: a quoted field begun here is "
                                     "still open at the end of the file"},
        {HEAD PROC "p;kg;1;1\0000;;;\n", "line 10: a NUL byte"},
        {HEAD PROC "p;kg;1;100;;;\n\nWaste to treatment\np;kg;1;Undefined;"
                   "0;0;0;\n\nEnd\n",
         "line 13: 'p' in 'Waste to treatment' is the product of the "
         "process at line 10; expected a waste to treat here"},
        {HEAD PROC "p;kg;1;100;;;\n\nEnd\n" PROC "q;kg;1;100;;;\n\nEnd\n",
         "begun at line 13 has the id of the process begun at line 4"},
        {HEAD PROC "p;kg;1;100;;;\n\nCalculated parameters\nc;1/0;\n\nEnd\n",
         "line 13: expression '1/0' of 'c': formula '1/0' evaluates to "
         "infinity"},
        {HEAD "Units\nton;Mass;-1;kg\n\nEnd\n",
         "line 5: unit 'ton': conversion factor and reference unit: "
         "expected a positive number and a unit"},
        {HEAD "Method\n\nName\nm\n\nDamage category\nd;DALY\n\nImpact "
              "categories\nnone;1\n\nEnd\n",
         "line 13: damage category 'd': no impact category 'none' in the "
         "method"},
        {HEAD "Method\n\nImpact category\nc;kg\n\nEnd\n",
         "the Method block begun at line 4 has no Name"},
        {HEAD PROC "p;kg;1;100;;;\n\nComment\nEnd\n\nMaterials/fuels\nq;kg;1;"
                   "Undefined;0;0;0;\n\nEnd\n",
         "line 15: 'Materials/fuels' outside a Process block; expected it "
         "inside one"},
        {HEAD "Literature reference\n\nName\nx\n\nProcess\n\nEnd\n",
         "line 9: 'Process' inside the 'Literature reference' block begun at "
         "line 4; expected 'End' before it"},
    };
    mb_lci_sink sink = {0};
    size_t k;

    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t len = strlen(cases[k].text);

        if (strstr(cases[k].message, "NUL"))
            len += strlen(cases[k].text + len + 1) + 1;
        CHECK_MSG(mb_simapro_csv_read_buffer(cases[k].text, len, "b.csv",
                                             &sink, NULL) < 0,
                  "case %zu was read", k);
        CHECK_MSG(strstr(mb_error_last()->message, cases[k].message),
                  "case %zu: '%s' lacks '%s'", k, mb_error_last()->message,
                  cases[k].message);
    }
#undef HEAD
#undef PROC
}

/* ---- the command ----------------------------------------------------- */

static const char *project(void)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/p.db", test_tmpdir());
    return path;
}

TEST(simapro_cli_import_and_lca)
{
    const char *db = project();
    char cmd[1024];

    if (!test_metabol)
        SKIP("no --metabol given");
    snprintf(cmd, sizeof cmd, "-p %s import simapro-csv " FIX
             "waste_scenario.csv", db);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "imported 'waste_scenario' (simapro-csv)");
    CHECK_STR_CONTAINS(out_text, "3 processes, 7 exchanges");
    CHECK_STR_CONTAINS(out_text, "2 by default provider");
    snprintf(cmd, sizeof cmd, "-p %s lca --process 'test waste scenario' "
             "--format csv", db);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "inventory,,\"Carbon dioxide\","
                                 "\"Air/(unspecified)\",output,1.27,");
    snprintf(cmd, sizeof cmd, "-p %s import simapro-csv " FIX "empty.txt",
             db);
    CHECK_ERROR_LINE(run(cmd), "empty.txt: line 59: the file ends inside");
    /* the project is as it was */
    snprintf(cmd, sizeof cmd, "-p %s list databases", db);
    CHECK(run(cmd) == 0);
    CHECK(!strstr(out_text, "empty"));
}

/* ---- ../shared/data/simapro-csv-samples ------------------------------ */

/*
 * Each of the 21 samples: read, or refused with the error it must give.
 * The refused ones are the three bw2io keeps as error cases, the other
 * hand-written bw2io files (none ends its blocks with "End"), the header
 * alone, a literature block without a header, and stages.csv, whose
 * waste scenario sends its remaining waste to itself (a loop that leaves
 * the technosphere matrix singular).
 */
TEST(simapro_every_shared_sample)
{
    static const struct {
        const char *file, *error;
        size_t processes, methods, categories;
    } samples[] = {
        {"bw2io/allocation.csv", NULL, 2, 0, 0},
        {"bw2io/comments.txt", "line 20: the file ends inside the 'Process'",
         0, 0, 0},
        {"bw2io/damagecategory.txt", NULL, 0, 1, 6},
        {"bw2io/empty.txt", "line 59: the file ends inside the 'Process'", 0,
         0, 0},
        {"bw2io/external_documents_and_literature_references.csv", NULL, 1,
         0, 0},
        {"bw2io/invalid.txt", "line 1: 'Joe's LCA Software", 0, 0, 0},
        {"bw2io/inventory.csv", NULL, 1, 0, 0},
        {"bw2io/metadata.txt", "line 37: the file ends inside the 'Process'",
         0, 0, 0},
        {"bw2io/missing.txt", "line 19: 'Process' inside the 'Process' block",
         0, 0, 0},
        {"bw2io/multioutput.txt",
         "line 60: the file ends inside the 'Process'", 0, 0, 0},
        {"bw2io/new-order.csv", "line 74: the file ends inside the 'Process'",
         0, 0, 0},
        {"bw2io/process_with_invalid_lognormal_scale.csv", NULL, 1, 0, 0},
        {"bw2io/python_builtin_as_unit_name.csv", NULL, 1, 0, 0},
        {"bw2io/simple.txt", "line 21: 'Process' inside the 'Process' block",
         0, 0, 0},
        {"olca-simapro-csv/header.csv", "line 15: no process, method or "
                                        "parameter in the file",
         0, 0, 0},
        {"olca-simapro-csv/literature.csv", "line 1: 'Literature reference' "
                                            "is not the header",
         0, 0, 0},
        {"olca-simapro-csv/method.csv", NULL, 0, 1, 30},
        {"olca-simapro-csv/method_end.csv", NULL, 0, 1, 3},
        {"olca-simapro-csv/process.csv", NULL, 1, 0, 0},
        {"olca-simapro-csv/stages.csv", "line 844: the waste scenario "
                                        "'waste scenario 1' sends its "
                                        "waste to itself",
         0, 0, 0},
        {"olca-simapro-csv/waste_scenario.csv", NULL, 3, 0, 0},
    };
    const char *root = test_shared_data();
    size_t k;

    if (!root)
        SKIP("../shared/data is absent: the SimaPro samples are not read");
    for (k = 0; k < sizeof samples / sizeof *samples; k++) {
        char path[512];
        solved x;
        int rc;

        snprintf(path, sizeof path, "%s/simapro-csv-samples/%s", root,
                 samples[k].file);
        rc = solve(&x, FILES(path), NULL, 0);
        if (samples[k].error) {
            CHECK_MSG(rc == MB_EFORMAT, "%s was read", samples[k].file);
            CHECK_STR_CONTAINS(mb_error_last()->message, samples[k].file);
            CHECK_STR_CONTAINS(mb_error_last()->message, samples[k].error);
        } else { /* read, and compiled */
            CHECK_MSG(rc == 0, "%s: %s", samples[k].file,
                      mb_error_last()->message);
            CHECK_MSG(x.st.processes == samples[k].processes &&
                          x.st.methods == samples[k].methods &&
                          x.st.impact_categories == samples[k].categories,
                      "%s: %zu processes, %zu methods, %zu categories",
                      samples[k].file, x.st.processes, x.st.methods,
                      x.st.impact_categories);
        }
        solved_free(&x);
        if (test_metabol) { /* and the command, into a fresh project */
            char cmd[1200];

            snprintf(cmd, sizeof cmd, "-p %s import simapro-csv '%s'",
                     project(), path);
            if (samples[k].error)
                CHECK_ERROR_LINE(run(cmd), samples[k].error);
            else
                CHECK_MSG(run(cmd) == 0, "%s: %s", samples[k].file,
                          err_text);
        }
    }
}
