/*
 * test_param_model.c - Monte Carlo on parameters (param_model.h): a small
 * database made record by record in memory, compiled with the parametric
 * model; each sampled nonzero checked against its formulas evaluated by
 * hand at the drawn parameter values (the expected numbers are that
 * arithmetic), the compiled matrices given back bit for bit when nothing
 * varies, and the ecoinvent-style EcoSpold 2 sample of ../shared/data.
 *
 * The database: global parameters scale = yield * 3 and yield (2, normal
 * sd 0.1); a mill with the process parameters c = a / b, a = yield * 10 +
 * scale, b = 3 and slagshare (0.3, uniform 0.2 .. 0.4), steel and slag as
 * co-products split physically by the formulas 1 - slagshare and
 * slagshare, fuel "c * 500" in g (0.001 kg), and CO2 0.5 + "a * 2" + 1.5
 * kg; a refinery making fuel with CO2 "yield * 0.1" and methane
 * "(yield - 2) * 7" (0 at yield's value). The definitions come in reverse
 * dependency order on purpose.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "test.h"

typedef struct spread {
    double yield_sd, slag_lo, slag_hi;
} spread;

static const spread UNCERTAIN = {0.1, 0.2, 0.4};
static const spread FIXED = {0, 0.3, 0.3}; /* distributions of no width */

/* Mass (kg, g) and the flows names[0..n-1] (id, name), the first
 * nproducts of them products, the others emissions to air. */
static int put_reference(const mb_lci_sink *k, const char *const (*names)[2],
                         int n, int nproducts)
{
    static const mb_lci_unit units[2] = {{"u-kg", "kg", 1, 1},
                                         {"u-g", "g", 0.001, 0}};
    static const mb_lci_unit_group mass = {"ug-mass", "mass", 2, units};
    static const mb_lci_flow_property fp = {"fp-mass", "Mass", "ug-mass"};
    static const mb_lci_property_factor pf = {"fp-mass", 1, 1};
    int rc, j;

    if ((rc = k->unit_group(k->ctx, &mass)) < 0 ||
        (rc = k->flow_property(k->ctx, &fp)) < 0)
        return rc;
    for (j = 0; j < n; j++) {
        mb_lci_flow f = {names[j][0], names[j][1],
                         j < nproducts ? MB_FLOW_PRODUCT : MB_FLOW_ELEMENTARY,
                         j < nproducts ? NULL : "air", NULL, NULL, NULL, 1,
                         &pf};

        if ((rc = k->flow(k->ctx, &f)) < 0)
            return rc;
    }
    return 0;
}

static mb_lci_exchange exchange(const char *flow, double amount,
                                unsigned flags, const char *formula)
{
    mb_lci_exchange e;

    memset(&e, 0, sizeof e);
    e.internal_id = -1;
    e.flow_id = flow;
    e.amount = amount;
    e.flags = flags;
    e.formula = formula;
    return e;
}

