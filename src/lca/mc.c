/*
 * mc.c - Monte Carlo through the matrix LCA (mc.h).
 *
 * Each iteration i draws the uncertain values of A, B, the factors and the
 * parameters from stream i of the seed (mc_sampler.c, param_model.h),
 * solves the sampled technosphere for every demand, and characterizes the
 * sampled inventory: h = c^T B A^-1 f, as bw2calc's MonteCarloLCA does, but
 * without rebuilding or re-analysing the matrices. The sampled A differs
 * from the mean A only in its values, so each worker thread keeps the mean
 * system's LU and first solves the sample by GMRES preconditioned with it
 * (Saad 2003, ch. 9; the mean solution is the start), which costs a few
 * triangular solves and products with A. When GMRES cannot reach the
 * tolerance within MAX_GMRES_STEPS, the sample is refactorized numerically
 * in the mean system's pivot order (klu_refactor: the symbolic analysis and
 * the pivots kept, lu.h) and solved with refinement; only a zero pivot or a
 * poor residual there brings a factorization with pivoting. Every path is a
 * fixed function of the sample, so a result does not depend on which
 * thread computed it or what that thread solved before.
 *
 * With nothing uncertain in A the mean supply is used as is, and with
 * nothing uncertain at all every iteration repeats mb_lca_calculate's
 * arithmetic: the deterministic score, exactly.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "lca/mc_internal.h"
#include "metabol/lca.h"
#include "metabol/lu.h"

#define GMRES_TOL 1e-9
#define MAX_GMRES_STEPS 20
#define SOLVE_TOL 1e-12

typedef struct mc_run {
    const mb_system *sys;
    const mb_mc_options *o;
    const double *demands;
    int64_t ndemands;
    const size_t *methods;
    size_t nmethods;
    mc_plan plan;
    double *mean_supply; /* nactivities x ndemands */
    mb_solver_kind solver;
    mb_mc_result *res;
    atomic_llong next;    /* the next iteration index to take */
    atomic_llong done;    /* iterations finished */
    atomic_llong stop_at; /* no iteration at or after this index */
    pthread_mutex_t lock; /* guards the error below */
    int err_code;
    char err_msg[512];
} mc_run;

typedef struct worker {
    mc_run *run;
    pthread_t thread;
    int started;
    mb_csc A, B;     /* the sample: the system's pattern, own values */
    mb_system view;  /* the system with the sampled B and factors */
    mb_flow_vector *methods; /* view's methods: sampled ones own values */
    mb_lu *mean;     /* the mean technosphere's factors: preconditioner */
    mb_lu *sample;   /* a sample's factors, in the mean's pivot order */
    mb_lu *fresh;    /* a sample's factors, pivoted afresh */
    mb_lu *factors;  /* which of the two holds this sample's */
    mb_gmres_work *gw;
    double *scratch; /* the parametric model's */
    double *supply;  /* nactivities */
    double *inventory;
    int64_t iterative, refactorized, singular, gmres_steps;
} worker;

static void record_error(mc_run *run, int code, const char *msg,
                         int64_t index)
{
    pthread_mutex_lock(&run->lock);
    if (run->err_code == 0 || index < atomic_load(&run->stop_at)) {
        run->err_code = code;
        snprintf(run->err_msg, sizeof run->err_msg, "%s", msg);
    }
    pthread_mutex_unlock(&run->lock);
}

/* Lower stop_at to index (never raise it). */
static void stop_before(mc_run *run, int64_t index)
{
    long long cur = atomic_load(&run->stop_at);

    while (index < cur &&
           !atomic_compare_exchange_weak(&run->stop_at, &cur, index))
        ;
}

/* Does the technosphere change from one iteration to the next? */
static int varies_A(const mc_run *run)
{
    return mc_values_count(&run->plan.A) > 0 || run->plan.pcounts.A_entries;
}

