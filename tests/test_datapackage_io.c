/*
 * test_datapackage_io.c - writing Brightway datapackages (mb_dp_writer:
 * the layout bw_processing writes, read back by mb_datapackage_open;
 * nothing left behind on failure) and reading them as inventory records
 * (mb_datapackage_read): bw2calc's own fixtures give bw2calc's numbers
 * once imported and compiled, and their distributions become exchange
 * uncertainty.
 *
 * Expected numbers: tests/fixtures/bw2calc/ are copies of
 * ../shared/data/lca/bw2calc_basic_fixture and bw2calc_multi_lca_simple
 * (brightway2-calc commit 4e0682a4, BSD-3-Clause); their SOURCE.txt gives
 * supply 101 -> 1, 102 -> 0.5 and score 1 for the basic fixture, and for
 * multi_lca_simple first/gamma = 11 and second/gamma = 30 (asserted in
 * bw2calc's tests/test_multi_lca.py), second/zeta = 120 (asserted),
 * first/epsilon = 8.19, second/epsilon = 6.7, first/zeta = 28.2 (computed
 * there with exact arithmetic).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <metabol/metabol.h>

#include "test.h"

#define BW "tests/fixtures/bw2calc"

static const mb_dp_resource *by_name(const mb_datapackage *dp, const char *name)
{
    size_t k;

    for (k = 0; k < dp->nresources; k++)
        if (dp->resources[k].name && strcmp(dp->resources[k].name, name) == 0)
            return &dp->resources[k];
    return NULL;
}

/* A small package: technosphere with a flip and distributions, one
 * characterization group with an identifier, and a table. */
static int write_small(const char *path)
{
    static const int64_t rows[3] = {1, 2, 2}, cols[3] = {1, 2, 1};
    static const double data[3] = {1, 1, 0.5};
    static const unsigned char flip[3] = {0, 0, 1};
    static const int64_t crow[1] = {3}, ccol[1] = {0};
    static const double cval[1] = {2.5};
    static const char *const header[3] = {"id", "name", "note"};
    static const char *const row1[3] = {"1", "mill, steel", "a \"b\""};
    static const char *const row2[3] = {"2", "plain", NULL};
    static const char *const valid[2] = {"technosphere", "cols"};
    mb_dp_uncertainty u[3];
    mb_dp_vector tech = {"technosphere_matrix",
                         "technosphere",
                         NULL,
                         -1,
                         3,
                         rows,
                         cols,
                         data,
                         flip,
                         u};
    mb_dp_vector cf = {"characterization_matrix",
                       "cf-1",
                       "IPCC/GWP 100",
                       0,
                       1,
                       crow,
                       ccol,
                       cval,
                       NULL,
                       NULL};
    mb_dp_writer *w = NULL;
    int rc;

    memset(u, 0, sizeof u);
    u[0].type = MB_DP_NO_UNCERTAINTY;
    u[0].loc = 1;
    u[1].type = MB_DP_LOGNORMAL;
    u[1].loc = log(1.0);
    u[1].scale = log(1.5);
    u[2].type = MB_DP_TRIANGULAR;
    u[2].loc = 0.5;
    u[2].minimum = 0.25;
    u[2].maximum = 1;
    if ((rc = mb_dp_writer_new(&w, path)) == 0 &&
        (rc = mb_dp_writer_add_vector(w, &tech)) == 0 &&
        (rc = mb_dp_writer_add_vector(w, &cf)) == 0 &&
        (rc = mb_dp_writer_table_begin(w, "activities", 3, header, 1, valid)) ==
            0 &&
        (rc = mb_dp_writer_table_row(w, row1)) == 0 &&
        (rc = mb_dp_writer_table_row(w, row2)) == 0 &&
        (rc = mb_dp_writer_table_end(w)) == 0)
        rc = mb_dp_writer_finish(w, "small");
    mb_dp_writer_free(w);
    return rc;
}

/*
 * bw_processing's layout: resources <group>.<kind> with matrix, kind,
 * group, category "vector", nrows; INDICES_DTYPE (int32 row, col);
 * UNCERTAINTY_DTYPE exactly (u1, five f4, bool: 22 bytes); flip bool;
 * tables as CSV quoted as pandas quotes; the package keys matrix_utils
 * reads.
 */
