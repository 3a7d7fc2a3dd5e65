/*
 * lu_klu.c - sparse LU by KLU (Davis & Palamadai Natarajan 2010, "Algorithm
 * 907: KLU, a direct sparse solver for circuit simulation problems", ACM
 * TOMS 37(3)). BTF first permutes the matrix to block upper triangular form
 * (Tarjan's strongly connected components), so only the diagonal blocks are
 * factorized: LCA technosphere matrices are mostly triangular with one large
 * loop, which makes KLU+BTF a good fit. The symbolic analysis (BTF + AMD) is
 * kept and reused for new values; numeric factorization re-pivots.
 *
 * Each diagonal block is ordered by AMD (Amestoy, Davis & Duff 2004,
 * "Algorithm 837: AMD", ACM TOMS 30(3)) with a lower dense-row threshold
 * than KLU's default: rows and columns with more than 2 sqrt(n) entries are
 * ordered last. In LCA those are the market hubs (electricity, transport,
 * heat) that thousands of activities buy from; eliminated early they fill
 * the factors. On the ecoinvent-scale benchmark this cuts the ordering time
 * by two thirds, the factorization by more than half and L+U by a fifth
 * (docs/performance.md).
 *
 * KLU's 32-bit-index routines (klu_*) are used whenever the matrix fits
 * them, the 64-bit ones (klu_l_*) otherwise: the factors of an ecoinvent-
 * sized system store a million indices, and halving their size makes every
 * solve, which streams through the factors, measurably faster.
 */
#include <limits.h>
#include <string.h>

#include <amd.h>
#include <klu.h>

#include "core/core.h"
#include "linalg/lu_backend.h"

_Static_assert(sizeof(SuiteSparse_long) == sizeof(int64_t),
               "SuiteSparse_long must be 64-bit");

/*
 * KLU's factors of the 32-bit path, extracted (klu_extract) for the
 * single-demand solve: P R^-1 A Q = L U + F, L unit lower and U upper
 * triangular within the diagonal blocks R[b]..R[b+1]-1, F the entries above
 * the blocks. Unlike klu_solve, the solve below skips every column whose
 * value is zero, and a unit demand leaves most of an LCA system's blocks
 * zero: the activities downstream of the product are never touched.
 */
typedef struct sparse_factors {
    int n, nblocks;
    int *lp, *li, *up, *ui, *fp, *fi, *p, *q, *r;
    double *lx, *ux, *fx, *rs, *udiag, *x;
} sparse_factors;

typedef struct klu_state {
    int narrow; /* 1: klu_* with int indices; 0: klu_l_* */
    int64_t n;
    int *p32, *i32; /* the pattern as int, for the narrow routines */
    klu_common c32;
    klu_symbolic *s32;
    klu_numeric *n32;
    klu_l_common c64;
    klu_l_symbolic *s64;
    klu_l_numeric *n64;
    sparse_factors f;  /* extracted for the second single solve after a
                          factorization: one-shot LCAs never pay for it */
    int extracted;
    int single_solves; /* since the factorization */
} klu_state;

static void factors_free(sparse_factors *f)
{
    mb_free(f->lp), mb_free(f->li), mb_free(f->lx);
    mb_free(f->up), mb_free(f->ui), mb_free(f->ux);
    mb_free(f->fp), mb_free(f->fi), mb_free(f->fx);
    mb_free(f->p), mb_free(f->q), mb_free(f->r), mb_free(f->rs);
    mb_free(f->udiag), mb_free(f->x);
    memset(f, 0, sizeof *f);
}

