/*
 * lu_backend.h - the internal face of each LU back end (lu_klu.c,
 * lu_umfpack.c, lu_dense.c); lu.c dispatches to them.
 */
#ifndef MB_LU_BACKEND_H
#define MB_LU_BACKEND_H

#include "metabol/lu.h"

typedef struct lu_ops {
    /* Analyse and factorize; state goes to *impl. */
    int (*factor)(void **impl, const mb_csc *a, int64_t *singular_col);
    /* Numeric factorization only, keeping the symbolic analysis. */
    int (*refactor)(void *impl, const mb_csc *a, int64_t *singular_col);
    int (*solve)(void *impl, double *b, int64_t nrhs, int transpose);
    int64_t (*factor_nnz)(const void *impl);
    void (*destroy)(void *impl);
} lu_ops;

extern const lu_ops mb_lu_klu_ops;
extern const lu_ops mb_lu_umfpack_ops;
extern const lu_ops mb_lu_dense_ops;

#endif
