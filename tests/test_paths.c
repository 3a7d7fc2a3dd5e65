/*
 * test_paths.c - supply-chain analysis (paths.h): the traversal and the
 * structural paths on small systems written as datapackages, their
 * known answers (Heijungs & Suh 2002 ch. 2; bw2calc's multi_lca_simple),
 * the identities they must keep (direct scores adding up to the total,
 * cumulative scores = supply x production x unit score, the complete path
 * enumeration summing to the score), loops, the pairing of products with
 * their producers, the outputs read back, and bad options.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include <metabol/metabol.h>

#include "dot_check.h"
#include "dp_builder.h"
#include "formats/json.h"
#include "test.h"

#define FIX "tests/fixtures/bw2calc/"

/* A demand of `amount` of product `id`; free() it. */
static double *demand_of(const mb_system *sys, int64_t id, double amount)
{
    double *f = calloc((size_t)sys->nproducts, sizeof *f);

    if (f)
        f[mb_system_product_index(sys, id)] = amount;
    return f;
}

/* The node of activity id, or NULL. */
static const mb_paths_node *node_of(const mb_paths_graph *g, int64_t id)
{
    int64_t k, j = mb_system_activity_index(g->info.sys, id);

    for (k = 1; k < g->nnodes; k++)
        if (g->nodes[k].activity == j)
            return &g->nodes[k];
    return NULL;
}

/* The kept path through activity ids (n of them), or NULL. */
static const mb_paths_path *path_of(const mb_paths_spa *s, const int64_t *ids,
                                    int64_t n)
{
    int64_t k, q;

    for (k = 0; k < s->npaths; k++) {
        const mb_paths_path *p = &s->paths[k];

        if (p->length != n)
            continue;
        for (q = 0; q < n; q++)
            if (s->info.sys->activity_ids[p->activities[q]] != ids[q])
                break;
        if (q == n)
            return p;
    }
    return NULL;
}

/* Heijungs & Suh ch. 2 (dp_builder.h): A = [[10, 0], [-2, 100]]. */
static int build_hs(dp_built *b)
{
    dp_group g[3];

    dp_heijungs_suh(g);
    return dp_build(b, g, 3);
}

/*
 * Heijungs & Suh (2002) ch. 2 with the made-up factors [1, 2, 0] of
 * test_lca.c: f = 1000 of product 1, s = [100, 2], score 148
 * (../shared/data/lca/heijungs_suh_2002_ch2/SOURCE.txt). By hand: activity 1
 * emits 1 + 0.1 x 2 = 1.2 per unit, 120 at s = 100; activity 2 emits
 * 10 + 2 x 2 = 14 per unit, 28 at s = 2; it supplies 2 x 100 = 200 of
 * product 2, whose unit score is 14 / 100.
 */
