/*
 * gmres.c - restarted GMRES with right preconditioning (Saad & Schultz 1986,
 * "GMRES: a generalized minimal residual algorithm for solving nonsymmetric
 * linear systems", SIAM J. Sci. Stat. Comput. 7; Saad, "Iterative Methods
 * for Sparse Linear Systems", 2nd ed., algorithm 9.5). The Arnoldi basis is
 * orthogonalized by modified Gram-Schmidt and the small least-squares
 * problem is kept triangular by Givens rotations, so the residual norm of
 * every step is known without forming x; a solve that, at its rate so far,
 * cannot reach the tolerance within its step budget stops early, for the
 * caller's direct solver. The preconditioner is an LU of a
 * nearby matrix: for a Monte Carlo sample of a technosphere, its mean.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "metabol/lu.h"
#include "metabol/sparse.h"

struct mb_gmres_work {
    int64_t n;
    int restart;
    double *v;    /* (restart + 1) x n: the Arnoldi basis */
    double *z;    /* n: a preconditioned vector */
    double *h;    /* (restart + 1) x restart, column-major: Hessenberg */
    double *g;    /* restart + 1: rotated right-hand side */
    double *cs, *sn; /* Givens rotations */
    double *y;    /* restart */
};

int mb_gmres_work_new(mb_gmres_work **out, int64_t n, int restart)
{
    mb_gmres_work *w;
    size_t m = (size_t)restart;

    *out = NULL;
    if (n < 0 || restart < 1)
        return mb_error_set(MB_EINVAL, "GMRES needs n >= 0 and restart >= 1");
    if (!(w = mb_calloc(1, sizeof *w)))
        return MB_ENOMEM;
    w->n = n;
    w->restart = restart;
    w->v = mb_alloc_array((m + 1) * (size_t)n + 1, sizeof *w->v);
    w->z = mb_alloc_array((size_t)n + 1, sizeof *w->z);
    w->h = mb_alloc_array((m + 1) * m, sizeof *w->h);
    w->g = mb_alloc_array(m + 1, sizeof *w->g);
    w->cs = mb_alloc_array(m, sizeof *w->cs);
    w->sn = mb_alloc_array(m, sizeof *w->sn);
    w->y = mb_alloc_array(m, sizeof *w->y);
    if (!w->v || !w->z || !w->h || !w->g || !w->cs || !w->sn || !w->y) {
        mb_gmres_work_free(w);
        return MB_ENOMEM;
    }
    *out = w;
    return 0;
}

void mb_gmres_work_free(mb_gmres_work *w)
{
    if (!w)
        return;
    mb_free(w->v);
    mb_free(w->z);
    mb_free(w->h);
    mb_free(w->g);
    mb_free(w->cs);
    mb_free(w->sn);
    mb_free(w->y);
    mb_free(w);
}

static double dot(const double *a, const double *b, int64_t n)
{
    double s = 0.0;
    int64_t k;

    for (k = 0; k < n; k++)
        s += a[k] * b[k];
    return s;
}

/* r = b - A x; returns ||r||_2. */
static double residual(const mb_csc *a, const double *b, const double *x,
                       double *r)
{
    memcpy(r, b, (size_t)a->n * sizeof *r);
    mb_csc_gemv(a, -1.0, x, 1.0, r);
    return sqrt(dot(r, r, a->n));
}

/*
 * Will the residual, falling at the mean rate of the `done` steps so far
 * from `first`, miss `target` within `budget` more steps? Then stopping now
 * saves the steps (the caller has a direct solver to fall back on).
 */
static int hopeless(double first, double now, double target, int done,
                    int budget)
{
    double rate;

    if (done < 4 || now <= target)
        return 0;
    rate = pow(now / first, 1.0 / done);
    return !(rate < 1.0) || log(target / now) / log(rate) > (double)budget;
}

/*
 * One cycle of at most w->restart steps from x; adds the correction to x.
 * Returns the steps taken (>= 0) or an error. `first` is the residual norm
 * the solve started from and `done` the steps of earlier cycles.
 */
