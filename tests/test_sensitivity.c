/*
 * test_sensitivity.c - local sensitivity coefficients (sensitivity.h)
 * against central finite differences and a hand calculation, the ranking
 * and its identities, and the global measures of gsa.h on synthetic data
 * whose answer is known.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <metabol/metabol.h>

#include "dp_builder.h"
#include "test.h"

#define FIX "tests/fixtures/bw2calc/"

/* The score of method m for demand f on sys as it is now (refactorized). */
static double score_now(const mb_system *sys, const double *f, size_t m)
{
    mb_lca *lca = NULL;
    double *s = calloc((size_t)sys->nactivities, sizeof *s);
    double *g = calloc((size_t)sys->nflows, sizeof *g);
    double h = NAN;

    if (s && g && mb_lca_new(&lca, sys, NULL) == 0 &&
        mb_lca_solve(lca, f, s, NULL) == 0) {
        mb_lca_inventory(sys, s, g);
        h = mb_lca_score(sys, m, g);
    }
    mb_lca_free(lca);
    free(s);
    free(g);
    return h;
}

/* (h(a + d) - h(a - d)) / 2d with d = 1e-6 max(|a|, 1), a restored. */
static double central_difference(const mb_system *sys, double *a,
                                 const double *f, size_t m)
{
    double keep = *a, d = 1e-6 * (fabs(keep) > 1 ? fabs(keep) : 1), up, dn;

    *a = keep + d;
    up = score_now(sys, f, m);
    *a = keep - d;
    dn = score_now(sys, f, m);
    *a = keep;
    return (up - dn) / (2 * d);
}

/*
 * Every coefficient of A, B and c of method m equals its central
 * difference to 1e-6 relative (1e-9 of h / max(|a|, 1) absolute, for the
 * coefficients that are exactly 0, as an entry whose flow has no factor).
 * Returns the number of entries that disagree.
 */
static int check_against_differences(mb_system *sys, const double *f,
                                     size_t m)
{
    mb_lca *lca = NULL;
    mb_sensitivity *s = NULL;
    int64_t k, bad = 0;
    double h;

    if (mb_lca_new(&lca, sys, NULL) < 0 ||
        mb_sensitivity_local(&s, lca, f, m) < 0) {
        mb_lca_free(lca);
        return -1;
    }
    mb_lca_free(lca); /* the differences refactorize on their own */
    h = fabs(s->score);
#define AGREES(an, a_ptr)                                                    \
    do {                                                                     \
        double fd_ = central_difference(sys, (a_ptr), f, m), an_ = (an);     \
        double sc_ = fabs(*(a_ptr)) > 1 ? fabs(*(a_ptr)) : 1;                \
        if (!(fabs(fd_ - an_) <=                                             \
              1e-6 * fmax(fabs(an_), fabs(fd_)) + 1e-9 * h / sc_)) {         \
            fprintf(stderr, "  coefficient %.17g, difference %.17g\n", an_,  \
                    fd_);                                                    \
            bad++;                                                           \
        }                                                                    \
    } while (0)
    for (k = 0; k < s->nA; k++)
        AGREES(s->dA[k], &sys->A->x[k]);
    for (k = 0; k < s->nB; k++)
        AGREES(s->dB[k], &sys->B->x[k]);
    for (k = 0; k < sys->nflows; k++)
        AGREES(s->dc[k], &sys->methods[m].values[k]);
#undef AGREES
    mb_sensitivity_free(s);
    return (int)bad;
}