TEST(datapackage_writer_writes_the_bw_processing_layout)
{
    static const char *const names[7] = {
        "uncertainty_type", "loc",     "scale",   "shape",
        "minimum",          "maximum", "negative"};
    static const char kinds[8] = "ufffffb";
    const char *dir = test_tmpdir();
    char path[600];
    const char *forms[2] = {"pkg", "pkg.zip"};
    int f, k;

    for (f = 0; f < 2; f++) {
        const mb_dp_resource *r;
        mb_datapackage *dp = NULL;
        mb_dp_uncertainty u;
        json_t *root;
        json_error_t jerr;

        snprintf(path, sizeof path, "%s/%s", dir, forms[f]);
        CHECK_OK(write_small(path));
        CHECK_OK(mb_datapackage_open(
            &dp, path, MB_DP_LOAD_DISTRIBUTIONS | MB_DP_LOAD_TEXT));
        r = by_name(dp, "technosphere.indices");
        CHECK(r && r->array && strcmp(r->matrix, "technosphere_matrix") == 0);
        CHECK(strcmp(r->kind, "indices") == 0 &&
              strcmp(r->group, "technosphere") == 0 &&
              strcmp(r->category, "vector") == 0);
        CHECK(r->array->nfields == 2 && r->array->itemsize == 8);
        CHECK(strcmp(r->array->fields[0].name, "row") == 0 &&
              r->array->fields[0].kind == 'i' && r->array->fields[0].size == 4);
        CHECK(strcmp(r->array->fields[1].name, "col") == 0 &&
              r->array->fields[1].size == 4);
        CHECK(mb_npy_get_i64(r->array, 0, 2) == 2 &&
              mb_npy_get_i64(r->array, 1, 2) == 1);
        r = by_name(dp, "technosphere.data");
        CHECK(r && r->array->fields[0].kind == 'f' &&
              r->array->fields[0].size == 8);
        CHECK(mb_npy_get_f64(r->array, 0, 2) == 0.5);
        r = by_name(dp, "technosphere.flip");
        CHECK(r && r->array->fields[0].kind == 'b');
        CHECK(mb_npy_get_i64(r->array, 0, 2) == 1 &&
              mb_npy_get_i64(r->array, 0, 0) == 0);
        r = by_name(dp, "technosphere.distributions");
        CHECK(r && r->array && r->array->nfields == 7 &&
              r->array->itemsize == 22);
        for (k = 0; k < 7; k++) {
            CHECK(strcmp(r->array->fields[k].name, names[k]) == 0);
            CHECK(r->array->fields[k].kind == kinds[k]);
            CHECK(r->array->fields[k].size == (k == 0 || k == 6 ? 1 : 4));
        }
        mb_dp_uncertainty_get(r->array, 1, &u);
        CHECK(u.type == MB_DP_LOGNORMAL && u.loc == 0 &&
              fabs(u.scale - log(1.5)) < 1e-7 && !u.negative);
        mb_dp_uncertainty_get(r->array, 2, &u);
        CHECK(u.type == MB_DP_TRIANGULAR && u.loc == 0.5 && u.minimum == 0.25 &&
              u.maximum == 1);
        r = by_name(dp, "cf-1.indices");
        CHECK(r && strcmp(r->identifier, "IPCC/GWP 100") == 0);
        CHECK(by_name(dp, "cf-1.flip") == NULL); /* nothing flipped */
        r = by_name(dp, "activities");
        CHECK(r && r->text);
        CHECK(strcmp(r->text,
                     "id,name,note\n1,\"mill, steel\",\"a \"\"b\"\"\"\n"
                     "2,plain,\n") == 0);
        mb_datapackage_free(dp);
        /* the package keys bw2calc (matrix_utils) reads without default */
        if (f == 0) {
            snprintf(path, sizeof path, "%s/pkg/datapackage.json", dir);
            root = json_load_file(path, 0, &jerr);
            CHECK(root);
            CHECK(strcmp(json_string_value(json_object_get(root, "profile")),
                         "data-package") == 0);
            CHECK(json_is_false(json_object_get(root, "combinatorial")));
            CHECK(json_is_false(json_object_get(root, "sequential")));
            CHECK(json_is_null(json_object_get(root, "seed")));
            CHECK(json_is_true(json_object_get(root, "sum_intra_duplicates")));
            CHECK(json_is_false(json_object_get(root, "sum_inter_duplicates")));
            CHECK(json_object_get(root, "64_bit_indices") == NULL);
            CHECK(strcmp(json_string_value(json_object_get(root, "name")),
                         "small") == 0);
            CHECK(json_integer_value(json_object_get(
                      json_array_get(json_object_get(root, "resources"), 0),
                      "nrows")) == 3);
            CHECK(json_integer_value(json_object_get(
                      json_array_get(json_object_get(root, "resources"), 5),
                      "global_index")) == 0);
            json_decref(root);
        }
    }
    CHECK(test_dir_entries(dir) == 2); /* pkg and pkg.zip, no leftovers */
}

