/*
 * test_uncertainty.c - distributions as values (lci.h: what is wrong with
 * an invalid one, how one reads, its mean and variance, k X), Brightway's
 * stats_arrays encodings both ways, and systems from datapackages keeping
 * their entries' distributions.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <metabol/metabol.h>

#include "system_dists.h"
#include "test.h"

#define U(type, a, b, c, d) {MB_DIST_##type, {a, b, c, d}}

/* Valid distributions of each kind, plain and mirrored. */
static const mb_lci_uncertainty valid[] = {
    U(LOGNORMAL, 2, 1.5, 0, 0),   U(LOGNORMAL, -2, 1, 0, 0),
    U(NORMAL, 10, 2, 0, 0),       U(NORMAL, 1, 0, 0, 0),
    U(TRIANGLE, 1, 2, 5, 0),      U(TRIANGLE, 1, 1, 1, 0),
    U(UNIFORM, -1, 3, 0, 0),      U(WEIBULL, 1, 2, 1.5, 0),
    U(WEIBULL, 0.5, 3, 0.7, 1),   U(GAMMA, -1, 3, 2.5, 0),
    U(GAMMA, 0, 2, 0.4, 1),       U(BETA, 2, 5, 10, 20),
    U(BETA, 0.5, 0.5, -3, -1)};

/*
 * Each way a distribution describes none, in the words the Monte Carlo
 * command shows: a zero geometric mean, a geometric sd below 1, missing
 * and infinite parameters, a negative sd, bounds out of order, a mode
 * outside them, a negative or zero scale, a shape not above 0, a flag
 * that is neither 0 nor 1, an unknown type.
 */
TEST(check_names_what_is_wrong)
{
    static const struct {
        mb_lci_uncertainty u;
        const char *why;
    } bad[] = {
        {U(LOGNORMAL, 0, 1.5, 0, 0),
         "lognormal on a zero amount (geometric mean 0)"},
        {U(LOGNORMAL, 2, 0.5, 0, 0), "geometric sd 0.5 below 1"},
        {U(LOGNORMAL, 2, NAN, 0, 0), "geometric sd missing or not a number"},
        {U(LOGNORMAL, 2, INFINITY, 0, 0), "geometric sd infinite"},
        {U(NORMAL, 1, -2, 0, 0), "negative standard deviation -2"},
        {U(TRIANGLE, 3, 2.5, 2, 0), "minimum 3 above maximum 2"},
        {U(TRIANGLE, 1, 4, 3, 0), "mode 4 outside [1, 3]"},
        {U(UNIFORM, 3, 2, 0, 0), "minimum 3 above maximum 2"},
        {U(WEIBULL, 0, -2, 1.5, 0), "negative scale -2"},
        {U(GAMMA, 0, 0, 1, 0), "scale 0 (expected above 0)"},
        {U(GAMMA, 0, 1, 0, 0), "shape 0 (expected above 0)"},
        {U(WEIBULL, 0, 1, 1, 0.5), "negative flag 0.5 (expected 0 or 1)"},
        {U(BETA, -1, 2, 0, 1), "alpha -1 (expected above 0)"},
        {U(BETA, 1, 0, 0, 1), "beta 0 (expected above 0)"},
        {U(BETA, 1, 2, 3, 2), "minimum 3 not below maximum 2"},
        {{(mb_distribution)99, {0, 0, 0, 0}}, "unknown distribution type 99"}};
    mb_lci_uncertainty none = U(NONE, 0, 0, 0, 0);
    char why[160];
    size_t k;

    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        CHECK(mb_lci_uncertainty_check(&bad[k].u, why, sizeof why) ==
              MB_EINVAL);
        CHECK_MSG(!strcmp(why, bad[k].why), "case %zu: '%s'", k, why);
    }
    for (k = 0; k < sizeof valid / sizeof valid[0]; k++)
        CHECK_MSG(mb_lci_uncertainty_check(&valid[k], why, sizeof why) == 0,
                  "valid %zu: %s", k, why);
    CHECK(mb_lci_uncertainty_check(&none, why, sizeof why) == 0);
    CHECK(mb_lci_uncertainty_check(NULL, NULL, 0) == 0);
    CHECK(mb_distribution_nparams(MB_DIST_TRIANGLE) == 3 &&
          mb_distribution_nparams(MB_DIST_BETA) == 4 &&
          mb_distribution_nparams(MB_DIST_NONE) == 0);
}