static int worker_init(worker *w, mc_run *run)
{
    const mb_system *sys = run->sys;
    int64_t nA = mb_csc_nnz(sys->A), nB = mb_csc_nnz(sys->B);
    int rc;

    memset(w, 0, sizeof *w);
    w->run = run;
    w->A = *sys->A;
    w->B = *sys->B;
    w->A.x = mb_alloc_array((size_t)nA + 1, sizeof *w->A.x);
    w->B.x = mb_alloc_array((size_t)nB + 1, sizeof *w->B.x);
    w->supply = mb_alloc_array((size_t)sys->nactivities + 1,
                               sizeof *w->supply);
    w->inventory = mb_alloc_array((size_t)sys->nflows + 1,
                                  sizeof *w->inventory);
    if (!w->A.x || !w->B.x || !w->supply || !w->inventory)
        return MB_ENOMEM;
    memcpy(w->A.x, sys->A->x, (size_t)nA * sizeof *w->A.x);
    memcpy(w->B.x, sys->B->x, (size_t)nB * sizeof *w->B.x);
    w->view = *sys;
    w->view.B = &w->B;
    if (run->plan.anyC) {
        size_t k;

        if (!(w->methods = mb_calloc(sys->nmethods + 1, sizeof *w->methods)))
            return MB_ENOMEM;
        memcpy(w->methods, sys->methods, sys->nmethods * sizeof *w->methods);
        for (k = 0; k < run->plan.nC; k++) {
            size_t m = run->methods[k];

            if (mc_values_count(&run->plan.C[k]) == 0 ||
                w->methods[m].values != sys->methods[m].values)
                continue;
            w->methods[m].values = mb_alloc_array(
                (size_t)sys->nflows + 1, sizeof *w->methods[m].values);
            if (!w->methods[m].values)
                return MB_ENOMEM;
        }
        w->view.methods = w->methods;
    }
    if (run->plan.params &&
        !(w->scratch = mb_alloc_array(
              mb_param_model_scratch_size(run->plan.params) + 1,
              sizeof *w->scratch)))
        return MB_ENOMEM;
    if (!varies_A(run) || !run->o->iterative)
        return 0;
    if ((rc = mb_lu_factor(&w->mean, sys->A, run->solver, NULL)) < 0)
        return rc;
    return mb_gmres_work_new(&w->gw, sys->nproducts, MAX_GMRES_STEPS);
}

static void worker_free(worker *w)
{
    size_t m;

    for (m = 0; w->methods && m < w->run->sys->nmethods; m++)
        if (w->methods[m].values != w->run->sys->methods[m].values)
            mb_free(w->methods[m].values);
    mb_free(w->methods);
    mb_free(w->A.x);
    mb_free(w->B.x);
    mb_free(w->supply);
    mb_free(w->inventory);
    mb_free(w->scratch);
    mb_lu_free(w->mean);
    mb_lu_free(w->sample);
    mb_lu_free(w->fresh);
    mb_gmres_work_free(w->gw);
}

/*
 * Factorize the sample with the mean system's pivot order (klu_refactor:
 * no pivot search, the symbolic analysis kept); on a zero pivot there,
 * afresh. Either is a function of the sample alone: w->sample never takes
 * another pivot order, whatever this thread met before.
 */
static int factorize_sample(worker *w, int afresh)
{
    int rc;

    mb_lu_free(w->fresh);
    w->fresh = NULL;
    if (!afresh) {
        if (!w->sample &&
            (rc = mb_lu_factor(&w->sample, w->run->sys->A, w->run->solver,
                               NULL)) < 0)
            return rc;
        rc = mb_lu_refactor_kept(w->sample, &w->A);
        if (rc != MB_ESINGULAR) {
            w->factors = w->sample;
            return rc;
        }
    }
    rc = mb_lu_factor(&w->fresh, &w->A, w->run->solver, NULL);
    w->factors = w->fresh;
    return rc;
}

/*
 * The supply of demand d for the sample in w->A: 0, MB_ESINGULAR for a
 * singular sample, or another error. *factored tells whether this sample
 * has been factorized already (for the demands after the first).
 */
