/*
 * sparse.c - triplet and compressed-sparse-column matrices (after CSparse,
 * Davis 2006, "Direct Methods for Sparse Linear Systems", ch. 2).
 *
 * Compression is a counting sort by column, then a sort of each column by
 * row (insertion sort: LCA columns are short) in which duplicates become
 * neighbours and are summed. Linear in nnz + n for short columns.
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

/* Sort one column's (row, value) pairs by row: insertion sort, as columns
 * of LCA matrices are short; a long one falls back to a merge through tmp. */
static void sort_column(int64_t *ri, double *rx, int64_t len, int64_t *ti,
                        double *tx)
{
    int64_t k, q, width;

    if (len <= 32) {
        for (k = 1; k < len; k++) {
            int64_t r = ri[k];
            double x = rx[k];

            for (q = k; q > 0 && ri[q - 1] > r; q--) {
                ri[q] = ri[q - 1];
                rx[q] = rx[q - 1];
            }
            ri[q] = r;
            rx[q] = x;
        }
        return;
    }
    /* Bottom-up merge sort, stable. */
    for (width = 1; width < len; width *= 2) {
        for (k = 0; k < len; k += 2 * width) {
            int64_t lo = k, mid = k + width < len ? k + width : len;
            int64_t hi = k + 2 * width < len ? k + 2 * width : len;
            int64_t a = lo, b = mid, w = lo;

            while (a < mid && b < hi) {
                if (ri[b] < ri[a]) {
                    ti[w] = ri[b];
                    tx[w++] = rx[b++];
                } else {
                    ti[w] = ri[a];
                    tx[w++] = rx[a++];
                }
            }
            while (a < mid) {
                ti[w] = ri[a];
                tx[w++] = rx[a++];
            }
            while (b < hi) {
                ti[w] = ri[b];
                tx[w++] = rx[b++];
            }
        }
        memcpy(ri, ti, (size_t)len * sizeof *ri);
        memcpy(rx, tx, (size_t)len * sizeof *rx);
    }
}

int mb_csc_sum_duplicates(mb_csc *a)
{
    int64_t *ti = NULL, j, k, w = 0, longest = 0;
    double *tx = NULL;

    for (j = 0; j < a->n; j++)
        if (a->p[j + 1] - a->p[j] > longest)
            longest = a->p[j + 1] - a->p[j];
    if (longest > 32) {
        ti = mb_alloc_array((size_t)longest, sizeof *ti);
        tx = mb_alloc_array((size_t)longest, sizeof *tx);
        if (!ti || !tx) {
            mb_free(ti);
            mb_free(tx);
            return MB_ENOMEM;
        }
    }
    for (j = 0; j < a->n; j++) {
        int64_t start = a->p[j], end = a->p[j + 1], first = w;

        sort_column(a->i + start, a->x + start, end - start, ti, tx);
        for (k = start; k < end; k++) {
            if (w > first && a->i[w - 1] == a->i[k]) {
                a->x[w - 1] += a->x[k];
            } else {
                a->i[w] = a->i[k];
                a->x[w] = a->x[k];
                w++;
            }
        }
        a->p[j] = first;
    }
    a->p[a->n] = w;
    mb_free(ti);
    mb_free(tx);
    return 0;
}

/*
 * One counting sort by column places the entries; each column is then sorted
 * by row and its duplicates summed, compacting in place. Linear in nnz for
 * short columns.
 */
int mb_csc_from_triplets(mb_csc **out, int64_t m, int64_t n, int64_t nnz,
                         const int64_t *rows, const int64_t *cols,
                         const double *vals)
{
    int64_t *next, j, k;
    mb_csc *a = NULL;
    int rc;

    *out = NULL;
    if ((rc = mb_csc_new(&a, m, n, nnz)) < 0)
        return rc;
    next = mb_alloc_array((size_t)n + 1, sizeof *next);
    if (!next) {
        mb_csc_free(a);
        return MB_ENOMEM;
    }
    for (k = 0; k < nnz; k++)
        a->p[cols[k] + 1]++;
    for (j = 0; j < n; j++)
        a->p[j + 1] += a->p[j];
    memcpy(next, a->p, (size_t)n * sizeof *next);
    for (k = 0; k < nnz; k++) {
        int64_t q = next[cols[k]]++;

        a->i[q] = rows[k];
        a->x[q] = vals[k];
    }
    mb_free(next);
    if ((rc = mb_csc_sum_duplicates(a)) < 0) {
        mb_csc_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

int mb_csc_from_coo(mb_csc **out, const mb_coo *t)
{
    return mb_csc_from_triplets(out, t->m, t->n, t->nnz, t->row, t->col,
                                t->val);
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

int64_t mb_csc_position(const mb_csc *a, int64_t i, int64_t j)
{
    int64_t lo = a->p[j], hi = a->p[j + 1];

    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;

        if (a->i[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->p[j + 1] && a->i[lo] == i ? lo : -1;
}
