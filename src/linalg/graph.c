/*
 * graph.c - strongly connected components of a sparse matrix's graph, by
 * BTF's implementation of Tarjan's algorithm (Tarjan 1972, "Depth-first
 * search and linear graph algorithms", SIAM J. Computing 1(2); Duff & Reid
 * 1978 for its use in block triangular forms), and the structural rank by
 * BTF's maximum transversal (Duff 1981, "On algorithms for obtaining a
 * maximum transversal", ACM TOMS 7(3)). Used to explain a singular
 * technosphere: the loop of activities a zero pivot belongs to, or the
 * activities and products no assignment can match.
 */
#include <btf.h>

#include "core/core.h"
#include "metabol/lu.h"

int64_t mb_csc_component_of(const mb_csc *a, int64_t k, int64_t *members)
{
    int64_t n = a->n, pos, b, nblocks, count = 0;
    SuiteSparse_long *p, *r, *work;

    if (a->m != n || k < 0 || k >= n)
        return mb_error_set(MB_EINVAL, "component of node %lld: bad input",
                            (long long)k);
    p = mb_alloc_array((size_t)n + 1, sizeof *p);
    r = mb_alloc_array((size_t)n + 2, sizeof *r);
    work = mb_alloc_array(4 * (size_t)n + 1, sizeof *work);
    if (!p || !r || !work) {
        mb_free(p);
        mb_free(r);
        mb_free(work);
        return MB_ENOMEM;
    }
    nblocks = btf_l_strongcomp(n, (SuiteSparse_long *)a->p,
                               (SuiteSparse_long *)a->i, NULL, p, r, work);
    for (pos = 0; pos < n && p[pos] != k; pos++)
        ;
    for (b = 0; b < nblocks; b++) {
        if (r[b] <= pos && pos < r[b + 1]) {
            int64_t q;

            for (q = r[b]; q < r[b + 1]; q++)
                members[count++] = p[q];
            break;
        }
    }
    mb_free(p);
    mb_free(r);
    mb_free(work);
    return count;
}

int64_t mb_csc_structural_rank(const mb_csc *a, int64_t *match)
{
    SuiteSparse_long *work;
    double ops = 0.0;
    int64_t rank;

    work = mb_alloc_array(5 * (size_t)a->n + 1, sizeof *work);
    if (!work)
        return MB_ENOMEM;
    /* maxwork 0: no limit on the search, so the rank is exact. */
    rank = btf_l_maxtrans(a->m, a->n, (SuiteSparse_long *)a->p,
                          (SuiteSparse_long *)a->i, 0.0, &ops,
                          (SuiteSparse_long *)match, work);
    mb_free(work);
    return rank;
}