static int solve_sample(worker *w, int64_t d, int *factored)
{
    const mc_run *run = w->run;
    int64_t n = run->sys->nproducts;
    const double *f = run->demands + (size_t)d * n;
    double residual;
    int rc, steps;

    memcpy(w->supply, run->mean_supply + (size_t)d * n,
           (size_t)n * sizeof *w->supply);
    if (!*factored && w->gw) {
        rc = mb_lu_gmres(w->mean, &w->A, f, w->supply, GMRES_TOL,
                         MAX_GMRES_STEPS, w->gw, &steps);
        w->gmres_steps += steps;
        if (rc < 0)
            return rc;
        if (rc == 0) {
            w->iterative++;
            return 0;
        }
    }
    if (!*factored) {
        if ((rc = factorize_sample(w, 0)) < 0)
            return rc;
        *factored = 1;
        w->refactorized++;
    }
    rc = mb_lu_solve_refined(w->factors, &w->A, f, w->supply, 0, SOLVE_TOL,
                             3, &residual);
    if (rc == 0 && !(residual <= SOLVE_TOL) && w->factors == w->sample) {
        /* the kept pivots do not suit these values: pivot afresh */
        if ((rc = factorize_sample(w, 1)) < 0)
            return rc;
        rc = mb_lu_solve_refined(w->factors, &w->A, f, w->supply, 0,
                                 SOLVE_TOL, 3, &residual);
    }
    if (rc < 0)
        return rc;
    if (!(residual <= 1e-8))
        return mb_error_set(MB_ESINGULAR, "relative residual %.3g",
                            residual);
    return 0;
}

/* One iteration (index i of this run's share) into its result row. */
static int iterate(worker *w, int64_t i)
{
    mc_run *run = w->run;
    const mb_system *sys = run->sys;
    mb_mc_result *res = run->res;
    int64_t it = run->o->first + i, d;
    int64_t nA = mb_csc_nnz(sys->A), nB = mb_csc_nnz(sys->B);
    double *row = res->scores + (size_t)i * run->ndemands * run->nmethods;
    int sampledA = varies_A(run), factored = 0, rc;
    size_t m, t;
    mb_random r;

    mb_random_init(&r, run->o->seed, (uint64_t)it);
    if (sampledA) {
        memcpy(w->A.x, sys->A->x, (size_t)nA * sizeof *w->A.x);
        mc_values_draw(&run->plan.A, &r, w->A.x);
    }
    if (mc_values_count(&run->plan.B) > 0 || run->plan.pcounts.B_entries) {
        memcpy(w->B.x, sys->B->x, (size_t)nB * sizeof *w->B.x);
        mc_values_draw(&run->plan.B, &r, w->B.x);
    }
    if (run->plan.params) {
        mb_random_seek(&r, run->plan.params_base);
        if ((rc = mb_param_model_sample(run->plan.params, &r, w->scratch,
                                        w->A.x, w->B.x)) < 0)
            return rc;
    }
    for (t = 0; run->plan.anyC && t < run->plan.nC; t++) {
        size_t k = run->methods[t];

        if (mc_values_count(&run->plan.C[t]) == 0)
            continue;
        memcpy(w->methods[k].values, sys->methods[k].values,
               (size_t)sys->nflows * sizeof *w->methods[k].values);
        mc_values_draw(&run->plan.C[t], &r, w->methods[k].values);
    }
    if (res->tracked) {
        double *tr = res->tracked + (size_t)i * res->ntracked;

        for (t = 0; t < run->o->ntrack_A; t++)
            tr[t] = w->A.x[run->o->track_A[t]];
        for (t = 0; t < run->o->ntrack_B; t++)
            tr[run->o->ntrack_A + t] = w->B.x[run->o->track_B[t]];
    }
    for (d = 0; d < run->ndemands; d++) {
        if (sampledA) {
            if ((rc = solve_sample(w, d, &factored)) < 0)
                return rc;
        } else {
            memcpy(w->supply,
                   run->mean_supply + (size_t)d * sys->nactivities,
                   (size_t)sys->nactivities * sizeof *w->supply);
        }
        mb_lca_inventory(&w->view, w->supply, w->inventory);
        for (m = 0; m < run->nmethods; m++)
            row[d * (int64_t)run->nmethods + (int64_t)m] =
                mb_lca_score(&w->view, run->methods[m], w->inventory);
    }
    return 0;
}

static void fill_nan(double *row, size_t k)
{
    size_t q;

    for (q = 0; q < k; q++)
        row[q] = NAN;
}

