/*
 * mc_stats.c - summary statistics of Monte Carlo results: the mean and
 * sample standard deviation (two passes), and percentiles by linear
 * interpolation between order statistics, Hyndman & Fan (1996, "Sample
 * quantiles in statistical packages", Am. Stat. 50) definition 7, which is
 * numpy.percentile's default, so the numbers match what a Python user gets.
 */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "metabol/mc.h"

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Percentile q (0..100) of the n sorted values. */
static double percentile(const double *sorted, int64_t n, double q)
{
    double h = (double)(n - 1) * q / 100.0, lo = floor(h);
    int64_t k = (int64_t)lo;

    if (k + 1 >= n)
        return sorted[n - 1];
    return sorted[k] + (h - lo) * (sorted[k + 1] - sorted[k]);
}

int mb_mc_summarize(const double *x, int64_t n, int64_t stride,
                    mb_mc_summary *s)
{
    double *v, sum = 0.0, ss = 0.0;
    int64_t k, m = 0;

    s->n = 0;
    s->mean = s->sd = s->median = NAN;
    s->p2_5 = s->p5 = s->p25 = s->p75 = s->p95 = s->p97_5 = NAN;
    s->min = s->max = NAN;
    if (n <= 0)
        return 0;
    if (!(v = mb_alloc_array((size_t)n, sizeof *v)))
        return MB_ENOMEM;
    for (k = 0; k < n; k++)
        if (!isnan(x[k * stride]))
            v[m++] = x[k * stride];
    if (m == 0) {
        mb_free(v);
        return 0;
    }
    /* shifted by the first value: identical values give their value and
     * a standard deviation of exactly 0 */
    for (k = 0; k < m; k++)
        sum += v[k] - v[0];
    s->mean = v[0] + sum / (double)m;
    for (k = 0; k < m; k++)
        ss += (v[k] - s->mean) * (v[k] - s->mean);
    s->sd = m > 1 ? sqrt(ss / (double)(m - 1)) : 0.0;
    qsort(v, (size_t)m, sizeof *v, compare_doubles);
    s->n = m;
    s->min = v[0];
    s->max = v[m - 1];
    s->median = percentile(v, m, 50);
    s->p2_5 = percentile(v, m, 2.5);
    s->p5 = percentile(v, m, 5);
    s->p25 = percentile(v, m, 25);
    s->p75 = percentile(v, m, 75);
    s->p95 = percentile(v, m, 95);
    s->p97_5 = percentile(v, m, 97.5);
    mb_free(v);
    return 0;
}
