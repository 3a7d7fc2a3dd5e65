/*
 * gsa.c - global sensitivity measures from given samples (gsa.h).
 *
 * Standardized regression coefficients (Saltelli et al. 2008, Global
 * Sensitivity Analysis: The Primer, sec. 1.2.5): the inputs and y are
 * centered and scaled to unit variance and y is fitted by least squares,
 * z_y = sum_i SRC_i z_i; for independent inputs and a model R^2 near 1,
 * SRC_i^2 is input i's share of Var(y). LAPACK's dgelsy (QR with column
 * pivoting) does the fit, so collinear inputs give the minimum-norm answer
 * rather than noise.
 *
 * Spearman's rank correlation: Pearson's correlation of the ranks, tied
 * values sharing their average rank.
 *
 * First-order Sobol indices from the same samples (Plischke, Borgonovo &
 * Smith 2013, "Global sensitivity measures from given data", EJOR
 * 226:536-550): the samples sorted by x_i fall into M classes of (nearly)
 * equal count, and S_i = Var(E[y | class]) / Var(y), the between-class
 * share of the sum of squares. Its positive bias from the noise of the
 * class means is removed as in one-way analysis of variance
 * (E[SS_between] = (M - 1) sigma_within^2 + sum_m n_m (mu_m - mu)^2, so
 * S_i = (SS_between - (M - 1) SS_within / (n - M)) / SS_total; Kelley's
 * epsilon^2), which can leave an input without influence slightly below 0.
 * M = min(floor(sqrt(n)), n / 50) from n = 500 up: at least 10 classes of
 * at least 50 samples, finer classes as n grows, so that the classes
 * resolve E[y | x_i] (the discretization error shrinks with M) while each
 * class mean stays well estimated.
 */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "metabol/gsa.h"

int64_t mb_gsa_sobol_classes(int64_t n)
{
    int64_t m = (int64_t)floor(sqrt((double)n));

    if (n < MB_GSA_SOBOL_MIN_SAMPLES)
        return 0;
    if (m > n / MB_GSA_SOBOL_MIN_PER_CLASS)
        m = n / MB_GSA_SOBOL_MIN_PER_CLASS;
    return m;
}

void mb_gsa_result_free(mb_gsa_result *r)
{
    if (!r)
        return;
    mb_free(r->src);
    mb_free(r->src2);
    mb_free(r->spearman);
    mb_free(r->sobol);
    mb_free(r);
}

/* The samples of the run, column-major: column i of x, then y. */
typedef struct samples {
    int64_t n;
    size_t k;
    double *x; /* n x k */
    double *y;
    double *mean, *sd; /* of each column of x */
    double ymean, ysd;
} samples;

static double mean_of(const double *v, int64_t n)
{
    double s = 0;
    int64_t r;

    for (r = 0; r < n; r++)
        s += v[r];
    return s / (double)n;
}

static double sd_of(const double *v, int64_t n, double mean)
{
    double s = 0;
    int64_t r;

    for (r = 0; r < n; r++)
        s += (v[r] - mean) * (v[r] - mean);
    return sqrt(s / (double)(n - 1));
}

/* Whether row r has a finite output and finite inputs. */
static int row_usable(const double *x, const double *y, int64_t r, size_t k)
{
    size_t i;

    if (!isfinite(y[r]))
        return 0;
    for (i = 0; i < k; i++)
        if (!isfinite(x[r * (int64_t)k + (int64_t)i]))
            return 0;
    return 1;
}

