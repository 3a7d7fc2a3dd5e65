/*
 * test_lca.c - known-answer LCA systems, each with the source of its
 * numbers beside it (../shared/data/lca/<case>/SOURCE.txt).
 */
#include <stdlib.h>

#include <metabol/metabol.h>

#include "dp_builder.h"
#include "test.h"

#define FIX "tests/fixtures/bw2calc/"

static const char *multi_lca_simple[] = {
    FIX "multi_lca_simple_1.zip", FIX "multi_lca_simple_2.zip",
    FIX "multi_lca_simple_3.zip", FIX "multi_lca_simple_4.zip",
    FIX "multi_lca_simple_5.zip", FIX "multi_lca_simple_normalization.zip",
    FIX "multi_lca_simple_weighting.zip"};

static int load_all(mb_datapackage **dps, const char **paths, int n,
                    mb_system **sys)
{
    int k, rc;

    for (k = 0; k < n; k++)
        if ((rc = mb_datapackage_open(&dps[k], paths[k], 0)) < 0)
            return rc;
    return mb_system_from_datapackages(sys, dps, (size_t)n);
}

static void free_all(mb_datapackage **dps, int n)
{
    int k;

    for (k = 0; k < n; k++)
        mb_datapackage_free(dps[k]);
}

/* One unit-free demand on a product id; result owned by the caller. */
static int calc(mb_lca *lca, const mb_system *sys, int64_t id, double amount,
                mb_lca_result **r)
{
    double *f = calloc((size_t)sys->nproducts, sizeof *f);
    int rc;

    f[mb_system_product_index(sys, id)] = amount;
    rc = mb_lca_calculate(r, lca, f);
    free(f);
    return rc;
}

/*
 * bw2calc tests/test_lca.py test_basic: A = [[1, 0], [-0.5, 1]], demand
 * {1: 1} -> supply 101: 1, 102: 0.5; B = [[1, 0]], C = 1 -> score 1.
 * Directory form with int32 indices and zip form with the same data.
 */
TEST(bw2calc_basic_fixture_dir_and_zip)
{
    const char *paths[2] = {FIX "basic_fixture", FIX "basic_fixture.zip"};
    int k;

    for (k = 0; k < 2; k++) {
        mb_datapackage *dp;
        mb_system *sys;
        mb_lca *lca;
        mb_lca_result *r;

        CHECK_OK(mb_datapackage_open(&dp, paths[k], 0));
        CHECK_OK(mb_system_from_datapackages(&sys, &dp, 1));
        CHECK(sys->nproducts == 2 && sys->nactivities == 2);
        CHECK_OK(mb_lca_new(&lca, sys, NULL));
        CHECK_OK(calc(lca, sys, 1, 1.0, &r));
        CHECK_NEAR(r->supply[mb_system_activity_index(sys, 101)], 1.0, 1e-12);
        CHECK_NEAR(r->supply[mb_system_activity_index(sys, 102)], 0.5, 1e-12);
        CHECK(sys->nmethods == 1);
        CHECK_NEAR(r->scores[0], 1.0, 1e-12);
        CHECK(r->residual < 1e-14);
        mb_lca_result_free(r);
        mb_lca_free(lca);
        mb_system_free(sys);
        mb_datapackage_free(dp);
    }
}

/*
 * bw2calc tests/test_multi_lca.py: first/γ = 11, second/γ = 30,
 * second/ζ = 120, weighting (w,1) x normalization (n,1) x first/γ = 126.
 * Supplies of ε {103: 2} and ζ {105: 3} computed by exact arithmetic in
 * ../shared/data/lca/bw2calc_multi_lca_simple/SOURCE.txt.
 */
