/*
 * spa.c - structural path analysis (Defourny & Thorbecke 1984, "Structural
 * path analysis and multiplier decomposition within a social accounting
 * matrix framework", Economic Journal 94; for LCA: Heijungs & Suh 2002,
 * ch. 8, and Peters 2007, "Efficient algorithms for life cycle assessment,
 * input-output analysis, and Monte-Carlo analysis", Int J LCA 12(6)).
 *
 * With every product paired with the activity that makes it (paths_basis.c)
 * and D the diagonal of those production amounts, A = D - O and
 *
 *   A^-1 = (I - D^-1 O)^-1 D^-1 = sum_t (D^-1 O)^t D^-1,
 *
 * so the score u . A^-1 f splits into one term per path from the demand
 * down the supply chain: along j_0 <- j_1 <- ... <- j_L the activity levels
 * are x_0 = f_i / A_{i j_0} (i demanded, made by j_0) and
 * x_{k+1} = -A_{i j_k} x_k / A_{i j_{k+1}} (i made by j_{k+1}), and the
 * path's value is x_L u_{j_L}, the direct score of its last activity on
 * that path. Its cumulative value x_L A_{r j_L} lambda_r (r the reference
 * of j_L) bounds what the paths through it can add up to, as Peters' and
 * Lenzen & Crawford's (2009) pruning uses it.
 *
 * The enumeration is depth first with an explicit stack (paths can be
 * long): a step is taken when |cumulative| of the longer path reaches the
 * threshold and the path is shorter than max_depth; a path is counted when
 * |value| reaches the threshold. The top N by |value| are kept in a min-heap.
 * With cutoff 0 every path up to max_depth is enumerated, so on an acyclic
 * system the values add up to the total exactly, and on a cyclic one they
 * converge to it as max_depth grows (the power series above); max_visits
 * bounds the work either way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lca/paths_internal.h"

typedef struct frame {
    int64_t j;  /* activity */
    double x;   /* its level on this path */
    int64_t q;  /* next entry of column j to follow */
} frame;

typedef struct search {
    const mb_paths_basis *b;
    const mb_paths_options *o;
    mb_paths_spa *s;
    frame *stack;
    int64_t depth, cap;
    mb_paths_heap top; /* keys -|value|: the smallest kept on top */
    int64_t *seq;      /* per kept path: its rank of discovery */
    int64_t found;
} search;

/* Keep the path of the stack plus activity j among the top N. */
static int keep(search *t, int64_t j, double value, double cum)
{
    mb_paths_spa *s = t->s;
    mb_paths_path *p;
    int64_t slot, k;
    int grow = s->npaths < t->o->top;

    if (grow)
        slot = s->npaths++;
    else if (t->o->top > 0 && fabs(value) > -t->top.keys[0])
        slot = t->top.items[0];
    else
        return 0;
    p = &s->paths[slot];
    mb_free(p->activities);
    p->length = 0;
    if (!(p->activities = mb_alloc_array((size_t)t->depth + 1,
                                         sizeof *p->activities)))
        return MB_ENOMEM;
    for (k = 0; k < t->depth; k++)
        p->activities[k] = t->stack[k].j;
    p->activities[t->depth] = j;
    p->length = t->depth + 1;
    p->value = value;
    p->cumulative = cum;
    t->seq[slot] = t->found;
    if (grow)
        return mb_paths_heap_push(&t->top, -fabs(value), slot);
    mb_paths_heap_replace_top(&t->top, -fabs(value), slot);
    return 0;
}

/*
 * Arrive at activity j at level x (the stack holds the path before it):
 * count it, keep it, and open a frame when the path may grow. 1 when the
 * step budget is spent, else 0 or an error.
 */
static int arrive(search *t, int64_t j, double x)
{
    const mb_paths_basis *b = t->b;
    mb_paths_spa *s = t->s;
    double value = x * b->unit[j],
           cum = x * b->production[j] * b->lambda[b->reference[j]];
    int rc;

    if (t->o->max_visits > 0 && s->visits >= t->o->max_visits) {
        s->truncated = 1;
        return 1;
    }
    s->visits++;
    if (t->o->progress && (s->visits & 0xffff) == 0)
        t->o->progress(t->o->progress_ctx, s->visits, t->o->max_visits);
    if (value != 0.0 && fabs(value) >= b->threshold) {
        s->nfound++;
        s->found_sum += value;
        t->found++;
        if ((rc = keep(t, j, value, cum)) < 0)
            return rc;
    }
    if (t->o->max_depth > 0 && t->depth + 1 >= t->o->max_depth)
        return 0;
    if (t->depth == t->cap) {
        int64_t cap = t->cap ? 2 * t->cap : 64;
        frame *n = mb_realloc(t->stack, (size_t)cap * sizeof *n);

        if (!n)
            return mb_error_oom();
        t->stack = n;
        t->cap = cap;
    }
    t->stack[t->depth].j = j;
    t->stack[t->depth].x = x;
    t->stack[t->depth].q = b->sys->A->p[j];
    t->depth++;
    return 0;
}

