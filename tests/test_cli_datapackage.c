/*
 * test_cli_datapackage.c - `metabol export datapackage` and `metabol
 * import datapackage` on real data: the bundled US LCI database with the
 * IPCC method and the FEDEFL mapping (examples/uslci, as examples/demo.sh
 * imports it) and the beef cattle JSON-LD fixture.
 *
 *  (a) the exported matrices are the compiled project's, entry by entry;
 *  (b) `lca --datapackage` on the export gives `lca --process`'s scores;
 *  (c) import of the export, then export again: the same arrays, bytes
 *      for bytes, and the same tables;
 *  (d) bw2calc's fixtures imported give bw2calc's scores (the numbers:
 *      see test_datapackage_io.c);
 *  (e) bad input: one line, exit 1, no file left.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli_run.h"
#include "test.h"

#define BEEF "tests/fixtures/jsonld/beef-cattle-finishing.zip"
#define EX "examples/uslci"
#define BW "tests/fixtures/bw2calc"
#define COAL "66280f03-b26f-35c4-bda2-3d4a8652943a" /* bituminous coal el. */

static int runp(const char *db, const char *args)
{
    char cmd[4096];

    snprintf(cmd, sizeof cmd, "-p %s %s", db, args);
    return run(cmd);
}

/* The US LCI project, imported once for the tests that use it; NULL when
 * examples/uslci is not there. */
static const char *uslci_project(void)
{
    static char path[512];

    if (path[0])
        return path;
    if (access(EX "/uslci_olca1_5_0_json_ld.zip", R_OK) != 0)
        return NULL;
    snprintf(path, sizeof path, "%s/uslci.db", test_tmpdir());
    if (runp(path, "import olca-jsonld " EX "/uslci_olca1_5_0_json_ld.zip "
                   "--name uslci") != 0 ||
        runp(path, "import olca-jsonld " EX "/ipcc_json_v1.0.3.zip --name "
                   "ipcc") != 0 ||
        runp(path, "import flow-mapping " EX "/USLCIv2019Q4.csv --name "
                   "fedefl") != 0)
        path[0] = '\0';
    return path[0] ? path : NULL;
}

/* The project compiled here, with the default options. */
static int compile_project(const char *db, mb_system **sys)
{
    mb_store *store = NULL;
    mb_lcidb *lci = NULL;
    int rc;

    *sys = NULL;
    if ((rc = mb_store_open(&store, db, MB_STORE_READONLY)) == 0 &&
        (rc = mb_lcidb_new(&lci)) == 0 &&
        (rc = mb_store_load(store, mb_lcidb_sink(lci))) == 0)
        rc = mb_lcidb_compile(sys, NULL, lci, NULL);
    mb_lcidb_free(lci);
    mb_store_close(store);
    return rc;
}

static int read_package(const char *path, mb_datapackage **dp, mb_system **sys)
{
    int rc = mb_datapackage_open(dp, path, 0);

    *sys = NULL;
    return rc == 0 ? mb_system_from_datapackages(sys, dp, 1) : rc;
}

/*
 * The package's system against the compiled one, entry by entry, values
 * equal to the bit: activities by position (ids 1..n), flows by the rows
 * of B that have an entry (in order), methods by name.
 */