static void *work(void *arg)
{
    worker *w = arg;
    mc_run *run = w->run;
    int64_t count = run->res->count;
    size_t width = (size_t)run->ndemands * run->nmethods;
    int is_caller = !w->started;

    for (;;) {
        int64_t i = atomic_fetch_add(&run->next, 1);
        int rc;

        if (i >= count || i >= atomic_load(&run->stop_at))
            break;
        rc = iterate(w, i);
        if (rc == MB_ESINGULAR && run->o->skip_singular) {
            w->singular++;
            fill_nan(run->res->scores + (size_t)i * width, width);
            pthread_mutex_lock(&run->lock);
            if (run->res->first_singular < 0 ||
                run->o->first + i < run->res->first_singular)
                run->res->first_singular = run->o->first + i;
            pthread_mutex_unlock(&run->lock);
        } else if (rc < 0) {
            char msg[512];

            if (rc == MB_ESINGULAR)
                snprintf(msg, sizeof msg,
                         "iteration %lld: the sampled technosphere is "
                         "singular (%s); skip such samples with the "
                         "skip-singular option",
                         (long long)(run->o->first + i),
                         mb_error_last()->message);
            else
                snprintf(msg, sizeof msg, "iteration %lld: %s",
                         (long long)(run->o->first + i),
                         mb_error_last()->message);
            record_error(run, rc, msg, i);
            stop_before(run, i);
        }
        atomic_fetch_add(&run->done, 1);
        if (is_caller && run->o->progress)
            run->o->progress(run->o->progress_ctx, atomic_load(&run->done),
                             count);
    }
    return NULL;
}

/* The supplies of the mean system, and its scores (res->deterministic). */
static int mean_supplies(mc_run *run)
{
    const mb_system *sys = run->sys;
    mb_lca_options lo = MB_LCA_OPTIONS_INIT;
    mb_lca *lca = NULL;
    double *g;
    int64_t d;
    size_t m;
    int rc;

    run->mean_supply = mb_alloc_array(
        (size_t)(sys->nactivities * run->ndemands) + 1,
        sizeof *run->mean_supply);
    if (!run->mean_supply)
        return MB_ENOMEM;
    if ((rc = mb_lca_new(&lca, sys, &lo)) < 0)
        return rc;
    run->solver = mb_lu_kind(mb_lca_lu(lca));
    if (!(g = mb_alloc_array((size_t)sys->nflows + 1, sizeof *g)))
        rc = MB_ENOMEM;
    for (d = 0; d < run->ndemands && rc == 0; d++) {
        double *s = run->mean_supply + (size_t)d * sys->nactivities;

        if ((rc = mb_lca_solve(lca, run->demands + (size_t)d * sys->nproducts,
                               s, NULL)) < 0)
            break;
        mb_lca_inventory(sys, s, g);
        for (m = 0; rc == 0 && m < run->nmethods; m++)
            run->res->deterministic[(size_t)d * run->nmethods + m] =
                mb_lca_score(sys, run->methods[m], g);
    }
    mb_free(g);
    mb_lca_free(lca);
    return rc;
}

static int check_options(const mb_system *sys, const size_t *methods,
                         size_t nmethods, const mb_mc_options *o)
{
    size_t k;

    if (!o || o->version != MB_MC_OPTIONS_VERSION)
        return mb_error_set(MB_EINVAL, "Monte Carlo options of another "
                            "version (use MB_MC_OPTIONS_INIT)");
    if (o->first < 0 || o->count < 0)
        return mb_error_set(MB_EINVAL, "iterations %lld to %lld: expected "
                            "a first >= 0 and a count >= 0",
                            (long long)o->first,
                            (long long)(o->first + o->count - 1));
    if (sys->invalid_distributions && !o->keep_invalid)
        return mb_error_set(MB_EINVAL, "%s (%zu invalid distribution%s in "
                            "all; keep those amounts fixed to go on)",
                            sys->invalid_distribution,
                            sys->invalid_distributions,
                            sys->invalid_distributions == 1 ? "" : "s");
    if (sys->nproducts != sys->nactivities)
        return mb_error_set(MB_EINVAL, "the technosphere is %lld x %lld; "
                            "Monte Carlo needs a square one",
                            (long long)sys->nproducts,
                            (long long)sys->nactivities);
    for (k = 0; k < nmethods; k++)
        if (methods[k] >= sys->nmethods)
            return mb_error_set(MB_EINVAL, "method %zu of %zu", methods[k],
                                sys->nmethods);
    for (k = 0; k < o->ntrack_A; k++)
        if (o->track_A[k] < 0 || o->track_A[k] >= mb_csc_nnz(sys->A))
            return mb_error_set(MB_EINVAL, "tracked A entry %lld of %lld",
                                (long long)o->track_A[k],
                                (long long)mb_csc_nnz(sys->A));
    for (k = 0; k < o->ntrack_B; k++)
        if (o->track_B[k] < 0 || o->track_B[k] >= mb_csc_nnz(sys->B))
            return mb_error_set(MB_EINVAL, "tracked B entry %lld of %lld",
                                (long long)o->track_B[k],
                                (long long)mb_csc_nnz(sys->B));
    return 0;
}

