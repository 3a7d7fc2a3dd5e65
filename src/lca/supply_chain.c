/*
 * supply_chain.c - the supply-chain graph of one demand: a priority-first
 * traversal from the demand, as bw_graph_tools' graph traversal
 * (SameNodeEachVisitGraphTraversal: each activity one node) and openLCA's
 * upstream tree do, with every score taken from one supply vector and one
 * transposed solve instead of a solve per node (paths_basis.c):
 *
 *   node j:   amount s_j, direct u_j s_j, cumulative s_j A_rj lambda_r
 *             (r its reference product: the whole production of r priced
 *             at its unit score, = direct + the scores of all its inputs,
 *             since A^T lambda = u);
 *   edge i:   product i from its producer k to consumer j, amount
 *             -A_ij s_j, score -A_ij s_j lambda_i; into the demand: f_i
 *             and f_i lambda_i.
 *
 * A node's cumulative score is the sum of the scores on the edges leaving
 * it (row i of A s = f), so the graph is a consistent flow of score from
 * the suppliers to the demand. Activities are taken from a binary heap
 * largest |cumulative| first; an activity is expanded (its inputs followed)
 * when |cumulative| reaches the threshold and its depth is below the
 * maximum; an edge is kept when |score| reaches the threshold, and brings
 * its supplier into the heap the first time it is seen. Each activity
 * becomes one node, so loops end, and with cutoff 0 every activity the
 * demand reaches is visited: the direct scores of the nodes then add up to
 * the total. A node's depth is the fewest steps from the demand among the
 * edges found; one left unexpanded only for its depth is expanded when a
 * shorter way to it turns up.
 */
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "lca/paths_internal.h"

typedef struct traversal {
    const mb_paths_basis *b;
    const mb_paths_options *o;
    mb_paths_graph *g;
    mb_paths_heap heap;
    int64_t *depth;   /* per activity: fewest steps seen, -1 unseen */
    int64_t *node_of; /* per activity: node position, -1 until visited */
    int64_t edge_cap;
} traversal;

/* Cumulative score of activity j: its reference production x lambda. */
static double cumulative(const mb_paths_basis *b, int64_t j)
{
    return b->supply[j] * b->production[j] * b->lambda[b->reference[j]];
}

/* Whether an expansion at this depth is allowed. */
static int depth_allows(const traversal *t, int64_t depth)
{
    return t->o->max_depth == 0 || depth < t->o->max_depth;
}

/*
 * Record an edge from supplier activity k (a node position is given to it
 * at the end) into consumer node `to`, and bring k into the heap or give it
 * a shorter depth.
 */
static int add_edge(traversal *t, int64_t k, int64_t to, int64_t product,
                    double amount, double score, int64_t depth)
{
    mb_paths_graph *g = t->g;
    mb_paths_edge *e;

    if (g->nedges == t->edge_cap) {
        int64_t cap = t->edge_cap ? 2 * t->edge_cap : 256;
        mb_paths_edge *n = mb_realloc(g->edges, (size_t)cap * sizeof *n);

        if (!n)
            return mb_error_oom();
        g->edges = n;
        t->edge_cap = cap;
    }
    e = &g->edges[g->nedges++];
    e->from = k;
    e->to = to;
    e->product = product;
    e->amount = amount;
    e->score = score;
    if (t->depth[k] < 0) {
        t->depth[k] = depth;
        return mb_paths_heap_push(&t->heap, fabs(cumulative(t->b, k)), k);
    }
    if (depth < t->depth[k]) {
        int64_t pos = t->node_of[k];

        t->depth[k] = depth;
        /* visited, left unexpanded for its depth alone, now allowed */
        if (pos >= 0 && !g->nodes[pos].expanded &&
            fabs(g->nodes[pos].cumulative) >= t->b->threshold &&
            depth_allows(t, depth))
            return mb_paths_heap_push(&t->heap, fabs(g->nodes[pos].cumulative),
                                      k);
    }
    return 0;
}

/* Follow the inputs (and co-products) of the activity at node pos. */
static int expand(traversal *t, int64_t pos)
{
    const mb_paths_basis *b = t->b;
    const mb_csc *a = b->sys->A;
    int64_t j = t->g->nodes[pos].activity, r = b->reference[j], k;
    int rc;

    t->g->nodes[pos].expanded = 1;
    t->g->nexpanded++;
    for (k = a->p[j]; k < a->p[j + 1]; k++) {
        int64_t i = a->i[k];
        double amount = -a->x[k] * b->supply[j], score = amount * b->lambda[i];

        if (i == r || !(fabs(score) >= b->threshold))
            continue;
        if ((rc = add_edge(t, b->producer[i], pos, i, amount, score,
                           t->depth[j] + 1)) < 0)
            return rc;
    }
    return 0;
}