/* The database of the file's comment, with the spreads of s. */
static int make_db(mb_lcidb **out, const spread *s)
{
    static const char *const flows[5][2] = {{"f-steel", "steel"},
                                            {"f-slag", "slag"},
                                            {"f-fuel", "fuel"},
                                            {"f-co2", "carbon dioxide"},
                                            {"f-ch4", "methane"}};
    mb_lci_parameter globals[2] = {
        {"scale", "yield * 3", 0, {MB_DIST_NONE, {0, 0, 0}}},
        {"Yield ", NULL, 2, {MB_DIST_NORMAL, {2, 0, 0}}}};
    mb_lci_parameter params[4] = {
        {"c", "a / b", 0, {MB_DIST_NONE, {0, 0, 0}}},
        {"a", "yield * 10 + scale", 0, {MB_DIST_NONE, {0, 0, 0}}},
        {"b", NULL, 3, {MB_DIST_NONE, {0, 0, 0}}},
        {"slagshare", NULL, 0.3, {MB_DIST_UNIFORM, {0, 0, 0}}}};
    mb_lci_exchange mill[6], refinery[3];
    mb_lci_allocation_factor alloc[2] = {
        {MB_ALLOC_PHYSICAL, "f-steel", -1, NULL, "1 - slagshare", 0.7},
        {MB_ALLOC_PHYSICAL, "f-slag", -1, NULL, "slagshare", 0.3}};
    mb_lci_process p = {"p-mill", "mill", NULL, NULL, MB_ALLOC_PHYSICAL,
                        6, mill, 4, params, 2, alloc};
    const mb_lci_sink *k;
    size_t j;
    int rc;

    globals[1].uncertainty.p[1] = s->yield_sd;
    params[3].uncertainty.p[0] = s->slag_lo;
    params[3].uncertainty.p[1] = s->slag_hi;
    mill[0] = exchange("f-steel", 1, MB_EXCHANGE_REFERENCE, NULL);
    mill[1] = exchange("f-slag", 1, 0, NULL);
    mill[2] = exchange("f-fuel", 1, MB_EXCHANGE_INPUT, "c * 500");
    mill[2].unit_id = "u-g";
    mill[2].uncertainty.type = MB_DIST_LOGNORMAL; /* its own: left out */
    mill[2].uncertainty.p[0] = 4333;
    mill[2].uncertainty.p[1] = 1.2;
    mill[3] = exchange("f-co2", 0.5, 0, NULL);
    mill[4] = exchange("f-co2", 0, 0, "a * 2");
    mill[5] = exchange("f-co2", 1.5, 0, NULL);
    refinery[0] = exchange("f-fuel", 1, MB_EXCHANGE_REFERENCE, NULL);
    refinery[1] = exchange("f-co2", 0, 0, "yield * 0.1");
    refinery[2] = exchange("f-ch4", 0, 0, "(yield - 2) * 7");
    if ((rc = mb_lcidb_new(out)) < 0)
        return rc;
    k = mb_lcidb_sink(*out);
    if ((rc = put_reference(k, flows, 5, 3)) < 0)
        return rc;
    for (j = 0; j < 2; j++)
        if ((rc = k->global_parameter(k->ctx, &globals[j])) < 0)
            return rc;
    if ((rc = k->process(k->ctx, &p)) < 0)
        return rc;
    p.id = "p-refinery";
    p.name = "refinery";
    p.nexchanges = 3;
    p.exchanges = refinery;
    p.nparameters = p.nallocation_factors = 0;
    return k->process(k->ctx, &p);
}

static int compile(mb_system **s, const spread *sp,
                   const mb_compile_options *o)
{
    mb_lcidb *db = NULL;
    int rc = make_db(&db, sp);

    if (rc == 0)
        rc = mb_lcidb_compile(s, NULL, db, o);
    mb_lcidb_free(db);
    return rc;
}

/* The column of process id's activity making `product`. */
static int64_t column(const mb_system *s, const char *id, const char *product)
{
    int64_t j;

    for (j = 0; j < s->nactivities; j++)
        if (!strcmp(s->labels->activity_uuids[j], id) &&
            !strcmp(s->labels->product_names[j], product))
            return j;
    return -1;
}

static int64_t flow_row(const mb_system *s, const char *name)
{
    int64_t i;

    for (i = 0; i < s->nflows; i++)
        if (!strcmp(s->labels->flow_names[i], name))
            return i;
    return -1;
}

/* Position of (i, j) among a's nonzeros, or -1. */
static int64_t position(const mb_csc *a, int64_t i, int64_t j)
{
    int64_t k;

    for (k = a->p[j]; i >= 0 && j >= 0 && k < a->p[j + 1]; k++)
        if (a->i[k] == i)
            return k;
    return -1;
}

/* Whether position k of matrix m is one the model overwrites. */
static int overwritten(const mb_param_model *pm, int m, int64_t k)
{
    int64_t e;
    size_t n;

    for (n = 0; (e = mb_param_model_entry(pm, m, n)) >= 0; n++)
        if (e == k)
            return 1;
    return 0;
}

typedef struct sample {
    double *A, *B, *scratch;
} sample;

/* One draw of stream `stream` of seed 42 (r NULL: no draw). */
static int draw(const mb_system *s, sample *x, int64_t stream, int random)
{
    int64_t na = mb_csc_nnz(s->A), nb = mb_csc_nnz(s->B);
    mb_random r;

    x->A = malloc((size_t)na * sizeof *x->A + 1);
    x->B = malloc((size_t)nb * sizeof *x->B + 1);
    x->scratch =
        malloc(mb_param_model_scratch_size(s->params) * sizeof(double) + 1);
    if (!x->A || !x->B || !x->scratch)
        return MB_ENOMEM;
    memcpy(x->A, s->A->x, (size_t)na * sizeof *x->A);
    memcpy(x->B, s->B->x, (size_t)nb * sizeof *x->B);
    mb_random_init(&r, 42, (uint64_t)stream);
    return mb_param_model_sample(s->params, random ? &r : NULL, x->scratch,
                                 x->A, x->B);
}

