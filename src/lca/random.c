/*
 * random.c - counter-based random draws and the distributions of LCA data
 * (see include/metabol/random.h).
 *
 * The generator: draw k of stream s under seed is a hash of (seed, s, k),
 * each word folded in through the SplitMix64 finalizer (Steele, Lea and
 * Flood 2014, "Fast splittable pseudorandom number generators"), so any
 * iteration's draws can be made anywhere without jumping ahead. Normal
 * draws invert the distribution function with Wichura's algorithm AS 241
 * (Applied Statistics 37, 1988, PPND16: about 1e-16 relative), one uniform
 * per draw, which keeps the count of draws per sample fixed. Triangular and
 * uniform draws invert their distribution functions; a lognormal is
 * gm * gsd^z.
 */
#include <math.h>

#include "metabol/random.h"

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void mb_random_init(mb_random *r, uint64_t seed, uint64_t stream)
{
    r->seed = seed;
    r->stream = stream;
    r->counter = 0;
    r->key = mix(mix(seed) ^ stream);
}

void mb_random_seek(mb_random *r, uint64_t counter)
{
    r->counter = counter;
}

uint64_t mb_random_bits(mb_random *r)
{
    return mix(r->key ^ r->counter++);
}

double mb_random_uniform(mb_random *r)
{
    return ((double)(mb_random_bits(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* A rational function num / den, coefficients from the highest power. */
static double ratio(const double *num, const double *den, double x)
{
    double n = 0, d = 0;
    int k;

    for (k = 0; k < 8; k++) {
        n = n * x + num[k];
        d = d * x + den[k];
    }
    return n / d;
}

double mb_normal_quantile(double p)
{
    /* AS 241's coefficients, from x^7 down to x^0 */
    static const double a[8] = {
        2.5090809287301226727e+3, 3.3430575583588128105e+4,
        6.7265770927008700853e+4, 4.5921953931549871457e+4,
        1.3731693765509461125e+4, 1.9715909503065514427e+3,
        1.3314166789178437745e+2, 3.3871328727963666080e+0};
    static const double b[8] = {
        5.2264952788528545610e+3, 2.8729085735721942674e+4,
        3.9307895800092710610e+4, 2.1213794301586595867e+4,
        5.3941960214247511077e+3, 6.8718700749205790830e+2,
        4.2313330701600911252e+1, 1.0};
    static const double c[8] = {
        7.74545014278341407640e-4, 2.27238449892691845833e-2,
        2.41780725177450611770e-1, 1.27045825245236838258e+0,
        3.64784832476320460504e+0, 5.76949722146069140550e+0,
        4.63033784615654529590e+0, 1.42343711074968357734e+0};
    static const double d[8] = {
        1.05075007164441684324e-9, 5.47593808499534494600e-4,
        1.51986665636164571966e-2, 1.48103976427480074590e-1,
        6.89767334985100004550e-1, 1.67638483018380384940e+0,
        2.05319162663775882187e+0, 1.0};
    static const double e[8] = {
        2.01033439929228813265e-7, 2.71155556874348757815e-5,
        1.24266094738807843860e-3, 2.65321895265761230930e-2,
        2.96560571828504891230e-1, 1.78482653991729133580e+0,
        5.46378491116411436990e+0, 6.65790464350110377720e+0};
    static const double f[8] = {
        2.04426310338993978564e-15, 1.42151175831644588870e-7,
        1.84631831751005468180e-5, 7.86869131145613259100e-4,
        1.48753612908506148525e-2, 1.36929880922735805310e-1,
        5.99832206555887937690e-1, 1.0};
    double q = p - 0.5, r, x;

    if (!(p > 0 && p < 1))
        return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
    if (fabs(q) <= 0.425)
        return q * ratio(a, b, 0.180625 - q * q);
    r = sqrt(-log(q < 0 ? p : 1 - p));
    x = r <= 5 ? ratio(c, d, r - 1.6) : ratio(e, f, r - 5);
    return q < 0 ? -x : x;
}

double mb_random_normal(mb_random *r)
{
    return mb_normal_quantile(mb_random_uniform(r));
}

double mb_uncertainty_sample(const mb_lci_uncertainty *u, double value,
                             mb_random *r)
{
    double p, lo, mode, hi;

    if (!u)
        return value;
    switch (u->type) {
    case MB_DIST_LOGNORMAL:
        return u->p[0] * exp(log(u->p[1]) * mb_random_normal(r));
    case MB_DIST_NORMAL:
        return u->p[0] + u->p[1] * mb_random_normal(r);
    case MB_DIST_UNIFORM:
        return u->p[0] + (u->p[1] - u->p[0]) * mb_random_uniform(r);
    case MB_DIST_TRIANGLE:
        lo = u->p[0];
        mode = u->p[1];
        hi = u->p[2];
        p = mb_random_uniform(r);
        if (hi <= lo)
            return mode;
        if (p < (mode - lo) / (hi - lo))
            return lo + sqrt(p * (hi - lo) * (mode - lo));
        return hi - sqrt((1 - p) * (hi - lo) * (hi - mode));
    default:
        return value;
    }
}
