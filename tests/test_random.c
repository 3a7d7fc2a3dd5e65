/*
 * test_random.c - the counter-based random stream and the distributions'
 * draws: normal quantiles against SciPy, a Kolmogorov-Smirnov test of each
 * distribution against its distribution function (GSL's gsl_cdf_* for
 * Weibull, gamma and beta), and the same draws for an iteration whatever
 * is computed before it.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <metabol/metabol.h>

#include "test.h"

/*
 * Standard normal quantiles from SciPy 1.10 (scipy.stats.norm.ppf), the
 * reference AS 241 is known to match to about 1e-16 relative.
 */
TEST(normal_quantile_matches_scipy)
{
    static const double p[] = {0.5,     0.975,     0.8413447460685429, 1e-10,
                               0.02425, 0.3,       0.9999999,
                               1 - 1e-12};
    static const double z[] = {0.0,
                               1.959963984540054,
                               1.0,
                               -6.361340902404056,
                               -1.972961051311885,
                               -0.5244005127080409,
                               5.199337582290661,
                               7.0344869100478356};
    size_t k;

    for (k = 0; k < sizeof p / sizeof p[0]; k++)
        CHECK_NEAR(mb_normal_quantile(p[k]), z[k], 1e-13);
    CHECK(isinf(mb_normal_quantile(0)) && mb_normal_quantile(0) < 0);
    CHECK(isnan(mb_normal_quantile(2)));
}

static double normal_cdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

/* The standard Weibull or gamma variable's distribution function at y. */
static double standard_cdf(const mb_lci_uncertainty *u, double y)
{
    if (y <= 0)
        return 0;
    return u->type == MB_DIST_WEIBULL ? gsl_cdf_weibull_P(y, 1, u->p[2])
                                      : gsl_cdf_gamma_P(y, u->p[2], 1);
}

