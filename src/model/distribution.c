/*
 * distribution.c - the distributions of lci.h as values: whether their
 * parameters describe one (and, when not, what is wrong, in words a user
 * can act on), how they read, their mean and variance, and the
 * distribution of k X (a matrix entry made from an exchange by a unit
 * factor, an allocation share or a sign).
 *
 * Parameterizations: lognormal by geometric mean and geometric sd
 * (openLCA, ecoinvent), Weibull, gamma and beta as Brightway's stats_arrays
 * has them (github.com/brightway-lca/stats_arrays, distributions/
 * weibull.py, gamma.py, beta.py). Moments: Johnson, Kotz and Balakrishnan,
 * Continuous Univariate Distributions, vol. 1 (2nd ed., 1994): lognormal
 * ch. 14 (14.8a-b), Weibull ch. 21 (21.9), gamma ch. 17 (17.8); vol. 2
 * (1995): beta ch. 25 (25.13-14); triangular and uniform, ch. 26 there.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "metabol/lci.h"

/* How many parameters of p a type uses, and their names. */
static const struct {
    const char *name;
    int n;
    const char *p[4];
} kinds[MB_DIST_MAX + 1] = {
    {"none", 0, {NULL, NULL, NULL, NULL}},
    {"lognormal", 2, {"geometric mean", "geometric sd", NULL, NULL}},
    {"normal", 2, {"mean", "sd", NULL, NULL}},
    {"triangular", 3, {"minimum", "mode", "maximum", NULL}},
    {"uniform", 2, {"minimum", "maximum", NULL, NULL}},
    {"Weibull", 4, {"loc", "scale", "shape", "negative"}},
    {"gamma", 4, {"loc", "scale", "shape", "negative"}},
    {"beta", 4, {"alpha", "beta", "minimum", "maximum"}},
};

static int known(const mb_lci_uncertainty *u)
{
    return u->type >= MB_DIST_NONE && u->type <= MB_DIST_MAX;
}

int mb_distribution_nparams(mb_distribution type)
{
    return type >= MB_DIST_NONE && type <= MB_DIST_MAX ? kinds[type].n : 0;
}

/* printf into why (when given); MB_EINVAL. */
static int wrong(char *why, size_t size, const char *fmt, ...)
    MB_PRINTF(3, 4);

static int wrong(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;

    if (why && size) {
        va_start(ap, fmt);
        vsnprintf(why, size, fmt, ap);
        va_end(ap);
    }
    return MB_EINVAL;
}

int mb_lci_uncertainty_check(const mb_lci_uncertainty *u, char *why,
                             size_t size)
{
    const double *p = u ? u->p : NULL;
    int k;

    if (why && size)
        why[0] = '\0';
    if (!u || u->type == MB_DIST_NONE)
        return 0;
    if (!known(u))
        return wrong(why, size, "unknown distribution type %d", (int)u->type);
    for (k = 0; k < kinds[u->type].n; k++)
        if (!isfinite(p[k]))
            return wrong(why, size, "%s %s", kinds[u->type].p[k],
                         isnan(p[k]) ? "missing or not a number"
                                     : "infinite");
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        if (p[0] == 0)
            return wrong(why, size,
                         "lognormal on a zero amount (geometric mean 0)");
        if (p[1] < 1)
            return wrong(why, size, "geometric sd %g below 1", p[1]);
        return 0;
    case MB_DIST_NORMAL:
        if (p[1] < 0)
            return wrong(why, size, "negative standard deviation %g", p[1]);
        return 0;
    case MB_DIST_TRIANGLE:
        if (p[0] > p[2])
            return wrong(why, size, "minimum %g above maximum %g", p[0],
                         p[2]);
        if (p[1] < p[0] || p[1] > p[2])
            return wrong(why, size, "mode %g outside [%g, %g]", p[1], p[0],
                         p[2]);
        return 0;
    case MB_DIST_UNIFORM:
        if (p[0] > p[1])
            return wrong(why, size, "minimum %g above maximum %g", p[0],
                         p[1]);
        return 0;
    case MB_DIST_WEIBULL:
    case MB_DIST_GAMMA:
        if (p[1] < 0)
            return wrong(why, size, "negative scale %g", p[1]);
        if (p[1] == 0)
            return wrong(why, size, "scale 0 (expected above 0)");
        if (!(p[2] > 0))
            return wrong(why, size, "shape %g (expected above 0)", p[2]);
        if (p[3] != 0 && p[3] != 1)
            return wrong(why, size, "negative flag %g (expected 0 or 1)",
                         p[3]);
        return 0;
    case MB_DIST_BETA:
        if (!(p[0] > 0) || !(p[1] > 0))
            return wrong(why, size, "%s %g (expected above 0)",
                         p[0] > 0 ? "beta" : "alpha",
                         p[0] > 0 ? p[1] : p[0]);
        if (!(p[2] < p[3]))
            return wrong(why, size, "minimum %g not below maximum %g", p[2],
                         p[3]);
        return 0;
    default:
        return 0;
    }
}

