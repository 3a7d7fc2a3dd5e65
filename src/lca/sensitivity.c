/*
 * sensitivity.c - local sensitivity of an LCA score (Heijungs 2010,
 * "Sensitivity coefficients for matrix-based LCA", Int J LCA 15:511-520,
 * eq. 14-16 in the notation of Heijungs & Suh 2002):
 *
 *   h = c^T B A^-1 f,   s = A^-1 f,   g = B s,   A^T lambda = B^T c
 *
 *   dh/dA_ij = -lambda_i s_j   (d(A^-1) = -A^-1 dA A^-1)
 *   dh/dB_kj = c_k s_j
 *   dh/dc_k  = g_k
 *
 * so one solve and one transposed solve with the factorization already
 * made give the coefficient of every nonzero of A and B and of every
 * characterization factor. The sensitivity ratio (elasticity) of an entry a
 * is dh/da * a / h: the relative change of the score per relative change
 * of the entry. Only nonzeros are differentiated: an entry absent from the
 * data (a structural zero) has no relative change to make.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "metabol/param_model.h"
#include "metabol/sensitivity.h"

void mb_sensitivity_free(mb_sensitivity *s)
{
    if (!s)
        return;
    mb_free(s->dA);
    mb_free(s->dB);
    mb_free(s->dc);
    mb_free(s);
}

/* dh/dA_ij = -lambda_i s_j and dh/dB_kj = c_k s_j over the nonzeros. */
static void coefficients(mb_sensitivity *r, const mb_system *sys,
                         const double *c, const double *s,
                         const double *lambda)
{
    int64_t j, k;

    for (j = 0; j < sys->A->n; j++)
        for (k = sys->A->p[j]; k < sys->A->p[j + 1]; k++)
            r->dA[k] = -lambda[sys->A->i[k]] * s[j];
    for (j = 0; j < sys->B->n; j++)
        for (k = sys->B->p[j]; k < sys->B->p[j + 1]; k++)
            r->dB[k] = c[sys->B->i[k]] * s[j];
}

int mb_sensitivity_local(mb_sensitivity **out, mb_lca *lca,
                         const double *demand, size_t method)
{
    const mb_system *sys = mb_lca_system(lca);
    int64_t np = sys->nproducts, na = sys->nactivities, nf = sys->nflows;
    double *s = NULL, *lambda = NULL, *rhs = NULL;
    const double *c;
    mb_sensitivity *r;
    int rc = MB_ENOMEM;

    *out = NULL;
    if (method >= sys->nmethods)
        return mb_error_set(MB_EINVAL, "method %zu: the system has %zu",
                            method, sys->nmethods);
    c = sys->methods[method].values;
    if (!(r = mb_calloc(1, sizeof *r)))
        return MB_ENOMEM;
    r->method = method;
    r->nA = mb_csc_nnz(sys->A);
    r->nB = mb_csc_nnz(sys->B);
    r->nflows = nf;
    r->dA = mb_alloc_array((size_t)r->nA + 1, sizeof *r->dA);
    r->dB = mb_alloc_array((size_t)r->nB + 1, sizeof *r->dB);
    r->dc = mb_alloc_array((size_t)nf + 1, sizeof *r->dc);
    s = mb_alloc_array((size_t)na + 1, sizeof *s);
    lambda = mb_alloc_array((size_t)np + 1, sizeof *lambda);
    rhs = mb_alloc_array((size_t)(np > na ? np : na) + 1, sizeof *rhs);
    if (!r->dA || !r->dB || !r->dc || !s || !lambda || !rhs)
        goto done;
    if ((rc = mb_lca_solve(lca, demand, s, NULL)) < 0)
        goto done;
    mb_lca_inventory(sys, s, r->dc); /* dh/dc = g */
    r->score = mb_lca_score(sys, method, r->dc);
    mb_csc_gemv_t(sys->B, 1.0, c, 0.0, rhs); /* B^T c */
    if ((rc = mb_lca_solve_transposed(lca, rhs, lambda, NULL)) < 0)
        goto done;
    coefficients(r, sys, c, s, lambda);
    rc = 0;
done:
    mb_free(s);
    mb_free(lambda);
    mb_free(rhs);
    if (rc < 0)
        mb_sensitivity_free(r);
    else
        *out = r;
    return rc;
}

/* A candidate of the ranking: |dh/da * a|, then where it is. */
typedef struct candidate {
    double effect;
    int64_t matrix, pos;
} candidate;