/* The usable rows, as columns (column i of x, and y), with their moments. */
static int gather(samples *s, const double *x, const double *y, int64_t n,
                  size_t k)
{
    double ymax = 0;
    int64_t r, used = 0;
    size_t i;

    s->k = k;
    for (r = 0; r < n; r++)
        s->n += row_usable(x, y, r, k);
    s->x = mb_alloc_array((size_t)s->n * k + 1, sizeof *s->x);
    s->y = mb_alloc_array((size_t)s->n + 1, sizeof *s->y);
    s->mean = mb_alloc_array(k + 1, sizeof *s->mean);
    s->sd = mb_alloc_array(k + 1, sizeof *s->sd);
    if (!s->x || !s->y || !s->mean || !s->sd)
        return MB_ENOMEM;
    for (r = 0; r < n; r++) {
        if (!row_usable(x, y, r, k))
            continue;
        for (i = 0; i < k; i++)
            s->x[(int64_t)i * s->n + used] = x[r * (int64_t)k + (int64_t)i];
        s->y[used++] = y[r];
    }
    if (s->n < (int64_t)k + 2)
        return mb_error_set(MB_EINVAL, "%lld usable samples of %lld for %zu "
                            "inputs: global sensitivity needs at least %zu",
                            (long long)s->n, (long long)n, k, k + 2);
    s->ymean = mean_of(s->y, s->n);
    s->ysd = sd_of(s->y, s->n, s->ymean);
    for (r = 0; r < s->n; r++)
        ymax = fmax(ymax, fabs(s->y[r]));
    if (!(s->ysd > MB_GSA_NO_SPREAD * ymax))
        return mb_error_set(MB_EINVAL, "the output does not vary over the "
                            "%lld samples (sd %g of values up to %g)",
                            (long long)s->n, s->ysd, ymax);
    for (i = 0; i < k; i++) {
        s->mean[i] = mean_of(s->x + (int64_t)i * s->n, s->n);
        s->sd[i] = sd_of(s->x + (int64_t)i * s->n, s->n, s->mean[i]);
    }
    return 0;
}

/*
 * SRC by least squares on the standardized inputs that vary (the others
 * keep 0), and R^2 = 1 - SS_residual / SS_total.
 */
static int regression(mb_gsa_result *g, const samples *s)
{
    int64_t n = s->n, r;
    size_t k = s->k, i, used = 0;
    double *a = mb_alloc_array((size_t)n * k + 1, sizeof *a);
    double *b = mb_alloc_array((size_t)n + 1, sizeof *b);
    double *fit = mb_calloc((size_t)n + 1, sizeof *fit);
    lapack_int *jpvt = mb_calloc(k + 1, sizeof *jpvt), rank, info;
    size_t *col = mb_alloc_array(k + 1, sizeof *col);
    double ss = 0;
    int rc = 0;

    if (!a || !b || !fit || !jpvt || !col) {
        rc = MB_ENOMEM;
        goto done;
    }
    for (i = 0; i < k; i++) {
        if (!(s->sd[i] > 0))
            continue;
        for (r = 0; r < n; r++)
            a[(int64_t)used * n + r] =
                (s->x[(int64_t)i * n + r] - s->mean[i]) / s->sd[i];
        col[used++] = i;
    }
    for (r = 0; r < n; r++)
        b[r] = (s->y[r] - s->ymean) / s->ysd;
    if (used > 0) {
        info = LAPACKE_dgelsy(LAPACK_COL_MAJOR, (lapack_int)n,
                              (lapack_int)used, 1, a, (lapack_int)n, b,
                              (lapack_int)n, jpvt, 1e-12, &rank);
        if (info != 0) {
            rc = mb_error_set(MB_ENUMERIC, "least squares (dgelsy) failed: "
                              "info %d", (int)info);
            goto done;
        }
    }
    /* b[0..used) holds the coefficients; the fit from the standardized
     * inputs again, as dgelsy overwrote them */
    for (i = 0; i < used; i++) {
        size_t c = col[i];

        g->src[c] = b[i];
        g->src2[c] = b[i] * b[i];
        for (r = 0; r < n; r++)
            fit[r] += b[i] * (s->x[(int64_t)c * n + r] - s->mean[c]) /
                      s->sd[c];
    }
    for (r = 0; r < n; r++) {
        double z = (s->y[r] - s->ymean) / s->ysd - fit[r];

        ss += z * z;
    }
    g->r2 = 1.0 - ss / (double)(n - 1); /* SS_total of z_y is n - 1 */
done:
    mb_free(a);
    mb_free(b);
    mb_free(fit);
    mb_free(jpvt);
    mb_free(col);
    return rc;
}

/* A value and where it was, for sorting. */
typedef struct ranked {
    double v;
    int64_t at;
} ranked;

