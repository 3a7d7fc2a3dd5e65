/*
 * sparse.c - triplet and compressed-sparse-column matrices (after CSparse,
 * Davis 2006, "Direct Methods for Sparse Linear Systems", ch. 2).
 *
 * Compression is two counting sorts: triplets to rows, then rows to columns,
 * so that row indices come out sorted in each column and duplicates sit next
 * to each other, where they are summed. Linear in nnz + m + n.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "metabol/sparse.h"

int mb_coo_new(mb_coo **out, int64_t m, int64_t n, int64_t cap)
{
    mb_coo *t;

    *out = NULL;
    if (m < 0 || n < 0 || cap < 0)
        return mb_error_set(MB_EINVAL, "negative matrix dimension");
    t = mb_calloc(1, sizeof *t);
    if (!t)
        return MB_ENOMEM;
    t->m = m;
    t->n = n;
    t->cap = cap > 0 ? cap : 16;
    t->row = mb_alloc_array((size_t)t->cap, sizeof *t->row);
    t->col = mb_alloc_array((size_t)t->cap, sizeof *t->col);
    t->val = mb_alloc_array((size_t)t->cap, sizeof *t->val);
    if (!t->row || !t->col || !t->val) {
        mb_coo_free(t);
        return MB_ENOMEM;
    }
    *out = t;
    return 0;
}

int mb_coo_push(mb_coo *t, int64_t row, int64_t col, double val)
{
    if (row < 0 || row >= t->m || col < 0 || col >= t->n)
        return mb_error_set(MB_EINVAL,
                            "entry (%lld, %lld) outside a %lld x %lld matrix",
                            (long long)row, (long long)col, (long long)t->m,
                            (long long)t->n);
    if (t->nnz == t->cap) {
        int64_t cap = t->cap * 2;
        int64_t *r = mb_realloc(t->row, (size_t)cap * sizeof *r);

        if (!r)
            return MB_ENOMEM;
        t->row = r;
        r = mb_realloc(t->col, (size_t)cap * sizeof *r);
        if (!r)
            return MB_ENOMEM;
        t->col = r;
        double *v = mb_realloc(t->val, (size_t)cap * sizeof *v);
        if (!v)
            return MB_ENOMEM;
        t->val = v;
        t->cap = cap;
    }
    t->row[t->nnz] = row;
    t->col[t->nnz] = col;
    t->val[t->nnz] = val;
    t->nnz++;
    return 0;
}

void mb_coo_free(mb_coo *t)
{
    if (!t)
        return;
    mb_free(t->row);
    mb_free(t->col);
    mb_free(t->val);
    mb_free(t);
}

int mb_csc_new(mb_csc **out, int64_t m, int64_t n, int64_t nnz)
{
    mb_csc *a;

    *out = NULL;
    if (m < 0 || n < 0 || nnz < 0)
        return mb_error_set(MB_EINVAL, "negative matrix dimension");
    a = mb_calloc(1, sizeof *a);
    if (!a)
        return MB_ENOMEM;
    a->m = m;
    a->n = n;
    a->p = mb_calloc((size_t)n + 1, sizeof *a->p);
    a->i = mb_alloc_array((size_t)nnz, sizeof *a->i);
    a->x = mb_alloc_array((size_t)nnz, sizeof *a->x);
    if (!a->p || !a->i || !a->x) {
        mb_csc_free(a);
        return MB_ENOMEM;
    }
    *out = a;
    return 0;
}

void mb_csc_free(mb_csc *a)
{
    if (!a)
        return;
    mb_free(a->p);
    mb_free(a->i);
    mb_free(a->x);
    mb_free(a);
}

/* Counting sort of `nnz` entries by `key` into buckets 0..nb-1. */
static void bucket(int64_t nb, int64_t nnz, const int64_t *key, int64_t *ptr,
                   int64_t *order)
{
    int64_t k;

    memset(ptr, 0, (size_t)(nb + 1) * sizeof *ptr);
    for (k = 0; k < nnz; k++)
        ptr[key[k] + 1]++;
    for (k = 0; k < nb; k++)
        ptr[k + 1] += ptr[k];
    for (k = 0; k < nnz; k++)
        order[ptr[key[k]]++] = k;
    for (k = nb; k > 0; k--)
        ptr[k] = ptr[k - 1];
    ptr[0] = 0;
}

