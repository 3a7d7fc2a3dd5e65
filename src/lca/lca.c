/*
 * lca.c - the matrix method of LCA (Heijungs & Suh 2002, "The Computational
 * Structure of Life Cycle Assessment", Kluwer, ch. 2 eq. 2.6-2.9 and ch. 3):
 *
 *   A s = f      supply (scaling) vector s for the final demand f
 *   g = B s      inventory of elementary flows
 *   h_m = c_m g  score of method m (c_m: its characterization factors)
 *
 * Signs: in A outputs are positive and inputs negative; B keeps the sign of
 * the data (Brightway convention). Self-loops are netted on the diagonal:
 * an activity that consumes part of its own output has A_jj = output - input
 * (the ecoinvent/Brightway convention; see docs/lca.md).
 *
 * The technosphere is factorized once (lu.c) and every solve is refined to a
 * relative residual ||A s - f||_inf / ||f||_inf below opts.refine_tol.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "metabol/lca.h"

struct mb_lca {
    const mb_system *sys;
    mb_lu *lu;
    mb_lca_options opts;
};

/* Up to `max` ids from a list as "1, 2, 3 (and 4 more)". */
static void list_ids(char *buf, size_t size, const int64_t *ids,
                     const int64_t *which, int64_t n, int64_t max)
{
    size_t used = 0;
    int64_t k;

    buf[0] = '\0';
    for (k = 0; k < n && k < max && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%lld",
                                 k ? ", " : "", (long long)ids[which[k]]);
    if (n > max && used < size)
        snprintf(buf + used, size - used, " (and %lld more)",
                 (long long)(n - max));
}

/*
 * Work space of the diagnosis: ids listed in a message, as positions into
 * the id spaces, and a flag per row or column.
 */
typedef struct diagnosis {
    const mb_system *sys;
    int64_t *cols, *rows, ncols, nrows;
    unsigned char *flag;
} diagnosis;

/* Columns and rows whose entries are all zero (or absent); 1 if any. */
static int zero_lines(diagnosis *d)
{
    const mb_csc *a = d->sys->A;
    int64_t k, q;

    memset(d->flag, 0, (size_t)a->n);
    for (k = 0; k < mb_csc_nnz(a); k++)
        if (a->x[k] != 0.0)
            d->flag[a->i[k]] = 1;
    for (k = 0; k < a->n; k++)
        if (!d->flag[k])
            d->rows[d->nrows++] = k;
    for (k = 0; k < a->n; k++) {
        for (q = a->p[k]; q < a->p[k + 1] && a->x[q] == 0.0; q++)
            ;
        if (q == a->p[k + 1])
            d->cols[d->ncols++] = k;
    }
    return d->ncols || d->nrows;
}

/*
 * Columns and rows left without a partner by a maximum transversal: no
 * assignment of one product per activity exists. The rank, or < 0.
 */
static int64_t unmatched_lines(diagnosis *d, int64_t *match)
{
    const mb_csc *a = d->sys->A;
    int64_t k, rank = mb_csc_structural_rank(a, match);

    if (rank < 0 || rank == a->n)
        return rank;
    memset(d->flag, 0, (size_t)a->n);
    for (k = 0; k < a->n; k++) {
        if (match[k] < 0)
            d->rows[d->nrows++] = k;
        else
            d->flag[match[k]] = 1;
    }
    for (k = 0; k < a->n; k++)
        if (!d->flag[k])
            d->cols[d->ncols++] = k;
    return rank;
}