TEST(paths_known_answer_heijungs_suh)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    const int64_t one[] = {1}, two[] = {1, 2};
    dp_built b;
    double *f;
    mb_paths_graph *g;
    mb_paths_spa *s;
    const mb_paths_node *n1, *n2;
    const mb_paths_path *p;

    CHECK_OK(build_hs(&b));
    CHECK((f = demand_of(b.sys, 1, 1000.0)) != NULL);
    o.cutoff = 0.0;
    CHECK_OK(mb_paths_traverse(&g, b.lca, f, 0, &o));
    CHECK_NEAR(g->info.total, 148.0, 1e-12);
    CHECK(g->nnodes == 3 && g->nedges == 2);
    CHECK(g->nodes[0].activity == -1 && g->nodes[0].cumulative == g->info.total);
    CHECK((n1 = node_of(g, 1)) && (n2 = node_of(g, 2)));
    CHECK(n1 == &g->nodes[1]); /* largest cumulative first */
    CHECK_NEAR(n1->amount, 100.0, 1e-12);
    CHECK_NEAR(n1->direct, 120.0, 1e-12);
    CHECK_NEAR(n1->cumulative, 148.0, 1e-12);
    CHECK_NEAR(n2->direct, 28.0, 1e-12);
    CHECK_NEAR(n2->cumulative, 28.0, 1e-12);
    CHECK(n1->depth == 1 && n2->depth == 2);
    /* edges: product 1 into the demand, product 2 into activity 1 */
    CHECK(g->edges[0].from == 1 && g->edges[0].to == 0);
    CHECK_NEAR(g->edges[0].amount, 1000.0, 1e-12);
    CHECK_NEAR(g->edges[0].score, 148.0, 1e-12);
    CHECK(g->edges[1].from == 2 && g->edges[1].to == 1);
    CHECK_NEAR(g->edges[1].amount, 200.0, 1e-12);
    CHECK_NEAR(g->edges[1].score, 28.0, 1e-12);
    mb_paths_graph_free(g);

    o.cutoff = 0.01;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK(s->npaths == 2 && s->nfound == 2 && !s->truncated);
    CHECK((p = path_of(s, one, 1)) && p == &s->paths[0]);
    CHECK_NEAR(p->value, 120.0, 1e-12);
    CHECK_NEAR(p->cumulative, 148.0, 1e-12);
    CHECK((p = path_of(s, two, 2)));
    CHECK_NEAR(p->value, 28.0, 1e-12);
    CHECK_NEAR(s->found_sum, 148.0, 1e-12);
    mb_paths_spa_free(s);
    free(f);
    dp_unbuild(&b);
}

static const char *multi_lca_simple[] = {
    FIX "multi_lca_simple_1.zip", FIX "multi_lca_simple_2.zip",
    FIX "multi_lca_simple_3.zip", FIX "multi_lca_simple_4.zip",
    FIX "multi_lca_simple_5.zip"};

/*
 * bw2calc's multi_lca_simple (../shared/data/lca/bw2calc_multi_lca_simple/
 * SOURCE.txt): products 100..105 are not made by the activity of the same
 * position (P100 by a3, P101 by a1, ...), so the traversal has to pair them
 * by the one positive entry of each column. Demand ε = 2 of product 103:
 * supply [1/5, 1/10, 9/100, 0, 2, 0] and first = 8.19 (SOURCE.txt). By
 * hand from its matrices (all "first" factors 1): direct a5 = 2 x 3 = 6,
 * a1 = 0.2 x 3 = 0.6, a2 = 0.1 x 6 = 0.6, a3 = 0.09 x 11 = 0.99; a5 takes
 * 0.2 of P101 from a1, which takes 0.1 of P102 from a2 and 0.04 of P100
 * from a3; a2 takes 0.05 of P100 from a3. Paths: a5 6, a5<-a1 0.6,
 * a5<-a1<-a2 0.6, a5<-a1<-a2<-a3 0.05 x 11 = 0.55, a5<-a1<-a3 0.04 x 11 =
 * 0.44.
 */
TEST(paths_known_answer_bw2calc_multi_lca_simple)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    mb_datapackage *dps[5] = {0};
    mb_system *sys = NULL;
    mb_lca *lca = NULL;
    mb_paths_graph *g;
    mb_paths_spa *s;
    const int64_t p4[] = {5, 1, 2, 3}, p3[] = {5, 1, 3};
    const int64_t ids[4] = {5, 1, 2, 3};
    const double direct[4] = {6, 0.6, 0.6, 0.99},
                 cumulative[4] = {8.19, 2.19, 1.15, 0.99};
    double *f;
    int64_t first, k;

    for (k = 0; k < 5; k++)
        CHECK_OK(mb_datapackage_open(&dps[k], multi_lca_simple[k], 0));
    CHECK_OK(mb_system_from_datapackages(&sys, dps, 5));
    CHECK_OK(mb_lca_new(&lca, sys, NULL));
    first = mb_system_method_index(sys, "first/category");
    CHECK(first >= 0 && (f = demand_of(sys, 103, 2.0)));
    o.cutoff = 0.0;
    CHECK_OK(mb_paths_traverse(&g, lca, f, (size_t)first, &o));
    CHECK_NEAR(g->info.total, 8.19, 1e-12);
    CHECK(g->nnodes == 5 && g->ncontributing == 4);
    for (k = 0; k < 4; k++) {
        const mb_paths_node *n = node_of(g, ids[k]);

        CHECK(n && n == &g->nodes[k + 1]);
        CHECK_NEAR(n->direct, direct[k], 1e-12);
        CHECK_NEAR(n->cumulative, cumulative[k], 1e-12);
    }
    mb_paths_graph_free(g);
    o.max_depth = 10;
    CHECK_OK(mb_paths_spa_run(&s, lca, f, (size_t)first, &o));
    CHECK(s->nfound == 5);
    CHECK_NEAR(path_of(s, p4, 4)->value, 0.55, 1e-12);
    CHECK_NEAR(path_of(s, p3, 3)->value, 0.44, 1e-12);
    CHECK_NEAR(s->paths[0].value, 6.0, 1e-12);
    CHECK_NEAR(s->found_sum, 8.19, 1e-12);
    mb_paths_spa_free(s);
    free(f);
    mb_lca_free(lca);
    mb_system_free(sys);
    for (k = 0; k < 5; k++)
        mb_datapackage_free(dps[k]);
}