TEST(describe_reads_as_a_user_says_it)
{
    static const struct {
        mb_lci_uncertainty u;
        const char *text;
    } cases[] = {
        {U(LOGNORMAL, 2, 1.5, 0, 0),
         "lognormal (geometric mean 2, geometric sd 1.5)"},
        {U(TRIANGLE, 1, 2, 3, 0), "triangular (minimum 1, mode 2, maximum 3)"},
        {U(WEIBULL, 1, 2, 1.5, 1),
         "Weibull (loc 1, scale 2, shape 1.5, negative)"},
        {U(GAMMA, 0, 3, 2.5, 0), "gamma (loc 0, scale 3, shape 2.5)"},
        {U(BETA, 2, 5, 10, 20),
         "beta (alpha 2, beta 5, minimum 10, maximum 20)"}};
    char text[200];
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mb_lci_uncertainty_describe(&cases[k].u, text, sizeof text);
        CHECK_MSG(!strcmp(text, cases[k].text), "'%s'", text);
    }
    mb_lci_uncertainty_describe(&cases[4].u, text, 8); /* truncated */
    CHECK(!strcmp(text, "beta (a"));
}

/*
 * Means and variances against SciPy 1.10.1 (scipy.stats.<dist>.stats
 * 'mv'): lognorm(s=ln 1.5, scale=2), weibull_min(1.5, loc=1, scale=2),
 * gamma(2.5, loc=-1, scale=3), beta(2, 5, loc=10, scale=10),
 * triang(c=0.25, loc=1, scale=4); and a mirrored gamma's mean is minus
 * the plain one's.
 */
TEST(moments_match_scipy)
{
    static const struct {
        mb_lci_uncertainty u;
        double mean, var;
    } cases[] = {
        {U(LOGNORMAL, 2, 1.5, 0, 0), 2.1713479666940967, 0.8424695951503269},
        {U(WEIBULL, 1, 2, 1.5, 0), 2.8054905859018673, 1.5027611392557279},
        {U(GAMMA, -1, 3, 2.5, 0), 6.5, 22.5},
        {U(GAMMA, -1, 3, 2.5, 1), -6.5, 22.5},
        {U(BETA, 2, 5, 10, 20), 12.857142857142858, 2.5510204081632653},
        {U(TRIANGLE, 1, 2, 5, 0), 2.666666666666667, 0.7222222222222222},
        {U(UNIFORM, -1, 3, 0, 0), 1, 16.0 / 12},
        {U(NORMAL, 10, 2, 0, 0), 10, 4}};
    mb_lci_uncertainty bad = U(NORMAL, 1, -1, 0, 0);
    double m, v;
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        CHECK_OK(mb_lci_uncertainty_moments(&cases[k].u, &m, &v));
        CHECK_NEAR(m, cases[k].mean, 1e-14);
        CHECK_NEAR(v, cases[k].var, 1e-14);
    }
    CHECK(mb_lci_uncertainty_moments(&bad, &m, &v) == MB_EINVAL);
}

/*
 * k X for k = 2.5 and -0.4: the mean scales by k, the variance by k^2,
 * for every kind (a negative k mirrors a Weibull or gamma and turns a
 * beta over); the draws of a scaled Weibull are k times the draws of the
 * plain one (one uniform each, the same stream). k = 0 and an invalid
 * distribution give none.
 */
TEST(scaling_carries_mean_and_variance)
{
    static const double ks[] = {2.5, -0.4};
    mb_lci_uncertainty s, bad = U(UNIFORM, 2, 1, 0, 0);
    double m0, v0, m1, v1;
    size_t k, j;
    mb_random a, b;

    for (k = 0; k < sizeof valid / sizeof valid[0]; k++)
        for (j = 0; j < 2; j++) {
            mb_lci_uncertainty_scale(&valid[k], ks[j], &s);
            CHECK_MSG(s.type == valid[k].type, "case %zu", k);
            CHECK_OK(mb_lci_uncertainty_moments(&valid[k], &m0, &v0));
            CHECK_OK(mb_lci_uncertainty_moments(&s, &m1, &v1));
            CHECK_NEAR(m1, ks[j] * m0, 1e-12);
            CHECK_NEAR(v1, ks[j] * ks[j] * v0, 1e-12);
        }
    mb_lci_uncertainty_scale(&valid[8], -2, &s); /* mirrored Weibull */
    CHECK(s.p[3] == 0 && s.p[1] == 6);
    mb_random_init(&a, 5, 1);
    mb_random_init(&b, 5, 1);
    for (k = 0; k < 100; k++)
        CHECK_NEAR(mb_uncertainty_sample(&s, 0, &a),
                   -2 * mb_uncertainty_sample(&valid[8], 0, &b), 1e-14);
    mb_lci_uncertainty_scale(&valid[0], 0, &s);
    CHECK(s.type == MB_DIST_NONE);
    mb_lci_uncertainty_scale(&bad, 2, &s);
    CHECK(s.type == MB_DIST_NONE);
}