/* A zero pivot at column col, and the loop of activities it sits in. */
static int zero_pivot(diagnosis *d, int64_t col)
{
    const mb_system *sys = d->sys;
    char alist[400];
    int64_t k, q, self = 0;

    if (col < 0) {
        /* The back end could not say where: ask KLU, which can. */
        mb_lu *klu = NULL;

        if (mb_lu_factor(&klu, sys->A, MB_SOLVER_KLU, &col) == 0) {
            mb_lu_free(klu);
            return mb_error_set(MB_ESINGULAR,
                                "singular technosphere (the chosen solver "
                                "found a zero pivot; KLU did not)");
        }
        if (col < 0)
            return mb_error_set(MB_ESINGULAR, "singular technosphere");
    }
    k = mb_csc_component_of(sys->A, col, d->cols);
    if (k <= 1)
        return mb_error_set(MB_ESINGULAR,
                            "singular technosphere: zero pivot at activity "
                            "%lld (its net production is zero)",
                            (long long)sys->activity_ids[col]);
    for (q = 0; q < k; q++) /* put the pivot's activity out of the list */
        if (d->cols[q] == col)
            self = q;
    d->cols[self] = d->cols[k - 1];
    list_ids(alist, sizeof alist, sys->activity_ids, d->cols, k - 1, 10);
    return mb_error_set(MB_ESINGULAR,
                        "singular technosphere: zero pivot at activity %lld, "
                        "in a loop with activities %s (the loop produces no "
                        "net output)",
                        (long long)sys->activity_ids[col], alist);
}

/*
 * Explain why the technosphere is singular, from the plainest cause to the
 * subtlest: columns or rows that are all zero (an activity with no
 * production, a product nobody makes or uses), structural rank deficiency,
 * or a zero pivot and the loop of activities it sits in.
 */
static int explain_singular(const mb_system *sys, int64_t col)
{
    int64_t n = sys->A->n, *match, rank;
    diagnosis d = {sys, NULL, NULL, 0, 0, NULL};
    char alist[400], plist[400];
    int rc;

    match = mb_alloc_array((size_t)n + 1, sizeof *match);
    d.cols = mb_alloc_array((size_t)n + 1, sizeof *d.cols);
    d.rows = mb_alloc_array((size_t)n + 1, sizeof *d.rows);
    d.flag = mb_calloc((size_t)n + 1, 1);
    if (!match || !d.cols || !d.rows || !d.flag) {
        rc = MB_ENOMEM;
    } else if (zero_lines(&d)) {
        list_ids(alist, sizeof alist, sys->activity_ids, d.cols, d.ncols, 10);
        list_ids(plist, sizeof plist, sys->product_ids, d.rows, d.nrows, 10);
        rc = mb_error_set(MB_ESINGULAR, "singular technosphere: %s%s%s%s%s",
                          d.ncols ? "no production or use by activities "
                                  : "",
                          d.ncols ? alist : "", d.ncols && d.nrows ? "; " : "",
                          d.nrows ? "no activity produces or uses products "
                                  : "",
                          d.nrows ? plist : "");
    } else if ((rank = unmatched_lines(&d, match)) >= 0 && rank < n) {
        list_ids(alist, sizeof alist, sys->activity_ids, d.cols, d.ncols, 10);
        list_ids(plist, sizeof plist, sys->product_ids, d.rows, d.nrows, 10);
        rc = mb_error_set(MB_ESINGULAR,
                          "singular technosphere (structural rank %lld of "
                          "%lld): no product left for activities %s; no "
                          "activity left to produce products %s",
                          (long long)rank, (long long)n, alist, plist);
    } else {
        rc = zero_pivot(&d, col);
    }
    mb_free(match);
    mb_free(d.cols);
    mb_free(d.rows);
    mb_free(d.flag);
    return rc;
}

