/*
 * paths_basis.c - the quantities both supply-chain analyses start from
 * (Heijungs & Suh 2002, ch. 3 and 8):
 *
 *   s = A^-1 f              the supply (activity levels) of the demand
 *   u = B^T c               the direct score of one unit of each activity
 *   lambda = A^-T u         the score of one unit of each product (one
 *                           transposed solve with the factorization of A)
 *
 * so that lambda . f = u . s is the total, and for every activity j,
 * sum_i A_ij lambda_i = u_j: an activity's cumulative score is its direct
 * score plus the scores of its inputs.
 *
 * The analyses walk from consumers to suppliers, so every product must be
 * paired with the activity that makes it (its "reference" product). As
 * bw_graph_tools guesses production exchanges (matrix_tools.py): the
 * product with the activity's own id (metabol's compiled systems number
 * both the same way; Brightway databases give a process and its product
 * one id), else the one positive entry of the column. When that does not
 * pair every product with exactly one activity (two producers of one
 * product, a waste treatment's negative reference), a maximum transversal
 * of A (Duff 1981) pairs them instead: a square nonsingular A always has
 * one.
 *
 * Also here: the binary heap both analyses use (Williams 1964).
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "lca/paths_internal.h"

/* Entry A(row, j), 0 when absent. */
static double entry(const mb_csc *a, int64_t row, int64_t j)
{
    int64_t k = mb_csc_position(a, row, j);

    return k >= 0 ? a->x[k] : 0.0;
}

/* The guessed reference product of column j, or -1. */
static int64_t guess_reference(const mb_system *sys, int64_t j)
{
    const mb_csc *a = sys->A;
    int64_t p = mb_system_product_index(sys, sys->activity_ids[j]), k,
            positive = -1, npositive = 0;

    if (p >= 0 && entry(a, p, j) != 0.0)
        return p;
    for (k = a->p[j]; k < a->p[j + 1]; k++)
        if (a->x[k] > 0.0) {
            positive = a->i[k];
            npositive++;
        }
    return npositive == 1 ? positive : -1;
}

/* Fill b->producer and b->reference; 0, or an error. */
static int pair_products(mb_paths_basis *b)
{
    const mb_system *sys = b->sys;
    int64_t n = b->n, j, i, rank;

    for (i = 0; i < n; i++)
        b->producer[i] = -1;
    for (j = 0; j < n; j++) {
        int64_t p = guess_reference(sys, j);

        if (p < 0 || b->producer[p] >= 0)
            break;
        b->producer[p] = j;
        b->reference[j] = p;
    }
    if (j == n)
        return 0;
    /* The guesses do not pair everything: a maximum transversal does. */
    rank = mb_csc_structural_rank(sys->A, b->producer);
    if (rank < 0)
        return (int)rank;
    if (rank < n)
        return mb_error_set(MB_ESINGULAR, "the technosphere pairs only "
                            "%lld of %lld products with an activity",
                            (long long)rank, (long long)n);
    for (i = 0; i < n; i++)
        b->reference[b->producer[i]] = i;
    return 0;
}

/* A(reference, j) of every activity; an explicit zero cannot scale. */
static int production_amounts(mb_paths_basis *b)
{
    int64_t j;

    for (j = 0; j < b->n; j++)
        if ((b->production[j] = entry(b->sys->A, b->reference[j], j)) == 0.0)
            return mb_error_set(MB_ENUMERIC, "activity %lld: its reference "
                                "product %lld has a production amount of 0",
                                (long long)b->sys->activity_ids[j],
                                (long long)b->sys->product_ids[
                                    b->reference[j]]);
    return 0;
}

static int check_options(const mb_system *sys, size_t method,
                         const mb_paths_options *o)
{
    if (o->version != MB_PATHS_OPTIONS_VERSION)
        return mb_error_set(MB_EINVAL, "mb_paths_options version %d, "
                            "expected %d", o->version,
                            MB_PATHS_OPTIONS_VERSION);
    if (!(o->cutoff >= 0.0 && o->cutoff < 1.0))
        return mb_error_set(MB_EINVAL, "cutoff %g: expected a share of the "
                            "score from 0 up to (not including) 1",
                            o->cutoff);
    if (o->max_depth < 0)
        return mb_error_set(MB_EINVAL, "maximum depth %lld: expected 0 (no "
                            "limit) or more", (long long)o->max_depth);
    if (o->top < 0 || o->max_visits < 0)
        return mb_error_set(MB_EINVAL, "negative number of paths or steps");
    if (method >= sys->nmethods)
        return mb_error_set(MB_EINVAL, "method %zu: the system has %zu "
                            "methods", method, sys->nmethods);
    if (sys->nproducts != sys->nactivities)
        return mb_error_set(MB_EINVAL, "the technosphere is not square");
    return 0;
}