/* Walk every path below the frames on the stack; 1 when out of steps. */
static int descend(search *t)
{
    const mb_paths_basis *b = t->b;
    const mb_csc *a = b->sys->A;
    int rc = 0;

    while (rc == 0 && t->depth > 0) {
        frame *f = &t->stack[t->depth - 1];
        int64_t end = a->p[f->j + 1], i, k;
        double amount, cum;

        if (f->q == end) {
            t->depth--;
            continue;
        }
        i = a->i[f->q];
        amount = -a->x[f->q] * f->x;
        f->q++;
        if (i == b->reference[f->j] || amount == 0.0)
            continue;
        cum = amount * b->lambda[i];
        if (!(fabs(cum) >= b->threshold))
            continue;
        k = b->producer[i];
        rc = arrive(t, k, amount / b->production[k]);
    }
    return rc;
}

/* A kept path with its rank of discovery, for sorting. */
typedef struct ranked {
    mb_paths_path path;
    int64_t seq;
} ranked;

/* Largest |value| first, ties in the order found. */
static int by_value(const void *pa, const void *pb)
{
    const ranked *x = pa, *y = pb;
    double ax = fabs(x->path.value), ay = fabs(y->path.value);

    if (ax != ay)
        return ax > ay ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int sort_paths(search *t)
{
    mb_paths_spa *s = t->s;
    ranked *r = mb_alloc_array((size_t)s->npaths + 1, sizeof *r);
    int64_t k;

    if (!r)
        return MB_ENOMEM;
    for (k = 0; k < s->npaths; k++) {
        r[k].path = s->paths[k];
        r[k].seq = t->seq[k];
    }
    qsort(r, (size_t)s->npaths, sizeof *r, by_value);
    for (k = 0; k < s->npaths; k++)
        s->paths[k] = r[k].path;
    mb_free(r);
    return 0;
}

static int enumerate(search *t, const double *demand)
{
    const mb_paths_basis *b = t->b;
    int64_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < b->n; i++) {
        int64_t j = b->producer[i];

        if (demand[i] == 0.0 || !(fabs(demand[i] * b->lambda[i]) >=
                                  b->threshold))
            continue;
        t->depth = 0;
        if ((rc = arrive(t, j, demand[i] / b->production[j])) == 0)
            rc = descend(t);
    }
    return rc < 0 ? rc : 0;
}

int mb_paths_spa_run(mb_paths_spa **out, mb_lca *lca, const double *demand,
                     size_t method, const mb_paths_options *opts)
{
    mb_paths_options defaults = MB_PATHS_OPTIONS_INIT;
    mb_paths_basis b;
    search t;
    mb_paths_spa *s;
    int rc;

    *out = NULL;
    memset(&t, 0, sizeof t);
    t.o = opts ? opts : &defaults;
    if (t.o->version == MB_PATHS_OPTIONS_VERSION && t.o->cutoff == 0.0 &&
        t.o->max_depth == 0)
        return mb_error_set(MB_EINVAL, "structural path analysis with "
                            "cutoff 0 needs a maximum depth (the paths of a "
                            "supply chain with loops never end)");
    if ((rc = mb_paths_basis_init(&b, lca, demand, method, t.o)) < 0)
        return rc;
    t.b = &b;
    s = t.s = mb_calloc(1, sizeof *s);
    t.seq = mb_alloc_array((size_t)t.o->top + 1, sizeof *t.seq);
    if (s)
        s->paths = mb_calloc((size_t)t.o->top + 1, sizeof *s->paths);
    if (!s || !s->paths || !t.seq) {
        rc = mb_error_oom();
    } else {
        s->info = mb_paths_basis_info(&b, method, t.o);
        rc = enumerate(&t, demand);
    }
    if (rc == 0)
        rc = sort_paths(&t);
    if (rc == 0 && t.o->progress)
        t.o->progress(t.o->progress_ctx, s->visits, s->visits);
    mb_free(t.stack);
    mb_free(t.seq);
    mb_paths_heap_free(&t.top);
    mb_paths_basis_free(&b);
    if (rc < 0) {
        mb_paths_spa_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void mb_paths_spa_free(mb_paths_spa *s)
{
    int64_t k;

    if (!s)
        return;
    for (k = 0; s->paths && k < s->npaths; k++)
        mb_free(s->paths[k].activities);
    mb_free(s->paths);
    mb_free(s);
}
