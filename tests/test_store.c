/*
 * test_store.c - the SQLite project store: creation, schema version and
 * migration guard, WAL, transactions (all or nothing), refusing files that
 * are not metabol projects, distributions with four parameters and the
 * upgrade from schema version 2.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>
#include <metabol/metabol.h>

#include "test.h"

static int count_databases(void *ctx, int64_t id, const char *name,
                           const char *format, const char *source)
{
    (void)id, (void)name, (void)format, (void)source;
    (*(int *)ctx)++;
    return 0;
}

static int run_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    int rc = sqlite3_open(path, &db);

    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

TEST(store_created_at_the_current_schema_in_wal_mode)
{
    char path[400], mode[16] = "";
    mb_store *s;
    sqlite3 *db;
    sqlite3_stmt *st;

    snprintf(path, sizeof path, "%s/p.db", test_tmpdir());
    CHECK(mb_store_open(&s, path, 0) == MB_EIO); /* not there, no CREATE */
    CHECK_STR_CONTAINS(mb_error_last()->message, "cannot open the project");
    CHECK_OK(mb_store_open(&s, path, MB_STORE_CREATE));
    CHECK(mb_store_schema_version(s) == MB_STORE_SCHEMA_VERSION);
    mb_store_close(s);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) ==
          SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(mode, sizeof mode, "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(strcmp(mode, "wal") == 0);
    CHECK_OK(mb_store_open(&s, path, MB_STORE_READONLY));
    CHECK(mb_store_schema_version(s) == MB_STORE_SCHEMA_VERSION);
    mb_store_close(s);
}

TEST(store_transactions_are_all_or_nothing)
{
    char path[400];
    mb_store *s;
    int64_t id;
    int n = 0;

    snprintf(path, sizeof path, "%s/p.db", test_tmpdir());
    CHECK_OK(mb_store_open(&s, path, MB_STORE_CREATE));
    CHECK_OK(mb_store_begin(s));
    CHECK_OK(mb_store_add_database(s, "USLCI", "olca-jsonld", "a.zip", &id));
    CHECK(mb_store_begin(s) == MB_EINVAL);
    CHECK_OK(mb_store_rollback(s));
    CHECK_OK(mb_store_each_database(s, count_databases, &n));
    CHECK(n == 0);
    CHECK_OK(mb_store_begin(s));
    CHECK_OK(mb_store_add_database(s, "USLCI", "olca-jsonld", "a.zip", &id));
    CHECK_OK(mb_store_commit(s));
    CHECK(mb_store_add_database(s, "USLCI", "x", "y", NULL) == MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "a database named 'USLCI' is already in the project");
    /* closing with an open transaction discards it */
    CHECK_OK(mb_store_begin(s));
    CHECK_OK(mb_store_add_database(s, "lost", "x", "y", NULL));
    mb_store_close(s);
    CHECK_OK(mb_store_open(&s, path, 0));
    n = 0;
    CHECK_OK(mb_store_each_database(s, count_databases, &n));
    CHECK(n == 1);
    mb_store_close(s);
}

TEST(store_refuses_files_that_are_not_projects)
{
    const char *dir = test_tmpdir();
    char path[400];
    mb_store *s = NULL;
    FILE *f;

    snprintf(path, sizeof path, "%s/text.db", dir);
    f = fopen(path, "w");
    CHECK(f);
    fputs("this is not a database, just some text that is long enough", f);
    fclose(f);
    CHECK(mb_store_open(&s, path, 0) == MB_EFORMAT);
    CHECK(s == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "not a metabol project");

    snprintf(path, sizeof path, "%s/foreign.db", dir);
    CHECK(run_sql(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);") ==
          SQLITE_OK);
    CHECK(mb_store_open(&s, path, 0) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "an SQLite file, but not a metabol project");

    snprintf(path, sizeof path, "%s/newer.db", dir);
    CHECK(run_sql(path, "PRAGMA user_version = 99;") == SQLITE_OK);
    CHECK(mb_store_open(&s, path, 0) == MB_EUNSUPPORTED);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "schema version 99 is newer than this metabol");
}

/* The uncertainty of the first exchange of the first process loaded. */
static int keep_first(void *ctx, const mb_lci_process *p)
{
    mb_lci_uncertainty *u = ctx;

    if (u[0].type == MB_DIST_NONE && p->nexchanges > 1)
        u[0] = p->exchanges[1].uncertainty;
    return 0;
}