/* Heijungs & Suh ch. 2 (dp_builder.h): h = 148 for f = [1000, 0]. */
TEST(local_coefficients_equal_central_differences_heijungs_suh)
{
    mb_datapackage *dp = NULL;
    mb_system *sys = NULL;
    double f[2] = {1000, 0};

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK(check_against_differences(sys, f, 0) == 0);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/* Each top k of s is the first k of the whole ranking (the selection
 * of the top k agrees with the full sort); the number that disagree. */
static int tops_are_prefixes(const mb_sensitivity *s, const mb_system *sys)
{
    mb_sens_ranking *all = NULL, *top = NULL;
    int64_t k, q;
    int bad = 0;

    if (mb_sensitivity_rank(&all, s, sys, INT64_MAX, 0) < 0)
        return -1;
    for (k = 0; k <= all->n; k++) {
        if (mb_sensitivity_rank(&top, s, sys, k, 0) < 0 || top->n != k) {
            bad++;
        } else {
            for (q = 0; q < k; q++)
                bad += top->entries[q].matrix != all->entries[q].matrix ||
                       top->entries[q].pos != all->entries[q].pos;
        }
        mb_sens_ranking_free(top);
        top = NULL;
    }
    mb_sens_ranking_free(all);
    return bad;
}

/* bw2calc's multi-LCA fixture (6 activities, 2 methods): every entry of
 * both methods, for a demand on two products at once; every top k. */
TEST(local_coefficients_equal_central_differences_multi_lca)
{
    static const char *paths[5] = {
        FIX "multi_lca_simple_1.zip", FIX "multi_lca_simple_2.zip",
        FIX "multi_lca_simple_3.zip", FIX "multi_lca_simple_4.zip",
        FIX "multi_lca_simple_5.zip"};
    mb_datapackage *dps[5] = {0};
    mb_system *sys = NULL;
    double *f;
    size_t m;
    int k;

    for (k = 0; k < 5; k++)
        CHECK_OK(mb_datapackage_open(&dps[k], paths[k], 0));
    CHECK_OK(mb_system_from_datapackages(&sys, dps, 5));
    CHECK(sys->nmethods == 2 && mb_csc_nnz(sys->A) > sys->nactivities);
    f = calloc((size_t)sys->nproducts, sizeof *f);
    f[mb_system_product_index(sys, 105)] = 3;
    f[mb_system_product_index(sys, 103)] = 2;
    for (m = 0; m < sys->nmethods; m++) {
        mb_lca *lca = NULL;
        mb_sensitivity *s = NULL;
        int bad;

        CHECK(check_against_differences(sys, f, m) == 0);
        CHECK_OK(mb_lca_new(&lca, sys, NULL));
        CHECK_OK(mb_sensitivity_local(&s, lca, f, m));
        bad = tops_are_prefixes(s, sys);
        mb_sensitivity_free(s);
        mb_lca_free(lca);
        CHECK(bad == 0);
    }
    free(f);
    mb_system_free(sys);
    for (k = 0; k < 5; k++)
        mb_datapackage_free(dps[k]);
}

/*
 * By hand for Heijungs & Suh: A^T lambda = B^T c = [1.2, 14] gives
 * lambda = [0.148, 0.14] (lambda . f = 148 = h), so dh/dA_11 =
 * -0.148 * 100 = -14.8 (ratio -14.8 * 10 / 148 = -1), dh/dA_21 =
 * -0.14 * 100 = -14 (ratio 28 / 148), dh/dB_11,1 = c_11 s_1 = 100 (ratio
 * 100 / 148), dh/dc_11 = g_11 = 120 (ratio 120 / 148). Ranked by |ratio|:
 * A_11, c_11, B_11,1; the flow without a factor has no effect and is left
 * out. The ratios of c sum to 1 and those of B to 1 (h is linear in each),
 * those of A to -1 (h is homogeneous of degree -1 in A), and those of one
 * activity's column of A and B to 0 (scaling an activity changes nothing).
 */
TEST(local_ratios_by_hand_ranked_and_their_identities)
{
    mb_datapackage *dp = NULL;
    mb_system *sys = NULL;
    mb_lca *lca = NULL;
    mb_sensitivity *s = NULL;
    mb_sens_ranking *r = NULL, *top = NULL, *at = NULL, *bad = NULL;
    double f[2] = {1000, 0}, sum[3] = {0, 0, 0}, col[2] = {0, 0};
    mb_sens_matrix which[2] = {MB_SENS_B, MB_SENS_A};
    int64_t pos[2] = {0, 1}, k;

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    CHECK_OK(mb_sensitivity_local(&s, lca, f, 0));
    CHECK_NEAR(s->score, 148, 1e-14);
    CHECK_NEAR(s->dA[0], -14.8, 1e-14); /* A_11 (CSC position 0) */
    CHECK_NEAR(s->dA[1], -14.0, 1e-14); /* A_21 */
    CHECK_NEAR(s->dB[0], 100, 1e-14);   /* B_11,1 */
    CHECK_NEAR(s->dc[0], 120, 1e-14);
    CHECK_OK(mb_sensitivity_rank(&r, s, sys, 1000, 0));
    CHECK(r->n == 3 + 4 + 2); /* B_13,2 and c_13 have no effect */
    CHECK(r->entries[0].matrix == MB_SENS_A && r->entries[0].row == 0 &&
          r->entries[0].col == 0);
    CHECK_NEAR(r->entries[0].ratio, -1, 1e-14);
    CHECK(r->entries[1].matrix == MB_SENS_C && r->entries[1].row == 0 &&
          r->entries[1].col == -1);
    CHECK_NEAR(r->entries[1].ratio, 120.0 / 148, 1e-14);
    CHECK(r->entries[2].matrix == MB_SENS_B && r->entries[2].pos == 0);
    CHECK_NEAR(r->entries[2].ratio, 100.0 / 148, 1e-14);
    for (k = 1; k < r->n; k++)
        CHECK(fabs(r->entries[k].ratio) <= fabs(r->entries[k - 1].ratio));
    for (k = 0; k < r->n; k++) {
        const mb_sens_entry *e = &r->entries[k];

        sum[e->matrix] += e->ratio;
        if (e->matrix != MB_SENS_C)
            col[e->col] += e->ratio;
    }
    CHECK_NEAR(sum[MB_SENS_A], -1, 1e-14);
    CHECK_NEAR(sum[MB_SENS_B], 1, 1e-14);
    CHECK_NEAR(sum[MB_SENS_C], 1, 1e-14);
    CHECK(fabs(col[0]) < 1e-14 && fabs(col[1]) < 1e-14);
    /* --top */
    CHECK_OK(mb_sensitivity_rank(&top, s, sys, 2, 0));
    CHECK(top->n == 2 && top->entries[1].matrix == MB_SENS_C);
    /* entries by place, in the order asked */
    CHECK_OK(mb_sensitivity_entries(&at, s, sys, which, pos, 2));
    CHECK(at->n == 2 && at->entries[0].matrix == MB_SENS_B &&
          at->entries[1].matrix == MB_SENS_A && at->entries[1].row == 1);
    CHECK_NEAR(at->entries[1].coefficient, -14.0, 1e-14);
    pos[1] = 3; /* A has 3 nonzeros */
    CHECK(mb_sensitivity_entries(&bad, s, sys, which, pos, 2) == MB_EINVAL &&
          bad == NULL);
    mb_sens_ranking_free(at);
    mb_sens_ranking_free(top);
    mb_sens_ranking_free(r);
    mb_sensitivity_free(s);
    mb_lca_free(lca);
    mb_system_free(sys);
    mb_datapackage_free(dp);
}

/*
 * MB_SENS_UNCERTAIN ranks only the entries with a distribution: with
 * one on A_21 and one on B_12,2 (set here by hand), just those two,
 * A_21 first (|ratio| 28/148 > 8/148). Without a table, none.
 */
TEST(local_ranking_of_uncertain_entries)
{
    mb_datapackage *dp = NULL;
    mb_system *sys = NULL;
    mb_lca *lca = NULL;
    mb_sensitivity *s = NULL;
    mb_sens_ranking *r = NULL;
    double f[2] = {1000, 0};

    CHECK_OK(dp_load_heijungs_suh(&dp, &sys));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    CHECK_OK(mb_sensitivity_local(&s, lca, f, 0));
    CHECK_OK(mb_sensitivity_rank(&r, s, sys, 10, MB_SENS_UNCERTAIN));
    CHECK(r->n == 0);
    mb_sens_ranking_free(r);
    sys->A_uncertainty = calloc(3, sizeof *sys->A_uncertainty);
    sys->B_uncertainty = calloc(5, sizeof *sys->B_uncertainty);
    CHECK(sys->A_uncertainty && sys->B_uncertainty);
    sys->A_uncertainty[1].type = MB_DIST_NORMAL; /* A_21 */
    sys->B_uncertainty[3].type = MB_DIST_NORMAL; /* B_12,2 */
    CHECK_OK(mb_sensitivity_rank(&r, s, sys, 10, MB_SENS_UNCERTAIN));
    CHECK(r->n == 2);
    CHECK(r->entries[0].matrix == MB_SENS_A && r->entries[0].pos == 1);
    CHECK_NEAR(r->entries[0].ratio, 28.0 / 148, 1e-14);
    CHECK(r->entries[1].matrix == MB_SENS_B && r->entries[1].pos == 3);
    CHECK_NEAR(r->entries[1].ratio, 8.0 / 148, 1e-14);
    mb_sens_ranking_free(r);
    mb_sensitivity_free(s);
    mb_lca_free(lca);
    mb_system_free(sys); /* frees the tables */
    mb_datapackage_free(dp);
}

/* ---- global measures -------------------------------------------------- */

/* n rows of k independent standard normals (seed 7, stream = row). */
static double *normals(int64_t n, size_t k)
{
    double *x = malloc((size_t)n * k * sizeof *x);
    int64_t r;
    size_t i;

    for (r = 0; x && r < n; r++) {
        mb_random g;

        mb_random_init(&g, 7, (uint64_t)r);
        for (i = 0; i < k; i++)
            x[(size_t)r * k + i] = mb_random_normal(&g);
    }
    return x;
}

/* The measures of y = f(x1, x2) over n rows of independent normals. */
static mb_gsa_result *gsa_of(double (*f)(double, double), int64_t n)
{
    double *x = normals(n, 2), *y = malloc((size_t)n * sizeof *y);
    mb_gsa_result *g = NULL;
    int64_t r;

    for (r = 0; x && y && r < n; r++)
        y[r] = f(x[2 * r], x[2 * r + 1]);
    if (x && y && mb_gsa_run(&g, x, y, n, 2) < 0)
        g = NULL;
    free(x);
    free(y);
    return g;
}

static double linear(double x1, double x2) { return 2 * x1 + x2; }
static double exp_x1(double x1, double x2) { return exp(x1) + 0 * x2; }
static double square_x1(double x1, double x2) { return x1 * x1 + 0 * x2; }

/*
 * y = 2 x1 + x2 with independent standard normals: Var(y) = 5, so
 * SRC^2 = 4/5 and 1/5 (R^2 = 1: the model is linear), and the
 * first-order Sobol indices of a linear model equal them; the sampling
 * error of each is about 1/sqrt(n) = 0.007, hence 0.02.
 */
TEST(gsa_linear_model_src2_and_sobol)
{
    mb_gsa_result *g = gsa_of(linear, 20000);

    CHECK(g);
    CHECK(g->n == 20000 && g->k == 2);
    CHECK_NEAR(g->r2, 1, 1e-12);
    CHECK(fabs(g->src2[0] - 0.8) < 0.02 && fabs(g->src2[1] - 0.2) < 0.02);
    CHECK(g->src[0] > 0 && g->src[1] > 0);
    CHECK_NEAR(g->src2[0] + g->src2[1], 1, 0.01);
    CHECK(g->sobol_classes == 141); /* floor(sqrt(20000)) */
    CHECK(fabs(g->sobol[0] - 0.8) < 0.02 && fabs(g->sobol[1] - 0.2) < 0.02);
    /* Spearman of a linear model with normal inputs: (6/pi)
     * asin(rho/2), rho = 2/sqrt(5) -> 0.8855 and 1/sqrt(5) -> 0.4307
     * (Kruskal 1958, "Ordinal measures of association", JASA 53:814) */
    CHECK(fabs(g->spearman[0] - 0.8855) < 0.02);
    CHECK(fabs(g->spearman[1] - 0.4307) < 0.02);
    mb_gsa_result_free(g);
}

/*
 * y = exp(x1): a monotone transform of x1, so Spearman's rho of x1 is
 * exactly 1; y = x1^2 is not monotone: no linear or rank correlation (0
 * in expectation), but E[y | x1] = y, so S_1 = 1. The estimate sees
 * E[y | class of x1]: the means of x^2 over 70 classes of equal
 * probability of a standard normal hold 0.9504 of Var(x^2) = 2 (from the
 * partial moments, int x^2 phi = Phi - x phi), the rest lies inside the
 * classes (mostly the two tails), so S_1 is 0.950 up to sampling error.
 */
TEST(gsa_rank_correlation_and_sobol_of_nonlinear_models)
{
    mb_gsa_result *g = gsa_of(exp_x1, 5000);

    CHECK(g);
    CHECK_NEAR(g->spearman[0], 1, 1e-12);
    CHECK(fabs(g->spearman[1]) < 0.05);
    CHECK(g->r2 < 0.9); /* exp is not linear */
    mb_gsa_result_free(g);
    g = gsa_of(square_x1, 5000);
    CHECK(g);
    CHECK(g->src2[0] < 0.01 && fabs(g->spearman[0]) < 0.05);
    CHECK(g->sobol_classes == 70);
    CHECK(fabs(g->sobol[0] - 0.9504) < 0.03 && fabs(g->sobol[1]) < 0.02);
    mb_gsa_result_free(g);
}

/*
 * Ties share their average rank: x = [1, 2, 2, 3], y = [1, 2, 3, 4]
 * ranks x as [1, 2.5, 2.5, 4], and Pearson's r of the ranks is
 * 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10) (as scipy.stats.spearmanr gives).
 * Too few samples for a Sobol estimate: NaN and 0 classes.
 */
TEST(gsa_ties_share_their_average_rank)
{
    const double x[4] = {1, 2, 2, 3}, y[4] = {1, 2, 3, 4};
    mb_gsa_result *g = NULL;

    CHECK_OK(mb_gsa_run(&g, x, y, 4, 1));
    CHECK_NEAR(g->spearman[0], 3 / sqrt(10), 1e-14);
    CHECK(isnan(g->sobol[0]) && g->sobol_classes == 0);
    mb_gsa_result_free(g);
}

/*
 * Rows with a NaN output (skipped Monte Carlo iterations) or input are
 * left out; an input that does not vary gets 0; too few rows and an
 * output that does not vary (beyond rounding) are errors. The classes: none below 500
 * samples, then min(floor(sqrt(n)), n / 50).
 */
TEST(gsa_skips_nan_rows_and_refuses_what_it_cannot_estimate)
{
    int64_t n = 600, r;
    double *x = normals(n, 2), *y = malloc((size_t)n * sizeof *y);
    mb_gsa_result *g = NULL;

    CHECK(x && y);
    for (r = 0; r < n; r++) {
        x[2 * r + 1] = 5; /* constant */
        y[r] = r % 10 == 0 ? NAN : 3 * x[2 * r] + 1;
    }
    x[2 * 7] = INFINITY;
    CHECK_OK(mb_gsa_run(&g, x, y, n, 2));
    CHECK(g->n == 600 - 60 - 1);
    CHECK_NEAR(g->src2[0], 1, 1e-12);
    CHECK(g->src2[1] == 0 && g->spearman[1] == 0 && g->sobol[1] == 0);
    CHECK(g->sobol_classes == 10); /* 539 samples: min(23, 10) */
    mb_gsa_result_free(g);
    CHECK(mb_gsa_run(&g, x, y, 3, 2) == MB_EINVAL && g == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "needs at least 4");
    for (r = 0; r < n; r++)
        y[r] = 2;
    CHECK(mb_gsa_run(&g, x, y, n, 2) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "does not vary");
    /* rounding of solves is no spread either (MB_GSA_NO_SPREAD) */
    for (r = 0; r < n; r++)
        y[r] = 21.04 + (r % 3 ? 0 : 3.5e-15);
    CHECK(mb_gsa_run(&g, x, y, n, 2) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "does not vary");
    CHECK(mb_gsa_sobol_classes(499) == 0);
    CHECK(mb_gsa_sobol_classes(500) == 10);
    CHECK(mb_gsa_sobol_classes(1000) == 20);
    CHECK(mb_gsa_sobol_classes(2500) == 50);
    CHECK(mb_gsa_sobol_classes(10000) == 100);
    free(x);
    free(y);
}