/*
 * The mean of 40,000 draws of each kind lies within 5 standard errors
 * (sqrt(variance / n)) of its mean: the draws and the moments agree.
 */
TEST(draws_average_to_the_mean)
{
    const int n = 40000;
    size_t k;
    int i;

    for (k = 0; k < sizeof valid / sizeof valid[0]; k++) {
        double m, v, sum = 0;
        mb_random r;

        CHECK_OK(mb_lci_uncertainty_moments(&valid[k], &m, &v));
        mb_random_init(&r, 11, k);
        for (i = 0; i < n; i++)
            sum += mb_uncertainty_sample(&valid[k], 0, &r);
        CHECK_MSG(fabs(sum / n - m) <= 5 * sqrt(v / n) + 1e-12,
                  "case %zu: %g vs %g", k, sum / n, m);
    }
}

/*
 * stats_arrays parameters (bw_processing's UNCERTAINTY_DTYPE) to lci.h
 * and back: lognormal loc = ln |gm| with `negative`, a missing loc taken
 * from the amount; Weibull and gamma offsets NaN for 0, `negative`
 * mirroring them; beta on [minimum, maximum], NaN for [0, 1]; ids metabol
 * does not sample refused with their names.
 */
TEST(stats_arrays_encodings_convert_both_ways)
{
    static const struct {
        int id;
        const char *kind;
    } unsupported[] = {{MB_DP_BERNOULLI, "Bernoulli"},
                       {MB_DP_DISCRETE_UNIFORM, "discrete uniform"},
                       {MB_DP_GENERALIZED_EXTREME,
                        "generalized extreme value"},
                       {MB_DP_STUDENT, "Student's t"},
                       {42, "unknown"}};
    mb_dp_uncertainty d = {MB_DP_LOGNORMAL, log(2), log(1.5), NAN, NAN, NAN,
                           1},
                      back;
    mb_lci_uncertainty u;
    const char *kind;
    size_t k;

    CHECK_OK(mb_dp_uncertainty_to(&d, -2, &u, &kind));
    CHECK(u.type == MB_DIST_LOGNORMAL && !strcmp(kind, "lognormal"));
    CHECK_NEAR(u.p[0], -2, 1e-15);
    CHECK_NEAR(u.p[1], 1.5, 1e-15);
    d.loc = NAN;
    CHECK_OK(mb_dp_uncertainty_to(&d, -3, &u, NULL));
    CHECK(u.p[0] == -3);
    d = (mb_dp_uncertainty){MB_DP_TRIANGULAR, NAN, NAN, NAN, 1, 4, 0};
    CHECK_OK(mb_dp_uncertainty_to(&d, 2, &u, NULL));
    CHECK(u.type == MB_DIST_TRIANGLE && u.p[0] == 1 && u.p[1] == 2 &&
          u.p[2] == 4);
    d = (mb_dp_uncertainty){MB_DP_WEIBULL, NAN, 2, 1.5, NAN, NAN, 1};
    CHECK_OK(mb_dp_uncertainty_to(&d, 0, &u, NULL));
    CHECK(u.type == MB_DIST_WEIBULL && u.p[0] == 0 && u.p[1] == 2 &&
          u.p[2] == 1.5 && u.p[3] == 1);
    d = (mb_dp_uncertainty){MB_DP_GAMMA, -1, 3, 2.5, NAN, NAN, 0};
    CHECK_OK(mb_dp_uncertainty_to(&d, 0, &u, NULL));
    CHECK(u.type == MB_DIST_GAMMA && u.p[0] == -1 && u.p[3] == 0);
    mb_dp_uncertainty_from(&u, &back);
    CHECK(back.type == MB_DP_GAMMA && back.loc == -1 && back.scale == 3 &&
          back.shape == 2.5 && !back.negative);
    d = (mb_dp_uncertainty){MB_DP_BETA, 2, NAN, 5, NAN, NAN, 1};
    CHECK_OK(mb_dp_uncertainty_to(&d, 0, &u, NULL));
    CHECK(u.type == MB_DIST_BETA && u.p[0] == 2 && u.p[1] == 5 &&
          u.p[2] == 0 && u.p[3] == 1);
    u.p[2] = 10;
    u.p[3] = 20;
    mb_dp_uncertainty_from(&u, &back);
    CHECK(back.type == MB_DP_BETA && back.loc == 2 && back.shape == 5 &&
          back.minimum == 10 && back.maximum == 20);
    for (k = 0; k < sizeof unsupported / sizeof unsupported[0]; k++) {
        d.type = unsupported[k].id;
        CHECK(mb_dp_uncertainty_to(&d, 1, &u, &kind) == MB_EUNSUPPORTED);
        CHECK(u.type == MB_DIST_NONE && !strcmp(kind, unsupported[k].kind));
    }
    d.type = MB_DP_NO_UNCERTAINTY;
    CHECK_OK(mb_dp_uncertainty_to(&d, 1, &u, NULL));
    CHECK(u.type == MB_DIST_NONE);
}

