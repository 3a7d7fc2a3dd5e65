/*
 * accounts.c - consumption-based, production-based and trade accounts of an
 * EE-MRIO with pymrio's definitions (pymrio/tools/iomath.py calc_accounts;
 * Miller & Blair 2009, ch. 12.2; Peters 2008 on consumption-based
 * accounting), without the n x n x n product pymrio forms.
 *
 * pymrio diagonalizes the per-region final demand Y_agg (n x r) into
 * Y_diag (n x n, column (rc, s) holds region rc's demand for product s from
 * every region) and forms x_diag = L Y_diag. Here, with X = L Y_agg
 * (r solves on the LU of I - A) and M = S L:
 *   D_cba[:, (rc, s)] = sum_rp M[:, (rp, s)] Y_agg[(rp, s), rc]
 *   D_pba = S o x_tot,        x_tot[i] = sum_rc X[i, rc]
 *   D_exp = S o x_exp,        x_exp[i] = sum_{rc != region(i)} X[i, rc]
 *   D_imp[:, (rc, s)] = sum_rp (S_out(rc) L)[:, (rp, s)] Y_agg[(rp, s), rc]
 * where S_out(rc) is S with region rc's columns zeroed. D_imp needs, per
 * consuming region, either S_out(rc) L (k transposed solves) or the rows of
 * L for region rc (nsectors transposed solves, then D_imp = D_cba minus the
 * domestic part): whichever is fewer. Total cost O(n^2 r min(k, nsectors))
 * against pymrio's O(n^3) for x_diag alone.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "mrio/mrio_internal.h"

typedef struct layout {
    int64_t n, k, r, ns, nc; /* industries, stressors, regions, ... */
} layout;

#define AT(a, i, j) ((a)->x[(i) + (j) * (a)->ld])

static int check_inputs(layout *g, const mb_mrio_lu *lu, const mb_dense *S,
                        const mb_dense *M, const mb_dense *Y,
                        const mb_dense *F_Y, const mb_dense *population,
                        int64_t nregions)
{
    int rc;

    if (!lu || !S)
        return mb_error_set(MB_EINVAL, "%s is missing",
                            lu ? "S" : "the LU of I - A");
    g->n = mb_mrio_lu_order(lu);
    g->k = S->m;
    g->r = nregions;
    if (nregions <= 0 || g->n % nregions != 0)
        return mb_error_set(MB_EINVAL,
                            "%lld industries do not split into %lld regions",
                            (long long)g->n, (long long)nregions);
    g->ns = g->n / nregions;
    if ((rc = mrio_check_shape(S, "S", g->k, g->n)) < 0 ||
        (rc = mrio_check_shape(M, "M", g->k, g->n)) < 0 ||
        (rc = mrio_check_shape(Y, "Y", g->n, -1)) < 0)
        return rc;
    if (Y->n % nregions != 0)
        return mb_error_set(MB_EINVAL,
                            "Y has %lld columns, not a multiple of the %lld "
                            "regions",
                            (long long)Y->n, (long long)nregions);
    g->nc = Y->n / nregions;
    if (F_Y && (rc = mrio_check_shape(F_Y, "F_Y", g->k, Y->n)) < 0)
        return rc;
    if (population &&
        (rc = mrio_check_shape(population, "population", nregions, 1)) < 0)
        return rc;
    if ((rc = mrio_check_finite(S, "S")) < 0 ||
        (rc = mrio_check_finite(M, "M")) < 0 ||
        (rc = mrio_check_finite(Y, "Y")) < 0 ||
        (F_Y && (rc = mrio_check_finite(F_Y, "F_Y")) < 0))
        return rc;
    if (population) {
        int64_t j;

        for (j = 0; j < nregions; j++)
            if (!(population->x[j] > 0.0) || !isfinite(population->x[j]))
                return mb_error_set(MB_ENUMERIC,
                                    "population of region %lld is %g, "
                                    "expected a finite number > 0",
                                    (long long)j, population->x[j]);
    }
    return 0;
}

/* out[:, (rc, s)] += sum_rp qt[(rp, s), :]' yagg[(rp, s), rc], one rc. */
static void demand_weighted(mb_dense *out, const layout *g, const mb_dense *qt,
                            const mb_dense *yagg, int64_t rcons)
{
    int64_t s, rp, i;

    for (s = 0; s < g->ns; s++) {
        int64_t col = rcons * g->ns + s;

        for (rp = 0; rp < g->r; rp++) {
            int64_t row = rp * g->ns + s;
            double y = AT(yagg, row, rcons);

            if (y == 0.0)
                continue;
            for (i = 0; i < g->k; i++)
                AT(out, i, col) += AT(qt, row, i) * y;
        }
    }
}

