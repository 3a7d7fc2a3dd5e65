/*
 * paths.h - supply-chain analysis of one demand and one method.
 *
 * Two views of where a score comes from, both from the supply s = A^-1 f
 * and the score of one unit of every product, lambda = A^-T B^T c (one
 * transposed solve with the factorization of mb_lca):
 *
 *  - the supply-chain graph: a priority-first traversal from the demand,
 *    largest |cumulative score| first, each activity visited once (so
 *    loops end), following the inputs of activities whose cumulative score
 *    reaches the cutoff, as bw_graph_tools' graph traversal and openLCA's
 *    upstream tree do. Nodes are activities with their whole supply;
 *    edges the product flowing from a supplier to a consumer;
 *  - structural path analysis: the single paths from the demand down the
 *    supply chain (demand <- activity <- its supplier <- ...) whose direct
 *    score is largest (Defourny & Thorbecke 1984; Peters 2007; Heijungs &
 *    Suh 2002, ch. 8).
 *
 * Each activity's reference product (the product whose row pairs with its
 * column) is found as bw_graph_tools finds production exchanges: the
 * product with the activity's own id, else the column's one positive
 * entry; when that does not pair every product with one activity, a
 * maximum transversal of A does.
 *
 * The cutoff is a share of |total score| (of the sum of |direct scores|
 * when the total is zero); 0 means everything.
 */
#ifndef METABOL_PATHS_H
#define METABOL_PATHS_H

#include <stdio.h>

#include "common.h"
#include "lca.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called now and then from the calling thread: steps done of about total. */
typedef void (*mb_paths_progress)(void *ctx, int64_t done, int64_t total);

typedef struct mb_paths_options {
    int version;
    double cutoff;      /* 0 <= cutoff < 1; 0.01 by default; 0: all */
    int64_t max_depth;  /* steps from the demand; 0: no limit */
    int64_t top;        /* paths mb_paths_spa_run keeps; 20 */
    int64_t max_visits; /* its steps at most; 10^7; 0: no limit */
    mb_paths_progress progress;
    void *progress_ctx;
} mb_paths_options;

#define MB_PATHS_OPTIONS_VERSION 1
#define MB_PATHS_OPTIONS_INIT                                                \
    {MB_PATHS_OPTIONS_VERSION, 0.01, 0, 20, 10000000, NULL, NULL}

/* What both analyses were of, and with what limits. */
typedef struct mb_paths_info {
    const mb_system *sys;
    size_t method;
    double total;     /* the score, c^T B s */
    double cutoff;    /* as asked */
    double threshold; /* |score| a node, edge or path needs: cutoff x
                         |total| (x sum |direct| when the total is 0) */
    int64_t max_depth; /* 0: none */
} mb_paths_info;

/* A node of the supply-chain graph. Node 0 is the demand itself. */
typedef struct mb_paths_node {
    int64_t activity;  /* index; -1 for the demand */
    int64_t depth;     /* fewest steps from the demand the traversal saw */
    double amount;     /* supply s_j (activity level); 0 for the demand */
    double direct;     /* the activity's own score: (c^T B)_j s_j */
    double cumulative; /* its score with its whole supply chain */
    int expanded;      /* 1 when its inputs were followed */
} mb_paths_node;

/* A product flowing from a supplier node to a consumer node. */
typedef struct mb_paths_edge {
    int64_t from, to;  /* node positions: supplier, consumer */
    int64_t product;   /* product index */
    double amount;     /* of the product: -A_ij s_j (f_i into the demand) */
    double score;      /* the cumulative score it carries: amount lambda_i */
} mb_paths_edge;

typedef struct mb_paths_graph {
    mb_paths_info info;
    mb_paths_node *nodes; /* in the order visited; node 0 the demand */
    int64_t nnodes;
    mb_paths_edge *edges;
    int64_t nedges;
    int64_t nexpanded;     /* nodes whose inputs were followed */
    int64_t ncontributing; /* activities of the system with direct != 0 */
    double visited_direct; /* sum of the direct scores of the nodes */
} mb_paths_graph;

/*
 * Traverse the supply chain of `demand` (nproducts entries) for `method`.
 * Cutoff 0 visits every activity the demand reaches, so the direct scores
 * of the nodes add up to the total. Fails with MB_EINVAL for a cutoff
 * outside [0, 1), a negative depth or a method out of range.
 */
MB_EXTERN int mb_paths_traverse(mb_paths_graph **out, mb_lca *lca,
                                const double *demand, size_t method,
                                const mb_paths_options *opts);
MB_EXTERN void mb_paths_graph_free(mb_paths_graph *g);

/* A path from the demand: activities[0] makes a demanded product,
 * activities[k + 1] supplies activities[k]. */
typedef struct mb_paths_path {
    int64_t *activities;
    int64_t length;
    double value;      /* direct score of the last activity on this path */
    double cumulative; /* with everything upstream of the path's end */
} mb_paths_path;

typedef struct mb_paths_spa {
    mb_paths_info info;
    mb_paths_path *paths; /* the top paths, largest |value| first */
    int64_t npaths;
    int64_t nfound;   /* paths with |value| >= threshold (value != 0) */
    double found_sum; /* the sum of their values */
    int64_t visits;   /* path steps taken */
    int truncated;    /* 1: stopped at max_visits */
} mb_paths_spa;

/*
 * Structural path analysis: enumerate the paths from the demand, depth
 * first, following a step only when the path's cumulative score reaches
 * the threshold and its length is below max_depth. Along a path
 * j_0 <- j_1 <- ... the activity levels are x_0 = f_i / A_{i j_0} and
 * x_{k+1} = -A_{i j_k} x_k / A_{i j_{k+1}} with i the product j_{k+1}
 * makes; the value is x_last d_last, d = B^T c: with unit production on
 * the diagonal, f times the coefficients -A_ij / A_jj times d.
 * With cutoff 0 every path up to max_depth is enumerated: on an acyclic
 * system the values add up to the total; on a cyclic one they converge to
 * it as the depth grows. Cutoff 0 needs a max_depth (MB_EINVAL otherwise).
 */
MB_EXTERN int mb_paths_spa_run(mb_paths_spa **out, mb_lca *lca,
                               const double *demand, size_t method,
                               const mb_paths_options *opts);
MB_EXTERN void mb_paths_spa_free(mb_paths_spa *s);

/* How the results are written. */
typedef enum mb_paths_format {
    MB_PATHS_TABLE = 0,
    MB_PATHS_JSON,
    MB_PATHS_DOT,   /* Graphviz */
    MB_PATHS_SANKEY /* {"nodes": [...], "links": [...]}, the graph only */
} mb_paths_format;

/* Parse "table", "json", "dot" or "sankey"; -1 when unknown. */
MB_EXTERN int mb_paths_format_parse(const char *name);

/*
 * Write the graph or the paths; `label` names the demand in the heading
 * (NULL: "demand"). Activities are named by the system's labels, else by
 * their ids. MB_EIO when the output fails; MB_EINVAL for the Sankey
 * format of paths.
 */
MB_EXTERN int mb_paths_write_graph(FILE *out, const mb_paths_graph *g,
                                   mb_paths_format format, const char *label);
MB_EXTERN int mb_paths_write_spa(FILE *out, const mb_paths_spa *s,
                                 mb_paths_format format, const char *label);

#ifdef __cplusplus
}
#endif
#endif