/* klu_extract into f, with U's diagonal apart; 0 or an error. */
static int factors_extract(klu_state *st)
{
    sparse_factors *f = &st->f;
    klu_numeric *num = st->n32;
    size_t n = (size_t)st->n;
    int j, q;

    factors_free(f);
    f->n = (int)st->n;
    f->nblocks = st->s32->nblocks;
    f->lp = mb_alloc_array(n + 1, sizeof *f->lp);
    f->li = mb_alloc_array((size_t)num->lnz + 1, sizeof *f->li);
    f->lx = mb_alloc_array((size_t)num->lnz + 1, sizeof *f->lx);
    f->up = mb_alloc_array(n + 1, sizeof *f->up);
    f->ui = mb_alloc_array((size_t)num->unz + 1, sizeof *f->ui);
    f->ux = mb_alloc_array((size_t)num->unz + 1, sizeof *f->ux);
    f->fp = mb_alloc_array(n + 1, sizeof *f->fp);
    f->fi = mb_alloc_array((size_t)num->nzoff + 1, sizeof *f->fi);
    f->fx = mb_alloc_array((size_t)num->nzoff + 1, sizeof *f->fx);
    f->p = mb_alloc_array(n + 1, sizeof *f->p);
    f->q = mb_alloc_array(n + 1, sizeof *f->q);
    f->r = mb_alloc_array((size_t)f->nblocks + 1, sizeof *f->r);
    f->rs = mb_alloc_array(n + 1, sizeof *f->rs);
    f->udiag = mb_alloc_array(n + 1, sizeof *f->udiag);
    f->x = mb_alloc_array(n + 1, sizeof *f->x);
    if (!f->lp || !f->li || !f->lx || !f->up || !f->ui || !f->ux || !f->fp ||
        !f->fi || !f->fx || !f->p || !f->q || !f->r || !f->rs || !f->udiag ||
        !f->x) {
        factors_free(f);
        return MB_ENOMEM;
    }
    if (!klu_extract(num, st->s32, f->lp, f->li, f->lx, f->up, f->ui, f->ux,
                     f->fp, f->fi, f->fx, f->p, f->q, f->rs, f->r,
                     &st->c32)) {
        factors_free(f);
        return mb_error_set(MB_EINTERNAL, "klu_extract failed (status %d)",
                            st->c32.status);
    }
    for (j = 0; j < f->n; j++) {
        f->udiag[j] = 0.0;
        for (q = f->up[j]; q < f->up[j + 1]; q++)
            if (f->ui[q] == j)
                f->udiag[j] = f->ux[q];
    }
    st->extracted = 1;
    return 0;
}

/*
 * b <- A^-1 b with the extracted factors, block by block from the last, as
 * klu_solve does (Davis & Palamadai Natarajan 2010, sec. 2), but a column
 * whose value is zero costs nothing: Gilbert & Peierls' observation that a
 * sparse right-hand side needs only the columns it reaches.
 */
static void factors_solve(sparse_factors *f, double *b)
{
    double *x = f->x;
    int blk, j, q;

    for (j = 0; j < f->n; j++)
        x[j] = b[f->p[j]] / f->rs[j]; /* klu_extract: Rs permuted too */
    for (blk = f->nblocks - 1; blk >= 0; blk--) {
        int k1 = f->r[blk], k2 = f->r[blk + 1];

        for (j = k1; j < k2; j++) { /* L y = x, unit diagonal */
            double xj = x[j];

            if (xj == 0.0)
                continue;
            for (q = f->lp[j]; q < f->lp[j + 1]; q++)
                if (f->li[q] != j)
                    x[f->li[q]] -= f->lx[q] * xj;
        }
        for (j = k2 - 1; j >= k1; j--) { /* U z = y */
            double xj;

            if (x[j] == 0.0)
                continue;
            xj = x[j] /= f->udiag[j];
            for (q = f->up[j]; q < f->up[j + 1]; q++)
                if (f->ui[q] != j)
                    x[f->ui[q]] -= f->ux[q] * xj;
        }
        for (j = k1; j < k2; j++) { /* the entries above the block */
            double xj = x[j];

            if (xj == 0.0)
                continue;
            for (q = f->fp[j]; q < f->fp[j + 1]; q++)
                x[f->fi[q]] -= f->fx[q] * xj;
        }
    }
    for (j = 0; j < f->n; j++)
        b[f->q[j]] = x[j];
}

static int status_of(const klu_state *st)
{
    return st->narrow ? st->c32.status : (int)st->c64.status;
}

static int64_t singular_col_of(const klu_state *st)
{
    return st->narrow ? st->c32.singular_col : st->c64.singular_col;
}

static void free_numeric(klu_state *st)
{
    st->extracted = 0;
    st->single_solves = 0;
    if (st->n32)
        klu_free_numeric(&st->n32, &st->c32);
    if (st->n64)
        klu_l_free_numeric(&st->n64, &st->c64);
}