/* Ids beyond int32 get int64 indices and the "64_bit_indices" key. */
TEST(datapackage_writer_widens_indices_for_large_ids)
{
    static const int64_t rows[1] = {5000000000LL}, cols[1] = {1};
    static const double data[1] = {1};
    mb_dp_vector v = {
        "biosphere_matrix", "bio", NULL, -1, 1, rows, cols, data, NULL, NULL};
    const char *dir = test_tmpdir();
    mb_datapackage *dp = NULL;
    mb_dp_writer *w = NULL;
    const mb_dp_resource *r;
    char path[600];
    json_t *root;
    json_error_t jerr;

    snprintf(path, sizeof path, "%s/wide", dir);
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK_OK(mb_dp_writer_add_vector(w, &v));
    CHECK_OK(mb_dp_writer_finish(w, "wide"));
    mb_dp_writer_free(w);
    CHECK_OK(mb_datapackage_open(&dp, path, 0));
    r = by_name(dp, "bio.indices");
    CHECK(r && r->array->fields[0].size == 8);
    CHECK(mb_npy_get_i64(r->array, 0, 0) == 5000000000LL);
    mb_datapackage_free(dp);
    snprintf(path, sizeof path, "%s/wide/datapackage.json", dir);
    root = json_load_file(path, 0, &jerr);
    CHECK(root && json_is_true(json_object_get(root, "64_bit_indices")));
    json_decref(root);
}

/* Until finished nothing is at the path, and a failure leaves nothing. */
TEST(datapackage_writer_leaves_nothing_half_written)
{
    static const int64_t ids[1] = {1};
    static const double one[1] = {1};
    mb_dp_vector v = {
        "technosphere_matrix", "t", NULL, -1, 1, ids, ids, one, NULL, NULL};
    const char *dir = test_tmpdir();
    mb_dp_writer *w = NULL;
    char path[600];

    /* freed unfinished: the staged files go */
    snprintf(path, sizeof path, "%s/out.zip", dir);
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK_OK(mb_dp_writer_add_vector(w, &v));
    CHECK(test_dir_entries(dir) == 1); /* the stage */
    mb_dp_writer_free(w);
    CHECK(test_dir_entries(dir) == 0);
    /* bad input on the way: the same */
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK(mb_dp_writer_add_vector(w, &v) == 0);
    CHECK(mb_dp_writer_add_vector(w, &v) == MB_EINVAL); /* group twice */
    CHECK_STR_CONTAINS(mb_error_last()->message, "'t' is used twice");
    mb_dp_writer_free(w);
    CHECK(test_dir_entries(dir) == 0);
    /* a place that cannot be written */
    CHECK(mb_dp_writer_new(&w, "/nonexistent-dir/out.zip") == MB_EIO);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "/nonexistent-dir/out.zip: cannot write there");
    CHECK(w == NULL);
    /* a directory is written new, never over an old one */
    CHECK(mb_dp_writer_new(&w, dir) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "already exists");
    /* a zip is replaced whole */
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK_OK(mb_dp_writer_add_vector(w, &v));
    CHECK_OK(mb_dp_writer_finish(w, "one"));
    mb_dp_writer_free(w);
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK_OK(mb_dp_writer_finish(w, "two"));
    mb_dp_writer_free(w);
    CHECK(test_dir_entries(dir) == 1);
}