static int same_system(const mb_system *c, const mb_system *p, char *why,
                       size_t size)
{
    int64_t *row = calloc((size_t)c->nflows + 1, sizeof *row), j, k, r, n;
    size_t m;
    int ok = 0;

    if (!row)
        return 0;
    for (k = 0; k < c->B->p[c->B->n]; k++)
        row[c->B->i[k]] = 1;
    for (r = 0, n = 0; r < c->nflows; r++)
        row[r] = row[r] ? n++ : -1;
    snprintf(why, size, "sizes: %lld/%lld activities, %lld/%lld flows",
             (long long)c->nactivities, (long long)p->nactivities, (long long)n,
             (long long)p->nflows);
    if (p->nactivities != c->nactivities || p->nproducts != c->nproducts ||
        p->nflows != n || p->nmethods != c->nmethods)
        goto out;
    for (j = 0; j < c->nactivities; j++) {
        if (p->activity_ids[j] != j + 1 || p->product_ids[j] != j + 1 ||
            c->A->p[j + 1] - c->A->p[j] != p->A->p[j + 1] - p->A->p[j] ||
            c->B->p[j + 1] - c->B->p[j] != p->B->p[j + 1] - p->B->p[j]) {
            snprintf(why, size, "column %lld differs", (long long)j);
            goto out;
        }
        for (k = c->A->p[j]; k < c->A->p[j + 1]; k++) {
            int64_t q = p->A->p[j] + (k - c->A->p[j]);

            if (c->A->i[k] != p->A->i[q] || c->A->x[k] != p->A->x[q]) {
                snprintf(why, size, "A(%lld, %lld) = %.17g, package %.17g",
                         (long long)c->A->i[k], (long long)j, c->A->x[k],
                         p->A->x[q]);
                goto out;
            }
        }
        for (k = c->B->p[j]; k < c->B->p[j + 1]; k++) {
            int64_t q = p->B->p[j] + (k - c->B->p[j]);

            if (row[c->B->i[k]] != p->B->i[q] || c->B->x[k] != p->B->x[q]) {
                snprintf(why, size, "B(%lld, %lld) = %.17g, package %.17g",
                         (long long)c->B->i[k], (long long)j, c->B->x[k],
                         p->B->x[q]);
                goto out;
            }
        }
    }
    for (m = 0; m < c->nmethods; m++) {
        if (strcmp(c->methods[m].name, p->methods[m].name) != 0) {
            snprintf(why, size, "method %zu: '%s', package '%s'", m,
                     c->methods[m].name, p->methods[m].name);
            goto out;
        }
        for (r = 0; r < c->nflows; r++)
            if (row[r] >= 0 &&
                c->methods[m].values[r] != p->methods[m].values[row[r]]) {
                snprintf(why, size, "method '%s', flow %lld differs",
                         c->methods[m].name, (long long)r);
                goto out;
            }
    }
    ok = 1;
out:
    free(row);
    return ok;
}

/* (a) */
TEST(export_datapackage_holds_the_compiled_matrices)
{
    const char *db = uslci_project();
    const char *dir = test_tmpdir();
    const char *forms[2] = {"uslci.zip", "uslci"};
    mb_system *compiled = NULL;
    char args[1024], why[200];
    int f;

    if (!db)
        SKIP("examples/uslci is not there");
    CHECK_OK(compile_project(db, &compiled));
    CHECK(compiled->nmethods == 8);
    for (f = 0; f < 2; f++) {
        mb_datapackage *dp = NULL;
        mb_system *sys = NULL;
        int same;

        snprintf(args, sizeof args, "export datapackage %s/%s", dir, forms[f]);
        CHECK(runp(db, args) == 0);
        CHECK_STR_CONTAINS(out_text, "766 activities");
        snprintf(args, sizeof args, "%s/%s", dir, forms[f]);
        CHECK_OK(read_package(args, &dp, &sys));
        same = same_system(compiled, sys, why, sizeof why);
        mb_system_free(sys);
        mb_datapackage_free(dp);
        CHECK_MSG(same, "%s: %s", forms[f], why);
    }
    mb_system_free(compiled);
}

/* The number after `impact,"<method>",` in CSV output (its first numeric
 * field). */
static double impact(const char *text, const char *method)
{
    char key[256];
    const char *p;

    snprintf(key, sizeof key, "impact,\"%s\",", method);
    if (!(p = strstr(text, key)))
        return NAN;
    for (p += strlen(key); *p && *p != '\n'; p++) {
        char *end;
        double v = strtod(p, &end);

        if (end != p && (*end == ',' || *end == '\n'))
            return v;
        while (*p && *p != ',' && *p != '\n')
            p++;
        if (*p != ',')
            break;
    }
    return NAN;
}

