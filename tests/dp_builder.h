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