/* ---- reading datapackages as inventory records ----------------------- */

/* Read packages into a database and compile it. */
static int import_all(const char *const *paths, int n, mb_system **sys)
{
    mb_lcidb *db = NULL;
    int k, rc;

    *sys = NULL;
    if ((rc = mb_lcidb_new(&db)) < 0)
        return rc;
    for (k = 0; k < n && rc == 0; k++)
        rc = mb_datapackage_read(paths[k], mb_lcidb_sink(db));
    if (rc == 0)
        rc = mb_lcidb_compile(sys, NULL, db, NULL);
    mb_lcidb_free(db);
    return rc;
}

/* Scores of `amount` of activity `name`'s product; NULL result on error. */
static int scores(const mb_system *sys, const char *name, double amount,
                  mb_lca_result **res, mb_lca **lca)
{
    int64_t j = mb_system_find_activity(sys, name);
    double *demand;
    int rc;

    *res = NULL;
    *lca = NULL;
    if (j < 0)
        return MB_ENOTFOUND;
    demand = calloc((size_t)sys->nproducts, sizeof *demand);
    if (!demand)
        return MB_ENOMEM;
    demand[j] = amount;
    if ((rc = mb_lca_new(lca, sys, NULL)) == 0)
        rc = mb_lca_calculate(res, *lca, demand);
    free(demand);
    return rc;
}

static double score_of(const mb_system *sys, const mb_lca_result *res,
                       const char *method)
{
    int64_t m = mb_system_method_index(sys, method);

    return m < 0 ? NAN : res->scores[m];
}

TEST(datapackage_import_of_bw2calc_basic_fixture_gives_its_supply)
{
    const char *paths[1] = {BW "/basic_fixture"};
    mb_system *sys = NULL;
    mb_lca_result *res = NULL;
    mb_lca *lca = NULL;
    int64_t a101, a102;

    CHECK_OK(import_all(paths, 1, &sys));
    CHECK(sys->nactivities == 2 && sys->nflows == 1 && sys->nmethods == 1);
    CHECK_OK(scores(sys, "dp-activity:101", 1, &res, &lca));
    a101 = mb_system_find_activity(sys, "dp-activity:101");
    a102 = mb_system_find_activity(sys, "dp-activity:102");
    CHECK(res->supply[a101] == 1.0);
    CHECK(res->supply[a102] == 0.5);
    CHECK(score_of(sys, res, "eb-characterization") == 1.0);
    mb_lca_result_free(res);
    mb_lca_free(lca);
    mb_system_free(sys);
}

TEST(datapackage_import_of_bw2calc_multi_lca_gives_its_scores)
{
    static const struct {
        const char *activity; /* provider of the demanded product */
        double amount, first, second;
    } cases[3] = {{"dp-activity:3", 1, 11, 30},     /* gamma {100: 1} */
                  {"dp-activity:5", 2, 8.19, 6.7},  /* epsilon {103: 2} */
                  {"dp-activity:6", 3, 28.2, 120}}; /* zeta {105: 3} */
    const char *paths[5] = {
        BW "/multi_lca_simple_1.zip", BW "/multi_lca_simple_2.zip",
        BW "/multi_lca_simple_3.zip", BW "/multi_lca_simple_4.zip",
        BW "/multi_lca_simple_5.zip"};
    mb_system *sys = NULL;
    int k;

    CHECK_OK(import_all(paths, 5, &sys));
    CHECK(sys->nactivities == 6 && sys->nmethods == 2);
    for (k = 0; k < 3; k++) {
        mb_lca_result *res = NULL;
        mb_lca *lca = NULL;
        double first, second;

        CHECK_OK(scores(sys, cases[k].activity, cases[k].amount, &res, &lca));
        first = score_of(sys, res, "first/category");
        second = score_of(sys, res, "second/category");
        mb_lca_result_free(res);
        mb_lca_free(lca);
        CHECK_NEAR(first, cases[k].first, 1e-13);
        CHECK_NEAR(second, cases[k].second, 1e-13);
    }
    mb_system_free(sys);
}