/*
 * A loop: 1 needs 0.5 of 2; 2 needs 0.3 of 1 and 0.2 of 3; 3 needs 0.1 of
 * 1; 4 makes 2 of product 4 from 1 of product 1, but nothing needs
 * product 4. Emissions of flow 10: 1, 2, 3, 5 per unit; factor 1.
 */
static const int64_t loop_tr[] = {1, 2, 2, 1, 3, 3, 1, 4, 1},
                     loop_tc[] = {1, 1, 2, 2, 2, 3, 3, 4, 4};
static const double loop_tv[] = {1, -0.5, 1, -0.3, -0.2, 1, -0.1, 2, -1};
static const int64_t loop_br[] = {10, 10, 10, 10}, loop_bc[] = {1, 2, 3, 4};
static const double loop_bv[] = {1, 2, 3, 5};
static const int64_t loop_cr[] = {10}, loop_cc[] = {0};
static const double loop_cv[] = {1};

static int build_loop(dp_built *b)
{
    dp_group g[3] = {
        {"technosphere_matrix", "technosphere", NULL, 9, loop_tr, loop_tc,
         loop_tv, NULL},
        {"biosphere_matrix", "biosphere", NULL, 4, loop_br, loop_bc, loop_bv,
         NULL},
        {"characterization_matrix", "cf", "loop/cf", 1, loop_cr, loop_cc,
         loop_cv, NULL}};

    return dp_build(b, g, 3);
}

/* Sum of the scores on the edges leaving node k. */
static double out_score(const mb_paths_graph *g, int64_t k)
{
    double sum = 0.0;
    int64_t e;

    for (e = 0; e < g->nedges; e++)
        if (g->edges[e].from == k)
            sum += g->edges[e].score;
    return sum;
}

/*
 * With loops the traversal ends (each activity once); cutoff 0 visits
 * every activity that contributes and no other, the direct scores add up
 * to the score, and each node's cumulative score is supply x production x
 * the unit score from mb_lca_all_scores, and flows out along its edges.
 */