static void sample_free(sample *x)
{
    free(x->A);
    free(x->B);
    free(x->scratch);
}

/*
 * The drawn parameters come first, in the data's order (globals, then
 * each process's); the computed ones follow in dependency order across
 * scopes (scale before a before c, whatever order they were defined in);
 * b, fixed, is folded into c's formula as a constant.
 */
TEST(param_model_orders_parameters_by_dependency_across_scopes)
{
    static const char *const names[5] = {"yield", "slagshare", "scale", "a",
                                         "c"};
    static const char *const scopes[5] = {NULL, "mill", NULL, "mill",
                                          "mill"};
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_param_model_counts n;
    mb_system *s = NULL;
    const char *process;
    size_t k;

    CHECK_OK(compile(&s, &UNCERTAIN, &o)); /* not asked for: none */
    CHECK(s->params == NULL);
    mb_system_free(s);
    o.parameters = 1;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    CHECK(s->params != NULL);
    mb_param_model_count(s->params, &n);
    CHECK(n.parameters == 5 && n.uncertain == 2);
    for (k = 0; k < 5; k++) {
        const char *name = mb_param_model_parameter(s->params, k, &process);

        CHECK(name && !strcmp(name, names[k]));
        CHECK(scopes[k] ? process && !strcmp(process, scopes[k]) : !process);
    }
    CHECK(mb_param_model_parameter(s->params, 5, &process) == NULL);
    /* fuel of both mill columns, CO2 of both and of the refinery, CH4 */
    CHECK(n.A_entries == 2 && n.B_entries == 4);
    CHECK(mb_param_model_scratch_size(s->params) == 5 + n.formulas);
    mb_system_free(s);
}

/*
 * Known answer by hand, per draw: scale = 3 y, a = 10 y + scale, c = a / 3;
 * the mill's steel column takes fuel -(c * 500 * 0.001) (1 - s) and CO2
 * (0.5 + 2 a + 1.5) (1 - s), its slag column the same times s; the
 * refinery CO2 0.1 y and methane 7 (y - 2). The draws are those of the
 * stream in the model's order: yield, then slagshare.
 */
TEST(param_model_sample_evaluates_formulas_at_the_drawn_values)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_lci_uncertainty uy = {MB_DIST_NORMAL, {2, 0.1, 0}};
    mb_lci_uncertainty us = {MB_DIST_UNIFORM, {0.2, 0.4, 0}};
    mb_system *s = NULL;
    sample x = {NULL, NULL, NULL};
    int64_t steel, slag, refinery, co2, ch4, k, it;
    double y, sh, scale, a, c;
    mb_random r;

    o.parameters = 1;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    steel = column(s, "p-mill", "steel");
    slag = column(s, "p-mill", "slag");
    refinery = column(s, "p-refinery", "fuel");
    co2 = flow_row(s, "carbon dioxide");
    ch4 = flow_row(s, "methane");
    CHECK(steel >= 0 && slag >= 0 && refinery >= 0 && co2 >= 0 && ch4 >= 0);
    for (it = 0; it < 20; it++) {
        CHECK_OK(draw(s, &x, it, 1));
        mb_random_init(&r, 42, (uint64_t)it);
        y = mb_uncertainty_sample(&uy, 2, &r);
        sh = mb_uncertainty_sample(&us, 0.3, &r);
        CHECK(x.scratch[0] == y && x.scratch[1] == sh);
        scale = y * 3;
        a = y * 10 + scale;
        c = a / 3;
        CHECK_NEAR(x.scratch[4], c, 1e-15);
        CHECK_NEAR(x.A[position(s->A, refinery, steel)],
                   -(c * 500 * 0.001) * (1 - sh), 1e-14);
        CHECK_NEAR(x.A[position(s->A, refinery, slag)],
                   -(c * 500 * 0.001) * sh, 1e-14);
        CHECK_NEAR(x.B[position(s->B, co2, steel)], (0.5 + 2 * a + 1.5) *
                   (1 - sh), 1e-14);
        CHECK_NEAR(x.B[position(s->B, co2, slag)], (0.5 + 2 * a + 1.5) * sh,
                   1e-14);
        CHECK_NEAR(x.B[position(s->B, co2, refinery)], 0.1 * y, 1e-14);
        CHECK_NEAR(x.B[position(s->B, ch4, refinery)], 7 * (y - 2), 1e-12);
        /* nothing else moves: the products on the diagonal, for one */
        for (k = 0; k < mb_csc_nnz(s->A); k++)
            CHECK(overwritten(s->params, 0, k) || x.A[k] == s->A->x[k]);
        for (k = 0; k < mb_csc_nnz(s->B); k++)
            CHECK(overwritten(s->params, 1, k) || x.B[k] == s->B->x[k]);
        sample_free(&x);
    }
    mb_system_free(s);
}