TEST(bw2calc_multi_lca_simple_scores)
{
    mb_datapackage *dps[7] = {0};
    mb_system *sys = NULL;
    mb_lca *lca;
    mb_lca_result *r;
    int64_t first, second, k;
    const double eps_supply[6] = {0.2, 0.1, 0.09, 0, 2, 0};
    const double zeta_supply[6] = {0, 0.6, 0.6, 0, 0, 3};

    CHECK_OK(load_all(dps, multi_lca_simple, 7, &sys));
    first = mb_system_method_index(sys, "first/category");
    second = mb_system_method_index(sys, "second/category");
    CHECK(first >= 0 && second >= 0);
    CHECK(sys->nnormalizations == 2 && sys->nweightings == 2);
    CHECK_OK(mb_lca_new(&lca, sys, NULL));

    CHECK_OK(calc(lca, sys, 100, 1.0, &r));
    CHECK_NEAR(r->scores[first], 11.0, 1e-12);
    CHECK_NEAR(r->scores[second], 30.0, 1e-12);
    /* normalization "n/1" is index 0, weighting "w/1" index 0 */
    CHECK(strcmp(sys->normalizations[0].name, "n/1") == 0);
    CHECK(strcmp(sys->weightings[0].name, "w/1") == 0);
    CHECK_NEAR(r->weighted[((size_t)first * 2 + 0) * 2 + 0], 126.0, 1e-12);
    mb_lca_result_free(r);

    CHECK_OK(calc(lca, sys, 105, 3.0, &r));
    CHECK_NEAR(r->scores[second], 120.0, 1e-12);
    CHECK_NEAR(r->scores[first], 28.2, 1e-12);
    for (k = 0; k < 6; k++)
        CHECK_NEAR(r->supply[k], zeta_supply[k], 1e-12);
    mb_lca_result_free(r);

    CHECK_OK(calc(lca, sys, 103, 2.0, &r));
    CHECK_NEAR(r->scores[first], 8.19, 1e-12);
    CHECK_NEAR(r->scores[second], 6.7, 1e-12);
    for (k = 0; k < 6; k++)
        CHECK_NEAR(r->supply[k], eps_supply[k], 1e-12);
    mb_lca_result_free(r);
    mb_lca_free(lca);
    mb_system_free(sys);
    free_all(dps, 7);
}

/*
 * Heijungs & Suh (2002), The Computational Structure of LCA, ch. 2:
 * A = [[10, 0], [-2, 100]], B = [[1, 10], [0.1, 2], [0, -50]],
 * f = [1000, 0] -> s = [100, 2], g = [120, 14, -100]; with the made-up
 * factors [1, 2, 0] the score is 148 (../shared/data/lca/
 * heijungs_suh_2002_ch2/SOURCE.txt).
 */
