/*
 * paths_internal.h - what the supply-chain traversal (supply_chain.c) and
 * structural path analysis (spa.c) share: the supply, the unit scores, the
 * pairing of products with the activities that make them (paths_basis.c),
 * and a binary heap of (key, item) pairs, largest key on top.
 */
#ifndef MB_LCA_PATHS_INTERNAL_H
#define MB_LCA_PATHS_INTERNAL_H

#include "metabol/paths.h"

typedef struct mb_paths_basis {
    const mb_system *sys;
    int64_t n;         /* products = activities */
    double *supply;    /* s = A^-1 f, per activity */
    double *lambda;    /* A^-T B^T c: score of one unit of each product */
    double *unit;      /* B^T c: direct score of one unit of each activity */
    int64_t *producer; /* product -> the activity whose reference it is */
    int64_t *reference; /* activity -> its reference product */
    double *production; /* activity -> A(reference, activity), nonzero */
    double total;      /* c^T B s */
    double threshold;  /* cutoff x |total| (x sum |direct| if total is 0) */
} mb_paths_basis;

/*
 * Check the options (cutoff in [0, 1), depth >= 0, method in range),
 * solve for s and lambda, and pair products with activities.
 */
int mb_paths_basis_init(mb_paths_basis *b, mb_lca *lca, const double *demand,
                        size_t method, const mb_paths_options *o);
void mb_paths_basis_free(mb_paths_basis *b);
/* The heading of a result computed from b with options o. */
mb_paths_info mb_paths_basis_info(const mb_paths_basis *b, size_t method,
                                  const mb_paths_options *o);

/* A binary max-heap of (key, item). */
typedef struct mb_paths_heap {
    double *keys;
    int64_t *items;
    int64_t n, cap;
} mb_paths_heap;

/* 0 or MB_ENOMEM; pop on an empty heap is the caller's mistake. */
int mb_paths_heap_push(mb_paths_heap *h, double key, int64_t item);
int64_t mb_paths_heap_pop(mb_paths_heap *h, double *key);
/* Replace the top (largest key) by (key, item) and restore the order. */
void mb_paths_heap_replace_top(mb_paths_heap *h, double key, int64_t item);
void mb_paths_heap_free(mb_paths_heap *h);

#endif
