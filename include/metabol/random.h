/*
 * random.h - random draws for Monte Carlo: a counter-based stream, so that
 * draw k of stream s under a seed is the same number whichever thread or
 * MPI rank computes it and in whatever order (one stream per iteration);
 * standard normal draws by the inverse distribution function; draws of
 * the distributions the data gives (lci.h).
 */
#ifndef METABOL_RANDOM_H
#define METABOL_RANDOM_H

#include "common.h"
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_random {
    uint64_t seed, stream, counter;
    uint64_t key; /* (seed, stream) hashed once, by mb_random_init */
} mb_random;

/* The stream `stream` (e.g. an iteration number) of `seed`, from its start. */
MB_EXTERN void mb_random_init(mb_random *r, uint64_t seed, uint64_t stream);

/*
 * Jump to draw `counter` of the stream: draws are addressed, so a Monte
 * Carlo can give each uncertain value its own block of the stream.
 */
MB_EXTERN void mb_random_seek(mb_random *r, uint64_t counter);

/* The next 64 random bits of the stream. */
MB_EXTERN uint64_t mb_random_bits(mb_random *r);

/* The next uniform draw in (0, 1), never 0 or 1 (53 bits). */
MB_EXTERN double mb_random_uniform(mb_random *r);

/* The next standard normal draw: the normal quantile of a uniform one. */
MB_EXTERN double mb_random_normal(mb_random *r);

/* The standard normal quantile of p in (0, 1) (Wichura 1988, AS 241). */
MB_EXTERN double mb_normal_quantile(double p);

/*
 * One draw of distribution u (lognormal with a negative geometric mean
 * gives negative draws), one uniform of the stream each; `value` when u is
 * NULL or MB_DIST_NONE.
 */
MB_EXTERN double mb_uncertainty_sample(const mb_lci_uncertainty *u,
                                       double value, mb_random *r);

#ifdef __cplusplus
}
#endif
#endif
