/*
 * datapackage.h - Brightway bw_processing datapackages: a frictionless
 * `datapackage.json` describing NumPy arrays (indices, data, flip,
 * distributions) grouped by the matrix they fill, and metadata tables. A
 * directory or a zip. Read (mb_datapackage_open), written (mb_dp_writer),
 * and read as inventory records for a project (mb_datapackage_read).
 * Format: github.com/brightway-lca/bw_processing (docs and README);
 * docs/datapackage.md.
 */
#ifndef METABOL_DATAPACKAGE_H
#define METABOL_DATAPACKAGE_H

#include "common.h"
#include "lci.h"
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
    char *text;       /* MB_DP_LOAD_TEXT: a CSV resource's bytes (with a
                       * NUL after them), else NULL */
    size_t text_len;
} mb_dp_resource;

typedef struct mb_datapackage {
    char *source;     /* path given, or the buffer's label */
    char *name;       /* "name" from datapackage.json, or "" */
    size_t nresources;
    mb_dp_resource *resources;
} mb_datapackage;

/* Load arrays of kind "distributions" too (skipped by default). */
#define MB_DP_LOAD_DISTRIBUTIONS 1u
/* Load CSV resources (metadata tables) into mb_dp_resource.text. */
#define MB_DP_LOAD_TEXT 2u

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

/*
 * The entries of one resource group of a matrix, as bw2calc reads them:
 * the group's indices (a 1-D array with integer fields 'row' and 'col'),
 * its data (as many values), its flip flags (booleans, optional) and, when
 * loaded and of the right length, its distributions. Values come with
 * flip applied; a NaN or infinite value is an error naming the entry.
 * Only 'vector' groups are supported.
 */
typedef struct mb_dp_entries {
    const mb_dp_resource *indices, *data, *flip; /* borrowed; flip: NULL */
    const mb_dp_resource *distributions;         /* NULL when absent */
    int64_t n;
    int64_t *rows, *cols; /* the ids, converted */
    double *vals;         /* flip applied */
} mb_dp_entries;

/* Load the entries of the group whose indices resource is `indices`. */
MB_EXTERN int mb_dp_entries_load(mb_dp_entries *out, const mb_datapackage *dp,
                                 const mb_dp_resource *indices);
/* Free the arrays of e (not e itself); NULL is fine. */
MB_EXTERN void mb_dp_entries_free(mb_dp_entries *e);

/*
 * One entry's distribution as bw_processing stores it (UNCERTAINTY_DTYPE,
 * stats_arrays ids): 0 undefined, 1 none, 2 lognormal (loc = ln of the
 * geometric mean, scale = ln of the geometric standard deviation),
 * 3 normal (loc mean, scale sd), 4 uniform (minimum, maximum),
 * 5 triangular (minimum, loc the mode, maximum), 8 Weibull and 9 gamma
 * (loc an offset, NaN for 0; scale; shape), 10 beta (loc alpha, shape
 * beta, on [minimum, maximum], NaN for 0 and 1); NaN where unused.
 * `negative` marks a lognormal, Weibull or gamma of negative values.
 * Ids 6 (Bernoulli), 7 (discrete uniform), 11 (generalized extreme value)
 * and 12 (Student's t) exist too; metabol does not sample them.
 */
typedef struct mb_dp_uncertainty {
    int type;
    double loc, scale, shape, minimum, maximum;
    int negative;
} mb_dp_uncertainty;

#define MB_DP_UNDEFINED 0
#define MB_DP_NO_UNCERTAINTY 1
#define MB_DP_LOGNORMAL 2
#define MB_DP_NORMAL 3
#define MB_DP_UNIFORM 4
#define MB_DP_TRIANGULAR 5
#define MB_DP_BERNOULLI 6
#define MB_DP_DISCRETE_UNIFORM 7
#define MB_DP_WEIBULL 8
#define MB_DP_GAMMA 9
#define MB_DP_BETA 10
#define MB_DP_GENERALIZED_EXTREME 11
#define MB_DP_STUDENT 12

/*
 * A project's distribution (lci.h) as bw_processing stores it (for an
 * entry written flipped, pass the distribution of its magnitude:
 * mb_lci_uncertainty_scale by -1). MB_DP_UNDEFINED when u is NULL or has
 * none.
 */
MB_EXTERN void mb_dp_uncertainty_from(const mb_lci_uncertainty *u,
                                      mb_dp_uncertainty *out);