/* What a sink saw: a few exchanges of one process. */
typedef struct seen {
    int processes;
    mb_lci_exchange ex[8];
    char flows[8][64];
    size_t nex;
    int methods, categories;
    char method_name[64];
} seen;

static int see_process(void *ctx, const mb_lci_process *p)
{
    seen *s = ctx;
    size_t k;

    if (s->processes++ == 0 && strcmp(p->id, "dp-activity:1") == 0)
        for (k = 0; k < p->nexchanges && k < 8; k++) {
            s->ex[k] = p->exchanges[k];
            snprintf(s->flows[k], sizeof s->flows[k], "%s",
                     p->exchanges[k].flow_id);
            s->nex++;
        }
    return 0;
}

/*
 * multi_lca_simple_1 carries stats_arrays distributions: activity 1 takes
 * 0.2 of product 100 (stored 0.2, flipped), uniform 0.1..0.8, and emits 2
 * of flow 200, triangular 0..10 with mode 2. As exchanges: an input of 0.2
 * with a uniform 0.1..0.8 and an output of 2 with a triangle (0, 2, 10).
 */
TEST(datapackage_import_keeps_distributions_as_uncertainty)
{
    seen s;
    mb_lci_sink sink;
    size_t k;
    int uniform = 0, triangle = 0;

    memset(&s, 0, sizeof s);
    memset(&sink, 0, sizeof sink);
    sink.ctx = &s;
    sink.process = see_process;
    CHECK_OK(mb_datapackage_read(BW "/multi_lca_simple_1.zip", &sink));
    CHECK(s.processes == 3 && s.nex == 5);
    CHECK(s.ex[0].flags == MB_EXCHANGE_REFERENCE && s.ex[0].amount == 1 &&
          strcmp(s.flows[0], "dp-product:101") == 0);
    for (k = 0; k < s.nex; k++) {
        const mb_lci_uncertainty *u = &s.ex[k].uncertainty;

        if (strcmp(s.flows[k], "dp-product:100") == 0) {
            CHECK(s.ex[k].flags == MB_EXCHANGE_INPUT);
            CHECK(s.ex[k].amount == 0.2);
            CHECK(u->type == MB_DIST_UNIFORM);
            CHECK_NEAR(u->p[0], 0.1, 1e-7); /* float32 in the file */
            CHECK_NEAR(u->p[1], 0.8, 1e-7);
            uniform = 1;
        }
        if (strcmp(s.flows[k], "dp-flow:200") == 0) {
            CHECK(s.ex[k].flags == 0 && s.ex[k].amount == 2);
            CHECK(u->type == MB_DIST_TRIANGLE);
            CHECK(u->p[0] == 0 && u->p[1] == 2 && u->p[2] == 10);
            triangle = 1;
        }
    }
    CHECK(uniform && triangle);
}

/* One package of a technosphere group, written with the writer. */
static int write_tech(const char *path, int n, const int64_t *rows,
                      const int64_t *cols, const double *vals,
                      const mb_dp_vector *extra)
{
    mb_dp_vector v = {"technosphere_matrix",
                      "technosphere",
                      NULL,
                      -1,
                      n,
                      rows,
                      cols,
                      vals,
                      NULL,
                      NULL};
    mb_dp_writer *w = NULL;
    int rc;

    if ((rc = mb_dp_writer_new(&w, path)) == 0 &&
        (rc = mb_dp_writer_add_vector(w, &v)) == 0 &&
        (!extra || (rc = mb_dp_writer_add_vector(w, extra)) == 0))
        rc = mb_dp_writer_finish(w, "bad");
    mb_dp_writer_free(w);
    return rc;
}

