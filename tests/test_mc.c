/*
 * test_mc.c - Monte Carlo (mc.h): exact repetition without uncertainty,
 * agreement with first-order (delta method) propagation on the Heijungs &
 * Suh (2002) ch. 2 system, identical results for any thread count, the
 * iterative and refactorizing paths agreeing, singular samples stopped or
 * skipped, percentiles as numpy computes them, and GMRES.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "dp_builder.h"
#include "test.h"

/* Heijungs & Suh ch. 2 (dp_builder.h): s = [100, 2], score 148. */
static const double demand[2] = {1000, 0};

/* Give every nonzero of A and B a normal with relative sd ra and rb. */
static int set_normals(mb_system *sys, double ra, double rb)
{
    int64_t nA = mb_csc_nnz(sys->A), nB = mb_csc_nnz(sys->B), k;

    sys->A_uncertainty = calloc((size_t)nA, sizeof *sys->A_uncertainty);
    sys->B_uncertainty = calloc((size_t)nB, sizeof *sys->B_uncertainty);
    if (!sys->A_uncertainty || !sys->B_uncertainty)
        return -1;
    for (k = 0; k < nA; k++)
        sys->A_uncertainty[k] = (mb_lci_uncertainty){
            MB_DIST_NORMAL, {sys->A->x[k], ra * fabs(sys->A->x[k]), 0}};
    for (k = 0; k < nB; k++)
        sys->B_uncertainty[k] = (mb_lci_uncertainty){
            MB_DIST_NORMAL, {sys->B->x[k], rb * fabs(sys->B->x[k]), 0}};
    return 0;
}

static int run(mb_mc_result **r, const mb_system *sys, int64_t n, int threads,
               int iterative)
{
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    size_t m = 0;

    o.seed = 42;
    o.count = n;
    o.threads = threads;
    o.iterative = iterative;
    return mb_mc_run(r, sys, demand, 1, &m, 1, &o);
}