/*
 * With the parameters at their values (no stream), and with
 * distributions of no width, a sample is the compiled matrices bit for
 * bit: the same formulas, unit factors, shares and signs, summed in the
 * compiler's order (0.5, then 2 a, then 1.5). Methane, 0 at yield's
 * value, keeps its place as an explicit zero.
 */
TEST(param_model_without_spread_gives_the_compiled_matrices_exactly)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_system *s = NULL;
    sample x = {NULL, NULL, NULL};
    int64_t ch4;
    const spread *sp[2] = {&UNCERTAIN, &FIXED};
    int k;

    o.parameters = 1;
    for (k = 0; k < 2; k++) {
        CHECK_OK(compile(&s, sp[k], &o));
        CHECK(s->params != NULL);
        ch4 = position(s->B, flow_row(s, "methane"),
                       column(s, "p-refinery", "fuel"));
        CHECK(ch4 >= 0 && s->B->x[ch4] == 0);
        CHECK_OK(draw(s, &x, 3, k == 1)); /* no stream, then no width */
        CHECK(!memcmp(x.A, s->A->x, (size_t)mb_csc_nnz(s->A) * sizeof(double)));
        CHECK(!memcmp(x.B, s->B->x, (size_t)mb_csc_nnz(s->B) * sizeof(double)));
        sample_free(&x);
        mb_system_free(s);
        s = NULL;
    }
}

/*
 * A parameter fixed by an override is not drawn: yield = 3 leaves
 * slagshare the only draw, and the refinery, whose formulas name only
 * yield, out of the model; fixing slagshare too leaves no model.
 */
TEST(param_model_overridden_parameter_is_not_sampled)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_param_override ov[2] = {{"YIELD", 3}, {"slagshare", 0.5}};
    mb_param_model_counts n;
    mb_system *s = NULL;
    sample x = {NULL, NULL, NULL};
    double c = (3 * 10 + 9) / 3.0;

    o.parameters = 1;
    o.overrides = ov;
    o.noverrides = 1;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    mb_param_model_count(s->params, &n);
    CHECK(n.uncertain == 1 && n.parameters == 1);
    CHECK(!strcmp(mb_param_model_parameter(s->params, 0, NULL), "slagshare"));
    CHECK(n.A_entries == 2 && n.B_entries == 2);
    CHECK_OK(draw(s, &x, 0, 1));
    CHECK_NEAR(x.A[position(s->A, column(s, "p-refinery", "fuel"),
                            column(s, "p-mill", "slag"))],
               -(c * 500 * 0.001) * x.scratch[0], 1e-14);
    sample_free(&x);
    mb_system_free(s);
    o.noverrides = 2;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    CHECK(s->params == NULL);
    mb_system_free(s);
}

/*
 * As openLCA evaluates an exchange's formula in place of a draw of its
 * own distribution, the fuel's lognormal is left out of A_uncertainty
 * with the parametric model, and kept without it.
 */
TEST(param_model_formula_amount_drops_its_own_distribution)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_system *s = NULL;
    int64_t k;

    o.uncertainty = 1;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    k = position(s->A, column(s, "p-refinery", "fuel"),
                 column(s, "p-mill", "steel"));
    CHECK(k >= 0 && s->A_uncertainty &&
          s->A_uncertainty[k].type == MB_DIST_LOGNORMAL);
    CHECK_NEAR(s->A_uncertainty[k].p[0], -4333 * 0.001 * 0.7, 1e-14);
    mb_system_free(s);
    o.parameters = 1;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    CHECK(!s->A_uncertainty || s->A_uncertainty[k].type == MB_DIST_NONE);
    mb_system_free(s);
}

/*
 * The model goes into the compiled model's blob and comes back sampling
 * the same numbers; a blob cut short or with a string unterminated is
 * refused.
 */
