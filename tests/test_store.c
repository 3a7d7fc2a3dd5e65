/*
 * test_store.c - the SQLite project store: creation, schema version and
 * migration guard, WAL, transactions (all or nothing), refusing files that
 * are not metabol projects.
 */
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