static mb_dp_uncertainty sa(int type, double loc, double scale, double shape,
                            double lo, double hi, int negative)
{
    mb_dp_uncertainty d = {type, loc, scale, shape, lo, hi, negative};

    return d;
}

/*
 * A package with technosphere (a flipped lognormal entry, a Weibull, two
 * entries adding up), biosphere (a Weibull of negative scale, a beta, a
 * Bernoulli, a lognormal of geometric sd 0.5, a flipped gamma) and a
 * method (a uniform factor, a factor without). Opened with
 * MB_DP_LOAD_DISTRIBUTIONS, each nonzero gets its entry's distribution in
 * the matrix's sign; the sum gets none; the three entries metabol cannot
 * sample are counted and the first named by package, resource and entry.
 * Opened without: no distributions, nothing counted.
 */
TEST(datapackage_systems_keep_their_distributions)
{
    static const int64_t tr[] = {1, 2, 2, 1, 1}, tc[] = {1, 2, 1, 2, 2};
    static const double tv[] = {1, 1, 0.5, 0.1, 0.2};
    static const unsigned char tf[] = {0, 0, 1, 0, 0};
    static const int64_t br[] = {10, 11, 10, 11, 12}, bc[] = {1, 2, 2, 1, 1};
    static const double bv[] = {2, 3, 1, 5, 2};
    static const unsigned char bf[] = {0, 0, 0, 0, 1};
    static const int64_t cr[] = {10, 11};
    static const double cv[] = {1, 25};
    mb_dp_uncertainty td[5], bd[5], cd[2];
    mb_dp_vector tech = {"technosphere_matrix", "technosphere", NULL, -1, 5,
                         tr, tc, tv, tf, td};
    mb_dp_vector bio = {"biosphere_matrix", "biosphere", NULL, -1, 5,
                        br, bc, bv, bf, bd};
    mb_dp_vector cf = {"characterization_matrix", "gwp", "m/gwp", -1, 2,
                       cr, cr, cv, NULL, cd};
    char path[1024], want[2048];
    mb_datapackage *dp = NULL;
    mb_dp_writer *w = NULL;
    mb_system *s = NULL, *t = NULL;
    mb_compile_report r;
    const mb_lci_uncertainty *u;
    int64_t a1, a2, p1, p2, f10, f11, f12;

    td[0] = td[1] = cd[1] = sa(MB_DP_UNDEFINED, NAN, NAN, NAN, NAN, NAN, 0);
    td[2] = sa(MB_DP_LOGNORMAL, log(0.5), log(1.2), NAN, NAN, NAN, 0);
    td[3] = sa(MB_DP_WEIBULL, NAN, 0.1, 2, NAN, NAN, 0);
    td[4] = sa(MB_DP_NORMAL, 0.2, 0.01, NAN, NAN, NAN, 0);
    bd[0] = sa(MB_DP_WEIBULL, 0, -2, 1.5, NAN, NAN, 0);
    bd[1] = sa(MB_DP_BETA, 2, NAN, 3, 2, 4, 0);
    bd[2] = sa(MB_DP_BERNOULLI, 0.5, NAN, NAN, NAN, NAN, 0);
    bd[3] = sa(MB_DP_LOGNORMAL, log(5), log(0.5), NAN, NAN, NAN, 0);
    bd[4] = sa(MB_DP_GAMMA, 0, 1, 2, NAN, NAN, 0);
    cd[0] = sa(MB_DP_UNIFORM, NAN, NAN, NAN, 0.5, 1.5, 0);
    snprintf(path, sizeof path, "%s/dists.zip", test_tmpdir());
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK_OK(mb_dp_writer_add_vector(w, &tech));
    CHECK_OK(mb_dp_writer_add_vector(w, &bio));
    CHECK_OK(mb_dp_writer_add_vector(w, &cf));
    CHECK_OK(mb_dp_writer_finish(w, "dists"));
    mb_dp_writer_free(w);

    CHECK_OK(mb_datapackage_open(&dp, path, 0));
    CHECK_OK(mb_system_from_datapackages(&s, &dp, 1));
    CHECK(!s->A_uncertainty && !s->B_uncertainty && !s->C_uncertainty &&
          s->invalid_distributions == 0);
    mb_system_free(s);
    mb_datapackage_free(dp);

    CHECK_OK(mb_datapackage_open(&dp, path, MB_DP_LOAD_DISTRIBUTIONS));
    CHECK_OK(mb_system_from_datapackages(&s, &dp, 1));
    a1 = mb_system_activity_index(s, 1);
    a2 = mb_system_activity_index(s, 2);
    p1 = mb_system_product_index(s, 1);
    p2 = mb_system_product_index(s, 2);
    f10 = mb_system_flow_index(s, 10);
    f11 = mb_system_flow_index(s, 11);
    f12 = mb_system_flow_index(s, 12);
    /* -0.5, flipped (the package holds float32 parameters) */
    u = dist_at(s->A, s->A_uncertainty, p2, a1);
    CHECK(u && u->type == MB_DIST_LOGNORMAL);
    CHECK_NEAR(u->p[0], -0.5, 1e-7);
    CHECK_NEAR(u->p[1], 1.2, 1e-7);
    u = dist_at(s->A, s->A_uncertainty, p1, a2); /* 0.1 + 0.2 */
    CHECK(u && u->type == MB_DIST_NONE);
    CHECK(dist_at(s->A, s->A_uncertainty, p1, a1)->type == MB_DIST_NONE);
    u = dist_at(s->B, s->B_uncertainty, f11, a2);
    CHECK(u && u->type == MB_DIST_BETA && u->p[0] == 2 && u->p[1] == 3 &&
          u->p[2] == 2 && u->p[3] == 4);
    u = dist_at(s->B, s->B_uncertainty, f12, a1); /* -2, flipped gamma */
    CHECK(u && u->type == MB_DIST_GAMMA && u->p[1] == 1 && u->p[2] == 2 &&
          u->p[3] == 1);
    CHECK(dist_at(s->B, s->B_uncertainty, f10, a1)->type == MB_DIST_NONE);
    CHECK(dist_at(s->B, s->B_uncertainty, f10, a2)->type == MB_DIST_NONE);
    CHECK(s->C_uncertainty && s->C_uncertainty[0]);
    CHECK(s->C_uncertainty[0][f10].type == MB_DIST_UNIFORM &&
          s->C_uncertainty[0][f10].p[0] == 0.5 &&
          s->C_uncertainty[0][f11].type == MB_DIST_NONE);
    CHECK(s->invalid_distributions == 3);
    snprintf(want, sizeof want,
             "%s/biosphere.distributions.npy: biosphere entry 0 (row id 10, "
             "column id 1): Weibull (loc 0, scale -2, shape 1.5): negative "
             "scale -2",
             path);
    CHECK_MSG(!strcmp(s->invalid_distribution, want), "%s",
              s->invalid_distribution);
    /* the blob keeps them all (a datapackage system has no labels) */
    memset(&r, 0, sizeof r);
    CHECK((t = through_blob(s, &r)) != NULL);
    CHECK(t->invalid_distributions == 3 &&
          !strcmp(t->invalid_distribution, want));
    CHECK(t->C_uncertainty && t->C_uncertainty[0][f10].type ==
                                  MB_DIST_UNIFORM);
    CHECK(dist_at(t->B, t->B_uncertainty, f11, a2)->type == MB_DIST_BETA);
    mb_system_free(t);
    mb_system_free(s);
    mb_datapackage_free(dp);
}