TEST(paths_traversal_of_a_loop_visits_every_contributor)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    dp_built b;
    mb_lca_result *r;
    mb_dense *unit;
    mb_paths_graph *g;
    double *f, *contrib, sum = 0.0;
    int64_t k, j, contributing = 0;

    CHECK_OK(build_loop(&b));
    CHECK((f = demand_of(b.sys, 1, 1.0)));
    CHECK_OK(mb_lca_calculate(&r, b.lca, f));
    CHECK_OK(mb_lca_all_scores(b.lca, &unit));
    CHECK((contrib = calloc(4, sizeof *contrib)));
    mb_lca_activity_contributions(b.sys, 0, r->supply, contrib);
    o.cutoff = 0.0;
    CHECK_OK(mb_paths_traverse(&g, b.lca, f, 0, &o));
    CHECK_NEAR(g->info.total, r->scores[0], 1e-14);
    for (j = 0; j < 4; j++) {
        const mb_paths_node *n = node_of(g, b.sys->activity_ids[j]);

        CHECK_MSG((n != NULL) == (contrib[j] != 0.0), "activity %lld",
                  (long long)b.sys->activity_ids[j]);
        contributing += contrib[j] != 0.0;
    }
    CHECK(contributing == 3 && g->nnodes == 4 && g->ncontributing == 3);
    CHECK(!node_of(g, 4)); /* nothing needs product 4 */
    for (k = 1; k < g->nnodes; k++) {
        const mb_paths_node *n = &g->nodes[k];

        j = n->activity;
        sum += n->direct;
        CHECK(n->expanded);
        CHECK_NEAR(n->amount, r->supply[j], 1e-14);
        CHECK_NEAR(n->cumulative,
                   r->supply[j] * 1.0 * *mb_dense_at(unit, j, 0), 1e-12);
        CHECK_NEAR(out_score(g, k), n->cumulative, 1e-12);
    }
    CHECK_NEAR(sum, g->info.total, 1e-12);
    CHECK_NEAR(g->visited_direct, g->info.total, 1e-12);
    CHECK_NEAR(out_score(g, 0), 0.0, 0); /* the demand supplies nothing */
    /* the edges into the demand carry the total */
    for (sum = 0.0, k = 0; k < g->nedges; k++)
        if (g->edges[k].to == 0)
            sum += g->edges[k].score;
    CHECK_NEAR(sum, g->info.total, 1e-12);
    mb_paths_graph_free(g);
    mb_dense_free(unit);
    mb_lca_result_free(r);
    free(contrib);
    free(f);
    dp_unbuild(&b);
}

/*
 * The paths of a loop never end: with cutoff 0 the sum of the paths up to
 * depth D is the power series A^-1 = sum (D^-1 O)^t truncated, converging
 * to the score as D grows; with a cutoff the search ends by itself.
 */
TEST(paths_spa_of_a_loop_converges_with_depth)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    dp_built b;
    mb_paths_spa *s;
    double *f, last_gap = INFINITY, total = 0.0;
    int64_t depth;

    CHECK_OK(build_loop(&b));
    CHECK((f = demand_of(b.sys, 1, 1.0)));
    o.cutoff = 0.0;
    for (depth = 1; depth <= 40; depth += 3) {
        double gap;

        o.max_depth = depth;
        CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
        total = s->info.total;
        gap = fabs(s->info.total - s->found_sum);
        CHECK_MSG(gap < last_gap || gap < 1e-14 * s->info.total,
                  "depth %lld: gap %g after %g", (long long)depth, gap,
                  last_gap);
        CHECK(s->found_sum <= s->info.total * (1 + 1e-15)); /* all positive */
        last_gap = gap;
        mb_paths_spa_free(s);
    }
    CHECK(last_gap < 1e-12 * total);
    o.max_depth = 0;
    o.cutoff = 1e-6;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK(!s->truncated && s->nfound > 3);
    CHECK(fabs(s->info.total - s->found_sum) < 1e-4 * s->info.total);
    mb_paths_spa_free(s);
    /* a step limit stops it, and says so */
    o.max_visits = 5;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK(s->truncated && s->visits == 5);
    mb_paths_spa_free(s);
    free(f);
    dp_unbuild(&b);
}

/*
 * Products 4, 2, 3, 1 made by activities 101, 102, 103, 104 (a product's
 * position is not its producer's): 101 makes 2 of product 4 from 1 of product 3 and 0.5 of
 * product 2; 103 makes product 3 from 0.4 of product 1; 102 makes 4 of
 * product 2 from 1 of product 1; 104 makes product 1. Acyclic with two
 * routes to 104: the five paths add up to the score exactly.
 */