static int by_effect(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;

    if (a->effect != b->effect)
        return a->effect > b->effect ? -1 : 1;
    if (a->matrix != b->matrix)
        return a->matrix < b->matrix ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static void swap(candidate *a, candidate *b)
{
    candidate t = *a;

    *a = *b;
    *b = t;
}

/*
 * Put the k first candidates in by_effect's order into a[0..k-1] (in some
 * order): Hoare's selection (FIND, CACM 4:321, 1961) with the median of
 * three as pivot, so a top 20 of a million entries costs a few passes
 * rather than a full sort.
 */
static void select_first(candidate *a, int64_t n, int64_t k)
{
    int64_t lo = 0, hi = n - 1;

    while (k > 0 && k < n && hi > lo) {
        int64_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
        candidate pivot;

        if (by_effect(&a[mid], &a[lo]) < 0)
            swap(&a[mid], &a[lo]);
        if (by_effect(&a[hi], &a[lo]) < 0)
            swap(&a[hi], &a[lo]);
        if (by_effect(&a[hi], &a[mid]) < 0)
            swap(&a[hi], &a[mid]);
        pivot = a[mid];
        while (i <= j) {
            while (by_effect(&a[i], &pivot) < 0)
                i++;
            while (by_effect(&a[j], &pivot) > 0)
                j--;
            if (i <= j)
                swap(&a[i++], &a[j--]);
        }
        if (k - 1 <= j)
            hi = j;
        else if (k - 1 >= i)
            lo = i;
        else
            break;
    }
}

/*
 * Which nonzeros of A (matrix 0) or B (1) vary in a Monte Carlo run: those
 * with a distribution and those the parametric model overwrites. NULL
 * when out of memory.
 */
static unsigned char *varying(const mb_system *sys, int matrix)
{
    const mb_csc *m = matrix ? sys->B : sys->A;
    const mb_lci_uncertainty *u =
        matrix ? sys->B_uncertainty : sys->A_uncertainty;
    int64_t k, nnz = mb_csc_nnz(m), at;
    unsigned char *v = mb_calloc((size_t)nnz + 1, 1);

    if (!v)
        return NULL;
    for (k = 0; u && k < nnz; k++)
        v[k] = u[k].type != MB_DIST_NONE;
    for (k = 0; (at = mb_param_model_entry(sys->params, matrix, k)) >= 0;
         k++)
        if (at < nnz)
            v[at] = 1;
    return v;
}

/* Candidates of one matrix's nonzeros with an effect; the count added.
 * With `varies`, only the nonzeros it marks. */
static int64_t add_matrix(candidate *cand, int64_t n, const mb_csc *m,
                          const double *d, mb_sens_matrix which,
                          const unsigned char *varies)
{
    int64_t k, nnz = mb_csc_nnz(m);

    for (k = 0; k < nnz; k++) {
        double e = fabs(d[k] * m->x[k]);

        if (e > 0 && (!varies || varies[k])) {
            cand[n].effect = e;
            cand[n].matrix = which;
            cand[n++].pos = k;
        }
    }
    return n;
}

/* The row (and column) of nonzero k of m. */
static void locate(const mb_csc *m, int64_t k, int64_t *row, int64_t *col)
{
    int64_t lo = 0, hi = m->n;

    /* the column j with p[j] <= k < p[j + 1], by bisection */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;

        if (m->p[mid] <= k)
            lo = mid;
        else
            hi = mid;
    }
    *row = m->i[k];
    *col = lo;
}

static void fill_entry(mb_sens_entry *e, const candidate *c,
                       const mb_sensitivity *s, const mb_system *sys)
{
    const mb_csc *m = c->matrix == MB_SENS_A ? sys->A : sys->B;

    e->matrix = (mb_sens_matrix)c->matrix;
    e->pos = c->pos;
    if (c->matrix == MB_SENS_C) {
        e->row = c->pos;
        e->col = -1;
        e->value = sys->methods[s->method].values[c->pos];
        e->coefficient = s->dc[c->pos];
    } else {
        locate(m, c->pos, &e->row, &e->col);
        e->value = m->x[c->pos];
        e->coefficient = (c->matrix == MB_SENS_A ? s->dA : s->dB)[c->pos];
    }
    e->ratio = s->score != 0 ? e->coefficient * e->value / s->score : NAN;
}