static void destroy(void *impl)
{
    klu_state *st = impl;

    if (!st)
        return;
    free_numeric(st);
    factors_free(&st->f);
    if (st->s32)
        klu_free_symbolic(&st->s32, &st->c32);
    if (st->s64)
        klu_l_free_symbolic(&st->s64, &st->c64);
    mb_free(st->p32);
    mb_free(st->i32);
    mb_free(st);
}

/* Copy the pattern into int arrays; 0, or MB_ENOMEM. */
static int narrow_pattern(klu_state *st, const mb_csc *a)
{
    int64_t k, nnz = mb_csc_nnz(a);

    st->p32 = mb_alloc_array((size_t)a->n + 1, sizeof *st->p32);
    st->i32 = mb_alloc_array((size_t)nnz + 1, sizeof *st->i32);
    if (!st->p32 || !st->i32)
        return MB_ENOMEM;
    for (k = 0; k <= a->n; k++)
        st->p32[k] = (int)a->p[k];
    for (k = 0; k < nnz; k++)
        st->i32[k] = (int)a->i[k];
    return 0;
}

/* AMD's dense threshold, in multiples of sqrt(n); AMD's default is 10. */
#define HUB_DENSE 2.0

/*
 * KLU's ordering callback: 0 on failure, else the estimated nnz(L) of the
 * block (KLU sizes its first allocation of the factors with it), as KLU's
 * own AMD path computes it.
 */
static double amd_block(int64_t n, double lnz_estimate)
{
    double lnz = lnz_estimate + (double)n;

    return lnz < 1.0 ? 1.0 : lnz;
}

static int order_block(int n, int *ap, int *ai, int *perm, klu_common *c)
{
    double control[AMD_CONTROL], info[AMD_INFO], lnz;

    (void)c;
    amd_defaults(control);
    control[AMD_DENSE] = HUB_DENSE;
    if (amd_order(n, ap, ai, perm, control, info) < AMD_OK)
        return 0;
    lnz = amd_block(n, info[AMD_LNZ]);
    return lnz < INT_MAX ? (int)lnz : INT_MAX;
}

static SuiteSparse_long order_block_l(SuiteSparse_long n, SuiteSparse_long *ap,
                                      SuiteSparse_long *ai,
                                      SuiteSparse_long *perm, klu_l_common *c)
{
    double control[AMD_CONTROL], info[AMD_INFO];

    (void)c;
    amd_l_defaults(control);
    control[AMD_DENSE] = HUB_DENSE;
    if (amd_l_order(n, ap, ai, perm, control, info) < AMD_OK)
        return 0;
    return (SuiteSparse_long)amd_block(n, info[AMD_LNZ]);
}

/* BTF + AMD ordering of a's pattern, with int or 64-bit indices. */
static int symbolic(klu_state *st, const mb_csc *a)
{
    int rc;

    if (st->narrow) {
        if ((rc = narrow_pattern(st, a)) < 0)
            return rc;
        klu_defaults(&st->c32);
        st->c32.ordering = 3; /* user: order_block */
        st->c32.user_order = order_block;
        st->s32 = klu_analyze((int)a->n, st->p32, st->i32, &st->c32);
    } else {
        klu_l_defaults(&st->c64);
        st->c64.ordering = 3;
        st->c64.user_order = order_block_l;
        st->s64 = klu_l_analyze(a->n, (SuiteSparse_long *)a->p,
                                (SuiteSparse_long *)a->i, &st->c64);
    }
    if (st->s32 || st->s64)
        return 0;
    return status_of(st) == KLU_OUT_OF_MEMORY
               ? mb_error_oom()
               : mb_error_set(MB_EINVAL, "KLU analysis failed (status %d)",
                              status_of(st));
}

static int analyze(void **impl, const mb_csc *a)
{
    klu_state *st = mb_calloc(1, sizeof *st);
    int rc;

    if (!st)
        return MB_ENOMEM;
    st->n = a->n;
    st->narrow = a->n < INT_MAX / 4 && mb_csc_nnz(a) < INT_MAX / 4;
    if ((rc = symbolic(st, a)) < 0) {
        destroy(st);
        return rc;
    }
    *impl = st;
    return 0;
}

