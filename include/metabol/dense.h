/*
 * dense.h - dense column-major matrices (the LAPACK layout).
 */
#ifndef METABOL_DENSE_H
#define METABOL_DENSE_H

#include "common.h"
#include "sparse.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_dense {
    int64_t m, n;
    int64_t ld; /* leading dimension, >= m */
    double *x;  /* x[i + j * ld] */
} mb_dense;

/* A zero-filled m x n matrix. */
MB_EXTERN int mb_dense_new(mb_dense **out, int64_t m, int64_t n);
MB_EXTERN int mb_dense_from_csc(mb_dense **out, const mb_csc *a);
MB_EXTERN void mb_dense_free(mb_dense *a);

static inline double *mb_dense_at(mb_dense *a, int64_t i, int64_t j)
{
    return &a->x[i + j * a->ld];
}

#ifdef __cplusplus
}
#endif
#endif
