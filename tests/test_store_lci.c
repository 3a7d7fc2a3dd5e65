/*
 * test_store_lci.c - inventory data in the project store: what the writer
 * stores the loader gives back (the compiled system is the same as from the
 * files), the reference checks at the end of an import, duplicate
 * processes, and the cache of compiled models and its generations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "test.h"

#define BEEF "tests/fixtures/jsonld/beef-cattle-finishing.zip"

static mb_store *new_store(void)
{
    char path[400];
    mb_store *s = NULL;

    snprintf(path, sizeof path, "%s/p.db", test_tmpdir());
    return mb_store_open(&s, path, MB_STORE_CREATE) == 0 ? s : NULL;
}

/* Import a JSON-LD data set as database `name` in one transaction. */
static int import(mb_store *s, const char *path, const char *name)
{
    mb_store_writer *w = NULL;
    int64_t id;
    int rc;

    if ((rc = mb_store_begin(s)) < 0)
        return rc;
    if ((rc = mb_store_add_database(s, name, "olca-jsonld", path, &id)) ==
            0 &&
        (rc = mb_store_writer_new(&w, s, id)) == 0 &&
        (rc = mb_jsonld_read(path, mb_store_writer_sink(w), NULL)) == 0 &&
        (rc = mb_store_writer_finish(w)) == 0)
        rc = mb_store_commit(s);
    mb_store_writer_free(w);
    if (rc < 0)
        mb_store_rollback(s);
    return rc;
}

static int compile_from(mb_system **sys, const char *path, mb_store *s)
{
    mb_lcidb *db = NULL;
    int rc = mb_lcidb_new(&db);

    if (rc == 0)
        rc = s ? mb_store_load(s, mb_lcidb_sink(db))
               : mb_jsonld_read(path, mb_lcidb_sink(db), NULL);
    if (rc == 0)
        rc = mb_lcidb_compile(sys, NULL, db, NULL);
    mb_lcidb_free(db);
    return rc;
}

static int same_csc(const mb_csc *a, const mb_csc *b)
{
    int64_t k;

    if (a->m != b->m || a->n != b->n || a->p[a->n] != b->p[b->n])
        return 0;
    for (k = 0; k <= a->n; k++)
        if (a->p[k] != b->p[k])
            return 0;
    for (k = 0; k < a->p[a->n]; k++)
        if (a->i[k] != b->i[k] || a->x[k] != b->x[k])
            return 0;
    return 1;
}

TEST(store_gives_back_what_it_was_given)
{
    mb_store *s = new_store();
    mb_system *from_files = NULL, *from_store = NULL;
    int64_t j;

    CHECK(s != NULL);
    CHECK_OK(import(s, BEEF, "beef"));
    CHECK_OK(compile_from(&from_files, BEEF, NULL));
    CHECK_OK(compile_from(&from_store, NULL, s));
    CHECK(same_csc(from_files->A, from_store->A));
    CHECK(same_csc(from_files->B, from_store->B));
    for (j = 0; j < from_files->nactivities; j++)
        CHECK(!strcmp(from_files->labels->activity_names[j],
                      from_store->labels->activity_names[j]));
    for (j = 0; j < from_files->nflows; j++)
        CHECK(!strcmp(from_files->labels->flow_categories[j],
                      from_store->labels->flow_categories[j]));
    mb_system_free(from_files);
    mb_system_free(from_store);
    mb_store_close(s);
}

static int count_items(void *ctx, const mb_store_item *it)
{
    (void)it;
    (*(int *)ctx)++;
    return 0;
}