static int cycle(mb_lu *m, const mb_csc *a, double *x, double beta,
                 double target, int budget, mb_gmres_work *w, double first,
                 int done)
{
    int64_t n = w->n, k;
    int mr = w->restart, j, i, steps = 0, rc;
    double *h = w->h;

    for (k = 0; k < n; k++)
        w->v[k] /= beta;
    memset(w->g, 0, (size_t)(mr + 1) * sizeof *w->g);
    w->g[0] = beta;
    for (j = 0; j < mr && j < budget; j++) {
        double *vj = w->v + (size_t)j * n, *vn = vj + n, hn, t, denom;

        memcpy(w->z, vj, (size_t)n * sizeof *w->z);
        if ((rc = mb_lu_solve(m, w->z, 1, 0)) < 0)
            return rc;
        mb_csc_gemv(a, 1.0, w->z, 0.0, vn);
        for (i = 0; i <= j; i++) {
            double *vi = w->v + (size_t)i * n, hij = dot(vn, vi, n);

            h[(size_t)j * (mr + 1) + i] = hij;
            for (k = 0; k < n; k++)
                vn[k] -= hij * vi[k];
        }
        hn = sqrt(dot(vn, vn, n));
        h[(size_t)j * (mr + 1) + j + 1] = hn;
        for (i = 0; i < j; i++) { /* earlier rotations on the new column */
            double *c = h + (size_t)j * (mr + 1);

            t = w->cs[i] * c[i] + w->sn[i] * c[i + 1];
            c[i + 1] = -w->sn[i] * c[i] + w->cs[i] * c[i + 1];
            c[i] = t;
        }
        t = h[(size_t)j * (mr + 1) + j];
        denom = hypot(t, hn);
        if (denom == 0.0 || !isfinite(denom))
            break; /* breakdown: the solution lies in the basis so far */
        w->cs[j] = t / denom;
        w->sn[j] = hn / denom;
        h[(size_t)j * (mr + 1) + j] = denom;
        h[(size_t)j * (mr + 1) + j + 1] = 0.0;
        w->g[j + 1] = -w->sn[j] * w->g[j];
        w->g[j] = w->cs[j] * w->g[j];
        steps = j + 1;
        if (hn != 0.0)
            for (k = 0; k < n; k++)
                vn[k] /= hn;
        if (fabs(w->g[j + 1]) <= target || hn == 0.0 ||
            hopeless(first, fabs(w->g[j + 1]), target, done + j + 1,
                     budget - j - 1))
            break;
    }
    /* y = H^-1 g (upper triangular), x += M^-1 V y */
    for (i = steps - 1; i >= 0; i--) {
        double s = w->g[i];
        int q;

        for (q = i + 1; q < steps; q++)
            s -= h[(size_t)q * (mr + 1) + i] * w->y[q];
        w->y[i] = s / h[(size_t)i * (mr + 1) + i];
    }
    memset(w->z, 0, (size_t)n * sizeof *w->z);
    for (i = 0; i < steps; i++) {
        const double *vi = w->v + (size_t)i * n;

        for (k = 0; k < n; k++)
            w->z[k] += w->y[i] * vi[k];
    }
    if (steps && (rc = mb_lu_solve(m, w->z, 1, 0)) < 0)
        return rc;
    for (k = 0; k < n; k++)
        x[k] += w->z[k];
    return steps;
}

int mb_lu_gmres(mb_lu *m, const mb_csc *a, const double *b, double *x,
                double tol, int max_steps, mb_gmres_work *w, int *steps)
{
    double nb, beta, first, target;
    int done = 0, rc;

    if (steps)
        *steps = 0;
    if (a->m != a->n || a->n != w->n || mb_lu_order(m) != a->n)
        return mb_error_set(MB_EINVAL, "GMRES: matrix, preconditioner and "
                            "workspace differ in order");
    nb = sqrt(dot(b, b, a->n));
    target = tol * (nb > 0 ? nb : 1.0);
    beta = first = residual(a, b, x, w->v);
    while (beta > target && done < max_steps) {
        if (!isfinite(beta))
            break;
        if ((rc = cycle(m, a, x, beta, target, max_steps - done, w, first,
                        done)) < 0)
            return rc;
        if (rc == 0)
            break;
        done += rc;
        beta = residual(a, b, x, w->v);
        if (beta > target && hopeless(first, beta, target, done,
                                      max_steps - done))
            break;
    }
    if (steps)
        *steps = done;
    return beta <= target ? 0 : 1;
}