static int result_new(mb_mc_result **out, const mc_run *run)
{
    const mb_mc_options *o = run->o;
    mb_mc_result *r = mb_calloc(1, sizeof *r);
    size_t width = (size_t)run->ndemands * run->nmethods;

    if (!(*out = r))
        return MB_ENOMEM;
    r->first = o->first;
    r->count = o->count;
    r->ndemands = run->ndemands;
    r->nmethods = run->nmethods;
    r->first_singular = -1;
    r->ntracked = o->ntrack_A + o->ntrack_B;
    r->scores = mb_alloc_array((size_t)o->count * width + 1,
                               sizeof *r->scores);
    r->deterministic = mb_alloc_array(width + 1, sizeof *r->deterministic);
    if (r->ntracked)
        r->tracked = mb_alloc_array((size_t)o->count * r->ntracked + 1,
                                    sizeof *r->tracked);
    if (!r->scores || !r->deterministic || (r->ntracked && !r->tracked))
        return MB_ENOMEM;
    r->sampled = mc_plan_count(&run->plan);
    return 0;
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int run_workers(mc_run *run, int nthreads)
{
    double started = now();
    worker *w = mb_calloc((size_t)nthreads, sizeof *w);
    int k, rc = 0;

    if (!w)
        return MB_ENOMEM;
    for (k = 0; k < nthreads && rc == 0; k++)
        rc = worker_init(&w[k], run);
    for (k = 1; k < nthreads && rc == 0; k++) {
        if (pthread_create(&w[k].thread, NULL, work, &w[k]) != 0) {
            rc = mb_error_set(MB_EINTERNAL, "cannot start thread %d", k);
            break;
        }
        w[k].started = 1;
    }
    if (rc == 0)
        work(&w[0]);
    else
        stop_before(run, 0);
    for (k = 1; k < nthreads; k++)
        if (w[k].started)
            pthread_join(w[k].thread, NULL);
    for (k = 0; k < nthreads; k++) {
        run->res->iterative += w[k].iterative;
        run->res->refactorized += w[k].refactorized;
        run->res->singular += w[k].singular;
        run->res->gmres_steps += w[k].gmres_steps;
        worker_free(&w[k]);
    }
    mb_free(w);
    run->res->seconds = now() - started;
    return rc;
}

int mb_mc_run(mb_mc_result **out, const mb_system *sys, const double *demands,
              int64_t ndemands, const size_t *methods, size_t nmethods,
              const mb_mc_options *o)
{
    mc_run run;
    int nthreads, rc;

    *out = NULL;
    if ((rc = check_options(sys, methods, nmethods, o)) < 0)
        return rc;
    memset(&run, 0, sizeof run);
    run.sys = sys;
    run.o = o;
    run.demands = demands;
    run.ndemands = ndemands;
    run.methods = methods;
    run.nmethods = nmethods;
    atomic_init(&run.next, 0);
    atomic_init(&run.done, 0);
    atomic_init(&run.stop_at, o->count);
    pthread_mutex_init(&run.lock, NULL);
    nthreads = o->threads > 1 ? o->threads : 1;
    if (nthreads > o->count)
        nthreads = o->count > 0 ? (int)o->count : 1;
    if ((rc = mc_plan_build(&run.plan, sys, methods, nmethods, o)) == 0 &&
        (rc = result_new(&run.res, &run)) == 0 &&
        (rc = mean_supplies(&run)) == 0)
        rc = run_workers(&run, nthreads);
    if (rc == 0 && run.err_code)
        rc = mb_error_set(run.err_code, "%s", run.err_msg);
    mc_plan_free(&run.plan);
    mb_free(run.mean_supply);
    pthread_mutex_destroy(&run.lock);
    if (rc < 0) {
        mb_mc_result_free(run.res);
        return rc;
    }
    *out = run.res;
    return 0;
}

void mb_mc_result_free(mb_mc_result *r)
{
    if (!r)
        return;
    mb_free(r->scores);
    mb_free(r->deterministic);
    mb_free(r->tracked);
    mb_free(r);
}
