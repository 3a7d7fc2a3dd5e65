/*
 * test_shared_data.c - known answers read straight from ../shared/data
 * (present in CI; skipped, saying so, in a user's fresh clone). Expected
 * numbers come from each case's own system.json, whose SOURCE.txt cites
 * where they come from.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>
#include <metabol/metabol.h>

#include "dp_builder.h"
#include "test.h"

static json_t *load_case(const char *rel)
{
    const char *root = test_shared_data();
    char path[512];
    json_error_t err;

    if (!root)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    return json_load_file(path, 0, &err);
}

/*
 * A dense matrix from JSON (list of rows) as triplets with ids base+i and
 * base+j; zeros skipped. Returns the count.
 */
static int triplets(json_t *rows, int64_t rbase, int64_t cbase, int64_t *r,
                    int64_t *c, double *v)
{
    size_t i, j;
    json_t *row, *x;
    int n = 0;

    json_array_foreach(rows, i, row) {
        json_array_foreach(row, j, x) {
            if (json_number_value(x) == 0.0)
                continue;
            r[n] = rbase + (int64_t)i;
            c[n] = cbase + (int64_t)j;
            v[n++] = json_number_value(x);
        }
    }
    return n;
}

/* Heijungs & Suh (2002) ch. 2, from ../shared/data/lca/heijungs_suh_2002_ch2 */
TEST(shared_heijungs_suh_system_json)
{
    json_t *sys_json = load_case("lca/heijungs_suh_2002_ch2/system.json");
    int64_t tr[16], tc[16], br[16], bc[16], cr[8], cc[8];
    double tv[16], bv[16], cv[8];
    int nt, nb, nc = 0;
    size_t k;
    json_t *x;
    const char *dir = test_tmpdir();
    mb_datapackage *dp;
    mb_system *sys;
    mb_lca *lca;
    mb_lca_result *r;
    double f[2];

    if (!test_shared_data())
        SKIP("../shared/data is absent");
    CHECK(sys_json);
    nt = triplets(json_object_get(sys_json, "technology_matrix_A"), 1, 1, tr,
                  tc, tv);
    nb = triplets(json_object_get(sys_json, "intervention_matrix_B"), 11, 1,
                  br, bc, bv);
    json_array_foreach(json_object_get(sys_json, "example_cf_vector_made_up"),
                       k, x) {
        cr[nc] = 11 + (int64_t)k;
        cc[nc] = 0;
        cv[nc++] = json_number_value(x);
    }
    {
        dp_group g[3] = {
            {"technosphere_matrix", "technosphere", NULL, nt, tr, tc, tv,
             NULL},
            {"biosphere_matrix", "biosphere", NULL, nb, br, bc, bv, NULL},
            {"characterization_matrix", "cf", "made up", nc, cr, cc, cv,
             NULL}};
        CHECK(dir && dp_write(dir, g, 3) == 0);
    }
    CHECK_OK(dp_load_system(dir, &dp, &sys));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    json_array_foreach(json_object_get(sys_json, "final_demand_f"), k, x)
        f[k] = json_number_value(x);
    CHECK_OK(mb_lca_calculate(&r, lca, f));
    json_array_foreach(json_object_get(sys_json, "expected_scaling_s"), k, x)
        CHECK_NEAR(r->supply[k], json_number_value(x), 1e-12);
    json_array_foreach(json_object_get(sys_json, "expected_inventory_g"), k,
                       x)
        CHECK_NEAR(r->inventory[k], json_number_value(x), 1e-12);
    CHECK_NEAR(r->scores[0],
               json_number_value(json_object_get(
                   sys_json, "expected_score_with_made_up_cf")),
               1e-12);
    mb_lca_result_free(r);
    mb_lca_free(lca);
    mb_system_free(sys);
    mb_datapackage_free(dp);
    json_decref(sys_json);
}

/* openLCA SelfLoopAnalysisTest, from ../shared/data/lca/olca_selfloop_test */
TEST(shared_openlca_selfloop_system_json)
{
    json_t *sys_json = load_case("lca/olca_selfloop_test/system.json");
    int64_t tr[8], tc[8];
    double tv[8], f[2] = {0, 0};
    int nt;
    json_t *exp, *scaling;
    const char *dir = test_tmpdir();
    mb_datapackage *dp;
    mb_system *sys;
    mb_lca *lca;
    mb_lca_result *r;

    if (!test_shared_data())
        SKIP("../shared/data is absent");
    CHECK(sys_json);
    nt = triplets(json_object_get(sys_json, "technology_matrix_A_rows_p1_p2"),
                  1, 1, tr, tc, tv);
    {
        dp_group g = {"technosphere_matrix", "technosphere", NULL, nt, tr, tc,
                      tv, NULL};
        CHECK(dir && dp_write(dir, &g, 1) == 0);
    }
    CHECK_OK(dp_load_system(dir, &dp, &sys));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    f[0] = json_number_value(
        json_object_get(json_object_get(sys_json, "demand"), "p1"));
    CHECK_OK(mb_lca_calculate(&r, lca, f));
    exp = json_object_get(sys_json, "expected");
    scaling = json_object_get(exp, "scaling_vector");
    CHECK_NEAR(r->supply[0],
               json_number_value(json_object_get(scaling, "p1")), 1e-10);
    CHECK_NEAR(r->supply[1],
               json_number_value(json_object_get(scaling, "p2")), 1e-10);
    mb_lca_result_free(r);
    mb_lca_free(lca);
    mb_system_free(sys);
    mb_datapackage_free(dp);
    json_decref(sys_json);
}

/* bw2calc's basic fixture as shipped (int32 indices, directory form). */
TEST(shared_bw2calc_basic_fixture_directory)
{
    const char *root = test_shared_data();
    char path[512];
    mb_datapackage *dp;
    mb_system *sys;
    mb_lca *lca;
    double f[2] = {1, 0}, s[2];

    if (!root)
        SKIP("../shared/data is absent");
    snprintf(path, sizeof path, "%s/lca/bw2calc_basic_fixture", root);
    CHECK_OK(mb_datapackage_open(&dp, path, 0));
    CHECK_OK(mb_system_from_datapackages(&sys, &dp, 1));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    CHECK_OK(mb_lca_solve(lca, f, s, NULL));
    CHECK_NEAR(s[0], 1.0, 1e-12);
    CHECK_NEAR(s[1], 0.5, 1e-12);
    mb_lca_free(lca);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}