void mb_lci_uncertainty_describe(const mb_lci_uncertainty *u, char *buf,
                                 size_t size)
{
    int mirror, k, n;
    size_t at;

    if (!buf || !size)
        return;
    if (!u || !known(u)) {
        snprintf(buf, size, "distribution of unknown type %d",
                 u ? (int)u->type : -1);
        return;
    }
    /* a Weibull's or gamma's `negative` flag is said in words */
    mirror = u->type == MB_DIST_WEIBULL || u->type == MB_DIST_GAMMA;
    n = mirror ? 3 : kinds[u->type].n;
    at = (size_t)snprintf(buf, size, "%s", kinds[u->type].name);
    for (k = 0; k < n && at < size; k++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s %g",
                               k ? ", " : " (", kinds[u->type].p[k],
                               u->p[k]);
    if (n && at < size)
        snprintf(buf + at, size - at, "%s)",
                 mirror && u->p[3] != 0 ? ", negative" : "");
}

int mb_lci_uncertainty_moments(const mb_lci_uncertainty *u, double *mean,
                               double *variance)
{
    const double *p = u ? u->p : NULL;
    double s2, m1, m2, w, ab;

    *mean = *variance = NAN;
    if (!u || u->type == MB_DIST_NONE || mb_lci_uncertainty_check(u, NULL, 0))
        return MB_EINVAL;
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        s2 = log(p[1]) * log(p[1]);
        *mean = p[0] * exp(s2 / 2);
        *variance = p[0] * p[0] * exp(s2) * expm1(s2);
        break;
    case MB_DIST_NORMAL:
        *mean = p[0];
        *variance = p[1] * p[1];
        break;
    case MB_DIST_TRIANGLE:
        *mean = (p[0] + p[1] + p[2]) / 3;
        *variance = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2] - p[0] * p[1] -
                     p[0] * p[2] - p[1] * p[2]) /
                    18;
        break;
    case MB_DIST_UNIFORM:
        *mean = (p[0] + p[1]) / 2;
        *variance = (p[1] - p[0]) * (p[1] - p[0]) / 12;
        break;
    case MB_DIST_WEIBULL:
    case MB_DIST_GAMMA:
        if (u->type == MB_DIST_WEIBULL) {
            m1 = tgamma(1 + 1 / p[2]);
            m2 = tgamma(1 + 2 / p[2]) - m1 * m1;
        } else {
            m1 = m2 = p[2];
        }
        *mean = (p[3] != 0 ? -1 : 1) * (p[0] + p[1] * m1);
        *variance = p[1] * p[1] * m2;
        break;
    case MB_DIST_BETA:
        w = p[3] - p[2];
        ab = p[0] + p[1];
        *mean = p[2] + w * p[0] / ab;
        *variance = w * w * p[0] * p[1] / (ab * ab * (ab + 1));
        break;
    default:
        return MB_EINVAL;
    }
    return isfinite(*mean) && isfinite(*variance) ? 0 : MB_EINVAL;
}

void mb_lci_uncertainty_scale(const mb_lci_uncertainty *u, double k,
                              mb_lci_uncertainty *out)
{
    const double *p;
    double *q = out->p, a = fabs(k);
    int j;

    memset(out, 0, sizeof *out);
    if (!u || !isfinite(k) || k == 0 || mb_lci_uncertainty_check(u, NULL, 0))
        return;
    p = u->p;
    out->type = u->type;
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        q[0] = k * p[0];
        q[1] = p[1];
        break;
    case MB_DIST_NORMAL:
        q[0] = k * p[0];
        q[1] = a * p[1];
        break;
    case MB_DIST_TRIANGLE:
        q[0] = k * (k > 0 ? p[0] : p[2]);
        q[1] = k * p[1];
        q[2] = k * (k > 0 ? p[2] : p[0]);
        break;
    case MB_DIST_UNIFORM:
        q[0] = k * (k > 0 ? p[0] : p[1]);
        q[1] = k * (k > 0 ? p[1] : p[0]);
        break;
    case MB_DIST_WEIBULL:
    case MB_DIST_GAMMA: /* k s (loc + scale Y) = sign(k) s (|k| loc + ...) */
        q[0] = a * p[0];
        q[1] = a * p[1];
        q[2] = p[2];
        q[3] = (p[3] != 0) != (k < 0);
        break;
    case MB_DIST_BETA: /* k X on [k max, k min] is 1 - B: Beta(beta, alpha) */
        q[0] = k > 0 ? p[0] : p[1];
        q[1] = k > 0 ? p[1] : p[0];
        q[2] = k * (k > 0 ? p[2] : p[3]);
        q[3] = k * (k > 0 ? p[3] : p[2]);
        break;
    default:
        out->type = MB_DIST_NONE;
    }
    for (j = 0; j < 4; j++)
        if (!isfinite(q[j]))
            memset(out, 0, sizeof *out);
    if (out->type != MB_DIST_NONE && mb_lci_uncertainty_check(out, NULL, 0))
        memset(out, 0, sizeof *out); /* e.g. a scale that underflowed */
}