int mb_csc_from_coo(mb_csc **out, const mb_coo *t)
{
    int64_t nnz = t->nnz, k, j, w;
    int64_t *rowptr = NULL, *by_row = NULL, *by_col = NULL, *colkey = NULL;
    mb_csc *a = NULL;
    int rc = MB_ENOMEM;

    *out = NULL;
    rowptr = mb_alloc_array((size_t)(t->m > t->n ? t->m : t->n) + 1,
                            sizeof *rowptr);
    by_row = mb_alloc_array((size_t)nnz, sizeof *by_row);
    by_col = mb_alloc_array((size_t)nnz, sizeof *by_col);
    colkey = mb_alloc_array((size_t)nnz, sizeof *colkey);
    if (!rowptr || !by_row || !by_col || !colkey)
        goto done;
    bucket(t->m, nnz, t->row, rowptr, by_row);
    /* Column of each entry in row order, then a stable sort by column. */
    for (k = 0; k < nnz; k++)
        colkey[k] = t->col[by_row[k]];
    if ((rc = mb_csc_new(&a, t->m, t->n, nnz)) < 0)
        goto done;
    bucket(t->n, nnz, colkey, a->p, by_col);
    /* Entries of column j in ascending row order: sum neighbours. */
    w = 0;
    for (j = 0; j < t->n; j++) {
        int64_t start = w;

        for (k = a->p[j]; k < a->p[j + 1]; k++) {
            int64_t e = by_row[by_col[k]];

            if (w > start && a->i[w - 1] == t->row[e]) {
                a->x[w - 1] += t->val[e];
            } else {
                a->i[w] = t->row[e];
                a->x[w] = t->val[e];
                w++;
            }
        }
        a->p[j] = start;
    }
    a->p[t->n] = w;
    rc = 0;
done:
    mb_free(rowptr);
    mb_free(by_row);
    mb_free(by_col);
    mb_free(colkey);
    if (rc < 0)
        mb_csc_free(a);
    else
        *out = a;
    return rc;
}

int mb_csc_copy(mb_csc **out, const mb_csc *a)
{
    int64_t nnz = mb_csc_nnz(a);
    int rc = mb_csc_new(out, a->m, a->n, nnz);

    if (rc < 0)
        return rc;
    memcpy((*out)->p, a->p, (size_t)(a->n + 1) * sizeof *a->p);
    if (nnz) {
        memcpy((*out)->i, a->i, (size_t)nnz * sizeof *a->i);
        memcpy((*out)->x, a->x, (size_t)nnz * sizeof *a->x);
    }
    return 0;
}

int mb_csc_transpose(mb_csc **out, const mb_csc *a)
{
    int64_t nnz = mb_csc_nnz(a), j, k;
    int64_t *next;
    mb_csc *t;
    int rc = mb_csc_new(&t, a->n, a->m, nnz);

    *out = NULL;
    if (rc < 0)
        return rc;
    next = mb_calloc((size_t)a->m + 1, sizeof *next);
    if (!next) {
        mb_csc_free(t);
        return MB_ENOMEM;
    }
    for (k = 0; k < nnz; k++)
        t->p[a->i[k] + 1]++;
    for (j = 0; j < a->m; j++)
        t->p[j + 1] += t->p[j];
    memcpy(next, t->p, (size_t)a->m * sizeof *next);
    for (j = 0; j < a->n; j++) {
        for (k = a->p[j]; k < a->p[j + 1]; k++) {
            int64_t q = next[a->i[k]]++;

            t->i[q] = j;
            t->x[q] = a->x[k];
        }
    }
    mb_free(next);
    *out = t;
    return 0;
}

void mb_csc_gemv(const mb_csc *a, double alpha, const double *x, double beta,
                 double *y)
{
    int64_t j, k;

    for (k = 0; k < a->m; k++)
        y[k] = beta == 0.0 ? 0.0 : beta * y[k];
    for (j = 0; j < a->n; j++) {
        double xj = alpha * x[j];

        if (xj == 0.0)
            continue;
        for (k = a->p[j]; k < a->p[j + 1]; k++)
            y[a->i[k]] += a->x[k] * xj;
    }
}

void mb_csc_gemv_t(const mb_csc *a, double alpha, const double *x,
                   double beta, double *y)
{
    int64_t j, k;

    for (j = 0; j < a->n; j++) {
        double sum = 0.0;

        for (k = a->p[j]; k < a->p[j + 1]; k++)
            sum += a->x[k] * x[a->i[k]];
        y[j] = (beta == 0.0 ? 0.0 : beta * y[j]) + alpha * sum;
    }
}

int64_t mb_csc_find_nonfinite(const mb_csc *a)
{
    int64_t k, nnz = mb_csc_nnz(a);

    for (k = 0; k < nnz; k++)
        if (!isfinite(a->x[k]))
            return k;
    return -1;
}