TEST(store_import_checks_references_and_keeps_nothing_on_error)
{
    static const mb_lci_exchange ex[2] = {
        {-1, "f-missing", NULL, NULL, NULL, NULL, NULL, 1.0,
         MB_EXCHANGE_REFERENCE, {MB_DIST_NONE, {0, 0, 0}}},
        {-1, "f-missing", "u-nope", NULL, NULL, NULL, NULL, 2.0,
         MB_EXCHANGE_INPUT, {MB_DIST_NONE, {0, 0, 0}}}};
    mb_lci_process p = {"p-1", "mill", NULL, NULL, MB_ALLOC_NONE, 2, ex,
                        0, NULL, 0, NULL};
    mb_lci_flow f = {"f-missing", "steel", MB_FLOW_PRODUCT, NULL, NULL,
                     NULL, NULL, 0, NULL};
    mb_store *s = new_store();
    mb_store_writer *w = NULL;
    int64_t id;
    int n = 0;

    CHECK(s != NULL);
    CHECK_OK(mb_store_begin(s));
    CHECK_OK(mb_store_add_database(s, "x", "test", "memory", &id));
    CHECK_OK(mb_store_writer_new(&w, s, id));
    CHECK_OK(mb_store_writer_sink(w)->process(w, &p));
    CHECK(mb_store_writer_finish(w) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "process p-1 ('mill'): exchange 1: the flow "
                       "f-missing is not in the data");
    CHECK_OK(mb_store_writer_sink(w)->flow(w, &f));
    CHECK(mb_store_writer_finish(w) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "process p-1 ('mill'): exchange 2: unknown unit "
                       "u-nope");
    mb_store_writer_free(w);
    CHECK_OK(mb_store_rollback(s));
    CHECK_OK(mb_store_list(s, MB_STORE_PROCESSES, NULL, count_items, &n));
    CHECK(n == 0);
    CHECK_OK(mb_store_list(s, MB_STORE_FLOWS, NULL, count_items, &n));
    CHECK(n == 0);
    /* the same process id in a second database is refused by name */
    CHECK_OK(import(s, BEEF, "beef"));
    CHECK(import(s, BEEF, "beef again") == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "is already in the project");
    CHECK_OK(mb_store_list(s, MB_STORE_PROCESSES, NULL, count_items, &n));
    CHECK(n == 8);
    mb_store_close(s);
}

TEST(store_cache_holds_for_one_generation)
{
    mb_store *s = new_store();
    int64_t g0, g1;
    void *data = NULL;
    size_t len = 0;

    CHECK(s != NULL);
    CHECK_OK(mb_store_generation(s, &g0));
    CHECK(mb_store_cache_get(s, "k", &data, &len) == MB_ENOTFOUND);
    CHECK_OK(mb_store_cache_put(s, "k", "hello", 5));
    CHECK_OK(mb_store_cache_get(s, "k", &data, &len));
    CHECK(len == 5 && memcmp(data, "hello", 5) == 0);
    mb_store_free(data);
    CHECK_OK(import(s, BEEF, "beef")); /* a change of the data */
    CHECK_OK(mb_store_generation(s, &g1));
    CHECK(g1 == g0 + 1);
    CHECK(mb_store_cache_get(s, "k", &data, &len) == MB_ENOTFOUND);
    mb_store_close(s);
}

TEST(compiled_model_round_trips_through_a_blob)
{
    mb_system *a = NULL, *b = NULL;
    mb_compile_report r, r2;
    mb_lcidb *db = NULL;
    void *blob = NULL;
    size_t len = 0, m;

    CHECK_OK(mb_lcidb_new(&db));
    CHECK_OK(mb_jsonld_read(BEEF, mb_lcidb_sink(db), NULL));
    CHECK_OK(mb_lcidb_compile(&a, &r, db, NULL));
    mb_lcidb_free(db);
    CHECK_OK(mb_compiled_save(a, &r, &blob, &len));
    CHECK_OK(mb_compiled_load(&b, &r2, blob, len));
    CHECK(same_csc(a->A, b->A) && same_csc(a->B, b->B));
    CHECK(a->nmethods == b->nmethods);
    for (m = 0; m < a->nmethods; m++)
        CHECK(!strcmp(a->methods[m].name, b->methods[m].name));
    CHECK(r2.unlinked_flows == r.unlinked_flows &&
          !strcmp(r2.unlinked_names[0], r.unlinked_names[0]));
    CHECK(!strcmp(b->labels->product_units[0], a->labels->product_units[0]));
    mb_system_free(b);
    mb_compile_report_free(&r2);
    /* a damaged blob is refused, not trusted */
    CHECK(mb_compiled_load(&b, &r2, blob, len - 1) == MB_EFORMAT);
    ((unsigned char *)blob)[0] ^= 1;
    CHECK(mb_compiled_load(&b, &r2, blob, len) == MB_EFORMAT);
    mb_compiled_free(blob);
    mb_compile_report_free(&r);
    mb_system_free(a);
}