/* Whether s holds coefficients of sys's matrices. */
static int check_system(const mb_sensitivity *s, const mb_system *sys)
{
    if (s->method >= sys->nmethods || s->nA != mb_csc_nnz(sys->A) ||
        s->nB != mb_csc_nnz(sys->B) || s->nflows != sys->nflows)
        return mb_error_set(MB_EINVAL, "sensitivity coefficients of "
                            "another system");
    return 0;
}

/* A ranking of n entries to fill, or NULL (MB_ENOMEM). */
static mb_sens_ranking *ranking_new(const mb_sensitivity *s, int64_t n)
{
    mb_sens_ranking *r = mb_calloc(1, sizeof *r);

    if (!r)
        return NULL;
    r->method = s->method;
    r->score = s->score;
    r->n = n;
    if (!(r->entries = mb_alloc_array((size_t)n + 1, sizeof *r->entries))) {
        mb_free(r);
        return NULL;
    }
    return r;
}

int mb_sensitivity_rank(mb_sens_ranking **out, const mb_sensitivity *s,
                        const mb_system *sys, int64_t top, unsigned flags)
{
    const double *c;
    candidate *cand;
    mb_sens_ranking *r = NULL;
    unsigned char *vA = NULL, *vB = NULL;
    int64_t n = 0, k;
    int rc;

    *out = NULL;
    if ((rc = check_system(s, sys)) < 0)
        return rc;
    if (top < 0)
        return mb_error_set(MB_EINVAL, "top %lld: expected >= 0",
                            (long long)top);
    c = sys->methods[s->method].values;
    cand = mb_alloc_array((size_t)(s->nA + s->nB + s->nflows) + 1,
                          sizeof *cand);
    if (cand && (flags & MB_SENS_UNCERTAIN)) {
        vA = varying(sys, 0);
        vB = varying(sys, 1);
    }
    if (!cand || ((flags & MB_SENS_UNCERTAIN) && (!vA || !vB))) {
        mb_free(cand);
        mb_free(vA);
        mb_free(vB);
        return MB_ENOMEM;
    }
    n = add_matrix(cand, n, sys->A, s->dA, MB_SENS_A, vA);
    n = add_matrix(cand, n, sys->B, s->dB, MB_SENS_B, vB);
    mb_free(vA);
    mb_free(vB);
    for (k = 0; !(flags & MB_SENS_UNCERTAIN) && k < sys->nflows; k++)
        if (fabs(s->dc[k] * c[k]) > 0) {
            cand[n].effect = fabs(s->dc[k] * c[k]);
            cand[n].matrix = MB_SENS_C;
            cand[n++].pos = k;
        }
    if (top < n) {
        select_first(cand, n, top);
        n = top;
    }
    qsort(cand, (size_t)n, sizeof *cand, by_effect);
    if ((r = ranking_new(s, n)) != NULL)
        for (k = 0; k < r->n; k++)
            fill_entry(&r->entries[k], &cand[k], s, sys);
    mb_free(cand);
    *out = r;
    return r ? 0 : MB_ENOMEM;
}

int mb_sensitivity_entries(mb_sens_ranking **out, const mb_sensitivity *s,
                           const mb_system *sys, const mb_sens_matrix *matrix,
                           const int64_t *pos, int64_t n)
{
    mb_sens_ranking *r;
    int64_t q;
    int rc;

    *out = NULL;
    if ((rc = check_system(s, sys)) < 0)
        return rc;
    for (q = 0; q < n; q++) {
        int64_t size = matrix[q] == MB_SENS_A   ? s->nA
                       : matrix[q] == MB_SENS_B ? s->nB
                                                : s->nflows;

        if ((unsigned)matrix[q] > MB_SENS_C || pos[q] < 0 || pos[q] >= size)
            return mb_error_set(MB_EINVAL, "entry %lld: no place %lld in "
                                "matrix %d", (long long)q, (long long)pos[q],
                                (int)matrix[q]);
    }
    if (!(r = ranking_new(s, n)))
        return MB_ENOMEM;
    for (q = 0; q < n; q++) {
        candidate c = {0, matrix[q], pos[q]};

        fill_entry(&r->entries[q], &c, s, sys);
    }
    *out = r;
    return 0;
}

void mb_sens_ranking_free(mb_sens_ranking *r)
{
    if (!r)
        return;
    mb_free(r->entries);
    mb_free(r);
}