static int numeric(void *impl, const mb_csc *a, int64_t *singular_col)
{
    klu_state *st = impl;
    int status, rc;

    free_numeric(st);
    if (st->narrow)
        st->n32 = klu_factor(st->p32, st->i32, a->x, st->s32, &st->c32);
    else
        st->n64 = klu_l_factor((SuiteSparse_long *)a->p,
                               (SuiteSparse_long *)a->i, a->x, st->s64,
                               &st->c64);
    status = status_of(st);
    if (status == KLU_TOO_LARGE && st->narrow) {
        /* The factors outgrew int indices: redo it all in 64 bits. */
        klu_free_symbolic(&st->s32, &st->c32);
        st->narrow = 0;
        if ((rc = symbolic(st, a)) < 0)
            return rc;
        return numeric(st, a, singular_col);
    }
    if (status == KLU_SINGULAR) {
        int64_t col = singular_col_of(st);

        if (singular_col)
            *singular_col = col < st->n ? col : -1;
        return mb_error_set(MB_ESINGULAR,
                            "matrix is singular (zero pivot in column %lld)",
                            (long long)col);
    }
    if (status == KLU_OUT_OF_MEMORY)
        return mb_error_oom();
    if ((!st->n32 && !st->n64) || status < 0)
        return mb_error_set(MB_EINTERNAL,
                            "KLU factorization failed (status %d)", status);
    return 0;
}

static int solve(void *impl, double *b, int64_t nrhs, int transpose)
{
    klu_state *st = impl;
    int ok;

    if (st->narrow && nrhs > INT_MAX)
        return mb_error_set(MB_EINVAL, "too many right-hand sides");
    if (st->narrow && nrhs == 1 && !transpose && st->single_solves++ > 0) {
        int rc = st->extracted ? 0 : factors_extract(st);

        if (rc < 0)
            return rc;
        factors_solve(&st->f, b);
        return 0;
    }
    if (st->narrow)
        ok = transpose ? klu_tsolve(st->s32, st->n32, (int)st->n, (int)nrhs,
                                    b, &st->c32)
                       : klu_solve(st->s32, st->n32, (int)st->n, (int)nrhs, b,
                                   &st->c32);
    else
        ok = transpose ? (int)klu_l_tsolve(st->s64, st->n64, st->n, nrhs, b,
                                           &st->c64)
                       : (int)klu_l_solve(st->s64, st->n64, st->n, nrhs, b,
                                          &st->c64);
    if (!ok)
        return mb_error_set(MB_EINTERNAL, "KLU solve failed (status %d)",
                            status_of(st));
    return 0;
}

static int64_t factor_nnz(const void *impl)
{
    const klu_state *st = impl;

    if (st->narrow)
        return (int64_t)st->n32->lnz + st->n32->unz + st->n32->nzoff;
    return st->n64->lnz + st->n64->unz + st->n64->nzoff;
}

/* klu_refactor: the values of a, the pivots of the last klu_factor. */
static int refactor(void *impl, const mb_csc *a)
{
    klu_state *st = impl;
    int ok, status;

    if (!st->n32 && !st->n64)
        return numeric(st, a, NULL);
    st->extracted = 0; /* the extracted factors are the old ones */
    st->single_solves = 0;
    if (st->narrow)
        ok = klu_refactor(st->p32, st->i32, a->x, st->s32, st->n32,
                          &st->c32);
    else
        ok = klu_l_refactor((SuiteSparse_long *)a->p,
                            (SuiteSparse_long *)a->i, a->x, st->s64, st->n64,
                            &st->c64);
    status = status_of(st);
    if (status == KLU_SINGULAR)
        return mb_error_set(MB_ESINGULAR, "zero pivot with the kept pivot "
                            "order");
    if (!ok || status < 0)
        return mb_error_set(MB_EINTERNAL, "KLU refactorization failed "
                            "(status %d)", status);
    return 0;
}

const lu_ops mb_lu_klu_ops = {analyze, numeric, solve, factor_nnz, destroy,
                              refactor};