TEST(param_model_round_trips_through_the_compiled_blob)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report rep, rep2;
    mb_system *s = NULL, *t = NULL;
    sample x = {NULL, NULL, NULL}, y = {NULL, NULL, NULL};
    void *blob = NULL;
    size_t len = 0;
    mb_lcidb *db = NULL;
    unsigned char *bad;

    o.parameters = 1;
    CHECK_OK(make_db(&db, &UNCERTAIN));
    CHECK_OK(mb_lcidb_compile(&s, &rep, db, &o));
    mb_lcidb_free(db);
    CHECK_OK(mb_compiled_save(s, &rep, &blob, &len));
    CHECK_OK(mb_compiled_load(&t, &rep2, blob, len));
    CHECK(t->params != NULL);
    CHECK_OK(draw(s, &x, 11, 1));
    CHECK_OK(draw(t, &y, 11, 1));
    CHECK(!memcmp(x.A, y.A, (size_t)mb_csc_nnz(s->A) * sizeof(double)));
    CHECK(!memcmp(x.B, y.B, (size_t)mb_csc_nnz(s->B) * sizeof(double)));
    CHECK(!strcmp(mb_param_model_parameter(t->params, 3, NULL), "a"));
    sample_free(&x);
    sample_free(&y);
    mb_system_free(t);
    mb_compile_report_free(&rep2);
    t = NULL;
    CHECK(mb_compiled_load(&t, &rep2, blob, len - 1) == MB_EFORMAT);
    CHECK(t == NULL);
    /* the blob ends with the model's strings: one left unterminated */
    bad = malloc(len);
    CHECK(bad != NULL);
    memcpy(bad, blob, len);
    CHECK(bad[len - 1] == '\0');
    bad[len - 1] = 'x';
    CHECK(mb_compiled_load(&t, &rep2, bad, len) == MB_EFORMAT);
    CHECK(t == NULL);
    free(bad);
    mb_compiled_free(blob);
    mb_compile_report_free(&rep);
    mb_system_free(s);
}

/*
 * A formula that leaves its domain for some draws fails naming the
 * exchange and the formula: sqrt(x) with x uniform on -1 .. 1.
 */
TEST(param_model_formula_outside_its_domain_names_the_exchange)
{
    static const char *const flows[2][2] = {{"f-steel", "steel"},
                                            {"f-co2", "co2"}};
    mb_lci_parameter x = {"x", NULL, 0.5, {MB_DIST_UNIFORM, {-1, 1, 0}}};
    mb_lci_exchange ex[2];
    mb_lci_process p = {"p-mill", "mill", NULL, NULL, MB_ALLOC_NONE, 2, ex,
                        0, NULL, 0, NULL};
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_lcidb *db = NULL;
    const mb_lci_sink *k;
    mb_system *s = NULL;
    sample y = {NULL, NULL, NULL};
    int64_t it;
    int rc = 0;

    ex[0] = exchange("f-steel", 1, MB_EXCHANGE_REFERENCE, NULL);
    ex[1] = exchange("f-co2", 0, 0, "sqrt(x)");
    CHECK_OK(mb_lcidb_new(&db));
    k = mb_lcidb_sink(db);
    CHECK_OK(put_reference(k, flows, 2, 1));
    CHECK_OK(k->global_parameter(k->ctx, &x));
    CHECK_OK(k->process(k->ctx, &p));
    o.parameters = 1;
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, &o));
    mb_lcidb_free(db);
    for (it = 0; it < 64 && rc == 0; it++) {
        rc = draw(s, &y, it, 1);
        sample_free(&y);
    }
    CHECK(rc == MB_ENUMERIC);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "process 'mill' (p-mill): exchange 2: formula "
                       "'sqrt(x)' evaluates to NaN");
    mb_system_free(s);
}

/*
 * Causal allocation (openLCA manual, "Allocation"): a CHP's CO2 (10 kg,
 * normal with sd 1) goes to heat by the factor "k" and to power by
 * "1 - k", k uniform on 0.6 .. 0.8; its fuel, without a causal factor,
 * takes the fixed physical factors 0.5 and stays out of the model. By
 * hand: CO2 10 k and 10 (1 - k) at the values; sampled, a draw of the CO2
 * times k and another times 1 - k, as openLCA draws each allocated cell's
 * amount and multiplies it by the factor evaluated again
 * (UExchangeCell.next). The model draws those amounts, so B_uncertainty
 * has none there.
 */