int mb_lca_new(mb_lca **out, const mb_system *sys, const mb_lca_options *opts)
{
    mb_lca_options defaults = MB_LCA_OPTIONS_INIT;
    mb_lca *lca;
    int64_t col, bad;
    int rc;

    *out = NULL;
    if (opts && opts->version != MB_LCA_OPTIONS_VERSION)
        return mb_error_set(MB_EINVAL, "mb_lca_options version %d, expected "
                            "%d", opts->version, MB_LCA_OPTIONS_VERSION);
    if (sys->nactivities == 0)
        return mb_error_set(MB_EFORMAT, "the technosphere is empty: no "
                            "activities to compute");
    if (sys->nproducts != sys->nactivities)
        return mb_error_set(MB_ESINGULAR,
                            "technosphere is not square: %lld products, %lld "
                            "activities (each activity must have exactly one "
                            "reference product)",
                            (long long)sys->nproducts,
                            (long long)sys->nactivities);
    if ((bad = mb_csc_find_nonfinite(sys->A)) >= 0)
        return mb_error_set(MB_ENUMERIC, "technosphere entry %lld is NaN or "
                            "infinite", (long long)bad);
    lca = mb_calloc(1, sizeof *lca);
    if (!lca)
        return MB_ENOMEM;
    lca->sys = sys;
    lca->opts = opts ? *opts : defaults;
    rc = mb_lu_factor(&lca->lu, sys->A, lca->opts.solver, &col);
    if (rc == MB_ESINGULAR)
        rc = explain_singular(sys, col);
    if (rc < 0) {
        mb_free(lca);
        return rc;
    }
    *out = lca;
    return 0;
}

const mb_system *mb_lca_system(const mb_lca *lca)
{
    return lca->sys;
}

const mb_lu *mb_lca_lu(const mb_lca *lca)
{
    return lca->lu;
}

void mb_lca_free(mb_lca *lca)
{
    if (!lca)
        return;
    mb_lu_free(lca->lu);
    mb_free(lca);
}

/* Check a demand vector: every entry finite. */
static int check_demand(const mb_system *sys, const double *demand)
{
    int64_t k;

    for (k = 0; k < sys->nproducts; k++)
        if (!isfinite(demand[k]))
            return mb_error_set(MB_ENUMERIC,
                                "demand for product %lld is not finite",
                                (long long)sys->product_ids[k]);
    return 0;
}

int mb_lca_solve(mb_lca *lca, const double *demand, double *supply,
                 double *residual)
{
    int rc = check_demand(lca->sys, demand);

    if (rc < 0)
        return rc;
    return mb_lu_solve_refined(lca->lu, lca->sys->A, demand, supply, 0,
                               lca->opts.refine_tol, lca->opts.max_refine,
                               residual);
}

int mb_lca_solve_many(mb_lca *lca, const double *demands, double *supplies,
                      int64_t k, double *residuals)
{
    int64_t n = lca->sys->nproducts, q;
    int rc;

    if (k < 0)
        return mb_error_set(MB_EINVAL, "negative number of demands");
    for (q = 0; q < k; q++)
        if ((rc = check_demand(lca->sys, demands + q * n)) < 0)
            return mb_error_prefix("demand %lld", (long long)q);
    /* One block solve, then each column refined on its own. */
    memcpy(supplies, demands, (size_t)(n * k) * sizeof *supplies);
    if ((rc = mb_lu_solve(lca->lu, supplies, k, 0)) < 0)
        return rc;
    for (q = 0; q < k; q++) {
        rc = mb_lu_refine(lca->lu, lca->sys->A, demands + q * n,
                          supplies + q * n, 0, lca->opts.refine_tol,
                          lca->opts.max_refine,
                          residuals ? &residuals[q] : NULL);
        if (rc < 0)
            return mb_error_prefix("demand %lld", (long long)q);
    }
    return 0;
}

void mb_lca_inventory(const mb_system *sys, const double *supply,
                      double *inventory)
{
    mb_csc_gemv(sys->B, 1.0, supply, 0.0, inventory);
}

double mb_lca_score(const mb_system *sys, size_t method,
                    const double *inventory)
{
    const double *c = sys->methods[method].values;
    double h = 0.0;
    int64_t f;

    for (f = 0; f < sys->nflows; f++)
        h += c[f] * inventory[f];
    return h;
}

