/*
 * store.c - the SQLite project store: opening, WAL, schema versions and
 * migrations, transactions. See include/metabol/store.h.
 *
 * Migrations are a list of SQL scripts; migration k takes the schema from
 * version k to k + 1 and runs in one transaction with the version bump, so
 * an interrupted upgrade leaves the store at the version before it.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "metabol/store.h"

struct mb_store {
    sqlite3 *db;
    char *path;
    int version;
    int in_transaction;
};

/* migrations[k]: schema version k -> k + 1. */
static const char *const migrations[MB_STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: the project and its databases */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES ('application', 'metabol');"
    "CREATE TABLE databases ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL DEFAULT (datetime('now')));",
};

static int sql_error(const mb_store *s, int code, const char *what)
{
    return mb_error_set(code, "%s: %s: %s", s->path, what,
                        sqlite3_errmsg(s->db));
}

static int exec(mb_store *s, const char *sql, const char *what)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        rc = mb_error_set(rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT
                              ? MB_EFORMAT
                              : MB_EIO,
                          "%s: %s: %s", s->path, what,
                          msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

static int read_version(mb_store *s)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);

    if (rc != SQLITE_OK)
        return mb_error_set(rc == SQLITE_NOTADB ? MB_EFORMAT : MB_EIO,
                            "%s: not a metabol project (%s)", s->path,
                            sqlite3_errstr(rc));
    rc = sqlite3_step(st);
    s->version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (s->version < 0)
        return mb_error_set(MB_EFORMAT, "%s: not a metabol project",
                            s->path);
    return 0;
}

/* A store at version 0 must be empty: a foreign SQLite file is refused. */
static int check_empty(mb_store *s)
{
    sqlite3_stmt *st;
    int rc, tables;

    rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1,
                            &st, NULL);
    if (rc != SQLITE_OK)
        return sql_error(s, MB_EFORMAT, "not a metabol project");
    tables = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_finalize(st);
    if (tables > 0)
        return mb_error_set(MB_EFORMAT,
                            "%s: an SQLite file, but not a metabol project "
                            "(it has tables and no metabol schema version)",
                            s->path);
    return 0;
}

static int migrate(mb_store *s)
{
    char bump[64];
    int rc;

    if (s->version == 0 && (rc = check_empty(s)) < 0)
        return rc;
    while (s->version < MB_STORE_SCHEMA_VERSION) {
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d",
                 s->version + 1);
        if ((rc = exec(s, "BEGIN IMMEDIATE", "cannot upgrade")) < 0)
            return rc;
        if ((rc = exec(s, migrations[s->version], "cannot upgrade")) < 0 ||
            (rc = exec(s, bump, "cannot upgrade")) < 0 ||
            (rc = exec(s, "COMMIT", "cannot upgrade")) < 0) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        s->version++;
    }
    return 0;
}

int mb_store_open(mb_store **out, const char *path, unsigned flags)
{
    mb_store *s;
    int oflags, rc;

    *out = NULL;
    s = mb_calloc(1, sizeof *s);
    if (!s)
        return MB_ENOMEM;
    if (!(s->path = mb_strdup(path))) {
        mb_free(s);
        return MB_ENOMEM;
    }
    oflags = (flags & MB_STORE_READONLY)
                 ? SQLITE_OPEN_READONLY
                 : SQLITE_OPEN_READWRITE |
                       ((flags & MB_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = mb_error_set(MB_EIO, "%s: cannot open the project: %s", path,
                          s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        mb_store_close(s);
        return rc;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if ((rc = read_version(s)) < 0)
        goto fail;
    if (s->version > MB_STORE_SCHEMA_VERSION) {
        rc = mb_error_set(MB_EUNSUPPORTED,
                          "%s: project schema version %d is newer than this "
                          "metabol (%s) supports (%d); upgrade metabol",
                          path, s->version, MB_VERSION,
                          MB_STORE_SCHEMA_VERSION);
        goto fail;
    }
    if (!(flags & MB_STORE_READONLY)) {
        if ((rc = exec(s, "PRAGMA journal_mode = WAL", "cannot use WAL")) <
                0 ||
            (rc = exec(s, "PRAGMA foreign_keys = ON", "cannot configure")) <
                0 ||
            (rc = migrate(s)) < 0)
            goto fail;
    } else if (s->version < MB_STORE_SCHEMA_VERSION) {
        rc = mb_error_set(MB_EUNSUPPORTED,
                          "%s: project schema version %d needs an upgrade; "
                          "open it writable once",
                          path, s->version);
        goto fail;
    }
    *out = s;
    return 0;
fail:
    mb_store_close(s);
    return rc;
}

void mb_store_close(mb_store *s)
{
    if (!s)
        return;
    if (s->in_transaction)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close_v2(s->db);
    mb_free(s->path);
    mb_free(s);
}

int mb_store_schema_version(const mb_store *s)
{
    return s->version;
}

int mb_store_begin(mb_store *s)
{
    int rc;

    if (s->in_transaction)
        return mb_error_set(MB_EINVAL, "%s: a transaction is already open",
                            s->path);
    if ((rc = exec(s, "BEGIN IMMEDIATE", "cannot start a transaction")) < 0)
        return rc;
    s->in_transaction = 1;
    return 0;
}

int mb_store_commit(mb_store *s)
{
    int rc;

    if (!s->in_transaction)
        return mb_error_set(MB_EINVAL, "%s: no transaction to commit",
                            s->path);
    if ((rc = exec(s, "COMMIT", "cannot commit")) < 0)
        return rc;
    s->in_transaction = 0;
    return 0;
}

int mb_store_rollback(mb_store *s)
{
    if (!s->in_transaction)
        return mb_error_set(MB_EINVAL, "%s: no transaction to roll back",
                            s->path);
    s->in_transaction = 0;
    return exec(s, "ROLLBACK", "cannot roll back");
}

int mb_store_add_database(mb_store *s, const char *name, const char *format,
                          const char *source, int64_t *id)
{
    sqlite3_stmt *st;
    int rc;

    rc = sqlite3_prepare_v2(s->db,
                            "INSERT INTO databases (name, format, source) "
                            "VALUES (?1, ?2, ?3)",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sql_error(s, MB_EIO, "cannot add a database");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT)
        return mb_error_set(MB_EINVAL,
                            "%s: a database named '%s' is already in the "
                            "project",
                            s->path, name);
    if (rc != SQLITE_DONE)
        return sql_error(s, MB_EIO, "cannot add a database");
    if (id)
        *id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int mb_store_each_database(mb_store *s, mb_store_database_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc;

    rc = sqlite3_prepare_v2(s->db,
                            "SELECT id, name, format, source FROM databases "
                            "ORDER BY name",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sql_error(s, MB_EIO, "cannot list databases");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(ctx, sqlite3_column_int64(st, 0),
               (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2),
               (const char *)sqlite3_column_text(st, 3)) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_error(s, MB_EIO, "cannot list databases");
    return 0;
}