static int store_one(const char *path, const mb_lci_uncertainty *u)
{
    mb_lci_exchange ex[2] = {
        {-1, "f-1", NULL, NULL, NULL, NULL, NULL, 1.0, MB_EXCHANGE_REFERENCE,
         {MB_DIST_NONE, {0, 0, 0, 0}}},
        {-1, "f-1", NULL, NULL, NULL, NULL, NULL, 2.0, MB_EXCHANGE_INPUT,
         *u}};
    mb_lci_process p = {"p-1", "mill", NULL, NULL, MB_ALLOC_NONE, 2, ex,
                        0, NULL, 0, NULL};
    mb_lci_flow f = {"f-1", "steel", MB_FLOW_PRODUCT, NULL, NULL, NULL,
                     NULL, 0, NULL};
    mb_store *s = NULL;
    mb_store_writer *w = NULL;
    int64_t id;
    int rc;

    if ((rc = mb_store_open(&s, path, MB_STORE_CREATE)) == 0 &&
        (rc = mb_store_begin(s)) == 0 &&
        (rc = mb_store_add_database(s, "x", "test", "memory", &id)) == 0 &&
        (rc = mb_store_writer_new(&w, s, id)) == 0 &&
        (rc = mb_store_writer_sink(w)->flow(w, &f)) == 0 &&
        (rc = mb_store_writer_sink(w)->process(w, &p)) == 0 &&
        (rc = mb_store_writer_finish(w)) == 0)
        rc = mb_store_commit(s);
    mb_store_writer_free(w);
    mb_store_close(s);
    return rc;
}

static int load_first(const char *path, unsigned flags,
                      mb_lci_uncertainty *u)
{
    mb_lci_sink sink = {0};
    mb_store *s = NULL;
    int rc;

    memset(u, 0, sizeof *u);
    sink.ctx = u;
    sink.process = keep_first;
    if ((rc = mb_store_open(&s, path, flags)) == 0)
        rc = mb_store_load(s, &sink);
    mb_store_close(s);
    return rc;
}

/*
 * The store keeps all four parameters (a mirrored Weibull) and a NaN of
 * the data (SQLite holds it as NULL). A project of schema version 2 (no
 * p4 columns) is refused read-only with the reason, and upgraded when
 * opened writable: its distributions read as before, the fourth
 * parameter 0.
 */
TEST(store_keeps_four_parameters_and_upgrades_version_2)
{
    char path[1024];
    mb_lci_uncertainty w = {MB_DIST_WEIBULL, {1, 2, 1.5, 1}},
                       n = {MB_DIST_NORMAL, {3, NAN, 0, 0}}, got;
    mb_store *s = NULL;

    snprintf(path, sizeof path, "%s/a.db", test_tmpdir());
    CHECK_OK(store_one(path, &w));
    CHECK_OK(load_first(path, 0, &got));
    CHECK(got.type == MB_DIST_WEIBULL && got.p[0] == 1 && got.p[1] == 2 &&
          got.p[2] == 1.5 && got.p[3] == 1);
    snprintf(path, sizeof path, "%s/b.db", test_tmpdir());
    CHECK_OK(store_one(path, &n));
    CHECK_OK(load_first(path, 0, &got));
    CHECK(got.type == MB_DIST_NORMAL && got.p[0] == 3 && isnan(got.p[1]) &&
          got.p[3] == 0);
    /* back to version 2, as an older metabol left it */
    CHECK(run_sql(path, "ALTER TABLE exchanges DROP COLUMN p4;"
                        "ALTER TABLE parameters DROP COLUMN p4;"
                        "ALTER TABLE impact_factors DROP COLUMN p4;"
                        "PRAGMA user_version = 2;") == SQLITE_OK);
    CHECK(mb_store_open(&s, path, MB_STORE_READONLY) == MB_EUNSUPPORTED);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "project schema version 2 needs an upgrade; open it "
                       "writable once");
    CHECK_OK(mb_store_open(&s, path, 0));
    CHECK(mb_store_schema_version(s) == MB_STORE_SCHEMA_VERSION &&
          MB_STORE_SCHEMA_VERSION == 3);
    mb_store_close(s);
    CHECK_OK(load_first(path, MB_STORE_READONLY, &got));
    CHECK(got.type == MB_DIST_NORMAL && got.p[0] == 3 && isnan(got.p[1]) &&
          got.p[3] == 0);
}