int mb_paths_basis_init(mb_paths_basis *b, mb_lca *lca, const double *demand,
                        size_t method, const mb_paths_options *o)
{
    const mb_system *sys = mb_lca_system(lca);
    double gross = 0.0;
    int64_t n = sys->nactivities, j;
    int rc;

    memset(b, 0, sizeof *b);
    if ((rc = check_options(sys, method, o)) < 0)
        return rc;
    b->sys = sys;
    b->n = n;
    b->supply = mb_alloc_array((size_t)n + 1, sizeof *b->supply);
    b->lambda = mb_alloc_array((size_t)n + 1, sizeof *b->lambda);
    b->unit = mb_alloc_array((size_t)n + 1, sizeof *b->unit);
    b->producer = mb_alloc_array((size_t)n + 1, sizeof *b->producer);
    b->reference = mb_alloc_array((size_t)n + 1, sizeof *b->reference);
    b->production = mb_alloc_array((size_t)n + 1, sizeof *b->production);
    if (!b->supply || !b->lambda || !b->unit || !b->producer ||
        !b->reference || !b->production) {
        mb_paths_basis_free(b);
        return MB_ENOMEM;
    }
    mb_csc_gemv_t(sys->B, 1.0, sys->methods[method].values, 0.0, b->unit);
    if ((rc = mb_lca_solve(lca, demand, b->supply, NULL)) < 0 ||
        (rc = mb_lca_solve_transposed(lca, b->unit, b->lambda, NULL)) < 0 ||
        (rc = pair_products(b)) < 0 || (rc = production_amounts(b)) < 0) {
        mb_paths_basis_free(b);
        return rc;
    }
    for (j = 0; j < n; j++) {
        b->total += b->unit[j] * b->supply[j];
        gross += fabs(b->unit[j] * b->supply[j]);
    }
    b->threshold = o->cutoff * (b->total != 0.0 ? fabs(b->total) : gross);
    return 0;
}

mb_paths_info mb_paths_basis_info(const mb_paths_basis *b, size_t method,
                                  const mb_paths_options *o)
{
    mb_paths_info info;

    info.sys = b->sys;
    info.method = method;
    info.total = b->total;
    info.cutoff = o->cutoff;
    info.threshold = b->threshold;
    info.max_depth = o->max_depth;
    return info;
}

void mb_paths_basis_free(mb_paths_basis *b)
{
    mb_free(b->supply);
    mb_free(b->lambda);
    mb_free(b->unit);
    mb_free(b->producer);
    mb_free(b->reference);
    mb_free(b->production);
    memset(b, 0, sizeof *b);
}

static void heap_swap(mb_paths_heap *h, int64_t a, int64_t c)
{
    double k = h->keys[a];
    int64_t it = h->items[a];

    h->keys[a] = h->keys[c];
    h->items[a] = h->items[c];
    h->keys[c] = k;
    h->items[c] = it;
}

static void sift_down(mb_paths_heap *h, int64_t k)
{
    for (;;) {
        int64_t big = k, l = 2 * k + 1, r = l + 1;

        if (l < h->n && h->keys[l] > h->keys[big])
            big = l;
        if (r < h->n && h->keys[r] > h->keys[big])
            big = r;
        if (big == k)
            return;
        heap_swap(h, k, big);
        k = big;
    }
}

int mb_paths_heap_push(mb_paths_heap *h, double key, int64_t item)
{
    int64_t k;

    if (h->n == h->cap) {
        int64_t cap = h->cap ? 2 * h->cap : 64;
        double *keys = mb_realloc(h->keys, (size_t)cap * sizeof *keys);
        int64_t *items;

        if (!keys)
            return mb_error_oom();
        h->keys = keys;
        items = mb_realloc(h->items, (size_t)cap * sizeof *items);
        if (!items)
            return mb_error_oom();
        h->items = items;
        h->cap = cap;
    }
    k = h->n++;
    h->keys[k] = key;
    h->items[k] = item;
    while (k > 0 && h->keys[(k - 1) / 2] < h->keys[k]) {
        heap_swap(h, k, (k - 1) / 2);
        k = (k - 1) / 2;
    }
    return 0;
}

int64_t mb_paths_heap_pop(mb_paths_heap *h, double *key)
{
    int64_t item = h->items[0];

    if (key)
        *key = h->keys[0];
    h->n--;
    h->keys[0] = h->keys[h->n];
    h->items[0] = h->items[h->n];
    sift_down(h, 0);
    return item;
}

void mb_paths_heap_replace_top(mb_paths_heap *h, double key, int64_t item)
{
    h->keys[0] = key;
    h->items[0] = item;
    sift_down(h, 0);
}

void mb_paths_heap_free(mb_paths_heap *h)
{
    mb_free(h->keys);
    mb_free(h->items);
    memset(h, 0, sizeof *h);
}