TEST(paths_complete_enumeration_of_an_acyclic_system_is_the_score)
{
    const int64_t tr[] = {4, 3, 2, 3, 1, 2, 1, 1},
                  tc[] = {101, 101, 101, 103, 103, 102, 102, 104};
    const double tv[] = {2, -1, -0.5, 1, -0.4, 4, -1, 1};
    const int64_t br[] = {10, 10, 10, 10}, bc[] = {101, 102, 103, 104};
    const double bv[] = {1, 0.5, 2, 3};
    const int64_t cr[] = {10}, cc[] = {0};
    const double cv[] = {1};
    dp_group groups[3] = {
        {"technosphere_matrix", "technosphere", NULL, 8, tr, tc, tv, NULL},
        {"biosphere_matrix", "biosphere", NULL, 4, br, bc, bv, NULL},
        {"characterization_matrix", "cf", "dag/cf", 1, cr, cc, cv, NULL}};
    const int64_t deep[] = {101, 103, 104}, other[] = {101, 102, 104};
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    dp_built b;
    mb_paths_spa *s;
    mb_paths_graph *g;
    double *f;

    CHECK_OK(dp_build(&b, groups, 3));
    CHECK((f = demand_of(b.sys, 4, 2.0)));
    o.cutoff = 0.0;
    o.max_depth = 10;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    /* s = [101: 1, 102: 0.125, 103: 1, 104: 0.525]; score
     * 1 + 0.0625 + 2 + 1.575 = 4.6375 */
    CHECK_NEAR(s->info.total, 4.6375, 1e-14);
    CHECK(s->nfound == 5 && s->npaths == 5);
    CHECK_NEAR(s->found_sum, s->info.total, 1e-14);
    CHECK_NEAR(path_of(s, deep, 3)->value, 0.4 * 3, 1e-14);
    CHECK_NEAR(path_of(s, other, 3)->value, 0.125 * 3, 1e-14);
    mb_paths_spa_free(s);
    /* the top 2 are the largest two */
    o.top = 2;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK(s->npaths == 2 && s->nfound == 5);
    CHECK_NEAR(s->paths[0].value, 2.0, 1e-14);
    CHECK_NEAR(s->paths[1].value, 1.2, 1e-14);
    mb_paths_spa_free(s);
    /* depth 1: the demanded activity alone */
    o.max_depth = 1;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK(s->nfound == 1 && s->paths[0].length == 1);
    mb_paths_spa_free(s);
    o.max_depth = 1;
    CHECK_OK(mb_paths_traverse(&g, b.lca, f, 0, &o));
    CHECK(g->nnodes == 2 && !g->nodes[1].expanded);
    mb_paths_graph_free(g);
    free(f);
    dp_unbuild(&b);
}

/*
 * A waste treatment: activity 11 makes product 1 and 0.5 of waste 2 (a
 * second positive entry), activity 12 treats waste with a production of
 * -1; neither id matches a product, so no guess pairs them and a maximum
 * transversal does. s = [1, 0.5]; emissions 1 and 2 per unit: score 2,
 * unit scores lambda = [2, -2]; the waste edge carries -0.5 of product 2
 * and a score of 1.
 */
TEST(paths_pair_a_waste_treatment_by_transversal)
{
    const int64_t tr[] = {1, 2, 2}, tc[] = {11, 11, 12};
    const double tv[] = {1, 0.5, -1};
    const int64_t br[] = {10, 10}, bc[] = {11, 12};
    const double bv[] = {1, 2};
    const int64_t cr[] = {10}, cc[] = {0};
    const double cv[] = {1};
    dp_group groups[3] = {
        {"technosphere_matrix", "technosphere", NULL, 3, tr, tc, tv, NULL},
        {"biosphere_matrix", "biosphere", NULL, 2, br, bc, bv, NULL},
        {"characterization_matrix", "cf", "waste/cf", 1, cr, cc, cv, NULL}};
    const int64_t both[] = {11, 12};
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    dp_built b;
    mb_paths_graph *g;
    mb_paths_spa *s;
    double *f;

    CHECK_OK(dp_build(&b, groups, 3));
    CHECK((f = demand_of(b.sys, 1, 1.0)));
    o.cutoff = 0.0;
    CHECK_OK(mb_paths_traverse(&g, b.lca, f, 0, &o));
    CHECK_NEAR(g->info.total, 2.0, 1e-14);
    CHECK(g->nnodes == 3 && g->nedges == 2);
    CHECK_NEAR(node_of(g, 11)->cumulative, 2.0, 1e-14);
    CHECK_NEAR(node_of(g, 12)->cumulative, 1.0, 1e-14);
    CHECK_NEAR(g->edges[1].amount, -0.5, 1e-14);
    CHECK_NEAR(g->edges[1].score, 1.0, 1e-14);
    mb_paths_graph_free(g);
    o.max_depth = 5;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK(s->nfound == 2);
    CHECK_NEAR(path_of(s, both, 2)->value, 1.0, 1e-14);
    CHECK_NEAR(s->found_sum, 2.0, 1e-14);
    mb_paths_spa_free(s);
    free(f);
    dp_unbuild(&b);
}