static int by_value(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;

    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

/* v sorted into order (ties by position): the work of ranks and classes. */
static void sort_values(ranked *order, const double *v, int64_t n)
{
    int64_t r;

    for (r = 0; r < n; r++) {
        order[r].v = v[r];
        order[r].at = r;
    }
    qsort(order, (size_t)n, sizeof *order, by_value);
}

/* Ranks 1..n of v, tied values sharing the average of their ranks. */
static void ranks_of(double *rank, const double *v, int64_t n,
                     ranked *order)
{
    int64_t r = 0, q, t;

    sort_values(order, v, n);
    while (r < n) {
        for (q = r + 1; q < n && order[q].v == order[r].v; q++)
            ;
        for (t = r; t < q; t++) /* ranks r+1 .. q share (r+1+q)/2 */
            rank[order[t].at] = 0.5 * (double)(r + 1 + q);
        r = q;
    }
}

static double pearson(const double *a, const double *b, int64_t n)
{
    double ma = mean_of(a, n), mb = mean_of(b, n), sab = 0, saa = 0,
           sbb = 0;
    int64_t r;

    for (r = 0; r < n; r++) {
        sab += (a[r] - ma) * (b[r] - mb);
        saa += (a[r] - ma) * (a[r] - ma);
        sbb += (b[r] - mb) * (b[r] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0.0;
}

/*
 * The between-class share of y's sum of squares over M classes of x_i's
 * order (sample r of the order in class r * M / n), bias-corrected.
 */
static double sobol_index(const samples *s, const ranked *order, int64_t m,
                          double *sum, int64_t *count)
{
    int64_t n = s->n, r, c;
    double ss_total = 0, ss_between = 0, ss_within;

    memset(sum, 0, (size_t)m * sizeof *sum);
    memset(count, 0, (size_t)m * sizeof *count);
    for (r = 0; r < n; r++) {
        c = r * m / n;
        sum[c] += s->y[order[r].at] - s->ymean;
        count[c]++;
    }
    for (r = 0; r < n; r++)
        ss_total += (s->y[r] - s->ymean) * (s->y[r] - s->ymean);
    for (c = 0; c < m; c++)
        ss_between += sum[c] * sum[c] / (double)count[c];
    ss_within = ss_total - ss_between;
    return (ss_between - (double)(m - 1) * ss_within / (double)(n - m)) /
           ss_total;
}

/* Spearman and Sobol per input. */
static int by_input(mb_gsa_result *g, const samples *s)
{
    int64_t n = s->n, m = g->sobol_classes;
    ranked *order = mb_alloc_array((size_t)n + 1, sizeof *order);
    double *yrank = mb_alloc_array((size_t)n + 1, sizeof *yrank);
    double *xrank = mb_alloc_array((size_t)n + 1, sizeof *xrank);
    double *sum = mb_alloc_array((size_t)m + 1, sizeof *sum);
    int64_t *count = mb_alloc_array((size_t)m + 1, sizeof *count);
    size_t i;
    int rc = 0;

    if (!order || !yrank || !xrank || !sum || !count) {
        rc = MB_ENOMEM;
        goto done;
    }
    ranks_of(yrank, s->y, n, order);
    for (i = 0; i < s->k; i++) {
        const double *xi = s->x + (int64_t)i * n;

        if (!(s->sd[i] > 0)) {
            g->spearman[i] = 0;
            g->sobol[i] = m ? 0 : NAN;
            continue;
        }
        ranks_of(xrank, xi, n, order);
        g->spearman[i] = pearson(xrank, yrank, n);
        /* order still holds x_i sorted */
        g->sobol[i] = m ? sobol_index(s, order, m, sum, count) : NAN;
    }
done:
    mb_free(order);
    mb_free(yrank);
    mb_free(xrank);
    mb_free(sum);
    mb_free(count);
    return rc;
}

int mb_gsa_run(mb_gsa_result **out, const double *x, const double *y,
               int64_t n, size_t k)
{
    samples s;
    mb_gsa_result *g;
    int rc;

    *out = NULL;
    if (n < 0 || k == 0)
        return mb_error_set(MB_EINVAL, "global sensitivity of %zu inputs "
                            "over %lld samples", k, (long long)n);
    memset(&s, 0, sizeof s);
    if (!(g = mb_calloc(1, sizeof *g)))
        return MB_ENOMEM;
    g->k = k;
    g->src = mb_calloc(k, sizeof *g->src);
    g->src2 = mb_calloc(k, sizeof *g->src2);
    g->spearman = mb_calloc(k, sizeof *g->spearman);
    g->sobol = mb_calloc(k, sizeof *g->sobol);
    rc = !g->src || !g->src2 || !g->spearman || !g->sobol
             ? MB_ENOMEM
             : gather(&s, x, y, n, k);
    if (rc == 0) {
        g->n = s.n;
        g->sobol_classes = mb_gsa_sobol_classes(s.n);
        rc = regression(g, &s);
    }
    if (rc == 0)
        rc = by_input(g, &s);
    mb_free(s.x);
    mb_free(s.y);
    mb_free(s.mean);
    mb_free(s.sd);
    if (rc < 0)
        mb_gsa_result_free(g);
    else
        *out = g;
    return rc;
}