/* Take activity j from the heap: a new node, or a deferred expansion. */
static int visit(traversal *t, int64_t j)
{
    mb_paths_graph *g = t->g;
    const mb_paths_basis *b = t->b;
    mb_paths_node *node;
    int64_t pos = t->node_of[j];

    if (pos < 0) {
        pos = t->node_of[j] = g->nnodes++;
        node = &g->nodes[pos];
        node->activity = j;
        node->amount = b->supply[j];
        node->direct = b->unit[j] * b->supply[j];
        node->cumulative = cumulative(b, j);
        g->visited_direct += node->direct;
    }
    node = &g->nodes[pos];
    if (node->expanded || !(fabs(node->cumulative) >= b->threshold) ||
        !depth_allows(t, t->depth[j]))
        return 0;
    return expand(t, pos);
}

/* The demand node and its edges: f_i of product i from its producer. */
static int start(traversal *t, const double *demand)
{
    const mb_paths_basis *b = t->b;
    mb_paths_node *root = &t->g->nodes[0];
    int64_t i;
    int rc;

    root->activity = -1;
    root->cumulative = b->total;
    root->expanded = 1;
    t->g->nnodes = 1;
    t->g->nexpanded = 1;
    for (i = 0; i < b->n; i++) {
        double score = demand[i] * b->lambda[i];

        if (demand[i] == 0.0 || !(fabs(score) >= b->threshold))
            continue;
        if ((rc = add_edge(t, b->producer[i], 0, i, demand[i], score, 1)) <
            0)
            return rc;
    }
    return 0;
}

static int traverse(traversal *t, const double *demand)
{
    const mb_paths_options *o = t->o;
    int64_t pops = 0, k;
    int rc = start(t, demand);

    while (rc == 0 && t->heap.n > 0) {
        rc = visit(t, mb_paths_heap_pop(&t->heap, NULL));
        if (o->progress && (++pops & 1023) == 0)
            o->progress(o->progress_ctx, t->g->nnodes, t->b->n + 1);
    }
    if (rc < 0)
        return rc;
    /* Suppliers were named by activity until they became nodes. */
    for (k = 0; k < t->g->nedges; k++)
        t->g->edges[k].from = t->node_of[t->g->edges[k].from];
    for (k = 1; k < t->g->nnodes; k++)
        t->g->nodes[k].depth = t->depth[t->g->nodes[k].activity];
    for (k = 0; k < t->b->n; k++)
        if (t->b->unit[k] * t->b->supply[k] != 0.0)
            t->g->ncontributing++;
    if (o->progress)
        o->progress(o->progress_ctx, t->g->nnodes, t->g->nnodes);
    return 0;
}

int mb_paths_traverse(mb_paths_graph **out, mb_lca *lca, const double *demand,
                      size_t method, const mb_paths_options *opts)
{
    mb_paths_options defaults = MB_PATHS_OPTIONS_INIT;
    mb_paths_basis b;
    traversal t;
    mb_paths_graph *g;
    int64_t k;
    int rc;

    *out = NULL;
    memset(&t, 0, sizeof t);
    t.o = opts ? opts : &defaults;
    if ((rc = mb_paths_basis_init(&b, lca, demand, method, t.o)) < 0)
        return rc;
    t.b = &b;
    g = t.g = mb_calloc(1, sizeof *g);
    t.depth = mb_alloc_array((size_t)b.n + 1, sizeof *t.depth);
    t.node_of = mb_alloc_array((size_t)b.n + 1, sizeof *t.node_of);
    if (g)
        g->nodes = mb_calloc((size_t)b.n + 1, sizeof *g->nodes);
    if (!g || !g->nodes || !t.depth || !t.node_of) {
        rc = mb_error_oom();
    } else {
        g->info = mb_paths_basis_info(&b, method, t.o);
        for (k = 0; k < b.n; k++)
            t.depth[k] = t.node_of[k] = -1;
        rc = traverse(&t, demand);
    }
    mb_paths_heap_free(&t.heap);
    mb_free(t.depth);
    mb_free(t.node_of);
    mb_paths_basis_free(&b);
    if (rc < 0) {
        mb_paths_graph_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

void mb_paths_graph_free(mb_paths_graph *g)
{
    if (!g)
        return;
    mb_free(g->nodes);
    mb_free(g->edges);
    mb_free(g);
}