/* A cutoff: only what reaches it is expanded or kept. */
TEST(paths_cutoff_prunes_small_branches)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    dp_built b;
    mb_paths_graph *g;
    double *f;
    int64_t k;

    CHECK_OK(build_loop(&b));
    CHECK((f = demand_of(b.sys, 1, 1.0)));
    o.cutoff = 0.2;
    CHECK_OK(mb_paths_traverse(&g, b.lca, f, 0, &o));
    CHECK_NEAR(g->info.threshold, 0.2 * fabs(g->info.total), 1e-15);
    CHECK(g->nnodes < 4);
    for (k = 1; k < g->nnodes; k++)
        CHECK(g->nodes[k].expanded ==
              (fabs(g->nodes[k].cumulative) >= g->info.threshold));
    for (k = 0; k < g->nedges; k++)
        CHECK(fabs(g->edges[k].score) >= g->info.threshold);
    CHECK(g->visited_direct < g->info.total);
    mb_paths_graph_free(g);
    free(f);
    dp_unbuild(&b);
}

TEST(paths_bad_options_are_named)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    const double bad[] = {-0.1, 1.0, 2.0, NAN};
    dp_built b;
    mb_paths_graph *g = NULL;
    mb_paths_spa *s = NULL;
    double *f;
    size_t k;

    CHECK_OK(build_hs(&b));
    CHECK((f = demand_of(b.sys, 1, 1.0)));
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        o.cutoff = bad[k];
        CHECK(mb_paths_traverse(&g, b.lca, f, 0, &o) == MB_EINVAL && !g);
        CHECK_STR_CONTAINS(mb_error_last()->message, "cutoff");
        CHECK(mb_paths_spa_run(&s, b.lca, f, 0, &o) == MB_EINVAL && !s);
    }
    o.cutoff = 0.01;
    o.max_depth = -1;
    CHECK(mb_paths_traverse(&g, b.lca, f, 0, &o) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "depth");
    o.max_depth = 0;
    CHECK(mb_paths_traverse(&g, b.lca, f, 1, &o) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "method 1");
    o.cutoff = 0.0;
    CHECK(mb_paths_spa_run(&s, b.lca, f, 0, &o) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "maximum depth");
    o.version = 99;
    CHECK(mb_paths_traverse(&g, b.lca, f, 0, &o) == MB_EINVAL);
    f[0] = NAN;
    CHECK(mb_paths_traverse(&g, b.lca, f, 0, NULL) == MB_ENUMERIC);
    CHECK(mb_paths_format_parse("dot") == MB_PATHS_DOT);
    CHECK(mb_paths_format_parse("csv") == -1);
    free(f);
    dp_unbuild(&b);
}