TEST(datapackage_import_refuses_what_it_cannot_represent)
{
    static const int64_t r2[2] = {1, 1}, c2[2] = {1, 2};
    static const double v2[2] = {1, 1};
    static const int64_t br[1] = {7}, bc[1] = {9};
    static const double bv[1] = {1};
    mb_dp_vector bio = {
        "biosphere_matrix", "biosphere", NULL, -1, 1, br, bc, bv, NULL, NULL};
    const char *dir = test_tmpdir();
    mb_lci_sink sink;
    char path[600];

    memset(&sink, 0, sizeof sink);
    /* two activities, one product: the second has no reference */
    snprintf(path, sizeof path, "%s/one-row", dir);
    CHECK_OK(write_tech(path, 2, r2, c2, v2, NULL));
    CHECK(mb_datapackage_read(path, &sink) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "technosphere column 2: no product left");
    /* a biosphere entry of an activity the technosphere lacks */
    snprintf(path, sizeof path, "%s/stray", dir);
    CHECK_OK(write_tech(path, 1, r2, c2, v2, &bio));
    CHECK(mb_datapackage_read(path, &sink) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "(row id 7, column id 9) names an activity with no "
                       "technosphere column");
    /* nothing to import */
    snprintf(path, sizeof path, "%s/empty", dir);
    CHECK_OK(write_tech(path, 0, r2, c2, v2, NULL));
    CHECK(mb_datapackage_read(path, &sink) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "nothing to import");
}

/* What a sink saw of labels. */
typedef struct labels_seen {
    char process_ids[4][64], process_names[4][64], locations[4][64];
    char flow_ids[8][64], flow_names[8][64], units[8][32];
    unsigned bio_flags[4];
    char category[64], unit[32], method[64], method_cat[64];
    int nprocesses, nflows, nunits;
} labels_seen;

static int see_labelled_process(void *ctx, const mb_lci_process *p)
{
    labels_seen *s = ctx;
    int k = s->nprocesses++;
    size_t x;

    if (k >= 4)
        return 0;
    snprintf(s->process_ids[k], 64, "%s", p->id);
    snprintf(s->process_names[k], 64, "%s", p->name);
    snprintf(s->locations[k], 64, "%s", p->location_id ? p->location_id : "-");
    for (x = 0; x < p->nexchanges; x++)
        if (strcmp(p->exchanges[x].flow_id, "co2") == 0)
            s->bio_flags[k] = p->exchanges[x].flags | 0x100;
    return 0;
}

static int see_flow(void *ctx, const mb_lci_flow *f)
{
    labels_seen *s = ctx;
    int k = s->nflows++;

    if (k < 8) {
        snprintf(s->flow_ids[k], 64, "%s", f->id);
        snprintf(s->flow_names[k], 64, "%s", f->name);
    }
    return 0;
}

static int see_unit_group(void *ctx, const mb_lci_unit_group *g)
{
    labels_seen *s = ctx;

    if (s->nunits < 8)
        snprintf(s->units[s->nunits], 32, "%s", g->units[0].name);
    s->nunits++;
    return 0;
}

static int see_category(void *ctx, const mb_lci_impact_category *c)
{
    labels_seen *s = ctx;

    snprintf(s->category, sizeof s->category, "%s (%zu)", c->name, c->nfactors);
    snprintf(s->unit, sizeof s->unit, "%s",
             c->reference_unit ? c->reference_unit : "-");
    return 0;
}

static int see_method(void *ctx, const mb_lci_impact_method *m)
{
    labels_seen *s = ctx;

    snprintf(s->method, sizeof s->method, "%s", m->name);
    snprintf(s->method_cat, sizeof s->method_cat, "%s",
             m->ncategories ? m->category_ids[0] : "-");
    return 0;
}

/*
 * With our tables: processes by code (a code used twice, as by a process
 * split by allocation, gets "#<id>"), names, locations; flows by code,
 * with their direction; units; the category's unit; "m/c" as category c
 * of method m, the two rows of one flow giving one factor.
 */