int mb_lca_all_scores(mb_lca *lca, mb_dense **out)
{
    const mb_system *sys = lca->sys;
    int64_t n = sys->nproducts, nm = (int64_t)sys->nmethods, m;
    double *rhs;
    int rc;

    *out = NULL;
    if ((rc = mb_dense_new(out, n, nm)) < 0)
        return rc;
    rhs = mb_alloc_array((size_t)(n * nm) + 1, sizeof *rhs);
    if (!rhs) {
        mb_dense_free(*out);
        *out = NULL;
        return MB_ENOMEM;
    }
    /* Column m: A^T x = B^T c_m, so that x_i = c_m B A^-1 e_i. One block
     * solve for all methods, then each column refined. */
    for (m = 0; m < nm; m++)
        mb_csc_gemv_t(sys->B, 1.0, sys->methods[m].values, 0.0,
                      rhs + m * n);
    memcpy((*out)->x, rhs, (size_t)(n * nm) * sizeof *rhs);
    rc = mb_lu_solve(lca->lu, (*out)->x, nm, 1);
    for (m = 0; m < nm && rc == 0; m++)
        rc = mb_lu_refine(lca->lu, sys->A, rhs + m * n,
                          mb_dense_at(*out, 0, m), 1, lca->opts.refine_tol,
                          lca->opts.max_refine, NULL);
    mb_free(rhs);
    if (rc < 0) {
        mb_dense_free(*out);
        *out = NULL;
    }
    return rc;
}

int mb_lca_solve_transposed(mb_lca *lca, const double *rhs, double *x,
                            double *residual)
{
    return mb_lu_solve_refined(lca->lu, lca->sys->A, rhs, x, 1,
                               lca->opts.refine_tol, lca->opts.max_refine,
                               residual);
}

void mb_lca_result_free(mb_lca_result *r)
{
    if (!r)
        return;
    mb_free(r->demand);
    mb_free(r->supply);
    mb_free(r->inventory);
    mb_free(r->scores);
    mb_free(r->normalized);
    mb_free(r->weighted);
    mb_free(r);
}

int mb_lca_calculate(mb_lca_result **out, mb_lca *lca, const double *demand)
{
    const mb_system *sys = lca->sys;
    size_t nm = sys->nmethods, nn = sys->nnormalizations,
           nw = sys->nweightings, m, k, w;
    mb_lca_result *r;
    int rc;

    *out = NULL;
    r = mb_calloc(1, sizeof *r);
    if (!r)
        return MB_ENOMEM;
    r->sys = sys;
    r->demand = mb_alloc_array((size_t)sys->nproducts + 1, sizeof(double));
    r->supply = mb_alloc_array((size_t)sys->nactivities + 1, sizeof(double));
    r->inventory = mb_alloc_array((size_t)sys->nflows + 1, sizeof(double));
    r->scores = mb_alloc_array(nm + 1, sizeof(double));
    r->normalized = mb_alloc_array(nm * nn + 1, sizeof(double));
    r->weighted = mb_alloc_array(nm * nn * nw + 1, sizeof(double));
    if (!r->demand || !r->supply || !r->inventory || !r->scores ||
        !r->normalized || !r->weighted) {
        mb_lca_result_free(r);
        return MB_ENOMEM;
    }
    memcpy(r->demand, demand, (size_t)sys->nproducts * sizeof(double));
    if ((rc = mb_lca_solve(lca, demand, r->supply, &r->residual)) < 0) {
        mb_lca_result_free(r);
        return rc;
    }
    mb_lca_inventory(sys, r->supply, r->inventory);
    for (m = 0; m < nm; m++) {
        const double *c = sys->methods[m].values;

        r->scores[m] = mb_lca_score(sys, m, r->inventory);
        /* Normalization is diagonal over flows (bw2calc): sum N c g. */
        for (k = 0; k < nn; k++) {
            const double *nv = sys->normalizations[k].values;
            double sum = 0.0;
            int64_t f;

            for (f = 0; f < sys->nflows; f++)
                sum += nv[f] * c[f] * r->inventory[f];
            r->normalized[m * nn + k] = sum;
            for (w = 0; w < nw; w++)
                r->weighted[(m * nn + k) * nw + w] =
                    sys->weightings[w].value * sum;
        }
    }
    *out = r;
    return 0;
}