/* Write into memory; the text (free it) or NULL. */
static char *written(const mb_paths_graph *g, const mb_paths_spa *s,
                     mb_paths_format format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int rc;

    if (!f)
        return NULL;
    rc = g ? mb_paths_write_graph(f, g, format, "the \"test\" demand")
           : mb_paths_write_spa(f, s, format, NULL);
    fclose(f);
    if (rc < 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* The number member `key` of obj, NAN when absent. */
static double number(const mb_json *obj, const char *key)
{
    const mb_json *v = mb_json_get(obj, key);

    return v && v->type == MB_JSON_NUMBER ? v->u.number : NAN;
}

/* JSON, Sankey JSON and dot read back: the numbers and the structure. */
TEST(paths_outputs_read_back)
{
    mb_paths_options o = MB_PATHS_OPTIONS_INIT;
    dp_built b;
    mb_paths_graph *g;
    mb_paths_spa *s;
    mb_json_parser p;
    const mb_json *root, *nodes, *links, *item;
    char *text, why[200];
    double *f, sum = 0.0;
    int nn, ne;
    uint32_t k;

    CHECK_OK(build_loop(&b));
    CHECK((f = demand_of(b.sys, 1, 1.0)));
    o.cutoff = 0.0;
    CHECK_OK(mb_paths_traverse(&g, b.lca, f, 0, &o));
    mb_json_parser_init(&p);

    CHECK((text = written(g, NULL, MB_PATHS_JSON)));
    CHECK_OK(mb_json_parse(&p, text, strlen(text), "graph.json", &root));
    CHECK(strcmp(mb_json_get(root, "demand")->u.string,
                 "the \"test\" demand") == 0);
    CHECK(number(root, "total") == g->info.total); /* %.17g reads back exactly */
    nodes = mb_json_get(root, "nodes");
    CHECK(nodes && nodes->n == (uint32_t)g->nnodes);
    MB_JSON_EACH(nodes, k, item)
        sum += number(item, "direct");
    CHECK_NEAR(sum, g->info.total, 1e-12);
    CHECK(mb_json_get(root, "edges")->n == (uint32_t)g->nedges);
    free(text);

    CHECK((text = written(g, NULL, MB_PATHS_SANKEY)));
    CHECK_OK(mb_json_parse(&p, text, strlen(text), "sankey.json", &root));
    nodes = mb_json_get(root, "nodes");
    links = mb_json_get(root, "links");
    CHECK(nodes && links && links->n == (uint32_t)g->nedges);
    MB_JSON_EACH(links, k, item) {
        double src = number(item, "source"), dst = number(item, "target");

        CHECK(src >= 0 && src < nodes->n && dst >= 0 && dst < nodes->n);
        CHECK(number(item, "value") >= 0);
        CHECK(mb_json_get(item, "circular")->type ==
              (src < dst ? MB_JSON_TRUE : MB_JSON_FALSE));
    }
    free(text);

    CHECK((text = written(g, NULL, MB_PATHS_DOT)));
    CHECK_MSG(dot_check(text, &nn, &ne, why, sizeof why) == 0, "%s", why);
    CHECK(nn == g->nnodes && ne == g->nedges);
    CHECK_STR_CONTAINS(text, "the \\\"test\\\" demand");
    free(text);
    CHECK((text = written(g, NULL, MB_PATHS_TABLE)));
    CHECK_STR_CONTAINS(text, "Supply chain of the \"test\" demand: loop/cf");
    free(text);
    mb_paths_graph_free(g);

    o.max_depth = 6;
    CHECK_OK(mb_paths_spa_run(&s, b.lca, f, 0, &o));
    CHECK((text = written(NULL, s, MB_PATHS_JSON)));
    CHECK_OK(mb_json_parse(&p, text, strlen(text), "spa.json", &root));
    CHECK(number(root, "found") == (double)s->nfound);
    CHECK(mb_json_get(root, "paths")->n == (uint32_t)s->npaths);
    item = &mb_json_get(root, "paths")->u.items[0];
    CHECK(number(item, "value") == s->paths[0].value);
    free(text);
    CHECK((text = written(NULL, s, MB_PATHS_DOT)));
    CHECK_MSG(dot_check(text, &nn, &ne, why, sizeof why) == 0, "%s", why);
    CHECK(nn == ne + 1); /* a tree of path prefixes under the demand */
    free(text);
    CHECK(written(NULL, s, MB_PATHS_SANKEY) == NULL);
    mb_paths_spa_free(s);
    mb_json_parser_destroy(&p);
    free(f);
    dp_unbuild(&b);
}