/* (b) */
TEST(export_datapackage_lca_gives_the_project_scores)
{
    static const char *const methods[3] = {"IPCC/AR6-100", "IPCC/AR5-20",
                                           "IPCC/AR4-500"};
    const char *db = uslci_project();
    const char *dir = test_tmpdir();
    mb_system *compiled = NULL;
    static char project_out[sizeof out_text];
    char args[1024];
    int64_t j;
    int m;

    if (!db)
        SKIP("examples/uslci is not there");
    snprintf(args, sizeof args, "export datapackage %s/u.zip", dir);
    CHECK(runp(db, args) == 0);
    CHECK(runp(db, "lca --process " COAL " --format csv") == 0);
    memcpy(project_out, out_text, sizeof project_out);
    CHECK_OK(compile_project(db, &compiled));
    j = mb_system_find_activity(compiled, COAL);
    mb_system_free(compiled);
    CHECK(j >= 0);
    snprintf(args, sizeof args,
             "lca --datapackage %s/u.zip --demand %lld=1 --format csv", dir,
             (long long)(j + 1));
    CHECK(run(args) == 0);
    for (m = 0; m < 3; m++) {
        double a = impact(project_out, methods[m]);
        double b = impact(out_text, methods[m]);

        CHECK_MSG(a > 0.1 && a == b, "%s: project %.17g, datapackage %.17g",
                  methods[m], a, b);
    }
    /* 0.306 kg CO2 eq per MJ: docs/uslci-coal.md explains the number */
    CHECK_NEAR(impact(out_text, "IPCC/AR6-100"), 0.3061305650063964, 1e-12);
}

/* The bytes of file `name` of a package (directory or zip). */
static int same_resources(const char *a, const char *b, char *why, size_t size)
{
    mb_datapackage *x = NULL, *y = NULL;
    size_t k;
    int ok = 0;

    unsigned flags = MB_DP_LOAD_TEXT | MB_DP_LOAD_DISTRIBUTIONS;

    if (mb_datapackage_open(&x, a, flags) < 0 ||
        mb_datapackage_open(&y, b, flags) < 0) {
        snprintf(why, size, "%s", mb_error_last()->message);
        goto out;
    }
    snprintf(why, size, "%zu and %zu resources", x->nresources, y->nresources);
    if (x->nresources != y->nresources)
        goto out;
    for (k = 0; k < x->nresources; k++) {
        const mb_dp_resource *r = &x->resources[k], *s = &y->resources[k];

        snprintf(why, size, "resource %s", r->name);
        if (strcmp(r->name, s->name) != 0 || !r->array != !s->array ||
            !r->text != !s->text)
            goto out;
        if (r->array &&
            (r->array->count != s->array->count ||
             r->array->itemsize != s->array->itemsize ||
             memcmp(r->array->fields, s->array->fields,
                    sizeof r->array->fields) != 0 ||
             memcmp(r->array->data, s->array->data,
                    (size_t)(r->array->count * r->array->itemsize)) != 0))
            goto out;
        if (r->text && (r->text_len != s->text_len ||
                        memcmp(r->text, s->text, r->text_len) != 0))
            goto out;
    }
    ok = 1;
out:
    mb_datapackage_free(x);
    mb_datapackage_free(y);
    return ok;
}

/*
 * Whether group g of package path has a distributions array with some
 * lognormal entry whose parameters are finite (US LCI's exchanges carry
 * uncertainty; its lognormals with geomSd 0 are left out).
 */
