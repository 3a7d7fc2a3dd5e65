/*
 * sparse.h - sparse matrices: triplet (COO) form for building, compressed
 * sparse column (CSC) form for computing. 0-based, int64_t indices, the
 * layout of CSparse and of SuiteSparse's *_dl / *_l routines.
 */
#ifndef METABOL_SPARSE_H
#define METABOL_SPARSE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Triplets; duplicates allowed, summed on compression. */
typedef struct mb_coo {
    int64_t m, n;      /* rows, columns */
    int64_t nnz, cap;  /* entries used, entries allocated */
    int64_t *row, *col;
    double *val;
} mb_coo;

/* Compressed sparse column: column j holds i[p[j]..p[j+1]-1], x[same]. */
typedef struct mb_csc {
    int64_t m, n;
    int64_t *p; /* n + 1 column pointers */
    int64_t *i; /* p[n] row indices, sorted within each column */
    double *x;  /* p[n] values */
} mb_csc;

MB_EXTERN int mb_coo_new(mb_coo **out, int64_t m, int64_t n, int64_t cap);
MB_EXTERN int mb_coo_push(mb_coo *t, int64_t row, int64_t col, double val);
MB_EXTERN void mb_coo_free(mb_coo *t);

/* Compress triplets: sorted rows, duplicates summed, explicit zeros kept. */
MB_EXTERN int mb_csc_from_coo(mb_csc **out, const mb_coo *t);
/* The same from plain arrays of nnz rows, columns and values (unchecked:
 * every row in [0, m), every column in [0, n)). */
MB_EXTERN int mb_csc_from_triplets(mb_csc **out, int64_t m, int64_t n,
                                   int64_t nnz, const int64_t *rows,
                                   const int64_t *cols, const double *vals);
/*
 * Put `a` in canonical form in place: rows sorted within each column,
 * duplicate entries summed (p, i, x compacted; the arrays keep their size).
 */
MB_EXTERN int mb_csc_sum_duplicates(mb_csc *a);
MB_EXTERN int mb_csc_new(mb_csc **out, int64_t m, int64_t n, int64_t nnz);
MB_EXTERN int mb_csc_copy(mb_csc **out, const mb_csc *a);
MB_EXTERN int mb_csc_transpose(mb_csc **out, const mb_csc *a);
MB_EXTERN void mb_csc_free(mb_csc *a);

static inline int64_t mb_csc_nnz(const mb_csc *a) { return a->p[a->n]; }

/* y = alpha * A x + beta * y (y has m entries, x has n). */
MB_EXTERN void mb_csc_gemv(const mb_csc *a, double alpha, const double *x,
                           double beta, double *y);
/* y = alpha * A^T x + beta * y (y has n entries, x has m). */
MB_EXTERN void mb_csc_gemv_t(const mb_csc *a, double alpha, const double *x,
                             double beta, double *y);

/* Index of the first NaN or Inf value, or -1 when all are finite. */
MB_EXTERN int64_t mb_csc_find_nonfinite(const mb_csc *a);

/* Position of entry (i, j) among the nonzeros of a canonical matrix (rows
 * sorted within each column: binary search), or -1 when absent. */
MB_EXTERN int64_t mb_csc_position(const mb_csc *a, int64_t i, int64_t j);

#ifdef __cplusplus
}
#endif
#endif