/*
 * The distribution (lci.h) of an entry whose data value is `amount`, from
 * its stats_arrays parameters: none for ids 0 and 1; a lognormal's,
 * normal's or triangle's missing loc is the amount's (ln |amount| for a
 * lognormal, as bw2io writes it). Parameters go over as they are, valid or
 * not (mb_lci_uncertainty_check judges). MB_EUNSUPPORTED, with the kind's
 * name in *kind (may be NULL), for ids metabol does not sample (6, 7, 11,
 * 12, unknown); *out is then none.
 */
MB_EXTERN int mb_dp_uncertainty_to(const mb_dp_uncertainty *d, double amount,
                                   mb_lci_uncertainty *out,
                                   const char **kind);

/* Entry k of a distributions array (fields missing read as NaN / 0). */
MB_EXTERN void mb_dp_uncertainty_get(const mb_npy *distributions, int64_t k,
                                     mb_dp_uncertainty *out);

/*
 * Writing a datapackage, as bw_processing writes one (its
 * Datapackage.add_persistent_vector and add_csv_metadata): each matrix
 * group as <group>.indices.npy (int32 'row', 'col'; int64 when an id does
 * not fit, with "64_bit_indices"), <group>.data.npy (float64),
 * <group>.flip.npy (bool, only when some entry is flipped) and
 * <group>.distributions.npy (UNCERTAINTY_DTYPE, only when given), and
 * metadata tables as CSV; then datapackage.json. The package is written
 * into a temporary directory beside `path` and moved there by
 * mb_dp_writer_finish: a directory, or a zip when path ends in ".zip"
 * (an existing zip is replaced, an existing directory refused). Until
 * then nothing is at `path`, and mb_dp_writer_free removes every trace.
 */
typedef struct mb_dp_writer mb_dp_writer;

MB_EXTERN int mb_dp_writer_new(mb_dp_writer **out, const char *path);

typedef struct mb_dp_vector {
    const char *matrix;     /* "technosphere_matrix", ... */
    const char *group;      /* resource names <group>.indices, ... */
    const char *identifier; /* "a/b" written as ["a", "b"]; NULL: none */
    int64_t global_index;   /* written when >= 0 (characterization) */
    int64_t n;
    const int64_t *rows, *cols;
    const double *data;
    const unsigned char *flip;               /* NULL: nothing flipped */
    const mb_dp_uncertainty *distributions;  /* NULL: none */
} mb_dp_vector;

MB_EXTERN int mb_dp_writer_add_vector(mb_dp_writer *w, const mb_dp_vector *v);

/*
 * A metadata table <name>.csv, written row by row: `valid_for` holds
 * nvalid pairs (group, "rows" or "cols") naming what its ids label. A NULL
 * cell is written empty.
 */
MB_EXTERN int mb_dp_writer_table_begin(mb_dp_writer *w, const char *name,
                                       size_t ncols,
                                       const char *const *header,
                                       size_t nvalid,
                                       const char *const *valid_for);
MB_EXTERN int mb_dp_writer_table_row(mb_dp_writer *w,
                                     const char *const *cells);
MB_EXTERN int mb_dp_writer_table_end(mb_dp_writer *w);

/* Write datapackage.json (package `name`) and move the package in place. */
MB_EXTERN int mb_dp_writer_finish(mb_dp_writer *w, const char *name);
/* Free the writer; unless finished, remove what it wrote. */
MB_EXTERN void mb_dp_writer_free(mb_dp_writer *w);

/*
 * Read a datapackage (ours or Brightway's) as inventory records into sink,
 * for the project store: one process per technosphere column, with its
 * reference product, its inputs (linked to the process of their row) and
 * its elementary exchanges; elementary flows from the biosphere rows;
 * impact categories (and methods) from the characterization groups. Ids,
 * names and units come from the package's "activities", "flows" and
 * "methods" tables when it has them, else they are made from the integer
 * ids: "dp-activity:<id>", "dp-product:<id>", "dp-flow:<id>". Compiling
 * the records gives back the package's matrices (up to the order of
 * rows). docs/datapackage.md has the details.
 */
MB_EXTERN int mb_datapackage_read(const char *path, const mb_lci_sink *sink);
MB_EXTERN int mb_datapackage_read_buffer(const void *zip, size_t len,
                                         const char *label,
                                         const mb_lci_sink *sink);

#ifdef __cplusplus
}
#endif
#endif