static int has_distributions(const char *path, const char *g)
{
    mb_datapackage *dp = NULL;
    const mb_dp_resource *r;
    mb_dp_uncertainty u;
    int64_t k;
    int found = 0;

    if (mb_datapackage_open(&dp, path, MB_DP_LOAD_DISTRIBUTIONS) < 0)
        return 0;
    r = mb_datapackage_find(dp, g, "distributions");
    for (k = 0; r && r->array && k < r->array->count && !found; k++) {
        mb_dp_uncertainty_get(r->array, k, &u);
        found = u.type == MB_DP_LOGNORMAL && isfinite(u.loc) &&
                isfinite(u.scale) && u.scale >= 0;
    }
    mb_datapackage_free(dp);
    return found;
}

/* (c), on the US LCI (8 methods, flows in both directions) and the beef
 * data (default providers) with a method none of whose flows it has (a
 * method without factors: a row of methods.csv, no group) */
TEST(import_datapackage_then_export_gives_the_same_package)
{
    const char *dir = test_tmpdir();
    const char *db = uslci_project();
    char args[1024], a[600], b[600], again[600], beef[600], why[200];

    if (!db)
        SKIP("examples/uslci is not there");
    snprintf(a, sizeof a, "%s/first.zip", dir);
    snprintf(b, sizeof b, "%s/second.zip", dir);
    snprintf(again, sizeof again, "%s/again.db", dir);
    snprintf(args, sizeof args, "export datapackage %s", a);
    CHECK(runp(db, args) == 0);
    CHECK(has_distributions(a, "technosphere") &&
          has_distributions(a, "biosphere"));
    snprintf(args, sizeof args, "import datapackage %s", a);
    CHECK(runp(again, args) == 0);
    CHECK_STR_CONTAINS(out_text, "766 processes");
    CHECK_STR_CONTAINS(out_text, "8 impact categories");
    CHECK_STR_CONTAINS(out_text, "0 inputs cut off");
    snprintf(args, sizeof args, "export datapackage %s", b);
    CHECK(runp(again, args) == 0);
    CHECK_MSG(same_resources(a, b, why, sizeof why), "%s", why);
    /* the re-imported project computes what the first one did */
    CHECK(runp(again, "lca --process " COAL " --method AR6-100 "
                      "--format csv") == 0);
    CHECK_NEAR(impact(out_text, "IPCC/AR6-100"), 0.3061305650063964, 1e-12);

    snprintf(beef, sizeof beef, "%s/beef.db", dir);
    CHECK(runp(beef, "import olca-jsonld " BEEF) == 0);
    CHECK(runp(beef, "import datapackage " BW "/multi_lca_simple_4.zip") == 0);
    snprintf(a, sizeof a, "%s/beef1", dir);
    snprintf(b, sizeof b, "%s/beef2", dir);
    snprintf(again, sizeof again, "%s/beef-again.db", dir);
    snprintf(args, sizeof args, "export datapackage %s", a);
    CHECK(runp(beef, args) == 0);
    CHECK_STR_CONTAINS(out_text, "1 impact categories");
    snprintf(args, sizeof args, "%s/methods.csv", a);
    CHECK(access(args, R_OK) == 0);
    snprintf(args, sizeof args, "import datapackage %s --name beef", a);
    CHECK(runp(again, args) == 0);
    CHECK_STR_CONTAINS(out_text, "1 impact categories (0 factors)");
    snprintf(args, sizeof args, "export datapackage %s", b);
    CHECK(runp(again, args) == 0);
    CHECK_MSG(same_resources(a, b, why, sizeof why), "%s", why);
}

