/*
 * datapackage.h - Brightway bw_processing datapackages: a frictionless
 * `datapackage.json` describing NumPy arrays (indices, data, flip,
 * distributions) grouped by the matrix they fill. A directory or a zip.
 * Format: github.com/brightway-lca/bw_processing (docs and README).
 */
#ifndef METABOL_DATAPACKAGE_H
#define METABOL_DATAPACKAGE_H

#include "common.h"
#include "npy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_dp_resource {
    char *name;       /* "technosphere.data" */
    char *matrix;     /* "technosphere_matrix"; NULL when absent */
    char *kind;       /* "indices", "data", "flip", "distributions", ... */
    char *group;      /* "technosphere" */
    char *path;       /* file inside the package */
    char *identifier; /* method-like identifier joined by "/", or NULL */
    char *category;   /* "vector" or "array"; NULL when absent */
    mb_npy *array;    /* the loaded array, NULL when not loaded */
} mb_dp_resource;

typedef struct mb_datapackage {
    char *source;     /* path given, or the buffer's label */
    char *name;       /* "name" from datapackage.json, or "" */
    size_t nresources;
    mb_dp_resource *resources;
} mb_datapackage;

/* Load arrays of kind "distributions" too (skipped by default). */
#define MB_DP_LOAD_DISTRIBUTIONS 1u

/* Open a datapackage directory or .zip file and load its .npy arrays. */
MB_EXTERN int mb_datapackage_open(mb_datapackage **out, const char *path,
                                  unsigned flags);

/* The same from a zip archive held in memory; `label` names it in errors. */
MB_EXTERN int mb_datapackage_from_buffer(mb_datapackage **out, const void *zip,
                                         size_t len, const char *label,
                                         unsigned flags);

/* The resource of a group with the given kind, or NULL. */
MB_EXTERN const mb_dp_resource *
mb_datapackage_find(const mb_datapackage *dp, const char *group,
                    const char *kind);

MB_EXTERN void mb_datapackage_free(mb_datapackage *dp);

#ifdef __cplusplus
}
#endif
#endif