/* The distribution function of u at x. */
static double cdf(const mb_lci_uncertainty *u, double x)
{
    double lo = u->p[0], mode = u->p[1], hi = u->p[2];

    switch (u->type) {
    case MB_DIST_WEIBULL:
    case MB_DIST_GAMMA: /* X = s (loc + scale Y), s = -1 when mirrored */
        if (u->p[3] != 0)
            return 1 - standard_cdf(u, (-x - u->p[0]) / u->p[1]);
        return standard_cdf(u, (x - u->p[0]) / u->p[1]);
    case MB_DIST_BETA:
        return gsl_cdf_beta_P((x - u->p[2]) / (u->p[3] - u->p[2]), u->p[0],
                              u->p[1]);
    case MB_DIST_LOGNORMAL:
        return normal_cdf((log(x) - log(u->p[0])) / log(u->p[1]));
    case MB_DIST_NORMAL:
        return normal_cdf((x - u->p[0]) / u->p[1]);
    case MB_DIST_UNIFORM:
        return (x - u->p[0]) / (u->p[1] - u->p[0]);
    default: /* triangle */
        return x < mode ? (x - lo) * (x - lo) / ((hi - lo) * (mode - lo))
                        : 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The Kolmogorov-Smirnov statistic of n draws of u (seed 42, stream 0). */
static double ks_statistic(const mb_lci_uncertainty *u, size_t n)
{
    double *x = malloc(n * sizeof *x), d = 0;
    mb_random r;
    size_t k;

    if (!x)
        return 1;
    mb_random_init(&r, 42, 0);
    for (k = 0; k < n; k++)
        x[k] = mb_uncertainty_sample(u, 0, &r);
    qsort(x, n, sizeof *x, by_value);
    for (k = 0; k < n; k++) {
        double f = cdf(u, x[k]);

        d = fmax(d, fmax(f - (double)k / n, (double)(k + 1) / n - f));
    }
    free(x);
    return d;
}

/*
 * Goodness of fit: for 20,000 draws (seed 42, stream 0) the
 * Kolmogorov-Smirnov statistic D = sup |F_n(x) - F(x)| stays below its
 * 1 % critical value 1.628 / sqrt(n) = 0.0115 (Smirnov's asymptotic
 * distribution) for each distribution: the four of ecoinvent and openLCA,
 * and stats_arrays' Weibull, gamma (both branches of Marsaglia-Tsang) and
 * beta (rescaled to [minimum, maximum], shapes above and below 1),
 * plain and mirrored.
 */
TEST(draws_follow_their_distributions)
{
    static const mb_lci_uncertainty u[] = {
        {MB_DIST_LOGNORMAL, {2.0, 1.5, 0, 0}},
        {MB_DIST_NORMAL, {10.0, 2.0, 0, 0}},
        {MB_DIST_UNIFORM, {-1.0, 3.0, 0, 0}},
        {MB_DIST_TRIANGLE, {1.0, 2.0, 5.0, 0}},
        {MB_DIST_WEIBULL, {1.0, 2.0, 1.5, 0}},  /* loc, scale, shape */
        {MB_DIST_WEIBULL, {0.5, 3.0, 0.7, 1}},  /* mirrored */
        {MB_DIST_GAMMA, {-1.0, 3.0, 2.5, 0}},   /* shape >= 1 */
        {MB_DIST_GAMMA, {0.0, 2.0, 0.4, 1}},    /* shape < 1, mirrored */
        {MB_DIST_BETA, {2.0, 5.0, 10.0, 20.0}}, /* alpha, beta, min, max */
        {MB_DIST_BETA, {0.5, 0.5, 0.0, 1.0}},
        {MB_DIST_BETA, {0.05, 0.2, 0.0, 1.0}}}; /* tiny shapes */
    const size_t n = 20000;
    size_t k;

    gsl_set_error_handler_off(); /* a domain error is a failed check */
    for (k = 0; k < sizeof u / sizeof u[0]; k++)
        CHECK_MSG(ks_statistic(&u[k], n) < 1.628 / sqrt((double)n),
                  "distribution %zu: D = %g", k, ks_statistic(&u[k], n));
}

/*
 * A lognormal of a negative amount keeps its sign: its median is the
 * (negative) geometric mean. No distribution: the value itself.
 */
TEST(negative_lognormal_draws_stay_negative)
{
    mb_lci_uncertainty u = {MB_DIST_LOGNORMAL, {-2.0, 1.3, 0}};
    mb_random r;
    size_t k, below = 0;

    mb_random_init(&r, 7, 3);
    for (k = 0; k < 10000; k++) {
        double x = mb_uncertainty_sample(&u, 0, &r);

        CHECK(x < 0);
        below += x < -2.0;
    }
    CHECK(below > 4800 && below < 5200);
    u.type = MB_DIST_NONE;
    CHECK(mb_uncertainty_sample(&u, 1.25, &r) == 1.25);
    CHECK(mb_uncertainty_sample(NULL, 1.25, &r) == 1.25);
}

/*
 * One seed, the same numbers whatever runs first: stream 7 (an iteration)
 * gives the same draws made alone or after other streams, and streams and
 * seeds differ from each other.
 */
TEST(streams_do_not_depend_on_what_runs_before)
{
    mb_random a, b, c;
    double first[5];
    int k;

    mb_random_init(&a, 2026, 7);
    for (k = 0; k < 5; k++)
        first[k] = mb_random_uniform(&a);
    mb_random_init(&b, 2026, 3);
    for (k = 0; k < 1000; k++)
        (void)mb_random_bits(&b);
    mb_random_init(&a, 2026, 7);
    for (k = 0; k < 5; k++)
        CHECK(mb_random_uniform(&a) == first[k]);
    mb_random_init(&b, 2026, 8);
    mb_random_init(&c, 2027, 7);
    CHECK(mb_random_uniform(&b) != first[0] &&
          mb_random_uniform(&c) != first[0]);
}