TEST(param_model_causal_allocation_factor_formulas_are_sampled)
{
    static const char *const flows[4][2] = {{"f-heat", "heat"},
                                            {"f-power", "power"},
                                            {"f-fuel", "fuel"},
                                            {"f-co2", "co2"}};
    mb_lci_parameter kp = {"k", NULL, 0.7, {MB_DIST_UNIFORM, {0.6, 0.8, 0}}};
    mb_lci_exchange chp[4], refinery[1];
    mb_lci_allocation_factor af[4] = {
        {MB_ALLOC_PHYSICAL, "f-heat", -1, NULL, NULL, 0.5},
        {MB_ALLOC_PHYSICAL, "f-power", -1, NULL, NULL, 0.5},
        {MB_ALLOC_CAUSAL, "f-heat", -1, "f-co2", "k", 0.7},
        {MB_ALLOC_CAUSAL, "f-power", -1, "f-co2", "1 - k", 0.3}};
    mb_lci_process p = {"p-chp", "chp", NULL, NULL, MB_ALLOC_CAUSAL, 4, chp,
                        0, NULL, 4, af};
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_param_model_counts n;
    const mb_lci_sink *k;
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    sample x = {NULL, NULL, NULL};
    mb_lci_uncertainty uk = {MB_DIST_UNIFORM, {0.6, 0.8, 0}};
    mb_lci_uncertainty uc = {MB_DIST_NORMAL, {10, 1, 0}};
    int64_t heat, power, co2, j, at;
    double kk, d1, d2;
    mb_random r;

    chp[0] = exchange("f-heat", 1, MB_EXCHANGE_REFERENCE, NULL);
    chp[1] = exchange("f-power", 1, 0, NULL);
    chp[2] = exchange("f-fuel", 2, MB_EXCHANGE_INPUT, NULL);
    chp[3] = exchange("f-co2", 10, 0, NULL);
    chp[3].uncertainty = uc;
    refinery[0] = exchange("f-fuel", 1, MB_EXCHANGE_REFERENCE, NULL);
    CHECK_OK(mb_lcidb_new(&db));
    k = mb_lcidb_sink(db);
    CHECK_OK(put_reference(k, flows, 4, 3));
    CHECK_OK(k->global_parameter(k->ctx, &kp));
    CHECK_OK(k->process(k->ctx, &p));
    p.id = "p-refinery";
    p.name = "refinery";
    p.nexchanges = 1;
    p.exchanges = refinery;
    p.nallocation_factors = 0;
    CHECK_OK(k->process(k->ctx, &p));
    o.parameters = o.uncertainty = 1;
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, &o));
    mb_lcidb_free(db);
    mb_param_model_count(s->params, &n);
    CHECK(n.uncertain == 1 && n.amounts == 2);
    CHECK(n.A_entries == 0 && n.B_entries == 2);
    heat = column(s, "p-chp", "heat");
    power = column(s, "p-chp", "power");
    co2 = flow_row(s, "co2");
    CHECK(heat < power); /* heat's entry comes first */
    at = position(s->B, co2, heat);
    CHECK(s->B->x[at] == 10 * 0.7);
    CHECK(!s->B_uncertainty || s->B_uncertainty[at].type == MB_DIST_NONE);
    CHECK_OK(draw(s, &x, 0, 0));
    CHECK(x.B[at] == 10 * 0.7);
    sample_free(&x);
    for (j = 0; j < 10; j++) {
        CHECK_OK(draw(s, &x, j, 1));
        mb_random_init(&r, 42, (uint64_t)j);
        kk = mb_uncertainty_sample(&uk, 0.7, &r);
        d1 = mb_uncertainty_sample(&uc, 10, &r);
        d2 = mb_uncertainty_sample(&uc, 10, &r);
        CHECK(x.scratch[0] == kk && d1 != d2);
        CHECK(x.B[at] == d1 * kk);
        CHECK(x.B[position(s->B, co2, power)] == d2 * (1 - kk));
        CHECK(x.A[position(s->A, column(s, "p-refinery", "fuel"), heat)] ==
              -1.0);
        sample_free(&x);
    }
    mb_system_free(s);
}

#define SAMPLE_SPOLD                                                       \
    "/ecospold-samples/ecospold2/00000_11111111-2222-3333-4444-"          \
    "555555555555_66666666-7777-8888-9999-000000000000.spold"