TEST(heijungs_suh_chapter_2)
{
    const double g_expected[3] = {120, 14, -100};
    mb_datapackage *dp;
    mb_system *sys;
    mb_lca *lca;
    mb_lca_result *r;
    int k, solver;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    for (solver = MB_SOLVER_KLU; solver <= MB_SOLVER_DENSE; solver++) {
        mb_lca_options o = MB_LCA_OPTIONS_INIT;

        o.solver = (mb_solver_kind)solver;
        CHECK_OK(mb_lca_new(&lca, sys, &o));
        CHECK_OK(calc(lca, sys, 1, 1000.0, &r));
        CHECK_NEAR(r->supply[0], 100.0, 1e-12);
        CHECK_NEAR(r->supply[1], 2.0, 1e-12);
        for (k = 0; k < 3; k++)
            CHECK_NEAR(r->inventory[k], g_expected[k], 1e-12);
        CHECK_NEAR(r->scores[0], 148.0, 1e-12);
        mb_lca_result_free(r);
        mb_lca_free(lca);
    }
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/*
 * VoLCA test-data/SAMPLE.min (../shared/data/lca/volca_selfloop): A makes
 * 1 kg A and consumes 0.1 kg A itself and 0.8 kg B; B needs 0.4 C; C needs
 * 0.4 D; D emits 2 kg CO2. metabol nets self-loops on the diagonal
 * (A_AA = 1 - 0.1), the ecoinvent/Brightway convention: supply
 * [10/9, 8/9, 16/45, 32/225], CO2 64/225 (exact values in SOURCE.txt).
 * The self-input is given as a separate flipped entry: netting happens by
 * summing duplicates, as in bw2calc.
 */
TEST(self_loop_is_netted_on_the_diagonal)
{
    const int64_t tr[] = {1, 1, 2, 2, 3, 3, 4, 4},
                  tc[] = {1, 1, 1, 2, 2, 3, 3, 4};
    const double tv[] = {1.0, 0.1, 0.8, 1.0, 0.4, 1.0, 0.4, 1.0};
    const int tf[] = {0, 1, 1, 0, 1, 0, 1, 0};
    const int64_t br[] = {9}, bc[] = {4}, cr[] = {9}, cc[] = {0};
    const double bv[] = {2.0}, cv[] = {1.0};
    dp_group g[3] = {
        {"technosphere_matrix", "technosphere", NULL, 8, tr, tc, tv, tf},
        {"biosphere_matrix", "biosphere", NULL, 1, br, bc, bv, NULL},
        {"characterization_matrix", "gwp", "GWP", 1, cr, cc, cv, NULL}};
    const double expected[4] = {10.0 / 9, 8.0 / 9, 16.0 / 45, 32.0 / 225};
    dp_built b;
    mb_lca_result *r;
    int k;

    CHECK_OK(dp_build(&b, g, 3));
    CHECK_OK(calc(b.lca, b.sys, 1, 1.0, &r));
    for (k = 0; k < 4; k++)
        CHECK_NEAR(r->supply[k], expected[k], 1e-12);
    CHECK_NEAR(r->inventory[0], 64.0 / 225, 1e-12);
    mb_lca_result_free(r);
    dp_unbuild(&b);
}

/*
 * openLCA SelfLoopAnalysisTest (../shared/data/lca/olca_selfloop_test): p1
 * and p2 supply each other, A = [[1, -0.5], [-1, 1]], demand 2 kg p1 ->
 * scaling [4, 4]; direct results p1: f1 4, f2 8; p2: f1 8, f2 4. The
 * elementary inputs f1 are reported positive, as openLCA reports them.
 */
TEST(openlca_two_process_loop)
{
    const int64_t tr[] = {1, 2, 1, 2}, tc[] = {1, 1, 2, 2};
    const double tv[] = {1.0, -1.0, -0.5, 1.0};
    const int64_t br[] = {11, 12, 11, 12}, bc[] = {1, 1, 2, 2};
    const double bv[] = {1.0, 2.0, 2.0, 1.0};
    dp_group g[2] = {
        {"technosphere_matrix", "technosphere", NULL, 4, tr, tc, tv, NULL},
        {"biosphere_matrix", "biosphere", NULL, 4, br, bc, bv, NULL}};
    dp_built b;
    mb_lca_result *r;

    CHECK_OK(dp_build(&b, g, 2));
    CHECK_OK(calc(b.lca, b.sys, 1, 2.0, &r));
    CHECK_NEAR(r->supply[0], 4.0, 1e-10);
    CHECK_NEAR(r->supply[1], 4.0, 1e-10);
    /* direct result of process j for flow f is B_fj s_j */
    CHECK_NEAR(b.sys->B->x[0] * r->supply[0], 4.0, 1e-10);
    CHECK_NEAR(b.sys->B->x[1] * r->supply[0], 8.0, 1e-10);
    CHECK_NEAR(b.sys->B->x[2] * r->supply[1], 8.0, 1e-10);
    CHECK_NEAR(b.sys->B->x[3] * r->supply[1], 4.0, 1e-10);
    CHECK_NEAR(r->inventory[0], 12.0, 1e-10);
    mb_lca_result_free(r);
    dp_unbuild(&b);
}

/*
 * VoLCA test-data/SAMPLE.min3 (../shared/data/lca/volca_min3; published in
 * its test/GoldenData.hs): X needs 0.6 Y, Y needs 0.4 Z, Z emits 4 kg CO2
 * and 0.003 kg zinc -> supply [1, 0.6, 0.24], CO2 0.96, zinc 0.00072.
 */
TEST(volca_min3_chain)
{
    const int64_t tr[] = {1, 2, 2, 3, 3}, tc[] = {1, 1, 2, 2, 3};
    const double tv[] = {1, 0.6, 1, 0.4, 1};
    const int tf[] = {0, 1, 0, 1, 0};
    const int64_t br[] = {21, 22}, bc[] = {3, 3};
    const double bv[] = {4.0, 0.003};
    dp_group g[2] = {
        {"technosphere_matrix", "technosphere", NULL, 5, tr, tc, tv, tf},
        {"biosphere_matrix", "biosphere", NULL, 2, br, bc, bv, NULL}};
    const double s[3] = {1, 0.6, 0.24};
    dp_built b;
    mb_lca_result *r;
    int k;

    CHECK_OK(dp_build(&b, g, 2));
    CHECK_OK(calc(b.lca, b.sys, 1, 1.0, &r));
    for (k = 0; k < 3; k++)
        CHECK_NEAR(r->supply[k], s[k], 1e-10);
    CHECK_NEAR(r->inventory[0], 0.96, 1e-10);
    CHECK_NEAR(r->inventory[1], 0.00072, 1e-10);
    mb_lca_result_free(r);
    dp_unbuild(&b);
}

/* Contributions sum to the score, by activity and by flow. */
TEST(contributions_sum_to_the_score)
{
    mb_datapackage *dps[7] = {0};
    mb_system *sys = NULL;
    mb_lca *lca;
    mb_lca_result *r;
    double act[6], flow[4], sa = 0, sf = 0;
    int64_t top[3], k;

    CHECK_OK(load_all(dps, multi_lca_simple, 7, &sys));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    CHECK_OK(calc(lca, sys, 103, 2.0, &r));
    mb_lca_activity_contributions(sys, 0, r->supply, act);
    mb_lca_flow_contributions(sys, 0, r->inventory, flow);
    for (k = 0; k < 6; k++)
        sa += act[k];
    for (k = 0; k < 4; k++)
        sf += flow[k];
    CHECK_NEAR(sa, r->scores[0], 1e-12);
    CHECK_NEAR(sf, r->scores[0], 1e-12);
    CHECK(mb_top_abs(act, 6, 3, top) == 3);
    CHECK(fabs(act[top[0]]) >= fabs(act[top[1]]));
    CHECK(fabs(act[top[1]]) >= fabs(act[top[2]]));
    mb_lca_result_free(r);
    mb_lca_free(lca);
    mb_system_free(sys);
    free_all(dps, 7);
}

/* A larger productive system with loops, built deterministically. */
static int write_random_system(const char *dir, int n, unsigned seed)
{
    int64_t *tr = calloc((size_t)n * 6, 8), *tc = calloc((size_t)n * 6, 8);
    int64_t *br = calloc((size_t)n * 3, 8), *bc = calloc((size_t)n * 3, 8);
    int64_t cr[40], cc[40];
    double *tv = calloc((size_t)n * 6, 8), *bv = calloc((size_t)n * 3, 8);
    double cv[40];
    int *tf = calloc((size_t)n * 6, sizeof(int));
    int nt = 0, nb = 0, j, k, rc;

    for (j = 0; j < n; j++) {
        tr[nt] = j + 1000, tc[nt] = j + 1000, tv[nt] = 1.0, tf[nt++] = 0;
        for (k = 0; k < 5; k++) {
            seed = seed * 1103515245u + 12345u;
            tr[nt] = (int64_t)((seed >> 8) % (unsigned)n) + 1000;
            tc[nt] = j + 1000;
            tv[nt] = 0.02 + 0.03 * k;
            tf[nt++] = 1;
        }
        for (k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            br[nb] = (int64_t)((seed >> 8) % 20u) + 1;
            bc[nb] = j + 1000;
            bv[nb++] = 0.5 + (double)k;
        }
    }
    for (k = 0; k < 40; k++) {
        cr[k] = k % 20 + 1;
        cc[k] = 0;
        cv[k] = 1.0 + k % 7;
    }
    {
        dp_group g[4] = {
            {"technosphere_matrix", "technosphere", NULL, nt, tr, tc, tv, tf},
            {"biosphere_matrix", "biosphere", NULL, nb, br, bc, bv, NULL},
            {"characterization_matrix", "m1", "m/one", 20, cr, cc, cv, NULL},
            {"characterization_matrix", "m2", "m/two", 20, cr + 20, cc + 20,
             cv + 20, NULL}};

        rc = dp_write(dir, g, 4);
    }
    free(tr), free(tc), free(br), free(bc), free(tv), free(bv), free(tf);
    return rc;
}

/* The all-products scores equal one-at-a-time solves to 1e-10 relative. */
TEST(all_scores_equal_one_at_a_time_solves)
{
    const char *dir = test_tmpdir();
    mb_datapackage *dp;
    mb_system *sys;
    mb_lca *lca;
    mb_dense *all;
    double *f, *s, *g;
    int64_t i;
    size_t m;

    CHECK(dir && write_random_system(dir, 400, 5) == 0);
    CHECK_OK(dp_load_system(dir, &dp, &sys));
    CHECK(sys->nmethods == 2);
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    CHECK_OK(mb_lca_all_scores(lca, &all));
    f = calloc((size_t)sys->nproducts, sizeof *f);
    s = calloc((size_t)sys->nactivities, sizeof *s);
    g = calloc((size_t)sys->nflows, sizeof *g);
    for (i = 0; i < sys->nproducts; i++) {
        f[i] = 1.0;
        CHECK_OK(mb_lca_solve(lca, f, s, NULL));
        f[i] = 0.0;
        mb_lca_inventory(sys, s, g);
        for (m = 0; m < sys->nmethods; m++)
            CHECK_NEAR(*mb_dense_at(all, i, (int64_t)m),
                       mb_lca_score(sys, m, g), 1e-10);
    }
    free(f), free(s), free(g);
    mb_dense_free(all);
    mb_lca_free(lca);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/* UMFPACK, KLU and dense LAPACK give the same results to 1e-10. */
TEST(solvers_agree_on_a_system_with_loops)
{
    const char *dir = test_tmpdir();
    mb_datapackage *dp;
    mb_system *sys;
    mb_dense *all[3];
    int k;
    int64_t i;

    CHECK(dir && write_random_system(dir, 300, 9) == 0);
    CHECK_OK(dp_load_system(dir, &dp, &sys));
    for (k = 0; k < 3; k++) {
        mb_lca_options o = MB_LCA_OPTIONS_INIT;
        mb_lca *lca;

        o.solver = (mb_solver_kind)(MB_SOLVER_KLU + k);
        CHECK_OK(mb_lca_new(&lca, sys, &o));
        CHECK_OK(mb_lca_all_scores(lca, &all[k]));
        mb_lca_free(lca);
    }
    for (k = 1; k < 3; k++)
        for (i = 0; i < sys->nproducts * 2; i++)
            CHECK_NEAR(all[k]->x[i], all[0]->x[i], 1e-10);
    for (k = 0; k < 3; k++)
        mb_dense_free(all[k]);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/* Ids far apart (no direct table): the hashed id space gives the same
 * numbers as Heijungs & Suh ch. 2 above. */
TEST(sparse_ids_use_the_hashed_id_space)
{
    const int64_t big = (int64_t)1 << 52;
    const int64_t tr[] = {7, big, big}, tc[] = {7, 7, big};
    const double tv[] = {10, -2, 100};
    const int64_t br[] = {1, 1}, bc[] = {7, big};
    const double bv[] = {1, 10};
    dp_group g[2] = {
        {"technosphere_matrix", "technosphere", NULL, 3, tr, tc, tv, NULL},
        {"biosphere_matrix", "biosphere", NULL, 2, br, bc, bv, NULL}};
    dp_built b;
    mb_lca_result *r;

    CHECK_OK(dp_build(&b, g, 2));
    CHECK(b.sys->product_ids[0] == 7 && b.sys->product_ids[1] == big);
    CHECK(mb_system_activity_index(b.sys, big) == 1);
    CHECK_OK(calc(b.lca, b.sys, 7, 1000.0, &r));
    CHECK_NEAR(r->supply[0], 100.0, 1e-12);
    CHECK_NEAR(r->supply[1], 2.0, 1e-12);
    CHECK_NEAR(r->inventory[0], 120.0, 1e-12);
    mb_lca_result_free(r);
    dp_unbuild(&b);
}

/* Several demands in one block solve equal one-at-a-time solves; bw2calc's
 * multi-LCA functional units γ {100: 1}, ε {103: 2}, ζ {105: 3}. */
TEST(several_demands_share_one_factorization)
{
    mb_datapackage *dps[7] = {0};
    mb_system *sys = NULL;
    mb_lca *lca;
    double f[3 * 6] = {0}, s[3 * 6], one[6], res[3];
    int64_t k;
    int q;

    CHECK_OK(load_all(dps, multi_lca_simple, 7, &sys));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    f[0 * 6 + mb_system_product_index(sys, 100)] = 1;
    f[1 * 6 + mb_system_product_index(sys, 103)] = 2;
    f[2 * 6 + mb_system_product_index(sys, 105)] = 3;
    CHECK_OK(mb_lca_solve_many(lca, f, s, 3, res));
    for (q = 0; q < 3; q++) {
        CHECK(res[q] < 1e-12);
        CHECK_OK(mb_lca_solve(lca, f + q * 6, one, NULL));
        for (k = 0; k < 6; k++)
            CHECK_NEAR(s[q * 6 + k], one[k], 1e-12);
    }
    CHECK_NEAR(s[2 * 6 + 5], 3.0, 1e-12); /* ζ: activity 6 runs 3 times */
    f[4] = NAN;
    CHECK(mb_lca_solve_many(lca, f, s, 3, NULL) == MB_ENUMERIC);
    CHECK_STR_CONTAINS(mb_error_last()->message, "demand 0: demand for "
                                                 "product 104");
    mb_lca_free(lca);
    mb_system_free(sys);
    free_all(dps, 7);
}