TEST(datapackage_import_takes_ids_and_labels_from_its_tables)
{
    static const int64_t tr[3] = {1, 2, 1}, tc[3] = {1, 2, 2};
    static const double tv[3] = {1, 1, -0.5};
    static const int64_t br[2] = {3, 4}, bc[2] = {1, 2};
    static const double bv[2] = {2, 5};
    static const int64_t cr[2] = {3, 4}, cc[2] = {0, 0};
    static const double cv[2] = {7, 7};
    static const char *const ah[5] = {"id", "code", "name", "reference product",
                                      "location"};
    static const char *const a1[5] = {"1", "P", "mill", "steel", "SE"};
    static const char *const a2[5] = {"2", "P", "mill", "slag", "SE"};
    static const char *const fh[5] = {"id", "code", "name", "unit",
                                      "direction"};
    static const char *const f1[5] = {"3", "co2", "CO2", "kg", "output"};
    static const char *const f2[5] = {"4", "co2", "CO2", "kg", "input"};
    static const char *const mh[2] = {"name", "unit"};
    static const char *const m1[2] = {"IPCC/GWP", "kg CO2 eq"};
    mb_dp_vector tech = {"technosphere_matrix",
                         "technosphere",
                         NULL,
                         -1,
                         3,
                         tr,
                         tc,
                         tv,
                         NULL,
                         NULL};
    mb_dp_vector bio = {
        "biosphere_matrix", "biosphere", NULL, -1, 2, br, bc, bv, NULL, NULL};
    mb_dp_vector cf = {"characterization_matrix",
                       "c1",
                       "IPCC/GWP",
                       0,
                       2,
                       cr,
                       cc,
                       cv,
                       NULL,
                       NULL};
    const char *dir = test_tmpdir();
    mb_dp_writer *w = NULL;
    labels_seen s;
    mb_lci_sink sink;
    char path[600];

    snprintf(path, sizeof path, "%s/labelled.zip", dir);
    CHECK_OK(mb_dp_writer_new(&w, path));
    CHECK_OK(mb_dp_writer_add_vector(w, &tech));
    CHECK_OK(mb_dp_writer_add_vector(w, &bio));
    CHECK_OK(mb_dp_writer_add_vector(w, &cf));
    CHECK_OK(mb_dp_writer_table_begin(w, "activities", 5, ah, 0, NULL));
    CHECK_OK(mb_dp_writer_table_row(w, a1));
    CHECK_OK(mb_dp_writer_table_row(w, a2));
    CHECK_OK(mb_dp_writer_table_end(w));
    CHECK_OK(mb_dp_writer_table_begin(w, "flows", 5, fh, 0, NULL));
    CHECK_OK(mb_dp_writer_table_row(w, f1));
    CHECK_OK(mb_dp_writer_table_row(w, f2));
    CHECK_OK(mb_dp_writer_table_end(w));
    CHECK_OK(mb_dp_writer_table_begin(w, "methods", 2, mh, 0, NULL));
    CHECK_OK(mb_dp_writer_table_row(w, m1));
    CHECK_OK(mb_dp_writer_table_end(w));
    CHECK_OK(mb_dp_writer_finish(w, "labelled"));
    mb_dp_writer_free(w);

    memset(&s, 0, sizeof s);
    memset(&sink, 0, sizeof sink);
    sink.ctx = &s;
    sink.process = see_labelled_process;
    sink.flow = see_flow;
    sink.unit_group = see_unit_group;
    sink.impact_category = see_category;
    sink.impact_method = see_method;
    CHECK_OK(mb_datapackage_read(path, &sink));
    CHECK(s.nprocesses == 2);
    CHECK(strcmp(s.process_ids[0], "P") == 0 &&
          strcmp(s.process_ids[1], "P#2") == 0);
    CHECK(strcmp(s.process_names[1], "mill") == 0);
    CHECK(strcmp(s.locations[0], "dp-location:SE") == 0);
    CHECK(s.bio_flags[0] == 0x100);                       /* output */
    CHECK(s.bio_flags[1] == (0x100 | MB_EXCHANGE_INPUT)); /* input */
    /* one elementary flow for both rows, then the two products */
    CHECK(s.nflows == 3);
    CHECK(strcmp(s.flow_ids[0], "co2") == 0 &&
          strcmp(s.flow_names[0], "CO2") == 0);
    CHECK(strcmp(s.flow_ids[1], "dp-product:P") == 0 &&
          strcmp(s.flow_names[1], "steel") == 0);
    CHECK(strcmp(s.flow_ids[2], "dp-product:P#2") == 0);
    CHECK(s.nunits == 1 && strcmp(s.units[0], "kg") == 0);
    CHECK(strcmp(s.category, "GWP (1)") == 0);
    CHECK(strcmp(s.unit, "kg CO2 eq") == 0);
    CHECK(strcmp(s.method, "IPCC") == 0);
    CHECK(strcmp(s.method_cat, "dp-category:IPCC/GWP") == 0);
}
