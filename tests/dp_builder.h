/*
 * dp_builder.h - write small Brightway datapackages for tests: one group
 * per matrix part, ids as given, values, optional flip flags.
 */
#ifndef METABOL_TEST_DP_BUILDER_H
#define METABOL_TEST_DP_BUILDER_H

#include <stdint.h>

#include <metabol/metabol.h>

typedef struct dp_group {
    const char *matrix;     /* "technosphere_matrix", ... */
    const char *group;      /* file prefix and group name */
    const char *identifier; /* "a/b" becomes ["a", "b"]; NULL for none */
    int n;
    const int64_t *rows, *cols;
    const double *vals;
    const int *flip; /* NULL: no flip array */
} dp_group;

/* Write datapackage.json and the .npy files into dir; 0 on success. */
int dp_write(const char *dir, const dp_group *groups, int ngroups);

/* Open the datapackage in dir and compile it; 0 on success. */
int dp_load_system(const char *dir, mb_datapackage **dp, mb_system **sys);

/*
 * Heijungs & Suh (2002), The Computational Structure of LCA, ch. 2
 * (../shared/data/lca/heijungs_suh_2002_ch2/SOURCE.txt): A = [[10, 0],
 * [-2, 100]] (products and activities 1, 2), B = [[1, 10], [0.1, 2],
 * [0, -50]] (flows 11, 12, 13), the made-up factors [1, 2, 0] (method
 * "made up/cf"); for f = [1000, 0], s = [100, 2], g = [120, 14, -100] and
 * the score is 148. Its three groups (static data).
 */
void dp_heijungs_suh(dp_group g[3]);
/* Those groups written into dir; 0 on success. */
int dp_write_heijungs_suh(const char *dir);
/* The same written into a fresh test directory, opened and compiled. */
int dp_load_heijungs_suh(mb_datapackage **dp, mb_system **sys);

/* A system written from groups, compiled and factorized. */
typedef struct dp_built {
    mb_datapackage *dp;
    mb_system *sys;
    mb_lca *lca;
} dp_built;

/* Write the groups into a fresh temporary directory, load, factorize. */
int dp_build(dp_built *b, const dp_group *g, int ng);
void dp_unbuild(dp_built *b);

#endif