/* --database: its processes only; the others' links are cut off. */
TEST(export_datapackage_of_one_database)
{
    const char *dir = test_tmpdir();
    char db[600], args[1024];
    mb_datapackage *dp = NULL;
    mb_system *sys = NULL;

    snprintf(db, sizeof db, "%s/two.db", dir);
    CHECK(runp(db, "import olca-jsonld " BEEF " --name beef") == 0);
    CHECK(runp(db, "import datapackage " BW "/basic_fixture --name bw") == 0);
    snprintf(args, sizeof args, "export datapackage %s/bw.zip --database bw",
             dir);
    CHECK(runp(db, args) == 0);
    CHECK_STR_CONTAINS(out_text, "exported database 'bw' to ");
    CHECK_STR_CONTAINS(out_text, "2 activities, 1 elementary flows");
    snprintf(args, sizeof args, "%s/bw.zip", dir);
    CHECK_OK(read_package(args, &dp, &sys));
    CHECK(sys->nactivities == 2 && sys->nmethods == 1);
    mb_system_free(sys);
    mb_datapackage_free(dp);
    snprintf(args, sizeof args, "export datapackage %s/all.zip", dir);
    CHECK(runp(db, args) == 0);
    CHECK_STR_CONTAINS(out_text, "10 activities");
}

/* (d) through the command line: gamma of multi_lca_simple, 11 and 30 */
TEST(import_datapackage_of_bw2calc_fixtures_gives_their_scores)
{
    const char *dir = test_tmpdir();
    char db[600], args[1024];
    int k;

    snprintf(db, sizeof db, "%s/bw.db", dir);
    for (k = 1; k <= 5; k++) {
        snprintf(args, sizeof args,
                 "import datapackage " BW "/multi_lca_simple_%d.zip", k);
        CHECK(runp(db, args) == 0);
    }
    CHECK_STR_CONTAINS(out_text, "1 impact categories (3 factors)");
    CHECK(runp(db, "lca --process dp-activity:3 --format csv") == 0);
    CHECK(impact(out_text, "first/category") == 11);
    CHECK(impact(out_text, "second/category") == 30);
    CHECK(runp(db, "lca --process dp-activity:6 --amount 3 --format csv") == 0);
    CHECK(impact(out_text, "second/category") == 120);
}

/* (e) */
TEST(export_datapackage_errors_are_one_line_and_leave_nothing)
{
    const char *dir = test_tmpdir();
    char db[600], args[1024], out[600];

    snprintf(db, sizeof db, "%s/p.db", dir);
    CHECK(runp(db, "import olca-jsonld " BEEF " --name beef") == 0);
    CHECK(test_dir_entries(dir) == 1);
    snprintf(args, sizeof args,
             "export datapackage %s/x.zip --database "
             "nope",
             dir);
    CHECK_ERROR_LINE(runp(db, args), "no database 'nope' in ");
    CHECK_STR_CONTAINS(err_text, "(it has: 'beef')");
    CHECK(runp(db, "export datapackage /nonexistent-dir/x.zip") == 1);
    CHECK(one_line(err_text));
    CHECK_STR_CONTAINS(err_text, "/nonexistent-dir/x.zip: cannot write "
                                 "there");
    snprintf(args, sizeof args, "export datapackage %s", dir);
    CHECK_ERROR_LINE(runp(db, args), "already exists");
    snprintf(out, sizeof out, "%s/none.db", dir);
    snprintf(args, sizeof args, "-p %s export datapackage %s/y.zip", out, dir);
    CHECK_ERROR_LINE(run(args), "no project there");
    CHECK(test_dir_entries(dir) ==
          1); /* p.db only: nothing written, nothing left */
    CHECK(run("export") == 2);
    CHECK(run("export nosuch x") == 2);
    CHECK_STR_CONTAINS(err_text, "'nosuch' is not a format");
}

TEST(import_datapackage_errors_are_one_line)
{
    const char *dir = test_tmpdir();
    char db[600], args[1024];

    snprintf(db, sizeof db, "%s/p.db", dir);
    snprintf(args, sizeof args, "import datapackage %s", dir);
    CHECK_ERROR_LINE(runp(db, args), "datapackage.json");
    CHECK(access(db, F_OK) != 0); /* a failed first import leaves no file */
    CHECK(runp(db, "import datapackage " BW "/basic_fixture") == 0);
    CHECK_ERROR_LINE(runp(db, "import datapackage " BW "/basic_fixture "
                              "--name again"),
                     "dp-activity:101");
}