TEST(mc_without_uncertainty_repeats_the_deterministic_score_exactly)
{
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *r;
    mb_mc_summary s;
    int64_t i;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(run(&r, sys, 50, 2, 1));
    CHECK(r->sampled == 0);
    for (i = 0; i < 50; i++)
        CHECK(r->scores[i] == 148.0);
    CHECK_OK(mb_mc_summarize(r->scores, r->count, 1, &s));
    CHECK(s.mean == 148.0 && s.sd == 0.0 && s.p2_5 == 148.0);
    mb_mc_result_free(r);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/*
 * First-order propagation (the delta method; Heijungs 2010 gives the
 * coefficients): with independent normals of sd sigma_k on the entries,
 * var h ~ sum_k (dh/da_k)^2 sigma_k^2, with dh/dA_ij = -lambda_i s_j and
 * dh/dB_kj = c_k s_j. Here s = [100, 2] and lambda = A^-T B^T c =
 * [0.148, 0.14]. A's 1 % sd makes h's mean depart from 148 by O(1e-4)
 * relative (second order); 20,000 iterations put the Monte Carlo standard
 * error of the mean near 1.4e-4 relative and of the sd near 0.5 %.
 */
TEST(mc_agrees_with_first_order_propagation_on_heijungs_suh)
{
    const double lambda[2] = {0.148, 0.14}, s[2] = {100, 2}, c[3] = {1, 2, 0};
    const double ra = 0.01, rb = 0.10;
    const int64_t n = 20000;
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *r;
    mb_mc_summary sum;
    double var = 0, sd, se_mean, se_sd;
    int64_t j, k;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(set_normals(sys, ra, rb));
    for (j = 0; j < 2; j++) {
        for (k = sys->A->p[j]; k < sys->A->p[j + 1]; k++) {
            double d = -lambda[sys->A->i[k]] * s[j];

            var += d * d * pow(ra * sys->A->x[k], 2);
        }
        for (k = sys->B->p[j]; k < sys->B->p[j + 1]; k++) {
            double d = c[sys->B->i[k]] * s[j];

            var += d * d * pow(rb * sys->B->x[k], 2);
        }
    }
    sd = sqrt(var);
    CHECK_OK(run(&r, sys, n, 2, 1));
    CHECK(r->sampled == 7); /* B row 3 has no factor: not drawn */
    CHECK_OK(mb_mc_summarize(r->scores, r->count, 1, &sum));
    se_mean = sd / sqrt((double)n);
    se_sd = sd / sqrt(2.0 * (double)(n - 1));
    CHECK_MSG(fabs(sum.mean - 148.0) < 4 * se_mean + 148.0 * 2e-4,
              "mean %.6g vs 148 (se %.3g)", sum.mean, se_mean);
    CHECK_MSG(fabs(sum.sd - sd) < 4 * se_sd + sd * 0.01,
              "sd %.6g vs first-order %.6g (se %.3g)", sum.sd, sd, se_sd);
    mb_mc_result_free(r);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/*
 * Factors drawn too: normals of sd 10 % on the factors [1, 2, 0] of the
 * inventory g = [120, 14, -100] add g_k^2 sigma_k^2 = 144 + 7.84 to the
 * variance (dh/dc_k = g_k); with A and B fixed the score is linear in c,
 * so the mean is 148 within its standard error.
 */
TEST(mc_draws_characterization_factors)
{
    const double g[3] = {120, 14, -100};
    const int64_t n = 20000;
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *r;
    mb_mc_summary sum;
    double var = 0, sd;
    int k;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    sys->C_uncertainty = calloc(1, sizeof *sys->C_uncertainty);
    CHECK(sys->C_uncertainty != NULL);
    sys->C_uncertainty[0] = calloc(3, sizeof **sys->C_uncertainty);
    CHECK(sys->C_uncertainty[0] != NULL);
    for (k = 0; k < 3; k++) {
        double c = sys->methods[0].values[k];

        if (c != 0.0)
            sys->C_uncertainty[0][k] =
                (mb_lci_uncertainty){MB_DIST_NORMAL, {c, 0.1 * c, 0, 0}};
        var += pow(g[k] * 0.1 * c, 2);
    }
    sd = sqrt(var);
    CHECK_OK(run(&r, sys, n, 2, 1));
    CHECK(r->sampled == 2);
    CHECK_OK(mb_mc_summarize(r->scores, r->count, 1, &sum));
    CHECK_MSG(fabs(sum.mean - 148.0) < 4 * sd / sqrt((double)n),
              "mean %.6g vs 148", sum.mean);
    CHECK_MSG(fabs(sum.sd - sd) < 4 * sd / sqrt(2.0 * (double)(n - 1)),
              "sd %.6g vs %.6g", sum.sd, sd);
    /* the system's own factors are untouched */
    CHECK(sys->methods[0].values[0] == 1 && sys->methods[0].values[1] == 2);
    mb_mc_result_free(r);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

TEST(mc_refuses_invalid_distributions_unless_told)
{
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *r;
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    size_t m = 0;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    sys->invalid_distributions = 2;
    sys->invalid_distribution = strdup("process 'p' (p): exchange 'x' "
                                       "(input): geometric sd 0.5 below 1");
    CHECK(sys->invalid_distribution != NULL);
    o.count = 3;
    CHECK(mb_mc_run(&r, sys, demand, 1, &m, 1, &o) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "exchange 'x' (input): geometric sd 0.5 below 1 (2 "
                       "invalid distributions in all");
    o.keep_invalid = 1;
    CHECK_OK(mb_mc_run(&r, sys, demand, 1, &m, 1, &o));
    CHECK(r->scores[2] == 148.0);
    mb_mc_result_free(r);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

TEST(mc_same_seed_same_numbers_for_any_thread_count_and_split)
{
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *one, *two, *tail;
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    size_t m = 0;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(set_normals(sys, 0.05, 0.2));
    CHECK_OK(run(&one, sys, 400, 1, 1));
    CHECK_OK(run(&two, sys, 400, 2, 1));
    CHECK(memcmp(one->scores, two->scores, 400 * sizeof(double)) == 0);
    /* iterations 300..399 alone, as an MPI rank would compute them */
    o.seed = 42;
    o.first = 300;
    o.count = 100;
    CHECK_OK(mb_mc_run(&tail, sys, demand, 1, &m, 1, &o));
    CHECK(memcmp(one->scores + 300, tail->scores, 100 * sizeof(double)) == 0);
    mb_mc_result_free(one);
    mb_mc_result_free(two);
    mb_mc_result_free(tail);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

TEST(mc_iterative_and_refactorized_solves_agree)
{
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *it, *lu;
    int64_t i;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(set_normals(sys, 0.1, 0.1));
    CHECK_OK(run(&it, sys, 200, 1, 1));
    CHECK_OK(run(&lu, sys, 200, 1, 0));
    CHECK(it->iterative > 0 && lu->iterative == 0 && lu->refactorized == 200);
    for (i = 0; i < 200; i++)
        CHECK_NEAR(it->scores[i], lu->scores[i], 1e-7);
    mb_mc_result_free(it);
    mb_mc_result_free(lu);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

TEST(mc_singular_samples_stop_the_run_or_are_skipped)
{
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_result *r;
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    mb_mc_summary s;
    size_t m = 0;
    int64_t i;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(set_normals(sys, 0.0, 0.0));
    /* the second product's production: always drawn as 0 */
    sys->A_uncertainty[2] = (mb_lci_uncertainty){MB_DIST_UNIFORM, {0, 0, 0}};
    o.seed = 1;
    o.first = 7;
    o.count = 20;
    o.threads = 2;
    CHECK(mb_mc_run(&r, sys, demand, 1, &m, 1, &o) == MB_ESINGULAR);
    CHECK(strstr(mb_error_last()->message, "iteration 7:") != NULL);
    o.skip_singular = 1;
    CHECK_OK(mb_mc_run(&r, sys, demand, 1, &m, 1, &o));
    CHECK(r->singular == 20 && r->first_singular == 7);
    for (i = 0; i < 20; i++)
        CHECK(isnan(r->scores[i]));
    CHECK_OK(mb_mc_summarize(r->scores, r->count, 1, &s));
    CHECK(s.n == 0 && isnan(s.mean));
    mb_mc_result_free(r);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/* numpy.percentile([4, 1, 3, 2], [2.5, 25, 50, 97.5]) = 1.075, 1.75, 2.5,
 * 3.925 (linear interpolation, numpy's default); NaNs are left out. */
TEST(mc_summary_matches_numpy_percentiles)
{
    const double x[] = {4, NAN, 1, 3, 2};
    mb_mc_summary s;

    CHECK_OK(mb_mc_summarize(x, 5, 1, &s));
    CHECK(s.n == 4);
    CHECK_NEAR(s.mean, 2.5, 1e-15);
    CHECK_NEAR(s.sd, sqrt(5.0 / 3.0), 1e-15);
    CHECK_NEAR(s.p2_5, 1.075, 1e-15);
    CHECK_NEAR(s.p25, 1.75, 1e-15);
    CHECK_NEAR(s.median, 2.5, 1e-15);
    CHECK_NEAR(s.p97_5, 3.925, 1e-15);
    CHECK(s.min == 1 && s.max == 4);
}

/* GMRES with the factors of A as preconditioner solves a perturbed A. */
TEST(gmres_preconditioned_by_a_nearby_matrix)
{
    const int64_t n = 60;
    mb_coo *t;
    mb_csc *a, *b;
    mb_lu *lu;
    mb_gmres_work *w;
    double x[60], rhs[60], ax[60];
    int64_t k;
    int steps;

    CHECK_OK(mb_coo_new(&t, n, n, 3 * n));
    for (k = 0; k < n; k++) {
        CHECK_OK(mb_coo_push(t, k, k, 1.0));
        CHECK_OK(mb_coo_push(t, (k + 1) % n, k, -0.4));
        CHECK_OK(mb_coo_push(t, (k * 7 + 3) % n, k, -0.3));
    }
    CHECK_OK(mb_csc_from_coo(&a, t));
    CHECK_OK(mb_csc_copy(&b, a));
    for (k = 0; k < mb_csc_nnz(b); k++)
        b->x[k] *= 1.0 + 0.2 * sin((double)k);
    CHECK_OK(mb_lu_factor(&lu, a, MB_SOLVER_KLU, NULL));
    CHECK_OK(mb_gmres_work_new(&w, n, 40));
    for (k = 0; k < n; k++) {
        rhs[k] = 1.0 + (double)(k % 5);
        x[k] = 0.0;
    }
    CHECK(mb_lu_gmres(lu, b, rhs, x, 1e-12, 80, w, &steps) == 0);
    CHECK(steps > 0 && steps <= 80);
    mb_csc_gemv(b, 1.0, x, 0.0, ax);
    for (k = 0; k < n; k++)
        CHECK_NEAR(ax[k], rhs[k], 1e-10);
    mb_gmres_work_free(w);
    mb_lu_free(lu);
    mb_csc_free(a);
    mb_csc_free(b);
    mb_coo_free(t);
}

/*
 * A 120-product system with loops (each activity buys 0.3 of the next and
 * 0.2 of one seven further on, cyclically), large enough for KLU: the
 * refactorization that keeps the mean system's pivot order, GMRES and a
 * fresh factorization give the same scores, and two threads repeat one.
 */
TEST(mc_on_a_klu_sized_system_paths_and_threads_agree)
{
    enum { N = 120 };
    int64_t tr[3 * N], tc[3 * N], br[N], bc[N], cr[N], cc[N];
    double tv[3 * N], bv[N], cv[N], f[N] = {0};
    dp_group g[3] = {
        {"technosphere_matrix", "technosphere", NULL, 3 * N, tr, tc, tv,
         NULL},
        {"biosphere_matrix", "biosphere", NULL, N, br, bc, bv, NULL},
        {"characterization_matrix", "cf", "ring/cf", N, cr, cc, cv, NULL}};
    const char *dir = test_tmpdir();
    mb_datapackage *dp;
    mb_system *sys;
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    mb_mc_result *gm, *lu, *two;
    size_t m = 0;
    int k;

    for (k = 0; k < N; k++) {
        tr[3 * k] = k + 1, tc[3 * k] = k + 1, tv[3 * k] = 1.0;
        tr[3 * k + 1] = (k + 1) % N + 1, tc[3 * k + 1] = k + 1;
        tv[3 * k + 1] = -0.3;
        tr[3 * k + 2] = (k + 7) % N + 1, tc[3 * k + 2] = k + 1;
        tv[3 * k + 2] = -0.2;
        br[k] = 1000 + k, bc[k] = k + 1, bv[k] = 1.0 + k % 5;
        cr[k] = 1000 + k, cc[k] = 0, cv[k] = 1.0;
    }
    CHECK(dir && dp_write(dir, g, 3) == 0);
    CHECK_OK(dp_load_system(dir, &dp, &sys));
    CHECK(sys->nproducts == N);
    CHECK_OK(set_normals(sys, 0.15, 0.1));
    f[0] = 1.0;
    o.seed = 5;
    o.count = 60;
    CHECK_OK(mb_mc_run(&gm, sys, f, 1, &m, 1, &o));
    o.iterative = 0;
    CHECK_OK(mb_mc_run(&lu, sys, f, 1, &m, 1, &o));
    o.threads = 2;
    CHECK_OK(mb_mc_run(&two, sys, f, 1, &m, 1, &o));
    CHECK(gm->iterative == 60 && lu->refactorized == 60);
    CHECK(memcmp(lu->scores, two->scores, 60 * sizeof(double)) == 0);
    for (k = 0; k < 60; k++)
        CHECK_NEAR(gm->scores[k], lu->scores[k], 1e-7);
    mb_mc_result_free(gm);
    mb_mc_result_free(lu);
    mb_mc_result_free(two);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/*
 * The same agreement on Brightway's multi-LCA fixture (tests/fixtures/
 * bw2calc, ../shared/data/lca/bw2calc_multi_lca_simple): normals of
 * relative sd 1 % on A and 10 % on B, one unit of product 100 (scores 11
 * and 30); the first-order variance sum_k (dh/da_k)^2 sigma_k^2 from the
 * local sensitivity coefficients (mb_sensitivity_local, Heijungs 2010).
 */
TEST(mc_agrees_with_first_order_propagation_on_bw2calc_multi_lca)
{
    static const char *paths[5] = {
        "tests/fixtures/bw2calc/multi_lca_simple_1.zip",
        "tests/fixtures/bw2calc/multi_lca_simple_2.zip",
        "tests/fixtures/bw2calc/multi_lca_simple_3.zip",
        "tests/fixtures/bw2calc/multi_lca_simple_4.zip",
        "tests/fixtures/bw2calc/multi_lca_simple_5.zip"};
    const int64_t n = 20000;
    mb_datapackage *dps[5] = {0};
    mb_system *sys = NULL;
    mb_lca *lca = NULL;
    mb_mc_options o = MB_MC_OPTIONS_INIT;
    mb_mc_result *r = NULL;
    double *f;
    size_t m;
    int k;

    for (k = 0; k < 5; k++)
        CHECK_OK(mb_datapackage_open(&dps[k], paths[k], 0));
    CHECK_OK(mb_system_from_datapackages(&sys, dps, 5));
    CHECK_OK(set_normals(sys, 0.01, 0.10));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    f = calloc((size_t)sys->nproducts, sizeof *f);
    CHECK(f != NULL);
    f[mb_system_product_index(sys, 100)] = 1.0;
    o.seed = 11;
    o.count = n;
    for (m = 0; m < sys->nmethods; m++) {
        mb_sensitivity *s = NULL;
        mb_mc_summary sum;
        double var = 0, sd, h;
        int64_t q;

        CHECK_OK(mb_sensitivity_local(&s, lca, f, m));
        h = s->score;
        for (q = 0; q < s->nA; q++)
            var += pow(s->dA[q] * 0.01 * sys->A->x[q], 2);
        for (q = 0; q < s->nB; q++)
            var += pow(s->dB[q] * 0.10 * sys->B->x[q], 2);
        sd = sqrt(var);
        CHECK_OK(mb_mc_run(&r, sys, f, 1, &m, 1, &o));
        CHECK_OK(mb_mc_summarize(r->scores, r->count, 1, &sum));
        CHECK_MSG(fabs(sum.mean - h) < 4 * sd / sqrt((double)n) + 2e-4 * h,
                  "method %zu: mean %.6g vs %.6g", m, sum.mean, h);
        CHECK_MSG(fabs(sum.sd - sd) < 4 * sd / sqrt(2.0 * (double)n) +
                                          0.01 * sd,
                  "method %zu: sd %.6g vs first-order %.6g", m, sum.sd, sd);
        mb_mc_result_free(r);
        mb_sensitivity_free(s);
    }
    free(f);
    mb_lca_free(lca);
    mb_system_free(sys);
    for (k = 0; k < 5; k++)
        mb_datapackage_free(dps[k]);
}