/* D_imp for consuming region rcons with k transposed solves on S_out(rc). */
static int imports_by_stressors(mb_dense *D_imp, const layout *g,
                                const mb_mrio_lu *lu, const mb_dense *S,
                                const mb_dense *yagg, mb_dense *qt,
                                int64_t rcons)
{
    int64_t i, j;
    int rc;

    for (i = 0; i < g->k; i++)
        for (j = 0; j < g->n; j++)
            AT(qt, j, i) = j / g->ns == rcons ? 0.0 : AT(S, i, j);
    if ((rc = mb_mrio_lu_solve(lu, qt, 1)) < 0)
        return rc;
    demand_weighted(D_imp, g, qt, yagg, rcons);
    return 0;
}

/*
 * D_imp for consuming region rcons from the rows of L for that region
 * (nsectors transposed solves): D_cba minus the domestic part.
 */
static int imports_by_rows(mb_dense *D_imp, const layout *g,
                           const mb_mrio_lu *lu, const mb_dense *S,
                           const mb_dense *D_cba, const mb_dense *yagg,
                           mb_dense *lrt, mb_dense *w, int64_t rcons)
{
    int64_t i, sp, s, rp, first = rcons * g->ns;
    int rc;

    memset(lrt->x, 0, (size_t)(lrt->ld * lrt->n) * sizeof *lrt->x);
    for (sp = 0; sp < g->ns; sp++)
        AT(lrt, first + sp, sp) = 1.0;
    if ((rc = mb_mrio_lu_solve(lu, lrt, 1)) < 0)
        return rc;
    /* w[sp, s] = sum_rp L[(rc, sp), (rp, s)] Y_agg[(rp, s), rc] */
    for (s = 0; s < g->ns; s++)
        for (sp = 0; sp < g->ns; sp++) {
            double v = 0.0;

            for (rp = 0; rp < g->r; rp++)
                v += AT(lrt, rp * g->ns + s, sp) *
                     AT(yagg, rp * g->ns + s, rcons);
            AT(w, sp, s) = v;
        }
    for (s = 0; s < g->ns; s++)
        for (i = 0; i < g->k; i++) {
            double dom = 0.0;

            for (sp = 0; sp < g->ns; sp++)
                dom += AT(S, i, first + sp) * AT(w, sp, s);
            AT(D_imp, i, first + s) = AT(D_cba, i, first + s) - dom;
        }
    return 0;
}

static int industry_accounts(mb_mrio_accounts *a, const layout *g,
                             const mb_mrio_lu *lu, const mb_dense *S,
                             const mb_dense *M, const mb_dense *Y)
{
    mb_dense *yagg = NULL, *X = NULL, *work = NULL, *w = NULL;
    int64_t i, j, c, rcons;
    int by_stressors = g->k <= g->ns;
    int rc;

    if ((rc = mb_dense_new(&yagg, g->n, g->r)) < 0 ||
        (rc = mb_dense_new(&X, g->n, g->r)) < 0 ||
        (rc = mb_dense_new(&work, g->n, by_stressors ? g->k : g->ns)) < 0 ||
        (rc = mb_dense_new(&w, g->ns, g->ns)) < 0 ||
        (rc = mb_dense_new(&a->D_cba, g->k, g->n)) < 0 ||
        (rc = mb_dense_new(&a->D_pba, g->k, g->n)) < 0 ||
        (rc = mb_dense_new(&a->D_imp, g->k, g->n)) < 0 ||
        (rc = mb_dense_new(&a->D_exp, g->k, g->n)) < 0)
        goto done;
    for (rcons = 0; rcons < g->r; rcons++)
        for (c = 0; c < g->nc; c++)
            for (i = 0; i < g->n; i++)
                AT(yagg, i, rcons) += AT(Y, i, rcons * g->nc + c);
    memcpy(X->x, yagg->x, (size_t)(g->n * g->r) * sizeof *X->x);
    if ((rc = mb_mrio_lu_solve(lu, X, 0)) < 0)
        goto done;
    for (j = 0; j < g->n; j++) {
        double tot = 0.0, exp = 0.0;

        for (rcons = 0; rcons < g->r; rcons++) {
            tot += AT(X, j, rcons);
            if (rcons != j / g->ns)
                exp += AT(X, j, rcons);
        }
        for (i = 0; i < g->k; i++) {
            AT(a->D_pba, i, j) = AT(S, i, j) * tot;
            AT(a->D_exp, i, j) = AT(S, i, j) * exp;
        }
    }
    for (rcons = 0; rcons < g->r; rcons++) {
        int64_t s, rp;

        for (s = 0; s < g->ns; s++)
            for (rp = 0; rp < g->r; rp++) {
                int64_t row = rp * g->ns + s;
                double y = AT(yagg, row, rcons);

                for (i = 0; y != 0.0 && i < g->k; i++)
                    AT(a->D_cba, i, rcons * g->ns + s) += AT(M, i, row) * y;
            }
    }
    for (rcons = 0; rcons < g->r && rc == 0; rcons++)
        rc = by_stressors
                 ? imports_by_stressors(a->D_imp, g, lu, S, yagg, work, rcons)
                 : imports_by_rows(a->D_imp, g, lu, S, a->D_cba, yagg, work,
                                   w, rcons);
done:
    mb_dense_free(yagg);
    mb_dense_free(X);
    mb_dense_free(work);
    mb_dense_free(w);
    return rc;
}