/*
 * bw2io's EcoSpold 2 sample (../shared/data/ecospold-samples, SOURCE.txt):
 * the parameter does_it_hurt_when_dropped_on_foot (7777; lognormal with
 * meanValue 1 and the pedigree variance 4: geometric sd e^2) and the
 * water emission "does_it_hurt_when_dropped_on_foot * 2" (in m3, the
 * flow's unit): the entry is 15554 compiled and twice the draw sampled.
 * The water's own lognormal is left out with the parametric model.
 */
TEST(param_model_samples_the_ecospold2_sample_parameter)
{
    const char *shared = test_shared_data();
    char path[1024], master[1024];
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_param_model_counts n;
    mb_lcidb *db = NULL;
    mb_system *s = NULL;
    sample x = {NULL, NULL, NULL};
    int64_t water, at, it;

    if (!shared)
        SKIP("../shared/data is absent");
    snprintf(path, sizeof path, "%s" SAMPLE_SPOLD, shared);
    snprintf(master, sizeof master, "%s/ecospold-samples/masterdata", shared);
    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_ecospold2_read(path, master, mb_lcidb_sink(db), NULL));
    o.parameters = o.uncertainty = 1;
    CHECK_OK(mb_lcidb_compile(&s, NULL, db, &o));
    mb_lcidb_free(db);
    CHECK(s->params != NULL);
    mb_param_model_count(s->params, &n);
    CHECK(n.uncertain == 1 && n.parameters == 1 && n.B_entries == 1);
    CHECK(!strcmp(mb_param_model_parameter(s->params, 0, NULL),
                  "does_it_hurt_when_dropped_on_foot"));
    water = flow_row(s, "Water");
    at = mb_param_model_entry(s->params, 1, 0);
    CHECK(water >= 0 && at == position(s->B, water, 0));
    CHECK(s->B->x[at] == 15554);
    CHECK(!s->B_uncertainty || s->B_uncertainty[at].type == MB_DIST_NONE);
    for (it = 0; it < 5; it++) {
        CHECK_OK(draw(s, &x, it, 1));
        CHECK(x.B[at] == x.scratch[0] * 2);
        CHECK(x.scratch[0] > 0 && x.scratch[0] != 7777);
        sample_free(&x);
    }
    mb_system_free(s);
}

/* ---- the US LCI database with distributions on its parameters ------- */

#define USLCI "examples/uslci/uslci_olca1_5_0_json_ld.zip"

/* The database's own sink, and the spread given to its input
 * parameters: 0 a distribution of no width, else uniform within +-10 %. */
static const mb_lci_sink *uslci_inner;
static int uslci_spread;

static void give_distribution(mb_lci_parameter *p)
{
    double lo = p->value * (uslci_spread ? 0.9 : 1);
    double hi = p->value * (uslci_spread ? 1.1 : 1);

    if (p->formula || p->value == 0)
        return;
    p->uncertainty.type = MB_DIST_UNIFORM;
    p->uncertainty.p[0] = lo < hi ? lo : hi;
    p->uncertainty.p[1] = lo < hi ? hi : lo;
}

static int uslci_global(void *ctx, const mb_lci_parameter *p)
{
    mb_lci_parameter q = *p;

    give_distribution(&q);
    return uslci_inner->global_parameter(ctx, &q);
}

static int uslci_process(void *ctx, const mb_lci_process *p)
{
    mb_lci_parameter *params =
        malloc((p->nparameters + 1) * sizeof *params);
    mb_lci_process q = *p;
    size_t k;
    int rc;

    if (!params)
        return MB_ENOMEM;
    for (k = 0; k < p->nparameters; k++) {
        params[k] = p->parameters[k];
        give_distribution(&params[k]);
    }
    q.parameters = params;
    rc = uslci_inner->process(ctx, &q);
    free(params);
    return rc;
}

static int compile_uslci(mb_system **s, int spread)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_lcidb *db = NULL;
    mb_lci_sink sink;
    int rc;

    if ((rc = mb_lcidb_new(&db)) < 0)
        return rc;
    uslci_inner = mb_lcidb_sink(db);
    uslci_spread = spread;
    sink = *uslci_inner;
    sink.global_parameter = uslci_global;
    sink.process = uslci_process;
    o.parameters = 1;
    if ((rc = mb_jsonld_read(USLCI, &sink, NULL)) == 0)
        rc = mb_lcidb_compile(s, NULL, db, &o);
    mb_lcidb_free(db);
    return rc;
}

