/*
 * lu_backend.h - the internal face of each LU back end (lu_klu.c,
 * lu_umfpack.c, lu_dense.c); lu.c dispatches to them.
 */
#ifndef MB_LU_BACKEND_H
#define MB_LU_BACKEND_H

#include "metabol/lu.h"

typedef struct lu_ops {
    /* Symbolic analysis of a's pattern; state goes to *impl. */
    int (*analyze)(void **impl, const mb_csc *a);
    /* Numeric factorization (again) with a's values, same pattern. */
    int (*numeric)(void *impl, const mb_csc *a, int64_t *singular_col);
    int (*solve)(void *impl, double *b, int64_t nrhs, int transpose);
    int64_t (*factor_nnz)(const void *impl);
    void (*destroy)(void *impl);
    /* Numeric factorization with the pivot order of the last one (no
     * pivoting); NULL when the back end has none: numeric serves. */
    int (*refactor)(void *impl, const mb_csc *a);
} lu_ops;

extern const lu_ops mb_lu_klu_ops;
extern const lu_ops mb_lu_umfpack_ops;
extern const lu_ops mb_lu_dense_ops;

#endif