/* out[:, r] = sum of d's columns of region r (+ F_Y's when given). */
static int per_region(mb_dense **out, const layout *g, const mb_dense *d,
                      const mb_dense *F_Y)
{
    int64_t i, j;
    int rc = mb_dense_new(out, g->k, g->r);

    if (rc < 0)
        return rc;
    for (j = 0; j < g->n; j++)
        for (i = 0; i < g->k; i++)
            AT(*out, i, j / g->ns) += AT(d, i, j);
    if (F_Y)
        for (j = 0; j < F_Y->n; j++)
            for (i = 0; i < g->k; i++)
                AT(*out, i, j / g->nc) += AT(F_Y, i, j);
    return 0;
}

static int per_capita(mb_dense **out, const mb_dense *reg,
                      const mb_dense *population)
{
    int64_t i, j;
    int rc = mb_dense_new(out, reg->m, reg->n);

    if (rc < 0)
        return rc;
    for (j = 0; j < reg->n; j++)
        for (i = 0; i < reg->m; i++)
            AT(*out, i, j) = AT(reg, i, j) / population->x[j];
    return 0;
}

int mb_mrio_calc_accounts(mb_mrio_accounts *out, const mb_mrio_lu *lu,
                          const mb_dense *S, const mb_dense *M,
                          const mb_dense *Y, const mb_dense *F_Y,
                          const mb_dense *population, int64_t nregions)
{
    mb_mrio_accounts a;
    layout g;
    int rc;

    memset(&a, 0, sizeof a);
    memset(out, 0, sizeof *out);
    if ((rc = check_inputs(&g, lu, S, M, Y, F_Y, population, nregions)) < 0)
        return rc;
    if ((rc = industry_accounts(&a, &g, lu, S, M, Y)) < 0 ||
        (rc = per_region(&a.D_cba_reg, &g, a.D_cba, F_Y)) < 0 ||
        (rc = per_region(&a.D_pba_reg, &g, a.D_pba, F_Y)) < 0 ||
        (rc = per_region(&a.D_imp_reg, &g, a.D_imp, NULL)) < 0 ||
        (rc = per_region(&a.D_exp_reg, &g, a.D_exp, NULL)) < 0)
        goto fail;
    if (population &&
        ((rc = per_capita(&a.D_cba_cap, a.D_cba_reg, population)) < 0 ||
         (rc = per_capita(&a.D_pba_cap, a.D_pba_reg, population)) < 0 ||
         (rc = per_capita(&a.D_imp_cap, a.D_imp_reg, population)) < 0 ||
         (rc = per_capita(&a.D_exp_cap, a.D_exp_reg, population)) < 0))
        goto fail;
    *out = a;
    return 0;
fail:
    mb_mrio_accounts_free(&a);
    return rc;
}

void mb_mrio_accounts_free(mb_mrio_accounts *a)
{
    if (!a)
        return;
    mb_dense_free(a->D_cba);
    mb_dense_free(a->D_pba);
    mb_dense_free(a->D_imp);
    mb_dense_free(a->D_exp);
    mb_dense_free(a->D_cba_reg);
    mb_dense_free(a->D_pba_reg);
    mb_dense_free(a->D_imp_reg);
    mb_dense_free(a->D_exp_reg);
    mb_dense_free(a->D_cba_cap);
    mb_dense_free(a->D_pba_cap);
    mb_dense_free(a->D_imp_cap);
    mb_dense_free(a->D_exp_cap);
    memset(a, 0, sizeof *a);
}