/*
 * Real formulas (examples/uslci: US LCI, 202 computed process parameters,
 * 259 exchange formulas, none with a distribution of its own): every input
 * parameter given a distribution of no width, a sample is the compiled
 * matrices bit for bit; within +-10 %, the entries the model names move
 * and no other does.
 */
TEST(param_model_uslci_formulas_sample_exactly_and_only_their_entries)
{
    mb_param_model_counts n;
    mb_system *s = NULL;
    sample x = {NULL, NULL, NULL};
    int64_t k, moved = 0;

    CHECK_OK(compile_uslci(&s, 0));
    CHECK(s->params != NULL);
    mb_param_model_count(s->params, &n);
    CHECK(n.uncertain > 100 && n.formulas > 100);
    CHECK_OK(draw(s, &x, 5, 1));
    CHECK(!memcmp(x.A, s->A->x, (size_t)mb_csc_nnz(s->A) * sizeof(double)));
    CHECK(!memcmp(x.B, s->B->x, (size_t)mb_csc_nnz(s->B) * sizeof(double)));
    sample_free(&x);
    mb_system_free(s);
    s = NULL;
    CHECK_OK(compile_uslci(&s, 1));
    CHECK_OK(draw(s, &x, 5, 1));
    for (k = 0; k < mb_csc_nnz(s->A); k++) {
        CHECK(overwritten(s->params, 0, k) || x.A[k] == s->A->x[k]);
        moved += x.A[k] != s->A->x[k];
    }
    for (k = 0; k < mb_csc_nnz(s->B); k++) {
        CHECK(overwritten(s->params, 1, k) || x.B[k] == s->B->x[k]);
        moved += x.B[k] != s->B->x[k];
    }
    CHECK(moved > 0);
    sample_free(&x);
    mb_system_free(s);
}

/*
 * The parametric model in Monte Carlo (mc.h): one unit of the refinery's
 * fuel emits "(yield - 2) * 7" kg of methane, yield normal (2, sd 0.1), so
 * with a factor of 1 on methane the score is normal (0, sd 0.7): 8,000
 * iterations put the mean within 4 standard errors of 0 and the sd within
 * 5 % of 0.7; one and two threads give the same numbers.
 */
TEST(param_model_drives_monte_carlo)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_mc_options mo = MB_MC_OPTIONS_INIT;
    mb_system *s = NULL;
    mb_mc_result *one = NULL, *two = NULL;
    mb_mc_summary sum;
    double *f;
    int64_t refinery, ch4;
    size_t m = 0;

    o.parameters = 1;
    o.uncertainty = 1;
    CHECK_OK(compile(&s, &UNCERTAIN, &o));
    CHECK(s->params != NULL);
    refinery = column(s, "p-refinery", "fuel");
    ch4 = flow_row(s, "methane");
    CHECK(refinery >= 0 && ch4 >= 0);
    CHECK(s->nmethods == 0);
    free(s->methods); /* the compiler's empty list */
    s->methods = calloc(1, sizeof *s->methods);
    CHECK(s->methods != NULL);
    s->nmethods = 1;
    s->methods[0].name = strdup("methane");
    s->methods[0].values = calloc((size_t)s->nflows, sizeof(double));
    CHECK(s->methods[0].name && s->methods[0].values);
    s->methods[0].values[ch4] = 1.0;
    f = calloc((size_t)s->nproducts, sizeof *f);
    CHECK(f != NULL);
    f[refinery] = 1.0;
    mo.seed = 3;
    mo.count = 8000;
    CHECK_OK(mb_mc_run(&one, s, f, 1, &m, 1, &mo));
    mo.threads = 2;
    CHECK_OK(mb_mc_run(&two, s, f, 1, &m, 1, &mo));
    CHECK(one->sampled >= 1);
    CHECK(memcmp(one->scores, two->scores, 8000 * sizeof(double)) == 0);
    CHECK_OK(mb_mc_summarize(one->scores, one->count, 1, &sum));
    CHECK_MSG(fabs(sum.mean) < 4 * 0.7 / sqrt(8000.0), "mean %g", sum.mean);
    CHECK_MSG(fabs(sum.sd - 0.7) < 0.035, "sd %g", sum.sd);
    free(f);
    mb_mc_result_free(one);
    mb_mc_result_free(two);
    mb_system_free(s);
}
